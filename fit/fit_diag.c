/* The fit's diagnostics: the J test of the over-identifying restrictions
 * and the identification warnings (docs/FIT.md, "Uncertainty and
 * diagnostics"). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "fit/fit_int.h"

void att_fit_add_warning(att_fit *f, size_t param, const char *reason)
{
    if (f->nwarn < sizeof f->warn / sizeof f->warn[0]) {
        f->warn[f->nwarn].param = param;
        f->warn[f->nwarn].reason = reason;
        f->nwarn++;
    }
}

/* The largest change of J over x_i -+ 10 % of the range (within bounds). */
static int flat_change(att_fit *f, size_t i, double *change, att_error *err)
{
    const att_fit_param *p = &f->params[i];
    double x[64], h = 0.1 * (p->hi - p->lo);
    *change = 0;
    for (int side = -1; side <= 1; side += 2) {
        for (size_t j = 0; j < f->o.nparams; j++)
            x[j] = f->best_x[j];
        x[i] = fmin(p->hi, fmax(p->lo, x[i] + side * h));
        double J;
        int rc = att_fit_objective(f, x, &J, NULL, err);
        if (rc != ATT_OK)
            return rc;
        *change = fmax(*change, fabs(J - f->best_J));
    }
    return ATT_OK;
}

int att_fit_diagnose(att_fit *f, att_error *err)
{
    f->nwarn = 0;
    for (size_t i = 0; i < f->o.nparams; i++) {
        const att_fit_param *p = &f->params[i];
        double range = p->hi - p->lo, change;
        int rc = flat_change(f, i, &change, err);
        if (rc != ATT_OK)
            return att_fit_keep_best_on_interrupt(f, rc, err);
        if (change < ATT_FIT_FLAT_TOL)
            att_fit_add_warning(f, i, "flat: J changes by less than 1 over +-10% of the range");
        if (f->boot_used < 2)
            continue;
        if (f->boot_lo[i] <= p->lo + 1e-3 * range || f->boot_hi[i] >= p->hi - 1e-3 * range)
            att_fit_add_warning(f, i, "the bootstrap interval reaches a bound");
        if (f->boot_se[i] > range / 4)
            att_fit_add_warning(f, i, "the bootstrap se exceeds a quarter of the range");
    }
    return ATT_OK;
}

double att_fit_se(const att_fit *f, size_t i) { return f->boot_used >= 2 ? f->boot_se[i] : NAN; }
double att_fit_ci_lo(const att_fit *f, size_t i)
{
    return f->boot_used >= 2 ? f->boot_lo[i] : NAN;
}
double att_fit_ci_hi(const att_fit *f, size_t i)
{
    return f->boot_used >= 2 ? f->boot_hi[i] : NAN;
}
long att_fit_boot_count(const att_fit *f) { return f->boot_n; }
long att_fit_boot_used(const att_fit *f) { return f->boot_used; }
double att_fit_j_df(const att_fit *f) { return (double)f->o.nstats - (double)f->o.nparams; }
double att_fit_j_p(const att_fit *f)
{
    double df = att_fit_j_df(f);
    return df > 0 && isfinite(f->best_J) ? gsl_cdf_chisq_Q(f->best_J, df) : NAN;
}
double att_fit_j_p_boot(const att_fit *f) { return f->boot_j_p; }
size_t att_fit_warning_count(const att_fit *f) { return f->nwarn; }
const char *att_fit_warning_param(const att_fit *f, size_t i)
{
    return i < f->nwarn ? f->params[f->warn[i].param].key : NULL;
}
const char *att_fit_warning_reason(const att_fit *f, size_t i)
{
    return i < f->nwarn ? f->warn[i].reason : NULL;
}
