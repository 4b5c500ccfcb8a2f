/* The part the importers share (analysis/import.c): the mapping file's
 * roles, the states of each partner collected as spans of microseconds,
 * and writing them as attune's coded CSV on a grid.  Internal to the
 * library. */
#ifndef ATT_IMPORT_GRID_H
#define ATT_IMPORT_GRID_H

#include <stdio.h>
#include "attune/error.h"
#include "attune/import.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* A subject's or tier's role in the map. */
enum { ATT_IMPORT_INFANT, ATT_IMPORT_CAREGIVER, ATT_IMPORT_PHASE, ATT_IMPORT_TRACKS,
       ATT_IMPORT_IGNORE = ATT_IMPORT_TRACKS };

/* The role of subject or tier `name`, or -1 when the map lacks it (not an
 * error: the caller words the message). */
int att_import_role(const att_import_map *map, const char *name);

/* One state: from `start` up to (not including) `stop`, in microseconds. */
typedef struct att_import_span {
    long long start, stop;
    char *code;
    long line;  /* the line that started it */
} att_import_span;

typedef struct att_import_track {
    att_import_span *span;
    size_t n, cap;
} att_import_track;

/* What an importer collected from one file. */
typedef struct att_import_session {
    const char *path;             /* the export, for messages */
    const att_import_map *map;
    att_import_track track[ATT_IMPORT_TRACKS];
    long long end;                /* the session's end, microseconds */
    long last_line;               /* the file's last line read */
    const char *program;          /* "BORIS" or "ELAN", for messages */
    char end_why[64];             /* what set the end, for messages: "the Time of
                                   * line 4, a POINT event" ("": not said) */
} att_import_session;

/* "FILE:LINE: WHAT 'NAME' is not in the map (...)" into err, with the
 * map's name it is most likely meant to be (the same but for capitals, or a
 * near spelling: att_suggest), and how to leave it out; `what` is
 * "subject" or "tier".  Returns ATT_EINPUT. */
int att_import_unmapped(const att_import_session *s, long line, const char *what,
                        const char *name, att_error *err);

/* Checks what the options say, before a file is read (att_import_write
 * relies on it): the step (whole microseconds, 1e-6 to 86400 s) and the
 * fill code (a code name).  ATT_EINPUT with a message naming the option. */
int att_import_check_opts(const att_import_opts *opts, att_error *err);

/* Parses a time in seconds, "12.345" or "hh:mm:ss.mmm" (also "mm:ss.mmm"),
 * from 0 to 4e9 s, to microseconds.  Returns 0, or -1 (not a time). */
int att_import_time(const char *text, long long *us);

/* "FILE:LINE: WHAT 'TEXT' is not a time (...)" into err, or for a decimal
 * comma the coded-file reader's "is not a number: write a decimal point,
 * not a comma"; returns ATT_EINPUT. */
int att_import_bad_time(const att_import_session *s, long line, const char *what,
                        const char *text, att_error *err);

/* Adds a state of `role` (a track, not ATT_IMPORT_IGNORE); the code is
 * copied.  ATT_EINPUT for a phase called ATT_SCORE_ALL ("FILE:LINE:
 * ..."), ATT_ENOMEM. */
int att_import_add(att_import_session *s, int role, long long start, long long stop,
                   const char *code, long line, att_error *err);

/* Checks the tracks (codes are code names, no two states of one track overlap: "PATH:LINE:
 * ...") and writes the grid to `out` (see att_import_boris).  ATT_EINPUT,
 * ATT_EIO (a write failed), ATT_ENOMEM. */
int att_import_write(att_import_session *s, const att_import_opts *opts, FILE *out,
                     att_error *err);

/* Frees what the session holds (not the session itself). */
void att_import_session_clear(att_import_session *s);

#pragma GCC visibility pop

#endif
