/* attune compare: the conditions of a batch experiment side by side, from
 * the results CSV of `attune batch` (the library part: batch/compare.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/compare.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "attune/report.h"
#include "cli/cli.h"

static const char compare_usage[] =
    "usage: attune compare RESULTS [options]\n"
    "\n"
    "Compares the conditions of a batch experiment.  RESULTS is the CSV written by\n"
    "'attune batch' (one row per run; '-' reads standard input).  The runs are\n"
    "grouped by a column and every group is compared with a baseline group, in\n"
    "every window (all, and each phase) of the file:\n"
    "  - per group: n, mean, SD and a 95% bootstrap interval of the mean over runs;\n"
    "  - versus the baseline: difference of means, Hedges' g [95%], Welch's t-test\n"
    "    and the Mann-Whitney test, with Holm-adjusted p-values over all the tests\n"
    "    of each kind in the output;\n"
    "  - repair_latency: Kaplan-Meier over each group's ruptures (median and its\n"
    "    95% interval, share repaired within 2 s, restricted mean to 30 s), the\n"
    "    log-rank test versus the baseline (Holm-adjusted) and of all groups.\n"
    "Definitions, columns and caveats: docs/COMPARE.md.\n"
    "\n"
    "options:\n"
    "  --by COLUMN           the column that groups the runs (default 'condition');\n"
    "                        any column that is not a window's, e.g. a parameter\n"
    "                        such as caregiver.wait_time.  Groups keep the order in\n"
    "                        which they first appear\n"
    "  --baseline NAME       the group the others are compared with (default: the\n"
    "                        first group)\n"
    "  --metric M            what to compare, repeatable: METRIC in every window, or\n"
    "                        WINDOW.METRIC; METRIC is a column of 'attune score' or\n"
    "                        repair_latency.  Default: matched_prop, ruptures_per_min,\n"
    "                        repaired_prop, repaired_within_2s, rmst_s,\n"
    "                        infant_negative_prop and repair_latency\n"
    "  -o, --output FILE|-   where the comparison goes (default '-': standard output)\n"
    "  --format table|narrow|csv|json\n"
    "                        table: aligned, to read (default on a terminal);\n"
    "                        narrow: the table in 100 columns, for a projector (the\n"
    "                        columns that do not fit go to a second panel below,\n"
    "                        with the group names again);\n"
    "                        csv: one row per window, metric and group, the first\n"
    "                        column, level, 'group' or 'overall' (the k-group\n"
    "                        log-rank row) (default otherwise);\n"
    "                        json: with --long only\n"
    "  --long                the long (tidy) form, csv or json: one row per window,\n"
    "                        metric, group and statistic, with columns level,\n"
    "                        window, metric, group, baseline, statistic, value\n"
    "  --boot N              bootstrap resamples (default 2000; 0: no intervals)\n"
    "  --seed N              seed of the bootstrap (default 1)\n"
    "  --allow-partial       compare a file that misses some runs (cut short, or an\n"
    "                        unfinished RESULTS.part); without it such a file is\n"
    "                        refused, naming the missing runs\n"
    "  -h, --help            this text\n"
    "\n"
    "Undefined statistics (a group of fewer than 2 runs, no ruptures, a median not\n"
    "reached) are empty fields (R: read.csv(f, na.strings = \"\")), null in JSON,\n"
    "'-' in the table.  Ruptures within a run are not\n"
    "independent: the log-rank p-values, which treat them as independent, are too\n"
    "small.  Exit status 2 on bad input (the message names FILE:LINE), with\n"
    "nothing written.\n";

typedef struct {
    const char *file, *output, *by, *baseline;
    const char **metrics;
    size_t nmetrics;
    int format_set, allow_partial, narrow, long_form;
    att_format format;
    long boot;
    unsigned long seed;
} compare_opts;

/* The options that take a value, besides --metric (which cli_parse keeps
 * only once, so it is taken out of argv first). */
static int takes_value(const char *a)
{
    static const char *const with_value[] = { "--by", "--baseline", "--output", "-o",
                                              "--format", "--boot", "--seed" };
    for (size_t i = 0; i < sizeof with_value / sizeof *with_value; i++)
        if (strcmp(a, with_value[i]) == 0)
            return 1;
    return 0;
}

/* --format: table, narrow or csv, and json with --long (which is not a
 * table).  Call after cli_parse has set long_form. */
static int parse_format(const char *format, compare_opts *o)
{
    o->narrow = strcmp(format, "narrow") == 0;
    o->format_set = 1;
    if (o->narrow)
        o->format = ATT_FORMAT_TABLE;
    else if (att_format_parse(format, &o->format) != 0) {
        static const char *const formats[] = { "table", "narrow", "csv", "json" };
        const char *near = att_suggest(format, formats, 4);
        fprintf(stderr, "attune compare: --format %s: must be table, narrow, csv or json%s%s%s\n",
                format, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        return CLI_USAGE;
    }
    if (o->long_form && o->format == ATT_FORMAT_TABLE) {
        fprintf(stderr, "attune compare: --long is written as csv or json, not as a table\n");
        return CLI_USAGE;
    }
    if (!o->long_form && o->format == ATT_FORMAT_JSON) {
        fprintf(stderr, "attune compare: --format json needs --long (the wide form is csv or "
                "a table)\n");
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int parse_args(int argc, char **argv, compare_opts *o, char **rest)
{
    const char *format = NULL, *boot = NULL, *seed = NULL, *metric_dummy = NULL;
    const cli_option options[] = {
        { "--by", NULL, &o->by, NULL },
        { "--baseline", NULL, &o->baseline, NULL },
        { "--metric", NULL, &metric_dummy, NULL },
        { "--output", "-o", &o->output, NULL },
        { "--format", NULL, &format, NULL },
        { "--boot", NULL, &boot, NULL },
        { "--seed", NULL, &seed, NULL },
        { "--allow-partial", NULL, NULL, &o->allow_partial },
        { "--long", NULL, NULL, &o->long_form },
    };
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    o->metrics = calloc((size_t)argc + 1, sizeof *o->metrics);
    if (!files || !o->metrics) {
        free(files);
        return cli_nomem("compare");
    }
    /* --metric VALUE pairs go to o->metrics; everything else to cli_parse. */
    int n = 0;
    rest[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--metric") == 0 && i + 1 < argc) {
            o->metrics[o->nmetrics++] = argv[++i];
            continue;
        }
        rest[n++] = argv[i];
        if (takes_value(argv[i]) && i + 1 < argc)
            rest[n++] = argv[++i];
    }
    rest[n] = NULL;
    size_t nfiles = 0;
    o->output = "-";
    int rc = cli_parse("compare", n, rest, options, sizeof options / sizeof *options,
                       compare_usage, files, &nfiles);
    if (rc == CLI_OK && nfiles != 1) {
        if (nfiles == 0)
            fprintf(stderr, "attune compare: no results file given\n%s", compare_usage);
        else
            fprintf(stderr, "attune compare: one results file at a time (got %zu: %s, %s%s)\n",
                    nfiles, files[0], files[1], nfiles > 2 ? ", ..." : "");
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK)
        o->file = files[0];
    free(files);
    if (rc != CLI_OK)
        return rc;
    if (format && parse_format(format, o) != CLI_OK)
        return CLI_USAGE;
    unsigned long long x = ATT_COMPARE_BOOT;
    if (boot && cli_parse_count("compare", "--boot", boot, 0, 1000000, &x) != CLI_OK)
        return CLI_USAGE;
    o->boot = (long)x;
    x = 1;
    if (seed && cli_parse_count("compare", "--seed", seed, 0, 0xffffffffUL, &x) != CLI_OK)
        return CLI_USAGE;
    o->seed = (unsigned long)x;
    if (!o->format_set)
        o->format = strcmp(o->output, "-") == 0 && isatty(STDOUT_FILENO) && !o->long_form
                        ? ATT_FORMAT_TABLE : ATT_FORMAT_CSV;
    return CLI_OK;
}

int cli_compare(int argc, char **argv)
{
    compare_opts o = { 0 };
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int rc = rest ? parse_args(argc, argv, &o, rest) : CLI_FAIL;
    free(rest);
    if (rc != CLI_OK) {
        if (rc == CLI_FAIL && !o.metrics)
            cli_nomem("compare");
        free(o.metrics);
        return rc < 0 ? CLI_OK : rc;
    }
    att_error err = { 0 };
    att_outfile *out = NULL;
    att_compare *c = NULL;
    const char *reading = NULL;   /* the file whose messages are printed bare */

    cli_catch_signals();
    const cli_output outs[] = { { "-o", o.output } };
    if (cli_check_outputs("compare", outs, 1, &o.file, 1) != CLI_OK) {
        free(o.metrics);
        return CLI_USAGE;
    }
    att_compare_opts co;
    att_compare_opts_init(&co);
    if (o.by)
        co.by = o.by;
    co.baseline = o.baseline;
    co.metrics = o.metrics;
    co.nmetrics = o.nmetrics;
    co.boot = o.boot;
    co.seed = o.seed;
    co.interrupted = cli_interrupted;
    co.allow_partial = o.allow_partial;
    if (!(c = att_compare_new(&co, &err)))
        goto fail;
    if (!(out = att_outfile_open(o.output, &err)))
        goto fail;
    reading = o.file;
    if (att_compare_load(c, o.file, &err) != ATT_OK)
        goto fail;
    reading = NULL;
    if (*att_compare_missing(c))
        fprintf(stderr, "attune compare: warning: %s are missing from %s; comparing the "
                "runs there are (--allow-partial)\n", att_compare_missing(c),
                strcmp(o.file, "-") == 0 ? "<stdin>" : o.file);
    if (att_compare_compute(c, &err) != ATT_OK)
        goto fail;
    if (cli_interrupted()) {
        att_error_set(&err, ATT_EIO, "interrupted; nothing written");
        goto fail;
    }
    FILE *fp = att_outfile_stream(out);
    if ((o.long_form ? att_compare_write_long(c, fp, o.format, &err)
         : o.narrow ? att_compare_write_narrow(c, fp, &err)
                    : att_compare_write(c, fp, o.format, &err)) != ATT_OK) {
        cli_name_output(&err, o.output);
        goto fail;
    }
    rc = att_outfile_commit(out, &err);
    out = NULL;
    if (rc != ATT_OK)
        goto fail;
    att_compare_free(c);
    free(o.metrics);
    return CLI_OK;

fail:
    cli_print_error("compare", &err, reading);
    att_outfile_abort(out);
    att_compare_free(c);
    free(o.metrics);
    return cli_status(err.code);
}
