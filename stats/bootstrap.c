/* The one bootstrap (bootstrap.h): draws, statistic, percentile interval. */
#include <math.h>
#include <gsl/gsl_sort.h>
#include "stats/bootstrap.h"
#include "attune/stats.h"

size_t att_boot_rows(const att_boot *b)
{
    size_t n = 0;
    for (size_t s = 0; s < b->nsamples; s++)
        n += b->size[s];
    return n;
}

int att_boot_run(const att_boot *b, gsl_rng *rng, unsigned long seed, long B, size_t *rows,
                 double *vals, att_error *err)
{
    gsl_rng_set(rng, seed);
    for (long r = 0; r < B; r++) {
        size_t *p = rows;
        for (size_t s = 0; s < b->nsamples; s++)
            for (size_t i = 0; i < b->size[s]; i++)
                *p++ = gsl_rng_uniform_int(rng, b->size[s]);
        int rc = b->stat(b->ctx, rows, vals + (size_t)r * b->width, err);
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

size_t att_boot_interval(double *x, size_t n, double p_lo, double p_hi, double *lo, double *hi)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            x[kept++] = x[i];
    gsl_sort(x, 1, kept);
    *lo = att_quantile_sorted(x, kept, p_lo);
    *hi = att_quantile_sorted(x, kept, p_hi);
    return kept;
}
