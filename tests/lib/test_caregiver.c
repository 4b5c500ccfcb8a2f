/* Caregiver and policies: how each policy answers an infant who looks away,
 * the still face that never responds, the parts of a repair, and the
 * perception delay, all with perception noise off.  Repair delay: a later
 * repair soothes less, so the infant (noise off) takes exactly as long to
 * calm as the closed form says. */
#include <check.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "attune/caregiver.h"
#include "tests/fixture.h"

static const double DT = 0.1;

static att_caregiver_params quiet_params(const char *policy)
{
    att_caregiver_params p = att_policy_find(policy)->defaults;
    p.perception_noise = 0;
    return p;
}

static att_infant_state infant(att_gaze g, att_affect a, att_infant_behavior b)
{
    att_infant_state s = { .arousal = 0.3, .gaze = g, .affect = a, .behavior = b, .trust = 0.7 };
    return s;
}

/* Steps the caregiver `secs` seconds while the infant holds state `s`;
 * returns the last signal. */
static att_care_signal hold(att_caregiver *cg, att_infant_state s, double secs, gsl_rng *r)
{
    att_care_signal sig = { 0 };
    for (long i = 0; i < lround(secs / DT); i++) {
        att_caregiver_act(cg, DT, r, &sig);
        att_caregiver_observe(cg, &s, r);
    }
    return sig;
}

START_TEST(policy_table_lookup)
{
    const char *names[] = { "patient", "intrusive", "still-face", "withdrawn", "inconsistent" };
    ck_assert_uint_eq(att_policy_count(), 5);
    /* The table covers the struct (all doubles): the loop below sees every
     * parameter, and there are some. */
    ck_assert_uint_gt(att_caregiver_param_count, 0);
    ck_assert_uint_eq(att_caregiver_param_count * sizeof(double), sizeof(att_caregiver_params));
    for (size_t i = 0; i < 5; i++) {
        const att_policy_type *t = att_policy_find(names[i]);
        ck_assert_ptr_nonnull(t);
        ck_assert_str_eq(t->name, names[i]);
        for (size_t k = 0; k < att_caregiver_param_count; k++) {
            const att_param *row = &att_caregiver_param_table[k];
            double v = att_param_get(row, &t->defaults);
            ck_assert_msg(v >= row->min && v <= row->max, "%s.%s out of range", t->name, row->name);
        }
    }
    ck_assert_ptr_null(att_policy_find("patent"));
}
END_TEST

START_TEST(patient_lowers_stimulation_when_infant_averts)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver_params p = quiet_params("patient");
    p.responsiveness = 1;
    att_caregiver *cg = att_caregiver_new(att_policy_find("patient"), &p, DT, p.perception_delay, NULL);
    att_care_signal play = hold(cg, infant(ATT_GAZE_AT, ATT_AFFECT_POSITIVE, ATT_IB_ENGAGE), 3, r);
    ck_assert_int_eq(att_caregiver_mode(cg), ATT_CM_PLAY);
    ck_assert_double_eq_tol(play.stimulation, p.play_stimulation, 1e-12);
    att_care_signal away = hold(cg, infant(ATT_GAZE_AWAY, ATT_AFFECT_NEUTRAL, ATT_IB_SELF_COMFORT), 2, r);
    ck_assert_int_eq(att_caregiver_mode(cg), ATT_CM_WAIT);
    ck_assert(away.stimulation < play.stimulation);
    ck_assert_double_eq(away.intrusion, 0);
    /* When the infant comes back she greets it. */
    hold(cg, infant(ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE), 0.6, r);
    ck_assert_int_eq(att_caregiver_mode(cg), ATT_CM_GREET);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

START_TEST(intrusive_raises_stimulation_when_infant_averts)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver_params p = quiet_params("intrusive");
    p.responsiveness = 1;
    att_caregiver *cg = att_caregiver_new(att_policy_find("intrusive"), &p, DT, p.perception_delay, NULL);
    att_care_signal play = hold(cg, infant(ATT_GAZE_AT, ATT_AFFECT_POSITIVE, ATT_IB_ENGAGE), 3, r);
    att_care_signal away = hold(cg, infant(ATT_GAZE_AWAY, ATT_AFFECT_NEUTRAL, ATT_IB_SELF_COMFORT),
                                p.wait_time + p.perception_delay + 0.5, r);
    ck_assert_int_eq(att_caregiver_mode(cg), ATT_CM_LOOM);
    ck_assert(away.stimulation > play.stimulation);
    ck_assert(away.intrusion >= 0.5 * p.intrusiveness);
    ck_assert_int_eq(att_care_mode_code(ATT_CM_LOOM), ATT_CC_INTRUSIVE);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

START_TEST(still_face_never_responds)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver_params p = att_policy_find("still-face")->defaults;
    att_caregiver *cg = att_caregiver_new(att_policy_find("still-face"), &p, DT, p.perception_delay, NULL);
    att_infant_state states[] = {
        infant(ATT_GAZE_AT, ATT_AFFECT_POSITIVE, ATT_IB_ENGAGE),
        infant(ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_BID_REACH),
        infant(ATT_GAZE_AWAY, ATT_AFFECT_NEUTRAL, ATT_IB_LOOK_AWAY),
        infant(ATT_GAZE_AT, ATT_AFFECT_NEGATIVE, ATT_IB_PROTEST_FUSS),
        infant(ATT_GAZE_AWAY, ATT_AFFECT_NEGATIVE, ATT_IB_DISTRESS),
        infant(ATT_GAZE_AWAY, ATT_AFFECT_NEUTRAL, ATT_IB_WITHDRAWAL),
    };
    for (long i = 0; i < 3000; i++) {
        att_care_signal sig;
        att_caregiver_act(cg, DT, r, &sig);
        ck_assert_int_eq(att_caregiver_mode(cg), ATT_CM_STILL);
        ck_assert_double_eq(sig.stimulation, p.still_stimulation);
        ck_assert_double_eq(sig.contingency, 0);
        ck_assert_double_eq(sig.soothe, 0);
        ck_assert_double_eq(sig.intrusion, 0);
        att_caregiver_observe(cg, &states[gsl_rng_uniform_int(r, 6)], r);
    }
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

/* Repair is an act: notice (for repair_latency), reconnect, soothe, in order,
 * with soothing weakened by the delay: exp(-delay / repair_decay). */
START_TEST(repair_has_its_parts_in_order)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver_params p = quiet_params("patient");
    p.responsiveness = 1, p.repair_latency = 2.0, p.repair_decay = 10, p.perception_delay = 0;
    att_caregiver *cg = att_caregiver_new(att_policy_find("patient"), &p, DT, 0, NULL);
    hold(cg, infant(ATT_GAZE_AT, ATT_AFFECT_POSITIVE, ATT_IB_ENGAGE), 2, r);
    att_infant_state upset = infant(ATT_GAZE_AT, ATT_AFFECT_NEGATIVE, ATT_IB_PROTEST_FUSS);
    long notice_steps = 0, first_notice = -1, first_reconnect = -1, first_soothe = -1;
    att_care_signal sig, soothe_sig = { 0 };
    for (long i = 0; i < 200; i++) {
        att_caregiver_act(cg, DT, r, &sig);
        att_caregiver_observe(cg, &upset, r);
        att_care_mode m = att_caregiver_mode(cg);
        if (m == ATT_CM_NOTICE && first_notice < 0) first_notice = i;
        if (m == ATT_CM_NOTICE) notice_steps++;
        if (m == ATT_CM_RECONNECT && first_reconnect < 0) first_reconnect = i;
        if (m == ATT_CM_SOOTHE && first_soothe < 0) { first_soothe = i; soothe_sig = sig; }
    }
    ck_assert(first_notice >= 0 && first_notice < first_reconnect && first_reconnect < first_soothe);
    ck_assert_int_eq(notice_steps, 20);                   /* 2.0 s of noticing */
    ck_assert_int_eq(first_soothe - first_reconnect, 10); /* 1 s reconnection gesture */
    /* delay = distress seen before noticing + latency = first_notice * DT + 2 */
    double delay = (double)first_notice * DT + 2.0;
    ck_assert_double_eq_tol(soothe_sig.soothe, exp(-delay / 10.0), 1e-6);
    ck_assert_int_eq(att_care_mode_code(ATT_CM_SOOTHE), ATT_CC_SOOTHE);
    ck_assert_int_eq(att_care_mode_code(ATT_CM_RECONNECT), ATT_CC_SOOTHE);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

/* She acts on what the infant did perception_delay seconds before her last
 * observation: a change at step n is first answered at step n + 1 + k. */
START_TEST(perception_delay_in_steps)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    att_caregiver_params p = quiet_params("patient");
    p.responsiveness = 1, p.perception_delay = 1.0;
    att_caregiver *cg = att_caregiver_new(att_policy_find("patient"), &p, DT, 1.0, NULL);
    hold(cg, infant(ATT_GAZE_AT, ATT_AFFECT_POSITIVE, ATT_IB_ENGAGE), 3, r);
    att_infant_state away = infant(ATT_GAZE_AWAY, ATT_AFFECT_NEUTRAL, ATT_IB_LOOK_AWAY);
    long answered = -1;
    for (long i = 0; i < 50 && answered < 0; i++) {
        att_care_signal sig;
        att_caregiver_act(cg, DT, r, &sig);
        if (att_caregiver_mode(cg) == ATT_CM_WAIT)
            answered = i;
        att_caregiver_observe(cg, &away, r);
    }
    ck_assert_int_eq(answered, 1 + 10);
    att_caregiver_free(cg);
    gsl_rng_free(r);
}
END_TEST

/* A new session (header: policy and parameters as at _new, her arousal
 * relaxed by e^(-interval/arousal_tau), perception buffer and timers empty).
 * Session 1: an intrusive caregiver who misreads half the time, 20 s with an
 * infant turned away and fussing, so her arousal is up and her buffer full of
 * "away, distressed".  Session 2, patient, after an interval of arousal_tau
 * ln 2: her arousal is exactly halved; she starts in play (the patient's
 * initial mode, docs/MODEL.md 4.6); with an infant looking at her, calm,
 * she perceives nothing stale, so she stays in play and her arousal only
 * relaxes, by e^(-dt/arousal_tau) a step (4.2, no drive). */
START_TEST(new_session_resets_her_state)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    /* Eight first sessions of different lengths: at the end of some of them
     * she is in the middle of a misreading, which must not carry over. */
    for (int k = 0; k < 8; k++) {
        att_caregiver_params pi = quiet_params("intrusive");
        pi.perception_delay = 1.0, pi.perception_noise = 0.5;
        att_caregiver *cg = att_caregiver_new(att_policy_find("intrusive"), &pi, DT, 1.0, NULL);
        hold(cg, infant(ATT_GAZE_AWAY, ATT_AFFECT_NEGATIVE, ATT_IB_PROTEST_FUSS), 20 + 0.3 * k, r);
        double before = att_caregiver_arousal(cg);
        ck_assert_double_gt(before, 0.1);
        ck_assert_int_ne(att_caregiver_mode(cg), ATT_CM_PLAY);

        att_caregiver_params pp = quiet_params("patient");
        pp.perception_delay = 1.0, pp.responsiveness = 1, pp.arousal_tau = 10;
        att_caregiver_new_session(cg, att_policy_find("patient"), &pp, 10 * log(2));
        ck_assert_ptr_eq(att_caregiver_policy(cg), att_policy_find("patient"));
        ck_assert_int_eq(att_caregiver_mode(cg), ATT_CM_PLAY);
        ck_assert_double_eq_tol(att_caregiver_arousal(cg), before / 2, 1e-12);

        att_infant_state calm = infant(ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE);
        for (int n = 1; n <= 40; n++) {
            att_care_signal sig;
            att_caregiver_act(cg, DT, r, &sig);
            ck_assert_msg(att_caregiver_mode(cg) == ATT_CM_PLAY, "session %d, step %d: mode %s", k, n,
                          att_care_mode_name(att_caregiver_mode(cg)));
            ck_assert_double_eq_tol(sig.stimulation, pp.play_stimulation, 1e-12);
            ck_assert_double_eq_tol(sig.contingency, 1.0, 1e-12);  /* responding */
            ck_assert_double_eq_tol(att_caregiver_arousal(cg), before / 2 * exp(-n * DT / 10), 1e-12);
            att_caregiver_observe(cg, &calm, r);
        }
        att_caregiver_free(cg);
    }
    gsl_rng_free(r);
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
    att_infant *inf = att_infant_new(p, NULL);
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
    p.soothability = 1;   /* v is soothe_gain times her strength (2.9) */
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
        att_caregiver *cg = att_caregiver_new(patient, &p, dt, 0, NULL);
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

/* ---- the signal of each mode ---- */

/* Every mode's four components stay in 0-1 with the keys and the state
 * they read at their extremes (0 and 1 each, every combination): the
 * contract of att_care_mode_signal, which no longer asserts it every step. */
START_TEST(mode_signals_stay_in_range)
{
    const att_caregiver_params defaults = att_policy_find("patient")->defaults;
    for (int m = 0; m < ATT_CM_COUNT; m++)
        for (int bits = 0; bits < 128; bits++) {
            att_caregiver_params p = defaults;
            p.play_stimulation = bits & 1;
            p.still_stimulation = (bits >> 1) & 1;
            p.intrusiveness = (bits >> 2) & 1;
            att_care_state st = { .mode = (att_care_mode)m, .gentle = (bits >> 3) & 1,
                                  .arousal = (bits >> 4) & 1, .repair_strength = (bits >> 5) & 1,
                                  .responding = (bits >> 6) & 1 };
            att_care_signal sig;
            att_care_mode_signal((att_care_mode)m, &p, &st, &sig);
            const double v[] = { sig.stimulation, sig.intrusion, sig.soothe, sig.contingency };
            for (int i = 0; i < 4; i++)
                if (!(v[i] >= 0 && v[i] <= 1))
                    ck_abort_msg("mode %s, case %d: component %d is %g", att_care_mode_name(m),
                                 bits, i, v[i]);
        }
}
END_TEST

/* A few values by hand from docs/MODEL.md 4: play tones down with gentle,
 * a greeting caps at 1, looming grows with her arousal. */
START_TEST(mode_signals_by_hand)
{
    att_caregiver_params p = att_policy_find("patient")->defaults;
    att_care_state st = { .gentle = 0.5, .arousal = 0.5, .responding = 0 };
    att_care_signal sig;
    p.play_stimulation = 0.6;
    att_care_mode_signal(ATT_CM_PLAY, &p, &st, &sig);
    ck_assert_double_eq_tol(sig.stimulation, 0.3, 1e-15);    /* 0.6 (1 - 0.5) */
    ck_assert_double_eq_tol(sig.contingency, 0.4, 1e-15);    /* not responding */
    ck_assert_int_eq(sig.playful, 1);
    p.play_stimulation = 0.95;
    st.gentle = 0;
    att_care_mode_signal(ATT_CM_GREET, &p, &st, &sig);
    ck_assert_double_eq(sig.stimulation, 1.0);               /* 0.95 + 0.15, capped */
    p.intrusiveness = 0.9;
    att_care_mode_signal(ATT_CM_LOOM, &p, &st, &sig);
    ck_assert_double_eq_tol(sig.intrusion, 0.675, 1e-15);    /* 0.9 (0.5 + 0.5 * 0.5) */
    ck_assert_double_eq_tol(sig.contingency, 0.5, 1e-15);
}
END_TEST

/* ---- the error channel ---- */

START_TEST(caregiver_refuses_bad_arguments)
{
    const att_policy_type *patient = att_policy_find("patient");
    ck_assert_ptr_nonnull(patient);
    att_caregiver_params p = patient->defaults;
    att_error err = { 0 };
    ck_assert_ptr_null(att_caregiver_new(patient, &p, 0.0, 0.5, &err));
    expect_err(&err, ATT_EINPUT, "time step");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_caregiver_new(patient, &p, 0.1, -1.0, &err));
    expect_err(&err, ATT_EINPUT, "perception delay");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_caregiver_new(patient, &p, 0.1, NAN, &err));
    expect_err(&err, ATT_EINPUT, "perception delay");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_caregiver_new(NULL, &p, 0.1, 0.5, &err));
    expect_err(&err, ATT_EINPUT, "no policy");
    ck_assert_ptr_null(att_caregiver_new(patient, NULL, 0.1, 0.5, NULL));
    att_error ok = { 0 };
    att_caregiver *cg = att_caregiver_new(patient, &p, 0.1, 0.5, &ok);
    ck_assert_ptr_nonnull(cg);
    ck_assert_int_eq(ok.code, ATT_OK);
    att_caregiver_free(cg);
}
END_TEST

Suite *suite_caregiver(void)
{
    Suite *s = suite_create("caregiver");
    TCase *tc = tcase_create("policies");
    tcase_add_test(tc, caregiver_refuses_bad_arguments);
    tcase_add_test(tc, mode_signals_stay_in_range);
    tcase_add_test(tc, mode_signals_by_hand);
    tcase_add_test(tc, policy_table_lookup);
    tcase_add_test(tc, patient_lowers_stimulation_when_infant_averts);
    tcase_add_test(tc, intrusive_raises_stimulation_when_infant_averts);
    tcase_add_test(tc, still_face_never_responds);
    tcase_add_test(tc, repair_has_its_parts_in_order);
    tcase_add_test(tc, perception_delay_in_steps);
    tcase_add_test(tc, new_session_resets_her_state);
    suite_add_tcase(s, tc);
    tc = tcase_create("repair-delay");
    tcase_add_test(tc, later_repair_soothes_less_and_recovery_takes_longer);
    tcase_add_test(tc, repair_strength_falls_with_repair_latency);
    suite_add_tcase(s, tc);
    return s;
}
