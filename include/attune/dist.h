/* Values that vary in an experiment: population distributions of a
 * parameter ("normal(0.5, 0.1)") drawn once per replicate, and sweeps
 * ("0:0.5:5") that expand into one condition per value.
 *
 * Distributions (GSL samplers):
 *   normal(mean, sd)         sd > 0
 *   lognormal(zeta, sigma)   log of the value is normal(zeta, sigma), sigma > 0
 *   uniform(a, b)            a < b
 *   beta(a, b)               a, b > 0, on [0, 1]
 *   bernoulli(p)             1 with chance p in [0, 1], else 0 (a trait);
 *                            only for a key whose range holds 0 and 1
 * A draw outside the parameter's valid range [min, max] is clipped to the
 * nearer bound (so bounds can carry a point mass: keep the distribution well
 * inside the range).  Draws are rounded to 10 significant digits, the
 * precision the results file records, so a row's values re-run exactly.
 *
 * A sweep FROM:STEP:TO lists FROM, FROM + STEP, ... up to TO inclusive
 * (STEP may be negative to count down).  Each value is written with as many
 * decimals as FROM and STEP have, and that text is the value used. */
#ifndef ATT_DIST_H
#define ATT_DIST_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "attune/error.h"

#define ATT_SWEEP_MAX 10000   /* more values than this is a typo */

typedef enum att_dist_kind {
    ATT_DIST_NORMAL,
    ATT_DIST_LOGNORMAL,
    ATT_DIST_UNIFORM,
    ATT_DIST_BETA,
    ATT_DIST_BERNOULLI   /* 1 with chance a, else 0 (b unused): a trait one has or not */
} att_dist_kind;

typedef struct att_dist {
    att_dist_kind kind;
    double a, b;   /* the arguments, in the order written (bernoulli has one) */
} att_dist;

/* What att_dist_parse and att_sweep_parse return for a text that is not a
 * distribution or not a sweep at all (`err` untouched): the caller reads it
 * as something else, e.g. a number. */
#define ATT_DIST_NONE (-1)
#define ATT_SWEEP_NONE (-1)

/* Parses `text` as a distribution into `out`.  Returns ATT_OK; ATT_DIST_NONE
 * when it does not look like one (no '(' after a word); or ATT_EINPUT with
 * `err` ("TEXT: what is wrong") when it looks like one but is wrong: an
 * unknown name, not two numbers (one for bernoulli), or invalid arguments. */
int att_dist_parse(const char *text, att_dist *out, att_error *err);

/* Checks that draws can fall inside [min, max] at all (e.g. uniform(2, 3)
 * cannot for a 0-1 parameter), and for bernoulli that both 0 and 1 can (a
 * trait clipped to a bound would not be one).  Returns ATT_OK if so, else
 * ATT_EINPUT with `err` saying so. */
int att_dist_check(const att_dist *d, double min, double max, att_error *err);

/* One draw from `r`, clipped to [min, max] and rounded to 10 significant
 * digits.  Uses exactly one GSL sampler call, so streams stay aligned. */
double att_dist_draw(const att_dist *d, gsl_rng *r, double min, double max);

/* Mean and standard deviation of the distribution before clipping. */
double att_dist_mean(const att_dist *d);
double att_dist_sd(const att_dist *d);

/* Writes the distribution back as text, e.g. "normal(0.5, 0.1)". */
void att_dist_format(const att_dist *d, char *buf, size_t size);

/* Rounds to 10 significant digits (what "%.10g" prints and reads back). */
double att_round10(double x);

typedef struct att_sweep {
    double from, step;
    long count;      /* number of values, >= 1 */
    int decimals;    /* of the written values */
} att_sweep;

/* Parses FROM:STEP:TO into `out`.  Returns ATT_OK; ATT_SWEEP_NONE when
 * `text` has fewer than two ':' (not a sweep); or ATT_EINPUT with `err`
 * ("TEXT: what is wrong") for a malformed one (not three numbers), a zero
 * step, a step pointing away from TO (an empty sweep) or more than
 * ATT_SWEEP_MAX values. */
int att_sweep_parse(const char *text, att_sweep *out, att_error *err);

/* The i-th value (0-based) as text: "%.*f" with the sweep's decimals. */
void att_sweep_value(const att_sweep *s, long i, char *buf, size_t size);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
