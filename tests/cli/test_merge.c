/* `attune merge` through the real program (tests/fixture.h): shards merge
 * to the bytes of one run, timelines too; a bad header is refused; CRLF,
 * CR-only and BOM shards give the bytes of the plain ones. */
#include "tests/fixture.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */

/* `text` with every ',' replaced by `sep` and every "\n" by `eol`, after an
 * optional prefix (a byte order mark); into buf. */
static size_t dialect(char *buf, size_t cap, const char *text, char sep, const char *eol,
                      const char *prefix)
{
    size_t n = 0;
    for (const char *p = prefix; *p; p++)
        buf[n++] = *p;
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            for (const char *e = eol; *e; e++)
                buf[n++] = *e;
        else
            buf[n++] = *p == ',' ? sep : *p;
        ck_assert_uint_lt(n, cap - 4);
    }
    buf[n] = '\0';
    return n;
}

/* ---- the command -------------------------------------------------------- */

static char f_in[192], f_out[192];

static void input_setup(void)
{
    setup();
    snprintf(f_in, sizeof f_in, "%s/in.csv", work);
    snprintf(f_out, sizeof f_out, "%s/out.csv", work);
}

START_TEST(cli_merge_line_ends)
{
    static const char head[] = "experiment,run,runs,condition,replicate,seed,all.matched_prop\n";
    static const char *const rows[] = { "e,1,3,A,1,11,0.5\n", "e,2,3,A,2,12,0.25\n",
                                        "e,3,3,\"B, b\",1,13,0.125\n" };
    char s1[256], s2[256], s3[256], text[1024], buf[1024];
    snprintf(s1, sizeof s1, "%s/s1.csv", work);
    snprintf(s2, sizeof s2, "%s/s2.csv", work);
    snprintf(s3, sizeof s3, "%s/s3.csv", work);
    /* shard 1 with CRLF and a BOM, shard 2 with CR only, shard 3 plain */
    snprintf(text, sizeof text, "%s%s", head, rows[0]);
    write_bytes(s1, buf, dialect(buf, sizeof buf, text, ',', "\r\n", "\xEF\xBB\xBF"));
    snprintf(text, sizeof text, "%s%s", head, rows[1]);
    write_bytes(s2, buf, dialect(buf, sizeof buf, text, ',', "\r", ""));
    snprintf(text, sizeof text, "%s%s", head, rows[2]);
    write_file(s3, text);
    const char *const args[] = { "merge", s2, s3, s1, "-o", f_out, NULL };
    result r = run_argv(args);
    expect_status(&r, 0);
    result_free(&r);
    char *got = slurp(f_out, NULL);
    snprintf(text, sizeof text, "%s%s%s%s", head, rows[0], rows[1], rows[2]);
    ck_assert_str_eq(got, text);
    free(got);
    /* a UTF-16 shard is named */
    size_t k = 0;
    buf[k++] = '\xFF', buf[k++] = '\xFE';
    for (const char *p = head; *p; p++)
        buf[k++] = *p, buf[k++] = '\0';
    write_bytes(s3, buf, k);
    unlink(f_out);
    r = run_argv(args);
    expect_status(&r, 2);
    char want[400];
    snprintf(want, sizeof want, "attune merge: %s:1: the file is UTF-16 text", s3);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_int_eq(access(f_out, F_OK), -1);
    result_free(&r);
}
END_TEST

Suite *suite_cli_merge(void)
{
    Suite *s = suite_create("cli_merge");
    TCase *tc = fixture_tcase("command", input_setup);
    tcase_add_test(tc, cli_merge_line_ends);
    suite_add_tcase(s, tc);
    return s;
}
