/* The data of `attune plot compare` and `attune plot sweep`
 * (plot/plot_compare.c) on tests/fixture.c's compare_results: the groups'
 * means worked out by hand, and their bootstrap intervals and Hedges' g
 * equal to the rows att_compare computes (the numbers `attune compare`
 * prints); a sweep ordered by the key's values; what each refuses; the
 * figure's layout: its two axis titles apart at every width. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/compare.h"
#include "plot/plot_data.h"

#define NEAR(a, b, tol)                                                                      \
    ck_assert_msg(fabs((a) - (b)) <= (tol), "%s = %.12g, expected %.12g", #a, (double)(a),    \
                  (double)(b))

static char path[64];

static void data_setup(void)
{
    setup();
    temp_file(path, sizeof path, compare_results);
}

static void data_teardown(void)
{
    unlink(path);
}

/* compare's METRIC row of `group` for all.METRIC, grouped by `by`. */
static att_compare_row compare_row(const char *by, const char *metric, const char *group)
{
    const char *m[] = { metric };
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.by = by;
    o.metrics = m;
    o.nmetrics = 1;
    att_compare *c = compare_ok(compare_results, &o);
    size_t n;
    const att_compare_row *r = att_compare_rows(c, &n);
    for (size_t i = 0; i < n; i++)
        if (r[i].group && strcmp(r[i].group, group) == 0) {
            att_compare_row row = r[i];
            att_compare_free(c);
            return row;
        }
    ck_abort_msg("no row %s", group);
    return r[0];
}

static void same(double a, double b)
{
    ck_assert_msg(a == b || (isnan(a) && isnan(b)), "%.17g != %.17g", a, b);
}

START_TEST(test_compare_groups)
{
    att_plot_cmp_opts o;
    att_plot_cmp_opts_init(&o);
    att_plot_groups g;
    att_error err = { 0 };
    ck_assert_msg(att_plot_compare_load(path, &o, &g, &err) == ATT_OK, "%s", err.msg);
    ck_assert_str_eq(g.window, "all");
    ck_assert_str_eq(g.metric, "matched_prop");
    ck_assert_str_eq(g.by, "condition");
    ck_assert_str_eq(g.baseline, "A");
    ck_assert_uint_eq(g.n, 3);
    /* by hand: A 0.5 0.6 0.7, B 0.3 0.4 0.5 0.6, C 0.9 */
    const char *names[] = { "A", "B", "C" };
    const double mean[] = { 0.6, 0.45, 0.9 };
    const long n[] = { 3, 4, 1 };
    for (int i = 0; i < 3; i++) {
        ck_assert_str_eq(g.g[i].name, names[i]);
        NEAR(g.g[i].mean, mean[i], 1e-12);
        ck_assert_int_eq(g.g[i].n, n[i]);
        ck_assert_int_eq(g.g[i].baseline, i == 0);
        att_compare_row r = compare_row(NULL, "all.matched_prop", names[i]);
        same(g.g[i].lo, r.boot_lo);
        same(g.g[i].hi, r.boot_hi);
        same(g.g[i].g, r.g);
        same(g.g[i].g_lo, r.g_lo);
        same(g.g[i].g_hi, r.g_hi);
    }
    ck_assert(g.g[0].lo < 0.6 && g.g[0].hi > 0.6 && g.g[0].lo >= 0.5 && g.g[0].hi <= 0.7);
    ck_assert(isnan(g.g[0].g));                        /* the baseline */
    ck_assert(g.g[1].g < 0 && g.g[1].g_lo < g.g[1].g && g.g[1].g < g.g[1].g_hi);
    ck_assert(isnan(g.g[2].lo));                       /* one run: no interval */
    att_plot_groups_free(&g);
    /* another metric, window and baseline */
    o.metric = "play.matched_prop";
    o.baseline = "B";
    ck_assert_int_eq(att_plot_compare_load(path, &o, &g, &err), ATT_OK);
    ck_assert_str_eq(g.window, "play");
    ck_assert_str_eq(g.baseline, "B");
    NEAR(g.g[1].mean, (0.2 + 0.25 + 0.3 + 0.45) / 4, 1e-12);
    ck_assert(isnan(g.g[1].g) && !isnan(g.g[0].g));
    att_plot_groups_free(&g);
}
END_TEST

START_TEST(test_sweep_groups)
{
    att_plot_cmp_opts o;
    att_plot_cmp_opts_init(&o);
    o.by = "caregiver.wait_time";
    att_plot_groups g;
    att_error err = { 0 };
    ck_assert_msg(att_plot_sweep_load(path, &o, &g, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(g.n, 2);
    /* wait 1.5: runs 1 3 5 7; wait 2.5: runs 2 4 6 8 */
    NEAR(g.g[0].x, 1.5, 0);
    NEAR(g.g[1].x, 2.5, 0);
    NEAR(g.g[0].mean, (0.5 + 0.7 + 0.4 + 0.6) / 4, 1e-12);
    NEAR(g.g[1].mean, (0.6 + 0.3 + 0.5 + 0.9) / 4, 1e-12);
    att_compare_row r = compare_row("caregiver.wait_time", "all.matched_prop", "2.5");
    same(g.g[1].lo, r.boot_lo);
    same(g.g[1].hi, r.boot_hi);
    att_plot_groups_free(&g);
}
END_TEST

static void expect_refused(int sweep, const char *by, const char *metric, const char *want)
{
    att_plot_cmp_opts o;
    att_plot_cmp_opts_init(&o);
    o.by = by;
    o.metric = metric;
    att_plot_groups g;
    att_error err = { 0 };
    int rc = sweep ? att_plot_sweep_load(path, &o, &g, &err)
                   : att_plot_compare_load(path, &o, &g, &err);
    ck_assert_msg(rc == ATT_EINPUT, "rc %d: %s", rc, err.msg);
    ck_assert_msg(strstr(err.msg, want), "message '%s', expected '%s'", err.msg, want);
    ck_assert_uint_eq(g.n, 0);
}

START_TEST(test_refused)
{
    expect_refused(0, NULL, "all.repair_latency", "attune plot km");
    expect_refused(0, NULL, "all.matched_porp", "matched_prop");
    expect_refused(0, "colour", NULL, "no column 'colour'");
    expect_refused(1, NULL, NULL, "--by");
    expect_refused(1, "condition", NULL, "value 'A' is not a number");
}
END_TEST

/* A batch cut short: refused, as by attune compare, unless partial; then
 * the groups hold the runs there are and say which are missing. */
START_TEST(partial_results_drawn_when_asked)
{
    char cut[64];
    temp_file(cut, sizeof cut, "experiment,run,runs,condition,replicate,seed,all.matched_prop\n"
                               "e,1,4,A,1,11,0.5\ne,2,4,A,2,12,0.75\ne,3,4,B,1,13,0.25\n");
    att_plot_cmp_opts o;
    att_plot_cmp_opts_init(&o);
    att_plot_groups g;
    att_error err = { 0 };
    ck_assert_int_eq(att_plot_compare_load(cut, &o, &g, &err), ATT_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "runs 4 of 4 are missing"));
    o.partial = 1;
    ck_assert_int_eq(att_plot_compare_load(cut, &o, &g, &err), ATT_OK);
    ck_assert_str_eq(g.missing, "runs 4 of 4");
    ck_assert_uint_eq(g.n, 2);
    ck_assert_int_eq(g.g[0].n, 2);   /* A: runs 1 and 2 */
    NEAR(g.g[0].mean, 0.625, 1e-12);
    ck_assert_int_eq(g.g[1].n, 1);   /* B: run 3 alone */
    char title[64] = "matched share by condition";   /* the figure's title says it */
    att_plot_note_missing(&g, title, sizeof title);
    ck_assert_str_eq(title, "matched share by condition (runs 4 of 4 missing)");
    att_plot_groups_free(&g);
    /* nothing missing: no note */
    ck_assert_int_eq(att_plot_compare_load(path, &o, &g, &err), ATT_OK);
    ck_assert_ptr_null(g.missing);
    char plain[64] = "matched share by condition";
    att_plot_note_missing(&g, plain, sizeof plain);
    ck_assert_str_eq(plain, "matched share by condition");
    att_plot_groups_free(&g);
    unlink(cut);
}
END_TEST

/* The forest panel's words, as compare's table: '-' for a g a group of
 * one run cannot have, no interval when it has none. */
START_TEST(g_text_says_what_is_known)
{
    char buf[128];
    att_plot_group p = { .name = "one", .n = 1, .g = NAN, .g_lo = NAN, .g_hi = NAN };
    att_plot_cmp_g_text(&p, buf, sizeof buf);
    ck_assert_str_eq(buf, "-  n = 1");
    p = (att_plot_group){ .name = "two", .n = 2, .g = 0.5, .g_lo = NAN, .g_hi = NAN };
    att_plot_cmp_g_text(&p, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.50  n = 2");
    p = (att_plot_group){ .name = "many", .n = 20, .g = -0.126, .g_lo = -0.5, .g_hi = 0.25 };
    att_plot_cmp_g_text(&p, buf, sizeof buf);
    ck_assert_str_eq(buf, "-0.13 [-0.50, 0.25]  n = 20");
}
END_TEST

/* The compare figure's layout at width `inches` (the default height). */
static void lay_out(const att_plot_groups *g, double inches, const char *const titles[2],
                    att_fig **f, att_plot_cmp_layout *L)
{
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.width = inches;
    o.dpi = 72;
    att_error err = { 0 };
    *f = att_fig_new(&o, 9, 3, "a figure", NULL, &err);   /* never written: att_fig_free */
    ck_assert_msg(*f != NULL, "%s", err.msg);
    att_plot_cmp_lay_out(*f, g, titles, L);
}

/* Title t's lines joined by spaces. */
static void joined(const att_plot_cmp_title *t, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < t->text.nlines; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? " " : "", t->text.line[i]);
}

/* The two axis titles never meet: at every width plot accepts, 1 to 50
 * inches by quarters, each title's box lies inside the figure, below its
 * panel's tick numbers, on its own side of the middle of the gap between
 * the panels, and the two boxes are at least 12 points apart; each line,
 * measured here, fits its box.  Long titles (wrapped from 4 inches on, not
 * cut: their lines joined give them back) and one with a word too long
 * for a narrow figure (cut there, still apart). */
START_TEST(titles_never_meet)
{
    att_plot_cmp_opts o;
    att_plot_cmp_opts_init(&o);
    att_plot_groups g;
    att_error err = { 0 };
    ck_assert_int_eq(att_plot_compare_load(path, &o, &g, &err), ATT_OK);
    const char *const sets[2][2] = {
        { "restricted mean time to repair (s), still-face: mean, 95% CI",
          "Hedges' g vs withdrawn, 95% CI" },
        { "matched share: mean, 95% CI",
          "Hedges' g vs a-baseline-named-at-great-length-without-spaces, 95% CI" },
    };
    for (int k = 0; k < 2; k++)
        for (double in = 1; in <= 50; in += 0.25) {
            att_fig *f;
            att_plot_cmp_layout L;
            lay_out(&g, in, sets[k], &f, &L);
            double W = 72 * in, mid = L.left + L.pw + L.gap / 2;
            const att_plot_cmp_title *a = &L.title[0], *b = &L.title[1];
            ck_assert_msg(L.pw > 0 && L.gap > 0, "%g in: panels %g, gap %g", in, L.pw, L.gap);
            ck_assert_msg(a->x1 + 12 <= b->x0 + 1e-9, "%g in: titles meet: %g..%g and %g..%g",
                          in, a->x0, a->x1, b->x0, b->x1);
            ck_assert_msg(a->x1 <= mid && b->x0 >= mid, "%g in: a title crosses the gap", in);
            for (int t = 0; t < 2; t++) {
                const att_plot_cmp_title *p = &L.title[t];
                ck_assert_msg(p->x0 >= 0 && p->x1 <= W && p->y1 <= 72 * 3, "%g in: title %d "
                              "leaves the figure", in, t);
                ck_assert(p->y0 >= L.top + L.ph + 2 * ATT_FIG_FONT_SMALL);
                ck_assert(p->text.nlines >= 1 && p->text.nlines <= ATT_FIG_LINES);
                ck_assert(p->text.size >= 7 && p->text.size <= ATT_FIG_FONT);
                for (int i = 0; i < p->text.nlines; i++)
                    ck_assert_msg(att_fig_text_width(f, p->text.line[i], p->text.size)
                                      <= p->x1 - p->x0 + 1e-9,
                                  "%g in: line '%s' is wider than its box", in,
                                  p->text.line[i]);
                char all[700];
                joined(p, all, sizeof all);
                if (k == 0 && in >= 4)
                    ck_assert_str_eq(all, sets[k][t]);
            }
            att_fig_free(f);
        }
    att_plot_groups_free(&g);
}
END_TEST

/* At the default 9 inches the layout is the one before titles were laid
 * out: names column 50 points (A, B and C are narrow), gap 30, the numbers
 * room for "-88.88 [-88.88, -88.88]  n = 8888" and 14 points, the panels
 * sharing the rest; short titles one line at 11 points, centred under
 * their panels.  And the figure draws at the narrowest width and others. */
START_TEST(default_width_as_before)
{
    att_plot_cmp_opts o;
    att_plot_cmp_opts_init(&o);
    att_plot_groups g;
    att_error err = { 0 };
    ck_assert_int_eq(att_plot_compare_load(path, &o, &g, &err), ATT_OK);
    const char *const titles[2] = { "matched share: mean, 95% CI", "Hedges' g vs A, 95% CI" };
    att_fig *f;
    att_plot_cmp_layout L;
    lay_out(&g, 9, titles, &f, &L);
    double numbers = att_fig_text_width(f, "-88.88 [-88.88, -88.88]  n = 8888",
                                        ATT_FIG_FONT_SMALL) + 14;
    NEAR(L.left, 50, 0);
    NEAR(L.gap, 30, 0);
    NEAR(L.numbers, numbers, 0);
    NEAR(L.pw, (648 - 50 - numbers - 30) / 2, 1e-9);
    for (int t = 0; t < 2; t++) {
        ck_assert_int_eq(L.title[t].text.nlines, 1);
        ck_assert_str_eq(L.title[t].text.line[0], titles[t]);
        NEAR(L.title[t].text.size, ATT_FIG_FONT, 0);
    }
    NEAR(L.title[0].centre, 50 + L.pw / 2, 1e-9);
    NEAR(L.title[1].centre, 50 + L.pw + 30 + L.pw / 2, 1e-9);
    att_fig_free(f);
    att_plot_groups_free(&g);
    const double widths[] = { 1, 2.5, 6, 50 };
    for (int i = 0; i < 4; i++) {
        att_plot_opts po;
        att_plot_opts_init(&po);
        po.width = widths[i];
        po.dpi = 10;
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        int rc = att_plot_compare(path, NULL, &po, mem, &err);
        fclose(mem);
        ck_assert_msg(rc == ATT_OK && len > 100, "%g in: %s", widths[i], err.msg);
        free(buf);
    }
}
END_TEST

Suite *suite_plot_compare(void)
{
    Suite *s = suite_create("plot_compare");
    TCase *tc = fixture_tcase("core", data_setup);
    tcase_add_checked_fixture(tc, NULL, data_teardown);
    tcase_add_test(tc, test_compare_groups);
    tcase_add_test(tc, test_sweep_groups);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, g_text_says_what_is_known);
    tcase_add_test(tc, partial_results_drawn_when_asked);
    tcase_add_test(tc, titles_never_meet);
    tcase_add_test(tc, default_width_as_before);
    suite_add_tcase(s, tc);
    return s;
}
