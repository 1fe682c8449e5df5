/* ops_asym.c - asymmetric cryptography: sign and verify a hash, encrypt
 * and decrypt, raw key agreement. */
#include "parsec/parsec.h"

#include "call.h"
#include "convert.h"
#include "parsec/proto/psa_asymmetric_decrypt.pb-c.h"
#include "parsec/proto/psa_asymmetric_encrypt.pb-c.h"
#include "parsec/proto/psa_raw_key_agreement.pb-c.h"
#include "parsec/proto/psa_sign_hash.pb-c.h"
#include "parsec/proto/psa_verify_hash.pb-c.h"

#define SIGNATURE PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE
#define ENCRYPTION PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION

parsec_status_t parsec_sign_hash(parsec_client_t *c, uint8_t provider,
				 const char *name,
				 const parsec_algorithm_t *alg,
				 const uint8_t *hash, size_t hash_len,
				 parsec_buffer_t *signature)
{
	PsaSignHash__Operation op = PSA_SIGN_HASH__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_SIGN_HASH,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &psa_sign_hash__result__descriptor};
	ProtobufCMessage *family;
	parsec_status_t rc;
	convert_alg_t st;

	if (!result_buffer_reset(signature) || !c || !name ||
	    !call_bytes_ok(hash, hash_len))
		return PARSEC_E_ARGS;
	rc = convert_alg_family(alg, SIGNATURE, &st, &family);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.key_name = (char *)name;
	op.alg = (PsaAlgorithm__Algorithm__AsymmetricSignature *)family;
	op.hash = call_bytes(hash, hash_len);
	return call_run_bytes(c, &call, signature);
}

parsec_status_t parsec_verify_hash(parsec_client_t *c, uint8_t provider,
				   const char *name,
				   const parsec_algorithm_t *alg,
				   const uint8_t *hash, size_t hash_len,
				   const uint8_t *sig, size_t sig_len)
{
	PsaVerifyHash__Operation op = PSA_VERIFY_HASH__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_VERIFY_HASH,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &psa_verify_hash__result__descriptor};
	ProtobufCMessage *family;
	parsec_status_t rc;
	convert_alg_t st;

	if (!c || !name || !call_bytes_ok(hash, hash_len) ||
	    !call_bytes_ok(sig, sig_len))
		return PARSEC_E_ARGS;
	rc = convert_alg_family(alg, SIGNATURE, &st, &family);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.key_name = (char *)name;
	op.alg = (PsaAlgorithm__Algorithm__AsymmetricSignature *)family;
	op.hash = call_bytes(hash, hash_len);
	op.signature = call_bytes(sig, sig_len);
	return call_run(c, &call, NULL);
}

parsec_status_t parsec_asymmetric_encrypt(parsec_client_t *c, uint8_t provider,
					  const char *name,
					  const parsec_algorithm_t *alg,
					  const uint8_t *plaintext, size_t len,
					  const uint8_t *salt, size_t salt_len,
					  parsec_buffer_t *ciphertext)
{
	PsaAsymmetricEncrypt__Operation op =
		PSA_ASYMMETRIC_ENCRYPT__OPERATION__INIT;
	const call_t call = {
		.provider = provider,
		.opcode = PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT,
		.authenticated = 1,
		.op = &op.base,
		.result = &psa_asymmetric_encrypt__result__descriptor};
	ProtobufCMessage *family;
	parsec_status_t rc;
	convert_alg_t st;

	if (!result_buffer_reset(ciphertext) || !c || !name ||
	    !call_bytes_ok(plaintext, len) || !call_bytes_ok(salt, salt_len))
		return PARSEC_E_ARGS;
	rc = convert_alg_family(alg, ENCRYPTION, &st, &family);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.key_name = (char *)name;
	op.alg = (PsaAlgorithm__Algorithm__AsymmetricEncryption *)family;
	op.plaintext = call_bytes(plaintext, len);
	op.salt = call_bytes(salt, salt_len);
	return call_run_bytes(c, &call, ciphertext);
}

parsec_status_t parsec_asymmetric_decrypt(parsec_client_t *c, uint8_t provider,
					  const char *name,
					  const parsec_algorithm_t *alg,
					  const uint8_t *ciphertext, size_t len,
					  const uint8_t *salt, size_t salt_len,
					  parsec_buffer_t *plaintext)
{
	PsaAsymmetricDecrypt__Operation op =
		PSA_ASYMMETRIC_DECRYPT__OPERATION__INIT;
	const call_t call = {
		.provider = provider,
		.opcode = PARSEC_OP_PSA_ASYMMETRIC_DECRYPT,
		.authenticated = 1,
		.op = &op.base,
		.result = &psa_asymmetric_decrypt__result__descriptor};
	ProtobufCMessage *family;
	parsec_status_t rc;
	convert_alg_t st;

	if (!result_buffer_reset(plaintext) || !c || !name ||
	    !call_bytes_ok(ciphertext, len) || !call_bytes_ok(salt, salt_len))
		return PARSEC_E_ARGS;
	rc = convert_alg_family(alg, ENCRYPTION, &st, &family);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.key_name = (char *)name;
	op.alg = (PsaAlgorithm__Algorithm__AsymmetricEncryption *)family;
	op.ciphertext = call_bytes(ciphertext, len);
	op.salt = call_bytes(salt, salt_len);
	return call_run_bytes(c, &call, plaintext);
}

parsec_status_t parsec_raw_key_agreement(parsec_client_t *c, uint8_t provider,
					 const parsec_algorithm_t *alg,
					 const char *private_key_name,
					 const uint8_t *peer_key, size_t len,
					 parsec_buffer_t *shared_secret)
{
	PsaRawKeyAgreement__Operation op =
		PSA_RAW_KEY_AGREEMENT__OPERATION__INIT;
	const call_t call = {
		.provider = provider,
		.opcode = PARSEC_OP_PSA_RAW_KEY_AGREEMENT,
		.authenticated = 1,
		.op = &op.base,
		.result = &psa_raw_key_agreement__result__descriptor};

	if (!result_buffer_reset(shared_secret) || !c || !private_key_name ||
	    !call_bytes_ok(peer_key, len) || !alg)
		return PARSEC_E_ARGS;
	/* The service reads the bare Raw enum here, not a KeyAgreement. */
	if (alg->kind == PARSEC_ALG_ECDH)
		op.alg = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH;
	else if (alg->kind == PARSEC_ALG_FFDH)
		op.alg = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__FFDH;
	else
		return PARSEC_E_ARGS;
	op.private_key_name = (char *)private_key_name;
	op.peer_key = call_bytes(peer_key, len);
	return call_run_bytes(c, &call, shared_secret);
}
