/* Kaplan-Meier and 2x2 statistics against published and hand-computed values. */
#include <check.h>
#include <math.h>
#include <stddef.h>
#include "attune/stats.h"

/* Freireich et al. (1963), 6-MP arm, weeks in remission, n = 21: relapses at
 * 6,6,6,7,10,13,16,22,23; censored at 6,9,10,11,17,19,20,25,32,32,34,35.
 * Given over distinct times. */
static const double frei_t[] = { 6, 7, 9, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 34, 35 };
static const long frei_d[] =   { 3, 1, 0, 1,  0,  1,  1,  0,  0,  0,  1,  1,  0,  0,  0,  0 };
static const long frei_c[] =   { 1, 0, 1, 1,  1,  0,  0,  1,  1,  1,  0,  0,  1,  2,  1,  1 };
#define FREI_N (sizeof frei_t / sizeof frei_t[0])

/* Exact product-limit fractions (n at risk 21, 17, 15, 12, 11, 7, 6). */
#define S6  (18.0 / 21.0)
#define S7  (S6 * 16.0 / 17.0)
#define S10 (S7 * 14.0 / 15.0)
#define S13 (S10 * 11.0 / 12.0)
#define S16 (S13 * 10.0 / 11.0)
#define S22 (S16 * 6.0 / 7.0)
#define S23 (S22 * 5.0 / 6.0)

START_TEST(freireich_curve)
{
    double surv[FREI_N], gw[FREI_N];
    att_km_curve(frei_t, frei_d, frei_c, FREI_N, surv, gw);
    /* Published (Kleinbaum and Klein; Collett): S to 3 decimals and the
     * Greenwood standard errors S sqrt(gw) to 3 decimals. */
    const size_t at[] = { 0, 1, 3, 5, 6, 10, 11 };  /* t = 6, 7, 10, 13, 16, 22, 23 */
    const double exact[] = { S6, S7, S10, S13, S16, S22, S23 };
    const double pub_s[] = { 0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448 };
    const double pub_se[] = { 0.076, 0.087, 0.096, 0.107, 0.114, 0.128, 0.135 };
    for (size_t k = 0; k < 7; k++) {
        size_t i = at[k];
        ck_assert_double_eq_tol(surv[i], exact[k], 1e-12);
        ck_assert_double_eq_tol(surv[i], pub_s[k], 0.0005 + 1e-9);
        ck_assert_double_eq_tol(surv[i] * sqrt(gw[i]), pub_se[k], 0.0005 + 1e-9);
    }
    /* Times with only censorings change neither S nor gw. */
    ck_assert_double_eq(surv[2], surv[1]);   /* t = 9 */
    ck_assert_double_eq(gw[2], gw[1]);
    ck_assert_double_eq(surv[15], surv[11]); /* t = 35 */
    ck_assert_double_eq(gw[15], gw[11]);
    /* Greenwood sum at t = 6 by hand: 3 / (21 * 18). */
    ck_assert_double_eq_tol(gw[0], 3.0 / (21.0 * 18.0), 1e-15);
}
END_TEST

/* The log-log band, computed independently in python3 (statistics.NormalDist
 * for z = 1.959963984540054, fractions.Fraction for S and gw from the 21 raw
 * observations):
 *    t    S         gw         lower     upper
 *   10  0.752941  0.0163749  0.503200  0.889362
 *   13  0.690196  0.0239506  0.431610  0.849066
 *   16  0.627451  0.0330415  0.367511  0.804912
 *   22  0.537815  0.0568511  0.267779  0.746791
 *   23  0.448179  0.0901844  0.188052  0.680143
 * The lower band first reaches 0.5 at 13 (at 10 it is just above), the upper
 * band never does: the median CI is [13, NA), as R's
 * survfit(conf.type = "log-log") reports (0.95LCL 13, UCL NA). */
START_TEST(freireich_band_and_median)
{
    double surv[FREI_N], gw[FREI_N];
    att_km_curve(frei_t, frei_d, frei_c, FREI_N, surv, gw);
    const size_t at[] = { 3, 5, 6, 10, 11 };
    const double want_lo[] = { 0.503200, 0.431610, 0.367511, 0.267779, 0.188052 };
    const double want_hi[] = { 0.889362, 0.849066, 0.804912, 0.746791, 0.680143 };
    for (size_t k = 0; k < 5; k++) {
        double lo, hi;
        att_km_band(surv[at[k]], gw[at[k]], 0.95, &lo, &hi);
        ck_assert_double_eq_tol(lo, want_lo[k], 1e-6);
        ck_assert_double_eq_tol(hi, want_hi[k], 1e-6);
    }

    att_km_summary s;
    ck_assert_int_eq(att_km_summarise(frei_t, frei_d, frei_c, FREI_N, 6, 30, 0.95, &s, NULL), 0);
    ck_assert_int_eq(s.n, 21);
    ck_assert_int_eq(s.events, 9);
    ck_assert_double_eq(s.median, 23);
    ck_assert_double_eq(s.median_lo, 13);
    ck_assert_double_nan(s.median_hi);
    ck_assert_double_eq_tol(s.surv_at, S6, 1e-12);
}
END_TEST

START_TEST(freireich_surv_at_and_rmst)
{
    att_km_summary s;
    /* RMST by hand: area of the step function, interval by interval. */
    double r30 = 6 + 1 * S6 + 3 * S7 + 3 * S10 + 3 * S13 + 6 * S16 + 1 * S22 + 7 * S23;
    double r35 = r30 + 5 * S23;
    /* Exact: 37568/1785 and 13856/595 (python3 fractions). */
    ck_assert_double_eq_tol(r30, 37568.0 / 1785.0, 1e-12);
    ck_assert_double_eq_tol(r35, 13856.0 / 595.0, 1e-12);

    att_km_summarise(frei_t, frei_d, frei_c, FREI_N, 2, 30, 0.95, &s, NULL);
    ck_assert_double_eq(s.surv_at, 1);
    ck_assert_double_eq_tol(s.rmst, r30, 1e-12);

    att_km_summarise(frei_t, frei_d, frei_c, FREI_N, 35, 35, 0.95, &s, NULL);
    ck_assert_double_eq_tol(s.surv_at, S23, 1e-12);  /* the last time is censored: still known */
    ck_assert_double_eq_tol(s.rmst, r35, 1e-12);

    att_km_summarise(frei_t, frei_d, frei_c, FREI_N, 22.5, 6, 0.95, &s, NULL);
    ck_assert_double_eq_tol(s.surv_at, S22, 1e-12);
    ck_assert_double_eq_tol(s.rmst, 6, 1e-12);

    /* Past 35 with S > 0 the curve is unknown. */
    att_km_summarise(frei_t, frei_d, frei_c, FREI_N, 40, 40, 0.95, &s, NULL);
    ck_assert_double_nan(s.surv_at);
    ck_assert_double_nan(s.rmst);
    ck_assert_double_eq(s.median, 23);

    att_km_summarise(frei_t, frei_d, frei_c, FREI_N, NAN, -1, 0.95, &s, NULL);
    ck_assert_double_nan(s.surv_at);
    ck_assert_double_nan(s.rmst);
}
END_TEST

START_TEST(empty)
{
    att_km_summary s;
    ck_assert_int_eq(att_km_summarise(NULL, NULL, NULL, 0, 1, 1, 0.95, &s, NULL), 0);
    ck_assert_int_eq(s.n, 0);
    ck_assert_int_eq(s.events, 0);
    ck_assert_double_nan(s.median);
    ck_assert_double_nan(s.median_lo);
    ck_assert_double_nan(s.median_hi);
    ck_assert_double_nan(s.surv_at);
    ck_assert_double_nan(s.rmst);
    att_km_curve(NULL, NULL, NULL, 0, NULL, NULL);
}
END_TEST

START_TEST(all_censored)
{
    const double t[] = { 1, 2, 3 };
    const long d[] = { 0, 0, 0 }, c[] = { 1, 1, 1 };
    double surv[3], gw[3];
    att_km_curve(t, d, c, 3, surv, gw);
    for (int i = 0; i < 3; i++) {
        ck_assert_double_eq(surv[i], 1);
        ck_assert_double_eq(gw[i], 0);
    }
    att_km_summary s;
    att_km_summarise(t, d, c, 3, 2.5, 3, 0.95, &s, NULL);
    ck_assert_int_eq(s.n, 3);
    ck_assert_int_eq(s.events, 0);
    ck_assert_double_nan(s.median);
    ck_assert_double_nan(s.median_lo);
    ck_assert_double_nan(s.median_hi);
    ck_assert_double_eq(s.surv_at, 1);
    ck_assert_double_eq(s.rmst, 3);
    att_km_summarise(t, d, c, 3, 3.5, 3.5, 0.95, &s, NULL);
    ck_assert_double_nan(s.surv_at);
    ck_assert_double_nan(s.rmst);
}
END_TEST

/* Four ruptures repaired at 1, 2, 3, 4: S = 3/4, 1/2, 1/4, 0 and
 * gw = 1/12, 1/4, 3/4, inf.  Bands (python3, as above):
 *   S = 0.75: lower 0.127947, upper 0.960549
 *   S = 0.50: lower 0.057847, upper 0.844861
 *   S = 0.25: lower 0.008948, upper 0.665325
 *   S = 0:    both undefined (NaN), as R's NA
 * S is exactly 0.5 from 2 to 3, so the median is the plateau's midpoint 2.5
 * (R's quantile.survfit); its CI is [1, NA]: the upper band is still above
 * 0.5 at 3 and undefined at 4 (R: quantile(survfit(Surv(1:4, rep(1, 4)) ~ 1,
 * conf.type = "log-log"), 0.5) gives 2.5, 1, NA). */
START_TEST(every_rupture_repaired)
{
    const double t[] = { 1, 2, 3, 4 };
    const long d[] = { 1, 1, 1, 1 }, c[] = { 0, 0, 0, 0 };
    double surv[4], gw[4];
    att_km_curve(t, d, c, 4, surv, gw);
    ck_assert_double_eq(surv[1], 0.5);
    ck_assert_double_eq(surv[3], 0);
    ck_assert_double_eq_tol(gw[2], 0.75, 1e-15);
    ck_assert_double_infinite(gw[3]);
    double lo, hi;
    att_km_band(surv[3], gw[3], 0.95, &lo, &hi);
    ck_assert_double_nan(lo);
    ck_assert_double_nan(hi);
    att_km_band(1.0, 0.0, 0.95, &lo, &hi);
    ck_assert_double_nan(lo);
    ck_assert_double_nan(hi);
    att_km_band(surv[2], gw[2], 0.95, &lo, &hi);
    ck_assert_double_eq_tol(lo, 0.008948, 1e-6);
    ck_assert_double_eq_tol(hi, 0.665325, 1e-6);

    att_km_summary s;
    att_km_summarise(t, d, c, 4, 10, 10, 0.95, &s, NULL);
    ck_assert_double_eq(s.median, 2.5);
    ck_assert_double_eq(s.median_lo, 1);
    ck_assert_double_nan(s.median_hi);
    ck_assert_double_eq(s.surv_at, 0);
    ck_assert_double_eq_tol(s.rmst, 1 + 0.75 + 0.5 + 0.25, 1e-12);
    att_km_summarise(t, d, c, 4, INFINITY, INFINITY, 0.95, &s, NULL);
    ck_assert_double_eq(s.surv_at, 0);
    ck_assert_double_eq_tol(s.rmst, 2.5, 1e-12);
    att_km_summarise(t, d, c, 4, 3.5, 1.5, 0.95, &s, NULL);
    ck_assert_double_eq(s.surv_at, 0.25);
    ck_assert_double_eq_tol(s.rmst, 1 + 0.5 * 0.75, 1e-12);
}
END_TEST

/* One repaired rupture: S falls from 1 to 0 at 5, where the band is
 * undefined on both sides, so the median is 5 and its CI [NA, NA] (R). */
START_TEST(single_event)
{
    const double t[] = { 5 };
    const long d[] = { 1 }, c[] = { 0 };
    att_km_summary s;
    att_km_summarise(t, d, c, 1, 4, 8, 0.95, &s, NULL);
    ck_assert_int_eq(s.n, 1);
    ck_assert_int_eq(s.events, 1);
    ck_assert_double_eq(s.median, 5);
    ck_assert_double_nan(s.median_lo);
    ck_assert_double_nan(s.median_hi);
    ck_assert_double_eq(s.surv_at, 1);
    ck_assert_double_eq(s.rmst, 5);
    att_km_summarise(t, d, c, 1, 7, 2, 0.95, &s, NULL);
    ck_assert_double_eq(s.surv_at, 0);
    ck_assert_double_eq(s.rmst, 2);
}
END_TEST

/* One repair and one censoring at 3: both at risk, S(3) = 1/2 exactly, gw =
 * 1/(2*1); bands (python3) lower 0.005983, upper 0.910410.  S stays at 0.5
 * to the last time, 3, so the median is (3 + 3) / 2 (R: 3, 3, NA). */
START_TEST(median_at_exactly_half)
{
    const double t[] = { 3 };
    const long d[] = { 1 }, c[] = { 1 };
    att_km_summary s;
    att_km_summarise(t, d, c, 1, 3, 3, 0.95, &s, NULL);
    ck_assert_double_eq(s.median, 3);
    ck_assert_double_eq(s.median_lo, 3);
    ck_assert_double_nan(s.median_hi);
    ck_assert_double_eq(s.surv_at, 0.5);
    ck_assert_double_eq(s.rmst, 3);
    att_km_summarise(t, d, c, 1, 3.5, 3.5, 0.95, &s, NULL);
    ck_assert_double_nan(s.surv_at);
    ck_assert_double_nan(s.rmst);
    double lo, hi;
    att_km_band(0.5, 0.5, 0.95, &lo, &hi);
    ck_assert_double_eq_tol(lo, 0.005983, 1e-6);
    ck_assert_double_eq_tol(hi, 0.910410, 1e-6);
    /* No valid confidence level, no interval. */
    att_km_summarise(t, d, c, 1, 3, 3, 1.0, &s, NULL);
    ck_assert_double_eq(s.median, 3);
    ck_assert_double_nan(s.median_lo);
    ck_assert_double_nan(s.median_hi);
}
END_TEST

/* Events and censorings tied: 2 repairs + 1 censored at 2, 1 + 1 at 4.  The
 * censored are at risk at their own time: S(2) = 3/5 (not 2/4), S(4) = 3/5 *
 * 1/2 = 3/10 (not 0); gw = 2/(5*3), then + 1/(2*1) = 19/30. */
START_TEST(ties_of_events_and_censorings)
{
    const double t[] = { 2, 4 };
    const long d[] = { 2, 1 }, c[] = { 1, 1 };
    double surv[2], gw[2];
    att_km_curve(t, d, c, 2, surv, gw);
    ck_assert_double_eq_tol(surv[0], 0.6, 1e-15);
    ck_assert_double_eq_tol(surv[1], 0.3, 1e-15);
    ck_assert_double_eq_tol(gw[0], 2.0 / 15.0, 1e-15);
    ck_assert_double_eq_tol(gw[1], 19.0 / 30.0, 1e-15);
    att_km_summary s;
    att_km_summarise(t, d, c, 2, 3, 4, 0.95, &s, NULL);
    ck_assert_int_eq(s.n, 5);
    ck_assert_int_eq(s.events, 3);
    ck_assert_double_eq(s.median, 4);
    ck_assert_double_eq_tol(s.surv_at, 0.6, 1e-15);
    ck_assert_double_eq_tol(s.rmst, 2 + 2 * 0.6, 1e-12);
}
END_TEST

/* a=10, b=5, c=3, d=20 by hand:
 *   Q  = (200 - 15)/(200 + 15) = 37/43 = 0.8604651
 *   SE = 0.5 (1 - (37/43)^2) sqrt(1/10 + 1/5 + 1/3 + 1/20)
 *      = 0.5 * 0.2596 * 0.826640 = 0.1072978
 *   OR = 200/15 = 40/3
 *   N = 38, r1 = 15, c1 = 13, E = 195/38 = 5.131579,
 *   z  = (10 - 5.131579)/sqrt(5.131579 * 23/38 * 25/38) = 3.405746,
 *   the same as (ad - bc) sqrt(N)/sqrt(r1 r2 c1 c2) = 185 sqrt(38)/sqrt(15*23*13*25). */
START_TEST(table_2x2)
{
    att_2x2 t = { 10, 5, 3, 20 };
    ck_assert_double_eq_tol(att_yule_q(t), 37.0 / 43.0, 1e-15);
    ck_assert_double_eq_tol(att_yule_q_se(t), 0.1072978, 1e-7);
    ck_assert_double_eq_tol(att_odds_ratio(t), 40.0 / 3.0, 1e-12);
    ck_assert_double_eq_tol(att_adjusted_residual(t),
                            185.0 * sqrt(38.0) / sqrt(15.0 * 23 * 13 * 25), 1e-12);
    ck_assert_double_eq_tol(att_adjusted_residual(t), 3.405746, 1e-6);
}
END_TEST

/* a=0, b=4, c=6, d=10: Q = -1, no SE, OR = 0; E = 4*6/20 = 1.2,
 * z = -1.2/sqrt(1.2 * 16/20 * 14/20) = -1.463850.  b=0 instead: Q = 1, OR
 * undefined. */
START_TEST(table_2x2_zero_cells)
{
    att_2x2 t = { 0, 4, 6, 10 };
    ck_assert_double_eq(att_yule_q(t), -1);
    ck_assert_double_nan(att_yule_q_se(t));
    ck_assert_double_eq(att_odds_ratio(t), 0);
    ck_assert_double_eq_tol(att_adjusted_residual(t), -1.463850, 1e-6);
    att_2x2 u = { 4, 0, 6, 10 };
    ck_assert_double_eq(att_yule_q(u), 1);
    ck_assert_double_nan(att_yule_q_se(u));
    ck_assert_double_nan(att_odds_ratio(u));
    /* A given code that never occurs: row total 0, no residual. */
    att_2x2 v = { 0, 0, 6, 10 };
    ck_assert_double_nan(att_yule_q(v));
    ck_assert_double_nan(att_adjusted_residual(v));
    att_2x2 z = { 0, 0, 0, 0 };
    ck_assert_double_nan(att_yule_q(z));
    ck_assert_double_nan(att_yule_q_se(z));
    ck_assert_double_nan(att_odds_ratio(z));
    ck_assert_double_nan(att_adjusted_residual(z));
}
END_TEST

START_TEST(quantile_sorted)
{
    const double x[] = { 1, 2, 3, 4 };
    /* Linear interpolation at p (n - 1): p = 0.25 falls at 0.75 between 1 and 2. */
    ck_assert_double_eq_tol(att_quantile_sorted(x, 4, 0.25), 1.75, 1e-15);
    ck_assert_double_eq_tol(att_quantile_sorted(x, 4, 0.5), 2.5, 1e-15);
    ck_assert_double_eq(att_quantile_sorted(x, 4, 0), 1);
    ck_assert_double_eq(att_quantile_sorted(x, 4, 1), 4);
    ck_assert_double_eq(att_quantile_sorted(x, 1, 0.9), 1);
    ck_assert_double_nan(att_quantile_sorted(x, 0, 0.5));
    ck_assert_double_nan(att_quantile_sorted(x, 4, 1.5));
    ck_assert_double_nan(att_quantile_sorted(x, 4, NAN));
}
END_TEST

Suite *suite_stats(void)
{
    Suite *s = suite_create("stats");
    TCase *km = tcase_create("kaplan-meier");
    tcase_add_test(km, freireich_curve);
    tcase_add_test(km, freireich_band_and_median);
    tcase_add_test(km, freireich_surv_at_and_rmst);
    tcase_add_test(km, empty);
    tcase_add_test(km, all_censored);
    tcase_add_test(km, every_rupture_repaired);
    tcase_add_test(km, single_event);
    tcase_add_test(km, median_at_exactly_half);
    tcase_add_test(km, ties_of_events_and_censorings);
    suite_add_tcase(s, km);
    TCase *tab = tcase_create("2x2");
    tcase_add_test(tab, table_2x2);
    tcase_add_test(tab, table_2x2_zero_cells);
    tcase_add_test(tab, quantile_sorted);
    suite_add_tcase(s, tab);
    return s;
}
