/* attune serve: the classroom server.  Finds the shipped scenarios and the
 * page (web/), starts the library's HTTP server (attune/serve.h), prints
 * the address (this machine's name for 0.0.0.0 or ::, every address) and
 * waits for Ctrl-C. */
#include <arpa/inet.h>
#include <dirent.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "attune/param.h"
#include "attune/serve.h"
#include "cli/cli.h"

static const char serve_usage[] =
    "usage: attune serve [options] [SCENARIO...]\n"
    "\n"
    "Serves the live classroom page: two dyads side by side, sliders applied\n"
    "live, narration, a running plot and counts, run by the same core as\n"
    "'attune run' (docs/SERVE.md).  Offers the shipped scenarios and every\n"
    "SCENARIO given.  Open the printed address in a browser; Ctrl-C stops.\n"
    "\n"
    "options:\n"
    "  --port N              port to listen on (default 8080; 0: any free port)\n"
    "  --host ADDRESS        address to bind (default 127.0.0.1: this machine only;\n"
    "                        another address lets the network in, with a warning)\n"
    "  --max-runs N          simulations held at once (default 256); more get 503\n"
    "  --max-client-runs N   of them by one address (default 8; a page holds 2): more\n"
    "                        get 429; raise it for a class behind one network address\n"
    "  --idle S              a simulation untouched for S seconds is freed (default 600)\n"
    "  --max-steps N         steps per request at most (default 1000)\n"
    "  --rate N              requests per second from one address (default 50; 0: no limit)\n"
    "  -h, --help            this text\n"
    "\n"
    "Exit status 0 when stopped by Ctrl-C (SIGINT) or SIGTERM; 2 on a bad option,\n"
    "a bad scenario or a port in use.\n";

typedef struct serve_args {
    const char *port, *host, *max_runs, *max_client, *idle, *max_steps, *rate;
    const char **words;
    size_t nwords;
} serve_args;

/* A number option into *out: CLI_OK, or CLI_USAGE (said). */
static int number(const char *flag, const char *v, double lo, double hi, int whole, double *out)
{
    if (!v)
        return CLI_OK;
    double x;
    if (att_parse_double(v, &x) != 0 || x < lo || x > hi || (whole && x != (long)x)) {
        fprintf(stderr, "attune serve: %s %s: must be %s from %g to %g\n", flag, v,
                whole ? "a whole number" : "a number", lo, hi);
        return CLI_USAGE;
    }
    *out = x;
    return CLI_OK;
}

static int parse(int argc, char **argv, serve_args *a, att_serve_config *c)
{
    const cli_option opts[] = {
        { "--port", NULL, &a->port, NULL },       { "--host", NULL, &a->host, NULL },
        { "--max-runs", NULL, &a->max_runs, NULL }, { "--idle", NULL, &a->idle, NULL },
        { "--max-steps", NULL, &a->max_steps, NULL }, { "--rate", NULL, &a->rate, NULL },
        { "--max-client-runs", NULL, &a->max_client, NULL },
    };
    if (!(a->words = calloc((size_t)argc + 1, sizeof *a->words)))
        return cli_nomem("serve");
    int rc = cli_parse("serve", argc, argv, opts, sizeof opts / sizeof opts[0], serve_usage,
                       a->words, &a->nwords);
    if (rc != CLI_OK)
        return rc;
    double port = 8080, runs = (double)c->max_runs, steps = (double)c->max_steps;
    double client = (double)c->max_client_runs;
    if (number("--port", a->port, 0, 65535, 1, &port) || number("--max-runs", a->max_runs, 1,
                                                                  100000, 1, &runs)
        || number("--max-client-runs", a->max_client, 1, 100000, 1, &client)
        || number("--idle", a->idle, 1, 1e7, 0, &c->idle_s)
        || number("--max-steps", a->max_steps, 1, 1000000, 1, &steps)
        || number("--rate", a->rate, 0, 1e6, 0, &c->rate))
        return CLI_USAGE;
    c->port = (unsigned)port;
    c->max_runs = (long)runs;
    c->max_client_runs = (long)client;
    c->max_steps = (long)steps;
    if (a->host)
        c->host = a->host;
    return CLI_OK;
}

/* The folder of `dp` that exists first, or NULL. */
static const char *first_dir(const cli_data_path *dp)
{
    for (size_t i = 0; dp->list[i]; i++) {
        DIR *d = opendir(dp->list[i]);
        if (d) {
            closedir(d);
            return dp->list[i];
        }
    }
    return NULL;
}

/* The shipped scenarios (*.ini of the first scenarios folder, sorted),
 * shown as scenarios/NAME.ini, then the command line's. */
typedef struct scenario_list {
    char **paths, **labels;
    size_t n;
} scenario_list;

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_scenario(scenario_list *l, const char *path, const char *label)
{
    char **p = realloc(l->paths, (l->n + 1) * sizeof *p);
    if (p)
        l->paths = p;
    char **q = p ? realloc(l->labels, (l->n + 1) * sizeof *q) : NULL;
    if (q)
        l->labels = q;
    if (!p || !q || !(l->paths[l->n] = strdup(path)))
        return CLI_FAIL;
    if (!(l->labels[l->n] = strdup(label))) {
        free(l->paths[l->n]);
        return CLI_FAIL;
    }
    l->n++;
    return CLI_OK;
}

static int shipped(scenario_list *l, const char *dir)
{
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *de;
    char *names[256];
    size_t n = 0;
    while (d && n < 256 && (de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 4 && strcmp(de->d_name + len - 4, ".ini") == 0 && de->d_name[0] != '.')
            if (!(names[n++] = strdup(de->d_name)))
                n--;
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int rc = CLI_OK;
    for (size_t i = 0; i < n; i++) {
        char path[4200], label[400];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(label, sizeof label, "scenarios/%s", names[i]);
        if (rc == CLI_OK)
            rc = add_scenario(l, path, label);
        free(names[i]);
    }
    return rc;
}

static void list_free(scenario_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->paths[i]);
        free(l->labels[i]);
    }
    free(l->paths);
    free(l->labels);
}

static int is_loopback(const char *host)
{
    return strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0
           || strcmp(host, "localhost") == 0;
}

/* 1 when `host` is the address of every interface (0.0.0.0, ::): what
 * the library binds, the first address getaddrinfo gives for it. */
static int is_wildcard(const char *host)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE };
    struct addrinfo *res = NULL;
    if (getaddrinfo(host, NULL, &hints, &res) != 0 || !res)
        return 0;
    int any = 0;
    if (res->ai_family == AF_INET)
        any = ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(INADDR_ANY);
    else if (res->ai_family == AF_INET6)
        any = IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)res->ai_addr)->sin6_addr);
    freeaddrinfo(res);
    return any;
}

/* Where a browser finds the server: its address, or for 0.0.0.0 and ::
 * (no address a browser can open) this machine's name and every address. */
static void print_address(const char *host, unsigned port)
{
    char name[256] = "";
    if (is_wildcard(host) && gethostname(name, sizeof name - 1) == 0 && name[0]) {
        printf("attune serve: open http://%s:%u/ in a browser (Ctrl-C stops)\n"
               "attune serve: --host %s answers at every address of this machine: "
               "http://ADDRESS:%u/ works with any of them ('hostname -I' lists them)\n",
               name, port, host, port);
    } else {
        int v6 = strchr(host, ':') != NULL;
        printf("attune serve: open http://%s%s%s:%u/ in a browser (Ctrl-C stops)\n",
               v6 ? "[" : "", host, v6 ? "]" : "", port);
    }
    fflush(stdout);
}

/* Serves until SIGINT or SIGTERM. */
static int serve(att_serve_config *c)
{
    att_error err = { 0 };
    cli_catch_signals();
    att_serve *s = att_serve_new(c, &err);
    if (!s) {
        cli_print_error("serve", &err, NULL);
        return cli_status(err.code);
    }
    if (!is_loopback(c->host))   /* once it listens there: not before a refusal */
        fprintf(stderr, "attune serve: warning: --host %s: anyone who can reach this machine "
                "on the network (students included) can use this server\n", c->host);
    print_address(c->host, att_serve_port(s));
    while (!cli_interrupted()) {
        struct timespec ts = { 0, 100 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    att_serve_free(s);
    return CLI_OK;
}

int cli_serve(int argc, char **argv)
{
    serve_args a = { 0 };
    att_serve_config c;
    att_serve_config_init(&c);
    int rc = parse(argc, argv, &a, &c);
    if (rc != CLI_OK) {
        free(a.words);
        return rc < 0 ? CLI_OK : rc;
    }
    cli_data_path dscn, dweb, dmatch;
    att_error err = { 0 };
    scenario_list l = { 0 };
    static const char *const defaults[] = { "peekaboo-patient", "peekaboo-intrusive", NULL };
    if (cli_data_path_init(&dscn, "scenarios", "../scenarios", &err) != ATT_OK
        || cli_data_path_init(&dweb, "web", "../web", &err) != ATT_OK
        || cli_data_path_init(&dmatch, "match", "../data/match", &err) != ATT_OK) {
        cli_print_error("serve", &err, NULL);
        free(a.words);
        return CLI_USAGE;
    }
    rc = shipped(&l, first_dir(&dscn));
    size_t nshipped = l.n;
    for (size_t i = 0; rc == CLI_OK && i < a.nwords; i++)
        rc = add_scenario(&l, a.words[i], a.words[i]);
    if (rc != CLI_OK) {
        list_free(&l);
        free(a.words);
        return cli_nomem("serve");
    }
    const char *tmp = getenv("TMPDIR");
    c.scenarios = (const char *const *)l.paths;
    c.labels = (const char *const *)l.labels;
    c.nscenarios = l.n;
    c.shipped = nshipped;
    c.defaults = defaults;
    c.match_dirs = dmatch.list;
    c.web_dir = first_dir(&dweb);
    c.tmp_dir = tmp && *tmp ? tmp : "/tmp";
    rc = serve(&c);
    list_free(&l);
    free(a.words);
    return rc;
}
