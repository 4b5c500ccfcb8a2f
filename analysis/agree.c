/* Inter-observer agreement: two coders' files expanded to a common time grid
 * and compared unit by unit; Cohen's kappa with its standard errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/agree.h"
#include "attune/coded.h"
#include "attune/scorer.h"
#include "attune/tally.h"
#include "analysis/grid.h"
#include "base/grow.h"

att_kappa att_kappa_of(const long *counts, int k)
{
    att_kappa r = { .po = NAN, .pe = NAN, .kappa = NAN, .se = NAN, .se0 = NAN };
    for (int i = 0; i < k * k; i++)
        r.n += counts[i];
    for (int i = 0; i < k; i++)
        r.agree += counts[i * k + i];
    if (r.n == 0)
        return r;
    double n = (double)r.n, pe = 0, sum0 = 0;
    for (int i = 0; i < k; i++) {
        double row = 0, col = 0;
        for (int j = 0; j < k; j++) {
            row += (double)counts[i * k + j];
            col += (double)counts[j * k + i];
        }
        row /= n, col /= n;
        pe += row * col;
        sum0 += row * col * (row + col);
    }
    r.po = (double)r.agree / n;
    r.pe = pe;
    if (!(pe < 1))
        return r;
    double kappa = (r.po - pe) / (1 - pe), a = 0, b = 0;
    for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
            double pij = (double)counts[i * k + j] / n, ri = 0, ci = 0, rj = 0;
            for (int m = 0; m < k; m++) {
                ri += (double)counts[i * k + m] / n;   /* p_i. */
                ci += (double)counts[m * k + i] / n;   /* p_.i */
                rj += (double)counts[j * k + m] / n;   /* p_j. */
            }
            if (i == j) {
                double d = 1 - (ri + ci) * (1 - kappa);
                a += pij * d * d;
            } else {
                b += pij * (ci + rj) * (ci + rj);
            }
        }
    }
    double c = kappa - pe * (1 - kappa);
    double var = (a + (1 - kappa) * (1 - kappa) * b - c * c) / (n * (1 - pe) * (1 - pe));
    double var0 = (pe + pe * pe - sum0) / (n * (1 - pe) * (1 - pe));
    r.kappa = kappa;
    r.se = var > 0 ? sqrt(var) : 0;
    r.se0 = var0 > 0 ? sqrt(var0) : 0;
    return r;
}

/* ---- one file on the grid ---- */

typedef struct arow {
    long long us;          /* t in whole microseconds */
    int infant, caregiver;
    size_t phase;          /* index into the file's phase names */
    long line;
} arow;

typedef struct arup {
    long long start_us, latency_us;
    int censored;
} arup;

typedef struct arun {
    char *name;
    arup *rups;            /* its ruptures, from the scorer, in time order */
    size_t nrups, rcap;
    long line;             /* of its first row */
    arow *rows;
    size_t nrows, cap;
    long *grid;            /* per unit: the row in force at its start */
    long nunits;
} arun;

typedef struct afile {
    const char *name;      /* as messages name it */
    char default_run[256]; /* the run name of a file without a run column */
    att_scorer *sc;        /* finds each run's ruptures as attune score does */
    long long unit_us;
    arun *runs;
    size_t n, cap;
    char **phases;
    size_t nphases, pcap;
    long total;            /* units over all runs */
} afile;

static void afile_free(afile *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->runs[i].name);
        free(f->runs[i].rows);
        free(f->runs[i].grid);
        free(f->runs[i].rups);
    }
    att_scorer_free(f->sc);
    free(f->runs);
    for (size_t i = 0; i < f->nphases; i++)
        free(f->phases[i]);
    free(f->phases);
}

static int on_run_begin(void *user, const char *run, att_error *err)
{
    afile *f = user;
    if (att_grow(&f->runs, &f->cap, f->n + 1, sizeof *f->runs, err) != ATT_OK)
        return ATT_ENOMEM;
    arun *r = &f->runs[f->n];
    *r = (arun){ .name = strdup(run) };
    if (!r->name)
        return att_error_nomem(err);
    f->n++;
    return att_scorer_begin(f->sc, run, err);
}

static int intern_phase(afile *f, const char *phase, size_t *index, att_error *err)
{
    for (size_t i = f->nphases; i-- > 0;) {
        if (strcmp(f->phases[i], phase) == 0) {
            *index = i;
            return ATT_OK;
        }
    }
    if (att_grow(&f->phases, &f->pcap, f->nphases + 1, sizeof *f->phases, err) != ATT_OK)
        return ATT_ENOMEM;
    if (!(f->phases[f->nphases] = strdup(phase)))
        return att_error_nomem(err);
    *index = f->nphases++;
    return ATT_OK;
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    afile *f = user;
    arun *r = &f->runs[f->n - 1];
    size_t phase = 0;
    if (intern_phase(f, row->phase, &phase, err) != ATT_OK)
        return ATT_ENOMEM;
    if (att_grow(&r->rows, &r->cap, r->nrows + 1, sizeof *r->rows, err) != ATT_OK)
        return ATT_ENOMEM;
    if (r->nrows == 0)
        r->line = row->line;
    r->rows[r->nrows++] = (arow){ att_us(row->t), row->infant, row->caregiver, phase, row->line };
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    att_error e = { 0 };
    if (att_scorer_push(f->sc, &st, NULL, &e) != ATT_OK)
        return att_error_set(err, e.code, "%s:%ld: %s", f->name, row->line, e.msg);
    return ATT_OK;
}

static int on_run_end(void *user, double t_end, att_error *err)
{
    afile *f = user;
    arun *r = &f->runs[f->n - 1];
    long long t0 = r->rows[0].us;
    long long units = att_grid_units(t0, att_us(t_end), f->unit_us);
    if (units > ATT_AGREE_MAX_UNITS - f->total)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: run '%.60s' takes the file past %ld "
                             "units of %.6g s; use a longer --unit", f->name, r->line,
                             r->name, ATT_AGREE_MAX_UNITS, (double)f->unit_us / 1e6);
    r->nunits = (long)units;
    f->total += r->nunits;
    if (att_scorer_end(f->sc, t_end, NULL, err) != ATT_OK)
        return err->code;
    if (!(r->grid = malloc(((size_t)units + 1) * sizeof *r->grid)))
        return att_error_nomem(err);
    size_t k = 0;
    for (long i = 0; i < r->nunits; i++) {
        long long at = t0 + (long long)i * f->unit_us;
        while (k + 1 < r->nrows && r->rows[k + 1].us <= at)
            k++;
        r->grid[i] = (long)k;
    }
    return ATT_OK;
}

static int on_rupture(const att_rupture *rup, void *user, att_error *err)
{
    afile *f = user;
    arun *r = &f->runs[f->n - 1];
    if (att_grow(&r->rups, &r->rcap, r->nrups + 1, sizeof *r->rups, err) != ATT_OK)
        return ATT_ENOMEM;
    r->rups[r->nrups++] = (arup){ att_us(rup->start), att_us(rup->latency), rup->censored };
    return ATT_OK;
}

static int read_file(const char *path, const att_match_table *mt, const att_coded_opts *o,
                     afile *f, att_error *err)
{
    static const att_coded_hooks hooks = { on_run_begin, on_row, on_run_end };
    if (!(f->sc = att_scorer_new(mt, err)))
        return err->code;
    att_scorer_on_rupture(f->sc, on_rupture, f);
    f->name = att_coded_name(path);
    att_coded_default_run(path, f->default_run, sizeof f->default_run);
    return att_coded_read_opts(path, mt, o, &hooks, f, err);
}

/* ---- the comparison ---- */

struct att_agree {
    int k[2];              /* vocabulary sizes: infant, caregiver */
    long *counts[2];
    long *tolerant[2];     /* the same with the tolerance window */
    long window;           /* the tolerance in whole units */
    long long tol_us;      /* the tolerance for matching ruptures */
    att_agree_ruptures rup;
    double onset_sum, latency_sum;   /* s, over matched pairs */
    size_t runs;
    long units;
};

void att_agree_free(att_agree *a)
{
    if (!a)
        return;
    for (int p = 0; p < 2; p++) {
        free(a->counts[p]);
        free(a->tolerant[p]);
    }
    free(a);
}

/* Whether run i of each file is the same: the same name, or each file's
 * only run named after its file (files without a run column). */
static int same_run(const afile *f1, const afile *f2, size_t i)
{
    const char *a = f1->runs[i].name, *b = f2->runs[i].name;
    if (strcmp(a, b) == 0)
        return 1;
    return f1->n == 1 && f2->n == 1 && strcmp(a, f1->default_run) == 0
           && strcmp(b, f2->default_run) == 0;
}

/* The runs' names, first t and lengths agree, else an error naming both. */
static int check_runs(const afile *f1, const afile *f2, att_error *err)
{
    for (size_t i = 0; i < f1->n || i < f2->n; i++) {
        if (i >= f2->n)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: run '%.60s' is not in %s (the "
                                 "coders' files must hold the same runs, in the same order)",
                                 f1->name, f1->runs[i].line, f1->runs[i].name, f2->name);
        const arun *b = &f2->runs[i];
        if (i >= f1->n)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: run '%.60s' is not in %s (the "
                                 "coders' files must hold the same runs, in the same order)",
                                 f2->name, b->line, b->name, f1->name);
        const arun *a = &f1->runs[i];
        if (!same_run(f1, f2, i))
            return att_error_set(err, ATT_EINPUT, "%s:%ld: run '%.60s' is not run %zu of %s "
                                 "('%.60s'): the coders' files must hold the same runs, in "
                                 "the same order", f2->name, b->line, b->name, i + 1, f1->name,
                                 a->name);
        if (a->rows[0].us != b->rows[0].us)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: run '%.60s' starts at t %.9g, but "
                                 "at t %.9g in %s (line %ld)", f2->name, b->line, b->name,
                                 (double)b->rows[0].us / 1e6, (double)a->rows[0].us / 1e6,
                                 f1->name, a->line);
        if (a->nunits != b->nunits)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: run '%.60s' lasts %ld units of "
                                 "%.6g s, but %ld in %s (line %ld); the coders must code the "
                                 "same stretch (a run ends at its end column, else at --end "
                                 "T, else one interval after its last row)", f2->name,
                                 b->line, b->name, b->nunits, (double)f1->unit_us / 1e6,
                                 a->nunits, f1->name, a->line);
    }
    return ATT_OK;
}

static int code_at(const arun *r, long u, int p)
{
    const arow *row = &r->rows[r->grid[u]];
    return p ? row->caregiver : row->infant;
}

/* Adds runs a and b's units of partner p to the tolerant matrix: unit u is
 * an agreement when coder 2 shows coder 1's code, or coder 1 coder 2's,
 * within g->window units of u (two passes, remembering where each code was
 * last seen, forwards and then backwards). */
static int tolerant_run(att_agree *g, const arun *a, const arun *b, int p, att_error *err)
{
    long n = a->nunits;
    int k = g->k[p];
    unsigned char *hit = calloc(n > 0 ? (size_t)n : 1, 1);
    long *seen = malloc(2 * (size_t)k * sizeof *seen);   /* coder 1's codes, then coder 2's */
    if (!hit || !seen) {
        free(hit);
        free(seen);
        return att_error_nomem(err);
    }
    for (int dir = 0; dir < 2; dir++) {
        for (int c = 0; c < 2 * k; c++)
            seen[c] = -1;
        for (long s = 0; s < n; s++) {
            long u = dir ? n - 1 - s : s;
            int x = code_at(a, u, p), y = code_at(b, u, p);
            seen[x] = u;
            seen[k + y] = u;
            long dx = seen[k + x], dy = seen[y];
            if ((dx >= 0 && labs(u - dx) <= g->window) || (dy >= 0 && labs(u - dy) <= g->window))
                hit[u] = 1;
        }
    }
    for (long u = 0; u < n; u++) {
        int x = code_at(a, u, p), y = code_at(b, u, p);
        g->tolerant[p][x * k + (hit[u] ? x : y)]++;
    }
    free(hit);
    free(seen);
    return ATT_OK;
}

/* Adds run i's units to the matrices; an error where the phases differ. */
static int compare_run(att_agree *g, const afile *f1, const afile *f2, size_t i, att_error *err)
{
    const arun *a = &f1->runs[i], *b = &f2->runs[i];
    for (long u = 0; u < a->nunits; u++) {
        const arow *x = &a->rows[a->grid[u]], *y = &b->rows[b->grid[u]];
        const char *p1 = f1->phases[x->phase], *p2 = f2->phases[y->phase];
        if (strcmp(p1, p2) != 0)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: phase '%.60s' at t %.9g of run "
                                 "'%.60s', but '%.60s' in %s (line %ld); the coders' phases "
                                 "must agree", f2->name, y->line, p2,
                                 (double)(a->rows[0].us + u * f1->unit_us) / 1e6, a->name,
                                 p1, f1->name, x->line);
        g->counts[0][x->infant * g->k[0] + y->infant]++;
        g->counts[1][x->caregiver * g->k[1] + y->caregiver]++;
    }
    g->units += a->nunits;
    for (int p = 0; p < 2; p++)
        if (tolerant_run(g, a, b, p, err) != ATT_OK)
            return ATT_ENOMEM;
    return ATT_OK;
}

/* Matches run i's ruptures in time order: the next rupture of each coder
 * pair up when their starts lie within the tolerance, else the earlier one
 * is left unmatched. */
static void match_ruptures(att_agree *g, const arun *a, const arun *b)
{
    att_agree_ruptures *m = &g->rup;
    m->n1 += (long)a->nrups;
    m->n2 += (long)b->nrups;
    size_t i = 0, j = 0;
    while (i < a->nrups && j < b->nrups) {
        const arup *x = &a->rups[i], *y = &b->rups[j];
        long long d = y->start_us - x->start_us;
        if (d >= -g->tol_us && d <= g->tol_us) {
            m->matched++;
            g->onset_sum += (double)d / 1e6;
            if (!x->censored && !y->censored) {
                m->latency_pairs++;
                g->latency_sum += (double)(y->latency_us - x->latency_us) / 1e6;
            }
            i++, j++;
        } else if (d > 0) {
            i++;
        } else {
            j++;
        }
    }
}

static att_agree *compare(const afile *f1, const afile *f2, const att_match_table *mt,
                          long window, long long tol_us, att_error *err)
{
    if (check_runs(f1, f2, err) != ATT_OK)
        return NULL;
    att_agree *g = calloc(1, sizeof *g);
    if (!g) {
        att_error_nomem(err);
        return NULL;
    }
    g->k[0] = att_match_table_infant_count(mt);
    g->k[1] = att_match_table_caregiver_count(mt);
    for (int p = 0; p < 2; p++) {
        size_t cells = (size_t)g->k[p] * (size_t)g->k[p];
        if (!(g->counts[p] = calloc(cells, sizeof(long)))
            || !(g->tolerant[p] = calloc(cells, sizeof(long)))) {
            att_agree_free(g);
            att_error_nomem(err);
            return NULL;
        }
    }
    g->runs = f1->n;
    g->window = window;
    g->tol_us = tol_us;
    for (size_t i = 0; i < f1->n; i++) {
        if (compare_run(g, f1, f2, i, err) != ATT_OK) {
            att_agree_free(g);
            return NULL;
        }
        match_ruptures(g, &f1->runs[i], &f2->runs[i]);
    }
    return g;
}

att_agree *att_agree_read(const char *path1, const char *path2, const att_match_table *mt,
                          int flags, const att_agree_spec *spec, att_error *err)
{
    double unit = spec->unit, end = spec->end, tol = spec->tolerance;
    if (!(unit > 0) || !(unit <= 1e6) || att_us(unit) < 1) {
        att_error_set(err, ATT_EINPUT, "--unit %.6g: must be a number of seconds from "
                      "0.000001 to 1e6", unit);
        return NULL;
    }
    if (!isnan(end) && !(fabs(end) <= ATT_SCORE_T_MAX)) {
        att_error_set(err, ATT_EINPUT, "--end %.6g: must be a time from -4e9 to 4e9 s", end);
        return NULL;
    }
    if (!(tol >= 0 && tol <= 1e6)) {
        att_error_set(err, ATT_EINPUT, "--tolerance %.6g: must be a number of seconds from 0 "
                      "to 1e6", tol);
        return NULL;
    }
    att_coded_opts o;
    if (spec->coded)
        o = *spec->coded;
    else
        att_coded_opts_init(&o);
    o.flags = flags;
    if (!isnan(end))
        o.end = end;
    afile f1 = { .unit_us = att_us(unit) };
    afile f2 = { .unit_us = att_us(unit) };
    att_agree *g = NULL;
    if (read_file(path1, mt, &o, &f1, err) == ATT_OK
        && read_file(path2, mt, &o, &f2, err) == ATT_OK)
        g = compare(&f1, &f2, mt, (long)(att_us(tol) / f1.unit_us), att_us(tol), err);
    if (g) {
        att_agree_ruptures *m = &g->rup;
        m->sensitivity = m->n1 ? (double)m->matched / (double)m->n1 : NAN;
        m->ppv = m->n2 ? (double)m->matched / (double)m->n2 : NAN;
        m->onset_diff = m->matched ? g->onset_sum / (double)m->matched : NAN;
        m->latency_diff = m->latency_pairs ? g->latency_sum / (double)m->latency_pairs : NAN;
    }
    afile_free(&f1);
    afile_free(&f2);
    return g;
}

const long *att_agree_matrix(const att_agree *a, att_partner who, int *k)
{
    int p = who == ATT_INFANT ? 0 : 1;
    *k = a->k[p];
    return a->counts[p];
}

const long *att_agree_tolerant(const att_agree *a, att_partner who, int *k)
{
    int p = who == ATT_INFANT ? 0 : 1;
    *k = a->k[p];
    return a->tolerant[p];
}

att_agree_ruptures att_agree_rupture_match(const att_agree *a)
{
    return a->rup;
}

long att_agree_window(const att_agree *a)
{
    return a->window;
}

size_t att_agree_runs(const att_agree *a)
{
    return a->runs;
}

long att_agree_units(const att_agree *a)
{
    return a->units;
}
