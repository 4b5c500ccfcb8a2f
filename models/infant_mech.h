/* Small pure pieces of the infant's dynamics that issue 18 added (internal
 * header): the build-up of a look (attention cycle), and the relaxation
 * of the slow variables irritation and upset.  docs/MODEL.md 2.5 and 2.7 give the rules.
 * att_infant_relax and att_infant_threat, called every step, are static
 * inline here rather than in models/infant_mech.c (issue 19: no call to
 * another file, whose registers the step would spill). */
#ifndef ATT_INFANT_MECH_H
#define ATT_INFANT_MECH_H

#include <assert.h>
#include "attune/infant.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* The factor on the (calm and arousal-driven) hazard of looking away,
 * `look_time` s after gaze came back to her: 1 - exp(-look_time /
 * look_build); 1 when look_build is 0 (no build-up).  0 <= result <= 1. */
double att_infant_look_factor(double look_time, double look_build);

/* A slow variable after a step in which its target was held: the exact
 * solution of dE/dt = (target - E) / tau, with decay = exp(-dt / tau)
 * (irritation: target her intrusion, tau irritation_tau; upset: target 1
 * while negative, else 0, tau upset_tau).  Stays in 0-1 when E, target and
 * decay are (decay in 0-1: the caller's to check, once, where it computes
 * it; this runs several times a step). */
static inline double att_infant_relax(double e, double target, double decay)
{
    return target + (e - target) * decay;
}

/* Upset after a step in which she soothed (docs/MODEL.md 2.6): the exact
 * solution of dU/dt = (negative - U) / tau - discharge * U, negative 1
 * while the affect is negative, else 0, and discharge (1/s) the rate at
 * which her soothing discharges upset (upset_soothe_rate times her
 * soothing).  With discharge 0 it is att_infant_relax with decay
 * exp(-dt / tau).  tau > 0, discharge >= 0, dt > 0; stays in 0-1 when
 * upset and negative are. */
double att_infant_upset_soothed(double upset, double negative, double tau, double discharge,
                                double dt);

/* The age the other infant keys describe (months): the age factors are 1
 * there. */
#define ATT_INFANT_AGE_REF 4.0

/* A key's factor at `age_months` when it changes by `per_month` with each
 * month of age: per_month^(age_months - ATT_INFANT_AGE_REF) (docs/MODEL.md
 * 2.9).  per_month > 0; 1 at the reference age or when per_month is 1. */
double att_infant_age_factor(double age_months, double per_month);

/* The factor on the arousal drive of lost contingency while the infant
 * still hopes (hope 0-1): 1 - hope_buffer * hope (docs/MODEL.md 2.3).
 * In [1 - hope_buffer, 1] (hope is checked where it is computed, the key
 * where it is set). */
static inline double att_infant_threat(double hope, double hope_buffer)
{
    return 1.0 - hope_buffer * hope;
}

/* The hazard (1/s) of leaving withdrawal (docs/MODEL.md 2.7):
 *     (withdraw_exit_rate * (1 - loss) + withdraw_recover_rate) * trust_factor
 * where loss is the felt contingency loss L and trust_factor 1 -
 * trust_neutral + T.  Never negative for arguments in range. */
double att_infant_withdraw_exit(double exit_rate, double recover_rate, double loss,
                                double trust_factor);

/* The factor a distress-prone infant's rate is multiplied by (docs/MODEL.md
 * 2.12): gain to the power `prone` (0-1), so exactly 1 when prone is 0 and
 * exactly gain when it is 1.  Positive for gain > 0. */
double att_infant_prone_factor(double gain, double prone);

/* The factor on calm_rate while she soothes at strength `soothe` (0-1):
 * 1 + (soothability - 1) * soothe (docs/MODEL.md 2.9): 1 when she does not
 * soothe or soothability is 1, soothability when she soothes fully.
 * Positive for soothability > 0. */
double att_infant_soothed(double soothability, double soothe);

/* The factor on the hazard of smiling `look_time` s into a look at her
 * (greeting smile, docs/MODEL.md 2.6): 1 + greet_smile * exp(-look_time /
 * tau); exactly 1 when greet_smile is 0.  tau > 0; at least 1. */
double att_infant_greet_factor(double look_time, double greet_smile, double tau);

/* The hazard (1/s) of a smile from a neutral face while looking at her
 * (docs/MODEL.md 2.6): `rate` (positive_rate, times her contingency while
 * she plays) times the greeting factor (`look_time` s into the look), the
 * alertness factor (state z, 2.10) and the refractory factor (`smile_gap`
 * s since the last smile), multiplied in that order. */
double att_infant_smile_hazard(const att_infant_params *p, double rate, double z,
                               double look_time, double smile_gap);

/* An upper bound of att_infant_smile_hazard without its exps and expm1
 * (the hazard is drawn against it first: att_chance): the greeting
 * factor at most 1 + greet_smile, the alertness factor at most
 * att_infant_state_factor_above, the refractory factor at most 1.  Exactly
 * 0 where the hazard is (smile_gap 0 with smile_refractory > 0), so that
 * a uniform is drawn exactly when one was for the exact hazard; the exact
 * hazard itself below ATT_BOUND_EXACT_BELOW (models/hazard.h). */
double att_infant_smile_bound(const att_infant_params *p, double rate, double z,
                              double look_time, double smile_gap);

/* The hazard (1/s) of a smile fading (2.6): positive_loss_rate times the
 * alertness factor (gain -state_smile) times the build-up of its fading
 * (`smile_time` s into the smile) times `held` (positive_loss_factor when
 * neither play nor a bid holds it, else 1). */
double att_infant_fade_hazard(const att_infant_params *p, double z, double smile_time,
                              double held);

/* An upper bound of att_infant_fade_hazard for smile_time > 0, without its
 * exp and expm1: positive_loss_rate * att_infant_state_factor_above(z,
 * -state_smile) * held (the build-up factor is at most 1, and above 0 as
 * smile_time is).  Below ATT_BOUND_EXACT_BELOW, the hazard itself. */
double att_infant_fade_bound(const att_infant_params *p, double z, double smile_time,
                             double held);

/* The negative-affect threshold lifted by adaptation (docs/MODEL.md 2.11):
 * threshold + adaptation * adapted * (1 - threshold), where adapted (0-1)
 * is the arousal the infant has adapted to; exactly `threshold` when
 * adaptation is 0.  In [threshold, 1] for arguments in 0-1. */
double att_infant_adapted_threshold(double threshold, double adaptation, double adapted);

#pragma GCC visibility pop

#endif
