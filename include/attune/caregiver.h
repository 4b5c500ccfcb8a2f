/* The caregiver agent and her attunement policies.
 *
 * She perceives the infant with a delay and noise, has her own arousal
 * (frustration when the infant turns away, worry when it is distressed), and
 * acts by a policy looked up by name in a type table (patient, intrusive,
 * still-face, withdrawn, inconsistent).  Repair is an act in three parts,
 * notice -> reconnect -> soothe, not a flag.  docs/MODEL.md has the rules. */
#ifndef ATT_CAREGIVER_H
#define ATT_CAREGIVER_H

#ifdef __cplusplus
extern "C" {
#endif

#include <gsl/gsl_rng.h>
#include "attune/codes.h"
#include "attune/infant.h"
#include "attune/param.h"

/* Parameters shared by every policy; each policy has its own defaults. */
typedef struct att_caregiver_params {
    double wait_time;          /* s she waits after the infant looks away before re-engaging */
    double intrusiveness;      /* 0-1, how hard she re-engages (looming, tongue clicks) */
    double responsiveness;     /* 0-1, probability she responds to a change she perceives;
                                  also scales how soon she notices distress (2/s at 1) */
    double perception_delay;   /* s between the infant's act and her seeing it */
    double perception_noise;   /* 0-1, share of time she misreads one cue (gaze or distress);
                                  each misreading lasts ATT_MISREAD_S on average */
    double repair_latency;     /* s, fixed time from noticing distress to the reconnection gesture */
    double repair_decay;       /* s, the later a repair starts the weaker its soothing: exp(-delay/decay) */
    double play_stimulation;   /* 0-1, stimulation of her play */
    double still_stimulation;  /* 0-1, stimulation of a still face (present, looking) */
    double frustration;        /* 1/s, rise of her arousal while the infant looks away */
    double arousal_tau;        /* s, her arousal's relaxation time */
    double disengage_rate;     /* 1/s, hazard of drifting into disengagement (withdrawn style) */
    double reengage_rate;      /* 1/s, hazard of coming back from disengagement */
    double quiet_pause;        /* s she watches quietly after a repair before playing again,
                                  unless she sees him smile first (0: she greets at once) */
    double gentling;           /* 0-1, share of what is left of her play's stimulation that each
                                  repair she starts takes away; it comes back over
                                  ATT_GENTLE_TAU_S (0: off; docs/MODEL.md 4.7) */
} att_caregiver_params;

extern const att_param att_caregiver_param_table[];
extern const size_t att_caregiver_param_count;

/* Mean length of one misreading (s).  Misreadings start and end as a
 * two-state Markov process in continuous time, so how often and how long
 * she misreads does not depend on dt. */
#define ATT_MISREAD_S 0.5

/* Time (s) over which her play, toned down by `gentling` after a repair,
 * returns to its full stimulation (docs/MODEL.md 4.7). */
#define ATT_GENTLE_TAU_S 60.0

/* Modes of her behaviour; each has a code, a stimulation profile and words
 * for the event log. */
typedef enum att_care_mode {
    ATT_CM_PLAY,        /* smiles, coos, plays peek-a-boo */
    ATT_CM_WAIT,        /* sits back and watches */
    ATT_CM_GREET,       /* "Oh, now you're back!" */
    ATT_CM_LOOM,        /* leans in, clicks her tongue, moves closer */
    ATT_CM_STILL,       /* still face */
    ATT_CM_DISENGAGED,  /* looks away, flat */
    ATT_CM_NOTICE,      /* repair 1: notices the infant's distress */
    ATT_CM_RECONNECT,   /* repair 2: reconnection gesture */
    ATT_CM_SOOTHE,      /* repair 3: soothes */
    ATT_CM_COUNT
} att_care_mode;

const char *att_care_mode_name(att_care_mode m);
att_caregiver_code att_care_mode_code(att_care_mode m);

/* What she perceives of the infant this step (already delayed and noisy). */
typedef struct att_perception {
    int valid;             /* 0 until the delay has filled */
    att_gaze gaze;
    att_affect affect;
    int distressed;        /* protest, withdrawal or distress seen */
} att_perception;

/* Her state as a policy sees and changes it. */
typedef struct att_care_state {
    att_care_mode mode;
    double mode_time;       /* s in the current mode */
    double arousal;         /* 0-1, frustration / worry */
    double away_time;       /* s the infant has been seen looking away */
    double distress_time;   /* s the infant has been seen distressed */
    double calm_time;       /* s since she last saw the infant distressed */
    int watching;           /* 1 while her wait is the quiet watch that ends a repair,
                               0 while it is for a look-away */
    double repair_due;      /* s of noticing left before she reconnects; <0 when not repairing */
    double repair_strength; /* 0-1, soothing strength of the current repair */
    double repair_delay;    /* s from the distress she saw to her reconnection */
    int responding;         /* 1 if she answers the latest change she perceived */
    double gentle;          /* 0-1, how far her play is toned down (gentling, 4.7): her
                               play's stimulation is play_stimulation * (1 - gentle) */
    att_perception last;    /* previous step's perception */
} att_care_state;

/* A policy type: name, description, defaults and the rule that picks a mode.
 * The rule may change st->mode and must not touch anything else outside
 * the arguments. */
typedef struct att_policy_type {
    const char *name;
    const char *description;
    att_caregiver_params defaults;
    att_care_mode initial;   /* her mode when the policy takes over */
    void (*act)(const att_caregiver_params *p, const att_perception *seen,
                att_care_state *st, double dt, gsl_rng *rng);
    /* The caregiver keys (att_caregiver_param_table names, separated by
     * spaces) that neither her rule nor the modes it can reach read: setting
     * one changes nothing while this policy acts. */
    const char *ignores;
} att_policy_type;

/* Looks a policy up by name; NULL when unknown: not an error (an answer;
 * the caller words the message, with att_suggest over att_policy_at). */
const att_policy_type *att_policy_find(const char *name);
/* The type table, for listing and suggestions; NULL past the end (not an
 * error: the end of the list). */
const att_policy_type *att_policy_at(size_t i);
size_t att_policy_count(void);
/* 1 if the policy's behaviour depends on the caregiver key `key` (a name
 * of att_caregiver_param_table), 0 if she ignores it.  Her perception and
 * her own arousal (perception_delay, perception_noise, frustration,
 * arousal_tau) go on under every policy. */
int att_policy_reads(const att_policy_type *t, const char *key);

typedef struct att_caregiver att_caregiver;

/* Creates a caregiver acting by `type` with parameters `p` (copied), owned by
 * the caller (att_caregiver_free); `dt` and `max_delay` (s) fix the length of
 * her perception buffer.  Returns NULL with `err` (may be NULL) filled:
 * ATT_EINPUT when `type` or `p` is NULL, dt is not > 0, max_delay is not >= 0
 * or max_delay / dt is 1e9 steps or more; ATT_ENOMEM when out of memory. */
att_caregiver *att_caregiver_new(const att_policy_type *type, const att_caregiver_params *p,
                                 double dt, double max_delay, att_error *err);
/* NULL does nothing. */
void att_caregiver_free(att_caregiver *cg);

/* Switches policy and parameters (at a phase boundary).  A longer perception
 * delay than the buffer allows is clipped to the buffer length fixed at _new
 * (the simulation allocates for the longest delay of all phases). */
void att_caregiver_set_policy(att_caregiver *cg, const att_policy_type *type, const att_caregiver_params *p);

/* Replaces her parameters (copied) from the next step on, keeping her
 * policy, mode and timers: a live change (attune run --at, attune serve).
 * Returns ATT_OK, or ATT_EINPUT (nothing changed) when the perception
 * delay is negative or longer than the max_delay given to _new. */
int att_caregiver_set_params(att_caregiver *cg, const att_caregiver_params *p, att_error *err);

/* Starts a new session `interval` seconds after the last: policy and
 * parameters as at _new, her arousal relaxed over the interval
 * (e^(-interval/arousal_tau)) and her gentling too (e^(-interval /
 * ATT_GENTLE_TAU_S)), her perception buffer and timers empty. */
void att_caregiver_new_session(att_caregiver *cg, const att_policy_type *type,
                               const att_caregiver_params *p, double interval);

/* Picks this step's act from what she perceives and fills *sig. */
void att_caregiver_act(att_caregiver *cg, double dt, gsl_rng *rng, att_care_signal *sig);

/* Records what the infant did this step (enters her perception buffer);
 * returns the infant's code, att_infant_code_of(infant), which it judged
 * distress by (the simulation codes the step with it). */
att_infant_code att_caregiver_observe(att_caregiver *cg, const att_infant_state *infant,
                                      gsl_rng *rng);

att_care_mode att_caregiver_mode(const att_caregiver *cg);
double att_caregiver_arousal(const att_caregiver *cg);
const att_policy_type *att_caregiver_policy(const att_caregiver *cg);

/* The signal a mode sends, given parameters and her state (pure).  Each
 * of its four components is in 0-1 when the keys and the state it reads
 * are (play_stimulation, still_stimulation, intrusiveness; gentle,
 * arousal, repair_strength). */
void att_care_mode_signal(att_care_mode m, const att_caregiver_params *p,
                          const att_care_state *st, att_care_signal *sig);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
