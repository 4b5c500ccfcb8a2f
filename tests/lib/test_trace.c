/* Tests for the CSV trace writer: rows written from hand-built steps are
 * compared to text written out by hand, user text is quoted so libcsv reads
 * it back, t gets the decimals dt needs, and write errors are reported. */
#include <check.h>
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/trace.h"
#include "tests/fixture.h"

static const char *const HEADER =
    "run,t,phase,infant_arousal,infant_gaze,infant_affect,infant_behavior,"
    "infant_code,caregiver_code,caregiver_behavior,caregiver_stimulation,"
    "matched,infant_regulation,infant_trust,infant_contingency_loss,"
    "caregiver_arousal,caregiver_intrusion,caregiver_soothe\n";

/* An in-memory stream; the text is in *buf after fclose. */
typedef struct {
    FILE *fp;
    char *buf;
    size_t len;
} memout;

static void memout_open(memout *m)
{
    m->buf = NULL;
    m->len = 0;
    m->fp = open_memstream(&m->buf, &m->len);
    ck_assert_ptr_nonnull(m->fp);
}

/* Writes the steps through a trace with step dt and returns the text
 * (caller frees). */
static char *write_steps(double dt, const att_step *steps, size_t n)
{
    memout m;
    memout_open(&m);
    att_error err;
    att_error_clear(&err);
    att_trace *tr = att_trace_new(m.fp, dt, &err);
    ck_assert_msg(tr != NULL, "att_trace_new: %s", err.msg);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(att_trace_write(tr, &steps[i], &err), ATT_OK);
    att_trace_free(tr);
    fclose(m.fp);
    return m.buf;
}

/* The text after the header line. */
static const char *body_of(const char *text)
{
    const char *nl = strchr(text, '\n');
    ck_assert_ptr_nonnull(nl);
    return nl + 1;
}

START_TEST(test_columns)
{
    ck_assert_uint_eq(att_trace_column_count, 18);
    ck_assert_str_eq(att_trace_columns[0], "run");
    ck_assert_str_eq(att_trace_columns[17], "caregiver_soothe");
}
END_TEST

START_TEST(test_rows_exact)
{
    att_step s[2];
    memset(s, 0, sizeof s);

    s[0].run = 1;
    s[0].index = 123;
    s[0].t = 123 * 0.1;
    s[0].phase_name = "play";
    s[0].infant.arousal = 0.25;
    s[0].infant.gaze = ATT_GAZE_AT;
    s[0].infant.affect = ATT_AFFECT_POSITIVE;
    s[0].infant.behavior = ATT_IB_ENGAGE;
    s[0].infant_code = ATT_IC_POSITIVE;
    s[0].caregiver_code = ATT_CC_POSITIVE;
    s[0].caregiver_mode = ATT_CM_PLAY;
    s[0].signal.stimulation = 0.8;
    s[0].matched = 1;
    s[0].infant.regulation = 1.0;
    s[0].infant.trust = 0.7;
    s[0].infant.contingency_loss = 0.0;
    s[0].caregiver_arousal = 0.1;

    s[1].run = 2;
    s[1].index = 124;
    s[1].t = 124 * 0.1;
    s[1].phase_name = "still face";
    s[1].infant.arousal = 0.61234;
    s[1].infant.gaze = ATT_GAZE_AWAY;
    s[1].infant.affect = ATT_AFFECT_NEGATIVE;
    s[1].infant.behavior = ATT_IB_LOOK_AWAY;
    s[1].infant_code = ATT_IC_AVERT;
    s[1].caregiver_code = ATT_CC_STILL;
    s[1].caregiver_mode = ATT_CM_STILL;
    s[1].signal.stimulation = 0.0625;   /* an exact tie: printf rounds to even */
    s[1].matched = 0;
    s[1].infant.regulation = 0.99995;   /* just above the tie in binary: carries */
    s[1].infant.trust = -0.00004;       /* rounds to zero: no sign */
    s[1].infant.contingency_loss = 1.0;
    s[1].caregiver_arousal = 0.33333;
    s[1].signal.intrusion = 0.0005;     /* just above the tie in binary */
    s[1].signal.soothe = -0.0001;

    char *text = write_steps(0.1, s, 2);
    const char *expect =
        "run,t,phase,infant_arousal,infant_gaze,infant_affect,infant_behavior,"
        "infant_code,caregiver_code,caregiver_behavior,caregiver_stimulation,"
        "matched,infant_regulation,infant_trust,infant_contingency_loss,"
        "caregiver_arousal,caregiver_intrusion,caregiver_soothe\n"
        "1,12.3,play,0.2500,1,positive,engage,positive,positive,play,"
        "0.800,1,1.0000,0.7000,0.0000,0.1000,0.000,0.000\n"
        "2,12.4,still face,0.6123,0,negative,look-away,avert,still,still-face,"
        "0.062,0,1.0000,0.0000,1.0000,0.3333,0.001,0.000\n";
    ck_assert_str_eq(text, expect);
    free(text);
}
END_TEST

START_TEST(test_header_only)
{
    char *text = write_steps(0.1, NULL, 0);
    ck_assert_str_eq(text, HEADER);
    free(text);
}
END_TEST

/* Collects the fields of the first record libcsv parses. */
typedef struct {
    char fields[32][128];
    int nfields;
    int records;
} parsed;

static void on_field(void *s, size_t len, void *data)
{
    parsed *p = data;
    if (p->records == 0 && p->nfields < 32) {
        ck_assert_uint_lt(len, 128);
        memcpy(p->fields[p->nfields], s, len);
        p->fields[p->nfields][len] = '\0';
        p->nfields++;
    }
}

static void on_record(int c, void *data)
{
    (void)c;
    ((parsed *)data)->records++;
}

START_TEST(test_phase_quoted)
{
    const char *phase = "say \"hi\", baby";
    att_step s;
    memset(&s, 0, sizeof s);
    s.run = 1;
    s.index = 3;
    s.t = 3 * 0.1;
    s.phase_name = phase;
    s.infant.arousal = -0.0;
    s.signal.stimulation = -0.0;

    char *text = write_steps(0.1, &s, 1);
    const char *body = body_of(text);
    ck_assert_str_eq(body,
        "1,0.3,\"say \"\"hi\"\", baby\",0.0000,0,neutral,engage,positive,positive,"
        "play,0.000,0,0.0000,0.0000,0.0000,0.0000,0.000,0.000\n");

    struct csv_parser parser;
    ck_assert_int_eq(csv_init(&parser, CSV_STRICT), 0);
    parsed p;
    memset(&p, 0, sizeof p);
    size_t n = strlen(body);
    ck_assert_uint_eq(csv_parse(&parser, body, n, on_field, on_record, &p), n);
    csv_fini(&parser, on_field, on_record, &p);
    csv_free(&parser);
    ck_assert_int_eq(p.records, 1);
    ck_assert_int_eq(p.nfields, 18);
    ck_assert_str_eq(p.fields[2], phase);
    free(text);
}
END_TEST

START_TEST(test_phase_newline_quoted)
{
    att_step s;
    memset(&s, 0, sizeof s);
    s.phase_name = "two\nlines";
    char *text = write_steps(1, &s, 1);
    ck_assert_ptr_nonnull(strstr(body_of(text), "0,0.0,\"two\nlines\",0.0000,"));
    free(text);
}
END_TEST

/* The t field (second column) of a single row written with step dt. */
static void check_t(double dt, long index, const char *expect)
{
    att_step s;
    memset(&s, 0, sizeof s);
    s.run = 1;
    s.index = index;
    s.t = (double)index * dt;
    s.phase_name = "p";
    char *text = write_steps(dt, &s, 1);
    const char *body = body_of(text);
    const char *start = strchr(body, ',') + 1;
    const char *end = strchr(start, ',');
    ck_assert_msg((size_t)(end - start) == strlen(expect) &&
                  strncmp(start, expect, strlen(expect)) == 0,
                  "dt %g index %ld: got %.*s, expected %s",
                  dt, index, (int)(end - start), start, expect);
    free(text);
}

START_TEST(test_t_decimals)
{
    check_t(0.1, 123, "12.3");
    check_t(0.1, 3, "0.3");
    check_t(0.1, 0, "0.0");
    check_t(0.05, 247, "12.35");
    check_t(0.05, 1, "0.05");
    check_t(0.05, 20, "1.00");
    check_t(0.25, 5, "1.25");
    check_t(0.25, 7, "1.75");
    check_t(1, 3, "3.0");
    check_t(0.001, 1234567, "1234.567");
}
END_TEST

START_TEST(test_no_negative_zero)
{
    static const double tiny[] = { -0.0, -1e-300, -1e-9, -0.00004, -0.00004999 };
    att_step s[5];
    memset(s, 0, sizeof s);
    for (int i = 0; i < 5; i++) {
        double v = tiny[i];
        s[i].t = -0.0;
        s[i].phase_name = "p";
        s[i].infant.arousal = v;
        s[i].infant.regulation = v;
        s[i].infant.trust = v;
        s[i].infant.contingency_loss = v;
        s[i].caregiver_arousal = v;
        s[i].signal.stimulation = v;
        s[i].signal.intrusion = v;
        s[i].signal.soothe = v;
    }
    char *text = write_steps(0.1, s, 5);
    ck_assert_msg(strchr(text, '-') == NULL, "a minus sign in:\n%s", text);
    free(text);
}
END_TEST

/* The writer formats numbers itself for speed; it must agree with printf
 * everywhere, including ties and values just either side of them. */
START_TEST(test_numbers_match_printf)
{
    unsigned long long state = 12345;
    for (int i = 0; i < 20000; i++) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        double v;
        switch (i % 4) {
        case 0: v = (double)(state >> 11) / 9007199254740992.0 * 2 - 1; break;
        case 1: v = (double)((long long)(state >> 40) - 8388608) / 20000.0; break; /* ties at 4 decimals */
        case 2: v = (double)((long long)(state >> 40) - 8388608) / 2000.0; break;  /* ties at 3 decimals */
        default: v = (double)(state >> 20) / 1e6; break;                           /* up to ~1.7e7 */
        }
        att_step s;
        memset(&s, 0, sizeof s);
        s.phase_name = "p";
        s.infant.arousal = v;
        s.signal.stimulation = v;
        char *text = write_steps(0.1, &s, 1);

        char want4[64], want3[64];
        snprintf(want4, sizeof want4, "%.4f", v);
        snprintf(want3, sizeof want3, "%.3f", v);
        const char *w4 = strcmp(want4, "-0.0000") == 0 ? "0.0000" : want4;
        const char *w3 = strcmp(want3, "-0.000") == 0 ? "0.000" : want3;
        char expect_prefix[128], expect_mid[128];
        snprintf(expect_prefix, sizeof expect_prefix, "0,0.0,p,%s,0,", w4);
        snprintf(expect_mid, sizeof expect_mid, ",play,%s,0,", w3);
        const char *body = body_of(text);
        ck_assert_msg(strncmp(body, expect_prefix, strlen(expect_prefix)) == 0,
                      "%.17g: %s", v, body);
        ck_assert_msg(strstr(body, expect_mid) != NULL, "%.17g: %s", v, body);
        free(text);
    }
}
END_TEST

START_TEST(test_header_write_error)
{
    char dev[64];
    FILE *fp = open_full_device(dev, sizeof dev);
    if (!fp)
        return;   /* not root: no private device */
    setvbuf(fp, NULL, _IONBF, 0);
    att_error err;
    att_error_clear(&err);
    ck_assert_ptr_null(att_trace_new(fp, 0.1, &err));
    ck_assert_int_eq(err.code, ATT_EIO);
    ck_assert_msg(strstr(err.msg, "write") != NULL, "%s", err.msg);
    close_full_device(fp, dev);
}
END_TEST

START_TEST(test_row_write_error)
{
    /* Buffered, so the header fits in the buffer and succeeds; the rows
     * then overflow it and the flush to a full device fails. */
    char dev[64];
    FILE *fp = open_full_device(dev, sizeof dev);
    if (!fp)
        return;   /* not root: no private device */
    static char buf[4096];
    setvbuf(fp, buf, _IOFBF, sizeof buf);
    att_error err;
    att_error_clear(&err);
    att_trace *tr = att_trace_new(fp, 0.1, &err);
    ck_assert_ptr_nonnull(tr);

    att_step s;
    memset(&s, 0, sizeof s);
    s.phase_name = "p";
    int rc = ATT_OK;
    for (int i = 0; i < 1000 && rc == ATT_OK; i++)
        rc = att_trace_write(tr, &s, &err);
    ck_assert_int_eq(rc, ATT_EIO);
    ck_assert_int_eq(err.code, ATT_EIO);
    att_trace_free(tr);
    close_full_device(fp, dev);
}
END_TEST

START_TEST(test_free_null)
{
    att_trace_free(NULL);
}
END_TEST

/* No stream is the caller's bug: each function names itself. */
START_TEST(test_no_stream)
{
    att_error err = { 0 };
    ck_assert_ptr_null(att_trace_new(NULL, 0.1, &err));
    ck_assert_int_eq(err.code, ATT_EINTERNAL);
    ck_assert_str_eq(err.msg, "att_trace_new: no stream");
    ck_assert_ptr_null(att_trace_open(NULL, 0.1, 2, &err));
    ck_assert_int_eq(err.code, ATT_EINTERNAL);
    ck_assert_str_eq(err.msg, "att_trace_open: no stream");
}
END_TEST

Suite *suite_trace(void)
{
    Suite *s = suite_create("trace");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_columns);
    tcase_add_test(tc, test_rows_exact);
    tcase_add_test(tc, test_header_only);
    tcase_add_test(tc, test_phase_quoted);
    tcase_add_test(tc, test_phase_newline_quoted);
    tcase_add_test(tc, test_t_decimals);
    tcase_add_test(tc, test_no_negative_zero);
    tcase_add_test(tc, test_numbers_match_printf);
    tcase_add_test(tc, test_header_write_error);
    tcase_add_test(tc, test_no_stream);
    tcase_add_test(tc, test_row_write_error);
    tcase_add_test(tc, test_free_null);
    suite_add_tcase(s, tc);
    return s;
}
