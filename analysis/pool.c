/* Pooling window scores across runs, with bootstrap intervals that resample
 * runs (definitions in include/attune/pool.h). */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/pool.h"
#include "attune/stats.h"
#include "base/grow.h"
#include "base/strmap.h"
#include "stats/bootstrap.h"

/* One run's share of a window: its scores and its slice of the entries. */
typedef struct run_entry {
    double v[ATT_SC_COUNT];
    size_t off, n;
} run_entry;

/* One distinct latency of one run's tally. */
typedef struct entry {
    long long key;   /* us */
    long events, censored;
} entry;

typedef struct pwin {
    char *name;
    run_entry *runs;
    size_t nruns, cap_runs;
    entry *ent;          /* the runs' tallies, one after another */
    size_t nent, cap_ent;
    att_tally *pooled;
    long ruptures, repairs;
} pwin;

struct att_pool {
    double cutoff;
    pwin *w;
    size_t nw, capw;
    att_strmap *index;   /* window name -> its position in w */
};

static int is_km_col(int c)
{
    return c == ATT_SC_LATENCY_MEDIAN_S || c == ATT_SC_LATENCY_MEDIAN_LO
           || c == ATT_SC_LATENCY_MEDIAN_HI || c == ATT_SC_REPAIRED_WITHIN_2S
           || c == ATT_SC_RMST_S;
}

att_pool *att_pool_new(double cutoff_s, att_error *err)
{
    if (!(cutoff_s > 0)) {
        att_error_set(err, ATT_EINPUT, "pool: the cutoff must be above 0 s");
        return NULL;
    }
    att_pool *p = calloc(1, sizeof *p);
    if (!p) {
        att_error_nomem(err);
        return NULL;
    }
    p->cutoff = cutoff_s;
    if (!(p->index = att_strmap_new())) {
        free(p);
        att_error_nomem(err);
        return NULL;
    }
    return p;
}

void att_pool_free(att_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nw; i++) {
        pwin *w = &p->w[i];
        free(w->name);
        free(w->runs);
        free(w->ent);
        att_tally_free(w->pooled);
    }
    free(p->w);
    att_strmap_free(p->index);
    free(p);
}

/* The window called `name`, added at the end if new (found through the
 * index, so a file with tens of thousands of phases pools in linear time). */
static pwin *find_window(att_pool *p, const char *name)
{
    long i = att_strmap_get(p->index, name);
    if (i >= 0)
        return &p->w[i];
    if (att_grow(&p->w, &p->capw, p->nw + 1, sizeof *p->w, NULL) != 0)
        return NULL;
    pwin *w = &p->w[p->nw];
    *w = (pwin){ .name = strdup(name), .pooled = att_tally_new(NULL) };
    if (!w->name || !w->pooled || att_strmap_put(p->index, name, (long)p->nw) != 0) {
        free(w->name);
        att_tally_free(w->pooled);
        return NULL;
    }
    p->nw++;
    return w;
}

static int add_entries(pwin *w, const att_tally *t)
{
    size_t n = att_tally_size(t);
    if (att_grow(&w->ent, &w->cap_ent, w->nent + n, sizeof *w->ent, NULL) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        w->ent[w->nent++] = (entry){ att_tally_keys(t)[i], att_tally_events(t)[i],
                                     att_tally_censored(t)[i] };
    return att_tally_merge(w->pooled, t, NULL);
}

int att_pool_add(att_pool *p, const att_scorer *sc, att_error *err)
{
    for (size_t i = 0; i < att_scorer_window_count(sc); i++) {
        att_window_score ws;
        int rc = att_scorer_window(sc, i, p->cutoff, &ws, err);
        if (rc != ATT_OK)
            return rc;
        pwin *w = find_window(p, ws.window);
        if (!w || att_grow(&w->runs, &w->cap_runs, w->nruns + 1, sizeof *w->runs, NULL) != 0)
            return att_error_nomem(err);
        run_entry *r = &w->runs[w->nruns];
        memcpy(r->v, ws.v, sizeof r->v);
        r->off = w->nent;
        r->n = att_tally_size(att_scorer_window_tally(sc, i));
        if (add_entries(w, att_scorer_window_tally(sc, i)) != 0)
            return att_error_nomem(err);
        w->nruns++;
        w->ruptures += (long)ws.v[ATT_SC_RUPTURES];
        w->repairs += (long)ws.v[ATT_SC_REPAIRS];
    }
    return ATT_OK;
}

size_t att_pool_window_count(const att_pool *p)
{
    return p->nw;
}

/* Mean of the defined values of column c over the runs picked[0..n). */
static double mean_over(const pwin *w, const size_t *picked, size_t n, int c)
{
    double sum = 0;
    long k = 0;
    for (size_t i = 0; i < n; i++) {
        double x = w->runs[picked[i]].v[c];
        if (!isnan(x)) {
            sum += x;
            k++;
        }
    }
    return k ? sum / (double)k : NAN;
}

static int summarise(const double *times, const long *ev, const long *ce, size_t n, double cutoff,
                     att_km_summary *km)
{
    return att_km_summarise(times, ev, ce, n, ATT_SCORE_WITHIN_S, cutoff, ATT_SCORE_CONF, km, NULL);
}

static void km_into(const att_km_summary *km, double *v)
{
    v[ATT_SC_LATENCY_MEDIAN_S] = km->median;
    v[ATT_SC_LATENCY_MEDIAN_LO] = km->median_lo;
    v[ATT_SC_LATENCY_MEDIAN_HI] = km->median_hi;
    v[ATT_SC_REPAIRED_WITHIN_2S] = isnan(km->surv_at) ? NAN : 1 - km->surv_at;
    v[ATT_SC_RMST_S] = km->rmst;
}

/* Percentile interval of the B values in `x` (NaN dropped; for the median,
 * NaN means "not reached" and sorts above every number). */
static void interval(double *x, size_t B, int median, double *lo, double *hi)
{
    if (median)
        for (size_t b = 0; b < B; b++)
            if (isnan(x[b]))
                x[b] = INFINITY;
    att_boot_interval(x, B, 0.025, 0.975, lo, hi);
    if (isinf(*lo))
        *lo = NAN;
    if (isinf(*hi))
        *hi = NAN;
}

/* Work arrays of one bootstrap. */
typedef struct boot_work {
    const pwin *w;
    double cutoff;
    size_t *slot;     /* each entry's index among the pooled latencies */
    long *ev, *ce;    /* dense counts per pooled latency */
    double *t;        /* compacted KM input */
    long *cev, *cce;
} boot_work;

static void boot_free(boot_work *bw)
{
    free(bw->slot);
    free(bw->ev);
    free(bw->ce);
    free(bw->t);
    free(bw->cev);
    free(bw->cce);
}

static size_t find_key(const long long *keys, size_t n, long long k)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The scores of one resample of runs (stats/bootstrap.h): the means over
 * the picked runs and Kaplan-Meier over their pooled latencies. */
static int resample_scores(void *ctx, const size_t *picked, double *v, att_error *err)
{
    boot_work *bw = ctx;
    const pwin *w = bw->w;
    size_t D = att_tally_size(w->pooled), R = w->nruns;
    for (int c = 0; c < ATT_SC_COUNT; c++)
        if (!is_km_col(c))
            v[c] = mean_over(w, picked, R, c);
    memset(bw->ev, 0, D * sizeof *bw->ev);
    memset(bw->ce, 0, D * sizeof *bw->ce);
    for (size_t i = 0; i < R; i++) {
        const run_entry *r = &w->runs[picked[i]];
        for (size_t e = r->off; e < r->off + r->n; e++) {
            bw->ev[bw->slot[e]] += w->ent[e].events;
            bw->ce[bw->slot[e]] += w->ent[e].censored;
        }
    }
    const double *times = att_tally_times(w->pooled);
    size_t n = 0;
    for (size_t d = 0; d < D; d++) {
        if (bw->ev[d] || bw->ce[d]) {
            bw->t[n] = times[d];
            bw->cev[n] = bw->ev[d];
            bw->cce[n] = bw->ce[d];
            n++;
        }
    }
    att_km_summary km;
    if (summarise(bw->t, bw->cev, bw->cce, n, bw->cutoff, &km) != 0)
        return att_error_nomem(err);
    km_into(&km, v);
    return ATT_OK;
}

static int bootstrap(const pwin *w, double cutoff, long B, unsigned long seed,
                     att_pooled_score *out, att_error *err)
{
    size_t D = att_tally_size(w->pooled), R = w->nruns;
    boot_work bw = {
        .w = w, .cutoff = cutoff, .slot = malloc((w->nent + 1) * sizeof(size_t)),
        .ev = malloc((D + 1) * sizeof(long)), .ce = malloc((D + 1) * sizeof(long)),
        .t = malloc((D + 1) * sizeof(double)), .cev = malloc((D + 1) * sizeof(long)),
        .cce = malloc((D + 1) * sizeof(long)),
    };
    size_t *picked = malloc(R * sizeof *picked);
    double *vals = malloc((size_t)B * ATT_SC_COUNT * sizeof *vals);
    double *x = malloc((size_t)B * sizeof *x);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = ATT_OK;
    if (!bw.slot || !bw.ev || !bw.ce || !bw.t || !bw.cev || !bw.cce || !picked || !vals || !x
        || !rng) {
        rc = att_error_nomem(err);
        goto done;
    }
    const long long *keys = att_tally_keys(w->pooled);
    for (size_t e = 0; e < w->nent; e++)
        bw.slot[e] = find_key(keys, D, w->ent[e].key);
    att_boot b = { .nsamples = 1, .size = &R, .stat = resample_scores, .ctx = &bw,
                   .width = ATT_SC_COUNT };
    rc = att_boot_run(&b, rng, seed, B, picked, vals, err);
    if (rc != ATT_OK)
        goto done;
    for (int c = 0; c < ATT_SC_COUNT; c++) {
        if (c == ATT_SC_LATENCY_MEDIAN_LO || c == ATT_SC_LATENCY_MEDIAN_HI)
            continue;
        for (long r = 0; r < B; r++)
            x[r] = vals[(size_t)r * ATT_SC_COUNT + (size_t)c];
        interval(x, (size_t)B, c == ATT_SC_LATENCY_MEDIAN_S, &out->lo[c], &out->hi[c]);
    }
done:
    gsl_rng_free(rng);
    boot_free(&bw);
    free(picked);
    free(vals);
    free(x);
    return rc;
}

int att_pool_result(const att_pool *p, size_t i, long boot, unsigned long seed,
                    att_pooled_score *out, att_error *err)
{
    const pwin *w = &p->w[i];
    *out = (att_pooled_score){ .window = w->name, .runs = (long)w->nruns,
                               .ruptures = w->ruptures, .repairs = w->repairs };
    out->est.window = w->name;
    size_t *all = malloc((w->nruns + 1) * sizeof *all);
    if (!all)
        return att_error_nomem(err);
    for (size_t r = 0; r < w->nruns; r++)
        all[r] = r;
    for (int c = 0; c < ATT_SC_COUNT; c++) {
        out->lo[c] = out->hi[c] = NAN;
        if (!is_km_col(c))
            out->est.v[c] = mean_over(w, all, w->nruns, c);
    }
    free(all);
    att_km_summary km;
    const att_tally *t = w->pooled;
    if (summarise(att_tally_times(t), att_tally_events(t), att_tally_censored(t),
                  att_tally_size(t), p->cutoff, &km) != 0)
        return att_error_nomem(err);
    km_into(&km, out->est.v);
    return boot > 0 && w->nruns > 0 ? bootstrap(w, p->cutoff, boot, seed, out, err) : ATT_OK;
}
