/* `attune score --scheme` through the real program: attune's own scheme
 * gives the same bytes as no scheme; the ICEP example scored by hand (a gap
 * censoring a rupture, observed time without the gap); codes outside the
 * scheme, bad schemes and a scheme found by name in $ATTUNE_DATA/schemes. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The value of column `name` in data row `row` (1-based: 0 is the header). */
static const char *cell(const char *csv, int row, const char *name, char *buf, size_t cap)
{
    const char *header = line_at(csv, 0), *line = line_at(csv, row);
    ck_assert_msg(header && line, "no row %d in:\n%s", row, csv);
    char col[64];
    for (int c = 0;; c++) {
        field(header, c, col, sizeof col);
        if (strcmp(col, name) == 0)
            return field(line, c, buf, cap);
    }
}

static void expect_cell(const char *csv, int row, const char *name, const char *want)
{
    char got[128];
    cell(csv, row, name, got, sizeof got);
    ck_assert_msg(strcmp(got, want) == 0, "row %d, %s: '%s', want '%s'", row, name, got, want);
}

/* data/schemes/attune.csv means what no --scheme means: the same bytes, for
 * observed examples and a simulated trace, pooled, in CSV and JSON, and the
 * same ruptures file. */
START_TEST(test_attune_scheme_changes_nothing)
{
    static const char *const files[] = {
        SRC("data/examples/mother-a.csv"), SRC("data/examples/mother-b.csv"),
        SRC("data/examples/coder-1.csv"), SRC("tests/data/golden.csv"),
    };
    static const char *const formats[] = { "csv", "json" };
    char r1[200], r2[200];
    in_work(r1, sizeof r1, "r1.csv");
    in_work(r2, sizeof r2, "r2.csv");
    for (size_t f = 0; f < sizeof files / sizeof *files; f++)
        for (int k = 0; k < 2; k++) {
            const char *const plain[] = { "score", files[f], "--pool", "--format", formats[k],
                                          "--ruptures", r1, NULL };
            const char *const with[] = { "score", files[f], "--pool", "--format", formats[k],
                                         "--ruptures", r2, "--scheme", "attune", NULL };
            char *a = output_of(plain), *b = output_of(with);
            ck_assert_msg(strcmp(a, b) == 0, "%s (%s) differs with --scheme attune", files[f],
                          formats[k]);
            ck_assert_ptr_nonnull(strstr(a, "infant_gaze_prop"));
            size_t la, lb;
            char *ra = slurp(r1, &la), *rb = slurp(r2, &lb);
            ck_assert_msg(la == lb && memcmp(ra, rb, la) == 0, "%s: ruptures differ", files[f]);
            free(ra);
            free(rb);
            free(a);
            free(b);
        }
}
END_TEST

/* data/examples/icep-session.csv by hand (data/examples/README.md has the
 * working): rows at change points, the last lasting 2 s, so the session
 * ends at 32 s; 18-20 s is unscorable (infant out of view). */
START_TEST(test_icep_example_by_hand)
{
    char rup[200];
    in_work(rup, sizeof rup, "ruptures.csv");
    const char *const args[] = { "score", SRC("data/examples/icep-session.csv"), "--scheme",
                                 "icep", "--match-table", "icep", "--format", "csv",
                                 "--ruptures", rup, NULL };
    char *csv = output_of(args);
    ck_assert_int_eq(count_lines(csv), 5);   /* all, play, still-face, reunion */
    static const struct { int row; const char *window, *observed, *matched, *transitions,
                          *ruptures, *repairs, *gaze, *positive, *negative; } want[] = {
        { 1, "all", "30", "0.5333333333", "12", "3", "2", "0.5666666667", "0.3333333333", "0.3" },
        { 2, "play", "12", "0.8333333333", "10", "1", "1", "0.6666666667", "0.5", "0" },
        { 3, "still-face", "8", "0", "7.5", "1", "0", "0.375", "0", "0.625" },
        { 4, "reunion", "10", "0.6", "18", "1", "1", "0.6", "0.4", "0.4" },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        int r = want[i].row;
        expect_cell(csv, r, "window", want[i].window);
        expect_cell(csv, r, "observed_s", want[i].observed);
        expect_cell(csv, r, "matched_prop", want[i].matched);
        expect_cell(csv, r, "transitions_per_min", want[i].transitions);
        expect_cell(csv, r, "ruptures", want[i].ruptures);
        expect_cell(csv, r, "repairs", want[i].repairs);
        expect_cell(csv, r, "infant_gaze_prop", want[i].gaze);
        expect_cell(csv, r, "infant_positive_prop", want[i].positive);
        expect_cell(csv, r, "infant_negative_prop", want[i].negative);
    }
    expect_cell(csv, 1, "latency_mean_completed_s", "2");
    expect_cell(csv, 1, "repaired_prop", "0.6666666667");
    free(csv);
    size_t len;
    char *rows = slurp(rup, &len);
    ck_assert_int_eq(count_lines(rows), 4);
    /* play: 6 -> 8 by the caregiver; still face: 12, censored at the gap
     * (18) in the run and in its phase; reunion: 28 -> 30 by the infant */
    static const char *const cols[] = { "phase", "start_s", "latency_s", "censored",
                                        "repaired_by", "phase_latency_s", "phase_censored" };
    static const char *const rup_want[3][7] = {
        { "play", "6", "2", "0", "caregiver", "2", "0" },
        { "still-face", "12", "6", "1", "", "6", "1" },
        { "reunion", "28", "2", "0", "infant", "2", "0" },
    };
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 7; c++)
            expect_cell(rows, r + 1, cols[c], rup_want[r][c]);
    free(rows);
}
END_TEST

/* Without the gap rule the still-face rupture would run on to 24 s; the
 * same session with the unscorable row recoded as protest shows it. */
START_TEST(test_gap_against_no_gap)
{
    size_t len;
    char *text = slurp(SRC("data/examples/icep-session.csv"), &len);
    char *u = strstr(text, "unscorable");
    ck_assert_ptr_nonnull(u);
    char path[200];
    in_work(path, sizeof path, "nogap.csv");
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "%.*sprotest%s", (int)(u - text), text, u + strlen("unscorable"));
    fclose(fp);
    free(text);
    const char *const args[] = { "score", path, "--scheme", "icep", "--match-table", "icep",
                                 "--format", "csv", NULL };
    char *csv = output_of(args);
    expect_cell(csv, 1, "observed_s", "32");
    expect_cell(csv, 3, "observed_s", "10");
    expect_cell(csv, 1, "repairs", "3");   /* the still-face rupture repaired at 24 */
    expect_cell(csv, 1, "infant_negative_prop", "0.34375");   /* 11 / 32 */
    free(csv);
}
END_TEST

START_TEST(test_code_not_in_scheme)
{
    char in[200], out[200];
    write_input(in, sizeof in, "lab.csv", "t,infant_code,caregiver_code\n"
                "0,social_positive,social_positive\n1,monitor,social_positive\n");
    in_work(out, sizeof out, "scores.csv");
    result r = run_attune("score", in, "--scheme", "icep", "--match-table", "icep", "-o", out,
                          NULL);
    expect_status(&r, 2);
    char want[300];
    snprintf(want, sizeof want, "%s:3: unknown infant_code 'monitor'; scheme ", in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    expect_contains(r.err, "/data/schemes/icep.csv knows: protest, withdrawn, object, "
                    "social_monitor, social_positive, unscorable", "stderr");
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert(!exists(out));
    result_free(&r);
    /* a caregiver code of the match table that the scheme does not list */
    write_input(in, sizeof in, "lab.csv", "t,infant_code,caregiver_code\n"
                "0,social_positive,social_positive\n1,social_positive,soothe\n");
    r = run_attune("score", in, "--scheme", "icep", "--match-table", "icep", NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:3: unknown caregiver_code 'soothe'; scheme ", in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
}
END_TEST

START_TEST(test_bad_scheme)
{
    char scheme[200], out[200];
    write_input(scheme, sizeof scheme, "s.csv", "partner,code,gaze,positive,negative,unscorable\n"
                "infant,look,1,0,0,0\ninfant,gone,1,0,0,1\ncaregiver,warm,1,1,0,0\n");
    in_work(out, sizeof out, "scores.csv");
    result r = run_attune("score", SRC("data/examples/mother-a.csv"), "--scheme", scheme,
                          "-o", out, NULL);
    expect_status(&r, 2);
    char want[300];
    snprintf(want, sizeof want, "attune score: %s:3: infant code 'gone' is unscorable and "
             "also has a class", scheme);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert(!exists(out));
    result_free(&r);
    /* ICEP's codes with attune's default table: which pairs match is unknown */
    r = run_attune("score", SRC("data/examples/icep-session.csv"), "--scheme", "icep", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "/data/schemes/icep.csv:4: infant code 'object' is scorable but "
                    "match table ", "stderr");
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    r = run_attune("score", SRC("data/examples/mother-a.csv"), "--scheme", "nope", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "unknown code scheme 'nope': no nope.csv in ", "stderr");
    expect_contains(r.err, "/../data/schemes: attune, icep", "stderr");
    result_free(&r);
}
END_TEST

/* A lab's scheme by name from $ATTUNE_DATA/schemes, with its own table:
 * infant look/away/cry, caregiver warm/busy; `cry` is negative. */
START_TEST(test_scheme_by_name)
{
    char data[200], dir[240], path[280], table[200], in[200];
    snprintf(data, sizeof data, "%s/data", work);
    snprintf(dir, sizeof dir, "%s/schemes", data);
    ck_assert_int_eq(mkdir(data, 0700), 0);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/lab.csv", dir);
    write_file(path, "code,partner,negative,positive,gaze,unscorable,meaning\n"
               "look,infant,0,0,1,0,looks at mother\naway,infant,0,0,0,0,\n"
               "cry,infant,1,0,0,0,\nwarm,caregiver,0,1,1,0,\nbusy,caregiver,0,0,0,0,\n");
    write_input(table, sizeof table, "t.csv", "infant_code,caregiver_code,matched\n"
                "look,warm,1\naway,warm,0\ncry,warm,0\nlook,busy,0\naway,busy,0\ncry,busy,0\n");
    write_input(in, sizeof in, "s.csv", "t,infant_code,caregiver_code\n0,look,warm\n"
                "3,cry,busy\n4,look,warm\n");
    setenv("ATTUNE_DATA", data, 1);
    const char *const args[] = { "score", in, "--scheme", "lab", "--match-table", table,
                                 "--format", "csv", NULL };
    char *csv = output_of(args);
    unsetenv("ATTUNE_DATA");
    /* 0-3 look/warm, 3-4 cry/busy, 4-5 look/warm: 5 s */
    expect_cell(csv, 1, "observed_s", "5");
    expect_cell(csv, 1, "infant_gaze_prop", "0.8");
    expect_cell(csv, 1, "infant_negative_prop", "0.2");
    expect_cell(csv, 1, "infant_positive_prop", "");   /* no infant code is positive */
    expect_cell(csv, 1, "ruptures", "1");
    expect_cell(csv, 1, "repairs", "1");
    free(csv);
}
END_TEST

Suite *suite_cli_score_scheme(void);

Suite *suite_cli_score_scheme(void)
{
    Suite *s = suite_create("cli_score_scheme");
    TCase *tc = fixture_tcase("scheme", setup);
    tcase_add_test(tc, test_attune_scheme_changes_nothing);
    tcase_add_test(tc, test_icep_example_by_hand);
    tcase_add_test(tc, test_gap_against_no_gap);
    tcase_add_test(tc, test_code_not_in_scheme);
    tcase_add_test(tc, test_bad_scheme);
    tcase_add_test(tc, test_scheme_by_name);
    suite_add_tcase(s, tc);
    return s;
}
