/* End-to-end tests that outputs never harm the file system, through the
 * real program ($ATTUNE_BIN) and the fixture (tests/fixture.h):
 *   - a character device or a FIFO given as output is written in place by
 *     every command (never replaced by a file, no FILE.meta.json or
 *     FILE.part beside it); devices are private nodes made with mknod in the
 *     test's folder (root only; skipped otherwise);
 *   - an output that is one of the inputs (through any path or link) is
 *     refused before anything is read;
 *   - a reader that goes away (`attune run | head -1`) ends the program
 *     quietly, by SIGPIPE, as a Unix filter;
 *   - a full standard output, a full device, a file-size limit: exit 1 and
 *     no file, no temporary left;
 *   - run's trace and metadata appear together or not at all;
 *   - batch checks its destination before the first run, locks FILE.part
 *     against a second writer, and stops within a run on a signal;
 *   - score stops inside a long run on Ctrl-C;
 *   - replacing a file keeps its mode; -o LINK writes through the link;
 *   - a file is synced before the rename that publishes it, the folder after. */
#include "tests/fixture.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

/* mknod is XSI, hidden by -D_POSIX_C_SOURCE in headers included first. */
int mknod(const char *path, mode_t mode, dev_t dev);

extern char **environ;

static char scn[192], exp_ini[192], trace[192], res[192], out[192];

static const char small_ini[] =
    "[scenario]\nname = small\nseed = 7\ndt = 0.1\nduration = 10\n";
static const char small_exp[] =
    "[scenario]\nname = e\nseed = 3\nduration = 10\n[batch]\nreplicates = 2\n"
    "[condition]\nname = a\n[condition]\nname = b\ncaregiver.wait_time = 2\n";

static void files_setup(void)
{
    setup();
    snprintf(scn, sizeof scn, "%s/s.ini", work);
    snprintf(exp_ini, sizeof exp_ini, "%s/e.ini", work);
    snprintf(trace, sizeof trace, "%s/t.csv", work);
    snprintf(res, sizeof res, "%s/r.csv", work);
    snprintf(out, sizeof out, "%s/out.csv", work);
}

/* s.ini, e.ini, and made from them t.csv (a trace, metadata beside it) and
 * r.csv (batch results). */
static void make_inputs(void)
{
    write_file(scn, small_ini);
    write_file(exp_ini, small_exp);
    result r = run_attune("run", scn, "-o", trace, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("batch", exp_ini, "-o", res, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* ---- devices and FIFOs are written in place ---- */

START_TEST(test_device_outputs)
{
    char dev[192];
    in_work(dev, sizeof dev, "dev");
    make_inputs();
    if (!make_device(dev, 3))
        return;   /* not root */
    const char *const cmds[][16] = {
        { "run", scn, "-o", dev, "-q", NULL },
        { "run", scn, "-o", out, "--meta", dev, "-q", NULL },
        { "score", trace, "-o", dev, "--ruptures", dev, NULL },
        { "batch", exp_ini, "-o", dev, "-q", NULL },
        { "merge", res, "-o", dev, NULL },
        { "compare", res, "-o", dev, NULL },
        { "export", "--sdis", trace, "-o", dev, NULL },
        { "contingency", trace, "--given", "infant:avert", "--target", "caregiver:soothe",
          "--window", "3", "-o", dev, NULL },
        { "validate", "--quick", "--only", "play", "-o", dev, NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        result r = run_argv(cmds[i]);
        expect_status(&r, 0);
        result_free(&r);
        expect_device(dev, 3);
    }
    /* No dev.meta.json, dev.part or temporary beside the device; the one
     * trace written to a file got its metadata beside it. */
    expect_listing("dev e.ini out.csv r.csv s.ini t.csv t.csv.meta.json");
    /* batch --resume has nothing to resume in a device: refused. */
    result r = run_attune("batch", exp_ini, "-o", dev, "--resume", "-q", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--resume needs a regular file", "stderr");
    result_free(&r);
    expect_device(dev, 3);
}
END_TEST

/* Runs `args` with its output going to FIFO `fifo`, read by a child process
 * into `sink`; returns the program's result. */
static result run_into_fifo(const char *const *args, const char *fifo, const char *sink)
{
    pid_t reader = fork();
    ck_assert_int_ge(reader, 0);
    if (reader == 0) {
        int in = open(fifo, O_RDONLY);
        int to = open(sink, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        char buf[4096];
        ssize_t n = -1;
        while (in >= 0 && to >= 0 && (n = read(in, buf, sizeof buf)) > 0)
            if (write(to, buf, (size_t)n) != n)
                _exit(1);
        _exit(n == 0 ? 0 : 1);   /* the end of the FIFO, not a read error */
    }
    result r = finish_within(start(args), 60);
    int st;
    ck_assert_int_eq(waitpid(reader, &st, 0), reader);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return r;
}

START_TEST(test_fifo_outputs)
{
    char fifo[192], sink[192], ref[192];
    in_work(fifo, sizeof fifo, "fifo");
    snprintf(sink, sizeof sink, "%s/got", io);
    snprintf(ref, sizeof ref, "%s/ref", io);
    make_inputs();
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    /* Each command's bytes through the FIFO equal those it writes to a file. */
    const char *const cmds[][8] = {
        { "run", scn, "-q", "-o", NULL },
        { "batch", exp_ini, "-q", "-o", NULL },
        { "score", trace, "--format", "csv", "-o", NULL },
        { "merge", res, "-o", NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const char *args[10];
        size_t n = 0;
        for (; cmds[i][n]; n++)
            args[n] = cmds[i][n];
        args[n] = ref;
        args[n + 1] = NULL;
        result r = run_argv(args);
        expect_status(&r, 0);
        result_free(&r);
        args[n] = fifo;
        r = run_into_fifo(args, fifo, sink);
        expect_status(&r, 0);
        result_free(&r);
        size_t len;
        char *want = slurp(ref, &len);
        ck_assert_ptr_nonnull(want);
        ck_assert_uint_gt(len, 0);
        expect_same_file(sink, want, len);
        free(want);
        struct stat st;
        ck_assert_int_eq(lstat(fifo, &st), 0);
        ck_assert_msg(S_ISFIFO(st.st_mode), "%s: the FIFO was replaced", cmds[i][0]);
    }
    expect_listing("e.ini fifo r.csv s.ini t.csv t.csv.meta.json");
}
END_TEST

/* ---- an output that is an input ---- */

START_TEST(test_output_is_input)
{
    make_inputs();
    char dotdot[256], link_path[192], hard[192], meta[192];
    snprintf(dotdot, sizeof dotdot, "%s/../w/./t.csv", work);
    in_work(link_path, sizeof link_path, "link");
    in_work(hard, sizeof hard, "hard");
    in_work(meta, sizeof meta, "t.csv.meta.json");
    ck_assert_int_eq(symlink("t.csv", link_path), 0);
    ck_assert_int_eq(link(trace, hard), 0);
    const char *const given = "infant:avert", *const target = "caregiver:soothe";
    const char *const cmds[][16] = {
        { "score", trace, "-o", trace, NULL },
        { "score", trace, "-o", dotdot, NULL },
        { "score", trace, "-o", link_path, NULL },
        { "score", trace, "-o", hard, NULL },
        { "score", link_path, "--ruptures", trace, NULL },
        { "score", trace, "-o", out, "--match-table", scn, "--ruptures", scn, NULL },
        { "merge", res, trace, "-o", res, NULL },
        { "compare", res, "-o", res, NULL },
        { "export", "--sdis", trace, "-o", trace, NULL },
        { "contingency", trace, "--given", given, "--target", target, "--window", "3",
          "-o", hard, NULL },
        { "run", scn, "-o", scn, "-q", NULL },
        { "run", scn, "-o", out, "--meta", scn, "-q", NULL },
        { "batch", exp_ini, "-o", exp_ini, "-q", NULL },
    };
    const char *keep[] = { scn, exp_ini, trace, res, meta };
    char *before[5];
    size_t len[5];
    for (int k = 0; k < 5; k++)
        ck_assert_ptr_nonnull(before[k] = slurp(keep[k], &len[k]));
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        result r = run_argv(cmds[i]);
        expect_status(&r, 2);
        expect_contains(r.err, " is the input ", cmds[i][0]);
        expect_contains(r.err, "choose another output file", cmds[i][0]);
        result_free(&r);
        for (int k = 0; k < 5; k++)
            expect_same_file(keep[k], before[k], len[k]);
    }
    /* Two outputs that are one file. */
    result r = run_attune("run", scn, "-o", out, "--meta", out, "-q", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "are the same file", "stderr");
    result_free(&r);
    for (int k = 0; k < 5; k++)
        free(before[k]);
    expect_listing("e.ini hard link r.csv s.ini t.csv t.csv.meta.json");
}
END_TEST

/* ---- a reader that goes away ---- */

/* Starts `args` with standard output into a pipe, reads the first line,
 * closes the pipe and returns how the program ended. */
static result head_1(const char *const *args)
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(fcntl(p[0], F_SETFD, FD_CLOEXEC), 0);
    pid_t pid = start_fds(args, -1, p[1]);
    close(p[1]);
    char c;
    while (read(p[0], &c, 1) == 1 && c != '\n')
        ;
    close(p[0]);
    return finish_within(pid, 30);
}

START_TEST(test_reader_gone)
{
    char long_ini[192], long_exp[192];
    in_work(long_ini, sizeof long_ini, "long.ini");
    in_work(long_exp, sizeof long_exp, "longexp.ini");
    write_file(long_ini, "[scenario]\nname = long\nduration = 200000\n");
    write_file(long_exp, "[scenario]\nduration = 5\n[batch]\nreplicates = 5000\n");
    const char *const cmds[][8] = {
        { "run", long_ini, "-q", NULL },
        { "run", long_ini, "-o", out, "--events", "-q", NULL },
        { "batch", long_exp, "-q", NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        result r = head_1(cmds[i]);
        /* Ended by SIGPIPE, as `yes | head -1` is (status 141 in a shell),
         * and without a word. */
        ck_assert_msg(r.status == -SIGPIPE, "%s: status %d, stderr:\n%s", cmds[i][0], r.status,
                      r.err);
        ck_assert_str_eq(r.err, "");
        result_free(&r);
        expect_listing("long.ini longexp.ini");
    }
}
END_TEST

/* ---- full devices, file-size limits ---- */

START_TEST(test_stdout_full)
{
    char full[192];
    in_work(full, sizeof full, "full");
    make_inputs();
    if (!make_device(full, 7))
        return;
    int fd = open(full, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    const char *const cmds[][8] = {
        { "keys", NULL },
        { "keys", "infant", NULL },
        { "version", NULL },
        { "help", NULL },
        { "run", "--help", NULL },
        { "run", scn, "-q", NULL },
        { "score", trace, NULL },
        { "batch", exp_ini, "-q", NULL },
        { "compare", res, NULL },
        { "compare", res, "--format", "table", NULL },
        { "merge", res, NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        result r = finish_within(start_fds(cmds[i], -1, fd), 30);
        ck_assert_msg(r.status == 1, "%s > FULL: status %d, stderr:\n%s", cmds[i][0], r.status,
                      r.err);
        /* One wording everywhere: the command (even when the error shows
         * only at the final flush; "attune" for its own help), the
         * output, the reason. */
        char want[128];
        int own_help = strcmp(cmds[i][0], "help") == 0;
        snprintf(want, sizeof want, "attune%s%s: standard output: write error: No space left on "
                 "device\n", own_help ? "" : " ", own_help ? "" : cmds[i][0]);
        ck_assert_msg(strcmp(r.err, want) == 0, "%s > FULL: stderr '%s', want '%s'", cmds[i][0],
                      r.err, want);
        result_free(&r);
    }
    close(fd);
    expect_device(full, 7);
    expect_listing("e.ini full r.csv s.ini t.csv t.csv.meta.json");
}
END_TEST

/* `run --meta` to a device that fails: neither file appears, and an
 * existing trace is left as it was. */
START_TEST(test_meta_both_or_neither)
{
    char full[192];
    in_work(full, sizeof full, "full");
    write_file(scn, small_ini);
    if (!make_device(full, 7))
        return;
    result r = run_attune("run", scn, "-o", out, "--meta", full, "-q", NULL);
    expect_status(&r, 1);
    expect_contains(r.err, "No space left on device", "stderr");
    result_free(&r);
    expect_listing("full s.ini");
    write_file(out, "old trace\n");
    r = run_attune("run", scn, "-o", out, "--meta", full, "-q", NULL);
    expect_status(&r, 1);
    result_free(&r);
    expect_same_file(out, "old trace\n", 10);
    expect_listing("full out.csv s.ini");
}
END_TEST

/* `run --events` whose narration cannot be written (standard output on a
 * full device): exit 1 and neither the trace nor its metadata appears. */
START_TEST(test_events_lost_fail_run)
{
    char full[192];
    in_work(full, sizeof full, "full");
    write_file(scn, small_ini);
    if (!make_device(full, 7))
        return;
    int fd = open(full, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    const char *const args[] = { "run", scn, "-o", out, "--events", "-q", NULL };
    result r = finish_within(start_fds(args, -1, fd), 30);
    close(fd);
    expect_status(&r, 1);
    expect_contains(r.err, "standard output: write error (--events)", "stderr");
    result_free(&r);
    expect_listing("full s.ini");
}
END_TEST

/* Under `ulimit -f` a write fails with EFBIG: exit 1, no temporary file
 * (the program was killed by SIGXFSZ before).  batch keeps its whole rows
 * in FILE.part and --resume, without the limit, finishes the same bytes. */
START_TEST(test_file_size_limit)
{
    char long_ini[192], many[192], ref[192], part[200];
    in_work(long_ini, sizeof long_ini, "long.ini");
    in_work(many, sizeof many, "many.ini");
    snprintf(ref, sizeof ref, "%s/ref.csv", io);
    snprintf(part, sizeof part, "%s.part", res);
    write_file(long_ini, "[scenario]\nname = long\nduration = 2000\n");
    write_file(many, "[scenario]\nduration = 5\n[batch]\nreplicates = 1500\n");
    result r = run_attune("batch", many, "-o", ref, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    struct rlimit old, lim;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 100000;   /* the trace is ~2 MB, the results ~240 kB */
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    result r1 = run_attune("run", long_ini, "-o", out, "-q", NULL);
    result r2 = run_attune("batch", many, "-o", res, "-q", "--jobs", "2", NULL);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
    expect_status(&r1, 1);
    expect_contains(r1.err, "File too large", "run's stderr");
    expect_status(&r2, 1);
    expect_contains(r2.err, "File too large", "batch's stderr");
    expect_contains(r2.err, "the finished rows are in", "batch's stderr");
    result_free(&r1);
    result_free(&r2);
    expect_listing("long.ini many.ini r.csv.part");
    r = run_attune("batch", many, "-o", res, "-q", "--resume", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    char *want = slurp(ref, &len);
    ck_assert_ptr_nonnull(want);
    expect_same_file(res, want, len);
    free(want);
    expect_listing("long.ini many.ini r.csv");
}
END_TEST

/* ---- batch: the destination first, one writer, a signal inside a run ---- */

START_TEST(test_batch_destination_first)
{
    char folder[192], traces[192], names[512];
    in_work(folder, sizeof folder, "folder");
    in_work(traces, sizeof traces, "traces");
    write_file(exp_ini, small_exp);
    ck_assert_int_eq(mkdir(folder, 0700), 0);
    char missing[192];
    in_work(missing, sizeof missing, "missing/r.csv");
    const char *const dests[] = { folder, "", missing };
    const int status[] = { 2, 2, 1 };
    const char *const why[] = { "is a folder", "empty file name", "does not exist" };
    for (int i = 0; i < 3; i++) {
        result r = run_attune("batch", exp_ini, "-o", dests[i], "--traces", traces, "-q", NULL);
        expect_status(&r, status[i]);
        expect_contains(r.err, why[i], "stderr");
        result_free(&r);
        /* Refused before the first run: no trace was written. */
        listing(traces, names, sizeof names);
        ck_assert_msg(names[0] == '\0', "runs were made: %s", names);
        listing(folder, names, sizeof names);
        ck_assert_str_eq(names, "");
    }
    expect_listing("e.ini folder traces");
}
END_TEST

/* Three short runs, then one long one: starts the batch writing `res` and
 * returns once the three short rows are in FILE.part (the long run then
 * being computed). */
static pid_t start_until_three_rows(const char *part, const char *long_s)
{
    char text[512];
    snprintf(text, sizeof text, "[scenario]\nname = e\nseed = 5\nduration = 10\n[batch]\n"
             "replicates = 3\n[condition]\nname = short\n[condition]\nname = long\n"
             "scenario.duration = %s\n", long_s);
    write_file(exp_ini, text);
    const char *args[] = { "batch", exp_ini, "-o", res, "--jobs", "1", "-q", NULL };
    pid_t pid = start(args);
    int lines = 0;
    for (int waited = 0; lines < 4; waited += 10) {
        char *t = slurp(part, NULL);
        lines = t ? count_lines(t) : 0;
        free(t);
        int st;
        ck_assert_msg(waitpid(pid, &st, WNOHANG) == 0, "the batch ended before the signal");
        if (waited > 20000) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            ck_abort_msg("the short runs' rows did not appear within 20 s");
        }
        if (lines < 4)
            sleep_ms(10);
    }
    return pid;
}

/* While a batch computes a run of 10^9 s, a second batch on the same file,
 * with or without --resume, is refused and changes nothing; SIGTERM then
 * stops the first inside that run (before, it waited for the run to end),
 * keeping the three finished rows. */
START_TEST(test_batch_second_writer_refused)
{
    char part[200];
    snprintf(part, sizeof part, "%s.part", res);
    pid_t pid = start_until_three_rows(part, "1000000000");
    size_t plen;
    char *p = slurp(part, &plen);
    const char *const second[][8] = {
        { "batch", exp_ini, "-o", res, "--resume", "-q", NULL },
        { "batch", exp_ini, "-o", res, "-q", NULL },
    };
    for (int i = 0; i < 2; i++) {
        result r = run_argv(second[i]);
        expect_status(&r, 2);
        expect_contains(r.err, ".part is being written by another attune process", "stderr");
        result_free(&r);
        expect_same_file(part, p, plen);
    }
    free(p);
    ck_assert_int_eq(kill(pid, SIGTERM), 0);
    result r = finish_within(pid, 20);
    expect_status(&r, 1);
    expect_contains(r.err, "interrupted after 3 of 6 runs", "stderr");
    result_free(&r);
    p = slurp(part, NULL);
    ck_assert_int_eq(count_lines(p), 4);
    free(p);
    expect_listing("e.ini r.csv.part");
}
END_TEST

/* Ctrl-C inside a run of 500,000 s stops the batch at once: the three
 * finished rows kept, the long run dropped (before, it was finished and
 * written); --resume then gives the bytes of an uninterrupted batch. */
START_TEST(test_batch_signal_in_long_run)
{
    char ref[192], part[200];
    snprintf(ref, sizeof ref, "%s/ref.csv", io);
    snprintf(part, sizeof part, "%s.part", res);
    pid_t pid = start_until_three_rows(part, "500000");
    ck_assert_int_eq(kill(pid, SIGINT), 0);
    result r = finish_within(pid, 20);
    expect_status(&r, 1);
    expect_contains(r.err, "interrupted after 3 of 6 runs", "stderr");
    result_free(&r);
    char *p = slurp(part, NULL);
    ck_assert_int_eq(count_lines(p), 4);
    free(p);
    expect_listing("e.ini r.csv.part");
    r = run_attune("batch", exp_ini, "-o", res, "--resume", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("batch", exp_ini, "-o", ref, "--jobs", "2", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    char *want = slurp(ref, &len);
    ck_assert_ptr_nonnull(want);
    ck_assert_int_eq(count_lines(want), 7);
    expect_same_file(res, want, len);
    free(want);
    expect_listing("e.ini r.csv");
}
END_TEST

/* ---- score: Ctrl-C inside a run that does not end ---- */

START_TEST(test_score_signal_in_long_run)
{
    char fifo[192];
    in_work(fifo, sizeof fifo, "in.csv");
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    /* A writer that never ends the run: rows until the reader goes. */
    pid_t writer = fork();
    ck_assert_int_ge(writer, 0);
    if (writer == 0) {
        FILE *f = fopen(fifo, "w");
        if (!f)
            _exit(1);
        fputs("t,infant_code,caregiver_code\n", f);
        for (long t = 0; fprintf(f, "%ld,%s,monitor\n", t, t % 7 ? "monitor" : "protest") > 0;
             t++)
            ;
        _exit(0);
    }
    const char *args[] = { "score", fifo, "-o", out, NULL };
    pid_t pid = start(args);
    sleep_ms(500);   /* let it read a while (not a timing assertion) */
    int st;
    ck_assert_msg(waitpid(pid, &st, WNOHANG) == 0, "score ended by itself");
    ck_assert_int_eq(kill(pid, SIGINT), 0);
    result r = finish_within(pid, 20);
    kill(writer, SIGKILL);
    waitpid(writer, NULL, 0);
    expect_status(&r, 1);
    expect_contains(r.err, "interrupted; nothing written", "stderr");
    ck_assert_str_eq(r.out, "");
    result_free(&r);
    expect_listing("in.csv");
}
END_TEST

/* ---- modes and links ---- */

START_TEST(test_mode_and_link_kept)
{
    make_inputs();
    char link_path[192], target[192], ref[192];
    in_work(link_path, sizeof link_path, "link.csv");
    in_work(target, sizeof target, "target.csv");
    snprintf(ref, sizeof ref, "%s/ref.csv", io);
    struct stat st;
    /* A 0600 trace (and its metadata) replaced: still 0600. */
    char meta[192];
    in_work(meta, sizeof meta, "t.csv.meta.json");
    ck_assert_int_eq(chmod(trace, 0600), 0);
    ck_assert_int_eq(chmod(meta, 0640), 0);
    result r = run_attune("run", scn, "-o", trace, "-q", "--seed", "9", NULL);
    expect_status(&r, 0);
    result_free(&r);
    ck_assert_int_eq(stat(trace, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0600);
    ck_assert_int_eq(stat(meta, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0640);
    /* batch's FILE (through FILE.part) too. */
    ck_assert_int_eq(chmod(res, 0604), 0);
    r = run_attune("batch", exp_ini, "-o", res, "-q", "--seed", "4", NULL);
    expect_status(&r, 0);
    result_free(&r);
    ck_assert_int_eq(stat(res, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0604);
    /* -o LINK writes the link's target, as cp does; the link stays. */
    write_file(target, "old\n");
    ck_assert_int_eq(symlink("target.csv", link_path), 0);
    char meta_elsewhere[192];
    in_work(meta_elsewhere, sizeof meta_elsewhere, "m.json");   /* not beside the link */
    const char *const cmds[][8] = {
        { "run", scn, "-q", "--meta", meta_elsewhere, "-o", NULL },
        { "batch", exp_ini, "-q", "-o", NULL },
        { "score", trace, "-o", NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const char *args[10];
        size_t n = 0;
        for (; cmds[i][n]; n++)
            args[n] = cmds[i][n];
        args[n] = ref;
        args[n + 1] = NULL;
        r = run_argv(args);
        expect_status(&r, 0);
        result_free(&r);
        args[n] = link_path;
        r = run_argv(args);
        expect_status(&r, 0);
        result_free(&r);
        ck_assert_int_eq(lstat(link_path, &st), 0);
        ck_assert_msg(S_ISLNK(st.st_mode), "%s replaced the link by a file", cmds[i][0]);
        size_t len;
        char *want = slurp(ref, &len);
        ck_assert_ptr_nonnull(want);
        expect_same_file(target, want, len);
        free(want);
    }
    expect_listing("e.ini link.csv m.json r.csv s.ini t.csv t.csv.meta.json target.csv");
}
END_TEST

/* ---- durability ---- */

/* Under strace: the temporary file is synced before the rename that
 * publishes it, and the folder after.  Skipped without a working strace. */
START_TEST(test_synced_around_rename)
{
    write_file(scn, small_ini);
    char log[192], meta[192];
    snprintf(log, sizeof log, "%s/strace.log", io);
    in_work(meta, sizeof meta, "m.json");
    const char *argv[] = { "strace", "-f", "-qq", "-e", "trace=openat,fsync,rename,renameat,renameat2",
                           "-o", log, attune_bin(), "run", scn, "-o", out, "--meta", meta,
                           "-q", NULL };
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "strace", &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    int st = 0;
    if (rc != 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return;   /* no strace, or no ptrace here */
    char *text = slurp(log, NULL);
    ck_assert_ptr_nonnull(text);
    /* openat(..."/.out.csv.XXXXXX", O_RDWR|O_CREAT|O_EXCL, 0600) = FD, then
     * fsync(FD), then rename(".../.out.csv.XXXXXX", ".../out.csv"), then
     * openat(... O_DIRECTORY ...) = DIR and fsync(DIR). */
    int fd = -1, dir = -1, step = 0;
    char want[32];
    for (const char *l = text; l && step < 5; l = line_at(l, 1)) {
        char line[1024];
        first_line(l, line, sizeof line);
        const char *eq = strrchr(line, '=');
        if (step == 0 && strstr(line, "/.out.csv.") && strstr(line, "O_CREAT") && eq) {
            fd = atoi(eq + 1);
            step = 1;
        } else if (step == 1 && (snprintf(want, sizeof want, "fsync(%d)", fd), strstr(line, want))) {
            step = 2;
        } else if (step == 2 && strstr(line, "rename") && strstr(line, "/.out.csv.")) {
            step = 3;
        } else if (step == 3 && strstr(line, "O_DIRECTORY") && eq) {
            dir = atoi(eq + 1);
            step = 4;
        } else if (step == 4 && (snprintf(want, sizeof want, "fsync(%d)", dir), strstr(line, want))) {
            step = 5;
        } else if (step == 1 && strstr(line, "rename")) {
            ck_abort_msg("renamed before the file was synced:\n%s", text);
        }
    }
    ck_assert_msg(step == 5, "stopped at step %d of 5 in:\n%s", step, text);
    free(text);
    expect_listing("m.json out.csv s.ini");
}
END_TEST

Suite *suite_cli_files(void)
{
    Suite *s = suite_create("cli_files");
    TCase *tc = fixture_tcase("outputs", files_setup);
    tcase_add_test(tc, test_device_outputs);
    tcase_add_test(tc, test_fifo_outputs);
    tcase_add_test(tc, test_output_is_input);
    tcase_add_test(tc, test_reader_gone);
    tcase_add_test(tc, test_stdout_full);
    tcase_add_test(tc, test_meta_both_or_neither);
    tcase_add_test(tc, test_events_lost_fail_run);
    tcase_add_test(tc, test_file_size_limit);
    tcase_add_test(tc, test_batch_destination_first);
    tcase_add_test(tc, test_batch_second_writer_refused);
    tcase_add_test(tc, test_batch_signal_in_long_run);
    tcase_add_test(tc, test_score_signal_in_long_run);
    tcase_add_test(tc, test_mode_and_link_kept);
    tcase_add_test(tc, test_synced_around_rename);
    suite_add_tcase(s, tc);
    return s;
}
