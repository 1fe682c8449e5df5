/*
 * random.c - C_SeedRandom, C_GenerateRandom through PsaGenerateRandom.
 */
#include "session/random.h"

#include <string.h>

#include "mapping/status_ckr.h"
#include "session/core.h"

/* The slot's provider, when it has an RNG. */
static CK_RV rng_provider(CK_SESSION_HANDLE h, uint8_t *provider)
{
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	*provider = t->provider;
	rv = caps_rng_ok(t) ? CKR_OK : CKR_RANDOM_NO_RNG;
	lock_give(c->lock);
	return rv;
}

CK_RV random_seed(CK_SESSION_HANDLE h, const CK_BYTE *seed, CK_ULONG len)
{
	uint8_t provider;
	CK_RV rv = rng_provider(h, &provider);

	if (rv != CKR_OK)
		return rv;
	if (seed == NULL && len != 0)
		return CKR_ARGUMENTS_BAD;
	return CKR_RANDOM_SEED_NOT_SUPPORTED;
}

/* Records a failed request (presence, a refusal) and maps it. */
static CK_RV failed(core_t *c, CK_SESSION_HANDLE h, parsec_status_t ps)
{
	session_t *s;
	token_t *t;
	CK_RV rv;

	parsec_log(PARSEC_LOG_WARNING, "random numbers: %s",
		   parsec_status_message(ps));
	lock_take(c->lock);
	s = core_session(c, h);
	t = s != NULL ? core_token(c, s->slot) : NULL;
	rv = core_parsec_result(c, ps, STATUS_CKR_CTX_RANDOM);
	if (t != NULL && rv == CKR_RANDOM_NO_RNG)
		t->caps.rng_refused = 1;
	lock_give(c->lock);
	return rv;
}

CK_RV random_generate(CK_SESSION_HANDLE h, CK_BYTE *out, CK_ULONG len)
{
	parsec_buffer_t chunk;
	parsec_status_t ps;
	uint8_t provider;
	core_t *c = core_get();
	CK_ULONG done = 0, n;
	CK_RV rv = rng_provider(h, &provider);

	if (rv != CKR_OK)
		return rv;
	if (out == NULL && len != 0)
		return CKR_ARGUMENTS_BAD;
	while (done < len) {
		n = len - done < RANDOM_CHUNK ? len - done : RANDOM_CHUNK;
		memset(&chunk, 0, sizeof(chunk));
		ps = parsec_generate_random(c->pc, provider, n, &chunk);
		if (ps != PARSEC_SUCCESS)
			return failed(c, h, ps);
		if (chunk.len != n) {
			parsec_buffer_free(&chunk);
			return CKR_DEVICE_ERROR;
		}
		memcpy(out + done, chunk.data, n);
		parsec_buffer_free(&chunk);
		done += n;
	}
	return CKR_OK;
}
