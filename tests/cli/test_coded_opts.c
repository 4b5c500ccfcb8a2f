/* The coded reader's options through the real program ($ATTUNE_BIN):
 * `--map LIST` (a file with columns Time,Infant,Mother scores to the numbers
 * worked by hand below, in score, contingency, export and agree), the `end`
 * column and `--end T` (session ends, per run), and their bad input: exit
 * status 2, a message (FILE:LINE for a file), nothing written.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test, so listing w/ shows what a command left behind. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A lab's change-point file under its own column names, by hand
 * (table attuned):
 *   Time     0         10        13        20
 *   Infant   positive  avert     avert     protest
 *   Mother   positive  positive  monitor   monitor
 *   matched  yes       no        yes       no
 * Ruptures at 10 (repaired at 13 by the caregiver: latency 3) and at 20.
 * Without an end the last row lasts as long as the interval before it (7 s):
 * observed 27 s, matched 10 + 7 = 17 s, 3 transitions (10, 13, 20); the
 * rupture at 20 is censored at 27 (latency 7).  Infant gaze (positive or
 * protest) 10 + 7 = 17 s, positive 10 s, negative (protest) 7 s. */
static const char lab[] = "Time,Infant,Mother,Note\n"
                          "0,positive,positive,start\n"
                          "10,avert,positive,\n"
                          "13,avert,monitor,\n"
                          "20,protest,monitor,\n";
static const char map[] = "t=Time,infant_code=Infant,caregiver_code=Mother";

START_TEST(test_map_score)
{
    char in[256], rup[256];
    write_input(in, sizeof in, "lab.csv", lab);
    in_work(rup, sizeof rup, "rup.csv");
    result r = run_attune("score", in, "--map", map, "--format", "csv", "--ruptures", rup, NULL);
    expect_status(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 2);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "observed_s"), 27, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "matched_prop"), 17.0 / 27, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "transitions_per_min"), 3 / (27.0 / 60), 1e-8);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "ruptures"), 2, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "repairs"), 1, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "infant_gaze_prop"), 17.0 / 27, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "infant_positive_prop"), 10.0 / 27, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "infant_negative_prop"), 7.0 / 27, 1e-9);
    result_free(&r);
    char *text = slurp(rup, NULL);
    ck_assert_int_eq(count_lines(text), 3);
    ck_assert_double_eq_tol(csv_cell(text, 1, "start_s"), 10, 1e-9);
    ck_assert_double_eq_tol(csv_cell(text, 1, "latency_s"), 3, 1e-9);
    ck_assert_double_eq_tol(csv_cell(text, 1, "censored"), 0, 1e-9);
    ck_assert_double_eq_tol(csv_cell(text, 2, "start_s"), 20, 1e-9);
    ck_assert_double_eq_tol(csv_cell(text, 2, "latency_s"), 7, 1e-9);
    ck_assert_double_eq_tol(csv_cell(text, 2, "censored"), 1, 1e-9);
    free(text);

    /* A swap: the file's infant_code column holds the caregiver's codes. */
    char sw[256];
    write_input(sw, sizeof sw, "swap.csv", "t,infant_code,caregiver_code\n"
                "0,positive,positive\n10,positive,avert\n13,monitor,avert\n"
                "20,monitor,protest\n");
    r = run_attune("score", sw, "--map", "infant_code=caregiver_code,caregiver_code=infant_code",
                   "--format", "csv", NULL);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "matched_prop"), 17.0 / 27, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "infant_negative_prop"), 7.0 / 27, 1e-9);
    result_free(&r);
}
END_TEST

/* --end 30: observed 30 s, matched still 17 s, the rupture at 20 censored at
 * the session's end with latency 30 - 20 = 10; ruptures per minute
 * 2 / 0.5 = 4; negative (protest 20-30) 10 / 30.  The same end given as an
 * end column, on every row or only on the last, scores the same. */
START_TEST(test_end_score)
{
    char in[256], every[256], last[256], rup[256];
    write_input(in, sizeof in, "lab.csv", lab);
    write_input(every, sizeof every, "every.csv", "t,infant_code,caregiver_code,end\n"
                "0,positive,positive,30\n10,avert,positive,30\n13,avert,monitor,30\n"
                "20,protest,monitor,30\n");
    write_input(last, sizeof last, "last.csv", "t,infant_code,caregiver_code,end\n"
                "0,positive,positive,\n10,avert,positive,\n13,avert,monitor,\n"
                "20,protest,monitor,30\n");
    in_work(rup, sizeof rup, "rup.csv");
    const char *const args[][8] = {
        { "score", in, "--map", map, "--end", "30", "--ruptures", rup },
        { "score", every, "--ruptures", rup, NULL },
        { "score", last, "--end", "99", "--ruptures", rup },   /* the column wins */
    };
    for (int k = 0; k < 3; k++) {
        const char *argv[12] = { NULL };
        int n = 0;
        for (int j = 0; j < 8 && args[k][j]; j++)
            argv[n++] = args[k][j];
        argv[n++] = "--format";
        argv[n++] = "csv";
        result r = run_argv(argv);
        expect_status(&r, 0);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "observed_s"), 30, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "matched_prop"), 17.0 / 30, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "ruptures_per_min"), 4, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "repairs_per_min"), 2, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "infant_negative_prop"), 10.0 / 30, 1e-9);
        result_free(&r);
        char *text = slurp(rup, NULL);
        ck_assert_double_eq_tol(csv_cell(text, 2, "start_s"), 20, 1e-9);
        ck_assert_double_eq_tol(csv_cell(text, 2, "latency_s"), 10, 1e-9);
        ck_assert_double_eq_tol(csv_cell(text, 2, "censored"), 1, 1e-9);
        free(text);
    }
}
END_TEST

/* A 100-s session coded at 1 s, rows t 0..99, end 100: 100 s observed (the
 * same as the last-interval rule gives here), and a change-point coding of
 * 100 s: positive/positive at 0, avert/positive at 40 (rupture), avert/
 * monitor at 55 (repair, latency 15), end 100: observed 100, matched
 * 40 + 45 = 85 s.  Without the end it would be scored to 55 + 15 = 70 s.
 * Two runs in one file: run b has no end field and takes --end. */
START_TEST(test_end_100s)
{
    char grid[256], cp[256];
    size_t cap = 100 * 40 + 64;
    char *text = malloc(cap);
    size_t len = (size_t)snprintf(text, cap, "t,infant_code,caregiver_code,end\n");
    for (int t = 0; t < 100; t++)
        len += (size_t)snprintf(text + len, cap - len, "%d,positive,positive,100\n", t);
    write_input(grid, sizeof grid, "grid.csv", text);
    free(text);
    result r = run_attune("score", grid, "--format", "csv", NULL);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "observed_s"), 100, 1e-9);
    result_free(&r);
    write_input(cp, sizeof cp, "cp.csv", "run,t,infant_code,caregiver_code,end\n"
                "a,0,positive,positive,100\na,40,avert,positive,\na,55,avert,monitor,\n"
                "b,0,positive,positive,\nb,40,avert,positive,\nb,55,avert,monitor,\n");
    r = run_attune("score", cp, "--format", "csv", NULL);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "observed_s"), 100, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "matched_prop"), 0.85, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "latency_median_s"), 15, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 2, "observed_s"), 70, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 2, "matched_prop"), 55.0 / 70, 1e-9);
    result_free(&r);
    r = run_attune("score", cp, "--end", "80", "--format", "csv", NULL);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "observed_s"), 100, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 2, "observed_s"), 80, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 2, "matched_prop"), 65.0 / 80, 1e-9);
    result_free(&r);
}
END_TEST

/* contingency --unit 1 (given infant avert, target caregiver monitor,
 * window 2 s) on the lab file under its own names with --end 30: units t
 * 0..29; avert onset at 10, given units 10, 11; monitor at 13..29:
 * a = 0, b = 2, c = 17, d = 11.  Without --end the run ends at 27:
 * c = 14, d = 11. */
START_TEST(test_map_contingency)
{
    char in[256];
    write_input(in, sizeof in, "lab.csv", lab);
    for (int k = 0; k < 2; k++) {
        result r = run_attune("contingency", in, "--map", map, "--given", "infant:avert",
                              "--target", "caregiver:monitor", "--window", "2", "--unit", "1",
                              "--format", "csv", k ? "--end" : NULL, "30", NULL);
        expect_status(&r, 0);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "a"), 0, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "b"), 2, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "c"), k ? 17 : 14, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "d"), 11, 1e-9);
        result_free(&r);
    }
}
END_TEST

/* export --sdis of the lab file under its own names, ended at 30: the
 * infant's stretches 0-10, 10-20, 20-30 and the session's end 30. */
START_TEST(test_map_export)
{
    char in[256];
    write_input(in, sizeof in, "lab.csv", lab);
    result r = run_attune("export", "--sdis", in, "--map", map, "--end", "30", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "i_positive,0-10", "sdis");
    expect_contains(r.out, "i_avert,10-20", "sdis");
    expect_contains(r.out, "i_protest,20-30", "sdis");
    expect_contains(r.out, "c_monitor,13-30", "sdis");
    expect_contains(r.out, ",30/", "sdis");
    result_free(&r);
}
END_TEST

/* Two coders, two sessions each, every session's end in the end column (5
 * and 4 s: no single --end fits both).  On the 1-s grid:
 *   s1 units 0-4, infant: coder 1 P P A A A, coder 2 P P P A A (4 agree)
 *              caregiver: coder 1 P P M M M, coder 2 P P P M M (4 agree)
 *   s2 units 0-3, infant: coder 1 M M M R, coder 2 M R R R (2 agree)
 *              caregiver: coder 1 P P P S, coder 2 P S S S (2 agree)
 * (A avert, M monitor, P positive, R protest, S soothe.)
 * Infant: 9 units, 6 agree; marginals coder 1 P 2, A 3, M 3, R 1, coder 2
 * P 3, A 2, M 1, R 3: pe = (6 + 6 + 3 + 3) / 81 = 2/9, kappa =
 * (6/9 - 2/9) / (7/9) = 4/7.  Caregiver: coder 1 P 5, M 3, S 1, coder 2
 * P 4, M 2, S 3: pe = (20 + 6 + 3) / 81 = 29/81, kappa = (54 - 29) / (81 -
 * 29) = 25/52.  Without the end column coder 1's s1 ends at 4 and coder
 * 2's at 6: another number of units, refused. */
START_TEST(test_end_agree)
{
    char c1[256], c2[256], c3[256], n1[256], n2[256];
    write_input(c1, sizeof c1, "c1.csv", "session,t,infant_code,caregiver_code,end\n"
                "s1,0,positive,positive,\ns1,2,avert,monitor,5\n"
                "s2,0,monitor,positive,\ns2,3,protest,soothe,4\n");
    write_input(c2, sizeof c2, "c2.csv", "Sess;Time;Baby;Mum;End\n"
                "s1;0;positive;positive;5\ns1;3;avert;monitor;5\n"
                "s2;0;monitor;positive;4\ns2;1;protest;soothe;4\n");
    write_input(c3, sizeof c3, "c3.csv", "session,t,infant_code,caregiver_code,end\n"
                "s1,0,positive,positive,5\ns1,3,avert,monitor,5\n"
                "s2,0,monitor,positive,6\ns2,1,protest,soothe,6\n");
    write_input(n1, sizeof n1, "n1.csv", "session,t,infant_code,caregiver_code\n"
                "s1,0,positive,positive\ns1,2,avert,monitor\n");
    write_input(n2, sizeof n2, "n2.csv", "session,t,infant_code,caregiver_code\n"
                "s1,0,positive,positive\ns1,3,avert,monitor\n");
    /* c2 under other names: --map applies to both files, so rename c1's
     * columns the same way first. */
    char c1m[256];
    write_input(c1m, sizeof c1m, "c1m.csv", "Sess,Time,Baby,Mum,End\n"
                "s1,0,positive,positive,\ns1,2,avert,monitor,5\n"
                "s2,0,monitor,positive,\ns2,3,protest,soothe,4\n");
    const char *pairs[][2] = { { c1, NULL }, { c1m, c2 } };
    for (int k = 0; k < 2; k++) {
        result r;
        if (k == 0) {
            char c2plain[256];
            write_input(c2plain, sizeof c2plain, "c2p.csv",
                        "session,t,infant_code,caregiver_code,end\n"
                        "s1,0,positive,positive,5\ns1,3,avert,monitor,5\n"
                        "s2,0,monitor,positive,4\ns2,1,protest,soothe,4\n");
            r = run_attune("agree", pairs[k][0], c2plain, "--format", "csv", NULL);
        } else {
            r = run_attune("agree", pairs[k][0], pairs[k][1], "--format", "csv", "--map",
                           "session=Sess,t=Time,infant_code=Baby,caregiver_code=Mum,end=End",
                           NULL);
        }
        expect_status(&r, 0);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "runs"), 2, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "units"), 9, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "agreements"), 6, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 1, "kappa"), 4.0 / 7, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 2, "agreements"), 6, 1e-9);
        ck_assert_double_eq_tol(csv_cell(r.out, 2, "kappa"), 25.0 / 52, 1e-9);
        result_free(&r);
    }
    char out[256], want[600];
    in_work(out, sizeof out, "out.csv");
    result r = run_attune("agree", c1, c3, "-o", out, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:4: run 's2' lasts 6 units of 1 s, but 4 in %s (line 4)",
             c3, c1);
    expect_contains(r.err, want, "ends differ");
    result_free(&r);
    r = run_attune("agree", n1, n2, "-o", out, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "lasts 6 units of 1 s, but 4", "no end");
    result_free(&r);
    expect_listing("c1.csv c1m.csv c2.csv c2p.csv c3.csv n1.csv n2.csv");
}
END_TEST

/* Bad lists: exit 2, the message, nothing written, for every command. */
START_TEST(test_map_bad)
{
    char in[256], out[256];
    write_input(in, sizeof in, "lab.csv", lab);
    in_work(out, sizeof out, "out.csv");
    static const char *const bad[][2] = {
        { "t=Time,infant_cod=Infant", "unknown column 'infant_cod' (did you mean 'infant_code'?)" },
        { "t=", "t= names no column of the file" },
        { "t=Time,t=Note", "t is renamed twice ('Time' and 'Note')" },
        { "Time", "'Time' is not NAME=COLUMN" },
        { "t=Time,infant_code=Time", "t and infant_code would both be read from column 'Time'" },
        { "t=infant_code", "t and infant_code would both be read from column 'infant_code'" },
    };
    static const char *const cmds[] = { "score", "contingency", "export", "agree" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (size_t c = 0; c < 4; c++) {
            const char *argv[20] = { cmds[c], in };
            int n = 2;
            if (c == 1) {
                const char *more[] = { "--given", "infant:avert", "--target", "caregiver:monitor",
                                       "--window", "2" };
                for (int j = 0; j < 6; j++)
                    argv[n++] = more[j];
            } else if (c == 2) {
                argv[n++] = "--sdis";
            } else if (c == 3) {
                argv[n++] = in;
            }
            argv[n++] = "--map";
            argv[n++] = bad[i][0];
            argv[n++] = "-o";
            argv[n++] = out;
            result r = run_argv(argv);
            expect_status(&r, 2);
            char want[300];
            snprintf(want, sizeof want, "attune %s: --map: %s", cmds[c], bad[i][1]);
            expect_contains(r.err, want, bad[i][0]);
            result_free(&r);
        }
    }
    /* A renamed column the header lacks: FILE:1, for each command. */
    for (size_t c = 0; c < 4; c++) {
        const char *argv[20] = { cmds[c], in };
        int n = 2;
        if (c == 1) {
            const char *more[] = { "--given", "infant:avert", "--target", "caregiver:monitor",
                                   "--window", "2" };
            for (int j = 0; j < 6; j++)
                argv[n++] = more[j];
        } else if (c == 2) {
            argv[n++] = "--sdis";
        } else if (c == 3) {
            argv[n++] = in;
        }
        argv[n++] = "--map";
        argv[n++] = "t=Time,infant_code=Infant,caregiver_code=Mother,phase=Phase";
        argv[n++] = "-o";
        argv[n++] = out;
        result r = run_argv(argv);
        expect_status(&r, 2);
        char want[400];
        snprintf(want, sizeof want, "%s:1: missing column 'Phase' (--map phase=Phase)", in);
        expect_contains(r.err, want, cmds[c]);
        result_free(&r);
    }
    expect_listing("lab.csv");
}
END_TEST

/* Bad ends: FILE:LINE, exit 2, nothing written. */
START_TEST(test_end_bad)
{
    char in[256], out[256], want[400];
    in_work(out, sizeof out, "out.csv");
    static const struct { const char *text, *line, *msg; } bad[] = {
        { "t,infant_code,caregiver_code,end\n0,positive,positive,100\n1,avert,positive,90\n",
          "3", "end 90 differs from the end 100 given on line 2 (a run has one end)" },
        { "t,infant_code,caregiver_code,end\n0,positive,positive,\n55,avert,positive,50\n",
          "3", "end 50 is not after the row's t 55" },
        { "t,infant_code,caregiver_code,end\n0,positive,positive,50\n55,avert,positive,\n",
          "3", "t 55 is not before the run's end 50 (given on line 2)" },
        { "t,infant_code,caregiver_code,end\n0,positive,positive,soon\n",
          "2", "end 'soon' is not a number" },
        { "t,infant_code,caregiver_code,end\n0,positive,positive,5e9\n",
          "2", "end 5e9 is out of range" },
        { "t,infant_code,caregiver_code\n0,positive,positive\n30,avert,positive\n",
          "3", "t 30 of run 'f' is not before --end 30 (the session's end)" },
        /* the first row past --end is named, not the run's last (line 4) */
        { "t,infant_code,caregiver_code\n0,positive,positive\n31,avert,positive\n"
          "40,positive,positive\n",
          "3", "t 31 of run 'f' is not before --end 30 (the session's end)" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_input(in, sizeof in, "f.csv", bad[i].text);
        result r = run_attune("score", in, "--end", "30", "-o", out, NULL);
        expect_status(&r, 2);
        snprintf(want, sizeof want, "%s:%s: %s", in, bad[i].line, bad[i].msg);
        expect_contains(r.err, want, bad[i].text);
        result_free(&r);
    }
    static const char *const opts[][2] = {
        { "abc", "--end abc: " }, { "5e9", "--end 5e9: must be a time from -4e9 to 4e9 s" },
        { "nan", "--end nan: " },
    };
    for (size_t i = 0; i < 3; i++) {
        result r = run_attune("score", in, "--end", opts[i][0], "-o", out, NULL);
        expect_status(&r, 2);
        expect_contains(r.err, opts[i][1], opts[i][0]);
        result_free(&r);
    }
    expect_listing("f.csv");
}
END_TEST

Suite *suite_cli_coded_opts(void)
{
    Suite *s = suite_create("cli_coded_opts");
    TCase *tc = fixture_tcase("coded_opts", setup);
    tcase_add_test(tc, test_map_score);
    tcase_add_test(tc, test_end_score);
    tcase_add_test(tc, test_end_100s);
    tcase_add_test(tc, test_map_contingency);
    tcase_add_test(tc, test_map_export);
    tcase_add_test(tc, test_end_agree);
    tcase_add_test(tc, test_map_bad);
    tcase_add_test(tc, test_end_bad);
    suite_add_tcase(s, tc);
    return s;
}
