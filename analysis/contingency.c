/* Time-window sequential analysis: an online 2x2 tally of "target within S
 * seconds of a given code's onset" (definitions in attune/contingency.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/contingency.h"
#include "attune/tally.h"

struct att_contingency {
    att_contingency_spec spec;
    long long window_us;  /* S in whole microseconds */
    int open;             /* a run is open */
    int have_row;         /* the run has had a row */
    int prev_given_code;  /* given-side code of the previous row */
    long long prev_us;    /* t of the previous row, us */
    int have_onset;
    long long onset_us;   /* the latest onset of the given code, us */
    long onsets;
    att_2x2 run, pooled;
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
    if (!(isfinite(spec->window) && spec->window > 0)) {
        att_error_set(err, ATT_EINPUT, "the window must be a number of seconds > 0, not %g",
                      spec->window);
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
    att_contingency *c = calloc(1, sizeof *c);
    if (!c) {
        att_error_nomem(err);
        return NULL;
    }
    c->spec = *spec;
    c->window_us = window_us;
    return c;
}

void att_contingency_free(att_contingency *c)
{
    free(c);
}

void att_contingency_begin_run(att_contingency *c)
{
    att_contingency_end_run(c);
    c->open = 1;
    c->have_row = 0;
    c->have_onset = 0;
    c->onsets = 0;
    c->run = (att_2x2){ 0, 0, 0, 0 };
}

int att_contingency_push(att_contingency *c, double t, int infant, int caregiver,
                         att_error *err)
{
    if (!c->open)
        return att_error_set(err, ATT_EINPUT, "a row outside a run");
    long long t_us = att_us(t);
    if (c->have_row && !(t_us > c->prev_us))
        return att_error_set(err, ATT_EINPUT, "t %.9g does not increase", t);
    const att_contingency_spec *s = &c->spec;
    int given_code = s->given_who == ATT_INFANT ? infant : caregiver;
    int target_code = s->target_who == ATT_INFANT ? infant : caregiver;
    if (given_code == s->given_code && (!c->have_row || c->prev_given_code != s->given_code)) {
        c->have_onset = 1;
        c->onset_us = t_us;
        c->onsets++;
    }
    /* t >= onset always holds: onsets are rows of this run, in time order. */
    int given = c->have_onset && t_us - c->onset_us < c->window_us;
    int target = target_code == s->target_code;
    long *cell = given ? (target ? &c->run.a : &c->run.b) : (target ? &c->run.c : &c->run.d);
    (*cell)++;
    c->prev_given_code = given_code;
    c->prev_us = t_us;
    c->have_row = 1;
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
