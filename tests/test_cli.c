/* End-to-end tests of `attune run` through the real program ($ATTUNE_BIN,
 * set by `make check`): exit statuses, help and typo hints, the trace and
 * its metadata, reproducibility, --set, --events, the first line of every
 * bad-input message (with the right file line), and that a failed or
 * interrupted run leaves no output file and no temporary file behind.
 *
 * The fixture (tests/fixture.h) starts the program with posix_spawn (no
 * shell), its standard output and error captured into files in io/ of a
 * fresh temporary folder per test; the scenario and the outputs live in w/
 * beside it, so listing w/ shows exactly what a run left behind (a temporary
 * file shows as a hidden name). */
#include "fixture.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char scn[192];    /* work/s.ini */
static char out[192];    /* work/OUT.csv */
static char meta[224];   /* work/OUT.csv.meta.json */

/* A small valid scenario: 10 s at dt 0.1 in two phases (100 steps). */
static const char small_ini[] =
    "; attune test scenario: a patient mother, then a still face\n"
    "[scenario]\n"
    "name = small\n"
    "dt = 0.1\n"
    "seed = 7\n"
    "\n"
    "[phase]\n"
    "name = play\n"
    "duration = 5\n"
    "\n"
    "[phase]\n"
    "name = still\n"
    "duration = 5\n"
    "policy = still-face\n";

static const char *const header12[] = {
    "run", "t", "phase", "infant_arousal", "infant_gaze", "infant_affect",
    "infant_behavior", "infant_code", "caregiver_code", "caregiver_behavior",
    "caregiver_stimulation", "matched"
};

/* ---- files and folders ---- */

/* The fixture's folders, and the scenario and output paths in work. */
static void cli_setup(void)
{
    setup();
    snprintf(scn, sizeof scn, "%s/s.ini", work);
    snprintf(out, sizeof out, "%s/OUT.csv", work);
    snprintf(meta, sizeof meta, "%s/OUT.csv.meta.json", work);
}

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

/* ---- help and usage ---- */

START_TEST(test_help)
{
    static const char *const helps[][3] = {
        { "--help", NULL, NULL }, { "run", "--help", NULL }, { "help", "run", NULL },
        { "run", "-h", NULL },
    };
    for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
        result r = run_argv(helps[i]);
        expect_status(&r, 0);
        ck_assert_msg(r.err_len == 0, "%s %s: stderr not empty: %s", helps[i][0],
                      helps[i][1] ? helps[i][1] : "", r.err);
        ck_assert_str_eq(first_line(r.out, (char[128]){ 0 }, 128),
                         i == 0 ? "attune " ATT_VERSION " - simulate caregiver-infant rupture and repair"
                               : "usage: attune run SCENARIO [options]");
        expect_contains(r.out, "--seed", "help");
        expect_contains(r.out, "--set", "help");
        expect_contains(r.out, "--events", "help");
        ck_assert_msg(strstr(r.out, " -o ") || strstr(r.out, " -o,") || strstr(r.out, "[-o|"),
                      "help lacks -o; it is:\n%s", r.out);
        result_free(&r);
    }
    expect_listing("");
}
END_TEST

START_TEST(test_no_args)
{
    static const char *const none[] = { NULL };
    result r = run_argv(none);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    expect_contains(r.err, "usage: attune COMMAND", "stderr");
    result_free(&r);

    r = run_attune("run", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, (char[128]){ 0 }, 128), "attune run: no scenario given");
    result_free(&r);
}
END_TEST

START_TEST(test_unknown_command)
{
    result r = run_attune("rnu", NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune: unknown command 'rnu' (did you mean 'run'?)");
    result_free(&r);

    r = run_attune("frobnicate", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune: unknown command 'frobnicate'; see 'attune --help'");
    result_free(&r);

    r = run_attune("help", "rnu", NULL);  /* help on an unknown topic is an error too */
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune: unknown command 'rnu' (did you mean 'run'?)");
    result_free(&r);
}
END_TEST

START_TEST(test_unknown_option)
{
    result r = run_attune("run", "x.ini", "--sed", "3", NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256),
                     "attune run: unknown option '--sed' (did you mean '--seed'?)");
    result_free(&r);

    /* A missing value is bad input too. */
    write_file(scn, small_ini);
    r = run_attune("run", scn, "-o", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, (char[256]){ 0 }, 256), "attune run: -o needs a value");
    result_free(&r);
    expect_listing("s.ini");
}
END_TEST

/* ---- a valid run ---- */

START_TEST(test_valid_run)
{
    write_file(scn, small_ini);
    result r = run_attune("run", scn, "-o", out, "--seed", "42", NULL);
    expect_status(&r, 0);
    ck_assert_msg(r.out_len == 0, "stdout not empty: %s", r.out);
    result_free(&r);

    size_t len;
    char *csv = slurp(out, &len);
    ck_assert_msg(csv != NULL, "%s was not written", out);
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

    char *js = slurp(meta, NULL);
    ck_assert_msg(js != NULL, "%s was not written", meta);
    char hex[65], want[128];
    sha256_of(scn, hex);
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
    write_file(scn, small_ini);
    char out2[192];
    snprintf(out2, sizeof out2, "%s/OUT2.csv", work);
    size_t n1, n2;

    result r = run_attune("run", scn, "-o", out, "--seed", "11", "-q", NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.err_len, 0);  /* -q: no summary */
    result_free(&r);
    char *a = slurp(out, &n1);
    ck_assert_ptr_nonnull(a);

    r = run_attune("run", scn, "-o", out2, "--seed", "11", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *b = slurp(out2, &n2);
    ck_assert_ptr_nonnull(b);
    ck_assert_msg(n1 == n2 && memcmp(a, b, n1) == 0, "same seed, different traces");
    free(b);

    r = run_attune("run", scn, "-o", out2, "--seed", "12", "-q", NULL);
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
    r = run_attune("run", scn, "-o", "-", "--seed", "11", NULL);
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
    write_file(scn, small_ini);
    result r = run_attune("run", scn, "-o", out, "--set", "caregiver.policy=still-face", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *csv = slurp(out, NULL);
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
    r = run_attune("run", scn, "-o", out, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    csv = slurp(out, NULL);
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
    enum prefix prefix;     /* "PATH:LINE: ", "PATH: " or nothing */
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
    { small_ini, NULL, P_NONE, "--set caregiver.wait_time: expected section.key=value", NULL,
      { "--set", "caregiver.wait_time", NULL } },
    { small_ini, NULL, P_NONE,
      "--set caregiver.wait_tme=3: unknown key 'wait_tme' in [caregiver] (did you mean 'wait_time'?)",
      NULL, { "--set", "caregiver.wait_tme=3", NULL } },
    { small_ini, NULL, P_NONE, "attune run: --seed abc: must be a whole number", NULL,
      { "--seed", "abc", NULL } },
    { small_ini, NULL, P_NONE, "attune run: ", "unknown match table 'nosuch'",
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
        write_file(scn, c->text);
        snprintf(path, sizeof path, "%s", scn);
    } else {
        snprintf(path, sizeof path, "%s/nosuch.ini", work);
    }
    const char *args[16] = { "run", path, "-o", out };
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
        snprintf(want, sizeof want, "%s: %s", path, c->starts);
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
    ck_assert(!exists(out));
    ck_assert(!exists(meta));
    expect_listing(c->text ? "s.ini" : "");
}
END_TEST

START_TEST(test_existing_output_kept)
{
    static const char old_csv[] = "precious,old\ntrace,1\n";
    static const char old_meta[] = "{\"old\": true}\n";
    write_file(out, old_csv);
    write_file(meta, old_meta);

    write_file(scn, "[scenario]\nduration = 10\ndt = 0.1\nbroken line\n");
    result r = run_attune("run", scn, "-o", out, NULL);
    expect_status(&r, 2);
    result_free(&r);

    write_file(scn, small_ini);
    r = run_attune("run", scn, "-o", out, "--set", "infant.nosuch=1", NULL);
    expect_status(&r, 2);
    result_free(&r);

    char *got = slurp(out, NULL), *got_meta = slurp(meta, NULL);
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
    write_file(scn, small_ini);
    write_file(out, old_csv);
    char bad_meta[192];
    snprintf(bad_meta, sizeof bad_meta, "%s/nodir/m.json", work);
    result r = run_attune("run", scn, "-o", out, "--meta", bad_meta, "-q", NULL);
    expect_status(&r, 1);
    char want[256];
    snprintf(want, sizeof want, "attune run: %s: cannot create file", bad_meta);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr is %s", r.err);
    result_free(&r);
    char *got = slurp(out, NULL);
    ck_assert_msg(got != NULL, "the failed run deleted the existing %s", out);
    ck_assert_str_eq(got, old_csv);
    free(got);
    expect_listing("OUT.csv s.ini");
}
END_TEST

/* The same failure with the trace going to a FIFO (as to /dev/null or
 * /dev/stdout): the device node is not ours to remove. */
START_TEST(test_meta_failure_keeps_device)
{
    write_file(scn, small_ini);
    char fifo[192], bad_meta[192];
    snprintf(fifo, sizeof fifo, "%s/fifo", work);
    snprintf(bad_meta, sizeof bad_meta, "%s/nodir/m.json", work);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    /* Held open for reading (and writing, so it never blocks): the 10 kB
     * trace fits in the pipe's buffer. */
    int fd = open(fifo, O_RDWR | O_NONBLOCK);
    ck_assert_int_ge(fd, 0);
    result r = run_attune("run", scn, "-o", fifo, "--meta", bad_meta, "-q", NULL);
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
    write_file(scn, small_ini);
    result r = run_attune("run", scn, "-o", out, "--events", NULL);
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
    char *with = slurp(out, &n1);
    ck_assert_ptr_nonnull(with);
    r = run_attune("run", scn, "-o", out, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *without = slurp(out, &n2);
    ck_assert_ptr_nonnull(without);
    ck_assert_msg(n1 == n2 && memcmp(with, without, n1) == 0, "--events changed the trace");
    free(without);

    /* With the trace on stdout, the log goes to stderr, and stdout is
     * exactly the trace. */
    r = run_attune("run", scn, "-o", "-", "--events", "-q", NULL);
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
    write_file(scn, "[scenario]\nname = long\ndt = 0.1\nduration = 2000000\n");
    const char *args[] = { "run", scn, "-o", out, "-q", NULL };
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
    ck_assert(!exists(out));
    ck_assert(!exists(meta));
    expect_listing("s.ini");
}
END_TEST

START_TEST(test_interrupt_keeps_existing)
{
    write_file(out, "old trace\n");
    result r = interrupted_run();
    ck_assert_int_eq(r.status, 1);
    result_free(&r);
    char *got = slurp(out, NULL);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "old trace\n");
    free(got);
    expect_listing("OUT.csv s.ini");
}
END_TEST


/* ---- attune score ---- */

/* A run of the small scenario scored from its trace: one row per window,
 * the listed columns by name, ruptures file rows matching the ruptures. */
START_TEST(test_score_trace)
{
    write_file(scn, small_ini);
    result r = run_attune("run", scn, "-o", out, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char scores[256], rup[256];
    snprintf(scores, sizeof scores, "%s/scores.csv", work);
    snprintf(rup, sizeof rup, "%s/ruptures.csv", work);
    r = run_attune("score", out, "-o", scores, "--ruptures", rup, NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    char *text = slurp(scores, NULL);
    ck_assert_ptr_nonnull(text);
    const char *want_header =
        "run,window,observed_s,matched_prop,transitions_per_min,ruptures,ruptures_per_min,"
        "repairs,repairs_per_min,repaired_prop,latency_median_s,latency_median_lo,"
        "latency_median_hi,repaired_within_2s,rmst_s,latency_mean_completed_s,"
        "infant_gaze_prop,infant_positive_prop,infant_negative_prop,file\n";
    ck_assert_int_eq(strncmp(text, want_header, strlen(want_header)), 0);
    ck_assert_int_eq(count_lines(text), 4);   /* all, play, still */
    char buf[64];
    ck_assert_str_eq(field(line_at(text, 1), 0, buf, sizeof buf), "1");
    ck_assert_str_eq(field(line_at(text, 1), 1, buf, sizeof buf), "all");
    ck_assert_str_eq(field(line_at(text, 2), 1, buf, sizeof buf), "play");
    ck_assert_str_eq(field(line_at(text, 3), 1, buf, sizeof buf), "still");
    ck_assert_str_eq(field(line_at(text, 1), 2, buf, sizeof buf), "10");
    ck_assert_str_eq(field(line_at(text, 2), 2, buf, sizeof buf), "5");
    long ruptures = atol(field(line_at(text, 1), 5, buf, sizeof buf));
    char *rtext = slurp(rup, NULL);
    ck_assert_ptr_nonnull(rtext);
    ck_assert_int_eq(strncmp(rtext, "run,phase,start_s,latency_s,censored,repaired_by,"
                             "peak_infant_arousal,", 49), 0);
    ck_assert_int_eq(count_lines(rtext) - 1, ruptures);
    free(rtext);
    free(text);
}
END_TEST

/* Observed coding with only t and the two codes; json and table formats;
 * undefined statistics are null. */
START_TEST(test_score_observed_formats)
{
    char obs[256];
    snprintf(obs, sizeof obs, "%s/mother-07.csv", work);
    write_file(obs, "t,infant_code,caregiver_code\n0,monitor,positive\n2,avert,intrusive\n"
                    "5,avert,monitor\n6,protest,monitor\n7,protest,soothe\n");
    result r = run_attune("score", obs, "--format", "json", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "\"run\": \"mother-07\", \"window\": \"all\", \"observed_s\": 8,",
                    "json");
    /* latencies 1 and 3: S = 1/2 from 1 to 3, the median the midpoint 2;
     * S = 0 at 3, where the band is undefined: hi null (R: 2, 1, NA) */
    expect_contains(r.out, "\"latency_median_s\": 2, \"latency_median_lo\": 1, "
                    "\"latency_median_hi\": null,", "json");
    result_free(&r);
    char calm[256];
    snprintf(calm, sizeof calm, "%s/calm.csv", work);
    write_file(calm, "t,infant_code,caregiver_code\n0,monitor,positive\n1,positive,positive\n");
    r = run_attune("score", calm, "--format", "json", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "\"ruptures\": 0,", "json");
    expect_contains(r.out, "\"repaired_prop\": null, \"latency_median_s\": null", "json");
    result_free(&r);
    r = run_attune("score", obs, "--format", "table", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "run mother-07", "table");
    char want[128];
    snprintf(want, sizeof want, "\n%-26s%10s\n", "latency_median_s", "2.000");
    expect_contains(r.out, want, "table");
    snprintf(want, sizeof want, "\n%-26s%10s\n", "ruptures", "2");
    expect_contains(r.out, want, "table");
    result_free(&r);
}
END_TEST

START_TEST(test_score_pool)
{
    char two[256];
    snprintf(two, sizeof two, "%s/two.csv", work);
    write_file(two, "run,t,infant_code,caregiver_code\n"
                    "a,0,monitor,monitor\na,1,avert,intrusive\na,2,avert,monitor\n"
                    "a,3,avert,intrusive\na,6,monitor,monitor\na,7,monitor,monitor\n"
                    "b,0,monitor,monitor\nb,1,avert,intrusive\nb,3,avert,monitor\n"
                    "b,4,protest,monitor\n");
    result r = run_attune("score", two, "--pool", "--boot", "300", NULL);
    expect_status(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 4);   /* header, a, b, pooled */
    const char *pooled = line_at(r.out, 3);
    char buf[64];
    ck_assert_str_eq(field(pooled, 0, buf, sizeof buf), "pooled");
    ck_assert_str_eq(field(pooled, 9, buf, sizeof buf), "0.75");    /* mean repaired_prop */
    ck_assert_str_eq(field(pooled, 10, buf, sizeof buf), "2");      /* pooled KM median */
    ck_assert_str_eq(field(pooled, 20, buf, sizeof buf), "2");      /* runs */
    ck_assert_str_eq(field(pooled, 21, buf, sizeof buf), "4");      /* pooled ruptures */
    expect_contains(r.out, "repaired_prop_boot_lo,repaired_prop_boot_hi", "header");
    /* the same command gives the same bytes */
    char *first = strdup(r.out);
    result_free(&r);
    r = run_attune("score", two, "--pool", "--boot", "300", NULL);
    ck_assert_str_eq(r.out, first);
    free(first);
    result_free(&r);
}
END_TEST

/* Bad input: FILE:LINE on the first line of stderr, exit 2, and neither -o
 * nor --ruptures left behind (an older -o file is kept as it was). */
START_TEST(test_score_bad_input)
{
    static const struct { const char *csv, *want; } cases[] = {
        { "", ":1: empty file" },
        { "t,infant_code\n0,monitor\n", ":1: missing column 'caregiver_code'" },
        { "t,infant_code,caregiver_code\n0,monitor,smile\n", ":2: unknown caregiver_code 'smile'" },
        { "t,infant_code,caregiver_code\n0,monitor,monitor\nx,avert,monitor\n",
          ":3: t 'x' is not a number" },
        { "t,infant_code,caregiver_code\n1,monitor,monitor\n0.5,avert,monitor\n",
          ":3: t 0.5 does not increase" },
        { "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,monitor,x\n",
          ":3: 4 fields, but the header has 3" },
        { "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,monitor",
          ":3: the last row has no line end" },
    };
    char bad[256], scores[256], rup[256];
    snprintf(bad, sizeof bad, "%s/bad.csv", work);
    snprintf(scores, sizeof scores, "%s/scores.csv", work);
    snprintf(rup, sizeof rup, "%s/r.csv", work);
    write_file(scores, "old\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(bad, cases[i].csv);
        result r = run_attune("score", bad, "-o", scores, "--ruptures", rup, NULL);
        expect_status(&r, 2);
        char line[512], want[512];
        snprintf(want, sizeof want, "%s%s", bad, cases[i].want);
        first_line(r.err, line, sizeof line);
        ck_assert_msg(strncmp(line, want, strlen(want)) == 0, "case %zu: got '%s', want '%s...'",
                      i, line, want);
        ck_assert_uint_eq(r.out_len, 0);
        result_free(&r);
        expect_listing("bad.csv scores.csv");
        char *kept = slurp(scores, NULL);
        ck_assert_str_eq(kept, "old\n");
        free(kept);
    }
    /* a bad row late in the second file: nothing on standard output either */
    char good[256];
    snprintf(good, sizeof good, "%s/good.csv", work);
    write_file(good, "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,intrusive\n");
    write_file(bad, "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,nope\n");
    result r = run_attune("score", good, bad, NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    r = run_attune("score", good, "--cutoff", "0", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--cutoff 0", "stderr");
    result_free(&r);
    r = run_attune("score", good, "--format", "xml", NULL);
    expect_status(&r, 2);
    result_free(&r);
    r = run_attune("score", good, "--match-table", "nosuch", NULL);
    expect_status(&r, 2);
    result_free(&r);
}
END_TEST

Suite *suite_cli(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = fixture_tcase("run", cli_setup);
    tcase_add_test(tc, test_help);
    tcase_add_test(tc, test_no_args);
    tcase_add_test(tc, test_unknown_command);
    tcase_add_test(tc, test_unknown_option);
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
    tcase_add_test(tc, test_score_trace);
    tcase_add_test(tc, test_score_observed_formats);
    tcase_add_test(tc, test_score_pool);
    tcase_add_test(tc, test_score_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
