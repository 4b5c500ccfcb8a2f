/* The infant population of `attune validate` and the calibration: which
 * infant keys are drawn per infant and how widely (docs/MODEL.md section
 * 9), written as scenario overrides (include/attune/infant.h). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/infant.h"
#include "attune/param.h"

const att_spread att_infant_population[] = {
    { "arousal_baseline", 'n', 0.10 },
    { "stim_gain", 'l', 0.60 },
    { "contingency_gain", 'l', 0.60 },
    { "positive_rate", 'l', 0.70 },
    { "positive_loss_rate", 'l', 0.50 },
    { "negative_threshold", 'n', 0.08 },
    { "return_rate", 'l', 0.30 },
    { "bid_rate", 'l', 0.30 },
    { "avert_rate", 'l', 0.30 },
    { "avert_threshold", 'n', 0.06 },
    { "reactivity", 'l', 0.25 },
    { "age_months", 'n', 0.5 },
    { "soothability", 'l', 0.25 },
    { "distress_prone", 'b', 0.07 },
};
const size_t att_infant_population_count = sizeof att_infant_population / sizeof att_infant_population[0];

int att_infant_population_set_scaled(size_t i, const att_infant_params *p, double scale,
                                     char *buf, size_t size, att_error *err)
{
    assert(scale >= 0);
    if (i >= att_infant_population_count)
        return att_error_set(err, ATT_EINPUT, "infant population: entry %zu of %zu does not exist",
                             i, att_infant_population_count);
    const att_spread *sp = &att_infant_population[i];
    const att_param *row = att_param_find(att_infant_param_table, att_infant_param_count, sp->key);
    if (!row)
        return att_error_set(err, ATT_EINTERNAL, "infant population: no parameter infant.%s",
                             sp->key);
    double centre = att_param_get(row, p), s = sp->spread * scale;
    int n;
    if (sp->kind == 'b') {
        /* A trait: drawn with the entry's chance around a centre of 0, with
         * the centre's own when a scenario gave one (its bernoulli(P) loads
         * as P); fixed when there is nothing to draw. */
        double chance = centre > 0 ? centre : s;
        n = scale == 0 || chance >= 1 || chance <= 0
            ? snprintf(buf, size, "infant.%s=%.10g", sp->key, scale == 0 ? centre
                       : chance >= 1 ? 1.0 : 0.0)
            : snprintf(buf, size, "infant.%s=bernoulli(%.10g)", sp->key, chance);
    } else {
        n = scale == 0 || (centre <= 0 && sp->kind == 'l')   /* no lognormal around 0 */
            ? snprintf(buf, size, "infant.%s=%.10g", sp->key, centre)
            : sp->kind == 'l'
            ? snprintf(buf, size, "infant.%s=lognormal(%.10g, %.10g)", sp->key, log(centre), s)
            : snprintf(buf, size, "infant.%s=normal(%.10g, %.10g)", sp->key, centre, s);
    }
    if (n < 0 || (size_t)n >= size)
        return att_error_set(err, ATT_EINPUT,
                             "infant population: a buffer of %zu bytes is too small for infant.%s",
                             size, sp->key);
    return ATT_OK;
}

const att_spread *att_infant_population_trait(const char *key, size_t len)
{
    for (size_t i = 0; i < att_infant_population_count; i++) {
        const att_spread *e = &att_infant_population[i];
        if (e->kind == 'b' && strlen(e->key) == len && strncmp(key, e->key, len) == 0)
            return e;
    }
    return NULL;
}

int att_infant_population_set(size_t i, const att_infant_params *p, char *buf, size_t size,
                              att_error *err)
{
    return att_infant_population_set_scaled(i, p, 1, buf, size, err);
}
