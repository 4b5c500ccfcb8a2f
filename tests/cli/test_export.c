/* `attune export --sdis` through the real program ($ATTUNE_BIN, set by
 * `make check`): the SDIS text of hand-made runs, and bad files reported as
 * FILE:LINE with nothing written.
 *
 * Through the fixture (tests/fixture.h): the program is started with
 * posix_spawn (no shell), stdout and stderr captured in io/, inputs and
 * outputs in w/ of a fresh folder per test, so listing w/ shows exactly
 * what a command left behind (a temporary file shows as a hidden name). */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- export --sdis ---- */

#define SDIS_COMMENTS \
    "% SDIS timed-event data for GSEQ, written by attune export --sdis.\n" \
    "% Sessions are the runs of the coded files: <RUN>, then the events as\n" \
    "% CODE,ONSET-OFFSET in onset order, then ,END/ where END is the end of the\n" \
    "% run's last row.  Times are the files' t in seconds; an event lasts from its\n" \
    "% onset up to, not including, its offset (the next code's onset).\n" \
    "% Code names: infant code X is i_X and caregiver code X is c_X, every character\n" \
    "% other than a letter, digit or _ becoming _.  Each set in parentheses, the\n" \
    "% infant's and the caregiver's, is mutually exclusive and exhaustive.\n"

static const char sdis_header[] =
    SDIS_COMMENTS
    "Timed (i_positive i_monitor i_avert i_protest i_withdrawn)\n"
    "      (c_positive c_monitor c_intrusive c_still c_withdrawn c_soothe);\n";

/* Two runs, the second at dt 0.1 with times written as a simulation would:
 * run x ends at 2 + 1 = 3, run y at 0.3 + 0.1 = 0.4. */
static const char coded_xy[] =
    "run,t,infant_code,caregiver_code,matched\n"
    "x,0,positive,positive,1\n"
    "x,1,positive,still,0\n"
    "x,2,protest,still,0\n"
    "y,0.0,withdrawn,soothe,1\n"
    "y,0.1,withdrawn,soothe,1\n"
    "y,0.2,monitor,monitor,1\n"
    "y,0.3,monitor,monitor,1\n";

START_TEST(test_export_sdis)
{
    char in[256];
    write_input(in, sizeof in, "xy.csv", coded_xy);
    char want[4096];
    snprintf(want, sizeof want,
             "%s"
             "\n"
             "%% from %s\n"
             "<x>\n"
             "i_positive,0-2\n"
             "c_positive,0-1\n"
             "c_still,1-3\n"
             "i_protest,2-3\n"
             ",3/\n"
             "\n"
             "%% from %s\n"
             "<y>\n"
             "i_withdrawn,0-0.2\n"
             "c_soothe,0-0.2\n"
             "i_monitor,0.2-0.4\n"
             "c_monitor,0.2-0.4\n"
             ",0.4/\n", sdis_header, in, in);
    result r = run_attune("export", "--sdis", in, NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    ck_assert_str_eq(r.out, want);
    result_free(&r);

    r = run_attune("export", in, "-o", seq_out, "--sdis", "--match-table", "attuned", NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    char *file = slurp(seq_out, NULL);
    ck_assert_ptr_nonnull(file);
    ck_assert_str_eq(file, want);
    free(file);
    expect_listing("OUT xy.csv");
}
END_TEST

/* A multi-session trace names its units RUN/SESSION: the label writes the
 * '/' as '_', since SDIS closes a session with '/'. */
START_TEST(test_export_sdis_sessions)
{
    char in[256];
    write_input(in, sizeof in, "days.csv",
                "run,session,t,infant_code,caregiver_code,matched\n"
                "1,1,0,positive,positive,1\n"
                "1,1,1,avert,positive,0\n"
                "1,2,0,monitor,still,0\n"
                "1,2,1,monitor,still,0\n");
    char want[4096];
    snprintf(want, sizeof want,
             "%s"
             "\n"
             "%% from %s\n"
             "<1_1>\n"
             "i_positive,0-1\n"
             "c_positive,0-2\n"
             "i_avert,1-2\n"
             ",2/\n"
             "\n"
             "%% from %s\n"
             "<1_2>\n"
             "i_monitor,0-2\n"
             "c_still,0-2\n"
             ",2/\n", sdis_header, in, in);
    result r = run_attune("export", "--sdis", in, NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    ck_assert_str_eq(r.out, want);
    result_free(&r);
}
END_TEST

START_TEST(test_export_bad_file)
{
    char in[256], good[256], want[300], line[600];
    write_input(good, sizeof good, "good.csv", coded_xy);
    /* line 3 has a ragged row */
    write_input(in, sizeof in, "bad.csv",
                "run,t,infant_code,caregiver_code\n"
                "a,0,monitor,soothe\n"
                "a,1,avert\n");
    result r = run_attune("export", "--sdis", good, in, NULL);
    expect_status(&r, 2);
    ck_assert_msg(r.out_len == 0, "stdout not empty on error:\n%s", r.out);
    snprintf(want, sizeof want, "%s:3: ", in);
    ck_assert_msg(strncmp(first_line(r.err, line, sizeof line), want, strlen(want)) == 0,
                  "stderr: %s", r.err);
    result_free(&r);

    write_input(seq_out, sizeof seq_out, "OUT", "old export\n");
    r = run_attune("export", "--sdis", good, in, "-o", seq_out, NULL);
    expect_status(&r, 2);
    result_free(&r);
    char *old = slurp(seq_out, NULL);
    ck_assert_str_eq(old, "old export\n");
    free(old);

    /* A one-row run has no duration to export: named by file and line. */
    write_input(in, sizeof in, "bad.csv",
                "run,t,infant_code,caregiver_code\n"
                "a,0,monitor,soothe\n"
                "a,1,avert,soothe\n"
                "b,5,avert,soothe\n");
    r = run_attune("export", "--sdis", in, "-o", seq_out, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:4: run 'b': ", in);
    ck_assert_msg(strncmp(first_line(r.err, line, sizeof line), want, strlen(want)) == 0,
                  "stderr: %s", r.err);
    result_free(&r);
    old = slurp(seq_out, NULL);
    ck_assert_str_eq(old, "old export\n");
    free(old);

    /* A match table named explicitly (same-state has the same codes, so
     * the export is the default table's), written over the old file. */
    r = run_attune("export", "--sdis", good, NULL);
    expect_status(&r, 0);
    ck_assert_uint_gt(r.out_len, 0);
    char *by_default = r.out;
    r.out = NULL;
    result_free(&r);
    r = run_attune("export", "--sdis", good, "--match-table", "same-state", "-o", seq_out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    expect_file_text(seq_out, by_default);
    free(by_default);
    expect_listing("OUT bad.csv good.csv");
}
END_TEST

/* ---- code schemes: unscorable stretches ---- */

/* seq_gap_coded (tests/fixture.c) under seq_gap_scheme: the unscorable
 * codes (infant hidden, caregiver away) are not declared, and the run is
 * cut at each gap, at t 3 and at t 7-8 (its rows are in
 * tests/cli/test_contingency.c's comment):
 *   part 1, rows 0-2, ends at 3 where the first gap starts;
 *   part 2 (<gaps#2>), rows 4-6, ends at 7: the still face of 5-6 lasts to 7;
 *   part 3 (<gaps#3>), rows 9-13, ends at 14 (the last row lasts 1 s).
 * Events in onset order, the infant's first at equal onsets.  dark.csv is
 * unscorable throughout (infant hidden, then caregiver away): no session,
 * a comment says so. */
START_TEST(test_export_sdis_gaps)
{
    char in[256], dark[256], scheme[256];
    write_input(in, sizeof in, "gaps.csv", seq_gap_coded);
    write_input(dark, sizeof dark, "dark.csv",
                "t,infant_code,caregiver_code\n0,hidden,warm\n1,calm,away\n");
    write_input(scheme, sizeof scheme, "lab.csv", seq_gap_scheme);
    char want[4096];
    snprintf(want, sizeof want,
             "%s"
             "%% The code scheme's unscorable codes are no SDIS codes: a run is cut at each\n"
             "%% unscorable stretch (,START/ at its start) and goes on after it as <RUN#2>,\n"
             "%% <RUN#3>, ...\n"
             "Timed (i_calm i_fuss)\n"
             "      (c_warm c_still);\n"
             "\n"
             "%% from %s\n"
             "<gaps>\n"
             "i_fuss,0-1\n" "c_warm,0-1\n" "i_calm,1-2\n" "c_still,1-2\n"
             "i_fuss,2-3\n" "c_warm,2-3\n"
             ",3/\n"
             "\n"
             "%% from %s, the run after a gap from 3 to 4 s\n"
             "<gaps#2>\n"
             "i_fuss,4-5\n" "c_warm,4-5\n" "i_calm,5-6\n" "c_still,5-7\n" "i_fuss,6-7\n"
             ",7/\n"
             "\n"
             "%% from %s, the run after a gap from 7 to 9 s\n"
             "<gaps#3>\n"
             "i_calm,9-10\n" "c_still,9-10\n" "i_fuss,10-11\n" "c_warm,10-14\n"
             "i_calm,11-14\n"
             ",14/\n"
             "\n"
             "%% from %s: <dark> left out: unscorable throughout\n", SDIS_COMMENTS, in, in, in,
             dark);
    result r = run_attune("export", "--sdis", in, dark, "--scheme", scheme, NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    ck_assert_str_eq(r.out, want);
    result_free(&r);
    expect_listing("dark.csv gaps.csv lab.csv");
}
END_TEST

/* The documented workflow (data/examples/README.md): an ELAN export
 * imported with the ICEP scheme exports as it scores.  Coder 1's infant is
 * unscorable at 40-43 s: the session is cut there and goes on at 43. */
START_TEST(test_export_icep_workflow)
{
    char coder[256];
    import_icep_example(coder, sizeof coder);
    result r = run_attune("export", "--sdis", coder, "--scheme", "icep", "--match-table", "icep", NULL);
    expect_status(&r, 0);
    char want[600];
    snprintf(want, sizeof want, "i_withdrawn,37-40\n,40/\n\n%% from %s, the run after a gap "
             "from 40 to 43 s\n<coder-a#2>\ni_social_monitor,43-50\n", coder);
    ck_assert_msg(strstr(r.out, want) != NULL, "%s", r.out);
    ck_assert_msg(strstr(r.out, "\n<coder-a>\ni_social_positive,0-6\n") != NULL, "%s", r.out);
    ck_assert_msg(strstr(r.out, "unscorable)") == NULL && strstr(r.out, "i_unscorable") == NULL,
                  "%s", r.out);
    ck_assert_msg(strstr(r.out, "\n,60/\n") != NULL, "%s", r.out);
    result_free(&r);
}
END_TEST

/* ---- session labels never repeat ---- */

/* Runs whose labels would be one, refused as colliding codes are: exit
 * status 2, both runs named with their files, the old output untouched. */
START_TEST(test_export_label_collisions)
{
    char one[256], two[256], odd[256], gaps[256], other[256], scheme[256], line[2000];
    char want[2000];
    static const char why[] = " (a label is the run's name, '/', '<', '>' and control "
                              "characters made '_', compared ignoring case): give the runs "
                              "distinct names (their run or session column, or --map "
                              "run=COLUMN) or export them to separate files";
    write_input(one, sizeof one, "one.csv", "run,t,infant_code,caregiver_code\n"
                "1,0,monitor,soothe\n1,1,avert,soothe\n");
    write_input(two, sizeof two, "two.csv", "run,t,infant_code,caregiver_code\n"
                "1,0,avert,soothe\n1,1,monitor,soothe\n");
    write_input(odd, sizeof odd, "odd.csv", "run,t,infant_code,caregiver_code\n"
                "a_b_c_,0,monitor,soothe\na_b_c_,1,avert,soothe\n"
                "\"a/b<c>\",0,monitor,soothe\n\"a/b<c>\",1,avert,soothe\n"
                "X,0,monitor,soothe\nX,1,avert,soothe\nx,0,monitor,soothe\nx,1,avert,soothe\n");
    write_input(gaps, sizeof gaps, "gaps.csv", seq_gap_coded);
    write_input(other, sizeof other, "other.csv", "run,t,infant_code,caregiver_code\n"
                "gaps#2,0,calm,warm\ngaps#2,1,fuss,warm\n");
    write_input(scheme, sizeof scheme, "lab.csv", seq_gap_scheme);
    write_input(seq_out, sizeof seq_out, "OUT", "old export\n");
    struct { const char *args[9]; char first[1200]; } cases[3] = {
        { { "export", "--sdis", one, two, "-o", seq_out, NULL }, "" },
        { { "export", "--sdis", odd, "-o", seq_out, NULL }, "" },
        { { "export", "--sdis", gaps, other, "--scheme", scheme, "-o", seq_out, NULL }, "" },
    };
    snprintf(cases[0].first, sizeof cases[0].first, "attune export: run '1' (from %s) and run "
             "'1' (from %s) would both be SDIS session <1>", one, two);
    snprintf(cases[1].first, sizeof cases[1].first, "attune export: run 'a_b_c_' (from %s) and "
             "run 'a/b<c>' (from %s) would both be SDIS session <a_b_c_>", odd, odd);
    snprintf(cases[2].first, sizeof cases[2].first, "attune export: part 'gaps#2' (from %s) and "
             "run 'gaps#2' (from %s) would both be SDIS session <gaps#2>", gaps, other);
    for (int i = 0; i < 3; i++) {
        result r = run_argv(cases[i].args);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        snprintf(want, sizeof want, "%s%s", cases[i].first, why);
        ck_assert_str_eq(first_line(r.err, line, sizeof line), want);
        result_free(&r);
        expect_file_text(seq_out, "old export\n");
    }
    /* Labels are compared ignoring case, as codes are: X and x collide. */
    write_input(odd, sizeof odd, "odd.csv", "run,t,infant_code,caregiver_code\n"
                "X,0,monitor,soothe\nX,1,avert,soothe\nx,0,monitor,soothe\nx,1,avert,soothe\n");
    result r = run_attune("export", "--sdis", odd, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "attune export: run 'X' (from %s) and run 'x' (from %s) would "
             "both be SDIS session <x>%s", odd, odd, why);
    ck_assert_str_eq(first_line(r.err, line, sizeof line), want);
    result_free(&r);
    expect_listing("OUT gaps.csv lab.csv odd.csv one.csv other.csv two.csv");
}
END_TEST

Suite *suite_cli_export(void)
{
    Suite *s = suite_create("cli_export");
    TCase *tc = fixture_tcase("contingency_export", seq_setup);
    tcase_add_test(tc, test_export_sdis);
    tcase_add_test(tc, test_export_sdis_sessions);
    tcase_add_test(tc, test_export_bad_file);
    tcase_add_test(tc, test_export_sdis_gaps);
    tcase_add_test(tc, test_export_icep_workflow);
    tcase_add_test(tc, test_export_label_collisions);
    suite_add_tcase(s, tc);
    return s;
}
