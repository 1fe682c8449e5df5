/* opcode.c - names of the Parsec opcodes, as parsec-interface spells them. */
#include "parsec/parsec.h"

#include <stddef.h>

typedef struct opcode_row {
	uint32_t opcode;
	const char *name;
} opcode_row_t;

static const opcode_row_t opcode_rows[] = {
	{PARSEC_OP_PING, "Ping"},
	{PARSEC_OP_PSA_GENERATE_KEY, "PsaGenerateKey"},
	{PARSEC_OP_PSA_DESTROY_KEY, "PsaDestroyKey"},
	{PARSEC_OP_PSA_SIGN_HASH, "PsaSignHash"},
	{PARSEC_OP_PSA_VERIFY_HASH, "PsaVerifyHash"},
	{PARSEC_OP_PSA_IMPORT_KEY, "PsaImportKey"},
	{PARSEC_OP_PSA_EXPORT_PUBLIC_KEY, "PsaExportPublicKey"},
	{PARSEC_OP_LIST_PROVIDERS, "ListProviders"},
	{PARSEC_OP_LIST_OPCODES, "ListOpcodes"},
	{PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT, "PsaAsymmetricEncrypt"},
	{PARSEC_OP_PSA_ASYMMETRIC_DECRYPT, "PsaAsymmetricDecrypt"},
	{PARSEC_OP_PSA_EXPORT_KEY, "PsaExportKey"},
	{PARSEC_OP_PSA_GENERATE_RANDOM, "PsaGenerateRandom"},
	{PARSEC_OP_LIST_AUTHENTICATORS, "ListAuthenticators"},
	{PARSEC_OP_PSA_HASH_COMPUTE, "PsaHashCompute"},
	{PARSEC_OP_PSA_HASH_COMPARE, "PsaHashCompare"},
	{PARSEC_OP_PSA_AEAD_ENCRYPT, "PsaAeadEncrypt"},
	{PARSEC_OP_PSA_AEAD_DECRYPT, "PsaAeadDecrypt"},
	{PARSEC_OP_PSA_RAW_KEY_AGREEMENT, "PsaRawKeyAgreement"},
	{PARSEC_OP_PSA_CIPHER_ENCRYPT, "PsaCipherEncrypt"},
	{PARSEC_OP_PSA_CIPHER_DECRYPT, "PsaCipherDecrypt"},
	{PARSEC_OP_PSA_MAC_COMPUTE, "PsaMacCompute"},
	{PARSEC_OP_PSA_MAC_VERIFY, "PsaMacVerify"},
	{PARSEC_OP_PSA_SIGN_MESSAGE, "PsaSignMessage"},
	{PARSEC_OP_PSA_VERIFY_MESSAGE, "PsaVerifyMessage"},
	{PARSEC_OP_LIST_KEYS, "ListKeys"},
	{PARSEC_OP_LIST_CLIENTS, "ListClients"},
	{PARSEC_OP_DELETE_CLIENT, "DeleteClient"},
	{PARSEC_OP_ATTEST_KEY, "AttestKey"},
	{PARSEC_OP_PREPARE_KEY_ATTESTATION, "PrepareKeyAttestation"},
	{PARSEC_OP_CAN_DO_CRYPTO, "CanDoCrypto"},
};

const char *parsec_opcode_name(uint32_t opcode)
{
	size_t i;

	for (i = 0; i < sizeof(opcode_rows) / sizeof(opcode_rows[0]); i++) {
		if (opcode_rows[i].opcode == opcode)
			return opcode_rows[i].name;
	}
	return NULL;
}
