/* attune: the command-line program.  Dispatches to one subcommand. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "attune/init.h"
#include "attune/param.h"
#include "cli/cli.h"

/* Every option of every command is listed here: tests/cli/test_help.c
 * fails when a command's own --help or its parser has one this text lacks. */
static const char usage[] =
    "attune " ATT_VERSION " - simulate caregiver-infant rupture and repair\n"
    "\n"
    "usage: attune COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO [-o|--output FILE|-] [--seed N] [--set SECTION.KEY=VALUE]...\n"
    "      [--at [SESSION/]TIME:SECTION.KEY=VALUE]... [--match-table NAME|FILE]\n"
    "      [--condition NAME] [--run N] [--events] [--meta FILE] [-q|--quiet]\n"
    "        simulate one dyad through a scenario file and write a CSV trace\n"
    "  score FILE... [-o|--output OUT] [--format table|csv|json]\n"
    "      [--match-table NAME|FILE] [--ruptures FILE] [--cutoff S] [--pool]\n"
    "      [--boot N] [--seed N] [--delimiter C] [--map LIST] [--end T]\n"
    "      [--scheme NAME|FILE] [--long]\n"
    "      [--major-after S] [--min-rupture S] [--min-repair S] [--coding-unit S]\n"
    "        rupture and repair statistics for traces or observed coded sessions\n"
    "  contingency FILE... --given WHO:CODE --target WHO:CODE --window S\n"
    "      [--unit U] [-o|--output FILE|-] [--format table|csv]\n"
    "      [--match-table NAME|FILE] [--delimiter C] [--map LIST] [--end T]\n"
    "      [--scheme NAME|FILE]\n"
    "        time-window sequential analysis (2x2 table, Yule's Q)\n"
    "  export --sdis FILE... [-o|--output OUT] [--match-table NAME|FILE]\n"
    "      [--delimiter C] [--map LIST] [--end T] [--scheme NAME|FILE]\n"
    "        write coded sessions as SDIS timed-event data for GSEQ\n"
    "  agree CODER1 CODER2 [--unit S] [--end T] [--tolerance W]\n"
    "      [-o|--output FILE|-] [--format table|csv] [--confusion FILE|-]\n"
    "      [--ruptures FILE|-] [--match-table NAME|FILE] [--delimiter C]\n"
    "      [--map LIST] [--scheme NAME|FILE]\n"
    "        agreement of two observers: percent, Cohen's kappa, confusion matrix\n"
    "  import boris|elan FILE --map MAPFILE [--step S | --change-points]\n"
    "      [--fill CODE] [--match-table NAME|FILE] [--scheme NAME|FILE]\n"
    "      [-o|--output FILE|-]\n"
    "        write a BORIS or ELAN export as a coded CSV (a time grid or change\n"
    "        points, with the session's end)\n"
    "  batch EXPERIMENT [-o|--output FILE|-] [-j|--jobs N] [--resume] [--traces DIR]\n"
    "      [--seed N] [--set SECTION.KEY=VALUE]... [--match-table NAME|FILE]\n"
    "      [--shard I/N] [--long] [--ruptures FILE] [-q|--quiet]\n"
    "        run every condition x replicate of an experiment file, one row per run\n"
    "  fit SCENARIO DATA... --free SECTION.KEY[=LO:HI],... [--stats LIST]\n"
    "      [--population SECTION.KEY[=LO:HI[:SDLO:SDHI]],...]\n"
    "      [--set SECTION.KEY=VALUE]...\n"
    "      [--sim-ratio K] [--sim-dyads N] [--starts N] [--max-evals N] [--boot N]\n"
    "      [--resims N] [--code-interval S] [--seed N] [-j|--jobs N]\n"
    "      [--match-table NAME|FILE] [--map LIST] [--end T]\n"
    "      [--scheme NAME|FILE] [-o|--output FILE|-] [--format csv|json]\n"
    "      [--scenario-out FILE] [-q|--quiet]\n"
    "        estimate scenario keys from coded sessions or published figures\n"
    "        (simulated method of moments)\n"
    "  merge SHARD... [-o|--output FILE|-] [--long]\n"
    "        join the results files of a batch split into shards\n"
    "  compare RESULTS [--by COLUMN] [--baseline NAME] [--metric M]...\n"
    "      [-o|--output FILE|-] [--format table|narrow|csv|json] [--long]\n"
    "      [--boot N] [--seed N] [--allow-partial]\n"
    "        compare conditions: means, effect sizes, tests, Kaplan-Meier, log-rank\n"
    "  validate [--quick] [--only PREFIX] [--with-pending]\n"
    "      [--format table|narrow|markdown|csv] [-o|--output FILE|-] [--seed N]\n"
    "      [--infants N] [-j|--jobs N] [--scale KEY=F,...]\n"
    "      [--sensitivity [--params LIST] [--factors LIST]]\n"
    "        check the model against the literature on simulated populations;\n"
    "        --sensitivity: which checks flip when a main parameter moves\n"
    "  plot [KIND] FILE... -o|--output OUT [--format png|svg|pdf] [--width IN]\n"
    "      [--height IN] [--dpi N] [--title TEXT] [--from S] [--to S] [--run NAME]\n"
    "      [--session N] [--match-table NAME|FILE] [--window W] [--by COLUMN]\n"
    "      [--baseline NAME] [--metric M] [--allow-partial]\n"
    "        draw a figure (PNG, SVG, PDF); KIND: trace (default), km, compare,\n"
    "        sweep, timeline, fit\n"
    "  serve [--port N] [--host ADDRESS] [--max-runs N] [--max-client-runs N]\n"
    "      [--idle S] [--max-steps N] [--rate N] [SCENARIO...]\n"
    "        serve the live classroom page (two dyads, sliders, narration) to a\n"
    "        browser; binds 127.0.0.1 unless --host says otherwise\n"
    "  keys [SECTION]\n"
    "        list every scenario key with its unit, range and default (SECTION:\n"
    "        scenario, phase, batch, condition, infant, caregiver or policies)\n"
    "  help [COMMAND]\n"
    "        show this text, or a command's help (-h or --help after any command)\n"
    "  version\n"
    "        print the version (also --version)\n"
    "\n"
    "Scenario files are INI files; see scenarios/ and docs/MODEL.md.  Scoring\n"
    "definitions: docs/SCORING.md.  Example coded sessions: data/examples/.\n"
    "Exit status: 0 success, 1 failure while working, 2 bad input.\n";

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
} commands[] = {
    { "run", cli_run },
    { "score", cli_score },
    { "contingency", cli_contingency },
    { "export", cli_export },
    { "agree", cli_agree },
    { "import", cli_import },
    { "batch", cli_batch },
    { "merge", cli_merge },
    { "fit", cli_fit },
    { "compare", cli_compare },
    { "plot", cli_plot },
    { "keys", cli_keys },
    { "serve", cli_serve },
    { "validate", cli_validate },
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

/* The help on standard output.  It is longer than stdio's buffer, so a
 * full disk shows during fputs, whose errno cli_exit could no longer tell. */
static int print_usage(void)
{
    if (fputs(usage, stdout) == EOF) {
        int e = errno;
        fprintf(stderr, "attune: standard output: write error: %s\n", strerror(e));
        return CLI_FAIL;
    }
    return CLI_OK;
}

static int find_command(const char *name)
{
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return i;
    return -1;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0
        || (strcmp(cmd, "help") == 0 && argc == 2))
        return print_usage();
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        cli_set_command("version");
        if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
            printf("usage: attune version\n  prints the program's name and version\n");
            return CLI_OK;
        }
        if (argc > 2) {   /* a typo ("attune version run ...") is not a version query */
            fprintf(stderr, "attune %s: takes no arguments ('%s')\n", cmd, argv[2]);
            return CLI_USAGE;
        }
        printf("attune %s\n", ATT_VERSION);
        return CLI_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        /* Help on help (or on version) is this text. */
        static const char *const topics[] = { "help", "--help", "-h", "version", "--version" };
        for (size_t k = 0; k < sizeof topics / sizeof topics[0]; k++)
            if (strcmp(argv[2], topics[k]) == 0)
                return print_usage();
        int i = find_command(argv[2]);
        char *sub[] = { argv[2], "--help", NULL };
        if (i >= 0) {
            cli_set_command(commands[i].name);
            return commands[i].fn(2, sub);
        }
        cmd = argv[2];  /* an unknown topic is reported like an unknown command */
    } else {
        int i = find_command(cmd);
        if (i >= 0) {
            cli_set_command(commands[i].name);
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    const char *names[NCOMMANDS + 4];
    for (int i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    names[NCOMMANDS] = "help";
    names[NCOMMANDS + 1] = "version";
    names[NCOMMANDS + 2] = "--help";
    names[NCOMMANDS + 3] = "--version";
    const char *near = att_suggest(cmd, names, NCOMMANDS + 4);
    fprintf(stderr, "attune: unknown command '%s'%s%s%s\n", cmd, near ? " (did you mean '" : "",
            near ? near : "", near ? "'?)" : "; see 'attune --help'");
    return CLI_USAGE;
}

int main(int argc, char **argv)
{
    att_init();  /* GSL's aborting handler off: the library checks every GSL return itself */
    cli_catch_write_signals();
    return cli_exit(dispatch(argc, argv));
}
