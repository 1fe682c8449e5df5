/*
 * secmem.h - memory that may hold secrets (auth bytes, key material,
 * decrypted data) is wiped before it is freed.
 */
#ifndef PARSEC_SECMEM_H
#define PARSEC_SECMEM_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

/* Wipes len bytes at p, then frees p. NULL is fine. */
void secmem_free(void *p, size_t len);

/* Wipes and frees a NUL-terminated string. NULL is fine. */
void secmem_free_string(char *s);

/* A protobuf-c allocator whose free wipes the block: unpacked responses
 * hold secrets in their bytes fields. */
extern ProtobufCAllocator secmem_allocator;

#endif
