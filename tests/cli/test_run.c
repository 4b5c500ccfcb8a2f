/* `attune run` through the real program ($ATTUNE_BIN, set by `make check`):
 * the trace and its metadata, reproducibility, --set, --events, the first
 * line of every bad-input message (with the right file line), refusing an
 * experiment file, warnings for keys the policy ignores, and that a failed
 * or interrupted run leaves no output file and no temporary file behind.
 *
 * Through the fixture (tests/fixture.h): the program is started with
 * posix_spawn (no shell), stdout and stderr captured in io/, inputs and
 * outputs in w/ of a fresh folder per test, so listing w/ shows exactly
 * what a command left behind (a temporary file shows as a hidden name). */
#include "tests/fixture.h"

#include <check.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const header12[] = {
    "run", "t", "phase", "infant_arousal", "infant_gaze", "infant_affect",
    "infant_behavior", "infant_code", "caregiver_code", "caregiver_behavior",
    "caregiver_stimulation", "matched"
};

/* ---- output ---- */

/* sha256sum's digest of the file, computed outside attune. */
static void sha256_of(const char *path, char hex[65])
{
    ck_assert_msg(strchr(path, '\'') == NULL, "unexpected quote in %s", path);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "sha256sum -- '%s'", path);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char line[512] = "";
    char *got = fgets(line, sizeof line, p);
    int st = pclose(p);
    ck_assert_msg(got && st == 0, "sha256sum failed (status %d)", st);
    ck_assert_uint_ge(strlen(line), 64);
    memcpy(hex, line, 64);
    hex[64] = '\0';
    for (int i = 0; i < 64; i++)
        ck_assert_msg(strchr("0123456789abcdef", hex[i]) != NULL, "bad sha256sum output: %s", line);
}

/* ---- a valid run ---- */

START_TEST(test_valid_run)
{
    write_file(run_ini, two_phase_ini);
    result r = run_attune("run", run_ini, "-o", run_out, "--seed", "42", NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.out_len == 0, "stdout not empty: %s", r.out);
    result_free(&r);

    size_t len;
    char *csv = slurp(run_out, &len);
    ck_assert_msg(csv != NULL, "%s was not written", run_out);
    ck_assert_int_eq(count_lines(csv), 101);
    ck_assert_int_eq(csv[len - 1], '\n');
    char f[64];
    for (int c = 0; c < 12; c++)
        ck_assert_str_eq(field(csv, c, f, sizeof f), header12[c]);
    /* One row per step: run 1, t = k * dt, the phase by name. */
    for (int k = 0; k < 100; k++) {
        const char *row = line_at(csv, k + 1);
        ck_assert_ptr_nonnull(row);
        char t[16];
        snprintf(t, sizeof t, "%.1f", k * 0.1);
        ck_assert_str_eq(field(row, 0, f, sizeof f), "1");
        ck_assert_str_eq(field(row, 1, f, sizeof f), t);
        ck_assert_str_eq(field(row, 2, f, sizeof f), k < 50 ? "play" : "still");
        const char *m = field(row, 11, f, sizeof f);
        ck_assert_msg(strcmp(m, "0") == 0 || strcmp(m, "1") == 0, "row %d: matched = %s", k, m);
    }
    free(csv);

    char *js = slurp(run_meta, NULL);
    ck_assert_msg(js != NULL, "%s was not written", run_meta);
    char hex[65], want[128];
    sha256_of(run_ini, hex);
    expect_contains(js, "\"seed\": 42,\n", "metadata");
    snprintf(want, sizeof want, "\"scenario_sha256\": \"%s\"", hex);
    expect_contains(js, want, "metadata");
    expect_contains(js, "\"steps\": 100,", "metadata");
    expect_contains(js, "\"dt\": 0.1,", "metadata");
    free(js);

    expect_listing("OUT.csv OUT.csv.meta.json s.ini");
}
END_TEST

START_TEST(test_reproducible)
{
    write_file(run_ini, two_phase_ini);
    char out2[192];
    snprintf(out2, sizeof out2, "%s/OUT2.csv", work);
    size_t n1, n2;

    result r = run_attune("run", run_ini, "-o", run_out, "--seed", "11", "-q", NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.err_len, 0);  /* -q: no summary */
    result_free(&r);
    char *a = slurp(run_out, &n1);
    ck_assert_ptr_nonnull(a);

    r = run_attune("run", run_ini, "-o", out2, "--seed", "11", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *b = slurp(out2, &n2);
    ck_assert_ptr_nonnull(b);
    ck_assert_msg(n1 == n2 && memcmp(a, b, n1) == 0, "same seed, different traces");
    free(b);

    r = run_attune("run", run_ini, "-o", out2, "--seed", "12", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    b = slurp(out2, &n2);
    ck_assert_ptr_nonnull(b);
    ck_assert_msg(n1 != n2 || memcmp(a, b, n1) != 0, "seeds 11 and 12 gave the same trace");
    free(b);

    /* -o - writes the same bytes to standard output, and no metadata. */
    ck_assert_int_eq(unlink(out2), 0);
    char meta2[224];
    snprintf(meta2, sizeof meta2, "%s.meta.json", out2);
    ck_assert_int_eq(unlink(meta2), 0);
    r = run_attune("run", run_ini, "-o", "-", "--seed", "11", NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.out_len == n1 && memcmp(r.out, a, n1) == 0,
                  "-o - gave %zu bytes, unlike the file's %zu", r.out_len, n1);
    expect_contains(r.err, "small (seed 11): 100 steps of 0.1 s", "summary");
    result_free(&r);
    free(a);
    expect_listing("OUT.csv OUT.csv.meta.json s.ini");
}
END_TEST

START_TEST(test_set_still_face)
{
    write_file(run_ini, two_phase_ini);
    result r = run_attune("run", run_ini, "-o", run_out, "--set", "caregiver.policy=still-face", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *csv = slurp(run_out, NULL);
    ck_assert_ptr_nonnull(csv);
    char f[64];
    ck_assert_str_eq(field(csv, 8, f, sizeof f), "caregiver_code");
    int rows = 0;
    for (const char *row = line_at(csv, 1); row; row = line_at(row, 1), rows++)
        ck_assert_msg(strcmp(field(row, 8, f, sizeof f), "still") == 0,
                      "row %d: caregiver_code %s, expected still", rows + 1, f);
    ck_assert_int_eq(rows, 100);
    free(csv);

    /* Without the override the first phase is not a still face. */
    r = run_attune("run", run_ini, "-o", run_out, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    csv = slurp(run_out, NULL);
    ck_assert_ptr_nonnull(csv);
    int still = 0;
    for (const char *row = line_at(csv, 1); row; row = line_at(row, 1))
        still += strcmp(field(row, 8, f, sizeof f), "still") == 0;
    ck_assert_int_eq(still, 50);
    free(csv);
}
END_TEST

/* ---- bad input ---- */

enum prefix { P_LINE, P_PATH, P_NONE };

typedef struct {
    const char *text;       /* written to s.ini; NULL: the scenario is missing */
    const char *blame;      /* text of the line the message must name */
    enum prefix prefix;     /* "PATH:LINE: ", "attune run: PATH: " or nothing */
    const char *starts;     /* what follows the prefix */
    const char *contains;   /* also somewhere in the first line, or NULL */
    const char *args[6];    /* after "run PATH -o OUT" */
} bad_case;

static const bad_case bad_cases[] = {
    { NULL, NULL, P_PATH, "cannot read", "No such file", { NULL } },
    { "[scenario]\ndt = 0.1\nduration = 10\nthis line is junk\n", "this line is junk",
      P_LINE, "malformed line", NULL, { NULL } },
    { "[scenario]\nduration = 10\n\n; the infant\n[infnat]\narousal_tau = 3\n", "[infnat]",
      P_LINE, "unknown section [infnat] (did you mean [infant]?)", NULL, { NULL } },
    { "[scenario]\nduration = 10\n\n[caregiver]\npolicy = patient\nwait_tme = 2\n", "wait_tme",
      P_LINE, "unknown key 'wait_tme' in [caregiver] (did you mean 'wait_time'?)", NULL, { NULL } },
    { "[scenario]\nname = x\nduration = 10\ndt = -0.1\n", "dt = -0.1",
      P_LINE, "dt = -0.1 is out of range", NULL, { NULL } },
    { "[scenario]\nduration = 10\n[caregiver]\nperception_noise = 1.5\n", "perception_noise",
      P_LINE, "perception_noise = 1.5 is out of range [0, 0.9]", NULL, { NULL } },
    { "[scenario]\nduration = 10\n[infant]\npreset = secur\n", "secur", P_LINE,
      "unknown preset 'secur' (did you mean 'secure'? presets: secure, anxious, avoidant)",
      NULL, { NULL } },
    { "[scenario]\nduration = 10\nsessions = 0\n", "sessions", P_LINE,
      "sessions = 0 is not a whole number from 1 to 100000", NULL, { NULL } },
    { "[scenario]\nduration = 10\nsessions = 2.5\n", "sessions", P_LINE,
      "sessions = 2.5 is not a whole number from 1 to 100000", NULL, { NULL } },
    { "[scenario]\nduration = 10\nsessions = 3\ninterval = -1\n", "interval", P_LINE,
      "interval = -1 is out of range: must be from 0 to 1e9 s", NULL, { NULL } },
    { "[scenario]\nduration = 10\npreset = secure\n", "preset", P_LINE,
      "unknown key 'preset' in [scenario] (it belongs in [infant])", NULL, { NULL } },
    { "[scenario]\ndt = 0.1\n\n[phase]\nname = a\nduration = 5\n\n[phase]\nname = b\n"
      "duration = -5\n", "duration = -5",
      P_LINE, "duration = -5 is out of range", NULL, { NULL } },
    { "[scenario]\nduration = 10\n\n[phase]\nname = a\nduration = 10\npolicy = patiant\n",
      "patiant", P_LINE, "unknown policy 'patiant' (did you mean 'patient'?)", NULL, { NULL } },
    { two_phase_ini, NULL, P_NONE, "--set caregiver.wait_time: expected section.key=value", NULL,
      { "--set", "caregiver.wait_time", NULL } },
    { two_phase_ini, NULL, P_NONE,
      "--set caregiver.wait_tme=3: unknown key 'wait_tme' in [caregiver] (did you mean 'wait_time'?)",
      NULL, { "--set", "caregiver.wait_tme=3", NULL } },
    { two_phase_ini, NULL, P_NONE, "attune run: --seed abc: must be a whole number", NULL,
      { "--seed", "abc", NULL } },
    { two_phase_ini, NULL, P_NONE, "attune run: ", "unknown match table 'nosuch'",
      { "--match-table", "nosuch", NULL } },
};

/* 1-based number of the first line of `text` containing `what`. */
static int line_of(const char *text, const char *what)
{
    const char *hit = strstr(text, what);
    ck_assert_ptr_nonnull(hit);
    int line = 1;
    for (const char *p = text; p < hit; p++)
        line += *p == '\n';
    return line;
}

START_TEST(test_bad_input)
{
    const bad_case *c = &bad_cases[_i];
    char path[192];
    if (c->text) {
        write_file(run_ini, c->text);
        snprintf(path, sizeof path, "%s", run_ini);
    } else {
        snprintf(path, sizeof path, "%s/nosuch.ini", work);
    }
    const char *args[16] = { "run", path, "-o", run_out };
    size_t n = 4;
    for (size_t i = 0; c->args[i]; i++)
        args[n++] = c->args[i];
    args[n] = NULL;
    result r = run_argv(args);
    expect_status(&r, 2);
    ck_assert_msg(r.out_len == 0, "stdout not empty: %s", r.out);

    char want[512], line[1024];
    if (c->prefix == P_LINE)
        snprintf(want, sizeof want, "%s:%d: %s", path, line_of(c->text, c->blame), c->starts);
    else if (c->prefix == P_PATH)
        snprintf(want, sizeof want, "attune run: %s: %s", path, c->starts);
    else
        snprintf(want, sizeof want, "%s", c->starts);
    first_line(r.err, line, sizeof line);
    ck_assert_msg(strncmp(line, want, strlen(want)) == 0,
                  "case %d: stderr's first line is\n  %s\nexpected it to start with\n  %s",
                  _i, line, want);
    if (c->contains)
        expect_contains(line, c->contains, "stderr's first line");
    result_free(&r);

    /* No trace, no metadata, no temporary file. */
    ck_assert(!exists(run_out));
    ck_assert(!exists(run_meta));
    expect_listing(c->text ? "s.ini" : "");
}
END_TEST

START_TEST(test_existing_output_kept)
{
    static const char old_csv[] = "precious,old\ntrace,1\n";
    static const char old_meta[] = "{\"old\": true}\n";
    write_file(run_out, old_csv);
    write_file(run_meta, old_meta);

    write_file(run_ini, "[scenario]\nduration = 10\ndt = 0.1\nbroken line\n");
    result r = run_attune("run", run_ini, "-o", run_out, NULL);
    expect_status(&r, 2);
    result_free(&r);

    write_file(run_ini, two_phase_ini);
    r = run_attune("run", run_ini, "-o", run_out, "--set", "infant.nosuch=1", NULL);
    expect_status(&r, 2);
    result_free(&r);

    char *got = slurp(run_out, NULL), *got_meta = slurp(run_meta, NULL);
    ck_assert_ptr_nonnull(got);
    ck_assert_ptr_nonnull(got_meta);
    ck_assert_str_eq(got, old_csv);
    ck_assert_str_eq(got_meta, old_meta);
    free(got);
    free(got_meta);
    expect_listing("OUT.csv OUT.csv.meta.json s.ini");
}
END_TEST

/* A run whose metadata cannot be written fails (1) and keeps no new trace;
 * it must not destroy the trace an earlier run left there either. */
START_TEST(test_meta_failure_keeps_existing)
{
    static const char old_csv[] = "precious,old\ntrace,1\n";
    write_file(run_ini, two_phase_ini);
    write_file(run_out, old_csv);
    char bad_meta[192];
    snprintf(bad_meta, sizeof bad_meta, "%s/nodir/m.json", work);
    result r = run_attune("run", run_ini, "-o", run_out, "--meta", bad_meta, "-q", NULL);
    expect_status(&r, 1);
    char want[256];
    snprintf(want, sizeof want, "attune run: %s: cannot create file", bad_meta);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr is %s", r.err);
    result_free(&r);
    char *got = slurp(run_out, NULL);
    ck_assert_msg(got != NULL, "the failed run deleted the existing %s", run_out);
    ck_assert_str_eq(got, old_csv);
    free(got);
    expect_listing("OUT.csv s.ini");
}
END_TEST

/* The same failure with the trace going to a FIFO (as to /dev/null or
 * /dev/stdout): the device node is not ours to remove. */
START_TEST(test_meta_failure_keeps_device)
{
    write_file(run_ini, two_phase_ini);
    char fifo[192], bad_meta[192];
    snprintf(fifo, sizeof fifo, "%s/fifo", work);
    snprintf(bad_meta, sizeof bad_meta, "%s/nodir/m.json", work);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    /* Held open for reading (and writing, so it never blocks): the 10 kB
     * trace fits in the pipe's buffer. */
    int fd = open(fifo, O_RDWR | O_NONBLOCK);
    ck_assert_int_ge(fd, 0);
    result r = run_attune("run", run_ini, "-o", fifo, "--meta", bad_meta, "-q", NULL);
    close(fd);
    expect_status(&r, 1);
    result_free(&r);
    struct stat st;
    ck_assert_msg(lstat(fifo, &st) == 0, "attune removed the FIFO it wrote the trace to");
    ck_assert(S_ISFIFO(st.st_mode));
    expect_listing("fifo s.ini");
}
END_TEST

/* ---- --events ---- */

START_TEST(test_events)
{
    write_file(run_ini, two_phase_ini);
    result r = run_attune("run", run_ini, "-o", run_out, "--events", NULL);
    expect_status(&r, 0);
    /* The log goes to stdout; the summary stays on stderr. */
    expect_contains(r.err, "small (seed 7): 100 steps of 0.1 s, trace in ", "summary");
    regex_t re;
    ck_assert_int_eq(regcomp(&re, "^ *[0-9]+\\.[0-9] s  [^ ]", REG_EXTENDED | REG_NOSUB), 0);
    int lines = 0, phase = 0, mother = 0;
    char line[512];
    for (const char *p = r.out; p && *p; p = line_at(p, 1), lines++) {
        first_line(p, line, sizeof line);
        ck_assert_msg(regexec(&re, line, 0, NULL, 0) == 0, "event line %d is '%s'", lines + 1, line);
        phase += strstr(line, "--- phase '") != NULL;
        mother += strstr(line, "  mother ") != NULL;
    }
    regfree(&re);
    ck_assert_int_eq(r.out[r.out_len - 1], '\n');
    ck_assert_int_ge(lines, 4);
    ck_assert_int_eq(phase, 2);
    ck_assert_int_ge(mother, 2);
    ck_assert_str_eq(first_line(r.out, line, sizeof line), "    0.0 s  --- phase 'play' begins ---");
    expect_contains(r.out, "\n    5.0 s  --- phase 'still' begins ---\n"
                    "    5.0 s  mother holds a still face: looking, expressionless, silent\n",
                    "event log");
    char *log = r.out;
    r.out = NULL;
    result_free(&r);

    /* Narrating changes nothing in the trace. */
    size_t n1, n2;
    char *with = slurp(run_out, &n1);
    ck_assert_ptr_nonnull(with);
    r = run_attune("run", run_ini, "-o", run_out, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *without = slurp(run_out, &n2);
    ck_assert_ptr_nonnull(without);
    ck_assert_msg(n1 == n2 && memcmp(with, without, n1) == 0, "--events changed the trace");
    free(without);

    /* With the trace on stdout, the log goes to stderr, and stdout is
     * exactly the trace. */
    r = run_attune("run", run_ini, "-o", "-", "--events", "-q", NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.out_len == n1 && memcmp(r.out, with, n1) == 0,
                  "-o - --events: stdout is not the trace");
    ck_assert_str_eq(r.err, log);
    result_free(&r);
    free(with);
    free(log);
    expect_listing("OUT.csv OUT.csv.meta.json s.ini");
}
END_TEST

/* ---- interruption ---- */

/* Runs a long scenario, interrupts it once its temporary trace exists and
 * ~0.3 s have passed, and returns what it did. */
static result interrupted_run(void)
{
    write_file(run_ini, "[scenario]\nname = long\ndt = 0.1\nduration = 2000000\n");
    const char *args[] = { "run", run_ini, "-o", run_out, "-q", NULL };
    pid_t pid = start(args);
    /* Wait for the hidden temporary file: the run is then writing, and its
     * signal handlers are in place (they are set before the file opens). */
    char names[2048];
    int waited = 0;
    for (; waited < 10000; waited += 10) {
        listing(work, names, sizeof names);
        if (names[0] == '.')
            break;
        int st;
        ck_assert_msg(waitpid(pid, &st, WNOHANG) == 0, "the long run ended by itself");
        sleep_ms(10);
    }
    if (names[0] != '.') {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        ck_abort_msg("no temporary file appeared within 10 s: [%s]", names);
    }
    if (waited < 300)
        sleep_ms(300 - waited);
    ck_assert_int_eq(kill(pid, SIGINT), 0);
    /* It should stop at once; never leave it writing gigabytes. */
    for (int i = 0; i < 1000; i++) {
        int st;
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid)
            return collect(st);
        sleep_ms(10);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    ck_abort_msg("attune did not stop within 10 s of SIGINT");
    return (result){ 0 };
}

START_TEST(test_interrupt)
{
    result r = interrupted_run();
    ck_assert_msg(r.status != 0, "an interrupted run exited 0");
    /* Caught, reported, and a failure (1), not bad input (2). */
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune run: interrupted; no output written");
    result_free(&r);
    ck_assert(!exists(run_out));
    ck_assert(!exists(run_meta));
    expect_listing("s.ini");
}
END_TEST

START_TEST(test_interrupt_keeps_existing)
{
    write_file(run_out, "old trace\n");
    result r = interrupted_run();
    ck_assert_int_eq(r.status, 1);
    result_free(&r);
    char *got = slurp(run_out, NULL);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "old trace\n");
    free(got);
    expect_listing("OUT.csv s.ini");
}
END_TEST

static const char scn_text[] =
    "[scenario]\n"                  /* 1 */
    "duration = 5\n"                /* 2 */
    "[caregiver]\n"                 /* 3 */
    "policy = patient\n"            /* 4 */
    "intrusiveness = 0.7\n"         /* 5 */
    "[phase]\n"                     /* 6 */
    "name = play\n"                 /* 7 */
    "duration = 2\n"                /* 8 */
    "[phase]\n"                     /* 9 */
    "name = still\n"                /* 10 */
    "duration = 3\n"                /* 11 */
    "policy = still-face\n"         /* 12 */
    "repair_latency = 2\n";         /* 13 */

/* ---- run and experiments ---- */

/* -o of 251 bytes: the trace's name is fine, its metadata's beside it
 * (NAME.meta.json, 261 bytes) is not: said at once, with what to do, and
 * with --meta elsewhere it runs. */
START_TEST(test_run_long_name_meta)
{
    char name[252], out[512], meta[192];
    memset(name, 'o', 247);
    strcpy(name + 247, ".csv");
    in_work(out, sizeof out, name);
    result r = run_attune("run", SRC("scenarios/still-face.ini"), "-o", out, "-q", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, ".meta.json: cannot create file: its name would be 261 bytes, more "
                    "than a file's name can have (255) (the metadata beside -o FILE: name it "
                    "with --meta FILE)", "stderr");
    result_free(&r);
    ck_assert(!exists(out));
    in_work(meta, sizeof meta, "m.json");
    r = run_attune("run", SRC("scenarios/still-face.ini"), "-o", out, "--meta", meta, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    ck_assert(exists(out) && exists(meta));
}
END_TEST

START_TEST(test_run_refuses_experiment)
{
    write_file(cond_ini, cond_text);
    char t_csv[224];
    snprintf(t_csv, sizeof t_csv, "%s/t.csv", work);
    result r = run_attune("run", cond_ini, "-o", t_csv, NULL);
    expect_status(&r, 2);
    char want[1024];
    snprintf(want, sizeof want, "attune run: %s is an experiment with 5 conditions: run them all "
             "with 'attune batch %s', or one with 'attune run %s --condition NAME' (conditions: "
             "calm, pushy, gone[wait_time=0], gone[wait_time=1], gone[wait_time=2])\n",
             cond_ini, cond_ini, cond_ini);
    ck_assert_str_eq(r.err, want);
    result_free(&r);
    expect_listing("exp.ini");

    /* one condition runs, with that condition's policy */
    r = run_attune("run", cond_ini, "--condition", "pushy", "-q", "-o", t_csv, NULL);
    expect_status(&r, 0);
    char *trace = slurp(t_csv, NULL);
    ck_assert_ptr_nonnull(trace);
    ck_assert_int_eq(count_lines(trace), 51);
    result_free(&r);
    free(trace);
}
END_TEST

/* ---- warnings for keys the policy ignores ---- */

/* Lines of `text` that contain "warning:". */
static int warnings_in(const char *text)
{
    int n = 0;
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        const char *eol = strchr(l, '\n');
        const char *w = strstr(l, "warning:");
        n += w && (!eol || w < eol);
    }
    return n;
}

START_TEST(test_run_warns_ignored_keys)
{
    write_file(scn_ini, scn_text);
    result r = run_attune("run", scn_ini, "-q", "-o", "-", NULL);
    expect_status(&r, 0);
    char want[1024];
    snprintf(want, sizeof want,
             "%s:5: warning: caregiver.intrusiveness is ignored by the patient and still-face "
             "policies\n"
             "%s:13: warning: phase.still.repair_latency is ignored by the still-face policy\n",
             scn_ini, scn_ini);
    ck_assert_str_eq(r.err, want);
    result_free(&r);

    /* A key the policy of some phase reads gets no warning: the first
     * phase is intrusive now; --set keys are checked too. */
    r = run_attune("run", scn_ini, "-q", "-o", "-", "--set", "phase.play.policy=intrusive",
                   "--set", "caregiver.disengage_rate=0.5", NULL);
    expect_status(&r, 0);
    snprintf(want, sizeof want,
             "%s:13: warning: phase.still.repair_latency is ignored by the still-face policy\n"
             "--set caregiver.disengage_rate=0.5: warning: caregiver.disengage_rate is ignored "
             "by the intrusive and still-face policies\n",
             scn_ini);
    ck_assert_str_eq(r.err, want);
    result_free(&r);

    /* The warning goes with the summary too, and not into the trace. */
    r = run_attune("run", scn_ini, "-o", "-", NULL);
    expect_status(&r, 0);
    ck_assert_int_eq(warnings_in(r.err), 2);
    ck_assert_int_eq(warnings_in(r.out), 0);
    result_free(&r);
}
END_TEST

Suite *suite_cli_run(void)
{
    Suite *s = suite_create("cli_run");
    TCase *tc = fixture_tcase("run", cli_setup);
    tcase_add_test(tc, test_valid_run);
    tcase_add_test(tc, test_reproducible);
    tcase_add_test(tc, test_set_still_face);
    tcase_add_loop_test(tc, test_bad_input, 0, (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(tc, test_existing_output_kept);
    tcase_add_test(tc, test_meta_failure_keeps_existing);
    tcase_add_test(tc, test_meta_failure_keeps_device);
    tcase_add_test(tc, test_events);
    tcase_add_test(tc, test_interrupt);
    tcase_add_test(tc, test_interrupt_keeps_existing);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("paper_cuts", cond_setup);
    tcase_add_test(tc, test_run_refuses_experiment);
    tcase_add_test(tc, test_run_long_name_meta);
    tcase_add_test(tc, test_run_warns_ignored_keys);
    suite_add_tcase(s, tc);
    return s;
}
