/* The infant's look build-up, slow variables, age factors, hope's hold on
 * the threat of lost contingency and the exit from withdrawal
 * (models/infant_mech.h): mechanisms of issue 18, kept apart from
 * models/infant.c so that each is tested alone (tests/lib/test_infant_mech.c,
 * tests/lib/test_infant_temper.c). */
#include <assert.h>
#include <math.h>
#include "base/debug.h"
#include "models/hazard.h"
#include "models/infant_mech.h"
#include "models/infant_state.h"

double att_infant_look_factor(double look_time, double look_build)
{
    att_debug_assert(look_time >= 0 && look_build >= 0);
    return look_build > 0 ? -expm1(-look_time / look_build) : 1.0;
}

double att_infant_upset_soothed(double upset, double negative, double tau, double discharge,
                                double dt)
{
    att_debug_assert(tau > 0 && discharge >= 0 && dt > 0);
    double rate = 1.0 / tau + discharge;
    double to = negative / tau / rate;  /* where it would settle */
    return to + (upset - to) * exp(-rate * dt);
}

double att_infant_age_factor(double age_months, double per_month)
{
    assert(per_month > 0);
    return per_month == 1 ? 1.0 : pow(per_month, age_months - ATT_INFANT_AGE_REF);
}

double att_infant_withdraw_exit(double exit_rate, double recover_rate, double loss,
                                double trust_factor)
{
    att_debug_assert(loss >= 0 && loss <= 1 && trust_factor >= 0);
    return (exit_rate * (1.0 - loss) + recover_rate) * trust_factor;
}

double att_infant_prone_factor(double gain, double prone)
{
    assert(gain > 0 && prone >= 0 && prone <= 1);
    return prone == 0 ? 1.0 : prone == 1 ? gain : pow(gain, prone);
}

double att_infant_soothed(double soothability, double soothe)
{
    att_debug_assert(soothability > 0);
    soothe = soothe < 0 ? 0 : soothe > 1 ? 1 : soothe;
    return 1.0 + (soothability - 1.0) * soothe;
}

double att_infant_greet_factor(double look_time, double greet_smile, double tau)
{
    att_debug_assert(look_time >= 0 && greet_smile >= 0 && tau > 0);
    return greet_smile > 0 ? 1.0 + greet_smile * exp(-look_time / tau) : 1.0;
}

double att_infant_smile_hazard(const att_infant_params *p, double rate, double z,
                               double look_time, double smile_gap)
{
    return rate * att_infant_greet_factor(look_time, p->greet_smile, p->greet_smile_tau)
                * att_infant_state_factor(z, p->state_smile)
                * att_infant_look_factor(smile_gap, p->smile_refractory);
}

double att_infant_smile_bound(const att_infant_params *p, double rate, double z,
                              double look_time, double smile_gap)
{
    if (smile_gap <= 0 && p->smile_refractory > 0)
        return 0;  /* the refractory factor, so the hazard, is exactly 0 */
    double most = rate * (1.0 + p->greet_smile) * att_infant_state_factor_above(z, p->state_smile);
    return most > ATT_BOUND_EXACT_BELOW ? most
         : att_infant_smile_hazard(p, rate, z, look_time, smile_gap);
}

double att_infant_fade_hazard(const att_infant_params *p, double z, double smile_time, double held)
{
    return p->positive_loss_rate * att_infant_state_factor(z, -p->state_smile)
         * att_infant_look_factor(smile_time, p->smile_build) * held;
}

double att_infant_fade_bound(const att_infant_params *p, double z, double smile_time,
                             double held)
{
    double most = p->positive_loss_rate * att_infant_state_factor_above(z, -p->state_smile) * held;
    return most > ATT_BOUND_EXACT_BELOW ? most : att_infant_fade_hazard(p, z, smile_time, held);
}

double att_infant_adapted_threshold(double threshold, double adaptation, double adapted)
{
    return adaptation > 0 ? threshold + adaptation * adapted * (1.0 - threshold) : threshold;
}
