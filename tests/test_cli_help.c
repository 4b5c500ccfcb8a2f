/* End-to-end tests of what a new user meets first (issue 12, part 6): help
 * on help, `attune keys SECTION` for every section the full listing shows,
 * a top-level help that lists every option of every command (held to each
 * command's own --help and to the option strings in its parser's source),
 * `attune run` refusing an experiment file, warnings for keys the policy
 * ignores, and a progress bar that fits a narrow terminal (a private
 * pseudo-terminal of a chosen width). */
#include "fixture.h"

#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

static char exp_ini[192];  /* work/exp.ini: an experiment of two conditions */
static char scn_ini[192];  /* work/s.ini: a plain scenario */

static const char exp_text[] =
    "[scenario]\n"                  /* 1 */
    "seed = 3\n"                    /* 2 */
    "duration = 5\n"                /* 3 */
    "\n"                            /* 4 */
    "[caregiver]\n"                 /* 5 */
    "intrusiveness = 0.8\n"         /* 6 */
    "\n"                            /* 7 */
    "[batch]\n"                     /* 8 */
    "replicates = 3\n"              /* 9 */
    "\n"                            /* 10 */
    "[condition]\n"                 /* 11 */
    "name = calm\n"                 /* 12 */
    "caregiver.policy = patient\n"  /* 13 */
    "\n"                            /* 14 */
    "[condition]\n"                 /* 15 */
    "name = pushy\n"                /* 16 */
    "caregiver.policy = intrusive\n"/* 17 */
    "\n"                            /* 18 */
    "[condition]\n"                 /* 19 */
    "name = gone\n"                 /* 20 */
    "caregiver.policy = withdrawn\n"/* 21 */
    "caregiver.wait_time = 0:1:2\n";/* 22 */

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

static void help_setup(void)
{
    setup();
    snprintf(exp_ini, sizeof exp_ini, "%s/exp.ini", work);
    snprintf(scn_ini, sizeof scn_ini, "%s/s.ini", work);
}

/* ---- help on help ---- */

START_TEST(test_help_on_help)
{
    static const char *const top[] = { "--help", NULL };
    result ref = run_argv(top);
    expect_status(&ref, 0);
    static const char *const topics[] = { "--help", "-h", "help", "version" };
    for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++) {
        result r = run_attune("help", topics[i], NULL);
        expect_status(&r, 0);
        ck_assert_msg(r.err_len == 0, "help %s: %s", topics[i], r.err);
        ck_assert_msg(strcmp(r.out, ref.out) == 0, "help %s is not the top-level help", topics[i]);
        result_free(&r);
    }
    result_free(&ref);
}
END_TEST

/* ---- keys ---- */

/* Every "[name]" (or "name:") heading at the start of a line of the full
 * listing is a section `attune keys name` prints alone. */
START_TEST(test_keys_every_section)
{
    result all = run_attune("keys", NULL);
    expect_status(&all, 0);
    int tried = 0, seen_phase = 0, seen_batch = 0, seen_condition = 0;
    for (const char *l = all.out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        char name[32] = "";
        if (l[0] == '[')
            sscanf(l, "[%31[a-z]]", name);
        else if (strncmp(l, "policies:", 9) == 0)
            strcpy(name, "policies");
        if (!name[0])
            continue;
        tried++;
        seen_phase += strcmp(name, "phase") == 0;
        seen_batch += strcmp(name, "batch") == 0;
        seen_condition += strcmp(name, "condition") == 0;
        result r = run_attune("keys", name, NULL);
        expect_status(&r, 0);
        char head[48];
        snprintf(head, sizeof head, strcmp(name, "policies") == 0 ? "%s:" : "[%s]", name);
        ck_assert_msg(strncmp(r.out, head, strlen(head)) == 0, "keys %s begins: %.60s", name,
                      r.out);
        /* only that section: no other heading */
        int headings = 0;
        for (const char *m = r.out; m && *m; m = strchr(m, '\n') ? strchr(m, '\n') + 1 : NULL)
            headings += m[0] == '[' || strncmp(m, "policies:", 9) == 0;
        ck_assert_msg(headings == 1, "keys %s prints %d sections", name, headings);
        ck_assert_msg(strstr(all.out, r.out) != NULL, "keys %s is not part of keys", name);
        result_free(&r);
    }
    ck_assert_int_eq(tried, 7);  /* scenario phase batch condition infant caregiver policies */
    ck_assert_int_eq(seen_phase + seen_batch + seen_condition, 3);
    result_free(&all);

    result r = run_attune("keys", "phse", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "unknown section 'phse' (did you mean 'phase'?)", "stderr");
    result_free(&r);
}
END_TEST

/* `attune keys caregiver` marks the keys each policy ignores; for the
 * patient mother intrusiveness is one (she never leans in). */
START_TEST(test_keys_mark_ignored)
{
    result r = run_attune("keys", "caregiver", NULL);
    expect_status(&r, 0);
    const char *row = strstr(r.out, "\n  intrusiveness ");
    ck_assert_ptr_nonnull(row);
    char unit[16], patient[16], intrusive[16];
    ck_assert_int_eq(sscanf(row, " intrusiveness %15s [%*[^]]] %15s %15s", unit, patient,
                            intrusive), 3);
    ck_assert_str_eq(patient, "-");
    ck_assert_str_eq(intrusive, "0.9");
    result_free(&r);
}
END_TEST

/* ---- the top-level help lists every option ---- */

/* 1 if `opt` occurs in `text` as a whole option word. */
static int has_option(const char *text, const char *end, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = text; (p = strstr(p, opt)) != NULL && p < end; p++) {
        int before = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '-');
        int after = !(isalnum((unsigned char)p[n]) || p[n] == '-');
        if (before && after)
            return 1;
    }
    return 0;
}

/* The entry of command `cmd` in the top-level help: from its line
 * ("  cmd ...") to the next line indented by exactly two spaces. */
static const char *entry_of(const char *usage, const char *cmd, const char **end)
{
    char head[32];
    snprintf(head, sizeof head, "\n  %s", cmd);
    const char *p = usage;
    while ((p = strstr(p, head)) != NULL) {
        char c = p[strlen(head)];
        if (c == ' ' || c == '\n')
            break;
        p++;
    }
    ck_assert_msg(p != NULL, "no entry for %s in attune --help", cmd);
    p++;
    const char *q = strchr(p, '\n');
    while (q && q[1] == ' ' && q[2] == ' ' && q[3] == ' ')
        q = strchr(q + 1, '\n');
    *end = q ? q : p + strlen(p);
    return p;
}

/* Adds the option words ("-o", "--output") of `text` to opts. */
static void add_words(const char *text, char opts[][32], size_t *n, size_t cap)
{
    for (const char *p = text; *p; p++) {
        if (*p != '-' || (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '-')))
            continue;
        size_t k = 1;
        if (p[k] == '-')
            k++;
        if (!isalpha((unsigned char)p[k]))
            continue;
        while (isalnum((unsigned char)p[k]) || p[k] == '-')
            k++;
        if (k > 2 && p[1] != '-')  /* "-xyz" is no option word */
            continue;
        if (k >= 32)
            continue;
        char w[32];
        memcpy(w, p, k);
        w[k] = '\0';
        if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0)
            continue;
        size_t i = 0;
        while (i < *n && strcmp(opts[i], w) != 0)
            i++;
        if (i == *n && *n < cap)
            strcpy(opts[(*n)++], w);
        p += k - 1;
    }
}

/* The options of a command's own --help: the words that begin its option
 * lines (indented at most 4, then '-'), up to the first double space. */
static void help_options(const char *help, char opts[][32], size_t *n, size_t cap)
{
    for (const char *l = help; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        size_t ind = strspn(l, " ");
        if (ind == 0 || ind > 4 || l[ind] != '-' || !isalpha((unsigned char)l[ind + 1 + (l[ind + 1] == '-')]))
            continue;
        const char *stop = strstr(l + ind, "  ");
        const char *eol = strchr(l, '\n');
        if (!stop || (eol && stop > eol))
            stop = eol ? eol : l + strlen(l);
        char buf[256];
        size_t len = (size_t)(stop - l) < sizeof buf - 1 ? (size_t)(stop - l) : sizeof buf - 1;
        memcpy(buf, l, len);
        buf[len] = '\0';
        add_words(buf, opts, n, cap);
    }
}

/* The option strings of the parser in cli/cli_CMD.c: every C string
 * literal that is exactly an option word ("--output", "-o"). */
static void source_options(const char *cmd, char opts[][32], size_t *n, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/cli/cli_%s.c", ATT_SRCDIR, cmd);
    char *src = slurp(path, NULL);
    ck_assert_msg(src != NULL, "cannot read %s", path);
    for (const char *p = src; (p = strstr(p, "\"-")) != NULL; p++) {
        const char *q = p + 1;
        size_t k = 1 + (q[1] == '-');
        if (!isalpha((unsigned char)q[k]))
            continue;
        while (isalnum((unsigned char)q[k]) || q[k] == '-')
            k++;
        if (q[k] != '"' || (k > 2 && q[1] != '-'))
            continue;
        char lit[64];
        snprintf(lit, sizeof lit, "%.*s ", (int)k, q);
        add_words(lit, opts, n, cap);
    }
    free(src);
}

START_TEST(test_top_help_lists_every_option)
{
    static const char *const cmds[] = { "run", "score", "contingency", "export", "batch",
                                         "merge", "compare", "validate", "keys" };
    static const char *const top[] = { "--help", NULL };
    result usage = run_argv(top);
    expect_status(&usage, 0);
    int checked = 0;
    for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
        const char *end, *entry = entry_of(usage.out, cmds[c], &end);
        char opts[64][32];
        size_t n = 0;
        result own = run_attune(cmds[c], "--help", NULL);
        expect_status(&own, 0);
        help_options(own.out, opts, &n, 64);
        size_t from_help = n;
        source_options(cmds[c], opts, &n, 64);
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(has_option(entry, end, opts[i]),
                          "attune --help lacks %s %s (from %s)", cmds[c], opts[i],
                          i < from_help ? "its --help" : "its parser's source");
            checked++;
        }
        /* and lists nothing the command does not know */
        char listed[64][32];
        size_t m = 0;
        char text[2048];
        snprintf(text, sizeof text, "%.*s", (int)(end - entry), entry);
        add_words(text, listed, &m, 64);
        for (size_t i = 0; i < m; i++) {
            size_t k = 0;
            while (k < n && strcmp(opts[k], listed[i]) != 0)
                k++;
            ck_assert_msg(k < n, "attune --help lists %s %s, which it does not know", cmds[c],
                          listed[i]);
        }
        result_free(&own);
    }
    /* the examples, so the check above cannot pass by finding nothing */
    ck_assert_int_ge(checked, 50);
    const char *end, *e = entry_of(usage.out, "validate", &end);
    ck_assert(has_option(e, end, "--jobs") && has_option(e, end, "--only"));
    e = entry_of(usage.out, "run", &end);
    ck_assert(has_option(e, end, "--condition") && has_option(e, end, "-q"));
    result_free(&usage);
}
END_TEST

/* ---- run and experiments ---- */

START_TEST(test_run_refuses_experiment)
{
    write_file(exp_ini, exp_text);
    char out[224];
    snprintf(out, sizeof out, "%s/t.csv", work);
    result r = run_attune("run", exp_ini, "-o", out, NULL);
    expect_status(&r, 2);
    char want[1024];
    snprintf(want, sizeof want, "attune run: %s is an experiment with 5 conditions: run them all "
             "with 'attune batch %s', or one with 'attune run %s --condition NAME' (conditions: "
             "calm, pushy, gone[wait_time=0], gone[wait_time=1], gone[wait_time=2])\n",
             exp_ini, exp_ini, exp_ini);
    ck_assert_str_eq(r.err, want);
    result_free(&r);
    expect_listing("exp.ini");

    /* one condition runs, with that condition's policy */
    r = run_attune("run", exp_ini, "--condition", "pushy", "-q", "-o", out, NULL);
    expect_status(&r, 0);
    char *trace = slurp(out, NULL);
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

START_TEST(test_batch_warns_once_per_condition)
{
    write_file(exp_ini, exp_text);
    char out[224];
    snprintf(out, sizeof out, "%s/b.csv", work);
    result r = run_attune("batch", exp_ini, "-q", "-j", "2", "-o", out, NULL);
    expect_status(&r, 0);
    /* The [caregiver] intrusiveness (line 6) is ignored by the patient and
     * the withdrawn conditions, read by the intrusive one; the three swept
     * conditions of 'gone' and its 3 replicates each warn once together. */
    char want[1024];
    snprintf(want, sizeof want,
             "%s:6: warning: caregiver.intrusiveness is ignored by the patient policy "
             "(condition 'calm')\n"
             "%s:6: warning: caregiver.intrusiveness is ignored by the withdrawn policy "
             "(condition 'gone')\n", exp_ini, exp_ini);
    ck_assert_str_eq(r.err, want);
    result_free(&r);

    r = run_attune("run", exp_ini, "--condition", "pushy", "-q", "-o", "-", NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.err_len, 0);
    result_free(&r);
}
END_TEST

/* ---- the progress bar in a narrow terminal ---- */

/* Runs a batch with standard error on a private pseudo-terminal `cols`
 * columns wide and returns what it wrote there. */
static char *batch_on_terminal(int cols, const char *columns_env)
{
    /* Linux's multiplexer, unlocked and numbered by ioctl (the build's
     * POSIX level hides posix_openpt) */
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY);
    ck_assert_msg(master >= 0, "/dev/ptmx: %s", strerror(errno));
    int unlock = 0;
    unsigned int ptn = 0;
    ck_assert_int_eq(ioctl(master, TIOCSPTLCK, &unlock), 0);
    ck_assert_int_eq(ioctl(master, TIOCGPTN, &ptn), 0);
    char slave_name[64];
    snprintf(slave_name, sizeof slave_name, "/dev/pts/%u", ptn);
    int slave = open(slave_name, O_RDWR | O_NOCTTY);
    ck_assert_int_ge(slave, 0);
    struct winsize ws = { .ws_row = 24, .ws_col = (unsigned short)cols };
    ck_assert_int_eq(ioctl(slave, TIOCSWINSZ, &ws), 0);
    struct termios tio;
    ck_assert_int_eq(tcgetattr(slave, &tio), 0);
    tio.c_oflag &= ~(tcflag_t)OPOST;  /* bytes as written */
    ck_assert_int_eq(tcsetattr(slave, TCSANOW, &tio), 0);

    char out[224];
    snprintf(out, sizeof out, "%s/p.csv", work);
    char env_cols[32];
    snprintf(env_cols, sizeof env_cols, "COLUMNS=%s", columns_env ? columns_env : "");
    char *envp[] = { env_cols, NULL };
    const char *argv[] = { attune_bin(), "batch", exp_ini, "-j", "1", "-o", out,
                           "--set", "batch.replicates=200", NULL };
    posix_spawn_file_actions_t fa;
    ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, slave, 2);
    posix_spawn_file_actions_addclose(&fa, master);
    pid_t pid;
    ck_assert_int_eq(posix_spawn(&pid, argv[0], &fa, NULL, (char **)argv,
                                 columns_env ? envp : (char *[]){ NULL }), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(slave);

    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    for (;;) {
        struct pollfd pfd = { .fd = master, .events = POLLIN };
        if (poll(&pfd, 1, 30000) <= 0)
            break;
        if (len + 4096 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        ssize_t n = read(master, buf + len, 4096);
        if (n <= 0)
            break;  /* EIO once the program has closed the terminal */
        len += (size_t)n;
    }
    buf[len] = '\0';
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "batch failed: %s", buf);
    close(master);
    unlink(out);
    return buf;
}

/* The bar's drawings: the text after each '\r', up to "\033[K" or '\r'.
 * Fails unless every one is shorter than `cols`; returns how many. */
static int check_drawings(const char *tty, int cols, const char *must)
{
    int drawings = 0;
    for (const char *p = strchr(tty, '\r'); p; p = strchr(p + 1, '\r')) {
        size_t n = strcspn(p + 1, "\r\033\n");
        if (n == 0)
            continue;
        drawings++;
        ck_assert_msg((int)n < cols, "a %zu-column drawing in %d columns: %.*s", n, cols,
                      (int)n, p + 1);
        if (must)
            ck_assert_msg(strncmp(p + 1, must, strlen(must)) == 0 || strstr(p + 1, must),
                          "drawing lacks '%s': %.*s", must, (int)n, p + 1);
    }
    return drawings;
}

START_TEST(test_progress_fits_terminal)
{
    write_file(exp_ini, exp_text);
    /* wide: the whole line, bar of 20 */
    char *tty = batch_on_terminal(120, NULL);
    ck_assert_int_ge(check_drawings(tty, 120, "runs/s"), 1);
    expect_contains(tty, "[                    ] 0/1000 runs  0.0 runs/s  --:-- left", "terminal");
    free(tty);
    /* 40 columns: the speed goes, the bar shrinks */
    tty = batch_on_terminal(40, NULL);
    ck_assert_int_ge(check_drawings(tty, 40, " runs  "), 1);
    expect_contains(tty, "[             ] 0/1000 runs  --:-- left", "terminal");
    free(tty);
    /* no window size: $COLUMNS, 30 here, and only the bar and counts fit */
    tty = batch_on_terminal(0, "30");
    ck_assert_int_ge(check_drawings(tty, 30, " runs"), 1);
    expect_contains(tty, "\r[               ] 0/1000 runs\033[K", "terminal");
    free(tty);
    /* 10 columns: the counts alone, cut */
    tty = batch_on_terminal(10, NULL);
    ck_assert_int_ge(check_drawings(tty, 10, NULL), 1);
    expect_contains(tty, "\r0/1000 ru\033[K", "terminal");
    free(tty);
}
END_TEST

Suite *suite_cli_help(void)
{
    Suite *s = suite_create("cli_help");
    TCase *tc = fixture_tcase("paper_cuts", help_setup);
    tcase_add_test(tc, test_help_on_help);
    tcase_add_test(tc, test_keys_every_section);
    tcase_add_test(tc, test_keys_mark_ignored);
    tcase_add_test(tc, test_top_help_lists_every_option);
    tcase_add_test(tc, test_run_refuses_experiment);
    tcase_add_test(tc, test_run_warns_ignored_keys);
    tcase_add_test(tc, test_batch_warns_once_per_condition);
    tcase_add_test(tc, test_progress_fits_terminal);
    suite_add_tcase(s, tc);
    return s;
}
