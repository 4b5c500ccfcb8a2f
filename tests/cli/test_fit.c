/* attune fit through the real program: a small parameter recovery (data
 * simulated by `attune batch --traces` at a known caregiver.wait_time,
 * fitted, the estimate within a tolerance derived from the fit's own
 * statistics), the same bytes on one and two threads, the --scenario-out
 * file run by `attune run` with the estimate in it, and the bad
 * input: exit status 2 and nothing written.  Then the uncertainty and
 * diagnostics: the parametric bootstrap (--boot) on the same recovery case,
 * its se against the delta method's and its interval against the true
 * value, the same bytes on one and two threads; the J test's rows against
 * the chi-square formula; a free key the statistics cannot see gets a
 * warning row and a line on stderr.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "attune/fit.h"

/* The logit interval's columns: the reported one's or their own
 * (include/attune/fit.h, ATT_FIT_CI_INVERTED). */
#define LOGIT_LO (ATT_FIT_CI_INVERTED ? "ci_logit_lo" : "ci_asym_lo")
#define LOGIT_HI (ATT_FIT_CI_INVERTED ? "ci_logit_hi" : "ci_asym_hi")

/* Short phases (150 s a dyad), the patient mother's wait_time 8 by default;
 * quiet_pause 0 keeps the patient rule these seeded fits were sized on
 * (before the quiet watch of issue 18, docs/MODEL.md 4.5); an infant slow
 * to come back (return_rate 0.1), so that her wait shapes its look-aways:
 * on the model of session 9 the default infant's seldom outlast 3 s, and
 * the bootstrap se of the wait (1.69) was more than twice the delta
 * method's (0.74), the statistics a staircase in it.  And one that looks
 * away more often (avert_rate 0.1, the default 0.04), so that the 30
 * dyads hold aversions enough to see the wait: on the model of session 10
 * (positive_rate 0.9, negative_threshold 0.85) without it the wait's
 * estimate was 1.80 with se_asym 1.01, its Wald interval past the bound
 * 0.2 (warned); with it 2.45, se_asym 0.90.  The rest of the infant is
 * pinned at the defaults these fits were sized on (session 17's:
 * negative_threshold 0.85 and FIXTURE_SIZED_INFANT, tests/fixture.h), and
 * the mother's gentling at 0 (her default then), so that they do not move
 * with the model's defaults: with those tried in session 18 the recovery
 * failed, se_asym 1.12 against the delta method's 0.67, and the bootstrap
 * se was 1.35. */
static const char rec_ini[] =
    "[scenario]\nname = rec\ndt = 0.1\nseed = 5\n\n"
    "[infant]\nreturn_rate = 0.1\navert_rate = 0.1\nnegative_threshold = 0.85\n"
    FIXTURE_SIZED_INFANT(FIXTURE_INI_LINE) "\n"
    "[caregiver]\npolicy = patient\nquiet_pause = 0\ngentling = 0\n%s\n"
    "[phase]\nname = play\nduration = 60\n\n"
    "[phase]\nname = still-face\nduration = 30\npolicy = still-face\n\n"
    "[phase]\nname = reunion\nduration = 60\n%s";

#define TRUTH "3"
#define NDATA 30
/* wait_time moves the matched share and the aversion bouts of play and
 * reunion (the still face ignores it). */
#define STATS "play.matched_prop,reunion.matched_prop,play.aversion_bout_s,reunion.aversion_bout_s"

static char scn[256], data_dir[256];

/* work/NAME.ini: the scenario, with `caregiver` lines and `tail`. */
static void write_scenario(char *path, size_t size, const char *name, const char *caregiver,
                           const char *tail)
{
    char text[2048], file[64];
    snprintf(text, sizeof text, rec_ini, caregiver, tail);
    snprintf(file, sizeof file, "%s.ini", name);
    in_work(path, size, file);
    write_file(path, text);
}

/* NDATA dyads at wait_time = TRUTH, one trace each in work/tr. */
static void fit_setup(void)
{
    setup();
    write_scenario(scn, sizeof scn, "rec", "", "");
    char exp[256];
    write_scenario(exp, sizeof exp, "data", "", "\n[batch]\nreplicates = " "30" "\n");
    in_work(data_dir, sizeof data_dir, "tr");
    char res[256];
    in_work(res, sizeof res, "res.csv");
    result r = run_attune("batch", exp, "--set", "caregiver.wait_time=" TRUTH, "--traces", data_dir,
                          "-o", res, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* attune fit SCENARIO, the traces in work/tr, then EXTRA (NULL-terminated). */
static result fit_run(const char *scenario, const char *const *extra)
{
    return run_fit_traces(scenario, data_dir, NDATA, extra);
}

static const char *const stats4[] = { "play.matched_prop", "reunion.matched_prop",
                                      "play.aversion_bout_s", "reunion.aversion_bout_s" };

/* The delta method's se of wait_time at TRUTH: se^2 = 1 / sum_k g_k^2 / v_k,
 * with v_k the weights of the fit (bootstrap variance over the 30 sessions,
 * plus the simulation's share) and g_k = ds_k/dtheta from the simulated
 * statistics at TRUTH -+ 0.5 (`--max-evals 0`: the fit table at a
 * scenario's own value, with the same dyads).  With `fit_csv` (a fit's
 * output), each v_k must be that fit's variance of statistic k. */
static double delta_se(const char *fit_csv)
{
    double s_at[2][4], var[4];
    for (int side = 0; side < 2; side++) {
        char path[256], line[64];
        snprintf(line, sizeof line, "wait_time = %s", side ? "3.5" : "2.5");
        write_scenario(path, sizeof path, side ? "hi" : "lo", line, "");
        const char *const zero[] = { "--free", "caregiver.wait_time=1:20", "--stats", STATS,
                                     "--seed", "11", "--max-evals", "0", "-q", NULL };
        result z = fit_run(path, zero);
        expect_status(&z, 0);
        ck_assert_double_eq(fit_cell(z.out, "fit", "evaluations", "value"), 1);
        for (int k = 0; k < 4; k++) {
            s_at[side][k] = fit_cell(z.out, "statistic", stats4[k], "simulated");
            var[k] = fit_cell(z.out, "statistic", stats4[k], "variance");
            if (fit_csv)
                ck_assert_double_eq(var[k], fit_cell(fit_csv, "statistic", stats4[k], "variance"));
        }
        result_free(&z);
    }
    double info = 0;
    for (int k = 0; k < 4; k++) {
        double g = (s_at[1][k] - s_at[0][k]) / 1.0;
        info += g * g / var[k];
    }
    return 1 / sqrt(info);
}

/* The recovery: the tolerance is 4 standard errors of the estimate by the
 * delta method (delta_se).  With 30 dyads se is about 0.3 s; a fit that
 * ignored the data, or stopped at its start (8), is many se away. */
START_TEST(test_fit_recovers_wait_time)
{
    const char *const args[] = { "--free", "caregiver.wait_time=1:20", "--stats", STATS, "--seed",
                                 "11", "-j", "2", "-q", NULL };
    result r = fit_run(scn, args);
    expect_status(&r, 0);
    double est = fit_cell(r.out, "parameter", "caregiver.wait_time", "value");
    ck_assert_double_eq(fit_cell(r.out, "parameter", "caregiver.wait_time", "start"), 8);
    double se = delta_se(r.out);
    ck_assert_msg(se > 0.01 && se < 2, "se %g: the statistics do not see wait_time", se);
    ck_assert_msg(fabs(est - atof(TRUTH)) < 4 * se, "estimate %g, truth %s, se %g", est, TRUTH, se);
    ck_assert_msg(fabs(8 - atof(TRUTH)) > 4 * se, "the start is within the tolerance");
    /* the sandwich se agrees with the delta method's within 25 % (measured
     * 0.235 against 0.262): its Jacobian is taken at the estimate, not the
     * truth, with a step of 0.19 (5 % of |x|, at least 1 % of the range),
     * not 0.5, on a staircase; the statistics' correlations move it ~1 % */
    double se_asym = fit_cell(r.out, "parameter", "caregiver.wait_time", "se_asym");
    ck_assert_msg(se_asym > 0.8 * se && se_asym < 1.25 * se, "se_asym %g, delta %g", se_asym, se);
    /* the interval on the logit scale of the bounds 1:20 */
    double u = log((est - 1) / (20 - est)), su = se_asym * 19 / ((est - 1) * (20 - est));
    ck_assert_double_eq_tol(fit_cell(r.out, "parameter", "caregiver.wait_time", LOGIT_LO),
                            1 + 19 / (1 + exp(-(u - 1.96 * su))), 1e-8);
    ck_assert_double_eq_tol(fit_cell(r.out, "parameter", "caregiver.wait_time", LOGIT_HI),
                            1 + 19 / (1 + exp(-(u + 1.96 * su))), 1e-8);
    /* J at the estimate: each term (m - s)^2 / v from the table */
    double J = 0;
    for (int k = 0; k < 4; k++)
        J += pow(fit_cell(r.out, "statistic", stats4[k], "z"), 2);
    ck_assert_double_eq_tol(fit_cell(r.out, "fit", "objective", "value"), J, 1e-6 * J);
    result_free(&r);
}
END_TEST

/* One thread or two: the same bytes; --scenario-out runs and holds the
 * estimate. */
START_TEST(test_fit_threads_and_scenario_out)
{
    char out1[256], out2[256], sout[256];
    in_work(out1, sizeof out1, "fit1.csv");
    in_work(out2, sizeof out2, "fit2.csv");
    in_work(sout, sizeof sout, "fitted.ini");
    const char *const a1[] = { "--free", "caregiver.wait_time=1:20,caregiver.repair_latency=0.2:5",
                               "--stats", STATS, "--starts", "2", "-j", "1", "-o", out1,
                               "--scenario-out", sout, "-q", NULL };
    const char *const a2[] = { "--free", "caregiver.wait_time=1:20,caregiver.repair_latency=0.2:5",
                               "--stats", STATS, "--starts", "2", "-j", "2", "-o", out2, "-q",
                               NULL };
    result r1 = fit_run(scn, a1), r2 = fit_run(scn, a2);
    expect_status(&r1, 0);
    expect_status(&r2, 0);
    size_t n1, n2;
    char *t1 = slurp(out1, &n1), *t2 = slurp(out2, &n2);
    ck_assert(t1 && t2 && n1 > 0);
    ck_assert_msg(n1 == n2 && memcmp(t1, t2, n1) == 0, "-j 1:\n%s\n-j 2:\n%s", t1, t2);
    /* the fitted scenario: attune run takes it, and it holds the estimate */
    double est = fit_cell(t1, "parameter", "caregiver.wait_time", "value");
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(sout, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_double_eq_tol(att_scenario_phase(s, 0)->params.wait_time, est, 1e-9 * est);
    ck_assert_double_eq_tol(att_scenario_phase(s, 2)->params.wait_time, est, 1e-9 * est);
    ck_assert_double_eq_tol(att_scenario_phase(s, 0)->params.repair_latency,
                            fit_cell(t1, "parameter", "caregiver.repair_latency", "value"), 1e-9);
    att_scenario_free(s);
    char trace[256];
    in_work(trace, sizeof trace, "run.csv");
    result run = run_attune("run", sout, "-o", trace, "-q", NULL);
    expect_status(&run, 0);
    result_free(&run);
    free(t1);
    free(t2);
    result_free(&r1);
    result_free(&r2);
}
END_TEST

/* Ctrl-C: the best point so far is written, said, and the status is 1. */
START_TEST(test_fit_interrupted_keeps_best)
{
    char out[256];
    in_work(out, sizeof out, "fit.csv");
    const char *args[NDATA + 16];
    static char paths[NDATA][300];
    size_t n = 0;
    args[n++] = "fit";
    args[n++] = "--resims";
    args[n++] = "0";
    args[n++] = scn;
    for (int i = 0; i < NDATA; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/rec_%04d.csv", data_dir, i + 1);
        args[n++] = paths[i];
    }
    const char *const extra[] = { "--free", "caregiver.wait_time=1:20,infant.avert_rate=0.01:1",
                                  "--sim-ratio", "40", "--starts", "50", "-j", "1", "-o", out,
                                  "-q", NULL };
    for (size_t k = 0; extra[k]; k++)
        args[n++] = extra[k];
    args[n] = NULL;
    /* 1200 dyads an evaluation: a few evaluations in after 1.5 s on an idle
     * machine.  On a loaded one (or under the sanitizers) the first
     * evaluation may not have ended yet, which is the other documented
     * outcome ("interrupted", nothing written): then try again, later. */
    result r;
    for (int delay = 1500;; delay *= 3) {
        pid_t pid = start(args);
        sleep_ms(delay);
        kill(pid, SIGINT);
        r = finish_within(pid, 30);
        if (strstr(r.err, "wrote the best point") || delay > 10000)
            break;
        ck_assert_msg(access(out, F_OK) != 0, "interrupted before any evaluation, yet %s written", out);
        result_free(&r);
    }
    expect_status(&r, 1);
    expect_contains(r.err, "interrupted: wrote the best point of", "stderr");
    size_t len;
    char *text = slurp(out, &len);
    ck_assert_msg(text != NULL, "no output after Ctrl-C");
    ck_assert_double_eq(fit_cell(text, "fit", "stopped", "value"), 1);
    ck_assert(fit_cell(text, "fit", "evaluations", "value") >= 1);
    double est = fit_cell(text, "parameter", "caregiver.wait_time", "value");
    ck_assert(est >= 1 && est <= 20);
    /* the point written is the best evaluated: J no higher than at the
     * first point evaluated, the scenario's values (a --max-evals 0 fit
     * with the same seed: the same simulated dyads), and the J said on
     * stderr is the table's */
    double J = fit_cell(text, "fit", "objective", "value");
    char said[64];
    snprintf(said, sizeof said, "(J = %.6g)", J);
    expect_contains(r.err, said, "stderr");
    free(text);
    for (n = 0; args[n]; n++)
        if (strcmp(args[n], "--starts") == 0)
            args[n] = "--max-evals", args[n + 1] = "0";
    result r0 = run_argv(args);
    expect_status(&r0, 0);
    text = slurp(out, &len);
    double J0 = fit_cell(text, "fit", "objective", "value");
    ck_assert_msg(isfinite(J) && J <= J0, "J written %.9g, at the scenario's values %.9g", J, J0);
    free(text);
    result_free(&r0);
    result_free(&r);
}
END_TEST

/* A targets file: its values are the observed statistics, the weights
 * se^2 plus the simulation's own bootstrap variance; JSON output; an
 * [infant] key written into a scenario without an [infant] section. */
START_TEST(test_fit_targets_json)
{
    char targets[256], sout[256];
    in_work(targets, sizeof targets, "targets.csv");
    in_work(sout, sizeof sout, "fitted.ini");
    write_file(targets, "statistic,phase,value,se,source\n"
                        "matched_prop,play,0.8,0.05,a paper\n"
                        "infant_gaze_prop,reunion,0.5,0.1,\"another, with a comma\"\n");
    result r = run_attune("fit", "--resims", "0", scn, targets, "--free", "infant.return_rate=0.05:5",
                          "--sim-dyads", "20", "--starts", "1", "--max-evals", "8", "--format",
                          "json", "--scenario-out", sout, "-q", NULL);
    expect_status(&r, 0);
    double obs, var;
    const char *at = strstr(r.out, "{\"name\": \"play.matched_prop\", \"observed\": ");
    ck_assert_msg(at && sscanf(strchr(at, ':') + 1, " \"play.matched_prop\", \"observed\": %lf",
                               &obs) == 1, "%s", r.out);
    at = strstr(at, "\"variance\": ");
    ck_assert(at && sscanf(at, "\"variance\": %lf", &var) == 1);
    ck_assert_double_eq(obs, 0.8);
    ck_assert_msg(var > 0.05 * 0.05 && var < 0.05 * 0.05 + 0.01, "variance %g", var);
    expect_contains(r.out, "\"sessions\": 0, ", "json");
    expect_contains(r.out, "\"dyads\": 20, ", "json");
    expect_contains(r.out, "\"se\": null", "json");
    char *text = slurp(sout, NULL);
    ck_assert(text != NULL);
    expect_contains(text, "\n[infant]\nreturn_rate = ", "fitted.ini");
    free(text);
    char trace[256];
    in_work(trace, sizeof trace, "run.csv");
    result run = run_attune("run", sout, "-q", "-o", trace, NULL);
    expect_status(&run, 0);
    result_free(&run);
    result_free(&r);
}
END_TEST

/* The bad input: exit 2, the reason, nothing written. */
START_TEST(test_fit_bad_input)
{
    char out[256], sout[256], nor[256], warm[256], nose[256], badphase[256];
    in_work(out, sizeof out, "out.csv");
    in_work(sout, sizeof sout, "out.ini");
    in_work(nor, sizeof nor, "calm.csv");   /* matched throughout: no rupture */
    /* phases of 60, 30 and 60 s, as the scenario's (the last row lasts as
     * long as the interval before it) */
    write_file(nor, "t,phase,infant_code,caregiver_code\n0,play,positive,positive\n"
                    "60,still-face,positive,positive\n90,reunion,positive,positive\n"
                    "120,reunion,positive,positive\n");
    in_work(warm, sizeof warm, "warm.csv");
    write_file(warm, "t,phase,infant_code,caregiver_code\n0,play,avert,positive\n"
                     "5,warmup,positive,positive\n");
    in_work(nose, sizeof nose, "targets.csv");
    write_file(nose, "statistic,phase,value,se,source\nmatched_prop,play,0.8,0.05,a\n"
                     "matched_prop,reunion,0.7,,b\n");
    in_work(badphase, sizeof badphase, "targets2.csv");
    write_file(badphase, "statistic,phase,value,se,source\nmatched_prop,play,0.8,0.05,a\n"
                         "matched_prop,warmup,0.7,0.05,b\n");
    const struct { const char *data, *free, *stats, *says; } bad[] = {
        { nor, "caregiver.wiat_time", NULL, "did you mean 'wait_time'" },
        { nor, "caregiver.policy", NULL, "not a number" },
        { nor, "caregiver.wait_time=20:1", NULL, "reversed" },
        { nor, "caregiver.wait_time=1:5", NULL, "exclude the scenario's value 8" },
        { nor, "caregiver.wait_time", "play.latency_q50_s", "undefined for the data" },
        { warm, "caregiver.wait_time", NULL, "warm.csv:3: phase 'warmup' is not a phase of" },
        { nose, "caregiver.wait_time", NULL, "targets.csv:3:" },
        { badphase, "caregiver.wait_time", NULL, "targets2.csv:3: phase 'warmup'" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[16] = { "fit", scn, bad[i].data, "--free", bad[i].free, "-o", out,
                                 "--scenario-out", sout };
        size_t n = 9;
        if (bad[i].stats) {
            args[n++] = "--stats";
            args[n++] = bad[i].stats;
        }
        args[n] = NULL;
        result r = run_argv(args);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        expect_contains(r.err, bad[i].says, bad[i].free);
        result_free(&r);
    }
    expect_listing("calm.csv data.ini rec.ini res.csv targets.csv targets2.csv tr warm.csv");
}
END_TEST

/* ---- uncertainty and diagnostics: --boot, the J test, warnings ---- */

/* The chi-square upper tail with 3 df in closed form:
 * Q(x) = erfc(sqrt(x / 2)) + sqrt(2 x / pi) exp(-x / 2). */
static double chisq3_q(double x)
{
    return erfc(sqrt(x / 2)) + sqrt(2 * x / 3.14159265358979323846) * exp(-x / 2);
}

/* --boot 15: se within a factor 2 of the delta method's, the interval
 * around the estimate, the truth within 3 se of the estimate, the same bytes
 * for -j 1 and -j 2; the J test's rows: j_stat the objective, j_df = 4 - 1, j_p the
 * chi-square tail. */
START_TEST(test_fit_boot_se_interval_j)
{
    char out1[256], out2[256];
    in_work(out1, sizeof out1, "fit1.csv");
    in_work(out2, sizeof out2, "fit2.csv");
    /* bounds 0.2:20: on the model of session 9 the estimate is 2.24 with
     * se 0.72 (session 10, with the infant of rec_ini: 2.45, se_asym 0.90),
     * and the lower end of an interval would reach a bound of 1, with its
     * (right) warning */
    const char *const a1[] = { "--free", "caregiver.wait_time=0.2:20", "--stats", STATS, "--seed",
                               "11", "--starts", "1", "--boot", "15", "-j", "1", "-o", out1, "-q",
                               NULL };
    const char *const a2[] = { "--free", "caregiver.wait_time=0.2:20", "--stats", STATS, "--seed",
                               "11", "--starts", "1", "--boot", "15", "-j", "2", "-o", out2, "-q",
                               NULL };
    result r1 = fit_run(scn, a1), r2 = fit_run(scn, a2);
    expect_status(&r1, 0);
    expect_status(&r2, 0);
    size_t n1, n2;
    char *t1 = slurp(out1, &n1), *t2 = slurp(out2, &n2);
    ck_assert(t1 && t2 && n1 > 0);
    ck_assert_msg(n1 == n2 && memcmp(t1, t2, n1) == 0, "-j 1:\n%s\n-j 2:\n%s", t1, t2);
    const char *w = "caregiver.wait_time";
    double est = fit_cell(t1, "parameter", w, "value"), se = fit_cell(t1, "parameter", w, "se");
    double lo = fit_cell(t1, "parameter", w, "ci_lo"), hi = fit_cell(t1, "parameter", w, "ci_hi");
    double dse = delta_se(NULL);
    ck_assert_msg(se > dse / 2 && se < 2 * dse, "bootstrap se %g, delta method %g", se, dse);
    ck_assert_msg(lo < est && est < hi, "interval [%g, %g], estimate %g", lo, hi, est);
    /* The truth within 3 bootstrap se of the estimate (one seed: a 95 %
     * interval misses it one model in twenty, as the smile's time course
     * of session 8 made this seed's [1.29, 2.99] miss 3). */
    ck_assert_msg(fabs(est - atof(TRUTH)) < 3 * se, "estimate %g, se %g, truth " TRUTH, est, se);
    ck_assert_double_eq(fit_cell(t1, "fit", "boot_used", "value"), 15);
    /* no identification warning; an unsettled end of the inverted
     * interval (known only to the se's roughness) may be named */
    for (const char *p = strstr(t1, "\nwarning,"); p; p = strstr(p + 1, "\nwarning,")) {
        const char *eol = strchr(p + 1, '\n'), *u = strstr(p, "end is unsettled");
        ck_assert_msg(u && eol && u < eol, "a warning in\n%s", t1);
    }
    /* the J test */
    double J = fit_cell(t1, "fit", "j_stat", "value");
    ck_assert_double_eq(J, fit_cell(t1, "fit", "objective", "value"));
    ck_assert_double_eq(fit_cell(t1, "fit", "j_df", "value"), 3);
    /* the closed form against R: Rscript -e 'print(pchisq(4.5, 3,
     * lower.tail=FALSE), digits=17)' gives 0.21229028736013333 */
    ck_assert_double_eq_tol(chisq3_q(4.5), 0.21229028736013333, 1e-12);
    ck_assert_double_eq_tol(fit_cell(t1, "fit", "j_p", "value"), chisq3_q(J), 1e-8);
    /* against the replicates: (1 + how many of 15 refits have J at least
     * as large) / 16 */
    double pb = fit_cell(t1, "fit", "j_p_boot", "value") * 16;
    ck_assert_msg(pb >= 1 && pb <= 16 && fabs(pb - round(pb)) < 1e-6, "j_p_boot x 16 = %g", pb);
    free(t1);
    free(t2);
    result_free(&r1);
    result_free(&r2);
}
END_TEST

/* The reunion's wait_time cannot move statistics of play (it is set only
 * after play is over, and the dyads are the same at every point): a
 * warning row names it as flat, a line on stderr too; no bootstrap
 * asked, so se and the interval are empty; the asymptotic se is empty too,
 * with a singular warning. */
START_TEST(test_fit_boot_flat_warning)
{
    const char *const args[] = { "--free", "phase.reunion.wait_time=1:20", "--stats",
                                 "play.matched_prop,play.aversion_bout_s", "--seed", "11",
                                 "--starts", "1", "-q", NULL };
    result r = fit_run(scn, args);
    expect_status(&r, 0);
    expect_contains(r.out, "\nwarning,phase.reunion.wait_time,,,,,,,,,,,,,,,flat: ", "output");
    expect_contains(r.err, "warning: phase.reunion.wait_time: flat", "stderr");
    ck_assert(isnan(fit_cell(r.out, "parameter", "phase.reunion.wait_time", "se")));
    /* H = G'WG is 0: no asymptotic se, a singular warning */
    ck_assert(isnan(fit_cell(r.out, "parameter", "phase.reunion.wait_time", "se_asym")));
    ck_assert(isnan(fit_cell(r.out, "parameter", "phase.reunion.wait_time", "ci_asym_lo")));
    expect_contains(r.out, "\nwarning,phase.reunion.wait_time,,,,,,,,,,,,,,,singular: ", "output");
    expect_contains(r.err, "warning: phase.reunion.wait_time: singular", "stderr");
    ck_assert_double_eq(fit_cell(r.out, "fit", "j_df", "value"), 1);
    result_free(&r);
}
END_TEST

Suite *suite_cli_fit(void);
Suite *suite_cli_fit(void)
{
    Suite *s = suite_create("cli_fit");
    TCase *tc = fixture_tcase("core", fit_setup);
    /* The fits take seconds on an idle machine, a minute or more under the
     * sanitizers on a loaded one: a hang, not a slow fit, is what to catch. */
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_fit_recovers_wait_time);
    tcase_add_test(tc, test_fit_threads_and_scenario_out);
    tcase_add_test(tc, test_fit_bad_input);
    tcase_add_test(tc, test_fit_interrupted_keeps_best);
    tcase_add_test(tc, test_fit_targets_json);
    tcase_add_test(tc, test_fit_boot_se_interval_j);
    tcase_add_test(tc, test_fit_boot_flat_warning);
    suite_add_tcase(s, tc);
    return s;
}
