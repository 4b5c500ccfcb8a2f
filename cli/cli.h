/* Shared pieces of the command-line program (not part of the library). */
#ifndef ATT_CLI_H
#define ATT_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "attune/error.h"
#include "attune/match.h"
#include "attune/outfile.h"
#include "attune/scenario.h"
#include "attune/scheme.h"

/* Exit statuses: success, a failure while working, bad input from the user. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Maps an ATT_* error code to an exit status. */
int cli_status(int att_code);

/* Folder holding the running program (for finding data/ beside it), or NULL. */
const char *cli_exe_dir(void);

/* The program's search path for one kind of shipped data, in order:
 * $ATTUNE_DATA/SUB (when ATTUNE_DATA is set and not empty), EXE/BESIDE (EXE
 * the program's folder, BESIDE where a source tree keeps SUB: match tables
 * in "../data/match", scenarios in "../scenarios") and the installed
 * PREFIX/share/attune/SUB.  `list` is the NULL-terminated array the library
 * takes (att_match_table_resolve, att_validate_opts); it points into `dir`,
 * so the struct is not to be copied. */
typedef struct cli_data_path {
    char dir[3][1024];
    const char *list[4];
} cli_data_path;

/* Fills `p`.  Returns ATT_OK, or ATT_EINPUT ("DIR...: path too long") when a
 * folder's name does not fit. */
int cli_data_path_init(cli_data_path *p, const char *sub, const char *beside, att_error *err);

/* Reports "attune CMD: unknown option 'X' (did you mean 'Y'?)" on stderr
 * for an option missing from `known` (n entries) and returns CLI_USAGE. */
int cli_unknown_option(const char *cmd, const char *opt, const char *const *known, size_t n);

/* Resolves NAME|FILE (see att_match_table_resolve) and loads the table;
 * NULL with `err` filled on failure. */
att_match_table *cli_match_table(const char *name_or_file, att_error *err);

/* The table `scn` is judged by: --match-table `option` when given (NULL:
 * not given), else the scenario's match_table key (a file there is beside
 * the scenario file); NULL with `err` filled on failure, which for the
 * key's table names the scenario ("FILE: its match table: ..."). */
att_match_table *cli_scenario_table(const att_scenario *scn, const char *option, att_error *err);

/* Resolves --scheme NAME|FILE in $ATTUNE_DATA/schemes, data/schemes beside
 * the program and PREFIX/share/attune/schemes, and loads it; NULL with
 * `err` filled on failure. */
att_scheme *cli_scheme(const char *name_or_file, att_error *err);

/* The table to read coded files with under --scheme and --match-table
 * (either may be NULL): the scheme's vocabulary with the table's matched
 * pairs (att_scheme_match_table; no pair matched without a table), or the
 * table alone without a scheme (NULL when neither is given, err untouched).
 * The loaded scheme goes to *loaded (NULL without one; the caller frees
 * it); NULL with `err` filled on failure, nothing loaded. */
att_match_table *cli_scheme_table(const char *scheme, const char *match_table,
                                  att_scheme **loaded, att_error *err);

/* Write errors, worded alike by every command: "standard output: write
 * error: REASON" (or "FILE: write error: REASON").  cli_write_error sets
 * `err` (ATT_EIO) for a write to `output` ("-" or NULL: standard output)
 * that failed with errno `e` (0: reason unknown) and returns ATT_EIO.
 * cli_name_output puts the output's name before a library's "write error"
 * (or "trace: write error") message in `err`; any other is left alone. */
int cli_write_error(att_error *err, const char *output, int e);
void cli_name_output(att_error *err, const char *output);

/* Copies `from`, rewound, to `to`: output held back in a temporary file until
 * all input was read.  ATT_EIO if reading or writing fails. */
int cli_copy_stream(FILE *from, FILE *to, att_error *err);

/* Where a command writes through `out`, opened for `output`: a file's
 * temporary (att_outfile), or for "-" a temporary file in *work, so that
 * standard output gets nothing unless all the input was good.  *work is
 * NULL for a file.  NULL with `err` filled (ATT_EIO) when no temporary
 * file can be made. */
FILE *cli_held_stream(att_outfile *out, const char *output, FILE **work, att_error *err);

/* Finishes what cli_held_stream began: copies *work (if any) to `out`'s
 * stream, commits `out` (on failure it is aborted: either way it is
 * consumed) and closes *work.  ATT_OK, or the copy's or commit's error. */
int cli_held_commit(att_outfile *out, FILE **work, att_error *err);

/* One option of a command: `--name VALUE` (stored in *value) or a flag
 * (`value` NULL: *flag set to 1).  `alias` is a short form such as "-o". */
typedef struct cli_option {
    const char *name;
    const char *alias;
    const char **value;
    int *flag;
} cli_option;

/* Parses argv[1..argc) for command `cmd`: the options in `opts` (n of them),
 * -h/--help (prints `usage` and returns -1), and other words, which go to
 * `words` (room for argc entries) counted in *nwords.  Reports a missing
 * value or an unknown option (with a did-you-mean) on stderr and returns
 * CLI_USAGE; else CLI_OK. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_option *opts, size_t n,
              const char *usage, const char **words, size_t *nwords);

/* Prints `err` on stderr: bare when it begins with "FILE:LINE:" for the
 * coded file being read (`file`, may be NULL), ready for an editor to jump
 * to; otherwise (a message about the whole file, "FILE: is a folder, not a
 * file", included) as "attune CMD: message". */
void cli_print_error(const char *cmd, const att_error *err, const char *file);

/* Prints "attune CMD: out of memory" (att_error_nomem's message) and returns
 * CLI_FAIL: for the program's own allocations, outside any library call. */
int cli_nomem(const char *cmd);

/* Parses `v`, the value of `flag`, as a whole number from `lo` to `hi`
 * (lo <= hi); reports a bad one ("attune CMD: FLAG V: must be a whole
 * number from LO to HI", one message for every way it is bad) and returns
 * CLI_USAGE. */
int cli_parse_count(const char *cmd, const char *flag, const char *v, unsigned long long lo,
                    unsigned long long hi, unsigned long long *out);

/* Parses a --delimiter value (NULL: none given, *flags untouched) into
 * ATT_CSV_DELIMITER bits added to *flags; reports a bad one and returns
 * CLI_USAGE. */
int cli_delimiter_option(const char *cmd, const char *value, int *flags);

/* Checks a --seed value and writes the override "scenario.seed=N" into
 * `set`; reports a bad value on stderr and returns CLI_USAGE. */
int cli_seed_option(const char *cmd, const char *value, char *set, size_t size);

/* The coded reader's options of score, contingency, export and agree: `map`
 * (--map LIST, NULL: none) and `end` (--end T, NULL: none) into `o`, with
 * `flags` (att_coded_read's).  Reports a bad value on stderr and returns
 * CLI_USAGE (cli/cli_coded.c). */
struct att_coded_opts;
int cli_coded_options(const char *cmd, const char *map, const char *end, int flags,
                      struct att_coded_opts *o);
/* Refuses standard input ('-') twice among the `n` coded files (a second
 * reading would find it empty): says so and returns CLI_USAGE; else
 * CLI_OK (cli/cli_coded.c). */
int cli_stdin_once(const char *cmd, const char *const *files, size_t n);

/* Set by SIGINT, SIGTERM or SIGHUP once cli_catch_signals has been called,
 * and by SIGPIPE (see cli_reader_gone): every long loop checks it, at least
 * once a second, and stops with nothing written. */
int cli_interrupted(void);
void cli_catch_signals(void);

/* Write errors instead of signals: SIGPIPE only notes that a reader went
 * away (the write then fails with EPIPE and the command cleans up), and
 * SIGXFSZ is ignored (a write beyond `ulimit -f` fails with EFBIG).  main
 * calls it before any command; cli_catch_signals calls it too. */
void cli_catch_write_signals(void);

/* 1 once a write found a pipe whose reader had gone: the command says
 * nothing more (cli_print_error is silent) and the program ends as a Unix
 * filter does, killed by SIGPIPE (status 141 in a shell), see cli_exit. */
int cli_reader_gone(void);

/* The command being run ("score", "version"; static), named by cli_exit's
 * message; none (NULL, the default) for attune's own --help. */
void cli_set_command(const char *name);

/* The end of main: with `status` 0, checks that standard output was
 * written and flushed and closes it ("attune CMD: standard output: write
 * error: ..." and 1 when not; "attune: ..." without a command).  A reader
 * gone ends the program by SIGPIPE.  Returns the exit status. */
int cli_exit(int status);

/* A file a command writes, named as the user gave it: the option ("-o",
 * "--meta") and the path; NULL or "-" paths are skipped. */
typedef struct cli_output {
    const char *flag;
    const char *path;
} cli_output;

/* Refuses, before anything is read, outputs that would replace one of the
 * `nin` inputs (paths; "-" is standard input, checked when it is a file) or
 * each other: the same file (device and inode), whatever path or link names
 * it; a name that does not exist yet is compared through its folder.
 * Prints "attune CMD: -o PATH is the input INPUT: ..." and returns
 * CLI_USAGE; CLI_OK when all differ. */
int cli_check_outputs(const char *cmd, const cli_output *outs, size_t nout,
                      const char *const *ins, size_t nin);

int cli_run(int argc, char **argv);
int cli_keys(int argc, char **argv);
int cli_score(int argc, char **argv);
int cli_contingency(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_agree(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_batch(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_fit(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_plot(int argc, char **argv);
int cli_serve(int argc, char **argv);

#endif
