/* The fit's search: Nelder-Mead on the real line from the scenario's values
 * (twice: the second with a simplex twice as wide) and from random points
 * of the box, every evaluation compared with the best so far (strictly
 * lower wins, so the first of equal points stays). */
#include <math.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "fit/fit_int.h"

/* A value the optimiser takes for a failed evaluation: finite, and never
 * the best. */
#define FAILED_J 1e300

struct start {
    att_fit *f;
    int index;   /* 1-based */
};

static void keep_best(att_fit *f, const double *x, const double *sim, double J, int start)
{
    if (f->have_best && !(J < f->best_J))
        return;
    f->have_best = 1;
    f->best_J = J;
    f->best_start = start;
    memcpy(f->best_x, x, f->o.nparams * sizeof *x);
    memcpy(f->best_sim, sim, f->o.nstats * sizeof *sim);
}

/* J at point u of the real line, for the optimiser. */
static double at_point(void *user, const double *u)
{
    struct start *st = user;
    att_fit *f = st->f;
    if (f->failed)
        return FAILED_J;
    for (size_t i = 0; i < f->o.nparams; i++)
        f->scratch_x[i] = att_fit_from_line(u[i], f->params[i].lo, f->params[i].hi);
    double J;
    if (att_fit_objective(f, f->scratch_x, &J, f->scratch_sim, &f->fail) != ATT_OK) {
        f->failed = 1;
        return FAILED_J;
    }
    f->evals++;
    keep_best(f, f->scratch_x, f->scratch_sim, J, st->index);
    return J;
}

static int stop_asked(void *user)
{
    const struct start *st = user;
    return st->f->failed || (st->f->o.interrupted && st->f->o.interrupted());
}

/* --max-evals 0: J at the scenario's values only. */
static int at_start(att_fit *f, att_error *err)
{
    for (size_t i = 0; i < f->o.nparams; i++)
        f->scratch_x[i] = f->params[i].value;
    double J;
    int rc = att_fit_objective(f, f->scratch_x, &J, f->scratch_sim, err);
    if (rc == ATT_OK) {
        f->evals = 1;
        keep_best(f, f->scratch_x, f->scratch_sim, J, 1);
    }
    return rc;
}

int att_fit_run(att_fit *f, att_error *err)
{
    if (f->o.max_evals == 0)
        return at_start(f, err);
    size_t n = f->o.nparams;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return att_error_nomem(err);
    gsl_rng_set(rng, f->o.seed);
    att_fit_nm nm = { n, ATT_FIT_STEP, f->o.max_evals, f->o.tol, stop_asked, 1 };
    double u0[64], ubest[64], fbest;
    int rc = ATT_OK;
    for (int s = 1; s <= f->o.starts && rc == ATT_OK && !f->failed; s++) {
        /* starts 1 and 2 from the scenario's values, 2 with the wide
         * simplex; the random points from start 3 */
        nm.step = s == 2 ? ATT_FIT_STEP_WIDE : ATT_FIT_STEP;
        for (size_t i = 0; i < n; i++) {
            const att_fit_param *p = &f->params[i];
            double x = s <= 2 ? p->value : p->lo + (p->hi - p->lo) * gsl_rng_uniform_pos(rng);
            u0[i] = att_fit_to_line(x, p->lo, p->hi);
        }
        struct start st = { f, s };
        long evals;
        rc = att_fit_minimise(&nm, at_point, &st, u0, ubest, &fbest, &evals, err);
        if (rc == ATT_OK && !f->failed && f->o.interrupted && f->o.interrupted())
            f->failed = 1, att_error_set(&f->fail, ATT_EIO, "interrupted");
    }
    gsl_rng_free(rng);
    if (rc != ATT_OK)
        return rc;
    if (f->failed) {
        int interrupted = f->o.interrupted && f->o.interrupted();
        if (!interrupted || !f->have_best) {
            *err = f->fail;
            return err->code;
        }
        f->stopped = 1;
    }
    return ATT_OK;
}
