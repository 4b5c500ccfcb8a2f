/* Named numeric parameters: the schema shared by scenario keys, --set and docs.
 *
 * Every model parameter is described once, in a table of att_param rows that
 * give its name, unit, valid range and place in a parameter struct.  The
 * scenario loader, the `--set` flag and the help text all read these tables,
 * so a parameter added to a model is configurable and checked everywhere. */
#ifndef ATT_PARAM_H
#define ATT_PARAM_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

typedef struct att_param {
    const char *name;   /* key in the scenario file, e.g. "arousal_tau" */
    const char *unit;   /* "s", "1/s", "0-1", ... */
    double min, max;    /* closed valid range */
    size_t offset;      /* offsetof() the double in its params struct */
    const char *help;   /* one line for students */
} att_param;

/* Returns the row named `name` in `table` (n rows), or NULL when there is
 * none: not an error (an answer; the caller words the message). */
const att_param *att_param_find(const att_param *table, size_t n, const char *name);

/* Reads / writes the double that `p` describes inside `params`. */
double att_param_get(const att_param *p, const void *params);
void att_param_put(const att_param *p, void *params, double value);

/* Why a text is not a finite double (att_parse_double's failures). */
enum {
    ATT_NUM_NOT_NUMBER = -1,     /* "abc" */
    ATT_NUM_EMPTY = -2,          /* "" or blanks */
    ATT_NUM_TRAILING = -3,       /* "12abc", "1 2" */
    ATT_NUM_DECIMAL_COMMA = -4,  /* "0,5" */
    ATT_NUM_TOO_LARGE = -5,      /* "1e309" */
    ATT_NUM_TOO_SMALL = -6,      /* "1e-400": nonzero but below the smallest double */
    ATT_NUM_NAN = -7,            /* "nan" */
    ATT_NUM_INFINITE = -8,       /* "inf", "-Infinity" */
    ATT_NUM_HEX = -9             /* "0x10", "-0X1p3": C hexadecimal, which strtod reads */
};

/* Parses `text` as a finite double: the one number parser of every file and
 * option attune reads.  Returns 0 and stores it in *out, or one of the
 * negative ATT_NUM_* codes above (*out untouched). */
int att_parse_double(const char *text, double *out);

/* What is wrong, for a message that quotes the text first: "is out of
 * range (...)", "is not a number (text after the number)", ...  A static
 * string; any code that is not an ATT_NUM_* gives "is not a number". */
const char *att_number_problem(int status);

/* Returns the candidate closest to `word` by edit distance, or NULL when none
 * is close enough to be a plausible typo.  `cands` holds n strings. */
const char *att_suggest(const char *word, const char *const *cands, size_t n);

/* Edit distance between a and b (case-sensitive): insertions, deletions,
 * substitutions and swaps of adjacent characters each count 1. */
size_t att_edit_distance(const char *a, const char *b);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
