/* One evaluation of the fit's objective: the scenario loaded with the
 * point's values as --set overrides, N dyads simulated on threads (att_exec)
 * with the same seeds at every point, coded as an observer would (every
 * step, or the first step of each --code-interval), fed in dyad order to
 * the statistics accumulator, and the weighted distance J. */
#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/exec.h"
#include "attune/sim.h"
#include "base/seed.h"
#include "fit/fit_int.h"

/* A step as the accumulator needs it; phase -1 ends a session at t. */
struct row {
    double t;
    int phase, infant, caregiver, matched;
};

struct eval {
    att_fit *f;
    const att_scenario *s;
    long every;   /* steps per coded interval: a step is kept when index % every == 0 */
};

long att_fit_code_steps(double interval, double dt, att_error *err)
{
    double r = interval / dt;
    if (!(interval > 0) || !(dt > 0) || !isfinite(r) || r > 1e9 || llround(r) < 1
        || fabs(r - (double)llround(r)) > 1e-9 * r) {
        att_error_set(err, ATT_EINPUT, "--code-interval %g: must be a positive whole multiple "
                      "of the scenario's step dt = %g s", interval, dt);
        return 0;
    }
    return (long)llround(r);
}

/* Appends a row unless it repeats the previous one (a coded file's change
 * points: the scores are the same, docs/FIT.md). */
static int add_row(att_buf *out, const struct row *r, struct row *last, att_error *err)
{
    if (last->phase == r->phase && last->infant == r->infant
        && last->caregiver == r->caregiver && last->matched == r->matched)
        return ATT_OK;
    *last = *r;
    return att_buf_add(out, (const char *)r, sizeof *r, err);
}

/* Dyad `item`: every session's steps, as rows, into `out`. */
static int compute(void *user, long item, att_buf *out, att_error *err)
{
    const struct eval *ev = user;
    const att_fit *f = ev->f;
    out->len = 0;
    att_sim *sim = att_sim_new(ev->s, f->o.mt, att_seed_path(f->o.seed, "fit", item), item + 1,
                               err);
    if (!sim)
        return err->code;
    int rc = ATT_OK, more;
    att_step st;
    do {
        struct row last = { 0, -2, 0, 0, 0 };
        double end = 0, dt = att_scenario_dt(ev->s);
        while (rc == ATT_OK && (more = att_sim_next(sim, &st, err)) > 0) {
            struct row r = { st.t, st.phase, f->infant_index[st.infant_code],
                             f->caregiver_index[st.caregiver_code], st.matched };
            end = st.t + dt;
            if (st.index % ev->every == 0)   /* the observer's grid (docs/FIT.md) */
                rc = add_row(out, &r, &last, err);
        }
        if (rc == ATT_OK && more < 0)
            rc = err->code;
        struct row stop = { end, -1, 0, 0, 0 };
        if (rc == ATT_OK)
            rc = att_buf_add(out, (const char *)&stop, sizeof stop, err);
    } while (rc == ATT_OK && (more = att_sim_next_session(sim, err)) > 0);
    if (rc == ATT_OK && more < 0)
        rc = err->code;
    att_sim_free(sim);
    return rc;
}

/* Feeds dyad `item`'s sessions to the accumulator, in order. */
static int take(void *user, long item, const att_buf *out, att_error *err)
{
    const struct eval *ev = user;
    att_fit *f = ev->f;
    const struct row *r = (const struct row *)out->data;
    size_t n = out->len / sizeof *r;
    char name[32];
    snprintf(name, sizeof name, "%ld", item + 1);
    int open = 0, rc = ATT_OK;
    for (size_t i = 0; i < n && rc == ATT_OK; i++) {
        if (!open && (rc = att_fitstats_begin(f->acc, name, err)) != ATT_OK)
            break;
        open = 1;
        if (r[i].phase < 0) {
            rc = att_fitstats_end(f->acc, r[i].t, err);
            open = 0;
            continue;
        }
        att_score_step st = { r[i].t, att_scenario_phase(ev->s, (size_t)r[i].phase)->name,
                              r[i].infant, r[i].caregiver, r[i].matched, NAN };
        rc = att_fitstats_push(f->acc, &st, err);
    }
    assert(rc != ATT_OK || !open);
    return rc;
}

static void tick(void *user, long taken)
{
    const struct eval *ev = user;
    if (ev->f->o.tick)
        ev->f->o.tick(ev->f->o.user, ev->f->dyads_done + taken);
}

/* The overrides of point x after the user's sets: "KEY=%.17g", or for a
 * population key "KEY=normal(MEAN, SD)" (an sd of 0 as the least positive
 * double, so the draws use the same random numbers); their count to *n. */
static int point_sets(att_fit *f, const double *x, size_t *n, att_error *err)
{
    *n = f->o.nsets;
    for (size_t i = 0; i < f->o.nparams; i++) {
        const att_fit_param *p = &f->params[i];
        if (p->population == ATT_FIT_POP_SD)
            continue;
        char *set = f->sets[(*n)++];
        size_t cap = ATT_FIT_KEY_MAX + 80;
        int len = p->population == ATT_FIT_POP_MEAN
                      ? snprintf(set, cap, "%.*s=normal(%.17g, %.17g)",
                                 (int)att_fit_scenario_key_len(p), p->key, x[i], fmax(x[i + 1], DBL_MIN))
                      : snprintf(set, cap, "%s=%.17g", p->key, x[i]);
        if (len < 0 || (size_t)len >= cap)
            return att_error_set(err, ATT_EINTERNAL, "--free %s: key too long", p->key);
    }
    return ATT_OK;
}

int att_fit_simulate(att_fit *f, const double *x, double *sim, att_error *err)
{
    size_t nsets;
    if (point_sets(f, x, &nsets, err) != ATT_OK)
        return err->code;
    att_scenario *s = att_scenario_load(f->o.scenario, (const char *const *)f->sets, nsets,
                                        err);
    if (!s)
        return err->code;
    struct eval ev = { f, s, 1 };
    if (f->o.code_interval != 0
        && !(ev.every = att_fit_code_steps(f->o.code_interval, att_scenario_dt(s), err))) {
        att_scenario_free(s);
        return err->code;
    }
    att_exec ex = { .lo = 0, .hi = f->o.dyads, .threads = f->o.threads, .compute = compute,
                    .take = take, .tick = tick, .interrupted = f->o.interrupted, .user = &ev };
    att_fitstats_clear(f->acc);
    int rc = att_exec_run(&ex, err);
    if (rc == ATT_OK) {
        f->dyads_done += f->o.dyads;
        rc = att_fitstats_vector(f->acc, (const char *const *)f->stats, f->o.nstats, sim, err);
    }
    att_scenario_free(s);
    return rc;
}

int att_fit_objective(att_fit *f, const double *x, double *J, double *sim, att_error *err)
{
    double *s = sim ? sim : f->scratch_sim;
    int rc = att_fit_simulate(f, x, s, err);
    if (rc != ATT_OK)
        return rc;
    double sum = 0;
    for (size_t k = 0; k < f->o.nstats; k++) {
        double d = f->observed[k] - s[k];
        sum += isfinite(d) ? d * d / f->var[k] : ATT_FIT_PENALTY;
    }
    *J = sum;
    return ATT_OK;
}
