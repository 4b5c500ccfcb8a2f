/* Batch experiments: every (condition, replicate) run of an experiment file,
 * each scored online and turned into one row of a results CSV, or one line
 * per session when the scenario is a timeline of several sessions.
 *
 * Runs are numbered 0 .. att_batch_runs() - 1 in the canonical order:
 * condition by condition (file order, sweeps expanded), replicate 1 .. R
 * within each.  A run's seed comes from (experiment seed, condition name,
 * replicate) alone, so a row never depends on which process, thread or
 * shard computed it, nor on what else ran.  att_batch_row is safe to call
 * from several threads at once on one batch.
 *
 * Results columns (docs/BATCH.md has them in full):
 *   experiment  16 hex digits naming the experiment: the program version,
 *               the scenario file's bytes, the --set overrides (the seed
 *               among them) and the match table; resume and merge refuse
 *               rows of another experiment
 *   run, runs   this run's number (1-based, canonical order) and the total
 *   condition, replicate (1-based)
 *   session     only when some condition (or the base scenario) has
 *               sessions > 1: 1 .. that condition's sessions, one line each;
 *               the run's other columns repeat on every line
 *   trust       the infant's expectation of repair at the end of the run
 *               (with sessions: of that session; att_sim_trust, `attune
 *               run`'s "trust at the end")
 *   seed        of the run's random stream
 *   one column per varied key (att_scenario_varied_key): the value used
 *   one column per fixed condition key (att_scenario_condition_key, not a
 *               varied one): the condition's value (or the base scenario's)
 *   per window (`all`, then each phase): the scores of `attune score`
 *               as WINDOW.METRIC, WINDOW.infant_arousal_mean and
 *               WINDOW.caregiver_arousal_mean (the mean over the window's
 *               steps, each lasting dt), then WINDOW.latencies: the window's
 *               rupture latencies in seconds, ascending, space-separated,
 *               a censored one suffixed with '+'.
 *               With sessions, the scores are that session's.
 * Numbers are written with "%.10g"; an undefined score is an empty field.
 * A run's lines are written together (one buffer), so a results file cut
 * short holds whole runs, then possibly some lines of the next. */
#ifndef ATT_BATCH_H
#define ATT_BATCH_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include "attune/buf.h"
#include "attune/error.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"

typedef struct att_batch att_batch;

/* A plan for experiment `base` (as loaded with the `nsets` overrides
 * `sets`, which enter the experiment id), judged by match table `mt`
 * (whose contents enter the id: att_match_table_digest, not its name or
 * path, so a table edited between shards is another experiment).  A file
 * without [condition] sections is one
 * condition named after the scenario.  `base` and `mt` must outlive the
 * batch.  NULL with `err` filled when `mt` lacks one of the simulator's
 * codes (ATT_EINPUT, att_sim_check_match_table: before any run) or memory
 * runs out. */
att_batch *att_batch_new(const att_scenario *base, const att_match_table *mt,
                         const char *const *sets, size_t nsets, att_error *err);
/* Frees the plan and everything it owns; NULL does nothing. */
void att_batch_free(att_batch *b);

long att_batch_runs(const att_batch *b);
size_t att_batch_conditions(const att_batch *b);
long att_batch_replicates(const att_batch *b);
const char *att_batch_condition_name(const att_batch *b, size_t i);
const char *att_batch_id(const att_batch *b);          /* the experiment column */
unsigned long att_batch_seed(const att_batch *b, long run);

/* The scenario run `run` uses (its condition's; before any draws). */
const att_scenario *att_batch_scenario(const att_batch *b, long run);
/* Condition index and replicate (1-based) of run `run`. */
size_t att_batch_condition_of(const att_batch *b, long run);
long att_batch_replicate_of(const att_batch *b, long run);

/* The header line, with its '\n'. */
const char *att_batch_header(const att_batch *b);

/* 1 when the results have the session column: some condition, or the base
 * scenario, has more than one session.  Otherwise every run is one line and
 * the columns are those of experiments before timelines existed. */
int att_batch_session_column(const att_batch *b);
/* How many lines run `run` writes: its condition's sessions (1 without). */
long att_batch_sessions(const att_batch *b, long run);

/* What att_batch_row writes, besides the wide lines (flags, or'd):
 *   ATT_BATCH_LONG      the long form instead of wide lines: one row per
 *                       session x window x metric (att_batch_output_header)
 *   ATT_BATCH_RUPTURES  after the lines, a NUL byte, then one row per
 *                       rupture of the run (att_batch_ruptures_header), in
 *                       the order they started, session by session
 * Set before the batch is shared between threads.  ATT_OK or ATT_ENOMEM. */
enum { ATT_BATCH_LONG = 1, ATT_BATCH_RUPTURES = 2 };
int att_batch_set_output(att_batch *b, int flags, att_error *err);
/* The header of the lines att_batch_row writes (wide: att_batch_header;
 * long: experiment,run,condition,replicate,session,seed,KEYS...,window,
 * metric,value), with its '\n'. */
const char *att_batch_output_header(const att_batch *b);
/* The rupture file's header (with '\n'), NULL without ATT_BATCH_RUPTURES. */
const char *att_batch_ruptures_header(const att_batch *b);

/* Hooks to see each step of a run (e.g. to write its trace); may be NULL. */
typedef int (*att_batch_step_fn)(void *user, const att_step *step, att_error *err);

/* Makes att_batch_row give up a run when `interrupted` (NULL: never) says
 * so: it is asked every 1024 steps (a few milliseconds), and the run fails
 * with ATT_EIO "interrupted" and no line.  The library sets no signal
 * handler; the program's handler sets what `interrupted` reads.  Set it
 * before the batch is shared between threads. */
void att_batch_set_interrupt(att_batch *b, int (*interrupted)(void));

/* Simulates run `run` and replaces `out`'s text with its lines, one per
 * session (session 1 first), each ending in '\n' (with ATT_BATCH_LONG:
 * their long rows; with ATT_BATCH_RUPTURES: then a NUL and the rupture
 * rows, so out->len counts both).  `on_step` (may be NULL)
 * sees every step of every session (step->session says which).  Returns
 * ATT_OK, or the hook's error, ATT_ENOMEM, or ATT_EINPUT for a line longer
 * than ATT_CSV_MAX_RESULTS_ROW (which no reader would take back), with
 * `out` emptied. */
int att_batch_row(const att_batch *b, long run, att_buf *out, att_batch_step_fn on_step,
                  void *user, att_error *err);

/* Checks that `line` (one line of a results file, without its '\n') is
 * a line of run `run` of this experiment: same experiment id and run number.
 * Returns ATT_OK, or ATT_EINPUT with `err` saying what differs.  (The
 * results file's reader and writer are batch/results.c.) */
int att_batch_check_row(const att_batch *b, const char *line, long run, att_error *err);

/* The same, and with the session column, that `line` is session `session`
 * (1-based) of run `run`.  Run `run` is complete after its line of session
 * att_batch_sessions(b, run). */
int att_batch_check_line(const att_batch *b, const char *line, long run, long session,
                         att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
