/* auth_jwt_svid.c - JWT-SVID authenticator. The service asks the SPIFFE
 * Workload API to validate the token for the audience "parsec" and uses
 * its SPIFFE ID (sub) as the application name; a token that is not UTF-8
 * is InvalidEncoding (jwt_svid_authenticator/mod.rs). The double stands
 * in for the Workload API with one trusted public key (--jwt-key): it
 * checks an ES256 or RS256 signature, exp in the future, aud containing
 * "parsec" and a spiffe:// subject. */
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"

#define AUTH_ERR FAKE_ST(AUTHENTICATION_ERROR)

/* ---- base64url ---------------------------------------------------- */

static int b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

static int b64url_decode(const char *s, size_t len, fake_buf_t *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;

	if (len % 4 == 1)
		return -1;
	out->data = malloc(len * 3 / 4 + 1);
	if (!out->data)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b64url_value(s[i]);

		if (v < 0) {
			fake_buf_free(out);
			return -1;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out->data[n++] = (uint8_t)(acc >> bits);
		}
	}
	out->len = n;
	return 0;
}

/* ---- just enough JSON to read the claims ---------------------------- */

typedef struct json_span {
	const char *p;
	const char *end;
} json_span_t;

static const char *ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Skips one value; NULL if malformed. Depth bounds the recursion. */
static const char *skip_value(const char *p, const char *end, int depth)
{
	p = ws(p, end);
	if (p >= end || depth > 16)
		return NULL;
	if (*p == '"') {
		for (p++; p < end && *p != '"'; p++)
			if (*p == '\\' && ++p >= end)
				return NULL;
		return p < end ? p + 1 : NULL;
	}
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';

		p = ws(p + 1, end);
		if (p < end && *p == close)
			return p + 1;
		while (p && p < end) {
			if (close == '}') {
				p = skip_value(p, end, depth + 1);
				p = p ? ws(p, end) : NULL;
				if (!p || p >= end || *p != ':')
					return NULL;
				p++;
			}
			p = skip_value(p, end, depth + 1);
			p = p ? ws(p, end) : NULL;
			if (!p || p >= end)
				return NULL;
			if (*p == close)
				return p + 1;
			if (*p != ',')
				return NULL;
			p++;
		}
		return NULL;
	}
	while (p < end && (strchr("+-.eE", *p) || (*p >= '0' && *p <= '9') ||
			   (*p >= 'a' && *p <= 'z')))
		p++;
	return p;
}

/* A plain string (no escapes) at p, as a span without quotes. */
static int json_string(const char *p, const char *end, json_span_t *out)
{
	const char *q;

	if (p >= end || *p != '"')
		return -1;
	for (q = p + 1; q < end && *q != '"'; q++)
		if (*q == '\\')
			return -1;
	if (q >= end)
		return -1;
	out->p = p + 1;
	out->end = q;
	return 0;
}

/* The value of a top-level member of an object. */
static int json_member(const fake_buf_t *doc, const char *key,
		       json_span_t *value)
{
	const char *p = (const char *)doc->data, *end = p + doc->len;

	p = ws(p, end);
	if (p >= end || *p != '{')
		return -1;
	p = ws(p + 1, end);
	while (p < end && *p != '}') {
		json_span_t k;
		const char *v;

		if (json_string(p, end, &k) != 0)
			return -1;
		p = ws(k.end + 1, end);
		if (p >= end || *p != ':')
			return -1;
		v = ws(p + 1, end);
		p = skip_value(v, end, 0);
		if (!p)
			return -1;
		if ((size_t)(k.end - k.p) == strlen(key) &&
		    memcmp(k.p, key, strlen(key)) == 0) {
			value->p = v;
			value->end = p;
			return 0;
		}
		p = ws(p, end);
		if (p < end && *p == ',')
			p = ws(p + 1, end);
	}
	return -1;
}

static int span_is(const json_span_t *s, const char *text)
{
	return (size_t)(s->end - s->p) == strlen(text) &&
	       memcmp(s->p, text, strlen(text)) == 0;
}

static int claim_string(const fake_buf_t *doc, const char *key,
			json_span_t *out)
{
	json_span_t v;

	return json_member(doc, key, &v) == 0 ? json_string(v.p, v.end, out)
					      : -1;
}

/* aud is a string or an array of strings; one must be "parsec". */
static int audience_ok(const fake_buf_t *claims)
{
	json_span_t v, s;
	const char *p;

	if (json_member(claims, "aud", &v) != 0)
		return 0;
	if (json_string(v.p, v.end, &s) == 0)
		return span_is(&s, "parsec");
	if (*v.p != '[')
		return 0;
	for (p = ws(v.p + 1, v.end); p < v.end && *p == '"';) {
		if (json_string(p, v.end, &s) != 0)
			return 0;
		if (span_is(&s, "parsec"))
			return 1;
		p = ws(s.end + 1, v.end);
		if (p < v.end && *p == ',')
			p = ws(p + 1, v.end);
	}
	return 0;
}

static int not_expired(const fake_buf_t *claims)
{
	json_span_t v;
	char num[32];
	size_t n;
	char *endp;
	double exp;

	if (json_member(claims, "exp", &v) != 0)
		return 0;
	n = (size_t)(v.end - v.p);
	if (n == 0 || n >= sizeof(num))
		return 0;
	memcpy(num, v.p, n);
	num[n] = 0;
	exp = strtod(num, &endp);
	return *endp == 0 && exp > (double)time(NULL);
}

/* ---- signature --------------------------------------------------------- */

/* ES256 signatures are r||s (RFC 7518 3.4); OpenSSL wants DER. */
static int es256_to_der(const fake_buf_t *sig, unsigned char **der, int *len)
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig->data, 32, NULL);
	BIGNUM *ss = BN_bin2bn(sig->data + 32, 32, NULL);

	if (!s || !r || !ss || !ECDSA_SIG_set0(s, r, ss)) {
		BN_free(r);
		BN_free(ss);
		ECDSA_SIG_free(s);
		return -1;
	}
	*der = NULL;
	*len = i2d_ECDSA_SIG(s, der);
	ECDSA_SIG_free(s);
	return *len > 0 ? 0 : -1;
}

static int signature_ok(EVP_PKEY *key, const json_span_t *alg,
			const char *signed_part, size_t signed_len,
			const fake_buf_t *sig)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *der = NULL;
	const unsigned char *s = sig->data;
	int slen = (int)sig->len, ok = 0;

	if (!md)
		return 0;
	if (span_is(alg, "ES256")) {
		if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC ||
		    sig->len != 64 || es256_to_der(sig, &der, &slen) != 0)
			goto out;
		s = der;
	} else if (!span_is(alg, "RS256") ||
		   EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
		goto out;
	}
	ok = EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1 &&
	     EVP_DigestVerify(md, s, (size_t)slen,
			      (const unsigned char *)signed_part,
			      signed_len) == 1;
out:
	OPENSSL_free(der);
	EVP_MD_CTX_free(md);
	return ok;
}

/* ---- the authenticator ------------------------------------------------ */

static int jwt_init(const char *key_path, void **state)
{
	FILE *f;

	*state = NULL;
	if (!key_path) {
		fake_warn("--auth jwt-svid needs --jwt-key PUBKEY.pem");
		return -1;
	}
	f = fopen(key_path, "r");
	if (f) {
		*state = PEM_read_PUBKEY(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (!*state) {
		fake_warn("cannot read a PEM public key from %s", key_path);
		return -1;
	}
	return 0;
}

static void jwt_fini(void *state)
{
	EVP_PKEY_free(state);
}

static fake_status_t jwt_check(EVP_PKEY *key, const char *tok, size_t len,
			       fake_buf_t *header, fake_buf_t *claims,
			       fake_buf_t *sig, json_span_t *sub)
{
	const char *dot1 = memchr(tok, '.', len), *dot2;
	json_span_t alg;

	if (!dot1)
		return AUTH_ERR;
	dot2 = memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - tok));
	if (!dot2 || b64url_decode(tok, (size_t)(dot1 - tok), header) ||
	    b64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), claims) ||
	    b64url_decode(dot2 + 1, len - (size_t)(dot2 + 1 - tok), sig))
		return AUTH_ERR;
	if (claim_string(header, "alg", &alg) != 0 ||
	    !signature_ok(key, &alg, tok, (size_t)(dot2 - tok), sig) ||
	    !not_expired(claims) || !audience_ok(claims) ||
	    claim_string(claims, "sub", sub) != 0 ||
	    (size_t)(sub->end - sub->p) <= strlen("spiffe://") ||
	    memcmp(sub->p, "spiffe://", strlen("spiffe://")) != 0)
		return AUTH_ERR;
	return FAKE_OK;
}

static fake_status_t jwt_authenticate(void *state, const uint8_t *auth,
				      size_t len, int fd, char **name)
{
	fake_buf_t header = {0}, claims = {0}, sig = {0};
	json_span_t sub;
	fake_status_t st;

	if (!fake_utf8_valid(auth, len))
		return FAKE_ST(INVALID_ENCODING);
	st = jwt_check(state, (const char *)auth, len, &header, &claims, &sig,
		       &sub);
	if (st == FAKE_OK) {
		*name = strndup(sub.p, (size_t)(sub.end - sub.p));
		if (!*name)
			st = FAKE_ST(PSA_ERROR_INSUFFICIENT_MEMORY);
	}
	fake_buf_free(&header);
	fake_buf_free(&claims);
	fake_buf_free(&sig);
	return st;
}

const fake_auth_t auth_jwt_svid = {
	.name = "jwt-svid",
	.type = PARSEC_AUTH_JWT_SVID,
	.description =
		"Authenticator validating a JWT SPIFFE Verifiable Identity "
		"Document",
	.init = jwt_init,
	.fini = jwt_fini,
	.authenticate = jwt_authenticate,
};
