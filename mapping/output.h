/*
 * output.h - the PKCS#11 convention for returning output (v2.40 base
 * §5.2), shared by every helper that writes into a caller's buffer:
 * with out NULL the caller is asking for the size; with a buffer too
 * small it is told the size and CKR_BUFFER_TOO_SMALL; otherwise the
 * output is written and *out_len says how much.
 */
#ifndef MAPPING_OUTPUT_H
#define MAPPING_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include <p11-kit/pkcs11.h>

/* 1 when out can take needed bytes: the caller writes them. Otherwise 0,
 * with *out_len = needed and *rv = CKR_OK (size query) or
 * CKR_BUFFER_TOO_SMALL, which the caller returns. */
int output_ready(const uint8_t *out, size_t *out_len, size_t needed, CK_RV *rv);

#endif
