/* SDIS output (attune/sdis.h): a tiny two-run coded file compared byte for
 * byte with a hand-written text, the onset order of interleaved events, time
 * formatting, name mapping and collisions, and misuse. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/coded.h"
#include "attune/match.h"
#include "attune/sdis.h"
#include "tests/fixture.h"

static const char header[] =
    "% SDIS timed-event data for GSEQ, written by attune export --sdis.\n"
    "% Sessions are the runs of the coded files: <RUN>, then the events as\n"
    "% CODE,ONSET-OFFSET in onset order, then ,END/ where END is the end of the\n"
    "% run's last row.  Times are the files' t in seconds; an event lasts from its\n"
    "% onset up to, not including, its offset (the next code's onset).\n"
    "% Code names: infant code X is i_X and caregiver code X is c_X, every character\n"
    "% other than a letter, digit or _ becoming _.  Each set in parentheses, the\n"
    "% infant's and the caregiver's, is mutually exclusive and exhaustive.\n";

/* ---- the two-run file through att_coded_read, as `attune export` does ---- */

static int hook_begin(void *user, const char *run, att_error *err)
{
    return att_sdis_begin_session(user, run, "from tiny.csv", err);
}

static int hook_row(void *user, const att_coded_row *row, att_error *err)
{
    return att_sdis_push(user, row->t, row->infant, row->caregiver, err);
}

static int hook_end(void *user, double t_end, att_error *err)
{
    return att_sdis_end_session(user, t_end, err);
}

/* Run a ends at 4 + 1 = 5 s and run b at 1.5 + 0.5 = 2 s (the last row lasts
 * as long as the interval before it).  By hand:
 *   run a  infant:    monitor [0,2)  avert [2,4)  monitor [4,5)
 *          caregiver: positive [0,2) monitor [2,3) intrusive [3,5)
 *   run b  infant:    protest [0.5,1.5) positive [1.5,2)
 *          caregiver: soothe [0.5,2)
 * in onset order, the infant's event first when both start together. */
static const char tiny_csv[] =
    "run,t,infant_code,caregiver_code\n"
    "a,0,monitor,positive\n"
    "a,1,monitor,positive\n"
    "a,2,avert,monitor\n"
    "a,3,avert,intrusive\n"
    "a,4,monitor,intrusive\n"
    "b,0.5,protest,soothe\n"
    "b,1.0,protest,soothe\n"
    "b,1.5,positive,soothe\n";

static const char tiny_sdis[] =
    "Timed (i_positive i_monitor i_avert i_protest i_withdrawn)\n"
    "      (c_positive c_monitor c_intrusive c_still c_withdrawn c_soothe);\n"
    "\n"
    "% from tiny.csv\n"
    "<a>\n"
    "i_monitor,0-2\n"
    "c_positive,0-2\n"
    "i_avert,2-4\n"
    "c_monitor,2-3\n"
    "c_intrusive,3-5\n"
    "i_monitor,4-5\n"
    ",5/\n"
    "\n"
    "% from tiny.csv\n"
    "<b>\n"
    "i_protest,0.5-1.5\n"
    "c_soothe,0.5-2\n"
    "i_positive,1.5-2\n"
    ",2/\n";

START_TEST(two_runs_byte_for_byte)
{
    char path[64];
    temp_file(path, sizeof path, tiny_csv);
    att_match_table *mt = load_match("attuned");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(mem);
    att_error err = { 0 };
    att_sdis *s = att_sdis_new(mem, mt, NULL, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    const att_coded_hooks hooks = { hook_begin, hook_row, hook_end };
    int rc = att_coded_read(path, mt, 1, &hooks, s, &err);
    ck_assert_msg(rc == ATT_OK, "%s", err.msg);
    att_sdis_free(s);
    ck_assert_int_eq(fclose(mem), 0);

    char want[4096];
    snprintf(want, sizeof want, "%s%s", header, tiny_sdis);
    ck_assert_str_eq(buf, want);
    ck_assert_uint_eq(len, strlen(want));
    free(buf);
    att_match_table_free(mt);
    unlink(path);
}
END_TEST

/* A long caregiver event holds back later infant events until it is known:
 *   t      0   1   2   3   4   (end 6)
 *   inf    P   M   A   M   P
 *   cg     S   S   S   S   M
 * caregiver soothe [0,4) starts before infant monitor [1,2), so it is
 * written right after infant positive [0,1), although it ends last but one. */
START_TEST(onset_order_with_long_event)
{
    att_match_table *mt = load_match("attuned");
    int P = att_match_table_infant_index(mt, "positive");
    int M = att_match_table_infant_index(mt, "monitor");
    int A = att_match_table_infant_index(mt, "avert");
    int S = att_match_table_caregiver_index(mt, "soothe");
    int CM = att_match_table_caregiver_index(mt, "monitor");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    att_error err = { 0 };
    att_sdis *s = att_sdis_new(mem, mt, NULL, &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(att_sdis_begin_session(s, "x<y>\tz/2", "a/b", &err), ATT_OK);
    const int inf[] = { P, M, A, M, P }, cg[] = { S, S, S, S, CM };
    for (int k = 0; k < 5; k++)
        ck_assert_int_eq(att_sdis_push(s, k, inf[k], cg[k], &err), ATT_OK);
    ck_assert_int_eq(att_sdis_end_session(s, 6, &err), ATT_OK);
    att_sdis_free(s);
    fclose(mem);
    const char *body = strstr(buf, ";\n") + 2;
    ck_assert_str_eq(body,
                     "\n"
                     "% a/b\n"      /* a comment keeps its '/' */
                     "<x_y__z_2>\n" /* '<', '>', the tab and '/' made '_' */
                     "i_positive,0-1\n"
                     "c_soothe,0-4\n"
                     "i_monitor,1-2\n"
                     "i_avert,2-3\n"
                     "i_monitor,3-4\n"
                     "i_positive,4-6\n"
                     "c_monitor,4-6\n"
                     ",6/\n");
    free(buf);
    att_match_table_free(mt);
}
END_TEST

START_TEST(times)
{
    char b[40];
    ck_assert_str_eq(att_sdis_time(0, b, sizeof b), "0");
    ck_assert_str_eq(att_sdis_time(12, b, sizeof b), "12");
    ck_assert_str_eq(att_sdis_time(0.1, b, sizeof b), "0.1");
    ck_assert_str_eq(att_sdis_time(3 * 0.1, b, sizeof b), "0.3");   /* 0.30000000000000004 */
    ck_assert_str_eq(att_sdis_time(3.25, b, sizeof b), "3.25");
    ck_assert_str_eq(att_sdis_time(1.000001, b, sizeof b), "1.000001");
    ck_assert_str_eq(att_sdis_time(1.0000004, b, sizeof b), "1");    /* below 1 us */
    ck_assert_str_eq(att_sdis_time(-2.5, b, sizeof b), "-2.5");
    ck_assert_str_eq(att_sdis_time(3600.05, b, sizeof b), "3600.05");
}
END_TEST

/* Codes with a character SDIS names cannot have ('-'; match tables allow
 * [a-z0-9_-]), and codes that collide. */
START_TEST(names)
{
    char path[64];
    temp_file(path, sizeof path, "infant_code,caregiver_code,matched\n"
                    "calm,still-face,0\n"
                    "fuss-cry,soothe,1\n");
    att_match_table *mt;
    att_error err = { 0 };
    ck_assert_ptr_nonnull(mt = att_match_table_load(path, &err));
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    att_sdis *s = att_sdis_new(mem, mt, NULL, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_str_eq(att_sdis_infant_code(s, att_match_table_infant_index(mt, "fuss-cry")),
                     "i_fuss_cry");
    ck_assert_str_eq(att_sdis_caregiver_code(s, att_match_table_caregiver_index(mt, "still-face")),
                     "c_still_face");
    ck_assert_ptr_null(att_sdis_infant_code(s, 2));
    ck_assert_ptr_null(att_sdis_caregiver_code(s, -1));
    att_sdis_free(s);
    fclose(mem);
    ck_assert_ptr_nonnull(strstr(buf, "Timed (i_calm i_fuss_cry)\n      (c_still_face c_soothe);\n"));
    free(buf);
    att_match_table_free(mt);
    unlink(path);

    /* "still-face" and "still_face" both become c_still_face. */
    temp_file(path, sizeof path, "infant_code,caregiver_code,matched\n"
                    "calm,still-face,0\n"
                    "calm,still_face,0\n");
    ck_assert_ptr_nonnull(mt = att_match_table_load(path, &err));
    char sink_path[64];
    temp_file(sink_path, sizeof sink_path, "");   /* a sink, not a device node */
    FILE *sink = fopen(sink_path, "w");
    ck_assert_ptr_nonnull(sink);
    ck_assert_ptr_null(att_sdis_new(sink, mt, NULL, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "'still-face' and 'still_face'") && strstr(err.msg, "'c_still_face'"),
                  "message: %s", err.msg);
    fclose(sink);
    unlink(sink_path);
    att_match_table_free(mt);
    unlink(path);
}
END_TEST

START_TEST(misuse)
{
    att_match_table *mt = load_match("attuned");
    char sink_path[64];
    temp_file(sink_path, sizeof sink_path, "");   /* a sink, not a device node */
    FILE *sink = fopen(sink_path, "w");
    ck_assert_ptr_nonnull(sink);
    att_error err = { 0 };
    att_sdis *s = att_sdis_new(sink, mt, NULL, &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(att_sdis_push(s, 0, 0, 0, &err), ATT_EINPUT);          /* no session */
    ck_assert_int_eq(att_sdis_end_session(s, 1, &err), ATT_EINPUT);
    ck_assert_int_eq(att_sdis_begin_session(s, "r", NULL, &err), ATT_OK);
    ck_assert_int_eq(att_sdis_begin_session(s, "r", NULL, &err), ATT_EINPUT);  /* open */
    ck_assert_int_eq(att_sdis_end_session(s, 1, &err), ATT_EINPUT);         /* no rows */
    ck_assert_int_eq(att_sdis_push(s, 0, 5, 0, &err), ATT_EINPUT);          /* no such code */
    ck_assert_int_eq(att_sdis_push(s, 0, 0, 6, &err), ATT_EINPUT);
    ck_assert_int_eq(att_sdis_push(s, 0, 0, 0, &err), ATT_OK);
    ck_assert_int_eq(att_sdis_push(s, 0, 0, 0, &err), ATT_EINPUT);          /* t repeats */
    ck_assert_int_eq(att_sdis_end_session(s, 0, &err), ATT_EINPUT);         /* no duration */
    ck_assert_int_eq(att_sdis_end_session(s, 0.5, &err), ATT_OK);
    att_sdis_free(s);
    att_sdis_free(NULL);
    fclose(sink);
    unlink(sink_path);
    att_match_table_free(mt);
}
END_TEST

Suite *suite_sdis(void)
{
    Suite *s = suite_create("sdis");
    TCase *tc = tcase_create("sdis");
    tcase_add_test(tc, two_runs_byte_for_byte);
    tcase_add_test(tc, onset_order_with_long_event);
    tcase_add_test(tc, times);
    tcase_add_test(tc, names);
    tcase_add_test(tc, misuse);
    suite_add_tcase(s, tc);
    return s;
}
