/* The still face's course and its carry-over (session 17; docs/MODEL.md
 * 2.5 and 2.6, all off by default): looking away from bids gone
 * unanswered (unanswered_avert_rate), negative affect fed by upset
 * (upset_negative_rate) and the share of upset_shift that lowers the
 * negative-affect threshold (upset_threshold_share), in steps of
 * models/infant.c, and the scenario parser's errors for the three keys.
 * Expected values are worked out from the rules of docs/MODEL.md (2.1 for
 * L, 2.7 for hope H, 2.6 for upset U and the crying threshold of 2.7,
 * 2.4 for the step's probability 1 - exp(-h dt)), not from the code.
 * Tolerances are about 4 binomial standard errors of the sample used. */
#include <check.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "attune/infant.h"
#include "tests/fixture.h"

#define DT 0.1
#define TAU 0.1         /* contingency_tau: L_j = 1 - exp(-j DT / TAU) */
#define PERSIST 2.0     /* bid_persistence, at trust = trust_neutral */
#define AVERT 1.0       /* unanswered_avert_rate */
#define LONG_LOOK 1000  /* look_build: a look that builds for a quarter of an hour */

/* ---- a. looking away from bids gone unanswered ---- */

/* An infant who looks at her, bids without end from the first step and
 * does nothing else (as the frustration test's bidder): negative affect,
 * smiles, protest, withdrawal, looking back and the slow state off, trust
 * at the neutral point.  Her still face here sends no stimulation and the
 * lost contingency does not arouse (contingency_gain 0), so arousal rests
 * at 0.2 and the negative-affect logistic that can lift a look's hold
 * (2.5) is S(0.2; 0.85) = 2e-5 (threshold and width set so).  The other
 * mechanisms of sessions 11 and 17 are off. */
static void bidder(att_infant_params *p, double avert, double avert_rate, double look_build)
{
    att_infant_params_default(p);
    infant_mechanisms_off(p);
    p->negative_threshold = 0.85, p->arousal_width = 0.06;
    p->arousal_noise = 0;
    p->arousal_baseline = p->arousal_initial = 0.2;
    p->contingency_gain = 0;
    p->avert_rate = avert_rate;
    p->avert_arousal_rate = p->intrusion_avert_rate = 0;
    p->look_build = look_build;
    p->negative_rate = p->frustration_rate = p->positive_rate = 0;
    p->protest_rate = p->withdraw_rate = p->selfcomfort_rate = p->return_rate = 0;
    p->state_gaze = p->state_smile = 0;
    p->contingency_tau = TAU;
    p->bid_rate = 1e4;          /* a bid starts at the first step */
    p->bid_duration = 1e6;      /* and never ends */
    p->bid_persistence = PERSIST;
    p->trust_initial = p->trust_neutral = 0.5;
    p->unanswered_avert_rate = avert;
}

/* Share of n infants who have looked away within k steps of a still face
 * (contingency 0) or of contingent play (contingency 1). */
static double away_within(const att_infant_params *p, double contingency, int k, int n)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 17);
    att_care_signal sig = { 0, 0, 0, contingency, 0 };
    int away = 0;
    for (int i = 0; i < n; i++) {
        att_infant *inf = att_infant_new(p, NULL);
        ck_assert_ptr_nonnull(inf);
        att_infant_state s;
        int was = 0;
        for (int step = 1; step <= k && !was; step++) {
            att_infant_step(inf, &sig, DT, r);
            att_infant_state_get(inf, &s);
            was = s.gaze == ATT_GAZE_AWAY;
            if (step == 1 && !was && !att_infant_is_bid(s.behavior) && contingency == 0)
                ck_abort_msg("infant %d does not bid at the first step", i);
        }
        away += was;
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    return (double)away / n;
}

/* The sum over the steps of L_j (1 - H_j), from the rules.  A step updates
 * L first (2.1), then draws gaze (2.5), then affect, and only then hope
 * (the behaviour step, 2.7), so the gaze draw of step j reads this step's
 * L, L_j = 1 - exp(-j DT / TAU) from L = 0, and hope as at the step's
 * start.  The first bid starts in step 1 (after the gaze's draw), so
 * bidding has gone unanswered for (j - 2) DT when step j (j >= 2) draws:
 * H_j = exp(-(j - 2) DT / PERSIST); H_1 = 1.  (The draw is the one of
 * frustration, 2.6, in the gaze step.) */
static double unanswered_sum(int k)
{
    double sum = 0;
    for (int j = 2; j <= k; j++)
        sum += (1.0 - exp(-j * DT / TAU)) * (1.0 - exp(-(j - 2) * DT / PERSIST));
    return sum;
}

/* The sum over the steps of a long look's hold, 1 - exp(-t_look / look_build)
 * with t_look = j DT at step j's draw (counted from the session's start);
 * the negative-affect logistic at rest, 2e-5, is below it from step 1. */
static double hold_sum(int k)
{
    double sum = 0;
    for (int j = 1; j <= k; j++)
        sum += 1.0 - exp(-j * DT / LONG_LOOK);
    return sum;
}

/* Gaze stays at her through k steps with probability
 * prod_j exp(-AVERT L_j (1 - H_j) DT).  k = 30 (3 s): the sum is 13.30
 * (as in the frustration test), P = 0.736; k = 10: 1.564, P = 0.145.
 * 20000 infants: SE at most 0.0036, tolerance 0.014. */
START_TEST(unanswered_bids_turn_the_gaze_away)
{
    att_infant_params p;
    bidder(&p, AVERT, 0, 0);
    ck_assert_double_eq_tol(1.0 - exp(-AVERT * DT * unanswered_sum(30)), 0.736, 0.001);
    ck_assert_double_eq_tol(away_within(&p, 0, 30, 20000),
                            1.0 - exp(-AVERT * DT * unanswered_sum(30)), 0.014);
    ck_assert_double_eq_tol(away_within(&p, 0, 10, 20000),
                            1.0 - exp(-AVERT * DT * unanswered_sum(10)), 0.014);
}
END_TEST

/* The key's hazard acts at once, as looming does: a look's build-up does
 * not hold it.  With look_build 1000 s the share is the one of look_build
 * 0, draw for draw (no other urge to look away, so the same draws), and
 * the worked value above.  That the long look does hold what it should:
 * avert_rate 0.5 /s alone turns 1 - exp(-0.5 DT sum hold_j) = 0.0023 away
 * in 30 steps under it (0.78 without it); with the key on too the share is
 * 1 - exp(-DT (AVERT * 13.30 + 0.5 * 0.0465)) = 0.736.  20000 infants: SE
 * 0.0003 at 0.0023 (tolerance 0.0015), 0.0031 at 0.736 (0.014). */
START_TEST(unanswered_aversion_ignores_the_looks_build_up)
{
    att_infant_params quick, held;
    bidder(&quick, AVERT, 0, 0);
    bidder(&held, AVERT, 0, LONG_LOOK);
    double share = away_within(&held, 0, 30, 20000);
    ck_assert_double_eq(share, away_within(&quick, 0, 30, 20000));
    ck_assert_double_eq_tol(share, 1.0 - exp(-AVERT * DT * unanswered_sum(30)), 0.014);

    bidder(&held, 0, 0.5, LONG_LOOK);
    ck_assert_double_eq_tol(hold_sum(30), 0.0465, 0.0001);  /* the sum by hand */
    ck_assert_double_eq_tol(away_within(&held, 0, 30, 20000), 1.0 - exp(-0.5 * DT * hold_sum(30)),
                            0.0015);
    bidder(&held, AVERT, 0.5, LONG_LOOK);
    ck_assert_double_eq_tol(away_within(&held, 0, 30, 20000),
                            1.0 - exp(-DT * (AVERT * unanswered_sum(30) + 0.5 * hold_sum(30))),
                            0.014);
}
END_TEST

/* unanswered_avert_rate 0 is the old rule: nothing else turns this infant
 * away; and answered bids (contingent play: L = 0) never do. */
START_TEST(no_unanswered_aversion_without_the_key_or_with_answers)
{
    att_infant_params p;
    bidder(&p, 0, 0, 0);
    ck_assert_double_eq(away_within(&p, 0, 100, 2000), 0);
    bidder(&p, AVERT, 0, 0);
    ck_assert_double_eq(away_within(&p, 1, 100, 2000), 0);
}
END_TEST

/* ---- b, c. upset: negative affect it feeds, the threshold it lowers ---- */

#define UTAU 20.0       /* upset_tau */
#define KNEG 200        /* steps negative before the test: U0 = 1 - exp(-KNEG DT / UTAU) */
#define HELD 0.6        /* arousal, held */

/* An infant who looks at a contingent partner who neither stimulates,
 * intrudes nor soothes, with arousal held at HELD (noise off, baseline and
 * start there, no drive: L stays 0), and no route out of a neutral face
 * but the ones a test turns on: no smiles (she is not playful and it does
 * not bid), no looking away, no protest, no withdrawal, no slow state.
 * The thresholds are set to the values the tests work with (the defaults when
 * they were written), the mechanisms of sessions 11 and 17 off (a test
 * turns on the one it measures). */
static void still(att_infant_params *p)
{
    att_infant_params_default(p);
    infant_mechanisms_off(p);
    p->arousal_noise = 0;
    p->arousal_baseline = p->arousal_initial = HELD;
    p->arousal_width = 0.06;
    p->negative_threshold = 0.85, p->upset_shift = 0.6, p->distress_threshold = 0.88;
    p->avert_rate = p->avert_arousal_rate = p->intrusion_avert_rate = p->return_rate = 0;
    p->negative_rate = p->frustration_rate = p->positive_rate = 0;
    p->protest_rate = p->withdraw_rate = p->selfcomfort_rate = p->bid_rate = 0;
    p->state_gaze = p->state_smile = 0;
    p->upset_tau = UTAU;
}

/* The upset can be set only by being negative.  First the infant is made
 * negative (negative_threshold 0, negative_rate 100: within a step or two)
 * and held so (calm_rate 0) for KNEG steps; upset, 0 up to the onset's
 * step, relaxes towards 1 from the next: U0 = 1 - exp(-KNEG DT / UTAU) =
 * 1 - e^-1.  *cry is the first of those steps in which it cries.  Then
 * the keys `after` and a new session at no interval: the face neutral,
 * upset kept. */
static att_infant *upset_infant(const att_infant_params *after, const att_care_signal *sig,
                                gsl_rng *r, int *cry)
{
    att_infant_params first = *after;
    first.negative_threshold = 0, first.negative_rate = 100, first.calm_rate = 0;
    first.upset_negative_rate = 0, first.upset_soothe_rate = 0;
    att_infant *inf = att_infant_new(&first, NULL);
    ck_assert_ptr_nonnull(inf);
    att_infant_state s;
    int step = 0, held = 1;  /* (asserts once: a check per step would cost a syscall) */
    do {
        att_infant_step(inf, sig, DT, r);
        att_infant_state_get(inf, &s);
    } while (s.affect != ATT_AFFECT_NEGATIVE && ++step < 50);
    held = s.affect == ATT_AFFECT_NEGATIVE && s.behavior != ATT_IB_DISTRESS;  /* no upset yet */
    *cry = -1;
    for (int i = 1; i <= KNEG; i++) {
        att_infant_step(inf, sig, DT, r);
        att_infant_state_get(inf, &s);
        held &= s.affect == ATT_AFFECT_NEGATIVE && s.gaze == ATT_GAZE_AT
                && fabs(s.arousal - HELD) < 1e-12;
        if (*cry < 0 && s.behavior == ATT_IB_DISTRESS)
            *cry = i;
    }
    att_infant_set_params(inf, after);
    att_infant_new_session(inf, 0);
    att_infant_state_get(inf, &s);
    held &= s.affect == ATT_AFFECT_NEUTRAL;
    if (!held)
        ck_abort_msg("the upset infant was not made as planned");
    return inf;
}

/* Share of n upset infants (keys p) whose face turns negative within k
 * steps of her signal `then` (the upset made under contingent play, no
 * soothing); *cry as upset_infant's, the same for every infant. */
static double negative_within_then(const att_infant_params *p, att_care_signal then, int k,
                                   int n, int *cry)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 17);
    att_care_signal sig = { 0, 0, 0, 1, 0 };
    int negative = 0;
    *cry = -2;
    for (int i = 0; i < n; i++) {
        int c;
        att_infant *inf = upset_infant(p, &sig, r, &c);
        if (*cry != -2 && c != *cry)
            ck_abort_msg("infant %d first cries at %d, not %d", i, c, *cry);
        *cry = c;
        att_infant_state s;
        int was = 0;
        for (int step = 1; step <= k && !was; step++) {
            att_infant_step(inf, &then, DT, r);
            att_infant_state_get(inf, &s);
            was = s.affect == ATT_AFFECT_NEGATIVE;
        }
        negative += was;
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    return (double)negative / n;
}

static double negative_within(const att_infant_params *p, int k, int n, int *cry)
{
    att_care_signal play = { 0, 0, 0, 1, 0 };
    return negative_within_then(p, play, k, n, cry);
}

/* Upset at step j of the test, from 2.6's relaxation: the face is neutral
 * from the new session on, so each step (before the affect's draw) takes
 * U towards 0: U_j = U0 exp(-j DT (1 / UTAU + discharge)), discharge (1/s)
 * the rate at which her soothing discharges it (0 without). */
static double upset_at(int j, double discharge)
{
    return (1.0 - exp(-KNEG * DT / UTAU)) * exp(-j * DT * (1.0 / UTAU + discharge));
}

/* 2.3's logistic around the threshold, arousal_width 0.06. */
static double logistic(double a, double threshold)
{
    return 1.0 / (1.0 + exp(-(a - threshold) / 0.06));
}

/* upset_negative_rate r: the face stays neutral through k steps with
 * probability prod_j exp(-r U_j DT).  r = 0.5 /s, k = 30: sum U_j = 17.57,
 * P = 0.585; k = 10: 6.150, P = 0.265.  20000 infants: SE at most 0.0035,
 * tolerance 0.014. */
START_TEST(upset_turns_the_face_negative)
{
    att_infant_params p;
    still(&p);
    p.upset_negative_rate = 0.5;
    double sum30 = 0, sum10 = 0;
    for (int j = 1; j <= 30; j++)
        sum30 += upset_at(j, 0), sum10 += j <= 10 ? upset_at(j, 0) : 0;
    ck_assert_double_eq_tol(sum30, 17.57, 0.01);  /* the sums by hand */
    ck_assert_double_eq_tol(sum10, 6.150, 0.001);
    int cry;
    ck_assert_double_eq_tol(negative_within(&p, 30, 20000, &cry), 1.0 - exp(-0.5 * DT * sum30),
                            0.014);
    ck_assert_double_eq_tol(negative_within(&p, 10, 20000, &cry), 1.0 - exp(-0.5 * DT * sum10),
                            0.014);
}
END_TEST

/* Her soothing discharges upset (upset_soothe_rate k, 2.6): while she
 * soothes at s, U relaxes to 0 (the face neutral) at 1/UTAU + k s, so
 * U_j = U0 exp(-j DT (1/UTAU + k s)).  k = 1 /s, s = 0.5: rate 0.55 /s,
 * sum over j = 1-30 of U_j = 9.033 (against 17.57 unsoothed), and with
 * upset_negative_rate 0.5 /s the face turns negative within 30 steps
 * with P = 1 - exp(-0.5 DT 9.033) = 0.363 (0.585 unsoothed).  Her
 * soothing lowers his arousal too, but nothing else here can turn the
 * face negative: the arousal route is off (negative_rate 0).  With k 0
 * the unsoothed sum holds whatever she does.  20000 infants, tolerance
 * 0.014 as above. */
START_TEST(her_soothing_discharges_upset)
{
    att_infant_params p;
    still(&p);
    p.upset_negative_rate = 0.5;
    p.upset_soothe_rate = 1;
    double sum = 0;
    for (int j = 1; j <= 30; j++)
        sum += upset_at(j, 0.5);
    ck_assert_double_eq_tol(sum, 9.033, 0.001);  /* the sum by hand */
    att_care_signal soothing = { 0, 0, 0.5, 1, 0 };
    int cry;
    ck_assert_double_eq_tol(negative_within_then(&p, soothing, 30, 20000, &cry),
                            1.0 - exp(-0.5 * DT * sum), 0.014);
    p.upset_soothe_rate = 0;
    ck_assert_double_eq_tol(negative_within_then(&p, soothing, 30, 20000, &cry),
                            1.0 - exp(-0.5 * DT * 17.57), 0.014);
}
END_TEST

/* upset_negative_rate 0 is the old rule: with the arousal route and
 * frustration off, an upset infant's neutral face stays neutral. */
START_TEST(no_upset_onsets_without_the_key)
{
    att_infant_params p;
    still(&p);
    int cry;
    ck_assert_double_eq(negative_within(&p, 100, 2000, &cry), 0);
}
END_TEST

/* upset_threshold_share s: the arousal route, negative_rate 0.8 /s at
 * arousal 0.6, has hazard 0.8 S(0.6; 0.85 - s 0.6 U_j) (negative_threshold
 * 0.85, upset_shift 0.6).  k = 10 steps: s = 1 gives P = 0.505 (threshold
 * 0.47 at the start), s = 0.3 gives 0.069 (0.74), s = 0 the threshold
 * itself, 0.012.  20000 infants: SE at most 0.0036, tolerance 0.014.
 * The crying threshold (2.7, a hard cut) takes all of upset_shift
 * whatever s: the infant, held negative, cries from the first step i of
 * it with 0.6 > 0.88 - 0.6 (1 - exp(-i DT / UTAU)), i = 126
 * (0.5996 there, 0.6012 at 125). */
START_TEST(upset_lowers_the_negative_threshold_by_its_share)
{
    const double share[] = { 1, 0.3, 0 }, want[] = { 0.505, 0.069, 0.012 };
    int first_cry = 1;
    while (!(HELD > 0.88 - 0.6 * (1.0 - exp(-first_cry * DT / UTAU))))
        first_cry++;
    ck_assert_int_eq(first_cry, 126);
    for (int i = 0; i < 3; i++) {
        att_infant_params p;
        still(&p);
        p.negative_rate = 0.8;
        p.upset_threshold_share = share[i];
        double sum = 0;
        for (int j = 1; j <= 10; j++)
            sum += logistic(HELD, 0.85 - share[i] * 0.6 * upset_at(j, 0));
        double expected = 1.0 - exp(-0.8 * DT * sum);
        ck_assert_double_eq_tol(expected, want[i], 0.001);  /* the value by hand */
        int cry;
        ck_assert_double_eq_tol(negative_within(&p, 10, 20000, &cry), expected, 0.014);
        ck_assert_int_eq(cry, first_cry);
    }
}
END_TEST

/* ---- d. the parser ---- */

START_TEST(upset_keys_parser_errors)
{
    const char *const bad[] = { "infant.unanswered_avert_rate=-1",
                                "infant.unanswered_avert_rate=fast",
                                "infant.upset_negative_rate=101",
                                "infant.upset_negative_rate=often",
                                "infant.upset_threshold_share=1.5",
                                "infant.upset_threshold_share=-0.1",
                                "infant.upset_threshold_share=half" };
    const char *const want[] = { "unanswered_avert_rate = -1 is out of range [0, 100] 1/s",
                                 "unanswered_avert_rate = fast is not a number",
                                 "upset_negative_rate = 101 is out of range [0, 100] 1/s",
                                 "upset_negative_rate = often is not a number",
                                 "upset_threshold_share = 1.5 is out of range [0, 1]",
                                 "upset_threshold_share = -0.1 is out of range [0, 1]",
                                 "upset_threshold_share = half is not a number" };
    const char *const good[] = { "infant.unanswered_avert_rate=0.5",
                                 "infant.upset_negative_rate=0.2",
                                 "infant.upset_threshold_share=0.3" };
    expect_set_errors(bad, want, 7, good, 3);
}
END_TEST

Suite *suite_infant_upset(void)
{
    Suite *s = suite_create("infant_upset");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, unanswered_bids_turn_the_gaze_away);
    tcase_add_test(tc, unanswered_aversion_ignores_the_looks_build_up);
    tcase_add_test(tc, no_unanswered_aversion_without_the_key_or_with_answers);
    tcase_add_test(tc, upset_turns_the_face_negative);
    tcase_add_test(tc, her_soothing_discharges_upset);
    tcase_add_test(tc, no_upset_onsets_without_the_key);
    tcase_add_test(tc, upset_lowers_the_negative_threshold_by_its_share);
    tcase_add_test(tc, upset_keys_parser_errors);
    suite_add_tcase(s, tc);
    return s;
}
