/* The fit's asymptotic 95 % interval by inverting the test: an end u
 * solves |u_hat - u| = 1.96 se_u(u) with the se evaluated at the
 * hypothesised value u (as the Wilson interval of a proportion does), not
 * at the estimate, on the search's logit scale; se_u(u) is fit_se.c's
 * sandwich with the key's Jacobian column and roughness recomputed at u,
 * the other keys moved along J's ridge there (fit_ci_ridge.c; docs/FIT.md,
 * "Uncertainty and diagnostics"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fit/fit_int.h"

/* The next point when every point so far has g < 0 (s the side): the
 * fixed-point step u_hat + s c se_u(u), which is u - s g; or the secant
 * through the last two points if it leads outward, but at most twice as
 * far as the fixed-point step (a nearly flat g would throw it to the cap,
 * past a root). */
static double outward(double pu, double pg, double u, double g, double s)
{
    if (isfinite(pg) && g != pg && s * (g - pg) / (u - pu) > 0)
        return u + s * fmin(-g * (u - pu) / (g - pg) * s, -2 * g);
    return u - s * g;
}

int att_fit_ci_invert(const att_fit_ci_problem *pb, double *end, int *status, int *evals,
                      att_error *err)
{
    double s = pb->z < 0 ? -1 : 1, c = fabs(pb->z), tol = pb->tol * c * pb->se_hat;
    double a = pb->u_hat, ga = -c * pb->se_hat;   /* the outermost point with g < 0 */
    double b = NAN, gb = NAN;                     /* the innermost with g > 0, once found */
    double u = pb->u_hat + pb->z * pb->se_hat;    /* the Wald (logit) end */
    *evals = 0;
    *end = pb->u_hat;
    *status = ATT_FIT_CI_DONE;
    if (!(pb->se_hat > 0))
        return ATT_OK;
    for (;;) {
        if (s * (u - pb->u_cap) >= 0)
            u = pb->u_cap;
        double v;
        int rc = pb->se(pb->user, u, &v, err);
        if (rc != ATT_OK) {
            *end = NAN;
            return rc;
        }
        ++*evals;
        if (!(v >= 0)) {
            *end = NAN, *status = ATT_FIT_CI_UNDEFINED;
            return ATT_OK;
        }
        double g = s * (u - pb->u_hat) - c * v, next = u;
        if (fabs(g) <= tol || (g < 0 && u == pb->u_cap)) {
            *end = u, *status = fabs(g) <= tol ? ATT_FIT_CI_DONE : ATT_FIT_CI_CAP;
            return ATT_OK;
        }
        if (g > 0) {
            b = u, gb = g;
        } else {
            double pa = a, pga = ga;
            a = u, ga = g;
            if (!isfinite(b))
                next = outward(pa, pga, a, ga, s);
        }
        if (isfinite(b))   /* regula falsi inside (a, b); halves past an infinite se */
            next = isfinite(ga) ? a - ga * (b - a) / (gb - ga) : (a + b) / 2;
        if (s * (next - pb->u_cap) >= 0)
            next = pb->u_cap;
        if (*evals >= pb->max_evals) {
            *end = next, *status = ATT_FIT_CI_UNSETTLED;
            return ATT_OK;
        }
        u = next;
    }
}

/* One key's inversion: the Jacobian and roughness at the estimate, the
 * ridge's slopes d and every key's bounds (lo, hi), and scratch. */
struct key {
    att_fit *f;
    size_t i;
    double *G, *T, *Trest, *omt, *var, *x, *sim_x, *sim, *d, *lo, *hi;
};

/* se_u at u for key k->i (5 simulations): NaN where a statistic is
 * undefined, infinite where H is singular. */
static int se_at(void *user, double u, double *se, att_error *err)
{
    struct key *k = user;
    att_fit *f = k->f;
    const att_fit_param *p = &f->params[k->i];
    size_t K = f->o.nstats, np = f->o.nparams;
    double x = att_fit_from_line(u, p->lo, p->hi);
    att_fit_ridge_point(np, k->d, f->best_x, k->i, x, k->lo, k->hi, k->x);
    memcpy(k->T, k->Trest, K * K * sizeof(double));
    int undefined = 0, singular = 0;
    int rc = att_fit_simulate(f, k->x, k->sim_x, err);
    if (rc == ATT_OK)
        rc = att_fit_se_column(f, k->x, k->sim_x, k->i, k->G + k->i, k->T, k->sim, &undefined,
                               err);
    if (rc == ATT_OK && !undefined)
        rc = att_fit_se_variance(f, k->G, k->T, k->omt, k->var, &singular, NULL, err);
    if (rc != ATT_OK)
        return rc;
    /* a singular H at x: the statistics do not see the key there, no
     * value near x is rejected (an infinite se) */
    double d = undefined ? NAN
               : singular  ? INFINITY
                           : k->var[k->i * np + k->i] + f->resim_excess[k->i];
    *se = sqrt(d) * (p->hi - p->lo) / ((x - p->lo) * (p->hi - x));   /* se_x du/dx */
    return ATT_OK;
}

static int has_warning(const att_fit *f, size_t i, const char *reason)
{
    for (size_t w = 0; w < f->nwarn; w++)
        if (f->warn[w].param == i && strcmp(f->warn[w].reason, reason) == 0)
            return 1;
    return 0;
}

/* H = G'WG (np x np) into k->var, then the ridge's slopes along key k->i
 * into k->d. */
static int ridge(struct key *k, const double *G, att_error *err)
{
    const att_fit *f = k->f;
    size_t K = f->o.nstats, np = f->o.nparams;
    for (size_t a = 0; a < np; a++)
        for (size_t b = 0; b < np; b++) {
            double h = 0;
            for (size_t s = 0; s < K; s++)
                h += G[s * np + a] * G[s * np + b] / f->var[s];
            k->var[a * np + b] = h;
        }
    return att_fit_ridge_slope(np, k->var, k->i, k->d, err);
}

/* Key k->i's two ends into f->ci_asym (both, or neither: an error leaves
 * the logit interval whole). */
static int key_ends(struct key *k, const double *G, const double *Ti, att_error *err)
{
    att_fit *f = k->f;
    const att_fit_param *p = &f->params[k->i];
    size_t K = f->o.nstats, np = f->o.nparams;
    double x = f->best_x[k->i], range = p->hi - p->lo, ends[2];
    const char *said[2] = { NULL, NULL };   /* an end's warning, if any */
    static const char bound[] = "the asymptotic interval reaches a bound";
    static const char *const unsettled[2] = {
        "the inverted interval's lower end is unsettled",
        "the inverted interval's upper end is unsettled" };
    static const char *const undefined[2] = {
        "the inverted interval's lower end is undefined (a statistic is undefined there): "
        "the logit end stands in",
        "the inverted interval's upper end is undefined (a statistic is undefined there): "
        "the logit end stands in" };
    int rc0 = ridge(k, G, err);
    if (rc0 != ATT_OK)
        return rc0;
    memset(k->Trest, 0, K * K * sizeof(double));
    for (size_t j = 0; j < np; j++)
        for (size_t l = 0; j != k->i && l < K * K; l++)
            k->Trest[l] += Ti[j * K * K + l];
    for (int e = 0; e < 2; e++) {
        double z = e ? 1.96 : -1.96, u_cap = att_fit_to_line(e ? p->hi - 1e-3 * range
                                                                : p->lo + 1e-3 * range,
                                                              p->lo, p->hi);
        att_fit_ci_problem pb = {
            att_fit_to_line(x, p->lo, p->hi),
            f->se_asym[k->i] * range / ((x - p->lo) * (p->hi - x)), z,
            u_cap, ATT_FIT_CI_EVALS, ATT_FIT_CI_TOL, se_at, k };
        int status = ATT_FIT_CI_CAP, evals;
        memcpy(k->G, G, K * np * sizeof(double));
        /* an estimate within 0.1 % of the range of the bound: the end is
         * the bound */
        int rc = z * (pb.u_hat - u_cap) >= 0
                     ? ATT_OK : att_fit_ci_invert(&pb, &ends[e], &status, &evals, err);
        if (rc != ATT_OK)
            return rc;
        if (status == ATT_FIT_CI_CAP)
            ends[e] = e ? p->hi : p->lo;
        else
            ends[e] = att_fit_from_line(ends[e], p->lo, p->hi);   /* NaN stays NaN */
        /* the warning judges the interval the fit reports */
        if (ATT_FIT_CI_INVERTED && status == ATT_FIT_CI_CAP && !has_warning(f, k->i, bound)
            && !has_warning(f, k->i, ATT_FIT_WARN_LOW_BOUND)
            && !has_warning(f, k->i, ATT_FIT_WARN_HIGH_BOUND))
            att_fit_add_warning(f, k->i, bound);
        said[e] = status == ATT_FIT_CI_UNSETTLED   ? unsettled[e]
                  : status == ATT_FIT_CI_UNDEFINED ? undefined[e]
                                                   : NULL;
    }
    f->ci_asym[k->i] = ends[0];
    f->ci_asym[np + k->i] = ends[1];
    /* an end known only to the se's roughness, or one the logit end stands
     * in for (said once both ends are found: an interruption leaves the
     * logit interval whole): a warning when this interval is the one
     * reported, else a note on its own columns, not a warning about a key
     * whose reported interval is sound */
    for (int e = 0; e < 2; e++)
        if (said[e] && ATT_FIT_CI_INVERTED)
            att_fit_add_warning(f, k->i, said[e]);
        else
            f->inv_note[2 * k->i + e] = said[e];
    return ATT_OK;
}

int att_fit_ci_inverted(att_fit *f, const double *G, const double *Ti, att_error *err)
{
    size_t K = f->o.nstats, np = f->o.nparams;
    struct key k = { f, 0, malloc(K * np * sizeof(double)), malloc(K * K * sizeof(double)),
                     malloc(K * K * sizeof(double)), malloc(K * K * sizeof(double)),
                     malloc(np * np * sizeof(double)), malloc(np * sizeof(double)),
                     malloc(K * sizeof(double)), malloc(10 * K * sizeof(double)),
                     malloc(np * sizeof(double)), malloc(np * sizeof(double)),
                     malloc(np * sizeof(double)) };
    int rc = k.G && k.T && k.Trest && k.omt && k.var && k.x && k.sim_x && k.sim && k.d && k.lo
                     && k.hi
                 ? ATT_OK : att_error_nomem(err);
    for (size_t j = 0; rc == ATT_OK && j < np; j++) {
        const att_fit_param *q = &f->params[j];
        k.lo[j] = q->lo;
        k.hi[j] = q->hi;
    }
    int stopped = 0;
    for (size_t j = 0; j < 2 * np; j++)
        f->inv_note[j] = NULL;
    for (k.i = 0; rc == ATT_OK && k.i < np; k.i++) {
        const att_fit_param *p = &f->params[k.i];
        double x = f->best_x[k.i];
        if (!isfinite(f->se_asym[k.i]) || !(f->se_asym[k.i] > 0) || !(x > p->lo && x < p->hi))
            continue;
        if (!stopped)
            rc = key_ends(&k, G, Ti, err);
        /* interrupted: this key and the rest keep the logit interval */
        if (rc == ATT_EIO && f->o.interrupted && f->o.interrupted())
            stopped = 1, rc = ATT_OK;
        if (stopped)
            att_fit_add_warning(f, k.i, "interrupted: the asymptotic interval is the logit "
                                        "one, not inverted");
    }
    if (stopped)
        rc = att_error_set(err, ATT_EIO, "interrupted");
    free(k.G);
    free(k.T);
    free(k.Trest);
    free(k.omt);
    free(k.var);
    free(k.x);
    free(k.sim_x);
    free(k.sim);
    free(k.d);
    free(k.lo);
    free(k.hi);
    return rc;
}
