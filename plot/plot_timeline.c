/* The data of `attune plot timeline`: per session of a timeline, the
 * matched share, the median repair latency and trust.
 * From batch results: the rows of each condition compared by session with
 * att_compare (the numbers `attune compare --by session` gives for that
 * condition's rows), and the mean trust (plot_timeline_trust.c).  From a
 * trace: each run's sessions scored by the scorer `attune score` uses, and
 * infant_trust at each session's end. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/buf.h"
#include "attune/coded.h"
#include "attune/param.h"
#include "attune/scorer.h"
#include "base/csvread.h"
#include "base/grow.h"
#include "batch/results.h"
#include "plot/plot_data.h"

void att_plot_timeline_free(att_timeline_data *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        att_plot_line *l = &t->line[i];
        for (size_t k = 0; k < l->n; k++)
            free(l->s[k].name);
        free(l->s);
        free(l->trust);
        free(l->trust_lo);
        free(l->trust_hi);
        free(l->label);
    }
    free(t->line);
    free(t->window);
    *t = (att_timeline_data){ 0 };
}

/* A new line labelled with the `len` bytes at `label`; NULL when out of
 * memory. */
static att_plot_line *new_line(att_timeline_data *t, size_t *cap, const char *label,
                               size_t len, att_error *err)
{
    if (att_grow(&t->line, cap, t->n + 1, sizeof *t->line, err) != ATT_OK)
        return NULL;
    att_plot_line *l = &t->line[t->n];
    if (!(l->label = strndup(label, len))) {
        att_error_nomem(err);
        return NULL;
    }
    t->n++;
    return l;
}

/* ---- batch results ---- */

typedef struct cond_text {
    char *name;        /* as written (quotes and all) */
    size_t len;
    long runs;
    att_buf text;      /* the header, then the condition's lines */
} cond_text;

static int read_all(const char *path, att_buf *all, att_error *err)
{
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return ATT_EINPUT;
    char chunk[65536];
    size_t got;
    int rc = ATT_OK;
    while (rc == ATT_OK && (got = fread(chunk, 1, sizeof chunk, fp)) > 0)
        rc = att_buf_add(all, chunk, got, err);
    if (rc == ATT_OK && ferror(fp))
        rc = att_error_set(err, ATT_EIO, "%s: cannot read", path);
    if (fp != stdin)
        fclose(fp);
    return rc;
}

/* Adds `line` (`n` bytes) to its condition's text. */
static int add_line(cond_text **c, size_t *nc, size_t *cap, const char *header, size_t hlen,
                    const char *line, size_t n, att_error *err)
{
    const char *cond;
    size_t clen;
    long session;
    if (att_results_session_fields(line, &cond, &clen, &session) != 0)
        return ATT_OK;   /* compare has checked every line; a blank one */
    size_t i = 0;
    while (i < *nc && !((*c)[i].len == clen && memcmp((*c)[i].name, cond, clen) == 0))
        i++;
    if (i == *nc) {
        if (att_grow(c, cap, *nc + 1, sizeof **c, err) != ATT_OK)
            return ATT_ENOMEM;
        (*c)[i].name = strndup(cond, clen);
        (*c)[i].len = clen;
        (*nc)++;
        if (!(*c)[i].name || att_buf_add(&(*c)[i].text, header, hlen, err) != ATT_OK)
            return att_error_nomem(err);
    }
    (*c)[i].runs += session == 1;
    return att_buf_add(&(*c)[i].text, line, n, err);
}

static int split_conditions(const att_buf *all, cond_text **c, size_t *nc, att_error *err)
{
    size_t cap = 0;
    const char *p = all->data, *end = all->data + all->len;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    size_t hlen = eol ? (size_t)(eol - p) + 1 : all->len;
    for (const char *q = p + hlen; q < end;) {
        const char *e = memchr(q, '\n', (size_t)(end - q));
        size_t n = e ? (size_t)(e - q) + 1 : (size_t)(end - q);
        int rc = add_line(c, nc, &cap, p, hlen, q, n, err);
        if (rc != ATT_OK)
            return rc;
        q += n;
    }
    return ATT_OK;
}

/* The label of a condition as written: its quotes undone. */
static void unquote(char *s)
{
    size_t n = strlen(s);
    if (n < 2 || s[0] != '"')
        return;
    size_t k = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        s[k++] = s[i];
        if (s[i] == '"' && s[i + 1] == '"')
            i++;
    }
    s[k] = 0;
}

/* Compares one condition's rows by session into a new line of `t`. */
static int condition_line(const char *path, cond_text *c, const att_plot_cmp_opts *o,
                          att_timeline_data *t, size_t *cap, att_error *err)
{
    FILE *fp = fmemopen(c->text.data, c->text.len, "r");
    if (!fp)
        return att_error_nomem(err);
    att_plot_groups g;
    int rc = att_plot_cmp_run(fp, path, o, 1, 1, &g, err);
    fclose(fp);
    unquote(c->name);
    att_plot_line *l = rc == ATT_OK ? new_line(t, cap, c->name, strlen(c->name), err) : NULL;
    if (l) {
        l->runs = c->runs;
        l->n = g.n;
        l->s = g.g;
        g.g = NULL;
        g.n = 0;
        for (size_t k = 0; k < l->n; k++)
            att_parse_double(l->s[k].name, &l->s[k].x);
        rc = att_plot_timeline_trust(l, c->text.data, c->text.len, o->boot, o->seed, err);
    } else if (rc == ATT_OK) {
        rc = ATT_ENOMEM;
    }
    att_plot_groups_free(&g);
    return rc;
}

/* Checks the whole file as `attune compare --by session` would (so that
 * messages give its own line numbers), without resampling. */
static int check_whole(const char *path, const att_buf *all, const att_plot_cmp_opts *o,
                       att_error *err)
{
    if (all->len == 0)
        return att_error_set(err, ATT_EINPUT, "%s: empty file: not a results file of "
                             "attune batch", path);
    if (strncmp(all->data, ATT_RESULTS_SESSION_HEAD, strlen(ATT_RESULTS_SESSION_HEAD)) != 0)
        return att_error_set(err, ATT_EINPUT, "%s:1: no session column: not the results of "
                             "a timeline (an experiment with sessions above 1)", path);
    FILE *fp = fmemopen(all->data, all->len, "r");
    if (!fp)
        return att_error_nomem(err);
    att_plot_cmp_opts whole = *o;
    whole.boot = 0;
    att_plot_groups g;
    int rc = att_plot_cmp_run(fp, path, &whole, 1, 0, &g, err);
    fclose(fp);
    att_plot_groups_free(&g);
    return rc;
}

int att_plot_timeline_results(const char *path, const char *window, long boot,
                              unsigned long seed, att_timeline_data *out, att_error *err)
{
    *out = (att_timeline_data){ 0 };
    char metric[300];
    snprintf(metric, sizeof metric, "%s.matched_prop", window ? window : "all");
    att_plot_cmp_opts o = { .by = "session", .baseline = NULL, .metric = metric, .boot = boot,
                            .seed = seed };
    att_buf all = { 0 };
    cond_text *c = NULL;
    size_t nc = 0, cap = 0;
    int rc = read_all(path, &all, err);
    if (rc == ATT_OK)
        rc = check_whole(path, &all, &o, err);
    if (rc == ATT_OK)
        rc = split_conditions(&all, &c, &nc, err);
    if (rc == ATT_OK && !(out->window = strdup(window ? window : "all")))
        rc = att_error_nomem(err);
    for (size_t i = 0; rc == ATT_OK && i < nc; i++)
        rc = condition_line(path, &c[i], &o, out, &cap, err);
    for (size_t i = 0; i < nc; i++) {
        free(c[i].name);
        att_buf_free(&c[i].text);
    }
    free(c);
    att_buf_free(&all);
    if (rc != ATT_OK)
        att_plot_timeline_free(out);
    return rc;
}
