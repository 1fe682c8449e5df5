/* op_core.c - the Core provider's operations. */
#include <stdlib.h>

#include "auth.h"
#include "ops.h"
#include "parsec/proto/list_authenticators.pb-c.h"
#include "parsec/proto/list_keys.pb-c.h"
#include "parsec/proto/list_opcodes.pb-c.h"
#include "parsec/proto/list_providers.pb-c.h"
#include "parsec/proto/ping.pb-c.h"

fake_status_t ops_pack(const ProtobufCMessage *result, fake_buf_t *out)
{
	size_t n = protobuf_c_message_get_packed_size(result);

	out->data = malloc(n ? n : 1);
	if (!out->data)
		return FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	out->len = protobuf_c_message_pack(result, out->data);
	return FAKE_OK;
}

fake_key_id_t ops_key_id(const fake_call_t *call, const char *name)
{
	fake_key_id_t id = {call->app->auth_type, call->app->name,
			    call->provider->id, name};

	return id;
}

fake_status_t op_ping(fake_call_t *call, const ProtobufCMessage *op,
		      fake_buf_t *out)
{
	Ping__Result r = PING__RESULT__INIT;

	r.wire_protocol_version_maj = WIRE_VERSION_MAJ;
	r.wire_protocol_version_min = WIRE_VERSION_MIN;
	return ops_pack(&r.base, out);
}

fake_status_t op_list_providers(fake_call_t *call, const ProtobufCMessage *op,
				fake_buf_t *out)
{
	const fake_provider_t *all[3];
	size_t n = provider_list(call->srv, all, 3);
	ListProviders__ProviderInfo infos[3], *ptrs[3];
	ListProviders__Result r = LIST_PROVIDERS__RESULT__INIT;

	for (size_t i = 0; i < n; i++) {
		list_providers__provider_info__init(&infos[i]);
		infos[i].uuid = (char *)all[i]->uuid;
		infos[i].description = (char *)all[i]->description;
		infos[i].vendor = (char *)all[i]->vendor;
		infos[i].version_maj = all[i]->version[0];
		infos[i].version_min = all[i]->version[1];
		infos[i].version_rev = all[i]->version[2];
		infos[i].id = all[i]->id;
		ptrs[i] = &infos[i];
	}
	r.n_providers = n;
	r.providers = ptrs;
	return ops_pack(&r.base, out);
}

fake_status_t op_list_opcodes(fake_call_t *call, const ProtobufCMessage *op,
			      fake_buf_t *out)
{
	const ListOpcodes__Operation *o = (const ListOpcodes__Operation *)op;
	ListOpcodes__Result r = LIST_OPCODES__RESULT__INIT;
	const fake_provider_t *p;

	/* Not a ProviderId for the converter (convert_list_opcodes.rs);
	 * one that the service does not run, for the core provider
	 * (core/mod.rs). */
	if (o->provider_id > PARSEC_PROVIDER_CRYPTOAUTHLIB)
		return FAKE_ST(PROVIDER_DOES_NOT_EXIST);
	p = provider_find(call->srv, (uint8_t)o->provider_id);
	if (!p)
		return FAKE_ST(PROVIDER_NOT_REGISTERED);
	r.n_opcodes = p->n_opcodes;
	r.opcodes = (uint32_t *)p->opcodes;
	return ops_pack(&r.base, out);
}

fake_status_t op_list_authenticators(fake_call_t *call,
				     const ProtobufCMessage *op,
				     fake_buf_t *out)
{
	ListAuthenticators__AuthenticatorInfo info =
		LIST_AUTHENTICATORS__AUTHENTICATOR_INFO__INIT;
	ListAuthenticators__AuthenticatorInfo *ptr = &info;
	ListAuthenticators__Result r = LIST_AUTHENTICATORS__RESULT__INIT;

	info.description = (char *)call->srv->auth->description;
	info.version_maj = 0;
	info.version_min = 1;
	info.version_rev = 0;
	info.id = call->srv->auth->type;
	r.n_authenticators = 1;
	r.authenticators = &ptr;
	return ops_pack(&r.base, out);
}

static void key_infos_free(ListKeys__KeyInfo *pb, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pb[i].attributes)
			psa_key_attributes__key_attributes__free_unpacked(
				pb[i].attributes, NULL);
	free(pb);
}

fake_status_t op_list_keys(fake_call_t *call, const ProtobufCMessage *op,
			   fake_buf_t *out)
{
	ListKeys__Result r = LIST_KEYS__RESULT__INIT;
	fake_key_info_t *infos = NULL;
	ListKeys__KeyInfo *pb = NULL, **ptrs = NULL;
	size_t n = 0;
	fake_status_t st;

	st = keystore_list(call->srv->keys, call->app->auth_type,
			   call->app->name, &infos, &n);
	if (st != FAKE_OK)
		return st;
	st = FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	pb = calloc(n + 1, sizeof(*pb));
	ptrs = calloc(n + 1, sizeof(*ptrs));
	if (!pb || !ptrs)
		goto out;
	for (size_t i = 0; i < n; i++) {
		list_keys__key_info__init(&pb[i]);
		pb[i].provider_id = infos[i].provider;
		pb[i].name = infos[i].name;
		pb[i].attributes = psa_key_attributes__key_attributes__unpack(
			NULL, infos[i].attrs_pb.len, infos[i].attrs_pb.data);
		if (!pb[i].attributes) {
			st = FAKE_ST(PSA_ERROR_GENERIC_ERROR);
			goto out;
		}
		ptrs[i] = &pb[i];
	}
	r.n_keys = n;
	r.keys = ptrs;
	st = ops_pack(&r.base, out);
out:
	if (pb)
		key_infos_free(pb, n);
	free(ptrs);
	keystore_list_free(infos, n);
	return st;
}
