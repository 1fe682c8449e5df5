/* raw_client.c - raw wire requests and protobuf builders for tests. */
#include "raw_client.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define RESPONSE_TIMEOUT_MS 10000

void raw_response_free(raw_response_t *r)
{
	free(r->body);
	memset(r, 0, sizeof(*r));
}

static int connect_unix(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -1;
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Up to len bytes; fewer when the peer closes or falls silent. */
static size_t read_some(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;

		if (poll(&p, 1, RESPONSE_TIMEOUT_MS) <= 0)
			break;
		n = recv(fd, buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

static void send_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

int raw_client_send(const char *path, const void *req, size_t len,
		    int half_close, raw_response_t *r)
{
	uint8_t raw[WIRE_HEADER_LEN];
	int fd = connect_unix(path);
	size_t got;

	memset(r, 0, sizeof(*r));
	if (fd < 0)
		return -1;
	send_all(fd, req, len);
	if (half_close)
		shutdown(fd, SHUT_WR);
	got = read_some(fd, raw, sizeof(raw));
	r->received = got;
	memcpy(r->first, raw, got < 4 ? got : 4);
	if (got == sizeof(raw)) {
		wire_header_decode(raw, &r->hdr);
		r->body = malloc(r->hdr.body_len + 1);
		if (r->body) {
			r->body_len = read_some(fd, r->body, r->hdr.body_len);
			r->received += r->body_len;
			r->complete = r->body_len == r->hdr.body_len;
		}
	}
	close(fd);
	return 0;
}

int raw_client_call(const char *path, const raw_request_t *req,
		    const ProtobufCMessage *op, raw_response_t *r)
{
	size_t body = op ? protobuf_c_message_get_packed_size(op) : 0;
	uint8_t *buf = malloc(WIRE_HEADER_LEN + body + req->auth_len);
	wire_header_t h;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!buf)
		return -1;
	wire_header_init(&h);
	h.opcode = req->opcode;
	h.provider = req->provider;
	h.session = req->session;
	h.auth_type = req->auth_type;
	h.body_len = (uint32_t)body;
	h.auth_len = (uint16_t)req->auth_len;
	wire_header_encode(&h, buf);
	if (op)
		protobuf_c_message_pack(op, buf + WIRE_HEADER_LEN);
	if (req->auth_len)
		memcpy(buf + WIRE_HEADER_LEN + body, req->auth, req->auth_len);
	rc = raw_client_send(path, buf, WIRE_HEADER_LEN + body + req->auth_len,
			     0, r);
	free(buf);
	if (rc != 0 || !r->complete)
		return -1;
	return r->hdr.status;
}

/* ---- builders ----------------------------------------------------- */

/* A signature arm's hash travels as SignHash { any | specific }. */
static PsaAlgorithm__Algorithm__AsymmetricSignature__SignHash *
sign_hash_init(raw_alg_t *a, parsec_hash_t hash)
{
	psa_algorithm__algorithm__asymmetric_signature__sign_hash__init(
		&a->sign_hash);
	if (hash == PARSEC_HASH_ANY) {
		psa_algorithm__algorithm__asymmetric_signature__sign_hash__any__init(
			&a->any_hash);
		a->sign_hash.variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_ANY;
		a->sign_hash.any = &a->any_hash;
	} else {
		a->sign_hash.variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__SIGN_HASH__VARIANT_SPECIFIC;
		a->sign_hash.specific = (PsaAlgorithm__Algorithm__Hash)hash;
	}
	return &a->sign_hash;
}

static void sig_init(raw_alg_t *a, parsec_alg_kind_t kind, parsec_hash_t hash)
{
	PsaAlgorithm__Algorithm__AsymmetricSignature *s = &a->sig;

	psa_algorithm__algorithm__asymmetric_signature__init(s);
	switch (kind) {
	case PARSEC_ALG_RSA_PKCS1V15_SIGN:
		psa_algorithm__algorithm__asymmetric_signature__rsa_pkcs1v15_sign__init(
			&a->pkcs1);
		a->pkcs1.hash_alg = sign_hash_init(a, hash);
		s->variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN;
		s->rsa_pkcs1v15_sign = &a->pkcs1;
		break;
	case PARSEC_ALG_RSA_PKCS1V15_SIGN_RAW:
		psa_algorithm__algorithm__asymmetric_signature__rsa_pkcs1v15_sign_raw__init(
			&a->raw);
		s->variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PKCS1V15_SIGN_RAW;
		s->rsa_pkcs1v15_sign_raw = &a->raw;
		break;
	case PARSEC_ALG_RSA_PSS:
		psa_algorithm__algorithm__asymmetric_signature__rsa_pss__init(
			&a->pss);
		a->pss.hash_alg = sign_hash_init(a, hash);
		s->variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_RSA_PSS;
		s->rsa_pss = &a->pss;
		break;
	case PARSEC_ALG_ECDSA:
		psa_algorithm__algorithm__asymmetric_signature__ecdsa__init(
			&a->ecdsa);
		a->ecdsa.hash_alg = sign_hash_init(a, hash);
		s->variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA;
		s->ecdsa = &a->ecdsa;
		break;
	default:
		psa_algorithm__algorithm__asymmetric_signature__ecdsa_any__init(
			&a->ecdsa_any);
		s->variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_SIGNATURE__VARIANT_ECDSA_ANY;
		s->ecdsa_any = &a->ecdsa_any;
		break;
	}
	a->alg.variant_case =
		PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_SIGNATURE;
	a->alg.asymmetric_signature = s;
}

static void enc_init(raw_alg_t *a, parsec_alg_kind_t kind, parsec_hash_t hash)
{
	psa_algorithm__algorithm__asymmetric_encryption__init(&a->enc);
	if (kind == PARSEC_ALG_RSA_OAEP) {
		psa_algorithm__algorithm__asymmetric_encryption__rsa_oaep__init(
			&a->oaep);
		a->oaep.hash_alg = (PsaAlgorithm__Algorithm__Hash)hash;
		a->enc.variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_OAEP;
		a->enc.rsa_oaep = &a->oaep;
	} else {
		psa_algorithm__algorithm__asymmetric_encryption__rsa_pkcs1v15_crypt__init(
			&a->pkcs1_crypt);
		a->enc.variant_case =
			PSA_ALGORITHM__ALGORITHM__ASYMMETRIC_ENCRYPTION__VARIANT_RSA_PKCS1V15_CRYPT;
		a->enc.rsa_pkcs1v15_crypt = &a->pkcs1_crypt;
	}
	a->alg.variant_case =
		PSA_ALGORITHM__ALGORITHM__VARIANT_ASYMMETRIC_ENCRYPTION;
	a->alg.asymmetric_encryption = &a->enc;
}

static void aead_init(raw_alg_t *a, parsec_alg_kind_t kind, uint32_t tag)
{
	PsaAlgorithm__Algorithm__Aead__AeadWithDefaultLengthTag mode =
		kind == PARSEC_ALG_AEAD_CCM
			? PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__CCM
			: PSA_ALGORITHM__ALGORITHM__AEAD__AEAD_WITH_DEFAULT_LENGTH_TAG__GCM;

	psa_algorithm__algorithm__aead__init(&a->aead);
	if (tag) {
		psa_algorithm__algorithm__aead__aead_with_shortened_tag__init(
			&a->short_tag);
		a->short_tag.aead_alg = mode;
		a->short_tag.tag_length = tag;
		a->aead.variant_case =
			PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_SHORTENED_TAG;
		a->aead.aead_with_shortened_tag = &a->short_tag;
	} else {
		a->aead.variant_case =
			PSA_ALGORITHM__ALGORITHM__AEAD__VARIANT_AEAD_WITH_DEFAULT_LENGTH_TAG;
		a->aead.aead_with_default_length_tag = mode;
	}
	a->alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_AEAD;
	a->alg.aead = &a->aead;
}

void raw_alg_init(raw_alg_t *a, parsec_alg_kind_t kind, parsec_hash_t hash,
		  uint32_t tag_length)
{
	memset(a, 0, sizeof(*a));
	psa_algorithm__algorithm__init(&a->alg);
	switch (kind) {
	case PARSEC_ALG_NONE:
		psa_algorithm__algorithm__none__init(&a->none);
		a->alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_NONE;
		a->alg.none = &a->none;
		break;
	case PARSEC_ALG_HASH:
		a->alg.variant_case = PSA_ALGORITHM__ALGORITHM__VARIANT_HASH;
		a->alg.hash = (PsaAlgorithm__Algorithm__Hash)hash;
		break;
	case PARSEC_ALG_RSA_PKCS1V15_CRYPT:
	case PARSEC_ALG_RSA_OAEP:
		enc_init(a, kind, hash);
		break;
	case PARSEC_ALG_AEAD_CCM:
	case PARSEC_ALG_AEAD_GCM:
		aead_init(a, kind, tag_length);
		break;
	case PARSEC_ALG_ECDH:
		psa_algorithm__algorithm__key_agreement__init(&a->ka);
		a->ka.variant_case =
			PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__VARIANT_RAW;
		a->ka.raw = PSA_ALGORITHM__ALGORITHM__KEY_AGREEMENT__RAW__ECDH;
		a->alg.variant_case =
			PSA_ALGORITHM__ALGORITHM__VARIANT_KEY_AGREEMENT;
		a->alg.key_agreement = &a->ka;
		break;
	default:
		sig_init(a, kind, hash);
		break;
	}
}

static void type_init(raw_attrs_t *a, parsec_key_type_t type,
		      parsec_ecc_family_t family)
{
	PsaKeyAttributes__KeyType *t = &a->type;

	psa_key_attributes__key_type__init(t);
	switch (type) {
	case PARSEC_KEY_TYPE_RSA_KEY_PAIR:
		psa_key_attributes__key_type__rsa_key_pair__init(&a->rsa_pair);
		t->variant_case =
			PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_RSA_KEY_PAIR;
		t->rsa_key_pair = &a->rsa_pair;
		break;
	case PARSEC_KEY_TYPE_RSA_PUBLIC_KEY:
		psa_key_attributes__key_type__rsa_public_key__init(
			&a->rsa_public);
		t->variant_case =
			PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_RSA_PUBLIC_KEY;
		t->rsa_public_key = &a->rsa_public;
		break;
	case PARSEC_KEY_TYPE_ECC_KEY_PAIR:
		psa_key_attributes__key_type__ecc_key_pair__init(&a->ecc_pair);
		a->ecc_pair.curve_family =
			(PsaKeyAttributes__KeyType__EccFamily)family;
		t->variant_case =
			PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_KEY_PAIR;
		t->ecc_key_pair = &a->ecc_pair;
		break;
	case PARSEC_KEY_TYPE_ECC_PUBLIC_KEY:
		psa_key_attributes__key_type__ecc_public_key__init(
			&a->ecc_public);
		a->ecc_public.curve_family =
			(PsaKeyAttributes__KeyType__EccFamily)family;
		t->variant_case =
			PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_ECC_PUBLIC_KEY;
		t->ecc_public_key = &a->ecc_public;
		break;
	case PARSEC_KEY_TYPE_AES:
		psa_key_attributes__key_type__aes__init(&a->aes);
		t->variant_case = PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_AES;
		t->aes = &a->aes;
		break;
	default:
		psa_key_attributes__key_type__raw_data__init(&a->raw_data);
		t->variant_case =
			PSA_KEY_ATTRIBUTES__KEY_TYPE__VARIANT_RAW_DATA;
		t->raw_data = &a->raw_data;
		break;
	}
}

void raw_attrs_init(raw_attrs_t *a, parsec_key_type_t type,
		    parsec_ecc_family_t family, uint32_t bits, uint32_t usage,
		    parsec_alg_kind_t kind, parsec_hash_t hash)
{
	memset(a, 0, sizeof(*a));
	psa_key_attributes__key_attributes__init(&a->attrs);
	psa_key_attributes__key_policy__init(&a->policy);
	psa_key_attributes__usage_flags__init(&a->usage);
	type_init(a, type, family);
	raw_alg_init(&a->alg, kind, hash, 0);
	a->usage.export = !!(usage & RAW_USE_EXPORT);
	a->usage.encrypt = !!(usage & RAW_USE_ENCRYPT);
	a->usage.decrypt = !!(usage & RAW_USE_DECRYPT);
	a->usage.sign_hash = !!(usage & RAW_USE_SIGN_HASH);
	a->usage.verify_hash = !!(usage & RAW_USE_VERIFY_HASH);
	a->usage.derive = !!(usage & RAW_USE_DERIVE);
	a->policy.key_usage_flags = &a->usage;
	a->policy.key_algorithm = &a->alg.alg;
	a->attrs.key_type = &a->type;
	a->attrs.key_bits = bits;
	a->attrs.key_policy = &a->policy;
}
