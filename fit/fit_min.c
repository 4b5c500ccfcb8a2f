/* The optimiser of `attune fit`: GSL's Nelder-Mead simplex (nmsimplex2) on
 * the real line, stopped by the simplex's size, a stall (no gain over
 * ATT_FIT_STALL (n + 1) evaluations), an evaluation budget or the caller,
 * keeping the best point it evaluated; with `polish`, restarted from its
 * best point with a fresh simplex until a restart gains nothing. */
#include <assert.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include "attune/fit.h"

struct nm_call {
    att_fit_fn f;
    void *user;
    size_t n;
    long evals;
    double fbest;
    double *ubest;
    long last_gain;   /* the evaluation that last lowered fbest by more than 1e-6 (1 + |fbest|) */
};

/* GSL's view of f: counts the evaluations and keeps the best point (the
 * simplex's own best can only be one of them). */
static double call(const gsl_vector *v, void *p)
{
    struct nm_call *c = p;
    double u[64];
    assert(c->n <= 64);
    for (size_t i = 0; i < c->n; i++)
        u[i] = gsl_vector_get(v, i);
    double y = c->f(c->user, u);
    c->evals++;
    if (isfinite(y) && (c->evals == 1 || y < c->fbest - 1e-6 * (1 + fabs(c->fbest))))
        c->last_gain = c->evals;
    if (isfinite(y) && (c->evals == 1 || y < c->fbest)) {
        c->fbest = y;
        memcpy(c->ubest, u, c->n * sizeof *u);
    }
    return y;
}

static int iterate(const att_fit_nm *nm, gsl_multimin_fminimizer *s, struct nm_call *c,
                   att_error *err)
{
    while (c->evals < nm->max_evals) {
        if (nm->stop && nm->stop(c->user))
            return ATT_OK;
        int status = gsl_multimin_fminimizer_iterate(s);
        if (status == GSL_ENOPROG)
            return ATT_OK;   /* the simplex cannot shrink further */
        if (status)
            return att_error_set(err, ATT_EINTERNAL, "Nelder-Mead: %s", gsl_strerror(status));
        if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), nm->tol) == GSL_SUCCESS)
            return ATT_OK;
        /* a plateau of J (common random numbers make it a fine staircase),
         * where the simplex would reflect back and forth for ever */
        if (c->evals - c->last_gain >= ATT_FIT_STALL * (long)(nm->n + 1))
            return ATT_OK;
    }
    return ATT_OK;
}

/* One search of at most nm->max_evals - c->evals evaluations from u0,
 * counting into c. */
static int search(const att_fit_nm *nm, struct nm_call *c, const double *u0, att_error *err)
{
    gsl_vector *x = gsl_vector_alloc(nm->n), *step = gsl_vector_alloc(nm->n);
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, nm->n);
    int rc = ATT_OK;
    if (!x || !step || !s) {
        rc = att_error_nomem(err);
    } else {
        for (size_t i = 0; i < nm->n; i++) {
            gsl_vector_set(x, i, u0[i]);
            gsl_vector_set(step, i, nm->step);
        }
        c->last_gain = c->evals;
        gsl_multimin_function fn = { call, nm->n, c };
        int status = gsl_multimin_fminimizer_set(s, &fn, x, step);
        if (status)
            rc = att_error_set(err, ATT_EINTERNAL, "Nelder-Mead: %s", gsl_strerror(status));
        else
            rc = iterate(nm, s, c, err);
    }
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(x);
    gsl_vector_free(step);
    return rc;
}

int att_fit_minimise(const att_fit_nm *nm, att_fit_fn f, void *user, const double *u0,
                     double *ubest, double *fbest, long *evals, att_error *err)
{
    assert(nm->n >= 1 && nm->n <= 64 && nm->step > 0 && nm->max_evals >= 1);
    struct nm_call c = { f, user, nm->n, 0, NAN, ubest, 0 };
    memcpy(ubest, u0, nm->n * sizeof *u0);
    int rc = search(nm, &c, u0, err);
    /* the polish: a fresh simplex of the same size around the best point,
     * again while the last one lowered the best value by more than the
     * stall's threshold */
    double from[64], f0 = c.fbest;
    while (rc == ATT_OK && nm->polish && c.evals < nm->max_evals && isfinite(c.fbest)
           && !(nm->stop && nm->stop(user))) {
        f0 = c.fbest;
        memcpy(from, ubest, nm->n * sizeof *from);
        rc = search(nm, &c, from, err);
        if (!(c.fbest < f0 - 1e-6 * (1 + fabs(f0))))
            break;
    }
    *fbest = c.fbest;
    *evals = c.evals;
    return rc;
}
