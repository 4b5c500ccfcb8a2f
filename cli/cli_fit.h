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
    const char *map, *end;       /* --map LIST, --end T of the coded reader, or NULL */
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

/* The data's phases against the scenario's (cli/cli_fit_phases.c).
 * fit_has_window: 1 when window `w` is "all" or a phase of `s`.
 * fit_no_phase: prints "WHERE: phase 'W' is not a phase of SCENARIO (its
 * phases: ...)" and returns CLI_USAGE. */
int fit_has_window(const att_scenario *s, const char *w);
int fit_no_phase(const att_scenario *s, const char *where, const char *w);
/* fit_check_window: for statistic `stat` of window `w` (both windows of a
 * contrast A:B, att_fitstat_is_contrast), CLI_OK when each is "all" or a
 * phase of `s`, else fit_no_phase's message about the first that is not
 * and CLI_USAGE. */
int fit_check_window(const att_scenario *s, const char *where, const char *w, att_fitstat stat);

/* A coded session's phase may last from FIT_PHASE_SHORTEST to
 * FIT_PHASE_LONGEST times the scenario's phase of its name. */
#define FIT_PHASE_SHORTEST (2.0 / 3)
#define FIT_PHASE_LONGEST 1.5
/* A check of one coded file's phases, made in the pass that reads it
 * (att_fitstats_read_coded_with with fit_phases_hooks and the check as
 * user): each run's phases against scenario `s`, by name and by those
 * lengths.  fit_phases_start readies `c` for one file; after the read,
 * fit_phases_report prints "NAME:LINE: ..." at the first phase the
 * scenario lacks (fit_no_phase's message, at the line of the first row
 * naming it), else at the first outside the lengths (the line where it
 * begins), and returns CLI_USAGE; CLI_OK when every phase passed. */
typedef struct fit_phases {
    const att_scenario *s;
    char phase[256];   /* the run's current phase, the line and t where it began */
    long line;
    double t0;
    int open;
    char unknown[256];   /* the first phase the scenario lacks */
    long unknown_line;
    char bad_phase[256];   /* the first of a wrong length */
    long bad_line;
    double bad_span, bad_want;
} fit_phases;
extern const att_coded_hooks fit_phases_hooks;
void fit_phases_start(fit_phases *c, const att_scenario *s);
int fit_phases_report(const fit_phases *c, const char *name);

#endif
