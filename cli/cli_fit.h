/* attune fit, internal: the command's options and its observed data (coded
 * sessions or a targets file) turned into the statistics to match. */
#ifndef ATT_CLI_FIT_H
#define ATT_CLI_FIT_H

#include "attune/fitstats.h"
#include "attune/scenario.h"

typedef struct fit_cli {
    const char *scenario;
    const char **data;
    size_t ndata;
    const char **sets;   /* --set overrides, kept fixed */
    size_t nsets;
    const char *free, *stats, *sim_ratio, *sim_dyads, *starts, *seed, *jobs, *max_evals, *boot, *resims;
    const char *match_table, *scheme, *output, *format, *scenario_out;
    int quiet;
    const char *population;   /* --population LIST, or NULL */
    const char *code_interval;   /* --code-interval S, or NULL */
} fit_cli;

/* The statistics to match: names, observed values m_k, their variances
 * (bootstrap over sessions, or se^2), and the number of sessions (0 for a
 * targets file). */
typedef struct fit_data {
    att_fitstat_names names;
    double *observed, *var;
    long sessions;
    double *cov;   /* coded sessions: the bootstrap covariance (n x n); else NULL */
} fit_data;

/* Reads the data files of `o` for scenario `s` (whose phases they must
 * have), with bootstrap seed `seed`.  Prints what is wrong and returns
 * CLI_USAGE or CLI_FAIL; CLI_OK. */
int fit_data_load(const fit_cli *o, const att_scenario *s, unsigned long seed, fit_data *d);
void fit_data_free(fit_data *d);

#endif
