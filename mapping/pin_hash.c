/*
 * pin_hash.c - PBKDF2-HMAC-SHA256 PIN records.
 *
 * The stored string is parsed strictly (exact prefix, decimal iterations
 * without sign or leading zero, lowercase hex of exactly the right
 * lengths, nothing after): a record we did not write is refused rather
 * than guessed at. Derived keys live on the stack and are cleansed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "mapping/pin_hash.h"
#include "parsec/parsec.h"

#define PREFIX "pbkdf2-sha256$"
#define SALT_LEN 16
#define KEY_LEN 32

static const char hex_digits[] = "0123456789abcdef";

static void hex_encode(const uint8_t *in, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex_digits[in[i] >> 4];
		out[2 * i + 1] = hex_digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

static int hex_value(char c)
{
	const char *p = c ? strchr(hex_digits, c) : NULL;

	return p ? (int)(p - hex_digits) : -1;
}

/* Exactly 2*len lowercase hex digits, then '$' or the end (*end). */
static int hex_decode(const char *in, uint8_t *out, size_t len,
		      const char **end)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		hi = hex_value(in[2 * i]);
		lo = hi < 0 ? -1 : hex_value(in[2 * i + 1]);
		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*end = in + 2 * len;
	return 0;
}

static int iterations_valid(uint64_t iterations)
{
	return iterations >= PIN_HASH_MIN_ITERATIONS &&
	       iterations <= PIN_HASH_MAX_ITERATIONS;
}

static const char *parse_iterations(const char *p, uint32_t *iterations)
{
	uint64_t v = 0;
	const char *start = p;

	if (*p == '0')
		return NULL;
	while (*p >= '0' && *p <= '9' && p - start < 10)
		v = v * 10 + (uint64_t)(*p++ - '0');
	if (p == start || *p != '$' || !iterations_valid(v))
		return NULL;
	*iterations = (uint32_t)v;
	return p + 1;
}

static pin_hash_rc_t derive(const uint8_t *pin, size_t len, const uint8_t *salt,
			    uint32_t iterations, uint8_t *key)
{
	static const uint8_t empty[1];

	if (len > INT32_MAX)
		return PIN_HASH_E_FORMAT;
	if (PKCS5_PBKDF2_HMAC((const char *)(len ? pin : empty), (int)len, salt,
			      SALT_LEN, (int)iterations, EVP_sha256(), KEY_LEN,
			      key) != 1) {
		parsec_log(PARSEC_LOG_ERROR, "pin_hash: PBKDF2 failed");
		return PIN_HASH_E_CRYPTO;
	}
	return PIN_HASH_OK;
}

pin_hash_rc_t pin_hash_make(const uint8_t *pin, size_t len, uint32_t iterations,
			    char **out)
{
	uint8_t salt[SALT_LEN], key[KEY_LEN];
	char salt_hex[2 * SALT_LEN + 1], key_hex[2 * KEY_LEN + 1];
	pin_hash_rc_t rc;

	if (out == NULL || (pin == NULL && len != 0) ||
	    !iterations_valid(iterations))
		return PIN_HASH_E_FORMAT;
	*out = NULL;
	if (RAND_bytes(salt, sizeof(salt)) != 1) {
		parsec_log(PARSEC_LOG_ERROR, "pin_hash: RAND_bytes failed");
		return PIN_HASH_E_CRYPTO;
	}
	rc = derive(pin, len, salt, iterations, key);
	if (rc != PIN_HASH_OK)
		goto out;
	hex_encode(salt, sizeof(salt), salt_hex);
	hex_encode(key, sizeof(key), key_hex);
	if (asprintf(out, PREFIX "%u$%s$%s", (unsigned)iterations, salt_hex,
		     key_hex) < 0) {
		*out = NULL;
		rc = PIN_HASH_E_NOMEM;
	}
out:
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(key_hex, sizeof(key_hex));
	return rc;
}

pin_hash_rc_t pin_hash_verify(const char *stored, const uint8_t *pin,
			      size_t len)
{
	uint8_t salt[SALT_LEN], expected[KEY_LEN], key[KEY_LEN];
	uint32_t iterations;
	const char *p;
	pin_hash_rc_t rc = PIN_HASH_E_FORMAT;

	if (stored == NULL || (pin == NULL && len != 0) ||
	    strncmp(stored, PREFIX, strlen(PREFIX)) != 0)
		return PIN_HASH_E_FORMAT;
	p = parse_iterations(stored + strlen(PREFIX), &iterations);
	if (p == NULL || hex_decode(p, salt, SALT_LEN, &p) != 0 || *p != '$' ||
	    hex_decode(p + 1, expected, KEY_LEN, &p) != 0 || *p != '\0')
		goto out;
	rc = derive(pin, len, salt, iterations, key);
	if (rc == PIN_HASH_OK && CRYPTO_memcmp(key, expected, KEY_LEN) != 0)
		rc = PIN_HASH_MISMATCH;
out:
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(expected, sizeof(expected));
	return rc;
}
