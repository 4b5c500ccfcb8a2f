/* The parameter recovery script (tests/recovery.sh, `make recovery`) on a
 * tiny case: 3 data sets of 8 short still-face dyads, two free keys, the
 * first data set also bootstrapped.  Its per-replicate file is read here
 * and the summary (mean, bias, RMSE, SD, mean se, coverage of the
 * asymptotic and bootstrap intervals) recomputed in C, independently of
 * the script's awk, and compared with summary.csv and summary.md; one data
 * set is simulated and fitted again by hand from the seeds the file names,
 * and must give the same estimate and interval; a second run resumes
 * without refitting, and other settings in the same folder or bad options
 * are refused with status 2.
 *
 * Through the fixture (tests/fixture.h): the script is run by /bin/sh with
 * the program of ATTUNE_BIN, its output in w/rec of a fresh folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/fit.h"

#define R 3
#define NDYADS "8"
#define SEED 3
#define NPAR 2
static const char *const keys[NPAR] = { "caregiver.wait_time", "infant.return_rate" };
static const double truth[NPAR] = { 4, 0.35 };
static const double lo_b[NPAR] = { 1, 0.05 }, hi_b[NPAR] = { 20, 5 };
#define FREE "caregiver.wait_time=1:20,infant.return_rate=0.05:5"
#define TRUTH "caregiver.wait_time=4,infant.return_rate=0.35"
/* the ruptures a minute: since the patient mother's quiet watch (issue 18)
 * the wait hardly moves the other six in 8 short dyads (singular, no se) */
#define STATS "play.matched_prop,reunion.matched_prop,play.aversion_bout_s," \
              "reunion.aversion_bout_s,play.infant_gaze_prop,reunion.infant_gaze_prop," \
              "play.ruptures_per_min,reunion.ruptures_per_min"
#define PHASES "--set", "phase.play.duration=30", "--set", "phase.still-face.duration=20", \
               "--set", "phase.reunion.duration=30"

static char out_dir[256];

/* sh tests/recovery.sh ARGS (NULL-terminated), stdout and stderr into io/. */
static result run_script(const char *const *args)
{
    return run_sh(SRC("tests/recovery.sh"), args);
}

/* The tiny recovery into out_dir, with `n` dyads (NDYADS unless a test
 * changes the settings). */
static result tiny_run(const char *n)
{
    const char *const args[] = { "--attune", attune_bin(), "--scenario",
                                 SRC("scenarios/still-face.ini"), "-o", out_dir, "-R", "3",
                                 "-n", n, "--seed", "3", "-j", "2", "--free", FREE, "--truth",
                                 TRUTH, PHASES, "--boot-sets", "1", "--boot", "4", "--",
                                 "--starts", "1", "--resims", "1", "--stats", STATS, NULL };
    return run_script(args);
}

static void rec_setup(void)
{
    setup();
    in_work(out_dir, sizeof out_dir, "rec");
    result r = tiny_run(NDYADS);
    expect_status(&r, 0);
    expect_contains(r.err, "data set 3 of 3 fitted", "stderr");
    result_free(&r);
}

/* OUT/NAME, read whole (fails when missing). */
static char *out_file(const char *name)
{
    char path[320];
    snprintf(path, sizeof path, "%s/%s", out_dir, name);
    char *t = slurp(path, NULL);
    ck_assert_msg(t != NULL, "no %s", path);
    return t;
}

/* Field `col` of data row `row` (1-based) of csv, as text into buf. */
static const char *text_cell(const char *csv, int row, const char *col, char *buf, size_t size)
{
    struct fields head, line;
    char tmp[4096];
    fields_split(&head, first_line(csv, tmp, sizeof tmp));
    const char *at = line_at(csv, row);
    ck_assert_msg(at != NULL, "no row %d", row);
    fields_split(&line, first_line(at, tmp, sizeof tmp));
    snprintf(buf, size, "%s", line.f[col_of(&head, col)]);
    fields_free(&head);
    fields_free(&line);
    return buf;
}

/* a and b equal to 1e-9 relative (the files hold %.10g). */
static void near(double a, double b, const char *what)
{
    ck_assert_msg(fabs(a - b) <= 1e-9 * (1 + fabs(b)), "%s: %.12g, recomputed %.12g", what, a, b);
}

/* Per parameter: what the summary should say, from the replicates. */
typedef struct {
    int n, na, nb, ca, cb;
    double sum, sq, sea, seb, est[R], absz[R];
} tally;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Checks every row of replicates.csv and tallies it into t[]. */
static void check_rows(const char *rep, tally t[NPAR])
{
    ck_assert_int_eq(count_lines(rep), 1 + R * NPAR);
    for (int row = 1; row <= R * NPAR; row++) {
        int r = (row - 1) / NPAR + 1, k = (row - 1) % NPAR;
        char buf[256];
        ck_assert_str_eq(text_cell(rep, row, "parameter", buf, sizeof buf), keys[k]);
        ck_assert_double_eq(csv_cell(rep, row, "replicate"), r);
        ck_assert_double_eq(csv_cell(rep, row, "data_seed"), SEED * 1000000.0 + r);
        ck_assert_double_eq(csv_cell(rep, row, "fit_seed"), SEED * 1000000.0 + 500000 + r);
        ck_assert_double_eq(csv_cell(rep, row, "truth"), truth[k]);
        ck_assert_double_eq(csv_cell(rep, row, "lo"), lo_b[k]);
        ck_assert_double_eq(csv_cell(rep, row, "hi"), hi_b[k]);
        double est = csv_cell(rep, row, "estimate");
        ck_assert(est >= lo_b[k] && est <= hi_b[k]);
        /* the asymptotic interval: u -+ 1.96 se du/dx on the logit scale
         * u = ln((est - lo) / (hi - est)) of the bounds, mapped back */
        double se = csv_cell(rep, row, "se_asym"), a = csv_cell(rep, row, "ci_asym_lo"),
               b = csv_cell(rep, row, "ci_asym_hi");
        ck_assert_msg(se > 0, "replicate %d %s: no se_asym", r, keys[k]);
        double w = hi_b[k] - lo_b[k], u = log((est - lo_b[k]) / (hi_b[k] - est));
        double su = se * w / ((est - lo_b[k]) * (hi_b[k] - est));
        double la = csv_cell(rep, row, "ci_logit_lo"), lb = csv_cell(rep, row, "ci_logit_hi");
        near(la, lo_b[k] + w / (1 + exp(-(u - 1.96 * su))), "ci_logit_lo");
        near(lb, lo_b[k] + w / (1 + exp(-(u + 1.96 * su))), "ci_logit_hi");
        /* the reported interval is the inverted or the logit one
         * (include/attune/fit.h), the other in columns of its own */
        const char *other_lo = ATT_FIT_CI_INVERTED ? "ci_inv_lo" : "ci_logit_lo",
                   *other_hi = ATT_FIT_CI_INVERTED ? "ci_inv_hi" : "ci_logit_hi";
        near(a, csv_cell(rep, row, other_lo), "ci_asym_lo");
        near(b, csv_cell(rep, row, other_hi), "ci_asym_hi");
        ck_assert(a <= est && est <= b);
        int cov = a <= truth[k] && truth[k] <= b;
        ck_assert_double_eq(csv_cell(rep, row, "covered_asym"), cov);
        tally *x = &t[k];
        x->absz[x->n] = fabs(est - truth[k]) / se;
        x->est[x->n++] = est;
        x->sum += est;
        x->sq += (est - truth[k]) * (est - truth[k]);
        x->na++, x->ca += cov, x->sea += se;
        /* the bootstrap's: only data set 1 (--boot-sets 1) */
        double bl = csv_cell(rep, row, "ci_boot_lo"), bh = csv_cell(rep, row, "ci_boot_hi");
        if (r > 1) {
            ck_assert(isnan(bl) && isnan(bh) && isnan(csv_cell(rep, row, "covered_boot")));
            continue;
        }
        ck_assert(bl <= bh && csv_cell(rep, row, "se_boot") > 0);
        int bcov = bl <= truth[k] && truth[k] <= bh;
        ck_assert_double_eq(csv_cell(rep, row, "covered_boot"), bcov);
        x->nb++, x->cb += bcov, x->seb += csv_cell(rep, row, "se_boot");
    }
}

/* The summary recomputed from the replicates, against summary.csv and the
 * markdown table's row. */
START_TEST(test_recovery_summary)
{
    char *rep = out_file("replicates.csv"), *sum = out_file("summary.csv"),
         *md = out_file("summary.md");
    tally t[NPAR] = { 0 };
    check_rows(rep, t);
    ck_assert_int_eq(count_lines(sum), 1 + NPAR);
    for (int k = 0; k < NPAR; k++) {
        tally *x = &t[k];
        char buf[256];
        ck_assert_str_eq(text_cell(sum, k + 1, "parameter", buf, sizeof buf), keys[k]);
        double mean = x->sum / x->n, v = 0;
        for (int i = 0; i < x->n; i++)
            v += (x->est[i] - mean) * (x->est[i] - mean);
        double sd = sqrt(v / (x->n - 1)), rmse = sqrt(x->sq / x->n);
        ck_assert_double_eq(csv_cell(sum, k + 1, "n"), R);
        near(csv_cell(sum, k + 1, "mean"), mean, "mean");
        near(csv_cell(sum, k + 1, "bias"), mean - truth[k], "bias");
        near(csv_cell(sum, k + 1, "rmse"), rmse, "rmse");
        near(csv_cell(sum, k + 1, "sd"), sd, "sd");
        near(csv_cell(sum, k + 1, "mean_se_asym"), x->sea / x->na, "mean_se_asym");
        near(csv_cell(sum, k + 1, "coverage_asym"), (double)x->ca / x->na, "coverage_asym");
        ck_assert_double_eq(csv_cell(sum, k + 1, "n_asym"), R);
        near(csv_cell(sum, k + 1, "mean_se_boot"), x->seb / x->nb, "mean_se_boot");
        near(csv_cell(sum, k + 1, "coverage_boot"), (double)x->cb / x->nb, "coverage_boot");
        ck_assert_double_eq(csv_cell(sum, k + 1, "n_boot"), 1);
        /* z = (estimate - truth) / se_asym: RMS, median |z| / 0.6745 (the
         * SD of a normal from its median absolute value; R = 3: the middle
         * one), largest |z| */
        double z2 = 0, zs[R];
        for (int i = 0; i < x->n; i++)
            z2 += x->absz[i] * x->absz[i], zs[i] = x->absz[i];
        qsort(zs, (size_t)x->n, sizeof zs[0], cmp_double);
        near(csv_cell(sum, k + 1, "rms_z"), sqrt(z2 / x->n), "rms_z");
        near(csv_cell(sum, k + 1, "robust_sd_z"), zs[1] / 0.6744897502, "robust_sd_z");
        near(csv_cell(sum, k + 1, "max_abs_z"), zs[2], "max_abs_z");
        /* the table's row, to 4 significant digits */
        char row[512];
        snprintf(row, sizeof row, "| `%s` | %g | %.4g | %.4g | %.4g | %.4g | %.4g | %.0f %% (%d) |",
                 keys[k], truth[k], mean, mean - truth[k], rmse, sd, x->sea / x->na,
                 100.0 * x->ca / x->na, R);
        expect_contains(md, row, "summary.md");
    }
    expect_contains(md, "R = 3 data sets of 8 dyads", "summary.md");
    free(rep);
    free(sum);
    free(md);
}
END_TEST

/* Data set 2 simulated and fitted by hand with the seeds its rows name:
 * the same estimates and intervals, to the digit. */
START_TEST(test_recovery_rerun_by_hand)
{
    char *rep = out_file("replicates.csv");
    char dseed[32], fseed[32], traces[256], res[256], fit[256];
    text_cell(rep, NPAR + 1, "data_seed", dseed, sizeof dseed);
    text_cell(rep, NPAR + 1, "fit_seed", fseed, sizeof fseed);
    in_work(traces, sizeof traces, "tr");
    in_work(res, sizeof res, "res.csv");
    in_work(fit, sizeof fit, "fit.csv");
    const char *scn = SRC("scenarios/still-face.ini");
    result b = run_attune("batch", scn, "--set", "batch.replicates=" NDYADS, "--set",
                          "caregiver.wait_time=4", "--set", "infant.return_rate=0.35", PHASES,
                          "--seed", dseed, "--traces", traces, "-o", res, "-q", NULL);
    expect_status(&b, 0);
    result_free(&b);
    const char *args[48];
    static char paths[8][320];
    size_t n = 0;
    args[n++] = "fit";
    args[n++] = scn;
    for (int i = 0; i < 8; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/still-face_%04d.csv", traces, i + 1);
        args[n++] = paths[i];
    }
    const char *const tail[] = { "--free", FREE, PHASES, "--seed", fseed, "--starts", "1",
                                 "--resims", "1", "--stats", STATS, "-q", "-o", fit, NULL };
    for (size_t i = 0; tail[i]; i++)
        args[n++] = tail[i];
    args[n] = NULL;
    result f = run_argv(args);
    expect_status(&f, 0);
    result_free(&f);
    char *out = slurp(fit, NULL);
    ck_assert(out != NULL);
    /* parameter rows 1 and 2 of the fit's table, rows NPAR + 1.. of the file */
    static const char *const cols[][2] = { { "value", "estimate" }, { "se_asym", "se_asym" },
                                           { "ci_asym_lo", "ci_asym_lo" },
                                           { "ci_asym_hi", "ci_asym_hi" } };
    for (int k = 0; k < NPAR; k++) {
        char a[64], b2[64];
        ck_assert_str_eq(text_cell(out, k + 1, "name", a, sizeof a), keys[k]);
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            ck_assert_str_eq(text_cell(out, k + 1, cols[c][0], a, sizeof a),
                             text_cell(rep, NPAR + 1 + k, cols[c][1], b2, sizeof b2));
    }
    free(out);
    free(rep);
}
END_TEST

/* The same command again refits nothing and writes the same
 * replicates.csv; other settings in the folder, a bad option, a truth
 * missing for a free key: status 2, the files untouched. */
START_TEST(test_recovery_resume_and_refusals)
{
    char *before = out_file("replicates.csv");
    result r = tiny_run(NDYADS);
    expect_status(&r, 0);
    ck_assert_msg(strstr(r.err, "fitted") == NULL, "refitted:\n%s", r.err);
    char *after = out_file("replicates.csv");
    ck_assert_str_eq(after, before);
    result_free(&r);
    free(after);

    r = tiny_run("9");
    expect_status(&r, 2);
    expect_contains(r.err, "other settings", "stderr");
    result_free(&r);
    const char *const bad_n[] = { "-R", "x", "-o", out_dir, NULL };
    r = run_script(bad_n);
    expect_status(&r, 2);
    expect_contains(r.err, "'x' is not a whole number", "stderr");
    result_free(&r);
    char other[256];
    in_work(other, sizeof other, "other");
    const char *const no_truth[] = { "--attune", attune_bin(), "--free", FREE, "--truth",
                                     "caregiver.wait_time=4", "-o", other, NULL };
    r = run_script(no_truth);
    expect_status(&r, 2);
    expect_contains(r.err, "no value for infant.return_rate", "stderr");
    ck_assert(!exists(other));
    result_free(&r);
    after = out_file("replicates.csv");
    ck_assert_str_eq(after, before);
    free(after);
    free(before);
}
END_TEST

Suite *suite_cli_recovery(void);
Suite *suite_cli_recovery(void)
{
    Suite *s = suite_create("cli_recovery");
    TCase *tc = fixture_tcase("tiny", rec_setup);
    tcase_set_timeout(tc, 180);   /* three short fits and one by hand, slower under SAN */
    tcase_add_test(tc, test_recovery_summary);
    tcase_add_test(tc, test_recovery_rerun_by_hand);
    tcase_add_test(tc, test_recovery_resume_and_refusals);
    suite_add_tcase(s, tc);
    return s;
}
