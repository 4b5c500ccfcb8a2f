/* Temperament, age, hope's hold on the threat of lost contingency and the
 * exit from withdrawal (issue 18 items 1, 3, 6, 7; docs/MODEL.md 2.3, 2.7,
 * 2.9): the pure pieces of models/infant_mech.c and their use in one step of
 * models/infant.c.  Every expected value was worked out by hand (a pocket
 * calculator) from the equations of docs/MODEL.md, not from the code. */
#include <check.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "attune/infant.h"
#include "models/infant_mech.h"
#include "tests/fixture.h"

/* The defaults with noise off and every event hazard off (the mechanisms
 * of sessions 11 and 17 too): arousal follows its equation alone, gaze
 * stays where it is.  Resting and starting arousal and the relaxation time
 * are the ones every value below was worked out with: baseline 0.2, start
 * 0.25, tau 5 s (b = 0.2 /s and 0.04 /s its baseline term). */
static att_infant_params quiet(void)
{
    att_infant_params p;
    att_infant_params_default(&p);
    infant_mechanisms_off(&p);
    p.arousal_baseline = 0.2, p.arousal_initial = 0.25, p.arousal_tau = 5;
    p.arousal_noise = 0;
    p.avert_rate = p.avert_arousal_rate = p.intrusion_avert_rate = 0;
    p.negative_rate = p.positive_rate = p.protest_rate = p.bid_rate = 0;
    p.withdraw_rate = p.selfcomfort_rate = 0;
    p.return_rate = 0;
    return p;
}

static double arousal_after(att_infant *inf, const att_care_signal *sig, gsl_rng *r)
{
    att_infant_step(inf, sig, 0.1, r);
    att_infant_state s;
    att_infant_state_get(inf, &s);
    return s.arousal;
}

START_TEST(age_factor_by_hand)
{
    /* per_month^(age - 4): 0.62^2 = 0.3844 at 6 months, 0.62^-2 = 2.60146
     * at 2, 1 at 4 and for a per-month factor of 1; 1.1^2 = 1.21. */
    ck_assert_double_eq_tol(att_infant_age_factor(6, 0.62), 0.3844, 1e-12);
    ck_assert_double_eq_tol(att_infant_age_factor(2, 0.62), 2.6014568158, 1e-9);
    ck_assert_double_eq(att_infant_age_factor(4, 0.62), 1);
    ck_assert_double_eq(att_infant_age_factor(9, 1), 1);
    ck_assert_double_eq_tol(att_infant_age_factor(6, 1.1), 1.21, 1e-12);
}
END_TEST

START_TEST(soothed_by_hand)
{
    /* 1 + (s - 1) * soothe: 0.4 soothed fully 0.4, half 0.7; 1.4 half 1.2;
     * no soothing 1 whatever s. */
    ck_assert_double_eq_tol(att_infant_soothed(0.4, 1), 0.4, 1e-12);
    ck_assert_double_eq_tol(att_infant_soothed(0.4, 0.5), 0.7, 1e-12);
    ck_assert_double_eq_tol(att_infant_soothed(1.4, 0.5), 1.2, 1e-12);
    ck_assert_double_eq(att_infant_soothed(0.4, 0), 1);
}
END_TEST

START_TEST(threat_by_hand)
{
    /* 1 - buffer * hope */
    ck_assert_double_eq_tol(att_infant_threat(1, 0.6), 0.4, 1e-12);
    ck_assert_double_eq_tol(att_infant_threat(0.5, 0.6), 0.7, 1e-12);
    ck_assert_double_eq(att_infant_threat(0, 0.9), 1);
    ck_assert_double_eq(att_infant_threat(1, 0), 1);
}
END_TEST

START_TEST(withdraw_exit_by_hand)
{
    /* (exit (1 - L) + recover) * trust factor: under a still face (L = 1)
     * only the recovery is left, 0.08 * 1.2 = 0.096 /s (T = 0.7); with her
     * contingency back (L = 0), (0.15 + 0.08) * 1.2 = 0.276 /s; without
     * recovery the old rule, 0 under a still face. */
    ck_assert_double_eq_tol(att_infant_withdraw_exit(0.15, 0.08, 1, 1.2), 0.096, 1e-12);
    ck_assert_double_eq_tol(att_infant_withdraw_exit(0.15, 0.08, 0, 1.2), 0.276, 1e-12);
    ck_assert_double_eq_tol(att_infant_withdraw_exit(0.15, 0.08, 0.5, 1), 0.155, 1e-12);
    ck_assert_double_eq(att_infant_withdraw_exit(0.15, 0, 1, 1.2), 0);
}
END_TEST

/* One step of a still face (stimulation 0, contingency 0) from the start:
 *   L' = 1 - e^(-0.1/3) = 0.0327839
 *   reactivity 2, hope 1, hope_buffer 0.6: u = 2 * 0.35 * L' * 0.4 = 0.0091795
 *   b = 0.2 + u, A* = (0.04 + u) / b, A' = A* + (0.25 - A*) e^(-0.1 b)
 *     = 0.2496917; without the buffer (u = 2 * 0.35 * L') 0.2507132. */
START_TEST(reactivity_and_hope_buffer_in_one_step)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_care_signal still = { 0, 0, 0, 0, 0 };
    att_infant_params p = quiet();
    p.contingency_gain = 0.35, p.contingency_tau = 3;  /* as worked out above */
    p.reactivity = 2;
    p.hope_buffer = 0.6;
    att_infant *inf = att_infant_new(&p, NULL);
    ck_assert_double_eq_tol(arousal_after(inf, &still, r), 0.2496916977, 1e-9);
    att_infant_free(inf);
    p.hope_buffer = 0;
    inf = att_infant_new(&p, NULL);
    ck_assert_double_eq_tol(arousal_after(inf, &still, r), 0.2507131751, 1e-9);
    att_infant_free(inf);
    gsl_rng_free(r);
}
END_TEST

/* Soothing at strength 1 with her contingent (L stays 0), soothability 1.5:
 * v = 1.5 * 0.6 = 0.9, b = 1.1, A* = 0.04 / 1.1,
 * A' = A* + (0.25 - A*) e^(-0.11) = 0.2277464. */
START_TEST(soothability_scales_her_soothing)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_care_signal soothe = { 0, 0, 1, 1, 0 };
    att_infant_params p = quiet();
    p.soothe_gain = 0.6;  /* as worked out above */
    p.soothability = 1.5;
    att_infant *inf = att_infant_new(&p, NULL);
    ck_assert_double_eq_tol(arousal_after(inf, &soothe, r), 0.2277463834, 1e-9);
    att_infant_free(inf);
    gsl_rng_free(r);
}
END_TEST

/* A 6-month-old (age_regulation 1.1 a month: relief x 1.21) turns away in
 * the first step (avert_rate huge, no build-up) and stays away (return 0).
 * Step 1, looking, nothing in: A1 = 0.2 + 0.05 e^(-0.02) = 0.2490099.
 * Step 2, away: v = 1.21 * 0.15 = 0.1815, b = 0.3815, A* = 0.04 / b,
 * A2 = A* + (A1 - A*) e^(-0.03815) = 0.2436138 (at 4 months, v = 0.15:
 * 0.2443762). */
START_TEST(age_scales_self_regulation)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_care_signal calm = { 0, 0, 0, 1, 0 };
    att_infant_params p = quiet();
    p.avert_rate = 1e6;
    p.look_build = 0;
    p.age_regulation = 1.1;
    p.avert_relief = 0.15;  /* as worked out above */
    double want[2] = { 0.2436137906, 0.2443761502 }, age[2] = { 6, 4 };
    for (int k = 0; k < 2; k++) {
        p.age_months = age[k];
        att_infant *inf = att_infant_new(&p, NULL);
        ck_assert_double_eq_tol(arousal_after(inf, &calm, r), 0.2490099337, 1e-9);
        att_infant_state s;
        att_infant_state_get(inf, &s);
        ck_assert_int_eq(s.gaze, ATT_GAZE_AWAY);
        ck_assert_double_eq_tol(arousal_after(inf, &calm, r), want[k], 1e-9);
        att_infant_free(inf);
    }
    gsl_rng_free(r);
}
END_TEST

/* The presets name only keys that exist and say what docs/MODEL.md section
 * 8 says: the secure infant holds off more of the threat (hope_buffer 0.9)
 * and is soothed more (4.4 against the default's 3.1), the anxious one none
 * (0) and less (1.6), and remembers being upset longer (upset_tau 47 s
 * against 35.3); its negative threshold is the default's (calm in play;
 * 0.92 until session 10). */
START_TEST(presets_use_temperament)
{
    att_infant_params s, a, d;
    att_infant_preset_params(att_infant_preset_find("secure"), &s);
    att_infant_preset_params(att_infant_preset_find("anxious"), &a);
    att_infant_params_default(&d);
    ck_assert_double_eq(s.hope_buffer, 0.9);
    ck_assert_double_eq(s.soothability, 4.4);
    ck_assert_double_eq(a.hope_buffer, 0);
    ck_assert_double_eq(a.soothability, 1.6);
    ck_assert_double_eq(a.negative_threshold, d.negative_threshold);
    ck_assert_double_gt(a.upset_tau, d.upset_tau);
    ck_assert_double_eq(a.upset_tau, 47);    /* the calibration itself: changes with it */
}
END_TEST

Suite *suite_infant_temper(void)
{
    Suite *s = suite_create("infant_temper");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, age_factor_by_hand);
    tcase_add_test(tc, soothed_by_hand);
    tcase_add_test(tc, threat_by_hand);
    tcase_add_test(tc, withdraw_exit_by_hand);
    tcase_add_test(tc, reactivity_and_hope_buffer_in_one_step);
    tcase_add_test(tc, soothability_scales_her_soothing);
    tcase_add_test(tc, age_scales_self_regulation);
    tcase_add_test(tc, presets_use_temperament);
    suite_add_tcase(s, tc);
    return s;
}
