/* The benchmark program: speed as ratios measured within one run (the
 * floor, bench_floor.c; trace / no trace, here; scoring / bare parse,
 * bench_score.c; --jobs 2 / --jobs 1 and memory, bench_batch.c), then
 * attune serve's load (bench_serve.c), and a summary of the ratios.
 * Usage: bench_attune [--draws DRAWS_CSV] [--rounds N] [--only floor|batch|trace|score|phases|serve]
 *        bench_attune serve      (only attune serve's, bench_serve.c)
 * `make bench` counts the draws (bench/draws/count.c) and passes --draws;
 * without it the floor is skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "attune/init.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "attune/trace.h"
#include "bench.h"

bench_results bench_res = { .rounds = 9 };

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double bench_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* `runs` runs of `s` (seeds 1 to runs), each step written to `trace` when
 * it is not NULL; returns the CPU seconds and the steps. */
static double sim_runs(const att_scenario *s, const att_match_table *mt, long runs, FILE *trace,
                       long *steps)
{
    att_error err = { 0 };
    att_trace *tr = trace ? att_trace_new(trace, att_scenario_dt(s), &err) : NULL;
    if (trace && !tr) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    *steps = 0;
    double t0 = bench_cpu();
    for (long run = 1; run <= runs; run++) {
        att_sim *sim = att_sim_new(s, mt, (unsigned long)run, run, &err);
        att_step st;
        while (sim && att_sim_next(sim, &st, &err) > 0) {
            if (tr && att_trace_write(tr, &st, &err) != ATT_OK) {
                fprintf(stderr, "bench: %s\n", err.msg);
                exit(1);
            }
            ++*steps;
        }
        att_sim_free(sim);
    }
    if (tr && att_trace_flush(tr, &err) != ATT_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    att_trace_free(tr);
    if (trace)
        fflush(trace);
    return bench_cpu() - t0;
}

int bench_trace(const att_scenario *s, const att_match_table *mt, long runs)
{
    FILE *null = fopen("/dev/null", "w");
    if (!null) {
        perror("bench: /dev/null");
        return 1;
    }
    int n = bench_res.rounds;
    double ratio[64], ns_row[64];
    long steps = 0;
    for (int i = 0; i < n; i++) {
        double bare = sim_runs(s, mt, runs, NULL, &steps);
        double traced = sim_runs(s, mt, runs, null, &steps);
        ratio[i] = traced / bare;
        ns_row[i] = 1e9 * (traced - bare) / (double)steps;
    }
    fclose(null);
    bench_res.trace_ratio = bench_median(ratio, n);
    bench_res.trace_ns = bench_median(ns_row, n);
    printf("bench trace trace / no trace : %.2fx (%.0f ns a row more; median of %d paired runs of "
           "%ld dyad-steps, CPU time, trace to /dev/null)\n", bench_res.trace_ratio,
           bench_res.trace_ns, n, steps);
    return 0;
}

static void summary(void)
{
    const bench_results *r = &bench_res;
    printf("\nbench summary (medians of %d paired adjacent runs; CPU time except --jobs):\n",
           r->rounds);
    if (r->floor_ratio > 0)
        printf("  attune / its random draws    : %5.2fx  (%.1f vs %.1f ns a dyad-step, the passes "
               "%.2fx to %.2fx; target at most 2x)\n", r->floor_ratio, r->attune_ns, r->floor_ns,
               r->floor_lo, r->floor_hi);
    printf("  trace / no trace             : %5.2fx  (target at most 2x)\n", r->trace_ratio);
    printf("  --jobs 2 / --jobs 1 (speed)  : %5.2fx  (wall time; target at least 1.9x on an idle "
           "2-core machine)\n", r->jobs_ratio);
    printf("  scoring / bare libcsv parse  : %5.2fx\n", r->score_ratio);
    printf("  peak memory 100,000 / 1,000 runs: %.2fx (%ld kB, %ld kB)\n", r->mem_ratio,
           r->mem_kb[1], r->mem_kb[0]);
}

#define SRC_STILL_FACE "scenarios/still-face.ini"

int main(int argc, char **argv)
{
    att_init();  /* as the program does (cli/main.c) */
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return bench_serve("scenarios", "data/match");
    const char *draws = NULL, *only = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--draws") == 0)
            draws = argv[i + 1];
        else if (strcmp(argv[i], "--rounds") == 0)
            bench_res.rounds = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--only") == 0)
            only = argv[i + 1];
    }
    if (bench_res.rounds < 1 || bench_res.rounds > 64) {
        fprintf(stderr, "bench: --rounds takes 1 to 64\n");
        return 2;
    }
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(SRC_STILL_FACE, NULL, 0, &err);
    att_match_table *mt = s ? att_match_table_load("data/match/attuned.csv", &err) : NULL;
    if (!mt) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    /* The program sits beside this benchmark in the build folder. */
    char attune[4096];
    const char *slash = strrchr(argv[0], '/');
    snprintf(attune, sizeof attune, "%.*sattune", slash ? (int)(slash - argv[0] + 1) : 0, argv[0]);
    int rc = 0;
#define WANT(name) (rc == 0 && (!only || strcmp(only, name) == 0))
    if (WANT("floor") && !draws)
        printf("bench floor: skipped (run `make bench`, which counts the draws)\n");
    else if (WANT("floor"))
        rc = bench_floor(draws, mt);
    /* Early: a child's peak memory as wait4 reports it starts from this
     * process's, which scoring and the many-phase files raise. */
    if (WANT("batch"))
        rc = bench_batch(attune);
    if (WANT("trace"))
        rc = bench_trace(s, mt, 300);
    if (WANT("score"))
        rc = bench_score(s, mt);
    if (WANT("phases"))
        rc = bench_phases(mt);
    if (rc == 0 && !only)
        summary();
    if (WANT("serve"))
        rc = bench_serve("scenarios", "data/match");
    att_scenario_free(s);
    att_match_table_free(mt);
    return rc;
}
