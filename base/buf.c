/* Growable text buffers (buf.h), on att_grow. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/buf.h"
#include "base/grow.h"

void att_buf_free(att_buf *buf)
{
    if (!buf)
        return;
    free(buf->data);
    memset(buf, 0, sizeof *buf);
}

void att_buf_clear(att_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

int att_buf_reserve(att_buf *buf, size_t extra, att_error *err)
{
    if (extra > (size_t)-1 - buf->len - 1)
        return att_error_nomem(err);
    return att_grow(&buf->data, &buf->cap, buf->len + extra + 1, 1, err);
}

int att_buf_add(att_buf *buf, const char *s, size_t n, att_error *err)
{
    int rc = att_buf_reserve(buf, n, err);
    if (rc != ATT_OK)
        return rc;
    memcpy(buf->data + buf->len, s, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
    return ATT_OK;
}

int att_buf_str(att_buf *buf, const char *s, att_error *err)
{
    return att_buf_add(buf, s, strlen(s), err);
}

int att_buf_printf(att_buf *buf, att_error *err, const char *fmt, ...)
{
    char small[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return att_error_set(err, ATT_EINTERNAL, "att_buf_printf: bad format");
    if ((size_t)n < sizeof small)
        return att_buf_add(buf, small, (size_t)n, err);
    int rc = att_buf_reserve(buf, (size_t)n, err);
    if (rc != ATT_OK)
        return rc;
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
    return ATT_OK;
}
