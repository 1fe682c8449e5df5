/*
 * pb_field.h - reading and writing protobuf-c message fields by field
 * number, through the message descriptors.
 *
 * The PSA algorithm and key type messages are deep oneof trees with one
 * small message per arm. Going through the descriptors lets convert_*.c
 * describe each arm as a row of a table instead of a branch of code.
 */
#ifndef PARSEC_PB_FIELD_H
#define PARSEC_PB_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

/* Initialises, in storage (size bytes), the message that field `number`
 * of parent holds, and sets the field (and its oneof case) to it.
 * Returns the new message, or NULL if the field is not a message field
 * or the storage too small. */
ProtobufCMessage *pb_field_new_message(ProtobufCMessage *parent,
				       unsigned number, void *storage,
				       size_t size);

/* Sets an enum or 32-bit integer field (and its oneof case). Returns -1
 * if there is no such field. */
int pb_field_set_int(ProtobufCMessage *parent, unsigned number, int32_t value);

/* The field number of the arm set in the oneof that field `number`
 * belongs to; 0 when none is set. */
unsigned pb_field_oneof_case(const ProtobufCMessage *m, unsigned number);

/* The value of a message field, NULL when unset or another oneof arm is
 * set. */
const ProtobufCMessage *pb_field_get_message(const ProtobufCMessage *m,
					     unsigned number);

/* The value of an enum or 32-bit integer field; *value untouched and -1
 * returned when there is no such field or another oneof arm is set. */
int pb_field_get_int(const ProtobufCMessage *m, unsigned number,
		     int32_t *value);

/* The value of a bytes field, NULL if there is none. */
const ProtobufCBinaryData *pb_field_get_bytes(const ProtobufCMessage *m,
					      unsigned number);

/* The items of a repeated message field; *n is their number. */
ProtobufCMessage *const *pb_field_get_messages(const ProtobufCMessage *m,
					       unsigned number, size_t *n);

/* The field's type, or -1 when the message has no such field. */
int pb_field_type(const ProtobufCMessageDescriptor *desc, unsigned number);

#endif
