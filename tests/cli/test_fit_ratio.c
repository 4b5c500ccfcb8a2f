/* attune fit's weights with coded sessions: v_k = b_k (1 + N_obs / N_sim)
 * (docs/FIT.md, Method), b_k the bootstrap variance of the observed
 * statistic over the sessions (drawn with the fit's --seed, so the same for
 * any --sim-ratio K), N_sim = K N_obs.  With K = 1, 2 and 3 the factors are
 * 2, 3/2 and 4/3, so the `variance` column of every statistic must stand in
 * the ratios 3/2 (K 1 against 3) and 9/8 (K 2 against 3), whatever b_k is.
 * A program that left the simulation's share out (v_k = b_k) or counted
 * it once per dyad set fails.  The two example sessions, no search
 * (--max-evals 0). */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>

static const char *const stats[] = { "play.matched_prop", "reunion.matched_prop",
                                     "reunion.infant_gaze_prop" };

static result fit_ratio(const char *k)
{
    return run_attune("fit", "--resims", "0", SRC("scenarios/still-face.ini"),
                      SRC("data/examples/mother-a.csv"), SRC("data/examples/mother-b.csv"),
                      "--set", "phase.play.duration=40", "--set", "phase.still-face.duration=40",
                      "--set", "phase.reunion.duration=40", "--free", "caregiver.wait_time=1:20",
                      "--stats", "play.matched_prop,reunion.matched_prop,reunion.infant_gaze_prop",
                      "--sim-ratio", k, "--max-evals", "0", "--seed", "5", "-q", NULL);
}

START_TEST(test_fit_ratio_factor)
{
    result r1 = fit_ratio("1"), r2 = fit_ratio("2"), r3 = fit_ratio("3");
    expect_status(&r1, 0);
    expect_status(&r2, 0);
    expect_status(&r3, 0);
    ck_assert_double_eq(fit_cell(r1.out, "fit", "dyads", "value"), 2);
    ck_assert_double_eq(fit_cell(r3.out, "fit", "dyads", "value"), 6);
    for (size_t k = 0; k < sizeof stats / sizeof stats[0]; k++) {
        double v1 = fit_cell(r1.out, "statistic", stats[k], "variance"),
               v2 = fit_cell(r2.out, "statistic", stats[k], "variance"),
               v3 = fit_cell(r3.out, "statistic", stats[k], "variance");
        ck_assert_msg(v3 > 0, "%s: variance %g", stats[k], v3);
        /* the table's %.10g: a relative 1e-9 */
        ck_assert_double_eq_tol(v1 / v3, 1.5, 1e-9);
        ck_assert_double_eq_tol(v2 / v3, 9.0 / 8, 1e-9);
        /* the observed value does not depend on K */
        ck_assert_double_eq(fit_cell(r1.out, "statistic", stats[k], "observed"),
                            fit_cell(r3.out, "statistic", stats[k], "observed"));
    }
    result_free(&r1);
    result_free(&r2);
    result_free(&r3);
}
END_TEST

Suite *suite_cli_fit_ratio(void);
Suite *suite_cli_fit_ratio(void)
{
    Suite *s = suite_create("cli_fit_ratio");
    TCase *tc = fixture_tcase("core", setup);
    tcase_add_test(tc, test_fit_ratio_factor);
    suite_add_tcase(s, tc);
    return s;
}
