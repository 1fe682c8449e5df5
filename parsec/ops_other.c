/* ops_other.c - AEAD, hashing, random numbers and capability checks. */
#include "parsec/parsec.h"

#include "call.h"
#include "convert.h"
#include "parsec/proto/can_do_crypto.pb-c.h"
#include "parsec/proto/psa_aead_decrypt.pb-c.h"
#include "parsec/proto/psa_aead_encrypt.pb-c.h"
#include "parsec/proto/psa_generate_random.pb-c.h"
#include "parsec/proto/psa_hash_compute.pb-c.h"

#define AEAD PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD

parsec_status_t parsec_aead_encrypt(parsec_client_t *c, uint8_t provider,
				    const char *name,
				    const parsec_algorithm_t *alg,
				    const uint8_t *nonce, size_t nonce_len,
				    const uint8_t *aad, size_t aad_len,
				    const uint8_t *plaintext, size_t len,
				    parsec_buffer_t *ciphertext)
{
	PsaAeadEncrypt__Operation op = PSA_AEAD_ENCRYPT__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_AEAD_ENCRYPT,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &psa_aead_encrypt__result__descriptor};
	ProtobufCMessage *family;
	parsec_status_t rc;
	convert_alg_t st;

	if (!result_buffer_reset(ciphertext) || !c || !name ||
	    !call_bytes_ok(nonce, nonce_len) || !call_bytes_ok(aad, aad_len) ||
	    !call_bytes_ok(plaintext, len))
		return PARSEC_E_ARGS;
	rc = convert_alg_family(alg, AEAD, &st, &family);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.key_name = (char *)name;
	op.alg = (PsaAlgorithm__Algorithm__Aead *)family;
	op.nonce = call_bytes(nonce, nonce_len);
	op.additional_data = call_bytes(aad, aad_len);
	op.plaintext = call_bytes(plaintext, len);
	return call_run_bytes(c, &call, ciphertext);
}

parsec_status_t parsec_aead_decrypt(parsec_client_t *c, uint8_t provider,
				    const char *name,
				    const parsec_algorithm_t *alg,
				    const uint8_t *nonce, size_t nonce_len,
				    const uint8_t *aad, size_t aad_len,
				    const uint8_t *ciphertext, size_t len,
				    parsec_buffer_t *plaintext)
{
	PsaAeadDecrypt__Operation op = PSA_AEAD_DECRYPT__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_AEAD_DECRYPT,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &psa_aead_decrypt__result__descriptor};
	ProtobufCMessage *family;
	parsec_status_t rc;
	convert_alg_t st;

	if (!result_buffer_reset(plaintext) || !c || !name ||
	    !call_bytes_ok(nonce, nonce_len) || !call_bytes_ok(aad, aad_len) ||
	    !call_bytes_ok(ciphertext, len))
		return PARSEC_E_ARGS;
	rc = convert_alg_family(alg, AEAD, &st, &family);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.key_name = (char *)name;
	op.alg = (PsaAlgorithm__Algorithm__Aead *)family;
	op.nonce = call_bytes(nonce, nonce_len);
	op.additional_data = call_bytes(aad, aad_len);
	op.ciphertext = call_bytes(ciphertext, len);
	return call_run_bytes(c, &call, plaintext);
}

parsec_status_t parsec_hash_compute(parsec_client_t *c, uint8_t provider,
				    parsec_hash_t alg, const uint8_t *input,
				    size_t len, parsec_buffer_t *hash)
{
	PsaHashCompute__Operation op = PSA_HASH_COMPUTE__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_HASH_COMPUTE,
			     .op = &op.base,
			     .result = &psa_hash_compute__result__descriptor};

	if (!result_buffer_reset(hash) || !c || !call_bytes_ok(input, len) ||
	    parsec_hash_size(alg) == 0)
		return PARSEC_E_ARGS;
	op.alg = (PsaAlgorithm__Algorithm__Hash)alg;
	op.input = call_bytes(input, len);
	return call_run_bytes(c, &call, hash);
}

parsec_status_t parsec_generate_random(parsec_client_t *c, uint8_t provider,
				       size_t size, parsec_buffer_t *out)
{
	PsaGenerateRandom__Operation op = PSA_GENERATE_RANDOM__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_GENERATE_RANDOM,
			     .op = &op.base,
			     .result =
				     &psa_generate_random__result__descriptor};

	if (!result_buffer_reset(out) || !c)
		return PARSEC_E_ARGS;
	op.size = size;
	return call_run_bytes(c, &call, out);
}

parsec_status_t parsec_can_do_crypto(parsec_client_t *c, uint8_t provider,
				     parsec_check_type_t check,
				     const parsec_key_attributes_t *attrs)
{
	CanDoCrypto__Operation op = CAN_DO_CRYPTO__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_CAN_DO_CRYPTO,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &can_do_crypto__result__descriptor};
	convert_attrs_t st;
	parsec_status_t rc;

	if (!c || check < PARSEC_CHECK_USE || check > PARSEC_CHECK_DERIVE)
		return PARSEC_E_ARGS;
	rc = convert_attrs_encode(attrs, &st);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.check_type = (CanDoCrypto__CheckType)check;
	op.attributes = &st.attrs;
	return call_run(c, &call, NULL);
}
