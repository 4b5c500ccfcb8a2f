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
 * Three fields between the tier and the annotation are a participant, a
 * begin and an end, or a begin, an end and the duration.  A participant
 * may look like a time ("1"), so no one line can be trusted to tell; but
 * ELAN writes every line of an export alike, so the whole file is read
 * first and the lines that fit only one layout settle it (settle).
 *
 * ELAN writes ss.msec as Java's Double.toString of the milliseconds / 1000
 * (6.2, 0.0: always with a decimal point) and msec as the milliseconds,
 * a whole number (6200).  A whole number is refused rather than read: it is
 * milliseconds from ELAN but seconds in a file written by hand, nothing in
 * the file tells which, and either reading of the other's file is 1000
 * times off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/import_grid.h"
#include "attune/import.h"
#include "base/csvread.h"
#include "base/grow.h"
#include "base/strmap.h"

/* The layout of the lines with three fields between the tier and the
 * annotation: not known, participant + begin + end, or begin + end +
 * duration. */
enum { THREE_UNKNOWN, THREE_PARTICIPANT, THREE_DURATION };

typedef struct {
    att_import_session s;
    att_strmap *last;   /* tier -> its last begin time, microseconds */
    att_csv_row *row;   /* the annotation lines, each field copied */
    size_t nrows, cap;
    int three;          /* THREE_*, as the file's lines show (settle) */
    long three_line;    /* the first line that showed it */
    long conflict;      /* the first line that showed the other one, or 0 */
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

/* Two times ELAN wrote from the same milliseconds (or a duration that is
 * the end minus the begin), whatever their formats. */
static int same_time(long long a, long long b)
{
    return a - b <= 1000 && b - a <= 1000;
}

/* Whether the line's `nt` fields from `first` are a begin, an end and (nt
 * 3) the duration: all times, the duration the end minus the begin, the
 * end not before the begin.  The times go into t. */
static int times_fit(const att_csv_row *row, int first, int nt, long long *t)
{
    int fmt;
    for (int i = 0; i < nt; i++)
        if (elan_time(row->field[first + i], &t[i], &fmt) != 0)
            return 0;
    return (nt < 3 || same_time(t[2], t[1] - t[0])) && t[0] <= t[1];
}

/* Whether a line's four fields between the tier and the annotation are a
 * begin and an end each in two formats, as ELAN writes them when two are
 * ticked: one time twice, in two formats in ELAN's order, then the other
 * alike.  A participant that looks like a time before a begin, an end and
 * a duration in one format is not that. */
static int two_formats(const att_csv_row *row)
{
    long long t[4];
    int fmt[4];
    for (int i = 0; i < 4; i++)
        if (elan_time(row->field[1 + i], &t[i], &fmt[i]) != 0)
            return 0;
    return fmt[0] < fmt[1] && fmt[2] == fmt[0] && fmt[3] == fmt[1] && same_time(t[0], t[1])
           && same_time(t[2], t[3]);
}

/* The layout a line with three fields between the tier and the annotation
 * shows: begin, end and duration when they fit so (read with a participant
 * such a line would end before it begins, or where it begins: ELAN writes
 * no such annotation); participant, begin and end when only that fits and
 * the annotation lasts (one of no length shows nothing: "O.000 5.0 5.0" is
 * as likely a begin at 0 typed wrong); else nothing. */
static int three_shows(const att_csv_row *row)
{
    long long t[3];
    if (times_fit(row, 1, 3, t))
        return THREE_DURATION;
    if (times_fit(row, 2, 2, t) && t[0] < t[1])
        return THREE_PARTICIPANT;
    return THREE_UNKNOWN;
}

/* The layout of the file's three-field lines: the one shown by the first
 * line that shows one.  The first line that shows the other is a conflict,
 * refused when it is read (three_first). */
static void settle(elan *e)
{
    for (size_t i = 0; i < e->nrows && !e->conflict; i++) {
        const att_csv_row *row = &e->row[i];
        int shows = row->n == 5 ? three_shows(row) : THREE_UNKNOWN;
        if (shows == THREE_UNKNOWN)
            continue;
        if (e->three == THREE_UNKNOWN) {
            e->three = shows;
            e->three_line = row->line;
        } else if (shows != e->three) {
            e->conflict = row->line;
        }
    }
}

/* Where the times of a line with three fields between the tier and the
 * annotation start: 2 after a participant, 1 with a duration, as settled.
 * When no line settles it, none fits either layout; such a line is read
 * with a participant unless its first field is not empty (a time never is)
 * and its last two would end before they begin (ELAN writes no such
 * annotation: the first is a begin that is not a time).  -1 with `err` set
 * on the line that shows the other layout. */
static int three_first(const elan *e, const att_csv_row *row, att_error *err)
{
    static const char *const shown[] = { "", "a participant, a begin and an end",
                                          "a begin, an end and its duration" };
    if (row->line == e->conflict) {
        att_error_set(err, ATT_EINPUT, "%s:%ld: the three fields between the tier and the "
                      "annotation are %s, on line %ld %s: ELAN writes every line of an export "
                      "alike, so which this file has cannot be told; export it again from ELAN",
                      e->s.path, row->line,
                      shown[THREE_PARTICIPANT + THREE_DURATION - e->three],   /* the other */
                      e->three_line, shown[e->three]);
        return -1;
    }
    if (e->three != THREE_UNKNOWN)
        return e->three == THREE_DURATION ? 1 : 2;
    long long b, en;
    int fmt;
    return *row->field[1] && elan_time(row->field[2], &b, &fmt) == 0
           && elan_time(row->field[3], &en, &fmt) == 0 && en < b ? 1 : 2;
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

/* The begin and end of a line, from its time fields (see the top). */
static int line_times(const elan *e, const att_csv_row *row, long long *begin, long long *end,
                      att_error *err)
{
    static const char *const what[] = { "begin time", "end time", "duration" };
    int between = row->n - 2, first = 1;
    if (between > 4)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %d fields: more than the tier, the "
                             "participant, the begin and end times, the duration and the "
                             "annotation: export one time format (ss.msec) in ELAN, without the "
                             "CV description", e->s.path, row->line, row->n);
    if (between == 4 && two_formats(row))
        return att_error_set(err, ATT_EINPUT, "%s:%ld: more than three times on a line: "
                             "export one time format (ss.msec) in ELAN", e->s.path, row->line);
    if (between == 4)
        first = 2;   /* the participant, then begin, end and duration */
    else if (between == 3 && (first = three_first(e, row, err)) < 0)
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
    if (nt == 3 && !same_time(t[2], t[1] - t[0]))
        return att_error_set(err, ATT_EINPUT, "%s:%ld: the third time is not the duration (end "
                             "minus begin): export one time format (ss.msec) in ELAN",
                             e->s.path, row->line);
    *begin = t[0];
    *end = t[1];
    if (*end < *begin)   /* with Duration ticked and End Time not, the duration is here */
        return att_error_set(err, ATT_EINPUT, "%s:%ld: the end time %.9g is before the begin "
                             "time %.9g%s", e->s.path, row->line, (double)*end / 1e6,
                             (double)*begin / 1e6, nt == 2 ? ": if it is the duration, export "
                             "again from ELAN with End Time ticked" : "");
    return ATT_OK;
}

/* One annotation line, once the file's layout is settled. */
static int read_line(elan *e, const att_csv_row *row, att_error *err)
{
    if (row->n < 4)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %d fields: a line needs the tier, the begin "
                             "and end times and the annotation, separated by tabs", e->s.path,
                             row->line, row->n);
    const char *tier = row->field[0], *code = row->field[row->n - 1];
    long long begin = 0, end = 0;
    int rc = line_times(e, row, &begin, &end, err);
    if (rc != ATT_OK)
        return rc;
    int role = att_import_role(e->s.map, tier);
    if (role < 0)
        return att_import_unmapped(&e->s, row->line, "tier", tier, err);
    long last = att_strmap_get(e->last, tier);
    if (last > begin)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: tier '%.60s' begins before its line above: "
                             "times must not go backwards", e->s.path, row->line, tier);
    if (att_strmap_put(e->last, tier, (long)begin) < 0)
        return att_error_nomem(err);
    if (end > e->s.end) {
        e->s.end = end;
        snprintf(e->s.end_why, sizeof e->s.end_why, "the end time of line %ld", row->line);
    }
    if (role == ATT_IMPORT_IGNORE || end == begin)
        return ATT_OK;
    if (!*code)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: empty annotation", e->s.path, row->line);
    return att_import_add(&e->s, role, begin, end, code, row->line, err);
}

/* A line of column names before any annotation: one of its fields is
 * "Begin Time" (ELAN's name for that column). */
static int is_column_names(const elan *e, const att_csv_row *row)
{
    if (e->nrows)
        return 0;
    for (int i = 0; i < row->n; i++)
        if (strcmp(row->field[i], "Begin Time") == 0)
            return 1;
    return 0;
}

/* Keeps a copy of an annotation line, its fields in one block after their
 * pointers, for reading once the whole file is seen. */
static int on_row(const att_csv_row *row, void *user, att_error *err)
{
    elan *e = user;
    e->s.last_line = row->line;
    if (row->field[0][0] == '#' || is_column_names(e, row))
        return ATT_OK;
    size_t bytes = (size_t)row->n * sizeof(char *);
    for (int i = 0; i < row->n; i++)
        bytes += row->len[i] + 1;
    if (att_grow(&e->row, &e->cap, e->nrows + 1, sizeof *e->row, err) != ATT_OK)
        return ATT_ENOMEM;
    char **field = malloc(bytes);
    if (!field)
        return att_error_nomem(err);
    char *p = (char *)(field + row->n);
    for (int i = 0; i < row->n; i++) {
        field[i] = memcpy(p, row->field[i], row->len[i] + 1);
        p += row->len[i] + 1;
    }
    e->row[e->nrows++] = (att_csv_row){ .line = row->line, .n = row->n,
                                        .field = (const char *const *)field, .len = NULL };
    return ATT_OK;
}

static int read_all(elan *e, att_error *err)
{
    FILE *fp = att_csv_open(e->s.path, err);
    if (!fp)
        return err ? err->code : ATT_EINPUT;
    int rc = att_csv_read(fp, e->s.path, ATT_CSV_DELIMITER('\t'), on_row, e, err);
    if (fp != stdin)
        fclose(fp);
    if (rc == ATT_OK && e->s.last_line == 0)
        rc = att_error_set(err, ATT_EINPUT, "%s: empty file (expected ELAN's tab-delimited text "
                           "export, one annotation a line)", e->s.path);
    if (rc != ATT_OK)
        return rc;
    settle(e);
    for (size_t i = 0; i < e->nrows && rc == ATT_OK; i++)
        rc = read_line(e, &e->row[i], err);
    return rc;
}

int att_import_elan(const char *path, const att_import_map *map, const att_import_opts *opts,
                    FILE *out, att_error *err)
{
    int rc = att_import_check_opts(opts, err);
    if (rc != ATT_OK)
        return rc;
    elan e = { .s = { .path = path, .map = map, .program = "ELAN" } };
    if (!(e.last = att_strmap_new()))
        return att_error_nomem(err);
    rc = read_all(&e, err);
    if (rc == ATT_OK)
        rc = att_import_write(&e.s, opts, out, err);
    for (size_t i = 0; i < e.nrows; i++)
        free((void *)e.row[i].field);
    free(e.row);
    att_strmap_free(e.last);
    att_import_session_clear(&e.s);
    return rc;
}
