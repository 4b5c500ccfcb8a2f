/* What the files of the fit statistics share (analysis/fitstats*.c): the
 * accumulator's layout, one record per session and window.  Internal to
 * the analysis layer. */
#ifndef ATT_ANALYSIS_FITSTATS_IMPL_H
#define ATT_ANALYSIS_FITSTATS_IMPL_H

#include "attune/fitstats.h"
#include "base/strmap.h"

#pragma GCC visibility push(hidden)

/* The per-session means: these statistics, from these scorer columns. */
#define FS_NMEAN 6
extern const att_fitstat att_fs_mean_stat[FS_NMEAN];
/* Their between-session SDs, in the same order. */
extern const att_fitstat att_fs_sd_stat[FS_NMEAN];
/* Their within-session contrasts (Cohen's d), in the same order. */
extern const att_fitstat att_fs_d_stat[FS_NMEAN];
extern const att_score_col att_fs_mean_col[FS_NMEAN];

enum { FS_AVERSION, FS_NEGATIVE, FS_NBOUT };   /* bout kinds */

/* One session's window. */
typedef struct fs_rec {
    size_t window;               /* global window index */
    double v[FS_NMEAN];          /* the session's values, NaN where undefined */
    long long bout_us[FS_NBOUT]; /* total length of the window's bouts */
    long bouts[FS_NBOUT];
    att_tally *tally;            /* the window's latencies (owned) */
} fs_rec;

typedef struct fs_session {
    char *name;
    size_t first, n;             /* its records: rec[first .. first + n) */
} fs_session;

/* Bouts of the session being fed, per local window (the scorer's order). */
typedef struct fs_local {
    long long bout_us[FS_NBOUT];
    long bouts[FS_NBOUT];
} fs_local;

struct att_fitstats {
    const att_match_table *mt;
    att_scorer *sc;
    int known;                   /* classes at least one infant code has */
    /* all sessions */
    fs_session *s;
    size_t ns, caps;
    fs_rec *rec;
    size_t nrec, caprec;
    char **wname;                /* global windows: `all`, then phases */
    size_t nw, capw;
    att_strmap *wmap;            /* window name -> global index */
    /* the session being fed */
    int feeding;                 /* between begin and end */
    char *cur_name;
    att_strmap *lmap;            /* phase -> local window index (as the scorer's) */
    fs_local *loc;
    size_t nloc, caploc;
    int have_prev, prev_cls, prev_gap;
    double prev_t;
    size_t prev_loc;             /* local window of the previous step, 0: none */
    long long run_us[FS_NBOUT][2];  /* the open bout's length: in `all`, in the phase */
};

/* "unknown statistic 'X' (did you mean 'Y'?)" into `buf` (size `cap`). */
void att_fs_unknown_stat(const char *name, char *buf, size_t cap);

/* What is wrong with statistic `s` of window `window`, into `buf` (size
 * `cap`), or NULL: a _d statistic takes two different phases A:B (not
 * `all`), and only a _d statistic takes a window with a ':'. */
const char *att_fs_window_problem(att_fitstat s, const char *window, char *buf, size_t cap);

/* The window index of `name`, added when new: ATT_OK or ATT_ENOMEM. */
int att_fs_window_index(att_fitstats *fs, const char *name, size_t *index, att_error *err);

#pragma GCC visibility pop

#endif
