/* Moving the model's centre by a factor (validate --scale and
 * --sensitivity): parameter names, the overrides that scale a loaded
 * scenario's infant and mother, and the reference value the sensitivity
 * table shows (include/attune/validate.h, section 4). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/param.h"
#include "attune/scenario.h"
#include "attune/validate.h"

/* The infant's mechanism keys, after the keys its population varies
 * (which since session 20 include soothability): the keys of the
 * regulation, distress, protest, hope and age mechanisms the adopted model rests on
 * (docs/MODEL.md 2.5-2.11 and 4.7), which the population holds fixed but
 * a conclusion may still lean on (issue 18, part 6). */
static const char *const infant_mechanism[] = {
    "calm_rate", "calm_adaptation", "negative_rate", "distress_threshold",
    "frustration_rate", "arousal_adaptation", "unanswered_avert_rate", "upset_negative_rate",
    "upset_threshold_share", "upset_shift", "upset_tau", "hope_wariness", "hope_tau",
    "state_gaze", "look_build",
    /* added in session 21 (the audit of session 20): the escalation
     * with the intrusive mother, hope's buffer, age's two effects and the
     * slow state's hold on smiling */
    "push_threshold", "irritation_threshold", "irritation_tau", "protest_rate", "hope_buffer",
    "age_gaze", "age_regulation", "state_smile",
    /* added in session 22: the readiness to protest (2.7) */
    "protest_futility", "futility_tau",
    /* added in session 29: the distress-prone minority's two gains (2.12),
     * and the softness of every arousal threshold, moved by hand in
     * session 28 (2.3) */
    "prone_negative_gain", "prone_calm_gain", "arousal_width",
};
enum { NMECH = sizeof infant_mechanism / sizeof infant_mechanism[0] };

/* The caregiver's main keys, after the infant's. */
static const char *const caregiver_main[] = {
    "wait_time", "intrusiveness", "responsiveness", "perception_delay", "repair_latency",
    "play_stimulation", "gentling",
};
enum { NCARE = sizeof caregiver_main / sizeof caregiver_main[0] };

/* The population's keys a factor can move: not its traits ('b', drawn
 * around a centre of 0, which a factor leaves at 0; their chance is a
 * spread, like the log-SDs, which the table does not vary). */
static size_t scaled_population_count(void)
{
    size_t n = 0;
    for (size_t i = 0; i < att_infant_population_count; i++)
        n += att_infant_population[i].kind != 'b';
    return n;
}

/* The i-th of them (i < scaled_population_count()). */
static const char *scaled_population_key(size_t i)
{
    for (size_t k = 0; k < att_infant_population_count; k++)
        if (att_infant_population[k].kind != 'b' && i-- == 0)
            return att_infant_population[k].key;
    return NULL;
}

size_t att_vsens_default_count(void)
{
    return scaled_population_count() + NMECH + NCARE;
}

const char *att_vsens_default_key(size_t i, char *buf, size_t size)
{
    size_t np = scaled_population_count();
    int n;
    if (i < np)
        n = snprintf(buf, size, "infant.%s", scaled_population_key(i));
    else if (i < np + NMECH)
        n = snprintf(buf, size, "infant.%s", infant_mechanism[i - np]);
    else if (i < np + NMECH + NCARE)
        n = snprintf(buf, size, "caregiver.%s", caregiver_main[i - np - NMECH]);
    else
        return NULL;
    return n < 0 || (size_t)n >= size ? NULL : buf;
}

/* The row of a full key "infant.KEY" or "caregiver.KEY"; *caregiver says
 * which table.  NULL when there is none. */
static const att_param *key_row(const char *key, int *caregiver)
{
    if (strncmp(key, "infant.", 7) == 0) {
        *caregiver = 0;
        return att_param_find(att_infant_param_table, att_infant_param_count, key + 7);
    }
    if (strncmp(key, "caregiver.", 10) == 0) {
        *caregiver = 1;
        return att_param_find(att_caregiver_param_table, att_caregiver_param_count, key + 10);
    }
    return NULL;
}

/* The nearest "SECTION.KEY" of both tables to `name` (a full name, or a
 * bare key compared with the bare keys), or NULL; all and cands have room
 * for every key of both tables. */
static const char *nearest_key(const char *name, char (*all)[64], const char **cands)
{
    size_t n = 0, ni = att_infant_param_count;
    for (size_t i = 0; i < ni + att_caregiver_param_count; i++) {
        const char *key = i < ni ? att_infant_param_table[i].name
                                 : att_caregiver_param_table[i - ni].name;
        snprintf(all[n], 64, "%s.%s", i < ni ? "infant" : "caregiver", key);
        cands[n] = strchr(name, '.') ? all[n] : key;
        n++;
    }
    const char *near = att_suggest(name, cands, n);
    for (size_t i = 0; near && i < n; i++)
        if (cands[i] == near)
            return all[i];
    return NULL;
}

static int unknown_key(const char *name, att_error *err)
{
    size_t n = att_infant_param_count + att_caregiver_param_count;
    char (*all)[64] = calloc(n, sizeof *all);
    const char **cands = calloc(n, sizeof *cands);
    const char *near = all && cands ? nearest_key(name, all, cands) : NULL;
    if (near)
        att_error_set(err, ATT_EINPUT, "unknown parameter '%s' (did you mean '%s'?)", name,
                      near);
    else
        att_error_set(err, ATT_EINPUT, "unknown parameter '%s' (a key of [infant] or "
                      "[caregiver], see 'attune keys')", name);
    free(all);
    free(cands);
    return ATT_EINPUT;
}

int att_vscale_key(const char *name, char *full, size_t size, att_error *err)
{
    int care, n;
    if (strchr(name, '.')) {
        if (!key_row(name, &care))
            return unknown_key(name, err);
        n = snprintf(full, size, "%s", name);
    } else {
        int in_infant = att_param_find(att_infant_param_table, att_infant_param_count, name) != NULL;
        int in_care = att_param_find(att_caregiver_param_table, att_caregiver_param_count,
                                     name) != NULL;
        if (in_infant && in_care)
            return att_error_set(err, ATT_EINPUT, "parameter '%s' is both infant.%s and "
                                 "caregiver.%s: name one", name, name, name);
        if (!in_infant && !in_care)
            return unknown_key(name, err);
        n = snprintf(full, size, "%s.%s", in_infant ? "infant" : "caregiver", name);
    }
    if (n < 0 || (size_t)n >= size)
        return att_error_set(err, ATT_EINPUT, "parameter '%.100s': name too long", name);
    const att_spread *trait = strncmp(full, "infant.", 7) == 0
                              ? att_infant_population_trait(full + 7, strlen(full + 7)) : NULL;
    if (trait)
        return att_error_set(err, ATT_EINPUT, "%s is a trait the infant population draws "
                             "(chance %g) around a centre of 0, which a factor leaves at 0; "
                             "its chance is a spread, which a factor does not move",
                             full, trait->spread);
    return ATT_OK;
}

/* factor x value, cut at the row's range (counted in *cut). */
static double scaled(const att_param *row, double value, double factor, long *cut)
{
    double v = factor * value;
    if (v < row->min || v > row->max) {
        v = v < row->min ? row->min : row->max;
        if (cut)
            ++*cut;
    }
    return v;
}

double att_vscale_reference(const char *key, double factor, int *cut)
{
    int care = 0;
    const att_param *row = key_row(key, &care);
    if (cut)
        *cut = 0;
    if (!row)
        return NAN;
    att_infant_params ip;
    att_infant_params_default(&ip);
    const att_policy_type *mother = att_policy_find("patient");
    if (care && !att_policy_reads(mother, row->name))
        mother = att_policy_find("intrusive");   /* intrusiveness: hers */
    double centre = care ? att_param_get(row, &mother->defaults) : att_param_get(row, &ip);
    long n = 0;
    double v = scaled(row, centre, factor, &n);
    if (cut)
        *cut = n > 0;
    return v;
}

/* The overrides of one change, appended to out[*n..); room for 1 +
 * phases entries is there. */
static int one_change(const att_scenario *s, const att_vscale *sc,
                      char (*out)[ATT_VSCALE_SET_MAX], size_t *n, long *cut, att_error *err)
{
    int care = 0;
    const att_param *row = key_row(sc->key, &care);
    if (!row)
        return unknown_key(sc->key, err);
    if (!(sc->factor > 0) || !isfinite(sc->factor))
        return att_error_set(err, ATT_EINPUT, "%s: factor %g must be a positive number",
                             sc->key, sc->factor);
    if (!care) {
        double v = scaled(row, att_param_get(row, att_scenario_infant(s)), sc->factor, cut);
        snprintf(out[(*n)++], ATT_VSCALE_SET_MAX, "%s=%.17g", sc->key, v);
        return ATT_OK;
    }
    for (size_t i = 0; i < att_scenario_phase_count(s); i++) {
        const att_phase *ph = att_scenario_phase(s, i);
        if (!att_policy_reads(ph->policy, row->name))
            continue;
        double v = scaled(row, att_param_get(row, &ph->params), sc->factor, cut);
        snprintf(out[(*n)++], ATT_VSCALE_SET_MAX, "phase.%s.%s=%.17g", ph->name, row->name, v);
    }
    return ATT_OK;
}

int att_vscale_sets(const att_scenario *s, const att_vscale *sc, size_t n,
                    char (**sets)[ATT_VSCALE_SET_MAX], size_t *nsets, long *cut,
                    att_error *err)
{
    *sets = NULL;
    *nsets = 0;
    if (n == 0)
        return ATT_OK;
    char (*out)[ATT_VSCALE_SET_MAX] = malloc(n * (att_scenario_phase_count(s) + 1) * sizeof *out);
    if (!out)
        return att_error_nomem(err);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = one_change(s, &sc[i], out, &k, cut, err);
        if (rc != ATT_OK) {
            free(out);
            return rc;
        }
    }
    if (k == 0) {
        free(out);
        out = NULL;
    }
    *sets = out;
    *nsets = k;
    return ATT_OK;
}
