/* The figure of `attune plot fit`: observed versus simulated statistics of
 * a fit table (plot/plot_fit.c reads it), as small multiples: one panel
 * per statistic name (their scales differ), the windows (phases) along its
 * axis; in each slot the observed value with its 95% band (a whisker), the
 * simulated value at the estimate (a ring), and a statistic with |z| > 2
 * shaded and its z written above it.  The key on top, the estimates and
 * the fit's figures in a caption under the panels (plot/plot_fit_key.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/plot.h"
#include "plot/plot_data.h"
#include "plot/plot_fit.h"

#define TITLE_FONT 10.0   /* a panel's title */
#define MIN_FONT ATT_PLOT_FIT_LEAST   /* what a label may shrink to before it is cut */
#define Z_FONT 8.0
#define GUTTER 42.0       /* left of a panel: its y tick labels */
#define TITLE_H 15.0      /* above a panel: its title */
#define Z_H 11.0          /* above a panel's axes: each slot's z */
#define XLAB_H 16.0       /* under a panel: the windows */
#define CAPTION_FONT ATT_FIG_FONT_SMALL
#define NOT_FITTED "not fitted"

/* Panels per row for n panels. */
static size_t columns(size_t n)
{
    return n <= 3 ? n : n == 4 ? 2 : n <= 6 ? 3 : 4;
}

/* Writes `s` at (x, y) (anchored ha, va, turned by `angle`: att_fig_text)
 * within `w` points: at `size`, smaller down to MIN_FONT, then cut with an
 * ellipsis. */
static void fit_text_at(att_fig *f, double x, double y, const char *s, double size, double w,
                        int ha, int va, double angle, att_rgb c)
{
    while (size > MIN_FONT && att_fig_text_width(f, s, size) > w)
        size -= 0.5;
    char buf[256];
    att_fig_cut_text(f, s, size, w, buf, sizeof buf);
    att_fig_text(f, x, y, buf, size, ha, va, angle, c);
}

/* fit_text_at centred, level. */
static void fit_text(att_fig *f, double x, double y, const char *s, double size, double w,
                     int va, att_rgb c)
{
    fit_text_at(f, x, y, s, size, w, 0, va, 0, c);
}

/* How the windows' names are written under a panel: level at `size` when
 * the widest fits its slot, else turned by LABEL_ANGLE (cut at
 * LABEL_MAX); `height` is the room they take under the axis. */
typedef struct labels {
    double size, angle, height;
} labels;

#define LABEL_ANGLE 0.6981317007977318   /* 40 degrees */
#define LABEL_MAX 90.0

static labels window_labels(att_fig *f, const att_plot_fit_data *d, double slot_w)
{
    labels L = { ATT_FIG_FONT_SMALL, 0, XLAB_H };
    double widest = 0;
    for (size_t i = 0; i < d->nwindows; i++)
        widest = fmax(widest, att_fig_text_width(f, d->windows[i], ATT_FIG_FONT_SMALL));
    if (widest <= slot_w - 3)
        return L;
    if (widest * 8.0 / ATT_FIG_FONT_SMALL <= slot_w - 3) {
        L.size = 8.0;
        return L;
    }
    L.size = 8.5;
    L.angle = LABEL_ANGLE;
    L.height = 8 + fmin(widest * L.size / ATT_FIG_FONT_SMALL, LABEL_MAX) * sin(L.angle)
               + L.size * cos(L.angle);
    return L;
}

/* The data range of panel p: every band, observed and simulated value,
 * widened by 8%. */
static void y_range(const att_plot_fit_data *d, size_t p, double *y0, double *y1)
{
    *y0 = INFINITY, *y1 = -INFINITY;
    for (size_t i = 0; i < d->nstat; i++) {
        const att_plot_fit_stat *s = &d->stat[i];
        if (s->panel != p)
            continue;
        double v[3] = { s->lo, s->hi, s->simulated };
        for (int k = 0; k < 3; k++)
            if (isfinite(v[k]))
                *y0 = fmin(*y0, v[k]), *y1 = fmax(*y1, v[k]);
    }
    double pad = *y1 > *y0 ? 0.08 * (*y1 - *y0) : fmax(fabs(*y0) * 0.1, 0.05);
    *y0 = *y0 >= 0 && *y0 - pad < 0 ? 0 : *y0 - pad;   /* no axis below 0 for none */
    *y1 += pad;
}

static void ring(const att_axes *a, double x, double y, double r, att_rgb c)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_arc(cr, att_axes_x(a, x), att_axes_y(a, y), r, 0, 6.283185307179586);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, 1.8);
    cairo_stroke(cr);
    cairo_restore(cr);
}

#define NO_VALUE "no simulated value"

/* What is written above statistic s in a slot `slot_w` points wide: its
 * z ("z = 1.2", or the number alone where that does not fit), or "no
 * simulated value" ("no value" where that does not fit in lines). */
static void z_text(att_fig *f, const att_plot_fit_stat *s, double slot_w, char *z, size_t n)
{
    if (isnan(s->simulated)) {
        int room = att_fig_fit_lines_least(f, NO_VALUE, ATT_PLOT_FIT_LEAST) <= slot_w - 2;
        snprintf(z, n, "%s", room ? NO_VALUE : "no value");
        return;
    }
    double zr = fabs(s->z) < 0.05 ? 0 : s->z;
    int room = att_fig_text_width(f, "z = -88.8", Z_FONT) <= slot_w - 2;
    snprintf(z, n, room ? "z = %.1f" : "%.1f", zr);   /* narrow: the number */
}

/* The marks of statistic s in its slot of panel a. */
static void draw_stat(const att_axes *a, const att_plot_fit_stat *s)
{
    att_rgb black = att_palette[ATT_BLACK], flag = att_palette[ATT_VERMILLION];
    double x = (double)s->slot, slot_w = a->pw / (a->x1 - a->x0);
    if (s->flagged)
        att_fig_rect(a, x - 0.5, x + 0.5, a->y0, a->y1, flag, 0.12);
    att_plot_whisker(a, x, s->lo, s->hi, 4, black, 0);
    att_plot_marker(a, x, s->observed, 3, black);
    char z[64];
    z_text(a->fig, s, slot_w, z, sizeof z);
    if (!isnan(s->simulated))
        ring(a, x, s->simulated, 5.5, s->flagged ? flag : att_palette[ATT_BLUE]);
    att_fig_lines t;   /* lines going up from the z row's baseline */
    att_plot_fit_lines(a->fig, z, Z_FONT, slot_w - 2, &t);
    att_fig_draw_lines(a->fig, att_axes_x(a, x), a->py - 2 - att_plot_fit_lines_extra(&t), &t,
                       0, 1, s->flagged || isnan(s->simulated) ? flag : att_grey);
}

/* The bottom line of a panel and the windows' names under their slots. */
static void draw_windows(const att_axes *a, const att_plot_fit_data *d, const labels *L)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    double yb = a->py + a->ph, slot_w = a->pw / (double)d->nwindows;
    cairo_save(cr);
    cairo_set_source_rgb(cr, att_grey.r, att_grey.g, att_grey.b);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, a->px, yb);
    cairo_line_to(cr, a->px + a->pw, yb);
    for (size_t i = 0; i < d->nwindows; i++) {
        cairo_move_to(cr, att_axes_x(a, (double)i), yb);
        cairo_line_to(cr, att_axes_x(a, (double)i), yb + 4);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
    for (size_t i = 0; i < d->nwindows; i++)
        if (L->angle > 0)
            fit_text_at(a->fig, att_axes_x(a, (double)i) + 3, yb + 6, d->windows[i], L->size,
                        LABEL_MAX, 1, -1, L->angle, att_palette[ATT_BLACK]);
        else
            fit_text(a->fig, att_axes_x(a, (double)i), yb + 5, d->windows[i], L->size,
                     slot_w - 3, -1, att_palette[ATT_BLACK]);
}

/* The panels' layout in a figure W points wide: columns and rows, a
 * cell's width, the windows' names, and the room over a panel for its
 * title and its z row (TITLE_H and Z_H, more where a text is in lines). */
typedef struct grid {
    size_t ncol, nrow;
    double cw, title_h, z_h;
    labels L;
} grid;

static void lay_out(att_fig *f, const att_plot_fit_data *d, double W, grid *g)
{
    g->ncol = columns(d->npanels), g->nrow = (d->npanels + g->ncol - 1) / g->ncol;
    g->cw = (W - 20) / (double)g->ncol;
    double pw = g->cw - GUTTER - 10, slot = pw / (double)d->nwindows;
    g->L = window_labels(f, d, slot);
    g->title_h = TITLE_H, g->z_h = Z_H;
    char buf[256];
    att_fig_lines t;
    for (size_t p = 0; p < d->npanels; p++) {
        att_plot_fit_words(buf, sizeof buf, d->panels[p]);
        att_plot_fit_lines(f, buf, TITLE_FONT, pw + 16, &t);
        g->title_h = fmax(g->title_h, TITLE_H + att_plot_fit_lines_extra(&t));
    }
    for (size_t i = 0; i < d->nstat; i++) {
        z_text(f, &d->stat[i], slot, buf, sizeof buf);
        att_plot_fit_lines(f, buf, Z_FONT, slot - 2, &t);
        g->z_h = fmax(g->z_h, Z_H + att_plot_fit_lines_extra(&t));
    }
}

/* Whether a window of panel p has no statistic. */
static int unfitted(const att_plot_fit_data *d, size_t p, size_t k)
{
    for (size_t i = 0; i < d->nstat; i++)
        if (d->stat[i].panel == p && d->stat[i].slot == k)
            return 0;
    return 1;
}

/* The least width, points, of a figure of ncol columns that cuts none of
 * its texts: each panel the least that holds its title, its slots' z
 * (the number alone) and "not fitted" in lines; the key; the caption. */
static double least_width(att_fig *f, const att_plot_fit_data *d, size_t ncol)
{
    double nw = (double)d->nwindows, pw = ATT_FIG_LEAST_PANEL;
    char buf[256];
    for (size_t p = 0; p < d->npanels; p++) {
        att_plot_fit_words(buf, sizeof buf, d->panels[p]);
        pw = fmax(pw, att_fig_fit_lines_least(f, buf, ATT_PLOT_FIT_LEAST) - 16);
        for (size_t k = 0; k < d->nwindows; k++)
            if (unfitted(d, p, k))
                pw = fmax(pw, nw * (att_fig_fit_lines_least(f, NOT_FITTED, ATT_PLOT_FIT_LEAST)
                                    + 2));
    }
    for (size_t i = 0; i < d->nstat; i++) {
        z_text(f, &d->stat[i], 0, buf, sizeof buf);
        pw = fmax(pw, nw * (att_fig_fit_lines_least(f, buf, ATT_PLOT_FIT_LEAST) + 2));
    }
    double least = 20 + (GUTTER + 10 + pw) * (double)ncol;
    least = fmax(least, 20 + att_plot_fit_key_least(f));
    return fmax(least, 26 + att_plot_fit_caption_least(f, d));
}

/* Panel p in the cell whose top left is (x, y), w x h points. */
static void draw_panel(att_fig *f, const att_plot_fit_data *d, const grid *g, size_t p,
                       double x, double y, double w, double h)
{
    char words[256];
    att_fig_lines t;
    att_plot_fit_words(words, sizeof words, d->panels[p]);
    att_plot_fit_lines(f, words, TITLE_FONT, w - GUTTER + 6, &t);
    att_fig_draw_lines(f, x + GUTTER + (w - GUTTER - 10) / 2, y, &t, 0, -1,
                       att_palette[ATT_BLACK]);
    double y0, y1;
    y_range(d, p, &y0, &y1);
    att_axes a;
    att_axes_init(&a, f, x + GUTTER, y + g->title_h + g->z_h, w - GUTTER - 10,
                  h - g->title_h - g->z_h - g->L.height, -0.5, (double)d->nwindows - 0.5, y0,
                  y1);
    for (int k = 0; k < 4; k++)   /* until the ends are ticks the axis labels */
        att_axes_nice_y(&a, 4);
    for (size_t k = 0; k < d->nwindows; k++)   /* a window without the statistic */
        if (unfitted(d, p, k)) {
            att_plot_fit_lines(f, NOT_FITTED, Z_FONT, a.pw / (double)d->nwindows - 2, &t);
            att_fig_draw_lines(f, att_axes_x(&a, (double)k),
                               a.py + a.ph / 2 - att_plot_fit_lines_extra(&t) / 2, &t, 0, 0,
                               att_grey);
        }
    for (size_t i = 0; i < d->nstat; i++)
        if (d->stat[i].panel == p)
            draw_stat(&a, &d->stat[i]);
    att_axes_draw_y(&a, 4, NULL);
    draw_windows(&a, d, &g->L);
}

/* The room the windows' names, the panels' titles and z rows take beyond
 * XLAB_H, TITLE_H and Z_H a row, and the caption's height, in a figure
 * `width` points wide, measured on a small figure made only for that
 * (before the figure's height is known). */
static int measure(const att_plot_fit_data *d, const att_plot_opts *o, double width,
                   double *room, double *cap, att_error *err)
{
    att_plot_opts m = *o;
    m.width = m.height = 1;
    m.format = ATT_PLOT_PNG;
    m.dpi = ATT_PLOT_MIN_DPI;
    att_fig *probe = att_fig_new(&m, 1, 1, "", NULL, err);
    if (!probe)
        return err->code;
    grid g;
    lay_out(probe, d, width, &g);
    *room = g.L.height - XLAB_H + g.title_h - TITLE_H + g.z_h - Z_H;
    *cap = att_plot_fit_caption(probe, d, 0, 0, width - 26, CAPTION_FONT, 0);
    att_fig_free(probe);
    return ATT_OK;
}

/* The default height, inches, of a figure `width` points wide: the key,
 * a row of panels 150 points high and the room their texts take, and the
 * caption. */
static int default_height(const att_plot_fit_data *d, const att_plot_opts *o, double width,
                          double *h, att_error *err)
{
    size_t ncol = columns(d->npanels), nrow = (d->npanels + ncol - 1) / ncol;
    double room = 0, cap = 0;
    int rc = measure(d, o, width, &room, &cap, err);
    *h = (40 + 36 + (150 + room) * (double)nrow + cap + 14) / 72;
    return rc;
}

/* Where the figure's parts go: the key at key_y, the rows of panels from
 * top, ch points a row; laid_w the width the default height is for. */
typedef struct fit_place {
    const att_plot_fit_data *d;
    const att_plot_opts *o;
    grid g;
    double least_w, laid_w, key_y, top, ch;
} fit_place;

/* Lays the figure out on its size (att_fig_lay_out): a default width too
 * small grows to the least that cuts no text, the default height then
 * worked out for it (not kept from the width it had), and a default
 * height too small for panels of their least grows. */
static int place(att_fig *f, void *ctx, att_error *err)
{
    fit_place *c = ctx;
    if (att_fig_room(f, "fit", c->least_w, 0, err) != ATT_OK)
        return ATT_EINPUT;
    double W = att_fig_width(f), h;
    if (W != c->laid_w) {   /* grown: the default height for the width it has now */
        c->laid_w = W;
        if (default_height(c->d, c->o, W, &h, err) != ATT_OK
            || att_fig_default_height(f, 72.0 * h, err) != ATT_OK)
            return err->code;
    }
    double H = att_fig_height(f), top = att_fig_top(f), inner = W - 20;
    c->key_y = top;
    lay_out(f, c->d, W, &c->g);
    top += att_plot_fit_key(f, 10, top, inner, 0) + 8;
    double cap = att_plot_fit_caption(f, c->d, 0, 0, inner - 6, CAPTION_FONT, 0);
    c->top = top;
    c->ch = (H - top - cap - 14) / (double)c->g.nrow;
    /* a panel is its cell less 8 points, its title, z row and windows */
    double fixed = 8 + c->g.title_h + c->g.z_h + c->g.L.height;
    if (att_fig_room(f, "fit", W, H - (c->ch - fixed - ATT_FIG_LEAST_PANEL) * (double)c->g.nrow,
                     err) != ATT_OK)
        return ATT_EINPUT;
    return ATT_OK;
}

static int draw(att_fig *f, const att_plot_fit_data *d, const att_plot_opts *o,
                att_error *err)
{
    fit_place c = { .d = d, .o = o, .laid_w = att_fig_width(f) };
    c.least_w = least_width(f, d, columns(d->npanels));
    int rc = att_fig_lay_out(f, place, &c, err);
    if (rc != ATT_OK)
        return rc;
    double inner = att_fig_width(f) - 20;
    att_plot_fit_key(f, 10, c.key_y, inner, 1);
    for (size_t p = 0; p < d->npanels; p++)
        draw_panel(f, d, &c.g, p, 10 + c.g.cw * (double)(p % c.g.ncol),
                   c.top + c.ch * (double)(p / c.g.ncol), c.g.cw, c.ch - 8);
    att_plot_fit_caption(f, d, 16, c.top + c.ch * (double)c.g.nrow + 4, inner - 6,
                         CAPTION_FONT, 1);
    return ATT_OK;
}

int att_plot_fit(const char *path, const att_plot_opts *o, FILE *out, att_error *err)
{
    att_error local;
    if (!err)
        err = &local;
    att_plot_fit_data d;
    int rc = att_plot_fit_load(path, &d, err);
    if (rc != ATT_OK) {
        att_plot_fit_free(&d);
        return rc;
    }
    const char *slash = strrchr(path, '/');
    char title[512];
    snprintf(title, sizeof title, "%s: observed and simulated statistics",
             slash ? slash + 1 : path);
    double w = columns(d.npanels) >= 3 ? 10 : 8, h;
    rc = default_height(&d, o, 72 * (o->width > 0 ? o->width : w), &h, err);
    if (rc != ATT_OK) {
        att_plot_fit_free(&d);
        return rc;
    }
    att_fig *f = att_fig_new(o, w, h, title, out, err);
    if (!f)
        rc = err->code;
    else if ((rc = draw(f, &d, o, err)) != ATT_OK)
        att_fig_free(f);
    else
        rc = att_fig_finish(f, err);
    att_plot_fit_free(&d);
    return rc;
}
