/* The asymptotic standard errors of `attune fit` (fit.h, docs/FIT.md
 * "Uncertainty and diagnostics") and the bootstrap covariance of the
 * statistics they need (fitstats.h).
 *
 * The sandwich var = H^-1 G'W Omega W G H^-1, H = G'WG, against examples
 * worked by hand below and against closed forms written out in the tests
 * (one parameter: g'W Omega W g / (g'Wg)^2; as many statistics as
 * parameters: G^-1 Omega G^-T, whatever the weights); a singular H (a zero
 * column, two proportional columns) is flagged and names its parameters.
 *
 * The bootstrap covariance: its diagonal is att_fitstats_bootstrap_var's
 * values bit for bit (a statistic undefined in some resamples included),
 * and for two means over sessions its off-diagonal is the exact bootstrap
 * covariance (1/N) (1/N) sum_i (x_i - mean x)(y_i - mean y) within the
 * Monte-Carlo error of B = 20000 resamples. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/fit.h"
#include "attune/fitstats.h"
#include "tests/fixture.h"

/* ---- the sandwich ---- */

/* Hand-worked, 3 statistics, 2 parameters, W = I:
 *   G = [1 0; 0 1; 1 1],  H = G'G = [2 1; 1 2],  H^-1 = 1/3 [2 -1; -1 2]
 *   A = H^-1 G' = 1/3 [2 -1 1; -1 2 1]
 *   Omega = [1 .5 0; .5 1 0; 0 0 4]
 *   A Omega A': a1 O a1' = (4 + 1 + 4 + 2 (2)(-1)(.5)) / 9 = 7/9
 *               a2 O a2' = (1 + 4 + 4 + 2 (-1)(2)(.5)) / 9 = 7/9
 *               a1 O a2' = (-2 - 2 + 4 + .5 (2 * 2 + (-1)(-1))) / 9 = 2.5/9
 * With Omega = W^-1 = I the sandwich is H^-1 itself. */
START_TEST(sandwich_by_hand_3x2)
{
    const double G[6] = { 1, 0, 0, 1, 1, 1 }, v[3] = { 1, 1, 1 };
    const double om[9] = { 1, .5, 0, .5, 1, 0, 0, 0, 4 }, id[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    double var[4];
    int singular = -1, flat[2] = { -1, -1 };
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_sandwich(3, 2, G, v, om, var, &singular, flat, &err), ATT_OK);
    ck_assert_int_eq(singular, 0);
    ck_assert(flat[0] == 0 && flat[1] == 0);
    ck_assert_double_eq_tol(var[0], 7.0 / 9, 1e-14);
    ck_assert_double_eq_tol(var[3], 7.0 / 9, 1e-14);
    ck_assert_double_eq_tol(var[1], 2.5 / 9, 1e-14);
    ck_assert_double_eq_tol(var[2], 2.5 / 9, 1e-14);
    ck_assert_int_eq(att_fit_sandwich(3, 2, G, v, id, var, &singular, NULL, &err), ATT_OK);
    ck_assert_double_eq_tol(var[0], 2.0 / 3, 1e-14);
    ck_assert_double_eq_tol(var[1], -1.0 / 3, 1e-14);
    ck_assert_double_eq_tol(var[3], 2.0 / 3, 1e-14);
}
END_TEST

/* Exactly identified (K = p = 2): var = G^-1 Omega G^-T for any weights.
 *   G = [2 1; 1 3], det 5, G^-1 = 1/5 [3 -1; -1 2]; Omega = [1 .3; .3 2].
 * Written out: with B = G^-1, var_ij = sum_kl B_ik Omega_kl B_jl. */
START_TEST(sandwich_exactly_identified_2x2)
{
    const double G[4] = { 2, 1, 1, 3 }, v[2] = { 0.7, 4 }, om[4] = { 1, .3, .3, 2 };
    const double B[2][2] = { { 3 / 5.0, -1 / 5.0 }, { -1 / 5.0, 2 / 5.0 } };
    double var[4];
    int singular = -1;
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_sandwich(2, 2, G, v, om, var, &singular, NULL, &err), ATT_OK);
    ck_assert_int_eq(singular, 0);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double want = 0;
            for (int k = 0; k < 2; k++)
                for (int l = 0; l < 2; l++)
                    want += B[i][k] * om[k * 2 + l] * B[j][l];
            ck_assert_msg(fabs(var[i * 2 + j] - want) < 1e-13, "var[%d][%d] %.17g, want %.17g",
                          i, j, var[i * 2 + j], want);
        }
    /* by hand: var_00 = (9 - 2 * 3 * .3 + 2) / 25 = 9.2 / 25 */
    ck_assert_double_eq_tol(var[0], 9.2 / 25, 1e-14);
}
END_TEST

/* One parameter, 4 statistics: var = (sum g_k^2 Omega_kk / v_k^2 + cross
 * terms) / (sum g_k^2 / v_k)^2, i.e. g'W Omega W g / (g'Wg)^2; with Omega
 * = diag(v) it is the delta method's 1 / sum g_k^2 / v_k. */
START_TEST(sandwich_one_parameter)
{
    const double g[4] = { 0.03, -0.05, 0.09, 0.04 }, v[4] = { 1.2e-4, 4e-4, 9.7e-3, 1.6e-2 };
    double om[16] = { 0 }, var;
    for (int k = 0; k < 4; k++)
        om[k * 4 + k] = v[k];
    om[1] = om[4] = 0.5 * sqrt(v[0] * v[1]);
    om[11] = om[14] = -0.3 * sqrt(v[2] * v[3]);
    double h = 0, num = 0;
    for (int k = 0; k < 4; k++) {
        h += g[k] * g[k] / v[k];
        for (int l = 0; l < 4; l++)
            num += g[k] / v[k] * om[k * 4 + l] * g[l] / v[l];
    }
    int singular;
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_sandwich(4, 1, g, v, om, &var, &singular, NULL, &err), ATT_OK);
    ck_assert_double_eq_tol(var, num / (h * h), 1e-12 * num / (h * h));
    double diag[16] = { 0 };
    for (int k = 0; k < 4; k++)
        diag[k * 4 + k] = v[k];
    ck_assert_int_eq(att_fit_sandwich(4, 1, g, v, diag, &var, &singular, NULL, &err), ATT_OK);
    ck_assert_double_eq_tol(var, 1 / h, 1e-12 / h);
}
END_TEST

/* A zero column (a key no statistic sees) and two proportional columns (two
 * keys only their combination is seen): singular, NaN, the keys named. */
START_TEST(sandwich_singular)
{
    const double zero[6] = { 1, 0, 2, 0, 3, 0 }, prop[9] = { 1, 2, 5, 2, 4, 1, 3, 6, 2 };
    const double v[3] = { 1, 2, 3 }, om[9] = { 1, 0, 0, 0, 2, 0, 0, 0, 3 };
    double var[9];
    int singular = 0, flat[3] = { -1, -1, -1 };
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_sandwich(3, 2, zero, v, om, var, &singular, flat, &err), ATT_OK);
    ck_assert_int_eq(singular, 1);
    ck_assert(flat[0] == 0 && flat[1] == 1);
    for (int i = 0; i < 4; i++)
        ck_assert(isnan(var[i]));
    /* columns 0 and 1 proportional (x2), column 2 independent of them */
    ck_assert_int_eq(att_fit_sandwich(3, 3, prop, v, om, var, &singular, flat, &err), ATT_OK);
    ck_assert_int_eq(singular, 1);
    ck_assert_msg(flat[0] == 1 && flat[1] == 1 && flat[2] == 0, "flat %d %d %d", flat[0],
                  flat[1], flat[2]);
    ck_assert(isnan(var[8]));
    /* nearly proportional but not quite: fine, and a large variance */
    const double near[6] = { 1, 1.01, 2, 2, 3, 3 };
    ck_assert_int_eq(att_fit_sandwich(3, 2, near, v, om, var, &singular, flat, &err), ATT_OK);
    ck_assert_int_eq(singular, 0);
    ck_assert(var[0] > 100);
}
END_TEST

/* The step: 10 % of |x|, at least 1 % and at most 5 % of the range. */
START_TEST(se_step)
{
    ck_assert_double_eq_tol(att_fit_se_step(8, 1, 20), 0.8, 1e-15);
    ck_assert_double_eq_tol(att_fit_se_step(15, 1, 20), 0.95, 1e-15);
    ck_assert_double_eq_tol(att_fit_se_step(0.08, 0.01, 1), 0.0099, 1e-15);
    ck_assert_double_eq_tol(att_fit_se_step(0, -1, 1), 0.02, 1e-15);
    ck_assert_double_eq_tol(att_fit_se_step(100, 95, 105), 0.5, 1e-15);
}
END_TEST

/* ---- the bootstrap covariance ---- */

static att_match_table *table;
static void load_table(void) { table = load_match("attuned"); }
static void free_table(void) { att_match_table_free(table); }

/* Six sessions of a 10-s play (and, in the first two, a 10-s still face):
 * positive and matched from 0, avert and mismatched from a_i, monitor
 * (gaze) and still mismatched from b_i.  play.matched_prop = a_i / 10,
 * play.infant_gaze_prop = (a_i + 10 - b_i) / 10. */
static const double A[6] = { 2, 4, 5, 6, 8, 3 }, Bt[6] = { 7, 9, 6, 8, 9, 5 };

static att_fitstats *sessions(void)
{
    att_error err = { 0 };
    att_fitstats *fs = att_fitstats_new(table, NULL, NULL, &err);
    ck_assert_msg(fs != NULL, "%s", err.msg);
    int pos = att_match_table_infant_index(table, "positive");
    int avert = att_match_table_infant_index(table, "avert");
    int mon = att_match_table_infant_index(table, "monitor");
    int cg = att_match_table_caregiver_index(table, "monitor");
    for (int i = 0; i < 6; i++) {
        att_score_step st[4] = { { 0, "play", pos, cg, 1, NAN },
                                 { A[i], "play", avert, cg, 0, NAN },
                                 { Bt[i], "play", mon, cg, 0, NAN },
                                 { 10, "still", avert, cg, i == 1, NAN } };
        ck_assert_int_eq(att_fitstats_add(fs, "s", st, i < 2 ? 4 : 3, i < 2 ? 20 : 10, &err),
                         ATT_OK);
    }
    return fs;
}

/* The diagonal is the variance, bit for bit, with the same seed and B;
 * symmetric; a statistic with no variance has a zero row. */
START_TEST(cov_diagonal_is_the_variance)
{
    att_fitstats *fs = sessions();
    const char *names[5] = { "play.matched_prop", "play.infant_gaze_prop", "still.matched_prop",
                             "play.aversion_bout_s", "play.infant_negative_prop" };
    double var[5], cov[25], again[25];
    long undef[5];
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, names, 5, 200, 42, var, undef, &err), ATT_OK);
    ck_assert_int_eq(att_fitstats_bootstrap_cov(fs, names, 5, 200, 42, cov, &err), ATT_OK);
    ck_assert_int_gt(undef[2], 0);  /* still is missing from some resamples */
    ck_assert_double_eq(var[4], 0);
    for (int k = 0; k < 5; k++) {
        ck_assert_mem_eq(&cov[k * 5 + k], &var[k], sizeof(double));
        for (int j = 0; j < 5; j++)
            ck_assert_mem_eq(&cov[k * 5 + j], &cov[j * 5 + k], sizeof(double));
        ck_assert_double_eq(cov[4 * 5 + k], 0);
    }
    ck_assert(isfinite(cov[0 * 5 + 2]) && cov[0 * 5 + 2] != 0);
    ck_assert_int_eq(att_fitstats_bootstrap_cov(fs, names, 5, 200, 42, again, &err), ATT_OK);
    ck_assert_mem_eq(cov, again, sizeof cov);
    ck_assert_int_eq(att_fitstats_bootstrap_cov(fs, names, 5, 1, 42, again, &err), ATT_EINPUT);
    ck_assert(isnan(again[0]));
    att_fitstats_free(fs);
}
END_TEST

/* Two means over sessions: the exact bootstrap covariance of the means is
 * (1/N) times the population covariance of the session values. */
START_TEST(cov_of_means_is_the_exact_one)
{
    att_fitstats *fs = sessions();
    const char *names[2] = { "play.matched_prop", "play.infant_gaze_prop" };
    double x[6], y[6], mx = 0, my = 0, cxy = 0, vx = 0, vy = 0, cov[4];
    for (int i = 0; i < 6; i++) {
        x[i] = A[i] / 10, y[i] = (A[i] + 10 - Bt[i]) / 10;
        mx += x[i] / 6, my += y[i] / 6;
    }
    for (int i = 0; i < 6; i++) {
        cxy += (x[i] - mx) * (y[i] - my) / 6 / 6;
        vx += (x[i] - mx) * (x[i] - mx) / 6 / 6;
        vy += (y[i] - my) * (y[i] - my) / 6 / 6;
    }
    const long B = 20000;
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_bootstrap_cov(fs, names, 2, B, 7, cov, &err), ATT_OK);
    /* the sample covariance of B near-normal pairs: sd sqrt((vx vy + c^2) / B) */
    double tol = 6 * sqrt((vx * vy + cxy * cxy) / (double)B);
    ck_assert_msg(fabs(cov[1] - cxy) < tol, "cov %.6g, exact %.6g (tol %.3g)", cov[1], cxy, tol);
    ck_assert_msg(fabs(cov[0] - vx) < 6 * sqrt(2 * vx * vx / (double)B), "var %.6g, %.6g",
                  cov[0], vx);
    ck_assert(fabs(cxy) > 3 * tol);  /* the test can tell a covariance from none */
    att_fitstats_free(fs);
}
END_TEST

Suite *suite_fit_se(void);
Suite *suite_fit_se(void)
{
    Suite *s = suite_create("fit_se");
    TCase *tc = tcase_create("sandwich");
    tcase_add_test(tc, sandwich_by_hand_3x2);
    tcase_add_test(tc, sandwich_exactly_identified_2x2);
    tcase_add_test(tc, sandwich_one_parameter);
    tcase_add_test(tc, sandwich_singular);
    tcase_add_test(tc, se_step);
    suite_add_tcase(s, tc);
    tc = tcase_create("covariance");
    tcase_add_unchecked_fixture(tc, load_table, free_table);
    tcase_add_test(tc, cov_diagonal_is_the_variance);
    tcase_add_test(tc, cov_of_means_is_the_exact_one);
    suite_add_tcase(s, tc);
    return s;
}
