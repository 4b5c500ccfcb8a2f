/* Parameter helpers: edit distance against hand-worked examples, typo
 * suggestions, strict number parsing. */
#include <check.h>
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
    ck_assert_int_eq(att_parse_double("1.5x", &v), -1);
    ck_assert_int_eq(att_parse_double("", &v), -1);
    ck_assert_int_eq(att_parse_double("nan", &v), -1);
    ck_assert_int_eq(att_parse_double("inf", &v), -1);
    ck_assert_int_eq(att_parse_double("1e999", &v), -1);
}
END_TEST

Suite *suite_param(void)
{
    Suite *s = suite_create("param");
    TCase *tc = tcase_create("helpers");
    tcase_add_test(tc, edit_distance_by_hand);
    tcase_add_test(tc, suggestions);
    tcase_add_test(tc, parse_double_is_strict);
    suite_add_tcase(s, tc);
    return s;
}
