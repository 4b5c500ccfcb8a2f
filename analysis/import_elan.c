/* ELAN's tab-delimited text export (File > Export As > Tab-delimited
 * Text...) read as attune's coded CSV on a grid: each annotation of a tier
 * the map names is a state of that partner from its begin time up to its
 * end time (docs/IMPORT.md).  A line holds the tier name first, the
 * annotation last, and between them the times ELAN's dialog was asked for:
 * begin and end (and perhaps the duration) in one format, ss.msec or
 * hh:mm:ss.ms; a participant column, which is not a time, is passed over.
 * Lines starting with '#' (header lines) are skipped, and so is a first
 * line of column names (a field "Begin Time"), should an export hold one. */
#include <string.h>
#include "analysis/import_grid.h"
#include "attune/import.h"
#include "base/csvread.h"
#include "base/strmap.h"

typedef struct {
    att_import_session s;
    att_strmap *last;   /* tier -> its last begin time, microseconds */
    int seen_annotation;   /* a line has been read as an annotation */
} elan;

/* The begin and end of a line, from its time fields. */
static int line_times(elan *e, const att_csv_row *row, long long *begin, long long *end,
                      att_error *err)
{
    long long t[4];
    int n = 0;
    for (int i = 1; i < row->n - 1; i++) {
        const char *f = row->field[i];
        long long us;
        if (!*f || att_import_time(f, &us) != 0)
            continue;   /* the participant's name, or an empty column */
        if (n == 3)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: more than three times on a line: "
                                 "export one time format (ss.msec) in ELAN", e->s.path, row->line);
        t[n++] = us;
    }
    if (n < 2)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: no begin and end time in seconds (export "
                             "with Begin Time, End Time and ss.msec ticked)", e->s.path, row->line);
    if (n == 3 && (t[2] - (t[1] - t[0]) > 1000 || (t[1] - t[0]) - t[2] > 1000))
        return att_error_set(err, ATT_EINPUT, "%s:%ld: the third time is not the duration (end "
                             "minus begin): export one time format (ss.msec) in ELAN",
                             e->s.path, row->line);
    *begin = t[0];
    *end = t[1];
    if (*end < *begin)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: the end time is before the begin time",
                             e->s.path, row->line);
    return ATT_OK;
}

/* A line of column names before any annotation: one of its fields is
 * "Begin Time" (ELAN's name for that column). */
static int is_column_names(const elan *e, const att_csv_row *row)
{
    if (e->seen_annotation)
        return 0;
    for (int i = 0; i < row->n; i++)
        if (strcmp(row->field[i], "Begin Time") == 0)
            return 1;
    return 0;
}

static int on_row(const att_csv_row *row, void *user, att_error *err)
{
    elan *e = user;
    e->s.last_line = row->line;
    if (row->field[0][0] == '#' || is_column_names(e, row))
        return ATT_OK;
    if (row->n < 4)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %d fields: a line needs the tier, the begin "
                             "and end times and the annotation, separated by tabs", e->s.path,
                             row->line, row->n);
    const char *tier = row->field[0], *code = row->field[row->n - 1];
    long long begin = 0, end = 0;
    int rc = line_times(e, row, &begin, &end, err);
    if (rc != ATT_OK)
        return rc;
    e->seen_annotation = 1;
    int role = att_import_role(e->s.map, tier);
    if (role < 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: tier '%.60s' is not in the map (a row "
                             "'ignore,%.60s' leaves it out)", e->s.path, row->line, tier, tier);
    long last = att_strmap_get(e->last, tier);
    if (last > begin)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: tier '%.60s' begins before its line above: "
                             "times must not go backwards", e->s.path, row->line, tier);
    if (att_strmap_put(e->last, tier, (long)begin) < 0)
        return att_error_nomem(err);
    if (end > e->s.end)
        e->s.end = end;
    if (role == ATT_IMPORT_IGNORE || end == begin)
        return ATT_OK;
    if (!*code)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: empty annotation", e->s.path, row->line);
    return att_import_add(&e->s, role, begin, end, code, row->line, err);
}

int att_import_elan(const char *path, const att_import_map *map, const att_import_opts *opts,
                    FILE *out, att_error *err)
{
    elan e = { .s = { .path = path, .map = map } };
    if (!(e.last = att_strmap_new()))
        return att_error_nomem(err);
    FILE *fp = att_csv_open(path, err);
    int rc = fp ? ATT_OK : (err ? err->code : ATT_EINPUT);
    if (fp) {
        rc = att_csv_read(fp, path, ATT_CSV_DELIMITER('\t'), on_row, &e, err);
        if (fp != stdin)
            fclose(fp);
    }
    if (rc == ATT_OK)
        rc = att_import_write(&e.s, opts, out, err);
    att_strmap_free(e.last);
    att_import_session_clear(&e.s);
    return rc;
}
