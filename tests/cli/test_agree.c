/* `attune agree` through the real program ($ATTUNE_BIN, set by `make check`):
 * the shipped coders' files against matrices counted by hand, perfect
 * agreement, the tidy confusion rows, and bad input (different sessions or
 * lengths, another phase, a missing file, bad options) with FILE:LINE, exit
 * status 2 and nothing written.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test, so listing w/ shows exactly what a command left behind. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* data/examples/coder-1.csv and coder-2.csv with --end 60, by hand:
 *   infant, coder 1: positive 0-8, monitor 8-12, avert 12-16, positive 16-30,
 *                    monitor 30-36, avert 36-44, protest 44-52, withdrawn 52-60
 *           coder 2: positive 0-9, monitor 9-12, avert 12-15, positive 15-30,
 *                    monitor 30-38, avert 38-44, protest 44-50, withdrawn 50-60
 *   units where they differ: 8 (monitor/positive), 15 (avert/positive),
 *   36-37 (avert/monitor), 50-51 (protest/withdrawn): 6 of 60, 54 agree.
 *   Marginals coder 1: positive 22, monitor 10, avert 12, protest 8, withdrawn 8;
 *   coder 2: 24, 11, 9, 6, 10.  pe = (22*24 + 10*11 + 12*9 + 8*6 + 8*10) / 3600
 *   = 874 / 3600;  kappa = (3240 - 874) / (3600 - 874) = 2366 / 2726.
 *   caregiver: coder 1 positive 0-12 and 16-30, monitor 12-16, still 30-60;
 *   coder 2 positive 0-12 and 15-30, intrusive 12-15, still 30-60: 4 differ
 *   (12-14 monitor/intrusive, 15 monitor/positive), 56 agree; marginals 26, 4,
 *   30 and 27, 3, 30: pe = (26*27 + 30*30) / 3600 = 1602 / 3600;
 *   kappa = (3360 - 1602) / (3600 - 1602) = 1758 / 1998. */
START_TEST(test_agree_examples)
{
    char conf[512];
    in_work(conf, sizeof conf, "conf.csv");
    result r = run_attune("agree", SRC("data/examples/coder-1.csv"),
                          SRC("data/examples/coder-2.csv"), "--end", "60", "--format", "csv",
                          "--confusion", conf, NULL);
    expect_status(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 3);
    char buf[256], f[64];
    ck_assert_str_eq(first_line(r.out, buf, sizeof buf), "partner,runs,units,unit_s,agreements,"
                     "percent_agreement,kappa,kappa_se,kappa_se0,tolerance_s,tolerant_agreements,"
                     "tolerant_percent_agreement,tolerant_kappa");
    const char *inf = first_line(line_at(r.out, 1), buf, sizeof buf);
    ck_assert_str_eq(field(inf, 0, f, sizeof f), "infant");
    ck_assert_str_eq(field(inf, 2, f, sizeof f), "60");
    ck_assert_str_eq(field(inf, 4, f, sizeof f), "54");
    ck_assert_double_eq_tol(atof(field(inf, 5, f, sizeof f)), 90.0, 1e-9);
    ck_assert_double_eq_tol(atof(field(inf, 6, f, sizeof f)), 2366.0 / 2726.0, 1e-9);
    const char *cg = first_line(line_at(r.out, 2), buf, sizeof buf);
    ck_assert_str_eq(field(cg, 0, f, sizeof f), "caregiver");
    ck_assert_str_eq(field(cg, 4, f, sizeof f), "56");
    ck_assert_double_eq_tol(atof(field(cg, 5, f, sizeof f)), 5600.0 / 60.0, 1e-8);
    ck_assert_double_eq_tol(atof(field(cg, 6, f, sizeof f)), 1758.0 / 1998.0, 1e-9);
    ck_assert_str_eq(field(cg, 9, f, sizeof f), "0");
    ck_assert_str_eq(field(cg, 10, f, sizeof f), "56");
    result_free(&r);

    /* --tolerance 1: every infant unit that differs has the other coder's code
     * one unit away (8: monitor at 9; 15: avert at 14; 36: coder 1's monitor
     * at 35; 37: avert at 38; 50: protest at 49; 51: coder 1's withdrawn at
     * 52): 60 of 60.  Caregiver: 12-14 (monitor / intrusive) find neither
     * code within 1 s, 15 (monitor / positive) finds coder 1's positive at
     * 16: 57.  Tolerant caregiver matrix: (positive, positive) 26, unit 15
     * on the diagonal under coder 1's code (monitor, monitor) 1, 12-14 at
     * (monitor, intrusive) 3, (still, still) 30.  Rows: positive 26,
     * monitor 4, still 30; columns: positive 26, monitor 1, intrusive 3,
     * still 30:
     * pe = (26*26 + 4*1 + 30*30) / 3600 = 1580 / 3600;
     * kappa = (3420 - 1580) / (3600 - 1580) = 1840 / 2020. */
    char rup[512];
    in_work(rup, sizeof rup, "rup.csv");
    r = run_attune("agree", SRC("data/examples/coder-1.csv"), SRC("data/examples/coder-2.csv"),
                   "--end", "60", "--tolerance", "1", "--format", "csv", "--ruptures", rup, NULL);
    expect_status(&r, 0);
    inf = first_line(line_at(r.out, 1), buf, sizeof buf);
    ck_assert_str_eq(field(inf, 9, f, sizeof f), "1");
    ck_assert_str_eq(field(inf, 10, f, sizeof f), "60");
    ck_assert_str_eq(field(inf, 12, f, sizeof f), "1");
    cg = first_line(line_at(r.out, 2), buf, sizeof buf);
    ck_assert_str_eq(field(cg, 10, f, sizeof f), "57");
    ck_assert_double_eq_tol(atof(field(cg, 11, f, sizeof f)), 95.0, 1e-9);
    ck_assert_double_eq_tol(atof(field(cg, 12, f, sizeof f)), 1840.0 / 2020.0, 1e-9);
    result_free(&r);
    /* Ruptures (table attuned): coder 1's caregiver turns still at 30 with the
     * infant monitoring (mismatched), never repaired: one, censored.  Coder 2
     * also has (avert, intrusive) at 12, repaired at 15 by both: two.  The
     * two at 30 pair up (onset difference 0); neither is repaired. */
    expect_file_text(rup, "tolerance_s,ruptures_1,ruptures_2,matched,sensitivity,ppv,"
                     "mean_onset_diff_s,latency_pairs,mean_latency_diff_s\n1,1,2,1,1,0.5,0,0,\n");

    /* every pair of codes: 5 x 5 infant + 6 x 6 caregiver rows, adding to 60 each */
    char *text = slurp(conf, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(count_lines(text), 1 + 25 + 36);
    ck_assert_str_eq(first_line(text, buf, sizeof buf), "partner,code1,code2,count");
    long sum[2] = { 0, 0 };
    for (int i = 1; i < 62; i++) {
        const char *row = first_line(line_at(text, i), buf, sizeof buf);
        sum[strncmp(row, "infant,", 7) != 0] += atol(field(row, 3, f, sizeof f));
    }
    ck_assert_int_eq(sum[0], 60);
    ck_assert_int_eq(sum[1], 60);
    expect_contains(text, "\ninfant,avert,monitor,2\n", "confusion");
    expect_contains(text, "\ninfant,protest,withdrawn,2\n", "confusion");
    expect_contains(text, "\ncaregiver,monitor,intrusive,3\n", "confusion");
    expect_contains(text, "\ncaregiver,still,still,30\n", "confusion");
    free(text);
    expect_listing("conf.csv rup.csv");
}
END_TEST

/* One file against itself: every unit agrees, kappa 1; without --end the
 * last row lasts as long as the interval before it (rows at 0, 2, 5: 8 s). */
START_TEST(test_agree_perfect)
{
    char in[512];
    write_input(in, sizeof in, "one.csv", "t,infant_code,caregiver_code\n0,positive,positive\n"
                "2,avert,monitor\n5,protest,soothe\n");
    result r = run_attune("agree", in, in, "--format", "csv", NULL);
    expect_status(&r, 0);
    char buf[256], f[64];
    for (int i = 1; i <= 2; i++) {
        const char *row = first_line(line_at(r.out, i), buf, sizeof buf);
        ck_assert_str_eq(field(row, 2, f, sizeof f), "8");
        ck_assert_str_eq(field(row, 4, f, sizeof f), "8");
        ck_assert_str_eq(field(row, 6, f, sizeof f), "1");
    }
    result_free(&r);
}
END_TEST

START_TEST(test_agree_bad_input)
{
    char a[512], b[512], ph[512], other[512], out[512], missing[512];
    write_input(a, sizeof a, "a.csv", "session,t,phase,infant_code,caregiver_code\n"
                "s1,0,play,positive,positive\ns1,1,play,avert,monitor\n"
                "s1,2,still-face,avert,still\ns1,3,still-face,protest,still\n");
    write_input(b, sizeof b, "b.csv", "session,t,phase,infant_code,caregiver_code\n"
                "s1,0,play,positive,positive\ns1,1,play,avert,monitor\n"
                "s1,2,still-face,avert,still\n");
    write_input(ph, sizeof ph, "ph.csv", "session,t,phase,infant_code,caregiver_code\n"
                "s1,0,play,positive,positive\ns1,1,play,avert,monitor\n"
                "s1,2,play,avert,still\ns1,3,still-face,protest,still\n");
    write_input(other, sizeof other, "other.csv", "session,t,phase,infant_code,caregiver_code\n"
                "s2,0,play,positive,positive\ns2,1,play,avert,monitor\n");
    in_work(out, sizeof out, "out.csv");
    in_work(missing, sizeof missing, "nope.csv");
    char want[5][1400];
    snprintf(want[0], sizeof want[0], "attune agree: %s:2: run 's1' lasts 3 units of 1 s, but 4 "
             "in %s (line 2); the coders must code the same stretch (a run ends at its end "
             "column, else at --end T, else one interval after its last row)", b, a);
    snprintf(want[1], sizeof want[1], "attune agree: %s:2: run 's2' is not run 1 of %s ('s1'): "
             "the coders' files must hold the same runs, in the same order", other, a);
    snprintf(want[2], sizeof want[2], "attune agree: %s:4: phase 'play' at t 2 of run 's1', but "
             "'still-face' in %s (line 4); the coders' phases must agree", ph, a);
    snprintf(want[3], sizeof want[3], "attune agree: %s:", missing);
    snprintf(want[4], sizeof want[4], "attune agree: --unit 0: must be a number of seconds from "
             "0.000001 to 1e6");
    const char *second[5] = { b, other, ph, missing, a };
    for (int i = 0; i < 5; i++) {
        const char *unit = i == 4 ? "0" : "1";
        result r = run_attune("agree", a, second[i], "--unit", unit, "-o", out, "--confusion",
                              "-", NULL);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        ck_assert_msg(strncmp(r.err, want[i], strlen(want[i])) == 0, "case %d: stderr %s\n"
                      "wanted %s", i, r.err, want[i]);
        result_free(&r);
    }
    /* one file, three files, both from standard input: usage errors */
    static const char *const usages[][6] = { { "agree", "x.csv", NULL },
                                             { "agree", "x.csv", "y.csv", "z.csv", NULL },
                                             { "agree", "-", "-", NULL },
                                             { "agree", "x.csv", "y.csv", "--ruptures", "-",
                                               NULL } };
    static const char *const why[] = { "two coders' files", "two coders' files",
                                       "only one of the files", "only one of -o, --confusion" };
    for (int i = 0; i < 4; i++) {
        result r = run_argv(usages[i]);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        expect_contains(r.err, why[i], "stderr");
        result_free(&r);
    }
    expect_listing("a.csv b.csv other.csv ph.csv");
}
END_TEST

Suite *suite_cli_agree(void)
{
    Suite *s = suite_create("cli_agree");
    TCase *tc = fixture_tcase("agree", setup);
    tcase_add_test(tc, test_agree_examples);
    tcase_add_test(tc, test_agree_perfect);
    tcase_add_test(tc, test_agree_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
