/* The validation suite: simulated populations of infants checked against
 * the figures and directions of the developmental literature (`attune
 * validate`; docs/VALIDATION.md describes every check).
 *
 * Three layers, each usable alone:
 *
 *   1. Statistics over per-infant summaries (pure functions): finite means
 *      and SDs, Cohen's d for within-infant comparisons, paired differences,
 *      ratios of sums, percentile bootstrap intervals that resample infants,
 *      bouts of a binary state in a stream of steps, and seeds.
 *   2. Populations: a scenario run for n infants drawn around its infant
 *      (att_infant_population), each summarised on the fly into one row of
 *      numbers by a summary function; only the rows are kept.
 *   3. The suite: groups of checks (att_validate_groups), each a function
 *      that runs populations and reports checks; att_validate_run runs the
 *      groups and hands every result to a callback.
 *
 * ADDING A GROUP (e.g. attachment presets, multi-session timelines):
 *
 *   a. Write `int att_validate_group_NAME(att_validate *v, att_error *err)`
 *      in an validate/validate_*.c file and declare it beside the shipped
 *      groups below.  In it:
 *        - describe the population(s) with att_vpop: a name (the seeds come
 *          from it, so two populations with the same name and scenario
 *          infant are the SAME infants, e.g. one infant under two mothers),
 *          the scenario file, its overrides ("infant.preset=anxious",
 *          "scenario.sessions=5"), and a summary function that pulls the
 *          steps of one infant with att_sim_next and writes its row (for a
 *          timeline: every session, att_sim_next until 0 and then the next
 *          session, as sim.h describes; step.session tells them apart);
 *        - get the rows with att_validate_population (cached per suite run,
 *          so two groups asking for the same population pay once);
 *        - declare each check as a `static const att_vcheck` (id "NAME.x",
 *          phenomenon, source, literature, rule, targets, statistic) and
 *          report it with att_validate_report.
 *   b. Add `{ "NAME", att_validate_group_NAME }` to att_validate_groups in
 *      validate/validate.c.  Check ids must start with "NAME." so that
 *      --only can skip the group without running it.
 *   c. Document each check in docs/VALIDATION.md.
 *
 * Determinism: infant i of a population named P gets the seed
 * att_validate_seed(suite seed, P, i); the bootstrap of a check gets
 * att_validate_seed(suite seed, "boot:" ID, 0).  Results therefore do not
 * depend on --only, on the order of the groups, or on the number of threads
 * (rows are written by infant index). */
#ifndef ATT_VALIDATE_H
#define ATT_VALIDATE_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include <stdio.h>
#include "attune/buf.h"
#include "attune/codes.h"
#include "attune/error.h"
#include "attune/report.h"
#include "attune/sim.h"

/* ---- 1. Statistics ------------------------------------------------------
 *
 * Per-infant values that do not exist (an infant with no bout, no repair
 * attempt) are NaN and are left out: a mean skips them, a paired statistic
 * skips the infants for whom either value is NaN.  Results that do not
 * exist are NaN. */

/* Mean of the finite values of x[0..n). */
double att_vstat_mean(const double *x, size_t n);
/* Sample SD (denominator m - 1) of the m finite values; NaN when m < 2. */
double att_vstat_sd(const double *x, size_t n);

/* Cohen's d for a within-infant comparison: att_cohens_d_av, attune/stats.h. */
/* Mean of the paired differences a - b. */
double att_paired_mean_diff(const double *a, const double *b, size_t n);
/* sum num / sum den over the infants with both values (a pooled share:
 * each infant weighs by its denominator); NaN when the sum of den is 0. */
double att_ratio_of_sums(const double *num, const double *den, size_t n);

/* Per-infant summaries: row i, column j is x[i * ncols + j]. */
typedef struct att_vdata {
    const double *x;
    size_t n;       /* infants (rows) */
    size_t ncols;
} att_vdata;

/* A statistic of columns a (and b) of an att_vdata. */
typedef enum att_vstat_kind {
    ATT_VSTAT_MEAN,     /* att_vstat_mean of column a */
    ATT_VSTAT_RATIO,    /* att_ratio_of_sums(a, b) */
    ATT_VSTAT_DIFF,     /* att_paired_mean_diff(a, b) */
    ATT_VSTAT_D,        /* att_cohens_d_av(a, b) */
    ATT_VSTAT_SD        /* att_vstat_sd of column a: the spread across infants */
} att_vstat_kind;

typedef struct att_vstat {
    att_vstat_kind kind;
    int a, b;           /* column indices (b unused by MEAN and SD) */
} att_vstat;

/* The statistic over rows rows[0..m) of d (repeats allowed: a bootstrap
 * resample); rows == NULL means all n rows (m is then ignored).  `work` is
 * the caller's, room for 2 * m doubles (2 * d->n when rows == NULL), and is
 * overwritten; nothing is allocated, so nothing fails: NaN is the
 * statistic's own "undefined" (no finite values, a zero denominator, a
 * column index out of range). */
double att_vstat_eval(const att_vstat *st, const att_vdata *d, const size_t *rows, size_t m,
                      double *work);

/* The mean and the sample SD over infants of column `col` (finite values);
 * nothing allocated.  NaN when there are no rows, no finite values (fewer
 * than 2 for the SD) or no such column. */
double att_vdata_mean(const att_vdata *d, int col);
double att_vdata_sd(const att_vdata *d, int col);
/* How many infants have a finite value in column `col` (0 when there is
 * no such column). */
size_t att_vdata_count(const att_vdata *d, int col);

typedef struct att_interval {
    double est;     /* the statistic on the data as they are */
    double lo, hi;  /* percentile bootstrap interval */
} att_interval;

/* Percentile bootstrap interval at level `conf` (e.g. 0.95) from B
 * resamples of the infants (rows) with replacement, drawn with GSL's
 * mt19937 seeded with `seed`.  With y == NULL the statistic is st on x;
 * otherwise it is st(x) - st(y), x and y resampled independently (two
 * independent populations).  Paired columns stay paired: a row is one
 * infant.  Resamples whose statistic is NaN are left out; lo and hi are the
 * (1 - conf)/2 and (1 + conf)/2 quantiles of the rest
 * (att_quantile_sorted), NaN when none is left or B == 0.  Returns ATT_OK,
 * or ATT_ENOMEM with err filled (and est, lo and hi NaN) when the work
 * space cannot be allocated. */
int att_vstat_boot(const att_vstat *st, const att_vdata *x, const att_vdata *y, long B,
                   unsigned long seed, double conf, att_interval *out, att_error *err);

/* Bouts of a binary state in a stream of steps (plain data, no allocation).
 * A bout is a run of steps with the state on; it lasts from its first step's
 * t to the t of the first step with the state off.  A bout already on at the
 * window's first step has an unknown start (left-censored) and is never
 * reported: this matches the scorer's rule that a run beginning mismatched
 * has no rupture until it has first been matched. */
typedef struct att_bouts {
    int steps;        /* steps seen */
    int on;           /* the previous step's state */
    int known;        /* the open bout's start is known */
    double start;     /* s, the open bout's first step */
} att_bouts;

void att_bouts_begin(att_bouts *b);
/* Feeds the step starting at t with state `on`.  Returns 1 and sets *len
 * (s) when this step ends a bout whose start is known, else 0. */
int att_bouts_push(att_bouts *b, double t, int on, double *len);
/* At the window's end t_end: returns 1 and sets *len = t_end - start when a
 * bout of known start is still open (right-censored at *len), else 0. */
int att_bouts_end(const att_bouts *b, double t_end, double *len);

/* A 32-bit seed from the suite seed, a name and an index: the first 8 hex
 * digits of SHA-256("SEED/NAME/I") read as a number, e.g. for suite seed 1,
 * name "still-face" and i 0 the digest of "1/still-face/0".  Never 0
 * (replaced by 1). */
unsigned long att_validate_seed(unsigned long suite_seed, const char *name, long i);

/* ---- 2. Populations and 3. the suite ------------------------------------ */

typedef struct att_validate att_validate;

/* Summarises one infant: pulls its steps from `sim` (att_sim_next, until 0
 * or as far as needed) and writes `ncols` numbers into row (NaN where a
 * value does not exist).  Runs in parallel for different infants: it may
 * read `v` and `arg` but change nothing outside row and the sim.  Returns
 * ATT_OK or an error code with `err` filled. */
typedef int (*att_vsummary_fn)(const att_validate *v, att_sim *sim, const void *arg,
                               double *row, att_error *err);

typedef struct att_vpop {
    const char *name;            /* seeds: att_validate_seed(seed, name, i) */
    const char *scenario;        /* file name in the suite's scenario folder */
    const char *const *sets;     /* overrides, as for att_scenario_load */
    size_t nsets;
    att_vsummary_fn summary;
    const void *arg;             /* handed to summary; compared by address for caching */
    size_t ncols;                /* numbers per infant */
    long min_infants;            /* 0, or the fewest infants it runs whatever the suite's
                                    size: a small effect's power (the repair group) */
} att_vpop;

/* Rows of population `p` (att_validate_infants, or p->min_infants when
 * that is more): the scenario is loaded with p->sets, its infant
 * parameters become the centre of att_infant_population (one distribution
 * override per entry), the scenario is loaded again with both, and infant i
 * runs as att_sim_new(s, table, att_validate_seed(seed, name, i), i + 1)
 * under the scenario's own match table.  The result (n x ncols) belongs to
 * the suite and lives until att_validate_run returns; the same population
 * asked for twice (same name, scenario, sets, summary, arg) is simulated
 * once.  NULL with `err` filled on failure. */
const att_vdata *att_validate_population(att_validate *v, const att_vpop *p, att_error *err);

/* As att_validate_population, with every spread of att_infant_population
 * multiplied by `scale` (>= 0): 0 puts every infant at the centre (the
 * same parameters, only their luck differs), 1 is att_validate_population.
 * The same infants (seeds) as at any other scale.  NULL with `err` filled
 * on failure (ATT_EINPUT for a negative or non-finite scale). */
const att_vdata *att_validate_population_scaled(att_validate *v, const att_vpop *p, double scale,
                                                att_error *err);

/* Index of the scenario's phase called `name`, or -1 when it has none: not
 * an error (an answer; a check without that phase is skipped or says so). */
int att_validate_phase(const att_scenario *s, const char *name);

/* Side by side: rows of a then b (same infants, same n), columns of a
 * followed by those of b, so that paired statistics can compare two
 * populations of the same infants (column j of b becomes a->ncols + j).
 * Owned by the suite like a population; NULL with `err` filled when memory
 * runs out or the row counts differ. */
const att_vdata *att_validate_join(att_validate *v, const att_vdata *a, const att_vdata *b,
                                   att_error *err);

/* 1 when the same-state table (Tronick and Cohn's coordination: both
 * positive or both monitor, read from data/match/same-state.csv) matches
 * the pair. */
int att_validate_same_state(const att_validate *v, att_infant_code ic, att_caregiver_code cc);

/* Infants per population. */
long att_validate_infants(const att_validate *v);

/* How a check passes. */
typedef enum att_vrule {
    ATT_VRULE_RANGE,    /* the estimate lies in [target_lo, target_hi] */
    ATT_VRULE_ABOVE,    /* the whole interval lies above target_lo (a direction:
                           statistics are oriented so the prediction is "> 0") */
    ATT_VRULE_OVERLAP   /* the interval overlaps [target_lo, target_hi] (numerical
                           equivalence margin) */
} att_vrule;

/* "range", "above", "overlap". */
const char *att_vrule_name(att_vrule r);

/* One check, declared by its group. */
typedef struct att_vcheck {
    const char *id;           /* "GROUP.what", unique */
    const char *phenomenon;   /* what is measured, in words */
    const char *source;       /* "Tronick & Cohn 1989" */
    const char *literature;   /* the literature's figure or direction */
    att_vrule rule;
    double target_lo, target_hi;   /* target_hi is unused (INFINITY) for ABOVE */
    att_vstat stat;
} att_vcheck;

/* One result. */
typedef struct att_vresult {
    const att_vcheck *check;
    const char *group;
    double estimate, ci_lo, ci_hi;
    int pass;
    char detail[200];         /* means behind the estimate, for calibration */
} att_vresult;

/* Evaluates check `c` on x (or x minus y, two independent populations: see
 * att_vstat_boot) with a bootstrap interval, applies its rule and hands the
 * result to the suite's callback.  `detail` (may be NULL) is copied into
 * the result.  Does nothing when --only excludes the check.  A NaN estimate
 * or interval fails the check. */
int att_validate_report(att_validate *v, const att_vcheck *c, const att_vdata *x,
                        const att_vdata *y, const char *detail, att_error *err);

/* 1 when the check id is selected by the suite's --only prefix. */
int att_validate_wants(const att_validate *v, const char *id);

/* A group of checks: its function runs populations and reports checks. */
typedef int (*att_vgroup_fn)(att_validate *v, att_error *err);
typedef struct att_vgroup {
    const char *name;         /* every check id of the group starts with "NAME." */
    att_vgroup_fn run;
} att_vgroup;

extern const att_vgroup att_validate_groups[];
extern const size_t att_validate_group_count;

/* The shipped groups, in table order (validate/validate_still.c: play,
 * still face, reunion, numerical soundness; validate/validate_repair.c:
 * peek-a-boo mothers, repair delay). */
int att_validate_group_play(att_validate *v, att_error *err);
int att_validate_group_still_face(att_validate *v, att_error *err);
int att_validate_group_reunion(att_validate *v, att_error *err);
int att_validate_group_peekaboo(att_validate *v, att_error *err);
int att_validate_group_repair(att_validate *v, att_error *err);
int att_validate_group_numeric(att_validate *v, att_error *err);
/* validate/validate_timeline.c: attachment-style presets in the still face,
 * thirty-day timelines with four mothers. */
int att_validate_group_presets(att_validate *v, att_error *err);
int att_validate_group_chronic(att_validate *v, att_error *err);
/* validate/validate_expert.c: the claims of an expert's review
 * (issue 18, items 1-9), measured as the review measured them. */
int att_validate_group_expert(att_validate *v, att_error *err);

/* A change of the model's centre (`attune validate --scale`,
 * `--sensitivity`; att_validate_run_moved): parameter `key` of every
 * population multiplied by `factor` (section 4 below). */
typedef struct att_vscale {
    const char *key;            /* "infant.KEY" or "caregiver.KEY" */
    double factor;              /* > 0 */
} att_vscale;

/* How the suite runs. */
typedef struct att_validate_opts {
    const char *scenario_dir;   /* folder holding still-face.ini, peekaboo-*.ini */
    const char *const *match_path; /* folders holding the match tables, NULL-
                                 * terminated (att_match_table_resolve); the
                                 * program passes cli_data_path_init's; NULL: none */
    unsigned long seed;         /* suite seed */
    long infants;               /* per population, >= 2 */
    long boot;                  /* bootstrap resamples, >= 0 */
    const char *only;           /* id prefix; NULL or "" for every check */
    int jobs;                   /* threads for the infants of a population, >= 1 */
} att_validate_opts;

/* Full-suite and quick defaults for infants and resamples. */
#define ATT_VALIDATE_FULL_INFANTS 2000
#define ATT_VALIDATE_FULL_BOOT 2000
#define ATT_VALIDATE_QUICK_INFANTS 400
#define ATT_VALIDATE_QUICK_BOOT 500

/* Called with every result, in suite order; ATT_OK to go on. */
typedef int (*att_vresult_fn)(const att_vresult *r, void *user, att_error *err);

/* Runs every group that --only selects, in table order.  Returns ATT_OK
 * (whether the checks pass or not), ATT_EINPUT (a scenario or match table
 * missing or invalid), ATT_ENOMEM, or the callback's error. */
int att_validate_run(const att_validate_opts *o, att_vresult_fn fn, void *user, att_error *err);

/* The same with the model's centre moved: every population's scenario gets
 * the overrides att_vscale_sets makes for the nscale changes `scale` (after
 * its own overrides, before the spreads of att_infant_population are drawn
 * around it); *cut (cut may be NULL) counts the values cut at their key's
 * range, one per population and key (per phase for a caregiver key).  With
 * nscale 0 it is att_validate_run.  ATT_EINPUT also for an unknown key or
 * a factor that is not a positive number. */
int att_validate_run_moved(const att_validate_opts *o, const att_vscale *scale, size_t nscale,
                           long *cut, att_vresult_fn fn, void *user, att_error *err);

/* Writes results r[0..n) to fp.
 *   ATT_FORMAT_TABLE: a heading naming the population size, resamples and
 *     seed of `o`, one aligned row per check (id, phenomenon, literature
 *     (source), simulated [95% CI], rule, PASS/FAIL), each followed by an
 *     indented line with its detail when it has one, then "N checks, K
 *     failed".
 *   ATT_FORMAT_CSV: the header
 *     id,group,phenomenon,source,literature,estimate,ci_low,ci_high,rule,
 *     target_low,target_high,pass
 *     and one row per check: numbers as %.6g, undefined ones (NaN, the
 *     upper target of a direction) empty, rule as att_vrule_name, pass 1 or
 *     0, fields quoted as RFC 4180 requires.
 * Returns ATT_OK, ATT_EINPUT for another format, or ATT_EIO when a write
 * failed. */
int att_validate_write(FILE *fp, att_format fmt, const att_validate_opts *o,
                       const att_vresult *r, size_t n, att_error *err);

/* The width of the narrow table, in columns (bytes: the table is ASCII). */
#define ATT_VALIDATE_NARROW_COLS 100

/* Writes results r[0..n) to fp as the narrow table (`--format narrow`), for
 * a projected terminal: no line longer than ATT_VALIDATE_NARROW_COLS.  The
 * heading of the table, wrapped; then per check a line with its id,
 * simulated [95% CI], rule and PASS/FAIL (the rule goes to the lines below
 * when the four do not fit), followed by lines indented 4 spaces: the
 * phenomenon, "literature: TEXT (SOURCE)" and the detail when there is one,
 * each wrapped (continuations indented 6).  The numbers are those of the
 * table (3 significant digits).  Returns ATT_OK or ATT_EIO when a write
 * failed. */
int att_validate_write_narrow(FILE *fp, const att_validate_opts *o, const att_vresult *r,
                              size_t n, att_error *err);

/* ---- 4. Sensitivity -----------------------------------------------------
 *
 * The suite again with one main parameter of the model moved: the centre
 * of every population (the infant the population is drawn around, the
 * mother of each phase) multiplied by a factor, the spreads of
 * att_infant_population kept, the seeds kept (the same infants meet the
 * same luck), so that a check that flips flips because of the parameter.
 * validate/validate_sens*.c; docs/VALIDATION.md, "Sensitivity". */

/* The longest override att_vscale_sets writes, with its NUL. */
#define ATT_VSCALE_SET_MAX 160

/* Resolves a parameter's name: "infant.KEY" or "caregiver.KEY" (a key of
 * att_infant_param_table or att_caregiver_param_table), or a bare KEY found
 * in exactly one of the two tables; the full "SECTION.KEY" goes to `full`.
 * ATT_EINPUT with `err` filled for an unknown name (with the nearest key
 * when one is close), a bare key of both tables (e.g. arousal_tau), a trait
 * the infant population draws around a centre of 0 (kind 'b': a factor
 * would leave it at 0) or a `full` too small. */
int att_vscale_key(const char *name, char *full, size_t size, att_error *err);

/* The overrides that move the centre of the loaded scenario `s` by the n
 * changes sc[0..n) (keys in full, factors > 0): "infant.KEY=V" with V the
 * factor times the scenario's infant value; for a caregiver key
 * "phase.NAME.KEY=V" for each phase whose policy reads the key
 * (att_policy_reads), V the factor times that phase's value.  A V outside
 * the key's range is cut at the range and adds 1 to *cut (cut may be NULL).
 * Numbers are written with 17 digits, so that they read back exactly.  On
 * success *sets is an array of *nsets overrides that the caller frees (NULL
 * when there are none).  ATT_EINPUT for an unknown key or a factor that is
 * not a positive finite number, ATT_ENOMEM; *sets is then NULL. */
int att_vscale_sets(const att_scenario *s, const att_vscale *sc, size_t n,
                    char (**sets)[ATT_VSCALE_SET_MAX], size_t *nsets, long *cut,
                    att_error *err);

/* The value the sensitivity table shows for a change: the key in the
 * reference (the default infant, att_infant_params_default; the patient
 * mother's defaults for a caregiver key, the intrusive mother's for one the
 * patient policy ignores: intrusiveness) times the factor, cut at the key's
 * range; *cut (may be NULL) is set to 1 when it was cut, else 0.  NaN for an
 * unknown key. */
double att_vscale_reference(const char *key, double factor, int *cut);

/* The parameters the table varies by default (48): the 13 keys of
 * att_infant_population drawn around a centre (not its traits, kind 'b');
 * the infant's 28 mechanism keys (calm_rate,
 * calm_adaptation, negative_rate, distress_threshold, frustration_rate,
 * arousal_adaptation, unanswered_avert_rate, upset_negative_rate,
 * upset_threshold_share, upset_shift, upset_tau, hope_wariness, hope_tau,
 * state_gaze, look_build, push_threshold, irritation_threshold,
 * irritation_tau, protest_rate, hope_buffer, age_gaze, age_regulation,
 * state_smile, protest_futility, futility_tau, prone_negative_gain,
 * prone_calm_gain, arousal_width); then the caregiver's 7 main keys
 * (wait_time,
 * intrusiveness, responsiveness, perception_delay, repair_latency,
 * play_stimulation, gentling), each as "SECTION.KEY" written into buf (64
 * bytes hold any), which is returned; NULL past the end (not an error: the
 * end of the list) or when buf is too small. */
const char *att_vsens_default_key(size_t i, char *buf, size_t size);
size_t att_vsens_default_count(void);

/* The model's headline conclusions (validate/validate_sens_head.c;
 * docs/VALIDATION.md section 8 gives the reason for each and for what is
 * left out): the checks that state a finding of the literature the model
 * claims to reproduce, every check of the groups play, sf, reunion,
 * peekaboo, repair, presets and chronic, and the expert checks that
 * restate one of them.  Not: numeric (the integrator, not the infants),
 * the expert group's measurement identities, its checks at halved spreads
 * (where an effect comes from, not the effect) and its plausibility ranges
 * set by judgement. */
typedef struct att_vheadline {
    const char *id;             /* a check's id */
    const char *claim;          /* the conclusion, in words */
} att_vheadline;

extern const att_vheadline att_vsens_headlines[];
extern const size_t att_vsens_headline_count;

/* The claim of check `id` when it is a headline conclusion, else NULL
 * (also for id NULL). */
const char *att_vsens_headline(const char *id);

/* One row of the table: the suite with `key` times `factor` against the
 * unperturbed suite (the first row: key "", factor 1). */
typedef struct att_vsens_row {
    char key[80];               /* "SECTION.KEY"; "" for the unperturbed run */
    double factor;
    double value;               /* att_vscale_reference; NaN for the first row */
    int cut;                    /* 1 when a population's value was cut at the range */
    size_t passed, total;       /* checks */
    char *flipped;              /* ids of the checks whose result differs from the
                                 * unperturbed run's, in suite order, separated by
                                 * spaces; a '+' before an id that passes here and
                                 * fails unperturbed; "" when none */
    char *headline;             /* the ids of `flipped` that are headline conclusions
                                 * (att_vsens_headline), the same way; "" when none */
} att_vsens_row;

typedef struct att_vsens {
    att_vsens_row *rows;        /* 1 + nkeys * nfactors, key by key, factor by factor */
    size_t n;
    size_t headlines;           /* checks of the run that are headline conclusions */
    char *failing;              /* those that fail unperturbed, ids separated by
                                 * spaces in suite order; "" when none */
} att_vsens;

/* Called after each run of the suite with the runs done and in all (for a
 * progress bar); ATT_OK to go on, anything else (with err filled) stops. */
typedef int (*att_vsens_tick)(void *user, long done, long total, att_error *err);

/* Runs the suite of `o` unperturbed and then for
 * each of the nkeys keys (names as att_vscale_key takes them) at each of
 * the nfactors factors, and fills *out (the caller's, freed with
 * att_vsens_free).  The keys and factors are checked before anything runs:
 * ATT_EINPUT for no key or no factor, an unknown or repeated key, a factor
 * that is not a positive finite number, or (after the first run) no check
 * selected by o->only.  Otherwise att_validate_run's errors, or the tick's.
 * Each row's headline column and out->headlines and out->failing follow
 * att_vsens_headline.  The same bytes for any o->jobs, as the suite. */
int att_validate_sensitivity(const att_validate_opts *o, const char *const *keys,
                             size_t nkeys, const double *factors, size_t nfactors,
                             att_vsens_tick tick, void *user, att_vsens *out, att_error *err);

/* Frees the rows and the failing ids; a zeroed table or NULL is a no-op. */
void att_vsens_free(att_vsens *t);

/* The rows after the first whose headline column holds a conclusion that
 * passes unperturbed and fails moved (*lost: the rows that flip a headline
 * conclusion), and those whose column holds one that fails unperturbed and
 * passes moved (*gained); a row may count in both.  Nothing allocated. */
void att_vsens_headline_rows(const att_vsens *t, size_t *lost, size_t *gained);

/* The table's verdict on its headline conclusions, appended to `out`:
 * how many of the run's checks are headline conclusions and which of them
 * fail unperturbed, then how many of the changes (rows after the first)
 * flip one that passes, each such row as "KEY x FACTOR (ids)", and, when
 * one fails unperturbed, how many make one that fails pass; e.g.
 * "headline conclusions: 4 of the 4 checks run, all pass unperturbed; 1 of
 * the 2 changes flips one: infant.negative_threshold x 0.7 (play.cadence)"
 * ("none of the 2 changes flips one" when none does).  One line without a
 * newline; with `markdown` the ids and keys are in backquotes.  ATT_OK or
 * ATT_ENOMEM. */
int att_vsens_verdict(const att_vsens *t, int markdown, att_buf *out, att_error *err);

/* Writes the table.
 *   ATT_FORMAT_CSV: the header parameter,factor,value,cut,passed,total,
 *     flipped,headline and one row per att_vsens_row (the first: parameter
 *     "none", factor 1, value empty); numbers as %.6g.
 *   ATT_FORMAT_TABLE: a markdown table (for docs/VALIDATION.md, and
 *     readable on a terminal) after a line naming the population size,
 *     resamples, seed and --only of `o`:
 *     parameter, factor, value ("1 (cut)" when cut), passed ("47/49"),
 *     the flipped ids and the headline ones in backquotes; then a blank
 *     line and the verdict (att_vsens_verdict) as a paragraph.
 * Returns ATT_OK, ATT_EINPUT for another format, ATT_ENOMEM, or ATT_EIO
 * when a write failed. */
int att_vsens_write(FILE *fp, att_format fmt, const att_validate_opts *o, const att_vsens *t,
                    att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
