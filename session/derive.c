/*
 * derive.c - C_DeriveKey: check (lock held), PsaRawKeyAgreement and for
 * a token secret PsaImportKey (no lock), publish (lock held).
 */
#include "session/derive.h"

#include <stdlib.h>
#include <string.h>

#include "mapping/ec_point.h"
#include "mapping/pubkey.h"
#include "mapping/secret_key.h"
#include "mapping/status_ckr.h"
#include "session/crypto/mech_params.h"
#include "session/keygen_internal.h"
#include "session/mech.h"
#include "session/objects.h"
#include "session/op.h"

typedef struct derive_job {
	CK_SESSION_HANDLE h;
	uint8_t provider;
	char *base_name;
	uint8_t *point;
	size_t point_len;
	CK_ULONG len; /* of the new key */
	int token;
	CK_BBOOL extractable;
	CK_BBOOL base_always_sensitive, base_never_extractable;
	char *name; /* token secrets: the Parsec key */
} derive_job_t;

static const parsec_algorithm_t ecdh = {PARSEC_ALG_ECDH, PARSEC_HASH_NONE, 0};

/* The base key: an EC private key whose attributes and policy allow
 * ECDH; the peer's point from the parameters. */
static CK_RV check_base(const token_t *t, const CK_MECHANISM *m,
			CK_OBJECT_HANDLE base, derive_job_t *job,
			uint32_t *bits)
{
	const pubkey_curve_t *curve;
	const attr_t *a;
	parsec_algorithm_t policy;
	mech_ecdh_t params;
	object_t *o;
	CK_RV rv = op_find_key(t, base, &o);

	if (rv != CKR_OK)
		return rv;
	a = attr_list_get(&o->attrs, CKA_EC_PARAMS);
	curve = a != NULL ? pubkey_curve_from_params(a->value, a->len) : NULL;
	if (o->cls != CKO_PRIVATE_KEY || object_key_type(o) != CKK_EC ||
	    o->key_name == NULL || curve == NULL)
		return CKR_KEY_TYPE_INCONSISTENT;
	*bits = curve->bits;
	rv = mech_params_ecdh1(m, curve->bits, &params);
	if (rv == CKR_OK)
		rv = op_key_allows(o, MECH_DERIVE, CKM_ECDH1_DERIVE);
	if (rv == CKR_OK &&
	    key_policy_of_attributes(&o->attrs, CKK_EC, &policy) &&
	    !key_policy_permits(&policy, &ecdh))
		rv = CKR_KEY_FUNCTION_NOT_PERMITTED;
	if (rv != CKR_OK)
		return rv;
	job->base_always_sensitive = object_bool(o, CKA_ALWAYS_SENSITIVE);
	job->base_never_extractable = object_bool(o, CKA_NEVER_EXTRACTABLE);
	job->base_name = strdup(o->key_name);
	job->point = malloc(params.point_len);
	if (job->base_name == NULL || job->point == NULL)
		return CKR_HOST_MEMORY;
	memcpy(job->point, params.point, params.point_len);
	job->point_len = params.point_len;
	return CKR_OK;
}

/* The template of the new key: a generic secret, no longer than the
 * shared secret. */
static CK_RV check_template(const token_t *t, const session_t *s,
			    const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			    uint32_t bits, derive_job_t *job)
{
	const CK_ATTRIBUTE *a;
	CK_ULONG len;
	CK_RV rv = object_check_template(CKO_SECRET_KEY, CKK_GENERIC_SECRET,
					 OBJECT_OP_GENERATE, tmpl, count);

	if (rv != CKR_OK)
		return rv;
	job->token = keygen_tmpl_bool(tmpl, count, CKA_TOKEN, CK_FALSE);
	job->extractable =
		keygen_tmpl_bool(tmpl, count, CKA_EXTRACTABLE, CK_FALSE);
	rv = objects_may_write(s, t, (CK_BBOOL)job->token,
			       keygen_tmpl_bool(tmpl, count, CKA_PRIVATE, 1));
	if (rv != CKR_OK)
		return rv;
	job->len = ec_field_len(bits);
	a = attr_template_find(tmpl, count, CKA_VALUE_LEN);
	if (a != NULL) {
		len = attr_template_ulong(a);
		if (len == 0)
			return CKR_ATTRIBUTE_VALUE_INVALID;
		if (len > job->len)
			return CKR_TEMPLATE_INCONSISTENT;
		job->len = len;
	}
	/* A token secret lives in Parsec as a raw-data key. */
	if (job->token && !caps_has_opcode(t, PARSEC_OP_PSA_IMPORT_KEY))
		return CKR_ATTRIBUTE_VALUE_INVALID;
	return CKR_OK;
}

static CK_RV prepare(core_t *c, token_t *t, session_t *s, const CK_MECHANISM *m,
		     CK_OBJECT_HANDLE base, const CK_ATTRIBUTE *tmpl,
		     CK_ULONG count, derive_job_t *job)
{
	const mech_row_t *row;
	uint32_t bits = 0;
	CK_RV rv = mech_check(t, m, MECH_DERIVE, &row);

	if (rv == CKR_OK)
		rv = check_base(t, m, base, job, &bits);
	if (rv == CKR_OK)
		rv = check_template(t, s, tmpl, count, bits, job);
	if (rv != CKR_OK)
		return rv;
	job->provider = t->provider;
	if (job->token)
		rv = keygen_name(c, t, 0, "secret", tmpl, count, NULL, 0,
				 &job->name);
	return rv;
}

/* The secret, kept by Parsec as a raw-data key (no lock). */
static parsec_status_t import(core_t *c, const derive_job_t *job,
			      const uint8_t *secret)
{
	parsec_key_attributes_t a;

	memset(&a, 0, sizeof(a));
	a.type = PARSEC_KEY_TYPE_RAW_DATA;
	a.bits = (uint32_t)(8 * job->len);
	a.usage = job->extractable ? PARSEC_USAGE_EXPORT : 0;
	return parsec_import_key(c->pc, job->provider, job->name, &a, secret,
				 job->len);
}

static CK_RV publish(core_t *c, const derive_job_t *job, const uint8_t *secret,
		     const CK_ATTRIBUTE *tmpl, CK_ULONG count,
		     CK_OBJECT_HANDLE_PTR out)
{
	secret_key_in_t in;

	memset(&in, 0, sizeof(in));
	in.key_type = CKK_GENERIC_SECRET;
	in.mech = CKM_ECDH1_DERIVE;
	in.derived = 1;
	in.key_name = job->name;
	in.value = job->token ? NULL : secret;
	in.value_len = job->len;
	in.base_always_sensitive = job->base_always_sensitive;
	in.base_never_extractable = job->base_never_extractable;
	in.tmpl = tmpl;
	in.count = count;
	return keygen_publish_secret(c, job->h, &in, out);
}

/* The requests; *secret points into *shared (the kept bytes). */
static CK_RV talk(core_t *c, derive_job_t *job, parsec_buffer_t *shared,
		  const uint8_t **secret, int *imported)
{
	parsec_status_t ps;
	status_ckr_ctx_t ctx = STATUS_CKR_CTX_DERIVE;
	CK_RV rv;

	ps = parsec_raw_key_agreement(c->pc, job->provider, &ecdh,
				      job->base_name, job->point,
				      job->point_len, shared);
	if (ps == PARSEC_SUCCESS && shared->len < job->len)
		ps = PARSEC_E_DECODE; /* shorter than the curve's size */
	if (ps == PARSEC_SUCCESS) {
		/* Cut from the leading end (PKCS#11 v2.40 curr 2.3.13). */
		*secret = shared->data + (shared->len - job->len);
		if (job->token) {
			ctx = STATUS_CKR_CTX_IMPORT;
			ps = import(c, job, *secret);
			*imported = ps == PARSEC_SUCCESS;
		}
	}
	lock_take(c->lock);
	rv = core_parsec_result(c, ps, ctx);
	if (ps != PARSEC_SUCCESS)
		parsec_log(PARSEC_LOG_WARNING, "ECDH with '%s': %s",
			   job->base_name, parsec_status_message(ps));
	return rv;
}

CK_RV derive_key(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
		 CK_OBJECT_HANDLE base, const CK_ATTRIBUTE *tmpl,
		 CK_ULONG count, CK_OBJECT_HANDLE_PTR out)
{
	parsec_buffer_t shared = {NULL, 0};
	const uint8_t *secret = NULL;
	int imported = 0;
	derive_job_t job;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	memset(&job, 0, sizeof(job));
	job.h = h;
	rv = prepare(c, t, s, m, base, tmpl, count, &job);
	lock_give(c->lock);
	if (rv != CKR_OK)
		goto out;
	rv = talk(c, &job, &shared, &secret, &imported);
	if (rv == CKR_OK)
		rv = publish(c, &job, secret, tmpl, count, out);
	lock_give(c->lock);
	if (rv != CKR_OK && imported)
		keygen_undo(c, job.provider, job.name);
out:
	parsec_buffer_free(&shared);
	free(job.base_name);
	free(job.point);
	free(job.name);
	return rv;
}
