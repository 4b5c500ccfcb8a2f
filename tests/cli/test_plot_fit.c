/* `attune plot fit` end to end: a fit table written by hand drawn as SVG
 * and read back (tests/fixture.c's SVG reader).  The marks stand where the
 * axis' affine map puts the numbers worked out by hand: each band is
 * observed -+ 1.96 sqrt(variance), each ring at the simulated value, the
 * windows' slots evenly spaced, a statistic with |z| > 2 (the file's z, or
 * worked out when the file leaves it empty) drawn in vermillion on a
 * shaded slot; the same input gives the same bytes; the table `attune fit`
 * writes is drawn; bad input is exit status 2 naming the file and line,
 * with no figure. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 0.02   /* cairo keeps coordinates in 1/256 pt */

static char tab[192], out[192];

/* Two panels (matched_prop, ruptures_per_min), windows play, reunion,
 * still-face.  Bands: play.matched_prop 0.5 -+ 0.098, reunion 0.6 -+
 * 0.098, play.ruptures_per_min 10 -+ 1.96, still-face 0.5 -+ 0.392.
 * Flagged: play.matched_prop (z 3) and play.ruptures_per_min (z empty:
 * (10 - 13) / 1 = -3); reunion.matched_prop is not (z -0.4); still-face
 * has no simulated value. */
static const char table[] =
    "kind,name,value,start,lo,hi,se,ci_lo,ci_hi,se_asym,ci_asym_lo,ci_asym_hi,observed,"
    "simulated,variance,z,note\n"
    "parameter,caregiver.wait_time,4,8,1,20,,,,1.2,1.648,6.352,,,,,\n"
    "statistic,play.matched_prop,,,,,,,,,,,0.5,0.35,0.0025,3,\n"
    "statistic,reunion.matched_prop,,,,,,,,,,,0.6,0.62,0.0025,-0.4,\n"
    "statistic,play.ruptures_per_min,,,,,,,,,,,10,13,1,,\n"
    "statistic,still-face.ruptures_per_min,,,,,,,,,,,0.5,,0.04,,\n"
    "fit,j_stat,18.16,,,,,,,,,,,,,,\n"
    "warning,caregiver.wait_time,,,,,,,,,,,,,,,flat: J changes by less than 1\n";

static void fit_setup(void)
{
    setup();
    in_work(tab, sizeof tab, "fit.csv");
    in_work(out, sizeof out, "fig.svg");
    write_file(tab, table);
}

static void draw(svg_doc *d)
{
    result r = run_attune("plot", "fit", tab, "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *text = slurp(out, NULL);
    ck_assert_ptr_nonnull(text);
    svg_read(text, d);
    free(text);
}

static double cx(const svg_shape *s) { return (s->x0 + s->x1) / 2; }
static double cy(const svg_shape *s) { return (s->y0 + s->y1) / 2; }

static int by_x(const void *a, const void *b)
{
    const svg_shape *p = *(const svg_shape *const *)a, *q = *(const svg_shape *const *)b;
    return (p->x0 > q->x0) - (p->x0 < q->x0);
}

/* The shapes of `style` at least `minw` points wide and below the key
 * (whose marks are the topmost), ordered left to right; their number. */
static size_t marks(const svg_doc *d, const char *style, double minw, const svg_shape **m,
                    size_t cap)
{
    size_t idx[32], n = svg_find(d, style, idx, 32), k = 0;
    double top = INFINITY;
    for (size_t i = 0; i < n && i < 32; i++)
        top = fmin(top, d->shapes[idx[i]].y0);
    for (size_t i = 0; i < n && i < 32 && k < cap; i++) {
        const svg_shape *s = &d->shapes[idx[i]];
        if (s->x1 - s->x0 >= minw - 1e-6 && s->y0 > top + 1e-6)
            m[k++] = s;
    }
    qsort(m, k, sizeof *m, by_x);
    return k;
}

START_TEST(test_fit_marks_by_hand)
{
    svg_doc d;
    draw(&d);
    char black[64], blue[64], verm[64], style[160];
    svg_rgb(black, sizeof black, 0, 0, 0);
    svg_rgb(blue, sizeof blue, 0, 114, 178);
    svg_rgb(verm, sizeof verm, 213, 94, 0);
    /* whiskers: play and reunion matched_prop, play and still-face ruptures */
    const svg_shape *w[8];
    snprintf(style, sizeof style, "stroke-width:1.6;stroke:%s", black);
    ck_assert_uint_eq(marks(&d, style, 0, w, 8), 4);
    /* panel 1: play's whisker fixes the map, reunion's must follow it */
    double ylo = w[0]->y1, yhi = w[0]->y0, scale = (ylo - yhi) / 0.196;
#define Y1(v) (ylo - ((v) - 0.402) * scale)
    ck_assert(scale > 0);
    ck_assert_double_eq_tol(w[1]->y1, Y1(0.502), TOL);
    ck_assert_double_eq_tol(w[1]->y0, Y1(0.698), TOL);
    double slot = cx(w[1]) - cx(w[0]);   /* a window's width */
    ck_assert(slot > 20);
    /* panel 2: play [8.04, 11.96], and still-face two slots right */
    double ylo2 = w[2]->y1, scale2 = (w[2]->y1 - w[2]->y0) / 3.92;
#define Y2(v) (ylo2 - ((v) - 8.04) * scale2)
    ck_assert_double_eq_tol(w[3]->y1 - w[3]->y0, (0.892 - 0.108) * scale2, TOL);
    ck_assert_double_eq_tol(w[3]->y1, Y2(0.108), TOL);
    ck_assert_double_eq_tol(cx(w[3]) - cx(w[2]), 2 * slot, TOL);
    /* rings 11 points wide: vermillion at play 0.35 and play 13, blue at
     * reunion 0.62, none at still-face (no simulated value) */
    const svg_shape *rv[4], *rb[4];
    snprintf(style, sizeof style, "stroke-width:1.8;stroke:%s", verm);
    ck_assert_uint_eq(marks(&d, style, 10.5, rv, 4), 2);
    snprintf(style, sizeof style, "stroke-width:1.8;stroke:%s", blue);
    ck_assert_uint_eq(marks(&d, style, 10.5, rb, 4), 1);
    ck_assert_double_eq_tol(cx(rv[0]), cx(w[0]), TOL);
    ck_assert_double_eq_tol(cy(rv[0]), Y1(0.35), TOL);
    ck_assert_double_eq_tol(cx(rb[0]), cx(w[1]), TOL);
    ck_assert_double_eq_tol(cy(rb[0]), Y1(0.62), TOL);
    ck_assert_double_eq_tol(cx(rv[1]), cx(w[2]), TOL);
    ck_assert_double_eq_tol(cy(rv[1]), Y2(13), TOL);
    /* the flagged slots shaded, one window wide around their whiskers */
    const svg_shape *sh[4];
    snprintf(style, sizeof style, "fill:%s;fill-opacity:0.12", verm);
    ck_assert_uint_eq(marks(&d, style, 20, sh, 4), 2);
    for (int i = 0; i < 2; i++) {
        const svg_shape *wk = w[2 * i];
        ck_assert_double_eq_tol(sh[i]->x0, cx(wk) - slot / 2, TOL);
        ck_assert_double_eq_tol(sh[i]->x1, cx(wk) + slot / 2, TOL);
    }
    svg_free(&d);
}
END_TEST

START_TEST(test_fit_same_bytes)
{
    size_t n1, n2;
    svg_doc d;
    draw(&d);
    svg_free(&d);
    char *one = slurp(out, &n1);
    draw(&d);
    svg_free(&d);
    char *two = slurp(out, &n2);
    ck_assert(n1 == n2 && memcmp(one, two, n1) == 0);
    free(one);
    free(two);
    char png[192];
    in_work(png, sizeof png, "fit.png");
    result r = run_attune("plot", "fit", tab, "-o", png, NULL);
    expect_status(&r, 0);
    result_free(&r);
    one = slurp(png, &n1);
    r = run_attune("plot", "fit", tab, "-o", png, NULL);
    result_free(&r);
    two = slurp(png, &n2);
    ck_assert(n1 > 1000 && n1 == n2 && memcmp(one, two, n1) == 0);
    ck_assert(memcmp(one, "\x89PNG", 4) == 0);
    free(one);
    free(two);
}
END_TEST

/* The table attune fit writes (no search: the scenario's own values) is
 * drawn: a whisker per statistic row. */
START_TEST(test_fit_table_of_attune_fit)
{
    char fit[192];
    in_work(fit, sizeof fit, "real.csv");
    result r = run_attune("fit", "--resims", "0", SRC("scenarios/still-face.ini"),
                          SRC("data/examples/mother-a.csv"), SRC("data/examples/mother-b.csv"),
                          "--set", "phase.play.duration=40", "--set",
                          "phase.still-face.duration=40", "--set", "phase.reunion.duration=40",
                          "--free", "caregiver.wait_time=1:20", "--stats",
                          "play.matched_prop,reunion.matched_prop,reunion.infant_gaze_prop",
                          "--max-evals", "0", "-q", "-o", fit, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *text = slurp(fit, NULL);
    ck_assert_ptr_nonnull(text);
    size_t rows = 0;
    for (const char *p = text; (p = strstr(p, "\nstatistic,")); p++)
        rows++;
    free(text);
    ck_assert_uint_eq(rows, 3);
    r = run_attune("plot", "fit", fit, "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    svg_doc d;
    text = slurp(out, NULL);
    svg_read(text, &d);
    free(text);
    char black[64], style[160];
    svg_rgb(black, sizeof black, 0, 0, 0);
    snprintf(style, sizeof style, "stroke-width:1.6;stroke:%s", black);
    const svg_shape *w[8];
    ck_assert_uint_eq(marks(&d, style, 0, w, 8), 3);
    svg_free(&d);
}
END_TEST

static void expect_refused(const char *name, const char *text, const char *want)
{
    char in[192], png[192], msg[256];
    in_work(in, sizeof in, name);
    in_work(png, sizeof png, "bad.png");
    write_file(in, text);
    result r = run_attune("plot", "fit", in, "-o", png, NULL);
    expect_status(&r, 2);
    snprintf(msg, sizeof msg, "%s%s", name, want);
    expect_contains(r.err, msg, "stderr");
    ck_assert_msg(!exists(png), "a figure was written");
    result_free(&r);
}

#define HEAD "kind,name,value,start,lo,hi,se,ci_lo,ci_hi,observed,simulated,variance,z,note\n"
#define PARAM "parameter,caregiver.wait_time,4,8,1,20,,,,,,,,\n"

START_TEST(test_fit_bad_input)
{
    expect_refused("empty.csv", "", ": empty file");
    expect_refused("plain.csv", "a,b\n1,2\n", ":1: not a fit table of attune fit");
    expect_refused("results.csv", "experiment,condition,run\nx,a,1\n",
                   ":1: not a fit table of attune fit");
    /* the JSON of attune fit --format json (its first line) */
    expect_refused("fit.json", "{\n  \"parameters\": [\n  ]\n}\n",
                   ":1: JSON: attune plot fit draws the CSV table");
    expect_refused("novar.csv",
                   "kind,name,value,lo,hi,observed,simulated,z\n"
                   "statistic,play.matched_prop,,,,0.5,0.5,0\n",
                   ":1: no column variance");
    expect_refused("nostat.csv", HEAD PARAM "fit,j_stat,1,,,,,,,,,,,\n",
                   ":3: no statistic rows");
    expect_refused("badnum.csv", HEAD PARAM "statistic,play.matched_prop,,,,,,,,abc,0.5,0.01,,\n",
                   ":3: observed 'abc'");
    expect_refused("novalue.csv", HEAD "statistic,play.matched_prop,,,,,,,,,0.5,0.01,,\n",
                   ":2: statistic play.matched_prop has no observed value");
    expect_refused("zerovar.csv", HEAD "statistic,play.matched_prop,,,,,,,,0.5,0.5,0,,\n",
                   ":2: statistic play.matched_prop: the variance");
    expect_refused("nowin.csv", HEAD "statistic,matched_prop,,,,,,,,0.5,0.5,0.01,,\n",
                   ":2: statistic 'matched_prop' is not WINDOW.NAME");
    expect_refused("twice.csv", HEAD "statistic,play.matched_prop,,,,,,,,0.5,0.5,0.01,,\n"
                                     "statistic,play.matched_prop,,,,,,,,0.5,0.5,0.01,,\n",
                   ":3: statistic play.matched_prop given twice");
    expect_refused("short.csv", HEAD "statistic,play.matched_prop,0.5\n",
                   ":2: 3 fields, the header has 14");
    /* two tables, and an option plot fit does not read */
    char png[192];
    in_work(png, sizeof png, "bad.png");
    result r = run_attune("plot", "fit", tab, tab, "-o", png, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "fit draws one fit table", "stderr");
    result_free(&r);
    r = run_attune("plot", "fit", tab, "--window", "play", "-o", png, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--window does not apply to plot fit", "stderr");
    result_free(&r);
    ck_assert(!exists(png));
}
END_TEST

Suite *suite_cli_plot_fit(void)
{
    Suite *s = suite_create("cli_plot_fit");
    TCase *tc = fixture_tcase("core", fit_setup);
    tcase_add_test(tc, test_fit_marks_by_hand);
    tcase_add_test(tc, test_fit_same_bytes);
    tcase_add_test(tc, test_fit_table_of_attune_fit);
    tcase_add_test(tc, test_fit_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
