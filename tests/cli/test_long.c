/* The long (tidy) form of `attune score --long` and `attune compare --long`,
 * and the level column of their wide CSVs, through the real program, on
 * small files whose numbers are worked out by hand in the comments. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Two sessions of run d1 (docs/SCORING.md sections 3-6, match table
 * attuned: positive/monitor with positive/monitor, avert with monitor,
 * protest with soothe are matched).
 *   d1/1: 0 matched, 1 avert/intrusive mismatched (rupture at 1, play),
 *         2 avert/monitor matched (repair, latency 1), 3 monitor/still
 *         (rupture at 3, still), 4 protest/still, 5 protest/soothe matched
 *         (repair, latency 2); the last row lasts 1 s: 6 s observed.
 *   d1/2: 0 matched, 2 mismatched (rupture at 2), 4 mismatched; the last
 *         row lasts 2 s: 6 s, one rupture censored at 4 s. */
static const char sessions[] =
    "run,session,t,phase,infant_code,caregiver_code\n"
    "d1,1,0,play,positive,positive\n"
    "d1,1,1,play,avert,intrusive\n"
    "d1,1,2,play,avert,monitor\n"
    "d1,1,3,still,monitor,still\n"
    "d1,1,4,still,protest,still\n"
    "d1,1,5,still,protest,soothe\n"
    "d1,2,0,play,positive,positive\n"
    "d1,2,2,play,positive,intrusive\n"
    "d1,2,4,play,positive,intrusive\n";

/* A file without run and session columns: one run named "solo", 3 s,
 * matched at 0 and 2, a rupture at 1 repaired at 2. */
static const char solo[] =
    "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,intrusive\n2,positive,positive\n";

/* The parsed long CSV: the header and every row. */
typedef struct {
    struct fields h, *rows;
    size_t n;
} table;

/* Line k of `text` split into fields. */
static void split_at(struct fields *f, const char *text, int k)
{
    const char *l = line_at(text, k);
    size_t n = strcspn(l, "\n");
    char *copy = strndup(l, n);
    ck_assert_ptr_nonnull(copy);
    fields_split(f, copy);
    free(copy);
}

static void table_load(table *t, const char *text)
{
    split_at(&t->h, text, 0);
    t->n = (size_t)count_lines(text) - 1;
    t->rows = calloc(t->n + 1, sizeof *t->rows);
    ck_assert_ptr_nonnull(t->rows);
    for (size_t i = 0; i < t->n; i++) {
        split_at(&t->rows[i], text, (int)i + 1);
        ck_assert_uint_eq(t->rows[i].n, t->h.n);   /* rectangular */
    }
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->n; i++)
        fields_free(&t->rows[i]);
    fields_free(&t->h);
    free(t->rows);
}

/* The value of the one row whose first nkeys fields are `keys` and whose
 * name column (the one before value) is `name`: its text, "" when empty. */
static const char *value_of(const table *t, const char *const *keys, size_t nkeys,
                            const char *name)
{
    const char *found = NULL;
    for (size_t i = 0; i < t->n; i++) {
        const struct fields *r = &t->rows[i];
        size_t k = 0;
        while (k < nkeys && strcmp(r->f[k], keys[k]) == 0)
            k++;
        if (k < nkeys || strcmp(r->f[r->n - 2], name) != 0)
            continue;
        ck_assert_msg(!found, "two rows for %s %s", keys[nkeys - 1], name);
        found = r->f[r->n - 1];
    }
    ck_assert_msg(found != NULL, "no row for %s/%s %s", keys[0], keys[nkeys - 1], name);
    return found;
}

/* A score's value: level, run, session, window, metric. */
static double score_of(const table *t, const char *level, const char *run, const char *session,
                       const char *window, const char *metric)
{
    size_t lc = col_of(&t->h, "level"), rc = col_of(&t->h, "run"),
           sc = col_of(&t->h, "session"), wc = col_of(&t->h, "window");
    const char *found = NULL;
    for (size_t i = 0; i < t->n; i++) {
        const struct fields *r = &t->rows[i];
        if (strcmp(r->f[lc], level) || strcmp(r->f[rc], run) || strcmp(r->f[sc], session)
            || strcmp(r->f[wc], window) || strcmp(r->f[col_of(&t->h, "metric")], metric))
            continue;
        ck_assert_msg(!found, "two rows for %s %s %s", run, window, metric);
        found = r->f[col_of(&t->h, "value")];
    }
    ck_assert_msg(found != NULL, "no row %s,%s,%s,%s,%s", level, run, session, window, metric);
    return *found ? strtod(found, NULL) : NAN;
}

#define NEAR(x, want) ck_assert_msg(fabs((x) - (want)) < 1e-9, "%s = %.12g, not %.12g", #x, \
                                    (double)(x), (double)(want))
#define EMPTY(x) ck_assert_msg(isnan(x), "%s = %g, not empty", #x, (double)(x))

START_TEST(test_score_long_by_hand)
{
    char path[192], path2[192];
    in_work(path, sizeof path, "sessions.csv");
    write_file(path, sessions);
    in_work(path2, sizeof path2, "solo.csv");
    write_file(path2, solo);
    result r = run_attune("score", path, path2, "--long", NULL);
    expect_status(&r, 0);
    char line[256];
    ck_assert_str_eq(first_line(r.out, line, sizeof line),
                     "level,file,run,session,window,metric,value");
    table t;
    table_load(&t, r.out);
    /* units x windows x metrics: d1/1 (all, play, still), d1/2 (all,
     * play), solo (all). */
    ck_assert_uint_eq(t.n, (3 + 2 + 1) * (size_t)ATT_SC_COUNT);
    /* d1/1, all: 6 s; matched 0, 2, 5: 3/6; transitions at 1, 2, 3, 5: 4
     * in 6 s = 40/min; 2 ruptures, both repaired (latencies 1 and 2): S(1)
     * = 0.5, S(2) = 0, median (1 + 2) / 2 = 1.5, 1 - S(2) = 1, RMST 1 +
     * 0.5 = 1.5, mean completed 1.5; gaze (positive, monitor, protest) at
     * 0, 3, 4, 5: 4/6, positive 1/6, negative (protest) 2/6. */
    NEAR(score_of(&t, "run", "d1", "1", "all", "observed_s"), 6);
    NEAR(score_of(&t, "run", "d1", "1", "all", "matched_prop"), 0.5);
    NEAR(score_of(&t, "run", "d1", "1", "all", "transitions_per_min"), 40);
    NEAR(score_of(&t, "run", "d1", "1", "all", "ruptures"), 2);
    NEAR(score_of(&t, "run", "d1", "1", "all", "ruptures_per_min"), 20);
    NEAR(score_of(&t, "run", "d1", "1", "all", "repaired_prop"), 1);
    NEAR(score_of(&t, "run", "d1", "1", "all", "latency_median_s"), 1.5);
    NEAR(score_of(&t, "run", "d1", "1", "all", "repaired_within_2s"), 1);
    NEAR(score_of(&t, "run", "d1", "1", "all", "rmst_s"), 1.5);
    NEAR(score_of(&t, "run", "d1", "1", "all", "latency_mean_completed_s"), 1.5);
    NEAR(score_of(&t, "run", "d1", "1", "all", "infant_gaze_prop"), 4.0 / 6);
    NEAR(score_of(&t, "run", "d1", "1", "all", "infant_positive_prop"), 1.0 / 6);
    NEAR(score_of(&t, "run", "d1", "1", "all", "infant_negative_prop"), 2.0 / 6);
    /* d1/1, play (0-3 s): matched 0 and 2, one rupture repaired; still
     * (3-6 s): matched 5, the onset rupture at 3 repaired at 5. */
    NEAR(score_of(&t, "run", "d1", "1", "play", "matched_prop"), 2.0 / 3);
    NEAR(score_of(&t, "run", "d1", "1", "play", "ruptures"), 1);
    NEAR(score_of(&t, "run", "d1", "1", "still", "matched_prop"), 1.0 / 3);
    NEAR(score_of(&t, "run", "d1", "1", "still", "transitions_per_min"), 40);
    NEAR(score_of(&t, "run", "d1", "1", "still", "latency_median_s"), 2);
    /* d1/2: 2/6 matched, one rupture censored at 4 s: no repair, so the
     * median, the mean of completed latencies and the RMST to 30 s (the
     * curve is unknown after 4 s) are empty; 1 - S(2) = 0. */
    NEAR(score_of(&t, "run", "d1", "2", "all", "matched_prop"), 2.0 / 6);
    NEAR(score_of(&t, "run", "d1", "2", "all", "repairs"), 0);
    NEAR(score_of(&t, "run", "d1", "2", "all", "repaired_within_2s"), 0);
    EMPTY(score_of(&t, "run", "d1", "2", "all", "latency_median_s"));
    EMPTY(score_of(&t, "run", "d1", "2", "all", "latency_mean_completed_s"));
    EMPTY(score_of(&t, "run", "d1", "2", "all", "rmst_s"));
    /* solo: no session; matched 0-1 and 2-3 (2/3); starts matched, one
     * rupture at 1 repaired at 2. */
    NEAR(score_of(&t, "run", "solo", "", "all", "matched_prop"), 2.0 / 3);
    NEAR(score_of(&t, "run", "solo", "", "all", "latency_median_s"), 1);
    /* The file column names each unit's file; session never holds "/". */
    size_t fc = col_of(&t.h, "file"), sc = col_of(&t.h, "session"), rc = col_of(&t.h, "run");
    for (size_t i = 0; i < t.n; i++) {
        ck_assert_str_eq(t.rows[i].f[fc], strcmp(t.rows[i].f[rc], "solo") ? path : path2);
        ck_assert_ptr_null(strchr(t.rows[i].f[sc], '/'));
        ck_assert_ptr_null(strchr(t.rows[i].f[rc], '/'));
    }
    table_free(&t);
    result_free(&r);
}
END_TEST

/* The long rows hold the wide rows' numbers, cell for cell, and name the
 * metrics as the wide header does, in its order. */
START_TEST(test_score_long_equals_wide)
{
    char path[192];
    in_work(path, sizeof path, "sessions.csv");
    write_file(path, sessions);
    result wide = run_attune("score", path, NULL);
    result lng = run_attune("score", path, "--long", NULL);
    expect_status(&wide, 0);
    expect_status(&lng, 0);
    table w, l;
    table_load(&w, wide.out);
    table_load(&l, lng.out);
    ck_assert_uint_eq(l.n, w.n * ATT_SC_COUNT);
    size_t k = 0;
    for (size_t i = 0; i < w.n; i++) {
        /* the wide run "d1/1" is run d1, session 1 */
        char unit[128];
        snprintf(unit, sizeof unit, "%s/%s", l.rows[k].f[2], l.rows[k].f[3]);
        ck_assert_str_eq(unit, w.rows[i].f[col_of(&w.h, "run")]);
        for (int c = 0; c < ATT_SC_COUNT; c++, k++) {
            const struct fields *r = &l.rows[k];
            ck_assert_str_eq(r->f[0], "run");
            ck_assert_str_eq(r->f[4], w.rows[i].f[col_of(&w.h, "window")]);
            ck_assert_str_eq(r->f[5], att_score_col_name((att_score_col)c));
            ck_assert_str_eq(r->f[6], w.rows[i].f[col_of(&w.h, r->f[5])]);
        }
    }
    table_free(&w);
    table_free(&l);
    result_free(&wide);
    result_free(&lng);
}
END_TEST

/* --pool: the wide CSV's level column, and the pooled rows of the long
 * form with their extra metrics. */
START_TEST(test_score_long_pooled)
{
    char path[192];
    in_work(path, sizeof path, "sessions.csv");
    write_file(path, sessions);
    result wide = run_attune("score", path, "--pool", "--boot", "50", NULL);
    expect_status(&wide, 0);
    char line[64];
    ck_assert_str_eq(field(wide.out, 0, line, sizeof line), "level");
    ck_assert_str_eq(field(line_at(wide.out, 1), 0, line, sizeof line), "run");
    ck_assert_str_eq(field(line_at(wide.out, 1), 1, line, sizeof line), "d1/1");
    ck_assert_str_eq(field(line_at(wide.out, 6), 0, line, sizeof line), "pooled");
    ck_assert_int_eq(count_lines(wide.out), 1 + 5 + 3);
    result_free(&wide);
    /* the same records in JSON begin with their level */
    wide = run_attune("score", path, "--pool", "--boot", "50", "--format", "json", NULL);
    expect_status(&wide, 0);
    expect_contains(wide.out, "[\n  {\"level\": \"run\", \"run\": \"d1/1\", \"window\": \"all\"",
                    "json");
    expect_contains(wide.out, "\n  {\"level\": \"pooled\", \"run\": \"pooled\", \"window\": "
                    "\"still\"", "json");
    result_free(&wide);

    result r = run_attune("score", path, "--pool", "--boot", "50", "--long", NULL);
    expect_status(&r, 0);
    table t;
    table_load(&t, r.out);
    /* per window: the scores, runs, pooled_ruptures, pooled_repairs and a
     * bootstrap pair for each score but the median's two limits */
    size_t pooled_metrics = ATT_SC_COUNT + 3 + 2 * (ATT_SC_COUNT - 2);
    ck_assert_uint_eq(t.n, 5 * (size_t)ATT_SC_COUNT + 3 * pooled_metrics);
    /* all: runs d1/1 and d1/2; latencies 1, 2 repaired and 4 censored:
     * S(1) = 2/3, S(2) = 1/3, so the median is 2 and 1 - S(2) = 2/3; the
     * curve is unknown after 4 s with S = 1/3, so the RMST to 30 s is
     * empty.  Means over runs: matched (1/2 + 1/3) / 2 = 5/12, ruptures
     * (2 + 1) / 2. */
    NEAR(score_of(&t, "pooled", "pooled", "", "all", "runs"), 2);
    NEAR(score_of(&t, "pooled", "pooled", "", "all", "pooled_ruptures"), 3);
    NEAR(score_of(&t, "pooled", "pooled", "", "all", "pooled_repairs"), 2);
    NEAR(score_of(&t, "pooled", "pooled", "", "all", "latency_median_s"), 2);
    NEAR(score_of(&t, "pooled", "pooled", "", "all", "repaired_within_2s"), 2.0 / 3);
    EMPTY(score_of(&t, "pooled", "pooled", "", "all", "rmst_s"));
    NEAR(score_of(&t, "pooled", "pooled", "", "all", "matched_prop"), 5.0 / 12);
    NEAR(score_of(&t, "pooled", "pooled", "", "all", "ruptures"), 1.5);
    /* still: d1/1 only */
    NEAR(score_of(&t, "pooled", "pooled", "", "still", "runs"), 1);
    /* a bootstrap interval of a mean over runs lies within the runs' range */
    double lo = score_of(&t, "pooled", "pooled", "", "all", "matched_prop_boot_lo");
    double hi = score_of(&t, "pooled", "pooled", "", "all", "matched_prop_boot_hi");
    ck_assert(lo >= 2.0 / 6 - 1e-9 && hi <= 0.5 + 1e-9 && lo <= hi);   /* %.10g */
    /* pooled rows have no file */
    for (size_t i = 0; i < t.n; i++)
        if (strcmp(t.rows[i].f[0], "pooled") == 0)
            ck_assert_str_eq(t.rows[i].f[col_of(&t.h, "file")], "");
    table_free(&t);
    result_free(&r);
}
END_TEST

/* JSON records; --long as a table is refused with nothing written. */
START_TEST(test_score_long_json_and_table)
{
    char path[192];
    in_work(path, sizeof path, "solo.csv");
    write_file(path, solo);
    result r = run_attune("score", path, "--long", "--format", "json", NULL);
    expect_status(&r, 0);
    char want[512];
    snprintf(want, sizeof want, "[\n  {\"level\": \"run\", \"file\": \"%s\", \"run\": \"solo\", "
             "\"session\": null, \"window\": \"all\", \"metric\": \"observed_s\", \"value\": 3},",
             path);
    ck_assert_msg(strncmp(r.out, want, strlen(want)) == 0, "json: %.300s", r.out);
    expect_contains(r.out, "\"metric\": \"rmst_s\", \"value\": 1}", "json");   /* S = 0 at 1 */
    expect_contains(r.out, "\"metric\": \"latency_median_lo\", \"value\": null}", "json");
    ck_assert_int_eq(count_lines(r.out), 2 + ATT_SC_COUNT);
    result_free(&r);
    r = run_attune("score", path, "--long", "--format", "table", NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    expect_contains(r.err, "--long", "stderr");
    result_free(&r);
}
END_TEST

/* ---- compare ------------------------------------------------------------ */

START_TEST(test_compare_long_by_hand)
{
    char path[192];
    in_work(path, sizeof path, "results.csv");
    write_file(path, compare_results);
    result r = run_attune("compare", path, "--long", "--boot", "0", NULL);
    expect_status(&r, 0);
    char line[256];
    ck_assert_str_eq(first_line(r.out, line, sizeof line),
                     "level,window,metric,group,baseline,statistic,value");
    table t;
    table_load(&t, r.out);
    /* Blocks: all.matched_prop, all.rmst_s, play.matched_prop (groups A
     * baseline, B, C): 5 + 16 + 16 statistics each; all and play
     * repair_latency: 8 + 12 + 12, and 6 on the k-group row. */
    ck_assert_uint_eq(t.n, 3 * (5 + 16 + 16) + 2 * (8 + 12 + 12 + 6));
    /* all.matched_prop: A 0.5, 0.6, 0.7: mean 0.6, sd 0.1; B 0.3, 0.4, 0.5,
     * 0.6: mean 0.45, sd sqrt(0.05 / 3); diff -0.15; C one run, 0.9: no sd. */
    const char *a[] = { "group", "all", "matched_prop", "A", "1" };
    NEAR(strtod(value_of(&t, a, 5, "n"), NULL), 3);
    NEAR(strtod(value_of(&t, a, 5, "mean"), NULL), 0.6);
    NEAR(strtod(value_of(&t, a, 5, "sd"), NULL), 0.1);
    ck_assert_str_eq(value_of(&t, a, 5, "boot_lo"), "");   /* --boot 0 */
    const char *b[] = { "group", "all", "matched_prop", "B", "0" };
    NEAR(strtod(value_of(&t, b, 5, "mean"), NULL), 0.45);
    NEAR(strtod(value_of(&t, b, 5, "sd"), NULL), sqrt(0.05 / 3));
    NEAR(strtod(value_of(&t, b, 5, "diff"), NULL), -0.15);
    const char *c[] = { "group", "all", "matched_prop", "C", "0" };
    ck_assert_str_eq(value_of(&t, c, 5, "sd"), "");
    NEAR(strtod(value_of(&t, c, 5, "diff"), NULL), 0.3);
    /* all.repair_latency, A: latencies 0.5, 1, 2+ (run 1), 1, 3 (run 2):
     * 5 ruptures, 4 repaired.  At 0.5 S = 4/5; at 1 two of 4 at risk are
     * repaired, S = 2/5: the median is 1; nothing is repaired at 2 (a
     * censoring), so 1 - S(2) = 0.6. */
    const char *sa[] = { "group", "all", "repair_latency", "A", "1" };
    NEAR(strtod(value_of(&t, sa, 5, "ruptures"), NULL), 5);
    NEAR(strtod(value_of(&t, sa, 5, "repairs"), NULL), 4);
    NEAR(strtod(value_of(&t, sa, 5, "km_median"), NULL), 1);
    NEAR(strtod(value_of(&t, sa, 5, "within_2s"), NULL), 0.6);
    /* the k-group row: all 8 runs; ruptures 5 (A) + 7 (B: 2 4 4+, 1.5 6,
     * 3+, 5) + 2 (C: 0.2 0.3) = 14, repairs 4 + 5 + 2 = 11; no group and
     * no baseline */
    const char *o[] = { "overall", "all", "repair_latency", "", "" };
    NEAR(strtod(value_of(&t, o, 5, "n"), NULL), 8);
    NEAR(strtod(value_of(&t, o, 5, "ruptures"), NULL), 14);
    NEAR(strtod(value_of(&t, o, 5, "repairs"), NULL), 11);
    table_free(&t);
    result_free(&r);
}
END_TEST

/* The long rows hold the wide CSV's cells, and the wide CSV's level. */
START_TEST(test_compare_long_equals_wide)
{
    char path[192];
    in_work(path, sizeof path, "results.csv");
    write_file(path, compare_results);
    result wide = run_attune("compare", path, "--boot", "200", NULL);
    result lng = run_attune("compare", path, "--boot", "200", "--long", NULL);
    expect_status(&wide, 0);
    expect_status(&lng, 0);
    table w, l;
    table_load(&w, wide.out);
    table_load(&l, lng.out);
    size_t k = 0, overall = 0;
    for (size_t i = 0; i < w.n; i++) {
        const struct fields *wr = &w.rows[i];
        overall += strcmp(wr->f[0], "overall") == 0;
        ck_assert_str_eq(wr->f[0], *wr->f[col_of(&w.h, "group")] ? "group" : "overall");
        /* this wide row's long rows: the same five keys */
        for (; k < l.n; k++) {
            const struct fields *lr = &l.rows[k];
            int same = 1;
            for (size_t f = 0; f < 5; f++)
                same &= strcmp(lr->f[f], wr->f[f]) == 0;
            if (!same)
                break;
            ck_assert_str_eq(lr->f[6], wr->f[col_of(&w.h, lr->f[5])]);
        }
    }
    ck_assert_uint_eq(k, l.n);   /* every long row belongs to a wide row, in order */
    ck_assert_uint_eq(overall, 2);
    table_free(&w);
    table_free(&l);
    result_free(&wide);
    result_free(&lng);
}
END_TEST

START_TEST(test_compare_long_formats)
{
    char path[192];
    in_work(path, sizeof path, "results.csv");
    write_file(path, compare_results);
    result r = run_attune("compare", path, "--long", "--format", "json", "--boot", "0",
                          "--metric", "all.matched_prop", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "[\n  {\"level\": \"group\", \"window\": \"all\", \"metric\": "
                    "\"matched_prop\", \"group\": \"A\", \"baseline\": 1, \"statistic\": \"n\", "
                    "\"value\": 3},", "json");
    expect_contains(r.out, "\"group\": \"C\", \"baseline\": 0, \"statistic\": \"sd\", "
                    "\"value\": null}", "json");
    ck_assert_int_eq(count_lines(r.out), 2 + 5 + 16 + 16);
    result_free(&r);
    static const char *const refused[][2] = { { "--long", "table" }, { "--long", "narrow" },
                                              { "--boot", "json" } };
    for (size_t i = 0; i < 3; i++) {
        r = run_attune("compare", path, refused[i][0], "--format", refused[i][1], "--boot", "0",
                       NULL);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        result_free(&r);
    }
}
END_TEST

Suite *suite_cli_long(void)
{
    Suite *s = suite_create("cli_long");
    TCase *tc = fixture_tcase("score", setup);
    tcase_add_test(tc, test_score_long_by_hand);
    tcase_add_test(tc, test_score_long_equals_wide);
    tcase_add_test(tc, test_score_long_pooled);
    tcase_add_test(tc, test_score_long_json_and_table);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("compare", setup);
    tcase_add_test(tc, test_compare_long_by_hand);
    tcase_add_test(tc, test_compare_long_equals_wide);
    tcase_add_test(tc, test_compare_long_formats);
    suite_add_tcase(s, tc);
    return s;
}
