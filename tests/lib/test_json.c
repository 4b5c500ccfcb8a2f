/* base/json.c: the one JSON escaper.  Expected bytes from Python 3's
 * json.dumps(s, ensure_ascii=False), invalid UTF-8 replaced by U+FFFD
 * (json_escaper_exact_bytes). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json.h"
#include "tests/fixture.h"
#include "attune/meta.h"

START_TEST(test_json_string_as_python_dumps)
{
    /* json.dumps('a"b\\c\n\r\t\b\f\x01\x1f é €', ensure_ascii=False) */
    const char *in = "a\"b\\c\n\r\t\b\f\x01\x1f \xC3\xA9 \xE2\x82\xAC";
    const char *want = "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f \xC3\xA9 \xE2\x82\xAC\"";
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_json_string(fp, in);
    putc('|', fp);
    att_json_string(fp, NULL);
    fclose(fp);
    char expect[128];
    snprintf(expect, sizeof expect, "%s|null", want);
    ck_assert_str_eq(buf, expect);
    free(buf);
}
END_TEST

START_TEST(test_json_chars_escapes_a_span_without_quotes)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_json_chars(fp, "x\"y\nzzz", 4);   /* the span stops before the rest */
    att_json_chars(fp, "\xE2\x82\xAC", 2);  /* a cut sequence: U+FFFD twice */
    fclose(fp);
    ck_assert_str_eq(buf, "x\\\"y\\n\xEF\xBF\xBD\xEF\xBF\xBD");
    free(buf);
}
END_TEST

/* ---- library: JSON ------------------------------------------------------ */

static char *json_of(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_json_string(fp, s);
    fclose(fp);
    return buf;
}

START_TEST(json_escaper_exact_bytes)
{
    static const struct { const char *in, *out; } cases[] = {
        { "r\377", "\"r\xEF\xBF\xBD\"" },                    /* Latin-1 byte */
        { "caf\xC3\xA9", "\"caf\xC3\xA9\"" },                 /* valid UTF-8 kept */
        { "\xF0\x9F\x98\x80!", "\"\xF0\x9F\x98\x80!\"" },    /* 4 bytes, U+1F600 */
        { "x\xE2\x82", "\"x\xEF\xBF\xBD\xEF\xBF\xBD\"" },     /* cut sequence: 2 bytes */
        { "\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },       /* overlong '/' */
        { "\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },  /* surrogate */
        { "\xF4\x90\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "a\"b\\c", "\"a\\\"b\\\\c\"" },
        { "\n\r\t\b\f\x01\x1f", "\"\\n\\r\\t\\b\\f\\u0001\\u001f\"" },
        { "", "\"\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = json_of(cases[i].in);
        ck_assert_msg(strcmp(got, cases[i].out) == 0, "case %zu: got %s", i, got);
        free(got);
    }
    char *null = json_of(NULL);
    ck_assert_str_eq(null, "null");
    free(null);
    /* run metadata goes through the same escaper, in argv and command */
    char *argv[] = { "attune", "run", "r\377's" };
    att_meta m = { .version = "0", .argc = 3, .argv = argv };
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    att_error err = { 0 };
    ck_assert_int_eq(att_meta_write(fp, &m, &err), ATT_OK);
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(buf, "\"argv\": [\"attune\", \"run\", \"r\xEF\xBF\xBD's\"]"));
    ck_assert_ptr_nonnull(strstr(buf, "\"command\": \"attune run 'r\xEF\xBF\xBD'\\\"'\\\"'s'\""));
    ck_assert_ptr_null(memchr(buf, '\377', len));
    free(buf);
}
END_TEST

Suite *suite_json(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_json_string_as_python_dumps);
    tcase_add_test(tc, test_json_chars_escapes_a_span_without_quotes);
    suite_add_tcase(s, tc);
    tc = tcase_create("reader");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, json_escaper_exact_bytes);
    suite_add_tcase(s, tc);
    return s;
}
