/* The program's data search path (cli/cli_common.c cli_data_path_init):
 * $ATTUNE_DATA first, then the folder beside the program, then the installed
 * PREFIX/share/attune, as docs/SCORING.md says; the library only follows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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

/* A table file a scenario file names is found beside the scenario file,
 * whatever the working folder: the same file and seed, the same bytes. */
START_TEST(test_scenario_table_beside_the_scenario)
{
    char sc[200], path[260], mine[260], out_a[260], out_b[260], out_c[260], out_d[260];
    snprintf(sc, sizeof sc, "%s/sc", work);
    ck_assert_int_eq(mkdir(sc, 0700), 0);
    char *attuned = slurp(ATT_SRCDIR "/data/match/attuned.csv", NULL);
    char *same = slurp(ATT_SRCDIR "/data/match/same-state.csv", NULL);
    snprintf(mine, sizeof mine, "%s/mymatch.csv", sc);
    write_file(mine, attuned);
    snprintf(path, sizeof path, "%s/mymatch.csv", work);  /* a decoy in the working folder */
    write_file(path, same);
    snprintf(path, sizeof path, "%s/odd.ini", sc);
    write_file(path, "[scenario]\nname = odd\nduration = 30\nmatch_table = mymatch.csv\n"
                     "[phase]\nname = play\nduration = 30\npolicy = intrusive\n");
    snprintf(out_a, sizeof out_a, "%s/a.csv", work);
    snprintf(out_b, sizeof out_b, "%s/b.csv", work);
    snprintf(out_c, sizeof out_c, "%s/c.csv", work);
    snprintf(out_d, sizeof out_d, "%s/d.csv", work);
    ck_assert_int_eq(chdir(work), 0);
    result r = run_attune("run", "sc/odd.ini", "--seed", "3", "-q", "-o", out_a, NULL);
    expect_status(&r, 0);
    result_free(&r);
    ck_assert_int_eq(chdir(sc), 0);
    r = run_attune("run", "odd.ini", "--seed", "3", "-q", "-o", out_b, NULL);
    expect_status(&r, 0);
    result_free(&r);
    /* the table named outright: the same trace */
    r = run_attune("run", "odd.ini", "--seed", "3", "-q", "--match-table", mine, "-o", out_c, NULL);
    expect_status(&r, 0);
    result_free(&r);
    /* --set is the user's: relative to the working folder, the decoy */
    ck_assert_int_eq(chdir(work), 0);
    r = run_attune("run", "sc/odd.ini", "--seed", "3", "-q", "--set",
                   "scenario.match_table=mymatch.csv", "-o", out_d, NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t la, lb, lc, ld;
    char *a = slurp(out_a, &la), *b = slurp(out_b, &lb), *c = slurp(out_c, &lc),
         *d = slurp(out_d, &ld);
    ck_assert(la == lb && memcmp(a, b, la) == 0);
    ck_assert(la == lc && memcmp(a, c, la) == 0);
    ck_assert_msg(la != ld || memcmp(a, d, la) != 0, "the decoy table judged as the other");
    free(a), free(b), free(c), free(d), free(attuned), free(same);
}
END_TEST

/* The table a scenario names is an input like --match-table's: -o naming
 * it is refused, the table kept; a missing one names the scenario. */
START_TEST(test_scenario_table_is_an_input)
{
    char sc[200], table[260], scn[260], exp[260], data_csv[260];
    snprintf(sc, sizeof sc, "%s/sc", work);
    ck_assert_int_eq(mkdir(sc, 0700), 0);
    char *attuned = slurp(ATT_SRCDIR "/data/match/attuned.csv", NULL);
    snprintf(table, sizeof table, "%s/mymatch.csv", sc);
    write_file(table, attuned);
    snprintf(scn, sizeof scn, "%s/odd.ini", sc);
    write_file(scn, "[scenario]\nname = odd\nduration = 30\nmatch_table = mymatch.csv\n"
                    "[phase]\nname = play\nduration = 30\npolicy = patient\n");
    snprintf(exp, sizeof exp, "%s/exp.ini", sc);
    write_file(exp, "[scenario]\nname = odd\nduration = 30\nmatch_table = mymatch.csv\n"
                    "[batch]\nreplicates = 2\n");
    snprintf(data_csv, sizeof data_csv, "%s/data.csv", work);
    write_file(data_csv, "t,infant_code,caregiver_code\n0,positive,positive\n");
    result r = run_attune("run", scn, "-q", "-o", table, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "is the input", "stderr");
    result_free(&r);
    r = run_attune("batch", exp, "-q", "-o", table, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "is the input", "stderr");
    result_free(&r);
    r = run_attune("fit", scn, data_csv, "--free", "caregiver.wait_time", "--match-table", table,
                   "-o", table, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "is the input", "stderr");
    result_free(&r);
    expect_file_text(table, attuned);
    char part[280];
    snprintf(part, sizeof part, "%s.part", table);
    ck_assert(!exists(part));
    /* gone: the message says which scenario named it, and where it looked */
    ck_assert_int_eq(unlink(table), 0);
    r = run_attune("run", scn, "-q", "-o", "-", NULL);
    expect_status(&r, 2);
    char want[600];
    snprintf(want, sizeof want, "%s: its match table: %s: cannot read", scn, table);
    expect_contains(r.err, want, "stderr");
    result_free(&r);
    free(attuned);
}
END_TEST

Suite *suite_cli_datadir(void)
{
    Suite *s = suite_create("cli_datadir");
    TCase *tc = fixture_tcase("search_path", datadir_setup);
    tcase_add_checked_fixture(tc, NULL, datadir_teardown);
    tcase_add_test(tc, test_attune_data_first_then_beside_then_installed);
    tcase_add_test(tc, test_empty_attune_data_is_unset);
    tcase_add_test(tc, test_scenario_table_beside_the_scenario);
    tcase_add_test(tc, test_scenario_table_is_an_input);
    suite_add_tcase(s, tc);
    return s;
}
