/* The infant agent: arousal, regulation capacity, gaze, affect, behaviour and
 * a slow expectation of repair (trust).  docs/MODEL.md gives every equation.
 *
 * The agent does no I/O.  Each step it receives what the caregiver is doing
 * (att_care_signal) and advances by dt using the random stream it is given. */
#ifndef ATT_INFANT_H
#define ATT_INFANT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <gsl/gsl_rng.h>
#include "attune/codes.h"
#include "attune/error.h"
#include "attune/param.h"

/* Model parameters.  Units and defaults are in att_infant_param_table. */
typedef struct att_infant_params {
    /* arousal: dA/dt = (A0 - A)/tau + u (1 - A) - v A  (+ noise) */
    double arousal_baseline;      /* A0, 0-1, default 0.20 */
    double arousal_tau;           /* s, relaxation to baseline, default 5 */
    double arousal_initial;       /* 0-1, default 0.25 */
    double arousal_noise;         /* 1/sqrt(s), OU noise amplitude, default 0.04 */
    double stim_gain;             /* 1/s per unit stimulation, default 0.45 */
    double away_factor;           /* share of stimulation received when looking away, default 0.2 */
    double intrusion_gain;        /* 1/s per unit intrusion, default 1.2 */
    double contingency_gain;      /* 1/s at full contingency loss, default 0.35 */
    double contingency_tau;       /* s, how fast loss of contingency is felt, default 3 */
    double avert_relief;          /* 1/s, calming from looking away, default 0.15 */
    double selfcomfort_relief;    /* 1/s at full capacity, default 0.35 */
    double soothe_gain;           /* 1/s at full soothing, default 0.6 */
    /* regulation capacity: dR/dt = (1 - R)/capacity_tau - capacity_use * [self-comforting] */
    double capacity_use;          /* 1/s, default 0.04 */
    double capacity_tau;          /* s, recovery time, default 40 */
    /* gaze hazards (1/s) */
    double avert_rate;            /* base hazard of looking away, default 0.08 */
    double avert_arousal_rate;    /* extra hazard when over-aroused, default 1.5 */
    double avert_threshold;       /* arousal where that extra hazard is half on, default 0.6 */
    double intrusion_avert_rate;  /* extra hazard of turning away per unit intrusion, default 0.8 */
    double return_rate;           /* hazard of looking back when calm, default 0.5 */
    double return_threshold;      /* arousal above which the infant stays away, default 0.5 */
    double arousal_width;         /* width of every arousal threshold's logistic, default 0.06 */
    /* affect hazards (1/s) */
    double positive_rate;         /* neutral -> positive with a playful, contingent partner, default 0.8 */
    double positive_loss_rate;    /* positive -> neutral, default 0.25 */
    double negative_threshold;    /* arousal where negative affect sets in, default 0.78 */
    double negative_rate;         /* -> negative above the threshold, default 0.8 */
    double calm_rate;             /* negative -> neutral below the threshold, default 0.5 */
    /* behaviour */
    double bid_rate;              /* 1/s per unit contingency loss, default 1.5 */
    double bid_persistence;       /* s of unanswered bidding before giving up (at trust 0.5), default 12 */
    double bid_duration;          /* s, mean length of a bid, default 1.2 */
    double protest_rate;          /* 1/s, default 0.8 */
    double protest_duration;      /* s, mean length of a protest bout, default 2 */
    double selfcomfort_rate;      /* 1/s of starting to suck the thumb when away and aroused, default 0.6 */
    double selfcomfort_threshold; /* arousal, default 0.45 */
    double withdraw_rate;         /* 1/s once bids have failed, default 0.01 */
    double withdraw_exit_rate;    /* 1/s of leaving withdrawal once contingency is back, default 0.15 */
    double distress_threshold;    /* arousal at which fussing becomes crying, default 0.88 */
    /* expectation of repair */
    double trust_initial;         /* 0-1, default 0.7 */
    double trust_rate;            /* 0-1, learning rate per rupture outcome, default 0.004 */
    double repair_horizon;        /* s, latency at which a repair counts half, default 2 */
} att_infant_params;

extern const att_param att_infant_param_table[];
extern const size_t att_infant_param_count;

/* Fills `p` with the defaults of att_infant_param_table. */
void att_infant_params_default(att_infant_params *p);

/* Individual differences: the spread of a population of infants around a
 * central parameter set (the defaults, or a preset).  Entry i varies one
 * infant key: `kind` 'n' is normal(centre, spread) clipped to the key's
 * range, 'l' is lognormal with median centre and log-SD spread.
 * docs/MODEL.md ("Population") gives the values and why. */
typedef struct att_spread {
    const char *key;
    char kind;
    double spread;
} att_spread;

extern const att_spread att_infant_population[];
extern const size_t att_infant_population_count;

/* Writes entry i of the population centred on `p` as a scenario override,
 * "infant.KEY=normal(C, S)" or "infant.KEY=lognormal(ln C, S)", into buf.
 * Returns 0, or -1 when i is out of range or buf too small. */
int att_infant_population_set(size_t i, const att_infant_params *p, char *buf, size_t size);

/* Attachment-style presets: named parameter sets, each the defaults with a
 * few keys changed (docs/MODEL.md, "Presets", says which and why).  Under
 * the same rupture the secure infant reaches for reconnection; the anxious
 * one escalates (more protest, higher arousal, slower to soothe); the
 * avoidant one withdraws (early aversion, few bids, arousal high but little
 * negative display). */
typedef struct att_preset_value {
    const char *key;
    double value;
} att_preset_value;

typedef struct att_infant_preset {
    const char *name;
    const char *description;
    const att_preset_value *values;  /* the keys it changes from the defaults */
    size_t count;
} att_infant_preset;

/* Looks a preset up by name ("secure", "anxious", "avoidant"); NULL when unknown. */
const att_infant_preset *att_infant_preset_find(const char *name);
/* The preset table, for listing and suggestions; NULL past the end. */
const att_infant_preset *att_infant_preset_at(size_t i);
size_t att_infant_preset_count(void);
/* The preset's full parameter set: the defaults with its values applied. */
void att_infant_preset_params(const att_infant_preset *pr, att_infant_params *out);

/* What the caregiver does this step, as the infant can receive it. */
typedef struct att_care_signal {
    double stimulation;  /* 0-1, expressive stimulation she produces */
    double intrusion;    /* 0-1, looming, touching, forcing closeness */
    double soothe;       /* 0-1, comforting touch and voice */
    double contingency;  /* 0-1, how contingent on the infant her behaviour is */
    int playful;         /* 1 when her display is warm and playful */
} att_care_signal;

typedef enum att_gaze { ATT_GAZE_AWAY = 0, ATT_GAZE_AT = 1 } att_gaze;
typedef enum att_affect { ATT_AFFECT_NEGATIVE = -1, ATT_AFFECT_NEUTRAL = 0, ATT_AFFECT_POSITIVE = 1 } att_affect;

typedef enum att_infant_behavior {
    ATT_IB_ENGAGE,        /* looking at her, interacting */
    ATT_IB_LOOK_AWAY,     /* gaze averted */
    ATT_IB_BID_REACH,     /* bids to re-engage */
    ATT_IB_BID_POINT,
    ATT_IB_BID_VOCALISE,
    ATT_IB_PROTEST_FUSS,  /* protest */
    ATT_IB_PROTEST_PUSH,
    ATT_IB_SELF_COMFORT,  /* thumb-sucking */
    ATT_IB_WITHDRAWAL,    /* slumped, disengaged */
    ATT_IB_DISTRESS,      /* crying */
    ATT_IB_COUNT
} att_infant_behavior;

const char *att_infant_behavior_name(att_infant_behavior b);

/* True for the three bids (reach, point, vocalise). */
static inline int att_infant_is_bid(att_infant_behavior b)
{
    return b == ATT_IB_BID_REACH || b == ATT_IB_BID_POINT || b == ATT_IB_BID_VOCALISE;
}
const char *att_affect_name(att_affect a);

/* Observable and internal state after a step (plain data, copied out). */
typedef struct att_infant_state {
    double arousal;          /* 0-1 */
    double regulation;       /* 0-1, remaining self-regulation capacity */
    double contingency_loss; /* 0-1, felt loss of partner contingency */
    double trust;            /* 0-1, expectation of repair */
    att_gaze gaze;
    att_affect affect;
    att_infant_behavior behavior;
} att_infant_state;

typedef struct att_infant att_infant;

/* Creates an infant with a copy of `p`.  Returns NULL when out of memory. */
att_infant *att_infant_new(const att_infant_params *p);
/* NULL does nothing. */
void att_infant_free(att_infant *inf);

/* Advances one step of dt seconds given the caregiver's signal. */
void att_infant_step(att_infant *inf, const att_care_signal *sig, double dt, gsl_rng *rng);

/* Current state (copied into *out). */
void att_infant_state_get(const att_infant *inf, att_infant_state *out);

/* Tells the infant the outcome of a finished rupture: it was repaired after
 * `latency` seconds (repaired = 1) or was still open after `latency` seconds
 * when observation ended (repaired = 0).  Updates trust:
 *     y = repaired ? 2^(-latency / repair_horizon) : 0
 *     trust += trust_rate * (y - trust)                                   */
void att_infant_rupture_outcome(att_infant *inf, double latency, int repaired);

/* Starts a new session `interval` seconds after the previous one ended.
 * Trust carries over unchanged: it is what the infant has learnt of this
 * caregiver.  Over the interval arousal relaxes towards its starting value
 * and regulation capacity recovers, each exactly by its own time constant:
 *     arousal    = arousal_initial + (arousal - arousal_initial) e^(-interval/arousal_tau)
 *     regulation = 1 + (regulation - 1) e^(-interval/capacity_tau)
 * Everything momentary (gaze, affect, behaviour, felt contingency loss,
 * unanswered bids) starts afresh: looking at her, neutral, engaged. */
void att_infant_new_session(att_infant *inf, double interval);

/* Sets trust directly (used to carry it across sessions). */
void att_infant_set_trust(att_infant *inf, double trust);

/* How an observer codes this state (see docs/MODEL.md, "Coding"). */
att_infant_code att_infant_code_of(const att_infant_state *s);

/* Fixed point of the arousal equation for constant inputs u (drive) and v
 * (calming) with noise off: (A0/tau + u) / (1/tau + u + v). */
double att_infant_arousal_fixed_point(const att_infant_params *p, double u, double v);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
