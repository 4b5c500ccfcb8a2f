/* Match tables: load a CSV of (infant_code, caregiver_code, matched) rows
 * into a small matrix, and find a table file by name. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/csvread.h"
#include "base/datadir.h"
#include "base/grow.h"
#include "base/sha256.h"
#include "attune/buf.h"
#include "attune/match.h"
#include "attune/param.h"

struct att_match_table {
    char *path;
    const char *kind;         /* "table", or what att_match_table_new was told */
    char **infant;            /* vocabulary, in order of first appearance */
    char **caregiver;
    int n_infant, n_caregiver;
    unsigned char *matched;   /* n_infant x n_caregiver, row-major */
};

/* A string list that grows. */
typedef struct {
    char **v;
    int n;
    size_t cap;
} strlist;

/* One data row, by vocabulary index, kept until the matrix is built. */
typedef struct {
    int infant, caregiver;
    int matched;
    long line;
} pair;

enum { COL_INFANT, COL_CAREGIVER, COL_MATCHED, COL_COUNT };
static const char *const col_names[COL_COUNT] = {
    "infant_code", "caregiver_code", "matched"
};

/* Loader state for the row callback. */
typedef struct {
    const char *path;
    att_error *err;
    long line;            /* line of the current row */
    int have_header;
    int ncols;            /* fields in the header */
    int col[COL_COUNT];   /* field index of each needed column */
    strlist infant, caregiver;
    pair *pairs;
    int npairs;
    size_t cap_pairs;
} loader;

static void strlist_free(strlist *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Appends a copy of the first `len` bytes of `s`; 0, or -1 when out of memory. */
static int strlist_push(strlist *l, const char *s, size_t len)
{
    if (att_grow(&l->v, &l->cap, (size_t)l->n + 1, sizeof *l->v, NULL) != ATT_OK)
        return -1;
    char *copy = strndup(s, len);
    if (!copy)
        return -1;
    l->v[l->n++] = copy;
    return 0;
}

static int strlist_find(const strlist *l, const char *s)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return i;
    return -1;
}

/* Index of `s` in `l`, adding it if new; -1 when out of memory. */
static int strlist_intern(strlist *l, const char *s)
{
    int i = strlist_find(l, s);
    if (i >= 0)
        return i;
    if (strlist_push(l, s, strlen(s)) != 0)
        return -1;
    return l->n - 1;
}

static int fail(loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records "PATH:LINE: message" and returns ATT_EINPUT. */
static int fail(loader *ld, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return att_error_set(ld->err, ATT_EINPUT, "%s:%ld: %s", ld->path, ld->line, what);
}

static int read_header(loader *ld, const att_csv_row *row)
{
    int twice = att_csv_find_columns(row, col_names, COL_COUNT, ld->col);
    if (twice >= 0)
        return fail(ld, "column '%s' appears twice in the header", col_names[twice]);
    for (int c = 0; c < COL_COUNT; c++)
        if (ld->col[c] < 0)
            return fail(ld, "missing column '%s' (the header must name infant_code, "
                        "caregiver_code and matched)", col_names[c]);
    ld->ncols = row->n;
    ld->have_header = 1;
    return ATT_OK;
}

static int read_pair(loader *ld, const att_csv_row *row)
{
    if (row->n != ld->ncols)
        return fail(ld, "%d field%s, but the header has %d", row->n,
                    row->n == 1 ? "" : "s", ld->ncols);
    const char *ic = row->field[ld->col[COL_INFANT]];
    const char *cc = row->field[ld->col[COL_CAREGIVER]];
    const char *m = row->field[ld->col[COL_MATCHED]];
    const char *names[2] = { ic, cc };
    for (int k = 0; k < 2; k++) {
        if (!*names[k])
            return fail(ld, "empty %s", col_names[k]);
        if (!att_data_is_name(names[k]))
            return fail(ld, "%s '%.60s' is not a lowercase code name [a-z0-9_-]+",
                        col_names[k], names[k]);
    }
    if (strcmp(m, "0") != 0 && strcmp(m, "1") != 0)
        return fail(ld, "matched must be 0 or 1, not '%.60s'", m);
    int i = strlist_intern(&ld->infant, ic);
    int c = i < 0 ? -1 : strlist_intern(&ld->caregiver, cc);
    if (c < 0)
        return att_error_nomem(ld->err);
    for (int k = 0; k < ld->npairs; k++)
        if (ld->pairs[k].infant == i && ld->pairs[k].caregiver == c)
            return fail(ld, "pair (%s, %s) listed twice (first on line %ld)", ic, cc,
                        ld->pairs[k].line);
    if (att_grow(&ld->pairs, &ld->cap_pairs, (size_t)ld->npairs + 1, sizeof *ld->pairs, ld->err))
        return ATT_ENOMEM;
    ld->pairs[ld->npairs++] = (pair){ i, c, m[0] == '1', ld->line };
    return ATT_OK;
}

static int on_row(const att_csv_row *row, void *user, att_error *err)
{
    (void)err;
    loader *ld = user;
    ld->line = row->line;
    return ld->have_header ? read_pair(ld, row) : read_header(ld, row);
}

static void loader_free(loader *ld)
{
    strlist_free(&ld->infant);
    strlist_free(&ld->caregiver);
    free(ld->pairs);
}

att_match_table *att_match_table_load(const char *path, att_error *err)
{
    FILE *fp = att_file_open(path, err);
    if (!fp)
        return NULL;
    loader ld = { .path = path, .err = err, .line = 1 };
    int rc = att_csv_read(fp, path, 0, on_row, &ld, err);
    fclose(fp);
    if (rc == ATT_OK && !ld.have_header) {
        ld.line = 1;
        rc = fail(&ld, "empty file (expected the header infant_code,caregiver_code,matched)");
    }
    if (rc == ATT_OK && ld.npairs == 0) {
        ld.line++;   /* where the pairs should have begun */
        rc = fail(&ld, "no pairs after the header");
    }
    att_match_table *t = NULL;
    if (rc == ATT_OK) {
        t = calloc(1, sizeof *t);
        size_t cells = (size_t)ld.infant.n * (size_t)ld.caregiver.n;
        if (t) {
            t->path = strdup(path);
            t->kind = "table";
        }
        if (t)
            t->matched = calloc(cells, 1);
        if (!t || !t->path || !t->matched) {
            att_match_table_free(t);
            t = NULL;
            att_error_nomem(err);
        }
    }
    if (t) {
        for (int k = 0; k < ld.npairs; k++)
            t->matched[(size_t)ld.pairs[k].infant * (size_t)ld.caregiver.n
                       + (size_t)ld.pairs[k].caregiver] = (unsigned char)ld.pairs[k].matched;
        /* hand the vocabularies over to the table */
        t->infant = ld.infant.v;
        t->n_infant = ld.infant.n;
        t->caregiver = ld.caregiver.v;
        t->n_caregiver = ld.caregiver.n;
        ld.infant = (strlist){ 0 };
        ld.caregiver = (strlist){ 0 };
        att_error_clear(err);
    }
    loader_free(&ld);
    return t;
}

void att_match_table_free(att_match_table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n_infant; i++)
        free(t->infant[i]);
    for (int i = 0; i < t->n_caregiver; i++)
        free(t->caregiver[i]);
    free(t->infant);
    free(t->caregiver);
    free(t->matched);
    free(t->path);
    free(t);
}

const char *att_match_table_path(const att_match_table *t)
{
    return t->path;
}

const char *att_match_table_kind(const att_match_table *t)
{
    return t->kind;
}

/* A copy of the `n` strings of `names`, or NULL when out of memory. */
static char **copy_names(const char *const *names, int n)
{
    char **v = calloc((size_t)n + 1, sizeof *v);
    for (int i = 0; v && i < n; i++) {
        if (!(v[i] = strdup(names[i]))) {
            for (int k = 0; k < i; k++)
                free(v[k]);
            free(v);
            return NULL;
        }
    }
    return v;
}

att_match_table *att_match_table_new(const char *kind, const char *path,
                                     const char *const *infant, int n_infant,
                                     const char *const *caregiver, int n_caregiver,
                                     const unsigned char *matched, att_error *err)
{
    assert(kind && path && n_infant >= 0 && n_caregiver >= 0);
    att_match_table *t = calloc(1, sizeof *t);
    size_t cells = (size_t)n_infant * (size_t)n_caregiver;
    if (t) {
        t->kind = kind;
        t->path = strdup(path);
        t->matched = calloc(cells + 1, 1);
        t->infant = copy_names(infant, n_infant);
        t->n_infant = t->infant ? n_infant : 0;
        t->caregiver = copy_names(caregiver, n_caregiver);
        t->n_caregiver = t->caregiver ? n_caregiver : 0;
    }
    if (!t || !t->path || !t->matched || !t->infant || !t->caregiver) {
        att_match_table_free(t);
        att_error_nomem(err);
        return NULL;
    }
    for (size_t k = 0; k < cells; k++)
        t->matched[k] = matched[k] != 0;
    att_error_clear(err);
    return t;
}

static int find_name(char *const *names, int n, const char *code)
{
    if (!code)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], code) == 0)
            return i;
    return -1;
}

int att_match_table_infant_index(const att_match_table *t, const char *code)
{
    return find_name(t->infant, t->n_infant, code);
}

int att_match_table_caregiver_index(const att_match_table *t, const char *code)
{
    return find_name(t->caregiver, t->n_caregiver, code);
}

int att_match_table_infant_count(const att_match_table *t)
{
    return t->n_infant;
}

int att_match_table_caregiver_count(const att_match_table *t)
{
    return t->n_caregiver;
}

const char *att_match_table_infant_name(const att_match_table *t, int i)
{
    return i >= 0 && i < t->n_infant ? t->infant[i] : NULL;
}

const char *att_match_table_caregiver_name(const att_match_table *t, int i)
{
    return i >= 0 && i < t->n_caregiver ? t->caregiver[i] : NULL;
}

int att_match_table_matched(const att_match_table *t, int infant_index, int caregiver_index)
{
    if (infant_index < 0 || infant_index >= t->n_infant
        || caregiver_index < 0 || caregiver_index >= t->n_caregiver)
        return 0;
    return t->matched[(size_t)infant_index * (size_t)t->n_caregiver + (size_t)caregiver_index];
}

int att_match_table_resolve(const char *name_or_file, const char *const *dirs,
                            char *path, size_t cap, att_error *err)
{
    return att_data_resolve("match table", name_or_file, dirs, path, cap, err);
}

const char *att_match_table_suggest(const att_match_table *t, int infant, const char *code)
{
    return infant ? att_suggest(code, (const char *const *)t->infant, (size_t)t->n_infant)
                  : att_suggest(code, (const char *const *)t->caregiver, (size_t)t->n_caregiver);
}

void att_match_table_list(const att_match_table *t, int infant, char *buf, size_t cap)
{
    char *const *names = infant ? t->infant : t->caregiver;
    int n = infant ? t->n_infant : t->n_caregiver;
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0 || (size_t)w >= cap - used)
            break;
        used += (size_t)w;
    }
}

att_match_table *att_match_table_find(const char *name_or_file, const char *const *dirs,
                                      att_error *err)
{
    char path[4096];
    if (att_match_table_resolve(name_or_file, dirs, path, sizeof path, err) != ATT_OK)
        return NULL;
    return att_match_table_load(path, err);
}

/* Indices 0..n-1 of `names` in the order of their names (an insertion
 * sort: a table has tens of codes). */
static void sort_by_name(char *const *names, int n, int *order)
{
    for (int i = 0; i < n; i++) {
        int k = i;
        for (; k > 0 && strcmp(names[order[k - 1]], names[i]) > 0; k--)
            order[k] = order[k - 1];
        order[k] = i;
    }
}

int att_match_table_digest(const att_match_table *t, char hex[65])
{
    int *inf = malloc(((size_t)t->n_infant + 1) * sizeof *inf);
    int *cg = malloc(((size_t)t->n_caregiver + 1) * sizeof *cg);
    att_buf text = { 0 };
    int rc = inf && cg ? att_buf_str(&text, "infant", NULL) : ATT_ENOMEM;
    if (rc == ATT_OK) {
        sort_by_name(t->infant, t->n_infant, inf);
        sort_by_name(t->caregiver, t->n_caregiver, cg);
    }
    for (int i = 0; rc == ATT_OK && i < t->n_infant; i++)
        rc = att_buf_printf(&text, NULL, ",%s", t->infant[inf[i]]);
    if (rc == ATT_OK)
        rc = att_buf_str(&text, "\ncaregiver", NULL);
    for (int j = 0; rc == ATT_OK && j < t->n_caregiver; j++)
        rc = att_buf_printf(&text, NULL, ",%s", t->caregiver[cg[j]]);
    for (int i = 0; rc == ATT_OK && i < t->n_infant; i++) {
        rc = att_buf_str(&text, "\n", NULL);
        for (int j = 0; rc == ATT_OK && j < t->n_caregiver; j++)
            rc = att_buf_str(&text, att_match_table_matched(t, inf[i], cg[j]) ? "1" : "0", NULL);
    }
    if (rc == ATT_OK)
        att_sha256_hex(text.data, text.len, hex);
    att_buf_free(&text);
    free(inf);
    free(cg);
    return rc;
}
