/* Counters of the draw counter: each wrapped sampler (linked with
 * -Wl,--wrap=NAME, so the library's calls land in __wrap_NAME) adds one
 * call and the sums of its first two parameters, then draws as usual. */
#ifndef ATT_BENCH_WRAP_H
#define ATT_BENCH_WRAP_H

#include "samplers.h"

typedef struct {
    double calls[BENCH_SAMPLER_COUNT];
    double arg1[BENCH_SAMPLER_COUNT];  /* sum of the first parameter after the generator */
    double arg2[BENCH_SAMPLER_COUNT];  /* sum of the second */
} bench_draw_counts;

extern bench_draw_counts bench_draws;

#endif
