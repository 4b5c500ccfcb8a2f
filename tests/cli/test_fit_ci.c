/* attune fit's inverted asymptotic interval through the real program
 * (docs/FIT.md, "Uncertainty and diagnostics"): one free key fitted to 30
 * simulated dyads, each end of its interval checked against the se the
 * program finds at that end (a `--max-evals 0` fit of the scenario with the
 * key set to the end, the same dyads and data: with coded sessions Omega
 * and the weights come from the data alone, and with one key the se at the
 * end is exactly the one the inversion evaluates there): |u_hat - u(end)|
 * = 1.96 se_u(end) on the logit scale of the bounds, to the inversion's
 * tolerance or, for an end it did not settle in its 3 steps (a rough se),
 * to a wider one; the interval is not the logit Wald one.  An estimate on
 * a bound: the interval cut at the bounds, with its warning.  Ctrl-C
 * while the intervals are inverted: the keys not reached keep the logit
 * interval and say so, the others the ends of the whole run.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "attune/fit.h"

/* Short phases (150 s a dyad), the caregiver's repair_latency `%s`; an
 * infant fussier than the default (negative_threshold 0.73, 0.12 below
 * the default 0.85 of session 10, as 0.8 was below session 9's 0.92), so
 * that 30 dyads hold repairs enough to see her latency: with the default
 * of session 9 (0.92) this fit's estimate was 7.8 for a true 2.5, its
 * interval cut at the bound 10; with 0.8 on the model of session 10, 1.75
 * with se_asym 1.01 and an unsettled upper end 0.77 short of the test.
 * The rest of the infant is pinned at the defaults this fit was sized on
 * (session 17's: return_rate 0.16 and FIXTURE_SIZED_INFANT,
 * tests/fixture.h), and the patient mother's gentling at 0 (her default
 * then), so that they do not move with the model's defaults: with those
 * tried in session 18 the estimate was 8.41 for the true 2.5, se_asym
 * 3.45, the interval cut at the bound 10. */
static const char ci_ini[] =
    "[scenario]\nname = rec\ndt = 0.1\nseed = 5\n\n"
    "[infant]\nnegative_threshold = 0.73\nreturn_rate = 0.16\n"
    FIXTURE_SIZED_INFANT(FIXTURE_INI_LINE) "%s\n"
    "[caregiver]\nrepair_latency = %s\ngentling = 0\n\n"
    "[phase]\nname = play\nduration = 60\n\n"
    "[phase]\nname = still-face\nduration = 30\npolicy = still-face\n\n"
    "[phase]\nname = reunion\nduration = 60\n%s";

#define NDATA 30
#define RL "caregiver.repair_latency=0.2:10"
#define FIXED_SEED "11"   /* the fit seed of test_fit_ci_fixed_point */
/* The inverted interval's columns: ci_asym_* when the fit reports it,
 * else its own (attune/fit.h, ATT_FIT_CI_INVERTED). */
#define INV_LO (ATT_FIT_CI_INVERTED ? "ci_asym_lo" : "ci_inv_lo")
#define INV_HI (ATT_FIT_CI_INVERTED ? "ci_asym_hi" : "ci_inv_hi")

static char scn[256], data_dir[256];

/* work/NAME.ini: the scenario with more `infant` lines, the latency and
 * `tail`. */
static void write_scenario_with(char *path, size_t size, const char *name, const char *infant,
                                const char *latency, const char *tail)
{
    char text[2048], file[64];
    snprintf(text, sizeof text, ci_ini, infant, latency, tail);
    snprintf(file, sizeof file, "%s.ini", name);
    in_work(path, size, file);
    write_file(path, text);
}

static void write_scenario(char *path, size_t size, const char *name, const char *latency,
                           const char *tail)
{
    write_scenario_with(path, size, name, "", latency, tail);
}

/* NDATA dyads at repair_latency 2.5 in work/tr; the fit starts at 1. */
static void ci_setup(void)
{
    setup();
    write_scenario(scn, sizeof scn, "rec", "1", "");
    char data[256], res[256];
    write_scenario(data, sizeof data, "data", "2.5", "\n[batch]\nreplicates = 30\n");
    in_work(data_dir, sizeof data_dir, "tr");
    in_work(res, sizeof res, "res.csv");
    result r = run_attune("batch", data, "--traces", data_dir, "-o", res, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* The se_asym of `free` a `--max-evals 0` fit finds at repair_latency x. */
static double se_at(double x, const char *free)
{
    char path[256], value[64];
    snprintf(value, sizeof value, "%.17g", x);
    write_scenario(path, sizeof path, "at", value, "");
    const char *const args[] = { "--free", free, "--seed", FIXED_SEED, "--max-evals", "0", "-q",
                                 NULL };
    result r = run_fit_traces(path, data_dir, NDATA, args);
    expect_status(&r, 0);
    double est = fit_cell(r.out, "parameter", "caregiver.repair_latency", "value");
    ck_assert_double_eq_tol(est, x, 1e-9 * x);
    double se = fit_cell(r.out, "parameter", "caregiver.repair_latency", "se_asym");
    result_free(&r);
    return se;
}

/* Measured: the lower end settled (gap 0.03), the upper did not in 3
 * steps (the se jumps by 7 % between u = -0.24 and -0.29: the statistics
 * are staircases of the common random numbers), its gap -0.09; so 0.15 for
 * any end, ATT_FIT_CI_TOL for at least one.  On the model of session 7
 * (the slow state) the fit seed 11 failed it: its lower end 2.03 did not
 * settle and the se there jumps from 0.47 (at 2.1) to 0.62, gap -0.53;
 * fit seeds 12 to 16 gave gaps (lower, upper) of (0.13, 0.20), (0.20,
 * 0.15), (-0.04, 0.14), (-0.13, 0.19) and (0.0005, -0.09), and seed 16's
 * upper end 3.793 is within 1 % of the width of the logit one (3.773):
 * seed 14 (ends 1.821 and 4.132, logit 1.512 and 3.961).  On the model of
 * session 9 (with the fussier infant of ci_ini) seeds 11 to 16 give
 * estimates 2.63, 4.30, 2.75, 2.01, 1.74, 3.28; seed 14's inverted ends are
 * the logit ones (1.030 and 3.704) and seed 16's upper one too: seed 11
 * (ends 1.838 and 4.490, logit 1.624 and 4.030).  On the model of
 * session 10 (negative_threshold 0.73 in ci_ini) seed 11's estimate is
 * 2.31 (se_asym 0.69): the lower end 1.693 unsettled (gap -0.095, logit
 * 1.261), the upper met at the first step, so it is the logit end 3.942
 * (gap 0.002); seeds 12 to 14 left both ends unsettled with gaps of up to
 * 0.59.  An end that is the logit one must meet the test to the solver's
 * tolerance (it stopped there at once), and one end at least must not be
 * the logit one. */
START_TEST(test_fit_ci_fixed_point)
{
    const char *const args[] = { "--free", RL, "--seed", FIXED_SEED, "-q", NULL };
    result r = run_fit_traces(scn, data_dir, NDATA, args);
    expect_status(&r, 0);
    const char *k = "caregiver.repair_latency";
    double est = fit_cell(r.out, "parameter", k, "value");
    double se = fit_cell(r.out, "parameter", k, "se_asym");
    double ends[2] = { fit_cell(r.out, "parameter", k, INV_LO),
                       fit_cell(r.out, "parameter", k, INV_HI) };
    ck_assert_msg(se > 0 && 0.2 < ends[0] && ends[0] < est && est < ends[1] && ends[1] < 10,
                  "estimate %g, se %g, interval %g to %g", est, se, ends[0], ends[1]);
    int settled = 0, inverted = 0;
    for (int e = 0; e < 2; e++) {
        double gap = fit_ci_gap(est, se, ends[e], se_at(ends[e], RL), 0.2, 10);
        ck_assert_msg(fabs(gap) < 0.15, "end %g: gap %g", ends[e], gap);
        settled += fabs(gap) <= ATT_FIT_CI_TOL + 1e-6;
        /* the logit Wald end (which uses the se at the estimate) only
         * where it meets the test itself */
        double wald = att_fit_ci_logit(est, se, 0.2, 10, e ? 1.96 : -1.96);
        if (fabs(wald - ends[e]) > 0.01 * (ends[1] - ends[0]))
            inverted++;
        else
            ck_assert_msg(fabs(gap) <= ATT_FIT_CI_TOL + 1e-6,
                          "end %g is the logit one %g but misses the test (gap %g)", ends[e],
                          wald, gap);
    }
    ck_assert_int_ge(settled, 1);
    ck_assert_msg(inverted >= 1, "both ends are the logit ones");
    result_free(&r);
}
END_TEST

/* infant.avert_rate alone at 0.0105 (`--max-evals 0`: the estimate is
 * the scenario's value, within 0.1 % of the range of the lower bound; on
 * the model before session 7 the search itself went there, now it stops
 * at 0.028): the interval is the whole range, both ends cut at the bounds
 * exactly (the lower without inverting, the upper where the statistics
 * hardly move with the rate), with one warning: the estimate is within
 * 0.1 % of the range of the bound, so x -+ 1.96 se reaches it whatever
 * the se, and the inverted interval cut there adds no second one. */
START_TEST(test_fit_ci_bound)
{
    char bnd[256];
    write_scenario_with(bnd, sizeof bnd, "bnd", "avert_rate = 0.0105\n", "1", "");
    const char *const args[] = { "--free", "infant.avert_rate=0.01:1", "--seed", "11",
                                 "--max-evals", "0", "-q", NULL };
    result r = run_fit_traces(bnd, data_dir, NDATA, args);
    expect_status(&r, 0);
    const char *k = "infant.avert_rate";
    ck_assert_double_lt(fit_cell(r.out, "parameter", k, "value"), 0.01 + 1e-3 * 0.99);
    ck_assert_double_eq(fit_cell(r.out, "parameter", k, INV_LO), 0.01);
    ck_assert_double_eq(fit_cell(r.out, "parameter", k, INV_HI), 1);
    const char *w = "\nwarning,infant.avert_rate,,,,,,,,,,,,,,,the se does not hold it off its "
                    "lower bound (estimate - 1.96 se reaches it)";
    const char *at = strstr(r.out, w);
    ck_assert_msg(at && !strstr(at + 1, w), "%s", r.out);
    ck_assert_msg(!strstr(r.out, "asymptotic interval reaches a bound"), "%s", r.out);
    expect_contains(r.err, "warning: infant.avert_rate: the se does not hold it off its lower "
                    "bound", "stderr");
    result_free(&r);
}
END_TEST

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Each key of an interrupted fit `out` against the whole run `full`: the
 * warning and the logit ends, or the whole run's ends. */
static void check_interrupted(const char *out, const char *err, const char *full)
{
    static const char *const keys[] = { "caregiver.repair_latency", "infant.return_rate" };
    static const double lo[] = { 0.2, 0.05 }, hi[] = { 10, 5 };
    ck_assert_double_eq(fit_cell(out, "fit", "stopped", "value"), 1);
    expect_contains(err, "interrupted: wrote the best point", "stderr");
    for (int k = 0; k < 2; k++) {
        char w[160];
        snprintf(w, sizeof w, "\nwarning,%s,,,,,,,,,,,,,,,interrupted: the asymptotic interval "
                 "is the logit one, not inverted", keys[k]);
        double est = fit_cell(out, "parameter", keys[k], "value");
        double se = fit_cell(out, "parameter", keys[k], "se_asym");
        ck_assert_double_eq(se, fit_cell(full, "parameter", keys[k], "se_asym"));
        for (int e = 0; e < 2; e++) {
            const char *col = e ? INV_HI : INV_LO;
            double end = fit_cell(out, "parameter", keys[k], col);
            double want = strstr(out, w)
                              ? att_fit_ci_logit(est, se, lo[k], hi[k], e ? 1.96 : -1.96)
                              : fit_cell(full, "parameter", keys[k], col);
            ck_assert_msg(fabs(end - want) <= 1e-9 * fabs(want), "%s %s: %.10g, want %.10g",
                          keys[k], col, end, want);
        }
    }
}

/* `--max-evals 0`, two keys, one thread: the run's time T measured first,
 * then Ctrl-C at 0.6 T (the inversion takes most of the run), else 0.45 T
 * or 0.8 T, until one lands in the inversion. */
START_TEST(test_fit_ci_interrupt)
{
    char out[256], paths[NDATA][300];
    in_work(out, sizeof out, "int.csv");
    const char *args[NDATA + 16];
    size_t n = 0;
    args[n++] = "fit";
    args[n++] = scn;
    for (int i = 0; i < NDATA; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/rec_%04d.csv", data_dir, i + 1);
        args[n++] = paths[i];
    }
    const char *const extra[] = { "--free", RL ",infant.return_rate=0.05:5", "--seed", "11",
                                  "--max-evals", "0", "-j", "1", "-q", NULL };
    for (size_t k = 0; extra[k]; k++)
        args[n++] = extra[k];
    args[n] = NULL;
    double t0 = now_s();
    result full = run_argv(args);
    double T = now_s() - t0;
    expect_status(&full, 0);
    args[n - 1] = "-o", args[n] = out, args[n + 1] = "-q", args[n + 2] = NULL;
    static const double frac[] = { 0.6, 0.45, 0.8 };
    int hit = 0;
    for (int i = 0; i < 3 && !hit; i++) {
        remove(out);
        pid_t pid = start(args);
        sleep_ms((long)(frac[i] * T * 1000));
        kill(pid, SIGINT);
        result r = finish_within(pid, 120);
        hit = strstr(r.err, "logit one, not inverted") != NULL;
        if (hit) {
            expect_status(&r, 1);
            char *text = slurp(out, NULL);
            ck_assert(text != NULL);
            check_interrupted(text, r.err, full.out);
            free(text);
        }
        result_free(&r);
    }
    ck_assert_msg(hit, "no Ctrl-C landed in the inversion (run %.2f s)", T);
    result_free(&full);
}
END_TEST

Suite *suite_cli_fit_ci(void);
Suite *suite_cli_fit_ci(void)
{
    Suite *s = suite_create("cli_fit_ci");
    TCase *tc = fixture_tcase("core", ci_setup);
    tcase_add_test(tc, test_fit_ci_fixed_point);
    tcase_add_test(tc, test_fit_ci_bound);
    tcase_add_test(tc, test_fit_ci_interrupt);
    suite_add_tcase(s, tc);
    return s;
}
