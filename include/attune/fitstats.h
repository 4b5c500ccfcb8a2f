/* The summary statistics `attune fit` matches (docs/FIT.md, "Statistics"):
 * per window of a set of sessions, observed (coded files) or simulated
 * (att_sim dyads), with their bootstrap variances over sessions, and the
 * targets file of published figures ("Targets file").
 *
 * Sessions are the unit.  An accumulator (att_fitstats) is fed one session
 * at a time with att_score_step rows, the rows `attune score` scores: it
 * runs them through its own att_scorer (same match table, code scheme and
 * rules, so the same definitions as `attune score`) and keeps, per session
 * and window, what the statistics need.  Windows are `all` and one per
 * phase name, in order of first appearance over the sessions.
 *
 * The statistics of window W (names as written, att_fitstat_name):
 *   matched_prop, ruptures_per_min, transitions_per_min, infant_gaze_prop,
 *   infant_positive_prop, infant_negative_prop
 *       the mean over the sessions that have W of the session's value (the
 *       scorer's window column); sessions where it is undefined (NaN, e.g. no
 *       observed time) are left out of the mean.
 *   latency_q25_s, latency_q50_s, latency_q75_s, repaired_within_2s
 *       Kaplan-Meier over the ruptures of all sessions pooled (W's latency
 *       tallies merged, as `attune score --pool`): the 25/50/75 % quantiles
 *       of the time to repair by R's quantile.survfit rule (att_km_quantile)
 *       and 1 - S(2 s).
 *   aversion_bout_s, negative_bout_s
 *       the mean length of a bout, over all sessions' bouts in W pooled: an
 *       aversion bout is a maximal stretch of consecutive steps whose infant
 *       code is not of the gaze class (attune's codes: avert, withdrawn), a
 *       negative bout one whose code is of the negative class (protest,
 *       withdrawn); classes as the scorer's (the scheme's when there is one).
 *       A bout is cut by W's start and end (a phase window holds only the
 *       part inside the phase), by a gap (an unscorable step of either
 *       partner) and by the session's end, and counts with its observed
 *       length.  Undefined when the class is undefined or W has no bout.
 *   matched_prop_sd, ruptures_per_min_sd, infant_gaze_prop_sd,
 *   infant_positive_prop_sd, infant_negative_prop_sd, transitions_per_min_sd
 *       the between-session standard deviation (denominator S - 1) of the
 *       session values whose mean the statistic without _sd is, over the S
 *       sessions where that value is defined; undefined when S < 2.  The
 *       spread across infants that `attune fit --population` matches; not
 *       in the default list (att_fitstats_default_names) but in
 *       att_fitstats_default_names_sd's.
 *   matched_prop_d, ruptures_per_min_d, infant_gaze_prop_d,
 *   infant_positive_prop_d, infant_negative_prop_d, transitions_per_min_d
 *       of a contrast window "A:B" (two windows, split at the first ':'):
 *       Cohen's d of the within-session contrast of A with B,
 *       att_cohens_d_av (attune/stats.h) of the session values of the
 *       statistic without _d in A and in B, over the sessions where both
 *       are defined: (mean A - mean B) / sqrt((sd_A^2 + sd_B^2) / 2).  The
 *       effect size of a still-face study ("play:still-face").  Undefined
 *       with fewer than 2 such sessions or both SDs 0.  Never in a default
 *       list.  A and B are two different phases (not `all`); only these
 *       statistics take a window with a ':'.
 * A statistic is addressed as "WINDOW.NAME" (e.g. "still-face.matched_prop"),
 * split at the last '.', so a phase name may itself contain dots (a _d
 * statistic as "A:B.NAME_d", e.g. "play:still-face.infant_gaze_prop_d").  Values
 * are NaN where undefined.
 *
 * Thread safety: an accumulator is used by one thread at a time; the const
 * functions (vector, bootstrap, window names) may run on several threads
 * at once on one accumulator.  To fill accumulators on several threads,
 * give each its own and att_fitstats_merge them in a fixed order. */
#ifndef ATT_FITSTATS_H
#define ATT_FITSTATS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/coded.h"
#include "attune/error.h"
#include "attune/match.h"
#include "attune/scheme.h"
#include "attune/scorer.h"

/* ---- The statistics ------------------------------------------------------ */

typedef enum att_fitstat {
    ATT_FS_MATCHED_PROP,
    ATT_FS_RUPTURES_PER_MIN,
    ATT_FS_LATENCY_Q25_S,
    ATT_FS_LATENCY_Q50_S,
    ATT_FS_LATENCY_Q75_S,
    ATT_FS_REPAIRED_WITHIN_2S,
    ATT_FS_INFANT_GAZE_PROP,
    ATT_FS_INFANT_POSITIVE_PROP,
    ATT_FS_INFANT_NEGATIVE_PROP,
    ATT_FS_AVERSION_BOUT_S,
    ATT_FS_NEGATIVE_BOUT_S,
    ATT_FS_TRANSITIONS_PER_MIN,
    /* the between-session spread of the six means (--population) */
    ATT_FS_MATCHED_PROP_SD,
    ATT_FS_RUPTURES_PER_MIN_SD,
    ATT_FS_INFANT_GAZE_PROP_SD,
    ATT_FS_INFANT_POSITIVE_PROP_SD,
    ATT_FS_INFANT_NEGATIVE_PROP_SD,
    ATT_FS_TRANSITIONS_PER_MIN_SD,
    /* within-session contrasts of the six means between two windows A:B */
    ATT_FS_MATCHED_PROP_D,
    ATT_FS_RUPTURES_PER_MIN_D,
    ATT_FS_INFANT_GAZE_PROP_D,
    ATT_FS_INFANT_POSITIVE_PROP_D,
    ATT_FS_INFANT_NEGATIVE_PROP_D,
    ATT_FS_TRANSITIONS_PER_MIN_D,
    ATT_FS_COUNT
} att_fitstat;

/* "matched_prop", ... in the order above; NULL past the end. */
const char *att_fitstat_name(att_fitstat s);
/* A one-line meaning, for help texts; NULL past the end. */
const char *att_fitstat_help(att_fitstat s);
/* 1 when the statistic is a share, its values in [0, 1] (the _prop means
 * and repaired_within_2s; not their SDs), else 0 (also past the end). */
int att_fitstat_is_share(att_fitstat s);
/* The statistic named `name`, or -1 when there is none. */
int att_fitstat_find(const char *name);
/* 1 for the _d statistics, whose window is a contrast A:B, else 0. */
int att_fitstat_is_contrast(att_fitstat s);
/* Splits a contrast window "A:B" at its first ':' into `first` and `second`
 * (each of size `cap`).  ATT_OK; ATT_EINPUT (nothing written) when there is
 * no ':', either side is empty or either is `cap` bytes or more. */
int att_fitstat_contrast_split(const char *window, char *first, char *second, size_t cap);

/* Splits "WINDOW.NAME" at its last '.': the window goes to `window` (size
 * `cap`), the statistic to *stat.  ATT_EINPUT with a message naming `text`
 * for: no '.', an empty window, a window of `cap` bytes or more, an
 * unknown NAME (the message suggests the nearest name), a _d statistic
 * whose window is not two different phases A:B (att_fitstat_contrast_split;
 * `all` is not a phase here), or another statistic whose window has a ':'
 * (the message names the _d statistic). */
int att_fitstat_parse(const char *text, char *window, size_t cap, att_fitstat *stat,
                      att_error *err);

/* A list of "WINDOW.NAME"s; the list owns its strings. */
typedef struct att_fitstat_names {
    char **name;
    size_t n;
} att_fitstat_names;

/* Frees the strings and the array and empties the list; NULL does nothing. */
void att_fitstat_names_free(att_fitstat_names *l);

/* Parses `--stats LIST`: comma-separated "WINDOW.NAME"s (spaces around
 * items ignored) into `out` (emptied first).  ATT_EINPUT for an empty item,
 * an item att_fitstat_parse refuses, or one named twice; ATT_ENOMEM.  On
 * error `out` is empty. */
int att_fitstat_names_parse(const char *list, att_fitstat_names *out, att_error *err);

/* ---- The accumulator ----------------------------------------------------- */

typedef struct att_fitstats att_fitstats;

/* An empty accumulator scoring codes of table `mt` with scheme `scheme`
 * (NULL: attune's built-in classes; else as att_scorer_set_scheme, and `mt`
 * should be att_scheme_match_table's) and rules `rules` (NULL: the
 * defaults).  `mt` must outlive the accumulator; the scheme is read at once
 * and the rules copied.  Returns NULL with `err` (may be NULL) filled:
 * ATT_EINPUT for a NULL table or what att_scorer_set_scheme /
 * att_scorer_set_rules refuse, ATT_ENOMEM.  The caller owns the result. */
att_fitstats *att_fitstats_new(const att_match_table *mt, const att_scheme *scheme,
                               const att_score_rules *rules, att_error *err);
/* NULL does nothing. */
void att_fitstats_free(att_fitstats *fs);
/* Forgets every session and window (keeps table, classes, rules, memory). */
void att_fitstats_clear(att_fitstats *fs);

/* Feeding one session: begin, its steps in time order, end.
 * att_fitstats_begin starts session `name` (copied; NULL gives "") and
 * drops a session begun but not ended.  att_fitstats_push feeds a step
 * (for att_sim's att_step: t, phase_name, the match-table indices of the
 * infant and caregiver codes, matched, NaN arousal; an infant or caregiver
 * index outside the table is ATT_EINPUT).  att_fitstats_end ends it at
 * `t_end` (the end of its last step: for att_sim, the session's steps
 * times dt, where att_sim_next returned 0) and keeps it.  Errors are the scorer's
 * (att_scorer_push / att_scorer_end: ATT_EINPUT for a bad time) or
 * ATT_ENOMEM; after an error the session is dropped (the ones ended before
 * stay) and the next call must be att_fitstats_begin. */
int att_fitstats_begin(att_fitstats *fs, const char *name, att_error *err);
int att_fitstats_push(att_fitstats *fs, const att_score_step *st, att_error *err);
int att_fitstats_end(att_fitstats *fs, double t_end, att_error *err);

/* One whole session at once: begin, the n steps, end at t_end. */
int att_fitstats_add(att_fitstats *fs, const char *name, const att_score_step *steps,
                     size_t n, double t_end, att_error *err);

/* Reads every run (session) of coded file `path` into `fs`, as `attune
 * score` reads it: att_coded_read_opts with `o` (NULL: no options; --map,
 * --end, flags) and fs's match table, each run a session.  Errors are the
 * reader's ("FILE:LINE: problem", ATT_EINPUT) and the scorer's; on error the
 * runs read before the failing one stay in `fs` (callers drop `fs`). */
int att_fitstats_read_coded(att_fitstats *fs, const char *path, const att_coded_opts *o,
                            att_error *err);
/* The same, and each run's begin, rows and end passed on to `also` (with
 * `also_user`) after `fs` has taken them, so that a caller checks the
 * file in the same pass (standard input, "-", can be read only once).
 * An error of `also` stops the read and is returned as it set it. */
int att_fitstats_read_coded_with(att_fitstats *fs, const char *path, const att_coded_opts *o,
                                 const att_coded_hooks *also, void *also_user,
                                 att_error *err);

/* Appends the sessions of `src` (unchanged) after those of `dst`, in order,
 * as if they had been fed to `dst`.  Both must have the same match table.
 * ATT_EINPUT when they do not, ATT_ENOMEM (then `dst` holds part). */
int att_fitstats_merge(att_fitstats *dst, const att_fitstats *src, att_error *err);

/* Sessions ended so far. */
size_t att_fitstats_sessions(const att_fitstats *fs);
/* Windows seen: `all` first, then the phases in order of first appearance
 * (0 before any session).  Names are owned by the accumulator, valid until
 * it is cleared or freed; NULL past the end. */
size_t att_fitstats_window_count(const att_fitstats *fs);
const char *att_fitstats_window(const att_fitstats *fs, size_t i);

/* The values of the statistics `names` (n of them, "WINDOW.NAME") over all
 * sessions, into out[0..n): NaN where undefined, including a window no
 * session has.  ATT_EINPUT for a name att_fitstat_parse refuses, ATT_ENOMEM.
 * Deterministic. */
int att_fitstats_vector(const att_fitstats *fs, const char *const *names, size_t n,
                        double *out, att_error *err);

/* The default statistics: every statistic but the _sd ones of every phase
 * window (not `all`), windows in order, statistics in enum order, into `kept`; those
 * undefined for the data (NaN over all sessions) go to `dropped` instead
 * (may be NULL).  Both are emptied first.  ATT_ENOMEM only. */
int att_fitstats_default_names(const att_fitstats *fs, att_fitstat_names *kept,
                               att_fitstat_names *dropped, att_error *err);
/* The same with the _sd statistics too (`attune fit --population`): every
 * statistic of every phase window, windows in order, statistics in enum
 * order (so each window's _sd statistics after its others). */
int att_fitstats_default_names_sd(const att_fitstats *fs, att_fitstat_names *kept,
                                  att_fitstat_names *dropped, att_error *err);

/* Bootstrap variance over sessions: B resamples of the sessions drawn with
 * replacement (GSL MT19937 seeded with `seed`, the one bootstrap of
 * stats/bootstrap.h), the statistics `names` computed on each, and var[k]
 * the sample variance (denominator B_k - 1) of statistic k over the B_k
 * resamples where it is defined; NaN when B_k < 2; exactly 0 when the
 * statistic is the same in every resample up to rounding (within 16 ulp of
 * its mean: e.g. a share that is the same in every session), which the
 * caller must not divide by.  `undefined` (may be
 * NULL) gets B - B_k per statistic.  Same seed, same data: same bytes.
 * ATT_EINPUT for B < 2, no session, or a bad name; ATT_ENOMEM. */
int att_fitstats_bootstrap_var(const att_fitstats *fs, const char *const *names, size_t n,
                               long B, unsigned long seed, double *var, long *undefined,
                               att_error *err);

/* Bootstrap covariance over sessions: the same B resamples as
 * att_fitstats_bootstrap_var with the same seed (one resampling), cov the
 * n x n matrix, row-major: cov[k * n + k] is exactly var[k] of
 * att_fitstats_bootstrap_var; cov[j * n + k] (j != k) the sample covariance
 * (denominator m - 1) over the m resamples where both statistics are
 * defined (NaN when m < 2), 0 when either variance is 0.  Errors as
 * att_fitstats_bootstrap_var (cov all NaN then). */
int att_fitstats_bootstrap_cov(const att_fitstats *fs, const char *const *names, size_t n,
                               long B, unsigned long seed, double *cov, att_error *err);

/* ---- Targets file ----------------------------------------------------------
 *
 * A CSV with the header statistic,phase,value,se,source (any order; other
 * columns ignored; the library's CSV dialect) and one row per statistic:
 *   statistic  one of the names above (att_fitstat_name)
 *   phase      a window name ("all" or a phase)
 *   value      a finite number
 *   se         its standard error, a finite number > 0
 *   source     free text (where the figure comes from), may be empty */

typedef struct att_target {
    char *name;       /* "PHASE.STATISTIC", as att_fitstats_vector takes */
    char *window;     /* the phase column */
    att_fitstat stat;
    double value, se;
    char *source;     /* "" when empty */
    long line;        /* line of the file */
} att_target;

typedef struct att_targets att_targets;

/* Loads a targets file.  Returns NULL with "FILE:LINE: problem"
 * (ATT_EINPUT) for: a missing or empty file, a column missing or named
 * twice, a ragged row, an unknown statistic (suggesting the nearest name),
 * an empty phase, a phase att_fitstat_parse would refuse with the
 * statistic (a _d needs two different phases A:B; only a _d takes a ':'),
 * a value that is not a finite number, an se that is
 * missing, not a number, zero or negative, a (statistic, phase) given twice
 * (naming the earlier line), a file with no rows; ATT_ENOMEM.  Checking the
 * phases against a scenario is the caller's.  The caller owns the result. */
att_targets *att_targets_load(const char *path, att_error *err);
/* NULL does nothing. */
void att_targets_free(att_targets *t);
size_t att_targets_count(const att_targets *t);
/* Target i in file order (owned by `t`); NULL past the end. */
const att_target *att_targets_get(const att_targets *t, size_t i);
/* The file name as messages give it. */
const char *att_targets_path(const att_targets *t);

/* Whether `path` looks like a targets file: 1 when its header has a column
 * `statistic` (att_targets_load then names any of phase, value and se it
 * lacks); 0 when it is some other CSV (a coded file), and for "-"
 * (standard input is not read: coded data);
 * ATT_EINPUT / ATT_EIO (negated: -2, -3) with `err` filled when it cannot
 * be read. */
int att_targets_sniff(const char *path, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
