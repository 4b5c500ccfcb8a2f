/* attune batch's results for statisticians, through the real program: the
 * rupture file (--ruptures) checked row by row against `attune run` of the
 * same seed scored by `attune score --ruptures` (the trace writer and the
 * coded reader: another path through the scorer); the fixed condition keys
 * against the experiment file; the arousal means against the trace's
 * arousal columns averaged here; trust against `attune run`'s summary; the
 * rupture file's bytes for any number of threads and shards; the long form
 * (--long, merge --long) against the wide file's fields; and long or
 * rupture files refused where wide results are expected. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/infant.h"

/* 2 conditions x 2 replicates; every key a condition sets is a column. */
/* Play lasts 40 s so that the four runs have well over 10 ruptures to
 * compare (20 s gave 11 or more until session 10's slower return, then
 * exactly 10). */
static const char tidy_ini[] =
    "[scenario]\nseed = 11\n"
    "[infant]\narousal_baseline = normal(0.2, 0.04)\n"
    "[phase]\nname = play\nduration = 40\n"
    "[phase]\nname = still\nduration = 10\npolicy = still-face\n"
    "[batch]\nreplicates = 2\n"
    "[condition]\nname = patient\ncaregiver.policy = patient\n"
    "[condition]\nname = rough\ncaregiver.policy = intrusive\n"
    "infant.trust_initial = 0.3\ncaregiver.wait_time = 2\n";

static const char *const windows[] = { "all", "play", "still" };

/* A CSV file as rows of fields: rows[0] is the header. */
typedef struct table {
    struct fields *rows;
    size_t n;
} table;

static void table_read(table *t, const char *path)
{
    char *text = slurp(path, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    t->n = (size_t)count_lines(text);
    t->rows = calloc(t->n + 1, sizeof *t->rows);
    ck_assert_ptr_nonnull(t->rows);
    char *save = NULL;
    size_t i = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        fields_split(&t->rows[i++], line);
    ck_assert_uint_eq(i, t->n);
    free(text);
}

static void table_free(table *t)
{
    for (size_t i = 0; i < t->n; i++)
        fields_free(&t->rows[i]);
    free(t->rows);
}

static const char *cell(const table *t, size_t row, const char *col)
{
    return t->rows[row].f[col_of(&t->rows[0], col)];
}

static double num(const table *t, size_t row, const char *col)
{
    return number_at(&t->rows[row], col_of(&t->rows[0], col));
}

static void batch_ok(const char *ini, const char *out, const char *ruptures, const char *jobs)
{
    result r = run_attune("batch", ini, "-o", out, "--ruptures", ruptures, "-j", jobs, "-q",
                          NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* `attune run` of one results row into `trace`; its "trust ... at the end". */
static double run_row(const char *ini, const char *cond, const char *seed, const char *trace)
{
    result r = run_attune("run", ini, "--condition", cond, "--seed", seed, "-o", trace, NULL);
    expect_status(&r, 0);
    const char *at = strstr(r.err, "at the end: ");
    ck_assert_msg(at != NULL, "no trust in: %s", r.err);
    double trust = strtod(at + 12, NULL);
    result_free(&r);
    return trust;
}

/* The run's rupture rows (R's rows of run `run`) against `attune score
 * --ruptures` of its trace: the same ruptures in the same order. */
static void expect_same_ruptures(const table *R, const char *run, const char *trace)
{
    char rs[256], sc[256];
    in_work(rs, sizeof rs, "rs.csv");
    in_work(sc, sizeof sc, "sc.csv");
    result r = run_attune("score", trace, "--ruptures", rs, "-o", sc, NULL);
    expect_status(&r, 0);
    result_free(&r);
    table S;
    table_read(&S, rs);
    size_t k = 1;
    for (size_t i = 1; i < R->n; i++) {
        if (strcmp(cell(R, i, "run"), run) != 0)
            continue;
        ck_assert_msg(k < S.n, "run %s: more rupture rows than score finds", run);
        ck_assert_str_eq(cell(R, i, "window"), cell(&S, k, "phase"));
        static const char *const same[] = { "start_s", "latency_s", "censored",
                                            "phase_latency_s", "phase_censored",
                                            "repaired_by", "size" };
        for (size_t c = 0; c < sizeof same / sizeof *same; c++)
            ck_assert_msg(strcmp(cell(R, i, same[c]), cell(&S, k, same[c])) == 0,
                          "run %s rupture %zu %s: '%s', score says '%s'", run, k, same[c],
                          cell(R, i, same[c]), cell(&S, k, same[c]));
        /* the trace keeps arousal to 4 decimals */
        ck_assert_double_eq_tol(num(R, i, "peak_infant_arousal"),
                                num(&S, k, "peak_infant_arousal"), 5.01e-5);
        k++;
    }
    ck_assert_msg(k == S.n, "run %s: %zu rupture rows, score finds %zu", run, k - 1, S.n - 1);
    table_free(&S);
}

/* The arousal means of results row `row` of W against the trace's columns
 * averaged here: over all steps and over each phase's (each lasts dt). */
static void expect_arousal_means(const table *W, size_t row, const char *trace)
{
    table T;
    table_read(&T, trace);
    double sum[2][3] = { { 0 } }, n[3] = { 0 };
    for (size_t i = 1; i < T.n; i++) {
        size_t w = strcmp(cell(&T, i, "phase"), "play") == 0 ? 1 : 2;
        double a = num(&T, i, "infant_arousal"), c = num(&T, i, "caregiver_arousal");
        sum[0][0] += a, sum[0][w] += a, sum[1][0] += c, sum[1][w] += c;
        n[0]++, n[w]++;
    }
    ck_assert_double_eq(n[1], 400);   /* 40 s and 10 s at dt 0.1 */
    ck_assert_double_eq(n[2], 100);
    for (size_t w = 0; w < 3; w++) {
        char col[64];
        snprintf(col, sizeof col, "%s.infant_arousal_mean", windows[w]);
        ck_assert_double_eq_tol(num(W, row, col), sum[0][w] / n[w], 5.01e-5);
        snprintf(col, sizeof col, "%s.caregiver_arousal_mean", windows[w]);
        ck_assert_double_eq_tol(num(W, row, col), sum[1][w] / n[w], 5.01e-5);
    }
    table_free(&T);
}

START_TEST(ruptures_and_means_against_the_trace)
{
    char ini[256], w[256], rup[256], trace[256];
    in_work(ini, sizeof ini, "tidy.ini");
    in_work(w, sizeof w, "w.csv");
    in_work(rup, sizeof rup, "r.csv");
    in_work(trace, sizeof trace, "t.csv");
    write_file(ini, tidy_ini);
    batch_ok(ini, w, rup, "2");
    table W, R;
    table_read(&W, w);
    table_read(&R, rup);
    ck_assert_uint_eq(W.n, 5);
    att_infant_params dflt;
    att_infant_params_default(&dflt);
    long ruptures = 0;
    for (size_t i = 1; i < W.n; i++) {
        int rough = strcmp(cell(&W, i, "condition"), "rough") == 0;
        ck_assert_int_eq(rough, i > 2);
        /* the fixed keys: the file's values, or the base's */
        ck_assert_str_eq(cell(&W, i, "caregiver.policy"), rough ? "intrusive" : "patient");
        ck_assert_double_eq(num(&W, i, "infant.trust_initial"), rough ? 0.3 : dflt.trust_initial);
        ck_assert_double_eq(num(&W, i, "caregiver.wait_time"),
                            rough ? 2 : defaults_of("patient")->wait_time);
        double trust = run_row(ini, cell(&W, i, "condition"), cell(&W, i, "seed"), trace);
        ck_assert_double_eq_tol(num(&W, i, "trust"), trust, 5.01e-4);   /* printed %.3f */
        expect_same_ruptures(&R, cell(&W, i, "run"), trace);
        expect_arousal_means(&W, i, trace);
        ruptures += (long)num(&W, i, "all.ruptures");
    }
    /* every rupture row is a rupture of its run's row; the run's columns repeat */
    ck_assert_int_eq((long)R.n - 1, ruptures);
    ck_assert_int_gt(ruptures, 10);
    for (size_t i = 1; i < R.n; i++) {
        size_t row = (size_t)num(&R, i, "run");
        static const char *const same[] = { "experiment", "condition", "replicate", "seed",
                                            "infant.arousal_baseline", "caregiver.policy",
                                            "infant.trust_initial", "caregiver.wait_time" };
        for (size_t c = 0; c < sizeof same / sizeof *same; c++)
            ck_assert_str_eq(cell(&R, i, same[c]), cell(&W, row, same[c]));
        ck_assert_str_eq(cell(&R, i, "session"), "");
    }
    table_free(&W);
    table_free(&R);
}
END_TEST

/* The rupture file is the same bytes on 1, 2 or 3 threads and, as the
 * shards' files joined in order without their headers, over 2 shards. */
START_TEST(rupture_file_bytes_independent_of_threads)
{
    char ini[256], w[256], r1[256], r2[256], r3[256], s[2][256], rs[2][256];
    in_work(ini, sizeof ini, "tidy.ini");
    write_file(ini, tidy_ini);
    in_work(w, sizeof w, "w.csv");
    in_work(r1, sizeof r1, "r1.csv");
    in_work(r2, sizeof r2, "r2.csv");
    in_work(r3, sizeof r3, "r3.csv");
    batch_ok(ini, w, r1, "1");
    batch_ok(ini, w, r2, "2");
    batch_ok(ini, w, r3, "3");
    size_t n1, n2, n3;
    char *t1 = slurp(r1, &n1), *t2 = slurp(r2, &n2), *t3 = slurp(r3, &n3);
    ck_assert_uint_gt(n1, 500);
    ck_assert(n1 == n2 && memcmp(t1, t2, n1) == 0);
    ck_assert(n1 == n3 && memcmp(t1, t3, n1) == 0);
    char joined[1 << 16];
    size_t len = 0;
    for (int k = 0; k < 2; k++) {
        char name[32], spec[16];
        snprintf(name, sizeof name, "s%d.csv", k + 1);
        in_work(s[k], sizeof s[k], name);
        snprintf(name, sizeof name, "rs%d.csv", k + 1);
        in_work(rs[k], sizeof rs[k], name);
        snprintf(spec, sizeof spec, "%d/2", k + 1);
        result r = run_attune("batch", ini, "-o", s[k], "--shard", spec, "--ruptures", rs[k],
                              "-q", NULL);
        expect_status(&r, 0);
        result_free(&r);
        size_t n;
        char *t = slurp(rs[k], &n);
        const char *rows = k ? strchr(t, '\n') + 1 : t;   /* the second's header dropped */
        ck_assert_uint_lt(len + n, sizeof joined);
        memcpy(joined + len, rows, n - (size_t)(rows - t));
        len += n - (size_t)(rows - t);
        free(t);
    }
    ck_assert(len == n1 && memcmp(joined, t1, n1) == 0);
    free(t1);
    free(t2);
    free(t3);
}
END_TEST

/* A timeline: rupture rows carry their session, and each session's count
 * is its results row's all.ruptures. */
START_TEST(rupture_rows_of_sessions)
{
    char ini[256], w[256], rup[256];
    in_work(ini, sizeof ini, "tl.ini");
    in_work(w, sizeof w, "w.csv");
    in_work(rup, sizeof rup, "r.csv");
    write_file(ini, "[scenario]\nseed = 3\nsessions = 3\ninterval = 60\n"
                    "[phase]\nname = play\nduration = 10\n"
                    "[phase]\nname = still\nduration = 5\npolicy = still-face\n"
                    "[batch]\nreplicates = 2\n"
                    "[condition]\nname = rough\ncaregiver.policy = intrusive\n");
    batch_ok(ini, w, rup, "2");
    table W, R;
    table_read(&W, w);
    table_read(&R, rup);
    ck_assert_uint_eq(W.n, 1 + 2 * 3);
    size_t k = 1;
    for (size_t i = 1; i < W.n; i++) {
        long count = 0;
        for (; k < R.n && strcmp(cell(&R, k, "run"), cell(&W, i, "run")) == 0
               && strcmp(cell(&R, k, "session"), cell(&W, i, "session")) == 0; k++)
            count++;
        ck_assert_msg(count == (long)num(&W, i, "all.ruptures"), "run %s session %s: %ld rows",
                      cell(&W, i, "run"), cell(&W, i, "session"), count);
    }
    ck_assert_uint_eq(k, R.n);
    ck_assert_uint_gt(R.n, 10);
    table_free(&W);
    table_free(&R);
}
END_TEST

/* --long: every value is the wide file's field of its run, window and
 * metric (trust with an empty window); the latencies are left out; merge
 * --long of the wide file writes the same bytes. */
START_TEST(long_form_is_the_wide_file)
{
    char ini[256], w[256], rup[256], l1[256], l2[256];
    in_work(ini, sizeof ini, "tidy.ini");
    in_work(w, sizeof w, "w.csv");
    in_work(rup, sizeof rup, "r.csv");
    in_work(l1, sizeof l1, "l1.csv");
    in_work(l2, sizeof l2, "l2.csv");
    write_file(ini, tidy_ini);
    batch_ok(ini, w, rup, "2");
    result r = run_attune("batch", ini, "-o", l1, "--long", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("merge", "--long", w, "-o", l2, NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t n1, n2;
    char *t1 = slurp(l1, &n1), *t2 = slurp(l2, &n2);
    ck_assert(n1 == n2 && memcmp(t1, t2, n1) == 0);
    free(t1);
    free(t2);
    table W, L;
    table_read(&W, w);
    table_read(&L, l1);
    static const char *const head[] = { "experiment", "run", "condition", "replicate",
                                        "session", "seed", "infant.arousal_baseline",
                                        "caregiver.policy", "infant.trust_initial",
                                        "caregiver.wait_time", "window", "metric", "value" };
    ck_assert_uint_eq(L.rows[0].n, 13);
    for (size_t c = 0; c < 13; c++)
        ck_assert_str_eq(L.rows[0].f[c], head[c]);
    /* per row: trust, then 3 windows x (the scores and 2 arousal means) */
    size_t per_row = 1 + 3 * (ATT_SC_COUNT + 2);
    ck_assert_uint_eq(L.n - 1, (W.n - 1) * per_row);
    for (size_t i = 1; i < L.n; i++) {
        size_t row = (size_t)num(&L, i, "run");
        ck_assert_uint_eq(row, (i - 1) / per_row + 1);
        for (size_t c = 0; c < 10; c++)
            if (c != 4)   /* no session column in W */
                ck_assert_str_eq(L.rows[i].f[c], cell(&W, row, head[c]));
        ck_assert_str_eq(cell(&L, i, "session"), "");
        char col[128];
        const char *win = cell(&L, i, "window"), *metric = cell(&L, i, "metric");
        snprintf(col, sizeof col, "%s%s%s", win, *win ? "." : "", metric);
        ck_assert_msg(strcmp(metric, "latencies") != 0, "latencies in the long form");
        ck_assert_msg(*win || strcmp(metric, "trust") == 0, "empty window for %s", metric);
        ck_assert_str_eq(cell(&L, i, "value"), cell(&W, row, col));
    }
    table_free(&W);
    table_free(&L);
}
END_TEST

/* Long-form and rupture files are refused where wide results are read,
 * naming the file; the combinations batch cannot honour are refused before
 * anything is written. */
START_TEST(long_and_rupture_files_refused)
{
    char ini[256], w[256], rup[256], l[256], part[272], x[256];
    in_work(ini, sizeof ini, "tidy.ini");
    in_work(w, sizeof w, "w.csv");
    in_work(rup, sizeof rup, "r.csv");
    in_work(l, sizeof l, "l.csv");
    in_work(x, sizeof x, "x.csv");
    write_file(ini, tidy_ini);
    batch_ok(ini, w, rup, "2");
    result r = run_attune("merge", "--long", w, "-o", l, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char want[512];
    snprintf(want, sizeof want, "%s:1: long-form results; use the wide file", l);
    const char *const merge_l[] = { "merge", l, "-o", x, NULL };
    const char *const merge_ll[] = { "merge", "--long", l, "-o", x, NULL };
    const char *const compare_l[] = { "compare", l, "-o", x, NULL };
    const char *const *const cmds[] = { merge_l, merge_ll, compare_l };
    for (size_t k = 0; k < 3; k++) {
        r = run_argv(cmds[k]);
        expect_status(&r, 2);
        expect_contains(r.err, want, cmds[k][0]);
        result_free(&r);
        ck_assert_int_eq(access(x, F_OK), -1);
    }
    snprintf(want, sizeof want, "%s:1: a rupture file", rup);
    r = run_attune("merge", rup, "-o", x, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, want, "merge");
    result_free(&r);
    /* --resume of a long FILE.part: refused, the part kept as it was */
    snprintf(part, sizeof part, "%s.part", x);
    char *text = slurp(l, NULL);
    write_file(part, text);
    r = run_attune("batch", ini, "-o", x, "--resume", "-q", NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:1: long-form results; use the wide file", part);
    expect_contains(r.err, want, "batch --resume");
    result_free(&r);
    expect_file_text(part, text);
    free(text);
    unlink(part);
    static const char *const bad[][3] = { { "--long", "--resume", "" },
                                          { "--long", "--shard", "1/2" },
                                          { "--ruptures", "RUP", "--resume" } };
    for (size_t k = 0; k < 3; k++) {
        const char *args[] = { "batch", ini, "-o", x, bad[k][0],
                               strcmp(bad[k][1], "RUP") ? bad[k][1] : rup, bad[k][2], NULL };
        if (!*bad[k][2])
            args[6] = NULL;
        r = run_argv(args);
        expect_status(&r, 2);
        expect_contains(r.err, bad[k][0], "batch");
        result_free(&r);
        ck_assert_int_eq(access(x, F_OK), -1);
        ck_assert_int_eq(access(part, F_OK), -1);
    }
    /* a rupture file that cannot be written: no FILE.part either */
    r = run_attune("batch", ini, "-o", x, "--ruptures", work, "-q", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, work, "batch --ruptures FOLDER");
    result_free(&r);
    ck_assert_int_eq(access(x, F_OK), -1);
    ck_assert_int_eq(access(part, F_OK), -1);
}
END_TEST

/* A results file written before these columns existed still reads:
 * merge --long converts it (checked by hand), compare groups it. */
START_TEST(old_results_still_read)
{
    char old[256], l[256];
    in_work(old, sizeof old, "old.csv");
    in_work(l, sizeof l, "l.csv");
    write_file(old, "experiment,run,runs,condition,replicate,seed,caregiver.wait_time,"
                    "all.matched_prop,all.ruptures,all.latencies\n"
                    "e,1,2,\"a,b\",1,11,3,0.5,2,0.4 1+\n"
                    "e,2,2,c,1,12,4,,0,\n");
    result r = run_attune("merge", "--long", old, "-o", l, NULL);
    expect_status(&r, 0);
    result_free(&r);
    expect_file_text(l, "experiment,run,condition,replicate,session,seed,caregiver.wait_time,"
                        "window,metric,value\n"
                        "e,1,\"a,b\",1,,11,3,all,matched_prop,0.5\n"
                        "e,1,\"a,b\",1,,11,3,all,ruptures,2\n"
                        "e,2,c,1,,12,4,all,matched_prop,\n"
                        "e,2,c,1,,12,4,all,ruptures,0\n");
    r = run_attune("compare", old, "--metric", "all.matched_prop", "--format", "csv", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "all,matched_prop,\"a,b\"", "compare");
    result_free(&r);
}
END_TEST

/* compare --by a fixed key groups the runs by that key's value. */
START_TEST(compare_by_a_fixed_key)
{
    char ini[256], w[256], rup[256];
    in_work(ini, sizeof ini, "tidy.ini");
    in_work(w, sizeof w, "w.csv");
    in_work(rup, sizeof rup, "r.csv");
    write_file(ini, tidy_ini);
    batch_ok(ini, w, rup, "2");
    result r = run_attune("compare", w, "--by", "caregiver.policy", "--metric",
                          "all.infant_arousal_mean", "--format", "csv", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "all,infant_arousal_mean,patient,1,2,", "compare --by");
    expect_contains(r.out, "all,infant_arousal_mean,intrusive,0,2,", "compare --by");
    result_free(&r);
}
END_TEST

Suite *suite_cli_batch_tidy(void)
{
    Suite *s = suite_create("cli_batch_tidy");
    TCase *tc = fixture_tcase("tidy", input_setup);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, ruptures_and_means_against_the_trace);
    tcase_add_test(tc, rupture_file_bytes_independent_of_threads);
    tcase_add_test(tc, rupture_rows_of_sessions);
    tcase_add_test(tc, long_form_is_the_wide_file);
    tcase_add_test(tc, long_and_rupture_files_refused);
    tcase_add_test(tc, old_results_still_read);
    tcase_add_test(tc, compare_by_a_fixed_key);
    suite_add_tcase(s, tc);
    return s;
}
