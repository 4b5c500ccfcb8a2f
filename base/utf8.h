/* UTF-8 checking and repair: the one place that decides which bytes are
 * valid UTF-8 (the JSON writer, base/json.c, and the figures' text,
 * plot/figure.c).  Internal to the library (not installed). */
#ifndef ATT_UTF8_H
#define ATT_UTF8_H

#include <stddef.h>
#include "attune/buf.h"
#include "attune/error.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* The length (1 to 4) of the valid UTF-8 sequence that begins at `s`, with
 * `n` >= 1 bytes left, or 0 when the byte at `s` begins none: a stray
 * continuation byte, C0, C1, F5 to FF, an overlong form, a UTF-16
 * surrogate, a code point above U+10FFFF, or a sequence cut by the end of
 * the `n` bytes.  Cannot fail. */
size_t att_utf8_len(const char *s, size_t n);

/* 1 when the `n` bytes at `s` are all valid UTF-8, else 0. */
int att_utf8_valid(const char *s, size_t n);

/* Appends the `n` bytes at `s` to `out` with each byte that begins no valid
 * sequence (att_utf8_len 0) replaced by U+FFFD (EF BF BD), one for each
 * such byte, as att_json_chars writes them; `out` stays NUL-terminated.
 * ATT_OK, or ATT_ENOMEM ("out of memory" in `err`, which may be NULL) with
 * `out` holding part of the text. */
int att_utf8_repair(att_buf *out, const char *s, size_t n, att_error *err);

#pragma GCC visibility pop

#endif
