/* The words of plot axes (plot/plot_label.c): every score column compare
 * accepts has words other than its raw name; a metric outside `all` names
 * its window; a swept key of a parameter table carries the table's unit;
 * other names come back as they are. */
#include <check.h>
#include <string.h>
#include "attune/compare.h"
#include "attune/scorer.h"
#include "plot/plot_label.h"

START_TEST(test_every_metric_has_words)
{
    for (int c = 0; c < ATT_SC_COUNT; c++) {
        const char *name = att_score_col_name((att_score_col)c);
        const char *w = att_plot_metric_words(name);
        ck_assert_msg(w != NULL && *w, "no words for %s", name);
        ck_assert_msg(strcmp(w, name) != 0 && !strchr(w, '_'), "%s: '%s' is not words",
                      name, w);
        att_error err = { 0 };
        ck_assert_int_eq(att_compare_check_metric(name, &err), ATT_OK);
    }
    size_t n;
    const char *const *d = att_compare_default_metrics(&n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(att_plot_metric_words(d[i]) != NULL, "no words for %s", d[i]);
    ck_assert_ptr_null(att_plot_metric_words("no_such_metric"));
    ck_assert_ptr_null(att_plot_metric_words(NULL));
}
END_TEST

START_TEST(test_metric_labels)
{
    char b[128];
    att_plot_metric_label(b, sizeof b, "all", "matched_prop");
    ck_assert_str_eq(b, "matched share");
    att_plot_metric_label(b, sizeof b, "still-face", "matched_prop");
    ck_assert_str_eq(b, "matched share, still-face");
    att_plot_metric_label(b, sizeof b, "all", "rmst_s");
    ck_assert_str_eq(b, "restricted mean time to repair (s)");
    att_plot_metric_label(b, sizeof b, "all", "ruptures_per_min");
    ck_assert_str_eq(b, "ruptures per minute");
    att_plot_metric_label(b, sizeof b, "play", "latency_median_s");
    ck_assert_str_eq(b, "median time to repair (s), play");
    att_plot_metric_label(b, sizeof b, "all", "repaired_within_2s");
    ck_assert_str_eq(b, "share repaired within 2 s");
    att_plot_metric_label(b, sizeof b, "all", "mystery");
    ck_assert_str_eq(b, "mystery");
    char small[8];   /* truncated, terminated */
    att_plot_metric_label(small, sizeof small, "still-face", "matched_prop");
    ck_assert_str_eq(small, "matched");
}
END_TEST

START_TEST(test_key_labels)
{
    char b[128];
    att_plot_key_label(b, sizeof b, "caregiver.wait_time");
    ck_assert_str_eq(b, "caregiver wait_time (s)");
    att_plot_key_label(b, sizeof b, "infant.arousal_baseline");
    ck_assert_str_eq(b, "infant arousal_baseline (0-1)");
    att_plot_key_label(b, sizeof b, "infant.arousal_noise");
    ck_assert_str_eq(b, "infant arousal_noise (1/sqrt(s))");
    att_plot_key_label(b, sizeof b, "caregiver.no_such_key");
    ck_assert_str_eq(b, "caregiver.no_such_key");
    att_plot_key_label(b, sizeof b, "infantx.wait_time");
    ck_assert_str_eq(b, "infantx.wait_time");
    att_plot_key_label(b, sizeof b, "condition");
    ck_assert_str_eq(b, "condition");
}
END_TEST

Suite *suite_plot_label(void)
{
    Suite *s = suite_create("plot_label");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_every_metric_has_words);
    tcase_add_test(tc, test_metric_labels);
    tcase_add_test(tc, test_key_labels);
    suite_add_tcase(s, tc);
    return s;
}
