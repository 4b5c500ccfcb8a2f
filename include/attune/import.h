/* Importing observers' coding from other programs: BORIS's tabular events
 * export and ELAN's tab-delimited text export, written as attune's coded CSV
 * (docs/SCORING.md section 1) on a grid of fixed steps or as change points
 * (docs/IMPORT.md), with the session's end in an `end` column.
 *
 * A mapping file (CSV with columns `role,name`) says which BORIS subject or
 * ELAN tier is the infant, which the caregiver, which holds the phases (or
 * one phase name for the whole session) and which are to be ignored.  Every
 * subject or tier met in the export must be in it. */
#ifndef ATT_IMPORT_H
#define ATT_IMPORT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stdio.h>
#include "attune/error.h"
#include "attune/match.h"

typedef struct att_import_map att_import_map;

/* Loads the mapping file at `path`.  NULL with `err` filled: ATT_EINPUT
 * ("PATH:LINE: problem") for a header without `role` and `name`, an
 * unknown role, a name mapped twice, a second infant, caregiver, phase or
 * phase_name row, or no infant or no caregiver row; ATT_ENOMEM.  Free it
 * with att_import_map_free. */
att_import_map *att_import_map_load(const char *path, att_error *err);

/* Frees the map; NULL does nothing. */
void att_import_map_free(att_import_map *map);

/* How the rows are written. */
typedef struct att_import_opts {
    double step;       /* seconds between rows, from 1e-6 to 86400; 0: 1 s */
    const char *fill;  /* the code of a partner with no state at a grid
                        * point (a code name, [a-z0-9_-]+), or NULL: such
                        * a point is refused */
    int change_points; /* 1: instead of a grid, a row at 0 and at each time
                        * the phase or a partner's code changes (step unused) */
    const att_match_table *mt;  /* NULL, or every infant and caregiver code
                                 * (and `fill`) must be in its vocabulary */
} att_import_opts;

/* The largest number of rows a grid may have (end / step). */
#define ATT_IMPORT_MAX_ROWS 100000000LL

/* Reads BORIS's tabular events export at `path` (CSV or TSV, one
 * observation) and writes the coded CSV to `out`: a header
 * `t[,phase],infant_code,caregiver_code,end` and one row per grid point
 * 0, step, 2 step, ... before the session's end (the last event's time, or
 * the media duration when the export gives a longer one), each with the
 * state each partner is in at that time and the session's end (the same
 * on every row); with opts->change_points, a row at 0 and one at each
 * later time before the end where the phase or a partner's code changes
 * (a state that stops where another of the same code starts is no
 * change), so that each row lasts until the next and the last one until
 * the end.  Returns ATT_OK; ATT_EINPUT with "PATH: empty file ..." for an
 * empty file, and with "PATH:LINE: problem" for a file without the Time,
 * Subject, Behavior and Status (or Behavior type) columns, a subject not
 * in the map (with a "did you mean" for a map name that differs in capitals
 * or is near), a row with more or fewer fields than the header, a
 * malformed or negative time, times going backwards, a STOP without a
 * START, a START of a state already going on, a state never stopped, overlapping
 * states of one partner, a second observation, a grid point where a
 * partner has no state (without `fill`) or where there is no phase, a
 * code outside opts->mt's vocabulary (the line that started the state),
 * an infant or caregiver code that is not a lowercase code name
 * [a-z0-9_-]+, which no match table could hold (the first line with
 * one), and a grid too long; ATT_EINPUT without a line, before the file
 * is read, for a bad step or a fill code that is not a code name; ATT_EIO
 * when reading or writing fails; ATT_ENOMEM.  Nothing is written to `out` before the whole file has been checked. */
int att_import_boris(const char *path, const att_import_map *map,
                     const att_import_opts *opts, FILE *out, att_error *err);

/* The same for ELAN's tab-delimited text export: one annotation a line,
 * the tier name first, the annotation last and between them the begin and
 * end times in seconds (ss.msec; a duration column, a participant column
 * before the times and an hh:mm:ss.ms begin and end are allowed too), where
 * the count of fields puts them and, for 5 fields, where the times fit on
 * the file's lines (docs/IMPORT.md).  Lines starting with '#' are
 * skipped.  The session ends at the last end time.  Fails as
 * att_import_boris does (an empty file too), and on a field where a time
 * must be that is not one ("PATH:LINE: begin time 'X' is not a time ...";
 * likewise end time, duration) or that is a whole number, ELAN's msec
 * ("PATH:LINE: begin time '6200' has no decimal point ..."), a line with
 * two time formats or too many fields, 5-field lines of both layouts
 * (participant, begin, end; begin, end, duration: which is meant cannot be
 * told), and an end before its begin. */
int att_import_elan(const char *path, const att_import_map *map,
                    const att_import_opts *opts, FILE *out, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
