/* attune serve: a small HTTP server (libmicrohttpd) that runs simulations
 * for a web page, step by step, with live parameter changes.  The contract
 * between the server and the page is docs/SERVE.md.
 *
 * The server runs in threads of its own (libmicrohttpd's polling thread and
 * a pool of 2 workers) from att_serve_new until att_serve_free; the caller
 * only waits (the program waits for SIGINT or SIGTERM).  The library prints
 * nothing and reads no environment: every folder comes in the config. */
#ifndef ATT_SERVE_H
#define ATT_SERVE_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include "attune/error.h"

/* Defaults of the limits (att_serve_config_init). */
#define ATT_SERVE_MAX_RUNS 256     /* simulations held at once */
#define ATT_SERVE_MAX_CLIENT_RUNS 8  /* of them by one client (IP): a page holds 2 */
#define ATT_SERVE_IDLE_S 600.0     /* a run untouched this long is freed */
#define ATT_SERVE_MAX_STEPS 1000   /* steps per /steps request */
#define ATT_SERVE_RATE 50.0        /* requests per second per client (IP) */
/* A run of more steps (steps x sessions) is refused: its trace would be
 * too large to hold and send (the shipped scenarios have at most 54,000). */
#define ATT_SERVE_MAX_RUN_STEPS 200000L

typedef struct att_serve_config {
    const char *host;                 /* numeric address to bind (default "127.0.0.1") */
    unsigned port;                    /* 0: any free port (att_serve_port tells which) */
    /* The scenarios offered: files to load, and how each is shown ("path"
     * in /api/info and in the commands; NULL entry or NULL array: as given).
     * Experiment files (with [condition] sections) among the first `shipped`
     * are left out; from there on (the user's own) they are refused. */
    const char *const *scenarios;
    const char *const *labels;
    size_t nscenarios;
    size_t shipped;
    /* Names the page shows first (NULL-terminated, or NULL). */
    const char *const *defaults;
    const char *const *match_dirs;    /* NULL-terminated folders for match table names */
    const char *web_dir;              /* the page's files; NULL: no page, only the API */
    const char *tmp_dir;              /* for the figure's temporary trace (default "/tmp") */
    /* defaults, match_dirs and tmp_dir are kept, not copied: they must
     * outlive the server; the rest is read by att_serve_new. */
    long max_runs;                    /* >= 1 */
    long max_client_runs;             /* of one client (IP address), >= 1; more get 429 */
    double idle_s;                    /* > 0 */
    long max_steps;                   /* >= 1 */
    double rate;                      /* requests/s per client; 0: unlimited */
    unsigned max_connections;         /* open connections at once (default 512) */
    unsigned per_ip_connections;      /* of one address (default 256) */
    unsigned timeout_s;               /* a silent connection is closed (default 10) */
} att_serve_config;

typedef struct att_serve att_serve;

/* Fills `c` with the defaults above (no scenarios, no page). */
void att_serve_config_init(att_serve_config *c);

/* Loads the scenarios and the page's files, binds host:port and starts
 * serving.  Returns NULL and fills `err`: ATT_EINPUT for a bad scenario
 * ("FILE:LINE: ..."), a bad limit or host, or an address that cannot be
 * bound ("cannot listen on HOST:PORT: Address already in use"); ATT_EIO for
 * an unreadable web folder; ATT_ENOMEM.  Free with att_serve_free. */
att_serve *att_serve_new(const att_serve_config *c, att_error *err);

/* The port being listened on. */
unsigned att_serve_port(const att_serve *s);

/* Runs held now (idle ones are freed when the next request comes). */
long att_serve_runs(const att_serve *s);

/* Stops serving (waits for requests in progress) and frees everything;
 * NULL does nothing. */
void att_serve_free(att_serve *s);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
