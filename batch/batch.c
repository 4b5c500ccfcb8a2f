/* Batch experiments: the plan of runs, each run's seed, and one results row
 * per run (see batch.h).  No I/O: the driver decides where rows go. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/batch.h"
#include "base/csvread.h"
#include "base/seed.h"
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
    size_t nwindows;
    int session_column;  /* some condition has several sessions */
    int (*interrupted)(void);  /* asked every 1024 steps; NULL: never */
};

/* ---- text buffers ---- */

void att_buf_free(att_buf *buf)
{
    if (!buf)
        return;
    free(buf->data);
    memset(buf, 0, sizeof *buf);
}

static int buf_reserve(att_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *grown = realloc(b->data, cap);
    if (!grown)
        return -1;
    b->data = grown;
    b->cap = cap;
    return 0;
}

static int buf_add(att_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n))
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int buf_str(att_buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

static int buf_printf(att_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int buf_printf(att_buf *b, const char *fmt, ...)
{
    char small[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return buf_add(b, small, (size_t)n);
    if (buf_reserve(b, (size_t)n))
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

/* A CSV field, quoted when it holds a separator, a quote or a line end. */
static int buf_field(att_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n"))
        return buf_str(b, s);
    if (buf_add(b, "\"", 1))
        return -1;
    for (const char *q; (q = strchr(s, '"')); s = q + 1)
        if (buf_add(b, s, (size_t)(q - s) + 1) || buf_add(b, "\"", 1))
            return -1;
    return buf_str(b, s) || buf_add(b, "\"", 1);
}

static int buf_number(att_buf *b, double x)
{
    return isnan(x) ? 0 : buf_printf(b, "%.10g", x);
}

/* Whole microseconds as exact seconds: 400000 -> "0.4". */
static int buf_seconds(att_buf *b, long long us)
{
    char frac[8];
    snprintf(frac, sizeof frac, "%06lld", us % 1000000);
    size_t n = 6;
    while (n > 0 && frac[n - 1] == '0')
        n--;
    frac[n] = '\0';
    return buf_printf(b, "%lld%s%s", us / 1000000, n ? "." : "", frac);
}

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
    int rc = buf_printf(&text, "attune-experiment\n%s\n%s\n%lu\n%s\n", ATT_VERSION,
                        att_scenario_hash(b->base), b->seed, mt_name ? mt_name : "");
    for (size_t i = 0; !rc && i < nsets; i++)
        if (strncmp(sets[i], "scenario.seed=", 14) != 0)
            rc = buf_printf(&text, "%s\n", sets[i]);
    if (rc) {
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

static int make_header(att_batch *b)
{
    att_buf h = { 0 };
    int rc = buf_str(&h, b->session_column ? "experiment,run,runs,condition,replicate,session,seed"
                                           : "experiment,run,runs,condition,replicate,seed");
    for (size_t i = 0; !rc && i < att_scenario_varied_count(b->base); i++)
        rc = buf_str(&h, ",") || buf_field(&h, att_scenario_varied_key(b->base, i));
    for (size_t w = 0; !rc && w < b->nwindows; w++) {
        const char *win = w == 0 ? "all" : att_scenario_phase(b->base, w - 1)->name;
        for (int c = 0; !rc && c < ATT_SC_COUNT; c++)
            rc = buf_printf(&h, ",%s.%s", win, att_score_col_name((att_score_col)c));
        if (!rc)
            rc = buf_printf(&h, ",%s.latencies", win);
    }
    if (!rc)
        rc = buf_str(&h, "\n");
    if (rc) {
        att_buf_free(&h);
        return -1;
    }
    b->header = h.data;
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
        att_error_set(err, ATT_ENOMEM, "out of memory");
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
    b->nwindows = att_scenario_phase_count(base) + 1;
    /* Experiments of single sessions keep the columns they always had. */
    b->session_column = att_scenario_sessions(base) > 1;
    for (size_t i = 0; i < slots; i++)
        b->session_column |= att_scenario_sessions(b->conds[i]) > 1;
    if (make_id(b, mt_name, sets, nsets) || make_header(b)) {
        att_batch_free(b);
        att_error_set(err, ATT_ENOMEM, "out of memory");
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

static int add_latencies(att_buf *out, const att_tally *t)
{
    size_t n = att_tally_size(t);
    const long long *keys = att_tally_keys(t);
    const long *events = att_tally_events(t), *censored = att_tally_censored(t);
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        for (long k = 0; k < events[i] + censored[i]; k++) {
            if ((!first && buf_add(out, " ", 1)) || buf_seconds(out, keys[i])
                || (k >= events[i] && buf_add(out, "+", 1)))
                return -1;
            first = 0;
        }
    }
    return 0;
}

static int add_scores(const att_batch *b, att_buf *out, const att_scorer *sc, att_error *err)
{
    if (att_scorer_window_count(sc) != b->nwindows)
        return att_error_set(err, ATT_EINTERNAL, "run scored %zu windows, expected %zu",
                             att_scorer_window_count(sc), b->nwindows);
    for (size_t w = 0; w < b->nwindows; w++) {
        att_window_score ws;
        int rc = att_scorer_window(sc, w, ATT_SCORE_CUTOFF_S, &ws, err);
        if (rc != ATT_OK)
            return rc;
        for (int c = 0; c < ATT_SC_COUNT; c++)
            if (buf_add(out, ",", 1) || buf_number(out, ws.v[c]))
                return att_error_set(err, ATT_ENOMEM, "out of memory");
        if (buf_add(out, ",", 1) || add_latencies(out, att_scorer_window_tally(sc, w)))
            return att_error_set(err, ATT_ENOMEM, "out of memory");
    }
    return ATT_OK;
}

/* One line's fields before the scores: experiment, run, runs, condition,
 * replicate, [session,] seed and the varied keys' values in `used`. */
static int add_line_head(const att_batch *b, att_buf *out, long run, long session,
                         unsigned long seed, const att_scenario *used)
{
    size_t cond = att_batch_condition_of(b, run);
    int bad = buf_printf(out, "%s,%ld,%ld,", b->id, run + 1, b->runs)
           || buf_field(out, b->names[cond])
           || buf_printf(out, ",%ld", att_batch_replicate_of(b, run))
           || (b->session_column && buf_printf(out, ",%ld", session))
           || buf_printf(out, ",%lu", seed);
    for (size_t i = 0; !bad && i < att_scenario_varied_count(b->base); i++) {
        double v;
        bad = buf_add(out, ",", 1);
        if (!bad && att_scenario_value(used, att_scenario_varied_key(b->base, i), &v) == 0)
            bad = buf_number(out, v);
    }
    return bad ? -1 : 0;
}

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
    size_t start = out->len;
    if (add_line_head(b, out, run, att_sim_session(sim), seed, att_sim_scenario(sim)))
        return att_error_set(err, ATT_ENOMEM, "out of memory");
    int rc = add_scores(b, out, att_sim_scorer(sim), err);
    if (rc == ATT_OK && buf_add(out, "\n", 1))
        rc = att_error_set(err, ATT_ENOMEM, "out of memory");
    /* A line no reader of results files would take is not written. */
    if (rc == ATT_OK && out->len - start > (size_t)ATT_CSV_MAX_RESULTS_ROW)
        rc = att_error_set(err, ATT_EINPUT, "run %ld, session %ld: its results line would be %zu "
                           "bytes, more than the %ld MiB a results file may hold per line: "
                           "shorten the phases (fewer ruptures per run)", run + 1,
                           att_sim_session(sim), out->len - start, ATT_CSV_MAX_RESULTS_ROW >> 20);
    return rc;
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

/* Skips one CSV field (quoted or not) and the comma after it; NULL when the
 * line ends first. */
static const char *skip_field(const char *p)
{
    if (*p == '"') {
        for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
            if (*p == '"')
                p++;
        if (*p++ != '"')
            return NULL;
    } else {
        p += strcspn(p, ",");
    }
    return *p == ',' ? p + 1 : NULL;
}

int att_batch_check_row(const att_batch *b, const char *line, long run, char *why, size_t size)
{
    size_t idlen = strlen(b->id);
    if (strncmp(line, b->id, idlen) != 0 || line[idlen] != ',') {
        snprintf(why, size, "row of another experiment (experiment %.16s, expected %s)",
                 line, b->id);
        return -1;
    }
    char *end;
    long got = strtol(line + idlen + 1, &end, 10);
    if (*end != ',' || got != run + 1) {
        snprintf(why, size, "expected run %ld here, found run %.20s", run + 1, line + idlen + 1);
        return -1;
    }
    return 0;
}

int att_batch_check_line(const att_batch *b, const char *line, long run, long session,
                         char *why, size_t size)
{
    if (att_batch_check_row(b, line, run, why, size) != 0)
        return -1;
    if (!b->session_column)
        return 0;
    const char *p = line;
    for (int i = 0; p && i < 5; i++)   /* experiment, run, runs, condition, replicate */
        p = skip_field(p);
    char *end = NULL;
    long got = p ? strtol(p, &end, 10) : 0;
    if (!p || end == p || *end != ',') {
        snprintf(why, size, "run %ld: no session number where the header has one", run + 1);
        return -1;
    }
    if (got != session) {
        snprintf(why, size, "expected session %ld of %ld of run %ld here, found session %ld",
                 session, att_batch_sessions(b, run), run + 1, got);
        return -1;
    }
    return 0;
}
