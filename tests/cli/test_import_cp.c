/* `attune import --change-points` and the end column of every import,
 * through the real program ($ATTUNE_BIN): the shipped BORIS and ELAN
 * exports (data/examples/) against rows listed by hand from their events,
 * scored to hand-worked numbers; a grid whose step does not divide the
 * session scored to the session's length; bad input with FILE:LINE, exit
 * status 2 and nothing written.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* data/examples/boris-events.csv by hand: Infant positive 0-5, avert 5-8,
 * positive 8-12.48, protest 12.48-20, withdrawn 20-24, monitor 24-30;
 * Mother positive 0-4, intrusive 4-9.52, positive 9.52-12, still 12-22,
 * soothe 22-25, positive 25-30; Episode play 0-12, still-face 12-22,
 * reunion 22-30; the media lasts 30 s.  Each change is a row. */
static const char boris_cp[] =
    "t,phase,infant_code,caregiver_code,end\n"
    "0,play,positive,positive,30\n"
    "4,play,positive,intrusive,30\n"
    "5,play,avert,intrusive,30\n"
    "8,play,positive,intrusive,30\n"
    "9.52,play,positive,positive,30\n"
    "12,still-face,positive,still,30\n"
    "12.48,still-face,protest,still,30\n"
    "20,still-face,withdrawn,still,30\n"
    "22,reunion,withdrawn,soothe,30\n"
    "24,reunion,monitor,soothe,30\n"
    "25,reunion,monitor,positive,30\n";

/* Scored (table attuned): matched 0-4, 9.52-12, 22-24, 25-30 = 13.48 s of
 * 30; ruptures at 4 (repaired at 9.52 by the caregiver: 5.52 s), 12
 * (repaired at 22: 10 s) and 24 (repaired at 25: 1 s); 6 transitions
 * (4, 9.52, 12, 22, 24, 25) = 12 a minute.  The 1-s grid import gives 6 s
 * for the first latency instead (the repair falls between grid points). */
START_TEST(test_boris_change_points)
{
    char cp[256], rup[256];
    in_work(cp, sizeof cp, "cp.csv");
    in_work(rup, sizeof rup, "rup.csv");
    result r = run_attune("import", "boris", SRC("data/examples/boris-events.csv"), "--map",
                          SRC("data/examples/boris-map.csv"), "--change-points", "-o", cp, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *text = slurp(cp, NULL);
    ck_assert_str_eq(text, boris_cp);
    free(text);
    r = run_attune("score", cp, "--format", "csv", "--ruptures", rup, NULL);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "observed_s"), 30, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "matched_prop"), 13.48 / 30, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "ruptures"), 3, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "repairs"), 3, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "transitions_per_min"), 12, 1e-9);
    result_free(&r);
    text = slurp(rup, NULL);
    static const double start[] = { 4, 12, 24 }, latency[] = { 5.52, 10, 1 };
    for (int i = 0; i < 3; i++) {
        ck_assert_double_eq_tol(csv_cell(text, i + 1, "start_s"), start[i], 1e-9);
        ck_assert_double_eq_tol(csv_cell(text, i + 1, "latency_s"), latency[i], 1e-9);
        ck_assert_double_eq_tol(csv_cell(text, i + 1, "censored"), 0, 1e-9);
    }
    expect_contains(text, ",caregiver,", "repaired_by");
    free(text);
}
END_TEST

/* data/examples/elan-tiers.txt by hand: Infant positive 0-6.2, avert
 * 6.2-9, positive 9-11, protest 11-17.5, positive 17.5-20; Mother positive
 * 0-7, monitor 7-10, still 10-16, soothe 16-18, positive 18-20; Episode
 * play 0-10, still-face 10-16, reunion 16-20; the Notes tier ignored. */
START_TEST(test_elan_change_points)
{
    result r = run_attune("import", "elan", SRC("data/examples/elan-tiers.txt"), "--map",
                          SRC("data/examples/elan-map.csv"), "--change-points", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.out, "t,phase,infant_code,caregiver_code,end\n"
                            "0,play,positive,positive,20\n"
                            "6.2,play,avert,positive,20\n"
                            "7,play,avert,monitor,20\n"
                            "9,play,positive,monitor,20\n"
                            "10,still-face,positive,still,20\n"
                            "11,still-face,protest,still,20\n"
                            "16,reunion,protest,soothe,20\n"
                            "17.5,reunion,positive,soothe,20\n"
                            "18,reunion,positive,positive,20\n");
    result_free(&r);
}
END_TEST

/* A grid of 3 s over ELAN's 20-s session: rows at 0, 3, ..., 18 (7 rows),
 * each with end 20, so the last row lasts 2 s: 20 s observed (without the
 * end column it would last 3 s, to 21).  The rows by hand (infant /
 * caregiver): 0 P/P, 3 P/P, 6 P/P (avert begins at 6.2), 9 P/monitor, all
 * matched; 12 and 15 protest/still, not; 18 P/P, matched.  Matched 0-12 and
 * 18-20: 14 of 20 s. */
START_TEST(test_grid_end)
{
    char grid[256];
    in_work(grid, sizeof grid, "grid.csv");
    result r = run_attune("import", "elan", SRC("data/examples/elan-tiers.txt"), "--map",
                          SRC("data/examples/elan-map.csv"), "--step", "3", "-o", grid, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *text = slurp(grid, NULL);
    ck_assert_int_eq(count_lines(text), 8);
    char buf[128];
    ck_assert_str_eq(first_line(line_at(text, 7), buf, sizeof buf),
                     "18,reunion,positive,positive,20");
    free(text);
    r = run_attune("score", grid, "--format", "csv", NULL);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "observed_s"), 20, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "matched_prop"), 14.0 / 20, 1e-9);
    result_free(&r);
}
END_TEST

/* Bad input: FILE:LINE, exit 2, nothing written. */
START_TEST(test_import_cp_bad)
{
    char map[256], in[256], out[256], want[320];
    write_input(map, sizeof map, "map.csv", "role,name\ninfant,Baby\ncaregiver,Mum\n");
    in_work(out, sizeof out, "OUT");
    static const struct { const char *kind, *text; int line; const char *word; } cases[] = {
        /* the map's infant never occurs (named Infant in the export) */
        { "boris", "Subject,Behavior,Behavior type,Time\nInfant,positive,START,0\n", 2,
          "subject 'Infant' is not in the map" },
        { "elan", "Mum\t\t0.000\t1.000\tpositive\n", 1,
          "the map's infant 'Baby' has no states in the export" },
        /* a gap: the line of the state before it */
        { "elan", "Baby\t\t0.000\t2.000\tpositive\nMum\t\t0.000\t1.000\tpositive\n"
                  "Mum\t\t1.500\t2.000\tmonitor\n", 2,
          "the caregiver ('Mum') has no state at 1 s" },
        { "boris", "Time,Who,What\n0,Baby,positive\n", 1, "no header row" },
        { "elan", "Baby\t\t0.000\t1.000\tpositive\nMum\t\t0.000\t1.000\tpositive\n"
                  "Baby\t\t0.500\t1.000\tavert\n", 3, "overlaps" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_input(in, sizeof in, "in.txt", cases[i].text);
        result r = run_attune("import", cases[i].kind, in, "--map", map, "--change-points",
                              "-o", out, NULL);
        expect_status(&r, 2);
        snprintf(want, sizeof want, "%s:%d: ", in, cases[i].line);
        ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "case %zu: '%s' does not start "
                      "'%s'", i, r.err, want);
        expect_contains(r.err, cases[i].word, "stderr");
        result_free(&r);
        expect_listing("in.txt map.csv");
    }
    result r = run_attune("import", "elan", in, "--map", map, "--change-points", "--step", "1",
                          "-o", out, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--step and --change-points: choose one", "both");
    result_free(&r);
    expect_listing("in.txt map.csv");
}
END_TEST

/* --match-table checks the codes: a typo in the export is refused at the
 * line that started the state, with a "did you mean"; a fill code outside
 * the vocabulary too; nothing written.  Without it the codes pass as they
 * are. */
START_TEST(test_import_codes)
{
    char map[256], in[256], out[256], want[320];
    write_input(map, sizeof map, "map.csv", "role,name\ninfant,Baby\ncaregiver,Mum\n");
    write_input(in, sizeof in, "in.txt", "Baby\t\t0.000\t2.000\tpositive\n"
                "Mum\t\t0.000\t1.000\tpositive\nMum\t\t1.000\t2.000\tsooth\n");
    in_work(out, sizeof out, "OUT");
    result r = run_attune("import", "elan", in, "--map", map, "--match-table", "attuned",
                          "--change-points", "-o", out, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:3: unknown caregiver code 'sooth' (did you mean 'soothe'?)",
             in);
    expect_contains(r.err, want, "typo");
    result_free(&r);
    expect_listing("in.txt map.csv");
    write_input(in, sizeof in, "in.txt", "Baby\t\t0.000\t2.000\tpositive\n"
                "Mum\t\t0.000\t1.000\tpositive\n");
    r = run_attune("import", "elan", in, "--map", map, "--match-table", "attuned", "--fill",
                   "uncoded", "-o", out, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:2: unknown caregiver code 'uncoded' (--fill)", in);
    expect_contains(r.err, want, "fill");
    result_free(&r);
    expect_listing("in.txt map.csv");
    r = run_attune("import", "elan", in, "--map", map, "--fill", "uncoded", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.out, "t,infant_code,caregiver_code,end\n0,positive,positive,2\n"
                            "1,positive,uncoded,2\n");
    result_free(&r);
}
END_TEST

Suite *suite_cli_import_cp(void)
{
    Suite *s = suite_create("cli_import_cp");
    TCase *tc = fixture_tcase("import_cp", setup);
    tcase_add_test(tc, test_boris_change_points);
    tcase_add_test(tc, test_elan_change_points);
    tcase_add_test(tc, test_grid_end);
    tcase_add_test(tc, test_import_cp_bad);
    tcase_add_test(tc, test_import_codes);
    suite_add_tcase(s, tc);
    return s;
}
