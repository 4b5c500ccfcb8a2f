/* Fast number formatting for the trace writer: decimal integers and
 * fixed-decimal doubles written two digits at a time into a caller's
 * buffer, with exactly the bytes printf gives.  Internal to the library
 * (not installed). */
#ifndef ATT_FMT_H
#define ATT_FMT_H

#include <stddef.h>
#include <stdint.h>

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
 * ATT_FMT_FIXED_MAX. */
size_t att_fmt_fixed(char *out, double x, int d);

#pragma GCC visibility pop

#endif
