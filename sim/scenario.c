/* Scenarios (scenario.h): the object, its defaults, copies, the resolved
 * phases, the accessors, and att_scenario_load, which runs the steps the
 * other scenario_*.c files provide: read the file (scenario_ini.c), apply
 * each key (scenario_keys.c) and --set (scenario_set.c), resolve, warn
 * (scenario_warn.c) and build the conditions (experiment.c). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "base/grow.h"
#include "base/sha256.h"
#include "sim/scenario_int.h"

/* ---- building ---- */

static void default_name(att_scenario *s)
{
    const char *base = strrchr(s->path, '/');
    base = base ? base + 1 : s->path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (n >= ATT_NAME_MAX)
        n = ATT_NAME_MAX - 1;
    memcpy(s->name, base, n);
    s->name[n] = '\0';
}

/* An empty scenario holding every default.  NULL when out of memory. */
att_scenario *att_scn_new(const char *path)
{
    att_scenario *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->path = strdup(path);
    s->match_table = strdup("attuned");
    s->infant_from = calloc(att_infant_param_count + 1, sizeof *s->infant_from);
    if (!s->path || !s->match_table || !s->infant_from || att_scn_layer_init(&s->caregiver)) {
        att_scenario_free(s);
        return NULL;
    }
    default_name(s);
    s->dt = att_scenario_key_table[SK_DT].def;
    s->seed = (unsigned long)att_scenario_key_table[SK_SEED].def;
    s->sessions = (long)att_scenario_key_table[SK_SESSIONS].def;
    s->interval = att_scenario_key_table[SK_INTERVAL].def;
    s->replicates = (long)att_scenario_key_table[BK_REPLICATES].def;
    s->rng = gsl_rng_taus2;
    att_infant_params_default(&s->infant);
    s->caregiver.policy = att_policy_find("patient");
    return s;
}
/* ---- resolving ---- */

/* Policy defaults, then [caregiver], then the phase's own keys. */
void att_scn_resolve_params(const att_scenario *s, struct phase_spec *ph)
{
    const att_policy_type *pol = ph->layer.policy_from ? ph->layer.policy : s->caregiver.policy;
    ph->pub.policy = pol;
    ph->pub.params = pol->defaults;
    for (size_t i = 0; i < att_caregiver_param_count; i++) {
        const att_param *row = &att_caregiver_param_table[i];
        if (s->caregiver.from[i])
            att_param_put(row, &ph->pub.params, att_param_get(row, &s->caregiver.values));
        if (ph->layer.from[i])
            att_param_put(row, &ph->pub.params, att_param_get(row, &ph->layer.values));
    }
}

/* Checks that the phase is a whole number of steps.  A mismatch is blamed
 * on the phase's duration, unless only dt came from --set. */
static int phase_steps(struct loader *ld, struct phase_spec *ph)
{
    const att_scenario *s = ld->s;
    double d = ph->pub.duration, dt = s->dt;
    int dt_by_condition = ld->in_condition && s->header_line[SEC_CONDITION]
                          && s->from[SK_DT] > s->header_line[SEC_CONDITION];
    origin blame = (s->from[SK_DT] < 0 && ph->duration_from >= 0) || dt_by_condition
                 ? s->from[SK_DT] : ph->duration_from;
    char what[ATT_NAME_MAX + 16] = "";
    if (ph->header_line)
        snprintf(what, sizeof what, "phase '%s': ", ph->pub.name);
    if (d / dt > MAX_PHASE_STEPS)
        return att_scn_fail(ld, blame, "%sduration = %g s is more than %g steps of dt = %g s",
                    what, d, MAX_PHASE_STEPS, dt);
    long long n = llround(d / dt);
    if (n < 1)
        return att_scn_fail(ld, blame, "%sduration = %g s is shorter than one step (dt = %g s)",
                    what, d, dt);
    if (fabs((double)n * dt - d) > 1e-9 * fmax(1, d))
        return att_scn_fail(ld, blame, "%sduration = %g s is not a whole number of steps of dt = %g s",
                    what, d, dt);
    ph->pub.steps = (long)n;
    return 0;
}

int att_scn_finalize(struct loader *ld)
{
    att_scenario *s = ld->s;
    if (!s->caregiver.policy)
        return att_error_set(ld->err, ATT_EINTERNAL, "no 'patient' policy in the policy table");
    if (s->phases[0].header_line == 0) {
        if (!s->from[SK_DURATION])
            return att_scn_fail(ld, 0, "no duration: set duration = SECONDS in [scenario], or "
                        "describe the session as [phase] sections");
        s->phases[0].pub.duration = s->duration;
        s->phases[0].duration_from = s->from[SK_DURATION];
    } else {
        double sum = 0;
        for (size_t i = 0; i < s->nphases; i++)
            sum += s->phases[i].pub.duration;
        if (s->from[SK_DURATION] && fabs(s->duration - sum) > 1e-9 * fmax(1, sum))
            return att_scn_fail(ld, s->from[SK_DURATION], "duration = %g s does not match the phases, "
                        "which add up to %g s (leave it out or make them agree)",
                        s->duration, sum);
        s->duration = sum;
    }
    s->steps = 0;
    for (size_t i = 0; i < s->nphases; i++) {
        if (phase_steps(ld, &s->phases[i]))
            return ld->code;
        s->steps += s->phases[i].pub.steps;
        att_scn_resolve_params(s, &s->phases[i]);
    }
    return 0;
}
/* ---- copies ---- */

static origin *dup_origins(const origin *from, size_t n)
{
    origin *o = malloc((n + 1) * sizeof *o);
    if (o)
        memcpy(o, from, (n + 1) * sizeof *o);
    return o;
}

/* A deep copy of `src`'s own settings (not its conditions), or NULL. */
att_scenario *att_scn_clone(const att_scenario *src)
{
    att_scenario *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    *s = *src;
    s->path = strdup(src->path);
    s->match_table = strdup(src->match_table);
    s->infant_from = dup_origins(src->infant_from, att_infant_param_count);
    s->caregiver.from = dup_origins(src->caregiver.from, att_caregiver_param_count);
    s->phases = calloc(src->nphases, sizeof *s->phases);
    s->nphases = s->cap = 0;
    s->sampled = src->nsampled ? malloc(src->nsampled * sizeof *s->sampled) : NULL;
    s->nsampled = s->sampled_cap = 0;
    s->specs = NULL;
    s->nspecs = s->specs_cap = 0;
    s->conds = NULL;
    s->nconds = s->conds_cap = 0;
    s->varied = NULL;
    s->nvaried = s->varied_cap = 0;
    s->warnings = NULL;
    s->nwarnings = s->warnings_cap = 0;
    if (!s->path || !s->match_table || !s->infant_from || !s->caregiver.from || !s->phases
        || (src->nsampled && !s->sampled)) {
        att_scenario_free(s);
        return NULL;
    }
    s->cap = src->nphases;
    for (; s->nphases < src->nphases; s->nphases++) {
        struct phase_spec *ph = &s->phases[s->nphases];
        *ph = src->phases[s->nphases];
        ph->layer.from = dup_origins(ph->layer.from, att_caregiver_param_count);
        if (!ph->layer.from) {
            att_scenario_free(s);
            return NULL;
        }
    }
    if (src->nsampled)
        memcpy(s->sampled, src->sampled, src->nsampled * sizeof *s->sampled);
    s->nsampled = s->sampled_cap = src->nsampled;
    return s;
}

/* "infant.reactivity", "caregiver.wait_time" or "phase.play.wait_time". */
void att_scn_target_key(const att_scenario *s, const struct target *at, char *buf, size_t size)
{
    if (at->sec == SEC_INFANT)
        snprintf(buf, size, "infant.%s", att_infant_param_table[at->row].name);
    else if (at->sec == SEC_CAREGIVER)
        snprintf(buf, size, "caregiver.%s", att_caregiver_param_table[at->row].name);
    else
        snprintf(buf, size, "phase.%s.%s", s->phases[at->phase].pub.name,
                 att_caregiver_param_table[at->row].name);
}

/* ---- public ---- */

att_scenario *att_scenario_load(const char *path, const char *const *sets, size_t nsets,
                                att_error *err)
{
    att_error_clear(err);
    char *buf = NULL;
    size_t len = 0;
    if (att_scn_slurp(path, &buf, &len, err))
        return NULL;
    att_scenario *s = att_scn_new(path);
    if (!s) {
        free(buf);
        att_error_nomem(err);
        return NULL;
    }
    att_sha256_hex(buf, len, s->hash);
    struct loader ld = { .s = s, .err = err, .sets = sets, .buf = buf, .len = len };
    int rc = att_scn_parse(&ld);
    free(buf);
    ld.buf = NULL;
    for (size_t i = 0; !rc && sets && i < nsets; i++)
        rc = att_scn_apply_set(&ld, i);
    if (!rc)
        rc = att_scn_finalize(&ld);
    if (!rc)
        rc = att_scn_collect_warnings(&ld, NULL);
    if (!rc)
        rc = att_scn_build_conditions(&ld);
    if (!rc)
        rc = att_scn_gather_warnings(&ld);
    if (rc) {
        att_scenario_free(s);
        return NULL;
    }
    return s;
}

void att_scenario_free(att_scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nphases; i++)
        free(s->phases[i].layer.from);
    free(s->phases);
    for (size_t i = 0; i < s->nspecs; i++) {
        for (size_t j = 0; j < s->specs[i].n; j++) {
            free(s->specs[i].lines[j].key);
            free(s->specs[i].lines[j].value);
        }
        free(s->specs[i].lines);
    }
    free(s->specs);
    for (size_t i = 0; i < s->nconds; i++) {
        free(s->conds[i].name);
        att_scenario_free(s->conds[i].s);
    }
    free(s->conds);
    for (size_t i = 0; i < s->nvaried; i++)
        free(s->varied[i]);
    free(s->varied);
    for (size_t i = 0; i < s->nwarnings; i++)
        free(s->warnings[i].text);
    free(s->warnings);
    free(s->sampled);
    free(s->caregiver.from);
    free(s->infant_from);
    free(s->match_table);
    free(s->path);
    free(s);
}

const char *att_scenario_path(const att_scenario *s) { return s->path; }
const char *att_scenario_name(const att_scenario *s) { return s->name; }
const char *att_scenario_hash(const att_scenario *s) { return s->hash; }
double att_scenario_dt(const att_scenario *s) { return s->dt; }
unsigned long att_scenario_seed(const att_scenario *s) { return s->seed; }
const char *att_scenario_rng(const att_scenario *s) { return s->rng->name; }
const gsl_rng_type *att_scenario_rng_type(const att_scenario *s) { return s->rng; }
const char *att_scenario_match_table(const att_scenario *s) { return s->match_table; }
double att_scenario_duration(const att_scenario *s) { return s->duration; }
long att_scenario_steps(const att_scenario *s) { return s->steps; }
const att_infant_params *att_scenario_infant(const att_scenario *s) { return &s->infant; }
size_t att_scenario_phase_count(const att_scenario *s) { return s->nphases; }

const att_phase *att_scenario_phase(const att_scenario *s, size_t i)
{
    return i < s->nphases ? &s->phases[i].pub : NULL;
}

long att_scenario_sessions(const att_scenario *s) { return s->sessions; }
double att_scenario_interval(const att_scenario *s) { return s->interval; }
const char *att_scenario_preset(const att_scenario *s) { return s->preset ? s->preset->name : ""; }
size_t att_scenario_warning_count(const att_scenario *s) { return s->nwarnings; }

const char *att_scenario_warning(const att_scenario *s, size_t i)
{
    return i < s->nwarnings ? s->warnings[i].text : NULL;
}

const char *att_scenario_warning_key(const att_scenario *s, size_t i)
{
    return i < s->nwarnings ? s->warnings[i].key : NULL;
}

long att_scenario_warning_phase(const att_scenario *s, size_t i)
{
    return i < s->nwarnings ? s->warnings[i].phase : -1;
}
