/* attune fit's uncertainty and diagnostics through the real program: the
 * parametric bootstrap (--boot) on the small recovery case of test_fit.c,
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
#include <string.h>

/* Short phases (150 s a dyad), the patient mother's wait_time 8 by default
 * (as test_fit.c). */
static const char rec_ini[] =
    "[scenario]\nname = rec\ndt = 0.1\nseed = 5\n\n"
    "[caregiver]\npolicy = patient\n%s\n"
    "[phase]\nname = play\nduration = 60\n\n"
    "[phase]\nname = still-face\nduration = 30\npolicy = still-face\n\n"
    "[phase]\nname = reunion\nduration = 60\n%s";

#define TRUTH "3"
#define NDATA 30
#define STATS "play.matched_prop,reunion.matched_prop,play.aversion_bout_s,reunion.aversion_bout_s"

static char scn[256], data_dir[256];

static void write_scenario(char *path, size_t size, const char *name, const char *caregiver,
                           const char *tail)
{
    char text[1024], file[64];
    snprintf(text, sizeof text, rec_ini, caregiver, tail);
    snprintf(file, sizeof file, "%s.ini", name);
    in_work(path, size, file);
    write_file(path, text);
}

/* NDATA dyads at wait_time = TRUTH, one trace each in work/tr. */
static void boot_setup(void)
{
    setup();
    write_scenario(scn, sizeof scn, "rec", "", "");
    char exp[256], res[256];
    write_scenario(exp, sizeof exp, "data", "", "\n[batch]\nreplicates = 30\n");
    in_work(data_dir, sizeof data_dir, "tr");
    in_work(res, sizeof res, "res.csv");
    result r = run_attune("batch", exp, "--set", "caregiver.wait_time=" TRUTH, "--traces", data_dir,
                          "-o", res, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* attune fit SCENARIO, the traces in work/tr, then EXTRA (NULL-terminated). */
static result fit_run(const char *scenario, const char *const *extra)
{
    const char *args[NDATA + 32];
    static char paths[NDATA][300];
    size_t n = 0;
    args[n++] = "fit";
    args[n++] = scenario;
    for (int i = 0; i < NDATA; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/rec_%04d.csv", data_dir, i + 1);
        args[n++] = paths[i];
    }
    while (*extra && n < NDATA + 31)
        args[n++] = *extra++;
    args[n] = NULL;
    return run_argv(args);
}

/* Column `col` of the CSV row whose kind and name are given. */
static double cell(const char *csv, const char *kind, const char *name, const char *col)
{
    struct fields head, row;
    char buf[4096], key[256];
    fields_split(&head, first_line(csv, buf, sizeof buf));
    snprintf(key, sizeof key, "%s,%s,", kind, name);
    const char *at = strstr(csv, key);
    ck_assert_msg(at != NULL, "no row %s in:\n%s", key, csv);
    fields_split(&row, first_line(at, buf, sizeof buf));
    size_t i = col_of(&head, col);
    double x = *row.f[i] ? number_at(&row, i) : NAN;
    fields_free(&head);
    fields_free(&row);
    return x;
}

static const char *const stats4[] = { "play.matched_prop", "reunion.matched_prop",
                                      "play.aversion_bout_s", "reunion.aversion_bout_s" };

/* The delta method's se of wait_time at TRUTH (as test_fit.c):
 * 1 / sqrt(sum_k g_k^2 / v_k), g_k from the simulated statistics at
 * TRUTH -+ 0.5 (`--max-evals 0`, the same dyads). */
static double delta_se(void)
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
        for (int k = 0; k < 4; k++) {
            s_at[side][k] = cell(z.out, "statistic", stats4[k], "simulated");
            var[k] = cell(z.out, "statistic", stats4[k], "variance");
        }
        result_free(&z);
    }
    double info = 0;
    for (int k = 0; k < 4; k++)
        info += pow(s_at[1][k] - s_at[0][k], 2) / var[k];
    return 1 / sqrt(info);
}

/* The chi-square upper tail with 3 df in closed form:
 * Q(x) = erfc(sqrt(x / 2)) + sqrt(2 x / pi) exp(-x / 2). */
static double chisq3_q(double x)
{
    return erfc(sqrt(x / 2)) + sqrt(2 * x / 3.14159265358979323846) * exp(-x / 2);
}

/* --boot 15: se within a factor 2 of the delta method's, the interval
 * around the estimate and covering the truth, the same bytes for -j 1 and
 * -j 2; the J test's rows: j_stat the objective, j_df = 4 - 1, j_p the
 * chi-square tail. */
START_TEST(test_fit_boot_se_interval_j)
{
    char out1[256], out2[256];
    in_work(out1, sizeof out1, "fit1.csv");
    in_work(out2, sizeof out2, "fit2.csv");
    const char *const a1[] = { "--free", "caregiver.wait_time=1:20", "--stats", STATS, "--seed",
                               "11", "--starts", "1", "--boot", "15", "-j", "1", "-o", out1, "-q",
                               NULL };
    const char *const a2[] = { "--free", "caregiver.wait_time=1:20", "--stats", STATS, "--seed",
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
    double est = cell(t1, "parameter", w, "value"), se = cell(t1, "parameter", w, "se");
    double lo = cell(t1, "parameter", w, "ci_lo"), hi = cell(t1, "parameter", w, "ci_hi");
    double dse = delta_se();
    ck_assert_msg(se > dse / 2 && se < 2 * dse, "bootstrap se %g, delta method %g", se, dse);
    ck_assert_msg(lo < est && est < hi, "interval [%g, %g], estimate %g", lo, hi, est);
    ck_assert_msg(lo < atof(TRUTH) && atof(TRUTH) < hi, "interval [%g, %g], truth " TRUTH, lo, hi);
    ck_assert_double_eq(cell(t1, "fit", "boot_used", "value"), 15);
    ck_assert_msg(strstr(t1, "\nwarning,") == NULL, "a warning in\n%s", t1);
    /* the J test */
    double J = cell(t1, "fit", "j_stat", "value");
    ck_assert_double_eq(J, cell(t1, "fit", "objective", "value"));
    ck_assert_double_eq(cell(t1, "fit", "j_df", "value"), 3);
    /* the closed form against R: Rscript -e 'print(pchisq(4.5, 3,
     * lower.tail=FALSE), digits=17)' gives 0.21229028736013333 */
    ck_assert_double_eq_tol(chisq3_q(4.5), 0.21229028736013333, 1e-12);
    ck_assert_double_eq_tol(cell(t1, "fit", "j_p", "value"), chisq3_q(J), 1e-8);
    /* against the replicates: (1 + how many of 15 refits have J at least
     * as large) / 16 */
    double pb = cell(t1, "fit", "j_p_boot", "value") * 16;
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
 * asked, so se and the interval are empty. */
START_TEST(test_fit_boot_flat_warning)
{
    const char *const args[] = { "--free", "phase.reunion.wait_time=1:20", "--stats",
                                 "play.matched_prop,play.aversion_bout_s", "--seed", "11",
                                 "--starts", "1", "-q", NULL };
    result r = fit_run(scn, args);
    expect_status(&r, 0);
    expect_contains(r.out, "\nwarning,phase.reunion.wait_time,,,,,,,,,,,,flat: ", "output");
    expect_contains(r.err, "warning: phase.reunion.wait_time: flat", "stderr");
    ck_assert(isnan(cell(r.out, "parameter", "phase.reunion.wait_time", "se")));
    ck_assert_double_eq(cell(r.out, "fit", "j_df", "value"), 1);
    result_free(&r);
}
END_TEST

Suite *suite_cli_fit_boot(void);
Suite *suite_cli_fit_boot(void)
{
    Suite *s = suite_create("cli_fit_boot");
    TCase *tc = fixture_tcase("core", boot_setup);
    tcase_add_test(tc, test_fit_boot_se_interval_j);
    tcase_add_test(tc, test_fit_boot_flat_warning);
    suite_add_tcase(s, tc);
    return s;
}
