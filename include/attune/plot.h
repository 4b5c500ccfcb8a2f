/* Figures of attune's own files, drawn with cairo: PNG, SVG or PDF.
 *
 * Each kind of figure is one function that reads its input files, draws,
 * and writes the figure to a stream the caller owns (the program hands it
 * an att_outfile's stream, so a failed figure leaves no file).  Sizes are in
 * inches; PNG has dpi pixels per inch; SVG and PDF are drawn in points
 * (1/72 inch).  The same input and options give the same bytes in every
 * format: no dates, no random ids (the PDF's creation date is fixed).
 *
 * Every kind refuses (ATT_EINPUT: "--height 1: too small for this compare
 * figure; at least 2.2 inches") a width or height given too small to hold
 * its title, legends (uncut), axes and panels of their least size, the
 * data's least named in tenths of an inch, while a default width or
 * height too small grows to that least (refused only past
 * ATT_PLOT_MAX_INCHES: "--width 10 (the default): ...; at least 60.2
 * inches, more than a figure may be").  No curve, line or legend
 * entry is left out: a trace's strip of more than 16 values is refused.
 *
 * Kinds so far:
 *   trace   one run of a trace or an observer's coded file on one time axis
 *           (att_plot_trace). */
#ifndef ATT_PLOT_H
#define ATT_PLOT_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/error.h"
#include "attune/match.h"

typedef enum att_plot_format {
    ATT_PLOT_PNG = 1,
    ATT_PLOT_SVG,
    ATT_PLOT_PDF
} att_plot_format;

/* The options every kind takes.  att_plot_opts_init fills the defaults. */
typedef struct att_plot_opts {
    double width, height;    /* inches; 0: the kind's default */
    double dpi;              /* PNG pixels per inch (default 150) */
    att_plot_format format;  /* default PNG */
    const char *title;       /* NULL: the kind's own title; "": none */
    double from, to;         /* seconds; NaN: the data's start or end */
    const char *run;         /* the run to draw; NULL: the file's first */
    long session;            /* a session of a multi-session file; 0: all */
} att_plot_opts;

/* Limits checked by att_plot_opts_check. */
#define ATT_PLOT_MIN_INCHES 1.0
#define ATT_PLOT_MAX_INCHES 50.0
#define ATT_PLOT_MIN_DPI 10.0
#define ATT_PLOT_MAX_DPI 1200.0

void att_plot_opts_init(att_plot_opts *o);

/* ATT_EINPUT with a message naming the option when a size is outside
 * [ATT_PLOT_MIN_INCHES, ATT_PLOT_MAX_INCHES] (0 allowed: the default), the
 * dpi outside its limits, a PNG larger than 2^28 pixels (its side above
 * 32767 pixels is refused when the figure is made), or from >= to. */
int att_plot_opts_check(const att_plot_opts *o, att_error *err);

/* ATT_EINPUT ("FLAG V: must be from 1 to 50 inches") when the size `v`
 * given with `flag` (say "--width") is outside [ATT_PLOT_MIN_INCHES,
 * ATT_PLOT_MAX_INCHES], 0 included: for a program whose users give a size,
 * where 0 is no default. */
int att_plot_inches_check(const char *flag, double v, att_error *err);

/* "png", "svg" or "pdf" (any case) -> the format; ATT_EINPUT otherwise. */
int att_plot_format_parse(const char *name, att_plot_format *f, att_error *err);

/* The format named by the extension of `path` (.png, .svg, .pdf, any case);
 * ATT_EINPUT ("PATH: ...; use --format") when there is none or another. */
int att_plot_format_of_path(const char *path, att_plot_format *f, att_error *err);

/* The trace figure of `path` (a trace from `attune run` or an observer's
 * coded file; see attune/coded.h), scored with match table `mt` (the
 * file's own matched column wins unless table_wins): panels on one time
 * axis, each drawn only when the file has its columns: infant and caregiver
 * arousal; the infant's gaze, affect and behaviour as bands; the
 * infant_code and caregiver_code strips; the matched strip with every
 * rupture found by the library's scorer shaded from its start to its
 * repair (censored ones hatched to the window's end); phase boundaries and
 * names.  o->run picks the run (default the first), o->from/o->to the time
 * range, which must lie within the run (from its first row's t to its end).
 * Writes the figure to `out`.  Returns ATT_OK; ATT_EINPUT ("FILE:LINE:
 * problem" where a line applies) for a bad file, a run that is not there,
 * or a range reaching outside the run ("--from -5 is before the start of
 * the run, 0 s"); ATT_EIO when writing fails; ATT_ENOMEM. */
int att_plot_trace(const char *path, const att_match_table *mt, int table_wins,
                   const att_plot_opts *o, FILE *out, att_error *err);

/* What the figures of results and ruptures read (km, compare, sweep,
 * timeline); NULL fields take the defaults. */
typedef struct att_plot_select {
    const char *window;    /* window; km: several, comma-separated (default all) */
    const char *by;        /* grouping column (default condition; sweep: the key) */
    const char *baseline;  /* compare's baseline group (default the first) */
    const char *metric;    /* [WINDOW.]METRIC (default all.matched_prop) */
    int allow_partial;     /* compare, sweep: draw the runs there are when some are
                            * missing (else ATT_EINPUT, as attune compare) */
} att_plot_select;

/* Kaplan-Meier curves of repair latency with their log-log bands (the
 * estimate `attune score` reports: same median, same bands), one curve per
 * ruptures FILE (`score --ruptures`; o->run: one run, else all pooled), or
 * per group (s->by) of a batch results FILE (its WINDOW.latencies;
 * o->session: one session), times each window of s->window; the median
 * marked, the number at risk under the axis; o->to ends the time axis (NaN:
 * at the last latency).  ATT_EINPUT for a bad file ("FILE:LINE: ..."),
 * standard input, no rupture at all, or an o->to not above 0 ("--to T is
 * not after the start of the time axis, 0 s"). */
int att_plot_km(const char *const *files, size_t nfiles, const att_plot_select *s,
                const att_plot_opts *o, FILE *out, att_error *err);

/* From batch results: per group the mean of s->metric with its bootstrap
 * interval (dots and whiskers) beside Hedges' g versus the baseline with its
 * interval (a forest panel): the numbers of `attune compare`. */
int att_plot_compare(const char *path, const att_plot_select *s, const att_plot_opts *o,
                     FILE *out, att_error *err);

/* From batch results: s->metric against the swept key s->by (a numeric
 * column), the mean with its bootstrap interval as a band. */
int att_plot_sweep(const char *path, const att_plot_select *s, const att_plot_opts *o,
                   FILE *out, att_error *err);

/* A timeline, per session: trust (from a trace), matched share and median
 * repair latency; one line per run of a trace, or per condition of batch
 * results with a session column (the mean with its interval as a band). */
int att_plot_timeline(const char *path, const att_match_table *mt, int table_wins,
                      const att_plot_select *s, const att_plot_opts *o, FILE *out,
                      att_error *err);

/* The fit figure of a table written by `attune fit` (CSV; docs/FIT.md,
 * "Output"; columns found by name): one panel per statistic name, the
 * windows (phases) along its axis, in each the observed value with its 95%
 * band (-+ 1.96 sqrt(variance)) and the simulated value at the estimate,
 * statistics with |z| > 2 flagged; under the panels the estimates with
 * their intervals (the asymptotic ones and the bootstrap's when the table
 * has them), the J test and the warnings.  ATT_EINPUT ("FILE:LINE:
 * problem") for a file that is not such a table, lacks a column, has a bad
 * number or no statistic row; ATT_EIO when writing fails; ATT_ENOMEM. */
int att_plot_fit(const char *path, const att_plot_opts *o, FILE *out, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
