/* Both asymptotic intervals of `attune fit` from one fit, and their
 * coverage in the recovery script (docs/FIT.md, "Uncertainty and
 * diagnostics", "Output", "Parameter recovery"): on a tiny recovery (2
 * data sets of 8 short still-face dyads, two free keys) each fit's table
 * has, after note, the interval it did not choose (ci_logit_lo/hi or
 * ci_inv_lo/hi); the logit one's ends are the formula worked here from the
 * table's estimate and se; replicates.csv copies both intervals
 * and marks the truth covered or not; summary.csv and summary.md give
 * each one's coverage and mean width, recomputed here.
 *
 * Through the fixture (tests/fixture.h): the script is run by /bin/sh with
 * the program of ATTUNE_BIN, its output in w/rec of a fresh folder. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/fit.h"

/* Each interval's columns: ci_asym_* for the one the fit reports
 * (attune/fit.h, ATT_FIT_CI_INVERTED), its own for the other. */
#define INV(e) (ATT_FIT_CI_INVERTED ? ((e) ? "ci_asym_hi" : "ci_asym_lo") \
                                    : ((e) ? "ci_inv_hi" : "ci_inv_lo"))
#define LOGIT(e) (ATT_FIT_CI_INVERTED ? ((e) ? "ci_logit_hi" : "ci_logit_lo") \
                                      : ((e) ? "ci_asym_hi" : "ci_asym_lo"))

#define NREP 2
#define NPAR 2
static const char *const keys[NPAR] = { "caregiver.wait_time", "infant.return_rate" };
static const double truth[NPAR] = { 4, 0.35 };
static const double lo_b[NPAR] = { 1, 0.05 }, hi_b[NPAR] = { 20, 5 };
#define STATS "play.matched_prop,reunion.matched_prop,play.aversion_bout_s," \
              "reunion.aversion_bout_s,play.infant_gaze_prop,reunion.infant_gaze_prop," \
              "play.ruptures_per_min,reunion.ruptures_per_min"

static char out_dir[256];

static char *out_file(const char *name)
{
    char path[320];
    snprintf(path, sizeof path, "%s/%s", out_dir, name);
    char *t = slurp(path, NULL);
    ck_assert_msg(t != NULL, "no %s", path);
    return t;
}

static void near(double a, double b, const char *what)
{
    ck_assert_msg(fabs(a - b) <= 1e-9 * (1 + fabs(b)), "%s: %.12g, want %.12g", what, a, b);
}

START_TEST(test_fit_ci_both_in_recovery)
{
    in_work(out_dir, sizeof out_dir, "rec");
    const char *const args[] = { "--attune", attune_bin(), "--scenario",
                                 SRC("scenarios/still-face.ini"), "-o", out_dir, "-R", "2",
                                 "-n", "8", "--seed", "5", "-j", "2", "--free",
                                 "caregiver.wait_time=1:20,infant.return_rate=0.05:5", "--truth",
                                 "caregiver.wait_time=4,infant.return_rate=0.35", "--set",
                                 "phase.play.duration=30", "--set", "phase.still-face.duration=20",
                                 "--set", "phase.reunion.duration=30", "--", "--stats", STATS,
                                 NULL };
    result r = run_sh(SRC("tests/recovery.sh"), args);
    expect_status(&r, 0);
    result_free(&r);
    char *rep = out_file("replicates.csv"), *sum = out_file("summary.csv"),
         *md = out_file("summary.md");
    int nl[NPAR] = { 0 }, ni[NPAR] = { 0 }, cl[NPAR] = { 0 }, ci[NPAR] = { 0 };
    double wl[NPAR] = { 0 }, wi[NPAR] = { 0 };
    for (int i = 1; i <= NREP; i++) {
        char name[32];
        snprintf(name, sizeof name, "fits/%d/fit.csv", i);
        char *fit = out_file(name);
        expect_contains(fit, ATT_FIT_CI_INVERTED ? ",z,note,ci_logit_lo,ci_logit_hi,se_resim\n"
                                                 : ",z,note,ci_inv_lo,ci_inv_hi,se_resim\n",
                        "fit.csv header");
        for (int k = 0; k < NPAR; k++) {
            int row = (i - 1) * NPAR + k + 1;
            double x = fit_cell(fit, "parameter", keys[k], "value");
            double se = fit_cell(fit, "parameter", keys[k], "se_asym");
            ck_assert_msg(se > 0 && x > lo_b[k] && x < hi_b[k], "%s: %g, se %g", keys[k], x, se);
            double l[2], v[2];
            for (int e = 0; e < 2; e++) {
                l[e] = fit_cell(fit, "parameter", keys[k], LOGIT(e));
                near(l[e], logit_ci_end(x, se, lo_b[k], hi_b[k], e ? 1.96 : -1.96), "ci_logit");
                v[e] = fit_cell(fit, "parameter", keys[k], INV(e));
                near(csv_cell(rep, row, e ? "ci_logit_hi" : "ci_logit_lo"), l[e], "rep logit");
                near(csv_cell(rep, row, e ? "ci_inv_hi" : "ci_inv_lo"), v[e], "rep inv");
            }
            ck_assert(v[0] < x && x < v[1]);
            int covl = l[0] <= truth[k] && truth[k] <= l[1];
            int covi = v[0] <= truth[k] && truth[k] <= v[1];
            ck_assert_double_eq(csv_cell(rep, row, "covered_logit"), covl);
            ck_assert_double_eq(csv_cell(rep, row, "covered_inv"), covi);
            ck_assert_double_eq(csv_cell(rep, row, "covered_asym"),
                                ATT_FIT_CI_INVERTED ? covi : covl);
            nl[k]++, cl[k] += covl, wl[k] += l[1] - l[0];
            ni[k]++, ci[k] += covi, wi[k] += v[1] - v[0];
        }
        free(fit);
    }
    for (int k = 0; k < NPAR; k++) {
        near(csv_cell(sum, k + 1, "coverage_logit"), (double)cl[k] / nl[k], "coverage_logit");
        near(csv_cell(sum, k + 1, "width_logit"), wl[k] / nl[k], "width_logit");
        ck_assert_double_eq(csv_cell(sum, k + 1, "n_logit"), NREP);
        near(csv_cell(sum, k + 1, "coverage_inv"), (double)ci[k] / ni[k], "coverage_inv");
        near(csv_cell(sum, k + 1, "width_inv"), wi[k] / ni[k], "width_inv");
        ck_assert_double_eq(csv_cell(sum, k + 1, "n_inv"), NREP);
        char cell[128];
        snprintf(cell, sizeof cell, " | %.0f %%, %.4g | %.0f %%, %.4g |\n",
                 100.0 * cl[k] / nl[k], wl[k] / nl[k], 100.0 * ci[k] / ni[k], wi[k] / ni[k]);
        expect_contains(md, cell, "summary.md");
    }
    expect_contains(md, "| logit: coverage, mean width | inverted: coverage, mean width |",
                    "summary.md");
    free(rep);
    free(sum);
    free(md);
}
END_TEST

Suite *suite_cli_fit_ci_both(void);
Suite *suite_cli_fit_ci_both(void)
{
    Suite *s = suite_create("cli_fit_ci_both");
    TCase *tc = fixture_tcase("core", setup);
    tcase_add_test(tc, test_fit_ci_both_in_recovery);
    suite_add_tcase(s, tc);
    return s;
}
