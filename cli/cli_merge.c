/* attune merge: joins the results files of `attune batch --shard I/N` runs
 * into the file one unsharded batch would have written, after checking that
 * they come from one experiment and hold every run exactly once.
 *
 * With the session column (timelines of several sessions) a run is several
 * lines, sessions 1, 2, ... in order.  How many a condition has is in the
 * experiment file, which merge does not read; but every run of a condition
 * has the same number and a condition's runs are consecutive, so each run
 * is checked against the run before it when both are of one condition,
 * across shard boundaries too.
 *
 * Line ends may be LF, CRLF or CR and the first line may start with a UTF-8
 * byte order mark (a shard that went through a spreadsheet or Windows): the
 * merged file has the bytes batch writes, LF line ends and no mark. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/csvread.h"
#include "batch/results.h"
#include "attune/outfile.h"
#include "cli/cli.h"

static const char merge_usage[] =
    "usage: attune merge SHARD... [-o FILE|-] [--long]\n"
    "\n"
    "Joins the results files written by 'attune batch EXPERIMENT --shard I/N -o\n"
    "SHARD' for I = 1..N, in any order, into one results file, the same bytes\n"
    "as an unsharded batch.  The shards must have the same header and\n"
    "experiment id and, together, hold runs 1..runs exactly once (with a\n"
    "session column: each run with all its sessions); otherwise nothing is\n"
    "written and the exit status is 2.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE|-   where the joined results go (default '-': standard\n"
    "                        output)\n"
    "  --long                write the long (tidy) form instead, what 'attune\n"
    "                        batch --long' writes: one row per run (or session),\n"
    "                        window and metric.  Also converts one finished\n"
    "                        results file: attune merge --long FILE.  The shards\n"
    "                        themselves must be wide (long files are refused)\n"
    "  -h, --help            this text\n";

/* A run's condition (its field as written) and how many session lines it
 * has; cond is NULL before the first run. */
struct run_sessions {
    long run;
    char *cond;
    long sessions;
};

struct shard {
    const char *path;
    long first, last;   /* runs held; first > last when the file has no rows */
    long runs;          /* the runs column: the experiment's total */
    char id[32];
    struct run_sessions head, tail;   /* first and last run (session column only) */
};

static int same_condition(const struct run_sessions *a, const struct run_sessions *b)
{
    return a->cond && b->cond && strcmp(a->cond, b->cond) == 0;
}

/* Two runs of one condition must have the same number of sessions. */
static int check_sessions(const struct run_sessions *a, const struct run_sessions *b,
                          const char *where_a, const char *where_b)
{
    if (!same_condition(a, b) || a->sessions == b->sessions)
        return CLI_OK;
    fprintf(stderr, "attune merge: run %ld (%s) has %ld session%s but run %ld (%s) of the same "
            "condition %s has %ld: sessions are missing (a file cut short?)\n", a->run, where_a,
            a->sessions, a->sessions == 1 ? "" : "s", b->run, where_b, b->cond, b->sessions);
    return CLI_USAGE;
}

/* The shard's current run (sh->tail) has ended: it is checked against the
 * run before it and, when it is the shard's first, remembered for the
 * shard before this one. */
static int end_run(struct shard *sh, const struct run_sessions *prev)
{
    if (check_sessions(&sh->tail, prev, sh->path, sh->path) != CLI_OK)
        return CLI_USAGE;
    if (sh->tail.run != sh->first)
        return CLI_OK;
    sh->head = sh->tail;
    return (sh->head.cond = strdup(sh->tail.cond)) ? CLI_OK : CLI_FAIL;
}

/* One more line of `run` in shard `sh`: session 1 opens a run, any other
 * follows the run's previous session.  `prev` is the run before the
 * current one in this shard. */
static int add_session_line(struct shard *sh, long lineno, long run, int new_run,
                            const char *cond, size_t cond_len, long session,
                            struct run_sessions *prev)
{
    struct run_sessions *cur = &sh->tail;
    if (!new_run && session != cur->sessions + 1) {
        fprintf(stderr, "attune merge: %s:%ld: session %ld of run %ld follows session %ld: "
                "a run's lines are its sessions 1, 2, ... in order\n", sh->path, lineno,
                session, run, cur->sessions);
        return CLI_USAGE;
    }
    if (!new_run) {
        cur->sessions = session;
        return CLI_OK;
    }
    if (session != 1) {
        fprintf(stderr, "attune merge: %s:%ld: run %ld starts with session %ld: a run's lines "
                "are its sessions 1, 2, ... in order\n", sh->path, lineno, run, session);
        return CLI_USAGE;
    }
    if (cur->cond) {
        int rc = end_run(sh, prev);
        if (rc != CLI_OK)
            return rc;
        free(prev->cond);
        *prev = *cur;   /* prev takes the condition's text */
    }
    if (!(cur->cond = strndup(cond, cond_len)))
        return CLI_FAIL;
    cur->run = run;
    cur->sessions = 1;
    return CLI_OK;
}

/* One row (line > 1) of a shard, checked against the rows before it: its
 * fields, experiment and run (with the session column, its session). */
static int scan_row(struct shard *sh, const att_results_lines *in, const char *header,
                    long nfields, struct run_sessions *prev)
{
    static const char session_head[] = ATT_RESULTS_SESSION_HEAD;
    int sessions = strncmp(header, session_head, sizeof session_head - 1) == 0;
    const char *line = in->line;
    long lineno = in->lineno;
    char id[32];
    long run, runs, session = 1;
    const char *cond = NULL;
    size_t cond_len = 0;
    int new_run = 1;
    long got = att_results_count_fields(line);
    if (got != nfields && lineno == 2) {
        fprintf(stderr, "attune merge: %s:1: the header has %ld fields but the first "
                "row (line 2) has %ld: a column %s the header?\n", sh->path, nfields,
                got, got < nfields ? "too many in" : "missing from");
        return CLI_USAGE;
    } else if (got != nfields) {
        fprintf(stderr, "attune merge: %s:%ld: %ld fields, but the header (line 1) "
                "has %ld\n", sh->path, lineno, got, nfields);
        return CLI_USAGE;
    } else if (att_results_row_fields(line, id, sizeof id, &run, &runs) != 0
        || (sessions && att_results_session_fields(line, &cond, &cond_len, &session) != 0)) {
        fprintf(stderr, "attune merge: %s:%ld: not a results row (expected "
                "%s...)\n", sh->path, lineno,
                sessions ? session_head : "experiment,run,runs,");
        return CLI_USAGE;
    } else if (sh->runs < 0) {
        memcpy(sh->id, id, sizeof id);
        sh->runs = runs;
        sh->first = sh->last = run;
    } else if (strcmp(id, sh->id) != 0 || runs != sh->runs) {
        fprintf(stderr, "attune merge: %s:%ld: a row of another experiment (%s, "
                "not %s)\n", sh->path, lineno, id, sh->id);
        return CLI_USAGE;
    } else if (sessions && run == sh->last) {
        new_run = 0;   /* the next session of the same run */
    } else if (run != sh->last + 1) {
        fprintf(stderr, "attune merge: %s:%ld: run %ld follows run %ld: a shard "
                "holds consecutive runs\n", sh->path, lineno, run, sh->last);
        return CLI_USAGE;
    } else {
        sh->last = run;
    }
    return sessions ? add_session_line(sh, lineno, run, new_run, cond, cond_len, session, prev)
                    : CLI_OK;
}

/* The header (line 1): checked, kept in *header for the first shard and
 * compared with it for the others. */
static int scan_header(const struct shard *sh, const char *line, char **header, long *nfields)
{
    att_error err = { 0 };
    int rc = att_results_check_header(sh->path, line, nfields, &err);
    if (rc != ATT_OK) {
        fprintf(stderr, "attune merge: %s\n", err.msg);
        return cli_status(rc);
    }
    if (!*header)
        return (*header = strdup(line)) ? CLI_OK : CLI_FAIL;
    if (strcmp(line, *header) != 0) {
        fprintf(stderr, "attune merge: %s:1: the header differs from the first "
                "shard's: not a shard of the same experiment\n", sh->path);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* Reads one shard: its header (into *header, or compared with it) and the
 * runs it holds, which must follow each other (with the session column,
 * each as its sessions' lines in order). */
static int scan(struct shard *sh, char **header)
{
    att_error err = { 0 };
    FILE *f = att_file_open(sh->path, &err);
    if (!f) {
        fprintf(stderr, "attune merge: %s\n", err.msg);
        return CLI_USAGE;
    }
    att_results_lines in;
    att_results_lines_init(&in, f, sh->path, ATT_RESULTS_ANY_ENDS);
    long nfields = 0;
    int got, rc = CLI_OK;
    struct run_sessions prev = { 0 };
    sh->first = 1;
    sh->last = 0;
    sh->runs = -1;
    sh->id[0] = '\0';
    while (rc == CLI_OK && (got = att_results_lines_next(&in, &err)) != 0) {
        if (got < 0) {
            fprintf(stderr, "attune merge: %s\n", err.msg);
            rc = CLI_USAGE;
        } else if (in.line[in.len - 1] != '\n') {
            fprintf(stderr, "attune merge: %s:%ld: the last row is cut short (an interrupted "
                    "batch: finish it with --resume)\n", sh->path, in.lineno);
            rc = CLI_USAGE;
        } else if (in.lineno == 1) {
            rc = scan_header(sh, in.line, header, &nfields);
        } else {
            rc = scan_row(sh, &in, *header, nfields, &prev);
        }
    }
    if (rc == CLI_OK && sh->tail.cond)
        rc = end_run(sh, &prev);
    free(prev.cond);
    if (rc == CLI_OK && ferror(f)) {
        fprintf(stderr, "attune merge: %s: cannot read: %s\n", sh->path, strerror(errno));
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK && in.lineno == 0) {
        fprintf(stderr, "attune merge: %s: empty file: not a results file\n", sh->path);
        rc = CLI_USAGE;
    }
    att_results_lines_free(&in);
    fclose(f);
    return rc;
}

static int by_first_run(const void *a, const void *b)
{
    const struct shard *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

/* Every run 1..runs exactly once, from one experiment. */
static int check_cover(struct shard *sh, size_t n)
{
    qsort(sh, n, sizeof *sh, by_first_run);
    const struct shard *ref = NULL;
    long next = 1;
    for (size_t i = 0; i < n; i++) {
        if (sh[i].runs < 0)
            continue;  /* no rows: a shard with nothing to do */
        if (ref && (strcmp(ref->id, sh[i].id) != 0 || ref->runs != sh[i].runs)) {
            if (strcmp(ref->id, sh[i].id) != 0)
                fprintf(stderr, "attune merge: %s and %s come from different experiments "
                        "(%s and %s: the experiment file, seed, match table, --set options "
                        "or attune's version differ)\n", ref->path, sh[i].path, ref->id,
                        sh[i].id);
            else   /* one id: say what differs */
                fprintf(stderr, "attune merge: %s and %s come from different experiments "
                        "(experiment %s of %ld runs in the one, of %ld in the other)\n",
                        ref->path, sh[i].path, ref->id, ref->runs, sh[i].runs);
            return CLI_USAGE;
        }
        if (sh[i].first < next) {
            fprintf(stderr, "attune merge: runs %ld-%ld of %s are also in %s\n", sh[i].first,
                    next - 1 < sh[i].last ? next - 1 : sh[i].last, sh[i].path, ref->path);
            return CLI_USAGE;
        }
        if (sh[i].first > next) {
            fprintf(stderr, "attune merge: runs %ld-%ld are missing (no shard given holds "
                    "them)\n", next, sh[i].first - 1);
            return CLI_USAGE;
        }
        if (ref && check_sessions(&sh[i].head, &ref->tail, sh[i].path, ref->path) != CLI_OK)
            return CLI_USAGE;
        next = sh[i].last + 1;
        ref = &sh[i];
    }
    if (!ref) {
        fprintf(stderr, "attune merge: the shards hold no runs\n");
        return CLI_USAGE;
    }
    if (next <= ref->runs) {
        fprintf(stderr, "attune merge: runs %ld-%ld of %ld are missing (no shard given holds "
                "them)\n", next, ref->runs, ref->runs);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* Writes one row to `to`: as it is, or (lf) as its long rows into `buf`. */
static int put_row(const att_results_lines *in, const att_results_long *lf, att_buf *buf,
                   FILE *to, const char *output, att_error *err)
{
    const char *data = in->line;
    size_t len = in->len;
    if (lf) {
        buf->len = 0;
        int rc = att_results_long_add(lf, in->line, buf, err);
        if (rc != ATT_OK)
            return rc == ATT_ENOMEM ? rc : att_error_set(err, ATT_EINPUT, "%s:%ld: changed "
                                                         "while being merged", in->path,
                                                         in->lineno);
        data = buf->data;
        len = buf->len;
    }
    return len && fwrite(data, 1, len, to) != len ? cli_write_error(err, output, errno) : ATT_OK;
}

static int copy_rows(const struct shard *sh, FILE *to, const char *output,
                     const att_results_long *lf, att_error *err)
{
    FILE *f = att_file_open(sh->path, err);
    if (!f) {
        err->code = ATT_EIO;   /* it was read before: gone or changed since */
        return ATT_EIO;
    }
    att_results_lines in;
    att_results_lines_init(&in, f, sh->path, ATT_RESULTS_ANY_ENDS);
    att_error bad = { 0 };
    att_buf buf = { 0 };
    int n, rc = ATT_OK;
    while (rc == ATT_OK && (n = att_results_lines_next(&in, &bad)) > 0)
        if (in.lineno > 1)
            rc = put_row(&in, lf, &buf, to, output, err);
    att_buf_free(&buf);
    if (rc != ATT_OK)
        n = 0;
    if (n < 0 && rc == ATT_OK) {
        fprintf(stderr, "attune merge: %s\n", bad.msg);
        rc = att_error_set(err, ATT_EINPUT, "%s: changed while being merged", sh->path);
    }
    if (rc == ATT_OK && ferror(f))
        rc = att_error_set(err, ATT_EIO, "%s: cannot read: %s", sh->path, strerror(errno));
    att_results_lines_free(&in);
    fclose(f);
    return rc;
}

int cli_merge(int argc, char **argv)
{
    const char *output = "-";
    int long_form = 0;
    cli_option opts[] = { { "--output", "-o", &output, NULL }, { "--long", NULL, NULL, &long_form } };
    const char **words = calloc((size_t)argc + 1, sizeof *words);
    size_t nwords = 0;
    if (!words)
        return cli_nomem("merge");
    int status = cli_parse("merge", argc, argv, opts, 2, merge_usage, words, &nwords);
    if (status == CLI_OK && nwords == 0) {
        fprintf(stderr, "attune merge: no shard files given\n%s", merge_usage);
        status = CLI_USAGE;
    }
    struct shard *sh = status == CLI_OK ? calloc(nwords, sizeof *sh) : NULL;
    if (status == CLI_OK && !sh)
        status = cli_nomem("merge");
    const cli_output outs[] = { { "-o", output } };
    if (status == CLI_OK)
        status = cli_check_outputs("merge", outs, 1, words, nwords);
    char *header = NULL;
    for (size_t i = 0; status == CLI_OK && i < nwords; i++) {
        sh[i].path = words[i];
        status = scan(&sh[i], &header);
    }
    if (status == CLI_OK)
        status = check_cover(sh, nwords);
    if (status == CLI_OK) {
        att_error err = { 0 };
        att_results_long *lf = long_form ? att_results_long_new(sh[0].path, header, &err) : NULL;
        att_outfile *of = !long_form || lf ? att_outfile_open(output, &err) : NULL;
        int rc = of ? ATT_OK : err.code;
        FILE *to = of ? att_outfile_stream(of) : NULL;
        if (rc == ATT_OK && fputs(lf ? att_results_long_header(lf) : header, to) == EOF)
            rc = cli_write_error(&err, output, errno);
        for (size_t i = 0; rc == ATT_OK && i < nwords; i++)
            if (sh[i].runs >= 0)
                rc = copy_rows(&sh[i], to, output, lf, &err);
        att_results_long_free(lf);
        if (of)
            rc = rc == ATT_OK ? att_outfile_commit(of, &err) : (att_outfile_abort(of), rc);
        if (rc != ATT_OK) {
            if (!cli_reader_gone())
                fprintf(stderr, "attune merge: %s\n", err.msg);
            status = cli_status(rc);
        }
    }
    free(header);
    for (size_t i = 0; sh && i < nwords; i++) {
        free(sh[i].head.cond);
        free(sh[i].tail.cond);
    }
    free(sh);
    free(words);
    return status < 0 ? CLI_OK : status;
}
