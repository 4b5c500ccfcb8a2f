/* Named numeric parameters: the schema shared by scenario keys, --set and docs.
 *
 * Every model parameter is described once, in a table of att_param rows that
 * give its name, unit, valid range and place in a parameter struct.  The
 * scenario loader, the `--set` flag and the help text all read these tables,
 * so a parameter added to a model is configurable and checked everywhere. */
#ifndef ATT_PARAM_H
#define ATT_PARAM_H

#include <stddef.h>

typedef struct att_param {
    const char *name;   /* key in the scenario file, e.g. "arousal_tau" */
    const char *unit;   /* "s", "1/s", "0-1", ... */
    double min, max;    /* closed valid range */
    size_t offset;      /* offsetof() the double in its params struct */
    const char *help;   /* one line for students */
} att_param;

/* Returns the row named `name` in `table` (n rows) or NULL. */
const att_param *att_param_find(const att_param *table, size_t n, const char *name);

/* Reads / writes the double that `p` describes inside `params`. */
double att_param_get(const att_param *p, const void *params);
void att_param_put(const att_param *p, void *params, double value);

/* Parses `text` as a finite double.  Returns 0 and stores it in *out, or -1
 * if the text is not a number (trailing junk, empty, inf, nan). */
int att_parse_double(const char *text, double *out);

/* Returns the candidate closest to `word` by edit distance, or NULL when none
 * is close enough to be a plausible typo.  `cands` holds n strings. */
const char *att_suggest(const char *word, const char *const *cands, size_t n);

/* Edit distance between a and b (case-sensitive): insertions, deletions,
 * substitutions and swaps of adjacent characters each count 1. */
size_t att_edit_distance(const char *a, const char *b);

#endif
