/* Tests for base/fmt.c, the trace writer's number formatting: every value
 * is compared with what snprintf("%.*f") / "%ld" prints for it (the C
 * library's formatting, an independent implementation, which rounds the
 * exact binary value, ties to even), with the documented differences that
 * a value rounding to zero has no sign and NaN and the infinities are
 * "NaN", "Inf" and "-Inf", and nothing may be written past the length
 * returned.  att_fmt_fixed is a switch of att_fmt_fixed_inline's instances
 * with a constant count of decimals (base/fmt.h), the ones the trace
 * inlines: every count 0-9 is tested, at random values of every
 * magnitude, exact ties and their neighbours, negatives that round to
 * zero and the edges of the fast path (10^15 units of the last decimal)
 * and of the whole part's short cases (9, 99, 999). */
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
    if (isnan(x))
        s = "NaN";
    else if (isinf(x))
        s = x < 0 ? "-Inf" : "Inf";
    snprintf(out, cap, "%s", s);
}

static void check_fixed(double x, int d)
{
    char want[ATT_FMT_FIXED_MAX], got[ATT_FMT_FIXED_MAX + 16];
    expected(want, sizeof want, x, d);
    memset(got, '#', sizeof got);
    size_t n = att_fmt_fixed(got, x, d);
    ck_assert_uint_le(n, ATT_FMT_FIXED_MAX);
    ck_assert_msg(got[n] == '#', "%.17g, %d decimals: a byte written past the length", x, d);
    got[n] = '\0';
    ck_assert_msg(strcmp(got, want) == 0, "%.17g with %d decimals: got \"%s\", printf \"%s\"",
                  x, d, got, want);
}

static void check_both_signs(double x, int d)
{
    check_fixed(x, d);
    check_fixed(-x, d);
}

static unsigned long long rng = 0x2545f4914f6cdd1dULL;

/* Uniform in [0, 1) (xorshift). */
static double next_unit(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
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

/* The trace's own ranges, 0 to 1 and a little either side, at its three
 * and four decimals. */
START_TEST(fixed_trace_range)
{
    for (long i = 0; i < 40000; i++) {
        double x = next_unit() * 1.2 - 0.1;
        check_fixed(x, 3);
        check_fixed(x, 4);
    }
}
END_TEST

/* Exact ties: x * 10^d = k + 1/2 exactly when x = odd / 2^(d+1); printf
 * rounds them to even.  Their neighbours one ulp away round apart. */
START_TEST(exact_ties)
{
    for (int d = 0; d <= ATT_FMT_MAX_DECIMALS; d++) {
        double unit = ldexp(1, -(d + 1));
        for (long k = 0; k < 4000; k++) {
            double odd = (double)(2 * k + 1);
            double x = odd * unit;
            check_both_signs(x, d);
            check_both_signs(nextafter(x, 0), d);
            check_both_signs(nextafter(x, INFINITY), d);
        }
        /* Large odd numerators, up to the fast path's limit and past it. */
        for (long i = 0; i < 4000; i++) {
            double limit = 1e15 / pow(10, d) / unit;  /* numerators below this are fast */
            double odd = 2 * floor(next_unit() * 1.5 * limit / 2) + 1;
            if (odd >= 9007199254740992.0)
                continue;  /* not exact */
            check_both_signs(odd * unit, d);
        }
    }
}
END_TEST

/* Negative values that round to zero: "0.000", never "-0.000", and the
 * first ones that do not. */
START_TEST(negative_zero)
{
    for (int d = 0; d <= ATT_FMT_MAX_DECIMALS; d++) {
        double half = 0.5 * pow(10, -d);
        const double v[] = { -0.0, -DBL_MIN, -5e-324, -1e-300, -half * 0.999, -half,
                             nextafter(-half, 0), nextafter(-half, -1), -half * 1.001,
                             -2 * half, -3 * half, nextafter(-3 * half, 0) };
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
            check_fixed(v[i], d);
        for (long i = 0; i < 2000; i++)
            check_fixed(-next_unit() * 4 * half, d);
    }
}
END_TEST

/* The edges: 10^15 units (the fast path's limit), the whole part's short
 * cases 9, 99 and 999 carrying over, and values no double exceeds. */
START_TEST(limits)
{
    for (int d = 0; d <= ATT_FMT_MAX_DECIMALS; d++) {
        double p = pow(10, d), unit = 1 / p;
        double edges[] = { 1e15 / p, (1e15 - 0.5) / p, (1e15 - 1) / p, 9.99999999999999e14 / p,
                           4.5e14 / p, 9 + 0.5 * unit, 10 - 0.5 * unit, 99 + 0.5 * unit,
                           100 - 0.5 * unit, 999 + 0.5 * unit, 1000 - 0.5 * unit,
                           9999.5, 1e300, DBL_MAX, INFINITY, NAN };
        for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
            double x = edges[i];
            check_both_signs(x, d);
            for (int k = 0; k < 8; k++) {
                x = nextafter(x, 0);
                check_both_signs(x, d);
            }
            x = edges[i];
            for (int k = 0; k < 8; k++) {
                x = nextafter(x, INFINITY);
                check_both_signs(x, d);
            }
        }
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
    tcase_add_test(tc, fixed_trace_range);
    tcase_add_test(tc, exact_ties);
    tcase_add_test(tc, negative_zero);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, long_values);
    suite_add_tcase(s, tc);
    return s;
}
