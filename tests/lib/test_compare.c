/* The compare library (include/attune/compare.h) on small results files
 * whose statistics are worked out here by hand: means and SDs, the
 * bootstrap (properties that hold for any correct percentile bootstrap, and
 * exact Binomial quantiles for a two-point sample; reproducible; independent
 * of the other groups and metrics), Welch's t and Hedges' g
 * from their formulas, Mann-Whitney's U by ranks, the pooled Kaplan-Meier
 * of the latencies strings (hand-computed curves), the log-rank tests equal
 * to att_logrank_test on hand tallies (and one chi-square worked out in
 * exact fractions), Holm over each whole family, grouping by a parameter
 * column, baseline and metric selection, and every kind of bad file
 * (ATT_EINPUT, "FILE:LINE: ..."). */
#include "tests/fixture.h"

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <stdlib.h>
#include "attune/compare.h"
#include "attune/stats.h"
#include "attune/twosample.h"

#define NEAR(a, b, tol)                                                                      \
    ck_assert_msg(fabs((a) - (b)) <= (tol), "%s = %.12g, expected %.12g", #a, (double)(a),    \
                  (double)(b))

/* ---- data -------------------------------------------------------------- */

/* compare_results (tests/fixture.h, where its table is) by hand. */
static const double a_mp[] = { 0.5, 0.6, 0.7 }, b_mp[] = { 0.3, 0.4, 0.5, 0.6 };
static const double a_rmst[] = { 1, 2 }, b_rmst[] = { 3, 4, 5, 6.5 };
static const double a_play[] = { 0.4, 0.5, 0.6 }, b_play[] = { 0.2, 0.25, 0.3, 0.45 };

/* The pooled latency tallies by hand. */
static const double a_all_t[] = { 0.5, 1, 2, 3 };
static const long a_all_e[] = { 1, 2, 0, 1 }, a_all_c[] = { 0, 0, 1, 0 };
static const double b_all_t[] = { 1.5, 2, 3, 4, 5, 6 };
static const long b_all_e[] = { 1, 1, 0, 1, 1, 1 }, b_all_c[] = { 0, 0, 1, 1, 0, 0 };
static const double c_all_t[] = { 0.2, 0.3 };
static const long c_all_e[] = { 1, 1 }, c_all_c[] = { 0, 0 };
static const double a_play_t[] = { 0.5, 1 };
static const long a_play_e[] = { 1, 1 }, a_play_c[] = { 0, 0 };
static const double b_play_t[] = { 1.5, 2, 3, 4, 5 };
static const long b_play_e[] = { 1, 1, 0, 0, 1 }, b_play_c[] = { 0, 0, 1, 1, 0 };
static const double c_play_t[] = { 0.2 };
static const long c_play_e[] = { 1 }, c_play_c[] = { 0 };

#define KMG(p) ((att_km_group){ p##_t, p##_e, p##_c, sizeof p##_t / sizeof *p##_t })

/* ---- helpers ----------------------------------------------------------- */

/* The row of (window, metric, group); group NULL: the OVERALL row. */
static const att_compare_row *row_of(const att_compare *c, const char *window,
                                     const char *metric, const char *group)
{
    size_t n;
    const att_compare_row *rows = att_compare_rows(c, &n);
    for (size_t i = 0; i < n; i++) {
        const att_compare_row *r = &rows[i];
        if (strcmp(r->window, window) == 0 && strcmp(r->metric, metric) == 0
            && (group ? r->group && strcmp(r->group, group) == 0 : r->group == NULL))
            return r;
    }
    ck_abort_msg("no row %s %s %s", window, metric, group ? group : "(overall)");
    return NULL;
}

/* Fails unless reading `text` is ATT_EINPUT with a message starting `want`. */
static void expect_bad(const char *text, const att_compare_opts *o, const char *want)
{
    att_error err = { 0 };
    int rc;
    att_compare *c = compare_text(text, o, &err, &rc);
    ck_assert_msg(c == NULL, "accepted a bad file; expected: %s", want);
    ck_assert_msg(rc == ATT_EINPUT, "code %d (%s), expected ATT_EINPUT", rc, err.msg);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "message '%s', expected '%s...'",
                  err.msg, want);
}

static double mean_of(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s / (double)n;
}

static double var_of(const double *x, size_t n)
{
    double m = mean_of(x, n), s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - m) * (x[i] - m);
    return s / (double)(n - 1);
}

/* ---- library: per-group statistics ------------------------------------- */

START_TEST(test_means_sd)
{
    att_compare *c = compare_ok(compare_results, NULL);
    ck_assert_str_eq(att_compare_experiment(c), "00000000deadbeef");
    ck_assert_int_eq(att_compare_run_count(c), 8);
    ck_assert_uint_eq(att_compare_group_count(c), 3);
    ck_assert_str_eq(att_compare_group_name(c, 0), "A");
    ck_assert_str_eq(att_compare_group_name(c, 1), "B");
    ck_assert_str_eq(att_compare_group_name(c, 2), "C");
    ck_assert_int_eq(att_compare_group_runs(c, 1), 4);
    ck_assert_uint_eq(att_compare_baseline(c), 0);

    const att_compare_row *r = row_of(c, "all", "matched_prop", "A");
    ck_assert_int_eq(r->kind, ATT_COMPARE_METRIC);
    ck_assert_int_eq(r->baseline, 1);
    ck_assert_int_eq(r->n, 3);
    NEAR(r->mean, 0.6, 1e-12);
    NEAR(r->sd, 0.1, 1e-12);
    ck_assert(isnan(r->diff) && isnan(r->welch_p) && isnan(r->mw_p));
    r = row_of(c, "all", "matched_prop", "B");
    ck_assert_int_eq(r->baseline, 0);
    ck_assert_int_eq(r->n, 4);
    NEAR(r->mean, 0.45, 1e-12);
    NEAR(r->sd, 0.12909944487358055, 1e-12);
    NEAR(r->diff, -0.15, 1e-12);
    /* A missing value is left out: A's rmst_s has 2 values of 3 runs. */
    r = row_of(c, "all", "rmst_s", "A");
    ck_assert_int_eq(r->n, 2);
    NEAR(r->mean, 1.5, 1e-12);
    NEAR(r->sd, 0.7071067811865476, 1e-12);
    r = row_of(c, "all", "rmst_s", "B");
    NEAR(r->mean, 4.625, 1e-12);
    NEAR(r->sd, 1.4930394055974097, 1e-12);
    r = row_of(c, "play", "matched_prop", "B");
    NEAR(r->mean, 0.3, 1e-12);
    NEAR(r->sd, 0.10801234497346433, 1e-12);
    /* A group of one run: a mean and a difference, nothing that needs two. */
    r = row_of(c, "all", "matched_prop", "C");
    ck_assert_int_eq(r->n, 1);
    NEAR(r->mean, 0.9, 1e-12);
    NEAR(r->diff, 0.3, 1e-12);
    ck_assert(isnan(r->sd) && isnan(r->boot_lo) && isnan(r->boot_hi));
    ck_assert(isnan(r->welch_t) && isnan(r->welch_p) && isnan(r->welch_p_holm));
    ck_assert(isnan(r->g) && isnan(r->g_lo) && isnan(r->g_hi));
    /* Mann-Whitney needs one value a side: C .9 above all of A, U = 3. */
    NEAR(r->mw_u, 3, 0);
    ck_assert(!isnan(r->mw_p));
    att_compare_free(c);
}
END_TEST

/* The default metrics that the file has, window by window, in the default
 * order, then the survival block; rows in group order. */
START_TEST(test_row_order)
{
    att_compare *c = compare_ok(compare_results, NULL);
    size_t n;
    const att_compare_row *rows = att_compare_rows(c, &n);
    static const char *const want[][3] = {
        { "all", "matched_prop", "A" }, { "all", "matched_prop", "B" },
        { "all", "matched_prop", "C" }, { "all", "rmst_s", "A" }, { "all", "rmst_s", "B" },
        { "all", "rmst_s", "C" }, { "all", "repair_latency", "A" },
        { "all", "repair_latency", "B" }, { "all", "repair_latency", "C" },
        { "all", "repair_latency", NULL }, { "play", "matched_prop", "A" },
        { "play", "matched_prop", "B" }, { "play", "matched_prop", "C" },
        { "play", "repair_latency", "A" }, { "play", "repair_latency", "B" },
        { "play", "repair_latency", "C" }, { "play", "repair_latency", NULL },
    };
    ck_assert_uint_eq(n, sizeof want / sizeof *want);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(rows[i].window, want[i][0]);
        ck_assert_str_eq(rows[i].metric, want[i][1]);
        if (want[i][2])
            ck_assert_str_eq(rows[i].group, want[i][2]);
        else
            ck_assert_int_eq(rows[i].kind, ATT_COMPARE_OVERALL);
    }
    att_compare_free(c);
}
END_TEST

/* ---- library: the bootstrap -------------------------------------------- */

/* The seed is FNV-1a as documented; values from an independent Python
 * implementation. */
START_TEST(test_seed_hash)
{
    ck_assert_uint_eq(att_compare_seed(1, "B", "all.matched_prop"), 1707226627UL);
    ck_assert_uint_eq(att_compare_seed(7, "A", "play.rmst_s"), 1251941087UL);
    ck_assert_uint_eq(att_compare_seed(0, "", ""), 3264523141UL);
    ck_assert_uint_ne(att_compare_seed(1, "AB", "C"), att_compare_seed(1, "A", "BC"));
}
END_TEST

/* A results file with one metric, all.matched_prop, and three groups whose
 * bootstrap intervals are known without redoing the bootstrap:
 *   K: 0.5 five times: every resample's mean is 0.5, so the interval is
 *      [0.5, 0.5];
 *   T: ten values, five 0 and five 1: a resample's mean is X/10 with X
 *      ~ Binomial(10, 1/2).  P(X <= 1) = 11/1024 = 1.07% and P(X <= 2) =
 *      56/1024 = 5.47%, so the 2.5% quantile of the means is 0.2, and by
 *      symmetry the 97.5% one 0.8.  With B = 2000 resamples the count of
 *      means <= 0.1 is ~ Binomial(2000, .0107) (mean 21.5, sd 4.6) and of
 *      means <= 0.2 ~ Binomial(2000, .0547) (mean 109, sd 10): both sorted
 *      means either side of position 0.025 * 1999 = 49.975 are 0.2 unless
 *      one count is 6 sd off, for any sound generator and seed;
 *   F: forty values, twenty 0 and twenty 1: the same mean, a narrower
 *      interval (the sd of the mean halves). */
static char *binary_results(void)
{
    static const struct { const char *name; int n, ones; double constant; } g[] = {
        { "K", 5, 0, 0.5 }, { "T", 10, 5, -1 }, { "F", 40, 20, -1 },
    };
    size_t cap = 8192, len = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    len += (size_t)snprintf(text, cap, "experiment,run,condition,replicate,seed,all.matched_prop\n");
    int run = 0;
    for (size_t k = 0; k < sizeof g / sizeof *g; k++)
        for (int i = 0; i < g[k].n; i++) {
            run++;
            double v = g[k].constant >= 0 ? g[k].constant : i < g[k].ones ? 1 : 0;
            len += (size_t)snprintf(text + len, cap - len, "00000000deadbeef,%d,%s,%d,%d,%g\n",
                                    run, g[k].name, i + 1, run, v);
            ck_assert_uint_lt(len, cap);
        }
    return text;
}

START_TEST(test_bootstrap)
{
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.boot = 2000;
    o.seed = 42;
    char *text = binary_results();
    att_compare *c = compare_ok(text, &o);
    free(text);
    const att_compare_row *r = row_of(c, "all", "matched_prop", "K");
    ck_assert_int_eq(r->n, 5);
    ck_assert_double_eq(r->boot_lo, 0.5);
    ck_assert_double_eq(r->boot_hi, 0.5);
    r = row_of(c, "all", "matched_prop", "T");
    ck_assert_int_eq(r->n, 10);
    NEAR(r->mean, 0.5, 1e-12);
    NEAR(r->boot_lo, 0.2, 1e-12);
    NEAR(r->boot_hi, 0.8, 1e-12);
    const double width10 = r->boot_hi - r->boot_lo;
    r = row_of(c, "all", "matched_prop", "F");
    ck_assert_int_eq(r->n, 40);
    ck_assert(r->boot_lo < 0.5 && 0.5 < r->boot_hi);
    ck_assert(r->boot_hi - r->boot_lo < width10);
    /* On the hand-made file: every interval holds its group's mean. */
    att_compare_free(c);
    o.boot = 500;
    c = compare_ok(compare_results, &o);
    r = row_of(c, "all", "matched_prop", "B");
    ck_assert(r->boot_lo <= r->mean && r->mean <= r->boot_hi);
    ck_assert(r->boot_lo < r->boot_hi);
    ck_assert(0.3 <= r->boot_lo && r->boot_hi <= 0.6);  /* within the data's range */
    r = row_of(c, "all", "rmst_s", "A");
    ck_assert(r->boot_lo <= r->mean && r->mean <= r->boot_hi);
    ck_assert(1 <= r->boot_lo && r->boot_hi <= 2);
    const att_compare_row keep = *row_of(c, "play", "matched_prop", "A");
    att_compare_free(c);

    /* The same seed gives the same interval, also with fewer metrics and
     * without group C; another seed gives another. */
    c = compare_ok(compare_results, &o);
    r = row_of(c, "play", "matched_prop", "A");
    ck_assert(r->boot_lo == keep.boot_lo && r->boot_hi == keep.boot_hi);
    att_compare_free(c);
    static const char *const one[] = { "play.matched_prop" };
    o.metrics = one;
    o.nmetrics = 1;
    char *ab = strdup(compare_results);
    *strstr(ab, "00000000deadbeef,8,C") = '\0';
    c = compare_ok(ab, &o);
    free(ab);
    ck_assert_uint_eq(att_compare_group_count(c), 2);
    r = row_of(c, "play", "matched_prop", "A");
    ck_assert(r->boot_lo == keep.boot_lo && r->boot_hi == keep.boot_hi);
    att_compare_free(c);
    o.seed = 43;
    c = compare_ok(compare_results, &o);
    r = row_of(c, "play", "matched_prop", "A");
    ck_assert(r->boot_lo != keep.boot_lo || r->boot_hi != keep.boot_hi);
    att_compare_free(c);
    /* --boot 0: no intervals. */
    o.boot = 0;
    c = compare_ok(compare_results, &o);
    r = row_of(c, "play", "matched_prop", "A");
    ck_assert(isnan(r->boot_lo) && isnan(r->boot_hi) && !isnan(r->sd));
    att_compare_free(c);
}
END_TEST

/* ---- library: versus the baseline --------------------------------------- */

START_TEST(test_two_sample)
{
    att_compare *c = compare_ok(compare_results, NULL);
    const att_compare_row *r = row_of(c, "all", "matched_prop", "B");
    /* Welch from its formula. */
    double vx = var_of(b_mp, 4), vy = var_of(a_mp, 3);
    double se2 = vx / 4 + vy / 3;
    double t = (0.45 - 0.6) / sqrt(se2);
    double df = se2 * se2 / ((vx / 4) * (vx / 4) / 3 + (vy / 3) * (vy / 3) / 2);
    NEAR(r->welch_t, t, 1e-10);
    NEAR(r->welch_df, df, 1e-10);
    NEAR(r->welch_p, 2 * gsl_cdf_tdist_Q(fabs(t), df), 1e-10);
    /* Hedges' g from its formula. */
    double sp = sqrt((3 * vx + 2 * vy) / 5);
    double g = (1 - 3.0 / (4 * 7 - 9)) * (0.45 - 0.6) / sp;
    double se = sqrt(7.0 / 12 + g * g / 14);
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    NEAR(r->g, g, 1e-10);
    NEAR(r->g_lo, g - z * se, 1e-10);
    NEAR(r->g_hi, g + z * se, 1e-10);
    /* Mann-Whitney: pooled mid-ranks .3:1 .4:2 .5:3.5 .6:5.5 (B), so
     * R_B = 12 and U = 12 - 4*5/2 = 2; the p-value is the library's. */
    NEAR(r->mw_u, 2, 0);
    att_mann_whitney mw;
    ck_assert_int_eq(att_mann_whitney_test(b_mp, 4, a_mp, 3, &mw, NULL), ATT_OK);
    NEAR(r->mw_p, mw.p, 0);
    /* The other metrics are the library functions on the values. */
    r = row_of(c, "play", "matched_prop", "B");
    att_welch w;
    att_welch_test(b_play, 4, a_play, 3, &w);
    NEAR(r->welch_t, w.t, 0);
    NEAR(r->welch_p, w.p, 0);
    NEAR(r->diff, -0.2, 1e-12);
    r = row_of(c, "all", "rmst_s", "B");
    att_welch_test(b_rmst, 4, a_rmst, 2, &w);
    NEAR(r->welch_df, w.df, 0);
    att_hedges h;
    att_hedges_g(b_rmst, 4, a_rmst, 2, 0.95, &h);
    NEAR(r->g, h.g, 0);
    NEAR(r->g_hi, h.hi, 0);
    att_compare_free(c);
}
END_TEST

/* Holm by hand: sort the m defined p-values, (m - j + 1) p_(j), running
 * maximum, capped at 1. */
static void holm_by_hand(const double *p, size_t n, double *adj)
{
    size_t idx[64], m = 0;
    for (size_t i = 0; i < n; i++) {
        adj[i] = NAN;
        if (!isnan(p[i]))
            idx[m++] = i;
    }
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && p[idx[j]] < p[idx[j - 1]]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    double run = 0;
    for (size_t j = 0; j < m; j++) {
        double v = (double)(m - j) * p[idx[j]];
        run = v > run ? v : run;
        adj[idx[j]] = run < 1 ? run : 1;
    }
}

/* The families are every test of a kind in the output: 3 Welch (C has one
 * run), 6 Mann-Whitney and 4 pairwise log-rank tests. */
START_TEST(test_holm)
{
    att_compare *c = compare_ok(compare_results, NULL);
    size_t n;
    const att_compare_row *rows = att_compare_rows(c, &n);
    double wp[64], mp[64], lp[64], wa[64], ma[64], la[64];
    size_t nw = 0, nm = 0, nl = 0, defined_w = 0, defined_m = 0, defined_l = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].baseline || rows[i].kind == ATT_COMPARE_OVERALL) {
            ck_assert(isnan(rows[i].welch_p_holm) && isnan(rows[i].mw_p_holm)
                      && isnan(rows[i].logrank_p_holm));
            continue;
        }
        if (rows[i].kind == ATT_COMPARE_METRIC) {
            defined_w += !isnan(rows[i].welch_p);
            defined_m += !isnan(rows[i].mw_p);
            wp[nw++] = rows[i].welch_p;
            mp[nm++] = rows[i].mw_p;
        } else {
            defined_l += !isnan(rows[i].logrank_p);
            lp[nl++] = rows[i].logrank_p;
        }
    }
    ck_assert_uint_eq(defined_w, 3);
    ck_assert_uint_eq(defined_m, 6);
    ck_assert_uint_eq(defined_l, 4);
    ck_assert_uint_eq(att_compare_family_size(c, ATT_COMPARE_WELCH), 3);
    ck_assert_uint_eq(att_compare_family_size(c, ATT_COMPARE_MANN_WHITNEY), 6);
    ck_assert_uint_eq(att_compare_family_size(c, ATT_COMPARE_LOGRANK), 4);
    holm_by_hand(wp, nw, wa);
    holm_by_hand(mp, nm, ma);
    holm_by_hand(lp, nl, la);
    nw = nm = nl = 0;
    int adjusted_up = 0;
    for (size_t i = 0; i < n; i++) {
        const att_compare_row *r = &rows[i];
        if (r->baseline || r->kind == ATT_COMPARE_OVERALL)
            continue;
        if (r->kind == ATT_COMPARE_METRIC) {
            double w = wa[nw++], m = ma[nm++];
            ck_assert(isnan(w) == isnan(r->welch_p_holm) && isnan(m) == isnan(r->mw_p_holm));
            if (!isnan(w))
                NEAR(r->welch_p_holm, w, 1e-15);
            if (!isnan(m))
                NEAR(r->mw_p_holm, m, 1e-15);
            adjusted_up |= !isnan(w) && r->welch_p_holm > r->welch_p;
        } else {
            double l = la[nl++];
            NEAR(r->logrank_p_holm, l, 1e-15);
        }
    }
    ck_assert(adjusted_up);
    att_compare_free(c);
}
END_TEST

/* ---- library: survival -------------------------------------------------- */

static void expect_km(const att_compare_row *r, const double *t, const long *e, const long *cz,
                      size_t n)
{
    att_km_summary km;
    ck_assert_int_eq(att_km_summarise(t, e, cz, n, 2.0, 30.0, 0.95, &km, NULL), 0);
    ck_assert_int_eq(r->ruptures, km.n);
    ck_assert_int_eq(r->repairs, km.events);
    ck_assert(isnan(r->km_median) ? isnan(km.median) : r->km_median == km.median);
    ck_assert(isnan(r->km_median_lo) ? isnan(km.median_lo) : r->km_median_lo == km.median_lo);
    ck_assert(isnan(r->km_median_hi) ? isnan(km.median_hi) : r->km_median_hi == km.median_hi);
    ck_assert(isnan(r->within_2s) ? isnan(km.surv_at) : r->within_2s == 1 - km.surv_at);
    ck_assert(isnan(r->rmst) ? isnan(km.rmst) : r->rmst == km.rmst);
}

START_TEST(test_survival)
{
    att_compare *c = compare_ok(compare_results, NULL);
    /* A (all): S = 4/5 at .5, 2/5 at 1, 0 at 3 -> median 1, 1 - S(2) = .6,
     * RMST = .5 + .5 * .8 + 2 * .4 = 1.7. */
    const att_compare_row *r = row_of(c, "all", "repair_latency", "A");
    ck_assert_int_eq(r->kind, ATT_COMPARE_SURVIVAL);
    ck_assert_int_eq(r->n, 3);
    ck_assert_int_eq(r->ruptures, 5);
    ck_assert_int_eq(r->repairs, 4);
    NEAR(r->km_median, 1, 0);
    NEAR(r->within_2s, 0.6, 1e-12);
    NEAR(r->rmst, 1.7, 1e-12);
    expect_km(r, a_all_t, a_all_e, a_all_c, 4);
    /* B (all): S = 6/7, 5/7, 15/28, 15/56, 0 at 1.5, 2, 4, 5, 6. */
    r = row_of(c, "all", "repair_latency", "B");
    ck_assert_int_eq(r->ruptures, 7);
    ck_assert_int_eq(r->repairs, 5);
    NEAR(r->km_median, 5, 0);
    NEAR(r->within_2s, 2.0 / 7, 1e-12);
    NEAR(r->rmst, 1.5 + 0.5 * 6 / 7 + 2.0 * 5 / 7 + 15.0 / 28 + 15.0 / 56, 1e-12);
    expect_km(r, b_all_t, b_all_e, b_all_c, 6);
    expect_km(row_of(c, "all", "repair_latency", "C"), c_all_t, c_all_e, c_all_c, 2);
    expect_km(row_of(c, "play", "repair_latency", "A"), a_play_t, a_play_e, a_play_c, 2);
    expect_km(row_of(c, "play", "repair_latency", "B"), b_play_t, b_play_e, b_play_c, 5);

    /* Log-rank, B vs A in `all`, worked in exact fractions: O_B = 5,
     * E_B = 1429/198, V = 1.1588128762371186, chisq = 4.242143424733822. */
    r = row_of(c, "all", "repair_latency", "B");
    NEAR(r->logrank_chisq, 4.242143424733822, 1e-9);
    NEAR(r->logrank_df, 1, 0);
    NEAR(r->logrank_p, gsl_cdf_chisq_Q(4.242143424733822, 1), 1e-9);
    /* Every test equals att_logrank_test on the hand tallies. */
    struct { const char *w, *g; att_km_group x, y; } pairs[] = {
        { "all", "B", KMG(b_all), KMG(a_all) }, { "all", "C", KMG(c_all), KMG(a_all) },
        { "play", "B", KMG(b_play), KMG(a_play) }, { "play", "C", KMG(c_play), KMG(a_play) },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        att_km_group two[2] = { pairs[i].x, pairs[i].y };
        double chisq, df, p;
        ck_assert_int_eq(att_logrank_test(two, 2, NULL, NULL, &chisq, &df, &p, NULL), ATT_OK);
        r = row_of(c, pairs[i].w, "repair_latency", pairs[i].g);
        ck_assert_msg(r->logrank_chisq == chisq && r->logrank_df == df && r->logrank_p == p,
                      "%s %s: %g %g %g, expected %g %g %g", pairs[i].w, pairs[i].g,
                      r->logrank_chisq, r->logrank_df, r->logrank_p, chisq, df, p);
    }
    r = row_of(c, "all", "repair_latency", "A");
    ck_assert(isnan(r->logrank_chisq) && isnan(r->logrank_p));
    /* The k-group tests. */
    att_km_group all3[3] = { KMG(a_all), KMG(b_all), KMG(c_all) };
    att_km_group play3[3] = { KMG(a_play), KMG(b_play), KMG(c_play) };
    double chisq, df, p;
    ck_assert_int_eq(att_logrank_test(all3, 3, NULL, NULL, &chisq, &df, &p, NULL), ATT_OK);
    r = row_of(c, "all", "repair_latency", NULL);
    ck_assert_int_eq(r->kind, ATT_COMPARE_OVERALL);
    ck_assert(r->logrank_chisq == chisq && r->logrank_df == 2 && r->logrank_p == p);
    ck_assert(isnan(r->logrank_p_holm));
    ck_assert_int_eq(r->n, 8);
    ck_assert_int_eq(r->ruptures, 5 + 7 + 2);
    ck_assert_int_eq(r->repairs, 4 + 5 + 2);
    ck_assert_int_eq(att_logrank_test(play3, 3, NULL, NULL, &chisq, &df, &p, NULL), ATT_OK);
    r = row_of(c, "play", "repair_latency", NULL);
    ck_assert(r->logrank_chisq == chisq && r->logrank_df == df && r->logrank_p == p);
    att_compare_free(c);
}
END_TEST

/* A group without ruptures: empty KM, no pairwise test, left out of the
 * k-group test. */
START_TEST(test_survival_no_ruptures)
{
    static const char text[] =
        "experiment,run,condition,all.matched_prop,all.latencies\n"
        "e,1,A,0.5,1 2\n"
        "e,2,A,0.6,3+\n"
        "e,3,B,0.7,\n"
        "e,4,C,0.2,0.5\n";
    att_compare *c = compare_ok(text, NULL);
    const att_compare_row *r = row_of(c, "all", "repair_latency", "B");
    ck_assert_int_eq(r->ruptures, 0);
    ck_assert(isnan(r->km_median) && isnan(r->rmst) && isnan(r->logrank_p));
    static const double at[] = { 1, 2, 3 }, ct[] = { 0.5 };
    static const long ae[] = { 1, 1, 0 }, ac[] = { 0, 0, 1 }, ce[] = { 1 }, cc[] = { 0 };
    att_km_group two[2] = { { at, ae, ac, 3 }, { ct, ce, cc, 1 } };
    double chisq, df, p;
    ck_assert_int_eq(att_logrank_test(two, 2, NULL, NULL, &chisq, &df, &p, NULL), ATT_OK);
    r = row_of(c, "all", "repair_latency", NULL);
    ck_assert(r->logrank_chisq == chisq && r->logrank_df == 1 && r->logrank_p == p);
    att_compare_free(c);
}
END_TEST

/* A group whose one rupture is censored (0.2+) before anyone's first
 * repair has E = 0: as R's survdiff, it is dropped.  Its pairwise test is
 * empty; the k-group row tests A and C.  R:
 *   survdiff(Surv(c(1, 2, 3, 0.2, 0.5, 4, 1.5), c(1, 1, 0, 0, 1, 1, 1)) ~
 *            c(1, 1, 1, 2, 3, 3, 3))
 * gives Chisq = 0.073903002309468793 on 1 degree of freedom, p =
 * 0.78573653795991283, the same as A against C alone. */
START_TEST(test_survival_empty_expectation)
{
    static const char text[] =
        "experiment,run,condition,all.matched_prop,all.latencies\n"
        "e,1,A,0.5,1 2\n"
        "e,2,A,0.6,3+\n"
        "e,3,B,0.7,0.2+\n"
        "e,4,C,0.2,0.5 4\n"
        "e,5,C,0.3,1.5\n";
    att_compare *c = compare_ok(text, NULL);
    const att_compare_row *r = row_of(c, "all", "repair_latency", "B");
    ck_assert_int_eq(r->ruptures, 1);
    ck_assert(isnan(r->logrank_chisq) && isnan(r->logrank_df) && isnan(r->logrank_p));
    r = row_of(c, "all", "repair_latency", "C");
    NEAR(r->logrank_chisq, 0.073903002309468793, 1e-12);
    ck_assert_double_eq(r->logrank_df, 1);
    NEAR(r->logrank_p, 0.78573653795991283, 1e-12);
    r = row_of(c, "all", "repair_latency", NULL);
    NEAR(r->logrank_chisq, 0.073903002309468793, 1e-12);
    ck_assert_double_eq(r->logrank_df, 1);
    NEAR(r->logrank_p, 0.78573653795991283, 1e-12);
    att_compare_free(c);
}
END_TEST

/* ---- library: grouping, baseline, metrics ------------------------------- */

START_TEST(test_by_param)
{
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.by = "caregiver.wait_time";
    att_compare *c = compare_ok(compare_results, &o);
    ck_assert_str_eq(att_compare_by(c), "caregiver.wait_time");
    ck_assert_uint_eq(att_compare_group_count(c), 2);
    ck_assert_str_eq(att_compare_group_name(c, 0), "1.5");
    ck_assert_str_eq(att_compare_group_name(c, 1), "2.5");
    /* 1.5: runs 1 3 5 7 -> .5 .7 .4 .6; 2.5: runs 2 4 6 8 -> .6 .3 .5 .9. */
    const att_compare_row *r = row_of(c, "all", "matched_prop", "1.5");
    ck_assert_int_eq(r->baseline, 1);
    NEAR(r->mean, 0.55, 1e-12);
    NEAR(r->sd, 0.12909944487358052, 1e-12);
    r = row_of(c, "all", "matched_prop", "2.5");
    NEAR(r->mean, 0.575, 1e-12);
    NEAR(r->sd, 0.25, 1e-12);
    NEAR(r->diff, 0.025, 1e-12);
    /* Pooled latencies of runs 2 4 6 8 (all): 1 3 | 2 4 4+ | 3+ | .2 .3. */
    r = row_of(c, "all", "repair_latency", "2.5");
    ck_assert_int_eq(r->ruptures, 8);
    ck_assert_int_eq(r->repairs, 6);
    att_compare_free(c);
}
END_TEST

START_TEST(test_baseline)
{
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.baseline = "B";
    att_compare *c = compare_ok(compare_results, &o);
    ck_assert_uint_eq(att_compare_baseline(c), 1);
    const att_compare_row *r = row_of(c, "all", "matched_prop", "B");
    ck_assert_int_eq(r->baseline, 1);
    ck_assert(isnan(r->diff) && isnan(r->welch_p));
    r = row_of(c, "all", "matched_prop", "A");
    ck_assert_int_eq(r->baseline, 0);
    NEAR(r->diff, 0.15, 1e-12);
    att_welch w;
    att_welch_test(a_mp, 3, b_mp, 4, &w);
    NEAR(r->welch_t, w.t, 0);
    r = row_of(c, "all", "repair_latency", "A");
    att_km_group two[2] = { KMG(a_all), KMG(b_all) };
    double chisq, df, p;
    ck_assert_int_eq(att_logrank_test(two, 2, NULL, NULL, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert(r->logrank_p == p);
    att_compare_free(c);

    /* An unknown name: a suggestion and the list of groups. */
    o.baseline = "b";
    expect_bad(compare_results, &o, "--baseline b: no group 'b' in column condition of mem.csv (did "
               "you mean 'A'?); groups: A, B, C");
    o.baseline = "intrusive";
    expect_bad(compare_results, &o, "--baseline intrusive: no group 'intrusive' in column condition of "
               "mem.csv; groups: A, B, C");
}
END_TEST

START_TEST(test_metric_selection)
{
    att_compare_opts o;
    att_compare_opts_init(&o);
    static const char *const sel[] = { "rmst_s", "all.matched_prop", "play.repair_latency",
                                       "rmst_s" };
    o.metrics = sel;
    o.nmetrics = 4;
    att_compare *c = compare_ok(compare_results, &o);
    size_t n;
    const att_compare_row *rows = att_compare_rows(c, &n);
    /* all: rmst_s, matched_prop; play: (no rmst_s) repair_latency + overall. */
    ck_assert_uint_eq(n, 3 + 3 + 4);
    ck_assert_str_eq(rows[0].metric, "rmst_s");
    ck_assert_str_eq(rows[3].metric, "matched_prop");
    ck_assert_str_eq(rows[6].window, "play");
    ck_assert_str_eq(rows[6].metric, "repair_latency");
    att_compare_free(c);

    att_error err = { 0 };
    ck_assert_int_eq(att_compare_check_metric("play.matched_prop", &err), ATT_OK);
    ck_assert_int_eq(att_compare_check_metric("repair_latency", &err), ATT_OK);
    ck_assert_int_eq(att_compare_check_metric("matched_prp", &err), ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "did you mean 'matched_prop'?") != NULL, "%s", err.msg);
    static const char *const bad[] = { "all.rmst_ss" };
    o.metrics = bad;
    o.nmetrics = 1;
    ck_assert_ptr_null(att_compare_new(&o, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "did you mean 'rmst_s'?") != NULL, "%s", err.msg);
    static const char *const win[] = { "plya.matched_prop" };
    o.metrics = win;
    expect_bad(compare_results, &o, "mem.csv:1: --metric plya.matched_prop: no window 'plya' (did you "
               "mean 'play'?); windows: all, play");
    static const char *const col[] = { "play.rmst_s" };
    o.metrics = col;
    expect_bad(compare_results, &o, "mem.csv:1: --metric play.rmst_s: no column play.rmst_s");
    static const char *const none[] = { "infant_gaze_prop" };
    o.metrics = none;
    expect_bad(compare_results, &o, "mem.csv:1: --metric infant_gaze_prop: no window has a column");
}
END_TEST

/* Window columns are found from the header: phase names with dots, params
 * that look like windows but are no metric, and columns in any order. */
START_TEST(test_header_discovery)
{
    static const char text[] =
        "still.face.matched_prop,run,phase.play.wait_time,condition,infant.reactivity,"
        "all.matched_prop\n"
        "0.2,1,3,x,0.5,0.6\n"
        "0.4,2,3,x,0.5,0.8\n";
    att_compare *c = compare_ok(text, NULL);
    ck_assert_str_eq(att_compare_experiment(c), "");
    size_t n;
    const att_compare_row *rows = att_compare_rows(c, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(rows[0].window, "still.face");
    NEAR(rows[0].mean, 0.3, 1e-12);
    ck_assert_str_eq(rows[1].window, "all");
    att_compare_free(c);
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.by = "infant.reactivity";
    c = compare_ok(text, &o);
    ck_assert_str_eq(att_compare_group_name(c, 0), "0.5");
    att_compare_free(c);
}
END_TEST

/* ---- library: bad files ------------------------------------------------- */

START_TEST(test_bad_files)
{
    expect_bad("", NULL, "mem.csv:1: empty file");
    expect_bad("experiment,run,condition,all.matched_prop\n", NULL,
               "mem.csv:2: no runs after the header");
    expect_bad("run,t,infant_code,caregiver_code\n1,0,positive,positive\n", NULL,
               "mem.csv:1: not a results file of attune batch: no window columns");
    expect_bad("experiment,run,conditon,all.matched_prop\ne,1,a,0.5\n", NULL,
               "mem.csv:1: no column 'condition' to group by (did you mean 'conditon'?); "
               "columns to group by: experiment, run, conditon");
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.by = "all.matched_prop";
    expect_bad(compare_results, &o, "--by all.matched_prop: a window column");
    expect_bad("experiment,run,condition,all.matched_prop,run\ne,1,a,0.5,1\n", NULL,
               "mem.csv:1: column 'run' appears twice");

    /* A bad value on line 5 of the good file. */
    char text[2048];
    static const struct { const char *from, *to, *want; } edits[] = {
        { "1.5,0.4,4,", "1.5,0.4,four,", "mem.csv:6: all.rmst_s: 'four' is not a number" },
        { "1.5,0.4,4,", "1.5,0.4,nan,", "mem.csv:6: all.rmst_s: 'nan' is not a number (NaN" },
        { "1.5,0.4,4,", "1.5,0.4,1e309,", "mem.csv:6: all.rmst_s: '1e309' is out of range" },
        { "1.5,0.4,4,", "1.5,0.4,inf,", "mem.csv:6: all.rmst_s: 'inf' is infinite" },
        /* values outside their range */
        { ",1.5,0.5,1,0.5 1 2+", ",1.5,9.5e307,1,0.5 1 2+",
          "mem.csv:2: all.matched_prop: 9.5e+307 is out of range (a proportion, from 0 to 1)" },
        { ",1.5,0.5,1,0.5 1 2+", ",1.5,-0.1,1,0.5 1 2+",
          "mem.csv:2: all.matched_prop: -0.1 is out of range (a proportion" },
        { "1.5,0.4,4,", "1.5,0.4,-4,", "mem.csv:6: all.rmst_s: -4 is out of range (seconds, "
          "from 0 to 8e9)" },
        { "1.5,0.4,4,", "1.5,0.4,9e9,", "mem.csv:6: all.rmst_s: 9000000000 is out of range" },
        { "1.5 6,", "1.5 9e9,", "mem.csv:6: all.latencies: malformed latency '9e9'" },
        { "1.5 6,", "1.5 x6,", "mem.csv:6: all.latencies: malformed latency 'x6'" },
        { "1.5 6,", "1.5 6++,", "mem.csv:6: all.latencies: malformed latency '6++'" },
        { "1.5 6,", "1.5 -6,", "mem.csv:6: all.latencies: malformed latency '-6'" },
        { "1.5 6,", "1.5 0,", "mem.csv:6: all.latencies: malformed latency '0'" },
        { "1.5 6,", "1.5;6,", "mem.csv:6: all.latencies: malformed latency '1.5;6'" },
        { ",0.25,1.5\n", ",0.25,+\n", "mem.csv:6: play.latencies: malformed latency '+'" },
        { "00000000deadbeef,5,", "00000000deadbeee,5,",
          "mem.csv:6: experiment '00000000deadbeee' differs from experiment "
          "'00000000deadbeef' of line 2" },
        { ",0.25,1.5\n", ",0.25\n", "mem.csv:6: 10 fields, but the header (line 1) has 11" },
        { ",0.25,1.5\n", ",0.25,1.5,\n", "mem.csv:6: 12 fields, but the header (line 1) has 11" },
        { "C,1,18,2.5,0.9,0.5,0.2 0.3,0.8,0.2\n", "C,1,18,2.5,0.9,0.5,0.2 0.3,0.8,0.2",
          "mem.csv:9: the last row has no line end" },
    };
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        const char *at = strstr(compare_results, edits[i].from);
        ck_assert_msg(at != NULL, "edit %zu", i);
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - compare_results), compare_results, edits[i].to,
                 at + strlen(edits[i].from));
        expect_bad(text, NULL, edits[i].want);
    }
    /* Not every column is checked: only the selected ones are read. */
    static const char *const one[] = { "all.matched_prop" };
    o = (att_compare_opts){ 0 };
    att_compare_opts_init(&o);
    o.metrics = one;
    o.nmetrics = 1;
    const char *at = strstr(compare_results, "1.5,0.4,4,");
    snprintf(text, sizeof text, "%.*s1.5,0.4,four,%s", (int)(at - compare_results), compare_results,
             at + strlen("1.5,0.4,4,"));
    att_compare *c = compare_ok(text, &o);
    att_compare_free(c);
}
END_TEST

/* ---- library: writing --------------------------------------------------- */

START_TEST(test_write)
{
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.boot = 0;
    att_compare *c = compare_ok(compare_results, &o);
    char *csv = compare_written(c, ATT_FORMAT_CSV);
    char line[1024];
    ck_assert_str_eq(first_line(csv, line, sizeof line), compare_csv_head);
    ck_assert_int_eq(count_lines(csv), 1 + 17);
    /* The baseline row: its own statistics, the rest empty. */
    ck_assert_str_eq(first_line(line_at(csv, 1), line, sizeof line),
                     "group,all,matched_prop,A,1,3,0.6,0.1,,,,,,,,,,,,,,,,,,,,,,,,");
    /* C: a mean and a difference, no SD, no Welch. */
    expect_prefix(line_at(csv, 3), "group,all,matched_prop,C,0,1,0.9,,,,0.3,,,,,,,,3,");
    /* A survival row (the median's interval as att_km_summarise has it) and
     * the k-group row. */
    att_km_summary km;
    ck_assert_int_eq(att_km_summarise(a_all_t, a_all_e, a_all_c, 4, 2, 30, 0.95, &km, NULL), 0);
    /* S(3) = 0, where the band is undefined, and the upper band is above
     * 0.5 before: hi is NA, as R's quantile.survfit (1, 0.5, NA). */
    NEAR(km.median_lo, 0.5, 0);
    ck_assert_double_nan(km.median_hi);
    ck_assert_str_eq(first_line(line_at(csv, 7), line, sizeof line),
                     "group,all,repair_latency,A,1,3,,,,,,,,,,,,,,,,5,4,1,0.5,,0.6,1.7,,,,");
    expect_prefix(line_at(csv, 10), "overall,all,repair_latency,,,8,,,,,,,,,,,,,,,,14,11,,,,,,");
    free(csv);
    char *table = compare_written(c, ATT_FORMAT_TABLE);
    expect_contains(table, "mem.csv, experiment 00000000deadbeef: 8 runs in 3 groups by "
                    "condition; * = baseline (A)", "table");
    expect_contains(table, "\nall: matched_prop\n", "table");
    expect_contains(table, "\n* A ", "table");
    expect_contains(table, "\nplay: repair_latency (Kaplan-Meier", "table");
    expect_contains(table, "log-rank test of all groups with ruptures: chisq ", "table");
    expect_contains(table, "3 Welch, 6 Mann-Whitney\nand 4 log-rank tests", "table");
    free(table);
    att_error err = { 0 };
    ck_assert_int_eq(att_compare_write(c, stdout, ATT_FORMAT_JSON, &err), ATT_EINPUT);
    att_compare_free(c);
}
END_TEST

/* Group names are CSV-quoted when they must be. */
START_TEST(test_write_quoted)
{
    static const char text[] =
        "experiment,run,condition,all.matched_prop\n"
        "e,1,\"wait=[1, 2]; \"\"x\"\"\",0.5\n"
        "e,2,plain [a=b;c],0.6\n";
    att_compare *c = compare_ok(text, NULL);
    ck_assert_str_eq(att_compare_group_name(c, 0), "wait=[1, 2]; \"x\"");
    char *csv = compare_written(c, ATT_FORMAT_CSV);
    expect_prefix(line_at(csv, 1), "group,all,matched_prop,\"wait=[1, 2]; \"\"x\"\"\",1,1,0.5,");
    expect_prefix(line_at(csv, 2), "group,all,matched_prop,plain [a=b;c],0,1,0.6,");
    free(csv);
    att_compare_free(c);
}
END_TEST

Suite *suite_compare(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("library");
    tcase_add_test(tc, test_means_sd);
    tcase_add_test(tc, test_row_order);
    tcase_add_test(tc, test_seed_hash);
    tcase_add_test(tc, test_bootstrap);
    tcase_add_test(tc, test_two_sample);
    tcase_add_test(tc, test_holm);
    tcase_add_test(tc, test_survival);
    tcase_add_test(tc, test_survival_no_ruptures);
    tcase_add_test(tc, test_survival_empty_expectation);
    tcase_add_test(tc, test_by_param);
    tcase_add_test(tc, test_baseline);
    tcase_add_test(tc, test_metric_selection);
    tcase_add_test(tc, test_header_discovery);
    tcase_add_test(tc, test_bad_files);
    tcase_add_test(tc, test_write);
    tcase_add_test(tc, test_write_quoted);
    suite_add_tcase(s, tc);
    return s;
}
