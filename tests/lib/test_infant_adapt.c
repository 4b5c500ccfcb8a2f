/* Adaptation to the infant's own arousal (docs/MODEL.md 2.11; on by
 * default since session 19): the negative-affect threshold lifted by
 * arousal_adaptation * M * (1 - threshold), M the arousal adapted to over
 * adaptation_tau, and the end of a negative bout seeing calm_adaptation of
 * that lift; in steps of models/infant.c, the key 0 leaving every state as
 * without it, and the scenario parser's errors for the keys.  Expected
 * values are worked out from the rules of docs/MODEL.md (2.11 for M and the
 * threshold, 2.6 for the hazard negative_rate * S(A; threshold), 2.4 for
 * the step's probability 1 - exp(-h dt)), not from the code.  The same
 * held infant measures the distress-prone minority's gains (2.12):
 * negative_rate times prone_negative_gain and calm_rate times
 * prone_calm_gain, each to the power distress_prone. */
#include <check.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "attune/infant.h"
#include "tests/fixture.h"

#define DT 0.1
#define THRESHOLD 0.6   /* negative_threshold */
#define WIDTH 0.06      /* arousal_width (its default until session 28) */

/* An infant whose arousal stays where it starts (no drive, no calming,
 * no noise: A = arousal_baseline = arousal_initial = a) and that only
 * looks at her, neutral, until its face turns negative at negative_rate
 * `rate` * S(A; threshold): gaze, smiles, bids, protest, withdrawal,
 * frustration, upset, the slow state and the other mechanisms of sessions
 * 11 and 17 off. */
static void still(att_infant_params *p, double a, double rate, double adaptation, double tau)
{
    att_infant_params_default(p);
    infant_mechanisms_off(p);
    p->arousal_noise = 0;
    p->arousal_baseline = p->arousal_initial = a;
    p->avert_rate = p->avert_arousal_rate = p->intrusion_avert_rate = p->return_rate = 0;
    p->positive_rate = p->bid_rate = p->protest_rate = p->withdraw_rate = 0;
    p->selfcomfort_rate = p->frustration_rate = 0;
    p->upset_tau = 0;
    p->state_gaze = p->state_smile = 0;
    p->negative_threshold = THRESHOLD;
    p->arousal_width = WIDTH;
    p->negative_rate = rate;
    p->arousal_adaptation = adaptation;
    p->adaptation_tau = tau;
}

/* No stimulation, intrusion or soothing, full contingency: u = v = 0. */
static const att_care_signal calm = { 0, 0, 0, 1, 0 };

/* Share of n infants negative within k steps.  With `from` >= 0 each
 * infant starts at arousal `from` (so adapted to it), then its resting and
 * initial arousal become p's (arousal_tau 0.1 s) and a session begins
 * `interval` s later: arousal is then p's own (exp(-interval / 0.1) is 0
 * in double precision for the intervals used) and M has relaxed from
 * `from` towards it over the interval. */
static double negative_within(const att_infant_params *p, double from, double interval, int k,
                              int n)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 23);
    att_infant_params start = *p;
    if (from >= 0)
        start.arousal_baseline = start.arousal_initial = from;
    int negative = 0;
    for (int i = 0; i < n; i++) {
        att_infant *inf = att_infant_new(&start, NULL);
        ck_assert_ptr_nonnull(inf);
        if (from >= 0) {
            att_infant_params now = *p;
            now.arousal_tau = 0.1;
            att_infant_set_params(inf, &now);
            att_infant_new_session(inf, interval);
        }
        att_infant_state s;
        int was = 0;
        for (int step = 1; step <= k && !was; step++) {
            att_infant_step(inf, &calm, DT, r);
            att_infant_state_get(inf, &s);
            ck_assert_double_eq_tol(s.arousal, p->arousal_initial, 1e-12);  /* held */
            was = s.affect == ATT_AFFECT_NEGATIVE;
        }
        negative += was;
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    return (double)negative / n;
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* Arousal held at 0.6 from the start, so M = 0.6 throughout.  With
 * arousal_adaptation 0.5 the threshold is 0.6 + 0.5 * 0.6 * 0.4 = 0.72 and
 * S = logistic((0.6 - 0.72) / 0.06) = logistic(-2) = 0.119203; at
 * negative_rate 2 /s over 10 steps (1 s) the share negative is
 * 1 - exp(-2 * 0.119203) = 0.212; without adaptation S = 0.5 and it is
 * 1 - exp(-1) = 0.632.  20000 infants: SE at most 0.0035, tolerance 0.012. */
START_TEST(adapted_threshold_at_constant_arousal)
{
    ck_assert_double_eq_tol(logistic((0.6 - 0.72) / WIDTH), 0.119203, 1e-6);
    att_infant_params p;
    still(&p, 0.6, 2.0, 0.5, 60);
    ck_assert_double_eq_tol(negative_within(&p, -1, 0, 10, 20000), 0.212, 0.012);
    still(&p, 0.6, 2.0, 0, 60);
    ck_assert_double_eq_tol(negative_within(&p, -1, 0, 10, 20000), 1.0 - exp(-1.0), 0.012);
}
END_TEST

/* M follows arousal.  Adapted to 0.3, the infant rests at 0.6 from a
 * session that starts 10 ln 2 s later (adaptation_tau 10 s): M = 0.6 -
 * 0.3 / 2 = 0.45 at the session's start, then after step j (arousal 0.6
 * held) M_j = 0.6 - 0.15 exp(-j DT / 10).  With arousal_adaptation 1 the
 * threshold of step j is 0.6 + 0.4 M_j, and the face stays neutral through
 * k steps with probability prod_j exp(-5 S(0.6; 0.6 + 0.4 M_j) DT).  Over
 * 100 steps: the sum of S is 3.371 (M from 0.4515 to 0.5448), P = 0.815;
 * with M held at 0.45 it would be 0.907, and at 0.6 (no memory of the
 * adapted 0.3) 0.593. */
static double expected_relaxing(int k)
{
    double sum = 0;
    for (int j = 1; j <= k; j++) {
        double m = 0.6 - 0.15 * exp(-j * DT / 10.0);
        sum += logistic((0.6 - (0.6 + 0.4 * m)) / WIDTH);
    }
    return 1.0 - exp(-5.0 * DT * sum);
}

START_TEST(adapted_level_follows_arousal)
{
    ck_assert_double_eq_tol(expected_relaxing(100), 0.815, 0.001);  /* the sum by hand */
    att_infant_params p;
    still(&p, 0.6, 5.0, 1.0, 10);
    ck_assert_double_eq_tol(negative_within(&p, 0.3, 10 * log(2.0), 100, 20000),
                            expected_relaxing(100), 0.012);
    ck_assert_double_eq_tol(negative_within(&p, 0.3, 10 * log(2.0), 30, 20000),
                            expected_relaxing(30), 0.012);
}
END_TEST

/* Share of n infants, made negative at the first step and then held at
 * arousal 0.6 (adapted to it: M = 0.6), whose negative bout has ended
 * within k steps at calm_rate 2 /s times 1 - S(A; t_c), t_c the threshold
 * lifted by calm_adaptation c of arousal_adaptation 1 (docs/MODEL.md 2.11):
 * t_c = 0.6 + c * 0.6 * 0.4. */
static double calm_within(double c, double prone, int k, int n)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 29);
    att_infant_params upset, p;
    still(&p, 0.6, 0, 1.0, 60);
    p.calm_rate = 2;
    p.calm_adaptation = c;
    p.distress_prone = prone;
    p.prone_calm_gain = 0.15;
    upset = p;
    upset.negative_threshold = 0;     /* S(0.6; 0) = 1 - 4.5e-5 at width 0.06 */
    upset.negative_rate = 1000;       /* negative at the first step but 1 in e^99 */
    upset.arousal_adaptation = 0;
    upset.distress_prone = 0;         /* prone only from set_params on: its rates follow */
    int calmed = 0;
    for (int i = 0; i < n; i++) {
        att_infant *inf = att_infant_new(&upset, NULL);
        ck_assert_ptr_nonnull(inf);
        att_infant_state s;
        att_infant_step(inf, &calm, DT, r);
        att_infant_state_get(inf, &s);
        ck_assert_int_eq(s.affect, ATT_AFFECT_NEGATIVE);
        att_infant_set_params(inf, &p);
        for (int step = 1; step <= k && s.affect == ATT_AFFECT_NEGATIVE; step++) {
            att_infant_step(inf, &calm, DT, r);
            att_infant_state_get(inf, &s);
        }
        calmed += s.affect != ATT_AFFECT_NEGATIVE;
        att_infant_free(inf);
    }
    gsl_rng_free(r);
    return (double)calmed / n;
}

/* calm_adaptation: over 10 steps (1 s) a bout ends with probability
 * 1 - exp(-2 (1 - S(0.6; t_c))).  c = 1: t_c 0.84, S = logistic(-4) =
 * 0.017986, 0.8598; c = 0.5: t_c 0.72, S = 0.119203, 0.8283; c = 0 (calming
 * needs arousal under the unlifted 0.6): S = 0.5, 1 - e^-1 = 0.6321.
 * 20000 infants: SE at most 0.0035, tolerance 0.012. */
START_TEST(calming_sees_a_share_of_adaptation)
{
    ck_assert_double_eq_tol(1.0 - exp(-2.0 * (1.0 - logistic(-4.0))), 0.8598, 1e-4);
    ck_assert_double_eq_tol(1.0 - exp(-2.0 * (1.0 - logistic(-2.0))), 0.8283, 1e-4);
    ck_assert_double_eq_tol(calm_within(1, 0, 10, 20000), 0.8598, 0.012);
    ck_assert_double_eq_tol(calm_within(0.5, 0, 10, 20000), 0.8283, 0.012);
    ck_assert_double_eq_tol(calm_within(0, 0, 10, 20000), 1.0 - exp(-1.0), 0.012);
}
END_TEST

/* The distress-prone infant (2.12) calms at calm_rate times
 * prone_calm_gain^distress_prone: with calm_adaptation 1 as above (S =
 * logistic(-4)) and the gain 0.15, over 1 s 1 - exp(-2 * 0.15 * (1 -
 * 0.017986)) = 0.2551 when prone, 1 - exp(-2 * sqrt(0.15) * 0.982014) =
 * 0.5327 at distress_prone 0.5 (0.8598 when not, above). */
START_TEST(prone_infant_calms_slower)
{
    ck_assert_double_eq_tol(1.0 - exp(-0.3 * (1.0 - logistic(-4.0))), 0.2551, 1e-4);
    ck_assert_double_eq_tol(1.0 - exp(-2.0 * sqrt(0.15) * (1.0 - logistic(-4.0))), 0.5327, 1e-4);
    ck_assert_double_eq_tol(calm_within(1, 1, 10, 20000), 0.2551, 0.012);
    ck_assert_double_eq_tol(calm_within(1, 0.5, 10, 20000), 0.5327, 0.012);
}
END_TEST

/* ... and turns negative at negative_rate times prone_negative_gain^
 * distress_prone: arousal held at the threshold 0.6 (S = 0.5, no
 * adaptation), negative_rate 0.2 /s, gain 10: over 1 s 1 - exp(-0.1) =
 * 0.0952 when not prone, 1 - exp(-1) = 0.6321 when prone, and 1 -
 * exp(-0.1 sqrt(10)) = 0.2711 at distress_prone 0.5. */
START_TEST(prone_infant_turns_negative_sooner)
{
    att_infant_params p;
    still(&p, 0.6, 0.2, 0, 60);
    p.prone_negative_gain = 10;
    ck_assert_double_eq_tol(negative_within(&p, -1, 0, 10, 20000), 1.0 - exp(-0.1), 0.012);
    p.distress_prone = 1;
    ck_assert_double_eq_tol(negative_within(&p, -1, 0, 10, 20000), 1.0 - exp(-1.0), 0.012);
    p.distress_prone = 0.5;
    ck_assert_double_eq_tol(negative_within(&p, -1, 0, 10, 20000), 1.0 - exp(-0.1 * sqrt(10.0)),
                            0.012);
}
END_TEST

/* The defaults (docs/MODEL.md 2.12, chosen in session 29): an infant is
 * not prone unless drawn so; a prone one turns negative 10 times as fast
 * and calms at 0.15 of the rate. */
START_TEST(prone_defaults)
{
    att_infant_params p;
    att_infant_params_default(&p);
    ck_assert_double_eq(p.distress_prone, 0);
    ck_assert_double_eq(p.prone_negative_gain, 10);
    ck_assert_double_eq(p.prone_calm_gain, 0.15);
}
END_TEST

START_TEST(prone_key_errors)
{
    const char *const bad[] = { "infant.distress_prone=1.5", "infant.prone_negative_gain=0.5",
                                "infant.prone_calm_gain=2" };
    const char *const want[] = { "distress_prone = 1.5 is out of range [0, 1]",
                                 "prone_negative_gain = 0.5 is out of range [1, 1000]",
                                 "prone_calm_gain = 2 is out of range [0.001, 1]" };
    const char *const good[] = { "infant.distress_prone=1", "infant.prone_negative_gain=5",
                                 "infant.distress_prone=bernoulli(0.2)" };
    expect_set_errors(bad, want, 3, good, 3);
}
END_TEST

START_TEST(calm_adaptation_key_errors)
{
    const char *const bad[] = { "infant.calm_adaptation=-0.1", "infant.calm_adaptation=2" };
    const char *const want[] = { "calm_adaptation = -0.1 is out of range [0, 1]",
                                 "calm_adaptation = 2 is out of range [0, 1]" };
    const char *const good[] = { "infant.calm_adaptation=0.5" };
    expect_set_errors(bad, want, 2, good, 1);
}
END_TEST

/* arousal_adaptation 0 leaves every state of every step as without the
 * keys, whatever adaptation_tau is: the default infant with the key 0
 * (the other keys as they are) under play, a still face and a loom, step
 * by step from the same seed.  The same run with adaptation on differs, so
 * the comparison can see it. */
static int same_run(double adaptation, double tau)
{
    static const att_care_signal phases[] = {
        { 0.6, 0, 0, 1, 1 }, { 0.15, 0, 0, 0, 0 }, { 1, 0.45, 0, 0.5, 0 }, { 0.2, 0, 1, 1, 0 },
    };
    att_infant_params a, b;
    att_infant_params_default(&a);
    a.arousal_adaptation = 0, a.adaptation_tau = 60;
    b = a;
    b.arousal_adaptation = adaptation;
    b.adaptation_tau = tau;
    att_infant *x = att_infant_new(&a, NULL), *y = att_infant_new(&b, NULL);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(y);
    gsl_rng *rx = gsl_rng_alloc(gsl_rng_mt19937), *ry = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rx, 5);
    gsl_rng_set(ry, 5);
    int same = 1;
    for (int step = 0; step < 8000 && same; step++) {
        const att_care_signal *sig = &phases[(step / 1200) % 4];
        att_infant_step(x, sig, DT, rx);
        att_infant_step(y, sig, DT, ry);
        if (step == 4000) {
            att_infant_new_session(x, 300);
            att_infant_new_session(y, 300);
        }
        att_infant_state sx, sy;
        att_infant_state_get(x, &sx);
        att_infant_state_get(y, &sy);
        same = sx.arousal == sy.arousal && sx.regulation == sy.regulation
            && sx.contingency_loss == sy.contingency_loss && sx.trust == sy.trust
            && sx.gaze == sy.gaze && sx.affect == sy.affect && sx.behavior == sy.behavior;
    }
    same = same && gsl_rng_get(rx) == gsl_rng_get(ry);
    att_infant_free(x);
    att_infant_free(y);
    gsl_rng_free(rx);
    gsl_rng_free(ry);
    return same;
}

START_TEST(off_changes_nothing)
{
    ck_assert(same_run(0, 60));
    ck_assert(same_run(0, 0.1));
    ck_assert(!same_run(1, 60));
}
END_TEST

/* Adopted in session 19 (docs/MODEL.md 2.11; off until then): full
 * adaptation, of which calming sees 0.7.  The calibration itself, so this
 * changes when it does. */
START_TEST(on_by_default)
{
    att_infant_params p;
    att_infant_params_default(&p);
    ck_assert_double_eq(p.arousal_adaptation, 1);
    ck_assert_double_eq(p.adaptation_tau, 60);
    ck_assert_double_eq(p.calm_adaptation, 0.7);
}
END_TEST

START_TEST(adaptation_keys_parser_errors)
{
    const char *const bad[] = { "infant.arousal_adaptation=-0.1", "infant.arousal_adaptation=1.5",
                                "infant.adaptation_tau=0", "infant.adaptation_tau=slow" };
    const char *const want[] = { "arousal_adaptation = -0.1 is out of range [0, 1]",
                                 "arousal_adaptation = 1.5 is out of range [0, 1]",
                                 "adaptation_tau = 0 is out of range [0.1, 10000] s",
                                 "adaptation_tau = slow is not a number" };
    const char *const good[] = { "infant.arousal_adaptation=0.5", "infant.adaptation_tau=120" };
    expect_set_errors(bad, want, 4, good, 2);
}
END_TEST

Suite *suite_infant_adapt(void)
{
    Suite *s = suite_create("infant_adapt");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, adapted_threshold_at_constant_arousal);
    tcase_add_test(tc, adapted_level_follows_arousal);
    tcase_add_test(tc, off_changes_nothing);
    tcase_add_test(tc, on_by_default);
    tcase_add_test(tc, adaptation_keys_parser_errors);
    tcase_add_test(tc, calming_sees_a_share_of_adaptation);
    tcase_add_test(tc, calm_adaptation_key_errors);
    tcase_add_test(tc, prone_infant_calms_slower);
    tcase_add_test(tc, prone_infant_turns_negative_sooner);
    tcase_add_test(tc, prone_defaults);
    tcase_add_test(tc, prone_key_errors);
    suite_add_tcase(s, tc);
    return s;
}
