/* Comparing conditions: reading a results CSV (base/csvread.h with
 * ATT_CSV_RESULTS; its columns found through batch/results.h) into groups
 * of runs, every run of the experiment checked to be there once. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/param.h"
#include "base/csvread.h"
#include "base/grow.h"
#include "batch/compare_impl.h"
#include "batch/results.h"

/* The largest values a results file can hold: seconds (twice the scorer's
 * range of t, ATT_SCORE_T_MAX), counts (exact in a double), runs. */
#define MAX_SECONDS (2 * ATT_SCORE_T_MAX)
#define MAX_COUNT 9007199254740992.0
#define MAX_RUNS 100000000L

/* ---- reading ----------------------------------------------------------- */

typedef struct reader {
    att_compare *c;
    int *field_of;   /* nwin x NMETRIC header indices, -1 where absent */
} reader;

/* The window and metric of a header name, or -1 when it is no window
 * column (the window is the text before the last '.', not empty). */
static int window_column(const char *name, size_t *wlen)
{
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return -1;
    *wlen = (size_t)(dot - name);
    return att_cmp_metric_index(dot + 1, 1);
}

static int add_column(att_compare *c, size_t w, int metric, int field)
{
    for (size_t i = 0; i < c->ncols; i++)
        if (c->cols[i].window == w && c->cols[i].metric == metric)
            return 0;
    if (att_grow(&c->cols, &c->capcols, c->ncols + 1, sizeof *c->cols, NULL) != ATT_OK)
        return -1;
    column *col = &c->cols[c->ncols];
    const char *suffix = metric == SURV ? "latencies" : att_cmp_metric_name(metric);
    size_t len = strlen(c->windows[w]) + strlen(suffix) + 2;
    if (!(col->name = malloc(len)))
        return -1;
    snprintf(col->name, len, "%s.%s", c->windows[w], suffix);
    col->window = w;
    col->metric = metric;
    col->field = field;
    col->slot = metric == SURV ? c->nsurv++ : c->nnum++;
    c->ncols++;
    return 0;
}

/* The windows of the header's WINDOW.METRIC columns, in order of first
 * appearance, into c->windows. */
static int find_windows(att_compare *c, const att_csv_row *row, att_error *err)
{
    for (int i = 0; i < row->n; i++) {
        size_t wlen;
        if (window_column(row->field[i], &wlen) < 0)
            continue;
        size_t w = 0;
        while (w < c->nwin && !(strlen(c->windows[w]) == wlen
                                && strncmp(c->windows[w], row->field[i], wlen) == 0))
            w++;
        if (w < c->nwin)
            continue;
        if (att_grow(&c->windows, &c->capwin, c->nwin + 1, sizeof *c->windows, err) != ATT_OK)
            return ATT_ENOMEM;
        if (!(c->windows[c->nwin] = strndup(row->field[i], wlen)))
            return att_error_nomem(err);
        c->nwin++;
    }
    if (c->nwin == 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: " ATT_RESULTS_NO_WINDOWS, c->path,
                             row->line);
    return ATT_OK;
}

/* Each window column's field into r->field_of, the other columns' names
 * into `plain` (*nplain of them), and the --by column into c->by_field. */
static void map_fields(reader *r, const att_csv_row *row, const char **plain, size_t *nplain)
{
    att_compare *c = r->c;
    for (size_t i = 0; i < c->nwin * NMETRIC; i++)
        r->field_of[i] = -1;
    for (int i = 0; i < row->n; i++) {
        size_t wlen;
        int m = window_column(row->field[i], &wlen);
        if (m < 0) {
            plain[(*nplain)++] = row->field[i];
            if (strcmp(row->field[i], c->by) == 0)
                c->by_field = i;
            continue;
        }
        for (size_t w = 0; w < c->nwin; w++)
            if (strlen(c->windows[w]) == wlen && strncmp(c->windows[w], row->field[i], wlen) == 0)
                r->field_of[w * NMETRIC + (size_t)m] = i;
    }
}

/* No column named --by: says which there are. */
static int no_by_column(const att_compare *c, long line, const char **plain, size_t nplain,
                        att_error *err)
{
    size_t wlen;
    if (window_column(c->by, &wlen) >= 0)
        return att_error_set(err, ATT_EINPUT, "--by %s: a window column; group by a column "
                             "such as condition or a parameter", c->by);
    char hint[160], list[320];
    att_cmp_did_you_mean(hint, sizeof hint, c->by, plain, nplain);
    att_cmp_join(list, sizeof list, plain, nplain);
    return att_error_set(err, ATT_EINPUT, "%s:%ld: no column '%s' to group by%s; columns "
                         "to group by: %s", c->path, line, c->by, hint,
                         nplain ? list : "(none)");
}

/* The selected columns: window by window, in the order of the specs. */
static int select_columns(reader *r, att_error *err)
{
    att_compare *c = r->c;
    for (size_t w = 0; w < c->nwin; w++) {
        for (size_t k = 0; k < c->nspecs; k++) {
            spec *s = &c->specs[k];
            if (s->window && strcmp(s->window, c->windows[w]) != 0)
                continue;
            int f = r->field_of[w * NMETRIC + (size_t)s->metric];
            if (f < 0)
                continue;
            s->used = 1;
            if (add_column(c, w, s->metric, f) != 0)
                return att_error_nomem(err);
        }
    }
    return ATT_OK;
}

/* A --metric the user gave that no column answers is an error. */
static int check_specs_used(const att_compare *c, long line, att_error *err)
{
    const char *path = c->path;
    for (size_t k = 0; k < c->nspecs && !c->default_specs; k++) {
        const spec *s = &c->specs[k];
        if (s->used)
            continue;
        const char *col = s->metric == SURV ? "latencies" : att_cmp_metric_name(s->metric);
        size_t w = 0;
        while (s->window && w < c->nwin && strcmp(s->window, c->windows[w]) != 0)
            w++;
        if (s->window && w == c->nwin) {
            char hint[160], list[320];
            att_cmp_did_you_mean(hint, sizeof hint, s->window, (const char *const *)c->windows,
                                 c->nwin);
            att_cmp_join(list, sizeof list, (const char *const *)c->windows, c->nwin);
            return att_error_set(err, ATT_EINPUT, "%s:%ld: --metric %s: no window '%s'%s; "
                                 "windows: %s", path, line, s->text, s->window, hint, list);
        }
        if (s->window)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: --metric %s: no column %s.%s", path,
                                 line, s->text, s->window, col);
        return att_error_set(err, ATT_EINPUT, "%s:%ld: --metric %s: no window has a column "
                             "WINDOW.%s", path, line, s->text, col);
    }
    if (c->ncols == 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: none of the default metrics is in the "
                             "file; choose some with --metric", path, line);
    return ATT_OK;
}

/* The header row: its columns checked, the windows, the --by column and
 * the selected columns found. */
static int header(reader *r, const att_csv_row *row, att_error *err)
{
    att_compare *c = r->c;
    c->have_header = 1;
    c->header_line = row->line;
    c->nfields = row->n;
    c->by_field = -1;
    att_results_cols cols;   /* the columns every results file has */
    att_results_find_columns(row->field, row->n, &cols);
    c->exp_field = cols.experiment;
    c->run_field = cols.run;
    c->runs_field = cols.runs;
    c->session_field = cols.session;
    for (int i = 0; i < row->n; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(row->field[i], row->field[j]) == 0)
                return att_error_set(err, ATT_EINPUT, "%s:%ld: column '%s' appears twice",
                                     c->path, row->line, row->field[i]);
    int kind = att_results_other_kind(row->field, row->n);
    if (kind)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s", c->path, row->line, kind == 1
                             ? ATT_RESULTS_LONG_REFUSED : ATT_RESULTS_RUPTURES_REFUSED);
    int rc = find_windows(c, row, err);
    if (rc != ATT_OK)
        return rc;
    const char **plain = malloc((size_t)row->n * sizeof *plain);
    if (!(r->field_of = malloc(c->nwin * NMETRIC * sizeof *r->field_of)) || !plain) {
        free(plain);
        return att_error_nomem(err);
    }
    size_t nplain = 0;
    map_fields(r, row, plain, &nplain);
    rc = c->by_field < 0 ? no_by_column(c, row->line, plain, nplain, err) : ATT_OK;
    free(plain);
    if (rc == ATT_OK)
        rc = select_columns(r, err);
    return rc == ATT_OK ? check_specs_used(c, row->line, err) : rc;
}

static group *find_group(att_compare *c, const char *name)
{
    if (c->ngroups && strcmp(c->groups[c->last_group].name, name) == 0)
        return &c->groups[c->last_group];
    for (size_t i = 0; i < c->ngroups; i++) {
        if (strcmp(c->groups[i].name, name) == 0) {
            c->last_group = i;
            return &c->groups[i];
        }
    }
    if (att_grow(&c->groups, &c->capg, c->ngroups + 1, sizeof *c->groups, NULL) != ATT_OK)
        return NULL;
    group *g = &c->groups[c->ngroups];
    *g = (group){ .name = strdup(name), .vals = calloc(c->nnum + 1, sizeof *g->vals),
                  .tally = calloc(c->nsurv + 1, sizeof *g->tally) };
    int ok = g->name && g->vals && g->tally;
    for (size_t k = 0; ok && k < c->nsurv; k++)
        ok = (g->tally[k] = att_tally_new(NULL)) != NULL;
    if (!ok) {
        att_cmp_group_free(c, g);
        return NULL;
    }
    c->last_group = c->ngroups++;
    return g;
}

static int push(vec *v, double x)
{
    if (att_grow(&v->v, &v->cap, v->n + 1, sizeof *v->v, NULL) != ATT_OK)
        return -1;
    v->v[v->n++] = x;
    return 0;
}

/* Adds the latencies field `s` ("0.3 1.2 4.5+") to tally `t`: the format
 * is batch/results.c's, which reads it back. */
static int parse_latencies(const att_compare *c, const column *col, long line, const char *s,
                           att_tally *t, att_error *err)
{
    const char *bad;
    size_t len;
    int rc = att_results_parse_latencies(s, MAX_SECONDS, t, &bad, &len);
    if (rc == ATT_EINPUT)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s: malformed latency '%.*s' (expected "
                             "seconds above 0 and at most 8e9 separated by spaces, '+' "
                             "after a censored one)", c->path, line, col->name,
                             (int)(len > 40 ? 40 : len), bad);
    return rc == ATT_ENOMEM ? att_error_nomem(err) : rc;
}

/* The range of a score column's values: a value outside it cannot have
 * come from attune batch, and one such value (9.5e307) would swamp a mean. */
static int check_range(const att_compare *c, const column *col, long line, double x,
                       att_error *err)
{
    double lo = 0, hi;
    const char *what;
    int whole = 0;
    switch (col->metric) {
    case ATT_SC_MATCHED_PROP: case ATT_SC_REPAIRED_PROP: case ATT_SC_REPAIRED_WITHIN_2S:
    case ATT_SC_INFANT_GAZE_PROP: case ATT_SC_INFANT_POSITIVE_PROP:
    case ATT_SC_INFANT_NEGATIVE_PROP:
        hi = 1, what = "a proportion, from 0 to 1";
        break;
    case ATT_SC_RUPTURES: case ATT_SC_REPAIRS:
        hi = MAX_COUNT, whole = 1, what = "a count, a whole number from 0 to 2^53";
        break;
    case ATT_SC_TRANSITIONS_PER_MIN: case ATT_SC_RUPTURES_PER_MIN: case ATT_SC_REPAIRS_PER_MIN:
        hi = 6e7, what = "a rate per minute, from 0 to 6e7 (one a microsecond)";
        break;
    default:
        hi = MAX_SECONDS, what = "seconds, from 0 to 8e9";
        break;
    }
    if (x >= lo && x <= hi && (!whole || x == floor(x)))
        return ATT_OK;
    return att_error_set(err, ATT_EINPUT, "%s:%ld: %s: %.10g is out of range (%s)", c->path,
                         line, col->name, x, what);
}

/* A whole number in 1..MAX_RUNS written as plain digits (the results
 * file's one rule, att_results_number), or -1. */
static long run_number(const char *s)
{
    const char *end;
    long v = att_results_number(s, &end);
    return *end == '\0' && v >= 1 && v <= MAX_RUNS ? v : -1;
}

/* Checks the run, runs (and session) columns of a row: every run of the
 * experiment at most once, as consecutive rows of its sessions. */
static int check_run(att_compare *c, const att_csv_row *row, att_error *err)
{
    if (c->run_field < 0 || c->runs_field < 0)
        return ATT_OK;
    const char *rf = row->field[c->run_field], *nf = row->field[c->runs_field];
    long run = run_number(rf), runs = run_number(nf);
    if (runs < 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: runs '%.40s' is not a run count (a "
                             "whole number from 1 to %ld)", c->path, row->line, nf,
                             (long)MAX_RUNS);
    if (c->total_runs < 0) {
        c->total_runs = runs;
        c->total_line = row->line;
    } else if (runs != c->total_runs) {
        return att_error_set(err, ATT_EINPUT, "%s:%ld: runs %ld differs from the runs %ld of "
                             "line %ld: a results file holds one experiment", c->path, row->line,
                             runs, c->total_runs, c->total_line);
    }
    if (run < 0 || run > runs)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: run '%.40s' is not a run number from 1 "
                             "to runs (%ld)", c->path, row->line, rf, runs);
    long session = -1;
    if (c->session_field >= 0
        && (session = run_number(row->field[c->session_field])) < 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: session '%.40s' is not a session number",
                             c->path, row->line, row->field[c->session_field]);
    if (run == c->prev_run) {
        if (session < 0 || session != c->prev_session + 1)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: run %ld appears twice (a results "
                                 "file holds each run once%s; were two batches writing one "
                                 "file?)", c->path, row->line, run,
                                 session < 0 ? "" : ", its sessions 1, 2, ... in order");
        c->prev_session = session;
        return ATT_OK;
    }
    size_t byte = (size_t)run / 8;
    unsigned char bit = (unsigned char)(1u << (run % 8));
    if (att_grow(&c->seen, &c->seen_bytes, byte + 1, 1, err) != ATT_OK)
        return ATT_ENOMEM;
    if (c->seen[byte] & bit)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: run %ld appears again after other runs (a "
                             "results file holds each run once; were two batches writing one "
                             "file?)", c->path, row->line, run);
    if (session > 1)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: run %ld starts with session %ld: its "
                             "first sessions are missing", c->path, row->line, run, session);
    c->seen[byte] |= bit;
    c->present++;
    c->prev_run = run;
    c->prev_session = session;
    return ATT_OK;
}

/* After the last row: the runs 1..runs that no row held, described in
 * c->missing; refused unless allow_partial. */
static int check_missing(att_compare *c, att_error *err)
{
    if (c->total_runs < 0 || c->present == c->total_runs)
        return ATT_OK;
    char *p = c->missing;
    size_t cap = sizeof c->missing;
    int shown = 0;
    p += snprintf(p, cap, "runs ");
    for (long r = 1; r <= c->total_runs; r++) {
        size_t byte = (size_t)r / 8;
        if (byte < c->seen_bytes && (c->seen[byte] & (1u << (r % 8))))
            continue;
        long end = r;   /* the gap r..end */
        while (end < c->total_runs) {
            size_t b = (size_t)(end + 1) / 8;
            if (b < c->seen_bytes && (c->seen[b] & (1u << ((end + 1) % 8))))
                break;
            end++;
            if (b >= c->seen_bytes) {   /* nothing held beyond: the gap runs to the end */
                end = c->total_runs;
                break;
            }
        }
        size_t used = (size_t)(p - c->missing);
        if (shown == 4 || used + 48 > cap) {
            snprintf(p, cap - used, ", ...");
            p += strlen(p);
            break;
        }
        p += snprintf(p, cap - used, r == end ? "%s%ld" : "%s%ld-%ld", shown ? ", " : "", r,
                      end);
        shown++;
        r = end;
    }
    snprintf(p, cap - (size_t)(p - c->missing), " of %ld", c->total_runs);
    if (c->allow_partial)
        return ATT_OK;
    size_t len = strlen(c->path);
    int part = len > 5 && strcmp(c->path + len - 5, ".part") == 0;
    return att_error_set(err, ATT_EINPUT, "%s: %s are missing (%ld of %ld runs present): %s; "
                         "--allow-partial compares the runs there are", c->path, c->missing,
                         c->present, c->total_runs,
                         part ? "an unfinished batch (finish it with attune batch --resume)"
                              : "a file cut short, or an unfinished batch");
}

const char *att_compare_missing(const att_compare *c)
{
    return c->missing;
}

static int on_row(const att_csv_row *row, void *user, att_error *err)
{
    reader *r = user;
    att_compare *c = r->c;
    if (!c->have_header)
        return header(r, row, err);
    if (c->interrupted && c->interrupted())
        return att_error_set(err, ATT_EIO, "interrupted; nothing written");
    if (row->n != c->nfields)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %d fields, but the header (line %ld) has "
                             "%d", c->path, row->line, row->n, c->header_line, c->nfields);
    if (c->exp_field >= 0) {
        const char *e = row->field[c->exp_field];
        if (!c->experiment) {
            if (!(c->experiment = strdup(e)))
                return att_error_nomem(err);
            c->exp_line = row->line;
        } else if (strcmp(c->experiment, e) != 0) {
            return att_error_set(err, ATT_EINPUT, "%s:%ld: experiment '%.40s' differs from "
                                 "experiment '%.40s' of line %ld: a results file holds one "
                                 "experiment", c->path, row->line, e, c->experiment, c->exp_line);
        }
    }
    int bad = check_run(c, row, err);
    if (bad != ATT_OK)
        return bad;
    group *g = find_group(c, row->field[c->by_field]);
    if (!g)
        return att_error_nomem(err);
    for (size_t k = 0; k < c->ncols; k++) {
        const column *col = &c->cols[k];
        const char *f = row->field[col->field];
        if (col->metric == SURV) {
            int rc = parse_latencies(c, col, row->line, f, g->tally[col->slot], err);
            if (rc != ATT_OK)
                return rc;
            continue;
        }
        if (row->len[col->field] == 0)
            continue;   /* undefined in this run */
        double x;
        if ((bad = att_parse_double(f, &x)) != 0)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: %s: '%.40s' %s", c->path, row->line,
                                 col->name, f, att_number_problem(bad));
        if ((bad = check_range(c, col, row->line, x, err)) != ATT_OK)
            return bad;
        if (push(&g->vals[col->slot], x) != 0)
            return att_error_nomem(err);
    }
    g->runs++;
    c->runs++;
    return ATT_OK;
}

int att_compare_read(att_compare *c, FILE *fp, const char *path, att_error *err)
{
    if (c->state != 0)
        return att_error_set(err, ATT_EINTERNAL, "att_compare_read: results already read");
    free(c->path);
    if (!(c->path = strdup(path)))
        return att_error_nomem(err);
    reader r = { .c = c };
    int rc = att_csv_read(fp, c->path, ATT_CSV_REQUIRE_EOL | ATT_CSV_RESULTS, on_row, &r, err);
    free(r.field_of);
    if (rc == ATT_OK && !c->have_header)
        rc = att_error_set(err, ATT_EINPUT, "%s:1: empty file (expected the header of an attune "
                           "batch results file)", c->path);
    else if (rc == ATT_OK && c->runs == 0)
        rc = att_error_set(err, ATT_EINPUT, "%s:%ld: no runs after the header", c->path,
                           c->header_line + 1);
    else if (rc == ATT_OK)
        rc = check_missing(c, err);
    c->state = rc == ATT_OK ? 1 : -1;
    return rc;
}

int att_compare_load(att_compare *c, const char *path, att_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return err->code;
    int rc = att_compare_read(c, fp, att_coded_name(path), err);
    if (!is_stdin)
        fclose(fp);
    return rc;
}
