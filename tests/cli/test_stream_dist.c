/* The stream test of issue 19, part 4: a change that keeps the model but
 * changes its random stream (fewer draws) must leave the distributions of
 * the key statistics where they were.  tests/data/stream/ holds 1000 runs
 * of the default dyad in two shipped scenarios as the model made them
 * before (tests/stream_ref.sh, with its rule for rewriting them); each test
 * draws the same 1000 with the program of today by that script and
 * compares, statistic by statistic (infant gaze, positive and negative shares, matched share,
 * ruptures a minute and median repair latency, per phase), the mean
 * (Welch's z), the spread (Brown-Forsythe: Welch's z on the absolute
 * deviations from the median) and the share of runs where the statistic is
 * undefined (a two-proportion z), at a family-wise level of 0.001
 * (Bonferroni).
 *
 * The two samples are treated as independent, as two streams are.  While
 * the stream is unchanged they are the same numbers and every z is 0; the
 * other tests show that the comparison passes a second sample of the same
 * model (another experiment seed: what a new stream looks like) and
 * rejects a model moved by 30 % in one parameter. */
#include "tests/fixture.h"

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAMILY_ALPHA 0.001
#define MIN_DEFINED 30   /* fewer defined values in either sample: compare only the share */
#define MAX_COLS 32

/* One sample: a column per statistic, NAN where the field was empty. */
struct sample {
    size_t ncols, nrows;
    char *name[MAX_COLS];
    double *v[MAX_COLS];
};

static void sample_free(struct sample *s)
{
    for (size_t j = 0; j < s->ncols; j++) {
        free(s->name[j]);
        free(s->v[j]);
    }
}

/* Reads the columns of `want` (NULL: every column but `replicate`) from a
 * results CSV; fails the test when one is missing. */
static void sample_read(struct sample *s, const char *path, const struct sample *want)
{
    size_t len;
    char *text = slurp(path, &len);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    int nlines = count_lines(text);
    ck_assert_int_ge(nlines, 2);
    struct fields head;
    char line[4096];
    fields_split(&head, first_line(text, line, sizeof line));
    size_t col[MAX_COLS];
    memset(s, 0, sizeof *s);
    if (want) {
        for (size_t j = 0; j < want->ncols; j++) {
            col[j] = col_of(&head, want->name[j]);
            s->name[j] = strdup(want->name[j]);
        }
        s->ncols = want->ncols;
    } else {
        for (size_t i = 0; i < head.n; i++) {
            if (strcmp(head.f[i], "replicate") == 0)
                continue;
            ck_assert_uint_lt(s->ncols, MAX_COLS);
            col[s->ncols] = i;
            s->name[s->ncols++] = strdup(head.f[i]);
        }
    }
    s->nrows = (size_t)nlines - 1;
    for (size_t j = 0; j < s->ncols; j++)
        s->v[j] = malloc(s->nrows * sizeof(double));
    for (size_t r = 0; r < s->nrows; r++) {
        struct fields row;
        fields_split(&row, first_line(line_at(text, (int)r + 1), line, sizeof line));
        ck_assert_uint_eq(row.n, head.n);
        for (size_t j = 0; j < s->ncols; j++)
            s->v[j][r] = row.f[col[j]][0] ? number_at(&row, col[j]) : NAN;
        fields_free(&row);
    }
    fields_free(&head);
    free(text);
}

/* The defined values of column j, sorted; their count. */
static size_t defined(const struct sample *s, size_t j, double *out)
{
    size_t n = 0;
    for (size_t r = 0; r < s->nrows; r++)
        if (!isnan(s->v[j][r]))
            out[n++] = s->v[j][r];
    gsl_sort(out, 1, n);
    return n;
}

/* Welch's z of the difference of two means (large samples); 0 when both
 * samples are constant and equal, infinite when constant and different. */
static double welch_z(const double *x, size_t nx, const double *y, size_t ny)
{
    double mx = gsl_stats_mean(x, 1, nx), my = gsl_stats_mean(y, 1, ny);
    double se = sqrt(gsl_stats_variance(x, 1, nx) / (double)nx +
                     gsl_stats_variance(y, 1, ny) / (double)ny);
    if (se == 0)
        return mx == my ? 0 : INFINITY;
    return (my - mx) / se;
}

/* |v - median(v)| of sorted v into out. */
static void abs_dev(const double *v, size_t n, double *out)
{
    double med = gsl_stats_median_from_sorted_data(v, 1, n);
    for (size_t i = 0; i < n; i++)
        out[i] = fabs(v[i] - med);
}

/* Compares `now` with `ref`; the differences found (a line each) into
 * report; their number. */
static int compare(const struct sample *ref, const struct sample *now, char *report, size_t cap)
{
    size_t ntests = 3 * ref->ncols;
    double zcrit = gsl_cdf_ugaussian_Qinv(FAMILY_ALPHA / (2.0 * (double)ntests));
    double *x = malloc(ref->nrows * sizeof *x), *y = malloc(now->nrows * sizeof *y);
    double *dx = malloc(ref->nrows * sizeof *dx), *dy = malloc(now->nrows * sizeof *dy);
    int found = 0;
    size_t used = 0;
    report[0] = '\0';
    for (size_t j = 0; j < ref->ncols; j++) {
        size_t nx = defined(ref, j, x), ny = defined(now, j, y);
        double px = (double)nx / (double)ref->nrows, py = (double)ny / (double)now->nrows;
        double pp = (double)(nx + ny) / (double)(ref->nrows + now->nrows);
        double se = sqrt(pp * (1 - pp) * (1.0 / (double)ref->nrows + 1.0 / (double)now->nrows));
        double z[3] = { se > 0 ? (py - px) / se : 0, 0, 0 };
        if (nx >= MIN_DEFINED && ny >= MIN_DEFINED) {
            z[1] = welch_z(x, nx, y, ny);
            abs_dev(x, nx, dx);
            abs_dev(y, ny, dy);
            z[2] = welch_z(dx, nx, dy, ny);
        }
        static const char *what[3] = { "defined share", "mean", "spread" };
        for (int k = 0; k < 3; k++) {
            if (fabs(z[k]) <= zcrit)
                continue;
            found++;
            int w = snprintf(report + used, cap - used, "%s: %s differs (z %.2f, limit %.2f; "
                             "mean %.5g -> %.5g of %zu -> %zu defined)\n", ref->name[j], what[k],
                             z[k], zcrit, nx ? gsl_stats_mean(x, 1, nx) : NAN,
                             ny ? gsl_stats_mean(y, 1, ny) : NAN, nx, ny);
            if (w > 0 && (size_t)w < cap - used)
                used += (size_t)w;
        }
    }
    free(x);
    free(y);
    free(dx);
    free(dy);
    return found;
}

/* Draws today's sample into work with tests/stream_ref.sh (the script that
 * made the reference, so the same experiments and columns), `extra` going
 * to attune batch; returns the number of differences of scenario `name`'s
 * sample from its reference, described in report. */
static int draw_and_compare(const char *name, const char *const *extra, char *report,
                            size_t cap)
{
    char dir[192], out[256], ref_path[256];
    in_work(dir, sizeof dir, "");
    const char *args[16] = { attune_bin(), dir };
    size_t k = 2;
    for (; extra && *extra; extra++) {
        ck_assert_uint_lt(k, 15);
        args[k++] = *extra;
    }
    args[k] = NULL;
    result r = run_sh(SRC("tests/stream_ref.sh"), args);
    expect_status(&r, 0);
    result_free(&r);

    struct sample ref, now;
    snprintf(ref_path, sizeof ref_path, "%s/tests/data/stream/%s.csv", ATT_SRCDIR, name);
    snprintf(out, sizeof out, "%s/%s.csv", dir, name);
    sample_read(&ref, ref_path, NULL);
    sample_read(&now, out, &ref);
    ck_assert_uint_eq(now.nrows, ref.nrows);
    int found = compare(&ref, &now, report, cap);
    sample_free(&ref);
    sample_free(&now);
    return found;
}

static const char *const scenarios[] = { "still-face", "peekaboo-intrusive" };

/* Today's stream against the reference: the test that matters. */
START_TEST(test_stream_keeps_the_distributions)
{
    char report[8192];
    int found = draw_and_compare(scenarios[_i], NULL, report, sizeof report);
    ck_assert_msg(found == 0, "%s: the distributions moved (a change of the model, not only "
                  "of its stream; if intended, rewrite the reference: tests/stream_ref.sh):\n%s",
                  scenarios[_i], report);
}
END_TEST

/* Another experiment seed draws other runs of the same model, as a new
 * stream does: within sampling error of the reference. */
START_TEST(test_another_sample_of_the_model_passes)
{
    char report[8192];
    const char *const extra[] = { "--seed", "20261202", NULL };
    int found = draw_and_compare(scenarios[_i], extra, report, sizeof report);
    ck_assert_msg(found == 0, "%s: a second sample of the same model was rejected:\n%s",
                  scenarios[_i], report);
}
END_TEST

/* A model whose infant comes back 30 % more slowly (return_rate x 0.7 of
 * the default, whatever the default is) is another model: the comparison
 * finds it. */
START_TEST(test_a_moved_model_is_found)
{
    char report[8192], set[64];
    att_infant_params d;
    att_infant_params_default(&d);
    snprintf(set, sizeof set, "infant.return_rate=%.6g", 0.7 * d.return_rate);
    const char *const extra[] = { "--seed", "20261202", "--set", set, NULL };
    int found = draw_and_compare("still-face", extra, report, sizeof report);
    ck_assert_msg(found > 0, "return_rate %g -> %s not found", d.return_rate, set);
    expect_contains(report, "mean differs", "the report");
}
END_TEST

Suite *suite_cli_stream_dist(void)
{
    Suite *s = suite_create("cli_stream_dist");
    TCase *tc = fixture_tcase("stream", setup);
    tcase_set_timeout(tc, 240);   /* 1000 runs a test; slower under SAN */
    tcase_add_loop_test(tc, test_stream_keeps_the_distributions, 0, 2);
    tcase_add_loop_test(tc, test_another_sample_of_the_model_passes, 0, 2);
    tcase_add_test(tc, test_a_moved_model_is_found);
    suite_add_tcase(s, tc);
    return s;
}
