/* The infant's slow behavioural state (issue 18 item 1; docs/MODEL.md
 * 2.10): the OU step of models/infant_state.h by its formula, the
 * stationary draw's mean and SD, the factor on a hazard, its use in one
 * step of models/infant.c, a state re-drawn each session but carried
 * within it, and the scenario parser's errors for the three keys.
 * Expected values are worked out by hand or numerically (a Gaussian
 * integral computed apart, in Python), not from the code. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>
#include "attune/infant.h"
#include "attune/scenario.h"
#include "models/infant_state.h"
#include "tests/fixture.h"

/* z' = z d + sqrt(1 - d^2) xi.
 * z 1.5, d = e^(-0.1/300), xi 0.7: 1.5 * 0.99966672 + 0.025813 * 0.7
 * = 1.5175710; z -0.4, d 0.5, xi 1.2: -0.2 + 0.8660254 * 1.2 = 0.8392305;
 * d 1 keeps z; d 0 is the draw itself. */
START_TEST(state_step_by_hand)
{
    double d = exp(-0.1 / 300);
    ck_assert_double_eq_tol(att_infant_state_next(1.5, d, att_infant_state_spread(d), 0.7),
                            1.5175709937, 1e-9);
    ck_assert_double_eq_tol(att_infant_state_next(-0.4, 0.5, att_infant_state_spread(0.5), 1.2),
                            0.8392304845, 1e-9);
    ck_assert_double_eq(att_infant_state_next(0.3, 1, att_infant_state_spread(1), 2.5), 0.3);
    ck_assert_double_eq(att_infant_state_next(0.3, 0, att_infant_state_spread(0), -1.25), -1.25);
    /* the spread by hand: sqrt(1 - 0.36) = 0.8, sqrt(1 - 0.64) = 0.6 */
    ck_assert_double_eq_tol(att_infant_state_spread(0.6), 0.8, 1e-15);
    ck_assert_double_eq_tol(att_infant_state_spread(0.8), 0.6, 1e-15);
}
END_TEST

/* exp(g z + g^2/2): g 0.8 at z 0.5: e^0.72 = 2.0544332; g -0.8: e^-0.08
 * = 0.9231163; g 1.35 at z -1: e^(-1.35 + 0.91125) = 0.6448420; g 0: 1. */
START_TEST(state_factor_by_hand)
{
    ck_assert_double_eq_tol(att_infant_state_factor(0.5, 0.8), 2.0544332106, 1e-9);
    ck_assert_double_eq_tol(att_infant_state_factor(0.5, -0.8), 0.9231163464, 1e-9);
    ck_assert_double_eq_tol(att_infant_state_factor(-1, 1.35), 0.6448419700, 1e-9);
    ck_assert_double_eq(att_infant_state_factor(2.7, 0), 1);
}
END_TEST

/* 200000 stationary draws: mean 0 (SE 0.0022), SD 1 (SE 0.0016), each
 * within 0.01; the mean of 1 / factor is 1 for any gain (SD of one term
 * sqrt(e^(g^2) - 1) = 2.28 at g 1.35, SE 0.0051, tolerance 0.025). */
START_TEST(state_stationary_draws)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    const int n = 200000;
    double sum = 0, sum2 = 0, inv = 0;
    for (int i = 0; i < n; i++) {
        double z = att_infant_state_draw(r);
        sum += z;
        sum2 += z * z;
        inv += 1.0 / att_infant_state_factor(z, 1.35);
    }
    double mean = sum / n, sd = sqrt(sum2 / n - mean * mean);
    ck_assert_double_eq_tol(mean, 0, 0.01);
    ck_assert_double_eq_tol(sd, 1, 0.01);
    ck_assert_double_eq_tol(inv / n, 1, 0.025);
    gsl_rng_free(r);
}
END_TEST

/* 20000 chains from the stationary draw, 10 steps at decay 0.8: still SD
 * 1 (within 0.03), and the correlation of the last value with the first is
 * 0.8^10 = 0.1073742 (SE about 0.007, tolerance 0.03). */
START_TEST(state_ou_keeps_stationary)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12);
    const int n = 20000;
    double s0 = 0, s1 = 0, s00 = 0, s11 = 0, s01 = 0;
    for (int i = 0; i < n; i++) {
        double z0 = att_infant_state_draw(r), z = z0;
        for (int k = 0; k < 10; k++)
            z = att_infant_state_next(z, 0.8, att_infant_state_spread(0.8), att_infant_state_draw(r));
        s0 += z0, s1 += z, s00 += z0 * z0, s11 += z * z, s01 += z0 * z;
    }
    double m0 = s0 / n, m1 = s1 / n, v0 = s00 / n - m0 * m0, v1 = s11 / n - m1 * m1;
    ck_assert_double_eq_tol(sqrt(v1), 1, 0.03);
    ck_assert_double_eq_tol((s01 / n - m0 * m1) / sqrt(v0 * v1), 0.1073742, 0.03);
    gsl_rng_free(r);
}
END_TEST

/* An infant with every event off but the one looked at. */
static void quiet_params(att_infant_params *p)
{
    att_infant_params_default(p);
    p->arousal_noise = 0;
    p->avert_rate = p->avert_arousal_rate = p->intrusion_avert_rate = 0;
    p->negative_rate = p->protest_rate = p->bid_rate = p->withdraw_rate = 0;
    p->selfcomfort_rate = p->return_rate = 0;
    p->greet_smile = 0;
    p->state_gaze = p->state_smile = 0;
}

/* Share of n fresh infants that smile (look away when `away`) in their
 * first 0.1-s step, under fully contingent play. */
static double first_step_share(const att_infant_params *p, int away, int n)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    att_care_signal play = { 0, 0, 0, 1, 1 };
    int hits = 0;
    for (int i = 0; i < n; i++) {
        att_infant *inf = att_infant_new(p, NULL);
        att_infant_step(inf, &play, 0.1, r);
        att_infant_state s;
        att_infant_state_get(inf, &s);
        hits += away ? s.gaze == ATT_GAZE_AWAY : s.affect == ATT_AFFECT_POSITIVE;
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    return (double)hits / n;
}

/* The first step uses z drawn from N(0, 1), so the share is
 * E[1 - exp(-h e^(g z + g^2/2) dt)], a Gaussian integral computed apart
 * (trapezoid rule over z in [-10, 10], Python): smiling at rate 1 with
 * state_smile 1: 0.2059354 (0.0951626 without the state); looking away at
 * avert_rate 1 (no build-up of the look) with state_gaze 0.8, the factor
 * e^(-0.8 z + 0.32): 0.1615396.  20000 infants: SE at most 0.0034,
 * tolerance 0.012. */
START_TEST(state_moves_hazards_in_one_step)
{
    att_infant_params p;
    quiet_params(&p);
    p.positive_rate = 1;
    ck_assert_double_eq_tol(first_step_share(&p, 0, 20000), 0.0951626, 0.012);
    p.state_smile = 1;
    ck_assert_double_eq_tol(first_step_share(&p, 0, 20000), 0.2059354, 0.012);
    quiet_params(&p);
    p.avert_rate = 1;
    p.look_build = 0;
    p.state_gaze = 0.8;
    ck_assert_double_eq_tol(first_step_share(&p, 1, 20000), 0.1615396, 0.012);
}
END_TEST

/* Smiling share of `steps` steps of contingent play (smiles start at
 * rate 1 and fade at rate 1, each moved by state_smile). */
static double smiling(att_infant *inf, int steps, gsl_rng *r)
{
    att_care_signal play = { 0, 0, 0, 1, 1 };
    int k = 0;
    for (int i = 0; i < steps; i++) {
        att_infant_step(inf, &play, 0.1, r);
        att_infant_state s;
        att_infant_state_get(inf, &s);
        k += s.affect == ATT_AFFECT_POSITIVE;
    }
    return (double)k / steps;
}

static double correlation(const double *x, const double *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < n; i++)
        sx += x[i], sy += y[i], sxx += x[i] * x[i], syy += y[i] * y[i], sxy += x[i] * y[i];
    double mx = sx / n, my = sy / n;
    return (sxy / n - mx * my) / sqrt((sxx / n - mx * mx) * (syy / n - my * my));
}

/* With state_tau far longer than a session, z is the infant's for the
 * whole session (the two halves of a session correlate strongly: above
 * 0.5) but a new session draws it afresh (the first halves of two
 * sessions do not: |r| < 0.1, SE about 0.03 for 1000 infants). */
START_TEST(state_redrawn_each_session)
{
    enum { N = 1000, HALF = 300 };
    static double a[N], b[N], c[N];
    att_infant_params p;
    quiet_params(&p);
    p.positive_rate = p.positive_loss_rate = 1;
    p.state_smile = 1.5;
    p.state_tau = 100000;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 13);
    for (int i = 0; i < N; i++) {
        att_infant *inf = att_infant_new(&p, NULL);
        a[i] = smiling(inf, HALF, r);
        b[i] = smiling(inf, HALF, r);
        att_infant_new_session(inf, 60);
        c[i] = smiling(inf, HALF, r);
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    ck_assert_double_gt(correlation(a, b, N), 0.5);
    ck_assert_double_lt(fabs(correlation(a, c, N)), 0.1);
}
END_TEST

/* A scenario file whose sixth line sets one state key. */
static int load_with(const char *line, att_error *err)
{
    char path[64], text[256];
    snprintf(text, sizeof text,
             "[scenario]\nduration = 10\n[caregiver]\npolicy = patient\n[infant]\n%s\n", line);
    temp_file(path, sizeof path, text);
    att_scenario *s = att_scenario_load(path, NULL, 0, err);
    int ok = s != NULL;
    if (!ok)  /* the message names the file and the line: FILE:6: */
        ck_assert_msg(strncmp(err->msg, path, strlen(path)) == 0
                      && strncmp(err->msg + strlen(path), ":6: ", 4) == 0, "%s", err->msg);
    att_scenario_free(s);
    unlink(path);
    return ok;
}

START_TEST(state_keys_parser_errors)
{
    const char *bad[] = { "state_tau = 0.5", "state_tau = 100001", "state_gaze = -0.1",
                          "state_gaze = 5.5", "state_smile = -1", "state_smile = abc" };
    const char *want[] = { "state_tau = 0.5 is out of range [1, 100000] s",
                           "state_tau = 100001 is out of range [1, 100000] s",
                           "state_gaze = -0.1 is out of range [0, 5] log-factor",
                           "state_gaze = 5.5 is out of range [0, 5] log-factor",
                           "state_smile = -1 is out of range [0, 5] log-factor",
                           "state_smile = abc is not a number" };
    for (int i = 0; i < 6; i++) {
        att_error err = { 0 };
        ck_assert_int_eq(load_with(bad[i], &err), 0);
        ck_assert_int_eq(err.code, ATT_EINPUT);
        ck_assert_msg(strstr(err.msg, want[i]) != NULL, "%s", err.msg);
    }
    att_error err = { 0 };
    ck_assert_msg(load_with("state_tau = 1", &err), "%s", err.msg);
    ck_assert_msg(load_with("state_gaze = 5", &err), "%s", err.msg);
    ck_assert_msg(load_with("state_smile = 0", &err), "%s", err.msg);
}
END_TEST

Suite *suite_infant_state(void)
{
    Suite *s = suite_create("infant_state");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, state_step_by_hand);
    tcase_add_test(tc, state_factor_by_hand);
    tcase_add_test(tc, state_stationary_draws);
    tcase_add_test(tc, state_ou_keeps_stationary);
    tcase_add_test(tc, state_moves_hazards_in_one_step);
    tcase_add_test(tc, state_redrawn_each_session);
    tcase_add_test(tc, state_keys_parser_errors);
    suite_add_tcase(s, tc);
    return s;
}
