/* Test runner: runs every Check suite listed in the generated suites.h,
 * after att_init() as the program does (cli/main.c).
 *
 * ATT_CHECK_JOBS=N (N > 1; `make check` gives the number of processors)
 * runs the suites in N worker processes, each taking the next suite not
 * yet taken, the last listed first (the command-line suites, the slowest,
 * are last in suites.h, the short library ones fill in at the end).  A
 * line per suite says its time and its number of tests, followed by
 * Check's report when one failed; the timeouts are N times longer (a test
 * shares the processors).  Unset or 1: one runner over all the
 * suites and Check's own output.  CK_RUN_SUITE and the other CK_ variables
 * hold either way, but CK_XML_LOG_FILE_NAME wants ATT_CHECK_JOBS=1 (each
 * suite's runner would write the file anew). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "attune/init.h"

#define ATT_SUITE(fn) Suite *fn(void);
#include "suites.h"
#undef ATT_SUITE

static const struct {
    Suite *(*make)(void);
    const char *name;   /* the function's: suite_ and the suite's name */
} suites[] = {
#define ATT_SUITE(fn) { fn, #fn },
#include "suites.h"
#undef ATT_SUITE
};
enum { N_SUITES = sizeof suites / sizeof *suites };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A worker: runs the suites whose indices it reads from `fd` until none
 * is left; its exit status is 1 when a test failed. */
static int worker(int fd)
{
    /* A suite's lines leave in one write, not mixed with another's. */
    static char buf[1 << 16];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    int failed = 0, i;
    while (read(fd, &i, sizeof i) == (ssize_t)sizeof i) {
        SRunner *runner = srunner_create(suites[i].make());
        double t0 = now();
        srunner_run_all(runner, CK_SILENT);
        int run = srunner_ntests_run(runner), bad = srunner_ntests_failed(runner);
        if (run > 0)   /* (CK_RUN_SUITE may pick others) */
            printf("%-30s %7.1f s %4d tests%s\n", suites[i].name + strlen("suite_"),
                   now() - t0, run, bad ? "  FAILED:" : "");
        if (bad)
            srunner_print(runner, CK_NORMAL);
        fflush(stdout);
        failed += bad;
        srunner_free(runner);
    }
    return failed > 0;
}

static int run_parallel(int jobs)
{
    /* A test's timeout is a hang's, not a speed test: with N suites at a
     * time a test may get 1/N of the processors it had alone, so the
     * timeouts (set before any suite is made) are N times longer. */
    const char *mult = getenv("CK_TIMEOUT_MULTIPLIER");
    double m = mult ? atof(mult) : 1;
    char scaled[32];
    snprintf(scaled, sizeof scaled, "%g", (m > 0 ? m : 1) * jobs);
    setenv("CK_TIMEOUT_MULTIPLIER", scaled, 1);
    int fds[2];
    if (pipe(fds) != 0) {
        perror("check_attune: pipe");
        return EXIT_FAILURE;
    }
    /* The indices fit the pipe's buffer; each read takes one whole. */
    for (int i = N_SUITES - 1; i >= 0; i--)
        if (write(fds[1], &i, sizeof i) != (ssize_t)sizeof i) {
            perror("check_attune: write");
            return EXIT_FAILURE;
        }
    close(fds[1]);
    fflush(stdout);
    double t0 = now();
    int started = 0;
    for (int j = 0; j < jobs; j++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(worker(fds[0]));
        if (pid < 0) {
            perror("check_attune: fork");
            break;
        }
        started++;
    }
    close(fds[0]);
    int ok = started == jobs, status;
    for (int left = started; left > 0;) {
        if (wait(&status) < 0) {
            if (errno == EINTR)
                continue;
            ok = 0;
            break;
        }
        left--;
        ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    printf("%d suites in %d processes, %.1f s: %s\n", N_SUITES, jobs, now() - t0,
           ok ? "all passed" : "FAILED (the suites marked so above)");
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

int main(void)
{
    att_init();  /* before any test: Check forks each test from this process */
    const char *env = getenv("ATT_CHECK_JOBS");
    int jobs = env ? atoi(env) : 1;
    if (jobs > 1)
        return run_parallel(jobs);
    SRunner *runner = srunner_create(NULL);
    for (int i = 0; i < N_SUITES; i++)
        srunner_add_suite(runner, suites[i].make());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
