/*
 * keygen.c - generating and importing Parsec keys.
 *
 * Each call runs in three steps: prepare (lock held: checks, policy,
 * name), talk to Parsec (no lock), publish (lock held: objects, store).
 */
#include "session/keygen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "mapping/adopt.h"
#include "mapping/keypair.h"
#include "mapping/naming.h"
#include "mapping/pubkey.h"
#include "mapping/status_ckr.h"
#include "session/core.h"
#include "session/keygen_internal.h"
#include "session/mech.h"
#include "session/objects.h"

typedef struct job {
	CK_SESSION_HANDLE h;
	CK_KEY_TYPE kt;
	CK_MECHANISM_TYPE mech; /* generation only */
	uint8_t provider;
	int can_do;	 /* the provider has CanDoCrypto */
	int size_known;	 /* its answer for this size is kept */
	int session_key; /* the private key is a session object */
	key_policy_t policy;
	parsec_key_attributes_t attrs;
	char *name;
	const uint8_t *data; /* import only */
	size_t len;
	/* learnt from the service, published in the token */
	int size_ok, size_asked, wildcard_refused;
	int created; /* the Parsec key exists (undo it on a later failure) */
	parsec_status_t failed; /* the request that failed, if any */
} job_t;

static const uint8_t exponent_65537[] = {0x01, 0x00, 0x01};

/* ----- prepare (lock held) ----------------------------------------- */

static const size_answer_t *size_answer(const token_t *t,
					const parsec_key_attributes_t *a)
{
	size_t i;

	for (i = 0; i < t->n_sizes; i++)
		if (t->sizes[i].type == a->type &&
		    t->sizes[i].family == a->ecc_family &&
		    t->sizes[i].bits == a->bits)
			return &t->sizes[i];
	return NULL;
}

typedef struct taken_ctx {
	const token_t *t;
} taken_ctx_t;

static int name_taken(const char *name, void *ctx)
{
	const token_t *t = ((taken_ctx_t *)ctx)->t;
	size_t i;

	for (i = 0; i < t->n_names; i++)
		if (strcmp(t->names[i], name) == 0)
			return 1;
	return catalog_name_used(&t->cat, name);
}

static CK_RV remember_name(token_t *t, const char *name)
{
	char **p = realloc(t->names, (t->n_names + 1) * sizeof(*p));

	if (p == NULL)
		return CKR_HOST_MEMORY;
	t->names = p;
	t->names[t->n_names] = strdup(name);
	if (t->names[t->n_names] == NULL)
		return CKR_HOST_MEMORY;
	t->n_names++;
	return CKR_OK;
}

static const CK_ATTRIBUTE *either(const CK_ATTRIBUTE *a, CK_ULONG na,
				  const CK_ATTRIBUTE *b, CK_ULONG nb,
				  CK_ATTRIBUTE_TYPE type)
{
	const CK_ATTRIBUTE *x = attr_template_find(a, na, type);

	return x != NULL ? x : attr_template_find(b, nb, type);
}

CK_RV keygen_name(core_t *c, token_t *t, int session_key, const char *cls,
		  const CK_ATTRIBUTE *a, CK_ULONG na, const CK_ATTRIBUTE *b,
		  CK_ULONG nb, char **out)
{
	const CK_ATTRIBUTE *label = either(a, na, b, nb, CKA_LABEL);
	const CK_ATTRIBUTE *id = either(a, na, b, nb, CKA_ID);
	naming_input_t in;
	taken_ctx_t ctx = {t};
	uint8_t rnd[8];
	naming_rc_t nrc;

	*out = NULL;
	if (session_key) {
		*out = malloc(sizeof(ADOPT_SESSION_PREFIX) + 16);
		if (*out == NULL)
			return CKR_HOST_MEMORY;
		if (RAND_bytes(rnd, sizeof(rnd)) != 1)
			return CKR_FUNCTION_FAILED;
		strcpy(*out, ADOPT_SESSION_PREFIX);
		for (size_t i = 0; i < sizeof(rnd); i++)
			sprintf(*out + strlen(*out), "%02x", rnd[i]);
		return remember_name(t, *out);
	}
	memset(&in, 0, sizeof(in));
	if (label != NULL && label->pValue != NULL) {
		in.label = label->pValue;
		in.label_len = label->ulValueLen;
	}
	if (id != NULL && id->pValue != NULL) {
		in.id = id->pValue;
		in.id_len = id->ulValueLen;
	}
	in.cls = cls;
	nrc = naming_make(c->cfg.naming, &in, name_taken, &ctx, out);
	if (nrc != NAMING_OK) {
		parsec_log(PARSEC_LOG_ERROR, "cannot name a new key (%d)",
			   (int)nrc);
		return nrc == NAMING_E_NOMEM ? CKR_HOST_MEMORY
					     : CKR_GENERAL_ERROR;
	}
	return remember_name(t, *out);
}

/* A fresh Parsec key name for the job, reserved in the token. */
static CK_RV make_name(core_t *c, token_t *t, job_t *job,
		       const CK_ATTRIBUTE *priv, CK_ULONG n_priv,
		       const CK_ATTRIBUTE *pub, CK_ULONG n_pub)
{
	free(job->name);
	job->name = NULL;
	return keygen_name(c, t, job->session_key, "priv", priv, n_priv, pub,
			   n_pub, &job->name);
}

CK_BBOOL keygen_tmpl_bool(const CK_ATTRIBUTE *tmpl, CK_ULONG n,
			  CK_ATTRIBUTE_TYPE type, CK_BBOOL def)
{
	const CK_ATTRIBUTE *a = attr_template_find(tmpl, n, type);

	return a != NULL && a->pValue != NULL && a->ulValueLen == 1
		       ? *(const CK_BBOOL *)a->pValue != 0
		       : def;
}

/* The policy, and what the token already learnt about it. */
static CK_RV choose_policy(token_t *t, job_t *job, const CK_ATTRIBUTE *priv,
			   CK_ULONG n_priv)
{
	const size_answer_t *known;
	CK_RV rv = key_policy_choose(job->kt, priv, n_priv, &job->policy);

	if (rv != CKR_OK)
		return rv;
	if (key_policy_is_wildcard(&job->policy) &&
	    (t->wildcard_refused & (1u << job->policy.alg.kind)))
		key_policy_use_specific_hash(&job->policy, job->kt,
					     job->attrs.bits);
	key_policy_parsec_attributes(&job->policy, &job->attrs);
	known = size_answer(t, &job->attrs);
	job->can_do = caps_has_opcode(t, PARSEC_OP_CAN_DO_CRYPTO);
	if (known != NULL && job->data == NULL) {
		job->size_known = 1;
		if (!known->ok)
			return job->kt == CKK_RSA ? CKR_KEY_SIZE_RANGE
						  : CKR_CURVE_NOT_SUPPORTED;
	}
	return CKR_OK;
}

/* The key size or curve a generation template asks for. */
static CK_RV key_size(job_t *job, const mech_row_t *row,
		      const CK_ATTRIBUTE *pub, CK_ULONG n_pub)
{
	const CK_ATTRIBUTE *a;
	const pubkey_curve_t *curve;
	const uint8_t *e;
	size_t len;
	CK_ULONG bits;

	if (job->kt == CKK_EC) {
		a = attr_template_find(pub, n_pub, CKA_EC_PARAMS);
		if (a == NULL)
			return CKR_TEMPLATE_INCOMPLETE;
		curve = pubkey_curve_from_params(a->pValue, a->ulValueLen);
		if (curve == NULL)
			return CKR_CURVE_NOT_SUPPORTED;
		job->attrs.type = PARSEC_KEY_TYPE_ECC_KEY_PAIR;
		job->attrs.ecc_family = curve->family;
		job->attrs.bits = curve->bits;
		return CKR_OK;
	}
	a = attr_template_find(pub, n_pub, CKA_MODULUS_BITS);
	if (a == NULL)
		return CKR_TEMPLATE_INCOMPLETE;
	bits = attr_template_ulong(a);
	if (bits < row->min_size || bits > row->max_size)
		return CKR_KEY_SIZE_RANGE;
	/* PSA generates RSA keys with exponent 65537 only. */
	a = attr_template_find(pub, n_pub, CKA_PUBLIC_EXPONENT);
	if (a != NULL) {
		e = a->pValue;
		len = a->ulValueLen;
		while (len > 0 && *e == 0) {
			e++;
			len--;
		}
		if (len != sizeof(exponent_65537) ||
		    memcmp(e, exponent_65537, len) != 0)
			return CKR_ATTRIBUTE_VALUE_INVALID;
	}
	job->attrs.type = PARSEC_KEY_TYPE_RSA_KEY_PAIR;
	job->attrs.bits = (uint32_t)bits;
	return CKR_OK;
}

/* ----- Parsec (no lock) -------------------------------------------- */

static int refused(parsec_status_t ps)
{
	return ps == PARSEC_PSA_ERROR_NOT_SUPPORTED ||
	       ps == PARSEC_PSA_ERROR_INVALID_ARGUMENT ||
	       ps == PARSEC_PSA_ERROR_COMMUNICATION_FAILURE;
}

/* CanDoCrypto(GENERATE), once per size. The question carries no policy
 * (algorithm none, no usage): the service then answers for the type and
 * size alone, and a policy it refuses is learnt from the generation. */
static parsec_status_t ask_size(core_t *c, job_t *job)
{
	parsec_key_attributes_t bare = job->attrs;
	parsec_status_t ps;

	bare.usage = 0;
	memset(&bare.alg, 0, sizeof(bare.alg));
	job->size_asked = 1;
	ps = parsec_can_do_crypto(c->pc, job->provider, PARSEC_CHECK_GENERATE,
				  &bare);
	job->size_ok = ps == PARSEC_SUCCESS;
	return refused(ps) ? PARSEC_SUCCESS : ps;
}

static parsec_status_t create_key(core_t *c, job_t *job)
{
	if (job->data != NULL)
		return parsec_import_key(c->pc, job->provider, job->name,
					 &job->attrs, job->data, job->len);
	return parsec_generate_key(c->pc, job->provider, job->name,
				   &job->attrs);
}

static CK_RV talk(core_t *c, job_t *job, parsec_buffer_t *exported)
{
	status_ckr_ctx_t ctx = job->data != NULL ? STATUS_CKR_CTX_IMPORT
			       : job->kt == CKK_RSA
				       ? STATUS_CKR_CTX_GENERATE_RSA
				       : STATUS_CKR_CTX_GENERATE_EC;
	parsec_status_t ps = PARSEC_SUCCESS;

	if (job->data == NULL && job->can_do && !job->size_known)
		ps = ask_size(c, job);
	if (ps != PARSEC_SUCCESS) {
		job->failed = ps;
		return status_ckr(ps, STATUS_CKR_CTX_ANY);
	}
	if (job->size_asked && !job->size_ok)
		return job->kt == CKK_RSA ? CKR_KEY_SIZE_RANGE
					  : CKR_CURVE_NOT_SUPPORTED;
	ps = create_key(c, job);
	if (refused(ps) && key_policy_is_wildcard(&job->policy)) {
		key_policy_use_specific_hash(&job->policy, job->kt,
					     job->attrs.bits);
		key_policy_parsec_attributes(&job->policy, &job->attrs);
		ps = create_key(c, job);
		job->wildcard_refused = ps == PARSEC_SUCCESS;
	}
	job->created = ps == PARSEC_SUCCESS;
	if (ps == PARSEC_SUCCESS && job->data == NULL)
		ps = parsec_export_public_key(c->pc, job->provider, job->name,
					      exported);
	if (ps == PARSEC_SUCCESS)
		return CKR_OK;
	parsec_log(PARSEC_LOG_WARNING, "%s of key '%s' on provider %u: %s",
		   job->data != NULL ? "import" : "generation", job->name,
		   job->provider, parsec_status_message(ps));
	/* Where CanDoCrypto answered, a size refusal was caught above. */
	if (job->can_do && ctx != STATUS_CKR_CTX_IMPORT)
		ctx = STATUS_CKR_CTX_ANY;
	job->failed = ps;
	return status_ckr(ps, ctx);
}

/* ----- publish (lock held) ----------------------------------------- */

static void learn(token_t *t, const job_t *job)
{
	size_answer_t *p;

	if (job->wildcard_refused)
		t->wildcard_refused |= 1u << job->policy.alg.kind;
	if (!job->size_asked || size_answer(t, &job->attrs) != NULL)
		return;
	p = realloc(t->sizes, (t->n_sizes + 1) * sizeof(*p));
	if (p == NULL)
		return;
	t->sizes = p;
	p[t->n_sizes].type = job->attrs.type;
	p[t->n_sizes].family = job->attrs.ecc_family;
	p[t->n_sizes].bits = job->attrs.bits;
	p[t->n_sizes].ok = job->size_ok;
	t->n_sizes++;
}

static CK_RV build_and_publish(core_t *c, token_t *t, session_t *s, job_t *job,
			       const attr_list_t *values,
			       const CK_ATTRIBUTE *priv, CK_ULONG n_priv,
			       const CK_ATTRIBUTE *pub, CK_ULONG n_pub,
			       object_t **objs)
{
	keypair_in_t in;
	size_t n;
	CK_RV rv;

	memset(&in, 0, sizeof(in));
	in.origin = job->data != NULL ? KEYPAIR_IMPORTED : KEYPAIR_GENERATED;
	in.key_type = job->kt;
	in.gen_mech = job->mech;
	in.key_name = job->name;
	in.session_key = job->session_key;
	in.pub_values = values;
	in.policy = &job->policy;
	in.priv_tmpl = priv;
	in.priv_count = n_priv;
	in.pub_tmpl = pub;
	in.pub_count = n_pub;
	rv = keypair_build(&in, &objs[0], job->data != NULL ? NULL : &objs[1]);
	if (rv != CKR_OK)
		return rv;
	n = objs[1] != NULL ? 2 : 1;
	/* A token public key cannot lean on a session key: it keeps only
	 * the public value. */
	if (n == 2 && job->session_key && object_is_token(objs[1])) {
		free(objs[1]->key_name);
		objs[1]->key_name = NULL;
		objs[1]->session_key = 0;
	}
	return objects_publish(c, t, s, objs, n);
}

CK_RV keygen_publish_secret(core_t *c, CK_SESSION_HANDLE h,
			    const secret_key_in_t *in, CK_OBJECT_HANDLE_PTR out)
{
	object_t *o = NULL;
	session_t *s = core_session(c, h);
	token_t *t = s != NULL ? core_token(c, s->slot) : NULL;
	CK_RV rv;

	if (t == NULL)
		return CKR_SESSION_HANDLE_INVALID;
	rv = secret_key_build(in, &o);
	if (rv == CKR_OK)
		rv = objects_publish(c, t, s, &o, 1);
	if (rv == CKR_OK)
		*out = o->handle;
	else
		object_free(o);
	return rv;
}

void keygen_undo(core_t *c, uint8_t provider, const char *name)
{
	parsec_status_t ps = parsec_destroy_key(c->pc, provider, name);

	if (ps != PARSEC_SUCCESS)
		parsec_log(PARSEC_LOG_WARNING,
			   "could not destroy key '%s' after a failure: %s",
			   name, parsec_status_message(ps));
}

/* Steps 2 and 3, shared by generation and import. */
static CK_RV run(core_t *c, job_t *job, const attr_list_t *import_values,
		 const CK_ATTRIBUTE *priv, CK_ULONG n_priv,
		 const CK_ATTRIBUTE *pub, CK_ULONG n_pub, object_t **objs)
{
	parsec_buffer_t exported = {NULL, 0};
	attr_list_t values = ATTR_LIST_INIT;
	session_t *s;
	token_t *t;
	int tries;
	CK_RV rv;

	for (tries = 1;; tries++) {
		rv = talk(c, job, &exported);
		if (job->failed != PARSEC_PSA_ERROR_ALREADY_EXISTS ||
		    tries == 3)
			break;
		/* Another client took the name since ListKeys: the next
		 * free one (the taken name stays reserved). */
		lock_take(c->lock);
		s = core_session(c, job->h);
		t = s != NULL ? core_token(c, s->slot) : NULL;
		rv = t != NULL ? make_name(c, t, job, priv, n_priv, pub, n_pub)
			       : CKR_SESSION_HANDLE_INVALID;
		lock_give(c->lock);
		if (rv != CKR_OK)
			return rv;
		job->failed = PARSEC_SUCCESS;
	}
	if (rv == CKR_OK && job->data == NULL)
		rv = pubkey_from_export(&job->attrs, exported.data,
					exported.len, &values);
	parsec_buffer_free(&exported);
	lock_take(c->lock);
	if (job->failed != PARSEC_SUCCESS)
		core_parsec_result(c, job->failed, 0); /* presence */
	s = core_session(c, job->h);
	t = s != NULL ? core_token(c, s->slot) : NULL;
	if (t != NULL)
		learn(t, job);
	if (rv == CKR_OK && t == NULL)
		rv = CKR_SESSION_HANDLE_INVALID;
	if (rv == CKR_OK)
		rv = build_and_publish(c, t, s, job,
				       import_values ? import_values : &values,
				       priv, n_priv, pub, n_pub, objs);
	lock_give(c->lock);
	attr_list_free(&values);
	if (rv != CKR_OK && job->created)
		keygen_undo(c, job->provider, job->name);
	return rv;
}

CK_RV keygen_generate_key_pair(CK_SESSION_HANDLE h, const CK_MECHANISM *m,
			       const CK_ATTRIBUTE *pub, CK_ULONG n_pub,
			       const CK_ATTRIBUTE *priv, CK_ULONG n_priv,
			       CK_OBJECT_HANDLE_PTR h_pub,
			       CK_OBJECT_HANDLE_PTR h_priv)
{
	object_t *objs[2] = {NULL, NULL};
	const mech_row_t *row;
	job_t job;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	memset(&job, 0, sizeof(job));
	job.h = h;
	job.provider = t->provider;
	rv = mech_check(t, m, MECH_GENERATE_PAIR, &row);
	if (rv == CKR_OK) {
		job.kt = row->key_type;
		job.mech = row->type;
		rv = object_check_template(CKO_PUBLIC_KEY, job.kt,
					   OBJECT_OP_GENERATE, pub, n_pub);
	}
	if (rv == CKR_OK)
		rv = object_check_template(CKO_PRIVATE_KEY, job.kt,
					   OBJECT_OP_GENERATE, priv, n_priv);
	if (rv == CKR_OK)
		rv = objects_may_write(
			s, t, keygen_tmpl_bool(pub, n_pub, CKA_TOKEN, 0),
			keygen_tmpl_bool(pub, n_pub, CKA_PRIVATE, 0));
	if (rv == CKR_OK)
		rv = objects_may_write(
			s, t, keygen_tmpl_bool(priv, n_priv, CKA_TOKEN, 0),
			keygen_tmpl_bool(priv, n_priv, CKA_PRIVATE, 1));
	if (rv == CKR_OK)
		rv = key_size(&job, row, pub, n_pub);
	if (rv == CKR_OK)
		rv = choose_policy(t, &job, priv, n_priv);
	job.session_key = !keygen_tmpl_bool(priv, n_priv, CKA_TOKEN, 0);
	if (rv == CKR_OK)
		rv = make_name(c, t, &job, priv, n_priv, pub, n_pub);
	lock_give(c->lock);
	if (rv == CKR_OK)
		rv = run(c, &job, NULL, priv, n_priv, pub, n_pub, objs);
	if (rv == CKR_OK) {
		*h_priv = objs[0]->handle;
		*h_pub = objs[1]->handle;
	} else {
		object_free(objs[0]);
		object_free(objs[1]);
	}
	free(job.name);
	return rv;
}

CK_RV keygen_import(CK_SESSION_HANDLE h, CK_KEY_TYPE kt,
		    const CK_ATTRIBUTE *tmpl, CK_ULONG count,
		    CK_OBJECT_HANDLE_PTR out)
{
	object_t *objs[2] = {NULL, NULL};
	attr_list_t values = ATTR_LIST_INIT;
	uint8_t *data = NULL;
	size_t len = 0;
	job_t job;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv;

	memset(&job, 0, sizeof(job));
	job.kt = kt;
	job.h = h;
	job.mech = CK_UNAVAILABLE_INFORMATION;
	/* OpenSSL work first, without the lock. */
	rv = pubkey_private_from_template(kt, tmpl, count, &job.attrs, &data,
					  &len, &values);
	if (rv != CKR_OK)
		return rv;
	job.data = data;
	job.len = len;
	rv = core_enter_session(h, &c, &s, &t);
	if (rv != CKR_OK)
		goto out;
	job.provider = t->provider;
	rv = choose_policy(t, &job, tmpl, count);
	job.session_key = !keygen_tmpl_bool(tmpl, count, CKA_TOKEN, 0);
	if (rv == CKR_OK)
		rv = make_name(c, t, &job, tmpl, count, NULL, 0);
	lock_give(c->lock);
	if (rv == CKR_OK)
		rv = run(c, &job, &values, tmpl, count, NULL, 0, objs);
	if (rv == CKR_OK)
		*out = objs[0]->handle;
	else
		object_free(objs[0]);
out:
	pubkey_free_secret(data, len);
	attr_list_free(&values);
	free(job.name);
	return rv;
}
