/* The fit's asymptotic (sandwich) standard errors and Wald intervals: the
 * Jacobian of the simulated statistics at the estimate by least squares
 * over five points per key with the fit's own dyads, their roughness (the
 * residuals of a parabola through the five), and the sandwich
 * H^-1 G'W (Omega + T) W G H^-1 with GSL's linear algebra, widened by
 * fit_resim.c's measured spread over other simulated dyads; the two 95 %
 * intervals, the logit Wald one and fit_ci.c's inverted one (the logit as
 * its start and fallback), and which of them the fit reports
 * (ATT_FIT_CI_INVERTED; docs/FIT.md, "Uncertainty and diagnostics"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include "fit/fit_int.h"

/* Below this reciprocal condition number (of H's correlation form) H is
 * singular. */
#define RCOND_MIN 1e-10

/* flat[i] for the flat direction of the correlation form `hs` (p x p):
 * the eigenvector of the smallest eigenvalue, components at least half
 * the largest.  ATT_OK or ATT_ENOMEM. */
static int flat_direction(gsl_matrix *hs, int *flat, att_error *err)
{
    size_t p = hs->size1;
    gsl_vector *eval = gsl_vector_alloc(p);
    gsl_matrix *evec = gsl_matrix_alloc(p, p);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(p);
    int rc = eval && evec && w ? ATT_OK : att_error_nomem(err);
    if (rc == ATT_OK && gsl_eigen_symmv(hs, eval, evec, w) == 0) {
        gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_ASC);
        gsl_vector_view v = gsl_matrix_column(evec, 0);
        double top = gsl_vector_max(&v.vector), bottom = gsl_vector_min(&v.vector);
        double big = fmax(fabs(top), fabs(bottom));
        for (size_t i = 0; i < p; i++)
            flat[i] = fabs(gsl_vector_get(&v.vector, i)) >= 0.5 * big;
    }
    gsl_vector_free(eval);
    gsl_matrix_free(evec);
    if (w)
        gsl_eigen_symmv_free(w);
    return rc;
}

/* Whether H (p x p) is positive definite, judged on its correlation form;
 * on success `inv` holds H^-1.  Singular: flat[] says where.  `hs` is
 * scratch (p x p).  ATT_OK or ATT_ENOMEM. */
static int invert(const gsl_matrix *h, gsl_matrix *inv, gsl_matrix *hs, int *singular,
                  int *flat, att_error *err)
{
    size_t p = h->size1;
    *singular = 0;
    for (size_t i = 0; i < p; i++) {
        double d = gsl_matrix_get(h, i, i);
        flat[i] = !(d > 0) || !isfinite(d);
        *singular |= flat[i];
    }
    if (*singular)
        return ATT_OK;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(hs, i, j, gsl_matrix_get(h, i, j)
                           / sqrt(gsl_matrix_get(h, i, i) * gsl_matrix_get(h, j, j)));
    gsl_matrix_memcpy(inv, hs);
    gsl_vector *work = gsl_vector_alloc(3 * p);
    if (!work)
        return att_error_nomem(err);
    double rcond = 0;
    if (gsl_linalg_cholesky_decomp1(inv) != 0
        || gsl_linalg_cholesky_rcond(inv, &rcond, work) != 0 || !(rcond >= RCOND_MIN))
        *singular = 1;
    gsl_vector_free(work);
    if (*singular)
        return flat_direction(hs, flat, err);
    gsl_linalg_cholesky_invert(inv);
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(inv, i, j, gsl_matrix_get(inv, i, j)
                           / sqrt(gsl_matrix_get(h, i, i) * gsl_matrix_get(h, j, j)));
    return ATT_OK;
}

/* Var = A Omega A' with A = H^-1 (WG)'. */
static void sandwich(const gsl_matrix *hinv, const gsl_matrix *wg, const gsl_matrix *omega,
                     gsl_matrix *a, gsl_matrix *ao, gsl_matrix *var)
{
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, hinv, wg, 0.0, a);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, a, omega, 0.0, ao);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, ao, a, 0.0, var);
}

int att_fit_sandwich(size_t K, size_t p, const double *G, const double *v,
                     const double *omega, double *var, int *singular, int *flat,
                     att_error *err)
{
    for (size_t i = 0; i < p * p; i++)
        var[i] = NAN;
    int flat0[64], *fl = flat ? flat : flat0;
    if (p > 64)
        return att_error_set(err, ATT_EINPUT, "sandwich: %zu parameters (at most 64)", p);
    gsl_matrix *wg = gsl_matrix_alloc(K, p), *h = gsl_matrix_alloc(p, p);
    gsl_matrix *inv = gsl_matrix_alloc(p, p), *hs = gsl_matrix_alloc(p, p);
    gsl_matrix *a = gsl_matrix_alloc(p, K), *ao = gsl_matrix_alloc(p, K);
    int rc = wg && h && inv && hs && a && ao ? ATT_OK : att_error_nomem(err);
    if (rc == ATT_OK) {
        gsl_matrix_const_view g = gsl_matrix_const_view_array(G, K, p);
        gsl_matrix_const_view om = gsl_matrix_const_view_array(omega, K, K);
        gsl_matrix_view out = gsl_matrix_view_array(var, p, p);
        for (size_t k = 0; k < K; k++)
            for (size_t i = 0; i < p; i++)
                gsl_matrix_set(wg, k, i, G[k * p + i] / v[k]);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &g.matrix, wg, 0.0, h);
        rc = invert(h, inv, hs, singular, fl, err);
        if (rc == ATT_OK && !*singular)
            sandwich(inv, wg, &om.matrix, a, ao, &out.matrix);
    }
    gsl_matrix_free(wg);
    gsl_matrix_free(h);
    gsl_matrix_free(inv);
    gsl_matrix_free(hs);
    gsl_matrix_free(a);
    gsl_matrix_free(ao);
    return rc;
}

double att_fit_se_step(double x, double lo, double hi)
{
    double range = hi - lo;
    return fmin(0.05 * range, fmax(0.01 * range, 0.10 * fabs(x)));
}

int att_fit_se_offset(double x, double lo, double hi, double h)
{
    if (x - 2 * h < lo)
        return 2;
    if (x + 2 * h > hi)
        return -2;
    return 0;
}

double att_fit_slope5(const double y[5], double h, double r[5])
{
    /* by differences, so that five equal values give exactly 0 (a key the
     * statistics do not see: H = 0, singular) */
    double b = (2 * (y[4] - y[0]) + (y[3] - y[1])) / 10;
    double q = (2 * (y[0] + y[4]) - (y[1] + y[3]) - 2 * y[2]) / 14;
    double mean = (y[0] + y[1] + y[2] + y[3] + y[4]) / 5;
    if (r)
        for (int j = -2; j <= 2; j++)
            r[j + 2] = y[j + 2] - mean - b * j - q * (j * j - 2);
    return b / h;
}

int att_fit_se_column(att_fit *f, const double *x, const double *sim_x, size_t i, double *g,
                      double *T, double *sim, int *undefined, att_error *err)
{
    const att_fit_param *p = &f->params[i];
    size_t K = f->o.nstats, np = f->o.nparams;
    double x0 = x[i], h = att_fit_se_step(x0, p->lo, p->hi);
    int c = att_fit_se_offset(x0, p->lo, p->hi, h);
    for (int j = -2; j <= 2; j++) {
        double *at = sim + (size_t)(j + 2) * K;
        if (c + j == 0) {
            memcpy(at, sim_x, K * sizeof(double));
            continue;
        }
        memcpy(f->scratch_x, x, np * sizeof(double));
        f->scratch_x[i] = x0 + (c + j) * h;
        int rc = att_fit_simulate(f, f->scratch_x, at, err);
        if (rc != ATT_OK)
            return rc;
    }
    double y[5], r[5], *res = sim + 5 * K;   /* K x 5 residuals */
    for (size_t k = 0; k < K; k++) {
        for (int j = 0; j < 5; j++)
            y[j] = sim[(size_t)j * K + k];
        g[k * np] = att_fit_slope5(y, h, r);
        memcpy(res + 5 * k, r, sizeof r);
        *undefined |= !isfinite(g[k * np]);
    }
    for (size_t k = 0; k < K && !*undefined; k++)
        for (size_t l = 0; l < K; l++)
            for (int j = 0; j < 5; j++)
                T[k * K + l] += res[5 * k + j] * res[5 * l + j];
    return ATT_OK;
}

int att_fit_se_variance(const att_fit *f, const double *G, const double *T, double *omt,
                        double *var, int *singular, int *flat, att_error *err)
{
    size_t np = f->o.nparams, K = f->o.nstats;
    /* Omega + T, T the roughness: the residuals' cross-products over their
     * 2 p degrees of freedom */
    for (size_t k = 0; k < K * K; k++)
        omt[k] = f->omega[k] + T[k] / (2.0 * (double)np);
    return att_fit_sandwich(K, np, G, f->var, omt, var, singular, flat, err);
}

/* The se from G (K x p) and the residuals' cross-products T (K x K), or
 * the warnings of a singular H. */
static int from_jacobian(att_fit *f, const double *G, const double *T, att_error *err)
{
    size_t np = f->o.nparams, K = f->o.nstats;
    double *var = malloc(np * np * sizeof *var), *omt = malloc(K * K * sizeof *omt);
    int singular = 0, flat[64];
    int rc = var && omt ? att_fit_se_variance(f, G, T, omt, var, &singular, flat, err)
                        : att_error_nomem(err);
    for (size_t i = 0; rc == ATT_OK && i < np; i++) {
        double d = var[i * np + i];
        f->se_asym[i] = singular || !(d >= 0) ? NAN : sqrt(d);
        if (singular && flat[i])
            att_fit_add_warning(f, i, "singular: the statistics do not fix this key "
                                      "(no asymptotic se)");
    }
    free(var);
    free(omt);
    return rc;
}

/* The asymptotic interval's warnings, as the bootstrap's (fit_diag.c): a
 * key whose Wald interval x -+ 1.96 se reaches a bound (one warning per
 * bound, not worded as "the asymptotic interval": the interval reported
 * is on the logit scale and does not reach it), or whose se exceeds a quarter
 * of the range, is not pinned down by the statistics even when J is not
 * flat near the estimate (a staircase J can jump by more than 1 between
 * neighbouring values and still hold no information). */
static void interval_warnings(att_fit *f)
{
    for (size_t i = 0; i < f->o.nparams; i++) {
        const att_fit_param *p = &f->params[i];
        double range = p->hi - p->lo, se = f->se_asym[i];
        if (!isfinite(se))
            continue;
        if (f->best_x[i] - 1.96 * se <= p->lo + 1e-3 * range)
            att_fit_add_warning(f, i, ATT_FIT_WARN_LOW_BOUND);
        if (f->best_x[i] + 1.96 * se >= p->hi - 1e-3 * range)
            att_fit_add_warning(f, i, ATT_FIT_WARN_HIGH_BOUND);
        if (se > range / 4)
            att_fit_add_warning(f, i, "the asymptotic se exceeds a quarter of the range");
    }
}

/* G's columns and each key's roughness Ti (p of K x K, summed into T). */
static int jacobian(att_fit *f, double *G, double *Ti, double *T, double *sim, int *bad,
                    att_error *err)
{
    size_t K = f->o.nstats, np = f->o.nparams;
    int rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < np; i++) {
        int undefined = 0;
        double *ti = Ti + i * K * K;
        rc = att_fit_se_column(f, f->best_x, f->best_sim, i, G + i, ti, sim, &undefined, err);
        if (rc == ATT_OK && undefined)
            att_fit_add_warning(f, i, "a statistic is undefined near the estimate "
                                      "(no asymptotic se)");
        *bad |= undefined;
        for (size_t k = 0; rc == ATT_OK && k < K * K; k++)
            T[k] += ti[k];
    }
    return rc;
}

int att_fit_asymptotic(att_fit *f, att_error *err)
{
    size_t K = f->o.nstats, np = f->o.nparams;
    for (size_t i = 0; i < np; i++)
        f->se_asym[i] = f->ci_asym[i] = f->ci_asym[np + i] = NAN;
    if (!f->have_best || f->stopped || K < np)
        return ATT_OK;
    double *G = malloc(K * np * sizeof *G), *sim = malloc(10 * K * sizeof *sim);
    double *T = calloc(K * K, sizeof *T), *Ti = calloc(np * K * K, sizeof *Ti);
    int rc = G && sim && T && Ti ? ATT_OK : att_error_nomem(err), bad = 0;
    if (rc == ATT_OK)
        rc = jacobian(f, G, Ti, T, sim, &bad, err);
    if (rc == ATT_OK && !bad)
        rc = from_jacobian(f, G, T, err);
    int resimmed = 0;
    if (rc == ATT_OK && !bad) {
        rc = att_fit_resim(f, err);
        /* Ctrl-C in the refits: the sandwich se stand (fit_resim.c warns),
         * the logit interval without inversion */
        if (rc == ATT_EIO && f->o.interrupted && f->o.interrupted()) {
            f->stopped = 1;
            att_error_clear(err);
            rc = ATT_OK;
        } else {
            resimmed = rc == ATT_OK;
        }
    }
    if (rc == ATT_OK)
        interval_warnings(f);
    if (rc == ATT_OK && resimmed) {
        rc = att_fit_ci_inverted(f, G, Ti, err);
        /* Ctrl-C in the inversion: the se stand, the ends not reached are
         * the logit ones (fit_ci.c says so per key) */
        if (rc == ATT_EIO && f->o.interrupted && f->o.interrupted()) {
            f->stopped = 1;
            att_error_clear(err);
            rc = ATT_OK;
        }
    }
    free(G);
    free(sim);
    free(T);
    free(Ti);
    if (rc != ATT_OK)
        for (size_t i = 0; i < np; i++)
            f->se_asym[i] = NAN;   /* none half-made */
    return att_fit_keep_best_on_interrupt(f, rc, err);
}

double att_fit_se_asym(const att_fit *f, size_t i) { return f->se_asym[i]; }

double att_fit_ci_logit(double x, double se, double lo, double hi, double z)
{
    if (!isfinite(se) || !(se >= 0) || !(x > lo && x < hi))
        return NAN;
    double u = log((x - lo) / (hi - x));
    double su = se * (hi - lo) / ((x - lo) * (hi - x));   /* se du/dx */
    return att_fit_from_line(u + z * su, lo, hi);
}

/* The logit interval's end z = -1.96 (lower) or 1.96 (upper)
 * (att_fit_ci_logit); an estimate on a bound (no logit) keeps the Wald end
 * cut there. */
static double logit_end(const att_fit *f, size_t i, double z)
{
    const att_fit_param *p = &f->params[i];
    double se = f->se_asym[i], x = f->best_x[i];
    if (!isfinite(se))
        return NAN;
    double e = att_fit_ci_logit(x, se, p->lo, p->hi, z);
    return isfinite(e) ? e : fmin(p->hi, fmax(p->lo, x + z * se));
}

/* The inverted interval's end (fit_ci.c), the logit one where it was not
 * inverted. */
static double inv_end(const att_fit *f, size_t i, double z)
{
    double inv = f->ci_asym[z < 0 ? i : f->o.nparams + i];
    return isfinite(f->se_asym[i]) && isfinite(inv) ? inv : logit_end(f, i, z);
}

double att_fit_ci_logit_lo(const att_fit *f, size_t i) { return logit_end(f, i, -1.96); }
double att_fit_ci_logit_hi(const att_fit *f, size_t i) { return logit_end(f, i, 1.96); }
double att_fit_ci_inv_lo(const att_fit *f, size_t i) { return inv_end(f, i, -1.96); }
const char *att_fit_ci_inv_note(const att_fit *f, size_t i, int upper)
{
    return i < f->o.nparams ? f->inv_note[2 * i + (upper != 0)] : NULL;
}
double att_fit_ci_inv_hi(const att_fit *f, size_t i) { return inv_end(f, i, 1.96); }
double att_fit_ci_asym_lo(const att_fit *f, size_t i)
{
    return ATT_FIT_CI_INVERTED ? inv_end(f, i, -1.96) : logit_end(f, i, -1.96);
}
double att_fit_ci_asym_hi(const att_fit *f, size_t i)
{
    return ATT_FIT_CI_INVERTED ? inv_end(f, i, 1.96) : logit_end(f, i, 1.96);
}
