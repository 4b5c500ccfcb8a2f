/* Run metadata: a small JSON file written beside the outputs that says
 * exactly how they were made (version, scenario fingerprint, seed, RNG,
 * step, command line), so a result can be traced back and re-run.
 *
 * It holds no timestamp, host or user name: the same inputs give the same
 * bytes, so metadata files can be compared and kept under version control. */
#ifndef ATT_META_H
#define ATT_META_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stdio.h>
#include "attune/error.h"

/* Plain data; nothing is owned.  A NULL string is written as JSON null. */
typedef struct att_meta {
    const char *version;          /* attune version, e.g. "0.1.0" */
    const char *scenario_path;    /* scenario file as given by the user */
    const char *scenario_sha256;  /* 64 hex digits of the scenario file's bytes */
    unsigned long seed;           /* seed the run actually used */
    const char *rng;              /* GSL generator name, e.g. "taus2" */
    double dt;                    /* s, step */
    double duration;              /* s, total length of the phases */
    long steps;                   /* steps per run */
    const char *match_table;      /* match table path or built-in name */
    int argc;                     /* command line, as main received it */
    char *const *argv;
} att_meta;

/* Writes `m` to `fp` as a pretty-printed JSON object ending in a newline,
 * with keys, in order: attune_version, scenario, scenario_sha256, seed, rng,
 * dt, duration_s, steps, match_table, command (argv joined into one
 * shell-quoted string that can be pasted back into a shell) and argv (the
 * arguments as a JSON array).  Strings go through att_json_string
 * (base/json.c): UTF-8 stays UTF-8, quotes, backslashes and control
 * characters are escaped, and bytes that are not UTF-8 become U+FFFD.
 * Non-finite dt or duration are written as null.  `fp` is not closed.
 * Returns ATT_OK, or ATT_EIO when the stream reports a write error. */
int att_meta_write(FILE *fp, const att_meta *m, att_error *err);

/* Writes `m` to `path` ("-" for standard output) through att_outfile, so the
 * file appears complete or not at all.  Returns ATT_OK, or ATT_EIO
 * ("PATH: reason") when the file cannot be created or written, or
 * ATT_ENOMEM. */
int att_meta_write_file(const char *path, const att_meta *m, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
