/* attune score: rupture and repair statistics for attune traces and
 * observers' coded sessions, streamed through the online scorer. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/coded.h"
#include "attune/match.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "attune/pool.h"
#include "attune/report.h"
#include "base/csvwrite.h"
#include "base/grow.h"
#include "attune/scorer.h"
#include "cli/cli.h"

static const char score_usage[] =
    "usage: attune score FILE... [options]\n"
    "\n"
    "Scores ruptures and repairs in attune traces or observed coded sessions: one\n"
    "row per run and window (window = 'all', or a phase).  A FILE is a CSV with\n"
    "columns t (seconds), infant_code and caregiver_code, in any order, and\n"
    "optionally run (or session), phase, matched and infant_arousal; other columns\n"
    "are ignored.  '-' reads standard input.  Definitions: docs/SCORING.md.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE|-   where the scores go (default '-': standard output)\n"
    "  --format table|csv|json\n"
    "                        table: aligned, to read (default on a terminal);\n"
    "                        csv: tidy, one row per run and window (default otherwise)\n"
    "  --match-table NAME|FILE\n"
    "                        which code pairs are matched (default 'attuned').  Named\n"
    "                        explicitly, it overrides a matched column in the file\n"
    "  --ruptures FILE       also write one row per rupture: run, phase, start,\n"
    "                        latency, censored, who repaired, peak infant arousal\n"
    "  --delimiter C         the CSV separator: ',', ';' or tab (default: the one\n"
    "                        the header uses most)\n"
    "  --cutoff S            horizon of the restricted mean time to repair (default 30)\n"
    "  --pool                add rows pooling all runs per window: Kaplan-Meier over\n"
    "                        all ruptures, and per-run means with bootstrap intervals\n"
    "  --boot N              bootstrap resamples for --pool (default 2000; 0: none)\n"
    "  --seed N              seed of the bootstrap (default 1)\n"
    "  -h, --help            this text\n"
    "\n"
    "Undefined statistics (no ruptures; median not reached) are empty fields.\n"
    "Exit status 2 on bad input (the message names FILE:LINE), with nothing written.\n";

typedef struct {
    const char **files;
    size_t nfiles;
    const char *output, *match_table, *ruptures;
    int flags;   /* att_coded_read's: the table decides matched, the separator */
    int format_set, pool;
    att_format format;
    double cutoff;
    long boot;
    unsigned long seed;
} score_opts;

static int parse_args(int argc, char **argv, score_opts *o)
{
    const char *format = NULL, *cutoff = NULL, *boot = NULL, *seed = NULL, *delim = NULL;
    const cli_option options[] = {
        { "--output", "-o", &o->output, NULL },
        { "--format", NULL, &format, NULL },
        { "--match-table", NULL, &o->match_table, NULL },
        { "--ruptures", NULL, &o->ruptures, NULL },
        { "--cutoff", NULL, &cutoff, NULL },
        { "--delimiter", NULL, &delim, NULL },
        { "--pool", NULL, NULL, &o->pool },
        { "--boot", NULL, &boot, NULL },
        { "--seed", NULL, &seed, NULL },
    };
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    if (!o->files) {
        fprintf(stderr, "attune score: out of memory\n");
        return CLI_FAIL;
    }
    o->output = "-";
    int rc = cli_parse("score", argc, argv, options, sizeof options / sizeof *options,
                       score_usage, o->files, &o->nfiles);
    if (rc != CLI_OK)
        return rc;
    if (format) {
        if (att_format_parse(format, &o->format) != 0) {
            fprintf(stderr, "attune score: --format %s: must be table, csv or json\n", format);
            return CLI_USAGE;
        }
        o->format_set = 1;
    }
    o->cutoff = ATT_SCORE_CUTOFF_S;
    if (cutoff) {
        int bad = att_parse_double(cutoff, &o->cutoff);
        if (bad || !(o->cutoff > 0)) {
            fprintf(stderr, "attune score: --cutoff %s: %s\n", cutoff,
                    bad ? att_number_problem(bad) : "must be a number of seconds above 0");
            return CLI_USAGE;
        }
    }
    if (cli_delimiter_option("score", delim, &o->flags) != CLI_OK)
        return CLI_USAGE;
    unsigned long long n = 2000;
    if (boot && cli_parse_count("score", "--boot", boot, 1000000, &n) != CLI_OK)
        return CLI_USAGE;
    o->boot = (long)n;
    n = 1;
    if (seed && cli_parse_count("score", "--seed", seed, 0xffffffffUL, &n) != CLI_OK)
        return CLI_USAGE;
    o->seed = (unsigned long)n;
    if (o->nfiles == 0) {
        fprintf(stderr, "attune score: no file given\n%s", score_usage);
        return CLI_USAGE;
    }
    if (!o->format_set)
        o->format = strcmp(o->output, "-") == 0 && isatty(STDOUT_FILENO) ? ATT_FORMAT_TABLE
                                                                        : ATT_FORMAT_CSV;
    return CLI_OK;
}

typedef struct {
    const score_opts *o;
    const char *file;
    att_scorer *sc;
    att_report *rep;
    att_pool *pool;
    FILE *ruptures;
    att_window_score *ws;
    size_t cap;
} score_ctx;

static int on_run_begin(void *user, const char *run, att_error *err)
{
    score_ctx *c = user;
    if (cli_interrupted())
        return att_error_set(err, ATT_EIO, "interrupted; nothing written");
    return att_scorer_begin(c->sc, run, err);
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    score_ctx *c = user;
    /* Checked on every row: a run of a million rows must not hold off
     * Ctrl-C until its end. */
    if (cli_interrupted())
        return att_error_set(err, ATT_EIO, "interrupted; nothing written");
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    return att_scorer_push(c->sc, &st, NULL, err);
}

static int on_run_end(void *user, double t_end, att_error *err)
{
    score_ctx *c = user;
    int rc = att_scorer_end(c->sc, t_end, NULL, err);
    size_t n = att_scorer_window_count(c->sc);
    if (rc == ATT_OK && att_grow(&c->ws, &c->cap, n, sizeof *c->ws, err) != ATT_OK)
        return ATT_ENOMEM;
    for (size_t i = 0; rc == ATT_OK && i < n; i++)
        rc = att_scorer_window(c->sc, i, c->o->cutoff, &c->ws[i], err);
    if (rc == ATT_OK)
        rc = att_report_run(c->rep, c->file, att_scorer_run(c->sc), c->ws, n, err);
    if (rc == ATT_OK && c->pool)
        rc = att_pool_add(c->pool, c->sc, err);
    return rc;
}

static void put_num(FILE *fp, double x)
{
    if (!isnan(x))
        fprintf(fp, "%.10g", x);
}

static int on_rupture(const att_rupture *r, void *user, att_error *err)
{
    (void)err;
    score_ctx *c = user;
    FILE *fp = c->ruptures;
    att_csv_put_field(fp, r->run);
    putc(',', fp);
    att_csv_put_field(fp, r->phase);
    fprintf(fp, ",%.10g,%.10g,%d,%s,", r->start, r->latency, r->censored,
            att_repairer_name(r->repaired_by));
    put_num(fp, r->peak_infant_arousal);
    fprintf(fp, ",%.10g,%d,", r->phase_latency, r->phase_censored);
    att_csv_put_field(fp, c->file);
    putc('\n', fp);
    return ATT_OK;
}

static int write_pooled(score_ctx *c, att_error *err)
{
    size_t n = att_pool_window_count(c->pool);
    att_pooled_score *ps = calloc(n + 1, sizeof *ps);
    if (!ps)
        return att_error_nomem(err);
    int rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < n; i++)
        rc = att_pool_result(c->pool, i, c->o->boot, c->o->seed, &ps[i], err);
    if (rc == ATT_OK)
        rc = att_report_pooled(c->rep, ps, n, err);
    free(ps);
    return rc;
}

int cli_score(int argc, char **argv)
{
    score_opts o = { 0 };
    int rc = parse_args(argc, argv, &o);
    if (rc != CLI_OK) {
        free(o.files);
        return rc < 0 ? CLI_OK : rc;
    }
    att_error err = { 0 };
    att_match_table *mt = NULL;
    att_outfile *out = NULL, *rout = NULL;
    FILE *tmp = NULL;
    score_ctx c = { .o = &o };
    const char *reading = NULL;   /* the file whose messages are printed bare */

    cli_catch_signals();
    const cli_output outs[] = { { "-o", o.output }, { "--ruptures", o.ruptures } };
    o.files[o.nfiles] = o.match_table;   /* files has room for argc + 1 */
    if (cli_check_outputs("score", outs, 2, o.files, o.nfiles + 1) != CLI_OK) {
        free(o.files);
        return CLI_USAGE;
    }
    const char *table = o.match_table ? o.match_table : "attuned";
    if (!(mt = cli_match_table(table, &err))) {
        rc = err.code;
        goto fail;
    }
    /* Standard output gets the scores only once every file has been read, so
     * a bad row late in a file leaves no partial table behind. */
    int to_stdout = strcmp(o.output, "-") == 0;
    if (to_stdout && !(tmp = tmpfile())) {
        rc = att_error_set(&err, ATT_EIO, "cannot create a temporary file: %s", strerror(errno));
        goto fail;
    }
    if (!to_stdout && !(out = att_outfile_open(o.output, &err))) {
        rc = err.code;
        goto fail;
    }
    if (o.ruptures) {
        if (!(rout = att_outfile_open(o.ruptures, &err))) {
            rc = err.code;
            goto fail;
        }
        c.ruptures = att_outfile_stream(rout);
        fputs("run,phase,start_s,latency_s,censored,repaired_by,peak_infant_arousal,"
              "phase_latency_s,phase_censored,file\n", c.ruptures);
    }
    c.sc = att_scorer_new(mt);
    c.rep = att_report_new(to_stdout ? tmp : att_outfile_stream(out), o.format, o.pool);
    c.pool = o.pool ? att_pool_new(o.cutoff) : NULL;
    if (!c.sc || !c.rep || (o.pool && !c.pool)) {
        rc = att_error_nomem(&err);
        goto fail;
    }
    if (c.ruptures)
        att_scorer_on_rupture(c.sc, on_rupture, &c);
    static const att_coded_hooks hooks = { on_run_begin, on_row, on_run_end };
    for (size_t f = 0; f < o.nfiles; f++) {
        c.file = reading = o.files[f];
        if ((rc = att_coded_read(o.files[f], mt, o.flags | (o.match_table ? ATT_CODED_TABLE_WINS : 0),
                                 &hooks, &c, &err))
            != ATT_OK)
            goto fail;
    }
    reading = NULL;
    if (c.pool && (rc = write_pooled(&c, &err)) != ATT_OK)
        goto fail;
    if ((rc = att_report_finish(c.rep, &err)) != ATT_OK)
        goto fail;
    if (cli_interrupted()) {
        rc = att_error_set(&err, ATT_EIO, "interrupted; nothing written");
        goto fail;
    }
    /* The scores and the ruptures appear together, or neither does. */
    att_outfile *both[] = { out, rout };
    out = rout = NULL;
    if ((rc = att_outfile_commit_all(both, 2, &err)) != ATT_OK)
        goto fail;
    if (tmp && (rc = cli_copy_stream(tmp, stdout, &err)) != ATT_OK)
        goto fail;
    rc = ATT_OK;
    goto done;
fail:
    if (cli_interrupted() && rc != ATT_EINPUT) {   /* e.g. a read cut short by the signal */
        rc = att_error_set(&err, ATT_EIO, "interrupted; nothing written");
        reading = NULL;
    }
    cli_print_error("score", &err, reading);
done:
    att_outfile_abort(out);
    att_outfile_abort(rout);
    if (tmp)
        fclose(tmp);
    att_report_free(c.rep);
    att_pool_free(c.pool);
    att_scorer_free(c.sc);
    free(c.ws);
    att_match_table_free(mt);
    free(o.files);
    return rc == ATT_OK ? CLI_OK : cli_status(rc);
}
