/* Reading coded sessions: attune traces and observers' coding alike.
 *
 * A coded file is a CSV with a header naming its columns, in any order:
 *   t               required: the step's start, in seconds, increasing within a run
 *   infant_code     required: a code of the match table's vocabulary
 *   caregiver_code  required: likewise
 *   run | session   optional: which run a row belongs to (a file without one
 *                   is one run, named after the file); a run's rows are together.
 *                   With both (a multi-session trace) each run's session is
 *                   one unit, named "RUN/SESSION".
 *   phase           optional: the phase (window) the row belongs to
 *   matched         optional: 0 or 1; used unless a match table was named
 *                   explicitly, in which case the table decides
 *   infant_arousal  optional: for the peak arousal of each rupture
 *   end             optional: the run's (session's) end time in s.  Any of a
 *                   run's rows may give it (every row, or only the last);
 *                   an empty field gives nothing; the values a run gives
 *                   must all be the same, and after every t of the run.
 * Other columns are ignored.  The CSV dialect is the library's CSV reader's (comma,
 * semicolon or tab separated; LF, CRLF or CR line ends).  A row lasts until the next row's t; the last
 * row of a run lasts until the run's end: its end column, else the reader's
 * end option (att_coded_opts.end, `--end`), else as long as the interval
 * before it (a run of one row then lasts 0 s).
 *
 * att_coded_opts may rename columns: names[ATT_CODED_COL_T] = "Time" reads
 * attune's t from the file's column "Time" (`--map t=Time,...`).
 *
 * The file is streamed: only the current row is in memory, plus the names of
 * the runs seen so far (to catch a run whose rows are split up). */
#ifndef ATT_CODED_H
#define ATT_CODED_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/error.h"
#include "attune/match.h"

typedef struct att_coded_row {
    long line;              /* line of the file */
    double t;               /* s */
    const char *phase;      /* "" when the file has no phase column */
    int infant;             /* vocabulary indices in the match table */
    int caregiver;
    int matched;
    double infant_arousal;  /* NaN when the file has no infant_arousal column */
} att_coded_row;

/* Called in file order: run_begin, the run's rows, run_end, next run...
 * Each returns ATT_OK to go on, or an error code (with `err` filled). */
typedef struct att_coded_hooks {
    int (*run_begin)(void *user, const char *run, att_error *err);
    int (*row)(void *user, const att_coded_row *row, att_error *err);
    int (*run_end)(void *user, double t_end, att_error *err);   /* the run's end (above) */
} att_coded_hooks;

/* Flags of att_coded_read: the match table decides `matched` even when the
 * file has a matched column.  The CSV separator may be added as
 * ATT_CODED_DELIMITER(c), c one of ',', ';' or '\t' (bits 8-15 of the
 * flags); without it, it is found from the header. */
enum { ATT_CODED_TABLE_WINS = 1 };
#define ATT_CODED_DELIMITER(c) (((int)(unsigned char)(c)) << 8)

/* The columns attune knows, in the order of att_coded_col_name. */
typedef enum att_coded_col {
    ATT_CODED_COL_T, ATT_CODED_COL_INFANT, ATT_CODED_COL_CAREGIVER, ATT_CODED_COL_RUN,
    ATT_CODED_COL_SESSION, ATT_CODED_COL_PHASE, ATT_CODED_COL_MATCHED, ATT_CODED_COL_AROUSAL,
    ATT_CODED_COL_END, ATT_CODED_NCOLS
} att_coded_col;

/* attune's name of column c ("t", "infant_code", ..., "end"). */
const char *att_coded_col_name(att_coded_col c);

#define ATT_CODED_NAME_MAX 256   /* a renamed column's name, with its '\0' */

/* How att_coded_read_opts reads a file. */
typedef struct att_coded_opts {
    int flags;                    /* att_coded_read's flags (below) */
    double end;                   /* every run without an end field ends here (s); NaN: none */
    char names[ATT_CODED_NCOLS][ATT_CODED_NAME_MAX];   /* the file's name of each
                                                          column; "": attune's own */
} att_coded_opts;

/* No flags, no end, no renaming. */
void att_coded_opts_init(att_coded_opts *o);

/* Adds the renamings of `list`, "NAME=COLUMN[,NAME=COLUMN...]" (NAME one of
 * attune's column names) to `o`.  Returns ATT_OK, or ATT_EINPUT (`o` then
 * partly changed) for: an item without '=', an unknown NAME (the message
 * suggests one), an empty COLUMN or one of over ATT_CODED_NAME_MAX - 1
 * bytes, a NAME given twice, or two columns read from one file column (say
 * `t=infant_code` while infant_code keeps its name). */
int att_coded_map(att_coded_opts *o, const char *list, att_error *err);

/* Sets o->end: ATT_OK, or ATT_EINPUT for a time outside +-ATT_SCORE_T_MAX. */
int att_coded_set_end(att_coded_opts *o, double end, att_error *err);

/* Reads `path` as att_coded_read does, with the renamings, end and flags of
 * `o` (NULL: none).  Errors are att_coded_read's, and "FILE:LINE: problem"
 * for: a renamed column missing from the header; an end that is not a
 * finite number or out of range, that differs from the run's end given on
 * an earlier row, or that is not after a t of the run (by 1 us at least); a
 * run's last t not before o->end. */
int att_coded_read_opts(const char *path, const att_match_table *mt, const att_coded_opts *o,
                        const att_coded_hooks *hooks, void *user, att_error *err);

/* Reads `path` ("-" for standard input) with match table `mt`.  `flags`:
 * ATT_CODED_TABLE_WINS and the separator (above).  Returns ATT_OK, or an
 * error with "FILE:LINE: problem" (ATT_EINPUT) for: a folder, an empty file,
 * a missing required column, a column named twice, a ragged row, a code
 * outside the table's vocabulary, a t or arousal that is not a finite number
 * (the message says why: out of range, trailing text, ...), a t outside
 * +-ATT_SCORE_T_MAX s, a t that does not increase within a run, a matched
 * value other than 0/1, an empty run or phase, a run whose rows are not
 * together, a bad end column (as att_coded_read_opts), or what the CSV
 * reader refuses (an unterminated quoted field, a
 * last row without a line end, a row over 1 MiB, UTF-16 text).  The hooks
 * may have been called for earlier rows: callers write into a temporary
 * output that is dropped on error. */
int att_coded_read(const char *path, const att_match_table *mt, int flags,
                   const att_coded_hooks *hooks, void *user, att_error *err);

/* How messages name `path`: "<stdin>" for "-", else the path itself. */
const char *att_coded_name(const char *path);

/* The run name of a file without a run column: its base name without
 * ".csv" ("stdin" for "-").  Writes into `buf` (size `cap`). */
void att_coded_default_run(const char *path, char *buf, size_t cap);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
