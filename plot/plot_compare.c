/* The data of `attune plot compare` and `attune plot sweep`: the rows of
 * att_compare (batch/compare*.c) for one metric, one group each: the mean
 * with its bootstrap interval and Hedges' g versus the baseline, the very
 * numbers `attune compare` prints. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/compare.h"
#include "attune/param.h"
#include "base/grow.h"
#include "plot/plot_data.h"

void att_plot_cmp_opts_init(att_plot_cmp_opts *o)
{
    *o = (att_plot_cmp_opts){ .by = NULL, .baseline = NULL, .metric = NULL,
                              .boot = ATT_COMPARE_BOOT, .seed = 1, .partial = 0 };
}

void att_plot_note_missing(const att_plot_groups *g, char *title, size_t size)
{
    size_t n = strlen(title);
    if (g->missing && n < size)
        snprintf(title + n, size - n, " (%s missing)", g->missing);
}

void att_plot_groups_free(att_plot_groups *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++)
        free(g->g[i].name);
    free(g->g);
    free(g->window);
    free(g->metric);
    free(g->by);
    free(g->baseline);
    free(g->missing);
    *g = (att_plot_groups){ 0 };
}

/* Splits "WINDOW.METRIC" (or "METRIC": window all) into out's window and
 * metric. */
static int split_metric(const char *spec, att_plot_groups *out, att_error *err)
{
    const char *dot = strrchr(spec, '.');
    out->window = dot ? strndup(spec, (size_t)(dot - spec)) : strdup("all");
    out->metric = strdup(dot ? dot + 1 : spec);
    if (!out->window || !out->metric)
        return att_error_nomem(err);
    return ATT_OK;
}

/* Group `name` of `out`, made when new (NaN everywhere); NULL when out of
 * memory. */
static att_plot_group *group_of(att_plot_groups *out, size_t *cap, const char *name,
                                att_error *err)
{
    for (size_t i = 0; i < out->n; i++)
        if (strcmp(out->g[i].name, name) == 0)
            return &out->g[i];
    if (att_grow(&out->g, cap, out->n + 1, sizeof *out->g, err) != ATT_OK)
        return NULL;
    att_plot_group *g = &out->g[out->n];
    *g = (att_plot_group){ .name = strdup(name), .x = (double)out->n, .mean = NAN,
                           .lo = NAN, .hi = NAN, .g = NAN, .g_lo = NAN, .g_hi = NAN,
                           .median = NAN, .median_lo = NAN, .median_hi = NAN };
    if (!g->name) {
        att_error_nomem(err);
        return NULL;
    }
    out->n++;
    return g;
}

/* Copies the computed rows of window `out->window` into `out`'s groups. */
static int take_rows(const att_compare *c, att_plot_groups *out, att_error *err)
{
    size_t nrows, cap = 0;
    const att_compare_row *rows = att_compare_rows(c, &nrows);
    for (size_t i = 0; i < nrows; i++) {
        const att_compare_row *r = &rows[i];
        if (!r->group || strcmp(r->window, out->window) != 0)
            continue;
        att_plot_group *g = group_of(out, &cap, r->group, err);
        if (!g)
            return ATT_ENOMEM;
        g->baseline = r->baseline;
        if (r->kind == ATT_COMPARE_SURVIVAL) {
            g->median = r->km_median;
            g->median_lo = r->km_median_lo;
            g->median_hi = r->km_median_hi;
        } else if (strcmp(r->metric, out->metric) == 0) {
            g->n = r->n;
            g->mean = r->mean;
            g->lo = r->boot_lo;
            g->hi = r->boot_hi;
            g->g = r->g;
            g->g_lo = r->g_lo;
            g->g_hi = r->g_hi;
        }
    }
    return ATT_OK;
}

int att_plot_cmp_run(FILE *fp, const char *path, const att_plot_cmp_opts *o, int survival,
                     int partial, att_plot_groups *out, att_error *err)
{
    att_error local;
    if (!err)
        err = &local;
    *out = (att_plot_groups){ 0 };
    int rc = split_metric(o->metric ? o->metric : "all.matched_prop", out, err);
    if (rc != ATT_OK)
        return rc;
    if (strcmp(out->metric, ATT_COMPARE_LATENCY) == 0)
        return att_error_set(err, ATT_EINPUT, "--metric %s: draw repair latency with "
                             "attune plot km", o->metric);
    char spec[2][300];
    snprintf(spec[0], sizeof spec[0], "%s.%s", out->window, out->metric);
    snprintf(spec[1], sizeof spec[1], "%s.%s", out->window, ATT_COMPARE_LATENCY);
    const char *metrics[2] = { spec[0], spec[1] };
    att_compare_opts co;
    att_compare_opts_init(&co);
    co.by = o->by;
    co.baseline = o->baseline;
    co.metrics = metrics;
    co.nmetrics = survival ? 2 : 1;
    co.boot = o->boot;
    co.seed = o->seed;
    co.allow_partial = partial;
    att_compare *c = att_compare_new(&co, err);
    if (!c)
        return err->code;
    rc = fp ? att_compare_read(c, fp, path, err) : att_compare_load(c, path, err);
    if (rc == ATT_OK)
        rc = att_compare_compute(c, err);
    if (rc == ATT_OK) {
        out->by = strdup(att_compare_by(c));
        out->baseline = strdup(att_compare_group_name(c, att_compare_baseline(c)));
        rc = out->by && out->baseline ? take_rows(c, out, err) : att_error_nomem(err);
    }
    const char *missing = rc == ATT_OK && partial ? att_compare_missing(c) : "";
    if (*missing && !(out->missing = strdup(missing)))
        rc = att_error_nomem(err);
    att_compare_free(c);
    return rc;
}

int att_plot_compare_load(const char *path, const att_plot_cmp_opts *o, att_plot_groups *out,
                          att_error *err)
{
    int rc = att_plot_cmp_run(NULL, path, o, 0, o->partial, out, err);
    if (rc != ATT_OK)
        att_plot_groups_free(out);
    return rc;
}

static int by_x(const void *a, const void *b)
{
    const att_plot_group *p = a, *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

int att_plot_sweep_load(const char *path, const att_plot_cmp_opts *o, att_plot_groups *out,
                        att_error *err)
{
    *out = (att_plot_groups){ 0 };
    if (!o->by || !*o->by)
        return att_error_set(err, ATT_EINPUT, "sweep: name the swept key with --by "
                             "(a column such as caregiver.wait_time)");
    int rc = att_plot_cmp_run(NULL, path, o, 0, o->partial, out, err);
    for (size_t i = 0; rc == ATT_OK && i < out->n; i++)
        if (att_parse_double(out->g[i].name, &out->g[i].x) != 0)
            rc = att_error_set(err, ATT_EINPUT, "%s: --by %s: value '%s' is not a number; "
                               "a sweep plots a numeric key (attune plot compare draws "
                               "named groups)", path, o->by, out->g[i].name);
    if (rc != ATT_OK) {
        att_plot_groups_free(out);
        return rc;
    }
    qsort(out->g, out->n, sizeof *out->g, by_x);
    return ATT_OK;
}
