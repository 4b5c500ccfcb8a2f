/* Online scorer on small hand-written sequences (GUIDE section 4). */
#include <check.h>
#include "attune/scorer.h"

START_TEST(begins_mismatched_then_rupture_and_repair)
{
    att_scorer *sc = att_scorer_new();
    /* t:        0  1  2  3  4  5  6  7 */
    int m[] = {  0, 0, 1, 1, 0, 0, 0, 1 };
    att_score_kind want[] = { ATT_SCORE_NONE, ATT_SCORE_NONE, ATT_SCORE_NONE, ATT_SCORE_NONE,
                              ATT_SCORE_RUPTURE, ATT_SCORE_NONE, ATT_SCORE_NONE, ATT_SCORE_REPAIR };
    for (int i = 0; i < 8; i++) {
        att_score_event ev = att_scorer_push(sc, i * 0.5, m[i]);
        ck_assert_int_eq(ev.kind, want[i]);
        if (ev.kind == ATT_SCORE_REPAIR) {
            ck_assert_double_eq_tol(ev.start, 2.0, 1e-12);
            ck_assert_double_eq_tol(ev.latency, 1.5, 1e-12);
        }
    }
    ck_assert_int_eq(att_scorer_ruptures(sc), 1);
    ck_assert_int_eq(att_scorer_repairs(sc), 1);
    ck_assert_int_eq(att_scorer_end(sc, 4.0).kind, ATT_SCORE_NONE);
    att_scorer_free(sc);
}
END_TEST

START_TEST(open_rupture_is_censored_at_the_end)
{
    att_scorer *sc = att_scorer_new();
    int m[] = { 1, 0, 1, 0, 0 };
    for (int i = 0; i < 5; i++)
        att_scorer_push(sc, i * 0.1, m[i]);
    att_score_event ev = att_scorer_end(sc, 0.5);
    ck_assert_int_eq(ev.kind, ATT_SCORE_CENSORED);
    ck_assert_double_eq_tol(ev.start, 0.3, 1e-12);
    ck_assert_double_eq_tol(ev.latency, 0.2, 1e-12);
    ck_assert_int_eq(att_scorer_ruptures(sc), 2);
    ck_assert_int_eq(att_scorer_repairs(sc), 1);
    att_scorer_reset(sc);
    ck_assert_int_eq(att_scorer_ruptures(sc), 0);
    ck_assert_int_eq(att_scorer_push(sc, 0, 0).kind, ATT_SCORE_NONE);  /* a new run starts unbroken */
    att_scorer_free(sc);
}
END_TEST

Suite *suite_scorer(void)
{
    Suite *s = suite_create("scorer");
    TCase *tc = tcase_create("online");
    tcase_add_test(tc, begins_mismatched_then_rupture_and_repair);
    tcase_add_test(tc, open_rupture_is_censored_at_the_end);
    suite_add_tcase(s, tc);
    return s;
}
