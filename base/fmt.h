/* Fast number formatting for the trace writer: decimal integers and
 * fixed-decimal doubles written two digits at a time into a caller's
 * buffer, with exactly the bytes printf gives.  Internal to the library
 * (not installed).
 *
 * att_fmt_fixed_inline is att_fmt_fixed for a writer whose columns each
 * have a constant count of decimals: inlined with that constant, it
 * divides by constants only and writes the decimals without a loop, and a
 * row of numbers costs no calls (issue 19: the trace at most 2x a run
 * without it).  Exact zeros, common in a trace (signals that are off),
 * take a short cut. */
#ifndef ATT_FMT_H
#define ATT_FMT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* Most decimals att_fmt_fixed takes, and the most bytes it writes ("%.9f"
 * of -DBL_MAX is 320 bytes). */
#define ATT_FMT_MAX_DECIMALS 9
#define ATT_FMT_FIXED_MAX 400
/* The most bytes att_fmt_long writes ("-9223372036854775808"). */
#define ATT_FMT_LONG_MAX 21

/* Writes `v` in decimal at `out` (no terminating NUL), as "%ld" does;
 * returns the number of bytes written. */
size_t att_fmt_long(char *out, long v);

/* Writes `x` with `d` decimals (0 <= d <= ATT_FMT_MAX_DECIMALS) at `out`
 * (no NUL), exactly as snprintf's "%.*f" does, except that a value that
 * rounds to zero is written without a sign ("0.000", never "-0.000") and
 * NaN and the infinities are written "NaN", "Inf" and "-Inf" (as R and
 * pandas read them).  Returns the number of bytes written, at most
 * ATT_FMT_FIXED_MAX.  Cannot fail. */
size_t att_fmt_fixed(char *out, double x, int d);

/* The pieces att_fmt_fixed_inline uses (base/fmt.c): the digit pairs
 * "00" to "99"; the slow path (exactly att_fmt_fixed's
 * bytes, through snprintf) for values too large, too close to a rounding
 * tie, NaN or infinite; and a whole number in decimal (any; the inline
 * code uses it from four digits, att_fmt_long for the digits after a
 * sign), returning the bytes written. */
extern const char att_fmt_pairs[200];
size_t att_fmt_fixed_slow(char *out, double x, int d);
size_t att_fmt_whole(char *out, uint64_t w);

/* The compilers' own judgement would keep the function below out of line,
 * with d a variable: the whole point is to inline it. */
#if defined(__GNUC__)
#define ATT_FMT_INLINE static inline __attribute__((always_inline))
#else
#define ATT_FMT_INLINE static inline
#endif

/* 10^d for 0 <= d <= ATT_FMT_MAX_DECIMALS: a constant when d is. */
ATT_FMT_INLINE uint32_t att_fmt_pow10(int d)
{
    switch (d) {
    case 0: return 1;
    case 1: return 10;
    case 2: return 100;
    case 3: return 1000;
    case 4: return 10000;
    case 5: return 100000;
    case 6: return 1000000;
    case 7: return 10000000;
    case 8: return 100000000;
    default: return 1000000000;
    }
}

/* att_fmt_fixed, the same bytes, inlined: give `d` as a constant.
 *
 * One multiplication by an exact power of ten: y is within |y| * 2^-53 of
 * the exact scaled value.  y + 0.5 is exact (y < 2^50), so n, its whole
 * part, is y rounded half up to a whole number of units of the last
 * decimal; that agrees with "%.*f" unless y is that close to a tie, that
 * is g = y + 0.5 - n (also exact) that close to 0 or 1: then the slow
 * path decides.  NaN and the infinities fail the first test. */
ATT_FMT_INLINE size_t att_fmt_fixed_inline(char *out, double x, int d)
{
    if (x == 0) {  /* and -0: common (a signal that is off), and quick */
        size_t len = d ? (size_t)d + 2 : 1;
        memcpy(out, "0.000000000", len);
        return len;
    }
    uint32_t p = att_fmt_pow10(d);
    double y = fabs(x) * (double)p;  /* exact power of ten */
    if (!(y < 1e15))
        return att_fmt_fixed_slow(out, x, d);
    double up = y + 0.5;
    uint64_t n = (uint64_t)up;
    double g = up - (double)n, margin = y * 1e-15;
    if (!(g > margin && 1 - g > margin))
        return att_fmt_fixed_slow(out, x, d);
    char *o = out;
    if (n != 0 && x < 0)
        *o++ = '-';
    uint64_t w = n / p;  /* the whole part; the decimals are n - w * p */
    if (w < 10)
        *o++ = (char)('0' + w);
    else if (w < 100) {
        memcpy(o, att_fmt_pairs + 2 * w, 2);
        o += 2;
    } else if (w < 1000) {
        *o = (char)('0' + w / 100);
        memcpy(o + 1, att_fmt_pairs + 2 * (w % 100), 2);
        o += 3;
    } else
        o += att_fmt_whole(o, w);
    if (d == 0)
        return (size_t)(o - out);
    /* The d decimals from the right: pairs while more than two are left,
     * then the last one or two (f below 10^k: no division). */
    uint32_t f = (uint32_t)(n - w * p);
    *o = '.';
    o += 1 + d;
    char *q = o;
    int k = d;
    for (; k > 2; k -= 2) {
        q -= 2;
        memcpy(q, att_fmt_pairs + 2 * (f % 100), 2);
        f /= 100;
    }
    if (k == 2)
        memcpy(q - 2, att_fmt_pairs + 2 * f, 2);
    else
        q[-1] = (char)('0' + f);
    return (size_t)(o - out);
}

#pragma GCC visibility pop

#endif
