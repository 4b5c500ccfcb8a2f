/* The scoring pipeline (analysis/scoring.c) on a small coded file written
 * by hand: its report rows and ruptures rows against values worked out by
 * hand in the comments, pooled rows only after att_scoring_finish, the
 * interrupt hook and the argument checks. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/scoring.h"
#include "tests/fixture.h"

/* Under the attuned table (data/match/attuned.csv):
 * run A: p1 = [0, 4), p2 = [4, 6) (the last row lasts as long as the one
 *   before it, 1 s).  Matched at 0 (monitor/monitor); rupture at 1
 *   (avert/intrusive), still mismatched at 2 (protest/intrusive); repaired
 *   at 4 by the caregiver (protest/soothe is matched, only the caregiver's
 *   code changed): latency 3, peak arousal max(0.5, 0.8) = 0.8; in p1 it is
 *   censored at p1's end, 4: phase latency 3.  Rupture at 5
 *   (protest/intrusive), open at the end, 6: censored, latency 1.
 * run B: p1 = [0, 4).  Matched at 0 (positive/positive); rupture at 2
 *   (positive/intrusive, arousal 0.4); repaired at 3 by the caregiver
 *   (positive/monitor): latency 1, inside p1. */
static const char coded[] =
    "run,phase,t,infant_code,caregiver_code,infant_arousal\n"
    "A,p1,0,monitor,monitor,0.1\n"
    "A,p1,1,avert,intrusive,0.5\n"
    "A,p1,2,protest,intrusive,0.8\n"
    "A,p2,4,protest,soothe,0.3\n"
    "A,p2,5,protest,intrusive,0.9\n"
    "B,p1,0,positive,positive,0.2\n"
    "B,p1,2,positive,intrusive,0.4\n"
    "B,p1,3,positive,monitor,0.1\n";

static att_match_table *table;
static char path[64];

static void open_case(void)
{
    table = load_match("attuned");
    temp_file(path, sizeof path, coded);
}

static void close_case(void)
{
    unlink(path);
    att_match_table_free(table);
}

/* The report and ruptures streams of one test, in memory. */
typedef struct {
    char *rep, *rup;
    size_t rep_len, rup_len;
    FILE *rep_fp, *rup_fp;
    att_scoring *s;
} pipe_t;

static void pipe_open(pipe_t *p, int pool, int ruptures)
{
    memset(p, 0, sizeof *p);
    p->rep_fp = open_memstream(&p->rep, &p->rep_len);
    p->rup_fp = open_memstream(&p->rup, &p->rup_len);
    ck_assert_ptr_nonnull(p->rep_fp);
    ck_assert_ptr_nonnull(p->rup_fp);
    att_scoring_opts o = { .report = p->rep_fp, .format = ATT_FORMAT_CSV, .cutoff_s = 30,
                           .pool = pool, .boot = 0, .seed = 1,
                           .ruptures = ruptures ? p->rup_fp : NULL };
    att_error err = { 0 };
    p->s = att_scoring_new(table, &o, &err);
    ck_assert_msg(p->s != NULL, "%s", err.msg);
}

static void pipe_flush(pipe_t *p)
{
    ck_assert_int_eq(fflush(p->rep_fp), 0);
    ck_assert_int_eq(fflush(p->rup_fp), 0);
}

static void pipe_close(pipe_t *p)
{
    att_scoring_free(p->s);
    fclose(p->rep_fp);
    fclose(p->rup_fp);
    free(p->rep);
    free(p->rup);
}

/* Field `col` (named in the header, the first line) of the line whose first
 * two fields are run,window; "" for an empty field.  Fails when either is
 * missing. */
static void cell(const char *csv, const char *run, const char *window, const char *col,
                  char *out, size_t cap)
{
    const char *nl = strchr(csv, '\n');
    ck_assert_ptr_nonnull(nl);
    int want = -1, i = 0;
    for (const char *c = csv; c < nl; i++) {
        size_t n = strcspn(c, ",\n");
        if (strlen(col) == n && strncmp(c, col, n) == 0)
            want = i;
        c += n + (c[n] == ',');
    }
    ck_assert_msg(want >= 0, "no column %s", col);
    char key[64];   /* with --pool, rows begin with their level */
    const char *level = strncmp(csv, "level,", 6) != 0 ? "" : strcmp(run, "pooled") == 0
                        ? "pooled," : "run,";
    snprintf(key, sizeof key, "\n%s%s,%s,", level, run, window);
    const char *row = strstr(csv, key);
    ck_assert_msg(row != NULL, "no row %s,%s", run, window);
    row++;
    for (i = 0; i < want; i++)
        row += strcspn(row, ",\n") + 1;
    size_t n = strcspn(row, ",\n");
    ck_assert_uint_lt(n, cap);
    memcpy(out, row, n);
    out[n] = '\0';
}

static double num(const char *csv, const char *run, const char *window, const char *col)
{
    char buf[64];
    cell(csv, run, window, col, buf, sizeof buf);
    return buf[0] ? strtod(buf, NULL) : NAN;
}

START_TEST(report_rows)
{
    pipe_t p;
    pipe_open(&p, 0, 0);
    att_error err = { 0 };
    ck_assert_int_eq(att_scoring_file(p.s, path, 0, &err), ATT_OK);
    ck_assert_int_eq(att_scoring_finish(p.s, &err), ATT_OK);
    pipe_flush(&p);
    ck_assert_int_eq(att_scoring_runs(p.s), 2);
    const char *r = p.rep;
    /* A, all: 6 s, matched 0-1 and 4-5 (2/6); transitions at 1, 4, 5. */
    EQ(num(r, "A", "all", "observed_s"), 6);
    EQ(num(r, "A", "all", "matched_prop"), 2.0 / 6);
    EQ(num(r, "A", "all", "transitions_per_min"), 3 / (6 / 60.0));
    EQ(num(r, "A", "all", "ruptures"), 2);
    EQ(num(r, "A", "all", "repairs"), 1);
    EQ(num(r, "A", "all", "repaired_prop"), 0.5);
    /* Kaplan-Meier over {1 censored, 3 repaired}: S = 1 until 3, then 0. */
    EQ(num(r, "A", "all", "latency_median_s"), 3);
    EQ(num(r, "A", "all", "repaired_within_2s"), 0);
    EQ(num(r, "A", "all", "rmst_s"), 3);
    EQ(num(r, "A", "all", "latency_mean_completed_s"), 3);
    /* A, p1: 4 s, matched 1 s; its rupture is not repaired inside it. */
    EQ(num(r, "A", "p1", "observed_s"), 4);
    EQ(num(r, "A", "p1", "matched_prop"), 0.25);
    EQ(num(r, "A", "p1", "ruptures"), 1);
    EQ(num(r, "A", "p1", "repairs"), 0);
    ck_assert(isnan(num(r, "A", "p1", "latency_median_s")));
    /* A, p2: 2 s, matched 1 s, the rupture at 5. */
    EQ(num(r, "A", "p2", "observed_s"), 2);
    EQ(num(r, "A", "p2", "matched_prop"), 0.5);
    EQ(num(r, "A", "p2", "ruptures"), 1);
    /* B, all: 4 s, matched 0-2 and 3-4; one rupture repaired after 1 s. */
    EQ(num(r, "B", "all", "observed_s"), 4);
    EQ(num(r, "B", "all", "matched_prop"), 0.75);
    EQ(num(r, "B", "all", "ruptures"), 1);
    EQ(num(r, "B", "all", "latency_median_s"), 1);
    EQ(num(r, "B", "all", "repaired_within_2s"), 1);
    EQ(num(r, "B", "p1", "repairs"), 1);
    char file[64];
    cell(r, "B", "p1", "file", file, sizeof file);
    ck_assert_str_eq(file, path);
    ck_assert_ptr_null(strstr(r, "\npooled,"));
    ck_assert_uint_eq(p.rup_len, 0);   /* no ruptures stream: nothing there */
    pipe_close(&p);
}
END_TEST

START_TEST(ruptures_rows)
{
    pipe_t p;
    pipe_open(&p, 0, 1);
    att_error err = { 0 };
    ck_assert_int_eq(att_scoring_file(p.s, path, 0, &err), ATT_OK);
    pipe_flush(&p);
    /* In the order they finish; the open one has no repairer, B's has no
     * phase censoring.  Size (threshold 5 s): repaired after 3 s and 1 s is
     * micro; censored after 1 s is unknown (empty).  Phase size: A's first
     * rupture is censored at its phase's end after 3 s, so unknown there.
     * No sessions: the session field is empty. */
    char expect[1024];
    snprintf(expect, sizeof expect,
             "run,phase,start_s,latency_s,censored,repaired_by,peak_infant_arousal,"
             "phase_latency_s,phase_censored,file,size,phase_size,session\n"
             "A,p1,1,3,0,caregiver,0.8,3,1,%s,micro,,\n"
             "A,p2,5,1,1,,0.9,1,1,%s,,,\n"
             "B,p1,2,1,0,caregiver,0.4,1,0,%s,micro,micro,\n",
             path, path, path);
    ck_assert_str_eq(p.rup, expect);
    pipe_close(&p);
}
END_TEST

START_TEST(pooled_after_finish)
{
    pipe_t p;
    pipe_open(&p, 1, 0);
    att_error err = { 0 };
    ck_assert_int_eq(att_scoring_file(p.s, path, 0, &err), ATT_OK);
    pipe_flush(&p);
    ck_assert_ptr_nonnull(strstr(p.rep, "\nrun,B,all,"));
    ck_assert_ptr_null(strstr(p.rep, "\npooled,"));
    ck_assert_int_eq(strncmp(p.rep, "level,run,window,", 17), 0);
    ck_assert_int_eq(att_scoring_finish(p.s, &err), ATT_OK);
    pipe_flush(&p);
    const char *r = p.rep;
    /* all: latencies 3 (A, repaired), 1 (A, censored), 1 (B, repaired).
     * At 1: 3 at risk, 1 repair, S = 2/3 (the censored one leaves after);
     * at 3: 1 at risk, S = 0.  Median 3, 1 - S(2) = 1/3, RMST = 1 + 2 * 2/3. */
    EQ(num(r, "pooled", "all", "runs"), 2);
    EQ(num(r, "pooled", "all", "pooled_ruptures"), 3);
    EQ(num(r, "pooled", "all", "pooled_repairs"), 2);
    EQ(num(r, "pooled", "all", "latency_median_s"), 3);
    EQ(num(r, "pooled", "all", "repaired_within_2s"), 1.0 / 3);
    EQ(num(r, "pooled", "all", "rmst_s"), 1 + 2 * 2.0 / 3);
    EQ(num(r, "pooled", "all", "matched_prop"), (2.0 / 6 + 0.75) / 2);
    EQ(num(r, "pooled", "p2", "runs"), 1);
    EQ(num(r, "pooled", "p1", "runs"), 2);
    char lo[64];
    cell(r, "pooled", "all", "matched_prop_boot_lo", lo, sizeof lo);
    ck_assert_str_eq(lo, "");   /* boot 0: no interval */
    pipe_close(&p);
}
END_TEST

static int always(void)
{
    return 1;
}

START_TEST(interrupt_stops_before_a_row)
{
    pipe_t p;
    pipe_open(&p, 1, 1);
    att_scoring_set_interrupt(p.s, always);
    att_error err = { 0 };
    ck_assert_int_eq(att_scoring_file(p.s, path, 0, &err), ATT_EIO);
    ck_assert_str_eq(err.msg, "interrupted");
    pipe_flush(&p);
    ck_assert_int_eq(att_scoring_runs(p.s), 0);
    ck_assert_ptr_null(strstr(p.rep, "\nA,"));
    ck_assert_ptr_null(strstr(p.rup, "\nA,"));
    pipe_close(&p);
}
END_TEST

START_TEST(bad_input_names_the_line)
{
    pipe_t p;
    pipe_open(&p, 0, 0);
    char bad[64];
    temp_file(bad, sizeof bad, "t,infant_code,caregiver_code\n0,monitor,monitor\n1,nobody,monitor\n");
    att_error err = { 0 };
    ck_assert_int_eq(att_scoring_file(p.s, bad, 0, &err), ATT_EINPUT);
    char where[96];
    snprintf(where, sizeof where, "%s:3:", bad);
    ck_assert_msg(strncmp(err.msg, where, strlen(where)) == 0, "%s", err.msg);
    unlink(bad);
    pipe_close(&p);
}
END_TEST

START_TEST(new_checks_its_options)
{
    att_error err = { 0 };
    att_scoring_opts o = { .report = NULL, .cutoff_s = 30 };
    ck_assert_ptr_null(att_scoring_new(table, &o, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    o.report = stdout;
    o.cutoff_s = 0;
    ck_assert_ptr_null(att_scoring_new(table, &o, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    o.cutoff_s = NAN;
    ck_assert_ptr_null(att_scoring_new(table, &o, &err));
    att_scoring_free(NULL);
}
END_TEST

Suite *suite_scoring(void)
{
    Suite *s = suite_create("scoring");
    TCase *tc = tcase_create("pipeline");
    tcase_add_unchecked_fixture(tc, open_case, close_case);
    tcase_add_test(tc, report_rows);
    tcase_add_test(tc, ruptures_rows);
    tcase_add_test(tc, pooled_after_finish);
    tcase_add_test(tc, interrupt_stops_before_a_row);
    tcase_add_test(tc, bad_input_names_the_line);
    tcase_add_test(tc, new_checks_its_options);
    suite_add_tcase(s, tc);
    return s;
}
