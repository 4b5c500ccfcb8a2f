/* CSV traces: one header, then one row per step (phase names quoted by libcsv's rules).
 *
 * Columns, in order: run, t, phase, infant_arousal, infant_gaze,
 * infant_affect, infant_behavior, infant_code, caregiver_code,
 * caregiver_behavior, caregiver_stimulation, matched, infant_regulation,
 * infant_trust, infant_contingency_loss, caregiver_arousal,
 * caregiver_intrusion, caregiver_soothe; a timeline of several sessions
 * has a `session` column after run (t restarts at 0 in each session).
 * Numbers are printed with fixed decimals so that the same run gives the
 * same bytes on every machine; t gets as many decimals as dt needs. */
#ifndef ATT_TRACE_H
#define ATT_TRACE_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stdio.h>
#include "attune/error.h"
#include "attune/sim.h"

typedef struct att_trace att_trace;

/* Starts a trace on `fp` (not owned; the caller closes it) for steps of `dt`
 * seconds and writes the header.  Returns NULL and fills `err`: ATT_EIO if
 * writing fails, ATT_ENOMEM, or ATT_EINTERNAL ("att_trace_new: no stream")
 * when `fp` is NULL (a caller's mistake). */
att_trace *att_trace_new(FILE *fp, double dt, att_error *err);

/* The same for a scenario of `sessions` sessions: with more than one the
 * trace gets the session column.  The same errors (a NULL `fp`:
 * "att_trace_open: no stream"). */
att_trace *att_trace_open(FILE *fp, double dt, long sessions, att_error *err);

/* Formats one row into the writer's buffer, which goes to the stream in one
 * fwrite once it holds 64 KiB: so a row reaches the stream at the latest at
 * att_trace_flush or att_trace_free.  Returns ATT_OK, or ATT_EIO (with a
 * message; the rows held are lost) when writing the buffer failed, or
 * ATT_ENOMEM. */
int att_trace_write(att_trace *tr, const att_step *step, att_error *err);

/* Writes the rows held to the stream (not fflush: the stream's own buffer
 * is the caller's).  Returns ATT_OK or ATT_EIO (with a message). */
int att_trace_flush(att_trace *tr, att_error *err);

/* Writes the rows still held and frees the writer (does not close the
 * stream); a write error then shows only in ferror() of the stream, so
 * call att_trace_flush first to get its message.  NULL does nothing. */
void att_trace_free(att_trace *tr);

/* The column names, in order, and how many there are. */
extern const char *const att_trace_columns[];
extern const size_t att_trace_column_count;

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
