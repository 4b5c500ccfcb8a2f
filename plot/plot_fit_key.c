/* The words around the fit figure (plot/plot_fit_fig.c): each statistic's
 * name in words for its panel, the key of the marks, and the caption with
 * the fit's figures, a table of the estimates with their intervals, and
 * the warnings of the fit table. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "plot/plot_data.h"
#include "plot/plot_fit.h"

#define ROW 1.45   /* a caption line's height, in font sizes */

void att_plot_fit_words(char *buf, size_t n, const char *name)
{
    static const char *const words[][2] = {
        { "matched_prop", "matched share" },
        { "ruptures_per_min", "ruptures per minute" },
        { "latency_q25_s", "repair time, 25% quantile (s)" },
        { "latency_q50_s", "median repair time (s)" },
        { "latency_q75_s", "repair time, 75% quantile (s)" },
        { "repaired_within_2s", "share repaired within 2 s" },
        { "infant_gaze_prop", "infant's gaze share" },
        { "infant_positive_prop", "infant's positive share" },
        { "infant_negative_prop", "infant's negative share" },
        { "aversion_bout_s", "aversion bout length (s)" },
        { "negative_bout_s", "negative bout length (s)" },
        { "transitions_per_min", "transitions per minute" },
    };
    size_t len = strlen(name), sd = len > 3 && strcmp(name + len - 3, "_sd") == 0;
    size_t base = sd ? len - 3 : len;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i][0]) == base && strncmp(words[i][0], name, base) == 0) {
            snprintf(buf, n, "%s%s", sd ? "SD of " : "", words[i][1]);
            return;
        }
    snprintf(buf, n, "%s", name);
}

/* ---- the key ---- */

/* The swatch of key item i, 14 x 10 points from (x, y). */
static void swatch(att_fig *f, int i, double x, double y)
{
    cairo_t *cr = att_fig_cairo(f);
    att_rgb black = att_palette[ATT_BLACK], blue = att_palette[ATT_BLUE];
    att_rgb flag = att_palette[ATT_VERMILLION];
    cairo_save(cr);
    cairo_new_path(cr);
    if (i == 0) {
        cairo_set_source_rgb(cr, black.r, black.g, black.b);
        cairo_set_line_width(cr, 1.6);
        cairo_move_to(cr, x + 4, y - 1), cairo_line_to(cr, x + 10, y - 1);
        cairo_move_to(cr, x + 7, y - 1), cairo_line_to(cr, x + 7, y + 11);
        cairo_move_to(cr, x + 4, y + 11), cairo_line_to(cr, x + 10, y + 11);
        cairo_stroke(cr);
        cairo_arc(cr, x + 7, y + 5, 3, 0, 6.283185307179586);
        cairo_fill(cr);
    } else {
        if (i == 2) {
            cairo_set_source_rgba(cr, flag.r, flag.g, flag.b, 0.12);
            cairo_rectangle(cr, x - 1, y - 2, 16, 14);
            cairo_fill(cr);
        }
        att_rgb c = i == 1 ? blue : flag;
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
        cairo_set_line_width(cr, 1.8);
        cairo_arc(cr, x + 7, y + 5, 5, 0, 6.283185307179586);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

double att_plot_fit_key(att_fig *f, double x, double y, double w, int draw)
{
    static const char *const text[3] = {
        "observed, 95% band (\u00b1 1.96 \u221avariance)",
        "simulated at the estimate",
        "|z| > 2, shaded; z = (observed \u2212 simulated) / \u221avariance",
    };
    double size = ATT_FIG_FONT_SMALL, row = 16, cx = x, cy = y;
    for (int i = 0; i < 3; i++) {
        double iw = 14 + 5 + att_fig_text_width(f, text[i], size);
        if (cx > x && cx + iw > x + w)
            cx = x, cy += row;
        if (draw) {
            swatch(f, i, cx, cy + 3);
            att_fig_text(f, cx + 19, cy + 8, text[i], size, -1, 0, 0, att_palette[ATT_BLACK]);
        }
        cx += iw + 18;
    }
    return cy - y + row;
}

/* ---- the caption ---- */

/* A number with three significant digits ("-" when there is none). */
static void g3(char *buf, size_t n, double x)
{
    if (!isfinite(x))
        snprintf(buf, n, "\u2013");
    else if (fabs(x) >= 100 && fabs(x) < 1e6)
        snprintf(buf, n, "%.0f", x);
    else
        snprintf(buf, n, "%.3g", x);
}

static int stopped(const att_plot_fit_data *d)
{
    return att_plot_fit_figure(d, "stopped") == 1;
}

size_t att_plot_fit_caption_lines(const att_plot_fit_data *d)
{
    return 2 + (size_t)stopped(d) + (d->nparam ? 1 + d->nparam : 0) + d->nwarn;
}

double att_plot_fit_caption_height(const att_plot_fit_data *d, double size)
{
    return (double)att_plot_fit_caption_lines(d) * size * ROW;
}

/* Appends to the text in buf (n bytes, cut when full). */
static void add(char *buf, size_t n, const char *fmt, ...)
{
    size_t k = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    if (k + 1 < n)
        vsnprintf(buf + k, n - k, fmt, ap);
    va_end(ap);
}

void att_plot_fit_summary(const att_plot_fit_data *d, char *j, char *sizes, size_t n)
{
    double J = att_plot_fit_figure(d, "j_stat"), df = att_plot_fit_figure(d, "j_df");
    double p = att_plot_fit_figure(d, "j_p"), pb = att_plot_fit_figure(d, "j_p_boot");
    double ses = att_plot_fit_figure(d, "sessions"), dy = att_plot_fit_figure(d, "dyads");
    double ev = att_plot_fit_figure(d, "evaluations"), st = att_plot_fit_figure(d, "starts");
    double best = att_plot_fit_figure(d, "best_start");
    double boot = att_plot_fit_figure(d, "boot"), used = att_plot_fit_figure(d, "boot_used");
    char a[32];
    g3(a, sizeof a, isnan(J) ? att_plot_fit_figure(d, "objective") : J);
    *j = *sizes = 0;
    add(j, n, "fit: J = %s (the sum of z\u00b2)", a);
    if (isfinite(df) && df > 0 && isfinite(p))
        add(j, n, " on %g df, p = %.3g", df, p);
    if (isfinite(pb))
        add(j, n, ", bootstrap p = %.3g", pb);
    add(sizes, n, "data: ");
    if (ses > 0)
        add(sizes, n, "%g observed sessions; ", ses);
    else if (ses == 0)
        add(sizes, n, "a targets file; ");
    if (dy > 0)
        add(sizes, n, "%g simulated dyads an evaluation, ", dy);
    if (ev >= 0)
        add(sizes, n, "%g evaluation%s", ev, ev == 1 ? "" : "s");
    if (ev == 1)   /* one point: --max-evals 0 (or a single start of 1) */
        add(sizes, n, " at the scenario's values (no search)");
    else if (st > 1 && best > 0)
        add(sizes, n, ", best of %g starts: start %g", st, best);
    if (boot > 0 && used >= 0)
        add(sizes, n, "; bootstrap: %g of %g replicates refitted", used, boot);
}

/* An interval with its se: "[lo, hi], se s" ("-" without one). */
static void interval(char *buf, size_t n, double lo, double hi, double se)
{
    char a[32], b[32], c[32];
    g3(a, sizeof a, lo), g3(b, sizeof b, hi), g3(c, sizeof c, se);
    if (isnan(lo) || isnan(hi))
        snprintf(buf, n, "\u2013");
    else if (isnan(se))
        snprintf(buf, n, "[%s, %s]", a, b);
    else
        snprintf(buf, n, "[%s, %s], se %s", a, b, c);
}

enum { T_NAME, T_EST, T_ASYM, T_BOOT, T_BOUNDS, T_START, NT };

/* Cell c of parameter row i (i = nparam: the header). */
static void cell(const att_plot_fit_data *d, size_t i, int c, char *buf, size_t n)
{
    static const char *const head[NT] = { "parameter", "estimate", "95% interval, asymptotic",
                                          "95% interval, bootstrap", "bounds", "start" };
    if (i == d->nparam) {
        snprintf(buf, n, "%s", head[c]);
        return;
    }
    const att_plot_fit_param *p = &d->param[i];
    char a[32], b[32];
    switch (c) {
    case T_NAME: snprintf(buf, n, "%s", p->name); break;
    case T_EST: g3(buf, n, p->value); break;
    case T_ASYM: interval(buf, n, p->ci_asym_lo, p->ci_asym_hi, p->se_asym); break;
    case T_BOOT: interval(buf, n, p->ci_lo, p->ci_hi, p->se); break;
    case T_BOUNDS:
        g3(a, sizeof a, p->lo), g3(b, sizeof b, p->hi);
        snprintf(buf, n, "%s to %s", a, b);
        break;
    default: g3(buf, n, p->start); break;
    }
}

static int shown(const att_plot_fit_data *d, int c)
{
    return c == T_ASYM ? d->has_asym : c == T_BOOT ? d->has_boot : 1;
}

/* The table of estimates from (x, y); returns the y after it. */
static double table(att_fig *f, const att_plot_fit_data *d, double x, double y, double size)
{
    double colx[NT], cx = x;
    char buf[256];
    for (int c = 0; c < NT; c++) {
        colx[c] = cx;
        if (!shown(d, c))
            continue;
        double w = 0;
        for (size_t i = 0; i <= d->nparam; i++) {
            cell(d, i, c, buf, sizeof buf);
            w = fmax(w, att_fig_text_width(f, buf, size));
        }
        cx += w + 2 * size;
    }
    for (size_t r = 0; r <= d->nparam; r++, y += size * ROW) {
        size_t i = r == 0 ? d->nparam : r - 1;   /* the header first */
        for (int c = 0; c < NT; c++)
            if (shown(d, c)) {
                cell(d, i, c, buf, sizeof buf);
                att_fig_text(f, colx[c], y, buf, size, -1, -1, 0,
                             r == 0 ? att_grey : att_palette[ATT_BLACK]);
            }
    }
    return y;
}

void att_plot_fit_caption(att_fig *f, const att_plot_fit_data *d, double x, double y, double w,
                          double size)
{
    char buf[512], lines[2][512];
    att_plot_fit_summary(d, lines[0], lines[1], sizeof lines[0]);
    for (int i = 0; i < 2; i++, y += size * ROW) {
        double s = size;
        while (s > 7 && att_fig_text_width(f, lines[i], s) > w)
            s -= 0.5;
        att_fig_text(f, x, y, lines[i], s, -1, -1, 0, att_palette[ATT_BLACK]);
    }
    att_rgb flag = att_palette[ATT_VERMILLION];
    if (stopped(d)) {
        att_fig_text(f, x, y, "stopped by Ctrl-C: the best point found so far", size, -1, -1,
                     0, flag);
        y += size * ROW;
    }
    if (d->nparam)
        y = table(f, d, x, y, size);
    for (size_t i = 0; i < d->nwarn; i++, y += size * ROW) {
        snprintf(buf, sizeof buf, "warning: %s", d->warn[i]);
        att_fig_text(f, x, y, buf, size, -1, -1, 0, flag);
    }
}
