/* fit/: an interruption (att_fit_opts' interrupted) after the search keeps
 * the search's best point in each step that follows it -- the warnings
 * (att_fit_diagnose), the asymptotic se (att_fit_asymptotic) and the
 * bootstrap (att_fit_boot): ATT_OK, att_fit_stopped 1, the estimate and
 * the evaluation count as the search left them, no se; before the first
 * evaluation the search itself fails with ATT_EIO.  The interruption is a
 * flag the test raises between the calls, so no timing is involved. */
#include <check.h>
#include <math.h>
#include "attune/fit.h"
#include "attune/match.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif
#define SCENARIO ATT_SRCDIR "/scenarios/still-face.ini"

static int ctrl_c;
static int pressed(void) { return ctrl_c; }

static const char *const short_sets[] = { "phase.play.duration=30",
                                          "phase.still-face.duration=30",
                                          "phase.reunion.duration=30" };
static const char *const names[] = { "play.matched_prop", "play.ruptures_per_min",
                                     "still-face.infant_negative_prop" };

/* A one-key fit of 12 dyads to three target figures, not yet searched. */
static att_fit *new_fit(att_match_table *mt)
{
    static const double observed[] = { 0.8, 10, 0.2 }, var[] = { 0.01, 1, 0.01 };
    static att_fit_param p;
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(SCENARIO, short_sets, 3, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_int_eq(att_fit_param_parse(s, "caregiver.wait_time=1:20", &p, &err), ATT_OK);
    att_scenario_free(s);
    att_fit_opts o = { .scenario = SCENARIO, .sets = short_sets, .nsets = 3, .mt = mt,
                       .params = &p, .nparams = 1, .stats = names, .nstats = 3,
                       .observed = observed, .obs_var = var, .sessions = 4, .dyads = 12,
                       .seed = 7, .starts = 1, .max_evals = 6, .tol = 1e-2, .threads = 1,
                       .interrupted = pressed };
    att_fit *f = att_fit_new(&o, &err);
    ck_assert_msg(f != NULL, "%s", err.msg);
    return f;
}

/* That fit, searched without interruption; the flag is down on return. */
static att_fit *searched(att_match_table *mt)
{
    att_fit *f = new_fit(mt);
    att_error err = { 0 };
    ctrl_c = 0;
    ck_assert_int_eq(att_fit_run(f, &err), ATT_OK);
    ck_assert_int_eq(att_fit_stopped(f), 0);
    ck_assert_int_gt(att_fit_evaluations(f), 1);
    return f;
}

/* The searched fit of the "attuned" table, with its estimate and its count
 * of evaluations as the search left them. */
static att_fit *searched_attuned(att_match_table **mt, double *x, long *evals)
{
    *mt = load_match("attuned");
    att_fit *f = searched(*mt);
    *x = att_fit_estimate(f, 0);
    *evals = att_fit_evaluations(f);
    return f;
}

/* Ctrl-C while a step after the search runs: that step returns ATT_OK and
 * the search's point stands, untouched. */
static void expect_kept(att_fit *f, double x, long evals, int rc, const att_error *err)
{
    ck_assert_msg(rc == ATT_OK, "rc %d: %s", rc, err->msg);
    ck_assert_int_eq(att_fit_stopped(f), 1);
    ck_assert_double_eq(att_fit_estimate(f, 0), x);
    ck_assert_int_eq(att_fit_evaluations(f), evals);
    ck_assert(isnan(att_fit_se_asym(f, 0)));
}

START_TEST(test_stop_in_the_warnings)
{
    att_match_table *mt;
    double x;
    long evals;
    att_fit *f = searched_attuned(&mt, &x, &evals);
    att_error err = { 0 };
    ctrl_c = 1;
    expect_kept(f, x, evals, att_fit_diagnose(f, &err), &err);
    /* the se that follows does nothing once stopped */
    ck_assert_int_eq(att_fit_asymptotic(f, &err), ATT_OK);
    expect_kept(f, x, evals, ATT_OK, &err);
    att_fit_free(f);
    att_match_table_free(mt);
}
END_TEST

START_TEST(test_stop_in_the_se)
{
    att_match_table *mt;
    double x;
    long evals;
    att_fit *f = searched_attuned(&mt, &x, &evals);
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_diagnose(f, &err), ATT_OK);   /* the flag is down */
    ck_assert_int_eq(att_fit_stopped(f), 0);
    ctrl_c = 1;
    expect_kept(f, x, evals, att_fit_asymptotic(f, &err), &err);
    att_fit_free(f);
    att_match_table_free(mt);
}
END_TEST

START_TEST(test_stop_in_the_bootstrap)
{
    att_match_table *mt;
    double x;
    long evals;
    att_fit *f = searched_attuned(&mt, &x, &evals);
    att_error err = { 0 };
    ctrl_c = 1;
    expect_kept(f, x, evals, att_fit_boot(f, 5, &err), &err);
    ck_assert_int_eq(att_fit_boot_used(f), 0);
    att_fit_free(f);
    att_match_table_free(mt);
}
END_TEST

/* Before any evaluation there is no point to keep: the search fails. */
START_TEST(test_stop_before_the_first_evaluation)
{
    att_match_table *mt = load_match("attuned");
    att_fit *f = new_fit(mt);
    att_error err = { 0 };
    ctrl_c = 1;
    ck_assert_int_eq(att_fit_run(f, &err), ATT_EIO);
    ck_assert_int_eq(att_fit_stopped(f), 0);
    att_fit_free(f);
    att_match_table_free(mt);
}
END_TEST

Suite *suite_fit_stop(void);
Suite *suite_fit_stop(void)
{
    Suite *s = suite_create("fit_stop");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_stop_in_the_warnings);
    tcase_add_test(tc, test_stop_in_the_se);
    tcase_add_test(tc, test_stop_in_the_bootstrap);
    tcase_add_test(tc, test_stop_before_the_first_evaluation);
    suite_add_tcase(s, tc);
    return s;
}
