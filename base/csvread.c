/* Streaming CSV rows over libcsv: fields are copied into one growing buffer
 * per row, so reading costs no allocation per field.  Before libcsv sees a
 * chunk, one pass over its bytes finds what libcsv would take silently: NUL
 * bytes (UTF-16 text) and rows without end. */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/csvread.h"
#include "base/grow.h"

typedef struct reader {
    const char *path;
    int flags;
    att_csv_row_fn fn;
    void *user;
    att_error *err;
    int status;          /* ATT_OK until something fails */
    long line;           /* line the current row starts on */
    long pending_nl;     /* line breaks inside quoted fields of the current row */
    int last_cr;         /* the previous row ended with CR: a LF now is CRLF */
    long row_bytes;      /* bytes of the row being read so far (the pre-pass) */
    long max_row;        /* the longest row allowed, in bytes */
    int quoted;          /* the pre-pass is inside a quoted field */
    char *buf;           /* the row's fields, each NUL-terminated */
    size_t used, cap;
    size_t *off, *len;   /* per field: offset into buf, length */
    const char **ptr;
    int n;
    size_t cap_fields;
} reader;

/* Counts line breaks (LF, CRLF or a lone CR) in s. */
static long count_newlines(const char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
            n++;
    return n;
}

static void on_field(void *data, size_t len, void *user)
{
    reader *r = user;
    if (r->status != ATT_OK)
        return;
    const char *s = data ? data : "";
    /* Line breaks can only be inside quoted fields; fields are short, so a
     * plain loop beats two memchr calls per field. */
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] <= '\r' && (s[i] == '\n' || s[i] == '\r')) {
            r->pending_nl += count_newlines(s, len);
            break;
        }
    }
    size_t need = (size_t)r->n + 1, c_off = r->cap_fields, c_len = c_off, c_ptr = c_off;
    if (att_grow(&r->off, &c_off, need, sizeof *r->off, r->err)
        || att_grow(&r->len, &c_len, need, sizeof *r->len, r->err)
        || att_grow(&r->ptr, &c_ptr, need, sizeof *r->ptr, r->err)) {
        r->status = ATT_ENOMEM;
        return;
    }
    r->cap_fields = c_off;
    if (att_grow(&r->buf, &r->cap, r->used + len + 1, 1, r->err)) {
        r->status = ATT_ENOMEM;
        return;
    }
    memcpy(r->buf + r->used, s, len);
    r->buf[r->used + len] = '\0';
    r->off[r->n] = r->used;
    r->len[r->n] = len;
    r->n++;
    r->used += len + 1;
}

/* `term` is the character that ended the row, or -1 at the end of the file. */
static void on_row(int term, void *user)
{
    reader *r = user;
    if (r->status != ATT_OK)
        return;
    if (r->n == 0 && term == '\n' && r->last_cr) {
        r->last_cr = 0;   /* the LF of a CRLF whose CR already ended the line */
        return;
    }
    if (r->n > 0) {
        if (term == -1 && (r->flags & ATT_CSV_REQUIRE_EOL)) {
            r->status = att_error_set(r->err, ATT_EINPUT,
                                      "%s:%ld: the last row has no line end "
                                      "(was the file cut short?)", r->path, r->line);
            return;
        }
        for (int i = 0; i < r->n; i++)
            r->ptr[i] = r->buf + r->off[i];
        att_csv_row row = { r->line, r->n, r->ptr, r->len };
        int rc = r->fn(&row, r->user, r->err);
        if (rc != ATT_OK) {
            r->status = rc;
            return;
        }
    }
    r->n = 0;
    r->used = 0;
    r->last_cr = term == '\r';
    r->line += r->pending_nl + (term == '\n' || term == '\r');
    r->pending_nl = 0;
}

static void parse_error(reader *r, struct csv_parser *p, const char *what)
{
    if (r->status != ATT_OK)
        return;
    if (csv_error(p) == CSV_EPARSE)
        r->status = att_error_set(r->err, ATT_EINPUT, "%s:%ld: %s", r->path,
                                  r->line + r->pending_nl, what);
    else
        r->status = att_error_nomem(r->err);
}

char att_csv_delimiter_parse(const char *name)
{
    static const struct { const char *name; char c; } names[] = {
        { ",", ',' }, { "comma", ',' }, { ";", ';' }, { "semicolon", ';' },
        { "tab", '\t' }, { "\t", '\t' }, { "\\t", '\t' },
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].c;
    return 0;
}

/* The byte order mark of UTF-16 or UTF-32 at the start of b, described. */
static const char *foreign_bom(const unsigned char *b, size_t n)
{
    if (n >= 4 && memcmp(b, "\xFF\xFE\0\0", 4) == 0)
        return "is UTF-32 text (byte order mark FF FE 00 00): save it as UTF-8";
    if (n >= 4 && memcmp(b, "\0\0\xFE\xFF", 4) == 0)
        return "is UTF-32 text (byte order mark 00 00 FE FF): save it as UTF-8";
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        return "is UTF-16 text (byte order mark FF FE, what spreadsheets call \"Unicode "
               "text\"): save it as UTF-8 (for a CSV: \"CSV UTF-8\")";
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return "is UTF-16 text (byte order mark FE FF): save it as UTF-8 (for a CSV: \"CSV "
               "UTF-8\")";
    return NULL;
}

const char *att_text_encoding_problem(const void *head, size_t n)
{
    const char *why = foreign_bom(head, n);
    if (!why && memchr(head, '\0', n))
        why = "has NUL bytes: UTF-16 text without a byte order mark, or not text at all; "
              "save it as UTF-8 text";
    return why;
}

FILE *att_file_open(const char *path, att_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        att_error_set(err, ATT_EINPUT, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        att_error_set(err, ATT_EINPUT, "%s: is a folder, not a file", path);
        return NULL;
    }
    return fp;
}

FILE *att_csv_open(const char *path, att_error *err)
{
    return strcmp(path, "-") == 0 ? stdin : att_file_open(path, err);
}

/* The separator the header line at the start of `p` (n bytes) uses most
 * often outside quotes: ',', ';' or TAB; ',' when none is there. */
static char detect_delimiter(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == '\n' || p[i] == '\r'))
        i++;   /* blank lines before the header */
    long comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (; i < n && (quoted || (p[i] != '\n' && p[i] != '\r')); i++) {
        if (p[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            comma += p[i] == ',', semi += p[i] == ';', tab += p[i] == '\t';
    }
    return semi > comma && semi >= tab ? ';' : tab > comma && tab > semi ? '\t' : ',';
}

/* The pre-pass over the next `n` bytes: how many of them libcsv may have
 * before a problem (a NUL byte, or a row growing past r->max_row),
 * with *what set to 1 or 2 then, else 0. */
static size_t prescan(reader *r, const char *p, size_t n, int *what)
{
    *what = 0;
    long bytes = r->row_bytes;
    int quoted = r->quoted;
    size_t i = 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (++bytes > r->max_row) {
            *what = 2;
            break;
        }
        if (c > '"')
            continue;
        if (c == '"')
            quoted = !quoted;
        else if (c == '\n' || c == '\r')
            bytes = quoted ? bytes : 0;
        else if (c == '\0') {
            *what = 1;
            break;
        }
    }
    r->row_bytes = bytes;
    r->quoted = quoted;
    return i;
}

int att_csv_find_columns(const att_csv_row *header, const char *const *names, int n, int *col)
{
    for (int c = 0; c < n; c++)
        col[c] = -1;
    for (int i = 0; i < header->n; i++)
        for (int c = 0; c < n; c++) {
            if (strcmp(header->field[i], names[c]) != 0)
                continue;
            if (col[c] >= 0)
                return c;
            col[c] = i;
        }
    return -1;
}

int att_csv_read(FILE *fp, const char *path, int flags, att_csv_row_fn fn, void *user,
                 att_error *err)
{
    reader r = { .path = path, .flags = flags, .fn = fn, .user = user, .err = err,
                 .status = ATT_OK, .line = 1,
                 .max_row = flags & ATT_CSV_RESULTS ? ATT_CSV_MAX_RESULTS_ROW : ATT_CSV_MAX_ROW };
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0)
        return att_error_nomem(err);
    char chunk[1 << 16];
    size_t n;
    int first = 1;
    while (r.status == ATT_OK && (n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        const char *p = chunk;
        if (first) {
            /* NUL bytes without a byte order mark are found by the
             * pre-pass, with their line. */
            const char *why = foreign_bom((const unsigned char *)p, n);
            if (why) {
                r.status = att_error_set(err, ATT_EINPUT, "%s:1: the file %s", path, why);
                break;
            }
            if (n >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0) {
                p += 3;   /* a UTF-8 byte order mark left by spreadsheets */
                n -= 3;
            }
            char delim = ATT_CSV_DELIMITER_OF(flags);
            csv_set_delim(&parser, delim ? delim : detect_delimiter(p, n));
        }
        first = 0;
        while (r.status == ATT_OK && n > 0) {
            int what;
            size_t ok = prescan(&r, p, n, &what);
            /* libcsv grows its field buffer by a fixed block (128 bytes by
             * default): a field of n bytes would cost n/128 reallocs of up
             * to n bytes each, quadratic (a 1 MiB field took a minute under
             * ASan).  A block as large as the buffer makes it double. */
            size_t have = csv_get_buffer_size(&parser);
            csv_set_blk_size(&parser, have > 4096 ? have : 4096);
            if (csv_parse(&parser, p, ok, on_field, on_row, &r) != ok)
                parse_error(&r, &parser, "malformed quoting (a quote inside an unquoted "
                            "field, or text after a closing quote)");
            if (r.status == ATT_OK && what == 1)
                r.status = att_error_set(err, ATT_EINPUT, "%s:%ld: a NUL byte: the file is not "
                                         "UTF-8 text (UTF-16 without a byte order mark? save "
                                         "it as UTF-8)", path,
                                         r.line + r.pending_nl);
            else if (r.status == ATT_OK && what == 2)
                r.status = att_error_set(err, ATT_EINPUT, "%s:%ld: a row longer than %ld bytes "
                                         "(%ld MiB) starts here: a line end missing, or a quote "
                                         "never closed?", path, r.line, r.max_row,
                                         r.max_row >> 20);
            p += ok;
            n -= ok;
        }
    }
    if (r.status == ATT_OK && ferror(fp))
        r.status = att_error_set(err, ATT_EIO, "%s: read error: %s", path, strerror(errno));
    if (r.status == ATT_OK && csv_fini(&parser, on_field, on_row, &r) != 0)
        parse_error(&r, &parser, "unterminated quoted field (a quote opened here is never closed)");
    csv_free(&parser);
    free(r.buf);
    free(r.off);
    free(r.len);
    free(r.ptr);
    return r.status;
}
