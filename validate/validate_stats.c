/* Statistics of the validation suite over per-infant summaries: finite
 * means, Cohen's d for within-infant episodes (att_cohens_d_av of
 * attune/stats.h), paired differences, pooled
 * shares, percentile bootstrap intervals over infants, bouts and seeds
 * (definitions in include/attune/validate.h). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "base/seed.h"
#include "stats/bootstrap.h"
#include "attune/stats.h"
#include "attune/validate.h"

/* The mean of the finite values among x[0], x[stride], ... x[(n-1)*stride]
 * (a column of an att_vdata when stride is its ncols). */
static double mean_strided(const double *x, size_t n, size_t stride)
{
    double sum = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(x[i * stride])) {
            sum += x[i * stride];
            m++;
        }
    }
    return m ? sum / (double)m : NAN;
}

/* Their sample SD, as att_vstat_sd. */
static double sd_strided(const double *x, size_t n, size_t stride)
{
    double mean = mean_strided(x, n, stride), ss = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(x[i * stride])) {
            ss += (x[i * stride] - mean) * (x[i * stride] - mean);
            m++;
        }
    }
    return m >= 2 ? sqrt(ss / (double)(m - 1)) : NAN;
}

double att_vstat_mean(const double *x, size_t n)
{
    return mean_strided(x, n, 1);
}

double att_vstat_sd(const double *x, size_t n)
{
    return sd_strided(x, n, 1);
}

double att_paired_mean_diff(const double *a, const double *b, size_t n)
{
    double sum = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(a[i]) && isfinite(b[i])) {
            sum += a[i] - b[i];
            m++;
        }
    }
    return m ? sum / (double)m : NAN;
}

double att_ratio_of_sums(const double *num, const double *den, size_t n)
{
    double sn = 0, sd = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(num[i]) && isfinite(den[i])) {
            sn += num[i];
            sd += den[i];
        }
    }
    return sd != 0 ? sn / sd : NAN;
}

/* The statistic over the chosen rows, with work columns wa and wb of room
 * m supplied by the caller (so a bootstrap allocates them once). */
static double eval_rows(const att_vstat *st, const att_vdata *d, const size_t *rows, size_t m,
                        double *wa, double *wb)
{
    if (st->a < 0 || (size_t)st->a >= d->ncols
        || (st->kind != ATT_VSTAT_MEAN && st->kind != ATT_VSTAT_SD
            && (st->b < 0 || (size_t)st->b >= d->ncols)))
        return NAN;
    int one = st->kind == ATT_VSTAT_MEAN || st->kind == ATT_VSTAT_SD;
    for (size_t i = 0; i < m; i++) {
        const double *row = d->x + (rows ? rows[i] : i) * d->ncols;
        wa[i] = row[st->a];
        wb[i] = one ? 0 : row[st->b];
    }
    switch (st->kind) {
    case ATT_VSTAT_MEAN:
        return att_vstat_mean(wa, m);
    case ATT_VSTAT_RATIO:
        return att_ratio_of_sums(wa, wb, m);
    case ATT_VSTAT_DIFF:
        return att_paired_mean_diff(wa, wb, m);
    case ATT_VSTAT_D:
        return att_cohens_d_av(wa, wb, m);
    case ATT_VSTAT_SD:
        return att_vstat_sd(wa, m);
    }
    return NAN;
}

double att_vstat_eval(const att_vstat *st, const att_vdata *d, const size_t *rows, size_t m,
                      double *work)
{
    if (!rows)
        m = d->n;
    return eval_rows(st, d, rows, m, work, work + m);
}

/* One resample of att_vstat_boot: x's rows, then (two-sample) y's. */
typedef struct vboot {
    const att_vstat *st;
    const att_vdata *x, *y;
    double *wa, *wb;          /* work columns, room for the larger sample */
} vboot;

static int vboot_stat(void *ctx, const size_t *rows, double *out, att_error *err)
{
    (void)err;
    const vboot *vb = ctx;
    double v = eval_rows(vb->st, vb->x, rows, vb->x->n, vb->wa, vb->wb);
    if (vb->y)
        v -= eval_rows(vb->st, vb->y, rows + vb->x->n, vb->y->n, vb->wa, vb->wb);
    *out = v;
    return ATT_OK;
}

int att_vstat_boot(const att_vstat *st, const att_vdata *x, const att_vdata *y, long B,
                   unsigned long seed, double conf, att_interval *out, att_error *err)
{
    out->est = out->lo = out->hi = NAN;
    size_t big = y && y->n > x->n ? y->n : x->n;
    int resample = B > 0 && conf > 0 && conf < 1 && x->n > 0 && !(y && y->n == 0);
    /* Sizes no machine holds (their byte counts would wrap): out of memory
     * before any allocation. */
    if (big > SIZE_MAX / (2 * sizeof(double)) - 1
        || (resample && ((y && x->n > SIZE_MAX / sizeof(size_t) - y->n)
                         || (unsigned long)B > SIZE_MAX / sizeof(double))))
        return att_error_nomem(err);
    double *work = malloc(2 * (big + 1) * sizeof *work);
    if (!work)
        return att_error_nomem(err);
    out->est = att_vstat_eval(st, x, NULL, 0, work);
    if (y)
        out->est -= att_vstat_eval(st, y, NULL, 0, work);
    if (!resample) {
        free(work);
        return ATT_OK;
    }
    size_t size[2] = { x->n, y ? y->n : 0 };
    att_boot b = { .nsamples = y ? 2 : 1, .size = size, .stat = vboot_stat, .width = 1 };
    size_t *rows = malloc(att_boot_rows(&b) * sizeof *rows);
    double *vals = malloc((size_t)B * sizeof *vals);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = ATT_OK;
    if (!rows || !vals || !rng) {
        rc = att_error_nomem(err);
        goto done;
    }
    vboot vb = { st, x, y, work, work + big + 1 };
    b.ctx = &vb;
    rc = att_boot_run(&b, rng, seed, B, rows, vals, err);
    if (rc == ATT_OK)
        att_boot_interval(vals, (size_t)B, (1 - conf) / 2, (1 + conf) / 2, &out->lo, &out->hi);
done:
    if (rc != ATT_OK)
        out->est = NAN;
    gsl_rng_free(rng);
    free(rows);
    free(work);
    free(vals);
    return rc;
}

void att_bouts_begin(att_bouts *b)
{
    memset(b, 0, sizeof *b);
}

int att_bouts_push(att_bouts *b, double t, int on, double *len)
{
    on = on != 0;
    int ended = 0;
    if (b->steps == 0) {
        b->known = 0;          /* on from the first step: start unknown */
        b->start = t;
    } else if (on && !b->on) {
        b->known = 1;
        b->start = t;
    } else if (!on && b->on && b->known) {
        *len = t - b->start;
        ended = 1;
    }
    b->on = on;
    b->steps++;
    return ended;
}

int att_bouts_end(const att_bouts *b, double t_end, double *len)
{
    if (b->steps == 0 || !b->on || !b->known)
        return 0;
    *len = t_end - b->start;
    return 1;
}

unsigned long att_validate_seed(unsigned long suite_seed, const char *name, long i)
{
    return att_seed_path(suite_seed, name, i);
}

/* 1 when d has rows and a column col, else 0. */
static int column_ok(const att_vdata *d, int col)
{
    return d->n > 0 && col >= 0 && (size_t)col < d->ncols;
}

double att_vdata_mean(const att_vdata *d, int col)
{
    return column_ok(d, col) ? mean_strided(d->x + col, d->n, d->ncols) : NAN;
}

double att_vdata_sd(const att_vdata *d, int col)
{
    return column_ok(d, col) ? sd_strided(d->x + col, d->n, d->ncols) : NAN;
}

size_t att_vdata_count(const att_vdata *d, int col)
{
    size_t m = 0;
    if (column_ok(d, col))
        for (size_t i = 0; i < d->n; i++)
            m += isfinite(d->x[i * d->ncols + (size_t)col]) != 0;
    return m;
}
