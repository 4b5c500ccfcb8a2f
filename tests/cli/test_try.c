/* The "Try:" lines of every shipped scenario (each .ini of scenarios/), run as
 * written: each command of a scenario's Try block (the comment line
 * "; Try:   COMMAND" and the comment lines below it indented alike; a
 * trailing '\' joins the next line; "# ..." is a shell comment) runs in
 * order through /bin/sh in a fresh folder holding a link to scenarios/,
 * with the built program first on PATH as `attune`.  Each must exit 0,
 * print at most TRY_MAX_LINES lines (standard output and error together),
 * and leave every file it names (after -o, > or >>) non-empty.
 *
 * The bound: a terminal projected in a lecture hall at a font the back row
 * can read shows about 50 rows; a Try line that prints more scrolls its
 * first lines (the point) out of sight.  The longest shipped one is the
 * timeline summary of a 30-session scenario (41 lines). */
#include "tests/fixture.h"

#include <check.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { TRY_MAX_LINES = 50, MAX_CMDS = 16 };

/* The sorted scenario files of the source tree, into g. */
static void scenarios(glob_t *g)
{
    ck_assert_int_eq(glob(SRC("scenarios/*.ini"), 0, NULL, g), 0);
}

/* The commands of the Try block of `text`, each malloc'd, in order;
 * returns their number. */
static size_t try_commands(const char *text, char **cmds, size_t cap)
{
    const char *l = strstr(text, "\n; Try:");
    if (!l)
        return 0;
    l++;
    size_t n = 0, col = 0;
    char joined[1024] = "";
    for (int first = 1; *l == ';'; first = 0, l = strchr(l, '\n') + 1) {
        const char *e = strchr(l, '\n');
        ck_assert(e);
        const char *t = first ? l + 6 : l + 1;
        while (*t == ' ')
            t++;
        if (first)
            col = (size_t)(t - l);
        else if ((size_t)(t - l) < col || t >= e)
            break;   /* the block ends at a line indented less, or empty */
        size_t len = (size_t)(e - t), have = strlen(joined);
        ck_assert(have + len + 2 < sizeof joined);
        snprintf(joined + have, sizeof joined - have, "%s%.*s", have ? " " : "", (int)len, t);
        have = strlen(joined);
        if (joined[have - 1] == '\\') {   /* continued on the next line */
            joined[have - 1] = '\0';
            continue;
        }
        if (joined[0] != '#') {
            ck_assert(n < cap);
            cmds[n++] = strdup(joined);
        }
        joined[0] = '\0';
    }
    ck_assert_msg(joined[0] == '\0', "a Try line ends in '\\' with nothing after it");
    return n;
}

/* Runs `cmd` through /bin/sh in `dir` with `bin` first on PATH; standard
 * output and error both into `out`.  Returns the wait status. */
static int shell(const char *cmd, const char *dir, const char *bin, const char *out)
{
    char script[1400], path[PATH_MAX + 256];
    snprintf(script, sizeof script, "cd '%s' && %s", dir, cmd);
    const char *old = getenv("PATH");
    snprintf(path, sizeof path, "PATH=%s:%s", bin, old ? old : "/usr/bin:/bin");
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 2, sizeof *env);
    ck_assert(env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "PATH=", 5) != 0)
            env[k++] = environ[i];
    env[k++] = path;
    posix_spawn_file_actions_t fa;
    ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
    ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0), 0);
    ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC,
                                                      0600), 0);
    ck_assert_int_eq(posix_spawn_file_actions_adddup2(&fa, 1, 2), 0);
    char *const argv[] = { "sh", "-c", script, NULL };
    pid_t pid;
    ck_assert_int_eq(posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, env), 0);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    return st;
}

/* Fails unless every file `cmd` names after -o, > or >> is in `dir`,
 * not empty; returns how many it names. */
static int expect_named_files(const char *cmd, const char *dir)
{
    char copy[1024], *save = NULL;
    snprintf(copy, sizeof copy, "%s", cmd);
    int named = 0, next = 0;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (*w == '#')
            break;
        if (next && strcmp(w, "-") != 0) {
            char path[PATH_MAX];
            struct stat st;
            snprintf(path, sizeof path, "%s/%s", dir, w);
            ck_assert_msg(stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0,
                          "'%s' did not write %s", cmd, w);
            named++;
        }
        next = strcmp(w, "-o") == 0 || strcmp(w, ">") == 0 || strcmp(w, ">>") == 0;
    }
    return named;
}

START_TEST(test_try_lines)
{
    glob_t g;
    scenarios(&g);
    ck_assert_uint_gt(g.gl_pathc, (size_t)_i);
    const char *ini = g.gl_pathv[_i];
    char *text = slurp(ini, NULL);
    ck_assert_msg(text, "%s: cannot read it", ini);
    char *cmds[MAX_CMDS];
    size_t n = try_commands(text, cmds, MAX_CMDS);
    ck_assert_msg(n > 0, "%s has no Try: line", ini);

    /* The folder: scenarios/ and bin/attune. */
    char dir[192], bin[192], link[256], out[192], prog[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/try", work);
    snprintf(bin, sizeof bin, "%s/bin", base);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    ck_assert_int_eq(mkdir(bin, 0700), 0);
    snprintf(link, sizeof link, "%s/scenarios", dir);
    ck_assert_int_eq(symlink(SRC("scenarios"), link), 0);
    char here[PATH_MAX / 2];
    ck_assert(getcwd(here, sizeof here));
    snprintf(prog, sizeof prog, "%s%s%s", *attune_bin() == '/' ? "" : here,
             *attune_bin() == '/' ? "" : "/", attune_bin());
    ck_assert_msg(access(prog, X_OK) == 0, "%s: no such program", prog);
    snprintf(link, sizeof link, "%s/attune", bin);
    ck_assert_int_eq(symlink(prog, link), 0);
    snprintf(out, sizeof out, "%s/try.out", io);

    int files = 0;
    for (size_t i = 0; i < n; i++) {
        int st = shell(cmds[i], dir, bin, out);
        char *said = slurp(out, NULL);
        ck_assert(said);
        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: '%s' failed (status %d):\n%s",
                      ini, cmds[i], st, said);
        int lines = count_lines(said);
        ck_assert_msg(lines <= TRY_MAX_LINES, "%s: '%s' printed %d lines (at most %d):\n%.2000s",
                      ini, cmds[i], lines, TRY_MAX_LINES, said);
        /* It said something: a summary, a table or a story, or it wrote a file. */
        int named = expect_named_files(cmds[i], dir);
        ck_assert_msg(lines > 0 || named > 0, "%s: '%s' printed nothing and wrote nothing",
                      ini, cmds[i]);
        files += named;
        free(said);
        free(cmds[i]);
    }
    ck_assert_msg(files > 0, "%s: its Try lines write no file", ini);
    free(text);
    globfree(&g);
}
END_TEST

/* The extraction itself, on a block written here: continuation lines,
 * a '\' joining two lines, a comment line, and the end of the block. */
START_TEST(test_try_extraction)
{
    static const char text[] =
        "; a scenario\n"
        "; Try:   attune run s.ini -o a.csv\n"
        ";        attune compare r.csv --by x \\\n"
        ";            --format narrow\n"
        ";        # a remark\n"
        ";        head -n 3 a.csv    # shell comment\n"
        ";\n"
        "; not a command\n"
        "[scenario]\n";
    char *cmds[MAX_CMDS];
    size_t n = try_commands(text, cmds, MAX_CMDS);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(cmds[0], "attune run s.ini -o a.csv");
    ck_assert_str_eq(cmds[1], "attune compare r.csv --by x  --format narrow");
    ck_assert_str_eq(cmds[2], "head -n 3 a.csv    # shell comment");
    for (size_t i = 0; i < n; i++)
        free(cmds[i]);
    /* The loop test above has the shipped scenarios to run. */
    glob_t g;
    scenarios(&g);
    ck_assert_uint_ge(g.gl_pathc, 9);
    globfree(&g);
}
END_TEST

Suite *suite_cli_try(void)
{
    Suite *s = suite_create("cli_try");
    TCase *tc = fixture_tcase("try", setup);
    glob_t g;
    if (glob(SRC("scenarios/*.ini"), 0, NULL, &g) == 0) {
        tcase_add_loop_test(tc, test_try_lines, 0, (int)g.gl_pathc);
        globfree(&g);
    }
    tcase_add_test(tc, test_try_extraction);
    suite_add_tcase(s, tc);
    return s;
}
