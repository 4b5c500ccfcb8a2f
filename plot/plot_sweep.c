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

static int draw(att_fig *f, const att_plot_groups *g, att_error *err)
{
    double x[512], m[512], lo[512], hi[512];
    size_t n = g->n < 512 ? g->n : 512;
    double ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        x[i] = g->g[i].x, m[i] = g->g[i].mean, lo[i] = g->g[i].lo, hi[i] = g->g[i].hi;
        double v[3] = { m[i], lo[i], hi[i] };
        for (int k = 0; k < 3; k++)
            if (!isnan(v[k]))
                ymin = fmin(ymin, v[k]), ymax = fmax(ymax, v[k]);
    }
    if (!(ymax >= ymin))
        ymin = 0, ymax = 1;
    if (ymax == ymin)
        ymin -= 0.5, ymax += 0.5;
    double W = att_fig_width(f), H = att_fig_height(f), top = att_fig_top(f) + 6;
    double x0 = x[0], x1 = x[n - 1] > x0 ? x[n - 1] : x0 + 1;
    char key[300], metric[300], label[620];
    att_plot_key_label(key, sizeof key, g->by);
    att_plot_metric_label(metric, sizeof metric, g->window, g->metric);
    snprintf(label, sizeof label, "%s: mean, 95%% CI", metric);
    /* each axis' title lies along its side of the panel, within it */
    double least_w = fmax(ATT_FIG_LEAST_PANEL, att_fig_text_width(f, key, ATT_FIG_FONT));
    double least_h = fmax(ATT_FIG_LEAST_PANEL, att_fig_text_width(f, label, ATT_FIG_FONT_SMALL));
    if (att_fig_room(f, "sweep", LEFT + RIGHT + least_w, top + BOTTOM + least_h, err) != ATT_OK)
        return ATT_EINPUT;
    att_axes a;
    att_axes_init(&a, f, LEFT, top, W - LEFT - RIGHT, H - top - BOTTOM, x0, x1, ymin, ymax);
    att_axes_nice_y(&a, 6);
    att_rgb c = att_plot_colour(0);
    att_plot_band(&a, x, lo, hi, n, c, 0.22);
    att_plot_path(&a, x, m, n, c, 2, 0);
    for (size_t i = 0; i < n; i++)
        att_plot_marker(&a, x[i], m[i], 3.2, c);
    att_axes_draw_x(&a, 10, 1, key);
    att_axes_draw_y(&a, 6, label);
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
