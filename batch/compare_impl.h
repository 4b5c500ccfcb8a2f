/* Comparing the conditions of a batch experiment, internal: the object
 * the files of attune/compare.h share.  batch/compare.c makes and frees it
 * and answers its questions, batch/compare_read.c reads a results file into
 * it (through batch/results.h), batch/compare_stats.c computes the rows and
 * batch/compare_write.c writes them.  Not installed. */
#ifndef ATT_BATCH_COMPARE_IMPL_H
#define ATT_BATCH_COMPARE_IMPL_H

#include <stddef.h>
#include "attune/compare.h"
#include "attune/scorer.h"
#include "attune/tally.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* Metric indices: the score columns, the latencies (survival), then the
 * mean arousals batch adds to each window (numbers like the scores). */
enum { SURV = ATT_SC_COUNT, AROUSAL_INFANT, AROUSAL_CAREGIVER, NMETRIC };

/* A --metric spec: a metric in one window, or (window NULL) in every one. */
typedef struct spec {
    char *text;
    char *window;
    int metric;
    int used;
} spec;

/* A selected column of the file. */
typedef struct column {
    size_t window;   /* index in windows */
    int metric;      /* score index, or SURV */
    int field;       /* index in the header */
    size_t slot;     /* index among the numeric or the survival columns */
    char *name;      /* "WINDOW.METRIC" as in the header */
} column;

/* The values of one numeric column in one group (missing ones left out). */
typedef struct vec {
    double *v;
    size_t n, cap;
} vec;

typedef struct group {
    char *name;
    long runs;
    vec *vals;          /* per numeric column */
    att_tally **tally;  /* per survival column */
} group;

struct att_compare {
    /* options */
    char *by, *baseline_name;
    spec *specs;
    size_t nspecs;
    int default_specs;
    long boot;
    unsigned long seed;
    double cutoff;
    int (*interrupted)(void);
    /* the header */
    char *path;
    int state;          /* 0 new, 1 read, 2 computed */
    int have_header;
    long header_line;
    int nfields, by_field, exp_field;
    int run_field, runs_field, session_field;   /* -1 where absent */
    int allow_partial;
    /* which runs the file holds (with the run and runs columns) */
    unsigned char *seen;     /* a bit per run number */
    size_t seen_bytes;
    long total_runs;         /* the runs column; -1 before the first row */
    long total_line;         /* its first line */
    long prev_run, prev_session;
    long present;            /* distinct run numbers */
    char missing[160];       /* "runs 5-9 of 20" when some are missing */
    char **windows;
    size_t nwin, capwin;
    column *cols;
    size_t ncols, capcols, nnum, nsurv;
    /* the runs */
    char *experiment;
    long exp_line;
    group *groups;
    size_t ngroups, capg, last_group;
    long runs;
    /* the results */
    size_t baseline;
    att_compare_row *rows;
    size_t nrows;
};

/* Index of a score name, SURV for "repair_latency" (spec) or "latencies"
 * (header, when `header`), or -1. */
int att_cmp_metric_index(const char *name, int header);
/* The name of metric index m as compare writes it. */
const char *att_cmp_metric_name(int m);
/* Joins names with ", " into buf, ending in "..." when it does not fit. */
void att_cmp_join(char *buf, size_t cap, const char *const *names, size_t n);
/* " (did you mean 'X'?)" or "". */
void att_cmp_did_you_mean(char *buf, size_t cap, const char *word, const char *const *cands,
                          size_t n);
/* Frees a group's name, values and tallies (not the group itself). */
void att_cmp_group_free(const att_compare *c, group *g);

#pragma GCC visibility pop

#endif
