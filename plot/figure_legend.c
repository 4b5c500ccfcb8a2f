/* Legends of a figure: entries of a swatch and a label in rows that wrap
 * at the room given; an entry wider than the room is laid out on lines of
 * its own by att_fig_fit_lines (figure.c), the one way text is fitted, so
 * a legend never runs off the figure. */
#include <math.h>
#include "plot/figure.h"

#define SWATCH_W 12.0   /* a swatch, and the space after it */
#define SWATCH_GAP 4.0
#define ITEM_GAP 12.0   /* between two entries in a row */

/* One legend swatch, 12 x 8 points, its top left at (x, y). */
static void swatch(att_fig *f, double x, double y, const att_legend_item *it)
{
    cairo_t *cr = att_fig_cairo(f);
    att_rgb c = it->colour;
    cairo_save(cr);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    if (it->kind == ATT_LEGEND_LINE) {
        cairo_set_line_width(cr, 2);
        if (it->dash != ATT_DASH_SOLID)
            att_fig_set_dash(cr, it->dash);
        cairo_move_to(cr, x, y + 4);
        cairo_line_to(cr, x + 12, y + 4);
        cairo_stroke(cr);
    } else {
        cairo_rectangle(cr, x, y, 12, 8);
        if (it->kind == ATT_LEGEND_HATCH) {
            cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.25);
            cairo_fill_preserve(cr);
            cairo_clip(cr);
            cairo_set_source_rgb(cr, c.r, c.g, c.b);
            cairo_set_line_width(cr, 0.8);
            for (double k = -8; k < 12; k += 4) {
                cairo_move_to(cr, x + k, y + 8);
                cairo_line_to(cr, x + k + 8, y);
            }
            cairo_stroke(cr);
        } else
            cairo_fill(cr);
    }
    cairo_restore(cr);
}

/* An entry too wide for the room: its label in lines beside its swatch,
 * the first line where a one-line label would be; returns the height it
 * takes beyond one row. */
static double wide_item(att_fig *f, double x, double y, double maxw, double row,
                        const att_legend_item *it, double size, int draw)
{
    att_fig_lines t;
    att_fig_fit_lines(f, it->label, size, fmin(size, ATT_FIG_LEGEND_LEAST),
                      maxw - SWATCH_W - SWATCH_GAP, &t);
    if (draw) {
        swatch(f, x, y + (row - 8) / 2, it);
        att_fig_draw_lines(f, x + SWATCH_W + SWATCH_GAP, y + row / 2, &t, -1, 0,
                           att_palette[ATT_BLACK]);
    }
    return (t.nlines - 1) * t.size * ATT_FIG_LINE_PITCH;
}

/* Lays out (and with `draw`, draws) a legend; returns its height. */
static double legend(att_fig *f, double x, double y, double maxw, const att_legend_item *items,
                     size_t n, double size, int draw)
{
    double row = size * 1.35, cx = x, cy = y;
    for (size_t i = 0; i < n; i++) {
        double w = SWATCH_W + SWATCH_GAP + att_fig_text_width(f, items[i].label, size);
        if (cx > x && cx + w > x + maxw) {
            cx = x;
            cy += row;
        }
        if (w > maxw) {   /* alone in its row, on lines of its own */
            cy += wide_item(f, cx, cy, maxw, row, &items[i], size, draw);
            cx = x + maxw;   /* the next entry starts a row */
            continue;
        }
        if (draw) {
            swatch(f, cx, cy + (row - 8) / 2, &items[i]);
            att_fig_text(f, cx + SWATCH_W + SWATCH_GAP, cy + row / 2, items[i].label, size, -1,
                         0, 0, att_palette[ATT_BLACK]);
        }
        cx += w + ITEM_GAP;
    }
    return n ? cy - y + row : 0;
}

double att_fig_legend(att_fig *f, double x, double y, double maxw, const att_legend_item *items,
                      size_t n, double size)
{
    return legend(f, x, y, maxw, items, n, size, 1);
}

double att_fig_legend_height(att_fig *f, double maxw, const att_legend_item *items, size_t n,
                             double size)
{
    return legend(f, 0, 0, maxw, items, n, size, 0);
}

double att_fig_legend_least(att_fig *f, const att_legend_item *items, size_t n, double size)
{
    double least = 0;
    for (size_t i = 0; i < n; i++)
        least = fmax(least, SWATCH_W + SWATCH_GAP
                                + att_fig_fit_lines_least(f, items[i].label,
                                                          fmin(size, ATT_FIG_LEGEND_LEAST)));
    return least;
}
