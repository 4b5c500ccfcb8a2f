/* Negative affect from bids gone unanswered (issue 18 items 2, 3 and 10;
 * docs/MODEL.md 2.6): the hazard frustration_rate * L * (1 - H) of a
 * neutral face turning negative, in steps of models/infant.c, and the
 * scenario parser's errors for the key.  Expected values are worked out
 * from the rules of docs/MODEL.md (2.1 for L, 2.7 for hope H, 2.4 for the
 * step's probability 1 - exp(-h dt)), not from the code. */
#include <check.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "attune/infant.h"
#include "tests/fixture.h"

#define DT 0.1
#define TAU 0.1         /* contingency_tau: L_j = 1 - exp(-j DT / TAU) */
#define PERSIST 2.0     /* bid_persistence, at trust = trust_neutral */
#define FRUS 0.5        /* frustration_rate */

/* An infant who looks at her, bids without end from the first step and
 * does nothing else: the arousal route to negative affect (negative_rate),
 * smiles, gaze, protest, withdrawal, the slow state and the mechanisms of
 * sessions 11 and 17 (looking away from unanswered bids, upset's onsets)
 * off; trust at the neutral point, so that bid persistence is the key's
 * own. */
static void bidder(att_infant_params *p, double frustration)
{
    att_infant_params_default(p);
    infant_mechanisms_off(p);
    p->arousal_noise = 0;
    p->avert_rate = p->avert_arousal_rate = p->intrusion_avert_rate = 0;
    p->negative_rate = p->positive_rate = p->protest_rate = p->withdraw_rate = 0;
    p->selfcomfort_rate = p->return_rate = 0;
    p->state_gaze = p->state_smile = 0;
    p->contingency_tau = TAU;
    p->bid_rate = 1e4;          /* a bid starts at the first step */
    p->bid_duration = 1e6;      /* and never ends */
    p->bid_persistence = PERSIST;
    p->trust_initial = p->trust_neutral = 0.5;
    p->frustration_rate = frustration;
}

/* Share of n infants whose face has turned negative within k steps of a
 * still face (contingency 0) or of contingent play (contingency 1). */
static double negative_within(double frustration, double contingency, int k, int n)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 17);
    att_infant_params p;
    bidder(&p, frustration);
    att_care_signal sig = { 0.15, 0, 0, contingency, 0 };
    int negative = 0;
    for (int i = 0; i < n; i++) {
        att_infant *inf = att_infant_new(&p, NULL);
        ck_assert_ptr_nonnull(inf);
        att_infant_state s;
        int was = 0;
        for (int step = 1; step <= k && !was; step++) {
            att_infant_step(inf, &sig, DT, r);
            att_infant_state_get(inf, &s);
            if (step == 1)
                ck_assert(att_infant_is_bid(s.behavior) || contingency > 0);
            was = s.affect == ATT_AFFECT_NEGATIVE;
        }
        negative += was;
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    return (double)negative / n;
}

/* The expected share, from the rules.  In a still face, L after step j is
 * L_j = 1 - exp(-j DT / TAU) (2.1, from L = 0).  The first bid starts in
 * step 1 (after the affect's draw), so bidding has gone unanswered for
 * (j - 2) DT when step j (j >= 2) draws, and hope as at that step's start
 * is H_j = exp(-(j - 2) DT / PERSIST); H_1 = 1.  The face stays neutral
 * through k steps with probability prod_j exp(-FRUS L_j (1 - H_j) DT). */
static double expected_within(int k)
{
    double sum = 0;
    for (int j = 2; j <= k; j++)
        sum += (1.0 - exp(-j * DT / TAU)) * (1.0 - exp(-(j - 2) * DT / PERSIST));
    return 1.0 - exp(-FRUS * DT * sum);
}

/* k = 30 (3 s): sum = 13.30 (L_j is 1 from j = 5 within 0.007), P = 0.486;
 * k = 10: sum = 1.564, P = 0.075.  20000 infants: SE at most 0.0036, tolerance 0.012. */
START_TEST(unanswered_bids_turn_the_face_negative)
{
    ck_assert_double_eq_tol(expected_within(30), 0.486, 0.001);  /* the sum by hand */
    ck_assert_double_eq_tol(negative_within(FRUS, 0, 30, 20000), expected_within(30), 0.012);
    ck_assert_double_eq_tol(negative_within(FRUS, 0, 10, 20000), expected_within(10), 0.012);
}
END_TEST

/* frustration_rate 0 is the old rule: without the arousal route nothing
 * turns the face negative; and answered bids (contingent play: L = 0, no
 * unanswered time) never frustrate. */
START_TEST(no_frustration_without_the_key_or_with_answers)
{
    ck_assert_double_eq(negative_within(0, 0, 100, 2000), 0);
    ck_assert_double_eq(negative_within(FRUS, 1, 100, 2000), 0);
}
END_TEST

START_TEST(frustration_key_parser_errors)
{
    const char *const bad[] = { "infant.frustration_rate=-0.1", "infant.frustration_rate=101",
                                "infant.frustration_rate=often" };
    const char *const want[] = { "frustration_rate = -0.1 is out of range [0, 100] 1/s",
                                 "frustration_rate = 101 is out of range [0, 100] 1/s",
                                 "frustration_rate = often is not a number" };
    const char *const good[] = { "infant.frustration_rate=0.2" };
    expect_set_errors(bad, want, 3, good, 1);
}
END_TEST

Suite *suite_infant_frustration(void)
{
    Suite *s = suite_create("infant_frustration");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, unanswered_bids_turn_the_face_negative);
    tcase_add_test(tc, no_frustration_without_the_key_or_with_answers);
    tcase_add_test(tc, frustration_key_parser_errors);
    suite_add_tcase(s, tc);
    return s;
}
