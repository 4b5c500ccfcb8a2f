/* attune export: writes coded files in another program's format; so far SDIS
 * timed-event data for GSEQ (--sdis), to cross-check attune's analyses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/match.h"
#include "attune/outfile.h"
#include "attune/scheme.h"
#include "attune/sdis.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: attune export --sdis FILE... [options]\n"
    "\n"
    "Writes the codes of coded FILEs (traces from 'attune run' or observers' coding,\n"
    "'-' for standard input) in another program's format.\n"
    "\n"
    "  --sdis                SDIS timed-event data for GSEQ (Bakeman and Quera's\n"
    "                        Sequential Data Interchange Standard): one session per\n"
    "                        run, labelled with the run's name; the infant's codes as\n"
    "                        i_CODE and the caregiver's as c_CODE, each partner's\n"
    "                        codes one mutually exclusive and exhaustive set; each\n"
    "                        stretch of a code as CODE,ONSET-OFFSET in seconds.\n"
    "                        Two runs that would share a label are refused\n"
    "\n"
    "options:\n"
    "  -o, --output FILE|-   where to write (default '-': standard output); written to\n"
    "                        a temporary file and renamed at the end\n"
    "  --match-table NAME|FILE\n"
    "                        the codes' vocabulary (default 'attuned')\n"
    "  --scheme NAME|FILE    a lab's code scheme (data/schemes/README.md, e.g. icep):\n"
    "                        its codes are the vocabulary; its unscorable codes are\n"
    "                        not declared, and a run is cut at each unscorable\n"
    "                        stretch (either partner's), going on after it as\n"
    "                        session <RUN#2>, <RUN#3>, ...\n"
    "  --delimiter C         the CSV separator: ',', ';' or tab (default: the one\n"
    "                        the header uses most)\n"
    "  --map LIST            read attune's columns under the file's names:\n"
    "                        t=Time,infant_code=Infant,... (docs/SCORING.md section 1)\n"
    "  --end T               runs without an end column end at t = T (the session's\n"
    "                        end) instead of one interval after their last row\n"
    "  -h, --help            this text\n"
    "\n"
    "The file's comments say how names and times are mapped.  Exit status 2 on bad\n"
    "input (a bad file is reported as FILE:LINE: problem), with nothing written.\n";

typedef struct {
    const char **files;
    size_t nfiles;
    const char *output, *match_table;
    const char *scheme;   /* --scheme NAME|FILE, or NULL */
    int sdis;
    int flags;   /* att_coded_read's: the separator */
    att_coded_opts coded;   /* --map, --end and the flags */
} opts;

typedef struct {
    att_sdis *sdis;
    const char *file;   /* the file being read, as given */
    char *run;          /* the current run's name */
    long line;          /* the current run's last row */
} state;

static int parse_args(int argc, char **argv, opts *o)
{
    const char *delim = NULL, *map = NULL, *end = NULL;
    const cli_option options[] = {
        { "--delimiter", NULL, &delim, NULL },
        { "--map", NULL, &map, NULL },
        { "--end", NULL, &end, NULL },
        { "--sdis", NULL, NULL, &o->sdis },
        { "--output", "-o", &o->output, NULL },
        { "--match-table", NULL, &o->match_table, NULL },
        { "--scheme", NULL, &o->scheme, NULL },
    };
    o->files = calloc((size_t)argc + 2, sizeof *o->files);
    if (!o->files)
        return cli_nomem("export");
    int rc = cli_parse("export", argc, argv, options, sizeof options / sizeof *options, usage,
                       o->files, &o->nfiles);
    if (rc != CLI_OK)
        return rc;
    if (cli_delimiter_option("export", delim, &o->flags) != CLI_OK
        || cli_coded_options("export", map, end, o->flags
                             | (o->match_table || o->scheme ? ATT_CODED_TABLE_WINS : 0),
                             &o->coded) != CLI_OK)
        return CLI_USAGE;
    if (!o->sdis) {
        fprintf(stderr, "attune export: which format? --sdis (SDIS for GSEQ) is the one there "
                "is (see 'attune export --help')\n");
        return CLI_USAGE;
    }
    if (!o->nfiles) {
        fprintf(stderr, "attune export: no coded file given\n%s", usage);
        return CLI_USAGE;
    }
    if (cli_stdin_once("export", o->files, o->nfiles) != CLI_OK)
        return CLI_USAGE;
    if (!o->output)
        o->output = "-";
    return CLI_OK;
}

/* ---- the coded-file hooks ---- */

static int on_run_begin(void *user, const char *run, att_error *err)
{
    state *s = user;
    free(s->run);
    if (!(s->run = strdup(run)))
        return att_error_nomem(err);
    char note[4200];
    snprintf(note, sizeof note, "from %s",
             strcmp(s->file, "-") == 0 ? "standard input" : s->file);
    /* its messages name the run and the file ("run 'R' (from FILE)") */
    return att_sdis_begin_session(s->sdis, run, note, err);
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    state *s = user;
    if (cli_interrupted())
        return att_error_set(err, ATT_EIO, "interrupted; no output written");
    s->line = row->line;
    att_error e = { 0 };
    if (att_sdis_push(s->sdis, row->t, row->infant, row->caregiver, &e) != ATT_OK)
        return att_error_set(err, e.code, "%s:%ld: %s", att_coded_name(s->file), row->line, e.msg);
    return ATT_OK;
}

static int on_run_end(void *user, double t_end, att_error *err)
{
    state *s = user;
    att_error e = { 0 };
    if (att_sdis_end_session(s->sdis, t_end, &e) != ATT_OK)
        return att_error_set(err, e.code, "%s:%ld: run '%.60s': %s", att_coded_name(s->file), s->line,
                             s->run ? s->run : "", e.msg);
    return ATT_OK;
}

int cli_export(int argc, char **argv)
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
    FILE *work = NULL;   /* standard output is written only once all is well */
    state s = { 0 };
    const char *reading = NULL;   /* the file whose messages are printed bare */

    cli_catch_signals();
    const cli_output outs[] = { { "-o", o.output } };
    size_t nin = o.nfiles;   /* files has room for argc + 2 */
    if (o.match_table)
        o.files[nin++] = o.match_table;
    if (o.scheme)
        o.files[nin++] = o.scheme;
    if (cli_check_outputs("export", outs, 1, o.files, nin) != CLI_OK) {
        free(o.files);
        return CLI_USAGE;
    }
    /* Under a scheme its codes are the vocabulary; no table is needed, as
     * matched pairs are not exported. */
    const char *table = o.match_table || o.scheme ? o.match_table : "attuned";
    if (!(mt = cli_scheme_table(o.scheme, table, &scheme, &err)))
        goto fail;
    if (!(out = att_outfile_open(o.output, &err)))
        goto fail;
    FILE *dst = cli_held_stream(out, o.output, &work, &err);
    if (!dst || !(s.sdis = att_sdis_new(dst, mt, scheme, &err)))
        goto fail;

    const att_coded_hooks hooks = { on_run_begin, on_row, on_run_end };
    for (size_t i = 0; i < o.nfiles; i++) {
        s.file = reading = o.files[i];
        if (att_coded_read_opts(o.files[i], mt, &o.coded, &hooks, &s, &err) != ATT_OK)
            goto fail;
    }
    reading = NULL;
    rc = cli_held_commit(out, &work, &err);
    out = NULL;
    if (rc != ATT_OK)
        goto fail;
    att_sdis_free(s.sdis);
    free(s.run);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    free(o.files);
    return CLI_OK;

fail:
    cli_print_error("export", &err, reading);
    att_outfile_abort(out);
    if (work)
        fclose(work);
    att_sdis_free(s.sdis);
    free(s.run);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    free(o.files);
    return cli_status(err.code);
}
