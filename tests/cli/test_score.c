/* `attune score` through the real program (tests/fixture.h): scoring a
 * trace, observed formats, pooling, bad input, times out of range and
 * --format json with a name that is not UTF-8. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- the command -------------------------------------------------------- */

START_TEST(cli_time_out_of_range_and_json)
{
    write_file(f_in, "t,infant_code,caregiver_code\n0,monitor,monitor\n1e13,avert,monitor\n"
                     "2e13,monitor,monitor\n");
    const char *const args[] = { "score", f_in, "--format", "csv", NULL };
    result r = run_argv(args);
    expect_status(&r, 2);
    char want[256];
    snprintf(want, sizeof want, "%s:3: t 1e13 is out of range", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    /* a hexadecimal t, and a hexadecimal setting, which strtod would read */
    write_file(f_in, "t,infant_code,caregiver_code\n0,monitor,monitor\n0x10,avert,monitor\n");
    r = run_argv(args);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:3: t '0x10' is not a number (hexadecimal", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    write_file(f_in, "[scenario]\nname = h\n[phase]\nname = p\nduration = 0x10\n");
    const char *const ini[] = { "run", f_in, NULL };
    r = run_argv(ini);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:5: duration = 0x10 is not a number (hexadecimal", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    /* a run named r\377 in JSON: replaced, so the output is UTF-8 */
    write_file(f_in, "run,t,infant_code,caregiver_code\nr\377,0,monitor,monitor\n"
                     "r\377,1,avert,intrusive\n");
    const char *const json[] = { "score", f_in, "--format", "json", NULL };
    char *text = output_of(json);
    ck_assert_ptr_nonnull(strstr(text, "{\"run\": \"r\xEF\xBF\xBD\", \"window\": \"all\""));
    ck_assert_ptr_null(strchr(text, '\377'));
    free(text);
}
END_TEST

/* ---- attune score ---- */

/* A run of the small scenario scored from its trace: one row per window,
 * the listed columns by name, ruptures file rows matching the ruptures. */
START_TEST(test_score_trace)
{
    write_file(run_ini, two_phase_ini);
    result r = run_attune("run", run_ini, "-o", run_out, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char scores[256], rup[256];
    snprintf(scores, sizeof scores, "%s/scores.csv", work);
    snprintf(rup, sizeof rup, "%s/ruptures.csv", work);
    r = run_attune("score", run_out, "-o", scores, "--ruptures", rup, NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    char *text = slurp(scores, NULL);
    ck_assert_ptr_nonnull(text);
    const char *want_header =
        "run,window,observed_s,matched_prop,transitions_per_min,ruptures,ruptures_per_min,"
        "repairs,repairs_per_min,repaired_prop,latency_median_s,latency_median_lo,"
        "latency_median_hi,repaired_within_2s,rmst_s,latency_mean_completed_s,"
        "infant_gaze_prop,infant_positive_prop,infant_negative_prop,micro_ruptures,"
        "major_ruptures,file\n";
    ck_assert_int_eq(strncmp(text, want_header, strlen(want_header)), 0);
    ck_assert_int_eq(count_lines(text), 4);   /* all, play, still */
    char buf[64];
    ck_assert_str_eq(field(line_at(text, 1), 0, buf, sizeof buf), "1");
    ck_assert_str_eq(field(line_at(text, 1), 1, buf, sizeof buf), "all");
    ck_assert_str_eq(field(line_at(text, 2), 1, buf, sizeof buf), "play");
    ck_assert_str_eq(field(line_at(text, 3), 1, buf, sizeof buf), "still");
    ck_assert_str_eq(field(line_at(text, 1), 2, buf, sizeof buf), "10");
    ck_assert_str_eq(field(line_at(text, 2), 2, buf, sizeof buf), "5");
    long ruptures = atol(field(line_at(text, 1), 5, buf, sizeof buf));
    char *rtext = slurp(rup, NULL);
    ck_assert_ptr_nonnull(rtext);
    ck_assert_int_eq(strncmp(rtext, "run,phase,start_s,latency_s,censored,repaired_by,"
                             "peak_infant_arousal,", 49), 0);
    ck_assert_int_eq(count_lines(rtext) - 1, ruptures);
    free(rtext);
    free(text);
}
END_TEST

/* Observed coding with only t and the two codes; json and table formats;
 * undefined statistics are null. */
START_TEST(test_score_observed_formats)
{
    char obs[256];
    snprintf(obs, sizeof obs, "%s/mother-07.csv", work);
    write_file(obs, "t,infant_code,caregiver_code\n0,monitor,positive\n2,avert,intrusive\n"
                    "5,avert,monitor\n6,protest,monitor\n7,protest,soothe\n");
    result r = run_attune("score", obs, "--format", "json", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "\"run\": \"mother-07\", \"window\": \"all\", \"observed_s\": 8,",
                    "json");
    /* latencies 1 and 3: S = 1/2 from 1 to 3, the median the midpoint 2;
     * S = 0 at 3, where the band is undefined: hi null (R: 2, 1, NA) */
    expect_contains(r.out, "\"latency_median_s\": 2, \"latency_median_lo\": 1, "
                    "\"latency_median_hi\": null,", "json");
    result_free(&r);
    char calm[256];
    snprintf(calm, sizeof calm, "%s/calm.csv", work);
    write_file(calm, "t,infant_code,caregiver_code\n0,monitor,positive\n1,positive,positive\n");
    r = run_attune("score", calm, "--format", "json", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "\"ruptures\": 0,", "json");
    expect_contains(r.out, "\"repaired_prop\": null, \"latency_median_s\": null", "json");
    result_free(&r);
    r = run_attune("score", obs, "--format", "table", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "run mother-07", "table");
    char want[128];
    snprintf(want, sizeof want, "\n%-26s%10s\n", "latency_median_s", "2.000");
    expect_contains(r.out, want, "table");
    snprintf(want, sizeof want, "\n%-26s%10s\n", "ruptures", "2");
    expect_contains(r.out, want, "table");
    result_free(&r);
}
END_TEST

START_TEST(test_score_pool)
{
    char two[256];
    snprintf(two, sizeof two, "%s/two.csv", work);
    write_file(two, "run,t,infant_code,caregiver_code\n"
                    "a,0,monitor,monitor\na,1,avert,intrusive\na,2,avert,monitor\n"
                    "a,3,avert,intrusive\na,6,monitor,monitor\na,7,monitor,monitor\n"
                    "b,0,monitor,monitor\nb,1,avert,intrusive\nb,3,avert,monitor\n"
                    "b,4,protest,monitor\n");
    result r = run_attune("score", two, "--pool", "--boot", "300", NULL);
    expect_status(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 4);   /* header, a, b, pooled */
    const char *pooled = line_at(r.out, 3);
    char buf[64];
    ck_assert_str_eq(field(pooled, 0, buf, sizeof buf), "pooled");  /* level */
    ck_assert_str_eq(field(pooled, 1, buf, sizeof buf), "pooled");  /* run */
    ck_assert_str_eq(field(line_at(r.out, 1), 0, buf, sizeof buf), "run");
    ck_assert_str_eq(field(pooled, 10, buf, sizeof buf), "0.75");   /* mean repaired_prop */
    ck_assert_str_eq(field(pooled, 11, buf, sizeof buf), "2");      /* pooled KM median */
    ck_assert_str_eq(field(pooled, 23, buf, sizeof buf), "2");      /* runs */
    ck_assert_str_eq(field(pooled, 24, buf, sizeof buf), "4");      /* pooled ruptures */
    expect_contains(r.out, "repaired_prop_boot_lo,repaired_prop_boot_hi", "header");
    /* the same command gives the same bytes */
    char *first = strdup(r.out);
    result_free(&r);
    r = run_attune("score", two, "--pool", "--boot", "300", NULL);
    ck_assert_str_eq(r.out, first);
    free(first);
    result_free(&r);
}
END_TEST

/* Bad input: FILE:LINE on the first line of stderr, exit 2, and neither -o
 * nor --ruptures left behind (an older -o file is kept as it was). */
START_TEST(test_score_bad_input)
{
    static const struct { const char *csv, *want; } cases[] = {
        { "", ":1: empty file" },
        { "t,infant_code\n0,monitor\n", ":1: missing column 'caregiver_code'" },
        { "t,infant_code,caregiver_code\n0,monitor,smile\n", ":2: unknown caregiver_code 'smile'" },
        { "t,infant_code,caregiver_code\n0,monitor,monitor\nx,avert,monitor\n",
          ":3: t 'x' is not a number" },
        { "t,infant_code,caregiver_code\n1,monitor,monitor\n0.5,avert,monitor\n",
          ":3: t 0.5 does not increase" },
        { "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,monitor,x\n",
          ":3: 4 fields, but the header has 3" },
        { "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,monitor",
          ":3: the last row has no line end" },
    };
    char bad[256], scores[256], rup[256];
    snprintf(bad, sizeof bad, "%s/bad.csv", work);
    snprintf(scores, sizeof scores, "%s/scores.csv", work);
    snprintf(rup, sizeof rup, "%s/r.csv", work);
    write_file(scores, "old\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(bad, cases[i].csv);
        result r = run_attune("score", bad, "-o", scores, "--ruptures", rup, NULL);
        expect_status(&r, 2);
        char line[512], want[512];
        snprintf(want, sizeof want, "%s%s", bad, cases[i].want);
        first_line(r.err, line, sizeof line);
        ck_assert_msg(strncmp(line, want, strlen(want)) == 0, "case %zu: got '%s', want '%s...'",
                      i, line, want);
        ck_assert_uint_eq(r.out_len, 0);
        result_free(&r);
        expect_listing("bad.csv scores.csv");
        char *kept = slurp(scores, NULL);
        ck_assert_str_eq(kept, "old\n");
        free(kept);
    }
    /* a bad row late in the second file: nothing on standard output either */
    char good[256];
    snprintf(good, sizeof good, "%s/good.csv", work);
    write_file(good, "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,intrusive\n");
    write_file(bad, "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,nope\n");
    result r = run_attune("score", good, bad, NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    r = run_attune("score", good, "--cutoff", "0", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--cutoff 0", "stderr");
    result_free(&r);
    r = run_attune("score", good, "--format", "xml", NULL);
    expect_status(&r, 2);
    result_free(&r);
    r = run_attune("score", good, "--match-table", "nosuch", NULL);
    expect_status(&r, 2);
    result_free(&r);
}
END_TEST

Suite *suite_cli_score(void)
{
    Suite *s = suite_create("cli_score");
    TCase *tc = fixture_tcase("command", input_setup);
    tcase_add_test(tc, cli_time_out_of_range_and_json);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("run", cli_setup);
    tcase_add_test(tc, test_score_trace);
    tcase_add_test(tc, test_score_observed_formats);
    tcase_add_test(tc, test_score_pool);
    tcase_add_test(tc, test_score_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
