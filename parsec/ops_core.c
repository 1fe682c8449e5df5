/* ops_core.c - the core provider's operations (provider 0). */
#include "parsec/parsec.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "convert.h"
#include "parsec/proto/list_authenticators.pb-c.h"
#include "parsec/proto/list_keys.pb-c.h"
#include "parsec/proto/list_opcodes.pb-c.h"
#include "parsec/proto/list_providers.pb-c.h"
#include "parsec/proto/ping.pb-c.h"
#include "result.h"

parsec_status_t parsec_ping(parsec_client_t *c, uint8_t *maj, uint8_t *min)
{
	Ping__Operation op = PING__OPERATION__INIT;
	const call_t call = {.provider = PARSEC_PROVIDER_CORE,
			     .opcode = PARSEC_OP_PING,
			     .op = &op.base,
			     .result = &ping__result__descriptor};
	ProtobufCMessage *msg;
	const Ping__Result *res;
	parsec_status_t rc;

	if (!c || !maj || !min)
		return PARSEC_E_ARGS;
	rc = call_run(c, &call, &msg);
	if (rc != PARSEC_SUCCESS)
		return rc;
	res = (const Ping__Result *)msg;
	if (res->wire_protocol_version_maj > UINT8_MAX ||
	    res->wire_protocol_version_min > UINT8_MAX) {
		parsec_log(PARSEC_LOG_ERROR, "Ping: version out of range");
		rc = PARSEC_E_DECODE;
	} else {
		*maj = (uint8_t)res->wire_protocol_version_maj;
		*min = (uint8_t)res->wire_protocol_version_min;
	}
	call_result_free(msg);
	return rc;
}

static int uuid_char_ok(size_t i, char c)
{
	if (i == 8 || i == 13 || i == 18 || i == 23)
		return c == '-';
	return isxdigit((unsigned char)c);
}

/* "8-4-4-4-12" hex digits, kept in lowercase (RFC 4122 section 3). */
static parsec_status_t copy_uuid(char dst[37], const char *src)
{
	size_t i;

	for (i = 0; src && i < 36; i++) {
		if (!uuid_char_ok(i, src[i]))
			break;
		dst[i] = (char)tolower((unsigned char)src[i]);
	}
	if (!src || i < 36 || src[36] != 0) {
		parsec_log(PARSEC_LOG_ERROR,
			   "ListProviders: malformed provider UUID");
		return PARSEC_E_DECODE;
	}
	dst[36] = 0;
	return PARSEC_SUCCESS;
}

static parsec_status_t copy_provider(void *dst, const ProtobufCMessage *src)
{
	const ListProviders__ProviderInfo *p =
		(const ListProviders__ProviderInfo *)src;
	parsec_provider_info_t *info = dst;

	info->id = p->id;
	info->version_maj = p->version_maj;
	info->version_min = p->version_min;
	info->version_rev = p->version_rev;
	info->description = result_strdup(p->description);
	info->vendor = result_strdup(p->vendor);
	if (!info->description || !info->vendor)
		return PARSEC_E_NOMEM;
	return copy_uuid(info->uuid, p->uuid);
}

static void free_providers(void *list, size_t n)
{
	parsec_provider_info_free(list, n);
}

parsec_status_t parsec_list_providers(parsec_client_t *c,
				      parsec_provider_info_t **out,
				      size_t *count)
{
	static const result_list_spec_t spec = {sizeof(parsec_provider_info_t),
						copy_provider, free_providers};
	ListProviders__Operation op = LIST_PROVIDERS__OPERATION__INIT;
	const call_t call = {.provider = PARSEC_PROVIDER_CORE,
			     .opcode = PARSEC_OP_LIST_PROVIDERS,
			     .op = &op.base,
			     .result = &list_providers__result__descriptor};
	parsec_status_t rc;
	void *list;

	if (!c || !out || !count)
		return PARSEC_E_ARGS;
	rc = call_run_list(c, &call, &spec, &list, count);
	*out = list;
	return rc;
}

parsec_status_t parsec_list_opcodes(parsec_client_t *c, uint8_t provider,
				    uint32_t **opcodes, size_t *count)
{
	ListOpcodes__Operation op = LIST_OPCODES__OPERATION__INIT;
	/* Asked of the core provider, naming the provider in the body. */
	const call_t call = {.provider = PARSEC_PROVIDER_CORE,
			     .opcode = PARSEC_OP_LIST_OPCODES,
			     .op = &op.base,
			     .result = &list_opcodes__result__descriptor};
	const ListOpcodes__Result *res;
	ProtobufCMessage *msg;
	parsec_status_t rc;

	if (!c || !opcodes || !count)
		return PARSEC_E_ARGS;
	*opcodes = NULL;
	*count = 0;
	op.provider_id = provider;
	rc = call_run(c, &call, &msg);
	if (rc != PARSEC_SUCCESS)
		return rc;
	res = (const ListOpcodes__Result *)msg;
	if (res->n_opcodes) {
		*opcodes = malloc(res->n_opcodes * sizeof(**opcodes));
		if (*opcodes) {
			memcpy(*opcodes, res->opcodes,
			       res->n_opcodes * sizeof(**opcodes));
			*count = res->n_opcodes;
		} else {
			rc = PARSEC_E_NOMEM;
		}
	}
	call_result_free(msg);
	return rc;
}

static parsec_status_t copy_authenticator(void *dst,
					  const ProtobufCMessage *src)
{
	const ListAuthenticators__AuthenticatorInfo *a =
		(const ListAuthenticators__AuthenticatorInfo *)src;
	parsec_authenticator_info_t *info = dst;

	info->id = a->id;
	info->version_maj = a->version_maj;
	info->version_min = a->version_min;
	info->version_rev = a->version_rev;
	info->description = result_strdup(a->description);
	return info->description ? PARSEC_SUCCESS : PARSEC_E_NOMEM;
}

static void free_authenticators(void *list, size_t n)
{
	parsec_authenticator_info_free(list, n);
}

parsec_status_t parsec_list_authenticators(parsec_client_t *c,
					   parsec_authenticator_info_t **out,
					   size_t *count)
{
	static const result_list_spec_t spec = {
		sizeof(parsec_authenticator_info_t), copy_authenticator,
		free_authenticators};
	ListAuthenticators__Operation op = LIST_AUTHENTICATORS__OPERATION__INIT;
	const call_t call = {.provider = PARSEC_PROVIDER_CORE,
			     .opcode = PARSEC_OP_LIST_AUTHENTICATORS,
			     .op = &op.base,
			     .result =
				     &list_authenticators__result__descriptor};
	parsec_status_t rc;
	void *list;

	if (!c || !out || !count)
		return PARSEC_E_ARGS;
	rc = call_run_list(c, &call, &spec, &list, count);
	*out = list;
	return rc;
}

static parsec_status_t copy_key(void *dst, const ProtobufCMessage *src)
{
	const ListKeys__KeyInfo *k = (const ListKeys__KeyInfo *)src;
	parsec_key_info_t *info = dst;

	info->provider_id = k->provider_id;
	convert_attrs_decode(k->attributes, &info->attributes);
	info->name = result_strdup(k->name);
	return info->name ? PARSEC_SUCCESS : PARSEC_E_NOMEM;
}

static void free_keys(void *list, size_t n)
{
	parsec_key_info_free(list, n);
}

parsec_status_t parsec_list_keys(parsec_client_t *c, parsec_key_info_t **out,
				 size_t *count)
{
	static const result_list_spec_t spec = {sizeof(parsec_key_info_t),
						copy_key, free_keys};
	ListKeys__Operation op = LIST_KEYS__OPERATION__INIT;
	const call_t call = {.provider = PARSEC_PROVIDER_CORE,
			     .opcode = PARSEC_OP_LIST_KEYS,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &list_keys__result__descriptor};
	parsec_status_t rc;
	void *list;

	if (!c || !out || !count)
		return PARSEC_E_ARGS;
	rc = call_run_list(c, &call, &spec, &list, count);
	*out = list;
	return rc;
}
