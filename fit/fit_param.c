/* The free parameters of a fit: "SECTION.KEY[=LO:HI]" checked against the
 * scenario (a numeric key some phase reads, bounds inside its range and
 * around the scenario's value), and the map of a bounded value to the real
 * line and back. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/fit.h"
#include "attune/param.h"

double att_fit_to_line(double x, double lo, double hi)
{
    double p = (x - lo) / (hi - lo);
    double u = p <= 0 ? -ATT_FIT_U_MAX : p >= 1 ? ATT_FIT_U_MAX : log(p / (1 - p));
    return u < -ATT_FIT_U_MAX ? -ATT_FIT_U_MAX : u > ATT_FIT_U_MAX ? ATT_FIT_U_MAX : u;
}

double att_fit_from_line(double u, double lo, double hi)
{
    return lo + (hi - lo) / (1 + exp(-u));
}

static int bad(att_error *err, const char *spec, const char *what, const char *a, const char *b)
{
    return att_error_set(err, ATT_EINPUT, "--free %s: %s%s%s%s", spec, what, a ? a : "",
                         b ? b : "", b ? "'?)" : "");
}

/* The key's row in `table`, or an error with a did-you-mean. */
static const att_param *find_key(const att_param *table, size_t n, const char *sec,
                                 const char *key, const char *spec, att_error *err)
{
    const att_param *p = att_param_find(table, n, key);
    if (p)
        return p;
    if (strcmp(key, "policy") == 0 || strcmp(key, "preset") == 0) {
        bad(err, spec, "not a number: only numeric keys can be free", NULL, NULL);
        return NULL;
    }
    const char *names[64];
    size_t m = n < 64 ? n : 64;
    for (size_t i = 0; i < m; i++)
        names[i] = table[i].name;
    const char *near = att_suggest(key, names, m);
    char what[128];
    snprintf(what, sizeof what, "unknown %s key '%s'", sec, key);
    bad(err, spec, what, near ? " (did you mean '" : NULL, near);
    return NULL;
}

/* The phase named `name`, or an error with a did-you-mean. */
static const att_phase *find_phase(const att_scenario *s, const char *name, const char *spec,
                                   att_error *err)
{
    size_t n = att_scenario_phase_count(s);
    const char *names[64];
    for (size_t i = 0; i < n; i++) {
        if (strcmp(att_scenario_phase(s, i)->name, name) == 0)
            return att_scenario_phase(s, i);
        if (i < 64)
            names[i] = att_scenario_phase(s, i)->name;
    }
    const char *near = att_suggest(name, names, n < 64 ? n : 64);
    char what[128];
    snprintf(what, sizeof what, "the scenario has no phase '%s'", name);
    bad(err, spec, what, near ? " (did you mean '" : NULL, near);
    return NULL;
}

/* 1 when `key` is one of a [phase] section's own keys (not a caregiver
 * key it overrides). */
static int phase_own_key(const char *key)
{
    for (size_t i = 0; i < att_scenario_key_count; i++)
        if (strcmp(att_scenario_key_table[i].section, "phase") == 0 &&
            strcmp(att_scenario_key_table[i].name, key) == 0)
            return 1;
    return 0;
}

/* The scenario's value of the key in out->key: *value, or an error. */
static int key_value(const att_scenario *s, const char *spec, att_fit_param *out,
                     const att_param **row, att_error *err)
{
    char text[ATT_FIT_KEY_MAX];
    snprintf(text, sizeof text, "%s", out->key);
    char *dot = strchr(text, '.');
    if (!dot)
        return bad(err, spec, "expected SECTION.KEY[=LO:HI] (e.g. caregiver.wait_time=1:20)",
                   NULL, NULL);
    *dot = '\0';
    const char *sec = text, *key = dot + 1;
    if (strcmp(sec, "infant") == 0) {
        if (!(*row = find_key(att_infant_param_table, att_infant_param_count, sec, key, spec,
                              err)))
            return ATT_EINPUT;
        out->value = att_param_get(*row, att_scenario_infant(s));
        return ATT_OK;
    }
    const att_phase *only = NULL;
    if (strcmp(sec, "phase") == 0) {
        char *kdot = strrchr(dot + 1, '.');
        if (!kdot)
            return bad(err, spec, "expected phase.NAME.KEY (e.g. phase.reunion.repair_latency)",
                       NULL, NULL);
        *kdot = '\0';
        if (!(only = find_phase(s, dot + 1, spec, err)))
            return ATT_EINPUT;
        key = kdot + 1;
        if (phase_own_key(key))
            return bad(err, spec, "a phase's own keys (name, duration, policy) cannot be free: "
                       "its caregiver keys can (attune keys caregiver)", NULL, NULL);
    } else if (strcmp(sec, "caregiver") != 0) {
        return bad(err, spec, "only infant, caregiver and phase.NAME keys can be free", NULL,
                   NULL);
    }
    if (!(*row = find_key(att_caregiver_param_table, att_caregiver_param_count, "caregiver",
                          key, spec, err)))
        return ATT_EINPUT;
    for (size_t i = 0; i < att_scenario_phase_count(s); i++) {
        const att_phase *ph = att_scenario_phase(s, i);
        if ((!only || ph == only) && att_policy_reads(ph->policy, key)) {
            out->value = att_param_get(*row, &ph->params);
            return ATT_OK;
        }
    }
    return bad(err, spec, only ? "the phase's policy ignores this key: it changes nothing"
                               : "no phase's policy reads this key: it changes nothing",
               NULL, NULL);
}

/* "LO:HI" into out->lo, out->hi. */
static int parse_bounds(const char *text, const char *spec, att_fit_param *out, att_error *err)
{
    char lo[64], hi[64];
    const char *colon = strchr(text, ':');
    if (!colon || (size_t)(colon - text) >= sizeof lo || strlen(colon + 1) >= sizeof hi)
        return bad(err, spec, "expected bounds LO:HI after '='", NULL, NULL);
    memcpy(lo, text, (size_t)(colon - text));
    lo[colon - text] = '\0';
    snprintf(hi, sizeof hi, "%s", colon + 1);
    int rc = att_parse_double(lo, &out->lo);
    if (rc == 0)
        rc = att_parse_double(hi, &out->hi);
    if (rc != 0)
        return att_error_set(err, ATT_EINPUT, "--free %s: bound %s", spec,
                             att_number_problem(rc));
    return ATT_OK;
}

int att_fit_param_parse(const att_scenario *s, const char *spec, att_fit_param *out,
                        att_error *err)
{
    memset(out, 0, sizeof *out);
    const char *eq = strchr(spec, '=');
    size_t klen = eq ? (size_t)(eq - spec) : strlen(spec);
    if (klen == 0 || klen >= sizeof out->key)
        return bad(err, spec, "expected SECTION.KEY[=LO:HI] (e.g. caregiver.wait_time=1:20)",
                   NULL, NULL);
    memcpy(out->key, spec, klen);
    const att_param *row = NULL;
    if (key_value(s, spec, out, &row, err) != ATT_OK)
        return err->code;
    out->lo = row->min;
    out->hi = row->max;
    if (eq && parse_bounds(eq + 1, spec, out, err) != ATT_OK)
        return err->code;
    char range[96];
    snprintf(range, sizeof range, "[%g, %g]", row->min, row->max);
    if (!(out->lo < out->hi))
        return att_error_set(err, ATT_EINPUT, "--free %s: bounds reversed or equal (LO < HI)",
                             spec);
    if (out->lo < row->min || out->hi > row->max)
        return att_error_set(err, ATT_EINPUT, "--free %s: bounds outside the key's range %s",
                             spec, range);
    if (out->value < out->lo || out->value > out->hi)
        return att_error_set(err, ATT_EINPUT, "--free %s: bounds exclude the scenario's value "
                             "%.10g", spec, out->value);
    return ATT_OK;
}
