/* What issue 19's speed-ups of the dyad-step must keep (the byte-identity
 * of every output is tests/identity.sh's): the rounding to microseconds
 * without llround, the exp bound the hazards are drawn against, and the
 * per-parameter caches, which a parameter changed mid-run must refresh.
 * Each expectation is computed independently: by libm (llround, exp) or
 * by the closed form of docs/MODEL.md (relaxation of arousal). */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "attune/caregiver.h"
#include "attune/infant.h"
#include "attune/tally.h"
#include "models/hazard.h"
#include "models/infant_state.h"
#include "tests/fixture.h"

/* att_us(s) is llround(s * 1e6) for every s: random values over 30
 * decades, both signs, the halves between two microseconds and their
 * neighbours, whole seconds up to 2^52 us and beyond, and the spans of
 * a simulation's steps (k + 1) dt - k dt. */
START_TEST(us_rounds_as_llround)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 19);
    long n = 0, bad = 0;
    double first_bad = 0;
    /* (a check per value would write a mark point each: counted instead) */
    for (long i = 0; i < 300000; i++) {
        double x = ldexp(gsl_rng_uniform(r), (int)gsl_rng_uniform_int(r, 100) - 50);
        if (gsl_rng_uniform(r) < 0.5)
            x = -x;
        double half = (floor(x * 1e6) + 0.5) / 1e6;   /* near a half microsecond */
        double cases[] = { x, half, nextafter(half, 0), nextafter(half, INFINITY) };
        for (int k = 0; k < 4; k++, n++)
            if (att_us(cases[k]) != llround(cases[k] * 1e6) && bad++ == 0)
                first_bad = cases[k];
    }
    const double edges[] = { 0, -0.0, 0.5e-6, -0.5e-6, 1.5e-6, 2.5e-6, -2.5e-6,
                              0.49999999999999994e-6, 4e9, -4e9, 8e9, -8e9,
                              4503599627.370496, 4503599627.370497, 9007199254.740993,
                              4.6e12, -4.6e12, 1e13 };
    for (size_t k = 0; k < sizeof edges / sizeof *edges; k++, n++)
        if (att_us(edges[k]) != llround(edges[k] * 1e6) && bad++ == 0)
            first_bad = edges[k];
    const double dts[] = { 0.1, 0.05, 0.25, 0.04, 0.01, 1.0 / 3 };
    for (size_t d = 0; d < sizeof dts / sizeof *dts; d++)
        for (long k = 0; k < 50000; k++, n++) {
            double span = (double)(k + 1) * dts[d] - (double)k * dts[d];
            if (att_us(span) != llround(span * 1e6) && bad++ == 0)
                first_bad = span;
        }
    ck_assert_msg(bad == 0, "%ld of %ld differ from llround, the first at %.17g s: %lld, "
                  "llround %lld", bad, n, first_bad, att_us(first_bad), llround(first_bad * 1e6));
    ck_assert_int_gt(n, 1500000);
    gsl_rng_free(r);
}
END_TEST

/* exp(y) <= att_exp_above(y) <= 1.0625 exp(y) (the bound's 2^r <= 1 + r is
 * at most 6.2 % above): random y in (-60, 60), whole and half multiples of
 * ln 2 (r = 0 and near 1), 0, and beyond 700 (exp itself). */
START_TEST(exp_bound_holds)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 7);
    long bad = 0;
    double first_bad = 0, worst = 1;
    for (long i = 0; i < 300000; i++) {
        double y = i < 1000 ? (double)(i - 500) * 0.6931471805599453
                 : i < 2000 ? (double)(i - 1500) * 0.6931471805599453 - 1e-15
                 : 120 * gsl_rng_uniform(r) - 60;
        double e = exp(y), b = att_exp_above(y);
        if (!(e <= b && b <= 1.0625 * e) && bad++ == 0)
            first_bad = y;
        worst = fmax(worst, b / e);
    }
    ck_assert_msg(bad == 0, "%ld bounds wrong, the first at y %.17g: exp %.17g, bound %.17g",
                  bad, first_bad, exp(first_bad), att_exp_above(first_bad));
    ck_assert_double_gt(worst, 1.05);   /* it is a bound, not exp itself */
    ck_assert_double_ge(att_exp_above(0), 1);
    ck_assert_double_le(att_exp_above(0), 1 + 1e-8);
    ck_assert_double_eq(att_exp_above(800), exp(800));
    ck_assert_double_eq(att_exp_above(-800), exp(-800));
    /* the alertness factor's bound: above the factor, exactly 1 at gain 0 */
    for (double z = -4; z <= 4; z += 0.125) {
        ck_assert_double_ge(att_infant_state_factor_above(z, 0.8), att_infant_state_factor(z, 0.8));
        ck_assert_double_ge(att_infant_state_factor_above(z, -0.9),
                            att_infant_state_factor(z, -0.9));
        ck_assert_double_eq(att_infant_state_factor_above(z, 0), 1);
    }
    gsl_rng_free(r);
}
END_TEST

/* The default infant with every drive, hazard and the noise off (the
 * mechanisms of sessions 11 and 17 too: their hazards would draw): its
 * arousal only relaxes towards arousal_baseline. */
static void quiet_infant(att_infant_params *p)
{
    att_infant_params_default(p);
    infant_mechanisms_off(p);
    p->arousal_noise = 0;
    p->stim_gain = p->intrusion_gain = p->contingency_gain = 0;
    p->avert_relief = p->selfcomfort_relief = p->soothe_gain = 0;
    p->avert_rate = p->avert_arousal_rate = p->intrusion_avert_rate = 0;
    p->negative_rate = p->positive_rate = p->protest_rate = p->bid_rate = 0;
    p->frustration_rate = p->withdraw_rate = p->selfcomfort_rate = 0;
    p->state_gaze = p->state_smile = 0;
}

/* An infant with every drive, hazard and the noise off relaxes to
 * arousal_baseline with time constant arousal_tau (docs/MODEL.md 2.2):
 *     a' = baseline + (a - baseline) exp(-dt / tau)
 * The step caches 1 / tau and baseline / tau; changing both mid-run
 * (att_infant_set_params, as a live change does) must move the very next
 * step to the new closed form. */
START_TEST(arousal_caches_follow_a_change)
{
    const double dt = 0.1;
    att_infant_params p;
    quiet_infant(&p);
    p.arousal_initial = 0.9, p.arousal_baseline = 0.2, p.arousal_tau = 5;
    att_infant *inf = att_infant_new(&p, NULL);
    ck_assert_ptr_nonnull(inf);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    att_care_signal quiet = { 0 };
    double a = 0.9;
    for (int step = 0; step < 200; step++) {
        if (step == 100) {  /* faster, towards a higher baseline */
            p.arousal_tau = 0.5, p.arousal_baseline = 0.6;
            att_infant_set_params(inf, &p);
        }
        att_infant_step(inf, &quiet, dt, r);
        a = p.arousal_baseline + (a - p.arousal_baseline) * exp(-dt / p.arousal_tau);
        att_infant_state st;
        att_infant_state_get(inf, &st);
        ck_assert_msg(fabs(st.arousal - a) < 1e-12, "step %d: arousal %.15g, by hand %.15g",
                      step, st.arousal, a);
        ck_assert_int_eq(st.gaze, ATT_GAZE_AT);
    }
    ck_assert_double_gt(a, 0.59);   /* it did move to the new baseline */
    gsl_rng_free(r);
    att_infant_free(inf);
}
END_TEST

/* The arousal update's 1 / b, exp(-b dt) and noise SD are cached on its
 * rate b (models/infant_arousal.h).  Here b stays 1 / arousal_tau all
 * along (every drive and hazard off) while arousal_noise changes mid-run,
 * 0 -> 0.5 -> 0.2 -> 0, as a live change does: each step must use the new
 * noise at once, though b is the same.  The only draw of a step is then
 * the noise's Gaussian, so a second generator with the same seed gives
 * its xi, and the step is the exact Ornstein-Uhlenbeck update of
 * docs/MODEL.md 2.2, by hand:
 *     a' = base + (a - base) e^(-dt/tau) + noise sqrt(tau (1 - e^(-2 dt/tau)) / 2) xi
 * (clamped to 0-1; no draw without noise). */
START_TEST(arousal_noise_cache_follows_a_change)
{
    const double dt = 0.1;
    att_infant_params p;
    quiet_infant(&p);
    p.arousal_initial = 0.7, p.arousal_baseline = 0.4, p.arousal_tau = 5;
    att_infant *inf = att_infant_new(&p, NULL);
    ck_assert_ptr_nonnull(inf);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2), *mine = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 7);
    gsl_rng_set(mine, 7);
    att_care_signal quiet = { 0 };
    const double noises[] = { 0, 0.5, 0.2, 0 };
    double a = 0.7, moved = 0;
    for (int step = 0; step < 400; step++) {
        if (step % 100 == 0) {
            p.arousal_noise = noises[step / 100];
            att_infant_set_params(inf, &p);
        }
        att_infant_step(inf, &quiet, dt, r);
        double e = exp(-dt / p.arousal_tau);
        double next = p.arousal_baseline + (a - p.arousal_baseline) * e;
        if (p.arousal_noise > 0)
            next += p.arousal_noise * sqrt(p.arousal_tau * (1 - exp(-2 * dt / p.arousal_tau)) / 2)
                  * gsl_ran_gaussian_ziggurat(mine, 1.0);
        next = next < 0 ? 0 : next > 1 ? 1 : next;
        if (step >= 100 && step < 300)
            moved = fmax(moved, fabs(next - (p.arousal_baseline + (a - p.arousal_baseline) * e)));
        a = next;
        att_infant_state st;
        att_infant_state_get(inf, &st);
        ck_assert_msg(fabs(st.arousal - a) < 1e-12, "step %d (noise %g): arousal %.15g, by hand "
                      "%.15g", step, p.arousal_noise, st.arousal, a);
    }
    ck_assert_double_gt(moved, 0.01);   /* the noise did move it */
    gsl_rng_free(r);
    gsl_rng_free(mine);
    att_infant_free(inf);
}
END_TEST

/* Her misreadings' chances per step are cached with the perception noise
 * they were computed for.  A patient mother watching an infant who looks
 * at her, calm, all along: without noise she never perceives him away nor
 * distressed, so her arousal, from 0, stays exactly 0 (fixed point 0);
 * with noise 0.9 set mid-run she misreads most of the time, half of it his
 * gaze or distress, and her arousal rises (frustration, worry); with the
 * noise off again, once the last misreading is over (mean 0.5 s; 30 s
 * allowed), it only relaxes: a' = a exp(-dt / arousal_tau). */
START_TEST(misreading_cache_follows_a_change)
{
    const double dt = 0.1;
    att_caregiver_params p = att_policy_find("patient")->defaults;
    p.perception_noise = 0;
    att_caregiver *cg = att_caregiver_new(att_policy_find("patient"), &p, dt, 10, NULL);
    ck_assert_ptr_nonnull(cg);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 3);
    att_infant_state calm = { .arousal = 0.3, .regulation = 1, .trust = 0.7,
                              .gaze = ATT_GAZE_AT, .affect = ATT_AFFECT_NEUTRAL,
                              .behavior = ATT_IB_ENGAGE };
    att_care_signal sig;
    double decay = exp(-dt / p.arousal_tau), prev = 0;
    for (int step = 0; step < 3000; step++) {
        if (step == 1000 || step == 2000) {
            p.perception_noise = step == 1000 ? 0.9 : 0;
            ck_assert_int_eq(att_caregiver_set_params(cg, &p, NULL), ATT_OK);
        }
        att_caregiver_act(cg, dt, r, &sig);
        ck_assert_int_eq(att_caregiver_observe(cg, &calm, r), ATT_IC_MONITOR);
        double a = att_caregiver_arousal(cg);
        if (step < 1000)
            ck_assert_msg(a == 0, "step %d: arousal %g without noise", step, a);
        else if (step == 1999)
            ck_assert_msg(a > 0.01, "arousal %g after 100 s of noise 0.9", a);
        else if (step >= 2300)
            ck_assert_msg(fabs(a - prev * decay) <= 1e-12 * prev, "step %d: arousal %.15g, "
                          "relaxed by hand %.15g", step, a, prev * decay);
        prev = a;
    }
    ck_assert_double_gt(prev, 0);
    gsl_rng_free(r);
    att_caregiver_free(cg);
}
END_TEST

/* For a test that expects an abort: assert's message is not for the log. */
static void silence_stderr(void)
{
    FILE *quiet = tmpfile();
    ck_assert_ptr_nonnull(quiet);
    ck_assert_int_eq(dup2(fileno(quiet), STDERR_FILENO), STDERR_FILENO);
}

/* The hot path's checks (base/debug.h): on in the sanitizer build, which
 * defines ATT_DEBUG, where a negative hazard aborts; off elsewhere, where
 * it is no event and draws nothing, as a zero hazard. */
#ifdef ATT_DEBUG
START_TEST(negative_hazard_checked)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    silence_stderr();
    int happened = att_happens(-1.0, 0.1, r);   /* aborts: SIGABRT expected */
    gsl_rng_free(r);
    ck_abort_msg("a negative hazard passed the debug build's check (%d)", happened);
}
END_TEST
#else
START_TEST(negative_hazard_checked)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2), *twin = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 7);
    gsl_rng_set(twin, 7);
    ck_assert_int_eq(att_happens(-1.0, 0.1, r), 0);
    ck_assert_double_eq(att_chance(-1.0, 0.1, r), -1);
    ck_assert_uint_eq(gsl_rng_get(r), gsl_rng_get(twin));   /* no draw made */
    gsl_rng_free(r);
    gsl_rng_free(twin);
}
END_TEST
#endif

/* What stays checked in every build (SIGABRT expected): a time step of 0
 * given to the public step functions, checked where dt changes (first
 * here: the caches start unset), not every step. */
START_TEST(zero_dt_refused_by_the_infant)
{
    att_infant_params p;
    att_infant_params_default(&p);
    att_infant *inf = att_infant_new(&p, NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    att_care_signal sig = { 0 };
    ck_assert_ptr_nonnull(inf);
    att_infant_step(inf, &sig, 0.1, r);
    silence_stderr();
    att_infant_step(inf, &sig, 0.0, r);   /* aborts */
    ck_abort_msg("att_infant_step took dt 0");
}
END_TEST

START_TEST(zero_dt_refused_by_the_caregiver)
{
    const att_policy_type *t = att_policy_find("patient");
    att_caregiver *cg = att_caregiver_new(t, &t->defaults, 0.1, 10, NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    att_care_signal sig;
    ck_assert_ptr_nonnull(cg);
    att_caregiver_act(cg, 0.1, r, &sig);
    silence_stderr();
    att_caregiver_act(cg, 0.0, r, &sig);   /* aborts */
    ck_abort_msg("att_caregiver_act took dt 0");
}
END_TEST

/* A policy of the caller's (att_caregiver_new takes any type) is checked
 * after every step in every build; the library's own are checked where
 * ATT_DEBUG is on (models/caregiver.c). */
static double callers_strength;

static void callers_act(const att_caregiver_params *p, const att_perception *seen,
                        att_care_state *st, double dt, gsl_rng *rng)
{
    (void)p, (void)seen, (void)dt, (void)rng;
    st->mode = ATT_CM_PLAY;
    st->repair_strength = callers_strength;
}

static att_caregiver *callers_caregiver(att_policy_type *t, double strength)
{
    *t = *att_policy_find("patient");
    t->name = "callers";
    t->act = callers_act;
    callers_strength = strength;
    return att_caregiver_new(t, &t->defaults, 0.1, 10, NULL);
}

START_TEST(callers_policy_in_range_runs)
{
    static att_policy_type t;
    att_caregiver *cg = callers_caregiver(&t, 0.5);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    att_care_signal sig;
    ck_assert_ptr_nonnull(cg);
    for (int i = 0; i < 100; i++)
        att_caregiver_act(cg, 0.1, r, &sig);
    ck_assert_int_eq(att_caregiver_mode(cg), ATT_CM_PLAY);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

START_TEST(callers_policy_out_of_range_refused)
{
    static att_policy_type t;
    att_caregiver *cg = callers_caregiver(&t, 2.0);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    att_care_signal sig;
    ck_assert_ptr_nonnull(cg);
    silence_stderr();
    att_caregiver_act(cg, 0.1, r, &sig);   /* aborts: repair_strength 2 */
    ck_abort_msg("a caller's policy left repair_strength at 2 unchecked");
}
END_TEST

Suite *suite_step_caches(void)
{
    Suite *s = suite_create("step_caches");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, us_rounds_as_llround);
    tcase_add_test(tc, exp_bound_holds);
    tcase_add_test(tc, arousal_caches_follow_a_change);
    tcase_add_test(tc, arousal_noise_cache_follows_a_change);
    tcase_add_test(tc, misreading_cache_follows_a_change);
#ifdef ATT_DEBUG
    tcase_add_test_raise_signal(tc, negative_hazard_checked, SIGABRT);
#else
    tcase_add_test(tc, negative_hazard_checked);
#endif
    tcase_add_test_raise_signal(tc, zero_dt_refused_by_the_infant, SIGABRT);
    tcase_add_test_raise_signal(tc, zero_dt_refused_by_the_caregiver, SIGABRT);
    tcase_add_test(tc, callers_policy_in_range_runs);
    tcase_add_test_raise_signal(tc, callers_policy_out_of_range_refused, SIGABRT);
    suite_add_tcase(s, tc);
    return s;
}
