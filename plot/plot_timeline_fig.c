/* The figure of `attune plot timeline`: panels over the sessions of a
 * timeline, one line per run of a trace or per condition of batch results:
 * trust at each session's end, matched share, and the median
 * repair latency; for results the means with their bootstrap intervals and the
 * median with its Brookmeyer-Crowley interval as bands
 * (plot/plot_timeline*.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/compare.h"
#include "attune/plot.h"
#include "base/csvread.h"
#include "plot/plot_data.h"

enum { P_TRUST, P_MATCHED, P_MEDIAN, NPANELS };

/* The values of line l in panel p into v, lo, hi (NaN where there are none). */
static void values(const att_plot_line *l, int p, double *x, double *v, double *lo, double *hi)
{
    for (size_t k = 0; k < l->n; k++) {
        const att_plot_group *s = &l->s[k];
        x[k] = s->x;
        v[k] = p == P_TRUST ? (l->trust ? l->trust[k] : NAN) : p == P_MATCHED ? s->mean : s->median;
        lo[k] = p == P_TRUST ? (l->trust_lo ? l->trust_lo[k] : NAN)
              : p == P_MATCHED ? s->lo : s->median_lo;
        hi[k] = p == P_TRUST ? (l->trust_hi ? l->trust_hi[k] : NAN)
              : p == P_MATCHED ? s->hi : s->median_hi;
    }
}

static void y_range(const att_timeline_data *t, int p, double *w, double *y0, double *y1)
{
    *y0 = INFINITY, *y1 = -INFINITY;
    for (size_t i = 0; i < t->n; i++) {
        const att_plot_line *l = &t->line[i];
        double *x = w, *v = w + l->n, *lo = v + l->n, *hi = lo + l->n;
        values(l, p, x, v, lo, hi);
        for (size_t k = 0; k < 3 * l->n; k++)
            if (!isnan(v[k]))
                *y0 = fmin(*y0, v[k]), *y1 = fmax(*y1, v[k]);
    }
    if (!(*y1 >= *y0))
        *y0 = 0, *y1 = 1;
    if (*y1 == *y0)
        *y0 -= 0.05, *y1 += 0.05;
}

static const char *const names[NPANELS] = { "trust", "matched share", "median repair (s)" };
#define GAP 14.0   /* between two panels */

static void draw_panel(att_fig *f, const att_timeline_data *t, int p, double *w,
                       const double box[4], double xmax, int bottom)
{
    double y0, y1;
    y_range(t, p, w, &y0, &y1);
    att_axes a;
    att_axes_init(&a, f, box[0], box[1], box[2], box[3], 1, xmax > 1 ? xmax : 2, y0, y1);
    att_axes_nice_y(&a, 4);
    for (size_t i = 0; i < t->n; i++) {
        const att_plot_line *l = &t->line[i];
        double *x = w, *v = w + l->n, *lo = v + l->n, *hi = lo + l->n;
        values(l, p, x, v, lo, hi);
        att_rgb c = att_plot_colour(i);
        att_plot_band(&a, x, lo, hi, l->n, c, 0.2);
        att_plot_path(&a, x, v, l->n, c, 1.8, att_plot_dash(i));
        for (size_t k = 0; k < l->n && l->n <= 60; k++)
            att_plot_marker(&a, x[k], v[k], 2.4, c);
    }
    att_axes_draw_x(&a, 10, bottom, "session");
    att_axes_draw_y(&a, 4, names[p]);
}

/* The panels' height, each: the figure less the title, the legend, the
 * bottom axis and the gaps; ATT_EINPUT (att_fig_room) when the size given
 * cannot hold the legend uncut and np panels of their least, a default
 * width or height too small grown to the least (then laid out again). */
typedef struct {
    const att_legend_item *items;
    size_t n;
    int np;
    double least, legend_least, *top, *ph;
} timeline_place;

static int place(att_fig *f, void *ctx, att_error *err)
{
    timeline_place *c = ctx;
    double W = att_fig_width(f), H = att_fig_height(f);
    *c->top = att_fig_top(f) + 2 + att_fig_legend_height(f, W - 90, c->items, c->n,
                                                         ATT_FIG_FONT_SMALL) + 8;
    *c->ph = (H - *c->top - 44 - GAP * (c->np - 1)) / c->np;
    if (att_fig_room(f, "timeline", fmax(70 + 20 + ATT_FIG_LEAST_PANEL, 90 + c->legend_least),
                     H - c->np * (*c->ph - c->least), err) != ATT_OK)
        return ATT_EINPUT;
    return ATT_OK;
}

static int lay_out(att_fig *f, const att_legend_item *items, size_t n, int np, double *top,
                   double *ph, att_error *err)
{
    double least = ATT_FIG_LEAST_PANEL;   /* a turned axis title lies within its panel */
    for (int p = NPANELS - np; p < NPANELS; p++)
        least = fmax(least, att_fig_text_width(f, names[p], ATT_FIG_FONT_SMALL));
    timeline_place c = { items, n, np, least,
                         att_fig_legend_least(f, items, n, ATT_FIG_FONT_SMALL), top, ph };
    return att_fig_lay_out(f, place, &c, err);
}

static int draw(att_fig *f, const att_timeline_data *t, att_error *err)
{
    size_t most = 1;
    double xmax = 1;
    int trust = 0;
    att_legend_item *items = calloc(t->n ? t->n : 1, sizeof *items);
    if (!items)
        return att_error_nomem(err);
    for (size_t i = 0; i < t->n; i++) {
        const att_plot_line *l = &t->line[i];
        most = l->n > most ? l->n : most;
        xmax = l->n ? fmax(xmax, l->s[l->n - 1].x) : xmax;
        trust |= l->trust != NULL;
        items[i] = (att_legend_item){ l->label, att_plot_colour(i), ATT_LEGEND_LINE,
                                      att_plot_dash(i) };
    }
    int first = trust ? P_TRUST : P_MATCHED, np = NPANELS - first;
    double top, ph, *w = NULL;
    int rc = lay_out(f, items, t->n, np, &top, &ph, err);
    if (rc == ATT_OK && !(w = malloc(4 * most * sizeof *w)))
        rc = att_error_nomem(err);
    if (rc == ATT_OK) {
        double W = att_fig_width(f);
        att_fig_legend(f, 70, att_fig_top(f) + 2, W - 90, items, t->n, ATT_FIG_FONT_SMALL);
        for (int p = first; p < NPANELS; p++) {
            double box[4] = { 70, top + (ph + GAP) * (p - first), W - 90, ph };
            draw_panel(f, t, p, w, box, xmax, p == NPANELS - 1);
        }
    }
    free(w);
    free(items);
    return rc;
}

static int is_results(const char *path, att_error *err)
{
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return -1;
    char line[64] = "";
    if (!fgets(line, sizeof line, fp))
        line[0] = 0;
    fclose(fp);
    return strncmp(line, "experiment,", 11) == 0;
}

int att_plot_timeline(const char *path, const att_match_table *mt, int table_wins,
                      const att_plot_select *s, const att_plot_opts *o, FILE *out,
                      att_error *err)
{
    att_error local;
    if (!err)
        err = &local;
    if (strcmp(path, "-") == 0)
        return att_error_set(err, ATT_EINPUT, "timeline reads its file by name, not from "
                             "standard input");
    int results = is_results(path, err);
    if (results < 0)
        return err->code;
    att_timeline_data t;
    int rc = results ? att_plot_timeline_results(path, s ? s->window : NULL, ATT_COMPARE_BOOT,
                                                 1, &t, err)
                     : att_plot_timeline_trace(path, mt, table_wins, &t, err);
    if (rc != ATT_OK)
        return rc;
    att_fig *f = att_fig_new(o, 8, 6.5, "Across sessions", out, err);
    if (!f)
        rc = err->code;
    else if ((rc = draw(f, &t, err)) != ATT_OK)
        att_fig_free(f);
    else
        rc = att_fig_finish(f, err);
    att_plot_timeline_free(&t);
    return rc;
}
