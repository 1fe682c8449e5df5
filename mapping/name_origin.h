/*
 * name_origin.h - where a Parsec key name came from, and whether the
 * naming scheme explains it.
 *
 * A key's Parsec name is made once, by the `naming` scheme, from the
 * label and id its objects were created with (naming.h), and Parsec
 * cannot rename a key. When the label changes later, the name no longer
 * follows from the label; so `parsec-pkcs11 rename` first records the
 * inputs the name was made from in the objects' metadata, as the vendor
 * attribute CKA_PARSEC_NAME_ORIGIN, and the name stays explained.
 *
 * The rule (name_origin_judge):
 *  - a name the scheme could never make (empty, too long, not UTF-8, a
 *    control character or '/') or a session key's name is a violation;
 *  - with a record: a key adopted from another client is consistent;
 *    otherwise the scheme must make the name from the recorded label and
 *    id (a collision suffix "-N" and {rand} aside), else a violation;
 *  - without a record: consistent when the key was adopted (label =
 *    name, not generated here: CKA_LOCAL FALSE), when the scheme makes
 *    the name from the current label and id, or when the scheme makes it from
 * some other label and id (the label was changed through PKCS#11, which records
 *    nothing); a name no label and id can give is a violation.
 */
#ifndef MAPPING_NAME_ORIGIN_H
#define MAPPING_NAME_ORIGIN_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

#include "mapping/attr_list.h"

/* Vendor-defined ("PSN" 1): bytes, see name_origin.c for the layout. */
#define CKA_PARSEC_NAME_ORIGIN (CKA_VENDOR_DEFINED | 0x50534e01UL)

typedef enum name_origin_kind {
	NAME_ORIGIN_SCHEME = 1,	 /* made by the scheme from label and id */
	NAME_ORIGIN_FOREIGN = 2, /* chosen by another Parsec client */
} name_origin_kind_t;

typedef struct name_origin {
	name_origin_kind_t kind;
	uint8_t *label; /* NAME_ORIGIN_SCHEME: the inputs */
	size_t label_len;
	uint8_t *id;
	size_t id_len;
} name_origin_t;

void name_origin_free(name_origin_t *o);

/* The record of an object: 1 when present (decoded into *o, freed with
 * name_origin_free), 0 when absent, -1 when malformed. */
int name_origin_get(const attr_list_t *attrs, name_origin_t *o);
/* Adds or replaces the record. */
CK_RV name_origin_set(attr_list_t *attrs, const name_origin_t *o);

typedef enum name_verdict {
	NAME_FROM_CURRENT = 0, /* the current label and id make the name */
	NAME_FROM_RECORD,      /* the recorded inputs make it (renamed) */
	NAME_FROM_OTHER,       /* no record; another label/id makes it */
	NAME_FOREIGN,	       /* named by another client (adopted) */
	/* violations from here on */
	NAME_INVALID,	      /* not a name the module makes */
	NAME_SESSION,	      /* a session key's name kept in the store */
	NAME_RECORD_MISMATCH, /* the recorded inputs do not make it */
	NAME_UNEXPLAINED,     /* no label and id make it */
	NAME_BAD_RECORD,      /* the record is malformed */
} name_verdict_t;

#define name_verdict_is_violation(v) ((v) >= NAME_INVALID)

/* One line saying what the verdict means. */
const char *name_verdict_text(name_verdict_t v);

/* Judges a key's name against the scheme and the attributes of its
 * private key (or its public key when alone). When `why` is not NULL
 * and the name is consistent, *why gets the inputs that explain it (for
 * `rename` to record); free with name_origin_free. */
name_verdict_t name_origin_judge(const char *scheme, const char *key_name,
				 const attr_list_t *attrs, name_origin_t *why);

#endif
