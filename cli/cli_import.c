/* attune import: BORIS's and ELAN's exports of observers' coding written as
 * attune's coded CSV on a grid or as change points (docs/IMPORT.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/import.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "attune/scheme.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: attune import boris|elan FILE --map MAPFILE [options]\n"
    "\n"
    "Writes an observer's coding exported from BORIS or ELAN as attune's coded CSV\n"
    "(t, phase, infant_code, caregiver_code, end), one row every --step seconds from\n"
    "0 to the session's end (or one per change, --change-points), with the session's\n"
    "end time in the end column of every row, ready for 'attune score'.\n"
    "\n"
    "  boris FILE            BORIS's tabular events export (Observations > Export\n"
    "                        events, CSV or TSV): one observation; each subject's\n"
    "                        state events (START/STOP) are its codes, POINT events\n"
    "                        are left out; the session ends at the last event or at\n"
    "                        the media's end when the export gives it\n"
    "  elan FILE             ELAN's tab-delimited text (File > Export As >\n"
    "                        Tab-delimited Text...): tier, begin and end in ss.msec\n"
    "                        (or hh:mm:ss.ms; msec is refused), annotation; the\n"
    "                        session ends at the last end time\n"
    "\n"
    "options:\n"
    "  --map MAPFILE         CSV with columns role,name: which subject or tier is the\n"
    "                        infant, the caregiver, the phase (or role phase_name: one\n"
    "                        phase for the whole session), and which to ignore;\n"
    "                        every subject or tier of FILE must be there (required)\n"
    "  --step S              seconds between rows (default 1)\n"
    "  --change-points       instead of a grid: a row at 0 and one each time the\n"
    "                        phase or a partner's code changes (times exact to 1 us)\n"
    "  --fill CODE           the code of a partner with no state at a row, a code\n"
    "                        name [a-z0-9_-]+ (default: such a row is refused)\n"
    "  --match-table NAME|FILE\n"
    "                        check every code against this table's vocabulary\n"
    "                        (default: codes are written as they are)\n"
    "  --scheme NAME|FILE    check every code against this code scheme instead\n"
    "                        (data/schemes/README.md: e.g. icep), with or without\n"
    "                        --match-table\n"
    "  -o, --output FILE|-   where to write (default '-': standard output); written to\n"
    "                        a temporary file and renamed at the end\n"
    "  -h, --help            this text\n"
    "\n"
    "Not to be confused with the --map LIST of score, contingency, export and\n"
    "agree, which renames a coded file's columns.  Exit status 2 on bad input\n"
    "(reported as FILE:LINE: problem), with nothing written.\n";

typedef struct {
    const char *format, *file, *map, *step, *fill, *output, *match_table, *scheme;
    int change_points;
} opts;

static int parse_args(int argc, char **argv, opts *o)
{
    const cli_option options[] = {
        { "--map", NULL, &o->map, NULL },
        { "--step", NULL, &o->step, NULL },
        { "--change-points", NULL, NULL, &o->change_points },
        { "--fill", NULL, &o->fill, NULL },
        { "--match-table", NULL, &o->match_table, NULL },
        { "--scheme", NULL, &o->scheme, NULL },
        { "--output", "-o", &o->output, NULL },
    };
    const char **words = calloc((size_t)argc + 1, sizeof *words);
    if (!words)
        return cli_nomem("import");
    size_t n = 0;
    int rc = cli_parse("import", argc, argv, options, sizeof options / sizeof *options, usage,
                       words, &n);
    if (rc == CLI_OK && (n != 2 || (strcmp(words[0], "boris") != 0 && strcmp(words[0], "elan") != 0))) {
        fprintf(stderr, "attune import: give the format (boris or elan) and one FILE\n%s", usage);
        rc = CLI_USAGE;
    } else if (rc == CLI_OK && !o->map) {
        fprintf(stderr, "attune import: --map MAPFILE is required: it says which subject or "
                "tier is the infant and which the caregiver (see 'attune import --help')\n");
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK) {
        o->format = words[0];
        o->file = words[1];
        if (!o->output)
            o->output = "-";
    }
    free(words);
    return rc;
}

static int parse_step(const opts *o, att_import_opts *io)
{
    double step = 1;
    if (o->step && (att_parse_double(o->step, &step) != 0 || !(step >= 1e-6 && step <= 86400))) {
        fprintf(stderr, "attune import: --step %s: must be a number of seconds from 0.000001 "
                "to 86400\n", o->step);
        return CLI_USAGE;
    }
    if (o->step && o->change_points) {
        fprintf(stderr, "attune import: --step and --change-points: choose one (a grid, or "
                "a row at each change)\n");
        return CLI_USAGE;
    }
    io->step = step;
    io->fill = o->fill;
    io->change_points = o->change_points;
    return CLI_OK;
}

int cli_import(int argc, char **argv)
{
    opts o = { 0 };
    att_import_opts io = { 0 };
    int rc = parse_args(argc, argv, &o);
    if (rc == CLI_OK)
        rc = parse_step(&o, &io);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    const cli_output outs[] = { { "-o", o.output } };
    const char *ins[4] = { o.file, o.map };
    size_t nins = 2;
    if (o.match_table)
        ins[nins++] = o.match_table;
    if (o.scheme)
        ins[nins++] = o.scheme;
    if (cli_check_outputs("import", outs, 1, ins, nins) != CLI_OK)
        return CLI_USAGE;

    att_error err = { 0 };
    att_import_map *map = NULL;
    att_match_table *mt = NULL;
    att_scheme *scheme = NULL;
    att_outfile *out = NULL;
    FILE *work = NULL;   /* standard output is written only once all is well */
    const char *reading = o.map;
    if (!(map = att_import_map_load(o.map, &err)))
        goto fail;
    reading = NULL;
    if ((o.match_table || o.scheme)
        && !(io.mt = mt = cli_scheme_table(o.scheme, o.match_table, &scheme, &err)))
        goto fail;
    if (!(out = att_outfile_open(o.output, &err)))
        goto fail;
    FILE *dst = cli_held_stream(out, o.output, &work, &err);
    if (!dst)
        goto fail;
    reading = o.file;
    rc = strcmp(o.format, "boris") == 0 ? att_import_boris(o.file, map, &io, dst, &err)
                                        : att_import_elan(o.file, map, &io, dst, &err);
    if (rc != ATT_OK) {
        if (rc == ATT_EIO && !work)
            cli_name_output(&err, o.output);
        goto fail;
    }
    reading = NULL;
    rc = cli_held_commit(out, &work, &err);
    out = NULL;
    if (rc != ATT_OK)
        goto fail;
    att_import_map_free(map);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    return CLI_OK;

fail:
    cli_print_error("import", &err, reading);
    att_outfile_abort(out);
    if (work)
        fclose(work);
    att_import_map_free(map);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    return cli_status(err.code);
}
