/* The data of `attune plot km`: Kaplan-Meier curves of repair latency from
 * ruptures files (`score --ruptures`) or batch results (WINDOW.latencies),
 * tallied as the scorer and compare tally them (attune/tally.h) and
 * estimated by stats/stats.c, so a curve's median and band are the ones
 * `score` and `compare` print. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/buf.h"
#include "attune/param.h"
#include "attune/scorer.h"
#include "attune/tally.h"
#include "base/csvread.h"
#include "base/grow.h"
#include "batch/results.h"
#include "plot/plot_data.h"

struct att_km_set {
    size_t n, cap, tcap;
    att_plot_km_curve *c;
    att_tally **t;
};

att_km_set *att_plot_km_new(att_error *err)
{
    att_km_set *km = calloc(1, sizeof *km);
    if (!km)
        att_error_nomem(err);
    return km;
}

static void curve_free(att_plot_km_curve *c)
{
    free(c->label);
    free(c->times);
    free(c->surv);
    free(c->gw);
    free(c->lower);
    free(c->upper);
    free(c->events);
    free(c->censored);
}

void att_plot_km_free(att_km_set *km)
{
    if (!km)
        return;
    for (size_t i = 0; i < km->n; i++) {
        curve_free(&km->c[i]);
        att_tally_free(km->t[i]);
    }
    free(km->c);
    free(km->t);
    free(km);
}

/* The tally of curve `label`, made when new; NULL with ATT_ENOMEM. */
static att_tally *tally_of(att_km_set *km, const char *label, att_error *err)
{
    for (size_t i = 0; i < km->n; i++)
        if (strcmp(km->c[i].label, label) == 0)
            return km->t[i];
    if (att_grow(&km->c, &km->cap, km->n + 1, sizeof *km->c, err) != ATT_OK
        || att_grow(&km->t, &km->tcap, km->n + 1, sizeof *km->t, err) != ATT_OK)
        return NULL;
    char *name = strdup(label);
    att_tally *t = name ? att_tally_new(err) : NULL;
    if (!t) {
        free(name);
        att_error_nomem(err);
        return NULL;
    }
    km->c[km->n].label = name;
    km->t[km->n] = t;
    km->n++;
    return t;
}

/* ---- ruptures files ---- */

enum { R_RUN, R_PHASE, R_LAT, R_CENS, R_PLAT, R_PCENS, R_NCOLS };
static const char *const rupture_cols[R_NCOLS] = {
    "run", "phase", "latency_s", "censored", "phase_latency_s", "phase_censored"
};

typedef struct rup_reader {
    const char *path, *window, *run;
    att_tally *t;
    int col[R_NCOLS];
    int header_done;
} rup_reader;

static int rup_header(rup_reader *r, const att_csv_row *row, att_error *err)
{
    for (int k = 0; k < R_NCOLS; k++) {
        r->col[k] = -1;
        for (int i = 0; i < row->n; i++)
            if (strcmp(row->field[i], rupture_cols[k]) == 0)
                r->col[k] = i;
        if (r->col[k] < 0)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: no column %s: not a ruptures "
                                 "file of attune score --ruptures", r->path, row->line,
                                 rupture_cols[k]);
    }
    r->header_done = 1;
    return ATT_OK;
}

static int rup_row(const att_csv_row *row, void *user, att_error *err)
{
    rup_reader *r = user;
    if (!r->header_done)
        return rup_header(r, row, err);
    for (int k = 0; k < R_NCOLS; k++)
        if (r->col[k] >= row->n)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: %d fields, no %s", r->path,
                                 row->line, row->n, rupture_cols[k]);
    if (r->run && strcmp(row->field[r->col[R_RUN]], r->run) != 0)
        return ATT_OK;
    int all = strcmp(r->window, "all") == 0;
    if (!all && strcmp(row->field[r->col[R_PHASE]], r->window) != 0)
        return ATT_OK;
    const char *lat = row->field[r->col[all ? R_LAT : R_PLAT]];
    const char *cen = row->field[r->col[all ? R_CENS : R_PCENS]];
    double x;
    if (att_parse_double(lat, &x) != 0 || !(x > 0) || x > 2 * ATT_SCORE_T_MAX
        || att_us(x) < 1)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: latency '%s' is not seconds above 0",
                             r->path, row->line, lat);
    if (strcmp(cen, "0") != 0 && strcmp(cen, "1") != 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: censored '%s' is not 0 or 1", r->path,
                             row->line, cen);
    return att_tally_add(r->t, att_us(x), cen[0] == '0', 1, err);
}

int att_plot_km_add_ruptures(att_km_set *km, const char *path, const char *label,
                             const char *window, const char *run, att_error *err)
{
    rup_reader r = { .path = path, .window = window ? window : "all", .run = run };
    if (!(r.t = tally_of(km, label, err)))
        return ATT_ENOMEM;
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return ATT_EINPUT;
    int rc = att_csv_read(fp, path, ATT_CSV_REQUIRE_EOL, rup_row, &r, err);
    if (fp != stdin)
        fclose(fp);
    if (rc == ATT_OK && !r.header_done)
        rc = att_error_set(err, ATT_EINPUT, "%s: empty file: not a ruptures file of "
                           "attune score --ruptures", path);
    return rc;
}

/* ---- batch results ---- */

typedef struct res_reader {
    att_km_set *km;
    const char *path, *by, *prefix;
    char lat_name[256];
    att_buf label;   /* prefix and the row's group: a curve's whole name */
    long session;
    int by_col, lat_col, session_col, header_done;
} res_reader;

static int res_header(res_reader *r, const att_csv_row *row, att_error *err)
{
    r->by_col = r->lat_col = r->session_col = -1;
    for (int i = 0; i < row->n; i++) {
        if (strcmp(row->field[i], r->by) == 0)
            r->by_col = i;
        if (strcmp(row->field[i], r->lat_name) == 0)
            r->lat_col = i;
        if (strcmp(row->field[i], "session") == 0)
            r->session_col = i;
    }
    r->header_done = 1;
    if (r->lat_col < 0 || r->by_col < 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: no column %s: not a results file of "
                             "attune batch with that column", r->path, row->line,
                             r->lat_col < 0 ? r->lat_name : r->by);
    if (r->session > 0 && r->session_col < 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: no session column: --session needs a "
                             "timeline's results", r->path, row->line);
    return ATT_OK;
}

static int res_row(const att_csv_row *row, void *user, att_error *err)
{
    res_reader *r = user;
    if (!r->header_done)
        return res_header(r, row, err);
    if (r->lat_col >= row->n || r->by_col >= row->n || r->session_col >= row->n)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %d fields, fewer than the header's",
                             r->path, row->line, row->n);
    if (r->session > 0) {
        double s;
        if (att_parse_double(row->field[r->session_col], &s) != 0 || s != (double)r->session)
            return ATT_OK;
    }
    att_buf_clear(&r->label);
    if (att_buf_printf(&r->label, err, "%s%s", r->prefix, row->field[r->by_col]) != ATT_OK)
        return ATT_ENOMEM;
    att_tally *t = tally_of(r->km, r->label.data, err);
    if (!t)
        return ATT_ENOMEM;
    const char *bad;
    size_t len;
    int rc = att_results_parse_latencies(row->field[r->lat_col], 2 * ATT_SCORE_T_MAX, t,
                                         &bad, &len);
    if (rc == ATT_EINPUT)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s: '%.*s' is not seconds above 0 "
                             "('+' after a censored one)", r->path, row->line, r->lat_name,
                             (int)(len > 40 ? 40 : len), bad);
    return rc == ATT_OK ? ATT_OK : att_error_nomem(err);
}

int att_plot_km_add_results(att_km_set *km, const char *path, const char *by,
                            const char *window, const char *prefix, long session,
                            att_error *err)
{
    res_reader r = { .km = km, .path = path, .by = by ? by : "condition",
                     .prefix = prefix ? prefix : "", .session = session };
    snprintf(r.lat_name, sizeof r.lat_name, "%s.latencies", window ? window : "all");
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return ATT_EINPUT;
    int rc = att_csv_read(fp, path, ATT_CSV_REQUIRE_EOL | ATT_CSV_RESULTS, res_row, &r, err);
    if (fp != stdin)
        fclose(fp);
    att_buf_free(&r.label);
    if (rc == ATT_OK && !r.header_done)
        rc = att_error_set(err, ATT_EINPUT, "%s: empty file: not a results file of attune "
                           "batch", path);
    return rc;
}

/* ---- the curves ---- */

static int fill_curve(att_plot_km_curve *c, const att_tally *t, att_error *err)
{
    size_t n = att_tally_size(t);
    c->n = n;
    size_t m = n ? n : 1;
    /* zeroed: an empty tally copies nothing into them, and a whole-program
     * (LTO) build warns of them read uninitialised through const pointers */
    c->times = calloc(m, sizeof *c->times);
    c->surv = calloc(m, sizeof *c->surv);
    c->gw = calloc(m, sizeof *c->gw);
    c->lower = calloc(m, sizeof *c->lower);
    c->upper = calloc(m, sizeof *c->upper);
    c->events = calloc(m, sizeof *c->events);
    c->censored = calloc(m, sizeof *c->censored);
    if (!c->times || !c->surv || !c->gw || !c->lower || !c->upper || !c->events
        || !c->censored)
        return att_error_nomem(err);
    if (n) {   /* an empty tally's arrays may be NULL */
        memcpy(c->times, att_tally_times(t), n * sizeof *c->times);
        memcpy(c->events, att_tally_events(t), n * sizeof *c->events);
        memcpy(c->censored, att_tally_censored(t), n * sizeof *c->censored);
    }
    att_km_curve(c->times, c->events, c->censored, n, c->surv, c->gw);
    for (size_t i = 0; i < n; i++)
        att_km_band(c->surv[i], c->gw[i], ATT_SCORE_CONF, &c->lower[i], &c->upper[i]);
    return att_km_summarise(c->times, c->events, c->censored, n, ATT_SCORE_WITHIN_S,
                            ATT_SCORE_CUTOFF_S, ATT_SCORE_CONF, &c->sum, err);
}

int att_plot_km_finish(att_km_set *km, att_error *err)
{
    for (size_t i = 0; i < km->n; i++) {
        int rc = fill_curve(&km->c[i], km->t[i], err);
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

size_t att_plot_km_count(const att_km_set *km)
{
    return km->n;
}

const att_plot_km_curve *att_plot_km_curve_at(const att_km_set *km, size_t i)
{
    return i < km->n ? &km->c[i] : NULL;
}

long att_plot_km_at_risk(const att_plot_km_curve *c, double t)
{
    long n = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->times[i] >= t)
            n += c->events[i] + c->censored[i];
    return n;
}

double att_plot_km_surv(const att_plot_km_curve *c, double t)
{
    double s = 1;
    for (size_t i = 0; i < c->n && c->times[i] <= t; i++)
        s = c->surv[i];
    if (c->n && t > c->times[c->n - 1] && s > 0)
        return NAN;
    return s;
}
