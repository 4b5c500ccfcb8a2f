/* Micro and major ruptures counted two ways must agree: the results' counts
 * (W.micro_ruptures, W.major_ruptures) against the rupture file's rows, one
 * per rupture, through the real program ($ATTUNE_BIN).  In a phase window a
 * rupture is counted by its phase_size (its length within the phase), in
 * the whole run by its size; so counting the file's rows gives the counts,
 * run by run and window by window.  The same for `attune score` on a trace
 * with the ruptures file, and with a multi-session trace, whose ruptures
 * carry the run and the session in separate columns.
 *
 * Through the fixture (tests/fixture.h): outputs in w/ of a fresh folder. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RUNS 64
#define MAX_WINDOWS 8

typedef struct {
    char window[MAX_WINDOWS][32];
    int nw;
    long micro[MAX_RUNS][MAX_WINDOWS], major[MAX_RUNS][MAX_WINDOWS];
} tally;

static int window_index(tally *t, const char *w)
{
    for (int i = 0; i < t->nw; i++)
        if (strcmp(t->window[i], w) == 0)
            return i;
    ck_assert_int_lt(t->nw, MAX_WINDOWS);
    snprintf(t->window[t->nw], sizeof t->window[0], "%s", w);
    return t->nw++;
}

/* Counts the rupture file's rows per run (column `run_col`, 1-based
 * numbers) and window: phase_size in the rupture's phase, size in "all". */
static void count_file(tally *t, const char *text, const char *run_col, const char *phase_col)
{
    struct fields head, row;
    char line[8192];
    fields_split(&head, first_line(text, line, sizeof line));
    size_t rc = col_of(&head, run_col), pc = col_of(&head, phase_col);
    size_t sc = col_of(&head, "size"), psc = col_of(&head, "phase_size");
    int all = window_index(t, "all");
    for (int k = 1; line_at(text, k); k++) {
        fields_split(&row, first_line(line_at(text, k), line, sizeof line));
        long run = (long)number_at(&row, rc);
        ck_assert(run >= 1 && run <= MAX_RUNS);
        int w = window_index(t, row.f[pc]);
        t->micro[run - 1][w] += strcmp(row.f[psc], "micro") == 0;
        t->major[run - 1][w] += strcmp(row.f[psc], "major") == 0;
        t->micro[run - 1][all] += strcmp(row.f[sc], "micro") == 0;
        t->major[run - 1][all] += strcmp(row.f[sc], "major") == 0;
        fields_free(&row);
    }
    fields_free(&head);
}

START_TEST(test_batch_counts_are_the_rupture_rows)
{
    char res[256], rup[256];
    in_work(res, sizeof res, "results.csv");
    in_work(rup, sizeof rup, "ruptures.csv");
    result r = run_attune("batch", SRC("scenarios/compare-policies.ini"), "--set",
                          "batch.replicates=6", "-q", "-o", res, "--ruptures", rup, NULL);
    expect_status(&r, 0);
    result_free(&r);
    tally t = { .nw = 0 };
    char *rtext = slurp(rup, NULL), *text = slurp(res, NULL);
    count_file(&t, rtext, "run", "window");
    ck_assert_int_ge(t.nw, 3);   /* all, warmup, test */
    struct fields head, row;
    char line[65536], name[64];
    fields_split(&head, first_line(text, line, sizeof line));
    long compared = 0, micro_total = 0;
    for (int k = 1; line_at(text, k); k++) {
        fields_split(&row, first_line(line_at(text, k), line, sizeof line));
        long run = (long)number_at(&row, col_of(&head, "run"));
        for (int w = 0; w < t.nw; w++) {
            snprintf(name, sizeof name, "%s.micro_ruptures", t.window[w]);
            ck_assert_msg((long)number_at(&row, col_of(&head, name)) == t.micro[run - 1][w],
                          "run %ld %s: %g in the results, %ld rows", run, name,
                          number_at(&row, col_of(&head, name)), t.micro[run - 1][w]);
            snprintf(name, sizeof name, "%s.major_ruptures", t.window[w]);
            ck_assert_msg((long)number_at(&row, col_of(&head, name)) == t.major[run - 1][w],
                          "run %ld %s: %g in the results, %ld rows", run, name,
                          number_at(&row, col_of(&head, name)), t.major[run - 1][w]);
            micro_total += t.micro[run - 1][w];
            compared++;
        }
        fields_free(&row);
    }
    fields_free(&head);
    ck_assert_int_eq(compared, 30L * t.nw);
    ck_assert_int_gt(micro_total, 0);   /* the check is not vacuous */
    free(text);
    free(rtext);
}
END_TEST

/* A timeline trace scored with --ruptures: run and session apart. */
START_TEST(test_score_timeline_sessions)
{
    char trace[256], rup[256];
    in_work(trace, sizeof trace, "days.csv");
    in_work(rup, sizeof rup, "ruptures.csv");
    result r = run_attune("run", SRC("scenarios/consistent-repair.ini"), "--set",
                          "scenario.sessions=3", "-q", "-o", trace, NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("score", trace, "--format", "csv", "--ruptures", rup, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *text = slurp(rup, NULL);
    struct fields head, row;
    char line[4096];
    fields_split(&head, first_line(text, line, sizeof line));
    size_t rc = col_of(&head, "run"), sc = col_of(&head, "session");
    int seen[4] = { 0 };
    for (int k = 1; line_at(text, k); k++) {
        fields_split(&row, first_line(line_at(text, k), line, sizeof line));
        ck_assert_str_eq(row.f[rc], "1");
        long s = (long)number_at(&row, sc);
        ck_assert(s >= 1 && s <= 3);
        seen[s] = 1;
        fields_free(&row);
    }
    fields_free(&head);
    ck_assert(seen[1] && seen[2] && seen[3]);
    free(text);
}
END_TEST

Suite *suite_cli_rupture_sizes(void)
{
    Suite *s = suite_create("cli_rupture_sizes");
    TCase *tc = fixture_tcase("rupture_sizes", setup);
    tcase_add_test(tc, test_batch_counts_are_the_rupture_rows);
    tcase_add_test(tc, test_score_timeline_sessions);
    suite_add_tcase(s, tc);
    return s;
}
