/* attune serve: the daemon.  Loads the scenarios and the page's files,
 * binds the listening socket itself (so a port in use gets a clear
 * message, and port 0 any free port), and hands it to libmicrohttpd with
 * its internal polling thread, a pool of 2 workers and bounded connections
 * (count, per address, idle time, memory: huge headers fail cleanly).  The
 * requests are answered in serve_route.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "serve/serve_int.h"
#include "serve/serve_route.h"

void att_serve_config_init(att_serve_config *c)
{
    memset(c, 0, sizeof *c);
    c->host = "127.0.0.1";
    c->tmp_dir = "/tmp";
    c->max_runs = ATT_SERVE_MAX_RUNS;
    c->max_client_runs = ATT_SERVE_MAX_CLIENT_RUNS;
    c->idle_s = ATT_SERVE_IDLE_S;
    c->max_steps = ATT_SERVE_MAX_STEPS;
    c->rate = ATT_SERVE_RATE;
    c->max_connections = 512;
    c->per_ip_connections = 256;
    c->timeout_s = 10;
}

static int check_config(const att_serve_config *c, att_error *err)
{
    if (c->max_runs < 1 || c->max_runs > 100000)
        return att_error_set(err, ATT_EINPUT, "--max-runs %ld: must be from 1 to 100000",
                             c->max_runs);
    if (c->max_client_runs < 1 || c->max_client_runs > 100000)
        return att_error_set(err, ATT_EINPUT, "--max-client-runs %ld: must be from 1 to 100000",
                             c->max_client_runs);
    if (!(c->idle_s >= 1 && c->idle_s <= 1e7))
        return att_error_set(err, ATT_EINPUT, "--idle %g: must be from 1 to 1e7 s", c->idle_s);
    if (c->max_steps < 1 || c->max_steps > 1000000)
        return att_error_set(err, ATT_EINPUT, "--max-steps %ld: must be from 1 to 1000000",
                             c->max_steps);
    if (!(c->rate >= 0 && c->rate <= 1e6))
        return att_error_set(err, ATT_EINPUT, "--rate %g: must be from 0 to 1e6", c->rate);
    if (c->port > 65535)
        return att_error_set(err, ATT_EINPUT, "--port %u: must be from 0 to 65535", c->port);
    if (!c->host || !*c->host)
        return att_error_set(err, ATT_EINPUT, "--host: empty");
    return ATT_OK;
}

/* Whether paths a and b name the same file. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev
           && sa.st_ino == sb.st_ino;
}

/* Scenario `scn`, from `path`, checked as every run of it will need: its
 * match table found and naming the simulator's codes, and its name not
 * one already on offer (the page and the API pick scenarios by name).
 * Sets *again when `path` is a file already on offer, to be skipped. */
static int check_scenario(const att_serve *s, const att_serve_config *c, const char *path,
                          const att_scenario *scn, int *again, att_error *err)
{
    *again = 0;
    for (size_t k = 0; k < s->nscs; k++) {
        if (same_file(s->scs[k].path, path))
            return *again = 1, ATT_OK;
        if (strcmp(att_scenario_name(s->scs[k].scn), att_scenario_name(scn)) == 0)
            return att_error_set(err, ATT_EINPUT, "%s: scenario name '%s' is already that of %s: "
                                 "the page picks a scenario by name; give this one another "
                                 "(name = ... in [scenario])", path, att_scenario_name(scn),
                                 s->scs[k].path);
    }
    att_match_table *mt = att_match_table_find(att_scenario_match_table(scn), c->match_dirs, err);
    int rc = mt ? att_sim_check_match_table(mt, err) : err->code;
    att_match_table_free(mt);
    if (rc == ATT_OK)
        return ATT_OK;
    char why[sizeof err->msg];   /* the table's own message, after the scenario's name */
    snprintf(why, sizeof why, "%s", err->msg);
    return att_error_set(err, rc, "%s: %s", path, why);
}

/* Loads every scenario on offer; shipped experiments are left out, the
 * user's refused. */
static int load_scenarios(att_serve *s, const att_serve_config *c, att_error *err)
{
    s->scs = calloc(c->nscenarios ? c->nscenarios : 1, sizeof *s->scs);
    if (!s->scs)
        return att_error_nomem(err);
    for (size_t i = 0; i < c->nscenarios; i++) {
        att_scenario *scn = att_scenario_load(c->scenarios[i], NULL, 0, err);
        if (!scn)
            return err->code;
        size_t nconds = att_scenario_condition_count(scn);
        att_scenario_free(nconds > 0 ? scn : NULL);
        if (nconds > 0 && i >= c->shipped)
            return att_error_set(err, ATT_EINPUT, "%s is an experiment with %zu condition%s: the "
                                 "page runs one dyad of a scenario (run the conditions with "
                                 "'attune batch %s')", c->scenarios[i], nconds,
                                 nconds == 1 ? "" : "s", c->scenarios[i]);
        if (nconds > 0)
            continue;
        int again, rc = check_scenario(s, c, c->scenarios[i], scn, &again, err);
        if (rc != ATT_OK || again) {
            att_scenario_free(scn);
            if (rc != ATT_OK)
                return rc;
            continue;
        }
        const char *label = c->labels && c->labels[i] ? c->labels[i] : c->scenarios[i];
        serve_scenario *sc = &s->scs[s->nscs++];
        sc->scn = scn;
        sc->path = malloc(strlen(c->scenarios[i]) + 1);
        sc->label = malloc(strlen(label) + 1);
        if (!sc->path || !sc->label)
            return att_error_nomem(err);
        strcpy(sc->path, c->scenarios[i]);
        strcpy(sc->label, label);
    }
    return ATT_OK;
}

/* A socket bound to host:port and listening; the port it got. */
static int listen_on(att_serve *s, const att_serve_config *c, att_error *err)
{
    char port[16];
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
    struct addrinfo *res = NULL;
    snprintf(port, sizeof port, "%u", c->port);
    int rc = getaddrinfo(c->host, port, &hints, &res);
    if (rc != 0 || !res)
        return att_error_set(err, ATT_EINPUT, "--host %s: %s", c->host, gai_strerror(rc));
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1, e = errno;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 128) != 0) {
            e = errno;
            close(fd);
            fd = -1;
        }
    }
    s->ipv6 = res->ai_family == AF_INET6;
    freeaddrinfo(res);
    if (fd < 0)
        return att_error_set(err, ATT_EINPUT, "cannot listen on %s:%u: %s", c->host, c->port,
                             strerror(e));
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &len);
    s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                             : ((struct sockaddr_in *)&ss)->sin_port);
    s->fd = fd;
    return ATT_OK;
}

static void quiet(void *cls, const char *fmt, va_list ap)
{
    (void)cls, (void)fmt, (void)ap;
}

static int start_daemon(att_serve *s, const att_serve_config *c, att_error *err)
{
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG
                     | (s->ipv6 ? MHD_USE_IPv6 : 0);
    s->d = MHD_start_daemon(flags, 0, NULL, NULL, serve_route, s,
                            MHD_OPTION_LISTEN_SOCKET, s->fd,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)2,
                            MHD_OPTION_CONNECTION_LIMIT, c->max_connections,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->per_ip_connections,
                            MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
                            MHD_OPTION_EXTERNAL_LOGGER, quiet, NULL,
                            MHD_OPTION_END);
    if (!s->d) {
        close(s->fd);
        return att_error_set(err, ATT_EINPUT, "cannot listen on %s:%u: libmicrohttpd refused "
                             "to start", c->host, s->port);
    }
    return ATT_OK;
}

att_serve *att_serve_new(const att_serve_config *c, att_error *err)
{
    if (check_config(c, err) != ATT_OK)
        return NULL;
    att_serve *s = calloc(1, sizeof *s);
    if (!s) {
        att_error_nomem(err);
        return NULL;
    }
    s->c = *c;
    s->fd = -1;
    pthread_mutex_init(&s->figure_lock, NULL);
    int rc = load_scenarios(s, c, err);
    if (rc == ATT_OK && !(s->files = serve_files_load(c->web_dir, err)))
        rc = err->code;
    if (rc == ATT_OK && !(s->runs = serve_registry_new(c->max_runs, c->max_client_runs,
                                                       c->idle_s, serve_run_free, err)))
        rc = err->code;
    if (rc == ATT_OK && !(s->limit = serve_limiter_new(c->rate, c->rate < 1 ? 1 : c->rate,
                                                       4096, err)))
        rc = err->code;
    if (rc == ATT_OK)
        rc = listen_on(s, c, err);
    if (rc == ATT_OK)
        rc = start_daemon(s, c, err);
    if (rc != ATT_OK) {
        att_serve_free(s);
        return NULL;
    }
    return s;
}

unsigned att_serve_port(const att_serve *s)
{
    return s->port;
}

long att_serve_runs(const att_serve *s)
{
    return serve_registry_count(s->runs);
}

void att_serve_free(att_serve *s)
{
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);
    serve_registry_free(s->runs);
    serve_limiter_free(s->limit);
    serve_files_free(s->files);
    for (size_t i = 0; i < s->nscs; i++) {
        free(s->scs[i].path);
        free(s->scs[i].label);
        att_scenario_free(s->scs[i].scn);
    }
    free(s->scs);
    pthread_mutex_destroy(&s->figure_lock);
    free(s);
}
