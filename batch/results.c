/* The batch results file (results.h): its header, its lines written and
 * read back, and the checks that a line belongs to a run of an experiment.
 * No I/O beyond reading the FILE * a caller opened. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/param.h"
#include "base/csvread.h"
#include "base/grow.h"
#include "batch/results.h"

/* ---- writing fields ---- */

/* A CSV field, quoted when it holds a separator, a quote or a line end. */
int att_results_field(att_buf *b, const char *s, att_error *err)
{
    if (!strpbrk(s, ",\"\r\n"))
        return att_buf_str(b, s, err);
    int rc = att_buf_add(b, "\"", 1, err);
    for (const char *q; rc == ATT_OK && (q = strchr(s, '"')); s = q + 1)
        if ((rc = att_buf_add(b, s, (size_t)(q - s) + 1, err)) == ATT_OK)
            rc = att_buf_add(b, "\"", 1, err);
    if (rc == ATT_OK)
        rc = att_buf_str(b, s, err);
    return rc == ATT_OK ? att_buf_add(b, "\"", 1, err) : rc;
}

int att_results_number_field(att_buf *b, double x, att_error *err)
{
    return isfinite(x) ? att_buf_printf(b, err, "%.10g", x) : ATT_OK;   /* NA: empty */
}

/* Whole microseconds as exact seconds: 400000 -> "0.4". */
static int buf_seconds(att_buf *b, long long us, att_error *err)
{
    char frac[8];
    snprintf(frac, sizeof frac, "%06lld", us % 1000000);
    size_t n = 6;
    while (n > 0 && frac[n - 1] == '0')
        n--;
    frac[n] = '\0';
    return att_buf_printf(b, err, "%lld%s%s", us / 1000000, n ? "." : "", frac);
}

/* ---- the header ---- */

char *att_results_header(const att_scenario *base, int session_column,
                         const char *const *fixed, size_t nfixed, att_error *err)
{
    att_buf h = { 0 };
    int rc = att_buf_str(&h, session_column ? "experiment,run,runs,condition,replicate,session,trust,seed"
                                            : "experiment,run,runs,condition,replicate,trust,seed", err);
    for (size_t i = 0; rc == ATT_OK && i < att_scenario_varied_count(base); i++)
        if ((rc = att_buf_str(&h, ",", err)) == ATT_OK)
            rc = att_results_field(&h, att_scenario_varied_key(base, i), err);
    for (size_t i = 0; rc == ATT_OK && i < nfixed; i++)
        if ((rc = att_buf_str(&h, ",", err)) == ATT_OK)
            rc = att_results_field(&h, fixed[i], err);
    size_t nwindows = att_scenario_phase_count(base) + 1;
    for (size_t w = 0; rc == ATT_OK && w < nwindows; w++) {
        const char *win = w == 0 ? ATT_SCORE_ALL : att_scenario_phase(base, w - 1)->name;
        for (int c = 0; rc == ATT_OK && c < ATT_SC_COUNT; c++)
            rc = att_buf_printf(&h, err, ",%s.%s", win, att_score_col_name((att_score_col)c));
        if (rc == ATT_OK)
            rc = att_buf_printf(&h, err, ",%s." ATT_RESULTS_INFANT_AROUSAL ",%s."
                                ATT_RESULTS_CAREGIVER_AROUSAL ",%s.latencies", win, win, win);
    }
    if (rc == ATT_OK)
        rc = att_buf_str(&h, "\n", err);
    if (rc != ATT_OK) {
        att_buf_free(&h);
        return NULL;
    }
    return h.data;
}

void att_results_find_columns(const char *const *names, int n, att_results_cols *cols)
{
    cols->experiment = cols->run = cols->runs = cols->session = -1;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "experiment") == 0)
            cols->experiment = i;
        if (strcmp(names[i], "run") == 0)
            cols->run = i;
        if (strcmp(names[i], "runs") == 0)
            cols->runs = i;
        if (strcmp(names[i], "session") == 0)
            cols->session = i;
    }
}

/* One header name starting at *pp, quotes removed, into `name` (room for
 * the rest of the line); *pp moves past it.  0, -1 when a quote is never
 * closed, -2 for malformed quoting. */
static int next_name(const char **pp, char *name)
{
    const char *p = *pp;
    size_t k = 0;
    if (*p == '"') {
        for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
            if (*p == '"')
                p++;
            name[k++] = *p;
        }
        if (*p != '"')
            return -1;
        p++;
        if (*p != ',' && *p != '\n')
            return -2;
    } else {
        while (*p != ',' && *p != '\n' && *p) {
            if (*p == '"')
                return -2;
            name[k++] = *p++;
        }
    }
    name[k] = '\0';
    *pp = p;
    return 0;
}

/* Splits a header line (its '\n' included) at commas outside quotes into
 * `names` (at most `max`, quotes removed; the caller frees them, also on
 * failure); the number of fields, or -1 when a quote is never closed, -2 for
 * malformed quoting, -3 when out of memory. */
static int split_names(const char *line, char **names, int max)
{
    int n = 0;
    for (const char *p = line;; p++) {
        char *name = malloc(strlen(p) + 1);
        if (!name)
            return -3;
        int bad = next_name(&p, name);
        if (bad || n >= max)
            free(name);
        else
            names[n] = name;
        if (bad)
            return bad;
        n++;
        if (*p != ',')
            return n;
    }
}

long att_results_count_fields(const char *line)
{
    long n = 1;
    int quoted = 0;
    for (const char *p = line; *p; p++)
        if (*p == '"')
            quoted = !quoted;
        else if (*p == ',' && !quoted)
            n++;
    return n;
}

/* What is wrong with the `n` names (`shown` of them kept) of a header, into
 * `why`; NULL when nothing is. */
static const char *names_fault(char **names, int n, int shown, int max, char *why, size_t size)
{
    if (n == -1)
        return "a quote in the header is never closed";
    if (n == -2)
        return "malformed quoting in the header (a quote inside a name, or text after a "
               "closing quote)";
    if (n > max)
        return "more than 4096 columns: not the header of an attune batch results file";
    int kind = n > 0 && n <= max ? att_results_other_kind((const char *const *)names, n) : 0;
    if (kind)
        return kind == 1 ? ATT_RESULTS_LONG_REFUSED : ATT_RESULTS_RUPTURES_REFUSED;
    if (n < 3 || strcmp(names[0], "experiment") != 0 || strcmp(names[1], "run") != 0
        || strcmp(names[2], "runs") != 0)
        return "not the header of an attune batch results file (it starts "
               "experiment,run,runs,...)";
    for (int i = 0; i < shown; i++) {
        if (names[i][0] == '\0') {
            snprintf(why, size, "column %d has no name (an extra comma?)", i + 1);
            return why;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0) {
                snprintf(why, size, "column '%.80s' appears twice", names[i]);
                return why;
            }
    }
    for (int i = 0; i < shown; i++) {
        const char *dot = strrchr(names[i], '.');
        if (dot && dot != names[i] && dot[1] != '\0')
            return NULL;
    }
    return ATT_RESULTS_NO_WINDOWS;
}

int att_results_check_header(const char *path, const char *line, long *nfields,
                             att_error *err)
{
    long comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (const char *p = line; *p; p++)
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted)
            comma += *p == ',', semi += *p == ';', tab += *p == '\t';
    if (!quoted && (semi > comma || tab > comma))
        return att_error_set(err, ATT_EINPUT, "%s:1: separated by %s: attune batch writes "
                             "commas; merge the files batch wrote (a spreadsheet saved this "
                             "one with %s)", path, semi > tab ? "';'" : "tabs",
                             semi > tab ? "semicolons" : "tabs");
    enum { MAXCOLS = 4096 };
    char **names = calloc(MAXCOLS, sizeof *names);
    if (!names)
        return att_error_nomem(err);
    int n = quoted ? -1 : split_names(line, names, MAXCOLS);
    int shown = n < 0 ? 0 : n < MAXCOLS ? n : MAXCOLS;
    char why[200];
    const char *fault = n == -3 ? NULL : names_fault(names, n, shown, MAXCOLS, why, sizeof why);
    int rc = n == -3 ? att_error_nomem(err)
           : fault ? att_error_set(err, ATT_EINPUT, "%s:1: %s", path, fault) : ATT_OK;
    for (int i = 0; i < MAXCOLS && names[i]; i++)
        free(names[i]);
    free(names);
    if (rc == ATT_OK)
        *nfields = n;
    return rc;
}

/* ---- the latencies field ---- */

int att_results_parse_latencies(const char *s, double max_seconds, att_tally *t,
                                const char **bad, size_t *badlen)
{
    while (*s) {
        if (*s == ' ') {
            s++;
            continue;
        }
        size_t len = strcspn(s, " ");
        char tok[64];
        int ok = len < sizeof tok;
        int censored = 0;
        double x = NAN;
        if (ok) {
            memcpy(tok, s, len);
            tok[len] = '\0';
            if (len > 1 && tok[len - 1] == '+') {
                censored = 1;
                tok[len - 1] = '\0';
            }
            ok = (tok[0] >= '0' && tok[0] <= '9') || tok[0] == '.';
            ok = ok && att_parse_double(tok, &x) == 0 && x <= max_seconds && att_us(x) > 0;
        }
        if (!ok) {
            *bad = s;
            *badlen = len;
            return ATT_EINPUT;
        }
        if (att_tally_add(t, att_us(x), !censored, 1, NULL) != 0)
            return ATT_ENOMEM;
        s += len;
    }
    return ATT_OK;
}

/* ---- writing lines ---- */

static int add_latencies(att_buf *out, const att_tally *t, att_error *err)
{
    size_t n = att_tally_size(t);
    const long long *keys = att_tally_keys(t);
    const long *events = att_tally_events(t), *censored = att_tally_censored(t);
    int first = 1, rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < n; i++) {
        for (long k = 0; rc == ATT_OK && k < events[i] + censored[i]; k++) {
            if (!first)
                rc = att_buf_add(out, " ", 1, err);
            if (rc == ATT_OK)
                rc = buf_seconds(out, keys[i], err);
            if (rc == ATT_OK && k >= events[i])
                rc = att_buf_add(out, "+", 1, err);
            first = 0;
        }
    }
    return rc;
}

static int add_scores(att_buf *out, const att_results_line *ln, size_t nwindows,
                      const att_scorer *sc, att_error *err)
{
    if (att_scorer_window_count(sc) != nwindows)
        return att_error_set(err, ATT_EINTERNAL, "run scored %zu windows, expected %zu",
                             att_scorer_window_count(sc), nwindows);
    for (size_t w = 0; w < nwindows; w++) {
        att_window_score ws;
        int rc = att_scorer_window(sc, w, ATT_SCORE_CUTOFF_S, &ws, err);
        for (int c = 0; rc == ATT_OK && c < ATT_SC_COUNT; c++)
            if ((rc = att_buf_add(out, ",", 1, err)) == ATT_OK)
                rc = att_results_number_field(out, ws.v[c], err);
        if (rc == ATT_OK)
            rc = att_buf_add(out, ",", 1, err);
        if (rc == ATT_OK)
            rc = att_results_number_field(out, ln->infant_arousal ? ln->infant_arousal[w] : NAN, err);
        if (rc == ATT_OK)
            rc = att_buf_add(out, ",", 1, err);
        if (rc == ATT_OK)
            rc = att_results_number_field(out, ln->caregiver_arousal ? ln->caregiver_arousal[w] : NAN, err);
        if (rc == ATT_OK)
            rc = att_buf_add(out, ",", 1, err);
        if (rc == ATT_OK)
            rc = add_latencies(out, att_scorer_window_tally(sc, w), err);
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

/* One line's fields before the scores: experiment, run, runs, condition,
 * replicate, [session,] trust, seed, the varied keys' values and the
 * fixed condition keys' (ln->fixed as written). */
static int add_line_head(att_buf *out, const att_results_line *ln, att_error *err)
{
    int rc = att_buf_printf(out, err, "%s,%ld,%ld,", ln->id, ln->run + 1, ln->runs);
    if (rc == ATT_OK)
        rc = att_results_field(out, ln->condition, err);
    if (rc == ATT_OK)
        rc = att_buf_printf(out, err, ",%ld", ln->replicate);
    if (rc == ATT_OK && ln->session_column)
        rc = att_buf_printf(out, err, ",%ld", ln->session);
    if (rc == ATT_OK)
        rc = att_buf_add(out, ",", 1, err);
    if (rc == ATT_OK)
        rc = att_results_number_field(out, ln->trust, err);
    if (rc == ATT_OK)
        rc = att_buf_printf(out, err, ",%lu", ln->seed);
    return rc == ATT_OK ? att_results_add_keys(out, ln, err) : rc;
}

int att_results_add_keys(att_buf *out, const att_results_line *ln, att_error *err)
{
    int rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < att_scenario_varied_count(ln->base); i++) {
        double v;
        rc = att_buf_add(out, ",", 1, err);
        if (rc == ATT_OK
            && att_scenario_value(ln->used, att_scenario_varied_key(ln->base, i), &v) == 0)
            rc = att_results_number_field(out, v, err);
    }
    if (rc == ATT_OK && ln->fixed)
        rc = att_buf_str(out, ln->fixed, err);
    return rc;
}

int att_results_add_line(att_buf *out, const att_results_line *ln, const att_scorer *sc,
                         att_error *err)
{
    size_t start = out->len;
    int rc = add_line_head(out, ln, err);
    if (rc == ATT_OK)
        rc = add_scores(out, ln, att_scenario_phase_count(ln->base) + 1, sc, err);
    if (rc == ATT_OK)
        rc = att_buf_add(out, "\n", 1, err);
    /* A line no reader of results files would take is not written. */
    if (rc == ATT_OK && out->len - start > (size_t)ATT_CSV_MAX_RESULTS_ROW)
        rc = att_error_set(err, ATT_EINPUT, "run %ld, session %ld: its results line would be %zu "
                           "bytes, more than the %ld MiB a results file may hold per line: "
                           "shorten the phases (fewer ruptures per run)", ln->run + 1,
                           ln->session, out->len - start, ATT_CSV_MAX_RESULTS_ROW >> 20);
    return rc;
}

/* ---- reading lines ---- */

void att_results_lines_init(att_results_lines *r, FILE *fp, const char *path, int flags)
{
    memset(r, 0, sizeof *r);
    r->fp = fp;
    r->path = path;
    r->flags = flags;
}

void att_results_lines_free(att_results_lines *r)
{
    if (!r)
        return;
    free(r->line);
    r->line = NULL;
    r->cap = r->len = 0;
}

/* Stores byte `c` at the line's end (room for the NUL kept). */
static int put_byte(att_results_lines *r, int c, att_error *err)
{
    int rc = att_grow(&r->line, &r->cap, r->len + 2, 1, err);
    if (rc == ATT_OK)
        r->line[r->len++] = (char)c;
    return rc;
}

/* As batch wrote it: bytes up to a '\n'; a line too long is refused when
 * its '\n' comes, and a last line cut short is given as it is (its first
 * ATT_CSV_MAX_RESULTS_ROW bytes). */
static int next_as_written(att_results_lines *r, att_error *err)
{
    long long n = 0;
    int c = 0;
    while ((c = getc_unlocked(r->fp)) != EOF) {
        n++;
        if (n <= ATT_CSV_MAX_RESULTS_ROW && put_byte(r, c, err) != ATT_OK)
            return -1;
        if (c == '\n')
            break;
    }
    r->end += n;
    if (c == '\n' && n > ATT_CSV_MAX_RESULTS_ROW) {
        att_error_set(err, ATT_EINPUT, "%s:%ld: a line longer than %ld MiB, the longest attune "
                      "batch writes: not a results file", r->path, r->lineno,
                      ATT_CSV_MAX_RESULTS_ROW >> 20);
        return -1;
    }
    return n > 0;
}

/* What a byte `c` about to be stored at r->len says is wrong, or NULL. */
static const char *bad_byte(const att_results_lines *r, int c)
{
    if (c == '\0')
        return "a NUL byte: the file is not UTF-8 text (UTF-16? save it as UTF-8)";
    if (r->len + 2 > (size_t)ATT_CSV_MAX_RESULTS_ROW)
        return "a line longer than 256 MiB (the longest attune batch writes): not a results "
               "file";
    return NULL;
}

/* From any origin: every line end read as '\n', a byte order mark on line
 * 1 dropped, NUL bytes and UTF-16/32 refused. */
static int next_any_ends(att_results_lines *r, att_error *err)
{
    int c;
    while ((c = getc_unlocked(r->fp)) != EOF) {
        r->end++;
        if (c == '\r') {
            int d = getc_unlocked(r->fp);
            if (d != '\n' && d != EOF)
                ungetc(d, r->fp);
            r->end += d == '\n';
            c = '\n';
        }
        const char *bad = bad_byte(r, c);
        if (bad) {
            att_error_set(err, ATT_EINPUT, "%s:%ld: %s", r->path, r->lineno, bad);
            return -1;
        }
        if (put_byte(r, c, err) != ATT_OK)
            return -1;
        if (c == '\n')
            break;
        if (r->lineno == 1 && r->len == 3 && memcmp(r->line, "\xEF\xBB\xBF", 3) == 0)
            r->len = 0;
        if (r->lineno == 1 && r->len == 2 && att_text_encoding_problem(r->line, 2)) {
            att_error_set(err, ATT_EINPUT, "%s:1: the file %s", r->path,
                          att_text_encoding_problem(r->line, 2));
            return -1;
        }
    }
    return r->len > 0;
}

int att_results_lines_next(att_results_lines *r, att_error *err)
{
    r->lineno++;
    r->len = 0;
    int rc = r->flags & ATT_RESULTS_ANY_ENDS ? next_any_ends(r, err) : next_as_written(r, err);
    if (rc == 0)
        r->lineno--;
    if (r->line)
        r->line[r->len] = '\0';
    return rc;
}

/* ---- fields of a line ---- */

/* Skips one CSV field (quoted or not) and its comma; NULL at the line's end. */
static const char *skip_field(const char *p)
{
    if (*p == '"') {
        for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
            if (*p == '"')
                p++;
        if (*p++ != '"')
            return NULL;
    } else {
        p += strcspn(p, ",\n");
    }
    return *p == ',' ? p + 1 : NULL;
}

long att_results_number(const char *s, const char **end)
{
    long v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (ATT_RESULTS_MAX_NUMBER - (*p - '0')) / 10) {
            v = -1;
            break;
        }
        v = 10 * v + (*p - '0');
    }
    if (end)
        *end = p;
    return p == s ? -1 : v;
}

int att_results_row_fields(const char *line, char *id, size_t idsize, long *run, long *runs)
{
    const char *c1 = strchr(line, ',');
    if (!c1 || (size_t)(c1 - line) >= idsize)
        return -1;
    memcpy(id, line, (size_t)(c1 - line));
    id[c1 - line] = '\0';
    const char *end;
    *run = att_results_number(c1 + 1, &end);
    if (*run < 0 || *end != ',')
        return -1;
    *runs = att_results_number(end + 1, &end);
    return *runs >= 0 && *end == ',' && *run >= 1 && *runs >= *run ? 0 : -1;
}

int att_results_session_fields(const char *line, const char **cond, size_t *cond_len,
                               long *session)
{
    const char *p = line;
    for (int i = 0; p && i < 3; i++)   /* experiment, run, runs */
        p = skip_field(p);
    const char *c = p;
    const char *rep = p ? skip_field(p) : NULL;
    p = rep ? skip_field(rep) : NULL;
    if (!p)
        return -1;
    const char *end;
    *session = att_results_number(p, &end);
    if (*end != ',' || *session < 1)
        return -1;
    *cond = c;
    *cond_len = (size_t)(rep - 1 - c);
    return 0;
}

/* ---- lines of a run ---- */

int att_batch_check_row(const att_batch *b, const char *line, long run, att_error *err)
{
    const char *id = att_batch_id(b);
    size_t idlen = strlen(id);
    if (strncmp(line, id, idlen) != 0 || line[idlen] != ',')
        return att_error_set(err, ATT_EINPUT, "row of another experiment (experiment %.16s, "
                             "expected %s: the experiment file, seed, match table, --set "
                             "options or attune's version differ)", line, id);
    const char *end;
    long got = att_results_number(line + idlen + 1, &end);
    if (*end != ',' || got != run + 1) {
        const char *field = line + idlen + 1;   /* the run column alone, not the row */
        int len = (int)strcspn(field, ",\n");
        return len == 0 ? att_error_set(err, ATT_EINPUT, "expected run %ld here, found an empty "
                                        "run field", run + 1)
                        : att_error_set(err, ATT_EINPUT, "expected run %ld here, found run %.*s",
                                        run + 1, len > 20 ? 20 : len, field);
    }
    return ATT_OK;
}

int att_batch_check_line(const att_batch *b, const char *line, long run, long session,
                         att_error *err)
{
    int rc = att_batch_check_row(b, line, run, err);
    if (rc != ATT_OK || !att_batch_session_column(b))
        return rc;
    const char *p = line;
    for (int i = 0; p && i < 5; i++)   /* experiment, run, runs, condition, replicate */
        p = skip_field(p);
    const char *end = NULL;
    long got = p ? att_results_number(p, &end) : -1;
    if (!p || got < 0 || *end != ',')
        return att_error_set(err, ATT_EINPUT, "run %ld: no session number where the header "
                             "has one", run + 1);
    if (got != session)
        return att_error_set(err, ATT_EINPUT, "expected session %ld of %ld of run %ld here, "
                             "found session %ld", session, att_batch_sessions(b, run), run + 1,
                             got);
    return ATT_OK;
}

/* One line (its '\n' removed) of the run after the `*rows` whole ones. */
static int check_run_line(att_results_lines *r, const att_batch *b, long run, long hi,
                          long session, att_error *err)
{
    if (run >= hi)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: more rows than this experiment (or "
                             "shard) has", r->path, r->lineno);
    att_error why = { 0 };
    if (att_batch_check_line(b, r->line, run, session, &why) != ATT_OK)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s", r->path, r->lineno, why.msg);
    return ATT_OK;
}

int att_results_check_file(att_results_lines *r, const att_batch *b, long lo, long hi,
                           long *rows, long *good_bytes, att_error *err)
{
    long session = 1;
    int got, rc = ATT_OK;
    *rows = 0;
    *good_bytes = 0;
    while (rc == ATT_OK && (got = att_results_lines_next(r, err)) != 0) {
        if (got < 0)
            return ATT_EINPUT;
        if (r->line[r->len - 1] != '\n')
            break;  /* a line cut short by the interruption: dropped */
        if (r->lineno == 1) {
            int kind = att_results_other_kind_line(r->line);
            if (kind)
                return att_error_set(err, ATT_EINPUT, "%s:1: %s", r->path, kind == 1
                                     ? ATT_RESULTS_LONG_REFUSED : ATT_RESULTS_RUPTURES_REFUSED);
            if (strcmp(r->line, att_batch_header(b)) != 0)
                return att_error_set(err, ATT_EINPUT, "%s:1: the header differs from this "
                                     "experiment's: results of another experiment (or another "
                                     "version of attune)?", r->path);
            *good_bytes = (long)r->end;
            continue;
        }
        long run = lo + *rows;
        r->line[r->len - 1] = '\0';
        rc = check_run_line(r, b, run, hi, session, err);
        if (rc == ATT_OK && session < att_batch_sessions(b, run)) {
            session++;
        } else if (rc == ATT_OK) {
            session = 1;
            (*rows)++;
            *good_bytes = (long)r->end;
        }
    }
    if (rc == ATT_OK && ferror(r->fp))
        rc = att_error_set(err, ATT_EINPUT, "%s: cannot read: %s", r->path, strerror(errno));
    return rc;
}
