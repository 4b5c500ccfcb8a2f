/* --map LIST and --end T, the coded reader's options shared by score,
 * contingency, export and agree (attune/coded.h), and their check that
 * standard input is read once. */
#include <stdio.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/param.h"
#include "cli/cli.h"

int cli_coded_options(const char *cmd, const char *map, const char *end, int flags,
                      att_coded_opts *o)
{
    att_coded_opts_init(o);
    o->flags = flags;
    att_error err = { 0 };
    if (map && att_coded_map(o, map, &err) != ATT_OK) {
        fprintf(stderr, "attune %s: %s\n", cmd, err.msg);
        return CLI_USAGE;
    }
    if (!end)
        return CLI_OK;
    double t;
    int bad = att_parse_double(end, &t);
    if (bad) {
        fprintf(stderr, "attune %s: --end %s: %s\n", cmd, end, att_number_problem(bad));
        return CLI_USAGE;
    }
    if (att_coded_set_end(o, t, &err) != ATT_OK) {
        fprintf(stderr, "attune %s: --end %s: must be a time from -4e9 to 4e9 s\n", cmd, end);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_stdin_once(const char *cmd, const char *const *files, size_t n)
{
    size_t uses = 0;
    for (size_t i = 0; i < n; i++)
        uses += strcmp(files[i], "-") == 0;
    if (uses <= 1)
        return CLI_OK;
    fprintf(stderr, "attune %s: standard input ('-') can be only one of the files\n", cmd);
    return CLI_USAGE;
}
