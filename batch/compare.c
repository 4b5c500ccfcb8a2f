/* Comparing the conditions of a batch experiment (include/attune/
 * compare.h): the options, the object and what it answers once computed.
 * Reading is in compare_read.c, the statistics in compare_stats.c, the
 * writing in compare_write.c (docs/COMPARE.md has the definitions). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/param.h"
#include "base/seed.h"
#include "batch/compare_impl.h"
#include "batch/results.h"

static const char *const default_metric_names[] = {
    "matched_prop", "ruptures_per_min", "repaired_prop", "repaired_within_2s", "rmst_s",
    "infant_negative_prop", ATT_COMPARE_LATENCY,
};

const char *const *att_compare_default_metrics(size_t *n)
{
    *n = sizeof default_metric_names / sizeof *default_metric_names;
    return default_metric_names;
}

/* Index of a score name, SURV for "repair_latency" (spec) or "latencies"
 * (header, when `header`), or -1. */
int att_cmp_metric_index(const char *name, int header)
{
    for (int m = 0; m < ATT_SC_COUNT; m++)
        if (strcmp(name, att_score_col_name((att_score_col)m)) == 0)
            return m;
    if (strcmp(name, header ? "latencies" : ATT_COMPARE_LATENCY) == 0)
        return SURV;
    for (int m = AROUSAL_INFANT; m < NMETRIC; m++)
        if (strcmp(name, att_cmp_metric_name(m)) == 0)
            return m;
    return -1;
}

const char *att_cmp_metric_name(int m)
{
    return m == SURV ? ATT_COMPARE_LATENCY
         : m == AROUSAL_INFANT ? ATT_RESULTS_INFANT_AROUSAL
         : m == AROUSAL_CAREGIVER ? ATT_RESULTS_CAREGIVER_AROUSAL
         : att_score_col_name((att_score_col)m);
}

/* Joins names with ", " into buf, ending in "..." when it does not fit. */
void att_cmp_join(char *buf, size_t cap, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (used + len + 2 + 4 >= cap) {
            snprintf(buf + used, cap - used, "%s...", i ? ", " : "");
            return;
        }
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", names[i]);
    }
}

/* " (did you mean 'X'?)" or "". */
void att_cmp_did_you_mean(char *buf, size_t cap, const char *word, const char *const *cands,
                         size_t n)
{
    const char *near = att_suggest(word, cands, n);
    if (near)
        snprintf(buf, cap, " (did you mean '%s'?)", near);
    else
        buf[0] = '\0';
}

/* Splits a spec at its last '.': *metric points into `text`, the window
 * (if any) is copied to *window. */
static int split_spec(const char *text, char **window, const char **metric)
{
    const char *dot = strrchr(text, '.');
    *window = NULL;
    *metric = dot ? dot + 1 : text;
    if (dot && !(*window = strndup(text, (size_t)(dot - text))))
        return -1;
    return 0;
}

int att_compare_check_metric(const char *spec_text, att_error *err)
{
    const char *dot = strrchr(spec_text, '.');
    const char *m = dot ? dot + 1 : spec_text;
    if (att_cmp_metric_index(m, 0) >= 0)
        return ATT_OK;
    if (strcmp(m, "latencies") == 0)
        return att_error_set(err, ATT_EINPUT, "--metric %s: the latencies are compared as "
                             "'%s' (Kaplan-Meier and log-rank)", spec_text,
                             ATT_COMPARE_LATENCY);
    const char *names[NMETRIC];
    for (int i = 0; i < NMETRIC; i++)
        names[i] = att_cmp_metric_name(i);
    char hint[160], list[400];
    att_cmp_did_you_mean(hint, sizeof hint, m, names, NMETRIC);
    att_cmp_join(list, sizeof list, names, NMETRIC);
    return att_error_set(err, ATT_EINPUT, "--metric %s: unknown metric '%s'%s; metrics: %s",
                         spec_text, m, hint, list);
}

unsigned long att_compare_seed(unsigned long seed, const char *group_name,
                               const char *column_name)
{
    return att_seed_pair(seed, group_name, column_name);
}

void att_compare_opts_init(att_compare_opts *o)
{
    *o = (att_compare_opts){ .by = "condition", .boot = ATT_COMPARE_BOOT, .seed = 1,
                             .cutoff = ATT_SCORE_CUTOFF_S };
}

/* ---- the object -------------------------------------------------------- */

void att_cmp_group_free(const att_compare *c, group *g)
{
    free(g->name);
    if (g->vals)
        for (size_t k = 0; k < c->nnum; k++)
            free(g->vals[k].v);
    free(g->vals);
    if (g->tally)
        for (size_t k = 0; k < c->nsurv; k++)
            att_tally_free(g->tally[k]);
    free(g->tally);
}

void att_compare_free(att_compare *c)
{
    if (!c)
        return;
    free(c->by);
    free(c->baseline_name);
    for (size_t i = 0; i < c->nspecs; i++) {
        free(c->specs[i].text);
        free(c->specs[i].window);
    }
    free(c->specs);
    free(c->path);
    for (size_t i = 0; i < c->nwin; i++)
        free(c->windows[i]);
    free(c->windows);
    for (size_t i = 0; i < c->ncols; i++)
        free(c->cols[i].name);
    free(c->cols);
    free(c->experiment);
    free(c->seen);
    for (size_t i = 0; i < c->ngroups; i++)
        att_cmp_group_free(c, &c->groups[i]);
    free(c->groups);
    free(c->rows);
    free(c);
}

att_compare *att_compare_new(const att_compare_opts *opts, att_error *err)
{
    att_compare_opts defaults;
    att_compare_opts_init(&defaults);
    const att_compare_opts *o = opts ? opts : &defaults;
    if (o->boot < 0) {
        att_error_set(err, ATT_EINPUT, "the number of bootstrap resamples must be 0 or more");
        return NULL;
    }
    att_compare *c = calloc(1, sizeof *c);
    if (!c) {
        att_error_nomem(err);
        return NULL;
    }
    c->boot = o->boot;
    c->seed = o->seed;
    c->cutoff = o->cutoff;
    c->interrupted = o->interrupted;
    c->allow_partial = o->allow_partial;
    c->total_runs = -1;
    c->by = strdup(o->by ? o->by : "condition");
    c->baseline_name = o->baseline ? strdup(o->baseline) : NULL;
    size_t n = o->nmetrics;
    const char *const *names = o->metrics;
    c->default_specs = !names || n == 0;
    if (c->default_specs)
        names = att_compare_default_metrics(&n);
    c->specs = calloc(n, sizeof *c->specs);
    if (!c->by || (o->baseline && !c->baseline_name) || !c->specs) {
        att_compare_free(c);
        att_error_nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (att_compare_check_metric(names[i], err) != ATT_OK) {
            att_compare_free(c);
            return NULL;
        }
        spec *s = &c->specs[c->nspecs++];
        const char *m;
        if (!(s->text = strdup(names[i])) || split_spec(names[i], &s->window, &m) != 0) {
            att_compare_free(c);
            att_error_nomem(err);
            return NULL;
        }
        s->metric = att_cmp_metric_index(m, 0);
    }
    return c;
}

/* ---- results ----------------------------------------------------------- */

const att_compare_row *att_compare_rows(const att_compare *c, size_t *n)
{
    *n = c->state == 2 ? c->nrows : 0;
    return c->rows;
}

const char *att_compare_experiment(const att_compare *c)
{
    return c->experiment ? c->experiment : "";
}

const char *att_compare_by(const att_compare *c)
{
    return c->by;
}

long att_compare_run_count(const att_compare *c)
{
    return c->runs;
}

size_t att_compare_group_count(const att_compare *c)
{
    return c->ngroups;
}

const char *att_compare_group_name(const att_compare *c, size_t i)
{
    return i < c->ngroups ? c->groups[i].name : NULL;
}

long att_compare_group_runs(const att_compare *c, size_t i)
{
    return i < c->ngroups ? c->groups[i].runs : 0;
}

size_t att_compare_baseline(const att_compare *c)
{
    return c->baseline;
}

size_t att_compare_family_size(const att_compare *c, att_compare_family f)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nrows && c->state == 2; i++) {
        const att_compare_row *r = &c->rows[i];
        if (r->baseline)
            continue;
        double p = f == ATT_COMPARE_WELCH ? r->welch_p
                   : f == ATT_COMPARE_MANN_WHITNEY ? r->mw_p
                   : r->kind == ATT_COMPARE_SURVIVAL ? r->logrank_p : NAN;
        if ((f == ATT_COMPARE_LOGRANK) == (r->kind == ATT_COMPARE_SURVIVAL) && !isnan(p))
            n++;
    }
    return n;
}
