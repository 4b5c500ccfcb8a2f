/* Edges of observed-session input found by the issue 16 audit, through the
 * real program ($ATTUNE_BIN): two coders' files whose session column names
 * different sessions are refused even when each session is named like its
 * file; an ELAN export with a line of column names reads as without it.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dyad07.csv holds session dyad07, dyad08.csv session dyad08: two different
 * sessions, so agree refuses them, naming both (exit 2, nothing written).
 * The same two files without the session column are one session each,
 * named after the files, and compared. */
START_TEST(test_agree_sessions_named_like_files)
{
    char a[256], b[256], out[256];
    in_work(a, sizeof a, "dyad07.csv");
    in_work(b, sizeof b, "dyad08.csv");
    in_work(out, sizeof out, "agree.csv");
    write_file(a, "t,session,infant_code,caregiver_code\n0,dyad07,positive,positive\n"
                  "1,dyad07,avert,monitor\n2,dyad07,positive,positive\n");
    write_file(b, "t,session,infant_code,caregiver_code\n0,dyad08,positive,positive\n"
                  "1,dyad08,avert,monitor\n2,dyad08,positive,positive\n");
    result r = run_attune("agree", a, b, "-o", out, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "dyad08.csv:2: run 'dyad08' is not run 1", "stderr");
    result_free(&r);
    ck_assert(!exists(out));

    write_file(a, "t,infant_code,caregiver_code\n0,positive,positive\n1,avert,monitor\n"
                  "2,positive,positive\n");
    write_file(b, "t,infant_code,caregiver_code\n0,positive,positive\n1,avert,monitor\n"
                  "2,positive,monitor\n");
    r = run_attune("agree", a, b, "--format", "csv", NULL);
    expect_status(&r, 0);
    /* infant: 3 of 3 units agree; caregiver: 2 of 3 */
    expect_contains(r.out, "\ninfant,1,3,1,3,100,", "stdout");
    expect_contains(r.out, "\ncaregiver,1,3,1,2,66.66666667,", "stdout");
    result_free(&r);
}
END_TEST

/* A first line of ELAN's column names is passed over: the import equals the
 * one of the file without it, byte for byte.  Such a line after annotations
 * is an error at its line. */
START_TEST(test_elan_column_names)
{
    char *tiers = slurp(SRC("data/examples/elan-tiers.txt"), NULL);
    static const char names[] = "Tier\tParticipant\tBegin Time\tEnd Time\tDuration\tAnnotation\n";
    char *with = malloc(strlen(names) + strlen(tiers) + 1);
    ck_assert_ptr_nonnull(with);
    strcpy(with, names);
    strcat(with, tiers);
    char in[256], plain[256], out1[256], out2[256];
    in_work(in, sizeof in, "named.txt");
    in_work(plain, sizeof plain, "plain.txt");
    in_work(out1, sizeof out1, "named.csv");
    in_work(out2, sizeof out2, "plain.csv");
    write_file(in, with);
    write_file(plain, tiers);
    result r = run_attune("import", "elan", in, "--map", SRC("data/examples/elan-map.csv"), "-o",
                          out1, NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("import", "elan", plain, "--map", SRC("data/examples/elan-map.csv"), "-o",
                   out2, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *t1 = slurp(out1, NULL), *t2 = slurp(out2, NULL);
    ck_assert_str_eq(t1, t2);
    free(t1);
    free(t2);

    strcpy(with, tiers);
    strcat(with, names);
    write_file(in, with);
    char late[256];
    in_work(late, sizeof late, "late.csv");
    r = run_attune("import", "elan", in, "--map", SRC("data/examples/elan-map.csv"), "-o", late,
                   NULL);
    expect_status(&r, 2);
    char where[64];
    snprintf(where, sizeof where, "named.txt:%d:", count_lines(tiers) + 1);
    expect_contains(r.err, where, "stderr");
    result_free(&r);
    ck_assert(!exists(late));
    free(with);
    free(tiers);
}
END_TEST

Suite *suite_cli_observed_edges(void)
{
    Suite *s = suite_create("cli_observed_edges");
    TCase *tc = fixture_tcase("observed_edges", setup);
    tcase_add_test(tc, test_agree_sessions_named_like_files);
    tcase_add_test(tc, test_elan_column_names);
    suite_add_tcase(s, tc);
    return s;
}
