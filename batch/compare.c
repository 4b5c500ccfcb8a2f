/* Comparing the conditions of a batch experiment: reading a results CSV,
 * grouping its runs and the statistics of include/attune/compare.h
 * (definitions in docs/COMPARE.md). */
#include <errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/compare.h"
#include "base/csvread.h"
#include "base/csvwrite.h"
#include "base/seed.h"
#include "stats/bootstrap.h"
#include "attune/param.h"
#include "attune/scorer.h"
#include "attune/stats.h"
#include "attune/tally.h"
#include "attune/twosample.h"

/* The largest values a results file can hold: seconds (twice the scorer's
 * range of t, ATT_SCORE_T_MAX), counts (exact in a double), runs. */
#define MAX_SECONDS (2 * ATT_SCORE_T_MAX)
#define MAX_COUNT 9007199254740992.0
#define MAX_RUNS 100000000L

/* Metric indices: the score columns, then the latencies (survival). */
enum { SURV = ATT_SC_COUNT, NMETRIC = ATT_SC_COUNT + 1 };

/* A --metric spec: a metric in one window, or (window NULL) in every one. */
typedef struct spec {
    char *text;
    char *window;
    int metric;
    int used;
} spec;

/* A selected column of the file. */
typedef struct column {
    size_t window;   /* index in windows */
    int metric;      /* score index, or SURV */
    int field;       /* index in the header */
    size_t slot;     /* index among the numeric or the survival columns */
    char *name;      /* "WINDOW.METRIC" as in the header */
} column;

/* The values of one numeric column in one group (missing ones left out). */
typedef struct vec {
    double *v;
    size_t n, cap;
} vec;

typedef struct group {
    char *name;
    long runs;
    vec *vals;          /* per numeric column */
    att_tally **tally;  /* per survival column */
} group;

struct att_compare {
    /* options */
    char *by, *baseline_name;
    spec *specs;
    size_t nspecs;
    int default_specs;
    long boot;
    unsigned long seed;
    double cutoff;
    int (*interrupted)(void);
    /* the header */
    char *path;
    int state;          /* 0 new, 1 read, 2 computed */
    int have_header;
    long header_line;
    int nfields, by_field, exp_field;
    int run_field, runs_field, session_field;   /* -1 where absent */
    int allow_partial;
    /* which runs the file holds (with the run and runs columns) */
    unsigned char *seen;     /* a bit per run number */
    size_t seen_bytes;
    long total_runs;         /* the runs column; -1 before the first row */
    long total_line;         /* its first line */
    long prev_run, prev_session;
    long present;            /* distinct run numbers */
    char missing[160];       /* "runs 5-9 of 20" when some are missing */
    char **windows;
    size_t nwin;
    column *cols;
    size_t ncols, nnum, nsurv;
    /* the runs */
    char *experiment;
    long exp_line;
    group *groups;
    size_t ngroups, capg, last_group;
    long runs;
    /* the results */
    size_t baseline;
    att_compare_row *rows;
    size_t nrows;
};

static const char *const default_metric_names[] = {
    "matched_prop", "ruptures_per_min", "repaired_prop", "repaired_within_2s", "rmst_s",
    "infant_negative_prop", ATT_COMPARE_LATENCY,
};

const char *const *att_compare_default_metrics(size_t *n)
{
    *n = sizeof default_metric_names / sizeof *default_metric_names;
    return default_metric_names;
}

static int nomem(att_error *err)
{
    return att_error_set(err, ATT_ENOMEM, "out of memory");
}

/* Index of a score name, SURV for "repair_latency" (spec) or "latencies"
 * (header, when `header`), or -1. */
static int metric_index(const char *name, int header)
{
    for (int m = 0; m < ATT_SC_COUNT; m++)
        if (strcmp(name, att_score_col_name((att_score_col)m)) == 0)
            return m;
    if (strcmp(name, header ? "latencies" : ATT_COMPARE_LATENCY) == 0)
        return SURV;
    return -1;
}

static const char *metric_name(int m)
{
    return m == SURV ? ATT_COMPARE_LATENCY : att_score_col_name((att_score_col)m);
}

/* Joins names with ", " into buf, ending in "..." when it does not fit. */
static void join(char *buf, size_t cap, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (used + len + 2 + 4 >= cap) {
            snprintf(buf + used, cap - used, "%s...", i ? ", " : "");
            return;
        }
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", names[i]);
    }
}

/* " (did you mean 'X'?)" or "". */
static void did_you_mean(char *buf, size_t cap, const char *word, const char *const *cands,
                         size_t n)
{
    const char *near = att_suggest(word, cands, n);
    if (near)
        snprintf(buf, cap, " (did you mean '%s'?)", near);
    else
        buf[0] = '\0';
}

/* Splits a spec at its last '.': *metric points into `text`, the window
 * (if any) is copied to *window. */
static int split_spec(const char *text, char **window, const char **metric)
{
    const char *dot = strrchr(text, '.');
    *window = NULL;
    *metric = dot ? dot + 1 : text;
    if (dot && !(*window = strndup(text, (size_t)(dot - text))))
        return -1;
    return 0;
}

int att_compare_check_metric(const char *spec_text, att_error *err)
{
    const char *dot = strrchr(spec_text, '.');
    const char *m = dot ? dot + 1 : spec_text;
    if (metric_index(m, 0) >= 0)
        return ATT_OK;
    if (strcmp(m, "latencies") == 0)
        return att_error_set(err, ATT_EINPUT, "--metric %s: the latencies are compared as "
                             "'%s' (Kaplan-Meier and log-rank)", spec_text,
                             ATT_COMPARE_LATENCY);
    const char *names[NMETRIC];
    for (int i = 0; i < NMETRIC; i++)
        names[i] = metric_name(i);
    char hint[160], list[400];
    did_you_mean(hint, sizeof hint, m, names, NMETRIC);
    join(list, sizeof list, names, NMETRIC);
    return att_error_set(err, ATT_EINPUT, "--metric %s: unknown metric '%s'%s; metrics: %s",
                         spec_text, m, hint, list);
}

unsigned long att_compare_seed(unsigned long seed, const char *group_name,
                               const char *column_name)
{
    return att_seed_pair(seed, group_name, column_name);
}

void att_compare_opts_init(att_compare_opts *o)
{
    *o = (att_compare_opts){ .by = "condition", .boot = ATT_COMPARE_BOOT, .seed = 1,
                             .cutoff = ATT_SCORE_CUTOFF_S };
}

/* ---- the object -------------------------------------------------------- */

static void group_free(const att_compare *c, group *g)
{
    free(g->name);
    if (g->vals)
        for (size_t k = 0; k < c->nnum; k++)
            free(g->vals[k].v);
    free(g->vals);
    if (g->tally)
        for (size_t k = 0; k < c->nsurv; k++)
            att_tally_free(g->tally[k]);
    free(g->tally);
}

void att_compare_free(att_compare *c)
{
    if (!c)
        return;
    free(c->by);
    free(c->baseline_name);
    for (size_t i = 0; i < c->nspecs; i++) {
        free(c->specs[i].text);
        free(c->specs[i].window);
    }
    free(c->specs);
    free(c->path);
    for (size_t i = 0; i < c->nwin; i++)
        free(c->windows[i]);
    free(c->windows);
    for (size_t i = 0; i < c->ncols; i++)
        free(c->cols[i].name);
    free(c->cols);
    free(c->experiment);
    free(c->seen);
    for (size_t i = 0; i < c->ngroups; i++)
        group_free(c, &c->groups[i]);
    free(c->groups);
    free(c->rows);
    free(c);
}

att_compare *att_compare_new(const att_compare_opts *opts, att_error *err)
{
    att_compare_opts defaults;
    att_compare_opts_init(&defaults);
    const att_compare_opts *o = opts ? opts : &defaults;
    if (o->boot < 0) {
        att_error_set(err, ATT_EINPUT, "the number of bootstrap resamples must be 0 or more");
        return NULL;
    }
    att_compare *c = calloc(1, sizeof *c);
    if (!c) {
        nomem(err);
        return NULL;
    }
    c->boot = o->boot;
    c->seed = o->seed;
    c->cutoff = o->cutoff;
    c->interrupted = o->interrupted;
    c->allow_partial = o->allow_partial;
    c->total_runs = -1;
    c->by = strdup(o->by ? o->by : "condition");
    c->baseline_name = o->baseline ? strdup(o->baseline) : NULL;
    size_t n = o->nmetrics;
    const char *const *names = o->metrics;
    c->default_specs = !names || n == 0;
    if (c->default_specs)
        names = att_compare_default_metrics(&n);
    c->specs = calloc(n, sizeof *c->specs);
    if (!c->by || (o->baseline && !c->baseline_name) || !c->specs) {
        att_compare_free(c);
        nomem(err);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (att_compare_check_metric(names[i], err) != ATT_OK) {
            att_compare_free(c);
            return NULL;
        }
        spec *s = &c->specs[c->nspecs++];
        const char *m;
        if (!(s->text = strdup(names[i])) || split_spec(names[i], &s->window, &m) != 0) {
            att_compare_free(c);
            nomem(err);
            return NULL;
        }
        s->metric = metric_index(m, 0);
    }
    return c;
}

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
    return metric_index(dot + 1, 1);
}

static int add_column(att_compare *c, size_t w, int metric, int field)
{
    for (size_t i = 0; i < c->ncols; i++)
        if (c->cols[i].window == w && c->cols[i].metric == metric)
            return 0;
    column *nc = realloc(c->cols, (c->ncols + 1) * sizeof *nc);
    if (!nc)
        return -1;
    c->cols = nc;
    column *col = &c->cols[c->ncols];
    const char *suffix = metric == SURV ? "latencies" : metric_name(metric);
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

static int header(reader *r, const att_csv_row *row, att_error *err)
{
    att_compare *c = r->c;
    const char *path = c->path;
    long line = row->line;
    c->have_header = 1;
    c->header_line = line;
    c->nfields = row->n;
    c->by_field = c->exp_field = -1;
    c->run_field = c->runs_field = c->session_field = -1;
    for (int i = 0; i < row->n; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(row->field[i], row->field[j]) == 0)
                return att_error_set(err, ATT_EINPUT, "%s:%ld: column '%s' appears twice", path,
                                     line, row->field[i]);
    /* Windows, in order of first appearance. */
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
        char **nw = realloc(c->windows, (c->nwin + 1) * sizeof *nw);
        if (!nw)
            return nomem(err);
        c->windows = nw;
        if (!(c->windows[c->nwin] = strndup(row->field[i], wlen)))
            return nomem(err);
        c->nwin++;
    }
    if (c->nwin == 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: not a results file of attune batch: no "
                             "window columns (WINDOW.METRIC, such as all.matched_prop)", path,
                             line);
    if (!(r->field_of = malloc(c->nwin * NMETRIC * sizeof *r->field_of)))
        return nomem(err);
    for (size_t i = 0; i < c->nwin * NMETRIC; i++)
        r->field_of[i] = -1;
    const char **plain = malloc((size_t)row->n * sizeof *plain);
    if (!plain)
        return nomem(err);
    size_t nplain = 0;
    for (int i = 0; i < row->n; i++) {
        size_t wlen;
        int m = window_column(row->field[i], &wlen);
        if (m < 0) {
            plain[nplain++] = row->field[i];
            if (strcmp(row->field[i], c->by) == 0)
                c->by_field = i;
            if (strcmp(row->field[i], "experiment") == 0)
                c->exp_field = i;
            if (strcmp(row->field[i], "run") == 0)
                c->run_field = i;
            if (strcmp(row->field[i], "runs") == 0)
                c->runs_field = i;
            if (strcmp(row->field[i], "session") == 0)
                c->session_field = i;
            continue;
        }
        for (size_t w = 0; w < c->nwin; w++)
            if (strlen(c->windows[w]) == wlen && strncmp(c->windows[w], row->field[i], wlen) == 0)
                r->field_of[w * NMETRIC + (size_t)m] = i;
    }
    if (c->by_field < 0) {
        int rc;
        size_t wlen;
        if (window_column(c->by, &wlen) >= 0) {
            rc = att_error_set(err, ATT_EINPUT, "--by %s: a window column; group by a column "
                               "such as condition or a parameter", c->by);
        } else {
            char hint[160], list[320];
            did_you_mean(hint, sizeof hint, c->by, plain, nplain);
            join(list, sizeof list, plain, nplain);
            rc = att_error_set(err, ATT_EINPUT, "%s:%ld: no column '%s' to group by%s; columns "
                               "to group by: %s", path, line, c->by, hint,
                               nplain ? list : "(none)");
        }
        free(plain);
        return rc;
    }
    free(plain);
    /* The selected columns: window by window, in the order of the specs. */
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
                return nomem(err);
        }
    }
    for (size_t k = 0; k < c->nspecs && !c->default_specs; k++) {
        const spec *s = &c->specs[k];
        if (s->used)
            continue;
        const char *col = s->metric == SURV ? "latencies" : metric_name(s->metric);
        size_t w = 0;
        while (s->window && w < c->nwin && strcmp(s->window, c->windows[w]) != 0)
            w++;
        if (s->window && w == c->nwin) {
            char hint[160], list[320];
            did_you_mean(hint, sizeof hint, s->window, (const char *const *)c->windows, c->nwin);
            join(list, sizeof list, (const char *const *)c->windows, c->nwin);
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
    if (c->ngroups == c->capg) {
        size_t cap = c->capg ? 2 * c->capg : 8;
        group *ng = realloc(c->groups, cap * sizeof *ng);
        if (!ng)
            return NULL;
        c->groups = ng;
        c->capg = cap;
    }
    group *g = &c->groups[c->ngroups];
    *g = (group){ .name = strdup(name), .vals = calloc(c->nnum + 1, sizeof *g->vals),
                  .tally = calloc(c->nsurv + 1, sizeof *g->tally) };
    int ok = g->name && g->vals && g->tally;
    for (size_t k = 0; ok && k < c->nsurv; k++)
        ok = (g->tally[k] = att_tally_new()) != NULL;
    if (!ok) {
        group_free(c, g);
        return NULL;
    }
    c->last_group = c->ngroups++;
    return g;
}

static int push(vec *v, double x)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        double *nv = realloc(v->v, cap * sizeof *nv);
        if (!nv)
            return -1;
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = x;
    return 0;
}

/* Adds the latencies field `s` ("0.3 1.2 4.5+") to tally `t`. */
static int parse_latencies(const att_compare *c, const column *col, long line, const char *s,
                           att_tally *t, att_error *err)
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
            ok = ok && att_parse_double(tok, &x) == 0 && x <= MAX_SECONDS && att_us(x) > 0;
        }
        if (!ok)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: %s: malformed latency '%.*s' (expected "
                                 "seconds above 0 and at most 8e9 separated by spaces, '+' "
                                 "after a censored one)", c->path, line, col->name, (int)(len > 40 ? 40 : len), s);
        if (att_tally_add(t, att_us(x), !censored, 1) != 0)
            return nomem(err);
        s += len;
    }
    return ATT_OK;
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

/* A whole number in 1..MAX_RUNS written as plain digits, or -1. */
static long run_number(const char *s)
{
    long v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > MAX_RUNS)
            return -1;
        v = 10 * v + (*s - '0');
    }
    return v >= 1 && v <= MAX_RUNS ? v : -1;
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
    if (byte >= c->seen_bytes) {
        size_t n = c->seen_bytes ? c->seen_bytes : 64;
        while (n <= byte)
            n *= 2;
        unsigned char *seen = realloc(c->seen, n);
        if (!seen)
            return nomem(err);
        memset(seen + c->seen_bytes, 0, n - c->seen_bytes);
        c->seen = seen;
        c->seen_bytes = n;
    }
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
                return nomem(err);
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
        return nomem(err);
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
            return nomem(err);
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
        return nomem(err);
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

/* ---- statistics -------------------------------------------------------- */

static double mean_of(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return n ? s / (double)n : NAN;
}

static double sd_of(const double *x, size_t n, double mean)
{
    if (n < 2)
        return NAN;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - mean) * (x[i] - mean);
    return sqrt(s / (double)(n - 1));
}

/* The mean of one resample of x (stats/bootstrap.h). */
static int resample_mean(void *ctx, const size_t *rows, double *out, att_error *err)
{
    (void)err;
    const vec *x = ctx;
    double s = 0;
    for (size_t i = 0; i < x->n; i++)
        s += x->v[rows[i]];
    *out = s / (double)x->n;
    return ATT_OK;
}

/* The percentile interval of the mean over `boot` resamples of x, drawn
 * from `rng` seeded with `seed`; `work` has room for `boot` values. */
static int bootstrap(const vec *x, long boot, unsigned long seed, gsl_rng *rng, double *work,
                     double *lo, double *hi, att_error *err)
{
    *lo = *hi = NAN;
    if (x->n < 2 || boot <= 0)
        return ATT_OK;
    size_t *rows = malloc(x->n * sizeof *rows);
    if (!rows)
        return nomem(err);
    att_boot b = { .nsamples = 1, .size = &x->n, .stat = resample_mean, .ctx = (void *)x,
                   .width = 1 };
    int rc = att_boot_run(&b, rng, seed, boot, rows, work, err);
    free(rows);
    double a = (1 - ATT_COMPARE_CONF) / 2;
    if (rc == ATT_OK)
        att_boot_interval(work, (size_t)boot, a, 1 - a, lo, hi);
    return rc;
}

static att_compare_row blank_row(att_compare_kind kind, const char *window, const char *metric)
{
    return (att_compare_row){
        .kind = kind, .window = window, .metric = metric, .n = 0,
        .mean = NAN, .sd = NAN, .boot_lo = NAN, .boot_hi = NAN, .diff = NAN,
        .g = NAN, .g_lo = NAN, .g_hi = NAN,
        .welch_t = NAN, .welch_df = NAN, .welch_p = NAN, .welch_p_holm = NAN,
        .mw_u = NAN, .mw_p = NAN, .mw_p_holm = NAN, .ruptures = -1, .repairs = -1,
        .km_median = NAN, .km_median_lo = NAN, .km_median_hi = NAN, .within_2s = NAN,
        .rmst = NAN, .logrank_chisq = NAN, .logrank_df = NAN, .logrank_p = NAN,
        .logrank_p_holm = NAN,
    };
}

static int metric_rows(att_compare *c, const column *col, gsl_rng *rng, double *work,
                       att_error *err)
{
    const vec *y = &c->groups[c->baseline].vals[col->slot];
    for (size_t gi = 0; gi < c->ngroups; gi++) {
        const group *g = &c->groups[gi];
        const vec *x = &g->vals[col->slot];
        att_compare_row *row = &c->rows[c->nrows++];
        *row = blank_row(ATT_COMPARE_METRIC, c->windows[col->window], metric_name(col->metric));
        row->group = g->name;
        row->baseline = gi == c->baseline;
        row->n = (long)x->n;
        row->mean = mean_of(x->v, x->n);
        row->sd = sd_of(x->v, x->n, row->mean);
        int rc = bootstrap(x, c->boot, att_compare_seed(c->seed, g->name, col->name), rng, work,
                           &row->boot_lo, &row->boot_hi, err);
        if (rc != ATT_OK)
            return rc;
        if (row->baseline || x->n == 0 || y->n == 0)
            continue;
        att_welch w;
        att_welch_test(x->v, x->n, y->v, y->n, &w);
        row->diff = w.diff;
        row->welch_t = w.t;
        row->welch_df = w.df;
        row->welch_p = w.p;
        att_hedges h;
        att_hedges_g(x->v, x->n, y->v, y->n, ATT_COMPARE_CONF, &h);
        row->g = h.g;
        row->g_lo = h.lo;
        row->g_hi = h.hi;
        att_mann_whitney mw;
        if (att_mann_whitney_test(x->v, x->n, y->v, y->n, &mw) != ATT_OK)
            return nomem(err);
        row->mw_u = mw.u;
        row->mw_p = mw.p;
    }
    return ATT_OK;
}

static att_km_group km_group(const att_tally *t)
{
    return (att_km_group){ att_tally_times(t), att_tally_events(t), att_tally_censored(t),
                           att_tally_size(t) };
}

static int survival_rows(att_compare *c, const column *col, att_error *err)
{
    const char *window = c->windows[col->window];
    const att_tally *base = c->groups[c->baseline].tally[col->slot];
    att_km_group *kg = malloc((c->ngroups + 1) * sizeof *kg);
    if (!kg)
        return nomem(err);
    size_t k = 0;
    long ruptures = 0, repairs = 0;
    for (size_t gi = 0; gi < c->ngroups; gi++) {
        const group *g = &c->groups[gi];
        const att_tally *t = g->tally[col->slot];
        att_compare_row *row = &c->rows[c->nrows++];
        *row = blank_row(ATT_COMPARE_SURVIVAL, window, ATT_COMPARE_LATENCY);
        row->group = g->name;
        row->baseline = gi == c->baseline;
        row->n = g->runs;
        att_km_summary km;
        if (att_km_summarise(att_tally_times(t), att_tally_events(t), att_tally_censored(t),
                             att_tally_size(t), ATT_SCORE_WITHIN_S, c->cutoff, ATT_COMPARE_CONF,
                             &km) != 0) {
            free(kg);
            return nomem(err);
        }
        row->ruptures = km.n;
        row->repairs = km.events;
        row->km_median = km.median;
        row->km_median_lo = km.median_lo;
        row->km_median_hi = km.median_hi;
        row->within_2s = isnan(km.surv_at) ? NAN : 1 - km.surv_at;
        row->rmst = km.rmst;
        ruptures += km.n;
        repairs += km.events;
        if (att_tally_size(t) > 0)
            kg[k++] = km_group(t);
        if (row->baseline || att_tally_size(t) == 0 || att_tally_size(base) == 0)
            continue;
        att_km_group two[2] = { km_group(t), km_group(base) };
        if (att_logrank_test(two, 2, NULL, NULL, &row->logrank_chisq, &row->logrank_df,
                             &row->logrank_p) != ATT_OK) {
            free(kg);
            return nomem(err);
        }
    }
    att_compare_row *all = &c->rows[c->nrows++];
    *all = blank_row(ATT_COMPARE_OVERALL, window, ATT_COMPARE_LATENCY);
    all->n = c->runs;
    all->ruptures = ruptures;
    all->repairs = repairs;
    int rc = ATT_OK;
    if (k >= 2 && att_logrank_test(kg, k, NULL, NULL, &all->logrank_chisq, &all->logrank_df,
                                   &all->logrank_p) != ATT_OK)
        rc = nomem(err);
    free(kg);
    return rc;
}

/* Holm over one p-value field of the non-baseline rows of `kind`. */
static int holm(att_compare *c, att_compare_kind kind, size_t p_off, size_t adj_off,
                att_error *err)
{
    double *p = malloc((c->nrows + 1) * sizeof *p);
    size_t *at = malloc((c->nrows + 1) * sizeof *at);
    size_t n = 0;
    int rc = ATT_OK;
    if (!p || !at) {
        rc = nomem(err);
        goto done;
    }
    for (size_t i = 0; i < c->nrows; i++) {
        if (c->rows[i].kind != kind || c->rows[i].baseline)
            continue;
        memcpy(&p[n], (const char *)&c->rows[i] + p_off, sizeof(double));
        at[n++] = i;
    }
    if (n > 0 && att_holm_adjust(p, n, p) != ATT_OK) {
        rc = nomem(err);
        goto done;
    }
    for (size_t j = 0; j < n; j++)
        memcpy((char *)&c->rows[at[j]] + adj_off, &p[j], sizeof(double));
done:
    free(p);
    free(at);
    return rc;
}

int att_compare_compute(att_compare *c, att_error *err)
{
    if (c->state != 1)
        return att_error_set(err, ATT_EINTERNAL, "att_compare_compute: %s",
                             c->state == 2 ? "already computed" : "no results read");
    c->baseline = 0;
    if (c->baseline_name) {
        size_t i = 0;
        while (i < c->ngroups && strcmp(c->groups[i].name, c->baseline_name) != 0)
            i++;
        if (i == c->ngroups) {
            const char **names = malloc(c->ngroups * sizeof *names);
            if (!names)
                return nomem(err);
            for (size_t k = 0; k < c->ngroups; k++)
                names[k] = c->groups[k].name;
            char hint[160], list[320];
            did_you_mean(hint, sizeof hint, c->baseline_name, names, c->ngroups);
            join(list, sizeof list, names, c->ngroups);
            free(names);
            return att_error_set(err, ATT_EINPUT, "--baseline %s: no group '%s' in column %s of "
                                 "%s%s; groups: %s", c->baseline_name, c->baseline_name, c->by,
                                 c->path, hint, list);
        }
        c->baseline = i;
    }
    size_t cap = c->nnum * c->ngroups + c->nsurv * (c->ngroups + 1);
    c->rows = malloc((cap + 1) * sizeof *c->rows);
    double *work = malloc(((size_t)c->boot + 1) * sizeof *work);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = ATT_OK;
    if (!c->rows || !work || !rng) {
        rc = nomem(err);
        goto done;
    }
    c->nrows = 0;
    for (size_t k = 0; k < c->ncols && rc == ATT_OK; k++) {
        if (c->interrupted && c->interrupted()) {
            rc = att_error_set(err, ATT_EIO, "interrupted; nothing written");
            break;
        }
        const column *col = &c->cols[k];
        rc = col->metric == SURV ? survival_rows(c, col, err)
                                 : metric_rows(c, col, rng, work, err);
    }
    if (rc == ATT_OK)
        rc = holm(c, ATT_COMPARE_METRIC, offsetof(att_compare_row, welch_p),
                  offsetof(att_compare_row, welch_p_holm), err);
    if (rc == ATT_OK)
        rc = holm(c, ATT_COMPARE_METRIC, offsetof(att_compare_row, mw_p),
                  offsetof(att_compare_row, mw_p_holm), err);
    if (rc == ATT_OK)
        rc = holm(c, ATT_COMPARE_SURVIVAL, offsetof(att_compare_row, logrank_p),
                  offsetof(att_compare_row, logrank_p_holm), err);
done:
    free(work);
    gsl_rng_free(rng);
    if (rc == ATT_OK)
        c->state = 2;
    else
        c->nrows = 0;
    return rc;
}

/* ---- results ----------------------------------------------------------- */

const att_compare_row *att_compare_rows(const att_compare *c, size_t *n)
{
    *n = c->state == 2 ? c->nrows : 0;
    return c->rows;
}

const char *att_compare_experiment(const att_compare *c)
{
    return c->experiment ? c->experiment : "";
}

const char *att_compare_by(const att_compare *c)
{
    return c->by;
}

long att_compare_run_count(const att_compare *c)
{
    return c->runs;
}

size_t att_compare_group_count(const att_compare *c)
{
    return c->ngroups;
}

const char *att_compare_group_name(const att_compare *c, size_t i)
{
    return i < c->ngroups ? c->groups[i].name : NULL;
}

long att_compare_group_runs(const att_compare *c, size_t i)
{
    return i < c->ngroups ? c->groups[i].runs : 0;
}

size_t att_compare_baseline(const att_compare *c)
{
    return c->baseline;
}

size_t att_compare_family_size(const att_compare *c, att_compare_family f)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nrows && c->state == 2; i++) {
        const att_compare_row *r = &c->rows[i];
        if (r->baseline)
            continue;
        double p = f == ATT_COMPARE_WELCH ? r->welch_p
                   : f == ATT_COMPARE_MANN_WHITNEY ? r->mw_p
                   : r->kind == ATT_COMPARE_SURVIVAL ? r->logrank_p : NAN;
        if ((f == ATT_COMPARE_LOGRANK) == (r->kind == ATT_COMPARE_SURVIVAL) && !isnan(p))
            n++;
    }
    return n;
}

/* ---- writing: CSV ------------------------------------------------------ */

static const char csv_header[] =
    "window,metric,group,baseline,n,mean,sd,boot_lo,boot_hi,diff,hedges_g,g_lo,g_hi,"
    "welch_t,welch_df,welch_p,welch_p_holm,mw_u,mw_p,mw_p_holm,"
    "ruptures,repairs,km_median,km_median_lo,km_median_hi,within_2s,rmst,"
    "logrank_chisq,logrank_df,logrank_p,logrank_p_holm\n";

static void put_num(FILE *fp, double x)
{
    putc(',', fp);
    if (isfinite(x))
        fprintf(fp, "%.10g", x);
}

static void put_count(FILE *fp, long x)
{
    putc(',', fp);
    if (x >= 0)
        fprintf(fp, "%ld", x);
}

static void csv_row(FILE *fp, const att_compare_row *r)
{
    att_csv_put_field(fp, r->window);
    putc(',', fp);
    att_csv_put_field(fp, r->metric);
    putc(',', fp);
    if (r->group)
        att_csv_put_field(fp, r->group);
    putc(',', fp);
    if (r->kind != ATT_COMPARE_OVERALL)
        putc(r->baseline ? '1' : '0', fp);
    put_count(fp, r->n);
    const double stats[] = { r->mean, r->sd, r->boot_lo, r->boot_hi, r->diff, r->g, r->g_lo,
                             r->g_hi, r->welch_t, r->welch_df, r->welch_p, r->welch_p_holm,
                             r->mw_u, r->mw_p, r->mw_p_holm };
    for (size_t i = 0; i < sizeof stats / sizeof *stats; i++)
        put_num(fp, stats[i]);
    put_count(fp, r->ruptures);
    put_count(fp, r->repairs);
    const double surv[] = { r->km_median, r->km_median_lo, r->km_median_hi, r->within_2s, r->rmst,
                            r->logrank_chisq, r->logrank_df, r->logrank_p, r->logrank_p_holm };
    for (size_t i = 0; i < sizeof surv / sizeof *surv; i++)
        put_num(fp, surv[i]);
    putc('\n', fp);
}

/* ---- writing: table ---------------------------------------------------- */

enum { MCOLS = 15, SCOLS = 11, CELL = 64 };

static const char *const metric_head[MCOLS] = {
    "  group", "n", "mean", "sd", "bootstrap 95%", "diff", "g", "g 95%",
    "welch t", "df", "p", "holm", "mw U", "p", "holm",
};
static const char *const surv_head[SCOLS] = {
    "  group", "runs", "ruptures", "repairs", "median", "median 95%", "within_2s", "rmst",
    "chisq", "p", "holm",
};

static void fixed(char *buf, size_t cap, double x, int decimals)
{
    if (isfinite(x))
        snprintf(buf, cap, "%.*f", decimals, x);
    else
        snprintf(buf, cap, "-");
}

static void cell_num(char *buf, double x, int decimals)
{
    fixed(buf, CELL, x, decimals);
}

static void cell_p(char *buf, double p)
{
    if (isnan(p))
        snprintf(buf, CELL, "-");
    else if (p < 0.001)
        snprintf(buf, CELL, "<0.001");
    else
        snprintf(buf, CELL, "%.3f", p);
}

static void cell_interval(char *buf, double lo, double hi, int decimals)
{
    if (isnan(lo) && isnan(hi)) {
        snprintf(buf, CELL, "-");
        return;
    }
    char a[CELL / 2 - 4], b[CELL / 2 - 4];
    fixed(a, sizeof a, lo, decimals);
    fixed(b, sizeof b, hi, decimals);
    snprintf(buf, CELL, "[%s, %s]", a, b);
}

static void metric_cells(const att_compare_row *r, char cells[MCOLS][CELL])
{
    cells[0][0] = '\0';   /* the group: print_row writes it */
    snprintf(cells[1], CELL, "%ld", r->n);
    cell_num(cells[2], r->mean, 3);
    cell_num(cells[3], r->sd, 3);
    cell_interval(cells[4], r->boot_lo, r->boot_hi, 3);
    for (int i = 5; i < MCOLS; i++)
        cells[i][0] = '\0';
    if (r->baseline)
        return;
    cell_num(cells[5], r->diff, 3);
    cell_num(cells[6], r->g, 2);
    cell_interval(cells[7], r->g_lo, r->g_hi, 2);
    cell_num(cells[8], r->welch_t, 2);
    cell_num(cells[9], r->welch_df, 1);
    cell_p(cells[10], r->welch_p);
    cell_p(cells[11], r->welch_p_holm);
    cell_num(cells[12], r->mw_u, 1);
    cell_p(cells[13], r->mw_p);
    cell_p(cells[14], r->mw_p_holm);
}

static void surv_cells(const att_compare_row *r, char cells[SCOLS][CELL])
{
    cells[0][0] = '\0';   /* the group: print_row writes it */
    snprintf(cells[1], CELL, "%ld", r->n);
    snprintf(cells[2], CELL, "%ld", r->ruptures);
    snprintf(cells[3], CELL, "%ld", r->repairs);
    cell_num(cells[4], r->km_median, 3);
    cell_interval(cells[5], r->km_median_lo, r->km_median_hi, 3);
    cell_num(cells[6], r->within_2s, 3);
    cell_num(cells[7], r->rmst, 3);
    for (int i = 8; i < SCOLS; i++)
        cells[i][0] = '\0';
    if (r->baseline)
        return;
    cell_num(cells[8], r->logrank_chisq, 3);
    cell_p(cells[9], r->logrank_p);
    cell_p(cells[10], r->logrank_p_holm);
}

/* Column widths over the header and every row of one kind; the group
 * column's width over the group names. */
static void widths(const att_compare *c, att_compare_kind kind, int *w, int ncols)
{
    const char *const *head = kind == ATT_COMPARE_METRIC ? metric_head : surv_head;
    for (int i = 0; i < ncols; i++)
        w[i] = (int)strlen(head[i]);
    for (size_t i = 0; i < c->nrows; i++) {
        const att_compare_row *r = &c->rows[i];
        if (r->kind != kind)
            continue;
        char cells[MCOLS][CELL];
        if (kind == ATT_COMPARE_METRIC)
            metric_cells(r, cells);
        else
            surv_cells(r, cells);
        for (int k = 1; k < ncols; k++)
            if ((int)strlen(cells[k]) > w[k])
                w[k] = (int)strlen(cells[k]);
        if ((int)strlen(r->group) + 2 > w[0])
            w[0] = (int)strlen(r->group) + 2;
    }
}

static void table_line(FILE *fp, const char *const *cells, const int *w, int ncols)
{
    fprintf(fp, "%-*s", w[0], cells[0]);
    for (int k = 1; k < ncols; k++)
        fprintf(fp, "  %*s", w[k], cells[k]);
    putc('\n', fp);
}

static void print_row(FILE *fp, const att_compare_row *r, const int *w, int ncols)
{
    char cells[MCOLS][CELL];
    if (r->kind == ATT_COMPARE_METRIC)
        metric_cells(r, cells);
    else
        surv_cells(r, cells);
    /* A baseline row ends after its own statistics. */
    int shown = ncols;
    while (shown > 1 && cells[shown - 1][0] == '\0')
        shown--;
    fprintf(fp, "%c %-*s", r->baseline ? '*' : ' ', shown > 1 ? w[0] - 2 : 0, r->group);
    for (int k = 1; k < shown; k++)
        fprintf(fp, "  %*s", w[k], cells[k]);
    putc('\n', fp);
}

static void write_table(const att_compare *c, FILE *fp)
{
    int mw[MCOLS], sw[SCOLS];
    widths(c, ATT_COMPARE_METRIC, mw, MCOLS);
    widths(c, ATT_COMPARE_SURVIVAL, sw, SCOLS);
    if (sw[0] > mw[0])
        mw[0] = sw[0];
    sw[0] = mw[0];
    const char *exp = att_compare_experiment(c);
    fprintf(fp, "%s%s%s: %ld runs in %zu groups by %s; * = baseline (%s)\n", c->path,
            *exp ? ", experiment " : "", exp, c->runs, c->ngroups, c->by,
            c->groups[c->baseline].name);
    fprintf(fp, "per group: mean, sd and a 95%% bootstrap interval of the mean (%ld resamples "
            "of runs);\nversus the baseline: diff = mean - baseline mean, Hedges' g [95%%], "
            "Welch's t-test,\nMann-Whitney U; p two-sided; holm = Holm-adjusted over the %zu "
            "Welch, %zu Mann-Whitney\nand %zu log-rank tests below.\n", c->boot,
            att_compare_family_size(c, ATT_COMPARE_WELCH),
            att_compare_family_size(c, ATT_COMPARE_MANN_WHITNEY),
            att_compare_family_size(c, ATT_COMPARE_LOGRANK));
    for (size_t i = 0; i < c->nrows; i++) {
        const att_compare_row *r = &c->rows[i];
        int first = i == 0 || strcmp(c->rows[i - 1].metric, r->metric) != 0
                    || strcmp(c->rows[i - 1].window, r->window) != 0;
        if (r->kind == ATT_COMPARE_OVERALL) {
            if (isnan(r->logrank_p))
                fprintf(fp, "log-rank test of all groups: undefined (fewer than two groups with "
                        "ruptures)\n");
            else {
                char p[CELL];
                cell_p(p, r->logrank_p);
                fprintf(fp, "log-rank test of all groups with ruptures: chisq %.3f, df %.0f, "
                        "p %s\n", r->logrank_chisq, r->logrank_df, p);
            }
            continue;
        }
        if (first) {
            if (r->kind == ATT_COMPARE_METRIC) {
                fprintf(fp, "\n%s: %s\n", r->window, r->metric);
                table_line(fp, metric_head, mw, MCOLS);
            } else {
                fprintf(fp, "\n%s: %s (Kaplan-Meier over the group's ruptures; log-rank test "
                        "versus the baseline)\n", r->window, r->metric);
                table_line(fp, surv_head, sw, SCOLS);
            }
        }
        if (r->kind == ATT_COMPARE_METRIC)
            print_row(fp, r, mw, MCOLS);
        else
            print_row(fp, r, sw, SCOLS);
    }
}

int att_compare_write(const att_compare *c, FILE *fp, att_format fmt, att_error *err)
{
    if (c->state != 2)
        return att_error_set(err, ATT_EINTERNAL, "att_compare_write: nothing computed");
    if (fmt == ATT_FORMAT_CSV) {
        fputs(csv_header, fp);
        for (size_t i = 0; i < c->nrows; i++)
            csv_row(fp, &c->rows[i]);
    } else if (fmt == ATT_FORMAT_TABLE) {
        write_table(c, fp);
    } else {
        return att_error_set(err, ATT_EINPUT, "compare writes table or csv");
    }
    errno = 0;
    if (fflush(fp) != 0 || ferror(fp))
        return att_error_set(err, ATT_EIO, "write error%s%s", errno ? ": " : "",
                             errno ? strerror(errno) : "");
    return ATT_OK;
}
