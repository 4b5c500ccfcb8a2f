/* attune fit: the data's phases against the scenario's.  By name: every
 * window of the data ("all" or a phase) must be a phase of the scenario.
 * By length, for coded sessions: the fit compares the sessions' statistics
 * with dyads simulated for the scenario's phases, so a session whose phase
 * lasts a third of the simulated one (40-s sessions against 120-s phases)
 * compares unlike with unlike.  Either is refused at the line where the
 * phase begins, with what would make the scenario match (docs/FIT.md,
 * "Phases and data"). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/fitstats.h"
#include "attune/scenario.h"
#include "cli/cli.h"
#include "cli/cli_fit.h"

/* The phase of `s` named `name`, or NULL. */
static const att_phase *phase_named(const att_scenario *s, const char *name)
{
    for (size_t i = 0; i < att_scenario_phase_count(s); i++)
        if (strcmp(att_scenario_phase(s, i)->name, name) == 0)
            return att_scenario_phase(s, i);
    return NULL;
}

int fit_has_window(const att_scenario *s, const char *w)
{
    return strcmp(w, ATT_SCORE_ALL) == 0 || phase_named(s, w) != NULL;
}

int fit_no_phase(const att_scenario *s, const char *where, const char *w)
{
    char list[512] = "";
    for (size_t i = 0; i < att_scenario_phase_count(s); i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                 att_scenario_phase(s, i)->name);
    fprintf(stderr, "%s: phase '%s' is not a phase of %s (its phases: %s)\n", where, w,
            att_scenario_path(s), list);
    return CLI_USAGE;
}

int fit_check_window(const att_scenario *s, const char *where, const char *w, att_fitstat stat)
{
    char a[256], b[256];
    if (att_fitstat_is_contrast(stat) && att_fitstat_contrast_split(w, a, b, sizeof a) == ATT_OK) {
        if (!fit_has_window(s, a))
            return fit_no_phase(s, where, a);
        return fit_has_window(s, b) ? CLI_OK : fit_no_phase(s, where, b);
    }
    return fit_has_window(s, w) ? CLI_OK : fit_no_phase(s, where, w);
}

/* The open phase ends at t: judged against the scenario's length. */
static void close_phase(fit_phases *c, double t)
{
    if (!c->open)
        return;
    c->open = 0;
    double want = phase_named(c->s, c->phase)->duration, span = t - c->t0;
    if (c->bad_line || !isfinite(span))
        return;
    if (span < want * FIT_PHASE_SHORTEST || span > want * FIT_PHASE_LONGEST) {
        snprintf(c->bad_phase, sizeof c->bad_phase, "%s", c->phase);
        c->bad_line = c->line, c->bad_span = span, c->bad_want = want;
    }
}

static int on_begin(void *user, const char *run, att_error *err)
{
    (void)run, (void)err;
    ((fit_phases *)user)->open = 0;
    return ATT_OK;
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    (void)err;
    fit_phases *c = user;
    if (row->phase[0] == '\0')
        return ATT_OK;   /* no phase column: the sessions are windows `all` */
    if (c->open && strcmp(row->phase, c->phase) == 0)
        return ATT_OK;
    close_phase(c, row->t);
    if (!phase_named(c->s, row->phase)) {
        if (!c->unknown_line) {
            snprintf(c->unknown, sizeof c->unknown, "%s", row->phase);
            c->unknown_line = row->line;
        }
        return ATT_OK;
    }
    snprintf(c->phase, sizeof c->phase, "%s", row->phase);
    c->line = row->line, c->t0 = row->t, c->open = 1;
    return ATT_OK;
}

static int on_end(void *user, double t_end, att_error *err)
{
    (void)err;
    close_phase(user, t_end);
    return ATT_OK;
}

const att_coded_hooks fit_phases_hooks = { on_begin, on_row, on_end };

void fit_phases_start(fit_phases *c, const att_scenario *s)
{
    memset(c, 0, sizeof *c);
    c->s = s;
}

int fit_phases_report(const fit_phases *c, const char *name)
{
    const att_scenario *s = c->s;
    char where[4096];
    if (c->unknown_line) {
        snprintf(where, sizeof where, "%s:%ld", name, c->unknown_line);
        return fit_no_phase(s, where, c->unknown);
    }
    if (!c->bad_line)
        return CLI_OK;
    fprintf(stderr,
            "%s:%ld: phase '%s' lasts %g s in this session, the scenario's %g s (%s): the "
            "simulated dyads would not be comparable (a session's phase may last %.3g to %.3g "
            "times the scenario's; set the scenario's to the sessions' length, e.g. --set "
            "phase.%s.duration=%g)\n",
            name, c->bad_line, c->bad_phase, c->bad_span, c->bad_want, att_scenario_path(s),
            FIT_PHASE_SHORTEST, FIT_PHASE_LONGEST, c->bad_phase, c->bad_span);
    return CLI_USAGE;
}
