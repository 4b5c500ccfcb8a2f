/* Scenarios: an INI file (read with inih) turned into a validated plan.
 *
 *   [scenario]  name, dt, duration (when there are no phases), seed, rng,
 *               match_table, sessions (default 1: how many times the same
 *               dyad goes through the phases), interval (s between
 *               sessions, default 86400)
 *   [infant]    preset (secure, anxious or avoidant: see infant.h), and any
 *               key of att_infant_param_table; keys set explicitly win over
 *               the preset wherever they are written
 *   [caregiver] policy, and any key of att_caregiver_param_table
 *   [phase]     repeated, in order: name, duration, and caregiver overrides
 *               (policy and any caregiver key)
 *
 * A phase's caregiver parameters are: the defaults of the phase's policy,
 * then the keys set in [caregiver], then the keys set in that [phase].
 * Without [phase] sections the scenario has one phase named "session" whose
 * duration is [scenario] duration.
 *
 * The file is read with inih: `key = value` lines (or `key: value`),
 * comments from ';' or '#' at the start of a line or from " ;" inside one,
 * lines of at most 197 characters.  Indentation is ignored (inih would read
 * an indented line as the continuation of the previous value).  Each key may
 * appear once per section; [scenario], [infant] and [caregiver] may appear
 * once; a section may not be empty.  Phase names use letters, digits, '-'
 * and '_'.  The scenario's name defaults to the file's base name without its
 * extension. */
#ifndef ATT_SCENARIO_H
#define ATT_SCENARIO_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "attune/caregiver.h"
#include "attune/dist.h"
#include "attune/error.h"
#include "attune/experiment.h"  /* [batch], [condition], sweeps and draws */
#include "attune/infant.h"

#define ATT_NAME_MAX 64

/* One phase, resolved (read-only view). */
typedef struct att_phase {
    char name[ATT_NAME_MAX];
    double duration;                 /* s, > 0, a whole number of steps */
    long steps;                      /* duration / dt */
    const att_policy_type *policy;
    att_caregiver_params params;
} att_phase;

typedef struct att_scenario att_scenario;

/* Reads and validates the scenario at `path`, then applies the `nsets`
 * overrides in `sets` ("section.key=value", as given to --set; a phase key is
 * "phase.NAME.key=value"; "scenario.seed=N" is how --seed is applied) and
 * validates again.  Returns NULL and fills `err` on any problem, with
 * "FILE:LINE: what is wrong" for the file (suggesting the nearest valid
 * section or key for unknown ones) and "--set ARG: what is wrong" for an
 * override.  Errors in the file or an override have err->code ATT_EINPUT
 * (a missing or unreadable file too); running out of memory ATT_ENOMEM.
 * Only the first error is reported.  `path` and `sets` are copied, not kept.
 * The caller owns the result; free it with att_scenario_free. */
att_scenario *att_scenario_load(const char *path, const char *const *sets, size_t nsets,
                                att_error *err);
/* Warnings: keys that are valid but change nothing, because the caregiver
 * policy of every phase they reach ignores them (att_policy_reads): e.g.
 * caregiver.intrusiveness for a patient mother.  Each is one line,
 * "FILE:LINE: warning: caregiver.KEY is ignored by the patient policy" (or
 * "--set ARG: warning: ..."; "phase.NAME.KEY" for a key set in a [phase];
 * " (condition 'NAME')" added for a key a condition's policy ignores);
 * and a distress-prone infant's gain (infant.prone_negative_gain,
 * infant.prone_calm_gain) set where distress_prone is 0 in every run, a
 * fixed 0 and not drawn: "FILE:LINE: warning: infant.KEY has no effect on
 * the infant: distress_prone is 0 throughout the scenario (...)".  Each is
 * one line, without a newline, each text once.  Keys from the file, from --set and
 * from [condition] sections are all checked.  An experiment's list is the
 * union of its conditions' (what `attune batch` runs); a condition's own
 * scenario (att_scenario_condition) has just its own.  The library never
 * prints them: the program does.  att_scenario_warning returns NULL when
 * i >= att_scenario_warning_count (not an error: the end of the list); the
 * strings belong to the scenario. */
size_t att_scenario_warning_count(const att_scenario *s);
const char *att_scenario_warning(const att_scenario *s, size_t i);
/* The key whose value warning i rests on: "caregiver.policy" for a
 * caregiver key a policy ignores, "infant.distress_prone" for a
 * distress-prone infant's gain.  A live change of that key
 * (att_sim_schedule, `attune run --at`; att_sim_changes tells) may make the
 * warning untrue from its step on, which the loader cannot see: `attune
 * run` leaves such a warning out.  NULL when i >= att_scenario_warning_count;
 * the string is static. */
const char *att_scenario_warning_key(const att_scenario *s, size_t i);
/* Where such a change must fall to do so: the index of the phase (a key of
 * a [phase] that names its own policy, which a live policy reaches only
 * while that phase runs), or -1 for anywhere (and for i past the end). */
long att_scenario_warning_phase(const att_scenario *s, size_t i);

/* Frees everything the scenario owns; NULL is a no-op. */
void att_scenario_free(att_scenario *s);

/* One key of the [scenario], [phase], [batch] or [condition] sections: the
 * table the loader checks these keys against (their names, ranges and
 * defaults) and `attune keys` lists.  ([infant] and [caregiver] keys are
 * att_infant_param_table and att_caregiver_param_table.) */
typedef struct att_scenario_key {
    const char *section;  /* "scenario", "phase", "batch" or "condition" */
    const char *name;     /* "SECTION.KEY" stands for any key a condition sets */
    const char *kind;     /* "s", "int", "text", "name", "value" or "NAME|FILE," */
    double min, max;      /* the valid range of a number ("s", "int"); 0, 0 otherwise */
    double def;           /* the default of a number; NAN when there is none */
    const char *range;    /* range and default as listed; NULL for "int", whose
                           * listing is "MIN-MAX, default DEF" */
    const char *meaning;  /* one line; "" when the range says it all */
} att_scenario_key;

/* The table, in the order `attune keys` lists it: section by section, in
 * the order of their keys' suggestions.  Static, never freed. */
extern const att_scenario_key att_scenario_key_table[];
extern const size_t att_scenario_key_count;

/* Accessors: `s` must not be NULL.  Returned strings and structs belong to
 * the scenario and live until att_scenario_free. */
const char *att_scenario_path(const att_scenario *s);
const char *att_scenario_name(const att_scenario *s);
/* SHA-256 of the file's bytes as 64 lowercase hex digits. */
const char *att_scenario_hash(const att_scenario *s);
double att_scenario_dt(const att_scenario *s);             /* s, default 0.1 */
unsigned long att_scenario_seed(const att_scenario *s);     /* default 1, at most 2^32 - 1 */
const char *att_scenario_rng(const att_scenario *s);        /* GSL generator name, default "taus2" */
const gsl_rng_type *att_scenario_rng_type(const att_scenario *s); /* the same generator, validated */
const char *att_scenario_match_table(const att_scenario *s);/* NAME|FILE, default "attuned" */
double att_scenario_duration(const att_scenario *s);        /* sum of phase durations */
long att_scenario_steps(const att_scenario *s);             /* sum of phase steps */
const att_infant_params *att_scenario_infant(const att_scenario *s);
size_t att_scenario_phase_count(const att_scenario *s);
/* Phase i (0-based) in order, or NULL when i >= att_scenario_phase_count
 * (not an error: the end of the list). */
const att_phase *att_scenario_phase(const att_scenario *s, size_t i);

/* Timelines (docs/MODEL.md section 7): [scenario] sessions and interval. */
long att_scenario_sessions(const att_scenario *s);    /* >= 1 */
double att_scenario_interval(const att_scenario *s);  /* s, 0 to 1e9 */
/* The infant preset's name, or "" when none was given. */
const char *att_scenario_preset(const att_scenario *s);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
