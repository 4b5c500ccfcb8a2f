/* Draws the trace figure: panels stacked on one time axis, each only when
 * the file has its columns: arousal (lines), the infant's gaze, affect and
 * behaviour (bands), the infant and caregiver codes (strips), and the
 * matched strip with the scorer's ruptures shaded from start to repair
 * (censored ones hatched to the run's end); dashed lines and names mark the
 * phases.  Each panel's legend sits above it. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/tally.h"
#include "plot/figure.h"
#include "plot/plot_trace.h"

#define MAX_PANELS 7
#define MAX_ITEMS 16   /* a strip's values: no more have colours of their own */
#define LEFT 104.0     /* points left of the panels: strip names, arousal ticks */
#define RIGHT 18.0
#define BOTTOM 40.0    /* tick numbers and the time axis' title */
#define PHASE_ROW 14.0
#define PHASE_LEAST 7.0   /* a phase's name is made no smaller, then cut */
#define LEAST_UNIT_OF 3.2   /* the arousal panel's weight: it is the least panel */

enum { P_AROUSAL, P_GAZE, P_AFFECT, P_BEHAVIOUR, P_INFANT, P_CAREGIVER, P_MATCHED };
static const char *const panel_names[] = { "arousal", "gaze", "affect", "behaviour",
                                           "infant code", "caregiver code", "matched" };
/* Which att_ptrace_data category a band panel shows. */
static const int panel_cat[] = { -1, ATT_PT_GAZE, ATT_PT_AFFECT, ATT_PT_BEHAVIOUR, -1, -1, -1 };

typedef struct panel {
    int kind;
    double weight, legend_h;
    att_legend_item items[MAX_ITEMS];
    size_t nitems, nvalues;   /* entries, and the values that wanted one */
    att_rgb colour[256];  /* each value's colour in this strip, distinct from the others' */
    att_axes ax;
} panel;

typedef struct layout {
    att_fig *f;
    const att_ptrace_data *d;
    double x0, x1;        /* the time range drawn */
    size_t i0, i1;        /* rows [i0, i1) overlap it */
    panel p[MAX_PANELS];
    int n;
} layout;

/* Colours that mean the same in every panel and figure. */
enum { C_GREY = -1, C_LIGHT = -2 };
static const struct {
    const char *name;
    int colour;
} named[] = {
    { "positive", ATT_GREEN },       { "monitor", ATT_SKY_BLUE },   { "avert", ATT_YELLOW },
    { "protest", ATT_VERMILLION },   { "withdrawn", ATT_PURPLE },   { "intrusive", ATT_ORANGE },
    { "still", C_GREY },             { "soothe", ATT_BLUE },        { "neutral", C_LIGHT },
    { "negative", ATT_VERMILLION },  { "engage", ATT_GREEN },       { "look-away", ATT_YELLOW },
    { "self-comfort", ATT_PURPLE },  { "protest-fuss", ATT_VERMILLION },
    { "bid-point", ATT_ORANGE },     { "bid-reach", ATT_BLUE },     { "bid-vocalise", ATT_SKY_BLUE },
    { "withdrawal", C_GREY },        { "1", ATT_SKY_BLUE },         { "0", C_LIGHT },
};

/* The colour `name` always has; 0 when it has none. */
static int named_colour(const char *name, att_rgb *c)
{
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++)
        if (strcmp(named[k].name, name) == 0) {
            *c = named[k].colour == C_GREY    ? att_grey
                 : named[k].colour == C_LIGHT ? att_light_grey
                                              : att_palette[named[k].colour];
            return 1;
        }
    return 0;
}

/* A colour lightened as if drawn at `alpha` over white. */
static att_rgb over_white(att_rgb c, double alpha)
{
    return (att_rgb){ 1 - alpha * (1 - c.r), 1 - alpha * (1 - c.g), 1 - alpha * (1 - c.b) };
}

static int same_rgb(att_rgb a, att_rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* The spare colours, all distinct: the seven Okabe-Ito colours, black,
 * the two greys and the seven lightened. */
#define NSPARE (2 * (ATT_NPALETTE - 1) + 3)
_Static_assert(NSPARE > MAX_ITEMS, "a strip of MAX_ITEMS values always finds a spare colour");

/* Spare colour k (< NSPARE) for a value without a colour of its own, or
 * whose colour another value of the strip already has. */
static att_rgb spare_colour(int k)
{
    if (k < ATT_NPALETTE - 1)
        return att_palette[1 + k];
    k -= ATT_NPALETTE - 1;
    if (k < 3)
        return k == 0 ? att_palette[ATT_BLACK] : k == 1 ? att_grey : att_light_grey;
    k -= 3;
    return over_white(att_palette[1 + k % (ATT_NPALETTE - 1)], 0.45);
}

#define RUPTURE_ALPHA 0.35
#define MATCHED_ALPHA 0.35

/* The value panel `kind` shows at row i (-1: none). */
static int value_at(const layout *L, int kind, size_t i)
{
    const att_ptrace_data *d = L->d;
    switch (kind) {
    case P_INFANT: return d->infant[i];
    case P_CAREGIVER: return d->caregiver[i];
    case P_MATCHED: return d->matched[i];
    default: return d->cat[panel_cat[kind]][i];
    }
}

static const char *value_name(const layout *L, int kind, int v)
{
    const att_ptrace_data *d = L->d;
    switch (kind) {
    case P_INFANT: return att_match_table_infant_name(d->mt, v);
    case P_CAREGIVER: return att_match_table_caregiver_name(d->mt, v);
    case P_MATCHED: return v ? "matched" : "mismatched";
    default: return d->cats[panel_cat[kind]].name[v];
    }
}

static att_rgb value_colour(const panel *p, int v)
{
    if (p->kind == P_MATCHED)
        return over_white(att_palette[ATT_GREEN], MATCHED_ALPHA);
    return p->colour[v];
}

/* Gives each value seen in a strip (at most MAX_ITEMS) its colour: first
 * the values with a colour of their own (the first of two that share one
 * keeps it), then the others, each the first spare colour no value of the
 * strip has.  The search ends: spare colour k is passed over only for a
 * colour of a value already coloured, so k stays below the values seen,
 * and NSPARE > MAX_ITEMS. */
static void strip_colours(panel *p, const unsigned char seen[256], const layout *L)
{
    unsigned char done[256] = { 0 };
    att_rgb used[256];
    size_t nused = 0;
    for (int v = 0; v < 256; v++) {
        att_rgb c;
        if (!seen[v] || !named_colour(value_name(L, p->kind, v), &c))
            continue;
        int taken = 0;
        for (size_t u = 0; u < nused; u++)
            taken |= same_rgb(used[u], c);
        if (!taken)
            p->colour[v] = used[nused++] = c, done[v] = 1;
    }
    int k = 0;
    for (int v = 0; v < 256; v++) {
        if (!seen[v] || done[v])
            continue;
        for (;; k++) {
            assert(k < NSPARE);
            att_rgb c = spare_colour(k);
            int taken = 0;
            for (size_t u = 0; u < nused; u++)
                taken |= same_rgb(used[u], c);
            if (!taken)
                break;
        }
        p->colour[v] = used[nused++] = spare_colour(k++);
    }
}

static void add_item(panel *p, const char *label, att_rgb c, int kind)
{
    if (p->nvalues++ >= MAX_ITEMS)   /* refused by place_panels */
        return;
    p->items[p->nitems++] = (att_legend_item){ label, c, kind, ATT_DASH_SOLID };
}

/* A band or strip's legend: the values seen in the rows drawn, in order;
 * none, with nvalues counted, for more than MAX_ITEMS (place_panels
 * refuses the figure before any colour is sought). */
static void band_legend(const layout *L, panel *p)
{
    unsigned char seen[256] = { 0 };
    size_t nseen = 0;
    for (size_t i = L->i0; i < L->i1; i++) {
        int v = value_at(L, p->kind, i);
        if (v >= 0 && v < 256 && !seen[v])
            seen[v] = 1, nseen++;
    }
    if (nseen > MAX_ITEMS) {
        p->nvalues = nseen;
        return;
    }
    if (p->kind != P_MATCHED)
        strip_colours(p, seen, L);
    for (int v = 0; v < 256; v++) {
        if (!seen[v])
            continue;
        const char *name = value_name(L, p->kind, v);
        const char *label = p->kind != P_GAZE ? name
                            : strcmp(name, "1") == 0 ? "at caregiver"
                            : strcmp(name, "0") == 0 ? "away" : name;
        add_item(p, label, value_colour(p, v), ATT_LEGEND_BOX);
    }
}

static void panel_legend(const layout *L, panel *p)
{
    const att_ptrace_data *d = L->d;
    if (p->kind == P_AROUSAL) {
        if (d->has_infant_arousal)
            add_item(p, "infant arousal", att_palette[ATT_BLUE], ATT_LEGEND_LINE);
        if (d->has_caregiver_arousal)
            add_item(p, "caregiver arousal", att_palette[ATT_ORANGE], ATT_LEGEND_LINE);
    } else if (p->kind == P_MATCHED) {
        int repaired = 0, censored = 0;   /* among the ruptures the time range shows */
        for (size_t r = 0; r < d->nruptures; r++)
            if (d->ruptures[r].start < L->x1 && d->ruptures[r].end > L->x0) {
                repaired |= !d->ruptures[r].censored;
                censored |= d->ruptures[r].censored;
            }
        add_item(p, "matched", value_colour(p, 1), ATT_LEGEND_BOX);
        if (repaired)
            add_item(p, "rupture, to its repair",
                     over_white(att_palette[ATT_VERMILLION], RUPTURE_ALPHA), ATT_LEGEND_BOX);
        if (censored)
            add_item(p, "rupture not repaired (censored)", att_palette[ATT_VERMILLION],
                     ATT_LEGEND_HATCH);
    } else
        band_legend(L, p);
}

/* The panels the file's columns allow, with their share of the height. */
static void choose_panels(layout *L)
{
    const att_ptrace_data *d = L->d;
    int want[] = { d->has_infant_arousal || d->has_caregiver_arousal, d->has[ATT_PT_GAZE],
                   d->has[ATT_PT_AFFECT], d->has[ATT_PT_BEHAVIOUR], 1, 1, 1 };
    static const double weight[] = { LEAST_UNIT_OF, 0.7, 0.7, 0.7, 0.9, 0.9, 1.1 };
    L->n = 0;
    for (int k = 0; k < MAX_PANELS; k++)
        if (want[k]) {
            panel *p = &L->p[L->n++];
            *p = (panel){ .kind = k, .weight = weight[k] };
            panel_legend(L, p);
        }
}

/* The least width the panels' legends take uncut. */
static double legend_least(const layout *L)
{
    double least = 0;
    for (int k = 0; k < L->n; k++)
        least = fmax(least, att_fig_legend_least(L->f, L->p[k].items, L->p[k].nitems,
                                                 ATT_FIG_FONT_SMALL));
    return least;
}

/* The panels' legends' heights, and the fixed height (beyond the panels)
 * and the least height the figure needs at its width; ATT_EINPUT (a
 * default width or height too small grown, when ATT_OK) as att_fig_room. */
typedef struct {
    layout *L;
    double *rest, *weights;
} trace_room;

static int room(att_fig *f, void *ctx, att_error *err)
{
    trace_room *c = ctx;
    layout *L = c->L;
    double *rest = c->rest, *weights = c->weights;
    assert(f == L->f);
    double w = att_fig_width(f) - LEFT - RIGHT, fixed = 0;
    *weights = 0;
    for (int k = 0; k < L->n; k++) {
        panel *p = &L->p[k];
        p->legend_h = att_fig_legend_height(f, w, p->items, p->nitems, ATT_FIG_FONT_SMALL);
        fixed += p->legend_h + 6;
        *weights += p->weight;
    }
    double phase_row = L->d->has[ATT_PT_PHASE] ? PHASE_ROW : 0;   /* above the first panel */
    *rest = att_fig_top(f) + BOTTOM + phase_row + fixed;
    return att_fig_room(f, "trace", LEFT + RIGHT + fmax(ATT_FIG_LEAST_PANEL, legend_least(L)),
                        *rest + *weights * ATT_FIG_LEAST_PANEL / LEAST_UNIT_OF, err);
}

/* Places the panels from the top of the figure down to its bottom margin;
 * ATT_EINPUT for a strip of more than MAX_ITEMS values, and when the
 * arousal panel (the weight of LEAST_UNIT_OF) would be
 * lower than a least panel, the strips in proportion. */
static int place_panels(layout *L, att_error *err)
{
    att_fig *f = L->f;
    for (int k = 0; k < L->n; k++)
        if (L->p[k].nvalues > MAX_ITEMS)
            return att_error_set(err, ATT_EINPUT, "the %s strip has %zu values in the time "
                                 "drawn; a strip shows at most %d (each its own colour)",
                                 panel_names[L->p[k].kind], L->p[k].nvalues, MAX_ITEMS);
    double rest = 0, weights = 0;
    trace_room c = { L, &rest, &weights };
    int rc = att_fig_lay_out(f, room, &c, err);
    if (rc != ATT_OK)
        return rc;
    double w = att_fig_width(f) - LEFT - RIGHT;
    double phase_row = L->d->has[ATT_PT_PHASE] ? PHASE_ROW : 0;
    double unit = (att_fig_height(f) - rest) / weights;   /* a default height may have grown */
    double y = att_fig_top(f);
    for (int k = 0; k < L->n; k++) {
        panel *p = &L->p[k];
        double h = p->weight * unit;
        att_fig_legend(f, LEFT, y, w, p->items, p->nitems, ATT_FIG_FONT_SMALL);
        y += p->legend_h + 2 + (k == 0 ? phase_row : 0);
        att_axes_init(&p->ax, f, LEFT, y, w, h, L->x0, L->x1, 0, 1);
        y += h + 4;
    }
    return ATT_OK;
}

/* Run-length rectangles of the panel's values over the rows drawn. */
static void draw_strip(const layout *L, const panel *p)
{
    const att_ptrace_data *d = L->d;
    for (size_t i = L->i0; i < L->i1;) {
        int v = value_at(L, p->kind, i);
        size_t j = i + 1;
        while (j < L->i1 && value_at(L, p->kind, j) == v)
            j++;
        double end = j < d->n ? d->t[j] : d->t_end;
        if (v >= 0 && (p->kind != P_MATCHED || v == 1))
            att_fig_rect(&p->ax, d->t[i], end, 0, 1, value_colour(p, v), 1);
        i = j;
    }
    cairo_t *cr = att_fig_cairo(L->f);
    cairo_set_source_rgb(cr, att_grey.r, att_grey.g, att_grey.b);
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, p->ax.px, p->ax.py, p->ax.pw, p->ax.ph);
    cairo_stroke(cr);
    att_axes_draw_y(&p->ax, 0, panel_names[p->kind]);
}

static void draw_arousal(const layout *L, panel *p)
{
    const att_ptrace_data *d = L->d;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = L->i0; i < L->i1; i++) {
        double v[2] = { d->infant_arousal[i], d->caregiver_arousal[i] };
        for (int k = 0; k < 2; k++)
            if (!isnan(v[k]))
                lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
    }
    if (!(hi >= lo))
        lo = 0, hi = 1;
    p->ax.y0 = fmin(lo, 0);
    p->ax.y1 = hi > p->ax.y0 ? hi : p->ax.y0 + 1;
    att_axes_nice_y(&p->ax, 5);
    if (d->has_caregiver_arousal)
        att_fig_line(&p->ax, d->t, d->caregiver_arousal, d->n, att_palette[ATT_ORANGE], 1.2);
    if (d->has_infant_arousal)
        att_fig_line(&p->ax, d->t, d->infant_arousal, d->n, att_palette[ATT_BLUE], 1.4);
    att_axes_draw_y(&p->ax, 5, "arousal");
}

/* Every rupture of the run: shaded to its repair, or hatched when
 * censored; its latency written in it when there is room. */
static void draw_ruptures(const layout *L, const panel *p)
{
    const att_ptrace_data *d = L->d;
    att_rgb red = att_palette[ATT_VERMILLION];
    for (size_t r = 0; r < d->nruptures; r++) {
        const att_ptrace_rupture *u = &d->ruptures[r];
        if (u->censored)
            att_fig_hatch(&p->ax, u->start, u->end, 0, 1, red);
        else
            att_fig_rect(&p->ax, u->start, u->end, 0, 1, red, RUPTURE_ALPHA);
        char lab[32];
        double lat = u->end - u->start;
        snprintf(lab, sizeof lab, lat >= 100 ? "%.0f%s s" : "%.3g%s s", lat, u->censored ? "+" : "");
        double x0 = att_axes_x(&p->ax, fmax(u->start, L->x0));
        double x1 = att_axes_x(&p->ax, fmin(u->end, L->x1));
        if (x1 - x0 > att_fig_text_width(L->f, lab, 7.5) + 4 && p->ax.ph >= 12)
            att_fig_text(L->f, (x0 + x1) / 2, p->ax.py + p->ax.ph / 2, lab, 7.5, 0, 0, 0,
                         att_palette[ATT_BLACK]);
    }
}

/* A phase's name centred at x over the first panel, in `room` points: at
 * ATT_FIG_FONT, else smaller down to PHASE_LEAST, else cut with an
 * ellipsis; left out when not a character of it fits. */
static void phase_name(att_fig *f, const att_axes *top, double x, const char *name, double room)
{
    double size = ATT_FIG_FONT;
    while (size > PHASE_LEAST && att_fig_text_width(f, name, size) > room)
        size -= 0.5;
    char spare[128];   /* should memory for a copy of the name run out: cut to fit */
    size_t n = strlen(name) + 4;   /* the whole name, or a beginning and its ellipsis */
    char *buf = malloc(n);
    if (!buf)
        buf = spare, n = sizeof spare;
    att_fig_cut_text(f, name, size, room, buf, n);
    if (att_fig_text_width(f, buf, size) <= room && strncmp(buf, "\u2026", 3) != 0 && *buf)
        att_fig_text(f, x, top->py - 3, buf, size, 0, 1, 0, att_grey);
    if (buf != spare)
        free(buf);
}

/* Dashed lines at each phase's start through every panel, and the phase
 * names above the first panel, made smaller or cut where they must be
 * (phase_name). */
static void draw_phases(const layout *L)
{
    const att_ptrace_data *d = L->d;
    const int *ph = d->cat[ATT_PT_PHASE];
    if (!d->has[ATT_PT_PHASE] || !L->n)
        return;
    const att_axes *top = &L->p[0].ax;
    for (size_t i = L->i0; i < L->i1;) {
        size_t j = i + 1;
        while (j < d->n && ph[j] == ph[i])
            j++;
        double end = j < d->n ? d->t[j] : d->t_end;
        if (i > 0 && ph[i] != ph[i - 1])
            for (int k = 0; k < L->n; k++)
                att_fig_vline(&L->p[k].ax, d->t[i], att_grey, 1.0, 1);
        double x0 = att_axes_x(top, fmax(d->t[i], L->x0)), x1 = att_axes_x(top, fmin(end, L->x1));
        const char *name = ph[i] >= 0 ? d->cats[ATT_PT_PHASE].name[ph[i]] : "";
        phase_name(L->f, top, (x0 + x1) / 2, name, x1 - x0 - 6);
        i = j;
    }
}

/* ATT_EINPUT when o->from or o->to lies outside the run [start, end]: a
 * range reaching past the run would draw an empty margin, which reads as
 * time coded with nothing (a coded file's t may be negative, so no sign is
 * refused as such).  The end is the last row's t plus a step, so it is
 * compared in whole microseconds, as the scorer compares times. */
static int range_within_run(const att_ptrace_data *d, const att_plot_opts *o, att_error *err)
{
    double start = d->t[0], end = d->t_end;
    if (!isnan(o->from) && att_us(start - o->from) >= 1)
        return att_error_set(err, ATT_EINPUT, "--from %.9g is before the start of the run, "
                             "%.9g s", o->from, start);
    if (!isnan(o->from) && !(o->from < end))
        return att_error_set(err, ATT_EINPUT, "--from %.9g is not before the end of the run, "
                             "%.9g s", o->from, end);
    if (!isnan(o->to) && att_us(o->to - end) >= 1)
        return att_error_set(err, ATT_EINPUT, "--to %.9g is after the end of the run, %.9g s",
                             o->to, end);
    if (!isnan(o->to) && !(o->to > start))
        return att_error_set(err, ATT_EINPUT, "--to %.9g is not after the start of the run, "
                             "%.9g s", o->to, start);
    return ATT_OK;
}

/* The time range and the rows overlapping it; ATT_EINPUT when none do. */
static int time_range(layout *L, const att_plot_opts *o, att_error *err)
{
    const att_ptrace_data *d = L->d;
    if (!d->n)
        return att_error_set(err, ATT_EINPUT, "run '%s' has no rows", d->run);
    L->x0 = isnan(o->from) ? d->t[0] : o->from;
    L->x1 = isnan(o->to) ? d->t_end : o->to;
    if (!(L->x1 > L->x0) && isnan(o->from) && isnan(o->to))   /* a row with no end */
        return att_error_set(err, ATT_EINPUT, "run '%s' has no length to draw: it starts and "
                             "ends at %.9g s", d->run, L->x0);
    int rc = range_within_run(d, o, err);
    if (rc != ATT_OK)
        return rc;
    if (!(L->x1 > L->x0))   /* both given, each inside the run (the program checks this first) */
        return att_error_set(err, ATT_EINPUT, "--from %.9g must be before --to %.9g", L->x0, L->x1);
    size_t i0 = 0, i1 = d->n;
    while (i0 < d->n && (i0 + 1 < d->n ? d->t[i0 + 1] : d->t_end) <= L->x0)
        i0++;
    while (i1 > i0 && d->t[i1 - 1] >= L->x1)
        i1--;
    if (i1 <= i0)
        return att_error_set(err, ATT_EINPUT, "run '%s' has no rows from %.9g to %.9g s (it runs "
                             "from %.9g to %.9g s)", d->run, L->x0, L->x1, d->t[0], d->t_end);
    L->i0 = i0, L->i1 = i1;
    return ATT_OK;
}

int att_ptrace_draw(const att_ptrace_data *d, const char *name, const att_plot_opts *o, FILE *out,
                   att_error *err)
{
    layout L = { .d = d };
    int rc = time_range(&L, o, err);
    if (rc != ATT_OK)
        return rc;
    char title[600];
    const char *slash = strrchr(name, '/');
    snprintf(title, sizeof title, "%s, run %s", slash ? slash + 1 : name, d->run);
    if (!(L.f = att_fig_new(o, 10, 6, title, out, err)))
        return err ? err->code : ATT_ENOMEM;
    choose_panels(&L);
    if ((rc = place_panels(&L, err)) != ATT_OK) {
        att_fig_free(L.f);
        return rc;
    }
    for (int k = 0; k < L.n; k++) {
        panel *p = &L.p[k];
        if (p->kind == P_AROUSAL)
            draw_arousal(&L, p);
        else
            draw_strip(&L, p);
        if (p->kind == P_MATCHED)
            draw_ruptures(&L, p);
        if (p->kind == P_AROUSAL || k == L.n - 1)
            att_axes_draw_x(&p->ax, 12, k == L.n - 1, "time (s)");
    }
    draw_phases(&L);
    return att_fig_finish(L.f, err);
}
