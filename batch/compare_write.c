/* Comparing conditions: writing the computed rows as CSV (wide or long) or
 * as a table. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "attune/buf.h"
#include "base/csvwrite.h"
#include "base/wrap.h"
#include "batch/compare_impl.h"

/* ---- writing: CSV ------------------------------------------------------ */

static const char csv_header[] =
    "level,window,metric,group,baseline,n,mean,sd,boot_lo,boot_hi,diff,hedges_g,g_lo,g_hi,"
    "welch_t,welch_df,welch_p,welch_p_holm,mw_u,mw_p,mw_p_holm,"
    "ruptures,repairs,km_median,km_median_lo,km_median_hi,within_2s,rmst,"
    "logrank_chisq,logrank_df,logrank_p,logrank_p_holm\n";

static void put_num(FILE *fp, double x)
{
    putc(',', fp);
    if (isfinite(x))
        fprintf(fp, "%.10g", x);
}

static void put_count(FILE *fp, long x)
{
    putc(',', fp);
    if (x >= 0)
        fprintf(fp, "%ld", x);
}

static void csv_row(FILE *fp, const att_compare_row *r)
{
    fputs(r->kind == ATT_COMPARE_OVERALL ? "overall," : "group,", fp);
    att_csv_put_field(fp, r->window);
    putc(',', fp);
    att_csv_put_field(fp, r->metric);
    putc(',', fp);
    if (r->group)
        att_csv_put_field(fp, r->group);
    putc(',', fp);
    if (r->kind != ATT_COMPARE_OVERALL)
        putc(r->baseline ? '1' : '0', fp);
    put_count(fp, r->n);
    const double stats[] = { r->mean, r->sd, r->boot_lo, r->boot_hi, r->diff, r->g, r->g_lo,
                             r->g_hi, r->welch_t, r->welch_df, r->welch_p, r->welch_p_holm,
                             r->mw_u, r->mw_p, r->mw_p_holm };
    for (size_t i = 0; i < sizeof stats / sizeof *stats; i++)
        put_num(fp, stats[i]);
    put_count(fp, r->ruptures);
    put_count(fp, r->repairs);
    const double surv[] = { r->km_median, r->km_median_lo, r->km_median_hi, r->within_2s, r->rmst,
                            r->logrank_chisq, r->logrank_df, r->logrank_p, r->logrank_p_holm };
    for (size_t i = 0; i < sizeof surv / sizeof *surv; i++)
        put_num(fp, surv[i]);
    putc('\n', fp);
}

/* ---- writing: the long form -------------------------------------------- */

/* The statistics of a row, by kind, in the wide form's column order; the
 * tests versus the baseline (from `versus` on) are left out of the
 * baseline's rows. */
typedef struct stat_col {
    const char *name;
    size_t off;     /* offset of the double, or of the long when `count` */
    int count;
} stat_col;

#define DBL(f) { #f, offsetof(att_compare_row, f), 0 }
#define CNT(f) { #f, offsetof(att_compare_row, f), 1 }
static const stat_col metric_stats[] = {
    CNT(n), DBL(mean), DBL(sd), DBL(boot_lo), DBL(boot_hi),
    DBL(diff), { "hedges_g", offsetof(att_compare_row, g), 0 }, DBL(g_lo), DBL(g_hi),
    DBL(welch_t), DBL(welch_df), DBL(welch_p), DBL(welch_p_holm),
    DBL(mw_u), DBL(mw_p), DBL(mw_p_holm),
};
static const stat_col surv_stats[] = {
    CNT(n), CNT(ruptures), CNT(repairs), DBL(km_median), DBL(km_median_lo), DBL(km_median_hi),
    DBL(within_2s), DBL(rmst),
    DBL(logrank_chisq), DBL(logrank_df), DBL(logrank_p), DBL(logrank_p_holm),
};
static const stat_col overall_stats[] = {
    CNT(n), CNT(ruptures), CNT(repairs), DBL(logrank_chisq), DBL(logrank_df), DBL(logrank_p),
};
#undef DBL
#undef CNT
enum { METRIC_VERSUS = 5, SURV_VERSUS = 8 };

static const char *const long_keys[] = { "level", "window", "metric", "group", "baseline" };
static const int long_numeric[] = { 0, 0, 0, 0, 1 };
enum { LONG_KEYS = sizeof long_keys / sizeof *long_keys };

static void long_rows(att_long *w, const att_compare_row *r)
{
    const stat_col *cols = r->kind == ATT_COMPARE_METRIC ? metric_stats
                         : r->kind == ATT_COMPARE_SURVIVAL ? surv_stats : overall_stats;
    size_t n = r->kind == ATT_COMPARE_METRIC ? (r->baseline ? METRIC_VERSUS
                                                            : sizeof metric_stats / sizeof *cols)
             : r->kind == ATT_COMPARE_SURVIVAL ? (r->baseline ? SURV_VERSUS
                                                              : sizeof surv_stats / sizeof *cols)
             : sizeof overall_stats / sizeof *cols;
    int overall = r->kind == ATT_COMPARE_OVERALL;
    const char *keys[LONG_KEYS] = { overall ? "overall" : "group", r->window, r->metric,
                                    r->group, overall ? NULL : r->baseline ? "1" : "0" };
    for (size_t i = 0; i < n; i++) {
        const char *at = (const char *)r + cols[i].off;
        double x;
        if (cols[i].count) {
            long v;
            memcpy(&v, at, sizeof v);
            x = v >= 0 ? (double)v : NAN;
        } else {
            memcpy(&x, at, sizeof x);
        }
        att_long_row(w, keys, cols[i].name, x);
    }
}

static int write_long(const att_compare *c, FILE *fp, att_format fmt, att_error *err)
{
    att_long w;
    int rc = att_long_begin(&w, fp, fmt, long_keys, long_numeric, LONG_KEYS, "statistic", err);
    for (size_t i = 0; rc == ATT_OK && i < c->nrows; i++)
        long_rows(&w, &c->rows[i]);
    return rc != ATT_OK ? rc : att_long_end(&w, err);
}

/* ---- writing: table ---------------------------------------------------- */

enum { MCOLS = 15, SCOLS = 11, CELL = 64 };

static const char *const metric_head[MCOLS] = {
    "  group", "n", "mean", "sd", "bootstrap 95%", "diff", "g", "g 95%",
    "welch t", "df", "p", "holm", "mw U", "p", "holm",
};
static const char *const surv_head[SCOLS] = {
    "  group", "runs", "ruptures", "repairs", "median", "median 95%", "within_2s", "rmst",
    "chisq", "p", "holm",
};

static void fixed(char *buf, size_t cap, double x, int decimals)
{
    if (isfinite(x))
        snprintf(buf, cap, "%.*f", decimals, x);
    else
        snprintf(buf, cap, "-");
}

static void cell_num(char *buf, double x, int decimals)
{
    fixed(buf, CELL, x, decimals);
}

static void cell_p(char *buf, double p)
{
    if (isnan(p))
        snprintf(buf, CELL, "-");
    else if (p < 0.001)
        snprintf(buf, CELL, "<0.001");
    else
        snprintf(buf, CELL, "%.3f", p);
}

static void cell_interval(char *buf, double lo, double hi, int decimals)
{
    if (isnan(lo) && isnan(hi)) {
        snprintf(buf, CELL, "-");
        return;
    }
    char a[CELL / 2 - 4], b[CELL / 2 - 4];
    fixed(a, sizeof a, lo, decimals);
    fixed(b, sizeof b, hi, decimals);
    snprintf(buf, CELL, "[%s, %s]", a, b);
}

static void metric_cells(const att_compare_row *r, char cells[MCOLS][CELL])
{
    cells[0][0] = '\0';   /* the group: print_row writes it */
    snprintf(cells[1], CELL, "%ld", r->n);
    cell_num(cells[2], r->mean, 3);
    cell_num(cells[3], r->sd, 3);
    cell_interval(cells[4], r->boot_lo, r->boot_hi, 3);
    for (int i = 5; i < MCOLS; i++)
        cells[i][0] = '\0';
    if (r->baseline)
        return;
    cell_num(cells[5], r->diff, 3);
    cell_num(cells[6], r->g, 2);
    cell_interval(cells[7], r->g_lo, r->g_hi, 2);
    cell_num(cells[8], r->welch_t, 2);
    cell_num(cells[9], r->welch_df, 1);
    cell_p(cells[10], r->welch_p);
    cell_p(cells[11], r->welch_p_holm);
    cell_num(cells[12], r->mw_u, 1);
    cell_p(cells[13], r->mw_p);
    cell_p(cells[14], r->mw_p_holm);
}

static void surv_cells(const att_compare_row *r, char cells[SCOLS][CELL])
{
    cells[0][0] = '\0';   /* the group: print_row writes it */
    snprintf(cells[1], CELL, "%ld", r->n);
    snprintf(cells[2], CELL, "%ld", r->ruptures);
    snprintf(cells[3], CELL, "%ld", r->repairs);
    cell_num(cells[4], r->km_median, 3);
    cell_interval(cells[5], r->km_median_lo, r->km_median_hi, 3);
    cell_num(cells[6], r->within_2s, 3);
    cell_num(cells[7], r->rmst, 3);
    for (int i = 8; i < SCOLS; i++)
        cells[i][0] = '\0';
    if (r->baseline)
        return;
    cell_num(cells[8], r->logrank_chisq, 3);
    cell_p(cells[9], r->logrank_p);
    cell_p(cells[10], r->logrank_p_holm);
}

/* Column widths over the header and every row of one kind; the group
 * column's width over the group names. */
static void widths(const att_compare *c, att_compare_kind kind, int *w, int ncols)
{
    const char *const *head = kind == ATT_COMPARE_METRIC ? metric_head : surv_head;
    for (int i = 0; i < ncols; i++)
        w[i] = (int)strlen(head[i]);
    for (size_t i = 0; i < c->nrows; i++) {
        const att_compare_row *r = &c->rows[i];
        if (r->kind != kind)
            continue;
        char cells[MCOLS][CELL];
        if (kind == ATT_COMPARE_METRIC)
            metric_cells(r, cells);
        else
            surv_cells(r, cells);
        for (int k = 1; k < ncols; k++)
            if ((int)strlen(cells[k]) > w[k])
                w[k] = (int)strlen(cells[k]);
        if ((int)strlen(r->group) + 2 > w[0])
            w[0] = (int)strlen(r->group) + 2;
    }
}

static void table_line(FILE *fp, const char *const *cells, const int *w, int ncols)
{
    fprintf(fp, "%-*s", w[0], cells[0]);
    for (int k = 1; k < ncols; k++)
        fprintf(fp, "  %*s", w[k], cells[k]);
    putc('\n', fp);
}

static void print_row(FILE *fp, const att_compare_row *r, const int *w, int ncols)
{
    char cells[MCOLS][CELL];
    if (r->kind == ATT_COMPARE_METRIC)
        metric_cells(r, cells);
    else
        surv_cells(r, cells);
    /* A baseline row ends after its own statistics. */
    int shown = ncols;
    while (shown > 1 && cells[shown - 1][0] == '\0')
        shown--;
    fprintf(fp, "%c %-*s", r->baseline ? '*' : ' ', shown > 1 ? w[0] - 2 : 0, r->group);
    for (int k = 1; k < shown; k++)
        fprintf(fp, "  %*s", w[k], cells[k]);
    putc('\n', fp);
}

static void write_table(const att_compare *c, FILE *fp)
{
    int mw[MCOLS], sw[SCOLS];
    widths(c, ATT_COMPARE_METRIC, mw, MCOLS);
    widths(c, ATT_COMPARE_SURVIVAL, sw, SCOLS);
    if (sw[0] > mw[0])
        mw[0] = sw[0];
    sw[0] = mw[0];
    const char *exp = att_compare_experiment(c);
    fprintf(fp, "%s%s%s: %ld runs in %zu groups by %s; * = baseline (%s)\n", c->path,
            *exp ? ", experiment " : "", exp, c->runs, c->ngroups, c->by,
            c->groups[c->baseline].name);
    fprintf(fp, "per group: mean, sd and a 95%% bootstrap interval of the mean (%ld resamples "
            "of runs);\nversus the baseline: diff = mean - baseline mean, Hedges' g [95%%], "
            "Welch's t-test,\nMann-Whitney U; p two-sided; holm = Holm-adjusted over the %zu "
            "Welch, %zu Mann-Whitney\nand %zu log-rank tests below.\n", c->boot,
            att_compare_family_size(c, ATT_COMPARE_WELCH),
            att_compare_family_size(c, ATT_COMPARE_MANN_WHITNEY),
            att_compare_family_size(c, ATT_COMPARE_LOGRANK));
    for (size_t i = 0; i < c->nrows; i++) {
        const att_compare_row *r = &c->rows[i];
        int first = i == 0 || strcmp(c->rows[i - 1].metric, r->metric) != 0
                    || strcmp(c->rows[i - 1].window, r->window) != 0;
        if (r->kind == ATT_COMPARE_OVERALL) {
            if (isnan(r->logrank_p))
                fprintf(fp, "log-rank test of all groups: undefined (fewer than two groups with "
                        "ruptures)\n");
            else {
                char p[CELL];
                cell_p(p, r->logrank_p);
                fprintf(fp, "log-rank test of all groups with ruptures: chisq %.3f, df %.0f, "
                        "p %s\n", r->logrank_chisq, r->logrank_df, p);
            }
            continue;
        }
        if (first) {
            if (r->kind == ATT_COMPARE_METRIC) {
                fprintf(fp, "\n%s: %s\n", r->window, r->metric);
                table_line(fp, metric_head, mw, MCOLS);
            } else {
                fprintf(fp, "\n%s: %s (Kaplan-Meier over the group's ruptures; log-rank test "
                        "versus the baseline)\n", r->window, r->metric);
                table_line(fp, surv_head, sw, SCOLS);
            }
        }
        if (r->kind == ATT_COMPARE_METRIC)
            print_row(fp, r, mw, MCOLS);
        else
            print_row(fp, r, sw, SCOLS);
    }
}

/* ---- writing: the narrow table ----------------------------------------- */

/* The first column of the tests versus the baseline: welch t, chisq. */
enum { NARROW = ATT_COMPARE_NARROW_COLS, GROUP_MAX = 30, METRIC_TESTS = 8, SURV_TESTS = 8 };

/* The panels of a block: panel p holds columns ends[p - 1] (1 for p = 0)
 * to ends[p] - 1, as many as fit beside the group column.  When the whole
 * row does not fit, the tests (from column `tests` on) start a panel of
 * their own.  Returns their number. */
static int panels(const int *w, int ncols, int tests, int *ends)
{
    int np = 0, width = w[0];
    for (int k = 1; k < ncols; k++)
        width += 2 + w[k];
    int split = width > NARROW;
    width = w[0];
    for (int k = 1; k < ncols; k++) {
        if (width > w[0] && (width + 2 + w[k] > NARROW || (split && k == tests))) {
            ends[np++] = k;
            width = w[0];
        }
        width += 2 + w[k];
    }
    ends[np++] = ncols;
    return np;
}

/* One group's cells from..to-1; nothing when they are all empty in a
 * later panel (the baseline after its own statistics). */
static void narrow_row(FILE *fp, const att_compare_row *r, const int *w, int from, int to)
{
    char cells[MCOLS][CELL];
    if (r->kind == ATT_COMPARE_METRIC)
        metric_cells(r, cells);
    else
        surv_cells(r, cells);
    int shown = to;
    while (shown > from && cells[shown - 1][0] == '\0')
        shown--;
    if (shown == from && from > 1)
        return;
    int cut = strlen(r->group) > GROUP_MAX;
    fprintf(fp, "%c %-*.*s%s", r->baseline ? '*' : ' ', shown > from ? w[0] - 2 - 3 * cut : 0,
            cut ? GROUP_MAX - 3 : GROUP_MAX, r->group, cut ? "..." : "");
    for (int k = from; k < shown; k++)
        fprintf(fp, "  %*s", w[k], cells[k]);
    putc('\n', fp);
}

/* Rows first..end-1, one window and metric, panel after panel. */
static void narrow_block(FILE *fp, const att_compare *c, size_t first, size_t end, const int *w)
{
    int metric = c->rows[first].kind == ATT_COMPARE_METRIC;
    const char *const *head = metric ? metric_head : surv_head;
    int ncols = metric ? MCOLS : SCOLS, ends[MCOLS];
    int np = panels(w, ncols, metric ? METRIC_TESTS : SURV_TESTS, ends);
    for (int p = 0, from = 1; p < np; from = ends[p++]) {
        fprintf(fp, "%-*s", w[0], head[0]);
        for (int k = from; k < ends[p]; k++)
            fprintf(fp, "  %*s", w[k], head[k]);
        putc('\n', fp);
        for (size_t i = first; i < end; i++)
            narrow_row(fp, &c->rows[i], w, from, ends[p]);
    }
}

/* Wraps the text of `b` to the width and empties `b`. */
static void wrap_out(FILE *fp, att_buf *b)
{
    att_wrap_put(fp, b->data ? b->data : "", 0, 0, NARROW);
    att_buf_clear(b);
}

static int narrow_preamble(const att_compare *c, FILE *fp, att_buf *b, att_error *err)
{
    const char *exp = att_compare_experiment(c);
    if (att_buf_printf(b, err, "%s%s%s: %ld runs in %zu groups by %s; * = baseline (%s)",
                       c->path, *exp ? ", experiment " : "", exp, c->runs, c->ngroups, c->by,
                       c->groups[c->baseline].name) != ATT_OK)
        return ATT_ENOMEM;
    wrap_out(fp, b);
    if (att_buf_printf(b, err, "per group: mean, sd and a 95%% bootstrap interval of the mean "
                       "(%ld resamples of runs); versus the baseline: diff = mean - baseline "
                       "mean, Hedges' g [95%%], Welch's t-test, Mann-Whitney U; p two-sided; "
                       "holm = Holm-adjusted over the %zu Welch, %zu Mann-Whitney and %zu "
                       "log-rank tests below.  A block wider than the page has its tests in a "
                       "second panel under the first.", c->boot,
                       att_compare_family_size(c, ATT_COMPARE_WELCH),
                       att_compare_family_size(c, ATT_COMPARE_MANN_WHITNEY),
                       att_compare_family_size(c, ATT_COMPARE_LOGRANK)) != ATT_OK)
        return ATT_ENOMEM;
    wrap_out(fp, b);
    return ATT_OK;
}

/* The title of the block at row i, or the k-group log-rank line. */
static int narrow_title(const att_compare_row *r, att_buf *b, att_error *err)
{
    if (r->kind == ATT_COMPARE_OVERALL) {
        char p[CELL];
        cell_p(p, r->logrank_p);
        if (isnan(r->logrank_p))
            return att_buf_str(b, "log-rank test of all groups: undefined (fewer than two "
                               "groups with ruptures)", err);
        return att_buf_printf(b, err, "log-rank test of all groups with ruptures: chisq %.3f, "
                              "df %.0f, p %s", r->logrank_chisq, r->logrank_df, p);
    }
    return att_buf_printf(b, err, "%s: %s%s", r->window, r->metric,
                          r->kind == ATT_COMPARE_METRIC ? "" : " (Kaplan-Meier over the "
                          "group's ruptures; log-rank test versus the baseline)");
}

static int write_narrow(const att_compare *c, FILE *fp, att_error *err)
{
    int mw[MCOLS], sw[SCOLS];
    widths(c, ATT_COMPARE_METRIC, mw, MCOLS);
    widths(c, ATT_COMPARE_SURVIVAL, sw, SCOLS);
    mw[0] = sw[0] = (mw[0] > sw[0] ? mw[0] : sw[0]) > GROUP_MAX + 2 ? GROUP_MAX + 2
                  : (mw[0] > sw[0] ? mw[0] : sw[0]);
    att_buf b = { 0 };
    int rc = narrow_preamble(c, fp, &b, err);
    for (size_t i = 0; rc == ATT_OK && i < c->nrows;) {
        const att_compare_row *r = &c->rows[i];
        size_t end = i + 1;
        while (r->kind != ATT_COMPARE_OVERALL && end < c->nrows
               && c->rows[end].kind == r->kind && strcmp(c->rows[end].metric, r->metric) == 0
               && strcmp(c->rows[end].window, r->window) == 0)
            end++;
        if ((rc = narrow_title(r, &b, err)) != ATT_OK)
            break;
        if (r->kind != ATT_COMPARE_OVERALL)
            putc('\n', fp);
        wrap_out(fp, &b);
        if (r->kind != ATT_COMPARE_OVERALL)
            narrow_block(fp, c, i, end, r->kind == ATT_COMPARE_METRIC ? mw : sw);
        i = end;
    }
    att_buf_free(&b);
    return rc;
}

static int flushed(FILE *fp, att_error *err)
{
    errno = 0;
    if (fflush(fp) != 0 || ferror(fp))
        return att_error_set(err, ATT_EIO, "write error%s%s", errno ? ": " : "",
                             errno ? strerror(errno) : "");
    return ATT_OK;
}

int att_compare_write_narrow(const att_compare *c, FILE *fp, att_error *err)
{
    if (c->state != 2)
        return att_error_set(err, ATT_EINTERNAL, "att_compare_write_narrow: nothing computed");
    int rc = write_narrow(c, fp, err);
    return rc != ATT_OK ? rc : flushed(fp, err);
}

int att_compare_write_long(const att_compare *c, FILE *fp, att_format fmt, att_error *err)
{
    if (c->state != 2)
        return att_error_set(err, ATT_EINTERNAL, "att_compare_write_long: nothing computed");
    if (fmt == ATT_FORMAT_TABLE)
        return att_error_set(err, ATT_EINPUT, "the long form is csv or json, not a table");
    int rc = write_long(c, fp, fmt, err);
    return rc != ATT_OK ? rc : flushed(fp, err);
}

int att_compare_write(const att_compare *c, FILE *fp, att_format fmt, att_error *err)
{
    if (c->state != 2)
        return att_error_set(err, ATT_EINTERNAL, "att_compare_write: nothing computed");
    if (fmt == ATT_FORMAT_CSV) {
        fputs(csv_header, fp);
        for (size_t i = 0; i < c->nrows; i++)
            csv_row(fp, &c->rows[i]);
    } else if (fmt == ATT_FORMAT_TABLE) {
        write_table(c, fp);
    } else {
        return att_error_set(err, ATT_EINPUT, "compare writes table or csv");
    }
    return flushed(fp, err);
}
