/*
 * keygen_aes.c - C_GenerateKey of AES keys: prepare (lock held), one
 * PsaGenerateKey (no lock), publish (lock held).
 */
#include <stdlib.h>
#include <string.h>

#include "mapping/secret_key.h"
#include "mapping/status_ckr.h"
#include "session/keygen.h"
#include "session/keygen_internal.h"
#include "session/mech.h"
#include "session/objects.h"

typedef struct aes_job {
	CK_SESSION_HANDLE h;
	uint8_t provider;
	int session_key;
	CK_ULONG len; /* bytes */
	key_policy_t policy;
	parsec_key_attributes_t attrs;
	char *name;
} aes_job_t;

/* CKA_VALUE_LEN, and whether the provider said it takes that size. */
static CK_RV value_len(const token_t *t, const CK_ATTRIBUTE *tmpl,
		       CK_ULONG count, aes_job_t *job)
{
	const CK_ATTRIBUTE *a = attr_template_find(tmpl, count, CKA_VALUE_LEN);
	size_t i;

	if (a == NULL)
		return CKR_TEMPLATE_INCOMPLETE;
	job->len = attr_template_ulong(a);
	if (job->len != 16 && job->len != 24 && job->len != 32)
		return CKR_KEY_SIZE_RANGE;
	for (i = 0; i < t->n_sizes; i++)
		if (t->sizes[i].type == PARSEC_KEY_TYPE_AES &&
		    t->sizes[i].bits == 8 * job->len && !t->sizes[i].ok)
			return CKR_KEY_SIZE_RANGE;
	return CKR_OK;
}

static CK_RV prepare(core_t *c, token_t *t, session_t *s, const CK_MECHANISM *m,
		     const CK_ATTRIBUTE *tmpl, CK_ULONG count, aes_job_t *job)
{
	const mech_row_t *row;
	CK_RV rv = mech_check(t, m, MECH_GENERATE, &row);

	if (rv == CKR_OK)
		rv = object_check_template(CKO_SECRET_KEY, CKK_AES,
					   OBJECT_OP_GENERATE, tmpl, count);
	if (rv == CKR_OK)
		rv = objects_may_write(
			s, t, keygen_tmpl_bool(tmpl, count, CKA_TOKEN, 0),
			keygen_tmpl_bool(tmpl, count, CKA_PRIVATE, 1));
	if (rv == CKR_OK)
		rv = value_len(t, tmpl, count, job);
	if (rv == CKR_OK)
		rv = key_policy_choose(CKK_AES, tmpl, count, &job->policy);
	if (rv != CKR_OK)
		return rv;
	job->provider = t->provider;
	job->session_key = !keygen_tmpl_bool(tmpl, count, CKA_TOKEN, 0);
	memset(&job->attrs, 0, sizeof(job->attrs));
	job->attrs.type = PARSEC_KEY_TYPE_AES;
	job->attrs.bits = (uint32_t)(8 * job->len);
	key_policy_parsec_attributes(&job->policy, &job->attrs);
	return keygen_name(c, t, job->session_key, "secret", tmpl, count, NULL,
			   0, &job->name);
}

static CK_RV publish(core_t *c, const aes_job_t *job, const CK_ATTRIBUTE *tmpl,
		     CK_ULONG count, CK_OBJECT_HANDLE_PTR out)
{
	secret_key_in_t in;

	memset(&in, 0, sizeof(in));
	in.key_type = CKK_AES;
	in.mech = CKM_AES_KEY_GEN;
	in.key_name = job->name;
	in.session_key = job->session_key;
	in.policy = &job->policy;
	in.value_len = job->len;
	in.tmpl = tmpl;
	in.count = count;
	return keygen_publish_secret(c, job->h, &in, out);
}

CK_RV keygen_generate_key(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
			  const CK_ATTRIBUTE *tmpl, CK_ULONG count,
			  CK_OBJECT_HANDLE_PTR out)
{
	parsec_status_t ps;
	aes_job_t job;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	memset(&job, 0, sizeof(job));
	job.h = h;
	rv = prepare(c, t, s, m, tmpl, count, &job);
	lock_give(c->lock);
	if (rv != CKR_OK)
		goto out;
	ps = parsec_generate_key(c->pc, job.provider, job.name, &job.attrs);
	lock_take(c->lock);
	rv = core_parsec_result(c, ps, STATUS_CKR_CTX_GENERATE_AES);
	if (rv == CKR_OK)
		rv = publish(c, &job, tmpl, count, out);
	lock_give(c->lock);
	if (ps != PARSEC_SUCCESS)
		parsec_log(PARSEC_LOG_WARNING, "generation of AES key '%s': %s",
			   job.name, parsec_status_message(ps));
	else if (rv != CKR_OK)
		keygen_undo(c, job.provider, job.name);
out:
	free(job.name);
	return rv;
}
