/* Two-sample and k-sample tests for comparing conditions of a batch
 * experiment: Welch's t-test, the Mann-Whitney (Wilcoxon rank-sum) test,
 * Hedges' g with its interval, the log-rank test over Kaplan-Meier data and
 * Holm's step-down adjustment of p-values.
 *
 * Conventions: x is the condition, y the baseline; differences are x - y.
 * Inputs are finite numbers (callers drop missing values first).  Results
 * that are undefined (too few values, zero variance) are NaN, never an
 * error.  Functions that allocate say so, take an `att_error *err` last (may
 * be NULL) and return ATT_ENOMEM with it filled by att_error_nomem when
 * memory runs out; nothing else allocates. */
#ifndef ATT_TWOSAMPLE_H
#define ATT_TWOSAMPLE_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include "attune/error.h"

/* Welch's unequal-variance t-test (Welch 1947):
 *   t  = (mean x - mean y) / sqrt(vx/nx + vy/ny), v the sample variances (n - 1),
 *   df = (vx/nx + vy/ny)^2 / ((vx/nx)^2/(nx-1) + (vy/ny)^2/(ny-1)),
 *   p  = two-sided, 2 Q_t(|t|; df), by att_t_pvalue below.
 * Needs nx, ny >= 2 and vx + vy > 0; otherwise t, df and p are NaN (diff is
 * still set when nx, ny >= 1). */
typedef struct att_welch {
    double diff;   /* mean x - mean y */
    double t, df, p;
} att_welch;
void att_welch_test(const double *x, size_t nx, const double *y, size_t ny, att_welch *out);

/* The two-sided p-value of Student's t, 2 Q_t(|t|; df), for df > 0 (need
 * not be an integer), computed as the regularised incomplete beta function
 * I_{df/(df+t^2)}(df/2, 1/2) with the small tail formed directly, so that
 * its relative error stays below 1e-11 down to p = 1e-300 (checked against
 * 40-digit values).  1 for t = 0, 0 when t^2/df overflows; NaN when t or
 * df is NaN or df <= 0. */
double att_t_pvalue(double t, double df);

/* Mann-Whitney U test, two-sided, as R's wilcox.test(x, y) with its defaults:
 *   U = R_x - nx (nx + 1) / 2, R_x the sum of x's mid-ranks in the pooled
 *   sample (R's statistic W);
 *   exact p from the null distribution of U when nx < 50, ny < 50 and there
 *   are no ties (then exact = 1);
 *   otherwise the normal approximation with the tie-corrected variance
 *   nx ny / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))) and a continuity
 *   correction of 0.5 towards the mean (exact = 0); z is that statistic.
 * `auc` = U / (nx ny), the probability that a value of x exceeds one of y
 * (ties count half).  Needs nx, ny >= 1 (else all NaN); p and z are NaN when
 * all values are tied.  Allocates a pooled copy and, for the exact test, a
 * table of (min(nx, ny) + 1) (nx ny + 1) doubles (under 1 MB); returns
 * ATT_OK or ATT_ENOMEM. */
typedef struct att_mann_whitney {
    double u, auc, z, p;  /* z is NaN for the exact test */
    int exact;
} att_mann_whitney;
int att_mann_whitney_test(const double *x, size_t nx, const double *y, size_t ny,
                          att_mann_whitney *out, att_error *err);

/* Standardised mean difference (Hedges and Olkin 1985):
 *   d  = (mean x - mean y) / s_p,  s_p^2 = ((nx-1) vx + (ny-1) vy) / (nx + ny - 2),
 *   g  = J d,  J = 1 - 3 / (4 (nx + ny) - 9),
 *   se = sqrt((nx + ny) / (nx ny) + g^2 / (2 (nx + ny))),
 *   [lo, hi] = g -/+ z se with z the normal quantile for `conf` (e.g. 0.95).
 * Needs nx, ny >= 2 and s_p > 0; otherwise all NaN.  lo and hi are also NaN
 * when conf is outside (0, 1). */
typedef struct att_hedges {
    double d, g, se, lo, hi;
} att_hedges;
void att_hedges_g(const double *x, size_t nx, const double *y, size_t ny, double conf,
                  att_hedges *out);

/* One group's Kaplan-Meier data over its distinct times (as in stats.h):
 * times[] strictly increasing, events[i] and censored[i] counts at times[i]. */
typedef struct att_km_group {
    const double *times;
    const long *events;
    const long *censored;
    size_t n;
} att_km_group;

/* The log-rank test of k >= 2 groups (Mantel 1966; R's survdiff with rho = 0):
 * at each distinct event time of the pooled data, with n at risk and d
 * events overall and n_j, d_j in group j,
 *   O_j = sum d_j,  E_j = sum n_j d / n,
 *   V_jl = sum d (n - d) / (n - 1) * n_j / n * (delta_jl - n_l / n)   (n > 1),
 *   chisq = (O - E)' V^- (O - E) over the first k - 1 groups, df = k - 1,
 *   p = Q_chisq(chisq; df).
 * Ruptures censored at t are at risk at t.  Fills observed[j] = O_j and
 * expected[j] = E_j (arrays of k, may be NULL) and *chisq, *df, *p (all three
 * NaN when fewer than 2 groups are kept, or V is singular).
 *
 * As R's survdiff, a group with E_j = 0 (empty, or all its ruptures censored
 * before the first event time of the pooled data: never at risk at an event
 * time, so O_j = 0 too) is dropped from the test, which then runs on the
 * others with df = (groups kept) - 1; observed[] and expected[] still hold
 * all k groups (0 for a dropped one).  With fewer than 2 groups kept the
 * test is undefined: NaN (survdiff reports chisq 0 on 0 df there).  Among
 * the kept groups V is singular when one never shares an event time that has
 * variance (n > d) with another group at risk, e.g. every event time having
 * d = n; the test is then NaN (survdiff stops with an error).  Allocates;
 * returns ATT_OK or ATT_ENOMEM. */
int att_logrank_test(const att_km_group *groups, size_t k, double *observed, double *expected,
                     double *chisq, double *df, double *p, att_error *err);

/* Holm's (1979) step-down adjustment of the n p-values p[]: with the m
 * non-NaN values sorted p_(1) <= ... <= p_(m),
 *   adj_(i) = min(1, max_{j <= i} (m - j + 1) p_(j)),
 * written back in the input order into adjusted[] (may be p itself); NaN
 * stays NaN.  Allocates; returns ATT_OK or ATT_ENOMEM. */
int att_holm_adjust(const double *p, size_t n, double *adjusted, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
