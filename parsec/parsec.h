/*
 * parsec.h - a small C client for the Parsec security service.
 *
 * This header knows nothing of PKCS#11: it can be shipped on its own.
 *
 * Model: a parsec_client holds an endpoint, an authenticator and timeouts.
 * It is immutable once created (apart from the lazily selected
 * authenticator, which is guarded), so one client may be shared by many
 * threads. Every call opens its own connection, sends one request and
 * reads one response, as the service closes after each response.
 *
 * Every call returns a parsec_status_t: 0 on success, a positive Parsec
 * response status when the service refused the request, or a negative
 * PARSEC_E_* value when the client itself failed (connection, timeout,
 * malformed response...). parsec_status_message() describes any of them.
 */
#ifndef PARSEC_PARSEC_H
#define PARSEC_PARSEC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Status codes                                                        */
/* ------------------------------------------------------------------ */

typedef enum parsec_status {
	PARSEC_SUCCESS = 0,

	/* Service status codes (ResponseStatus of parsec-interface). */
	PARSEC_WRONG_PROVIDER_ID = 1,
	PARSEC_CONTENT_TYPE_NOT_SUPPORTED = 2,
	PARSEC_ACCEPT_TYPE_NOT_SUPPORTED = 3,
	PARSEC_WIRE_PROTOCOL_VERSION_NOT_SUPPORTED = 4,
	PARSEC_PROVIDER_NOT_REGISTERED = 5,
	PARSEC_PROVIDER_DOES_NOT_EXIST = 6,
	PARSEC_DESERIALIZING_BODY_FAILED = 7,
	PARSEC_SERIALIZING_BODY_FAILED = 8,
	PARSEC_OPCODE_DOES_NOT_EXIST = 9,
	PARSEC_RESPONSE_TOO_LARGE = 10,
	PARSEC_AUTHENTICATION_ERROR = 11,
	PARSEC_AUTHENTICATOR_DOES_NOT_EXIST = 12,
	PARSEC_AUTHENTICATOR_NOT_REGISTERED = 13,
	PARSEC_KEY_INFO_MANAGER_ERROR = 14,
	PARSEC_CONNECTION_ERROR = 15,
	PARSEC_INVALID_ENCODING = 16,
	PARSEC_INVALID_HEADER = 17,
	PARSEC_WRONG_PROVIDER_UUID = 18,
	PARSEC_NOT_AUTHENTICATED = 19,
	PARSEC_BODY_SIZE_EXCEEDS_LIMIT = 20,
	PARSEC_ADMIN_OPERATION = 21,
	PARSEC_DEPRECATED_PRIMITIVE = 22,

	/* PSA Crypto errors, 1000 - psa_status_t. 1144 is not used. */
	PARSEC_PSA_ERROR_GENERIC_ERROR = 1132,
	PARSEC_PSA_ERROR_NOT_PERMITTED = 1133,
	PARSEC_PSA_ERROR_NOT_SUPPORTED = 1134,
	PARSEC_PSA_ERROR_INVALID_ARGUMENT = 1135,
	PARSEC_PSA_ERROR_INVALID_HANDLE = 1136,
	PARSEC_PSA_ERROR_BAD_STATE = 1137,
	PARSEC_PSA_ERROR_BUFFER_TOO_SMALL = 1138,
	PARSEC_PSA_ERROR_ALREADY_EXISTS = 1139,
	PARSEC_PSA_ERROR_DOES_NOT_EXIST = 1140,
	PARSEC_PSA_ERROR_INSUFFICIENT_MEMORY = 1141,
	PARSEC_PSA_ERROR_INSUFFICIENT_STORAGE = 1142,
	PARSEC_PSA_ERROR_INSUFFICIENT_DATA = 1143,
	PARSEC_PSA_ERROR_COMMUNICATION_FAILURE = 1145,
	PARSEC_PSA_ERROR_STORAGE_FAILURE = 1146,
	PARSEC_PSA_ERROR_HARDWARE_FAILURE = 1147,
	PARSEC_PSA_ERROR_INSUFFICIENT_ENTROPY = 1148,
	PARSEC_PSA_ERROR_INVALID_SIGNATURE = 1149,
	PARSEC_PSA_ERROR_INVALID_PADDING = 1150,
	PARSEC_PSA_ERROR_CORRUPTION_DETECTED = 1151,
	PARSEC_PSA_ERROR_DATA_CORRUPT = 1152,
	PARSEC_PSA_ERROR_DATA_INVALID = 1153,

	/* Client-side failures: never sent by the service. */
	PARSEC_E_ARGS = -1,	 /* bad argument to a client call */
	PARSEC_E_NOMEM = -2,	 /* allocation failed */
	PARSEC_E_ENDPOINT = -3,	 /* endpoint string not understood */
	PARSEC_E_CONNECT = -4,	 /* could not connect (service down?) */
	PARSEC_E_TIMEOUT = -5,	 /* connect, write or read timed out */
	PARSEC_E_IO = -6,	 /* write/read failed or peer closed early */
	PARSEC_E_PROTOCOL = -7,	 /* response header invalid (magic, size,
				    version, opcode echo, reserved, status) */
	PARSEC_E_TOO_LARGE = -8, /* response body over the client's limit */
	PARSEC_E_DECODE = -9,	 /* response body is not valid protobuf */
	PARSEC_E_ENCODE = -10,	 /* request could not be encoded */
	PARSEC_E_AUTH = -11,	 /* no usable credentials (e.g. token file) */
	PARSEC_E_NO_AUTHENTICATOR = -12, /* auto-selection found none usable */
} parsec_status_t;

/* Name of a status ("PsaErrorNotPermitted", "E_TIMEOUT"), never NULL. */
const char *parsec_status_name(parsec_status_t status);
/* One-line human description of a status, never NULL. */
const char *parsec_status_message(parsec_status_t status);
/* True when the value is one the service may send (0..22, 1132..1153
 * except 1144). Responses carrying anything else are rejected. */
int parsec_status_is_known(uint32_t status);

/* ------------------------------------------------------------------ */
/* Wire constants                                                       */
/* ------------------------------------------------------------------ */

enum parsec_opcode {
	PARSEC_OP_PING = 0x0001,
	PARSEC_OP_PSA_GENERATE_KEY = 0x0002,
	PARSEC_OP_PSA_DESTROY_KEY = 0x0003,
	PARSEC_OP_PSA_SIGN_HASH = 0x0004,
	PARSEC_OP_PSA_VERIFY_HASH = 0x0005,
	PARSEC_OP_PSA_IMPORT_KEY = 0x0006,
	PARSEC_OP_PSA_EXPORT_PUBLIC_KEY = 0x0007,
	PARSEC_OP_LIST_PROVIDERS = 0x0008,
	PARSEC_OP_LIST_OPCODES = 0x0009,
	PARSEC_OP_PSA_ASYMMETRIC_ENCRYPT = 0x000A,
	PARSEC_OP_PSA_ASYMMETRIC_DECRYPT = 0x000B,
	PARSEC_OP_PSA_EXPORT_KEY = 0x000C,
	PARSEC_OP_PSA_GENERATE_RANDOM = 0x000D,
	PARSEC_OP_LIST_AUTHENTICATORS = 0x000E,
	PARSEC_OP_PSA_HASH_COMPUTE = 0x000F,
	PARSEC_OP_PSA_HASH_COMPARE = 0x0010,
	PARSEC_OP_PSA_AEAD_ENCRYPT = 0x0011,
	PARSEC_OP_PSA_AEAD_DECRYPT = 0x0012,
	PARSEC_OP_PSA_RAW_KEY_AGREEMENT = 0x0013,
	PARSEC_OP_PSA_CIPHER_ENCRYPT = 0x0014,
	PARSEC_OP_PSA_CIPHER_DECRYPT = 0x0015,
	PARSEC_OP_PSA_MAC_COMPUTE = 0x0016,
	PARSEC_OP_PSA_MAC_VERIFY = 0x0017,
	PARSEC_OP_PSA_SIGN_MESSAGE = 0x0018,
	PARSEC_OP_PSA_VERIFY_MESSAGE = 0x0019,
	PARSEC_OP_LIST_KEYS = 0x001A,
	PARSEC_OP_LIST_CLIENTS = 0x001B,
	PARSEC_OP_DELETE_CLIENT = 0x001C,
	PARSEC_OP_ATTEST_KEY = 0x001E,
	PARSEC_OP_PREPARE_KEY_ATTESTATION = 0x001F,
	PARSEC_OP_CAN_DO_CRYPTO = 0x0020,
};

/* Name of an opcode ("PsaSignHash"), or NULL if unknown. */
const char *parsec_opcode_name(uint32_t opcode);

enum parsec_provider_id {
	PARSEC_PROVIDER_CORE = 0,
	PARSEC_PROVIDER_MBED_CRYPTO = 1,
	PARSEC_PROVIDER_PKCS11 = 2,
	PARSEC_PROVIDER_TPM = 3,
	PARSEC_PROVIDER_TRUSTED_SERVICE = 4,
	PARSEC_PROVIDER_CRYPTOAUTHLIB = 5,
};

enum parsec_auth_type {
	PARSEC_AUTH_NONE = 0,
	PARSEC_AUTH_DIRECT = 1,
	PARSEC_AUTH_JWT = 2,
	PARSEC_AUTH_UNIX_PEER_CREDENTIALS = 3,
	PARSEC_AUTH_JWT_SVID = 4,
};

/* Largest body the service accepts in a request (its buffer limit). */
#define PARSEC_BODY_LIMIT (1024u * 1024u)
/* Default cap the client puts on response bodies: the service's limit
 * plus room for protobuf framing (a 1 MiB random answer carries a few
 * bytes more). */
#define PARSEC_RESPONSE_BODY_LIMIT (PARSEC_BODY_LIMIT + 4096u)

/* ------------------------------------------------------------------ */
/* PSA types, independent of the protobuf encoding                      */
/* ------------------------------------------------------------------ */

typedef enum parsec_hash {
	PARSEC_HASH_NONE = 0,
	PARSEC_HASH_MD2 = 1,
	PARSEC_HASH_MD4 = 2,
	PARSEC_HASH_MD5 = 3,
	PARSEC_HASH_RIPEMD160 = 4,
	PARSEC_HASH_SHA_1 = 5,
	PARSEC_HASH_SHA_224 = 6,
	PARSEC_HASH_SHA_256 = 7,
	PARSEC_HASH_SHA_384 = 8,
	PARSEC_HASH_SHA_512 = 9,
	PARSEC_HASH_SHA_512_224 = 10,
	PARSEC_HASH_SHA_512_256 = 11,
	PARSEC_HASH_SHA3_224 = 12,
	PARSEC_HASH_SHA3_256 = 13,
	PARSEC_HASH_SHA3_384 = 14,
	PARSEC_HASH_SHA3_512 = 15,
	PARSEC_HASH_ANY = 2047, /* policy wildcard: any hash */
} parsec_hash_t;

/* Digest size in bytes of a hash, 0 for NONE/ANY/unknown. */
size_t parsec_hash_size(parsec_hash_t hash);

/* The algorithm families the module uses. Each maps to one oneof arm of
 * psa_algorithm.Algorithm; `hash` and `tag_length` qualify some. */
typedef enum parsec_alg_kind {
	PARSEC_ALG_NONE = 0,
	PARSEC_ALG_HASH,		  /* hash */
	PARSEC_ALG_RSA_PKCS1V15_SIGN,	  /* hash (may be ANY) */
	PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW, /* no hash */
	PARSEC_ALG_RSA_PSS,		  /* hash (may be ANY) */
	PARSEC_ALG_ECDSA,		  /* hash (may be ANY) */
	PARSEC_ALG_ECDSA_ANY,		  /* no hash */
	PARSEC_ALG_DETERMINISTIC_ECDSA,	  /* hash */
	PARSEC_ALG_RSA_PKCS1V15_CRYPT,	  /* no hash */
	PARSEC_ALG_RSA_OAEP,		  /* hash */
	PARSEC_ALG_ECDH,		  /* raw key agreement */
	PARSEC_ALG_FFDH,		  /* raw key agreement */
	PARSEC_ALG_AEAD_CCM,		  /* tag_length, 0 = default */
	PARSEC_ALG_AEAD_GCM,		  /* tag_length, 0 = default */
	PARSEC_ALG_AEAD_CHACHA20_POLY1305 /* tag_length, 0 = default */
} parsec_alg_kind_t;

typedef struct parsec_algorithm {
	parsec_alg_kind_t kind;
	parsec_hash_t hash;  /* for the kinds that carry one */
	uint32_t tag_length; /* AEAD only: 0 = the algorithm's default tag */
} parsec_algorithm_t;

typedef enum parsec_key_type {
	PARSEC_KEY_TYPE_NONE = 0,
	PARSEC_KEY_TYPE_RAW_DATA,
	PARSEC_KEY_TYPE_HMAC,
	PARSEC_KEY_TYPE_DERIVE,
	PARSEC_KEY_TYPE_AES,
	PARSEC_KEY_TYPE_DES,
	PARSEC_KEY_TYPE_CAMELLIA,
	PARSEC_KEY_TYPE_ARC4,
	PARSEC_KEY_TYPE_CHACHA20,
	PARSEC_KEY_TYPE_RSA_PUBLIC_KEY,
	PARSEC_KEY_TYPE_RSA_KEY_PAIR,
	PARSEC_KEY_TYPE_ECC_KEY_PAIR,	/* ecc_family */
	PARSEC_KEY_TYPE_ECC_PUBLIC_KEY, /* ecc_family */
	PARSEC_KEY_TYPE_DH_KEY_PAIR,
	PARSEC_KEY_TYPE_DH_PUBLIC_KEY,
} parsec_key_type_t;

typedef enum parsec_ecc_family {
	PARSEC_ECC_FAMILY_NONE = 0,
	PARSEC_ECC_SECP_K1 = 1,
	PARSEC_ECC_SECP_R1 = 2,
	PARSEC_ECC_SECP_R2 = 3,
	PARSEC_ECC_SECT_K1 = 4,
	PARSEC_ECC_SECT_R1 = 5,
	PARSEC_ECC_SECT_R2 = 6,
	PARSEC_ECC_BRAINPOOL_P_R1 = 7,
	PARSEC_ECC_FRP = 8,
	PARSEC_ECC_MONTGOMERY = 9,
} parsec_ecc_family_t;

/* Usage flags of a key policy (psa_key_attributes.UsageFlags). */
#define PARSEC_USAGE_EXPORT (1u << 0)
#define PARSEC_USAGE_COPY (1u << 1)
#define PARSEC_USAGE_CACHE (1u << 2)
#define PARSEC_USAGE_ENCRYPT (1u << 3)
#define PARSEC_USAGE_DECRYPT (1u << 4)
#define PARSEC_USAGE_SIGN_MESSAGE (1u << 5)
#define PARSEC_USAGE_VERIFY_MESSAGE (1u << 6)
#define PARSEC_USAGE_SIGN_HASH (1u << 7)
#define PARSEC_USAGE_VERIFY_HASH (1u << 8)
#define PARSEC_USAGE_DERIVE (1u << 9)

typedef struct parsec_key_attributes {
	parsec_key_type_t type;
	parsec_ecc_family_t ecc_family; /* ECC key types only */
	uint32_t bits;
	uint32_t usage;		/* PARSEC_USAGE_* */
	parsec_algorithm_t alg; /* the one permitted algorithm */
} parsec_key_attributes_t;

/* ------------------------------------------------------------------ */
/* Results                                                              */
/* ------------------------------------------------------------------ */

/* Owned bytes returned by a call; release with parsec_buffer_free(),
 * which wipes the memory first (it may hold secrets). */
typedef struct parsec_buffer {
	uint8_t *data;
	size_t len;
} parsec_buffer_t;

void parsec_buffer_free(parsec_buffer_t *buf);

typedef struct parsec_provider_info {
	char uuid[37]; /* canonical 8-4-4-4-12 lowercase text */
	char *description;
	char *vendor;
	uint32_t version_maj, version_min, version_rev;
	uint32_t id;
} parsec_provider_info_t;

typedef struct parsec_authenticator_info {
	char *description;
	uint32_t version_maj, version_min, version_rev;
	uint32_t id; /* enum parsec_auth_type */
} parsec_authenticator_info_t;

typedef struct parsec_key_info {
	uint32_t provider_id;
	char *name;
	parsec_key_attributes_t attributes;
} parsec_key_info_t;

void parsec_provider_info_free(parsec_provider_info_t *list, size_t n);
void parsec_authenticator_info_free(parsec_authenticator_info_t *list,
				    size_t n);
void parsec_key_info_free(parsec_key_info_t *list, size_t n);

/* ------------------------------------------------------------------ */
/* Logging                                                              */
/* ------------------------------------------------------------------ */

typedef enum parsec_log_level {
	PARSEC_LOG_ERROR = 0,
	PARSEC_LOG_WARNING = 1,
	PARSEC_LOG_INFO = 2,
	PARSEC_LOG_DEBUG = 3,
} parsec_log_level_t;

typedef void (*parsec_log_fn)(parsec_log_level_t level, const char *msg,
			      void *ctx);

/* Where log lines go (default: nowhere) and the most verbose level kept.
 * Callers above this layer log through parsec_log() too, so one
 * destination serves the whole module. Never pass secrets. */
void parsec_log_set_handler(parsec_log_fn fn, void *ctx);
void parsec_log_set_level(parsec_log_level_t level);
void parsec_log(parsec_log_level_t level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* Client                                                               */
/* ------------------------------------------------------------------ */

typedef enum parsec_auth_choice {
	PARSEC_AUTH_CHOICE_AUTO = 0, /* ask ListAuthenticators, take the
					first one this client can do */
	PARSEC_AUTH_CHOICE_NONE,
	PARSEC_AUTH_CHOICE_DIRECT,
	PARSEC_AUTH_CHOICE_UNIX_PEER,
	PARSEC_AUTH_CHOICE_JWT_SVID,
} parsec_auth_choice_t;

typedef struct parsec_client_config {
	/* "unix:/path" or a bare absolute path. NULL: the environment
	 * variable PARSEC_SERVICE_ENDPOINT, else /run/parsec/parsec.sock. */
	const char *endpoint;
	parsec_auth_choice_t auth;
	/* Direct authenticator: application name. NULL: the program name. */
	const char *app_name;
	/* JWT-SVID: the token itself, or a file to read it from on each
	 * request (tokens rotate). NULL both: PARSEC_JWT_SVID_TOKEN, then
	 * PARSEC_JWT_SVID_FILE from the environment. */
	const char *jwt_svid_token;
	const char *jwt_svid_file;
	/* Timeouts in milliseconds; 0 picks the default (connect 1000,
	 * io 5000). */
	int connect_timeout_ms;
	int io_timeout_ms;
	/* Cap on response bodies; 0 picks PARSEC_RESPONSE_BODY_LIMIT. */
	size_t max_response_body;
} parsec_client_config_t;

typedef struct parsec_client parsec_client_t;

/* Creates a client; does not connect. NULL cfg: all defaults. */
parsec_status_t parsec_client_new(const parsec_client_config_t *cfg,
				  parsec_client_t **out);
void parsec_client_free(parsec_client_t *client);

/* The endpoint in use, as "unix:/path". */
const char *parsec_client_endpoint(const parsec_client_t *client);

/* Resolves the authenticator now (AUTO asks the service). Calls that need
 * authentication do this on first use; calling it early surfaces errors. */
parsec_status_t parsec_client_select_auth(parsec_client_t *client);

/* Auth type in use (enum parsec_auth_type); NONE until selected. */
int parsec_client_auth_type(parsec_client_t *client);

/* A stable text naming the application as the service will see it:
 * "direct:NAME", "unix:UID", "spiffe:SPIFFE-ID" or "none". Valid until
 * the client is freed. Selects the authenticator if needed. */
parsec_status_t parsec_client_identity(parsec_client_t *client,
				       const char **identity);

/* Number of requests this client has sent (successful or not; a request
 * counts once its connection is open). Lets the layers above prove how
 * many round trips an operation costs. */
uint64_t parsec_client_request_count(const parsec_client_t *client);

/* Core operations (provider 0). */
parsec_status_t parsec_ping(parsec_client_t *c, uint8_t *maj, uint8_t *min);
parsec_status_t parsec_list_providers(parsec_client_t *c,
				      parsec_provider_info_t **out,
				      size_t *count);
parsec_status_t parsec_list_opcodes(parsec_client_t *c, uint8_t provider,
				    uint32_t **opcodes, size_t *count);
parsec_status_t parsec_list_authenticators(parsec_client_t *c,
					   parsec_authenticator_info_t **out,
					   size_t *count);
parsec_status_t parsec_list_keys(parsec_client_t *c, parsec_key_info_t **out,
				 size_t *count);

/* Key management. */
parsec_status_t parsec_generate_key(parsec_client_t *c, uint8_t provider,
				    const char *name,
				    const parsec_key_attributes_t *attrs);
parsec_status_t parsec_import_key(parsec_client_t *c, uint8_t provider,
				  const char *name,
				  const parsec_key_attributes_t *attrs,
				  const uint8_t *data, size_t len);
parsec_status_t parsec_export_public_key(parsec_client_t *c, uint8_t provider,
					 const char *name,
					 parsec_buffer_t *out);
parsec_status_t parsec_export_key(parsec_client_t *c, uint8_t provider,
				  const char *name, parsec_buffer_t *out);
parsec_status_t parsec_destroy_key(parsec_client_t *c, uint8_t provider,
				   const char *name);

/* Asymmetric cryptography. */
parsec_status_t parsec_sign_hash(parsec_client_t *c, uint8_t provider,
				 const char *name,
				 const parsec_algorithm_t *alg,
				 const uint8_t *hash, size_t hash_len,
				 parsec_buffer_t *signature);
parsec_status_t parsec_verify_hash(parsec_client_t *c, uint8_t provider,
				   const char *name,
				   const parsec_algorithm_t *alg,
				   const uint8_t *hash, size_t hash_len,
				   const uint8_t *sig, size_t sig_len);
/* salt: the OAEP label, or NULL. */
parsec_status_t parsec_asymmetric_encrypt(parsec_client_t *c, uint8_t provider,
					  const char *name,
					  const parsec_algorithm_t *alg,
					  const uint8_t *plaintext, size_t len,
					  const uint8_t *salt, size_t salt_len,
					  parsec_buffer_t *ciphertext);
parsec_status_t parsec_asymmetric_decrypt(parsec_client_t *c, uint8_t provider,
					  const char *name,
					  const parsec_algorithm_t *alg,
					  const uint8_t *ciphertext, size_t len,
					  const uint8_t *salt, size_t salt_len,
					  parsec_buffer_t *plaintext);
parsec_status_t parsec_raw_key_agreement(parsec_client_t *c, uint8_t provider,
					 const parsec_algorithm_t *alg,
					 const char *private_key_name,
					 const uint8_t *peer_key, size_t len,
					 parsec_buffer_t *shared_secret);

/* Symmetric and other operations. The AEAD ciphertext ends with the tag. */
parsec_status_t parsec_aead_encrypt(parsec_client_t *c, uint8_t provider,
				    const char *name,
				    const parsec_algorithm_t *alg,
				    const uint8_t *nonce, size_t nonce_len,
				    const uint8_t *aad, size_t aad_len,
				    const uint8_t *plaintext, size_t len,
				    parsec_buffer_t *ciphertext);
parsec_status_t parsec_aead_decrypt(parsec_client_t *c, uint8_t provider,
				    const char *name,
				    const parsec_algorithm_t *alg,
				    const uint8_t *nonce, size_t nonce_len,
				    const uint8_t *aad, size_t aad_len,
				    const uint8_t *ciphertext, size_t len,
				    parsec_buffer_t *plaintext);
parsec_status_t parsec_hash_compute(parsec_client_t *c, uint8_t provider,
				    parsec_hash_t alg, const uint8_t *input,
				    size_t len, parsec_buffer_t *hash);
parsec_status_t parsec_generate_random(parsec_client_t *c, uint8_t provider,
				       size_t size, parsec_buffer_t *out);

typedef enum parsec_check_type {
	PARSEC_CHECK_USE = 1,
	PARSEC_CHECK_GENERATE = 2,
	PARSEC_CHECK_IMPORT = 3,
	PARSEC_CHECK_DERIVE = 4,
} parsec_check_type_t;

/* PARSEC_SUCCESS means the provider can do it. */
parsec_status_t parsec_can_do_crypto(parsec_client_t *c, uint8_t provider,
				     parsec_check_type_t check,
				     const parsec_key_attributes_t *attrs);

#ifdef __cplusplus
}
#endif

#endif /* PARSEC_PARSEC_H */
