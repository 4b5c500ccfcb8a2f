/* The one bootstrap: resampling with replacement, driven by a generator
 * and work space the caller owns, so that it allocates nothing and a
 * caller running many bootstraps allocates once.  Used by pooling
 * (analysis/pool.c), compare (batch/compare.c) and the validation suite
 * (validate/validate_stats.c).  Internal to the library (not installed). */
#ifndef ATT_BOOTSTRAP_H
#define ATT_BOOTSTRAP_H

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "attune/error.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* The statistic of one resample.  `rows` holds, for each sample s in turn,
 * size[s] indices drawn with replacement from 0 .. size[s] - 1 (sample 1's
 * follow sample 0's).  Writes `width` values at `out` (NaN where the
 * statistic is undefined).  Returns ATT_OK, or an error code with `err`
 * filled, which stops the bootstrap. */
typedef int (*att_boot_stat)(void *ctx, const size_t *rows, double *out, att_error *err);

/* What is resampled.  Borrowed: the bootstrap keeps no pointer. */
typedef struct att_boot {
    size_t nsamples;         /* 1 (one-sample) or more (each resampled apart) */
    const size_t *size;      /* size[s] > 0: rows of sample s */
    att_boot_stat stat;
    void *ctx;               /* passed to stat */
    size_t width;            /* values stat writes per resample, >= 1 */
} att_boot;

/* The room `rows` needs in att_boot_run: the sum of the sizes. */
size_t att_boot_rows(const att_boot *b);

/* Seeds `rng` (any GSL generator, owned by the caller) with `seed` and
 * draws B resamples: for each, the indices of sample 0, then of sample 1,
 * ... (gsl_rng_uniform_int, in this order, so a one-sample bootstrap and
 * the first sample of a two-sample one use the same stream), then calls
 * b->stat.  Resample r's values go to vals[r * width .. r * width + width).
 * `rows` (att_boot_rows(b) elements) and `vals` (B * width) are the
 * caller's.  Returns ATT_OK, or the first error b->stat returned (vals then
 * holds only the resamples before it).  Allocates nothing. */
int att_boot_run(const att_boot *b, gsl_rng *rng, unsigned long seed, long B, size_t *rows,
                 double *vals, att_error *err);

/* The percentile interval of n resample values x (reordered in place): the
 * NaNs are left out, the rest sorted (infinities included), and *lo, *hi are
 * their p_lo and p_hi quantiles (att_quantile_sorted); NaN when no value is
 * left.  Returns how many values were kept.  Cannot fail. */
size_t att_boot_interval(double *x, size_t n, double p_lo, double p_hi, double *lo, double *hi);

#pragma GCC visibility pop

#endif
