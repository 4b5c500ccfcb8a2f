/* The ridge the fit's inverted interval walks along (att_fit_ridge_slope,
 * att_fit_ridge_point; docs/FIT.md "Uncertainty and diagnostics") on
 * quadratic objectives J(x) = (x - a)' H (x - a) whose ridges are solved
 * by hand: the other keys' slopes, the point (where dJ/dx_r = 0 for every
 * other key r, checked from J's gradient directly), the clamp into the
 * bounds, an H_rr that is not positive definite, one key, and too many
 * keys. */
#include <check.h>
#include <math.h>
#include "attune/fit.h"

/* dJ/dx_r / 2 = sum_c H_rc (x_c - a_c). */
static double half_gradient(size_t p, const double *H, const double *a, const double *x,
                            size_t r)
{
    double g = 0;
    for (size_t c = 0; c < p; c++)
        g += H[r * p + c] * (x[c] - a[c]);
    return g;
}

/* H = [[2, 1], [1, 1]], a = (1, 2).  Along key 0: dJ/dx1 = 0 gives
 * x1 = 2 - (1 / 1)(x0 - 1), slope -1; at x0 = 3, x1 = 0.  Along key 1:
 * x0 = 1 - (1 / 2)(x1 - 2), slope -0.5; at x1 = 6, x0 = -1. */
START_TEST(ridge_two_keys)
{
    const double H[] = { 2, 1, 1, 1 }, a[] = { 1, 2 };
    const double lo[] = { -10, -10 }, hi[] = { 10, 10 };
    double d[2], x[2];
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_ridge_slope(2, H, 0, d, &err), ATT_OK);
    ck_assert_double_eq(d[0], 1);
    ck_assert_double_eq_tol(d[1], -1, 1e-12);
    att_fit_ridge_point(2, d, a, 0, 3, lo, hi, x);
    ck_assert_double_eq(x[0], 3);
    ck_assert_double_eq_tol(x[1], 0, 1e-12);
    ck_assert_double_eq_tol(half_gradient(2, H, a, x, 1), 0, 1e-12);
    ck_assert_int_eq(att_fit_ridge_slope(2, H, 1, d, &err), ATT_OK);
    ck_assert_double_eq_tol(d[0], -0.5, 1e-12);
    ck_assert_double_eq(d[1], 1);
    att_fit_ridge_point(2, d, a, 1, 6, lo, hi, x);
    ck_assert_double_eq_tol(x[0], -1, 1e-12);
    ck_assert_double_eq(x[1], 6);
    /* at the estimate itself the point is the estimate */
    att_fit_ridge_point(2, d, a, 1, 2, lo, hi, x);
    ck_assert_double_eq(x[0], 1);
    ck_assert_double_eq(x[1], 2);
}
END_TEST

/* H = [[4, 1, 2], [1, 3, 0], [2, 0, 5]], a = (1, 2, 3).
 * Along key 0: H_rr = diag(3, 5), H_rk = (1, 2): slopes -1/3 and -2/5.
 * Along key 1: H_rr = [[4, 2], [2, 5]] (det 16, inverse
 * [[5, -2], [-2, 4]] / 16), H_rk = (1, 0): slopes -(5, -2) / 16 =
 * -0.3125 and 0.125.  At x1 = 4 (a move of 2): x0 = 1 - 0.625 = 0.375,
 * x2 = 3 + 0.25 = 3.25, and J's gradient in x0 and x2 is 0 there:
 * 4 (-0.625) + 1 (2) + 2 (0.25) = 0, 2 (-0.625) + 5 (0.25) = 0. */
START_TEST(ridge_three_keys)
{
    const double H[] = { 4, 1, 2, 1, 3, 0, 2, 0, 5 }, a[] = { 1, 2, 3 };
    const double lo[] = { -10, -10, -10 }, hi[] = { 10, 10, 10 };
    double d[3], x[3];
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_ridge_slope(3, H, 0, d, &err), ATT_OK);
    ck_assert_double_eq_tol(d[1], -1.0 / 3, 1e-12);
    ck_assert_double_eq_tol(d[2], -0.4, 1e-12);
    ck_assert_int_eq(att_fit_ridge_slope(3, H, 1, d, &err), ATT_OK);
    ck_assert_double_eq_tol(d[0], -0.3125, 1e-12);
    ck_assert_double_eq_tol(d[2], 0.125, 1e-12);
    att_fit_ridge_point(3, d, a, 1, 4, lo, hi, x);
    ck_assert_double_eq_tol(x[0], 0.375, 1e-12);
    ck_assert_double_eq(x[1], 4);
    ck_assert_double_eq_tol(x[2], 3.25, 1e-12);
    ck_assert_double_eq_tol(half_gradient(3, H, a, x, 0), 0, 1e-12);
    ck_assert_double_eq_tol(half_gradient(3, H, a, x, 2), 0, 1e-12);
    /* the ridge is J's minimum over the others: any step off it in x0 or
     * x2 raises J (by 4 h^2 and 5 h^2 respectively, the diagonal) */
    ck_assert(half_gradient(3, H, a, x, 1) > 0);
}
END_TEST

/* The 2-key toy along key 0 at x0 = 3 wants x1 = 0: bounds [0.5, 10]
 * clamp it to 0.5; at x0 = -20 it wants 23, clamped to 10. */
START_TEST(ridge_clamped)
{
    const double H[] = { 2, 1, 1, 1 }, a[] = { 1, 2 };
    const double lo[] = { -30, 0.5 }, hi[] = { 30, 10 };
    double d[2], x[2];
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_ridge_slope(2, H, 0, d, &err), ATT_OK);
    att_fit_ridge_point(2, d, a, 0, 3, lo, hi, x);
    ck_assert_double_eq(x[1], 0.5);
    att_fit_ridge_point(2, d, a, 0, -20, lo, hi, x);
    ck_assert_double_eq(x[0], -20);
    ck_assert_double_eq(x[1], 10);
}
END_TEST

/* H_rr = [0] (key 1 unseen by J), one key, 65 keys. */
START_TEST(ridge_degenerate)
{
    const double H[] = { 1, 1, 1, 0 }, a[] = { 1, 2 };
    const double lo[] = { -10, -10 }, hi[] = { 10, 10 };
    double d[65], x[2];
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_ridge_slope(2, H, 0, d, &err), ATT_OK);
    ck_assert_double_eq(d[0], 1);
    ck_assert_double_eq(d[1], 0);
    att_fit_ridge_point(2, d, a, 0, 5, lo, hi, x);
    ck_assert_double_eq(x[0], 5);
    ck_assert_double_eq(x[1], 2);
    const double one = 3;
    ck_assert_int_eq(att_fit_ridge_slope(1, &one, 0, d, &err), ATT_OK);
    ck_assert_double_eq(d[0], 1);
    static double big[65 * 65];
    ck_assert_int_eq(att_fit_ridge_slope(65, big, 0, d, &err), ATT_EINPUT);
    ck_assert_str_eq(err.msg, "ridge: 65 parameters (at most 64)");
}
END_TEST

Suite *suite_fit_ci_ridge(void);
Suite *suite_fit_ci_ridge(void)
{
    Suite *s = suite_create("fit_ci_ridge");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, ridge_two_keys);
    tcase_add_test(tc, ridge_three_keys);
    tcase_add_test(tc, ridge_clamped);
    tcase_add_test(tc, ridge_degenerate);
    suite_add_tcase(s, tc);
    return s;
}
