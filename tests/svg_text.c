/* The texts of a figure read back from cairo's SVG (tests/fixture.h):
 * cairo draws each glyph as a <use> of a <symbol> holding its outline, so
 * a text's ink box is the union of its glyphs' outlines placed at their
 * x, y: what the reader of the figure sees, found without the layout code
 * that put it there. */
#include "tests/fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct glyph {
    char id[32];
    int inked;                 /* a space has no outline */
    int dots;                  /* three closed outlines in a row: an ellipsis */
    double x0, y0, x1, y1;     /* its outline's box from its origin */
} glyph;

/* Attribute `name` ("x", "xlink:href") of the element at el, to buf. */
static int attr(const char *el, const char *name, char *buf, size_t cap)
{
    const char *end = strchr(el, '>');
    size_t n = strlen(name);
    for (const char *p = el; (p = strstr(p, name)) != NULL && p < end; p++)
        if (p[-1] == ' ' && p[n] == '=' && p[n + 1] == '"') {
            const char *v = p + n + 2, *q = strchr(v, '"');
            snprintf(buf, cap, "%.*s", (int)(q - v), v);
            return 1;
        }
    return 0;
}

/* The box of the number pairs of the path at `d` (up to its '"'). */
static void outline_box(const char *d, glyph *g)
{
    const char *end = strchr(d, '"');
    double v[2];
    int k = 0;
    for (const char *p = d; p < end;) {
        char *e;
        double x = strtod(p, &e);
        if (e == p) {
            p++;
            continue;
        }
        v[k++] = x, p = e;
        if (k < 2)
            continue;
        k = 0;
        if (!g->inked || v[0] < g->x0) g->x0 = v[0];
        if (!g->inked || v[0] > g->x1) g->x1 = v[0];
        if (!g->inked || v[1] < g->y0) g->y0 = v[1];
        if (!g->inked || v[1] > g->y1) g->y1 = v[1];
        g->inked = 1;
    }
}

static size_t read_glyphs(const char *svg, glyph **out)
{
    size_t n = 0;
    glyph *gs = NULL;
    for (const char *p = svg; (p = strstr(p, "<symbol ")) != NULL; p++) {
        gs = realloc(gs, (n + 1) * sizeof *gs);
        ck_assert_ptr_nonnull(gs);
        glyph *g = &gs[n++];
        *g = (glyph){ 0 };
        ck_assert(attr(p, "id", g->id, sizeof g->id));
        const char *d = strstr(p, " d=\""), *close = strstr(p, "</symbol>");
        if (d && close && d < close) {
            outline_box(d + 4, g);
            int closed = 0;
            for (const char *q = d + 4; *q && *q != '"'; q++)
                closed += *q == 'Z';
            g->dots = closed == 3 && g->x1 - g->x0 > 4 * (g->y1 - g->y0);
        }
    }
    *out = gs;
    return n;
}

static const glyph *find_glyph(const glyph *gs, size_t n, const char *href)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(gs[i].id, href + 1) == 0)
            return &gs[i];
    ck_abort_msg("no glyph %s", href);
    return NULL;
}

/* Adds glyph g at (x, y) to text t. */
static void add_glyph(svg_text *t, const glyph *g, double x, double y)
{
    if (t->nglyphs && y != t->baseline)
        t->turned = 1;
    t->baseline = y;
    t->nglyphs++;
    t->cut += g->dots;
    if (!g->inked)
        return;
    double b[4] = { x + g->x0, y + g->y0, x + g->x1, y + g->y1 };
    if (!t->inked || b[0] < t->x0) t->x0 = b[0];
    if (!t->inked || b[1] < t->y0) t->y0 = b[1];
    if (!t->inked || b[2] > t->x1) t->x1 = b[2];
    if (!t->inked || b[3] > t->y1) t->y1 = b[3];
    t->inked = 1;
}

size_t svg_texts(const char *svg, svg_text **out)
{
    glyph *gs;
    size_t ng = read_glyphs(svg, &gs), n = 0;
    svg_text *ts = NULL;
    const char *body = strstr(svg, "</defs>");
    int open = 0;   /* a text is being read: <use>s since the last <g> */
    for (const char *p = body ? body : svg; (p = strchr(p + 1, '<')) != NULL;) {
        if (strncmp(p, "<g", 2) == 0 || strncmp(p, "</g>", 4) == 0) {
            open = 0;
            continue;
        }
        if (strncmp(p, "<use ", 5) != 0)
            continue;
        char href[64], x[64], y[64];
        ck_assert(attr(p, "xlink:href", href, sizeof href) && attr(p, "x", x, sizeof x)
                  && attr(p, "y", y, sizeof y));
        if (!open) {
            ts = realloc(ts, (n + 1) * sizeof *ts);
            ck_assert_ptr_nonnull(ts);
            ts[n++] = (svg_text){ 0 };
            open = 1;
        }
        add_glyph(&ts[n - 1], find_glyph(gs, ng, href), strtod(x, NULL), strtod(y, NULL));
    }
    free(gs);
    *out = ts;
    return n;
}

int svg_texts_apart(const svg_text *a, const svg_text *b, double gap)
{
    return !a->inked || !b->inked || a->x1 + gap <= b->x0 || b->x1 + gap <= a->x0
           || a->y1 + gap <= b->y0 || b->y1 + gap <= a->y0;
}
