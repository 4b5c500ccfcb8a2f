/* The fit statistics' accumulator, continued (attune/fitstats.h): merging
 * accumulators, reading coded files into one, and what it holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/fitstats_impl.h"
#include "attune/tally.h"
#include "base/grow.h"

/* Copies session `s` of `src` to the end of `dst`. */
static int copy_session(att_fitstats *dst, const att_fitstats *src, const fs_session *s,
                        att_error *err)
{
    size_t first = dst->nrec;
    char *name = strdup(s->name);
    int rc = name ? att_grow(&dst->s, &dst->caps, dst->ns + 1, sizeof *dst->s, err)
                  : att_error_nomem(err);
    for (size_t i = 0; rc == ATT_OK && i < s->n; i++) {
        const fs_rec r = src->rec[s->first + i];   /* a copy: dst == src may move it */
        size_t g;
        if ((rc = att_fs_window_index(dst, src->wname[r.window], &g, err)) != ATT_OK
            || (rc = att_grow(&dst->rec, &dst->caprec, dst->nrec + 1, sizeof *dst->rec,
                              err)) != ATT_OK)
            break;
        fs_rec *d = &dst->rec[dst->nrec];
        *d = r;
        d->window = g;
        if (!(d->tally = att_tally_new(err))) {
            rc = ATT_ENOMEM;
        } else if ((rc = att_tally_merge(d->tally, r.tally, err)) != ATT_OK) {
            att_tally_free(d->tally);
        } else {
            dst->nrec++;
        }
    }
    if (rc != ATT_OK) {
        while (dst->nrec > first)
            att_tally_free(dst->rec[--dst->nrec].tally);
        free(name);
        return rc;
    }
    dst->s[dst->ns++] = (fs_session){ name, first, dst->nrec - first };
    return ATT_OK;
}

int att_fitstats_merge(att_fitstats *dst, const att_fitstats *src, att_error *err)
{
    if (dst->mt != src->mt)
        return att_error_set(err, ATT_EINPUT, "fit statistics: merging accumulators of "
                             "different match tables");
    size_t n = src->ns;   /* dst == src appends its sessions once */
    for (size_t i = 0; i < n; i++) {
        fs_session s = src->s[i];
        int rc = copy_session(dst, src, &s, err);
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

size_t att_fitstats_sessions(const att_fitstats *fs)
{
    return fs->ns;
}

size_t att_fitstats_window_count(const att_fitstats *fs)
{
    return fs->nw;
}

const char *att_fitstats_window(const att_fitstats *fs, size_t i)
{
    return i < fs->nw ? fs->wname[i] : NULL;
}

/* ---- coded files ---- */

typedef struct coded_ctx {
    att_fitstats *fs;
    const char *name;   /* the file as messages name it */
    const char *run;    /* the run being read (the accumulator's copy) */
    const att_coded_hooks *also;   /* the caller's hooks, or NULL */
    void *also_user;
} coded_ctx;

static int on_run_begin(void *user, const char *run, att_error *err)
{
    coded_ctx *c = user;
    int rc = att_fitstats_begin(c->fs, run, err);
    c->run = c->fs->cur_name;
    if (rc == ATT_OK && c->also)
        rc = c->also->run_begin(c->also_user, run, err);
    return rc;
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    coded_ctx *c = user;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    att_error e = { 0 };
    int rc = att_fitstats_push(c->fs, &st, &e);
    if (rc != ATT_OK && rc != ATT_ENOMEM)
        return att_error_set(err, rc, "%s:%ld: %s", c->name, row->line, e.msg);
    if (rc != ATT_OK)
        return att_error_nomem(err);
    return c->also ? c->also->row(c->also_user, row, err) : ATT_OK;
}

static int on_run_end(void *user, double t_end, att_error *err)
{
    coded_ctx *c = user;
    att_error e = { 0 };
    char run[256];
    snprintf(run, sizeof run, "%s", c->run ? c->run : "");
    int rc = att_fitstats_end(c->fs, t_end, &e);
    if (rc != ATT_OK && rc != ATT_ENOMEM)
        return att_error_set(err, rc, "%s: run %s: %s", c->name, run, e.msg);
    if (rc != ATT_OK)
        return att_error_nomem(err);
    return c->also ? c->also->run_end(c->also_user, t_end, err) : ATT_OK;
}

int att_fitstats_read_coded(att_fitstats *fs, const char *path, const att_coded_opts *o,
                            att_error *err)
{
    return att_fitstats_read_coded_with(fs, path, o, NULL, NULL, err);
}

int att_fitstats_read_coded_with(att_fitstats *fs, const char *path, const att_coded_opts *o,
                                 const att_coded_hooks *also, void *also_user, att_error *err)
{
    static const att_coded_hooks hooks = { on_run_begin, on_row, on_run_end };
    coded_ctx c = { fs, att_coded_name(path), NULL, also, also_user };
    int rc = att_coded_read_opts(path, fs->mt, o, &hooks, &c, err);
    if (rc != ATT_OK && fs->feeding) {
        fs->feeding = 0;
        free(fs->cur_name);
        fs->cur_name = NULL;
    }
    return rc;
}
