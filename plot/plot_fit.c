/* The data of `attune plot fit`: the table of `attune fit` read back by
 * its columns' names (plot/plot_fit.h): its parameter, statistic, fit and
 * warning rows, each statistic's 95% band worked out from its variance. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/fitstats.h"
#include "attune/param.h"
#include "base/csvread.h"
#include "base/grow.h"
#include "plot/plot_fit.h"

enum { C_KIND, C_NAME, C_VALUE, C_LO, C_HI, C_OBS, C_SIM, C_VAR, C_Z, NREQUIRED = C_Z + 1,
       C_START = NREQUIRED, C_SE, C_CILO, C_CIHI, C_SEA, C_CIALO, C_CIAHI, C_NOTE, NCOLS };
static const char *const col_names[NCOLS] = {
    "kind", "name", "value", "lo", "hi", "observed", "simulated", "variance", "z",
    "start", "se", "ci_lo", "ci_hi", "se_asym", "ci_asym_lo", "ci_asym_hi", "note"
};

typedef struct fit_reader {
    const char *path;
    att_plot_fit_data *d;
    int col[NCOLS], nfields, header_done;
    long last_line;
    size_t cap_stat, cap_param, cap_panel, cap_window, cap_fit, cap_fitv, cap_warn;
} fit_reader;

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

void att_plot_fit_free(att_plot_fit_data *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nstat; i++) {
        free(d->stat[i].window);
        free(d->stat[i].name);
    }
    for (size_t i = 0; i < d->nparam; i++)
        free(d->param[i].name);
    free(d->stat);
    free(d->param);
    free_strings(d->panels, d->npanels);
    free_strings(d->windows, d->nwindows);
    free_strings(d->fit_name, d->nfit);
    free(d->fit_value);
    free_strings(d->warn, d->nwarn);
    *d = (att_plot_fit_data){ 0 };
}

double att_plot_fit_figure(const att_plot_fit_data *d, const char *name)
{
    for (size_t i = 0; i < d->nfit; i++)
        if (strcmp(d->fit_name[i], name) == 0)
            return d->fit_value[i];
    return NAN;
}

static int header(fit_reader *r, const att_csv_row *row, att_error *err)
{
    int twice = att_csv_find_columns(row, col_names, NCOLS, r->col);
    if (twice >= 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: column %s named twice", r->path,
                             row->line, col_names[twice]);
    if (row->n > 0 && row->field[0][0] == '{')   /* attune fit --format json */
        return att_error_set(err, ATT_EINPUT, "%s:%ld: JSON: attune plot fit draws the CSV "
                             "table (attune fit's default --format csv)", r->path, row->line);
    if (r->col[C_KIND] < 0 || r->col[C_OBS] < 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: not a fit table of attune fit (no "
                             "column %s)", r->path, row->line,
                             col_names[r->col[C_KIND] < 0 ? C_KIND : C_OBS]);
    for (int c = 0; c < NREQUIRED; c++)
        if (r->col[c] < 0)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: no column %s: a fit table of "
                                 "attune fit has it", r->path, row->line, col_names[c]);
    r->nfields = row->n;
    r->header_done = 1;
    return ATT_OK;
}

/* Column c of the row as a number: NaN for no column, an empty field or
 * NA. */
static int number(const fit_reader *r, const att_csv_row *row, int c, double *x, att_error *err)
{
    *x = NAN;
    if (r->col[c] < 0)
        return ATT_OK;
    const char *s = row->field[r->col[c]];
    if (!*s || strcmp(s, "NA") == 0)
        return ATT_OK;
    int bad = att_parse_double(s, x);
    if (bad)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s '%s' %s", r->path, row->line,
                             col_names[c], s, att_number_problem(bad));
    return ATT_OK;
}

/* The index of `s` in the list (*list, *n), added when new. */
static int index_of(char ***list, size_t *n, size_t *cap, const char *s, size_t *at,
                    att_error *err)
{
    for (*at = 0; *at < *n; (*at)++)
        if (strcmp((*list)[*at], s) == 0)
            return ATT_OK;
    if (att_grow(list, cap, *n + 1, sizeof **list, err) != ATT_OK)
        return ATT_ENOMEM;
    if (!((*list)[*n] = strdup(s)))
        return att_error_nomem(err);
    (*n)++;
    return ATT_OK;
}

/* 1 when the statistic WINDOW.NAME is a share (its values lie in [0, 1];
 * att_fitstat_is_share). */
static int is_share(const char *name)
{
    const char *dot = strrchr(name, '.');
    int stat = att_fitstat_find(dot ? dot + 1 : name);
    return stat >= 0 && att_fitstat_is_share((att_fitstat)stat);
}

static int stat_numbers(const fit_reader *r, const att_csv_row *row, att_plot_fit_stat *s,
                        att_error *err)
{
    const char *name = row->field[r->col[C_NAME]];
    int rc = number(r, row, C_OBS, &s->observed, err);
    if (rc == ATT_OK)
        rc = number(r, row, C_SIM, &s->simulated, err);
    if (rc == ATT_OK)
        rc = number(r, row, C_VAR, &s->variance, err);
    if (rc == ATT_OK)
        rc = number(r, row, C_Z, &s->z, err);
    if (rc != ATT_OK)
        return rc;
    if (isnan(s->observed))
        return att_error_set(err, ATT_EINPUT, "%s:%ld: statistic %s has no observed value",
                             r->path, row->line, name);
    if (!(s->variance > 0) || isinf(s->variance))
        return att_error_set(err, ATT_EINPUT, "%s:%ld: statistic %s: the variance must be a "
                             "number above 0", r->path, row->line, name);
    if (isnan(s->z) && !isnan(s->simulated))
        s->z = (s->observed - s->simulated) / sqrt(s->variance);
    double half = ATT_PLOT_FIT_BAND * sqrt(s->variance);
    s->lo = s->observed - half;
    s->hi = s->observed + half;
    if (is_share(name)) {   /* a share cannot leave [0, 1], nor can its band */
        s->lo = fmax(s->lo, 0);
        s->hi = fmin(s->hi, 1);
    }
    s->flagged = fabs(s->z) > ATT_PLOT_FIT_Z;
    return ATT_OK;
}

static int stat_row(fit_reader *r, const att_csv_row *row, att_error *err)
{
    att_plot_fit_data *d = r->d;
    const char *name = row->field[r->col[C_NAME]];
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name || !dot[1])
        return att_error_set(err, ATT_EINPUT, "%s:%ld: statistic '%s' is not WINDOW.NAME",
                             r->path, row->line, name);
    for (size_t i = 0; i < d->nstat; i++)
        if (strlen(d->stat[i].window) == (size_t)(dot - name)
            && strncmp(d->stat[i].window, name, (size_t)(dot - name)) == 0
            && strcmp(d->stat[i].name, dot + 1) == 0)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: statistic %s given twice",
                                 r->path, row->line, name);
    if (att_grow(&d->stat, &r->cap_stat, d->nstat + 1, sizeof *d->stat, err) != ATT_OK)
        return ATT_ENOMEM;
    att_plot_fit_stat *s = &d->stat[d->nstat];
    *s = (att_plot_fit_stat){ .window = strndup(name, (size_t)(dot - name)),
                              .name = strdup(dot + 1) };
    d->nstat++;
    if (!s->window || !s->name)
        return att_error_nomem(err);
    int rc = stat_numbers(r, row, s, err);
    if (rc == ATT_OK)
        rc = index_of(&d->panels, &d->npanels, &r->cap_panel, s->name, &s->panel, err);
    if (rc == ATT_OK)
        rc = index_of(&d->windows, &d->nwindows, &r->cap_window, s->window, &s->slot, err);
    return rc;
}

static int param_row(fit_reader *r, const att_csv_row *row, att_error *err)
{
    att_plot_fit_data *d = r->d;
    if (att_grow(&d->param, &r->cap_param, d->nparam + 1, sizeof *d->param, err) != ATT_OK)
        return ATT_ENOMEM;
    att_plot_fit_param *p = &d->param[d->nparam];
    *p = (att_plot_fit_param){ .name = strdup(row->field[r->col[C_NAME]]) };
    d->nparam++;
    if (!p->name)
        return att_error_nomem(err);
    const int cols[] = { C_VALUE, C_START, C_LO, C_HI, C_SE, C_CILO, C_CIHI, C_SEA, C_CIALO,
                         C_CIAHI };
    double *dst[] = { &p->value, &p->start, &p->lo, &p->hi, &p->se, &p->ci_lo, &p->ci_hi,
                      &p->se_asym, &p->ci_asym_lo, &p->ci_asym_hi };
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        if (number(r, row, cols[i], dst[i], err) != ATT_OK)
            return ATT_EINPUT;
    d->has_boot |= !isnan(p->ci_lo) && !isnan(p->ci_hi);
    d->has_asym |= !isnan(p->ci_asym_lo) && !isnan(p->ci_asym_hi);
    return ATT_OK;
}

static int fit_row(fit_reader *r, const att_csv_row *row, att_error *err)
{
    att_plot_fit_data *d = r->d;
    double v;
    if (number(r, row, C_VALUE, &v, err) != ATT_OK)
        return ATT_EINPUT;
    if (att_grow(&d->fit_name, &r->cap_fit, d->nfit + 1, sizeof *d->fit_name, err) != ATT_OK
        || att_grow(&d->fit_value, &r->cap_fitv, d->nfit + 1, sizeof *d->fit_value, err)
               != ATT_OK)
        return ATT_ENOMEM;
    if (!(d->fit_name[d->nfit] = strdup(row->field[r->col[C_NAME]])))
        return att_error_nomem(err);
    d->fit_value[d->nfit++] = v;
    return ATT_OK;
}

static int warn_row(fit_reader *r, const att_csv_row *row, att_error *err)
{
    att_plot_fit_data *d = r->d;
    const char *note = r->col[C_NOTE] >= 0 ? row->field[r->col[C_NOTE]] : "";
    if (att_grow(&d->warn, &r->cap_warn, d->nwarn + 1, sizeof *d->warn, err) != ATT_OK)
        return ATT_ENOMEM;
    size_t len = strlen(row->field[r->col[C_NAME]]) + strlen(note) + 3;
    char *s = malloc(len);
    if (!s)
        return att_error_nomem(err);
    snprintf(s, len, "%s%s%s", row->field[r->col[C_NAME]], *note ? ": " : "", note);
    d->warn[d->nwarn++] = s;
    return ATT_OK;
}

static int row_fn(const att_csv_row *row, void *user, att_error *err)
{
    fit_reader *r = user;
    r->last_line = row->line;
    if (!r->header_done)
        return header(r, row, err);
    if (row->n != r->nfields)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %d fields, the header has %d", r->path,
                             row->line, row->n, r->nfields);
    const char *kind = row->field[r->col[C_KIND]];
    if (strcmp(kind, "statistic") == 0)
        return stat_row(r, row, err);
    if (strcmp(kind, "parameter") == 0)
        return param_row(r, row, err);
    if (strcmp(kind, "fit") == 0)
        return fit_row(r, row, err);
    if (strcmp(kind, "warning") == 0)
        return warn_row(r, row, err);
    return ATT_OK;   /* a kind of row this figure does not draw */
}

int att_plot_fit_load(const char *path, att_plot_fit_data *out, att_error *err)
{
    *out = (att_plot_fit_data){ 0 };
    fit_reader r = { .path = path, .d = out };
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return ATT_EINPUT;
    int rc = att_csv_read(fp, path, ATT_CSV_REQUIRE_EOL, row_fn, &r, err);
    if (fp != stdin)
        fclose(fp);
    if (rc == ATT_OK && !r.header_done)
        rc = att_error_set(err, ATT_EINPUT, "%s: empty file: give the table of attune fit",
                           path);
    else if (rc == ATT_OK && out->nstat == 0)
        rc = att_error_set(err, ATT_EINPUT, "%s:%ld: no statistic rows: nothing to draw (the "
                           "table of attune fit has one per statistic fitted)", path,
                           r.last_line);
    return rc;
}
