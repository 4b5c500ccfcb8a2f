/* Word-wrapping text to a width (base/wrap.h). */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include "base/wrap.h"

static void indent(FILE *fp, int n)
{
    for (int i = 0; i < n; i++)
        putc(' ', fp);
}

void att_wrap_put(FILE *fp, const char *text, int first, int next, int width)
{
    assert(fp && text && first >= 0 && next >= 0 && width > first && width > next);
    int col = -1;   /* the current line's length; -1 before the first line */
    const char *p = text;
    for (;;) {
        p += strspn(p, " ");
        size_t len = strcspn(p, " ");
        if (len == 0)
            break;
        /* A word that fits goes on this line, after one space. */
        if (col >= 0 && col + 1 + (int)len <= width) {
            putc(' ', fp);
            fwrite(p, 1, len, fp);
            col += 1 + (int)len;
            p += len;
            continue;
        }
        /* Otherwise a new line; a word longer than a line is cut. */
        if (col >= 0)
            putc('\n', fp);
        int start = col < 0 ? first : next;
        indent(fp, start);
        size_t room = (size_t)(width - start);
        size_t put = len < room ? len : room;
        fwrite(p, 1, put, fp);
        col = start + (int)put;
        p += put;
    }
    if (col >= 0)
        putc('\n', fp);
}
