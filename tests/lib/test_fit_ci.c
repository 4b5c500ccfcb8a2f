/* The inversion of the test behind the fit's asymptotic interval
 * (att_fit_ci_invert, docs/FIT.md "Uncertainty and diagnostics") on toys
 * whose se_u(u) is known in closed form, against the ends solved by hand:
 * a straight line se_u = a + b u (rising and falling), a parabola, an se
 * rising so fast that no end exists before the cap, an se undefined at a
 * point, an error from the se, a zero se, and a constant se (the first
 * step settles). */
#include <check.h>
#include <math.h>
#include "attune/fit.h"

/* se_u(u) = c0 + c1 u + c2 u^2; `fail_at` (> 0): the call of that number
 * returns ATT_EIO; `nan_below`: NaN for u below it; `inf_above`: infinite
 * above it (0: never). */
struct toy {
    double c0, c1, c2, nan_below;
    int calls, fail_at;
    double inf_above;
};

static int toy_se(void *user, double u, double *se, att_error *err)
{
    struct toy *t = user;
    if (++t->calls == t->fail_at)
        return att_error_set(err, ATT_EIO, "interrupted");
    *se = u < t->nan_below ? NAN
          : t->inf_above > 0 && u > t->inf_above ? INFINITY
                                                 : t->c0 + t->c1 * u + t->c2 * u * u;
    return ATT_OK;
}

static att_fit_ci_problem problem(struct toy *t, double u_hat, double z, double u_cap)
{
    att_fit_ci_problem pb = { u_hat, t->c0 + t->c1 * u_hat + t->c2 * u_hat * u_hat, z, u_cap,
                              3, 0.05, toy_se, t };
    return pb;
}

/* se_u = 0.3 + 0.1 u, u_hat = 1 (se_hat 0.4), by hand:
 *   upper: u - 1 = 1.96 (0.3 + 0.1 u)  ->  u = 1.588 / 0.804 = 1.975124378
 *   lower: 1 - u = 1.96 (0.3 + 0.1 u)  ->  u = 0.412 / 1.196 = 0.344481605
 * g is a straight line, so the secant through u_hat and the Wald end
 * lands on the root: 2 evaluations (the Wald end, the root). */
START_TEST(ci_invert_rising_line)
{
    struct toy t = { 0.3, 0.1, 0, -INFINITY, 0, 0, 0 };
    att_error err = { 0 };
    double end;
    int status, evals;
    att_fit_ci_problem up = problem(&t, 1, 1.96, 10), lo = problem(&t, 1, -1.96, -10);
    ck_assert_int_eq(att_fit_ci_invert(&up, &end, &status, &evals, &err), ATT_OK);
    ck_assert_double_eq_tol(end, 1.588 / 0.804, 1e-12);
    ck_assert_int_eq(status, ATT_FIT_CI_DONE);
    ck_assert_int_eq(evals, 2);
    ck_assert_int_eq(att_fit_ci_invert(&lo, &end, &status, &evals, &err), ATT_OK);
    ck_assert_double_eq_tol(end, 0.412 / 1.196, 1e-12);
    ck_assert_int_eq(status, ATT_FIT_CI_DONE);
    /* the logit (Wald) ends would be 1 -+ 0.784: 1.784 and 0.216 */
    ck_assert(fabs(end - 0.216) > 0.1);
}
END_TEST

/* se_u = 0.3 - 0.1 u, u_hat = 1 (se_hat 0.2), by hand:
 *   upper: u - 1 = 1.96 (0.3 - 0.1 u)  ->  u = 1.588 / 1.196 = 1.327759197
 *   lower: 1 - u = 1.96 (0.3 - 0.1 u)  ->  u = 0.412 / 0.804 = 0.512437811
 * and with one evaluation allowed the end is the secant's point, unsettled
 * (still the root: g is straight). */
START_TEST(ci_invert_falling_line)
{
    struct toy t = { 0.3, -0.1, 0, -INFINITY, 0, 0, 0 };
    att_error err = { 0 };
    double end;
    int status, evals;
    att_fit_ci_problem up = problem(&t, 1, 1.96, 10), lo = problem(&t, 1, -1.96, -10);
    ck_assert_int_eq(att_fit_ci_invert(&up, &end, &status, &evals, &err), ATT_OK);
    ck_assert_double_eq_tol(end, 1.588 / 1.196, 1e-12);
    ck_assert_int_eq(status, ATT_FIT_CI_DONE);
    ck_assert_int_eq(att_fit_ci_invert(&lo, &end, &status, &evals, &err), ATT_OK);
    ck_assert_double_eq_tol(end, 0.412 / 0.804, 1e-12);
    lo.max_evals = 1;
    ck_assert_int_eq(att_fit_ci_invert(&lo, &end, &status, &evals, &err), ATT_OK);
    ck_assert_int_eq(status, ATT_FIT_CI_UNSETTLED);
    ck_assert_int_eq(evals, 1);
    ck_assert_double_eq_tol(end, 0.412 / 0.804, 1e-12);
}
END_TEST

/* se_u = 0.2 + 0.05 u^2, u_hat = 0 (se_hat 0.2), upper end by hand:
 *   u = 1.96 (0.2 + 0.05 u^2)  ->  0.098 u^2 - u + 0.392 = 0
 *   u = (1 - sqrt(1 - 4 * 0.098 * 0.392)) / 0.196 = 0.408342...
 * (the smaller root: the larger, 9.795, lies past where g turns); with a
 * tight tolerance and room for steps, to 1e-9; the lower end by symmetry
 * (se_u is even in u). */
START_TEST(ci_invert_parabola)
{
    struct toy t = { 0.2, 0, 0.05, -INFINITY, 0, 0, 0 };
    att_error err = { 0 };
    double end, want = (1 - sqrt(1 - 4 * 0.098 * 0.392)) / 0.196;
    int status, evals;
    att_fit_ci_problem up = problem(&t, 0, 1.96, 5), lo = problem(&t, 0, -1.96, -5);
    up.tol = lo.tol = 1e-12;
    up.max_evals = lo.max_evals = 50;
    ck_assert_int_eq(att_fit_ci_invert(&up, &end, &status, &evals, &err), ATT_OK);
    ck_assert_int_eq(status, ATT_FIT_CI_DONE);
    ck_assert_double_eq_tol(end, want, 1e-9);
    ck_assert_int_eq(att_fit_ci_invert(&lo, &end, &status, &evals, &err), ATT_OK);
    ck_assert_double_eq_tol(end, -want, 1e-9);
}
END_TEST

/* se_u = 0.3 + 0.6 u, u_hat = 1: upper g(u) = u - 1 - 1.96 (0.3 + 0.6 u) =
 * -0.176 u - 1.588 < 0 for every u > 0, the test rejects no u above: the
 * end is the cap (5), reached by fixed-point steps.  Likewise an infinite
 * se. */
START_TEST(ci_invert_cap)
{
    struct toy t = { 0.3, 0.6, 0, -INFINITY, 0, 0, 0 };
    att_error err = { 0 };
    double end;
    int status, evals;
    att_fit_ci_problem up = problem(&t, 1, 1.96, 5);
    ck_assert_int_eq(att_fit_ci_invert(&up, &end, &status, &evals, &err), ATT_OK);
    ck_assert_int_eq(status, ATT_FIT_CI_CAP);
    ck_assert_double_eq(end, 5);
    ck_assert_int_le(evals, 3);
    /* an infinite se (no information) above u = 1.5, the rising line of
     * ci_invert_rising_line otherwise: its root 1.975 is not rejected, nor
     * anything up to the cap: the end is the cap, in 2 evaluations (the
     * Wald end 1.784, then the cap) */
    struct toy inf = { 0.3, 0.1, 0, -INFINITY, 0, 0, 1.5 };
    att_fit_ci_problem iu = problem(&inf, 1, 1.96, 5);
    ck_assert_int_eq(att_fit_ci_invert(&iu, &end, &status, &evals, &err), ATT_OK);
    ck_assert_int_eq(status, ATT_FIT_CI_CAP);
    ck_assert_double_eq(end, 5);
    ck_assert_int_eq(evals, 2);
    /* infinite only past the root (above 2.5): the root as before, the
     * cap's infinite se bracketing it */
    inf.inf_above = 2.5;
    ck_assert_int_eq(att_fit_ci_invert(&iu, &end, &status, &evals, &err), ATT_OK);
    ck_assert_int_eq(status, ATT_FIT_CI_DONE);
    ck_assert_double_eq_tol(end, 1.588 / 0.804, 1e-12);
}
END_TEST

/* An se undefined at the Wald end (NaN below u = 0.5): end NaN; an error
 * from the se (the second call): returned, end NaN; se_hat 0: u_hat, no
 * evaluation. */
START_TEST(ci_invert_undefined_error_zero)
{
    struct toy t = { 0.3, 0.1, 0, 0.5, 0, 0, 0 };
    att_error err = { 0 };
    double end;
    int status, evals;
    att_fit_ci_problem lo = problem(&t, 1, -1.96, -10);
    ck_assert_int_eq(att_fit_ci_invert(&lo, &end, &status, &evals, &err), ATT_OK);
    ck_assert_int_eq(status, ATT_FIT_CI_UNDEFINED);
    ck_assert(isnan(end));
    struct toy e = { 0.3, 0.1, 0, -INFINITY, 0, 2, 0 };
    att_fit_ci_problem up = problem(&e, 1, 1.96, 10);
    ck_assert_int_eq(att_fit_ci_invert(&up, &end, &status, &evals, &err), ATT_EIO);
    ck_assert(isnan(end));
    ck_assert_int_eq(e.calls, 2);
    struct toy z = { 0, 0, 0, -INFINITY, 0, 0, 0 };
    att_fit_ci_problem zp = problem(&z, 1, 1.96, 10);
    ck_assert_int_eq(att_fit_ci_invert(&zp, &end, &status, &evals, &err), ATT_OK);
    ck_assert_double_eq(end, 1);
    ck_assert_int_eq(evals, 0);
    ck_assert_int_eq(z.calls, 0);
}
END_TEST

/* A constant se_u = 0.4, u_hat = 1: the Wald end 1 -+ 0.784 is the root
 * itself, so the first evaluation settles it (g = 0): DONE after exactly
 * one call, the end 1.784 (0.216 below), to rounding. */
START_TEST(ci_invert_first_step_settles)
{
    struct toy t = { 0.4, 0, 0, -INFINITY, 0, 0, 0 };
    att_error err = { 0 };
    double end;
    int status, evals;
    att_fit_ci_problem up = problem(&t, 1, 1.96, 10), lo = problem(&t, 1, -1.96, -10);
    ck_assert_int_eq(att_fit_ci_invert(&up, &end, &status, &evals, &err), ATT_OK);
    ck_assert_double_eq_tol(end, 1.784, 1e-12);
    ck_assert_int_eq(status, ATT_FIT_CI_DONE);
    ck_assert_int_eq(evals, 1);
    ck_assert_int_eq(t.calls, 1);
    ck_assert_int_eq(att_fit_ci_invert(&lo, &end, &status, &evals, &err), ATT_OK);
    ck_assert_double_eq_tol(end, 0.216, 1e-12);
    ck_assert_int_eq(status, ATT_FIT_CI_DONE);
    ck_assert_int_eq(evals, 1);
}
END_TEST

Suite *suite_fit_ci(void);
Suite *suite_fit_ci(void)
{
    Suite *s = suite_create("fit_ci");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, ci_invert_rising_line);
    tcase_add_test(tc, ci_invert_falling_line);
    tcase_add_test(tc, ci_invert_parabola);
    tcase_add_test(tc, ci_invert_cap);
    tcase_add_test(tc, ci_invert_undefined_error_zero);
    tcase_add_test(tc, ci_invert_first_step_settles);
    suite_add_tcase(s, tc);
    return s;
}
