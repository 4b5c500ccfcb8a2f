/* ELAN's tab-delimited text export (File > Export As > Tab-delimited
 * Text...) read as attune's coded CSV on a grid: each annotation of a tier
 * the map names is a state of that partner from its begin time up to its
 * end time (docs/IMPORT.md).  ELAN writes a line as the tier name, the
 * participant (when asked for), the times the dialog was asked for (begin,
 * end, then perhaps the duration, each in every format ticked, in the order
 * hh:mm:ss.ms, ss.msec, msec) and the annotation last
 * (Transcription2TabDelimitedText.getTabString in ELAN's sources).  So the
 * times are where the count of fields puts them, and a field there that is
 * not a time is reported, not passed over.  Lines starting with '#' (header
 * lines) are skipped, and so is a first line of column names (a field
 * "Begin Time"), should an export hold one.
 *
 * ELAN writes ss.msec as Java's Double.toString of the milliseconds / 1000
 * (6.2, 0.0: always with a decimal point) and msec as the milliseconds,
 * a whole number (6200).  A whole number is refused rather than read: it is
 * milliseconds from ELAN but seconds in a file written by hand, nothing in
 * the file tells which, and either reading of the other's file is 1000
 * times off. */
#include <stdlib.h>
#include <string.h>
#include "analysis/import_grid.h"
#include "attune/import.h"
#include "base/csvread.h"
#include "base/strmap.h"

/* How a line with three fields between the tier and the annotation reads
 * (see three_fields): not known yet, participant + begin + end, or begin +
 * end + duration. */
enum { THREE_UNKNOWN, THREE_PARTICIPANT, THREE_DURATION };

typedef struct {
    att_import_session s;
    att_strmap *last;   /* tier -> its last begin time, microseconds */
    int seen_annotation;   /* a line has been read as an annotation */
    int three;          /* THREE_*: ELAN writes every line of an export alike */
    long named_line;    /* the first three-field line read with a named
                         * participant while `three` was unknown, or 0 */
    char *named;        /* that participant, for a message */
} elan;

/* ELAN's time formats, in the order it writes them when more are ticked. */
enum { FMT_HMS, FMT_SEC, FMT_MSEC };

/* A field as ELAN writes a time, in microseconds, and its format: a whole
 * number is milliseconds (as ELAN's own TimeFormatter.toMilliSeconds reads
 * it), so that a line in msec still shows its layout; anything else is
 * seconds or hh:mm:ss.ms (att_import_time).  -1: not a time. */
static int elan_time(const char *f, long long *us, int *fmt)
{
    size_t n = strspn(f, "0123456789");
    if (n > 0 && !f[n]) {
        if (n > 13)
            return -1;
        long long ms = strtoll(f, NULL, 10);
        if (ms > 4000000000000LL)   /* att_import_time's 4e9 s */
            return -1;
        *us = ms * 1000;
        *fmt = FMT_MSEC;
        return 0;
    }
    if (att_import_time(f, us) != 0)
        return -1;
    *fmt = strchr(f, ':') ? FMT_HMS : FMT_SEC;
    return 0;
}

static int is_time(const char *f)
{
    long long us;
    int fmt;
    return elan_time(f, &us, &fmt) == 0;
}

/* A time field `f` that is a whole number (ELAN's msec). */
static int whole_number(const elan *e, long line, const char *what, const char *f,
                        att_error *err)
{
    return att_error_set(err, ATT_EINPUT, "%s:%ld: %s '%.40s' has no decimal point: "
                         "milliseconds (ELAN's msec) or seconds? Export the times from ELAN as "
                         "ss.msec (seconds with a decimal point, such as 12.0)", e->s.path, line,
                         what, f);
}

/* Where the times of a line with three fields between the tier and the
 * annotation start: field 2 after a participant, or field 1 (begin, end,
 * duration).  An empty first field is an empty participant (a time is never
 * empty), which settles the export's layout; a time there is the begin
 * (line_times settles the layout once the duration checks out).  Any other
 * text is taken for a participant, unless the layout is settled as begin,
 * end and duration, or the line read so would end before it begins (its
 * next two fields are then an end and a duration, as begin > 0): then it is
 * a begin time that does not parse (and a line read as a participant's
 * before the layout was known is reported when it is settled so:
 * line_times).  -1 with `err` set on failure. */
static int three_fields(elan *e, const att_csv_row *row, att_error *err)
{
    const char *f = row->field[1];
    if (e->three == THREE_DURATION)
        return 1;
    if (e->three == THREE_PARTICIPANT || !*f) {
        e->three = THREE_PARTICIPANT;
        return 2;
    }
    if (is_time(f))
        return 1;
    long long b, en;
    int fmt;
    if (elan_time(row->field[2], &b, &fmt) == 0 && elan_time(row->field[3], &en, &fmt) == 0
        && en < b) {
        att_import_bad_time(&e->s, row->line, "begin time", f, err);
        return -1;
    }
    if (!e->named_line) {
        if (!(e->named = strdup(f))) {
            att_error_nomem(err);
            return -1;
        }
        e->named_line = row->line;
    }
    return 2;
}

/* The begin and end of a line, from its time fields (see the top). */
static int line_times(elan *e, const att_csv_row *row, long long *begin, long long *end,
                      att_error *err)
{
    static const char *const what[] = { "begin time", "end time", "duration" };
    int between = row->n - 2, first = 1;
    if (between > 4)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %d fields: more than the tier, the "
                             "participant, the begin and end times, the duration and the "
                             "annotation: export one time format (ss.msec) in ELAN, without the "
                             "CV description", e->s.path, row->line, row->n);
    if (between == 4 && is_time(row->field[1]) && is_time(row->field[2])
        && is_time(row->field[3]) && is_time(row->field[4]))
        return att_error_set(err, ATT_EINPUT, "%s:%ld: more than three times on a line: "
                             "export one time format (ss.msec) in ELAN", e->s.path, row->line);
    if (between == 4)
        first = 2;   /* the participant, then begin, end and duration */
    else if (between == 3 && (first = three_fields(e, row, err)) < 0)
        return err->code;
    int nt = between - first + 1;   /* 2, or 3 with the duration */
    long long t[3];
    for (int i = 0; i < nt; i++) {
        const char *f = row->field[first + i];
        int fmt;
        if (elan_time(f, &t[i], &fmt) != 0)
            return att_import_bad_time(&e->s, row->line, what[i], f, err);
        if (fmt == FMT_MSEC)
            return whole_number(e, row->line, what[i], f, err);
    }
    if (nt == 3 && (t[2] - (t[1] - t[0]) > 1000 || (t[1] - t[0]) - t[2] > 1000))
        return att_error_set(err, ATT_EINPUT, "%s:%ld: the third time is not the duration (end "
                             "minus begin): export one time format (ss.msec) in ELAN",
                             e->s.path, row->line);
    if (between == 3 && first == 1) {
        e->three = THREE_DURATION;
        if (e->named_line)
            return att_import_bad_time(&e->s, e->named_line, what[0], e->named, err);
    }
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
    if (rc == ATT_OK && e.s.last_line == 0)
        rc = att_error_set(err, ATT_EINPUT, "%s: empty file (expected ELAN's tab-delimited text "
                           "export, one annotation a line)", path);
    if (rc == ATT_OK)
        rc = att_import_write(&e.s, opts, out, err);
    free(e.named);
    att_strmap_free(e.last);
    att_import_session_clear(&e.s);
    return rc;
}
