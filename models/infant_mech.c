/* The infant's look build-up and irritation (models/infant_mech.h):
 * mechanisms of issue 18 for a calm play rhythm and an intrusive
 * escalation, kept apart from models/infant.c so that each is tested alone
 * (tests/lib/test_infant_mech.c). */
#include <assert.h>
#include <math.h>
#include "models/infant_mech.h"

double att_infant_look_factor(double look_time, double look_build)
{
    assert(look_time >= 0 && look_build >= 0);
    return look_build > 0 ? -expm1(-look_time / look_build) : 1.0;
}

double att_infant_irritation_next(double e, double intrusion, double decay)
{
    assert(decay >= 0 && decay <= 1);
    return intrusion + (e - intrusion) * decay;
}
