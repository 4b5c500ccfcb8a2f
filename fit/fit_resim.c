/* The simulation's share of the fit's se, measured rather than predicted:
 * refits of the data from the estimate with fresh simulated dyads, whose
 * spread replaces the sandwich's prediction of it where larger.  Common
 * random numbers make J a fine staircase in the parameters, and the point
 * the search settles on moves with the dyads more than a smooth J would
 * let it (docs/FIT.md, "Uncertainty and diagnostics"). */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_statistics_double.h>
#include "base/seed.h"
#include "fit/fit_int.h"

int att_fit_resim(att_fit *f, att_error *err)
{
    size_t np = f->o.nparams;
    long R = f->o.resims;
    for (size_t i = 0; i < np; i++)
        f->se_resim[i] = NAN, f->resim_excess[i] = 0;
    if (R < 1 || f->o.max_evals == 0)   /* --max-evals 0: no search to repeat */
        return ATT_OK;
    /* rows of np: the fit's estimate, then the refits' */
    double *est = malloc((size_t)(R + 1) * np * sizeof *est);
    double *col = malloc((size_t)(R + 1) * sizeof *col);
    int rc = est && col ? ATT_OK : att_error_nomem(err);
    for (size_t i = 0; rc == ATT_OK && i < np; i++)
        est[i] = f->best_x[i];
    for (long r = 1; rc == ATT_OK && r <= R; r++) {
        double J;
        rc = att_fit_refit(f, att_seed_path(f->o.seed, "resim", (unsigned long)r), f->observed,
                           est + (size_t)r * np, &J, err);
    }
    /* the sandwich's own share of the simulation: Omega's (1 + N_obs /
     * N_sim) factor; a targets file's Omega has none to take out */
    double ratio = f->o.sessions > 0 ? (double)f->o.sessions / (double)f->o.dyads : 0;
    double c = ratio / (1 + ratio);
    for (size_t i = 0; rc == ATT_OK && i < np; i++) {
        for (long r = 0; r <= R; r++)
            col[r] = est[(size_t)r * np + i];
        double s = gsl_stats_sd(col, 1, (size_t)R + 1), se = f->se_asym[i];
        f->se_resim[i] = s;
        if (!isfinite(se))
            continue;
        f->resim_excess[i] = fmax(0, s * s - c * se * se);
        f->se_asym[i] = sqrt(se * se + f->resim_excess[i]);
    }
    if (rc == ATT_EIO && f->o.interrupted && f->o.interrupted())
        for (size_t i = 0; i < np; i++)
            att_fit_add_warning(f, i, "interrupted: the se leaves out the refits' spread");
    free(est);
    free(col);
    return rc;
}

double att_fit_se_resim(const att_fit *f, size_t i) { return f->se_resim[i]; }
