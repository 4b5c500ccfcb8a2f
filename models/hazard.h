/* Stochastic onsets by hazard rate, shared by the agents (internal header).
 *
 * An event of hazard h (1/s) happens within a step of dt seconds with
 * probability 1 - exp(-h dt).  Since 1 - exp(-x) < x, a uniform draw
 * u >= h dt is a sure "no" that needs no exp(): the common case, as hazards
 * per step are small.  Each check consumes exactly one uniform draw when its
 * (bound on the) hazard is positive, none otherwise. */
#ifndef ATT_HAZARD_H
#define ATT_HAZARD_H

#include <assert.h>
#include <math.h>
#include <gsl/gsl_rng.h>
#include "base/debug.h"

/* 1 with probability 1 - exp(-h dt). */
static inline int att_happens(double h, double dt, gsl_rng *rng)
{
    att_debug_assert(h >= 0);  /* a hazard is a rate: never negative nor NaN (dt > 0: the caller's) */
    if (h <= 0)
        return 0;
    double u = gsl_rng_uniform(rng), x = h * dt;
    return u < x && u < -expm1(-x);
}

/* Two-stage draw for hazards with a costly factor: att_chance returns the
 * uniform u when an event is possible under the upper bound `most` (else
 * -1); only then is the exact hazard h <= most computed for att_occurs:
 *     double u = att_chance(most, dt, rng);
 *     if (u >= 0 && att_occurs(u, exact_hazard(...), dt)) ...
 * (the `u >= 0 &&` spares computing the hazard).  The outcome is exactly
 * that of att_happens(h). */
static inline double att_chance(double most, double dt, gsl_rng *rng)
{
    att_debug_assert(most >= 0);
    if (most <= 0)
        return -1;
    double u = gsl_rng_uniform(rng);
    return u < most * dt ? u : -1;
}

static inline int att_occurs(double u, double h, double dt)
{
    att_debug_assert(u >= 0 && u < 1);  /* a draw att_chance let through, not its -1 */
    att_debug_assert(h >= 0);
    double x = h * dt;
    return u < x && u < -expm1(-x);
}

/* Upper bounds of hazards (models/infant.c, infant_mech.c) are used only
 * above this: below it they are the exact hazard.  A bound > 0 must mean a
 * hazard > 0, since att_chance draws a uniform only then (as att_happens
 * did on the exact hazard).  The factors a bound leaves out are at least
 * 1 / (1 + greet_smile), 1 / 1.062 (att_exp_above) and -expm1(-dt /
 * 100 s), so no hazard underflows to 0 while its bound is above this. */
#define ATT_BOUND_EXACT_BELOW 1e-200

/* An upper bound of exp(y) as libm computes it, without exp: at most
 * 6.2 % above it.  With y log2(e) = k + r (k whole, 0 <= r < 1), 2^r <=
 * 1 + r (the chord of a convex function); the factor 1 + 1e-9 covers the
 * rounding of y log2(e) (under 2.3e-13 in the exponent for |y| < 700)
 * and exp's own error (under an ulp).  Beyond |y| 700, and for NaN, it
 * is exp(y) itself.  For hazards whose factor is an exp: draw against
 * the bound, compute the exp only when the draw gets through. */
static inline double att_exp_above(double y)
{
    if (!(fabs(y) < 700))
        return exp(y);
    double t = y * 1.4426950408889634;   /* log2(e) */
    long k = (long)t;                    /* truncated: floor below 0 */
    if ((double)k > t)
        k--;
    double r = t - (double)k;            /* exact, 0 <= r < 1 */
    union { unsigned long long u; double d; } two_k = { (unsigned long long)(k + 1023) << 52 };
    return (1.0 + r) * (1.0 + 1e-9) * two_k.d;
}

#endif
