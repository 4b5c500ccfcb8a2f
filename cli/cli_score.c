/* attune score: rupture and repair statistics for attune traces and
 * observers' coded sessions, streamed through the scoring pipeline
 * (analysis/scoring.c).  Here: the options, the output files, the messages
 * and the exit status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/coded.h"
#include "attune/match.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "attune/report.h"
#include "attune/scheme.h"
#include "attune/scorer.h"
#include "attune/scoring.h"
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
    "                        csv: one row per run and window (default otherwise)\n"
    "  --long                the long (tidy) form, csv or json: one row per run,\n"
    "                        window and metric; columns level, file, run, session\n"
    "                        (a RUN/SESSION unit split), window, metric, value\n"
    "  --match-table NAME|FILE\n"
    "                        which code pairs are matched (default 'attuned').  Named\n"
    "                        explicitly, it overrides a matched column in the file\n"
    "  --scheme NAME|FILE    the lab's code scheme (data/schemes/README.md): which\n"
    "                        codes mean gaze, positive, negative or unscorable.\n"
    "                        Its codes are then the only ones allowed; unscorable\n"
    "                        stretches are gaps (docs/SCORING.md, Code schemes)\n"
    "  --ruptures FILE       also write one row per rupture: run, phase, start,\n"
    "                        latency, censored, who repaired, peak infant arousal\n"
    "  --delimiter C         the CSV separator: ',', ';' or tab (default: the one\n"
    "                        the header uses most)\n"
    "  --cutoff S            horizon of the restricted mean time to repair (default 30)\n"
    "  --pool                add rows pooling all runs per window: Kaplan-Meier over\n"
    "                        all ruptures, and per-run means with bootstrap\n"
    "                        intervals; a first column, level, says run or pooled\n"
    "  --boot N              bootstrap resamples for --pool (default 2000; 0: none)\n"
    "  --seed N              seed of the bootstrap (default 1)\n"
    "  --major-after S       a rupture lasting S seconds or more is major, one\n"
    "                        repaired sooner micro (default 5)\n"
    "  --min-rupture S       a mismatch shorter than S seconds is no rupture (default\n"
    "                        0: off)\n"
    "  --min-repair S        a match shorter than S seconds does not repair (default\n"
    "                        0: off)\n"
    "  --coding-unit S       lay each run on units of S seconds, each taking the codes\n"
    "                        in force at its start (default 0: off)\n"
    "  --map LIST            read attune's columns under the file's names:\n"
    "                        t=Time,infant_code=Infant,... (docs/SCORING.md section 1)\n"
    "  --end T               runs without an end column end at t = T (the session's\n"
    "                        end) instead of one interval after their last row\n"
    "  -h, --help            this text\n"
    "\n"
    "Undefined statistics (no ruptures; median not reached) are empty fields (null\n"
    "in JSON, '-' in the table); R reads them as NA with\n"
    "read.csv(f, na.strings = \"\").\n"
    "Exit status 2 on bad input (the message names FILE:LINE), with nothing written.\n";

typedef struct {
    const char **files;
    size_t nfiles;
    const char *output, *match_table, *ruptures;
    const char *scheme;   /* --scheme NAME|FILE, or NULL */
    int flags;   /* att_coded_read's: the table decides matched, the separator */
    int format_set, pool, long_form;
    att_format format;
    double cutoff;
    long boot;
    unsigned long seed;
    att_score_rules rules;
    att_coded_opts coded;   /* --map and --end */
} score_opts;

/* --major-after, --min-rupture, --min-repair, --coding-unit: seconds,
 * checked as att_scorer_set_rules would. */
static int parse_rules(const char *const text[4], att_score_rules *r)
{
    static const char *const flag[4] = { "--major-after", "--min-rupture", "--min-repair",
                                         "--coding-unit" };
    double *v[4] = { &r->major_s, &r->min_rupture_s, &r->min_repair_s, &r->unit_s };
    att_score_rules_default(r);
    for (int i = 0; i < 4; i++) {
        if (!text[i])
            continue;
        int bad = att_parse_double(text[i], v[i]);
        const char *why = bad ? att_number_problem(bad) : NULL;
        if (!why && !(*v[i] >= 0 && *v[i] <= ATT_SCORE_RULE_MAX_S))
            why = "must be seconds from 0 to 3600";
        else if (!why && i == 0 && *v[i] == 0)
            why = "must be above 0 s";
        else if (!why && i == 3 && *v[i] != 0 && *v[i] < ATT_SCORE_UNIT_MIN_S)
            why = "must be 0 (off) or at least 0.001 s";
        if (why) {
            fprintf(stderr, "attune score: %s %s: %s\n", flag[i], text[i], why);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}

static int parse_args(int argc, char **argv, score_opts *o)
{
    const char *format = NULL, *cutoff = NULL, *boot = NULL, *seed = NULL, *delim = NULL;
    const char *rules[4] = { NULL };
    const char *map = NULL, *end = NULL;
    const cli_option options[] = {
        { "--map", NULL, &map, NULL },
        { "--end", NULL, &end, NULL },
        { "--output", "-o", &o->output, NULL },
        { "--format", NULL, &format, NULL },
        { "--match-table", NULL, &o->match_table, NULL },
        { "--ruptures", NULL, &o->ruptures, NULL },
        { "--scheme", NULL, &o->scheme, NULL },
        { "--cutoff", NULL, &cutoff, NULL },
        { "--delimiter", NULL, &delim, NULL },
        { "--pool", NULL, NULL, &o->pool },
        { "--long", NULL, NULL, &o->long_form },
        { "--boot", NULL, &boot, NULL },
        { "--seed", NULL, &seed, NULL },
        { "--major-after", NULL, &rules[0], NULL },
        { "--min-rupture", NULL, &rules[1], NULL },
        { "--min-repair", NULL, &rules[2], NULL },
        { "--coding-unit", NULL, &rules[3], NULL },
    };
    o->files = calloc((size_t)argc + 2, sizeof *o->files);
    if (!o->files)
        return cli_nomem("score");
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
    if (cli_delimiter_option("score", delim, &o->flags) != CLI_OK
        || parse_rules(rules, &o->rules) != CLI_OK
        || cli_coded_options("score", map, end, 0, &o->coded) != CLI_OK)
        return CLI_USAGE;
    unsigned long long n = 2000;
    if (boot && cli_parse_count("score", "--boot", boot, 0, 1000000, &n) != CLI_OK)
        return CLI_USAGE;
    o->boot = (long)n;
    n = 1;
    if (seed && cli_parse_count("score", "--seed", seed, 0, 0xffffffffUL, &n) != CLI_OK)
        return CLI_USAGE;
    o->seed = (unsigned long)n;
    if (o->nfiles == 0) {
        fprintf(stderr, "attune score: no file given\n%s", score_usage);
        return CLI_USAGE;
    }
    if (cli_stdin_once("score", o->files, o->nfiles) != CLI_OK)
        return CLI_USAGE;
    if (o->long_form && o->format_set && o->format == ATT_FORMAT_TABLE) {
        fprintf(stderr, "attune score: --long is written as csv or json, not as a table\n");
        return CLI_USAGE;
    }
    if (!o->format_set)
        o->format = strcmp(o->output, "-") == 0 && isatty(STDOUT_FILENO) && !o->long_form
                        ? ATT_FORMAT_TABLE : ATT_FORMAT_CSV;
    return CLI_OK;
}

/* Everything one `attune score` holds. */
typedef struct {
    const score_opts *o;
    att_scoring *s;
    att_error err;
    att_match_table *mt;
    att_scheme *scheme;     /* --scheme, or NULL */
    att_outfile *out, *rout;
    FILE *tmp;              /* the scores for standard output, until the end */
    const char *reading;    /* the file whose messages are printed bare */
} score_run;

/* Opens the match table, the outputs (standard output gets the scores only
 * once every file has been read, so a bad row late in a file leaves no
 * partial table behind) and the scoring pipeline.  Returns an ATT_* code. */
static int score_open(score_run *r)
{
    const score_opts *o = r->o;
    const char *table = o->match_table ? o->match_table : "attuned";
    if (!(r->mt = cli_match_table(table, &r->err)))
        return r->err.code;
    if (o->scheme && !(r->scheme = cli_scheme(o->scheme, &r->err)))
        return r->err.code;
    int to_stdout = strcmp(o->output, "-") == 0;
    if (to_stdout && !(r->tmp = tmpfile()))
        return att_error_set(&r->err, ATT_EIO, "cannot create a temporary file: %s",
                             strerror(errno));
    if (!to_stdout && !(r->out = att_outfile_open(o->output, &r->err)))
        return r->err.code;
    if (o->ruptures && !(r->rout = att_outfile_open(o->ruptures, &r->err)))
        return r->err.code;
    att_scoring_opts so = {
        .report = to_stdout ? r->tmp : att_outfile_stream(r->out),
        .format = o->format,
        .cutoff_s = o->cutoff,
        .pool = o->pool,
        .boot = o->boot,
        .seed = o->seed,
        .ruptures = r->rout ? att_outfile_stream(r->rout) : NULL,
        .rules = &o->rules,
        .coded = &o->coded,
        .scheme = r->scheme,
        .long_form = o->long_form,
    };
    if (!(r->s = att_scoring_new(r->mt, &so, &r->err)))
        return r->err.code;
    att_scoring_set_interrupt(r->s, cli_interrupted);
    return ATT_OK;
}

/* Scores every file, in order.  Returns an ATT_* code. */
static int score_files(score_run *r)
{
    const score_opts *o = r->o;
    int flags = o->flags | (o->match_table ? ATT_CODED_TABLE_WINS : 0);
    for (size_t f = 0; f < o->nfiles; f++) {
        r->reading = o->files[f];
        int rc = att_scoring_file(r->s, o->files[f], flags, &r->err);
        if (rc != ATT_OK)
            return rc;
    }
    r->reading = NULL;
    return ATT_OK;
}

/* Finishes the report and publishes the scores and the ruptures together,
 * or neither.  Returns an ATT_* code. */
static int score_publish(score_run *r)
{
    int rc = att_scoring_finish(r->s, &r->err);
    if (rc != ATT_OK)
        return rc;
    if (cli_interrupted())
        return att_error_set(&r->err, ATT_EIO, "interrupted; nothing written");
    att_outfile *both[] = { r->out, r->rout };
    r->out = r->rout = NULL;
    if ((rc = att_outfile_commit_all(both, 2, &r->err)) != ATT_OK)
        return rc;
    if (r->tmp && (rc = cli_copy_stream(r->tmp, stdout, &r->err)) != ATT_OK)
        return rc;
    return ATT_OK;
}

static void score_free(score_run *r)
{
    att_outfile_abort(r->out);
    att_outfile_abort(r->rout);
    if (r->tmp)
        fclose(r->tmp);
    att_scoring_free(r->s);
    att_match_table_free(r->mt);
    att_scheme_free(r->scheme);
}

int cli_score(int argc, char **argv)
{
    score_opts o = { 0 };
    int rc = parse_args(argc, argv, &o);
    if (rc != CLI_OK) {
        free(o.files);
        return rc < 0 ? CLI_OK : rc;
    }
    score_run r = { .o = &o };
    cli_catch_signals();
    const cli_output outs[] = { { "-o", o.output }, { "--ruptures", o.ruptures } };
    size_t nin = o.nfiles;   /* files has room for argc + 2 */
    if (o.match_table)
        o.files[nin++] = o.match_table;
    if (o.scheme)
        o.files[nin++] = o.scheme;
    if (cli_check_outputs("score", outs, 2, o.files, nin) != CLI_OK) {
        free(o.files);
        return CLI_USAGE;
    }
    rc = score_open(&r);
    if (rc == ATT_OK)
        rc = score_files(&r);
    if (rc == ATT_OK)
        rc = score_publish(&r);
    if (rc != ATT_OK) {
        if (cli_interrupted() && rc != ATT_EINPUT) {   /* e.g. a read cut short by the signal */
            rc = att_error_set(&r.err, ATT_EIO, "interrupted; nothing written");
            r.reading = NULL;
        }
        cli_print_error("score", &r.err, r.reading);
    }
    score_free(&r);
    free(o.files);
    return rc == ATT_OK ? CLI_OK : cli_status(rc);
}
