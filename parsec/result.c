/* result.c - result buffers and lists, and their release. */
#include "result.h"

#include <stdlib.h>
#include <string.h>

#include "secmem.h"

parsec_status_t result_buffer_set(parsec_buffer_t *out,
				  const ProtobufCBinaryData *src)
{
	size_t len = src ? src->len : 0;

	out->data = malloc(len ? len : 1);
	if (!out->data) {
		out->len = 0;
		return PARSEC_E_NOMEM;
	}
	if (len)
		memcpy(out->data, src->data, len);
	out->len = len;
	return PARSEC_SUCCESS;
}

int result_buffer_reset(parsec_buffer_t *out)
{
	if (!out)
		return 0;
	out->data = NULL;
	out->len = 0;
	return 1;
}

char *result_strdup(const char *s)
{
	return strdup(s ? s : "");
}

parsec_status_t result_list(ProtobufCMessage *const *items, size_t n,
			    const result_list_spec_t *spec, void **out)
{
	parsec_status_t rc = PARSEC_SUCCESS;
	char *list;
	size_t i;

	*out = NULL;
	if (n == 0)
		return PARSEC_SUCCESS;
	list = calloc(n, spec->elem_size);
	if (!list)
		return PARSEC_E_NOMEM;
	for (i = 0; i < n && rc == PARSEC_SUCCESS; i++)
		rc = items[i] ? spec->copy(list + i * spec->elem_size, items[i])
			      : PARSEC_E_DECODE;
	if (rc != PARSEC_SUCCESS) {
		spec->free_list(list, n);
		return rc;
	}
	*out = list;
	return PARSEC_SUCCESS;
}

void parsec_buffer_free(parsec_buffer_t *buf)
{
	if (!buf)
		return;
	secmem_free(buf->data, buf->len);
	buf->data = NULL;
	buf->len = 0;
}

void parsec_provider_info_free(parsec_provider_info_t *list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++) {
		free(list[i].description);
		free(list[i].vendor);
	}
	free(list);
}

void parsec_authenticator_info_free(parsec_authenticator_info_t *list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		free(list[i].description);
	free(list);
}

void parsec_key_info_free(parsec_key_info_t *list, size_t n)
{
	size_t i;

	for (i = 0; list && i < n; i++)
		free(list[i].name);
	free(list);
}
