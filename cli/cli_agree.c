/* attune agree: agreement between two observers who coded the same sessions,
 * unit by unit on a time grid: percent agreement and Cohen's kappa per
 * partner, and the confusion matrices as tidy rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/agree.h"
#include "attune/coded.h"
#include "attune/match.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "base/csvwrite.h"
#include "attune/scheme.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: attune agree CODER1.csv CODER2.csv [options]\n"
    "\n"
    "Agreement between two observers who coded the same sessions (coded files as\n"
    "for 'attune score', '-' for standard input once).  Each file is laid on a grid\n"
    "of --unit seconds from each run's first t; a unit takes the codes in force at\n"
    "its start (change-point files hold a code until the next row; the last row\n"
    "lasts until the run's end: its end column, else --end, else one interval\n"
    "after it).  The files must hold the same runs\n"
    "in the same order, with the same first t, the same number of units and the\n"
    "same phases.  For each partner (infant, caregiver) prints the units, percent\n"
    "agreement, Cohen's kappa, its large-sample standard error (Fleiss, Cohen and\n"
    "Everitt 1969) and its standard error under kappa = 0, and the agreement and\n"
    "kappa with a tolerance window (--tolerance).\n"
    "\n"
    "options:\n"
    "  --unit S              the grid's unit in seconds (default 1)\n"
    "  --end T               runs without an end column end at t = T (the session's\n"
    "                        end) instead of one interval after their last row\n"
    "  --map LIST            read attune's columns under the file's names:\n"
    "                        t=Time,infant_code=Infant,... (docs/SCORING.md section 1)\n"
    "  --tolerance W         for the tolerant columns: a unit agrees when the other\n"
    "                        coder shows the same code within W seconds (default 0)\n"
    "  -o, --output FILE|-   where to write (default '-': standard output); written to\n"
    "                        a temporary file and renamed at the end\n"
    "  --format table|csv    aligned table or CSV (default: table on a terminal,\n"
    "                        otherwise csv); undefined statistics are left blank\n"
    "  --confusion FILE|-    also write the confusion matrices as CSV rows: partner,\n"
    "                        code1, code2, count (every pair of codes, zeros too)\n"
    "  --ruptures FILE|-     also write agreement on ruptures (found as 'attune\n"
    "                        score' finds them; paired when their starts lie within\n"
    "                        --tolerance): one CSV row, coder 1 the reference\n"
    "  --match-table NAME|FILE\n"
    "                        the codes' vocabulary and which pairs match (default\n"
    "                        'attuned')\n"
    "  --scheme NAME|FILE    a lab's code scheme (data/schemes/README.md, e.g. icep):\n"
    "                        its codes, unscorable ones too, are the vocabulary; a\n"
    "                        code outside it is bad input.  With --ruptures, give\n"
    "                        the scheme's --match-table too\n"
    "  --delimiter C         the CSV separator: ',', ';' or tab (default: the one\n"
    "                        the header uses most)\n"
    "  -h, --help            this text\n"
    "\n"
    "Columns: partner, runs, units, unit_s, agreements, percent_agreement, kappa,\n"
    "kappa_se, kappa_se0, tolerance_s, tolerant_agreements,\n"
    "tolerant_percent_agreement, tolerant_kappa.  Definitions and a worked example\n"
    "in docs/AGREE.md.\n"
    "Exit status 2 on bad input (FILE:LINE: problem), with nothing written.\n";

typedef enum { FMT_AUTO, FMT_TABLE, FMT_CSV } out_format;

typedef struct {
    const char *files[4];
    size_t nfiles;
    const char *unit, *end, *tolerance, *output, *confusion, *ruptures, *match_table, *map;
    const char *scheme;
    att_coded_opts coded;   /* --map */
    out_format format;
    int flags;
} opts;

static int parse_format(const char *format, out_format *out)
{
    if (!format)
        return CLI_OK;
    if (strcmp(format, "table") == 0 || strcmp(format, "csv") == 0) {
        *out = format[0] == 't' ? FMT_TABLE : FMT_CSV;
        return CLI_OK;
    }
    static const char *const formats[] = { "table", "csv" };
    const char *near = att_suggest(format, formats, 2);
    fprintf(stderr, "attune agree: --format %s: must be table or csv%s%s%s\n", format,
            near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    return CLI_USAGE;
}

static int parse_args(int argc, char **argv, opts *o)
{
    const char *format = NULL, *delim = NULL;
    const cli_option options[] = {
        { "--delimiter", NULL, &delim, NULL },
        { "--unit", NULL, &o->unit, NULL },
        { "--end", NULL, &o->end, NULL },
        { "--map", NULL, &o->map, NULL },
        { "--tolerance", NULL, &o->tolerance, NULL },
        { "--output", "-o", &o->output, NULL },
        { "--format", NULL, &format, NULL },
        { "--confusion", NULL, &o->confusion, NULL },
        { "--ruptures", NULL, &o->ruptures, NULL },
        { "--match-table", NULL, &o->match_table, NULL },
        { "--scheme", NULL, &o->scheme, NULL },
    };
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files)
        return cli_nomem("agree");
    size_t n = 0;
    int rc = cli_parse("agree", argc, argv, options, sizeof options / sizeof *options, usage,
                       files, &n);
    if (rc == CLI_OK && n != 2) {
        fprintf(stderr, "attune agree: %s (two coders' files: CODER1.csv CODER2.csv)\n%s",
                n < 2 ? "too few files" : "too many files", usage);
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK) {
        o->files[0] = files[0], o->files[1] = files[1];
        o->nfiles = 2;
    }
    free(files);
    if (rc != CLI_OK)
        return rc;
    if (parse_format(format, &o->format) != CLI_OK
        || cli_delimiter_option("agree", delim, &o->flags) != CLI_OK
        || cli_coded_options("agree", o->map, NULL, 0, &o->coded) != CLI_OK)
        return CLI_USAGE;
    if (cli_stdin_once("agree", o->files, o->nfiles) != CLI_OK)
        return CLI_USAGE;
    if (!o->output)
        o->output = "-";
    int stdout_uses = !strcmp(o->output, "-") + (o->confusion && !strcmp(o->confusion, "-"))
                      + (o->ruptures && !strcmp(o->ruptures, "-"));
    if (stdout_uses > 1) {
        fprintf(stderr, "attune agree: only one of -o, --confusion and --ruptures can be "
                "standard output ('-'; -o is by default); name files for the others\n");
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* ---- writing ---- */

enum { COL_PARTNER, COL_RUNS, COL_UNITS, COL_UNIT, COL_AGREE, COL_PCT, COL_KAPPA, COL_SE,
       COL_SE0, COL_TOL, COL_TAGREE, COL_TPCT, COL_TKAPPA, NCOL };
static const char *const col_names[NCOL] = {
    "partner", "runs", "units", "unit_s", "agreements", "percent_agreement", "kappa",
    "kappa_se", "kappa_se0", "tolerance_s", "tolerant_agreements",
    "tolerant_percent_agreement", "tolerant_kappa"
};

typedef char cell[40];

/* Column c's value as text: blank when undefined. */
static void put_number(cell *f, int c, int csv, double x, const char *table_fmt)
{
    if (!isfinite(x))
        f[c][0] = '\0';
    else
        snprintf(f[c], sizeof f[0], csv ? "%.10g" : table_fmt, x);
}

static void fill_row(cell *f, int csv, const att_agree *a, att_partner who, double unit)
{
    int k;
    const long *exact = att_agree_matrix(a, who, &k);
    att_kappa s = att_kappa_of(exact, k);
    const long *tolerant = att_agree_tolerant(a, who, &k);
    att_kappa t = att_kappa_of(tolerant, k);
    snprintf(f[COL_PARTNER], sizeof f[0], "%s", att_partner_name(who));
    snprintf(f[COL_RUNS], sizeof f[0], "%zu", att_agree_runs(a));
    snprintf(f[COL_UNITS], sizeof f[0], "%ld", s.n);
    snprintf(f[COL_UNIT], sizeof f[0], "%.10g", unit);
    snprintf(f[COL_AGREE], sizeof f[0], "%ld", s.agree);
    put_number(f, COL_PCT, csv, 100 * s.po, "%.1f");
    put_number(f, COL_KAPPA, csv, s.kappa, "%.3f");
    put_number(f, COL_SE, csv, s.se, "%.3f");
    put_number(f, COL_SE0, csv, s.se0, "%.3f");
    snprintf(f[COL_TOL], sizeof f[0], "%.10g", (double)att_agree_window(a) * unit);
    snprintf(f[COL_TAGREE], sizeof f[0], "%ld", t.agree);
    put_number(f, COL_TPCT, csv, 100 * t.po, "%.1f");
    put_number(f, COL_TKAPPA, csv, t.kappa, "%.3f");
}

static void write_summary(FILE *fp, int csv, const att_agree *a, double unit)
{
    cell rows[2][NCOL];
    fill_row(rows[0], csv, a, ATT_INFANT, unit);
    fill_row(rows[1], csv, a, ATT_CAREGIVER, unit);
    int width[NCOL];
    for (int c = 0; c < NCOL; c++) {
        size_t w = strlen(col_names[c]);
        for (int i = 0; i < 2; i++)
            if (strlen(rows[i][c]) > w)
                w = strlen(rows[i][c]);
        width[c] = (int)w;
    }
    for (int i = -1; i < 2; i++) {
        for (int c = 0; c < NCOL; c++) {
            const char *v = i < 0 ? col_names[c] : rows[i][c];
            if (csv)
                fprintf(fp, "%s%s", c ? "," : "", v);
            else if (c == 0)
                fprintf(fp, "%-*s", width[c], v);
            else
                fprintf(fp, "  %*s", width[c], v);
        }
        putc('\n', fp);
    }
}

static void write_confusion(FILE *fp, const att_agree *a, const att_match_table *mt)
{
    fputs("partner,code1,code2,count\n", fp);
    for (int p = 0; p < 2; p++) {
        att_partner who = p ? ATT_CAREGIVER : ATT_INFANT;
        int k;
        const long *m = att_agree_matrix(a, who, &k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                const char *c1 = p ? att_match_table_caregiver_name(mt, i)
                                   : att_match_table_infant_name(mt, i);
                const char *c2 = p ? att_match_table_caregiver_name(mt, j)
                                   : att_match_table_infant_name(mt, j);
                fprintf(fp, "%s,", att_partner_name(who));
                att_csv_put_field(fp, c1);
                putc(',', fp);
                att_csv_put_field(fp, c2);
                fprintf(fp, ",%ld\n", m[i * k + j]);
            }
        }
    }
}

static void put_value(FILE *fp, double x, const char *sep)
{
    if (isfinite(x))
        fprintf(fp, "%.10g", x);
    fputs(sep, fp);
}

static void write_ruptures(FILE *fp, const att_agree *a, double tolerance)
{
    att_agree_ruptures m = att_agree_rupture_match(a);
    fputs("tolerance_s,ruptures_1,ruptures_2,matched,sensitivity,ppv,mean_onset_diff_s,"
          "latency_pairs,mean_latency_diff_s\n", fp);
    fprintf(fp, "%.10g,%ld,%ld,%ld,", tolerance, m.n1, m.n2, m.matched);
    put_value(fp, m.sensitivity, ",");
    put_value(fp, m.ppv, ",");
    put_value(fp, m.onset_diff, ",");
    fprintf(fp, "%ld,", m.latency_pairs);
    put_value(fp, m.latency_diff, "\n");
}

/* --unit (1 s when not given), --end (NaN when not given), --tolerance (0). */
static int parse_times(const opts *o, att_agree_spec *spec, att_error *err)
{
    double *unit = &spec->unit, *end = &spec->end, *tol = &spec->tolerance;
    *unit = 1;
    *end = NAN;
    *tol = 0;
    int bad;
    if (o->unit && ((bad = att_parse_double(o->unit, unit)) || !(*unit >= 1e-6 && *unit <= 1e6)))
        return att_error_set(err, ATT_EINPUT, "--unit %s: %s", o->unit,
                             bad && bad <= ATT_NUM_TOO_LARGE ? att_number_problem(bad)
                             : "must be a number of seconds from 0.000001 to 1e6");
    if (o->end && ((bad = att_parse_double(o->end, end)) || !(fabs(*end) <= 4e9)))
        return att_error_set(err, ATT_EINPUT, "--end %s: %s", o->end,
                             bad && bad <= ATT_NUM_TOO_LARGE ? att_number_problem(bad)
                             : "must be a time in seconds from -4e9 to 4e9");
    if (o->tolerance && ((bad = att_parse_double(o->tolerance, tol)) || !(*tol >= 0 && *tol <= 1e6)))
        return att_error_set(err, ATT_EINPUT, "--tolerance %s: %s", o->tolerance,
                             bad && bad <= ATT_NUM_TOO_LARGE ? att_number_problem(bad)
                             : "must be a number of seconds from 0 to 1e6");
    return ATT_OK;
}

int cli_agree(int argc, char **argv)
{
    opts o = { 0 };
    int rc = parse_args(argc, argv, &o);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    att_error err = { 0 };
    att_match_table *mt = NULL;
    att_scheme *scheme = NULL;
    att_agree *a = NULL;
    att_outfile *outs[3] = { NULL, NULL, NULL };
    cli_catch_signals();
    const cli_output check[] = { { "-o", o.output }, { "--confusion", o.confusion },
                                 { "--ruptures", o.ruptures } };
    size_t nins = 2;
    if (o.match_table)
        o.files[nins++] = o.match_table;
    if (o.scheme)
        o.files[nins++] = o.scheme;
    if (cli_check_outputs("agree", check, 3, o.files, nins) != CLI_OK)
        return CLI_USAGE;
    att_agree_spec spec;
    if (parse_times(&o, &spec, &err) != ATT_OK)
        goto fail;
    spec.coded = &o.coded;
    /* Under a scheme without a table only the codes are known, so no pair
     * matches and the ruptures cannot be found. */
    if (o.scheme && !o.match_table && o.ruptures) {
        att_error_set(&err, ATT_EINPUT, "--ruptures with --scheme needs --match-table: "
                      "which of the scheme's code pairs match");
        goto fail;
    }
    const char *table = o.match_table || o.scheme ? o.match_table : "attuned";
    if (!(mt = cli_scheme_table(o.scheme, table, &scheme, &err)))
        goto fail;
    int flags = o.flags | (o.match_table || o.scheme ? ATT_CODED_TABLE_WINS : 0);
    if (!(a = att_agree_read(o.files[0], o.files[1], mt, flags, &spec, &err)))
        goto fail;
    if (!(outs[0] = att_outfile_open(o.output, &err))
        || (o.confusion && !(outs[1] = att_outfile_open(o.confusion, &err)))
        || (o.ruptures && !(outs[2] = att_outfile_open(o.ruptures, &err))))
        goto fail;
    int csv = o.format == FMT_CSV
              || (o.format == FMT_AUTO && !(strcmp(o.output, "-") == 0 && isatty(STDOUT_FILENO)));
    write_summary(att_outfile_stream(outs[0]), csv, a, spec.unit);
    if (outs[1])
        write_confusion(att_outfile_stream(outs[1]), a, mt);
    if (outs[2])
        write_ruptures(att_outfile_stream(outs[2]), a, spec.tolerance);
    rc = att_outfile_commit_all(outs, 3, &err);
    outs[0] = outs[1] = outs[2] = NULL;
    if (rc != ATT_OK)
        goto fail;
    att_agree_free(a);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    return CLI_OK;

fail:
    cli_print_error("agree", &err, NULL);
    for (int i = 0; i < 3; i++)
        att_outfile_abort(outs[i]);
    att_agree_free(a);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    return cli_status(err.code);
}
