/* attune fit: the observed side.  Coded sessions are scored by the fit
 * statistics' accumulator (the definitions of `attune score`) and their
 * variances bootstrapped over sessions; a targets file gives values and
 * standard errors.  Either way every window must be a phase of the
 * scenario, and every statistic defined. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/fitstats.h"
#include "cli/cli.h"
#include "cli/cli_fit.h"

enum { BOOT_B = 200 };

/* 1 when "WINDOW.NAME" (a name the caller has parsed before) is a _d. */
static int is_contrast(const char *name)
{
    char w[256];
    att_fitstat stat;
    return att_fitstat_parse(name, w, sizeof w, &stat, NULL) == ATT_OK
           && att_fitstat_is_contrast(stat);
}

static int add_name(att_fitstat_names *l, const char *name)
{
    char **grown = realloc(l->name, (l->n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    l->name = grown;
    size_t len = strlen(name) + 1;
    if (!(l->name[l->n] = malloc(len)))
        return -1;
    memcpy(l->name[l->n++], name, len);
    return 0;
}

/* Keeps names[k] where keep[k], in order (values, variances and
 * covariances too). */
static void keep_only(fit_data *d, const int *keep)
{
    size_t m = 0, n = d->names.n;
    for (size_t j = 0; d->cov && j < n; j++)
        for (size_t k = 0; keep[j] && k < n; k++)
            if (keep[k])
                d->cov[m++] = d->cov[j * n + k];
    m = 0;
    for (size_t k = 0; k < d->names.n; k++) {
        if (!keep[k]) {
            free(d->names.name[k]);
            continue;
        }
        d->names.name[m] = d->names.name[k];
        d->observed[m] = d->observed[k];
        d->var[m++] = d->var[k];
    }
    d->names.n = m;
}

/* Observed values and bootstrap variances of d->names; explicit (--stats)
 * names must be defined, default ones that are not are left out (said). */
static int values(const fit_cli *o, att_fitstats *acc, unsigned long seed, fit_data *d)
{
    size_t n = d->names.n;
    att_error err = { 0 };
    d->observed = malloc((n + 1) * sizeof(double));
    d->var = malloc((n + 1) * sizeof(double));
    d->cov = malloc((n * n + 1) * sizeof(double));
    int *keep = malloc((n + 1) * sizeof *keep);
    if (!d->observed || !d->var || !d->cov || !keep) {
        free(keep);
        return cli_nomem("fit");
    }
    const char *const *names = (const char *const *)d->names.name;
    if (att_fitstats_vector(acc, names, n, d->observed, &err) != ATT_OK
        || att_fitstats_bootstrap_cov(acc, names, n, BOOT_B, seed, d->cov, &err) != ATT_OK) {
        free(keep);
        cli_print_error("fit", &err, NULL);
        return cli_status(err.code);
    }
    int bad = 0, said = 0;
    size_t kept = 0;
    for (size_t k = 0; k < n; k++)
        d->var[k] = d->cov[k * n + k];
    for (size_t k = 0; k < n; k++) {
        keep[k] = isfinite(d->observed[k])
                  && d->var[k] > 1e-12 * fmax(d->observed[k] * d->observed[k], 1);
        kept += keep[k];
    }
    for (size_t k = 0; k < n; k++) {
        const char *why = keep[k] ? NULL
                          : !isfinite(d->observed[k])
                              ? (is_contrast(d->names.name[k])
                                     ? "undefined for the data (fewer than two sessions with "
                                       "both windows, or no spread between sessions in both?)"
                                     : "undefined for the data (no ruptures, no bouts or no "
                                       "time in the window?)")
                              : "the same in every bootstrap resample of the sessions (no "
                                "variance to weigh it by)";
        if (why && o->stats) {
            fprintf(stderr, "attune fit: --stats %s: %s\n", d->names.name[k], why);
            bad = 1;
        } else if (why && (!o->quiet || kept == 0)) {   /* the reason for failing, even with -q */
            fprintf(stderr, "%s %s (%s)", said++ ? "," : "attune fit: left out:",
                    d->names.name[k], why[0] == 'u' ? "undefined" : "no variance");
        }
    }
    if (said)
        fputc('\n', stderr);
    keep_only(d, keep);
    free(keep);
    if (!bad && d->names.n == 0)
        fprintf(stderr, "attune fit: no statistic is left to fit: each is undefined for the "
                        "data or the same in every bootstrap resample of the %ld session%s (one "
                        "session, or sessions alike, give no variance)\n", d->sessions,
                d->sessions == 1 ? "" : "s");
    return bad || d->names.n == 0 ? CLI_USAGE : CLI_OK;
}

/* The coded files into one accumulator, each file's phases checked by
 * name and length at their lines in the same pass (cli_fit_phases.c), so
 * standard input is checked as a file is. */
static int read_coded(const fit_cli *o, const att_scenario *s, att_fitstats *acc)
{
    att_coded_opts co;
    int rc = cli_coded_options("fit", o->map, o->end, 0, &co);
    att_error err = { 0 };
    for (size_t i = 0; rc == CLI_OK && i < o->ndata; i++) {
        size_t before = att_fitstats_window_count(acc);
        fit_phases ph;
        fit_phases_start(&ph, s);
        if (att_fitstats_read_coded_with(acc, o->data[i], &co, &fit_phases_hooks, &ph, &err)
            != ATT_OK) {
            cli_print_error("fit", &err, o->data[i]);
            return cli_status(err.code);
        }
        rc = fit_phases_report(&ph, att_coded_name(o->data[i]));
        for (size_t w = before ? before : 1; rc == CLI_OK && w < att_fitstats_window_count(acc);
             w++)
            if (!fit_has_window(s, att_fitstats_window(acc, w)))
                rc = fit_no_phase(s, att_coded_name(o->data[i]), att_fitstats_window(acc, w));
    }
    return rc;
}

static int load_coded(const fit_cli *o, const att_scenario *s, unsigned long seed, fit_data *d)
{
    att_error err = { 0 };
    att_scheme *scheme = NULL;
    att_match_table *mt = cli_scheme_table(o->scheme, o->match_table, &scheme, &err);
    if (!mt && err.code == ATT_OK)
        mt = cli_match_table("attuned", &err);
    att_fitstats *acc = mt ? att_fitstats_new(mt, scheme, NULL, &err) : NULL;
    int rc = CLI_OK;
    if (!acc) {
        cli_print_error("fit", &err, NULL);
        rc = cli_status(err.code);
    }
    if (rc == CLI_OK)
        rc = read_coded(o, s, acc);
    if (rc == CLI_OK && o->stats
        && att_fitstat_names_parse(o->stats, &d->names, &err) != ATT_OK) {
        fprintf(stderr, "attune fit: --stats: %s\n", err.msg);
        rc = CLI_USAGE;
    }
    for (size_t k = 0; rc == CLI_OK && o->stats && k < d->names.n; k++) {
        char w[256];
        att_fitstat stat;
        int parsed = att_fitstat_parse(d->names.name[k], w, sizeof w, &stat, &err);
        assert(parsed == ATT_OK);   /* att_fitstat_names_parse took it */
        (void)parsed;
        rc = fit_check_window(s, "attune fit: --stats", w, stat);
    }
    att_fitstat_names dropped = { 0 };
    if (rc == CLI_OK && !o->stats
        && (o->population ? att_fitstats_default_names_sd(acc, &d->names, &dropped, &err)
                          : att_fitstats_default_names(acc, &d->names, &dropped, &err)) != ATT_OK)
        rc = cli_nomem("fit");
    int none = rc == CLI_OK && d->names.n == 0;   /* nothing to fit: say why, even with -q */
    for (size_t k = 0; rc == CLI_OK && (!o->quiet || none) && k < dropped.n; k++)
        fprintf(stderr, "%s %s%s", k ? "," : "attune fit: left out (undefined for the data):",
                dropped.name[k], k + 1 < dropped.n ? "" : "\n");
    att_fitstat_names_free(&dropped);
    d->sessions = acc ? (long)att_fitstats_sessions(acc) : 0;
    if (none) {
        char windows[512] = "";
        for (size_t w = 0; w < att_fitstats_window_count(acc); w++)
            snprintf(windows + strlen(windows), sizeof windows - strlen(windows), "%s%s",
                     w ? ", " : "", att_fitstats_window(acc, w));
        fprintf(stderr, "attune fit: no statistic is defined for the data (the sessions' "
                        "windows: %s; %s)\n", windows,
                att_fitstats_window_count(acc) <= 1 ? "without a phase column the sessions "
                                                      "are one window, all"
                                                    : "see the statistics left out above");
        rc = CLI_USAGE;
    }
    if (rc == CLI_OK)
        rc = values(o, acc, seed, d);
    att_fitstats_free(acc);
    att_match_table_free(mt);
    att_scheme_free(scheme);
    return rc;
}

/* A targets file: its statistics (or the --stats among them), values and
 * se^2; every phase must be the scenario's. */
static int load_targets(const fit_cli *o, const att_scenario *s, fit_data *d)
{
    att_error err = { 0 };
    att_targets *t = att_targets_load(o->data[0], &err);
    if (!t) {
        cli_print_error("fit", &err, o->data[0]);
        return cli_status(err.code);
    }
    int rc = CLI_OK;
    size_t n = att_targets_count(t);
    for (size_t i = 0; rc == CLI_OK && i < n; i++) {
        const att_target *g = att_targets_get(t, i);
        char where[1100];
        snprintf(where, sizeof where, "%s:%ld", o->data[0], g->line);
        rc = fit_check_window(s, where, g->window, g->stat);
    }
    att_fitstat_names want = { 0 };
    if (rc == CLI_OK && o->stats && att_fitstat_names_parse(o->stats, &want, &err) != ATT_OK) {
        fprintf(stderr, "attune fit: --stats: %s\n", err.msg);
        rc = CLI_USAGE;
    }
    d->observed = malloc((n + 1) * sizeof(double));
    d->var = malloc((n + 1) * sizeof(double));
    if (rc == CLI_OK && (!d->observed || !d->var))
        rc = cli_nomem("fit");
    for (size_t k = 0; rc == CLI_OK && o->stats && k < want.n; k++) {
        size_t i = 0;
        while (i < n && strcmp(att_targets_get(t, i)->name, want.name[k]) != 0)
            i++;
        if (i == n) {
            fprintf(stderr, "attune fit: --stats %s: not in the targets file %s\n", want.name[k],
                    o->data[0]);
            rc = CLI_USAGE;
        }
    }
    for (size_t i = 0; rc == CLI_OK && i < n; i++) {
        const att_target *g = att_targets_get(t, i);
        int wanted = !o->stats;
        for (size_t k = 0; !wanted && k < want.n; k++)
            wanted = strcmp(want.name[k], g->name) == 0;
        if (!wanted)
            continue;
        d->observed[d->names.n] = g->value;
        d->var[d->names.n] = g->se * g->se;
        if (add_name(&d->names, g->name))
            rc = cli_nomem("fit");
    }
    att_fitstat_names_free(&want);
    att_targets_free(t);
    d->sessions = 0;
    return rc;
}

int fit_data_load(const fit_cli *o, const att_scenario *s, unsigned long seed, fit_data *d)
{
    memset(d, 0, sizeof *d);
    att_error err = { 0 };
    int sniff = o->ndata == 1 ? att_targets_sniff(o->data[0], &err) : 0;
    if (sniff < 0) {
        cli_print_error("fit", &err, o->data[0]);
        return cli_status(err.code);
    }
    if (sniff == 0)
        for (size_t i = 1; i < o->ndata; i++)
            if (att_targets_sniff(o->data[i], &err) == 1) {
                fprintf(stderr, "attune fit: %s is a targets file: give it alone, without "
                        "coded sessions\n", o->data[i]);
                return CLI_USAGE;
            }
    return sniff ? load_targets(o, s, d) : load_coded(o, s, seed, d);
}

void fit_data_free(fit_data *d)
{
    att_fitstat_names_free(&d->names);
    free(d->observed);
    free(d->var);
    free(d->cov);
}
