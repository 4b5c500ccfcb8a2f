/* Help through the real program ($ATTUNE_BIN, set by `make check`): the
 * top-level help, help on help, no arguments, unknown commands and options
 * with typo hints, a top-level help that lists every option of every
 * command (held to each command's own --help and to the option strings in
 * its parser's source, cli/cli_*.c), and the --help of contingency and
 * export.
 *
 * Through the fixture (tests/fixture.h): the program is started with
 * posix_spawn (no shell), stdout and stderr captured in io/, inputs and
 * outputs in w/ of a fresh folder per test, so listing w/ shows exactly
 * what a command left behind (a temporary file shows as a hidden name). */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>

/* ---- help and usage ---- */

START_TEST(test_help)
{
    static const char *const helps[][3] = {
        { "--help", NULL, NULL }, { "run", "--help", NULL }, { "help", "run", NULL },
        { "run", "-h", NULL },
    };
    for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
        result r = run_argv(helps[i]);
        expect_status(&r, 0);
        ck_assert_msg(r.err_len == 0, "%s %s: stderr not empty: %s", helps[i][0],
                      helps[i][1] ? helps[i][1] : "", r.err);
        ck_assert_str_eq(first_line(r.out, (char[128]){ 0 }, 128),
                         i == 0 ? "attune " ATT_VERSION " - simulate caregiver-infant rupture and repair"
                               : "usage: attune run SCENARIO [options]");
        expect_contains(r.out, "--seed", "help");
        expect_contains(r.out, "--set", "help");
        expect_contains(r.out, "--events", "help");
        ck_assert_msg(strstr(r.out, " -o ") || strstr(r.out, " -o,") || strstr(r.out, "[-o|"),
                      "help lacks -o; it is:\n%s", r.out);
        result_free(&r);
    }
    expect_listing("");
}
END_TEST

START_TEST(test_no_args)
{
    static const char *const none[] = { NULL };
    result r = run_argv(none);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    expect_contains(r.err, "usage: attune COMMAND", "stderr");
    result_free(&r);

    r = run_attune("run", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, (char[128]){ 0 }, 128), "attune run: no scenario given");
    result_free(&r);
}
END_TEST

START_TEST(test_unknown_command)
{
    result r = run_attune("rnu", NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune: unknown command 'rnu' (did you mean 'run'?)");
    result_free(&r);

    r = run_attune("frobnicate", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune: unknown command 'frobnicate'; see 'attune --help'");
    result_free(&r);

    r = run_attune("help", "rnu", NULL);  /* help on an unknown topic is an error too */
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune: unknown command 'rnu' (did you mean 'run'?)");
    result_free(&r);
}
END_TEST

START_TEST(test_unknown_option)
{
    result r = run_attune("run", "x.ini", "--sed", "3", NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune run: unknown option '--sed' (did you mean '--seed'?)");
    result_free(&r);

    /* A missing value is bad input too. */
    write_file(run_ini, two_phase_ini);
    r = run_attune("run", run_ini, "-o", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256), "attune run: -o needs a value");
    result_free(&r);
    expect_listing("s.ini");
}
END_TEST

/* ---- help on help ---- */

START_TEST(test_help_on_help)
{
    static const char *const top[] = { "--help", NULL };
    result ref = run_argv(top);
    expect_status(&ref, 0);
    static const char *const topics[] = { "--help", "-h", "help", "version" };
    for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++) {
        result r = run_attune("help", topics[i], NULL);
        expect_status(&r, 0);
        ck_assert_msg(r.err_len == 0, "help %s: %s", topics[i], r.err);
        ck_assert_msg(strcmp(r.out, ref.out) == 0, "help %s is not the top-level help", topics[i]);
        result_free(&r);
    }
    result_free(&ref);
    /* version takes no arguments: "attune version run x" is a typo, refused */
    for (int dashes = 0; dashes < 2; dashes++) {
        result v = run_attune(dashes ? "--version" : "version", "extra", NULL);
        expect_status(&v, 2);
        ck_assert_uint_eq(v.out_len, 0);
        expect_contains(v.err, dashes ? "attune --version: takes no arguments ('extra')"
                                      : "attune version: takes no arguments ('extra')", "stderr");
        result_free(&v);
    }
    result h = run_attune("version", "--help", NULL);   /* as every command's --help */
    expect_status(&h, 0);
    ck_assert_str_eq(h.out, "usage: attune version\n  prints the program's name and version\n");
    result_free(&h);
}
END_TEST

/* ---- the top-level help lists every option ---- */

/* 1 if `opt` occurs in `text` as a whole option word. */
static int has_option(const char *text, const char *end, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = text; (p = strstr(p, opt)) != NULL && p < end; p++) {
        int before = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-');
        int after = !(isalnum((unsigned char)p[n]) || p[n] == '-');
        if (before && after)
            return 1;
    }
    return 0;
}

/* The entry of command `cmd` in the top-level help: from its line
 * ("  cmd ...") to the next line indented by exactly two spaces. */
static const char *entry_of(const char *usage, const char *cmd, const char **end)
{
    char head[32];
    snprintf(head, sizeof head, "\n  %s", cmd);
    const char *p = usage;
    while ((p = strstr(p, head)) != NULL) {
        char c = p[strlen(head)];
        if (c == ' ' || c == '\n')
            break;
        p++;
    }
    ck_assert_msg(p != NULL, "no entry for %s in attune --help", cmd);
    p++;
    const char *q = strchr(p, '\n');
    while (q && q[1] == ' ' && q[2] == ' ' && q[3] == ' ')
        q = strchr(q + 1, '\n');
    *end = q ? q : p + strlen(p);
    return p;
}

/* Adds the option words ("-o", "--output") of `text` to opts. */
static void add_words(const char *text, char opts[][32], size_t *n, size_t cap)
{
    for (const char *p = text; *p; p++) {
        if (*p != '-' || (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '-')))
            continue;
        size_t k = 1;
        if (p[k] == '-')
            k++;
        if (!isalpha((unsigned char)p[k]))
            continue;
        while (isalnum((unsigned char)p[k]) || p[k] == '-')
            k++;
        if (k > 2 && p[1] != '-')  /* "-xyz" is no option word */
            continue;
        if (k >= 32)
            continue;
        char w[32];
        memcpy(w, p, k);
        w[k] = '\0';
        if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0)
            continue;
        size_t i = 0;
        while (i < *n && strcmp(opts[i], w) != 0)
            i++;
        if (i == *n && *n < cap)
            strcpy(opts[(*n)++], w);
        p += k - 1;
    }
}

/* The options of a command's own --help: the words that begin its option
 * lines (indented at most 4, then '-'), up to the first double space. */
static void help_options(const char *help, char opts[][32], size_t *n, size_t cap)
{
    for (const char *l = help; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        size_t ind = strspn(l, " ");
        if (ind == 0 || ind > 4 || l[ind] != '-' || !isalpha((unsigned char)l[ind + 1 + (l[ind + 1] == '-')]))
            continue;
        const char *stop = strstr(l + ind, "  ");
        const char *eol = strchr(l, '\n');
        if (!stop || (eol && stop > eol))
            stop = eol ? eol : l + strlen(l);
        char buf[256];
        size_t len = (size_t)(stop - l) < sizeof buf - 1 ? (size_t)(stop - l) : sizeof buf - 1;
        memcpy(buf, l, len);
        buf[len] = '\0';
        add_words(buf, opts, n, cap);
    }
}

/* The option strings of the parser in cli/cli_CMD.c: every C string
 * literal that is exactly an option word ("--output", "-o"). */
static void source_options(const char *cmd, char opts[][32], size_t *n, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/cli/cli_%s.c", ATT_SRCDIR, cmd);
    char *src = slurp(path, NULL);
    ck_assert_msg(src != NULL, "cannot read %s", path);
    for (const char *p = src; (p = strstr(p, "\"-")) != NULL; p++) {
        const char *q = p + 1;
        size_t k = 1 + (q[1] == '-');
        if (!isalpha((unsigned char)q[k]))
            continue;
        while (isalnum((unsigned char)q[k]) || q[k] == '-')
            k++;
        if (q[k] != '"' || (k > 2 && q[1] != '-'))
            continue;
        char lit[64];
        snprintf(lit, sizeof lit, "%.*s ", (int)k, q);
        add_words(lit, opts, n, cap);
    }
    free(src);
}

START_TEST(test_top_help_lists_every_option)
{
    static const char *const cmds[] = { "run", "score", "contingency", "export", "agree", "batch",
                                         "import",
                                         "merge", "compare", "validate", "keys", "plot", "fit",
                                         "serve" };
    static const char *const top[] = { "--help", NULL };
    result usage = run_argv(top);
    expect_status(&usage, 0);
    int checked = 0;
    for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
        const char *end, *entry = entry_of(usage.out, cmds[c], &end);
        char opts[64][32];
        size_t n = 0;
        result own = run_attune(cmds[c], "--help", NULL);
        expect_status(&own, 0);
        help_options(own.out, opts, &n, 64);
        size_t from_help = n;
        source_options(cmds[c], opts, &n, 64);
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(has_option(entry, end, opts[i]),
                          "attune --help lacks %s %s (from %s)", cmds[c], opts[i],
                          i < from_help ? "its --help" : "its parser's source");
            checked++;
        }
        /* and lists nothing the command does not know */
        char listed[64][32];
        size_t m = 0;
        char text[2048];
        snprintf(text, sizeof text, "%.*s", (int)(end - entry), entry);
        add_words(text, listed, &m, 64);
        for (size_t i = 0; i < m; i++) {
            size_t k = 0;
            while (k < n && strcmp(opts[k], listed[i]) != 0)
                k++;
            ck_assert_msg(k < n, "attune --help lists %s %s, which it does not know", cmds[c],
                          listed[i]);
        }
        result_free(&own);
    }
    /* the examples, so the check above cannot pass by finding nothing */
    ck_assert_int_ge(checked, 50);
    const char *end, *e = entry_of(usage.out, "validate", &end);
    ck_assert(has_option(e, end, "--jobs") && has_option(e, end, "--only"));
    e = entry_of(usage.out, "run", &end);
    ck_assert(has_option(e, end, "--condition") && has_option(e, end, "-q"));
    result_free(&usage);
}
END_TEST

/* ---- help ---- */

START_TEST(test_help_contingency_export)
{
    static const char *const helps[][3] = {
        { "contingency", "--help", NULL }, { "help", "contingency", NULL },
        { "contingency", "-h", NULL }, { "export", "--help", NULL }, { "help", "export", NULL },
    };
    for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
        result r = run_argv(helps[i]);
        expect_status(&r, 0);
        ck_assert_msg(r.err_len == 0, "stderr not empty: %s", r.err);
        int contingency = strcmp(helps[i][0], "contingency") == 0
                          || strcmp(helps[i][1], "contingency") == 0;
        char buf[256];
        ck_assert_str_eq(first_line(r.out, buf, sizeof buf),
                         contingency ? "usage: attune contingency FILE... --given WHO:CODE "
                                       "--target WHO:CODE --window S [options]"
                                     : "usage: attune export --sdis FILE... [options]");
        expect_contains(r.out, "-o, --output FILE|-", "help");
        expect_contains(r.out, "--match-table NAME|FILE", "help");
        if (contingency) {
            expect_contains(r.out, "--format table|csv", "help");
            expect_contains(r.out, "Yule's Q", "help");
        } else {
            expect_contains(r.out, "--sdis", "help");
        }
        result_free(&r);
    }
    expect_listing("");
}
END_TEST

Suite *suite_cli_help(void)
{
    Suite *s = suite_create("cli_help");
    TCase *tc = fixture_tcase("run", cli_setup);
    tcase_add_test(tc, test_help);
    tcase_add_test(tc, test_no_args);
    tcase_add_test(tc, test_unknown_command);
    tcase_add_test(tc, test_unknown_option);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("paper_cuts", setup);
    tcase_add_test(tc, test_help_on_help);
    tcase_add_test(tc, test_top_help_lists_every_option);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("contingency_export", setup);
    tcase_add_test(tc, test_help_contingency_export);
    suite_add_tcase(s, tc);
    return s;
}
