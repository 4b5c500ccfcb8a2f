/* The infant's look build-up, slow variables, age factors, hope's hold on
 * the threat of lost contingency and the exit from withdrawal
 * (models/infant_mech.h): mechanisms of issue 18, kept apart from
 * models/infant.c so that each is tested alone (tests/lib/test_infant_mech.c,
 * tests/lib/test_infant_temper.c). */
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

double att_infant_age_factor(double age_months, double per_month)
{
    assert(per_month > 0);
    return per_month == 1 ? 1.0 : pow(per_month, age_months - ATT_INFANT_AGE_REF);
}

double att_infant_threat(double hope, double hope_buffer)
{
    assert(hope >= 0 && hope <= 1 && hope_buffer >= 0 && hope_buffer <= 1);
    return 1.0 - hope_buffer * hope;
}

double att_infant_withdraw_exit(double exit_rate, double recover_rate, double loss,
                                double trust_factor)
{
    assert(loss >= 0 && loss <= 1 && trust_factor >= 0);
    return (exit_rate * (1.0 - loss) + recover_rate) * trust_factor;
}

double att_infant_soothed(double soothability, double soothe)
{
    assert(soothability > 0);
    soothe = soothe < 0 ? 0 : soothe > 1 ? 1 : soothe;
    return 1.0 + (soothability - 1.0) * soothe;
}

double att_infant_greet_factor(double look_time, double greet_smile, double tau)
{
    assert(look_time >= 0 && greet_smile >= 0 && tau > 0);
    return greet_smile > 0 ? 1.0 + greet_smile * exp(-look_time / tau) : 1.0;
}
