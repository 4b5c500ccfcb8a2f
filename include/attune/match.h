/* Match tables: which (infant_code, caregiver_code) pairs count as matched.
 *
 * A table is data, read from a CSV file with the header
 * `infant_code,caregiver_code,matched` and one row per pair (matched is 0 or
 * 1).  The codes named in the file are the table's vocabulary; a pair that is
 * not listed is a mismatch.  `attuned` (the default) and `same-state` ship in
 * data/match/ and are installed under PREFIX/share/attune/match/. */
#ifndef ATT_MATCH_H
#define ATT_MATCH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/error.h"

typedef struct att_match_table att_match_table;

/* Loads a table from a CSV file.  Returns NULL and fills `err` with
 * "FILE:LINE: problem" on a missing file, a bad header, a ragged row, a
 * matched value other than 0/1 or a pair listed twice.  The caller owns the
 * result and frees it with att_match_table_free. */
att_match_table *att_match_table_load(const char *path, att_error *err);

/* Resolves NAME|FILE: a value containing '/' or ending in ".csv" is a path,
 * used as it is; otherwise NAME ([a-z0-9_-]+) is looked up as NAME.csv in
 * the folders of the search path `dirs` (a NULL-terminated array, searched
 * in order; NULL is empty), which the caller builds: the program passes
 * $ATTUNE_DATA/match, the data/match folder beside the program and the
 * installed PREFIX/share/attune/match.  The library reads no environment.
 * Writes the chosen path into `path` (size `cap`).  Returns ATT_OK, or
 * ATT_EINPUT with a message for a bad name, a path too long for `cap`, or
 * a name in none of the folders (listing where it looked and the tables in
 * the first folder that exists). */
int att_match_table_resolve(const char *name_or_file, const char *const *dirs,
                            char *path, size_t cap, att_error *err);

/* att_match_table_resolve then att_match_table_load: the table NAME|FILE
 * names.  NULL with `err` filled as either fails. */
att_match_table *att_match_table_find(const char *name_or_file, const char *const *dirs,
                                      att_error *err);

/* NULL does nothing. */
void att_match_table_free(att_match_table *t);

/* The file the table was read from (owned by the table), and what it is,
 * for messages ("table PATH knows: ..."): "table" for a loaded table, the
 * `kind` given to att_match_table_new otherwise. */
const char *att_match_table_path(const att_match_table *t);
const char *att_match_table_kind(const att_match_table *t);

/* What the table says, as 64 hex digits of SHA-256 into `hex`: its codes
 * and every pair's verdict, not its path, layout or order of rows (two
 * files that judge alike have one digest; a pair left out is the mismatch
 * it means).  ATT_OK, or ATT_ENOMEM (`hex` untouched). */
int att_match_table_digest(const att_match_table *t, char hex[65]);

/* A table built in memory (for code schemes, attune/scheme.h, whose codes
 * are the vocabulary): infant codes `infant` (n_infant of them, in order),
 * caregiver codes `caregiver`, and `matched`, n_infant x n_caregiver bytes,
 * row-major, nonzero for a matched pair; all copied.  `kind` (a string
 * that outlives the table, such as "scheme") and `path` name the table in
 * messages.  The names are not checked.  Returns NULL with `err` filled
 * (ATT_ENOMEM) when out of memory; the caller frees the table with
 * att_match_table_free. */
att_match_table *att_match_table_new(const char *kind, const char *path,
                                     const char *const *infant, int n_infant,
                                     const char *const *caregiver, int n_caregiver,
                                     const unsigned char *matched, att_error *err);

/* Index of a code in the table's vocabulary, or -1 if it is not there: not
 * an error (an answer; att_match_table_suggest helps word the message). */
int att_match_table_infant_index(const att_match_table *t, const char *code);
int att_match_table_caregiver_index(const att_match_table *t, const char *code);
int att_match_table_infant_count(const att_match_table *t);
int att_match_table_caregiver_count(const att_match_table *t);
const char *att_match_table_infant_name(const att_match_table *t, int i);
const char *att_match_table_caregiver_name(const att_match_table *t, int i);

/* For messages about a code that is not in the vocabulary of one side
 * (`infant` nonzero: the infant's codes, else the caregiver's): the closest
 * code if `code` looks like a typo of one (else NULL), and all the side's
 * codes joined by ", " into `buf` (size `cap`, truncated to fit). */
const char *att_match_table_suggest(const att_match_table *t, int infant, const char *code);
void att_match_table_list(const att_match_table *t, int infant, char *buf, size_t cap);

/* 1 if the pair (by vocabulary index) is matched, else 0. */
int att_match_table_matched(const att_match_table *t, int infant_index, int caregiver_index);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
