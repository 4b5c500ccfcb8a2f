/* Batch experiments: the plan of runs, each run's seed, and one results row
 * per run (see batch.h).  No I/O: the driver decides where rows go. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/batch.h"
#include "base/seed.h"
#include "batch/results.h"
#include "base/sha256.h"
#include "attune/sim.h"

struct att_batch {
    const att_scenario *base;
    const att_match_table *mt;
    const att_scenario **conds;
    const char **names;
    size_t nconds;
    long replicates, runs;
    unsigned long seed;
    char id[17];
    char *header;
    int session_column;  /* some condition has several sessions */
    int (*interrupted)(void);  /* asked every 1024 steps; NULL: never */
    const char **fixed;  /* keys the conditions set, not varied: their columns */
    size_t nfixed;
    char **fixed_text;   /* per condition: ",V1,V2,..." of the fixed keys */
    int flags;           /* ATT_BATCH_LONG, ATT_BATCH_RUPTURES */
    att_results_long *longf;  /* with ATT_BATCH_LONG */
    char *rupture_header;     /* with ATT_BATCH_RUPTURES */
};

/* ---- the plan ---- */

unsigned long att_batch_seed(const att_batch *b, long run)
{
    return att_seed_run(b->seed, b->names[att_batch_condition_of(b, run)],
                        att_batch_replicate_of(b, run));
}

/* The id hashes everything that changes the rows, so --seed 7 and --set
 * scenario.seed=7 name the same experiment, and so do two spellings of one
 * match table; a table edited between shards does not. */
static int make_id(att_batch *b, const char *const *sets, size_t nsets)
{
    char table[65];
    if (att_match_table_digest(b->mt, table) != ATT_OK)
        return -1;
    att_buf text = { 0 };
    int rc = att_buf_printf(&text, NULL, "attune-experiment\n%s\n%s\n%lu\n%s\n", ATT_VERSION,
                            att_scenario_hash(b->base), b->seed, table);
    for (size_t i = 0; rc == ATT_OK && i < nsets; i++)
        if (strncmp(sets[i], "scenario.seed=", 14) != 0)
            rc = att_buf_printf(&text, NULL, "%s\n", sets[i]);
    if (rc != ATT_OK) {
        att_buf_free(&text);
        return -1;
    }
    char hex[65];
    att_sha256_hex(text.data, text.len, hex);
    memcpy(b->id, hex, 16);
    b->id[16] = '\0';
    att_buf_free(&text);
    return 0;
}

/* The keys the [condition] sections set that are not varied keys (those
 * have their columns already), and each condition's values of them. */
static int make_fixed(att_batch *b)
{
    size_t n = att_scenario_condition_key_count(b->base);
    b->fixed = calloc(n + 1, sizeof *b->fixed);
    b->fixed_text = calloc(b->nconds, sizeof *b->fixed_text);
    if (!b->fixed || !b->fixed_text)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *key = att_scenario_condition_key(b->base, i);
        int varied = 0;
        for (size_t v = 0; v < att_scenario_varied_count(b->base) && !varied; v++)
            varied = strcmp(key, att_scenario_varied_key(b->base, v)) == 0;
        if (!varied)
            b->fixed[b->nfixed++] = key;
    }
    for (size_t c = 0; c < b->nconds; c++) {
        att_buf t = { 0 };
        int rc = att_buf_str(&t, "", NULL);
        for (size_t i = 0; rc == ATT_OK && i < b->nfixed; i++) {
            char v[256];
            att_scenario_value_text(b->conds[c], b->fixed[i], v, sizeof v);
            if ((rc = att_buf_str(&t, ",", NULL)) == ATT_OK)
                rc = att_results_field(&t, v, NULL);
        }
        b->fixed_text[c] = t.data;
        if (rc != ATT_OK)
            return -1;
    }
    return 0;
}

att_batch *att_batch_new(const att_scenario *base, const att_match_table *mt,
                         const char *const *sets, size_t nsets, att_error *err)
{
    /* checked here, not at the first run: a batch stops before it starts */
    if (att_sim_check_match_table(mt, err) != ATT_OK)
        return NULL;
    att_batch *b = calloc(1, sizeof *b);
    size_t n = att_scenario_condition_count(base);
    size_t slots = n ? n : 1;
    if (b) {
        b->conds = calloc(slots, sizeof *b->conds);
        b->names = calloc(slots, sizeof *b->names);
    }
    if (!b || !b->conds || !b->names) {
        att_batch_free(b);
        att_error_nomem(err);
        return NULL;
    }
    b->base = base;
    b->mt = mt;
    b->nconds = slots;
    for (size_t i = 0; i < n; i++) {
        b->conds[i] = att_scenario_condition(base, i);
        b->names[i] = att_scenario_condition_name(base, i);
    }
    if (n == 0) {
        b->conds[0] = base;
        b->names[0] = att_scenario_name(base);
    }
    b->replicates = att_scenario_replicates(base);
    b->runs = (long)slots * b->replicates;
    b->seed = att_scenario_seed(base);
    /* Experiments of single sessions keep the columns they always had. */
    b->session_column = att_scenario_sessions(base) > 1;
    for (size_t i = 0; i < slots; i++)
        b->session_column |= att_scenario_sessions(b->conds[i]) > 1;
    if (make_id(b, sets, nsets) || make_fixed(b)
        || !(b->header = att_results_header(base, b->session_column, b->fixed, b->nfixed,
                                            err))) {
        att_batch_free(b);
        att_error_nomem(err);
        return NULL;
    }
    return b;
}

void att_batch_free(att_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; b->fixed_text && i < b->nconds; i++)
        free(b->fixed_text[i]);
    free(b->fixed_text);
    free(b->fixed);
    att_results_long_free(b->longf);
    free(b->rupture_header);
    free(b->conds);
    free(b->names);
    free(b->header);
    free(b);
}

long att_batch_runs(const att_batch *b) { return b->runs; }
size_t att_batch_conditions(const att_batch *b) { return b->nconds; }
long att_batch_replicates(const att_batch *b) { return b->replicates; }
const char *att_batch_id(const att_batch *b) { return b->id; }
const char *att_batch_header(const att_batch *b) { return b->header; }
int att_batch_session_column(const att_batch *b) { return b->session_column; }

long att_batch_sessions(const att_batch *b, long run)
{
    return att_scenario_sessions(att_batch_scenario(b, run));
}

const att_scenario *att_batch_scenario(const att_batch *b, long run)
{
    return b->conds[att_batch_condition_of(b, run)];
}

size_t att_batch_condition_of(const att_batch *b, long run)
{
    return (size_t)(run / b->replicates);
}

long att_batch_replicate_of(const att_batch *b, long run)
{
    return run % b->replicates + 1;
}

const char *att_batch_condition_name(const att_batch *b, size_t i)
{
    return i < b->nconds ? b->names[i] : NULL;
}

/* ---- rows ---- */

void att_batch_set_interrupt(att_batch *b, int (*interrupted)(void))
{
    b->interrupted = interrupted;
}

/* What a run gathers besides its scorer: per window (all, then each
 * phase) the arousal sums of its steps, and its ruptures' rows. */
struct run_acc {
    const att_batch *b;
    att_batch_step_fn on_step;
    void *user;
    size_t nwin;
    double *sum;         /* nwin infant sums, nwin caregiver sums, nwin step counts */
    att_results_line ln; /* the line head, for rupture rows */
    const att_sim *sim;
    att_buf rup;
};

static int acc_step(struct run_acc *a, const att_step *st, att_error *err)
{
    size_t w = (size_t)st->phase + 1;
    assert(w < a->nwin);
    a->sum[0] += st->infant.arousal;
    a->sum[w] += st->infant.arousal;
    a->sum[a->nwin] += st->caregiver_arousal;
    a->sum[a->nwin + w] += st->caregiver_arousal;
    a->sum[2 * a->nwin]++;
    a->sum[2 * a->nwin + w]++;
    return a->on_step ? a->on_step(a->user, st, err) : ATT_OK;
}

static int acc_rupture(const att_rupture *r, void *user, att_error *err)
{
    struct run_acc *a = user;
    a->ln.session = att_sim_session(a->sim);
    return att_results_add_rupture(&a->rup, &a->ln, r, err);
}

/* Runs the current session to its end, showing every step to `on_step`;
 * gives up when b->interrupted says so. */
static int run_session(const att_batch *b, att_sim *sim, struct run_acc *a, att_error *err)
{
    att_step st;
    int more;
    memset(a->sum, 0, 3 * a->nwin * sizeof *a->sum);
    while ((more = att_sim_next(sim, &st, err)) == 1) {
        if ((st.index & 1023) == 0 && b->interrupted && b->interrupted())
            return att_error_set(err, ATT_EIO, "interrupted");
        int rc = acc_step(a, &st, err);
        if (rc != ATT_OK)
            return rc;
    }
    return more < 0 ? err->code : ATT_OK;
}

/* The session's line: read from the scorer, which holds only the session
 * just ended, so it is written before the next one starts.  The arousal
 * means: every step lasts dt, so the time-weighted mean is the steps'. */
static int add_session_line(struct run_acc *a, att_buf *out, const att_sim *sim,
                            att_error *err)
{
    size_t nw = a->nwin;
    double *mean = a->sum + 3 * nw;
    for (size_t w = 0; w < nw; w++) {
        double n = a->sum[2 * nw + w];
        mean[w] = n > 0 ? a->sum[w] / n : NAN;
        mean[nw + w] = n > 0 ? a->sum[nw + w] / n : NAN;
    }
    att_results_line ln = a->ln;
    ln.session = att_sim_session(sim);
    ln.trust = att_sim_trust(sim);
    ln.infant_arousal = mean;
    ln.caregiver_arousal = mean + nw;
    return att_results_add_line(out, &ln, att_sim_scorer(sim), err);
}

/* The wide lines of `wide` as long rows appended to `out`. */
static int to_long(const att_batch *b, const att_buf *wide, att_buf *out, att_error *err)
{
    int rc = ATT_OK;
    for (const char *p = wide->data, *end = wide->data + wide->len; rc == ATT_OK && p < end;
         p = strchr(p, '\n') + 1)
        rc = att_results_long_add(b->longf, p, out, err);
    return rc;
}

/* The sessions of run `run` simulated into `lines` (wide) and a->rup. */
static int run_sessions(const att_batch *b, att_sim *sim, struct run_acc *a, att_buf *lines,
                        att_error *err)
{
    int rc, more = 0;
    do {
        rc = run_session(b, sim, a, err);
        if (rc == ATT_OK)
            rc = add_session_line(a, lines, sim, err);
    } while (rc == ATT_OK && (more = att_sim_next_session(sim, err)) > 0);
    if (rc == ATT_OK && more < 0)
        rc = err->code;   /* the next session's scoring could not start */
    return rc;
}

int att_batch_row(const att_batch *b, long run, att_buf *out, att_batch_step_fn on_step,
                  void *user, att_error *err)
{
    unsigned long seed = att_batch_seed(b, run);
    att_sim *sim = att_sim_new(att_batch_scenario(b, run), b->mt, seed, run + 1, err);
    if (!sim)
        return err->code;
    size_t c = att_batch_condition_of(b, run);
    struct run_acc a = {
        .b = b, .on_step = on_step, .user = user, .sim = sim,
        .nwin = att_scenario_phase_count(b->base) + 1,
        .ln = { .id = b->id, .run = run, .runs = b->runs, .condition = b->names[c],
                .replicate = att_batch_replicate_of(b, run),
                .session_column = b->session_column, .seed = seed, .base = b->base,
                .used = att_sim_scenario(sim), .fixed = b->fixed_text[c] }
    };
    att_buf wide = { 0 };
    a.sum = calloc(5 * a.nwin, sizeof *a.sum);
    int rc = a.sum ? ATT_OK : att_error_nomem(err);
    if (b->flags & ATT_BATCH_RUPTURES)
        att_sim_on_rupture(sim, acc_rupture, &a);
    out->len = 0;
    if (rc == ATT_OK)
        rc = run_sessions(b, sim, &a, (b->flags & ATT_BATCH_LONG) ? &wide : out, err);
    if (rc == ATT_OK && (b->flags & ATT_BATCH_LONG))
        rc = to_long(b, &wide, out, err);
    if (rc == ATT_OK && (b->flags & ATT_BATCH_RUPTURES))
        rc = att_buf_add(out, "", 1, err);   /* the NUL between lines and rupture rows */
    if (rc == ATT_OK && a.rup.len)
        rc = att_buf_add(out, a.rup.data, a.rup.len, err);
    if (rc != ATT_OK && out->data) {
        out->len = 0;   /* no half-written run */
        out->data[0] = '\0';
    }
    att_buf_free(&wide);
    att_buf_free(&a.rup);
    free(a.sum);
    att_sim_free(sim);
    return rc;
}

int att_batch_set_output(att_batch *b, int flags, att_error *err)
{
    b->flags = flags;
    if ((flags & ATT_BATCH_LONG) && !b->longf) {
        if (!(b->longf = att_results_long_new("batch", b->header, err)))
            return err->code;
    }
    if ((flags & ATT_BATCH_RUPTURES) && !b->rupture_header
        && !(b->rupture_header = att_results_ruptures_header(b->base, b->fixed, b->nfixed,
                                                             err)))
        return ATT_ENOMEM;
    return ATT_OK;
}

const char *att_batch_output_header(const att_batch *b)
{
    return b->longf && (b->flags & ATT_BATCH_LONG) ? att_results_long_header(b->longf)
                                                   : b->header;
}

const char *att_batch_ruptures_header(const att_batch *b)
{
    return b->rupture_header;
}
