/* Experiments: parameters drawn per replicate from distributions, [condition]
 * sections expanded over their sweeps and built on top of the whole file,
 * the keys they vary, and the draw of one replicate's parameters. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "base/grow.h"
#include "sim/scenario_int.h"

/* ---- distributions drawn per replicate ---- */


struct sampled *att_scn_find_sampled(const att_scenario *s, const struct target *at)
{
    for (size_t i = 0; i < s->nsampled; i++) {
        const struct target *t = &s->sampled[i].at;
        if (t->sec == at->sec && t->row == at->row && (t->sec != SEC_PHASE || t->phase == at->phase))
            return &s->sampled[i];
    }
    return NULL;
}

/* Records that `at` is drawn from `d` (replacing an earlier distribution). */
int att_scn_add_sampled(struct loader *ld, origin from, const struct target *at, const att_dist *d)
{
    att_scenario *s = ld->s;
    struct sampled *sp = att_scn_find_sampled(s, at);
    if (!sp) {
        if (att_grow(&s->sampled, &s->sampled_cap, s->nsampled + 1, sizeof *s->sampled, NULL))
            return att_scn_nomem(ld);
        sp = &s->sampled[s->nsampled++];
    }
    sp->at = *at;
    sp->dist = *d;
    sp->from = from;
    return 0;
}

void att_scn_drop_sampled(att_scenario *s, const struct target *at)
{
    struct sampled *sp = att_scn_find_sampled(s, at);
    if (!sp)
        return;
    size_t i = (size_t)(sp - s->sampled);
    memmove(sp, sp + 1, (s->nsampled - i - 1) * sizeof *sp);
    s->nsampled--;
}

/* ---- conditions ---- */

/* Adds `key` to the base's list of varied keys unless it is there. */
static int add_varied(att_scenario *base, const char *key)
{
    for (size_t i = 0; i < base->nvaried; i++)
        if (strcmp(base->varied[i], key) == 0)
            return 0;
    if (att_grow(&base->varied, &base->varied_cap, base->nvaried + 1, sizeof *base->varied,
                 NULL))
        return -1;
    if (!(base->varied[base->nvaried] = strdup(key)))
        return -1;
    base->nvaried++;
    return 0;
}

static int add_sampled_keys(att_scenario *base, const att_scenario *s)
{
    char key[3 * ATT_NAME_MAX];
    for (size_t i = 0; i < s->nsampled; i++) {
        att_scn_target_key(s, &s->sampled[i].at, key, sizeof key);
        if (add_varied(base, key))
            return -1;
    }
    return 0;
}

/* Keys a condition may not set: they belong to the whole experiment. */
static int experiment_wide(const char *key)
{
    static const char *const wide[] = {
        "scenario.seed", "scenario.name", "scenario.rng", "scenario.match_table"
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (strcmp(key, wide[i]) == 0)
            return 1;
    size_t n = strlen(key);
    if (strncmp(key, "phase.", 6) == 0 && n > 5 && strcmp(key + n - 5, ".name") == 0)
        return 1;  /* phase names are the windows: every condition has the same */
    return strncmp(key, "batch.", 6) == 0 || strncmp(key, "condition.", 10) == 0;
}

static int check_condition_name(struct loader *ld, const struct cond_line *l)
{
    if (strlen(l->value) >= ATT_NAME_MAX)
        return att_scn_fail(ld, l->line, "condition name is too long (at most %d characters)",
                    ATT_NAME_MAX - 1);
    for (const char *c = l->value; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("-_.", *c))
            return att_scn_fail(ld, l->line, "condition name '%s' may only contain letters, digits, "
                        "'-', '_' and '.'", l->value);
    return 0;
}

/* Builds one condition: the whole file, then the condition's lines with the
 * sweeps' values in `values` (NULL for lines that are not sweeps). */
static att_scenario *build_condition(struct loader *ld, const struct cond_spec *c,
                                     const char *const *values)
{
    att_scenario *cs = att_scn_clone(ld->s);
    if (!cs) {
        att_scn_nomem(ld);
        return NULL;
    }
    struct loader sub = { .s = cs, .err = ld->err, .sets = ld->sets, .in_condition = 1 };
    for (size_t i = 0; i < c->n && !sub.code; i++) {
        const struct cond_line *l = &c->lines[i];
        if (strcmp(l->key, "name") == 0)
            continue;
        if (experiment_wide(l->key)) {
            att_scn_fail(&sub, l->line, "%s is set for the whole experiment, not per [condition]", l->key);
            break;
        }
        char *lhs = strdup(l->key);
        if (!lhs) {
            att_scn_nomem(&sub);
            break;
        }
        att_scn_apply_set_key(&sub, l->line, lhs, values[i] ? values[i] : l->value);
        free(lhs);
    }
    if (!sub.code)
        att_scn_finalize(&sub);
    const char *name = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->lines[i].key, "name") == 0)
            name = c->lines[i].value;
    if (!sub.code)
        att_scn_collect_warnings(&sub, name);
    if (sub.code) {
        ld->code = sub.code;
        att_scenario_free(cs);
        return NULL;
    }
    return cs;
}

static int add_condition(struct loader *ld, const char *name, att_scenario *cs, int line)
{
    att_scenario *base = ld->s;
    for (size_t i = 0; i < base->nconds; i++)
        if (strcmp(base->conds[i].name, name) == 0) {
            att_scenario_free(cs);
            return att_scn_fail(ld, line, "condition name '%s' is used twice", name);
        }
    char *copy = strdup(name);
    if (!copy || att_grow(&base->conds, &base->conds_cap, base->nconds + 1,
                          sizeof *base->conds, NULL)) {
        free(copy);
        att_scenario_free(cs);
        return att_scn_nomem(ld);
    }
    base->conds[base->nconds].name = copy;
    base->conds[base->nconds].s = cs;
    base->nconds++;
    if (add_sampled_keys(base, cs))
        return att_scn_nomem(ld);
    return 0;
}

#define MAX_CONDITIONS 100000

/* Expands one [condition]: one condition per combination of its sweeps'
 * values, the first sweep varying slowest, named NAME[key=value,...]. */
static int expand_spec(struct loader *ld, const struct cond_spec *c)
{
    const struct cond_line *name = NULL;
    size_t nsweeps = 0;
    att_sweep sweeps[16];
    size_t at[16];
    for (size_t i = 0; i < c->n; i++) {
        const struct cond_line *l = &c->lines[i];
        if (strcmp(l->key, "name") == 0) {
            name = l;
            continue;
        }
        att_error why;
        int rc = att_sweep_parse(l->value, &sweeps[nsweeps], &why);
        if (rc == ATT_EINPUT)
            return att_scn_fail(ld, l->line, "%s = %s", l->key, why.msg);
        if (rc == ATT_OK) {
            if (nsweeps == 16)
                return att_scn_fail(ld, l->line, "more than 16 sweeps in one [condition]");
            at[nsweeps++] = i;
            if (add_varied(ld->s, l->key))
                return att_scn_nomem(ld);
        }
    }
    if (!name)
        return att_scn_fail(ld, c->header_line, "[condition] has no name (every condition needs "
                    "name = NAME)");
    if (check_condition_name(ld, name))
        return ld->code;
    double total = 1;
    for (size_t k = 0; k < nsweeps; k++)
        total *= (double)sweeps[k].count;
    if (total + (double)ld->s->nconds > MAX_CONDITIONS)
        return att_scn_fail(ld, c->header_line, "the sweeps make more than %d conditions", MAX_CONDITIONS);
    const char **values = calloc(c->n, sizeof *values);
    char (*texts)[64] = calloc(nsweeps + 1, sizeof *texts);
    if (!values || !texts) {
        free(values);
        free(texts);
        return att_scn_nomem(ld);
    }
    for (long combo = 0; combo < (long)total && !ld->code; combo++) {
        char full[ATT_NAME_MAX + 16 * 272];  /* 16 x (a key's last part, =, a value) */
        size_t used = (size_t)snprintf(full, sizeof full, "%s", name->value);
        long rest = combo;
        for (size_t k = nsweeps; k-- > 0;) {
            att_sweep_value(&sweeps[k], rest % sweeps[k].count, texts[k], sizeof texts[k]);
            rest /= sweeps[k].count;
            values[at[k]] = texts[k];
        }
        for (size_t k = 0; k < nsweeps && used < sizeof full; k++) {
            const char *key = c->lines[at[k]].key, *dot = strrchr(key, '.');
            used += (size_t)snprintf(full + used, sizeof full - used, "%s%s=%s",
                                     k ? "," : "[", dot ? dot + 1 : key, texts[k]);
        }
        if (nsweeps && used < sizeof full)
            snprintf(full + used, sizeof full - used, "]");
        att_scenario *cs = build_condition(ld, c, values);
        if (cs)
            add_condition(ld, full, cs, name->line);
    }
    free(values);
    free(texts);
    return ld->code;
}

int att_scn_build_conditions(struct loader *ld)
{
    if (add_sampled_keys(ld->s, ld->s))
        return att_scn_nomem(ld);
    for (size_t i = 0; i < ld->s->nspecs && !ld->code; i++)
        expand_spec(ld, &ld->s->specs[i]);
    return ld->code;
}
att_scenario *att_scenario_draw(const att_scenario *s, gsl_rng *r, double *values,
                                att_error *err)
{
    att_scenario *d = att_scn_clone(s);
    if (!d) {
        att_error_nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < d->nsampled; i++) {
        const struct target *at = &d->sampled[i].at;
        void *params = at->sec == SEC_INFANT ? (void *)&d->infant
                     : at->sec == SEC_CAREGIVER ? (void *)&d->caregiver.values
                     : (void *)&d->phases[at->phase].layer.values;
        const att_param *row = at->sec == SEC_INFANT ? &att_infant_param_table[at->row]
                             : &att_caregiver_param_table[at->row];
        double v = att_dist_draw(&d->sampled[i].dist, r, row->min, row->max);
        att_param_put(row, params, v);
        if (values)
            values[i] = v;
    }
    for (size_t i = 0; i < d->nphases; i++)
        att_scn_resolve_params(d, &d->phases[i]);
    return d;
}

/* ---- accessors (experiment.h) ---- */

int att_scenario_value(const att_scenario *s, const char *key, double *out)
{
    const char *dot = strchr(key, '.');
    if (!dot)
        return -1;
    const char *name = dot + 1;
    size_t seclen = (size_t)(dot - key);
    const att_param *row;
    if (seclen == 6 && strncmp(key, "infant", 6) == 0) {
        row = att_param_find(att_infant_param_table, att_infant_param_count, name);
        if (!row)
            return -1;
        *out = att_param_get(row, &s->infant);
        return 0;
    }
    if (seclen == 9 && strncmp(key, "caregiver", 9) == 0) {
        row = att_param_find(att_caregiver_param_table, att_caregiver_param_count, name);
        if (!row)
            return -1;
        size_t i = (size_t)(row - att_caregiver_param_table);
        *out = att_param_get(row, s->caregiver.from[i] ? (const void *)&s->caregiver.values
                                                       : (const void *)&s->caregiver.policy->defaults);
        return 0;
    }
    if (seclen == 8 && strncmp(key, "scenario", 8) == 0) {
        if (strcmp(name, "dt") == 0)
            *out = s->dt;
        else if (strcmp(name, "duration") == 0)
            *out = s->duration;
        else if (strcmp(name, "sessions") == 0)
            *out = (double)s->sessions;
        else if (strcmp(name, "interval") == 0)
            *out = s->interval;
        else
            return -1;
        return 0;
    }
    if (seclen == 5 && strncmp(key, "phase", 5) == 0) {
        const char *kdot = strrchr(name, '.');
        if (!kdot)
            return -1;
        for (size_t i = 0; i < s->nphases; i++) {
            const att_phase *ph = &s->phases[i].pub;
            if (strlen(ph->name) != (size_t)(kdot - name) || strncmp(ph->name, name, (size_t)(kdot - name)))
                continue;
            if (strcmp(kdot + 1, "duration") == 0) {
                *out = ph->duration;
                return 0;
            }
            row = att_param_find(att_caregiver_param_table, att_caregiver_param_count, kdot + 1);
            if (!row)
                return -1;
            *out = att_param_get(row, &ph->params);
            return 0;
        }
    }
    return -1;
}

long att_scenario_replicates(const att_scenario *s) { return s->replicates; }
size_t att_scenario_condition_count(const att_scenario *s) { return s->nconds; }
size_t att_scenario_varied_count(const att_scenario *s) { return s->nvaried; }
size_t att_scenario_sampled_count(const att_scenario *s) { return s->nsampled; }

const char *att_scenario_condition_name(const att_scenario *s, size_t i)
{
    return i < s->nconds ? s->conds[i].name : NULL;
}

const att_scenario *att_scenario_condition(const att_scenario *s, size_t i)
{
    return i < s->nconds ? s->conds[i].s : NULL;
}

const char *att_scenario_varied_key(const att_scenario *s, size_t i)
{
    return i < s->nvaried ? s->varied[i] : NULL;
}

void att_scenario_sampled_key(const att_scenario *s, size_t i, char *buf, size_t size)
{
    att_scn_target_key(s, &s->sampled[i].at, buf, size);
}

const att_dist *att_scenario_sampled_dist(const att_scenario *s, size_t i)
{
    return &s->sampled[i].dist;
}

/* The i-th distinct key of the [condition] sections, or NULL. */
static const char *nth_condition_key(const att_scenario *s, size_t want)
{
    size_t seen = 0;
    for (size_t c = 0; c < s->nspecs; c++)
        for (size_t k = 0; k < s->specs[c].n; k++) {
            const char *key = s->specs[c].lines[k].key;
            int dup = strcmp(key, "name") == 0;
            for (size_t c2 = 0; c2 <= c && !dup; c2++)
                for (size_t k2 = 0; k2 < (c2 == c ? k : s->specs[c2].n) && !dup; k2++)
                    dup = strcmp(s->specs[c2].lines[k2].key, key) == 0;
            if (!dup && seen++ == want)
                return key;
        }
    return NULL;
}

size_t att_scenario_condition_key_count(const att_scenario *s)
{
    size_t n = 0;
    while (nth_condition_key(s, n))
        n++;
    return n;
}

const char *att_scenario_condition_key(const att_scenario *s, size_t i)
{
    return nth_condition_key(s, i);
}

int att_scenario_value_text(const att_scenario *s, const char *key, char *buf, size_t size)
{
    double v;
    size_t n = strlen(key);
    const char *text = NULL;
    buf[0] = '\0';
    if (att_scenario_value(s, key, &v) == 0) {
        snprintf(buf, size, "%.10g", v);
        return 0;
    }
    if (strcmp(key, "caregiver.policy") == 0)
        text = s->caregiver.policy->name;
    else if (strcmp(key, "infant.preset") == 0)
        text = s->preset ? s->preset->name : "";
    for (size_t i = 0; !text && n > 13 && strncmp(key, "phase.", 6) == 0
                       && strcmp(key + n - 7, ".policy") == 0 && i < s->nphases; i++)
        if (strlen(s->phases[i].pub.name) == n - 13
            && strncmp(s->phases[i].pub.name, key + 6, n - 13) == 0)
            text = s->phases[i].pub.policy->name;
    if (!text)
        return -1;
    snprintf(buf, size, "%s", text);
    return 0;
}
