/* The pieces of attune serve, internal to the library: the per-client rate
 * limit (serve_limit.c), the run registry (serve_runs.c), one simulation
 * run by steps (serve_sim.c), the static files (serve_files.c), the JSON
 * answers (serve_api.c, serve_info.c) and the daemon (serve.c). */
#ifndef ATT_SERVE_INT_H
#define ATT_SERVE_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include "attune/error.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/serve.h"
#include "attune/sim.h"
#include "attune/trace.h"

#pragma GCC visibility push(hidden)

/* Seconds on a monotonic clock. */
double serve_now(void);

/* ---- serve_limit.c: a token bucket per client ---- */

/* A bucket holding up to `burst` tokens, refilled at `rate` per second. */
typedef struct serve_bucket {
    double tokens, last;
} serve_bucket;
/* Takes one token at time `now` (s): 1 when there was one, 0 when the
 * client is over its rate.  A new bucket is zeroed: full at its first use. */
int serve_bucket_take(serve_bucket *b, double now, double rate, double burst);

typedef struct serve_limiter serve_limiter;
/* A table of buckets by client name (its address), `slots` of them; a
 * client not seen for a while gives its slot to a new one.  rate 0: every
 * request is allowed.  NULL with `err` when out of memory. */
serve_limiter *serve_limiter_new(double rate, double burst, size_t slots, att_error *err);
/* 1: allowed, 0: over the rate.  Thread-safe. */
int serve_limiter_allow(serve_limiter *l, const char *client, double now);
void serve_limiter_free(serve_limiter *l);

/* ---- serve_runs.c: the registry of runs ---- */

#define SERVE_ID_LEN 32     /* hex digits of a run id */
#define SERVE_EFULL 100     /* return code: the registry holds max_runs runs */
#define SERVE_ECLIENT 101   /* return code: the client holds max_client runs */
#define SERVE_CLIENT_MAX 64 /* a client's name (its address as text) with its NUL */

typedef struct serve_registry serve_registry;
typedef struct serve_entry serve_entry;
/* A registry of at most `max_runs` payloads, at most `max_client` of one
 * client, each freed by `free_fn` when removed or idle for `idle_s`.  NULL
 * with `err` when out of memory. */
serve_registry *serve_registry_new(long max_runs, long max_client, double idle_s,
                                   void (*free_fn)(void *), att_error *err);
/* Frees every payload left. */
void serve_registry_free(serve_registry *r);
/* Adds `payload` of `client` (its address; cut to SERVE_CLIENT_MAX - 1
 * characters) under a new random id (written to `id`, NUL-terminated),
 * first freeing runs idle at `now`.  Returns ATT_OK; SERVE_ECLIENT when the
 * client holds max_client runs, SERVE_EFULL when the registry is full (the
 * payload stays the caller's); ATT_EIO when no random bytes could be had;
 * ATT_ENOMEM. */
int serve_registry_add(serve_registry *r, void *payload, const char *client, double now,
                       char id[SERVE_ID_LEN + 1], att_error *err);
/* The run `id`, held (so not freed) until serve_registry_put, and marked
 * used at `now`; NULL for an unknown id. */
serve_entry *serve_registry_get(serve_registry *r, const char *id, double now);
void *serve_entry_payload(const serve_entry *e);
void serve_registry_put(serve_registry *r, serve_entry *e);
/* Removes run `id` (freed once nobody holds it): 1 when there was one. */
int serve_registry_remove(serve_registry *r, const char *id);
/* Frees the runs idle at `now` that nobody holds; returns how many. */
long serve_registry_expire(serve_registry *r, double now);
/* Runs held now. */
long serve_registry_count(serve_registry *r);

/* ---- serve_sim.c: one run ---- */

/* A scenario on offer: loaded once at start to describe it. */
typedef struct serve_scenario {
    char *path;        /* the file read */
    char *label;       /* how it is shown ("path" in the API, the commands) */
    att_scenario *scn; /* loaded without overrides */
} serve_scenario;

/* One live change, as `attune run --at` takes it. */
typedef struct serve_change {
    long session, index;
    char *assign;      /* "SECTION.KEY=VALUE" */
    char *at;          /* "[S/]T:SECTION.KEY=VALUE" */
} serve_change;

/* A session's counts as the state shows them. */
typedef struct serve_counts {
    long session;              /* 0: none (no session has ended) */
    long ruptures, repairs;
    int open;                  /* a rupture is open */
    double median;             /* Kaplan-Meier median time to repair, NaN: none */
    double matched_share;      /* NaN before a step */
} serve_counts;

typedef struct serve_run {
    pthread_mutex_t lock;
    const serve_scenario *sc;
    att_scenario *scn;         /* loaded with the run's sets and seed */
    att_match_table *mt;
    att_sim *sim;
    att_trace *tr;
    FILE *mem;                 /* the trace writer's stream (open_memstream) */
    char *membuf;
    size_t memsize;
    char *header;              /* the trace's header line, no newline */
    char **sets;               /* the run's --set arguments */
    size_t nsets;
    unsigned long seed;
    serve_change *changes;
    size_t nchanges, capchanges;
    att_step prev;             /* the last step, if any, of the current session */
    int have_prev;
    int done;
    long steps, matched;       /* in the current session */
    int open;                  /* a rupture is open */
    double open_start;
    serve_counts ended;        /* the last session ended (session 0: none yet) */
} serve_run;

/* One step as the API reports it. */
typedef struct serve_step {
    att_step st;
    const char *row;           /* the trace row (no newline), valid until the next step */
    size_t row_len;
    char events[2048];         /* att_events_describe's lines */
    int last;                  /* the session's last step: a request stops after it */
} serve_step;

/* ATT_OK when --set argument `arg` may come from the page: a key of
 * [infant], [caregiver] or a [phase] (scenario.* names files, such as its
 * match_table; batch.* is not the page's); else ATT_EINPUT naming the key.
 * An argument without SECTION.KEY= passes: the loader refuses it. */
int serve_check_set(const char *arg, att_error *err);
/* Makes a run of `sc` with the --set arguments `sets` (each checked by
 * serve_check_set first) and the seed (NULL:
 * the scenario's), its match table found in `match_dirs`.  NULL with `err`
 * holding the CLI's message for a bad seed or set (ATT_EINPUT). */
serve_run *serve_run_new(const serve_scenario *sc, const char *const *sets, size_t nsets,
                         const char *seed, const char *const *match_dirs, att_error *err);
void serve_run_free(void *run);
/* The next step into `out`: 1, 0 when the run is over, -1 with `err`.
 * After each step the run stands at the next one (att_sim_prepare): its
 * phase begun, or after a session's last step (out->last) the next
 * session started, so the state does not depend on how the steps were
 * asked for, and a change goes to the next step whatever it is. */
int serve_run_step(serve_run *r, serve_step *out, att_error *err);
/* The session and index of the next step, and its t (after the last
 * step of the run: the last session's end). */
void serve_run_next_pos(const serve_run *r, long *session, long *index, double *t);
/* The counts the state shows: the current session's so far, or, before
 * the new session's first step, those of the session just ended. */
void serve_run_counts(const serve_run *r, serve_counts *c, att_error *err);
/* Applies `assign` ("SECTION.KEY=VALUE") from the next step on, recorded
 * for the command and the replay.  ATT_EINPUT with the CLI's --at message. */
int serve_run_change(serve_run *r, const char *assign, att_error *err);
/* The command that reproduces the run: "attune run PATH --seed N ...". */
int serve_run_command(const serve_run *r, FILE *out);
/* Writes the whole run's trace, replayed from the start, to `out`. */
int serve_run_replay(const serve_run *r, FILE *out, att_error *err);
/* The next step's policy and phase names and a slider key's value for it
 * (NaN: none), a change made for it included. */
const char *serve_run_policy(const serve_run *r);
const char *serve_run_phase(const serve_run *r);
double serve_run_value(const serve_run *r, const char *key);
/* Kaplan-Meier median time to repair of the session so far, as `attune
 * score` reports it for the steps made (the open rupture censored at the
 * end of the last step); NaN when undefined. */
double serve_run_median(const serve_run *r, att_error *err);

/* ---- serve_files.c: the page's files, read once ---- */

typedef struct serve_files serve_files;
/* Reads the regular files of `dir` named [a-z0-9][a-z0-9._-]* (at most
 * 8 MB each).  `dir` NULL: no files.  NULL with `err` (ATT_EIO) on a read
 * error. */
serve_files *serve_files_load(const char *dir, att_error *err);
/* The file `name` ("" means index.html): its bytes and MIME type, or NULL. */
const char *serve_files_get(const serve_files *f, const char *name, size_t *len,
                            const char **mime);
void serve_files_free(serve_files *f);
/* The MIME type for a file name's extension (NULL: not served). */
const char *serve_mime(const char *name);

/* ---- serve_info.c and serve_api.c: the answers ---- */

/* The slider keys, in the API's order. */
extern const char *const serve_slider_keys[];
extern const size_t serve_slider_count;

/* Writes a JSON number (null for NaN or an infinity). */
void serve_json_number(FILE *fp, double v);
/* {"steps":[...],"state":{...}} for `n` steps of run `r`. */
int serve_json_steps(serve_run *r, long n, FILE *out, att_error *err);
/* The "values" object of a run. */
void serve_json_values(const serve_run *r, FILE *out);
/* The 201 answer of a new run. */
void serve_json_run(const serve_run *r, const char *id, FILE *out);
/* The answer of a change. */
void serve_json_change(const serve_run *r, FILE *out);
/* The /api/info answer; `runs`: the runs held now. */
void serve_json_info(const serve_scenario *scs, size_t n, const char *const *defaults,
                     const att_serve_config *c, long runs, FILE *out);

#pragma GCC visibility pop

#endif
