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

static const char sdis_header[] =
    "% SDIS timed-event data for GSEQ, written by attune export --sdis.\n"
    "% Sessions are the runs of the coded files: <RUN>, then the events as\n"
    "% CODE,ONSET-OFFSET in onset order, then ,END/ where END is the end of the\n"
    "% run's last row.  Times are the files' t in seconds; an event lasts from its\n"
    "% onset up to, not including, its offset (the next code's onset).\n"
    "% Code names: infant code X is i_X and caregiver code X is c_X, every character\n"
    "% other than a letter, digit or _ becoming _.  Each set in parentheses, the\n"
    "% infant's and the caregiver's, is mutually exclusive and exhaustive.\n"
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

Suite *suite_cli_export(void)
{
    Suite *s = suite_create("cli_export");
    TCase *tc = fixture_tcase("contingency_export", seq_setup);
    tcase_add_test(tc, test_export_sdis);
    tcase_add_test(tc, test_export_sdis_sessions);
    tcase_add_test(tc, test_export_bad_file);
    suite_add_tcase(s, tc);
    return s;
}
