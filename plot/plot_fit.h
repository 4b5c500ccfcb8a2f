/* What the figure of `attune plot fit` shows: the table `attune fit` writes
 * (docs/FIT.md, "Output"), read by its columns' names, so columns added
 * after these (se_asym, ci_asym_lo, ci_asym_hi, ...) and in any order are
 * read as well.  Internal to the library (not installed).  Failures are
 * ATT_* codes with `err` filled: ATT_EINPUT for a bad file ("FILE:LINE:
 * problem"), ATT_EIO when it cannot be read, ATT_ENOMEM. */
#ifndef ATT_PLOT_FIT_H
#define ATT_PLOT_FIT_H

#include <stddef.h>
#include "attune/error.h"
#include "plot/figure.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* The z beyond which a statistic is flagged as not fitted. */
#define ATT_PLOT_FIT_Z 2.0
/* The band's half width in standard deviations: a 95% band. */
#define ATT_PLOT_FIT_BAND 1.96

/* One statistic row: WINDOW.NAME split at its last '.'. */
typedef struct att_plot_fit_stat {
    char *window, *name;
    size_t panel, slot;            /* index into panels[] and windows[] */
    double observed, simulated;    /* simulated NaN when the file has none */
    double variance, z;            /* z NaN when the file has none */
    double lo, hi;                 /* observed -+ ATT_PLOT_FIT_BAND sqrt(variance), a
                                    * share's cut at 0 and 1 */
    int flagged;                   /* |z| > ATT_PLOT_FIT_Z */
} att_plot_fit_stat;

/* One parameter row; a number the file leaves empty (or NA) is NaN. */
typedef struct att_plot_fit_param {
    char *name;
    double value, start, lo, hi;
    double se, ci_lo, ci_hi;                 /* the bootstrap's (--boot) */
    double se_asym, ci_asym_lo, ci_asym_hi;  /* asymptotic (Wald), when written */
} att_plot_fit_param;

typedef struct att_plot_fit_data {
    att_plot_fit_stat *stat;
    size_t nstat;
    att_plot_fit_param *param;
    size_t nparam;
    char **panels;      /* the statistics' names, in the order first seen */
    size_t npanels;
    char **windows;     /* the windows, in the order first seen */
    size_t nwindows;
    char **fit_name;    /* the `fit` rows: name and value (NaN when empty) */
    double *fit_value;
    size_t nfit;
    char **warn;        /* the `warning` rows as "KEY: REASON" */
    size_t nwarn;
    int has_boot, has_asym;  /* a parameter has bootstrap / asymptotic intervals */
} att_plot_fit_data;

/* Reads the fit table at `path` (CSV as attune fit writes it; any
 * separator attune reads).  Required columns: kind, name, value, lo, hi,
 * observed, simulated, variance, z; optional: start, se, ci_lo, ci_hi,
 * se_asym, ci_asym_lo, ci_asym_hi, note.  Rows of another kind are
 * skipped.  ATT_EINPUT, "PATH:LINE: problem", for an empty file, a header
 * without those columns ("not a fit table"), a row with another number of
 * fields, a statistic whose name has no window, whose observed value is
 * not a number or whose variance is not above 0, a number that is not one,
 * or no statistic row at all.  `out` is the caller's (att_plot_fit_free),
 * also on failure. */
int att_plot_fit_load(const char *path, att_plot_fit_data *out, att_error *err);

void att_plot_fit_free(att_plot_fit_data *d);

/* The value of fit row `name`, NaN when the table has none. */
double att_plot_fit_figure(const att_plot_fit_data *d, const char *name);

/* The words of fit statistic `name` for a panel's title ("matched_prop"
 * -> "matched share"; "NAME_sd", the SD across sessions, -> "SD of " and
 * the words of NAME), written to buf (n bytes, always terminated); an unknown name
 * is written as it is. */
void att_plot_fit_words(char *buf, size_t n, const char *name);

/* ---- drawing (plot/plot_fit_key.c) ---- */

/* The least size, points, a text of the fit figure is made. */
#define ATT_PLOT_FIT_LEAST 7.0

/* Text `s` laid out for `w` points as every text of the fit figure is: on
 * one line at `size`, or smaller by half points down to ATT_PLOT_FIT_LEAST
 * when that fits (as they always were); else by att_fig_fit_lines from
 * `size` down to ATT_PLOT_FIT_LEAST (wrapped, smaller, at last cut).  No
 * line is cut in att_fig_fit_lines_least(f, s, ATT_PLOT_FIT_LEAST) points
 * or more. */
void att_plot_fit_lines(att_fig *f, const char *s, double size, double w, att_fig_lines *t);
/* The height t's lines take below its first, points. */
double att_plot_fit_lines_extra(const att_fig_lines *t);

/* The key of the marks: the observed value with its band, the simulated
 * ring, the flag; laid out in rows from (x, y) (top left, points) that wrap
 * at x + w (an item alone too wide laid out by att_plot_fit_lines), drawn
 * when `draw`.  Returns its height in points. */
double att_plot_fit_key(att_fig *f, double x, double y, double w, int draw);
/* The least w, points, in which the key cuts no item. */
double att_plot_fit_key_least(att_fig *f);

/* The caption's first two lines, each cut to n bytes: j the J test ("fit:
 * J = ... on DF df, p = ..."), sizes the data and the search ("data: 40
 * observed sessions; 200 simulated dyads an evaluation, 812 evaluations,
 * best of 4 starts: start 2"; a table of one evaluation, --max-evals 0,
 * says "at the scenario's values (no search)" instead of its starts). */
void att_plot_fit_summary(const att_plot_fit_data *d, char *j, char *sizes, size_t n);

/* The caption's items: the fit's figures (J test, sizes), a table of the
 * estimates with their bounds, start and intervals (asymptotic when the
 * table has them, the bootstrap's when it has them), and the warnings;
 * a header and a row of the table are an item each. */
size_t att_plot_fit_caption_lines(const att_plot_fit_data *d);
/* The caption from (x, y) (top left, points) in `w` points at `size`,
 * drawn when `draw`; returns its height.  Each text is laid out by
 * att_plot_fit_lines (on more lines than its item when it must); the
 * table's cells on one line, all smaller when they must, else in lines
 * within columns that share out the room. */
double att_plot_fit_caption(att_fig *f, const att_plot_fit_data *d, double x, double y,
                            double w, double size, int draw);
/* The least w, points, in which the caption cuts no text. */
double att_plot_fit_caption_least(att_fig *f, const att_plot_fit_data *d);

#pragma GCC visibility pop

#endif
