/* JSON string escaping (json.h): the one escaper for scores, run
 * metadata and validation reports; valid UTF-8 is what base/utf8.c says. */
#include <string.h>
#include "base/json.h"
#include "base/utf8.h"

void att_json_chars(FILE *fp, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        size_t len = att_utf8_len(s + i, n - i);
        if (len > 1) {
            fwrite(u + i, 1, len, fp);
            i += len;
            continue;
        }
        i++;
        switch (len ? c : 0x100) {
        case '"':  fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '\b': fputs("\\b", fp); break;
        case '\f': fputs("\\f", fp); break;
        case 0x100: fputs("\xEF\xBF\xBD", fp); break;   /* not UTF-8: U+FFFD */
        default:
            if (c < 0x20)
                fprintf(fp, "\\u%04x", c);
            else
                putc(c, fp);
        }
    }
}

void att_json_string(FILE *fp, const char *s)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    putc('"', fp);
    att_json_chars(fp, s, strlen(s));
    putc('"', fp);
}
