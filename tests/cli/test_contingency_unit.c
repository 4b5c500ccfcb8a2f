/* `attune contingency --unit` through the real program ($ATTUNE_BIN, set by
 * `make check`): a change-point file (one row per change of code, irregular
 * times) tallied on a grid of seconds, against tables counted by hand; the
 * same session written on a 1-s grid gives the same table without --unit;
 * a bad --unit exits 2 with a message and writes nothing.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a
 * fresh folder per test, so listing w/ shows what a command left behind. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Given infant avert, target caregiver soothe, window 3 s.  Change points:
 *   t          0        2         3.5      5         8
 *   infant     monitor  avert     avert    monitor   monitor
 *   caregiver  soothe   positive  soothe   positive  soothe
 * The last row lasts as long as the interval before it (3 s): the run ends
 * at 11.  With --unit 1 the units start at t 0..10 (ceil(11 / 1) = 11) and
 * take the row in force at their start:
 *   unit t     0  1  2  3  4  5  6  7  8  9  10
 *   infant     M  M  A  A  A  M  M  M  M  M  M    onset t 2 (unit 2)
 *   given      .  .  g  g  g  .  .  .  .  .  .    window [2, 5)
 *   caregiver  S  S  P  P  S  P  P  P  S  S  S    (unit 3 starts before 3.5)
 *   -> a = 1 (t 4), b = 2 (t 2, 3), c = 5 (t 0, 1, 8, 9, 10), d = 3 (t 5-7)
 * With --unit 2: units at t 0, 2, 4, 6, 8, 10 (ceil(11 / 2) = 6):
 *   infant M A A M M M, caregiver S P S P S S; window [2, 5) holds t 2, 4
 *   -> a = 1 (t 4), b = 1 (t 2), c = 3 (t 0, 8, 10), d = 1 (t 6)
 * Counting rows instead (no --unit), as before: onset row t 2, given rows
 * t 2 and 3.5, target rows t 0, 3.5, 8 -> a = 1, b = 1, c = 2, d = 1. */
static const char change_points[] =
    "run,t,infant_code,caregiver_code\n"
    "x,0,monitor,soothe\n"
    "x,2,avert,positive\n"
    "x,3.5,avert,soothe\n"
    "x,5,monitor,positive\n"
    "x,8,monitor,soothe\n";

/* The same session written on a 1-s grid: one row per second, t 0..10. */
static const char one_second[] =
    "run,t,infant_code,caregiver_code\n"
    "x,0,monitor,soothe\n"
    "x,1,monitor,soothe\n"
    "x,2,avert,positive\n"
    "x,3,avert,positive\n"
    "x,4,avert,soothe\n"
    "x,5,monitor,positive\n"
    "x,6,monitor,positive\n"
    "x,7,monitor,positive\n"
    "x,8,monitor,soothe\n"
    "x,9,monitor,soothe\n"
    "x,10,monitor,soothe\n";

/* Runs contingency on `in` (unit NULL: no --unit) and checks the a, b, c, d
 * fields of run x's row and of the pooled row. */
static void expect_table(const char *in, const char *unit, long a, long b, long c, long d)
{
    const char *args[] = { "contingency", in, "--given", "infant:avert",
                           "--target", "caregiver:soothe", "--window", "3", "--format", "csv",
                           unit ? "--unit" : NULL, unit, NULL };
    result r = run_argv(args);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    ck_assert_int_eq(count_lines(r.out), 3);   /* header, x, pooled */
    const long want[4] = { a, b, c, d };
    for (int k = 1; k <= 2; k++) {
        char line[1024], buf[64];
        ck_assert_ptr_nonnull(line_at(r.out, k));
        first_line(line_at(r.out, k), line, sizeof line);
        ck_assert_str_eq(field(line, 0, buf, sizeof buf), k == 1 ? "run" : "pooled");
        ck_assert_str_eq(field(line, 1, buf, sizeof buf), k == 1 ? "x" : "pooled");
        /* unit_s says what was counted: the grid's U, or empty for rows */
        ck_assert_str_eq(field(line, 5, buf, sizeof buf), unit ? unit : "");
        for (int j = 0; j < 4; j++)
            ck_assert_msg(atol(field(line, 6 + j, buf, sizeof buf)) == want[j],
                          "unit %s: %s: column %d is %s, not %ld", unit ? unit : "none",
                          line, 6 + j, buf, want[j]);
    }
    result_free(&r);
}

START_TEST(test_unit_change_points)
{
    char cp[256], grid[256];
    write_input(cp, sizeof cp, "cp.csv", change_points);
    write_input(grid, sizeof grid, "grid.csv", one_second);
    expect_table(cp, "1", 1, 2, 5, 3);
    expect_table(cp, "2", 1, 1, 3, 1);
    expect_table(cp, NULL, 1, 1, 2, 1);   /* rows, as before */
    expect_table(grid, NULL, 1, 2, 5, 3);  /* the 1-s grid needs no --unit */
    expect_table(grid, "1", 1, 2, 5, 3);
    expect_listing("cp.csv grid.csv");
}
END_TEST

START_TEST(test_unit_bad)
{
    char cp[256], out[256];
    write_input(cp, sizeof cp, "cp.csv", change_points);
    in_work(out, sizeof out, "OUT");
    static const char *const bad[][2] = {
        { "0", "must be a number of seconds > 0" }, { "-1", "must be a number of seconds > 0" },
        { "abc", "--unit abc" }, { "1e-9", "shorter than the time resolution" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        result r = run_attune("contingency", cp, "--given", "infant:avert", "--target",
                              "caregiver:soothe", "--window", "3", "--unit", bad[i][0],
                              "-o", out, NULL);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        expect_contains(r.err, bad[i][1], bad[i][0]);
        expect_contains(r.err, "unit", bad[i][0]);
        result_free(&r);
    }
    expect_listing("cp.csv");
}
END_TEST

Suite *suite_cli_contingency_unit(void)
{
    Suite *s = suite_create("cli_contingency_unit");
    TCase *tc = fixture_tcase("unit", setup);
    tcase_add_test(tc, test_unit_change_points);
    tcase_add_test(tc, test_unit_bad);
    suite_add_tcase(s, tc);
    return s;
}
