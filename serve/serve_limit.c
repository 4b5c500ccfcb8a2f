/* attune serve's per-client rate limit: a token bucket per client address,
 * in a fixed table (a client not seen for a while gives its slot up). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "serve/serve_int.h"

double serve_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int serve_bucket_take(serve_bucket *b, double now, double rate, double burst)
{
    if (b->last == 0 && b->tokens == 0) {  /* first use: full */
        b->tokens = burst;
        b->last = now;
    }
    if (now > b->last) {
        b->tokens += (now - b->last) * rate;
        if (b->tokens > burst)
            b->tokens = burst;
        b->last = now;
    }
    if (b->tokens >= 1 - 1e-9) {  /* 0.1 s x 10/s is one token, whatever the rounding */
        b->tokens -= 1;
        return 1;
    }
    return 0;
}

#define CLIENT_MAX SERVE_CLIENT_MAX   /* an IPv6 address in text fits */
#define PROBES 8

typedef struct slot {
    char client[CLIENT_MAX];
    serve_bucket b;
} slot;

struct serve_limiter {
    pthread_mutex_t lock;
    double rate, burst;
    size_t n;
    slot *slots;
};

serve_limiter *serve_limiter_new(double rate, double burst, size_t slots, att_error *err)
{
    serve_limiter *l = calloc(1, sizeof *l);
    if (l)
        l->slots = calloc(slots ? slots : 1, sizeof *l->slots);
    if (!l || !l->slots) {
        free(l);
        att_error_nomem(err);
        return NULL;
    }
    pthread_mutex_init(&l->lock, NULL);
    l->rate = rate;
    l->burst = burst < 1 ? 1 : burst;
    l->n = slots ? slots : 1;
    return l;
}

void serve_limiter_free(serve_limiter *l)
{
    if (!l)
        return;
    pthread_mutex_destroy(&l->lock);
    free(l->slots);
    free(l);
}

static size_t hash(const char *s)
{
    size_t h = 5381;
    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

/* The client's slot: its own, a free one, or the one idle longest among the
 * probed (a new client starts with a full bucket). */
static slot *find_slot(serve_limiter *l, const char *client)
{
    size_t h = hash(client);
    slot *pick = NULL;
    for (size_t k = 0; k < PROBES; k++) {
        slot *s = &l->slots[(h + k) % l->n];
        if (strcmp(s->client, client) == 0)
            return s;
        if (!s->client[0]) {
            if (!pick || pick->client[0])
                pick = s;
        } else if (!pick || (pick->client[0] && s->b.last < pick->b.last)) {
            pick = s;
        }
    }
    slot *oldest = pick;
    memset(oldest, 0, sizeof *oldest);
    strncpy(oldest->client, client, CLIENT_MAX - 1);
    return oldest;
}

int serve_limiter_allow(serve_limiter *l, const char *client, double now)
{
    if (l->rate <= 0)
        return 1;
    pthread_mutex_lock(&l->lock);
    int ok = serve_bucket_take(&find_slot(l, client)->b, now, l->rate, l->burst);
    pthread_mutex_unlock(&l->lock);
    return ok;
}
