/*
 * slot.c - C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo and the
 * mechanism lists, all answered from memory once the providers are
 * known (zero Parsec requests), except a presence Ping when a token is
 * absent and the one probe of a provider's capabilities at the first
 * C_GetMechanismList/Info of its slot (session/caps.h).
 */
#include "session/slot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/token_info.h"
#include "session/core.h"
#include "session/mech.h"

void slot_pad(CK_UTF8CHAR *dst, size_t size, const char *src)
{
	token_info_pad(dst, size, src);
}

static int by_id(const void *a, const void *b)
{
	CK_SLOT_ID x = *(const CK_SLOT_ID *)a, y = *(const CK_SLOT_ID *)b;

	return x < y ? -1 : x > y;
}

CK_RV slot_get_list(CK_BBOOL token_present, CK_SLOT_ID_PTR list,
		    CK_ULONG_PTR count)
{
	core_t *c = core_get();
	CK_SLOT_ID ids[256];
	CK_ULONG n = 0;
	size_t i;
	CK_RV rv = CKR_OK;

	if (c == NULL)
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	/* A size query is the moment PKCS#11 lets the slot list change
	 * (v2.40 §5.5): find the providers if that failed before. */
	if (list == NULL)
		discovery_run(c, 0);
	lock_take(c->lock);
	for (i = 0; i < c->n_tokens && n < 256; i++) {
		token_t *t = c->tokens[i];

		if (list == NULL && token_present)
			discovery_check_presence(c, t);
		if (!token_present || t->present)
			ids[n++] = t->id;
	}
	lock_give(c->lock);
	qsort(ids, n, sizeof(ids[0]), by_id);
	if (list != NULL && *count < n)
		rv = CKR_BUFFER_TOO_SMALL;
	else if (list != NULL)
		memcpy(list, ids, n * sizeof(ids[0]));
	*count = n;
	return rv;
}

/* The provider's version stands for hardware and firmware alike. */
static void set_versions(const token_t *t, CK_VERSION *hw, CK_VERSION *fw)
{
	hw->major = (CK_BYTE)t->version_maj;
	hw->minor = (CK_BYTE)t->version_min;
	*fw = *hw;
}

CK_RV slot_get_info(CK_SLOT_ID id, CK_SLOT_INFO_PTR info)
{
	core_t *c;
	token_t *t;
	CK_RV rv = core_enter_slot(id, &c, &t);

	if (rv != CKR_OK)
		return rv;
	token_info_fill_slot(info, t->description, t->vendor);
	/* The token goes away when the service does. */
	info->flags =
		CKF_REMOVABLE_DEVICE | (t->present ? CKF_TOKEN_PRESENT : 0);
	set_versions(t, &info->hardwareVersion, &info->firmwareVersion);
	lock_give(c->lock);
	return CKR_OK;
}

static CK_FLAGS pin_flags(uint32_t failures, CK_FLAGS low, CK_FLAGS final,
			  CK_FLAGS locked)
{
	if (failures >= CORE_PIN_MAX_FAILURES)
		return locked;
	if (failures == CORE_PIN_MAX_FAILURES - 1)
		return low | final;
	return failures > 0 ? low : 0;
}

static CK_FLAGS token_flags(const token_t *t)
{
	CK_FLAGS f = CKF_TOKEN_INITIALIZED;

	/* Without a PIN Parsec's own authentication of the application is
	 * the only one: no login is required. */
	if (core_login_required(t))
		f |= CKF_LOGIN_REQUIRED;
	if (t->rec.user_pin_hash != NULL)
		f |= CKF_USER_PIN_INITIALIZED;
	f |= pin_flags(t->rec.user_pin_failures, CKF_USER_PIN_COUNT_LOW,
		       CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED);
	f |= pin_flags(t->rec.so_pin_failures, CKF_SO_PIN_COUNT_LOW,
		       CKF_SO_PIN_FINAL_TRY, CKF_SO_PIN_LOCKED);
	/* Random numbers where the provider has PsaGenerateRandom. */
	if (caps_rng_ok(t))
		f |= CKF_RNG;
	return f;
}

CK_RV slot_get_token_info(CK_SLOT_ID id, CK_TOKEN_INFO_PTR info)
{
	core_t *c;
	token_t *t;
	CK_RV rv = core_enter_slot(id, &c, &t);

	if (rv != CKR_OK)
		return rv;
	if (!t->present) {
		lock_give(c->lock);
		return CKR_TOKEN_NOT_PRESENT;
	}
	core_refresh(c);
	token_info_fill(info, (uint32_t)t->id, t->uuid, t->vendor,
			t->rec.label);
	info->flags = token_flags(t);
	info->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
	info->ulSessionCount = core_session_count(c, id, 0);
	info->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
	info->ulRwSessionCount = core_session_count(c, id, 1);
	info->ulMaxPinLen = CORE_PIN_MAX_LEN;
	info->ulMinPinLen = CORE_PIN_MIN_LEN;
	info->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
	info->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
	info->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
	info->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
	set_versions(t, &info->hardwareVersion, &info->firmwareVersion);
	/* No CKF_CLOCK_ON_TOKEN: utcTime is not meaningful; blank. */
	memset(info->utcTime, ' ', sizeof(info->utcTime));
	lock_give(c->lock);
	return CKR_OK;
}

/* The slot's token, once its provider's capabilities are known (the
 * first call for a slot probes them: session/caps.h). */
static CK_RV enter_probed_slot(CK_SLOT_ID id, core_t **c, token_t **t)
{
	CK_RV rv;

	if (core_get() != NULL)
		caps_probe(core_get(), id);
	rv = core_enter_slot(id, c, t);
	if (rv == CKR_OK && !(*t)->present) {
		lock_give((*c)->lock);
		rv = CKR_TOKEN_NOT_PRESENT;
	}
	return rv;
}

CK_RV slot_get_mechanism_list(CK_SLOT_ID id, CK_MECHANISM_TYPE_PTR list,
			      CK_ULONG_PTR count)
{
	core_t *c;
	token_t *t;
	size_t n;
	CK_RV rv = enter_probed_slot(id, &c, &t);

	if (rv != CKR_OK)
		return rv;
	n = mech_list(t, list, list != NULL ? *count : 0);
	lock_give(c->lock);
	if (list != NULL && *count < n)
		rv = CKR_BUFFER_TOO_SMALL;
	*count = n;
	return rv;
}

CK_RV slot_get_mechanism_info(CK_SLOT_ID id, CK_MECHANISM_TYPE type,
			      CK_MECHANISM_INFO_PTR info)
{
	core_t *c;
	token_t *t;
	CK_RV rv = enter_probed_slot(id, &c, &t);

	if (rv != CKR_OK)
		return rv;
	rv = mech_info(t, type, info);
	lock_give(c->lock);
	return rv;
}
