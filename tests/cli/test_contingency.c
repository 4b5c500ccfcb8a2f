/* `attune contingency` through the real program ($ATTUNE_BIN, set by `make
 * check`): exit statuses, the hand-counted tables, bad files reported as
 * FILE:LINE, unknown codes with a suggestion, bad usage, and that nothing
 * is written (no output file, no temporary file, an existing file
 * untouched) on error.
 *
 * Through the fixture (tests/fixture.h): the program is started with
 * posix_spawn (no shell), stdout and stderr captured in io/, inputs and
 * outputs in w/ of a fresh folder per test, so listing w/ shows exactly
 * what a command left behind (a temporary file shows as a hidden name). */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- output ---- */

/* Line k (0-based) of text into buf, without its '\n'; fails when there is
 * no such line. */
static const char *line_copy(const char *text, int k, char *buf, size_t size)
{
    const char *p = line_at(text, k);
    ck_assert_msg(p != NULL, "no line %d in:\n%s", k, text);
    return first_line(p, buf, size);
}

/* Splits a CSV line without quotes into at most 16 fields (in place). */
static int split(char *line, char **f)
{
    int n = 0;
    for (char *p = line;; p++) {
        f[n++] = p;
        p = strchr(p, ',');
        if (!p || n == 16)
            break;
        *p = '\0';
    }
    return n;
}

/* ---- data ---- */

/* Run a is the hand sequence of tests/lib/test_contingency.c with infant avert
 * as the given code and caregiver soothe as the target, S = 4:
 *   t          0  1  2  3  4  5  6  7  8  9
 *   infant     M  A  A  M  A  M  M  M  M  M    (A = avert; onsets t 1, 4)
 *   given      .  g  g  g  g  g  g  g  .  .    (windows [1,5) and [4,8))
 *   caregiver  S  P  P  S  P  S  P  P  S  P    (S = soothe)
 *   -> a = 2 (t 3, 5), b = 5, c = 2 (t 0, 8), d = 1 (t 9)
 * Run b: onset t 1, window [1, 5): given t 1, 2, 3; target t 1
 *   -> a = 1, b = 2, c = 0, d = 1 (t 0)
 * Line numbers: the header is line 1, run a's rows lines 2-11, run b's 12-15. */
static const char coded_ab[] =
    "run,t,infant_code,caregiver_code\n"
    "a,0,monitor,soothe\n"
    "a,1,avert,positive\n"
    "a,2,avert,positive\n"
    "a,3,monitor,soothe\n"
    "a,4,avert,positive\n"
    "a,5,monitor,soothe\n"
    "a,6,monitor,positive\n"
    "a,7,monitor,positive\n"
    "a,8,monitor,soothe\n"
    "a,9,monitor,positive\n"
    "b,0,monitor,positive\n"
    "b,1,avert,soothe\n"
    "b,2,monitor,positive\n"
    "b,3,monitor,positive\n";

/* One expected CSV row: the counts exactly, the statistics to 1e-9 (NaN:
 * the field must be empty). */
typedef struct {
    const char *run;
    long a, b, c, d;
    double q, q_se, odds, res;
    const char *file;
} want_row;

static void expect_row(const char *line, const want_row *w)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", line);
    char *f[16];
    int n = split(buf, f);
    ck_assert_msg(n == 15, "%d fields in: %s", n, line);
    /* level first; unit_s (f[5]) empty: rows are counted, not seconds */
    ck_assert_str_eq(f[0], strcmp(w->run, "pooled") == 0 ? "pooled" : "run");
    ck_assert_str_eq(f[5], "");
    /* the other columns: run, given, target, window_s, a..d, the statistics, file */
    const char *g[13] = { f[1], f[2], f[3], f[4], f[6], f[7], f[8], f[9], f[10], f[11],
                          f[12], f[13], f[14] };
    ck_assert_str_eq(g[0], w->run);
    ck_assert_str_eq(g[1], "infant:avert");
    ck_assert_str_eq(g[2], "caregiver:soothe");
    ck_assert_str_eq(g[3], "4");
    const long counts[4] = { w->a, w->b, w->c, w->d };
    for (int k = 0; k < 4; k++)
        ck_assert_msg(strtol(g[4 + k], NULL, 10) == counts[k], "run %s: field %d is %s, "
                      "expected %ld", w->run, 4 + k, g[4 + k], counts[k]);
    const double stats[4] = { w->q, w->q_se, w->odds, w->res };
    for (int k = 0; k < 4; k++) {
        if (isnan(stats[k]))
            ck_assert_msg(g[8 + k][0] == '\0', "run %s: field %d should be empty, is %s",
                          w->run, 8 + k, g[8 + k]);
        else
            ck_assert_msg(g[8 + k][0] && fabs(strtod(g[8 + k], NULL) - stats[k]) < 1e-9,
                          "run %s: field %d is '%s', expected %.10g", w->run, 8 + k, g[8 + k],
                          stats[k]);
    }
    ck_assert_str_eq(g[12], w->file);
}

/* Statistics by hand (see tests/lib/test_contingency.c for run a):
 *   run a (2,5,2,1): Q = -2/3, SE = 5/18 sqrt(2.2), OR = 0.2,
 *                    residual = -0.8 / sqrt(0.504)
 *   run b (1,2,0,1): Q = (1 - 0)/(1 + 0) = 1; SE and OR undefined (c = 0,
 *                    bc = 0); residual: r1 = 3, c1 = 1, N = 4, E = 0.75,
 *                    (1 - 0.75) / sqrt(0.75 * 0.25 * 0.75) = 0.25/0.375 = 2/3
 *   pooled (3,7,2,2): Q = (6 - 14)/(6 + 14) = -0.4,
 *                    SE = 0.5 (1 - 0.16) sqrt(1/3 + 1/7 + 1/2 + 1/2) = 0.42 sqrt(31/21),
 *                    OR = 6/14 = 3/7, residual: r1 = 10, c1 = 5, N = 14,
 *                    E = 25/7, (3 - 25/7) / sqrt(25/7 * 4/14 * 9/14) = -0.70553368... */
#define ROW_A(file) { "a", 2, 5, 2, 1, -2.0 / 3, 5.0 / 18 * sqrt(2.2), 0.2, -0.8 / sqrt(0.504), file }
#define ROW_B(file) { "b", 1, 2, 0, 1, 1.0, NAN, NAN, 2.0 / 3, file }

static const char csv_header[] =
    "level,run,given,target,window_s,unit_s,a,b,c,d,yule_q,yule_q_se,odds_ratio,"
    "adjusted_residual,file";

/* ---- contingency ---- */

START_TEST(test_contingency_csv)
{
    char in[256];
    write_input(in, sizeof in, "ab.csv", coded_ab);
    /* stdout is a file here, so the default format is csv. */
    result r = run_attune("contingency", in, "--given", "infant:avert", "--target",
                          "caregiver:soothe", "--window", "4", NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    char line[1024];
    ck_assert_str_eq(line_copy(r.out, 0, line, sizeof line), csv_header);
    const want_row rows[] = {
        ROW_A(in), ROW_B(in),
        { "pooled", 3, 7, 2, 2, -0.4, 0.42 * sqrt(31.0 / 21), 3.0 / 7,
          (3 - 25.0 / 7) / sqrt(25.0 / 7 * 4 / 14 * 9 / 14), "" },
    };
    for (int k = 0; k < 3; k++)
        expect_row(line_copy(r.out, k + 1, line, sizeof line), &rows[k]);
    ck_assert_int_eq(r.out[r.out_len - 1], '\n');
    ck_assert_int_eq(count_lines(r.out), 4);   /* header, a, b, pooled */
    result_free(&r);

    /* -o writes the same text to the file and nothing to stdout. */
    result r2 = run_attune("contingency", in, "--given", "infant:avert", "--target",
                           "caregiver:soothe", "--window", "4", "-o", seq_out, NULL);
    expect_status(&r2, 0);
    ck_assert_uint_eq(r2.out_len, 0);
    result_free(&r2);
    r = run_attune("contingency", in, "--given", "infant:avert", "--target",
                   "caregiver:soothe", "--window", "4", "--format", "csv", NULL);
    char *file = slurp(seq_out, NULL);
    ck_assert_ptr_nonnull(file);
    ck_assert_str_eq(file, r.out);
    free(file);
    result_free(&r);
    expect_listing("OUT ab.csv");
}
END_TEST

START_TEST(test_contingency_two_files_and_table)
{
    char in1[256], in2[256];
    write_input(in1, sizeof in1, "one.csv", coded_ab);
    /* A file without a run column is one run, named after the file. */
    write_input(in2, sizeof in2, "two.csv",
                "t,infant_code,caregiver_code\n"
                "0,monitor,positive\n"
                "1,avert,soothe\n"
                "2,monitor,positive\n"
                "3,monitor,positive\n");
    result r = run_attune("contingency", in1, in2, "--given", "infant:avert", "--target",
                          "caregiver:soothe", "--window", "4", "--format", "csv", NULL);
    expect_status(&r, 0);
    char line[1024];
    const want_row rows[] = {
        ROW_A(in1), ROW_B(in1), { "two", 1, 2, 0, 1, 1.0, NAN, NAN, 2.0 / 3, in2 },
        /* pooled (4, 9, 2, 3): Q = (12 - 18)/(12 + 18) = -0.2,
         * SE = 0.5 * 0.96 * sqrt(1/4 + 1/9 + 1/2 + 1/3) = 0.48 sqrt(43/36),
         * OR = 12/18 = 2/3; r1 = 13, c1 = 6, N = 18, E = 13/3,
         * residual = (4 - 13/3) / sqrt(13/3 * 5/18 * 12/18) */
        { "pooled", 4, 9, 2, 3, -0.2, 0.48 * sqrt(43.0 / 36), 2.0 / 3,
          (4 - 13.0 / 3) / sqrt(13.0 / 3 * 5 / 18 * 12 / 18), "" },
    };
    for (int k = 0; k < 4; k++)
        expect_row(line_copy(r.out, k + 1, line, sizeof line), &rows[k]);
    result_free(&r);

    r = run_attune("contingency", in1, "--given", "infant:avert", "--target",
                   "caregiver:soothe", "--window", "4", "--format", "table", NULL);
    expect_status(&r, 0);
    char head[1024];
    line_copy(r.out, 0, head, sizeof head);
    ck_assert_msg(strncmp(head, "run     given", 13) == 0, "table header: %s", head);
    expect_contains(head, "  yule_q  yule_q_se  odds_ratio  adjusted_residual  file", "header");
    /* Run b: Q 1.000, SE and OR blank, residual 0.667; numbers are right-
     * aligned under their headers, which are wider than the values. */
    const char *b = line_copy(r.out, 2, line, sizeof line);
    ck_assert_msg(strncmp(b, "b ", 2) == 0, "line 2: %s", b);
    static const struct { const char *col; const char *value; } cells[] = {
        { "yule_q ", " 1.000" }, { "yule_q_se", "         " }, { "odds_ratio", "          " },
        { "adjusted_residual", "            0.667" },
    };
    for (int k = 0; k < 4; k++) {
        size_t at = (size_t)(strstr(head, cells[k].col) - head);
        size_t n = strlen(cells[k].value);
        ck_assert_msg(strlen(b) >= at + n && strncmp(b + at, cells[k].value, n) == 0,
                      "under '%s' run b has '%.*s':\n%s\n%s", cells[k].col, (int)n, b + at,
                      head, b);
    }
    ck_assert_ptr_null(strstr(r.out, "nan"));
    const char *p = line_copy(r.out, 3, line, sizeof line);
    ck_assert_msg(strncmp(p, "pooled ", 7) == 0, "line 3: %s", p);
    ck_assert_msg(p[strlen(p) - 1] != ' ', "trailing blanks: [%s]", p);
    result_free(&r);
}
END_TEST

/* A bad coded file: the reader's message, bare, with the file and line; exit
 * 2; an existing output kept as it was; no temporary file left. */
START_TEST(test_contingency_bad_file)
{
    char in[256];
    /* line 4 has an unknown infant code */
    write_input(in, sizeof in, "bad.csv",
                "run,t,infant_code,caregiver_code\n"
                "a,0,monitor,soothe\n"
                "a,1,avert,positive\n"
                "a,2,avret,positive\n");
    write_input(seq_out, sizeof seq_out, "OUT", "old results\n");
    result r = run_attune("contingency", in, "--given", "infant:avert", "--target",
                          "caregiver:soothe", "--window", "4", "-o", seq_out, NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    char want[300], line[600];
    snprintf(want, sizeof want, "%s:4: ", in);
    first_line(r.err, line, sizeof line);
    ck_assert_msg(strncmp(line, want, strlen(want)) == 0, "stderr: %s", r.err);
    expect_contains(line, "did you mean 'avert'?", "stderr");
    result_free(&r);
    char *old = slurp(seq_out, NULL);
    ck_assert_str_eq(old, "old results\n");
    free(old);
    expect_listing("OUT bad.csv");

    /* t that does not increase, with no output file before: none after. */
    unlink(seq_out);
    write_input(in, sizeof in, "bad.csv",
                "run,t,infant_code,caregiver_code\n"
                "a,0,monitor,soothe\n"
                "a,1,avert,positive\n"
                "a,1,avert,positive\n");
    r = run_attune("contingency", in, "--given", "infant:avert", "--target",
                   "caregiver:soothe", "--window", "4", "-o", seq_out, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:4: t 1 does not increase", in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr: %s", r.err);
    result_free(&r);
    expect_listing("bad.csv");

    /* A good file then a missing one: still nothing written, even to stdout. */
    char good[256], missing[256];
    write_input(good, sizeof good, "good.csv", coded_ab);
    snprintf(missing, sizeof missing, "%s/missing.csv", work);
    r = run_attune("contingency", good, missing, "--given", "infant:avert", "--target",
                   "caregiver:soothe", "--window", "4", NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    snprintf(want, sizeof want, "attune contingency: %s: cannot read: ", missing);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr: %s", r.err);
    result_free(&r);
    expect_listing("bad.csv good.csv");
}
END_TEST

START_TEST(test_contingency_unknown_code)
{
    char in[256], line[600];
    write_input(in, sizeof in, "ab.csv", coded_ab);
    result r = run_attune("contingency", in, "--given", "infant:avrt", "--target",
                          "caregiver:soothe", "--window", "4", "-o", seq_out, NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    first_line(r.err, line, sizeof line);
    ck_assert_msg(strncmp(line, "attune contingency: --given infant:avrt: no infant code 'avrt'",
                          62) == 0, "stderr: %s", r.err);
    expect_contains(line, "(did you mean 'avert'?)", "stderr");
    result_free(&r);

    /* A code of the other partner is not a suggestion for this one... */
    r = run_attune("contingency", in, "--given", "infant:avert", "--target",
                   "caregiver:intrusve", "--window", "4", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "no caregiver code 'intrusve'", "stderr");
    expect_contains(r.err, "(did you mean 'intrusive'?)", "stderr");
    result_free(&r);

    /* ...and with nothing close, the codes are listed. */
    r = run_attune("contingency", in, "--given", "infant:xyzzyq", "--target",
                   "caregiver:soothe", "--window", "4", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "its infant codes are: positive, monitor, avert, protest, withdrawn",
                    "stderr");
    result_free(&r);

    r = run_attune("contingency", in, "--given", "infant:avert", "--target",
                   "caregivr:soothe", "--window", "4", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, line, sizeof line),
                     "attune contingency: --target caregivr:soothe: WHO must be infant or "
                     "caregiver (did you mean 'caregiver'?)");
    result_free(&r);

    r = run_attune("contingency", in, "--given", "avert", "--target", "caregiver:soothe",
                   "--window", "4", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--given avert: expected WHO:CODE", "stderr");
    result_free(&r);
    expect_listing("ab.csv");
}
END_TEST

START_TEST(test_contingency_usage)
{
    char in[256], line[600];
    write_input(in, sizeof in, "ab.csv", coded_ab);
    static const struct { const char *args[12]; const char *first; } cases[] = {
        { { "contingency", NULL }, "attune contingency: no coded file given" },
        { { "contingency", "F", "--given", "infant:avert", "--target", "caregiver:soothe", NULL },
          "attune contingency: --window S is required (see 'attune contingency --help')" },
        { { "contingency", "F", "--target", "caregiver:soothe", "--window", "4", NULL },
          "attune contingency: --given WHO:CODE is required (see 'attune contingency --help')" },
        { { "contingency", "F", "--given", "infant:avert", "--target", "caregiver:soothe",
            "--window", "0", NULL },
          "attune contingency: --window 0: must be a number of seconds > 0" },
        { { "contingency", "F", "--given", "infant:avert", "--target", "caregiver:soothe",
            "--window", "4s", NULL },
          "attune contingency: --window 4s: must be a number of seconds > 0" },
        { { "contingency", "F", "--given", "infant:avert", "--target", "caregiver:soothe",
            "--window", "1e15", NULL },
          "attune contingency: --window 1e15: must be a number of seconds > 0 and at most 1e+10" },
        { { "contingency", "F", "--given", "infant:avert", "--target", "caregiver:soothe",
            "--windo", "4", NULL },
          "attune contingency: unknown option '--windo' (did you mean '--window'?)" },
        { { "contingency", "F", "--given", "infant:avert", "--target", "caregiver:soothe",
            "--window", "4", "--format", "tabel", NULL },
          "attune contingency: --format tabel: must be table or csv (did you mean 'table'?)" },
        { { "contingency", "F", "--given", NULL }, "attune contingency: --given needs a value" },
        { { "export", "F", NULL },
          "attune export: which format? --sdis (SDIS for GSEQ) is the one there is (see "
          "'attune export --help')" },
        { { "export", "--sdis", NULL }, "attune export: no coded file given" },
        { { "export", "--sids", "F", NULL },
          "attune export: unknown option '--sids' (did you mean '--sdis'?)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *args[12];
        for (int k = 0; k < 12; k++)
            args[k] = cases[i].args[k] && strcmp(cases[i].args[k], "F") == 0 ? in
                                                                                : cases[i].args[k];
        result r = run_argv(args);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        ck_assert_str_eq(first_line(r.err, line, sizeof line), cases[i].first);
        result_free(&r);
    }
    expect_listing("ab.csv");
}
END_TEST

/* ---- code schemes: unscorable stretches are gaps ---- */

/* seq_gap_coded (tests/fixture.c) under seq_gap_scheme, given caregiver
 * still, target infant fuss, S = 4 (G: a gap, left out):
 *   t          0  1  2  3  4  5  6  7  8  9 10 11 12 13
 *   infant     F  C  F  G  F  C  F  C  G  C  F  C  C  C   (F = fuss)
 *   caregiver  W  S  W  W  W  S  S  G  S  S  W  W  W  W   (S = still)
 *   given      .  g  g  G  .  g  g  G  G  g  g  g  g  .
 * Onsets at 1 ([1, 5)), 5 ([5, 9)) and 9 ([9, 13)): after the gap at 7-8
 * the still face goes on, but the run starts afresh, so t 9 is an onset;
 * the window of 1 stops at the gap at 3, so t 4 is not given.
 *   a = 3 (t 2, 6, 10), b = 5 (t 1, 5, 9, 11, 12), c = 2 (t 0, 4), d = 1
 * (t 13): 11 units, the 3 gap rows in no cell.  Had the gaps been ordinary
 * codes, t 4 would be given (a) and t 9 not (d).  Statistics: Q = (3 - 10)
 * / (3 + 10) = -7/13, SE = 0.5 (1 - 49/169) sqrt(1/3 + 1/5 + 1/2 + 1),
 * OR = 3/10; r1 = 8, c1 = 5, N = 11, E = 40/11, residual = (3 - 40/11) /
 * sqrt(40/11 * 3/11 * 6/11). */
static void expect_gap_table(const char *csv, int row)
{
    const double want[8] = { 3, 5, 2, 1, -7.0 / 13,
                             0.5 * (1 - 49.0 / 169) * sqrt(1.0 / 3 + 0.2 + 0.5 + 1), 0.3,
                             (3 - 40.0 / 11) / sqrt(40.0 / 11 * 3 / 11 * 6 / 11) };
    static const char *const col[8] = { "a", "b", "c", "d", "yule_q", "yule_q_se",
                                        "odds_ratio", "adjusted_residual" };
    for (int k = 0; k < 8; k++)
        ck_assert_msg(fabs(csv_cell(csv, row, col[k]) - want[k]) < 1e-9, "row %d: %s is %.10g, "
                      "expected %.10g", row, col[k], csv_cell(csv, row, col[k]), want[k]);
}

START_TEST(test_contingency_scheme_gaps)
{
    char in[256], scheme[256], line[1024];
    write_input(in, sizeof in, "gaps.csv", seq_gap_coded);
    write_input(scheme, sizeof scheme, "lab.csv", seq_gap_scheme);
    result r = run_attune("contingency", in, "--scheme", scheme, "--given", "caregiver:still",
                          "--target", "infant:fuss", "--window", "4", NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    ck_assert_int_eq(count_lines(r.out), 3);   /* header, gaps, pooled */
    expect_gap_table(r.out, 1);
    expect_gap_table(r.out, 2);
    static const char start[] = "run,gaps,caregiver:still,infant:fuss,4,,3,5,2,1,";
    ck_assert_msg(strncmp(line_copy(r.out, 1, line, sizeof line), start, strlen(start)) == 0,
                  "%s", line);
    result_free(&r);

    /* On a grid of 1 s the file is the same: each row one unit (the last
     * lasting 1 s, as the interval before it), a unit in a gap a gap. */
    r = run_attune("contingency", in, "--scheme", scheme, "--given", "caregiver:still",
                   "--target", "infant:fuss", "--window", "4", "--unit", "1", NULL);
    expect_status(&r, 0);
    expect_gap_table(r.out, 1);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "unit_s"), 1, 1e-12);
    result_free(&r);

    /* A gap is no code: it can be neither given nor target. */
    write_input(seq_out, sizeof seq_out, "OUT", "old\n");
    r = run_attune("contingency", in, "--scheme", scheme, "--given", "infant:hidden",
                   "--target", "infant:fuss", "--window", "4", "-o", seq_out, NULL);
    expect_status(&r, 2);
    char want[600];
    snprintf(want, sizeof want, "attune contingency: infant code 'hidden' is unscorable in "
             "scheme %s, so it cannot be the given code: unscorable stretches are gaps, in no "
             "cell of the table", scheme);
    ck_assert_str_eq(first_line(r.err, line, sizeof line), want);
    result_free(&r);
    expect_file_text(seq_out, "old\n");
    /* Without the scheme its codes are unknown: the file is refused. */
    r = run_attune("contingency", in, "--given", "caregiver:warm", "--target", "infant:fuss",
                   "--window", "4", NULL);
    expect_status(&r, 2);
    result_free(&r);
    expect_listing("OUT gaps.csv lab.csv");
}
END_TEST

/* The documented workflow on a lab's export (data/examples/README.md):
 * ELAN, imported with the ICEP scheme, goes through contingency too.  Coder
 * 1's infant is unscorable at 40-42 s; the still face is on from 20 to 39
 * (one onset, window [20, 23): t 20-22, social_monitor), protest at 30-36.
 * Of 60 rows, 57 are tallied: a = 0, b = 3, c = 7, d = 47. */
START_TEST(test_contingency_icep_workflow)
{
    char coder[256];
    import_icep_example(coder, sizeof coder);
    result r = run_attune("contingency", coder, "--scheme", "icep", "--match-table", "icep", "--given",
                   "caregiver:still_face", "--target", "infant:protest", "--window", "3", NULL);
    expect_status(&r, 0);
    const double want[4] = { 0, 3, 7, 47 };
    static const char *const col[4] = { "a", "b", "c", "d" };
    for (int k = 0; k < 4; k++)
        ck_assert_double_eq_tol(csv_cell(r.out, 1, col[k]), want[k], 1e-12);
    result_free(&r);
}
END_TEST

Suite *suite_cli_contingency(void)
{
    Suite *s = suite_create("cli_contingency");
    TCase *tc = fixture_tcase("contingency_export", seq_setup);
    tcase_add_test(tc, test_contingency_csv);
    tcase_add_test(tc, test_contingency_two_files_and_table);
    tcase_add_test(tc, test_contingency_bad_file);
    tcase_add_test(tc, test_contingency_unknown_code);
    tcase_add_test(tc, test_contingency_usage);
    tcase_add_test(tc, test_contingency_scheme_gaps);
    tcase_add_test(tc, test_contingency_icep_workflow);
    suite_add_tcase(s, tc);
    return s;
}
