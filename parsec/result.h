/*
 * result.h - copying unpacked responses into the caller-owned results of
 * parsec.h, so that no protobuf memory escapes this folder.
 */
#ifndef PARSEC_RESULT_H
#define PARSEC_RESULT_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "parsec/parsec.h"

/* Copies src (NULL: empty) into out; out->data is never NULL on success,
 * even for 0 bytes. */
parsec_status_t result_buffer_set(parsec_buffer_t *out,
				  const ProtobufCBinaryData *src);

/* Resets *out to {NULL, 0}; false when out is NULL. */
int result_buffer_reset(parsec_buffer_t *out);

/* A copy of s, "" for NULL; NULL only when out of memory. */
char *result_strdup(const char *s);

/* Copies one protobuf list item into one result element. */
typedef parsec_status_t (*result_copy_fn)(void *dst,
					  const ProtobufCMessage *src);
/* Frees n result elements (some perhaps still zeroed) and the list. */
typedef void (*result_free_fn)(void *list, size_t n);

/* How to build one kind of result list. */
typedef struct result_list_spec {
	size_t elem_size;
	result_copy_fn copy;
	result_free_fn free_list;
} result_list_spec_t;

/* Builds a list of n elements from items; *out is NULL when n is 0. On
 * failure nothing is left allocated. */
parsec_status_t result_list(ProtobufCMessage *const *items, size_t n,
			    const result_list_spec_t *spec, void **out);

#endif
