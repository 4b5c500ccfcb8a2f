/* Benchmarks linked into one program (bench_attune). */
#ifndef ATT_BENCH_H
#define ATT_BENCH_H

#include "attune/match.h"
#include "attune/scenario.h"

double bench_now(void);
/* Scoring throughput against bare libcsv parsing, and peak memory for two
 * file sizes; `s` is the scenario whose traces are scored. */
int bench_score(const att_scenario *s, const att_match_table *mt);

#endif
