/* Kaplan-Meier and 2x2-table statistics (definitions in include/attune/stats.h). */
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

/* The band for a known z; S == 1 (gw == 0, se 0/0) and S == 0 (gw infinite)
 * are set directly so that neither yields NaN. */
static void band_z(double s, double g, double z, double *lower, double *upper)
{
    if (isnan(s) || isnan(z)) {
        *lower = *upper = NAN;
    } else if (s >= 1.0) {
        *lower = *upper = 1.0;
    } else if (s <= 0.0) {
        *lower = *upper = 0.0;
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

int att_km_summarise(const double *times, const long *events, const long *censored, size_t n,
                     double at, double cutoff, double conf, att_km_summary *out)
{
    *out = (att_km_summary){ 0, 0, NAN, NAN, NAN, NAN, NAN };
    for (size_t i = 0; i < n; i++) {
        out->n += events[i] + censored[i];
        out->events += events[i];
    }
    if (n == 0)
        return 0;
    if (n > SIZE_MAX / sizeof(double))
        return -1;
    double *surv = malloc(n * sizeof *surv);
    double *gw = malloc(n * sizeof *gw);
    if (!surv || !gw) {
        free(surv);
        free(gw);
        return -1;
    }
    att_km_curve(times, events, censored, n, surv, gw);

    /* S and its band change only at event times, so the first index where
     * one of them is <= 0.5 is always an event time. */
    double z = z_for(conf);
    for (size_t i = 0; i < n; i++) {
        double lo, hi;
        band_z(surv[i], gw[i], z, &lo, &hi);
        if (isnan(out->median) && surv[i] <= 0.5)
            out->median = times[i];
        if (isnan(out->median_lo) && lo <= 0.5)
            out->median_lo = times[i];
        if (isnan(out->median_hi) && hi <= 0.5)
            out->median_hi = times[i];
    }

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
    return 0;
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
