/* UTF-8 checking and repair (utf8.h): which bytes are valid UTF-8, and
 * text with the others replaced by U+FFFD. */
#include "base/utf8.h"

size_t att_utf8_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;   /* the second byte's range */
    if (c < 0x80)
        return 1;
    else if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;   /* no overlong forms */
        if (c == 0xED)
            hi = 0x9F;   /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;   /* nothing above U+10FFFF */
    } else
        return 0;
    if (n < len || u[1] < lo || u[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (u[i] < 0x80 || u[i] > 0xBF)
            return 0;
    return len;
}

int att_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0, len; i < n; i += len)
        if (!(len = att_utf8_len(s + i, n - i)))
            return 0;
    return 1;
}

int att_utf8_repair(att_buf *out, const char *s, size_t n, att_error *err)
{
    if (att_buf_reserve(out, n, err) != ATT_OK)
        return ATT_ENOMEM;
    out->data[out->len] = '\0';
    size_t i = 0;
    while (i < n) {
        size_t ok = i, len;
        while (ok < n && (len = att_utf8_len(s + ok, n - ok)) > 0)
            ok += len;
        if (att_buf_add(out, s + i, ok - i, err) != ATT_OK)
            return ATT_ENOMEM;
        if (ok < n && att_buf_add(out, "\xEF\xBF\xBD", 3, err) != ATT_OK)
            return ATT_ENOMEM;
        i = ok + (ok < n);
    }
    return ATT_OK;
}
