/* attune fit --population through the real program: a population recovery
 * (30 dyads simulated by `attune batch --traces` with infant.positive_rate
 * drawn from normal(1.6, 0.6) per dyad, the mean and the sd fitted, each
 * within 4 standard errors of the truth by the delta method computed here
 * from the program's own simulated statistics at points around the truth,
 * and the sd clearly above 0); the same bytes on one and two threads and
 * the fitted distribution in --scenario-out; the help; and bad input: exit
 * status 2, a message naming the problem, nothing written (among it a
 * --free key that the scenario draws per dyad).
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 270 s a dyad (play and reunion 120 s each: with 60 s the issue 18 model
 * left the sd's se at 0.21, too wide to call an sd of 0.6 clearly above 0);
 * %s: [infant] lines.  quiet_pause 0 keeps the patient rule these seeded
 * fits were sized on (before the quiet watch of issue 18).  The infant's
 * slow state is off (state_gaze and state_smile 0, docs/MODEL.md 2.10):
 * its session-to-session draw spreads the positive share over dyads
 * more than positive_rate's sd of 0.6 does, so with it on the statistics
 * hardly see that sd (delta-method se 0.73 for the mean and 0.78 for the
 * sd with these 30 dyads); this test is of the fit's recovery, on a model
 * whose spread is the key's alone.  The infant comes back quickly
 * (return_rate 0.5, the default until session 10), so that it looks at her,
 * where smiles are, most of the time: with session 10's 0.16 the positive
 * share hardly saw the sd (this fit found 0.065 for the true 0.6, se_asym
 * 0.48, its interval the whole range); with 0.5, 0.69 (se_asym 0.10). */
static const char pop_ini[] =
    "[scenario]\nname = rec\ndt = 0.1\nseed = 5\n\n"
    "[infant]\nstate_gaze = 0\nstate_smile = 0\nreturn_rate = 0.5\n%s\n"
    "[caregiver]\npolicy = patient\nquiet_pause = 0\n\n"
    "[phase]\nname = play\nduration = 120\n\n"
    "[phase]\nname = still-face\nduration = 30\npolicy = still-face\n\n"
    "[phase]\nname = reunion\nduration = 120\n%s";

#define MEAN 1.6
#define SD 0.6
#define NDATA 30
#define POP "infant.positive_rate=0.1:4"
/* positive_rate moves the positive share of play and reunion (the still
 * face has few smiles), and its spread the share's spread over dyads. */
#define STATS "play.infant_positive_prop,reunion.infant_positive_prop," \
              "play.infant_positive_prop_sd,reunion.infant_positive_prop_sd"

static const char *const stats4[] = { "play.infant_positive_prop", "reunion.infant_positive_prop",
                                      "play.infant_positive_prop_sd",
                                      "reunion.infant_positive_prop_sd" };

static char scn[256], data_dir[256];

/* work/NAME.ini with `infant` lines and `tail`. */
static void write_scenario(char *path, size_t size, const char *name, const char *infant,
                           const char *tail)
{
    char text[1024], file[64];
    snprintf(text, sizeof text, pop_ini, infant, tail);
    snprintf(file, sizeof file, "%s.ini", name);
    in_work(path, size, file);
    write_file(path, text);
}

static void pop_setup(void)
{
    setup();
    write_scenario(scn, sizeof scn, "rec", "positive_rate = 0.3", "");
    char exp[256], res[256], truth[96];
    snprintf(truth, sizeof truth, "positive_rate = normal(%g, %g)", MEAN, SD);
    write_scenario(exp, sizeof exp, "data", truth, "\n[batch]\nreplicates = 30\n");
    in_work(data_dir, sizeof data_dir, "tr");
    in_work(res, sizeof res, "res.csv");
    result r = run_attune("batch", exp, "--traces", data_dir, "-o", res, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* attune fit SCENARIO, the traces, then EXTRA (NULL-terminated). */
static result fit_run(const char *scenario, const char *const *extra)
{
    return run_fit_traces(scenario, data_dir, NDATA, extra);
}

/* The simulated statistics (and the weights) at normal(m, s), by the fit
 * table at a scenario drawing the key so (`--max-evals 0`). */
static void simulated_at(double m, double s, double *sim, double *var)
{
    char path[256], line[96];
    snprintf(line, sizeof line, "positive_rate = normal(%.17g, %.17g)", m, s);
    write_scenario(path, sizeof path, "at", line, "");
    const char *const zero[] = { "--population", POP, "--stats", STATS, "--seed", "11",
                                 "--max-evals", "0", "-q", NULL };
    result z = fit_run(path, zero);
    expect_status(&z, 0);
    ck_assert_double_eq_tol(fit_cell(z.out, "parameter", "infant.positive_rate.mean", "start"), m,
                            1e-9);
    ck_assert_double_eq_tol(fit_cell(z.out, "parameter", "infant.positive_rate.sd", "start"), s,
                            1e-9);
    for (int k = 0; k < 4; k++) {
        sim[k] = fit_cell(z.out, "statistic", stats4[k], "simulated");
        var[k] = fit_cell(z.out, "statistic", stats4[k], "variance");
    }
    result_free(&z);
}

/* The delta method's se of (mean, sd) at the truth: G the 4 x 2 Jacobian
 * of the simulated statistics by central differences (mean -+ 0.3, sd -+
 * 0.2), H = G' W G with W = diag(1 / v_k), se_i = sqrt((H^-1)_ii), the
 * 2 x 2 inverse written out. */
static void delta_se(double se[2])
{
    static const double step[2] = { 0.3, 0.2 };
    double G[4][2], lo[4], hi[4], var[4];
    for (int j = 0; j < 2; j++) {
        simulated_at(MEAN - (j == 0) * step[0], SD - (j == 1) * step[1], lo, var);
        simulated_at(MEAN + (j == 0) * step[0], SD + (j == 1) * step[1], hi, var);
        for (int k = 0; k < 4; k++)
            G[k][j] = (hi[k] - lo[k]) / (2 * step[j]);
    }
    double a = 0, b = 0, c = 0;   /* H = [a b; b c] */
    for (int k = 0; k < 4; k++) {
        a += G[k][0] * G[k][0] / var[k];
        b += G[k][0] * G[k][1] / var[k];
        c += G[k][1] * G[k][1] / var[k];
    }
    double det = a * c - b * b;
    ck_assert_msg(det > 0, "H singular: %g %g %g", a, b, c);
    se[0] = sqrt(c / det);
    se[1] = sqrt(a / det);
}

START_TEST(test_fit_pop_recovers_mean_and_sd)
{
    const char *const args[] = { "--population", POP, "--stats", STATS, "--seed", "11",
                                 "--starts", "2", "-j", "2", "-q", NULL };
    result r = fit_run(scn, args);
    expect_status(&r, 0);
    double m = fit_cell(r.out, "parameter", "infant.positive_rate.mean", "value");
    double s = fit_cell(r.out, "parameter", "infant.positive_rate.sd", "value");
    /* the starts: the scenario's 0.3 and a tenth of the mean's range */
    ck_assert_double_eq(fit_cell(r.out, "parameter", "infant.positive_rate.mean", "start"), 0.3);
    ck_assert_double_eq_tol(fit_cell(r.out, "parameter", "infant.positive_rate.sd", "start"), 0.39,
                            1e-12);
    ck_assert_double_eq(fit_cell(r.out, "parameter", "infant.positive_rate.sd", "lo"), 0);
    ck_assert_double_eq_tol(fit_cell(r.out, "parameter", "infant.positive_rate.sd", "hi"), 1.95,
                            1e-12);
    double se[2];
    delta_se(se);
    ck_assert_msg(se[0] > 0.01 && se[0] < 0.5 && se[1] > 0.01 && se[1] < 0.5,
                  "se %g %g: the statistics hardly see the population", se[0], se[1]);
    ck_assert_msg(fabs(m - MEAN) < 4 * se[0], "mean %g, truth %g, se %g", m, MEAN, se[0]);
    ck_assert_msg(fabs(s - SD) < 4 * se[1], "sd %g, truth %g, se %g", s, SD, se[1]);
    ck_assert_msg(s > 3 * se[1], "sd %g not clearly above 0 (se %g)", s, se[1]);
    ck_assert_msg(fabs(0.3 - MEAN) > 4 * se[0], "the start is within the tolerance");
    result_free(&r);
}
END_TEST

/* -j 1 and -j 2: the same bytes; the scenario written out draws the key
 * from the fitted normal; with --population the default statistics hold
 * the between-session SDs, without it they do not. */
START_TEST(test_fit_pop_threads_and_scenario_out)
{
    char out1[256], out2[256], sout[256];
    in_work(out1, sizeof out1, "f1.csv");
    in_work(out2, sizeof out2, "f2.csv");
    in_work(sout, sizeof sout, "fitted.ini");
    const char *const a1[] = { "--population", POP, "--seed", "3", "--starts", "1",
                               "--max-evals", "12", "-j", "1", "-q", "-o", out1,
                               "--scenario-out", sout, NULL };
    const char *const a2[] = { "--population", POP, "--seed", "3", "--starts", "1",
                               "--max-evals", "12", "-j", "2", "-q", "-o", out2, NULL };
    result r1 = fit_run(scn, a1), r2 = fit_run(scn, a2);
    expect_status(&r1, 0);
    expect_status(&r2, 0);
    size_t n1, n2;
    char *t1 = slurp(out1, &n1), *t2 = slurp(out2, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert_mem_eq(t1, t2, n1);
    expect_contains(t1, "statistic,play.infant_positive_prop_sd,", "the default list");
    expect_contains(t1, "statistic,reunion.matched_prop_sd,", "the default list");
    char want[160], *ini = slurp(sout, &n2);
    snprintf(want, sizeof want, "positive_rate = normal(%.10g, %.10g) ; fitted by attune fit",
             fit_cell(t1, "parameter", "infant.positive_rate.mean", "value"),
             fit_cell(t1, "parameter", "infant.positive_rate.sd", "value"));
    expect_contains(ini, want, "--scenario-out");
    ck_assert_ptr_null(strstr(ini, "positive_rate.mean"));
    free(t1), free(t2), free(ini);
    result_free(&r1), result_free(&r2);
    const char *const plain[] = { "--free", "infant.positive_rate=0.1:4", "--max-evals", "0",
                                  "-q", NULL };
    result p = fit_run(scn, plain);
    expect_status(&p, 0);
    ck_assert_ptr_null(strstr(p.out, "_sd,"));
    result_free(&p);
    result h = run_attune("fit", "--resims", "0", "--help", NULL);
    expect_status(&h, 0);
    expect_contains(h.out, "--population LIST", "fit --help");
    expect_contains(h.out, "normal(KEY.mean, KEY.sd)", "fit --help");
    result_free(&h);
}
END_TEST

/* A targets file may give between-infant SDs (published SD across infants):
 * each row's value is the observed statistic and se^2 its variance plus the
 * simulation's. */
START_TEST(test_fit_pop_targets_sd)
{
    char tg[256];
    in_work(tg, sizeof tg, "targets.csv");
    write_file(tg, "statistic,phase,value,se,source\n"
                   "infant_positive_prop,play,0.3,0.02,a paper\n"
                   "infant_positive_prop_sd,play,0.12,0.015,its SD across 40 infants\n");
    result r = run_attune("fit", "--resims", "0", scn, tg, "--population", POP, "--sim-dyads", "40",
                          "--max-evals", "0", "-q", NULL);
    expect_status(&r, 0);
    ck_assert_double_eq(fit_cell(r.out, "statistic", "play.infant_positive_prop_sd", "observed"),
                        0.12);
    double v = fit_cell(r.out, "statistic", "play.infant_positive_prop_sd", "variance");
    ck_assert_msg(v > 0.015 * 0.015 && v < 0.015 * 0.015 + 0.01, "variance %g", v);
    double sim = fit_cell(r.out, "statistic", "play.infant_positive_prop_sd", "simulated");
    ck_assert_msg(sim > 0 && sim < 0.5, "simulated SD %g", sim);
    result_free(&r);
}
END_TEST

START_TEST(test_fit_pop_bad_input)
{
    char out[256];
    in_work(out, sizeof out, "out.csv");
    const struct { const char *free, *pop, *says; } bad[] = {
        { NULL, "infant.positive_rate=a:b", "--population infant.positive_rate=a:b: bound 'a'" },
        { NULL, "infant.positive_rate=0.5", "expected =LO:HI" },
        { NULL, "caregiver.policy", "not a number: only numeric keys" },
        { NULL, "infant.preset", "not a number: only numeric keys" },
        { "infant.positive_rate", "infant.positive_rate=0.1:4",
          "--population infant.positive_rate: also in --free" },
        { "caregiver.wait_time", "infant.positive_rate,infant.positive_rate=0.1:2",
          "--population infant.positive_rate: given twice" },
        { NULL, "infant.positive_rate=0.1:4:-0.5:1", "sd bound -0.5 below 0" },
        { NULL, "infant.positive_rate=0.1:4:1:1", "sd bounds reversed or equal" },
        { NULL, "phase.play.wait_time", "only infant.KEY and caregiver.KEY" },
        { NULL, "infant.distress_prone", "--population infant.distress_prone: a trait" },
    };
    char first[300];
    snprintf(first, sizeof first, "%s/rec_0001.csv", data_dir);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *args[16] = { "fit", scn, first, "--population", bad[i].pop, "-o", out };
        size_t n = 7;
        if (bad[i].free) {
            args[n++] = "--free";
            args[n++] = bad[i].free;
        }
        args[n] = NULL;
        result r = run_argv(args);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        expect_contains(r.err, bad[i].says, bad[i].pop);
        result_free(&r);
    }
    /* a --set of a population key */
    result r = run_attune("fit", "--resims", "0", scn, first, "--population", POP, "--set",
                          "infant.positive_rate=1", "-o", out, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "the key is free (--population)", "--set");
    result_free(&r);
    /* a --free key the scenario draws per dyad: --free would put one value
     * in place of the draw; refused, pointing to --population */
    char drawn[256];
    write_scenario(drawn, sizeof drawn, "drawn", "positive_rate = normal(1.6, 0.6)", "");
    r = run_attune("fit", drawn, first, "--free", "infant.positive_rate=0.1:4", "-o", out, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--free infant.positive_rate: ", "drawn");
    expect_contains(r.err, "draws it per dyad (normal(1.6, 0.6))", "drawn");
    expect_contains(r.err, "--population infant.positive_rate", "drawn");
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    ck_assert(!exists(out));
}
END_TEST

Suite *suite_cli_fit_pop(void);
Suite *suite_cli_fit_pop(void)
{
    Suite *s = suite_create("cli_fit_pop");
    TCase *tc = fixture_tcase("core", pop_setup);
    tcase_set_timeout(tc, 180);   /* 30 dyads of 270 s per evaluation, slower under SAN */
    tcase_add_test(tc, test_fit_pop_recovers_mean_and_sd);
    tcase_add_test(tc, test_fit_pop_threads_and_scenario_out);
    tcase_add_test(tc, test_fit_pop_targets_sd);
    tcase_add_test(tc, test_fit_pop_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
