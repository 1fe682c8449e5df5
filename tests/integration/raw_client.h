/*
 * raw_client.h - talks raw wire bytes to a Parsec service, for tests that
 * check the service (or its double) itself: headers from wire_header.h,
 * bodies from protobuf-c, no client library in between.
 */
#ifndef TESTS_RAW_CLIENT_H
#define TESTS_RAW_CLIENT_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

#include "parsec/parsec.h"
#include "parsec/proto/psa_algorithm.pb-c.h"
#include "parsec/proto/psa_key_attributes.pb-c.h"
#include "parsec/wire_header.h"

typedef struct raw_response {
	int complete;	  /* a whole header (and its body) arrived */
	size_t received;  /* bytes received in all */
	uint8_t first[4]; /* the first bytes, when fewer than a header */
	wire_header_t hdr;
	uint8_t *body;
	size_t body_len;
} raw_response_t;

void raw_response_free(raw_response_t *r);

/* Sends bytes on a new connection to the Unix socket at path, then reads
 * one response (header, then body_len bytes) or until the peer closes.
 * half_close: shut the write side after sending. Returns 0, or -1 when
 * the connection could not be made. */
int raw_client_send(const char *path, const void *req, size_t len,
		    int half_close, raw_response_t *r);

/* A request header for opcode/provider with auth type and bytes. */
typedef struct raw_request {
	uint32_t opcode;
	uint8_t provider;
	uint8_t auth_type;
	const void *auth;
	size_t auth_len;
	uint64_t session;
} raw_request_t;

/* Encodes and sends the request with op (NULL: empty body). Returns the
 * response status, or -1 when no complete response came back. */
int raw_client_call(const char *path, const raw_request_t *req,
		    const ProtobufCMessage *op, raw_response_t *r);

/* ---- protobuf builders that own their nested messages --------------- */

typedef struct raw_alg {
	PsaAlgorithm__Algorithm alg;
	PsaAlgorithm__Algorithm__None none;
	PsaAlgorithm__Algorithm__AsymmetricSignature sig;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPkcs1v15Sign pkcs1;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPkcs1v15SignRaw raw;
	PsaAlgorithm__Algorithm__AsymmetricSignature__RsaPss pss;
	PsaAlgorithm__Algorithm__AsymmetricSignature__Ecdsa ecdsa;
	PsaAlgorithm__Algorithm__AsymmetricSignature__EcdsaAny ecdsa_any;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash sign_hash;
	PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash__Any any_hash;
	PsaAlgorithm__Algorithm__AsymmetricEncryption enc;
	PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaPkcs1v15Crypt
		pkcs1_crypt;
	PsaAlgorithm__Algorithm__AsymmetricEncryption__RsaOaep oaep;
	PsaAlgorithm__Algorithm__Aead aead;
	PsaAlgorithm__Algorithm__Aead__AeadWithShortenedTag short_tag;
	PsaAlgorithm__Algorithm__KeyAgreement ka;
} raw_alg_t;

/* kind: a parsec_alg_kind_t; hash for the kinds that carry one;
 * tag_length for AEAD (0 = default). */
void raw_alg_init(raw_alg_t *a, parsec_alg_kind_t kind, parsec_hash_t hash,
		  uint32_t tag_length);

/* Usage flag bits, in UsageFlags field order. */
enum {
	RAW_USE_EXPORT = 1u << 0,
	RAW_USE_ENCRYPT = 1u << 3,
	RAW_USE_DECRYPT = 1u << 4,
	RAW_USE_SIGN_HASH = 1u << 7,
	RAW_USE_VERIFY_HASH = 1u << 8,
	RAW_USE_DERIVE = 1u << 9,
};

typedef struct raw_attrs {
	PsaKeyAttributes__KeyAttributes attrs;
	PsaKeyAttributes__KeyType type;
	PsaKeyAttributes__KeyType__RsaKeyPair rsa_pair;
	PsaKeyAttributes__KeyType__RsaPublicKey rsa_public;
	PsaKeyAttributes__KeyType__EccKeyPair ecc_pair;
	PsaKeyAttributes__KeyType__EccPublicKey ecc_public;
	PsaKeyAttributes__KeyType__Aes aes;
	PsaKeyAttributes__KeyType__RawData raw_data;
	PsaKeyAttributes__KeyPolicy policy;
	PsaKeyAttributes__UsageFlags usage;
	raw_alg_t alg;
} raw_attrs_t;

void raw_attrs_init(raw_attrs_t *a, parsec_key_type_t type,
		    parsec_ecc_family_t family, uint32_t bits, uint32_t usage,
		    parsec_alg_kind_t kind, parsec_hash_t hash);

#endif
