/* Population distributions and sweeps (sim/dist.c): parsing and its
 * messages, the range check, draws against the distributions' moments
 * (worked out by hand from the textbook formulas, not from att_dist_mean),
 * clipping and rounding, and the values of sweeps. */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "attune/dist.h"

/* ---- parsing ---- */

/* `text` must parse as a distribution of `kind` with arguments a and b. */
static void expect_dist(const char *text, att_dist_kind kind, double a, double b)
{
    att_dist d = { ATT_DIST_BETA, -99, -99 };
    att_error why = { 0 };
    int rc = att_dist_parse(text, &d, &why);
    ck_assert_msg(rc == 0, "'%s': returned %d (%s)", text, rc, why.msg);
    ck_assert_int_eq(d.kind, kind);
    ck_assert_double_eq(d.a, a);
    ck_assert_double_eq(d.b, b);
}

/* `text` must not look like a distribution (1). */
static void expect_not_dist(const char *text)
{
    att_dist d;
    att_error why = { 0 };
    ck_assert_msg(att_dist_parse(text, &d, &why) == ATT_DIST_NONE, "'%s' is no distribution", text);
}

/* `text` must be rejected (-1) with a message holding every word of the
 * NULL-terminated list. */
static void expect_bad_dist(const char *text, ...)
{
    att_dist d;
    att_error why = { 0 };
    int rc = att_dist_parse(text, &d, &why);
    ck_assert_msg(rc == ATT_EINPUT, "'%s': returned %d, expected ATT_EINPUT", text, rc);
    va_list ap;
    va_start(ap, text);
    for (const char *w = va_arg(ap, const char *); w; w = va_arg(ap, const char *))
        ck_assert_msg(strstr(why.msg, w) != NULL, "'%s': message '%s' lacks '%s'", text, why.msg, w);
    va_end(ap);
}

START_TEST(parse_valid_forms)
{
    expect_dist("normal(0.5, 0.1)", ATT_DIST_NORMAL, 0.5, 0.1);
    expect_dist("  lognormal ( 0 , 0.5 )  ", ATT_DIST_LOGNORMAL, 0, 0.5);
    expect_dist("uniform(-1,2)", ATT_DIST_UNIFORM, -1, 2);
    expect_dist("beta(\t2 ,5\t)", ATT_DIST_BETA, 2, 5);
    expect_dist("normal(1e-3, 2.5e2)", ATT_DIST_NORMAL, 0.001, 250);
    /* The arguments stay in the order written (uniform's a < b is checked). */
    expect_dist("uniform(0.25, 0.75)", ATT_DIST_UNIFORM, 0.25, 0.75);
    /* bernoulli takes one argument, the chance of a 1. */
    expect_dist("bernoulli(0.07)", ATT_DIST_BERNOULLI, 0.07, 0);
    expect_dist(" bernoulli ( 1 ) ", ATT_DIST_BERNOULLI, 1, 0);
    expect_dist("bernoulli(0)", ATT_DIST_BERNOULLI, 0, 0);
}
END_TEST

START_TEST(parse_not_a_distribution)
{
    expect_not_dist("0.5");
    expect_not_dist("-3");
    expect_not_dist("0:0.5:5");
    expect_not_dist("5:-1:0");
    expect_not_dist("intrusive");        /* a word without '(' : a policy name */
    expect_not_dist("still-face");
    expect_not_dist("");
    expect_not_dist("   ");
    expect_not_dist("(0.5, 0.1)");        /* no name before '(' */
    expect_not_dist("1e3");
}
END_TEST

START_TEST(parse_errors)
{
    /* Unknown names, with a suggestion for a typo and the list of names. */
    expect_bad_dist("normla(0.5, 0.1)", "unknown distribution 'normla'", "did you mean 'normal'?",
                    "expected normal, lognormal, uniform, beta or bernoulli", NULL);
    expect_bad_dist("lognorml(0, 1)", "did you mean 'lognormal'?", NULL);
    expect_bad_dist("Beta(2, 5)", "unknown distribution 'Beta'", "did you mean 'beta'?", NULL);
    expect_bad_dist("poisson(1, 2)", "unknown distribution 'poisson'",
                    "expected normal, lognormal, uniform, beta or bernoulli", NULL);
    att_error why = { 0 };
    att_dist d;
    ck_assert_int_eq(att_dist_parse("poisson(1, 2)", &d, &why), ATT_EINPUT);
    ck_assert_ptr_null(strstr(why.msg, "did you mean"));   /* no plausible typo */
    /* Wrong number of arguments, missing parenthesis, trailing junk. */
    expect_bad_dist("normal(0.5)", "normal(0.5)", "expected NAME(NUMBER, NUMBER)", NULL);
    expect_bad_dist("normal(1, 2, 3)", "expected NAME(NUMBER, NUMBER)", NULL);
    expect_bad_dist("normal()", "expected NAME(NUMBER, NUMBER)", NULL);
    expect_bad_dist("normal(0.5, 0.1", "expected NAME(NUMBER, NUMBER)", NULL);
    expect_bad_dist("normal(0.5, 0.1) x", "expected NAME(NUMBER, NUMBER)", NULL);
    expect_bad_dist("normal(0.5, 0.1)junk", "expected NAME(NUMBER, NUMBER)", NULL);
    expect_bad_dist("normal(0.5, 0.1);", "expected NAME(NUMBER, NUMBER)", NULL);
    expect_bad_dist("normal(0.5, 0.1))", NULL);
    /* Arguments that are not (finite) numbers. */
    expect_bad_dist("normal(a, 0.1)", "normal(a, 0.1)", "must be numbers", NULL);
    expect_bad_dist("normal(0.5, 0.1x)", "must be numbers", NULL);
    expect_bad_dist("normal(0.5, )", "must be numbers", NULL);
    expect_bad_dist("normal(0.5, inf)", "must be numbers", NULL);
    expect_bad_dist("uniform(nan, 1)", "must be numbers", NULL);
    /* Invalid arguments, each with its own reason. */
    expect_bad_dist("normal(0.5, 0)", "standard deviation must be > 0", NULL);
    expect_bad_dist("normal(0.5, -0.1)", "standard deviation must be > 0", NULL);
    expect_bad_dist("lognormal(0, 0)", "sigma", "must be > 0", NULL);
    expect_bad_dist("lognormal(0, -1)", "sigma", "must be > 0", NULL);
    expect_bad_dist("uniform(3, 3)", "uniform(3, 3)", "needs a < b", NULL);
    expect_bad_dist("uniform(3, 2)", "needs a < b", NULL);
    expect_bad_dist("beta(0, 1)", "both shape parameters must be > 0", NULL);
    expect_bad_dist("beta(1, -2)", "both shape parameters must be > 0", NULL);
    /* bernoulli: one number, a chance. */
    expect_bad_dist("bernoulli(0.5, 1)", "bernoulli(0.5, 1)", "expected bernoulli(P)", NULL);
    expect_bad_dist("bernoulli(0.5", "expected bernoulli(P)", NULL);
    expect_bad_dist("bernoulli(0.5) x", "expected bernoulli(P)", NULL);
    expect_bad_dist("bernoulli()", "must be a number", NULL);
    expect_bad_dist("bernoulli(p)", "must be a number", NULL);
    expect_bad_dist("bernoulli(1.5)", "chance must be in [0, 1]", NULL);
    expect_bad_dist("bernoulli(-0.1)", "chance must be in [0, 1]", NULL);
    expect_bad_dist("bernouli(0.5)", "did you mean 'bernoulli'?", NULL);
}
END_TEST

START_TEST(format_round_trip)
{
    static const char *const texts[] = {
        "normal(0.5, 0.1)", "lognormal(0, 0.5)", "uniform(-1, 2)", "beta(2, 5)",
        "bernoulli(0.07)"
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        att_dist d;
        att_error why = { 0 };
        char buf[96];
        ck_assert_int_eq(att_dist_parse(texts[i], &d, &why), 0);
        att_dist_format(&d, buf, sizeof buf);
        ck_assert_str_eq(buf, texts[i]);
    }
}
END_TEST

/* ---- the range check ---- */

static int check_text(const char *text, double min, double max, att_error *why)
{
    att_dist d;
    ck_assert_int_eq(att_dist_parse(text, &d, why), 0);
    return att_dist_check(&d, min, max, why);
}

START_TEST(range_check)
{
    att_error why = { 0 };
    ck_assert_int_eq(check_text("uniform(2, 3)", 0, 1, &why), ATT_EINPUT);
    ck_assert_msg(strstr(why.msg, "uniform(2, 3)") && strstr(why.msg, "[0, 1]"), "%s", why.msg);
    /* Touching the range at one end only would make every draw that bound. */
    ck_assert_int_eq(check_text("uniform(1, 2)", 0, 1, &why), ATT_EINPUT);
    ck_assert_int_eq(check_text("uniform(-2, 0)", 0, 1, &why), ATT_EINPUT);
    ck_assert_int_eq(check_text("uniform(0.5, 2)", 0, 1, &why), 0);
    ck_assert_int_eq(check_text("uniform(-5, 5)", 0, 1, &why), 0);
    /* A normal can fall anywhere. */
    ck_assert_int_eq(check_text("normal(100, 0.01)", 0, 1, &why), 0);
    ck_assert_int_eq(check_text("normal(-100, 0.01)", 0.1, 1e6, &why), 0);
    /* Beta lives on [0, 1]. */
    ck_assert_int_eq(check_text("beta(2, 5)", 0, 1, &why), 0);
    ck_assert_int_eq(check_text("beta(2, 5)", 0.1, 1000, &why), 0);
    ck_assert_int_eq(check_text("beta(2, 5)", 1, 100, &why), ATT_EINPUT);
    ck_assert_msg(strstr(why.msg, "beta(2, 5)") && strstr(why.msg, "[1, 100]"), "%s", why.msg);
    /* Lognormal is positive. */
    ck_assert_int_eq(check_text("lognormal(0, 1)", 0, 100, &why), 0);
    ck_assert_int_eq(check_text("lognormal(0, 1)", -10, 0, &why), ATT_EINPUT);
    ck_assert_int_eq(check_text("lognormal(0, 1)", -10, -1, &why), ATT_EINPUT);
    ck_assert_msg(strstr(why.msg, "lognormal(0, 1)") != NULL, "%s", why.msg);
    /* Bernoulli is 0 or 1, and both must be in the range: a trait clipped
     * to a bound would not be one. */
    ck_assert_int_eq(check_text("bernoulli(0.1)", 0, 1, &why), 0);
    ck_assert_int_eq(check_text("bernoulli(0.1)", -1, 100, &why), 0);
    ck_assert_int_eq(check_text("bernoulli(0.1)", 1, 5, &why), ATT_EINPUT);
    ck_assert_int_eq(check_text("bernoulli(0.5)", 0.1, 1000, &why), ATT_EINPUT);
    ck_assert_msg(strstr(why.msg, "bernoulli(0.5)") && strstr(why.msg, "does not hold both")
                  && strstr(why.msg, "[0.1, 1000]"), "%s", why.msg);
    ck_assert_int_eq(check_text("bernoulli(0.5)", 0, 0.5, &why), ATT_EINPUT);
}
END_TEST

/* ---- moments ---- */

START_TEST(moment_formulas)
{
    att_dist d;
    d = (att_dist){ ATT_DIST_NORMAL, 3, 2 };
    ck_assert_double_eq(att_dist_mean(&d), 3);
    ck_assert_double_eq(att_dist_sd(&d), 2);
    /* lognormal(zeta, sigma): exp(zeta + sigma^2/2), sqrt((e^s2 - 1) e^(2 zeta + s2)). */
    d = (att_dist){ ATT_DIST_LOGNORMAL, 0, 0.5 };
    ck_assert_double_eq_tol(att_dist_mean(&d), exp(0.125), 1e-14);
    ck_assert_double_eq_tol(att_dist_sd(&d), sqrt((exp(0.25) - 1) * exp(0.25)), 1e-14);
    d = (att_dist){ ATT_DIST_LOGNORMAL, 1, 0.25 };
    ck_assert_double_eq_tol(att_dist_mean(&d), exp(1.03125), 1e-14);
    ck_assert_double_eq_tol(att_dist_sd(&d), sqrt((exp(0.0625) - 1) * exp(2.0625)), 1e-14);
    /* uniform(2, 5): 3.5 and 3 / sqrt(12) = sqrt(0.75). */
    d = (att_dist){ ATT_DIST_UNIFORM, 2, 5 };
    ck_assert_double_eq(att_dist_mean(&d), 3.5);
    ck_assert_double_eq_tol(att_dist_sd(&d), sqrt(0.75), 1e-15);
    /* beta(2, 5): a/(a+b) = 2/7, ab/((a+b)^2 (a+b+1)) = 10/(49*8). */
    d = (att_dist){ ATT_DIST_BETA, 2, 5 };
    ck_assert_double_eq_tol(att_dist_mean(&d), 2.0 / 7.0, 1e-15);
    ck_assert_double_eq_tol(att_dist_sd(&d), sqrt(10.0 / (49.0 * 8.0)), 1e-15);
    d = (att_dist){ ATT_DIST_BETA, 0.5, 0.5 };
    ck_assert_double_eq_tol(att_dist_mean(&d), 0.5, 1e-15);
    ck_assert_double_eq_tol(att_dist_sd(&d), sqrt(0.125), 1e-15);
    /* bernoulli(0.07): p and sqrt(p (1 - p)) = sqrt(0.0651). */
    d = (att_dist){ ATT_DIST_BERNOULLI, 0.07, 0 };
    ck_assert_double_eq(att_dist_mean(&d), 0.07);
    ck_assert_double_eq_tol(att_dist_sd(&d), sqrt(0.0651), 1e-15);
}
END_TEST

/* One case of the sampling test: the moments and the (non-excess) kurtosis
 * E[(X - mu)^4] / sd^4 by the textbook formulas:
 *   normal 3; uniform 9/5;
 *   lognormal e^(4 s2) + 2 e^(3 s2) + 3 e^(2 s2) - 3 (s2 = sigma^2);
 *   beta 3 + 6 [(a-b)^2 (a+b+1) - ab (a+b+2)] / [ab (a+b+2) (a+b+3)],
 *   so beta(2, 5): 3 + 6 (72 - 90) / 900 = 2.88 and beta(0.5, 0.5): 1.5;
 *   bernoulli(p) 3 + (1 - 6 p q) / (p q), q = 1 - p, so bernoulli(0.3):
 *   3 + (1 - 1.26) / 0.21. */
struct moments {
    const char *text;
    double mean, sd, kurtosis;
};

#define NDRAWS 20000

START_TEST(draws_follow_the_distribution)
{
    const struct moments cases[] = {
        { "normal(3, 2)", 3, 2, 3 },
        { "lognormal(0, 0.5)", exp(0.125), sqrt((exp(0.25) - 1) * exp(0.25)),
          exp(1.0) + 2 * exp(0.75) + 3 * exp(0.5) - 3 },
        { "lognormal(1, 0.25)", exp(1.03125), sqrt((exp(0.0625) - 1) * exp(2.0625)),
          exp(0.25) + 2 * exp(0.1875) + 3 * exp(0.125) - 3 },
        { "uniform(2, 5)", 3.5, sqrt(0.75), 1.8 },
        { "beta(2, 5)", 2.0 / 7.0, sqrt(10.0 / 392.0), 2.88 },
        { "beta(0.5, 0.5)", 0.5, sqrt(0.125), 1.5 },
        { "bernoulli(0.3)", 0.3, sqrt(0.21), 3 + (1 - 1.26) / 0.21 },
    };
    /* A range far wider than any draw: nothing is clipped. */
    const double lo = -1e6, hi = 1e6;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    ck_assert_ptr_nonnull(r);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct moments *m = &cases[c];
        att_dist d;
        att_error why = { 0 };
        ck_assert_int_eq(att_dist_parse(m->text, &d, &why), 0);
        gsl_rng_set(r, 20240501 + c);
        /* Welford's running mean and sum of squares. */
        double mean = 0, m2 = 0;
        for (long i = 0; i < NDRAWS; i++) {
            double x = att_dist_draw(&d, r, lo, hi);
            ck_assert(x > lo && x < hi);
            double delta = x - mean;
            mean += delta / (double)(i + 1);
            m2 += delta * (x - mean);
        }
        double sd = sqrt(m2 / (NDRAWS - 1));
        /* The sample mean has standard error sd / sqrt(n); by the delta method
         * Var(s^2) ~ sd^4 (kurtosis - 1) / n, so the sample SD has standard
         * error ~ sd sqrt((kurtosis - 1) / (4 n)).  Four of them: a correct
         * sampler fails with probability < 1e-4 per check (the seeds are
         * fixed, so the outcome is the same on every run). */
        double se_mean = m->sd / sqrt(NDRAWS);
        double se_sd = m->sd * sqrt((m->kurtosis - 1) / (4.0 * NDRAWS));
        ck_assert_msg(fabs(mean - m->mean) < 4 * se_mean, "%s: mean %.6g, expected %.6g +- %.3g",
                      m->text, mean, m->mean, 4 * se_mean);
        ck_assert_msg(fabs(sd - m->sd) < 4 * se_sd, "%s: sd %.6g, expected %.6g +- %.3g",
                      m->text, sd, m->sd, 4 * se_sd);
    }
    gsl_rng_free(r);
}
END_TEST

/* One sampler call per draw, of the documented GSL sampler: a second stream
 * with the same seed, driven by GSL directly, gives the same values and is
 * left at the same place. */
START_TEST(one_sampler_call_per_draw)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2), *q = gsl_rng_alloc(gsl_rng_taus2);
    ck_assert(r && q);
    gsl_rng_set(r, 99);
    gsl_rng_set(q, 99);
    const att_dist n = { ATT_DIST_NORMAL, 0.5, 0.1 }, l = { ATT_DIST_LOGNORMAL, 0, 0.5 },
                   u = { ATT_DIST_UNIFORM, 2, 5 }, b = { ATT_DIST_BETA, 2, 5 },
                   k = { ATT_DIST_BERNOULLI, 0.3, 0 };
    for (int i = 0; i < 50; i++) {
        ck_assert_double_eq(att_dist_draw(&n, r, -10, 10), att_round10(0.5 + gsl_ran_gaussian(q, 0.1)));
        ck_assert_double_eq(att_dist_draw(&l, r, 0, 100), att_round10(gsl_ran_lognormal(q, 0, 0.5)));
        ck_assert_double_eq(att_dist_draw(&u, r, 0, 10), att_round10(gsl_ran_flat(q, 2, 5)));
        ck_assert_double_eq(att_dist_draw(&b, r, 0, 1), att_round10(gsl_ran_beta(q, 2, 5)));
        double one = att_dist_draw(&k, r, 0, 1);
        ck_assert(one == 0 || one == 1);
        ck_assert_double_eq(one, (double)gsl_ran_bernoulli(q, 0.3));
    }
    ck_assert_uint_eq(gsl_rng_get(r), gsl_rng_get(q));
    gsl_rng_free(r);
    gsl_rng_free(q);
}
END_TEST

/* ---- clipping and rounding ---- */

/* x is what "%.10g" prints and reads back. */
static int is_round10(double x)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.10g", x);
    return strtod(buf, NULL) == x;
}

START_TEST(round10_by_hand)
{
    ck_assert_double_eq(att_round10(1.0 / 3.0), 0.3333333333);
    ck_assert_double_eq(att_round10(2.0 / 3.0), 0.6666666667);
    ck_assert_double_eq(att_round10(123456789012345.0), 123456789000000.0);
    ck_assert_double_eq(att_round10(-1.23456789049e-7), -1.23456789e-7);
    ck_assert_double_eq(att_round10(0.1), 0.1);
    ck_assert_double_eq(att_round10(0), 0);
    ck_assert_double_eq(att_round10(1e300), 1e300);
    /* Idempotent. */
    double x = att_round10(4 * atan(1.0));   /* pi */
    ck_assert_double_eq(x, 3.141592654);
    ck_assert_double_eq(att_round10(x), x);
}
END_TEST

START_TEST(clipped_to_the_range)
{
    /* normal(0.5, 10) on [0, 1]: P(x < 0) = P(x > 1) ~ 0.48, so both bounds
     * occur many times in 2000 draws; a draw in between is rare (~4 %). */
    const att_dist d = { ATT_DIST_NORMAL, 0.5, 10 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    ck_assert_ptr_nonnull(r);
    gsl_rng_set(r, 7);
    long at_lo = 0, at_hi = 0, inside = 0;
    for (int i = 0; i < 2000; i++) {
        double x = att_dist_draw(&d, r, 0, 1);
        ck_assert(x >= 0 && x <= 1);
        ck_assert_msg(is_round10(x), "draw %.17g is not rounded to 10 digits", x);
        ck_assert_double_eq(att_round10(x), x);
        at_lo += x == 0;
        at_hi += x == 1;
        inside += x > 0 && x < 1;
    }
    ck_assert_int_gt(at_lo, 800);
    ck_assert_int_gt(at_hi, 800);
    ck_assert_int_gt(inside, 0);
    /* Unclipped draws are rounded too. */
    const att_dist u = { ATT_DIST_UNIFORM, 0, 1 };
    for (int i = 0; i < 2000; i++) {
        double x = att_dist_draw(&u, r, -1, 2);
        ck_assert(is_round10(x));
    }
    gsl_rng_free(r);
}
END_TEST

/* ---- sweeps ---- */

static att_sweep sweep_of(const char *text)
{
    att_sweep s = { 0, 0, 0, 0 };
    att_error why = { 0 };
    int rc = att_sweep_parse(text, &s, &why);
    ck_assert_msg(rc == 0, "'%s': returned %d (%s)", text, rc, why.msg);
    return s;
}

/* The sweep `text` must have exactly the `n` values listed. */
static void expect_sweep(const char *text, size_t n, const char *const *values)
{
    att_sweep s = sweep_of(text);
    ck_assert_msg(s.count == (long)n, "'%s': %ld values, expected %zu", text, s.count, n);
    for (size_t i = 0; i < n; i++) {
        char buf[64];
        att_sweep_value(&s, (long)i, buf, sizeof buf);
        ck_assert_msg(strcmp(buf, values[i]) == 0, "'%s' value %zu: '%s', expected '%s'",
                      text, i, buf, values[i]);
    }
}

#define SWEEP(text, ...) do { \
        static const char *const v_[] = { __VA_ARGS__ }; \
        expect_sweep(text, sizeof v_ / sizeof v_[0], v_); \
    } while (0)

START_TEST(sweep_values)
{
    SWEEP("0:0.5:5", "0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0");
    SWEEP("5:-1:0", "5", "4", "3", "2", "1", "0");
    /* 0.1 is not exact in binary: 10 * 0.1 and 0.3 / 0.1 must still land. */
    SWEEP("0:0.1:1", "0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0");
    SWEEP("0:0.1:0.3", "0.0", "0.1", "0.2", "0.3");
    SWEEP("1:1:1", "1");
    SWEEP(" 1 : 2 : 7 ", "1", "3", "5", "7");
    /* TO need not be on the grid: the last value is the last one <= TO. */
    SWEEP("0:2:5", "0", "2", "4");
    /* Decimals: the larger of FROM's and STEP's. */
    SWEEP("0.25:0.5:2", "0.25", "0.75", "1.25", "1.75");
    SWEEP("1:0.25:1.5", "1.00", "1.25", "1.50");
    /* Counting down through zero writes "0.0", not "-0.0". */
    SWEEP("0.3:-0.1:-0.3", "0.3", "0.2", "0.1", "0.0", "-0.1", "-0.2", "-0.3");
    SWEEP("-1:0.5:1", "-1.0", "-0.5", "0.0", "0.5", "1.0");
    /* With an exponent: "%.10g". */
    SWEEP("1e-3:1e-3:5e-3", "0.001", "0.002", "0.003", "0.004", "0.005");
    att_sweep s = sweep_of("0:0.5:5");
    ck_assert_double_eq(s.from, 0);
    ck_assert_double_eq(s.step, 0.5);
    ck_assert_int_eq(s.decimals, 1);
}
END_TEST

START_TEST(sweep_size_limit)
{
    char text[64];
    snprintf(text, sizeof text, "1:1:%d", ATT_SWEEP_MAX);   /* exactly the limit */
    att_sweep s = sweep_of(text);
    ck_assert_int_eq(s.count, ATT_SWEEP_MAX);
    char buf[32];
    att_sweep_value(&s, ATT_SWEEP_MAX - 1, buf, sizeof buf);
    snprintf(text, sizeof text, "%d", ATT_SWEEP_MAX);
    ck_assert_str_eq(buf, text);
    snprintf(text, sizeof text, "0:1:%d", ATT_SWEEP_MAX);   /* one more */
    att_error why = { 0 };
    ck_assert_int_eq(att_sweep_parse(text, &s, &why), ATT_EINPUT);
    snprintf(text, sizeof text, "more than %d values", ATT_SWEEP_MAX);
    ck_assert_msg(strstr(why.msg, text) != NULL, "%s", why.msg);
    ck_assert_int_eq(att_sweep_parse("0:1e-9:1", &s, &why), ATT_EINPUT);
}
END_TEST

/* `text` must be rejected (-1) with a message holding `word`. */
static void expect_bad_sweep(const char *text, const char *word)
{
    att_sweep s;
    att_error why = { 0 };
    int rc = att_sweep_parse(text, &s, &why);
    ck_assert_msg(rc == ATT_EINPUT, "'%s': returned %d, expected ATT_EINPUT", text, rc);
    ck_assert_msg(strstr(why.msg, text) != NULL, "'%s': message '%s' does not quote it", text, why.msg);
    ck_assert_msg(strstr(why.msg, word) != NULL, "'%s': message '%s' lacks '%s'", text, why.msg, word);
}

START_TEST(sweep_errors)
{
    expect_bad_sweep("0:0:5", "the step of a sweep must not be 0");
    expect_bad_sweep("1:0.0:1", "must not be 0");
    expect_bad_sweep("0:1:-1", "empty sweep");
    expect_bad_sweep("5:1:0", "empty sweep");
    expect_bad_sweep("0:-0.5:1", "empty sweep");
    /* Two colons make a sweep, so three fields that are not all numbers are a
     * malformed one (-1), not "no sweep" (1): dist.h lists only the zero,
     * empty and oversized cases for -1, but a typo in a sweep must not pass
     * as a plain value. */
    expect_bad_sweep("a:b:c", "expected a sweep FROM:STEP:TO of numbers");
    expect_bad_sweep("0:0.5:5x", "FROM:STEP:TO");
    expect_bad_sweep("0::5", "FROM:STEP:TO");
    expect_bad_sweep("1:2:3:4", "FROM:STEP:TO");
    /* Fewer than two colons: not a sweep at all. */
    att_sweep s;
    att_error why = { 0 };
    ck_assert_int_eq(att_sweep_parse("1:2", &s, &why), ATT_SWEEP_NONE);
    ck_assert_int_eq(att_sweep_parse("0.5", &s, &why), ATT_SWEEP_NONE);
    ck_assert_int_eq(att_sweep_parse("intrusive", &s, &why), ATT_SWEEP_NONE);
    ck_assert_int_eq(att_sweep_parse("normal(0.5, 0.1)", &s, &why), ATT_SWEEP_NONE);
    ck_assert_int_eq(att_sweep_parse("", &s, &why), ATT_SWEEP_NONE);
}
END_TEST

Suite *suite_dist(void)
{
    Suite *s = suite_create("dist");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, parse_valid_forms);
    tcase_add_test(tc, parse_not_a_distribution);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, format_round_trip);
    tcase_add_test(tc, range_check);
    suite_add_tcase(s, tc);

    tc = tcase_create("draws");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, moment_formulas);
    tcase_add_test(tc, draws_follow_the_distribution);
    tcase_add_test(tc, one_sampler_call_per_draw);
    tcase_add_test(tc, round10_by_hand);
    tcase_add_test(tc, clipped_to_the_range);
    suite_add_tcase(s, tc);

    tc = tcase_create("sweeps");
    tcase_add_test(tc, sweep_values);
    tcase_add_test(tc, sweep_size_limit);
    tcase_add_test(tc, sweep_errors);
    suite_add_tcase(s, tc);
    return s;
}
