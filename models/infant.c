/* The infant agent: arousal and regulation dynamics, gaze, affect, behaviour
 * and trust.  The equations and the reason for each term are in
 * docs/MODEL.md; the comments here only point at what is not obvious. */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include "attune/infant.h"
#include "base/debug.h"
#include "models/hazard.h"
#include "models/infant_arousal.h"
#include "models/infant_mech.h"
#include "models/infant_state.h"

/* Unanswered bidding below this many seconds is rounded to 0 (a numerical
 * tidy-up that spares exp() calls, not a parameter of the model). */
#define UNANSWERED_ZERO 1e-3

/* The one table of infant parameters: P(name, default, unit, min, max,
 * meaning), in the order `attune keys` lists them.  att_infant_param_table
 * (names, units, ranges, help) and the defaults are both made from it, so a
 * key added here is configurable, checked and documented everywhere
 * (tests/lib/test_model_docs.c compares docs/MODEL.md, section 11, with it). */
#define ATT_INFANT_PARAMS(P) \
    P(arousal_baseline, 0.20, "0-1", 0, 1, \
      "resting arousal the infant relaxes to") \
    P(arousal_tau, 5, "s", 0.1, 1000, \
      "relaxation time of arousal towards the baseline") \
    P(arousal_initial, 0.25, "0-1", 0, 1, \
      "arousal at the start of the session") \
    P(arousal_noise, 0.04, "1/sqrt(s)", 0, 1, \
      "amplitude of random fluctuations of arousal") \
    P(stim_gain, 0.351, "1/s", 0, 100, \
      "arousal drive per unit of stimulation received") \
    P(away_factor, 0.2, "0-1", 0, 1, \
      "share of stimulation still received while looking away") \
    P(intrusion_gain, 1.2, "1/s", 0, 100, \
      "arousal drive per unit of intrusion (looming, touching)") \
    P(contingency_gain, 0.154, "1/s", 0, 100, \
      "arousal drive at full loss of partner contingency") \
    P(contingency_tau, 3, "s", 0.1, 1000, \
      "how fast the loss of a partner's contingency is felt") \
    P(avert_relief, 0.15, "1/s", 0, 100, \
      "calming from looking away") \
    P(selfcomfort_relief, 0.35, "1/s", 0, 100, \
      "calming from self-comfort (thumb-sucking) at full capacity") \
    P(soothe_gain, 0.6, "1/s", 0, 100, \
      "calming from the caregiver's soothing (co-regulation)") \
    P(capacity_use, 0.04, "1/s", 0, 10, \
      "depletion of regulation capacity while self-comforting") \
    P(capacity_tau, 40, "s", 0.1, 10000, \
      "recovery time of regulation capacity") \
    P(capacity_spent, 0.05, "0-1", 0, 1, \
      "capacity below which self-comfort is spent and stops faster") \
    P(avert_rate, 0.0374, "1/s", 0, 100, \
      "base hazard of looking away") \
    P(avert_arousal_rate, 1.5, "1/s", 0, 100, \
      "extra hazard of looking away when over-aroused") \
    P(avert_threshold, 0.467, "0-1", 0, 1, \
      "arousal at which that extra hazard is half on") \
    P(look_build, 44.9, "s", 0, 1000, \
      "build-up of a look: the urge to look away grows over this time after each return") \
    P(intrusion_avert_rate, 0.8, "1/s", 0, 100, \
      "extra hazard of turning away per unit of intrusion") \
    P(return_rate, 0.167, "1/s", 0, 100, \
      "hazard of looking back once calm (scaled by trust)") \
    P(return_threshold, 0.5, "0-1", 0, 1, \
      "arousal above which the infant stays turned away") \
    P(arousal_width, 0.051, "0-1", 0.001, 1, \
      "softness of every arousal threshold") \
    P(positive_rate, 0.822, "1/s", 0, 100, \
      "hazard of smiling with a playful, contingent partner") \
    P(positive_loss_rate, 1.5, "1/s", 0, 100, \
      "hazard of a smile fading") \
    P(positive_loss_factor, 2, "factor", 1, 100, \
      "how much faster a smile fades when looking away or neither play nor a bid holds it") \
    P(negative_threshold, 0.585, "0-1", 0, 1, \
      "arousal at which negative affect sets in") \
    P(negative_rate, 0.176, "1/s", 0, 100, \
      "hazard of negative affect above that threshold") \
    P(calm_rate, 0.35, "1/s", 0, 100, \
      "hazard of negative affect ending below that threshold") \
    P(upset_tau, 35.3, "s", 0, 10000, \
      "memory of being upset: the time over which negative affect builds and fades (0: none)") \
    P(upset_shift, 1, "0-1", 0, 1, \
      "how far full upset lowers the negative-affect and crying thresholds") \
    P(bid_rate, 1.5, "1/s", 0, 100, \
      "hazard of a bid (reach, point, vocalise) at full contingency loss") \
    P(bid_persistence, 12, "s", 0.1, 1000, \
      "unanswered bidding before giving up, at trust 0.5") \
    P(answer_contingency, 0.5, "0-1", 0, 1, \
      "partner contingency that answers a bid (below it, bidding goes unanswered)") \
    P(hope_tau, 64, "s", 0.1, 1000, \
      "time constant of hope coming back once bids are answered") \
    P(hope_buffer, 0.6, "0-1", 0, 1, \
      "share of the arousal from lost contingency held off while hope lasts (0: none)") \
    P(bid_duration, 1.2, "s", 0.1, 100, \
      "mean length of one bid") \
    P(protest_rate, 0.8, "1/s", 0, 100, \
      "hazard of protest (fuss, push away) under intrusion or distress") \
    P(protest_duration, 2, "s", 0.1, 100, \
      "mean length of a protest bout") \
    P(irritation_tau, 20, "s", 0, 1000, \
      "how long intrusion must persist to irritate (0: irritation is the intrusion itself)") \
    P(irritation_threshold, 0.5, "0-1", 0, 1, \
      "irritation at which protest under intrusion is half on (0: in proportion to irritation)") \
    P(push_threshold, 0.3, "0-1", 0, 1, \
      "irritation above which a fuss can escalate into a push") \
    P(selfcomfort_rate, 0.6, "1/s", 0, 100, \
      "hazard of starting to self-comfort when away and aroused") \
    P(selfcomfort_threshold, 0.45, "0-1", 0, 1, \
      "arousal above which the infant self-comforts") \
    P(withdraw_rate, 0.01, "1/s", 0, 100, \
      "hazard of withdrawing once bids have failed") \
    P(withdraw_exit_rate, 0.15, "1/s", 0, 100, \
      "hazard of leaving withdrawal once contingency is back") \
    P(withdraw_recover_rate, 0.08, "1/s", 0, 100, \
      "hazard of coming out of withdrawal while she stays unresponsive (scaled by trust)") \
    P(distress_threshold, 0.828, "0-1", 0, 1, \
      "arousal at which fussing turns into crying") \
    P(trust_initial, 0.7, "0-1", 0, 1, \
      "expectation of repair at the start") \
    P(trust_neutral, 0.5, "0-1", 0, 1, \
      "trust at which trust neither speeds nor slows returning, bidding, withdrawing") \
    P(trust_rate, 0.004, "0-1", 0, 1, \
      "learning rate of trust per rupture outcome") \
    P(repair_horizon, 2, "s", 0.1, 1000, \
      "repair latency that counts as half a success") \
    P(reactivity, 1, "factor", 0.01, 100, \
      "temperament: every arousal drive (stimulation, intrusion, lost contingency) times this") \
    P(soothability, 3.1, "factor", 0.01, 100, \
      "temperament: how much her soothing calms (co-regulation) and speeds the end of negative affect") \
    P(age_months, 4, "months", 1, 12, \
      "age; the other keys describe a 4-month-old, age_gaze and age_regulation say how age moves them") \
    P(age_gaze, 0.62, "factor", 0.1, 10, \
      "per month past 4: build-up of a look and hazard of looking back times this (below 1: older infants look less)") \
    P(age_regulation, 1.1, "factor", 0.1, 10, \
      "per month past 4: calming from looking away and self-comfort times this") \
    P(greet_smile, 2.57, "factor", 0, 100, \
      "greeting smile: extra hazard of smiling at the start of a look at her, times positive_rate") \
    P(greet_smile_tau, 1.5, "s", 0.1, 100, \
      "how fast that extra hazard fades as the look goes on") \
    P(state_tau, 300, "s", 1, 100000, \
      "time constant of the slow state z (alertness: mean 0, SD 1), drawn afresh at each session's start") \
    P(state_gaze, 0.72, "log-factor", 0, 5, \
      "looking back times exp(g z + g^2/2), looking away times exp(-g z + g^2/2), g = state_gaze") \
    P(state_smile, 1.035, "log-factor", 0, 5, \
      "smiling times exp(s z + s^2/2), a smile fading times exp(-s z + s^2/2), s = state_smile") \
    P(smile_build, 1.5, "s", 0, 100, \
      "build-up of a smile: the hazard of its fading grows as 1 - exp(-time smiling / this) (0: at once)") \
    P(smile_refractory, 1, "s", 0, 100, \
      "after a smile, smiling again is held back by 1 - exp(-time since / this) (0: not at all)") \
    P(frustration_rate, 0.0206, "1/s", 0, 100, \
      "hazard of negative affect from bids gone unanswered: times L (1 - hope), from a neutral face (0: none)") \
    P(arousal_adaptation, 1, "0-1", 0, 1, \
      "adaptation (2.11): the arousal adapted to, M, lifts the negative-affect threshold by this times M times (1 - threshold) (0: off)") \
    P(adaptation_tau, 60, "s", 0.1, 10000, \
      "time over which the infant adapts to its own arousal (the mean M of arousal_adaptation)") \
    P(unanswered_avert_rate, 0.154, "1/s", 0, 100, \
      "hazard of looking away from bids gone unanswered: times L (1 - hope), at once, not held by a look's build-up (0: none)") \
    P(upset_negative_rate, 0.437, "1/s", 0, 100, \
      "hazard of a neutral face turning negative per unit of upset: distress that feeds on itself (0: none)") \
    P(upset_threshold_share, 0.142, "0-1", 0, 1, \
      "share of upset_shift by which upset lowers the negative-affect threshold (the crying threshold takes all of it)") \
    P(hope_wariness, 0.65, "0-1", 0, 1, \
      "wariness: smiling and looking back times 1 - this times (1 - hope), hope coming back over hope_tau (0: none)") \
    P(calm_adaptation, 0.7, "0-1", 0, 1, \
      "share of arousal_adaptation that the end of negative affect sees (below 1: calming needs arousal lower than the onset did)") \
    P(protest_futility, 0.7, "0-1", 0, 1, \
      "share of his readiness to protest under intrusion that each protest against her looming takes away (0: none)") \
    P(futility_tau, 120, "s", 0.1, 10000, \
      "time over which readiness to protest comes back") \
    P(upset_soothe_rate, 0, "1/s", 0, 100, \
      "her soothing discharges upset: while she soothes, upset also relaxes to 0 at this rate times her soothing (0: none)") \
    P(distress_prone, 0, "0-1", 0, 1, \
      "temperament: 1 for an infant of the negatively engaged minority (the population draws it, 7 %), 0 otherwise; between, a share of its effect") \
    P(prone_negative_gain, 10, "factor", 1, 1000, \
      "a distress-prone infant's negative_rate is this many times the key's (to the power distress_prone)") \
    P(prone_calm_gain, 0.15, "factor", 0.001, 1, \
      "a distress-prone infant's calm_rate is this times the key's (to the power distress_prone)")

#define ROW(field, def, unit, lo, hi, help) \
    { #field, unit, lo, hi, offsetof(att_infant_params, field), help },
const att_param att_infant_param_table[] = { ATT_INFANT_PARAMS(ROW) };
const size_t att_infant_param_count = sizeof att_infant_param_table / sizeof att_infant_param_table[0];

#define DEFAULT(field, def, unit, lo, hi, help) .field = def,
static const att_infant_params defaults = { ATT_INFANT_PARAMS(DEFAULT) };

void att_infant_params_default(att_infant_params *p)
{
    *p = defaults;
}

struct att_infant {
    att_infant_params p;
    att_infant_state s;
    double unanswered;  /* s of bidding the partner has not answered */
    double hope;        /* 0-1, willingness to bid, cached with its inputs: */
    double hope_unanswered, hope_trust;
    double look_time;   /* s since gaze last came back to her */
    double irritation;  /* 0-1, intrusion felt over irritation_tau */
    double readiness;   /* 0-1, readiness to protest under intrusion (2.7) */
    double upset;       /* 0-1, negative affect remembered over upset_tau */
    double z;           /* slow state (2.10), drawn at a session's first step */
    double smile_time;  /* s since the smile began (2.6) */
    double smile_gap;   /* s since a smile last ended (2.6) */
    double adapted;     /* 0-1, arousal adapted to over adaptation_tau (2.11) */
    int z_drawn;
    /* Decay factors over one step that depend only on dt (cached). */
    double dt_cached, contingency_decay, capacity_decay, hope_decay, irritation_decay,
           upset_decay, state_decay, state_spread, adapt_decay, readiness_decay;
    /* Age factors (2.9), cached with the decays: they depend only on keys. */
    double age_gaze_f, age_reg_f;
    double inv_arousal_tau, baseline_rate;  /* 1 / arousal_tau, arousal_baseline / arousal_tau */
    double negative_rate, calm_rate;        /* the keys times a distress-prone infant's gains */
    att_arousal_step arousal_step;          /* cached on its rate (models/infant_arousal.h) */
};

__attribute__((noinline, cold))   /* once a run: out of the step's code */
static void cache_decays(att_infant *inf, double dt)
{
    /* Checked here, not every step: dt differs from the cached one (NaN
     * when none) the first time and whenever it changes. */
    assert(dt > 0);  /* the hazards' draws rely on it (models/hazard.h) */
    inf->dt_cached = dt;
    inf->contingency_decay = exp(-dt / inf->p.contingency_tau);
    inf->capacity_decay = exp(-dt / inf->p.capacity_tau);
    inf->hope_decay = exp(-dt / inf->p.hope_tau);  /* an answer restores hope */
    inf->irritation_decay = inf->p.irritation_tau > 0 ? exp(-dt / inf->p.irritation_tau) : 0;
    inf->upset_decay = inf->p.upset_tau > 0 ? exp(-dt / inf->p.upset_tau) : 0;
    inf->state_decay = exp(-dt / inf->p.state_tau);
    inf->state_spread = att_infant_state_spread(inf->state_decay);
    inf->adapt_decay = exp(-dt / inf->p.adaptation_tau);
    inf->readiness_decay = exp(-dt / inf->p.futility_tau);
    /* every step relaxes with these (att_infant_relax, att_infant_state_next) */
    assert(inf->contingency_decay >= 0 && inf->contingency_decay <= 1);
    assert(inf->capacity_decay >= 0 && inf->capacity_decay <= 1);
    assert(inf->hope_decay >= 0 && inf->hope_decay <= 1);
    assert(inf->irritation_decay >= 0 && inf->irritation_decay <= 1);
    assert(inf->upset_decay >= 0 && inf->upset_decay <= 1);
    assert(inf->state_decay >= 0 && inf->state_decay <= 1);
    assert(inf->adapt_decay >= 0 && inf->adapt_decay <= 1);
    assert(inf->readiness_decay >= 0 && inf->readiness_decay <= 1);
    inf->age_gaze_f = att_infant_age_factor(inf->p.age_months, inf->p.age_gaze);
    inf->age_reg_f = att_infant_age_factor(inf->p.age_months, inf->p.age_regulation);
    inf->inv_arousal_tau = 1.0 / inf->p.arousal_tau;
    inf->baseline_rate = inf->p.arousal_baseline / inf->p.arousal_tau;
    inf->negative_rate = inf->p.negative_rate * att_infant_prone_factor(inf->p.prone_negative_gain,
                                                                        inf->p.distress_prone);
    inf->calm_rate = inf->p.calm_rate * att_infant_prone_factor(inf->p.prone_calm_gain,
                                                                inf->p.distress_prone);
    att_arousal_step_clear(&inf->arousal_step);  /* its dt or noise may be new */
}

att_infant *att_infant_new(const att_infant_params *p, att_error *err)
{
    if (!p) {
        att_error_set(err, ATT_EINPUT, "infant: no parameters");
        return NULL;
    }
    att_infant *inf = calloc(1, sizeof *inf);
    if (!inf) {
        att_error_nomem(err);
        return NULL;
    }
    inf->p = *p;
    inf->dt_cached = NAN;  /* no decays yet */
    inf->s.arousal = p->arousal_initial;
    inf->s.regulation = 1.0;
    inf->s.contingency_loss = 0.0;
    inf->s.trust = p->trust_initial;
    assert(inf->s.trust >= 0 && inf->s.trust <= 1);  /* the steps no longer check it */
    assert(p->hope_buffer >= 0 && p->hope_buffer <= 1);  /* att_infant_threat relies on it */
    inf->s.gaze = ATT_GAZE_AT;
    inf->s.affect = ATT_AFFECT_NEUTRAL;
    inf->s.behavior = ATT_IB_ENGAGE;
    inf->hope = 1.0;
    inf->hope_trust = inf->s.trust;
    inf->smile_gap = HUGE_VAL;
    inf->adapted = p->arousal_initial;  /* adapted to where it starts */
    inf->readiness = 1.0;
    return inf;
}

void att_infant_free(att_infant *inf)
{
    free(inf);
}

void att_infant_state_get(const att_infant *inf, att_infant_state *out)
{
    const att_infant_state *s = &inf->s;  /* a struct copy would stall (store forwarding) */
    out->arousal = s->arousal, out->regulation = s->regulation;
    out->contingency_loss = s->contingency_loss, out->trust = s->trust;
    out->gaze = s->gaze, out->affect = s->affect, out->behavior = s->behavior;
}

void att_infant_new_session(att_infant *inf, double interval)
{
    assert(inf);
    const att_infant_params *p = &inf->p;
    att_infant_state *s = &inf->s;
    assert(interval >= 0);  /* its decays stay in 0-1 (att_infant_relax) */
    s->arousal = p->arousal_initial + (s->arousal - p->arousal_initial) * exp(-interval / p->arousal_tau);
    s->regulation = 1.0 + (s->regulation - 1.0) * exp(-interval / p->capacity_tau);
    assert(s->arousal >= 0 && s->arousal <= 1 && s->regulation >= 0 && s->regulation <= 1);
    s->contingency_loss = 0.0;
    s->gaze = ATT_GAZE_AT;
    s->affect = ATT_AFFECT_NEUTRAL;
    s->behavior = ATT_IB_ENGAGE;
    inf->unanswered = 0;
    inf->hope = 1.0;
    inf->look_time = 0;
    inf->irritation = 0;
    inf->z_drawn = 0;  /* a state, not a trait: drawn afresh */
    inf->smile_gap = HUGE_VAL;
    inf->smile_time = 0;
    inf->upset = p->upset_tau > 0 ? inf->upset * exp(-interval / p->upset_tau) : 0;
    inf->adapted = p->arousal_initial
                 + (inf->adapted - p->arousal_initial) * exp(-interval / p->adaptation_tau);
    inf->readiness = att_infant_relax(inf->readiness, 1.0, exp(-interval / p->futility_tau));
}

void att_infant_set_params(att_infant *inf, const att_infant_params *p)
{
    assert(inf && p);
    assert(p->hope_buffer >= 0 && p->hope_buffer <= 1);  /* att_infant_threat relies on it */
    inf->p = *p;
    inf->dt_cached = NAN;  /* the decays depend on the parameters: recompute */
    /* hope is cached with its inputs, and its formula reads parameters too:
     * no time bid unanswered is negative, so the next step recomputes it */
    inf->hope_unanswered = -1;
}

void att_infant_set_trust(att_infant *inf, double trust)
{
    inf->s.trust = trust < 0 ? 0 : trust > 1 ? 1 : trust;
    assert(inf->s.trust >= 0 && inf->s.trust <= 1);  /* not NaN */
}

void att_infant_rupture_outcome(att_infant *inf, double latency, int repaired)
{
    double y = repaired ? exp2(-latency / inf->p.repair_horizon) : 0.0;
    inf->s.trust += inf->p.trust_rate * (y - inf->s.trust);
    assert(inf->s.trust >= 0 && inf->s.trust <= 1);
}

double att_infant_arousal_fixed_point(const att_infant_params *p, double u, double v)
{
    return (p->arousal_baseline / p->arousal_tau + u) / (1.0 / p->arousal_tau + u + v);
}

/* Smooth step from 0 to 1 around `threshold`. */
static double above(double x, double threshold, double width)
{
    return 1.0 / (1.0 + exp(-(x - threshold) / width));
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* The trust factors, 1 at trust_neutral: trust_up speeds returning, bid
 * persistence and leaving withdrawal, trust_down slows withdrawing. */
static double trust_up(const att_infant_params *p, double trust)
{
    return 1.0 - p->trust_neutral + trust;
}

static double trust_down(const att_infant_params *p, double trust)
{
    return 1.0 + p->trust_neutral - trust;
}

static int is_protest(att_infant_behavior b)
{
    return b == ATT_IB_PROTEST_FUSS || b == ATT_IB_PROTEST_PUSH;
}

/* Continuous state: contingency loss, regulation capacity and arousal, each
 * integrated exactly for inputs held constant over the step (the update is a
 * linear ODE in the variable), so results barely depend on dt. */
static void step_continuous(att_infant *inf, const att_care_signal *sig, double dt, gsl_rng *rng)
{
    const att_infant_params *p = &inf->p;
    att_infant_state *s = &inf->s;
    int at = s->gaze == ATT_GAZE_AT;
    int comforting = s->behavior == ATT_IB_SELF_COMFORT;

    double target = 1.0 - clamp01(sig->contingency);
    s->contingency_loss = target + (s->contingency_loss - target) * inf->contingency_decay;
    if (s->contingency_loss < 1e-6)  /* below any effect; exact 0 spares hazard draws */
        s->contingency_loss = 0;

    inf->irritation = att_infant_relax(inf->irritation, clamp01(sig->intrusion),
                                                 inf->irritation_decay);
    if (inf->readiness < 1)  /* readiness to protest comes back, exactly as irritation */
        inf->readiness = att_infant_relax(inf->readiness, 1.0, inf->readiness_decay);
    if (p->upset_tau > 0 && p->upset_soothe_rate > 0 && sig->soothe > 0)  /* 2.6 */
        inf->upset = att_infant_upset_soothed(inf->upset, s->affect == ATT_AFFECT_NEGATIVE,
                                              p->upset_tau, p->upset_soothe_rate * sig->soothe, dt);
    else if (p->upset_tau > 0)  /* the same exact relaxation, to the affect of the last step */
        inf->upset = att_infant_relax(inf->upset, s->affect == ATT_AFFECT_NEGATIVE,
                                                inf->upset_decay);

    double cap_target = 1.0 - p->capacity_use * p->capacity_tau * comforting;
    s->regulation = clamp01(cap_target + (s->regulation - cap_target) * inf->capacity_decay);

    /* temperament and age scale the drives and the calming (2.9); hope, as
     * at the start of the step, holds off part of the threat of lost
     * contingency (2.3) */
    double received = sig->stimulation * (at ? 1.0 : p->away_factor);
    double u = p->reactivity * (p->stim_gain * received + p->intrusion_gain * inf->irritation
                                + p->contingency_gain * s->contingency_loss
                                  * att_infant_threat(inf->hope, p->hope_buffer));
    double v = inf->age_reg_f * (p->avert_relief * !at
                                 + p->selfcomfort_relief * s->regulation * comforting)
             + p->soothability * p->soothe_gain * sig->soothe;
    const att_arousal_step *k = att_arousal_step_for(&inf->arousal_step,
                                                     inf->inv_arousal_tau + u + v, dt,
                                                     p->arousal_noise);
    double fixed = (inf->baseline_rate + u) * k->inv_b;
    double a = fixed + (s->arousal - fixed) * k->decay;
    if (p->arousal_noise > 0)
        a += k->sd * gsl_ran_gaussian_ziggurat(rng, 1.0);
    s->arousal = clamp01(a);
    if (p->arousal_adaptation > 0)  /* 2.11: the mean of the arousal just reached */
        inf->adapted = att_infant_relax(inf->adapted, s->arousal, inf->adapt_decay);
}

/* The negative-affect threshold lifted by `adaptation` of the adapted level
 * (2.11) and lowered by upset: onset sees arousal_adaptation (_now),
 * calming only calm_adaptation of it. */
static double negative_threshold_with(const att_infant *inf, double adaptation)
{
    const att_infant_params *p = &inf->p;
    return att_infant_adapted_threshold(p->negative_threshold, adaptation, inf->adapted)
           - p->upset_threshold_share * p->upset_shift * inf->upset;
}

static double negative_threshold_now(const att_infant *inf)
{
    return negative_threshold_with(inf, inf->p.arousal_adaptation);
}

/* What slows looking back (2.5) and smiling (2.6) while hope comes back:
 * 1 - hope_wariness (1 - hope), hope as at the step's start. */
static double wariness(const att_infant *inf)
{
    return 1.0 - inf->p.hope_wariness * (1.0 - inf->hope);
}

static void step_gaze(att_infant *inf, const att_care_signal *sig, double dt, gsl_rng *rng)
{
    const att_infant_params *p = &inf->p;
    att_infant_state *s = &inf->s;
    double w = p->arousal_width;
    if (s->gaze == ATT_GAZE_AT) {
        /* A look builds before the urge to end it does (look_build), unless
         * he is overwhelmed (arousal near the negative threshold); looming,
         * and bids gone unanswered, drive him away at once. */
        inf->look_time += dt;
        double intr = p->intrusion_avert_rate * sig->intrusion
                      + p->unanswered_avert_rate * s->contingency_loss * (1.0 - inf->hope);
        double rate = p->avert_rate + p->avert_arousal_rate;
        double most = intr + att_infant_state_factor_above(inf->z, -p->state_gaze) * rate;  /* 2.10 */
        double u = att_chance(most > ATT_BOUND_EXACT_BELOW ? most
                              : intr + att_infant_state_factor(inf->z, -p->state_gaze) * rate, dt, rng);
        if (u >= 0) {
            double m = att_infant_state_factor(inf->z, -p->state_gaze);
            double hold = att_infant_look_factor(inf->look_time, p->look_build * inf->age_gaze_f);
            if (hold < 1)
                hold = fmax(hold, above(s->arousal, negative_threshold_now(inf), w));
            if (att_occurs(u, intr + m * hold * (p->avert_rate + p->avert_arousal_rate
                                                 * above(s->arousal, p->avert_threshold, w)), dt))
                s->gaze = ATT_GAZE_AWAY;
        }
    } else {
        /* Trust makes the infant readier to come back; looming keeps it away.
         * (A withdrawn infant stays turned away: step_behavior holds its gaze.) */
        double base = p->return_rate * inf->age_gaze_f * trust_up(p, s->trust)
                    * (1.0 - sig->intrusion) * wariness(inf);
        double most = base * att_infant_state_factor_above(inf->z, p->state_gaze);
        double u = att_chance(most > ATT_BOUND_EXACT_BELOW ? most
                              : base * att_infant_state_factor(inf->z, p->state_gaze), dt, rng);
        if (u >= 0 && att_occurs(u, base * att_infant_state_factor(inf->z, p->state_gaze)
                                    * (1.0 - above(s->arousal, p->return_threshold, w)), dt)) {
            s->gaze = ATT_GAZE_AT;
            inf->look_time = 0;
        }
    }
}

/* The logistic of arousal around the negative-affect threshold, computed at
 * most once per step and only when a draw needs it (*cache < 0: not yet). */
static double negativity(const att_infant *inf, double *cache)
{
    if (*cache < 0)
        *cache = above(inf->s.arousal, negative_threshold_now(inf), inf->p.arousal_width);
    return *cache;
}

/* negativity() for the end of a negative bout: the threshold lifted by
 * only calm_adaptation of the adaptation (2.11). */
static double calm_negativity(const att_infant *inf)
{
    const att_infant_params *p = &inf->p;
    return above(inf->s.arousal,
                 negative_threshold_with(inf, p->arousal_adaptation * p->calm_adaptation),
                 p->arousal_width);
}

static void step_affect(att_infant *inf, const att_care_signal *sig, double dt, gsl_rng *rng)
{
    const att_infant_params *p = &inf->p;
    att_infant_state *s = &inf->s;
    double neg = -1, u, calm, held;
    int at = s->gaze == ATT_GAZE_AT, was_positive = s->affect == ATT_AFFECT_POSITIVE;
    switch (s->affect) {
    case ATT_AFFECT_NEUTRAL:
        /* over-arousal, bids gone unanswered (hope as at the step's start),
         * or upset feeding on itself */
        u = att_chance(inf->negative_rate + p->frustration_rate + p->upset_negative_rate, dt, rng);
        if (u >= 0 && att_occurs(u, inf->negative_rate * negativity(inf, &neg)
                                    + p->frustration_rate * s->contingency_loss * (1.0 - inf->hope)
                                    + p->upset_negative_rate * inf->upset, dt)) {
            s->affect = ATT_AFFECT_NEGATIVE;
        } else if (at && (sig->playful || att_infant_is_bid(s->behavior))) {
            /* A bid is often a smile: positive affect without a playful
             * partner, at the full rate; a look at her often begins with
             * one (greeting smile, 2.6). */
            double rate = p->positive_rate * (sig->playful ? sig->contingency : 1.0)
                          * wariness(inf);
            double t = inf->look_time, gap = inf->smile_gap;  /* against its bound first */
            u = att_chance(att_infant_smile_bound(p, rate, inf->z, t, gap), dt, rng);
            if (u >= 0 && att_occurs(u, att_infant_smile_hazard(p, rate, inf->z, t, gap)
                                        * (1.0 - negativity(inf, &neg)), dt)) {
                s->affect = ATT_AFFECT_POSITIVE;
                inf->smile_time = 0;
            }
        }
        break;
    case ATT_AFFECT_POSITIVE:
        inf->smile_time += dt;
        held = !at || !(sig->playful || att_infant_is_bid(s->behavior)) ? p->positive_loss_factor : 1;
        u = att_chance(inf->negative_rate, dt, rng);
        if (u >= 0 && att_occurs(u, inf->negative_rate * negativity(inf, &neg), dt))
            s->affect = ATT_AFFECT_NEGATIVE;
        else if ((u = att_chance(att_infant_fade_bound(p, inf->z, inf->smile_time, held), dt,
                                 rng)) >= 0
                 && att_occurs(u, att_infant_fade_hazard(p, inf->z, inf->smile_time, held), dt))
            s->affect = ATT_AFFECT_NEUTRAL;
        break;
    case ATT_AFFECT_NEGATIVE:
        /* her soothing speeds recovery as far as the infant is soothable
         * (2.9); adaptation lifts the threshold for calming by only
         * calm_adaptation of its share (2.11), so a bout ends once arousal
         * comes down, which her co-regulation speeds */
        calm = inf->calm_rate * att_infant_soothed(p->soothability, sig->soothe);
        u = att_chance(calm, dt, rng);
        if (u >= 0 && att_occurs(u, calm * (1.0 - calm_negativity(inf)), dt))
            s->affect = ATT_AFFECT_NEUTRAL;
        break;
    }
    if (s->affect == ATT_AFFECT_POSITIVE)
        inf->smile_gap = 0;
    else if (!was_positive)
        inf->smile_gap += dt;
}

static att_infant_behavior pick(gsl_rng *rng, att_infant_behavior first, int n)
{
    return (att_infant_behavior)(first + (int)gsl_rng_uniform_int(rng, (unsigned long)n));
}

/* Hope bookkeeping: time spent bidding unanswered grows while the partner's
 * contingency is below answer_contingency and decays (hope_tau) once she
 * answers; hope = exp(-unanswered / persistence), persistence growing with
 * trust, recomputed only when one of them has changed. */
static double update_hope(att_infant *inf, const att_care_signal *sig, double dt)
{
    const att_infant_params *p = &inf->p;
    const att_infant_state *s = &inf->s;
    if (att_infant_is_bid(s->behavior) && sig->contingency < p->answer_contingency)
        inf->unanswered += dt;
    else if (sig->contingency >= p->answer_contingency && inf->unanswered > 0)
        inf->unanswered = inf->unanswered > UNANSWERED_ZERO ? inf->unanswered * inf->hope_decay : 0;
    if (inf->unanswered != inf->hope_unanswered || s->trust != inf->hope_trust) {
        inf->hope_unanswered = inf->unanswered;
        inf->hope_trust = s->trust;
        inf->hope = exp(-inf->unanswered / (p->bid_persistence * trust_up(p, s->trust)));
        att_debug_assert(inf->hope >= 0 && inf->hope <= 1);
    }
    return inf->hope;
}

/* Withdrawal: staying in it (gaze held away), leaving it for look-away
 * (*b), or starting it once hope has faded.  Returns 1 when the behaviour
 * is decided and the step ends. */
static int step_withdrawal(att_infant *inf, att_infant_behavior *b, double hope, double dt, gsl_rng *rng)
{
    const att_infant_params *p = &inf->p;
    att_infant_state *s = &inf->s;
    double L = s->contingency_loss;
    if (*b == ATT_IB_WITHDRAWAL) {
        if (att_happens(att_infant_withdraw_exit(p->withdraw_exit_rate, p->withdraw_recover_rate,
                                                 L, trust_up(p, s->trust)), dt, rng)) {
            *b = ATT_IB_LOOK_AWAY;
        } else {
            s->gaze = ATT_GAZE_AWAY;
            s->behavior = *b;
            return 1;
        }
    }
    if (att_happens(p->withdraw_rate * L * (1.0 - hope) * trust_down(p, s->trust), dt, rng)) {
        s->gaze = ATT_GAZE_AWAY;
        s->behavior = ATT_IB_WITHDRAWAL;
        return 1;
    }
    return 0;
}

/* Protest under irritation (intrusion that persisted), or negative affect
 * with high arousal.  A bout starts as a fuss; while her looming still
 * irritates (irritation above push_threshold) the impulse that started it
 * can come again and turn the fuss into a push.  A bout goes on, or ends
 * into *b, spending the irritation; a bout against her looming also takes
 * protest_futility of his readiness to protest again (docs/MODEL.md 2.7).
 * Returns 1 when the behaviour is decided and the step ends. */
static int step_protest(att_infant *inf, att_infant_behavior *b, int at, double dt, gsl_rng *rng)
{
    const att_infant_params *p = &inf->p;
    att_infant_state *s = &inf->s;
    /* distress fusses in proportion to how upset he has been (upset) */
    double negative = s->affect == ATT_AFFECT_NEGATIVE ? (p->upset_tau > 0 ? inf->upset : 1.0) : 0;
    /* irritation as it moves him to protest: less once protests went unheeded
     * (readiness stays in 0-1: relaxed towards 1, or cut by a share below) */
    double e = inf->irritation * inf->readiness;
    double irritated = p->irritation_threshold > 0
        ? (e > 0 ? above(e, p->irritation_threshold, p->arousal_width) : 0) : e;
    double protest_most = p->protest_rate * (irritated + negative), neg = -1;
    double u = att_chance(protest_most, dt, rng);
    int protests = u >= 0
        && att_occurs(u, p->protest_rate * (irritated + (negative > 0 ? negative * negativity(inf, &neg) : 0)), dt);
    if (is_protest(*b)) {
        if (!protests && att_happens(1.0 / p->protest_duration, dt, rng)) {
            *b = at ? ATT_IB_ENGAGE : ATT_IB_LOOK_AWAY;
            if (inf->irritation > 0)  /* she has loomed since the last bout */
                inf->readiness *= 1.0 - p->protest_futility;
            att_debug_assert(inf->readiness >= 0 && inf->readiness <= 1);
            if (p->irritation_tau > 0)
                inf->irritation = 0;  /* the protest has spent it */
        } else if (*b == ATT_IB_PROTEST_FUSS && inf->irritation > p->push_threshold
                   && att_happens(p->protest_rate * irritated, dt, rng)) {
            *b = ATT_IB_PROTEST_PUSH;  /* her looming still irritates: the fuss escalates */
        }
    } else if (protests) {
        s->behavior = ATT_IB_PROTEST_FUSS;
        return 1;
    }
    if (is_protest(*b)) {
        s->behavior = *b;
        return 1;
    }
    return 0;
}

/* Looking at her: a bid goes on or ends; otherwise one may start, driven by
 * the felt loss of contingency while hope lasts. */
static att_infant_behavior step_looking(const att_infant *inf, att_infant_behavior b, double hope,
                                        double dt, gsl_rng *rng)
{
    const att_infant_params *p = &inf->p;
    if (att_infant_is_bid(b))
        return att_happens(1.0 / p->bid_duration, dt, rng) ? ATT_IB_ENGAGE : b;
    if (att_happens(p->bid_rate * inf->s.contingency_loss * hope, dt, rng))
        return pick(rng, ATT_IB_BID_REACH, 3);
    return ATT_IB_ENGAGE;
}

/* Looking away: self-comfort starts when aroused (and capacity is left)
 * and stops when calm again or capacity is spent. */
static att_infant_behavior step_away(const att_infant *inf, att_infant_behavior b, double dt, gsl_rng *rng)
{
    const att_infant_params *p = &inf->p;
    const att_infant_state *s = &inf->s;
    double w = p->arousal_width, u;
    if (b == ATT_IB_SELF_COMFORT) {
        int spent = s->regulation < p->capacity_spent;
        u = att_chance(p->selfcomfort_rate * (1.0 + spent), dt, rng);
        if (u >= 0 && att_occurs(u, p->selfcomfort_rate
                                * (1.0 - above(s->arousal, p->selfcomfort_threshold, w) + spent), dt))
            return ATT_IB_LOOK_AWAY;
        return b;
    }
    double most = p->selfcomfort_rate * s->regulation;
    u = att_chance(most, dt, rng);
    return u >= 0 && att_occurs(u, most * above(s->arousal, p->selfcomfort_threshold, w), dt)
        ? ATT_IB_SELF_COMFORT : ATT_IB_LOOK_AWAY;
}

/* Behaviour is a small state machine whose onsets are hazards: bids when the
 * partner stops responding (fading as they go unanswered, more persistent
 * with trust), then withdrawal; protest under intrusion or distress;
 * self-comfort when turned away and aroused; crying when overwhelmed.
 * docs/MODEL.md 2.7 gives the rules in this order. */
static void step_behavior(att_infant *inf, const att_care_signal *sig, double dt, gsl_rng *rng)
{
    att_infant_state *s = &inf->s;
    int at = s->gaze == ATT_GAZE_AT;
    att_infant_behavior b = s->behavior;
    double hope = update_hope(inf, sig, dt);

    /* Crying overrides everything while arousal is extreme. */
    if (s->affect == ATT_AFFECT_NEGATIVE
        && s->arousal > inf->p.distress_threshold - inf->p.upset_shift * inf->upset) {
        s->behavior = ATT_IB_DISTRESS;
        return;
    }
    if (b == ATT_IB_DISTRESS)
        b = at ? ATT_IB_ENGAGE : ATT_IB_LOOK_AWAY;
    if (step_withdrawal(inf, &b, hope, dt, rng) || step_protest(inf, &b, at, dt, rng))
        return;
    s->behavior = at ? step_looking(inf, b, hope, dt, rng) : step_away(inf, b, dt, rng);
}

void att_infant_step(att_infant *inf, const att_care_signal *sig, double dt, gsl_rng *rng)
{
    if (dt != inf->dt_cached)   /* checks dt > 0 */
        cache_decays(inf, dt);
    if (inf->p.state_gaze > 0 || inf->p.state_smile > 0) {  /* the slow state, 2.10 */
        inf->z = inf->z_drawn ? att_infant_state_next(inf->z, inf->state_decay, inf->state_spread,
                                                      att_infant_state_draw(rng))
                              : att_infant_state_draw(rng);
        inf->z_drawn = 1;
    }
    step_continuous(inf, sig, dt, rng);
    step_gaze(inf, sig, dt, rng);
    step_affect(inf, sig, dt, rng);
    step_behavior(inf, sig, dt, rng);
    /* every sub-step keeps its variables in range (trust changes only
     * between steps, where it is checked) */
    att_debug_assert(inf->s.arousal >= 0 && inf->s.arousal <= 1);
    att_debug_assert(inf->s.regulation >= 0 && inf->s.regulation <= 1);
    att_debug_assert(inf->s.contingency_loss >= 0 && inf->s.contingency_loss <= 1);
    att_debug_assert((unsigned)inf->s.behavior < ATT_IB_COUNT);
    att_debug_assert(inf->s.gaze == ATT_GAZE_AT || inf->s.gaze == ATT_GAZE_AWAY);
    att_debug_assert(inf->s.affect >= ATT_AFFECT_NEGATIVE && inf->s.affect <= ATT_AFFECT_POSITIVE);
    att_debug_assert(inf->s.behavior != ATT_IB_WITHDRAWAL || inf->s.gaze == ATT_GAZE_AWAY);
}

att_infant_code att_infant_code_of(const att_infant_state *s)
{
    /* An observer codes what is seen: where the infant looks and what its
     * face, voice and hands show (docs/MODEL.md 3.1).  A fuss, a push or
     * crying is a negative display whatever the face; a smile counts as
     * positive only while looking at her (social positive); turned away,
     * a negative display is `withdrawn`, anything else `avert`. */
    assert((unsigned)s->behavior < ATT_IB_COUNT);   /* public: checked in every build */
    /* The rule as a table on its four facts, read without a branch: the
     * state changes from step to step, and every step codes it. */
    static const unsigned char code[16] = {
        /* [withdrawn 8 | at 4 | negative 2 | positive 1] */
        [0] = ATT_IC_AVERT, [1] = ATT_IC_AVERT,           /* away, not negative */
        [4] = ATT_IC_MONITOR, [5] = ATT_IC_POSITIVE,      /* at her, not negative */
        [6] = ATT_IC_PROTEST, [7] = ATT_IC_PROTEST,       /* at her, negative */
        [2] = ATT_IC_WITHDRAWN, [3] = ATT_IC_WITHDRAWN,   /* away and negative */
        [8] = ATT_IC_WITHDRAWN, [9] = ATT_IC_WITHDRAWN, [10] = ATT_IC_WITHDRAWN,
        [11] = ATT_IC_WITHDRAWN, [12] = ATT_IC_WITHDRAWN, [13] = ATT_IC_WITHDRAWN,
        [14] = ATT_IC_WITHDRAWN, [15] = ATT_IC_WITHDRAWN, /* withdrawal, whatever else */
    };
    att_infant_behavior b = s->behavior;
    int at = s->gaze == ATT_GAZE_AT;
    int negative = (s->affect == ATT_AFFECT_NEGATIVE) | (b == ATT_IB_PROTEST_FUSS)
                 | (b == ATT_IB_PROTEST_PUSH) | (b == ATT_IB_DISTRESS);
    int positive = s->affect == ATT_AFFECT_POSITIVE;
    return (att_infant_code)code[(b == ATT_IB_WITHDRAWAL) << 3 | at << 2 | negative << 1 | positive];
}
