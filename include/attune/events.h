/* A plain-language event log for teaching, derived from consecutive steps:
 *   "12.3 s  infant turns away, arousal 0.81"
 *   "12.9 s  mother leans in and clicks her tongue"
 * The log is written into a caller's buffer; nothing is printed here. */
#ifndef ATT_EVENTS_H
#define ATT_EVENTS_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include "attune/sim.h"

/* Describes what changed from `prev` (NULL for the first step; a step of
 * another session counts as NULL) to `cur`, one line per event, each ending
 * in '\n', into `buf` of size `cap` (truncated, always NUL-terminated).
 * Every line is true of `cur`, the trace row at its time (docs/MODEL.md
 * 3.4); a timeline's session is announced at its first step.  Returns the
 * number of lines.  Never fails. */
int att_events_describe(const att_step *prev, const att_step *cur, char *buf, size_t cap);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
