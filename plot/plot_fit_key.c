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

static const char *const key_text[3] = {
    "observed, 95% band (\u00b1 1.96 \u221avariance)",
    "simulated at the estimate",
    "|z| > 2, shaded; z = (observed \u2212 simulated) / \u221avariance",
};

void att_plot_fit_lines(att_fig *f, const char *s, double size, double w, att_fig_lines *t)
{
    double one = size;
    while (one > ATT_PLOT_FIT_LEAST && att_fig_text_width(f, s, one) > w)
        one -= 0.5;
    if (att_fig_text_width(f, s, one) <= w && strlen(s) < sizeof t->line[0]) {
        snprintf(t->line[0], sizeof t->line[0], "%s", s);
        t->nlines = 1, t->size = one, t->cut = 0;
        t->width = att_fig_text_width(f, s, one);
        return;
    }
    att_fig_fit_lines(f, s, size, ATT_PLOT_FIT_LEAST, w, t);
}

double att_plot_fit_lines_extra(const att_fig_lines *t)
{
    return (t->nlines - 1) * t->size * ATT_FIG_LINE_PITCH;
}

double att_plot_fit_key(att_fig *f, double x, double y, double w, int draw)
{
    double size = ATT_FIG_FONT_SMALL, row = 16, cx = x, cy = y, h = row;
    for (int i = 0; i < 3; i++) {
        double iw = 14 + 5 + att_fig_text_width(f, key_text[i], size);
        if (cx > x && cx + iw > x + w)
            cx = x, cy += h, h = row;
        att_fig_lines t;   /* an item alone too wide: smaller, then wrapped */
        att_plot_fit_lines(f, key_text[i], size, x + w - cx - 19, &t);
        h = fmax(h, row + att_plot_fit_lines_extra(&t));
        if (draw) {
            swatch(f, i, cx, cy + 3);
            att_fig_draw_lines(f, cx + 19, cy + 8, &t, -1, 0, att_palette[ATT_BLACK]);
        }
        cx += 19 + t.width + 18;
    }
    return cy - y + h;
}

double att_plot_fit_key_least(att_fig *f)
{
    double least = 0;
    for (int i = 0; i < 3; i++)
        least = fmax(least, 19 + att_fig_fit_lines_least(f, key_text[i], ATT_PLOT_FIT_LEAST));
    return least;
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

/* The table's columns: their left ends x (from 0) and widths, and the
 * size of its text; `wrap` when its cells are laid out in lines. */
typedef struct columns {
    double x[NT], w[NT], size;
    int wrap;
} columns;

/* The widest cell of column c at `size` on one line (least 0), or the
 * least width that holds each laid out in lines at ATT_PLOT_FIT_LEAST. */
static double column_width(att_fig *f, const att_plot_fit_data *d, int c, double size, int least)
{
    char buf[256];
    double w = 0;
    for (size_t i = 0; i <= d->nparam; i++) {
        cell(d, i, c, buf, sizeof buf);
        w = fmax(w, least ? att_fig_fit_lines_least(f, buf, ATT_PLOT_FIT_LEAST)
                          : att_fig_text_width(f, buf, size));
    }
    return w;
}

/* Columns of width w[c] at `size`, 2 sizes apart; their total width. */
static double place(const att_plot_fit_data *d, columns *C)
{
    double cx = 0, total = 0;
    for (int c = 0; c < NT; c++) {
        C->x[c] = cx;
        if (shown(d, c))
            total = cx + C->w[c], cx += C->w[c] + 2 * C->size;
    }
    return total;
}

/* Lays the table out in `w` points: each cell on one line at `size`, or
 * all smaller by half points down to ATT_PLOT_FIT_LEAST, else at that
 * size with each column at least as wide as holds its cells in lines
 * (att_fig_fit_lines_least) and the rest of the room shared out as the
 * columns' one-line widths exceed that. */
static void lay_out_table(att_fig *f, const att_plot_fit_data *d, double w, double size,
                          columns *C)
{
    C->wrap = 0;
    for (C->size = size;; C->size -= 0.5) {
        for (int c = 0; c < NT; c++)
            C->w[c] = shown(d, c) ? column_width(f, d, c, C->size, 0) : 0;
        if (place(d, C) <= w || C->size <= ATT_PLOT_FIT_LEAST)
            break;
    }
    double whole[NT], more = 0, total = place(d, C);
    if (total <= w)
        return;
    C->wrap = 1;
    for (int c = 0; c < NT; c++) {
        whole[c] = C->w[c];
        C->w[c] = shown(d, c) ? column_width(f, d, c, C->size, 1) : 0;
        more += whole[c] - C->w[c];
    }
    double spare = w - place(d, C);
    for (int c = 0; c < NT && spare > 0 && more > 0; c++)
        C->w[c] += spare * (whole[c] - C->w[c]) / more;
    place(d, C);
}

/* The table of estimates from (x, *y) in `w` points, drawn when `draw`;
 * *y moved a row at a time after it; returns the height its rows take
 * beyond a line each. */
static double table(att_fig *f, const att_plot_fit_data *d, double x, double *y, double w,
                    double size, int draw)
{
    columns C;
    char buf[256];
    double more = 0;
    lay_out_table(f, d, w, size, &C);
    for (size_t r = 0; r <= d->nparam; r++) {
        size_t i = r == 0 ? d->nparam : r - 1;   /* the header first */
        att_rgb colour = r == 0 ? att_grey : att_palette[ATT_BLACK];
        double extra = 0;
        for (int c = 0; c < NT; c++) {
            if (!shown(d, c))
                continue;
            cell(d, i, c, buf, sizeof buf);
            att_fig_lines t;
            if (C.wrap)
                att_plot_fit_lines(f, buf, C.size, C.w[c], &t);
            else
                t.nlines = 1, t.size = C.size, snprintf(t.line[0], sizeof t.line[0], "%s", buf);
            extra = fmax(extra, att_plot_fit_lines_extra(&t));
            if (draw)
                att_fig_draw_lines(f, x + C.x[c], *y, &t, -1, -1, colour);
        }
        *y += size * ROW + extra;
        more += extra;
    }
    return more;
}

/* Caption text `s` from (x, *y) in `w` points (att_plot_fit_lines), in
 * colour c, drawn when `draw`; *y moved after it; returns the height its
 * lines take beyond one. */
static double text(att_fig *f, const char *s, double x, double *y, double w, double size,
                   att_rgb c, int draw)
{
    att_fig_lines t;
    att_plot_fit_lines(f, s, size, w, &t);
    if (draw)
        att_fig_draw_lines(f, x, *y, &t, -1, -1, c);
    double extra = att_plot_fit_lines_extra(&t);
    *y += size * ROW + extra;
    return extra;
}

#define STOPPED "stopped by Ctrl-C: the best point found so far"

double att_plot_fit_caption(att_fig *f, const att_plot_fit_data *d, double x, double y,
                            double w, double size, int draw)
{
    char buf[512], lines[2][512];
    double extra = 0;
    att_plot_fit_summary(d, lines[0], lines[1], sizeof lines[0]);
    att_rgb black = att_palette[ATT_BLACK], flag = att_palette[ATT_VERMILLION];
    for (int i = 0; i < 2; i++)
        extra += text(f, lines[i], x, &y, w, size, black, draw);
    if (stopped(d))
        extra += text(f, STOPPED, x, &y, w, size, flag, draw);
    if (d->nparam)
        extra += table(f, d, x, &y, w, size, draw);
    for (size_t i = 0; i < d->nwarn; i++) {
        snprintf(buf, sizeof buf, "warning: %s", d->warn[i]);
        extra += text(f, buf, x, &y, w, size, flag, draw);
    }
    return (double)att_plot_fit_caption_lines(d) * size * ROW + extra;
}

double att_plot_fit_caption_least(att_fig *f, const att_plot_fit_data *d)
{
    char buf[512], lines[2][512];
    att_plot_fit_summary(d, lines[0], lines[1], sizeof lines[0]);
    double least = 0;
    for (int i = 0; i < 2; i++)
        least = fmax(least, att_fig_fit_lines_least(f, lines[i], ATT_PLOT_FIT_LEAST));
    if (stopped(d))
        least = fmax(least, att_fig_fit_lines_least(f, STOPPED, ATT_PLOT_FIT_LEAST));
    if (d->nparam) {
        columns C = { .size = ATT_PLOT_FIT_LEAST };
        for (int c = 0; c < NT; c++)
            C.w[c] = shown(d, c) ? column_width(f, d, c, C.size, 1) : 0;
        least = fmax(least, place(d, &C));
    }
    for (size_t i = 0; i < d->nwarn; i++) {
        snprintf(buf, sizeof buf, "warning: %s", d->warn[i]);
        least = fmax(least, att_fig_fit_lines_least(f, buf, ATT_PLOT_FIT_LEAST));
    }
    return least;
}
