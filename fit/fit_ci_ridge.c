/* The ridge the inverted interval walks along (fit_ci.c): where one key is
 * moved off its estimate, the other keys move to the minimum of the
 * quadratic approximation of J there, x_r = est_r - H_rr^-1 H_rk (x_k -
 * est_k), H = G'WG at the estimate -- a cheap stand-in for re-estimating
 * them, as the profile (distance-metric) interval would (docs/FIT.md,
 * "Uncertainty and diagnostics"). */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_linalg.h>
#include "fit/fit_int.h"

int att_fit_ridge_slope(size_t p, const double *H, size_t k, double *d, att_error *err)
{
    if (p > 64)
        return att_error_set(err, ATT_EINPUT, "ridge: %zu parameters (at most 64)", p);
    for (size_t r = 0; r < p; r++)
        d[r] = r == k ? 1 : 0;
    if (p < 2)
        return ATT_OK;
    size_t m = p - 1;
    gsl_matrix *a = gsl_matrix_alloc(m, m);
    gsl_vector *b = gsl_vector_alloc(m), *s = gsl_vector_alloc(m);
    int rc = a && b && s ? ATT_OK : att_error_nomem(err), ok = 1;
    for (size_t r = 0, i = 0; rc == ATT_OK && r < p; r++) {
        if (r == k)
            continue;
        for (size_t c = 0, j = 0; c < p; c++)
            if (c != k)
                gsl_matrix_set(a, i, j++, H[r * p + c]);
        gsl_vector_set(b, i++, -H[r * p + k]);
        ok &= isfinite(H[r * p + k]);
    }
    /* H_rr d_r = -H_rk; not positive definite: the other keys stay */
    if (rc == ATT_OK && ok && gsl_linalg_cholesky_decomp1(a) == 0
        && gsl_linalg_cholesky_solve(a, b, s) == 0)
        for (size_t r = 0, i = 0; r < p; r++)
            if (r != k)
                d[r] = gsl_vector_get(s, i++);
    for (size_t r = 0; r < p; r++)
        if (!isfinite(d[r]))
            for (size_t q = 0; q < p; q++)
                d[q] = q == k ? 1 : 0;
    gsl_matrix_free(a);
    gsl_vector_free(b);
    gsl_vector_free(s);
    return rc;
}

void att_fit_ridge_point(size_t p, const double *d, const double *est, size_t k, double xk,
                         const double *lo, const double *hi, double *x)
{
    for (size_t r = 0; r < p; r++)
        x[r] = r == k ? xk : fmin(hi[r], fmax(lo[r], est[r] + d[r] * (xk - est[k])));
}
