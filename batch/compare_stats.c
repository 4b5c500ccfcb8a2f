/* Comparing conditions: the statistics of every selected column (means,
 * bootstrap intervals, Welch, Hedges' g, Mann-Whitney, Kaplan-Meier,
 * log-rank, Holm), computed into the rows compare_write.c writes. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "attune/stats.h"
#include "attune/twosample.h"
#include "batch/compare_impl.h"
#include "stats/bootstrap.h"

/* ---- statistics -------------------------------------------------------- */

static double mean_of(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return n ? s / (double)n : NAN;
}

static double sd_of(const double *x, size_t n, double mean)
{
    if (n < 2)
        return NAN;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - mean) * (x[i] - mean);
    return sqrt(s / (double)(n - 1));
}

/* The mean of one resample of x (stats/bootstrap.h). */
static int resample_mean(void *ctx, const size_t *rows, double *out, att_error *err)
{
    (void)err;
    const vec *x = ctx;
    double s = 0;
    for (size_t i = 0; i < x->n; i++)
        s += x->v[rows[i]];
    *out = s / (double)x->n;
    return ATT_OK;
}

/* The percentile interval of the mean over `boot` resamples of x, drawn
 * from `rng` seeded with `seed`; `work` has room for `boot` values. */
static int bootstrap(const vec *x, long boot, unsigned long seed, gsl_rng *rng, double *work,
                     double *lo, double *hi, att_error *err)
{
    *lo = *hi = NAN;
    if (x->n < 2 || boot <= 0)
        return ATT_OK;
    size_t *rows = malloc(x->n * sizeof *rows);
    if (!rows)
        return att_error_nomem(err);
    att_boot b = { .nsamples = 1, .size = &x->n, .stat = resample_mean, .ctx = (void *)x,
                   .width = 1 };
    int rc = att_boot_run(&b, rng, seed, boot, rows, work, err);
    free(rows);
    double a = (1 - ATT_COMPARE_CONF) / 2;
    if (rc == ATT_OK)
        att_boot_interval(work, (size_t)boot, a, 1 - a, lo, hi);
    return rc;
}

static att_compare_row blank_row(att_compare_kind kind, const char *window, const char *metric)
{
    return (att_compare_row){
        .kind = kind, .window = window, .metric = metric, .n = 0,
        .mean = NAN, .sd = NAN, .boot_lo = NAN, .boot_hi = NAN, .diff = NAN,
        .g = NAN, .g_lo = NAN, .g_hi = NAN,
        .welch_t = NAN, .welch_df = NAN, .welch_p = NAN, .welch_p_holm = NAN,
        .mw_u = NAN, .mw_p = NAN, .mw_p_holm = NAN, .ruptures = -1, .repairs = -1,
        .km_median = NAN, .km_median_lo = NAN, .km_median_hi = NAN, .within_2s = NAN,
        .rmst = NAN, .logrank_chisq = NAN, .logrank_df = NAN, .logrank_p = NAN,
        .logrank_p_holm = NAN,
    };
}

static int metric_rows(att_compare *c, const column *col, gsl_rng *rng, double *work,
                       att_error *err)
{
    const vec *y = &c->groups[c->baseline].vals[col->slot];
    for (size_t gi = 0; gi < c->ngroups; gi++) {
        const group *g = &c->groups[gi];
        const vec *x = &g->vals[col->slot];
        att_compare_row *row = &c->rows[c->nrows++];
        *row = blank_row(ATT_COMPARE_METRIC, c->windows[col->window], att_cmp_metric_name(col->metric));
        row->group = g->name;
        row->baseline = gi == c->baseline;
        row->n = (long)x->n;
        row->mean = mean_of(x->v, x->n);
        row->sd = sd_of(x->v, x->n, row->mean);
        int rc = bootstrap(x, c->boot, att_compare_seed(c->seed, g->name, col->name), rng, work,
                           &row->boot_lo, &row->boot_hi, err);
        if (rc != ATT_OK)
            return rc;
        if (row->baseline || x->n == 0 || y->n == 0)
            continue;
        att_welch w;
        att_welch_test(x->v, x->n, y->v, y->n, &w);
        row->diff = w.diff;
        row->welch_t = w.t;
        row->welch_df = w.df;
        row->welch_p = w.p;
        att_hedges h;
        att_hedges_g(x->v, x->n, y->v, y->n, ATT_COMPARE_CONF, &h);
        row->g = h.g;
        row->g_lo = h.lo;
        row->g_hi = h.hi;
        att_mann_whitney mw;
        if (att_mann_whitney_test(x->v, x->n, y->v, y->n, &mw, err) != ATT_OK)
            return ATT_ENOMEM;
        row->mw_u = mw.u;
        row->mw_p = mw.p;
    }
    return ATT_OK;
}

static att_km_group km_group(const att_tally *t)
{
    return (att_km_group){ att_tally_times(t), att_tally_events(t), att_tally_censored(t),
                           att_tally_size(t) };
}

static int survival_rows(att_compare *c, const column *col, att_error *err)
{
    const char *window = c->windows[col->window];
    const att_tally *base = c->groups[c->baseline].tally[col->slot];
    att_km_group *kg = malloc((c->ngroups + 1) * sizeof *kg);
    if (!kg)
        return att_error_nomem(err);
    size_t k = 0;
    long ruptures = 0, repairs = 0;
    for (size_t gi = 0; gi < c->ngroups; gi++) {
        const group *g = &c->groups[gi];
        const att_tally *t = g->tally[col->slot];
        att_compare_row *row = &c->rows[c->nrows++];
        *row = blank_row(ATT_COMPARE_SURVIVAL, window, ATT_COMPARE_LATENCY);
        row->group = g->name;
        row->baseline = gi == c->baseline;
        row->n = g->runs;
        att_km_summary km;
        if (att_km_summarise(att_tally_times(t), att_tally_events(t), att_tally_censored(t),
                             att_tally_size(t), ATT_SCORE_WITHIN_S, c->cutoff, ATT_COMPARE_CONF,
                             &km, err) != 0) {
            free(kg);
            return ATT_ENOMEM;
        }
        row->ruptures = km.n;
        row->repairs = km.events;
        row->km_median = km.median;
        row->km_median_lo = km.median_lo;
        row->km_median_hi = km.median_hi;
        row->within_2s = isnan(km.surv_at) ? NAN : 1 - km.surv_at;
        row->rmst = km.rmst;
        ruptures += km.n;
        repairs += km.events;
        if (att_tally_size(t) > 0)
            kg[k++] = km_group(t);
        if (row->baseline || att_tally_size(t) == 0 || att_tally_size(base) == 0)
            continue;
        att_km_group two[2] = { km_group(t), km_group(base) };
        if (att_logrank_test(two, 2, NULL, NULL, &row->logrank_chisq, &row->logrank_df,
                             &row->logrank_p, err) != ATT_OK) {
            free(kg);
            return ATT_ENOMEM;
        }
    }
    att_compare_row *all = &c->rows[c->nrows++];
    *all = blank_row(ATT_COMPARE_OVERALL, window, ATT_COMPARE_LATENCY);
    all->n = c->runs;
    all->ruptures = ruptures;
    all->repairs = repairs;
    int rc = ATT_OK;
    if (k >= 2 && att_logrank_test(kg, k, NULL, NULL, &all->logrank_chisq, &all->logrank_df,
                                   &all->logrank_p, err) != ATT_OK)
        rc = ATT_ENOMEM;
    free(kg);
    return rc;
}

/* Holm over one p-value field of the non-baseline rows of `kind`. */
static int holm(att_compare *c, att_compare_kind kind, size_t p_off, size_t adj_off,
                att_error *err)
{
    double *p = malloc((c->nrows + 1) * sizeof *p);
    size_t *at = malloc((c->nrows + 1) * sizeof *at);
    size_t n = 0;
    int rc = ATT_OK;
    if (!p || !at) {
        rc = att_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < c->nrows; i++) {
        if (c->rows[i].kind != kind || c->rows[i].baseline)
            continue;
        memcpy(&p[n], (const char *)&c->rows[i] + p_off, sizeof(double));
        at[n++] = i;
    }
    if (n > 0 && att_holm_adjust(p, n, p, err) != ATT_OK) {
        rc = ATT_ENOMEM;
        goto done;
    }
    for (size_t j = 0; j < n; j++)
        memcpy((char *)&c->rows[at[j]] + adj_off, &p[j], sizeof(double));
done:
    free(p);
    free(at);
    return rc;
}

int att_compare_compute(att_compare *c, att_error *err)
{
    if (c->state != 1)
        return att_error_set(err, ATT_EINTERNAL, "att_compare_compute: %s",
                             c->state == 2 ? "already computed" : "no results read");
    c->baseline = 0;
    if (c->baseline_name) {
        size_t i = 0;
        while (i < c->ngroups && strcmp(c->groups[i].name, c->baseline_name) != 0)
            i++;
        if (i == c->ngroups) {
            const char **names = malloc(c->ngroups * sizeof *names);
            if (!names)
                return att_error_nomem(err);
            for (size_t k = 0; k < c->ngroups; k++)
                names[k] = c->groups[k].name;
            char hint[160], list[320];
            att_cmp_did_you_mean(hint, sizeof hint, c->baseline_name, names, c->ngroups);
            att_cmp_join(list, sizeof list, names, c->ngroups);
            free(names);
            return att_error_set(err, ATT_EINPUT, "--baseline %s: no group '%s' in column %s of "
                                 "%s%s; groups: %s", c->baseline_name, c->baseline_name, c->by,
                                 c->path, hint, list);
        }
        c->baseline = i;
    }
    size_t cap = c->nnum * c->ngroups + c->nsurv * (c->ngroups + 1);
    c->rows = malloc((cap + 1) * sizeof *c->rows);
    double *work = malloc(((size_t)c->boot + 1) * sizeof *work);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = ATT_OK;
    if (!c->rows || !work || !rng) {
        rc = att_error_nomem(err);
        goto done;
    }
    c->nrows = 0;
    for (size_t k = 0; k < c->ncols && rc == ATT_OK; k++) {
        if (c->interrupted && c->interrupted()) {
            rc = att_error_set(err, ATT_EIO, "interrupted; nothing written");
            break;
        }
        const column *col = &c->cols[k];
        rc = col->metric == SURV ? survival_rows(c, col, err)
                                 : metric_rows(c, col, rng, work, err);
    }
    if (rc == ATT_OK)
        rc = holm(c, ATT_COMPARE_METRIC, offsetof(att_compare_row, welch_p),
                  offsetof(att_compare_row, welch_p_holm), err);
    if (rc == ATT_OK)
        rc = holm(c, ATT_COMPARE_METRIC, offsetof(att_compare_row, mw_p),
                  offsetof(att_compare_row, mw_p_holm), err);
    if (rc == ATT_OK)
        rc = holm(c, ATT_COMPARE_SURVIVAL, offsetof(att_compare_row, logrank_p),
                  offsetof(att_compare_row, logrank_p_holm), err);
done:
    free(work);
    gsl_rng_free(rng);
    if (rc == ATT_OK)
        c->state = 2;
    else
        c->nrows = 0;
    return rc;
}
