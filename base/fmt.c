/* Fast number formatting (base/fmt.h): digits are written in place from the
 * right, two at a time from a table of the hundred pairs, and only
 * divisions by constants are used (which the compiler turns into
 * multiplies).
 *
 * A fixed-decimal number is rounded once to a whole number of units of its
 * last decimal (att_fmt_fixed_inline in base/fmt.h, specialised here for
 * each count of decimals by a switch).  The rounding is that of "%.*f"
 * unless the value is too close to a tie to be sure, too large for the
 * fast path, NaN or infinite: then snprintf itself is used (or the names
 * of NaN and the infinities). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/fmt.h"

const char att_fmt_pairs[200] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

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
        memcpy(p, att_fmt_pairs + 2 * r, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, att_fmt_pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    while (p > out)
        *--p = '0';
}

size_t att_fmt_whole(char *out, uint64_t w)
{
    int n = digit_count(w);
    put_digits(out, w, n);
    return (size_t)n;
}

size_t att_fmt_long(char *out, long v)
{
    if (v >= 0)
        return att_fmt_whole(out, (uint64_t)v);
    *out = '-';
    return 1 + att_fmt_whole(out + 1, (uint64_t)0 - (uint64_t)v);
}

/* NaN and the infinities by name, anything else with snprintf, without the
 * sign of a value rounding to zero. */
size_t att_fmt_fixed_slow(char *out, double x, int d)
{
    if (isnan(x)) {
        memcpy(out, "NaN", 3);
        return 3;
    }
    if (isinf(x)) {
        memcpy(out, x < 0 ? "-Inf" : "Inf", x < 0 ? 4 : 3);
        return x < 0 ? 4 : 3;
    }
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
    switch (d) {
    case 0: return att_fmt_fixed_inline(out, x, 0);
    case 1: return att_fmt_fixed_inline(out, x, 1);
    case 2: return att_fmt_fixed_inline(out, x, 2);
    case 3: return att_fmt_fixed_inline(out, x, 3);
    case 4: return att_fmt_fixed_inline(out, x, 4);
    case 5: return att_fmt_fixed_inline(out, x, 5);
    case 6: return att_fmt_fixed_inline(out, x, 6);
    case 7: return att_fmt_fixed_inline(out, x, 7);
    case 8: return att_fmt_fixed_inline(out, x, 8);
    default: return att_fmt_fixed_inline(out, x, 9);
    }
}
