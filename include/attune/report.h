/* Writing window scores as CSV, JSON or an aligned table.
 *
 * The wide form (the default): CSV and JSON have one record per run and
 * window with the columns
 *   run, window, <the att_score_col names in order>, file
 * and, when pooled rows are requested (ATT_REPORT_POOLED), a first column
 * `level` ("run" or "pooled") and at the end
 *   runs, pooled_ruptures, pooled_repairs, <score>_boot_lo, <score>_boot_hi...
 * (empty on per-run rows).
 *
 * The long form (ATT_REPORT_LONG, `attune score --long`): one record per
 * unit, window and metric, with the columns
 *   level, file, run, session, window, metric, value
 * where a unit named "RUN/SESSION" (a file with run and session columns) is
 * split at its last '/' into run and session (session empty otherwise), and
 * metric is a wide column's name: the att_score_col names on a run's rows;
 * on pooled rows (level "pooled", run "pooled", file and session empty)
 * those, then runs, pooled_ruptures, pooled_repairs and the _boot_lo/_hi
 * pairs.  So a run contributes windows x ATT_SC_COUNT rows.
 *
 * Undefined values are empty fields in CSV and null in JSON, never NaN.
 * The table prints one block per run, a row per score and a column per
 * window, for reading aloud in class; undefined values are "-".  Records
 * are written as they come, so nothing is held back. */
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

/* Flags of att_report_new: pooled rows will be reported (the wide form's
 * level and pooled columns); the long form. */
enum { ATT_REPORT_POOLED = 1, ATT_REPORT_LONG = 2 };

/* A report written to `fp` (the caller's, which must outlive it); `flags`
 * are ATT_REPORT_* (0: the wide form of runs only).  The report is the
 * caller's (att_report_free).  Returns NULL with `err` (may be NULL)
 * filled: ATT_EINPUT when `fp` is NULL, `fmt` is not an att_format, or the
 * long form is asked as a table; ATT_ENOMEM when out of memory. */
att_report *att_report_new(FILE *fp, att_format fmt, int flags, att_error *err);
/* NULL does nothing.  Does not close the stream. */
void att_report_free(att_report *r);

/* One run's windows. */
int att_report_run(att_report *r, const char *file, const char *run, const att_window_score *w,
                   size_t n, att_error *err);
/* The pooled rows (run "pooled"), one per window. */
int att_report_pooled(att_report *r, const att_pooled_score *p, size_t n, att_error *err);
/* Closes the JSON array; fails with ATT_EIO if a write failed. */
int att_report_finish(att_report *r, att_error *err);

/* ---- the long form of any table of numbers --------------------------------
 *
 * A header of key columns, a name column and `value` (CSV), or an array of
 * objects with those keys (JSON), one record per att_long_row.  A key value
 * NULL or "" is an empty field in CSV and null in JSON; a key flagged
 * numeric is written bare in JSON (its text must be a JSON number).  A value
 * that is NaN or infinite is an empty field, or null.  Used by the score
 * report's long form and by `attune compare --long`.  The fields are the
 * writer's; start it with att_long_begin. */
typedef struct att_long {
    FILE *fp;
    att_format fmt;
    const char *const *keys;   /* the caller's, outliving the writer */
    const int *numeric;        /* NULL, or nkeys flags */
    size_t nkeys;
    const char *name;          /* the name column's header: "metric", "statistic" */
    long rows;
} att_long;

/* Starts a long table on `fp` (CSV: writes the header).  ATT_EINPUT when
 * `fp` or `name` is NULL or `fmt` is ATT_FORMAT_TABLE. */
int att_long_begin(att_long *w, FILE *fp, att_format fmt, const char *const *keys,
                   const int *numeric, size_t nkeys, const char *name, att_error *err);
/* One record: `vals` holds nkeys key values, then the name and the value.
 * Write errors are left on the stream (att_long_end reports them). */
void att_long_row(att_long *w, const char *const *vals, const char *name, double value);
/* Closes the JSON array; ATT_EIO if a write failed. */
int att_long_end(att_long *w, att_error *err);

/* A unit's name "RUN/SESSION" (a coded file with run and session columns)
 * split at its last '/': returns SESSION, or NULL when there is no '/', and
 * sets *run_len to the length of RUN (the whole name without a '/').  The
 * long form and the ruptures CSV write run and session with it; keep '/'
 * out of run names. */
const char *att_unit_session(const char *unit, size_t *run_len);

/* CSV fields and JSON strings are written by base/csvwrite.h and
 * base/json.h, internal to the library. */

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
