/* Tests of the trace figure (plot/plot_trace.c, plot/plot_trace_draw.c),
 * drawn as SVG and read back (the SVG reader of tests/fixture.c): the
 * rupture shapes of the fixture's hand-worked coded session (run a: two
 * ruptures, 1 to 3 s and 4 to 4.5 s; run b: one at 1 s, censored at the
 * run's end, 4 s) stand where the hand count puts them; the phase line at
 * 3 s; the arousal line inside its axis and across the time range; an
 * observer's file (data/examples/mother-a.csv) shows as many ruptures as
 * the library's scoring finds; --from/--to, refused outside the run (its
 * end compared in microseconds; negative times of a coded file allowed);
 * the same bytes twice; bad input: a missing column (FILE:LINE:), an empty
 * file, a run that is not there, standard input. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/match.h"
#include "attune/plot.h"
#include "attune/scorer.h"
#include "tests/fixture.h"

/* Draws `path` with `o` into memory; returns att_plot_trace's code and
 * the bytes (NUL-terminated, the caller frees) in *out. */
static int draw(const char *path, const att_plot_opts *o, char **out, size_t *len, att_error *e)
{
    att_match_table *mt = load_match("attuned");
    FILE *mem = open_memstream(out, len);
    int rc = att_plot_trace(path, mt, 0, o, mem, e);
    fclose(mem);
    att_match_table_free(mt);
    return rc;
}

static void draw_svg(const char *path, att_plot_opts *o, svg_doc *d)
{
    char *buf;
    size_t len;
    att_error e = { 0 };
    o->format = ATT_PLOT_SVG;
    int rc = draw(path, o, &buf, &len, &e);
    ck_assert_msg(rc == ATT_OK, "%s", e.msg);
    svg_read(buf, d);
    free(buf);
}

/* Where time t falls on an axis from t0 to t1 drawn from left to right.
 * (cairo writes SVG coordinates to 1/256 point: tolerances are 0.01.) */
static double x_of(double t, double t0, double t1, double left, double right)
{
    return left + (t - t0) / (t1 - t0) * (right - left);
}

static void session_file(char *path, size_t size)
{
    write_input(path, size, "session.csv", coded_session);
}

START_TEST(test_ruptures_and_phase_of_run_a)
{
    char in[256];
    session_file(in, sizeof in);
    att_plot_opts o;
    att_plot_opts_init(&o);
    svg_doc d;
    draw_svg(in, &o, &d);
    double l, r;
    svg_time_axis(&d, &l, &r);
    size_t idx[8];
    ck_assert_int_eq(svg_ruptures(&d, 1, NULL, 0), 0);
    ck_assert_int_eq(svg_ruptures(&d, 0, idx, 8), 2);
    static const double want[2][2] = { { 1, 3 }, { 4, 4.5 } };
    for (int k = 0; k < 2; k++) {
        const svg_shape *s = &d.shapes[idx[k]];
        ck_assert_double_eq_tol(s->x0, x_of(want[k][0], 0, 5, l, r), 0.01);
        ck_assert_double_eq_tol(s->x1, x_of(want[k][1], 0, 5, l, r), 0.01);
    }
    double xs[8];
    ck_assert_int_eq(svg_dashed_x(&d, xs, 8), 1);
    ck_assert_double_eq_tol(xs[0], x_of(3, 0, 5, l, r), 0.01);
    svg_free(&d);
}
END_TEST

START_TEST(test_censored_rupture_of_run_b)
{
    char in[256];
    session_file(in, sizeof in);
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.run = "b";
    svg_doc d;
    draw_svg(in, &o, &d);
    double l, r;
    svg_time_axis(&d, &l, &r);
    size_t idx[4];
    ck_assert_int_eq(svg_ruptures(&d, 0, NULL, 0), 0);
    ck_assert_int_eq(svg_ruptures(&d, 1, idx, 4), 1);
    ck_assert_double_eq_tol(d.shapes[idx[0]].x0, x_of(1, 0, 4, l, r), 0.01);
    ck_assert_double_eq_tol(d.shapes[idx[0]].x1, r, 0.01);   /* to the run's end, 4 s */
    ck_assert_int_eq(svg_dashed_x(&d, NULL, 0), 0);         /* one phase: no boundary */
    svg_free(&d);
}
END_TEST

/* The infant arousal line (Okabe-Ito blue) lies inside the panel's y axis
 * and runs from the first row to the last. */
START_TEST(test_axes_cover_the_data)
{
    char in[256];
    session_file(in, sizeof in);
    att_plot_opts o;
    att_plot_opts_init(&o);
    svg_doc d;
    draw_svg(in, &o, &d);
    double l, r;
    svg_time_axis(&d, &l, &r);
    char blue[64], style[96];
    svg_rgb(blue, sizeof blue, 0, 114, 178);
    snprintf(style, sizeof style, "stroke:%s", blue);
    size_t idx[2];   /* the legend's swatch and the line */
    ck_assert_int_eq(svg_find(&d, style, idx, 2), 2);
    const svg_shape *line = &d.shapes[idx[d.shapes[idx[0]].npoints > 2 ? 0 : 1]];
    ck_assert_int_eq(line->npoints, 5);
    ck_assert_double_eq_tol(line->x0, l, 0.01);
    ck_assert_double_eq_tol(line->x1, x_of(4.5, 0, 5, l, r), 0.01);
    /* the y axis: the vertical grey line at the left edge above the time axis */
    double top = INFINITY, bottom = -INFINITY;
    for (size_t i = 0; i < d.n; i++) {
        const svg_shape *s = &d.shapes[i];
        if (s->npoints == 2 && s->x0 == l && s->x1 == l && strstr(s->style, "stroke-width:0.8;")
            && s->y1 - s->y0 > 20)
            top = fmin(top, s->y0), bottom = fmax(bottom, s->y1);
    }
    ck_assert(top < bottom);
    ck_assert_msg(line->y0 >= top - 1e-6 && line->y1 <= bottom + 1e-6,
                  "arousal %g..%g outside its axis %g..%g", line->y0, line->y1, top, bottom);
    /* 0.9, the highest, is not squeezed to the top: the axis goes to 1 */
    ck_assert_double_eq_tol(line->y0, top + 0.1 * (bottom - top), 0.01);
    svg_free(&d);
}
END_TEST

/* An observer's file: as many rupture shapes as the library's scoring
 * finds ruptures in the whole-run window, repaired and censored apart. */
START_TEST(test_observer_file_matches_scoring)
{
    const char *path = SRC("data/examples/mother-a.csv");
    score_list s;
    att_error e = { 0 };
    ck_assert_int_eq(score_path(path, 0, &s, &e), ATT_OK);
    double ruptures = s.v[ATT_SC_RUPTURES], repairs = s.v[ATT_SC_REPAIRS];
    ck_assert(ruptures >= 2);
    att_plot_opts o;
    att_plot_opts_init(&o);
    svg_doc d;
    draw_svg(path, &o, &d);
    ck_assert_int_eq(svg_ruptures(&d, 0, NULL, 0), (size_t)repairs);
    ck_assert_int_eq(svg_ruptures(&d, 1, NULL, 0), (size_t)(ruptures - repairs));
    ck_assert_int_eq(svg_dashed_x(&d, NULL, 0), 2);   /* play | still-face | reunion */
    svg_free(&d);
}
END_TEST

/* --from 2 --to 4 of run a: the axis spans 2..4; the first rupture (1..3)
 * is cut at the left edge, the second (4..4.5) is outside. */
START_TEST(test_time_range)
{
    char in[256];
    session_file(in, sizeof in);
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.from = 2, o.to = 4;
    svg_doc d;
    draw_svg(in, &o, &d);
    double l, r;
    svg_time_axis(&d, &l, &r);
    size_t idx[4];
    ck_assert_int_eq(svg_ruptures(&d, 0, idx, 4), 1);
    ck_assert_double_eq_tol(d.shapes[idx[0]].x0, l, 0.01);
    ck_assert_double_eq_tol(d.shapes[idx[0]].x1, x_of(3, 2, 4, l, r), 0.01);
    svg_free(&d);
}
END_TEST

START_TEST(test_same_bytes_twice)
{
    char in[256];
    session_file(in, sizeof in);
    for (int fmt = ATT_PLOT_PNG; fmt <= ATT_PLOT_PDF; fmt++) {
        att_plot_opts o;
        att_plot_opts_init(&o);
        o.format = fmt;
        char *a, *b;
        size_t na, nb;
        att_error e = { 0 };
        ck_assert_int_eq(draw(in, &o, &a, &na, &e), ATT_OK);
        ck_assert_int_eq(draw(in, &o, &b, &nb, &e), ATT_OK);
        ck_assert_msg(na > 1000 && na == nb && memcmp(a, b, na) == 0, "format %d differs", fmt);
        free(a), free(b);
    }
}
END_TEST

static void expect_refused(const char *path, const att_plot_opts *o, const char *msg)
{
    char *buf;
    size_t len;
    att_error e = { 0 };
    ck_assert_int_eq(draw(path, o, &buf, &len, &e), ATT_EINPUT);
    ck_assert_msg(strstr(e.msg, msg) != NULL, "message '%s' lacks '%s'", e.msg, msg);
    ck_assert_uint_eq(len, 0);   /* nothing written */
    free(buf);
}

/* The time range must lie within the run: run a starts at 0 and ends at
 * 5 s (its last row, 4.5, plus the step before it, 0.5). */
START_TEST(test_range_within_run)
{
    char in[256];
    session_file(in, sizeof in);
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.from = -1;   /* an empty margin before the run */
    expect_refused(in, &o, "--from -1 is before the start of the run, 0 s");
    o.from = NAN, o.to = 5.5;   /* and after it */
    expect_refused(in, &o, "--to 5.5 is after the end of the run, 5 s");
    o.from = 10, o.to = 20;   /* wholly after it */
    expect_refused(in, &o, "--from 10 is not before the end of the run, 5 s");
    o.from = -3, o.to = -1;   /* wholly before it */
    expect_refused(in, &o, "--from -3 is before the start of the run, 0 s");
    o.from = 3, o.to = 2;   /* inside, but the wrong way round */
    expect_refused(in, &o, "--from 3 must be before --to 2");
    /* the run's own ends draw what the default draws, byte for byte */
    char *all, *ends;
    size_t nall, nends;
    att_error e = { 0 };
    att_plot_opts_init(&o);
    ck_assert_int_eq(draw(in, &o, &all, &nall, &e), ATT_OK);
    o.from = 0, o.to = 5;
    ck_assert_int_eq(draw(in, &o, &ends, &nends, &e), ATT_OK);
    ck_assert_msg(nall > 1000 && nall == nends && memcmp(all, ends, nall) == 0,
                  "--from 0 --to 5 differs from the whole run");
    free(all), free(ends);
}
END_TEST

/* An end that is a sum of steps (0.3 + (0.3 - 0.2) is 0.39999999999999997
 * in doubles) is the 0.4 the user types: compared in whole microseconds.
 * A coded file's times may be negative, and then so may --from. */
START_TEST(test_range_ends_in_microseconds)
{
    char in[256];
    write_input(in, sizeof in, "steps.csv", "t,infant_code,caregiver_code\n"
                "0.1,positive,positive\n0.2,avert,positive\n0.3,positive,positive\n");
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.to = 0.4;
    char *buf;
    size_t len;
    att_error e = { 0 };
    ck_assert_msg(draw(in, &o, &buf, &len, &e) == ATT_OK, "%s", e.msg);
    free(buf);
    o.to = 0.400002;
    expect_refused(in, &o, "--to 0.400002 is after the end of the run, 0.4 s");
    write_input(in, sizeof in, "before.csv", "t,infant_code,caregiver_code\n"
                "-10,positive,positive\n-5,avert,positive\n0,positive,positive\n");
    att_plot_opts_init(&o);
    o.from = -5, o.to = 5;   /* the run: -10 to 5 s */
    ck_assert_msg(draw(in, &o, &buf, &len, &e) == ATT_OK, "%s", e.msg);
    free(buf);
    o.from = -12;
    expect_refused(in, &o, "--from -12 is before the start of the run, -10 s");
}
END_TEST

START_TEST(test_bad_input)
{
    char in[256], want[512];
    att_plot_opts o;
    att_plot_opts_init(&o);
    write_input(in, sizeof in, "nocg.csv", "t,infant_code\n0,positive\n");
    snprintf(want, sizeof want, "%s:1: missing column 'caregiver_code'", in);
    expect_refused(in, &o, want);
    write_input(in, sizeof in, "empty.csv", "");
    expect_refused(in, &o, in);
    session_file(in, sizeof in);
    o.run = "c";
    expect_refused(in, &o, "no run 'c'");
    att_plot_opts_init(&o);
    expect_refused("-", &o, "standard input");
}
END_TEST

Suite *suite_plot_trace(void)
{
    Suite *s = suite_create("plot_trace");
    TCase *tc = fixture_tcase("plot_trace", setup);
    tcase_add_test(tc, test_ruptures_and_phase_of_run_a);
    tcase_add_test(tc, test_censored_rupture_of_run_b);
    tcase_add_test(tc, test_axes_cover_the_data);
    tcase_add_test(tc, test_observer_file_matches_scoring);
    tcase_add_test(tc, test_time_range);
    tcase_add_test(tc, test_same_bytes_twice);
    tcase_add_test(tc, test_range_within_run);
    tcase_add_test(tc, test_range_ends_in_microseconds);
    tcase_add_test(tc, test_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
