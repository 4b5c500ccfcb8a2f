/* The figure of `attune plot compare`: one row per group; on the left the
 * mean of the metric with its bootstrap interval (dot and whiskers), on the
 * right a forest panel of Hedges' g versus the baseline with its interval
 * and a line at 0, and the numbers written beside it.  The numbers are
 * att_compare's (plot/plot_compare.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/plot.h"
#include "plot/plot_data.h"
#include "plot/plot_label.h"

/* The range of the values and intervals of a panel, widened by 6%, with
 * `also` (0 for g; NaN for none) inside it. */
static void range_of(const att_plot_groups *g, int forest, double also, double *lo, double *hi)
{
    *lo = INFINITY, *hi = -INFINITY;
    for (size_t i = 0; i < g->n; i++) {
        const att_plot_group *p = &g->g[i];
        double v[3] = { forest ? p->g : p->mean, forest ? p->g_lo : p->lo,
                        forest ? p->g_hi : p->hi };
        for (int k = 0; k < 3; k++)
            if (!isnan(v[k]))
                *lo = fmin(*lo, v[k]), *hi = fmax(*hi, v[k]);
    }
    if (!isnan(also))
        *lo = fmin(*lo, also), *hi = fmax(*hi, also);
    if (!(*hi >= *lo))
        *lo = -1, *hi = 1;
    double pad = *hi > *lo ? 0.06 * (*hi - *lo) : 0.5;
    *lo -= pad, *hi += pad;
}

void att_plot_cmp_g_text(const att_plot_group *p, char *buf, size_t size)
{
    if (isnan(p->g))
        snprintf(buf, size, "-  n = %ld", p->n);
    else if (isnan(p->g_lo) || isnan(p->g_hi))
        snprintf(buf, size, "%.2f  n = %ld", p->g, p->n);
    else
        snprintf(buf, size, "%.2f [%.2f, %.2f]  n = %ld", p->g, p->g_lo, p->g_hi, p->n);
}

#define GAP 30.0          /* between the panels, at most */
#define MIN_PANEL 72.0    /* a panel's least width before the numbers are left out */
#define BOTTOM 48.0       /* under the panels: tick numbers and a one-line title */
#define EDGE 4.0          /* titles and names keep this far inside the figure */
#define TITLE_PAD 12.0    /* and this far from each other */
#define TITLE_DY (8 + ATT_FIG_FONT_SMALL * 1.3)   /* a title's top under its axis */
#define TITLE_MIN_FONT 7.0

/* The words right of the forest panel for group p. */
static void row_text(const att_plot_group *p, char *buf, size_t size)
{
    if (p->baseline)
        snprintf(buf, size, "baseline (n = %ld)", p->n);
    else
        att_plot_cmp_g_text(p, buf, size);
}

static void draw_rows(const att_axes *l, const att_axes *r, const att_plot_groups *g,
                      int numbers)
{
    for (size_t i = 0; i < g->n; i++) {
        const att_plot_group *p = &g->g[i];
        double y = (double)(g->n - i);
        att_rgb c = att_plot_colour(i);
        att_plot_whisker(l, y, p->lo, p->hi, 4, c, 1);
        att_plot_marker(l, p->mean, y, 4, c);
        char name[256];   /* cut rather than run off the figure's edge */
        att_fig_cut_text(l->fig, p->name, ATT_FIG_FONT, l->px - 8 - EDGE, name, sizeof name);
        att_fig_text(l->fig, l->px - 8, att_axes_y(l, y), name, ATT_FIG_FONT, 1, 0, 0,
                     att_palette[ATT_BLACK]);
        if (!p->baseline) {
            att_plot_whisker(r, y, p->g_lo, p->g_hi, 4, c, 1);
            att_plot_marker(r, p->g, y, 4, c);
        }
        char text[128];
        row_text(p, text, sizeof text);
        if (numbers)
            att_fig_text(r->fig, r->px + r->pw + 8, att_axes_y(r, y), text,
                         ATT_FIG_FONT_SMALL, -1, 0, 0, att_palette[ATT_BLACK]);
    }
}

static double name_width(att_fig *f, const att_plot_groups *g)
{
    double w = 0;
    for (size_t i = 0; i < g->n; i++)
        w = fmax(w, att_fig_text_width(f, g->g[i].name, ATT_FIG_FONT));
    return w;
}

/* The width the numbers right of the forest take: room for any g of two
 * digits (so figures of like data line up), or for the widest there is. */
static void numbers_widths(att_fig *f, const att_plot_groups *g, double want[2])
{
    want[1] = 0;
    for (size_t i = 0; i < g->n; i++) {
        char text[128];
        row_text(&g->g[i], text, sizeof text);
        want[1] = fmax(want[1], att_fig_text_width(f, text, ATT_FIG_FONT_SMALL) + 14);
    }
    want[0] = fmax(want[1], att_fig_text_width(f, "-88.88 [-88.88, -88.88]  n = 8888",
                                               ATT_FIG_FONT_SMALL) + 14);
}

/* The columns: names, two panels, numbers.  A narrow figure gives up the
 * numbers' spare room, then the numbers (the forest shows them), before a
 * panel gets narrower than MIN_PANEL; no panel is ever of no width. */
static void columns(att_fig *f, const att_plot_groups *g, att_plot_cmp_layout *L)
{
    double W = att_fig_width(f), want[2];
    L->left = fmin(fmax(name_width(f, g) + 18, 50), W * 0.3);
    L->gap = fmin(GAP, W * 0.08);
    numbers_widths(f, g, want);
    L->numbers = 0;
    for (int k = 0; k < 2 && L->numbers == 0; k++)
        if ((W - L->left - want[k] - L->gap) / 2 >= MIN_PANEL)
            L->numbers = want[k];
    L->pw = fmax((W - L->left - (L->numbers > 0 ? L->numbers : 10) - L->gap) / 2, 1);
}

/* Lays out title `s` in the zone z0..z1: on one line, centred on `centre`
 * or moved along to stay in the zone; else wrapped into balanced lines;
 * else smaller, down to TITLE_MIN_FONT; else each line cut with an
 * ellipsis.  Sets all of t but y0, y1. */
static void place_title(att_fig *f, const char *s, double centre, double z0, double z1,
                        att_plot_cmp_title *t)
{
    att_fig_fit_lines(f, s, ATT_FIG_FONT, TITLE_MIN_FONT, z1 - z0, &t->text);
    double half = t->text.width / 2;
    t->centre = fmin(fmax(centre, z0 + half), z1 - half);
    t->x0 = t->centre - half;
    t->x1 = t->centre + half;
}

void att_plot_cmp_lay_out(att_fig *f, const att_plot_groups *g, const char *const titles[2],
                         att_plot_cmp_layout *L)
{
    double W = att_fig_width(f), H = att_fig_height(f);
    columns(f, g, L);
    L->top = att_fig_top(f) + 6;
    /* each title keeps to its side of the middle of the gap */
    double mid = L->left + L->pw + L->gap / 2, bottom = BOTTOM;
    place_title(f, titles[0], L->left + L->pw / 2, EDGE, mid - TITLE_PAD / 2, &L->title[0]);
    place_title(f, titles[1], mid + L->gap / 2 + L->pw / 2, mid + TITLE_PAD / 2, W - EDGE,
                &L->title[1]);
    for (int k = 0; k < 2; k++)
        bottom = fmax(bottom, TITLE_DY + L->title[k].text.nlines * L->title[k].text.size
                                             * ATT_FIG_LINE_PITCH + 8);
    L->ph = H - L->top - bottom;
    for (int k = 0; k < 2; k++) {
        att_plot_cmp_title *t = &L->title[k];
        t->y0 = L->top + L->ph + TITLE_DY;
        t->y1 = t->y0 + t->text.nlines * t->text.size * ATT_FIG_LINE_PITCH;
    }
}

/* As many tick numbers as fit, up to 6 (att_axes_fit_x). */
static void draw_x(const att_axes *a)
{
    att_axes_draw_x(a, 6, 1, NULL);
}

/* Each row's pitch at least: a name at ATT_FIG_FONT with some air. */
#define LEAST_ROW (ATT_FIG_FONT * 1.2)

static int draw(att_fig *f, const att_plot_groups *g, att_error *err)
{
    char metric[300], titles[2][620];
    att_plot_metric_label(metric, sizeof metric, g->window, g->metric);
    snprintf(titles[0], sizeof titles[0], "%s: mean, 95%% CI", metric);
    snprintf(titles[1], sizeof titles[1], "Hedges' g vs %s, 95%% CI", g->baseline);
    att_plot_cmp_layout L;
    att_plot_cmp_lay_out(f, g, (const char *const[2]){ titles[0], titles[1] }, &L);
    double y0 = 0.4, y1 = (double)g->n + 0.6, lo, hi;
    /* the width needs nothing: the columns keep panels at any width */
    double least = fmax(ATT_FIG_LEAST_PANEL, LEAST_ROW * (y1 - y0));
    double H = att_fig_height(f);
    if (att_fig_room(f, "compare", 0, H - L.ph + least, err) != ATT_OK)
        return ATT_EINPUT;
    if (att_fig_height(f) != H)   /* a default height grown: lay out on it */
        att_plot_cmp_lay_out(f, g, (const char *const[2]){ titles[0], titles[1] }, &L);
    att_axes l, r;
    range_of(g, 0, NAN, &lo, &hi);
    att_axes_init(&l, f, L.left, L.top, L.pw, L.ph, lo, hi, y0, y1);
    range_of(g, 1, 0, &lo, &hi);
    att_axes_init(&r, f, L.left + L.pw + L.gap, L.top, L.pw, L.ph, lo, hi, y0, y1);
    att_plot_segment(&r, 0, y0, 0, y1, att_grey, 0.8, 1);
    draw_rows(&l, &r, g, L.numbers > 0);
    draw_x(&l);
    att_fig_draw_lines(f, L.title[0].centre, L.title[0].y0, &L.title[0].text, 0, -1,
                       att_palette[ATT_BLACK]);
    draw_x(&r);
    att_fig_draw_lines(f, L.title[1].centre, L.title[1].y0, &L.title[1].text, 0, -1,
                       att_palette[ATT_BLACK]);
    return ATT_OK;
}

int att_plot_compare(const char *path, const att_plot_select *s, const att_plot_opts *o,
                     FILE *out, att_error *err)
{
    att_error local;
    if (!err)
        err = &local;
    att_plot_cmp_opts co;
    att_plot_cmp_opts_init(&co);
    if (s)
        co.by = s->by, co.baseline = s->baseline, co.metric = s->metric,
        co.partial = s->allow_partial;
    att_plot_groups g;
    int rc = att_plot_compare_load(path, &co, &g, err);
    if (rc != ATT_OK)
        return rc;
    char metric[300], title[700];
    att_plot_metric_label(metric, sizeof metric, g.window, g.metric);
    snprintf(title, sizeof title, strchr(metric, ',') ? "%s, by %s" : "%s by %s", metric,
             g.by);
    att_plot_note_missing(&g, title, sizeof title);
    double h = fmax(3, 1.3 + 0.45 * (double)g.n);
    att_fig *f = att_fig_new(o, 9, h, title, out, err);
    if (!f)
        rc = err->code;
    else if ((rc = draw(f, &g, err)) != ATT_OK)
        att_fig_free(f);
    else
        rc = att_fig_finish(f, err);
    att_plot_groups_free(&g);
    return rc;
}
