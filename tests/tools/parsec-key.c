/*
 * parsec-key.c - makes or destroys a Parsec key directly, as parsec-tool
 * would, behind the module's back (a test helper for tests/tools/).
 *
 *   parsec-key create NAME rsa|ec [PROVIDER]   RSA 2048 with PKCS#1 v1.5
 *                                              SHA-256 signing, or P-256
 *                                              with ECDSA SHA-256
 *   parsec-key destroy NAME [PROVIDER]
 *   parsec-key destroy-all                     every key of the application
 *                                              (names may hold spaces: no
 *                                              text to parse)
 *
 * The service is PARSEC_SERVICE_ENDPOINT; the application, with the
 * direct authenticator, PARSEC_PKCS11_APP_NAME (the name the tests give
 * the module and the tool). Default provider: 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsec/parsec.h"

static int usage(void)
{
	fprintf(stderr, "usage: parsec-key create NAME rsa|ec [PROVIDER]\n"
			"       parsec-key destroy NAME [PROVIDER]\n"
			"       parsec-key destroy-all\n");
	return 2;
}

static parsec_status_t create(parsec_client_t *c, uint8_t provider,
			      const char *name, const char *type)
{
	parsec_key_attributes_t a;

	memset(&a, 0, sizeof(a));
	a.usage = PARSEC_USAGE_SIGN_HASH | PARSEC_USAGE_VERIFY_HASH |
		  PARSEC_USAGE_SIGN_MESSAGE | PARSEC_USAGE_VERIFY_MESSAGE;
	a.alg.hash = PARSEC_HASH_SHA_256;
	if (strcmp(type, "rsa") == 0) {
		a.type = PARSEC_KEY_TYPE_RSA_KEY_PAIR;
		a.bits = 2048;
		a.alg.kind = PARSEC_ALG_RSA_PKCS1V15_SIGN;
	} else {
		a.type = PARSEC_KEY_TYPE_ECC_KEY_PAIR;
		a.ecc_family = PARSEC_ECC_SECP_R1;
		a.bits = 256;
		a.alg.kind = PARSEC_ALG_ECDSA;
	}
	return parsec_generate_key(c, provider, name, &a);
}

static parsec_status_t destroy_all(parsec_client_t *c)
{
	parsec_key_info_t *keys;
	parsec_status_t ps, first = PARSEC_SUCCESS;
	size_t i, n;

	ps = parsec_list_keys(c, &keys, &n);
	if (ps != PARSEC_SUCCESS)
		return ps;
	for (i = 0; i < n; i++) {
		ps = parsec_destroy_key(c, (uint8_t)keys[i].provider_id,
					keys[i].name);
		if (ps != PARSEC_SUCCESS && first == PARSEC_SUCCESS)
			first = ps;
	}
	parsec_key_info_free(keys, n);
	return first;
}

int main(int argc, char **argv)
{
	parsec_client_config_t cfg;
	parsec_client_t *c = NULL;
	parsec_status_t ps;
	int creating = argc >= 4 && strcmp(argv[1], "create") == 0;
	int all = argc == 2 && strcmp(argv[1], "destroy-all") == 0;
	int provider_arg = creating ? 4 : 3;
	uint8_t provider = 1;

	if (!(creating && argc <= 5 &&
	      (strcmp(argv[3], "rsa") == 0 || strcmp(argv[3], "ec") == 0)) &&
	    !(argc >= 3 && argc <= 4 && strcmp(argv[1], "destroy") == 0) &&
	    !all)
		return usage();
	if (argc > provider_arg)
		provider = (uint8_t)atoi(argv[provider_arg]);
	memset(&cfg, 0, sizeof(cfg));
	cfg.auth = PARSEC_AUTH_CHOICE_DIRECT;
	cfg.app_name = getenv("PARSEC_PKCS11_APP_NAME");
	ps = parsec_client_new(&cfg, &c);
	if (ps == PARSEC_SUCCESS && all)
		ps = destroy_all(c);
	else if (ps == PARSEC_SUCCESS)
		ps = creating ? create(c, provider, argv[2], argv[3])
			      : parsec_destroy_key(c, provider, argv[2]);
	parsec_client_free(c);
	if (ps != PARSEC_SUCCESS) {
		fprintf(stderr, "parsec-key %s %s: %s\n", argv[1],
			all ? "" : argv[2], parsec_status_message(ps));
		return 1;
	}
	return 0;
}
