/* attune fit's coded inputs (docs/FIT.md, "Bad input" and Statistics):
 * - each session's phases against the scenario's lengths: the example
 *   sessions (three phases of 40 s) against still-face.ini's 120 s are
 *   refused at the line where the phase begins, nothing written; a phase
 *   may last 2/3 to 3/2 of the scenario's (40 against 60 passes, against 61
 *   is refused: 40 / 61 < 2/3); --end moves the last phase's end;
 * - standard input ("-") checked as a file is, in the one pass that reads
 *   it: refused at its line as "<stdin>:LINE:", and read right when the
 *   lengths match (the same observed statistics as the file);
 * - --map and --end read as attune score reads them: the sessions with
 *   renamed columns give the same observed statistics;
 * - a targets file whose se column is missing is named as a targets file
 *   ("no column 'se'"), not read as a coded file;
 * - an output in a folder that does not exist is refused before the search
 *   (no warning or J on stderr: those come after it), exit 1, nothing
 *   written;
 * - a count option out of its range says the range, the same words for a
 *   word and for a number below it (--sim-ratio x and 0: "from 1 to 1000");
 * - a phase's own key (duration) as a free parameter is named as one, not
 *   as an unknown caregiver key;
 * - data that leave nothing to fit say why, even with -q: one session (no
 *   statistic varies over its bootstrap resamples: each is listed), and
 *   sessions without a phase column (one window, all);
 * - a contrast A:B (the _d statistics): its observed value is Cohen's d
 *   worked out here from `attune score`'s per-session shares; a window of
 *   it that the scenario lacks is named at its line of a targets file; a
 *   _d without a contrast, a plain statistic with one, and a d the
 *   sessions leave undefined (no spread) are refused, each saying why. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX_A SRC("data/examples/mother-a.csv")
#define EX_B SRC("data/examples/mother-b.csv")

/* The line of `path` whose row first names `phase`: counted here. */
static long first_line_of(const char *path, const char *phase)
{
    FILE *fp = fopen(path, "r");
    ck_assert(fp != NULL);
    char row[512], key[64];
    snprintf(key, sizeof key, ",%s,", phase);
    long line = 0, found = 0;
    while (!found && fgets(row, sizeof row, fp))
        if (++line > 1 && strstr(row, key))
            found = line;
    fclose(fp);
    ck_assert_msg(found > 0, "%s: no phase %s", path, phase);
    return found;
}

/* A fit without a search of the sessions `a` and `b` (the examples when
 * NULL), phases of `play`, `sf` and `reunion` s, with `extra` (up to 4 more
 * arguments). */
static result fit_files(const char *a, const char *b, const char *out, const char *play,
                        const char *sf, const char *reunion, const char *const *extra)
{
    char p[64], s[64], r[64];
    snprintf(p, sizeof p, "phase.play.duration=%s", play);
    snprintf(s, sizeof s, "phase.still-face.duration=%s", sf);
    snprintf(r, sizeof r, "phase.reunion.duration=%s", reunion);
    const char *args[32] = { "fit", SRC("scenarios/still-face.ini"), a ? a : EX_A, b ? b : EX_B,
                             "--set", p, "--set", s, "--set", r, "--free",
                             "caregiver.wait_time=1:20", "--max-evals", "0", "--resims", "0",
                             "-o", out };
    size_t n = 18;
    for (size_t i = 0; extra && extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    return run_argv(args);
}

static result fit_lengths(const char *out, const char *play, const char *sf,
                          const char *reunion, const char *const *extra)
{
    return fit_files(NULL, NULL, out, play, sf, reunion, extra);
}

/* Refused (exit 2) with `want` on stderr, `out` not written. */
static void expect_refused(result *r, const char *out, const char *want)
{
    expect_status(r, 2);
    expect_contains(r->err, want, "stderr");
    ck_assert(!exists(out));
    result_free(r);
}

/* Three sessions of 40-s phases (play, still-face, reunion, 1-s steps),
 * session k (s0, s1, s2) looking away for the last 4 + 5k s of play and
 * looking for the first 10 + 7k - 3k^2 s of the still face: play gaze
 * (.9, .775, .65), still-face gaze (.25, .35, .3), d = 4.98964445. */
static void contrast_sessions(char *path, size_t cap)
{
    char text[20000];
    size_t n = (size_t)snprintf(text, sizeof text, "run,t,phase,infant_code,caregiver_code\n");
    for (int k = 0; k < 3; k++)
        for (int t = 0; t < 120; t++) {
            const char *phase = t < 40 ? "play" : t < 80 ? "still-face" : "reunion";
            int looks = t < 40 ? t < 40 - (4 + 5 * k) : t < 80 ? t - 40 < 10 + 7 * k - 3 * k * k
                                                                : 1;
            n += (size_t)snprintf(text + n, sizeof text - n, "s%d,%d,%s,%s,%s\n", k, t, phase,
                                  looks ? "monitor" : "avert",
                                  t >= 40 && t < 80 ? "still" : "monitor");
        }
    write_input(path, cap, "contrast.csv", text);
}

/* Session values of `col` in `window` (play: the 2nd row of each session's
 * four, still-face the 3rd) from `attune score FILE`. */
static void score_column(const char *file, int row_in_session, const char *col, double *v)
{
    result r = run_attune("score", file, NULL);
    expect_status(&r, 0);
    for (int k = 0; k < 3; k++)
        v[k] = csv_cell(r.out, 4 * k + row_in_session, col);
    result_free(&r);
}

/* A fit without a search of `data` alone, 40-s phases, --stats `stat`. */
static result fit_stat(const char *data, const char *out, const char *stat)
{
    return run_attune("fit", SRC("scenarios/still-face.ini"), data, "--set",
                      "phase.play.duration=40", "--set", "phase.still-face.duration=40", "--set",
                      "phase.reunion.duration=40", "--free", "caregiver.wait_time=1:20",
                      "--max-evals", "0", "--resims", "0", "--stats", stat, "-o", out, NULL);
}

START_TEST(test_fit_contrast)
{
    char data[256], out[256], t[256], want[600];
    contrast_sessions(data, sizeof data);
    in_work(out, sizeof out, "fit.csv");
    double a[3], b[3];
    score_column(data, 2, "infant_gaze_prop", a);
    score_column(data, 3, "infant_gaze_prop", b);
    /* Cohen's d, written out: mean difference over the root mean variance */
    double ma = (a[0] + a[1] + a[2]) / 3, mb = (b[0] + b[1] + b[2]) / 3, va = 0, vb = 0;
    for (int k = 0; k < 3; k++)
        va += (a[k] - ma) * (a[k] - ma) / 2, vb += (b[k] - mb) * (b[k] - mb) / 2;
    double d = (ma - mb) / sqrt((va + vb) / 2);
    ck_assert_double_eq_tol(d, 4.98964445, 1e-8);   /* score's shares are the ones above */
    result r = fit_stat(data, out, "play:still-face.infant_gaze_prop_d");
    expect_status(&r, 0);
    result_free(&r);
    char *table = slurp(out, NULL);
    double seen = fit_cell(table, "statistic", "play:still-face.infant_gaze_prop_d", "observed");
    ck_assert_msg(fabs(seen - d) < 1e-9, "observed %.10g, d by hand %.10g", seen, d);
    free(table);
    unlink(out);
    /* refusals, nothing written */
    r = fit_stat(data, out, "play.infant_gaze_prop_d");
    expect_refused(&r, out, "infant_gaze_prop_d compares two phases, written A:B");
    r = fit_stat(data, out, "play:still-face.infant_gaze_prop");
    expect_refused(&r, out, "a window A:B takes only the _d statistics (did you mean "
                            "infant_gaze_prop_d?)");
    r = fit_stat(data, out, "still-face:reunion.infant_negative_prop_d");
    expect_refused(&r, out, "undefined for the data (fewer than two sessions with both windows, "
                            "or no spread between sessions in both?)");
    write_input(t, sizeof t, "targets.csv", "statistic,phase,value,se,source\n"
                "infant_gaze_prop,play,0.6,0.1,\ninfant_gaze_prop_d,play:nope,1,0.2,\n");
    r = run_attune("fit", SRC("scenarios/still-face.ini"), t, "--free",
                   "caregiver.wait_time=1:20", "-o", out, "-q", NULL);
    snprintf(want, sizeof want, "%s:3: phase 'nope' is not a phase of", t);
    expect_refused(&r, out, want);
}
END_TEST

START_TEST(test_fit_phase_lengths)
{
    char out[256], want[512];
    in_work(out, sizeof out, "fit.csv");
    /* the scenario as shipped: every phase 120 s */
    result r = run_attune("fit", SRC("scenarios/still-face.ini"), EX_A, EX_B, "--free",
                          "caregiver.wait_time=1:20", "-o", out, "-q", NULL);
    expect_contains(r.err, "--set phase.play.duration=40", "stderr");
    snprintf(want, sizeof want, "%s:%ld: phase 'play' lasts 40 s in this session, the "
             "scenario's 120 s", EX_A, first_line_of(EX_A, "play"));
    expect_refused(&r, out, want);
    /* 40 s against 60 (2/3 exactly) passes; against 61 the still face is
     * refused at its first line */
    r = fit_lengths(out, "60", "40", "40", NULL);
    expect_status(&r, 0);
    result_free(&r);
    unlink(out);
    r = fit_lengths(out, "40", "61", "40", NULL);
    snprintf(want, sizeof want, "%s:%ld: phase 'still-face' lasts 40 s", EX_A,
             first_line_of(EX_A, "still-face"));
    expect_refused(&r, out, want);
    /* --end 200: the reunion runs from 80 to 200 s, 120 s, against 40 */
    const char *const end[] = { "--end", "200", NULL };
    r = fit_lengths(out, "40", "40", "40", end);
    snprintf(want, sizeof want, "%s:%ld: phase 'reunion' lasts 120 s", EX_A,
             first_line_of(EX_A, "reunion"));
    expect_refused(&r, out, want);
    /* and against a 120-s reunion it passes */
    r = fit_lengths(out, "40", "40", "120", end);
    expect_status(&r, 0);
    result_free(&r);
}
END_TEST

/* `sh SCRIPT IN ATTUNE ARGS...`: attune with ARGS, standard input from IN. */
static const char stdin_script[] = "f=$1; shift; exec \"$@\" < \"$f\"\n";

static result fit_stdin(const char *in, const char *out, const char *dur)
{
    char sh[256], p[64], s[64], r[64];
    in_work(sh, sizeof sh, "stdin.sh");
    write_file(sh, stdin_script);
    snprintf(p, sizeof p, "phase.play.duration=%s", dur);
    snprintf(s, sizeof s, "phase.still-face.duration=%s", dur);
    snprintf(r, sizeof r, "phase.reunion.duration=%s", dur);
    const char *const args[] = { in, attune_bin(), "fit", SRC("scenarios/still-face.ini"), "-",
                                 EX_B, "--set", p, "--set", s, "--set", r, "--free",
                                 "caregiver.wait_time=1:20", "--max-evals", "0", "--resims",
                                 "0", "-q", "-o", out, NULL };
    return run_sh(sh, args);
}

START_TEST(test_fit_phase_lengths_stdin)
{
    char out[256], file_out[256], want[512];
    in_work(out, sizeof out, "fit.csv");
    in_work(file_out, sizeof file_out, "fit-file.csv");
    /* 40-s sessions on standard input against the scenario's 120 s */
    result r = fit_stdin(EX_A, out, "120");
    snprintf(want, sizeof want, "<stdin>:%ld: phase 'play' lasts 40 s in this session, the "
             "scenario's 120 s", first_line_of(EX_A, "play"));
    expect_refused(&r, out, want);
    /* matching lengths: read, and the same statistics as from the file */
    r = fit_stdin(EX_A, out, "40");
    expect_status(&r, 0);
    result_free(&r);
    r = fit_files(EX_A, EX_B, file_out, "40", "40", "40", (const char *const[]){ "-q", NULL });
    expect_status(&r, 0);
    result_free(&r);
    char *a = slurp(out, NULL), *b = slurp(file_out, NULL);
    static const char *const stats[] = { "play.matched_prop", "reunion.infant_gaze_prop" };
    for (size_t k = 0; k < 2; k++) {
        ck_assert_double_eq(fit_cell(a, "statistic", stats[k], "observed"),
                            fit_cell(b, "statistic", stats[k], "observed"));
        ck_assert_double_eq(fit_cell(a, "statistic", stats[k], "variance"),
                            fit_cell(b, "statistic", stats[k], "variance"));
    }
    free(a);
    free(b);
}
END_TEST

/* The example sessions with their columns renamed, read with --map, give
 * the very same statistics (observed values and variances). */
START_TEST(test_fit_map)
{
    const char *src[] = { EX_A, EX_B };
    char renamed[2][256], out1[256], out2[256], map[] =
        "t=Time,phase=Episode,infant_code=Baby,caregiver_code=Mum";
    for (int i = 0; i < 2; i++) {
        char *text = slurp(src[i], NULL), name[32];
        ck_assert(text != NULL);
        const char *body = strchr(text, '\n');
        ck_assert(body != NULL);
        size_t n = strlen(body) + 64;
        char *t = malloc(n);
        snprintf(t, n, "Time,Episode,Baby,Mum%s", body);
        snprintf(name, sizeof name, "renamed-%d.csv", i);
        in_work(renamed[i], sizeof renamed[i], name);
        write_file(renamed[i], t);
        free(t);
        free(text);
    }
    in_work(out1, sizeof out1, "plain.csv");
    in_work(out2, sizeof out2, "mapped.csv");
    const char *const mapped[] = { "--map", map, NULL };
    result a = fit_lengths(out1, "40", "40", "40", NULL);
    expect_status(&a, 0);
    result b = fit_files(renamed[0], renamed[1], out2, "40", "40", "40", mapped);
    expect_status(&b, 0);
    char *x = slurp(out1, NULL), *y = slurp(out2, NULL);
    ck_assert(x && y);
    ck_assert_str_eq(x, y);
    ck_assert(fit_cell(x, "statistic", "play.matched_prop", "observed") == 0.875);
    free(x);
    free(y);
    result_free(&a);
    result_free(&b);
}
END_TEST

/* A targets file without its se column. */
START_TEST(test_fit_targets_without_se)
{
    char t[256], out[256], want[300];
    write_input(t, sizeof t, "targets.csv",
                "statistic,phase,value,source\nmatched_prop,play,0.3,Tronick and Cohn 1989\n");
    in_work(out, sizeof out, "fit.csv");
    result r = run_attune("fit", SRC("scenarios/still-face.ini"), t, "--free",
                          "caregiver.wait_time=1:20", "-o", out, "-q", NULL);
    snprintf(want, sizeof want, "%s:1: no column 'se'", t);
    expect_refused(&r, out, want);
}
END_TEST

/* -o or --scenario-out in a missing folder: said before the search. */
START_TEST(test_fit_count_range)
{
    char out[256];
    in_work(out, sizeof out, "fit.csv");
    static const char *const bad[][2] = {
        { "--sim-ratio", "x" }, { "--sim-ratio", "0" }, { "--sim-ratio", "1001" },
        { "--starts", "0" }, { "--sim-dyads", "1" },
    };
    static const char *const want[] = {
        "attune fit: --sim-ratio x: must be a whole number from 1 to 1000",
        "attune fit: --sim-ratio 0: must be a whole number from 1 to 1000",
        "attune fit: --sim-ratio 1001: must be a whole number from 1 to 1000",
        "attune fit: --starts 0: must be a whole number from 1 to 1000",
        "attune fit: --sim-dyads 1: must be a whole number from 2 to 1000000",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *const extra[] = { bad[i][0], bad[i][1], NULL };
        result r = fit_lengths(out, "40", "40", "40", extra);
        expect_refused(&r, out, want[i]);
    }
}
END_TEST

START_TEST(test_fit_phase_own_key)
{
    char out[256];
    in_work(out, sizeof out, "fit.csv");
    const char *const args[] = { "fit", SRC("scenarios/still-face.ini"), EX_A, "--free",
                                 "phase.play.duration", "-o", out, NULL };
    result r = run_argv(args);
    ck_assert_msg(strstr(r.err, "unknown caregiver key") == NULL, "%s", r.err);
    expect_refused(&r, out, "--free phase.play.duration: a phase's own keys (name, duration, "
                            "policy) cannot be free");
}
END_TEST

START_TEST(test_fit_output_unwritable)
{
    char ok[256], bad[256];
    in_work(ok, sizeof ok, "fit.csv");
    in_work(bad, sizeof bad, "no-such-folder/out.csv");
    for (int which = 0; which < 2; which++) {
        const char *const sc[] = { "--scenario-out", bad, NULL };
        result r = fit_lengths(which ? ok : bad, "40", "40", "40", which ? sc : NULL);
        expect_status(&r, 1);
        expect_contains(r.err, "no-such-folder/out.csv: cannot create file", "stderr");
        ck_assert_msg(!strstr(r.err, "warning") && !strstr(r.err, "J ="),
                      "searched first:\n%s", r.err);
        ck_assert(!exists(ok));
        result_free(&r);
    }
    /* a name that cannot be a file is the user's input: 2, as for every
     * command (it was 1) */
    char folder[256];
    in_work(folder, sizeof folder, "");
    const char *const names[] = { folder, "" };
    const char *const says[] = { "is a folder, not a file name", "empty file name" };
    for (int which = 0; which < 4; which++) {
        const char *name = names[which % 2];
        const char *const sc[] = { "--scenario-out", name, NULL };
        result r = fit_lengths(which < 2 ? name : ok, "40", "40", "40", which < 2 ? NULL : sc);
        expect_status(&r, 2);
        expect_contains(r.err, says[which % 2], "stderr");
        ck_assert(!exists(ok));
        result_free(&r);
    }
}
END_TEST

START_TEST(test_fit_nothing_to_fit_says_why)
{
    char out[256], nop[256];
    in_work(out, sizeof out, "fit.csv");
    /* one session: every statistic is the same in every resample */
    const char *const one[] = { "fit", SRC("scenarios/still-face.ini"), EX_A, "--set",
                                "phase.play.duration=40", "--set",
                                "phase.still-face.duration=40", "--set",
                                "phase.reunion.duration=40", "--free", "caregiver.wait_time=1:20",
                                "--max-evals", "0", "-q", "-o", out, NULL };
    result r = run_argv(one);
    expect_contains(r.err, "attune fit: left out: play.matched_prop (no variance)", "stderr");
    expect_contains(r.err, "no statistic is left to fit", "stderr");
    expect_contains(r.err, "of the 1 session (one session", "stderr");
    expect_refused(&r, out, "every bootstrap resample");
    /* no phase column: the sessions are one window */
    in_work(nop, sizeof nop, "nophase.csv");
    write_file(nop, "run,t,infant_code,caregiver_code\n"
                    "a,0,positive,positive\na,5,avert,monitor\na,9,positive,positive\n"
                    "b,0,monitor,positive\nb,4,avert,monitor\nb,8,positive,positive\n");
    const char *const np[] = { "fit", SRC("scenarios/still-face.ini"), nop, "--free",
                               "caregiver.wait_time=1:20", "--max-evals", "0", "-q", "-o", out,
                               NULL };
    r = run_argv(np);
    expect_refused(&r, out, "the sessions' windows: all; without a phase column");
}
END_TEST

Suite *suite_cli_fit_inputs(void);
Suite *suite_cli_fit_inputs(void)
{
    Suite *s = suite_create("cli_fit_inputs");
    TCase *tc = fixture_tcase("core", setup);
    tcase_add_test(tc, test_fit_phase_lengths);
    tcase_add_test(tc, test_fit_phase_lengths_stdin);
    tcase_add_test(tc, test_fit_map);
    tcase_add_test(tc, test_fit_targets_without_se);
    tcase_add_test(tc, test_fit_output_unwritable);
    tcase_add_test(tc, test_fit_count_range);
    tcase_add_test(tc, test_fit_phase_own_key);
    tcase_add_test(tc, test_fit_nothing_to_fit_says_why);
    tcase_add_test(tc, test_fit_contrast);
    suite_add_tcase(s, tc);
    return s;
}
