/* The greeting smile (issue 18 item 8; docs/MODEL.md 2.6): the factor of
 * models/infant_mech.c, its use in one step of models/infant.c, and the
 * scenario parser's errors for its two keys.  Expected values are worked
 * out by hand from the equation of docs/MODEL.md 2.6, not from the code. */
#include <check.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>
#include "attune/infant.h"
#include "attune/scenario.h"
#include "models/infant_mech.h"
#include "tests/fixture.h"

START_TEST(greet_factor_by_hand)
{
    /* 1 + g e^(-t / tau): g 2, tau 1.5: at t 0, 3; at 1.5, 1 + 2/e =
     * 1.7357589; at 3, 1 + 2 e^-2 = 1.2706706; g 0: 1 at any t. */
    ck_assert_double_eq_tol(att_infant_greet_factor(0, 2, 1.5), 3, 1e-12);
    ck_assert_double_eq_tol(att_infant_greet_factor(1.5, 2, 1.5), 1.7357588823, 1e-9);
    ck_assert_double_eq_tol(att_infant_greet_factor(3, 2, 1.5), 1.2706705665, 1e-9);
    ck_assert_double_eq(att_infant_greet_factor(0, 0, 1.5), 1);
    ck_assert_double_eq(att_infant_greet_factor(10, 0, 0.1), 1);
}
END_TEST

/* Share of smiles after one 0.1-s step.  Gaze and every other event off,
 * positive_rate 1, the slow state off, she plays fully contingently; look_time is 0.1 s at the
 * affect draw (step_gaze counts the step first). */
static double smile_share(double greet_smile, int n)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    att_infant_params p;
    att_infant_params_default(&p);
    p.arousal_noise = 0;
    p.avert_rate = p.avert_arousal_rate = p.intrusion_avert_rate = 0;
    p.negative_rate = p.protest_rate = p.bid_rate = p.withdraw_rate = 0;
    p.selfcomfort_rate = p.return_rate = 0;
    p.positive_rate = 1;
    p.greet_smile = greet_smile;
    p.greet_smile_tau = 1.5;
    p.state_gaze = p.state_smile = 0;  /* the slow state (2.10) off: the factor alone */
    att_care_signal play = { 0, 0, 0, 1, 1 };
    int smiles = 0;
    for (int i = 0; i < n; i++) {
        att_infant *inf = att_infant_new(&p, NULL);
        att_infant_step(inf, &play, 0.1, r);
        att_infant_state s;
        att_infant_state_get(inf, &s);
        smiles += s.affect == ATT_AFFECT_POSITIVE;
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    return (double)smiles / n;
}

/* Rate 1 + 2 e^(-0.1/1.5) = 2.8710138, P = 1 - e^(-0.28710138) = 0.2495599;
 * without the greeting smile P = 1 - e^(-0.1) = 0.0951626.  20000 draws:
 * SE at most 0.0031, tolerance 0.012 (about 4 SE). */
START_TEST(greet_smile_in_one_step)
{
    ck_assert_double_eq_tol(smile_share(2, 20000), 0.2495599, 0.012);
    ck_assert_double_eq_tol(smile_share(0, 20000), 0.0951626, 0.012);
}
END_TEST

START_TEST(greet_keys_parser_errors)
{
    const char *const bad[] = { "infant.greet_smile=-1", "infant.greet_smile=101",
                                "infant.greet_smile_tau=0", "infant.greet_smile_tau=abc" };
    const char *const want[] = { "greet_smile = -1 is out of range [0, 100] factor",
                                 "greet_smile = 101 is out of range [0, 100] factor",
                                 "greet_smile_tau = 0 is out of range [0.1, 100] s",
                                 "greet_smile_tau = abc is not a number" };
    const char *const good[] = { "infant.greet_smile=0", "infant.greet_smile_tau=3" };
    expect_set_errors(bad, want, 4, good, 2);
}
END_TEST

Suite *suite_infant_greet(void)
{
    Suite *s = suite_create("infant_greet");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, greet_factor_by_hand);
    tcase_add_test(tc, greet_smile_in_one_step);
    tcase_add_test(tc, greet_keys_parser_errors);
    suite_add_tcase(s, tc);
    return s;
}
