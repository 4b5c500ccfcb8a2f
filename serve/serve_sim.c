/* attune serve's runs: one simulation stepped on request, its rows written
 * by the trace writer into memory (so each row is the bytes `attune run`
 * writes), its live changes recorded so that the command and the replayed
 * trace reproduce it. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/events.h"
#include "attune/stats.h"
#include "attune/tally.h"
#include "serve/serve_int.h"

/* The --seed check of the program, with its words. */
static int parse_seed(const char *v, char *set, size_t size, att_error *err)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (*v == '-' || *v == '\0' || *end != '\0' || errno == ERANGE || x > 0xffffffffULL)
        return att_error_set(err, ATT_EINPUT, "--seed %s: must be a whole number from 0 to %llu",
                             v, 0xffffffffULL);
    snprintf(set, size, "scenario.seed=%llu", x);
    return ATT_OK;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

/* The text from `p` to `end` without the spaces around it, as the loader
 * trims a section and a key: *len characters from the returned start. */
static const char *trimmed(const char *p, const char *end, int *len)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    *len = (int)(end - p);
    return p;
}

int serve_check_set(const char *arg, att_error *err)
{
    static const char *const page[] = { "infant", "caregiver", "phase" };
    const char *eq = strchr(arg, '='), *lhs_end = eq ? eq : arg + strlen(arg);
    const char *dot = memchr(arg, '.', (size_t)(lhs_end - arg));
    if (!eq || !dot)
        return ATT_OK;  /* no SECTION.KEY=: the loader refuses it in its words */
    int slen, klen;
    const char *sec = trimmed(arg, dot, &slen), *key = trimmed(dot + 1, lhs_end, &klen);
    for (size_t i = 0; i < sizeof page / sizeof page[0]; i++)
        if ((size_t)slen == strlen(page[i]) && strncmp(sec, page[i], (size_t)slen) == 0)
            return ATT_OK;
    return att_error_set(err, ATT_EINPUT, "--set %.200s: the page sets infant, caregiver and "
                         "phase keys only, not %.*s.%.*s", arg, slen < 100 ? slen : 100, sec,
                         klen < 100 ? klen : 100, key);
}

/* Copies the run's --set arguments, each of a section the page may set. */
static int keep_sets(serve_run *r, const char *const *sets, size_t nsets, att_error *err)
{
    for (size_t i = 0; i < nsets; i++)
        if (serve_check_set(sets[i], err) != ATT_OK)
            return err->code;
    r->sets = calloc(nsets + 1, sizeof *r->sets);
    if (!r->sets)
        return att_error_nomem(err);
    for (size_t i = 0; i < nsets; i++) {
        if (!(r->sets[i] = dup_str(sets[i])))
            return att_error_nomem(err);
        r->nsets++;
    }
    return ATT_OK;
}

/* Loads the scenario with the sets (and the seed after them, as the
 * program applies --seed) and its match table. */
static int load(serve_run *r, const char *seed, const char *const *match_dirs, att_error *err)
{
    char seed_set[64];
    const char **all = calloc(r->nsets + 1, sizeof *all);
    if (!all)
        return att_error_nomem(err);
    memcpy(all, r->sets, r->nsets * sizeof *all);
    size_t n = r->nsets;
    int rc = seed ? parse_seed(seed, seed_set, sizeof seed_set, err) : ATT_OK;
    if (rc == ATT_OK && seed)
        all[n++] = seed_set;
    if (rc == ATT_OK && !(r->scn = att_scenario_load(r->sc->path, all, n, err)))
        rc = err->code;
    free(all);
    if (rc != ATT_OK)
        return rc;
    if (!(r->mt = att_match_table_find(att_scenario_match_table(r->scn), match_dirs, err)))
        return err->code;
    r->seed = att_scenario_seed(r->scn);
    double total = (double)att_scenario_steps(r->scn) * (double)att_scenario_sessions(r->scn);
    if (total > (double)ATT_SERVE_MAX_RUN_STEPS)
        return att_error_set(err, ATT_EINPUT, "this run would have %.0f steps (steps x sessions); "
                             "the server runs at most %ld: use attune run for it", total,
                             ATT_SERVE_MAX_RUN_STEPS);
    return ATT_OK;
}

/* The trace writer into memory, and its header line. */
static int open_trace(serve_run *r, att_error *err)
{
    if (!(r->mem = open_memstream(&r->membuf, &r->memsize)))
        return att_error_nomem(err);
    if (!(r->tr = att_trace_open(r->mem, att_scenario_dt(r->scn), att_scenario_sessions(r->scn),
                                 err)))
        return err->code;
    long end = fflush(r->mem) == 0 ? ftell(r->mem) : -1;
    if (end < 1)
        return att_error_nomem(err);
    if (!(r->header = malloc((size_t)end)))
        return att_error_nomem(err);
    memcpy(r->header, r->membuf, (size_t)end - 1);
    r->header[end - 1] = '\0';
    return ATT_OK;
}

serve_run *serve_run_new(const serve_scenario *sc, const char *const *sets, size_t nsets,
                         const char *seed, const char *const *match_dirs, att_error *err)
{
    serve_run *r = calloc(1, sizeof *r);
    if (!r) {
        att_error_nomem(err);
        return NULL;
    }
    pthread_mutex_init(&r->lock, NULL);
    r->sc = sc;
    if (keep_sets(r, sets, nsets, err) != ATT_OK || load(r, seed, match_dirs, err) != ATT_OK
        || !(r->sim = att_sim_new(r->scn, r->mt, r->seed, 1, err))
        || att_sim_prepare(r->sim, err) < 0
        || open_trace(r, err) != ATT_OK) {
        serve_run_free(r);
        return NULL;
    }
    return r;
}

void serve_run_free(void *run)
{
    serve_run *r = run;
    if (!r)
        return;
    att_trace_free(r->tr);
    if (r->mem)
        fclose(r->mem);
    free(r->membuf);
    free(r->header);
    att_sim_free(r->sim);
    att_match_table_free(r->mt);
    att_scenario_free(r->scn);
    for (size_t i = 0; i < r->nsets; i++)
        free(r->sets[i]);
    free(r->sets);
    for (size_t i = 0; i < r->nchanges; i++) {
        free(r->changes[i].assign);
        free(r->changes[i].at);
    }
    free(r->changes);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

/* The counts of the session so far (its final ones once it has ended). */
static void live_counts(const serve_run *r, serve_counts *c, att_error *err)
{
    const att_scorer *sc = att_sim_scorer(r->sim);
    c->session = att_sim_session(r->sim);
    c->ruptures = att_scorer_ruptures(sc);
    c->repairs = att_scorer_repairs(sc);
    c->open = r->open;
    c->median = serve_run_median(r, err);
    c->matched_share = r->steps ? (double)r->matched / (double)r->steps : NAN;
}

void serve_run_counts(const serve_run *r, serve_counts *c, att_error *err)
{
    if (r->steps == 0 && r->ended.session > 0)
        *c = r->ended;   /* no step of the new session yet: the last one's */
    else
        live_counts(r, c, err);
}

/* After a session's last step: ends the session (the scorer censors an
 * open rupture, the infant hears of it) and starts the next one, so that
 * the run stands where its next step will be (its session, phase, policy
 * and values, and a change goes to it) however the steps were asked for.
 * The ended session's counts are kept for the state until the new session
 * has a step.  1, 0 when that was the last session, -1 with `err`. */
static int end_session(serve_run *r, att_error *err)
{
    att_step st;
    int more = att_sim_next(r->sim, &st, err);
    if (more != 0) {   /* 1 cannot be: att_sim_prepare said the session is over */
        if (more > 0)
            att_error_set(err, ATT_EINTERNAL, "a step past the session's end");
        return -1;
    }
    r->open = 0;
    live_counts(r, &r->ended, err);
    more = att_sim_next_session(r->sim, err);
    if (more <= 0) {
        r->done = more == 0;
        return more;
    }
    r->have_prev = 0;
    r->steps = r->matched = 0;
    return att_sim_prepare(r->sim, err) < 0 ? -1 : 1;
}

/* The step's row, as the trace writer wrote it, into out->row. */
static int write_row(serve_run *r, serve_step *out, att_error *err)
{
    rewind(r->mem);
    if (att_trace_write(r->tr, &out->st, err) != ATT_OK || att_trace_flush(r->tr, err) != ATT_OK)
        return err->code;
    long end = fflush(r->mem) == 0 ? ftell(r->mem) : -1;
    if (end < 1)
        return att_error_nomem(err);
    out->row = r->membuf;
    out->row_len = (size_t)end - 1;  /* without the newline */
    return ATT_OK;
}

int serve_run_step(serve_run *r, serve_step *out, att_error *err)
{
    if (r->done)
        return 0;
    int more = att_sim_next(r->sim, &out->st, err);
    if (more <= 0) {   /* 0 cannot be: end_session ends each session */
        if (more == 0)
            att_error_set(err, ATT_EINTERNAL, "a session's end went unnoticed");
        return -1;
    }
    if (write_row(r, out, err) != ATT_OK)
        return -1;
    out->events[0] = '\0';
    att_events_describe(r->have_prev ? &r->prev : NULL, &out->st, out->events,
                        sizeof out->events);
    if (out->st.score.kind == ATT_SCORE_RUPTURE) {
        r->open = 1;
        r->open_start = out->st.score.start;
    } else if (out->st.score.kind == ATT_SCORE_REPAIR) {
        r->open = 0;
    }
    r->steps++;
    r->matched += out->st.matched != 0;
    r->prev = out->st;
    r->have_prev = 1;
    /* on to where the next step stands: its phase begun, or its session */
    int next = att_sim_prepare(r->sim, err);
    out->last = next == 0;
    if (next < 0 || (next == 0 && end_session(r, err) < 0))
        return -1;
    return 1;
}

void serve_run_next_pos(const serve_run *r, long *session, long *index, double *t)
{
    *session = att_sim_session(r->sim);
    *index = r->have_prev ? r->prev.index + 1 : 0;
    *t = (double)*index * att_scenario_dt(r->scn);
}

double serve_run_median(const serve_run *r, att_error *err)
{
    const att_scorer *sc = att_sim_scorer(r->sim);
    if (att_scorer_window_count(sc) == 0)
        return NAN;
    att_tally *t = att_tally_new(err);
    if (!t || att_tally_merge(t, att_scorer_window_tally(sc, 0), err) != ATT_OK) {
        att_tally_free(t);
        return NAN;
    }
    /* `attune score` ends a trace one step after its last row's t */
    if (r->open && r->have_prev) {
        double t_end = r->prev.t + att_scenario_dt(r->scn);
        if (att_tally_add(t, att_us(t_end - r->open_start), 0, 1, err) != ATT_OK) {
            att_tally_free(t);
            return NAN;
        }
    }
    att_km_summary km;
    double median = NAN;
    if (att_km_summarise(att_tally_times(t), att_tally_events(t), att_tally_censored(t),
                         att_tally_size(t), ATT_SCORE_WITHIN_S, ATT_SCORE_CUTOFF_S,
                         ATT_SCORE_CONF, &km, err) == ATT_OK)
        median = km.median;
    att_tally_free(t);
    return median;
}

const char *serve_run_policy(const serve_run *r)
{
    return att_sim_policy_name(r->sim);
}

const char *serve_run_phase(const serve_run *r)
{
    return att_scenario_phase(att_sim_scenario(r->sim), att_sim_phase(r->sim))->name;
}

double serve_run_value(const serve_run *r, const char *key)
{
    return att_sim_value(r->sim, key);
}
