/* `attune validate --sensitivity`'s headline conclusions end to end (the
 * real program, tests/fixture.h): the headline column and the verdict
 * against separate --scale runs of the suite, read with the tests' own
 * rule (headline_by_rule); the expert group alone (--only expert) and
 * last in the default suite (--with-pending, once needed for it, ignored);
 * the same bytes for any -j; bad usage exits 2 with nothing written. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXCHECKS = 96 };

/* A validate CSV's checks: ids and pass ('0' or '1', the last column). */
typedef struct {
    char id[MAXCHECKS][64];
    char pass[MAXCHECKS];
    size_t n;
} checks;

static void checks_of(const char *csv, checks *c)
{
    c->n = 0;
    for (int k = 1; line_at(csv, k); k++) {
        ck_assert_uint_lt(c->n, MAXCHECKS);
        const char *l = line_at(csv, k), *end = strchr(l, '\n');
        ck_assert_ptr_nonnull(end);
        ck_assert(end[-1] == '0' || end[-1] == '1');
        c->pass[c->n] = end[-1];
        field(l, 0, c->id[c->n++], 64);
    }
}

/* `attune validate ARGS...` (NULL-ended, exit 0 or 1); its stdout. */
static char *stdout_of(const char *const *args)
{
    const char *argv[40] = { "validate" };
    size_t n = 1;
    for (; args[n - 1]; n++) {
        ck_assert_uint_lt(n, 39);
        argv[n] = args[n - 1];
    }
    argv[n] = NULL;
    result r = run_argv(argv);
    ck_assert_msg(r.status == 0 || r.status == 1, "exit status %d: %s", r.status, r.err);
    char *out = r.out;
    r.out = NULL;
    result_free(&r);
    return out;
}

/* The checks of `validate COMMON... [--scale KEY=F]` (key NULL: none). */
static void run_checks(const char *const *common, const char *key, const char *factor,
                       checks *c)
{
    const char *args[40];
    char scale[128];
    size_t n = 0;
    for (; common[n]; n++)
        args[n] = common[n];
    if (key) {
        snprintf(scale, sizeof scale, "%s=%s", key, factor);
        args[n++] = "--scale";
        args[n++] = scale;
    }
    args[n++] = "--format";
    args[n++] = "csv";
    args[n] = NULL;
    char *csv = stdout_of(args);
    checks_of(csv, c);
    free(csv);
}

/* Appends " [+]id" to s (cap bytes), no space first. */
static void add(char *s, size_t cap, int plus, const char *id)
{
    size_t len = strlen(s);
    snprintf(s + len, cap - len, "%s%s%s", len ? " " : "", plus ? "+" : "", id);
}

/* What the table's row should say for a run against the base: flipped
 * ids, the headline ones, and the headline ones lost (passing in the base,
 * failing here) and gained, each space-separated. */
typedef struct {
    char flipped[4096], headline[4096], lost[4096], gained[4096];
    size_t passed;
} expected;

static void expect_of(const checks *b, const checks *r, expected *e)
{
    memset(e, 0, sizeof *e);
    ck_assert_uint_eq(b->n, r->n);
    for (size_t i = 0; i < r->n; i++) {
        ck_assert_str_eq(b->id[i], r->id[i]);
        e->passed += r->pass[i] == '1';
        if (b->pass[i] == r->pass[i])
            continue;
        int plus = r->pass[i] == '1';
        add(e->flipped, sizeof e->flipped, plus, r->id[i]);
        if (!headline_by_rule(r->id[i]))
            continue;
        add(e->headline, sizeof e->headline, plus, r->id[i]);
        add(plus ? e->gained : e->lost, sizeof e->lost, 0, r->id[i]);
    }
}

/* args = "validate", then a..., then b... (each NULL-ended; b may be NULL). */
static void argv_of(const char **args, size_t cap, const char *const *a, const char *const *b)
{
    size_t n = 0;
    args[n++] = "validate";
    for (size_t i = 0; a[i]; i++, n++) {
        ck_assert_uint_lt(n + 1, cap);
        args[n] = a[i];
    }
    for (size_t i = 0; b && b[i]; i++, n++) {
        ck_assert_uint_lt(n + 1, cap);
        args[n] = b[i];
    }
    args[n] = NULL;
}

/* The verdict worked out from the separate runs (docs/VALIDATION.md
 * section 8 gives the wording): base b, one run per factor. */
static void verdict_of(char *v, size_t cap, const checks *b, const char *key,
                       const char *const *factors, const expected *rows, size_t nf, int md)
{
    const char *q = md ? "`" : "";
    char failing[4096] = "";
    size_t headlines = 0, nfail = 0, lost = 0, gained = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (!headline_by_rule(b->id[i]))
            continue;
        headlines++;
        if (b->pass[i] == '0') {
            nfail++;
            snprintf(failing + strlen(failing), sizeof failing - strlen(failing), "%s%s%s%s",
                     nfail > 1 ? " " : "", q, b->id[i], q);
        }
    }
    for (size_t f = 0; f < nf; f++) {
        lost += rows[f].lost[0] != '\0';
        gained += rows[f].gained[0] != '\0';
    }
    size_t len = (size_t)snprintf(v, cap, "headline conclusions: %zu of the %zu checks run, ",
                                  headlines, b->n);
    if (nfail)
        len += (size_t)snprintf(v + len, cap - len, "%zu fail%s unperturbed (%s); ", nfail,
                                nfail == 1 ? "s" : "", failing);
    else
        len += (size_t)snprintf(v + len, cap - len, "all pass unperturbed; ");
    for (int kind = 0; kind < (nfail ? 2 : 1); kind++) {
        size_t count = kind ? gained : lost;
        const char *verb = kind ? (count == 1 ? "makes a failing one pass" : "make a failing one pass")
                                : (count == 1 ? "flips one" : "flip one");
        if (kind)
            len += (size_t)snprintf(v + len, cap - len, "; ");
        if (count == 0) {
            len += (size_t)snprintf(v + len, cap - len, "none of the %zu change%s %s", nf,
                                    nf == 1 ? "" : "s", kind ? "makes a failing one pass"
                                                             : "flips one");
            continue;
        }
        len += (size_t)snprintf(v + len, cap - len, "%zu of the %zu change%s %s:", count, nf,
                                nf == 1 ? "" : "s", verb);
        size_t k = 0;
        for (size_t f = 0; f < nf; f++) {
            const char *ids = kind ? rows[f].gained : rows[f].lost;
            if (!*ids)
                continue;
            len += (size_t)snprintf(v + len, cap - len, "%s %s%s%s x %s (", k++ ? "," : "", q,
                                    key, q, factors[f]);
            for (const char *p = ids; *p;) {   /* each id in quotes */
                size_t w = strcspn(p, " ");
                len += (size_t)snprintf(v + len, cap - len, "%s%s%.*s%s", p == ids ? "" : " ",
                                        q, (int)w, p, q);
                p += w;
                p += *p == ' ';
            }
            len += (size_t)snprintf(v + len, cap - len, ")");
        }
    }
    ck_assert_uint_lt(len, cap);
}

/* One parameter at the factors: the table's rows (csv) against separate
 * --scale runs, field by field, and its verdict on stderr (and, with md,
 * the markdown's closing paragraph) against the one worked out from them.
 * Counts the flips that are headline (*head), not (*other), and the rows
 * that gain a headline (*plus), so that the caller can see the comparison
 * was not trivial.  Returns the csv (the caller frees it). */
static char *table_against_runs(const char *const *common, const char *key,
                                const char *const *factors, size_t nf, int md, size_t *head,
                                size_t *other, size_t *plus)
{
    char flist[128] = "";
    for (size_t f = 0; f < nf; f++)
        snprintf(flist + strlen(flist), sizeof flist - strlen(flist), "%s%s", f ? "," : "",
                 factors[f]);
    const char *tail[] = { "--sensitivity", "--params", key, "--factors", flist, "--format",
                           "csv", NULL };
    const char *args[48];
    argv_of(args, 48, common, tail);
    result r = run_argv(args);
    ck_assert_msg(r.status == 0, "exit status %d: %s", r.status, r.err);

    static checks b, run;
    static expected rows[8];
    ck_assert_uint_le(nf, 8);
    run_checks(common, NULL, NULL, &b);
    char head_line[64];
    ck_assert_str_eq(first_line(r.out, head_line, sizeof head_line),
                     "parameter,factor,value,cut,passed,total,flipped,headline");
    ck_assert_int_eq(count_lines(r.out), (int)(2 + nf));
    char got[4096], want[64];
    field(line_at(r.out, 1), 7, got, sizeof got);
    ck_assert_str_eq(got, "");
    *head = *other = *plus = 0;
    for (size_t f = 0; f < nf; f++) {
        run_checks(common, key, factors[f], &run);
        expected *e = &rows[f];
        expect_of(&b, &run, e);
        const char *line = line_at(r.out, (int)(2 + f));
        ck_assert_str_eq(field(line, 0, got, sizeof got), key);
        ck_assert_str_eq(field(line, 1, got, sizeof got), factors[f]);
        snprintf(want, sizeof want, "%zu", e->passed);
        ck_assert_str_eq(field(line, 4, got, sizeof got), want);
        snprintf(want, sizeof want, "%zu", b.n);
        ck_assert_str_eq(field(line, 5, got, sizeof got), want);
        ck_assert_str_eq(field(line, 6, got, sizeof got), e->flipped);
        ck_assert_str_eq(field(line, 7, got, sizeof got), e->headline);
        for (const char *p = e->flipped; *p; p += strcspn(p, " "), p += *p == ' ') {
            char id[64];
            snprintf(id, sizeof id, "%.*s", (int)strcspn(p + (*p == '+'), " "), p + (*p == '+'));
            *(headline_by_rule(id) ? head : other) += 1;
        }
        *plus += e->gained[0] != '\0';
    }
    static char v[8192], line[8300];
    verdict_of(v, sizeof v, &b, key, factors, rows, nf, 0);
    snprintf(line, sizeof line, "attune validate --sensitivity: %s\n", v);
    expect_contains(r.err, line, "stderr");
    if (md) {
        const char *mdtail[] = { "--sensitivity", "--params", key, "--factors", flist,
                                 "--format", "markdown", NULL };
        argv_of(args, 48, common, mdtail);
        char *t = stdout_of(args + 1);
        verdict_of(v, sizeof v, &b, key, factors, rows, nf, 1);
        snprintf(line, sizeof line, "|\n\n%s.\n", v);
        size_t tl = strlen(t), ll = strlen(line);
        ck_assert_msg(tl >= ll && strcmp(t + tl - ll, line) == 0, "markdown ends\n%s\nnot\n%s",
                      tl > 600 ? t + tl - 600 : t, line);
        free(t);
    }
    char *out = r.out;
    r.out = NULL;
    result_free(&r);
    return out;
}

/* The expert group alone (--only expert): its headline
 * and other checks both flip under a halved negative threshold, so the
 * column has something to leave out. */
START_TEST(test_expert_alone)
{
    static const char *const one[] = { "--quick", "--infants", "60", "--only", "expert", "-j",
                                       "1", NULL };
    static const char *const two[] = { "--quick", "--infants", "60", "--only", "expert", "-j",
                                       "2", NULL };
    static const char *const factors[] = { "0.5", "1.3" };
    size_t head, other, plus;
    char *t1 = table_against_runs(one, "infant.negative_threshold", factors, 2, 1, &head, &other,
                                  &plus);
    ck_assert_uint_gt(head, 0);
    ck_assert_uint_gt(other, 0);
    ck_assert_uint_gt(plus, 0);
    char *t2 = table_against_runs(two, "infant.negative_threshold", factors, 2, 0, &head, &other,
                                  &plus);
    ck_assert_str_eq(t1, t2);   /* the same bytes for any -j */
    free(t1);
    free(t2);
}
END_TEST

/* The default suite ends with the expert group (by default since session
 * 9); --with-pending, which once added it, changes nothing; the table
 * counts every check of the suite. */
START_TEST(test_default_and_expert)
{
    static const char *const plain[] = { "--quick", "--infants", "20", NULL };
    static const char *const expert[] = { "--quick", "--infants", "20", "--only", "expert", NULL };
    static const char *const both[] = { "--quick", "--infants", "20", "--with-pending", NULL };
    static checks p, e, all;
    run_checks(plain, NULL, NULL, &p);
    run_checks(expert, NULL, NULL, &e);
    run_checks(both, NULL, NULL, &all);
    ck_assert_uint_eq(e.n, 46);   /* 28 until expert.play_cry (session 19), 29 until session 20,
                                   * 40 until session 21, 44 until session 29 */
    ck_assert_uint_gt(p.n, e.n + 40);
    ck_assert_uint_eq(all.n, p.n);
    for (size_t i = 0; i < all.n; i++)
        ck_assert_str_eq(all.id[i], p.id[i]);
    for (size_t i = 0; i < e.n; i++)
        ck_assert_str_eq(p.id[p.n - e.n + i], e.id[i]);
    static const char *const factors[] = { "0.5" };
    size_t head, other, plus;
    char *t = table_against_runs(plain, "infant.negative_threshold", factors, 1, 0, &head,
                                 &other, &plus);
    char total[32], want[32];
    snprintf(want, sizeof want, "%zu", p.n);
    ck_assert_str_eq(field(line_at(t, 1), 5, total, sizeof total), want);
    ck_assert_uint_gt(head, 0);
    free(t);
}
END_TEST

/* Bad usage: exit 2, a message naming the problem, nothing written. */
static void expect_bad(const char *const *extra, const char *message)
{
    char out[200];
    in_work(out, sizeof out, "table.csv");
    static const char *const common[] = { "--quick", "--infants", "20", NULL };
    const char *tail[16];
    size_t n = 0;
    for (; extra[n]; n++)
        tail[n] = extra[n];
    tail[n++] = "-o";
    tail[n++] = out;
    tail[n] = NULL;
    const char *args[32];
    argv_of(args, 32, common, tail);
    result r = run_argv(args);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    expect_contains(r.err, message, "stderr");
    result_free(&r);
    expect_listing("");
}

START_TEST(test_bad_usage)
{
#define BAD(msg, ...) do { static const char *const a[] = { __VA_ARGS__, NULL }; \
                           expect_bad(a, msg); } while (0)
    BAD("attune validate: no check id starts with 'expert.nosuch'", "--sensitivity", "--only",
        "expert.nosuch");
    BAD("attune validate: no check id starts with 'zz'", "--sensitivity", "--with-pending",
        "--only", "zz");
    BAD("unknown option '--with-pending=1'", "--sensitivity", "--with-pending=1");
    BAD("--format markdown: only with --sensitivity", "--with-pending", "--format", "markdown");
    BAD("--params: unknown parameter 'nosuch_key'", "--sensitivity", "--with-pending", "--params",
        "nosuch_key");
    BAD("attune validate: --factors -1: a factor must be a positive number", "--sensitivity", "--only",
        "expert", "--factors", "1.3,-1");
#undef BAD
}
END_TEST

START_TEST(test_help)
{
    result r = run_attune("validate", "--help", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "\n  --with-pending       accepted and ignored, for older scripts", "help");
    result_free(&r);
}
END_TEST

Suite *suite_cli_validate_sens2(void)
{
    Suite *s = suite_create("cli_validate_sens2");
    TCase *tc = fixture_tcase("validate_sens2", setup);
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, test_expert_alone);
    tcase_add_test(tc, test_default_and_expert);
    tcase_add_test(tc, test_bad_usage);
    tcase_add_test(tc, test_help);
    suite_add_tcase(s, tc);
    return s;
}
