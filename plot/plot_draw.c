/* Drawing pieces the figures of km, compare, sweep and timeline share, on
 * top of plot/figure.h: the colour of each series, exact polylines (every
 * point kept: a Kaplan-Meier step must stand at its time), bands between
 * two lines, markers, whiskers and caps. */
#include <math.h>
#include "plot/plot_data.h"

att_rgb att_plot_colour(size_t i)
{
    static const int order[] = { ATT_BLUE, ATT_ORANGE, ATT_GREEN, ATT_VERMILLION, ATT_PURPLE,
                                 ATT_SKY_BLUE, ATT_BLACK, ATT_YELLOW };
    return att_palette[order[i % ATT_PLOT_NCOLOURS]];
}

int att_plot_dash(size_t i)
{
    return i < ATT_PLOT_NCOLOURS
               ? ATT_DASH_SOLID
               : ATT_DASH_SERIES + (int)((i / ATT_PLOT_NCOLOURS - 1) % ATT_DASH_NSERIES);
}

/* Starts a clipped drawing on the panel of `a`. */
static cairo_t *clip_panel(const att_axes *a)
{
    cairo_t *cr = att_fig_cairo(a->fig);
    cairo_save(cr);
    cairo_rectangle(cr, a->px, a->py, a->pw, a->ph);
    cairo_clip(cr);
    cairo_new_path(cr);
    return cr;
}

void att_plot_path(const att_axes *a, const double *x, const double *y, size_t n, att_rgb c,
                   double width, int dash)
{
    cairo_t *cr = clip_panel(a);
    int pen = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i])) {
            pen = 0;
            continue;
        }
        if (pen)
            cairo_line_to(cr, att_axes_x(a, x[i]), att_axes_y(a, y[i]));
        else
            cairo_move_to(cr, att_axes_x(a, x[i]), att_axes_y(a, y[i]));
        pen = 1;
    }
    if (dash != ATT_DASH_SOLID)
        att_fig_set_dash(cr, dash);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void att_plot_segment(const att_axes *a, double x0, double y0, double x1, double y1, att_rgb c,
                      double width, int dashed)
{
    const double x[2] = { x0, x1 }, y[2] = { y0, y1 };
    att_plot_path(a, x, y, 2, c, width, dashed);
}

void att_plot_band(const att_axes *a, const double *x, const double *lo, const double *hi,
                   size_t n, att_rgb c, double alpha)
{
    cairo_t *cr = clip_panel(a);
    for (size_t i = 0; i < n;) {   /* one polygon per run of defined points */
        size_t j = i;
        while (j < n && !isnan(x[j]) && !isnan(lo[j]) && !isnan(hi[j]))
            j++;
        if (j > i + 1) {
            cairo_move_to(cr, att_axes_x(a, x[i]), att_axes_y(a, hi[i]));
            for (size_t k = i + 1; k < j; k++)
                cairo_line_to(cr, att_axes_x(a, x[k]), att_axes_y(a, hi[k]));
            for (size_t k = j; k-- > i;)
                cairo_line_to(cr, att_axes_x(a, x[k]), att_axes_y(a, lo[k]));
            cairo_close_path(cr);
        }
        i = j > i ? j : i + 1;
    }
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
    cairo_fill(cr);
    cairo_restore(cr);
}

void att_plot_marker(const att_axes *a, double x, double y, double r, att_rgb c)
{
    if (isnan(x) || isnan(y))
        return;
    cairo_t *cr = clip_panel(a);
    cairo_arc(cr, att_axes_x(a, x), att_axes_y(a, y), r, 0, 6.283185307179586);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_fill(cr);
    cairo_restore(cr);
}

void att_plot_whisker(const att_axes *a, double x, double lo, double hi, double cap, att_rgb c,
                      int horizontal)
{
    if (isnan(lo) || isnan(hi) || isnan(x))
        return;
    cairo_t *cr = clip_panel(a);
    double p = horizontal ? att_axes_y(a, x) : att_axes_x(a, x);
    double q0 = horizontal ? att_axes_x(a, lo) : att_axes_y(a, lo);
    double q1 = horizontal ? att_axes_x(a, hi) : att_axes_y(a, hi);
    double pts[3][4] = { { p, q0, p, q1 }, { p - cap, q0, p + cap, q0 },
                         { p - cap, q1, p + cap, q1 } };
    for (int i = 0; i < 3; i++) {
        double *s = pts[i];
        if (horizontal) {
            cairo_move_to(cr, s[1], s[0]);
            cairo_line_to(cr, s[3], s[2]);
        } else {
            cairo_move_to(cr, s[0], s[1]);
            cairo_line_to(cr, s[2], s[3]);
        }
    }
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_set_line_width(cr, 1.6);
    cairo_stroke(cr);
    cairo_restore(cr);
}
