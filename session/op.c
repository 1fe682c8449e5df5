/*
 * op.c - what the cryptographic operations share: C_*Init's checks, the
 * key an operation copies, the end-of-call rule, and dropping the lock
 * around a request.
 */
#include "session/op.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "mapping/ec_point.h"
#include "mapping/output.h"
#include "mapping/pubkey.h"
#include "session/objects.h"

/* What each kind needs. */
typedef struct kind_row {
	op_kind_t kind;
	unsigned fn;
	CK_OBJECT_CLASS asym_class; /* the class of an RSA or EC key */
} kind_row_t;

static const kind_row_t kind_rows[] = {
	{OP_SIGN, MECH_SIGN, CKO_PRIVATE_KEY},
	{OP_VERIFY, MECH_VERIFY, CKO_PUBLIC_KEY},
	{OP_ENCRYPT, MECH_ENCRYPT, CKO_PUBLIC_KEY},
	{OP_DECRYPT, MECH_DECRYPT, CKO_PRIVATE_KEY},
	{OP_DIGEST, MECH_DIGEST, 0},
};

/* The attribute that allows each function. */
static const struct {
	unsigned fn;
	CK_ATTRIBUTE_TYPE attr;
} usage_rows[] = {
	{MECH_SIGN, CKA_SIGN},	     {MECH_VERIFY, CKA_VERIFY},
	{MECH_ENCRYPT, CKA_ENCRYPT}, {MECH_DECRYPT, CKA_DECRYPT},
	{MECH_DERIVE, CKA_DERIVE},
};

void op_buf_clear(op_buf_t *b)
{
	if (b->p != NULL)
		OPENSSL_clear_free(b->p, b->cap);
	memset(b, 0, sizeof(*b));
}

CK_RV op_buf_add(op_buf_t *b, const uint8_t *p, size_t len)
{
	size_t cap = b->cap ? b->cap : 64;
	uint8_t *n;

	if (len == 0)
		return CKR_OK;
	/* A length no buffer has (a caller's): the sums below would wrap. */
	if (len > SIZE_MAX / 2 - b->len)
		return CKR_HOST_MEMORY;
	if (b->len + len > b->cap) {
		while (cap < b->len + len)
			cap *= 2;
		/* Not realloc: the old bytes may be plaintext, wiped when
		 * they move. */
		n = OPENSSL_malloc(cap);
		if (n == NULL)
			return CKR_HOST_MEMORY;
		if (b->len > 0)
			memcpy(n, b->p, b->len);
		if (b->p != NULL)
			OPENSSL_clear_free(b->p, b->cap);
		b->p = n;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, len);
	b->len += len;
	return CKR_OK;
}

void op_free(op_t *op)
{
	if (op == NULL)
		return;
	free(op->key.name);
	EVP_PKEY_free(op->key.pub);
	digest_ctx_free(op->digest);
	op_buf_clear(&op->label);
	op_buf_clear(&op->iv);
	op_buf_clear(&op->aad);
	op_buf_clear(&op->data);
	op_buf_clear(&op->result);
	op_buf_clear(&op->for_in);
	free(op);
}

CK_RV op_find_key(const token_t *t, CK_OBJECT_HANDLE h, object_t **o)
{
	CK_OBJECT_CLASS cls;

	*o = catalog_get(&t->cat, h);
	if (*o == NULL || (*o)->hidden)
		return CKR_KEY_HANDLE_INVALID;
	cls = (*o)->cls;
	if (cls != CKO_PRIVATE_KEY && cls != CKO_PUBLIC_KEY &&
	    cls != CKO_SECRET_KEY)
		return CKR_KEY_HANDLE_INVALID;
	/* Private objects exist for a session only once the user is in
	 * (§4.1); for an operation that is "log in first". */
	if (!objects_visible(t, *o))
		return CKR_USER_NOT_LOGGED_IN;
	return CKR_OK;
}

CK_RV op_key_allows(const object_t *o, unsigned fn, CK_MECHANISM_TYPE mech)
{
	const attr_t *a = attr_list_get(&o->attrs, CKA_ALLOWED_MECHANISMS);
	size_t i, n;

	for (i = 0; i < sizeof(usage_rows) / sizeof(usage_rows[0]); i++)
		if (usage_rows[i].fn == fn &&
		    !object_bool(o, usage_rows[i].attr))
			return CKR_KEY_FUNCTION_NOT_PERMITTED;
	/* PKCS#11 v2.40 §4.7: an empty or absent list allows every
	 * mechanism. */
	if (a == NULL || a->len < sizeof(CK_MECHANISM_TYPE))
		return CKR_OK;
	n = a->len / sizeof(CK_MECHANISM_TYPE);
	for (i = 0; i < n; i++)
		if (((const CK_MECHANISM_TYPE *)a->value)[i] == mech)
			return CKR_OK;
	return CKR_KEY_FUNCTION_NOT_PERMITTED;
}

CK_RV op_policy_permits(const op_t *op, const parsec_algorithm_t *alg)
{
	if (!op->key.has_policy || key_policy_permits(&op->key.policy, alg))
		return CKR_OK;
	parsec_log(PARSEC_LOG_DEBUG,
		   "key %lu: its Parsec policy does not permit algorithm "
		   "%d/%d",
		   (unsigned long)op->key.handle, (int)alg->kind,
		   (int)alg->hash);
	return CKR_KEY_FUNCTION_NOT_PERMITTED;
}

/* Sizes of a key from its attributes. */
static CK_RV key_sizes(const object_t *o, op_key_t *k)
{
	const attr_t *a;
	const pubkey_curve_t *curve;

	switch (k->type) {
	case CKK_RSA:
		a = attr_list_get(&o->attrs, CKA_MODULUS);
		if (a == NULL || a->len == 0)
			return CKR_KEY_TYPE_INCONSISTENT;
		k->size = a->len;
		k->bits = (uint32_t)(8 * a->len);
		return CKR_OK;
	case CKK_EC:
		a = attr_list_get(&o->attrs, CKA_EC_PARAMS);
		curve = a != NULL ? pubkey_curve_from_params(a->value, a->len)
				  : NULL;
		if (curve == NULL)
			return CKR_KEY_TYPE_INCONSISTENT;
		k->bits = curve->bits;
		k->size = ec_field_len(curve->bits);
		return CKR_OK;
	case CKK_AES:
		k->size = attr_list_get_ulong(&o->attrs, CKA_VALUE_LEN, 0);
		k->bits = (uint32_t)(8 * k->size);
		return k->size ? CKR_OK : CKR_KEY_TYPE_INCONSISTENT;
	default:
		return CKR_KEY_TYPE_INCONSISTENT;
	}
}

/* The public key for a local operation, from CKA_PUBLIC_KEY_INFO (every
 * public key object has it: mapping/pubkey.h). */
static CK_RV public_key(const object_t *o, op_key_t *k)
{
	const attr_t *a = attr_list_get(&o->attrs, CKA_PUBLIC_KEY_INFO);
	const unsigned char *p;

	if (a == NULL || a->len == 0)
		return CKR_KEY_TYPE_INCONSISTENT;
	p = a->value;
	k->pub = d2i_PUBKEY(NULL, &p, (long)a->len);
	if (k->pub == NULL)
		return CKR_KEY_TYPE_INCONSISTENT;
	return CKR_OK;
}

static CK_RV copy_key(const object_t *o, CK_OBJECT_HANDLE h, op_key_t *k)
{
	CK_RV rv;

	k->handle = h;
	k->type = object_key_type(o);
	k->has_policy =
		key_policy_of_attributes(&o->attrs, k->type, &k->policy);
	rv = key_sizes(o, k);
	if (rv == CKR_OK && o->cls == CKO_PUBLIC_KEY)
		rv = public_key(o, k);
	if (rv == CKR_OK && o->key_name != NULL && o->cls != CKO_PUBLIC_KEY) {
		k->name = strdup(o->key_name);
		if (k->name == NULL)
			rv = CKR_HOST_MEMORY;
	}
	return rv;
}

/* The key's class and type fit the mechanism and the function. */
static CK_RV key_fits(const object_t *o, const kind_row_t *kr,
		      const mech_row_t *row)
{
	CK_OBJECT_CLASS want =
		row->key_type == CKK_AES ? CKO_SECRET_KEY : kr->asym_class;

	if (o->cls != want || object_key_type(o) != row->key_type)
		return CKR_KEY_TYPE_INCONSISTENT;
	/* Decrypting and signing need the Parsec key. */
	if (o->cls != CKO_PUBLIC_KEY && o->key_name == NULL)
		return CKR_KEY_TYPE_INCONSISTENT;
	return CKR_OK;
}

static CK_RV init_key(token_t *t, op_t *op, const kind_row_t *kr,
		      CK_OBJECT_HANDLE key, object_t **o)
{
	CK_RV rv = op_find_key(t, key, o);

	if (rv == CKR_OK)
		rv = key_fits(*o, kr, op->row);
	if (rv == CKR_OK)
		rv = copy_key(*o, key, &op->key);
	return rv;
}

CK_RV op_init(CK_SESSION_HANDLE h, op_kind_t kind, const CK_MECHANISM *m,
	      CK_OBJECT_HANDLE key, op_setup_fn setup)
{
	const kind_row_t *kr = &kind_rows[kind];
	object_t *o = NULL;
	op_t *op = NULL;
	core_t *c;
	session_t *s;
	token_t *t;
	CK_RV rv = core_enter_session(h, &c, &s, &t);

	if (rv != CKR_OK)
		return rv;
	if (s->ops[kind] != NULL) {
		rv = CKR_OPERATION_ACTIVE;
		goto out;
	}
	op = calloc(1, sizeof(*op));
	if (op == NULL) {
		rv = CKR_HOST_MEMORY;
		goto out;
	}
	op->kind = kind;
	rv = mech_check(t, m, kr->fn, &op->row);
	if (rv == CKR_OK && kind != OP_DIGEST)
		rv = init_key(t, op, kr, key, &o);
	if (rv == CKR_OK)
		rv = setup(op, m, t);
	if (rv == CKR_OK && o != NULL)
		rv = op_key_allows(o, kr->fn, m->mechanism);
	if (rv == CKR_OK && op->alg_fixed)
		rv = op_policy_permits(op, &op->alg);
	if (rv == CKR_OK) {
		s->ops[kind] = op;
		op = NULL;
	}
out:
	op_free(op);
	lock_give(c->lock);
	return rv;
}

CK_RV op_enter(CK_SESSION_HANDLE h, op_kind_t kind, op_call_t *x)
{
	CK_RV rv;

	memset(x, 0, sizeof(*x));
	x->h = h;
	x->kind = kind;
	rv = core_enter_session(h, &x->c, &x->s, &x->t);
	if (rv != CKR_OK)
		return rv;
	x->op = x->s->ops[kind];
	if (x->op == NULL)
		rv = CKR_OPERATION_NOT_INITIALIZED;
	else if (x->op->busy)
		rv = CKR_OPERATION_ACTIVE;
	if (rv != CKR_OK)
		lock_give(x->c->lock);
	return rv;
}

CK_RV op_enter_single(CK_SESSION_HANDLE h, op_kind_t kind, const void *in,
		      CK_ULONG len, int ptrs_ok, op_call_t *x)
{
	CK_RV rv = op_enter(h, kind, x);

	if (rv != CKR_OK)
		return rv;
	/* §5.8-5.12: a single-part call cannot end a multi-part
	 * operation; it is refused and changes nothing (§5.1). */
	if (x->op->multi)
		return op_leave(x, CKR_OPERATION_ACTIVE, 1);
	if (!ptrs_ok || (in == NULL && len != 0))
		return op_leave(x, CKR_ARGUMENTS_BAD, 0);
	return CKR_OK;
}

CK_RV op_enter_part(CK_SESSION_HANDLE h, op_kind_t kind, const void *in,
		    CK_ULONG len, int ptrs_ok, op_call_t *x)
{
	CK_RV rv = op_enter(h, kind, x);

	if (rv != CKR_OK)
		return rv;
	if (x->op->row->input == MECH_INPUT_AS_GIVEN)
		return op_leave(x, CKR_FUNCTION_NOT_SUPPORTED, 0);
	if (!ptrs_ok || (in == NULL && len != 0))
		return op_leave(x, CKR_ARGUMENTS_BAD, 0);
	return CKR_OK;
}

CK_RV op_leave(op_call_t *x, CK_RV rv, int keep)
{
	if (x->s != NULL && rv != CKR_BUFFER_TOO_SMALL &&
	    !(keep && (rv == CKR_OK || rv == CKR_OPERATION_ACTIVE))) {
		op_free(x->s->ops[x->kind]);
		x->s->ops[x->kind] = NULL;
	}
	lock_give(x->c->lock);
	return rv;
}

CK_RV op_key_usable(const op_call_t *x)
{
	object_t *o;

	return op_find_key(x->t, x->op->key.handle, &o);
}

void op_suspend(op_call_t *x)
{
	x->op->busy = 1;
	lock_give(x->c->lock);
}

CK_RV op_resume(op_call_t *x)
{
	lock_take(x->c->lock);
	x->s = core_session(x->c, x->h);
	x->t = x->s != NULL ? core_token(x->c, x->s->slot) : NULL;
	x->op = x->s != NULL ? x->s->ops[x->kind] : NULL;
	/* Handles are never reused: a session found is the same one, and
	 * its busy operation cannot have been replaced. */
	if (x->op == NULL || x->t == NULL) {
		x->s = NULL;
		return CKR_SESSION_CLOSED;
	}
	x->op->busy = 0;
	return CKR_OK;
}

int op_room(CK_BYTE *out, CK_ULONG *out_len, size_t n, CK_RV *rv)
{
	size_t have = *out_len;

	if (output_ready(out, &have, n, rv))
		return 1;
	*out_len = have;
	return 0;
}

CK_RV op_update_hashed(CK_SESSION_HANDLE h, op_kind_t kind, const CK_BYTE *part,
		       CK_ULONG len)
{
	op_call_t x;
	CK_RV rv = op_enter_part(h, kind, part, len, 1, &x);

	if (rv != CKR_OK)
		return rv;
	x.op->multi = 1;
	rv = digest_ctx_update(x.op->digest, part, len);
	return op_leave(&x, rv, 1);
}
