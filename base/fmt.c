/* Fast number formatting (base/fmt.h): digits are written in place from the
 * right, two at a time from a table of the hundred pairs, and only
 * divisions by the constant 100 are used (which the compiler turns into a
 * multiply).
 *
 * A fixed-decimal number is rounded once to a whole number of units of its
 * last decimal, n, written with at least d + 1 digits; the decimal point
 * goes d digits from the right.  The rounding is that of "%.*f" unless the
 * value is too close to a tie to be sure, or too large for the fast path:
 * then snprintf itself is used. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/fmt.h"

static const char pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static const double pow10_table[ATT_FMT_MAX_DECIMALS + 1] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9
};

static const uint64_t pow10_u64[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
    100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
    10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL
};

/* How many digits `v` has (1-20). */
static int digit_count(uint64_t v)
{
    int n = 1;
    while (n < 20 && v >= pow10_u64[n])
        n++;
    return n;
}

/* Writes `v` as exactly `width` digits (zero-padded; `width` at least its
 * digit count) at out[0..width). */
static void put_digits(char *out, uint64_t v, int width)
{
    char *p = out + width;
    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        p -= 2;
        memcpy(p, pairs + 2 * r, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    while (p > out)
        *--p = '0';
}

size_t att_fmt_long(char *out, long v)
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char *o = out;
    if (v < 0)
        *o++ = '-';
    int n = digit_count(u);
    put_digits(o, u, n);
    return (size_t)(o + n - out);
}

/* The slow path: snprintf, without the sign of a value rounding to zero. */
static size_t fixed_printf(char *out, double x, int d)
{
    char tmp[ATT_FMT_FIXED_MAX];
    int n = snprintf(tmp, sizeof tmp, "%.*f", d, x);
    if (n < 0 || (size_t)n >= sizeof tmp)
        n = 0;  /* cannot happen for d <= 9: "%.9f" of DBL_MAX is 320 bytes */
    const char *s = tmp;
    if (s[0] == '-' && strspn(s + 1, "0.") == (size_t)n - 1) {
        s++;
        n--;
    }
    memcpy(out, s, (size_t)n);
    return (size_t)n;
}

size_t att_fmt_fixed(char *out, double x, int d)
{
    if (isnan(x)) {
        memcpy(out, "NaN", 3);
        return 3;
    }
    if (isinf(x)) {
        memcpy(out, x < 0 ? "-Inf" : "Inf", x < 0 ? 4 : 3);
        return x < 0 ? 4 : 3;
    }
    /* One multiplication by an exact power of ten: y is within |y| * 2^-53
     * of the exact scaled value, so rounding y agrees with rounding the
     * exact value unless the fraction is that close to one half. */
    double y = fabs(x) * pow10_table[d];
    if (!(y < 1e15))
        return fixed_printf(out, x, d);
    int64_t whole = (int64_t)y;  /* floor: 0 <= y < 1e15 */
    double frac = y - (double)whole;
    if (!(fabs(frac - 0.5) > y * 1e-15))
        return fixed_printf(out, x, d);
    uint64_t n = (uint64_t)whole + (frac > 0.5);
    char *o = out;
    if (n != 0 && x < 0)
        *o++ = '-';
    /* The digits of n, at least d + 1, then the last d moved one place
     * right to make room for the point. */
    int len = digit_count(n);
    if (len < d + 1)
        len = d + 1;
    put_digits(o, n, len);
    o += len;
    if (d > 0) {
        for (int i = 0; i < d; i++)
            o[-i] = o[-i - 1];
        o[-d] = '.';
        o++;
    }
    return (size_t)(o - out);
}
