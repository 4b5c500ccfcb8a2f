/* base/grow.c: the capacity-doubling helper. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include "base/grow.h"

START_TEST(test_grow_doubles_from_eight_and_zeroes)
{
    int *a = NULL;
    size_t cap = 0;
    att_error err;
    ck_assert_int_eq(att_grow(&a, &cap, 1, sizeof *a, &err), ATT_OK);
    ck_assert_uint_eq(cap, 8);
    for (size_t i = 0; i < cap; i++)
        ck_assert_int_eq(a[i], 0);
    a[7] = 42;
    ck_assert_int_eq(att_grow(&a, &cap, 8, sizeof *a, &err), ATT_OK);   /* fits */
    ck_assert_uint_eq(cap, 8);
    ck_assert_int_eq(att_grow(&a, &cap, 9, sizeof *a, &err), ATT_OK);
    ck_assert_uint_eq(cap, 16);
    ck_assert_int_eq(a[7], 42);
    for (size_t i = 8; i < 16; i++)
        ck_assert_int_eq(a[i], 0);
    ck_assert_int_eq(att_grow(&a, &cap, 100, sizeof *a, &err), ATT_OK);
    ck_assert_uint_eq(cap, 128);   /* 16 -> 32 -> 64 -> 128 */
    free(a);
}
END_TEST

START_TEST(test_grow_overflow_is_out_of_memory)
{
    double *a = NULL;
    size_t cap = 0;
    att_error err;
    att_error_clear(&err);
    ck_assert_int_eq(att_grow(&a, &cap, SIZE_MAX / 4, sizeof *a, &err), ATT_ENOMEM);
    ck_assert_int_eq(err.code, ATT_ENOMEM);
    ck_assert_str_eq(err.msg, "out of memory");
    ck_assert_ptr_null(a);
    ck_assert_uint_eq(cap, 0);
}
END_TEST

Suite *suite_grow(void)
{
    Suite *s = suite_create("grow");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_grow_doubles_from_eight_and_zeroes);
    tcase_add_test(tc, test_grow_overflow_is_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}
