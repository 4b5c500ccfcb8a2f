/* Tests for the trace writer's buffering: thousands of rows of varied
 * values, crossing the 64 KiB writes, come out exactly as rows printed
 * with snprintf; rows wait in the buffer until att_trace_flush; a phase
 * name changed in place (same pointer) is noticed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/trace.h"

/* "%.*f" without the sign of a value that rounds to zero. */
static void fixed(char *out, size_t cap, double x, int d)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%.*f", d, x);
    const char *s = tmp;
    if (s[0] == '-' && strspn(s + 1, "0.") == strlen(s + 1))
        s++;
    snprintf(out, cap, "%s", s);
}

/* The row the writer must give for `s`, printed with snprintf; `phase` is
 * the phase column as written (quoted by hand when needed). */
static void expected_row(char *out, size_t cap, const att_step *s, const char *phase)
{
    char t[512], ar[512], st[512], reg[512], tr[512], cl[512], ca[512], in[512], so[512];
    fixed(t, sizeof t, s->t, 1);
    fixed(ar, sizeof ar, s->infant.arousal, 4);
    fixed(st, sizeof st, s->signal.stimulation, 3);
    fixed(reg, sizeof reg, s->infant.regulation, 4);
    fixed(tr, sizeof tr, s->infant.trust, 4);
    fixed(cl, sizeof cl, s->infant.contingency_loss, 4);
    fixed(ca, sizeof ca, s->caregiver_arousal, 4);
    fixed(in, sizeof in, s->signal.intrusion, 3);
    fixed(so, sizeof so, s->signal.soothe, 3);
    snprintf(out, cap, "%ld,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s\n", s->run, t,
             phase, ar, s->infant.gaze == ATT_GAZE_AT, att_affect_name(s->infant.affect),
             att_infant_behavior_name(s->infant.behavior), att_infant_code_name(s->infant_code),
             att_caregiver_code_name(s->caregiver_code), att_care_mode_name(s->caregiver_mode),
             st, s->matched != 0, reg, tr, cl, ca, in, so);
}

static unsigned long long rng_state = 88172645463325252ULL;

static double draw(double lo, double hi)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return lo + (hi - lo) * (double)(rng_state >> 11) / 9007199254740992.0;
}

static void random_step(att_step *s, long i, const char *phase)
{
    memset(s, 0, sizeof *s);
    s->run = 1 + i / 1000;
    s->t = (double)(i % 1000) * 0.1;
    s->phase_name = phase;
    s->infant.arousal = draw(-0.001, 1.001);
    s->infant.gaze = i % 3 ? ATT_GAZE_AT : ATT_GAZE_AWAY;
    s->infant.affect = (att_affect)(i % 3 - 1);
    s->infant.behavior = (att_infant_behavior)(i % ATT_IB_COUNT);
    s->infant_code = (att_infant_code)(i % ATT_IC_COUNT);
    s->caregiver_code = (att_caregiver_code)(i % ATT_CC_COUNT);
    s->caregiver_mode = (att_care_mode)(i % ATT_CM_COUNT);
    s->signal.stimulation = i % 17 ? draw(0, 1) : -0.0;
    s->matched = (int)(i % 2);
    s->infant.regulation = draw(-0.00006, 0.00006);  /* rounds to zero, either sign */
    s->infant.trust = (double)(i % 20001) / 20000;  /* ties of the 4th decimal */
    s->infant.contingency_loss = draw(0, 1e6);
    s->caregiver_arousal = draw(0, 1);
    s->signal.intrusion = (double)(i % 2001) / 2000;
    s->signal.soothe = draw(-5, 5);
}

START_TEST(rows_match_printf)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_error err = { 0 };
    att_trace *tr = att_trace_new(fp, 0.1, &err);
    ck_assert_ptr_nonnull(tr);
    size_t cap = 8 << 20, n = 0;
    char *want = malloc(cap);
    ck_assert_ptr_nonnull(want);
    char phase[32] = "play";
    const long rows = 20000;  /* about 2 MB: thirty-odd 64 KiB writes */
    for (long i = 0; i < rows; i++) {
        if (i == 7000)
            strcpy(phase, "still face");  /* the same pointer, new text */
        if (i == 14000)
            strcpy(phase, "re,union");    /* must be quoted */
        att_step s;
        random_step(&s, i, phase);
        ck_assert_int_eq(att_trace_write(tr, &s, &err), ATT_OK);
        ck_assert_uint_lt(n + 1024, cap);
        expected_row(want + n, cap - n, &s, i >= 14000 ? "\"re,union\"" : phase);
        n += strlen(want + n);
    }
    ck_assert_int_eq(att_trace_flush(tr, &err), ATT_OK);
    att_trace_free(tr);
    ck_assert_int_eq(fclose(fp), 0);
    const char *body = strchr(buf, '\n');
    ck_assert_ptr_nonnull(body);
    body++;
    ck_assert_uint_eq(strlen(body), n);
    for (size_t i = 0; i < n; i++)
        if (body[i] != want[i]) {
            const char *row = want + i;
            while (row > want && row[-1] != '\n')
                row--;
            ck_abort_msg("byte %zu differs; expected row: %.200s", i, row);
        }
    free(want);
    free(buf);
}
END_TEST

START_TEST(rows_wait_for_flush)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_error err = { 0 };
    att_trace *tr = att_trace_new(fp, 0.1, &err);
    ck_assert_ptr_nonnull(tr);
    ck_assert_int_eq(fflush(fp), 0);
    size_t header = len;
    ck_assert_uint_gt(header, 100);  /* the header is written at once */
    att_step s;
    random_step(&s, 1, "play");
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(att_trace_write(tr, &s, &err), ATT_OK);
    ck_assert_int_eq(fflush(fp), 0);
    ck_assert_uint_eq(len, header);   /* ten rows (< 64 KiB) are held */
    ck_assert_int_eq(att_trace_flush(tr, &err), ATT_OK);
    ck_assert_int_eq(fflush(fp), 0);
    size_t ten = len - header;
    ck_assert_uint_gt(ten, 10 * 60);
    ck_assert_int_eq(att_trace_write(tr, &s, &err), ATT_OK);
    att_trace_free(tr);               /* writes the last row */
    ck_assert_int_eq(fflush(fp), 0);
    ck_assert_uint_eq(len - header, ten + ten / 10);
    /* Enough rows for more than 64 KiB reach the stream without a flush. */
    tr = att_trace_new(fp, 0.1, &err);
    ck_assert_ptr_nonnull(tr);
    ck_assert_int_eq(fflush(fp), 0);
    size_t before = len;
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(att_trace_write(tr, &s, &err), ATT_OK);
    ck_assert_int_eq(fflush(fp), 0);
    ck_assert_uint_ge(len - before, 65536);
    ck_assert_uint_lt(len - before, 1000 * (ten / 10));
    att_trace_free(tr);
    ck_assert_int_eq(fclose(fp), 0);
    free(buf);
}
END_TEST

Suite *suite_trace_buf(void)
{
    Suite *s = suite_create("trace_buf");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, rows_match_printf);
    tcase_add_test(tc, rows_wait_for_flush);
    suite_add_tcase(s, tc);
    return s;
}
