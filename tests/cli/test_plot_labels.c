/* The words on `attune plot sweep` and `attune plot compare` figures, read
 * back from the PDF by poppler's pdftotext (the PNG and SVG draw text as
 * glyph outlines): axes and titles say what a metric is, with its unit and
 * its window when that is not `all`, and a swept key with its parameter's
 * unit; the raw column names are gone; --title still wins.
 *
 * Through the fixture (tests/fixture.h), as tests/cli/test_plot.c. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char results[192], pdf[192];

static void labels_setup(void)
{
    setup();
    in_work(results, sizeof results, "results.csv");
    in_work(pdf, sizeof pdf, "fig.pdf");
    write_file(results, compare_results);
}

/* Draws `attune plot KIND results ARGS... -o fig.pdf` and returns the
 * figure's text as pdftotext reads it, lines joined by spaces (caller frees). */
static char *plot_text(const char *kind, const char *a1, const char *a2, const char *a3,
                       const char *a4)
{
    result r = run_attune("plot", kind, results, "-o", pdf, a1, a2, a3, a4, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "pdftotext '%s' - 2>&1", pdf);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 16;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    size_t n = fread(text, 1, cap - 1, p);
    text[n] = 0;
    int st = pclose(p);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pdftotext failed: %s", text);
    for (size_t i = 0; i < n; i++)
        if (text[i] == '\n' || text[i] == '\f')
            text[i] = ' ';
    return text;
}

static void has(const char *text, const char *want)
{
    ck_assert_msg(strstr(text, want) != NULL, "no '%s' in: %s", want, text);
}

static void lacks(const char *text, const char *raw)
{
    ck_assert_msg(strstr(text, raw) == NULL, "'%s' still in: %s", raw, text);
}

START_TEST(test_sweep_words)
{
    char *t = plot_text("sweep", "--by", "caregiver.wait_time", NULL, NULL);
    has(t, "matched share against caregiver wait_time (s)");   /* the title */
    has(t, "matched share: mean, 95% CI");                       /* y axis */
    lacks(t, "matched_prop");
    lacks(t, "caregiver.wait_time");
    free(t);
    t = plot_text("sweep", "--by", "caregiver.wait_time", "--metric", "all.rmst_s");
    has(t, "restricted mean time to repair (s): mean, 95% CI");
    lacks(t, "rmst_s");
    free(t);
}
END_TEST

START_TEST(test_compare_words)
{
    char *t = plot_text("compare", NULL, NULL, NULL, NULL);
    has(t, "matched share by condition");
    has(t, "matched share: mean, 95% CI");   /* the left panel's x axis */
    lacks(t, "all.");
    free(t);
    t = plot_text("compare", "--metric", "play.matched_prop", NULL, NULL);
    has(t, "matched share, play, by condition");
    has(t, "matched share, play: mean, 95% CI");
    lacks(t, "play.");
    free(t);
    t = plot_text("compare", "--title", "My own title", NULL, NULL);
    has(t, "My own title");
    lacks(t, "by condition");
    free(t);
}
END_TEST

Suite *suite_plot_labels(void)
{
    Suite *s = suite_create("plot_labels");
    TCase *tc = fixture_tcase("core", labels_setup);
    tcase_add_test(tc, test_sweep_words);
    tcase_add_test(tc, test_compare_words);
    suite_add_tcase(s, tc);
    return s;
}
