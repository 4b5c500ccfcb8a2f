/* A smile's time course (issue 18 items 8 and 1; docs/MODEL.md 2.6): the
 * build-up of its fading (smile_build) and the pause after it
 * (smile_refractory) in steps of models/infant.c, and the scenario
 * parser's errors for the two keys.  Expected values are worked out from
 * the hazards of docs/MODEL.md 2.6 and the step's probability
 * 1 - exp(-h dt), not from the code. */
#include <check.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>
#include "attune/infant.h"
#include "attune/scenario.h"
#include "tests/fixture.h"

#define DT 0.1

/* An infant who only looks at her and smiles: gaze, negative affect,
 * bids, protest and the slow state off; she plays fully contingently. */
static void smile_only(att_infant_params *p)
{
    att_infant_params_default(p);
    p->arousal_noise = 0;
    p->avert_rate = p->avert_arousal_rate = p->intrusion_avert_rate = 0;
    p->negative_rate = p->protest_rate = p->bid_rate = p->withdraw_rate = 0;
    p->selfcomfort_rate = p->return_rate = 0;
    p->greet_smile = 0;
    p->state_gaze = p->state_smile = 0;
}

static const att_care_signal play = { 0, 0, 0, 1, 1 };

/* Share of smiles that end within `k` steps (last fewer than k * DT s),
 * over n smiles each begun at an infant's first step (positive_rate 1000:
 * a sure start), fading at positive_loss_rate 0.5 built up over `build`. */
static double short_smiles(double build, int k, int n)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    att_infant_params p;
    smile_only(&p);
    p.positive_rate = 1000;
    p.positive_loss_rate = 0.5;
    p.smile_build = build;
    int ended = 0;
    for (int i = 0; i < n; i++) {
        att_infant *inf = att_infant_new(&p, NULL);
        att_infant_state s;
        att_infant_step(inf, &play, DT, r);
        att_infant_state_get(inf, &s);
        ck_assert_int_eq(s.affect, ATT_AFFECT_POSITIVE);
        for (int step = 1; step < k && s.affect == ATT_AFFECT_POSITIVE; step++) {
            att_infant_step(inf, &play, DT, r);
            att_infant_state_get(inf, &s);
        }
        ended += s.affect != ATT_AFFECT_POSITIVE;
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    return (double)ended / n;
}

/* The smile's time grows by DT before each draw: at the j-th step after
 * its start the hazard is 0.5 (1 - e^(-j DT / b)).  Ending within 9 steps
 * after the start (under 1 s):
 *   P = 1 - exp(-DT * 0.5 * sum_{j=1..9} (1 - e^(-0.1 j / b))).
 * b = 1.5: sum = 9 - e^(-1/15)(1 - e^(-0.6))/(1 - e^(-1/15)) = 9 - 6.544738 =
 * 2.455262 (e^(-1/15) = 0.935507, 1 - e^(-0.6) = 0.451188, 1 - e^(-1/15)
 * = 0.064493), P = 1 - e^(-0.122763) = 0.115527.  b = 0 (no build-up):
 * P = 1 - e^(-0.45) = 0.362372.  20000 smiles: SE at most 0.0034,
 * tolerance 0.012. */
START_TEST(smile_build_lengthens_short_smiles)
{
    ck_assert_double_eq_tol(short_smiles(1.5, 10, 20000), 0.115527, 0.012);
    ck_assert_double_eq_tol(short_smiles(0, 10, 20000), 0.362372, 0.012);
}
END_TEST

/* Share of pauses between smiles that end (a new smile) within 10 steps of
 * the step a smile ended, over n pauses of one infant: positive_rate 1,
 * smiles end at their next step (positive_loss_rate 100, no build-up).
 * The pause's time is 0 at the first draw after the end and grows by DT
 * each step: at the j-th step the hazard is 1 - e^(-(j-1) DT / R), so
 *   P = 1 - exp(-DT * sum_{j=1..10} (1 - e^(-(j-1) 0.1 / R))).
 * R = 1: sum = 10 - (1 - e^-1)/(1 - e^-0.1) = 10 - 0.632121/0.095163 =
 * 3.357467, P = 1 - e^(-0.3357467) = 0.285196.  R = 0: P = 1 - e^-1 =
 * 0.632121.  SE at most 0.0035 with 20000 pauses, tolerance 0.012. */
static double quick_returns(double refractory, int n)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 13);
    att_infant_params p;
    smile_only(&p);
    p.positive_rate = 1;
    p.positive_loss_rate = 100;
    p.smile_build = 0;
    p.smile_refractory = refractory;
    att_infant *inf = att_infant_new(&p, NULL);
    att_infant_state s;
    int pauses = 0, quick = 0, since = -1;  /* since: steps since a smile ended */
    while (pauses < n) {
        att_infant_step(inf, &play, DT, r);
        att_infant_state_get(inf, &s);
        if (s.affect == ATT_AFFECT_POSITIVE) {
            if (since >= 0) {
                pauses++;
                quick += since < 10;  /* the j-th step after the end, j = since + 1 */
            }
            since = -1;
        } else if (since >= 0) {
            since++;
        } else {
            since = 0;  /* the step the smile ended; the pause is counted from the next */
        }
    }
    att_infant_free(inf);
    gsl_rng_free(r);
    return (double)quick / n;
}

START_TEST(smile_refractory_holds_back_the_next)
{
    ck_assert_double_eq_tol(quick_returns(1, 20000), 0.285196, 0.012);
    ck_assert_double_eq_tol(quick_returns(0, 20000), 0.632121, 0.012);
}
END_TEST

START_TEST(smile_keys_parser_errors)
{
    const char *const bad[] = { "infant.smile_build=-1", "infant.smile_build=101",
                                "infant.smile_refractory=-0.5", "infant.smile_refractory=soon" };
    const char *const want[] = { "smile_build = -1 is out of range [0, 100] s",
                                 "smile_build = 101 is out of range [0, 100] s",
                                 "smile_refractory = -0.5 is out of range [0, 100] s",
                                 "smile_refractory = soon is not a number" };
    const char *const good[] = { "infant.smile_build=0", "infant.smile_refractory=2.5" };
    expect_set_errors(bad, want, 4, good, 2);
}
END_TEST

Suite *suite_infant_smile(void)
{
    Suite *s = suite_create("infant_smile");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, smile_build_lengthens_short_smiles);
    tcase_add_test(tc, smile_refractory_holds_back_the_next);
    tcase_add_test(tc, smile_keys_parser_errors);
    suite_add_tcase(s, tc);
    return s;
}
