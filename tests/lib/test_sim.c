/* Whole-simulation tests: identical bytes for the same seed, a golden trace,
 * and the behaviours the seed texts describe, averaged over many seeds.
 * Timelines: trust carried across sessions equals the update rule applied
 * by hand to the run's own ruptures, a new session rests both partners by
 * the stated formulas, and the first session is the single run (a batch of
 * timelines is tested in tests/lib/test_batch.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "tests/fixture.h"

#define SEEDS 60
#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif

static att_scenario *load(const char *path)
{
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(path, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

START_TEST(same_seed_same_bytes_other_seed_other_trace)
{
    att_scenario *s = load(SRC("scenarios/still-face.ini"));
    att_match_table *mt = load_match("attuned");
    char *a = trace_text(s, mt, 42), *b = trace_text(s, mt, 42), *c = trace_text(s, mt, 43);
    ck_assert_str_eq(a, b);
    ck_assert_str_ne(a, c);
    /* one header plus one row per step */
    long lines = 0;
    for (const char *p = a; *p; p++)
        lines += *p == '\n';
    ck_assert_int_eq(lines, 1 + att_scenario_steps(s));
    free(a), free(b), free(c);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

/* tests/data/golden.csv was written by `make golden` (attune run
 * tests/data/golden.ini); any change to the model's numbers shows up here
 * and must be deliberate: regenerate it and say why in the commit. */
START_TEST(golden_trace)
{
    att_scenario *s = load(SRC("tests/data/golden.ini"));
    att_match_table *mt = load_match("attuned");
    char *got = trace_text(s, mt, att_scenario_seed(s));
    char *want = slurp(SRC("tests/data/golden.csv"), NULL);
    ck_assert_ptr_nonnull(want);
    ck_assert_str_eq(got, want);
    free(got), free(want);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

typedef struct {
    double steps, gaze, positive, negative, protest;
    double aversions, averted;  /* aversion bouts and steps averted */
    double peak_arousal;        /* summed over runs */
    double bids_early, bids_late;
} stats;

static int is_bid(att_infant_behavior b)
{
    return b == ATT_IB_BID_REACH || b == ATT_IB_BID_POINT || b == ATT_IB_BID_VOCALISE;
}

/* Averages over SEEDS runs of `path`, restricted to phase `phase`; bids are
 * counted at onset in the phase's first and last `edge` seconds. */
static stats measure(const char *path, int phase, double edge)
{
    att_scenario *s = load(path);
    att_match_table *mt = load_match("attuned");
    const att_phase *ph = att_scenario_phase(s, (size_t)phase);
    double start = 0;
    for (int i = 0; i < phase; i++)
        start += att_scenario_phase(s, (size_t)i)->duration;
    stats x = { 0 };
    for (unsigned long seed = 1; seed <= SEEDS; seed++) {
        att_error err = { 0 };
        att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
        ck_assert_msg(sim != NULL, "%s", err.msg);
        att_step st, prev = { 0 };
        double peak = 0;
        int more;
        while ((more = att_sim_next(sim, &st, &err)) > 0) {
            if (st.phase != phase) {
                prev = st;
                continue;
            }
            const att_infant_state *in = &st.infant;
            x.steps++;
            x.gaze += in->gaze == ATT_GAZE_AT;
            x.positive += in->affect == ATT_AFFECT_POSITIVE;
            x.negative += in->affect == ATT_AFFECT_NEGATIVE;
            /* fussing or pushing, whatever the gaze (turned away it is
             * coded withdrawn: docs/MODEL.md 3.1) */
            x.protest += in->behavior == ATT_IB_PROTEST_FUSS || in->behavior == ATT_IB_PROTEST_PUSH;
            x.averted += in->gaze == ATT_GAZE_AWAY;
            x.aversions += in->gaze == ATT_GAZE_AWAY && prev.infant.gaze == ATT_GAZE_AT;
            if (in->arousal > peak)
                peak = in->arousal;
            if (is_bid(in->behavior) && !is_bid(prev.infant.behavior)) {
                double into = st.t - start;
                x.bids_early += into < edge;
                x.bids_late += into >= ph->duration - edge;
            }
            prev = st;
        }
        ck_assert_msg(more == 0, "seed %lu: %s", seed, err.msg);
        x.peak_arousal += peak;
        att_sim_free(sim);
    }
    x.peak_arousal /= SEEDS;
    att_match_table_free(mt);
    att_scenario_free(s);
    return x;
}

START_TEST(intrusive_mother_prolongs_aversion_protest_and_arousal)
{
    stats pat = measure(SRC("scenarios/peekaboo-patient.ini"), 0, 0);
    stats intr = measure(SRC("scenarios/peekaboo-intrusive.ini"), 0, 0);
    double bout_pat = pat.averted / pat.aversions, bout_intr = intr.averted / intr.aversions;
    ck_assert_msg(bout_intr > 1.3 * bout_pat, "aversion bouts: intrusive %.1f vs patient %.1f steps",
                  bout_intr, bout_pat);
    ck_assert_msg(intr.protest / intr.steps > 2 * pat.protest / pat.steps, "protest share %.3f vs %.3f",
                  intr.protest / intr.steps, pat.protest / pat.steps);
    ck_assert_msg(intr.peak_arousal > pat.peak_arousal + 0.05, "peak arousal %.2f vs %.2f",
                  intr.peak_arousal, pat.peak_arousal);
}
END_TEST

START_TEST(still_face_lowers_gaze_and_joy_raises_negativity_bids_first)
{
    stats play = measure(SRC("scenarios/still-face.ini"), 0, 0);
    stats still = measure(SRC("scenarios/still-face.ini"), 1, 40);
    /* the default infant's drop (60 seeds) is 0.15 since session 9 (0.79 to
     * 0.64); the population's d is validate's (sf.gaze_d) */
    ck_assert_msg(still.gaze / still.steps < play.gaze / play.steps - 0.1, "gaze %.2f vs %.2f",
                  still.gaze / still.steps, play.gaze / play.steps);
    ck_assert_msg(still.positive / still.steps < 0.5 * play.positive / play.steps, "positive %.3f vs %.3f",
                  still.positive / still.steps, play.positive / play.steps);
    ck_assert_msg(still.negative / still.steps > 1.5 * play.negative / play.steps, "negative %.3f vs %.3f",
                  still.negative / still.steps, play.negative / play.steps);
    ck_assert_msg(still.bids_early > 1.5 * still.bids_late, "bids in first 40 s %.0f, last 40 s %.0f",
                  still.bids_early, still.bids_late);
}
END_TEST

/* ---- sessions ---- */

/* Play, then a still face to the end: the still face is never matched, so
 * every session ends on a rupture left unrepaired. */
static const char chronic_ini[] =
    "[scenario]\ndt = 0.1\nseed = 11\nsessions = 6\ninterval = 3600\n"
    "[infant]\ntrust_rate = 0.1\nrepair_horizon = 2\n"
    "[phase]\nname = play\nduration = 20\npolicy = patient\n"
    "[phase]\nname = still\nduration = 15\npolicy = still-face\n";

START_TEST(trust_carries_over_and_follows_the_update_rule)
{
    att_scenario *s = load_tl(chronic_ini, NULL, 0);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, 11, 1, &err);
    ck_assert_ptr_nonnull(sim);
    const att_infant_params *p = att_scenario_infant(s);
    double rate = p->trust_rate, horizon = p->repair_horizon;
    double trust = p->trust_initial;  /* the rule, applied by hand */
    long session = 0, repairs = 0, unrepaired = 0;
    att_step st;
    int more;
    do {
        session++;
        int open = 0, first = 1;
        while ((more = att_sim_next(sim, &st, &err)) > 0) {
            ck_assert_int_eq(st.session, session);
            if (first) {  /* the new session starts from the trust the last one ended with */
                ck_assert_double_eq_tol(st.infant.trust, trust, 1e-12);
                ck_assert_double_eq(st.t, 0);
                first = 0;
            }
            /* a step shows the trust it began with; its repair updates it after */
            ck_assert_double_eq_tol(st.infant.trust, trust, 1e-12);
            if (st.score.kind == ATT_SCORE_RUPTURE)
                open = 1;
            if (st.score.kind == ATT_SCORE_REPAIR) {
                trust += rate * (exp2(-st.score.latency / horizon) - trust);
                open = 0;
                repairs++;
            }
        }
        ck_assert_msg(more == 0, "session %ld: %s", session, err.msg);
        ck_assert_msg(open, "session %ld should end on an open rupture", session);
        trust += rate * (0 - trust);  /* censored at the session's end: y = 0 */
        unrepaired++;
        ck_assert_double_eq_tol(att_sim_trust(sim), trust, 1e-12);
    } while ((more = att_sim_next_session(sim, &err)) > 0);
    ck_assert_msg(more == 0, "%s", err.msg);
    ck_assert_int_eq(session, 6);
    ck_assert_int_eq(att_sim_session(sim), 6);
    ck_assert_int_eq(unrepaired, 6);
    ck_assert_int_gt(repairs, 0);
    att_sim_free(sim);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

START_TEST(trust_after_n_unrepaired_ruptures)
{
    att_infant_params p;
    att_infant_params_default(&p);
    p.trust_initial = 0.8;
    p.trust_rate = 0.07;
    att_infant *inf = att_infant_new(&p, NULL);
    for (int n = 1; n <= 25; n++) {
        att_infant_rupture_outcome(inf, 30.0, 0);
        att_infant_new_session(inf, 86400);
        att_infant_state st;
        att_infant_state_get(inf, &st);
        ck_assert_double_eq_tol(st.trust, 0.8 * pow(1 - 0.07, n), 1e-12);
    }
    att_infant_free(inf);
}
END_TEST

START_TEST(new_session_rests_both_partners)
{
    att_infant_params p;
    att_infant_params_default(&p);
    p.hope_buffer = 0;   /* the full drive of lost contingency: aroused before the rest */
    /* and the drives it was written with (0.71 after 30 s, turned away, negative) */
    p.stim_gain = 0.45, p.intrusion_gain = 1.2, p.contingency_gain = 0.35, p.reactivity = 1;
    att_infant *inf = att_infant_new(&p, NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 3);
    att_care_signal loud = { .stimulation = 1, .intrusion = 1, .contingency = 0 };
    for (int i = 0; i < 300; i++)
        att_infant_step(inf, &loud, 0.1, r);
    att_infant_state before, after;
    att_infant_state_get(inf, &before);
    ck_assert_double_gt(before.arousal, 0.6);
    att_infant_new_session(inf, 4.0);
    att_infant_state_get(inf, &after);
    ck_assert_double_eq_tol(after.arousal,
                            p.arousal_initial + (before.arousal - p.arousal_initial) * exp(-4.0 / p.arousal_tau),
                            1e-12);
    ck_assert_double_eq_tol(after.regulation, 1 + (before.regulation - 1) * exp(-4.0 / p.capacity_tau), 1e-12);
    ck_assert_double_eq(after.trust, before.trust);
    ck_assert_int_eq(after.gaze, ATT_GAZE_AT);
    ck_assert_int_eq(after.affect, ATT_AFFECT_NEUTRAL);
    ck_assert_int_eq(after.behavior, ATT_IB_ENGAGE);
    ck_assert_double_eq(after.contingency_loss, 0);
    att_infant_free(inf);
    gsl_rng_free(r);
}
END_TEST

/* The first session of a timeline is exactly a one-session run of the same
 * seed; the next starts again at step 0 with session 2. */
START_TEST(first_session_equals_a_single_run)
{
    const char *one[] = { "scenario.sessions=1" };
    att_scenario *multi = load_tl(chronic_ini, NULL, 0);
    att_scenario *single = load_tl(chronic_ini, one, 1);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *a = att_sim_new(multi, mt, 5, 1, &err), *b = att_sim_new(single, mt, 5, 1, &err);
    att_step sa, sb;
    long n = 0;
    int more;
    while ((more = att_sim_next(b, &sb, &err)) > 0) {
        ck_assert_int_eq(att_sim_next(a, &sa, &err), 1);
        ck_assert_double_eq(sa.infant.arousal, sb.infant.arousal);
        ck_assert_int_eq(sa.infant_code, sb.infant_code);
        ck_assert_int_eq(sa.caregiver_mode, sb.caregiver_mode);
        n++;
    }
    ck_assert_msg(more == 0, "%s", err.msg);
    ck_assert_int_eq(att_sim_next(a, &sa, &err), 0);
    ck_assert_int_eq(n, att_scenario_steps(single));
    ck_assert_int_eq(att_sim_next_session(b, &err), 0);   /* one session only */
    ck_assert_int_eq(att_sim_next_session(a, &err), 1);
    ck_assert_int_eq(att_sim_next(a, &sa, &err), 1);
    ck_assert_int_eq(sa.session, 2);
    ck_assert_int_eq(sa.index, 0);
    att_sim_free(a);
    att_sim_free(b);
    att_match_table_free(mt);
    att_scenario_free(multi);
    att_scenario_free(single);
}
END_TEST

Suite *suite_sim(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("runs");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, same_seed_same_bytes_other_seed_other_trace);
    tcase_add_test(tc, golden_trace);
    tcase_add_test(tc, intrusive_mother_prolongs_aversion_protest_and_arousal);
    tcase_add_test(tc, still_face_lowers_gaze_and_joy_raises_negativity_bids_first);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("sessions", tl_setup);
    tcase_add_test(tc, trust_carries_over_and_follows_the_update_rule);
    tcase_add_test(tc, trust_after_n_unrepaired_ruptures);
    tcase_add_test(tc, new_session_rests_both_partners);
    tcase_add_test(tc, first_session_equals_a_single_run);
    suite_add_tcase(s, tc);
    return s;
}
