/* The trace figure's data: one run of a coded file, read twice (the coded
 * reader for the codes, matched and the scorer's ruptures; the CSV reader
 * for the columns the coded reader does not keep), and drawn by
 * plot_trace_draw.c.  Internal to the library (not installed). */
#ifndef ATT_PLOT_TRACE_H
#define ATT_PLOT_TRACE_H

#include <stddef.h>
#include <stdio.h>
#include "attune/error.h"
#include "attune/match.h"
#include "attune/plot.h"

#pragma GCC visibility push(hidden)

/* Names of a categorical column, in order of first appearance. */
typedef struct att_ptrace_cats {
    char **name;
    size_t n, cap;
} att_ptrace_cats;

/* A column of the trace, by what it holds. */
enum {
    ATT_PT_PHASE,       /* from the coded reader's phase */
    ATT_PT_GAZE,        /* infant_gaze: 0 or 1 as text */
    ATT_PT_AFFECT,      /* infant_affect */
    ATT_PT_BEHAVIOUR,   /* infant_behavior */
    ATT_PT_NCATS
};

typedef struct att_ptrace_rupture {
    double start, end;  /* s; end: the repair, or the run's end when censored */
    int censored;
} att_ptrace_rupture;

typedef struct att_ptrace_data {
    char run[256];
    size_t n, cap;          /* rows of the run */
    double *t;              /* s, increasing */
    int *infant, *caregiver, *matched;   /* match table indices, 0/1 */
    double *infant_arousal, *caregiver_arousal;  /* NaN when absent */
    int *cat[ATT_PT_NCATS]; /* per row, an index into cats[k]; -1 none */
    att_ptrace_cats cats[ATT_PT_NCATS];
    int has[ATT_PT_NCATS];  /* the file has the column */
    int has_infant_arousal, has_caregiver_arousal;
    double t_end;           /* the end of the run's last row */
    att_ptrace_rupture *ruptures;
    size_t nruptures, rcap;
    const att_match_table *mt;
} att_ptrace_data;

/* Reads run o->run (NULL: the first; with o->session N: the run named
 * "RUN/N", or the first such) of `path`; ATT_EINPUT as att_plot_trace. */
int att_ptrace_load(const char *path, const att_match_table *mt, int table_wins,
                   const att_plot_opts *o, att_ptrace_data *d, att_error *err);
void att_ptrace_free(att_ptrace_data *d);

/* Draws `d` to `out`; `name` is the file's name for the title. */
int att_ptrace_draw(const att_ptrace_data *d, const char *name, const att_plot_opts *o, FILE *out,
                   att_error *err);

#pragma GCC visibility pop

#endif
