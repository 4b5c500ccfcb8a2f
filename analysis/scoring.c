/* The scoring pipeline (attune/scoring.h): coded reader -> scorer -> per-run
 * window scores -> report and pool, plus the ruptures CSV.  `attune score`
 * and the fuzz harness both run it, so they test the same code. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "attune/coded.h"
#include "attune/pool.h"
#include "attune/report.h"
#include "attune/scoring.h"
#include "base/csvwrite.h"
#include "base/grow.h"

struct att_scoring {
    att_scoring_opts o;
    const att_match_table *mt;
    att_match_table *scheme_mt;   /* over the scheme's codes, when there is one */
    att_scorer *sc;
    att_report *rep;
    att_pool *pool;             /* NULL unless pooling */
    int (*interrupted)(void);
    const char *file;           /* the file being read */
    att_window_score *ws;       /* one run's windows */
    size_t cap;
    long runs;
};

static int stopped(const att_scoring *s, att_error *err)
{
    if (s->interrupted && s->interrupted())
        return att_error_set(err, ATT_EIO, "interrupted");
    return ATT_OK;
}

static int on_run_begin(void *user, const char *run, att_error *err)
{
    att_scoring *s = user;
    int rc = stopped(s, err);
    return rc != ATT_OK ? rc : att_scorer_begin(s->sc, run, err);
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    att_scoring *s = user;
    int rc = stopped(s, err);
    if (rc != ATT_OK)
        return rc;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    return att_scorer_push(s->sc, &st, NULL, err);
}

/* Scores the run's windows, reports them and adds the run to the pool. */
static int on_run_end(void *user, double t_end, att_error *err)
{
    att_scoring *s = user;
    int rc = att_scorer_end(s->sc, t_end, NULL, err);
    size_t n = att_scorer_window_count(s->sc);
    if (rc == ATT_OK && att_grow(&s->ws, &s->cap, n, sizeof *s->ws, err) != ATT_OK)
        return ATT_ENOMEM;
    for (size_t i = 0; rc == ATT_OK && i < n; i++)
        rc = att_scorer_window(s->sc, i, s->o.cutoff_s, &s->ws[i], err);
    if (rc == ATT_OK)
        rc = att_report_run(s->rep, s->file, att_scorer_run(s->sc), s->ws, n, err);
    if (rc == ATT_OK && s->pool)
        rc = att_pool_add(s->pool, s->sc, err);
    if (rc == ATT_OK)
        s->runs++;
    return rc;
}

static void put_num(FILE *fp, double x)
{
    if (!isnan(x))
        fprintf(fp, "%.10g", x);
}

/* The first `len` bytes of a unit's name (its run, without "/SESSION") as
 * a CSV field. */
static void put_run(FILE *fp, const char *unit, size_t len)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), unit);
    att_csv_put_field(fp, buf);
}

/* One row of the ruptures CSV, then the caller's callback. */
static int on_rupture(const att_rupture *r, void *user, att_error *err)
{
    att_scoring *s = user;
    FILE *fp = s->o.ruptures;
    if (fp) {
        size_t len;
        const char *session = att_unit_session(r->run, &len);
        put_run(fp, r->run, len);
        putc(',', fp);
        att_csv_put_field(fp, r->phase);
        fprintf(fp, ",%.10g,%.10g,%d,%s,", r->start, r->latency, r->censored,
                att_repairer_name(r->repaired_by));
        put_num(fp, r->peak_infant_arousal);
        fprintf(fp, ",%.10g,%d,", r->phase_latency, r->phase_censored);
        att_csv_put_field(fp, s->file);
        fprintf(fp, ",%s,%s,", att_rupture_size_name(r->size),
                att_rupture_size_name(r->phase_size));
        att_csv_put_field(fp, session ? session : "");
        putc('\n', fp);
    }
    return s->o.on_rupture ? s->o.on_rupture(r, s->o.on_rupture_user, err) : ATT_OK;
}

att_scoring *att_scoring_new(const att_match_table *mt, const att_scoring_opts *opts,
                             att_error *err)
{
    if (!opts->report) {
        att_error_set(err, ATT_EINPUT, "scoring: no report stream");
        return NULL;
    }
    if (!(opts->cutoff_s > 0)) {
        att_error_set(err, ATT_EINPUT, "scoring: the cutoff must be above 0 s");
        return NULL;
    }
    att_scoring *s = calloc(1, sizeof *s);
    if (!s) {
        att_error_nomem(err);
        return NULL;
    }
    s->o = *opts;
    s->mt = mt;
    if (opts->scheme && !(s->mt = s->scheme_mt = att_scheme_match_table(opts->scheme, mt, err))) {
        free(s);
        return NULL;
    }
    s->sc = att_scorer_new(s->mt, err);
    if (s->sc && opts->scheme && att_scorer_set_scheme(s->sc, opts->scheme, err) != ATT_OK) {
        att_scoring_free(s);
        return NULL;
    }
    if (s->sc)
        s->rep = att_report_new(opts->report, opts->format,
                                (opts->pool ? ATT_REPORT_POOLED : 0)
                                    | (opts->long_form ? ATT_REPORT_LONG : 0), err);
    if (s->rep && opts->pool)
        s->pool = att_pool_new(opts->cutoff_s, err);
    att_score_rules defaults;
    att_score_rules_default(&defaults);
    if (!s->sc || !s->rep || (opts->pool && !s->pool)
        || att_scorer_set_rules(s->sc, opts->rules ? opts->rules : &defaults, err) != ATT_OK) {
        att_scoring_free(s);
        return NULL;
    }
    if (opts->ruptures || opts->on_rupture)
        att_scorer_on_rupture(s->sc, on_rupture, s);
    if (opts->ruptures)
        fputs("run,phase,start_s,latency_s,censored,repaired_by,peak_infant_arousal,"
              "phase_latency_s,phase_censored,file,size,phase_size,session\n", opts->ruptures);
    return s;
}

void att_scoring_free(att_scoring *s)
{
    if (!s)
        return;
    att_report_free(s->rep);
    att_pool_free(s->pool);
    att_scorer_free(s->sc);
    att_match_table_free(s->scheme_mt);
    free(s->ws);
    free(s);
}

void att_scoring_set_interrupt(att_scoring *s, int (*interrupted)(void))
{
    s->interrupted = interrupted;
}

int att_scoring_file(att_scoring *s, const char *path, int flags, att_error *err)
{
    static const att_coded_hooks hooks = { on_run_begin, on_row, on_run_end };
    s->file = path;
    if (!s->o.coded)
        return att_coded_read(path, s->mt, flags, &hooks, s, err);
    att_coded_opts o = *s->o.coded;
    o.flags = flags;
    return att_coded_read_opts(path, s->mt, &o, &hooks, s, err);
}

/* The pooled rows, one per window, into the report. */
static int write_pooled(att_scoring *s, att_error *err)
{
    size_t n = att_pool_window_count(s->pool);
    att_pooled_score *ps = calloc(n + 1, sizeof *ps);
    if (!ps)
        return att_error_nomem(err);
    int rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < n; i++)
        rc = att_pool_result(s->pool, i, s->o.boot, s->o.seed, &ps[i], err);
    if (rc == ATT_OK)
        rc = att_report_pooled(s->rep, ps, n, err);
    free(ps);
    return rc;
}

int att_scoring_finish(att_scoring *s, att_error *err)
{
    int rc = s->pool ? write_pooled(s, err) : ATT_OK;
    return rc != ATT_OK ? rc : att_report_finish(s->rep, err);
}

long att_scoring_runs(const att_scoring *s)
{
    return s->runs;
}
