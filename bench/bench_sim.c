/* Benchmark: dyad-steps per second for one long run, single-threaded,
 * without a trace and with the trace written to /dev/null; then scoring
 * (bench_score.c).
 * Usage: bench_attune [SECONDS_SIMULATED]   (default 200000 s = 2e6 steps)
 *        bench_attune serve                 (only attune serve's, bench_serve.c) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "attune/init.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "attune/trace.h"
#include "bench.h"

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A long still-face-style session: play, still face, reunion in thirds. */
static const char *write_scenario(double secs, char *path, size_t cap)
{
    snprintf(path, cap, "/tmp/attune-bench-%ld.ini", (long)getpid());
    FILE *fp = fopen(path, "w");
    if (!fp)
        return NULL;
    fprintf(fp, "[scenario]\nname = bench\ndt = 0.1\nseed = 1\n"
                "[caregiver]\npolicy = patient\n"
                "[phase]\nname = play\nduration = %.1f\n"
                "[phase]\nname = still\nduration = %.1f\npolicy = still-face\n"
                "[phase]\nname = reunion\nduration = %.1f\n",
            secs / 3, secs / 3, secs / 3);
    fclose(fp);
    return path;
}

static double run(const att_scenario *s, const att_match_table *mt, FILE *trace_fp, long *steps)
{
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, 1, 1, &err);
    att_trace *tr = trace_fp ? att_trace_new(trace_fp, att_scenario_dt(s), &err) : NULL;
    if (!sim || (trace_fp && !tr)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    att_step st;
    double t0 = bench_now();
    *steps = 0;
    while (att_sim_next(sim, &st, &err) > 0) {
        if (tr)
            att_trace_write(tr, &st, &err);
        ++*steps;
    }
    if (trace_fp)
        fflush(trace_fp);
    double secs = bench_now() - t0;
    att_trace_free(tr);
    att_sim_free(sim);
    return secs;
}

/* Traces to score: the shipped still-face scenario, 360 s a run, repeated. */
#define SRC_STILL_FACE "scenarios/still-face.ini"

int main(int argc, char **argv)
{
    att_init();  /* as the program does (cli/main.c) */
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return bench_serve("scenarios", "data/match");
    double simulated = argc > 1 ? atof(argv[1]) : 200000;
    char path[256];
    att_error err = { 0 };
    if (!write_scenario(simulated, path, sizeof path)) {
        perror("bench: scenario");
        return 1;
    }
    att_scenario *s = att_scenario_load(path, NULL, 0, &err);
    remove(path);
    att_match_table *mt = s ? att_match_table_load("data/match/attuned.csv", &err) : NULL;
    if (!s || !mt) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    long steps;
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {  /* best of 5 against machine noise */
        double t = run(s, mt, NULL, &steps);
        if (t < best) best = t;
    }
    printf("bench sim   no trace        : %ld dyad-steps in %.3f s = %.2f M dyad-steps/s\n",
           steps, best, (double)steps / best / 1e6);
    FILE *null = fopen("/dev/null", "w");
    double t = run(s, mt, null, &steps);
    fclose(null);
    printf("bench sim   trace >/dev/null: %ld dyad-steps in %.3f s = %.2f M dyad-steps/s\n",
           steps, t, (double)steps / t / 1e6);
    att_match_table_free(mt);
    att_scenario_free(s);
    if (!(s = att_scenario_load(SRC_STILL_FACE, NULL, 0, &err))
        || !(mt = att_match_table_load("data/match/attuned.csv", &err))) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    int rc = bench_score(s, mt);
    att_scenario_free(s);
    /* The program sits beside this benchmark in the build folder. */
    char attune[4096];
    const char *slash = strrchr(argv[0], '/');
    snprintf(attune, sizeof attune, "%.*sattune", slash ? (int)(slash - argv[0] + 1) : 0, argv[0]);
    /* Last: a child's peak memory as wait4 reports it starts from this
     * process's, which the many-phase files would raise. */
    if (rc == 0)
        rc = bench_batch(attune);
    if (rc == 0)
        rc = bench_phases(mt);
    if (rc == 0)
        rc = bench_serve("scenarios", "data/match");
    att_match_table_free(mt);
    return rc;
}
