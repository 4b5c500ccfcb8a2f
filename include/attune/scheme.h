/* Code schemes: which of a laboratory's codes mean what to attune.
 *
 * A scheme is data, read from a CSV file with the header
 *   partner,code,gaze,positive,negative,unscorable
 * (any order; other columns, such as a `meaning`, are ignored) and one row per
 * code: partner is `infant` or `caregiver`, code a lowercase name
 * [a-z0-9_-]+, and the four classes 0 or 1:
 *   gaze        the partner looks at the other
 *   positive    positive affect
 *   negative    negative affect (distress, protest, withdrawal)
 *   unscorable  the partner cannot be coded (out of view, off camera): the
 *               stretch is a gap, left out of observed time and of every
 *               share and rate, and it breaks rupture detection
 *               (attune/scorer.h); an unscorable code has no other class.
 * The scheme's codes are the whole vocabulary of the coded files scored with
 * it; the match table says which pairs of its scorable codes match.  The
 * infant's classes give the gaze, positive and negative shares of `attune
 * score`; the caregiver's are read and checked for future use.  attune's own
 * codes, data/schemes/attune.csv, have the built-in classes the scorer uses
 * without a scheme.  data/schemes/README.md documents the shipped schemes. */
#ifndef ATT_SCHEME_H
#define ATT_SCHEME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/contingency.h"
#include "attune/error.h"
#include "attune/match.h"

typedef struct att_scheme att_scheme;

/* The partners are attune/contingency.h's att_partner, written "infant" and
 * "caregiver" in the partner column. */

/* A code's classes, as bits. */
enum {
    ATT_CLASS_GAZE = 1,
    ATT_CLASS_POSITIVE = 2,
    ATT_CLASS_NEGATIVE = 4,
    ATT_CLASS_UNSCORABLE = 8
};

/* Loads a scheme from a CSV file.  Returns NULL and fills `err` with
 * "FILE:LINE: problem" (ATT_EINPUT) on a missing or empty file, a bad header
 * (a column missing or named twice), a ragged row, a partner other than
 * infant/caregiver, an empty or badly formed code, a class value other than
 * 0/1, a code listed twice for one partner, an unscorable code that also has
 * a class, or a partner with no scorable code; ATT_ENOMEM when out of
 * memory.  The caller owns the result (att_scheme_free). */
att_scheme *att_scheme_load(const char *path, att_error *err);

/* Resolves NAME|FILE as match tables are (att_match_table_resolve): a value
 * containing '/' or ending in ".csv" is a path; NAME is looked up as
 * NAME.csv in the folders of `dirs` (the program passes $ATTUNE_DATA/schemes,
 * data/schemes beside it and the installed PREFIX/share/attune/schemes).
 * Returns ATT_OK with the path in `path` (size `cap`), or ATT_EINPUT. */
int att_scheme_resolve(const char *name_or_file, const char *const *dirs, char *path,
                       size_t cap, att_error *err);

/* NULL does nothing. */
void att_scheme_free(att_scheme *s);

/* The file the scheme was read from (owned by the scheme). */
const char *att_scheme_path(const att_scheme *s);

/* The partner's codes, in file order: how many, the i-th one's name (NULL
 * past the end), its ATT_CLASS_* bits (0 past the end) and the line it is
 * on (0 past the end).  att_scheme_index is -1 for a code the scheme does
 * not list: not an error. */
int att_scheme_count(const att_scheme *s, att_partner p);
const char *att_scheme_code(const att_scheme *s, att_partner p, int i);
int att_scheme_classes(const att_scheme *s, att_partner p, int i);
long att_scheme_line(const att_scheme *s, att_partner p, int i);
int att_scheme_index(const att_scheme *s, att_partner p, const char *code);

/* The classes (ATT_CLASS_* bits) at least one of the partner's codes has: a
 * share whose class no code has is undefined (the scheme does not code it). */
int att_scheme_known(const att_scheme *s, att_partner p);

/* The classes (ATT_CLASS_* bits) of each of table `mt`'s codes of partner
 * `p` under scheme `s`, by the code's name: classes[i] for the table's
 * code i (room for att_match_table_infant_count or _caregiver_count).  It
 * is how every user of a scheme (the scorer, contingency, SDIS export)
 * knows a code unscorable.  ATT_EINPUT when a code of the table is not in
 * the scheme ("... is not in scheme FILE"; att_scheme_match_table's table
 * has exactly the scheme's codes); `classes` is then partly filled. */
int att_scheme_table_classes(const att_scheme *s, const att_match_table *mt, att_partner p,
                             int *classes, att_error *err);

/* The gaps of att_scheme_table_classes: into *gaps a new array, 1 for each
 * of table `mt`'s codes of partner `p` that scheme `s` marks unscorable,
 * 0 for the others (at least one byte; the caller frees it).  ATT_OK;
 * ATT_EINPUT as att_scheme_table_classes, or ATT_ENOMEM, with *gaps NULL. */
int att_scheme_table_gaps(const att_scheme *s, const att_match_table *mt, att_partner p,
                          unsigned char **gaps, att_error *err);

/* The match table to read coded files with under scheme `s`: its vocabulary
 * is the scheme's codes (in file order; att_match_table_kind "scheme", path
 * the scheme's), so a code outside the scheme is refused by the coded reader
 * naming the scheme; a pair is matched when `mt` matches it, and a pair with
 * an unscorable code never.  Every scorable code must be in `mt`'s
 * vocabulary for its partner, else ATT_EINPUT "SCHEME:LINE: ..." naming the
 * code and the table (unscorable codes need not be).  `mt` NULL gives the
 * vocabulary alone, no pair matched: for checking codes (attune import,
 * attune agree's kappa).  Returns NULL with `err` filled on failure; the
 * caller frees the table. */
att_match_table *att_scheme_match_table(const att_scheme *s, const att_match_table *mt,
                                        att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
