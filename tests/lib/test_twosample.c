/* Two-sample and k-sample tests against R's published output and values
 * computed independently in python3 (exact fractions where possible; the
 * t tail with mpmath's regularised incomplete beta, the normal tail with
 * math.erfc). */
#include <check.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "attune/error.h"
#include "attune/twosample.h"
#include "tests/fixture.h"

#define LEN(a) (sizeof (a) / sizeof (a)[0])

/* R's sleep data (Cushny and Peebles): extra hours of sleep, two drugs. */
static const double sleep1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0 };
static const double sleep2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };

/* ---- Welch -------------------------------------------------------------- */

/* R: t.test(extra ~ group, data = sleep) gives t = -1.8608, df = 17.776,
 * p-value = 0.07939, means 0.75 and 2.33.  More digits from python3: the
 * variances as fractions (5761/1800 and 4009/1000), t and df from them, p
 * as I_{df/(df+t^2)}(df/2, 1/2) (mpmath.betainc, 30 digits). */
START_TEST(welch_sleep)
{
    att_welch w;
    att_welch_test(sleep1, LEN(sleep1), sleep2, LEN(sleep2), &w);
    ck_assert_double_eq_tol(w.diff, -1.58, 1e-12);
    ck_assert_double_eq_tol(w.t, -1.8608, 0.00005);
    ck_assert_double_eq_tol(w.df, 17.776, 0.0005);
    ck_assert_double_eq_tol(w.p, 0.07939, 0.000005);
    ck_assert_double_eq_tol(w.t, -1.8608134674868531, 1e-12);
    ck_assert_double_eq_tol(w.df, 17.776473516178490, 1e-10);
    ck_assert_double_eq_tol(w.p, 0.079394140187358138, 1e-10);

    /* Swapping the samples flips the sign of diff and t only. */
    att_welch s;
    att_welch_test(sleep2, LEN(sleep2), sleep1, LEN(sleep1), &s);
    ck_assert_double_eq_tol(s.diff, 1.58, 1e-12);
    ck_assert_double_eq_tol(s.t, -w.t, 1e-12);
    ck_assert_double_eq_tol(s.df, w.df, 1e-12);
    ck_assert_double_eq_tol(s.p, w.p, 1e-14);
}
END_TEST

/* By hand: x constant (vx = 0), y = {1, 2, 3} (vy = 1).  diff = 3,
 * se^2 = 0 + 1/3, t = 3 sqrt(3) = sqrt(27), df = (1/3)^2 / ((1/3)^2 / 2) = 2.
 * Student's t with 2 df has F(t) = 1/2 + t / (2 sqrt(t^2 + 2)), so
 * p = 1 - t / sqrt(t^2 + 2) = 1 - sqrt(27 / 29). */
START_TEST(welch_one_constant_sample)
{
    const double x[] = { 5, 5, 5 }, y[] = { 1, 2, 3 };
    att_welch w;
    att_welch_test(x, 3, y, 3, &w);
    ck_assert_double_eq_tol(w.diff, 3.0, 1e-15);
    ck_assert_double_eq_tol(w.t, sqrt(27.0), 1e-12);
    ck_assert_double_eq_tol(w.df, 2.0, 1e-12);
    ck_assert_double_eq_tol(w.p, 1.0 - sqrt(27.0 / 29.0), 1e-12);
}
END_TEST

/* The t tail against 50-digit values (python3 mpmath 1.3: betainc(df/2,
 * 1/2, 0, df/(df + t^2), regularized=True) at the doubles below), down to
 * 1e-258, for df from 1 to 1e6.  The first is the far-tail case where
 * gsl_cdf_tdist_Q gave 9.638224556e-17 (relative error 3e-7); at the
 * rounded t and df printed here the exact value is 9.6382276445647e-17. */
START_TEST(t_pvalue_exact)
{
    static const struct { double t, df, p; } c[] = {
        { -15.7142943, 32.49931291, 9.6382276445647006e-17 },
        { 15.7142943, 32.49931291, 9.6382276445647006e-17 },
        { 3.1, 1.0, 0.19865218439823709 },
        { 1e10, 1.5, 7.5417048640324927e-16 },
        { 2e60, 2.5, 2.5432499667026865e-151 },
        { 40, 30.5, 6.4232868419262826e-28 },
        { 120, 45.25, 2.6120102046038215e-58 },
        { 9.5, 1000, 1.4967404877692298e-20 },
        { 38, 3000, 2.6788802963541857e-258 },
        { 0.05, 12.0, 0.96094499816513517 },
        { 1.2, 99999.0, 0.23014218334804088 },
        { 7, 150000, 2.5703021703740674e-12 },
        { 25, 1e6, 6.7423581675436745e-138 },
        { 3.3, 4.0, 0.029933420084126073 },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        double p = att_t_pvalue(c[i].t, c[i].df);
        ck_assert_msg(fabs(p - c[i].p) <= 1e-11 * c[i].p, "t %g df %g: %.17g, exact %.17g",
                      c[i].t, c[i].df, p, c[i].p);
    }
    /* Below the smallest double (exact 2.1e-1208), at the centre, undefined. */
    ck_assert_double_eq(att_t_pvalue(80, 20000), 0.0);
    ck_assert_double_eq(att_t_pvalue(0.0, 5.0), 1.0);
    ck_assert_double_eq(att_t_pvalue(1e300, 0.5), 0.0);
    ck_assert_double_nan(att_t_pvalue(NAN, 5.0));
    ck_assert_double_nan(att_t_pvalue(2.0, 0.0));
    ck_assert_double_nan(att_t_pvalue(2.0, -1.0));
    ck_assert_double_eq_tol(att_t_pvalue(1.959963984540054, INFINITY), 0.05, 1e-15);
}
END_TEST

START_TEST(welch_undefined)
{
    const double x[] = { 1, 2, 4 }, c[] = { 3, 3, 3 }, one[] = { 7 };
    att_welch w;

    /* One value: the mean difference exists, the test does not. */
    att_welch_test(one, 1, x, 3, &w);
    ck_assert_double_eq_tol(w.diff, 7.0 - 7.0 / 3.0, 1e-14);
    ck_assert_double_nan(w.t);
    ck_assert_double_nan(w.df);
    ck_assert_double_nan(w.p);
    att_welch_test(x, 3, one, 1, &w);
    ck_assert_double_nan(w.p);

    /* No values at all (the pointer is never read). */
    att_welch_test(NULL, 0, x, 3, &w);
    ck_assert_double_nan(w.diff);
    ck_assert_double_nan(w.t);
    ck_assert_double_nan(w.p);

    /* Both constant: zero variance. */
    att_welch_test(c, 3, one, 1, &w);
    ck_assert_double_eq_tol(w.diff, -4.0, 1e-15);
    att_welch_test(c, 3, c, 2, &w);
    ck_assert_double_eq(w.diff, 0.0);
    ck_assert_double_nan(w.t);
    ck_assert_double_nan(w.df);
    ck_assert_double_nan(w.p);
}
END_TEST

/* ---- Mann-Whitney ------------------------------------------------------- */

/* R's ?wilcox.test example (Hollander and Wolfe 1973, p. 69): W = 35 and,
 * one-sided "greater", p = 0.1272.  Enumerating all C(15, 5) = 3003 rank
 * sets in python3: P(U >= 35) = 382/3003, so the two-sided p is
 * 764/3003 = 0.254412254412... */
static const double hw_x[] = { 0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46 };
static const double hw_y[] = { 1.15, 0.88, 0.90, 0.74, 1.21 };

START_TEST(mw_exact_hollander_wolfe)
{
    att_mann_whitney r;
    ck_assert_int_eq(att_mann_whitney_test(hw_x, LEN(hw_x), hw_y, LEN(hw_y), &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 1);
    ck_assert_double_eq(r.u, 35.0);
    ck_assert_double_eq_tol(r.auc, 35.0 / 50.0, 1e-15);
    ck_assert_double_nan(r.z);
    ck_assert_double_eq_tol(r.p / 2.0, 0.1272, 0.00005);
    ck_assert_double_eq_tol(r.p, 764.0 / 3003.0, 1e-13);

    /* From y's side U = 50 - 35, in the other tail: the same p. */
    ck_assert_int_eq(att_mann_whitney_test(hw_y, LEN(hw_y), hw_x, LEN(hw_x), &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 1);
    ck_assert_double_eq(r.u, 15.0);
    ck_assert_double_eq_tol(r.auc, 0.3, 1e-15);
    ck_assert_double_eq_tol(r.p, 764.0 / 3003.0, 1e-13);
}
END_TEST

/* The largest exact case, 49 and 49 values, and an unbalanced one, checked
 * against python3's exact integer coefficients of the Gaussian binomial
 * [m+n choose m]_q (the generating function of U), built as
 * prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i) by exact polynomial division: a
 * different route from the recurrence in the code. */
START_TEST(mw_exact_larger)
{
    double x[49], y[49];
    for (int i = 0; i < 49; i++) {
        x[i] = i + 8.5;  /* x_i beats y_0 .. y_{i+8} */
        y[i] = i;
    }
    att_mann_whitney r;
    ck_assert_int_eq(att_mann_whitney_test(x, 49, y, 49, &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 1);
    ck_assert_double_eq(r.u, 1581.0);
    ck_assert_double_eq_tol(r.p, 0.006556364983585623, 1e-13);

    /* 3 against 40: U = 50 for the three (0.5 beats 1 of 0..39, 17.25
     * beats 18, 30.75 beats 31), 70 from the other side. */
    const double three[] = { 0.5, 17.25, 30.75 };
    double forty[40];
    for (int i = 0; i < 40; i++)
        forty[i] = i;
    ck_assert_int_eq(att_mann_whitney_test(three, 3, forty, 40, &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 1);
    ck_assert_double_eq(r.u, 50.0);
    ck_assert_double_eq_tol(r.p, 0.6681792399319342, 1e-13);
    ck_assert_int_eq(att_mann_whitney_test(forty, 40, three, 3, &r, NULL), ATT_OK);
    ck_assert_double_eq(r.u, 70.0);
    ck_assert_double_eq_tol(r.p, 0.6681792399319342, 1e-13);
}
END_TEST

/* R: wilcox.test(extra ~ group, data = sleep) gives W = 25.5, p-value =
 * 0.06933 (with a warning that ties prevent the exact p).  By hand: the
 * tie groups have sizes 2 (-0.1), 2 (0.8), 2 (3.4), so sum(t^3 - t) = 18;
 * sigma^2 = 100/12 (21 - 18/380) = 6635/38; U - 50 = -24.5, corrected to
 * -24; z = -24 / sqrt(6635/38) = -1.81627906191368; p = erfc(|z| / sqrt 2)
 * = 0.0693275754336266 (python3). */
START_TEST(mw_ties_sleep)
{
    att_mann_whitney r;
    ck_assert_int_eq(att_mann_whitney_test(sleep1, LEN(sleep1), sleep2, LEN(sleep2), &r, NULL),
                     ATT_OK);
    ck_assert_int_eq(r.exact, 0);
    ck_assert_double_eq(r.u, 25.5);
    ck_assert_double_eq_tol(r.auc, 0.255, 1e-15);
    ck_assert_double_eq_tol(r.p, 0.06933, 0.000005);
    ck_assert_double_eq_tol(r.z, -24.0 / sqrt(6635.0 / 38.0), 1e-12);
    ck_assert_double_eq_tol(r.p, 0.06932757543362662, 1e-12);
}
END_TEST

/* 50 values make R use the normal approximation even without ties.  By
 * hand: x = 0.5, 1.5, ..., 49.5 and y as below; the x's above each y are
 * 48, 45, 38, 30, 16, 9, 2, 0, 0, 0, so U = 188.  No ties: sigma^2 =
 * 50*10/12 * 61; U - 250 = -62, corrected to -61.5; z = -61.5 / sigma =
 * -1.21987637105394, p = erfc(|z| / sqrt 2) = 0.222511744471801 (python3). */
START_TEST(mw_normal_large)
{
    double x[50];
    for (int i = 0; i < 50; i++)
        x[i] = i + 0.5;
    const double y[] = { 2.1, 5.3, 11.7, 20.2, 33.9, 41.4, 47.8, 52.0, 60.0, 61.5 };
    att_mann_whitney r;
    ck_assert_int_eq(att_mann_whitney_test(x, 50, y, LEN(y), &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 0);
    ck_assert_double_eq(r.u, 188.0);
    double sigma = sqrt(500.0 / 12.0 * 61.0);
    ck_assert_double_eq_tol(r.z, -61.5 / sigma, 1e-12);
    ck_assert_double_eq_tol(r.z, -1.2198763710539433, 1e-12);
    ck_assert_double_eq_tol(r.p, 0.22251174447180141, 1e-12);

    /* 49 and 49 without ties is still exact; 50 and 49 is not. */
    ck_assert_int_eq(att_mann_whitney_test(x, 49, x + 1, 49, &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 0);  /* x and x + 1 share 48 values: ties */
    double a[50], b[49];
    for (int i = 0; i < 50; i++)
        a[i] = 2 * i;
    for (int i = 0; i < 49; i++)
        b[i] = 2 * i + 1;
    ck_assert_int_eq(att_mann_whitney_test(a, 49, b, 49, &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 1);
    ck_assert_int_eq(att_mann_whitney_test(a, 50, b, 49, &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 0);
    ck_assert_int_eq(att_mann_whitney_test(b, 49, a, 50, &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 0);
}
END_TEST

START_TEST(mw_undefined)
{
    const double c[] = { 2, 2, 2 }, one[] = { 1 }, two[] = { 2 };
    att_mann_whitney r;

    /* All tied: U is its mean, nothing varies, p is NaN (R: NaN too). */
    ck_assert_int_eq(att_mann_whitney_test(c, 3, c, 2, &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 0);
    ck_assert_double_eq(r.u, 3.0);
    ck_assert_double_eq(r.auc, 0.5);
    ck_assert_double_nan(r.z);
    ck_assert_double_nan(r.p);

    /* An empty sample: nothing defined. */
    ck_assert_int_eq(att_mann_whitney_test(NULL, 0, c, 3, &r, NULL), ATT_OK);
    ck_assert_double_nan(r.u);
    ck_assert_double_nan(r.auc);
    ck_assert_double_nan(r.p);
    ck_assert_int_eq(att_mann_whitney_test(c, 3, NULL, 0, &r, NULL), ATT_OK);
    ck_assert_double_nan(r.p);

    /* One against one: U is 0 or 1 with probability 1/2 each, so p = 1
     * (R: wilcox.test(1, 2) gives W = 0, p-value = 1). */
    ck_assert_int_eq(att_mann_whitney_test(one, 1, two, 1, &r, NULL), ATT_OK);
    ck_assert_int_eq(r.exact, 1);
    ck_assert_double_eq(r.u, 0.0);
    ck_assert_double_eq(r.p, 1.0);
}
END_TEST

/* ---- Hedges' g ---------------------------------------------------------- */

/* By hand: x = {2, 4, 6} (mean 4, variance 4), y = {1, 2, 3} (mean 2,
 * variance 1).  s_p^2 = (2*4 + 2*1) / 4 = 2.5, d = 2 / sqrt(2.5) =
 * 1.26491106406735; J = 1 - 3 / (4*6 - 9) = 0.8, g = 0.8 d = 1.01192885125388;
 * g^2 = 0.64 * 4 / 2.5 = 1.024, se^2 = 6/9 + 1.024/12 = 0.752,
 * se = 0.867179335547152; z(0.95) = 1.959963984540054, so
 * [lo, hi] = 1.01192885 -/+ 1.69964027 = [-0.68771141, 2.71156912]. */
START_TEST(hedges_by_hand)
{
    const double x[] = { 2, 4, 6 }, y[] = { 1, 2, 3 };
    att_hedges h;
    att_hedges_g(x, 3, y, 3, 0.95, &h);
    ck_assert_double_eq_tol(h.d, 2.0 / sqrt(2.5), 1e-14);
    ck_assert_double_eq_tol(h.g, 0.8 * 2.0 / sqrt(2.5), 1e-14);
    ck_assert_double_eq_tol(h.se, sqrt(0.752), 1e-14);
    ck_assert_double_eq_tol(h.lo, 0.8 * 2.0 / sqrt(2.5) - 1.959963984540054 * sqrt(0.752), 1e-12);
    ck_assert_double_eq_tol(h.hi, 0.8 * 2.0 / sqrt(2.5) + 1.959963984540054 * sqrt(0.752), 1e-12);
    ck_assert_double_eq_tol(h.lo, -0.68771141, 1e-8);
    ck_assert_double_eq_tol(h.hi, 2.71156912, 1e-8);

    /* Swapped: g changes sign, se does not. */
    att_hedges s;
    att_hedges_g(y, 3, x, 3, 0.95, &s);
    ck_assert_double_eq_tol(s.g, -h.g, 1e-14);
    ck_assert_double_eq_tol(s.se, h.se, 1e-14);
    ck_assert_double_eq_tol(s.lo, -h.hi, 1e-12);

    /* A conf outside (0, 1) loses only the interval. */
    att_hedges_g(x, 3, y, 3, 1.0, &s);
    ck_assert_double_eq_tol(s.g, h.g, 1e-15);
    ck_assert_double_nan(s.lo);
    ck_assert_double_nan(s.hi);
    att_hedges_g(x, 3, y, 3, NAN, &s);
    ck_assert_double_nan(s.lo);
}
END_TEST

START_TEST(hedges_undefined)
{
    const double x[] = { 2, 4, 6 }, c[] = { 3, 3 }, one[] = { 1 };
    att_hedges h;
    att_hedges_g(one, 1, x, 3, 0.95, &h);
    ck_assert_double_nan(h.d);
    ck_assert_double_nan(h.g);
    ck_assert_double_nan(h.se);
    ck_assert_double_nan(h.lo);
    ck_assert_double_nan(h.hi);
    att_hedges_g(x, 3, NULL, 0, 0.95, &h);
    ck_assert_double_nan(h.g);
    /* Both constant: s_p = 0. */
    att_hedges_g(c, 2, c, 2, 0.95, &h);
    ck_assert_double_nan(h.d);
    ck_assert_double_nan(h.g);
    ck_assert_double_nan(h.hi);
}
END_TEST

/* ---- log-rank ----------------------------------------------------------- */

/* Freireich et al. (1963), weeks in remission.  6-MP: relapses at
 * 6,6,6,7,10,13,16,22,23, censored at 6,9,10,11,17,19,20,25,32,32,34,35.
 * Placebo: all 21 relapsed. */
static const double mp_t[] = { 6, 7, 9, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 34, 35 };
static const long mp_d[] =   { 3, 1, 0, 1,  0,  1,  1,  0,  0,  0,  1,  1,  0,  0,  0,  0 };
static const long mp_c[] =   { 1, 0, 1, 1,  1,  0,  0,  1,  1,  1,  0,  0,  1,  2,  1,  1 };
static const double pl_t[] = { 1, 2, 3, 4, 5, 8, 11, 12, 15, 17, 22, 23 };
static const long pl_d[] =   { 2, 2, 1, 2, 2, 4, 2,  2,  1,  1,  1,  1 };
static const long pl_c[] =   { 0, 0, 0, 0, 0, 0, 0,  0,  0,  0,  0,  0 };

/* R: survdiff(Surv(time, cens) ~ treat, data = MASS::gehan) gives 6-MP
 * O = 9, E = 19.3, placebo O = 21, E = 10.7, Chisq = 16.8 on 1 degree of
 * freedom, p = 4.17e-05.  In python3 with fractions from the raw times:
 * E_6MP = 406602257588/21121645545 = 19.2505009480311, V =
 * 6.25696057367550, chisq = 16.7929409892165, p = erfc(sqrt(chisq/2)) =
 * 4.16880910933455e-05. */
START_TEST(logrank_freireich)
{
    const att_km_group g[2] = {
        { mp_t, mp_d, mp_c, LEN(mp_t) },
        { pl_t, pl_d, pl_c, LEN(pl_t) },
    };
    double o[2], e[2], chisq, df, p;
    ck_assert_int_eq(att_logrank_test(g, 2, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_eq(o[0], 9.0);
    ck_assert_double_eq(o[1], 21.0);
    ck_assert_double_eq_tol(e[0], 19.3, 0.05);
    ck_assert_double_eq_tol(e[1], 10.7, 0.05);
    ck_assert_double_eq_tol(chisq, 16.8, 0.05);
    ck_assert_double_eq_tol(p, 4.17e-05, 0.005e-05);
    ck_assert_double_eq_tol(e[0], 406602257588.0 / 21121645545.0, 1e-11);
    ck_assert_double_eq_tol(e[0] + e[1], 30.0, 1e-12);
    ck_assert_double_eq(df, 1.0);
    ck_assert_double_eq_tol(chisq, 16.792940989216532, 1e-10);
    ck_assert_double_eq_tol(p, 4.16880910933455e-05, 1e-15);

    /* The other arm first: the same statistic; O and E follow the order.
     * The arrays may be left out. */
    const att_km_group swapped[2] = { g[1], g[0] };
    double chisq2, df2, p2;
    ck_assert_int_eq(att_logrank_test(swapped, 2, NULL, e, &chisq2, &df2, &p2, NULL), ATT_OK);
    ck_assert_double_eq_tol(e[1], 406602257588.0 / 21121645545.0, 1e-11);
    ck_assert_double_eq_tol(chisq2, chisq, 1e-10);
    ck_assert_double_eq_tol(p2, p, 1e-15);
    ck_assert_int_eq(att_logrank_test(g, 2, NULL, NULL, &chisq2, &df2, &p2, NULL), ATT_OK);
    ck_assert_double_eq(chisq2, chisq);
}
END_TEST

/* Three groups (t, + for censored), with ties within and across groups and
 * a censoring at an event time:
 *   A: 1 2 3 3+ 5 6+      B: 2 3 4+ 5 7      C: 3 5+ 7 8 9+ 10
 * In python3 with fractions over the raw data (the formula as in the
 * header, V over groups A and B solved exactly):
 *   O = 4, 4, 4;  E = 19531/8568, 112271/42840, 152077/21420;
 *   V_AA = 1383730979/954338112, V_AB = -553267021/954338112,
 *   V_BB = 39823971947/23858452800;
 *   chisq = 6943070543704399/1384601242318379 = 5.01449105453561,
 *   p = exp(-chisq/2) (the chi-square tail with 2 df) = 0.0814923989690766.
 * Any group may be the one left out: C, A, B gives the same chisq. */
START_TEST(logrank_three_groups)
{
    static const double at[] = { 1, 2, 3, 5, 6 };
    static const long ad[] = { 1, 1, 1, 1, 0 }, ac[] = { 0, 0, 1, 0, 1 };
    static const double bt[] = { 2, 3, 4, 5, 7 };
    static const long bd[] = { 1, 1, 0, 1, 1 }, bc[] = { 0, 0, 1, 0, 0 };
    static const double ct[] = { 3, 5, 7, 8, 9, 10 };
    static const long cd[] = { 1, 0, 1, 1, 0, 1 }, cc[] = { 0, 1, 0, 0, 1, 0 };
    const att_km_group g[3] = {
        { at, ad, ac, LEN(at) },
        { bt, bd, bc, LEN(bt) },
        { ct, cd, cc, LEN(ct) },
    };
    double o[3], e[3], chisq, df, p;
    ck_assert_int_eq(att_logrank_test(g, 3, o, e, &chisq, &df, &p, NULL), ATT_OK);
    for (int j = 0; j < 3; j++)
        ck_assert_double_eq(o[j], 4.0);
    ck_assert_double_eq_tol(e[0], 19531.0 / 8568.0, 1e-13);
    ck_assert_double_eq_tol(e[1], 112271.0 / 42840.0, 1e-13);
    ck_assert_double_eq_tol(e[2], 152077.0 / 21420.0, 1e-13);
    ck_assert_double_eq(df, 2.0);
    ck_assert_double_eq_tol(chisq, 6943070543704399.0 / 1384601242318379.0, 1e-12);
    ck_assert_double_eq_tol(p, 0.0814923989690766, 1e-13);

    const att_km_group rotated[3] = { g[2], g[0], g[1] };
    double chisq2, df2, p2;
    ck_assert_int_eq(att_logrank_test(rotated, 3, o, e, &chisq2, &df2, &p2, NULL), ATT_OK);
    ck_assert_double_eq_tol(chisq2, chisq, 1e-12);
    ck_assert_double_eq_tol(e[0], 152077.0 / 21420.0, 1e-13);
}
END_TEST

START_TEST(logrank_undefined)
{
    double o[3], e[3], chisq, df, p;

    /* No events: everyone censored. */
    static const double t1[] = { 2, 5 };
    static const long d0[] = { 0, 0 }, c1[] = { 1, 2 };
    static const double t2[] = { 3 };
    static const long d0b[] = { 0 }, c2[] = { 4 };
    const att_km_group none[2] = { { t1, d0, c1, 2 }, { t2, d0b, c2, 1 } };
    ck_assert_int_eq(att_logrank_test(none, 2, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_eq(o[0], 0.0);
    ck_assert_double_eq(e[1], 0.0);
    ck_assert_double_nan(chisq);
    ck_assert_double_nan(df);
    ck_assert_double_nan(p);

    /* An empty group, first or last, among two or three: O and E are
     * still filled; as R's survdiff, a group with E = 0 is dropped and the
     * others are tested (Freireich's two arms: chisq 16.7929409892165 on 1
     * df, as above); with one group left the test is undefined (NaN). */
    const att_km_group mp = { mp_t, mp_d, mp_c, LEN(mp_t) };
    const att_km_group pl = { pl_t, pl_d, pl_c, LEN(pl_t) };
    const att_km_group empty = { NULL, NULL, NULL, 0 };
    const att_km_group first_empty[2] = { empty, mp };
    ck_assert_int_eq(att_logrank_test(first_empty, 2, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_eq(o[0], 0.0);
    ck_assert_double_eq(e[0], 0.0);
    ck_assert_double_eq(o[1], 9.0);
    ck_assert_double_eq_tol(e[1], 9.0, 1e-12);
    ck_assert_double_nan(chisq);
    ck_assert_double_nan(df);
    ck_assert_double_nan(p);
    const att_km_group last_empty[3] = { mp, pl, empty };
    ck_assert_int_eq(att_logrank_test(last_empty, 3, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_eq(o[1], 21.0);
    ck_assert_double_eq(e[2], 0.0);
    ck_assert_double_eq_tol(chisq, 16.792940989216532, 1e-10);
    ck_assert_double_eq(df, 1.0);
    ck_assert_double_eq_tol(p, 4.16880910933455e-05, 1e-15);
    const att_km_group middle_empty[3] = { pl, empty, mp };
    ck_assert_int_eq(att_logrank_test(middle_empty, 3, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_eq_tol(chisq, 16.792940989216532, 1e-10);
    ck_assert_double_eq(df, 1.0);

    /* A group whose ruptures all end before the first event: never at risk
     * at an event time (E = 0), so it is dropped as survdiff does. */
    static const double early_t[] = { 0.5 };
    static const long early_d[] = { 0 }, early_c[] = { 3 };
    const att_km_group early[3] = { mp, { early_t, early_d, early_c, 1 }, pl };
    ck_assert_int_eq(att_logrank_test(early, 3, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_eq(e[1], 0.0);
    ck_assert_double_eq(o[1], 0.0);
    ck_assert_double_eq_tol(chisq, 16.792940989216532, 1e-10);
    ck_assert_double_eq(df, 1.0);
    ck_assert_double_eq_tol(p, 4.16880910933455e-05, 1e-15);
    const att_km_group early_pair[2] = { { early_t, early_d, early_c, 1 }, pl };
    ck_assert_int_eq(att_logrank_test(early_pair, 2, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_nan(chisq);
    ck_assert_double_nan(df);
    ck_assert_double_nan(p);

    /* One rupture each, repaired together: d = n, no variance. */
    static const double tt[] = { 4 };
    static const long d1[] = { 1 }, c0[] = { 0 };
    const att_km_group both[2] = { { tt, d1, c0, 1 }, { tt, d1, c0, 1 } };
    ck_assert_int_eq(att_logrank_test(both, 2, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_eq(e[0], 1.0);
    ck_assert_double_nan(chisq);

    /* Fewer than two groups: O and E only (E = O for one group). */
    ck_assert_int_eq(att_logrank_test(&mp, 1, o, e, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_eq(o[0], 9.0);
    ck_assert_double_eq_tol(e[0], 9.0, 1e-12);
    ck_assert_double_nan(chisq);
    ck_assert_double_nan(df);
    ck_assert_double_nan(p);
    ck_assert_int_eq(att_logrank_test(NULL, 0, NULL, NULL, &chisq, &df, &p, NULL), ATT_OK);
    ck_assert_double_nan(p);
}
END_TEST

/* ---- Holm --------------------------------------------------------------- */

/* R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") gives 0.03 0.06 0.06 0.02.
 * By hand: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03,
 * 0.06, 0.04, and the running maximum lifts the last to 0.06. */
START_TEST(holm_r_example)
{
    const double p[] = { 0.01, 0.04, 0.03, 0.005 };
    const double want[] = { 0.03, 0.06, 0.06, 0.02 };
    double adj[4];
    ck_assert_int_eq(att_holm_adjust(p, 4, adj, NULL), ATT_OK);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq_tol(adj[i], want[i], 1e-15);

    /* In place. */
    double q[] = { 0.01, 0.04, 0.03, 0.005 };
    ck_assert_int_eq(att_holm_adjust(q, 4, q, NULL), ATT_OK);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq_tol(q[i], want[i], 1e-15);
}
END_TEST

/* NaN stays NaN and does not count in m (R: p.adjust(c(0.01, NA, 0.04,
 * 0.03, NA, 0.005), "holm") gives 0.03 NA 0.06 0.06 NA 0.02).  Values are
 * capped at 1, and tied values share one adjusted value. */
START_TEST(holm_nan_cap_ties)
{
    double p[] = { 0.01, NAN, 0.04, 0.03, NAN, 0.005 };
    const double want[] = { 0.03, NAN, 0.06, 0.06, NAN, 0.02 };
    double adj[6];
    ck_assert_int_eq(att_holm_adjust(p, 6, adj, NULL), ATT_OK);
    for (int i = 0; i < 6; i++) {
        if (isnan(want[i]))
            ck_assert_double_nan(adj[i]);
        else
            ck_assert_double_eq_tol(adj[i], want[i], 1e-15);
    }
    ck_assert_int_eq(att_holm_adjust(p, 6, p, NULL), ATT_OK);
    ck_assert_double_nan(p[1]);
    ck_assert_double_eq_tol(p[2], 0.06, 1e-15);

    /* min(1, 2 * 0.5) = 1, then max(1, 0.6) = 1. */
    const double big[] = { 0.6, 0.5 };
    ck_assert_int_eq(att_holm_adjust(big, 2, adj, NULL), ATT_OK);
    ck_assert_double_eq(adj[0], 1.0);
    ck_assert_double_eq(adj[1], 1.0);

    /* Ties: 3 * 0.02 = 0.06 for both (R: 0.06 0.5 0.06). */
    const double tied[] = { 0.02, 0.5, 0.02 };
    ck_assert_int_eq(att_holm_adjust(tied, 3, adj, NULL), ATT_OK);
    ck_assert_double_eq_tol(adj[0], 0.06, 1e-15);
    ck_assert_double_eq_tol(adj[1], 0.5, 1e-15);
    ck_assert_double_eq_tol(adj[2], 0.06, 1e-15);

    /* One value is its own adjustment; all NaN and none at all are fine. */
    const double single[] = { 0.2 };
    ck_assert_int_eq(att_holm_adjust(single, 1, adj, NULL), ATT_OK);
    ck_assert_double_eq(adj[0], 0.2);
    const double nans[] = { NAN, NAN };
    adj[0] = adj[1] = 0.0;
    ck_assert_int_eq(att_holm_adjust(nans, 2, adj, NULL), ATT_OK);
    ck_assert_double_nan(adj[0]);
    ck_assert_double_nan(adj[1]);
    ck_assert_int_eq(att_holm_adjust(NULL, 0, NULL, NULL), ATT_OK);
}
END_TEST

/* ---- the error channel ---- */

/* Sizes no machine can hold: the tests refuse them before touching the
 * data, so the dummy pointers are never read. */
START_TEST(impossible_sizes_are_out_of_memory)
{
    double dummy = 0, chisq, df, p;
    att_km_group groups[1] = { { 0 } };
    att_error err = { 0 };
    ck_assert_int_eq(att_logrank_test(groups, SIZE_MAX / 2, NULL, NULL, &chisq, &df, &p, &err),
                     ATT_ENOMEM);
    expect_err(&err, ATT_ENOMEM, "out of memory");
    ck_assert(isnan(chisq) && isnan(df) && isnan(p));
    err = (att_error){ 0 };
    att_mann_whitney mw;
    ck_assert_int_eq(att_mann_whitney_test(&dummy, SIZE_MAX / 4, &dummy, SIZE_MAX / 4, &mw, &err),
                     ATT_ENOMEM);
    expect_err(&err, ATT_ENOMEM, "out of memory");
    ck_assert_int_eq(att_logrank_test(groups, SIZE_MAX / 2, NULL, NULL, &chisq, &df, &p, NULL),
                     ATT_ENOMEM);
}
END_TEST

Suite *suite_twosample(void)
{
    Suite *s = suite_create("twosample");
    TCase *welch = tcase_create("welch");
    tcase_add_test(welch, welch_sleep);
    tcase_add_test(welch, welch_one_constant_sample);
    tcase_add_test(welch, welch_undefined);
    tcase_add_test(welch, t_pvalue_exact);
    suite_add_tcase(s, welch);
    TCase *mw = tcase_create("mann-whitney");
    tcase_add_test(mw, mw_exact_hollander_wolfe);
    tcase_add_test(mw, mw_exact_larger);
    tcase_add_test(mw, mw_ties_sleep);
    tcase_add_test(mw, mw_normal_large);
    tcase_add_test(mw, mw_undefined);
    suite_add_tcase(s, mw);
    TCase *hedges = tcase_create("hedges");
    tcase_add_test(hedges, hedges_by_hand);
    tcase_add_test(hedges, hedges_undefined);
    suite_add_tcase(s, hedges);
    TCase *lr = tcase_create("log-rank");
    tcase_add_test(lr, logrank_freireich);
    tcase_add_test(lr, logrank_three_groups);
    tcase_add_test(lr, logrank_undefined);
    suite_add_tcase(s, lr);
    TCase *nomem = tcase_create("out-of-memory");
    tcase_add_test(nomem, impossible_sizes_are_out_of_memory);
    suite_add_tcase(s, nomem);
    TCase *holm = tcase_create("holm");
    tcase_add_test(holm, holm_r_example);
    tcase_add_test(holm, holm_nan_cap_ties);
    suite_add_tcase(s, holm);
    return s;
}
