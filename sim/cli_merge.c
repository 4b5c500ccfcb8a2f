/* attune merge: joins the results files of `attune batch --shard I/N` runs
 * into the file one unsharded batch would have written, after checking that
 * they come from one experiment and hold every run exactly once. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/outfile.h"
#include "cli.h"

static const char merge_usage[] =
    "usage: attune merge SHARD... [-o FILE|-]\n"
    "\n"
    "Joins the results files written by 'attune batch EXPERIMENT --shard I/N -o\n"
    "SHARD' for I = 1..N, in any order, into one results file (default '-':\n"
    "standard output), the same bytes as an unsharded batch.  The shards must\n"
    "have the same header and experiment id and, together, hold runs 1..runs\n"
    "exactly once; otherwise nothing is written and the exit status is 2.\n";

struct shard {
    const char *path;
    long first, last;   /* runs held; first > last when the file has no rows */
    long runs;          /* the runs column: the experiment's total */
    char id[32];
};

/* The leading fields of a row: experiment,run,runs,... */
static int row_fields(const char *line, char *id, size_t idsize, long *run, long *runs)
{
    const char *c1 = strchr(line, ',');
    if (!c1 || (size_t)(c1 - line) >= idsize)
        return -1;
    memcpy(id, line, (size_t)(c1 - line));
    id[c1 - line] = '\0';
    char *end;
    *run = strtol(c1 + 1, &end, 10);
    if (*end != ',')
        return -1;
    *runs = strtol(end + 1, &end, 10);
    return *end == ',' && *run >= 1 && *runs >= *run ? 0 : -1;
}

/* Reads one shard: its header (into *header, or compared with it) and the
 * runs it holds, which must follow each other. */
static int scan(struct shard *sh, char **header)
{
    FILE *f = fopen(sh->path, "rb");
    if (!f) {
        fprintf(stderr, "attune merge: %s: cannot read: %s\n", sh->path, strerror(errno));
        return CLI_USAGE;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int rc = CLI_OK;
    sh->first = 1;
    sh->last = 0;
    sh->runs = -1;
    sh->id[0] = '\0';
    while (rc == CLI_OK && (n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (line[n - 1] != '\n') {
            fprintf(stderr, "attune merge: %s:%ld: the last row is cut short (an interrupted "
                    "batch: finish it with --resume)\n", sh->path, lineno);
            rc = CLI_USAGE;
        } else if (lineno == 1 && !*header) {
            if (!(*header = strdup(line)))
                rc = CLI_FAIL;
        } else if (lineno == 1) {
            if (strcmp(line, *header) != 0) {
                fprintf(stderr, "attune merge: %s:1: the header differs from the first "
                        "shard's: not a shard of the same experiment\n", sh->path);
                rc = CLI_USAGE;
            }
        } else {
            char id[32];
            long run, runs;
            if (row_fields(line, id, sizeof id, &run, &runs) != 0) {
                fprintf(stderr, "attune merge: %s:%ld: not a results row (expected "
                        "experiment,run,runs,...)\n", sh->path, lineno);
                rc = CLI_USAGE;
            } else if (sh->runs < 0) {
                memcpy(sh->id, id, sizeof id);
                sh->runs = runs;
                sh->first = sh->last = run;
            } else if (strcmp(id, sh->id) != 0 || runs != sh->runs) {
                fprintf(stderr, "attune merge: %s:%ld: a row of another experiment (%s, "
                        "not %s)\n", sh->path, lineno, id, sh->id);
                rc = CLI_USAGE;
            } else if (run != sh->last + 1) {
                fprintf(stderr, "attune merge: %s:%ld: run %ld follows run %ld: a shard "
                        "holds consecutive runs\n", sh->path, lineno, run, sh->last);
                rc = CLI_USAGE;
            } else {
                sh->last = run;
            }
        }
    }
    if (rc == CLI_OK && ferror(f)) {
        fprintf(stderr, "attune merge: %s: cannot read: %s\n", sh->path, strerror(errno));
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK && lineno == 0) {
        fprintf(stderr, "attune merge: %s: empty file: not a results file\n", sh->path);
        rc = CLI_USAGE;
    }
    free(line);
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
            fprintf(stderr, "attune merge: %s and %s come from different experiments "
                    "(%s and %s)\n", ref->path, sh[i].path, ref->id, sh[i].id);
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

static int copy_rows(const struct shard *sh, FILE *to, att_error *err)
{
    FILE *f = fopen(sh->path, "rb");
    if (!f)
        return att_error_set(err, ATT_EIO, "%s: cannot read: %s", sh->path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = ATT_OK;
    for (long lineno = 1; (n = getline(&line, &cap, f)) > 0; lineno++)
        if (lineno > 1 && fwrite(line, 1, (size_t)n, to) != (size_t)n) {
            rc = att_error_set(err, ATT_EIO, "write error");
            break;
        }
    if (rc == ATT_OK && ferror(f))
        rc = att_error_set(err, ATT_EIO, "%s: cannot read: %s", sh->path, strerror(errno));
    free(line);
    fclose(f);
    return rc;
}

int cli_merge(int argc, char **argv)
{
    const char *output = "-";
    cli_option opts[] = { { "--output", "-o", &output, NULL } };
    const char **words = calloc((size_t)argc + 1, sizeof *words);
    size_t nwords = 0;
    if (!words) {
        fprintf(stderr, "attune merge: out of memory\n");
        return CLI_FAIL;
    }
    int status = cli_parse("merge", argc, argv, opts, 1, merge_usage, words, &nwords);
    if (status == CLI_OK && nwords == 0) {
        fprintf(stderr, "attune merge: no shard files given\n%s", merge_usage);
        status = CLI_USAGE;
    }
    struct shard *sh = status == CLI_OK ? calloc(nwords, sizeof *sh) : NULL;
    if (status == CLI_OK && !sh) {
        fprintf(stderr, "attune merge: out of memory\n");
        status = CLI_FAIL;
    }
    char *header = NULL;
    for (size_t i = 0; status == CLI_OK && i < nwords; i++) {
        sh[i].path = words[i];
        status = scan(&sh[i], &header);
    }
    if (status == CLI_OK)
        status = check_cover(sh, nwords);
    if (status == CLI_OK) {
        att_error err = { 0 };
        att_outfile *of = att_outfile_open(output, &err);
        int rc = of ? ATT_OK : err.code;
        FILE *to = of ? att_outfile_stream(of) : NULL;
        if (rc == ATT_OK && fputs(header, to) == EOF)
            rc = att_error_set(&err, ATT_EIO, "write error");
        for (size_t i = 0; rc == ATT_OK && i < nwords; i++)
            if (sh[i].runs >= 0)
                rc = copy_rows(&sh[i], to, &err);
        if (of)
            rc = rc == ATT_OK ? att_outfile_commit(of, &err) : (att_outfile_abort(of), rc);
        if (rc != ATT_OK) {
            fprintf(stderr, "attune merge: %s\n", err.msg);
            status = cli_status(rc);
        }
    }
    free(header);
    free(sh);
    free(words);
    return status < 0 ? CLI_OK : status;
}
