/* The figure of `attune plot sweep`: a metric against a swept key, the
 * mean per value with its bootstrap interval as a band (att_compare's
 * numbers grouped by the key, plot/plot_compare.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/plot.h"
#include "plot/plot_data.h"
#include "plot/plot_label.h"

#define LEFT 66.0     /* the y axis' numbers and title */
#define RIGHT 20.0
#define BOTTOM 48.0   /* the x axis' numbers and title */

/* The mean of each group and its interval (NaN where there is none) in
 * v[0..3][i]: x, mean, lo, hi; their range in *ymin, *ymax. */
static void values(const att_plot_groups *g, double *v[4], double *ymin, double *ymax)
{
    *ymin = INFINITY, *ymax = -INFINITY;
    for (size_t i = 0; i < g->n; i++) {
        const att_plot_group *p = &g->g[i];
        v[0][i] = p->x, v[1][i] = p->mean, v[2][i] = p->lo, v[3][i] = p->hi;
        for (int k = 1; k < 4; k++)
            if (!isnan(v[k][i]))
                *ymin = fmin(*ymin, v[k][i]), *ymax = fmax(*ymax, v[k][i]);
    }
    if (!(*ymax >= *ymin))
        *ymin = 0, *ymax = 1;
    if (*ymax == *ymin)
        *ymin -= 0.5, *ymax += 0.5;
}

/* Each axis' title lies along its side of the panel, within it; a default
 * width or height too small grows to the least (then laid out again). */
typedef struct {
    double least_w, least_h, *top;
} sweep_place;

static int place(att_fig *f, void *ctx, att_error *err)
{
    sweep_place *c = ctx;
    *c->top = att_fig_top(f) + 6;
    return att_fig_room(f, "sweep", LEFT + RIGHT + c->least_w, *c->top + BOTTOM + c->least_h, err);
}

static int lay_out(att_fig *f, const char *key, const char *label, double *top, att_error *err)
{
    sweep_place c = { fmax(ATT_FIG_LEAST_PANEL, att_fig_text_width(f, key, ATT_FIG_FONT)),
                      fmax(ATT_FIG_LEAST_PANEL, att_fig_text_width(f, label, ATT_FIG_FONT_SMALL)),
                      top };
    return att_fig_lay_out(f, place, &c, err);
}

static int draw(att_fig *f, const att_plot_groups *g, att_error *err)
{
    size_t n = g->n;
    double *x = malloc(4 * n * sizeof *x), ymin, ymax, top;
    if (!x)
        return att_error_nomem(err);
    double *v[4] = { x, x + n, x + 2 * n, x + 3 * n };
    values(g, v, &ymin, &ymax);
    double x0 = x[0], x1 = x[n - 1] > x0 ? x[n - 1] : x0 + 1;
    char key[300], metric[300], label[620];
    att_plot_key_label(key, sizeof key, g->by);
    att_plot_metric_label(metric, sizeof metric, g->window, g->metric);
    snprintf(label, sizeof label, "%s: mean, 95%% CI", metric);
    if (lay_out(f, key, label, &top, err) != ATT_OK) {
        free(x);
        return err->code;
    }
    att_axes a;
    att_axes_init(&a, f, LEFT, top, att_fig_width(f) - LEFT - RIGHT,
                  att_fig_height(f) - top - BOTTOM, x0, x1, ymin, ymax);
    att_axes_nice_y(&a, 6);
    att_rgb c = att_plot_colour(0);
    att_plot_band(&a, x, v[2], v[3], n, c, 0.22);
    att_plot_path(&a, x, v[1], n, c, 2, 0);
    for (size_t i = 0; i < n; i++)
        att_plot_marker(&a, x[i], v[1][i], 3.2, c);
    att_axes_draw_x(&a, 10, 1, key);
    att_axes_draw_y(&a, 6, label);
    free(x);
    return ATT_OK;
}

int att_plot_sweep(const char *path, const att_plot_select *s, const att_plot_opts *o,
                   FILE *out, att_error *err)
{
    att_error local;
    if (!err)
        err = &local;
    att_plot_cmp_opts co;
    att_plot_cmp_opts_init(&co);
    if (s)
        co.by = s->by, co.metric = s->metric, co.partial = s->allow_partial;
    att_plot_groups g;
    int rc = att_plot_sweep_load(path, &co, &g, err);
    if (rc != ATT_OK)
        return rc;
    char key[300], metric[300], title[700];
    att_plot_key_label(key, sizeof key, g.by);
    att_plot_metric_label(metric, sizeof metric, g.window, g.metric);
    snprintf(title, sizeof title, strchr(metric, ',') ? "%s, against %s" : "%s against %s",
             metric, key);
    att_plot_note_missing(&g, title, sizeof title);
    att_fig *f = g.n ? att_fig_new(o, 8, 5, title, out, err) : NULL;
    if (!g.n)
        rc = att_error_set(err, ATT_EINPUT, "%s: no runs to draw", path);
    else if (!f)
        rc = err->code;
    else if ((rc = draw(f, &g, err)) != ATT_OK)
        att_fig_free(f);
    else
        rc = att_fig_finish(f, err);
    att_plot_groups_free(&g);
    return rc;
}
