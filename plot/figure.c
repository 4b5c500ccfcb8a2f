/* The figure object: a cairo surface of a size in inches, written as PNG,
 * SVG or PDF to a stream; text, the title and legends.  Axes, lines and
 * shapes are in figure_axes.c.  Deterministic: fixed font options (no
 * hinting, so text is the same shape at every dpi), no dates (the PDF's
 * creation date is fixed), and the SVG's one id that cairo numbers per
 * process, the page group's "surfaceN", is written as "surface1" (the SVG
 * is held in memory until then).  Text that is not valid UTF-8 (a Latin-1
 * file name, a phase name in another encoding) is drawn with each bad byte
 * as U+FFFD: cairo refuses such text, and every string measured or drawn
 * passes through drawable() here. */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include "attune/buf.h"
#include "base/utf8.h"
#include "plot/figure.h"

const att_rgb att_palette[ATT_NPALETTE] = {
    { 0.0, 0.0, 0.0 },                   /* black */
    { 230 / 255.0, 159 / 255.0, 0.0 },   /* orange */
    { 86 / 255.0, 180 / 255.0, 233 / 255.0 },  /* sky blue */
    { 0.0, 158 / 255.0, 115 / 255.0 },   /* bluish green */
    { 240 / 255.0, 228 / 255.0, 66 / 255.0 },  /* yellow */
    { 0.0, 114 / 255.0, 178 / 255.0 },   /* blue */
    { 213 / 255.0, 94 / 255.0, 0.0 },    /* vermillion */
    { 204 / 255.0, 121 / 255.0, 167 / 255.0 }, /* reddish purple */
};
const att_rgb att_grey = { 0.35, 0.35, 0.35 };
const att_rgb att_light_grey = { 0.85, 0.85, 0.85 };

/* A fixed date for the PDF's CreationDate (cairo 1.16 would write now). */
#define FIXED_PDF_DATE "2000-01-01T00:00:00Z"
#define FONT_FACE "DejaVu Sans"
#define TITLE_EDGE 4.0    /* the title keeps this far inside the figure */
#define TITLE_LEAST 9.0   /* the least size a long title is made */
#define NBSP "\xC2\xA0"      /* U+00A0, drawn as a space */

struct att_fig {
    cairo_surface_t *surface;
    cairo_t *cr;
    att_plot_format format;
    FILE *out;
    int write_errno;     /* the first failed write's errno */
    att_buf svg;         /* SVG: the document, written at the end */
    att_buf text;        /* the last text repaired by drawable() */
    int nomem;           /* repairing text ran out of memory */
    double w, h;         /* points */
    double dpi, top;
    int given_w, given_h;   /* the size was given, not the kind's default */
    int discard;         /* writes are dropped (a surface given up, grow()) */
    char *title;         /* drawn at the top, again when the figure grows */
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
    att_fig *f = closure;
    if (f->discard)
        return CAIRO_STATUS_SUCCESS;
    if (len && fwrite(data, 1, len, f->out) != len) {
        if (!f->write_errno)
            f->write_errno = errno ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* SVG: into memory, for write_svg. */
static cairo_status_t hold_svg(void *closure, const unsigned char *data, unsigned int len)
{
    att_fig *f = closure;
    if (f->discard)
        return CAIRO_STATUS_SUCCESS;
    return att_buf_add(&f->svg, (const char *)data, len, NULL) == ATT_OK
               ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_NO_MEMORY;
}

/* Writes the held SVG with its page group's id made "surface1". */
static cairo_status_t write_svg(att_fig *f)
{
    static const char key[] = "<g id=\"surface";
    const char *s = f->svg.data ? f->svg.data : "";
    size_t k = sizeof key - 1, at = 0, digits = 0;
    while (at + k <= f->svg.len && memcmp(s + at, key, k) != 0)
        at++;
    if (at + k > f->svg.len)
        return write_out(f, (const unsigned char *)s, (unsigned)f->svg.len);
    while (at + k + digits < f->svg.len && s[at + k + digits] >= '0' && s[at + k + digits] <= '9')
        digits++;
    cairo_status_t st = write_out(f, (const unsigned char *)s, (unsigned)(at + k));
    if (st == CAIRO_STATUS_SUCCESS)
        st = write_out(f, (const unsigned char *)"1", 1);
    if (st == CAIRO_STATUS_SUCCESS)
        st = write_out(f, (const unsigned char *)s + at + k + digits,
                       (unsigned)(f->svg.len - at - k - digits));
    return st;
}

static cairo_surface_t *make_surface(att_fig *f)
{
    switch (f->format) {
    case ATT_PLOT_SVG: {
        cairo_surface_t *s = cairo_svg_surface_create_for_stream(hold_svg, f, f->w, f->h);
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
        return s;
    }
    case ATT_PLOT_PDF: {
        cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_out, f, f->w, f->h);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, FIXED_PDF_DATE);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "attune");
        return s;
    }
    default:
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(f->w / 72.0 * f->dpi),
                                          (int)lround(f->h / 72.0 * f->dpi));
    }
}

static void set_font_options(cairo_t *cr)
{
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
    cairo_select_font_face(cr, FONT_FACE, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
}

/* The title, centred, as att_fig_fit_lines lays it out within TITLE_EDGE
 * of the figure's sides: on one line when it fits (drawn as it always
 * was), else wrapped, then smaller, then cut, never running off the
 * figure. */
static void draw_title(att_fig *f, const char *title)
{
    f->top = 8;
    if (!title || !*title)
        return;
    cairo_select_font_face(f->cr, FONT_FACE, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    att_fig_lines t;
    att_fig_fit_lines(f, title, ATT_FIG_FONT_TITLE, TITLE_LEAST, f->w - 2 * TITLE_EDGE, &t);
    att_fig_draw_lines(f, f->w / 2, f->top, &t, 0, -1, att_palette[ATT_BLACK]);
    f->top += (t.nlines - 1) * t.size * ATT_FIG_LINE_PITCH + t.size * 1.6;
    cairo_select_font_face(f->cr, FONT_FACE, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
}

/* Makes the surface of f->w x f->h points, white, with the title drawn;
 * ATT_OK, else err filled (f's surface and cairo then still to free). */
static int start(att_fig *f, att_error *err)
{
    f->surface = make_surface(f);
    f->cr = cairo_create(f->surface);
    if (cairo_status(f->cr) != CAIRO_STATUS_SUCCESS)
        return att_error_set(err, cairo_status(f->cr) == CAIRO_STATUS_NO_MEMORY ? ATT_ENOMEM
                                                                                : ATT_EIO,
                             "cannot make the figure: %s",
                             cairo_status_to_string(cairo_status(f->cr)));
    if (f->format == ATT_PLOT_PNG)
        cairo_scale(f->cr, f->dpi / 72.0, f->dpi / 72.0);
    set_font_options(f->cr);
    cairo_set_source_rgb(f->cr, 1, 1, 1);
    cairo_paint(f->cr);
    draw_title(f, f->title);
    return ATT_OK;
}

/* ATT_EINPUT when a PNG of w x h points would be too large: a side above
 * cairo's 32767 pixels, or above 2^28 pixels in all. */
static int png_too_large(const att_fig *f, double w, double h, att_error *err)
{
    double pw = w / 72 * f->dpi, ph = h / 72 * f->dpi;
    if (f->format != ATT_PLOT_PNG)
        return ATT_OK;
    if (lround(pw) > ATT_FIG_MAX_PNG_SIDE || lround(ph) > ATT_FIG_MAX_PNG_SIDE
        || pw * ph > (double)(1 << 28))
        return att_error_set(err, ATT_EINPUT, "a PNG of %.0f x %.0f pixels is too large; "
                             "lower --dpi", pw, ph);
    return ATT_OK;
}

att_fig *att_fig_new(const att_plot_opts *o, double def_w, double def_h, const char *def_title,
                     FILE *out, att_error *err)
{
    if (att_plot_opts_check(o, err) != ATT_OK)
        return NULL;
    att_fig *f = calloc(1, sizeof *f);
    const char *title = o->title ? o->title : def_title;
    if (!f || (title && !(f->title = strdup(title)))) {
        free(f);
        att_error_nomem(err);
        return NULL;
    }
    f->format = o->format ? o->format : ATT_PLOT_PNG;
    f->out = out;
    f->w = 72.0 * (o->width > 0 ? o->width : def_w);
    f->h = 72.0 * (o->height > 0 ? o->height : def_h);
    f->dpi = o->dpi > 0 ? o->dpi : 150;
    f->given_w = o->width > 0;
    f->given_h = o->height > 0;
    if (png_too_large(f, f->w, f->h, err) != ATT_OK || start(f, err) != ATT_OK) {
        att_fig_free(f);
        return NULL;
    }
    return f;
}

void att_fig_free(att_fig *f)
{
    if (!f)
        return;
    f->discard = 1;   /* a PDF surface flushes as it is destroyed: none of it written */
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->surface);
    att_buf_free(&f->svg);
    att_buf_free(&f->text);
    free(f->title);
    free(f);
}

int att_fig_finish(att_fig *f, att_error *err)
{
    cairo_status_t st = cairo_status(f->cr);
    cairo_destroy(f->cr);
    f->cr = NULL;
    if (st == CAIRO_STATUS_SUCCESS) {
        if (f->format == ATT_PLOT_PNG)
            st = cairo_surface_write_to_png_stream(f->surface, write_out, f);
        else {
            cairo_surface_finish(f->surface);
            st = cairo_surface_status(f->surface);
            if (st == CAIRO_STATUS_SUCCESS && f->format == ATT_PLOT_SVG)
                st = write_svg(f);
        }
    }
    att_buf_free(&f->svg);
    att_buf_free(&f->text);
    int we = f->write_errno, nomem = f->nomem;
    cairo_surface_destroy(f->surface);
    free(f->title);
    free(f);
    if (we)
        return att_error_set(err, ATT_EIO, "write error: %s", strerror(we));
    if (nomem)
        return att_error_nomem(err);
    if (st != CAIRO_STATUS_SUCCESS)
        return att_error_set(err, st == CAIRO_STATUS_NO_MEMORY ? ATT_ENOMEM : ATT_EIO,
                             "cannot draw the figure: %s", cairo_status_to_string(st));
    return ATT_OK;
}

cairo_t *att_fig_cairo(att_fig *f) { return f->cr; }
double att_fig_width(const att_fig *f) { return f->w; }
double att_fig_height(const att_fig *f) { return f->h; }
double att_fig_top(const att_fig *f) { return f->top; }
double att_fig_pixel(const att_fig *f) { return 72.0 / f->dpi; }

/* The figure made anew at the default size `w` x `h` points, nothing drawn
 * but its title (the old surface's writes dropped); att_fig_default_height
 * may make it lower. */
static int grow(att_fig *f, double w, double h, att_error *err)
{
    if (png_too_large(f, w, h, err) != ATT_OK)
        return ATT_EINPUT;
    f->discard = 1;
    cairo_destroy(f->cr);
    cairo_surface_destroy(f->surface);
    f->discard = 0;
    att_buf_clear(&f->svg);
    f->w = w, f->h = h;
    return start(f, err);
}

int att_fig_room(att_fig *f, const char *kind, double need_w, double need_h, att_error *err)
{
    static const char *const flag[2] = { "--width", "--height" };
    double have[2] = { f->w, f->h }, need[2] = { need_w, need_h };
    int given[2] = { f->given_w, f->given_h };
    for (int k = 0; k < 2; k++) {
        if (!(need[k] > have[k] + 1e-9))
            continue;
        if (isinf(need[k]))   /* att_fig_fit_lines_least: no width holds a text */
            return att_error_set(err, ATT_EINPUT, "%s %g%s: no size holds this %s figure: a "
                                 "text (a name in a legend, a title) is longer than %d lines "
                                 "of the figure can hold uncut; shorten it", flag[k],
                                 have[k] / 72, given[k] ? "" : " (the default)", kind,
                                 ATT_FIG_LINES);
        /* tenths of an inch, rounded up, so the least named is accepted */
        double least = ceil(need[k] / 7.2 - 1e-9) / 10;
        if (!given[k] && least <= ATT_PLOT_MAX_INCHES)   /* the width alone, then lay out */
            return grow(f, k == 0 ? 72 * least : f->w, k == 1 ? 72 * least : f->h, err);
        return att_error_set(err, ATT_EINPUT, "%s %g%s: too small for this %s figure; at "
                             "least %g inches%s", flag[k], have[k] / 72,
                             given[k] ? "" : " (the default)", kind, least,
                             least > ATT_PLOT_MAX_INCHES ? ", more than a figure may be" : "");
    }
    return ATT_OK;
}

int att_fig_default_height(att_fig *f, double h, att_error *err)
{
    assert(h > 0);
    if (f->given_h || h == f->h)
        return ATT_OK;
    return grow(f, f->w, h, err);
}

int att_fig_lay_out(att_fig *f, att_fig_place_fn place, void *ctx, att_error *err)
{
    int rc = ATT_OK;
    for (int pass = 0; pass < 3; pass++) {   /* the width may grow, then the height */
        double w = f->w, h = f->h;
        if ((rc = place(f, ctx, err)) != ATT_OK || (f->w == w && f->h == h))
            break;   /* else grown: again on the new size */
    }
    return rc;
}

/* `s`, or its copy with each byte that is not UTF-8 made U+FFFD and each
 * no-break space (U+00A0: it only keeps words together on a line,
 * att_fig_fit_lines) a space (valid until the next call); "" (and
 * f->nomem set) when memory runs out. */
static const char *drawable(att_fig *f, const char *s)
{
    size_t n = strlen(s);
    int valid = att_utf8_valid(s, n);
    if (valid && !strstr(s, NBSP))
        return s;
    att_buf_clear(&f->text);
    if (valid ? att_buf_add(&f->text, s, n, NULL) != ATT_OK
              : att_utf8_repair(&f->text, s, n, NULL) != ATT_OK) {
        f->nomem = 1;
        return "";
    }
    char *t = f->text.data, *w = t;
    for (const char *r = t; *r;)   /* in place: the space is shorter */
        if (strncmp(r, NBSP, 2) == 0)
            *w++ = ' ', r += 2;
        else
            *w++ = *r++;
    *w = '\0';
    f->text.len = (size_t)(w - t);
    return t;
}

double att_fig_text_width(att_fig *f, const char *s, double size)
{
    cairo_text_extents_t te;
    s = drawable(f, s);
    cairo_set_font_size(f->cr, size);
    cairo_text_extents(f->cr, s, &te);
    return te.x_advance;
}

void att_fig_text(att_fig *f, double x, double y, const char *s, double size, int ha, int va,
                  double angle, att_rgb c)
{
    cairo_t *cr = f->cr;
    cairo_font_extents_t fe;
    s = drawable(f, s);
    cairo_save(cr);
    cairo_set_font_size(cr, size);
    cairo_font_extents(cr, &fe);
    double w = att_fig_text_width(f, s, size);
    double dx = ha < 0 ? 0 : ha == 0 ? -w / 2 : -w;
    double dy = va < 0 ? fe.ascent : va == 0 ? (fe.ascent - fe.descent) / 2 : 0;
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -angle);
    cairo_move_to(cr, dx, dy);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_show_text(cr, s);
    cairo_new_path(cr);
    cairo_restore(cr);
}

/* att_fig_cut_text of the `slen` bytes at s (no NUL needed after them). */
static void cut_n(att_fig *f, const char *s, size_t slen, double size, double w, char *buf,
                  size_t n)
{
    size_t len = slen;
    if (len < n) {
        snprintf(buf, n, "%.*s", (int)len, s);
        if (att_fig_text_width(f, buf, size) <= w)
            return;   /* whole */
        len--;   /* something is cut */
    }
    len = len < n - 4 ? len : n - 4;   /* room for the ellipsis (3 bytes) and the NUL */
    for (;;) {
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;   /* not inside a UTF-8 character */
        snprintf(buf, n, "%.*s\u2026", (int)len, s);
        if (len == 0 || att_fig_text_width(f, buf, size) <= w)
            return;
        len--;
    }
}

void att_fig_cut_text(att_fig *f, const char *s, double size, double w, char *buf, size_t n)
{
    cut_n(f, s, strlen(s), size, w, buf, n);
}

/* The length of the first line of `s` at `size` within `w` points: up to
 * the last space at which it fits, but at least the first word. */
static size_t line_end(att_fig *f, const char *s, double size, double w, char *buf, size_t cap)
{
    size_t best = 0;
    for (size_t i = 1;; i++) {
        if (s[i] != ' ' && s[i] != '\0')
            continue;
        snprintf(buf, cap, "%.*s", (int)i, s);
        if (best > 0 && att_fig_text_width(f, buf, size) > w)
            return best;
        best = i;
        if (s[i] == '\0')
            return best;
    }
}

/* Breaks `s` at spaces into lines of t at `size`, each as long as fits in
 * `w` points, the last taking the rest; whether every line fits. */
static int wrap(att_fig *f, const char *s, double size, double w, att_fig_lines *t)
{
    int fits = 1;
    size_t cap = sizeof t->line[0];
    t->nlines = 0;
    while (*s == ' ')
        s++;
    do {
        char *line = t->line[t->nlines];
        size_t n = t->nlines + 1 < ATT_FIG_LINES && *s ? line_end(f, s, size, w, line, cap)
                                                             : strlen(s);
        snprintf(line, cap, "%.*s", (int)n, s);
        t->src[t->nlines] = s, t->srclen[t->nlines] = n;
        fits &= n < cap - 1 && att_fig_text_width(f, line, size) <= w;
        for (s += n; *s == ' '; s++)
            ;
        t->nlines++;
    } while (*s && t->nlines < ATT_FIG_LINES);
    return fits;
}

/* Wraps `s` as wrap() does into t's lines, now fitting `w`, but within
 * the least width that needs no more lines: lines of like length, no
 * word left alone on the last. */
static void balance(att_fig *f, const char *s, double w, att_fig_lines *t)
{
    int k = t->nlines;
    double lo = 0, hi = w;
    for (int i = 0; i < 12; i++) {   /* to w / 4096 */
        double mid = (lo + hi) / 2;
        if (wrap(f, s, t->size, mid, t) && t->nlines <= k)
            hi = mid;
        else
            lo = mid;
    }
    wrap(f, s, t->size, hi, t);
}

void att_fig_fit_lines(att_fig *f, const char *s, double size, double least, double w,
                       att_fig_lines *t)
{
    int fits;
    for (t->size = size; !(fits = wrap(f, s, t->size, w, t)) && t->size > least;)
        t->size = fmax(t->size - 0.5, least);
    if (fits && t->nlines > 1)
        balance(f, s, w, t);
    t->width = 0;
    t->cut = 0;
    for (int i = 0; i < t->nlines; i++) {   /* cut from s: a line may be longer than its buffer */
        cut_n(f, t->src[i], t->srclen[i], t->size, w, t->line[i], sizeof t->line[i]);
        t->cut |= strlen(t->line[i]) != t->srclen[i]
                  || memcmp(t->line[i], t->src[i], t->srclen[i]) != 0;
        t->width = fmax(t->width, att_fig_text_width(f, t->line[i], t->size));
    }
}

double att_fig_fit_lines_least(att_fig *f, const char *s, double least)
{
    att_fig_lines t;
    double lo = 0, hi = att_fig_text_width(f, s, least);
    if (!wrap(f, s, least, hi, &t))
        return INFINITY;   /* longer than a line holds */
    while (hi - lo > 0.01) {
        double mid = (lo + hi) / 2;
        if (wrap(f, s, least, mid, &t))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

void att_fig_draw_lines(att_fig *f, double x, double y, const att_fig_lines *t, int ha, int va,
                        att_rgb c)
{
    for (int i = 0; i < t->nlines; i++)
        att_fig_text(f, x, y + i * t->size * ATT_FIG_LINE_PITCH, t->line[i], t->size, ha, va, 0,
                     c);
}
