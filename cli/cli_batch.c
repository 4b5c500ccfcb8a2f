/* attune batch: runs every (condition, replicate) of an experiment file and
 * writes one results row per run, in canonical order, to FILE.part, renamed
 * to FILE when the last run is in.  An interrupted batch keeps its finished
 * rows; --resume checks them and carries on. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attune/batch.h"
#include "batch/results.h"
#include "attune/outfile.h"
#include "attune/scenario.h"
#include "cli/cli.h"
#include "cli/cli_batch.h"

#ifdef ATT_MPI
#include <mpi.h>
#endif

static const char batch_usage[] =
    "usage: attune batch EXPERIMENT [options]\n"
    "\n"
    "Runs every condition of EXPERIMENT (a scenario file with [batch] and\n"
    "[condition] sections, see scenarios/compare-policies.ini) replicates times,\n"
    "scores each run online, and writes one CSV row per run: condition,\n"
    "replicate, seed, the drawn and swept parameters, and the scores of every\n"
    "window (docs/BATCH.md lists the columns).  A timeline of several sessions\n"
    "(scenario key sessions) writes one row per session, with a session column.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE|-   results (default '-': standard output).  Rows go to\n"
    "                        FILE.part as they finish; it becomes FILE at the end\n"
    "  -j, --jobs N          threads (default: the number of processors)\n"
    "  --resume              continue an interrupted batch from FILE.part (or check\n"
    "                        a finished FILE); the result is the same bytes\n"
    "  --traces DIR          also write each run's trace, DIR/CONDITION_NNNN.csv\n"
    "                        (NNNN: the replicate, 4 digits: patient_0001.csv)\n"
    "  --seed N              experiment seed (overrides [scenario] seed)\n"
    "  --set SECTION.KEY=VALUE\n"
    "                        override a key for every condition, e.g.\n"
    "                        --set batch.replicates=20; repeatable\n"
    "  --match-table NAME|FILE\n"
    "                        match table (default: [scenario] match_table)\n"
    "  --shard I/N           run only the I-th of N equal blocks of runs (for job\n"
    "                        arrays); join the shards' files with 'attune merge'\n"
    "  --long                the long (tidy) form: one row per run (or session),\n"
    "                        window and metric: experiment,run,condition,replicate,\n"
    "                        session,seed,KEYS...,window,metric,value (no latencies:\n"
    "                        see --ruptures).  Not with --resume or --shard: run\n"
    "                        wide and convert with 'attune merge --long'\n"
    "  --ruptures FILE       also write one row per rupture: run, condition,\n"
    "                        replicate, session, seed, keys, window, start_s,\n"
    "                        latency_s, censored, phase_latency_s, phase_censored,\n"
    "                        repaired_by, size (micro/major, at 5 s; empty when\n"
    "                        censored sooner), peak_infant_arousal (for coxph).\n"
    "                        Not with --resume; with --shard, each shard's own runs\n"
    "                        (concatenated in shard order, without their headers:\n"
    "                        the unsharded file)\n"
    "  -q, --quiet           no progress bar or summary\n"
    "  -h, --help            this text\n"
    "\n"
    "Each run's seed comes from the experiment seed, its condition's name and its\n"
    "replicate number only: the output is the same bytes for any --jobs, any\n"
    "number of MPI ranks (mpirun -np K attune batch ..., in a 'make MPI=1' build)\n"
    "and any split into shards.  A progress bar is drawn on standard error when it\n"
    "is a terminal.  Exit status: 0 done, 1 failed or interrupted (finished rows\n"
    "are kept in FILE.part), 2 bad input (nothing written).\n";

typedef struct {
    const char *experiment, *output, *traces, *match_table, *shard, *ruptures;
    int long_form;
    const char **sets;
    size_t nsets;
    long jobs, shard_i, shard_n;
    int resume, quiet;
    char seed_set[64];
} batch_opts;

static int parse_long(const char *opt, const char *v, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || errno == ERANGE || n < min || n > max) {
        fprintf(stderr, "attune batch: %s %s: must be a whole number from %ld to %ld\n",
                opt, v, min, max);
        return CLI_USAGE;
    }
    *out = n;
    return CLI_OK;
}

static int parse_shard(batch_opts *o)
{
    char *end;
    errno = 0;
    long i = strtol(o->shard, &end, 10);
    long n = *end == '/' ? strtol(end + 1, &end, 10) : 0;
    if (*end != '\0' || errno == ERANGE || n < 1 || i < 1 || i > n || n > 1000000) {
        fprintf(stderr, "attune batch: --shard %s: expected I/N with 1 <= I <= N, e.g. 2/8\n",
                o->shard);
        return CLI_USAGE;
    }
    o->shard_i = i;
    o->shard_n = n;
    return CLI_OK;
}

/* How to carry on from FILE.part after a stop (check_combinations says
 * what --resume takes); `full` for a sentence, else a short note. */
static const char *resume_advice(const batch_opts *o, int full)
{
    if (o->long_form)   /* first: a part file of long rows cannot be resumed at all */
        return full ? "--long cannot be resumed: delete it and start again (a batch without "
                      "--long can be resumed)"
                    : "--long cannot be resumed: delete it and start again";
    if (o->ruptures)
        return full ? "continue with the same command less --ruptures, and --resume (the "
                      "rupture rows of the finished runs are not kept), or delete it and start "
                      "again"
                    : "--resume without --ruptures continues them, or delete it and start again";
    return full ? "continue with the same command and --resume" : "--resume continues";
}

/* --long and --ruptures where they cannot keep their promise. */
static int check_combinations(const batch_opts *o)
{
    const char *why = NULL;
    if (o->long_form && o->resume)
        why = "--long cannot be resumed (--resume checks wide rows): run without --long and "
              "convert the finished file with 'attune merge --long FILE -o LONG'";
    else if (o->long_form && o->shard)
        why = "--long with --shard: merge reads wide shards; run the shards without --long "
              "and join them with 'attune merge --long SHARD... -o LONG'";
    else if (o->ruptures && o->resume)
        why = "--ruptures cannot be resumed (the rupture rows of the runs already in "
              "FILE.part are not kept): resume without --ruptures, or start again";
    else if (o->ruptures && strcmp(o->ruptures, "-") == 0 && strcmp(o->output, "-") == 0)
        why = "--ruptures - and the results on standard output: give one of them a file";
    if (why)
        fprintf(stderr, "attune batch: %s\n", why);
    return why ? CLI_USAGE : CLI_OK;
}

static int parse_args(int argc, char **argv, batch_opts *o)
{
    static const char *const known[] = { "--output", "--jobs", "--resume", "--traces", "--seed",
                                         "--set", "--match-table", "--shard", "--quiet",
                                         "--help", "--long", "--ruptures" };
    o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
    if (!o->sets)
        return cli_nomem("batch");
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cpus > 0 ? cpus : 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(batch_usage, stdout);
            return -1;
        } else if (strcmp(a, "--resume") == 0 || strcmp(a, "--long") == 0) {
            *(a[2] == 'r' ? &o->resume : &o->long_form) = 1;
            takes = 0;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
            takes = 0;
        } else if (a[0] != '-' || a[1] == '\0') {
            if (o->experiment) {
                fprintf(stderr, "attune batch: one experiment at a time ('%s' and '%s' given)\n",
                        o->experiment, a);
                return CLI_USAGE;
            }
            o->experiment = a;
            takes = 0;
        } else if (!v) {
            int k = 0;
            while (k < (int)(sizeof known / sizeof known[0]) && strcmp(known[k], a) != 0)
                k++;
            if (k == (int)(sizeof known / sizeof known[0]) && strcmp(a, "-o") && strcmp(a, "-j"))
                return cli_unknown_option("batch", a, known, sizeof known / sizeof known[0]);
            fprintf(stderr, "attune batch: %s needs a value\n", a);
            return CLI_USAGE;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            o->output = v;
        } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
            if (parse_long(a, v, 1, 1024, &o->jobs))
                return CLI_USAGE;
        } else if (strcmp(a, "--traces") == 0) {
            o->traces = v;
        } else if (strcmp(a, "--seed") == 0) {
            if (cli_seed_option("batch", v, o->seed_set, sizeof o->seed_set))
                return CLI_USAGE;
        } else if (strcmp(a, "--set") == 0) {
            o->sets[o->nsets++] = v;
        } else if (strcmp(a, "--ruptures") == 0) {
            o->ruptures = v;
        } else if (strcmp(a, "--match-table") == 0) {
            o->match_table = v;
        } else if (strcmp(a, "--shard") == 0) {
            o->shard = v;
            if (parse_shard(o))
                return CLI_USAGE;
        } else {
            return cli_unknown_option("batch", a, known, sizeof known / sizeof known[0]);
        }
        i += takes;
    }
    if (!o->experiment) {
        fprintf(stderr, "attune batch: no experiment file given\n%s", batch_usage);
        return CLI_USAGE;
    }
    if (o->seed_set[0])
        o->sets[o->nsets++] = o->seed_set;
    if (!o->output)
        o->output = "-";
    if (o->resume && strcmp(o->output, "-") == 0) {
        fprintf(stderr, "attune batch: --resume needs the results file: -o FILE\n");
        return CLI_USAGE;
    }
    return check_combinations(o);
}

/* ---- the results file ---- */

struct output {
    att_outfile *of; /* FILE.part (or standard output, or a device, in place) */
    att_outfile *rof;/* the --ruptures file, or NULL */
    const char *part;/* FILE.part, NULL when writing in place */
    FILE *fp;
    long done;       /* runs already there, whole (resume) */
    int complete;    /* FILE is already finished: nothing to do */
};

/* Reads `path` as results of `b` for runs lo.. (att_results_check_file):
 * sets *rows (whole runs) and *good_bytes (the length up to the last whole
 * run).  Returns 0, or CLI_USAGE after saying why on stderr. */
static int check_existing(const char *path, const att_batch *b, long lo, long hi, long *rows,
                          long *good_bytes)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "attune batch: %s: cannot read: %s\n", path, strerror(errno));
        return CLI_USAGE;
    }
    att_results_lines r;
    att_results_lines_init(&r, f, path, ATT_RESULTS_AS_WRITTEN);
    att_error err = { 0 };
    int rc = att_results_check_file(&r, b, lo, hi, rows, good_bytes, &err);
    if (rc != ATT_OK)
        fprintf(stderr, "attune batch: %s\n", err.msg);
    att_results_lines_free(&r);
    fclose(f);
    return rc == ATT_OK ? 0 : CLI_USAGE;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Opens FILE.part (att_outfile_open_part: locked against a second writer):
 * new, or (resume) checked and cut after its last whole run.  The
 * destination is checked here, before the first run: a folder, an empty name
 * or a missing folder fails now, not after the last run.  Nothing is changed
 * on disk before every check has passed.  On failure out->of may be left
 * open: the caller keeps it (a resumed FILE.part is never removed). */
static int open_output(const batch_opts *o, const att_batch *b, long lo, long hi, struct output *out)
{
    att_outfile *rof = out->rof;   /* opened before, kept */
    memset(out, 0, sizeof *out);
    out->rof = rof;
    att_error err = { 0 };
    if (!(out->of = att_outfile_open_part(o->output, o->resume, &err))) {
        fprintf(stderr, "attune batch: %s\n", err.msg);
        return cli_status(err.code);
    }
    out->fp = att_outfile_stream(out->of);
    out->part = att_outfile_temp_path(out->of);
    const char *header = att_batch_output_header(b);
    long rows = 0, good = 0;
    struct stat st;
    if (out->part && o->resume && stat(out->part, &st) == 0 && st.st_size == 0
        && exists(o->output)) {
        /* No FILE.part to resume (the one just made is empty): a finished
         * FILE is checked instead. */
        if (check_existing(o->output, b, lo, hi, &rows, &good))
            return CLI_USAGE;
        if (lo + rows != hi) {
            fprintf(stderr, "attune batch: %s has %ld of %ld runs and no %s to resume from\n",
                    o->output, rows, hi - lo, out->part);
            return CLI_USAGE;
        }
        if (stat(o->output, &st) != 0 || st.st_size != good) {
            fprintf(stderr, "attune batch: %s: a line cut short follows its last run: not a "
                    "finished results file\n", o->output);
            return CLI_USAGE;
        }
        out->complete = 1;
        out->done = rows;
        return CLI_OK;
    }
    if (out->part && o->resume) {
        if (check_existing(out->part, b, lo, hi, &rows, &good))
            return CLI_USAGE;
        if (att_outfile_truncate(out->of, good, &err) != ATT_OK) {
            fprintf(stderr, "attune batch: %s\n", err.msg);
            return CLI_FAIL;
        }
        out->done = rows;
    }
    if (good == 0 && (fputs(header, out->fp) == EOF || fflush(out->fp) != 0)) {
        if (!cli_reader_gone()) {
            cli_write_error(&err, out->part ? out->part : o->output, errno);
            fprintf(stderr, "attune batch: %s\n", err.msg);
        }
        if (!o->resume) {   /* a new FILE.part holds nothing worth keeping */
            att_outfile_abort(out->of);
            out->of = NULL;
        }
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* The --ruptures file, through a temporary file committed with the results
 * (removed when the batch stops early), its header written. */
static int open_ruptures(const batch_opts *o, const att_batch *b, struct output *out)
{
    att_error err = { 0 };
    if (!(out->rof = att_outfile_open(o->ruptures, &err))) {
        fprintf(stderr, "attune batch: %s\n", err.msg);
        return cli_status(err.code);
    }
    if (fputs(att_batch_ruptures_header(b), att_outfile_stream(out->rof)) == EOF) {
        cli_write_error(&err, o->ruptures, errno);
        fprintf(stderr, "attune batch: %s\n", err.msg);
        return CLI_FAIL;
    }
    return CLI_OK;
}

/* ---- MPI ---- */

static int mpi_rank, mpi_size = 1;

static void mpi_start(int *argc, char ***argv)
{
#ifdef ATT_MPI
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
#else
    (void)argc;
    (void)argv;
#endif
}

/* Rank 0 tells the others whether to go on (status CLI_OK) and from where. */
static int mpi_agree(int status, long *lo)
{
#ifdef ATT_MPI
    long msg[2] = { status, *lo };
    MPI_Bcast(msg, 2, MPI_LONG, 0, MPI_COMM_WORLD);
    *lo = msg[1];
    return (int)msg[0];
#else
    (void)lo;
    return status;
#endif
}

/* Ends MPI.  `agreed`: every rank reached this status together (bad input
 * is found by all of them alike), so all can finalize; otherwise rank 0
 * failed while others may still be sending, and only an abort ends them. */
static int mpi_finish(int status, int agreed)
{
#ifdef ATT_MPI
    if (status != CLI_OK && !agreed && mpi_size > 1 && mpi_rank == 0)
        MPI_Abort(MPI_COMM_WORLD, status);
    MPI_Finalize();
#else
    (void)agreed;
#endif
    return status;
}

/* ---- the command ---- */

static int make_traces_dir(const char *dir, int *made)
{
    *made = mkdir(dir, 0777) == 0;
    if (*made || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return CLI_OK;
        fprintf(stderr, "attune batch: --traces %s: not a folder\n", dir);
        return CLI_USAGE;
    }
    fprintf(stderr, "attune batch: --traces %s: cannot create: %s\n", dir, strerror(errno));
    return CLI_USAGE;
}

static void summary(const batch_opts *o, const att_batch *b, const batch_job *job, double secs)
{
    long runs = job->hi - job->lo;
    double steps = 0;
    for (long run = job->lo; run < job->hi; run++)
        steps += (double)att_scenario_steps(att_batch_scenario(b, run))
               * (double)att_batch_sessions(b, run);
    fprintf(stderr, "attune batch: %ld run%s (%zu condition%s x %ld replicate%s%s) in %.1f s: "
            "%.0f runs/s, %.3g dyad-steps/s, %d %s -> %s\n",
            runs, runs == 1 ? "" : "s", att_batch_conditions(b),
            att_batch_conditions(b) == 1 ? "" : "s", att_batch_replicates(b),
            att_batch_replicates(b) == 1 ? "" : "s", o->shard ? ", this shard" : "", secs,
            secs > 0 ? (double)runs / secs : 0, secs > 0 ? steps / secs : 0,
            mpi_size > 1 ? mpi_size : job->jobs,
            mpi_size > 1 ? "ranks" : job->jobs == 1 ? "thread" : "threads", o->output);
}

/* What the batch is made of; each NULL until made. */
struct plan {
    att_scenario *scn;
    att_match_table *mt;
    att_batch *b;
};

/* Loads the experiment and its match table and makes the plan; says why
 * not (on rank 0) and returns the exit status. */
static int make_plan(const batch_opts *o, int speak, struct plan *p)
{
    att_error err = { 0 };
    p->scn = att_scenario_load(o->experiment, o->sets, o->nsets, &err);
    if (p->scn)
        p->mt = cli_scenario_table(p->scn, o->match_table, &err);
    if (p->mt)
        p->b = att_batch_new(p->scn, p->mt, o->sets, o->nsets, &err);
    if (p->b)   /* a run in progress stops within a second of Ctrl-C */
        att_batch_set_interrupt(p->b, cli_interrupted);
    int flags = (o->long_form ? ATT_BATCH_LONG : 0) | (o->ruptures ? ATT_BATCH_RUPTURES : 0);
    if (p->b && att_batch_set_output(p->b, flags, &err) != ATT_OK) {
        att_batch_free(p->b);
        p->b = NULL;
    }
    if (!p->b) {
        if (speak)
            cli_print_error("batch", &err, o->experiment);
        return cli_status(err.code);
    }
    for (size_t i = 0; speak && i < att_scenario_warning_count(p->scn); i++)
        fprintf(stderr, "%s\n", att_scenario_warning(p->scn, i));
    return CLI_OK;
}

/* --traces: every condition's trace files their own, with names a file
 * can have (batch_check_traces); says why not and returns the exit status. */
static int check_traces(const att_batch *b, const batch_opts *o, int speak)
{
    att_error err = { 0 };
    if (batch_check_traces(b, o->experiment, &err) == ATT_OK)
        return CLI_OK;
    if (speak)
        cli_print_error("batch", &err, NULL);
    return cli_status(err.code);
}

/* -o and --ruptures not one of the traces, once their folder is made (a
 * folder made for nothing is removed again); the exit status. */
static int check_trace_outputs(const att_batch *b, const batch_opts *o, int made)
{
    att_error err = { 0 };
    const char *outs[] = { o->output, o->ruptures };
    if (batch_check_trace_outputs(b, o->traces, outs, 2, &err) == ATT_OK)
        return CLI_OK;
    cli_print_error("batch", &err, NULL);
    if (made)
        rmdir(o->traces);
    return cli_status(err.code);
}

/* --resume --traces: the temporaries of traces a killed batch was writing
 * (this shard's runs), removed before any run; says why not and returns
 * the exit status. */
static int clean_traces(const att_batch *b, const batch_opts *o, long lo, long hi)
{
    att_error err = { 0 };
    if (batch_clean_traces(b, o->traces, lo, hi, &err) == ATT_OK)
        return CLI_OK;
    cli_print_error("batch", &err, NULL);
    return cli_status(err.code);
}

static void plan_free(struct plan *p)
{
    att_batch_free(p->b);
    att_match_table_free(p->mt);
    att_scenario_free(p->scn);
}

/* Done: FILE.part becomes FILE (synced first).  Stopped early, or nothing
 * to do: FILE.part is kept as it is (removed if empty).  Returns the
 * status, CLI_FAIL when the commit failed (its error in job->err). */
static int close_output(struct output *out, int status, batch_job *job)
{
    att_error cerr = { 0 };
    if (out->rof && status == CLI_OK && att_outfile_commit(out->rof, &cerr) != ATT_OK) {
        job->err = cerr;
        status = CLI_FAIL;
    } else if (out->rof && status != CLI_OK) {
        att_outfile_abort(out->rof);
    }
    out->rof = NULL;
    if (!out->of)
        return status;
    int rc = status == CLI_OK && !out->complete ? att_outfile_commit(out->of, &cerr)
                                                : att_outfile_keep(out->of, &cerr);
    out->of = NULL;
    if (rc != ATT_OK && status == CLI_OK) {
        job->err = cerr;
        return CLI_FAIL;
    }
    return status;
}

/* The last word on stderr: interrupted, failed, already complete, or the
 * summary.  `kept` names where the rows are. */
static void report(const batch_opts *o, const att_batch *b, const struct output *out,
                   const batch_job *job, int status, const char *kept, double secs)
{
    long runs = job->shard_runs;
    if (cli_reader_gone())
        ;   /* a reader that went away is no error to report (cli_exit) */
    else if (status == CLI_FAIL && job->interrupted && out->part)
        fprintf(stderr, "attune batch: interrupted after %ld of %ld runs; the finished rows are "
                "in %s: %s\n", out->done + job->written, runs, kept, resume_advice(o, 1));
    else if (status == CLI_FAIL && job->interrupted)
        fprintf(stderr, "attune batch: interrupted after %ld of %ld runs (written to %s)\n",
                out->done + job->written, runs, kept);
    else if (status == CLI_FAIL && b && job->err.msg[0])
        fprintf(stderr, "attune batch: %s%s%s%s%s%s\n", job->err.msg,
                out->part ? "; the finished rows are in " : "", out->part ? kept : "",
                out->part ? " (" : "", out->part ? resume_advice(o, 0) : "",
                out->part ? ")" : "");
    else if (status == CLI_OK && !o->quiet && out->complete)
        fprintf(stderr, "attune batch: %s is already complete (%ld runs)\n", o->output, out->done);
    else if (status == CLI_OK && !o->quiet)
        summary(o, b, job, secs);
}

int cli_batch(int argc, char **argv)
{
    mpi_start(&argc, &argv);
    batch_opts o = { 0 };
    int status = parse_args(argc, argv, &o);
    if (status != CLI_OK) {
        free(o.sets);
        return mpi_finish(status < 0 ? CLI_OK : status, 1);
    }
    int speak = mpi_rank == 0;
    cli_catch_signals();  /* before FILE.part exists: a signal always finds it whole */
    const cli_output outs[] = { { "-o", o.output }, { "--ruptures", o.ruptures } };
    const char *ins[] = { o.experiment, o.match_table };
    if (cli_check_outputs("batch", outs, o.ruptures ? 2 : 1, ins, 2) != CLI_OK) {
        free(o.sets);
        return mpi_finish(CLI_USAGE, 1);
    }
    struct plan plan = { 0 };
    status = make_plan(&o, speak, &plan);
    const char *table = status == CLI_OK && !o.match_table ? att_match_table_path(plan.mt) : NULL;
    if (table && cli_check_outputs("batch", outs, o.ruptures ? 2 : 1, &table, 1) != CLI_OK)
        status = CLI_USAGE;   /* the experiment's own table, known once it is read */
    const att_batch *b = plan.b;
    if (status == CLI_OK && o.traces)
        status = check_traces(b, &o, speak);
    int made = 0;
    if (status == CLI_OK && o.traces && speak)
        status = make_traces_dir(o.traces, &made);
    if (status == CLI_OK && o.traces && speak)
        status = check_trace_outputs(b, &o, made);
    long runs = b ? att_batch_runs(b) : 0;
    long lo = o.shard ? (long)((double)runs * (double)(o.shard_i - 1) / (double)o.shard_n) : 0;
    long hi = o.shard ? (long)((double)runs * (double)o.shard_i / (double)o.shard_n) : runs;
    struct output out = { 0 };
    if (status == CLI_OK && speak && o.ruptures)   /* first: its failure leaves no FILE.part */
        status = open_ruptures(&o, b, &out);
    if (status == CLI_OK && speak)
        status = open_output(&o, b, lo, hi, &out);
    if (status == CLI_OK && speak && o.resume && o.traces)   /* FILE.part locked: ours */
        status = clean_traces(b, &o, lo, hi);
    long start = lo + out.done;
    status = mpi_agree(status, &start);
    batch_job job = { .b = b, .lo = start, .hi = out.complete ? start : hi,
                      .done_before = out.done, .shard_runs = hi - lo, .out = out.fp,
                      .ruptures = out.rof ? att_outfile_stream(out.rof) : NULL,
                      .traces = o.traces, .jobs = (int)o.jobs,
                      .progress = speak && !o.quiet && isatty(STDERR_FILENO) };
    double t0 = batch_now();
    int agreed = status != CLI_OK;
    if (status == CLI_OK) {
        int rc = mpi_size > 1 ? batch_exec_mpi(&job, mpi_rank, mpi_size) : batch_exec_threads(&job);
        if (rc != ATT_OK)
            status = CLI_FAIL;
    }
    const char *kept = out.part ? out.part : strcmp(o.output, "-") == 0 ? "standard output"
                                                                        : o.output;
    char kept_name[4096];
    snprintf(kept_name, sizeof kept_name, "%s", kept);
    if (speak)
        status = close_output(&out, status, &job);
    if (speak)
        report(&o, b, &out, &job, status, kept_name, batch_now() - t0);
    plan_free(&plan);
    free(o.sets);
    return mpi_finish(status, agreed);
}
