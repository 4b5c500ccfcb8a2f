/* The validation suite's library: its statistics (finite means, Cohen's
 * d_av, paired differences, pooled shares, the bootstrap, bouts, seeds)
 * against values worked out by hand or with Python (each in a comment), the
 * suite run through the library (same rows for any number of threads,
 * --only, a missing scenario folder) and the CSV writer's quoting. */
#include "tests/fixture.h"

#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include "attune/validate.h"

/* ---- statistics ---------------------------------------------------------- */

START_TEST(test_mean_sd_skip_nan)
{
    /* Python: statistics.mean([1, 2, 4]) = 2.3333..., stdev = 1.5275252316519468 */
    const double x[] = { 1, 2, NAN, 4 };
    ck_assert_double_eq_tol(att_vstat_mean(x, 4), 7.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(att_vstat_sd(x, 4), 1.5275252316519468, 1e-15);
    const double one[] = { NAN, 5 };
    ck_assert_double_eq(att_vstat_mean(one, 2), 5);
    ck_assert(isnan(att_vstat_sd(one, 2)));       /* one value: no SD */
    const double none[] = { NAN };
    ck_assert(isnan(att_vstat_mean(none, 1)));
    ck_assert(isnan(att_vstat_mean(none, 0)));
}
END_TEST

START_TEST(test_cohens_d_av)
{
    /* a: mean 6, variance 20/3; b: mean 3, variance 10/3;
     * d = 3 / sqrt((20/3 + 10/3) / 2) = 3 / sqrt(5) = 1.3416407864998738.
     * The pair with a NaN is left out. */
    const double a[] = { 3, 5, NAN, 7, 9, 100 };
    const double b[] = { 1, 2, 50, 4, 5, NAN };
    ck_assert_double_eq_tol(att_cohens_d_av(a, b, 6), 1.3416407864998738, 1e-14);
    ck_assert_double_eq_tol(att_cohens_d_av(b, a, 6), -1.3416407864998738, 1e-14);
    /* Mean of the paired differences: (2 + 3 + 3 + 4) / 4 = 3. */
    ck_assert_double_eq_tol(att_paired_mean_diff(a, b, 6), 3.0, 1e-15);
    /* Both constant: no spread, no d.  One pair: no d. */
    const double c[] = { 1, 1, 1 }, e[] = { 0, 0, 0 };
    ck_assert(isnan(att_cohens_d_av(c, e, 3)));
    ck_assert(isnan(att_cohens_d_av(a, b, 1)));
    /* Copies of one pair (a bootstrap resample of one subject): no spread,
     * however many (a summed mean of 1000 copies of 0.3 is off by ulps,
     * which made d about -6.6e13 before Welford). */
    static double x[1000], y[1000];
    for (int i = 0; i < 1000; i++)
        x[i] = 0.3, y[i] = 0.7;
    ck_assert(isnan(att_cohens_d_av(x, y, 3)));
    ck_assert(isnan(att_cohens_d_av(x, y, 1000)));
}
END_TEST

START_TEST(test_ratio_of_sums)
{
    /* (1 + 3) / (2 + 6) = 0.5: the pair with a NaN is left out, and each
     * infant weighs by its denominator (the mean of 1/2 and 3/6 is also
     * 0.5; 9/10 below moves the pooled share more than the mean). */
    const double num[] = { 1, 3, NAN, 9 }, den[] = { 2, 6, 4, 10 };
    ck_assert_double_eq_tol(att_ratio_of_sums(num, den, 3), 0.5, 1e-15);
    ck_assert_double_eq_tol(att_ratio_of_sums(num, den, 4), 13.0 / 18.0, 1e-15);
    const double zero[] = { 0, 0 };
    ck_assert(isnan(att_ratio_of_sums(zero, zero, 2)));
}
END_TEST

/* Rows of (a, b): the d example above, row-major. */
static const double pairs[] = { 3, 1, 5, 2, 7, 4, 9, 5 };

START_TEST(test_eval_rows)
{
    att_vdata d = { pairs, 4, 2 };
    att_vstat mean_a = { ATT_VSTAT_MEAN, 0, 0 }, diff = { ATT_VSTAT_DIFF, 0, 1 },
              dav = { ATT_VSTAT_D, 0, 1 }, ratio = { ATT_VSTAT_RATIO, 1, 0 };
    /* The caller's work space: 2 * 4 doubles, with a sentinel after it that
     * the statistic must not touch. */
    double ws[9];
    ws[8] = -7.5;
    ck_assert_double_eq_tol(att_vstat_eval(&mean_a, &d, NULL, 0, ws), 6.0, 1e-15);
    ck_assert_double_eq_tol(att_vstat_eval(&dav, &d, NULL, 0, ws), 1.3416407864998738, 1e-14);
    ck_assert_double_eq_tol(att_vstat_eval(&ratio, &d, NULL, 0, ws), 12.0 / 24.0, 1e-15);
    /* With rows == NULL, m is ignored: all 4 rows, not 1. */
    ck_assert_double_eq_tol(att_vstat_eval(&mean_a, &d, NULL, 1, ws), 6.0, 1e-15);
    /* A resample: rows 3, 3, 0 -> a = 9, 9, 3 (mean 7); differences 4, 4, 2. */
    const size_t rows[] = { 3, 3, 0 };
    ck_assert_double_eq_tol(att_vstat_eval(&mean_a, &d, rows, 3, ws), 7.0, 1e-15);
    ck_assert_double_eq_tol(att_vstat_eval(&diff, &d, rows, 3, ws), 10.0 / 3.0, 1e-15);
    /* A column that does not exist gives NaN, not a read past the row. */
    att_vstat bad = { ATT_VSTAT_DIFF, 0, 2 };
    ck_assert(isnan(att_vstat_eval(&bad, &d, NULL, 0, ws)));
    ck_assert_double_eq(ws[8], -7.5);
}
END_TEST

START_TEST(test_vdata_mean_sd)
{
    /* Columns of `pairs`: a = 3 5 7 9 (mean 6, SD sqrt(20/3)), b = 1 2 4 5
     * (mean 3, SD sqrt(10/3)); with a NaN in b's row 1, b = 1 4 5 (mean
     * 10/3, SD sqrt(((7/3)^2 + (2/3)^2 + (5/3)^2) / 2) = sqrt(13/3)). */
    att_vdata d = { pairs, 4, 2 };
    ck_assert_double_eq_tol(att_vdata_mean(&d, 0), 6.0, 1e-15);
    ck_assert_double_eq_tol(att_vdata_mean(&d, 1), 3.0, 1e-15);
    ck_assert_double_eq_tol(att_vdata_sd(&d, 0), sqrt(20.0 / 3.0), 1e-14);
    ck_assert_double_eq_tol(att_vdata_sd(&d, 1), sqrt(10.0 / 3.0), 1e-14);
    const double holed[] = { 3, 1, 5, NAN, 7, 4, 9, 5 };
    att_vdata h = { holed, 4, 2 };
    ck_assert_double_eq_tol(att_vdata_mean(&h, 1), 10.0 / 3.0, 1e-15);
    ck_assert_double_eq_tol(att_vdata_sd(&h, 1), sqrt(13.0 / 3.0), 1e-14);
    /* No such column, no rows, one value for an SD: NaN. */
    ck_assert(isnan(att_vdata_mean(&d, 2)) && isnan(att_vdata_mean(&d, -1)));
    ck_assert(isnan(att_vdata_sd(&d, 2)));
    att_vdata none = { NULL, 0, 2 }, one = { pairs, 1, 2 };
    ck_assert(isnan(att_vdata_mean(&none, 0)) && isnan(att_vdata_sd(&none, 0)));
    ck_assert_double_eq(att_vdata_mean(&one, 1), 1.0);
    ck_assert(isnan(att_vdata_sd(&one, 1)));
    /* Counts of finite values: 4 and 4 in d, 4 and 3 with the hole, none
     * past the columns or without rows (an infinity is not a value). */
    ck_assert_uint_eq(att_vdata_count(&d, 0), 4);
    ck_assert_uint_eq(att_vdata_count(&h, 0), 4);
    ck_assert_uint_eq(att_vdata_count(&h, 1), 3);
    ck_assert_uint_eq(att_vdata_count(&d, 2), 0);
    ck_assert_uint_eq(att_vdata_count(&d, -1), 0);
    ck_assert_uint_eq(att_vdata_count(&none, 0), 0);
    const double inf[] = { INFINITY, 2, 1, 2 };
    att_vdata i2 = { inf, 2, 2 };
    ck_assert_uint_eq(att_vdata_count(&i2, 0), 1);
    ck_assert_uint_eq(att_vdata_count(&i2, 1), 2);
}
END_TEST

/* Populations no machine can hold, or more resamples than bytes: the
 * bootstrap says out of memory (code and message) instead of an estimate.
 * The sizes are refused before the data are touched, so `pairs` is never
 * read past its end. */
START_TEST(test_boot_out_of_memory)
{
    att_vstat mean = { ATT_VSTAT_MEAN, 0, 0 };
    att_interval iv = { 1, 2, 3 };
    att_error err = { 0 };
    att_vdata huge = { pairs, SIZE_MAX / 4, 2 }, d = { pairs, 4, 2 };
    ck_assert_int_eq(att_vstat_boot(&mean, &huge, NULL, 10, 1, 0.95, &iv, &err), ATT_ENOMEM);
    ck_assert_int_eq(err.code, ATT_ENOMEM);
    ck_assert_str_eq(err.msg, "out of memory");
    ck_assert(isnan(iv.est) && isnan(iv.lo) && isnan(iv.hi));
    /* Also without resamples (the estimate alone needs work space), as the
     * second population, and with NULL for err. */
    ck_assert_int_eq(att_vstat_boot(&mean, &huge, NULL, 0, 1, 0.95, &iv, NULL), ATT_ENOMEM);
    err = (att_error){ 0 };
    ck_assert_int_eq(att_vstat_boot(&mean, &d, &huge, 10, 1, 0.95, &iv, &err), ATT_ENOMEM);
    ck_assert_int_eq(err.code, ATT_ENOMEM);
    /* LONG_MAX resamples: their values cannot be held. */
    err = (att_error){ 0 };
    iv = (att_interval){ 1, 2, 3 };
    ck_assert_int_eq(att_vstat_boot(&mean, &d, NULL, LONG_MAX, 1, 0.95, &iv, &err), ATT_ENOMEM);
    ck_assert_int_eq(err.code, ATT_ENOMEM);
    ck_assert(isnan(iv.est) && isnan(iv.lo) && isnan(iv.hi));
    /* The same population with 10 resamples succeeds: est 6, err untouched. */
    err = (att_error){ 0 };
    ck_assert_int_eq(att_vstat_boot(&mean, &d, NULL, 10, 1, 0.95, &iv, &err), ATT_OK);
    ck_assert_int_eq(err.code, ATT_OK);
    ck_assert_double_eq_tol(iv.est, 6.0, 1e-15);
    ck_assert(iv.lo >= 3 && iv.hi <= 9 && iv.lo <= iv.hi);
}
END_TEST

START_TEST(test_boot_constant_and_two_points)
{
    att_error err = { 0 };
    att_interval iv;
    att_vstat mean = { ATT_VSTAT_MEAN, 0, 0 };
    const double same[] = { 0.25, 0.25, 0.25, 0.25, 0.25 };
    att_vdata c = { same, 5, 1 };
    ck_assert_int_eq(att_vstat_boot(&mean, &c, NULL, 500, 3, 0.95, &iv, &err), ATT_OK);
    ck_assert_double_eq(iv.est, 0.25);
    ck_assert_double_eq(iv.lo, 0.25);
    ck_assert_double_eq(iv.hi, 0.25);
    /* {0, 1}: a resample's mean is 0 (p 1/4), 1/2 (p 1/2) or 1 (p 1/4), so
     * with 2000 resamples the 2.5% and 97.5% quantiles are 0 and 1. */
    const double two[] = { 0, 1 };
    att_vdata t = { two, 2, 1 };
    ck_assert_int_eq(att_vstat_boot(&mean, &t, NULL, 2000, 9, 0.95, &iv, &err), ATT_OK);
    ck_assert_double_eq(iv.est, 0.5);
    ck_assert_double_eq(iv.lo, 0);
    ck_assert_double_eq(iv.hi, 1);
    /* No resamples or a level outside (0, 1): the estimate without an interval. */
    ck_assert_int_eq(att_vstat_boot(&mean, &t, NULL, 0, 9, 0.95, &iv, &err), ATT_OK);
    ck_assert_double_eq(iv.est, 0.5);
    ck_assert(isnan(iv.lo) && isnan(iv.hi));
    ck_assert_int_eq(att_vstat_boot(&mean, &t, NULL, 100, 9, 1.0, &iv, &err), ATT_OK);
    ck_assert(isnan(iv.lo) && isnan(iv.hi));
}
END_TEST

#define PI 3.14159265358979323846

/* n values of a fixed pseudo-normal sample (Box-Muller on a small LCG), so
 * the test needs no generator of its own. */
static void normal_sample(double *x, size_t n, double mean, double sd, unsigned seed)
{
    unsigned long long s = seed;
    for (size_t i = 0; i < n; i += 2) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = ((double)(s >> 11) + 0.5) / 9007199254740992.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = ((double)(s >> 11) + 0.5) / 9007199254740992.0;
        double r = sqrt(-2 * log(u1));
        x[i] = mean + sd * r * cos(2 * PI * u2);
        if (i + 1 < n)
            x[i + 1] = mean + sd * r * sin(2 * PI * u2);
    }
}

START_TEST(test_boot_normal_width)
{
    /* For a mean of n = 400, the percentile interval approaches
     * mean -/+ 1.96 sd / sqrt(n); with 4000 resamples its half-width is
     * within a few per cent of that (here 1.96 * sd / 20 with the sample's
     * own sd). */
    enum { N = 400 };
    double x[N];
    normal_sample(x, N, 10, 2, 5);
    att_vdata d = { x, N, 1 };
    att_vstat mean = { ATT_VSTAT_MEAN, 0, 0 };
    att_interval iv;
    att_error err = { 0 };
    ck_assert_int_eq(att_vstat_boot(&mean, &d, NULL, 4000, 1, 0.95, &iv, &err), ATT_OK);
    double half = 1.96 * att_vstat_sd(x, N) / sqrt(N);
    ck_assert(iv.lo < iv.est && iv.est < iv.hi);
    ck_assert_double_eq_tol((iv.hi - iv.lo) / 2, half, 0.08 * half);
    ck_assert_double_eq_tol((iv.lo + iv.hi) / 2, iv.est, 0.1 * half);
    /* The same seed gives the same interval; another seed another one. */
    att_interval again, other;
    ck_assert_int_eq(att_vstat_boot(&mean, &d, NULL, 4000, 1, 0.95, &again, &err), ATT_OK);
    ck_assert_int_eq(att_vstat_boot(&mean, &d, NULL, 4000, 2, 0.95, &other, &err), ATT_OK);
    ck_assert(again.lo == iv.lo && again.hi == iv.hi);
    ck_assert(other.lo != iv.lo || other.hi != iv.hi);
}
END_TEST

START_TEST(test_boot_two_populations)
{
    /* x minus y for two independent samples of the same distribution: the
     * estimate is the difference of the means, the interval covers 0 and is
     * about sqrt(2) times as wide as one sample's. */
    enum { N = 400 };
    double x[N], y[N];
    normal_sample(x, N, 1, 1, 11);
    normal_sample(y, N, 1, 1, 12);
    att_vdata dx = { x, N, 1 }, dy = { y, N, 1 };
    att_vstat mean = { ATT_VSTAT_MEAN, 0, 0 };
    att_interval iv, one;
    att_error err = { 0 };
    ck_assert_int_eq(att_vstat_boot(&mean, &dx, &dy, 4000, 4, 0.95, &iv, &err), ATT_OK);
    ck_assert_double_eq_tol(iv.est, att_vstat_mean(x, N) - att_vstat_mean(y, N), 1e-12);
    ck_assert(iv.lo < 0 && iv.hi > 0);
    ck_assert_int_eq(att_vstat_boot(&mean, &dx, NULL, 4000, 4, 0.95, &one, &err), ATT_OK);
    double ratio = (iv.hi - iv.lo) / (one.hi - one.lo);
    ck_assert_double_eq_tol(ratio, sqrt(2.0), 0.15);
}
END_TEST

START_TEST(test_boot_paired_rows)
{
    /* Resampling keeps pairs: b = a - 1 exactly, so every resample's
     * paired difference is 1 and the interval is [1, 1], however spread
     * a is. */
    double ab[200];
    for (int i = 0; i < 100; i++) {
        ab[2 * i] = i * i;
        ab[2 * i + 1] = i * i - 1;
    }
    att_vdata d = { ab, 100, 2 };
    att_vstat diff = { ATT_VSTAT_DIFF, 0, 1 };
    att_interval iv;
    att_error err = { 0 };
    ck_assert_int_eq(att_vstat_boot(&diff, &d, NULL, 300, 8, 0.95, &iv, &err), ATT_OK);
    ck_assert_double_eq_tol(iv.est, 1, 1e-12);
    ck_assert_double_eq_tol(iv.lo, 1, 1e-12);
    ck_assert_double_eq_tol(iv.hi, 1, 1e-12);
}
END_TEST

/* ---- bouts and seeds ------------------------------------------------------ */

START_TEST(test_bouts)
{
    /* dt 0.1: on on off off on on on off on | end at 0.9.
     * The first bout was on from the start: unknown start, never reported.
     * The second starts at 0.4 and ends at 0.7 (0.3 s, reported at 0.7).
     * The third starts at 0.8 and is open at the end: censored at 0.1 s. */
    const int on[] = { 1, 1, 0, 0, 1, 1, 1, 0, 1 };
    att_bouts b;
    att_bouts_begin(&b);
    double len = -1;
    int reported = 0;
    for (int i = 0; i < 9; i++) {
        double l;
        if (att_bouts_push(&b, i * 0.1, on[i], &l)) {
            ck_assert_int_eq(i, 7);
            len = l;
            reported++;
        }
    }
    ck_assert_int_eq(reported, 1);
    ck_assert_double_eq_tol(len, 0.3, 1e-12);
    ck_assert_int_eq(att_bouts_end(&b, 0.9, &len), 1);
    ck_assert_double_eq_tol(len, 0.1, 1e-12);

    /* Off throughout: nothing.  On throughout: unknown start, nothing. */
    for (int state = 0; state < 2; state++) {
        att_bouts_begin(&b);
        for (int i = 0; i < 5; i++)
            ck_assert_int_eq(att_bouts_push(&b, i * 0.1, state, &len), 0);
        ck_assert_int_eq(att_bouts_end(&b, 0.5, &len), 0);
    }
    /* No step at all. */
    att_bouts_begin(&b);
    ck_assert_int_eq(att_bouts_end(&b, 0, &len), 0);
}
END_TEST

START_TEST(test_seed)
{
    /* Python: int(hashlib.sha256(b"1/still-face/0").hexdigest()[:8], 16) */
    ck_assert_uint_eq(att_validate_seed(1, "still-face", 0), 3410930197UL);
    ck_assert_uint_eq(att_validate_seed(7, "peekaboo", 41), 3954399576UL);
    ck_assert_uint_eq(att_validate_seed(4294967295UL, "x", -1), 3791412664UL);
}
END_TEST

/* ---- the suite through the library ---------------------------------------- */

typedef struct {
    att_vresult r[64];
    size_t n;
} kept;

static int keep(const att_vresult *r, void *user, att_error *err)
{
    (void)err;
    kept *k = user;
    ck_assert_uint_lt(k->n, 64);
    k->r[k->n++] = *r;
    return ATT_OK;
}

/* A small suite: the shipped scenarios, match tables found from tests/
 * (exe_dir/../data/match). */
static att_validate_opts small_opts(const char *only, int jobs)
{
    static const char *const match_path[] = { ATT_SRCDIR "/data/match", NULL };
    att_validate_opts o = { ATT_SRCDIR "/scenarios", match_path, 5, 12, 40, only, jobs };
    return o;
}

START_TEST(test_suite_threads_identical)
{
    static kept one, three;
    att_error err = { 0 };
    att_validate_opts o = small_opts("peekaboo", 1);
    one.n = three.n = 0;
    ck_assert_msg(att_validate_run(&o, keep, &one, &err) == ATT_OK, "%s", err.msg);
    o.jobs = 3;
    ck_assert_msg(att_validate_run(&o, keep, &three, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(one.n, 6);
    ck_assert_uint_eq(three.n, 6);
    for (size_t i = 0; i < one.n; i++) {
        ck_assert_str_eq(one.r[i].check->id, three.r[i].check->id);
        ck_assert_str_eq(one.r[i].group, "peekaboo");
        ck_assert(strncmp(one.r[i].check->id, "peekaboo.", 9) == 0);
        /* Bit for bit: the same infants and the same resamples. */
        ck_assert(memcmp(&one.r[i].estimate, &three.r[i].estimate, sizeof(double)) == 0);
        ck_assert(memcmp(&one.r[i].ci_lo, &three.r[i].ci_lo, sizeof(double)) == 0);
        ck_assert(memcmp(&one.r[i].ci_hi, &three.r[i].ci_hi, sizeof(double)) == 0);
        ck_assert_int_eq(one.r[i].pass, three.r[i].pass);
    }
}
END_TEST

START_TEST(test_suite_only)
{
    static kept k, all;
    att_error err = { 0 };
    /* One check alone gives the same numbers as in its group. */
    att_validate_opts o = small_opts("play.cadence", 2);
    k.n = all.n = 0;
    ck_assert_msg(att_validate_run(&o, keep, &k, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(k.n, 1);
    ck_assert_str_eq(k.r[0].check->id, "play.cadence");
    o.only = "play";
    ck_assert_msg(att_validate_run(&o, keep, &all, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(all.n, 4);
    ck_assert_str_eq(all.r[1].check->id, "play.cadence");
    ck_assert(all.r[1].estimate == k.r[0].estimate && all.r[1].ci_lo == k.r[0].ci_lo);
    /* The rule: a range check passes exactly when its estimate is inside. */
    for (size_t i = 0; i < all.n; i++) {
        const att_vcheck *c = all.r[i].check;
        ck_assert_int_eq(c->rule, ATT_VRULE_RANGE);
        ck_assert_int_eq(all.r[i].pass,
                         all.r[i].estimate >= c->target_lo && all.r[i].estimate <= c->target_hi);
    }
    /* A prefix that no id has: nothing runs, nothing is reported. */
    k.n = 0;
    o.only = "nosuch";
    ck_assert_int_eq(att_validate_run(&o, keep, &k, &err), ATT_OK);
    ck_assert_uint_eq(k.n, 0);
}
END_TEST

START_TEST(test_suite_missing_scenarios)
{
    static kept k;
    att_error err = { 0 };
    att_validate_opts o = small_opts("play", 1);
    o.scenario_dir = ATT_SRCDIR "/tests/no-such-folder";
    k.n = 0;
    ck_assert_int_eq(att_validate_run(&o, keep, &k, &err), ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "still-face.ini") != NULL, "%s", err.msg);
    ck_assert_uint_eq(k.n, 0);
}
END_TEST

/* ---- the writer ------------------------------------------------------------ */

START_TEST(test_write_csv)
{
    static const att_vcheck c1 = {
        "g.range", "a \"quoted\", comma", "Someone 2000", "about 1", ATT_VRULE_RANGE, 0.5, 1.5,
        { ATT_VSTAT_MEAN, 0, 0 }
    };
    static const att_vcheck c2 = {
        "g.dir", "plain", "Other 1999", "more", ATT_VRULE_ABOVE, 0, INFINITY,
        { ATT_VSTAT_DIFF, 0, 1 }
    };
    att_vresult r[2] = { { &c1, "g", 1.0 / 3.0, 0.25, NAN, 0, "" },
                         { &c2, "g", 2, 1, 3, 1, "detail" } };
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_validate_opts o = small_opts(NULL, 1);
    att_error err = { 0 };
    ck_assert_int_eq(att_validate_write(fp, ATT_FORMAT_CSV, &o, r, 2, &err), ATT_OK);
    fclose(fp);
    ck_assert_str_eq(buf,
                     "id,group,phenomenon,source,literature,estimate,ci_low,ci_high,rule,"
                     "target_low,target_high,pass\n"
                     "g.range,g,\"a \"\"quoted\"\", comma\",Someone 2000,about 1,0.333333,0.25,,"
                     "range,0.5,1.5,0\n"
                     "g.dir,g,plain,Other 1999,more,2,1,3,above,0,,1\n");
    free(buf);

    /* The table ends with the count of failures. */
    buf = NULL;
    fp = open_memstream(&buf, &len);
    ck_assert_int_eq(att_validate_write(fp, ATT_FORMAT_TABLE, &o, r, 2, &err), ATT_OK);
    fclose(fp);
    ck_assert_msg(strstr(buf, "\n2 checks, 1 failed\n") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "0.333 [0.25, -]") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "  detail\n") != NULL, "%s", buf);
    free(buf);
}
END_TEST

Suite *suite_validate(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("statistics");
    tcase_add_test(tc, test_mean_sd_skip_nan);
    tcase_add_test(tc, test_cohens_d_av);
    tcase_add_test(tc, test_ratio_of_sums);
    tcase_add_test(tc, test_eval_rows);
    tcase_add_test(tc, test_vdata_mean_sd);
    tcase_add_test(tc, test_boot_out_of_memory);
    tcase_add_test(tc, test_boot_constant_and_two_points);
    tcase_add_test(tc, test_boot_normal_width);
    tcase_add_test(tc, test_boot_two_populations);
    tcase_add_test(tc, test_boot_paired_rows);
    tcase_add_test(tc, test_bouts);
    tcase_add_test(tc, test_seed);
    suite_add_tcase(s, tc);
    tc = tcase_create("suite");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_suite_threads_identical);
    tcase_add_test(tc, test_suite_only);
    tcase_add_test(tc, test_suite_missing_scenarios);
    tcase_add_test(tc, test_write_csv);
    suite_add_tcase(s, tc);
    return s;
}
