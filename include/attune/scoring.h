/* The scoring pipeline of `attune score`, as one object: coded files
 * (attune/coded.h) are read into the online scorer (attune/scorer.h); each
 * run's window scores go to a report (attune/report.h) and, when pooling,
 * into a pool (attune/pool.h) whose rows att_scoring_finish writes; each
 * finished rupture may also be written as a row of a ruptures CSV.
 *
 * The ruptures CSV has the header
 *   run,phase,start_s,latency_s,censored,repaired_by,peak_infant_arousal,
 *   phase_latency_s,phase_censored,file,size,phase_size,session
 * and one row per rupture in the order they finish (numbers as %.10g, an
 * undefined arousal as an empty field; docs/SCORING.md).  A unit named
 * "RUN/SESSION" is written as run RUN and session SESSION
 * (att_unit_session); session is empty otherwise.
 *
 * Nothing here opens, renames or removes a file: the caller owns the
 * streams, and writes into temporary outputs it drops when a call fails
 * (rows of earlier runs have been written by then). */
#ifndef ATT_SCORING_H
#define ATT_SCORING_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stdio.h>
#include "attune/error.h"
#include "attune/match.h"
#include "attune/report.h"
#include "attune/scheme.h"
#include "attune/scorer.h"

typedef struct att_scoring_opts {
    FILE *report;             /* where the scores go (required) */
    att_format format;        /* of the report */
    double cutoff_s;          /* horizon of the restricted mean (ATT_SCORE_CUTOFF_S) */
    int pool;                 /* 1: pool the runs; att_scoring_finish writes the rows */
    long boot;                /* bootstrap resamples of the pooled rows (0: none) */
    unsigned long seed;       /* seed of the bootstrap */
    FILE *ruptures;           /* NULL, or where the ruptures CSV goes (header at once) */
    att_rupture_fn on_rupture;   /* NULL, or called for every rupture (after its row) */
    void *on_rupture_user;
    const struct att_coded_opts *coded;   /* NULL, or the coded reader's renamings and
                                             end (attune/coded.h; its flags are
                                             att_scoring_file's) */
    const att_scheme *scheme;  /* NULL: the built-in classes by attune's code names;
                                  else the code scheme (attune/scheme.h), which must
                                  outlive the pipeline: its codes are the files'
                                  vocabulary, its unscorable codes make gaps */
    const att_score_rules *rules;   /* NULL: att_score_rules_default's (copied) */
    int long_form;            /* 1: the report's long form (csv or json; attune/report.h) */
} att_scoring_opts;

typedef struct att_scoring att_scoring;

/* A pipeline scoring codes of table `mt` with `opts` (copied); `mt` and the
 * streams must outlive it.  Writes the ruptures CSV's header when
 * opts->ruptures is set.  Returns NULL with `err` filled: ATT_ENOMEM, or
 * ATT_EINPUT for a missing report stream, a cutoff not above 0, a scheme
 * with a scorable code `mt` does not know (att_scheme_match_table), bad
 * rules (att_scorer_set_rules) or the long form as a table. */
att_scoring *att_scoring_new(const att_match_table *mt, const att_scoring_opts *opts,
                             att_error *err);
/* NULL does nothing.  Does not close the streams. */
void att_scoring_free(att_scoring *s);

/* Makes the pipeline stop with ATT_EIO "interrupted" when `interrupted`
 * (NULL: never) returns nonzero; it is asked at every run and every row, so
 * a long run does not hold off Ctrl-C until its end.  The library sets no
 * signal handler. */
void att_scoring_set_interrupt(att_scoring *s, int (*interrupted)(void));

/* Reads the coded file `path` ("-": standard input) through the pipeline;
 * `flags` are att_coded_read's (ATT_CODED_TABLE_WINS, ATT_CODED_DELIMITER);
 * opts->coded's renamings and end apply.
 * Report and rupture rows name the file as `path`.  Returns ATT_OK, or
 * att_coded_read's errors ("FILE:LINE: problem", ATT_EINPUT), the scorer's,
 * ATT_ENOMEM, or ATT_EIO when interrupted; the pipeline should then only be
 * freed. */
int att_scoring_file(att_scoring *s, const char *path, int flags, att_error *err);

/* Writes the pooled rows (when pooling) and ends the report (closes the
 * JSON array).  Call once, after the last file.  Returns ATT_OK, ATT_ENOMEM,
 * or ATT_EIO when a write to the report failed. */
int att_scoring_finish(att_scoring *s, att_error *err);

/* Runs scored so far, over all files. */
long att_scoring_runs(const att_scoring *s);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
