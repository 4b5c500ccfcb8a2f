/* Kaplan-Meier, 2x2-table and effect-size statistics (definitions in include/attune/stats.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include "attune/stats.h"

void att_km_curve(const double *times, const long *events, const long *censored, size_t n,
                  double *surv, double *gw)
{
    (void)times;  /* the curve depends only on the order of the times */
    long at_risk = 0;
    for (size_t i = 0; i < n; i++)
        at_risk += events[i] + censored[i];
    double s = 1.0, g = 0.0;
    for (size_t i = 0; i < n; i++) {
        long d = events[i];
        if (d > 0 && at_risk > 0) {
            if (d >= at_risk) {
                /* Greenwood's term d/(n(n-d)) has n == d: the variance
                 * estimate is unbounded, and stays so (INFINITY + x). */
                s = 0.0;
                g = INFINITY;
            } else {
                s *= (double)(at_risk - d) / (double)at_risk;
                g += (double)d / ((double)at_risk * (double)(at_risk - d));
            }
        }
        surv[i] = s;
        gw[i] = g;
        /* Those censored at times[i] were at risk at times[i]; they leave now. */
        at_risk -= d + censored[i];
    }
}

/* The band for a known z.  Where S is 1 (before the first repair; se is
 * 0/0) or 0 (gw infinite) the log-log transform is undefined, and so is the
 * band: NaN, as R's survfit gives NA there. */
static void band_z(double s, double g, double z, double *lower, double *upper)
{
    if (isnan(s) || isnan(z) || s >= 1.0 || s <= 0.0) {
        *lower = *upper = NAN;
    } else {
        double se = sqrt(g) / fabs(log(s));
        *lower = pow(s, exp(z * se));
        *upper = pow(s, exp(-z * se));
    }
}

static double z_for(double conf)
{
    if (!(conf > 0.0 && conf < 1.0))
        return NAN;
    return gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - conf) / 2.0);
}

void att_km_band(double surv, double gw, double conf, double *lower, double *upper)
{
    band_z(surv, gw, z_for(conf), lower, upper);
}

/* The tolerance of R's quantile.survfit: sqrt(.Machine$double.eps). */
#define KM_QUANTILE_TOL 1.4901161193847656e-08

/* Whether y[i] equals an earlier y[j] (NaN equal to NaN), R's duplicated(). */
static int duplicated(const double *y, size_t i)
{
    for (size_t j = i; j-- > 0;)
        if (y[j] == y[i] || (isnan(y[j]) && isnan(y[i])))
            return 1;
    return 0;
}

/* The point of R's approx(y + shift, 1:n, p, method = "constant", f = 1)
 * over the non-NaN y[0..n): the (first) index whose y + shift is the
 * smallest value >= p; SIZE_MAX when p lies outside the range of y + shift.
 * Duplicates need not be removed first: the first of equal values wins. */
static size_t approx_index(const double *y, size_t n, double shift, double p)
{
    size_t best = SIZE_MAX;
    int below = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i]))
            continue;
        double v = y[i] + shift;
        below |= v <= p;
        if (v >= p && (best == SIZE_MAX || v < y[best] + shift))
            best = i;
    }
    return below ? best : SIZE_MAX;
}

/* The p-quantile (0 < p <= 1) of a distribution function y (NaN allowed:
 * points left out) over the points x(0) = 0, x(i) = times[i - 1], exactly
 * as survival:::findq (survival 3.x) does for quantile.survfit:
 *   lo  = the first point where y >= p - tol,
 *   hi  = the first point where y >= p + tol,
 *   q   = (x(lo) + x(hi)) / 2, so a plateau within tol of p gives the
 *         midpoint of the plateau, and a jump across it the jump's time;
 *   and when the last distinct value of y is within tol of p (a plateau at
 *   p that never ends), q = (x(lo) + last time) / 2.
 * NaN when y never reaches p (or, outside that last-plateau case, p + tol). */
static double km_quantile(const double *times, size_t n, const double *y, double p)
{
    const double tol = KM_QUANTILE_TOL;
    double ymax = 0.0;
    for (size_t i = 0; i <= n; i++)
        if (y[i] > ymax)
            ymax = y[i];
    if (ymax < p)
        return NAN;
    size_t lo = approx_index(y, n + 1, tol, p), hi = approx_index(y, n + 1, -tol, p);
    double q = NAN;
#define X(i) ((i) == 0 ? 0.0 : times[(i) - 1])
    if (lo != SIZE_MAX && hi != SIZE_MAX)
        q = (X(lo) + X(hi)) / 2.0;
    size_t last = n;
    while (last > 0 && duplicated(y, last))
        last--;
    if (!isnan(y[last]) && fabs(p - y[last]) < tol && lo != SIZE_MAX)
        q = (X(lo) + times[n - 1]) / 2.0;
#undef X
    return q;
}

int att_km_quantiles(const double *times, const long *events, const long *censored, size_t n,
                     const double *p, size_t np, double *q, att_error *err)
{
    for (size_t k = 0; k < np; k++)
        q[k] = NAN;
    if (n == 0)
        return ATT_OK;
    if (n >= SIZE_MAX / sizeof(double))
        return att_error_nomem(err);
    double *surv = malloc(n * sizeof *surv);
    double *gw = malloc(n * sizeof *gw);
    double *y = malloc((n + 1) * sizeof *y);
    if (!surv || !gw || !y) {
        free(surv);
        free(gw);
        free(y);
        return att_error_nomem(err);
    }
    att_km_curve(times, events, censored, n, surv, gw);
    y[0] = 0.0;
    for (size_t i = 0; i < n; i++)
        y[i + 1] = 1.0 - surv[i];
    for (size_t k = 0; k < np; k++)
        if (p[k] > 0.0 && p[k] < 1.0)
            q[k] = km_quantile(times, n, y, p[k]);
    free(surv);
    free(gw);
    free(y);
    return ATT_OK;
}

int att_km_summarise(const double *times, const long *events, const long *censored, size_t n,
                     double at, double cutoff, double conf, att_km_summary *out, att_error *err)
{
    *out = (att_km_summary){ 0, 0, NAN, NAN, NAN, NAN, NAN };
    for (size_t i = 0; i < n; i++) {
        out->n += events[i] + censored[i];
        out->events += events[i];
    }
    if (n == 0)
        return ATT_OK;
    if (n > SIZE_MAX / sizeof(double))
        return att_error_nomem(err);
    double *surv = malloc(n * sizeof *surv);
    double *gw = malloc(n * sizeof *gw);
    double *lower = malloc(n * sizeof *lower);
    double *upper = malloc(n * sizeof *upper);
    double *y = malloc((n + 1) * sizeof *y);
    if (!surv || !gw || !lower || !upper || !y) {
        free(surv);
        free(gw);
        free(lower);
        free(upper);
        free(y);
        return att_error_nomem(err);
    }
    att_km_curve(times, events, censored, n, surv, gw);

    /* The median and its interval: the 0.5-quantiles of 1 - S and of one
     * minus each band, with x(0) = 0, y(0) = 0 in front (R's doquant). */
    double z = z_for(conf);
    for (size_t i = 0; i < n; i++)
        band_z(surv[i], gw[i], z, &lower[i], &upper[i]);
    y[0] = 0.0;
    for (size_t i = 0; i < n; i++)
        y[i + 1] = 1.0 - surv[i];
    out->median = km_quantile(times, n, y, 0.5);
    if (!isnan(z)) {
        for (size_t i = 0; i < n; i++)
            y[i + 1] = 1.0 - lower[i];
        out->median_lo = km_quantile(times, n, y, 0.5);
        for (size_t i = 0; i < n; i++)
            y[i + 1] = 1.0 - upper[i];
        out->median_hi = km_quantile(times, n, y, 0.5);
    }
    free(lower);
    free(upper);
    free(y);

    /* Past times[n-1] the curve is known only if it has reached 0. */
    int reached_zero = surv[n - 1] <= 0.0;
    if (isnan(at)) {
        /* stays NaN */
    } else if (at < times[0]) {
        out->surv_at = 1.0;
    } else if (at <= times[n - 1] || reached_zero) {
        size_t k = 0;
        while (k + 1 < n && times[k + 1] <= at)
            k++;
        out->surv_at = surv[k];
    }

    if (cutoff >= 0.0 && (cutoff <= times[n - 1] || reached_zero)) {
        double area = 0.0, t_prev = 0.0, s_prev = 1.0;
        for (size_t i = 0; i < n && times[i] < cutoff; i++) {
            area += s_prev * (times[i] - t_prev);
            t_prev = times[i];
            s_prev = surv[i];
        }
        /* Skipped when S is 0, so that cutoff = INFINITY gives the full area. */
        if (s_prev > 0.0)
            area += s_prev * (cutoff - t_prev);
        out->rmst = area;
    }

    free(surv);
    free(gw);
    return ATT_OK;
}

double att_yule_q(att_2x2 t)
{
    double ad = (double)t.a * (double)t.d, bc = (double)t.b * (double)t.c;
    if (ad + bc == 0.0)
        return NAN;
    return (ad - bc) / (ad + bc);
}

double att_yule_q_se(att_2x2 t)
{
    if (t.a == 0 || t.b == 0 || t.c == 0 || t.d == 0)
        return NAN;
    double q = att_yule_q(t);
    return 0.5 * (1.0 - q * q)
        * sqrt(1.0 / (double)t.a + 1.0 / (double)t.b + 1.0 / (double)t.c + 1.0 / (double)t.d);
}

double att_odds_ratio(att_2x2 t)
{
    double ad = (double)t.a * (double)t.d, bc = (double)t.b * (double)t.c;
    if (bc == 0.0)
        return NAN;
    return ad / bc;
}

double att_adjusted_residual(att_2x2 t)
{
    double N = (double)t.a + (double)t.b + (double)t.c + (double)t.d;
    if (N <= 0.0)
        return NAN;
    double r1 = (double)t.a + (double)t.b, c1 = (double)t.a + (double)t.c;
    double e = r1 * c1 / N;
    double var = e * (1.0 - r1 / N) * (1.0 - c1 / N);
    if (!(var > 0.0))
        return NAN;
    return ((double)t.a - e) / sqrt(var);
}

double att_quantile_sorted(const double *sorted, size_t n, double p)
{
    /* GSL indexes p (n - 1) without a range check. */
    if (n == 0 || !(p >= 0.0 && p <= 1.0))
        return NAN;
    return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}

/* Means and sample variances of the pairs where both values are finite
 * (Welford's updates: copies of one value give a variance of exactly 0,
 * as a bootstrap resample's copies of one subject must); returns how many
 * pairs there were. */
static size_t paired_moments(const double *a, const double *b, size_t n, double *ma, double *mb,
                             double *va, double *vb)
{
    double mean_a = 0, mean_b = 0, ssa = 0, ssb = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(a[i]) && isfinite(b[i])) {
            m++;
            double da = a[i] - mean_a, db = b[i] - mean_b;
            mean_a += da / (double)m;
            mean_b += db / (double)m;
            ssa += da * (a[i] - mean_a);
            ssb += db * (b[i] - mean_b);
        }
    }
    *ma = m ? mean_a : NAN;
    *mb = m ? mean_b : NAN;
    *va = m >= 2 ? ssa / (double)(m - 1) : NAN;
    *vb = m >= 2 ? ssb / (double)(m - 1) : NAN;
    return m;
}

double att_cohens_d_av(const double *a, const double *b, size_t n)
{
    double ma, mb, va, vb;
    if (paired_moments(a, b, n, &ma, &mb, &va, &vb) < 2)
        return NAN;
    double s = sqrt((va + vb) / 2);
    return s > 0 ? (ma - mb) / s : NAN;
}
