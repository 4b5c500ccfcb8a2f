/* The data of `attune plot km` (plot/plot_km.c): curves from a ruptures
 * file checked against a Kaplan-Meier worked out by hand (steps, Greenwood,
 * the log-log band from its formula, the median, the numbers at risk); a
 * phase window and one run picked out; the curve of a scored session has
 * the median and interval `attune score` reports for it (the scoring
 * pipeline run here); curves from batch results have compare's tallies
 * (tests/fixture.c compare_results, tallied by hand in test_compare.c) and
 * compare's medians; bad files are ATT_EINPUT with FILE:LINE. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/compare.h"
#include "attune/scoring.h"
#include "plot/plot_data.h"

#define NEAR(a, b, tol)                                                                      \
    ck_assert_msg(fabs((a) - (b)) <= (tol), "%s = %.12g, expected %.12g", #a, (double)(a),    \
                  (double)(b))

static const char head[] = "run,phase,start_s,latency_s,censored,repaired_by,"
                           "peak_infant_arousal,phase_latency_s,phase_censored,file\n";

/* Latencies 1, 2, 2, 3+ and 5 in run r1 (phase play), and in run r2 one
 * rupture of phase still: 4 s in all, censored at 0.5 s in its phase. */
static const char rows[] =
    "r1,play,0,1,0,infant,,1,0,f.csv\n"
    "r1,play,3,2,0,caregiver,,2,0,f.csv\n"
    "r1,play,9,2,0,infant,,2,0,f.csv\n"
    "r1,play,20,5,0,both,,5,0,f.csv\n"
    "r1,play,30,3,1,,,3,1,f.csv\n"
    "r2,still,1,4,0,infant,,0.5,1,f.csv\n";

static att_km_set *km_of(const char *text, const char *window, const char *run)
{
    char path[64];
    temp_file(path, sizeof path, text);
    att_error err = { 0 };
    att_km_set *km = att_plot_km_new(&err);
    ck_assert_ptr_nonnull(km);
    ck_assert_msg(att_plot_km_add_ruptures(km, path, "f", window, run, &err) == ATT_OK, "%s",
                  err.msg);
    ck_assert_msg(att_plot_km_finish(km, &err) == ATT_OK, "%s", err.msg);
    unlink(path);
    return km;
}

START_TEST(test_curve_by_hand)
{
    char text[1024];
    snprintf(text, sizeof text, "%s%s", head, rows);
    att_km_set *km = km_of(text, NULL, "r1");
    ck_assert_uint_eq(att_plot_km_count(km), 1);
    const att_plot_km_curve *c = att_plot_km_curve_at(km, 0);
    ck_assert_str_eq(c->label, "f");
    /* times 1 2 3 5; S = 4/5, 4/5 * 2/4, same (censored), 0 */
    ck_assert_uint_eq(c->n, 4);
    const double t[] = { 1, 2, 3, 5 }, s[] = { 0.8, 0.4, 0.4, 0 };
    for (int i = 0; i < 4; i++) {
        NEAR(c->times[i], t[i], 0);
        NEAR(c->surv[i], s[i], 1e-15);
    }
    NEAR(c->gw[0], 1.0 / 20, 1e-15);
    NEAR(c->gw[1], 1.0 / 20 + 2.0 / 8, 1e-15);
    /* S^exp(+-z sqrt(gw)/|log S|), z = 1.959964 (worked out in Python) */
    NEAR(c->lower[0], 0.20380926326763904, 1e-9);
    NEAR(c->upper[0], 0.9691797888667427, 1e-9);
    NEAR(c->lower[1], 0.0519757503774675, 1e-9);
    NEAR(c->upper[1], 0.7528157913587553, 1e-9);
    ck_assert(isnan(c->lower[3]) && isnan(c->upper[3]));   /* S = 0 */
    NEAR(c->sum.median, 2, 0);
    ck_assert_int_eq(c->sum.n, 5);
    ck_assert_int_eq(c->sum.events, 4);
    /* at risk: latency >= t */
    ck_assert_int_eq(att_plot_km_at_risk(c, 0), 5);
    ck_assert_int_eq(att_plot_km_at_risk(c, 2), 4);
    ck_assert_int_eq(att_plot_km_at_risk(c, 2.5), 2);
    ck_assert_int_eq(att_plot_km_at_risk(c, 5), 1);
    ck_assert_int_eq(att_plot_km_at_risk(c, 6), 0);
    NEAR(att_plot_km_surv(c, 0.5), 1, 0);
    NEAR(att_plot_km_surv(c, 2.9), 0.4, 1e-15);
    NEAR(att_plot_km_surv(c, 9), 0, 0);
    att_plot_km_free(km);
}
END_TEST

START_TEST(test_window_and_runs)
{
    char text[1024];
    snprintf(text, sizeof text, "%s%s", head, rows);
    /* both runs pooled, window all: 1 2 2 3+ 4 5 */
    att_km_set *km = km_of(text, "all", NULL);
    const att_plot_km_curve *c = att_plot_km_curve_at(km, 0);
    ck_assert_uint_eq(c->n, 5);
    ck_assert_int_eq(c->sum.n, 6);
    NEAR(c->times[3], 4, 0);
    att_plot_km_free(km);
    /* phase still: its one rupture, censored at 0.5 s in the phase */
    km = km_of(text, "still", NULL);
    c = att_plot_km_curve_at(km, 0);
    ck_assert_uint_eq(c->n, 1);
    NEAR(c->times[0], 0.5, 0);
    ck_assert_int_eq(c->censored[0], 1);
    ck_assert_int_eq(c->events[0], 0);
    ck_assert(isnan(c->sum.median));
    att_plot_km_free(km);
    /* an unknown run or phase: an empty curve, not an error */
    km = km_of(text, "all", "r9");
    ck_assert_int_eq(att_plot_km_curve_at(km, 0)->sum.n, 0);
    att_plot_km_free(km);
}
END_TEST

/* A coded session, scored here as `attune score --ruptures` scores it. */
static const char coded[] =
    "run,t,infant_code,caregiver_code,matched\n"
    "a,0,positive,positive,1\n" "a,1,positive,positive,0\n" "a,2,positive,positive,1\n"
    "a,3,positive,positive,0\n" "a,4,positive,positive,0\n" "a,5,positive,positive,0\n"
    "a,6,positive,positive,1\n" "a,7,positive,positive,0\n" "a,8,positive,positive,0\n"
    "a,9,positive,positive,1\n" "a,10,positive,positive,0\n" "a,11,positive,positive,1\n"
    "a,12,positive,positive,0\n" "a,13,positive,positive,0\n" "a,14,positive,positive,0\n"
    "a,15,positive,positive,0\n" "a,16,positive,positive,1\n" "a,17,positive,positive,0\n";

/* Field `name` of the report's row of window all (CSV). */
static double report_field(const char *csv, const char *name)
{
    char *text = strdup(csv), *save = NULL, *save2 = NULL;
    char *hdr = strtok_r(text, "\n", &save), *row;
    int col = -1, wcol = -1, k = 0;
    for (char *f = strtok_r(hdr, ",", &save2); f; f = strtok_r(NULL, ",", &save2), k++) {
        col = strcmp(f, name) == 0 ? k : col;
        wcol = strcmp(f, "window") == 0 ? k : wcol;
    }
    ck_assert_msg(col >= 0 && wcol >= 0, "no column %s in %s", name, csv);
    double v = NAN;
    while ((row = strtok_r(NULL, "\n", &save))) {
        char f[32][64];
        int n = 0;
        for (const char *p = row; n < 32; n++) {   /* fields, empty ones kept */
            size_t len = strcspn(p, ",");
            snprintf(f[n], sizeof f[n], "%.*s", (int)len, p);
            if (!p[len]) {
                n++;
                break;
            }
            p += len + 1;
        }
        if (wcol < n && strcmp(f[wcol], "all") == 0 && col < n)
            v = *f[col] ? strtod(f[col], NULL) : NAN;
    }
    free(text);
    return v;
}

START_TEST(test_same_estimate_as_score)
{
    char in[64], rup[64] = "/tmp/att_plot_rupXXXXXX";
    temp_file(in, sizeof in, coded);
    int fd = mkstemp(rup);
    ck_assert_int_ge(fd, 0);
    FILE *rf = fdopen(fd, "w"), *rep = tmpfile();
    att_match_table *mt = load_match("attuned");
    att_scoring_opts o = { .report = rep, .format = ATT_FORMAT_CSV, .cutoff_s = 30,
                           .ruptures = rf };
    att_error err = { 0 };
    att_scoring *s = att_scoring_new(mt, &o, &err);
    ck_assert_msg(s && att_scoring_file(s, in, 0, &err) == ATT_OK, "%s", err.msg);
    ck_assert_int_eq(att_scoring_finish(s, &err), ATT_OK);
    att_scoring_free(s);
    fclose(rf);
    char csv[8192];
    rewind(rep);
    size_t got = fread(csv, 1, sizeof csv - 1, rep);
    csv[got] = 0;
    fclose(rep);
    att_km_set *km = att_plot_km_new(&err);
    ck_assert_int_eq(att_plot_km_add_ruptures(km, rup, "a", NULL, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_plot_km_finish(km, &err), ATT_OK);
    const att_plot_km_curve *c = att_plot_km_curve_at(km, 0);
    /* latencies 1, 3, 2, 1, 4, 1+: the median of S is 2 */
    ck_assert_int_eq(c->sum.n, 6);
    NEAR(c->sum.median, report_field(csv, "latency_median_s"), 1e-9);
    NEAR(c->sum.median, 2, 1e-12);
    NEAR(c->sum.median_lo, report_field(csv, "latency_median_lo"), 1e-9);
    double hi = report_field(csv, "latency_median_hi");
    ck_assert(isnan(hi) ? isnan(c->sum.median_hi) : fabs(hi - c->sum.median_hi) < 1e-9);
    NEAR(1 - att_plot_km_surv(c, 2), report_field(csv, "repaired_within_2s"), 1e-9);
    att_plot_km_free(km);
    att_match_table_free(mt);
    unlink(in);
    unlink(rup);
}
END_TEST

START_TEST(test_results_as_compare)
{
    char path[64];
    temp_file(path, sizeof path, compare_results);
    att_error err = { 0 };
    att_km_set *km = att_plot_km_new(&err);
    ck_assert_int_eq(att_plot_km_add_results(km, path, NULL, NULL, NULL, 0, &err), ATT_OK);
    ck_assert_int_eq(att_plot_km_finish(km, &err), ATT_OK);
    ck_assert_uint_eq(att_plot_km_count(km), 3);
    /* A's ruptures by hand: 0.5 1 2+ 1 3 */
    const att_plot_km_curve *a = att_plot_km_curve_at(km, 0);
    ck_assert_str_eq(a->label, "A");
    const double at[] = { 0.5, 1, 2, 3 };
    const long ae[] = { 1, 2, 0, 1 }, ac[] = { 0, 0, 1, 0 };
    ck_assert_uint_eq(a->n, 4);
    for (int i = 0; i < 4; i++) {
        NEAR(a->times[i], at[i], 0);
        ck_assert_int_eq(a->events[i], ae[i]);
        ck_assert_int_eq(a->censored[i], ac[i]);
    }
    /* the medians compare gives */
    const char *m[] = { "all.repair_latency" };
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.metrics = m;
    o.nmetrics = 1;
    att_compare *cmp = compare_ok(compare_results, &o);
    size_t nrows;
    const att_compare_row *r = att_compare_rows(cmp, &nrows);
    size_t k = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (r[i].kind != ATT_COMPARE_SURVIVAL)
            continue;
        const att_plot_km_curve *c = att_plot_km_curve_at(km, k++);
        ck_assert_str_eq(c->label, r[i].group);
        ck_assert_int_eq(c->sum.n, r[i].ruptures);
        ck_assert(c->sum.median == r[i].km_median
                  || (isnan(c->sum.median) && isnan(r[i].km_median)));
    }
    ck_assert_uint_eq(k, 3);
    att_compare_free(cmp);
    att_plot_km_free(km);
    /* grouped by a parameter, window play, with a prefix */
    km = att_plot_km_new(&err);
    ck_assert_int_eq(att_plot_km_add_results(km, path, "caregiver.wait_time", "play", "w=", 0,
                                             &err), ATT_OK);
    ck_assert_int_eq(att_plot_km_finish(km, &err), ATT_OK);
    ck_assert_uint_eq(att_plot_km_count(km), 2);
    ck_assert_str_eq(att_plot_km_curve_at(km, 0)->label, "w=1.5");
    /* wait 1.5 in play: 0.5 (run 1), 1.5 (run 5), 5 (run 7) */
    ck_assert_int_eq(att_plot_km_curve_at(km, 0)->sum.n, 3);
    att_plot_km_free(km);
    unlink(path);
}
END_TEST

/* Two groups whose names (UTF-8, 2 bytes a character) share their first
 * 600 bytes and differ in the last: two curves, each named in full, with
 * its own ruptures (A: 1 and 3; B: 2), by hand. */
START_TEST(test_results_long_names_kept_apart)
{
    char stem[601], text[2048];
    for (int i = 0; i < 300; i++)
        memcpy(stem + 2 * i, "\xc3\xa9", 2);   /* U+00E9 */
    stem[600] = 0;
    snprintf(text, sizeof text,
             "experiment,run,condition,replicate,seed,all.latencies\n"
             "00000000deadbeef,1,%sA,1,11,1 3\n"
             "00000000deadbeef,2,%sB,1,12,2\n", stem, stem);
    char path[64];
    temp_file(path, sizeof path, text);
    att_error err = { 0 };
    att_km_set *km = att_plot_km_new(&err);
    ck_assert_msg(att_plot_km_add_results(km, path, NULL, NULL, "p: ", 0, &err) == ATT_OK, "%s",
                  err.msg);
    ck_assert_int_eq(att_plot_km_finish(km, &err), ATT_OK);
    ck_assert_uint_eq(att_plot_km_count(km), 2);
    char want[700];
    const char *tail[] = { "A", "B" };
    const int n[] = { 2, 1 };
    for (size_t i = 0; i < 2; i++) {
        const att_plot_km_curve *c = att_plot_km_curve_at(km, i);
        snprintf(want, sizeof want, "p: %s%s", stem, tail[i]);
        ck_assert_uint_eq(strlen(c->label), 3 + 600 + 1);
        ck_assert_str_eq(c->label, want);
        ck_assert_int_eq(c->sum.n, n[i]);
    }
    att_plot_km_free(km);
    unlink(path);
}
END_TEST

static void expect_bad(const char *text, int results, const char *want)
{
    char path[64];
    temp_file(path, sizeof path, text);
    att_error err = { 0 };
    att_km_set *km = att_plot_km_new(&err);
    int rc = results ? att_plot_km_add_results(km, path, NULL, NULL, NULL, 0, &err)
                     : att_plot_km_add_ruptures(km, path, "x", NULL, NULL, &err);
    ck_assert_msg(rc == ATT_EINPUT, "rc %d for %s", rc, want);
    ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0
                  && strstr(err.msg + strlen(path), want),
                  "message '%s', expected PATH%s", err.msg, want);
    att_plot_km_free(km);
    unlink(path);
}

START_TEST(test_bad_files)
{
    expect_bad("", 0, ": empty file");
    expect_bad("run,phase,latency_s\nr,p,1\n", 0, ":1: no column censored");
    char text[512];
    snprintf(text, sizeof text, "%sr,p,0,-1,0,,,1,0,f\n", head);
    expect_bad(text, 0, ":2: latency '-1'");
    snprintf(text, sizeof text, "%sr,p,0,1,2,,,1,0,f\n", head);
    expect_bad(text, 0, ":2: censored '2'");
    expect_bad("experiment,run,condition,all.matched_prop\nx,1,A,0.5\n", 1,
               ":1: no column all.latencies");
    expect_bad("experiment,run,condition,all.latencies\nx,1,A,1 zz\n", 1,
               ":2: all.latencies: 'zz'");
    expect_bad("", 1, ": empty file");
}
END_TEST

Suite *suite_plot_km(void)
{
    Suite *s = suite_create("plot_km");
    TCase *tc = fixture_tcase("core", setup);
    tcase_add_test(tc, test_curve_by_hand);
    tcase_add_test(tc, test_window_and_runs);
    tcase_add_test(tc, test_same_estimate_as_score);
    tcase_add_test(tc, test_results_as_compare);
    tcase_add_test(tc, test_results_long_names_kept_apart);
    tcase_add_test(tc, test_bad_files);
    suite_add_tcase(s, tc);
    return s;
}
