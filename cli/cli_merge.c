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
#include "attune/outfile.h"
#include "cli/cli.h"

static const char merge_usage[] =
    "usage: attune merge SHARD... [-o FILE|-]\n"
    "\n"
    "Joins the results files written by 'attune batch EXPERIMENT --shard I/N -o\n"
    "SHARD' for I = 1..N, in any order, into one results file (default '-':\n"
    "standard output), the same bytes as an unsharded batch.  The shards must\n"
    "have the same header and experiment id and, together, hold runs 1..runs\n"
    "exactly once (with a session column: each run with all its sessions);\n"
    "otherwise nothing is written and the exit status is 2.\n";

/* The header's start when runs have session lines (batch/batch.c). */
static const char session_head[] = "experiment,run,runs,condition,replicate,session,";

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

/* Skips one CSV field (quoted or not) and its comma; NULL at the line's end. */
static const char *skip_field(const char *p)
{
    if (*p == '"') {
        for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
            if (*p == '"')
                p++;
        if (*p++ != '"')
            return NULL;
    } else {
        p += strcspn(p, ",\n");
    }
    return *p == ',' ? p + 1 : NULL;
}

/* The condition field (as written, quotes and all) and the session number
 * of a line with the session column; -1 when they are not there. */
static int session_fields(const char *line, const char **cond, size_t *cond_len, long *session)
{
    const char *p = line;
    for (int i = 0; p && i < 3; i++)   /* experiment, run, runs */
        p = skip_field(p);
    const char *c = p;
    const char *rep = p ? skip_field(p) : NULL;
    p = rep ? skip_field(rep) : NULL;
    if (!p)
        return -1;
    char *end;
    *session = strtol(p, &end, 10);
    if (end == p || *end != ',' || *session < 1)
        return -1;
    *cond = c;
    *cond_len = (size_t)(rep - 1 - c);
    return 0;
}

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

/* Reads the next line of `f` into *line (growing it; *cap its size) with
 * its line end (LF, CRLF or CR) written as one '\n', and a UTF-8 byte order
 * mark dropped from line 1.  Returns the length, 0 at the end of the file,
 * or -1 with a message on stderr for a line that is not UTF-8 text or is
 * longer than ATT_CSV_MAX_RESULTS_ROW (the longest line batch writes). */
static long next_line(FILE *f, const char *path, long lineno, char **line, size_t *cap)
{
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF) {
        if (c == '\r') {
            int d = getc(f);
            if (d != '\n' && d != EOF)
                ungetc(d, f);
            c = '\n';
        }
        if (c == '\0' || (n + 2 > (size_t)ATT_CSV_MAX_RESULTS_ROW)) {
            fprintf(stderr, "attune merge: %s:%ld: %s\n", path, lineno,
                    c == '\0' ? "a NUL byte: the file is not UTF-8 text (UTF-16? save it as "
                                "UTF-8)"
                              : ("a line longer than 256 MiB (the longest attune batch "
                                 "writes): not a results file"));
            return -1;
        }
        if (n + 2 > *cap) {
            size_t bigger = *cap ? 2 * *cap : 4096;
            char *p = realloc(*line, bigger);
            if (!p) {
                fprintf(stderr, "attune merge: out of memory\n");
                return -1;
            }
            *line = p;
            *cap = bigger;
        }
        (*line)[n++] = (char)c;
        if (c == '\n')
            break;
        if (lineno == 1 && n == 3 && memcmp(*line, "\xEF\xBB\xBF", 3) == 0)
            n = 0;
        if (lineno == 1 && n == 2 && att_text_encoding_problem(*line, 2)) {
            fprintf(stderr, "attune merge: %s:1: the file %s\n", path,
                    att_text_encoding_problem(*line, 2));
            return -1;
        }
    }
    if (n)
        (*line)[n] = '\0';
    return (long)n;
}

static int split_names(const char *line, char **names, int max);

/* Splits a header line (its '\n' included) at commas outside quotes into
 * `names` (at most `max`, quotes removed; the caller frees them); the number
 * of fields, or (nothing kept) -1 when a quote is never closed, -2 for
 * malformed quoting, -3 when out of memory. */
static int header_names(const char *line, char **names, int max)
{
    int n = split_names(line, names, max);
    if (n < 0)
        for (int i = 0; i < max && names[i]; i++) {
            free(names[i]);
            names[i] = NULL;
        }
    return n;
}

static int split_names(const char *line, char **names, int max)
{
    int n = 0;
    const char *p = line;
    for (;;) {
        char *name = malloc(strlen(p) + 1);
        if (!name)
            return -3;
        size_t k = 0;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"')
                    p++;
                name[k++] = *p;
            }
            if (*p != '"') {
                free(name);
                return -1;
            }
            p++;
            if (*p != ',' && *p != '\n') {
                free(name);
                return -2;
            }
        } else {
            while (*p != ',' && *p != '\n' && *p) {
                if (*p == '"') {
                    free(name);
                    return -2;
                }
                name[k++] = *p++;
            }
        }
        name[k] = '\0';
        if (n < max)
            names[n] = name;
        else
            free(name);
        n++;
        if (*p != ',')
            return n;
        p++;
    }
}

/* Counts the fields of a row (its '\n' included), commas in quotes aside. */
static long count_fields(const char *line)
{
    long n = 1;
    int quoted = 0;
    for (const char *p = line; *p; p++)
        if (*p == '"')
            quoted = !quoted;
        else if (*p == ',' && !quoted)
            n++;
    return n;
}

/* Checks a shard's header (line 1, '\n' included): separated by commas as
 * batch writes it, quotes closed, every column named once, and the columns
 * of a results file there.  Says what is wrong as PATH:1 on stderr. */
static int check_header(const char *path, const char *line, long *nfields)
{
    long comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (const char *p = line; *p; p++)
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted)
            comma += *p == ',', semi += *p == ';', tab += *p == '\t';
    const char *fault = NULL;
    char why[200];
    if (!quoted && (semi > comma || tab > comma)) {
        fprintf(stderr, "attune merge: %s:1: separated by %s: attune batch writes commas; "
                "merge the files batch wrote (a spreadsheet saved this one with %s)\n", path,
                semi > tab ? "';'" : "tabs", semi > tab ? "semicolons" : "tabs");
        return CLI_USAGE;
    }
    enum { MAXCOLS = 4096 };
    char **names = calloc(MAXCOLS, sizeof *names);
    if (!names) {
        fprintf(stderr, "attune merge: out of memory\n");
        return CLI_FAIL;
    }
    int n = quoted ? -1 : header_names(line, names, MAXCOLS);
    int shown = n < 0 ? 0 : n < MAXCOLS ? n : MAXCOLS;
    if (n == -3) {
        fprintf(stderr, "attune merge: out of memory\n");
        return CLI_FAIL;
    }
    if (n == -1)
        fault = "a quote in the header is never closed";
    else if (n == -2)
        fault = "malformed quoting in the header (a quote inside a name, or text after a "
                "closing quote)";
    else if (n > MAXCOLS)
        fault = "more than 4096 columns: not the header of an attune batch results file";
    else if (n < 3 || strcmp(names[0], "experiment") != 0 || strcmp(names[1], "run") != 0
             || strcmp(names[2], "runs") != 0)
        fault = "not the header of an attune batch results file (it starts "
                "experiment,run,runs,...)";
    for (int i = 0; !fault && i < shown; i++) {
        if (names[i][0] == '\0') {
            snprintf(why, sizeof why, "column %d has no name (an extra comma?)", i + 1);
            fault = why;
        }
        for (int j = 0; !fault && j < i; j++)
            if (strcmp(names[i], names[j]) == 0) {
                snprintf(why, sizeof why, "column '%.80s' appears twice", names[i]);
                fault = why;
            }
    }
    int windows = 0;
    for (int i = 0; !fault && i < shown; i++) {
        const char *dot = strrchr(names[i], '.');
        windows += dot && dot != names[i] && dot[1] != '\0';
    }
    if (!fault && !windows)
        fault = "not a results file of attune batch: no window columns (WINDOW.METRIC, such "
                "as all.matched_prop)";
    for (int i = 0; i < shown; i++)
        free(names[i]);
    free(names);
    if (fault) {
        fprintf(stderr, "attune merge: %s:1: %s\n", path, fault);
        return CLI_USAGE;
    }
    *nfields = n;
    return CLI_OK;
}

/* Reads one shard: its header (into *header, or compared with it) and the
 * runs it holds, which must follow each other (with the session column,
 * each as its sessions' lines in order). */
static int scan(struct shard *sh, char **header)
{
    FILE *f = fopen(sh->path, "rb");
    if (!f) {
        fprintf(stderr, "attune merge: %s: cannot read: %s\n", sh->path, strerror(errno));
        return CLI_USAGE;
    }
    char *line = NULL;
    size_t cap = 0;
    long n;
    long lineno = 0, nfields = 0;
    int rc = CLI_OK;
    struct run_sessions prev = { 0 };
    sh->first = 1;
    sh->last = 0;
    sh->runs = -1;
    sh->id[0] = '\0';
    while (rc == CLI_OK && (n = next_line(f, sh->path, lineno + 1, &line, &cap)) != 0) {
        lineno++;
        if (n < 0) {
            rc = CLI_USAGE;
            break;
        }
        if (line[n - 1] != '\n') {
            fprintf(stderr, "attune merge: %s:%ld: the last row is cut short (an interrupted "
                    "batch: finish it with --resume)\n", sh->path, lineno);
            rc = CLI_USAGE;
        } else if (lineno == 1 && (rc = check_header(sh->path, line, &nfields)) != CLI_OK) {
            break;
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
            int sessions = strncmp(*header, session_head, sizeof session_head - 1) == 0;
            char id[32];
            long run, runs, session = 1;
            const char *cond = NULL;
            size_t cond_len = 0;
            int new_run = 1;
            long got = count_fields(line);
            if (got != nfields && lineno == 2) {
                fprintf(stderr, "attune merge: %s:1: the header has %ld fields but the first "
                        "row (line 2) has %ld: a column %s the header?\n", sh->path, nfields,
                        got, got < nfields ? "too many in" : "missing from");
                rc = CLI_USAGE;
            } else if (got != nfields) {
                fprintf(stderr, "attune merge: %s:%ld: %ld fields, but the header (line 1) "
                        "has %ld\n", sh->path, lineno, got, nfields);
                rc = CLI_USAGE;
            } else if (row_fields(line, id, sizeof id, &run, &runs) != 0
                || (sessions && session_fields(line, &cond, &cond_len, &session) != 0)) {
                fprintf(stderr, "attune merge: %s:%ld: not a results row (expected "
                        "%s...)\n", sh->path, lineno,
                        sessions ? session_head : "experiment,run,runs,");
                rc = CLI_USAGE;
            } else if (sh->runs < 0) {
                memcpy(sh->id, id, sizeof id);
                sh->runs = runs;
                sh->first = sh->last = run;
            } else if (strcmp(id, sh->id) != 0 || runs != sh->runs) {
                fprintf(stderr, "attune merge: %s:%ld: a row of another experiment (%s, "
                        "not %s)\n", sh->path, lineno, id, sh->id);
                rc = CLI_USAGE;
            } else if (sessions && run == sh->last) {
                new_run = 0;   /* the next session of the same run */
            } else if (run != sh->last + 1) {
                fprintf(stderr, "attune merge: %s:%ld: run %ld follows run %ld: a shard "
                        "holds consecutive runs\n", sh->path, lineno, run, sh->last);
                rc = CLI_USAGE;
            } else {
                sh->last = run;
            }
            if (rc == CLI_OK && sessions)
                rc = add_session_line(sh, lineno, run, new_run, cond, cond_len, session, &prev);
        }
    }
    if (rc == CLI_OK && sh->tail.cond)
        rc = end_run(sh, &prev);
    free(prev.cond);
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

static int copy_rows(const struct shard *sh, FILE *to, const char *output, att_error *err)
{
    FILE *f = fopen(sh->path, "rb");
    if (!f)
        return att_error_set(err, ATT_EIO, "%s: cannot read: %s", sh->path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    long n;
    int rc = ATT_OK;
    for (long lineno = 1; (n = next_line(f, sh->path, lineno, &line, &cap)) > 0; lineno++)
        if (lineno > 1 && fwrite(line, 1, (size_t)n, to) != (size_t)n) {
            rc = cli_write_error(err, output, errno);
            break;
        }
    if (n < 0 && rc == ATT_OK)
        rc = att_error_set(err, ATT_EINPUT, "%s: changed while being merged", sh->path);
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
        att_outfile *of = att_outfile_open(output, &err);
        int rc = of ? ATT_OK : err.code;
        FILE *to = of ? att_outfile_stream(of) : NULL;
        if (rc == ATT_OK && fputs(header, to) == EOF)
            rc = cli_write_error(&err, output, errno);
        for (size_t i = 0; rc == ATT_OK && i < nwords; i++)
            if (sh[i].runs >= 0)
                rc = copy_rows(&sh[i], to, output, &err);
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
