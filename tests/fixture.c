/* The test fixture declared in tests/fixture.h: temporary folders, files,
 * the shipped match tables, scenarios, batch rows, scored files and compare
 * inputs from text, running $ATTUNE_BIN with posix_spawn and checking what
 * it wrote.  This file has no suite of its own; the test files
 * that include fixture.h use it. */
#include "fixture.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif

extern char **environ;

char root[64];
char base[96];
char io[128];
char work[128];

/* ---- files and folders ---- */

void rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            rm_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* The runner process makes one folder for the whole test case and removes
 * it at the end, so a failed test (whose own teardown Check skips) leaves
 * nothing behind either; each test works in a subfolder of its own. */
void case_setup(void)
{
    strcpy(root, "/tmp/attune-e2e-XXXXXX");
    if (!mkdtemp(root))
        root[0] = '\0';  /* setup() then fails the tests */
}

void case_teardown(void)
{
    if (root[0])
        rm_tree(root);
}

/* Each test's own folder, base, with io/ and w/ (work) in it.  A test file
 * that needs more paths calls this from its own setup function. */
void setup(void)
{
    ck_assert_msg(root[0] != '\0', "cannot create a temporary folder in /tmp");
    snprintf(base, sizeof base, "%s/t-XXXXXX", root);
    ck_assert_ptr_nonnull(mkdtemp(base));
    snprintf(io, sizeof io, "%s/io", base);
    snprintf(work, sizeof work, "%s/w", base);
    ck_assert_int_eq(mkdir(io, 0700), 0);
    ck_assert_int_eq(mkdir(work, 0700), 0);
}

void teardown(void)
{
    rm_tree(base);
}

TCase *fixture_tcase(const char *name, void (*test_setup)(void))
{
    TCase *tc = tcase_create(name);
    tcase_set_timeout(tc, 60);
    tcase_add_unchecked_fixture(tc, case_setup, case_teardown);
    tcase_add_checked_fixture(tc, test_setup, teardown);
    return tc;
}

void in_work(char *buf, size_t size, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", work, name);
    ck_assert_msg(n >= 0 && (size_t)n < size, "path too long: %s/%s", work, name);
}

void write_bytes(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

void write_file(const char *path, const char *text)
{
    write_bytes(path, text, strlen(text));
}

void temp_bytes(char *path, size_t size, const void *bytes, size_t n)
{
    ck_assert_uint_ge(size, 32);
    strcpy(path, "/tmp/attune-test-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "mkstemp: %s", strerror(errno));
    ck_assert_int_eq(close(fd), 0);
    write_bytes(path, bytes, n);
}

void temp_file(char *path, size_t size, const char *text)
{
    temp_bytes(path, size, text, strlen(text));
}

int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* mknod is XSI, hidden by -D_POSIX_C_SOURCE in headers included first. */
int mknod(const char *path, mode_t mode, dev_t dev);

int make_device(const char *path, int minor)
{
    if (geteuid() != 0)
        return 0;
    ck_assert_int_eq(mknod(path, S_IFCHR | 0600, makedev(1, minor)), 0);
    return 1;
}

FILE *open_full_device(char *path, size_t size)
{
    char dir[] = "/tmp/attune-dev-XXXXXX";
    ck_assert_uint_ge(size, 64);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, size, "%s/full", dir);
    if (!make_device(path, 7)) {
        ck_assert_int_eq(rmdir(dir), 0);
        return NULL;
    }
    FILE *fp = fopen(path, "w");
    if (!fp) {   /* /tmp mounted nodev: no device can be opened there, skip */
        ck_assert_int_eq(unlink(path), 0);
        ck_assert_int_eq(rmdir(dir), 0);
    }
    return fp;
}

void close_full_device(FILE *fp, const char *path)
{
    fclose(fp);
    expect_device(path, 7);
    ck_assert_int_eq(unlink(path), 0);
    char dir[64];
    snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(path, '/') - path), path);
    ck_assert_int_eq(rmdir(dir), 0);
}

void expect_device(const char *path, int minor)
{
    struct stat st;
    ck_assert_int_eq(lstat(path, &st), 0);
    ck_assert_msg(S_ISCHR(st.st_mode), "%s is no longer a character device", path);
    ck_assert_uint_eq(major(st.st_rdev), 1);
    ck_assert_uint_eq(minor(st.st_rdev), (unsigned)minor);
}

void expect_same_file(const char *path, const void *bytes, size_t len)
{
    size_t got_len;
    char *got = slurp(path, &got_len);
    ck_assert_msg(got != NULL, "%s is missing", path);
    ck_assert_msg(got_len == len && memcmp(got, bytes, len) == 0,
                  "%s differs from what was expected (%zu vs %zu bytes):\n%s", path, got_len,
                  len, got);
    free(got);
}

/* The whole file, NUL-terminated (length in *len), or NULL when missing. */
char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    ck_assert_ptr_nonnull(buf);
    for (;;) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap + 1);
        ck_assert_ptr_nonnull(buf);
    }
    ck_assert_int_eq(ferror(f), 0);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Splits "| a | b |" into trimmed cells; returns how many. */
static int md_split_row(const char *line, char out[][256])
{
    int n = 0;
    const char *p = strchr(line, '|');
    while (p && n < MD_MAX_CELLS) {
        const char *q = strchr(p + 1, '|');
        if (!q)
            break;
        const char *a = p + 1, *b = q;
        while (a < b && *a == ' ')
            a++;
        while (b > a && b[-1] == ' ')
            b--;
        snprintf(out[n++], 256, "%.*s", (int)(b - a), a);
        p = q;
    }
    return n;
}

int md_find_table(const char *text, const char *header, md_table *t)
{
    const char *at = strstr(text, header);
    if (!at)
        return -1;
    char cells[MD_MAX_CELLS][256];
    char line[1024];  /* one table line; longer ones are cut */
    const char *eol = strchr(at, '\n');
    snprintf(line, sizeof line, "%.*s", (int)(eol - at), at);
    t->ncol = md_split_row(line, cells);
    for (int i = 0; i < t->ncol; i++)
        memcpy(t->head[i], cells[i], sizeof t->head[i]);
    t->nrow = 0;
    const char *p = strchr(eol + 1, '\n') + 1;  /* past the | --- | line */
    while (*p == '|' && t->nrow < MD_MAX_ROWS) {
        eol = strchr(p, '\n');
        snprintf(line, sizeof line, "%.*s", (int)(eol - p), p);
        if (md_split_row(line, t->cell[t->nrow]) == t->ncol)
            t->nrow++;
        p = eol + 1;
    }
    return 0;
}

void md_key(const char *cell, char *out, size_t size)
{
    size_t n = strlen(cell);
    if (n >= 3 && cell[0] == '`' && cell[n - 1] == '`')
        snprintf(out, size, "%.*s", (int)(n - 2), cell + 1);
    else
        snprintf(out, size, "%s", "");
}

int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's entries (hidden ones too), sorted, joined by spaces. */
void listing(const char *dir, char *buf, size_t size)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && n < 64) {
            names[n] = strdup(e->d_name);
            ck_assert_ptr_nonnull(names[n]);
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_names);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strncat(buf, " ", size - strlen(buf) - 1);
        strncat(buf, names[i], size - strlen(buf) - 1);
        free(names[i]);
    }
}

void expect_listing(const char *expect)
{
    char got[2048];
    listing(work, got, sizeof got);
    ck_assert_msg(strcmp(got, expect) == 0, "the folder holds [%s], expected [%s]", got, expect);
}

void expect_file_text(const char *path, const char *text)
{
    expect_same_file(path, text, strlen(text));
}

/* ---- the library's shipped data ---- */

att_match_table *load_match(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/data/match/%s.csv", ATT_SRCDIR, name);
    att_error err = { 0 };
    att_match_table *mt = att_match_table_load(path, &err);
    ck_assert_msg(mt != NULL, "%s", err.msg);
    return mt;
}

/* ---- running the program ---- */

const char *attune_bin(void)
{
    static char path[4096];
    const char *b = getenv("ATTUNE_BIN");
    ck_assert_msg(b && *b, "ATTUNE_BIN is not set: run through `make check`, or set it "
                  "to the attune program (e.g. ATTUNE_BIN=build/attune)");
    if (b[0] != '/' && access(b, X_OK) != 0) {  /* relative to the source tree */
        snprintf(path, sizeof path, "%s/%s", ATT_SRCDIR, b);
        b = path;
    }
    ck_assert_msg(access(b, X_OK) == 0, "ATTUNE_BIN=%s is not an executable program", b);
    return b;
}

void sibling_bin(char *buf, size_t size, const char *name)
{
    const char *bin = attune_bin();
    const char *slash = strrchr(bin, '/');
    snprintf(buf, size, "%.*s/%s", slash ? (int)(slash - bin) : 1, slash ? bin : ".", name);
}

void result_free(result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

pid_t start(const char *const *args)
{
    return start_fds(args, -1, -1);
}

pid_t start_fds(const char *const *args, int in_fd, int out_fd)
{
    const char *bin = attune_bin();
    const char *argv[64];
    size_t n = 0;
    argv[n++] = bin;
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;

    char o[192], e[192];
    snprintf(o, sizeof o, "%s/stdout", io);
    snprintf(e, sizeof e, "%s/stderr", io);
    posix_spawn_file_actions_t fa;
    ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
    if (in_fd >= 0)
        ck_assert_int_eq(posix_spawn_file_actions_adddup2(&fa, in_fd, 0), 0);
    else
        ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0), 0);
    if (out_fd >= 0) {
        write_file(o, "");   /* collect() reads it: empty */
        ck_assert_int_eq(posix_spawn_file_actions_adddup2(&fa, out_fd, 1), 0);
    } else {
        ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 1, o, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
    }
    ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 2, e, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
    /* The program gets default signal handling whatever the runner has. */
    posix_spawnattr_t attr;
    sigset_t none, dfl;
    sigemptyset(&none);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGINT);
    sigaddset(&dfl, SIGTERM);
    sigaddset(&dfl, SIGPIPE);
    ck_assert_int_eq(posix_spawnattr_init(&attr), 0);
    ck_assert_int_eq(posix_spawnattr_setsigmask(&attr, &none), 0);
    ck_assert_int_eq(posix_spawnattr_setsigdefault(&attr, &dfl), 0);
    ck_assert_int_eq(posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF), 0);
    pid_t pid;
    int rc = posix_spawn(&pid, bin, &fa, &attr, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ck_assert_msg(rc == 0, "cannot start %s: %s", bin, strerror(rc));
    return pid;
}

result finish(pid_t pid)
{
    int st;
    pid_t w;
    while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    ck_assert_int_eq(w, pid);
    return collect(st);
}

result finish_within(pid_t pid, int seconds)
{
    for (long waited = 0; waited < seconds * 1000L; waited += 10) {
        int st;
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid)
            return collect(st);
        ck_assert_int_eq(w, 0);
        sleep_ms(10);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    ck_abort_msg("attune did not end within %d s", seconds);
    return (result){ 0 };
}

void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

result collect(int st)
{
    result r = { 0 };
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? -WTERMSIG(st) : -1000;
    char p[192];
    snprintf(p, sizeof p, "%s/stdout", io);
    r.out = slurp(p, &r.out_len);
    snprintf(p, sizeof p, "%s/stderr", io);
    r.err = slurp(p, &r.err_len);
    ck_assert_ptr_nonnull(r.out);
    ck_assert_ptr_nonnull(r.err);
    return r;
}

result run_argv(const char *const *args)
{
    return finish(start(args));
}

char *run_on_terminal(const char *const *args, int cols, const char *columns, int *status)
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

    const char *argv[64];
    size_t n = 0;
    argv[n++] = attune_bin();
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    ck_assert_msg(args[n - 1] == NULL, "run_on_terminal: too many arguments");
    argv[n] = NULL;
    char env_cols[64];
    snprintf(env_cols, sizeof env_cols, "COLUMNS=%s", columns ? columns : "");
    char *envp[] = { columns ? env_cols : NULL, NULL };
    posix_spawn_file_actions_t fa;
    ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, slave, 2);
    posix_spawn_file_actions_addclose(&fa, master);
    pid_t pid;
    ck_assert_int_eq(posix_spawn(&pid, argv[0], &fa, NULL, (char **)argv, envp), 0);
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
        ssize_t got = read(master, buf + len, 4096);
        if (got <= 0)
            break;  /* EIO once the program has closed the terminal */
        len += (size_t)got;
    }
    buf[len] = '\0';
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? -WTERMSIG(st) : -1;
    close(master);
    return buf;
}

/* run_attune("run", scn, "-o", out, NULL) */
result run_attune(const char *first, ...)
{
    const char *args[64];
    size_t n = 0;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && n < 63; a = va_arg(ap, const char *))
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    return run_argv(args);
}

void expect_status(const result *r, int status)
{
    ck_assert_msg(r->status == status, "exit status %d, expected %d; stderr:\n%s",
                  r->status, status, r->err);
}

/* The first line of `text` (without '\n') into buf. */
const char *first_line(const char *text, char *buf, size_t size)
{
    size_t n = strcspn(text, "\n");
    if (n >= size)
        n = size - 1;
    memcpy(buf, text, n);
    buf[n] = '\0';
    return buf;
}

void expect_contains(const char *text, const char *what, const char *where)
{
    ck_assert_msg(strstr(text, what) != NULL, "%s lacks '%s'; it is:\n%s", where, what, text);
}

int count_lines(const char *text)
{
    int n = 0;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        n++;
    return n;
}

/* Line `k` (0-based) of text, or NULL. */
const char *line_at(const char *text, int k)
{
    const char *p = text;
    for (int i = 0; i < k && p; i++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    return p && *p ? p : NULL;
}

const char *field(const char *line, int col, char *buf, size_t size)
{
    const char *p = line;
    for (int i = 0; i <= col; i++) {
        size_t n = 0;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"')
                    p++;
                ck_assert_msg(n + 1 < size, "field %d too long in line: %.200s", col, line);
                buf[n++] = *p;
            }
            p++;
        } else {
            for (; *p && *p != ',' && *p != '\n'; p++) {
                ck_assert_msg(n + 1 < size, "field %d too long in line: %.200s", col, line);
                buf[n++] = *p;
            }
        }
        buf[n] = '\0';
        if (i < col) {
            ck_assert_msg(*p == ',', "no column %d in line: %.200s", col, line);
            p++;
        }
    }
    return buf;
}

void import_icep_example(char *coder, size_t size)
{
    char export[512];
    in_work(coder, size, "coder-a.csv");
    snprintf(export, sizeof export, "%s/data/examples/elan-icep-1.txt", ATT_SRCDIR);
    result r = run_attune("import", "elan", export, "--map", SRC("data/examples/elan-map.csv"),
                          "--scheme", "icep", "-o", coder, NULL);
    expect_status(&r, 0);
    result_free(&r);
}

int header_column(const char *header, const char *name)
{
    char buf[128];
    for (int i = 0; i < 1000; i++) {
        field(header, i, buf, sizeof buf);
        if (strcmp(buf, name) == 0)
            return i;
    }
    ck_abort_msg("no column %s", name);
    return -1;
}

/* ---- writing inputs ---- */

size_t dialect(char *buf, size_t cap, const char *text, char sep, const char *eol,
               const char *prefix)
{
    size_t n = 0;
    for (const char *p = prefix; *p; p++)
        buf[n++] = *p;
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            for (const char *e = eol; *e; e++)
                buf[n++] = *e;
        else
            buf[n++] = *p == ',' ? sep : *p;
        ck_assert_uint_lt(n, cap - 4);
    }
    buf[n] = '\0';
    return n;
}

void write_input(char *path, size_t size, const char *name, const char *text)
{
    snprintf(path, size, "%s/%s", work, name);
    write_file(path, text);
}

void make_part_at(const char *ref, const char *part, int rows, int half)
{
    const char *cut = line_at(ref, rows + 1);
    size_t n = (size_t)(cut - ref) + (half ? strcspn(cut, "\n") / 2 : 0);
    FILE *f = fopen(part, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(ref, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

/* ---- running the program ---- */

char *output_of(const char *const *args)
{
    result r = run_argv(args);
    expect_status(&r, 0);
    char *out = r.out;
    r.out = NULL;
    result_free(&r);
    return out;
}

char *reference_of(const char *ini, const char *out, size_t *len)
{
    result r = run_attune("batch", ini, "-o", out, "--jobs", "1", "-q", NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.err_len, 0);   /* --quiet: nothing on stderr */
    result_free(&r);
    char *text = slurp(out, len);
    ck_assert_ptr_nonnull(text);
    return text;
}

/* ---- checking the output ---- */

void expect_prefix(const char *line, const char *prefix)
{
    ck_assert_msg(line && strncmp(line, prefix, strlen(prefix)) == 0, "line '%.300s' does not "
                  "start with '%s'", line ? line : "(none)", prefix);
}

/* ---- scenarios, batches and their rows (the library) ---- */

att_scenario *load_at(const char *file, const char *text, const char *const *sets,
                      size_t nsets)
{
    write_file(file, text);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(file, sets, nsets, &err);
    ck_assert_msg(s != NULL, "unexpected error: %s", err.msg);
    ck_assert_int_eq(err.code, ATT_OK);
    return s;
}

const att_caregiver_params *defaults_of(const char *policy)
{
    const att_policy_type *p = att_policy_find(policy);
    ck_assert_ptr_nonnull(p);
    return &p->defaults;
}

void fields_split(struct fields *c, const char *line)
{
    size_t len = strlen(line);
    c->store = malloc(len + 1);
    c->f = malloc((len + 2) * sizeof *c->f);
    ck_assert(c->store && c->f);
    c->n = 0;
    const char *p = line;
    char *w = c->store;
    for (;;) {
        c->f[c->n++] = w;
        if (*p == '"') {
            for (p++;; p++) {
                ck_assert_msg(*p != '\0', "unterminated quote in: %s", line);
                if (*p == '"' && p[1] != '"')
                    break;
                if (*p == '"')
                    p++;
                *w++ = *p;
            }
            p++;
        } else {
            while (*p && *p != ',' && *p != '\n')
                *w++ = *p++;
        }
        *w++ = '\0';
        if (*p == '\0' || (*p == '\n' && p[1] == '\0'))
            break;
        ck_assert_msg(*p == ',', "junk after a quoted field in: %s", line);
        p++;
    }
}

void fields_free(struct fields *c)
{
    free(c->store);
    free(c->f);
}

size_t col_of(const struct fields *header, const char *name)
{
    for (size_t i = 0; i < header->n; i++)
        if (strcmp(header->f[i], name) == 0)
            return i;
    ck_abort_msg("no column '%s'", name);
    return 0;
}

double number_at(const struct fields *row, size_t i)
{
    char *end;
    double v = strtod(row->f[i], &end);
    ck_assert_msg(row->f[i][0] && *end == '\0', "field %zu '%s' is not a number", i, row->f[i]);
    return v;
}

att_batch *batch_of(const att_scenario *s, const att_match_table *mt)
{
    att_error err = { 0 };
    att_batch *b = att_batch_new(s, mt, NULL, 0, &err);
    ck_assert_msg(b != NULL, "%s", err.msg);
    return b;
}

char *row_text(const att_batch *b, long run)
{
    att_buf buf = { 0 };
    att_error err = { 0 };
    ck_assert_msg(att_batch_row(b, run, &buf, NULL, NULL, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(strlen(buf.data), buf.len);
    ck_assert(buf.len > 0 && buf.data[buf.len - 1] == '\n');
    ck_assert_ptr_null(memchr(buf.data, '\n', buf.len - 1));
    return buf.data;
}

void count_latencies(const char *field, long *n, long *censored)
{
    *n = *censored = 0;
    double prev = -1;
    for (const char *p = field; *p;) {
        char *end;
        double x = strtod(p, &end);
        ck_assert_msg(end != p, "bad latencies '%s'", field);
        ck_assert_msg(x >= 0 && x >= prev, "latencies '%s' do not ascend", field);
        prev = x;
        (*n)++;
        if (*end == '+') {
            (*censored)++;
            end++;
        }
        ck_assert_msg(*end == '\0' || (*end == ' ' && end[1] && end[1] != ' '),
                      "bad separator in latencies '%s'", field);
        p = *end ? end + 1 : end;
    }
}

/* ---- scoring coded files (the library) ---- */

static int sc_begin(void *user, const char *run, att_error *err)
{
    score_list *s = user;
    s->runs++;
    return att_scorer_begin(s->sc, run, err);
}

static int sc_row(void *user, const att_coded_row *row, att_error *err)
{
    score_list *s = user;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    return att_scorer_push(s->sc, &st, NULL, err);
}

static int sc_end(void *user, double t_end, att_error *err)
{
    score_list *s = user;
    int rc = att_scorer_end(s->sc, t_end, NULL, err);
    size_t nw = att_scorer_window_count(s->sc);
    s->windows += nw;
    for (size_t i = 0; rc == ATT_OK && i < nw; i++) {
        att_window_score w;
        rc = att_scorer_window(s->sc, i, 30, &w, err);
        for (int c = 0; rc == ATT_OK && c < ATT_SC_COUNT && s->n < SCORES_MAX; c++)
            s->v[s->n++] = w.v[c];
    }
    return rc;
}

static const att_coded_hooks hooks = { sc_begin, sc_row, sc_end };

int score_path(const char *path, int flags, score_list *s, att_error *err)
{
    att_match_table *mt = load_match("attuned");
    memset(s, 0, sizeof *s);
    s->sc = att_scorer_new(mt, NULL);
    ck_assert_ptr_nonnull(s->sc);
    int rc = att_coded_read(path, mt, flags, &hooks, s, err);
    att_scorer_free(s->sc);
    att_match_table_free(mt);
    return rc;
}

int score_bytes(const char *bytes, size_t n, int flags, score_list *s, att_error *err)
{
    char path[64];
    temp_bytes(path, sizeof path, bytes, n);
    int rc = score_path(path, flags, s, err);
    unlink(path);
    return rc;
}

/* ---- compare (the library) ---- */

att_compare *compare_text(const char *text, const att_compare_opts *o, att_error *err,
                          int *rc)
{
    att_compare *c = att_compare_new(o, err);
    if (!c) {
        *rc = err->code;
        return NULL;
    }
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    rewind(fp);
    *rc = att_compare_read(c, fp, "mem.csv", err);
    fclose(fp);
    if (*rc == ATT_OK)
        *rc = att_compare_compute(c, err);
    if (*rc != ATT_OK) {
        att_compare_free(c);
        return NULL;
    }
    return c;
}

att_compare *compare_ok(const char *text, const att_compare_opts *o)
{
    att_error err = { 0 };
    int rc;
    att_compare *c = compare_text(text, o, &err, &rc);
    ck_assert_msg(c != NULL, "compare failed (%d): %s", rc, err.msg);
    return c;
}

/* ---- paths of the input tests: work/in.csv and work/out.csv ---- */

char f_in[192], f_out[192];

void input_setup(void)
{
    setup();
    snprintf(f_in, sizeof f_in, "%s/in.csv", work);
    snprintf(f_out, sizeof f_out, "%s/out.csv", work);
}

/* ---- an experiment of three conditions beside a plain scenario ---- */

char cond_ini[192];
char scn_ini[192];

const char cond_text[] =
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

void cond_setup(void)
{
    setup();
    snprintf(cond_ini, sizeof cond_ini, "%s/exp.ini", work);
    snprintf(scn_ini, sizeof scn_ini, "%s/s.ini", work);
}

/* ---- the batch tests' experiment and timeline, and their references ---- */

char batch_ini[192];
char exp_full[192];
char tl_ini[192];
char tl_full[192];

const char exp_text[] =
    "[scenario]\n"
    "seed = 11\n"
    "[infant]\n"
    "arousal_baseline = normal(0.2, 0.04)\n"
    "return_rate = lognormal(-0.7, 0.3)\n"
    "[phase]\n"
    "name = play\n"
    "duration = 10\n"
    "[phase]\n"
    "name = still\n"
    "duration = 10\n"
    "policy = still-face\n"
    "[batch]\n"
    "replicates = 5\n"
    "[condition]\n"
    "name = patient\n"
    "[condition]\n"
    "name = intrusive\n"
    "phase.play.policy = intrusive\n"
    "[condition]\n"
    "name = wait\n"
    "caregiver.wait_time = 1:2:3\n";

const char tl_text[] =
    "[scenario]\n"
    "seed = 4\n"
    "dt = 0.1\n"
    "sessions = 3\n"
    "interval = 60\n"
    "[infant]\n"
    "arousal_baseline = normal(0.2, 0.04)\n"
    "[phase]\n"
    "name = play\n"
    "duration = 4\n"
    "[phase]\n"
    "name = still\n"
    "duration = 3\n"
    "policy = still-face\n"
    "[batch]\n"
    "replicates = 3\n"
    "[condition]\n"
    "name = patient\n"
    "[condition]\n"
    "name = intrusive\n"
    "phase.play.policy = intrusive\n"
    "[condition]\n"
    "name = brief\n"
    "scenario.sessions = 2\n";

void batch_setup(void)
{
    setup();
    snprintf(batch_ini, sizeof batch_ini, "%s/exp.ini", work);
    snprintf(exp_full, sizeof exp_full, "%s/full.csv", work);
    snprintf(tl_ini, sizeof tl_ini, "%s/tl.ini", work);
    snprintf(tl_full, sizeof tl_full, "%s/tl.csv", work);
    write_file(batch_ini, exp_text);
    write_file(tl_ini, tl_text);
}

char *reference(size_t *len)
{
    return reference_of(batch_ini, exp_full, len);
}

/* ---- paths of the run tests: work/s.ini, work/OUT.csv and its metadata ---- */

char run_ini[192];
char run_out[192];
char run_meta[224];

const char two_phase_ini[] =
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

void cli_setup(void)
{
    setup();
    snprintf(run_ini, sizeof run_ini, "%s/s.ini", work);
    snprintf(run_out, sizeof run_out, "%s/OUT.csv", work);
    snprintf(run_meta, sizeof run_meta, "%s/OUT.csv.meta.json", work);
}

/* ---- the output path of the contingency and export tests: work/OUT ---- */

char seq_out[192];

void seq_setup(void)
{
    setup();
    snprintf(seq_out, sizeof seq_out, "%s/OUT", work);
}

const char seq_gap_scheme[] =
    "partner,code,gaze,positive,negative,unscorable\n"
    "infant,calm,1,0,0,0\n"
    "infant,fuss,0,0,1,0\n"
    "infant,hidden,0,0,0,1\n"
    "caregiver,warm,1,1,0,0\n"
    "caregiver,still,0,0,0,0\n"
    "caregiver,away,0,0,0,1\n";

const char seq_gap_coded[] =
    "t,infant_code,caregiver_code\n"
    "0,fuss,warm\n"
    "1,calm,still\n"
    "2,fuss,warm\n"
    "3,hidden,warm\n"
    "4,fuss,warm\n"
    "5,calm,still\n"
    "6,fuss,still\n"
    "7,calm,away\n"
    "8,hidden,still\n"
    "9,calm,still\n"
    "10,fuss,warm\n"
    "11,calm,warm\n"
    "12,calm,warm\n"
    "13,calm,warm\n";

/* ---- experiments written in work (the library tests) ---- */

char exp_path[192];
char exp_path2[192];

void exp_setup(void)
{
    setup();
    in_work(exp_path, sizeof exp_path, "e.ini");
    in_work(exp_path2, sizeof exp_path2, "e2.ini");
}

TCase *exp_tcase(const char *name)
{
    return fixture_tcase(name, exp_setup);
}

att_scenario *load_exp(const char *text)
{
    return load_at(exp_path, text, NULL, 0);
}

/* ---- timelines written in work (the library tests) ---- */

char tl_scn[192];

void tl_setup(void)
{
    setup();
    in_work(tl_scn, sizeof tl_scn, "s.ini");
}

att_scenario *load_tl(const char *text, const char *const *sets, size_t nsets)
{
    write_file(tl_scn, text);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(tl_scn, sets, nsets, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

/* ---- test data used by several files ---- */

const char experiment_text[] =
    "[scenario]\n"                       /*  1 */
    "name = exp\n"                       /*  2 */
    "seed = 7\n"                         /*  3 */
    "[caregiver]\n"                      /*  4 */
    "policy = patient\n"                 /*  5 */
    "responsiveness = 0.8\n"             /*  6 */
    "[phase]\n"                          /*  7 */
    "name = play\n"                      /*  8 */
    "duration = 30\n"                    /*  9 */
    "[phase]\n"                          /* 10 */
    "name = still\n"                     /* 11 */
    "duration = 20\n"                    /* 12 */
    "policy = still-face\n"              /* 13 */
    "[batch]\n"                          /* 14 */
    "replicates = 3\n"                   /* 15 */
    "[condition]\n"                      /* 16 */
    "name = a\n"                         /* 17 */
    "caregiver.policy = intrusive\n"     /* 18 */
    "[condition]\n"                      /* 19 */
    "name = b\n"                         /* 20 */
    "caregiver.wait_time = 0:1:2\n"      /* 21 */
    "[condition]\n"                      /* 22 */
    "name = c\n"                         /* 23 */
    "phase.still.wait_time = 9\n";       /* 24 */

const char coded_session[] =
    "run,t,infant_code,caregiver_code,phase,infant_arousal\n"
    "a,0,monitor,monitor,\"play first\",0.1\n"
    "a,1,avert,intrusive,\"play first\",0.5\n"
    "a,3,monitor,monitor,still,0.2\n"
    "a,4,protest,still,still,0.9\n"
    "a,4.5,monitor,monitor,still,0.3\n"
    "b,0,positive,positive,still,0\n"
    "b,1,avert,still,still,0.25\n"
    "b,2.5,avert,still,still,0.125\n";

/* ---- compare: a results file and the CSV header of its output ---- */

const char compare_results[] =
    "experiment,run,condition,replicate,seed,caregiver.wait_time,all.matched_prop,all.rmst_s,"
    "all.latencies,play.matched_prop,play.latencies\n"
    "00000000deadbeef,1,A,1,11,1.5,0.5,1,0.5 1 2+,0.4,0.5\n"
    "00000000deadbeef,2,A,2,12,2.5,0.6,2,1 3,0.5,1\n"
    "00000000deadbeef,3,A,3,13,1.5,0.7,,,0.6,\n"
    "00000000deadbeef,4,B,1,14,2.5,0.3,3,2 4 4+,0.2,2 4+\n"
    "00000000deadbeef,5,B,2,15,1.5,0.4,4,1.5 6,0.25,1.5\n"
    "00000000deadbeef,6,B,3,16,2.5,0.5,5,3+,0.3,3+\n"
    "00000000deadbeef,7,B,4,17,1.5,0.6,6.5,5,0.45,5\n"
    "00000000deadbeef,8,C,1,18,2.5,0.9,0.5,0.2 0.3,0.8,0.2\n";

const char compare_csv_head[] =
    "level,window,metric,group,baseline,n,mean,sd,boot_lo,boot_hi,diff,hedges_g,g_lo,g_hi,"
    "welch_t,welch_df,welch_p,welch_p_holm,mw_u,mw_p,mw_p_holm,"
    "ruptures,repairs,km_median,km_median_lo,km_median_hi,within_2s,rmst,"
    "logrank_chisq,logrank_df,logrank_p,logrank_p_holm";

/* ---- whole runs and written tables (the library) ---- */

/* Included here, beside the helpers that need them. */
#include "attune/sim.h"
#include "attune/trace.h"

char *trace_text(const att_scenario *s, const att_match_table *mt, unsigned long seed)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
    ck_assert_msg(sim != NULL, "%s", err.msg);
    att_trace *tr = att_trace_new(fp, att_scenario_dt(s), &err);
    ck_assert_msg(tr != NULL, "%s", err.msg);
    att_step st;
    int more = 0, rc = ATT_OK;
    /* No ck_assert per step: a passing one costs Check a write(2) of its
     * checkpoint, far more than the step and its line (policy's 75
     * half-hour traces took 45 s so, now under 2 s). */
    while (rc == ATT_OK && (more = att_sim_next(sim, &st, &err)) > 0)
        rc = att_trace_write(tr, &st, &err);
    ck_assert_msg(rc == ATT_OK, "att_trace_write: %d (%s)", rc, err.msg);
    ck_assert_msg(more == 0, "att_sim_next: %d (%s)", more, err.msg);
    ck_assert_int_eq(err.code, ATT_OK);
    att_trace_free(tr);
    att_sim_free(sim);
    ck_assert_int_eq(fclose(fp), 0);
    return buf;
}

char *compare_written(const att_compare *c, att_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_error err = { 0 };
    ck_assert_msg(att_compare_write(c, fp, fmt, &err) == ATT_OK, "%s", err.msg);
    ck_assert_int_eq(fclose(fp), 0);
    return buf;
}

void expect_err(const att_error *err, int code, const char *word)
{
    ck_assert_int_eq(err->code, code);
    ck_assert_msg(strstr(err->msg, word) != NULL, "message '%s' lacks '%s'", err->msg, word);
}

/* ---- figures: a tiny reader of cairo's SVG ---- */

/* The value of attribute `name` in the element starting at `el` (up to its
 * '>'), copied to buf; 0 when absent. */
static int svg_attr(const char *el, const char *name, char *buf, size_t cap)
{
    const char *end = strchr(el, '>');
    size_t n = strlen(name);
    for (const char *p = el; (p = strstr(p, name)) != NULL && p < end; p++) {
        if (p[-1] != ' ' || p[n] != '=' || p[n + 1] != '"')
            continue;
        const char *v = p + n + 2, *q = strchr(v, '"');
        ck_assert_ptr_nonnull(q);
        snprintf(buf, cap, "%.*s", (int)(q - v), v);
        return 1;
    }
    return 0;
}

static void svg_add_point(svg_shape *s, double x, double y)
{
    s->xs = realloc(s->xs, (s->npoints + 1) * sizeof *s->xs);
    s->ys = realloc(s->ys, (s->npoints + 1) * sizeof *s->ys);
    ck_assert(s->xs && s->ys);
    s->xs[s->npoints] = x;
    s->ys[s->npoints] = y;
    if (!s->npoints || x < s->x0) s->x0 = x;
    if (!s->npoints || x > s->x1) s->x1 = x;
    if (!s->npoints || y < s->y0) s->y0 = y;
    if (!s->npoints || y > s->y1) s->y1 = y;
    s->npoints++;
}

/* The number pairs of a path's d ("M 1 2 L 3 4 C ... Z"). */
static void svg_path_points(svg_shape *s, const char *d)
{
    const char *p = d;
    double v[2];
    int k = 0;
    while (*p) {
        char *e;
        double x = strtod(p, &e);
        if (e == p) {
            p++;
            continue;
        }
        v[k++] = x;
        if (k == 2) {
            svg_add_point(s, v[0], v[1]);
            k = 0;
        }
        p = e;
    }
}

static double svg_number_attr(const char *el, const char *name)
{
    char buf[64];
    ck_assert_msg(svg_attr(el, name, buf, sizeof buf), "SVG element without %s", name);
    return strtod(buf, NULL);
}

void svg_read(const char *text, svg_doc *d)
{
    *d = (svg_doc){ 0 };
    const char *svg = strstr(text, "<svg");
    ck_assert_msg(svg != NULL, "not an SVG");
    d->width = svg_number_attr(svg, "width");
    d->height = svg_number_attr(svg, "height");
    const char *p = svg;
    while ((p = strchr(p + 1, '<')) != NULL) {
        if (strncmp(p, "<defs", 5) == 0) {
            const char *e = strstr(p, "</defs>");
            if (e)
                p = e;
            continue;
        }
        int is_path = strncmp(p, "<path ", 6) == 0, is_rect = strncmp(p, "<rect ", 6) == 0;
        if (!is_path && !is_rect)
            continue;
        d->shapes = realloc(d->shapes, (d->n + 1) * sizeof *d->shapes);
        ck_assert_ptr_nonnull(d->shapes);
        svg_shape *s = &d->shapes[d->n++];
        *s = (svg_shape){ 0 };
        svg_attr(p, "style", s->style, sizeof s->style);
        if (is_rect) {
            double x = svg_number_attr(p, "x"), y = svg_number_attr(p, "y");
            svg_add_point(s, x, y);
            svg_add_point(s, x + svg_number_attr(p, "width"), y + svg_number_attr(p, "height"));
        } else {
            const char *dd = strstr(p, " d=\"");
            ck_assert_ptr_nonnull(dd);
            char *copy = strndup(dd + 4, (size_t)(strchr(dd + 4, '"') - (dd + 4)));
            svg_path_points(s, copy);
            free(copy);
        }
    }
}

void svg_free(svg_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->shapes[i].xs);
        free(d->shapes[i].ys);
    }
    free(d->shapes);
    *d = (svg_doc){ 0 };
}

size_t svg_find(const svg_doc *d, const char *style, size_t *idx, size_t cap)
{
    size_t found = 0;
    for (size_t i = 0; i < d->n; i++) {
        int all = 1;
        for (const char *p = style; *p && all;) {
            size_t len = strcspn(p, ";");
            char part[128];
            snprintf(part, sizeof part, "%.*s", (int)len, p);
            if (!strstr(d->shapes[i].style, part))
                all = 0;
            p += len + (p[len] == ';');
        }
        if (all) {
            if (idx && found < cap)
                idx[found] = i;
            found++;
        }
    }
    return found;
}

/* A percentage as cairo writes it: %f without trailing zeros or point. */
static void svg_percent(char *buf, size_t cap, int v)
{
    snprintf(buf, cap, "%f", v / 2.55);
    char *e = buf + strlen(buf);
    while (e > buf && e[-1] == '0')
        *--e = 0;
    if (e > buf && e[-1] == '.')
        *--e = 0;
}

void svg_rgb(char *buf, size_t cap, int r, int g, int b)
{
    char pr[12], pg[12], pb[12];
    svg_percent(pr, sizeof pr, r);
    svg_percent(pg, sizeof pg, g);
    svg_percent(pb, sizeof pb, b);
    snprintf(buf, cap, "rgb(%s%%,%s%%,%s%%)", pr, pg, pb);
}

void svg_time_axis(const svg_doc *d, double *left, double *right)
{
    double best = -1;
    for (size_t i = 0; i < d->n; i++) {
        const svg_shape *s = &d->shapes[i];
        if (s->npoints != 2 || s->y0 != s->y1 || !strstr(s->style, "stroke-width:0.8;")
            || !strstr(s->style, "stroke:rgb(35%,35%,35%)"))
            continue;
        if (s->x1 - s->x0 > best) {
            best = s->x1 - s->x0;
            *left = s->x0;
            *right = s->x1;
        }
    }
    ck_assert_msg(best > 0, "no time axis in the figure");
}

size_t svg_ruptures(const svg_doc *d, int censored, size_t *idx, size_t cap)
{
    char red[64], style[128];
    svg_rgb(red, sizeof red, 213, 94, 0);
    snprintf(style, sizeof style, "fill:%s;fill-opacity:%s;", red, censored ? "0.25" : "0.35");
    size_t found = 0;
    for (size_t i = 0; i < d->n; i++) {
        const svg_shape *s = &d->shapes[i];
        if (!strstr(s->style, style) || (censored && s->y1 - s->y0 <= 8.5))
            continue;
        if (idx && found < cap)
            idx[found] = i;
        found++;
    }
    return found;
}

size_t svg_dashed_x(const svg_doc *d, double *out, size_t cap)
{
    double xs[256];
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) {
        const svg_shape *s = &d->shapes[i];
        if (!strstr(s->style, "stroke-dasharray") || s->x0 != s->x1)
            continue;
        size_t k = 0;
        while (k < n && fabs(xs[k] - s->x0) > 1e-6)
            k++;
        if (k < n || n == 256)
            continue;
        xs[n++] = s->x0;
        for (size_t j = n - 1; j > 0 && xs[j] < xs[j - 1]; j--) {
            double tmp = xs[j];
            xs[j] = xs[j - 1];
            xs[j - 1] = tmp;
        }
    }
    for (size_t k = 0; out && k < n && k < cap; k++)
        out[k] = xs[k];
    return n;
}

/* ---- attune serve ---- */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include "tests/http_client.h"

pid_t serve_start(const char *const *args, int *port)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = start_fds(args, -1, fds[1]);
    close(fds[1]);
    char line[512];
    size_t n = 0;
    struct pollfd pfd = { fds[0], POLLIN, 0 };
    while (n + 1 < sizeof line && (n == 0 || line[n - 1] != '\n')
           && poll(&pfd, 1, 10000) > 0) {
        ssize_t k = read(fds[0], line + n, sizeof line - 1 - n);
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    line[n] = '\0';
    close(fds[0]);
    /* http://HOST:PORT/ (HOST 127.0.0.1, or this machine's name for --host
     * 0.0.0.0): the port is after the URL's last ':' */
    const char *p = strstr(line, "http://");
    const char *slash = p ? strchr(p + strlen("http://"), '/') : NULL;
    const char *colon = slash ? slash : NULL;
    while (colon && colon > p && *colon != ':')
        colon--;
    if (!colon || *colon != ':') {
        kill(pid, SIGKILL);
        result r = finish(pid);
        ck_abort_msg("attune serve printed no address: '%s' (stderr: %s)", line, r.err);
    }
    *port = atoi(colon + 1);
    ck_assert_int_gt(*port, 0);
    return pid;
}

int http_request(int port, const char *method, const char *path, const char *headers,
                 const char *body, char **out, size_t *len)
{
    if (out)
        *out = NULL;
    int fd = hc_connect(port);
    if (fd < 0)
        return -1;
    size_t hcap = 1024 + strlen(path);
    char *head = malloc(hcap);
    ck_assert_ptr_nonnull(head);
    int hn = snprintf(head, hcap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                      "Connection: close\r\n", method, path, port);
    if (body)
        hn += snprintf(head + hn, hcap - (size_t)hn, "Content-Length: %zu\r\n", strlen(body));
    int ok = hn > 0 && (size_t)hn < hcap && hc_send(fd, head, (size_t)hn)
             && (!headers || hc_send(fd, headers, strlen(headers))) && hc_send(fd, "\r\n", 2)
             && (!body || hc_send(fd, body, strlen(body)));
    free(head);
    if (!ok) {
        close(fd);
        return -1;
    }
    size_t n = 0;
    int status = hc_read_n(fd, out, &n);
    if (len)
        *len = n;
    return status;
}

const char *json_str(const char *json, const char *key, char *buf, size_t size)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = json ? strstr(json, pat) : NULL;
    if (!p)
        return NULL;
    p += strlen(pat);
    size_t n = 0;
    for (; *p && *p != '"' && n + 1 < size; p++) {
        if (*p == '\\')
            p++;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    return buf;
}

double json_num(const char *json, const char *key)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(json, pat);
    ck_assert_msg(p != NULL, "no %s in %.300s", key, json);
    p += strlen(pat);
    return strncmp(p, "null", 4) == 0 ? NAN : strtod(p, NULL);
}

void serve_stop(pid_t pid)
{
    kill(pid, SIGTERM);
    result r = finish_within(pid, 20);
    expect_status(&r, 0);
    result_free(&r);
}

void api_new_run(int port, const char *query, char *id)
{
    char path[512], *out;
    snprintf(path, sizeof path, "/api/runs?%s", query);
    int st = http_request(port, "POST", path, NULL, NULL, &out, NULL);
    ck_assert_msg(st == 201, "%s: %d %s", path, st, out ? out : "");
    ck_assert_ptr_nonnull(json_str(out, "id", id, 40));
    ck_assert_uint_eq(strlen(id), 32);
    free(out);
}

char *api_steps(int port, const char *id, int n)
{
    char path[256], *out;
    snprintf(path, sizeof path, "/api/runs/%s/steps?n=%d", id, n);
    int st = http_request(port, "POST", path, NULL, NULL, &out, NULL);
    ck_assert_msg(st == 200, "%s: %d %s", path, st, out ? out : "");
    return out;
}

char *api_change(int port, const char *id, const char *assign)
{
    char path[512], *out;
    snprintf(path, sizeof path, "/api/runs/%s/change?set=%s", id, assign);
    int st = http_request(port, "POST", path, NULL, NULL, &out, NULL);
    ck_assert_msg(st == 200, "%s: %d %s", path, st, out ? out : "");
    return out;
}

double csv_cell(const char *csv, int row, const char *name)
{
    struct fields head, line;
    char buf[4096];
    fields_split(&head, first_line(csv, buf, sizeof buf));
    const char *at = line_at(csv, row);
    ck_assert_msg(at != NULL, "no row %d in:\n%s", row, csv);
    fields_split(&line, first_line(at, buf, sizeof buf));
    size_t i = col_of(&head, name);
    double x = *line.f[i] ? number_at(&line, i) : NAN;
    fields_free(&head);
    fields_free(&line);
    return x;
}

/* Column `col` of the row kind,name of an attune fit table (NaN when empty). */
double logit_ci_end(double x, double se, double lo, double hi, double z)
{
    double u = log((x - lo) / (hi - x)) + z * se * (hi - lo) / ((x - lo) * (hi - x));
    return lo + (hi - lo) / (1 + exp(-u));
}

double fit_cell(const char *csv, const char *kind, const char *name, const char *col)
{
    struct fields head, row;
    char buf[4096], key[256];
    fields_split(&head, first_line(csv, buf, sizeof buf));
    snprintf(key, sizeof key, "%s,%s,", kind, name);
    const char *at = strstr(csv, key);
    ck_assert_msg(at != NULL, "no row %s in:\n%s", key, csv);
    fields_split(&row, first_line(at, buf, sizeof buf));
    size_t i = col_of(&head, col);
    double x = *row.f[i] ? number_at(&row, i) : NAN;
    fields_free(&head);
    fields_free(&row);
    return x;
}

/* sh SCRIPT ARGS, stdout and stderr into io/. */
result run_sh(const char *script, const char *const *args)
{
    const char *argv[64];
    size_t n = 0;
    argv[n++] = "sh";
    argv[n++] = script;
    while (*args && n < 63)
        argv[n++] = *args++;
    argv[n] = NULL;
    char o[192], e[192];
    snprintf(o, sizeof o, "%s/stdout", io);
    snprintf(e, sizeof e, "%s/stderr", io);
    posix_spawn_file_actions_t fa;
    ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
    ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0), 0);
    ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 1, o, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
    ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 2, e, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
    pid_t pid;
    ck_assert_int_eq(posix_spawn(&pid, "/bin/sh", &fa, NULL, (char *const *)argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    return collect(st);
}

result run_fit_traces(const char *scenario, const char *dir, int n, const char *const *extra)
{
    enum { MAX_TRACES = 64, MAX_EXTRA = 31 };
    const char *args[MAX_TRACES + MAX_EXTRA + 5];
    static char paths[MAX_TRACES][300];
    ck_assert_int_le(n, MAX_TRACES);
    size_t k = 0;
    args[k++] = "fit";
    args[k++] = "--resims";   /* extra's own --resims comes later and wins */
    args[k++] = "0";
    args[k++] = scenario;
    for (int i = 0; i < n; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/rec_%04d.csv", dir, i + 1);
        args[k++] = paths[i];
    }
    for (int e = 0; extra[e] && e < MAX_EXTRA; e++)
        args[k++] = extra[e];
    args[k] = NULL;
    return run_argv(args);
}

int headline_by_rule(const char *id)
{
    static const char *const groups[] = {
        "play.", "sf.", "reunion.", "peekaboo.", "repair.", "presets.", "chronic.",
    };
    static const char *const expert[] = {
        "expert.sf_gaze_d", "expert.sf_positive_d", "expert.sf_negative_d",
        "expert.reunion_negative_d", "expert.reunion_cry", "expert.sf_gaze_early",
        "expert.sf_negative_early", "expert.secure_sf_negative", "expert.play_repair_next",
        "expert.play_repair_3s", "expert.sf_cry_grows", "expert.secure_play_gaze",
        "expert.secure_reunion_negative", "expert.anxious_sf_negative",
        "expert.anxious_reunion_negative", "expert.avoidant_play_gaze_vs",
        "expert.avoidant_sf_negative", "expert.avoidant_reunion_gaze",
        "expert.reactive_reunion_negative", "expert.sf_negative_d_codes",
        "expert.reunion_negative_d_codes",
    };
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strncmp(id, groups[i], strlen(groups[i])) == 0)
            return 1;
    for (size_t i = 0; i < sizeof expert / sizeof expert[0]; i++)
        if (strcmp(id, expert[i]) == 0)
            return 1;
    return 0;
}

int fixture_keep_id(const att_vresult *r, void *user, att_error *err)
{
    (void)err;
    fixture_ids *k = user;
    ck_assert_uint_lt(k->n, 128);
    snprintf(k->id[k->n], sizeof k->id[k->n], "%s", r->check->id);
    k->est[k->n++] = r->estimate;
    return ATT_OK;
}

double fit_ci_gap(double est, double se_est, double end, double se_end, double lo, double hi)
{
    double u_hat = log((est - lo) / (hi - est)), u = log((end - lo) / (hi - end));
    double su_hat = se_est * (hi - lo) / ((est - lo) * (hi - est));
    double su = se_end * (hi - lo) / ((end - lo) * (hi - end));
    return (fabs(u_hat - u) - 1.96 * su) / (1.96 * su_hat);
}

void expect_set_errors(const char *const *bad, const char *const *want, size_t n,
                       const char *const *good, size_t ngood)
{
    char path[64];
    temp_file(path, sizeof path, "[scenario]\nduration = 10\n[caregiver]\npolicy = patient\n");
    for (size_t i = 0; i < n; i++) {
        att_error err = { 0 };
        ck_assert_ptr_null(att_scenario_load(path, &bad[i], 1, &err));
        ck_assert_int_eq(err.code, ATT_EINPUT);
        ck_assert_msg(strstr(err.msg, want[i]) != NULL, "%s: %s", bad[i], err.msg);
    }
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(path, good, ngood, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    att_scenario_free(s);
    unlink(path);
}

att_infant_state infant_seen(att_gaze g, att_affect a, att_infant_behavior b)
{
    att_infant_state s = { .arousal = 0.3, .gaze = g, .affect = a, .behavior = b, .trust = 0.7 };
    return s;
}

att_caregiver *exact_patient(double dt, double quiet_pause, double gentling)
{
    const att_policy_type *patient = att_policy_find("patient");
    att_caregiver_params p = patient->defaults;
    p.perception_noise = 0, p.perception_delay = 0, p.responsiveness = 1;
    p.repair_latency = 0.5, p.quiet_pause = quiet_pause, p.gentling = gentling;
    att_caregiver *cg = att_caregiver_new(patient, &p, dt, 0, NULL);
    ck_assert_ptr_nonnull(cg);
    return cg;
}

void infant_mechanisms_off(att_infant_params *p)
{
    p->arousal_adaptation = 0;
    p->unanswered_avert_rate = 0;
    p->upset_negative_rate = 0;
    p->hope_wariness = 0;
    p->upset_threshold_share = 1;
    p->protest_futility = 0;
    p->upset_soothe_rate = 0;
}
