/* attune batch, internal: runs computed by the library's executor
 * (attune/exec.h: threads, or MPI ranks) and their lines (one per session)
 * written in canonical order, with a progress bar on stderr. */
#ifndef ATT_CLI_BATCH_H
#define ATT_CLI_BATCH_H

#include <stdio.h>
#include "attune/batch.h"
#include "attune/error.h"

typedef struct batch_job {
    const att_batch *b;
    long lo, hi;           /* runs still to do, [lo, hi), in canonical order */
    long done_before;      /* whole runs already in the file (for the progress bar) */
    long shard_runs;       /* runs of this shard in all (for the progress bar) */
    FILE *out;             /* where the runs' lines go, in order */
    FILE *ruptures;        /* where their rupture rows go (--ruptures), or NULL */
    const char *traces;    /* folder for one trace per run, or NULL */
    int jobs;              /* threads */
    int progress;          /* draw a progress bar on stderr */
    /* set by the executor */
    long written;          /* runs written this time (each with all its lines) */
    int interrupted;
    att_error err;         /* why it stopped early, when not interrupted */
} batch_job;

/* Runs job->lo .. job->hi on job->jobs threads (att_exec_run), writing each run's lines to
 * job->out in order and flushing whenever the writer has caught up.
 * Returns ATT_OK, or an error code (job->err says why; job->interrupted for
 * a signal).  Runs written before a stop are complete, all their lines. */
int batch_exec_threads(batch_job *job);

/* The same over MPI ranks (att_exec_mpi): rank r computes the runs lo + r, lo + r + size,
 * ...; rank 0 writes.  Only rank 0's job->out is used. */
int batch_exec_mpi(batch_job *job, int rank, int size);

/* Checks, before the first run, that every condition of `b` has trace
 * files of their own (names that stay distinct once made safe for a file
 * name: "a[w=1]" and "a_w-1" would not), with names a file can have.
 * ATT_OK, or ATT_EINPUT with `err` naming `experiment` and the conditions;
 * ATT_ENOMEM. */
int batch_check_traces(const att_batch *b, const char *experiment, att_error *err);

/* Checks that none of the `nouts` outputs `outs` (NULL or "-": none) is
 * one of the traces in folder `dir`, which must exist (a link is followed).
 * ATT_OK, or ATT_EINPUT naming the output; ATT_ENOMEM. */
int batch_check_trace_outputs(const att_batch *b, const char *dir, const char *const *outs,
                              size_t nouts, att_error *err);

/* --resume: removes the temporaries that a batch killed while writing
 * traces (kill -9, a crash) left in `dir` for runs lo .. hi - 1 (those of
 * this shard: another shard may be writing its own), so the folder ends as
 * an uninterrupted batch leaves it (att_outfile_remove_temps).  ATT_OK, or
 * ATT_EIO / ATT_ENOMEM / ATT_EINPUT (a path too long) with `err` filled. */
int batch_clean_traces(const att_batch *b, const char *dir, long lo, long hi, att_error *err);

/* One run's lines (att_batch_row), with its trace, every session's steps,
 * written to job->traces when asked. */
int batch_compute(const batch_job *job, long run, att_buf *row, att_error *err);

/* Progress on stderr: "[####    ] 512/1000 runs  820.0 runs/s  0:00:01 left",
 * drawn at the start and then at most every 0.2 s, fitted to the width of
 * the terminal (its window size, else $COLUMNS, else 80); `unit` names
 * what is counted ("dyads"; NULL: "runs"). */
typedef struct batch_progress {
    const char *unit;
    int on;
    long done, total;
    double start, last;
} batch_progress;
void batch_progress_start(batch_progress *p, int on, long done, long total, const char *unit);
void batch_progress_update(batch_progress *p, long done, int force);
void batch_progress_end(batch_progress *p);
double batch_now(void);

#endif
