/* A growable text buffer: the bytes built up, always NUL-terminated once
 * anything was added.  Used for results lines (att_batch_row) and any text
 * assembled piece by piece. */
#ifndef ATT_BUF_H
#define ATT_BUF_H

#include <stddef.h>
#include "attune/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Start zeroed (att_buf b = { 0 }); the caller owns `data` and releases it
 * with att_buf_free. */
typedef struct att_buf {
    char *data;
    size_t len, cap;
} att_buf;

/* Releases the text and zeroes the buffer; NULL is accepted. */
void att_buf_free(att_buf *buf);

/* Empties the buffer, keeping its memory. */
void att_buf_clear(att_buf *buf);

/* Make room for `extra` more bytes and the NUL.  Each returns ATT_OK, or
 * ATT_ENOMEM ("out of memory" in `err`, which may be NULL) with the text
 * unchanged. */
int att_buf_reserve(att_buf *buf, size_t extra, att_error *err);
/* Appends the `n` bytes at `s`. */
int att_buf_add(att_buf *buf, const char *s, size_t n, att_error *err);
/* Appends the string `s`. */
int att_buf_str(att_buf *buf, const char *s, att_error *err);
/* Appends printf-formatted text. */
int att_buf_printf(att_buf *buf, att_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
