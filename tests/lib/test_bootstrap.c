/* stats/bootstrap.c: the one bootstrap.  Expected values come from a
 * Python transcription of GSL's mt19937 (init_genrand seeding, seed 0 read
 * as 4357) and gsl_rng_uniform_int (k = get() // (0xffffffff // n),
 * rejected while k >= n), checked against MT19937's reference first output
 * 3499211612 for seed 5489; quantiles as in GSL: idx = (n-1)p,
 * (1-d) x[floor] + d x[floor+1]. */
#include <check.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "stats/bootstrap.h"

/* Records the rows of every resample; fails with ATT_EIO at resample `stop`. */
typedef struct rec {
    size_t rows[4][5];
    int calls, stop;
} rec;

static int record(void *ctx, const size_t *rows, double *out, att_error *err)
{
    rec *r = ctx;
    if (r->calls == r->stop)
        return att_error_set(err, ATT_EIO, "stop at %d", r->calls);
    for (int i = 0; i < 5; i++)
        r->rows[r->calls][i] = rows[i];
    out[0] = (double)r->calls;
    out[1] = -(double)r->calls;
    r->calls++;
    return ATT_OK;
}

START_TEST(test_boot_draws_each_sample_in_turn)
{
    /* Two samples of 3 and 2 rows, seed 3: sample 0's indices (below 3)
     * then sample 1's (below 2), resample after resample. */
    static const size_t expect[2][5] = { { 1, 0, 2, 1, 0 }, { 0, 1, 1, 1, 0 } };
    size_t size[2] = { 3, 2 };
    rec r = { .stop = -1 };
    att_boot b = { .nsamples = 2, .size = size, .stat = record, .ctx = &r, .width = 2 };
    ck_assert_uint_eq(att_boot_rows(&b), 5);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    ck_assert_ptr_nonnull(rng);
    gsl_rng_set(rng, 99);   /* att_boot_run seeds it again */
    size_t rows[5];
    double vals[4];
    att_error err;
    ck_assert_int_eq(att_boot_run(&b, rng, 3, 2, rows, vals, &err), ATT_OK);
    ck_assert_int_eq(r.calls, 2);
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 5; i++)
            ck_assert_uint_eq(r.rows[k][i], expect[k][i]);
    /* Resample k's values at vals[k * width]. */
    ck_assert_double_eq(vals[0], 0);
    ck_assert_double_eq(vals[2], 1);
    ck_assert_double_eq(vals[3], -1);
    gsl_rng_free(rng);
}
END_TEST

START_TEST(test_boot_stops_at_the_first_error)
{
    size_t size = 5;
    rec r = { .stop = 2 };
    att_boot b = { .nsamples = 1, .size = &size, .stat = record, .ctx = &r, .width = 2 };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t rows[5];
    double vals[8];
    att_error err;
    att_error_clear(&err);
    ck_assert_int_eq(att_boot_run(&b, rng, 1, 4, rows, vals, &err), ATT_EIO);
    ck_assert_int_eq(r.calls, 2);
    ck_assert_str_eq(err.msg, "stop at 2");
    gsl_rng_free(rng);
}
END_TEST

static const double sample[5] = { 1, 2, 3, 4, 10 };

static int mean_of_rows(void *ctx, const size_t *rows, double *out, att_error *err)
{
    (void)ctx;
    (void)err;
    double s = 0;
    for (int i = 0; i < 5; i++)
        s += sample[rows[i]];
    *out = s / 5;
    return ATT_OK;
}

START_TEST(test_boot_percentile_interval_of_a_mean)
{
    /* 20 resamples of {1, 2, 3, 4, 10}, seed 7: the 2.5% and 97.5%
     * quantiles of the sorted means are 1.79 and 5.905. */
    size_t size = 5, rows[5];
    double vals[20], lo, hi;
    att_boot b = { .nsamples = 1, .size = &size, .stat = mean_of_rows, .width = 1 };
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    ck_assert_int_eq(att_boot_run(&b, rng, 7, 20, rows, vals, NULL), ATT_OK);
    ck_assert_uint_eq(att_boot_interval(vals, 20, 0.025, 0.975, &lo, &hi), 20);
    ck_assert_double_eq_tol(lo, 1.79, 1e-12);
    ck_assert_double_eq_tol(hi, 5.905, 1e-12);
    for (int i = 1; i < 20; i++)
        ck_assert(vals[i - 1] <= vals[i]);   /* left sorted */
    gsl_rng_free(rng);
}
END_TEST

START_TEST(test_boot_interval_leaves_nan_out)
{
    double x[6] = { NAN, 4, INFINITY, 0, NAN, 2 }, lo, hi;
    /* Kept: 0 2 4 inf; p 0 -> 0; p 0.5 -> idx 1.5: (2 + 4) / 2. */
    ck_assert_uint_eq(att_boot_interval(x, 6, 0, 0.5, &lo, &hi), 4);
    ck_assert_double_eq(lo, 0);
    ck_assert_double_eq(hi, 3);
    double y[2] = { NAN, NAN };
    ck_assert_uint_eq(att_boot_interval(y, 2, 0.025, 0.975, &lo, &hi), 0);
    ck_assert(isnan(lo) && isnan(hi));
    ck_assert_uint_eq(att_boot_interval(NULL, 0, 0.025, 0.975, &lo, &hi), 0);
    ck_assert(isnan(lo) && isnan(hi));
}
END_TEST

Suite *suite_bootstrap(void)
{
    Suite *s = suite_create("bootstrap");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_boot_draws_each_sample_in_turn);
    tcase_add_test(tc, test_boot_stops_at_the_first_error);
    tcase_add_test(tc, test_boot_percentile_interval_of_a_mean);
    tcase_add_test(tc, test_boot_interval_leaves_nan_out);
    suite_add_tcase(s, tc);
    return s;
}
