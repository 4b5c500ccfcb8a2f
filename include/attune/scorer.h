/* The online rupture/repair scorer: fed one step at a time, by the
 * simulation during a run and by the coded-session reader when scoring a
 * file, so simulated and observed sessions are scored by the same code.
 *
 * Definitions (docs/SCORING.md has them in full):
 * - A step at time t lasts until the next step's t (the last one until the
 *   end time given to att_scorer_end).  Times are resolved to 1 us.
 * - A rupture is a matched step followed by a mismatched one; it starts at
 *   that mismatched step.  A run that begins mismatched has no rupture until
 *   it has first been matched.
 * - A repair is the first matched step after a rupture; the latency is its
 *   time minus the rupture's start.  A rupture still open at the end of a
 *   window is right-censored there.
 * - Windows: `all` (the whole run, ATT_SCORE_ALL) and one per phase name,
 *   in order of first appearance; no phase may be called `all`.  A rupture
 *   belongs to the phase of its first mismatched step; in that phase's
 *   window it is censored at the phase's end and counts as repaired only
 *   if the repair falls inside the phase.
 * - Per-window time shares and transition counts count the steps in that
 *   window; a transition is a step whose matched state differs from the
 *   previous step's.
 * - A rupture is micro or major by how long it lasted (att_rupture_size,
 *   the threshold att_score_rules.major_s); the windows count each kind.
 * - Optional rules (att_score_rules, all off by default; docs/SCORING.md
 *   section 12): a coding unit lays the steps on a grid first (each unit
 *   takes the step in force at its start); a mismatch shorter than
 *   min_rupture_s is no rupture; a match shorter than min_repair_s does not
 *   repair (the latency runs to the start of the first match that lasts).
 *   They decide events late: an event comes at the step (or end) that
 *   decides it, and when one decides two, `ev` holds the repair or
 *   censoring; every finished rupture reaches the rupture callback.
 * - Infant classes come from the code names: gaze at the caregiver =
 *   positive, monitor or protest; positive = positive; negative = protest or
 *   withdrawn.  A class with no code in the table's vocabulary is undefined.
 *   With a code scheme (att_scorer_set_scheme) they come from the scheme
 *   instead, and a class none of its infant codes has is undefined.
 * - Gaps (code schemes only): a step where either partner's code is
 *   unscorable lasts, like any step, until the next step, but its time is
 *   left out of observed time and so of every share and rate.  A rupture
 *   open when a gap starts is censored at the gap's start; after the gap the
 *   run starts afresh, as at its first step: no transition is counted across
 *   the gap, and no rupture starts until it has first been matched again.
 *
 * Undefined statistics are NaN (written as empty fields). */
#ifndef ATT_SCORER_H
#define ATT_SCORER_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>
#include "attune/error.h"
#include "attune/match.h"
#include "attune/scheme.h"
#include "attune/tally.h"

/* The range of a step's time t, in s: -4e9 to 4e9 (126 years either side
 * of 0, room for Unix times).  Within it a double still resolves 1 us and
 * the microsecond sums of a run fit a 64-bit integer many times over. */
#define ATT_SCORE_T_MAX 4e9   /* messages say "-4e9 to 4e9 s": keep them in step */
#define ATT_SCORE_WITHIN_S 2.0    /* k of "repaired within k seconds" */
#define ATT_SCORE_CUTOFF_S 30.0   /* default horizon of the restricted mean */
#define ATT_SCORE_CONF 0.95       /* confidence level of the median's interval */
/* Default threshold between micro and major ruptures, s (docs/SCORING.md
 * section 5: in normal play most mismatches are repaired within 2-3 s and
 * states change every 3-5 s, GUIDE section 5; 5 s is past both). */
#define ATT_SCORE_MAJOR_S 5.0

/* A rupture's size: MAJOR when it lasted at least the threshold (its
 * latency if repaired; censored at or after the threshold, major too);
 * MICRO when repaired in less; UNKNOWN when censored before the threshold
 * (it might have become either). */
typedef enum att_rupture_size { ATT_SIZE_UNKNOWN, ATT_SIZE_MICRO, ATT_SIZE_MAJOR } att_rupture_size;

/* "", "micro", "major". */
const char *att_rupture_size_name(att_rupture_size s);

/* The bounds of every rule's threshold, s: at most an hour; a coding unit,
 * when on, at least 1 ms (a video frame is 17-40 ms). */
#define ATT_SCORE_RULE_MAX_S 3600.0
#define ATT_SCORE_UNIT_MIN_S 0.001

/* The scorer's rules (docs/SCORING.md sections 5 and 12); every threshold
 * in s, 0 turns it off. */
typedef struct att_score_rules {
    double min_rupture_s;  /* a mismatch shorter than this is no rupture; 0: off */
    double min_repair_s;   /* a match shorter than this does not repair; 0: off */
    double unit_s;         /* coding time unit: the steps are laid on a grid; 0: off */
    double major_s;        /* micro below, major from here; ATT_SCORE_MAJOR_S by default */
} att_score_rules;

/* The defaults: all thresholds off, major_s = ATT_SCORE_MAJOR_S. */
void att_score_rules_default(att_score_rules *r);

typedef enum att_score_kind {
    ATT_SCORE_NONE = 0,
    ATT_SCORE_RUPTURE,   /* a rupture starts at this step */
    ATT_SCORE_REPAIR,    /* this step repairs the open rupture */
    ATT_SCORE_CENSORED   /* the open rupture is censored: at att_scorer_end, or at a
                            step that starts a gap */
} att_score_kind;

/* What a step started or ended, for the whole-run window.  The simulation
 * feeds REPAIR and CENSORED to the infant's expectation of repair. */
typedef struct att_score_event {
    att_score_kind kind;
    double start;    /* s, the rupture's start */
    double latency;  /* s, for REPAIR and CENSORED */
} att_score_event;

/* Who repaired: the partner whose code changed at the repair step. */
typedef enum att_repairer {
    ATT_BY_NONE,        /* not repaired (censored) */
    ATT_BY_INFANT,
    ATT_BY_CAREGIVER,
    ATT_BY_BOTH,
    ATT_BY_NEITHER      /* only the matched column changed */
} att_repairer;

/* "", "infant", "caregiver", "both", "neither". */
const char *att_repairer_name(att_repairer r);

/* One step. */
typedef struct att_score_step {
    double t;              /* s, the step's start; increasing within a run */
    const char *phase;     /* phase name; NULL or "" when there are no phases */
    int infant;            /* vocabulary index in the scorer's match table */
    int caregiver;
    int matched;           /* 0 or 1 */
    double infant_arousal; /* NaN when not recorded */
} att_score_step;

/* A finished rupture, reported when it is repaired or censored. */
typedef struct att_rupture {
    const char *run;
    const char *phase;           /* "" when there are no phases */
    double start;                /* s */
    double latency;              /* s, to the repair or (censored) to the run's end */
    int censored;
    double phase_latency;        /* s, within the rupture's phase window */
    int phase_censored;
    att_repairer repaired_by;
    double peak_infant_arousal;  /* over the rupture's mismatched steps; NaN if absent */
    att_rupture_size size;       /* by `latency` and `censored` (whole run) */
    att_rupture_size phase_size; /* by `phase_latency` and `phase_censored`: what the
                                    phase window's micro/major counts count */
} att_rupture;

/* Returns ATT_OK to go on, or an error code (with `err` filled) to stop. */
typedef int (*att_rupture_fn)(const att_rupture *r, void *user, att_error *err);

/* One window's statistics: the columns of `attune score`, in order. */
typedef enum att_score_col {
    ATT_SC_OBSERVED_S,
    ATT_SC_MATCHED_PROP,
    ATT_SC_TRANSITIONS_PER_MIN,
    ATT_SC_RUPTURES,
    ATT_SC_RUPTURES_PER_MIN,
    ATT_SC_REPAIRS,
    ATT_SC_REPAIRS_PER_MIN,
    ATT_SC_REPAIRED_PROP,             /* repairs / ruptures */
    ATT_SC_LATENCY_MEDIAN_S,          /* Kaplan-Meier, censored ruptures included */
    ATT_SC_LATENCY_MEDIAN_LO,         /* Brookmeyer-Crowley interval, log-log */
    ATT_SC_LATENCY_MEDIAN_HI,
    ATT_SC_REPAIRED_WITHIN_2S,        /* 1 - S(2) */
    ATT_SC_RMST_S,                    /* restricted mean time to repair, to the cutoff */
    ATT_SC_LATENCY_MEAN_COMPLETED_S,  /* repaired ruptures only: biased low */
    ATT_SC_INFANT_GAZE_PROP,
    ATT_SC_INFANT_POSITIVE_PROP,
    ATT_SC_INFANT_NEGATIVE_PROP,
    ATT_SC_MICRO_RUPTURES,            /* ruptures repaired in less than the major threshold */
    ATT_SC_MAJOR_RUPTURES,            /* ruptures lasting at least the major threshold */
    ATT_SC_COUNT
} att_score_col;

/* Column names as written ("observed_s", ...), and a one-line meaning. */
const char *att_score_col_name(att_score_col c);
const char *att_score_col_help(att_score_col c);

typedef struct att_window_score {
    const char *window;         /* "all" or the phase name */
    double v[ATT_SC_COUNT];     /* NaN where undefined; counts are whole numbers */
} att_window_score;

typedef struct att_scorer att_scorer;

/* A scorer for codes of table `mt`, which must outlive it; the scorer is the
 * caller's (att_scorer_free).  Returns NULL with `err` (may be NULL) filled:
 * ATT_EINPUT when `mt` is NULL, ATT_ENOMEM when out of memory. */
att_scorer *att_scorer_new(const att_match_table *mt, att_error *err);
/* NULL does nothing. */
void att_scorer_free(att_scorer *sc);

/* Sets the rules (copied) for the runs begun from now on (by
 * att_scorer_begin).  ATT_EINPUT, and nothing changes, for a threshold that
 * is negative, not a number or above ATT_SCORE_RULE_MAX_S, a unit_s neither
 * 0 nor at least ATT_SCORE_UNIT_MIN_S, or a major_s of 0. */
int att_scorer_set_rules(att_scorer *sc, const att_score_rules *r, att_error *err);

/* Takes the classes of every code of the scorer's table from scheme `s`
 * (read at once, not kept): the infant's for the shares, and unscorable
 * codes of either partner for gaps.  Call before the first run.  ATT_EINPUT,
 * with nothing changed, when a code of the table is not in the scheme (use
 * att_scheme_match_table's table, whose codes are the scheme's). */
int att_scorer_set_scheme(att_scorer *sc, const att_scheme *s, att_error *err);

/* Calls `fn` for every finished rupture from now on. */
void att_scorer_on_rupture(att_scorer *sc, att_rupture_fn fn, void *user);

/* The name of the whole run's window, which no phase may have: results
 * name their columns by window (all.observed_s, play.observed_s). */
#define ATT_SCORE_ALL "all"
/* Why, in the words of every message that refuses it. */
#define ATT_SCORE_ALL_RESERVED "phase name '" ATT_SCORE_ALL "' is reserved: it names the " \
                               "whole run's window in scores and results (choose another)"

/* Starts a run labelled `run` (copied), forgetting the previous one. */
int att_scorer_begin(att_scorer *sc, const char *run, att_error *err);

/* Feeds one step; `ev` (may be NULL) says what it started or ended.
 * ATT_EINPUT for a t outside +-ATT_SCORE_T_MAX or not above the previous
 * step's, a `matched` other than 0 or 1, or an infant or caregiver index
 * outside the match table's codes, or a phase named ATT_SCORE_ALL
 * (nothing is counted then).  The cost does not grow with the number of
 * phase names seen. */
int att_scorer_push(att_scorer *sc, const att_score_step *st, att_score_event *ev,
                    att_error *err);
/* The same with `phase_id`, a number >= 0 that the caller gives only to
 * steps of one phase name within the run (the simulation passes its phase
 * index): a step with its predecessor's id is in its predecessor's phase
 * window without comparing the names.  A negative id is no id, as in
 * att_scorer_push. */
int att_scorer_push_id(att_scorer *sc, const att_score_step *st, long phase_id,
                       att_score_event *ev, att_error *err);

/* Ends the run at `t_end` (s, the end of the last step: not before it and
 * at most 2 * ATT_SCORE_T_MAX after it, else ATT_EINPUT); an open rupture
 * comes back in `ev` as ATT_SCORE_CENSORED. */
int att_scorer_end(att_scorer *sc, double t_end, att_score_event *ev, att_error *err);

/* After att_scorer_end: the run's windows, `all` first. */
size_t att_scorer_window_count(const att_scorer *sc);
/* Computes window i's statistics, the restricted mean up to `cutoff_s`. */
int att_scorer_window(const att_scorer *sc, size_t i, double cutoff_s, att_window_score *out,
                      att_error *err);
/* The window's latency tally (for pooling across runs). */
const att_tally *att_scorer_window_tally(const att_scorer *sc, size_t i);
const char *att_scorer_run(const att_scorer *sc);

/* The classes the scorer gives the codes of its table (built in, or the
 * scheme's after att_scorer_set_scheme): infant code i's ATT_CLASS_* bits
 * (ATT_CLASS_UNSCORABLE for a gap code), whether caregiver code i is
 * unscorable (0/1), and the classes at least one scorable infant code has
 * (a class no code has is undefined).  0 for an index outside the table. */
int att_scorer_infant_classes(const att_scorer *sc, int i);
int att_scorer_caregiver_unscorable(const att_scorer *sc, int i);
int att_scorer_classes_known(const att_scorer *sc);

/* Whole-run counts so far. */
long att_scorer_ruptures(const att_scorer *sc);
long att_scorer_repairs(const att_scorer *sc);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
