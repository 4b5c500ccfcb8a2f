/* Tests for base/fmt.c, the trace writer's number formatting: every value
 * is compared with what snprintf("%.*f") / "%ld" prints for it (the C
 * library's formatting, an independent implementation), with the one
 * documented difference that a value rounding to zero has no sign. */
#include <check.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/fmt.h"

/* What att_fmt_fixed must write: printf's text, "-0.000" without its sign. */
static void expected(char *out, size_t cap, double x, int d)
{
    char tmp[ATT_FMT_FIXED_MAX];
    snprintf(tmp, sizeof tmp, "%.*f", d, x);
    const char *s = tmp;
    if (s[0] == '-' && strspn(s + 1, "0.") == strlen(s + 1))
        s++;
    snprintf(out, cap, "%s", s);
}

static void check_fixed(double x, int d)
{
    char want[ATT_FMT_FIXED_MAX], got[ATT_FMT_FIXED_MAX + 1];
    expected(want, sizeof want, x, d);
    size_t n = att_fmt_fixed(got, x, d);
    ck_assert_uint_le(n, ATT_FMT_FIXED_MAX);
    got[n] = '\0';
    ck_assert_msg(strcmp(got, want) == 0, "%.17g with %d decimals: got \"%s\", printf \"%s\"",
                  x, d, got, want);
}

START_TEST(fixed_hand_values)
{
    /* Written out by hand. */
    char b[ATT_FMT_FIXED_MAX];
    ck_assert_uint_eq(att_fmt_fixed(b, 0.25, 4), 6);
    ck_assert(memcmp(b, "0.2500", 6) == 0);
    ck_assert_uint_eq(att_fmt_fixed(b, -12.3456, 3), 7);
    ck_assert(memcmp(b, "-12.346", 7) == 0);
    ck_assert_uint_eq(att_fmt_fixed(b, -0.0, 4), 6);
    ck_assert(memcmp(b, "0.0000", 6) == 0);
    ck_assert_uint_eq(att_fmt_fixed(b, -0.00004, 4), 6);  /* rounds to zero: no sign */
    ck_assert(memcmp(b, "0.0000", 6) == 0);
    ck_assert_uint_eq(att_fmt_fixed(b, 359.9, 1), 5);
    ck_assert(memcmp(b, "359.9", 5) == 0);
    ck_assert_uint_eq(att_fmt_fixed(b, NAN, 4), 3);
    ck_assert(memcmp(b, "NaN", 3) == 0);
    ck_assert_uint_eq(att_fmt_fixed(b, INFINITY, 4), 3);
    ck_assert(memcmp(b, "Inf", 3) == 0);
    ck_assert_uint_eq(att_fmt_fixed(b, -INFINITY, 3), 4);
    ck_assert(memcmp(b, "-Inf", 4) == 0);
    ck_assert_uint_eq(att_fmt_fixed(b, 0.999996, 5), 7);  /* carries into the units */
    ck_assert(memcmp(b, "1.00000", 7) == 0);
}
END_TEST

START_TEST(fixed_edges)
{
    static const double v[] = {
        0.0, -0.0, 1e-300, -1e-300, 5e-324, 0.5, -0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 0.35,
        0.125, 0.375, 0.0625, 0.00005, 0.00015, 0.00025, 0.0005, 0.0015, 1.00005, 2.00015,
        0.12345, 0.99995, 0.9995, 9.9995, 99.99995, 0.1, 0.2, 0.3, 0.7, 1.0 / 3, 2.0 / 3,
        1e14, 1e15 - 0.5, 1e15, 1e15 + 1, 9007199254740993.0, 1e16, 1e17, 1e20, 1e22, 1e300,
        DBL_MAX, -DBL_MAX, DBL_MIN, 4503599627370495.5, 123456789.123456789, -987654.3210987
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        for (int d = 0; d <= ATT_FMT_MAX_DECIMALS; d++) {
            check_fixed(v[i], d);
            check_fixed(-v[i], d);
        }
}
END_TEST

/* Values a hair either side of each rounding tie k + 0.5 units of the last
 * decimal, and the ties' nearest doubles themselves. */
START_TEST(fixed_near_ties)
{
    static const int decimals[] = { 1, 3, 4, 9 };
    for (size_t j = 0; j < sizeof decimals / sizeof decimals[0]; j++) {
        int d = decimals[j];
        double unit = pow(10, -d);
        for (long k = 0; k < 3000; k++) {
            double tie = ((double)k + 0.5) * unit;
            check_fixed(tie, d);
            check_fixed(nextafter(tie, 0), d);
            check_fixed(nextafter(tie, 1e300), d);
            check_fixed(-tie, d);
            check_fixed((double)k * unit, d);
        }
    }
}
END_TEST

/* Many random values over many magnitudes, at every precision. */
START_TEST(fixed_random)
{
    unsigned long long s = 0x9e3779b97f4a7c15ULL;
    for (long i = 0; i < 200000; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        double u = (double)(s >> 11) / 9007199254740992.0;
        int e = (int)(s % 40) - 20;  /* 1e-20 to 1e19 */
        double x = (s & 1 ? -u : u) * pow(10, e);
        check_fixed(x, (int)((s >> 7) % (ATT_FMT_MAX_DECIMALS + 1)));
    }
}
END_TEST

START_TEST(long_values)
{
    static const long v[] = { 0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 12345, -12345,
                              1000000007, LONG_MAX, LONG_MIN, LONG_MIN + 1 };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char want[32], got[ATT_FMT_LONG_MAX + 1];
        snprintf(want, sizeof want, "%ld", v[i]);
        size_t n = att_fmt_long(got, v[i]);
        ck_assert_uint_le(n, ATT_FMT_LONG_MAX);
        got[n] = '\0';
        ck_assert_str_eq(got, want);
    }
    for (long x = -100000; x <= 100000; x += 7) {
        char want[32], got[ATT_FMT_LONG_MAX + 1];
        snprintf(want, sizeof want, "%ld", x);
        got[att_fmt_long(got, x)] = '\0';
        ck_assert_str_eq(got, want);
    }
}
END_TEST

Suite *suite_fmt(void)
{
    Suite *s = suite_create("fmt");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fixed_hand_values);
    tcase_add_test(tc, fixed_edges);
    tcase_add_test(tc, fixed_near_ties);
    tcase_add_test(tc, fixed_random);
    tcase_add_test(tc, long_values);
    suite_add_tcase(s, tc);
    return s;
}
