/* `--format narrow` of validate and compare, end to end (the real program,
 * tests/fixture.h): the tables a lecturer projects.  Every line of a real
 * `validate --quick` and of a compare of a real batch fits 100 columns, and
 * the narrow table carries the numbers of the CSV form: both are parsed
 * and every number of the CSV is found in the narrow table, rounded as the
 * table rounds it. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WIDTH = 100 };

/* Fails unless no line of `text` is longer than WIDTH; returns the lines. */
static int expect_narrow(const char *text, const char *what)
{
    int lines = 0;
    for (const char *l = text; *l; lines++) {
        const char *e = strchr(l, '\n');
        ck_assert_msg(e, "%s: the last line has no end", what);
        ck_assert_msg(e - l <= WIDTH, "%s: line %d is %d columns: %.*s", what, lines + 1,
                      (int)(e - l), (int)(e - l), l);
        l = e + 1;
    }
    return lines;
}

/* A table's number `cell` against the CSV's `csv` (empty: undefined).  "-"
 * must meet an empty field; "<0.001" a p-value under 0.001; otherwise the
 * difference is at most half a unit of the cell's last decimal, or with
 * `sig` > 0 of its sig-th significant digit. */
static void expect_same(const char *cell, const char *csv, int sig, const char *where)
{
    if (strcmp(cell, "-") == 0) {
        ck_assert_msg(*csv == '\0', "%s: the table has '-', the CSV %s", where, csv);
        return;
    }
    ck_assert_msg(*csv != '\0', "%s: the table has %s, the CSV nothing", where, cell);
    double want = strtod(csv, NULL);
    if (strcmp(cell, "<0.001") == 0) {
        ck_assert_msg(want < 0.001, "%s: the table has <0.001, the CSV %s", where, csv);
        return;
    }
    char *end;
    double got = strtod(cell, &end);
    ck_assert_msg(*end == '\0', "%s: '%s' is not a number", where, cell);
    double unit;
    if (sig > 0) {
        unit = want == 0 ? 1e-300 : pow(10, floor(log10(fabs(want))) - (sig - 1));
    } else {
        const char *dot = strchr(cell, '.');
        unit = pow(10, -(dot ? (int)strlen(dot + 1) : 0));
    }
    ck_assert_msg(fabs(got - want) <= unit / 2 * (1 + 1e-9),
                  "%s: the table has %s, the CSV %s", where, cell, csv);
}

/* The fields of `s` separated by runs of two or more spaces (interval
 * cells such as "[0.1, 0.2]" hold one), leading spaces dropped; the
 * pieces are written into `buf`. */
static size_t cells_of(const char *s, size_t len, char **out, size_t cap, char *buf)
{
    size_t n = 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *p = buf;
    while (*p == ' ')
        p++;
    while (*p && n < cap) {
        out[n++] = p;
        char *gap = strstr(p, "  ");
        if (!gap)
            break;
        *gap = '\0';
        p = gap + 2;
        while (*p == ' ')
            p++;
    }
    return n;
}

/* fields_split() of the line at `l` (it takes one line alone). */
static void split_line(struct fields *f, const char *l)
{
    const char *e = strchr(l, '\n');
    size_t len = e ? (size_t)(e - l) : strlen(l);
    char *copy = strndup(l, len);
    ck_assert(copy);
    fields_split(f, copy);
    free(copy);
}

/* ---- validate ------------------------------------------------------------- */

/* The indented lines after line `l` up to the next check, joined by
 * spaces, into buf. */
static const char *sub_lines(const char *l, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (l = strchr(l, '\n') + 1; *l == ' '; l = strchr(l, '\n') + 1) {
        const char *e = strchr(l, '\n');
        while (*l == ' ')
            l++;
        size_t have = strlen(buf);
        ck_assert(have + (size_t)(e - l) + 2 < cap);
        snprintf(buf + have, cap - have, "%s%.*s", have ? " " : "", (int)(e - l), l);
    }
    return buf;
}

/* One check's line of the narrow table against its CSV row. */
static void expect_check(const char *l, const struct fields *h, const struct fields *row)
{
    char buf[512], *c[8], where[128], sim[3][32], subs[2048];
    const char *e = strchr(l, '\n');
    size_t n = cells_of(l, (size_t)(e - l), c, 8, buf);
    const char *id = row->f[col_of(h, "id")];
    snprintf(where, sizeof where, "validate %s", id);
    ck_assert_msg(n == 4, "%s: %zu cells in: %.*s", where, n, (int)(e - l), l);
    ck_assert_str_eq(c[0], id);
    ck_assert_msg(sscanf(c[1], "%31s [%31[^,], %31[^]]]", sim[0], sim[1], sim[2]) == 3,
                  "%s: simulated '%s'", where, c[1]);
    expect_same(sim[0], row->f[col_of(h, "estimate")], 3, where);
    expect_same(sim[1], row->f[col_of(h, "ci_low")], 3, where);
    expect_same(sim[2], row->f[col_of(h, "ci_high")], 3, where);
    const char *rule = row->f[col_of(h, "rule")];
    char lo[32], hi[32];
    if (strcmp(rule, "above") == 0) {
        ck_assert_msg(sscanf(c[2], "CI above %31s", lo) == 1, "%s: rule '%s'", where, c[2]);
        expect_same(lo, row->f[col_of(h, "target_low")], 3, where);
    } else {
        const char *form = strcmp(rule, "range") == 0 ? "estimate in [%31[^,], %31[^]]]"
                                                      : "CI meets [%31[^,], %31[^]]]";
        ck_assert_msg(strcmp(rule, "range") == 0 || strcmp(rule, "overlap") == 0, "rule %s", rule);
        ck_assert_msg(sscanf(c[2], form, lo, hi) == 2, "%s: rule '%s' (%s)", where, c[2], rule);
        expect_same(lo, row->f[col_of(h, "target_low")], 3, where);
        expect_same(hi, row->f[col_of(h, "target_high")], 3, where);
    }
    ck_assert_str_eq(c[3], strcmp(row->f[col_of(h, "pass")], "1") == 0 ? "PASS" : "FAIL");
    /* The texts below it, wrapped: the words of the CSV's, in order. */
    sub_lines(l, subs, sizeof subs);
    expect_contains(subs, row->f[col_of(h, "phenomenon")], where);
    char lit[512];
    snprintf(lit, sizeof lit, "literature: %s (%s)", row->f[col_of(h, "literature")],
             row->f[col_of(h, "source")]);
    expect_contains(subs, lit, where);
}

START_TEST(test_validate_narrow)
{
    result csv = run_attune("validate", "--quick", "--format", "csv", "-j", "2", NULL);
    ck_assert_msg(csv.status == 0 || csv.status == 1, "csv: exit %d: %s", csv.status, csv.err);
    result nar = run_attune("validate", "--quick", "--format", "narrow", "-j", "2", NULL);
    ck_assert_int_eq(nar.status, csv.status);
    expect_narrow(nar.out, "validate --format narrow");
    /* The wide table is what needs the narrow one. */
    result wide = run_attune("validate", "--quick", "--only", "presets", "--format", "table",
                             NULL);
    ck_assert_msg(wide.status == 0 || wide.status == 1, "table: exit %d", wide.status);
    size_t longest = 0;
    for (const char *l = wide.out; *l; l = strchr(l, '\n') + 1)
        longest = (size_t)(strchr(l, '\n') - l) > longest ? (size_t)(strchr(l, '\n') - l)
                                                          : longest;
    ck_assert_msg(longest > WIDTH, "the wide table is only %zu columns", longest);
    result_free(&wide);

    const char *head = strstr(nar.out, "\nid  ");
    ck_assert_msg(head, "no heading line in:\n%s", nar.out);
    const char *l = strchr(head + 1, '\n') + 1;
    struct fields h;
    split_line(&h, csv.out);
    int rows = 0, failed = 0;
    for (const char *cl = strchr(csv.out, '\n') + 1; *cl; cl = strchr(cl, '\n') + 1, rows++) {
        struct fields row;
        split_line(&row, cl);
        ck_assert_uint_eq(row.n, h.n);
        ck_assert_msg(*l && *l != ' ' && *l != '\n', "check %d (%s): no line", rows + 1,
                      row.f[0]);
        expect_check(l, &h, &row);
        failed += strcmp(row.f[col_of(&h, "pass")], "0") == 0;
        fields_free(&row);
        do   /* the next check's line */
            l = strchr(l, '\n') + 1;
        while (*l == ' ');
    }
    ck_assert_int_ge(rows, 40);
    char tail[64];
    snprintf(tail, sizeof tail, "\n%d checks, %d failed\n", rows, failed);
    ck_assert_msg(*l == '\n' && strcmp(l, tail) == 0, "after the checks: %s", l);
    fields_free(&h);
    result_free(&csv);
    result_free(&nar);
}
END_TEST

/* ---- compare -------------------------------------------------------------- */

/* The CSV columns a narrow heading names (two for an interval), metric or
 * survival block; `nth` counts the headings seen ("p" and "holm" twice). */
static void columns_of(const char *head, int nth, int survival, const char *cols[2])
{
    static const char *const metric[][3] = {
        { "n", "n", NULL }, { "mean", "mean", NULL }, { "sd", "sd", NULL },
        { "bootstrap 95%", "boot_lo", "boot_hi" }, { "diff", "diff", NULL },
        { "g", "hedges_g", NULL }, { "g 95%", "g_lo", "g_hi" }, { "welch t", "welch_t", NULL },
        { "df", "welch_df", NULL }, { "p", "welch_p", NULL }, { "holm", "welch_p_holm", NULL },
        { "mw U", "mw_u", NULL },
    };
    static const char *const surv[][3] = {
        { "runs", "n", NULL }, { "ruptures", "ruptures", NULL }, { "repairs", "repairs", NULL },
        { "median", "km_median", NULL }, { "median 95%", "km_median_lo", "km_median_hi" },
        { "within_2s", "within_2s", NULL }, { "rmst", "rmst", NULL },
        { "chisq", "logrank_chisq", NULL }, { "p", "logrank_p", NULL },
        { "holm", "logrank_p_holm", NULL },
    };
    const char *const (*t)[3] = survival ? surv : metric;
    size_t n = survival ? sizeof surv / sizeof *surv : sizeof metric / sizeof *metric;
    if (!survival && nth > 0 && (strcmp(head, "p") == 0 || strcmp(head, "holm") == 0)) {
        cols[0] = *head == 'p' ? "mw_p" : "mw_p_holm";
        cols[1] = NULL;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i][0], head) == 0) {
            cols[0] = t[i][1];
            cols[1] = t[i][2];
            return;
        }
    ck_abort_msg("unknown heading '%s'", head);
}

typedef struct {
    struct fields h, *rows;
    size_t n;
    unsigned char (*checked)[64];   /* per row, per column: seen in the table */
} csv_table;

static void csv_load(csv_table *t, const char *text)
{
    split_line(&t->h, text);
    ck_assert(t->h.n < 64);
    t->n = (size_t)count_lines(text) - 1;
    t->rows = calloc(t->n, sizeof *t->rows);
    t->checked = calloc(t->n, sizeof *t->checked);
    ck_assert(t->rows && t->checked);
    for (size_t i = 0; i < t->n; i++)
        split_line(&t->rows[i], line_at(text, (int)i + 1));
}

static void csv_free(csv_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        fields_free(&t->rows[i]);
    fields_free(&t->h);
    free(t->rows);
    free(t->checked);
}

static size_t csv_find(const csv_table *t, const char *window, const char *metric,
                       const char *group)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].f[col_of(&t->h, "window")], window) == 0
            && strcmp(t->rows[i].f[col_of(&t->h, "metric")], metric) == 0
            && strcmp(t->rows[i].f[col_of(&t->h, "group")], group) == 0)
            return i;
    ck_abort_msg("no CSV row for %s: %s, group %s", window, metric, group);
    return 0;
}

/* One group's line of a panel against its CSV row. */
static void expect_group(csv_table *t, const char *window, const char *metric, char **heads,
                         size_t nheads, const char *l, size_t len)
{
    char buf[512], *c[24], where[160];
    size_t n = cells_of(l + 2, len - 2, c, 24, buf);
    ck_assert(n >= 2 && n <= nheads);
    size_t i = csv_find(t, window, metric, c[0]);
    ck_assert_str_eq(t->rows[i].f[col_of(&t->h, "baseline")], l[0] == '*' ? "1" : "0");
    int survival = strcmp(metric, "repair_latency") == 0, seen_p = 0, seen_holm = 0;
    for (size_t k = 1; k < nheads; k++) {
        const char *cols[2];
        int *seen = strcmp(heads[k], "p") == 0 ? &seen_p : strcmp(heads[k], "holm") == 0
                                                              ? &seen_holm : NULL;
        columns_of(heads[k], seen ? (*seen)++ : 0, survival, cols);
        snprintf(where, sizeof where, "compare %s: %s, %s, %s", window, metric, c[0], heads[k]);
        char lo[32], hi[32];
        const char *cell = k < n ? c[k] : "-";
        if (k >= n) {   /* the baseline's line ends after its own statistics */
            ck_assert_msg(*t->rows[i].f[col_of(&t->h, cols[0])] == '\0', "%s: cut short", where);
        } else if (cols[1] && strcmp(cell, "-") != 0) {
            ck_assert_msg(sscanf(cell, "[%31[^,], %31[^]]]", lo, hi) == 2, "%s: '%s'", where,
                          cell);
            expect_same(lo, t->rows[i].f[col_of(&t->h, cols[0])], 0, where);
            expect_same(hi, t->rows[i].f[col_of(&t->h, cols[1])], 0, where);
        } else {
            expect_same(cell, t->rows[i].f[col_of(&t->h, cols[0])], 0, where);
            if (cols[1])
                expect_same(cell, t->rows[i].f[col_of(&t->h, cols[1])], 0, where);
        }
        t->checked[i][col_of(&t->h, cols[0])] = 1;
        if (cols[1])
            t->checked[i][col_of(&t->h, cols[1])] = 1;
    }
}

/* The k-group log-rank line against the CSV's row with no group. */
static void expect_overall(csv_table *t, const char *window, const char *l)
{
    char chisq[32], df[32], p[32];
    ck_assert_msg(sscanf(l, "log-rank test of all groups with ruptures: chisq %31[^,], df "
                            "%31[^,], p %31s", chisq, df, p) == 3, "%.100s", l);
    size_t i = csv_find(t, window, "repair_latency", "");
    expect_same(chisq, t->rows[i].f[col_of(&t->h, "logrank_chisq")], 0, "k-group chisq");
    expect_same(df, t->rows[i].f[col_of(&t->h, "logrank_df")], 0, "k-group df");
    expect_same(p, t->rows[i].f[col_of(&t->h, "logrank_p")], 0, "k-group p");
    t->checked[i][col_of(&t->h, "logrank_chisq")] = t->checked[i][col_of(&t->h, "logrank_df")]
        = t->checked[i][col_of(&t->h, "logrank_p")] = 1;
}

/* Walks the narrow table: titles, panel headings and group lines. */
static void check_compare(csv_table *t, const char *text)
{
    char window[64] = "", metric[64] = "", hbuf[512], *heads[24];
    size_t nheads = 0;
    int titled = 0;
    for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
        size_t len = (size_t)(strchr(l, '\n') - l);
        if (len == 0) {
            titled = 1;   /* a title follows a blank line */
            continue;
        }
        if (strncmp(l, "log-rank test of all groups", 27) == 0) {
            expect_overall(t, window, l);
        } else if (titled) {
            ck_assert_msg(sscanf(l, "%63[^:]: %63[a-z_0-9]", window, metric) == 2, "%.*s",
                          (int)len, l);
            titled = 0;
            nheads = 0;
        } else if (strncmp(l, "  group", 7) == 0) {
            nheads = cells_of(l, len, heads, 24, hbuf);
        } else if (nheads > 0 && (l[0] == '*' || l[0] == ' ') && l[1] == ' ') {
            expect_group(t, window, metric, heads, nheads, l, len);
        }
    }
}

START_TEST(test_compare_narrow)
{
    char results[192];
    in_work(results, sizeof results, "policies.csv");
    result r = run_attune("batch", SRC("scenarios/compare-policies.ini"), "--set",
                          "batch.replicates=20", "-q", "-o", results, NULL);
    expect_status(&r, 0);
    result_free(&r);
    static const char *const by_sets[][4] = {
        { "--by", "condition", "--baseline", "patient" },
        { "--by", "condition", "--baseline", "still-face" },
    };
    for (size_t s = 0; s < sizeof by_sets / sizeof *by_sets; s++) {
        result csv = run_attune("compare", results, by_sets[s][0], by_sets[s][1], by_sets[s][2],
                                by_sets[s][3], "--format", "csv", NULL);
        expect_status(&csv, 0);
        result nar = run_attune("compare", results, by_sets[s][0], by_sets[s][1],
                                by_sets[s][2], by_sets[s][3], "--format", "narrow", NULL);
        expect_status(&nar, 0);
        expect_narrow(nar.out, "compare --format narrow");
        csv_table t;
        csv_load(&t, csv.out);
        check_compare(&t, nar.out);
        /* Every number of the CSV was met in the table, but the df of a
         * pairwise log-rank test, which is 1 by definition (neither table
         * shows it). */
        for (size_t i = 0; i < t.n; i++) {
            const char *df = t.rows[i].f[col_of(&t.h, "logrank_df")];
            if (*t.rows[i].f[col_of(&t.h, "group")] && (*df == '\0' || strcmp(df, "1") == 0))
                t.checked[i][col_of(&t.h, "logrank_df")] = 1;
        }
        /* The k-group row's runs, ruptures and repairs are the sums of its
         * block's group lines, which the table shows. */
        static const char *const sums[] = { "n", "ruptures", "repairs" };
        for (size_t i = 0, first = 0; i < t.n; i++) {
            size_t mc = col_of(&t.h, "metric");
            if (strcmp(t.rows[i].f[mc], "repair_latency") != 0
                || *t.rows[i].f[col_of(&t.h, "group")]) {
                if (i == 0 || strcmp(t.rows[i - 1].f[mc], "repair_latency") != 0)
                    first = i;
                continue;
            }
            for (size_t k = 0; k < 3; k++) {
                size_t c = col_of(&t.h, sums[k]);
                long sum = 0;
                for (size_t j = first; j < i; j++)
                    sum += strtol(t.rows[j].f[c], NULL, 10);
                ck_assert_int_eq(strtol(t.rows[i].f[c], NULL, 10), sum);
                t.checked[i][c] = 1;
            }
        }
        for (size_t i = 0; i < t.n; i++)
            for (size_t k = col_of(&t.h, "n"); k < t.h.n; k++)
                ck_assert_msg(*t.rows[i].f[k] == '\0' || t.checked[i][k],
                              "CSV row %zu (%s %s %s): %s = %s is not in the narrow table",
                              i + 2, t.rows[i].f[col_of(&t.h, "window")],
                              t.rows[i].f[col_of(&t.h, "metric")],
                              t.rows[i].f[col_of(&t.h, "group")],
                              t.h.f[k], t.rows[i].f[k]);
        ck_assert_uint_ge(t.n, 5 * 7 * 3);
        csv_free(&t);
        result_free(&csv);
        result_free(&nar);
    }
}
END_TEST

START_TEST(test_narrow_bad_format)
{
    result r = run_attune("compare", "x.csv", "--format", "narow", NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    expect_contains(r.err, "--format narow: must be table, narrow, csv or json (did you mean "
                    "'narrow'?)", "stderr");
    result_free(&r);
    r = run_attune("validate", "--format", "json", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "must be table, narrow or csv", "stderr");
    result_free(&r);
}
END_TEST

Suite *suite_cli_narrow(void)
{
    Suite *s = suite_create("cli_narrow");
    TCase *tc = fixture_tcase("narrow", setup);
    /* validate --quick twice (and once --only presets), some 15 s each alone
     * on 2 processors: the fixture's 60 s is too near on a busy machine */
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_validate_narrow);
    tcase_add_test(tc, test_compare_narrow);
    tcase_add_test(tc, test_narrow_bad_format);
    suite_add_tcase(s, tc);
    return s;
}
