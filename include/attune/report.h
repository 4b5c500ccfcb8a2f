/* Writing window scores as tidy CSV, JSON or an aligned table.
 *
 * CSV and JSON have one record per run and window with the columns
 *   run, window, <the att_score_col names in order>, file
 * and, when pooled rows are requested, also
 *   runs, pooled_ruptures, pooled_repairs, <score>_boot_lo, <score>_boot_hi...
 * (empty on per-run rows).  Undefined values are empty fields in CSV and
 * null in JSON.  The table prints one block per run, a row per score and a
 * column per window, for reading aloud in class; undefined values are "-".
 * Records are written as they come, so nothing is held back. */
#ifndef ATT_REPORT_H
#define ATT_REPORT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stdio.h>
#include "attune/pool.h"

typedef enum att_format { ATT_FORMAT_TABLE, ATT_FORMAT_CSV, ATT_FORMAT_JSON } att_format;

/* "table", "csv" or "json"; returns 0, or -1 for anything else: not an
 * error (a look-up; the caller words the message with the flag's name). */
int att_format_parse(const char *name, att_format *out);

typedef struct att_report att_report;

/* A report written to `fp` (the caller's, which must outlive it); `pooled`
 * adds the pooled columns.  The report is the caller's (att_report_free).
 * Returns NULL with `err` (may be NULL) filled: ATT_EINPUT when `fp` is NULL
 * or `fmt` is not an att_format, ATT_ENOMEM when out of memory. */
att_report *att_report_new(FILE *fp, att_format fmt, int pooled, att_error *err);
/* NULL does nothing.  Does not close the stream. */
void att_report_free(att_report *r);

/* One run's windows. */
int att_report_run(att_report *r, const char *file, const char *run, const att_window_score *w,
                   size_t n, att_error *err);
/* The pooled rows (run "pooled"), one per window. */
int att_report_pooled(att_report *r, const att_pooled_score *p, size_t n, att_error *err);
/* Closes the JSON array; fails with ATT_EIO if a write failed. */
int att_report_finish(att_report *r, att_error *err);

/* CSV fields and JSON strings are written by base/csvwrite.h and
 * base/json.h, internal to the library. */

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
