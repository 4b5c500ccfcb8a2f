/* attune contingency: time-window sequential analysis of coded files, one 2x2
 * table per run and one pooled, with Yule's Q and its kin. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/coded.h"
#include "attune/contingency.h"
#include "attune/match.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "attune/scheme.h"
#include "base/csvwrite.h"
#include "base/grow.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: attune contingency FILE... --given WHO:CODE --target WHO:CODE --window S [options]\n"
    "\n"
    "Time-window sequential analysis (Bakeman and Quera 2011, ch. 11; GSEQ's\n"
    "time-window tallies) of coded FILEs: traces from 'attune run' or observers'\n"
    "coding, '-' for standard input.  Each row (step) is one time unit, or with\n"
    "--unit each U seconds of a grid (for change-point coding).  A unit is\n"
    "'given' when its t lies within S seconds of an onset of the given code (from\n"
    "the onset, for S seconds), and 'target' when it shows the target code.  For\n"
    "each run, and for all runs pooled, prints the 2x2 table\n"
    "  a = given and target     b = given, not target\n"
    "  c = target, not given    d = neither\n"
    "with Yule's Q, its standard error, the odds ratio and the adjusted residual of a.\n"
    "\n"
    "  --given WHO:CODE      the given code: WHO is infant or caregiver and CODE one\n"
    "                        of the match table's codes for WHO, e.g. caregiver:still\n"
    "  --target WHO:CODE     the target code, e.g. infant:protest\n"
    "  --window S            window length in seconds, > 0 and at most 1e10\n"
    "\n"
    "options:\n"
    "  --unit U              tally on a grid of U seconds (> 0) from each run's first\n"
    "                        t, each unit taking the codes in force at its start and\n"
    "                        the last row lasting until the run's end (its end\n"
    "                        column, else --end, else one interval after it): for\n"
    "                        irregular (change-point) files; without it each row\n"
    "                        is one unit\n"
    "  --end T               with --unit: runs without an end column end at t = T\n"
    "  --map LIST            read attune's columns under the file's names:\n"
    "                        t=Time,infant_code=Infant,... (docs/SCORING.md section 1)\n"
    "  -o, --output FILE|-   where to write (default '-': standard output); written to\n"
    "                        a temporary file and renamed at the end\n"
    "  --format table|csv    aligned table or CSV (default: table on a terminal,\n"
    "                        otherwise csv); undefined statistics are left blank\n"
    "  --match-table NAME|FILE\n"
    "                        the codes' vocabulary (default 'attuned'); also decides\n"
    "                        'matched' over a file's own matched column\n"
    "  --scheme NAME|FILE    a lab's code scheme (data/schemes/README.md, e.g. icep):\n"
    "                        its codes are the vocabulary, and a unit showing an\n"
    "                        unscorable code (either partner's) is a gap: in no\n"
    "                        cell of the table, and the run starts afresh after it\n"
    "                        (no window reaches past it)\n"
    "  --delimiter C         the CSV separator: ',', ';' or tab (default: the one\n"
    "                        the header uses most)\n"
    "  -h, --help            this text\n"
    "\n"
    "CSV columns: level (run or pooled), run, given, target, window_s, unit_s\n"
    "(--unit's U, empty when rows are counted), a, b, c, d, yule_q, yule_q_se,\n"
    "odds_ratio, adjusted_residual, file; the last row is run 'pooled', the sum of\n"
    "the runs' tables (the table leaves out level and unit_s).  Definitions in docs/SCORING.md.  Exit status 2 on bad input\n"
    "(a bad file is reported as FILE:LINE: problem), with nothing written.\n";

typedef enum { FMT_AUTO, FMT_TABLE, FMT_CSV } out_format;

typedef struct {
    const char **files;
    size_t nfiles;
    const char *given, *target, *window, *unit, *output, *match_table;
    const char *scheme;   /* --scheme NAME|FILE, or NULL */
    out_format format;
    int flags;   /* att_coded_read's: the separator */
    att_coded_opts coded;   /* --map, --end and the flags */
} opts;

/* One output row: a finished run's table. */
typedef struct {
    char *run;
    const char *file;  /* as given on the command line */
    att_2x2 t;
} run_row;

typedef struct {
    att_contingency *acc;
    const char *file;   /* the file being read */
    char *run;          /* the current run's name */
    run_row *rows;
    size_t n, cap;
} state;

static int parse_args(int argc, char **argv, opts *o)
{
    const char *format = NULL, *delim = NULL, *map = NULL, *end = NULL;
    const cli_option options[] = {
        { "--delimiter", NULL, &delim, NULL },
        { "--map", NULL, &map, NULL },
        { "--end", NULL, &end, NULL },
        { "--given", NULL, &o->given, NULL },
        { "--target", NULL, &o->target, NULL },
        { "--window", NULL, &o->window, NULL },
        { "--unit", NULL, &o->unit, NULL },
        { "--output", "-o", &o->output, NULL },
        { "--format", NULL, &format, NULL },
        { "--match-table", NULL, &o->match_table, NULL },
        { "--scheme", NULL, &o->scheme, NULL },
    };
    o->files = calloc((size_t)argc + 2, sizeof *o->files);
    if (!o->files)
        return cli_nomem("contingency");
    int rc = cli_parse("contingency", argc, argv, options, sizeof options / sizeof *options,
                       usage, o->files, &o->nfiles);
    if (rc != CLI_OK)
        return rc;
    if (format && strcmp(format, "table") == 0) {
        o->format = FMT_TABLE;
    } else if (format && strcmp(format, "csv") == 0) {
        o->format = FMT_CSV;
    } else if (format) {
        static const char *const formats[] = { "table", "csv" };
        const char *near = att_suggest(format, formats, 2);
        fprintf(stderr, "attune contingency: --format %s: must be table or csv%s%s%s\n", format,
                near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        return CLI_USAGE;
    }
    if (cli_delimiter_option("contingency", delim, &o->flags) != CLI_OK
        || cli_coded_options("contingency", map, end, o->flags
                             | (o->match_table || o->scheme ? ATT_CODED_TABLE_WINS : 0),
                             &o->coded) != CLI_OK)
        return CLI_USAGE;
    if (!o->nfiles) {
        fprintf(stderr, "attune contingency: no coded file given\n%s", usage);
        return CLI_USAGE;
    }
    if (cli_stdin_once("contingency", o->files, o->nfiles) != CLI_OK)
        return CLI_USAGE;
    const char *missing = !o->given ? "--given WHO:CODE" : !o->target ? "--target WHO:CODE"
                        : !o->window ? "--window S" : NULL;
    if (missing) {
        fprintf(stderr, "attune contingency: %s is required (see 'attune contingency --help')\n",
                missing);
        return CLI_USAGE;
    }
    if (!o->output)
        o->output = "-";
    return CLI_OK;
}

/* Parses WHO:CODE of option `opt` against the table; ATT_EINPUT with a hint. */
static int parse_code(const char *opt, const char *value, const att_match_table *mt,
                      att_partner *who, int *code, att_error *err)
{
    const char *colon = strchr(value, ':');
    if (!colon)
        return att_error_set(err, ATT_EINPUT, "%s %s: expected WHO:CODE, e.g. infant:avert or "
                             "caregiver:still", opt, value);
    char name[32];
    size_t n = (size_t)(colon - value);
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), value);
    if (n >= sizeof name || att_partner_parse(name, who) != 0) {
        static const char *const partners[] = { "infant", "caregiver" };
        const char *near = att_suggest(name, partners, 2);
        return att_error_set(err, ATT_EINPUT, "%s %s: WHO must be infant or caregiver%s%s%s",
                             opt, value, near ? " (did you mean '" : "", near ? near : "",
                             near ? "'?)" : "");
    }
    const char *c = colon + 1;
    int infant = *who == ATT_INFANT;
    *code = infant ? att_match_table_infant_index(mt, c) : att_match_table_caregiver_index(mt, c);
    if (*code >= 0)
        return ATT_OK;
    const char *near = att_match_table_suggest(mt, infant, c);
    const char *kind = strcmp(att_match_table_kind(mt), "scheme") == 0 ? "scheme"
                                                                       : "match table";
    if (near)
        return att_error_set(err, ATT_EINPUT, "%s %s: no %s code '%s' in %s %s (did you "
                             "mean '%s'?)", opt, value, att_partner_name(*who), c, kind,
                             att_match_table_path(mt), near);
    char list[400];
    att_match_table_list(mt, infant, list, sizeof list);
    return att_error_set(err, ATT_EINPUT, "%s %s: no %s code '%s' in %s %s; its %s "
                         "codes are: %s", opt, value, att_partner_name(*who), c, kind,
                         att_match_table_path(mt), att_partner_name(*who), list);
}

/* Parses the seconds of option `opt`: a finite number > 0 and at most
 * `max` (HUGE_VAL: no bound but the library's), else ATT_EINPUT. */
static int parse_seconds(const char *opt, const char *text, double max, double *out,
                         att_error *err)
{
    int bad = att_parse_double(text, out);
    if (!bad && *out > 0 && *out <= max)
        return ATT_OK;
    if (!bad && *out > max)
        return att_error_set(err, ATT_EINPUT, "%s %s: must be a number of seconds > 0 and at "
                             "most %g", opt, text, max);
    /* out of range, infinite or NaN say so; other text is just not seconds */
    return att_error_set(err, ATT_EINPUT, "%s %s: %s", opt, text,
                         bad && bad <= ATT_NUM_TOO_LARGE ? att_number_problem(bad)
                                                         : "must be a number of seconds > 0");
}

/* ---- reading: the coded-file hooks ---- */

static int on_run_begin(void *user, const char *run, att_error *err)
{
    state *s = user;
    free(s->run);
    if (!(s->run = strdup(run)))
        return att_error_nomem(err);
    att_contingency_begin_run(s->acc);
    return ATT_OK;
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    state *s = user;
    if (cli_interrupted())
        return att_error_set(err, ATT_EIO, "interrupted; no output written");
    att_error e = { 0 };
    if (att_contingency_push(s->acc, row->t, row->infant, row->caregiver, &e) != ATT_OK)
        return att_error_set(err, e.code, "%s:%ld: %s", att_coded_name(s->file),
                             row->line, e.msg);
    return ATT_OK;
}

static int on_run_end(void *user, double t_end, att_error *err)
{
    state *s = user;
    att_error e = { 0 };
    if (att_contingency_end_run_at(s->acc, t_end, &e) != ATT_OK)
        return att_error_set(err, e.code, "%s: run '%.60s': %s", att_coded_name(s->file),
                             s->run, e.msg);
    if (att_grow(&s->rows, &s->cap, s->n + 1, sizeof *s->rows, err) != ATT_OK)
        return ATT_ENOMEM;
    s->rows[s->n++] = (run_row){ .run = s->run, .file = s->file,
                                 .t = att_contingency_run_table(s->acc) };
    s->run = NULL;
    return ATT_OK;
}

/* ---- writing ---- */

/* level and unit_s are written in CSV only: the table shows the pooled row
 * by its name and is for reading aloud. */
enum { COL_LEVEL, COL_RUN, COL_GIVEN, COL_TARGET, COL_WINDOW, COL_UNIT, COL_A, COL_B, COL_C,
       COL_D, COL_Q, COL_QSE, COL_OR, COL_RES, COL_FILE, NCOL };
static const char *const col_names[NCOL] = {
    "level", "run", "given", "target", "window_s", "unit_s", "a", "b", "c", "d", "yule_q",
    "yule_q_se", "odds_ratio", "adjusted_residual", "file"
};

typedef char cell[40];

/* One output row's numeric fields, as text; undefined statistics are "".
 * The text columns (run, given, target, file) are not filled here. */
static void fill_cells(cell *f, int csv, double window, double unit, att_2x2 t)
{
    snprintf(f[COL_WINDOW], sizeof f[0], "%.10g", window);
    f[COL_UNIT][0] = '\0';   /* rows, not seconds: NA */
    if (unit > 0)
        snprintf(f[COL_UNIT], sizeof f[0], "%.10g", unit);
    snprintf(f[COL_A], sizeof f[0], "%ld", t.a);
    snprintf(f[COL_B], sizeof f[0], "%ld", t.b);
    snprintf(f[COL_C], sizeof f[0], "%ld", t.c);
    snprintf(f[COL_D], sizeof f[0], "%ld", t.d);
    att_2x2_stats st = att_2x2_summarise(t);
    const double x[4] = { st.yule_q, st.yule_q_se, st.odds_ratio, st.adjusted_residual };
    for (int k = 0; k < 4; k++) {
        if (!isfinite(x[k]))
            f[COL_Q + k][0] = '\0';
        else
            snprintf(f[COL_Q + k], sizeof f[0], csv ? "%.10g" : "%.3f", x[k]);
    }
}

/* The rows to write: the runs, then "pooled". */
typedef struct {
    const state *s;
    const char *given, *target;
    cell *cells;   /* NCOL per row */
} results;

/* Row i's field in column c (row s->n is the pooled row). */
static const char *field_at(const results *r, size_t i, int c)
{
    int pooled = i == r->s->n;
    switch (c) {
    case COL_LEVEL: return pooled ? "pooled" : "run";
    case COL_RUN: return pooled ? "pooled" : r->s->rows[i].run;
    case COL_FILE: return pooled ? "" : r->s->rows[i].file;
    case COL_GIVEN: return r->given;
    case COL_TARGET: return r->target;
    default: return r->cells[i * NCOL + (size_t)c];
    }
}

static int is_text_col(int c)
{
    return c == COL_LEVEL || c == COL_RUN || c == COL_GIVEN || c == COL_TARGET || c == COL_FILE;
}

/* Writes the header and every row, as CSV or as an aligned table. */
static int write_results(FILE *fp, int csv, const state *s, const char *given, const char *target,
                         double window, double unit, att_error *err)
{
    size_t nrows = s->n + 1;
    results r = { s, given, target, calloc(nrows * NCOL, sizeof(cell)) };
    if (!r.cells)
        return att_error_nomem(err);
    for (size_t i = 0; i < nrows; i++)
        fill_cells(r.cells + i * NCOL, csv, window, unit,
                   i == s->n ? att_contingency_pooled(s->acc) : s->rows[i].t);
    if (csv) {
        for (int c = 0; c < NCOL; c++)
            fprintf(fp, "%s%s", c ? "," : "", col_names[c]);
        putc('\n', fp);
        for (size_t i = 0; i < nrows; i++) {
            for (int c = 0; c < NCOL; c++) {
                if (c)
                    putc(',', fp);
                att_csv_put_field(fp, field_at(&r, i, c));
            }
            putc('\n', fp);
        }
    } else {
        int width[NCOL];
        for (int c = 0; c < NCOL; c++) {
            size_t w = strlen(col_names[c]);
            for (size_t i = 0; i < nrows; i++)
                if (strlen(field_at(&r, i, c)) > w)
                    w = strlen(field_at(&r, i, c));
            width[c] = w > 200 ? 200 : (int)w;
        }
        for (size_t i = 0; i <= nrows; i++) {
            /* Up to the last non-empty field, so that no line ends in blanks. */
            int last = NCOL - 1;
            while (last > 0 && !*(i == 0 ? col_names[last] : field_at(&r, i - 1, last)))
                last--;
            for (int c = COL_RUN; c <= last; c++) {
                if (c == COL_UNIT)
                    continue;
                const char *v = i == 0 ? col_names[c] : field_at(&r, i - 1, c);
                if (c == last && is_text_col(c))
                    fprintf(fp, "%s%s", c > COL_RUN ? "  " : "", v);
                else
                    fprintf(fp, is_text_col(c) ? "%s%-*s" : "%s%*s", c > COL_RUN ? "  " : "",
                            width[c], v);
            }
            putc('\n', fp);
        }
    }
    free(r.cells);
    return ATT_OK;
}

/* "WHO:CODE" of the given or target code, as the output names it. */
static void code_label(char *buf, size_t cap, const att_match_table *mt, att_partner who, int code)
{
    snprintf(buf, cap, "%s:%s", att_partner_name(who),
             who == ATT_INFANT ? att_match_table_infant_name(mt, code)
                               : att_match_table_caregiver_name(mt, code));
}

static void free_state(state *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->rows[i].run);
    free(s->rows);
    free(s->run);
    att_contingency_free(s->acc);
}

int cli_contingency(int argc, char **argv)
{
    opts o = { 0 };
    int rc = parse_args(argc, argv, &o);
    if (rc != CLI_OK) {
        free(o.files);
        return rc < 0 ? CLI_OK : rc;
    }
    att_error err = { 0 };
    att_match_table *mt = NULL;
    att_scheme *scheme = NULL;
    att_outfile *out = NULL;
    state s = { 0 };
    const char *reading = NULL;   /* the file whose messages are printed bare */

    cli_catch_signals();
    const cli_output outs[] = { { "-o", o.output } };
    size_t nin = o.nfiles;   /* files has room for argc + 2 */
    if (o.match_table)
        o.files[nin++] = o.match_table;
    if (o.scheme)
        o.files[nin++] = o.scheme;
    if (cli_check_outputs("contingency", outs, 1, o.files, nin) != CLI_OK) {
        free(o.files);
        return CLI_USAGE;
    }
    double window, unit = 0;
    if (parse_seconds("--window", o.window, ATT_CONTINGENCY_WINDOW_MAX, &window, &err) != ATT_OK
        || (o.unit && parse_seconds("--unit", o.unit, HUGE_VAL, &unit, &err) != ATT_OK))
        goto fail;
    /* Under a scheme its codes are the vocabulary; no table is needed, as
     * matched pairs play no part here. */
    const char *table = o.match_table || o.scheme ? o.match_table : "attuned";
    if (!(mt = cli_scheme_table(o.scheme, table, &scheme, &err)))
        goto fail;
    att_contingency_spec spec = { .window = window, .unit = unit };
    if (parse_code("--given", o.given, mt, &spec.given_who, &spec.given_code, &err) != ATT_OK
        || parse_code("--target", o.target, mt, &spec.target_who, &spec.target_code, &err) != ATT_OK)
        goto fail;
    if (!(s.acc = att_contingency_new(&spec, &err))
        || (scheme && att_contingency_set_scheme(s.acc, mt, scheme, &err) != ATT_OK))
        goto fail;
    if (!(out = att_outfile_open(o.output, &err)))
        goto fail;

    const att_coded_hooks hooks = { on_run_begin, on_row, on_run_end };
    for (size_t i = 0; i < o.nfiles; i++) {
        s.file = reading = o.files[i];
        if (att_coded_read_opts(o.files[i], mt, &o.coded, &hooks, &s, &err) != ATT_OK)
            goto fail;
    }
    reading = NULL;

    int csv = o.format == FMT_CSV
              || (o.format == FMT_AUTO && !(strcmp(o.output, "-") == 0 && isatty(STDOUT_FILENO)));
    char given[96], target[96];
    code_label(given, sizeof given, mt, spec.given_who, spec.given_code);
    code_label(target, sizeof target, mt, spec.target_who, spec.target_code);
    if (write_results(att_outfile_stream(out), csv, &s, given, target, window, unit, &err) != ATT_OK)
        goto fail;
    rc = att_outfile_commit(out, &err);
    out = NULL;
    if (rc != ATT_OK)
        goto fail;
    free_state(&s);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    free(o.files);
    return CLI_OK;

fail:
    cli_print_error("contingency", &err, reading);
    att_outfile_abort(out);
    free_state(&s);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    free(o.files);
    return cli_status(err.code);
}
