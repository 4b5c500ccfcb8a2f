/* Time-window sequential analysis: an online 2x2 tally of "target within S
 * seconds of a given code's onset" (definitions in attune/contingency.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/contingency.h"
#include "attune/scheme.h"
#include "attune/tally.h"
#include "analysis/grid.h"

struct att_contingency {
    att_contingency_spec spec;
    long long window_us;  /* S in whole microseconds */
    long long unit_us;    /* the grid's unit, us; 0: each row is a unit */
    int open;             /* a run is open */
    int have_row;         /* the run has had a row */
    long long prev_us;    /* t of the previous row, us */
    int row_infant, row_caregiver;  /* codes of the previous row (grid) */
    long long t0_us;      /* the run's first t (grid) */
    long long next_unit;  /* the first unit not yet tallied (grid) */
    int have_unit;        /* the run has had a unit tallied */
    int prev_given_code;  /* given-side code of the previous unit */
    int have_onset;
    long long onset_us;   /* the latest onset of the given code, us */
    long onsets;
    att_2x2 run, pooled;
    unsigned char *gap[2];  /* by att_partner and code: 1 for an unscorable code;
                               NULL without a scheme */
    int ncodes[2];          /* the table's codes, under a scheme */
};

const char *att_partner_name(att_partner p)
{
    return p == ATT_INFANT ? "infant" : "caregiver";
}

int att_partner_parse(const char *name, att_partner *out)
{
    if (strcmp(name, "infant") == 0)
        *out = ATT_INFANT;
    else if (strcmp(name, "caregiver") == 0)
        *out = ATT_CAREGIVER;
    else
        return -1;
    return 0;
}

att_contingency *att_contingency_new(const att_contingency_spec *spec, att_error *err)
{
    if (!(isfinite(spec->window) && spec->window > 0 && spec->window <= ATT_CONTINGENCY_WINDOW_MAX)) {
        att_error_set(err, ATT_EINPUT, "the window must be a number of seconds > 0 and at most "
                      "%g, not %g", ATT_CONTINGENCY_WINDOW_MAX, spec->window);
        return NULL;
    }
    if (spec->given_code < 0 || spec->target_code < 0) {
        att_error_set(err, ATT_EINPUT, "a code index is negative");
        return NULL;
    }
    long long window_us = att_us(spec->window);
    if (window_us < 1) {
        att_error_set(err, ATT_EINPUT, "the window %g s is shorter than the time resolution "
                      "(1 us)", spec->window);
        return NULL;
    }
    long long unit_us = spec->unit != 0 ? att_us(spec->unit) : 0;
    if (spec->unit != 0 && !(isfinite(spec->unit) && spec->unit > 0 && spec->unit <= 1e6)) {
        att_error_set(err, ATT_EINPUT, "the unit must be a number of seconds > 0 and at most "
                      "1e6, not %g", spec->unit);
        return NULL;
    }
    if (spec->unit != 0 && unit_us < 1) {
        att_error_set(err, ATT_EINPUT, "the unit %g s is shorter than the time resolution "
                      "(1 us)", spec->unit);
        return NULL;
    }
    att_contingency *c = calloc(1, sizeof *c);
    if (!c) {
        att_error_nomem(err);
        return NULL;
    }
    c->spec = *spec;
    c->window_us = window_us;
    c->unit_us = unit_us;
    return c;
}

void att_contingency_free(att_contingency *c)
{
    if (!c)
        return;
    free(c->gap[0]);
    free(c->gap[1]);
    free(c);
}

int att_contingency_set_scheme(att_contingency *c, const att_match_table *mt,
                               const att_scheme *s, att_error *err)
{
    int n[2] = { att_match_table_infant_count(mt), att_match_table_caregiver_count(mt) };
    unsigned char *gap[2] = { NULL, NULL };
    int rc = att_scheme_table_gaps(s, mt, ATT_INFANT, &gap[0], err);
    if (rc == ATT_OK)
        rc = att_scheme_table_gaps(s, mt, ATT_CAREGIVER, &gap[1], err);
    /* the given or target code unscorable: its units are never counted */
    const att_partner who[2] = { c->spec.given_who, c->spec.target_who };
    const int code[2] = { c->spec.given_code, c->spec.target_code };
    for (int k = 0; rc == ATT_OK && k < 2; k++) {
        if (code[k] >= n[who[k]])
            rc = att_error_set(err, ATT_EINPUT, "the %s code index %d is outside the table",
                               k ? "target" : "given", code[k]);
        else if (gap[who[k]][code[k]])
            rc = att_error_set(err, ATT_EINPUT, "%s code '%s' is unscorable in scheme %s, so "
                               "it cannot be the %s code: unscorable stretches are gaps, in "
                               "no cell of the table", att_partner_name(who[k]),
                               who[k] == ATT_INFANT ? att_match_table_infant_name(mt, code[k])
                                                    : att_match_table_caregiver_name(mt, code[k]),
                               att_scheme_path(s), k ? "target" : "given");
    }
    if (rc != ATT_OK) {
        free(gap[0]);
        free(gap[1]);
        return rc;
    }
    for (int p = 0; p < 2; p++) {
        free(c->gap[p]);
        c->gap[p] = gap[p];
        c->ncodes[p] = n[p];
    }
    return ATT_OK;
}

void att_contingency_begin_run(att_contingency *c)
{
    att_contingency_end_run(c);
    c->open = 1;
    c->have_row = 0;
    c->have_unit = 0;
    c->next_unit = 0;
    c->have_onset = 0;
    c->onsets = 0;
    c->run = (att_2x2){ 0, 0, 0, 0 };
}

/* Tallies one unit starting at t_us (us) with these codes. */
static void tally(att_contingency *c, long long t_us, int infant, int caregiver)
{
    const att_contingency_spec *s = &c->spec;
    if (c->gap[0] && (c->gap[0][infant] || c->gap[1][caregiver])) {
        c->have_unit = 0;     /* afresh after the gap, as at the run's first unit */
        c->have_onset = 0;    /* and no window reaches past it */
        return;
    }
    int given_code = s->given_who == ATT_INFANT ? infant : caregiver;
    int target_code = s->target_who == ATT_INFANT ? infant : caregiver;
    if (given_code == s->given_code && (!c->have_unit || c->prev_given_code != s->given_code)) {
        c->have_onset = 1;
        c->onset_us = t_us;
        c->onsets++;
    }
    /* t >= onset always holds: onsets are units of this run, in time order. */
    int given = c->have_onset && t_us - c->onset_us < c->window_us;
    int target = target_code == s->target_code;
    long *cell = given ? (target ? &c->run.a : &c->run.b) : (target ? &c->run.c : &c->run.d);
    (*cell)++;
    c->prev_given_code = given_code;
    c->have_unit = 1;
}

/* On the grid: tallies the units starting before at_us with the previous
 * row's codes. */
static int tally_units(att_contingency *c, long long at_us, att_error *err)
{
    long long end = att_grid_units(c->t0_us, at_us, c->unit_us);
    if (end > ATT_CONTINGENCY_MAX_UNITS)
        return att_error_set(err, ATT_EINPUT, "the run is longer than %ld units of %.6g s; "
                             "use a longer unit", ATT_CONTINGENCY_MAX_UNITS,
                             (double)c->unit_us / 1e6);
    for (; c->next_unit < end; c->next_unit++)
        tally(c, c->t0_us + c->next_unit * c->unit_us, c->row_infant, c->row_caregiver);
    return ATT_OK;
}

int att_contingency_push(att_contingency *c, double t, int infant, int caregiver,
                         att_error *err)
{
    if (!c->open)
        return att_error_set(err, ATT_EINPUT, "a row outside a run");
    long long t_us = att_us(t);
    if (c->have_row && !(t_us > c->prev_us))
        return att_error_set(err, ATT_EINPUT, "t %.9g does not increase", t);
    if (c->gap[0] && (infant < 0 || infant >= c->ncodes[0] || caregiver < 0
                      || caregiver >= c->ncodes[1]))
        return att_error_set(err, ATT_EINPUT, "a code index outside the match table");
    if (!c->unit_us) {
        tally(c, t_us, infant, caregiver);
    } else if (!c->have_row) {
        c->t0_us = t_us;
    } else if (tally_units(c, t_us, err) != ATT_OK) {
        return err->code;
    }
    c->row_infant = infant;
    c->row_caregiver = caregiver;
    c->prev_us = t_us;
    c->have_row = 1;
    return ATT_OK;
}

int att_contingency_end_run_at(att_contingency *c, double t_end, att_error *err)
{
    if (c->open && c->unit_us && c->have_row) {
        long long end_us = att_us(t_end);
        if (end_us < c->prev_us)
            return att_error_set(err, ATT_EINPUT, "the run ends at %.9g, before its last row "
                                 "(t %.9g)", t_end, (double)c->prev_us / 1e6);
        if (tally_units(c, end_us, err) != ATT_OK)
            return err->code;
    }
    att_contingency_end_run(c);
    return ATT_OK;
}

void att_contingency_end_run(att_contingency *c)
{
    if (!c->open)
        return;
    c->open = 0;
    c->pooled.a += c->run.a;
    c->pooled.b += c->run.b;
    c->pooled.c += c->run.c;
    c->pooled.d += c->run.d;
}

att_2x2 att_contingency_run_table(const att_contingency *c)
{
    return c->run;
}

att_2x2 att_contingency_pooled(const att_contingency *c)
{
    return c->pooled;
}

long att_contingency_run_onsets(const att_contingency *c)
{
    return c->onsets;
}

att_2x2_stats att_2x2_summarise(att_2x2 t)
{
    return (att_2x2_stats){ .yule_q = att_yule_q(t), .yule_q_se = att_yule_q_se(t),
                            .odds_ratio = att_odds_ratio(t),
                            .adjusted_residual = att_adjusted_residual(t) };
}
