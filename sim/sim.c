/* One simulated dyad: wires infant, caregiver, match table and the online
 * scorer together and steps them through the scenario's phases. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_rng.h>
#include "attune/sim.h"
#include "base/seed.h"

struct att_sim {
    const att_scenario *scn;
    att_scenario *drawn;   /* scn with its distributions drawn, owned; or NULL */
    gsl_rng *rng;
    att_infant *infant;
    att_caregiver *caregiver;
    att_scorer *scorer;
    unsigned char matched[ATT_IC_COUNT][ATT_CC_COUNT];
    int infant_index[ATT_IC_COUNT];      /* the codes' indices in the match table */
    int caregiver_index[ATT_CC_COUNT];
    double dt;
    long run;
    long session, sessions;
    long step, total;   /* next step index, number of steps */
    size_t phase;       /* current phase */
    long phase_end;     /* first step after the current phase */
    int done;
    att_error err;      /* why it failed: handed out again by every later call */
};

/* Copies the table into a matrix indexed by the simulator's own codes, so the
 * hot loop needs no string lookups. */
static int load_matches(att_sim *sim, const att_match_table *mt, att_error *err)
{
    for (int i = 0; i < ATT_IC_COUNT; i++) {
        const char *iname = att_infant_code_name((att_infant_code)i);
        int ii = att_match_table_infant_index(mt, iname);
        if (ii < 0)
            return att_error_set(err, ATT_EINPUT, "%s: match table has no infant code '%s'",
                                 att_match_table_path(mt), iname);
        sim->infant_index[i] = ii;
        for (int c = 0; c < ATT_CC_COUNT; c++) {
            const char *cname = att_caregiver_code_name((att_caregiver_code)c);
            int ci = att_match_table_caregiver_index(mt, cname);
            if (ci < 0)
                return att_error_set(err, ATT_EINPUT, "%s: match table has no caregiver code '%s'",
                                     att_match_table_path(mt), cname);
            sim->matched[i][c] = (unsigned char)att_match_table_matched(mt, ii, ci);
            sim->caregiver_index[c] = ci;
        }
    }
    return ATT_OK;
}

/* Starts the scorer's run for the current session: "RUN", or "RUN/SESSION"
 * in a timeline of several sessions. */
static int begin_scoring(att_sim *sim, att_error *err)
{
    char label[48];
    if (sim->sessions > 1)
        snprintf(label, sizeof label, "%ld/%ld", sim->run, sim->session);
    else
        snprintf(label, sizeof label, "%ld", sim->run);
    return att_scorer_begin(sim->scorer, label, err);
}

att_sim *att_sim_new(const att_scenario *s, const att_match_table *mt,
                     unsigned long seed, long run, att_error *err)
{
    att_sim *sim = calloc(1, sizeof *sim);
    if (!sim) {
        att_error_nomem(err);
        return NULL;
    }
    if (load_matches(sim, mt, err) != ATT_OK) {
        free(sim);
        return NULL;
    }
    if (att_scenario_sampled_count(s) > 0) {
        gsl_rng *draws = gsl_rng_alloc(att_scenario_rng_type(s));
        if (draws) {
            gsl_rng_set(draws, att_sim_draw_seed(seed));
            sim->drawn = att_scenario_draw(s, draws, NULL, err);
            gsl_rng_free(draws);
        }
        if (!sim->drawn) {
            free(sim);
            att_error_nomem(err);
            return NULL;
        }
        s = sim->drawn;
    }
    sim->scn = s;
    sim->dt = att_scenario_dt(s);
    sim->run = run;
    sim->total = att_scenario_steps(s);
    double max_delay = 0;
    for (size_t i = 0; i < att_scenario_phase_count(s); i++) {
        double d = att_scenario_phase(s, i)->params.perception_delay;
        if (d > max_delay)
            max_delay = d;
    }
    const att_phase *first = att_scenario_phase(s, 0);
    sim->rng = gsl_rng_alloc(att_scenario_rng_type(s));
    if (!sim->rng)
        att_error_nomem(err);
    else
        sim->infant = att_infant_new(att_scenario_infant(s), err);
    if (sim->infant)
        sim->caregiver = att_caregiver_new(first->policy, &first->params, sim->dt, max_delay,
                                           err);
    if (sim->caregiver)
        sim->scorer = att_scorer_new(mt, err);
    if (!sim->scorer) {
        att_sim_free(sim);
        return NULL;
    }
    gsl_rng_set(sim->rng, seed);
    sim->session = 1;
    sim->sessions = att_scenario_sessions(s);
    if (begin_scoring(sim, err) != ATT_OK) {
        att_sim_free(sim);
        return NULL;
    }
    sim->phase_end = first->steps;
    return sim;
}

/* The failure kept in sim->err, into the caller's `err`: -1. */
static int failed(const att_sim *sim, att_error *err)
{
    att_error_set(err, sim->err.code, "%s", sim->err.msg);
    return -1;
}

int att_sim_next_session(att_sim *sim, att_error *err)
{
    if (sim->err.code)
        return failed(sim, err);
    if (!sim->done || sim->session >= sim->sessions)
        return 0;
    assert(sim->step == sim->total);  /* done without an error: the session ran to its end */
    const att_phase *first = att_scenario_phase(sim->scn, 0);
    double interval = att_scenario_interval(sim->scn);
    sim->session++;
    att_infant_new_session(sim->infant, interval);
    att_caregiver_new_session(sim->caregiver, first->policy, &first->params, interval);
    if (begin_scoring(sim, &sim->err) != ATT_OK)
        return failed(sim, err);
    sim->step = 0;
    sim->phase = 0;
    sim->phase_end = first->steps;
    sim->done = 0;
    return 1;
}

long att_sim_session(const att_sim *sim)
{
    return sim->session;
}

long att_sim_sessions(const att_sim *sim)
{
    return sim->sessions;
}

void att_sim_free(att_sim *sim)
{
    if (!sim)
        return;
    gsl_rng_free(sim->rng);
    att_scenario_free(sim->drawn);
    att_infant_free(sim->infant);
    att_caregiver_free(sim->caregiver);
    att_scorer_free(sim->scorer);
    free(sim);
}

int att_sim_next(att_sim *sim, att_step *out, att_error *err)
{
    if (sim->done)
        return sim->err.code ? failed(sim, err) : 0;
    if (sim->step >= sim->total) {
        /* the phases' steps add up to the total: the last phase ends with it */
        assert(sim->step == sim->total && sim->phase_end == sim->total);
        assert(sim->phase + 1 == att_scenario_phase_count(sim->scn));
        att_score_event ev;
        sim->done = 1;
        if (att_scorer_end(sim->scorer, (double)sim->total * sim->dt, &ev, &sim->err) != ATT_OK)
            return failed(sim, err);
        if (ev.kind == ATT_SCORE_CENSORED)
            att_infant_rupture_outcome(sim->infant, ev.latency, 0);
        return 0;
    }
    if (sim->step == sim->phase_end) {
        sim->phase++;
        const att_phase *ph = att_scenario_phase(sim->scn, sim->phase);
        att_caregiver_set_policy(sim->caregiver, ph->policy, &ph->params);
        sim->phase_end += ph->steps;
    }
    /* this step lies in the current phase (every phase has a step at least) */
    assert(sim->phase < att_scenario_phase_count(sim->scn) && sim->step < sim->phase_end);
    double t = (double)sim->step * sim->dt;
    att_care_signal sig;
    att_caregiver_act(sim->caregiver, sim->dt, sim->rng, &sig);
    att_infant_step(sim->infant, &sig, sim->dt, sim->rng);

    out->run = sim->run;
    out->session = sim->session;
    out->sessions = sim->sessions;
    out->interval = att_scenario_interval(sim->scn);
    out->index = sim->step;
    out->t = t;
    out->phase = (int)sim->phase;
    out->phase_name = att_scenario_phase(sim->scn, sim->phase)->name;
    att_infant_state_get(sim->infant, &out->infant);
    att_caregiver_observe(sim->caregiver, &out->infant, sim->rng);
    out->infant_code = att_infant_code_of(&out->infant);
    out->caregiver_mode = att_caregiver_mode(sim->caregiver);
    out->caregiver_code = att_care_mode_code(out->caregiver_mode);
    out->signal = sig;
    out->caregiver_arousal = att_caregiver_arousal(sim->caregiver);
    assert((unsigned)out->infant_code < ATT_IC_COUNT && (unsigned)out->caregiver_code < ATT_CC_COUNT);
    out->matched = sim->matched[out->infant_code][out->caregiver_code];
    att_score_step in = { t, out->phase_name, sim->infant_index[out->infant_code],
                          sim->caregiver_index[out->caregiver_code], out->matched,
                          out->infant.arousal };
    if (att_scorer_push(sim->scorer, &in, &out->score, &sim->err) != ATT_OK) {
        sim->done = 1;
        return failed(sim, err);
    }
    if (out->score.kind == ATT_SCORE_REPAIR)
        att_infant_rupture_outcome(sim->infant, out->score.latency, 1);
    sim->step++;
    return 1;
}

const char *att_sim_rng_name(const att_sim *sim)
{
    return gsl_rng_name(sim->rng);
}

double att_sim_trust(const att_sim *sim)
{
    att_infant_state st;
    att_infant_state_get(sim->infant, &st);
    return st.trust;
}

const att_scorer *att_sim_scorer(const att_sim *sim)
{
    return sim->scorer;
}

const att_scenario *att_sim_scenario(const att_sim *sim)
{
    return sim->scn;
}

/* The seed of the parameter draws: base/seed.c's SplitMix64 finaliser. */
unsigned long att_sim_draw_seed(unsigned long seed)
{
    return att_seed_mix(seed);
}
