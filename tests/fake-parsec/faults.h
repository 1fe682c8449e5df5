/*
 * faults.h - fault switches read from the --control file on each request,
 * so a test can make the double slow, mute, incoherent or refusing.
 *
 * The file holds key=value lines ('#' starts a comment):
 *   delay_ms=N  sleep N ms before answering
 *   drop=1      close the connection without answering
 *   garbage=1   answer with random bytes instead of a response
 *   status=N    answer status N, empty body, the request header echoed
 *   opcode=N    apply the faults only to requests with this opcode
 *   count=N     apply them to the next N matching requests only; the
 *               remaining count is kept in memory for this exact content
 *               of the file, and starts again when the content changes
 * A missing or empty file means no fault.
 */
#ifndef FAKE_PARSEC_FAULTS_H
#define FAKE_PARSEC_FAULTS_H

#include "fake.h"

typedef struct fake_faults fake_faults_t;

typedef struct fake_fault {
	unsigned delay_ms;
	int drop;
	int garbage;
	int has_status;
	fake_status_t status;
} fake_fault_t;

fake_faults_t *faults_new(const char *path);
void faults_free(fake_faults_t *f);

/* What to do with a request of this opcode; counts it if it matched. */
void faults_take(fake_faults_t *f, uint32_t opcode, fake_fault_t *out);

#endif
