/* `attune plot km|compare|sweep|timeline` end to end: figures drawn as SVG
 * and read back (tests/fixture.c's SVG reader): the Kaplan-Meier steps
 * stand at each event time at the heights worked out by hand (the heights
 * `score` computes: tests/lib/test_plot_km.c); the compare panel's whiskers
 * are the intervals `attune compare` prints, up to the axis' affine map;
 * the sweep has a marker per swept value; the same input gives the same
 * bytes; bad input is exit status 2 with no figure. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char rup[192], res[192], out[192];

static const char ruptures[] =
    "run,phase,start_s,latency_s,censored,repaired_by,peak_infant_arousal,"
    "phase_latency_s,phase_censored,file\n"
    "r1,play,0,1,0,infant,,1,0,f.csv\n" "r1,play,3,2,0,caregiver,,2,0,f.csv\n"
    "r1,play,9,2,0,infant,,2,0,f.csv\n" "r1,play,20,5,0,both,,5,0,f.csv\n"
    "r1,play,30,3,1,,,3,1,f.csv\n";

static void kinds_setup(void)
{
    setup();
    in_work(rup, sizeof rup, "r.csv");
    in_work(res, sizeof res, "res.csv");
    in_work(out, sizeof out, "fig.svg");
    write_file(rup, ruptures);
    write_file(res, compare_results);
}

static void read_svg(svg_doc *d)
{
    char *text = slurp(out, NULL);
    ck_assert_ptr_nonnull(text);
    svg_read(text, d);
    free(text);
}

/* The shape of `style` with the most points. */
static const svg_shape *widest(const svg_doc *d, const char *style)
{
    size_t idx[64], n = svg_find(d, style, idx, 64);
    ck_assert_msg(n > 0, "no shape %s", style);
    const svg_shape *best = &d->shapes[idx[0]];
    for (size_t i = 1; i < n && i < 64; i++)
        if (d->shapes[idx[i]].npoints > best->npoints)
            best = &d->shapes[idx[i]];
    return best;
}

static int has_point(const svg_shape *s, double x, double y)
{
    for (size_t i = 0; i < s->npoints; i++)
        if (fabs(s->xs[i] - x) < 0.01 && fabs(s->ys[i] - y) < 0.01)
            return 1;
    return 0;
}

START_TEST(test_km_steps)
{
    result r = run_attune("plot", "km", rup, "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    svg_doc d;
    read_svg(&d);
    char blue[64], style[128];
    svg_rgb(blue, sizeof blue, 0, 114, 178);   /* the first curve */
    snprintf(style, sizeof style, "stroke-width:2;stroke:%s", blue);
    const svg_shape *s = widest(&d, style);
    ck_assert_uint_ge(s->npoints, 7);   /* cairo drops the censored time's empty segment */
    /* the map from data to points, from (0, 1) and (5, 0), the ends */
    double X0 = s->xs[0], Y1 = s->ys[0], X5 = s->xs[s->npoints - 1], Y0 = s->ys[s->npoints - 1];
#define PX(t) (X0 + (t) / 5.0 * (X5 - X0))
#define PY(v) (Y0 + (v) * (Y1 - Y0))
    /* S = 0.8 from 1 s, 0.4 from 2 s (the censored 3 s keeps it), 0 at 5 s */
    const double pts[][2] = { { 1, 1 }, { 1, 0.8 }, { 2, 0.8 }, { 2, 0.4 }, { 5, 0.4 } };
    for (size_t i = 0; i < sizeof pts / sizeof *pts; i++)
        ck_assert_msg(has_point(s, PX(pts[i][0]), PY(pts[i][1])), "no step point (%g, %g)",
                      pts[i][0], pts[i][1]);
    ck_assert(Y1 < Y0 && X5 > X0);
    ck_assert_msg(!has_point(s, PX(3), PY(0.8)), "a step at the censored time");
    svg_free(&d);
}
END_TEST

/* Field `name` of compare's CSV row for (all, matched_prop, group). */
static double compare_value(const char *csv, const char *group, const char *name)
{
    char buf[256];
    int col = -1;
    for (int k = 0; col < 0 && k < 40; k++)
        if (strcmp(field(line_at(csv, 0), k, buf, sizeof buf), name) == 0)
            col = k;
    for (int i = 1; line_at(csv, i); i++) {
        const char *ln = line_at(csv, i);
        char w[64], m[64], g[64];
        if (strcmp(field(ln, 1, w, sizeof w), "all") == 0   /* after level */
            && strcmp(field(ln, 2, m, sizeof m), "matched_prop") == 0
            && strcmp(field(ln, 3, g, sizeof g), group) == 0)
            return strtod(field(ln, col, buf, sizeof buf), NULL);
    }
    ck_abort_msg("no row %s", group);
    return NAN;
}

/* The whisker of colour (r, g, b) in the panel left (1) or right of x = mid. */
static const svg_shape *whisker(const svg_doc *d, int r, int g, int b, int left, double mid)
{
    char rgb[64], style[128];
    svg_rgb(rgb, sizeof rgb, r, g, b);
    snprintf(style, sizeof style, "stroke-width:1.6;stroke:%s", rgb);
    size_t idx[8], n = svg_find(d, style, idx, 8);
    for (size_t i = 0; i < n && i < 8; i++)
        if ((d->shapes[idx[i]].x1 < mid) == left)
            return &d->shapes[idx[i]];
    ck_abort_msg("no whisker %s %s", style, left ? "left" : "right");
    return NULL;
}

START_TEST(test_compare_whiskers)
{
    result c = run_attune("compare", res, "--metric", "all.matched_prop", "--format", "csv",
                          NULL);
    expect_status(&c, 0);
    result r = run_attune("plot", "compare", res, "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    svg_doc d;
    read_svg(&d);
    double mid = d.width / 2;
    /* the means' panel: A (blue) fixes the map, B (orange) must follow it */
    const svg_shape *a = whisker(&d, 0, 114, 178, 1, mid), *b = whisker(&d, 230, 159, 0, 1, mid);
    double alo = compare_value(c.out, "A", "boot_lo"), ahi = compare_value(c.out, "A", "boot_hi");
    double blo = compare_value(c.out, "B", "boot_lo"), bhi = compare_value(c.out, "B", "boot_hi");
    double scale = (a->x1 - a->x0) / (ahi - alo);
    ck_assert_double_eq_tol(b->x0, a->x0 + (blo - alo) * scale, 0.02);
    ck_assert_double_eq_tol(b->x1, a->x0 + (bhi - alo) * scale, 0.02);
    /* the forest: B's g interval against the dashed line at 0 */
    const svg_shape *g = whisker(&d, 230, 159, 0, 0, mid);
    double glo = compare_value(c.out, "B", "g_lo"), ghi = compare_value(c.out, "B", "g_hi");
    const char *style = "stroke:rgb(35%,35%,35%);stroke-dasharray";   /* att_grey */
    size_t idx[4];
    ck_assert_uint_eq(svg_find(&d, style, idx, 4), 1);
    double zero = d.shapes[idx[0]].x0;
    ck_assert(glo < 0 && glo < ghi);   /* B is below A */
    /* cairo keeps coordinates in 1/256 pt */
    ck_assert_double_eq_tol(zero, g->x0 + (0 - glo) * (g->x1 - g->x0) / (ghi - glo), 0.02);
    svg_free(&d);
    result_free(&c);
}
END_TEST

START_TEST(test_sweep_and_same_bytes)
{
    result r = run_attune("plot", "sweep", res, "--by", "caregiver.wait_time", "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t n1, n2;
    char *one = slurp(out, &n1);
    r = run_attune("plot", "sweep", res, "--by", "caregiver.wait_time", "-o", out, NULL);
    result_free(&r);
    char *two = slurp(out, &n2);
    ck_assert(n1 == n2 && memcmp(one, two, n1) == 0);
    svg_doc d;
    svg_read(one, &d);
    char blue[64], style[96];
    svg_rgb(blue, sizeof blue, 0, 114, 178);
    snprintf(style, sizeof style, "fill:%s;fill-opacity:1", blue);
    ck_assert_uint_eq(svg_find(&d, style, NULL, 0), 2);   /* waits 1.5 and 2.5 */
    svg_free(&d);
    free(one);
    free(two);
    /* PNG twice, km */
    char png[192];
    in_work(png, sizeof png, "k.png");
    r = run_attune("plot", "km", rup, res, "-o", png, NULL);
    expect_status(&r, 0);
    result_free(&r);
    one = slurp(png, &n1);
    r = run_attune("plot", "km", rup, res, "-o", png, NULL);
    result_free(&r);
    two = slurp(png, &n2);
    ck_assert(n1 > 1000 && n1 == n2 && memcmp(one, two, n1) == 0);
    free(one);
    free(two);
}
END_TEST

/* A trace of two sessions: three panels (trust, matched share, median),
 * one line of two points each; its batch results have no trust panel. */
START_TEST(test_timeline_panels)
{
    char trace[192];
    in_work(trace, sizeof trace, "tl.csv");
    write_file(trace, "run,session,t,infant_code,caregiver_code,matched,infant_trust\n"
                      "1,1,0,positive,positive,1,0.40\n" "1,1,1,positive,positive,0,0.41\n"
                      "1,1,2,positive,positive,1,0.45\n" "1,2,0,positive,positive,1,0.45\n"
                      "1,2,1,positive,positive,0,0.47\n" "1,2,2,positive,positive,0,0.48\n"
                      "1,2,3,positive,positive,1,0.5\n");
    result r = run_attune("plot", "timeline", trace, "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    svg_doc d;
    read_svg(&d);
    char blue[64], style[128];
    svg_rgb(blue, sizeof blue, 0, 114, 178);
    snprintf(style, sizeof style, "stroke-width:1.8;stroke:%s", blue);
    size_t idx[8];
    ck_assert_uint_eq(svg_find(&d, style, idx, 8), 3);
    /* trust 0.45 then 0.5: the first panel's line rises; matched 2/3 then
     * 1/2 (each row lasts 1 s): the second falls */
    const svg_shape *t = &d.shapes[idx[0]], *m = &d.shapes[idx[1]];
    ck_assert_uint_eq(t->npoints, 2);
    ck_assert(t->ys[1] < t->ys[0] && m->ys[1] > m->ys[0] && t->y1 < m->y0);
    svg_free(&d);
}
END_TEST

static void expect_refused(const char *kind, const char *file, const char *opt,
                           const char *val, const char *want)
{
    char png[192];
    in_work(png, sizeof png, "bad.png");
    result r = opt ? run_attune("plot", kind, file, opt, val, "-o", png, NULL)
                   : run_attune("plot", kind, file, "-o", png, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, want, "stderr");
    ck_assert_msg(!exists(png), "a figure was written");
    result_free(&r);
}

START_TEST(test_bad_input)
{
    char empty[192], plain[192];
    in_work(empty, sizeof empty, "empty.csv");
    write_file(empty, "");
    in_work(plain, sizeof plain, "plain.csv");
    write_file(plain, "a,b\n1,2\n");
    expect_refused("km", empty, NULL, NULL, "empty file");
    expect_refused("km", plain, NULL, NULL, "plain.csv:1: neither a ruptures file");
    expect_refused("km", rup, "--window", "still", "no ruptures to draw");
    expect_refused("compare", res, "--metric", "all.nope", "nope");
    expect_refused("compare", res, "--by", "colour", "no column 'colour'");
    expect_refused("sweep", res, "--by", "condition", "is not a number");
    expect_refused("sweep", res, NULL, NULL, "--by");
    expect_refused("timeline", res, NULL, NULL, ":1: no session column");
    expect_refused("timeline", empty, NULL, NULL, "empty");
}
END_TEST

Suite *suite_cli_plot_kinds(void)
{
    Suite *s = suite_create("cli_plot_kinds");
    TCase *tc = fixture_tcase("core", kinds_setup);
    tcase_add_test(tc, test_km_steps);
    tcase_add_test(tc, test_compare_whiskers);
    tcase_add_test(tc, test_sweep_and_same_bytes);
    tcase_add_test(tc, test_timeline_panels);
    tcase_add_test(tc, test_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
