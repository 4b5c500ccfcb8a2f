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

/* Model parameters.  Their defaults, units, ranges and meanings are given
 * once, in the parameter table of models/infant.c (att_infant_param_table,
 * att_infant_params_default; `attune keys` lists them, docs/MODEL.md section
 * 11 is checked against them); docs/MODEL.md section 2 gives each equation.
 * The fields are in the table's order. */
typedef struct att_infant_params {
    /* arousal: dA/dt = (A0 - A)/tau + u (1 - A) - v A  (+ noise) */
    double arousal_baseline;      /* A0 */
    double arousal_tau;
    double arousal_initial;
    double arousal_noise;         /* OU noise amplitude */
    double stim_gain;             /* terms of the drive u ... */
    double away_factor;
    double intrusion_gain;
    double contingency_gain;
    double contingency_tau;       /* how fast loss of contingency is felt */
    double avert_relief;          /* ... and of the calming v */
    double selfcomfort_relief;
    double soothe_gain;
    /* regulation capacity: dR/dt = (1 - R)/capacity_tau - capacity_use * [self-comforting] */
    double capacity_use;
    double capacity_tau;
    double capacity_spent;        /* R below which self-comfort is spent */
    /* gaze hazards */
    double avert_rate;
    double avert_arousal_rate;
    double avert_threshold;
    double look_build;            /* build-up of a look before the urge to end it */
    double intrusion_avert_rate;
    double return_rate;
    double return_threshold;
    double arousal_width;         /* width of the soft arousal thresholds */
    /* affect hazards */
    double positive_rate;
    double positive_loss_rate;
    double positive_loss_factor;
    double negative_threshold;
    double negative_rate;
    double calm_rate;
    double upset_tau;             /* memory of negative affect (upset U) */
    double upset_shift;           /* thresholds lowered by upset_shift * U */
    /* behaviour */
    double bid_rate;
    double bid_persistence;
    double answer_contingency;    /* contingency that answers a bid */
    double hope_tau;              /* recovery of hope once answered */
    double hope_buffer;           /* lost contingency arouses less while hope lasts */
    double bid_duration;
    double protest_rate;
    double protest_duration;
    double irritation_tau;        /* irritation: intrusion felt over this time */
    double irritation_threshold;  /* irritation at which protest is half on */
    double push_threshold;        /* irritation above which a fuss can turn to a push */
    double selfcomfort_rate;
    double selfcomfort_threshold;
    double withdraw_rate;
    double withdraw_exit_rate;
    double withdraw_recover_rate; /* leaving withdrawal under a still face */
    double distress_threshold;
    /* expectation of repair */
    double trust_initial;
    double trust_neutral;         /* trust with no effect on the trust factors */
    double trust_rate;
    double repair_horizon;
    /* temperament and age (docs/MODEL.md 2.9) */
    double reactivity;            /* factor on every arousal drive */
    double soothability;          /* factor on the calming by her soothing */
    double age_months;            /* the other keys describe a 4-month-old */
    double age_gaze;              /* per month: look build-up and return rate */
    double age_regulation;        /* per month: avert and self-comfort relief */
    /* greeting smile (docs/MODEL.md 2.6) */
    double greet_smile;           /* extra smile hazard at the start of a look */
    double greet_smile_tau;       /* its fading time over the look */
    /* slow behavioural state z (docs/MODEL.md 2.10) */
    double state_tau;             /* its time constant */
    double state_gaze;            /* its log-factor on the gaze hazards */
    double state_smile;           /* its log-factor on smiling */
    double smile_build;           /* s over which a smile's fading builds (2.6) */
    double smile_refractory;      /* s a smile holds back the next (2.6) */
    double frustration_rate;      /* 1/s negative affect from unanswered bids */
    /* adaptation to the infant's own arousal (docs/MODEL.md 2.11) */
    double arousal_adaptation;    /* share of the headroom the adapted level lifts the threshold */
    double adaptation_tau;        /* s over which the adapted level follows arousal */
    /* the still face's course and its carry-over (docs/MODEL.md 2.5, 2.6) */
    double unanswered_avert_rate; /* 1/s looking away from unanswered bids, times L (1 - hope) */
    double upset_negative_rate;   /* 1/s negative affect per unit of upset */
    double upset_threshold_share; /* share of upset_shift that lowers the negative threshold */
    double hope_wariness;         /* smiling and looking back times 1 - this (1 - hope) */
    double calm_adaptation;       /* share of arousal_adaptation the end of negative affect sees */
    /* protest against her looming teaches him to turn away (docs/MODEL.md 2.7) */
    double protest_futility;      /* share of readiness to protest each such protest takes */
    double futility_tau;          /* s over which readiness to protest comes back */
    double upset_soothe_rate;     /* 1/s: her soothing discharges upset, times soothe (2.6) */
    /* the negatively engaged minority (docs/MODEL.md 2.12) */
    double distress_prone;        /* 0-1: 1 for a distress-prone infant (drawn, 7 %) */
    double prone_negative_gain;   /* factor on negative_rate, to the power distress_prone */
    double prone_calm_gain;       /* factor on calm_rate, to the power distress_prone */
} att_infant_params;

extern const att_param att_infant_param_table[];
extern const size_t att_infant_param_count;

/* Fills `p` with the defaults of att_infant_param_table. */
void att_infant_params_default(att_infant_params *p);

/* Individual differences: the spread of a population of infants around a
 * central parameter set (the defaults, or a preset).  Entry i varies one
 * infant key: `kind` 'n' is normal(centre, spread) clipped to the key's
 * range, 'l' is lognormal with median centre and log-SD spread, 'b' is
 * bernoulli(spread), a trait an infant has (1) or not (0), drawn when the
 * centre is 0 (a centre that already has it is kept).
 * docs/MODEL.md ("Population") gives the values and why. */
typedef struct att_spread {
    const char *key;
    char kind;
    double spread;
} att_spread;

extern const att_spread att_infant_population[];
extern const size_t att_infant_population_count;

/* Writes entry i of the population centred on `p` as a scenario override,
 * "infant.KEY=normal(C, S)", "infant.KEY=lognormal(ln C, S)" or
 * "infant.KEY=bernoulli(S)" (for a trait: bernoulli(C) when the centre C
 * lies between 0 and 1, a scenario's own chance; "infant.KEY=1" when it is
 * 1), into buf.
 * Returns ATT_OK, or ATT_EINPUT with `err` (may be NULL) filled when i is
 * out of range or buf too small (buf then holds a truncated text). */
int att_infant_population_set(size_t i, const att_infant_params *p, char *buf, size_t size,
                              att_error *err);

/* As att_infant_population_set with the entry's spread times `scale` (>= 0;
 * a trait's chance times it, at most 1): at 0 the key is fixed at the
 * centre.  Fails as att_infant_population_set does, and with ATT_EINTERNAL
 * when the entry names no key of the table. */
int att_infant_population_set_scaled(size_t i, const att_infant_params *p, double scale,
                                     char *buf, size_t size, att_error *err);

/* The population's entry for infant key `key` (its bare name, the first
 * `len` characters) when the population draws it as a trait (kind 'b'),
 * else NULL: a key whose spread no factor and no normal describes. */
const att_spread *att_infant_population_trait(const char *key, size_t len);

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

/* Looks a preset up by name ("secure", "anxious", "avoidant"); NULL when
 * unknown: not an error (an answer; the caller words the message). */
const att_infant_preset *att_infant_preset_find(const char *name);
/* The preset table, for listing and suggestions; NULL past the end (not an
 * error: the end of the list). */
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

/* Creates an infant with a copy of `p`, owned by the caller (att_infant_free).
 * Returns NULL with `err` (may be NULL) filled: ATT_EINPUT when `p` is NULL,
 * ATT_ENOMEM when out of memory. */
att_infant *att_infant_new(const att_infant_params *p, att_error *err);
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

/* Replaces the parameters (copied) from the next step on, keeping the
 * state: a live change (attune run --at, attune serve).  Cannot fail. */
void att_infant_set_params(att_infant *inf, const att_infant_params *p);

/* Sets trust directly (used to carry it across sessions, and by a live
 * change of infant.trust), clipped to 0-1. */
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
