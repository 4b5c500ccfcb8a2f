/* base/utf8.c: which bytes begin a valid UTF-8 sequence (each class of
 * RFC 3629's table, the bytes written by hand), whole strings checked, and
 * the repair: each bad byte one U+FFFD, the exact bytes written by hand;
 * the JSON writer replaces the same bytes the same way. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json.h"
#include "base/utf8.h"
#include "tests/fixture.h"

#define FFFD "\xEF\xBF\xBD"

START_TEST(test_utf8_len_by_class)
{
    static const struct {
        const char *s;
        size_t len;
    } cases[] = {
        { "a", 1 },                  { "\x7F", 1 },
        { "\xC3\xA9", 2 },           { "\xDF\xBF", 2 },
        { "\xE2\x82\xAC", 3 },       { "\xE0\xA0\x80", 3 },   /* U+0800, the least */
        { "\xED\x9F\xBF", 3 },       { "\xEF\xBF\xBD", 3 },
        { "\xF0\x90\x80\x80", 4 },   { "\xF4\x8F\xBF\xBF", 4 },   /* U+10FFFF */
        { "\x80", 0 },               { "\xBF", 0 },           /* continuation bytes */
        { "\xC0\xAF", 0 },           { "\xC1\xBF", 0 },       /* overlong */
        { "\xE0\x9F\xBF", 0 },       { "\xF0\x8F\xBF\xBF", 0 },
        { "\xED\xA0\x80", 0 },       { "\xED\xBF\xBF", 0 },   /* surrogates */
        { "\xF4\x90\x80\x80", 0 },   { "\xF5\x80\x80\x80", 0 },   /* above U+10FFFF */
        { "\xFE", 0 },               { "\xFF", 0 },
        { "\xE9t", 0 },              { "\xE2\x82z", 0 },      /* Latin-1, a bad third byte */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(att_utf8_len(cases[i].s, strlen(cases[i].s)) == cases[i].len,
                      "case %zu: %zu, want %zu", i, att_utf8_len(cases[i].s, strlen(cases[i].s)),
                      cases[i].len);
    ck_assert_uint_eq(att_utf8_len("\xE2\x82\xAC", 2), 0);   /* cut by the end */
    ck_assert_uint_eq(att_utf8_len("\xF0\x90\x80\x80", 3), 0);
}
END_TEST

START_TEST(test_utf8_valid)
{
    ck_assert_int_eq(att_utf8_valid("", 0), 1);
    ck_assert_int_eq(att_utf8_valid("caf\xC3\xA9 \xE2\x82\xAC", 9), 1);
    ck_assert_int_eq(att_utf8_valid("caf\xE9", 4), 0);
    ck_assert_int_eq(att_utf8_valid("caf\xC3\xA9", 4), 0);   /* the span cuts the \xC3\xA9 */
    ck_assert_int_eq(att_utf8_valid("ok\xFF\xFE", 4), 0);
}
END_TEST

static void expect_repair(const char *in, size_t n, const char *want)
{
    att_buf b = { 0 };
    ck_assert_int_eq(att_utf8_repair(&b, in, n, NULL), ATT_OK);
    ck_assert_ptr_nonnull(b.data);
    ck_assert_uint_eq(b.len, strlen(want));
    ck_assert_str_eq(b.data, want);
    ck_assert_int_eq(att_utf8_valid(b.data, b.len), 1);
    att_buf_free(&b);
}

START_TEST(test_utf8_repair_exact_bytes)
{
    expect_repair("", 0, "");
    expect_repair("caf\xC3\xA9", 5, "caf\xC3\xA9");
    expect_repair("caf\xE9", 4, "caf" FFFD);
    expect_repair("\xFF\xFEplay", 6, FFFD FFFD "play");
    expect_repair("a\xE2\x82", 3, "a" FFFD FFFD);           /* a cut sequence: one each */
    expect_repair("\xED\xA0\x80x", 4, FFFD FFFD FFFD "x");  /* a surrogate */
    expect_repair("\xC0\xAF", 2, FFFD FFFD);
    expect_repair("x\xC3\xA9\x80y", 5, "x\xC3\xA9" FFFD "y");
    /* appends to what the buffer holds */
    att_buf b = { 0 };
    ck_assert_int_eq(att_buf_str(&b, "run ", NULL), ATT_OK);
    ck_assert_int_eq(att_utf8_repair(&b, "r\xFE", 2, NULL), ATT_OK);
    ck_assert_str_eq(b.data, "run r" FFFD);
    att_buf_free(&b);
}
END_TEST

/* On random bytes with no character JSON escapes (no controls, " or \),
 * att_json_chars writes what att_utf8_repair makes. */
START_TEST(test_utf8_repair_as_json_writes)
{
    srand(8);
    for (int r = 0; r < 500; r++) {
        char in[24];
        size_t n = (size_t)(rand() % 24);
        for (size_t i = 0; i < n; i++) {
            int c = 0x20 + rand() % 0xE0;
            in[i] = (char)(c == '"' || c == '\\' ? 'q' : c);
        }
        char *json = NULL;
        size_t jlen = 0;
        FILE *fp = open_memstream(&json, &jlen);
        ck_assert_ptr_nonnull(fp);
        att_json_chars(fp, in, n);
        fclose(fp);
        att_buf b = { 0 };
        ck_assert_int_eq(att_utf8_repair(&b, in, n, NULL), ATT_OK);
        ck_assert_uint_eq(b.len, jlen);
        ck_assert(jlen == 0 || memcmp(b.data, json, jlen) == 0);
        att_buf_free(&b);
        free(json);
    }
}
END_TEST

Suite *suite_utf8(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_utf8_len_by_class);
    tcase_add_test(tc, test_utf8_valid);
    tcase_add_test(tc, test_utf8_repair_exact_bytes);
    tcase_add_test(tc, test_utf8_repair_as_json_writes);
    suite_add_tcase(s, tc);
    return s;
}
