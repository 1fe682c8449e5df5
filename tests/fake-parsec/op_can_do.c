/* op_can_do.c - CanDoCrypto, following the service's CanDoCrypto trait
 * (src/providers/crypto_capability.rs) and the providers' internal checks
 * (mbed_crypto/capability_discovery.rs): every refusal is NotSupported. */
#include "ops.h"
#include "parsec/proto/can_do_crypto.pb-c.h"

#define NO FAKE_ST(PSA_ERROR_NOT_SUPPORTED)

fake_status_t check_can_do_crypto(const ProtobufCMessage *op)
{
	const CanDoCrypto__Operation *o = (const CanDoCrypto__Operation *)op;
	fake_attrs_t a;

	if (o->check_type < CAN_DO_CRYPTO__CHECK_TYPE__USE ||
	    o->check_type > CAN_DO_CRYPTO__CHECK_TYPE__DERIVE)
		return FAKE_ST(INVALID_ENCODING);
	return attrs_from_proto(o->attributes, &a);
}

/* Can an existing key of these attributes perform its policy algorithm? */
static fake_status_t use_check(const fake_provider_t *p, const fake_attrs_t *a)
{
	const uint32_t use = FAKE_USE_ENCRYPT | FAKE_USE_DECRYPT |
			     FAKE_USE_SIGN_HASH | FAKE_USE_SIGN_MESSAGE |
			     FAKE_USE_VERIFY_HASH | FAKE_USE_VERIFY_MESSAGE;

	if (a->alg.kind == PARSEC_ALG_NONE || !(a->usage & use) ||
	    !attrs_compatible(a, &a->alg))
		return NO;
	/* A key of a size the provider makes or takes in. */
	if (provider_check_size(p, a, 0) != FAKE_OK &&
	    provider_check_size(p, a, 1) != FAKE_OK)
		return NO;
	/* The provider's own policy refusals (TPM wildcard hashes...). */
	return provider_check_policy(p, a) == FAKE_OK ? FAKE_OK : NO;
}

static fake_status_t generate_check(const fake_provider_t *p,
				    const fake_attrs_t *a)
{
	if (provider_check_size(p, a, 0) != FAKE_OK ||
	    !provider_can_generate_type(p, a->type))
		return NO;
	return a->alg.kind != PARSEC_ALG_NONE ? use_check(p, a) : FAKE_OK;
}

static fake_status_t import_check(const fake_provider_t *p,
				  const fake_attrs_t *a)
{
	/* Importing may leave the size to the data. */
	if ((a->bits != 0 && provider_check_size(p, a, 1) != FAKE_OK) ||
	    provider_check_import_policy(p, a) != FAKE_OK)
		return NO;
	return a->alg.kind != PARSEC_ALG_NONE ? use_check(p, a) : FAKE_OK;
}

fake_status_t op_can_do_crypto(fake_call_t *call, const ProtobufCMessage *op,
			       fake_buf_t *out)
{
	const CanDoCrypto__Operation *o = (const CanDoCrypto__Operation *)op;
	CanDoCrypto__Result r = CAN_DO_CRYPTO__RESULT__INIT;
	fake_attrs_t a;
	fake_status_t st;

	st = attrs_from_proto(o->attributes, &a);
	if (st != FAKE_OK)
		return st;
	switch (o->check_type) {
	case CAN_DO_CRYPTO__CHECK_TYPE__USE:
		st = use_check(call->provider, &a);
		break;
	case CAN_DO_CRYPTO__CHECK_TYPE__GENERATE:
		st = generate_check(call->provider, &a);
		break;
	case CAN_DO_CRYPTO__CHECK_TYPE__IMPORT:
		st = import_check(call->provider, &a);
		break;
	default:
		st = NO; /* Derive: no provider supports the check */
		break;
	}
	return st == FAKE_OK ? ops_pack(&r.base, out) : st;
}
