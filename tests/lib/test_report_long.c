/* The long-form writer (analysis/report_long.c, att_long_*): its CSV and
 * JSON records written out here in full, the undefined values and keys,
 * and what it refuses; and the report's long form of a hand-set score. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/report.h"
#include "tests/fixture.h"

static const char *const keys[] = { "level", "who", "n" };
static const int numeric[] = { 0, 0, 1 };

/* Three records: a quoted key, a NULL and an empty key, NaN and infinity. */
static char *long_text(att_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_long w;
    att_error err = { 0 };
    ck_assert_int_eq(att_long_begin(&w, fp, fmt, keys, numeric, 3, "statistic", &err), ATT_OK);
    const char *a[] = { "group", "a,\"b\"", "2" };
    const char *b[] = { "overall", NULL, "" };
    att_long_row(&w, a, "mean", 2.0 / 3);
    att_long_row(&w, a, "sd", NAN);
    att_long_row(&w, b, "chisq", INFINITY);
    ck_assert_int_eq(att_long_end(&w, &err), ATT_OK);
    ck_assert_int_eq(fclose(fp), 0);
    return buf;
}

START_TEST(long_csv_and_json)
{
    char *csv = long_text(ATT_FORMAT_CSV);
    ck_assert_str_eq(csv, "level,who,n,statistic,value\n"
                          "group,\"a,\"\"b\"\"\",2,mean,0.6666666667\n"
                          "group,\"a,\"\"b\"\"\",2,sd,\n"
                          "overall,,,chisq,\n");
    free(csv);
    char *json = long_text(ATT_FORMAT_JSON);
    ck_assert_str_eq(json,
                     "[\n  {\"level\": \"group\", \"who\": \"a,\\\"b\\\"\", \"n\": 2, "
                     "\"statistic\": \"mean\", \"value\": 0.6666666667},\n"
                     "  {\"level\": \"group\", \"who\": \"a,\\\"b\\\"\", \"n\": 2, "
                     "\"statistic\": \"sd\", \"value\": null},\n"
                     "  {\"level\": \"overall\", \"who\": null, \"n\": null, "
                     "\"statistic\": \"chisq\", \"value\": null}\n]\n");
    free(json);
}
END_TEST

START_TEST(long_refuses)
{
    att_long w;
    att_error err = { 0 };
    ck_assert_int_eq(att_long_begin(&w, stdout, ATT_FORMAT_TABLE, keys, NULL, 3, "m", &err),
                     ATT_EINPUT);
    expect_err(&err, ATT_EINPUT, "not a table");
    err = (att_error){ 0 };
    ck_assert_int_eq(att_long_begin(&w, NULL, ATT_FORMAT_CSV, keys, NULL, 3, "m", &err),
                     ATT_EINPUT);
    expect_err(&err, ATT_EINPUT, "no stream");
    ck_assert_ptr_null(att_report_new(stdout, ATT_FORMAT_TABLE, ATT_REPORT_LONG, &err));
    expect_err(&err, ATT_EINPUT, "long form");
    /* Nothing written: a header alone, an empty array. */
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_report *r = att_report_new(fp, ATT_FORMAT_JSON, ATT_REPORT_LONG, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(att_report_finish(r, &err), ATT_OK);
    att_report_free(r);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_str_eq(buf, "[]\n");
    free(buf);
}
END_TEST

/* A run "r/2" of file f.csv, window w, every score i / 4 but score 1
 * undefined: one row per score, named as att_score_col_name says, the
 * session split off. */
START_TEST(report_long_run)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_error err = { 0 };
    att_report *r = att_report_new(fp, ATT_FORMAT_CSV, ATT_REPORT_LONG, &err);
    ck_assert_ptr_nonnull(r);
    att_window_score w = { "w", { 0 } };
    for (int c = 0; c < ATT_SC_COUNT; c++)
        w.v[c] = c == 1 ? NAN : c / 4.0;
    ck_assert_int_eq(att_report_run(r, "f.csv", "a/b/r/2", &w, 1, &err), ATT_OK);
    ck_assert_int_eq(att_report_finish(r, &err), ATT_OK);
    att_report_free(r);
    ck_assert_int_eq(fclose(fp), 0);
    ck_assert_int_eq(count_lines(buf), 1 + ATT_SC_COUNT);
    expect_prefix(buf, "level,file,run,session,window,metric,value\n"
                       "run,f.csv,a/b/r,2,w,observed_s,0\n"
                       "run,f.csv,a/b/r,2,w,matched_prop,\n"
                       "run,f.csv,a/b/r,2,w,transitions_per_min,0.5\n");
    char want[128];
    snprintf(want, sizeof want, "run,f.csv,a/b/r,2,w,%s,%.10g\n",
             att_score_col_name((att_score_col)(ATT_SC_COUNT - 1)), (ATT_SC_COUNT - 1) / 4.0);
    ck_assert_str_eq(line_at(buf, ATT_SC_COUNT), want);
    free(buf);
}
END_TEST

Suite *suite_report_long(void)
{
    Suite *s = suite_create("report_long");
    TCase *tc = tcase_create("long");
    tcase_add_test(tc, long_csv_and_json);
    tcase_add_test(tc, long_refuses);
    tcase_add_test(tc, report_long_run);
    suite_add_tcase(s, tc);
    return s;
}
