/* The infant's slow behavioural state (issue 18 item 1; docs/MODEL.md
 * 2.10): the OU process of alertness z and its factors on hazards.  Pure
 * pieces; models/infant.c keeps z, draws it at a session's first step and
 * moves it each step. */
#include <assert.h>
#include <math.h>
#include <gsl/gsl_randist.h>
#include "models/hazard.h"
#include "models/infant_state.h"

double att_infant_state_draw(gsl_rng *rng)
{
    assert(rng);
    return gsl_ran_gaussian_ziggurat(rng, 1.0);
}

double att_infant_state_next(double z, double decay, double xi)
{
    assert(decay >= 0 && decay <= 1);
    return z * decay + sqrt(1.0 - decay * decay) * xi;
}

double att_infant_state_factor(double z, double gain)
{
    return gain == 0 ? 1.0 : exp(gain * z + 0.5 * gain * gain);
}

double att_infant_state_factor_above(double z, double gain)
{
    return gain == 0 ? 1.0 : att_exp_above(gain * z + 0.5 * gain * gain);
}
