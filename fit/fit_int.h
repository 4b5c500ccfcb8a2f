/* The fit's state, shared by fit/fit*.c (internal). */
#ifndef ATT_FIT_INT_H
#define ATT_FIT_INT_H

#include "attune/codes.h"
#include "attune/fit.h"
#include "attune/fitstats.h"

#pragma GCC visibility push(hidden)

struct att_fit {
    att_fit_opts o;           /* pointers below are the fit's own copies */
    att_fit_param *params;
    char **stats;
    double *observed, *var;   /* m_k and the weights' v_k */
    char **sets;              /* the user's sets, then one per free parameter */
    size_t nsets;
    att_fitstats *acc;        /* the simulated dyads of one evaluation */
    int infant_index[ATT_IC_COUNT], caregiver_index[ATT_CC_COUNT];
    long dyads_done;          /* simulated so far, for tick */
    /* the best point */
    double *best_x, *best_sim, best_J;
    long evals;
    int best_start, stopped, have_best;
    /* an evaluation's failure, kept for the optimiser's callback */
    att_error fail;
    int failed;
    double *scratch_x, *scratch_sim;
    /* the bootstrap (fit_boot.c) and the warnings (fit_diag.c) */
    double *boot_se, *boot_lo, *boot_hi;
    long boot_n, boot_used;
    double boot_j_p;          /* the J test against the replicates' J */
    struct { size_t param; const char *reason; } warn[6 * 64];
    size_t nwarn;
    /* the asymptotic se (fit_se.c): Omega, the covariance of m - s(theta0)
     * (K x K, fixed with the weights), and the se per parameter */
    double *omega, *se_asym;
    /* the inverted interval's ends (fit_ci.c): lower ends, then upper
     * ends (2 np); NaN where not inverted (the logit interval stands) */
    double *ci_asym;
    /* what is known of each end of the inverted interval when it is not
     * the one reported (ATT_FIT_CI_INVERTED 0): key i's lower end at 2 i,
     * upper at 2 i + 1, a reason ("... is unsettled") or NULL */
    const char *inv_note[2 * 64];
    /* the refits' spread (fit_resim.c): s_i, and the variance it adds to
     * the sandwich's (x units; 0 without resims) */
    double *se_resim, *resim_excess;
};

/* Simulates the dyads at x into f->acc and fills sim (nstats values). */
int att_fit_simulate(att_fit *f, const double *x, double *sim, att_error *err);

/* Refits the statistics `obs` (nstats values) from the estimate f->best_x
 * with the dyads of `seed` (one polished search, the starts' simplex, at
 * most max_evals evaluations): the point into x, its J into *J; the fit's
 * best point, seed and observed values unchanged after (fit_boot.c).
 * Errors as att_fit_objective; ATT_EIO "interrupted". */
int att_fit_refit(att_fit *f, unsigned long seed, double *obs, double *x, double *J,
                  att_error *err);

/* After the sandwich se (f->se_asym) and before the interval: the resims
 * refits (fit_resim.c; include/attune/fit.h, att_fit_asymptotic) into
 * f->se_resim, f->resim_excess and f->se_asym.  Errors as att_fit_refit. */
int att_fit_resim(att_fit *f, att_error *err);

/* Appends a warning row (fit_diag.c); past the room it is dropped. */
void att_fit_add_warning(att_fit *f, size_t param, const char *reason);

/* ATT_EINPUT unless every ATT_FIT_POP_MEAN parameter is followed by its
 * ATT_FIT_POP_SD (same KEY, sd bounds >= 0) and every SD follows its mean
 * (fit_pop.c). */
int att_fit_population_check(const att_fit_param *p, size_t n, att_error *err);

/* A step after the search (the bootstrap, the warnings, the asymptotic se)
 * that returned `rc`: when it was Ctrl-C (ATT_EIO with att_fit_opts'
 * interrupted set) and the search has a best point, that point stands:
 * sets f->stopped, clears err and returns ATT_OK.  Else returns rc (fit.c). */
int att_fit_keep_best_on_interrupt(att_fit *f, int rc, att_error *err);

/* The length of the scenario key a parameter sets: KEY of "KEY.mean" for a
 * population mean (fit_pop.c; the check above has vetted the suffix), the
 * whole name otherwise. */
size_t att_fit_scenario_key_len(const att_fit_param *p);

/* fit_se.c, for fit_ci.c: column i of G (K values, stride nparams) at the
 * point x (whose simulated statistics are sim_x), by att_fit_slope5 over
 * the five points of att_fit_se_step / att_fit_se_offset at x[i] (the
 * other keys at x); its residuals' cross-products added into T (K x K)
 * unless a slope is undefined (*undefined set).  `sim` scratch (10 K).
 * Errors as att_fit_simulate. */
int att_fit_se_column(att_fit *f, const double *x, const double *sim_x, size_t i, double *g,
                      double *T, double *sim, int *undefined, att_error *err);
/* The sandwich (p x p, into var) from G (K x p) and the summed roughness
 * T (K x K): Omega + T / (2 p) into omt (K x K scratch), then
 * att_fit_sandwich with the weights.  Errors as att_fit_sandwich. */
int att_fit_se_variance(const att_fit *f, const double *G, const double *T, double *omt,
                        double *var, int *singular, int *flat, att_error *err);
/* fit_ci.c: the inverted 95 % interval of every key with a finite se and
 * an estimate strictly inside its bounds into f->ci_asym, from the
 * Jacobian G (K x p) and each key's roughness Ti (p of K x K) at the
 * estimate, the other keys on the ridge of H = G'WG (fit_ci_ridge.c;
 * docs/FIT.md, "Uncertainty and diagnostics").  An end cut at a
 * bound adds the warning "the asymptotic interval reaches a bound" when
 * the inverted interval is the one reported (ATT_FIT_CI_INVERTED) and the
 * key has none of it, ATT_FIT_WARN_LOW_BOUND and ATT_FIT_WARN_HIGH_BOUND.
 * Errors as att_fit_simulate (ATT_EIO "interrupted": the ends not yet
 * found stay NaN, so the logit ones are written). */
int att_fit_ci_inverted(att_fit *f, const double *G, const double *Ti, att_error *err);

#pragma GCC visibility pop

#endif
