/* Axes of a figure: nice ticks with labelled units, and what is drawn in a
 * panel: lines reduced to min/max per pixel column, filled and hatched
 * rectangles, vertical lines.  Rectangles are cut to the panel by hand
 * (no clip path per shape, so an SVG stays small); lines and hatching clip. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plot/figure.h"

int att_fig_ticks(double lo, double hi, int maxn, double *ticks, int cap, double *step)
{
    if (cap < 1)
        return 0;
    if (!(hi > lo)) {
        ticks[0] = lo;
        *step = 0;
        return 1;
    }
    if (maxn < 2)
        maxn = 2;
    double raw = (hi - lo) / (maxn - 1);
    double p = pow(10, floor(log10(raw)));
    static const double mult[] = { 1, 2, 5, 10 };
    double s = 10 * p;
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        if (mult[i] * p >= raw * (1 - 1e-9)) {
            s = mult[i] * p;
            break;
        }
    double k0 = ceil(lo / s - 1e-9), k1 = floor(hi / s + 1e-9);
    int n = 0;
    for (double k = k0; k <= k1 && n < cap; k++) {
        double v = k * s;
        ticks[n++] = fabs(v) < s * 1e-9 ? 0 : v;
    }
    *step = s;
    return n;
}

void att_fig_tick_label(double v, double step, char *buf, size_t cap)
{
    int dec = 0;
    if (step > 0 && step < 1)
        dec = (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) < step * 1e-9)
        v = 0;
    snprintf(buf, cap, "%.*f", dec, v);
}

void att_axes_init(att_axes *a, att_fig *f, double px, double py, double pw, double ph,
                   double x0, double x1, double y0, double y1)
{
    *a = (att_axes){ f, px, py, pw, ph, x0, x1, y0, y1 };
}

void att_axes_nice_y(att_axes *a, int maxn)
{
    att_axes b = *a;
    for (int k = maxn > 2 ? maxn : 2; k >= 2; k--) {
        double t[64], s;
        int n = att_fig_ticks(a->y0, a->y1, k, t, 64, &s);
        if (n < 1 || s <= 0)
            return;
        b.y0 = floor(a->y0 / s + 1e-9) * s;
        b.y1 = ceil(a->y1 / s - 1e-9) * s;
        if (k == 2 || att_axes_fit_y(&b, k) == k)   /* its numbers apart on the range made */
            break;
    }
    *a = b;
}

double att_axes_x(const att_axes *a, double x)
{
    double span = a->x1 - a->x0;
    return a->px + (span > 0 ? (x - a->x0) / span : 0.5) * a->pw;
}

double att_axes_y(const att_axes *a, double y)
{
    double span = a->y1 - a->y0;
    return a->py + a->ph - (span > 0 ? (y - a->y0) / span : 0.5) * a->ph;
}

static void stroke_line(cairo_t *cr, double x0, double y0, double x1, double y1, att_rgb c,
                        double width)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

/* The widest of the tick numbers of [lo, hi] at maxn, points. */
static double widest_label(att_fig *f, double lo, double hi, int maxn)
{
    double t[64], step, widest = 0;
    int n = att_fig_ticks(lo, hi, maxn, t, 64, &step);
    for (int i = 0; i < n; i++) {
        char buf[64];
        att_fig_tick_label(t[i], step, buf, sizeof buf);
        widest = fmax(widest, att_fig_text_width(f, buf, ATT_FIG_FONT_SMALL));
    }
    return widest;
}

int att_axes_fit_x(const att_axes *a, int maxn, double also)
{
    for (int k = maxn; k >= 2; k--) {
        double t[64], step;
        int n = att_fig_ticks(a->x0, a->x1, k, t, 64, &step);
        double w = fmax(widest_label(a->fig, a->x0, a->x1, k), also);
        if (n < 2 || fabs(att_axes_x(a, t[1]) - att_axes_x(a, t[0])) >= w + ATT_FIG_TICK_GAP)
            return k;
    }
    return 0;
}

int att_axes_fit_y(const att_axes *a, int maxn)
{
    for (int k = maxn; k >= 2; k--) {
        double t[64], step;
        int n = att_fig_ticks(a->y0, a->y1, k, t, 64, &step);
        if (n < 2 || fabs(att_axes_y(a, t[1]) - att_axes_y(a, t[0])) >= ATT_FIG_TICK_PITCH)
            return k;
    }
    return 0;
}

void att_axes_draw_x(const att_axes *a, int maxn, int labels, const char *title)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    double t[64], s, yb = a->py + a->ph;
    int fit = labels ? att_axes_fit_x(a, maxn, 0) : maxn;
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    stroke_line(cr, a->px, yb, a->px + a->pw, yb, att_grey, 0.8);
    int n = att_fig_ticks(a->x0, a->x1, fit > 0 ? fit : 2, t, 64, &s);
    for (int i = 0; i < n; i++) {
        double x = att_axes_x(a, t[i]);
        stroke_line(cr, x, yb, x, yb + 4, att_grey, 0.8);
        if (labels && fit > 0) {
            char buf[64];
            att_fig_tick_label(t[i], s, buf, sizeof buf);
            att_fig_text(a->fig, x, yb + 6, buf, ATT_FIG_FONT_SMALL, 0, -1, 0, att_palette[ATT_BLACK]);
        }
    }
    if (labels && title && *title)
        att_fig_text(a->fig, a->px + a->pw / 2, yb + 8 + ATT_FIG_FONT_SMALL * 1.3, title,
                     ATT_FIG_FONT, 0, -1, 0, att_palette[ATT_BLACK]);
    cairo_restore(cr);
}

void att_axes_draw_y(const att_axes *a, int maxn, const char *title)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    if (maxn <= 0) {
        if (title && *title)
            att_fig_text(a->fig, a->px - 8, a->py + a->ph / 2, title, ATT_FIG_FONT_SMALL, 1, 0, 0,
                         att_palette[ATT_BLACK]);
        return;
    }
    double t[64], s, widest = 0;
    int fit = att_axes_fit_y(a, maxn);
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    stroke_line(cr, a->px, a->py, a->px, a->py + a->ph, att_grey, 0.8);
    int n = att_fig_ticks(a->y0, a->y1, fit > 0 ? fit : 2, t, 64, &s);
    for (int i = 0; i < n; i++) {
        double y = att_axes_y(a, t[i]);
        char buf[64];
        stroke_line(cr, a->px - 4, y, a->px, y, att_grey, 0.8);
        if (fit == 0)
            continue;
        att_fig_tick_label(t[i], s, buf, sizeof buf);
        double w = att_fig_text_width(a->fig, buf, ATT_FIG_FONT_SMALL);
        widest = w > widest ? w : widest;
        att_fig_text(a->fig, a->px - 6, y, buf, ATT_FIG_FONT_SMALL, 1, 0, 0, att_palette[ATT_BLACK]);
    }
    if (title && *title)
        att_fig_text(a->fig, a->px - 10 - widest, a->py + a->ph / 2, title, ATT_FIG_FONT_SMALL, 0,
                     1, 1.5707963267948966, att_palette[ATT_BLACK]);
    cairo_restore(cr);
}

/* Adds point i of the series to the path, starting a subpath when *pen is 0. */
static void add_point(const att_axes *a, const double *x, const double *y, size_t i, int *pen)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    if (*pen)
        cairo_line_to(cr, att_axes_x(a, x[i]), att_axes_y(a, y[i]));
    else
        cairo_move_to(cr, att_axes_x(a, x[i]), att_axes_y(a, y[i]));
    *pen = 1;
}

/* The points of one pixel column from i: first, lowest, highest, last;
 * returns the index after the column. */
static size_t add_column(const att_axes *a, const double *x, const double *y, size_t i, size_t n,
                         int *pen)
{
    double pix = att_fig_pixel(a->fig);
    double col = floor(att_axes_x(a, x[i]) / pix);
    size_t j = i, lo = i, hi = i;
    while (j < n && !isnan(x[j]) && !isnan(y[j]) && floor(att_axes_x(a, x[j]) / pix) == col) {
        lo = y[j] < y[lo] ? j : lo;
        hi = y[j] > y[hi] ? j : hi;
        j++;
    }
    size_t pts[4] = { i, lo < hi ? lo : hi, lo < hi ? hi : lo, j - 1 };
    for (int k = 0; k < 4; k++)
        if (k == 0 || pts[k] != pts[k - 1])
            add_point(a, x, y, pts[k], pen);
    return j;
}

void att_fig_line(const att_axes *a, const double *x, const double *y, size_t n, att_rgb c,
                  double width)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    size_t i = 0, end = n;
    while (i + 1 < n && !isnan(x[i + 1]) && x[i + 1] <= a->x0)
        i++;   /* from the last point at or before the left edge */
    for (size_t k = i; k < n; k++)
        if (!isnan(x[k]) && x[k] >= a->x1) {
            end = k + 1;   /* to the first point at or after the right edge */
            break;
        }
    cairo_save(cr);
    cairo_rectangle(cr, a->px, a->py, a->pw, a->ph);
    cairo_clip(cr);
    cairo_new_path(cr);
    int pen = 0;
    while (i < end) {
        if (isnan(x[i]) || isnan(y[i])) {
            pen = 0;
            i++;
        } else
            i = add_column(a, x, y, i, end, &pen);
    }
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, width);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The rectangle of data (x0..x1, y0..y1) in points, cut to the panel;
 * 0 when nothing of it is inside. */
static int panel_rect(const att_axes *a, double x0, double x1, double y0, double y1, double r[4])
{
    double l = fmax(att_axes_x(a, fmin(x0, x1)), a->px);
    double rt = fmin(att_axes_x(a, fmax(x0, x1)), a->px + a->pw);
    double t = fmax(att_axes_y(a, fmax(y0, y1)), a->py);
    double b = fmin(att_axes_y(a, fmin(y0, y1)), a->py + a->ph);
    if (!(rt > l) || !(b > t))
        return 0;
    r[0] = l, r[1] = t, r[2] = rt - l, r[3] = b - t;
    return 1;
}

void att_fig_rect(const att_axes *a, double x0, double x1, double y0, double y1, att_rgb c,
                  double alpha)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    double r[4];
    if (!panel_rect(a, x0, x1, y0, y1, r))
        return;
    if (alpha >= 1)
        cairo_set_source_rgb(cr, c.r, c.g, c.b);
    else
        cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
    cairo_rectangle(cr, r[0], r[1], r[2], r[3]);
    cairo_fill(cr);
}

void att_fig_hatch(const att_axes *a, double x0, double x1, double y0, double y1, att_rgb c)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    double r[4];
    if (!panel_rect(a, x0, x1, y0, y1, r))
        return;
    cairo_save(cr);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.25);
    cairo_rectangle(cr, r[0], r[1], r[2], r[3]);
    cairo_fill_preserve(cr);
    cairo_clip(cr);
    cairo_new_path(cr);
    double sp = 5;
    for (double k = floor((r[0] - r[3]) / sp) * sp; k < r[0] + r[2]; k += sp) {
        cairo_move_to(cr, k, r[1] + r[3]);
        cairo_line_to(cr, k + r[3], r[1]);
    }
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void att_fig_vline(const att_axes *a, double x, att_rgb c, double width, int dashed)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    double px = att_axes_x(a, x);
    if (px < a->px - 1e-9 || px > a->px + a->pw + 1e-9)
        return;
    cairo_save(cr);
    if (dashed)
        att_fig_set_dash(cr, ATT_DASH_LINE);
    stroke_line(cr, px, a->py, px, a->py + a->ph, c, width);
    cairo_restore(cr);
}

void att_fig_set_dash(cairo_t *cr, int dash)
{
    static const double pattern[1 + ATT_DASH_NSERIES][4] = {
        { 4, 3 }, { 7, 3 }, { 1.5, 2.5 }, { 7, 2.5, 1.5, 2.5 }, { 12, 3, 3, 3 },
    };
    static const int count[1 + ATT_DASH_NSERIES] = { 2, 2, 2, 4, 4 };
    /* long dash-dot starts at its dot: a legend swatch (12 points) shows
     * the dot, a gap and the long dash, where from its start it would
     * show the 12-point dash alone, as solid */
    static const double offset[1 + ATT_DASH_NSERIES] = { 0, 0, 0, 0, 15 };
    if (dash >= ATT_DASH_LINE && dash < ATT_DASH_SERIES + ATT_DASH_NSERIES)
        cairo_set_dash(cr, pattern[dash - 1], count[dash - 1], offset[dash - 1]);
    else
        cairo_set_dash(cr, NULL, 0, 0);
}
