/* The infant's slow behavioural state (alertness, engagement; issue 18
 * item 1), internal header: a standardised Ornstein-Uhlenbeck process z
 * (mean 0, SD 1, time constant state_tau), drawn afresh from its
 * stationary distribution at the first step of every session and carried
 * across its phases, and its factors on the hazards of gaze and smiling.
 * docs/MODEL.md 2.10 gives the rule and why.  Pure pieces, defined here
 * as static inline: models/infant.c calls them every step, and a call to
 * another file would spill the step's registers (issue 19). */
#ifndef ATT_INFANT_STATE_H
#define ATT_INFANT_STATE_H

#include <assert.h>
#include <math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "models/hazard.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* A draw from the stationary distribution of z, N(0, 1): one Gaussian
 * draw from `rng` (the dyad's own stream). */
static inline double att_infant_state_draw(gsl_rng *rng)
{
    att_debug_assert(rng);
    return gsl_ran_gaussian_ziggurat(rng, 1.0);
}

/* The SD of the update's noise for a step whose decay is `decay` =
 * exp(-dt / state_tau): sqrt(1 - decay^2).  0 <= decay <= 1. */
static inline double att_infant_state_spread(double decay)
{
    assert(decay >= 0 && decay <= 1);
    return sqrt(1.0 - decay * decay);
}

/* z after a step of dt, given decay = exp(-dt / state_tau), its spread
 * att_infant_state_spread(decay) (both constant while dt is: cached) and a
 * standard normal xi: the exact OU update
 *     z' = z decay + sqrt(1 - decay^2) xi,
 * which keeps N(0, 1) stationary for any dt. */
static inline double att_infant_state_next(double z, double decay, double spread, double xi)
{
    return z * decay + spread * xi;
}

/* The factor on a hazard the state moves with log-gain `gain`:
 *     exp(gain z + gain^2 / 2)
 * gain > 0 for the hazards alertness raises (looking back, smiling),
 * gain < 0 for those it lowers (looking away, a smile fading).  The
 * gain^2 / 2 makes the mean of 1 / factor over N(0, 1) exactly 1: the
 * mean time to the event over the population of states is that of the
 * key.  Exactly 1 when gain is 0; always positive. */
static inline double att_infant_state_factor(double z, double gain)
{
    return gain == 0 ? 1.0 : exp(gain * z + 0.5 * gain * gain);
}

/* An upper bound of att_infant_state_factor(z, gain), at most 6.2 % above
 * it, without its exp (att_exp_above, models/hazard.h): the hazards it
 * moves are drawn against it first.  Exactly 1 when gain is 0. */
static inline double att_infant_state_factor_above(double z, double gain)
{
    return gain == 0 ? 1.0 : att_exp_above(gain * z + 0.5 * gain * gain);
}

#pragma GCC visibility pop

#endif
