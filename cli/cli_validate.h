/* attune validate, internal: the options that move the model's centre,
 * --scale and --sensitivity with --params and --factors (cli/cli_validate_sens.c),
 * parsed and checked before anything runs, and the sensitivity table's run. */
#ifndef ATT_CLI_VALIDATE_H
#define ATT_CLI_VALIDATE_H

#include <stdio.h>
#include "attune/error.h"
#include "attune/report.h"
#include "attune/validate.h"

typedef struct cli_vsens {
    int on;                    /* --sensitivity */
    char (*keys)[80];          /* --params in full ("infant.KEY"), or the defaults */
    size_t nkeys;
    double *factors;           /* --factors, default 0.7 and 1.3 */
    size_t nfactors;
    att_vscale *scale;         /* --scale, keys pointing into scale_keys */
    char (*scale_keys)[80];
    size_t nscale;
} cli_vsens;

/* Parses --sensitivity (on), --params, --factors and --scale (each NULL when
 * not given) into `s` (zeroed first; cli_vsens_free it whatever the result).
 * Reports what is wrong on stderr (an unknown or repeated parameter, a
 * factor that is not a positive number, an empty list or item, --params or
 * --factors without --sensitivity, --scale with it) and returns CLI_USAGE;
 * CLI_FAIL when out of memory; else CLI_OK. */
int cli_vsens_parse(cli_vsens *s, int on, const char *params, const char *factors,
                    const char *scale);
void cli_vsens_free(cli_vsens *s);

/* Runs the table for the suite `vo` with a progress bar on a terminal
 * (standard error), writes it to fp as `fmt` (csv or the markdown table)
 * and its verdict on the headline conclusions (att_vsens_verdict) as a
 * line on standard error.  ATT_OK, or the error (err filled; "interrupted"
 * after a signal). */
int cli_vsens_run(const cli_vsens *s, const att_validate_opts *vo, FILE *fp, att_format fmt,
                  att_error *err);

#endif
