/* attune batch, internal: threads (and, in an MPI build, ranks) compute
 * runs; one writer puts them in canonical order.  A run is one buffer of
 * lines (one per session), always written whole.  Memory stays constant:
 * at most a window of runs waits to be written. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "attune/outfile.h"
#include "attune/trace.h"
#include "cli/cli.h"
#include "cli/cli_batch.h"

#ifdef ATT_MPI
#include <mpi.h>
#endif

double batch_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- progress ---- */

/* Columns of the terminal on standard error: its window size, else
 * $COLUMNS, else 80. */
static int terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *env = getenv("COLUMNS");
    char *end;
    long n = env ? strtol(env, &end, 10) : 0;
    return env && *env && *end == '\0' && n > 0 && n < 10000 ? (int)n : 80;
}

/* Draws "[####    ] 512/1000 runs  820.0 runs/s  0:00:01 left" within
 * `width` - 1 columns (a line that filled the last one would wrap on some
 * terminals): the bar shrinks to 5, then the speed goes, then the time
 * left, then the bar; a last resort cuts the counts. */
static void progress_draw(const batch_progress *p, long done, double rate, int width)
{
    char count[64], speed[32], left[48], line[256];
    snprintf(count, sizeof count, "%ld/%ld runs", done, p->total);
    snprintf(speed, sizeof speed, "  %.1f runs/s", rate);
    snprintf(left, sizeof left, "  --:-- left");
    if (rate > 0) {
        long s = (long)((double)(p->total - done) / rate + 0.5);
        snprintf(left, sizeof left, "  %ld:%02ld:%02ld left", s / 3600, s / 60 % 60, s % 60);
    }
    int room = width - 1 < (int)sizeof line - 1 ? width - 1 : (int)sizeof line - 1;
    const char *tails[][2] = { { speed, left }, { "", left }, { "", "" } };
    line[0] = '\0';
    for (size_t k = 0; k < 3 && !line[0]; k++) {
        int rest = (int)(strlen(count) + strlen(tails[k][0]) + strlen(tails[k][1]));
        int bar = room - 3 - rest < 20 ? room - 3 - rest : 20;
        if (bar < 5)
            continue;
        int filled = p->total > 0 ? (int)(bar * done / p->total) : bar;
        char cells[21];
        for (int i = 0; i < bar; i++)
            cells[i] = i < filled ? '#' : ' ';
        cells[bar] = '\0';
        snprintf(line, sizeof line, "[%s] %s%s%s", cells, count, tails[k][0], tails[k][1]);
    }
    if (!line[0])
        snprintf(line, sizeof line, "%s", count);
    if (room >= 0 && (int)strlen(line) > room)
        line[room] = '\0';
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
}

void batch_progress_start(batch_progress *p, int on, long done, long total)
{
    p->on = on;
    p->done = done;
    p->total = total;
    p->start = p->last = batch_now();
    if (on)
        progress_draw(p, done, 0, terminal_width());
}

void batch_progress_update(batch_progress *p, long done, int force)
{
    double now = batch_now();
    if (!p->on || (!force && now - p->last < 0.2))
        return;
    p->last = now;
    long fresh = done - p->done;  /* runs/s counts this session's runs only */
    double rate = now > p->start ? (double)fresh / (now - p->start) : 0;
    progress_draw(p, done, rate, terminal_width());  /* the window may have been resized */
}

void batch_progress_end(batch_progress *p)
{
    if (!p->on)
        return;
    fputs("\r\033[K", stderr);  /* clear the bar's line */
    fflush(stderr);
}

/* ---- one run ---- */

struct trace_hook {
    att_trace *trace;
};

static int write_step(void *user, const att_step *st, att_error *err)
{
    return att_trace_write(((struct trace_hook *)user)->trace, st, err);
}

/* DIR/CONDITION_REPLICATE.csv, with the characters a sweep adds to a name
 * ("[]=,") made safe for file names. */
static void trace_path(const batch_job *job, long run, char *buf, size_t size)
{
    const char *name = att_batch_condition_name(job->b, att_batch_condition_of(job->b, run));
    char safe[256];
    size_t n = 0;
    for (const char *c = name; *c && n + 1 < sizeof safe; c++) {
        if (*c == ']')
            continue;
        safe[n++] = *c == '[' || *c == ',' ? '_' : *c == '=' ? '-' : *c;
    }
    safe[n] = '\0';
    snprintf(buf, size, "%s/%s_%04ld.csv", job->traces, safe, att_batch_replicate_of(job->b, run));
}

int batch_compute(const batch_job *job, long run, att_buf *row, att_error *err)
{
    if (!job->traces)
        return att_batch_row(job->b, run, row, NULL, NULL, err);
    char path[4096];
    trace_path(job, run, path, sizeof path);
    att_outfile *of = att_outfile_open(path, err);
    if (!of)
        return err->code;
    /* One file for the run: every step of every session, with a session
     * column when the run's condition has more than one. */
    const att_scenario *scn = att_batch_scenario(job->b, run);
    struct trace_hook hook = {
        att_trace_open(att_outfile_stream(of), att_scenario_dt(scn),
                       att_batch_sessions(job->b, run), err)
    };
    if (!hook.trace) {
        att_outfile_abort(of);
        return err->code;
    }
    int rc = att_batch_row(job->b, run, row, write_step, &hook, err);
    att_trace_free(hook.trace);
    if (rc != ATT_OK) {
        att_outfile_abort(of);
        return rc;
    }
    return att_outfile_commit(of, err);
}

static int write_row(batch_job *job, const att_buf *row)
{
    if (fwrite(row->data, 1, row->len, job->out) != row->len)
        return att_error_set(&job->err, ATT_EIO, "cannot write the results: write error: %s",
                             strerror(errno));
    job->written++;
    return ATT_OK;
}

static int flush_rows(batch_job *job)
{
    if (fflush(job->out) != 0)
        return att_error_set(&job->err, ATT_EIO, "cannot write the results: write error: %s",
                             strerror(errno));
    return ATT_OK;
}

/* ---- threads ---- */

enum slot_state { SLOT_FREE, SLOT_BUSY, SLOT_DONE, SLOT_FAILED };

struct slot {
    att_buf row;
    enum slot_state state;
    att_error err;
};

struct pool {
    batch_job *job;
    struct slot *slots;
    long nslots;            /* rows computed ahead of the writer, at most */
    long next_claim, next_write;
    int stop;
    int unflushed;          /* rows written since the last flush */
    pthread_mutex_t mu;
    pthread_cond_t claimable, finished;
};

static void *worker(void *arg)
{
    struct pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_claim < p->job->hi
               && p->next_claim >= p->next_write + p->nslots)
            pthread_cond_wait(&p->claimable, &p->mu);
        if (p->stop || p->next_claim >= p->job->hi)
            break;
        long run = p->next_claim++;
        struct slot *s = &p->slots[(run - p->job->lo) % p->nslots];
        s->state = SLOT_BUSY;
        pthread_mutex_unlock(&p->mu);
        int rc = batch_compute(p->job, run, &s->row, &s->err);
        pthread_mutex_lock(&p->mu);
        s->state = rc == ATT_OK ? SLOT_DONE : SLOT_FAILED;
        /* The writer waits for the head row; waking it for every row would
         * cost the workers a context switch per run, so it is woken once
         * half the window is taken (and by its 0.1 s timer otherwise). */
        enum slot_state head = p->slots[(p->next_write - p->job->lo) % p->nslots].state;
        if (rc != ATT_OK || (head == SLOT_DONE && (p->next_claim - p->next_write >= p->nslots / 2
                                                   || p->next_claim >= p->job->hi)))
            pthread_cond_signal(&p->finished);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Writes every finished row at the head of the queue; returns 1 after a
 * failed run (its error copied to the job), -1 on a write error. */
static int drain(struct pool *p)
{
    batch_job *job = p->job;
    while (p->next_write < job->hi) {
        struct slot *s = &p->slots[(p->next_write - job->lo) % p->nslots];
        if (s->state == SLOT_FAILED) {
            job->err = s->err;
            return 1;
        }
        if (s->state != SLOT_DONE)
            break;
        /* The slot stays DONE (unclaimable) while its row is written. */
        pthread_mutex_unlock(&p->mu);
        int rc = write_row(job, &s->row);
        pthread_mutex_lock(&p->mu);
        if (rc != ATT_OK)
            return -1;
        s->state = SLOT_FREE;
        p->next_write++;
        p->unflushed = 1;
        pthread_cond_broadcast(&p->claimable);
    }
    return 0;
}

/* Flushes what drain wrote, unlocked; -1 on a write error. */
static int flush_unlocked(struct pool *p)
{
    p->unflushed = 0;
    pthread_mutex_unlock(&p->mu);
    int rc = flush_rows(p->job);
    pthread_mutex_lock(&p->mu);
    return rc == ATT_OK ? 0 : -1;
}

int batch_exec_threads(batch_job *job)
{
    int jobs = job->jobs > 0 ? job->jobs : 1;
    struct pool p = { .job = job, .nslots = 64L * jobs, .next_claim = job->lo,
                      .next_write = job->lo };
    p.slots = calloc((size_t)p.nslots, sizeof *p.slots);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    if (!p.slots || !threads) {
        free(p.slots);
        free(threads);
        return att_error_set(&job->err, ATT_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.claimable, NULL);
    pthread_cond_init(&p.finished, NULL);
    int started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &p) != 0)
            break;
    batch_progress bar;
    batch_progress_start(&bar, job->progress, job->done_before, job->shard_runs);
    int rc = ATT_OK;
    pthread_mutex_lock(&p.mu);
    if (started == 0)
        rc = att_error_set(&job->err, ATT_EIO, "cannot start a thread");
    while (rc == ATT_OK && p.next_write < job->hi) {
        int d = drain(&p);
        if (d > 0 && cli_interrupted()) {
            /* A run given up for the signal (att_batch_set_interrupt): it
             * and every run after it are dropped, --resume redoes them. */
            job->interrupted = 1;
            break;
        }
        if (d != 0) {
            rc = job->err.code ? job->err.code : ATT_EIO;
            break;
        }
        if (p.next_write >= job->hi)
            break;
        if (cli_interrupted()) {
            job->interrupted = 1;
            break;
        }
        /* Rows reach the file whenever the writer is about to wait: at
         * once when runs are slow, in large writes when they are fast. */
        enum slot_state head = p.slots[(p.next_write - job->lo) % p.nslots].state;
        if ((head == SLOT_FREE || head == SLOT_BUSY) && p.unflushed) {
            if (flush_unlocked(&p) < 0) {
                rc = ATT_EIO;
                break;
            }
        } else if (head == SLOT_FREE || head == SLOT_BUSY) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 100 * 1000 * 1000;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&p.finished, &p.mu, &until);
        }
        pthread_mutex_unlock(&p.mu);
        batch_progress_update(&bar, job->done_before + job->written, 0);
        pthread_mutex_lock(&p.mu);
    }
    p.stop = 1;
    pthread_cond_broadcast(&p.claimable);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    /* Runs that finished while stopping are kept too: they are whole. */
    pthread_mutex_lock(&p.mu);
    if (rc == ATT_OK && job->interrupted && drain(&p) < 0)
        rc = ATT_EIO;
    if (p.unflushed && flush_unlocked(&p) < 0 && rc == ATT_OK)
        rc = ATT_EIO;
    pthread_mutex_unlock(&p.mu);
    batch_progress_end(&bar);
    for (long i = 0; i < p.nslots; i++)
        att_buf_free(&p.slots[i].row);
    free(p.slots);
    free(threads);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.claimable);
    pthread_cond_destroy(&p.finished);
    if (rc == ATT_OK && job->interrupted)
        return ATT_EIO;
    return rc;
}

/* ---- MPI ranks ---- */

#ifdef ATT_MPI
enum { TAG_ROW = 1 };

/* A message is one status byte, then the run's lines ('R': all its
 * sessions, as one buffer) or an error message.  Returns the status sent,
 * or -1 when out of memory (nothing sent). */
static int send_row(int rc, const att_buf *row, const att_error *err)
{
    att_error big = { 0 };
    if (rc == ATT_OK && row->len >= (size_t)INT_MAX - 1) {
        /* MPI counts in int: a run of 2 GB of lines is refused, not cut. */
        rc = att_error_set(&big, ATT_ENOMEM, "a run's lines exceed one MPI message (2 GB)");
        err = &big;
    }
    size_t n = rc == ATT_OK ? row->len : strlen(err->msg);
    char *msg = malloc(n + 2);
    if (!msg)
        return -1;
    msg[0] = rc == ATT_OK ? 'R' : (char)('0' + rc);
    memcpy(msg + 1, rc == ATT_OK ? row->data : err->msg, n);
    MPI_Send(msg, (int)(n + 1), MPI_CHAR, 0, TAG_ROW, MPI_COMM_WORLD);
    free(msg);
    return rc;
}

/* Waits for a row from `rank`, polling so that a signal is noticed. */
static int receive_row(batch_job *job, int rank, att_buf *row)
{
    int ready = 0;
    MPI_Status st;
    while (!ready) {
        MPI_Iprobe(rank, TAG_ROW, MPI_COMM_WORLD, &ready, &st);
        if (ready)
            break;
        if (cli_interrupted()) {
            job->interrupted = 1;
            return ATT_EIO;
        }
        struct timespec nap = { 0, 200 * 1000 };
        nanosleep(&nap, NULL);
    }
    int n;
    MPI_Get_count(&st, MPI_CHAR, &n);
    row->len = 0;
    if (row->cap < (size_t)n + 1) {
        char *grown = realloc(row->data, (size_t)n + 1);
        if (!grown)
            return att_error_set(&job->err, ATT_ENOMEM, "out of memory");
        row->data = grown;
        row->cap = (size_t)n + 1;
    }
    MPI_Recv(row->data, n, MPI_CHAR, rank, TAG_ROW, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (n < 1 || row->data[0] != 'R') {
        int code = n >= 1 ? row->data[0] - '0' : ATT_EINTERNAL;
        row->data[n] = '\0';
        return att_error_set(&job->err, code, "rank %d: %s", rank, n > 1 ? row->data + 1 : "");
    }
    memmove(row->data, row->data + 1, (size_t)n - 1);
    row->len = (size_t)n - 1;
    return ATT_OK;
}

int batch_exec_mpi(batch_job *job, int rank, int size)
{
    att_buf row = { 0 };
    int rc = ATT_OK;
    if (rank != 0) {
        for (long run = job->lo + rank; run < job->hi; run += size) {
            att_error err = { 0 };
            rc = send_row(batch_compute(job, run, &row, &err), &row, &err);
            if (rc != ATT_OK) {
                rc = rc < 0 ? ATT_ENOMEM : rc;
                break;
            }
        }
        att_buf_free(&row);
        return rc;
    }
    batch_progress bar;
    batch_progress_start(&bar, job->progress, job->done_before, job->shard_runs);
    for (long run = job->lo; rc == ATT_OK && run < job->hi; run++) {
        int owner = (int)((run - job->lo) % size);
        if (owner == 0) {
            if (cli_interrupted()) {
                job->interrupted = 1;
                rc = ATT_EIO;
                break;
            }
            rc = batch_compute(job, run, &row, &job->err);
            if (rc != ATT_OK && cli_interrupted())
                job->interrupted = 1;
        } else {
            rc = receive_row(job, owner, &row);
        }
        if (rc == ATT_OK)
            rc = write_row(job, &row);
        if (rc == ATT_OK && (owner == size - 1 || run + 1 == job->hi))
            rc = flush_rows(job);
        batch_progress_update(&bar, job->done_before + job->written, 0);
    }
    if (rc != ATT_OK)
        flush_rows(job);
    batch_progress_end(&bar);
    att_buf_free(&row);
    return rc;
}
#else
int batch_exec_mpi(batch_job *job, int rank, int size)
{
    (void)rank;
    (void)size;
    return att_error_set(&job->err, ATT_EINTERNAL, "this attune was built without MPI");
}
#endif
