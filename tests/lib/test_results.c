/* batch/results.c: the results file's line reader, header check and the
 * fields of a line; base/buf.c, the text buffer it writes with. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include "attune/buf.h"
#include "attune/match.h"
#include "attune/tally.h"
#include "batch/results.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif

/* A FILE holding the `n` bytes at `bytes`. */
static FILE *bytes_file(const char *bytes, size_t n)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    rewind(f);
    return f;
}

START_TEST(test_buf_appends_and_formats)
{
    att_buf b = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_buf_str(&b, "ab", &err), ATT_OK);
    ck_assert_int_eq(att_buf_add(&b, "cdef", 2, &err), ATT_OK);
    ck_assert_int_eq(att_buf_printf(&b, &err, "-%d-%s", 42, "x"), ATT_OK);
    ck_assert_str_eq(b.data, "abcd-42-x");
    ck_assert_uint_eq(b.len, 9);
    /* longer than the 64 bytes formatted on the stack */
    char big[200];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(att_buf_printf(&b, &err, "%s!", big), ATT_OK);
    ck_assert_uint_eq(b.len, 9 + 199 + 1);
    ck_assert_int_eq(b.data[b.len - 1], '!');
    ck_assert_int_eq(b.data[b.len], '\0');
    att_buf_clear(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(b.data, "");
    att_buf_free(&b);
    ck_assert_ptr_null(b.data);
    att_buf_free(NULL);
}
END_TEST

START_TEST(test_lines_any_ends_normalizes)
{
    static const char text[] = "\xEF\xBB\xBFh1,h2\r\nA\rB\nC";
    FILE *f = bytes_file(text, sizeof text - 1);
    att_results_lines r;
    att_results_lines_init(&r, f, "x.csv", ATT_RESULTS_ANY_ENDS);
    att_error err = { 0 };
    const char *want[] = { "h1,h2\n", "A\n", "B\n", "C" };
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(att_results_lines_next(&r, &err), 1);
        ck_assert_str_eq(r.line, want[i]);
        ck_assert_int_eq(r.lineno, i + 1);
    }
    ck_assert_int_eq(att_results_lines_next(&r, &err), 0);
    ck_assert_int_eq(r.lineno, 4);
    att_results_lines_free(&r);
    fclose(f);
}
END_TEST

START_TEST(test_lines_as_written_keeps_bytes)
{
    static const char text[] = "h\r\nrow\ncut";
    FILE *f = bytes_file(text, sizeof text - 1);
    att_results_lines r;
    att_results_lines_init(&r, f, "x.csv", ATT_RESULTS_AS_WRITTEN);
    att_error err = { 0 };
    ck_assert_int_eq(att_results_lines_next(&r, &err), 1);
    ck_assert_str_eq(r.line, "h\r\n");
    ck_assert_int_eq(r.end, 3);
    ck_assert_int_eq(att_results_lines_next(&r, &err), 1);
    ck_assert_str_eq(r.line, "row\n");
    ck_assert_int_eq(r.end, 7);
    ck_assert_int_eq(att_results_lines_next(&r, &err), 1);
    ck_assert_str_eq(r.line, "cut");   /* no line end: cut short */
    ck_assert_int_eq(r.end, 10);
    ck_assert_int_eq(att_results_lines_next(&r, &err), 0);
    att_results_lines_free(&r);
    fclose(f);
}
END_TEST

START_TEST(test_lines_refuse_nul_and_utf16)
{
    static const char nul[] = "a,b\nx\0y\n";
    FILE *f = bytes_file(nul, sizeof nul - 1);
    att_results_lines r;
    att_results_lines_init(&r, f, "n.csv", ATT_RESULTS_ANY_ENDS);
    att_error err = { 0 };
    ck_assert_int_eq(att_results_lines_next(&r, &err), 1);
    ck_assert_int_eq(att_results_lines_next(&r, &err), -1);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strncmp(err.msg, "n.csv:2: a NUL byte", 19) == 0, "%s", err.msg);
    att_results_lines_free(&r);
    fclose(f);
    static const char u16[] = "\xFF\xFEh\0";
    f = bytes_file(u16, sizeof u16 - 1);
    att_results_lines_init(&r, f, "u.csv", ATT_RESULTS_ANY_ENDS);
    ck_assert_int_eq(att_results_lines_next(&r, &err), -1);
    ck_assert_msg(strstr(err.msg, "u.csv:1: the file is UTF-16") != NULL, "%s", err.msg);
    att_results_lines_free(&r);
    fclose(f);
}
END_TEST

static const char *header_fault(const char *line)
{
    static att_error err;
    long n = -1;
    att_error_clear(&err);
    return att_results_check_header("h.csv", line, &n, &err) == ATT_OK ? NULL : err.msg;
}

START_TEST(test_header_check)
{
    long n = 0;
    att_error err = { 0 };
    ck_assert_int_eq(att_results_check_header("h.csv", "experiment,run,runs,\"a,b\",all.x\n",
                                              &n, &err), ATT_OK);
    ck_assert_int_eq(n, 5);
    ck_assert_ptr_nonnull(strstr(header_fault("experiment;run;runs;all.x\n"), "separated by ';'"));
    ck_assert_ptr_nonnull(strstr(header_fault("experiment,run,runs,\"all.x\n"), "never closed"));
    ck_assert_ptr_nonnull(strstr(header_fault("run,experiment,runs,all.x\n"), "it starts"));
    ck_assert_str_eq(header_fault("experiment,run,runs,,all.x\n"),
                     "h.csv:1: column 4 has no name (an extra comma?)");
    ck_assert_str_eq(header_fault("experiment,run,runs,all.x,all.x\n"),
                     "h.csv:1: column 'all.x' appears twice");
    ck_assert_str_eq(header_fault("experiment,run,runs,seed\n"), "h.csv:1: " ATT_RESULTS_NO_WINDOWS);
    ck_assert_int_eq(att_results_count_fields("a,\"b,c\",d\n"), 3);
}
END_TEST

START_TEST(test_row_and_session_fields)
{
    char id[32];
    long run, runs, session;
    ck_assert_int_eq(att_results_row_fields("abc,3,10,x\n", id, sizeof id, &run, &runs), 0);
    ck_assert_str_eq(id, "abc");
    ck_assert_int_eq(run, 3);
    ck_assert_int_eq(runs, 10);
    ck_assert_int_eq(att_results_row_fields("abc,11,10,x\n", id, sizeof id, &run, &runs), -1);
    ck_assert_int_eq(att_results_row_fields("abc,0,10,x\n", id, sizeof id, &run, &runs), -1);
    const char *line = "e,1,4,\"c,\"\"q\"\"\",2,3,7\n", *cond;
    size_t len;
    ck_assert_int_eq(att_results_session_fields(line, &cond, &len, &session), 0);
    ck_assert_int_eq(session, 3);
    ck_assert_int_eq((int)len, (int)strlen("\"c,\"\"q\"\"\""));
    ck_assert_int_eq(strncmp(cond, "\"c,", 3), 0);
    ck_assert_int_eq(att_results_session_fields("e,1,4,c,2,x,7\n", &cond, &len, &session), -1);
}
END_TEST

START_TEST(test_find_columns)
{
    const char *names[] = { "experiment", "run", "runs", "condition", "all.run", "session" };
    att_results_cols c;
    att_results_find_columns(names, 6, &c);
    ck_assert_int_eq(c.experiment, 0);
    ck_assert_int_eq(c.run, 1);
    ck_assert_int_eq(c.runs, 2);
    ck_assert_int_eq(c.session, 5);
    att_results_find_columns(names + 3, 2, &c);
    ck_assert_int_eq(c.run, -1);
    ck_assert_int_eq(c.session, -1);
}
END_TEST

/* An experiment of 2 conditions x 2 replicates, 2 sessions each. */
static const char experiment[] =
    "[scenario]\nduration = 5\nseed = 3\nsessions = 2\n"
    "[batch]\nreplicates = 2\n"
    "[condition]\nname = a\n[condition]\nname = b\ncaregiver.policy = still-face\n";

START_TEST(test_check_file_whole_runs)
{
    char dir[] = "/tmp/attune-results-XXXXXX", ini[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(ini, sizeof ini, "%s/e.ini", dir);
    FILE *f = fopen(ini, "w");
    ck_assert_ptr_nonnull(f);
    fputs(experiment, f);
    fclose(f);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(ini, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    att_match_table *mt = att_match_table_load(ATT_SRCDIR "/data/match/attuned.csv", &err);
    ck_assert_msg(mt != NULL, "%s", err.msg);
    att_batch *b = att_batch_new(s, mt, NULL, 0, &err);
    ck_assert_msg(b != NULL, "%s", err.msg);
    ck_assert_int_eq(att_batch_runs(b), 4);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    /* The file: header, runs 1-3 whole, then run 4's first session and a
     * line cut short. */
    att_buf text = { 0 }, row = { 0 };
    ck_assert_int_eq(att_buf_str(&text, att_batch_header(b), &err), ATT_OK);
    for (long run = 0; run < 4; run++) {
        ck_assert_int_eq(att_batch_row(b, run, &row, NULL, NULL, &err), ATT_OK);
        size_t keep = row.len;
        if (run == 3)
            keep = (size_t)(strchr(row.data, '\n') - row.data) + 1 + 10;
        ck_assert_int_eq(att_buf_add(&text, row.data, keep, &err), ATT_OK);
    }
    size_t whole = strlen(att_batch_header(b));
    for (long run = 0; run < 3; run++) {
        ck_assert_int_eq(att_batch_row(b, run, &row, NULL, NULL, &err), ATT_OK);
        whole += row.len;
    }
    FILE *fp = bytes_file(text.data, text.len);
    att_results_lines r;
    att_results_lines_init(&r, fp, "r.csv", ATT_RESULTS_AS_WRITTEN);
    long rows = -1, good = -1;
    ck_assert_int_eq(att_results_check_file(&r, b, 0, 4, &rows, &good, &err), ATT_OK);
    ck_assert_int_eq(rows, 3);
    ck_assert_int_eq(good, (long)whole);
    att_results_lines_free(&r);
    fclose(fp);
    /* As a shard of runs 2..4, the first row is the wrong run. */
    fp = bytes_file(text.data, text.len);
    att_results_lines_init(&r, fp, "r.csv", ATT_RESULTS_AS_WRITTEN);
    ck_assert_int_eq(att_results_check_file(&r, b, 1, 4, &rows, &good, &err), ATT_EINPUT);
    /* the run column alone, not 20 bytes of the row ("1,20,A,1,...") */
    ck_assert_str_eq(err.msg, "r.csv:2: expected run 2 here, found run 1");
    att_results_lines_free(&r);
    fclose(fp);
    /* Only 2 runs expected: line 6 (run 3) is one too many. */
    fp = bytes_file(text.data, text.len);
    att_results_lines_init(&r, fp, "r.csv", ATT_RESULTS_AS_WRITTEN);
    ck_assert_int_eq(att_results_check_file(&r, b, 0, 2, &rows, &good, &err), ATT_EINPUT);
    ck_assert_str_eq(err.msg, "r.csv:6: more rows than this experiment (or shard) has");
    att_results_lines_free(&r);
    fclose(fp);
    /* Sessions out of order: run 1's two lines swapped. */
    ck_assert_int_eq(att_batch_row(b, 0, &row, NULL, NULL, &err), ATT_OK);
    char *nl = strchr(row.data, '\n');
    att_buf swapped = { 0 };
    ck_assert_int_eq(att_buf_str(&swapped, att_batch_header(b), &err), ATT_OK);
    ck_assert_int_eq(att_buf_str(&swapped, nl + 1, &err), ATT_OK);
    ck_assert_int_eq(att_buf_add(&swapped, row.data, (size_t)(nl - row.data) + 1, &err), ATT_OK);
    fp = bytes_file(swapped.data, swapped.len);
    att_results_lines_init(&r, fp, "r.csv", ATT_RESULTS_AS_WRITTEN);
    ck_assert_int_eq(att_results_check_file(&r, b, 0, 4, &rows, &good, &err), ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "r.csv:2: expected session 1 of 2 of run 1 here, found "
                         "session 2") != NULL, "%s", err.msg);
    att_results_lines_free(&r);
    fclose(fp);
    att_buf_free(&swapped);
    att_buf_free(&text);
    att_buf_free(&row);
    att_batch_free(b);
    att_match_table_free(mt);
    att_scenario_free(s);
    unlink(ini);
    rmdir(dir);
}
END_TEST

/* The latencies field: seconds separated by spaces (any number of them),
 * '+' after a censored one; the tally counts each latency in microseconds. */
START_TEST(test_latencies_field)
{
    att_tally *t = att_tally_new(NULL);
    ck_assert_ptr_nonnull(t);
    const char *bad = NULL;
    size_t len = 0;
    ck_assert_int_eq(att_results_parse_latencies("0.3 1.2+  4.5 0.3", 8e9, t, &bad, &len),
                     ATT_OK);
    ck_assert_uint_eq(att_tally_size(t), 3);
    const long long *k = att_tally_keys(t);
    const long *ev = att_tally_events(t), *cen = att_tally_censored(t);
    ck_assert_int_eq(k[0], 300000);    /* 0.3 s twice, both repaired */
    ck_assert_int_eq(ev[0], 2);
    ck_assert_int_eq(cen[0], 0);
    ck_assert_int_eq(k[1], 1200000);   /* 1.2 s censored */
    ck_assert_int_eq(ev[1], 0);
    ck_assert_int_eq(cen[1], 1);
    ck_assert_int_eq(k[2], 4500000);
    ck_assert_int_eq(ev[2], 1);
    /* refused: zero, negative, words, a lone '+', over the maximum; the
     * token is named and the tally is left as it was before it */
    static const char *const bads[][2] = {
        { "1 0 2", "0" }, { "-1", "-1" }, { "1 abc", "abc" }, { "+", "+" },
        { "2 9e9", "9e9" }, { "1.5e", "1.5e" },
    };
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        att_tally *u = att_tally_new(NULL);
        ck_assert_int_eq(att_results_parse_latencies(bads[i][0], 8e9, u, &bad, &len), ATT_EINPUT);
        ck_assert_uint_eq(len, strlen(bads[i][1]));
        ck_assert_msg(strncmp(bad, bads[i][1], len) == 0, "%s: named '%.*s'", bads[i][0],
                      (int)len, bad);
        att_tally_free(u);
    }
    /* the empty field is no latencies */
    att_tally *e = att_tally_new(NULL);
    ck_assert_int_eq(att_results_parse_latencies("", 8e9, e, &bad, &len), ATT_OK);
    ck_assert_uint_eq(att_tally_size(e), 0);
    att_tally_free(e);
    att_tally_free(t);
}
END_TEST

/* The run, runs and session fields: plain digits only. */
START_TEST(test_results_number)
{
    const char *end;
    ck_assert_int_eq(att_results_number("12,3", &end), 12);
    ck_assert_int_eq(*end, ',');
    ck_assert_int_eq(att_results_number("007", &end), 7);
    ck_assert_int_eq(*end, '\0');
    ck_assert_int_eq(att_results_number("1000000000000000", NULL), 1000000000000000L);
    static const char *const bad[] = { "", "+1", "-1", " 1", ",1", "1000000000000001",
                                       "99999999999999999999" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(att_results_number(bad[i], NULL) == -1, "'%s' was read", bad[i]);
    /* a row's fields go through it: a signed run is not a row */
    char id[32];
    long run, runs;
    ck_assert_int_eq(att_results_row_fields("e,2,5,A", id, sizeof id, &run, &runs), 0);
    ck_assert_int_eq(run, 2);
    ck_assert_int_eq(runs, 5);
    ck_assert_int_eq(att_results_row_fields("e,+2,5,A", id, sizeof id, &run, &runs), -1);
    ck_assert_int_eq(att_results_row_fields("e,2,+5,A", id, sizeof id, &run, &runs), -1);
}
END_TEST

Suite *suite_results(void)
{
    Suite *s = suite_create("results");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_buf_appends_and_formats);
    tcase_add_test(tc, test_lines_any_ends_normalizes);
    tcase_add_test(tc, test_lines_as_written_keeps_bytes);
    tcase_add_test(tc, test_lines_refuse_nul_and_utf16);
    tcase_add_test(tc, test_header_check);
    tcase_add_test(tc, test_row_and_session_fields);
    tcase_add_test(tc, test_find_columns);
    tcase_add_test(tc, test_check_file_whole_runs);
    tcase_add_test(tc, test_latencies_field);
    tcase_add_test(tc, test_results_number);
    suite_add_tcase(s, tc);
    return s;
}
