/* Bad and odd input shared by several commands (the real program,
 * tests/fixture.h): folders are bad input (exit 2) for score, compare,
 * export, contingency, run, batch and merge, and as a match table or a
 * scheme; '-' may be given once; --delimiter and the CSV dialects (separators,
 * line ends, byte order mark) give the same output. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the command -------------------------------------------------------- */

START_TEST(cli_folders_exit_2)
{
    char dir[192], want[256];
    snprintf(dir, sizeof dir, "%s/folder", work);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    const char *const cmds[][12] = {
        { "score", dir, "-o", f_out, NULL },
        { "compare", dir, "-o", f_out, NULL },
        { "export", "--sdis", dir, "-o", f_out, NULL },
        { "contingency", dir, "--given", "infant:avert", "--target", "caregiver:still",
          "--window", "1", "-o", f_out, NULL },
        { "run", dir, "-o", f_out, NULL },   /* a scenario, as the CSV files */
        { "batch", dir, "-o", f_out, NULL },
        { "merge", dir, "-o", f_out, NULL },
        { "score", SRC("data/examples/mother-a.csv"), "--match-table", dir, "-o", f_out, NULL },
        { "score", SRC("data/examples/mother-a.csv"), "--scheme", dir, "-o", f_out, NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        result r = run_argv(cmds[i]);
        expect_status(&r, 2);
        /* not FILE:LINE, so it names the command, as other messages do */
        snprintf(want, sizeof want, "attune %s: %s: is a folder, not a file\n", cmds[i][0], dir);
        ck_assert_msg(strcmp(r.err, want) == 0, "%s: stderr '%s'", cmds[i][0], r.err);
        ck_assert_uint_eq(r.out_len, 0);
        ck_assert_int_eq(access(f_out, F_OK), -1);
        result_free(&r);
    }
}
END_TEST

/* Standard input can be read once: '-' twice is refused before anything
 * is read (stdin here is /dev/null, which a read would find empty). */
START_TEST(cli_stdin_only_once)
{
    const char *const cmds[][12] = {
        { "score", "-", "-", "-o", f_out, NULL },
        { "export", "--sdis", "-", "-", "-o", f_out, NULL },
        { "contingency", "-", "-", "--given", "infant:avert", "--target", "caregiver:still",
          "--window", "1", "-o", f_out, NULL },
        { "agree", "-", "-", NULL },
        { "fit", SRC("scenarios/still-face.ini"), "-", "-", "--free", "caregiver.wait_time", NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        result r = run_argv(cmds[i]);
        expect_status(&r, 2);
        char want[160];
        snprintf(want, sizeof want, "attune %s: standard input ('-') can be only one of the "
                 "files\n", cmds[i][0]);
        ck_assert_msg(strcmp(r.err, want) == 0, "%s: stderr '%s'", cmds[i][0], r.err);
        ck_assert_uint_eq(r.out_len, 0);
        ck_assert_int_eq(access(f_out, F_OK), -1);
        result_free(&r);
    }
}
END_TEST

/* Fails unless the CSV texts a and b have the same lines up to their last
 * field (the file column, which names different files). */
static void expect_same_but_file(const char *a, const char *b, size_t form)
{
    ck_assert_int_eq(count_lines(a), count_lines(b));
    for (int k = 0; line_at(a, k); k++) {
        const char *la = line_at(a, k), *lb = line_at(b, k);
        size_t na = strcspn(la, "\n"), nb = strcspn(lb, "\n");
        while (na > 0 && la[na - 1] != ',')
            na--;
        while (nb > 0 && lb[nb - 1] != ',')
            nb--;
        ck_assert_msg(na == nb && memcmp(la, lb, na) == 0, "form %zu line %d: '%.*s' vs '%.*s'",
                      form, k, (int)strcspn(lb, "\n"), lb, (int)strcspn(la, "\n"), la);
    }
}

START_TEST(cli_delimiter_and_dialects)
{
    char buf[2048], other[192];
    snprintf(other, sizeof other, "%s/other.csv", work);
    write_file(f_in, coded_session);
    const char *const score[] = { "score", f_in, "--format", "csv", NULL };
    char *plain = output_of(score);
    /* the file column names the file: compare the rest */
    static const struct { char sep; const char *eol, *bom, *flag; } forms[] = {
        { ';', "\n", "", NULL }, { ';', "\r\n", "\xEF\xBB\xBF", ";" }, { '\t', "\r", "", "tab" },
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t n = dialect(buf, sizeof buf, coded_session, forms[i].sep, forms[i].eol, forms[i].bom);
        write_bytes(other, buf, n);
        const char *args[] = { "score", other, "--format", "csv", "--delimiter", forms[i].flag,
                               NULL };
        if (!forms[i].flag)
            args[4] = NULL;
        char *got = output_of(args);
        expect_same_but_file(plain, got, i);
        free(got);
    }
    free(plain);
    const char *const bad[] = { "score", f_in, "--delimiter", "|", NULL };
    result r = run_argv(bad);
    expect_status(&r, 2);
    ck_assert_str_eq(r.err, "attune score: --delimiter |: must be ',', ';' or tab\n");
    result_free(&r);
    /* contingency and export read a semicolon file as its comma twin */
    size_t n = dialect(buf, sizeof buf, coded_session, ';', "\n", "");
    write_bytes(other, buf, n);
    const char *const c1[] = { "contingency", f_in, "--given", "caregiver:still", "--target",
                               "infant:protest", "--window", "1", "--format", "csv", NULL };
    const char *const c2[] = { "contingency", other, "--given", "caregiver:still", "--target",
                               "infant:protest", "--window", "1", "--format", "csv",
                               "--delimiter", ";", NULL };
    char *a = output_of(c1), *b = output_of(c2);
    ck_assert_int_eq(count_lines(a), 4);
    expect_same_but_file(a, b, 0);
    free(a);
    free(b);
    const char *const e1[] = { "export", "--sdis", f_in, NULL };
    const char *const e2[] = { "export", "--sdis", other, "--delimiter", "semicolon", NULL };
    a = output_of(e1);
    b = output_of(e2);
    /* the same sessions and events; only the "% from FILE" notes differ */
    ck_assert_int_eq(count_lines(a), count_lines(b));
    ck_assert_int_gt(count_lines(a), 12);
    for (int k = 0; line_at(a, k); k++) {
        const char *la = line_at(a, k), *lb = line_at(b, k);
        if (strncmp(la, "% from ", 7) == 0)
            continue;
        size_t len = strcspn(la, "\n");
        ck_assert_msg(strncmp(la, lb, len + 1) == 0, "export line %d: '%.*s'", k, (int)len, la);
    }
    free(a);
    free(b);
}
END_TEST

Suite *suite_cli_inputs(void)
{
    Suite *s = suite_create("cli_inputs");
    TCase *tc = fixture_tcase("command", input_setup);
    tcase_add_test(tc, cli_folders_exit_2);
    tcase_add_test(tc, cli_stdin_only_once);
    tcase_add_test(tc, cli_delimiter_and_dialects);
    suite_add_tcase(s, tc);
    return s;
}
