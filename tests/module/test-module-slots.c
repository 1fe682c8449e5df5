/*
 * test-module-slots.c - C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo,
 * C_GetMechanismList, C_GetMechanismInfo.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/module/p11_test.h"

START_TEST(test_slot_list_size_query_and_buffer_too_small)
{
	CK_SLOT_ID slots[4];
	CK_ULONG n = 0, small = 0;

	ck_assert_rv(F->C_GetSlotList(CK_FALSE, NULL, NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetSlotList(CK_FALSE, NULL, &n), CKR_OK);
	ck_assert_uint_ge(n, 1);
	ck_assert_rv(F->C_GetSlotList(CK_FALSE, slots, &small),
		     CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(small, n);
	n = 4;
	ck_assert_rv(F->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
	ck_assert_uint_ge(n, 1);
}
END_TEST

START_TEST(test_slot_ids_are_provider_ids_without_core)
{
	CK_SLOT_ID slots[8];
	CK_ULONG n = 8, i;

	ck_assert_rv(F->C_GetSlotList(CK_FALSE, slots, &n), CKR_OK);
	for (i = 0; i < n; i++)
		ck_assert_uint_ne(slots[i], 0);
	if (!p11t_external()) {
		ck_assert_uint_eq(n, 1);
		ck_assert_uint_eq(slots[0], 1);
	}
}
END_TEST

START_TEST(test_slot_info_is_padded_removable_present)
{
	CK_SLOT_INFO info;

	ck_assert_rv(F->C_GetSlotInfo(p11t_slot(), NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetSlotInfo(999, &info), CKR_SLOT_ID_INVALID);
	memset(&info, 0, sizeof(info));
	ck_assert_rv(F->C_GetSlotInfo(p11t_slot(), &info), CKR_OK);
	p11t_check_padded(info.slotDescription, sizeof(info.slotDescription));
	p11t_check_padded(info.manufacturerID, sizeof(info.manufacturerID));
	ck_assert_uint_eq(info.flags &
				  (CKF_TOKEN_PRESENT | CKF_REMOVABLE_DEVICE),
			  CKF_TOKEN_PRESENT | CKF_REMOVABLE_DEVICE);
	ck_assert_uint_eq(info.flags & CKF_HW_SLOT, 0);
}
END_TEST

/* The provider's own data, straight from the service. */
static parsec_provider_info_t *provider(CK_SLOT_ID id, size_t *n, size_t *index)
{
	parsec_client_t *c = p11t_client();
	parsec_provider_info_t *list = NULL;

	ck_assert_int_eq(parsec_list_providers(c, &list, n), PARSEC_SUCCESS);
	parsec_client_free(c);
	for (*index = 0; *index < *n; (*index)++)
		if (list[*index].id == id)
			return list;
	ck_abort_msg("no provider %lu", (unsigned long)id);
	return NULL;
}

START_TEST(test_token_info_comes_from_the_provider)
{
	CK_TOKEN_INFO info;
	parsec_provider_info_t *list;
	char serial[17];
	size_t n, i, k = 0, j;

	memset(&info, 0, sizeof(info));
	ck_assert_rv(F->C_GetTokenInfo(p11t_slot(), NULL), CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetTokenInfo(999, &info), CKR_SLOT_ID_INVALID);
	ck_assert_rv(F->C_GetTokenInfo(p11t_slot(), &info), CKR_OK);
	list = provider(p11t_slot(), &n, &i);
	for (j = 0; list[i].uuid[j] != '\0' && k < 16; j++)
		if (list[i].uuid[j] != '-')
			serial[k++] = list[i].uuid[j];
	ck_assert_mem_eq(info.serialNumber, serial, 16);
	if (list[i].vendor[0] != '\0')
		ck_assert_mem_eq(info.manufacturerID, list[i].vendor,
				 strlen(list[i].vendor));
	ck_assert_uint_eq(info.hardwareVersion.major, list[i].version_maj);
	ck_assert_uint_eq(info.hardwareVersion.minor, list[i].version_min);
	parsec_provider_info_free(list, n);
	p11t_check_padded(info.label, sizeof(info.label));
	p11t_check_padded(info.manufacturerID, sizeof(info.manufacturerID));
	p11t_check_padded(info.model, sizeof(info.model));
	p11t_check_padded(info.serialNumber, sizeof(info.serialNumber));
	p11t_check_padded(info.utcTime, sizeof(info.utcTime));
	if (!p11t_external()) {
		ck_assert_mem_eq(info.label, "Parsec Mbed Crypto       ", 25);
		ck_assert_mem_eq(info.serialNumber, "1c1139dcad7c47dc", 16);
	}
	ck_assert_uint_eq(info.flags & CKF_TOKEN_INITIALIZED,
			  CKF_TOKEN_INITIALIZED);
	/* No PIN yet: no login required. */
	ck_assert_uint_eq(
		info.flags & (CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED),
		0);
	ck_assert_uint_eq(info.ulSessionCount, 0);
	ck_assert_uint_eq(info.ulMaxSessionCount, CK_EFFECTIVELY_INFINITE);
	ck_assert_uint_le(info.ulMinPinLen, info.ulMaxPinLen);
}
END_TEST

START_TEST(test_token_info_counts_sessions)
{
	CK_TOKEN_INFO info;
	CK_SLOT_ID slot = p11t_slot();

	p11t_open(slot, 0);
	p11t_open(slot, 1);
	p11t_open(slot, 1);
	ck_assert_rv(F->C_GetTokenInfo(slot, &info), CKR_OK);
	ck_assert_uint_eq(info.ulSessionCount, 3);
	ck_assert_uint_eq(info.ulRwSessionCount, 2);
}
END_TEST

START_TEST(test_two_slots_with_the_tpm_provider)
{
	CK_SLOT_ID slots[4];
	CK_ULONG n = 4;
	CK_TOKEN_INFO info;

	if (p11t_skip_external("the double's --tpm provider"))
		return;
	ck_assert_rv(F->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(slots[0], 1);
	ck_assert_uint_eq(slots[1], 3);
	ck_assert_rv(F->C_GetTokenInfo(3, &info), CKR_OK);
	ck_assert_mem_eq(info.serialNumber, "1e4954a4ff2146d3", 16);
	ck_assert_mem_eq(info.label, "Parsec TPM ", 11);
	ck_assert_mem_eq(info.model, "TPM             ", 16);
}
END_TEST

START_TEST(test_providers_filter_hides_slots)
{
	CK_SLOT_ID slots[4];
	CK_ULONG n = 4;

	if (p11t_skip_external("the double's --tpm provider"))
		return;
	ck_assert_rv(F->C_Finalize(NULL), CKR_OK);
	setenv("PARSEC_PKCS11_PROVIDERS", "3", 1);
	ck_assert_rv(F->C_Initialize(NULL), CKR_OK);
	unsetenv("PARSEC_PKCS11_PROVIDERS");
	ck_assert_rv(F->C_GetSlotList(CK_TRUE, slots, &n), CKR_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(slots[0], 3);
	ck_assert_rv(F->C_GetSlotInfo(1, &(CK_SLOT_INFO){0}),
		     CKR_SLOT_ID_INVALID);
}
END_TEST

START_TEST(test_mechanism_list_and_info)
{
	CK_MECHANISM_TYPE mechs[64];
	CK_MECHANISM_INFO info;
	CK_ULONG n = 0, i;
	int rsa = 0, ec = 0;

	ck_assert_rv(F->C_GetMechanismList(p11t_slot(), NULL, NULL),
		     CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetMechanismList(999, NULL, &n), CKR_SLOT_ID_INVALID);
	ck_assert_rv(F->C_GetMechanismList(p11t_slot(), NULL, &n), CKR_OK);
	ck_assert_uint_ge(n, 2);
	ck_assert_uint_le(n, 64);
	i = 1;
	ck_assert_rv(F->C_GetMechanismList(p11t_slot(), mechs, &i),
		     CKR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(i, n);
	ck_assert_rv(F->C_GetMechanismList(p11t_slot(), mechs, &n), CKR_OK);
	for (i = 0; i < n; i++) {
		rsa |= mechs[i] == CKM_RSA_PKCS_KEY_PAIR_GEN;
		ec |= mechs[i] == CKM_EC_KEY_PAIR_GEN;
	}
	ck_assert(rsa && ec);
	ck_assert_rv(
		F->C_GetMechanismInfo(p11t_slot(), CKM_EC_KEY_PAIR_GEN, NULL),
		CKR_ARGUMENTS_BAD);
	ck_assert_rv(F->C_GetMechanismInfo(p11t_slot(),
					   CKM_RSA_PKCS_KEY_PAIR_GEN, &info),
		     CKR_OK);
	ck_assert_uint_eq(info.flags & CKF_GENERATE_KEY_PAIR,
			  CKF_GENERATE_KEY_PAIR);
	ck_assert_uint_le(info.ulMinKeySize, 2048);
	ck_assert_uint_ge(info.ulMaxKeySize, 4096);
	ck_assert_rv(
		F->C_GetMechanismInfo(p11t_slot(), CKM_EC_KEY_PAIR_GEN, &info),
		CKR_OK);
	ck_assert_uint_eq(info.flags & (CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS),
			  CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS);
	ck_assert_uint_eq(info.ulMinKeySize, 256);
	ck_assert_uint_eq(info.ulMaxKeySize, 521);
	ck_assert_rv(
		F->C_GetMechanismInfo(p11t_slot(), CKM_VENDOR_DEFINED, &info),
		CKR_MECHANISM_INVALID);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("module-slots");
	TCase *tc = tcase_create("slots");

	tcase_add_checked_fixture(tc, p11t_setup, p11t_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_slot_list_size_query_and_buffer_too_small);
	tcase_add_test(tc, test_slot_ids_are_provider_ids_without_core);
	tcase_add_test(tc, test_slot_info_is_padded_removable_present);
	tcase_add_test(tc, test_token_info_comes_from_the_provider);
	tcase_add_test(tc, test_token_info_counts_sessions);
	tcase_add_test(tc, test_mechanism_list_and_info);
	suite_add_tcase(s, tc);
	tc = tcase_create("tpm");
	tcase_add_checked_fixture(tc, p11t_setup_tpm, p11t_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_two_slots_with_the_tpm_provider);
	tcase_add_test(tc, test_providers_filter_hides_slots);
	suite_add_tcase(s, tc);
	return s;
}
