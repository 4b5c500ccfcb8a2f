/* The one test fixture (tests/fixture.c), shared by every test file:
 * temporary folders, writing and reading files, loading a shipped match
 * table, and for the end-to-end tests running the real program
 * ($ATTUNE_BIN, set by `make check`) and looking at what it did.  A helper
 * used by more than one test file belongs here, not in a copy.
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
#ifndef ATT_TESTS_FIXTURE_H
#define ATT_TESTS_FIXTURE_H

#include <check.h>
#include <stddef.h>
#include <sys/types.h>

#include "attune/match.h"

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
TCase *fixture_tcase(const char *name, void (*test_setup)(void));

/* ---- files and folders ---- */

/* Removes the folder and everything in it. */
void rm_tree(const char *dir);
/* work/NAME into buf. */
void in_work(char *buf, size_t size, const char *name);
/* Writes `text` to the file, failing the test when it cannot. */
void write_file(const char *path, const char *text);
/* Writes the n bytes to the file, failing the test when it cannot. */
void write_bytes(const char *path, const void *bytes, size_t n);
/* A fresh file in /tmp (outside any fixture folder; the caller unlinks it)
 * holding `text` or the n bytes; its path into `path` (size >= 32). */
void temp_file(char *path, size_t size, const char *text);
void temp_bytes(char *path, size_t size, const void *bytes, size_t n);
/* 1 when something (a file, folder, link, device) is at path, else 0. */
int exists(const char *path);
/* A character device node major 1 (`minor` 3 is null, 7 full) at path;
 * 0 when not root (mknod needs it, the caller skips), else 1. */
int make_device(const char *path, int minor);
/* Fails unless path is still the character device 1:minor. */
void expect_device(const char *path, int minor);
/* Fails unless the file holds exactly the len bytes. */
void expect_same_file(const char *path, const void *bytes, size_t len);
/* Fails unless the file holds exactly `text`. */
void expect_file_text(const char *path, const char *text);
/* The whole file, NUL-terminated (length in *len unless len is NULL), or
 * NULL when it cannot be opened; free() it. */
char *slurp(const char *path, size_t *len);
/* strcmp of two `char *` (for qsort). */
int cmp_names(const void *a, const void *b);
/* The folder's entries (hidden ones too), sorted, joined by spaces. */
void listing(const char *dir, char *buf, size_t size);
/* Fails unless work's listing is `expect`. */
void expect_listing(const char *expect);

/* ---- the library's shipped data ---- */

/* data/match/NAME.csv of the source tree, loaded (fails the test when it
 * cannot be); att_match_table_free() it. */
att_match_table *load_match(const char *name);

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
void sleep_ms(long ms);
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
/* Field `col` (0-based) of a CSV line into buf ("quoted" fields unquoted,
 * "" inside one a quote); fails when the line has no such column or the
 * field does not fit. */
const char *field(const char *line, int col, char *buf, size_t size);

#endif
