/* The batch results file: its one owner.  What the columns are (the header),
 * how a run's lines are written, how a file is read back line by line and
 * checked (batch --resume, merge), and where compare finds the columns it
 * checks.  docs/BATCH.md describes the format; include/attune/batch.h the
 * columns.  Internal to the library (not installed).
 *
 * Lines are read as bytes, not as CSV rows, because their readers keep
 * bytes: resume cuts FILE.part after the last whole run, merge copies rows
 * unchanged.  Compare reads rows with base/csvread.h (ATT_CSV_RESULTS) and
 * finds its columns with att_results_find_columns. */
#ifndef ATT_BATCH_RESULTS_H
#define ATT_BATCH_RESULTS_H

#include <stddef.h>
#include <stdio.h>
#include "attune/batch.h"
#include "attune/buf.h"
#include "attune/error.h"
#include "attune/scenario.h"
#include "attune/scorer.h"
#include "attune/tally.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

#ifdef __cplusplus
extern "C" {
#endif

/* ---- columns ---- */

/* How the header starts when runs have one line per session. */
#define ATT_RESULTS_SESSION_HEAD "experiment,run,runs,condition,replicate,session,"
/* And with the trust column, which follows session. */
#define ATT_RESULTS_TRUST_HEAD ATT_RESULTS_SESSION_HEAD "trust,"

/* Said of a header without a single WINDOW.METRIC column. */
#define ATT_RESULTS_NO_WINDOWS "not a results file of attune batch: no window columns " \
                               "(WINDOW.METRIC, such as all.matched_prop)"

/* The metrics batch adds to each window's scores: the time-weighted mean
 * arousal of the infant and of the caregiver over the window's steps. */
#define ATT_RESULTS_INFANT_AROUSAL "infant_arousal_mean"
#define ATT_RESULTS_CAREGIVER_AROUSAL "caregiver_arousal_mean"

/* The header line (with its '\n') of experiment `base`, with the session
 * column or not, the `nfixed` fixed condition keys `fixed` after the
 * varied keys; the caller frees it.  NULL with ATT_ENOMEM in `err`. */
char *att_results_header(const att_scenario *base, int session_column,
                         const char *const *fixed, size_t nfixed, att_error *err);

/* Field indices of the columns a reader checks, -1 where absent. */
typedef struct att_results_cols {
    int experiment, run, runs, session;
} att_results_cols;

/* Finds them among the `n` header names. */
void att_results_find_columns(const char *const *names, int n, att_results_cols *cols);

/* Checks a header line as written (its '\n' included, from a file of
 * unknown origin): separated by commas, quotes closed, every column named
 * once, experiment,run,runs first and some WINDOW.METRIC column.  Sets
 * *nfields.  Returns ATT_OK, ATT_EINPUT with "PATH:1: what is wrong", or
 * ATT_ENOMEM. */
int att_results_check_header(const char *path, const char *line, long *nfields,
                             att_error *err);

/* The number of fields of a line (commas outside quotes, plus one). */
long att_results_count_fields(const char *line);

/* ---- writing ---- */

/* What the head of one line says. */
typedef struct att_results_line {
    const char *id;                /* the experiment column */
    long run, runs;                /* run 0-based (written 1-based), the total */
    const char *condition;
    long replicate;                /* 1-based */
    int session_column;            /* write the session column (trust is always written) */
    long session;                  /* 1-based */
    double trust;                  /* the infant's trust at the session's end */
    unsigned long seed;
    const att_scenario *base;      /* the experiment: its varied keys and phases */
    const att_scenario *used;      /* the run's scenario: the varied keys' values */
    const char *fixed;             /* ",V1,V2": the fixed condition keys' fields, or NULL */
    const double *infant_arousal;  /* per window (all, then each phase); NULL: empty */
    const double *caregiver_arousal;
} att_results_line;

/* Appends `s` as a CSV field (quoted when it holds a comma, a quote or a
 * line end); a number with "%.10g", nothing for NaN or an infinity
 * (empty = NA, as in every CSV attune writes).  ATT_OK or ATT_ENOMEM. */
int att_results_field(att_buf *b, const char *s, att_error *err);
int att_results_number_field(att_buf *b, double x, att_error *err);

/* Appends ",V" for each varied key (its value in ln->used) and then
 * ln->fixed: the parameter fields of a line.  ATT_OK or ATT_ENOMEM. */
int att_results_add_keys(att_buf *out, const att_results_line *ln, att_error *err);

/* Appends one line (with its '\n') of scores from `sc` (its windows: all,
 * then each phase of `base`).  Returns ATT_OK; ATT_ENOMEM; a scorer's error;
 * or ATT_EINPUT for a line longer than ATT_CSV_MAX_RESULTS_ROW, which no
 * reader would take back.  On error `out` may hold part of the line. */
int att_results_add_line(att_buf *out, const att_results_line *ln, const att_scorer *sc,
                         att_error *err);

/* ---- reading ---- */

enum {
    /* Lines as they are, as batch wrote them (resume). */
    ATT_RESULTS_AS_WRITTEN = 0,
    /* Files of any origin (merge): LF, CRLF or CR line ends all read as '\n',
     * a UTF-8 byte order mark on line 1 dropped, NUL bytes and UTF-16 or
     * UTF-32 refused. */
    ATT_RESULTS_ANY_ENDS = 1
};

/* A file read line by line; the current line, its '\n' included (absent
 * on a last line cut short), is `line`, `len` bytes. */
typedef struct att_results_lines {
    FILE *fp;
    const char *path;
    int flags;
    long lineno;        /* of the current line, 1-based */
    char *line;
    size_t len, cap;
    long long end;      /* bytes of the file read up to the current line's end */
} att_results_lines;

/* Starts reading `fp` (the caller closes it); `path` names it in messages. */
void att_results_lines_init(att_results_lines *r, FILE *fp, const char *path, int flags);

/* Reads the next line.  Returns 1, 0 at the end of the file, or -1 with
 * ATT_EINPUT in `err` ("PATH:LINE: ...") for a line longer than
 * ATT_CSV_MAX_RESULTS_ROW (the longest batch writes) or, with
 * ATT_RESULTS_ANY_ENDS, a NUL byte or UTF-16/32 text; ATT_ENOMEM.  A read
 * error ends the file: look at ferror. */
int att_results_lines_next(att_results_lines *r, att_error *err);

/* Releases the line; NULL is accepted. */
void att_results_lines_free(att_results_lines *r);

/* The largest run, runs or session number a results file can hold. */
#define ATT_RESULTS_MAX_NUMBER 1000000000000000L   /* 1e15 */

/* The one reader of the run, runs and session fields: plain digits, as
 * attune batch writes them (no sign, space or exponent), at most
 * ATT_RESULTS_MAX_NUMBER.  Returns the number, or -1 when `s` does not start
 * with a digit or the number is larger; *end (may be NULL) is set past the
 * digits read. */
long att_results_number(const char *s, const char **end);

/* The experiment id (into `id`, `idsize` bytes), run and runs of a line:
 * experiment,run,runs,...  Returns 0, or -1 when they are not there. */
int att_results_row_fields(const char *line, char *id, size_t idsize, long *run, long *runs);

/* The condition field (as written, quotes and all: `*cond`, `*cond_len`
 * bytes of `line`) and the session number of a line with the session
 * column; -1 when they are not there. */
int att_results_session_fields(const char *line, const char **cond, size_t *cond_len,
                               long *session);

/* Checks the results `r` already holds (FILE.part, or a finished FILE) as
 * runs lo.. of `b` (checks with att_batch_check_line, runs < hi): the
 * header, then whole runs.  Sets *rows (whole runs: every session's line)
 * and *good_bytes (the length up to the last whole run; the lines of a run
 * cut short, and a line cut short, are not counted).  Returns ATT_OK, or
 * ATT_EINPUT with "PATH:LINE: what is wrong" (ATT_EIO "PATH: cannot read:
 * ..." on a read error). */
int att_results_check_file(att_results_lines *r, const att_batch *b, long lo, long hi,
                           long *rows, long *good_bytes, att_error *err);

/* ---- the rupture file (batch --ruptures; batch/ruptures.c) ---- */

/* Its header (with '\n'): experiment,run,condition,replicate,session,seed,
 * the varied and the `nfixed` fixed keys, then window,start_s,latency_s,
 * censored,phase_latency_s,phase_censored,repaired_by,size,
 * peak_infant_arousal.
 * The caller frees it; NULL with ATT_ENOMEM in `err`. */
char *att_results_ruptures_header(const att_scenario *base, const char *const *fixed,
                                  size_t nfixed, att_error *err);

/* Appends rupture `r`'s row (with '\n') for the run and session `ln` says
 * (the session field empty without ln->session_column).  ATT_OK or
 * ATT_ENOMEM. */
int att_results_add_rupture(att_buf *out, const att_results_line *ln, const att_rupture *r,
                            att_error *err);

/* ---- the long form (batch --long, merge --long; batch/results_long.c) ---- */

/* What a refused long-form or rupture file is told (after "PATH: "). */
#define ATT_RESULTS_LONG_REFUSED "long-form results; use the wide file (attune batch " \
                                 "without --long)"
#define ATT_RESULTS_RUPTURES_REFUSED "a rupture file (attune batch --ruptures), not results; " \
                                     "use the results file"

/* 1 when the `n` header names are those of a long-form file
 * (experiment,run,condition,...,window,metric,value), 2 of a rupture file
 * (experiment,run,condition,... with latency_s and censored), else 0. */
int att_results_other_kind(const char *const *names, int n);
/* The same for a header line as written (its '\n' included or not). */
int att_results_other_kind_line(const char *line);

/* A converter of a wide results file's lines to the long form: one row per
 * run (or session) x window x metric, the latencies left out, trust as
 * metric `trust` of an empty window (NA). */
typedef struct att_results_long att_results_long;

/* Reads the wide header line `header` (its '\n' included or not; `path`
 * for messages).  NULL with ATT_EINPUT "PATH:1: ..." when a column the long
 * form needs is missing, or ATT_ENOMEM. */
att_results_long *att_results_long_new(const char *path, const char *header, att_error *err);
void att_results_long_free(att_results_long *lf);
/* The long header, with its '\n'. */
const char *att_results_long_header(const att_results_long *lf);
/* Appends the long rows of one wide line (its '\n' included or not).
 * ATT_OK; ATT_EINPUT when its fields are not as many as the header's;
 * ATT_ENOMEM. */
int att_results_long_add(const att_results_long *lf, const char *line, att_buf *out,
                         att_error *err);

#ifdef __cplusplus
}
#endif

/* Adds the latencies of a results field ("0.3 1.2 4.5+": seconds separated
 * by spaces, '+' after a censored one, as att_results_add_line writes them)
 * to tally `t`.  Returns ATT_OK; ATT_EINPUT for a token that is not seconds
 * above 0 and at most `max_seconds`, with *bad and *badlen naming it;
 * ATT_ENOMEM when the tally cannot grow. */
int att_results_parse_latencies(const char *s, double max_seconds, att_tally *t,
                                const char **bad, size_t *badlen);

#pragma GCC visibility pop

#endif
