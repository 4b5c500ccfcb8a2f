/* Tests for att_scorer_push_id (the phase id the simulation passes so that
 * the scorer need not compare phase names every step): phase windows and
 * their numbers, worked out by hand, for a run whose phases come back
 * under a new id, with and without a coding unit. */
#include <check.h>
#include <math.h>
#include <string.h>
#include "attune/scorer.h"
#include "tests/fixture.h"

/* A matched and a mismatched pair of codes of the attuned table. */
static void pairs(const att_match_table *mt, int *mi, int *mc, int *xi, int *xc)
{
    *mi = *xi = -1;
    for (int i = 0; i < att_match_table_infant_count(mt); i++)
        for (int c = 0; c < att_match_table_caregiver_count(mt); c++) {
            int m = att_match_table_matched(mt, i, c);
            if (m && *mi < 0) {
                *mi = i;
                *mc = c;
            } else if (!m && *xi < 0) {
                *xi = i;
                *xc = c;
            }
        }
    ck_assert(*mi >= 0 && *xi >= 0);
}

/* Steps of 1 s: play (id 0) matched at t 0 and 1, still (id 1) mismatched
 * at 2 and 3, play again (id 2) matched at 4 and 5; the run ends at 6. */
static void check_run(double unit_s)
{
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_scorer *sc = att_scorer_new(mt, &err);
    ck_assert_ptr_nonnull(sc);
    if (unit_s > 0) {
        att_score_rules r;
        att_score_rules_default(&r);
        r.unit_s = unit_s;
        ck_assert_int_eq(att_scorer_set_rules(sc, &r, &err), ATT_OK);
    }
    int mi = -1, mc = -1, xi = -1, xc = -1;
    pairs(mt, &mi, &mc, &xi, &xc);
    ck_assert_int_eq(att_scorer_begin(sc, "r", &err), ATT_OK);
    static const char *const phase[6] = { "play", "play", "still", "still", "play", "play" };
    static const long id[6] = { 0, 0, 1, 1, 2, 2 };
    for (int i = 0; i < 6; i++) {
        int matched = i < 2 || i >= 4;
        att_score_step st = { i, phase[i], matched ? mi : xi, matched ? mc : xc, matched, NAN };
        ck_assert_int_eq(att_scorer_push_id(sc, &st, id[i], NULL, &err), ATT_OK);
    }
    ck_assert_int_eq(att_scorer_end(sc, 6, NULL, &err), ATT_OK);
    /* all, play, still: play is seen 4 s, all matched; still 2 s, none. */
    ck_assert_uint_eq(att_scorer_window_count(sc), 3);
    static const char *const name[3] = { "all", "play", "still" };
    static const double observed[3] = { 6, 4, 2 }, matched[3] = { 4.0 / 6, 1, 0 };
    static const double ruptures[3] = { 1, 0, 1 };  /* begun at t 2, in still */
    for (size_t w = 0; w < 3; w++) {
        att_window_score s;
        ck_assert_int_eq(att_scorer_window(sc, w, 30, &s, &err), ATT_OK);
        ck_assert_str_eq(s.window, name[w]);
        ck_assert_double_eq_tol(s.v[ATT_SC_OBSERVED_S], observed[w], 1e-9);
        ck_assert_double_eq_tol(s.v[ATT_SC_MATCHED_PROP], matched[w], 1e-9);
        ck_assert_double_eq_tol(s.v[ATT_SC_RUPTURES], ruptures[w], 1e-9);
    }
    att_scorer_free(sc);
    att_match_table_free(mt);
}

START_TEST(ids_without_unit)
{
    check_run(0);
}
END_TEST

START_TEST(ids_with_unit)
{
    check_run(1);
}
END_TEST

Suite *suite_scorer_id(void)
{
    Suite *s = suite_create("scorer_id");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, ids_without_unit);
    tcase_add_test(tc, ids_with_unit);
    suite_add_tcase(s, tc);
    return s;
}
