/* Benchmarks linked into one program (bench_attune).  Speeds are measured
 * as ratios within one run: two programs or settings alternate (paired
 * adjacent runs) and the median of the pairs' ratios is reported, so a
 * busy machine slows both sides of a pair alike. */
#ifndef ATT_BENCH_H
#define ATT_BENCH_H

#include "attune/match.h"
#include "attune/scenario.h"

/* Wall-clock seconds, and this process's CPU seconds (user + system). */
double bench_now(void);
double bench_cpu(void);
/* The median of v[0..n-1] (reorders v). */
double bench_median(double *v, int n);

/* The ratios every bench fills in for the summary main prints at the end;
 * 0 when not measured. */
typedef struct {
    double floor_ratio, attune_ns, floor_ns;  /* attune / its random draws */
    double floor_lo, floor_hi;                /* its least and greatest pass */
    double trace_ratio, trace_ns;             /* trace / no trace, ns a row */
    double jobs_ratio;                        /* --jobs 2 throughput / --jobs 1 */
    double score_ratio;                       /* attune score / bare libcsv parse */
    double mem_ratio;                         /* peak RSS 100,000 / 1,000 runs */
    long mem_kb[2];
    int rounds;                               /* paired runs per ratio */
} bench_results;
extern bench_results bench_res;

/* The floor: attune's CPU time per dyad-step on `runs` runs (seeds 1 to
 * runs) of the scenario the draw counts of `draws_csv` (written by
 * bench/draws/count.c) name, as a ratio to making exactly those draws
 * with the same generator and samplers and nothing else; each pass
 * alternates chunks of runs of the two. */
int bench_floor(const char *draws_csv, const att_match_table *mt);

/* Trace / no trace: CPU time of `runs` runs of `s` with the trace written
 * to /dev/null and without it. */
int bench_trace(const att_scenario *s, const att_match_table *mt, long runs);

/* Scoring throughput against bare libcsv parsing, and peak memory for two
 * file sizes; `s` is the scenario whose traces are scored. */
int bench_score(const att_scenario *s, const att_match_table *mt);

/* Scoring time for N and 4N distinct phase names (linear: about 4x). */
int bench_phases(const att_match_table *mt);

/* `attune batch` throughput with 1 and 2 threads, and its peak memory for
 * 1,000 and 100,000 runs; `attune` is the program's path. */
int bench_batch(const char *attune);

/* How many students' pages (2 dyads each at 4x speed) attune serve
 * sustains with its 95th percentile response under 100 ms, with the
 * scenarios of `scenarios_dir` and the match tables of `match_dir`. */
int bench_serve(const char *scenarios_dir, const char *match_dir);

#endif
