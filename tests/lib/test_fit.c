/* fit/: the map of a bounded key to the real line and back, the
 * Nelder-Mead wrapper on a quadratic with a known minimum, the free keys'
 * checks, and the objective's common random numbers: the same point gives
 * the same J whatever was evaluated before and on any number of threads,
 * and its simulated statistics are those of the dyads att_sim runs with the
 * fit's seeds, every step fed (so dropping repeated rows changes nothing). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/fit.h"
#include "attune/fitstats.h"
#include "attune/match.h"
#include "attune/sim.h"
#include "base/seed.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif
#define SCENARIO ATT_SRCDIR "/scenarios/still-face.ini"

START_TEST(test_fit_logit_map)
{
    /* u = log(p / (1 - p)) with p = (x - lo) / (hi - lo), by hand */
    ck_assert_double_eq_tol(att_fit_to_line(6, 1, 11), 0, 1e-15);         /* p = 1/2 */
    ck_assert_double_eq_tol(att_fit_to_line(3.5, 1, 11), log(1.0 / 3), 1e-14);  /* p = 1/4 */
    ck_assert_double_eq_tol(att_fit_to_line(0.9, 0, 1), log(9.0), 1e-14);
    /* and back: x = lo + (hi - lo) / (1 + e^-u) */
    ck_assert_double_eq_tol(att_fit_from_line(0, -2, 4), 1, 1e-15);
    ck_assert_double_eq_tol(att_fit_from_line(log(3.0), 0, 8), 6, 1e-13);  /* p = 3/4 */
    for (double x = 0.25; x < 20; x *= 1.7)
        ck_assert_double_eq_tol(att_fit_from_line(att_fit_to_line(x, 0.2, 20), 0.2, 20), x,
                                1e-12 * x);
    /* the bounds map to the clamp, not to infinity */
    ck_assert_double_eq(att_fit_to_line(1, 1, 11), -ATT_FIT_U_MAX);
    ck_assert_double_eq(att_fit_to_line(11, 1, 11), ATT_FIT_U_MAX);
    ck_assert(att_fit_from_line(40, 1, 11) <= 11 && att_fit_from_line(-40, 1, 11) >= 1);
}
END_TEST

struct quad {
    long calls;
};

/* (u0 - 1)^2 + 3 (u1 + 2)^2 + 0.5: minimum 0.5 at (1, -2). */
static double quadratic(void *user, const double *u)
{
    ((struct quad *)user)->calls++;
    return (u[0] - 1) * (u[0] - 1) + 3 * (u[1] + 2) * (u[1] + 2) + 0.5;
}

START_TEST(test_fit_minimise_quadratic)
{
    struct quad q = { 0 };
    att_fit_nm nm = { 2, 1.0, 2000, 1e-6, NULL, 0 };
    double u0[2] = { 5, 7 }, best[2], fbest;
    long evals;
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_minimise(&nm, quadratic, &q, u0, best, &fbest, &evals, &err), ATT_OK);
    ck_assert_double_eq_tol(best[0], 1, 1e-4);
    ck_assert_double_eq_tol(best[1], -2, 1e-4);
    ck_assert_double_eq_tol(fbest, 0.5, 1e-8);
    ck_assert_int_eq(evals, q.calls);
    /* the budget stops it, with the best point seen so far */
    struct quad q2 = { 0 };
    nm.max_evals = 10;
    ck_assert_int_eq(att_fit_minimise(&nm, quadratic, &q2, u0, best, &fbest, &evals, &err), ATT_OK);
    ck_assert(evals <= 10 + 3 && evals == q2.calls);  /* an iteration may finish its calls */
    ck_assert_double_eq(fbest, quadratic(&q2, best));
    ck_assert(fbest < quadratic(&q2, u0));
}
END_TEST

static att_scenario *still_face(void)
{
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(SCENARIO, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

START_TEST(test_fit_param_checks)
{
    att_scenario *s = still_face();
    att_fit_param p;
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_param_parse(s, "caregiver.wait_time=1:20", &p, &err), ATT_OK);
    ck_assert_str_eq(p.key, "caregiver.wait_time");
    ck_assert_double_eq(p.lo, 1);
    ck_assert_double_eq(p.hi, 20);
    ck_assert_double_eq(p.value, 8);   /* the patient policy's default (attune keys) */
    ck_assert_int_eq(att_fit_param_parse(s, "infant.avert_rate", &p, &err), ATT_OK);
    ck_assert_double_eq(p.lo, 0);      /* the key's range */
    ck_assert_double_eq(p.hi, 100);
    att_infant_params d;
    att_infant_params_default(&d);
    ck_assert_double_eq(p.value, d.avert_rate);  /* attune keys: avert_rate's default */
    static const char *const bad[][2] = {
        { "caregiver.wiat_time", "did you mean 'wait_time'" },
        { "caregiver.policy", "not a number" },
        { "infant.preset=0:1", "not a number" },
        { "scenario.dt", "only infant, caregiver and phase.NAME keys" },
        { "caregiver.intrusiveness", "no phase's policy reads" },
        { "phase.still-face.wait_time", "the phase's policy ignores" },
        { "phase.reunoin.wait_time", "did you mean 'reunion'" },
        { "caregiver.wait_time=20:1", "reversed" },
        { "caregiver.wait_time=1:5", "exclude the scenario's value 8" },
        { "caregiver.wait_time=1:x", "not a number" },
        { "caregiver.responsiveness=0:2", "outside the key's range" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(att_fit_param_parse(s, bad[i][0], &p, &err), ATT_EINPUT);
        ck_assert_msg(strstr(err.msg, bad[i][1]) && strstr(err.msg, bad[i][0]),
                      "%s: %s", bad[i][0], err.msg);
    }
    att_scenario_free(s);
}
END_TEST

/* Short phases, so that a dozen dyads take milliseconds. */
static const char *const short_sets[] = { "phase.play.duration=30",
                                          "phase.still-face.duration=30",
                                          "phase.reunion.duration=30" };
static const char *const names[] = { "play.matched_prop", "play.ruptures_per_min",
                                     "still-face.infant_negative_prop", "all.transitions_per_min" };

static att_fit *small_fit(att_match_table *mt, int threads, const att_fit_param *p)
{
    static const double observed[] = { 0.8, 10, 0.2, 20 }, var[] = { 0.01, 1, 0.01, 4 };
    att_fit_opts o = { .scenario = SCENARIO, .sets = short_sets, .nsets = 3, .mt = mt,
                       .params = p, .nparams = 1, .stats = names, .nstats = 4,
                       .observed = observed, .obs_var = var, .sessions = 4, .dyads = 12,
                       .seed = 7, .starts = 1, .max_evals = 10, .tol = 1e-2,
                       .threads = threads };
    att_error err = { 0 };
    att_fit *f = att_fit_new(&o, &err);
    ck_assert_msg(f != NULL, "%s", err.msg);
    /* the weights: v_k (1 + N_obs / N_sim) */
    for (size_t k = 0; k < 4; k++)
        ck_assert_double_eq_tol(att_fit_weight_var(f, k), var[k] * (1 + 4.0 / 12), 1e-15);
    return f;
}

/* The statistics of the 12 dyads at wait_time = x, simulated here with the
 * fit's seeds (att_seed_path(seed, "fit", i)) and every step fed. */
static void by_hand(att_match_table *mt, double x, double *out)
{
    char set[64];
    snprintf(set, sizeof set, "caregiver.wait_time=%.17g", x);
    const char *sets[] = { short_sets[0], short_sets[1], short_sets[2], set };
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(SCENARIO, sets, 4, &err);
    att_fitstats *fs = att_fitstats_new(mt, NULL, NULL, &err);
    ck_assert(s && fs);
    for (long i = 0; i < 12; i++) {
        att_sim *sim = att_sim_new(s, mt, att_seed_path(7, "fit", i), i + 1, &err);
        ck_assert(sim != NULL);
        ck_assert_int_eq(att_fitstats_begin(fs, "dyad", &err), ATT_OK);
        att_step st;
        double end = 0;
        while (att_sim_next(sim, &st, &err) > 0) {
            att_score_step in = { st.t, st.phase_name,
                                  att_match_table_infant_index(mt, att_infant_code_name(st.infant_code)),
                                  att_match_table_caregiver_index(mt, att_caregiver_code_name(st.caregiver_code)),
                                  st.matched, NAN };
            ck_assert_int_eq(att_fitstats_push(fs, &in, &err), ATT_OK);
            end = st.t + att_scenario_dt(s);
        }
        ck_assert_int_eq(att_fitstats_end(fs, end, &err), ATT_OK);
        att_sim_free(sim);
    }
    ck_assert_int_eq(att_fitstats_vector(fs, names, 4, out, &err), ATT_OK);
    att_fitstats_free(fs);
    att_scenario_free(s);
}

START_TEST(test_fit_objective_crn)
{
    att_error err = { 0 };
    att_match_table *mt = att_match_table_load(ATT_SRCDIR "/data/match/attuned.csv", &err);
    ck_assert_msg(mt != NULL, "%s", err.msg);
    att_scenario *s = still_face();
    att_fit_param p;
    ck_assert_int_eq(att_fit_param_parse(s, "caregiver.wait_time=1:20", &p, &err), ATT_OK);
    att_fit *f1 = small_fit(mt, 1, &p), *f2 = small_fit(mt, 2, &p);
    double x = 5, y = 12, J1, J2, J3, J4, sim1[4], sim2[4], hand[4];
    ck_assert_int_eq(att_fit_objective(f1, &x, &J1, sim1, &err), ATT_OK);
    ck_assert_int_eq(att_fit_objective(f1, &y, &J2, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_fit_objective(f1, &x, &J3, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_fit_objective(f2, &x, &J4, sim2, &err), ATT_OK);
    ck_assert(isfinite(J1) && J1 > 0);
    ck_assert_double_eq(J1, J3);   /* the same dyads, whatever came in between */
    ck_assert_double_eq(J1, J4);   /* and on two threads */
    ck_assert(J1 != J2);           /* the point matters */
    by_hand(mt, x, hand);
    double J = 0;
    static const double observed[] = { 0.8, 10, 0.2, 20 }, var[] = { 0.01, 1, 0.01, 4 };
    for (size_t k = 0; k < 4; k++) {
        ck_assert_double_eq_tol(sim1[k], hand[k], 1e-12 * fmax(1, fabs(hand[k])));
        ck_assert_double_eq(sim1[k], sim2[k]);
        J += (observed[k] - hand[k]) * (observed[k] - hand[k]) / (var[k] * (1 + 4.0 / 12));
    }
    ck_assert_double_eq_tol(J1, J, 1e-9 * J);
    att_fit_free(f1);
    att_fit_free(f2);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

Suite *suite_fit(void);
Suite *suite_fit(void)
{
    Suite *s = suite_create("fit");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_fit_logit_map);
    tcase_add_test(tc, test_fit_minimise_quadratic);
    tcase_add_test(tc, test_fit_param_checks);
    tcase_add_test(tc, test_fit_objective_crn);
    suite_add_tcase(s, tc);
    return s;
}
