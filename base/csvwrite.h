/* Writing CSV fields: the one quoting rule of every CSV attune writes, the
 * counterpart of the reader (base/csvread.h).  Internal to the library
 * (not installed). */
#ifndef ATT_CSVWRITE_H
#define ATT_CSVWRITE_H

#include <stddef.h>
#include <stdio.h>

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* Writes `s` to `fp` as a CSV field (RFC 4180), quoted only when it must
 * be: when it holds a comma, a double quote, CR or LF, it is written in
 * double quotes with each double quote doubled; otherwise as it is.  Write
 * errors are left on `fp` (check ferror). */
void att_csv_put_field(FILE *fp, const char *s);

/* The same bytes into memory: writes the field and a NUL at `dst`, which has
 * room for att_csv_field_len(s) + 1 bytes, and returns the field's length.
 * Cannot fail. */
size_t att_csv_field(char *dst, const char *s);

/* How many bytes the field of `s` takes (without a NUL). */
size_t att_csv_field_len(const char *s);

#pragma GCC visibility pop

#endif
