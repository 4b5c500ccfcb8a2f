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

static void draw_rows(const att_axes *l, const att_axes *r, const att_plot_groups *g)
{
    for (size_t i = 0; i < g->n; i++) {
        const att_plot_group *p = &g->g[i];
        double y = (double)(g->n - i);
        att_rgb c = att_plot_colour(i);
        att_plot_whisker(l, y, p->lo, p->hi, 4, c, 1);
        att_plot_marker(l, p->mean, y, 4, c);
        att_fig_text(l->fig, l->px - 8, att_axes_y(l, y), p->name, ATT_FIG_FONT, 1, 0, 0,
                     att_palette[ATT_BLACK]);
        char text[128];
        if (p->baseline) {
            snprintf(text, sizeof text, "baseline (n = %ld)", p->n);
        } else {
            att_plot_whisker(r, y, p->g_lo, p->g_hi, 4, c, 1);
            att_plot_marker(r, p->g, y, 4, c);
            att_plot_cmp_g_text(p, text, sizeof text);
        }
        att_fig_text(r->fig, r->px + r->pw + 8, att_axes_y(r, y), text, ATT_FIG_FONT_SMALL, -1,
                     0, 0, att_palette[ATT_BLACK]);
    }
}

static double name_width(att_fig *f, const att_plot_groups *g)
{
    double w = 0;
    for (size_t i = 0; i < g->n; i++)
        w = fmax(w, att_fig_text_width(f, g->g[i].name, ATT_FIG_FONT));
    return w;
}

static void draw(att_fig *f, const att_plot_groups *g)
{
    double W = att_fig_width(f), H = att_fig_height(f), top = att_fig_top(f) + 6;
    double left = fmin(fmax(name_width(f, g) + 18, 50), W * 0.3);
    double numbers = att_fig_text_width(f, "-88.88 [-88.88, -88.88]  n = 8888",
                                        ATT_FIG_FONT_SMALL) + 14;
    double pw = (W - left - numbers - 30) / 2, ph = H - top - 48;
    double y0 = 0.4, y1 = (double)g->n + 0.6, lo, hi;
    att_axes l, r;
    range_of(g, 0, NAN, &lo, &hi);
    att_axes_init(&l, f, left, top, pw, ph, lo, hi, y0, y1);
    range_of(g, 1, 0, &lo, &hi);
    att_axes_init(&r, f, left + pw + 30, top, pw, ph, lo, hi, y0, y1);
    att_plot_segment(&r, 0, y0, 0, y1, att_grey, 0.8, 1);
    draw_rows(&l, &r, g);
    char metric[300], title[620];
    att_plot_metric_label(metric, sizeof metric, g->window, g->metric);
    snprintf(title, sizeof title, "%s: mean, 95%% CI", metric);
    att_axes_draw_x(&l, 6, 1, title);
    snprintf(title, sizeof title, "Hedges' g vs %s, 95%% CI", g->baseline);
    att_axes_draw_x(&r, 6, 1, title);
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
    else {
        draw(f, &g);
        rc = att_fig_finish(f, err);
    }
    att_plot_groups_free(&g);
    return rc;
}
