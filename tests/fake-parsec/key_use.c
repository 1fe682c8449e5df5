/* key_use.c - fetch a key for an operation and check its policy. */
#include "ops.h"

fake_status_t ops_key_for_use(const fake_call_t *call, const char *name,
			      uint32_t usage, const fake_alg_t *alg,
			      fake_key_t *key)
{
	fake_key_id_t id = ops_key_id(call, name);
	fake_status_t st;

	st = keystore_get(call->srv->keys, &id, key);
	if (st != FAKE_OK)
		return st;
	if (!(key->attrs.usage & usage) || !attrs_permits(&key->attrs, alg) ||
	    !attrs_compatible(&key->attrs, alg)) {
		keystore_key_clear(key);
		return FAKE_ST(PSA_ERROR_NOT_PERMITTED);
	}
	return FAKE_OK;
}
