/*
 * ops.h - the operations the double serves. Each takes the decoded
 * protobuf Operation and writes the packed Result; the request pipeline
 * (dispatch.c) has already done authentication, provider and body checks.
 * A check_* function returns InvalidEncoding for values the service's
 * converter refuses; it runs before the authentication-needed check.
 */
#ifndef FAKE_PARSEC_OPS_H
#define FAKE_PARSEC_OPS_H

#include <protobuf-c/protobuf-c.h>

#include "fake.h"
#include "keystore.h"
#include "provider.h"

typedef struct fake_call {
	fake_server_t *srv;
	const fake_provider_t *provider;
	const fake_app_t *app; /* NULL: no authentication */
} fake_call_t;

typedef fake_status_t (*fake_op_check_t)(const ProtobufCMessage *op);
typedef fake_status_t (*fake_op_run_t)(fake_call_t *call,
				       const ProtobufCMessage *op,
				       fake_buf_t *out);

/* Packs a Result message into out. */
fake_status_t ops_pack(const ProtobufCMessage *result, fake_buf_t *out);
/* The key (name) of the caller on the call's provider. */
fake_key_id_t ops_key_id(const fake_call_t *call, const char *name);

/* key_use.c: the caller's key, checked as parsec-interface's validate()
 * does before a key is used: usage flag (NotPermitted), policy algorithm
 * (NotPermitted), key type vs algorithm (NotPermitted). */
fake_status_t ops_key_for_use(const fake_call_t *call, const char *name,
			      uint32_t usage, const fake_alg_t *alg,
			      fake_key_t *key);

/* op_core.c */
fake_status_t op_ping(fake_call_t *, const ProtobufCMessage *, fake_buf_t *);
fake_status_t op_list_providers(fake_call_t *, const ProtobufCMessage *,
				fake_buf_t *);
fake_status_t op_list_opcodes(fake_call_t *, const ProtobufCMessage *,
			      fake_buf_t *);
fake_status_t op_list_authenticators(fake_call_t *, const ProtobufCMessage *,
				     fake_buf_t *);
fake_status_t op_list_keys(fake_call_t *, const ProtobufCMessage *,
			   fake_buf_t *);

/* op_keys.c */
fake_status_t check_generate_key(const ProtobufCMessage *);
fake_status_t check_import_key(const ProtobufCMessage *);
fake_status_t op_generate_key(fake_call_t *, const ProtobufCMessage *,
			      fake_buf_t *);
fake_status_t op_import_key(fake_call_t *, const ProtobufCMessage *,
			    fake_buf_t *);
fake_status_t op_export_public_key(fake_call_t *, const ProtobufCMessage *,
				   fake_buf_t *);
fake_status_t op_export_key(fake_call_t *, const ProtobufCMessage *,
			    fake_buf_t *);
fake_status_t op_destroy_key(fake_call_t *, const ProtobufCMessage *,
			     fake_buf_t *);

/* op_can_do.c */
fake_status_t check_can_do_crypto(const ProtobufCMessage *);
fake_status_t op_can_do_crypto(fake_call_t *, const ProtobufCMessage *,
			       fake_buf_t *);

/* op_sign.c */
fake_status_t check_sign_hash(const ProtobufCMessage *);
fake_status_t check_verify_hash(const ProtobufCMessage *);
fake_status_t op_sign_hash(fake_call_t *, const ProtobufCMessage *,
			   fake_buf_t *);
fake_status_t op_verify_hash(fake_call_t *, const ProtobufCMessage *,
			     fake_buf_t *);

/* op_asym_crypt.c */
fake_status_t check_asymmetric_encrypt(const ProtobufCMessage *);
fake_status_t check_asymmetric_decrypt(const ProtobufCMessage *);
fake_status_t op_asymmetric_encrypt(fake_call_t *, const ProtobufCMessage *,
				    fake_buf_t *);
fake_status_t op_asymmetric_decrypt(fake_call_t *, const ProtobufCMessage *,
				    fake_buf_t *);

/* op_aead.c */
fake_status_t check_aead_encrypt(const ProtobufCMessage *);
fake_status_t check_aead_decrypt(const ProtobufCMessage *);
fake_status_t op_aead_encrypt(fake_call_t *, const ProtobufCMessage *,
			      fake_buf_t *);
fake_status_t op_aead_decrypt(fake_call_t *, const ProtobufCMessage *,
			      fake_buf_t *);

/* op_misc.c */
fake_status_t check_hash_compute(const ProtobufCMessage *);
fake_status_t check_hash_compare(const ProtobufCMessage *);
fake_status_t check_raw_key_agreement(const ProtobufCMessage *);
fake_status_t op_hash_compute(fake_call_t *, const ProtobufCMessage *,
			      fake_buf_t *);
fake_status_t op_hash_compare(fake_call_t *, const ProtobufCMessage *,
			      fake_buf_t *);
fake_status_t op_generate_random(fake_call_t *, const ProtobufCMessage *,
				 fake_buf_t *);
fake_status_t op_raw_key_agreement(fake_call_t *, const ProtobufCMessage *,
				   fake_buf_t *);

#endif
