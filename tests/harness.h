/* The harness shared by the end-to-end tests (tests/test_cli.c,
 * tests/test_cli_seq.c), which run the real program ($ATTUNE_BIN, set by
 * `make check`) and look at what it did.
 *
 * Each test case gets one temporary folder (root, made and removed by
 * case_setup/case_teardown, an unchecked fixture, so a failed test leaves
 * nothing behind either), and each test a fresh subfolder of it (base, by
 * setup/teardown, a checked fixture) holding io/ (the program's captured
 * standard output and error) and w/ (work: its inputs and outputs), so
 * listing work shows exactly what a run left behind (a temporary file shows
 * as a hidden name).  The program is started with posix_spawn (no shell),
 * stdin from /dev/null and default signal handling.
 *
 * A test file's own paths (in work/) are set by its own setup function,
 * which calls setup() first. */
#ifndef ATT_TESTS_HARNESS_H
#define ATT_TESTS_HARNESS_H

#include <check.h>
#include <stddef.h>
#include <sys/types.h>

extern char root[64];    /* the test case's temporary folder */
extern char base[96];    /* this test's folder in it */
extern char io[128];     /* base/io: captured stdout and stderr */
extern char work[128];   /* base/w: inputs and outputs */

/* ---- fixtures ---- */

void case_setup(void);     /* makes root (unchecked fixture) */
void case_teardown(void);  /* removes root */
void setup(void);          /* makes base, io and work (checked fixture) */
void teardown(void);       /* removes base */
/* A new test case with both fixtures (`test_setup`: setup, or a test
 * file's own that calls it, then teardown) and 60 s a test. */
TCase *harness_tcase(const char *name, void (*test_setup)(void));

/* ---- files and folders ---- */

/* Removes the folder and everything in it. */
void rm_tree(const char *dir);
/* Writes `text` to the file, failing the test when it cannot. */
void write_file(const char *path, const char *text);
/* The whole file, NUL-terminated (length in *len unless len is NULL), or
 * NULL when it cannot be opened; free() it. */
char *slurp(const char *path, size_t *len);
/* strcmp of two `char *` (for qsort). */
int cmp_names(const void *a, const void *b);
/* The folder's entries (hidden ones too), sorted, joined by spaces. */
void listing(const char *dir, char *buf, size_t size);
/* Fails unless work's listing is `expect`. */
void expect_listing(const char *expect);

/* ---- running the program ---- */

/* $ATTUNE_BIN (relative to the source tree when not found as given). */
const char *attune_bin(void);

typedef struct {
    int status;      /* exit status, or -signal when killed */
    char *out, *err; /* captured standard output and error */
    size_t out_len, err_len;
} result;

void result_free(result *r);
/* Starts attune with `args` (NULL-terminated, after the program name),
 * stdin from /dev/null, stdout and stderr into io/. */
pid_t start(const char *const *args);
/* The same with standard input from `in_fd` and standard output to
 * `out_fd` (e.g. the ends of a pipe; -1: /dev/null and io/ as above).
 * The fds are duplicated into the program; the caller closes its own. */
pid_t start_fds(const char *const *args, int in_fd, int out_fd);
/* Waits for the started program and collects what it wrote. */
result finish(pid_t pid);
/* The same, but kills the program and fails the test when it has not ended
 * within `seconds` (a guard against a hang, not a timing assertion). */
result finish_within(pid_t pid, int seconds);
/* Sleeps `ms` milliseconds (resumed after a signal). */
void harness_sleep_ms(long ms);
/* The result of a program that ended with wait status `st`: its exit status
 * (or -signal) and what it wrote to io/. */
result collect(int st);
/* start() then finish(). */
result run_argv(const char *const *args);
/* run_attune("run", scn, "-o", out, NULL) */
result run_attune(const char *first, ...) __attribute__((sentinel));

/* ---- checking the output ---- */

/* Fails unless the exit status is `status` (showing stderr). */
void expect_status(const result *r, int status);
/* The first line of `text` (without '\n') into buf. */
const char *first_line(const char *text, char *buf, size_t size);
/* Fails unless `what` is in `text` (called `where` in the message). */
void expect_contains(const char *text, const char *what, const char *where);
/* The number of '\n' in text. */
int count_lines(const char *text);
/* Line `k` (0-based) of text, or NULL. */
const char *line_at(const char *text, int k);

#endif
