/* Batch experiments: the plan of runs, each run's seed, and one results row
 * per run (see batch.h).  No I/O: the driver decides where rows go. */
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
};

/* ---- the plan ---- */

unsigned long att_batch_seed(const att_batch *b, long run)
{
    return att_seed_run(b->seed, b->names[att_batch_condition_of(b, run)],
                        att_batch_replicate_of(b, run));
}

/* The id hashes everything that changes the rows, so --seed 7 and --set
 * scenario.seed=7 name the same experiment. */
static int make_id(att_batch *b, const char *mt_name, const char *const *sets, size_t nsets)
{
    att_buf text = { 0 };
    int rc = att_buf_printf(&text, NULL, "attune-experiment\n%s\n%s\n%lu\n%s\n", ATT_VERSION,
                            att_scenario_hash(b->base), b->seed, mt_name ? mt_name : "");
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

att_batch *att_batch_new(const att_scenario *base, const att_match_table *mt,
                         const char *mt_name, const char *const *sets, size_t nsets,
                         att_error *err)
{
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
    if (make_id(b, mt_name, sets, nsets)
        || !(b->header = att_results_header(base, b->session_column, err))) {
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

/* Runs the current session to its end, showing every step to `on_step`;
 * gives up when b->interrupted says so. */
static int run_session(const att_batch *b, att_sim *sim, att_batch_step_fn on_step, void *user,
                       att_error *err)
{
    att_step st;
    int more;
    while ((more = att_sim_next(sim, &st, err)) == 1) {
        if ((st.index & 1023) == 0 && b->interrupted && b->interrupted())
            return att_error_set(err, ATT_EIO, "interrupted");
        if (on_step) {
            int rc = on_step(user, &st, err);
            if (rc != ATT_OK)
                return rc;
        }
    }
    return more < 0 ? err->code : ATT_OK;
}

/* The session's line: read from the scorer, which holds only the session
 * just ended, so it is written before the next one starts. */
static int add_session_line(const att_batch *b, att_buf *out, long run, unsigned long seed,
                            const att_sim *sim, att_error *err)
{
    att_results_line ln = {
        .id = b->id, .run = run, .runs = b->runs,
        .condition = b->names[att_batch_condition_of(b, run)],
        .replicate = att_batch_replicate_of(b, run), .session_column = b->session_column,
        .session = att_sim_session(sim), .trust = att_sim_trust(sim), .seed = seed, .base = b->base,
        .used = att_sim_scenario(sim)
    };
    return att_results_add_line(out, &ln, att_sim_scorer(sim), err);
}

int att_batch_row(const att_batch *b, long run, att_buf *out, att_batch_step_fn on_step,
                  void *user, att_error *err)
{
    unsigned long seed = att_batch_seed(b, run);
    att_sim *sim = att_sim_new(att_batch_scenario(b, run), b->mt, seed, run + 1, err);
    if (!sim)
        return err->code;
    out->len = 0;
    int rc, more = 0;
    do {
        rc = run_session(b, sim, on_step, user, err);
        if (rc == ATT_OK)
            rc = add_session_line(b, out, run, seed, sim, err);
    } while (rc == ATT_OK && (more = att_sim_next_session(sim, err)) > 0);
    if (rc == ATT_OK && more < 0)
        rc = err->code;   /* the next session's scoring could not start */
    if (rc != ATT_OK && out->data) {
        out->len = 0;   /* no half-written run */
        out->data[0] = '\0';
    }
    att_sim_free(sim);
    return rc;
}
