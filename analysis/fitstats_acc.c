/* The fit statistics' accumulator (attune/fitstats.h): sessions fed step by
 * step through the scorer, bouts counted beside it, and per session and
 * window a record of what the statistics need. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/fitstats_impl.h"
#include "attune/tally.h"
#include "base/grow.h"

att_fitstats *att_fitstats_new(const att_match_table *mt, const att_scheme *scheme,
                               const att_score_rules *rules, att_error *err)
{
    if (!mt) {
        att_error_set(err, ATT_EINPUT, "fit statistics: no match table");
        return NULL;
    }
    att_fitstats *fs = calloc(1, sizeof *fs);
    if (!fs || !(fs->wmap = att_strmap_new()) || !(fs->lmap = att_strmap_new())) {
        att_fitstats_free(fs);
        att_error_nomem(err);
        return NULL;
    }
    fs->mt = mt;
    if (!(fs->sc = att_scorer_new(mt, err))
        || (scheme && att_scorer_set_scheme(fs->sc, scheme, err) != ATT_OK)
        || (rules && att_scorer_set_rules(fs->sc, rules, err) != ATT_OK)) {
        att_fitstats_free(fs);
        return NULL;
    }
    fs->known = att_scorer_classes_known(fs->sc);
    return fs;
}

void att_fitstats_clear(att_fitstats *fs)
{
    for (size_t i = 0; i < fs->ns; i++)
        free(fs->s[i].name);
    for (size_t i = 0; i < fs->nrec; i++)
        att_tally_free(fs->rec[i].tally);
    for (size_t i = 0; i < fs->nw; i++)
        free(fs->wname[i]);
    fs->ns = fs->nrec = fs->nw = 0;
    att_strmap_clear(fs->wmap);
    free(fs->cur_name);
    fs->cur_name = NULL;
    fs->feeding = 0;
}

void att_fitstats_free(att_fitstats *fs)
{
    if (!fs)
        return;
    if (fs->wmap)
        att_fitstats_clear(fs);
    att_strmap_free(fs->wmap);
    att_strmap_free(fs->lmap);
    att_scorer_free(fs->sc);
    free(fs->s);
    free(fs->rec);
    free(fs->wname);
    free(fs->loc);
    free(fs);
}

int att_fs_window_index(att_fitstats *fs, const char *name, size_t *index, att_error *err)
{
    long i = att_strmap_get(fs->wmap, name);
    if (i >= 0) {
        *index = (size_t)i;
        return ATT_OK;
    }
    if (att_grow(&fs->wname, &fs->capw, fs->nw + 1, sizeof *fs->wname, err) != ATT_OK)
        return ATT_ENOMEM;
    if (!(fs->wname[fs->nw] = strdup(name)))
        return att_error_nomem(err);
    if (att_strmap_put(fs->wmap, name, (long)fs->nw) < 0) {
        free(fs->wname[fs->nw]);
        return att_error_nomem(err);
    }
    *index = fs->nw++;
    return ATT_OK;
}

/* Drops the session being fed after an error; returns rc. */
static int drop(att_fitstats *fs, int rc)
{
    fs->feeding = 0;
    free(fs->cur_name);
    fs->cur_name = NULL;
    return rc;
}

int att_fitstats_begin(att_fitstats *fs, const char *name, att_error *err)
{
    drop(fs, ATT_OK);
    if (!(fs->cur_name = strdup(name ? name : "")))
        return att_error_nomem(err);
    int rc;
    if ((rc = att_scorer_begin(fs->sc, fs->cur_name, err)) != ATT_OK
        || (rc = att_grow(&fs->loc, &fs->caploc, 1, sizeof *fs->loc, err)) != ATT_OK)
        return drop(fs, rc);
    att_strmap_clear(fs->lmap);
    memset(fs->loc, 0, sizeof *fs->loc);
    fs->nloc = 1;
    fs->have_prev = 0;
    fs->prev_loc = 0;
    memset(fs->run_us, 0, sizeof fs->run_us);
    fs->feeding = 1;
    return ATT_OK;
}

/* The local window of `phase`, as the scorer numbers its windows: `all` is
 * 0, the phases from 1 in order of first appearance. */
static int local_window(att_fitstats *fs, const char *phase, size_t *li, att_error *err)
{
    *li = 0;
    if (!phase || !*phase)
        return ATT_OK;
    long i = att_strmap_get(fs->lmap, phase);
    if (i > 0) {
        *li = (size_t)i;
        return ATT_OK;
    }
    if (att_grow(&fs->loc, &fs->caploc, fs->nloc + 1, sizeof *fs->loc, err) != ATT_OK)
        return ATT_ENOMEM;
    if (att_strmap_put(fs->lmap, phase, (long)fs->nloc) < 0)
        return att_error_nomem(err);
    memset(&fs->loc[fs->nloc], 0, sizeof *fs->loc);
    *li = fs->nloc++;
    return ATT_OK;
}

static int in_bout(int kind, int cls, int gap)
{
    if (gap)
        return 0;
    return kind == FS_AVERSION ? !(cls & ATT_CLASS_GAZE) : (cls & ATT_CLASS_NEGATIVE) != 0;
}

/* Ends the open bout of `kind` in scope 0 (`all`) or 1 (the phase of the
 * previous step), counting it when it lasted. */
static void close_bout(att_fitstats *fs, int kind, int scope)
{
    long long us = fs->run_us[kind][scope];
    size_t li = scope ? fs->prev_loc : 0;
    if (us > 0 && (scope == 0 || li != 0)) {
        fs->loc[li].bout_us[kind] += us;
        fs->loc[li].bouts[kind]++;
    }
    fs->run_us[kind][scope] = 0;
}

/* The previous step lasted until t: its time goes to the open bouts. */
static void extend_bouts(att_fitstats *fs, double t)
{
    long long us = att_us(t - fs->prev_t);
    for (int k = 0; k < FS_NBOUT; k++)
        if (in_bout(k, fs->prev_cls, fs->prev_gap)) {
            fs->run_us[k][0] += us;
            fs->run_us[k][1] += us;
        }
}

int att_fitstats_push(att_fitstats *fs, const att_score_step *st, att_error *err)
{
    if (!fs->feeding)
        return att_error_set(err, ATT_EINPUT, "fit statistics: a step outside a session");
    size_t li;   /* the scorer refuses a code index outside the match table */
    int rc;
    if ((rc = att_scorer_push(fs->sc, st, NULL, err)) != ATT_OK
        || (rc = local_window(fs, st->phase, &li, err)) != ATT_OK)
        return drop(fs, rc);
    int cls = att_scorer_infant_classes(fs->sc, st->infant);
    int gap = (cls & ATT_CLASS_UNSCORABLE) || att_scorer_caregiver_unscorable(fs->sc, st->caregiver);
    if (fs->have_prev) {
        extend_bouts(fs, st->t);
        for (int k = 0; k < FS_NBOUT; k++) {
            int in = in_bout(k, cls, gap);
            if (!in)
                close_bout(fs, k, 0);
            if (!in || li != fs->prev_loc)
                close_bout(fs, k, 1);
        }
    }
    fs->have_prev = 1;
    fs->prev_t = st->t;
    fs->prev_cls = cls;
    fs->prev_gap = gap;
    fs->prev_loc = li;
    return ATT_OK;
}

/* Keeps local window i of the ended session as a record. */
static int keep_window(att_fitstats *fs, size_t i, att_error *err)
{
    att_window_score ws;
    size_t g = 0;  /* set by att_fs_window_index (LTO warns it may not be) */
    int rc;
    if ((rc = att_scorer_window(fs->sc, i, ATT_SCORE_CUTOFF_S, &ws, err)) != ATT_OK
        || (rc = att_fs_window_index(fs, ws.window, &g, err)) != ATT_OK
        || (rc = att_grow(&fs->rec, &fs->caprec, fs->nrec + 1, sizeof *fs->rec, err)) != ATT_OK)
        return rc;
    fs_rec *r = &fs->rec[fs->nrec];
    memset(r, 0, sizeof *r);
    r->window = g;
    for (int k = 0; k < FS_NMEAN; k++)
        r->v[k] = ws.v[att_fs_mean_col[k]];
    for (int k = 0; k < FS_NBOUT; k++) {
        r->bout_us[k] = fs->loc[i].bout_us[k];
        r->bouts[k] = fs->loc[i].bouts[k];
    }
    if (!(r->tally = att_tally_new(err)))
        return ATT_ENOMEM;
    if (att_tally_merge(r->tally, att_scorer_window_tally(fs->sc, i), err) != ATT_OK) {
        att_tally_free(r->tally);
        return ATT_ENOMEM;
    }
    fs->nrec++;
    return ATT_OK;
}

/* Forgets the records of a session that could not be kept whole. */
static void unkeep(att_fitstats *fs, size_t first)
{
    while (fs->nrec > first)
        att_tally_free(fs->rec[--fs->nrec].tally);
}

int att_fitstats_end(att_fitstats *fs, double t_end, att_error *err)
{
    if (!fs->feeding)
        return att_error_set(err, ATT_EINPUT, "fit statistics: no session to end");
    int rc = att_scorer_end(fs->sc, t_end, NULL, err);
    if (rc != ATT_OK)
        return drop(fs, rc);
    if (fs->have_prev)
        extend_bouts(fs, t_end);
    for (int k = 0; k < FS_NBOUT; k++) {
        close_bout(fs, k, 0);
        close_bout(fs, k, 1);
    }
    size_t nw = att_scorer_window_count(fs->sc), first = fs->nrec;
    assert(nw == fs->nloc);
    if (att_grow(&fs->s, &fs->caps, fs->ns + 1, sizeof *fs->s, err) != ATT_OK)
        return drop(fs, ATT_ENOMEM);
    for (size_t i = 0; i < nw; i++)
        if ((rc = keep_window(fs, i, err)) != ATT_OK) {
            unkeep(fs, first);
            return drop(fs, rc);
        }
    fs->s[fs->ns++] = (fs_session){ fs->cur_name, first, fs->nrec - first };
    fs->cur_name = NULL;
    fs->feeding = 0;
    return ATT_OK;
}

int att_fitstats_add(att_fitstats *fs, const char *name, const att_score_step *steps,
                     size_t n, double t_end, att_error *err)
{
    int rc = att_fitstats_begin(fs, name, err);
    for (size_t i = 0; rc == ATT_OK && i < n; i++)
        rc = att_fitstats_push(fs, &steps[i], err);
    return rc == ATT_OK ? att_fitstats_end(fs, t_end, err) : rc;
}
