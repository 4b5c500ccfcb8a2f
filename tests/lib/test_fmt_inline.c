/* Tests for att_fmt_fixed_inline (base/fmt.h), the specialised formatter the
 * trace writer inlines for its columns of three and four decimals, and for
 * att_fmt_fixed built on it: instances with each count of decimals 0-9 as a
 * constant are compared with snprintf("%.*f") (the C library's formatting,
 * an independent implementation, which rounds the exact binary value, ties
 * to even) over random values of every magnitude, exact ties, values either
 * side of them, negatives that round to zero (written without the sign)
 * and values at the edges of the fast path (10^15 units of the last
 * decimal) and of the whole part's short cases (9, 99, 999). */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/fmt.h"

static long checked;

/* att_fmt_fixed against printf's text ("-0.000" without its sign), and
 * nothing written past the length it returns. */
static void check_value(double x, int d)
{
    char ref[ATT_FMT_FIXED_MAX];
    int n = snprintf(ref, sizeof ref, "%.*f", d, x);
    ck_assert(n > 0 && (size_t)n < sizeof ref);
    const char *want = ref;
    if (ref[0] == '-' && strspn(ref + 1, "0.") == (size_t)n - 1)
        want++;
    if (isnan(x))
        want = "NaN";
    else if (isinf(x))
        want = x < 0 ? "-Inf" : "Inf";
    char got[ATT_FMT_FIXED_MAX + 16];
    memset(got, '#', sizeof got);
    size_t len = att_fmt_fixed(got, x, d);   /* a switch of d-constant inline instances */
    ck_assert_uint_le(len, ATT_FMT_FIXED_MAX);
    ck_assert_msg(got[len] == '#', "%.17g, %d decimals: a byte written past the length", x, d);
    got[len] = '\0';
    ck_assert_msg(strcmp(got, want) == 0, "%.17g with %d decimals: got \"%s\", printf \"%s\"", x,
                  d, got, want);
    checked++;
}

static void check_both_signs(double x, int d)
{
    check_value(x, d);
    check_value(-x, d);
}

static unsigned long long rng = 0x2545f4914f6cdd1dULL;

static unsigned long long next_u64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Uniform in [0, 1). */
static double next_unit(void)
{
    return (double)(next_u64() >> 11) / 9007199254740992.0;
}

/* Random values from 1e-12 to 1e18 (the fast path and the slow one above
 * 10^15 units), every count of decimals, either sign. */
START_TEST(random_magnitudes)
{
    checked = 0;
    for (long i = 0; i < 60000; i++) {
        int e = (int)(next_u64() % 31) - 12;
        double x = next_unit() * pow(10, e);
        check_both_signs(x, (int)(next_u64() % (ATT_FMT_MAX_DECIMALS + 1)));
    }
    /* The trace's own ranges: 0 to 1 and a little either side. */
    for (long i = 0; i < 40000; i++) {
        double x = next_unit() * 1.2 - 0.1;
        check_value(x, 3);
        check_value(x, 4);
    }
    ck_assert_int_eq(checked, 200000);
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
            check_value(v[i], d);
        for (long i = 0; i < 2000; i++)
            check_value(-next_unit() * 4 * half, d);
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

Suite *suite_fmt_inline(void)
{
    Suite *s = suite_create("fmt_inline");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, random_magnitudes);
    tcase_add_test(tc, exact_ties);
    tcase_add_test(tc, negative_zero);
    tcase_add_test(tc, limits);
    suite_add_tcase(s, tc);
    return s;
}
