/* The long (tidy) form of batch results (results.h): a wide results line
 * turned into one row per window x metric, and the headers of files that
 * are not wide results recognised, so that readers refuse them by name.
 * Fields are copied as written (quotes and all), so the long rows hold the
 * wide file's exact text. */
#include <stdlib.h>
#include <string.h>
#include "base/grow.h"
#include "batch/results.h"

/* Head columns of a wide file, in the order the long form writes them. */
enum { H_EXPERIMENT, H_RUN, H_CONDITION, H_REPLICATE, H_SESSION, H_SEED, H_TRUST, NHEAD };
static const char *const head_names[NHEAD] = {
    "experiment", "run", "condition", "replicate", "session", "seed", "trust"
};

struct att_results_long {
    long nfields;
    int head[NHEAD];       /* field index, -1 when absent (session, trust) */
    int *keys;             /* parameter fields, in order */
    size_t nkeys;
    int first_window;      /* fields from here on are WINDOW.METRIC */
    char **window, **metric;  /* per field from first_window: as CSV fields */
    char *header;
};

/* Start and length of each field of `line` (quotes kept), at most `max`;
 * the number of fields.  A line's '\n' ends it. */
static long split_raw(const char *line, const char **start, size_t *len, long max)
{
    long n = 0;
    const char *p = line;
    for (;;) {
        const char *f = p;
        int quoted = 0;
        while (*p && (quoted || (*p != ',' && *p != '\n')))
            quoted ^= *p++ == '"';
        if (n < max) {
            start[n] = f;
            len[n] = (size_t)(p - f);
        }
        n++;
        if (*p != ',')
            return n;
        p++;
    }
}

/* A field without its quotes ("a""b" -> a"b), into a new string. */
static char *unquote(const char *f, size_t len)
{
    char *s = malloc(len + 1), *o = s;
    if (!s)
        return NULL;
    if (len >= 2 && f[0] == '"' && f[len - 1] == '"') {
        for (size_t i = 1; i + 1 < len; i++) {
            *o++ = f[i];
            i += f[i] == '"';
        }
    } else {
        memcpy(o, f, len);
        o += len;
    }
    *o = '\0';
    return s;
}

int att_results_other_kind(const char *const *names, int n)
{
    if (n < 6 || strcmp(names[0], "experiment") != 0 || strcmp(names[1], "run") != 0
        || strcmp(names[2], "condition") != 0)
        return 0;
    if (strcmp(names[n - 3], "window") == 0 && strcmp(names[n - 2], "metric") == 0
        && strcmp(names[n - 1], "value") == 0)
        return 1;
    for (int i = 3; i < n; i++)
        if (strcmp(names[i], "latency_s") == 0)
            return 2;
    return 0;
}

int att_results_other_kind_line(const char *line)
{
    enum { MAX = 4096 };
    const char **start = malloc(MAX * sizeof *start);
    size_t *len = malloc(MAX * sizeof *len);
    char **names = calloc(MAX, sizeof *names);
    long n = start && len && names ? split_raw(line, start, len, MAX) : 0;
    int kind = 0, ok = n > 0 && n <= MAX;
    for (long i = 0; ok && i < n; i++)
        ok = (names[i] = unquote(start[i], len[i])) != NULL;
    if (ok)
        kind = att_results_other_kind((const char *const *)names, (int)n);
    for (long i = 0; names && i < n && i < MAX; i++)
        free(names[i]);
    free(names);
    free(start);
    free(len);
    return kind;
}

void att_results_long_free(att_results_long *lf)
{
    if (!lf)
        return;
    for (long i = 0; lf->window && i < lf->nfields - lf->first_window; i++) {
        free(lf->window[i]);
        free(lf->metric[i]);
    }
    free(lf->window);
    free(lf->metric);
    free(lf->keys);
    free(lf->header);
    free(lf);
}

const char *att_results_long_header(const att_results_long *lf) { return lf->header; }

/* The columns of the wide header's `n` names: head, keys and windows. */
static int map_columns(att_results_long *lf, char **names, long n, const char *path,
                       att_error *err)
{
    for (int h = 0; h < NHEAD; h++)
        lf->head[h] = -1;
    lf->first_window = -1;
    for (long i = 0; i < n && lf->first_window < 0; i++) {
        int h = 0;
        while (h < NHEAD && strcmp(names[i], head_names[h]) != 0)
            h++;
        if (h < NHEAD)
            lf->head[h] = (int)i;
        else if (strncmp(names[i], "all.", 4) == 0)
            lf->first_window = (int)i;
        else if (strcmp(names[i], "runs") != 0)
            lf->keys[lf->nkeys++] = (int)i;
    }
    for (int h = 0; h < NHEAD; h++)
        if (lf->head[h] < 0 && h != H_SESSION && h != H_TRUST)
            return att_error_set(err, ATT_EINPUT, "%s:1: no column '%s': not the header of "
                                 "attune batch results", path, head_names[h]);
    if (lf->first_window < 0)
        return att_error_set(err, ATT_EINPUT, "%s:1: " ATT_RESULTS_NO_WINDOWS, path);
    return ATT_OK;
}

/* The long header: the head (session always), the keys, window,metric,value. */
static int make_header(att_results_long *lf, const char *const *start, const size_t *len,
                       att_error *err)
{
    att_buf h = { 0 };
    int rc = att_buf_str(&h, "experiment,run,condition,replicate,session,seed", err);
    for (size_t k = 0; rc == ATT_OK && k < lf->nkeys; k++)
        if ((rc = att_buf_str(&h, ",", err)) == ATT_OK)
            rc = att_buf_add(&h, start[lf->keys[k]], len[lf->keys[k]], err);
    if (rc == ATT_OK)
        rc = att_buf_str(&h, ",window,metric,value\n", err);
    if (rc != ATT_OK)
        att_buf_free(&h);
    lf->header = h.data;
    return rc;
}

/* Each window column's window and metric (split at the last '.') as CSV
 * fields; the latencies get NULL (left out). */
static int split_windows(att_results_long *lf, char **names, att_error *err)
{
    long nw = lf->nfields - lf->first_window;
    lf->window = calloc((size_t)nw, sizeof *lf->window);
    lf->metric = calloc((size_t)nw, sizeof *lf->metric);
    if (!lf->window || !lf->metric)
        return att_error_nomem(err);
    for (long i = 0; i < nw; i++) {
        const char *name = names[lf->first_window + i], *dot = strrchr(name, '.');
        if (!dot || strcmp(dot + 1, "latencies") == 0)
            continue;
        att_buf w = { 0 }, m = { 0 };
        char *win = strndup(name, (size_t)(dot - name));
        int rc = win ? att_results_field(&w, win, err) : att_error_nomem(err);
        if (rc == ATT_OK)
            rc = att_results_field(&m, dot + 1, err);
        free(win);
        lf->window[i] = w.data;
        lf->metric[i] = m.data;
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

att_results_long *att_results_long_new(const char *path, const char *header, att_error *err)
{
    enum { MAX = 4096 };
    att_results_long *lf = calloc(1, sizeof *lf);
    const char **start = malloc(MAX * sizeof *start);
    size_t *len = malloc(MAX * sizeof *len);
    char **names = calloc(MAX, sizeof *names);
    int rc = lf && start && len && names ? ATT_OK : att_error_nomem(err);
    long n = rc == ATT_OK ? split_raw(header, start, len, MAX) : 0;
    if (rc == ATT_OK && n > MAX)
        rc = att_error_set(err, ATT_EINPUT, "%s:1: more than %d columns", path, MAX);
    for (long i = 0; rc == ATT_OK && i < n; i++)
        if (!(names[i] = unquote(start[i], len[i])))
            rc = att_error_nomem(err);
    /* n >= 1 (split_raw counts a field at least): the clamp only shows an
     * LTO build calloc's size in range, with or without NDEBUG */
    if (rc == ATT_OK && !(lf->keys = calloc((size_t)(n > 0 ? n : 1), sizeof *lf->keys)))
        rc = att_error_nomem(err);
    if (rc == ATT_OK) {
        lf->nfields = n;
        rc = map_columns(lf, names, n, path, err);
    }
    if (rc == ATT_OK)
        rc = make_header(lf, start, len, err);
    if (rc == ATT_OK)
        rc = split_windows(lf, names, err);
    for (long i = 0; names && i < n && i < MAX; i++)
        free(names[i]);
    free(names);
    free(start);
    free(len);
    if (rc != ATT_OK) {
        att_results_long_free(lf);
        return NULL;
    }
    return lf;
}

/* One long row: the run's prefix, then window, metric and value. */
static int add_row(att_buf *out, const att_buf *prefix, const char *window, const char *metric,
                   const char *value, size_t vlen, att_error *err)
{
    int rc = att_buf_add(out, prefix->data, prefix->len, err);
    if (rc == ATT_OK)
        rc = att_buf_printf(out, err, ",%s,%s,", window, metric);
    if (rc == ATT_OK)
        rc = att_buf_add(out, value, vlen, err);
    return rc == ATT_OK ? att_buf_str(out, "\n", err) : rc;
}

int att_results_long_add(const att_results_long *lf, const char *line, att_buf *out,
                         att_error *err)
{
    const char **start = malloc((size_t)lf->nfields * sizeof *start);
    size_t *len = malloc((size_t)lf->nfields * sizeof *len);
    att_buf prefix = { 0 };
    int rc = start && len ? ATT_OK : att_error_nomem(err);
    long n = rc == ATT_OK ? split_raw(line, start, len, lf->nfields) : 0;
    if (rc == ATT_OK && n != lf->nfields)
        rc = att_error_set(err, ATT_EINPUT, "%ld fields, but the header has %ld", n,
                           lf->nfields);
    for (int h = 0; rc == ATT_OK && h < H_TRUST; h++) {
        if (h > 0)
            rc = att_buf_str(&prefix, ",", err);
        if (rc == ATT_OK && lf->head[h] >= 0)
            rc = att_buf_add(&prefix, start[lf->head[h]], len[lf->head[h]], err);
    }
    for (size_t k = 0; rc == ATT_OK && k < lf->nkeys; k++)
        if ((rc = att_buf_str(&prefix, ",", err)) == ATT_OK)
            rc = att_buf_add(&prefix, start[lf->keys[k]], len[lf->keys[k]], err);
    if (rc == ATT_OK && lf->head[H_TRUST] >= 0)
        rc = add_row(out, &prefix, "", "trust", start[lf->head[H_TRUST]],
                     len[lf->head[H_TRUST]], err);
    for (long i = lf->first_window; rc == ATT_OK && i < n; i++) {
        long w = i - lf->first_window;
        if (lf->window[w])
            rc = add_row(out, &prefix, lf->window[w], lf->metric[w], start[i], len[i], err);
    }
    att_buf_free(&prefix);
    free(start);
    free(len);
    return rc;
}
