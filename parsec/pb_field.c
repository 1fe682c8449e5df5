/*
 * pb_field.c - field access through protobuf-c descriptors.
 *
 * Field values are copied with memcpy: the storage is typed by the
 * generated struct, and this avoids reading it through another type.
 * In protobuf-c, a oneof's case member holds the field number of the arm
 * that is set (its quantifier_offset).
 */
#include "pb_field.h"

#include <string.h>

static const ProtobufCFieldDescriptor *field_of(const ProtobufCMessage *m,
						unsigned number)
{
	return protobuf_c_message_descriptor_get_field(m->descriptor, number);
}

static int is_oneof(const ProtobufCFieldDescriptor *f)
{
	return (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0;
}

static void set_case(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	uint32_t number = f->id;

	if (is_oneof(f))
		memcpy((char *)m + f->quantifier_offset, &number,
		       sizeof(number));
}

/* True when the field holds a value: not an unset oneof arm. */
static int is_current(const ProtobufCMessage *m,
		      const ProtobufCFieldDescriptor *f)
{
	uint32_t number;

	if (!is_oneof(f))
		return 1;
	memcpy(&number, (const char *)m + f->quantifier_offset, sizeof(number));
	return number == f->id;
}

static int is_int32(const ProtobufCFieldDescriptor *f)
{
	return f->label != PROTOBUF_C_LABEL_REPEATED &&
	       (f->type == PROTOBUF_C_TYPE_ENUM ||
		f->type == PROTOBUF_C_TYPE_UINT32 ||
		f->type == PROTOBUF_C_TYPE_INT32);
}

ProtobufCMessage *pb_field_new_message(ProtobufCMessage *parent,
				       unsigned number, void *storage,
				       size_t size)
{
	const ProtobufCFieldDescriptor *f = field_of(parent, number);
	const ProtobufCMessageDescriptor *d;
	ProtobufCMessage *child = storage;

	if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE ||
	    f->label == PROTOBUF_C_LABEL_REPEATED)
		return NULL;
	d = f->descriptor;
	if (d->sizeof_message > size)
		return NULL;
	protobuf_c_message_init(d, child);
	memcpy((char *)parent + f->offset, &child, sizeof(child));
	set_case(parent, f);
	return child;
}

int pb_field_set_int(ProtobufCMessage *parent, unsigned number, int32_t value)
{
	const ProtobufCFieldDescriptor *f = field_of(parent, number);

	if (!f || !is_int32(f))
		return -1;
	memcpy((char *)parent + f->offset, &value, sizeof(value));
	set_case(parent, f);
	return 0;
}

unsigned pb_field_oneof_case(const ProtobufCMessage *m, unsigned number)
{
	const ProtobufCFieldDescriptor *f = field_of(m, number);
	uint32_t current;

	if (!f || !is_oneof(f))
		return 0;
	memcpy(&current, (const char *)m + f->quantifier_offset,
	       sizeof(current));
	return current;
}

const ProtobufCMessage *pb_field_get_message(const ProtobufCMessage *m,
					     unsigned number)
{
	const ProtobufCFieldDescriptor *f = field_of(m, number);
	const ProtobufCMessage *child;

	if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE ||
	    f->label == PROTOBUF_C_LABEL_REPEATED || !is_current(m, f))
		return NULL;
	memcpy(&child, (const char *)m + f->offset, sizeof(child));
	return child;
}

int pb_field_get_int(const ProtobufCMessage *m, unsigned number, int32_t *value)
{
	const ProtobufCFieldDescriptor *f = field_of(m, number);

	if (!f || !is_int32(f) || !is_current(m, f))
		return -1;
	memcpy(value, (const char *)m + f->offset, sizeof(*value));
	return 0;
}

const ProtobufCBinaryData *pb_field_get_bytes(const ProtobufCMessage *m,
					      unsigned number)
{
	const ProtobufCFieldDescriptor *f = field_of(m, number);

	if (!f || f->type != PROTOBUF_C_TYPE_BYTES ||
	    f->label == PROTOBUF_C_LABEL_REPEATED || !is_current(m, f))
		return NULL;
	return (const ProtobufCBinaryData *)((const char *)m + f->offset);
}

ProtobufCMessage *const *pb_field_get_messages(const ProtobufCMessage *m,
					       unsigned number, size_t *n)
{
	const ProtobufCFieldDescriptor *f = field_of(m, number);
	ProtobufCMessage **items;

	*n = 0;
	if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE ||
	    f->label != PROTOBUF_C_LABEL_REPEATED)
		return NULL;
	memcpy(n, (const char *)m + f->quantifier_offset, sizeof(*n));
	memcpy(&items, (const char *)m + f->offset, sizeof(items));
	return items;
}

int pb_field_type(const ProtobufCMessageDescriptor *desc, unsigned number)
{
	const ProtobufCFieldDescriptor *f =
		protobuf_c_message_descriptor_get_field(desc, number);

	return f ? (int)f->type : -1;
}
