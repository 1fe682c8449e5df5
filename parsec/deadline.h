/* deadline.h - absolute deadlines on the monotonic clock, in ms. */
#ifndef PARSEC_DEADLINE_H
#define PARSEC_DEADLINE_H

#include <stdint.h>

/* The monotonic time timeout_ms from now. */
int64_t deadline_after(int timeout_ms);

/* Milliseconds left before the deadline, 0 once it has passed; suitable
 * as a poll() timeout. */
int deadline_remaining(int64_t deadline);

#endif
