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
 * Other columns are ignored.  The CSV dialect is the library's CSV reader's (comma,
 * semicolon or tab separated; LF, CRLF or CR line ends).  A row lasts until the next row's t; the last
 * row of a run lasts as long as the interval before it.
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
    int (*run_end)(void *user, double t_end, att_error *err);
} att_coded_hooks;

/* Flags of att_coded_read: the match table decides `matched` even when the
 * file has a matched column.  The CSV separator may be added as
 * ATT_CODED_DELIMITER(c), c one of ',', ';' or '\t' (bits 8-15 of the
 * flags); without it, it is found from the header. */
enum { ATT_CODED_TABLE_WINS = 1 };
#define ATT_CODED_DELIMITER(c) (((int)(unsigned char)(c)) << 8)

/* Reads `path` ("-" for standard input) with match table `mt`.  `flags`:
 * ATT_CODED_TABLE_WINS and the separator (above).  Returns ATT_OK, or an
 * error with "FILE:LINE: problem" (ATT_EINPUT) for: a folder, an empty file,
 * a missing required column, a column named twice, a ragged row, a code
 * outside the table's vocabulary, a t or arousal that is not a finite number
 * (the message says why: out of range, trailing text, ...), a t outside
 * +-ATT_SCORE_T_MAX s, a t that does not increase within a run, a matched
 * value other than 0/1, an empty run or phase, a run whose rows are not
 * together, or what the CSV reader refuses (an unterminated quoted field, a
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
