/* Score reports (analysis/report.c): the constructor's checks, and the CSV
 * and JSON records of a window score whose values are set by hand, written
 * out here in full (the header from the column list in attune/scorer.h). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/report.h"
#include "tests/fixture.h"

START_TEST(report_refuses_bad_arguments)
{
    att_error err = { 0 };
    ck_assert_ptr_null(att_report_new(NULL, ATT_FORMAT_CSV, 0, &err));
    expect_err(&err, ATT_EINPUT, "no stream");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_report_new(stdout, (att_format)7, 0, &err));
    expect_err(&err, ATT_EINPUT, "format");
    att_error ok = { 0 };
    att_report *rep = att_report_new(stdout, ATT_FORMAT_JSON, 1, &ok);
    ck_assert_ptr_nonnull(rep);
    ck_assert_int_eq(ok.code, ATT_OK);
    att_report_free(rep);
    att_format f;
    ck_assert_int_eq(att_format_parse("json", &f), 0);
    ck_assert_int_eq(f, ATT_FORMAT_JSON);
    ck_assert_int_eq(att_format_parse("JSON", &f), -1);
}
END_TEST

/* A window score of a run of 60 s: half matched, 3 ruptures, 2 repaired
 * (2/3), median latency 1.5 s, its interval [0.5, -], the rest as set. */
static att_window_score known_score(void)
{
    att_window_score w = { "play", { 0 } };
    const double v[ATT_SC_COUNT] = { 60, 0.5, 4, 3, 3, 2, 2, 2.0 / 3, 1.5, 0.5, NAN,
                                     0.25, 1e-7, 1.25, 0.75, 0.125, 0, 2, 1 };
    for (int c = 0; c < ATT_SC_COUNT; c++)
        w.v[c] = v[c];
    return w;
}

/* What the report writes of one run's window in `fmt`. */
static char *report_text(att_format fmt, const char *run)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_error err = { 0 };
    att_report *r = att_report_new(fp, fmt, 0, &err);
    ck_assert_ptr_nonnull(r);
    att_window_score w = known_score();
    ck_assert_int_eq(att_report_run(r, "f.csv", run, &w, 1, &err), ATT_OK);
    ck_assert_int_eq(att_report_finish(r, &err), ATT_OK);
    att_report_free(r);
    ck_assert_int_eq(fclose(fp), 0);
    return buf;
}

START_TEST(report_csv_row)
{
    /* %.10g: 2/3 is 0.6666666667, 1e-7 is 1e-07; NaN is an empty field; a
     * run name holding a comma is quoted. */
    char *csv = report_text(ATT_FORMAT_CSV, "a,1");
    ck_assert_str_eq(csv,
                     "run,window,observed_s,matched_prop,transitions_per_min,ruptures,"
                     "ruptures_per_min,repairs,repairs_per_min,repaired_prop,latency_median_s,"
                     "latency_median_lo,latency_median_hi,repaired_within_2s,rmst_s,"
                     "latency_mean_completed_s,infant_gaze_prop,infant_positive_prop,"
                     "infant_negative_prop,micro_ruptures,major_ruptures,file\n"
                     "\"a,1\",play,60,0.5,4,3,3,2,2,0.6666666667,1.5,0.5,,0.25,1e-07,1.25,0.75,"
                     "0.125,0,2,1,f.csv\n");
    free(csv);
}
END_TEST

START_TEST(report_json_record)
{
    char *json = report_text(ATT_FORMAT_JSON, "a");
    ck_assert_str_eq(json,
                     "[\n  {\"run\": \"a\", \"window\": \"play\", \"observed_s\": 60, "
                     "\"matched_prop\": 0.5, \"transitions_per_min\": 4, \"ruptures\": 3, "
                     "\"ruptures_per_min\": 3, \"repairs\": 2, \"repairs_per_min\": 2, "
                     "\"repaired_prop\": 0.6666666667, \"latency_median_s\": 1.5, "
                     "\"latency_median_lo\": 0.5, \"latency_median_hi\": null, "
                     "\"repaired_within_2s\": 0.25, \"rmst_s\": 1e-07, "
                     "\"latency_mean_completed_s\": 1.25, \"infant_gaze_prop\": 0.75, "
                     "\"infant_positive_prop\": 0.125, \"infant_negative_prop\": 0, "
                     "\"micro_ruptures\": 2, \"major_ruptures\": 1, "
                     "\"file\": \"f.csv\"}\n]\n");
    free(json);
}
END_TEST

/* Nothing reported: CSV is the header alone, JSON an empty array. */
START_TEST(report_empty)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_report *r = att_report_new(fp, ATT_FORMAT_JSON, 1, NULL);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(att_report_finish(r, NULL), ATT_OK);
    att_report_free(r);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_str_eq(buf, "[]\n");
    free(buf);
    fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    r = att_report_new(fp, ATT_FORMAT_CSV, 0, NULL);
    ck_assert_int_eq(att_report_finish(r, NULL), ATT_OK);
    att_report_free(r);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_int_eq(strncmp(buf, "run,window,observed_s,", 22), 0);
    ck_assert_int_eq(count_lines(buf), 1);
    free(buf);
}
END_TEST

Suite *suite_report(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("report");
    tcase_add_test(tc, report_refuses_bad_arguments);
    tcase_add_test(tc, report_csv_row);
    tcase_add_test(tc, report_json_record);
    tcase_add_test(tc, report_empty);
    suite_add_tcase(s, tc);
    return s;
}
