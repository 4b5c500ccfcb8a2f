/* The infant's look build-up and slow variables (models/infant_mech.h):
 * mechanisms of issue 18 for a calm play rhythm, an intrusive escalation
 * and an upset that builds and carries over, kept apart from models/infant.c so that each is tested alone
 * (tests/lib/test_infant_mech.c). */
#include <assert.h>
#include <math.h>
#include "models/infant_mech.h"

double att_infant_look_factor(double look_time, double look_build)
{
    assert(look_time >= 0 && look_build >= 0);
    return look_build > 0 ? -expm1(-look_time / look_build) : 1.0;
}

double att_infant_relax(double e, double target, double decay)
{
    assert(decay >= 0 && decay <= 1);
    return target + (e - target) * decay;
}
