/* attune: the command-line program.  Dispatches to one subcommand. */
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "attune/param.h"
#include "cli.h"

static const char usage[] =
    "attune " ATT_VERSION " - simulate caregiver-infant rupture and repair\n"
    "\n"
    "usage: attune COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO [-o FILE|-] [--seed N] [--set SECTION.KEY=VALUE]... [--events]\n"
    "        simulate one dyad through a scenario file and write a CSV trace\n"
    "  keys [SECTION]    list every scenario key with its unit, range and default\n"
    "  help [COMMAND]    show this text, or a command's help\n"
    "  version           print the version\n"
    "\n"
    "Scenario files are INI files; see scenarios/ and docs/MODEL.md.\n"
    "Exit status: 0 success, 1 failure while working, 2 bad input.\n";

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();  /* the library checks every GSL return itself */
    static const char *const commands[] = { "run", "keys", "help", "version", "--help", "--version" };
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0
        || (strcmp(cmd, "help") == 0 && argc == 2)) {
        fputs(usage, stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        char *sub[] = { argv[2], "--help", NULL };
        if (strcmp(argv[2], "run") == 0)
            return cli_run(2, sub);
        if (strcmp(argv[2], "keys") == 0)
            return cli_keys(2, sub);
        cmd = argv[2];  /* an unknown topic is reported like an unknown command */
    } else if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("attune %s\n", ATT_VERSION);
        return CLI_OK;
    } else if (strcmp(cmd, "run") == 0) {
        return cli_run(argc - 1, argv + 1);
    } else if (strcmp(cmd, "keys") == 0) {
        return cli_keys(argc - 1, argv + 1);
    }
    const char *near = att_suggest(cmd, commands, sizeof commands / sizeof commands[0]);
    fprintf(stderr, "attune: unknown command '%s'%s%s%s\n", cmd, near ? " (did you mean '" : "",
            near ? near : "", near ? "'?)" : "; see 'attune --help'");
    return CLI_USAGE;
}
