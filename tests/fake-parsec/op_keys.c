/* op_keys.c - key management: generate, import, export, destroy.
 *
 * Order of checks as in the service's providers (mbed_crypto and tpm
 * key_management.rs): deprecated policy (generate only; import merely
 * warns), existing name, then the provider's type/size/policy rules, then
 * the key material. */
#include <stdlib.h>

#include "crypto_key.h"
#include "ops.h"
#include "parsec/proto/psa_destroy_key.pb-c.h"
#include "parsec/proto/psa_export_key.pb-c.h"
#include "parsec/proto/psa_export_public_key.pb-c.h"
#include "parsec/proto/psa_generate_key.pb-c.h"
#include "parsec/proto/psa_import_key.pb-c.h"

fake_status_t check_generate_key(const ProtobufCMessage *op)
{
	const PsaGenerateKey__Operation *o =
		(const PsaGenerateKey__Operation *)op;
	fake_attrs_t a;

	return attrs_from_proto(o->attributes, &a);
}

fake_status_t check_import_key(const ProtobufCMessage *op)
{
	const PsaImportKey__Operation *o = (const PsaImportKey__Operation *)op;
	fake_attrs_t a;

	return attrs_from_proto(o->attributes, &a);
}

/* The attributes as ListKeys will show them: as given, with the size the
 * key really has. */
static fake_status_t attrs_record(PsaKeyAttributes__KeyAttributes *pb,
				  uint32_t bits, fake_buf_t *out)
{
	uint32_t given = pb->key_bits;
	fake_status_t st;

	pb->key_bits = bits;
	st = ops_pack(&pb->base, out);
	pb->key_bits = given;
	return st;
}

static fake_status_t store_key(fake_call_t *call, const char *name,
			       PsaKeyAttributes__KeyAttributes *pb,
			       fake_key_t *key)
{
	fake_key_id_t id = ops_key_id(call, name);
	fake_status_t st;

	st = attrs_record(pb, key->attrs.bits, &key->attrs_pb);
	if (st == FAKE_OK)
		st = keystore_insert(call->srv->keys, &id, key);
	return st;
}

fake_status_t op_generate_key(fake_call_t *call, const ProtobufCMessage *op,
			      fake_buf_t *out)
{
	const PsaGenerateKey__Operation *o =
		(const PsaGenerateKey__Operation *)op;
	fake_key_id_t id = ops_key_id(call, o->key_name);
	fake_key_t key = {0};
	PsaGenerateKey__Result r = PSA_GENERATE_KEY__RESULT__INIT;
	fake_status_t st;

	st = attrs_from_proto(o->attributes, &key.attrs);
	if (st != FAKE_OK)
		goto out;
	if (attrs_deprecated(&key.attrs)) {
		st = FAKE_ST(DEPRECATED_PRIMITIVE);
		goto out;
	}
	st = keystore_check_absent(call->srv->keys, &id);
	if (st != FAKE_OK)
		goto out;
	st = provider_check_generate(call->provider, &key.attrs);
	if (st != FAKE_OK)
		goto out;
	st = crypto_key_generate(&key.attrs, &key.data);
	if (st != FAKE_OK)
		goto out;
	st = store_key(call, o->key_name, o->attributes, &key);
	if (st == FAKE_OK)
		st = ops_pack(&r.base, out);
out:
	keystore_key_clear(&key);
	return st;
}

fake_status_t op_import_key(fake_call_t *call, const ProtobufCMessage *op,
			    fake_buf_t *out)
{
	const PsaImportKey__Operation *o = (const PsaImportKey__Operation *)op;
	fake_key_id_t id = ops_key_id(call, o->key_name);
	fake_key_t key = {0};
	fake_attrs_t sized;
	PsaImportKey__Result r = PSA_IMPORT_KEY__RESULT__INIT;
	fake_status_t st;

	st = attrs_from_proto(o->attributes, &key.attrs);
	if (st != FAKE_OK)
		goto out;
	if (attrs_deprecated(&key.attrs))
		fake_warn("importing key with a deprecated primitive");
	st = provider_check_import_policy(call->provider, &key.attrs);
	if (st != FAKE_OK)
		goto out;
	st = keystore_check_absent(call->srv->keys, &id);
	if (st != FAKE_OK)
		goto out;
	sized = key.attrs;
	st = crypto_key_bits(&key.attrs, o->data.data, o->data.len,
			     &sized.bits);
	if (st == FAKE_OK && key.attrs.bits != 0 &&
	    key.attrs.bits != sized.bits)
		st = FAKE_ST(PSA_ERROR_INVALID_ARGUMENT);
	if (st == FAKE_OK)
		st = provider_check_size(call->provider, &sized, 1);
	if (st == FAKE_OK)
		st = crypto_key_import(&key.attrs, o->data.data, o->data.len,
				       &key.data);
	if (st == FAKE_OK)
		st = store_key(call, o->key_name, o->attributes, &key);
	if (st == FAKE_OK)
		st = ops_pack(&r.base, out);
out:
	keystore_key_clear(&key);
	return st;
}

fake_status_t op_export_public_key(fake_call_t *call,
				   const ProtobufCMessage *op, fake_buf_t *out)
{
	const PsaExportPublicKey__Operation *o =
		(const PsaExportPublicKey__Operation *)op;
	fake_key_id_t id = ops_key_id(call, o->key_name);
	PsaExportPublicKey__Result r = PSA_EXPORT_PUBLIC_KEY__RESULT__INIT;
	fake_key_t key = {0};
	fake_buf_t pub = {0};
	fake_status_t st;

	st = keystore_get(call->srv->keys, &id, &key);
	if (st != FAKE_OK)
		return st;
	if (!attrs_is_rsa(&key.attrs) && !attrs_is_ecc(&key.attrs))
		st = FAKE_ST(PSA_ERROR_INVALID_ARGUMENT);
	else
		st = crypto_key_export_public(&key.attrs, &key.data, &pub);
	if (st == FAKE_OK) {
		r.data.data = pub.data;
		r.data.len = pub.len;
		st = ops_pack(&r.base, out);
	}
	fake_buf_free(&pub);
	keystore_key_clear(&key);
	return st;
}

fake_status_t op_export_key(fake_call_t *call, const ProtobufCMessage *op,
			    fake_buf_t *out)
{
	const PsaExportKey__Operation *o = (const PsaExportKey__Operation *)op;
	fake_key_id_t id = ops_key_id(call, o->key_name);
	PsaExportKey__Result r = PSA_EXPORT_KEY__RESULT__INIT;
	fake_key_t key = {0};
	fake_status_t st;

	st = keystore_get(call->srv->keys, &id, &key);
	if (st != FAKE_OK)
		return st;
	/* PSA: public keys export without the export usage flag. */
	if (!attrs_is_public_key(&key.attrs) &&
	    !(key.attrs.usage & FAKE_USE_EXPORT)) {
		st = FAKE_ST(PSA_ERROR_NOT_PERMITTED);
	} else {
		r.data.data = key.data.data;
		r.data.len = key.data.len;
		st = ops_pack(&r.base, out);
	}
	keystore_key_clear(&key);
	return st;
}

fake_status_t op_destroy_key(fake_call_t *call, const ProtobufCMessage *op,
			     fake_buf_t *out)
{
	const PsaDestroyKey__Operation *o =
		(const PsaDestroyKey__Operation *)op;
	fake_key_id_t id = ops_key_id(call, o->key_name);
	PsaDestroyKey__Result r = PSA_DESTROY_KEY__RESULT__INIT;
	fake_status_t st;

	st = keystore_remove(call->srv->keys, &id);
	return st == FAKE_OK ? ops_pack(&r.base, out) : st;
}
