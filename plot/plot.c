/* The options every kind of figure takes, and output formats by name or by
 * a file's extension. */
#include <math.h>
#include <string.h>
#include <strings.h>
#include "attune/plot.h"

void att_plot_opts_init(att_plot_opts *o)
{
    *o = (att_plot_opts){ 0 };
    o->dpi = 150;
    o->format = ATT_PLOT_PNG;
    o->from = NAN;
    o->to = NAN;
}

int att_plot_inches_check(const char *flag, double v, att_error *err)
{
    if (v >= ATT_PLOT_MIN_INCHES && v <= ATT_PLOT_MAX_INCHES)
        return ATT_OK;
    return att_error_set(err, ATT_EINPUT, "%s %g: must be from %g to %g inches", flag, v,
                         ATT_PLOT_MIN_INCHES, ATT_PLOT_MAX_INCHES);
}

int att_plot_opts_check(const att_plot_opts *o, att_error *err)
{
    if ((o->width != 0 && att_plot_inches_check("--width", o->width, err) != ATT_OK)
        || (o->height != 0 && att_plot_inches_check("--height", o->height, err) != ATT_OK))
        return ATT_EINPUT;
    if (!(o->dpi >= ATT_PLOT_MIN_DPI && o->dpi <= ATT_PLOT_MAX_DPI))
        return att_error_set(err, ATT_EINPUT, "--dpi %g: must be from %g to %g", o->dpi,
                             ATT_PLOT_MIN_DPI, ATT_PLOT_MAX_DPI);
    if (o->format == ATT_PLOT_PNG && o->width * o->dpi * o->height * o->dpi > (double)(1 << 28))
        return att_error_set(err, ATT_EINPUT, "a PNG of %.0f x %.0f pixels is too large; "
                             "lower --dpi", o->width * o->dpi, o->height * o->dpi);
    if (!isnan(o->from) && !isnan(o->to) && !(o->from < o->to))
        return att_error_set(err, ATT_EINPUT, "--from %g must be before --to %g", o->from, o->to);
    return ATT_OK;
}

int att_plot_format_parse(const char *name, att_plot_format *f, att_error *err)
{
    static const char *const names[] = { "png", "svg", "pdf" };
    for (int i = 0; i < 3; i++)
        if (strcasecmp(name, names[i]) == 0) {
            *f = (att_plot_format)(ATT_PLOT_PNG + i);
            return ATT_OK;
        }
    return att_error_set(err, ATT_EINPUT, "--format %s: must be png, svg or pdf", name);
}

int att_plot_format_of_path(const char *path, att_plot_format *f, att_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot && att_plot_format_parse(dot + 1, f, NULL) == ATT_OK)
        return ATT_OK;
    return att_error_set(err, ATT_EINPUT, "%s: the name does not end in .png, .svg or .pdf; "
                         "say which with --format", path);
}
