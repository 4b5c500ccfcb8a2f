/* The one JSON string writer of attune (scores, run metadata, validation
 * reports), so the output is valid JSON (RFC 8259) whatever the bytes.
 * Internal to the library (not installed). */
#ifndef ATT_JSON_H
#define ATT_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* Writes `s` to `fp` in double quotes, with " and \ escaped, \n \r \t \b \f
 * for those controls and \u00XX for the other bytes below 0x20, valid UTF-8
 * as it is, and each byte that does not begin a valid UTF-8 sequence
 * (Latin-1 text, a cut sequence, an overlong form, a surrogate) replaced by
 * U+FFFD: like Python's json.dumps with ensure_ascii off.  NULL is written
 * as null.  Write errors are left on `fp` (check ferror). */
void att_json_string(FILE *fp, const char *s);

/* The same escaping for the `n` bytes at `s`, without the quotes (a valid
 * UTF-8 sequence cut by the end of the span is replaced like any invalid
 * byte, so callers pass whole spans). */
void att_json_chars(FILE *fp, const char *s, size_t n);

#pragma GCC visibility pop

#endif
