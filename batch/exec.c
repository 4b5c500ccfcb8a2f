/* The executor (exec.h): worker threads compute items into a ring of slots
 * a window ahead of the consumer, which takes them in order on the
 * caller's thread; the MPI variant deals items to ranks round-robin. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "attune/exec.h"

#ifdef ATT_MPI
#include <mpi.h>
#endif

static int stop_asked(const att_exec *x)
{
    return x->interrupted && x->interrupted();
}

/* ---- threads ---- */

enum slot_state { SLOT_FREE, SLOT_BUSY, SLOT_DONE, SLOT_FAILED };

struct slot {
    att_buf out;
    enum slot_state state;
    att_error err;
};

struct pool {
    att_exec *x;
    struct slot *slots;
    long nslots;            /* items computed ahead of the consumer, at most */
    long next_claim, next_take;
    int stop;
    int untold;             /* items taken since the last idle call */
    pthread_mutex_t mu;
    pthread_cond_t claimable, finished;
};

static struct slot *slot_of(struct pool *p, long item)
{
    return &p->slots[(item - p->x->lo) % p->nslots];
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    att_exec *x = p->x;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_claim < x->hi && p->next_claim >= p->next_take + p->nslots)
            pthread_cond_wait(&p->claimable, &p->mu);
        if (p->stop || p->next_claim >= x->hi)
            break;
        long item = p->next_claim++;
        struct slot *s = slot_of(p, item);
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&p->mu);
        int rc = x->compute(x->user, item, &s->out, &s->err);
        pthread_mutex_lock(&p->mu);
        s->state = rc == ATT_OK ? SLOT_DONE : SLOT_FAILED;
        if (rc != ATT_OK && s->err.code == ATT_OK)
            s->err.code = rc;
        /* The consumer waits for the head item; waking it for every item
         * would cost the workers a context switch each, so it is woken once
         * half the window is taken (and by its 0.1 s timer otherwise). */
        enum slot_state head = slot_of(p, p->next_take)->state;
        if (rc != ATT_OK || (head == SLOT_DONE && (p->next_claim - p->next_take >= p->nslots / 2
                                                   || p->next_claim >= x->hi)))
            pthread_cond_signal(&p->finished);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Takes every finished item at the head of the ring; returns 1 after a
 * failed item (its error copied to `err`), -1 when take failed. */
static int drain(struct pool *p, att_error *err)
{
    att_exec *x = p->x;
    while (p->next_take < x->hi) {
        struct slot *s = slot_of(p, p->next_take);
        if (s->state == SLOT_FAILED) {
            *err = s->err;
            return 1;
        }
        if (s->state != SLOT_DONE)
            break;
        /* The slot stays DONE (unclaimable) while it is taken. */
        pthread_mutex_unlock(&p->mu);
        int rc = x->take ? x->take(x->user, p->next_take, &s->out, err) : ATT_OK;
        pthread_mutex_lock(&p->mu);
        if (rc != ATT_OK)
            return -1;
        s->state = SLOT_FREE;
        p->next_take++;
        x->taken++;
        p->untold = 1;
        pthread_cond_broadcast(&p->claimable);
    }
    return 0;
}

/* Tells the caller it has caught up (idle), unlocked; -1 on its error. */
static int idle_unlocked(struct pool *p, att_error *err)
{
    p->untold = 0;
    if (!p->x->idle)
        return 0;
    pthread_mutex_unlock(&p->mu);
    int rc = p->x->idle(p->x->user, err);
    pthread_mutex_lock(&p->mu);
    return rc == ATT_OK ? 0 : -1;
}

static void wait_a_moment(struct pool *p)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 100 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&p->finished, &p->mu, &until);
}

static int code_of(const att_error *err)
{
    return err->code ? err->code : ATT_EIO;
}

/* The consumer's loop, with the lock held: take, flush when caught up,
 * wait.  Returns ATT_OK (all taken, or stopped: x->stopped) or an error. */
static int consume(struct pool *p, att_error *err)
{
    att_exec *x = p->x;
    while (p->next_take < x->hi) {
        int d = drain(p, err);
        if (d > 0 && stop_asked(x)) {
            /* An item given up for the interruption: it and every item
             * after it are dropped. */
            x->stopped = 1;
            return ATT_OK;
        }
        if (d != 0)
            return code_of(err);
        if (p->next_take >= x->hi)
            break;
        if (stop_asked(x)) {
            x->stopped = 1;
            return ATT_OK;
        }
        /* Results are flushed whenever the consumer is about to wait: at
         * once when items are slow, in large writes when they are fast. */
        enum slot_state head = slot_of(p, p->next_take)->state;
        if ((head == SLOT_FREE || head == SLOT_BUSY) && p->untold) {
            if (idle_unlocked(p, err) < 0)
                return code_of(err);
        } else if (head == SLOT_FREE || head == SLOT_BUSY) {
            wait_a_moment(p);
        }
        if (x->tick) {
            pthread_mutex_unlock(&p->mu);
            x->tick(x->user, x->taken);
            pthread_mutex_lock(&p->mu);
        }
    }
    return ATT_OK;
}

/* No thread could start: every item on the caller's thread. */
static int run_here(att_exec *x, att_error *err)
{
    att_buf out = { 0 };
    int rc = ATT_OK;
    for (long item = x->lo; rc == ATT_OK && item < x->hi; item++) {
        if (stop_asked(x)) {
            x->stopped = 1;
            break;
        }
        rc = x->compute(x->user, item, &out, err);
        if (rc != ATT_OK && stop_asked(x))
            x->stopped = 1;
        if (rc == ATT_OK && x->take)
            rc = x->take(x->user, item, &out, err);
        if (rc == ATT_OK)
            x->taken++;
        if (x->tick)
            x->tick(x->user, x->taken);
    }
    if (x->idle && x->taken > 0) {
        int irc = x->idle(x->user, err);
        rc = rc == ATT_OK ? irc : rc;
    }
    att_buf_free(&out);
    return x->stopped ? att_error_set(err, ATT_EIO, "interrupted") : rc;
}

/* Stops the workers, joins them, and takes what finished meanwhile when
 * stopped by an interruption (those items are whole). */
static int finish(struct pool *p, pthread_t *threads, int started, int rc, att_error *err)
{
    p->stop = 1;
    pthread_cond_broadcast(&p->claimable);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_lock(&p->mu);
    if (rc == ATT_OK && p->x->stopped && drain(p, err) < 0)
        rc = code_of(err);
    if (p->untold && idle_unlocked(p, err) < 0 && rc == ATT_OK)
        rc = code_of(err);
    pthread_mutex_unlock(&p->mu);
    return rc;
}

int att_exec_run(att_exec *x, att_error *err)
{
    x->taken = 0;
    x->stopped = 0;
    long n = x->hi - x->lo;
    int threads = x->threads > 0 ? x->threads : 1;
    if (n <= 0)
        return ATT_OK;
    if (stop_asked(x)) {
        /* Asked to stop before the start: nothing is computed.  (Else a
         * worker could finish every item before the consumer first asks,
         * and an interruption raised before the run would go unseen.) */
        x->stopped = 1;
        return att_error_set(err, ATT_EIO, "interrupted");
    }
    if (threads > n)
        threads = (int)n;
    struct pool p = { .x = x, .nslots = 64L * threads, .next_claim = x->lo,
                      .next_take = x->lo };
    p.slots = calloc((size_t)p.nslots, sizeof *p.slots);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    if (!p.slots || !tids) {
        free(p.slots);
        free(tids);
        return att_error_nomem(err);
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.claimable, NULL);
    pthread_cond_init(&p.finished, NULL);
    int started = 0;
    while (started < threads && pthread_create(&tids[started], NULL, worker, &p) == 0)
        started++;
    int rc;
    if (started == 0) {
        rc = run_here(x, err);
    } else {
        pthread_mutex_lock(&p.mu);
        rc = finish(&p, tids, started, consume(&p, err), err);
    }
    for (long i = 0; i < p.nslots; i++)
        att_buf_free(&p.slots[i].out);
    free(p.slots);
    free(tids);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.claimable);
    pthread_cond_destroy(&p.finished);
    if (rc == ATT_OK && x->stopped)
        return att_error_set(err, ATT_EIO, "interrupted");
    return rc;
}

/* ---- MPI ranks ---- */

#ifdef ATT_MPI
enum { TAG_ITEM = 1 };

/* A message is one status byte, then the item's result ('R') or an error
 * message ('0' + code).  Returns the status sent, or ATT_ENOMEM (nothing
 * sent). */
static int send_item(int rc, const att_buf *out, const att_error *err)
{
    att_error big = { 0 };
    if (rc == ATT_OK && out->len >= (size_t)INT_MAX - 1) {
        /* MPI counts in int: a result of 2 GB is refused, not cut. */
        rc = att_error_set(&big, ATT_ENOMEM, "a run's lines exceed one MPI message (2 GB)");
        err = &big;
    }
    size_t n = rc == ATT_OK ? out->len : strlen(err->msg);
    char *msg = malloc(n + 2);
    if (!msg)
        return ATT_ENOMEM;
    msg[0] = rc == ATT_OK ? 'R' : (char)('0' + rc);
    memcpy(msg + 1, rc == ATT_OK ? out->data : err->msg, n);
    MPI_Send(msg, (int)(n + 1), MPI_CHAR, 0, TAG_ITEM, MPI_COMM_WORLD);
    free(msg);
    return rc;
}

/* Waits for an item from `rank`, polling so that an interruption is
 * noticed (x->stopped, ATT_EIO). */
static int receive_item(att_exec *x, int rank, att_buf *out, att_error *err)
{
    int ready = 0;
    MPI_Status st;
    while (!ready) {
        MPI_Iprobe(rank, TAG_ITEM, MPI_COMM_WORLD, &ready, &st);
        if (ready)
            break;
        if (stop_asked(x)) {
            x->stopped = 1;
            return ATT_EIO;
        }
        struct timespec nap = { 0, 200 * 1000 };
        nanosleep(&nap, NULL);
    }
    int n;
    MPI_Get_count(&st, MPI_CHAR, &n);
    att_buf_clear(out);
    if (att_buf_reserve(out, (size_t)n, err) != ATT_OK)
        return ATT_ENOMEM;
    MPI_Recv(out->data, n, MPI_CHAR, rank, TAG_ITEM, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (n < 1 || out->data[0] != 'R') {
        int code = n >= 1 ? out->data[0] - '0' : ATT_EINTERNAL;
        out->data[n] = '\0';
        return att_error_set(err, code, "rank %d: %s", rank, n > 1 ? out->data + 1 : "");
    }
    memmove(out->data, out->data + 1, (size_t)n - 1);
    out->len = (size_t)n - 1;
    out->data[out->len] = '\0';
    return ATT_OK;
}

/* Rank 0's share of item `item`: computed here, unless interrupted. */
static int compute_here(att_exec *x, long item, att_buf *out, att_error *err)
{
    if (stop_asked(x)) {
        x->stopped = 1;
        return ATT_EIO;
    }
    int rc = x->compute(x->user, item, out, err);
    if (rc != ATT_OK && stop_asked(x))
        x->stopped = 1;
    return rc;
}

int att_exec_mpi(att_exec *x, int rank, int size, att_error *err)
{
    att_buf out = { 0 };
    int rc = ATT_OK;
    x->taken = 0;
    x->stopped = 0;
    if (rank != 0) {
        for (long item = x->lo + rank; rc == ATT_OK && item < x->hi; item += size) {
            att_error mine = { 0 };
            rc = send_item(x->compute(x->user, item, &out, &mine), &out, &mine);
        }
        att_buf_free(&out);
        return rc;
    }
    for (long item = x->lo; rc == ATT_OK && item < x->hi; item++) {
        int owner = (int)((item - x->lo) % size);
        rc = owner == 0 ? compute_here(x, item, &out, err) : receive_item(x, owner, &out, err);
        if (rc == ATT_OK && x->take)
            rc = x->take(x->user, item, &out, err);
        if (rc == ATT_OK)
            x->taken++;
        if (rc == ATT_OK && x->idle && (owner == size - 1 || item + 1 == x->hi))
            rc = x->idle(x->user, err);
        if (x->tick)
            x->tick(x->user, x->taken);
    }
    if (rc != ATT_OK && x->idle)
        x->idle(x->user, err);
    att_buf_free(&out);
    return rc;
}
#else
int att_exec_mpi(att_exec *x, int rank, int size, att_error *err)
{
    (void)x;
    (void)rank;
    (void)size;
    return att_error_set(err, ATT_EINTERNAL, "this attune was built without MPI");
}
#endif
