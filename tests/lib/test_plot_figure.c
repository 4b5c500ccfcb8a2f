/* Tests of the figure (plot/figure.c, plot/figure_axes.c) and the plot
 * options (plot/plot.c): nice ticks for known ranges and their properties
 * on random ranges, tick labels, formats by name and extension, option
 * limits, the same bytes twice in every format, a PNG of the size asked
 * (read back by cairo), the PDF's page size, the SVG's size, a long line
 * reduced to at most four points per pixel column keeping its extremes,
 * a write error reported, text that is not UTF-8 drawn with U+FFFD, and a
 * size a user gives checked (0 refused), a title wider than the figure
 * wrapped, made smaller and cut to stay inside it. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/plot.h"
#include "base/utf8.h"
#include "plot/figure.h"
#include "tests/fixture.h"

static void expect_ticks(double lo, double hi, int maxn, const double *want, int nwant,
                         double want_step)
{
    double t[64], step;
    int n = att_fig_ticks(lo, hi, maxn, t, 64, &step);
    ck_assert_msg(n == nwant, "[%g, %g] max %d: %d ticks, want %d", lo, hi, maxn, n, nwant);
    for (int i = 0; i < n; i++)
        ck_assert_msg(fabs(t[i] - want[i]) < 1e-12, "[%g, %g]: tick %d is %.17g, want %g", lo,
                      hi, i, t[i], want[i]);
    ck_assert_msg(fabs(step - want_step) < 1e-12, "[%g, %g]: step %g, want %g", lo, hi, step,
                  want_step);
}

START_TEST(test_ticks_known)
{
    expect_ticks(0, 1, 6, (const double[]){ 0, .2, .4, .6, .8, 1 }, 6, .2);
    expect_ticks(-3, 7, 6, (const double[]){ -2, 0, 2, 4, 6 }, 5, 2);
    expect_ticks(0.013, 0.087, 5, (const double[]){ .02, .04, .06, .08 }, 4, .02);
    expect_ticks(0, 300, 7, (const double[]){ 0, 50, 100, 150, 200, 250, 300 }, 7, 50);
    expect_ticks(0, 3600, 10, (const double[]){ 0, 500, 1000, 1500, 2000, 2500, 3000, 3500 }, 8,
                 500);
    expect_ticks(5, 5, 6, (const double[]){ 5 }, 1, 0);
}
END_TEST

/* On random ranges: ticks inside the range, at most maxn and at least 2,
 * equally spaced by the step, multiples of it, and the step 1, 2 or 5
 * times a power of ten. */
START_TEST(test_ticks_properties)
{
    srand(14);
    for (int r = 0; r < 2000; r++) {
        double lo = (rand() / (double)RAND_MAX - 0.5) * pow(10, rand() % 8 - 3);
        double hi = lo + (rand() / (double)RAND_MAX + 1e-3) * pow(10, rand() % 8 - 3);
        int maxn = 6 + rand() % 6;
        double t[64], s;
        int n = att_fig_ticks(lo, hi, maxn, t, 64, &s);
        ck_assert_msg(n >= 2 && n <= maxn, "[%g, %g] max %d: %d ticks", lo, hi, maxn, n);
        double m = s / pow(10, floor(log10(s)));
        ck_assert_msg(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9, "step %g", s);
        for (int i = 0; i < n; i++) {
            ck_assert(t[i] >= lo - 1e-9 * s && t[i] <= hi + 1e-9 * s);
            ck_assert(fabs(t[i] / s - round(t[i] / s)) < 1e-6);
            if (i)
                ck_assert(fabs(t[i] - t[i - 1] - s) < 1e-6 * s);
        }
    }
}
END_TEST

START_TEST(test_tick_labels)
{
    char b[32];
    att_fig_tick_label(0.2, 0.2, b, sizeof b);
    ck_assert_str_eq(b, "0.2");
    att_fig_tick_label(-1e-17, 0.2, b, sizeof b);
    ck_assert_str_eq(b, "0.0");
    att_fig_tick_label(1500, 500, b, sizeof b);
    ck_assert_str_eq(b, "1500");
    att_fig_tick_label(0.04, 0.02, b, sizeof b);
    ck_assert_str_eq(b, "0.04");
    att_fig_tick_label(-2, 2, b, sizeof b);
    ck_assert_str_eq(b, "-2");
}
END_TEST

START_TEST(test_formats_and_limits)
{
    att_plot_format f = 0;
    att_error e = { 0 };
    ck_assert_int_eq(att_plot_format_of_path("a/b.fig.SVG", &f, &e), ATT_OK);
    ck_assert_int_eq(f, ATT_PLOT_SVG);
    ck_assert_int_eq(att_plot_format_of_path("x.pdf", &f, &e), ATT_OK);
    ck_assert_int_eq(f, ATT_PLOT_PDF);
    ck_assert_int_eq(att_plot_format_of_path("dir.png/x", &f, &e), ATT_EINPUT);
    ck_assert_ptr_nonnull(strstr(e.msg, "--format"));
    ck_assert_int_eq(att_plot_format_parse("Png", &f, &e), ATT_OK);
    ck_assert_int_eq(f, ATT_PLOT_PNG);
    ck_assert_int_eq(att_plot_format_parse("jpeg", &f, &e), ATT_EINPUT);
    att_plot_opts o;
    att_plot_opts_init(&o);
    ck_assert_int_eq(att_plot_opts_check(&o, &e), ATT_OK);
    o.width = 0.5;
    ck_assert_int_eq(att_plot_opts_check(&o, &e), ATT_EINPUT);
    ck_assert_ptr_nonnull(strstr(e.msg, "--width 0.5"));
    att_plot_opts_init(&o);
    o.dpi = 5;
    ck_assert_int_eq(att_plot_opts_check(&o, &e), ATT_EINPUT);
    att_plot_opts_init(&o);
    o.from = 10, o.to = 10;
    ck_assert_int_eq(att_plot_opts_check(&o, &e), ATT_EINPUT);
    ck_assert_ptr_null(att_fig_new(&o, 4, 3, NULL, stdout, &e));
}
END_TEST

/* A figure with every kind of mark, in `format`, w x h inches at `dpi`;
 * returns the bytes (malloc'd) and their number in *len. */
static char *sample(att_plot_format format, double w, double h, double dpi, size_t *len)
{
    char *buf = NULL;
    FILE *mem = open_memstream(&buf, len);
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.format = format, o.width = w, o.height = h, o.dpi = dpi;
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 6, 4, "A sample", mem, &e);
    ck_assert_msg(f != NULL, "%s", e.msg);
    att_axes a;
    att_axes_init(&a, f, 60, att_fig_top(f) + 10, att_fig_width(f) - 80, 100, 0, 10, -1, 1);
    att_axes_nice_y(&a, 5);
    double x[200], y[200];
    for (int i = 0; i < 200; i++)
        x[i] = i * 0.05, y[i] = sin(x[i]);
    att_fig_line(&a, x, y, 200, att_palette[ATT_BLUE], 1.5);
    att_fig_rect(&a, 2, 3, -1, 1, att_palette[ATT_ORANGE], 0.4);
    att_fig_hatch(&a, 7, 12, -1, 1, att_palette[ATT_VERMILLION]);
    att_fig_vline(&a, 5, att_grey, 1, 1);
    att_axes_draw_x(&a, 8, 1, "time (s)");
    att_axes_draw_y(&a, 5, "arousal");
    const att_legend_item items[] = {
        { "line", att_palette[ATT_BLUE], ATT_LEGEND_LINE, ATT_DASH_SOLID },
        { "box", att_palette[ATT_ORANGE], ATT_LEGEND_BOX, ATT_DASH_SOLID },
        { "hatch", att_palette[ATT_VERMILLION], ATT_LEGEND_HATCH, ATT_DASH_SOLID } };
    ck_assert(att_fig_legend(f, 60, att_fig_top(f) + 150, 200, items, 3, ATT_FIG_FONT_SMALL) > 0);
    ck_assert_int_eq(att_fig_finish(f, &e), ATT_OK);
    fclose(mem);
    return buf;
}

START_TEST(test_same_bytes_twice)
{
    for (int fmt = ATT_PLOT_PNG; fmt <= ATT_PLOT_PDF; fmt++) {
        size_t n1, n2;
        char *a = sample(fmt, 5, 3, 100, &n1), *b = sample(fmt, 5, 3, 100, &n2);
        ck_assert_msg(n1 > 500 && n1 == n2 && memcmp(a, b, n1) == 0,
                      "format %d: %zu and %zu bytes, differing", fmt, n1, n2);
        free(a);
        free(b);
    }
}
END_TEST

typedef struct { const char *p; size_t left; } membuf;

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int len)
{
    membuf *m = closure;
    if (len > m->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, m->p, len);
    m->p += len, m->left -= len;
    return CAIRO_STATUS_SUCCESS;
}

START_TEST(test_png_size_and_content)
{
    size_t n;
    char *png = sample(ATT_PLOT_PNG, 4, 3, 100, &n);
    membuf m = { png, n };
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &m);
    ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    ck_assert_int_eq(cairo_image_surface_get_width(s), 400);
    ck_assert_int_eq(cairo_image_surface_get_height(s), 300);
    /* not blank: many pixels are not white */
    cairo_surface_flush(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s), dark = 0;
    for (int y = 0; y < 300; y++)
        for (int x = 0; x < 400; x++)
            dark += (px[y * stride + 4 * x] & 0xff) < 128;
    ck_assert_int_gt(dark, 500);
    cairo_surface_destroy(s);
    free(png);
}
END_TEST

START_TEST(test_pdf_and_svg_page_size)
{
    size_t n;
    char *pdf = sample(ATT_PLOT_PDF, 5, 2.5, 100, &n);
    ck_assert(n > 8 && memcmp(pdf, "%PDF-", 5) == 0);
    char *z = malloc(n + 1);
    memcpy(z, pdf, n);
    z[n] = 0;
    for (size_t i = 0; i < n; i++)
        z[i] = z[i] ? z[i] : ' ';
    ck_assert_msg(strstr(z, "/MediaBox [ 0 0 360 180 ]") != NULL, "no 5 x 2.5 in page");
    /* cairo 1.16 writes /CreationDate (YYYYMMDDHHMMSSZ): the fixed one */
    char *date = strstr(z, "/CreationDate");
    ck_assert_msg(date && strncmp(date, "/CreationDate (20000101000000Z)", 31) == 0,
                  "no fixed creation date");
    ck_assert_ptr_null(strstr(z, "/ModDate"));
    free(z);
    free(pdf);
    char *svg = sample(ATT_PLOT_SVG, 5, 2.5, 100, &n);
    svg = realloc(svg, n + 1);
    svg[n] = 0;
    svg_doc d;
    svg_read(svg, &d);
    ck_assert(fabs(d.width - 360) < 1e-9 && fabs(d.height - 180) < 1e-9);
    svg_free(&d);
    free(svg);
}
END_TEST

/* 100,000 points of a noisy series with one spike: the path has at most 4
 * points per pixel column (plus a subpath start) and keeps the spike. */
START_TEST(test_line_reduced)
{
    char *buf = NULL;
    size_t len;
    FILE *mem = open_memstream(&buf, &len);
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.format = ATT_PLOT_SVG, o.dpi = 72;   /* a pixel is a point */
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 4, 2, "", mem, &e);
    att_axes a;
    att_axes_init(&a, f, 20, 20, 200, 100, 0, 1000, 0, 10);
    enum { N = 100000 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    for (int i = 0; i < N; i++)
        x[i] = i * 0.01, y[i] = 4 + (i * 7919 % 101) / 100.0;
    y[54321] = 9.5;
    att_fig_line(&a, x, y, N, att_palette[ATT_GREEN], 1);
    ck_assert_int_eq(att_fig_finish(f, &e), ATT_OK);
    fclose(mem);
    svg_doc d;
    svg_read(buf, &d);
    char green[64], style[96];
    svg_rgb(green, sizeof green, 0, 158, 115);   /* Okabe-Ito bluish green */
    snprintf(style, sizeof style, "stroke:%s", green);
    size_t k;
    ck_assert_int_eq(svg_find(&d, style, &k, 1), 1);
    const svg_shape *line = &d.shapes[k];
    ck_assert_msg(line->npoints <= 4 * 201 + 1, "%zu points", line->npoints);
    ck_assert_msg(line->npoints >= 200, "%zu points", line->npoints);
    ck_assert_double_eq_tol(line->y0, att_axes_y(&a, 9.5), 1e-3);
    ck_assert_double_eq_tol(line->y1, att_axes_y(&a, 4.0), 1e-3);
    svg_free(&d);
    free(x), free(y), free(buf);
}
END_TEST

START_TEST(test_write_error)
{
    char dev[64];
    FILE *full = open_full_device(dev, sizeof dev);
    if (!full)
        return;   /* not root: no private device */
    setvbuf(full, NULL, _IONBF, 0);
    att_plot_opts o;
    att_plot_opts_init(&o);
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 3, 2, "x", full, &e);
    ck_assert_int_eq(att_fig_finish(f, &e), ATT_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "write error"));
    close_full_device(full, dev);
}
END_TEST

/* Text that is not UTF-8 is measured and drawn as the same text with
 * U+FFFD for each bad byte (cairo refuses it as it is): the same widths,
 * the same bytes, and wider than the text without those bytes. */
static char *figure_with(const char *title, const char *label, double *w, size_t *len)
{
    char *buf = NULL;
    FILE *mem = open_memstream(&buf, len);
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.format = ATT_PLOT_SVG;
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 4, 3, title, mem, &e);
    ck_assert_msg(f != NULL, "%s", e.msg);
    *w = att_fig_text_width(f, label, ATT_FIG_FONT);
    att_fig_text(f, 20, 100, label, ATT_FIG_FONT, -1, 0, 0.5, att_palette[ATT_BLUE]);
    att_legend_item it = { label, att_palette[ATT_ORANGE], ATT_LEGEND_BOX, ATT_DASH_SOLID };
    att_fig_legend(f, 20, 150, 200, &it, 1, ATT_FIG_FONT_SMALL);
    ck_assert_msg(att_fig_finish(f, &e) == ATT_OK, "%s", e.msg);
    fclose(mem);
    return buf;
}

START_TEST(test_text_not_utf8_drawn_replaced)
{
    double wbad, wgood, wcut;
    size_t nbad, ngood, ncut;
    char *bad = figure_with("caf\xE9", "pl\xFF\xFEy", &wbad, &nbad);
    char *good = figure_with("caf\xEF\xBF\xBD", "pl\xEF\xBF\xBD\xEF\xBF\xBDy", &wgood, &ngood);
    char *cut = figure_with("caf", "ply", &wcut, &ncut);
    ck_assert(wbad > 0 && wbad == wgood && wbad > wcut);
    ck_assert(nbad > 1000 && nbad == ngood && memcmp(bad, good, nbad) == 0);
    ck_assert(ncut != nbad || memcmp(cut, bad, nbad) != 0);
    free(bad);
    free(good);
    free(cut);
}
END_TEST

/* A title wider than the figure (1 to 4 inches, 72 dpi: a pixel is a
 * point) stays inside it: no ink within 3 points of either side, ink
 * from 8 points down on two or more lines (bands of inked rows) ending
 * above att_fig_top, and an ellipsis-cut last line at 1 inch.  One that
 * fits is drawn on one line: the top is 8 + 1.6 * 13 = 28.8 points. */
/* att_fig_cut_text: a text longer than its buffer is cut with an
 * ellipsis even where its beginning fits the width (it was cut silently),
 * at a whole UTF-8 character (never half of one, drawn U+FFFD); a text
 * that fits is kept whole; one too wide, cut to a beginning narrower. */
START_TEST(test_cut_text_utf8)
{
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.width = 50, o.height = 2, o.format = ATT_PLOT_SVG;
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 6, 4, "", NULL, &e);
    ck_assert_msg(f != NULL, "%s", e.msg);
    char s[1024] = "a", buf[128];
    for (int i = 0; i < 400; i++)
        strcat(s, "\xC3\xA9");   /* e acute: "a" then 400 of it, 801 bytes */
    /* 124 bytes at most before the ellipsis: "a" and 61 e acute (123 bytes;
     * the 124th is the first half of the 62nd) */
    att_fig_cut_text(f, s, 10, 3600, buf, sizeof buf);
    ck_assert_uint_eq(strlen(buf), 123 + 3);
    ck_assert(memcmp(buf, s, 123) == 0 && strcmp(buf + 123, "\u2026") == 0);
    ck_assert(att_utf8_valid(buf, strlen(buf)));
    /* a width that holds about 10 of them: cut there, whole characters */
    double w = att_fig_text_width(f, "a\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                     "\xC3\xA9\xC3\xA9\xC3\xA9\u2026", 10);
    att_fig_cut_text(f, s, 10, w, buf, sizeof buf);
    ck_assert_str_eq(buf, "a\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                          "\xC3\xA9\xC3\xA9\u2026");
    att_fig_cut_text(f, "a\xC3\xA9 b", 10, 3600, buf, sizeof buf);   /* fits: whole */
    ck_assert_str_eq(buf, "a\xC3\xA9 b");
    att_fig_cut_text(f, s, 10, 0.5, buf, sizeof buf);   /* not a character fits */
    ck_assert_str_eq(buf, "\u2026");
    att_fig_free(f);
}
END_TEST

/* A title of 400 e acute at --width 50 fits the width but not the line's
 * 640 bytes: drawn cut with an ellipsis (one text, cut once), 318 of them
 * (636 bytes) and the ellipsis, 319 glyphs, none U+FFFD. */
START_TEST(test_title_longer_than_line_cut)
{
    char title[1024] = "";
    for (int i = 0; i < 400; i++)
        strcat(title, "\xC3\xA9");
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.width = 50, o.height = 2, o.format = ATT_PLOT_SVG;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 6, 4, title, mem, &e);
    ck_assert_msg(f != NULL, "%s", e.msg);
    ck_assert_int_eq(att_fig_finish(f, &e), ATT_OK);
    fclose(mem);
    svg_text *t;
    size_t n = svg_texts(buf, &t);
    ck_assert_uint_eq(n, 1);
    ck_assert_msg(t[0].cut == 1 && t[0].nglyphs == 319, "cut %d, %zu glyphs", t[0].cut,
                  t[0].nglyphs);
    /* cairo's SVG names each glyph once ("glyph0-1"); glyph0-0 is the
     * font's box for a missing glyph: e acute and the ellipsis only */
    ck_assert_ptr_nonnull(strstr(buf, "\"#glyph0-1\""));
    ck_assert_ptr_nonnull(strstr(buf, "\"#glyph0-2\""));
    ck_assert_msg(strstr(buf, "\"#glyph0-3\"") == NULL && strstr(buf, "\"#glyph0-0\"") == NULL,
                  "a third glyph (U+FFFD?) drawn");
    free(t);
    free(buf);
}
END_TEST

START_TEST(test_long_title_kept_inside)
{
    static const char title[] = "restricted mean time to repair (s), test, by condition, "
                                "with a few more words than any line can hold";
    for (double in = 1; in <= 4; in += 0.5) {
        att_plot_opts o;
        att_plot_opts_init(&o);
        o.width = in, o.height = 2, o.dpi = 72;
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        att_error e = { 0 };
        att_fig *f = att_fig_new(&o, 6, 4, title, mem, &e);
        ck_assert_msg(f != NULL, "%s", e.msg);
        double top = att_fig_top(f);
        ck_assert_msg(top > 28.8 + 9, "%g in: top %g, not wrapped", in, top);
        ck_assert_int_eq(att_fig_finish(f, &e), ATT_OK);
        fclose(mem);
        membuf m = { buf, len };
        cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &m);
        ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
        cairo_surface_flush(s);
        const unsigned char *px = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s), w = (int)(in * 72), bands = 0, was = 0;
        int first = -1, last = -1;
        for (int y = 0; y < 144; y++) {
            int ink = 0;
            for (int x = 0; x < w; x++)
                if ((px[y * stride + 4 * x] & 0xff) < 200) {
                    ink = 1;
                    ck_assert_msg(x >= 3 && x < w - 3, "%g in: ink at x %d, y %d", in, x, y);
                }
            if (ink && first < 0)
                first = y;
            if (ink)
                last = y;
            bands += ink && !was;
            was = ink;
        }
        ck_assert_msg(first >= 8 && last < top && bands >= 2, "%g in: rows %d to %d, %d lines",
                      in, first, last, bands);
        cairo_surface_destroy(s);
        free(buf);
    }
    att_plot_opts o;
    att_plot_opts_init(&o);
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 6, 4, "A title that fits", NULL, &e);
    ck_assert_double_eq_tol(att_fig_top(f), 28.8, 1e-12);
    att_fig_free(f);
}
END_TEST

/* att_fig_room: a 4 x 3 in figure (288 x 216 points) holds 288 x 216;
 * 288.1 wide needs 4.0014 in, named as 4.1; 223.2 high is 3.1 in exactly;
 * a default 6 x 4 in figure says so of its width (500 points: 6.94,
 * named 7), and its height grows instead: 300 points is 4.17 in, made
 * 4.2 (302.4 points), the title still there; past 50 in it is refused. */
START_TEST(test_room)
{
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.width = 4, o.height = 3;
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 6, 4, "", NULL, &e);
    ck_assert_int_eq(att_fig_room(f, "sample", 288, 216, &e), ATT_OK);
    ck_assert_int_eq(att_fig_room(f, "sample", 288.1, 216, &e), ATT_EINPUT);
    ck_assert_str_eq(e.msg, "--width 4: too small for this sample figure; at least 4.1 inches");
    ck_assert_int_eq(att_fig_room(f, "sample", 500, 500, &e), ATT_EINPUT);
    ck_assert_str_eq(e.msg, "--width 4: too small for this sample figure; at least 7 inches");
    ck_assert_int_eq(att_fig_room(f, "sample", 0, 223.2, &e), ATT_EINPUT);
    ck_assert_str_eq(e.msg, "--height 3: too small for this sample figure; at least 3.1 inches");
    att_fig_free(f);
    o.width = o.height = 0;
    o.format = ATT_PLOT_SVG;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    f = att_fig_new(&o, 6, 4, "Grown", mem, &e);
    /* a default width too small grows (500 points: 6.94 in, 7 in tenths
     * rounded up), the height as it was */
    ck_assert_int_eq(att_fig_room(f, "sample", 500, 0, &e), ATT_OK);
    ck_assert_double_eq_tol(att_fig_width(f), 504, 1e-9);
    ck_assert_double_eq_tol(att_fig_height(f), 288, 1e-9);
    double top = att_fig_top(f);
    ck_assert_int_eq(att_fig_room(f, "sample", 0, 300, &e), ATT_OK);
    ck_assert_double_eq_tol(att_fig_height(f), 302.4, 1e-9);
    ck_assert_double_eq_tol(att_fig_width(f), 504, 1e-9);
    ck_assert_double_eq(att_fig_top(f), top);
    ck_assert_int_eq(att_fig_room(f, "sample", 0, 300, &e), ATT_OK);   /* it holds now */
    ck_assert_double_eq_tol(att_fig_height(f), 302.4, 1e-9);
    ck_assert_int_eq(att_fig_room(f, "sample", 0, 72 * 50.01, &e), ATT_EINPUT);
    ck_assert_str_eq(e.msg, "--height 4.2 (the default): too small for this sample figure; at "
                            "least 50.1 inches, more than a figure may be");
    ck_assert_int_eq(att_fig_room(f, "sample", 72 * 50.01, 0, &e), ATT_EINPUT);
    ck_assert_str_eq(e.msg, "--width 7 (the default): too small for this sample figure; at "
                            "least 50.1 inches, more than a figure may be");
    /* a text no width holds uncut (att_fig_fit_lines_least's INFINITY) */
    ck_assert_int_eq(att_fig_room(f, "sample", INFINITY, 0, &e), ATT_EINPUT);
    ck_assert_str_eq(e.msg, "--width 7 (the default): no size holds this sample figure: a text "
                            "(a name in a legend, a title) is longer than 3 lines of the figure "
                            "can hold uncut; shorten it");
    ck_assert_int_eq(att_fig_finish(f, &e), ATT_OK);
    fclose(mem);
    /* one document of the grown size: the first surface wrote nothing */
    svg_doc d;
    svg_read(buf, &d);
    ck_assert_double_eq_tol(d.width, 504, 1e-9);
    ck_assert_double_eq_tol(d.height, 302.4, 1e-9);
    ck_assert_ptr_null(strstr(strstr(buf, "<svg") + 4, "<svg"));
    svg_free(&d);
    free(buf);
}
END_TEST

/* att_fig_fit_lines: a word wider than the room is cut with an ellipsis at
 * the least size; text that fits is one line at the size asked. */
START_TEST(test_fit_lines)
{
    att_plot_opts o;
    att_plot_opts_init(&o);
    att_error e = { 0 };
    att_fig *f = att_fig_new(&o, 6, 4, "", NULL, &e);
    att_fig_lines t;
    att_fig_fit_lines(f, "one two", 12, 8, 400, &t);
    ck_assert_int_eq(t.nlines, 1);
    ck_assert_str_eq(t.line[0], "one two");
    ck_assert_double_eq(t.size, 12);
    ck_assert_double_eq_tol(t.width, att_fig_text_width(f, "one two", 12), 1e-12);
    att_fig_fit_lines(f, "Supercalifragilistic", 12, 8, 40, &t);
    ck_assert_int_eq(t.nlines, 1);
    ck_assert_double_eq(t.size, 8);
    size_t n = strlen(t.line[0]);
    ck_assert(n > 3 && strcmp(t.line[0] + n - 3, "\u2026") == 0);
    ck_assert(t.width <= 40);
    att_fig_free(f);
}
END_TEST

/* A size given by a user: 1 to 50 inches, 0 (the library's "default")
 * refused like any other. */
START_TEST(test_inches_check)
{
    att_error e = { 0 };
    ck_assert_int_eq(att_plot_inches_check("--width", 1, &e), ATT_OK);
    ck_assert_int_eq(att_plot_inches_check("--width", 50, &e), ATT_OK);
    ck_assert_int_eq(att_plot_inches_check("--width", 0, &e), ATT_EINPUT);
    ck_assert_str_eq(e.msg, "--width 0: must be from 1 to 50 inches");
    ck_assert_int_eq(att_plot_inches_check("--height", 50.5, &e), ATT_EINPUT);
    ck_assert_str_eq(e.msg, "--height 50.5: must be from 1 to 50 inches");
}
END_TEST

Suite *suite_plot_figure(void)
{
    Suite *s = suite_create("plot_figure");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_ticks_known);
    tcase_add_test(tc, test_ticks_properties);
    tcase_add_test(tc, test_tick_labels);
    tcase_add_test(tc, test_formats_and_limits);
    tcase_add_test(tc, test_same_bytes_twice);
    tcase_add_test(tc, test_png_size_and_content);
    tcase_add_test(tc, test_pdf_and_svg_page_size);
    tcase_add_test(tc, test_line_reduced);
    tcase_add_test(tc, test_write_error);
    tcase_add_test(tc, test_text_not_utf8_drawn_replaced);
    tcase_add_test(tc, test_inches_check);
    tcase_add_test(tc, test_long_title_kept_inside);
    tcase_add_test(tc, test_cut_text_utf8);
    tcase_add_test(tc, test_title_longer_than_line_cut);
    tcase_add_test(tc, test_fit_lines);
    tcase_add_test(tc, test_room);
    suite_add_tcase(s, tc);
    return s;
}
