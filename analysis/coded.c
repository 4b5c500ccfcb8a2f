/* Reading coded sessions (traces or observers' coding) row by row through
 * att_csv_read, checking each row and handing it on by hooks. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "attune/coded.h"
#include "base/grow.h"
#include "base/csvread.h"
#include "attune/param.h"
#include "attune/scorer.h"
#include "base/strmap.h"

/* The public separator bits are the CSV reader's, passed on unchanged. */
_Static_assert(ATT_CODED_DELIMITER(0x3b) == ATT_CSV_DELIMITER(0x3b)
               && ATT_CODED_DELIMITER(0xff) == ATT_CSV_DELIMITER(0xff),
               "ATT_CODED_DELIMITER differs from ATT_CSV_DELIMITER");

enum { COL_T, COL_INFANT, COL_CAREGIVER, COL_RUN, COL_SESSION, COL_PHASE, COL_MATCHED,
       COL_AROUSAL, COL_END, COL_COUNT };
_Static_assert((int)COL_COUNT == (int)ATT_CODED_NCOLS && (int)COL_END == (int)ATT_CODED_COL_END
               && (int)COL_AROUSAL == (int)ATT_CODED_COL_AROUSAL,
               "coded columns differ from coded.h");
#define col_names(c) att_coded_col_name((att_coded_col)(c))

typedef struct reader {
    const char *path;
    const att_match_table *mt;
    int table_wins;
    const char *name[COL_COUNT];   /* the file's name of each column */
    int renamed[COL_COUNT];
    double opt_end;           /* the end of runs without an end field; NaN: none */
    const att_coded_hooks *hooks;
    void *user;
    att_error *err;
    long line;
    int have_header;
    int ncols;
    int col[COL_COUNT];
    int run_col;              /* COL_RUN, COL_SESSION or -1 */
    int both;                 /* run and session: units are "RUN/SESSION" */
    char unit[512];
    char default_run[256];
    char *run;                /* the current run's name, NULL before the first row */
    size_t run_cap;
    long run_line;            /* where the current run began */
    long rows;                /* rows in the current run */
    double t_prev, t_prev2;   /* the last two times of the current run */
    long last_line;           /* of the current run's last row */
    double end;               /* the current run's end field; NaN: none yet */
    long end_line;            /* where it was given */
    att_strmap *seen;         /* names of the runs so far */
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(reader *r, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return att_error_set(r->err, ATT_EINPUT, "%s:%ld: %s", r->path, r->line, what);
}

const char *att_coded_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

void att_coded_default_run(const char *path, char *buf, size_t cap)
{
    if (strcmp(path, "-") == 0) {
        snprintf(buf, cap, "stdin");
        return;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".csv") == 0)
        len -= 4;
    snprintf(buf, cap, "%.*s", (int)len, base);
}

static int read_header(reader *r, const att_csv_row *row)
{
    int twice = att_csv_find_columns(row, r->name, COL_COUNT, r->col);
    if (twice >= 0)
        return fail(r, "column '%s' appears twice in the header", r->name[twice]);
    for (int c = 0; c < COL_COUNT; c++)
        if (r->renamed[c] && r->col[c] < 0)
            return fail(r, "missing column '%.60s' (--map %s=%.60s)", r->name[c], col_names(c),
                        r->name[c]);
    static const int required[] = { COL_T, COL_INFANT, COL_CAREGIVER };
    for (size_t k = 0; k < sizeof required / sizeof *required; k++) {
        int c = required[k];
        if (r->col[c] >= 0)
            continue;
        if (row->n == 1 && strpbrk(row->field[0], ",;\t"))
            return fail(r, "missing column '%s': the header is one field '%.60s'; is the file "
                        "separated by another character than the one read (--delimiter)?",
                        col_names(c), row->field[0]);
        const char *hint = att_suggest(col_names(c), row->field, (size_t)row->n);
        return fail(r, "missing column '%s'%s%s%s (a coded file needs t, infant_code and "
                    "caregiver_code)", col_names(c), hint ? " (is '" : "", hint ? hint : "",
                    hint ? "' it?)" : "");
    }
    r->both = r->col[COL_RUN] >= 0 && r->col[COL_SESSION] >= 0;
    r->run_col = r->col[COL_RUN] >= 0 ? COL_RUN : r->col[COL_SESSION] >= 0 ? COL_SESSION : -1;
    r->ncols = row->n;
    r->have_header = 1;
    return ATT_OK;
}

/* A code's vocabulary index, or an error naming the table's codes. */
static int lookup_code(reader *r, int side, const char *code, int *index)
{
    const att_match_table *mt = r->mt;
    int infant = side == COL_INFANT;
    *index = infant ? att_match_table_infant_index(mt, code)
                    : att_match_table_caregiver_index(mt, code);
    if (*index >= 0)
        return ATT_OK;
    if (!*code)
        return fail(r, "empty %s", col_names(side));
    char list[300];
    att_match_table_list(mt, infant, list, sizeof list);
    const char *hint = att_match_table_suggest(mt, infant, code);
    return fail(r, "unknown %s '%.60s'%s%s%s; %s %s knows: %s", col_names(side), code,
                hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "",
                att_match_table_kind(mt), att_match_table_path(mt), list);
}

/* The run's end: its end field, else the option, else the last interval. */
static int end_run(reader *r)
{
    double t_end = r->rows > 1 ? r->t_prev + (r->t_prev - r->t_prev2) : r->t_prev;
    if (!isnan(r->end)) {
        t_end = r->end;
    } else if (!isnan(r->opt_end)) {
        if (att_us(r->opt_end - r->t_prev) < 1)
            return att_error_set(r->err, ATT_EINPUT, "%s:%ld: t %.9g of run '%.60s' is not "
                                 "before --end %.9g (the session's end)", r->path,
                                 r->last_line, r->t_prev, r->run, r->opt_end);
        t_end = r->opt_end;
    }
    return r->hooks->run_end ? r->hooks->run_end(r->user, t_end, r->err) : ATT_OK;
}

static int begin_run(reader *r, const char *name)
{
    size_t len = strlen(name);
    if (att_grow(&r->run, &r->run_cap, len + 1, 1, r->err) != ATT_OK)
        return ATT_ENOMEM;
    memcpy(r->run, name, len + 1);
    long first = att_strmap_get(r->seen, name);
    if (first >= 0)
        return fail(r, "run '%.60s' appears again after other runs (its rows began on line "
                    "%ld; a run's rows must be together, in time order)", name, first);
    if (att_strmap_put(r->seen, name, r->line) < 0)
        return att_error_nomem(r->err);
    r->run_line = r->line;
    r->rows = 0;
    r->end = NAN;
    return r->hooks->run_begin ? r->hooks->run_begin(r->user, name, r->err) : ATT_OK;
}

static int read_number(reader *r, const char *text, const char *what, double *out)
{
    int rc = att_parse_double(text, out);
    if (rc != 0)
        return fail(r, "%s '%.60s' %s", what, text, att_number_problem(rc));
    return ATT_OK;
}

/* The row's end field, if any: the same as the run's earlier ones, and
 * after the row's t (so after every t of the run so far). */
static int read_end(reader *r, const char *text)
{
    double end;
    if (r->col[COL_END] < 0 || !*text)
        return ATT_OK;
    int rc = read_number(r, text, "end", &end);
    if (rc != ATT_OK)
        return rc;
    if (!(fabs(end) <= ATT_SCORE_T_MAX))
        return fail(r, "end %.60s is out of range (times must lie within -4e9 to 4e9 s)", text);
    if (!isnan(r->end) && att_us(end) != att_us(r->end))
        return fail(r, "end %.9g differs from the end %.9g given on line %ld (a run has one "
                    "end)", end, r->end, r->end_line);
    if (isnan(r->end)) {
        r->end = end;
        r->end_line = r->line;
    }
    return ATT_OK;
}

/* The row's t against the run's end, given on this row or an earlier one. */
static int check_end(reader *r, double t)
{
    if (isnan(r->end) || att_us(r->end - t) >= 1)
        return ATT_OK;
    if (r->end_line == r->line)
        return fail(r, "end %.9g is not after the row's t %.9g (the session ends after its "
                    "last row starts)", r->end, t);
    return fail(r, "t %.9g is not before the run's end %.9g (given on line %ld)", t, r->end,
                r->end_line);
}

static int read_row(reader *r, const att_csv_row *row)
{
    if (row->n != r->ncols)
        return fail(r, "%d field%s, but the header has %d (a ragged row)", row->n,
                    row->n == 1 ? "" : "s", r->ncols);
    const char *const *f = row->field;
    att_coded_row out = { .line = r->line, .phase = "", .infant_arousal = NAN,
                          .named_run = r->run_col >= 0 };
    int rc;
    if ((rc = read_number(r, f[r->col[COL_T]], "t", &out.t)) != ATT_OK)
        return rc;
    if (!(fabs(out.t) <= ATT_SCORE_T_MAX))
        return fail(r, "t %.60s is out of range (times must lie within -4e9 to 4e9 s, "
                    "ATT_SCORE_T_MAX, the range the scorer's microsecond clock counts "
                    "exactly)", f[r->col[COL_T]]);
    if ((rc = lookup_code(r, COL_INFANT, f[r->col[COL_INFANT]], &out.infant)) != ATT_OK
        || (rc = lookup_code(r, COL_CAREGIVER, f[r->col[COL_CAREGIVER]], &out.caregiver))
               != ATT_OK)
        return rc;
    if (r->col[COL_PHASE] >= 0) {
        out.phase = f[r->col[COL_PHASE]];
        if (!*out.phase)
            return fail(r, "empty phase");
        if (strcmp(out.phase, ATT_SCORE_ALL) == 0)
            return fail(r, "%s", ATT_SCORE_ALL_RESERVED);
    }
    if (r->col[COL_MATCHED] >= 0 && !r->table_wins) {
        const char *m = f[r->col[COL_MATCHED]];
        if (strcmp(m, "0") != 0 && strcmp(m, "1") != 0)
            return fail(r, "matched must be 0 or 1, not '%.60s'", m);
        out.matched = m[0] == '1';
    } else {
        out.matched = att_match_table_matched(r->mt, out.infant, out.caregiver);
    }
    if (r->col[COL_AROUSAL] >= 0
        && (rc = read_number(r, f[r->col[COL_AROUSAL]], "infant_arousal", &out.infant_arousal))
               != ATT_OK)
        return rc;
    const char *run = r->run_col >= 0 ? f[r->col[r->run_col]] : r->default_run;
    if (!*run)
        return fail(r, "empty %s", col_names(r->run_col));
    if (r->both) {
        const char *session = f[r->col[COL_SESSION]];
        if (!*session)
            return fail(r, "empty session");
        snprintf(r->unit, sizeof r->unit, "%.250s/%.250s", run, session);
        run = r->unit;
    }
    if (!r->run || strcmp(run, r->run) != 0) {
        if (r->run && (rc = end_run(r)) != ATT_OK)
            return rc;
        if ((rc = begin_run(r, run)) != ATT_OK)
            return rc;
    } else if (!(out.t > r->t_prev)) {
        return fail(r, "t %.9g does not increase (the previous row of run '%.60s' has t %.9g)",
                    out.t, r->run, r->t_prev);
    } else if (att_us(out.t - r->t_prev) < 1) {
        /* The scorer counts whole microseconds: a step that rounds to 0
         * would give 0-second durations and latencies. */
        return fail(r, "t %.60s is within 1 us of the previous t (%.15g, run '%.60s'); times "
                    "are resolved to 1 us", f[r->col[COL_T]], r->t_prev, r->run);
    }
    if (r->col[COL_END] >= 0 && (rc = read_end(r, f[r->col[COL_END]])) != ATT_OK)
        return rc;
    if ((rc = check_end(r, out.t)) != ATT_OK)
        return rc;
    /* --end is every run's end when the file has no end field: the first
     * row past it is the one to name (end_run would name the last) */
    if (r->col[COL_END] < 0 && !isnan(r->opt_end) && att_us(r->opt_end - out.t) < 1)
        return fail(r, "t %.9g of run '%.60s' is not before --end %.9g (the session's end)",
                    out.t, r->run, r->opt_end);
    r->t_prev2 = r->t_prev;
    r->t_prev = out.t;
    r->last_line = r->line;
    r->rows++;
    return r->hooks->row ? r->hooks->row(r->user, &out, r->err) : ATT_OK;
}

static int on_row(const att_csv_row *row, void *user, att_error *err)
{
    (void)err;
    reader *r = user;
    r->line = row->line;
    return r->have_header ? read_row(r, row) : read_header(r, row);
}

int att_coded_read(const char *path, const att_match_table *mt, int flags,
                   const att_coded_hooks *hooks, void *user, att_error *err)
{
    att_coded_opts o;
    att_coded_opts_init(&o);
    o.flags = flags;
    return att_coded_read_opts(path, mt, &o, hooks, user, err);
}

int att_coded_read_opts(const char *path, const att_match_table *mt, const att_coded_opts *o,
                        const att_coded_hooks *hooks, void *user, att_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    int flags = o ? o->flags : 0;
    reader r = { .path = att_coded_name(path), .mt = mt, .table_wins = flags & ATT_CODED_TABLE_WINS,
                 .hooks = hooks, .user = user, .err = err, .line = 1,
                 .opt_end = o ? o->end : NAN, .end = NAN };
    for (int c = 0; c < COL_COUNT; c++) {
        r.renamed[c] = o && o->names[c][0];
        r.name[c] = r.renamed[c] ? o->names[c] : col_names(c);
    }
    att_coded_default_run(path, r.default_run, sizeof r.default_run);
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return err->code;
    if (!(r.seen = att_strmap_new())) {
        if (!is_stdin)
            fclose(fp);
        return att_error_nomem(err);
    }
    int rc = att_csv_read(fp, r.path, ATT_CSV_REQUIRE_EOL | (flags & ATT_CODED_DELIMITER(0xff)),
                          on_row, &r, err);
    if (!is_stdin)
        fclose(fp);
    if (rc == ATT_OK && !r.have_header)
        rc = att_error_set(err, ATT_EINPUT, "%s:1: empty file (expected a header naming t, "
                           "infant_code and caregiver_code)", r.path);
    else if (rc == ATT_OK && !r.run)
        rc = att_error_set(err, ATT_EINPUT, "%s:%ld: no rows after the header", r.path,
                           r.line + 1);
    else if (rc == ATT_OK)
        rc = end_run(&r);
    free(r.run);
    att_strmap_free(r.seen);
    return rc;
}
