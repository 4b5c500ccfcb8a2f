/* Writing CSV fields (csvwrite.h): quoting only when it must. */
#include <string.h>
#include "base/csvwrite.h"

static int needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

void att_csv_put_field(FILE *fp, const char *s)
{
    if (!needs_quotes(s)) {
        fputs(s, fp);
        return;
    }
    putc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', fp);
        putc(*s, fp);
    }
    putc('"', fp);
}

size_t att_csv_field_len(const char *s)
{
    size_t n = strlen(s);
    if (!needs_quotes(s))
        return n;
    for (const char *q = s; (q = strchr(q, '"')); q++)
        n++;
    return n + 2;
}

size_t att_csv_field(char *dst, const char *s)
{
    char *p = dst;
    if (!needs_quotes(s)) {
        size_t n = strlen(s);
        memcpy(dst, s, n + 1);
        return n;
    }
    *p++ = '"';
    for (; *s; s++) {
        if (*s == '"')
            *p++ = '"';
        *p++ = *s;
    }
    *p++ = '"';
    *p = '\0';
    return (size_t)(p - dst);
}
