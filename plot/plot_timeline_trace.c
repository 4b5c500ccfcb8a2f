/* The data of `attune plot timeline` from one trace (or any coded file):
 * each session scored by the scorer `attune score` runs (the coded reader's
 * units "RUN/SESSION"), window all, and the infant's trust at the end of
 * each session read from the trace's infant_trust column. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/param.h"
#include "attune/scorer.h"
#include "base/csvread.h"
#include "base/grow.h"
#include "plot/plot_data.h"

typedef struct unit {
    char *name;                 /* "RUN/SESSION", or "RUN" */
    att_plot_group s;
    double trust;
} unit;

typedef struct trace_reader {
    const char *path;
    att_scorer *sc;
    unit *u;
    size_t n, cap;
    /* the trust pass */
    int run_col, session_col, trust_col, header_done;
    char last[256];
} trace_reader;

static int on_begin(void *user, const char *run, att_error *err)
{
    trace_reader *r = user;
    if (att_grow(&r->u, &r->cap, r->n + 1, sizeof *r->u, err) != ATT_OK)
        return ATT_ENOMEM;
    unit *u = &r->u[r->n];
    *u = (unit){ .name = strdup(run), .trust = NAN };
    if (!u->name)
        return att_error_nomem(err);
    r->n++;
    return att_scorer_begin(r->sc, run, err);
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    trace_reader *r = user;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    return att_scorer_push(r->sc, &st, NULL, err);
}

static int on_end(void *user, double t_end, att_error *err)
{
    trace_reader *r = user;
    att_window_score w;
    int rc = att_scorer_end(r->sc, t_end, NULL, err);
    if (rc == ATT_OK)
        rc = att_scorer_window(r->sc, 0, ATT_SCORE_CUTOFF_S, &w, err);
    if (rc != ATT_OK)
        return rc;
    unit *u = &r->u[r->n - 1];
    u->s = (att_plot_group){ .n = 1, .mean = w.v[ATT_SC_MATCHED_PROP], .lo = NAN, .hi = NAN,
                             .g = NAN, .g_lo = NAN, .g_hi = NAN,
                             .median = w.v[ATT_SC_LATENCY_MEDIAN_S],
                             .median_lo = w.v[ATT_SC_LATENCY_MEDIAN_LO],
                             .median_hi = w.v[ATT_SC_LATENCY_MEDIAN_HI] };
    return ATT_OK;
}

/* ---- trust: the last infant_trust of each unit ---- */

static int trust_row(const att_csv_row *row, void *user, att_error *err)
{
    (void)err;
    trace_reader *r = user;
    if (!r->header_done) {
        r->header_done = 1;
        r->run_col = r->session_col = r->trust_col = -1;
        for (int i = 0; i < row->n; i++) {
            r->run_col = strcmp(row->field[i], "run") == 0 ? i : r->run_col;
            r->session_col = strcmp(row->field[i], "session") == 0 ? i : r->session_col;
            r->trust_col = strcmp(row->field[i], "infant_trust") == 0 ? i : r->trust_col;
        }
        return ATT_OK;
    }
    if (r->trust_col < 0 || r->trust_col >= row->n || r->run_col >= row->n
        || r->session_col >= row->n)
        return ATT_OK;   /* the coded reader has refused ragged rows */
    char name[256];
    if (r->run_col >= 0 && r->session_col >= 0)
        snprintf(name, sizeof name, "%s/%s", row->field[r->run_col], row->field[r->session_col]);
    else if (r->run_col >= 0 || r->session_col >= 0)
        snprintf(name, sizeof name, "%s", row->field[r->run_col >= 0 ? r->run_col
                                                                     : r->session_col]);
    else
        snprintf(name, sizeof name, "%s", r->last);
    double x;
    if (att_parse_double(row->field[r->trust_col], &x) != 0)
        x = NAN;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->u[i].name, name) == 0)
            r->u[i].trust = x;
    return ATT_OK;
}

static int read_trust(trace_reader *r, att_error *err)
{
    if (r->n == 1)   /* a file without a run column: its one unit */
        snprintf(r->last, sizeof r->last, "%s", r->u[0].name);
    FILE *fp = att_csv_open(r->path, err);
    if (!fp)
        return ATT_EINPUT;
    int rc = att_csv_read(fp, r->path, 0, trust_row, r, err);
    fclose(fp);
    return rc;
}

/* ---- lines: one per run, its sessions in order ---- */

/* Whether unit `name` belongs to the run named by the `len` bytes at `run`. */
static int same_run(const char *name, const char *run, size_t len)
{
    return strncmp(name, run, len) == 0 && (name[len] == '/' || name[len] == 0);
}

static int make_lines(trace_reader *r, att_timeline_data *out, att_error *err)
{
    size_t cap = 0;
    int has_trust = r->trust_col >= 0;
    for (size_t i = 0; i < r->n; i++) {
        const char *slash = strrchr(r->u[i].name, '/');
        size_t len = slash ? (size_t)(slash - r->u[i].name) : strlen(r->u[i].name);
        att_plot_line *l = out->n ? &out->line[out->n - 1] : NULL;
        if (!l || strlen(l->label) != len + 4 || !same_run(r->u[i].name, l->label + 4, len)) {
            if (att_grow(&out->line, &cap, out->n + 1, sizeof *out->line, err) != ATT_OK)
                return ATT_ENOMEM;
            l = &out->line[out->n++];
            size_t k = i;   /* this run's units */
            while (k < r->n && same_run(r->u[k].name, r->u[i].name, len))
                k++;
            l->label = malloc(len + 5);
            if (l->label)
                snprintf(l->label, len + 5, "run %.*s", (int)len, r->u[i].name);
            l->s = calloc(k - i, sizeof *l->s);
            l->trust = has_trust ? calloc(k - i, sizeof *l->trust) : NULL;
            l->runs = 1;
            if (!l->label || !l->s || (has_trust && !l->trust))
                return att_error_nomem(err);
        }
        att_plot_group *g = &l->s[l->n];
        *g = r->u[i].s;
        g->name = strdup(slash ? slash + 1 : "1");
        if (!g->name)
            return att_error_nomem(err);
        if (att_parse_double(g->name, &g->x) != 0)
            g->x = (double)(l->n + 1);
        if (l->trust)
            l->trust[l->n] = r->u[i].trust;
        l->n++;
    }
    return ATT_OK;
}

int att_plot_timeline_trace(const char *path, const att_match_table *mt, int table_wins,
                            att_timeline_data *out, att_error *err)
{
    att_error local;
    if (!err)
        err = &local;
    *out = (att_timeline_data){ 0 };
    if (strcmp(path, "-") == 0)
        return att_error_set(err, ATT_EINPUT, "timeline: a trace is read twice; give a "
                             "file, not standard input");
    trace_reader r = { .path = path };
    static const att_coded_hooks hooks = { on_begin, on_row, on_end };
    int rc = (r.sc = att_scorer_new(mt, err)) ? ATT_OK : err->code;
    if (rc == ATT_OK)
        rc = att_coded_read(path, mt, table_wins ? ATT_CODED_TABLE_WINS : 0, &hooks, &r, err);
    if (rc == ATT_OK)
        rc = read_trust(&r, err);
    if (rc == ATT_OK && !(out->window = strdup("all")))
        rc = att_error_nomem(err);
    if (rc == ATT_OK)
        rc = make_lines(&r, out, err);
    for (size_t i = 0; i < r.n; i++)
        free(r.u[i].name);
    free(r.u);
    att_scorer_free(r.sc);
    if (rc != ATT_OK)
        att_plot_timeline_free(out);
    return rc;
}
