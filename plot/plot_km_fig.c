/* The figure of `attune plot km`: Kaplan-Meier curves of repair latency
 * (plot/plot_km.c computes them as `score` does) drawn as survminer draws
 * them: steps with their 95% log-log bands, censored ruptures as ticks, the
 * median marked, and the number at risk at each tick under the axis. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/buf.h"
#include "attune/plot.h"
#include "base/csvread.h"
#include "plot/plot_data.h"

#define Y_TITLE "share not yet repaired"
#define MAXN_X 8   /* ticks of the time axis, and columns of the risk table */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* 1 for a ruptures file, 2 for batch results, by the first line. */
static int file_kind(const char *path, att_error *err)
{
    if (strcmp(path, "-") == 0)
        return att_error_set(err, ATT_EINPUT, "km reads its files by name, not from standard "
                             "input"), -1;
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return -1;
    char line[4096] = "";
    if (!fgets(line, sizeof line, fp))
        line[0] = 0;
    fclose(fp);
    if (!line[0])
        return att_error_set(err, ATT_EINPUT, "%s: empty file: give a ruptures file (attune "
                             "score --ruptures) or batch results", path), -1;
    if (strstr(line, "latency_s") && strstr(line, "censored"))
        return 1;
    if (strncmp(line, "experiment,", 11) == 0)
        return 2;
    return att_error_set(err, ATT_EINPUT, "%s:1: neither a ruptures file (attune score "
                         "--ruptures) nor batch results (attune batch)", path), -1;
}

/* The name of the curves of file `path`, window `w`, into *label: for
 * batch results the prefix of their groups' names.  Built whole: a name cut
 * short could merge two curves, or end mid-character. */
static int curve_label(att_buf *label, int results, const char *name, const char *w,
                       int many_files, int many_windows, const att_plot_opts *o,
                       att_error *err)
{
    if (results)
        return att_buf_printf(label, err, "%s%s%s%s", many_files ? name : "",
                              many_files ? ": " : "", many_windows ? w : "",
                              many_windows ? ": " : "");
    if (many_files && many_windows)
        return att_buf_printf(label, err, "%s: %s", name, w);
    return att_buf_str(label, many_windows ? w : o->run && !many_files ? o->run : name, err);
}

/* Adds file `path`, window `w`, to the curves. */
static int add_file(att_km_set *km, const char *path, const char *w, int many_files,
                    int many_windows, const att_plot_select *s, const att_plot_opts *o,
                    att_error *err)
{
    int kind = file_kind(path, err);
    if (kind < 0)
        return err ? err->code : ATT_EINPUT;
    char name[256];   /* a file's name: at most 255 bytes (NAME_MAX) */
    snprintf(name, sizeof name, "%s", base_name(path));
    size_t len = strlen(name);
    if (len > 4 && strcmp(name + len - 4, ".csv") == 0)
        name[len - 4] = 0;   /* a curve is named after its file, less .csv */
    if (kind == 2 && o->run)
        return att_error_set(err, ATT_EINPUT, "%s: --run picks a run of a ruptures file; this is "
                             "batch results (--by groups them)", path);
    if (kind != 2 && o->session > 0)
        return att_error_set(err, ATT_EINPUT, "%s: --session picks a session of batch results; "
                             "this is a ruptures file", path);
    att_buf label = { 0 };
    int rc = curve_label(&label, kind == 2, name, w, many_files, many_windows, o, err);
    if (rc == ATT_OK)
        rc = kind == 2 ? att_plot_km_add_results(km, path, s->by, w, label.data ? label.data : "",
                                                 o->session, err)
                       : att_plot_km_add_ruptures(km, path, label.data ? label.data : "", w, o->run,
                                                   err);
    att_buf_free(&label);
    return rc;
}

static int load(const char *const *files, size_t nfiles, const att_plot_select *s,
                const att_plot_opts *o, att_km_set *km, att_error *err)
{
    const char *windows = s->window && *s->window ? s->window : "all";
    int many_windows = strchr(windows, ',') != NULL;
    int rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < nfiles; i++) {
        char *copy = strdup(windows), *save = NULL;   /* strtok_r writes into it */
        if (!copy)
            return att_error_nomem(err);
        for (char *w = strtok_r(copy, ",", &save); rc == ATT_OK && w;
             w = strtok_r(NULL, ",", &save))
            rc = add_file(km, files[i], w, nfiles > 1, many_windows, s, o, err);
        free(copy);
    }
    if (rc == ATT_OK)
        rc = att_plot_km_finish(km, err);
    long total = 0;
    for (size_t i = 0; rc == ATT_OK && i < att_plot_km_count(km); i++)
        total += att_plot_km_curve_at(km, i)->sum.n;
    if (rc == ATT_OK && total == 0)
        rc = att_error_set(err, ATT_EINPUT, "%s: no ruptures to draw (window %s%s%s)",
                           files[0], windows, o->run ? ", run " : "", o->run ? o->run : "");
    return rc;
}

/* One curve: band, steps, censoring ticks, the median. */
static int draw_curve(const att_axes *a, const att_plot_km_curve *c, att_rgb col, int dash)
{
    size_t n = c->n;
    for (size_t i = 0; i + 1 < n; i++)
        if (!isnan(c->lower[i]) && !isnan(c->upper[i]))
            att_fig_rect(a, c->times[i], c->times[i + 1], c->lower[i], c->upper[i], col, 0.18);
    double *x = malloc((2 * n + 1) * sizeof *x), *y = malloc((2 * n + 1) * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return ATT_ENOMEM;
    }
    x[0] = 0, y[0] = 1;
    for (size_t i = 0; i < n; i++) {
        x[2 * i + 1] = c->times[i], y[2 * i + 1] = i ? c->surv[i - 1] : 1;
        x[2 * i + 2] = c->times[i], y[2 * i + 2] = c->surv[i];
    }
    att_plot_path(a, x, y, 2 * n + 1, col, 2, dash);
    free(x);
    free(y);
    double tick = 4 * (a->y1 - a->y0) / a->ph;
    for (size_t i = 0; i < n; i++)
        if (c->censored[i] > 0)
            att_plot_segment(a, c->times[i], c->surv[i] - tick, c->times[i], c->surv[i] + tick,
                             col, 1.4, 0);
    if (!isnan(c->sum.median)) {
        att_plot_segment(a, c->sum.median, 0.5, c->sum.median, a->y0, col, 1, 1);
        att_plot_marker(a, c->sum.median, 0.5, 3.5, col);
    }
    return ATT_OK;
}

/* Where the figure's parts go, in points: the legend at (px, legend_y),
 * legend_w wide; the panel at (px, top), pw x ph; the table's names from
 * `left`, its header at table_y; `widest` the widest number at risk. */
typedef struct layout {
    att_legend_item *items;   /* one per curve */
    char **text;              /* their labels */
    size_t n;
    double left, legend_y, legend_w, px, top, pw, ph, table_y, widest;
    double name_w;            /* the table's names cut to this width */
} layout;

/* A no-break space: a legend entry wraps between its numbers, not in one */
#define NBSP "\u00a0"
#define LEFT 10.0      /* the table's names */
#define AXIS_H 44.0    /* under the panel: tick numbers and the axis title */
#define ROW (ATT_FIG_FONT_SMALL * 1.45)   /* a row of the table */
/* A name of the table wider than max(NAME_LEAST, NAME_SHARE of the
 * figure's width) is cut with an ellipsis (its colour and the legend name
 * its curve), so the names hold the panel's left at about a third of the
 * width at most */
#define NAME_LEAST 72.0
#define NAME_SHARE 0.25
/* A legend entry's least width (att_fig_fit_lines_least) at most: a name
 * longer is cut in the legend too (a name with no space cannot wrap) */
#define LEGEND_MOST 324.0

/* The number at risk at each tick of the time axis (nt of them), one row
 * per curve. */
static void risk_table(const att_axes *a, const att_km_set *km, const layout *L, int nt)
{
    att_fig *f = a->fig;
    double t[64], step;
    nt = att_fig_ticks(a->x0, a->x1, nt, t, 64, &step);
    att_fig_text(f, L->left, L->table_y, "Number at risk", ATT_FIG_FONT_SMALL, -1, -1, 0,
                 att_palette[ATT_BLACK]);
    for (size_t i = 0; i < att_plot_km_count(km); i++) {
        const att_plot_km_curve *c = att_plot_km_curve_at(km, i);
        double y = L->table_y + ROW * (double)(i + 1) + ROW / 2;
        char name[640];
        att_fig_cut_text(f, c->label, ATT_FIG_FONT_SMALL, L->name_w, name, sizeof name);
        att_fig_text(f, L->left, y, name, ATT_FIG_FONT_SMALL, -1, 0, 0, att_plot_colour(i));
        for (int k = 0; k < nt; k++) {
            char buf[32];
            snprintf(buf, sizeof buf, "%ld", att_plot_km_at_risk(c, t[k]));
            att_fig_text(f, att_axes_x(a, t[k]), y, buf, ATT_FIG_FONT_SMALL, 0, 0, 0,
                         att_plot_colour(i));
        }
    }
}

/* The width of curve c's most at risk, at time 0. */
static double at_risk_width(att_fig *f, const att_plot_km_curve *c)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", att_plot_km_at_risk(c, 0));
    return att_fig_text_width(f, buf, ATT_FIG_FONT_SMALL);
}

/* The room for the table's names in a figure W points wide. */
static double name_room(double W)
{
    return fmax(NAME_LEAST, NAME_SHARE * W);
}

/* The panel's left in a figure W points wide: right of the table's names
 * (cut to name_room), with each row's first number (centred on the
 * panel's left) clear of its name. */
static double panel_left(att_fig *f, const att_km_set *km, layout *L, double W)
{
    double px = fmax(62, LEFT + att_fig_text_width(f, "Number at risk", ATT_FIG_FONT_SMALL) + 10);
    L->widest = 0;
    L->name_w = name_room(W);
    for (size_t i = 0; i < att_plot_km_count(km); i++) {
        const att_plot_km_curve *c = att_plot_km_curve_at(km, i);
        double name = fmin(att_fig_text_width(f, c->label, ATT_FIG_FONT_SMALL), L->name_w);
        double num = at_risk_width(f, c);
        L->widest = fmax(L->widest, num);
        px = fmax(px, fmax(LEFT + name + 10, LEFT + name + num / 2 + ATT_FIG_TICK_GAP));
    }
    return px;
}

/* The least W with W >= c + min(n, name_room(W)): a name n points wide
 * whole, cut at NAME_LEAST, or cut at NAME_SHARE of W (W - name_room(W)
 * grows with W, so the first that holds is the least). */
static double least_beside(double c, double n)
{
    if (n <= NAME_LEAST)
        return c + n;
    if (NAME_SHARE * (c + NAME_LEAST) <= NAME_LEAST)
        return c + NAME_LEAST;
    double w = c / (1 - NAME_SHARE);
    return NAME_SHARE * w <= n ? w : c + n;
}

/* The least width of a figure whose panel's left needs `b` points right
 * of it: every row's name (cut as the width allows) and first number,
 * and the header, left of the panel. */
static double least_width(att_fig *f, const att_km_set *km, double b)
{
    double least = fmax(62, LEFT + att_fig_text_width(f, "Number at risk", ATT_FIG_FONT_SMALL)
                                + 10) + b;
    for (size_t i = 0; i < att_plot_km_count(km); i++) {
        const att_plot_km_curve *c = att_plot_km_curve_at(km, i);
        double num = at_risk_width(f, c);
        least = fmax(least, least_beside(LEFT + fmax(10, num / 2 + ATT_FIG_TICK_GAP) + b,
                                         att_fig_text_width(f, c->label, ATT_FIG_FONT_SMALL)));
    }
    return least;
}

/* Curve c's legend entry, "NAME: n = N, median M" (the interval score
 * gives), to *out (malloc'd), its name cut to `w` points at
 * ATT_FIG_LEGEND_LEAST (w < 0: whole).  ATT_ENOMEM. */
static int legend_text(att_fig *f, const att_plot_km_curve *c, double w, char **out,
                       att_error *err)
{
    const char *form = "%s: n" NBSP "=" NBSP "%ld, median %s";
    char med[96] = "not reached", hi[32] = "-", name[640];
    if (!isnan(c->sum.median_hi))
        snprintf(hi, sizeof hi, "%.3g", c->sum.median_hi);
    if (!isnan(c->sum.median))
        snprintf(med, sizeof med, "%.3g" NBSP "s [%.3g," NBSP "%s]", c->sum.median,
                 c->sum.median_lo, hi);
    if (w >= 0)
        att_fig_cut_text(f, c->label, ATT_FIG_LEGEND_LEAST, w, name, sizeof name);
    const char *s = w >= 0 ? name : c->label;
    free(*out);
    *out = NULL;
    int len = snprintf(NULL, 0, form, s, c->sum.n, med);
    if (len < 0 || !(*out = malloc((size_t)len + 1)))
        return att_error_nomem(err);
    snprintf(*out, (size_t)len + 1, form, s, c->sum.n, med);
    return ATT_OK;
}

/* Curve c's legend entry whose least width is LEGEND_MOST at most: whole
 * when it is, else with its name cut to the longest that is. */
static int legend_entry(att_fig *f, const att_plot_km_curve *c, char **out, att_error *err)
{
    int rc = legend_text(f, c, -1, out, err);
    if (rc != ATT_OK || att_fig_fit_lines_least(f, *out, ATT_FIG_LEGEND_LEAST) <= LEGEND_MOST)
        return rc;
    double lo = 0, hi = att_fig_text_width(f, c->label, ATT_FIG_LEGEND_LEAST);
    while (hi - lo > 0.5) {   /* lo holds, hi does not */
        double mid = (lo + hi) / 2;
        if ((rc = legend_text(f, c, mid, out, err)) != ATT_OK)
            return rc;
        if (att_fig_fit_lines_least(f, *out, ATT_FIG_LEGEND_LEAST) <= LEGEND_MOST)
            lo = mid;
        else
            hi = mid;
    }
    return legend_text(f, c, lo, out, err);
}

/* The legend: each curve with its n and median.  ATT_ENOMEM. */
static int legend_items(att_fig *f, const att_km_set *km, layout *L, att_error *err)
{
    L->n = att_plot_km_count(km);
    L->items = calloc(L->n ? L->n : 1, sizeof *L->items);
    L->text = calloc(L->n ? L->n : 1, sizeof *L->text);
    if (!L->items || !L->text)
        return att_error_nomem(err);
    for (size_t i = 0; i < L->n; i++) {
        if (legend_entry(f, att_plot_km_curve_at(km, i), &L->text[i], err) != ATT_OK)
            return ATT_ENOMEM;
        L->items[i] = (att_legend_item){ L->text[i], att_plot_colour(i), ATT_LEGEND_LINE,
                                         att_plot_dash(i) };
    }
    return ATT_OK;
}

static void free_layout(layout *L)
{
    for (size_t i = 0; L->text && i < L->n; i++)
        free(L->text[i]);
    free(L->text);
    free(L->items);
}

/* Lays the figure out on its size; ATT_EINPUT (att_fig_room) when the size
 * given cannot hold the legend uncut, the table, its numbers apart and a
 * panel of its least; a default width or height too small grows to the
 * least. */
typedef struct {
    layout *L;
    const att_km_set *km;
    double legend_least, least_h, right, least_w;
    int cut;   /* a name is wider than NAME_LEAST: cut in some width */
} km_place;

static int place(att_fig *f, void *ctx, att_error *err)
{
    km_place *c = ctx;
    layout *L = c->L;
    double W = att_fig_width(f), H = att_fig_height(f);
    L->px = panel_left(f, c->km, L, W);
    L->legend_y = att_fig_top(f) + 2;
    L->legend_w = W - L->px - 16;
    L->top = L->legend_y + att_fig_legend_height(f, L->legend_w, L->items, L->n,
                                                 ATT_FIG_FONT_SMALL) + 10;
    double table = ROW * (double)(L->n + 1) + 8;
    L->pw = W - L->px - c->right;
    L->ph = H - L->top - AXIS_H - table;
    L->table_y = L->top + L->ph + AXIS_H;
    double need_w = fmax(L->px + c->right + c->least_w, L->px + 16 + c->legend_least);
    if (c->cut)   /* the panel's left moves with the width: the least of all */
        need_w = least_width(f, c->km, fmax(c->right + c->least_w, 16 + c->legend_least));
    if (att_fig_room(f, "km", need_w, H - L->ph + c->least_h, err) != ATT_OK)
        return ATT_EINPUT;
    return ATT_OK;
}

static int lay_out(att_fig *f, const att_km_set *km, layout *L, att_error *err)
{
    L->left = LEFT;
    panel_left(f, km, L, att_fig_width(f));   /* L->widest */
    km_place c = { L, km, att_fig_legend_least(f, L->items, L->n, ATT_FIG_FONT_SMALL),
                   /* the turned axis title lies along the panel, within it */
                   fmax(ATT_FIG_LEAST_PANEL, att_fig_text_width(f, Y_TITLE, ATT_FIG_FONT_SMALL)),
                   fmax(20, L->widest / 2 + 4),   /* the last column's numbers inside */
                   fmax(ATT_FIG_LEAST_PANEL, L->widest + ATT_FIG_TICK_GAP), 0 };
    for (size_t i = 0; i < att_plot_km_count(km); i++)
        c.cut |= att_fig_text_width(f, att_plot_km_curve_at(km, i)->label, ATT_FIG_FONT_SMALL)
                 > NAME_LEAST;
    return att_fig_lay_out(f, place, &c, err);
}

static int draw(att_fig *f, const att_km_set *km, const att_plot_opts *o, att_error *err)
{
    size_t n = att_plot_km_count(km);
    double xmax = 0;
    for (size_t i = 0; i < n; i++) {
        const att_plot_km_curve *c = att_plot_km_curve_at(km, i);
        xmax = c->n ? fmax(xmax, c->times[c->n - 1]) : xmax;
    }
    xmax = isnan(o->to) ? xmax : o->to;
    layout L = { 0 };
    int rc = legend_items(f, km, &L, err);
    if (rc == ATT_OK)
        rc = lay_out(f, km, &L, err);
    if (rc != ATT_OK) {
        free_layout(&L);
        return rc;
    }
    att_fig_legend(f, L.px, L.legend_y, L.legend_w, L.items, L.n, ATT_FIG_FONT_SMALL);
    att_axes a;
    att_axes_init(&a, f, L.px, L.top, L.pw, L.ph, 0, xmax > 0 ? xmax : 1, 0, 1);
    for (int k = 1; k <= 4; k++)   /* light grid at quarters */
        att_plot_segment(&a, 0, k * 0.25, a.x1, k * 0.25, att_light_grey, 0.6, 0);
    for (size_t i = 0; i < n && rc == ATT_OK; i++)
        if (draw_curve(&a, att_plot_km_curve_at(km, i), att_plot_colour(i), att_plot_dash(i))
            != ATT_OK)
            rc = att_error_nomem(err);
    /* the table's columns are the axis' ticks: as many as keep both apart */
    int nt = att_axes_fit_x(&a, MAXN_X, L.widest);
    att_axes_draw_x(&a, nt > 0 ? nt : 2, 1, "time to repair (s)");
    att_axes_draw_y(&a, 6, Y_TITLE);
    risk_table(&a, km, &L, nt > 0 ? nt : 2);
    free_layout(&L);
    return rc;
}

int att_plot_km(const char *const *files, size_t nfiles, const att_plot_select *s,
                const att_plot_opts *o, FILE *out, att_error *err)
{
    att_error local;
    if (!err)
        err = &local;
    att_plot_select none = { 0 };
    s = s ? s : &none;
    if (nfiles == 0)
        return att_error_set(err, ATT_EINPUT, "km: no file given");
    if (!isnan(o->to) && !(o->to > 0))   /* latencies start at 0 s */
        return att_error_set(err, ATT_EINPUT, "--to %g is not after the start of the time axis, "
                             "0 s", o->to);
    att_km_set *km = att_plot_km_new(err);
    if (!km)
        return ATT_ENOMEM;
    int rc = load(files, nfiles, s, o, km, err);
    att_fig *f = NULL;
    if (rc == ATT_OK && !(f = att_fig_new(o, 8, 5.5, "Time to repair (Kaplan-Meier, 95% band)",
                                          out, err)))
        rc = err->code;
    if (rc == ATT_OK)
        rc = draw(f, km, o, err);
    if (rc == ATT_OK)
        rc = att_fig_finish(f, err);
    else
        att_fig_free(f);
    att_plot_km_free(km);
    return rc;
}
