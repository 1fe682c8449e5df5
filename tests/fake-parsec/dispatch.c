/* dispatch.c - the opcode table and the request pipeline. */
#include "dispatch.h"

#include <stdlib.h>

#include "auth.h"
#include "ops.h"
#include "parsec/proto/can_do_crypto.pb-c.h"
#include "parsec/proto/list_authenticators.pb-c.h"
#include "parsec/proto/list_keys.pb-c.h"
#include "parsec/proto/list_opcodes.pb-c.h"
#include "parsec/proto/list_providers.pb-c.h"
#include "parsec/proto/ping.pb-c.h"
#include "parsec/proto/psa_aead_decrypt.pb-c.h"
#include "parsec/proto/psa_aead_encrypt.pb-c.h"
#include "parsec/proto/psa_asymmetric_decrypt.pb-c.h"
#include "parsec/proto/psa_asymmetric_encrypt.pb-c.h"
#include "parsec/proto/psa_destroy_key.pb-c.h"
#include "parsec/proto/psa_export_key.pb-c.h"
#include "parsec/proto/psa_export_public_key.pb-c.h"
#include "parsec/proto/psa_generate_key.pb-c.h"
#include "parsec/proto/psa_generate_random.pb-c.h"
#include "parsec/proto/psa_hash_compute.pb-c.h"
#include "parsec/proto/psa_import_key.pb-c.h"
#include "parsec/proto/psa_raw_key_agreement.pb-c.h"
#include "parsec/proto/psa_sign_hash.pb-c.h"
#include "parsec/proto/psa_verify_hash.pb-c.h"
#include "tests/fake-parsec/proto/psa_hash_compare.pb-c.h"

typedef struct fake_op {
	uint32_t opcode;
	const char *name;
	int core;      /* Opcode::is_core() */
	int admin;     /* Opcode::is_admin() */
	int needs_app; /* the backend asks for an application */
	/* NULL: an operation no provider of the double implements; its body
	 * is only checked to be non-empty protobuf. */
	const ProtobufCMessageDescriptor *desc;
	fake_op_check_t check;
	fake_op_run_t run;
} fake_op_t;

#define D(x) &x##__operation__descriptor

/* Every opcode of parsec-interface's Opcode enum (0x1D is unassigned). */
static const fake_op_t ops[] = {
	{0x01, "Ping", 1, 0, 0, D(ping), NULL, op_ping},
	{0x02, "PsaGenerateKey", 0, 0, 1, D(psa_generate_key),
	 check_generate_key, op_generate_key},
	{0x03, "PsaDestroyKey", 0, 0, 1, D(psa_destroy_key), NULL,
	 op_destroy_key},
	{0x04, "PsaSignHash", 0, 0, 1, D(psa_sign_hash), check_sign_hash,
	 op_sign_hash},
	{0x05, "PsaVerifyHash", 0, 0, 1, D(psa_verify_hash), check_verify_hash,
	 op_verify_hash},
	{0x06, "PsaImportKey", 0, 0, 1, D(psa_import_key), check_import_key,
	 op_import_key},
	{0x07, "PsaExportPublicKey", 0, 0, 1, D(psa_export_public_key), NULL,
	 op_export_public_key},
	{0x08, "ListProviders", 1, 0, 0, D(list_providers), NULL,
	 op_list_providers},
	{0x09, "ListOpcodes", 1, 0, 0, D(list_opcodes), NULL, op_list_opcodes},
	{0x0a, "PsaAsymmetricEncrypt", 0, 0, 1, D(psa_asymmetric_encrypt),
	 check_asymmetric_encrypt, op_asymmetric_encrypt},
	{0x0b, "PsaAsymmetricDecrypt", 0, 0, 1, D(psa_asymmetric_decrypt),
	 check_asymmetric_decrypt, op_asymmetric_decrypt},
	{0x0c, "PsaExportKey", 0, 0, 1, D(psa_export_key), NULL, op_export_key},
	{0x0d, "PsaGenerateRandom", 0, 0, 0, D(psa_generate_random), NULL,
	 op_generate_random},
	{0x0e, "ListAuthenticators", 1, 0, 0, D(list_authenticators), NULL,
	 op_list_authenticators},
	{0x0f, "PsaHashCompute", 0, 0, 0, D(psa_hash_compute),
	 check_hash_compute, op_hash_compute},
	{0x10, "PsaHashCompare", 0, 0, 0, D(psa_hash_compare),
	 check_hash_compare, op_hash_compare},
	{0x11, "PsaAeadEncrypt", 0, 0, 1, D(psa_aead_encrypt),
	 check_aead_encrypt, op_aead_encrypt},
	{0x12, "PsaAeadDecrypt", 0, 0, 1, D(psa_aead_decrypt),
	 check_aead_decrypt, op_aead_decrypt},
	{0x13, "PsaRawKeyAgreement", 0, 0, 1, D(psa_raw_key_agreement),
	 check_raw_key_agreement, op_raw_key_agreement},
	{0x14, "PsaCipherEncrypt", 0, 0, 1, NULL, NULL, NULL},
	{0x15, "PsaCipherDecrypt", 0, 0, 1, NULL, NULL, NULL},
	{0x16, "PsaMacCompute", 0, 0, 1, NULL, NULL, NULL},
	{0x17, "PsaMacVerify", 0, 0, 1, NULL, NULL, NULL},
	{0x18, "PsaSignMessage", 0, 0, 1, NULL, NULL, NULL},
	{0x19, "PsaVerifyMessage", 0, 0, 1, NULL, NULL, NULL},
	{0x1a, "ListKeys", 1, 0, 1, D(list_keys), NULL, op_list_keys},
	{0x1b, "ListClients", 1, 1, 0, NULL, NULL, NULL},
	{0x1c, "DeleteClient", 1, 1, 0, NULL, NULL, NULL},
	{0x1e, "AttestKey", 0, 0, 1, NULL, NULL, NULL},
	{0x1f, "PrepareKeyAttestation", 0, 0, 1, NULL, NULL, NULL},
	{0x20, "CanDoCrypto", 0, 0, 1, D(can_do_crypto), check_can_do_crypto,
	 op_can_do_crypto},
};

static const fake_op_t *op_find(uint32_t opcode)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].opcode == opcode)
			return &ops[i];
	return NULL;
}

const char *dispatch_opcode_name(uint32_t opcode)
{
	const fake_op_t *op = op_find(opcode);

	return op ? op->name : NULL;
}

/* ---- protobuf well-formedness, as the service decodes it ----------- */

static int read_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		uint8_t b = *(*p)++;

		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

/* True when p..end is well-formed protobuf and, in the fields that desc
 * (NULL: none) declares strings, UTF-8: the service's decoder (prost)
 * refuses a string that is not, where protobuf-c takes any bytes. */
static int body_well_formed(const ProtobufCMessageDescriptor *desc,
			    const uint8_t *p, const uint8_t *end)
{
	const ProtobufCFieldDescriptor *f;
	uint64_t key, len;

	while (p < end) {
		if (read_varint(&p, end, &key) != 0 || (key >> 3) == 0)
			return 0;
		switch (key & 7) {
		case 0:
			if (read_varint(&p, end, &len) != 0)
				return 0;
			continue;
		case 1:
		case 5:
			len = (key & 7) == 1 ? 8 : 4;
			break;
		case 2:
			if (read_varint(&p, end, &len) != 0)
				return 0;
			break;
		default:
			return 0;
		}
		if ((uint64_t)(end - p) < len)
			return 0;
		f = desc && (key & 7) == 2 && key >> 3 <= UINT32_MAX
			    ? protobuf_c_message_descriptor_get_field(
				      desc, (unsigned)(key >> 3))
			    : NULL;
		if (f && f->type == PROTOBUF_C_TYPE_STRING &&
		    !fake_utf8_valid(p, (size_t)len))
			return 0;
		if (f && f->type == PROTOBUF_C_TYPE_MESSAGE &&
		    !body_well_formed(f->descriptor, p, p + len))
			return 0;
		p += len;
	}
	return 1;
}

/* ---- the pipeline ------------------------------------------------- */

static fake_status_t authenticate(fake_server_t *srv, const fake_request_t *req,
				  fake_app_t *app)
{
	const fake_auth_t *a = srv->auth;

	if (req->hdr.auth_type == PARSEC_AUTH_NONE)
		return FAKE_OK;
	if (req->hdr.auth_type != a->type)
		return FAKE_ST(AUTHENTICATOR_NOT_REGISTERED);
	app->auth_type = a->type;
	return a->authenticate(srv->auth_state, req->auth.data, req->auth.len,
			       req->fd, &app->name);
}

static fake_status_t decode_and_run(fake_call_t *call, const fake_op_t *op,
				    const fake_request_t *req, fake_buf_t *out)
{
	const uint8_t *body = req->body.data, *end = body + req->body.len;
	ProtobufCMessage *msg = NULL;
	fake_status_t st = FAKE_OK;

	if (op->desc) {
		if (!body_well_formed(op->desc, body, end))
			return FAKE_ST(DESERIALIZING_BODY_FAILED);
		msg = protobuf_c_message_unpack(op->desc, NULL, req->body.len,
						body);
		if (!msg)
			return FAKE_ST(DESERIALIZING_BODY_FAILED);
		if (op->check)
			st = op->check(msg);
	} else if (!body_well_formed(NULL, body, end)) {
		return FAKE_ST(DESERIALIZING_BODY_FAILED);
	} else if (req->body.len == 0) {
		/* Each of these operations has a required algorithm or
		 * parameters message, which the converter misses. */
		return FAKE_ST(INVALID_ENCODING);
	}
	if (st == FAKE_OK && op->needs_app && !call->app)
		st = FAKE_ST(NOT_AUTHENTICATED);
	/* A provider's default implementation answers NotSupported. */
	if (st == FAKE_OK &&
	    (!op->run || !provider_has_opcode(call->provider, op->opcode)))
		st = FAKE_ST(PSA_ERROR_NOT_SUPPORTED);
	if (st == FAKE_OK)
		st = op->run(call, msg, out);
	if (msg)
		protobuf_c_message_free_unpacked(msg, NULL);
	return st;
}

fake_status_t dispatch_request(fake_server_t *srv, const fake_request_t *req,
			       fake_buf_t *out, char **app_name)
{
	const fake_op_t *op = op_find(req->hdr.opcode);
	fake_app_t app = {0, NULL};
	fake_call_t call = {srv, NULL, NULL};
	fake_status_t st;

	*app_name = NULL;
	st = authenticate(srv, req, &app);
	if (st != FAKE_OK)
		goto out;
	if (app.name)
		call.app = &app;
	call.provider = provider_find(srv, req->hdr.provider);
	if (!call.provider) {
		st = FAKE_ST(PROVIDER_NOT_REGISTERED);
		goto out;
	}
	if ((call.provider->id == PARSEC_PROVIDER_CORE) != op->core) {
		st = FAKE_ST(PSA_ERROR_NOT_SUPPORTED);
		goto out;
	}
	/* The double knows no administrators. */
	if (op->admin) {
		st = call.app ? FAKE_ST(ADMIN_OPERATION)
			      : FAKE_ST(NOT_AUTHENTICATED);
		goto out;
	}
	st = decode_and_run(&call, op, req, out);
out:
	*app_name = app.name;
	return st;
}
