/* The data of `attune plot timeline` (plot/plot_timeline*.c): a
 * timeline's results give one line per condition whose points are the
 * session means and Kaplan-Meier medians worked out by hand, with the
 * intervals att_compare computes on that condition's rows grouped by
 * session; a trace gives one line per run, each session's matched share
 * and median by hand and its trust at the session's last row; a timeline
 * run by att_batch gives per session the mean of its trust column; files
 * that are not timelines are refused. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/batch.h"
#include "attune/compare.h"
#include "plot/plot_data.h"

#define NEAR(a, b, tol)                                                                      \
    ck_assert_msg(fabs((a) - (b)) <= (tol), "%s = %.12g, expected %.12g", #a, (double)(a),    \
                  (double)(b))

#define HEAD "experiment,run,runs,condition,replicate,session,seed,all.matched_prop," \
             "all.latencies\n"
#define ROWS_A "x,1,4,A,1,1,11,0.5,1 2\n" "x,1,4,A,1,2,11,0.7,1\n" \
               "x,2,4,A,2,1,12,0.6,3+\n" "x,2,4,A,2,2,12,0.8,\n"
#define ROWS_B "x,3,4,\"B, late\",1,1,13,0.2,2\n" "x,3,4,\"B, late\",1,2,13,0.3,4 4\n" \
               "x,4,4,\"B, late\",2,1,14,0.4,1\n" "x,4,4,\"B, late\",2,2,14,0.5,\n"

static void same(double a, double b)
{
    ck_assert_msg(a == b || (isnan(a) && isnan(b)), "%.17g != %.17g", a, b);
}

START_TEST(test_results_lines)
{
    char path[64];
    temp_file(path, sizeof path, HEAD ROWS_A ROWS_B);
    att_timeline_data t;
    att_error err = { 0 };
    ck_assert_msg(att_plot_timeline_results(path, NULL, 200, 1, &t, &err) == ATT_OK, "%s",
                  err.msg);
    ck_assert_uint_eq(t.n, 2);
    ck_assert_str_eq(t.line[0].label, "A");
    ck_assert_str_eq(t.line[1].label, "B, late");
    const double mean[2][2] = { { 0.55, 0.75 }, { 0.3, 0.4 } };
    /* A: 1 2 3+ then 1; B: 2 1 (S = 1/2 from 1 to 2: the midpoint) then 4 4 */
    const double median[2][2] = { { 2, 1 }, { 1.5, 4 } };
    for (int l = 0; l < 2; l++) {
        const att_plot_line *ln = &t.line[l];
        ck_assert_int_eq(ln->runs, 2);
        ck_assert_uint_eq(ln->n, 2);
        ck_assert_ptr_null(ln->trust);
        for (int s = 0; s < 2; s++) {
            NEAR(ln->s[s].x, s + 1, 0);
            NEAR(ln->s[s].mean, mean[l][s], 1e-12);
            NEAR(ln->s[s].median, median[l][s], 1e-12);
        }
    }
    /* A's intervals: compare on A's rows alone, by session */
    const char *m[] = { "all.matched_prop", "all.repair_latency" };
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.by = "session";
    o.metrics = m;
    o.nmetrics = 2;
    o.boot = 200;
    o.allow_partial = 1;
    att_compare *c = compare_ok(HEAD ROWS_A, &o);
    size_t n, k = 0;
    const att_compare_row *r = att_compare_rows(c, &n);
    for (size_t i = 0; i < n; i++) {
        if (r[i].kind == ATT_COMPARE_METRIC) {
            const att_plot_group *g = &t.line[0].s[k++];
            ck_assert_str_eq(g->name, r[i].group);
            same(g->lo, r[i].boot_lo);
            same(g->hi, r[i].boot_hi);
            ck_assert(g->lo <= g->mean && g->mean <= g->hi);
        } else if (r[i].kind == ATT_COMPARE_SURVIVAL) {
            const att_plot_group *g = &t.line[0].s[r[i].group[0] - '1'];
            same(g->median_lo, r[i].km_median_lo);
            same(g->median_hi, r[i].km_median_hi);
        }
    }
    ck_assert_uint_eq(k, 2);
    att_compare_free(c);
    att_plot_timeline_free(&t);
    unlink(path);
}
END_TEST

static void expect_results_refused(const char *text, const char *want)
{
    char path[64];
    temp_file(path, sizeof path, text);
    att_timeline_data t;
    att_error err = { 0 };
    ck_assert_int_eq(att_plot_timeline_results(path, NULL, 0, 1, &t, &err), ATT_EINPUT);
    ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0
                  && strstr(err.msg + strlen(path), want),
                  "message '%s', expected PATH%s", err.msg, want);
    ck_assert_uint_eq(t.n, 0);
    unlink(path);
}

START_TEST(test_results_refused)
{
    expect_results_refused("", ": empty file");
    expect_results_refused(compare_results, ":1: no session column");
    /* run 2 is missing: compare's check, with the file's own line numbers */
    expect_results_refused(HEAD "x,1,2,A,1,1,11,0.5,1\n", ": runs 2 of 2 are missing");
    expect_results_refused(HEAD ROWS_A "x,3,4,B,1,1,13,2,1\n", ":6: ");
}
END_TEST

/* Two runs of a timeline's trace: run 1 in two sessions, run 2 in one. */
static const char trace[] =
    "run,session,t,infant_code,caregiver_code,matched,infant_trust\n"
    "1,1,0,positive,positive,1,0.40\n" "1,1,1,positive,positive,0,0.41\n"
    "1,1,2,positive,positive,1,0.42\n" "1,1,3,positive,positive,1,0.45\n"
    "1,2,0,positive,positive,1,0.45\n" "1,2,1,positive,positive,1,0.46\n"
    "1,2,2,positive,positive,1,0.47\n" "1,2,3,positive,positive,1,0.48\n"
    "2,1,0,positive,positive,1,0.30\n" "2,1,1,positive,positive,0,0.30\n"
    "2,1,2,positive,positive,0,0.30\n" "2,1,3,positive,positive,1,0.35\n";

START_TEST(test_trace_lines)
{
    char path[64];
    temp_file(path, sizeof path, trace);
    att_match_table *mt = load_match("attuned");
    att_timeline_data t;
    att_error err = { 0 };
    ck_assert_msg(att_plot_timeline_trace(path, mt, 0, &t, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(t.n, 2);
    ck_assert_str_eq(t.line[0].label, "run 1");
    ck_assert_str_eq(t.line[1].label, "run 2");
    ck_assert_uint_eq(t.line[0].n, 2);
    ck_assert_uint_eq(t.line[1].n, 1);
    /* each row lasts 1 s (the last as long as the one before) */
    NEAR(t.line[0].s[0].mean, 0.75, 1e-12);
    NEAR(t.line[0].s[1].mean, 1, 1e-12);
    NEAR(t.line[1].s[0].mean, 0.5, 1e-12);
    NEAR(t.line[0].s[0].median, 1, 1e-12);   /* one rupture, repaired after 1 s */
    ck_assert(isnan(t.line[0].s[1].median)); /* no rupture */
    NEAR(t.line[1].s[0].median, 2, 1e-12);
    NEAR(t.line[0].s[1].x, 2, 0);
    NEAR(t.line[0].trust[0], 0.45, 1e-12);
    NEAR(t.line[0].trust[1], 0.48, 1e-12);
    NEAR(t.line[1].trust[0], 0.35, 1e-12);
    att_plot_timeline_free(&t);
    /* a coded file without trust */
    char plain[64];
    temp_file(plain, sizeof plain, "t,infant_code,caregiver_code\n0,positive,positive\n"
              "1,avert,positive\n");
    ck_assert_int_eq(att_plot_timeline_trace(plain, mt, 0, &t, &err), ATT_OK);
    ck_assert_uint_eq(t.n, 1);
    ck_assert_ptr_null(t.line[0].trust);
    att_plot_timeline_free(&t);
    /* refused: a bad trace, standard input */
    char bad[64];
    temp_file(bad, sizeof bad, "t,infant_code\n0,positive\n");
    ck_assert_int_eq(att_plot_timeline_trace(bad, mt, 0, &t, &err), ATT_EINPUT);
    ck_assert_int_eq(att_plot_timeline_trace("-", mt, 0, &t, &err), ATT_EINPUT);
    att_match_table_free(mt);
    unlink(path);
    unlink(plain);
    unlink(bad);
}
END_TEST

/* A small timeline experiment run by att_batch: the trust panel's point
 * of each session is the mean of the results' trust column over that
 * condition's lines of that session, summed here from the file's text;
 * its band holds the mean. */
START_TEST(test_results_trust)
{
    att_scenario *sc = load_exp("[scenario]\nname = tl\nseed = 3\nduration = 6\nsessions = 3\n"
                                "[batch]\nreplicates = 4\n"
                                "[condition]\nname = patient\n"
                                "[condition]\nname = intrusive\ncaregiver.policy = intrusive\n");
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(sc, mt);
    att_buf text = { 0 }, row = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_buf_str(&text, att_batch_header(b), &err), ATT_OK);
    for (long run = 0; run < att_batch_runs(b); run++) {
        ck_assert_msg(att_batch_row(b, run, &row, NULL, NULL, &err) == ATT_OK, "%s", err.msg);
        ck_assert_int_eq(att_buf_add(&text, row.data, row.len, &err), ATT_OK);
    }
    ck_assert(strncmp(text.data, "experiment,run,runs,condition,replicate,session,trust,seed,",
                      59) == 0);
    /* By hand: sums of the trust field (7th) per condition (4th) and session
     * (6th); no condition name here needs quotes. */
    double sum[2][4] = { { 0 } };
    int count[2][4] = { { 0 } };
    char *copy = strdup(text.data), *save = NULL;
    int distinct = 0;
    double first = NAN;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "experiment,", 11) == 0)
            continue;
        char cond[64], sess[64], tr[64];
        field(line, 3, cond, sizeof cond);
        field(line, 5, sess, sizeof sess);
        field(line, 6, tr, sizeof tr);
        int c = strcmp(cond, "intrusive") == 0, k = atoi(sess);
        ck_assert(k >= 1 && k <= 3);
        double x = strtod(tr, NULL);
        ck_assert(x > 0 && x < 1);
        distinct |= !isnan(first) && x != first;
        first = isnan(first) ? x : first;
        sum[c][k] += x;
        count[c][k]++;
    }
    free(copy);
    ck_assert(distinct);   /* not a constant column */
    char path[64];
    temp_file(path, sizeof path, text.data);
    att_timeline_data t;
    ck_assert_msg(att_plot_timeline_results(path, NULL, 300, 1, &t, &err) == ATT_OK, "%s",
                  err.msg);
    ck_assert_uint_eq(t.n, 2);
    ck_assert_str_eq(t.line[0].label, "patient");
    ck_assert_str_eq(t.line[1].label, "intrusive");
    for (int c = 0; c < 2; c++) {
        const att_plot_line *ln = &t.line[c];
        ck_assert_uint_eq(ln->n, 3);
        ck_assert_ptr_nonnull(ln->trust);
        for (int k = 1; k <= 3; k++) {
            ck_assert_int_eq(count[c][k], 4);
            NEAR(ln->trust[k - 1], sum[c][k] / count[c][k], 1e-9);
            ck_assert(ln->trust_lo[k - 1] <= ln->trust[k - 1]
                      && ln->trust[k - 1] <= ln->trust_hi[k - 1]);
            ck_assert(ln->trust_lo[k - 1] < ln->trust_hi[k - 1]);
        }
    }
    att_plot_timeline_free(&t);
    unlink(path);
    att_buf_free(&text);
    att_buf_free(&row);
    att_batch_free(b);
    att_scenario_free(sc);
    att_match_table_free(mt);
}
END_TEST

Suite *suite_plot_timeline(void)
{
    Suite *s = suite_create("plot_timeline");
    TCase *tc = fixture_tcase("core", setup);
    tcase_add_test(tc, test_results_lines);
    tcase_add_test(tc, test_results_refused);
    tcase_add_test(tc, test_trace_lines);
    suite_add_tcase(s, tc);
    TCase *te = exp_tcase("experiment");
    tcase_add_test(te, test_results_trust);
    suite_add_tcase(s, te);
    return s;
}
