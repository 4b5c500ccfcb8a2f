/* Latency tallies: how many ruptures were repaired, and how many censored,
 * at each distinct latency.  This is all a Kaplan-Meier estimate needs, and
 * its size grows with the number of distinct latencies, not of ruptures.
 *
 * Latencies are kept in whole microseconds, so latencies that a coder or the
 * simulation recorded as equal are exact ties even after floating-point
 * subtraction of times (12.3 - 12.0 and 5.3 - 5.0 are one latency). */
#ifndef ATT_TALLY_H
#define ATT_TALLY_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include "attune/error.h"

typedef struct att_tally att_tally;

/* A new, empty tally, owned by the caller (att_tally_free).  NULL only when
 * out of memory, with `err` (may be NULL) filled by att_error_nomem. */
att_tally *att_tally_new(att_error *err);
/* NULL does nothing. */
void att_tally_free(att_tally *t);
/* Forgets all counts (keeps the memory). */
void att_tally_clear(att_tally *t);

/* Rounds seconds to whole microseconds. */
long long att_us(double seconds);

/* Adds `count` ruptures of latency `latency_us`, repaired (1) or censored
 * (0).  Returns ATT_OK (0), or ATT_ENOMEM with `err` (may be NULL) filled by
 * att_error_nomem when out of memory (the tally is unchanged). */
int att_tally_add(att_tally *t, long long latency_us, int repaired, long count,
                  att_error *err);
/* Adds every count of `src` to `dst`: ATT_OK, or ATT_ENOMEM with `err` (may
 * be NULL) filled when out of memory (then `dst` holds part of `src`). */
int att_tally_merge(att_tally *dst, const att_tally *src, att_error *err);

/* Distinct latencies, in increasing order, and the counts at each; the
 * arrays belong to the tally and stay valid until it next changes. */
size_t att_tally_size(const att_tally *t);
const double *att_tally_times(const att_tally *t);        /* s */
const long long *att_tally_keys(const att_tally *t);      /* us */
const long *att_tally_events(const att_tally *t);         /* repaired */
const long *att_tally_censored(const att_tally *t);
long att_tally_count(const att_tally *t);                 /* all ruptures */

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
