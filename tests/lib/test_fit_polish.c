/* The fit's polish and its Jacobian's five points (fit.h, docs/FIT.md
 * "The search" and "Uncertainty and diagnostics").
 *
 * The polish: on the egg crate f(u) = sum_i (u_i - 1)^2 + a (1 - cos(4 pi
 * u_i)), whose only global minimum is f(1, 1) = 0 and whose local minima
 * lie near the other half-integers, one Nelder-Mead search from (-3, 2)
 * or (4, -2) stops in a local minimum (f about 0.25), and the restarts
 * from its best point reach (1, 1); on a plain quadratic they find
 * nothing to gain and leave the point where it was.
 *
 * The five points and the least squares: the slope of the straight line
 * through a parabola sampled symmetrically is the parabola's derivative at
 * the middle, b + 2 q x_mid, and its residuals from a parabola are 0; a
 * multiple of the cubic orthogonal polynomial over -2..2, t^3 - 3.4 t =
 * (-1.2, 2.4, 0, -2.4, 1.2), changes neither the slope nor the parabola
 * and is all residual. */
#include <check.h>
#include <math.h>
#include "attune/fit.h"

static double egg(void *user, const double *u)
{
    double a = *(const double *)user, f = 0;
    for (int i = 0; i < 2; i++)
        f += (u[i] - 1) * (u[i] - 1) + a * (1 - cos(4 * 3.14159265358979323846 * u[i]));
    return f;
}

START_TEST(polish_leaves_a_local_minimum)
{
    const double starts[2][2] = { { -3, 2 }, { 4, -2 } };
    double a = 1.0;
    for (int s = 0; s < 2; s++) {
        double plain[2], polished[2], fp, fq;
        long ep, eq;
        att_error err = { 0 };
        att_fit_nm nm = { 2, 1.0, 2000, 1e-4, NULL, 0 };
        ck_assert_int_eq(att_fit_minimise(&nm, egg, &a, starts[s], plain, &fp, &ep, &err), ATT_OK);
        ck_assert_msg(fp > 0.2, "start %d: one search reached f = %g (no local minimum)", s, fp);
        nm.polish = 1;
        ck_assert_int_eq(att_fit_minimise(&nm, egg, &a, starts[s], polished, &fq, &eq, &err),
                         ATT_OK);
        ck_assert_msg(fabs(polished[0] - 1) < 1e-3 && fabs(polished[1] - 1) < 1e-3,
                      "start %d: polished to (%g, %g), f = %g", s, polished[0], polished[1], fq);
        ck_assert_msg(fq < 1e-5 && eq > ep, "f %g, evaluations %ld against %ld", fq, eq, ep);
        ck_assert_int_le(eq, 2000 + 3);
    }
}
END_TEST

START_TEST(polish_keeps_a_minimum)
{
    double a = 0, u0[2] = { -2, 3 }, plain[2], polished[2], fp, fq;
    long ep, eq;
    att_error err = { 0 };
    att_fit_nm nm = { 2, 1.0, 2000, 1e-4, NULL, 0 };
    ck_assert_int_eq(att_fit_minimise(&nm, egg, &a, u0, plain, &fp, &ep, &err), ATT_OK);
    nm.polish = 1;
    ck_assert_int_eq(att_fit_minimise(&nm, egg, &a, u0, polished, &fq, &eq, &err), ATT_OK);
    ck_assert_msg(fp < 1e-6 && fq <= fp, "f %g then %g", fp, fq);
    ck_assert_msg(fabs(polished[0] - 1) < 1e-3 && fabs(polished[1] - 1) < 1e-3, "(%g, %g)",
                  polished[0], polished[1]);
    ck_assert_int_gt(eq, ep);   /* a restart was made, and gained nothing to speak of */
}
END_TEST

/* The budget holds across the restarts: max_evals 30 from a far start. */
START_TEST(polish_budget)
{
    double a = 1.0, u0[2] = { 4, -2 }, ub[2], fb;
    long ev;
    att_error err = { 0 };
    att_fit_nm nm = { 2, 1.0, 30, 1e-4, NULL, 1 };
    ck_assert_int_eq(att_fit_minimise(&nm, egg, &a, u0, ub, &fb, &ev, &err), ATT_OK);
    ck_assert_msg(ev >= 30 && ev <= 30 + 3, "%ld evaluations", ev);
    ck_assert_double_eq(fb, egg(&a, ub));
}
END_TEST

/* Centred inside the bounds, from x up next to lo, from x down next to hi. */
START_TEST(se_offset)
{
    ck_assert_int_eq(att_fit_se_offset(5, 1, 20, 0.5), 0);
    ck_assert_int_eq(att_fit_se_offset(2, 1, 20, 0.5), 0);       /* 2 - 1 = lo exactly */
    ck_assert_int_eq(att_fit_se_offset(1.9, 1, 20, 0.5), 2);
    ck_assert_int_eq(att_fit_se_offset(19.5, 1, 20, 0.5), -2);
    ck_assert_int_eq(att_fit_se_offset(0.35, 0.05, 5, 0.0495), 0);
}
END_TEST

START_TEST(slope5_parabola_and_cubic)
{
    /* y = 3 - 2 x + 0.5 x^2 at x = 4 + 0.25 j: slope -2 + 2 (0.5) 4 = 2 */
    double y[5], r[5];
    for (int j = -2; j <= 2; j++) {
        double x = 4 + 0.25 * j;
        y[j + 2] = 3 - 2 * x + 0.5 * x * x;
    }
    ck_assert_double_eq_tol(att_fit_slope5(y, 0.25, r), 2, 1e-12);
    for (int j = 0; j < 5; j++)
        ck_assert_double_eq_tol(r[j], 0, 1e-12);
    /* plus 2 (t^3 - 3.4 t): the same slope, residuals 2 (-1.2, 2.4, 0, -2.4, 1.2) */
    const double cubic[5] = { -1.2, 2.4, 0, -2.4, 1.2 };
    for (int j = 0; j < 5; j++)
        y[j] += 2 * cubic[j];
    ck_assert_double_eq_tol(att_fit_slope5(y, 0.25, r), 2, 1e-12);
    for (int j = 0; j < 5; j++)
        ck_assert_double_eq_tol(r[j], 2 * cubic[j], 1e-12);
    /* a straight line through one jump: 0 0 0 1 1, slope (1 + 2) / 10 per h */
    const double step[5] = { 0, 0, 0, 1, 1 };
    ck_assert_double_eq_tol(att_fit_slope5(step, 0.5, NULL), 0.6, 1e-15);
    /* five equal values: exactly 0, and so are the residuals */
    const double flat[5] = { 0.3, 0.3, 0.3, 0.3, 0.3 };
    ck_assert(att_fit_slope5(flat, 0.7, r) == 0);
    for (int j = 0; j < 5; j++)
        ck_assert_double_eq_tol(r[j], 0, 1e-15);
}
END_TEST

Suite *suite_fit_polish(void);
Suite *suite_fit_polish(void)
{
    Suite *s = suite_create("fit_polish");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, polish_leaves_a_local_minimum);
    tcase_add_test(tc, polish_keeps_a_minimum);
    tcase_add_test(tc, polish_budget);
    tcase_add_test(tc, se_offset);
    tcase_add_test(tc, slope5_parabola_and_cubic);
    suite_add_tcase(s, tc);
    return s;
}
