/* The fit statistics' values (attune/fitstats.h): a window's statistics
 * over a multiset of sessions, the vector of named statistics, the default
 * list and the bootstrap variance over sessions. */
#include <gsl/gsl_rng.h>
#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/fitstats_impl.h"
#include "attune/stats.h"
#include "attune/tally.h"
#include "stats/bootstrap.h"

/* Session s's record of window g, or NULL when it does not have it. */
static const fs_rec *find_rec(const att_fitstats *fs, size_t s, size_t g)
{
    const fs_session *ss = &fs->s[s];
    for (size_t i = 0; i < ss->n; i++)
        if (fs->rec[ss->first + i].window == g)
            return &fs->rec[ss->first + i];
    return NULL;
}

/* The Kaplan-Meier statistics of the pooled tally `t`. */
static int km_stats(const att_tally *t, double *out, att_error *err)
{
    static const double p[3] = { 0.25, 0.5, 0.75 };
    double q[3];
    att_km_summary km;
    size_t n = att_tally_size(t);
    if (att_km_quantiles(att_tally_times(t), att_tally_events(t), att_tally_censored(t), n,
                         p, 3, q, err) != ATT_OK
        || att_km_summarise(att_tally_times(t), att_tally_events(t), att_tally_censored(t), n,
                            ATT_SCORE_WITHIN_S, NAN, ATT_SCORE_CONF, &km, err) != ATT_OK)
        return ATT_ENOMEM;
    out[ATT_FS_LATENCY_Q25_S] = q[0];
    out[ATT_FS_LATENCY_Q50_S] = q[1];
    out[ATT_FS_LATENCY_Q75_S] = q[2];
    out[ATT_FS_REPAIRED_WITHIN_2S] = isnan(km.surv_at) ? NAN : 1.0 - km.surv_at;
    return ATT_OK;
}

/* Every statistic of window g over the sessions sess[0..ns) (repeats
 * allowed), into out[0..ATT_FS_COUNT); `pool` is work space. */
static int window_stats(const att_fitstats *fs, const size_t *sess, size_t ns, size_t g,
                        att_tally *pool, double *out, att_error *err)
{
    double sum[FS_NMEAN] = { 0 };
    double wmean[FS_NMEAN] = { 0 }, m2[FS_NMEAN] = { 0 };  /* Welford, for the SDs */
    long cnt[FS_NMEAN] = { 0 };
    long long bout_us[FS_NBOUT] = { 0 };
    long bouts[FS_NBOUT] = { 0 };
    for (int k = 0; k < ATT_FS_COUNT; k++)
        out[k] = NAN;
    att_tally_clear(pool);
    for (size_t i = 0; i < ns; i++) {
        const fs_rec *r = find_rec(fs, sess ? sess[i] : i, g);
        if (!r)
            continue;
        for (int k = 0; k < FS_NMEAN; k++)
            if (!isnan(r->v[k])) {
                sum[k] += r->v[k];
                cnt[k]++;
                double d = r->v[k] - wmean[k];
                wmean[k] += d / (double)cnt[k];
                m2[k] += d * (r->v[k] - wmean[k]);
            }
        for (int k = 0; k < FS_NBOUT; k++) {
            bout_us[k] += r->bout_us[k];
            bouts[k] += r->bouts[k];
        }
        if (att_tally_merge(pool, r->tally, err) != ATT_OK)
            return ATT_ENOMEM;
    }
    for (int k = 0; k < FS_NMEAN; k++)
        out[att_fs_mean_stat[k]] = cnt[k] ? sum[k] / (double)cnt[k] : NAN;
    for (int k = 0; k < FS_NMEAN; k++)
        out[att_fs_sd_stat[k]] = cnt[k] > 1 ? sqrt(fmax(m2[k], 0) / (double)(cnt[k] - 1)) : NAN;
    static const int class_of[FS_NBOUT] = { ATT_CLASS_GAZE, ATT_CLASS_NEGATIVE };
    static const att_fitstat stat_of[FS_NBOUT] = { ATT_FS_AVERSION_BOUT_S,
                                                   ATT_FS_NEGATIVE_BOUT_S };
    for (int k = 0; k < FS_NBOUT; k++)
        if ((fs->known & class_of[k]) && bouts[k] > 0)
            out[stat_of[k]] = (double)bout_us[k] / 1e6 / (double)bouts[k];
    return km_stats(pool, out, err);
}

/* The d of mean k (the index of att_fs_d_stat) between windows g and g2
 * over the sessions sess[0..ns) (NULL: all); a and b are work space of ns
 * values. */
static double contrast(const att_fitstats *fs, const size_t *sess, size_t ns, size_t g,
                       size_t g2, int k, double *a, double *b)
{
    for (size_t i = 0; i < ns; i++) {
        const fs_rec *ra = find_rec(fs, sess ? sess[i] : i, g);
        const fs_rec *rb = find_rec(fs, sess ? sess[i] : i, g2);
        a[i] = ra ? ra->v[k] : NAN;
        b[i] = rb ? rb->v[k] : NAN;
    }
    return att_cohens_d_av(a, b, ns);
}

/* The parsed names: window index (SIZE_MAX when no session has it) and
 * statistic of each; for a contrast A:B, g is A's and g2 B's, and mean
 * the index of its statistic in att_fs_d_stat. */
typedef struct resolved {
    size_t n;
    size_t *g, *g2;
    int *mean;
    att_fitstat *stat;
    double *a, *b;      /* fs->ns values each: a contrast's work space */
    double *cache;      /* nw * ATT_FS_COUNT values of one evaluation */
    unsigned char *done;
    att_tally *pool;
} resolved;

static void resolved_free(resolved *r)
{
    free(r->g);
    free(r->g2);
    free(r->mean);
    free(r->a);
    free(r->b);
    free(r->stat);
    free(r->cache);
    free(r->done);
    att_tally_free(r->pool);
}

static int resolve(const att_fitstats *fs, const char *const *names, size_t n, resolved *r,
                   att_error *err)
{
    memset(r, 0, sizeof *r);
    r->n = n;
    size_t nw = fs->nw ? fs->nw : 1;
    r->g = malloc((n ? n : 1) * sizeof *r->g);
    r->g2 = malloc((n ? n : 1) * sizeof *r->g2);
    r->mean = malloc((n ? n : 1) * sizeof *r->mean);
    r->a = malloc((fs->ns ? fs->ns : 1) * sizeof *r->a);
    r->b = malloc((fs->ns ? fs->ns : 1) * sizeof *r->b);
    r->stat = malloc((n ? n : 1) * sizeof *r->stat);
    r->cache = malloc(nw * ATT_FS_COUNT * sizeof *r->cache);
    r->done = malloc(nw);
    if (!r->g || !r->g2 || !r->mean || !r->a || !r->b || !r->stat || !r->cache || !r->done
        || !(r->pool = att_tally_new(err))) {
        resolved_free(r);
        return att_error_nomem(err);
    }
    for (size_t i = 0; i < n; i++) {
        char window[256];
        if (att_fitstat_parse(names[i], window, sizeof window, &r->stat[i], err) != ATT_OK) {
            resolved_free(r);
            return ATT_EINPUT;
        }
        char first[256], second[256];
        long g, g2 = -1;
        r->mean[i] = -1;
        if (att_fitstat_is_contrast(r->stat[i])) {
            int k = 0;
            while (att_fs_d_stat[k] != r->stat[i])
                k++;
            assert(k < FS_NMEAN);
            r->mean[i] = k;
            int split = att_fitstat_contrast_split(window, first, second, sizeof first);
            assert(split == ATT_OK);   /* att_fitstat_parse checked it */
            (void)split;
            g = att_strmap_get(fs->wmap, first);
            g2 = att_strmap_get(fs->wmap, second);
            if (g2 < 0)
                g = -1;
        } else
            g = att_strmap_get(fs->wmap, window);
        r->g[i] = g < 0 ? SIZE_MAX : (size_t)g;
        r->g2[i] = g2 < 0 ? SIZE_MAX : (size_t)g2;
    }
    return ATT_OK;
}

/* The named statistics over sessions sess[0..ns) (NULL: all, in order). */
static int evaluate(const att_fitstats *fs, resolved *r, const size_t *sess, size_t ns,
                    double *out, att_error *err)
{
    memset(r->done, 0, fs->nw ? fs->nw : 1);
    for (size_t i = 0; i < r->n; i++) {
        size_t g = r->g[i];
        out[i] = NAN;
        if (g == SIZE_MAX)
            continue;
        if (att_fitstat_is_contrast(r->stat[i])) {
            out[i] = contrast(fs, sess, ns, g, r->g2[i], r->mean[i], r->a, r->b);
            continue;
        }
        double *v = &r->cache[g * ATT_FS_COUNT];
        if (!r->done[g] && window_stats(fs, sess, ns, g, r->pool, v, err) != ATT_OK)
            return ATT_ENOMEM;
        r->done[g] = 1;
        out[i] = v[r->stat[i]];
    }
    return ATT_OK;
}

int att_fitstats_vector(const att_fitstats *fs, const char *const *names, size_t n,
                        double *out, att_error *err)
{
    for (size_t i = 0; i < n; i++)
        out[i] = NAN;
    resolved r;
    int rc = resolve(fs, names, n, &r, err);
    if (rc != ATT_OK)
        return rc;
    rc = evaluate(fs, &r, NULL, fs->ns, out, err);
    resolved_free(&r);
    return rc;
}

static int push_name(att_fitstat_names *l, const char *window, att_fitstat s, att_error *err)
{
    size_t len = strlen(window) + strlen(att_fitstat_name(s)) + 2;
    char *name = malloc(len);
    char **grown = realloc(l->name, (l->n + 1) * sizeof *l->name);
    if (grown)
        l->name = grown;
    if (!name || !grown) {
        free(name);
        return att_error_nomem(err);
    }
    snprintf(name, len, "%s.%s", window, att_fitstat_name(s));
    l->name[l->n++] = name;
    return ATT_OK;
}

/* The default names, with the _sd statistics when `sd`. */
static int default_names(const att_fitstats *fs, int sd, att_fitstat_names *kept,
                         att_fitstat_names *dropped, att_error *err)
{
    att_fitstat_names_free(kept);
    att_fitstat_names_free(dropped);
    att_tally *pool = att_tally_new(err);
    if (!pool)
        return ATT_ENOMEM;
    int rc = ATT_OK;
    for (size_t g = 0; rc == ATT_OK && g < fs->nw; g++) {
        if (strcmp(fs->wname[g], ATT_SCORE_ALL) == 0)
            continue;
        double v[ATT_FS_COUNT];
        rc = window_stats(fs, NULL, fs->ns, g, pool, v, err);
        int end = sd ? ATT_FS_MATCHED_PROP_D : ATT_FS_MATCHED_PROP_SD;   /* never a _d */
        for (int k = 0; rc == ATT_OK && k < end; k++)
            if (!isnan(v[k]))
                rc = push_name(kept, fs->wname[g], (att_fitstat)k, err);
            else if (dropped)
                rc = push_name(dropped, fs->wname[g], (att_fitstat)k, err);
    }
    att_tally_free(pool);
    if (rc != ATT_OK) {
        att_fitstat_names_free(kept);
        att_fitstat_names_free(dropped);
    }
    return rc;
}

int att_fitstats_default_names(const att_fitstats *fs, att_fitstat_names *kept,
                               att_fitstat_names *dropped, att_error *err)
{
    return default_names(fs, 0, kept, dropped, err);
}

int att_fitstats_default_names_sd(const att_fitstats *fs, att_fitstat_names *kept,
                                  att_fitstat_names *dropped, att_error *err)
{
    return default_names(fs, 1, kept, dropped, err);
}

typedef struct boot_ctx {
    const att_fitstats *fs;
    resolved *r;
} boot_ctx;

static int boot_stat(void *ctx, const size_t *rows, double *out, att_error *err)
{
    boot_ctx *c = ctx;
    return evaluate(c->fs, c->r, rows, c->fs->ns, out, err);
}

/* var[k] and undefined[k] from the B x n resample values. */
static void variances(const double *vals, long B, size_t n, double *var, long *undefined)
{
    for (size_t k = 0; k < n; k++) {
        double sum = 0.0, ss = 0.0;
        long m = 0;
        for (long b = 0; b < B; b++) {
            double x = vals[(size_t)b * n + k];
            if (!isnan(x)) {
                sum += x;
                m++;
            }
        }
        double mean = m ? sum / (double)m : NAN;
        for (long b = 0; b < B; b++) {
            double x = vals[(size_t)b * n + k];
            if (!isnan(x))
                ss += (x - mean) * (x - mean);
        }
        var[k] = m >= 2 ? ss / (double)(m - 1) : NAN;
        /* a statistic equal in every resample but for rounding (the same
         * value in every session, summed in another order) has variance 0 */
        double eps = 16 * DBL_EPSILON * fabs(mean);
        if (var[k] <= eps * eps)
            var[k] = 0.0;
        if (undefined)
            undefined[k] = B - m;
    }
}

/* The one resampling of both bootstraps: B resamples of the sessions, the
 * statistics `names` on each, into *vals (B x n, row b resample b; the
 * caller frees it).  Errors and checks as att_fitstats_bootstrap_var. */
static int resample(const att_fitstats *fs, const char *const *names, size_t n, long B,
                    unsigned long seed, double **vals, att_error *err)
{
    *vals = NULL;
    if (B < 2)
        return att_error_set(err, ATT_EINPUT, "bootstrap: %ld resamples (at least 2)", B);
    if (fs->ns == 0)
        return att_error_set(err, ATT_EINPUT, "bootstrap: no session");
    if (n == 0)
        return ATT_OK;
    if ((size_t)B > SIZE_MAX / sizeof(double) / n)
        return att_error_nomem(err);
    resolved r;
    int rc = resolve(fs, names, n, &r, err);
    if (rc != ATT_OK)
        return rc;
    size_t size = fs->ns;
    boot_ctx c = { fs, &r };
    att_boot b = { 1, &size, boot_stat, &c, n };
    size_t *rows = malloc(size * sizeof *rows);
    *vals = malloc((size_t)B * n * sizeof **vals);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rows || !*vals || !rng)
        rc = att_error_nomem(err);
    else
        rc = att_boot_run(&b, rng, seed, B, rows, *vals, err);
    if (rng)
        gsl_rng_free(rng);
    free(rows);
    resolved_free(&r);
    if (rc != ATT_OK) {
        free(*vals);
        *vals = NULL;
    }
    return rc;
}

int att_fitstats_bootstrap_var(const att_fitstats *fs, const char *const *names, size_t n,
                               long B, unsigned long seed, double *var, long *undefined,
                               att_error *err)
{
    for (size_t k = 0; k < n; k++)
        var[k] = NAN;
    double *vals;
    int rc = resample(fs, names, n, B, seed, &vals, err);
    if (rc == ATT_OK && n > 0)
        variances(vals, B, n, var, undefined);
    free(vals);
    return rc;
}

/* cov[j][k] (j != k) over the resamples where both are defined; NaN below
 * 2 of them; 0 when either variance is 0. */
static void covariances(const double *vals, long B, size_t n, double *cov)
{
    for (size_t j = 0; j < n; j++)
        for (size_t k = j + 1; k < n; k++) {
            double sj = 0, sk = 0, ss = 0;
            long m = 0;
            for (long b = 0; b < B; b++) {
                const double *row = vals + (size_t)b * n;
                if (!isnan(row[j]) && !isnan(row[k])) {
                    sj += row[j];
                    sk += row[k];
                    m++;
                }
            }
            for (long b = 0; m >= 2 && b < B; b++) {
                const double *row = vals + (size_t)b * n;
                if (!isnan(row[j]) && !isnan(row[k]))
                    ss += (row[j] - sj / (double)m) * (row[k] - sk / (double)m);
            }
            double c = m >= 2 ? ss / (double)(m - 1) : NAN;
            if (cov[j * n + j] == 0 || cov[k * n + k] == 0)
                c = 0;
            cov[j * n + k] = cov[k * n + j] = c;
        }
}

int att_fitstats_bootstrap_cov(const att_fitstats *fs, const char *const *names, size_t n,
                               long B, unsigned long seed, double *cov, att_error *err)
{
    for (size_t k = 0; k < n * n; k++)
        cov[k] = NAN;
    double *vals, *var = malloc((n + 1) * sizeof *var);
    if (!var)
        return att_error_nomem(err);
    int rc = resample(fs, names, n, B, seed, &vals, err);
    if (rc == ATT_OK && n > 0) {
        variances(vals, B, n, var, NULL);
        for (size_t k = 0; k < n; k++)
            cov[k * n + k] = var[k];
        covariances(vals, B, n, cov);
    }
    free(vals);
    free(var);
    return rc;
}
