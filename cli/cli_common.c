/* Helpers shared by the attune subcommands: exit codes, program location,
 * option typos, signals, the final check of standard output, and outputs
 * that would replace an input. */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attune/param.h"
#include "attune/coded.h"
#include "base/csvread.h"
#include "attune/match.h"
#include "attune/scheme.h"
#include "cli/cli.h"

int cli_status(int att_code)
{
    return att_code == ATT_OK ? CLI_OK : att_code == ATT_EINPUT ? CLI_USAGE : CLI_FAIL;
}

const char *cli_exe_dir(void)
{
    static char dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0)
        return NULL;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return dir;
}

#ifndef ATT_DATADIR
#define ATT_DATADIR "/usr/local/share/attune"
#endif

int cli_data_path_init(cli_data_path *p, const char *sub, const char *beside, att_error *err)
{
    const char *env = getenv("ATTUNE_DATA");
    const char *base[3] = { env && *env ? env : NULL, cli_exe_dir(), ATT_DATADIR };
    const char *tail[3] = { sub, beside, sub };
    size_t n = 0;
    for (int i = 0; i < 3; i++) {
        if (!base[i])
            continue;
        int w = snprintf(p->dir[n], sizeof p->dir[n], "%s/%s", base[i], tail[i]);
        if (w < 0 || (size_t)w >= sizeof p->dir[n])
            return att_error_set(err, ATT_EINPUT, "%.200s...: path too long", base[i]);
        p->list[n] = p->dir[n];
        n++;
    }
    p->list[n] = NULL;
    return ATT_OK;
}

int cli_unknown_option(const char *cmd, const char *opt, const char *const *known, size_t n)
{
    const char *near = att_suggest(opt, known, n);
    if (near)
        fprintf(stderr, "attune %s: unknown option '%s' (did you mean '%s'?)\n", cmd, opt, near);
    else
        fprintf(stderr, "attune %s: unknown option '%s' (see 'attune %s --help')\n", cmd, opt, cmd);
    return CLI_USAGE;
}

static volatile sig_atomic_t interrupted, reader_gone;

static void on_signal(int sig)
{
    interrupted = sig;
}

static void on_sigpipe(int sig)
{
    reader_gone = 1;
    interrupted = sig;
}

int cli_interrupted(void)
{
    return interrupted != 0;
}

int cli_reader_gone(void)
{
    return reader_gone != 0;
}

void cli_catch_write_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    /* `attune run ... | head` must not be killed half-way, leaving a
     * temporary file: the write fails (EPIPE), the command cleans up, and
     * cli_exit ends the program by SIGPIPE then. */
    sa.sa_handler = on_sigpipe;
    sigaction(SIGPIPE, &sa, NULL);
    /* Beyond `ulimit -f` a write fails with EFBIG, a write error like any
     * other, instead of killing the program before it can clean up. */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &sa, NULL);
}

void cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    cli_catch_write_signals();
}

static void die_by_sigpipe(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    signal(SIGPIPE, SIG_DFL);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGPIPE);
    _exit(CLI_FAIL);   /* not reached */
}

static const char *command;   /* cli_set_command's */

void cli_set_command(const char *name)
{
    command = name;
}

int cli_exit(int status)
{
    if (status == CLI_OK && !reader_gone) {
        /* A full disk or device shows only here, once the last buffer is
         * written: `attune keys > /dev/full` is a failure. */
        int bad = fflush(stdout) != 0;
        int e = bad ? errno : 0;
        bad |= ferror(stdout) != 0;
        if (fclose(stdout) != 0 && !bad) {
            bad = 1;
            e = errno;
        }
        if (bad && !reader_gone) {
            fprintf(stderr, "attune%s%s: standard output: write error%s%s\n",
                    command ? " " : "", command ? command : "", e ? ": " : "",
                    e ? strerror(e) : "");
            status = CLI_FAIL;
        }
    }
    if (reader_gone)
        die_by_sigpipe();
    return status;
}

/* ---- outputs that are inputs ---- */

/* Identifies `path` for comparison: its device and inode when it exists,
 * else its folder's (*exists 0) with the base name in *base. */
static int identify(const char *path, struct stat *st, int *exists, const char **base)
{
    *exists = 0;
    *base = NULL;
    if (strcmp(path, "-") == 0)
        return fstat(STDIN_FILENO, st) == 0 && S_ISREG(st->st_mode) ? (*exists = 1) : 0;
    if (stat(path, st) == 0)
        return *exists = 1;
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    char dir[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    return stat(dir, st) == 0;
}

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea, eb;
    const char *ba, *bb;
    if (!identify(a, &sa, &ea, &ba) || !identify(b, &sb, &eb, &bb) || ea != eb)
        return 0;
    if (sa.st_dev != sb.st_dev || sa.st_ino != sb.st_ino)
        return 0;
    /* Both exist: the same file, unless it is a device (/dev/null twice is
     * harmless); neither exists: the same name in the same folder. */
    return ea ? S_ISREG(sa.st_mode) || S_ISFIFO(sa.st_mode) : strcmp(ba, bb) == 0;
}

int cli_check_outputs(const char *cmd, const cli_output *outs, size_t nout,
                      const char *const *ins, size_t nin)
{
    for (size_t i = 0; i < nout; i++) {
        const char *out = outs[i].path;
        if (!out || strcmp(out, "-") == 0)
            continue;
        for (size_t k = 0; k < nin; k++) {
            if (ins[k] && same_file(out, ins[k])) {
                fprintf(stderr, "attune %s: %s %s is the input %s: writing it would destroy "
                        "it; choose another output file\n", cmd, outs[i].flag, out,
                        strcmp(ins[k], "-") == 0 ? "on standard input" : ins[k]);
                return CLI_USAGE;
            }
        }
        for (size_t k = 0; k < i; k++) {
            if (outs[k].path && strcmp(outs[k].path, "-") != 0 && same_file(out, outs[k].path)) {
                fprintf(stderr, "attune %s: %s %s and %s %s are the same file; choose two "
                        "files\n", cmd, outs[k].flag, outs[k].path, outs[i].flag, out);
                return CLI_USAGE;
            }
        }
    }
    return CLI_OK;
}

att_match_table *cli_match_table(const char *name_or_file, att_error *err)
{
    cli_data_path dp;
    if (cli_data_path_init(&dp, "match", "../data/match", err) != ATT_OK)
        return NULL;
    return att_match_table_find(name_or_file, dp.list, err);
}

att_match_table *cli_scenario_table(const att_scenario *scn, const char *option, att_error *err)
{
    if (option)
        return cli_match_table(option, err);
    att_match_table *mt = cli_match_table(att_scenario_match_table(scn), err);
    if (!mt && err->code == ATT_EINPUT) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        att_error_set(err, ATT_EINPUT, "%s: its match table: %s (a file it names is read "
                      "beside it)", att_scenario_path(scn), why);
    }
    return mt;
}

att_scheme *cli_scheme(const char *name_or_file, att_error *err)
{
    char path[4096];
    cli_data_path dp;
    if (cli_data_path_init(&dp, "schemes", "../data/schemes", err) != ATT_OK
        || att_scheme_resolve(name_or_file, dp.list, path, sizeof path, err) != ATT_OK)
        return NULL;
    return att_scheme_load(path, err);
}

att_match_table *cli_scheme_table(const char *scheme, const char *match_table,
                                  att_scheme **loaded, att_error *err)
{
    *loaded = NULL;
    att_match_table *mt = NULL, *t = NULL;
    if (match_table && !(mt = cli_match_table(match_table, err)))
        return NULL;
    if (!scheme)
        return mt;
    if ((*loaded = cli_scheme(scheme, err)))
        t = att_scheme_match_table(*loaded, mt, err);
    att_match_table_free(mt);
    if (!t) {
        att_scheme_free(*loaded);
        *loaded = NULL;
    }
    return t;
}

static const char *output_name(const char *output)
{
    return !output || strcmp(output, "-") == 0 ? "standard output" : output;
}

int cli_write_error(att_error *err, const char *output, int e)
{
    return att_error_set(err, ATT_EIO, "%s: write error%s%s", output_name(output), e ? ": " : "",
                         e ? strerror(e) : "");
}

void cli_name_output(att_error *err, const char *output)
{
    static const char lead[] = "write error", trace[] = "trace: ";
    const char *m = err->msg;
    if (strncmp(m, trace, sizeof trace - 1) == 0)
        m += sizeof trace - 1;   /* the trace writer names itself */
    if (err->code != ATT_EIO || strncmp(m, lead, sizeof lead - 1) != 0)
        return;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", m);
    att_error_set(err, ATT_EIO, "%s: %s", output_name(output), msg);
}

int cli_copy_stream(FILE *from, FILE *to, att_error *err)
{
    char buf[1 << 16];
    size_t n;
    rewind(from);
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            break;
    if (ferror(from))
        return att_error_set(err, ATT_EIO, "cannot read back a temporary file");
    errno = 0;
    if (fflush(to) != 0 || ferror(to))
        return cli_write_error(err, to == stdout ? "-" : "output", errno);
    return ATT_OK;
}

FILE *cli_held_stream(att_outfile *out, const char *output, FILE **work, att_error *err)
{
    *work = NULL;
    if (strcmp(output, "-") != 0)
        return att_outfile_stream(out);
    if (!(*work = tmpfile()))
        att_error_set(err, ATT_EIO, "cannot create a temporary file");
    return *work;
}

int cli_held_commit(att_outfile *out, FILE **work, att_error *err)
{
    int rc = *work ? cli_copy_stream(*work, att_outfile_stream(out), err) : ATT_OK;
    if (rc == ATT_OK)
        rc = att_outfile_commit(out, err);
    else
        att_outfile_abort(out);
    if (*work)
        fclose(*work);
    *work = NULL;
    return rc;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_option *opts, size_t n,
              const char *usage, const char **words, size_t *nwords)
{
    *nwords = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return -1;
        }
        if (a[0] != '-' || a[1] == '\0') {   /* a file, or "-" for standard input */
            words[(*nwords)++] = a;
            continue;
        }
        const cli_option *o = NULL;
        for (size_t k = 0; k < n && !o; k++)
            if (strcmp(a, opts[k].name) == 0 || (opts[k].alias && strcmp(a, opts[k].alias) == 0))
                o = &opts[k];
        if (!o) {
            const char *known[64];
            size_t nk = 0;
            for (size_t k = 0; k < n && nk < 63; k++)
                known[nk++] = opts[k].name;
            known[nk++] = "--help";
            return cli_unknown_option(cmd, a, known, nk);
        }
        if (!o->value) {
            *o->flag = 1;
        } else if (i + 1 < argc) {
            *o->value = argv[++i];
        } else {
            fprintf(stderr, "attune %s: %s needs a value\n", cmd, a);
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}

void cli_print_error(const char *cmd, const att_error *err, const char *file)
{
    if (reader_gone)
        return;
    /* Only "FILE:LINE: ..." is bare; "FILE: is a folder, not a file" and
     * other messages about the file as a whole name the command. */
    const char *where = file ? att_coded_name(file) : NULL;
    size_t n = where ? strlen(where) : 0;
    const char *p = err->msg + n;
    int at_line = where && strncmp(err->msg, where, n) == 0 && p[0] == ':'
                  && p[1] >= '0' && p[1] <= '9';
    for (p++; at_line && *p >= '0' && *p <= '9'; p++)
        ;
    if (at_line && *p == ':')
        fprintf(stderr, "%s\n", err->msg);
    else
        fprintf(stderr, "attune %s: %s\n", cmd, err->msg);
}

int cli_nomem(const char *cmd)
{
    att_error e;
    att_error_nomem(&e);
    cli_print_error(cmd, &e, NULL);
    return CLI_FAIL;
}

int cli_parse_count(const char *cmd, const char *flag, const char *v, unsigned long long lo,
                    unsigned long long hi, unsigned long long *out)
{
    assert(lo <= hi);
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (*v == '-' || *v == '\0' || *end != '\0' || errno == ERANGE || x < lo || x > hi) {
        fprintf(stderr, "attune %s: %s %s: must be a whole number from %llu to %llu\n", cmd,
                flag, v, lo, hi);
        return CLI_USAGE;
    }
    *out = x;
    return CLI_OK;
}

int cli_delimiter_option(const char *cmd, const char *value, int *flags)
{
    if (!value)
        return CLI_OK;
    char c = att_csv_delimiter_parse(value);
    if (!c) {
        fprintf(stderr, "attune %s: --delimiter %s: must be ',', ';' or tab\n", cmd, value);
        return CLI_USAGE;
    }
    *flags |= ATT_CSV_DELIMITER(c);
    return CLI_OK;
}

int cli_seed_option(const char *cmd, const char *v, char *set, size_t size)
{
    unsigned long long seed;
    if (cli_parse_count(cmd, "--seed", v, 0, 0xffffffffULL, &seed) != CLI_OK)
        return CLI_USAGE;
    snprintf(set, size, "scenario.seed=%llu", seed);
    return CLI_OK;
}
