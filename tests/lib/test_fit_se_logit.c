/* The asymptotic 95 % interval of `attune fit` on the search's logit
 * scale (att_fit_ci_logit, docs/FIT.md "Uncertainty and diagnostics"):
 * against values worked by hand, the log-scale interval it tends to for
 * far bounds (closed form), and its symmetry on the logit scale. */
#include <check.h>
#include <math.h>
#include "attune/fit.h"

/* x = 0.3 on [0, 1], se 0.1, by hand:
 *   u = ln(0.3 / 0.7) = -0.847298,  du/dx = 1 / (0.3 * 0.7) = 4.761905,
 *   se_u = 0.476190,  1.96 se_u = 0.933333,
 *   u -+ 1.96 se_u = -1.780631 and 0.086035,
 *   x = 1 / (1 + e^-u) = 1 / (1 + 5.933553) = 0.144225
 *                    and 1 / (1 + 0.917562) = 0.521496
 * (the Wald interval would be 0.104 to 0.496: the logit one leans away
 * from the near bound). */
START_TEST(ci_logit_by_hand)
{
    ck_assert_double_eq_tol(att_fit_ci_logit(0.3, 0.1, 0, 1, -1.96), 0.144225, 2e-6);
    ck_assert_double_eq_tol(att_fit_ci_logit(0.3, 0.1, 0, 1, 1.96), 0.521496, 2e-6);
    /* z = 0: the estimate itself; se = 0: a point */
    ck_assert_double_eq_tol(att_fit_ci_logit(0.3, 0.1, 0, 1, 0), 0.3, 1e-15);
    ck_assert_double_eq_tol(att_fit_ci_logit(0.3, 0, 0, 1, 1.96), 0.3, 1e-15);
}
END_TEST

/* Bounds far above the estimate (0 to 1e9, as a rate's or a time's valid
 * range): logit((x - lo)/(hi - lo)) = ln(x) - ln(1e9 - x), so the interval
 * is the log-scale one, x e^(-+1.96 se / x): x = 2, se 0.5 gives
 * 2 e^-0.49 = 1.225253 and 2 e^0.49 = 3.264632. */
START_TEST(ci_logit_far_bounds_is_log_scale)
{
    ck_assert_double_eq_tol(att_fit_ci_logit(2, 0.5, 0, 1e9, -1.96), 2 * exp(-0.49), 1e-6);
    ck_assert_double_eq_tol(att_fit_ci_logit(2, 0.5, 0, 1e9, 1.96), 2 * exp(0.49), 1e-6);
}
END_TEST

/* Symmetric on the logit scale, inside the bounds however large the se,
 * and NaN for an estimate on a bound or a se that is not a number >= 0. */
START_TEST(ci_logit_symmetric_inside_nan)
{
    double lo = 1, hi = 20, x = 5;
    double a = att_fit_ci_logit(x, 0.5, lo, hi, -1.96), b = att_fit_ci_logit(x, 0.5, lo, hi, 1.96);
    double la = log((a - lo) / (hi - a)), lb = log((b - lo) / (hi - b)), lx = log((x - lo) / (hi - x));
    ck_assert_double_eq_tol(la + lb, 2 * lx, 1e-12);
    /* by hand: se_u = 0.5 * 19 / (4 * 15) = 0.158333, u = ln(4/15) = -1.321756 */
    ck_assert_double_eq_tol(lb - lx, 1.96 * 0.5 * 19 / 60, 1e-12);
    ck_assert(a > lo && a < x && b > x && b < hi);
    double wide = att_fit_ci_logit(x, 50, lo, hi, -1.96);
    ck_assert(wide >= lo && wide < lo + 1e-6);
    ck_assert(att_fit_ci_logit(x, 50, lo, hi, 1.96) <= hi);
    ck_assert(isnan(att_fit_ci_logit(lo, 0.5, lo, hi, 1.96)));
    ck_assert(isnan(att_fit_ci_logit(hi, 0.5, lo, hi, -1.96)));
    ck_assert(isnan(att_fit_ci_logit(x, NAN, lo, hi, 1.96)));
    ck_assert(isnan(att_fit_ci_logit(x, -1, lo, hi, 1.96)));
}
END_TEST

Suite *suite_fit_se_logit(void);
Suite *suite_fit_se_logit(void)
{
    Suite *s = suite_create("fit_se_logit");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, ci_logit_by_hand);
    tcase_add_test(tc, ci_logit_far_bounds_is_log_scale);
    tcase_add_test(tc, ci_logit_symmetric_inside_nan);
    suite_add_tcase(s, tc);
    return s;
}
