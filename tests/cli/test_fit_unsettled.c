/* attune fit's warning for an end of the inverted interval that did not
 * settle (docs/FIT.md, "Uncertainty and diagnostics"): the solver stops
 * after ATT_FIT_CI_EVALS steps and an end whose test |u_hat - u| = 1.96
 * se_u(u) it has not met is "unsettled"; the fit names the key and the end:
 * when the inverted interval is the one reported (ATT_FIT_CI_INVERTED), on
 * stderr and in its table's warning rows; else in the note of the key's
 * parameter row (CSV and JSON), and neither on stderr nor as a warning
 * (the reported interval is sound; since session 15).
 *
 * One free key (the repair latency) fitted to 30 simulated dyads, as
 * cli_fit_ci does, at several fit seeds: for each end inside the bounds the
 * test works out the gap of the test itself, from the se the program finds
 * at that end (a `--max-evals 0` fit of the scenario with the key set to
 * the end: with coded sessions and one key that se is exactly the one the
 * inversion evaluates there), and checks that an end without the warning
 * meets the test to the solver's tolerance (ATT_FIT_CI_TOL).  An end with
 * it is the solver's next point after its last evaluation, never itself
 * evaluated: it may meet the test by chance, and no claim is made of it
 * (until session 10 the test asked that it miss; on session 10's model fit
 * seed 11's warned lower end 1.734 meets it, gap -0.031).  The old program
 * never warned, so an unsettled end (measured: fit seed 11 on the model of
 * session 7; the statistics' staircase makes one of the first seeds leave
 * one) fails the check.
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

/* Short phases (150 s a dyad), the caregiver's repair_latency `%s`. */
static const char un_ini[] =
    "[scenario]\nname = rec\ndt = 0.1\nseed = 5\n\n"
    "[caregiver]\nrepair_latency = %s\n\n"
    "[phase]\nname = play\nduration = 60\n\n"
    "[phase]\nname = still-face\nduration = 30\npolicy = still-face\n\n"
    "[phase]\nname = reunion\nduration = 60\n%s";

#define NDATA 30
#define KEY "caregiver.repair_latency"
#define RL KEY "=0.2:10"
#define INV_LO (ATT_FIT_CI_INVERTED ? "ci_asym_lo" : "ci_inv_lo")
#define INV_HI (ATT_FIT_CI_INVERTED ? "ci_asym_hi" : "ci_inv_hi")

static char scn[256], data_dir[256];

static void write_scenario(char *path, size_t size, const char *name, const char *latency,
                           const char *tail)
{
    char text[1024], file[64];
    snprintf(text, sizeof text, un_ini, latency, tail);
    snprintf(file, sizeof file, "%s.ini", name);
    in_work(path, size, file);
    write_file(path, text);
}

/* NDATA dyads at repair_latency 2.5 in work/tr; the fit starts at 1. */
static void un_setup(void)
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

/* The se_asym a `--max-evals 0` fit with fit seed `seed` finds at x. */
static double se_at(double x, const char *seed)
{
    char path[256], value[64];
    snprintf(value, sizeof value, "%.17g", x);
    write_scenario(path, sizeof path, "at", value, "");
    const char *const args[] = { "--free", RL, "--seed", seed, "--max-evals", "0", "-q", NULL };
    result r = run_fit_traces(path, data_dir, NDATA, args);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(fit_cell(r.out, "parameter", KEY, "value"), x, 1e-9 * x);
    double se = fit_cell(r.out, "parameter", KEY, "se_asym");
    result_free(&r);
    return se;
}

/* 1 when the note of KEY's parameter row in fit table `csv` says that the
 * inverted interval's `side` end is unsettled (the note is the column
 * before ci_inv_lo: its header names it). */
static int note_says(const char *csv, const char *side)
{
    char want[120];
    snprintf(want, sizeof want, "the inverted interval's %s end is unsettled", side);
    const char *row = strstr(csv, "\nparameter," KEY ",");
    ck_assert(row != NULL);
    const char *eol = strchr(row + 1, '\n');
    size_t len = eol ? (size_t)(eol - row) : strlen(row);
    /* the note field: after the 16th comma of the row */
    const char *f = row + 1;
    for (int c = 0; c < 16 && f; c++) {
        f = memchr(f, ',', len - (size_t)(f - row));
        f = f ? f + 1 : NULL;
    }
    ck_assert(f != NULL);
    const char *end = memchr(f, ',', len - (size_t)(f - row));
    ck_assert(end != NULL);
    char note[512];
    snprintf(note, sizeof note, "%.*s", (int)(end - f), f);
    return strstr(note, want) != NULL;
}

/* The fit at `seed`: each end against its warning (or note); the number
 * of warned ends.  With `json`, the same fit's JSON holds the same warnings. */
static int check_seed(const char *seed)
{
    const char *const args[] = { "--free", RL, "--seed", seed, NULL };
    result r = run_fit_traces(scn, data_dir, NDATA, args);
    expect_status(&r, 0);
    double est = fit_cell(r.out, "parameter", KEY, "value");
    double se = fit_cell(r.out, "parameter", KEY, "se_asym");
    static const char *const side[2] = { "lower", "upper" };
    int warned = 0;
    for (int e = 0; e < 2; e++) {
        double end = fit_cell(r.out, "parameter", KEY, e ? INV_HI : INV_LO);
        char row[200], line[200];
        snprintf(row, sizeof row, "\nwarning," KEY ",,,,,,,,,,,,,,,the inverted interval's %s "
                 "end is unsettled,", side[e]);
        snprintf(line, sizeof line, "attune fit: warning: " KEY ": the inverted interval's %s "
                 "end is unsettled\n", side[e]);
        int in_warn = strstr(r.out, row) != NULL, in_err = strstr(r.err, line) != NULL;
        int in_note = note_says(r.out, side[e]);
        int in_csv = ATT_FIT_CI_INVERTED ? in_warn : in_note;
        ck_assert_msg(ATT_FIT_CI_INVERTED ? in_warn == in_err && !in_note : !in_warn && !in_err,
                      "seed %s, %s end: warning %d, note %d, stderr %d\n%s\n%s", seed,
                      side[e], in_warn, in_note, in_err, r.out, r.err);
        if (!(end > 0.2 && end < 10))
            continue;   /* cut at a bound: no test to meet */
        warned += in_csv;
        if (in_csv)
            continue;   /* unsettled: not evaluated, no claim (above) */
        double gap = fit_ci_gap(est, se, end, se_at(end, seed), 0.2, 10);
        ck_assert_msg(fabs(gap) <= ATT_FIT_CI_TOL + 1e-6, "seed %s: the %s end %g does "
                      "not meet the test (gap %g) and has no warning\n%s", seed, side[e],
                      end, gap, r.err);
    }
    result_free(&r);
    return warned;
}

/* Fit seeds 11 to 16 until one leaves an end unsettled (at most all six). */
START_TEST(test_fit_unsettled_warned)
{
    static const char *const seeds[] = { "11", "12", "13", "14", "15", "16" };
    int warned = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0] && !warned; i++)
        warned = check_seed(seeds[i]);
    ck_assert_msg(warned > 0, "no fit seed of 11 to 16 left an end unsettled");
}
END_TEST

/* The JSON of a fit that warns: the same reasons as the CSV's, as warnings
 * or (the inverted interval not reported) in the parameter's note. */
START_TEST(test_fit_unsettled_json)
{
    static const char *const seeds[] = { "11", "12", "13", "14", "15", "16" };
    int found = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0] && !found; i++) {
        const char *const csv[] = { "--free", RL, "--seed", seeds[i], "-q", NULL };
        const char *const json[] = { "--free", RL, "--seed", seeds[i], "-q", "--format", "json",
                                     NULL };
        result c = run_fit_traces(scn, data_dir, NDATA, csv);
        expect_status(&c, 0);
        if (strstr(c.out, "end is unsettled")) {
            found = 1;
            result j = run_fit_traces(scn, data_dir, NDATA, json);
            expect_status(&j, 0);
            for (int e = 0; e < 2; e++) {
                char reason[120], obj[240];
                snprintf(reason, sizeof reason, "the inverted interval's %s end is unsettled",
                         e ? "upper" : "lower");
                snprintf(obj, sizeof obj, "{\"name\": \"" KEY "\", \"reason\": \"%s\"}",
                         reason);
                /* the JSON's parameter note: between "note": " and the next quote */
                const char *n = strstr(j.out, "\"note\": \"");
                char note[512] = "";
                if (n) {
                    n += strlen("\"note\": \"");
                    const char *q = strchr(n, '"');
                    ck_assert(q != NULL);
                    snprintf(note, sizeof note, "%.*s", (int)(q - n), n);
                }
                int in_json = ATT_FIT_CI_INVERTED ? strstr(j.out, obj) != NULL
                                                  : strstr(note, reason) != NULL;
                ck_assert_msg((strstr(c.out, reason) != NULL) == in_json, "%s\n%s", c.out,
                              j.out);
            }
            result_free(&j);
        }
        result_free(&c);
    }
    ck_assert_msg(found, "no fit seed of 11 to 16 left an end unsettled");
}
END_TEST

Suite *suite_cli_fit_unsettled(void);
Suite *suite_cli_fit_unsettled(void)
{
    Suite *s = suite_create("cli_fit_unsettled");
    TCase *tc = fixture_tcase("core", un_setup);
    tcase_add_test(tc, test_fit_unsettled_warned);
    tcase_add_test(tc, test_fit_unsettled_json);
    suite_add_tcase(s, tc);
    return s;
}
