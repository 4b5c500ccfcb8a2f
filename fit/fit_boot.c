/* The fit's uncertainty: a parametric bootstrap at the estimate (replicate
 * data sets simulated with their own seeds, each refitted from the
 * estimate) giving each parameter's standard error and 95 % interval
 * (docs/FIT.md, "Uncertainty and diagnostics"). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "base/seed.h"
#include "fit/fit_int.h"

/* J at point u of the real line for the observed values f->observed now
 * points to (a replicate's, or the data's for a resim). */
static double refit_point(void *user, const double *u)
{
    att_fit *f = user;
    double x[64], J;
    if (f->failed)
        return 1e300;
    for (size_t i = 0; i < f->o.nparams; i++)
        x[i] = att_fit_from_line(u[i], f->params[i].lo, f->params[i].hi);
    if (att_fit_objective(f, x, &J, NULL, &f->fail) != ATT_OK) {
        f->failed = 1;
        return 1e300;
    }
    return J;
}

static int refit_stop(void *user)
{
    const att_fit *f = user;
    return f->failed || (f->o.interrupted && f->o.interrupted());
}

/* Replicate b's statistics into `repl`: N_obs dyads simulated at the
 * estimate with seeds from (seed, "boot", b); with a targets file (no
 * sessions), the simulated statistics plus normal noise of the targets'
 * variances. */
static int replicate(att_fit *f, long b, double *repl, att_error *err)
{
    unsigned long seed0 = f->o.seed, seed = att_seed_path(seed0, "boot", b);
    long dyads0 = f->o.dyads;
    int rc;
    if (f->o.sessions > 0) {
        f->o.seed = seed;
        f->o.dyads = f->o.sessions;
        rc = att_fit_simulate(f, f->best_x, repl, err);
        f->o.seed = seed0;
        f->o.dyads = dyads0;
        return rc;
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return att_error_nomem(err);
    gsl_rng_set(rng, seed);
    for (size_t k = 0; k < f->o.nstats; k++)
        repl[k] = f->best_sim[k] + gsl_ran_gaussian(rng, sqrt(f->o.obs_var[k]));
    gsl_rng_free(rng);
    return ATT_OK;
}

int att_fit_refit(att_fit *f, unsigned long seed, double *obs, double *x, double *J,
                  att_error *err)
{
    unsigned long seed0 = f->o.seed;
    f->o.seed = seed;
    size_t n = f->o.nparams;
    double u0[64], ub[64], fb;
    long evals;
    for (size_t i = 0; i < n; i++)
        u0[i] = att_fit_to_line(f->best_x[i], f->params[i].lo, f->params[i].hi);
    double *obs0 = f->observed;
    f->observed = obs;
    att_fit_nm nm = { n, ATT_FIT_STEP, f->o.max_evals > 0 ? f->o.max_evals : 1, f->o.tol,
                      refit_stop, 1 };
    int rc = att_fit_minimise(&nm, refit_point, f, u0, ub, &fb, &evals, err);
    f->observed = obs0;
    *J = fb;
    if (rc == ATT_OK && f->failed)
        rc = (*err = f->fail).code;
    else if (rc == ATT_OK && f->o.interrupted && f->o.interrupted())
        rc = att_error_set(err, ATT_EIO, "interrupted");
    for (size_t i = 0; i < n; i++)
        x[i] = att_fit_from_line(ub[i], f->params[i].lo, f->params[i].hi);
    f->o.seed = seed0;
    return rc;
}

/* se, ci_lo, ci_hi of each parameter from the B refits (rows of n). */
static void summarise(att_fit *f, double *est, long used)
{
    size_t n = f->o.nparams;
    double *col = est + (size_t)used * n;   /* room for one column after the rows */
    for (size_t i = 0; i < n; i++) {
        for (long b = 0; b < used; b++)
            col[b] = est[(size_t)b * n + i];
        gsl_sort(col, 1, (size_t)used);
        f->boot_se[i] = used >= 2 ? gsl_stats_sd(col, 1, (size_t)used) : NAN;
        f->boot_lo[i] = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)used, 0.025);
        f->boot_hi[i] = gsl_stats_quantile_from_sorted_data(col, 1, (size_t)used, 0.975);
    }
}

int att_fit_boot(att_fit *f, long B, att_error *err)
{
    assert(f->have_best && B >= 1);
    size_t n = f->o.nparams, ns = f->o.nstats;
    double *est = malloc(((size_t)B + 1) * n * sizeof *est + (size_t)B * sizeof *est);
    double *repl = malloc(ns * sizeof *repl);
    if (!est || !repl) {
        free(est);
        free(repl);
        return att_error_nomem(err);
    }
    long used = 0, above = 0;
    int rc = ATT_OK;
    double J;
    for (long b = 0; b < B && rc == ATT_OK; b++) {
        rc = replicate(f, b, repl, err);
        int defined = 1;
        for (size_t k = 0; k < ns; k++)
            defined = defined && isfinite(repl[k]);
        if (rc == ATT_OK && defined
            /* the refit simulates its own dyads, seeded from (seed,
             * "bootsim", b): the fit's estimate carries the noise of its
             * simulated dyads as well as the data's, so a replicate
             * refitted against the fit's own dyads would leave that share
             * out of the se */
            && (rc = att_fit_refit(f, att_seed_path(f->o.seed, "bootsim", b), repl,
                                   est + (size_t)used * n, &J, err)) == ATT_OK) {
            used++;
            above += J >= f->best_J;
        }
    }
    rc = att_fit_keep_best_on_interrupt(f, rc, err);
    if (f->stopped)
        used = 0;   /* Ctrl-C: the replicates so far are too few to say anything */
    f->boot_n = B;
    f->boot_used = used;
    f->boot_j_p = used >= 1 ? (double)(above + 1) / (double)(used + 1) : NAN;
    if (rc == ATT_OK && used >= 1)
        summarise(f, est, used);
    free(est);
    free(repl);
    return rc;
}
