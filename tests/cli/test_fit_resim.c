/* attune fit's refits with fresh simulated dyads (--resims) through the real
 * program: the refits' SD (se_resim) and the widened se checked against the
 * formula of docs/FIT.md ("Uncertainty and diagnostics"): se^2 + max(0, s^2
 * - c se^2), c = (N_obs / N_sim) / (1 + N_obs / N_sim), se the sandwich's
 * (the same fit with --resims 0, whose estimate must be the same), the
 * logit interval from it by its formula; the refits themselves are redone
 * by hand in tests/lib/test_fit_resim.c (here the weights, bootstrapped
 * over the sessions with the fit's --seed, would differ).  Then the bad
 * --resims values.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/fit.h"

/* The logit interval's columns: the reported one's or their own
 * (include/attune/fit.h, ATT_FIT_CI_INVERTED). */
#define LOGIT_LO (ATT_FIT_CI_INVERTED ? "ci_logit_lo" : "ci_asym_lo")
#define LOGIT_HI (ATT_FIT_CI_INVERTED ? "ci_logit_hi" : "ci_asym_hi")

/* Short phases; an infant that looks away often and comes back slowly, so
 * that 30 dyads see the patient mother's wait in their aversions (as
 * tests/cli/test_fit.c's recovery case). */
static const char resim_ini[] =
    "[scenario]\nname = rec\ndt = 0.1\nseed = 5\n\n"
    "[infant]\nreturn_rate = 0.1\navert_rate = 0.1\n\n"
    "[caregiver]\npolicy = patient\nquiet_pause = 0\n\n"
    "[phase]\nname = play\nduration = 60\n\n"
    "[phase]\nname = still-face\nduration = 30\npolicy = still-face\n\n"
    "[phase]\nname = reunion\nduration = 60\n%s";

#define NDATA 30
#define SEED 11
#define FREE "caregiver.wait_time=1:20"
#define STATS "play.matched_prop,reunion.matched_prop,play.aversion_bout_s,reunion.aversion_bout_s"

static char scn[256], data_dir[256];

static void resim_setup(void)
{
    setup();
    char text[1024], exp[256], res[256];
    snprintf(text, sizeof text, resim_ini, "");
    in_work(scn, sizeof scn, "resim.ini");
    write_file(scn, text);
    snprintf(text, sizeof text, resim_ini, "\n[batch]\nreplicates = 30\n");
    in_work(exp, sizeof exp, "data.ini");
    write_file(exp, text);
    in_work(data_dir, sizeof data_dir, "tr");
    in_work(res, sizeof res, "res.csv");
    result r = run_attune("batch", exp, "--set", "caregiver.wait_time=3", "--traces", data_dir,
                          "-o", res, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* A fit of `scenario` to the traces: --seed `seed`, --resims `resims`,
 * --starts `starts`. */
static result fit(const char *scenario, unsigned long seed, const char *resims,
                  const char *starts)
{
    char s[32];
    snprintf(s, sizeof s, "%lu", seed);
    const char *const extra[] = { "--free", FREE, "--stats", STATS, "--seed", s, "--resims",
                                  resims, "--starts", starts, "-q", NULL };
    return run_fit_traces(scenario, data_dir, NDATA, extra);
}

START_TEST(test_fit_resim_columns)
{
    result a = fit(scn, SEED, "2", "1"), b = fit(scn, SEED, "0", "1");
    expect_status(&a, 0);
    expect_status(&b, 0);
    const char *key = "caregiver.wait_time";
    double est = fit_cell(a.out, "parameter", key, "value");
    /* the refits do not move the estimate, nor the sandwich */
    ck_assert_double_eq(est, fit_cell(b.out, "parameter", key, "value"));
    ck_assert_double_eq(fit_cell(a.out, "fit", "resims", "value"), 2);
    ck_assert_double_eq(fit_cell(b.out, "fit", "resims", "value"), 0);
    ck_assert_msg(isnan(fit_cell(b.out, "parameter", key, "se_resim")), "%s", b.out);
    double se = fit_cell(b.out, "parameter", key, "se_asym");
    double s = fit_cell(a.out, "parameter", key, "se_resim");
    ck_assert_msg(isfinite(se) && se > 0 && s > 0, "%s", a.out);
    double ratio = (double)NDATA / (5.0 * NDATA), c = ratio / (1 + ratio);
    double widened = sqrt(se * se + fmax(0, s * s - c * se * se));
    ck_assert_double_eq_tol(fit_cell(a.out, "parameter", key, "se_asym"), widened,
                            1e-8 * widened);
    ck_assert_double_eq_tol(fit_cell(a.out, "parameter", key, LOGIT_LO),
                            logit_ci_end(est, widened, 1, 20, -1.96), 1e-6);
    ck_assert_double_eq_tol(fit_cell(a.out, "parameter", key, LOGIT_HI),
                            logit_ci_end(est, widened, 1, 20, 1.96), 1e-6);
    result_free(&a);
    result_free(&b);
}
END_TEST

/* Not a count, negative, too many: exit 2, usage, nothing written. */
START_TEST(test_fit_resim_bad)
{
    const char *bad[] = { "-1", "x", "1001", "2.5" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char out[256];
        in_work(out, sizeof out, "bad.csv");
        const char *const extra[] = { "--free", FREE, "--resims", bad[i], "-o", out, "-q", NULL };
        result r = run_fit_traces(scn, data_dir, NDATA, extra);
        expect_status(&r, 2);
        expect_contains(r.err, "--resims", "stderr");
        ck_assert_msg(!exists(out), "--resims %s wrote %s", bad[i], out);
        result_free(&r);
    }
}
END_TEST

Suite *suite_cli_fit_resim(void);
Suite *suite_cli_fit_resim(void)
{
    Suite *s = suite_create("cli_fit_resim");
    TCase *tc = fixture_tcase("resim", resim_setup);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_fit_resim_columns);
    tcase_add_test(tc, test_fit_resim_bad);
    suite_add_tcase(s, tc);
    return s;
}
