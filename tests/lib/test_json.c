/* base/json.c: the one JSON escaper.  Expected bytes from Python 3's
 * json.dumps(s, ensure_ascii=False); invalid UTF-8 cases (U+FFFD) are in
 * test_input.c's json_escaper_exact_bytes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json.h"

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

Suite *suite_json(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_json_string_as_python_dumps);
    tcase_add_test(tc, test_json_chars_escapes_a_span_without_quotes);
    suite_add_tcase(s, tc);
    return s;
}
