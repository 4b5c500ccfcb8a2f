/* What the figures of `attune plot km|compare|sweep|timeline` show: the
 * numbers, computed by the library's own estimators and nothing else, so a
 * figure shows what `attune score` and `attune compare` print.
 *   km:       Kaplan-Meier of repair latency (stats/stats.c att_km_curve,
 *             att_km_band, att_km_summarise at ATT_SCORE_CONF), one curve
 *             per ruptures file (`score --ruptures`) or per group of a
 *             batch results file (its WINDOW.latencies column);
 *   compare:  per group the rows of att_compare (batch/compare*.c);
 *   sweep:    the same with the groups' names read as numbers;
 *   timeline: per session of a timeline's results, compare's numbers of the
 *             rows of each condition grouped by session; or per session of
 *             one trace, its trust at the end and its score.
 * Internal to the library (not installed).  Failures are ATT_* codes with
 * `err` filled: ATT_EINPUT for a bad file ("FILE:LINE: problem") or choice,
 * ATT_EIO when a file cannot be read, ATT_ENOMEM. */
#ifndef ATT_PLOT_DATA_H
#define ATT_PLOT_DATA_H

#include <stddef.h>
#include <stdio.h>
#include "attune/error.h"
#include "attune/match.h"
#include "attune/stats.h"
#include "plot/figure.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* ---- km ---------------------------------------------------------------- */

/* One Kaplan-Meier curve over n distinct latencies (seconds, increasing):
 * surv[i] = S(times[i]), the log-log band [lower[i], upper[i]] (NaN where S
 * is 0 or 1), and the summary `score` reports for the same ruptures. */
typedef struct att_plot_km_curve {
    char *label;
    size_t n;
    double *times, *surv, *gw, *lower, *upper;
    long *events, *censored;
    att_km_summary sum;
} att_plot_km_curve;

typedef struct att_km_set att_km_set;

/* An empty set of curves (att_plot_km_free); NULL with ATT_ENOMEM. */
att_km_set *att_plot_km_new(att_error *err);
void att_plot_km_free(att_km_set *km);

/* Adds the ruptures of a `score --ruptures` file to the curve `label`
 * (made when new; curves keep the order they were first named).  Window
 * "all" (or NULL) takes every rupture's latency_s and censored; a phase
 * window takes the ruptures of that phase with phase_latency_s and
 * phase_censored, as the scorer scores a phase.  `run` NULL takes every
 * run (pooled, as `score --pool`), else only rows whose run is `run`. */
int att_plot_km_add_ruptures(att_km_set *km, const char *path, const char *label,
                             const char *window, const char *run, att_error *err);

/* Adds the latencies of column WINDOW.latencies (window NULL: "all") of a
 * batch results file, one curve per value of column `by` (NULL:
 * "condition"), named `prefix` + value (prefix may be NULL), as compare
 * pools them.  `session` > 0 takes only the rows of that session (a
 * timeline's file). */
int att_plot_km_add_results(att_km_set *km, const char *path, const char *by,
                            const char *window, const char *prefix, long session,
                            att_error *err);

/* Computes every curve.  Once, after the adds. */
int att_plot_km_finish(att_km_set *km, att_error *err);

size_t att_plot_km_count(const att_km_set *km);
const att_plot_km_curve *att_plot_km_curve_at(const att_km_set *km, size_t i);

/* The number at risk at time t (ruptures whose latency is >= t), as the
 * table under a survival plot gives it. */
long att_plot_km_at_risk(const att_plot_km_curve *c, double t);
/* S(t) of the step function: 1 before times[0]; NaN past the last time
 * when the curve has not reached 0. */
double att_plot_km_surv(const att_plot_km_curve *c, double t);

/* ---- compare and sweep --------------------------------------------------- */

/* One group of a comparison: the numbers of its METRIC row in
 * att_compare_rows (g and its interval NaN on the baseline). */
typedef struct att_plot_group {
    char *name;
    double x;                  /* sweep: the name as a number; else its index */
    int baseline;
    long n;
    double mean, lo, hi;       /* mean and its percentile bootstrap interval */
    double g, g_lo, g_hi;      /* Hedges' g versus the baseline */
    /* survival of the same window (timeline): KM median and its interval */
    double median, median_lo, median_hi;
} att_plot_group;

typedef struct att_plot_groups {
    char *window, *metric, *by, *baseline;
    char *missing;   /* with o->partial: "runs 20-24 of 30", or NULL when none is */
    size_t n;
    att_plot_group *g;
} att_plot_groups;

/* What to compare: the results file, the grouping column (NULL:
 * "condition"), the baseline (NULL: the first group), the metric "METRIC"
 * (window all) or "WINDOW.METRIC" (NULL: all.matched_prop), bootstrap
 * resamples and seed (compare's defaults: ATT_COMPARE_BOOT and 1). */
typedef struct att_plot_cmp_opts {
    const char *by, *baseline, *metric;
    long boot;
    unsigned long seed;
    int partial;   /* runs may be missing (compare's --allow-partial) */
} att_plot_cmp_opts;

void att_plot_cmp_opts_init(att_plot_cmp_opts *o);

/* Runs att_compare on `path` with `o` and keeps each group's row of the
 * metric.  The metric repair_latency is refused (ATT_EINPUT: `plot km`
 * draws it).  `out` is the caller's (att_plot_groups_free). */
int att_plot_compare_load(const char *path, const att_plot_cmp_opts *o, att_plot_groups *out,
                          att_error *err);

/* As att_plot_compare_load grouped by the swept key `o->by` (required),
 * the groups ordered by their value, which must be a number (ATT_EINPUT
 * naming the first that is not). */
int att_plot_sweep_load(const char *path, const att_plot_cmp_opts *o, att_plot_groups *out,
                        att_error *err);

void att_plot_groups_free(att_plot_groups *g);

/* Appends " (runs 20-24 of 30 missing)" to the title in `title` (size
 * bytes) when g->missing says runs are missing (--allow-partial). */
void att_plot_note_missing(const att_plot_groups *g, char *title, size_t size);

/* The forest panel's words for a group that is not the baseline: "g [lo,
 * hi]  n = N", "g  n = N" without an interval and "-  n = N" without g (a
 * group of one run has no SD), as `attune compare`'s table shows them. */
void att_plot_cmp_g_text(const att_plot_group *p, char *buf, size_t size);

/* The one runner under the loads: compares `fp` (named `path`; NULL: opens
 * `path`) with `o`; `survival` also takes each group's KM median of the
 * metric's window; `partial` lets runs be missing (a file filtered to one
 * condition).  On error `out` may hold part (att_plot_groups_free). */
int att_plot_cmp_run(FILE *fp, const char *path, const att_plot_cmp_opts *o, int survival,
                     int partial, att_plot_groups *out, att_error *err);

/* ---- the compare figure's layout (plot/plot_compare_fig.c) --------------- */

/* An axis title laid out: its lines (att_fig_fit_lines), each centred on
 * `centre`, filling the box x0..x1, y0..y1 (points from the figure's top
 * left). */
typedef struct att_plot_cmp_title {
    att_fig_lines text;
    double centre, x0, x1, y0, y1;
} att_plot_cmp_title;

/* Where plot compare draws, in points: the means' panel at (left, top),
 * pw x ph, the forest's `gap` right of it, the numbers' column `numbers`
 * wide right of that (0: left out for want of room), and the two panels'
 * axis titles (title[0] the means', title[1] the forest's). */
typedef struct att_plot_cmp_layout {
    double left, top, pw, ph, gap, numbers;
    att_plot_cmp_title title[2];
} att_plot_cmp_layout;

/* Lays out the compare figure of `g` on `f` with the axis titles
 * `titles`.  Each title keeps to its own side of the middle of the gap
 * between the panels, 12 points apart, and inside the figure: centred
 * under its panel when it fits, moved along when that is enough, else
 * wrapped at spaces, made smaller or at last cut with an ellipsis, so the
 * two never meet at any width. */
void att_plot_cmp_lay_out(att_fig *f, const att_plot_groups *g, const char *const titles[2],
                         att_plot_cmp_layout *L);

/* ---- timeline ------------------------------------------------------------ */

/* One line of a timeline: per session (x = 1..n) the mean of the metric
 * with its interval and the KM median with its interval (batch results);
 * or, for a trace (runs = 1), the session's value with no interval and
 * trust at the session's end. */
typedef struct att_plot_line {
    char *label;               /* the condition, or "run RUN" of a trace */
    long runs;                 /* dyads behind each point */
    size_t n;
    att_plot_group *s;         /* per session; name "1", "2", ... */
    double *trust;             /* per session, NULL when the file has no trust */
    double *trust_lo, *trust_hi; /* results: the bootstrap interval of the mean
                                  * trust (NULL for a trace) */
} att_plot_line;

typedef struct att_timeline_data {
    char *window;
    size_t n;
    att_plot_line *line;
} att_timeline_data;

/* A batch results file with a session column: one line per condition,
 * each session's rows of that condition compared (att_compare --by
 * session, metrics WINDOW.matched_prop and WINDOW.repair_latency; window
 * NULL: all) and, when the file has the trust column, per session the mean
 * trust with its percentile bootstrap interval (compare's: `boot`
 * resamples seeded with att_compare_seed(seed, SESSION, "trust")).
 * ATT_EINPUT for a file without the session column. */
int att_plot_timeline_results(const char *path, const char *window, long boot,
                              unsigned long seed, att_timeline_data *out, att_error *err);

/* A trace of `attune run` (or any coded file `attune score` reads, with
 * table `mt` as score uses it: the file's matched column unless
 * `table_wins`): one line per run, per session (a unit of the coded reader:
 * "RUN/SESSION") its matched share and KM median repair latency with its
 * interval in window all, the numbers `attune score` gives, and
 * infant_trust at the session's last row (trust NULL without that
 * column).  A file without a session column gives one session per run. */
int att_plot_timeline_trace(const char *path, const att_match_table *mt, int table_wins,
                            att_timeline_data *out, att_error *err);

/* The trust of line `l` (its sessions l->s already made) from the `len`
 * bytes of results at `text` (the header, then that condition's lines),
 * when the header has the trust column: l->trust, trust_lo, trust_hi per
 * session, the mean and its bootstrap interval of `boot` resamples (seed
 * as att_plot_timeline_results says).  Without the column nothing is set.
 * ATT_OK, or ATT_ENOMEM (l->trust may then be set in part). */
int att_plot_timeline_trust(att_plot_line *l, const char *text, size_t len, long boot,
                            unsigned long seed, att_error *err);

void att_plot_timeline_free(att_timeline_data *t);

/* ---- drawing pieces (plot/plot_draw.c) ------------------------------------ */

/* The colour of series i: Okabe-Ito, blue and orange first, yellow last;
 * the eight colours again from series 9 (i = 8) on. */
#define ATT_PLOT_NCOLOURS 8
att_rgb att_plot_colour(size_t i);
/* The dash pattern (att_fig_set_dash) of series i: solid for the first
 * ATT_PLOT_NCOLOURS, then the series patterns in turn, one for each round
 * of the colours (series 9 to 16 long dashes, 17 to 24 dots, 25 to 32
 * dash-dot, 33 to 40 long dash-dot), so no two of the first 40 series
 * look alike; from series 41 on the rounds come again. */
int att_plot_dash(size_t i);
/* A polyline through every point (NaN breaks it), clipped to the panel,
 * in dash pattern `dash` (att_fig_set_dash; ATT_DASH_SOLID none). */
void att_plot_path(const att_axes *a, const double *x, const double *y, size_t n, att_rgb c,
                   double width, int dash);
void att_plot_segment(const att_axes *a, double x0, double y0, double x1, double y1, att_rgb c,
                      double width, int dashed);
/* The area between lo[] and hi[] over x[] (not decreasing), one polygon
 * per stretch of defined points, at opacity `alpha`. */
void att_plot_band(const att_axes *a, const double *x, const double *lo, const double *hi,
                   size_t n, att_rgb c, double alpha);
/* A filled circle of radius r points at data (x, y); nothing for NaN. */
void att_plot_marker(const att_axes *a, double x, double y, double r, att_rgb c);
/* An interval from lo to hi at position x with caps `cap` points long:
 * vertical (x on the x axis), or horizontal (x on the y axis). */
void att_plot_whisker(const att_axes *a, double x, double lo, double hi, double cap, att_rgb c,
                      int horizontal);

#pragma GCC visibility pop

#endif
