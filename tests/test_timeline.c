/* Developmental timelines, attachment-style presets and repair delay:
 * trust carried across sessions equals the update rule applied by hand to
 * the run's own ruptures; a new session rests both partners by the stated
 * formulas; presets are the defaults plus their listed keys, and explicit
 * keys win; a later repair soothes less, so the infant (noise off) takes
 * exactly as long to calm as the closed form says. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/caregiver.h"
#include "attune/infant.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "fixture.h"

static char ini[192];  /* the scenario written by load_text(), in work */

static void tl_setup(void)
{
    setup();
    in_work(ini, sizeof ini, "s.ini");
}

static att_scenario *load_text(const char *text, const char *const *sets, size_t nsets)
{
    write_file(ini, text);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(ini, sets, nsets, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

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
    att_scenario *s = load_text(chronic_ini, NULL, 0);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, 11, 1, &err);
    ck_assert_ptr_nonnull(sim);
    const att_infant_params *p = att_scenario_infant(s);
    double rate = p->trust_rate, horizon = p->repair_horizon;
    double trust = p->trust_initial;  /* the rule, applied by hand */
    long session = 0, repairs = 0, unrepaired = 0;
    att_step st;
    do {
        session++;
        int open = 0, first = 1;
        while (att_sim_next(sim, &st, &err) > 0) {
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
        ck_assert_msg(open, "session %ld should end on an open rupture", session);
        trust += rate * (0 - trust);  /* censored at the session's end: y = 0 */
        unrepaired++;
        ck_assert_double_eq_tol(att_sim_trust(sim), trust, 1e-12);
    } while (att_sim_next_session(sim, &err) > 0);
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
    att_infant *inf = att_infant_new(&p);
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
    att_infant *inf = att_infant_new(&p);
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
    att_scenario *multi = load_text(chronic_ini, NULL, 0);
    att_scenario *single = load_text(chronic_ini, one, 1);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *a = att_sim_new(multi, mt, 5, 1, &err), *b = att_sim_new(single, mt, 5, 1, &err);
    att_step sa, sb;
    long n = 0;
    while (att_sim_next(b, &sb, &err) > 0) {
        ck_assert_int_eq(att_sim_next(a, &sa, &err), 1);
        ck_assert_double_eq(sa.infant.arousal, sb.infant.arousal);
        ck_assert_int_eq(sa.infant_code, sb.infant_code);
        ck_assert_int_eq(sa.caregiver_mode, sb.caregiver_mode);
        n++;
    }
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

START_TEST(scenario_reads_sessions_and_interval)
{
    att_scenario *s = load_text("[scenario]\nduration = 10\nsessions = 30\ninterval = 43200\n", NULL, 0);
    ck_assert_int_eq(att_scenario_sessions(s), 30);
    ck_assert_double_eq(att_scenario_interval(s), 43200);
    double v;
    ck_assert_int_eq(att_scenario_value(s, "scenario.sessions", &v), 0);
    ck_assert_double_eq(v, 30);
    att_scenario_free(s);
    s = load_text("[scenario]\nduration = 10\n", NULL, 0);
    ck_assert_int_eq(att_scenario_sessions(s), 1);
    ck_assert_double_eq(att_scenario_interval(s), 86400);
    att_scenario_free(s);
}
END_TEST

/* ---- presets ---- */

START_TEST(presets_are_defaults_plus_their_keys)
{
    ck_assert_uint_eq(att_infant_preset_count(), 3);
    const char *names[] = { "secure", "anxious", "avoidant" };
    att_infant_params def;
    att_infant_params_default(&def);
    for (size_t k = 0; k < 3; k++) {
        const att_infant_preset *pr = att_infant_preset_find(names[k]);
        ck_assert_ptr_nonnull(pr);
        ck_assert_ptr_eq(att_infant_preset_at(k), pr);
        ck_assert_msg(pr->count > 0, "%s sets no key", names[k]);  /* the loops below see some */
        att_infant_params got;
        att_infant_preset_params(pr, &got);
        for (size_t i = 0; i < att_infant_param_count; i++) {
            const att_param *row = &att_infant_param_table[i];
            double want = att_param_get(row, &def);
            for (size_t j = 0; j < pr->count; j++)
                if (strcmp(pr->values[j].key, row->name) == 0)
                    want = pr->values[j].value;
            ck_assert_msg(att_param_get(row, &got) == want, "%s.%s", names[k], row->name);
        }
        for (size_t j = 0; j < pr->count; j++) {
            const att_param *row = att_param_find(att_infant_param_table, att_infant_param_count,
                                                  pr->values[j].key);
            ck_assert_msg(row != NULL, "%s: unknown key %s", names[k], pr->values[j].key);
            ck_assert_msg(pr->values[j].value >= row->min && pr->values[j].value <= row->max,
                          "%s.%s out of range", names[k], row->name);
            ck_assert_msg(pr->values[j].value != att_param_get(row, &def),
                          "%s.%s equals the default", names[k], row->name);
        }
    }
    ck_assert_ptr_null(att_infant_preset_find("Secure"));
    ck_assert_ptr_null(att_infant_preset_at(3));
}
END_TEST

/* The directions that make each style what it is, in its parameters. */
START_TEST(presets_point_the_right_way)
{
    att_infant_params sec, anx, avo, def;
    att_infant_params_default(&def);
    att_infant_preset_params(att_infant_preset_find("secure"), &sec);
    att_infant_preset_params(att_infant_preset_find("anxious"), &anx);
    att_infant_preset_params(att_infant_preset_find("avoidant"), &avo);
    ck_assert_double_gt(sec.trust_initial, def.trust_initial);
    ck_assert_double_gt(sec.bid_persistence, def.bid_persistence);
    ck_assert_double_gt(anx.protest_rate, def.protest_rate);
    ck_assert_double_lt(anx.soothe_gain, def.soothe_gain);
    ck_assert_double_lt(anx.negative_threshold, def.negative_threshold);
    ck_assert_double_gt(avo.avert_rate, def.avert_rate);
    ck_assert_double_lt(avo.bid_rate, def.bid_rate);
    ck_assert_double_gt(avo.negative_threshold, def.negative_threshold);
}
END_TEST

START_TEST(explicit_keys_win_over_the_preset_wherever_written)
{
    att_infant_params anx;
    att_infant_preset_params(att_infant_preset_find("anxious"), &anx);
    /* protest_rate before the preset line, soothe_gain in a --set */
    const char *sets[] = { "infant.soothe_gain=0.9" };
    att_scenario *s = load_text("[scenario]\nduration = 10\n[infant]\nprotest_rate = 0.1\n"
                                "preset = anxious\ncalm_rate = 0.9\n", sets, 1);
    const att_infant_params *p = att_scenario_infant(s);
    ck_assert_double_eq(p->protest_rate, 0.1);
    ck_assert_double_eq(p->calm_rate, 0.9);
    ck_assert_double_eq(p->soothe_gain, 0.9);
    ck_assert_double_eq(p->negative_threshold, anx.negative_threshold);
    ck_assert_double_eq(p->trust_initial, anx.trust_initial);
    ck_assert_str_eq(att_scenario_preset(s), "anxious");
    att_scenario_free(s);
    /* a --set of the preset replaces the file's preset everywhere it was not explicit */
    const char *other[] = { "infant.preset=avoidant" };
    att_infant_params avo;
    att_infant_preset_params(att_infant_preset_find("avoidant"), &avo);
    s = load_text("[scenario]\nduration = 10\n[infant]\npreset = anxious\n", other, 1);
    p = att_scenario_infant(s);
    ck_assert_mem_eq(p, &avo, sizeof avo);
    att_scenario_free(s);
}
END_TEST

/* ---- repair delay ---- */

/* With arousal noise off and gaze, self-comfort and contingency made
 * irrelevant to arousal, a soothed infant's arousal follows
 *     a(t) = A* + (a0 - A*) e^(-b t),  b = 1/tau + u + v,
 * u = stim_gain * stimulation, v = soothe_gain * exp(-delay / repair_decay),
 * so the time to fall below the negative-affect threshold has a closed form,
 * and it grows with the delay of the repair. */
static double calm_time_simulated(const att_infant_params *p, double strength, double dt)
{
    att_infant *inf = att_infant_new(p);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 1);
    att_care_signal sig = { .stimulation = 0.2, .soothe = strength, .contingency = 1 };
    att_infant_state st;
    double t = 0;
    for (long i = 0; i < 100000; i++) {
        att_infant_step(inf, &sig, dt, r);
        t += dt;
        att_infant_state_get(inf, &st);
        if (st.arousal < p->negative_threshold)
            break;
    }
    att_infant_free(inf);
    gsl_rng_free(r);
    return t;
}

START_TEST(later_repair_soothes_less_and_recovery_takes_longer)
{
    att_infant_params p;
    att_infant_params_default(&p);
    p.arousal_noise = 0;
    p.arousal_initial = 0.95;
    p.away_factor = 1;
    p.avert_relief = 0;
    p.selfcomfort_relief = 0;
    p.contingency_gain = 0;
    p.negative_threshold = 0.6;
    p.soothe_gain = 1.5;
    const double decay = 20, dt = 0.01, delays[] = { 0, 2, 5, 10, 20 };
    double prev = 0;
    for (size_t k = 0; k < sizeof delays / sizeof delays[0]; k++) {
        double s = exp(-delays[k] / decay);
        double u = p.stim_gain * 0.2, v = p.soothe_gain * s, b = 1 / p.arousal_tau + u + v;
        double fixed = (p.arousal_baseline / p.arousal_tau + u) / b;
        ck_assert_double_eq_tol(fixed, att_infant_arousal_fixed_point(&p, u, v), 1e-15);
        double t_exact = log((p.arousal_initial - fixed) / (p.negative_threshold - fixed)) / b;
        double t_sim = calm_time_simulated(&p, s, dt);
        /* the first step whose end is past the crossing */
        ck_assert_double_eq_tol(t_sim, ceil(t_exact / dt - 1e-9) * dt, 1e-9);
        ck_assert_double_gt(t_sim, prev);
        prev = t_sim;
    }
}
END_TEST

/* The caregiver's side: her soothing strength is exp(-delay / repair_decay)
 * with delay = time she saw distress before noticing + repair_latency. */
START_TEST(repair_strength_falls_with_repair_latency)
{
    const att_policy_type *patient = att_policy_find("patient");
    const double latencies[] = { 0.5, 3, 8 };
    double prev = 2;
    for (size_t k = 0; k < 3; k++) {
        att_caregiver_params p = patient->defaults;
        p.perception_noise = 0;
        p.perception_delay = 0;
        p.responsiveness = 1;
        p.repair_latency = latencies[k];
        const double dt = 0.1;
        att_caregiver *cg = att_caregiver_new(patient, &p, dt, 0);
        gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
        gsl_rng_set(r, 9);
        att_infant_state distressed = { .arousal = 0.9, .gaze = ATT_GAZE_AT,
                                        .affect = ATT_AFFECT_NEGATIVE,
                                        .behavior = ATT_IB_PROTEST_FUSS };
        att_care_signal sig;
        double seen = 0, noticed_after = -1, soothe = -1;
        for (int i = 0; i < 400 && soothe < 0; i++) {
            att_caregiver_observe(cg, &distressed, r);
            att_caregiver_act(cg, dt, r, &sig);
            att_care_mode m = att_caregiver_mode(cg);
            if (m == ATT_CM_NOTICE && noticed_after < 0)
                noticed_after = seen;   /* distress seen before this step */
            if (m == ATT_CM_SOOTHE)
                soothe = sig.soothe;
            seen += dt;
        }
        ck_assert_double_ge(noticed_after, 0);
        double delay = noticed_after + dt + p.repair_latency;
        ck_assert_double_eq_tol(soothe, exp(-delay / p.repair_decay), 1e-9);
        ck_assert_double_lt(soothe, prev);
        prev = soothe;
        att_caregiver_free(cg);
        gsl_rng_free(r);
    }
}
END_TEST

Suite *suite_timeline(void);
Suite *suite_timeline(void)
{
    Suite *s = suite_create("timeline");
    TCase *tc = fixture_tcase("sessions", tl_setup);
    tcase_add_test(tc, trust_carries_over_and_follows_the_update_rule);
    tcase_add_test(tc, trust_after_n_unrepaired_ruptures);
    tcase_add_test(tc, new_session_rests_both_partners);
    tcase_add_test(tc, first_session_equals_a_single_run);
    tcase_add_test(tc, scenario_reads_sessions_and_interval);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("presets", tl_setup);
    tcase_add_test(tc, presets_are_defaults_plus_their_keys);
    tcase_add_test(tc, presets_point_the_right_way);
    tcase_add_test(tc, explicit_keys_win_over_the_preset_wherever_written);
    suite_add_tcase(s, tc);
    tc = tcase_create("repair-delay");
    tcase_add_test(tc, later_repair_soothes_less_and_recovery_takes_longer);
    tcase_add_test(tc, repair_strength_falls_with_repair_latency);
    suite_add_tcase(s, tc);
    return s;
}
