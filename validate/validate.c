/* The validation suite's machinery: the group table, --only selection,
 * populations of drawn infants run across threads and cached per suite
 * run, and the evaluation of a check into a result (include/attune/
 * validate.h; the groups themselves are in validate/validate_still.c and
 * validate/validate_repair.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/exec.h"
#include "attune/match.h"
#include "attune/param.h"
#include "attune/scenario.h"
#include "attune/validate.h"
#include "base/grow.h"

/* The groups, in the order their rows are printed.  Adding a group: one
 * function (see validate.h) and one line here. */
const att_vgroup att_validate_groups[] = {
    { "play", att_validate_group_play },
    { "sf", att_validate_group_still_face },
    { "reunion", att_validate_group_reunion },
    { "peekaboo", att_validate_group_peekaboo },
    { "repair", att_validate_group_repair },
    { "numeric", att_validate_group_numeric },
    { "presets", att_validate_group_presets },
    { "chronic", att_validate_group_chronic },
    { "expert", att_validate_group_expert },
};
const size_t att_validate_group_count = sizeof att_validate_groups / sizeof att_validate_groups[0];

/* A population's rows, or a join of two (key NULL: never looked up). */
typedef struct cached {
    char *key;                 /* name, scenario and sets, one per line */
    att_vsummary_fn summary;
    const void *arg;
    att_vdata data;
    double *x;
} cached;

struct att_validate {
    att_validate_opts o;
    unsigned char same[ATT_IC_COUNT][ATT_CC_COUNT];
    att_vresult_fn fn;
    void *user;
    const att_vscale *scale;   /* centre changes (att_validate_run_moved) */
    size_t nscale;
    long *cut;
    const char *group;         /* the group running now */
    cached **cache;
    size_t ncache, cap;
};

const char *att_vrule_name(att_vrule r)
{
    switch (r) {
    case ATT_VRULE_RANGE:
        return "range";
    case ATT_VRULE_ABOVE:
        return "above";
    case ATT_VRULE_OVERLAP:
        return "overlap";
    }
    return "?";
}

int att_validate_same_state(const att_validate *v, att_infant_code ic, att_caregiver_code cc)
{
    return (unsigned)ic < ATT_IC_COUNT && (unsigned)cc < ATT_CC_COUNT && v->same[ic][cc];
}

long att_validate_infants(const att_validate *v)
{
    return v->o.infants;
}

int att_validate_wants(const att_validate *v, const char *id)
{
    const char *only = v->o.only;
    return !only || !*only || strncmp(id, only, strlen(only)) == 0;
}

/* A group can hold selected checks when its "NAME." and the prefix agree
 * as far as the shorter goes: "re" and "reunion.x" select group reunion,
 * and so does "reunion.pos". */
static int group_selected(const char *only, const char *group)
{
    if (!only || !*only)
        return 1;
    size_t g = strlen(group), n = strlen(only);
    if (strncmp(only, group, n < g ? n : g) != 0)
        return 0;
    return n <= g || only[g] == '.';
}


static int load_table(const char *name, const char *const *match_path, att_match_table **out,
                      att_error *err)
{
    *out = att_match_table_find(name, match_path, err);
    return *out ? ATT_OK : err->code;
}

/* The same-state pairs by the simulator's own codes, so summaries look them
 * up without strings. */
static int load_same_state(att_validate *v, att_error *err)
{
    att_match_table *t = NULL;
    int rc = load_table("same-state", v->o.match_path, &t, err);
    if (rc != ATT_OK)
        return rc;
    for (int i = 0; i < ATT_IC_COUNT; i++) {
        int ii = att_match_table_infant_index(t, att_infant_code_name((att_infant_code)i));
        for (int c = 0; c < ATT_CC_COUNT; c++) {
            const char *name = att_caregiver_code_name((att_caregiver_code)c);
            int ci = att_match_table_caregiver_index(t, name);
            v->same[i][c] = ii >= 0 && ci >= 0 && att_match_table_matched(t, ii, ci);
        }
    }
    att_match_table_free(t);
    return ATT_OK;
}

/* ---- populations -------------------------------------------------------- */

static char *population_key(const att_vpop *p, double scale)
{
    size_t len = strlen(p->name) + strlen(p->scenario) + 3 + 24 + 40;
    for (size_t i = 0; i < p->nsets; i++)
        len += strlen(p->sets[i]) + 1;
    char *key = malloc(len);
    if (!key)
        return NULL;
    size_t at = (size_t)sprintf(key, "%s\n%s\n%ld\n", p->name, p->scenario, p->min_infants);
    for (size_t i = 0; i < p->nsets; i++)
        at += (size_t)sprintf(key + at, "%s\n", p->sets[i]);
    if (scale != 1)
        sprintf(key + at, "spread x%.17g\n", scale);
    return key;
}

static cached *remember(att_validate *v, att_error *err)
{
    if (att_grow(&v->cache, &v->cap, v->ncache + 1, sizeof *v->cache, err) != ATT_OK)
        return NULL;
    cached *e = calloc(1, sizeof *e);
    if (!e)
        att_error_nomem(err);
    else
        v->cache[v->ncache++] = e;
    return e;
}

/* How many infants population `p` runs. */
static long population_size(const att_validate *v, const att_vpop *p)
{
    return p->min_infants > v->o.infants ? p->min_infants : v->o.infants;
}

/* One population's infants, computed by the executor (attune/exec.h). */
typedef struct infants {
    const att_validate *v;
    const att_vpop *p;
    const att_scenario *s;
    const att_match_table *mt;
    double *rows;
} infants;

/* Infant i's summary into row i (the row is its own: any thread may). */
static int infant_row(void *user, long i, att_buf *unused, att_error *err)
{
    const infants *in = user;
    (void)unused;
    unsigned long seed = att_validate_seed(in->v->o.seed, in->p->name, i);
    att_sim *sim = att_sim_new(in->s, in->mt, seed, i + 1, err);
    int rc = sim ? in->p->summary(in->v, sim, in->p->arg, in->rows + (size_t)i * in->p->ncols,
                                  err)
                 : err->code;
    att_sim_free(sim);
    return rc;
}

/* Runs the infants of `s` across the suite's threads into rows.  Infant i
 * writes only row i, so the rows are the same for any number of threads;
 * of several failures the lowest infant's is reported (att_exec_run). */
static int run_infants(att_validate *v, const att_vpop *p, const att_scenario *s,
                       const att_match_table *mt, double *rows, att_error *err)
{
    infants in = { v, p, s, mt, rows };
    att_exec x = { .lo = 0, .hi = population_size(v, p), .threads = v->o.jobs,
                   .compute = infant_row, .user = &in };
    int rc = att_exec_run(&x, err);
    return rc != ATT_OK && err->code == ATT_OK ? ATT_EINTERNAL : rc;
}

/* The population's centre: the scenario with its overrides, and then,
 * when the suite moves the centre (v->scale), loaded again with the
 * overrides that scale it added after them; those go to *moved. */
static att_scenario *load_centre(const att_validate *v, const att_vpop *p, const char *path,
                                 char (**moved)[ATT_VSCALE_SET_MAX], size_t *nmoved,
                                 att_error *err)
{
    *moved = NULL;
    *nmoved = 0;
    att_scenario *centre = att_scenario_load(path, p->sets, p->nsets, err);
    if (!centre || v->nscale == 0)
        return centre;
    const char **sets = NULL;
    int rc = att_vscale_sets(centre, v->scale, v->nscale, moved, nmoved, v->cut, err);
    att_scenario_free(centre);
    centre = NULL;
    if (rc == ATT_OK && !(sets = calloc(p->nsets + *nmoved + 1, sizeof *sets)))
        att_error_nomem(err);
    if (sets) {
        for (size_t i = 0; i < p->nsets; i++)
            sets[i] = p->sets[i];
        for (size_t i = 0; i < *nmoved; i++)
            sets[p->nsets + i] = (*moved)[i];
        centre = att_scenario_load(path, sets, p->nsets + *nmoved, err);
    }
    free(sets);
    if (!centre) {
        free(*moved);
        *moved = NULL;
        *nmoved = 0;
    }
    return centre;
}

/* The scenario with the population's distributions around its own infant
 * (after the population's overrides and the suite's centre changes), each
 * spread times `scale`. */
static att_scenario *load_population(const att_validate *v, const att_vpop *p, double scale,
                                     att_error *err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", v->o.scenario_dir, p->scenario);
    if (n < 0 || (size_t)n >= sizeof path) {
        att_error_set(err, ATT_EINPUT, "%.200s/%.100s: path too long", v->o.scenario_dir,
                      p->scenario);
        return NULL;
    }
    char (*moved)[ATT_VSCALE_SET_MAX] = NULL;
    size_t nmoved = 0;
    att_scenario *centre = load_centre(v, p, path, &moved, &nmoved, err);
    if (!centre)
        return NULL;
    size_t k = att_infant_population_count, first = p->nsets + nmoved, total = first + k;
    const char **sets = calloc(total + 1, sizeof *sets);
    char (*spread)[160] = calloc(k + 1, sizeof *spread);
    att_scenario *s = NULL;
    if (!sets || !spread) {
        att_error_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < p->nsets; i++)
        sets[i] = p->sets[i];
    for (size_t i = 0; i < nmoved; i++)
        sets[p->nsets + i] = moved[i];
    for (size_t i = 0; i < k; i++) {
        if (att_infant_population_set_scaled(i, att_scenario_infant(centre), scale, spread[i],
                                             sizeof spread[i], err) != ATT_OK)
            goto done;
        sets[first + i] = spread[i];
    }
    s = att_scenario_load(path, sets, total, err);
done:
    free(sets);
    free(spread);
    free(moved);
    att_scenario_free(centre);
    return s;
}

const att_vdata *att_validate_population(att_validate *v, const att_vpop *p, att_error *err)
{
    return att_validate_population_scaled(v, p, 1, err);
}

const att_vdata *att_validate_population_scaled(att_validate *v, const att_vpop *p, double scale,
                                                att_error *err)
{
    if (!(scale >= 0 && isfinite(scale))) {
        att_error_set(err, ATT_EINPUT, "a population's spread scale must be 0 or more");
        return NULL;
    }
    char *key = population_key(p, scale);
    if (!key) {
        att_error_nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < v->ncache; i++) {
        cached *e = v->cache[i];
        if (e->key && e->summary == p->summary && e->arg == p->arg && strcmp(e->key, key) == 0) {
            free(key);
            return &e->data;
        }
    }
    att_scenario *s = load_population(v, p, scale, err);
    att_match_table *mt = NULL;
    double *rows = NULL;
    cached *e = NULL;
    if (!s || load_table(att_scenario_match_table(s), v->o.match_path, &mt, err) != ATT_OK)
        goto fail;
    size_t n = (size_t)population_size(v, p);
    rows = malloc((n * p->ncols + 1) * sizeof *rows);
    if (!rows) {
        att_error_nomem(err);
        goto fail;
    }
    if (run_infants(v, p, s, mt, rows, err) != ATT_OK || !(e = remember(v, err)))
        goto fail;
    *e = (cached){ key, p->summary, p->arg, { rows, n, p->ncols }, rows };
    att_match_table_free(mt);
    att_scenario_free(s);
    return &e->data;
fail:
    free(key);
    free(rows);
    att_match_table_free(mt);
    att_scenario_free(s);
    return NULL;
}

const att_vdata *att_validate_join(att_validate *v, const att_vdata *a, const att_vdata *b,
                                   att_error *err)
{
    if (a->n != b->n) {
        att_error_set(err, ATT_EINTERNAL, "joining %zu infants with %zu", a->n, b->n);
        return NULL;
    }
    size_t nc = a->ncols + b->ncols;
    double *x = malloc((a->n * nc + 1) * sizeof *x);
    cached *e = x ? remember(v, err) : NULL;
    if (!e) {
        free(x);
        if (!x)
            att_error_nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < a->n; i++) {
        memcpy(x + i * nc, a->x + i * a->ncols, a->ncols * sizeof *x);
        memcpy(x + i * nc + a->ncols, b->x + i * b->ncols, b->ncols * sizeof *x);
    }
    e->data = (att_vdata){ x, a->n, nc };
    e->x = x;
    return &e->data;
}

/* ---- checks ------------------------------------------------------------- */

int att_validate_report(att_validate *v, const att_vcheck *c, const att_vdata *x,
                        const att_vdata *y, const char *detail, att_error *err)
{
    if (!att_validate_wants(v, c->id))
        return ATT_OK;
    char name[160];
    snprintf(name, sizeof name, "boot:%s", c->id);
    att_interval iv;
    int rc = att_vstat_boot(&c->stat, x, y, v->o.boot, att_validate_seed(v->o.seed, name, 0),
                            0.95, &iv, err);
    if (rc != ATT_OK)
        return rc;
    att_vresult r = { c, v->group, iv.est, iv.lo, iv.hi, 0, "" };
    switch (c->rule) {
    case ATT_VRULE_RANGE:
        r.pass = iv.est >= c->target_lo && iv.est <= c->target_hi;   /* false for NaN */
        break;
    case ATT_VRULE_ABOVE:
        r.pass = iv.lo > c->target_lo;
        break;
    case ATT_VRULE_OVERLAP:
        r.pass = iv.lo <= c->target_hi && iv.hi >= c->target_lo;
        break;
    }
    if (detail)
        snprintf(r.detail, sizeof r.detail, "%s", detail);
    return v->fn(&r, v->user, err);
}

static void validate_free(att_validate *v)
{
    for (size_t i = 0; i < v->ncache; i++) {
        free(v->cache[i]->key);
        free(v->cache[i]->x);
        free(v->cache[i]);
    }
    free(v->cache);
}

int att_validate_run(const att_validate_opts *o, att_vresult_fn fn, void *user, att_error *err)
{
    return att_validate_run_moved(o, NULL, 0, NULL, fn, user, err);
}

int att_validate_run_moved(const att_validate_opts *o, const att_vscale *scale, size_t nscale,
                           long *cut, att_vresult_fn fn, void *user, att_error *err)
{
    if (o->infants < 2 || o->boot < 0 || !o->scenario_dir)
        return att_error_set(err, ATT_EINPUT, "a validation needs 2 or more infants, "
                             "0 or more resamples and a scenario folder");
    att_validate v = { .o = *o, .scale = scale, .nscale = nscale, .cut = cut, .fn = fn,
                       .user = user };
    int rc = load_same_state(&v, err);
    for (size_t g = 0; rc == ATT_OK && g < att_validate_group_count; g++) {
        if (!group_selected(o->only, att_validate_groups[g].name))
            continue;
        v.group = att_validate_groups[g].name;
        rc = att_validate_groups[g].run(&v, err);
    }
    validate_free(&v);
    return rc;
}

int att_validate_phase(const att_scenario *s, const char *name)
{
    for (size_t i = 0; i < att_scenario_phase_count(s); i++)
        if (strcmp(att_scenario_phase(s, i)->name, name) == 0)
            return (int)i;
    return -1;
}
