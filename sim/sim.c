/* One simulated dyad: wires infant, caregiver, match table and the online
 * scorer together and steps them through the scenario's phases. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "attune/sim.h"
#include "base/debug.h"
#include "base/grow.h"
#include "base/seed.h"
#include "sim/scenario_int.h"

/* A live change waiting for its step (att_sim_schedule). */
struct change {
    long session, index;
    char *assignment;   /* "caregiver.wait_time=3" */
    char *label;        /* "52.3:caregiver.wait_time=3", for messages */
    char key[64];       /* "caregiver.wait_time" (att_sim_changes) */
    size_t phase;       /* the phase of its step */
};

struct att_sim {
    const att_scenario *scn;
    att_scenario *drawn;   /* scn with its distributions drawn, owned; or NULL */
    att_scenario *live;    /* a copy changed by live changes, owned; or NULL */
    struct change *changes;   /* in the order they apply */
    size_t nchanges, changes_cap, applied;
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
    /* Read by every step, kept here instead of asked of the scenario each
     * time: the current phase (again after a live change, which may copy
     * the scenario), the number of phases and the interval between
     * sessions (no live change touches those two). */
    const att_phase *ph;
    size_t nphases;
    double interval;
    int done;
    att_error err;      /* why it failed: handed out again by every later call */
};

int att_sim_check_match_table(const att_match_table *mt, att_error *err)
{
    for (int i = 0; i < ATT_IC_COUNT; i++) {
        const char *iname = att_infant_code_name((att_infant_code)i);
        if (att_match_table_infant_index(mt, iname) < 0)
            return att_error_set(err, ATT_EINPUT, "%s: match table has no infant code '%s'",
                                 att_match_table_path(mt), iname);
    }
    for (int c = 0; c < ATT_CC_COUNT; c++) {
        const char *cname = att_caregiver_code_name((att_caregiver_code)c);
        if (att_match_table_caregiver_index(mt, cname) < 0)
            return att_error_set(err, ATT_EINPUT, "%s: match table has no caregiver code '%s'",
                                 att_match_table_path(mt), cname);
    }
    return ATT_OK;
}

/* Copies the table into a matrix indexed by the simulator's own codes, so the
 * hot loop needs no string lookups. */
static int load_matches(att_sim *sim, const att_match_table *mt, att_error *err)
{
    if (att_sim_check_match_table(mt, err) != ATT_OK)
        return ATT_EINPUT;
    for (int i = 0; i < ATT_IC_COUNT; i++) {
        int ii = att_match_table_infant_index(mt, att_infant_code_name((att_infant_code)i));
        sim->infant_index[i] = ii;
        for (int c = 0; c < ATT_CC_COUNT; c++) {
            int ci = att_match_table_caregiver_index(
                mt, att_caregiver_code_name((att_caregiver_code)c));
            assert(ii >= 0 && ci >= 0);   /* att_sim_check_match_table */
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
    sim->nphases = att_scenario_phase_count(s);
    sim->interval = att_scenario_interval(s);
    sim->dt = att_scenario_dt(s);
    sim->run = run;
    sim->total = att_scenario_steps(s);
    /* Her perception buffer holds the longest delay any scenario allows, so
     * that a live change to a longer delay sees what she saw that long ago,
     * as a run that had it from the start would (a longer buffer changes
     * no step: she reads the observation `delay` steps back either way). */
    double max_delay = att_param_find(att_caregiver_param_table, att_caregiver_param_count,
                                      "perception_delay")->max;
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
    sim->ph = first;
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
    sim->ph = first;
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
    att_scenario_free(sim->live);
    for (size_t i = 0; i < sim->nchanges; i++) {
        free(sim->changes[i].assignment);
        free(sim->changes[i].label);
    }
    free(sim->changes);
    att_infant_free(sim->infant);
    att_caregiver_free(sim->caregiver);
    att_scorer_free(sim->scorer);
    free(sim);
}

/* Applies change `c` to the run's own copy of its scenario (made at the
 * first change) and hands the new values to the partners. */
static int apply_change(att_sim *sim, const struct change *c)
{
    if (!sim->live) {
        if (!(sim->live = att_scn_clone(sim->scn)))
            return att_error_nomem(&sim->err);
        sim->scn = sim->live;
    }
    enum live_part part = (enum live_part)-1;   /* none until set: the switch refuses it */
    double trust = 0;
    if (att_scn_live_set(sim->live, sim->phase, c->label, c->assignment, &part, &trust,
                         &sim->err) != ATT_OK)
        return sim->err.code;
    const att_phase *ph = sim->ph = att_scenario_phase(sim->scn, sim->phase);
    switch (part) {
    case LIVE_TRUST:
        att_infant_set_trust(sim->infant, trust);
        return ATT_OK;
    case LIVE_INFANT:
        att_infant_set_params(sim->infant, att_scenario_infant(sim->scn));
        return ATT_OK;
    case LIVE_CAREGIVER:
        return att_caregiver_set_params(sim->caregiver, &ph->params, &sim->err);
    case LIVE_POLICY:
        /* lengthen her perception buffer first: set_policy would clip */
        if (att_caregiver_set_params(sim->caregiver, &ph->params, &sim->err) != ATT_OK)
            return sim->err.code;
        att_caregiver_set_policy(sim->caregiver, ph->policy, &ph->params);
        return ATT_OK;
    }
    return att_error_set(&sim->err, ATT_EINTERNAL, "live change of an unknown kind");
}

/* The changes due before this step, in the order they were scheduled. */
static int apply_changes(att_sim *sim)
{
    while (sim->applied < sim->nchanges) {
        const struct change *c = &sim->changes[sim->applied];
        assert(c->session > sim->session || (c->session == sim->session && c->index >= sim->step));
        if (c->session != sim->session || c->index != sim->step)
            return ATT_OK;
        if (apply_change(sim, c) != ATT_OK)
            return sim->err.code;
        sim->applied++;
    }
    return ATT_OK;
}

/* What comes before every step and changes no random draw: a phase that
 * begins with it is begun, the changes due before it applied.  Doing it
 * twice does nothing more (the phase's end has moved, the changes are
 * applied), so att_sim_prepare may do it early. */
static int begin_step(att_sim *sim)
{
    if (sim->step == sim->phase_end) {
        sim->phase++;
        const att_phase *ph = sim->ph = att_scenario_phase(sim->scn, sim->phase);
        att_caregiver_set_policy(sim->caregiver, ph->policy, &ph->params);
        sim->phase_end += ph->steps;
    }
    return sim->applied < sim->nchanges ? apply_changes(sim) : ATT_OK;
}

int att_sim_prepare(att_sim *sim, att_error *err)
{
    if (sim->done)
        return sim->err.code ? failed(sim, err) : 0;
    if (sim->step >= sim->total)
        return 0;
    if (begin_step(sim) != ATT_OK) {
        sim->done = 1;
        return failed(sim, err);
    }
    return 1;
}

size_t att_sim_phase(const att_sim *sim)
{
    return sim->phase;
}

int att_sim_next(att_sim *sim, att_step *out, att_error *err)
{
    if (sim->done)
        return sim->err.code ? failed(sim, err) : 0;
    if (sim->step >= sim->total) {
        /* the phases' steps add up to the total: the last phase ends with it */
        assert(sim->step == sim->total && sim->phase_end == sim->total);
        assert(sim->phase + 1 == sim->nphases);
        att_score_event ev;
        sim->done = 1;
        if (att_scorer_end(sim->scorer, (double)sim->total * sim->dt, &ev, &sim->err) != ATT_OK)
            return failed(sim, err);
        if (ev.kind == ATT_SCORE_CENSORED)
            att_infant_rupture_outcome(sim->infant, ev.latency, 0);
        return 0;
    }
    if (begin_step(sim) != ATT_OK) {
        sim->done = 1;
        return failed(sim, err);
    }
    /* this step lies in the current phase (every phase has a step at least) */
    att_debug_assert(sim->phase < sim->nphases && sim->step < sim->phase_end);
    double t = (double)sim->step * sim->dt;
    att_care_signal sig;
    att_caregiver_act(sim->caregiver, sim->dt, sim->rng, &sig);
    att_infant_step(sim->infant, &sig, sim->dt, sim->rng);

    out->run = sim->run;
    out->session = sim->session;
    out->sessions = sim->sessions;
    out->interval = sim->interval;
    out->index = sim->step;
    out->t = t;
    out->phase = (int)sim->phase;
    out->phase_name = sim->ph->name;
    att_infant_state_get(sim->infant, &out->infant);
    out->infant_code = att_caregiver_observe(sim->caregiver, &out->infant, sim->rng);
    out->caregiver_mode = att_caregiver_mode(sim->caregiver);
    out->caregiver_code = att_care_mode_code(out->caregiver_mode);
    out->signal = sig;
    out->caregiver_arousal = att_caregiver_arousal(sim->caregiver);
    att_debug_assert((unsigned)out->infant_code < ATT_IC_COUNT && (unsigned)out->caregiver_code < ATT_CC_COUNT);
    out->matched = sim->matched[out->infant_code][out->caregiver_code];
    att_score_step in = { t, out->phase_name, sim->infant_index[out->infant_code],
                          sim->caregiver_index[out->caregiver_code], out->matched,
                          out->infant.arousal };
    if (att_scorer_push_id(sim->scorer, &in, (long)sim->phase, &out->score, &sim->err) != ATT_OK) {
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

void att_sim_on_rupture(att_sim *sim, att_rupture_fn fn, void *user)
{
    att_scorer_on_rupture(sim->scorer, fn, user);
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

/* ---- live changes ---- */

/* "52.3:ASSIGN", or "2/52.3:ASSIGN" in a timeline: the --at argument. */
static char *change_label(const att_sim *sim, long session, long index, const char *assignment)
{
    char t[48];
    int n = sim->sessions > 1 || session != 1 ? snprintf(t, sizeof t, "%ld/%.10g", session, (double)index * sim->dt)
                              : snprintf(t, sizeof t, "%.10g", (double)index * sim->dt);
    assert(n > 0 && (size_t)n < sizeof t);
    (void)n;  /* read only by the assert: CFLAGS=-DNDEBUG builds warning-free */
    size_t len = strlen(t) + 1 + strlen(assignment) + 1;
    char *label = malloc(len);
    if (label)
        snprintf(label, len, "%s:%s", t, assignment);
    return label;
}

/* The phase that step `index` of a session lies in. */
static size_t phase_of(const att_scenario *s, long index)
{
    size_t i = 0;
    for (long end = att_scenario_phase(s, 0)->steps; index >= end && i + 1 < att_scenario_phase_count(s);)
        end += att_scenario_phase(s, ++i)->steps;
    return i;
}

/* Checks `c` on a copy of the scenario as it stands (ATT_EINPUT with the
 * --set words when the key or value is bad). */
static int check_change(const att_sim *sim, const struct change *c, att_error *err)
{
    att_scenario *scratch = att_scn_clone(sim->scn);
    if (!scratch)
        return att_error_nomem(err);
    enum live_part part;
    double trust;
    int rc = att_scn_live_set(scratch, phase_of(sim->scn, c->index), c->label, c->assignment,
                              &part, &trust, err);
    att_scenario_free(scratch);
    return rc;
}

/* Is (session, index) before the next step the run will make? */
static int in_the_past(const att_sim *sim, long session, long index)
{
    long next_session = sim->done ? sim->session + 1 : sim->session;
    long next_index = sim->done ? 0 : sim->step;
    return session < next_session || (session == next_session && index < next_index);
}

int att_sim_schedule(att_sim *sim, long session, long index, const char *assignment,
                     att_error *err)
{
    if (sim->err.code) {
        failed(sim, err);
        return sim->err.code;
    }
    struct change c = { session, index, strdup(assignment), NULL, "", 0 };
    if (c.assignment)
        c.label = change_label(sim, session, index, assignment);
    if (!c.label) {
        free(c.assignment);
        return att_error_nomem(err);
    }
    int rc = ATT_OK;
    if (session < 1 || session > sim->sessions)
        rc = att_error_set(err, ATT_EINPUT, "--at %s: there is no session %ld (the scenario has %ld)",
                           c.label, session, sim->sessions);
    else if (index < 0 || index >= sim->total)
        rc = att_error_set(err, ATT_EINPUT, "--at %s: the time must be from 0 to before the end "
                           "of the session (%g s)", c.label, (double)sim->total * sim->dt);
    else if (in_the_past(sim, session, index))
        rc = att_error_set(err, ATT_EINPUT, "--at %s: that step has already been run", c.label);
    else if ((rc = check_change(sim, &c, err)) == ATT_OK
             && (rc = att_scn_live_key(assignment, c.key, sizeof c.key)) != 0)
        rc = att_error_nomem(err);   /* a key it accepted fits: the copy failed */
    if (rc == ATT_OK) {
        c.phase = phase_of(sim->scn, index);
        rc = att_grow(&sim->changes, &sim->changes_cap, sim->nchanges + 1, sizeof c, err);
    }
    if (rc != ATT_OK) {
        free(c.assignment);
        free(c.label);
        return rc;
    }
    /* after every change at the same step or before it: same-step changes
     * apply in the order they were scheduled */
    size_t at = sim->nchanges;
    while (at > sim->applied && (sim->changes[at - 1].session > session
           || (sim->changes[at - 1].session == session && sim->changes[at - 1].index > index)))
        at--;
    memmove(&sim->changes[at + 1], &sim->changes[at], (sim->nchanges - at) * sizeof c);
    sim->changes[at] = c;
    sim->nchanges++;
    /* A change for the very next step is applied now, exactly as att_sim_next
     * would apply it (nothing happens in between), so that att_sim_value and
     * att_sim_policy_name show it at once.  At a phase boundary not yet
     * begun (att_sim_prepare begins it) or between sessions it waits:
     * att_sim_next changes the phase first. */
    if (!sim->done && session == sim->session && index == sim->step && sim->step != sim->phase_end
        && apply_changes(sim) != ATT_OK) {
        sim->done = 1;
        failed(sim, err);
        return sim->err.code;
    }
    return ATT_OK;
}

int att_sim_at(att_sim *sim, const char *spec, att_error *err)
{
    const char *colon = strchr(spec, ':');
    const char *slash = memchr(spec, '/', colon ? (size_t)(colon - spec) : 0);
    char time[64];
    long session = 1;
    if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof time)
        return att_error_set(err, ATT_EINPUT, "--at %s: expected [SESSION/]TIME:SECTION.KEY=VALUE "
                             "(e.g. --at 60:caregiver.policy=still-face)", spec);
    if (slash) {
        char *end;
        session = strtol(spec, &end, 10);
        if (end != slash || spec[0] < '0' || spec[0] > '9')
            return att_error_set(err, ATT_EINPUT, "--at %s: the session before '/' must be a whole "
                                 "number from 1", spec);
    }
    const char *t0 = slash ? slash + 1 : spec;
    memcpy(time, t0, (size_t)(colon - t0));
    time[colon - t0] = '\0';
    double t;
    int bad = att_parse_double(time, &t);
    if (bad)
        return att_error_set(err, ATT_EINPUT, "--at %s: time %s %s", spec, time, att_number_problem(bad));
    double steps = t / sim->dt;
    if (t < 0 || steps >= (double)sim->total)
        return att_error_set(err, ATT_EINPUT, "--at %s: time %s s is outside the session "
                             "(0 to %g s)", spec, time, (double)sim->total * sim->dt);
    long index = lround(steps);
    if (fabs((double)index * sim->dt - t) > 1e-9 * fmax(1, t))
        return att_error_set(err, ATT_EINPUT, "--at %s: time %s s is not a whole number of "
                             "steps of dt = %g s", spec, time, sim->dt);
    return att_sim_schedule(sim, session, index, colon + 1, err);
}

int att_sim_changes(const att_sim *sim, const char *key, long phase)
{
    for (size_t i = 0; i < sim->nchanges; i++)
        if (strcmp(sim->changes[i].key, key) == 0
            && (phase < 0 || sim->changes[i].phase == (size_t)phase))
            return 1;
    return 0;
}

const char *att_sim_policy_name(const att_sim *sim)
{
    return att_caregiver_policy(sim->caregiver)->name;
}

double att_sim_value(const att_sim *sim, const char *key)
{
    const att_param *row;
    if (strcmp(key, "infant.trust") == 0)
        return att_sim_trust(sim);
    if (strncmp(key, "infant.", 7) == 0
        && (row = att_param_find(att_infant_param_table, att_infant_param_count, key + 7)))
        return att_param_get(row, att_scenario_infant(sim->scn));
    if (strncmp(key, "caregiver.", 10) == 0
        && (row = att_param_find(att_caregiver_param_table, att_caregiver_param_count, key + 10)))
        return att_param_get(row, &att_scenario_phase(sim->scn, sim->phase)->params);
    return NAN;
}
