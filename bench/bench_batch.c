/* Batch throughput and memory: runs `attune batch` itself (the program a
 * researcher runs) on a small experiment, with 1 and 2 threads, and measures
 * wall time (median of paired runs, each pair's order alternating) and the child's
 * peak resident memory (wait4's ru_maxrss) for 1,000 and 100,000 runs. */
#define _DEFAULT_SOURCE  /* wait4 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

extern char **environ;

/* Five policies, drawn infants, 60 s at dt 0.1: 600 dyad-steps a run. */
static const char experiment[] =
    "[scenario]\nduration = 60\nseed = 1\n"
    "[infant]\narousal_baseline = normal(0.2, 0.04)\nstim_gain = lognormal(-0.8, 0.25)\n"
    "[condition]\nname = patient\n"
    "[condition]\nname = intrusive\ncaregiver.policy = intrusive\n"
    "[condition]\nname = still-face\ncaregiver.policy = still-face\n"
    "[condition]\nname = withdrawn\ncaregiver.policy = withdrawn\n"
    "[condition]\nname = inconsistent\ncaregiver.policy = inconsistent\n";

/* Runs attune batch with `replicates` per condition on `jobs` threads and
 * `duration` s runs, rows to /dev/null.  Returns wall seconds (< 0 on
 * failure) and the peak RSS in kB. */
static double batch(const char *attune, const char *ini, long replicates, int jobs,
                    double duration, long *maxrss_kb)
{
    char reps[64], njobs[16], dur[64];
    snprintf(reps, sizeof reps, "batch.replicates=%ld", replicates);
    snprintf(njobs, sizeof njobs, "%d", jobs);
    snprintf(dur, sizeof dur, "scenario.duration=%g", duration);
    char *args[] = { (char *)attune, "batch", (char *)ini, "-o", "-", "--jobs", njobs, "-q",
                     "--set", reps, "--set", dur, NULL };
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    double t0 = bench_now();
    int rc = posix_spawn(&pid, attune, &fa, NULL, args, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return -1;
    *maxrss_kb = ru.ru_maxrss;
    return bench_now() - t0;
}

int bench_batch(const char *attune)
{
    char ini[64];
    snprintf(ini, sizeof ini, "/tmp/attune-bench-batch-%ld.ini", (long)getpid());
    FILE *fp = fopen(ini, "w");
    if (!fp || fputs(experiment, fp) == EOF || fclose(fp) != 0) {
        perror("bench: batch experiment");
        return 1;
    }
    const long reps = 2000;         /* 10,000 runs of 600 steps */
    const double steps = 5.0 * (double)reps * 600;
    double wall[2][64], ratio[64];
    long rss;
    int n = bench_res.rounds;
    for (int rep = 0; rep < n; rep++) {
        /* paired, the order alternating (1 then 2, then 2 then 1): on a
         * shared host the wall time drifts within a pair too */
        for (int k = 0; k < 2; k++) {
            int jobs = rep % 2 ? 2 - k : 1 + k;
            wall[jobs - 1][rep] = batch(attune, ini, reps, jobs, 60, &rss);
            if (wall[jobs - 1][rep] < 0) {
                fprintf(stderr, "bench: %s batch failed\n", attune);
                remove(ini);
                return 1;
            }
        }
        ratio[rep] = wall[0][rep] / wall[1][rep];
    }
    for (int jobs = 1; jobs <= 2; jobs++) {
        double med = bench_median(wall[jobs - 1], n);
        printf("bench batch --jobs %d      : %ld runs in %.3f s = %.0f runs/s, %.2f M dyad-steps/s\n",
               jobs, 5 * reps, med, 5.0 * (double)reps / med, steps / med / 1e6);
    }
    bench_res.jobs_ratio = bench_median(ratio, n);
    printf("bench batch speed-up 1 -> 2 jobs: %.2fx (median of %d paired runs, wall time, on %ld "
           "processors)\n", bench_res.jobs_ratio, n, sysconf(_SC_NPROCESSORS_ONLN));
    /* Memory: 1,000 and 100,000 runs of 10 s on 2 threads. */
    long sizes[2] = { 200, 20000 }, peak[2] = { 0, 0 };
    for (int i = 0; i < 2; i++) {
        double t = batch(attune, ini, sizes[i], 2, 10, &peak[i]);
        if (t < 0) {
            fprintf(stderr, "bench: %s batch failed\n", attune);
            remove(ini);
            return 1;
        }
        printf("bench batch memory        : %6ld runs in %.2f s, peak RSS %ld kB\n",
               5 * sizes[i], t, peak[i]);
    }
    bench_res.mem_kb[0] = peak[0];
    bench_res.mem_kb[1] = peak[1];
    bench_res.mem_ratio = (double)peak[1] / (double)peak[0];
    remove(ini);
    return 0;
}
