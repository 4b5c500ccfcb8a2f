/* The caregiver agent: delayed, noisy perception of the infant, her own
 * arousal, and the signal each of her modes sends.  Which mode she is in is
 * decided by her policy (models/policy.c). */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "attune/caregiver.h"
#include "base/debug.h"

#define P(field, unit, lo, hi, help) \
    { #field, unit, lo, hi, offsetof(att_caregiver_params, field), help }

const att_param att_caregiver_param_table[] = {
    P(wait_time, "s", 0, 1e6, "how long she waits after the infant looks away before re-engaging"),
    P(intrusiveness, "0-1", 0, 1, "how hard she re-engages (leaning in, tongue clicks)"),
    P(responsiveness, "0-1", 0, 1, "probability that she responds to a change she perceives"),
    P(perception_delay, "s", 0, 10, "delay between the infant's act and her seeing it"),
    P(perception_noise, "0-1", 0, 0.9, "share of time she misreads one cue, the infant's gaze or its distress (misreadings last 0.5 s on average)"),
    P(repair_latency, "s", 0, 1e6, "time from noticing distress to her reconnection gesture"),
    P(repair_decay, "s", 0.1, 1e6, "the later a repair starts, the weaker it soothes: exp(-delay/decay)"),
    P(play_stimulation, "0-1", 0, 1, "stimulation of her play"),
    P(still_stimulation, "0-1", 0, 1, "stimulation of a still face (present, looking)"),
    P(frustration, "1/s", 0, 100, "rise of her own arousal while the infant looks away"),
    P(arousal_tau, "s", 0.1, 1e4, "relaxation time of her arousal"),
    P(disengage_rate, "1/s", 0, 100, "hazard of drifting into disengagement"),
    P(reengage_rate, "1/s", 0, 100, "hazard of coming back from disengagement"),
    P(quiet_pause, "s", 0, 1e6, "how long she watches quietly after a repair before playing again, unless he smiles first (0: she greets at once)"),
    P(gentling, "0-1", 0, 1, "each repair she starts tones her play down by this share of the stimulation left in it; it comes back over 60 s (0: off)"),
};
const size_t att_caregiver_param_count = sizeof att_caregiver_param_table / sizeof att_caregiver_param_table[0];

static const struct {
    const char *name;
    att_caregiver_code code;
} modes[ATT_CM_COUNT] = {
    [ATT_CM_PLAY] = { "play", ATT_CC_POSITIVE },
    [ATT_CM_WAIT] = { "wait", ATT_CC_MONITOR },
    [ATT_CM_GREET] = { "greet", ATT_CC_POSITIVE },
    [ATT_CM_LOOM] = { "loom", ATT_CC_INTRUSIVE },
    [ATT_CM_STILL] = { "still-face", ATT_CC_STILL },
    [ATT_CM_DISENGAGED] = { "disengage", ATT_CC_WITHDRAWN },
    [ATT_CM_NOTICE] = { "notice", ATT_CC_MONITOR },
    [ATT_CM_RECONNECT] = { "reconnect", ATT_CC_SOOTHE },
    [ATT_CM_SOOTHE] = { "soothe", ATT_CC_SOOTHE },
};

const char *att_care_mode_name(att_care_mode m)
{
    return (unsigned)m < ATT_CM_COUNT ? modes[m].name : "?";
}

att_caregiver_code att_care_mode_code(att_care_mode m)
{
    return (unsigned)m < ATT_CM_COUNT ? modes[m].code : ATT_CC_MONITOR;
}

void att_care_mode_signal(att_care_mode m, const att_caregiver_params *p,
                          const att_care_state *st, att_care_signal *sig)
{
    double responding = st->responding ? 1.0 : 0.0;
    *sig = (att_care_signal){ 0 };
    switch (m) {
    case ATT_CM_PLAY:
        sig->stimulation = p->play_stimulation * (1.0 - st->gentle);
        sig->contingency = 0.4 + 0.6 * responding;
        sig->playful = 1;
        break;
    case ATT_CM_GREET:
        sig->stimulation = fmin(1.0, p->play_stimulation * (1.0 - st->gentle) + 0.15);
        sig->contingency = 1.0;
        sig->playful = 1;
        break;
    case ATT_CM_WAIT:
        sig->stimulation = 0.1;
        sig->contingency = 0.4 + 0.6 * responding;
        break;
    case ATT_CM_LOOM:
        sig->stimulation = fmin(1.0, p->play_stimulation + 0.3);
        sig->intrusion = p->intrusiveness * (0.5 + 0.5 * st->arousal);
        sig->contingency = 0.5;
        break;
    case ATT_CM_STILL:
        sig->stimulation = p->still_stimulation;
        break;
    case ATT_CM_DISENGAGED:
        sig->stimulation = 0.05;
        break;
    case ATT_CM_NOTICE:
        sig->stimulation = 0.15;
        sig->contingency = 0.6;
        break;
    case ATT_CM_RECONNECT:
        sig->stimulation = 0.3;
        sig->soothe = 0.5 * st->repair_strength;
        sig->contingency = 1.0;
        break;
    case ATT_CM_SOOTHE:
        sig->stimulation = 0.2;
        sig->soothe = st->repair_strength;
        sig->contingency = 1.0;
        break;
    case ATT_CM_COUNT:
        assert(!"a caregiver mode out of range");
        break;
    }
    /* Every component is in 0-1 when the keys and the state it reads are:
     * tests/lib/test_caregiver.c checks each mode at their extremes, once,
     * rather than an assert every step. */
}

struct att_caregiver {
    const att_policy_type *type;
    att_caregiver_params p;
    att_care_state st;
    double dt;
    att_perception *seen;  /* ring buffer of what she observed, newest at head */
    long cap;              /* its length */
    long head;             /* index of the newest observation */
    long observed;         /* observations made so far */
    long delay_steps;      /* perception delay in steps, at most cap - 1 */
    int misreading;        /* 0 none, 1 the infant's gaze, 2 its distress */
    int own_policy;        /* the type is one of the library's (att_policy_at) */
    /* Her arousal's fixed point and one-step decay for each combination of
     * (infant away, infant distressed), for the current parameters and dt. */
    double dt_cached, arousal_fixed[4], arousal_decay[4];
    double gentle_decay;   /* exp(-dt / ATT_GENTLE_TAU_S) */
    /* The chance per step (of dt) that a misreading ends, and that one
     * starts at perception_noise misread_q (NaN: not yet computed). */
    double misread_end, misread_start, misread_q;
};

/* Worry about a distressed infant drives her arousal at this rate (1/s). */
#define WORRY 0.1

__attribute__((noinline, cold))   /* once a run: out of the step's code */
static void cache_decays(att_caregiver *cg, double dt)
{
    /* Checked here, not every step: dt differs from the cached one (NaN
     * when none) the first time and whenever it changes. */
    assert(dt > 0);  /* her policies' hazard draws rely on it (models/hazard.h) */
    for (int k = 0; k < 4; k++) {
        double drive = cg->p.frustration * (k & 1) + WORRY * (k >> 1);
        double b = 1.0 / cg->p.arousal_tau + drive;
        cg->arousal_fixed[k] = drive / b;
        cg->arousal_decay[k] = exp(-b * dt);
    }
    cg->gentle_decay = exp(-dt / ATT_GENTLE_TAU_S);
    cg->dt_cached = dt;
}

att_caregiver *att_caregiver_new(const att_policy_type *type, const att_caregiver_params *p,
                                 double dt, double max_delay, att_error *err)
{
    if (!type || !p || !(dt > 0) || !(max_delay >= 0) || !(max_delay / dt < 1e9)) {
        att_error_set(err, ATT_EINPUT, "caregiver: %s", !type || !p ? "no policy or parameters"
                      : "time step must be > 0 and the perception delay >= 0 and under 1e9 steps");
        return NULL;
    }
    att_caregiver *cg = calloc(1, sizeof *cg);
    if (!cg) {
        att_error_nomem(err);
        return NULL;
    }
    cg->cap = lround(max_delay / dt) + 2;
    cg->seen = calloc((size_t)cg->cap, sizeof *cg->seen);
    if (!cg->seen) {
        free(cg);
        att_error_nomem(err);
        return NULL;
    }
    cg->dt = dt;
    cg->misread_end = -expm1(-dt / ATT_MISREAD_S);
    cg->misread_q = NAN;
    cg->head = -1;
    cg->st.repair_due = -1;
    cg->st.responding = 1;
    cg->st.last.gaze = ATT_GAZE_AT;
    att_caregiver_set_policy(cg, type, p);
    return cg;
}

void att_caregiver_free(att_caregiver *cg)
{
    if (!cg)
        return;
    free(cg->seen);
    free(cg);
}

void att_caregiver_new_session(att_caregiver *cg, const att_policy_type *type,
                               const att_caregiver_params *p, double interval)
{
    double arousal = cg->st.arousal * exp(-interval / p->arousal_tau);
    double gentle = cg->st.gentle * exp(-interval / ATT_GENTLE_TAU_S);
    memset(&cg->st, 0, sizeof cg->st);
    cg->st.arousal = arousal;
    cg->st.gentle = gentle;
    cg->st.last.gaze = ATT_GAZE_AT;
    cg->head = -1;
    cg->observed = 0;
    cg->misreading = 0;
    att_caregiver_set_policy(cg, type, p);
}

/* The keys att_care_mode_signal reads are in 0-1 (the state it reads is
 * checked every step in att_caregiver_act): its signal then is too.
 * Inline: only asserts call it. */
static inline int signal_keys_in_range(const att_caregiver_params *p)
{
    return p->play_stimulation >= 0 && p->play_stimulation <= 1 && p->still_stimulation >= 0
           && p->still_stimulation <= 1 && p->intrusiveness >= 0 && p->intrusiveness <= 1;
}

/* Whether `type` is one of the library's policies: they keep her state in
 * range, which the SAN=1 build's tests check on every step; a policy of the
 * caller's is checked on every step in every build (check_act). */
static int is_own_policy(const att_policy_type *type)
{
    for (size_t i = 0; i < att_policy_count(); i++)
        if (att_policy_at(i) == type)
            return 1;
    return 0;
}

/* What a policy's rule must leave as it found it: her state in range. */
__attribute__((noinline, cold))   /* off the library's policies' path */
static void check_act(const att_care_state *st)
{
    assert((unsigned)st->mode < ATT_CM_COUNT);
    assert(st->arousal >= 0 && st->arousal <= 1);
    assert(st->repair_strength >= 0 && st->repair_strength <= 1);
    assert(st->gentle >= 0 && st->gentle <= 1);
    (void)st;   /* under NDEBUG */
}

void att_caregiver_set_policy(att_caregiver *cg, const att_policy_type *type, const att_caregiver_params *p)
{
    assert(cg && type && type->act && p);
    assert((unsigned)type->initial < ATT_CM_COUNT);
    assert(signal_keys_in_range(p));
    cg->type = type;
    cg->own_policy = is_own_policy(type);
    cg->p = *p;
    cg->dt_cached = NAN;  /* parameters changed: recompute the cached decays */
    cg->delay_steps = lround(p->perception_delay / cg->dt);
    if (cg->delay_steps > cg->cap - 1)
        cg->delay_steps = cg->cap - 1;
    assert(cg->delay_steps >= 0);
    /* A new policy starts from a neutral stance, not mid-repair. */
    cg->st.mode = type->initial;
    cg->st.mode_time = 0;
    cg->st.repair_due = -1;
    cg->st.responding = 1;
    cg->st.watching = 0;
}

int att_caregiver_set_params(att_caregiver *cg, const att_caregiver_params *p, att_error *err)
{
    assert(cg && p);
    assert(signal_keys_in_range(p));
    if (!(p->perception_delay >= 0))
        return att_error_set(err, ATT_EINPUT, "caregiver: the perception delay must be >= 0");
    if (lround(p->perception_delay / cg->dt) > cg->cap - 1)
        return att_error_set(err, ATT_EINPUT, "caregiver: a perception delay of %g s is longer "
                             "than the %g s her buffer was made for", p->perception_delay,
                             (double)(cg->cap - 2) * cg->dt);
    cg->p = *p;
    cg->dt_cached = NAN;
    cg->delay_steps = lround(p->perception_delay / cg->dt);
    assert(cg->delay_steps >= 0 && cg->delay_steps <= cg->cap - 1);
    return ATT_OK;
}

/* What she sees now: the observation made `delay` seconds before the newest. */
static att_perception perceive(const att_caregiver *cg)
{
    long k = cg->delay_steps;  /* 0 to cap - 1: checked where it is set */
    if (cg->observed <= k) {
        att_perception none = { .valid = 0, .gaze = ATT_GAZE_AT };
        return none;
    }
    long i = cg->head - k;  /* (head - k) mod cap, without a divide */
    return cg->seen[i < 0 ? i + cg->cap : i];
}

void att_caregiver_act(att_caregiver *cg, double dt, gsl_rng *rng, att_care_signal *sig)
{
    att_care_state *st = &cg->st;
    const att_caregiver_params *p = &cg->p;
    att_perception seen = perceive(cg);

    st->away_time = seen.gaze == ATT_GAZE_AWAY ? st->away_time + dt : 0;
    st->distress_time = seen.distressed ? st->distress_time + dt : 0;
    st->calm_time = seen.distressed ? 0 : st->calm_time + dt;

    /* Her arousal rises while the infant is away (frustration) or distressed
     * (worry), and relaxes otherwise; integrated exactly over the step.  The
     * drive takes only four values, so their decays are cached. */
    if (dt != cg->dt_cached)
        cache_decays(cg, dt);
    int k = (seen.gaze == ATT_GAZE_AWAY) + 2 * (seen.distressed != 0);
    st->arousal = cg->arousal_fixed[k] + (st->arousal - cg->arousal_fixed[k]) * cg->arousal_decay[k];
    st->gentle *= cg->gentle_decay;  /* her play comes back (4.7) */

    att_care_mode before = st->mode;
    cg->type->act(p, &seen, st, dt, rng);
    if (ATT_DEBUG_ON || !cg->own_policy)   /* a caller's: checked in every build */
        check_act(st);
    st->mode_time = st->mode == before ? st->mode_time + dt : 0;
    st->last = seen;
    att_care_mode_signal(st->mode, p, st, sig);
}

att_infant_code att_caregiver_observe(att_caregiver *cg, const att_infant_state *infant,
                                      gsl_rng *rng)
{
    att_perception obs;
    obs.valid = 1;
    obs.gaze = infant->gaze;
    obs.affect = infant->affect;
    att_infant_code code = att_infant_code_of(infant);
    obs.distressed = code == ATT_IC_PROTEST || code == ATT_IC_WITHDRAWN;
    /* Misreadings start at rate q / ((1 - q) ATT_MISREAD_S) and end at rate
     * 1 / ATT_MISREAD_S, so she misreads a share q = perception_noise of the
     * time whatever dt; each is of gaze or of distress with equal chance.
     * The two chances per step are constant while q is: cached, keyed on q. */
    double q = cg->p.perception_noise;
    if (q != cg->misread_q) {
        cg->misread_q = q;
        cg->misread_start = q > 0 ? -expm1(-cg->dt * q / ((1 - q) * ATT_MISREAD_S)) : 0;
    }
    if (cg->misreading) {
        if (gsl_rng_uniform(rng) < cg->misread_end)
            cg->misreading = 0;
    } else if (q > 0 && gsl_rng_uniform(rng) < cg->misread_start) {
        cg->misreading = gsl_rng_uniform(rng) < 0.5 ? 1 : 2;
    }
    att_debug_assert(cg->misreading >= 0 && cg->misreading <= 2);
    if (cg->misreading == 1)
        obs.gaze = obs.gaze == ATT_GAZE_AT ? ATT_GAZE_AWAY : ATT_GAZE_AT;
    else if (cg->misreading == 2)
        obs.distressed = !obs.distressed;
    cg->head = cg->head + 1 == cg->cap ? 0 : cg->head + 1;  /* -1 at a session's start */
    cg->seen[cg->head] = obs;
    cg->observed++;
    return code;
}

att_care_mode att_caregiver_mode(const att_caregiver *cg)
{
    return cg->st.mode;
}

double att_caregiver_arousal(const att_caregiver *cg)
{
    return cg->st.arousal;
}

const att_policy_type *att_caregiver_policy(const att_caregiver *cg)
{
    return cg->type;
}
