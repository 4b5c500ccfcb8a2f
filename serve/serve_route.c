/* attune serve's requests: the rate limit, the method and path, then one
 * answer per endpoint (docs/SERVE.md).  Every API answer is JSON; errors
 * are {"error": TEXT}.  A request with a body is refused (413). */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/plot.h"
#include "attune/param.h"
#include "base/json.h"
#include "serve/serve_route.h"

#define MAX_SETS 64

typedef struct query {
    const char *sets[MAX_SETS];
    size_t nsets;
    int too_many;
} query;

/* Sends `len` bytes (taken over when `owned`) with status and type. */
static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, const char *type,
                             char *body, size_t len, int owned)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (owned)
            free(body);
        return MHD_NO;
    }
    if (type)
        MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ok = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ok;
}

#define JSON_TYPE "application/json; charset=utf-8"

/* A JSON body built in a memory stream. */
typedef struct jbody {
    char *buf;
    size_t len;
    FILE *fp;
} jbody;

static int jopen(jbody *b)
{
    b->buf = NULL;
    b->len = 0;
    b->fp = open_memstream(&b->buf, &b->len);
    return b->fp != NULL;
}

static enum MHD_Result jsend(struct MHD_Connection *conn, unsigned status, jbody *b)
{
    if (fclose(b->fp) != 0) {
        free(b->buf);
        return MHD_NO;
    }
    return reply(conn, status, JSON_TYPE, b->buf, b->len, 1);
}

static enum MHD_Result fail(struct MHD_Connection *conn, unsigned status, const char *msg)
{
    jbody b;
    if (!jopen(&b))
        return MHD_NO;
    fputs("{\"error\":", b.fp);
    att_json_string(b.fp, msg);
    fputs("}", b.fp);
    return jsend(conn, status, &b);
}

/* The status for a library error. */
static enum MHD_Result fail_err(struct MHD_Connection *conn, const att_error *err)
{
    unsigned status = err->code == ATT_EINPUT     ? 400
                      : err->code == SERVE_ECLIENT ? 429
                      : err->code == SERVE_EFULL   ? 503
                                                   : 500;
    return fail(conn, status, err->msg);
}

static enum MHD_Result collect_sets(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    query *q = cls;
    (void)kind;
    if (strcmp(key, "set") == 0) {
        if (q->nsets == MAX_SETS)
            q->too_many = 1;
        else
            q->sets[q->nsets++] = value ? value : "";
    }
    return MHD_YES;
}

/* The query parameters of one endpoint: those it takes (NULL-ended; only
 * "set" may come more than once) and the first that it refuses. */
typedef struct params {
    const char *const *names;
    int seen[4];
    const char *bad;
    int twice;
} params;

static enum MHD_Result check_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    params *p = cls;
    (void)kind;
    if (!*key && (!value || !*value))
        return MHD_YES;   /* a stray '&' ("?a=1&"), as browsers may leave */
    int i = 0;
    while (p->names[i] && strcmp(p->names[i], key) != 0)
        i++;
    assert(i < 4);
    if (!p->names[i] || (p->seen[i]++ && strcmp(key, "set") != 0)) {
        p->bad = key;
        p->twice = p->names[i] != NULL;
        return MHD_NO;
    }
    return MHD_YES;
}

/* 1 when the query holds only parameters of `names`, each once but
 * "set"; else 0 with the message in msg: a misspelt parameter is
 * refused, not ignored (the run would go on with the default). */
static int params_ok(struct MHD_Connection *conn, const char *method, const char *endpoint,
                     const char *const *names, char *msg, size_t size)
{
    params p = { .names = names };
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_param, &p);
    if (!p.bad)
        return 1;
    if (p.twice) {
        snprintf(msg, size, "%s: given twice", p.bad);
        return 0;
    }
    char took[100] = "none";
    for (int i = 0; names[i]; i++)
        snprintf(took + (i ? strlen(took) : 0), sizeof took - (i ? strlen(took) : 0), "%s%s",
                 i == 0 ? "" : names[i + 1] ? ", " : " and ", names[i]);
    snprintf(msg, size, "%.100s: not a parameter of %s %s (it takes %s)",
             *p.bad ? p.bad : "(no name)", method, endpoint, took);
    return 0;
}

/* The client: its address as text. */
static void client_of(struct MHD_Connection *conn, char *buf, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(buf, size, "?");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, (socklen_t)size);
}

static const char *arg(struct MHD_Connection *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result info(att_serve *s, struct MHD_Connection *conn)
{
    jbody b;
    if (!jopen(&b))
        return MHD_NO;
    serve_json_info(s->scs, s->nscs, s->c.defaults, &s->c, serve_registry_count(s->runs), b.fp);
    return jsend(conn, 200, &b);
}

static const serve_scenario *find_scenario(att_serve *s, const char *name, char *msg,
                                           size_t size)
{
    const char *names[256];
    size_t n = 0;
    for (size_t i = 0; i < s->nscs; i++) {
        if (strcmp(att_scenario_name(s->scs[i].scn), name) == 0)
            return &s->scs[i];
        if (n < 256)
            names[n++] = att_scenario_name(s->scs[i].scn);
    }
    const char *near = att_suggest(name, names, n);
    snprintf(msg, size, "scenario=%.200s: no such scenario%s%s%s", name,
             near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    return NULL;
}

static enum MHD_Result create_run(att_serve *s, struct MHD_Connection *conn)
{
    const char *name = arg(conn, "scenario");
    char msg[512];
    if (!name || !*name)
        return fail(conn, 400, "scenario: missing (e.g. scenario=peekaboo-patient)");
    const serve_scenario *sc = find_scenario(s, name, msg, sizeof msg);
    if (!sc)
        return fail(conn, 400, msg);
    query q = { .nsets = 0 };
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_sets, &q);
    if (q.too_many)
        return fail(conn, 400, "set: at most 64 of them");
    att_error err = { 0 };
    serve_run *r = serve_run_new(sc, q.sets, q.nsets, arg(conn, "seed"), s->c.match_dirs, &err);
    if (!r)
        return fail_err(conn, &err);
    char id[SERVE_ID_LEN + 1];
    jbody b;
    if (!jopen(&b)) {
        serve_run_free(r);
        return MHD_NO;
    }
    serve_json_run(r, "", b.fp);  /* written before the run is shared */
    if (fclose(b.fp) != 0) {
        free(b.buf);
        serve_run_free(r);
        return MHD_NO;
    }
    assert(b.len > 8 && memcmp(b.buf, "{\"id\":\"\"", 8) == 0);
    char client[SERVE_CLIENT_MAX];
    client_of(conn, client, sizeof client);
    if (serve_registry_add(s->runs, r, client, serve_now(), id, &err) != ATT_OK) {
        free(b.buf);
        serve_run_free(r);
        return fail_err(conn, &err);
    }
    /* the id goes in the empty string the answer began with */
    char *full = malloc(b.len + SERVE_ID_LEN + 1);
    if (!full) {
        free(b.buf);
        return MHD_NO;
    }
    memcpy(full, b.buf, 7);
    memcpy(full + 7, id, SERVE_ID_LEN);
    memcpy(full + 7 + SERVE_ID_LEN, b.buf + 7, b.len - 7);
    free(b.buf);
    return reply(conn, 201, JSON_TYPE, full, b.len + SERVE_ID_LEN, 1);
}

/* n of /steps: a whole number from 1 to max_steps. */
static long parse_n(const char *v, long max)
{
    char *end;
    if (!v || *v < '0' || *v > '9')
        return -1;
    errno = 0;
    long n = strtol(v, &end, 10);
    return *end || errno || n < 1 || n > max ? -1 : n;
}

static enum MHD_Result steps(att_serve *s, struct MHD_Connection *conn, serve_run *r)
{
    long n = parse_n(arg(conn, "n"), s->c.max_steps);
    if (n < 0) {
        char msg[300];
        const char *v = arg(conn, "n");
        snprintf(msg, sizeof msg, "n=%.100s: must be a whole number from 1 to %ld",
                 v ? v : "", s->c.max_steps);
        return fail(conn, 400, msg);
    }
    jbody b;
    att_error err = { 0 };
    if (!jopen(&b))
        return MHD_NO;
    pthread_mutex_lock(&r->lock);
    int rc = serve_json_steps(r, n, b.fp, &err);
    pthread_mutex_unlock(&r->lock);
    if (rc != ATT_OK) {
        fclose(b.fp);
        free(b.buf);
        return fail_err(conn, &err);
    }
    return jsend(conn, 200, &b);
}

static enum MHD_Result change(struct MHD_Connection *conn, serve_run *r)
{
    query q = { .nsets = 0 };
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_sets, &q);
    if (q.nsets != 1)
        return fail(conn, 400, "set: give one SECTION.KEY=VALUE (e.g. set=caregiver.wait_time%3D3)");
    jbody b;
    att_error err = { 0 };
    if (!jopen(&b))
        return MHD_NO;
    pthread_mutex_lock(&r->lock);
    int rc = serve_run_change(r, q.sets[0], &err);
    if (rc == ATT_OK)
        serve_json_change(r, b.fp);
    pthread_mutex_unlock(&r->lock);
    if (rc != ATT_OK) {
        fclose(b.fp);
        free(b.buf);
        return fail_err(conn, &err);
    }
    return jsend(conn, 200, &b);
}

/* Content-Disposition of a download: NAME-SEED.EXT. */
static void disposition(struct MHD_Response *resp, const serve_run *r, const char *ext)
{
    char h[200];
    char name[ATT_NAME_MAX + 1];
    snprintf(name, sizeof name, "%s", att_scenario_name(r->scn));
    for (char *p = name; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p))
            *p = '_';
    snprintf(h, sizeof h, "attachment; filename=\"%s-%lu.%s\"", name, r->seed, ext);
    MHD_add_response_header(resp, "Content-Disposition", h);
}

static enum MHD_Result send_file(struct MHD_Connection *conn, const serve_run *r,
                                 const char *type, const char *ext, char *buf, size_t len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(buf);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    disposition(resp, r, ext);
    enum MHD_Result ok = MHD_queue_response(conn, 200, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result trace_csv(struct MHD_Connection *conn, serve_run *r)
{
    char *buf = NULL;
    size_t len = 0;
    att_error err = { 0 };
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        return MHD_NO;
    pthread_mutex_lock(&r->lock);
    int rc = serve_run_replay(r, fp, &err);
    pthread_mutex_unlock(&r->lock);
    if (fclose(fp) != 0 && rc == ATT_OK)
        rc = att_error_nomem(&err);
    if (rc != ATT_OK) {
        free(buf);
        return fail_err(conn, &err);
    }
    return send_file(conn, r, "text/csv; charset=utf-8", "csv", buf, len);
}

static enum MHD_Result figure(att_serve *s, struct MHD_Connection *conn, serve_run *r,
                              att_plot_format f)
{
    char *buf = NULL;
    size_t len = 0;
    att_error err = { 0 };
    if (serve_figure(s, r, f, &buf, &len, &err) != ATT_OK) {
        free(buf);
        return fail_err(conn, &err);
    }
    return f == ATT_PLOT_PNG ? send_file(conn, r, "image/png", "png", buf, len)
                             : send_file(conn, r, "image/svg+xml", "svg", buf, len);
}

/* GET's requests answer HEAD too (libmicrohttpd sends no body for it). */
static int method_is(const char *method, const char *want)
{
    return strcmp(method, want) == 0 || (strcmp(want, "GET") == 0 && strcmp(method, "HEAD") == 0);
}

static const char *const no_params[] = { NULL };
static const char *const n_param[] = { "n", NULL };
static const char *const set_param[] = { "set", NULL };
static const char *const new_run_params[] = { "scenario", "seed", "set", NULL };

/* What a run's path asks for, and the method and parameters it takes. */
enum { R_DELETE, R_STEPS, R_CHANGE, R_CLOSE, R_TRACE, R_PNG, R_SVG, R_NONE };

static const struct run_action {
    const char *rest, *method, *endpoint;
    const char *const *params;
} run_actions[R_NONE] = {
    { "", "DELETE", "/api/runs/ID", no_params },
    { "/steps", "POST", "/api/runs/ID/steps", n_param },
    { "/change", "POST", "/api/runs/ID/change", set_param },
    { "/close", "POST", "/api/runs/ID/close", no_params },
    { "/trace.csv", "GET", "/api/runs/ID/trace.csv", no_params },
    { "/figure.png", "GET", "/api/runs/ID/figure.png", no_params },
    { "/figure.svg", "GET", "/api/runs/ID/figure.svg", no_params },
};

static int run_action(const char *rest)
{
    int i = 0;
    while (i < R_NONE && strcmp(rest, run_actions[i].rest) != 0)
        i++;
    return i;
}

static enum MHD_Result on_run(att_serve *s, struct MHD_Connection *conn, const char *path,
                              const char *method)
{
    const char *slash = strchr(path, '/');
    size_t idlen = slash ? (size_t)(slash - path) : strlen(path);
    int act = run_action(path + idlen);
    if (act == R_NONE)
        return fail(conn, 404, "no such page");
    const struct run_action *a = &run_actions[act];
    if (!method_is(method, a->method))
        return fail(conn, 405, "method not allowed here");
    char msg[300];
    if (!params_ok(conn, method, a->endpoint, a->params, msg, sizeof msg))
        return fail(conn, 400, msg);
    char id[SERVE_ID_LEN + 1] = "";
    if (idlen == SERVE_ID_LEN)
        memcpy(id, path, SERVE_ID_LEN + 1), id[SERVE_ID_LEN] = '\0';
    if (act == R_DELETE || act == R_CLOSE) {
        if (!serve_registry_remove(s->runs, id))
            return fail(conn, 404, "no such run (closed, or freed after being idle)");
        return reply(conn, 204, NULL, "", 0, 0);
    }
    serve_entry *e = serve_registry_get(s->runs, id, serve_now());
    if (!e)
        return fail(conn, 404, "no such run (closed, or freed after being idle)");
    serve_run *r = serve_entry_payload(e);
    enum MHD_Result ok;
    switch (act) {
    case R_STEPS: ok = steps(s, conn, r); break;
    case R_CHANGE: ok = change(conn, r); break;
    case R_TRACE: ok = trace_csv(conn, r); break;
    default: ok = figure(s, conn, r, act == R_PNG ? ATT_PLOT_PNG : ATT_PLOT_SVG); break;
    }
    serve_registry_put(s->runs, e);
    return ok;
}

static enum MHD_Result on_file(att_serve *s, struct MHD_Connection *conn, const char *url,
                               const char *method)
{
    size_t len;
    const char *mime;
    const char *data = strchr(url + 1, '/') ? NULL : serve_files_get(s->files, url + 1, &len, &mime);
    if (!data)
        return fail(conn, 404, "no such page");
    if (!method_is(method, "GET"))
        return fail(conn, 405, "method not allowed here");
    return reply(conn, 200, mime, (char *)data, len, 0);
}

static enum MHD_Result route(att_serve *s, struct MHD_Connection *conn, const char *url,
                             const char *method)
{
    int is_info = strcmp(url, "/api/info") == 0, is_runs = strcmp(url, "/api/runs") == 0;
    if (is_info || is_runs) {
        char msg[300];
        if (!method_is(method, is_info ? "GET" : "POST"))
            return fail(conn, 405, "method not allowed here");
        if (!params_ok(conn, method, url, is_info ? no_params : new_run_params, msg, sizeof msg))
            return fail(conn, 400, msg);
        return is_info ? info(s, conn) : create_run(s, conn);
    }
    if (strncmp(url, "/api/runs/", 10) == 0)
        return on_run(s, conn, url + 10, method);
    if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0 || url[0] != '/')
        return fail(conn, 404, "no such page");
    return on_file(s, conn, url, method);
}

/* A request that carries a body (refused: parameters go in the query). */
static int has_body(struct MHD_Connection *conn)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
    return te || (cl && strspn(cl, "0") != strlen(cl));
}

enum MHD_Result serve_route(void *cls, struct MHD_Connection *conn, const char *url,
                            const char *method, const char *version, const char *upload_data,
                            size_t *upload_data_size, void **con_cls)
{
    att_serve *s = cls;
    (void)version, (void)upload_data;
    if (*con_cls) {  /* the request is complete (it has no body): answer it */
        if (*upload_data_size) {  /* not announced by its headers: dropped */
            *upload_data_size = 0;
            return MHD_YES;
        }
        return route(s, conn, url, method);
    }
    /* The first call, with the headers: refusals go at once (and the
     * connection closes); an answer waits for the end of the request, so
     * that the connection can be kept alive. */
    *con_cls = s;
    char client[SERVE_CLIENT_MAX];
    client_of(conn, client, sizeof client);
    /* The page's own files are not counted: a class behind one address
     * loading the page at once got style.css and app.js refused (as JSON),
     * a broken page; they are a few kilobytes from memory. */
    if (strncmp(url, "/api", 4) == 0 && !serve_limiter_allow(s->limit, client, serve_now())) {
        char msg[200];
        snprintf(msg, sizeof msg, "too many requests: at most %g a second from one address",
                 s->c.rate);
        return fail(conn, 429, msg);
    }
    if (has_body(conn))
        return fail(conn, 413, "request bodies are not accepted: parameters go in the query "
                               "string");
    return MHD_YES;
}
