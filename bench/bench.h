/* Benchmarks linked into one program (bench_attune). */
#ifndef ATT_BENCH_H
#define ATT_BENCH_H

#include "attune/match.h"
#include "attune/scenario.h"

double bench_now(void);
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
