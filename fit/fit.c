/* The fit: its options checked and copied, the weights of its distance
 * fixed, and what it found (see fit.h). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/sim.h"
#include "fit/fit_int.h"

enum { BOOT_B = 200 };

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int check_opts(const att_fit_opts *o, att_error *err)
{
    if (!o->scenario || !o->mt || o->nparams < 1 || o->nparams > 64 || o->nstats < 1
        || !o->observed || !o->obs_var || o->dyads < 2 || o->starts < 1 || o->max_evals < 0
        || !(o->tol > 0) || o->sessions < 0 || o->resims < 0 || o->resims > 1000)
        return att_error_set(err, ATT_EINPUT, "fit: bad options");
    if (att_fit_population_check(o->params, o->nparams, err) != ATT_OK)
        return ATT_EINPUT;
    if (o->nstats < o->nparams)   /* more unknowns than equations */
        return att_error_set(err, ATT_EINPUT, "%zu statistic%s for %zu free parameters: a fit "
                             "needs at least as many statistics as parameters (--stats)",
                             o->nstats, o->nstats == 1 ? "" : "s", o->nparams);
    for (size_t k = 0; k < o->nstats; k++)
        if (!isfinite(o->observed[k]) || !(o->obs_var[k] > 0) || !isfinite(o->obs_var[k]))
            return att_error_set(err, ATT_EINPUT, "%s: the observed value and its variance "
                                 "must be finite, the variance > 0", o->stats[k]);
    return ATT_OK;
}

/* The match table's indices of the simulator's codes. */
static int code_indices(att_fit *f, att_error *err)
{
    if (att_sim_check_match_table(f->o.mt, err) != ATT_OK)
        return ATT_EINPUT;
    for (int i = 0; i < ATT_IC_COUNT; i++)
        f->infant_index[i] = att_match_table_infant_index(
            f->o.mt, att_infant_code_name((att_infant_code)i));
    for (int c = 0; c < ATT_CC_COUNT; c++)
        f->caregiver_index[c] = att_match_table_caregiver_index(
            f->o.mt, att_caregiver_code_name((att_caregiver_code)c));
    return ATT_OK;
}

static int copy_opts(att_fit *f, const att_fit_opts *o, att_error *err)
{
    size_t np = o->nparams, ns = o->nstats;
    f->o = *o;
    f->params = malloc(np * sizeof *f->params);
    f->stats = calloc(ns, sizeof *f->stats);
    f->observed = malloc(ns * sizeof(double));
    f->var = malloc(ns * sizeof(double));
    f->best_sim = malloc(ns * sizeof(double));
    f->scratch_sim = malloc(ns * sizeof(double));
    f->best_x = malloc(np * sizeof(double));
    f->scratch_x = malloc(np * sizeof(double));
    f->sets = calloc(o->nsets + np, sizeof *f->sets);
    f->boot_se = malloc(3 * np * sizeof(double));
    f->boot_lo = f->boot_se ? f->boot_se + np : NULL;
    f->boot_hi = f->boot_se ? f->boot_se + 2 * np : NULL;
    f->omega = calloc(ns * ns, sizeof(double));
    f->se_asym = malloc(np * sizeof(double));
    f->ci_asym = malloc(2 * np * sizeof(double));
    f->se_resim = malloc(np * sizeof(double));
    f->resim_excess = calloc(np, sizeof(double));
    if (!f->omega || !f->se_asym || !f->ci_asym || !f->se_resim || !f->resim_excess)
        return att_error_nomem(err);
    for (size_t i = 0; i < np; i++)
        f->se_asym[i] = f->ci_asym[i] = f->ci_asym[np + i] = f->se_resim[i] = NAN;
    if (!f->boot_se || !f->params || !f->stats || !f->observed || !f->var || !f->best_sim || !f->scratch_sim
        || !f->best_x || !f->scratch_x || !f->sets)
        return att_error_nomem(err);
    memcpy(f->params, o->params, np * sizeof *f->params);
    memcpy(f->observed, o->observed, ns * sizeof(double));
    for (size_t k = 0; k < ns; k++)
        if (!(f->stats[k] = dup_str(o->stats[k])))
            return att_error_nomem(err);
    for (size_t i = 0; i < o->nsets; i++)
        if (!(f->sets[i] = dup_str(o->sets[i])))
            return att_error_nomem(err);
    for (size_t i = 0; i < np; i++)
        if (!(f->sets[o->nsets + i] = malloc(ATT_FIT_KEY_MAX + 80)))
            return att_error_nomem(err);
    f->nsets = o->nsets + np;
    f->o.params = f->params;
    f->o.stats = (const char *const *)f->stats;
    f->o.observed = f->observed;
    f->o.sets = (const char *const *)f->sets;
    return ATT_OK;
}

/* v_k: the observed variance plus the simulation's (docs/FIT.md), and
 * Omega, the covariance of m - s(theta0), whose diagonal is v. */
static int weights(att_fit *f, att_error *err)
{
    const att_fit_opts *o = &f->o;
    size_t K = o->nstats;
    if (o->sessions > 0) {
        double r = 1 + (double)o->sessions / (double)o->dyads;
        for (size_t k = 0; k < K; k++) {
            f->var[k] = o->obs_var[k] * r;
            for (size_t j = 0; o->obs_cov && j < K; j++)
                if (j != k && isfinite(o->obs_cov[j * K + k]))
                    f->omega[j * K + k] = o->obs_cov[j * K + k] * r;
            f->omega[k * K + k] = f->var[k];
        }
        return ATT_OK;
    }
    for (size_t i = 0; i < o->nparams; i++)
        f->scratch_x[i] = f->params[i].value;
    int rc = att_fit_simulate(f, f->scratch_x, f->scratch_sim, err);
    if (rc == ATT_OK)
        rc = att_fitstats_bootstrap_cov(f->acc, o->stats, K, BOOT_B, o->seed, f->omega, err);
    for (size_t k = 0; rc == ATT_OK && k < K * K; k++)
        if (!isfinite(f->omega[k]))
            f->omega[k] = 0;
    for (size_t k = 0; rc == ATT_OK && k < K; k++) {
        f->var[k] = o->obs_var[k] + f->omega[k * K + k];
        f->omega[k * K + k] = f->var[k];
    }
    return rc;
}

att_fit *att_fit_new(const att_fit_opts *o, att_error *err)
{
    if (check_opts(o, err) != ATT_OK)
        return NULL;
    att_fit *f = calloc(1, sizeof *f);
    if (!f) {
        att_error_nomem(err);
        return NULL;
    }
    int rc = copy_opts(f, o, err);
    if (rc == ATT_OK)
        memcpy(f->var, o->obs_var, o->nstats * sizeof(double));
    if (rc == ATT_OK)
        rc = code_indices(f, err);
    if (rc == ATT_OK && !(f->acc = att_fitstats_new(o->mt, NULL, NULL, err)))
        rc = err->code;
    if (rc == ATT_OK)
        rc = weights(f, err);
    if (rc != ATT_OK) {
        att_fit_free(f);
        return NULL;
    }
    f->best_J = NAN;
    f->boot_j_p = NAN;
    return f;
}

void att_fit_free(att_fit *f)
{
    if (!f)
        return;
    for (size_t k = 0; f->stats && k < f->o.nstats; k++)
        free(f->stats[k]);
    for (size_t i = 0; f->sets && i < f->nsets; i++)
        free(f->sets[i]);
    free(f->stats);
    free(f->sets);
    free(f->params);
    free(f->observed);
    free(f->var);
    free(f->best_sim);
    free(f->scratch_sim);
    free(f->best_x);
    free(f->scratch_x);
    free(f->boot_se);
    free(f->omega);
    free(f->se_asym);
    free(f->ci_asym);
    free(f->se_resim);
    free(f->resim_excess);
    att_fitstats_free(f->acc);
    free(f);
}

/* ---- what it found ---- */

size_t att_fit_param_count(const att_fit *f) { return f->o.nparams; }
const att_fit_param *att_fit_param_at(const att_fit *f, size_t i)
{
    return i < f->o.nparams ? &f->params[i] : NULL;
}
double att_fit_estimate(const att_fit *f, size_t i)
{
    assert(i < f->o.nparams);
    return f->have_best ? f->best_x[i] : NAN;
}
double att_fit_value(const att_fit *f) { return f->best_J; }
size_t att_fit_stat_count(const att_fit *f) { return f->o.nstats; }
const char *att_fit_stat_name(const att_fit *f, size_t k)
{
    return k < f->o.nstats ? f->stats[k] : NULL;
}
double att_fit_observed(const att_fit *f, size_t k) { return f->observed[k]; }
double att_fit_simulated(const att_fit *f, size_t k)
{
    return f->have_best ? f->best_sim[k] : NAN;
}
double att_fit_weight_var(const att_fit *f, size_t k) { return f->var[k]; }
long att_fit_evaluations(const att_fit *f) { return f->evals; }
int att_fit_best_start(const att_fit *f) { return f->best_start; }
int att_fit_stopped(const att_fit *f) { return f->stopped; }

int att_fit_keep_best_on_interrupt(att_fit *f, int rc, att_error *err)
{
    if (rc != ATT_EIO || !f->have_best || !(f->o.interrupted && f->o.interrupted()))
        return rc;
    f->stopped = 1;
    att_error_clear(err);
    return ATT_OK;
}
long att_fit_budget(const att_fit *f)
{
    return ((long)f->o.starts + f->o.resims) * (f->o.max_evals + (long)f->o.nparams + 1)
               * f->o.dyads
           + (f->o.sessions > 0 ? 0 : f->o.dyads);
}
