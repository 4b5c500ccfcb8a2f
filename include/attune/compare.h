/* Comparing the conditions of a batch experiment (`attune compare`): reads a
 * results CSV of `attune batch` (one row per run), groups the runs by one
 * column and compares every group with a baseline group.  docs/COMPARE.md
 * has the definitions and the output columns.
 *
 * The results file: a header
 *   experiment,run,condition,replicate,seed,<params...>,<window columns...>
 * where a window column is named WINDOW.METRIC, METRIC one of the 17 score
 * names of att_score_col_name() or `latencies` (the run's rupture latencies
 * in seconds, space-separated, a censored one suffixed '+').  Windows are
 * discovered from the header, in order of first appearance.
 *
 * Runs are the unit of analysis.  Per group and selected (window, metric):
 * n (runs with a value), mean, SD and a percentile bootstrap interval of the
 * mean; versus the baseline: difference of means, Hedges' g and its interval,
 * Welch's t-test and the Mann-Whitney test, with Holm-adjusted p-values over
 * every test of each kind in the result.  Per group and window with a
 * `latencies` column (metric `repair_latency`): Kaplan-Meier over the
 * group's ruptures pooled, the log-rank test versus the baseline (Holm over
 * all those pairwise tests) and the k-group log-rank test.
 *
 * Only the selected metric values (one double per run with a value) and one
 * latency tally per group and window are kept, never whole rows.
 *
 * Errors are ATT_* codes with `err` filled: ATT_EINPUT for a bad file or
 * option ("FILE:LINE: problem" for the file's own faults), ATT_EIO when the
 * file cannot be read, ATT_ENOMEM.  Undefined statistics are NaN. */
#ifndef ATT_COMPARE_H
#define ATT_COMPARE_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include <stdio.h>
#include "attune/error.h"
#include "attune/report.h"

#define ATT_COMPARE_BOOT 2000       /* default bootstrap resamples */
#define ATT_COMPARE_CONF 0.95       /* level of every interval */
#define ATT_COMPARE_LATENCY "repair_latency"  /* metric name of the survival part */

typedef struct att_compare_opts {
    const char *by;                 /* grouping column; NULL: "condition" */
    const char *baseline;           /* group compared against; NULL: the first group */
    const char *const *metrics;     /* "METRIC" (every window) or "WINDOW.METRIC", where
                                     * METRIC is a score name or "repair_latency";
                                     * NULL or none: the default set */
    size_t nmetrics;
    long boot;                      /* bootstrap resamples, >= 0 (0: no intervals) */
    unsigned long seed;             /* bootstrap seed (see att_compare_seed) */
    double cutoff;                  /* s, horizon of the restricted mean */
    int (*interrupted)(void);       /* polled while computing; nonzero stops (may be NULL) */
    int allow_partial;              /* 1: compare a file missing some runs (default 0) */
} att_compare_opts;

/* The defaults: group by condition, first group as baseline, the default
 * metrics, 2000 resamples, seed 1, cutoff ATT_SCORE_CUTOFF_S (30 s). */
void att_compare_opts_init(att_compare_opts *o);

/* The default metrics, in output order (every window): matched_prop,
 * ruptures_per_min, repaired_prop, repaired_within_2s, rmst_s,
 * infant_negative_prop, repair_latency.  Sets *n. */
const char *const *att_compare_default_metrics(size_t *n);

/* Checks the METRIC part of a --metric spec (the text after the last '.',
 * or all of it): ATT_OK, or ATT_EINPUT with a did-you-mean.  The WINDOW
 * part is checked against the file's header when it is read. */
int att_compare_check_metric(const char *spec, att_error *err);

/* The seed of the bootstrap generator (GSL MT19937) for one group and
 * column ("WINDOW.METRIC"): FNV-1a (64 bit) over the 8 bytes of `seed`
 * (little-endian), the group name, a 0 byte and the column name, folded
 * to 32 bits (high xor low).  A number depends only on its own group and
 * column, not on what else is compared. */
unsigned long att_compare_seed(unsigned long seed, const char *group, const char *column);

typedef enum att_compare_kind {
    ATT_COMPARE_METRIC,    /* one group's statistics of one metric in one window */
    ATT_COMPARE_SURVIVAL,  /* one group's Kaplan-Meier and log-rank in one window */
    ATT_COMPARE_OVERALL    /* the k-group log-rank test of one window (group NULL) */
} att_compare_kind;

/* One output row; fields that do not apply to its kind are NaN (or -1 for
 * the counts ruptures and repairs on METRIC rows). */
typedef struct att_compare_row {
    att_compare_kind kind;
    const char *window;
    const char *metric;     /* a score name, or "repair_latency" */
    const char *group;      /* NULL on the OVERALL row */
    int baseline;           /* 1 on the baseline group's rows */
    long n;                 /* METRIC: runs with a value; SURVIVAL: the group's runs;
                             * OVERALL: all runs */
    /* METRIC rows */
    double mean, sd;        /* sd with n - 1; NaN when n < 2 */
    double boot_lo, boot_hi;/* percentile bootstrap interval of the mean; NaN when n < 2 */
    double diff;            /* mean - baseline mean (non-baseline rows) */
    double g, g_lo, g_hi;   /* Hedges' g and its interval */
    double welch_t, welch_df, welch_p, welch_p_holm;
    double mw_u, mw_p, mw_p_holm;
    /* SURVIVAL rows (OVERALL: ruptures and repairs of all groups, and the
     * k-group log-rank test over the groups with ruptures) */
    long ruptures, repairs;
    double km_median, km_median_lo, km_median_hi;
    double within_2s;       /* 1 - S(2) */
    double rmst;            /* restricted mean to the cutoff */
    double logrank_chisq, logrank_df, logrank_p, logrank_p_holm;
} att_compare_row;

typedef struct att_compare att_compare;

/* A comparison with options `o` (NULL: the defaults); the strings are
 * copied.  NULL with `err` filled when a --metric name is unknown
 * (ATT_EINPUT) or memory runs out. */
att_compare *att_compare_new(const att_compare_opts *o, att_error *err);
/* Frees the comparison and everything it holds; NULL does nothing. */
void att_compare_free(att_compare *c);

/* Reads the results from `fp` (named `path` in messages) to its end.  Once
 * per comparison. */
int att_compare_read(att_compare *c, FILE *fp, const char *path, att_error *err);
/* Opens `path` ("-": standard input, named <stdin>) and reads it.
 *
 * Reading checks what the comparison uses: the selected values are numbers
 * in their range (proportions 0-1, counts whole, rates per minute 0-6e7,
 * seconds 0-8e9), and, when the file has the columns run and runs, that
 * every run is there once (its session lines consecutive, 1, 2, ...).  A
 * file missing runs (cut short at a line end, an unfinished FILE.part) is
 * ATT_EINPUT "FILE: runs 51-100 of 100 are missing ..." unless
 * allow_partial, when att_compare_missing says which. */
int att_compare_load(att_compare *c, const char *path, att_error *err);

/* After reading with allow_partial: "" when no run is missing, else which
 * are, such as "runs 3, 51-100 of 100". */
const char *att_compare_missing(const att_compare *c);

/* After reading: picks the baseline (an unknown name is ATT_EINPUT, with a
 * did-you-mean and the list of groups) and computes every row. */
int att_compare_compute(att_compare *c, att_error *err);

/* The rows, after att_compare_compute: per window in header order, per
 * selected metric in selection order, one row per group in order of first
 * appearance; a survival block ends with its OVERALL row.  Sets *n. */
const att_compare_row *att_compare_rows(const att_compare *c, size_t *n);

/* What was read. */
const char *att_compare_experiment(const att_compare *c);   /* "" without the column */
const char *att_compare_by(const att_compare *c);
long att_compare_run_count(const att_compare *c);
size_t att_compare_group_count(const att_compare *c);
const char *att_compare_group_name(const att_compare *c, size_t i);
long att_compare_group_runs(const att_compare *c, size_t i);
size_t att_compare_baseline(const att_compare *c);          /* index of the baseline group */
/* The Holm families: every Welch test in the rows, every Mann-Whitney test,
 * every pairwise log-rank test.  att_compare_family_size counts the tests of
 * one family that have a p-value (Holm's m). */
typedef enum att_compare_family {
    ATT_COMPARE_WELCH,
    ATT_COMPARE_MANN_WHITNEY,
    ATT_COMPARE_LOGRANK
} att_compare_family;
size_t att_compare_family_size(const att_compare *c, att_compare_family f);

/* Writes the rows as CSV (one header, docs/COMPARE.md; the first column,
 * level, is "group", or "overall" on the k-group row) or as an aligned
 * table (ATT_FORMAT_TABLE); ATT_EINPUT for ATT_FORMAT_JSON, ATT_EIO when a
 * write fails. */
int att_compare_write(const att_compare *c, FILE *fp, att_format fmt, att_error *err);

/* Writes the rows in the long (tidy) form (`--long`; attune/report.h's
 * att_long): CSV with the header
 *   level,window,metric,group,baseline,statistic,value
 * or the same records as a JSON array.  level is "group", or "overall" on
 * the k-group row (group and baseline empty there).  Each row gives the
 * statistics of its kind, named as the wide CSV's columns: a metric row n,
 * mean, sd, boot_lo, boot_hi and, versus the baseline (not on its own row),
 * diff, hedges_g, g_lo, g_hi, welch_t, welch_df, welch_p, welch_p_holm,
 * mw_u, mw_p, mw_p_holm; a survival row n, ruptures, repairs, km_median,
 * km_median_lo, km_median_hi, within_2s, rmst and (not the baseline's)
 * logrank_chisq, logrank_df, logrank_p, logrank_p_holm; the k-group row n,
 * ruptures, repairs, logrank_chisq, logrank_df, logrank_p.  Undefined
 * values are empty (null).  ATT_EINTERNAL before att_compare_compute,
 * ATT_EINPUT for ATT_FORMAT_TABLE, ATT_EIO when a write fails. */
int att_compare_write_long(const att_compare *c, FILE *fp, att_format fmt, att_error *err);

/* The width of the narrow table, in columns (bytes: the table is ASCII). */
#define ATT_COMPARE_NARROW_COLS 100

/* Writes the rows as the narrow table (`--format narrow`), for a projected
 * terminal: no line longer than ATT_COMPARE_NARROW_COLS.  The table's
 * preamble and block titles, wrapped; each block's columns in panels that
 * fit, one after the other, each starting with the group column (a group
 * name over 30 characters is cut to 27 and "..."), a panel leaving out the
 * groups that have nothing in it (the baseline after its own statistics).
 * The numbers are the table's, to the same decimals.  ATT_EINTERNAL before
 * att_compare_compute, ATT_ENOMEM, or ATT_EIO when a write fails. */
int att_compare_write_narrow(const att_compare *c, FILE *fp, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
