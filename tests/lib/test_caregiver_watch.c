/* The quiet watch that ends a repair (quiet_pause, docs/MODEL.md 4.4-4.5):
 * after soothing she sits back (wait) and plays again, without a greeting,
 * once she sees him smile or after quiet_pause; a look-away makes it an
 * ordinary wait whose end is a greeting; quiet_pause 0 is the old rule (a
 * greeting at the next step).  Step counts are worked out by hand at
 * dt = 0.1 s with no perception delay and no noise: she acts at step n+1
 * on what the infant did at step n (4.1). */
#include <check.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>
#include "attune/caregiver.h"
#include "attune/scenario.h"
#include "tests/fixture.h"

static const double DT = 0.1;

/* A patient mother who sees at once and exactly, answers every change and
 * starts her repairs after 0.5 s of noticing (gentling off). */
static att_caregiver *patient(double quiet_pause)
{
    return exact_patient(DT, quiet_pause, 0);
}

/* One step: she acts, then sees `s`; returns her mode. */
static att_care_mode step(att_caregiver *cg, att_infant_state s, gsl_rng *r)
{
    att_care_signal sig;
    att_caregiver_act(cg, DT, r, &sig);
    att_caregiver_observe(cg, &s, r);
    return att_caregiver_mode(cg);
}

/* Play with a smiling infant, then a fuss until she soothes, then a calm
 * infant looking at her with a neutral face until her repair ends.
 * Returns the step count; she is then in wait, the watch's first step. */
static long soothe_then_wait(att_caregiver *cg, gsl_rng *r)
{
    att_infant_state smile = infant_seen(ATT_GAZE_AT, ATT_AFFECT_POSITIVE, ATT_IB_ENGAGE),
                     fuss = infant_seen(ATT_GAZE_AT, ATT_AFFECT_NEGATIVE, ATT_IB_PROTEST_FUSS),
                     calm = infant_seen(ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE);
    long n = 0;
    for (int i = 0; i < 20; i++, n++)
        ck_assert_int_eq(step(cg, smile, r), ATT_CM_PLAY);
    att_care_mode m;
    while ((m = step(cg, fuss, r)) != ATT_CM_SOOTHE && n < 400)
        n++;
    ck_assert_int_eq(m, ATT_CM_SOOTHE);
    while ((m = step(cg, calm, r)) == ATT_CM_SOOTHE && n < 800)
        n++;
    ck_assert_int_eq(m, ATT_CM_WAIT);
    return n;
}

/* Neutral face: the watch lasts round(0.7 / 0.1) = 7 steps (the step it
 * starts and 6 more, until her wait has lasted 0.7 s), then play; she
 * never greets. */
START_TEST(watch_lasts_quiet_pause_then_play)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver *cg = patient(0.7);
    soothe_then_wait(cg, r);
    att_infant_state calm = infant_seen(ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE);
    long waits = 1;
    att_care_mode m;
    while ((m = step(cg, calm, r)) == ATT_CM_WAIT && waits < 100)
        waits++;
    ck_assert_int_eq(waits, 7);
    ck_assert_int_eq(m, ATT_CM_PLAY);
    for (int i = 0; i < 30; i++)
        ck_assert_int_eq(step(cg, calm, r), ATT_CM_PLAY);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

/* A longer pause, 2.5 s: 25 steps of watching. */
START_TEST(watch_length_follows_the_key)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver *cg = patient(2.5);
    soothe_then_wait(cg, r);
    att_infant_state calm = infant_seen(ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE);
    long waits = 1;
    while (step(cg, calm, r) == ATT_CM_WAIT && waits < 100)
        waits++;
    ck_assert_int_eq(waits, 25);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

/* A smile ends the watch at the first step she sees it: he smiles from the
 * step after the watch's first; at that step she still acts on the neutral
 * face she saw before, at the next she plays. */
START_TEST(smile_ends_the_watch)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver *cg = patient(2.5);
    soothe_then_wait(cg, r);
    att_infant_state smile = infant_seen(ATT_GAZE_AT, ATT_AFFECT_POSITIVE, ATT_IB_ENGAGE);
    ck_assert_int_eq(step(cg, smile, r), ATT_CM_WAIT);
    ck_assert_int_eq(step(cg, smile, r), ATT_CM_PLAY);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

/* A look-away during the watch makes it an ordinary wait: 2 s away (under
 * wait_time 8 s) keep her waiting past quiet_pause, and his return, neutral,
 * is greeted (1.5 s, 15 steps), then play. */
START_TEST(look_away_turns_watch_into_wait_and_return_is_greeted)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver *cg = patient(0.7);
    soothe_then_wait(cg, r);
    att_infant_state away = infant_seen(ATT_GAZE_AWAY, ATT_AFFECT_NEUTRAL, ATT_IB_LOOK_AWAY),
                     calm = infant_seen(ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE);
    /* The watch's first step saw him calm; he looks away from now on. */
    ck_assert_int_eq(step(cg, away, r), ATT_CM_WAIT);
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(step(cg, away, r), ATT_CM_WAIT);
    /* he is back; she acts on the look-away she saw a step before */
    ck_assert_int_eq(step(cg, calm, r), ATT_CM_WAIT);
    long greets = 0;
    att_care_mode m;
    while ((m = step(cg, calm, r)) == ATT_CM_GREET && greets < 100)
        greets++;
    ck_assert_int_eq(greets, 15);
    ck_assert_int_eq(m, ATT_CM_PLAY);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

/* quiet_pause 0 keeps the rule before issue 18: a greeting at the next step. */
START_TEST(no_pause_greets_at_once)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver *cg = patient(0);
    soothe_then_wait(cg, r);
    att_infant_state calm = infant_seen(ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE);
    ck_assert_int_eq(step(cg, calm, r), ATT_CM_GREET);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

/* The key: defaults (patient 0.7, the others 0), the range [0, 1e6] in s,
 * and the loader's errors for a bad value. */
START_TEST(quiet_pause_key)
{
    const att_param *row = att_param_find(att_caregiver_param_table, att_caregiver_param_count,
                                          "quiet_pause");
    ck_assert_ptr_nonnull(row);
    ck_assert_str_eq(row->unit, "s");
    ck_assert_double_eq(row->min, 0);
    ck_assert_double_eq(row->max, 1e6);
    ck_assert_double_eq(att_policy_find("patient")->defaults.quiet_pause, 0.7);
    const char *others[] = { "intrusive", "still-face", "withdrawn", "inconsistent" };
    for (size_t i = 0; i < 4; i++)
        ck_assert_double_eq(att_policy_find(others[i])->defaults.quiet_pause, 0);
    ck_assert_int_eq(att_policy_reads(att_policy_find("still-face"), "quiet_pause"), 0);
    ck_assert_int_eq(att_policy_reads(att_policy_find("patient"), "quiet_pause"), 1);

    const char *const bad[] = { "caregiver.quiet_pause=-1", "caregiver.quiet_pause=abc" };
    const char *const want[] = { "quiet_pause = -1 is out of range [0, 1e+06] s",
                                 "quiet_pause = abc is not a number" };
    const char *const good[] = { "caregiver.quiet_pause=1.5" };
    expect_set_errors(bad, want, 2, good, 1);
}
END_TEST

Suite *suite_caregiver_watch(void)
{
    Suite *s = suite_create("caregiver_watch");
    TCase *tc = tcase_create("watch");
    tcase_add_test(tc, watch_lasts_quiet_pause_then_play);
    tcase_add_test(tc, watch_length_follows_the_key);
    tcase_add_test(tc, smile_ends_the_watch);
    tcase_add_test(tc, look_away_turns_watch_into_wait_and_return_is_greeted);
    tcase_add_test(tc, no_pause_greets_at_once);
    tcase_add_test(tc, quiet_pause_key);
    suite_add_tcase(s, tc);
    return s;
}
