/* attune serve's run registry: runs by random id, at most max_runs at once
 * and max_client of one client, each freed when removed or idle too long,
 * never while a request holds it. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "serve/serve_int.h"

struct serve_entry {
    char id[SERVE_ID_LEN + 1];
    char client[SERVE_CLIENT_MAX];
    void *payload;
    double last;
    long holds;
    int removed;
    serve_entry *next;
};

struct serve_registry {
    pthread_mutex_t lock;
    long max_runs, max_client, count;
    double idle_s;
    void (*free_fn)(void *);
    serve_entry *head;
};

serve_registry *serve_registry_new(long max_runs, long max_client, double idle_s,
                                   void (*free_fn)(void *), att_error *err)
{
    serve_registry *r = calloc(1, sizeof *r);
    if (!r) {
        att_error_nomem(err);
        return NULL;
    }
    pthread_mutex_init(&r->lock, NULL);
    r->max_runs = max_runs;
    r->max_client = max_client;
    r->idle_s = idle_s;
    r->free_fn = free_fn;
    return r;
}

static void entry_free(serve_registry *r, serve_entry *e)
{
    if (r->free_fn)
        r->free_fn(e->payload);
    free(e);
}

void serve_registry_free(serve_registry *r)
{
    if (!r)
        return;
    for (serve_entry *e = r->head, *next; e; e = next) {
        next = e->next;
        entry_free(r, e);
    }
    pthread_mutex_destroy(&r->lock);
    free(r);
}

/* 16 random bytes as 32 hex digits, from /dev/urandom. */
static int random_id(char id[SERVE_ID_LEN + 1], att_error *err)
{
    unsigned char b[SERVE_ID_LEN / 2];
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    while (fd >= 0 && got < sizeof b) {
        ssize_t k = read(fd, b + got, sizeof b - got);
        if (k <= 0 && !(k < 0 && errno == EINTR))
            break;
        got += k > 0 ? (size_t)k : 0;
    }
    if (fd >= 0)
        close(fd);
    if (got < sizeof b)
        return att_error_set(err, ATT_EIO, "/dev/urandom: cannot read random bytes for a run id");
    for (size_t i = 0; i < sizeof b; i++) {
        id[2 * i] = "0123456789abcdef"[b[i] >> 4];
        id[2 * i + 1] = "0123456789abcdef"[b[i] & 15];
    }
    id[SERVE_ID_LEN] = '\0';
    return ATT_OK;
}

/* Unlinks and frees the entries that are removed or idle and not held.
 * Called with the lock held. */
static long sweep(serve_registry *r, double now)
{
    long n = 0;
    for (serve_entry **p = &r->head; *p;) {
        serve_entry *e = *p;
        if (e->holds == 0 && (e->removed || now - e->last >= r->idle_s)) {
            *p = e->next;
            if (!e->removed)
                r->count--;
            entry_free(r, e);
            n++;
        } else {
            p = &e->next;
        }
    }
    return n;
}

/* Runs of `client` held now.  Called with the lock held. */
static long client_runs(const serve_registry *r, const char *client)
{
    long n = 0;
    for (const serve_entry *e = r->head; e; e = e->next)
        n += !e->removed && strcmp(e->client, client) == 0;
    return n;
}

/* SERVE_ECLIENT or SERVE_EFULL when `client` may not add a run.  Called
 * with the lock held. */
static int over(serve_registry *r, const char *client, att_error *err)
{
    if (client_runs(r, client) >= r->max_client)
        return att_error_set(err, SERVE_ECLIENT, "this address holds its maximum of %ld "
                             "simulations at once: close one (a page holds 2; a page that "
                             "crashed or slept holds its 2 until %g s idle, or until attune "
                             "serve restarts), or attune serve needs a higher "
                             "--max-client-runs (a class behind one network address shares "
                             "it)", r->max_client, r->idle_s);
    if (r->count >= r->max_runs)
        return att_error_set(err, SERVE_EFULL, "the server is running its maximum of %ld "
                             "simulations; close one or try again later", r->max_runs);
    return ATT_OK;
}

int serve_registry_add(serve_registry *r, void *payload, const char *client, double now,
                       char id[SERVE_ID_LEN + 1], att_error *err)
{
    serve_entry *e = calloc(1, sizeof *e);
    if (!e)
        return att_error_nomem(err);
    if (random_id(e->id, err) != ATT_OK) {
        free(e);
        return ATT_EIO;
    }
    snprintf(e->client, sizeof e->client, "%s", client);
    pthread_mutex_lock(&r->lock);
    sweep(r, now);
    int rc = over(r, e->client, err);
    if (rc != ATT_OK) {
        pthread_mutex_unlock(&r->lock);
        free(e);
        return rc;
    }
    e->payload = payload;
    e->last = now;
    e->next = r->head;
    r->head = e;
    r->count++;
    memcpy(id, e->id, SERVE_ID_LEN + 1);
    pthread_mutex_unlock(&r->lock);
    return ATT_OK;
}

/* Called with the lock held. */
static serve_entry *find(serve_registry *r, const char *id)
{
    if (strlen(id) != SERVE_ID_LEN)
        return NULL;
    for (serve_entry *e = r->head; e; e = e->next)
        if (!e->removed && strcmp(e->id, id) == 0)
            return e;
    return NULL;
}

serve_entry *serve_registry_get(serve_registry *r, const char *id, double now)
{
    pthread_mutex_lock(&r->lock);
    sweep(r, now);
    serve_entry *e = find(r, id);
    if (e) {
        e->holds++;
        e->last = now;
    }
    pthread_mutex_unlock(&r->lock);
    return e;
}

void *serve_entry_payload(const serve_entry *e)
{
    return e->payload;
}

void serve_registry_put(serve_registry *r, serve_entry *e)
{
    pthread_mutex_lock(&r->lock);
    e->holds--;
    if (e->holds == 0 && e->removed) {
        for (serve_entry **p = &r->head; *p; p = &(*p)->next)
            if (*p == e) {
                *p = e->next;
                break;
            }
        entry_free(r, e);
    }
    pthread_mutex_unlock(&r->lock);
}

int serve_registry_remove(serve_registry *r, const char *id)
{
    pthread_mutex_lock(&r->lock);
    serve_entry *e = find(r, id);
    if (e) {
        e->removed = 1;
        r->count--;
        if (e->holds == 0)
            sweep(r, e->last);
    }
    pthread_mutex_unlock(&r->lock);
    return e != NULL;
}

long serve_registry_expire(serve_registry *r, double now)
{
    pthread_mutex_lock(&r->lock);
    long n = sweep(r, now);
    pthread_mutex_unlock(&r->lock);
    return n;
}

long serve_registry_count(serve_registry *r)
{
    pthread_mutex_lock(&r->lock);
    long n = r->count;
    pthread_mutex_unlock(&r->lock);
    return n;
}
