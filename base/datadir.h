/* The one data-folder search: finds a shipped file (a match table, a
 * scenario) in a search path the caller gives.  The library reads no
 * environment variable: the program builds the path ($ATTUNE_DATA, the
 * folder beside the executable, the installed PREFIX/share/attune) and
 * passes it down.  Internal to the library (not installed). */
#ifndef ATT_DATADIR_H
#define ATT_DATADIR_H

#include <stddef.h>
#include "attune/error.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* A search path is a NULL-terminated array of folders, searched in order;
 * NULL (no array) is an empty path.  It is borrowed, never kept. */

enum { ATT_DATA_NONE = -1, ATT_DATA_TOO_LONG = -2 };

/* Looks for `file` (a name or a relative path) in each folder of `dirs` in
 * turn and writes the first "DIR/FILE" that is a regular file into `path`
 * (room for `cap` bytes).  Returns the index of that folder in `dirs` (>= 0,
 * err cleared); or, with err set to ATT_EINPUT, ATT_DATA_NONE ("no FILE in
 * DIR1, DIR2", or "no FILE: no folders to look in") when no folder has it,
 * ATT_DATA_TOO_LONG ("PATH: path too long") when the path found does not
 * fit.  `err` may be NULL. */
int att_data_find(const char *const *dirs, const char *file, char *path, size_t cap,
                  att_error *err);

/* Writes the folders of `dirs` joined by ", " into `buf` (room for `cap`
 * bytes, cut to fit; "" for an empty path), for messages. */
void att_data_list(const char *const *dirs, char *buf, size_t cap);

/* 1 if `s` is a non-empty lowercase name [a-z0-9_-]+ (a shipped file's NAME,
 * a code of a match table or a code scheme). */
int att_data_is_name(const char *s);

/* 1 if NAME|FILE `name_or_file` is a FILE: it contains '/' or ends in
 * ".csv" (the rule of att_data_resolve). */
int att_data_is_file(const char *name_or_file);

/* A name that att_data_is_name accepts made from `s`, for "did you mean"
 * messages: capitals lowercased, accented Latin letters (U+00C0 to U+00FF)
 * without their accents, runs of spaces and other punctuation one '_', and
 * other characters dropped ("Not Seen" -> "not_seen", "détourné" ->
 * "detourne").  Written into `buf` (room for `cap` bytes); returns 0, or -1
 * when nothing is left or it does not fit (buf then holds ""). */
int att_data_name_like(const char *s, char *buf, size_t cap);

/* Resolves NAME|FILE for one kind of shipped CSV file (`what`, for messages:
 * "match table", "code scheme"): a value containing '/' or ending in ".csv"
 * is a path, used as it is; otherwise NAME ([a-z0-9_-]+) is looked up as
 * NAME.csv in the folders of `dirs`.  Writes the chosen path into `path`
 * (size `cap`).  Returns ATT_OK, or ATT_EINPUT with a message for an empty
 * or bad name, a path too long for `cap`, or a name in none of the folders
 * (listing where it looked and the NAMEs in the first folder that exists). */
int att_data_resolve(const char *what, const char *name_or_file, const char *const *dirs,
                     char *path, size_t cap, att_error *err);

#pragma GCC visibility pop

#endif
