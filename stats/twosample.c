/* Two-sample and k-sample tests for comparing the conditions of a batch
 * experiment: Welch's t, Mann-Whitney U, Hedges' g, the log-rank test and
 * Holm's adjustment (definitions in include/attune/twosample.h).
 *
 * Undefined results are NaN, never errors; the only error is running out of
 * memory.  No GSL call here can reach GSL's error handler on valid input
 * (the program turns the handler off, but the tests run with the default
 * one, which aborts), so every call that could is guarded beforehand. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>
#include "attune/error.h"
#include "attune/twosample.h"

/* R uses the exact null distribution of U below these sample sizes. */
#define MW_EXACT_LIMIT 50

/* ---- Welch's t ---------------------------------------------------------- */

/* Iterations of the continued fraction; it needs about sqrt(df) near its
 * switch-over point, so this covers df up to ~10^9 before the fallback. */
#define BETA_CF_MAXIT 100000

/* The continued fraction of I_x(a, b) (Numerical Recipes 6.4, modified
 * Lentz), which converges quickly for x < (a + 1) / (a + b + 2); NaN if it
 * has not converged after BETA_CF_MAXIT steps. */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    if (fabs(d) < tiny)
        d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= BETA_CF_MAXIT; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a - 1.0 + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = fabs(d) < tiny ? 1.0 / tiny : 1.0 / d;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1.0 + m2));
        d = 1.0 + aa * d;
        d = fabs(d) < tiny ? 1.0 / tiny : 1.0 / d;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 2.0 * DBL_EPSILON)
            return h;
    }
    return NAN;
}

/* log B(a, 1/2).  For large a, lgamma(a) - lgamma(a + 1/2) cancels about
 * log10(a) digits, so from a = 25 on the asymptotic series of
 * log(Gamma(a + 1/2) / Gamma(a)) is used instead (error below 1e-15 there,
 * checked against mpmath). */
static double lnbeta_half(double a)
{
    if (a < 25.0)
        return gsl_sf_lnbeta(a, 0.5);
    double a2 = a * a, a3 = a2 * a;
    /* 0.5 log(pi) = log Gamma(1/2) */
    return 0.5723649429247001 - 0.5 * log(a) + 1.0 / (8.0 * a) - 1.0 / (192.0 * a3)
        + 1.0 / (640.0 * a3 * a2) - 17.0 / (14336.0 * a3 * a3 * a);
}

/* From this df on, gsl_cdf_tdist_Q is used: there it is accurate (relative
 * error below 4e-13 for df from 1e4 to 1e8, down to p = 1e-300), while the
 * continued fraction, whose first terms cancel like 1 - x, loses about
 * df * 4e-17 relative. */
#define T_GSL_DF 1e5

/* The two-sided p-value 2 Q_t(|t|; df) = I_x(df/2, 1/2), x = df / (df + t^2),
 * the regularised incomplete beta function.  The far tail is computed
 * directly, never as 1 - something: with r = t^2 / df,
 *   log x = -log1p(r),  log(1 - x) = log(r) - log1p(r)
 * keep their digits when x is near 1, and the prefactor
 * x^a (1 - x)^b / (a B(a, b)) is formed in logs, so its relative error stays
 * near 1e-13 down to p = 1e-300.  Near the centre (x past the continued
 * fraction's switch-over, where p > 0.05) p = 1 - I_{1-x}(1/2, df/2).
 * gsl_cdf_tdist_Q loses up to ~1e-6 relative for df from 30 to 1000 in the
 * far tail; it is used only for df >= T_GSL_DF, and as a fallback should the
 * fraction not converge.  Relative error against mpmath (40 digits) on a
 * grid of df from 1 to 1e7 and p from 1 to 1e-300: below 1e-11. */
double att_t_pvalue(double t, double df)
{
    if (isnan(t) || !(df > 0.0))
        return NAN;
    if (isinf(df))
        return 2.0 * gsl_cdf_ugaussian_Q(fabs(t));
    double r = t / df * t;  /* t^2 / df without overflowing t^2 first */
    if (r == 0.0)
        return 1.0;
    if (isinf(r))
        return 0.0;
    if (df >= T_GSL_DF)
        return 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
    double a = df / 2.0, b = 0.5;
    double log_x = -log1p(r), log_1mx = log(r) - log1p(r);
    double x = exp(log_x), lnbeta = lnbeta_half(a);
    if (x < (a + 1.0) / (a + b + 2.0)) {
        double cf = beta_cf(a, b, x);
        if (!isnan(cf))
            return exp(a * log_x + b * log_1mx - lnbeta) * cf / a;
    } else {
        double cf = beta_cf(b, a, exp(log_1mx));
        if (!isnan(cf))
            return 1.0 - exp(a * log_x + b * log_1mx - lnbeta) * cf / b;
    }
    return 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
}

void att_welch_test(const double *x, size_t nx, const double *y, size_t ny, att_welch *out)
{
    *out = (att_welch){ NAN, NAN, NAN, NAN };
    if (nx < 1 || ny < 1)
        return;
    double mx = gsl_stats_mean(x, 1, nx), my = gsl_stats_mean(y, 1, ny);
    out->diff = mx - my;
    if (nx < 2 || ny < 2)
        return;
    /* Squared standard errors of the two means. */
    double sx = gsl_stats_variance_m(x, 1, nx, mx) / (double)nx;
    double sy = gsl_stats_variance_m(y, 1, ny, my) / (double)ny;
    double se2 = sx + sy;
    if (!(se2 > 0.0))
        return;
    out->t = out->diff / sqrt(se2);
    out->df = se2 * se2 / (sx * sx / (double)(nx - 1) + sy * sy / (double)(ny - 1));
    out->p = att_t_pvalue(out->t, out->df);
}

/* ---- Mann-Whitney U ----------------------------------------------------- */

/* Values in sorted[0..n) below v (a lower bound by bisection). */
static size_t count_below(const double *sorted, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Values in sorted[0..n) at most v. */
static size_t count_at_most(const double *sorted, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* sum (t^3 - t) over the runs of equal values in sorted[0..n): the tie
 * term of the variance of U, 0 when there are no ties. */
static double tie_term(const double *sorted, size_t n)
{
    double sum = 0.0;
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && sorted[j] == sorted[i])
            j++;
        double t = (double)(j - i);
        sum += t * t * t - t;
        i = j;
    }
    return sum;
}

/* P(U <= q) and P(U >= q) under the null, for m and n values without ties.
 * f_{i,j}(u), the number of orderings of i x's and j y's with U = u, follows
 * from where the largest value goes: an x above all j y's, or a y,
 *   f_{i,j}(u) = f_{i-1,j}(u - j) + f_{i,j-1}(u),
 * so one row per i, updated in place for j = 1..n, is enough.  The counts
 * (up to C(98, 49), about 2.5e28) are only ever added, so doubles keep them
 * to rounding error.  U's distribution is the same with m and n swapped:
 * the caller passes the smaller as m to keep the table small. */
static int mw_exact_tails(size_t m, size_t n, size_t q, double *p_lower, double *p_upper)
{
    size_t len = m * n + 1;
    double *f = calloc((m + 1) * len, sizeof *f);
    if (!f)
        return ATT_ENOMEM;
    for (size_t i = 0; i <= m; i++)
        f[i * len] = 1.0;  /* no y's: U = 0, one ordering */
    for (size_t j = 1; j <= n; j++) {
        for (size_t i = 1; i <= m; i++) {
            double *row = f + i * len;
            const double *prev = f + (i - 1) * len;  /* already f_{i-1,j} */
            for (size_t u = j; u <= i * j; u++)
                row[u] += prev[u - j];
        }
    }
    const double *dist = f + m * len;
    double total = 0.0, lower = 0.0, upper = 0.0;
    for (size_t u = 0; u < len; u++) {
        total += dist[u];
        if (u <= q)
            lower += dist[u];
        if (u >= q)
            upper += dist[u];
    }
    free(f);
    *p_lower = lower / total;
    *p_upper = upper / total;
    return ATT_OK;
}

int att_mann_whitney_test(const double *x, size_t nx, const double *y, size_t ny,
                          att_mann_whitney *out, att_error *err)
{
    *out = (att_mann_whitney){ NAN, NAN, NAN, NAN, 0 };
    if (nx < 1 || ny < 1)
        return ATT_OK;
    size_t N = nx + ny;
    if (N < nx || N > SIZE_MAX / sizeof(double))
        return att_error_nomem(err);
    double *pooled = malloc(N * sizeof *pooled);
    if (!pooled)
        return att_error_nomem(err);
    memcpy(pooled, x, nx * sizeof *pooled);
    memcpy(pooled + nx, y, ny * sizeof *pooled);
    gsl_sort(pooled, 1, N);

    /* x's mid-rank sum: a value with `below` smaller ones and `upto` at most
     * equal takes ranks below+1 .. upto, mean (below + 1 + upto) / 2. */
    double rank_sum = 0.0;
    for (size_t i = 0; i < nx; i++) {
        size_t below = count_below(pooled, N, x[i]), upto = count_at_most(pooled, N, x[i]);
        rank_sum += 0.5 * (double)(below + 1 + upto);
    }
    double ties = tie_term(pooled, N);
    free(pooled);

    double fx = (double)nx, fy = (double)ny, fn = (double)N;
    out->u = rank_sum - fx * (fx + 1.0) / 2.0;
    out->auc = out->u / (fx * fy);

    if (nx < MW_EXACT_LIMIT && ny < MW_EXACT_LIMIT && ties == 0.0) {
        double lower, upper;
        size_t m = nx < ny ? nx : ny, n = nx < ny ? ny : nx;
        if (mw_exact_tails(m, n, (size_t)out->u, &lower, &upper) != ATT_OK)
            return att_error_nomem(err);
        out->exact = 1;
        out->p = fmin(1.0, 2.0 * fmin(lower, upper));
        return ATT_OK;
    }

    /* All values tied leaves no variance: sigma is 0 and p undefined.  With
     * N == 1 impossible here (nx, ny >= 1), N (N - 1) > 0. */
    double var = fx * fy / 12.0 * ((fn + 1.0) - ties / (fn * (fn - 1.0)));
    if (!(var > 0.0))
        return ATT_OK;
    double centred = out->u - fx * fy / 2.0;
    double correction = centred > 0.0 ? 0.5 : centred < 0.0 ? -0.5 : 0.0;
    out->z = (centred - correction) / sqrt(var);
    /* 2 min(Phi(z), 1 - Phi(z)) = 2 Q(|z|), which keeps its digits in the tail. */
    out->p = 2.0 * gsl_cdf_ugaussian_Q(fabs(out->z));
    return ATT_OK;
}

/* ---- Hedges' g ---------------------------------------------------------- */

void att_hedges_g(const double *x, size_t nx, const double *y, size_t ny, double conf,
                  att_hedges *out)
{
    *out = (att_hedges){ NAN, NAN, NAN, NAN, NAN };
    if (nx < 2 || ny < 2)
        return;
    double fx = (double)nx, fy = (double)ny;
    double mx = gsl_stats_mean(x, 1, nx), my = gsl_stats_mean(y, 1, ny);
    double vx = gsl_stats_variance_m(x, 1, nx, mx), vy = gsl_stats_variance_m(y, 1, ny, my);
    double pooled_var = ((fx - 1.0) * vx + (fy - 1.0) * vy) / (fx + fy - 2.0);
    if (!(pooled_var > 0.0))
        return;
    out->d = (mx - my) / sqrt(pooled_var);
    /* nx + ny >= 4 keeps 4 (nx + ny) - 9 positive. */
    out->g = (1.0 - 3.0 / (4.0 * (fx + fy) - 9.0)) * out->d;
    out->se = sqrt((fx + fy) / (fx * fy) + out->g * out->g / (2.0 * (fx + fy)));
    if (conf > 0.0 && conf < 1.0) {
        double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
        out->lo = out->g - z * out->se;
        out->hi = out->g + z * out->se;
    }
}

/* ---- log-rank ----------------------------------------------------------- */

/* The earliest time not yet visited over all groups; 0 when none is left. */
static int next_time(const att_km_group *groups, size_t k, const size_t *next, double *t)
{
    int found = 0;
    for (size_t j = 0; j < k; j++) {
        if (next[j] < groups[j].n && (!found || groups[j].times[next[j]] < *t)) {
            *t = groups[j].times[next[j]];
            found = 1;
        }
    }
    return found;
}

/* Adds one event time's terms to O, E and the full k x k matrix V (row
 * stride k), given each group's number at risk and events there. */
static void add_event_time(size_t k, const long *at_risk, const long *events, double *o, double *e,
                           double *v)
{
    long n_all = 0, d_all = 0;
    for (size_t j = 0; j < k; j++) {
        n_all += at_risk[j];
        d_all += events[j];
    }
    double n = (double)n_all, d = (double)d_all;
    for (size_t j = 0; j < k; j++) {
        o[j] += (double)events[j];
        e[j] += (double)at_risk[j] * d / n;
    }
    /* With one at risk the hypergeometric variance is 0 (and the formula 0/0). */
    if (n_all < 2)
        return;
    double w = d * (n - d) / (n - 1.0);
    for (size_t j = 0; j < k; j++) {
        double pj = (double)at_risk[j] / n;
        /* Written as n_j (n - n_j) so that a group holding everyone at risk
         * adds exactly 0: the singularity test below relies on it. */
        v[j * k + j] += w * (double)at_risk[j] * (double)(n_all - at_risk[j]) / (n * n);
        for (size_t l = j + 1; l < k; l++) {
            double c = w * pj * ((double)at_risk[l] / n);
            v[j * k + l] -= c;
            v[l * k + j] -= c;
        }
    }
}

/* chisq = b' V^-1 b for the leading (k-1) x (k-1) block of the full k x k
 * V (row stride k, overwritten) and b = (O - E) over the first k - 1
 * groups (overwritten); NaN when that block is singular.
 *
 * V is a sum of multinomial covariances, one for each event time, over the
 * groups at risk then.  Those sets shrink with time, so every group that
 * shares a term with another is at risk at the first such time: V's null
 * space is spanned by the ones vector alone, and the block is positive
 * definite, exactly when every V_jj > 0.  add_event_time keeps the zero
 * diagonals exact, so this test is exact; it runs first because Cholesky
 * on a semidefinite matrix would reach GSL's error handler. */
static double quadratic_form(size_t k, double *v, double *b)
{
    for (size_t j = 0; j < k; j++)
        if (!(v[j * k + j] > 0.0))
            return NAN;
    gsl_matrix_view full = gsl_matrix_view_array(v, k, k);
    gsl_matrix_view block = gsl_matrix_submatrix(&full.matrix, 0, 0, k - 1, k - 1);
    gsl_vector_view rhs = gsl_vector_view_array(b, k - 1);
    if (gsl_linalg_cholesky_decomp1(&block.matrix) != 0)
        return NAN;  /* numerically not positive definite */
    /* With V = L L', b' V^-1 b = |L^-1 b|^2, which cannot come out negative. */
    if (gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, &block.matrix, &rhs.vector) != 0)
        return NAN;
    double chisq;
    gsl_blas_ddot(&rhs.vector, &rhs.vector, &chisq);
    return chisq;
}

int att_logrank_test(const att_km_group *groups, size_t k, double *observed, double *expected,
                     double *chisq, double *df, double *p, att_error *err)
{
    *chisq = *df = *p = NAN;
    if (k == 0)
        return ATT_OK;
    if (k > (SIZE_MAX / sizeof(double) - 2) / (k + 2))
        return att_error_nomem(err);
    /* o, e and the full V in one block; at risk and events at one time in another. */
    double *o = calloc(k * (k + 2), sizeof *o);
    long *at_risk = calloc(2 * k, sizeof *at_risk);
    size_t *next = calloc(k, sizeof *next);
    if (!o || !at_risk || !next) {
        free(o);
        free(at_risk);
        free(next);
        return att_error_nomem(err);
    }
    double *e = o + k, *v = o + 2 * k;
    long *events = at_risk + k;

    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < groups[j].n; i++)
            at_risk[j] += groups[j].events[i] + groups[j].censored[i];

    long total_events = 0;
    double t = 0.0;
    while (next_time(groups, k, next, &t)) {
        long d = 0;
        for (size_t j = 0; j < k; j++) {
            int here = next[j] < groups[j].n && groups[j].times[next[j]] == t;
            events[j] = here ? groups[j].events[next[j]] : 0;
            d += events[j];
        }
        if (d > 0)
            add_event_time(k, at_risk, events, o, e, v);
        total_events += d;
        /* Those censored at t were at risk at t; everyone seen at t leaves now. */
        for (size_t j = 0; j < k; j++) {
            if (next[j] < groups[j].n && groups[j].times[next[j]] == t) {
                at_risk[j] -= groups[j].events[next[j]] + groups[j].censored[next[j]];
                next[j]++;
            }
        }
    }

    if (observed)
        memcpy(observed, o, k * sizeof *o);
    if (expected)
        memcpy(expected, e, k * sizeof *e);
    /* As survdiff, groups with E_j = 0 (never at risk at an event time, so
     * O_j = 0 and row j of V is 0) are dropped: V, O and E are compacted in
     * place to the kept groups (each moves to an index at most its own). */
    size_t kept = 0;
    for (size_t j = 0; j < k; j++)
        if (e[j] > 0.0)
            next[kept++] = j;
    if (kept >= 2 && total_events > 0) {
        for (size_t r = 0; r < kept; r++)
            for (size_t c = 0; c < kept; c++)
                v[r * kept + c] = v[next[r] * k + next[c]];
        /* O - E over the first kept - 1 groups, reusing o's storage. */
        for (size_t r = 0; r + 1 < kept; r++)
            o[r] = o[next[r]] - e[next[r]];
        *chisq = quadratic_form(kept, v, o);
        if (!isnan(*chisq)) {
            *df = (double)(kept - 1);
            *p = gsl_cdf_chisq_Q(*chisq, *df);
        }
    }
    free(o);
    free(at_risk);
    free(next);
    return ATT_OK;
}

/* ---- Holm --------------------------------------------------------------- */

int att_holm_adjust(const double *p, size_t n, double *adjusted, att_error *err)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += !isnan(p[i]);
    if (m == 0) {
        for (size_t i = 0; i < n; i++)
            adjusted[i] = NAN;
        return ATT_OK;
    }
    /* The non-NaN values and where they came from, copied out first so
     * that adjusted may be p. */
    double *vals = malloc(m * sizeof *vals);
    size_t *from = malloc(m * sizeof *from);
    size_t *order = malloc(m * sizeof *order);
    if (!vals || !from || !order) {
        free(vals);
        free(from);
        free(order);
        return att_error_nomem(err);
    }
    for (size_t i = 0, j = 0; i < n; i++) {
        if (!isnan(p[i])) {
            vals[j] = p[i];
            from[j++] = i;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i]))
            adjusted[i] = NAN;
    /* The sort need not be stable: tied values get the same adjusted value
     * whatever their order, because of the running maximum. */
    gsl_sort_index(order, vals, 1, m);
    double running = 0.0;
    for (size_t r = 0; r < m; r++) {
        size_t j = order[r];
        running = fmax(running, (double)(m - r) * vals[j]);
        adjusted[from[j]] = fmin(1.0, running);
    }
    free(vals);
    free(from);
    free(order);
    return ATT_OK;
}
