/* The initial simplex's steps of the fit's searches, ATT_FIT_STEP and
 * start 2's ATT_FIT_STEP_WIDE (fit.h, docs/FIT.md "The search").
 *
 * J under common random numbers is rough: a key the statistics see little
 * has, around the search's start, narrow dips that a small simplex cannot
 * leave.  The toy: f(u) = g(u_1) + (u_2 - 0.5)^2 with
 *     g(u) = -0.5 exp(-(u / 0.25)^2)              a narrow dip at the start 0
 *            + exp(-((u - 1) / 0.35)^2)            a ridge at 1
 *            - 2 exp(-((u - 2.5) / 0.8)^2)         the wide valley at 2.5
 *            + 0.05 u^2,
 * whose global minimum lies in the valley (g about -1.6 near u = 2.3; by
 * hand: g(2.3) = -2 exp(-0.0625) + 0.05 * 5.29 = -1.615, the ridge's and
 * the dip's terms below 1e-6 there) and whose dip holds g(0) = -0.4997.
 * From the dip a simplex of ATT_FIT_STEP (1) puts its vertex on the ridge
 * (g(1) = 1.01), every trial point is worse than the dip, and it shrinks
 * there, polish or not (the polish restarts with the same step): the
 * first start stops at f = -0.5.  The wide step ATT_FIT_STEP_WIDE (2) of
 * start 2 puts the vertex past the ridge into the valley (g(2) = -1.15),
 * and the search ends in the valley.  (cli_fit_step checks that start 2
 * of a fit is that wide search from the scenario's values.) */
#include <check.h>
#include <math.h>
#include "attune/fit.h"

static double g(double u)
{
    return -0.5 * exp(-(u / 0.25) * (u / 0.25)) + exp(-((u - 1) / 0.35) * ((u - 1) / 0.35))
           - 2 * exp(-((u - 2.5) / 0.8) * ((u - 2.5) / 0.8)) + 0.05 * u * u;
}

static double dip(void *user, const double *u)
{
    (void)user;
    return g(u[0]) + (u[1] - 0.5) * (u[1] - 0.5);
}

/* The toy's landscape itself, by hand, so that the search's outcome below
 * is read against it. */
START_TEST(step_toy_landscape)
{
    ck_assert_double_eq_tol(g(0), -0.5 + exp(-1 / 0.1225) - 2 * exp(-6.25 / 0.64), 1e-12);
    ck_assert_double_lt(g(0), -0.49);
    ck_assert_double_gt(g(1), 0.9);          /* the ridge */
    ck_assert_double_lt(g(2), -1.1);          /* past it, the valley */
    ck_assert_double_lt(g(2.3), -1.6);
    ck_assert_double_gt(g(-1), 0);            /* the other side of the dip */
}
END_TEST

/* From the dip, with the fit's polish: the wide step reaches the valley,
 * the first start's step stays in the dip. */
START_TEST(step_leaves_the_dip)
{
    const double u0[2] = { 0, 0.5 };
    double ub[2], fb;
    long ev;
    att_error err = { 0 };
    ck_assert_double_eq(ATT_FIT_STEP, 1);
    ck_assert_double_eq(ATT_FIT_STEP_WIDE, 2);
    att_fit_nm nm = { 2, ATT_FIT_STEP_WIDE, 1000, 1e-3, NULL, 1 };
    ck_assert_int_eq(att_fit_minimise(&nm, dip, NULL, u0, ub, &fb, &ev, &err), ATT_OK);
    ck_assert_msg(fb < -1.6 && ub[0] > 2 && ub[0] < 2.6 && fabs(ub[1] - 0.5) < 0.05,
                  "step %g: stopped at (%g, %g), f = %g", ATT_FIT_STEP_WIDE, ub[0], ub[1], fb);
    ck_assert_double_eq(fb, dip(NULL, ub));
    nm.step = ATT_FIT_STEP;
    ck_assert_int_eq(att_fit_minimise(&nm, dip, NULL, u0, ub, &fb, &ev, &err), ATT_OK);
    ck_assert_msg(fb > -0.51 && fabs(ub[0]) < 0.2, "step 1: (%g, %g), f = %g", ub[0], ub[1],
                  fb);
}
END_TEST

Suite *suite_fit_step(void);
Suite *suite_fit_step(void)
{
    Suite *s = suite_create("fit_step");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, step_toy_landscape);
    tcase_add_test(tc, step_leaves_the_dip);
    suite_add_tcase(s, tc);
    return s;
}
