/* Parameter helpers: edit distance against hand-worked examples, typo
 * suggestions, strict number parsing. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "attune/param.h"

START_TEST(edit_distance_by_hand)
{
    ck_assert_uint_eq(att_edit_distance("kitten", "sitting"), 3);  /* k->s, e->i, +g */
    ck_assert_uint_eq(att_edit_distance("rnu", "run"), 1);         /* one swap */
    ck_assert_uint_eq(att_edit_distance("", "abc"), 3);
    ck_assert_uint_eq(att_edit_distance("same", "same"), 0);
    /* Optimal string alignment cannot edit a swapped pair again: 3, not 2. */
    ck_assert_uint_eq(att_edit_distance("ca", "abc"), 3);
}
END_TEST

START_TEST(suggestions)
{
    const char *const keys[] = { "wait_time", "intrusiveness", "responsiveness", "repair_latency" };
    ck_assert_str_eq(att_suggest("wiat_time", keys, 4), "wait_time");
    ck_assert_str_eq(att_suggest("responsivness", keys, 4), "responsiveness");
    ck_assert_ptr_null(att_suggest("colour", keys, 4));
    const char *const cmds[] = { "run", "keys" };
    ck_assert_str_eq(att_suggest("rnu", cmds, 2), "run");
    ck_assert_ptr_null(att_suggest("xyz", cmds, 2));
}
END_TEST

START_TEST(parse_double_is_strict)
{
    double v = 0;
    ck_assert_int_eq(att_parse_double("1e3", &v), 0);
    ck_assert_double_eq(v, 1000);
    ck_assert_int_eq(att_parse_double("-0.25", &v), 0);
    ck_assert_double_eq(v, -0.25);
    /* each failure says why, and leaves *out alone */
    ck_assert_int_eq(att_parse_double("1.5x", &v), ATT_NUM_TRAILING);
    ck_assert_int_eq(att_parse_double("", &v), ATT_NUM_EMPTY);
    ck_assert_int_eq(att_parse_double("  ", &v), ATT_NUM_EMPTY);
    ck_assert_int_eq(att_parse_double("abc", &v), ATT_NUM_NOT_NUMBER);
    ck_assert_int_eq(att_parse_double("nan", &v), ATT_NUM_NAN);
    ck_assert_int_eq(att_parse_double("inf", &v), ATT_NUM_INFINITE);
    ck_assert_int_eq(att_parse_double("-Infinity", &v), ATT_NUM_INFINITE);
    ck_assert_int_eq(att_parse_double("1e999", &v), ATT_NUM_TOO_LARGE);
    ck_assert_int_eq(att_parse_double("1e309", &v), ATT_NUM_TOO_LARGE);
    ck_assert_int_eq(att_parse_double("-1e309", &v), ATT_NUM_TOO_LARGE);
    ck_assert_int_eq(att_parse_double("1e-400", &v), ATT_NUM_TOO_SMALL);
    ck_assert_int_eq(att_parse_double("0,5", &v), ATT_NUM_DECIMAL_COMMA);
    ck_assert_int_eq(att_parse_double("1,5,2", &v), ATT_NUM_TRAILING);
    /* C hexadecimal, which strtod reads as 16, 8, 10.5, 255 */
    ck_assert_int_eq(att_parse_double("0x10", &v), ATT_NUM_HEX);
    ck_assert_int_eq(att_parse_double("0X1p3", &v), ATT_NUM_HEX);
    ck_assert_int_eq(att_parse_double("-0xA.8", &v), ATT_NUM_HEX);
    ck_assert_int_eq(att_parse_double(" +0xff", &v), ATT_NUM_HEX);
    ck_assert_double_eq(v, -0.25);
    /* decimals with an x elsewhere, or leading zeros, are not hexadecimal */
    ck_assert_int_eq(att_parse_double("0.5x", &v), ATT_NUM_TRAILING);
    ck_assert_int_eq(att_parse_double("00x1", &v), ATT_NUM_TRAILING);
    ck_assert_int_eq(att_parse_double("010", &v), 0);
    ck_assert_double_eq(v, 10);
    /* the largest double is in range; the messages name the fault */
    ck_assert_int_eq(att_parse_double("1.7976931348623157e308", &v), 0);
    ck_assert_ptr_nonnull(strstr(att_number_problem(ATT_NUM_TOO_LARGE), "out of range"));
    ck_assert_ptr_nonnull(strstr(att_number_problem(ATT_NUM_INFINITE), "infinite"));
    ck_assert_ptr_nonnull(strstr(att_number_problem(ATT_NUM_NAN), "NaN"));
    ck_assert_ptr_nonnull(strstr(att_number_problem(ATT_NUM_TRAILING), "text after"));
    ck_assert_ptr_nonnull(strstr(att_number_problem(ATT_NUM_DECIMAL_COMMA), "decimal point"));
    ck_assert_ptr_nonnull(strstr(att_number_problem(ATT_NUM_HEX), "hexadecimal"));
}
END_TEST

/* att_parse_double's fast path for plain decimals must give strtod's bits. */
START_TEST(parse_double_matches_strtod)
{
    unsigned long long x = 88172645463325252ULL;   /* xorshift64, fixed seed */
    char buf[64];
    for (int k = 0; k < 200000; k++) {
        size_t n = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (x & 1)
            buf[n++] = '-';
        int ints = (int)(x >> 1) % 9, fracs = (int)(x >> 5) % 19;
        for (int i = 0; i < ints; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[n++] = (char)('0' + x % 10);
        }
        if ((x >> 9) & 3)
            buf[n++] = '.';
        for (int i = 0; i < fracs; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[n++] = (char)('0' + x % 10);
        }
        buf[n] = '\0';
        char *end;
        double want = strtod(buf, &end);
        int valid = end != buf && *end == '\0';
        double got = 0;
        int rc = att_parse_double(buf, &got);
        ck_assert_msg(valid ? rc == 0 : rc < 0, "'%s': rc %d", buf, rc);
        if (valid)
            ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "'%s': %.17g, strtod %.17g",
                          buf, got, want);
    }
}
END_TEST

Suite *suite_param(void)
{
    Suite *s = suite_create("param");
    TCase *tc = tcase_create("helpers");
    tcase_add_test(tc, edit_distance_by_hand);
    tcase_add_test(tc, suggestions);
    tcase_add_test(tc, parse_double_is_strict);
    tcase_add_test(tc, parse_double_matches_strtod);
    suite_add_tcase(s, tc);
    return s;
}
