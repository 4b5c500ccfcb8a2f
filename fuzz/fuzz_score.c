/* Fuzz target: the coded-CSV reader (analysis/coded.c, base/csvread.c)
 * feeding the scorer (analysis/scorer.c), the pool and the report, as
 * `attune score --pool --ruptures` does with a file.
 *
 * The input is the coded file.  Its size picks the options, so that one
 * file is always scored the same way: bit 0 whether the match table
 * overrides a matched column, bits 1-2 the report format. */
#include <stdio.h>
#include <stdlib.h>
#include "attune/coded.h"
#include "attune/match.h"
#include "attune/pool.h"
#include "attune/report.h"
#include "base/csvwrite.h"
#include "attune/scorer.h"
#include "fuzz.h"

#define FUZZ_BOOT 10

typedef struct {
    att_scorer *sc;
    att_report *rep;
    att_pool *pool;
    FILE *ruptures;
    att_window_score *ws;
    size_t cap;
} ctx;

static int on_run_begin(void *user, const char *run, att_error *err)
{
    ctx *c = user;
    return att_scorer_begin(c->sc, run, err);
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    ctx *c = user;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    att_score_event ev;
    return att_scorer_push(c->sc, &st, &ev, err);
}

static int on_run_end(void *user, double t_end, att_error *err)
{
    ctx *c = user;
    att_score_event ev;
    int rc = att_scorer_end(c->sc, t_end, &ev, err);
    size_t n = att_scorer_window_count(c->sc);
    if (rc == ATT_OK && n > c->cap) {
        att_window_score *ws = realloc(c->ws, n * sizeof *ws);
        if (!ws)
            return att_error_set(err, ATT_ENOMEM, "out of memory");
        c->ws = ws;
        c->cap = n;
    }
    for (size_t i = 0; rc == ATT_OK && i < n; i++) {
        rc = att_scorer_window(c->sc, i, ATT_SCORE_CUTOFF_S, &c->ws[i], err);
        (void)att_scorer_window_tally(c->sc, i);
    }
    if (rc == ATT_OK)
        rc = att_report_run(c->rep, "session.csv", att_scorer_run(c->sc), c->ws, n, err);
    if (rc == ATT_OK)
        rc = att_pool_add(c->pool, c->sc, err);
    return rc;
}

static int on_rupture(const att_rupture *r, void *user, att_error *err)
{
    (void)err;
    ctx *c = user;
    att_csv_put_field(c->ruptures, r->run);
    putc(',', c->ruptures);
    att_csv_put_field(c->ruptures, r->phase);
    fprintf(c->ruptures, ",%.10g,%.10g,%d,%s,%.10g,%.10g,%d\n", r->start, r->latency,
            r->censored, att_repairer_name(r->repaired_by), r->peak_infant_arousal,
            r->phase_latency, r->phase_censored);
    return ATT_OK;
}

static att_match_table *table(void)
{
    static att_match_table *mt;
    if (!mt) {
        att_error err = { 0 };
        if (!(mt = att_match_table_load(ATT_SRCDIR "/data/match/attuned.csv", &err))) {
            fprintf(stderr, "fuzz_score: %s\n", err.msg);
            abort();
        }
    }
    return mt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    fuzz_tmpdir_clean();
    char *path = fuzz_write_file("session.csv", data, size);
    char *out_text = NULL, *rup_text = NULL;
    size_t out_len = 0, rup_len = 0;
    FILE *out = open_memstream(&out_text, &out_len);
    ctx c = { 0 };
    c.ruptures = open_memstream(&rup_text, &rup_len);
    if (!out || !c.ruptures)
        abort();
    att_format fmt = (att_format)((size >> 1) % 3);
    c.sc = att_scorer_new(table());
    c.rep = att_report_new(out, fmt, 1);
    c.pool = att_pool_new(ATT_SCORE_CUTOFF_S);
    if (!c.sc || !c.rep || !c.pool)
        abort();
    att_scorer_on_rupture(c.sc, on_rupture, &c);
    static const att_coded_hooks hooks = { on_run_begin, on_row, on_run_end };
    att_error err = { 0 };
    int rc = att_coded_read(path, table(), (int)(size & 1), &hooks, &c, &err);
    fuzz_check_error(rc, err.msg);
    if (rc == ATT_OK) {
        size_t n = att_pool_window_count(c.pool);
        att_pooled_score *ps = calloc(n + 1, sizeof *ps);
        if (!ps)
            abort();
        for (size_t i = 0; rc == ATT_OK && i < n; i++)
            rc = att_pool_result(c.pool, i, FUZZ_BOOT, 1, &ps[i], &err);
        if (rc == ATT_OK)
            rc = att_report_pooled(c.rep, ps, n, &err);
        fuzz_check_error(rc, err.msg);
        free(ps);
        rc = att_report_finish(c.rep, &err);
        fuzz_check_error(rc, err.msg);
    }
    att_report_free(c.rep);
    att_pool_free(c.pool);
    att_scorer_free(c.sc);
    free(c.ws);
    fclose(out);
    fclose(c.ruptures);
    free(out_text);
    free(rup_text);
    free(path);
    return 0;
}
