/* ops_keys.c - key management: generate, import, export, destroy. */
#include "parsec/parsec.h"

#include "call.h"
#include "convert.h"
#include "parsec/proto/psa_destroy_key.pb-c.h"
#include "parsec/proto/psa_export_key.pb-c.h"
#include "parsec/proto/psa_export_public_key.pb-c.h"
#include "parsec/proto/psa_generate_key.pb-c.h"
#include "parsec/proto/psa_import_key.pb-c.h"

parsec_status_t parsec_generate_key(parsec_client_t *c, uint8_t provider,
				    const char *name,
				    const parsec_key_attributes_t *attrs)
{
	PsaGenerateKey__Operation op = PSA_GENERATE_KEY__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_GENERATE_KEY,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &psa_generate_key__result__descriptor};
	convert_attrs_t st;
	parsec_status_t rc;

	if (!c || !name)
		return PARSEC_E_ARGS;
	rc = convert_attrs_encode(attrs, &st);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.key_name = (char *)name;
	op.attributes = &st.attrs;
	return call_run(c, &call, NULL);
}

parsec_status_t parsec_import_key(parsec_client_t *c, uint8_t provider,
				  const char *name,
				  const parsec_key_attributes_t *attrs,
				  const uint8_t *data, size_t len)
{
	PsaImportKey__Operation op = PSA_IMPORT_KEY__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_IMPORT_KEY,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &psa_import_key__result__descriptor};
	convert_attrs_t st;
	parsec_status_t rc;

	if (!c || !name || !call_bytes_ok(data, len))
		return PARSEC_E_ARGS;
	rc = convert_attrs_encode(attrs, &st);
	if (rc != PARSEC_SUCCESS)
		return rc;
	op.key_name = (char *)name;
	op.attributes = &st.attrs;
	op.data = call_bytes(data, len);
	return call_run(c, &call, NULL);
}

parsec_status_t parsec_export_public_key(parsec_client_t *c, uint8_t provider,
					 const char *name, parsec_buffer_t *out)
{
	PsaExportPublicKey__Operation op =
		PSA_EXPORT_PUBLIC_KEY__OPERATION__INIT;
	const call_t call = {
		.provider = provider,
		.opcode = PARSEC_OP_PSA_EXPORT_PUBLIC_KEY,
		.authenticated = 1,
		.op = &op.base,
		.result = &psa_export_public_key__result__descriptor};

	if (!result_buffer_reset(out) || !c || !name)
		return PARSEC_E_ARGS;
	op.key_name = (char *)name;
	return call_run_bytes(c, &call, out);
}

parsec_status_t parsec_export_key(parsec_client_t *c, uint8_t provider,
				  const char *name, parsec_buffer_t *out)
{
	PsaExportKey__Operation op = PSA_EXPORT_KEY__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_EXPORT_KEY,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &psa_export_key__result__descriptor};

	if (!result_buffer_reset(out) || !c || !name)
		return PARSEC_E_ARGS;
	op.key_name = (char *)name;
	return call_run_bytes(c, &call, out);
}

parsec_status_t parsec_destroy_key(parsec_client_t *c, uint8_t provider,
				   const char *name)
{
	PsaDestroyKey__Operation op = PSA_DESTROY_KEY__OPERATION__INIT;
	const call_t call = {.provider = provider,
			     .opcode = PARSEC_OP_PSA_DESTROY_KEY,
			     .authenticated = 1,
			     .op = &op.base,
			     .result = &psa_destroy_key__result__descriptor};

	if (!c || !name)
		return PARSEC_E_ARGS;
	op.key_name = (char *)name;
	return call_run(c, &call, NULL);
}
