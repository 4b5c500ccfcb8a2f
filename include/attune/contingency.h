/* Time-window sequential analysis of coded sessions (Bakeman and Quera,
 * "Sequential Analysis and Observational Methods for the Behavioral
 * Sciences", 2011, ch. 11; GSEQ's time-window tallies): how often does a
 * target code occur within S seconds of the onset of a given code?
 *
 * Definitions (docs/SCORING.md has them in full):
 * - Each row (step) of a run is one time unit, whatever its length; or,
 *   with a `unit` in the spec, the run is laid on the grid of
 *   analysis/grid.h (as `attune agree`'s): unit i covers
 *   [t0 + i*unit, t0 + (i+1)*unit) from the run's first t, takes the codes
 *   of the row in force at its start, and counts as a row at t0 + i*unit in
 *   what follows.  A row shorter than a unit may take no unit at all.
 * - An onset of the given code is a row whose given-side code (infant or
 *   caregiver) equals the given code when the previous row of the run did
 *   not, or the run's first row if it does.
 * - A row is "given" when its t lies in [onset, onset + S) for some onset in
 *   its run.  Onsets come in time order and all windows are S long, so only
 *   the latest onset matters: a row is given when t < latest onset + S.
 *   Times are compared in whole microseconds (att_us), so 0.1 + 0.2 is 0.3.
 * - A row is "target" when its target-side code equals the target code.
 * - Per run, a = given and target, b = given and not target, c = not given
 *   and target, d = neither; the pooled table is the sum of the runs' tables.
 *   The statistics of a table are those of attune/stats.h.
 *
 * - Gaps (att_contingency_set_scheme): a unit showing an unscorable code
 *   of either partner under a code scheme is in no cell of the table, and
 *   the run starts afresh after it, as at its first row: the window of an
 *   onset before the gap does not reach past it, and the first unit after
 *   it that shows the given code is an onset.
 *
 * The accumulator keeps no rows: its memory is the same for a run of ten
 * rows as for a run of a million. */
#ifndef ATT_CONTINGENCY_H
#define ATT_CONTINGENCY_H

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/error.h"
#include "attune/match.h"
#include "attune/stats.h"

/* Whose code a given or target code is. */
typedef enum att_partner { ATT_INFANT, ATT_CAREGIVER } att_partner;

/* "infant" or "caregiver". */
const char *att_partner_name(att_partner p);

/* Parses "infant" or "caregiver"; returns 0, or -1 for anything else: not
 * an error (a look-up; the caller words the message with the flag's name). */
int att_partner_parse(const char *name, att_partner *out);

typedef struct att_contingency_spec {
    att_partner given_who;
    int given_code;         /* vocabulary index in the match table of the rows */
    att_partner target_who;
    int target_code;        /* likewise */
    double window;          /* s, S above; > 0 and at most ATT_CONTINGENCY_WINDOW_MAX */
    double unit;            /* s: the grid's unit (1 us to 1e6 s), or 0: each row is a unit */
} att_contingency_spec;

/* The most units one run may take on the grid (a guard against a tiny unit
 * on a long file; the tally keeps no units, this only bounds the time). */
#define ATT_CONTINGENCY_MAX_UNITS 100000000L

/* The longest window, s: longer than any span of times the scorer takes
 * (ATT_SCORE_T_MAX either side of 0), and short enough to count in
 * microseconds. */
#define ATT_CONTINGENCY_WINDOW_MAX 1e10

typedef struct att_contingency att_contingency;

/* A new accumulator for `spec` (copied).  Returns NULL and fills `err` with
 * ATT_EINPUT for a window that is not in (0, ATT_CONTINGENCY_WINDOW_MAX]
 * or under 1 us, a unit that is not 0 and not in [1 us, 1e6 s], or a
 * negative code index, or ATT_ENOMEM.  The caller frees it with
 * att_contingency_free. */
att_contingency *att_contingency_new(const att_contingency_spec *spec, att_error *err);

/* NULL does nothing. */
void att_contingency_free(att_contingency *c);

struct att_scheme;   /* attune/scheme.h (which includes this header) */

/* Makes the units that show an unscorable code of scheme `s` gaps (above):
 * `mt` is the table of the rows' codes (att_scheme_match_table's), read
 * at once, not kept; which codes are unscorable comes from
 * att_scheme_table_classes.  Call before the first run.  ATT_EINPUT, with
 * nothing changed, when a code of `mt` is not in `s` or the given or target
 * code is unscorable (a gap is no code); ATT_ENOMEM.  Once it is set, a push
 * with a code index outside `mt` is ATT_EINPUT. */
int att_contingency_set_scheme(att_contingency *c, const att_match_table *mt,
                               const struct att_scheme *s, att_error *err);

/* Starts a run: clears the run's table and forgets the last onset.  A run
 * still open is ended first (as by att_contingency_end_run). */
void att_contingency_begin_run(att_contingency *c);

/* Tallies one row of the current run: its start t (s) and the vocabulary
 * indices of the infant's and the caregiver's codes.  On the grid, the units
 * of the previous row (those starting before t) are tallied now and this
 * row's at the next push or at att_contingency_end_run_at.  Returns ATT_OK,
 * or ATT_EINPUT (nothing tallied) when no run is open, t is not greater
 * than the previous row's t, the run passes ATT_CONTINGENCY_MAX_UNITS, or
 * (under a scheme) a code index is outside the table. */
int att_contingency_push(att_contingency *c, double t, int infant, int caregiver,
                         att_error *err);

/* Ends the current run and adds its table to the pooled table.  Nothing
 * happens when no run is open.  On the grid the last row's units are not
 * tallied (its length is unknown): use att_contingency_end_run_at. */
void att_contingency_end_run(att_contingency *c);

/* Ends the current run at t_end (s; the coded reader's run_end t): on the
 * grid, first tallies the last row's units, those starting before t_end;
 * without a unit it is att_contingency_end_run.  Returns ATT_OK, or
 * ATT_EINPUT (the run left open) when t_end is before the last row or the
 * run passes ATT_CONTINGENCY_MAX_UNITS. */
int att_contingency_end_run_at(att_contingency *c, double t_end, att_error *err);

/* The current run's table (the last run's once it has ended, until the
 * next begin), and the pooled table of all ended runs. */
att_2x2 att_contingency_run_table(const att_contingency *c);
att_2x2 att_contingency_pooled(const att_contingency *c);

/* Onsets of the given code in the current (or last) run. */
long att_contingency_run_onsets(const att_contingency *c);

/* The statistics of one table, NaN where undefined (attune/stats.h). */
typedef struct att_2x2_stats {
    double yule_q, yule_q_se, odds_ratio, adjusted_residual;
} att_2x2_stats;

att_2x2_stats att_2x2_summarise(att_2x2 t);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
