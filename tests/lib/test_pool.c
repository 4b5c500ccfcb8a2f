/* Pooling window scores over runs (analysis/pool.c): the constructor's
 * checks, means and pooled counts of two runs worked out by hand, and many
 * phase windows found again across runs.  (Pooling runs read from a coded
 * file, with bootstrap intervals, is in tests/lib/test_coded.c.) */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include "attune/pool.h"
#include "tests/fixture.h"

START_TEST(pool_refuses_bad_cutoff)
{
    att_error err = { 0 };
    ck_assert_ptr_null(att_pool_new(0.0, &err));
    expect_err(&err, ATT_EINPUT, "cutoff");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_pool_new(NAN, &err));
    expect_err(&err, ATT_EINPUT, "cutoff");
    ck_assert_ptr_null(att_pool_new(-1.0, NULL));
    att_error ok = { 0 };
    att_pool *pool = att_pool_new(30.0, &ok);
    ck_assert_ptr_nonnull(pool);
    ck_assert_int_eq(ok.code, ATT_OK);
    ck_assert_uint_eq(att_pool_window_count(pool), 0);
    att_pool_free(pool);
}
END_TEST

/* One run of steps (t, matched) with monitor/monitor for matched and
 * avert/intrusive for mismatched, no phases, ended at t_end, then pooled. */
static void pool_run(att_pool *pool, att_scorer *sc, const att_match_table *mt, const char *run,
                     const double *t, const int *matched, int n, double t_end)
{
    att_error err = { 0 };
    int mi = att_match_table_infant_index(mt, "monitor");
    int mc = att_match_table_caregiver_index(mt, "monitor");
    int ai = att_match_table_infant_index(mt, "avert");
    int ic = att_match_table_caregiver_index(mt, "intrusive");
    ck_assert(mi >= 0 && mc >= 0 && ai >= 0 && ic >= 0);
    ck_assert_int_eq(att_scorer_begin(sc, run, &err), ATT_OK);
    for (int i = 0; i < n; i++) {
        att_score_step st = { t[i], NULL, matched[i] ? mi : ai, matched[i] ? mc : ic,
                              matched[i], NAN };
        ck_assert_msg(att_scorer_push(sc, &st, NULL, &err) == ATT_OK, "%s", err.msg);
    }
    ck_assert_int_eq(att_scorer_end(sc, t_end, NULL, &err), ATT_OK);
    ck_assert_msg(att_pool_add(pool, sc, &err) == ATT_OK, "%s", err.msg);
}

START_TEST(pool_two_runs_by_hand)
{
    /* Run a: matched 0-1, mismatched 1-3 (a rupture at 1, repaired at 3:
     * latency 2), matched 3-4.  Run b: matched 0-1, mismatched 1-2 (a
     * rupture at 1, censored at the end, 1 s).  Per run: observed 4 and 2
     * (mean 3), matched_prop 2/4 and 1/2 (mean 0.5), ruptures 1 and 1,
     * repaired_prop 1 and 0 (mean 0.5).  Pooled ruptures: latency 2
     * repaired, 1 censored: 2 ruptures, 1 repair; Kaplan-Meier S(t) = 1
     * before 2 (the censored one leaves the risk set at 1), 0 from 2: median
     * 2, repaired within 2 s 1 - S(2) = 1. */
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_scorer *sc = att_scorer_new(mt, &err);
    att_pool *pool = att_pool_new(30, &err);
    ck_assert_ptr_nonnull(sc);
    ck_assert_ptr_nonnull(pool);
    const double ta[] = { 0, 1, 3 }, tb[] = { 0, 1 };
    const int ma[] = { 1, 0, 1 }, mb[] = { 1, 0 };
    pool_run(pool, sc, mt, "a", ta, ma, 3, 4);
    pool_run(pool, sc, mt, "b", tb, mb, 2, 2);
    ck_assert_uint_eq(att_pool_window_count(pool), 1);
    att_pooled_score p;
    ck_assert_int_eq(att_pool_result(pool, 0, 0, 1, &p, &err), ATT_OK);
    ck_assert_str_eq(p.window, "all");
    ck_assert_int_eq(p.runs, 2);
    ck_assert_int_eq(p.ruptures, 2);
    ck_assert_int_eq(p.repairs, 1);
    EQ(p.est.v[ATT_SC_OBSERVED_S], 3);
    EQ(p.est.v[ATT_SC_MATCHED_PROP], 0.5);
    EQ(p.est.v[ATT_SC_RUPTURES], 1);
    EQ(p.est.v[ATT_SC_REPAIRS], 0.5);
    EQ(p.est.v[ATT_SC_REPAIRED_PROP], 0.5);
    EQ(p.est.v[ATT_SC_LATENCY_MEDIAN_S], 2);
    EQ(p.est.v[ATT_SC_REPAIRED_WITHIN_2S], 1);
    /* No resamples: no intervals. */
    for (int c = 0; c < ATT_SC_COUNT; c++)
        ck_assert(isnan(p.lo[c]) && isnan(p.hi[c]));
    att_pool_free(pool);
    att_scorer_free(sc);
    att_match_table_free(mt);
}
END_TEST

START_TEST(pooling_many_phases)
{
    /* Two runs through the same 1000 one-step phases, the second in reverse
     * order: every phase window is found again (1001 windows with `all`),
     * each has both runs and 1 s of observed time per run. */
    att_match_table *mt = load_match("attuned");
    att_scorer *sc = att_scorer_new(mt, NULL);
    att_pool *pool = att_pool_new(30, NULL);
    ck_assert_ptr_nonnull(sc);
    ck_assert_ptr_nonnull(pool);
    att_error err = { 0 };
    int mon_i = att_match_table_infant_index(mt, "monitor");
    int mon_c = att_match_table_caregiver_index(mt, "monitor");
    char phase[16];
    for (int run = 0; run < 2; run++) {
        ck_assert_int_eq(att_scorer_begin(sc, run ? "b" : "a", &err), ATT_OK);
        for (int i = 0; i < 1000; i++) {
            snprintf(phase, sizeof phase, "p%d", run ? 999 - i : i);
            att_score_step st = { i, phase, mon_i, mon_c, 1, NAN };
            ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
        }
        ck_assert_int_eq(att_scorer_end(sc, 1000, NULL, &err), ATT_OK);
        ck_assert_msg(att_pool_add(pool, sc, &err) == ATT_OK, "%s", err.msg);
    }
    ck_assert_uint_eq(att_pool_window_count(pool), 1001);
    for (size_t i = 1; i < 1001; i++) {
        att_pooled_score p;
        ck_assert_int_eq(att_pool_result(pool, i, 0, 1, &p, &err), ATT_OK);
        snprintf(phase, sizeof phase, "p%zu", i - 1);
        ck_assert_str_eq(p.window, phase);
        ck_assert_int_eq(p.runs, 2);
        ck_assert_double_eq(p.est.v[ATT_SC_OBSERVED_S], 1);
    }
    att_pool_free(pool);
    att_scorer_free(sc);
    att_match_table_free(mt);
}
END_TEST

Suite *suite_pool(void)
{
    Suite *s = suite_create("pool");
    TCase *tc = tcase_create("pool");
    tcase_add_test(tc, pool_refuses_bad_cutoff);
    tcase_add_test(tc, pool_two_runs_by_hand);
    tcase_add_test(tc, pooling_many_phases);
    suite_add_tcase(s, tc);
    return s;
}
