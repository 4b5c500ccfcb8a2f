/* Code schemes (attune/scheme.h): load a CSV of (partner, code, classes)
 * rows, look codes up, and turn a match table into one over the scheme's
 * codes for the coded reader. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/scheme.h"
#include "base/csvread.h"
#include "base/datadir.h"
#include "base/grow.h"

/* One code of one partner. */
typedef struct code {
    char *name;
    int classes;   /* ATT_CLASS_* */
    long line;
} code;

typedef struct side {
    code *v;
    int n;
    size_t cap;
} side;

struct att_scheme {
    char *path;
    side side[2];   /* by att_partner */
};

enum { COL_PARTNER, COL_CODE, COL_GAZE, COL_POSITIVE, COL_NEGATIVE, COL_UNSCORABLE, COL_COUNT };
static const char *const col_names[COL_COUNT] = {
    "partner", "code", "gaze", "positive", "negative", "unscorable"
};

typedef struct loader {
    const char *path;
    att_error *err;
    long line;
    int have_header, ncols;
    int col[COL_COUNT];
    att_scheme *s;
} loader;

static int fail(loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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
            return fail(ld, "missing column '%s' (the header must name partner, code, gaze, "
                        "positive, negative and unscorable)", col_names[c]);
    ld->ncols = row->n;
    ld->have_header = 1;
    return ATT_OK;
}

static int read_code(loader *ld, const att_csv_row *row)
{
    if (row->n != ld->ncols)
        return fail(ld, "%d field%s, but the header has %d (a ragged row)", row->n,
                    row->n == 1 ? "" : "s", ld->ncols);
    const char *partner = row->field[ld->col[COL_PARTNER]];
    const char *name = row->field[ld->col[COL_CODE]];
    att_partner p;
    if (att_partner_parse(partner, &p) != 0)
        return fail(ld, "partner must be infant or caregiver, not '%.60s'", partner);
    if (!att_data_is_name(name))
        return fail(ld, *name ? "code '%.60s' is not a lowercase code name [a-z0-9_-]+"
                              : "empty code%.0s", name);
    int classes = 0;
    for (int c = COL_GAZE; c <= COL_UNSCORABLE; c++) {
        const char *v = row->field[ld->col[c]];
        if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
            return fail(ld, "%s must be 0 or 1, not '%.60s'", col_names[c], v);
        if (v[0] == '1')
            classes |= 1 << (c - COL_GAZE);
    }
    if ((classes & ATT_CLASS_UNSCORABLE) && classes != ATT_CLASS_UNSCORABLE)
        return fail(ld, "%s code '%s' is unscorable and also has a class (gaze, positive or "
                    "negative): an unscorable stretch is not coded", partner, name);
    int first = att_scheme_index(ld->s, p, name);
    if (first >= 0)
        return fail(ld, "%s code '%s' listed twice (first on line %ld)", partner, name,
                    ld->s->side[p].v[first].line);
    side *sd = &ld->s->side[p];
    if (att_grow(&sd->v, &sd->cap, (size_t)sd->n + 1, sizeof *sd->v, ld->err) != ATT_OK)
        return ATT_ENOMEM;
    if (!(sd->v[sd->n].name = strdup(name)))
        return att_error_nomem(ld->err);
    sd->v[sd->n].classes = classes;
    sd->v[sd->n++].line = ld->line;
    return ATT_OK;
}

static int on_row(const att_csv_row *row, void *user, att_error *err)
{
    (void)err;
    loader *ld = user;
    ld->line = row->line;
    return ld->have_header ? read_code(ld, row) : read_header(ld, row);
}

/* After the last row: each partner needs a scorable code. */
static int check_complete(loader *ld)
{
    if (!ld->have_header) {
        ld->line = 1;
        return fail(ld, "empty file (expected the header "
                    "partner,code,gaze,positive,negative,unscorable)");
    }
    for (att_partner p = ATT_INFANT; p <= ATT_CAREGIVER; p++) {
        int scorable = 0;
        for (int i = 0; i < ld->s->side[p].n; i++)
            scorable += !(ld->s->side[p].v[i].classes & ATT_CLASS_UNSCORABLE);
        if (!scorable)
            return att_error_set(ld->err, ATT_EINPUT, "%s: no scorable %s code (a scheme "
                                 "lists the codes of both partners)", ld->path,
                                 att_partner_name(p));
    }
    return ATT_OK;
}

att_scheme *att_scheme_load(const char *path, att_error *err)
{
    FILE *fp = att_file_open(path, err);
    if (!fp)
        return NULL;
    att_scheme *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        fclose(fp);
        att_scheme_free(s);
        att_error_nomem(err);
        return NULL;
    }
    loader ld = { .path = path, .err = err, .line = 1, .s = s };
    int rc = att_csv_read(fp, path, 0, on_row, &ld, err);
    fclose(fp);
    if (rc == ATT_OK)
        rc = check_complete(&ld);
    if (rc != ATT_OK) {
        att_scheme_free(s);
        return NULL;
    }
    att_error_clear(err);
    return s;
}

int att_scheme_resolve(const char *name_or_file, const char *const *dirs, char *path,
                       size_t cap, att_error *err)
{
    return att_data_resolve("code scheme", name_or_file, dirs, path, cap, err);
}

void att_scheme_free(att_scheme *s)
{
    if (!s)
        return;
    for (int p = 0; p < 2; p++) {
        for (int i = 0; i < s->side[p].n; i++)
            free(s->side[p].v[i].name);
        free(s->side[p].v);
    }
    free(s->path);
    free(s);
}

const char *att_scheme_path(const att_scheme *s)
{
    return s->path;
}

static const code *code_at(const att_scheme *s, att_partner p, int i)
{
    return (unsigned)p < 2 && i >= 0 && i < s->side[p].n ? &s->side[p].v[i] : NULL;
}

int att_scheme_count(const att_scheme *s, att_partner p)
{
    return (unsigned)p < 2 ? s->side[p].n : 0;
}

const char *att_scheme_code(const att_scheme *s, att_partner p, int i)
{
    const code *c = code_at(s, p, i);
    return c ? c->name : NULL;
}

int att_scheme_classes(const att_scheme *s, att_partner p, int i)
{
    const code *c = code_at(s, p, i);
    return c ? c->classes : 0;
}

long att_scheme_line(const att_scheme *s, att_partner p, int i)
{
    const code *c = code_at(s, p, i);
    return c ? c->line : 0;
}

int att_scheme_index(const att_scheme *s, att_partner p, const char *name)
{
    for (int i = 0; name && i < att_scheme_count(s, p); i++)
        if (strcmp(s->side[p].v[i].name, name) == 0)
            return i;
    return -1;
}

int att_scheme_known(const att_scheme *s, att_partner p)
{
    int known = 0;
    for (int i = 0; i < att_scheme_count(s, p); i++)
        known |= s->side[p].v[i].classes;
    return known;
}

int att_scheme_table_classes(const att_scheme *s, const att_match_table *mt, att_partner p,
                             int *classes, att_error *err)
{
    int n = p == ATT_INFANT ? att_match_table_infant_count(mt)
                            : att_match_table_caregiver_count(mt);
    for (int i = 0; i < n; i++) {
        const char *name = p == ATT_INFANT ? att_match_table_infant_name(mt, i)
                                           : att_match_table_caregiver_name(mt, i);
        int k = att_scheme_index(s, p, name);
        if (k < 0)
            return att_error_set(err, ATT_EINPUT, "%s code '%s' of %s %s is not in scheme %s",
                                 att_partner_name(p), name, att_match_table_kind(mt),
                                 att_match_table_path(mt), s->path);
        classes[i] = s->side[p].v[k].classes;
    }
    return ATT_OK;
}

int att_scheme_table_gaps(const att_scheme *s, const att_match_table *mt, att_partner p,
                          unsigned char **gaps, att_error *err)
{
    size_t n = (size_t)(p == ATT_INFANT ? att_match_table_infant_count(mt)
                                        : att_match_table_caregiver_count(mt));
    int *cls = calloc(n + 1, sizeof *cls);
    unsigned char *gap = calloc(n + 1, 1);
    int rc = cls && gap ? att_scheme_table_classes(s, mt, p, cls, err) : att_error_nomem(err);
    for (size_t i = 0; rc == ATT_OK && i < n; i++)
        gap[i] = (cls[i] & ATT_CLASS_UNSCORABLE) != 0;
    free(cls);
    if (rc != ATT_OK) {
        free(gap);
        gap = NULL;
    }
    *gaps = gap;
    return rc;
}

/* The partner's codes' indices in `mt` (-1 for unscorable ones); ATT_EINPUT
 * for a scorable code `mt` does not know. */
static int table_indices(const att_scheme *s, att_partner p, const att_match_table *mt,
                         int *index, att_error *err)
{
    for (int i = 0; i < s->side[p].n; i++) {
        const code *c = &s->side[p].v[i];
        index[i] = -1;
        if (!mt || (c->classes & ATT_CLASS_UNSCORABLE))
            continue;
        index[i] = p == ATT_INFANT ? att_match_table_infant_index(mt, c->name)
                                           : att_match_table_caregiver_index(mt, c->name);
        if (index[i] < 0)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: %s code '%s' is scorable but "
                                 "match table %s has no %s code '%s', so which pairs match is "
                                 "unknown (add it there, use a table written for this scheme, "
                                 "or mark it unscorable)", s->path, c->line, att_partner_name(p),
                                 c->name, att_match_table_path(mt), att_partner_name(p), c->name);
    }
    return ATT_OK;
}

att_match_table *att_scheme_match_table(const att_scheme *s, const att_match_table *mt,
                                        att_error *err)
{
    int ni = s->side[0].n, nc = s->side[1].n;
    int *ii = calloc((size_t)ni + 1, sizeof *ii), *ci = calloc((size_t)nc + 1, sizeof *ci);
    const char **in = calloc((size_t)ni + 1, sizeof *in), **cn = calloc((size_t)nc + 1, sizeof *cn);
    unsigned char *m = calloc((size_t)ni * (size_t)nc + 1, 1);
    att_match_table *t = NULL;
    if (!ii || !ci || !in || !cn || !m)
        att_error_nomem(err);
    else if (table_indices(s, ATT_INFANT, mt, ii, err) == ATT_OK
             && table_indices(s, ATT_CAREGIVER, mt, ci, err) == ATT_OK) {
        for (int i = 0; i < ni; i++) {
            in[i] = s->side[0].v[i].name;
            for (int c = 0; c < nc; c++)
                m[(size_t)i * (size_t)nc + (size_t)c] = mt && ii[i] >= 0 && ci[c] >= 0
                    && att_match_table_matched(mt, ii[i], ci[c]);
        }
        for (int c = 0; c < nc; c++)
            cn[c] = s->side[1].v[c].name;
        t = att_match_table_new("scheme", s->path, in, ni, cn, nc, m, err);
    }
    free(ii);
    free(ci);
    free(in);
    free(cn);
    free(m);
    return t;
}
