/* Empty field = NA (docs/SCORING.md, "Long form and level"): every CSV the
 * program writes, run on shipped inputs where undefined values occur, has
 * no field R or pandas would misread (nan, inf, NA, -, none, null...), the
 * same number of fields on every row as in its header, and an empty field
 * exactly where a value is undefined (the cells named below, worked out by
 * hand from the inputs). */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

static char mother_a[256], mother_b[256], coder_1[256], coder_2[256];

static void na_setup(void)
{
    setup();
    snprintf(mother_a, sizeof mother_a, "%s/data/examples/mother-a.csv", ATT_SRCDIR);
    snprintf(mother_b, sizeof mother_b, "%s/data/examples/mother-b.csv", ATT_SRCDIR);
    snprintf(coder_1, sizeof coder_1, "%s/data/examples/coder-1.csv", ATT_SRCDIR);
    snprintf(coder_2, sizeof coder_2, "%s/data/examples/coder-2.csv", ATT_SRCDIR);
}

/* A CSV as rows of fields (no field of these outputs holds a line end). */
typedef struct {
    struct fields *rows;   /* rows[0]: the header */
    size_t n;
} csv;

/* What R's read.csv or pandas would take for a number or NA but not as an
 * empty field, or a word standing for "nothing". */
static int misread(const char *f)
{
    static const char *const bad[] = { "nan", "-nan", "+nan", "inf", "-inf", "+inf",
                                       "infinity", "-infinity", "na", "n/a", "-", "none",
                                       "null", "undefined", "missing" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strcasecmp(f, bad[i]) == 0)
            return 1;
    return 0;
}

/* Parses `text` (named `what` in messages) and checks every field and the
 * rectangle. */
static void csv_check(csv *c, const char *text, const char *what)
{
    int lines = count_lines(text);
    ck_assert_msg(lines >= 2, "%s: %d lines", what, lines);
    c->n = (size_t)lines;
    c->rows = calloc(c->n, sizeof *c->rows);
    ck_assert_ptr_nonnull(c->rows);
    for (size_t i = 0; i < c->n; i++) {
        const char *l = line_at(text, (int)i);
        char *copy = strndup(l, strcspn(l, "\n"));
        ck_assert_ptr_nonnull(copy);
        fields_split(&c->rows[i], copy);
        free(copy);
        ck_assert_msg(c->rows[i].n == c->rows[0].n, "%s line %zu: %zu fields, header %zu",
                      what, i + 1, c->rows[i].n, c->rows[0].n);
        for (size_t k = 0; k < c->rows[i].n; k++)
            ck_assert_msg(!misread(c->rows[i].f[k]), "%s line %zu, %s: '%s'", what, i + 1,
                          c->rows[0].f[k], c->rows[i].f[k]);
    }
}

static void csv_done(csv *c)
{
    for (size_t i = 0; i < c->n; i++)
        fields_free(&c->rows[i]);
    free(c->rows);
}

/* The field `col` of the first row whose first fields are `keys`. */
static const char *cell(const csv *c, const char *const *keys, size_t nkeys, const char *col)
{
    size_t k = col_of(&c->rows[0], col);
    for (size_t i = 1; i < c->n; i++) {
        size_t j = 0;
        while (j < nkeys && strcmp(c->rows[i].f[j], keys[j]) == 0)
            j++;
        if (j == nkeys)
            return c->rows[i].f[k];
    }
    ck_abort_msg("no row %s,%s", keys[0], nkeys > 1 ? keys[1] : "");
    return NULL;
}

/* Runs argv, checks its standard output as a CSV. */
static void run_csv(csv *c, const char *const *argv, const char *what)
{
    result r = run_argv(argv);
    expect_status(&r, 0);
    csv_check(c, r.out, what);
    result_free(&r);
}

/* A file the program wrote, checked as a CSV. */
static void file_csv(csv *c, const char *path)
{
    char *text = slurp(path, NULL);
    ck_assert_ptr_nonnull(text);
    csv_check(c, text, path);
    free(text);
}

START_TEST(test_na_score)
{
    csv c;
    /* mother-a, all: 3 ruptures, all repaired (latencies 3, 40 and 4): the
     * upper band is still above 0.5 where S reaches 0, so latency_median_hi
     * is undefined; in still-face the one rupture is censored at the
     * phase's end: no median, no mean of completed latencies. */
    const char *const wide[] = { "score", mother_a, mother_b, "--format", "csv", NULL };
    run_csv(&c, wide, "score");
    const char *a_all[] = { "mother-a", "all" }, *a_sf[] = { "mother-a", "still-face" };
    ck_assert_str_eq(cell(&c, a_all, 2, "latency_median_hi"), "");
    ck_assert_str_eq(cell(&c, a_sf, 2, "latency_median_s"), "");
    ck_assert_str_eq(cell(&c, a_sf, 2, "latency_mean_completed_s"), "");
    ck_assert_str_eq(cell(&c, a_sf, 2, "repaired_prop"), "0");   /* defined: 0 of 1 */
    csv_done(&c);
    const char *const lng[] = { "score", mother_a, mother_b, "--long", NULL };
    run_csv(&c, lng, "score --long");
    const char *k1[] = { "run", mother_a, "mother-a", "", "all", "latency_median_hi" };
    ck_assert_str_eq(cell(&c, k1, 6, "value"), "");
    csv_done(&c);
    /* pooled: per-run rows have no runs, pooled rows no file */
    const char *const pool[] = { "score", mother_a, mother_b, "--pool", "--boot", "50", NULL };
    run_csv(&c, pool, "score --pool");
    const char *p_all[] = { "pooled", "pooled", "all" }, *r_all[] = { "run", "mother-b", "all" };
    ck_assert_str_eq(cell(&c, p_all, 3, "file"), "");
    ck_assert_str_eq(cell(&c, r_all, 3, "runs"), "");
    ck_assert_str_eq(cell(&c, r_all, 3, "matched_prop_boot_lo"), "");
    csv_done(&c);
    const char *const pool_long[] = { "score", mother_a, mother_b, "--pool", "--boot", "50",
                                      "--long", NULL };
    run_csv(&c, pool_long, "score --pool --long");
    const char *k2[] = { "pooled", "", "pooled", "", "still-face", "latency_median_s" };
    ck_assert_str_eq(cell(&c, k2, 6, "value"), "");
    csv_done(&c);
    /* the ruptures: no arousal column in the file, so no peak arousal (the
     * still-face rupture is censored in its phase, repaired at 80 s) */
    char rup[192], scores[192];
    in_work(rup, sizeof rup, "ruptures.csv");
    in_work(scores, sizeof scores, "scores.csv");
    const char *const ruptures[] = { "score", mother_a, "--ruptures", rup, "-o", scores, NULL };
    result r = run_argv(ruptures);
    expect_status(&r, 0);
    result_free(&r);
    file_csv(&c, rup);
    const char *sf[] = { "mother-a", "still-face" };
    ck_assert_str_eq(cell(&c, sf, 2, "peak_infant_arousal"), "");
    ck_assert_str_eq(cell(&c, sf, 2, "phase_censored"), "1");
    ck_assert_str_eq(cell(&c, sf, 2, "latency_s"), "40");
    csv_done(&c);
}
END_TEST

START_TEST(test_na_contingency_agree)
{
    csv c;
    /* mother-b: b = 0 (the given never without the target), so the odds
     * ratio and Q's standard error are undefined; the pooled row has no
     * file. */
    const char *const cont[] = { "contingency", mother_a, mother_b, "--given",
                                 "caregiver:positive", "--target", "infant:positive", "--window",
                                 "2", "--format", "csv", NULL };
    run_csv(&c, cont, "contingency");
    const char *b[] = { "run", "mother-b" }, *p[] = { "pooled", "pooled" };
    ck_assert_str_eq(cell(&c, b, 2, "b"), "0");
    ck_assert_str_eq(cell(&c, b, 2, "odds_ratio"), "");
    ck_assert_str_eq(cell(&c, b, 2, "yule_q_se"), "");
    ck_assert_str_eq(cell(&c, b, 2, "unit_s"), "");
    ck_assert_str_eq(cell(&c, p, 2, "file"), "");
    csv_done(&c);
    /* agree: one rupture matched but neither repaired in both files'
     * windows, so no latency pairs and no mean latency difference */
    char out[192], conf[192], rup[192];
    in_work(out, sizeof out, "agree.csv");
    in_work(conf, sizeof conf, "confusion.csv");
    in_work(rup, sizeof rup, "ruptures.csv");
    const char *const agree[] = { "agree", coder_1, coder_2, "--end", "60", "--format", "csv",
                                  "-o", out, "--confusion", conf, "--ruptures", rup, NULL };
    result r = run_argv(agree);
    expect_status(&r, 0);
    result_free(&r);
    file_csv(&c, out);
    csv_done(&c);
    file_csv(&c, conf);
    csv_done(&c);
    file_csv(&c, rup);
    const char *t[] = { "0" };
    ck_assert_str_eq(cell(&c, t, 1, "latency_pairs"), "0");
    ck_assert_str_eq(cell(&c, t, 1, "mean_latency_diff_s"), "");
    csv_done(&c);
}
END_TEST

START_TEST(test_na_batch_compare)
{
    char ini[256], res[192], s1[192], s2[192];
    snprintf(ini, sizeof ini, "%s/scenarios/compare-policies.ini", ATT_SRCDIR);
    in_work(res, sizeof res, "results.csv");
    in_work(s1, sizeof s1, "s1.csv");
    in_work(s2, sizeof s2, "s2.csv");
    const char *const batch[] = { "batch", ini, "-q", "--set", "batch.replicates=2", "-o", res,
                                  NULL };
    result r = run_argv(batch);
    expect_status(&r, 0);
    result_free(&r);
    csv c;
    file_csv(&c, res);
    ck_assert_uint_eq(c.n, 1 + 5 * 2);
    csv_done(&c);
    /* merged shards are the same kind of file */
    const char *const sh1[] = { "batch", ini, "-q", "--set", "batch.replicates=2", "--shard",
                                "1/2", "-o", s1, NULL };
    const char *const sh2[] = { "batch", ini, "-q", "--set", "batch.replicates=2", "--shard",
                                "2/2", "-o", s2, NULL };
    result a = run_argv(sh1), b = run_argv(sh2);
    expect_status(&a, 0);
    expect_status(&b, 0);
    result_free(&a);
    result_free(&b);
    const char *const merge[] = { "merge", s1, s2, NULL };
    run_csv(&c, merge, "merge");
    csv_done(&c);
    /* compare: the baseline has no difference from itself; the k-group row
     * has no group, no baseline flag and no Holm p (not in a family) */
    const char *const cmp[] = { "compare", res, "--boot", "100", "--format", "csv", NULL };
    run_csv(&c, cmp, "compare");
    const char *bl[] = { "group", "all", "matched_prop", "patient" };
    const char *all[] = { "overall", "all", "repair_latency" };
    ck_assert_str_eq(cell(&c, bl, 4, "baseline"), "1");
    ck_assert_str_eq(cell(&c, bl, 4, "diff"), "");
    ck_assert_str_eq(cell(&c, bl, 4, "ruptures"), "");
    ck_assert_str_eq(cell(&c, all, 3, "group"), "");
    ck_assert_str_eq(cell(&c, all, 3, "baseline"), "");
    ck_assert_str_eq(cell(&c, all, 3, "logrank_p_holm"), "");
    ck_assert_str_eq(cell(&c, all, 3, "mean"), "");
    csv_done(&c);
    const char *const cmp_long[] = { "compare", res, "--boot", "100", "--long", NULL };
    run_csv(&c, cmp_long, "compare --long");
    const char *o[] = { "overall", "all", "repair_latency", "", "", "n" };
    ck_assert_str_eq(cell(&c, o, 6, "value"), "10");
    csv_done(&c);
}
END_TEST

START_TEST(test_na_run_validate_import)
{
    char ini[256], trace[192];
    snprintf(ini, sizeof ini, "%s/tests/data/golden.ini", ATT_SRCDIR);
    in_work(trace, sizeof trace, "golden.csv");
    const char *const run[] = { "run", ini, "-q", "-o", trace, NULL };
    result r = run_argv(run);
    expect_status(&r, 0);
    result_free(&r);
    csv c;
    file_csv(&c, trace);
    csv_done(&c);
    /* an "above" check has no upper target */
    const char *const val[] = { "validate", "--quick", "--only", "sf.bids_decline", "--format",
                                "csv", NULL };
    run_csv(&c, val, "validate");
    const char *id[] = { "sf.bids_decline" };
    ck_assert_str_eq(cell(&c, id, 1, "rule"), "above");
    ck_assert_str_eq(cell(&c, id, 1, "target_high"), "");
    csv_done(&c);
    char boris[256], bmap[256], elan[256], emap[256];
    snprintf(boris, sizeof boris, "%s/data/examples/boris-events.csv", ATT_SRCDIR);
    snprintf(bmap, sizeof bmap, "%s/data/examples/boris-map.csv", ATT_SRCDIR);
    snprintf(elan, sizeof elan, "%s/data/examples/elan-tiers.txt", ATT_SRCDIR);
    snprintf(emap, sizeof emap, "%s/data/examples/elan-map.csv", ATT_SRCDIR);
    const char *const ib[] = { "import", "boris", boris, "--map", bmap, NULL };
    run_csv(&c, ib, "import boris");
    csv_done(&c);
    const char *const ie[] = { "import", "elan", elan, "--map", emap, NULL };
    run_csv(&c, ie, "import elan");
    csv_done(&c);
}
END_TEST

Suite *suite_cli_na(void)
{
    Suite *s = suite_create("cli_na");
    TCase *tc = fixture_tcase("na", na_setup);
    tcase_add_test(tc, test_na_score);
    tcase_add_test(tc, test_na_contingency_agree);
    tcase_add_test(tc, test_na_batch_compare);
    tcase_add_test(tc, test_na_run_validate_import);
    suite_add_tcase(s, tc);
    return s;
}
