/* The figure: a cairo surface of a size in inches written as PNG, SVG or
 * PDF, and what every kind of plot draws on it: axes with nice ticks and
 * labelled units, lines (reduced to min/max per pixel column), bands,
 * hatched rectangles, text and legends, in the Okabe-Ito palette.
 * Internal to the library (not installed).
 *
 * Coordinates: the figure is drawn in points (1/72 inch) from its top left
 * corner, in every format (PNG is scaled by dpi/72).  An att_axes maps data
 * to points inside its panel rectangle.  Drawing calls cannot fail one by
 * one: cairo keeps the first error, and att_fig_finish reports it. */
#ifndef ATT_PLOT_FIGURE_H
#define ATT_PLOT_FIGURE_H

#include <stddef.h>
#include <stdio.h>
#include <cairo.h>
#include "attune/error.h"
#include "attune/plot.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

typedef struct att_rgb {
    double r, g, b;
} att_rgb;

/* Okabe and Ito's colour-blind-safe palette, in their order. */
enum {
    ATT_BLACK, ATT_ORANGE, ATT_SKY_BLUE, ATT_GREEN, ATT_YELLOW, ATT_BLUE, ATT_VERMILLION,
    ATT_PURPLE, ATT_NPALETTE
};
extern const att_rgb att_palette[ATT_NPALETTE];
extern const att_rgb att_grey;        /* axes, phase lines */
extern const att_rgb att_light_grey;  /* a band with no code */

/* Font sizes in points, at the default figure size (slide-readable). */
#define ATT_FIG_FONT 11.0
#define ATT_FIG_FONT_SMALL 9.5
#define ATT_FIG_FONT_TITLE 13.0

typedef struct att_fig att_fig;

/* A figure of o->width x o->height inches (def_w x def_h when 0), o->dpi,
 * in o->format, written to `out` by att_fig_finish.  The background is
 * white; o->title (or def_title when o->title is NULL) is drawn at the
 * top.  NULL with err filled (ATT_EINPUT for options att_plot_opts_check
 * refuses, ATT_ENOMEM). */
att_fig *att_fig_new(const att_plot_opts *o, double def_w, double def_h, const char *def_title,
                     FILE *out, att_error *err);

/* Writes the figure to its stream and frees it (every case).  ATT_EIO when
 * cairo failed or a write failed ("write error: REASON"); ATT_ENOMEM when
 * text could not be repaired (att_fig_text). */
int att_fig_finish(att_fig *f, att_error *err);

/* Frees without writing; NULL does nothing. */
void att_fig_free(att_fig *f);

cairo_t *att_fig_cairo(att_fig *f);
double att_fig_width(const att_fig *f);   /* points */
double att_fig_height(const att_fig *f);  /* points */
double att_fig_top(const att_fig *f);     /* below the title, points */
double att_fig_pixel(const att_fig *f);   /* one pixel (at the dpi) in points */

/* Text at (x, y) points: ha -1 left, 0 centre, 1 right of x; va -1 top, 0
 * middle, 1 baseline at y; angle in radians (counter-clockwise; the anchor
 * is applied before turning).  Both draw and measure text that is not
 * valid UTF-8 with each bad byte as U+FFFD (base/utf8.h); should that copy
 * find no memory, the text is left out and att_fig_finish says ENOMEM. */
void att_fig_text(att_fig *f, double x, double y, const char *s, double size, int ha, int va,
                  double angle, att_rgb c);
double att_fig_text_width(att_fig *f, const char *s, double size);
/* Writes `s` to buf (n >= 4 bytes) cut to `w` points at `size`: whole when
 * it fits (width and n - 1 bytes), else its longest beginning of whole
 * UTF-8 characters (of at most n - 4 bytes) that fits with an ellipsis
 * after it, the ellipsis always there when anything was cut (alone when
 * not a character fits). */
void att_fig_cut_text(att_fig *f, const char *s, double size, double w, char *buf, size_t n);

/* Text laid out in at most ATT_FIG_LINES lines of `size` points, each
 * `width` points at most. */
#define ATT_FIG_LINES 3
typedef struct att_fig_lines {
    char line[ATT_FIG_LINES][640];
    int nlines;
    double size, width;
    int cut;   /* a line was cut with an ellipsis */
    /* each line's bytes in the text laid out (valid while that text is) */
    const char *src[ATT_FIG_LINES];
    size_t srclen[ATT_FIG_LINES];
} att_fig_lines;

/* Lays out `s` (in the cairo font face now chosen) to fit `w` points: on
 * one line at `size` when it fits; else broken at spaces into balanced
 * lines (like lengths, no word alone on the last); else smaller by half
 * points down to `least`; else each line cut with an ellipsis
 * (att_fig_cut_text), t->cut then 1.  t->width is the widest line's. */
void att_fig_fit_lines(att_fig *f, const char *s, double size, double least, double w,
                       att_fig_lines *t);
/* The least width, points (to 0.01), in which att_fig_fit_lines lays out
 * `s` without cutting it (at `least` points at most); INFINITY when no
 * width does (more than a line holds). */
double att_fig_fit_lines_least(att_fig *f, const char *s, double least);
/* Line pitch of text laid out in lines, in font sizes. */
#define ATT_FIG_LINE_PITCH 1.25
/* Draws t's lines in colour c, line i anchored at (x, y + i pitches) as
 * att_fig_text anchors text (ha, va). */
void att_fig_draw_lines(att_fig *f, double x, double y, const att_fig_lines *t, int ha, int va,
                        att_rgb c);

/* A panel's least side, points: half an inch, room for two tick numbers
 * on either axis. */
#define ATT_FIG_LEAST_PANEL 36.0

/* A PNG's largest side, pixels (cairo's limit): a figure of more is
 * refused, as is one of more than 2^28 pixels in all. */
#define ATT_FIG_MAX_PNG_SIDE 32767

/* Whether the figure can hold a layout that needs need_w x need_h points
 * (its fixed parts and its panels at their least): ATT_OK, or ATT_EINPUT
 * naming the option, its value and the least accepted, in tenths of an
 * inch rounded up: "--height 1: too small for this compare figure; at
 * least 1.8 inches" ("--width 8 (the default): ..." when the size was
 * not given).  The width is checked first.  A default width or height
 * (not given) too small grows instead to that least (ATT_OK): the figure
 * is made anew, nothing on it but its title, the width grown alone (the
 * height then not checked), and the kind lays out again on the new
 * att_fig_width and att_fig_height and calls again, until neither grows;
 * still ATT_EINPUT when the least is above
 * ATT_PLOT_MAX_INCHES ("..., more than a figure may be") or the PNG would
 * be too large ("a PNG of W x H pixels is too large; lower --dpi"), or a
 * need is INFINITY (a text no width holds uncut, att_fig_fit_lines_least:
 * "no size holds this ... figure"), and ATT_ENOMEM or ATT_EIO when cairo
 * cannot make it.  Kinds call it once
 * their layout is known, before drawing. */
int att_fig_room(att_fig *f, const char *kind, double need_w, double need_h, att_error *err);

/* For a kind whose default height follows its width (fit): once a default
 * width has grown, the default height worked out anew for it, `h` points.
 * A height given stays; else the figure is made anew h points high (as
 * att_fig_room grows it: nothing on it but its title), h above or below
 * the height it had.  ATT_EINPUT when the PNG would be too large,
 * ATT_ENOMEM or ATT_EIO when cairo cannot make it. */
int att_fig_default_height(att_fig *f, double h, att_error *err);

/* Lays a figure out: calls `place` (which sets out the kind's parts on the
 * figure's size and checks them with att_fig_room) again while that grows
 * a default size, the width and then the height, three passes at most.
 * Returns place's code. */
typedef int (*att_fig_place_fn)(att_fig *f, void *ctx, att_error *err);
int att_fig_lay_out(att_fig *f, att_fig_place_fn place, void *ctx, att_error *err);

/* Nice ticks for [lo, hi]: a step of 1, 2 or 5 times a power of ten giving
 * at most `maxn` ticks inside [lo, hi] (at least 2 when lo < hi), written to
 * ticks (room for `cap`), their number returned; *step gets the step.
 * lo == hi gives the one tick lo. */
int att_fig_ticks(double lo, double hi, int maxn, double *ticks, int cap, double *step);

/* A tick label: `v` with as many decimals as `step` needs ("-0" is "0"). */
void att_fig_tick_label(double v, double step, char *buf, size_t cap);

typedef struct att_axes {
    att_fig *fig;
    double px, py, pw, ph;  /* the panel, points from the figure's top left */
    double x0, x1, y0, y1;  /* the data range shown */
} att_axes;

void att_axes_init(att_axes *a, att_fig *f, double px, double py, double pw, double ph,
                   double x0, double x1, double y0, double y1);

/* Widens [y0, y1] to the nice ticks around it (at most maxn ticks, fewer
 * as att_axes_fit_y says). */
void att_axes_nice_y(att_axes *a, int maxn);

double att_axes_x(const att_axes *a, double x);  /* data -> points */
double att_axes_y(const att_axes *a, double y);

/* Tick numbers never touch: two side by side keep ATT_FIG_TICK_GAP points
 * apart, and on a y axis they are ATT_FIG_TICK_PITCH points apart at
 * least (a line of text). */
#define ATT_FIG_TICK_GAP (0.5 * ATT_FIG_FONT_SMALL)
#define ATT_FIG_TICK_PITCH (ATT_FIG_LINE_PITCH * ATT_FIG_FONT_SMALL)

/* The most ticks, up to maxn, whose numbers on the x axis of `a` (and a
 * text `also` points wide centred on each, such as a table's column under
 * it; 0 for none) keep ATT_FIG_TICK_GAP apart; 0 when not even two do. */
int att_axes_fit_x(const att_axes *a, int maxn, double also);
/* The most ticks, up to maxn, whose numbers on the y axis of `a` are
 * ATT_FIG_TICK_PITCH apart; 0 when not even two are. */
int att_axes_fit_y(const att_axes *a, int maxn);

/* The bottom axis: line, ticks (at most maxn, fewer as att_axes_fit_x
 * says with `also` 0) and, when `labels`, their numbers and `title`
 * ("time (s)") under them; no numbers when not even two fit. */
void att_axes_draw_x(const att_axes *a, int maxn, int labels, const char *title);

/* The left axis with ticks (at most maxn, fewer as att_axes_fit_y says),
 * numbers (none when not even two fit) and `title` (turned), or, with
 * maxn 0, `title` written level left of the panel (for strips). */
void att_axes_draw_y(const att_axes *a, int maxn, const char *title);

/* A polyline through (x[i], y[i]), clipped to the panel; a NaN breaks it.
 * Points that fall in one pixel column are reduced to the first, the
 * lowest, the highest and the last, so a long series costs at most four
 * points per pixel column.  x must not decrease. */
void att_fig_line(const att_axes *a, const double *x, const double *y, size_t n, att_rgb c,
                  double width);

/* A filled rectangle of data coordinates, clipped to the panel; alpha 1 is
 * opaque.  att_fig_hatch fills it lightly and hatches it with lines of c. */
void att_fig_rect(const att_axes *a, double x0, double x1, double y0, double y1, att_rgb c,
                  double alpha);
void att_fig_hatch(const att_axes *a, double x0, double x1, double y0, double y1, att_rgb c);

/* Dash patterns of lines: ATT_DASH_SOLID none, ATT_DASH_LINE the short
 * dashes of phase and median lines, and ATT_DASH_SERIES + k (k from 0 to
 * ATT_DASH_NSERIES - 1) those that tell series of one colour apart: long
 * dashes, dots, dash-dot, long dash-dot (begun at its dot, so that a
 * 12-point legend swatch shows a break). */
enum { ATT_DASH_SOLID, ATT_DASH_LINE, ATT_DASH_SERIES };
#define ATT_DASH_NSERIES 4
/* Sets pattern `dash` (as above) on cr, from its start (long dash-dot:
 * its dot); another number is solid. */
void att_fig_set_dash(cairo_t *cr, int dash);

/* A vertical line at data x across the panel (dashed when `dashed`). */
void att_fig_vline(const att_axes *a, double x, att_rgb c, double width, int dashed);

/* Legend entries (plot/figure_legend.c), drawn in rows from (x, y) (top
 * left, points) that wrap at x + maxw: each a swatch and its label, side
 * by side while they fit.  An entry wider than the room alone is laid out
 * by att_fig_fit_lines in the room beside its swatch: on lines of its own
 * (left-aligned), smaller down to ATT_FIG_LEGEND_LEAST points, at last cut
 * with an ellipsis; att_fig_legend_least gives the least room in which
 * none is cut.  Returns the height used, in points (0 for no entry). */
enum { ATT_LEGEND_BOX, ATT_LEGEND_LINE, ATT_LEGEND_HATCH };
typedef struct att_legend_item {
    const char *label;
    att_rgb colour;
    int kind;
    int dash;   /* ATT_LEGEND_LINE: its att_fig_set_dash pattern (0 solid) */
} att_legend_item;
#define ATT_FIG_LEGEND_LEAST 8.0
double att_fig_legend(att_fig *f, double x, double y, double maxw, const att_legend_item *items,
                      size_t n, double size);
/* The height att_fig_legend would use, drawing nothing. */
double att_fig_legend_height(att_fig *f, double maxw, const att_legend_item *items, size_t n,
                             double size);
/* The least maxw, points, at which att_fig_legend cuts no entry (0 for no
 * entry; INFINITY when an entry is more than ATT_FIG_LINES lines hold). */
double att_fig_legend_least(att_fig *f, const att_legend_item *items, size_t n, double size);

#pragma GCC visibility pop

#endif
