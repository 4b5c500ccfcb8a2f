/* `attune score --major-after, --min-rupture, --min-repair, --coding-unit`
 * through the real program (tests/fixture.h): the columns and rupture rows
 * of a hand-worked run, the defaults byte-identical to no flag, and bad
 * values refused with exit status 2 naming the flag, and the rules with the
 * gaps of a code scheme (unscorable codes). */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Run A of tests/lib/test_score_rules.c: M 0, X 1, M 1.5, X 4, M 7, X 7.5,
 * M 9, X 12, X 12.5; the last row lasts as long as the interval before it,
 * so the run ends at 13. */
static const char run_a[] = "t,infant_code,caregiver_code\n"
                            "0,positive,positive\n1,positive,intrusive\n1.5,positive,positive\n"
                            "4,avert,intrusive\n7,monitor,monitor\n7.5,avert,intrusive\n"
                            "9,monitor,monitor\n12,positive,intrusive\n12.5,avert,intrusive\n";

/* The field named `name` of line `row` (1: the first after the header). */
static const char *named(const char *csv, int row, const char *name, char *buf, size_t size)
{
    char head[64];
    for (int c = 0;; c++) {
        field(csv, c, head, sizeof head);   /* fails the test past the last column */
        if (strcmp(head, name) == 0)
            return field(line_at(csv, row), c, buf, size);
    }
}

/* Scores run A with the extra arguments (NULL-terminated, at most 6);
 * returns the scores (the caller frees) and the ruptures CSV in *rup. */
static char *score_a(char **rup, const char *a1, const char *a2, const char *a3,
                     const char *a4)
{
    char r_csv[256];
    in_work(r_csv, sizeof r_csv, "r.csv");
    write_file(f_in, run_a);
    const char *args[] = { "score", f_in, "-o", f_out, "--ruptures", r_csv,
                           a1, a2, a3, a4, NULL };
    result r = run_argv(args);
    expect_status(&r, 0);
    result_free(&r);
    *rup = slurp(r_csv, NULL);
    char *out = slurp(f_out, NULL);
    ck_assert_ptr_nonnull(*rup);
    ck_assert_ptr_nonnull(out);
    return out;
}

/* --min-repair 1: the match 7-7.5 is too short, so the rupture at 4 is
 * repaired at 9 (5 s: major at the default 5 s); 1 is repaired after
 * 0.5 s (micro) and 12 is censored after 1 s (size unknown, empty). */
START_TEST(min_repair_rows)
{
    char *rup, buf[64];
    char *out = score_a(&rup, "--min-repair", "1", NULL, NULL);
    ck_assert_str_eq(named(out, 1, "ruptures", buf, sizeof buf), "3");
    ck_assert_str_eq(named(out, 1, "repairs", buf, sizeof buf), "2");
    ck_assert_str_eq(named(out, 1, "micro_ruptures", buf, sizeof buf), "1");
    ck_assert_str_eq(named(out, 1, "major_ruptures", buf, sizeof buf), "1");
    ck_assert_str_eq(named(out, 1, "latency_median_s", buf, sizeof buf), "5");
    ck_assert_int_eq(count_lines(rup), 4);
    static const char *const want[][4] = {
        { "1", "0.5", "0", "micro" }, { "4", "5", "0", "major" }, { "12", "1", "1", "" },
    };
    for (int i = 0; i < 3; i++) {
        ck_assert_str_eq(named(rup, i + 1, "start_s", buf, sizeof buf), want[i][0]);
        ck_assert_str_eq(named(rup, i + 1, "latency_s", buf, sizeof buf), want[i][1]);
        ck_assert_str_eq(named(rup, i + 1, "censored", buf, sizeof buf), want[i][2]);
        ck_assert_str_eq(named(rup, i + 1, "size", buf, sizeof buf), want[i][3]);
    }
    free(out);
    free(rup);
}
END_TEST

/* --major-after 3 on the default rules: latencies 0.5, 3, 1.5 repaired and
 * 1 censored: the 3-s one is major (at least 3), two micro. */
START_TEST(major_after)
{
    char *rup, buf[64];
    char *out = score_a(&rup, "--major-after", "3", NULL, NULL);
    ck_assert_str_eq(named(out, 1, "ruptures", buf, sizeof buf), "4");
    ck_assert_str_eq(named(out, 1, "micro_ruptures", buf, sizeof buf), "2");
    ck_assert_str_eq(named(out, 1, "major_ruptures", buf, sizeof buf), "1");
    ck_assert_str_eq(named(rup, 2, "size", buf, sizeof buf), "major");
    free(out);
    free(rup);
}
END_TEST

/* --coding-unit 2 --min-rupture 1: units 0 M, 2 M, 4 X, 6 X, 8 X, 10 M,
 * 12 X (cut at 13): matched 6 of 13 s (0.4615384615); ruptures 4 (6 s, to
 * 10) and 12 (to the end, 1 s: the minimum, so a rupture, censored). */
START_TEST(coding_unit)
{
    char *rup, buf[64];
    char *out = score_a(&rup, "--coding-unit", "2", "--min-rupture", "1");
    ck_assert_str_eq(named(out, 1, "observed_s", buf, sizeof buf), "13");
    ck_assert_str_eq(named(out, 1, "matched_prop", buf, sizeof buf), "0.4615384615");
    ck_assert_str_eq(named(out, 1, "ruptures", buf, sizeof buf), "2");
    ck_assert_str_eq(named(rup, 1, "latency_s", buf, sizeof buf), "6");
    ck_assert_str_eq(named(rup, 2, "start_s", buf, sizeof buf), "12");
    ck_assert_str_eq(named(rup, 2, "censored", buf, sizeof buf), "1");
    free(out);
    free(rup);
}
END_TEST

/* Every rule at its default, given explicitly, writes the same bytes as
 * no flag at all. */
START_TEST(defaults_identical)
{
    char *rup0, *rup1;
    char *plain = score_a(&rup0, NULL, NULL, NULL, NULL);
    char *zero = score_a(&rup1, "--min-rupture", "0", "--min-repair", "0");
    ck_assert_str_eq(plain, zero);
    ck_assert_str_eq(rup0, rup1);
    free(zero);
    free(rup1);
    zero = score_a(&rup1, "--coding-unit", "0", "--major-after", "5");
    ck_assert_str_eq(plain, zero);
    ck_assert_str_eq(rup0, rup1);
    free(zero);
    free(rup1);
    free(plain);
    free(rup0);
}
END_TEST

/* Bad values: exit 2, a message naming the flag and the value, no output. */
START_TEST(bad_values)
{
    static const char *const bad[][3] = {
        { "--min-rupture", "-1", "must be seconds from 0 to 3600" },
        { "--min-repair", "abc", "is not a number" },
        { "--coding-unit", "3601", "must be seconds from 0 to 3600" },
        { "--coding-unit", "0.0001", "must be 0 (off) or at least 0.001 s" },
        { "--major-after", "0", "must be above 0 s" },
        { "--major-after", "nan", "is not a number" },
        { "--min-rupture", "1e400", "" },
    };
    write_file(f_in, run_a);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *args[] = { "score", f_in, "-o", f_out, bad[i][0], bad[i][1], NULL };
        result r = run_argv(args);
        expect_status(&r, 2);
        char want[128];
        snprintf(want, sizeof want, "attune score: %s %s: %s", bad[i][0], bad[i][1], bad[i][2]);
        ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
        ck_assert_msg(access(f_out, F_OK) != 0, "%s %s left an output", bad[i][0], bad[i][1]);
        result_free(&r);
    }
}
END_TEST

/* With gaps (docs/SCORING.md sections 12 and 13), on the shipped ICEP
 * session: ruptures at 6 (match 8-12), 12 (mismatched to the gap at 18) and
 * 28 (match 30-32, the end).  --min-repair 3: 6 is repaired after 2 s (its
 * match lasts 4), 12 censored at the gap (6 s), 28 censored at 30 where
 * its 2-s match began (2 s).  --min-rupture 3: only 12 (6 s before the
 * gap); 6 and 28 lasted 2 s.  --min-rupture 7: the 6 s cut by the gap are
 * too short: none. */
START_TEST(gaps)
{
    char ex[512], r_csv[256], buf[64];
    snprintf(ex, sizeof ex, "%s/data/examples/icep-session.csv", ATT_SRCDIR);
    in_work(r_csv, sizeof r_csv, "r.csv");
    static const struct {
        const char *flag, *value, *ruptures, *repairs, *latencies;
    } cases[] = {
        { "--min-repair", "3", "3", "1", "2,0 6,1 2,1 " },
        { "--min-rupture", "3", "1", "0", "6,1 " },
        { "--min-rupture", "7", "0", "0", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *args[] = { "score", ex, "--scheme", "icep", "--match-table", "icep",
                               "-o", f_out, "--ruptures", r_csv, cases[i].flag,
                               cases[i].value, NULL };
        result r = run_argv(args);
        expect_status(&r, 0);
        result_free(&r);
        char *out = slurp(f_out, NULL), *rup = slurp(r_csv, NULL);
        ck_assert_str_eq(named(out, 1, "window", buf, sizeof buf), "all");
        ck_assert_str_eq(named(out, 1, "ruptures", buf, sizeof buf), cases[i].ruptures);
        ck_assert_str_eq(named(out, 1, "repairs", buf, sizeof buf), cases[i].repairs);
        char seen[128] = "";
        for (int k = 1; k < count_lines(rup); k++) {
            size_t n = strlen(seen);
            snprintf(seen + n, sizeof seen - n, "%s,", named(rup, k, "latency_s", buf, 64));
            n = strlen(seen);
            snprintf(seen + n, sizeof seen - n, "%s ", named(rup, k, "censored", buf, 64));
        }
        ck_assert_str_eq(seen, cases[i].latencies);
        free(out);
        free(rup);
    }
}
END_TEST

/* A repair pending when a gap starts: M 0, X 2, M 5, gap 5.5, M 7 (end
 * 8.5).  Without rules the match at 5 repairs (3 s, by the caregiver).
 * With --min-repair 1 it lasted 0.5 s before the gap: censored at 5, its
 * start (3 s). */
START_TEST(repair_pending_at_gap)
{
    char r_csv[256], buf[64];
    in_work(r_csv, sizeof r_csv, "r.csv");
    write_file(f_in, "t,infant_code,caregiver_code\n0,social_positive,social_positive\n"
                     "2,object,non_infant\n5,object,social_monitor\n5.5,unscorable,still_face\n"
                     "7,social_positive,social_positive\n");
    static const char *const want[][3] = { { "3", "0", "caregiver" }, { "3", "1", "" } };
    for (int i = 0; i < 2; i++) {
        const char *args[] = { "score", f_in, "--scheme", "icep", "--match-table", "icep",
                               "-o", f_out, "--ruptures", r_csv,
                               i ? "--min-repair" : NULL, "1", NULL };
        result r = run_argv(args);
        expect_status(&r, 0);
        result_free(&r);
        char *rup = slurp(r_csv, NULL);
        ck_assert_int_eq(count_lines(rup), 2);
        ck_assert_str_eq(named(rup, 1, "start_s", buf, sizeof buf), "2");
        ck_assert_str_eq(named(rup, 1, "latency_s", buf, sizeof buf), want[i][0]);
        ck_assert_str_eq(named(rup, 1, "censored", buf, sizeof buf), want[i][1]);
        ck_assert_str_eq(named(rup, 1, "repaired_by", buf, sizeof buf), want[i][2]);
        free(rup);
    }
}
END_TEST

Suite *suite_cli_score_rules(void)
{
    Suite *s = suite_create("cli_score_rules");
    TCase *tc = fixture_tcase("rules", input_setup);
    tcase_add_test(tc, min_repair_rows);
    tcase_add_test(tc, major_after);
    tcase_add_test(tc, coding_unit);
    tcase_add_test(tc, defaults_identical);
    tcase_add_test(tc, bad_values);
    tcase_add_test(tc, gaps);
    tcase_add_test(tc, repair_pending_at_gap);
    suite_add_tcase(s, tc);
    return s;
}
