/* Experiments: the [batch] and [condition] sections of a scenario file, its
 * sweeps and the parameters drawn per replicate (implemented in
 * sim/experiment.c; the scenario itself is attune/scenario.h, which
 * includes this header).
 *
 *   [batch]      replicates (default 1): runs per condition
 *   [condition]  repeated: name = NAME (letters, digits, '-', '_', '.'), then
 *                SECTION.KEY = VALUE lines overriding the rest of the file,
 *                as --set does (e.g. caregiver.policy = intrusive,
 *                phase.still.duration = 60).  A value FROM:STEP:TO is a sweep:
 *                the section expands into one condition per value (several
 *                sweeps: every combination, the first varying slowest), named
 *                NAME[key=value,...] with the key's last part.  A condition
 *                may not set scenario.seed, name, rng or match_table, a phase
 *                name, or [batch] keys, nor a key that a --set also sets.
 *
 * Any [infant] or caregiver parameter (in [caregiver], a [phase] or a
 * condition; not a duration) may be a distribution, "normal(0.5, 0.1)" (see
 * dist.h), drawn per replicate with att_scenario_draw.  Until drawn the parameter holds the
 * distribution's mean, clipped to its range.
 *
 * Every condition is built and validated when the file is loaded, so errors
 * in any of them come from att_scenario_load as "FILE:LINE: ...". */
#ifndef ATT_EXPERIMENT_H
#define ATT_EXPERIMENT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "attune/dist.h"
#include "attune/error.h"

typedef struct att_scenario att_scenario;

/* [batch] replicates. */
long att_scenario_replicates(const att_scenario *s);
/* Expanded conditions, in file order; 0 when the file has no [condition]. */
size_t att_scenario_condition_count(const att_scenario *s);
const char *att_scenario_condition_name(const att_scenario *s, size_t i);
/* Condition i's scenario (owned by `s`), or NULL when i is out of range
 * (not an error: the end of the list). */
const att_scenario *att_scenario_condition(const att_scenario *s, size_t i);

/* Keys drawn from a distribution or swept in the file or any condition, in
 * order of first appearance ("infant.reactivity", "caregiver.wait_time",
 * "phase.play.wait_time"): the parameter columns of batch results. */
size_t att_scenario_varied_count(const att_scenario *s);
const char *att_scenario_varied_key(const att_scenario *s, size_t i);

/* Keys any [condition] section sets (not `name`), as written, in order of
 * first appearance across the sections ("caregiver.policy",
 * "phase.still.duration"): with att_scenario_value_text, the fixed
 * overrides of each condition as columns of batch results.
 * att_scenario_condition_key returns NULL when i >= the count. */
size_t att_scenario_condition_key_count(const att_scenario *s);
const char *att_scenario_condition_key(const att_scenario *s, size_t i);

/* The value of `key` in `s` as text into `buf` (`size` bytes): a number
 * (att_scenario_value) with "%.10g", or the name of a policy
 * ("caregiver.policy", "phase.NAME.policy") or of the infant preset
 * ("infant.preset", "" when none).  Returns 0, or -1 for a key naming none
 * of these (buf then ""). */
int att_scenario_value_text(const att_scenario *s, const char *key, char *buf, size_t size);

/* The value a key has in `s`: "infant.KEY", "caregiver.KEY" (the [caregiver]
 * value, or the default of its policy), "phase.NAME.KEY" (resolved),
 * "phase.NAME.duration", "scenario.dt", "scenario.duration",
 * "scenario.sessions" or "scenario.interval".  Returns 0, or -1 for a key
 * that names none of these: not an error (an answer; the caller words the
 * message). */
int att_scenario_value(const att_scenario *s, const char *key, double *out);

/* This scenario's drawn parameters, in draw order. */
size_t att_scenario_sampled_count(const att_scenario *s);
void att_scenario_sampled_key(const att_scenario *s, size_t i, char *buf, size_t size);
const att_dist *att_scenario_sampled_dist(const att_scenario *s, size_t i);

/* A copy of `s` (without its conditions) whose drawn parameters take one
 * draw each from `r`, in order; values[i] (room for
 * att_scenario_sampled_count, may be NULL) receives them.  Free the copy
 * with att_scenario_free.  NULL (ATT_ENOMEM) when memory runs out. */
att_scenario *att_scenario_draw(const att_scenario *s, gsl_rng *r, double *values,
                                att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
