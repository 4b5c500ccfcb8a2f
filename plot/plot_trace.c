/* The trace figure (attune plot trace): reads one run of a trace or an
 * observer's coded file twice, first through the coded reader (codes,
 * matched, phases, infant arousal, each row fed to the library's scorer,
 * whose ruptures are the ones drawn), then through the CSV reader for the
 * columns the coded reader does not keep (caregiver arousal, the infant's
 * gaze, affect and behaviour); plot_trace_draw.c draws it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/param.h"
#include "attune/scorer.h"
#include "base/csvread.h"
#include "base/grow.h"
#include "plot/plot_trace.h"

/* ---- pass 1: the coded reader and the scorer ---- */

typedef struct pass1 {
    att_ptrace_data *d;
    const att_plot_opts *o;
    att_scorer *sc;
    int active, done;
} pass1;

/* 1 when run `run` is the one asked for. */
static int wanted(const att_plot_opts *o, const char *run)
{
    if (o->session > 0) {
        char want[600];
        if (o->run) {
            snprintf(want, sizeof want, "%s/%ld", o->run, o->session);
            return strcmp(run, want) == 0;
        }
        snprintf(want, sizeof want, "/%ld", o->session);
        size_t n = strlen(run), k = strlen(want);
        return n > k && strcmp(run + n - k, want) == 0;
    }
    return !o->run || strcmp(run, o->run) == 0;
}

static int intern(att_ptrace_cats *c, const char *name, int *idx, att_error *err)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->name[i], name) == 0) {
            *idx = (int)i;
            return ATT_OK;
        }
    if (att_grow(&c->name, &c->cap, c->n + 1, sizeof *c->name, err) != ATT_OK)
        return ATT_ENOMEM;
    if (!(c->name[c->n] = strdup(name)))
        return att_error_nomem(err);
    *idx = (int)c->n++;
    return ATT_OK;
}

static int on_rupture(const att_rupture *r, void *user, att_error *err)
{
    att_ptrace_data *d = user;
    if (att_grow(&d->ruptures, &d->rcap, d->nruptures + 1, sizeof *d->ruptures, err) != ATT_OK)
        return ATT_ENOMEM;
    d->ruptures[d->nruptures++] = (att_ptrace_rupture){ r->start, r->start + r->latency,
                                                       r->censored };
    return ATT_OK;
}

static int on_run_begin(void *user, const char *run, att_error *err)
{
    pass1 *p = user;
    p->active = !p->done && wanted(p->o, run);
    if (!p->active)
        return ATT_OK;
    snprintf(p->d->run, sizeof p->d->run, "%s", run);
    return att_scorer_begin(p->sc, run, err);
}

/* Makes room for row n of every per-row array. */
static int grow_rows(att_ptrace_data *d, att_error *err)
{
    size_t cap = d->cap;
    if (d->n < cap)
        return ATT_OK;
    int rc = ATT_OK;
    size_t c;
#define GROW(a) (c = cap, rc = rc ? rc : att_grow(&(a), &c, d->n + 1, sizeof *(a), err))
    GROW(d->t), GROW(d->infant), GROW(d->caregiver), GROW(d->matched);
    GROW(d->infant_arousal), GROW(d->caregiver_arousal);
    for (int k = 0; k < ATT_PT_NCATS; k++)
        GROW(d->cat[k]);
#undef GROW
    if (rc == ATT_OK)
        d->cap = c;
    return rc;
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    pass1 *p = user;
    att_ptrace_data *d = p->d;
    if (!p->active)
        return ATT_OK;
    if (grow_rows(d, err) != ATT_OK)
        return ATT_ENOMEM;
    size_t i = d->n;
    d->t[i] = row->t;
    d->infant[i] = row->infant, d->caregiver[i] = row->caregiver, d->matched[i] = row->matched;
    d->infant_arousal[i] = row->infant_arousal;
    d->caregiver_arousal[i] = NAN;
    for (int k = 0; k < ATT_PT_NCATS; k++)
        d->cat[k][i] = -1;
    int rc;
    if (*row->phase
        && (rc = intern(&d->cats[ATT_PT_PHASE], row->phase, &d->cat[ATT_PT_PHASE][i], err)))
        return rc;
    d->n++;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    return att_scorer_push(p->sc, &st, NULL, err);
}

static int on_run_end(void *user, double t_end, att_error *err)
{
    pass1 *p = user;
    if (!p->active)
        return ATT_OK;
    p->active = 0;
    p->done = 1;
    p->d->t_end = t_end;
    return att_scorer_end(p->sc, t_end, NULL, err);
}

static int read_codes(const char *path, int table_wins, const att_plot_opts *o,
                      att_ptrace_data *d, att_error *err)
{
    att_scorer *sc = att_scorer_new(d->mt, err);
    if (!sc)
        return err ? err->code : ATT_ENOMEM;
    att_scorer_on_rupture(sc, on_rupture, d);
    pass1 p = { d, o, sc, 0, 0 };
    const att_coded_hooks hooks = { on_run_begin, on_row, on_run_end };
    int rc = att_coded_read(path, d->mt, table_wins ? ATT_CODED_TABLE_WINS : 0, &hooks, &p, err);
    att_scorer_free(sc);
    if (rc == ATT_OK && !p.done) {
        char what[700];
        if (o->session > 0)
            snprintf(what, sizeof what, "session %ld%s%.500s", o->session, o->run ? " of run " : "",
                     o->run ? o->run : "");
        else
            snprintf(what, sizeof what, "run '%.500s'", o->run ? o->run : "");
        rc = att_error_set(err, ATT_EINPUT, "%s: no %s in the file", att_coded_name(path), what);
    }
    return rc;
}

/* ---- pass 2: the other columns, through the CSV reader ---- */

enum { C_RUN, C_SESSION, C_CG_AROUSAL, C_GAZE, C_AFFECT, C_BEHAVIOUR, C_COUNT };
static const char *const pass2_cols[C_COUNT] = {
    "run", "session", "caregiver_arousal", "infant_gaze", "infant_affect", "infant_behavior"
};

typedef struct pass2 {
    att_ptrace_data *d;
    const char *path;
    char default_run[256];
    int col[C_COUNT];
    int header;
    size_t k;   /* rows of the run seen */
} pass2;

static int read_header(pass2 *p, const att_csv_row *row)
{
    for (int c = 0; c < C_COUNT; c++)
        p->col[c] = -1;
    for (int i = 0; i < row->n; i++)
        for (int c = 0; c < C_COUNT; c++)
            if (p->col[c] < 0 && strcmp(row->field[i], pass2_cols[c]) == 0)
                p->col[c] = i;
    p->d->has_caregiver_arousal = p->col[C_CG_AROUSAL] >= 0;
    p->d->has[ATT_PT_GAZE] = p->col[C_GAZE] >= 0;
    p->d->has[ATT_PT_AFFECT] = p->col[C_AFFECT] >= 0;
    p->d->has[ATT_PT_BEHAVIOUR] = p->col[C_BEHAVIOUR] >= 0;
    p->header = 1;
    return ATT_OK;
}

/* The run a row belongs to, named as the coded reader names it. */
static const char *row_run(const pass2 *p, const att_csv_row *row, char *buf, size_t cap)
{
    int rc = p->col[C_RUN] >= 0 ? p->col[C_RUN] : p->col[C_SESSION];
    if (rc < 0)
        return p->default_run;
    if (p->col[C_RUN] >= 0 && p->col[C_SESSION] >= 0) {
        snprintf(buf, cap, "%.250s/%.250s", row->field[p->col[C_RUN]],
                 row->field[p->col[C_SESSION]]);
        return buf;
    }
    return row->field[rc];
}

static int pass2_row(const att_csv_row *row, void *user, att_error *err)
{
    pass2 *p = user;
    att_ptrace_data *d = p->d;
    if (!p->header)
        return read_header(p, row);
    char buf[512];
    if (p->k >= d->n || strcmp(row_run(p, row, buf, sizeof buf), d->run) != 0)
        return ATT_OK;
    size_t i = p->k++;
    if (p->col[C_CG_AROUSAL] >= 0 && row->field[p->col[C_CG_AROUSAL]][0]) {
        int bad = att_parse_double(row->field[p->col[C_CG_AROUSAL]], &d->caregiver_arousal[i]);
        if (bad)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: caregiver_arousal '%.40s' %s",
                                 att_coded_name(p->path), row->line,
                                 row->field[p->col[C_CG_AROUSAL]], att_number_problem(bad));
    }
    static const int cols[] = { C_GAZE, C_AFFECT, C_BEHAVIOUR };
    static const int kinds[] = { ATT_PT_GAZE, ATT_PT_AFFECT, ATT_PT_BEHAVIOUR };
    for (int c = 0; c < 3; c++) {
        const char *v = p->col[cols[c]] >= 0 ? row->field[p->col[cols[c]]] : "";
        int rc = *v ? intern(&d->cats[kinds[c]], v, &d->cat[kinds[c]][i], err) : ATT_OK;
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

static int read_extras(const char *path, att_ptrace_data *d, att_error *err)
{
    pass2 p = { .d = d, .path = path };
    att_coded_default_run(path, p.default_run, sizeof p.default_run);
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return ATT_EINPUT;
    int rc = att_csv_read(fp, att_coded_name(path), 0, pass2_row, &p, err);
    fclose(fp);
    return rc;
}

void att_ptrace_free(att_ptrace_data *d)
{
    free(d->t), free(d->infant), free(d->caregiver), free(d->matched);
    free(d->infant_arousal), free(d->caregiver_arousal), free(d->ruptures);
    for (int k = 0; k < ATT_PT_NCATS; k++) {
        free(d->cat[k]);
        for (size_t i = 0; i < d->cats[k].n; i++)
            free(d->cats[k].name[i]);
        free(d->cats[k].name);
    }
    *d = (att_ptrace_data){ 0 };
}

int att_ptrace_load(const char *path, const att_match_table *mt, int table_wins,
                   const att_plot_opts *o, att_ptrace_data *d, att_error *err)
{
    *d = (att_ptrace_data){ 0 };
    d->mt = mt;
    if (strcmp(path, "-") == 0)
        return att_error_set(err, ATT_EINPUT, "a trace figure reads its file twice: save standard "
                             "input to a file and give its name");
    int rc = read_codes(path, table_wins, o, d, err);
    if (rc == ATT_OK)
        rc = read_extras(path, d, err);
    if (rc == ATT_OK) {
        d->has[ATT_PT_PHASE] = d->cats[ATT_PT_PHASE].n > 0;
        for (size_t i = 0; i < d->n && !d->has_infant_arousal; i++)
            d->has_infant_arousal = !isnan(d->infant_arousal[i]);
    }
    return rc;
}

int att_plot_trace(const char *path, const att_match_table *mt, int table_wins,
                   const att_plot_opts *o, FILE *out, att_error *err)
{
    att_ptrace_data d;
    int rc = att_plot_opts_check(o, err);
    if (rc == ATT_OK)
        rc = att_ptrace_load(path, mt, table_wins, o, &d, err);
    else
        d = (att_ptrace_data){ 0 };
    if (rc == ATT_OK)
        rc = att_ptrace_draw(&d, att_coded_name(path), o, out, err);
    att_ptrace_free(&d);
    return rc;
}
