/* Attunement policies: the type table and the rule each uses to choose her
 * mode from what she perceives.  Repair is the same act for every policy
 * that repairs at all (notice -> reconnect -> soothe); the policies differ
 * in what they do when the infant turns away and in how reliably and how
 * soon they answer. */
#include <math.h>
#include <string.h>
#include "attune/caregiver.h"
#include "models/hazard.h"

/* Seconds of the reconnection gesture, of a greeting, and of calm she wants
 * to see before ending a repair. */
#define RECONNECT_S 1.0
#define GREET_S 1.5
#define SETTLED_S 1.0
/* Once responding, she notices distress at this rate (1/s) at full responsiveness. */
#define NOTICE_RATE 2.0

/* True once `elapsed`, a sum of steps of dt, has reached `secs`; half a
 * step of slack absorbs the rounding of the sum. */
static int reached(double elapsed, double secs, double dt)
{
    return elapsed > secs - 0.5 * dt;
}

/* True once the current mode, after this step, has lasted `secs`. */
static int lasted(const att_care_state *st, double dt, double secs)
{
    return reached(st->mode_time + dt, secs, dt);
}

static int in_repair(const att_care_state *st)
{
    return st->mode == ATT_CM_NOTICE || st->mode == ATT_CM_RECONNECT || st->mode == ATT_CM_SOOTHE;
}

/* Each change she perceives (the infant turns away, comes back, becomes
 * distressed) is answered or not, decided once per change. */
static void decide_response(const att_caregiver_params *p, const att_perception *seen,
                            att_care_state *st, gsl_rng *rng)
{
    int changed = seen->gaze != st->last.gaze || (seen->distressed && !st->last.distressed);
    if (changed)
        st->responding = gsl_rng_uniform(rng) < p->responsiveness;
}

/* How strongly a repair that reconnects now soothes: the later, the
 * weaker, exp(-repair_delay / repair_decay), in (0, 1]. */
static double reconnect_strength(const att_caregiver_params *p, const att_care_state *st)
{
    return exp(-st->repair_delay / p->repair_decay);
}

/* Advances a repair in progress or starts one; returns 1 if repair decides
 * her mode this step.  The later the reconnection, the weaker the soothing. */
static int repair(const att_caregiver_params *p, const att_perception *seen,
                  att_care_state *st, double dt, gsl_rng *rng)
{
    switch (st->mode) {
    case ATT_CM_NOTICE:
        st->repair_due -= dt;
        if (st->repair_due < 0.5 * dt) {  /* half a step of slack, as in reached() */
            st->mode = ATT_CM_RECONNECT;
            st->repair_strength = reconnect_strength(p, st);
        }
        return 1;
    case ATT_CM_RECONNECT:
        if (lasted(st, dt, RECONNECT_S))
            st->mode = ATT_CM_SOOTHE;
        return 1;
    case ATT_CM_SOOTHE:
        if (lasted(st, dt, SETTLED_S) && reached(st->calm_time, SETTLED_S, dt)) {
            st->mode = ATT_CM_WAIT;
            st->repair_due = -1;
            st->watching = p->quiet_pause > 0;  /* she watches quietly, no greeting */
        }
        return 1;
    default:
        break;
    }
    if (seen->valid && seen->distressed && st->responding
        && att_happens(NOTICE_RATE * p->responsiveness, dt, rng)) {
        /* He was overwhelmed: she will play more gently (4.7). */
        st->gentle += p->gentling * (1.0 - st->gentle);
        st->mode = ATT_CM_NOTICE;
        st->repair_due = p->repair_latency;
        st->repair_delay = st->distress_time + p->repair_latency;
        if (st->repair_due <= 0) {
            st->mode = ATT_CM_RECONNECT;
            st->repair_strength = reconnect_strength(p, st);
        }
        return 1;
    }
    return 0;
}

/* A quiet watch (wait with `watching`, after a repair) goes on while he
 * looks at her, and ends in play when she sees him smile or once it has
 * lasted quiet_pause; returns 1 while it decides her mode.  A look-away
 * turns it into an ordinary wait, whose end is a greeting. */
static int watch(const att_caregiver_params *p, const att_perception *seen,
                 att_care_state *st, double dt)
{
    if (st->mode != ATT_CM_WAIT || !st->watching)
        return 0;
    if (seen->gaze == ATT_GAZE_AWAY) {
        st->watching = 0;
        return 0;
    }
    if (seen->affect == ATT_AFFECT_POSITIVE || lasted(st, dt, p->quiet_pause)) {
        st->mode = ATT_CM_PLAY;
        st->watching = 0;
    }
    return 1;
}

/* The attentive core shared by the patient, intrusive, inconsistent and
 * withdrawn styles: after an aversion she waits, then after wait_time she
 * re-engages in her own way (`reengage`); a return is greeted.  After a
 * repair she watches quietly (watch()). */
static void attend(const att_caregiver_params *p, const att_perception *seen,
                   att_care_state *st, double dt, gsl_rng *rng, att_care_mode reengage)
{
    decide_response(p, seen, st, rng);
    if (repair(p, seen, st, dt, rng) || watch(p, seen, st, dt))
        return;
    if (!st->responding) {
        /* She carries on with what she was doing, blind to the change. */
        if (st->mode == ATT_CM_GREET && lasted(st, dt, GREET_S))
            st->mode = ATT_CM_PLAY;
        return;
    }
    if (seen->gaze == ATT_GAZE_AWAY) {
        st->mode = st->away_time < p->wait_time ? ATT_CM_WAIT : reengage;
        return;
    }
    if (st->mode == ATT_CM_WAIT || st->mode == ATT_CM_LOOM)
        st->mode = ATT_CM_GREET;
    else if (st->mode != ATT_CM_GREET || lasted(st, dt, GREET_S))
        st->mode = ATT_CM_PLAY;
}

/* Drift in and out of disengagement (withdrawn and inconsistent styles);
 * returns 1 while disengaged. */
static int drift(const att_caregiver_params *p, att_care_state *st, double dt, gsl_rng *rng)
{
    if (st->mode == ATT_CM_DISENGAGED) {
        if (!att_happens(p->reengage_rate, dt, rng))
            return 1;
        st->mode = ATT_CM_WAIT;
        st->responding = 1;
        st->watching = 0;
        return 0;
    }
    if (!in_repair(st) && att_happens(p->disengage_rate, dt, rng)) {
        st->mode = ATT_CM_DISENGAGED;
        return 1;
    }
    return 0;
}

static void act_patient(const att_caregiver_params *p, const att_perception *seen,
                        att_care_state *st, double dt, gsl_rng *rng)
{
    attend(p, seen, st, dt, rng, ATT_CM_PLAY);
}

/* She waits only briefly, then leans in and persists while the infant looks
 * away; frustration makes her loom harder (see att_care_mode_signal).  Even
 * while soothing, rising frustration can tip her back into looming. */
static void act_intrusive(const att_caregiver_params *p, const att_perception *seen,
                          att_care_state *st, double dt, gsl_rng *rng)
{
    if (st->mode == ATT_CM_SOOTHE && seen->gaze == ATT_GAZE_AWAY
        && att_happens(p->intrusiveness * st->arousal, dt, rng)) {
        st->mode = ATT_CM_LOOM;
        st->repair_due = -1;
        return;
    }
    attend(p, seen, st, dt, rng, ATT_CM_LOOM);
}

/* Present, looking, expressionless: she never responds, whatever she sees. */
static void act_still_face(const att_caregiver_params *p, const att_perception *seen,
                           att_care_state *st, double dt, gsl_rng *rng)
{
    (void)p, (void)seen, (void)dt, (void)rng;
    st->mode = ATT_CM_STILL;
    st->responding = 0;
}

static void act_withdrawn(const att_caregiver_params *p, const att_perception *seen,
                          att_care_state *st, double dt, gsl_rng *rng)
{
    if (drift(p, st, dt, rng))
        return;
    attend(p, seen, st, dt, rng, ATT_CM_DISENGAGED);
}

static void act_inconsistent(const att_caregiver_params *p, const att_perception *seen,
                             att_care_state *st, double dt, gsl_rng *rng)
{
    if (drift(p, st, dt, rng))
        return;
    attend(p, seen, st, dt, rng, ATT_CM_PLAY);
}

/* The type table.  `ignores` lists the keys a policy never reads;
 * tests/lib/test_caregiver.c holds it to the behaviour (a key listed there
 * leaves a run's trace unchanged, any other changes it), and the scenario
 * loader warns when one is set for a policy that ignores it. */
static const att_policy_type policies[] = {
    { "patient",
      "lowers stimulation when the infant turns away, waits, greets its return",
      { .wait_time = 8, .intrusiveness = 0.1, .responsiveness = 0.95,
        .perception_delay = 0.3, .perception_noise = 0.005, .repair_latency = 1,
        .repair_decay = 20, .play_stimulation = 0.6, .still_stimulation = 0.15,
        .frustration = 0.05, .arousal_tau = 10, .disengage_rate = 0, .reengage_rate = 1,
        .quiet_pause = 0.7, .gentling = 0.75 },
      ATT_CM_PLAY, act_patient,
      /* never looms, never still, never drifts away */
      "intrusiveness still_stimulation disengage_rate reengage_rate" },
    { "intrusive",
      "leans in and clicks her tongue when the infant looks away, and persists",
      { .wait_time = 0.7, .intrusiveness = 0.9, .responsiveness = 0.9,
        .perception_delay = 0.5, .perception_noise = 0.01, .repair_latency = 3,
        .repair_decay = 20, .play_stimulation = 0.8, .still_stimulation = 0.15,
        .frustration = 0.3, .arousal_tau = 10, .disengage_rate = 0, .reengage_rate = 1 },
      ATT_CM_PLAY, act_intrusive,
      "still_stimulation disengage_rate reengage_rate" },
    { "still-face",
      "present, looking and expressionless; never responds",
      { .wait_time = 0, .intrusiveness = 0, .responsiveness = 0,
        .perception_delay = 0.3, .perception_noise = 0, .repair_latency = 1e6,
        .repair_decay = 20, .play_stimulation = 0.6, .still_stimulation = 0.15,
        .frustration = 0, .arousal_tau = 10, .disengage_rate = 0, .reengage_rate = 0 },
      ATT_CM_STILL, act_still_face,
      /* only the still face's stimulation; she perceives and feels as ever */
      "wait_time intrusiveness responsiveness repair_latency repair_decay play_stimulation "
      "disengage_rate reengage_rate quiet_pause gentling" },
    { "withdrawn",
      "low stimulation, slow, often disengaged and unresponsive",
      { .wait_time = 15, .intrusiveness = 0, .responsiveness = 0.25,
        .perception_delay = 1, .perception_noise = 0.03, .repair_latency = 6,
        .repair_decay = 20, .play_stimulation = 0.3, .still_stimulation = 0.15,
        .frustration = 0.02, .arousal_tau = 10, .disengage_rate = 0.1, .reengage_rate = 0.05 },
      ATT_CM_WAIT, act_withdrawn,
      "intrusiveness still_stimulation" },
    { "inconsistent",
      "responds warmly, but only sometimes",
      { .wait_time = 4, .intrusiveness = 0.3, .responsiveness = 0.5,
        .perception_delay = 0.5, .perception_noise = 0.02, .repair_latency = 3,
        .repair_decay = 20, .play_stimulation = 0.6, .still_stimulation = 0.15,
        .frustration = 0.1, .arousal_tau = 10, .disengage_rate = 0.03, .reengage_rate = 0.2 },
      ATT_CM_PLAY, act_inconsistent,
      "intrusiveness still_stimulation" },
};

const att_policy_type *att_policy_find(const char *name)
{
    for (size_t i = 0; i < att_policy_count(); i++)
        if (strcmp(policies[i].name, name) == 0)
            return &policies[i];
    return NULL;
}

const att_policy_type *att_policy_at(size_t i)
{
    return i < att_policy_count() ? &policies[i] : NULL;
}

size_t att_policy_count(void)
{
    return sizeof policies / sizeof policies[0];
}

int att_policy_reads(const att_policy_type *t, const char *key)
{
    size_t n = strlen(key);
    if (n == 0)
        return 1;
    for (const char *p = t->ignores; p && (p = strstr(p, key)) != NULL; p += n) {
        int starts = p == t->ignores || p[-1] == ' ';
        int ends = p[n] == '\0' || p[n] == ' ';
        if (starts && ends)
            return 0;
    }
    return 1;
}
