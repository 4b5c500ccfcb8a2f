/* Reference values from R: tests/data/r/reference.csv, printed by
 * tests/r/reference.R (survival's survfit, quantile, survdiff; stats'
 * t.test, wilcox.test, pt, p.adjust), against attune's own numbers.  Every
 * number must agree to a relative 1e-9; NA in R must be NaN here.  The file
 * is committed, so this suite needs no R; `make rref` reruns the script and
 * diffs. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/error.h"
#include "attune/stats.h"
#include "attune/twosample.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif
#define REFERENCE ATT_SRCDIR "/tests/data/r/reference.csv"
#define REL_TOL 1e-9
#define MAX_ROWS 2048
#define MAX_VALUES 256

typedef struct row { const char *kind, *cas, *name, *value; } row;

typedef struct reference {
    char *text;        /* the file, cut into fields in place */
    row rows[MAX_ROWS];
    size_t n;
    int versions;      /* the header names the R and survival versions */
} reference;

static void load(reference *ref)
{
    FILE *f = fopen(REFERENCE, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", REFERENCE);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    ck_assert_int_gt(size, 0);
    rewind(f);
    ref->text = malloc((size_t)size + 1);
    ck_assert_ptr_nonnull(ref->text);
    ck_assert_uint_eq(fread(ref->text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    ref->text[size] = '\0';
    ref->n = 0;
    ref->versions = 0;
    char *save = NULL;
    for (char *line = strtok_r(ref->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') {
            if (strstr(line, "R version") && strstr(line, "survival"))
                ref->versions = 1;
            continue;
        }
        if (strcmp(line, "kind,case,name,value") == 0)
            continue;
        char *f1 = strchr(line, ','), *f2 = f1 ? strchr(f1 + 1, ',') : NULL,
             *f3 = f2 ? strchr(f2 + 1, ',') : NULL;
        ck_assert_msg(f3 != NULL && strchr(f3 + 1, ',') == NULL, "bad line '%s'", line);
        ck_assert_uint_lt(ref->n, MAX_ROWS);
        *f1 = *f2 = *f3 = '\0';
        ref->rows[ref->n++] = (row){ line, f1 + 1, f2 + 1, f3 + 1 };
    }
}

/* The rows [*start, *end) of the next case of `kind` at or after *end;
 * 0 when there is none. */
static int next_case(const reference *ref, const char *kind, size_t *start, size_t *end)
{
    size_t i = *end;
    while (i < ref->n && strcmp(ref->rows[i].kind, kind) != 0)
        i++;
    if (i == ref->n)
        return 0;
    size_t j = i;
    while (j < ref->n && strcmp(ref->rows[j].kind, kind) == 0
           && strcmp(ref->rows[j].cas, ref->rows[i].cas) == 0)
        j++;
    *start = i;
    *end = j;
    return 1;
}

static const char *get(const reference *ref, size_t start, size_t end, const char *name)
{
    for (size_t i = start; i < end; i++)
        if (strcmp(ref->rows[i].name, name) == 0)
            return ref->rows[i].value;
    ck_abort_msg("%s %s: no '%s'", ref->rows[start].kind, ref->rows[start].cas, name);
    return NULL;
}

/* A space-separated list of numbers (NA is NaN) into v; returns the count. */
static size_t numbers(const char *text, double *v, size_t max)
{
    size_t n = 0;
    const char *s = text;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        ck_assert_uint_lt(n, max);
        if (strncmp(s, "NA", 2) == 0) {
            v[n++] = NAN;
            s += 2;
        } else {
            char *end;
            v[n++] = strtod(s, &end);
            ck_assert_msg(end != s, "not a number: '%s'", s);
            s = end;
        }
    }
    return n;
}

static double number(const reference *ref, size_t start, size_t end, const char *name)
{
    double v;
    ck_assert_uint_eq(numbers(get(ref, start, end, name), &v, 1), 1);
    return v;
}

/* attune's value against R's: NaN only where R has NA, else within REL_TOL. */
static void same(const reference *ref, size_t start, const char *what, double attune, double r)
{
    const char *kind = ref->rows[start].kind, *cas = ref->rows[start].cas;
    if (isnan(r) || isnan(attune)) {
        ck_assert_msg(isnan(r) && isnan(attune), "%s %s %s: attune %.17g, R %.17g", kind, cas,
                      what, attune, r);
        return;
    }
    double scale = fmax(fabs(attune), fabs(r));
    ck_assert_msg(attune == r || fabs(attune - r) <= REL_TOL * scale,
                  "%s %s %s: attune %.17g, R %.17g (relative %.3g)", kind, cas, what, attune, r,
                  fabs(attune - r) / scale);
}

static void same_named(const reference *ref, size_t start, size_t end, const char *name,
                       double attune)
{
    same(ref, start, name, attune, number(ref, start, end, name));
}

/* (time, status) pairs to the distinct-time form of stats.h. */
typedef struct km_data {
    double t[MAX_VALUES];
    long ev[MAX_VALUES], ce[MAX_VALUES];
    size_t n;
} km_data;

static void km_from(const double *time, const double *status, size_t n, km_data *out)
{
    double sorted[MAX_VALUES];
    memcpy(sorted, time, n * sizeof *sorted);
    /* insertion sort: n is small */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
            double x = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = x;
        }
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (out->n > 0 && out->t[out->n - 1] == sorted[i])
            continue;
        out->t[out->n] = sorted[i];
        out->ev[out->n] = out->ce[out->n] = 0;
        for (size_t j = 0; j < n; j++) {
            if (time[j] == sorted[i]) {
                if (status[j] != 0)
                    out->ev[out->n]++;
                else
                    out->ce[out->n]++;
            }
        }
        out->n++;
    }
}

START_TEST(reference_file)
{
    reference *ref = malloc(sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    load(ref);
    ck_assert_msg(ref->versions, "%s does not name the R and survival versions", REFERENCE);
    free(ref->text);
    free(ref);
}
END_TEST

START_TEST(kaplan_meier)
{
    reference *ref = malloc(sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    load(ref);
    size_t start = 0, end = 0, cases = 0;
    while (next_case(ref, "km", &start, &end)) {
        double time[MAX_VALUES], status[MAX_VALUES];
        size_t n = numbers(get(ref, start, end, "time"), time, MAX_VALUES);
        ck_assert_uint_eq(numbers(get(ref, start, end, "status"), status, MAX_VALUES), n);
        km_data *d = malloc(sizeof *d);
        ck_assert_ptr_nonnull(d);
        km_from(time, status, n, d);
        att_km_summary s;
        ck_assert_int_eq(att_km_summarise(d->t, d->ev, d->ce, d->n, number(ref, start, end, "at"),
                                          number(ref, start, end, "cutoff"), 0.95, &s, NULL), 0);
        ck_assert_int_eq(s.n, (long)n);
        same_named(ref, start, end, "median", s.median);
        same_named(ref, start, end, "median_lo", s.median_lo);
        same_named(ref, start, end, "median_hi", s.median_hi);
        static const double p[3] = { 0.25, 0.5, 0.75 };
        double q[3];
        ck_assert_int_eq(att_km_quantiles(d->t, d->ev, d->ce, d->n, p, 3, q, NULL), 0);
        same_named(ref, start, end, "q25", q[0]);
        same_named(ref, start, end, "median", q[1]);
        same_named(ref, start, end, "q75", q[2]);
        same_named(ref, start, end, "surv_at", s.surv_at);
        same_named(ref, start, end, "rmst", s.rmst);
        free(d);
        cases++;
    }
    ck_assert_uint_ge(cases, 20);
    free(ref->text);
    free(ref);
}
END_TEST

START_TEST(t_distribution)
{
    reference *ref = malloc(sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    load(ref);
    size_t start = 0, end = 0, cases = 0;
    while (next_case(ref, "tdist", &start, &end)) {
        double t = number(ref, start, end, "t"), df = number(ref, start, end, "df");
        same_named(ref, start, end, "p", att_t_pvalue(t, df));
        cases++;
    }
    ck_assert_uint_ge(cases, 30);
    free(ref->text);
    free(ref);
}
END_TEST

START_TEST(welch)
{
    reference *ref = malloc(sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    load(ref);
    size_t start = 0, end = 0, cases = 0;
    while (next_case(ref, "welch", &start, &end)) {
        double x[MAX_VALUES], y[MAX_VALUES];
        size_t nx = numbers(get(ref, start, end, "x"), x, MAX_VALUES);
        size_t ny = numbers(get(ref, start, end, "y"), y, MAX_VALUES);
        att_welch w;
        att_welch_test(x, nx, y, ny, &w);
        same_named(ref, start, end, "t", w.t);
        same_named(ref, start, end, "df", w.df);
        same_named(ref, start, end, "p", w.p);
        cases++;
    }
    ck_assert_uint_ge(cases, 5);
    free(ref->text);
    free(ref);
}
END_TEST

START_TEST(mann_whitney)
{
    reference *ref = malloc(sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    load(ref);
    size_t start = 0, end = 0, cases = 0, exact = 0;
    while (next_case(ref, "mw", &start, &end)) {
        double x[MAX_VALUES], y[MAX_VALUES];
        size_t nx = numbers(get(ref, start, end, "x"), x, MAX_VALUES);
        size_t ny = numbers(get(ref, start, end, "y"), y, MAX_VALUES);
        att_mann_whitney m;
        ck_assert_int_eq(att_mann_whitney_test(x, nx, y, ny, &m, NULL), ATT_OK);
        same_named(ref, start, end, "u", m.u);
        same_named(ref, start, end, "p", m.p);
        same_named(ref, start, end, "exact", m.exact);
        exact += m.exact;
        cases++;
    }
    ck_assert_uint_ge(cases, 6);
    ck_assert_uint_ge(exact, 3);
    ck_assert_uint_ge(cases - exact, 3);
    free(ref->text);
    free(ref);
}
END_TEST

START_TEST(log_rank)
{
    reference *ref = malloc(sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    load(ref);
    size_t start = 0, end = 0, cases = 0;
    while (next_case(ref, "logrank", &start, &end)) {
        double time[MAX_VALUES], status[MAX_VALUES], group[MAX_VALUES];
        size_t n = numbers(get(ref, start, end, "time"), time, MAX_VALUES);
        ck_assert_uint_eq(numbers(get(ref, start, end, "status"), status, MAX_VALUES), n);
        ck_assert_uint_eq(numbers(get(ref, start, end, "group"), group, MAX_VALUES), n);
        /* Groups in R's order: the sorted distinct labels. */
        double labels[8];
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            size_t at = 0;
            while (at < k && labels[at] < group[i])
                at++;
            if (at < k && labels[at] == group[i])
                continue;
            ck_assert_uint_lt(k, 8);
            memmove(labels + at + 1, labels + at, (k - at) * sizeof *labels);
            labels[at] = group[i];
            k++;
        }
        km_data *d = malloc(k * sizeof *d);
        ck_assert_ptr_nonnull(d);
        att_km_group g[8];
        for (size_t j = 0; j < k; j++) {
            double gt[MAX_VALUES], gs[MAX_VALUES];
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                if (group[i] == labels[j]) {
                    gt[m] = time[i];
                    gs[m++] = status[i];
                }
            }
            km_from(gt, gs, m, &d[j]);
            g[j] = (att_km_group){ d[j].t, d[j].ev, d[j].ce, d[j].n };
        }
        double o[8], e[8], chisq, df, p;
        ck_assert_int_eq(att_logrank_test(g, k, o, e, &chisq, &df, &p, NULL), ATT_OK);
        double ro[8], re[8];
        ck_assert_uint_eq(numbers(get(ref, start, end, "observed"), ro, 8), k);
        ck_assert_uint_eq(numbers(get(ref, start, end, "expected"), re, 8), k);
        for (size_t j = 0; j < k; j++) {
            same(ref, start, "observed", o[j], ro[j]);
            same(ref, start, "expected", e[j], re[j]);
        }
        same_named(ref, start, end, "chisq", chisq);
        same_named(ref, start, end, "df", df);
        same_named(ref, start, end, "p", p);
        free(d);
        cases++;
    }
    ck_assert_uint_ge(cases, 5);
    free(ref->text);
    free(ref);
}
END_TEST

START_TEST(holm)
{
    reference *ref = malloc(sizeof *ref);
    ck_assert_ptr_nonnull(ref);
    load(ref);
    size_t start = 0, end = 0, cases = 0;
    while (next_case(ref, "holm", &start, &end)) {
        double p[MAX_VALUES], want[MAX_VALUES], adj[MAX_VALUES];
        size_t n = numbers(get(ref, start, end, "p"), p, MAX_VALUES);
        ck_assert_uint_eq(numbers(get(ref, start, end, "adjusted"), want, MAX_VALUES), n);
        ck_assert_int_eq(att_holm_adjust(p, n, adj, NULL), ATT_OK);
        for (size_t i = 0; i < n; i++)
            same(ref, start, "adjusted", adj[i], want[i]);
        cases++;
    }
    ck_assert_uint_ge(cases, 3);
    free(ref->text);
    free(ref);
}
END_TEST

Suite *suite_rref(void)
{
    Suite *s = suite_create("rref");
    TCase *tc = tcase_create("r-reference");
    tcase_add_test(tc, reference_file);
    tcase_add_test(tc, kaplan_meier);
    tcase_add_test(tc, t_distribution);
    tcase_add_test(tc, welch);
    tcase_add_test(tc, mann_whitney);
    tcase_add_test(tc, log_rank);
    tcase_add_test(tc, holm);
    suite_add_tcase(s, tc);
    return s;
}
