/* The layout of the figures of plot km, compare, sweep and timeline, read
 * back from their SVG (tests/svg_text.c: each text's ink, the union of its
 * glyphs' outlines): at every size accepted every text lies inside the
 * figure and no two texts touch (legend entries, tick numbers, numbers at
 * risk, names, titles: 1 point apart at least); km keeps one legend entry
 * per curve however many there are; a size refused names a least that is
 * then accepted (and the tenth of an inch below it refused); and a default
 * height too small grows to just that least, deterministically. */
#include "tests/fixture.h"

#include <check.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/plot.h"

#define GAP 1.0   /* points between two texts' ink, at least */

static const char *const names[] = { "patient", "intrusive", "still-face", "withdrawn",
                                     "inconsistent" };

/* Batch results of k conditions (the names above, then "cond-K"), `runs`
 * runs each, `sessions` rows a run (a session column when above 1), the
 * wait swept from 0 by 0.5 s over the runs, 60 latencies a row (one in
 * seven censored) from a fixed generator. */
static void results(char *path, size_t size, int k, int runs, int sessions)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    fprintf(m, "experiment,run,runs,condition,replicate,%sseed,caregiver.wait_time,"
               "all.matched_prop,all.latencies\n", sessions > 1 ? "session," : "");
    unsigned long r = 12345;
    for (int c = 0, run = 1; c < k; c++)
        for (int j = 0; j < runs; j++, run++)
            for (int s = 1; s <= sessions; s++) {
                char name[32], session[16] = "";
                snprintf(name, sizeof name, "%s", c < 5 ? names[c] : "cond-");
                if (c >= 5)
                    snprintf(name + 5, sizeof name - 5, "%d", c);
                if (sessions > 1)
                    snprintf(session, sizeof session, "%d,", s);
                fprintf(m, "x,%d,%d,%s,%d,%s%d,%g,%.3f,", run, k * runs, name, j + 1, session,
                        run, 0.045 * (j % 21), 0.3 + 0.01 * ((run * 7 + s) % 50));
                for (int i = 0; i < 60; i++) {
                    r = r * 6364136223846793005UL + 1442695040888963407UL;
                    fprintf(m, "%s%.1f%s", i ? " " : "", 0.1 + (double)(r >> 40) / (1 << 24)
                            * (1 + c % 4) * 6, (r >> 20) % 7 == 0 ? "+" : "");
                }
                fputc('\n', m);
            }
    fclose(m);
    temp_file(path, size, text);
    free(text);
}

enum { KM, COMPARE, SWEEP, TIMELINE, FIT };
static const char *const kinds[] = { "km", "compare", "sweep", "timeline", "fit" };

/* A fit table as attune fit writes one: eleven statistics in three
 * windows (the still face's left out of some, one without a simulated
 * value), two parameters with both intervals, a search stopped by Ctrl-C
 * and two long warnings. */
static void fit_table(char *path, size_t size)
{
    static const char *const stats[] = {
        "matched_prop", "ruptures_per_min", "latency_q75_s", "repaired_within_2s",
        "infant_gaze_prop", "infant_positive_prop", "infant_negative_prop", "aversion_bout_s",
        "negative_bout_s", "transitions_per_min", "latency_q50_s" };
    static const char *const windows[] = { "play", "still-face", "reunion" };
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    fprintf(m, "kind,name,value,start,lo,hi,se,ci_lo,ci_hi,se_asym,ci_asym_lo,ci_asym_hi,"
               "observed,simulated,variance,z,note\n"
               "parameter,caregiver.wait_time,12.36823308,8,1,20,2.9,6.1,18.2,3.34,5.98,17.38,"
               ",,,,\n"
               "parameter,infant.avert_rate,0.0530722,0.0374,0.01,1,,,,0.0285,0.0215,0.1585,"
               ",,,,\n");
    for (int i = 0; i < 11; i++)
        for (int w = 0; w < 3; w++) {
            if (w == 1 && i % 4 == 0)
                continue;   /* not fitted */
            double obs = 0.3 + 0.1 * w + 0.5 * i, var = 0.01 * (i + 1), z = 0.7 * (i - 5) - w;
            if (i == 6 && w == 2)
                fprintf(m, "statistic,%s.%s,,,,,,,,,,,%g,,%g,,\n", windows[w], stats[i], obs,
                        var);
            else
                fprintf(m, "statistic,%s.%s,,,,,,,,,,,%g,%g,%g,%g,\n", windows[w], stats[i], obs,
                        obs - z * sqrt(var), var, z);
        }
    fprintf(m, "fit,j_stat,156.37,,,,,,,,,,,,,,\nfit,j_df,26,,,,,,,,,,,,,,\n"
               "fit,j_p,1.4e-20,,,,,,,,,,,,,,\nfit,stopped,1,,,,,,,,,,,,,,\n"
               "fit,sessions,40,,,,,,,,,,,,,,\nfit,dyads,200,,,,,,,,,,,,,,\n"
               "fit,evaluations,812,,,,,,,,,,,,,,\nfit,starts,4,,,,,,,,,,,,,,\n"
               "fit,best_start,2,,,,,,,,,,,,,,\nfit,boot,200,,,,,,,,,,,,,,\n"
               "fit,boot_used,198,,,,,,,,,,,,,,\n"
               "warning,infant.avert_rate,,,,,,,,,,,,,,,the se does not hold it off its lower "
               "bound (estimate - 1.96 se reaches it)\n"
               "warning,caregiver.wait_time,,,,,,,,,,,,,,,the inverted interval's lower end is "
               "unsettled: J changes by less than 1 across the whole of its range\n");
    fclose(m);
    temp_file(path, size, text);
    free(text);
}

/* Figure `kind` of `path` at w x h inches (0: the default) as SVG into
 * *svg (caller frees; NULL when refused); its return code. */
static int draw(int kind, const char *path, double w, double h, char **svg, att_error *err)
{
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.format = ATT_PLOT_SVG, o.width = w, o.height = h;
    att_plot_select s = { 0 };
    if (kind == SWEEP)
        s.by = "caregiver.wait_time";
    size_t len = 0;
    *svg = NULL;
    FILE *m = open_memstream(svg, &len);
    const char *files[] = { path };
    int rc = kind == KM         ? att_plot_km(files, 1, &s, &o, m, err)
             : kind == COMPARE  ? att_plot_compare(path, &s, &o, m, err)
             : kind == SWEEP    ? att_plot_sweep(path, &s, &o, m, err)
             : kind == TIMELINE ? att_plot_timeline(path, NULL, 0, &s, &o, m, err)
                                : att_plot_fit(path, &o, m, err);
    fclose(m);
    if (rc != ATT_OK) {
        ck_assert_msg(len == 0, "%s refused with %zu bytes written", kinds[kind], len);
        free(*svg);
        *svg = NULL;
    }
    return rc;
}

/* Every text inside the figure and no two within GAP of each other (but
 * two turned texts, fit's window names side by side at a slot's pitch,
 * whose boxes overlap where their ink does not); with `whole`, none cut
 * with an ellipsis. */
static void check_texts(const char *svg, const char *what, int whole)
{
    svg_doc d;
    svg_read(svg, &d);
    svg_text *t;
    size_t n = svg_texts(svg, &t);
    ck_assert_msg(n > 5, "%s: %zu texts", what, n);
    for (size_t i = 0; i < n; i++) {
        if (!t[i].inked)
            continue;
        ck_assert_msg(!whole || t[i].cut == 0, "%s: text %zu at %g..%g x %g..%g is cut", what, i,
                      t[i].x0, t[i].x1, t[i].y0, t[i].y1);
        ck_assert_msg(t[i].x0 >= 0 && t[i].x1 <= d.width && t[i].y0 >= 0 && t[i].y1 <= d.height,
                      "%s: text %zu at %g..%g x %g..%g leaves the %g x %g figure", what, i,
                      t[i].x0, t[i].x1, t[i].y0, t[i].y1, d.width, d.height);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg((t[i].turned && t[j].turned) || svg_texts_apart(&t[i], &t[j], GAP), "%s: texts %zu (%g..%g x %g..%g) "
                          "and %zu (%g..%g x %g..%g) touch", what, j, t[j].x0, t[j].x1, t[j].y0,
                          t[j].y1, i, t[i].x0, t[i].x1, t[i].y0, t[i].y1);
    }
    free(t);
    svg_free(&d);
}

/* Legend swatches of lines (km, timeline): level strokes 2 points wide
 * and 12 long. */
static size_t swatches(const char *svg)
{
    svg_doc d;
    svg_read(svg, &d);
    size_t idx[256], n = svg_find(&d, "stroke-width:2;", idx, 256), found = 0;
    for (size_t i = 0; i < n && i < 256; i++) {
        const svg_shape *s = &d.shapes[idx[i]];
        found += s->npoints == 2 && fabs(s->x1 - s->x0 - 12) < 1e-6 && s->y0 == s->y1;
    }
    svg_free(&d);
    return found;
}

/* The least a refusal names: "--FLAG V: too small ...; at least L inches". */
static double least_named(const att_error *err, const char *flag, double v, int kind)
{
    char want[160];
    double least = 0;
    snprintf(want, sizeof want, "%s %g: too small for this %s figure; at least ", flag, v,
             kinds[kind]);
    ck_assert_msg(strncmp(err->msg, want, strlen(want)) == 0, "message '%s'", err->msg);
    ck_assert(sscanf(err->msg + strlen(want), "%lf", &least) == 1);
    ck_assert_msg(least > v, "%s %g refused, naming %g", flag, v, least);
    return least;
}

/* At w x h: drawn and checked, or refused naming a least that is drawn
 * and checked while a tenth below it is refused.  The least, or 0. */
static double draw_or_least(int kind, const char *path, double w, double h, size_t curves)
{
    char *svg, what[96];
    att_error err = { 0 };
    snprintf(what, sizeof what, "%s at %g x %g in", kinds[kind], w, h);
    if (draw(kind, path, w, h, &svg, &err) == ATT_OK) {
        check_texts(svg, what, kind == FIT);
        ck_assert(kind != KM || swatches(svg) == curves);
        free(svg);
        return 0;
    }
    ck_assert_int_eq(err.code, ATT_EINPUT);
    int wide = strncmp(err.msg, "--width", 7) == 0;
    double least = least_named(&err, wide ? "--width" : "--height", wide ? w : h, kind);
    double lw = wide ? least : w, lh = wide ? h : least;
    snprintf(what, sizeof what, "%s at its least, %g x %g in", kinds[kind], lw, lh);
    int rc = draw(kind, path, lw, lh, &svg, &err);
    if (rc != ATT_OK && wide && strncmp(err.msg, "--height", 8) == 0)   /* then the height */
        rc = draw(kind, path, lw, lh = least_named(&err, "--height", h, kind), &svg, &err);
    ck_assert_msg(rc == ATT_OK, "%s: %s", what, err.msg);
    check_texts(svg, what, kind == FIT);
    ck_assert(kind != KM || swatches(svg) == curves);
    free(svg);
    ck_assert(draw(kind, path, wide ? least - 0.1 : lw, wide ? lh : least - 0.1, &svg, &err)
              == ATT_EINPUT);
    return least;
}

/* km of five curves at every width from 2 to 12 inches by quarters: its
 * legend (wrapped where it must be) and its table inside and apart, one
 * swatch a curve; the narrowest widths refused naming their least. */
START_TEST(km_every_width)
{
    char path[64];
    results(path, sizeof path, 5, 6, 1);
    int refused = 0;
    for (double w = 2; w <= 12; w += 0.25)
        refused += draw_or_least(KM, path, w, 0, 5) > 0;
    ck_assert_msg(refused > 0 && refused < 12, "%d widths refused", refused);
    unlink(path);
}
END_TEST

/* km of 20 curves: every one in the legend and the table at the default
 * size, which grows to the least height that holds them, the height a
 * refusal of the default 5.5 in names; the same bytes twice. */
START_TEST(km_many_curves)
{
    char path[64], *svg, *again;
    results(path, sizeof path, 20, 2, 1);
    att_error err = { 0 };
    ck_assert_msg(draw(KM, path, 0, 0, &svg, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(swatches(svg), 20);
    check_texts(svg, "km of 20 curves", 0);
    ck_assert_int_eq(draw(KM, path, 0, 0, &again, &err), ATT_OK);
    ck_assert_str_eq(svg, again);
    svg_doc d;
    svg_read(svg, &d);
    ck_assert_double_eq_tol(d.width, 8 * 72, 1e-9);
    char *refusal;
    ck_assert_int_eq(draw(KM, path, 0, 5.5, &refusal, &err), ATT_EINPUT);
    double least = least_named(&err, "--height", 5.5, KM);
    ck_assert_double_eq_tol(d.height, 72 * least, 1e-6);
    ck_assert(draw(KM, path, 0, least - 0.1, &refusal, &err) == ATT_EINPUT);
    svg_free(&d);
    free(svg);
    free(again);
    for (double w = 3; w <= 9; w += 1.5)
        draw_or_least(KM, path, w, 0, 20);
    unlink(path);
}
END_TEST

/* Batch results of three conditions named "a", "b", "c" and then `len`
 * - 1 times `ch` (one character, UTF-8), 60 latencies each. */
static void long_names(char *path, size_t size, int len, const char *ch)
{
    char *text = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&text, &n);
    fprintf(m, "experiment,run,runs,condition,replicate,seed,all.latencies\n");
    for (int c = 0; c < 3; c++) {
        fprintf(m, "x,%d,3,%c", c + 1, 'a' + c);
        for (int i = 1; i < len; i++)
            fputs(ch, m);
        fprintf(m, ",1,%d,", c + 1);
        for (int i = 0; i < 60; i++)
            fprintf(m, "%s%.1f%s", i ? " " : "", 0.2 + 0.1 * i * (c + 1), i % 7 ? "" : "+");
        fputc('\n', m);
    }
    fclose(m);
    temp_file(path, size, text);
    free(text);
}

/* The least width a refusal of km at --width 3 names. */
static double km_least(const char *path)
{
    char *svg;
    att_error err = { 0 };
    ck_assert_int_eq(draw(KM, path, 3, 0, &svg, &err), ATT_EINPUT);
    return least_named(&err, "--width", 3, KM);
}

/* km of curves named with 271 characters (ASCII, and "é" in UTF-8) is
 * drawn at the default 8 x 5.5 in (it asked for 41 in): the table's names
 * (left of the panel, from 10 points) cut with an ellipsis inside the
 * left third, every text inside and apart; a size too narrow names one
 * least whatever the names' length (100 or 271 characters), at most the
 * default width, which is then drawn (draw_or_least). */
START_TEST(km_long_names)
{
    static const char *const chars[] = { "a", "\xc3\xa9" };
    char path[64], *svg;
    for (int k = 0; k < 2; k++) {
        att_error err = { 0 };
        long_names(path, sizeof path, 271, chars[k]);
        ck_assert_msg(draw(KM, path, 0, 0, &svg, &err) == ATT_OK, "%s", err.msg);
        check_texts(svg, "km of 271-character names", 0);
        svg_doc d;
        svg_read(svg, &d);
        ck_assert_double_eq_tol(d.width, 8 * 72, 1e-9);
        ck_assert_double_eq_tol(d.height, 5.5 * 72, 1e-9);
        svg_text *t;
        size_t n = svg_texts(svg, &t), cut = 0, whole = 0;
        for (size_t i = 0; i < n; i++)
            if (t[i].inked && t[i].x0 < 15) {   /* the table's header and names */
                cut += t[i].cut == 1, whole += t[i].cut == 0;
                ck_assert_msg(t[i].x1 <= d.width / 3, "a name to %g of %g", t[i].x1, d.width);
            }
        ck_assert_uint_eq(cut, 3);
        ck_assert_uint_eq(whole, 1);   /* "Number at risk" */
        free(t);
        svg_free(&d);
        free(svg);
        double least = km_least(path);
        ck_assert_msg(least <= 8, "least %g in", least);
        draw_or_least(KM, path, 3, 0, 3);
        unlink(path);
        long_names(path, sizeof path, 100, chars[k]);
        ck_assert_double_eq(km_least(path), least);
        unlink(path);
    }
}
END_TEST

/* A timeline of 20 conditions: one legend entry (a level stroke 2 points
 * wide and 12 long, as km's) for each, all inside and apart. */
START_TEST(timeline_many_lines)
{
    char path[64], *svg;
    results(path, sizeof path, 20, 1, 4);
    att_error err = { 0 };
    ck_assert_msg(draw(TIMELINE, path, 0, 0, &svg, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(swatches(svg), 20);
    check_texts(svg, "timeline of 20 lines", 0);
    free(svg);
    unlink(path);
}
END_TEST

/* Small figures of each kind: every text inside and apart (tick numbers
 * fewer where they would touch), or refused naming a least that holds. */
START_TEST(small_sizes_apart)
{
    char plain[64], days[64];
    results(plain, sizeof plain, 5, 21, 1);
    results(days, sizeof days, 2, 3, 30);
    const double sizes[] = { 1.5, 2, 2.5, 3, 4 };
    for (int kind = KM; kind <= TIMELINE; kind++)
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                draw_or_least(kind, kind == TIMELINE ? days : plain, sizes[i], sizes[j], 5);
    unlink(plain);
    unlink(days);
}
END_TEST

/* fit at every width from 2 to 12 inches by quarters: its titles, z
 * numbers, "not fitted", key, caption, table and warnings inside, apart
 * and never cut with an ellipsis; the narrow widths refused naming their
 * least (5.2 in, where titles and numbers were cut before, among them). */
START_TEST(fit_every_width)
{
    char path[64];
    fit_table(path, sizeof path);
    int refused = 0;
    for (double w = 2; w <= 12; w += 0.25)
        refused += draw_or_least(FIT, path, w, 0, 0) > 0;
    ck_assert_msg(refused > 13 && refused < 30, "%d widths refused", refused);
    char *svg;
    att_error err = { 0 };
    ck_assert_int_eq(draw(FIT, path, 5.2, 0, &svg, &err), ATT_EINPUT);
    unlink(path);
}
END_TEST

/* Every fit table under tests/probe/calib-* (written by attune fit) draws
 * at the default size, its texts inside, apart and none cut: most need a
 * width above the default 10 inches (they were refused, "--width 10 (the
 * default): too small"), which grows to the least, that is, to a width
 * that, given, is drawn while a tenth of an inch less is refused. */
START_TEST(calib_fits_default_size)
{
    static const char *const pats[] = { SRC("tests/probe/calib-*/fit*.csv"),
                                        SRC("tests/probe/calib-*/*/fit*.csv") };
    size_t n = 0, grown = 0;
    for (int k = 0; k < 2; k++) {
        glob_t g;
        ck_assert_int_eq(glob(pats[k], 0, NULL, &g), 0);
        for (size_t i = 0; i < g.gl_pathc; i++, n++) {
            char *svg, what[512];
            att_error err = { 0 };
            snprintf(what, sizeof what, "fit of %s at the default size", g.gl_pathv[i]);
            ck_assert_msg(draw(FIT, g.gl_pathv[i], 0, 0, &svg, &err) == ATT_OK, "%s: %s", what,
                          err.msg);
            check_texts(svg, what, 1);
            svg_doc d;
            svg_read(svg, &d);
            double w = d.width / 72;
            ck_assert_msg(w >= 10 - 1e-9, "%s: %g in wide", what, w);
            if (w > 10 + 1e-9) {   /* grown: to the least, in tenths */
                grown++;
                ck_assert_msg(fabs(w * 10 - round(w * 10)) < 1e-9, "%s: %.17g in", what, w);
                char *s2;   /* the height the width given has: the same figure */
                double tenths = round(w * 10) / 10;   /* as given on a command line */
                ck_assert_int_eq(draw(FIT, g.gl_pathv[i], tenths, 0, &s2, &err), ATT_OK);
                ck_assert_msg(strcmp(svg, s2) == 0, "%s: not as drawn --width %g", what, w);
                free(s2);
                ck_assert_int_eq(draw(FIT, g.gl_pathv[i], w - 0.1, 0, &s2, &err), ATT_EINPUT);
                ck_assert_msg(strstr(err.msg, "--width") == err.msg, "%s", err.msg);
            }
            svg_free(&d);
            free(svg);
        }
        globfree(&g);
    }
    ck_assert_msg(n >= 15 && grown >= 14, "%zu tables, %zu grown", n, grown);
}
END_TEST

/* A fit table of three statistics in `nw` windows named "00", "01", ...
 * (narrow names), z from -5.5 to 9.8. */
static void fit_windows(char *path, size_t size, int nw)
{
    static const char *const stats[] = { "matched_prop", "ruptures_per_min", "latency_q75_s" };
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    fprintf(m, "kind,name,value,lo,hi,observed,simulated,variance,z\n"
               "parameter,caregiver.wait_time,12.4,1,20,,,,\n");
    for (int i = 0; i < 3; i++)
        for (int w = 0; w < nw; w++) {
            double obs = 0.3 + 0.02 * w + 0.5 * i, var = 0.01 * (i + 1), z = 0.7 * (w - 5) - i;
            fprintf(m, "statistic,%02d.%s,,,,%g,%g,%g,%g\n", w, stats[i], obs,
                    obs - z * sqrt(var), var, z);
        }
    fprintf(m, "fit,j_stat,156.37,,,,,,\nfit,j_df,26,,,,,,\n");
    fclose(m);
    temp_file(path, size, text);
    free(text);
}

/* A fit whose default 10 in grows (20 windows a panel, their z numbers
 * side by side: to 15.5 in) is laid out for the width it grew to: the
 * same figure, size and bytes, as drawn --width 15.5 (the windows' names
 * level there, turned at 10 in, where it kept 10 in's height, 5.3 points
 * more); texts inside, apart and whole. */
START_TEST(fit_grown_height)
{
    char path[64], *svg, *given;
    fit_windows(path, sizeof path, 20);
    att_error err = { 0 };
    ck_assert_msg(draw(FIT, path, 0, 0, &svg, &err) == ATT_OK, "%s", err.msg);
    check_texts(svg, "fit grown to 15.5 in", 1);
    svg_doc d, e;
    svg_read(svg, &d);
    ck_assert_double_eq_tol(d.width, 15.5 * 72, 1e-9);
    ck_assert_msg(draw(FIT, path, 15.5, 0, &given, &err) == ATT_OK, "%s", err.msg);
    svg_read(given, &e);
    ck_assert_double_eq_tol(d.height, e.height, 1e-9);
    ck_assert_str_eq(svg, given);
    svg_free(&d);
    svg_free(&e);
    free(svg);
    free(given);
    ck_assert_int_eq(draw(FIT, path, 15.4, 0, &svg, &err), ATT_EINPUT);
    unlink(path);
}
END_TEST

/* A default height grown past a PNG's 32767-pixel side is refused as a
 * side given so: km of 45 curves 3 in wide at 1200 dpi grows (its legend
 * and table) to a height whose pixels are named, over 32767; at 300 dpi
 * the same figure is drawn, a quarter of those pixels high. */
START_TEST(grown_png_side_refused)
{
    char path[64];
    results(path, sizeof path, 45, 2, 1);
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.format = ATT_PLOT_PNG, o.width = 3, o.dpi = 1200;
    att_plot_select s = { 0 };
    const char *files[] = { path };
    char *png = NULL;
    size_t len = 0;
    att_error err = { 0 };
    FILE *m = open_memstream(&png, &len);
    ck_assert_int_eq(att_plot_km(files, 1, &s, &o, m, &err), ATT_EINPUT);
    fclose(m);
    ck_assert_uint_eq(len, 0);
    free(png);
    unsigned long w = 0, h = 0;
    char tail[64] = "";
    ck_assert_msg(sscanf(err.msg, "a PNG of %lu x %lu pixels %63[^\n]", &w, &h, tail) == 3,
                  "%s", err.msg);
    ck_assert_str_eq(tail, "is too large; lower --dpi");
    ck_assert_uint_eq(w, 3600);
    ck_assert_uint_gt(h, 32767);
    o.dpi = 300;
    m = open_memstream(&png, &len);
    ck_assert_msg(att_plot_km(files, 1, &s, &o, m, &err) == ATT_OK, "%s", err.msg);
    fclose(m);
    ck_assert(len > 24 && memcmp(png, "\x89PNG", 4) == 0);
    const unsigned char *b = (const unsigned char *)png;
    unsigned long pw = (unsigned long)b[16] << 24 | (unsigned long)b[17] << 16 | b[18] << 8 | b[19];
    unsigned long ph = (unsigned long)b[20] << 24 | (unsigned long)b[21] << 16 | b[22] << 8 | b[23];
    ck_assert_uint_eq(pw, 900);
    ck_assert_msg(ph * 4 >= h - 2 && ph * 4 <= h + 2, "%lu px at 300 dpi, %lu at 1200", ph, h);
    free(png);
    unlink(path);
}
END_TEST

/* The stroke colour and dash pattern ("" solid) in a shape's style. */
static void stroke_of(const char *style, char *colour, char *dash, size_t cap)
{
    const char *c = strstr(style, "stroke:"), *d = strstr(style, "stroke-dasharray:");
    ck_assert_ptr_nonnull(c);
    snprintf(colour, cap, "%.*s", (int)strcspn(c + 7, ";"), c + 7);
    snprintf(dash, cap, "%.*s", d ? (int)strcspn(d + 17, ";") : 0, d ? d + 17 : "");
}

/* What a 12-point swatch stroked with `style` shows: its inked runs
 * ("0-3 6-12"), from the style's stroke-dasharray and stroke-dashoffset
 * (SVG's rules: the pattern repeats, begun `offset` into it). */
static void swatch_runs(const char *style, char *out, size_t cap)
{
    double dash[16], offset = 0, period = 0;
    size_t n = 0, len = 0;
    const char *d = strstr(style, "stroke-dasharray:"), *o = strstr(style, "stroke-dashoffset:");
    for (const char *p = d ? d + 17 : NULL; p && n < 16;) {
        dash[n] = strtod(p, NULL);
        period += dash[n++];
        size_t to = strcspn(p, ",;");
        p = p[to] == ',' ? p + to + 1 : NULL;   /* the next number, or the pattern's end */
    }
    if (o)
        offset = strtod(o + 18, NULL);
    out[0] = '\0';
    if (!n) {
        snprintf(out, cap, "0-12");
        return;
    }
    double at = -fmod(offset, period);   /* where the pattern's start falls */
    for (size_t k = 0; at < 12; k = (k + 1) % n) {
        double a = fmax(at, 0), b = fmin(at + dash[k], 12);
        if (k % 2 == 0 && b > a + 1e-9)
            len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, "%s%g-%g",
                                    len ? " " : "", a, b);
        at += dash[k];
    }
}

/* The lines of `width` (their style) in a figure of n series: the legend's
 * swatches (level, 12 points long, 2 wide) in order and the series'
 * lines (more than 2 points).  Series 1 to 8
 * solid, 9 to 16 in long dashes (7 on, 3 off), 17 to 24 dotted (1.5 on,
 * 2.5 off), 25 to 32 dash-dot (7, 2.5, 1.5, 2.5), 33 to 40 long dash-dot
 * (12, 3, 3, 3) -- written here, not read from the program; the colours
 * again from series 9 on, so the swatch of series i + 8 has the colour of
 * series i; no two swatches alike, nor showing the same in their 12
 * points (the long dash-dot from its start would show its 12-point dash
 * alone, as series i - 32's solid swatch: it begins at its dot, 3 on, 3
 * off, then 6 of its dash); each line as one of the swatches, and each
 * dashed swatch's series drawn so. */
#define MAXL 128
static void check_dashes(const char *svg, const char *width, size_t n, const char *what)
{
    static const char *const want[] = { "", "7,3", "1.5,2.5", "7,2.5,1.5,2.5", "12,3,3,3" };
    static char shows[MAXL][64];
    svg_doc d;
    svg_read(svg, &d);
    static char colour[MAXL][64], dash[MAXL][64], lc[MAXL][64], ld[MAXL][64];
    size_t ns = 0, nl = 0;
    for (size_t i = 0; i < d.n; i++) {
        const svg_shape *sh = &d.shapes[i];
        int swatch = strstr(sh->style, "stroke-width:2;") && sh->npoints == 2
                     && fabs(sh->x1 - sh->x0 - 12) < 1e-6 && sh->y0 == sh->y1;
        if (swatch && ns < MAXL) {
            swatch_runs(sh->style, shows[ns], 64);
            stroke_of(sh->style, colour[ns], dash[ns], 64), ns++;
        }
        else if (strstr(sh->style, width) && sh->npoints > 2 && nl < MAXL)
            stroke_of(sh->style, lc[nl], ld[nl], 64), nl++;
    }
    ck_assert_msg(ns == n && nl >= n / 2 && nl < MAXL, "%s: %zu swatches, %zu lines", what, ns, nl);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(strcmp(dash[i], want[i / 8]) == 0, "%s: swatch %zu dashed '%s'", what,
                      i + 1, dash[i]);
        ck_assert(i < 8 || strcmp(colour[i], colour[i - 8]) == 0);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(colour[i], colour[j]) != 0 || strcmp(shows[i], shows[j]) != 0,
                          "%s: swatches %zu and %zu alike (%s)", what, j + 1, i + 1, shows[i]);
    }
    ck_assert(n < 33 || strcmp(shows[32], "0-3 6-12") == 0);
    size_t drawn[MAXL] = { 0 };   /* lines of each series */
    for (size_t k = 0; k < nl; k++) {
        size_t j = 0;
        while (j < n && (strcmp(lc[k], colour[j]) != 0 || strcmp(ld[k], dash[j]) != 0))
            j++;
        ck_assert_msg(j < n, "%s: line %zu (%s, dashes '%s') is no series' swatch", what, k + 1,
                      lc[k], ld[k]);
        drawn[j]++;
    }
    for (size_t j = 8; j < n; j++)   /* the dashed ones drawn as in their swatch */
        ck_assert_msg(drawn[j] > 0, "%s: no line as swatch %zu", what, j + 1);
    svg_free(&d);
}

/* Series past the palette's eight colours (km's curves, timeline's
 * lines) have a dash pattern of their own, the same in the legend. */
START_TEST(many_series_dashed)
{
    char path[64], *svg;
    att_error err = { 0 };
    results(path, sizeof path, 40, 2, 1);
    ck_assert_msg(draw(KM, path, 0, 0, &svg, &err) == ATT_OK, "%s", err.msg);
    check_dashes(svg, "stroke-width:2;", 40, "km of 40 curves");
    free(svg);
    unlink(path);
    results(path, sizeof path, 40, 1, 4);
    ck_assert_msg(draw(TIMELINE, path, 0, 0, &svg, &err) == ATT_OK, "%s", err.msg);
    check_dashes(svg, "stroke-width:1.8;", 40, "timeline of 40 lines");
    free(svg);
    unlink(path);
}
END_TEST

Suite *suite_plot_layout(void)
{
    Suite *s = suite_create("plot_layout");
    TCase *tc = fixture_tcase("core", setup);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, km_every_width);
    tcase_add_test(tc, km_many_curves);
    tcase_add_test(tc, km_long_names);
    tcase_add_test(tc, timeline_many_lines);
    tcase_add_test(tc, small_sizes_apart);
    tcase_add_test(tc, fit_every_width);
    tcase_add_test(tc, calib_fits_default_size);
    tcase_add_test(tc, fit_grown_height);
    tcase_add_test(tc, grown_png_side_refused);
    tcase_add_test(tc, many_series_dashed);
    suite_add_tcase(s, tc);
    return s;
}
