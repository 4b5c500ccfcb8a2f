/* `attune plot` checked from outside: poppler's pdfinfo parses the PDF and
 * reads the page size asked for; every category of a trace's strip has a
 * colour of its own (its legend swatches' fills pairwise different); the
 * help says what --session does for each kind; an option a kind does not
 * read is refused (exit 2, no figure); the censored-rupture legend entry
 * shows only when a censored rupture does.
 *
 * Through the fixture (tests/fixture.h), as tests/cli/test_plot.c. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char fig[192];

static void checks_setup(void)
{
    setup();
    in_work(fig, sizeof fig, "fig.svg");
}

static void plot_ok(const char *kind, const char *file, const char *out)
{
    result r = run_attune("plot", kind, file, "-o", out, NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    result_free(&r);
}

static void read_svg(const char *path, svg_doc *d)
{
    char *text = slurp(path, NULL);
    ck_assert_ptr_nonnull(text);
    svg_read(text, d);
    free(text);
}

START_TEST(test_pdfinfo_parses_page_size)
{
    char trace[192], pdf[192];
    in_work(trace, sizeof trace, "sf.csv");
    in_work(pdf, sizeof pdf, "fig.pdf");
    result r = run_attune("run", SRC("scenarios/still-face.ini"), "-q", "-o", trace, NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("plot", trace, "-o", pdf, "--width", "9", "--height", "7.5", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char cmd[300], text[4096];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", pdf);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(text, 1, sizeof text - 1, p);
    text[n] = 0;
    int st = pclose(p);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pdfinfo failed: %s", text);
    ck_assert_msg(strstr(text, "Syntax Error") == NULL && strstr(text, "Syntax Warning") == NULL,
                  "pdfinfo: %s", text);
    const char *line = strstr(text, "Page size:");
    ck_assert_msg(line != NULL, "no page size: %s", text);
    double w, h;   /* 9 x 7.5 in at 72 points an inch */
    ck_assert_int_eq(sscanf(line, "Page size: %lf x %lf pts", &w, &h), 2);
    ck_assert_double_eq_tol(w, 648, 1e-9);
    ck_assert_double_eq_tol(h, 540, 1e-9);
    ck_assert_ptr_nonnull(strstr(text, "Pages:"));
}
END_TEST

/* The fill of a shape's style ("rgb(...)"), to buf. */
static void fill_of(const svg_shape *s, char *buf, size_t cap)
{
    const char *f = strstr(s->style, "fill:");
    ck_assert_ptr_nonnull(f);
    f += 5;
    snprintf(buf, cap, "%.*s", (int)strcspn(f, ";"), f);
}

/* The session of a multi-session trace whose infant shows the most
 * different behaviours (columns session and infant_behavior), and how
 * many: read from the trace here, not from the plot. */
static int richest_session(const char *trace, int *count)
{
    char *text = slurp(trace, NULL);
    ck_assert_ptr_nonnull(text);
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    ck_assert_ptr_nonnull(line);
    struct fields row;
    fields_split(&row, line);
    size_t col_session = col_of(&row, "session"), col_behavior = col_of(&row, "infant_behavior");
    fields_free(&row);
    enum { MAX_SESSIONS = 64, MAX_KINDS = 16 };
    char seen[MAX_SESSIONS][MAX_KINDS][32];
    int nseen[MAX_SESSIONS] = { 0 };
    while ((line = strtok_r(NULL, "\n", &save))) {
        fields_split(&row, line);
        ck_assert(row.n > col_session && row.n > col_behavior);
        int session = (int)number_at(&row, col_session);
        const char *behavior = row.f[col_behavior];
        ck_assert(session >= 1 && session < MAX_SESSIONS);
        int k = 0;
        while (k < nseen[session] && strcmp(seen[session][k], behavior) != 0)
            k++;
        if (k == nseen[session]) {
            ck_assert_int_lt(k, MAX_KINDS);
            snprintf(seen[session][nseen[session]++], 32, "%s", behavior);
        }
        fields_free(&row);
    }
    free(text);
    int best = 1;
    for (int i = 1; i < MAX_SESSIONS; i++)
        best = nseen[i] > nseen[best] ? i : best;
    *count = nseen[best];
    return best;
}

/* A month of chronic-intrusive sessions: the session whose infant shows
 * the most behaviours (at least seven) has a swatch of its own for each
 * (protest-push once fell on look-away's yellow). */
START_TEST(test_strip_colours_distinct)
{
    char trace[192], nbuf[16];
    in_work(trace, sizeof trace, "ci.csv");
    result r = run_attune("run", SRC("scenarios/chronic-intrusive.ini"), "-q", "-o", trace, NULL);
    expect_status(&r, 0);
    result_free(&r);
    int kinds, session = richest_session(trace, &kinds);
    ck_assert_int_ge(kinds, 7);
    snprintf(nbuf, sizeof nbuf, "%d", session);
    r = run_attune("plot", "trace", trace, "--session", nbuf, "-o", fig, NULL);
    expect_status(&r, 0);
    result_free(&r);
    svg_doc d;
    read_svg(fig, &d);
    /* The legend swatches: opaque 12 x 8 point boxes; one row per strip
     * (each legend fits on one line of a 10 in figure). */
    size_t idx[256], n = svg_find(&d, "stroke:none;fill-rule:nonzero;fill-opacity:1", idx, 256);
    double rows[16];
    size_t nrows = 0, most = 0, swatches = 0;
    for (size_t i = 0; i < n && i < 256; i++) {
        const svg_shape *s = &d.shapes[idx[i]];
        if (fabs(s->x1 - s->x0 - 12) > 1e-6 || fabs(s->y1 - s->y0 - 8) > 1e-6)
            continue;
        swatches++;
        size_t k = 0;
        while (k < nrows && fabs(rows[k] - s->y0) > 1e-6)
            k++;
        if (k < nrows)
            continue;
        ck_assert_uint_lt(nrows, 16);
        rows[nrows++] = s->y0;
        char fills[32][160];
        size_t m = 0;
        for (size_t j = 0; j < n && j < 256; j++) {
            const svg_shape *t = &d.shapes[idx[j]];
            if (fabs(t->y0 - s->y0) > 1e-6 || fabs(t->x1 - t->x0 - 12) > 1e-6
                || fabs(t->y1 - t->y0 - 8) > 1e-6)
                continue;
            ck_assert_uint_lt(m, 32);
            fill_of(t, fills[m], sizeof fills[m]);
            for (size_t q = 0; q < m; q++)
                ck_assert_msg(strcmp(fills[q], fills[m]) != 0,
                              "two swatches of the legend at y %g share %s", s->y0, fills[m]);
            m++;
        }
        most = m > most ? m : most;
    }
    ck_assert_uint_ge(nrows, 5);      /* gaze, affect, behaviour, the two codes, matched */
    ck_assert_uint_ge(most, 7);       /* the behaviour strip: seven categories at least */
    ck_assert_uint_ge(swatches, 20);
    svg_free(&d);
}
END_TEST

START_TEST(test_session_help_says_per_kind)
{
    result r = run_attune("plot", "--help", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "--session N           one session of a multi-session file (default: "
                           "trace, the\n", "help");
    expect_contains(r.out, "first run's first session; km: all sessions pooled)", "help");
    ck_assert_ptr_null(strstr(r.out, "(default: all)"));
    result_free(&r);
}
END_TEST

static void expect_refused(const char *const *args, const char *want)
{
    char png[192];
    in_work(png, sizeof png, "bad.png");
    const char *argv[16];
    size_t n = 0;
    argv[n++] = "plot";
    for (; *args; args++)
        argv[n++] = *args;
    argv[n++] = "-o";
    argv[n++] = png;
    argv[n] = NULL;
    result r = run_argv(argv);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    expect_contains(r.err, want, "stderr");
    ck_assert_msg(!exists(png), "a figure was written");
    result_free(&r);
}

START_TEST(test_unread_options_refused)
{
    char res[192], rup[192];
    in_work(res, sizeof res, "res.csv");
    write_file(res, compare_results);
    in_work(rup, sizeof rup, "r.csv");
    write_file(rup, "run,phase,start_s,latency_s,censored,repaired_by,peak_infant_arousal,"
                    "phase_latency_s,phase_censored,file\n"
                    "r1,play,0,1,0,infant,,1,0,f.csv\n" "r1,play,3,2,1,,,2,1,f.csv\n");
    expect_refused((const char *[]){ "compare", res, "--from", "0", NULL },
                   "attune plot: --from does not apply to plot compare");
    expect_refused((const char *[]){ "sweep", res, "--by", "x", "--window", "all", NULL },
                   "--window does not apply to plot sweep");
    expect_refused((const char *[]){ "trace", rup, "--metric", "all.matched_prop", NULL },
                   "--metric does not apply to plot trace");
    expect_refused((const char *[]){ "km", res, "--run", "1", NULL },
                   "--run picks a run of a ruptures file");
    expect_refused((const char *[]){ "km", rup, "--session", "2", NULL },
                   "--session picks a session of batch results");
    /* what the kinds do read still works */
    char svg[192];
    in_work(svg, sizeof svg, "ok.svg");
    result r = run_attune("plot", "km", rup, "--run", "r1", "--to", "5", "-o", svg, NULL);
    expect_status(&r, 0);
    result_free(&r);
}
END_TEST

/* The hatched swatch: vermillion at opacity 0.25, 8 points high. */
static size_t hatch_swatches(const svg_doc *d)
{
    char red[64], style[128];
    svg_rgb(red, sizeof red, 213, 94, 0);
    snprintf(style, sizeof style, "fill:%s;fill-opacity:0.25", red);
    size_t idx[64], n = svg_find(d, style, idx, 64), k = 0;
    for (size_t i = 0; i < n && i < 64; i++)
        k += fabs(d->shapes[idx[i]].y1 - d->shapes[idx[i]].y0 - 8) < 1e-6;
    return k;
}

START_TEST(test_censored_legend_only_with_censored)
{
    char rep[192], cen[192];
    /* one rupture at 1 s, repaired at 3 s; then, in the second file, a
     * second one at 5 s that the file ends in */
    write_input(rep, sizeof rep, "rep.csv", "t,infant_code,caregiver_code\n0,positive,positive\n"
                "1,protest,intrusive\n3,positive,positive\n5,positive,positive\n");
    write_input(cen, sizeof cen, "cen.csv", "t,infant_code,caregiver_code\n0,positive,positive\n"
                "1,protest,intrusive\n3,positive,positive\n5,protest,intrusive\n"
                "6,protest,intrusive\n");
    svg_doc d;
    plot_ok("trace", rep, fig);
    read_svg(fig, &d);
    ck_assert_uint_eq(svg_ruptures(&d, 0, NULL, 0), 1);
    ck_assert_uint_eq(svg_ruptures(&d, 1, NULL, 0), 0);
    ck_assert_uint_eq(hatch_swatches(&d), 0);
    svg_free(&d);
    plot_ok("trace", cen, fig);
    read_svg(fig, &d);
    ck_assert_uint_eq(svg_ruptures(&d, 1, NULL, 0), 1);
    ck_assert_uint_eq(hatch_swatches(&d), 1);
    svg_free(&d);
}
END_TEST

Suite *suite_cli_plot_checks(void)
{
    Suite *s = suite_create("cli_plot_checks");
    TCase *tc = fixture_tcase("checks", checks_setup);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_pdfinfo_parses_page_size);
    tcase_add_test(tc, test_strip_colours_distinct);
    tcase_add_test(tc, test_session_help_says_per_kind);
    tcase_add_test(tc, test_unread_options_refused);
    tcase_add_test(tc, test_censored_legend_only_with_censored);
    suite_add_tcase(s, tc);
    return s;
}
