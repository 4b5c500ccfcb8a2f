/* Statistics for the scoring layer: Kaplan-Meier summaries of repair latency
 * (ruptures still open at the end are right-censored) and the 2x2-table
 * statistics of sequential analysis (Bakeman and Quera, "Sequential Analysis
 * and Observational Methods for the Behavioral Sciences", 2011).
 *
 * All functions are pure: no I/O, no globals, and nothing is allocated except
 * where a comment says so.  A result that is undefined is NaN (the callers
 * print NaN as an empty field), never an error. */
#ifndef ATT_STATS_H
#define ATT_STATS_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include "attune/error.h"

/* ---- Kaplan-Meier ------------------------------------------------------
 *
 * The data are given over distinct times: times[] strictly increasing and
 * > 0, events[i] >= 0 repairs at times[i], censored[i] >= 0 ruptures still
 * open (censored) at times[i].  Ruptures censored at t are still at risk at
 * t (events come before censorings at tied times, the usual convention).
 * Results for input that breaks these rules are unspecified.
 *
 * With n_i at risk just before times[i] and d_i = events[i]:
 *   S(t)    = prod_{times[j] <= t} (1 - d_j / n_j), a right-continuous step
 *             function, 1 before times[0].  Times with only censorings do
 *             not change S.
 *   gw(t)   = sum_{times[j] <= t} d_j / (n_j (n_j - d_j))   (Greenwood), so
 *             that the standard error of S is S sqrt(gw); +INFINITY once S
 *             has reached 0.
 *
 * Pointwise confidence band of S(t) on the log-log scale (R's survfit with
 * conf.type = "log-log"), z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf)/2):
 *   se = sqrt(gw) / |log S|,  lower = S^exp(+z se),  upper = S^exp(-z se);
 *   both are NaN (undefined, R's NA) where S == 1 or S == 0, where the
 *   log-log transform is undefined.
 *
 * The median and its confidence interval (Brookmeyer and Crowley 1982,
 * inverting the pointwise band as survfit does) follow R's quantile.survfit
 * (survival 3.x) exactly: each is the 0.5-quantile of a distribution function
 * F over the points (0, 0), (times[i], F_i), with F = 1 - S for the median,
 * 1 - lower for median_lo and 1 - upper for median_hi (points where the band
 * is NaN are left out), with tol = sqrt(DBL_EPSILON) (about 1.49e-8):
 *   a = the first point where F >= 0.5 - tol,  b = the first where F >= 0.5 + tol,
 *   quantile = (time(a) + time(b)) / 2;
 * so a plateau of S within tol of 0.5 gives the midpoint of the plateau (from
 * its first time to the next event time), and a step across 0.5 the time of
 * the step.  When the last distinct value of F is within tol of 0.5 (S stays
 * at 0.5 with only censorings after), the quantile is (time(a) + times[n-1]) / 2.
 * Otherwise, when F never reaches 0.5 + tol, it is NaN (not reached); e.g.
 * an upper band that is still above 0.5 where S reaches 0 gives NaN. */

/* Fills surv[i] = S(times[i]) and gw[i] = the Greenwood sum at times[i], for
 * i < n.  The caller owns all arrays; nothing happens when n == 0. */
void att_km_curve(const double *times, const long *events, const long *censored, size_t n,
                  double *surv, double *gw);

/* The pointwise log-log band (above) at one point of the curve, with
 * confidence level `conf` in (0, 1), e.g. 0.95.  Both bounds are NaN when
 * conf is outside (0, 1) or S is NaN, 0 or 1. */
void att_km_band(double surv, double gw, double conf, double *lower, double *upper);

typedef struct att_km_summary {
    long n;            /* ruptures (events + censored) */
    long events;       /* repairs */
    double median;     /* s, R's quantile.survfit rule (above); NaN if S never reaches 0.5 */
    double median_lo;  /* s, Brookmeyer-Crowley CI of the median (above); NaN if undefined */
    double median_hi;
    double surv_at;    /* S(at); NaN when undefined (below) */
    double rmst;       /* s, restricted mean: integral of S from 0 to cutoff; NaN when undefined */
} att_km_summary;

/* Summarises a Kaplan-Meier curve at confidence level `conf` (e.g. 0.95;
 * outside (0, 1) the median CI is NaN).
 *
 * S(at) is defined when at < times[0] (then 1), when at <= times[n-1], or
 * when the curve has reached 0 (then 0 past its last time); otherwise, past
 * the last time with S > 0, the curve is unknown and surv_at is NaN.  The
 * same rule holds for rmst with `cutoff`: defined when cutoff <= times[n-1]
 * or S reached 0 by times[n-1]; also NaN when cutoff < 0.  A NaN `at` or
 * `cutoff` gives NaN.
 *
 * n == 0 gives n = 0, events = 0 and every other field NaN.  Otherwise
 * allocates five work arrays of about n doubles and frees them before
 * returning.
 * Returns ATT_OK (0), or ATT_ENOMEM with `err` (may be NULL) filled by
 * att_error_nomem when out of memory (then `out` holds n, events and NaN
 * elsewhere). */
int att_km_summarise(const double *times, const long *events, const long *censored, size_t n,
                     double at, double cutoff, double conf, att_km_summary *out,
                     att_error *err);

/* The p-quantiles of the time to repair, p[k] in (0, 1), by the rule of
 * the median above (R's quantile.survfit, survival 3.x: F = 1 - S, a the
 * first point where F >= p - tol, b the first where F >= p + tol, the
 * quantile (time(a) + time(b)) / 2, the last-plateau case alike), into
 * q[0..np): NaN where S never falls to 1 - p, for n == 0, and for p outside
 * (0, 1).  q[k] for p[k] = 0.5 equals att_km_summarise's median.  Allocates
 * three work arrays of about n doubles and frees them.  Returns ATT_OK, or
 * ATT_ENOMEM with `err` (may be NULL) filled (q then all NaN). */
int att_km_quantiles(const double *times, const long *events, const long *censored, size_t n,
                     const double *p, size_t np, double *q, att_error *err);

/* ---- 2x2 tables (Bakeman and Quera 2011) -------------------------------
 *
 * Rows are the given code yes/no, columns the target code yes/no:
 *   a = given and target, b = given and not target,
 *   c = not given and target, d = neither.
 * Products are formed in double, so large counts do not overflow. */
typedef struct att_2x2 { long a, b, c, d; } att_2x2;

/* Yule's Q = (ad - bc)/(ad + bc), in [-1, 1]; NaN when ad + bc == 0. */
double att_yule_q(att_2x2 t);
/* Its standard error, 0.5 (1 - Q^2) sqrt(1/a + 1/b + 1/c + 1/d); NaN when
 * any cell is 0 (Q is then +-1 or undefined and the formula breaks down). */
double att_yule_q_se(att_2x2 t);
/* The odds ratio ad/bc; NaN when bc == 0. */
double att_odds_ratio(att_2x2 t);
/* The adjusted (standardised) residual of cell a,
 *   (a - E) / sqrt(E (1 - r1/N) (1 - c1/N)),  E = r1 c1 / N,
 * with r1 = a + b, c1 = a + c, N = a + b + c + d; approximately N(0, 1)
 * under independence.  NaN when the denominator is 0 (N == 0, or a row or
 * column total is 0 or N). */
double att_adjusted_residual(att_2x2 t);

/* ---- Quantiles ---------------------------------------------------------- */

/* The p-quantile of sorted[0..n) (ascending) by linear interpolation,
 * gsl_stats_quantile_from_sorted_data; for bootstrap percentile intervals.
 * NaN when n == 0 or p is not in [0, 1]. */
double att_quantile_sorted(const double *sorted, size_t n, double p);

/* ---- Effect sizes -------------------------------------------------------- */

/* Cohen's d for a within-subject comparison of episodes A and B (a[i] and
 * b[i] are subject i's values), as in the still-face meta-analysis (Mesman
 * et al. 2009):
 *     d = (mean a - mean b) / sqrt((sd_a^2 + sd_b^2) / 2)
 * over the subjects with both values finite (SDs with denominator m - 1).
 * NaN when fewer than 2 such subjects or both SDs are 0 (exactly: the
 * moments are Welford's, so copies of one subject's values, as in a
 * bootstrap resample, have SD 0, not a few ulp). */
double att_cohens_d_av(const double *a, const double *b, size_t n);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
