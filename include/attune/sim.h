/* The simulation: one dyad (infant + caregiver) run through a scenario's
 * phases, one step of dt at a time, with its own GSL random stream.
 *
 * The simulation does no I/O.  Callers pull step records with att_sim_next
 * and hand them to a trace writer, an event log or a scorer. */
#ifndef ATT_SIM_H
#define ATT_SIM_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#include "attune/caregiver.h"
#include "attune/codes.h"
#include "attune/error.h"
#include "attune/infant.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/scorer.h"

/* Everything that happened in one step (plain data). */
typedef struct att_step {
    long run;                        /* run number, 1 for `attune run` */
    long session;                    /* 1-based session of a timeline */
    long sessions;                   /* how many sessions the timeline has (1: a single run) */
    double interval;                 /* s between sessions (scenario key interval) */
    long index;                      /* step index from 0, within the session */
    double t;                        /* s, start of the step = index * dt (restarts each session) */
    int phase;                       /* index into the scenario's phases */
    const char *phase_name;          /* owned by the scenario */
    att_infant_state infant;
    att_infant_code infant_code;
    att_caregiver_code caregiver_code;
    att_care_mode caregiver_mode;
    att_care_signal signal;          /* what she sent this step */
    double caregiver_arousal;        /* 0-1 */
    int matched;                     /* by the simulation's match table */
    att_score_event score;           /* rupture started or repaired at this step */
} att_step;

typedef struct att_sim att_sim;

/* ATT_OK when match table `mt` names every code the simulator gives the
 * infant and the caregiver, else ATT_EINPUT with `err` naming the table
 * and the first code it lacks (as att_sim_new would fail).  For callers
 * that check an experiment before its first run. */
int att_sim_check_match_table(const att_match_table *mt, att_error *err);

/* Creates a simulation of scenario `s` judged by match table `mt`, with its
 * random stream seeded with `seed` (normally att_scenario_seed(s)).  When `s`
 * has parameters drawn from distributions, they are drawn first, from a
 * stream of the same generator seeded with att_sim_draw_seed(seed): the
 * seed alone fixes both the dyad and its run.  Both
 * `s` and `mt` must outlive the simulation.  Returns NULL and fills `err`
 * when the match table lacks one of the simulator's
 * codes (ATT_EINPUT) or memory runs out. */
att_sim *att_sim_new(const att_scenario *s, const att_match_table *mt,
                     unsigned long seed, long run, att_error *err);
/* NULL does nothing. */
void att_sim_free(att_sim *sim);

/* Advances one step and fills *out.  Returns 1 when a step was made, 0 when
 * the session is over (then ruptures still open have been reported to the
 * infant as unrepaired and the scorer's windows are final for the
 * session), or -1 with `err` filled when the scorer failed (out of memory,
 * or a step time it refuses); every later call returns -1 with the same
 * error.  A scenario of one session is over at the first 0. */
int att_sim_next(att_sim *sim, att_step *out, att_error *err);

/* Brings the simulation to the start of its next step without making it:
 * a phase that begins with that step is begun (its policy and values in
 * force) and the changes scheduled for it are applied, as att_sim_next
 * would first do (no random draw is made, so the steps are the same with
 * or without it).  Then att_sim_policy_name, att_sim_value and
 * att_sim_phase describe the next step, and att_sim_schedule applies a
 * change for it at once.  For a caller that shows the run between steps
 * (attune serve).  Returns 1 when the session has a next step, 0 at its
 * end (att_sim_next then ends it) or after it, -1 with `err` when a
 * change failed or an earlier call did. */
int att_sim_prepare(att_sim *sim, att_error *err);

/* The index of the current phase: the last step's, or the next step's
 * after att_sim_prepare. */
size_t att_sim_phase(const att_sim *sim);

/* After att_sim_next returned 0: starts the next session of a timeline
 * (scenario key `sessions`) and returns 1; returns 0 when that was the
 * last (or the session is not over), or -1 with `err` filled when the new
 * session's scoring could not start (out of memory) or an earlier call
 * failed.  The infant keeps its trust; both partners rest over the interval
 * (att_infant_new_session, att_caregiver_new_session); the scorer starts a
 * new run labelled "RUN/SESSION".  So a caller runs every session with
 *     do { while ((more = att_sim_next(sim, &st, err)) > 0) ...;
 *          if (more < 0) fail; per-session work; }
 *     while ((more = att_sim_next_session(sim, err)) > 0);
 *     if (more < 0) fail;                                                */
int att_sim_next_session(att_sim *sim, att_error *err);

/* The session being run (1-based) and how many there are. */
long att_sim_session(const att_sim *sim);
long att_sim_sessions(const att_sim *sim);

/* The scenario being run: `s`, or the copy with drawn parameters. */
const att_scenario *att_sim_scenario(const att_sim *sim);

/* The seed of the parameter draws for a run seeded with `seed` (32 bits). */
unsigned long att_sim_draw_seed(unsigned long seed);

/* Name of the GSL generator in use, e.g. "taus2". */
const char *att_sim_rng_name(const att_sim *sim);

/* The infant's expectation of repair now (after the run: including the
 * update for ruptures left open at the end). */
double att_sim_trust(const att_sim *sim);

/* The run's online scorer (run label "RUN"): after att_sim_next has returned
 * 0, its windows hold the run's scores, exactly as `attune score` computes
 * them from the run's trace. */
const att_scorer *att_sim_scorer(const att_sim *sim);
/* Calls `fn` for every rupture the run's scorer finishes from now on (each
 * session's, the open one censored at the session's end), as
 * att_scorer_on_rupture does. */
void att_sim_on_rupture(att_sim *sim, att_rupture_fn fn, void *user);

/* ---- Live changes (docs/MODEL.md section 12) ----
 * A key changed from one step of a run on: what `attune run --at` and the
 * sliders and buttons of `attune serve` do.  The assignment is one of
 *   infant.KEY=VALUE      any key of att_infant_param_table, or
 *                         infant.preset=NAME: as if written in [infant];
 *   infant.trust=VALUE    the infant's expectation of repair now (0-1);
 *   caregiver.KEY=VALUE   any key of att_caregiver_param_table, and
 *   caregiver.policy=NAME as if written in [caregiver] and in the current
 *                         [phase]: later phases that set the key themselves
 *                         keep their own value;
 * and holds from that step to the end of the run (later sessions too).  A
 * parameter change keeps the caregiver's mode and timers; a policy change
 * starts her new policy afresh, as a phase boundary does.  So a run with
 * the same scenario, seed and changes at the same steps gives the same
 * steps, live or not. */

/* Applies `assignment` before step `index` (0-based) of session `session`
 * (1-based): the next step to run or a later one.  Changes at the same step
 * apply in the order scheduled.  The key and value are checked now, with
 * the words --set uses.  Returns ATT_OK; ATT_EINPUT with "--at T:ASSIGN:
 * what is wrong" (T as --at takes it, "S/T" in a timeline) for a bad key,
 * value, session or step (one already run, or past the session's end);
 * ATT_ENOMEM; or the error of an earlier failed step.  `assignment` is
 * copied.  A change for the next step is applied at once (att_sim_value
 * and att_sim_policy_name show it) when that step's phase has begun: within
 * a phase, or at a phase boundary or a session's start after
 * att_sim_prepare; otherwise when that step begins. */
int att_sim_schedule(att_sim *sim, long session, long index, const char *assignment,
                     att_error *err);

/* The same from the text of --at: "[SESSION/]TIME:SECTION.KEY=VALUE", TIME
 * in seconds from the session's start, a whole number of steps.  ATT_EINPUT
 * with "--at SPEC: what is wrong" for a malformed SPEC. */
int att_sim_at(att_sim *sim, const char *spec, att_error *err);

/* 1 when a change scheduled for this run (att_sim_schedule, att_sim_at;
 * applied yet or not) sets `key` (not NULL), written "SECTION.KEY" as in
 * "caregiver.policy" or "infant.distress_prone" (a change may have white
 * space around its words), at a step of phase index `phase` (in any
 * session) or, with `phase` < 0, anywhere; 0 otherwise.
 * att_scenario_warning_key and att_scenario_warning_phase say which
 * warnings such a change may make untrue. */
int att_sim_changes(const att_sim *sim, const char *key, long phase);

/* The name of the caregiver's policy now ("patient", "still-face", ...);
 * static. */
const char *att_sim_policy_name(const att_sim *sim);

/* The value now of "infant.KEY", "caregiver.KEY" (the current phase's) or
 * "infant.trust"; NAN for any other key. */
double att_sim_value(const att_sim *sim, const char *key);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
