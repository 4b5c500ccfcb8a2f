/* fit/fit_resim.c: the refits with fresh simulated dyads.  Each refit is
 * redone here as a fit of its own, one start from the estimate with the
 * refit's seed (seed, "resim", r), and the SD of the estimates computed
 * here; the widened se is checked against the formula of docs/FIT.md
 * ("Uncertainty and diagnostics"), se^2 + max(0, s^2 - c se^2), c =
 * (N_obs / N_sim) / (1 + N_obs / N_sim), se the sandwich's (the same fit
 * without refits, whose estimate must be the same), and the logit interval
 * from it by its formula. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/fit.h"
#include "attune/match.h"
#include "base/seed.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif
#define SCENARIO ATT_SRCDIR "/scenarios/still-face.ini"
#define SESSIONS 20
#define DYADS 100
#define SEED 11

static const char *const short_sets[] = { "phase.play.duration=60",
                                          "phase.still-face.duration=30",
                                          "phase.reunion.duration=60",
                                          "infant.avert_rate=0.1", "infant.return_rate=0.1" };
static const char *const names[] = { "play.matched_prop", "reunion.matched_prop",
                                     "play.aversion_bout_s", "reunion.aversion_bout_s" };
static double observed[4];
static const double obs_var[4] = { 0.0004, 0.0004, 0.04, 0.04 };
static att_match_table *table;

static att_fit *fit_from(double start, unsigned long seed, int resims, int max_evals)
{
    att_fit_param p = { "caregiver.wait_time", 1, 20, start, 0 };
    att_fit_opts o = { .scenario = SCENARIO, .sets = short_sets, .nsets = 5, .mt = table,
                       .params = &p, .nparams = 1, .stats = names, .nstats = 4,
                       .observed = observed, .obs_var = obs_var, .sessions = SESSIONS,
                       .dyads = DYADS, .seed = seed, .starts = 1, .max_evals = max_evals,
                       .tol = 1e-2, .threads = 2, .resims = resims };
    att_error err = { 0 };
    att_fit *f = att_fit_new(&o, &err);
    ck_assert_msg(f != NULL, "%s", err.msg);
    ck_assert_msg(att_fit_run(f, &err) == ATT_OK, "%s", err.msg);
    ck_assert_msg(att_fit_diagnose(f, &err) == ATT_OK, "%s", err.msg);
    ck_assert_msg(att_fit_asymptotic(f, &err) == ATT_OK, "%s", err.msg);
    return f;
}

/* The data: the statistics simulated at wait_time 3 with other dyads. */
static void resim_setup(void)
{
    table = load_match("attuned");
    for (int k = 0; k < 4; k++)
        observed[k] = 0.5;   /* any finite value, for the first fit's options */
    att_fit *d = fit_from(3, 99, 0, 0);
    for (int k = 0; k < 4; k++)
        observed[k] = att_fit_simulated(d, k);
    att_fit_free(d);
}

static void resim_teardown(void) { att_match_table_free(table); }

START_TEST(test_fit_resim_by_hand)
{
    att_fit *a = fit_from(8, SEED, 3, 300), *b = fit_from(8, SEED, 0, 300);
    double est = att_fit_estimate(a, 0), se = att_fit_se_asym(b, 0);
    ck_assert_double_eq(est, att_fit_estimate(b, 0));   /* the refits leave the estimate */
    ck_assert(isnan(att_fit_se_resim(b, 0)));
    ck_assert_msg(isfinite(se) && se > 0, "se %g", se);
    double x[4] = { est }, mean = est;
    for (int r = 1; r <= 3; r++) {
        att_fit *h = fit_from(est, att_seed_path(SEED, "resim", r), 0, 300);
        x[r] = att_fit_estimate(h, 0);
        mean += x[r];
        att_fit_free(h);
    }
    mean /= 4;
    double ss = 0;
    for (int r = 0; r < 4; r++)
        ss += (x[r] - mean) * (x[r] - mean);
    double s = sqrt(ss / 3);
    ck_assert_msg(s > 0, "refits %g %g %g %g: no spread to test with", x[0], x[1], x[2], x[3]);
    ck_assert_double_eq_tol(att_fit_se_resim(a, 0), s, 1e-12 * s);
    double ratio = (double)SESSIONS / DYADS, c = ratio / (1 + ratio);
    double widened = sqrt(se * se + fmax(0, s * s - c * se * se));
    ck_assert_double_eq_tol(att_fit_se_asym(a, 0), widened, 1e-12 * widened);
    ck_assert_double_eq_tol(att_fit_ci_logit_lo(a, 0), logit_ci_end(est, widened, 1, 20, -1.96),
                            1e-9);
    ck_assert_double_eq_tol(att_fit_ci_logit_hi(a, 0), logit_ci_end(est, widened, 1, 20, 1.96),
                            1e-9);
    att_fit_free(a);
    att_fit_free(b);
}
END_TEST

/* --max-evals 0 (no search): nothing to refit, the sandwich alone. */
START_TEST(test_fit_resim_no_search)
{
    att_fit *a = fit_from(8, SEED, 3, 0), *b = fit_from(8, SEED, 0, 0);
    ck_assert(isnan(att_fit_se_resim(a, 0)));
    ck_assert_double_eq(att_fit_se_asym(a, 0), att_fit_se_asym(b, 0));
    att_fit_free(a);
    att_fit_free(b);
}
END_TEST

Suite *suite_fit_resim(void);
Suite *suite_fit_resim(void)
{
    Suite *s = suite_create("fit_resim");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, resim_setup, resim_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_fit_resim_by_hand);
    tcase_add_test(tc, test_fit_resim_no_search);
    suite_add_tcase(s, tc);
    return s;
}
