/* attune batch, internal: the progress bar, one run's lines and trace, and
 * the callbacks through which the library's executor (attune/exec.h:
 * threads, or MPI ranks) hands runs to the writer in canonical order.  A
 * run is one buffer of lines (one per session), always written whole. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "attune/exec.h"
#include "attune/outfile.h"
#include "attune/trace.h"
#include "cli/cli.h"
#include "cli/cli_batch.h"

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
    char count[64], speed[40], left[48], line[256];
    const char *unit = p->unit ? p->unit : "runs";
    snprintf(count, sizeof count, "%ld/%ld %s", done, p->total, unit);
    snprintf(speed, sizeof speed, "  %.1f %s/s", rate, unit);
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

void batch_progress_start(batch_progress *p, int on, long done, long total, const char *unit)
{
    p->unit = unit;
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

/* Condition `cond`'s name made safe for a file name: the characters a
 * sweep adds to a name ("[]=,") changed.  NULL when out of memory; the
 * caller frees it. */
static char *trace_stem(const att_batch *b, size_t cond)
{
    const char *name = att_batch_condition_name(b, cond);
    char *safe = malloc(strlen(name) + 1), *o = safe;
    for (const char *c = name; safe && *c; c++)
        if (*c != ']')
            *o++ = *c == '[' || *c == ',' ? '_' : *c == '=' ? '-' : *c;
    if (safe)
        *o = '\0';
    return safe;
}

/* The bytes of "_NNNN.csv" after a stem, NNNN the replicate (at least
 * four digits). */
static size_t trace_suffix_len(const att_batch *b)
{
    char digits[32];
    return strlen("_.csv") + (size_t)snprintf(digits, sizeof digits, "%04ld",
                                               att_batch_replicates(b));
}

/* A condition's trace stem and its index, sorted by stem. */
typedef struct {
    char *stem;
    size_t cond;
} stem_of;

static int stem_cmp(const void *a, const void *b)
{
    return strcmp(((const stem_of *)a)->stem, ((const stem_of *)b)->stem);
}

/* By stem, then in the file's order: the first of two clashing comes first. */
static int by_stem(const void *a, const void *b)
{
    const stem_of *x = a, *y = b;
    int c = stem_cmp(a, b);
    return c ? c : (x->cond > y->cond) - (x->cond < y->cond);
}

/* Whether folders a and b are one: the same file (both exist: --traces
 * makes its folder before the outputs are checked). */
static int same_folder(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* is_a_trace for `out` as given (its links followed by the caller). */
static int is_a_trace_at(const att_batch *b, const stem_of *st, size_t n, const char *dir,
                         const char *out)
{
    const char *base = strrchr(out, '/');
    size_t dlen = base ? (size_t)(base - out) + 1 : 0;
    base = base ? base + 1 : out;
    char *folder = dlen ? strndup(out, dlen) : strdup(".");
    int same = folder && same_folder(folder, dir);
    free(folder);
    const char *us = strrchr(base, '_');
    size_t len = strlen(base);
    if (!same || !us || len < 4 || strcmp(base + len - 4, ".csv") != 0)
        return 0;
    char digits[32], want[32];
    size_t nd = (size_t)(base + len - 4 - (us + 1));
    if (nd == 0 || nd >= sizeof digits)
        return 0;
    memcpy(digits, us + 1, nd);
    digits[nd] = '\0';
    long r = strtol(digits, NULL, 10);
    snprintf(want, sizeof want, "%04ld", r);
    if (strcmp(want, digits) != 0 || r < 1 || r > att_batch_replicates(b))
        return 0;
    char *stem = strndup(base, (size_t)(us - base));
    stem_of key = { stem, 0 };
    const stem_of *hit = stem ? bsearch(&key, st, n, sizeof *st, stem_cmp) : NULL;
    free(stem);
    return hit != NULL;
}

/* Whether the file `out` would be one of the traces in folder `dir`: in
 * the same folder, named STEM_NNNN.csv for a condition's stem (in the
 * sorted `st`) and one of its replicates. */
static int is_a_trace(const att_batch *b, const stem_of *st, size_t n, const char *dir,
                      const char *out)
{
    char *target = att_outfile_target(out);   /* a link to a trace is that trace */
    int trace = is_a_trace_at(b, st, n, dir, target ? target : out);
    free(target);
    return trace;
}

/* A condition's name that no file can hold, or two conditions sharing
 * their traces: ATT_EINPUT with `err` saying so. */
static int trace_clash(const att_batch *b, const stem_of *st, size_t n, const char *experiment,
                       att_error *err)
{
    size_t suffix = trace_suffix_len(b);
    for (size_t i = 0; i < n; i++) {
        if (strlen(st[i].stem) + suffix > NAME_MAX)
            return att_error_set(err, ATT_EINPUT, "%s: condition '%.60s...': its trace files' "
                                 "names would be %zu bytes, more than a file name holds (%d): "
                                 "shorten the condition's name, or leave out --traces",
                                 experiment, att_batch_condition_name(b, st[i].cond),
                                 strlen(st[i].stem) + suffix, NAME_MAX);
        if (i > 0 && strcmp(st[i - 1].stem, st[i].stem) == 0)
            return att_error_set(err, ATT_EINPUT, "%s: conditions '%s' and '%s' would write "
                                 "the same trace files (%s_NNNN.csv): rename one", experiment,
                                 att_batch_condition_name(b, st[i - 1].cond),
                                 att_batch_condition_name(b, st[i].cond), st[i].stem);
    }
    return ATT_OK;
}

/* The conditions' stems, sorted (a clash of names is between neighbours);
 * NULL when out of memory.  Free with free_stems. */
static stem_of *sorted_stems(const att_batch *b, size_t n)
{
    stem_of *st = calloc(n ? n : 1, sizeof *st);
    for (size_t i = 0; st && i < n; i++)
        if (!(st[i] = (stem_of){ trace_stem(b, i), i }).stem) {
            for (size_t k = 0; k < i; k++)
                free(st[k].stem);
            free(st);
            return NULL;
        }
    if (st)
        qsort(st, n, sizeof *st, by_stem);
    return st;
}

static void free_stems(stem_of *st, size_t n)
{
    for (size_t i = 0; st && i < n; i++)
        free(st[i].stem);
    free(st);
}

int batch_check_traces(const att_batch *b, const char *experiment, att_error *err)
{
    size_t n = att_batch_conditions(b);
    stem_of *st = sorted_stems(b, n);
    int rc = st ? trace_clash(b, st, n, experiment, err) : att_error_nomem(err);
    free_stems(st, n);
    return rc;
}

int batch_check_trace_outputs(const att_batch *b, const char *dir, const char *const *outs,
                              size_t nouts, att_error *err)
{
    size_t n = att_batch_conditions(b);
    stem_of *st = sorted_stems(b, n);
    int rc = st ? ATT_OK : att_error_nomem(err);
    for (size_t k = 0; rc == ATT_OK && k < nouts; k++)
        if (outs[k] && strcmp(outs[k], "-") != 0 && is_a_trace(b, st, n, dir, outs[k]))
            rc = att_error_set(err, ATT_EINPUT, "%s is also the name of a trace of --traces %s: "
                               "write it elsewhere", outs[k], dir);
    free_stems(st, n);
    return rc;
}

/* DIR/STEM_NNNN.csv (trace_stem, NNNN the replicate). */
static int trace_path(const att_batch *b, const char *dir, long run, char *buf, size_t size,
                      att_error *err)
{
    char *stem = trace_stem(b, att_batch_condition_of(b, run));
    if (!stem)
        return att_error_nomem(err);
    int n = snprintf(buf, size, "%s/%s_%04ld.csv", dir, stem, att_batch_replicate_of(b, run));
    free(stem);
    return n >= 0 && (size_t)n < size
               ? ATT_OK
               : att_error_set(err, ATT_EINPUT, "--traces %s: a trace's path would be longer "
                               "than %zu bytes", dir, size - 1);
}

int batch_clean_traces(const att_batch *b, const char *dir, long lo, long hi, att_error *err)
{
    size_t n = hi > lo ? (size_t)(hi - lo) : 0, made = 0;
    char **paths = calloc(n ? n : 1, sizeof *paths);
    int rc = paths ? ATT_OK : att_error_nomem(err);
    char path[4096];
    for (; rc == ATT_OK && made < n; made++)
        if ((rc = trace_path(b, dir, lo + (long)made, path, sizeof path, err)) == ATT_OK
            && !(paths[made] = strdup(path)))
            rc = att_error_nomem(err);
    if (rc == ATT_OK)
        rc = att_outfile_remove_temps((const char *const *)paths, n, err);
    for (size_t i = 0; paths && i < made; i++)
        free(paths[i]);
    free(paths);
    return rc;
}

int batch_compute(const batch_job *job, long run, att_buf *row, att_error *err)
{
    if (!job->traces)
        return att_batch_row(job->b, run, row, NULL, NULL, err);
    char path[4096];
    if (trace_path(job->b, job->traces, run, path, sizeof path, err) != ATT_OK)
        return err->code;
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
    if (rc == ATT_OK)
        rc = att_trace_flush(hook.trace, err);
    att_trace_free(hook.trace);
    if (rc != ATT_OK) {
        att_outfile_abort(of);
        cli_name_output(err, path);   /* "trace: write error" says which trace */
        return rc;
    }
    rc = att_outfile_commit(of, err);
    if (rc != ATT_OK)
        cli_name_output(err, path);
    return rc;
}

/* ---- the executor's callbacks (attune/exec.h) ---- */

/* What the callbacks see: the job and its progress bar. */
struct exec_ctx {
    batch_job *job;
    batch_progress bar;
};

static int compute_run(void *user, long run, att_buf *row, att_error *err)
{
    return batch_compute(((struct exec_ctx *)user)->job, run, row, err);
}

static int write_row(void *user, long run, const att_buf *row, att_error *err)
{
    batch_job *job = ((struct exec_ctx *)user)->job;
    (void)run;
    /* With --ruptures the run's buffer is its lines, a NUL, its rupture rows. */
    const char *nul = job->ruptures ? memchr(row->data, '\0', row->len) : NULL;
    size_t lines = nul ? (size_t)(nul - row->data) : row->len;
    if (fwrite(row->data, 1, lines, job->out) != lines)
        return att_error_set(err, ATT_EIO, "cannot write the results: write error: %s",
                             strerror(errno));
    size_t rest = nul ? row->len - lines - 1 : 0;
    if (rest && fwrite(nul + 1, 1, rest, job->ruptures) != rest)
        return att_error_set(err, ATT_EIO, "cannot write the ruptures: write error: %s",
                             strerror(errno));
    job->written++;
    return ATT_OK;
}

static int flush_rows(void *user, att_error *err)
{
    batch_job *job = ((struct exec_ctx *)user)->job;
    if (job->ruptures && fflush(job->ruptures) != 0)
        return att_error_set(err, ATT_EIO, "cannot write the ruptures: write error: %s",
                             strerror(errno));
    if (fflush(job->out) != 0)
        return att_error_set(err, ATT_EIO, "cannot write the results: write error: %s",
                             strerror(errno));
    return ATT_OK;
}

static void tick(void *user, long taken)
{
    struct exec_ctx *c = user;
    (void)taken;
    batch_progress_update(&c->bar, c->job->done_before + c->job->written, 0);
}

/* Runs the job on threads (mpi 0) or ranks, the progress bar on rank 0. */
static int run_executor(batch_job *job, int mpi, int rank, int size)
{
    struct exec_ctx c = { .job = job };
    att_exec x = { .lo = job->lo, .hi = job->hi, .threads = job->jobs, .compute = compute_run,
                   .take = write_row, .idle = flush_rows, .tick = tick,
                   .interrupted = cli_interrupted, .user = &c };
    if (rank == 0)
        batch_progress_start(&c.bar, job->progress, job->done_before, job->shard_runs, NULL);
    int rc = mpi ? att_exec_mpi(&x, rank, size, &job->err) : att_exec_run(&x, &job->err);
    job->interrupted = x.stopped;
    if (rank == 0)
        batch_progress_end(&c.bar);
    return rc;
}

int batch_exec_threads(batch_job *job)
{
    return run_executor(job, 0, 0, 1);
}

int batch_exec_mpi(batch_job *job, int rank, int size)
{
    return run_executor(job, 1, rank, size);
}
