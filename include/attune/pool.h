/* Pooling window scores across runs (`attune score --pool`).
 *
 * Runs are the unit of analysis.  Per window name, the pool keeps each run's
 * scores and latency tally.  Its results are: a Kaplan-Meier estimate over
 * the ruptures of all runs (median, Brookmeyer-Crowley interval, share
 * repaired within 2 s, restricted mean), the mean over runs of every other
 * score (runs where a score is undefined are left out of its mean), and for
 * every score a 95% percentile bootstrap interval from resampling runs with
 * replacement (for the Kaplan-Meier scores, the runs' ruptures are pooled
 * again in each resample).
 *
 * Memory grows with the number of runs (one row of scores and one small
 * tally per run and window), which scoring without --pool avoids. */
#ifndef ATT_POOL_H
#define ATT_POOL_H

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/scorer.h"

typedef struct att_pooled_score {
    const char *window;
    long runs;                     /* runs that have this window */
    long ruptures, repairs;        /* over all runs */
    att_window_score est;          /* the estimates described above */
    double lo[ATT_SC_COUNT];       /* bootstrap interval; NaN where there is none */
    double hi[ATT_SC_COUNT];
} att_pooled_score;

typedef struct att_pool att_pool;

/* `cutoff_s`: horizon of the restricted mean, as for the runs.  The pool is
 * the caller's (att_pool_free).  Returns NULL with `err` (may be NULL)
 * filled: ATT_EINPUT when cutoff_s is not above 0, ATT_ENOMEM when out of
 * memory. */
att_pool *att_pool_new(double cutoff_s, att_error *err);
/* NULL does nothing. */
void att_pool_free(att_pool *p);

/* Adds a finished run (after att_scorer_end).  Returns ATT_OK, or an error
 * code with `err` filled (ATT_ENOMEM, or the scorer's error). */
int att_pool_add(att_pool *p, const att_scorer *sc, att_error *err);

/* Windows in order of first appearance. */
size_t att_pool_window_count(const att_pool *p);

/* Window i's pooled scores with `boot` bootstrap resamples (0: no
 * intervals) drawn from a generator seeded with `seed`: the same seed gives
 * the same intervals (the one bootstrap, stats/bootstrap.h, resampling
 * runs).  Returns ATT_OK, or ATT_ENOMEM with `err` filled. */
int att_pool_result(const att_pool *p, size_t i, long boot, unsigned long seed,
                    att_pooled_score *out, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
