/* `attune plot` through the real program ($ATTUNE_BIN, set by `make
 * check`): a still-face trace drawn as SVG shows as many ruptures, repaired
 * and censored, as `attune score` counts, and its phase lines at 120 and
 * 240 s; the same bytes twice in every format; a PNG of width*dpi x
 * height*dpi pixels (read from its IHDR); a PDF of the page size asked; an
 * observer's coded file; --help and `attune help plot`; bad input (a
 * missing column, an unknown KIND, an empty file, an unwritable output, a
 * bad option) is exit 2 with a message and no file left behind.
 *
 * Through the fixture (tests/fixture.h): the program is started with
 * posix_spawn (no shell), stdout and stderr captured in io/, inputs and
 * outputs in w/ of a fresh folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char trace[192], fig[192];

/* A still-face trace (play, still-face, reunion: 120 s each) in work/sf.csv. */
static void plot_setup(void)
{
    setup();
    snprintf(trace, sizeof trace, "%s/sf.csv", work);
    snprintf(fig, sizeof fig, "%s/fig", work);
    result r = run_attune("run", SRC("scenarios/still-face.ini"), "-q", "-o", trace, NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* `attune score FILE --format csv`: the whole-run window's ruptures and
 * repairs. */
static void score_counts(const char *file, long *ruptures, long *repairs)
{
    result r = run_attune("score", file, "--format", "csv", NULL);
    expect_status(&r, 0);
    struct fields head, row;
    char line[2][1024];
    for (int k = 0; k < 2; k++) {
        const char *p = line_at(r.out, k);
        snprintf(line[k], sizeof line[k], "%.*s", (int)strcspn(p, "\n"), p);
    }
    fields_split(&head, line[0]);
    fields_split(&row, line[1]);
    ck_assert_str_eq(row.f[col_of(&head, "window")], "all");
    *ruptures = lround(number_at(&row, col_of(&head, "ruptures")));
    *repairs = lround(number_at(&row, col_of(&head, "repairs")));
    fields_free(&head);
    fields_free(&row);
    result_free(&r);
}

static char *plot_to(const char *out, size_t *len)
{
    result r = run_attune("plot", trace, "-o", out, NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    result_free(&r);
    return slurp(out, len);
}

START_TEST(test_ruptures_and_phases_as_score_finds)
{
    long ruptures, repairs;
    score_counts(trace, &ruptures, &repairs);
    ck_assert_int_gt(ruptures, 10);
    char out[256];
    snprintf(out, sizeof out, "%s.svg", fig);
    size_t len;
    char *svg = plot_to(out, &len);
    svg_doc d;
    svg_read(svg, &d);
    ck_assert_int_eq(svg_ruptures(&d, 0, NULL, 0), repairs);
    ck_assert_int_eq(svg_ruptures(&d, 1, NULL, 0), ruptures - repairs);
    double l, r, xs[8];
    svg_time_axis(&d, &l, &r);
    ck_assert_int_eq(svg_dashed_x(&d, xs, 8), 2);
    ck_assert_double_eq_tol(xs[0], l + (r - l) / 3, 0.01);
    ck_assert_double_eq_tol(xs[1], l + 2 * (r - l) / 3, 0.01);
    svg_free(&d);
    free(svg);
}
END_TEST

START_TEST(test_same_bytes_twice)
{
    static const char *const ext[] = { "png", "svg", "pdf" };
    for (int k = 0; k < 3; k++) {
        char a[256], b[256];
        snprintf(a, sizeof a, "%s-a.%s", fig, ext[k]);
        snprintf(b, sizeof b, "%s-b.%s", fig, ext[k]);
        size_t na, nb;
        char *x = plot_to(a, &na), *y = plot_to(b, &nb);
        ck_assert_msg(na > 1000 && na == nb && memcmp(x, y, na) == 0, "%s differs", ext[k]);
        free(x), free(y);
    }
}
END_TEST

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

START_TEST(test_png_size)
{
    char out[256];
    snprintf(out, sizeof out, "%s.png", fig);
    result r = run_attune("plot", "trace", trace, "-o", out, "--width", "8", "--height", "7",
                          "--dpi", "50", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    unsigned char *png = (unsigned char *)slurp(out, &len);
    ck_assert(len > 33 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(png + 12, "IHDR", 4) == 0);
    ck_assert_uint_eq(be32(png + 16), 400);   /* 8 x 7 in at 50 dpi */
    ck_assert_uint_eq(be32(png + 20), 350);
    free(png);
}
END_TEST

START_TEST(test_pdf_page_size)
{
    char out[256];
    snprintf(out, sizeof out, "%s.data", fig);
    result r = run_attune("plot", trace, "-o", out, "--format", "pdf", "--width", "9", "--height",
                          "7.5", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    char *pdf = slurp(out, &len);
    ck_assert(len > 100 && memcmp(pdf, "%PDF-", 5) == 0);
    for (size_t i = 0; i < len; i++)
        pdf[i] = pdf[i] ? pdf[i] : ' ';
    ck_assert_ptr_nonnull(strstr(pdf, "/MediaBox [ 0 0 648 540 ]"));
    ck_assert_ptr_nonnull(strstr(pdf, "%%EOF"));
    free(pdf);
}
END_TEST

START_TEST(test_observer_file)
{
    char in[256], out[256];
    size_t len;
    char *text = slurp(SRC("data/examples/mother-a.csv"), &len);
    write_input(in, sizeof in, "mother-a.csv", text);
    free(text);
    long ruptures, repairs;
    score_counts(in, &ruptures, &repairs);
    snprintf(out, sizeof out, "%s.svg", fig);
    result r = run_attune("plot", in, "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *svg = slurp(out, &len);
    svg_doc d;
    svg_read(svg, &d);
    ck_assert_int_eq(svg_ruptures(&d, 0, NULL, 0) + svg_ruptures(&d, 1, NULL, 0), ruptures);
    svg_free(&d);
    free(svg);
}
END_TEST

START_TEST(test_help)
{
    static const char *const asks[][3] = { { "plot", "--help", NULL }, { "help", "plot", NULL } };
    for (int i = 0; i < 2; i++) {
        result r = run_argv(asks[i]);
        expect_status(&r, 0);
        expect_contains(r.out, "usage: attune plot [KIND] FILE...", "help");
        expect_contains(r.out, "\n  trace ", "help");
        static const char *const opts[] = { "--width", "--height", "--dpi", "--title", "--from",
                                            "--to", "--run", "--session", "--format", "-o" };
        for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
            expect_contains(r.out, opts[k], "help");
        result_free(&r);
    }
}
END_TEST

/* Exit 2, the message on stderr, nothing on stdout, no figure left. */
static void expect_refused(result *r, const char *msg, const char *listing)
{
    expect_status(r, 2);
    ck_assert_uint_eq(r->out_len, 0);
    expect_contains(r->err, msg, "stderr");
    result_free(r);
    expect_listing(listing);
}

START_TEST(test_bad_input)
{
    char in[256], want[300], png[256], svg[256];
    snprintf(png, sizeof png, "%s.png", fig);
    snprintf(svg, sizeof svg, "%s.svg", fig);
    write_input(in, sizeof in, "nocg.csv", "t,infant_code,phase\n0,positive,a\n");
    snprintf(want, sizeof want, "%s:1: missing column 'caregiver_code'", in);
    result r = run_attune("plot", in, "-o", png, NULL);
    expect_refused(&r, want, "nocg.csv sf.csv sf.csv.meta.json");
    r = run_attune("plot", "trcae", trace, "-o", png, NULL);
    expect_refused(&r, "attune plot: unknown KIND 'trcae' (did you mean 'trace'?)", "nocg.csv sf.csv sf.csv.meta.json");
    write_input(in, sizeof in, "empty.csv", "");
    snprintf(want, sizeof want, "%s:1: empty file", in);
    r = run_attune("plot", in, "-o", fig, "--format", "svg", NULL);
    expect_refused(&r, want, "empty.csv nocg.csv sf.csv sf.csv.meta.json");
    char out[300];
    snprintf(out, sizeof out, "%s/no/such/folder/x.png", work);
    r = run_attune("plot", trace, "-o", out, NULL);
    expect_refused(&r, "does not exist", "empty.csv nocg.csv sf.csv sf.csv.meta.json");
    r = run_attune("plot", trace, "-o", fig, NULL);
    expect_refused(&r, "say which with --format", "empty.csv nocg.csv sf.csv sf.csv.meta.json");
    r = run_attune("plot", trace, "-o", svg, "--dpi", "many", NULL);
    expect_refused(&r, "--dpi many", "empty.csv nocg.csv sf.csv sf.csv.meta.json");
    r = run_attune("plot", trace, "-o", trace, "--format", "png", NULL);
    expect_refused(&r, "is the input", "empty.csv nocg.csv sf.csv sf.csv.meta.json");
}
END_TEST

/* The phase names above the first panel of the still-face trace, read
 * from the SVG: in each phase's span (the time axis' ends and the dashed
 * phase lines) one text centred on it within 1.5 points, inside the span
 * and above the panel (the dashed lines' top).  At the default width the
 * names whole ("play" 4 glyphs, "still-face" 10, "reunion" 7); at 2.6 in,
 * where each span is 22 points, "play" whole (smaller) and the other two
 * cut: a character at least and an ellipsis, fewer glyphs than the whole
 * name (before, no name was drawn there). */
static void phase_names_at(const char *width, const int *glyphs, const int *cut)
{
    char out[256];
    snprintf(out, sizeof out, "%s-phases.svg", fig);
    result r = width ? run_attune("plot", trace, "--width", width, "-o", out, NULL)
                     : run_attune("plot", trace, "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *svg = slurp(out, NULL);
    svg_doc d;
    svg_read(svg, &d);
    double l, rt, xs[2], top = INFINITY;
    svg_time_axis(&d, &l, &rt);
    ck_assert_int_eq(svg_dashed_x(&d, xs, 2), 2);
    size_t idx[64], nd = svg_find(&d, "stroke-dasharray:4,3", idx, 64);
    for (size_t i = 0; i < nd && i < 64; i++)
        top = fmin(top, d.shapes[idx[i]].y0);
    const double lo[3] = { l, xs[0], xs[1] }, hi[3] = { xs[0], xs[1], rt };
    svg_text *t;
    size_t n = svg_texts(svg, &t);
    for (int k = 0; k < 3; k++) {
        int found = 0;
        for (size_t i = 0; i < n; i++) {
            if (!t[i].inked || fabs((t[i].x0 + t[i].x1) / 2 - (lo[k] + hi[k]) / 2) > 1.5
                || t[i].y1 >= top || t[i].y0 < top - 20)
                continue;
            found++;
            ck_assert_msg(t[i].x0 >= lo[k] && t[i].x1 <= hi[k], "phase %d's name leaves its span",
                          k);
            int whole = (int)t[i].nglyphs == glyphs[k] && t[i].cut == 0;
            int shortened = t[i].cut == 1 && t[i].nglyphs >= 2 && (int)t[i].nglyphs < glyphs[k];
            ck_assert_msg(cut[k] ? shortened : whole,
                          "width %s, phase %d: %zu glyphs, %d cut", width ? width : "default", k,
                          t[i].nglyphs, t[i].cut);
        }
        ck_assert_msg(found == 1, "width %s, phase %d: %d names", width ? width : "default", k,
                      found);
    }
    free(t);
    svg_free(&d);
    free(svg);
}

START_TEST(test_phase_names_narrow)
{
    phase_names_at(NULL, (const int[]){ 4, 10, 7 }, (const int[]){ 0, 0, 0 });
    phase_names_at("2.6", (const int[]){ 4, 10, 7 }, (const int[]){ 0, 1, 1 });
}
END_TEST

Suite *suite_cli_plot(void)
{
    Suite *s = suite_create("cli_plot");
    TCase *tc = fixture_tcase("plot", plot_setup);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_ruptures_and_phases_as_score_finds);
    tcase_add_test(tc, test_same_bytes_twice);
    tcase_add_test(tc, test_phase_names_narrow);
    tcase_add_test(tc, test_png_size);
    tcase_add_test(tc, test_pdf_page_size);
    tcase_add_test(tc, test_observer_file);
    tcase_add_test(tc, test_help);
    tcase_add_test(tc, test_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
