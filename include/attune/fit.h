/* Fitting a scenario's parameters to observed sessions or published
 * figures: the simulated method of moments of `attune fit` (docs/FIT.md,
 * "Method").
 *
 * The free parameters are scenario keys with bounds.  An evaluation at a
 * point theta loads the scenario with theta's values as --set overrides,
 * simulates N dyads (each the scenario's whole timeline, with its own
 * population draws) seeded from the fit's seed and the dyad's index alone
 * (common random numbers: every evaluation simulates the same dyads), feeds
 * them to an att_fitstats accumulator and measures the distance
 *     J(theta) = sum_k (m_k - s_k(theta))^2 / v_k
 * between the observed statistics m_k and the simulated ones s_k.  The
 * optimiser works on the real line: u = logit((x - lo) / (hi - lo)), GSL's
 * Nelder-Mead (nmsimplex2) from several starts, the best point kept.  The
 * dyads of an evaluation run on threads (att_exec) and are fed in dyad
 * order, so the numbers are the same for any number of threads. */
#ifndef ATT_FIT_H
#define ATT_FIT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include <stdio.h>
#include "attune/buf.h"
#include "attune/error.h"
#include "attune/match.h"
#include "attune/scenario.h"

#define ATT_FIT_KEY_MAX 160
/* |u| is kept within this on the real line: a point on a bound maps here. */
#define ATT_FIT_U_MAX 12.0
/* What an undefined simulated statistic adds to J (docs/FIT.md). */
#define ATT_FIT_PENALTY 1e6

/* ---- Free parameters ---- */

typedef struct att_fit_param {
    char key[ATT_FIT_KEY_MAX];  /* "infant.KEY", "caregiver.KEY" or "phase.NAME.KEY" */
    double lo, hi;              /* bounds, lo < hi, inside the key's valid range */
    double value;               /* the scenario's value, lo <= value <= hi */
    int population;             /* ATT_FIT_POP_*: 0 for a --free key */
} att_fit_param;

/* A --population key is two parameters, adjacent: "KEY.mean" (population
 * ATT_FIT_POP_MEAN) then "KEY.sd" (ATT_FIT_POP_SD); an evaluation sets KEY
 * to normal(mean, sd), drawn per dyad (docs/FIT.md, "Population"). */
#define ATT_FIT_POP_MEAN 1
#define ATT_FIT_POP_SD 2

/* Parses one --free item, "SECTION.KEY" or "SECTION.KEY=LO:HI", against
 * scenario `s` into *out.  Without bounds they are the key's valid range
 * (`attune keys`).  The scenario's value of caregiver.KEY is that of the
 * first phase whose policy reads the key.  ATT_EINPUT with "--free SPEC:
 * what is wrong" for: a section other than infant, caregiver or
 * phase.NAME; an unknown key or phase (with a did-you-mean); a key that is
 * not a number (policy, preset); a key no phase's policy reads (it changes
 * nothing); bounds that are not numbers, reversed or equal, outside the
 * key's range, or that exclude the scenario's value. */
int att_fit_param_parse(const att_scenario *s, const char *spec, att_fit_param *out,
                        att_error *err);

/* Parses one --population item, "SECTION.KEY", "SECTION.KEY=LO:HI" or
 * "SECTION.KEY=LO:HI:SDLO:SDHI" (SECTION infant or caregiver), against
 * scenario `s` into out[0] (KEY.mean: bounds LO:HI, default the key's
 * range; start the scenario's value, the mean of its distribution when the
 * scenario draws it) and out[1] (KEY.sd: bounds SDLO:SDHI, default 0 and
 * (HI - LO) / 2; start the sd of the scenario's normal distribution of the
 * key, else (HI - LO) / 10, kept inside the bounds).  ATT_EINPUT with
 * "--population SPEC: what is wrong" for what att_fit_param_parse refuses,
 * a phase.NAME key, not two or four numbers, sd bounds below 0, reversed
 * or equal. */
int att_fit_population_parse(const att_scenario *s, const char *spec, att_fit_param out[2],
                             att_error *err);

/* 1 when scenario `s` draws `key` ("infant.KEY", "caregiver.KEY") per dyad
 * from a distribution, written into dist (size bytes, e.g. "normal(8,
 * 1)"); else 0 and dist "".  A --free key so drawn would replace the draw
 * by one value for every dyad: `attune fit` refuses it (--population fits
 * a drawn key's mean and spread). */
int att_fit_param_drawn(const att_scenario *s, const char *key, char *dist, size_t size);

/* The map to the real line and back: u = logit((x - lo) / (hi - lo)),
 * clamped to [-ATT_FIT_U_MAX, ATT_FIT_U_MAX]; x = lo + (hi - lo) / (1 +
 * exp(-u)).  lo < hi. */
double att_fit_to_line(double x, double lo, double hi);
double att_fit_from_line(double u, double lo, double hi);

/* ---- The optimiser ---- */

/* A function of n reals to minimise; a non-finite value is an error. */
typedef double (*att_fit_fn)(void *user, const double *u);

typedef struct att_fit_nm {
    size_t n;              /* dimensions, >= 1 */
    double step;           /* the initial simplex's step along each axis, > 0 */
    long max_evals;        /* stop after this many evaluations (>= 1) */
    double tol;            /* stop when the simplex's size (GSL's) falls below this */
    int (*stop)(void *user);  /* asked after each iteration: nonzero stops; may be NULL */
    int polish;            /* nonzero: once stopped, search again from the best point
                            * with a fresh simplex (the same step), until a search
                            * lowers the best value by no more than the stall's
                            * threshold below or max_evals (for all searches) is spent */
} att_fit_nm;

/* Evaluations per dimension + 1 without a gain (a drop of the best value
 * by more than 1e-6 (1 + |best|)) after which the search stops. */
#define ATT_FIT_STALL 10

/* The initial simplex's step along each axis of the real line in the
 * fit's searches: ATT_FIT_STEP for every start, its polish and the
 * bootstrap's refits; ATT_FIT_STEP_WIDE for start 2, which (since session
 * 9) searches from the scenario's values again with a simplex twice as
 * wide instead of from a random point: on the rough J of common random
 * numbers the first simplex keeps a key the statistics see little near
 * its start, and the wider one looks further (docs/FIT.md, "The
 * search"). */
#define ATT_FIT_STEP 1.0
#define ATT_FIT_STEP_WIDE 2.0

/* Minimises `f` from `u0` with GSL's nmsimplex2, until the simplex's size
 * is below tol, a stall (above), max_evals or stop, then the polish
 * restarts if asked: the best point into
 * `ubest` (n values), its value into *fbest, the evaluations into *evals.
 * Returns ATT_OK (also when stopped: the best point so far), ATT_ENOMEM, or
 * ATT_EINTERNAL when GSL fails (a non-finite value of f). */
int att_fit_minimise(const att_fit_nm *nm, att_fit_fn f, void *user, const double *u0,
                     double *ubest, double *fbest, long *evals, att_error *err);

/* ---- The fit ---- */

typedef struct att_fit_opts {
    const char *scenario;            /* the scenario file's path */
    const char *const *sets;         /* other --set overrides, kept fixed */
    size_t nsets;
    const att_match_table *mt;       /* judges the simulated dyads; outlives the fit */
    const att_fit_param *params;     /* the free parameters (copied) */
    size_t nparams;
    const char *const *stats;        /* "WINDOW.NAME"s (copied) */
    size_t nstats;
    const double *observed;          /* m_k, nstats values */
    const double *obs_var;           /* the observed statistics' variances, > 0 */
    long sessions;                   /* N_obs; 0 for a targets file */
    long dyads;                      /* N_sim, simulated dyads per evaluation, >= 2 */
    unsigned long seed;              /* the dyads' seeds, the starts, the bootstrap */
    int starts;                      /* >= 1: the scenario's values (start 2 again, with the
                                      * wide simplex), then random points */
    long max_evals;                  /* per start; 0: J at the scenario's values only */
    double tol;                      /* simplex size on the real line, > 0 */
    int threads;                     /* < 1: one */
    int (*interrupted)(void);        /* asked often; NULL: never */
    void (*tick)(void *user, long dyads);  /* dyads simulated so far; may be NULL */
    void *user;
    /* the observed statistics' covariance, nstats x nstats row-major, its
     * diagonal obs_var (att_fitstats_bootstrap_cov); NULL: diagonal.  Only
     * the asymptotic se reads it (with sessions > 0). */
    const double *obs_cov;
    /* Observers' coding (docs/FIT.md, "Coding on a grid"): 0 scores every
     * simulated step; S > 0, a whole multiple of the scenario's dt, keeps
     * only the step at the start of each S-second interval of a session
     * (step index i with i mod (S / dt) = 0), its codes held for S s, as an
     * observer coding every S s sees the dyad.  Any other value is
     * ATT_EINPUT (att_fit_code_steps' message) at the first evaluation. */
    double code_interval;
    /* Refits from the estimate with fresh simulated dyads (seeds from
     * (seed, "resim", r), r = 1..resims), after the search: the spread of
     * the estimates over the resims + 1 sets of dyads enters the asymptotic
     * se (att_fit_asymptotic; docs/FIT.md, "Uncertainty and diagnostics").
     * 0: none (the sandwich alone); at most 1000. */
    int resims;
} att_fit_opts;

/* `attune fit`'s default resims (--resims). */
#define ATT_FIT_RESIMS 4

/* The steps per coded interval of --code-interval `interval` at the step
 * `dt`: interval / dt, when that is a whole number >= 1 (within a relative
 * 1e-9) and at most 1e9; else 0 with ATT_EINPUT "--code-interval S: must be
 * a positive whole multiple of the scenario's step dt = DT s". */
long att_fit_code_steps(double interval, double dt, att_error *err);

typedef struct att_fit att_fit;

/* Prepares a fit: checks the options, loads the scenario, and fixes the
 * weights v_k (docs/FIT.md): with sessions > 0, obs_var[k] * (1 + sessions
 * / dyads); with a targets file, obs_var[k] (se^2) plus the bootstrap
 * variance (200 resamples) of the statistic over the dyads simulated at the
 * scenario's values, which this simulates.  NULL with `err` filled:
 * ATT_EINPUT for bad options or what the scenario loader refuses,
 * ATT_ENOMEM, ATT_EIO "interrupted".  The caller owns the result. */
att_fit *att_fit_new(const att_fit_opts *o, att_error *err);
/* NULL does nothing. */
void att_fit_free(att_fit *f);

/* Evaluates J at `x` (nparams values, inside the bounds): *J, and the
 * simulated statistics into `sim` (nstats values; may be NULL).  An
 * undefined simulated statistic adds ATT_FIT_PENALTY instead of its term.
 * ATT_OK; ATT_EINPUT for what the scenario loader refuses; ATT_ENOMEM;
 * ATT_EIO "interrupted". */
int att_fit_objective(att_fit *f, const double *x, double *J, double *sim, att_error *err);

/* Runs every start (as att_fit_opts says) and keeps the best point seen.
 * When interrupted after at least one evaluation it stops, keeps the best
 * point so far, sets att_fit_stopped and returns ATT_OK; interrupted
 * before any, ATT_EIO "interrupted".  Else as att_fit_objective. */
int att_fit_run(att_fit *f, att_error *err);

/* After att_fit_run: */
size_t att_fit_param_count(const att_fit *f);
const att_fit_param *att_fit_param_at(const att_fit *f, size_t i);
double att_fit_estimate(const att_fit *f, size_t i);      /* the best point */
double att_fit_value(const att_fit *f);                   /* J there */
size_t att_fit_stat_count(const att_fit *f);
const char *att_fit_stat_name(const att_fit *f, size_t k);
double att_fit_observed(const att_fit *f, size_t k);
double att_fit_simulated(const att_fit *f, size_t k);     /* at the best point */
double att_fit_weight_var(const att_fit *f, size_t k);    /* v_k */
long att_fit_evaluations(const att_fit *f);
int att_fit_best_start(const att_fit *f);                 /* 1-based */
int att_fit_stopped(const att_fit *f);
/* The most dyads att_fit_run and the resims simulate (for a progress bar). */
long att_fit_budget(const att_fit *f);

/* ---- Uncertainty and diagnostics (docs/FIT.md) ---- */

/* A change of J below this over -+10 % of a parameter's range at the
 * estimate makes the parameter "flat". */
#define ATT_FIT_FLAT_TOL 1.0
/* The warnings of a key whose Wald interval x^ -+ 1.96 se_asym reaches a
 * bound (within 0.1 % of the range), one per bound: the statistics do not
 * hold it off that bound.  Worded apart from the interval reported, which
 * is on the logit scale and stays inside (docs/FIT.md, "Identification
 * warnings"). */
#define ATT_FIT_WARN_LOW_BOUND \
    "the se does not hold it off its lower bound (estimate - 1.96 se reaches it)"
#define ATT_FIT_WARN_HIGH_BOUND \
    "the se does not hold it off its upper bound (estimate + 1.96 se reaches it)"

/* After att_fit_run (not stopped): the parametric bootstrap.  B replicate
 * data sets of the observed size (N_obs dyads; with a targets file, the
 * simulated statistics at the estimate plus normal noise of the targets'
 * se) are simulated at the estimate with seeds from the fit's seed, "boot"
 * and the replicate's index, and each is refitted from the estimate (one
 * start, the same weights).  A replicate with an undefined statistic is
 * left out.  ATT_OK, ATT_ENOMEM, ATT_EINPUT.  Interrupted (att_fit_opts'
 * interrupted), it keeps the search's best point, uses no replicate
 * (att_fit_boot_used 0), sets att_fit_stopped and returns ATT_OK. */
int att_fit_boot(att_fit *f, long B, att_error *err);
/* After att_fit_run (and att_fit_boot if wanted): the identification
 * warnings (a flat direction; with the bootstrap, an interval reaching a
 * bound or an se over a quarter of the range).  Evaluates J at 2 points a
 * parameter.  Errors as att_fit_objective, except that when interrupted
 * (att_fit_opts' interrupted) it keeps the search's best point, sets
 * att_fit_stopped and returns ATT_OK (the warnings found so far stay). */
int att_fit_diagnose(att_fit *f, att_error *err);
/* The bootstrap's SD and 2.5 / 97.5 percentiles of parameter i's refits:
 * NaN without at least 2 usable replicates. */
double att_fit_se(const att_fit *f, size_t i);
double att_fit_ci_lo(const att_fit *f, size_t i);
double att_fit_ci_hi(const att_fit *f, size_t i);
long att_fit_boot_count(const att_fit *f);   /* B asked (0: none) */
long att_fit_boot_used(const att_fit *f);    /* replicates refitted */
/* The J test: df = K - p; p = P(chi2_df > J) (NaN when df < 1). */
double att_fit_j_df(const att_fit *f);
double att_fit_j_p(const att_fit *f);
/* The J test against the bootstrap: (1 + #{replicates whose refitted J >=
 * J}) / (1 + replicates used); NaN without --boot. */
double att_fit_j_p_boot(const att_fit *f);
/* The warnings of att_fit_diagnose: the parameter's key and the reason
 * (static strings owned by the fit); NULL when i is out of range. */
size_t att_fit_warning_count(const att_fit *f);
const char *att_fit_warning_param(const att_fit *f, size_t i);
const char *att_fit_warning_reason(const att_fit *f, size_t i);

/* ---- Asymptotic (sandwich) standard errors (docs/FIT.md) ---- */

/* The sandwich: with G the K x p Jacobian (row-major), W = diag(1 / v_k)
 * and Omega the K x K covariance (row-major) of m - s(theta0),
 *     H = G' W G,   var = H^-1 G' W Omega W G H^-1   (p x p, row-major).
 * H is judged on its correlation form D^-1/2 H D^-1/2 (D = diag H): when a
 * diagonal entry is not above 0, the Cholesky factorisation fails or the
 * reciprocal condition number is below 1e-10, H is singular: *singular =
 * 1, var all NaN and, if `flat` is not NULL, flat[i] = 1 for the
 * parameters of the flat direction (a zero column of G, else the
 * components of the eigenvector of the smallest eigenvalue at least half
 * the largest), 0 for the others.  Else *singular = 0 and flat all 0.
 * K, p >= 1; v > 0.  ATT_OK or ATT_ENOMEM. */
int att_fit_sandwich(size_t K, size_t p, const double *G, const double *v,
                     const double *omega, double *var, int *singular, int *flat,
                     att_error *err);

/* The step h of the Jacobian for a parameter at x in [lo, hi]: 10 % of |x|,
 * at least 1 % and at most 5 % of the range hi - lo. */
double att_fit_se_step(double x, double lo, double hi);

/* Where the Jacobian's five points x + (c + j) h, j = -2..2, lie: c = 0
 * (centred) when x -+ 2h are inside [lo, hi], else c = 2 (from x up) when
 * x - 2h < lo, else c = -2 (from x down). */
int att_fit_se_offset(double x, double lo, double hi, double h);

/* Least squares through five values y[j + 2] at equally spaced points
 * (spacing h > 0, j = -2..2): returns the slope of the straight line,
 * sum_j j y_j / (10 h); if r is not NULL, r[j + 2] = the residuals of the
 * parabola (2 degrees of freedom), y_j - mean - b j - q (j^2 - 2) with
 * b = sum_j j y_j / 10 and q = sum_j (j^2 - 2) y_j / 14. */
double att_fit_slope5(const double y[5], double h, double r[5]);

/* After att_fit_run (not stopped, nstats >= nparams): the asymptotic se
 * (docs/FIT.md, "Uncertainty and diagnostics").  For each parameter the
 * simulated statistics at five points (att_fit_se_step, att_fit_se_offset)
 * with the fit's own dyads (common random numbers): G by att_fit_slope5,
 * and the roughness T = sum over parameters and points of r r' / (2 p),
 * r the K residuals of the parabolas; then att_fit_sandwich with the
 * weights v_k and Omega + T (Omega: with sessions (1 + N_obs / N_sim) times
 * the observed covariance; with a targets file diag(se_k^2) plus the
 * bootstrap covariance of the simulated statistics at the scenario's
 * values).  A singular H adds a warning "singular" for each parameter of
 * its flat direction; a statistic undefined at a point one for that
 * parameter; the se stay NaN.  A Wald interval x -+ 1.96 se reaching a
 * bound (within 0.1 % of the range), or an se over a quarter of the
 * range, adds a warning, as the bootstrap's do.  Evaluates the statistics
 * at 4 p points, then inverts the interval (att_fit_ci_inv_lo): at most
 * 2 ATT_FIT_CI_EVALS times 5 points per key; an end the inversion leaves
 * ATT_FIT_CI_UNSETTLED adds the warning "the inverted interval's lower
 * end is unsettled" (or upper), whichever interval is reported; an end
 * where a statistic is undefined (ATT_FIT_CI_UNDEFINED) keeps the logit
 * end, with the warning "the inverted interval's lower end is undefined
 * (a statistic is undefined there): the logit end stands in" (or upper).
 * With opts resims R > 0 (and the sandwich se defined), before the
 * interval: R refits of the observed statistics from the estimate, each
 * with its own simulated dyads (att_fit_opts resims; one polished search
 * of the starts' simplex, at most max_evals evaluations each), and s_i the
 * SD of key i's R + 1 estimates (the fit's among them): the simulation's
 * share of the variance the sandwich predicts, c se^2 with c = (N_obs /
 * N_sim) / (1 + N_obs / N_sim) (0 with a targets file), is replaced by s_i^2
 * where that is larger: se_asym^2 = se^2 + max(0, s_i^2 - c se^2), the
 * same excess added to the inverted interval's se at every tested point.
 * Interrupted during the refits: the sandwich se stand, each key with the
 * warning "interrupted: the se leaves out the refits' spread".
 * Call after att_fit_diagnose (which clears the warnings).  Errors as
 * att_fit_objective, except that when interrupted (opts interrupted) it
 * keeps the search's best point, sets att_fit_stopped and returns ATT_OK:
 * during the se every se NaN; during the inversion the se stand and the
 * ends not reached are the logit ones, each such key with a warning
 * "interrupted: the asymptotic interval is the logit one, not inverted".
 * Does nothing once att_fit_stopped. */
int att_fit_asymptotic(att_fit *f, att_error *err);
/* One end of the asymptotic 95 % interval of an estimate x in (lo, hi)
 * with se `se`, on the search's scale u = logit((x - lo) / (hi - lo)):
 * the x at u + z se_u, se_u = se (hi - lo) / ((x - lo)(hi - x)) (the
 * delta method; z = -1.96 for the lower end, 1.96 for the upper).  It
 * lies inside (lo, hi); NaN when x is not strictly inside or se is not a
 * finite number >= 0. */
double att_fit_ci_logit(double x, double se, double lo, double hi, double z);
/* The inversion of the test |u_hat - u| <= |z| se_u(u) for one end of an
 * interval on a line u (docs/FIT.md, "Uncertainty and diagnostics"): the
 * root on z's side of u_hat of g(u) = s (u - u_hat) - |z| se_u(u), s the
 * sign of z, where se_u(u) is the se of u_hat were the truth u (the
 * score-interval idea: the variance at the hypothesised value, not at the
 * estimate).  It starts at the Wald end u_hat + z se_hat (se_hat the se at
 * the estimate; g(u_hat) = -|z| se_hat < 0), takes secant steps through
 * the last two points while no point with g > 0 is known (at most twice
 * as far as the fixed-point step to u_hat + z se_u(u); that step when the
 * secant does not lead outward), then regula falsi inside the bracket; a
 * point past u_cap is moved to u_cap. */
typedef struct {
    double u_hat, se_hat;  /* the estimate and its se (> 0) on the line */
    double z;              /* -1.96: the lower end; 1.96: the upper */
    double u_cap;          /* the farthest end allowed on z's side */
    int max_evals;         /* evaluations of se_u at most (>= 1) */
    double tol;            /* done when |g(u)| <= tol |z| se_hat */
    /* se_u at u into *se (NaN or < 0: undefined there; +infinity: no
     * information there, so u is inside); an error code stops the search
     * and is returned */
    int (*se)(void *user, double u, double *se, att_error *err);
    void *user;
} att_fit_ci_problem;

enum {
    ATT_FIT_CI_DONE,       /* |g(end)| <= tol |z| se_hat; end an evaluated point */
    ATT_FIT_CI_CAP,        /* g(u_cap) < 0: the end is u_cap (cut there) */
    ATT_FIT_CI_UNSETTLED,  /* max_evals spent: end is the next step's point */
    ATT_FIT_CI_UNDEFINED   /* se_u undefined at a point: end NaN */
};

/* Solves `pb` into *end, one of ATT_FIT_CI_* into *status and the number
 * of se_u evaluations into *evals (se_hat 0: end u_hat, no evaluation).
 * Returns ATT_OK, or the code pb->se returned (end NaN). */
int att_fit_ci_invert(const att_fit_ci_problem *pb, double *end, int *status, int *evals,
                      att_error *err);

/* The ridge of a quadratic objective (x - est)' H (x - est) along key k
 * (docs/FIT.md, "Uncertainty and diagnostics"): the slopes d (p values)
 * of the other keys' minimum as key k moves, d_r = -(H_rr^-1 H_rk)_r for
 * r != k (H_rr: H, p x p row-major and symmetric, without row and column
 * k), d_k = 1.  Where H_rr is not positive definite, or a slope is not a
 * finite number, every d_r (r != k) is 0: the other keys stay.  ATT_OK,
 * ATT_ENOMEM, or ATT_EINPUT for p over 64. */
int att_fit_ridge_slope(size_t p, const double *H, size_t k, double *d, att_error *err);
/* The point of that ridge at key k = xk into x (p values): x_k = xk, x_r =
 * est_r + d_r (xk - est_k) clamped into [lo_r, hi_r]. */
void att_fit_ridge_point(size_t p, const double *d, const double *est, size_t k, double xk,
                         const double *lo, const double *hi, double *x);

/* Parameter i's asymptotic se (on the key's own scale, at the estimate)
 * and its two 95 % intervals; NaN when the se was not computed or H is
 * singular.
 * - logit: att_fit_ci_logit at z = -+1.96 (an estimate on a bound: x -+
 *   1.96 se cut at the bounds).
 * - inverted: the test inverted on the search's scale u = logit((x - lo) /
 *   (hi - lo)): att_fit_ci_invert with se_u(u) the sandwich se at the point
 *   x(u) of J's ridge (att_fit_ridge_point with H = G'WG at the estimate:
 *   the other keys moved to where the quadratic J is least), G's column i
 *   and its roughness recomputed there with the fit's dyads, the other
 *   columns and Omega as at the estimate, times du/dx at x(u); started
 *   from the logit ends, ATT_FIT_CI_TOL, at most ATT_FIT_CI_EVALS
 *   evaluations of 5 simulations each per end; u_cap the x 0.1 % of the
 *   range inside the bound, an end reaching it cut at the bound (with the
 *   warning "the asymptotic interval reaches a bound" when this is the
 *   interval reported).  The logit ends
 *   instead when the inversion was not done (interrupted, a statistic
 *   undefined at a point, an estimate on a bound); a singular H at a
 *   point is an infinite se there.
 * att_fit_ci_asym_lo/hi is the one the fit reports as its interval: the
 * inverted when ATT_FIT_CI_INVERTED is 1, else the logit (docs/FIT.md
 * says why). */
#define ATT_FIT_CI_TOL 0.05
#define ATT_FIT_CI_EVALS 3
#define ATT_FIT_CI_INVERTED 0
double att_fit_se_asym(const att_fit *f, size_t i);
/* s_i above, the SD of key i's resims + 1 estimates; NaN without resims
 * or when they were not done. */
double att_fit_se_resim(const att_fit *f, size_t i);
double att_fit_ci_asym_lo(const att_fit *f, size_t i);
double att_fit_ci_asym_hi(const att_fit *f, size_t i);
double att_fit_ci_logit_lo(const att_fit *f, size_t i);
double att_fit_ci_logit_hi(const att_fit *f, size_t i);
double att_fit_ci_inv_lo(const att_fit *f, size_t i);
double att_fit_ci_inv_hi(const att_fit *f, size_t i);
/* When the inverted interval is not the one reported: what is known of
 * key i's lower (upper 0) or upper end beyond its value, "the inverted
 * interval's lower end is unsettled" or "... is undefined (...)", or NULL
 * (settled, or not inverted).  The writers put it in the parameter row's
 * note; when the inverted interval is reported these are warnings. */
const char *att_fit_ci_inv_note(const att_fit *f, size_t i, int upper);

/* ---- Output (docs/FIT.md, "Output") ---- */

/* The tidy table: header kind,name,value,start,lo,hi,se,ci_lo,ci_hi,
 * se_asym,ci_asym_lo,ci_asym_hi,observed,simulated,variance,z,note, and
 * the other asymptotic interval (ci_logit_lo,ci_logit_hi when ci_asym is
 * the inverted one, else ci_inv_lo,ci_inv_hi: ATT_FIT_CI_INVERTED); rows
 * "parameter", "statistic", "fit" (objective, evaluations, dyads, sessions,
 * starts, best_start, seed, stopped, boot, boot_used, j_stat, j_df, j_p,
 * j_p_boot) and "warning" (the parameter, the reason in note).  A
 * parameter row's note holds att_fit_ci_inv_note's ends, "; " between,
 * or nothing.  Numbers "%.10g", empty where not applicable (NA).  ATT_EIO
 * "write error" when writing fails. */
int att_fit_write_csv(const att_fit *f, FILE *fp, att_error *err);
/* The same as one JSON object: "parameters" (with se_asym, ci_asym_lo,
 * ci_asym_hi and the other interval's two), "statistics", "fit", "warnings" (name, reason). */
int att_fit_write_json(const att_fit *f, FILE *fp, att_error *err);

/* The scenario file's text with the fit's --set overrides (att_fit_opts
 * sets) and then its estimates written in, as --set would set them: a key
 * already set in its section has its line replaced, else it goes right
 * after the section's header (a section the file lacks is added at the end;
 * a phase key of a file without [phase] sections goes to [caregiver]); each
 * such line ends in a comment saying where it comes from.  `text` is the
 * scenario file's bytes (len of them).  ATT_OK or ATT_ENOMEM. */
int att_fit_scenario_text(const att_fit *f, const char *text, size_t len, att_buf *out,
                          att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
