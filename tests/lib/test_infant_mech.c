/* The mechanisms of issue 18 in the infant (models/infant_mech.c and their
 * use in models/infant.c): the build-up of a look, irritation under
 * persistent intrusion (and its spending by a protest), the readiness to
 * protest that a protest against her looming lowers, and upset that
 * lowers the negative-affect and crying thresholds.  Every expected value
 * is worked out by hand in the comments, from the rules of docs/MODEL.md
 * 2.5-2.7, not from the code. */
#include <check.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "attune/infant.h"
#include "models/infant_mech.h"
#include "tests/fixture.h"

/* The defaults with every hazard off, noise off and no new mechanism (nor
 * those of sessions 11 and 17): each test turns on only what it measures. */
static att_infant_params quiet(void)
{
    att_infant_params p;
    att_infant_params_default(&p);
    infant_mechanisms_off(&p);
    p.arousal_noise = 0;
    p.avert_rate = p.avert_arousal_rate = p.intrusion_avert_rate = 0;
    p.negative_rate = p.positive_rate = p.protest_rate = p.bid_rate = 0;
    p.withdraw_rate = p.selfcomfort_rate = 0;
    p.look_build = 0;
    p.irritation_tau = 0, p.irritation_threshold = 0;
    p.upset_tau = 0, p.upset_shift = 0;
    p.state_gaze = p.state_smile = 0;  /* no slow state (MODEL.md 2.10): hazards as keyed */
    return p;
}

static att_infant_state step(att_infant *inf, const att_care_signal *sig, gsl_rng *r)
{
    att_infant_step(inf, sig, 0.1, r);
    att_infant_state s;
    att_infant_state_get(inf, &s);
    return s;
}

static int protesting(const att_infant_state *s)
{
    return s->behavior == ATT_IB_PROTEST_FUSS || s->behavior == ATT_IB_PROTEST_PUSH;
}

START_TEST(look_factor_by_hand)
{
    /* 1 - exp(-t/b): 0 at once, 1 - 1/e at t = b, 1 - 1/e^2 at 2b; no
     * build-up (b = 0) is 1. */
    ck_assert_double_eq(att_infant_look_factor(0, 10), 0);
    ck_assert_double_eq_tol(att_infant_look_factor(10, 10), 0.6321205588, 1e-9);
    ck_assert_double_eq_tol(att_infant_look_factor(20, 10), 0.8646647168, 1e-9);
    ck_assert_double_eq(att_infant_look_factor(3, 0), 1);
}
END_TEST

/* gain^prone (docs/MODEL.md 2.12): 1 and the gain exactly at 0 and 1,
 * sqrt(10) = 3.16227766 and sqrt(0.15) = 0.38729833 halfway. */
START_TEST(prone_factor_by_hand)
{
    ck_assert_double_eq(att_infant_prone_factor(10, 0), 1);
    ck_assert_double_eq(att_infant_prone_factor(10, 1), 10);
    ck_assert_double_eq(att_infant_prone_factor(0.15, 1), 0.15);
    ck_assert_double_eq_tol(att_infant_prone_factor(10, 0.5), 3.16227766, 1e-8);
    ck_assert_double_eq_tol(att_infant_prone_factor(0.15, 0.5), 0.38729833, 1e-8);
}
END_TEST

START_TEST(relax_by_hand)
{
    /* target + (e - target) * decay */
    ck_assert_double_eq_tol(att_infant_relax(0, 1, exp(-1)), 0.6321205588, 1e-9);
    ck_assert_double_eq_tol(att_infant_relax(0.8, 0.2, 0.5), 0.5, 1e-12);
    ck_assert_double_eq(att_infant_relax(0.3, 0.7, 1), 0.3);
    ck_assert_double_eq(att_infant_relax(0.3, 0.7, 0), 0.7);
}
END_TEST

/* Looks with a calm hazard of 1/s built up over look_build 10 s, the
 * infant coming straight back (return_rate 1e6).  A look of L steps
 * survived the draws of steps k = 1..L-1, each with hazard
 * 1 - exp(-0.01 k) (look_time k dt / 10), so
 *     P(L >= 51) = exp(-0.1 * sum_{k=1}^{50} (1 - exp(-0.01 k)))
 * where the sum is 50 - e^-0.01 (1 - e^-0.5) / (1 - e^-0.01) = 10.850, so
 * P = exp(-1.0850) = 0.338; without the build-up it would be exp(-5) =
 * 0.0067. */
START_TEST(look_builds_up_before_it_ends)
{
    att_infant_params p = quiet();
    p.avert_rate = 1;
    p.look_build = 10;
    p.return_rate = 1e6;
    /* the negative-affect logistic that can lift a look's hold (2.5) is
     * negligible at rest below this threshold (S(0.25; 0.85) = 4.5e-5) */
    p.negative_threshold = 0.85, p.arousal_width = 0.06;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    att_infant *inf = att_infant_new(&p, NULL);
    att_care_signal none = { .contingency = 1 };
    long looks = 0, long_looks = 0, len = 1;
    att_gaze prev = ATT_GAZE_AT;
    for (long i = 0; i < 2000000 && looks < 20000; i++) {
        att_infant_state s = step(inf, &none, r);
        if (s.gaze == ATT_GAZE_AT && prev == ATT_GAZE_AT)
            len++;
        if (s.gaze == ATT_GAZE_AWAY && prev == ATT_GAZE_AT) {
            looks++;
            long_looks += len >= 51;
        }
        if (s.gaze == ATT_GAZE_AT && prev == ATT_GAZE_AWAY)
            len = 1;
        prev = s.gaze;
    }
    double sum = 0;
    for (int k = 1; k <= 50; k++)
        sum += 1 - exp(-0.01 * k);
    double expected = exp(-0.1 * sum);
    ck_assert_double_eq_tol(expected, 0.338, 0.001);   /* the hand value above */
    ck_assert_int_eq(looks, 20000);
    /* binomial SE sqrt(0.338 * 0.662 / 20000) = 0.0033: 4 SE */
    ck_assert_double_eq_tol((double)long_looks / (double)looks, expected, 0.014);
    att_infant_free(inf);
    gsl_rng_free(r);
}
END_TEST

/* Intrusion 0.8 held: irritation 0.8 (1 - exp(-t/10)) crosses
 * irritation_threshold 0.5 at t = 10 ln(0.8/0.3) = 9.81 s.  With a sharp
 * threshold (arousal_width 0.001) and protest_rate 100 /s, no protest
 * before 9.5 s (irritation 0.491, hazard 100 S < 0.01 /s), one by 10.2 s
 * (irritation 0.512, certain).  Every bout starts as a fuss.  With
 * irritation (about 0.5) above push_threshold 0.3 the fuss escalates at
 * the hazard protest_rate S, about 50 /s or more: a push within 5 steps
 * (P(not) < exp(-25)); with push_threshold 0.9 it stays a fuss. */
START_TEST(persistent_intrusion_escalates)
{
    for (int fuss = 0; fuss < 2; fuss++) {
        att_infant_params p = quiet();
        p.arousal_width = 0.001;
        p.protest_rate = 100;
        p.irritation_tau = 10, p.irritation_threshold = 0.5;
        p.push_threshold = fuss ? 0.9 : 0.3;
        gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
        att_infant *inf = att_infant_new(&p, NULL);
        att_care_signal sig = { .intrusion = 0.8, .contingency = 0.5 };
        long first = -1;
        att_infant_state s;
        for (long i = 1; i <= 102 && first < 0; i++) {
            s = step(inf, &sig, r);
            if (protesting(&s))
                first = i;
        }
        ck_assert_msg(first > 95 && first <= 102, "first protest at step %ld", first);
        ck_assert_int_eq(s.behavior, ATT_IB_PROTEST_FUSS);
        for (int k = 0; k < 5; k++)   /* the bout goes on: protest_rate 100 */
            s = step(inf, &sig, r);
        ck_assert_int_eq(s.behavior, fuss ? ATT_IB_PROTEST_FUSS : ATT_IB_PROTEST_PUSH);
        att_infant_free(inf);
        gsl_rng_free(r);
    }
}
END_TEST

/* Readiness to protest (2.7).  Intrusion 0.8 held, irritation_tau 10 s,
 * a sharp threshold 0.5.  The first bout ends; then irritation E = 0.8 (1
 * - x) and readiness Q = 1 - f x, x = exp(-t / futility_tau) with
 * futility_tau = irritation_tau = 10 s, t the time since the end, exactly
 * at each step.  Protest sees E Q:
 *   f = 0:   E Q = 0.8 (1 - x) reaches 0.5 at x = 0.375, t = 9.81 s;
 *   f = 0.5: 0.8 (1 - x)(1 - 0.5 x) = 0.5 is x^2 - 3x + 0.75 = 0,
 *            x = (3 - sqrt 6) / 2 = 0.2753, t = 12.90 s
 *            (at 12.0 s E Q = 0.475: certainly none before);
 *   f = 1 with futility_tau 1000 s: Q <= 1 - exp(-0.06) = 0.058 within
 *            60 s, E Q < 0.05: none at all.
 * protest_rate 5 /s: once over the threshold, a bout within 1.5 s but
 * for a chance of exp(-7.5). */
static double next_protest_after(double futility, double futility_tau)
{
    att_infant_params p = quiet();
    p.arousal_width = 0.001;
    p.protest_rate = 5;
    p.protest_duration = 0.1;
    p.irritation_tau = 10, p.irritation_threshold = 0.5;
    p.protest_futility = futility, p.futility_tau = futility_tau;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 3);
    att_infant *inf = att_infant_new(&p, NULL);
    att_care_signal sig = { .intrusion = 0.8, .contingency = 0.5 };
    int was = 0, ended = 0;
    att_infant_state s;
    for (long i = 0; i < 2000 && !ended; i++) {
        s = step(inf, &sig, r);
        ended = was && !protesting(&s);
        was = protesting(&s);
    }
    ck_assert_msg(ended, "no protest bout ended");
    double next = -1;
    for (long k = 1; k <= 600 && next < 0; k++) {
        s = step(inf, &sig, r);
        if (protesting(&s))
            next = 0.1 * (double)k;
    }
    att_infant_free(inf);
    gsl_rng_free(r);
    return next;
}

/* A protest spends the irritation: once the first bout ends, the next
 * needs the build-up again, 9.81 s from 0 (no protest in the 9 s after the
 * end: irritation 0.8 (1 - exp(-0.9)) = 0.475 < 0.5), with no futility. */
START_TEST(protest_spends_irritation)
{
    double next = next_protest_after(0, 10);
    ck_assert_msg(next > 9.0, "the next protest %g s after the end", next);
}
END_TEST

START_TEST(protest_against_looming_lowers_readiness)
{
    double none = next_protest_after(0, 10), half = next_protest_after(0.5, 10);
    ck_assert_msg(none > 9.5 && none <= 11.3, "without futility the next bout at %g s", none);
    ck_assert_msg(half > 12.0 && half <= 14.4, "at futility 0.5 the next bout at %g s", half);
    ck_assert_double_eq(next_protest_after(1, 1000), -1);
}
END_TEST

/* Three more parts of the rule of 2.7.  (a) A protest with no irritation
 * (distress alone: she never loomed, E = 0) leaves the readiness at 1:
 * after 30 s of distress bouts (arousal held at 0.45 over a negative
 * threshold 0.4) and calm again, her looming at 0.8 brings a protest at
 * 9.81 s as in a fresh infant (window 9.5 to 11.3 s), at protest_futility
 * 1, where a bout that had counted would leave Q = 0 and no protest at
 * all.  (b) The readiness comes back over the interval between sessions:
 * Q = 0 after a bout against her looming (futility 1, futility_tau 1000
 * s); a new session 10000 s later gives Q = 1 - exp(-10), and the next
 * protest comes 9.81 s into her looming; without the relaxation Q would
 * stay under 1 - exp(-0.06) = 0.058 for the next 60 s and none would. */
static double first_protest_under_looming(att_infant *inf, gsl_rng *r)
{
    att_care_signal quiet_sig = { .contingency = 1 }, loom = { .intrusion = 0.8, .contingency = 0.5 };
    att_infant_state s = step(inf, &quiet_sig, r);
    for (int k = 0; k < 600 && protesting(&s); k++)   /* let a bout end before she looms */
        s = step(inf, &quiet_sig, r);
    ck_assert(!protesting(&s));
    for (long k = 1; k <= 600; k++) {
        s = step(inf, &loom, r);
        if (protesting(&s))
            return 0.1 * (double)k;
    }
    return -1;
}

START_TEST(readiness_only_against_looming_and_between_sessions)
{
    att_infant_params p = quiet();
    p.arousal_width = 0.001;
    p.protest_rate = 5, p.protest_duration = 0.1;
    p.irritation_tau = 10, p.irritation_threshold = 0.5;
    p.protest_futility = 1, p.futility_tau = 1000;
    /* (a) distress bouts first */
    att_infant_params d = p;
    d.arousal_baseline = d.arousal_initial = 0.45;
    d.negative_threshold = 0.4, d.negative_rate = d.calm_rate = 100;
    d.distress_threshold = 1, d.upset_tau = 0;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 5);
    att_infant *inf = att_infant_new(&d, NULL);
    att_care_signal none = { .contingency = 1 };
    int bouts = 0, was = 0;
    for (int i = 0; i < 300; i++) {
        att_infant_state s = step(inf, &none, r);
        bouts += was && !protesting(&s);
        was = protesting(&s);
    }
    ck_assert_int_ge(bouts, 3);
    d.negative_threshold = 1;   /* calm again: no more distress */
    att_infant_set_params(inf, &d);
    double t = first_protest_under_looming(inf, r);
    ck_assert_msg(t > 9.5 && t <= 11.3, "after distress bouts the first protest at %g s", t);
    att_infant_free(inf);
    /* (b) a bout against her looming, then a new session */
    inf = att_infant_new(&p, NULL);
    t = first_protest_under_looming(inf, r);
    ck_assert_msg(t > 9.5 && t <= 11.3, "first protest at %g s", t);
    ck_assert_double_eq(first_protest_under_looming(inf, r), -1);   /* Q = 0 */
    att_infant_new_session(inf, 10000);
    t = first_protest_under_looming(inf, r);
    ck_assert_msg(t > 9.5 && t <= 11.3, "in the new session the first protest at %g s", t);
    att_infant_free(inf);
    gsl_rng_free(r);
}
END_TEST

/* The escalation's hazard is protest_rate * i.  irritation_threshold 0
 * makes i = E Q = E, and irritation_tau 0 makes E her intrusion, held at
 * 0.25 (over push_threshold 0.2); protest_rate 2 /s: a push at 0.5 /s
 * once the fuss has begun, so within the 20 steps (2 s) after the onset
 * with P = 1 - exp(-1) = 0.632 (a bout ends at 1/100 s, and only when no
 * new impulse comes: P < 0.02 in 2 s).  Without the factor i it would be
 * 1 - exp(-4) = 0.98.  2000 infants: SE 0.011, tolerance 0.04. */
START_TEST(escalation_hazard_is_rate_times_irritation)
{
    att_infant_params p = quiet();
    p.protest_rate = 2, p.protest_duration = 100;
    p.irritation_tau = 0, p.irritation_threshold = 0;
    p.push_threshold = 0.2;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_care_signal sig = { .intrusion = 0.25, .contingency = 0.5 };
    int pushed = 0, trials = 2000;
    for (int n = 0; n < trials; n++) {
        att_infant *inf = att_infant_new(&p, NULL);
        att_infant_state s = step(inf, &sig, r);
        for (int k = 0; k < 10000 && !protesting(&s); k++)
            s = step(inf, &sig, r);
        ck_assert_int_eq(s.behavior, ATT_IB_PROTEST_FUSS);
        for (int k = 0; k < 20 && s.behavior != ATT_IB_PROTEST_PUSH; k++)
            s = step(inf, &sig, r);
        pushed += s.behavior == ATT_IB_PROTEST_PUSH;
        att_infant_free(inf);
    }
    ck_assert_double_eq_tol((double)pushed / trials, 1 - exp(-1.0), 0.04);
    gsl_rng_free(r);
}
END_TEST

/* Upset lowers the negative-affect threshold.  Arousal held at 0.45
 * (baseline = initial, no drive).  10 or 20 s negative (threshold 0.4)
 * build upset to about 1 - exp(-1) = 0.63 or 1 - exp(-2) = 0.86 (tau 10
 * s).  Then the threshold is set to 0.6 with upset_shift 0.2: the
 * effective threshold 0.6 - 0.2 U is 0.474 > 0.45 after 10 s (he calms at
 * once, calm_rate 100), 0.427 < 0.45 after 20 s (he stays negative, and
 * upset only grows).  The crying threshold 0.6 is lowered alike: after 20
 * s he cries (0.427 < 0.45), after 10 s he does not. */
static att_infant_state upset_after(double secs)
{
    att_infant_params p = quiet();
    p.arousal_baseline = p.arousal_initial = 0.45;
    p.arousal_width = 0.001;
    p.negative_rate = p.calm_rate = 100;
    p.negative_threshold = 0.4;
    p.distress_threshold = 1;
    p.upset_tau = 10, p.upset_shift = 0.2;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_infant *inf = att_infant_new(&p, NULL);
    att_care_signal none = { .contingency = 1 };
    att_infant_state s;
    for (long i = 0; i < lround(secs / 0.1); i++)
        s = step(inf, &none, r);
    ck_assert_int_eq(s.affect, ATT_AFFECT_NEGATIVE);
    p.negative_threshold = 0.6;
    p.distress_threshold = 0.6;
    att_infant_set_params(inf, &p);
    for (int i = 0; i < 300; i++)
        s = step(inf, &none, r);
    ck_assert_double_eq_tol(s.arousal, 0.45, 1e-9);
    att_infant_free(inf);
    gsl_rng_free(r);
    return s;
}

START_TEST(upset_lowers_the_thresholds)
{
    att_infant_state brief = upset_after(10), long_upset = upset_after(20);
    ck_assert_int_eq(brief.affect, ATT_AFFECT_NEUTRAL);
    ck_assert_int_ne(brief.behavior, ATT_IB_DISTRESS);
    ck_assert_int_eq(long_upset.affect, ATT_AFFECT_NEGATIVE);
    ck_assert_int_eq(long_upset.behavior, ATT_IB_DISTRESS);
}
END_TEST

/* Her soothing discharges upset (docs/MODEL.md 2.6): dU/dt = (n - U) / tau
 * - k U over a step, n 1 while negative.  By hand:
 * - k 0 is the old relaxation: U 0.6, negative, tau 35.3 s, dt 0.1 s:
 *   1 - 0.4 exp(-0.1 / 35.3) = 0.6011315410;
 * - calm, soothed: U 0.8, tau 35 s, k 0.1 /s: rate 1/35 + 0.1 =
 *   0.128571..., U' = 0.8 exp(-0.0128571...) = 0.7897801257;
 * - negative and soothed, tau 10 s, k 0.1 /s, it settles where the two
 *   balance: (1/10) / (1/10 + 0.1) = 0.5;
 * - the solution is exact, so ten steps of 0.1 s are one of 1 s. */
START_TEST(soothing_discharges_upset)
{
    ck_assert_double_eq_tol(att_infant_upset_soothed(0.6, 1, 35.3, 0, 0.1), 0.6011315410, 1e-10);
    ck_assert_double_eq_tol(att_infant_upset_soothed(0.8, 0, 35, 0.1, 0.1), 0.7897801257, 1e-10);
    double u = 0;
    for (int i = 0; i < 10000; i++)
        u = att_infant_upset_soothed(u, 1, 10, 0.1, 0.1);
    ck_assert_double_eq_tol(u, 0.5, 1e-9);
    double ten = 0.9, one = att_infant_upset_soothed(0.9, 0, 20, 0.35, 1.0);
    for (int i = 0; i < 10; i++)
        ten = att_infant_upset_soothed(ten, 0, 20, 0.35, 0.1);
    ck_assert_double_eq_tol(ten, one, 1e-12);
    ck_assert_double_eq_tol(one, 0.9 * exp(-(0.05 + 0.35)), 1e-12);
    /* never leaves 0-1, from either end, weak or strong the discharge */
    for (double k = 0; k <= 100; k = k < 1 ? k + 0.25 : k * 10) {
        double from_top = att_infant_upset_soothed(1, 1, 0.5, k, 10);
        double from_bottom = att_infant_upset_soothed(0, 1, 0.5, k, 10);
        ck_assert(from_top >= 0 && from_top <= 1 && from_bottom >= 0 && from_bottom <= 1);
    }
}
END_TEST

/* The new keys' defaults are the documented calibration (docs/MODEL.md
 * section 11 holds the same). */
START_TEST(new_key_defaults)
{
    att_infant_params p;
    att_infant_params_default(&p);
    ck_assert_double_eq(p.look_build, 44.9);  /* 35 until session 19 */
    ck_assert_double_eq(p.irritation_tau, 20);
    ck_assert_double_eq(p.irritation_threshold, 0.5);
    ck_assert_double_eq(p.upset_tau, 35.3);  /* 90 from the slow state (2.10) to session 19 */
    ck_assert_double_eq(p.upset_shift, 1);    /* 0.6 until session 19, 0.2 and 0.25 before */
    ck_assert_double_eq(p.protest_futility, 0.7);  /* session 22 */
    ck_assert_double_eq(p.futility_tau, 120);
    ck_assert_double_eq(p.upset_soothe_rate, 0);  /* session 27: off, measured (MODEL 10.12) */
}
END_TEST

Suite *suite_infant_mech(void)
{
    Suite *s = suite_create("infant_mech");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, look_factor_by_hand);
    tcase_add_test(tc, relax_by_hand);
    tcase_add_test(tc, look_builds_up_before_it_ends);
    tcase_add_test(tc, persistent_intrusion_escalates);
    tcase_add_test(tc, protest_spends_irritation);
    tcase_add_test(tc, protest_against_looming_lowers_readiness);
    tcase_add_test(tc, readiness_only_against_looming_and_between_sessions);
    tcase_add_test(tc, escalation_hazard_is_rate_times_irritation);
    tcase_add_test(tc, upset_lowers_the_thresholds);
    tcase_add_test(tc, soothing_discharges_upset);
    tcase_add_test(tc, new_key_defaults);
    tcase_add_test(tc, prone_factor_by_hand);
    suite_add_tcase(s, tc);
    return s;
}
