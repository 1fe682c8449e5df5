/*
 * pin_hash.h - PINs kept as salted slow hashes.
 *
 * Format of a hash string (self-describing, so parameters can change
 * without breaking stored records):
 *   "pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX"
 * with a 16-byte random salt and a 32-byte derived key (OpenSSL
 * PKCS5_PBKDF2_HMAC). Verification compares in constant time.
 */
#ifndef MAPPING_PIN_HASH_H
#define MAPPING_PIN_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef enum pin_hash_rc {
	PIN_HASH_OK = 0,
	PIN_HASH_MISMATCH,
	PIN_HASH_E_FORMAT, /* stored string not understood */
	PIN_HASH_E_CRYPTO, /* RNG or KDF failure */
	PIN_HASH_E_NOMEM,
} pin_hash_rc_t;

/* Iteration counts accepted by make and verify. The cap bounds the time a
 * tampered record can make verification take. */
#define PIN_HASH_MIN_ITERATIONS 1u
#define PIN_HASH_MAX_ITERATIONS 10000000u

/* *out is malloc'd. Iterations outside the bounds give E_FORMAT. */
pin_hash_rc_t pin_hash_make(const uint8_t *pin, size_t len, uint32_t iterations,
			    char **out);
pin_hash_rc_t pin_hash_verify(const char *stored, const uint8_t *pin,
			      size_t len);

#endif
