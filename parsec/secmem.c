/* secmem.c - wipe-before-free for buffers and for protobuf-c messages. */
#include "secmem.h"

#include <stdlib.h>
#include <string.h>

void secmem_free(void *p, size_t len)
{
	if (!p)
		return;
	explicit_bzero(p, len);
	free(p);
}

void secmem_free_string(char *s)
{
	if (s)
		secmem_free(s, strlen(s));
}

/* protobuf-c's free gets no size, so each block starts with its own. The
 * prefix keeps max_align_t alignment for what follows. */
typedef union block_prefix {
	size_t size;
	max_align_t align;
} block_prefix_t;

static void *wiping_alloc(void *data, size_t size)
{
	block_prefix_t *b;

	(void)data;
	if (size > SIZE_MAX - sizeof(*b))
		return NULL;
	b = malloc(sizeof(*b) + size);
	if (!b)
		return NULL;
	b->size = size;
	return b + 1;
}

static void wiping_free(void *data, void *p)
{
	block_prefix_t *b;

	(void)data;
	if (!p)
		return;
	b = (block_prefix_t *)p - 1;
	secmem_free(b, sizeof(*b) + b->size);
}

ProtobufCAllocator secmem_allocator = {
	.alloc = wiping_alloc,
	.free = wiping_free,
	.allocator_data = NULL,
};
