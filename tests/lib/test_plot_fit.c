/* The data of `attune plot fit` (plot/plot_fit.c) from a fit table written
 * by hand: each statistic's 95% band observed -+ 1.96 sqrt(variance), its
 * z (the file's, or worked out when the file leaves it empty), the |z| > 2
 * flag, the panels and windows in the order first seen, the parameters'
 * intervals (the asymptotic columns se_asym, ci_asym_lo, ci_asym_hi read by
 * name, wherever they stand), the fit rows and the warnings; the words of
 * a statistic's name; a share's band cut at 0 and 1. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include "plot/plot_fit.h"

#define NEAR(a, b)                                                                            \
    ck_assert_msg(fabs((a) - (b)) <= 1e-12, "%s = %.15g, expected %.15g", #a, (double)(a),    \
                  (double)(b))

/* The asymptotic columns after ci_hi as attune fit writes them; the
 * statistic columns in another order than attune fit's (z first). */
static const char table[] =
    "kind,name,value,start,lo,hi,se,ci_lo,ci_hi,se_asym,ci_asym_lo,ci_asym_hi,z,observed,"
    "simulated,variance,note\n"
    "parameter,caregiver.wait_time,4,8,1,20,1.5,2,7,1.2,1.648,6.352,,,,,\n"
    "parameter,infant.avert_rate,0.2,0.08,0.01,1,,,,,,,,,,,\n"
    "statistic,play.matched_prop,,,,,,,,,,,3,0.5,0.35,0.0025,\n"
    "statistic,reunion.matched_prop,,,,,,,,,,,-0.4,0.6,0.62,0.0025,\n"
    "statistic,play.ruptures_per_min,,,,,,,,,,,NA,10,13,1,\n"
    "statistic,still-face.ruptures_per_min,,,,,,,,,,,,0.5,,0.04,\n"
    "fit,j_stat,18.16,,,,,,,,,,,,,,\n"
    "fit,j_df,2,,,,,,,,,,,,,,\n"
    "future,something,1,,,,,,,,,,,,,,\n"
    "warning,infant.avert_rate,,,,,,,,,,,,,,,flat: J changes by less than 1\n";

/* Loads a fit table written as `text` (through a temporary file); fails
 * the test unless it loads. */
static void load_text(const char *text, att_plot_fit_data *d)
{
    char path[64];
    temp_file(path, sizeof path, text);
    att_error err = { 0 };
    int rc = att_plot_fit_load(path, d, &err);
    unlink(path);
    ck_assert_msg(rc == ATT_OK, "%s", err.msg);
}

START_TEST(test_fit_data_by_hand)
{
    att_plot_fit_data d;
    load_text(table, &d);
    ck_assert_uint_eq(d.npanels, 2);
    ck_assert_str_eq(d.panels[0], "matched_prop");
    ck_assert_str_eq(d.panels[1], "ruptures_per_min");
    ck_assert_uint_eq(d.nwindows, 3);
    ck_assert_str_eq(d.windows[0], "play");
    ck_assert_str_eq(d.windows[1], "reunion");
    ck_assert_str_eq(d.windows[2], "still-face");
    ck_assert_uint_eq(d.nstat, 4);
    /* 1.96 * sqrt(0.0025) = 0.098; 1.96 * 1 = 1.96; 1.96 * 0.2 = 0.392 */
    const double lo[] = { 0.402, 0.502, 8.04, 0.108 }, hi[] = { 0.598, 0.698, 11.96, 0.892 };
    const size_t panel[] = { 0, 0, 1, 1 }, slot[] = { 0, 1, 0, 2 };
    const int flagged[] = { 1, 0, 1, 0 };
    for (size_t i = 0; i < 4; i++) {
        NEAR(d.stat[i].lo, lo[i]);
        NEAR(d.stat[i].hi, hi[i]);
        ck_assert_uint_eq(d.stat[i].panel, panel[i]);
        ck_assert_uint_eq(d.stat[i].slot, slot[i]);
        ck_assert_int_eq(d.stat[i].flagged, flagged[i]);
    }
    NEAR(d.stat[0].z, 3);           /* the file's */
    NEAR(d.stat[2].z, -3);          /* NA: (10 - 13) / sqrt(1) */
    ck_assert(isnan(d.stat[3].simulated) && isnan(d.stat[3].z));
    ck_assert_uint_eq(d.nparam, 2);
    const att_plot_fit_param *p = &d.param[0];
    ck_assert_str_eq(p->name, "caregiver.wait_time");
    NEAR(p->value, 4), NEAR(p->start, 8), NEAR(p->lo, 1), NEAR(p->hi, 20);
    NEAR(p->se, 1.5), NEAR(p->ci_lo, 2), NEAR(p->ci_hi, 7);
    NEAR(p->se_asym, 1.2), NEAR(p->ci_asym_lo, 1.648), NEAR(p->ci_asym_hi, 6.352);
    ck_assert(isnan(d.param[1].se) && isnan(d.param[1].ci_asym_lo));
    ck_assert(d.has_asym && d.has_boot);
    NEAR(att_plot_fit_figure(&d, "j_stat"), 18.16);
    NEAR(att_plot_fit_figure(&d, "j_df"), 2);
    ck_assert(isnan(att_plot_fit_figure(&d, "j_p")));
    ck_assert_uint_eq(d.nwarn, 1);
    ck_assert_str_eq(d.warn[0], "infant.avert_rate: flat: J changes by less than 1");
    /* the J test and the sizes, the table's header and 2 rows, 1 warning */
    ck_assert_uint_eq(att_plot_fit_caption_lines(&d), 6);
    att_plot_fit_free(&d);
}
END_TEST

/* A share (a _prop mean, repaired_within_2s) cannot leave [0, 1], nor
 * can its band; other statistics' bands are not cut (a latency's may go
 * below 0, a standard deviation's beyond 1). */
START_TEST(test_fit_share_band_cut)
{
    att_plot_fit_data d;
    load_text("kind,name,value,lo,hi,observed,simulated,variance,z\n"
              "statistic,play.infant_negative_prop,,,,0.02,0.03,0.0004,\n"     /* 0.02 -+ 0.0392 */
              "statistic,play.infant_gaze_prop,,,,0.97,0.95,0.0004,\n"         /* 0.97 -+ 0.0392 */
              "statistic,play.repaired_within_2s,,,,0.99,0.9,0.0025,\n"       /* 0.99 -+ 0.098 */
              "statistic,play.matched_prop_sd,,,,0.97,0.9,0.0025,\n"          /* not a share */
              "statistic,play.latency_q25_s,,,,0.05,0.3,0.01,\n",             /* 0.05 -+ 0.196 */
              &d);
    ck_assert_uint_eq(d.nstat, 5);
    NEAR(d.stat[0].lo, 0), NEAR(d.stat[0].hi, 0.0592);
    NEAR(d.stat[1].lo, 0.9308), NEAR(d.stat[1].hi, 1);
    NEAR(d.stat[2].lo, 0.892), NEAR(d.stat[2].hi, 1);
    NEAR(d.stat[3].lo, 0.872), NEAR(d.stat[3].hi, 1.068);
    NEAR(d.stat[4].lo, -0.146), NEAR(d.stat[4].hi, 0.246);
    att_plot_fit_free(&d);
}
END_TEST

/* Without the asymptotic columns (a table of today's attune fit). */
START_TEST(test_fit_data_no_intervals)
{
    att_plot_fit_data d;
    load_text("kind,name,value,start,lo,hi,se,ci_lo,ci_hi,observed,simulated,variance,z,note\n"
              "parameter,caregiver.wait_time,4,8,1,20,,,,,,,,\n"
              "statistic,all.matched_prop,,,,,,,,0.5,0.5,0.01,0,\n",
              &d);
    ck_assert(!d.has_asym && !d.has_boot);
    ck_assert(isnan(d.param[0].se_asym));
    ck_assert_int_eq(d.stat[0].flagged, 0);
    NEAR(d.stat[0].hi, 0.5 + 0.196);
    att_plot_fit_free(&d);
}
END_TEST

/* The caption's first two lines, from the fit rows of a search (four
 * starts) and of a table at the scenario's values (--max-evals 0: one
 * evaluation, still four starts in its row, which the caption must not
 * claim were searched). */
static void summary_of(const char *fit_rows, char *j, char *sizes, size_t n)
{
    char text[1024];
    snprintf(text, sizeof text, "kind,name,value,lo,hi,observed,simulated,variance,z\n"
             "statistic,play.matched_prop,,,,0.5,0.5,0.01,0\n%s", fit_rows);
    att_plot_fit_data d;
    load_text(text, &d);
    att_plot_fit_summary(&d, j, sizes, n);
    att_plot_fit_free(&d);
}

START_TEST(test_fit_summary_lines)
{
    char j[256], sizes[256];
    summary_of("fit,objective,21.5,,,,,,\nfit,evaluations,812,,,,,,\nfit,dyads,200,,,,,,\nfit,sessions,40,,,,,,\n"
               "fit,starts,4,,,,,,\nfit,best_start,2,,,,,,\nfit,j_stat,21.5,,,,,,\nfit,j_df,24,,,,,,\nfit,j_p,0.61,,,,,,\n",
               j, sizes, sizeof j);
    ck_assert_str_eq(j, "fit: J = 21.5 (the sum of z\u00b2) on 24 df, p = 0.61");
    ck_assert_str_eq(sizes, "data: 40 observed sessions; 200 simulated dyads an evaluation, "
                            "812 evaluations, best of 4 starts: start 2");
    summary_of("fit,objective,80.2,,,,,,\nfit,evaluations,1,,,,,,\nfit,dyads,200,,,,,,\nfit,sessions,40,,,,,,\n"
               "fit,starts,4,,,,,,\nfit,best_start,1,,,,,,\n",
               j, sizes, sizeof j);
    ck_assert_str_eq(j, "fit: J = 80.2 (the sum of z\u00b2)");
    ck_assert_str_eq(sizes, "data: 40 observed sessions; 200 simulated dyads an evaluation, "
                            "1 evaluation at the scenario's values (no search)");
    /* a targets file, one start: neither "best of" nor "no search" */
    summary_of("fit,objective,3,,,,,,\nfit,evaluations,97,,,,,,\nfit,dyads,200,,,,,,\nfit,sessions,0,,,,,,\n"
               "fit,starts,1,,,,,,\nfit,best_start,1,,,,,,\n",
               j, sizes, sizeof j);
    ck_assert_str_eq(sizes, "data: a targets file; 200 simulated dyads an evaluation, "
                            "97 evaluations");
}
END_TEST

START_TEST(test_fit_words)
{
    char buf[128];
    att_plot_fit_words(buf, sizeof buf, "matched_prop");
    ck_assert_str_eq(buf, "matched share");
    att_plot_fit_words(buf, sizeof buf, "infant_gaze_prop_sd");
    ck_assert_str_eq(buf, "SD of infant's gaze share");
    att_plot_fit_words(buf, sizeof buf, "latency_q50_s");
    ck_assert_str_eq(buf, "median repair time (s)");
    att_plot_fit_words(buf, sizeof buf, "brand_new_stat");
    ck_assert_str_eq(buf, "brand_new_stat");
}
END_TEST

Suite *suite_plot_fit(void)
{
    Suite *s = suite_create("plot_fit");
    TCase *tc = fixture_tcase("core", setup);
    tcase_add_test(tc, test_fit_data_by_hand);
    tcase_add_test(tc, test_fit_data_no_intervals);
    tcase_add_test(tc, test_fit_share_band_cut);
    tcase_add_test(tc, test_fit_words);
    tcase_add_test(tc, test_fit_summary_lines);
    suite_add_tcase(s, tc);
    return s;
}
