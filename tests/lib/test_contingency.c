/* The time-window tally (attune/contingency.h) on hand-counted sequences, and
 * the 2x2 statistics on a hand-computed table. */
#include <check.h>
#include <math.h>
#include "attune/contingency.h"

/* Vocabulary indices; the accumulator does not care what they name. */
enum { X = 0, G = 1, T = 2 };   /* other, the given code, the target code */

static att_contingency *make(att_partner gw, int gc, att_partner tw, int tc, double window)
{
    att_error err = { 0 };
    att_contingency_spec spec = { gw, gc, tw, tc, window, 0 };
    att_contingency *c = att_contingency_new(&spec, &err);
    ck_assert_msg(c != NULL, "att_contingency_new: %s", err.msg);
    return c;
}

static void push(att_contingency *c, double t, int infant, int caregiver)
{
    att_error err = { 0 };
    ck_assert_msg(att_contingency_push(c, t, infant, caregiver, &err) == ATT_OK, "push t=%g: %s",
                  t, err.msg);
}

static void expect_table(att_2x2 t, long a, long b, long c, long d)
{
    ck_assert_msg(t.a == a && t.b == b && t.c == c && t.d == d,
                  "table a=%ld b=%ld c=%ld d=%ld, expected a=%ld b=%ld c=%ld d=%ld",
                  t.a, t.b, t.c, t.d, a, b, c, d);
}

/* Ten rows at dt 1, given = infant G, target = caregiver T, S = 4:
 *
 *   t          0  1  2  3  4  5  6  7  8  9
 *   infant     X  G  G  X  G  X  X  X  X  X
 *   onset         *        *                  (t = 2 is G after G: no onset)
 *   window        [1, 5) ------->
 *                          [4, 8) ------->    (the two overlap at t = 4)
 *   given      .  g  g  g  g  g  g  g  .  .   (t = 8 = 4 + S is outside)
 *   caregiver  T  X  X  T  X  T  X  X  T  X
 *
 * a = given & target     = t 3, 5           = 2
 * b = given & not target = t 1, 2, 4, 6, 7  = 5
 * c = target, not given  = t 0, 8           = 2
 * d = neither            = t 9              = 1 */
static const int run1_infant[10] = { X, G, G, X, G, X, X, X, X, X };
static const int run1_caregiver[10] = { T, X, X, T, X, T, X, X, T, X };

static void feed_run1(att_contingency *c)
{
    att_contingency_begin_run(c);
    for (int k = 0; k < 10; k++)
        push(c, k, run1_infant[k], run1_caregiver[k]);
    att_contingency_end_run(c);
}

START_TEST(overlapping_windows)
{
    att_contingency *c = make(ATT_INFANT, G, ATT_CAREGIVER, T, 4);
    feed_run1(c);
    expect_table(att_contingency_run_table(c), 2, 5, 2, 1);
    ck_assert_int_eq(att_contingency_run_onsets(c), 2);
    expect_table(att_contingency_pooled(c), 2, 5, 2, 1);
    att_contingency_free(c);
}
END_TEST

/* The same rows with S = 2: windows [1, 3) and [4, 6) no longer overlap.
 * given = t 1, 2, 4, 5; a = t 5; b = t 1, 2, 4; c = t 0, 3, 8; d = t 6, 7, 9. */
START_TEST(separate_windows)
{
    att_contingency *c = make(ATT_INFANT, G, ATT_CAREGIVER, T, 2);
    feed_run1(c);
    expect_table(att_contingency_run_table(c), 1, 3, 3, 3);
    att_contingency_free(c);
}
END_TEST

/* Given and target on the same side, and a run that starts with the given
 * code: row 0 is an onset.  Caregiver codes G G X G, dt 0.5, S = 1, target =
 * caregiver G.  Onsets t = 0 and 1.5 (t = 0.5 continues); windows [0, 1) and
 * [1.5, 2.5).  given = t 0, 0.5, 1.5; target = t 0, 0.5, 1.5.
 * a = 3, b = 0, c = 0, d = 1 (t = 1). */
START_TEST(first_row_onset_same_side)
{
    att_contingency *c = make(ATT_CAREGIVER, G, ATT_CAREGIVER, G, 1);
    att_contingency_begin_run(c);
    push(c, 0.0, X, G);
    push(c, 0.5, X, G);
    push(c, 1.0, X, X);
    push(c, 1.5, X, G);
    att_contingency_end_run(c);
    expect_table(att_contingency_run_table(c), 3, 0, 0, 1);
    ck_assert_int_eq(att_contingency_run_onsets(c), 2);
    att_contingency_free(c);
}
END_TEST

/* Times made by k * 0.1, as a simulation writes them: the onset at k = 7 is
 * 0.7000000000000001 s and the row at k = 10 is 1.0 s, so in doubles
 * 1.0 - 0.7000000000000001 < 0.3 and the row would wrongly be in the window
 * [0.7, 1.0).  In microseconds it is not: given = k 7, 8, 9 only. */
START_TEST(window_edge_in_microseconds)
{
    att_contingency *c = make(ATT_INFANT, G, ATT_CAREGIVER, T, 0.3);
    att_contingency_begin_run(c);
    for (int k = 0; k <= 12; k++)
        push(c, k * 0.1, k == 7 ? G : X, T);   /* every row is target */
    att_contingency_end_run(c);
    /* a = 3 (k 7, 8, 9), c = 10 (the other 10 rows). */
    expect_table(att_contingency_run_table(c), 3, 0, 10, 0);
    att_contingency_free(c);
}
END_TEST

/* Pooled = sum of runs, and nothing carries over from one run to the next.
 *   run 1: as above                                   -> (2, 5, 2, 1)
 *   run 0: one row at t 9, infant G: an onset, given, not target
 *          (its window [9, 13) must not reach into the next run)  -> (0, 1, 0, 0)
 *   run 2: t 10..13, infant X X G X, caregiver T X T X, S = 4;
 *          onset t 12, window [12, 16): given t 12, 13
 *          a = t 12, b = t 13, c = t 10, d = t 11      -> (1, 1, 1, 1)
 *   run 3: t 0, 1, infant X X, caregiver T T: no onset -> (0, 0, 2, 0)
 *   run 4: no rows                                     -> (0, 0, 0, 0)
 * pooled = (2+0+1+0, 5+1+1+0, 2+0+1+2, 1+0+1+0) = (3, 7, 5, 2). */
START_TEST(pooled_is_sum_of_runs)
{
    att_contingency *c = make(ATT_INFANT, G, ATT_CAREGIVER, T, 4);
    feed_run1(c);
    att_2x2 r1 = att_contingency_run_table(c);

    att_contingency_begin_run(c);
    push(c, 9, G, X);   /* a run of its own: one row, an onset */
    att_contingency_end_run(c);
    att_2x2 r0 = att_contingency_run_table(c);
    expect_table(r0, 0, 1, 0, 0);

    att_contingency_begin_run(c);
    push(c, 10, X, T);
    push(c, 11, X, X);
    push(c, 12, G, T);
    push(c, 13, X, X);
    att_contingency_end_run(c);
    att_2x2 r2 = att_contingency_run_table(c);
    expect_table(r2, 1, 1, 1, 1);

    att_contingency_begin_run(c);
    push(c, 0, X, T);
    push(c, 1, X, T);
    /* begin_run ends an open run, as end_run would. */
    att_contingency_begin_run(c);
    att_contingency_end_run(c);
    expect_table(att_contingency_run_table(c), 0, 0, 0, 0);

    att_2x2 p = att_contingency_pooled(c);
    expect_table(p, r1.a + r0.a + r2.a + 0, r1.b + r0.b + r2.b + 0, r1.c + r0.c + r2.c + 2,
                 r1.d + r0.d + r2.d + 0);
    expect_table(p, 3, 7, 5, 2);
    /* end_run twice adds nothing. */
    att_contingency_end_run(c);
    expect_table(att_contingency_pooled(c), 3, 7, 5, 2);
    att_contingency_free(c);
}
END_TEST

START_TEST(bad_use)
{
    att_error err = { 0 };
    const double bad[] = { 0, -1, NAN, INFINITY, 1e-9, 1.0000001e10, 1e15 };  /* 1e15 s: too many us */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        att_contingency_spec spec = { ATT_INFANT, 0, ATT_CAREGIVER, 0, bad[i], 0 };
        err.code = 0;
        ck_assert_ptr_null(att_contingency_new(&spec, &err));
        ck_assert_int_eq(err.code, ATT_EINPUT);
    }
    att_contingency_spec longest = { ATT_INFANT, 0, ATT_CAREGIVER, 0, 1e10, 0 };
    att_contingency *ok = att_contingency_new(&longest, &err);
    ck_assert_ptr_nonnull(ok);
    att_contingency_free(ok);
    att_contingency_spec neg = { ATT_INFANT, -1, ATT_CAREGIVER, 0, 1, 0 };
    ck_assert_ptr_null(att_contingency_new(&neg, &err));

    att_contingency *c = make(ATT_INFANT, G, ATT_CAREGIVER, T, 1);
    ck_assert_int_eq(att_contingency_push(c, 0, G, T, &err), ATT_EINPUT);   /* no run */
    att_contingency_begin_run(c);
    push(c, 1, G, T);
    ck_assert_int_eq(att_contingency_push(c, 1, G, T, &err), ATT_EINPUT);   /* same t */
    ck_assert_int_eq(att_contingency_push(c, 0.5, G, T, &err), ATT_EINPUT); /* earlier */
    att_contingency_end_run(c);
    expect_table(att_contingency_pooled(c), 1, 0, 0, 0);  /* the refused rows count nowhere */
    att_contingency_free(c);
    att_contingency_free(NULL);
}
END_TEST

START_TEST(partner_names)
{
    att_partner p;
    ck_assert_int_eq(att_partner_parse("infant", &p), 0);
    ck_assert_int_eq(p, ATT_INFANT);
    ck_assert_int_eq(att_partner_parse("caregiver", &p), 0);
    ck_assert_int_eq(p, ATT_CAREGIVER);
    ck_assert_int_eq(att_partner_parse("Infant", &p), -1);
    ck_assert_int_eq(att_partner_parse("", &p), -1);
    ck_assert_str_eq(att_partner_name(ATT_INFANT), "infant");
    ck_assert_str_eq(att_partner_name(ATT_CAREGIVER), "caregiver");
}
END_TEST

/* The statistics of the first run's table (2, 5, 2, 1), by hand:
 *   ad = 2, bc = 10
 *   Q  = (2 - 10) / (2 + 10) = -2/3
 *   SE = 1/2 (1 - 4/9) sqrt(1/2 + 1/5 + 1/2 + 1) = 5/18 sqrt(2.2)
 *      = 0.41201102...
 *   OR = 2 / 10 = 0.2
 *   residual: r1 = 7, c1 = 4, N = 10, E = 2.8,
 *      (2 - 2.8) / sqrt(2.8 * 0.3 * 0.6) = -0.8 / sqrt(0.504) = -1.12687234...
 * and a table with an empty cell (bc = 0): Q = 1, SE and OR undefined. */
START_TEST(statistics_of_hand_table)
{
    att_contingency *c = make(ATT_INFANT, G, ATT_CAREGIVER, T, 4);
    feed_run1(c);
    att_2x2_stats st = att_2x2_summarise(att_contingency_run_table(c));
    ck_assert_double_eq_tol(st.yule_q, -2.0 / 3.0, 1e-12);
    ck_assert_double_eq_tol(st.yule_q_se, 5.0 / 18.0 * sqrt(2.2), 1e-12);
    ck_assert_double_eq_tol(st.yule_q_se, 0.412011027, 1e-9);
    ck_assert_double_eq_tol(st.odds_ratio, 0.2, 1e-12);
    ck_assert_double_eq_tol(st.adjusted_residual, -0.8 / sqrt(0.504), 1e-12);
    ck_assert_double_eq_tol(st.adjusted_residual, -1.12687234, 1e-8);
    att_contingency_free(c);

    att_2x2_stats z = att_2x2_summarise((att_2x2){ 3, 0, 0, 1 });
    ck_assert_double_eq(z.yule_q, 1.0);
    ck_assert(isnan(z.yule_q_se));
    ck_assert(isnan(z.odds_ratio));
    /* r1 = 3, c1 = 3, N = 4, E = 9/4: (3 - 2.25) / sqrt(2.25 * 1/4 * 1/4) = 0.75 / 0.375 = 2 */
    ck_assert_double_eq_tol(z.adjusted_residual, 2.0, 1e-12);

    att_2x2_stats e = att_2x2_summarise((att_2x2){ 0, 0, 0, 0 });
    ck_assert(isnan(e.yule_q) && isnan(e.yule_q_se) && isnan(e.odds_ratio)
              && isnan(e.adjusted_residual));
}
END_TEST

Suite *suite_contingency(void)
{
    Suite *s = suite_create("contingency");
    TCase *tc = tcase_create("window");
    tcase_add_test(tc, overlapping_windows);
    tcase_add_test(tc, separate_windows);
    tcase_add_test(tc, first_row_onset_same_side);
    tcase_add_test(tc, window_edge_in_microseconds);
    tcase_add_test(tc, pooled_is_sum_of_runs);
    tcase_add_test(tc, bad_use);
    tcase_add_test(tc, partner_names);
    tcase_add_test(tc, statistics_of_hand_table);
    suite_add_tcase(s, tc);
    return s;
}
