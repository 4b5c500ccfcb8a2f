/* Reading a scenario file through inih: the lines handed to it one at a time
 * (so headers, repeated [phase] sections, encodings and long lines are seen),
 * sections opened and closed, and inih's own errors explained. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>
#include "base/csvread.h"
#include "base/grow.h"
#include "sim/scenario_int.h"

/* ---- sections that hold several keys ---- */

int att_scn_layer_init(struct layer *L)
{
    memset(L, 0, sizeof *L);
    L->from = calloc(att_caregiver_param_count + 1, sizeof *L->from);
    return L->from ? 0 : -1;
}

/* Appends an empty phase; returns its index, or -1 when out of memory. */
static long add_phase(att_scenario *s, int header_line)
{
    if (att_grow(&s->phases, &s->cap, s->nphases + 1, sizeof *s->phases, NULL))
        return -1;
    struct phase_spec *ph = &s->phases[s->nphases];
    memset(ph, 0, sizeof *ph);
    if (att_scn_layer_init(&ph->layer))
        return -1;
    ph->header_line = header_line;
    return (long)s->nphases++;
}

/* Appends an empty [condition]; returns its index, or -1 when out of memory. */
static long add_spec(att_scenario *s, int header_line)
{
    if (att_grow(&s->specs, &s->specs_cap, s->nspecs + 1, sizeof *s->specs, NULL))
        return -1;
    memset(&s->specs[s->nspecs], 0, sizeof s->specs[0]);
    s->specs[s->nspecs].header_line = header_line;
    return (long)s->nspecs++;
}

/* ---- reading the file through inih ---- */

/* Reads the whole file: its bytes are hashed as well as parsed. */
int att_scn_slurp(const char *path, char **out, size_t *len, att_error *err)
{
    FILE *f = att_file_open(path, err);
    if (!f)
        return err->code;
    size_t cap = 0, n = 0;
    char *buf = NULL;
    int nomem = att_grow(&buf, &cap, 4096, 1, NULL);
    while (!nomem) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || cap >= (size_t)MAX_FILE_BYTES)
            break;
        nomem = att_grow(&buf, &cap, cap + 1, 1, NULL);
    }
    if (nomem) {
        free(buf);
        buf = NULL;
    }
    int bad = ferror(f), e = errno, big = buf && n == cap;
    fclose(f);
    if (!buf)
        return att_error_nomem(err);
    if (bad || big) {
        free(buf);
        if (big)
            return att_error_set(err, ATT_EINPUT, "%s: cannot read: larger than %ld bytes, "
                                 "too large for a scenario", path, MAX_FILE_BYTES);
        return att_error_set(err, ATT_EINPUT, "%s: cannot read: %s", path, strerror(e));
    }
    *out = buf;
    *len = n;
    return 0;
}

/* Checks the section that ends here: it must have had some content, and a
 * phase needs its name and duration. */
static int close_section(struct loader *ld)
{
    enum section sec = ld->sec;
    ld->sec = SEC_NONE;
    if (sec == SEC_NONE || ld->code)
        return ld->code;
    if (ld->sec_lines == 0)
        return att_scn_fail(ld, ld->sec_line, "[%s] is empty: expected key = value lines below it",
                    att_scn_section_names[sec]);
    if (sec != SEC_PHASE)
        return 0;
    const struct phase_spec *ph = &ld->s->phases[ld->s->nphases - 1];
    if (!ph->name_from)
        return att_scn_fail(ld, ph->header_line, "[phase] has no name (every phase needs name and duration)");
    if (!ph->duration_from)
        return att_scn_fail(ld, ph->header_line,
                    "[phase] '%s' has no duration (every phase needs name and duration)",
                    ph->pub.name);
    return 0;
}

/* Where inih's header parse would stop: at ']' or at an inline comment. */
static const char *header_end(const char *c)
{
    int was_space = 0;
    for (; *c && *c != ']'; c++) {
        if (INI_ALLOW_INLINE_COMMENTS && was_space && strchr(INI_INLINE_COMMENT_PREFIXES, *c))
            break;
        was_space = isspace((unsigned char)*c);
    }
    return c;
}

static int open_section(struct loader *ld, const char *c)
{
    if (close_section(ld))
        return ld->code;
    const char *end = header_end(c + 1);
    if (*end != ']') {
        ld->stop_next = 1;  /* inih reports it as malformed */
        return 0;
    }
    int n = (int)(end - c - 1);
    enum section sec = SEC_SCENARIO;
    while (sec < SEC_COUNT && !(strncmp(att_scn_section_names[sec], c + 1, (size_t)n) == 0
                                && att_scn_section_names[sec][n] == '\0'))
        sec++;
    att_scenario *s = ld->s;
    if (sec == SEC_COUNT) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", n, c + 1);
        const char *near = att_suggest(name, att_scn_section_names + 1, SEC_COUNT - 1);
        if (near)
            return att_scn_fail(ld, ld->line, "unknown section [%.*s] (did you mean [%s]?)", n, c + 1, near);
        return att_scn_fail(ld, ld->line, "unknown section [%.*s] (expected [scenario], [infant], "
                    "[caregiver], [phase], [batch] or [condition])", n, c + 1);
    }
    if (sec != SEC_PHASE && sec != SEC_CONDITION && s->header_line[sec])
        return att_scn_fail(ld, ld->line, "[%s] appears twice (first on line %d); put all its keys "
                    "in one section", att_scn_section_names[sec], s->header_line[sec]);
    if (sec == SEC_PHASE && add_phase(s, ld->line) < 0)
        return att_scn_nomem(ld);
    if (sec == SEC_CONDITION && add_spec(s, ld->line) < 0)
        return att_scn_nomem(ld);
    if (!s->header_line[sec])
        s->header_line[sec] = ld->line;
    ld->sec = sec;
    ld->sec_line = ld->line;
    ld->sec_lines = 0;
    return 0;
}

/* inih's fgets: hands it one line of the buffer at a time, so ld->line is
 * the line of the handler call that follows.  It also sees the headers,
 * which inih does not report: that is how repeated [phase] sections are told
 * apart and empty sections found.  Returns NULL at the end or on an error. */
static char *next_line(char *str, int num, void *stream)
{
    struct loader *ld = stream;
    if (ld->code || ld->stop_next || ld->eof)
        return NULL;
    if (ld->pos >= ld->len) {
        ld->eof = 1;
        close_section(ld);
        return NULL;
    }
    const char *p = ld->buf + ld->pos;
    const char *nl = memchr(p, '\n', ld->len - ld->pos);
    size_t n = nl ? (size_t)(nl - p) + 1 : ld->len - ld->pos;
    ld->pos += n;
    ld->line++;
    size_t chars = n - (nl != NULL);
    if (chars > 0 && p[chars - 1] == '\r')
        chars--;
    const char *enc = ld->line == 1 ? att_text_encoding_problem(p, n < 4 ? n : 4) : NULL;
    if (enc || memchr(p, '\0', n)) {
        att_scn_fail(ld, ld->line, enc ? "the file %s" : "contains a NUL byte (%s)",
             enc ? enc : "a scenario must be UTF-8 text: UTF-16? save it as UTF-8");
        return NULL;
    }
    if (memchr(p, '\r', chars)) {
        att_scn_fail(ld, ld->line, "a carriage return (CR) inside the line: are the line ends CR "
             "only (classic Mac OS)? Save the file with LF or CRLF line ends");
        return NULL;
    }
    if (ld->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3;
        n -= 3;
    }
    /* Indentation is dropped: inih would read an indented line as the
     * continuation of the previous value, a trap for hand-aligned files. */
    while (n > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    /* A comment line of any length: inih needs only its first character. */
    if (n > 0 && strchr(INI_START_COMMENT_PREFIXES, *p) && num >= 3) {
        memcpy(str, ";\n", 3);
        return str;
    }
    /* inih would cut a long line and read the rest as another line (the
     * line as written: its BOM and indentation count). */
    if (num < 4 || chars > (size_t)num - 3) {
        att_scn_fail(ld, ld->line, "line is too long (%zu characters; at most %d)", chars, num - 3);
        return NULL;
    }
    memcpy(str, p, n);
    str[n] = '\0';
    const char *c = str;
    while (isspace((unsigned char)*c))
        c++;
    if (*c == '\0' || strchr(INI_START_COMMENT_PREFIXES, *c))
        return str;
    if (*c == '[')
        return open_section(ld, c) ? NULL : str;
    ld->sec_lines++;
    return str;
}

/* inih's handler.  The section comes from next_line, which also knows
 * which [phase] this is.  Returns 0 to make inih count the line as bad. */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
    struct loader *ld = user;
    (void)section;
    if (ld->code)
        return 0;
    size_t phase = ld->s->nphases ? ld->s->nphases - 1 : 0;
    return att_scn_apply_key(ld, ld->line, ld->sec, phase, name, value) == 0;
}

/* Says what a line that inih rejected should have looked like. */
static int malformed(struct loader *ld, int line)
{
    const char *p = ld->buf, *end = ld->buf + ld->len;
    for (int i = 1; i < line && p; i++) {
        p = memchr(p, '\n', (size_t)(end - p));
        p = p ? p + 1 : NULL;
    }
    if (p && line == 1 && end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p && p < end && isspace((unsigned char)*p))
        p++;
    ld->code = 0;  /* this error came first: it replaces any later one */
    if (p && p < end && *p == '[')
        return att_scn_fail(ld, line, "malformed line: expected a section header such as [phase], "
                    "with its closing ']'");
    return att_scn_fail(ld, line, "malformed line: expected key = value, a [section] header, "
                "or a comment starting with ';' or '#'");
}

int att_scn_parse(struct loader *ld)
{
    int ret = ini_parse_stream(next_line, ld, on_key, ld);
    if (ret == -2)
        return att_scn_nomem(ld);
    /* Both inih and we report the first error; whichever was found first. */
    if (ret > 0 && (!ld->code || ret < ld->err_at))
        return malformed(ld, ret);
    if (ld->code)
        return ld->code;
    if (ld->s->nphases == 0) {
        long i = add_phase(ld->s, 0);
        if (i < 0)
            return att_scn_nomem(ld);
        strcpy(ld->s->phases[i].pub.name, "session");
    }
    return 0;
}
