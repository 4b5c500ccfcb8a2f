/* attune plot: draws a figure of attune's own files (PNG, SVG or PDF).
 * One KIND per row of kinds[]: its name, its one-line help, and the function
 * that draws it through the library (include/attune/plot.h).  The figure is
 * written to a temporary file and renamed at the end, so bad input leaves
 * no file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "attune/match.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "attune/plot.h"
#include "cli/cli.h"

/* What a kind gets: the input files, the parsed options. */
typedef struct plot_args {
    const char **words;    /* the words of argv that are no options (owned) */
    const char **files;    /* the FILEs among them, after KIND */
    size_t nfiles;
    const char *output, *format, *match_table;
    att_plot_opts po;
    att_plot_select sel;   /* --window --by --baseline --metric */
    const char *reading;   /* the file whose FILE:LINE: messages are printed bare */
} plot_args;

typedef int (*plot_fn)(plot_args *a, FILE *out, att_error *err);

static int kind_trace(plot_args *a, FILE *out, att_error *err);
static int kind_km(plot_args *a, FILE *out, att_error *err);
static int kind_compare(plot_args *a, FILE *out, att_error *err);
static int kind_sweep(plot_args *a, FILE *out, att_error *err);
static int kind_timeline(plot_args *a, FILE *out, att_error *err);
static int kind_fit(plot_args *a, FILE *out, att_error *err);

/* The options only some kinds read; a kind refuses the others. */
enum { O_FROM = 1, O_TO = 2, O_RUN = 4, O_SESSION = 8, O_MATCH = 16, O_WINDOW = 32, O_BY = 64,
       O_BASELINE = 128, O_METRIC = 256, O_PARTIAL = 512 };
static const char *const option_names[] = { "--from", "--to", "--run", "--session",
                                            "--match-table", "--window", "--by", "--baseline",
                                            "--metric", "--allow-partial" };

static const struct {
    const char *name;
    plot_fn fn;
    unsigned takes;     /* the O_ options it reads */
    const char *help;   /* lines of the KIND list in --help */
} kinds[] = {
    { "trace", kind_trace, O_FROM | O_TO | O_RUN | O_SESSION | O_MATCH,
      "one run of a trace or an observer's coded FILE (the default KIND):\n"
      "arousal, the infant's gaze, affect and behaviour, the infant_code and\n"
      "caregiver_code strips, the matched strip with every rupture shaded to\n"
      "its repair (censored ones hatched), phase boundaries; only the panels\n"
      "the file's columns allow" },
    { "km", kind_km, O_TO | O_RUN | O_SESSION | O_WINDOW | O_BY,
      "Kaplan-Meier curves of repair latency with 95% log-log bands,\n"
      "the median marked, the number at risk under the axis: a curve\n"
      "per ruptures FILE (attune score --ruptures) or per group (--by)\n"
      "of batch results, for each --window (comma-separated)" },
    { "compare", kind_compare, O_BY | O_BASELINE | O_METRIC | O_PARTIAL,
      "batch results: per group (--by) the mean of --metric with its\n"
      "bootstrap interval, beside Hedges' g versus --baseline (the\n"
      "numbers of attune compare)" },
    { "sweep", kind_sweep, O_BY | O_METRIC | O_PARTIAL,
      "batch results: --metric against the swept key --by, the mean\n"
      "with its bootstrap interval as a band" },
    { "timeline", kind_timeline, O_MATCH | O_WINDOW,
      "per session of a timeline: trust, matched share and median\n"
      "repair latency; a line per run of a trace, or per condition of\n"
      "batch results (the mean with its interval as a band)" },
    { "fit", kind_fit, 0,
      "the table of attune fit: observed versus simulated statistics,\n"
      "a panel per statistic with the phases along it, the observed\n"
      "value with its 95% band, the simulated one, |z| > 2 flagged;\n"
      "the estimates with their intervals, the J test, the warnings" },
};
enum { NKINDS = sizeof kinds / sizeof kinds[0] };

static const char usage_head[] =
    "usage: attune plot [KIND] FILE... -o OUT.png|OUT.svg|OUT.pdf [options]\n"
    "\n"
    "Draws a figure of attune's files, ready for a slide or a paper.  The format\n"
    "comes from OUT's extension or --format.  The same input gives the same bytes.\n"
    "\n"
    "kinds:\n";

static const char usage_tail[] =
    "\n"
    "options:\n"
    "  -o, --output OUT      the figure to write (required; '-' with --format writes\n"
    "                        to standard output); written to a temporary file and\n"
    "                        renamed at the end\n"
    "  --format png|svg|pdf  the format, when OUT's extension does not say it (one\n"
    "                        that says another is refused)\n"
    "  --width IN            the figure's width in inches (default: the kind's, 10\n"
    "                        for trace)\n"
    "  --height IN           the figure's height in inches (default: the kind's);\n"
    "                        a size given too small to hold the figure (its\n"
    "                        panels, legends and texts uncut) is refused, naming\n"
    "                        the least that holds it; a default one grows to it\n"
    "  --dpi N               PNG pixels per inch (default 150)\n"
    "  --title TEXT          the title ('' for none; default: the file and run)\n"
    "  --from S, --to S      trace: the time range in seconds, within the run\n"
    "                        (default: all of it); km: --to ends the time axis (> 0)\n"
    "  --run NAME            trace: the run to draw (default: the file's first); km:\n"
    "                        one run of a ruptures file (default: all pooled)\n"
    "  --session N           one session of a multi-session file (default: trace, the\n"
    "                        first run's first session; km: all sessions pooled)\n"
    "  --match-table NAME|FILE\n"
    "                        the match table that scores ruptures (default: the\n"
    "                        file's matched column, else 'attuned')\n"
    "  --window W            km, timeline: the window (default all; km: several,\n"
    "                        comma-separated)\n"
    "  --by COLUMN           km, compare: the grouping column (default condition);\n"
    "                        sweep: the swept key (required)\n"
    "  --baseline NAME       compare: the group to compare with (default the first)\n"
    "  --metric [WINDOW.]METRIC\n"
    "                        compare, sweep: the score (default all.matched_prop)\n"
    "  --allow-partial       compare, sweep: draw the runs there are when some are\n"
    "                        missing (an unfinished batch), as attune compare does\n"
    "  -h, --help            this text\n"
    "A kind refuses the options it does not read (exit 2).\n"
    "\n"
    "Examples:\n"
    "  attune run scenarios/still-face.ini -o sf.csv && attune plot sf.csv -o sf.png\n"
    "  attune plot trace data/examples/mother-a.csv -o mother-a.pdf --from 0 --to 60\n"
    "  attune plot fit fit.csv -o fit.png    (fit.csv: the table of attune fit)\n"
    "See docs/PLOTS.md.  Exit status 2 on bad input (FILE:LINE: problem), with no\n"
    "figure written.\n";

/* The help text: the head, each kind with its lines indented, the tail. */
static const char *usage_text(void)
{
    static char buf[8192];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s", usage_head);
    for (int k = 0; k < NKINDS && n < sizeof buf; k++) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, "  %-9s", kinds[k].name);
        for (const char *p = kinds[k].help; *p && n < sizeof buf;) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%.*s\n", p == kinds[k].help ? "" : "           ",
                                  (int)len, p);
            p += len + (e != NULL);
        }
    }
    if (n < sizeof buf)
        snprintf(buf + n, sizeof buf - n, "%s", usage_tail);
    return buf;
}

/* Parses the value of `flag` as a finite number into *out (NULL v: kept). */
static int number_option(const char *flag, const char *v, double *out)
{
    if (!v)
        return CLI_OK;
    int bad = att_parse_double(v, out);
    if (bad) {
        fprintf(stderr, "attune plot: %s %s: %s\n", flag, v, att_number_problem(bad));
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int parse_numbers(plot_args *a, const char *const v[6])
{
    static const char *const flags[] = { "--width", "--height", "--dpi", "--from", "--to" };
    double *dst[] = { &a->po.width, &a->po.height, &a->po.dpi, &a->po.from, &a->po.to };
    for (int i = 0; i < 5; i++)
        if (number_option(flags[i], v[i], dst[i]) != CLI_OK)
            return CLI_USAGE;
    att_error err = { 0 };   /* a size given is 1 to 50 inches: 0 is no default here */
    for (int i = 0; i < 2; i++)
        if (v[i] && att_plot_inches_check(flags[i], *dst[i], &err) != ATT_OK) {
            cli_print_error("plot", &err, NULL);
            return CLI_USAGE;
        }
    if (v[5]) {   /* sessions count from 1 */
        unsigned long long s;
        if (cli_parse_count("plot", "--session", v[5], 1, 1000000, &s) != CLI_OK)
            return CLI_USAGE;
        a->po.session = (long)s;
    }
    return CLI_OK;
}

static int parse_args(int argc, char **argv, plot_args *a)
{
    const char *v[6] = { 0 };   /* width height dpi from to session */
    const cli_option options[] = {
        { "--output", "-o", &a->output, NULL },      { "--format", NULL, &a->format, NULL },
        { "--width", NULL, &v[0], NULL },            { "--height", NULL, &v[1], NULL },
        { "--dpi", NULL, &v[2], NULL },              { "--title", NULL, &a->po.title, NULL },
        { "--from", NULL, &v[3], NULL },             { "--to", NULL, &v[4], NULL },
        { "--run", NULL, &a->po.run, NULL },         { "--session", NULL, &v[5], NULL },
        { "--match-table", NULL, &a->match_table, NULL },
        { "--window", NULL, &a->sel.window, NULL },  { "--by", NULL, &a->sel.by, NULL },
        { "--baseline", NULL, &a->sel.baseline, NULL },
        { "--metric", NULL, &a->sel.metric, NULL },
        { "--allow-partial", NULL, NULL, &a->sel.allow_partial },
    };
    att_plot_opts_init(&a->po);
    a->files = a->words = calloc((size_t)argc + 1, sizeof *a->words);
    if (!a->words)
        return cli_nomem("plot");
    int rc = cli_parse("plot", argc, argv, options, sizeof options / sizeof *options, usage_text(),
                       a->words, &a->nfiles);
    if (rc != CLI_OK)
        return rc;
    return parse_numbers(a, v);
}

/* The kind named by the first word, or -1 with a message when that word is
 * no kind and no file either (a misspelt kind); `*skip` is 1 when the word
 * was a kind.  Without a kind word, the default: trace. */
static int find_kind(const plot_args *a, int *skip)
{
    *skip = 0;
    const char *w = a->nfiles ? a->files[0] : "";
    for (int k = 0; k < NKINDS; k++)
        if (strcmp(kinds[k].name, w) == 0) {
            *skip = 1;
            return k;
        }
    struct stat st;
    if (!a->nfiles || strcmp(w, "-") == 0 || strchr(w, '.') || strchr(w, '/') || stat(w, &st) == 0)
        return 0;
    const char *names[NKINDS];
    for (int k = 0; k < NKINDS; k++)
        names[k] = kinds[k].name;
    const char *near = att_suggest(w, names, NKINDS);
    fprintf(stderr, "attune plot: unknown KIND '%s'%s%s%s\n", w, near ? " (did you mean '" : "",
            near ? near : "", near ? "'?)" : "; see 'attune plot --help'");
    return -1;
}

/* Exit 2 naming the first option given that `kind` does not read. */
static int check_options(const plot_args *a, int kind)
{
    unsigned given = (isnan(a->po.from) ? 0 : O_FROM) | (isnan(a->po.to) ? 0 : O_TO)
                     | (a->po.run ? O_RUN : 0) | (a->po.session > 0 ? O_SESSION : 0)
                     | (a->match_table ? O_MATCH : 0) | (a->sel.window ? O_WINDOW : 0)
                     | (a->sel.by ? O_BY : 0) | (a->sel.baseline ? O_BASELINE : 0)
                     | (a->sel.metric ? O_METRIC : 0) | (a->sel.allow_partial ? O_PARTIAL : 0);
    unsigned extra = given & ~kinds[kind].takes;
    for (int i = 0; extra; i++, extra >>= 1)
        if (extra & 1) {
            fprintf(stderr, "attune plot: %s does not apply to plot %s; see 'attune plot --help'\n",
                    option_names[i], kinds[kind].name);
            return CLI_USAGE;
        }
    return CLI_OK;
}

/* --format when OUT's extension does not say another (exit 2 when it
 * does: a .png of SVG bytes helps no one). */
static int format_and_extension(plot_args *a, att_error *err)
{
    att_plot_format ext;
    if (att_plot_format_parse(a->format, &a->po.format, err) != ATT_OK)
        return ATT_EINPUT;
    if (strcmp(a->output, "-") == 0 || att_plot_format_of_path(a->output, &ext, NULL) != ATT_OK
        || ext == a->po.format)
        return ATT_OK;
    return att_error_set(err, ATT_EINPUT, "--format %s: %s ends in %s, which says another format; "
                         "leave out --format or change the name", a->format, a->output,
                         strrchr(a->output, '.'));
}

/* The format from --format or the output's extension. */
static int output_format(plot_args *a)
{
    att_error err = { 0 };
    int rc = a->format ? format_and_extension(a, &err)
                       : strcmp(a->output, "-") == 0
                             ? att_error_set(&err, ATT_EINPUT, "-o -: say which format with --format")
                             : att_plot_format_of_path(a->output, &a->po.format, &err);
    if (rc == ATT_OK)
        rc = att_plot_opts_check(&a->po, &err);
    if (rc != ATT_OK) {
        cli_print_error("plot", &err, NULL);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* Checks what can be checked before reading: a kind, files, an output that
 * is none of the inputs, a format, the options' ranges. */
static int prepare(int argc, char **argv, plot_args *a, int *kind)
{
    int rc = parse_args(argc, argv, a);
    if (rc != CLI_OK)
        return rc;
    int skip;
    if ((*kind = find_kind(a, &skip)) < 0)
        return CLI_USAGE;
    if (check_options(a, *kind) != CLI_OK)
        return CLI_USAGE;
    a->files += skip;
    a->nfiles -= (size_t)skip;
    if (!a->nfiles) {
        fprintf(stderr, "attune plot: no file given\n%s", usage_text());
        return CLI_USAGE;
    }
    if (!a->output) {
        fprintf(stderr, "attune plot: no output given (-o OUT.png, OUT.svg or OUT.pdf)\n");
        return CLI_USAGE;
    }
    if ((rc = output_format(a)) != CLI_OK)
        return rc;
    const cli_output outs[] = { { "-o", a->output } };
    a->files[a->nfiles] = a->match_table;   /* files has room for argc + 1 */
    return cli_check_outputs("plot", outs, 1, a->files, a->nfiles + (a->match_table != NULL));
}

int cli_plot(int argc, char **argv)
{
    plot_args a = { 0 };
    int kind = 0;
    int rc = prepare(argc, argv, &a, &kind);
    if (rc != CLI_OK) {
        free(a.words);
        return rc < 0 ? CLI_OK : rc;
    }
    att_error err = { 0 };
    cli_catch_signals();
    /* An output that cannot be written is the user's bad input here (exit 2,
     * as the issue asks), found before anything is read. */
    att_outfile *out = att_outfile_open(a.output, &err);
    if (!out) {
        cli_print_error("plot", &err, NULL);
        free(a.words);
        return CLI_USAGE;
    }
    if ((rc = kinds[kind].fn(&a, att_outfile_stream(out), &err)) == ATT_OK) {
        rc = att_outfile_commit(out, &err);
        if (rc != ATT_OK)
            cli_name_output(&err, a.output);
    } else {
        att_outfile_abort(out);
        if (rc == ATT_EIO)
            cli_name_output(&err, a.output);
    }
    if (rc != ATT_OK)
        cli_print_error("plot", &err, a.reading);
    free(a.words);
    return rc == ATT_OK ? CLI_OK : cli_status(rc);
}

static int kind_trace(plot_args *a, FILE *out, att_error *err)
{
    if (a->nfiles != 1)
        return att_error_set(err, ATT_EINPUT, "trace draws one file (%zu given)", a->nfiles);
    att_match_table *mt = cli_match_table(a->match_table ? a->match_table : "attuned", err);
    if (!mt)
        return err->code;
    a->reading = a->files[0];
    int rc = att_plot_trace(a->files[0], mt, a->match_table != NULL, &a->po, out, err);
    att_match_table_free(mt);
    return rc;
}

static int kind_km(plot_args *a, FILE *out, att_error *err)
{
    a->reading = a->nfiles == 1 ? a->files[0] : NULL;
    return att_plot_km(a->files, a->nfiles, &a->sel, &a->po, out, err);
}

static int kind_compare(plot_args *a, FILE *out, att_error *err)
{
    if (a->nfiles != 1)
        return att_error_set(err, ATT_EINPUT, "compare draws one results file (%zu given)",
                             a->nfiles);
    a->reading = a->files[0];
    return att_plot_compare(a->files[0], &a->sel, &a->po, out, err);
}

static int kind_sweep(plot_args *a, FILE *out, att_error *err)
{
    if (a->nfiles != 1)
        return att_error_set(err, ATT_EINPUT, "sweep draws one results file (%zu given)",
                             a->nfiles);
    a->reading = a->files[0];
    return att_plot_sweep(a->files[0], &a->sel, &a->po, out, err);
}

static int kind_timeline(plot_args *a, FILE *out, att_error *err)
{
    if (a->nfiles != 1)
        return att_error_set(err, ATT_EINPUT, "timeline draws one file (%zu given)", a->nfiles);
    att_match_table *mt = cli_match_table(a->match_table ? a->match_table : "attuned", err);
    if (!mt)
        return err->code;
    a->reading = a->files[0];
    int rc = att_plot_timeline(a->files[0], mt, a->match_table != NULL, &a->sel, &a->po, out,
                               err);
    att_match_table_free(mt);
    return rc;
}

static int kind_fit(plot_args *a, FILE *out, att_error *err)
{
    if (a->nfiles != 1)
        return att_error_set(err, ATT_EINPUT, "fit draws one fit table (%zu given)", a->nfiles);
    a->reading = a->files[0];
    return att_plot_fit(a->files[0], &a->po, out, err);
}
