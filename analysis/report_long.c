/* The long (tidy) form of a table of numbers: one record per key and name,
 * as CSV rows or JSON objects (attune/report.h, att_long_*).  Shared by
 * `attune score --long` (analysis/report.c) and `attune compare --long`
 * (batch/compare_write.c), so both write the same way. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include "attune/report.h"
#include "base/csvwrite.h"
#include "base/json.h"

int att_long_begin(att_long *w, FILE *fp, att_format fmt, const char *const *keys,
                   const int *numeric, size_t nkeys, const char *name, att_error *err)
{
    if (!fp || (fmt != ATT_FORMAT_CSV && fmt != ATT_FORMAT_JSON) || !name)
        return att_error_set(err, ATT_EINPUT, "long form: %s",
                             !fp ? "no stream" : !name ? "no name column"
                                 : "csv or json only, not a table");
    *w = (att_long){ .fp = fp, .fmt = fmt, .keys = keys, .numeric = numeric, .nkeys = nkeys,
                     .name = name };
    if (fmt == ATT_FORMAT_CSV) {
        for (size_t k = 0; k < nkeys; k++) {
            att_csv_put_field(fp, keys[k]);
            putc(',', fp);
        }
        att_csv_put_field(fp, name);
        fputs(",value\n", fp);
    }
    return ATT_OK;
}

/* A number: %.10g, or undefined (empty in CSV, null in JSON). */
static void put_value(const att_long *w, double x)
{
    if (isfinite(x))
        fprintf(w->fp, "%.10g", x);
    else if (w->fmt == ATT_FORMAT_JSON)
        fputs("null", w->fp);
}

static void json_row(att_long *w, const char *const *vals, const char *name, double value)
{
    FILE *fp = w->fp;
    fputs(w->rows ? ",\n  {" : "[\n  {", fp);
    for (size_t k = 0; k < w->nkeys; k++) {
        att_json_string(fp, w->keys[k]);
        fputs(": ", fp);
        if (!vals[k] || !*vals[k])
            fputs("null", fp);
        else if (w->numeric && w->numeric[k])
            fputs(vals[k], fp);
        else
            att_json_string(fp, vals[k]);
        fputs(", ", fp);
    }
    att_json_string(fp, w->name);
    fputs(": ", fp);
    att_json_string(fp, name);
    fputs(", \"value\": ", fp);
    put_value(w, value);
    putc('}', fp);
}

void att_long_row(att_long *w, const char *const *vals, const char *name, double value)
{
    if (w->fmt == ATT_FORMAT_JSON) {
        json_row(w, vals, name, value);
    } else {
        for (size_t k = 0; k < w->nkeys; k++) {
            if (vals[k])
                att_csv_put_field(w->fp, vals[k]);
            putc(',', w->fp);
        }
        att_csv_put_field(w->fp, name);
        putc(',', w->fp);
        put_value(w, value);
        putc('\n', w->fp);
    }
    w->rows++;
}

int att_long_end(att_long *w, att_error *err)
{
    if (w->fmt == ATT_FORMAT_JSON)
        fputs(w->rows ? "\n]\n" : "[]\n", w->fp);
    if (ferror(w->fp))
        return att_error_set(err, ATT_EIO, "write error: %s", strerror(errno));
    return ATT_OK;
}
