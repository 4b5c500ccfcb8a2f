/* The program's data search path (cli/cli_common.c cli_data_path_init):
 * $ATTUNE_DATA first, then the folder beside the program, then the installed
 * PREFIX/share/attune, as docs/SCORING.md says; the library only follows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tests/fixture.h"

#ifndef ATT_DATADIR
#define ATT_DATADIR "/usr/local/share/attune"
#endif
#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

static char data[160], coded[200];

static void datadir_setup(void)
{
    setup();
    snprintf(data, sizeof data, "%s/data", work);
    char match[200], table[240];
    snprintf(match, sizeof match, "%s/match", data);
    ck_assert_int_eq(mkdir(data, 0700), 0);
    ck_assert_int_eq(mkdir(match, 0700), 0);
    snprintf(table, sizeof table, "%s/mine.csv", match);
    write_file(table, "infant_code,caregiver_code,matched\nx,y,1\n");
    snprintf(coded, sizeof coded, "%s/data/examples/mother-a.csv", ATT_SRCDIR);
}

static void datadir_teardown(void)
{
    unsetenv("ATTUNE_DATA");   /* the fixture's teardown removes the folders */
}

START_TEST(test_attune_data_first_then_beside_then_installed)
{
    setenv("ATTUNE_DATA", data, 1);
    result r = run_attune("score", "--match-table", "nope", coded, NULL);
    expect_status(&r, 2);
    char want[600];
    snprintf(want, sizeof want, "no nope.csv in %s/match, ", data);
    expect_contains(r.err, want, "stderr");
    expect_contains(r.err, "/../data/match, " ATT_DATADIR "/match; available in ", "stderr");
    snprintf(want, sizeof want, "available in %s/match: mine", data);
    expect_contains(r.err, want, "stderr");
    result_free(&r);
}
END_TEST

START_TEST(test_empty_attune_data_is_unset)
{
    setenv("ATTUNE_DATA", "", 1);
    result r = run_attune("score", "--match-table", "nope", coded, NULL);
    expect_status(&r, 2);
    /* the folder beside the program (the source tree's data/match) comes first */
    expect_contains(r.err, "'nope': no nope.csv in /", "stderr");
    expect_contains(r.err, "/../data/match: attuned, icep, same-state", "stderr");
    ck_assert_msg(strstr(r.err, data) == NULL, "%s", r.err);
    result_free(&r);
}
END_TEST

Suite *suite_cli_datadir(void)
{
    Suite *s = suite_create("cli_datadir");
    TCase *tc = fixture_tcase("search_path", datadir_setup);
    tcase_add_checked_fixture(tc, NULL, datadir_teardown);
    tcase_add_test(tc, test_attune_data_first_then_beside_then_installed);
    tcase_add_test(tc, test_empty_attune_data_is_unset);
    suite_add_tcase(s, tc);
    return s;
}
