/* BORIS's tabular events export (Observations > Export events, CSV or
 * TSV) read as attune's coded CSV on a grid: each subject's state events
 * (START ... STOP) become the states of the partner the map names
 * (docs/IMPORT.md).  The columns are found by name in the header row, as
 * BORIS's exporter writes them (export_tabular_events in BORIS's
 * boris/export_observation.py): Observation id, ..., Media duration (s),
 * ..., Subject, Behavior, Behavioral category, Modifier #1..., Behavior
 * type (the status: START, STOP or POINT), Time, ...; older versions call
 * the status column Status and write lines of observation details above
 * the header, which are skipped. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/import_grid.h"
#include "attune/import.h"
#include "attune/param.h"
#include "base/csvread.h"
#include "base/grow.h"

enum { C_TIME, C_SUBJECT, C_BEHAVIOR, C_STATUS, C_OBS, C_MEDIA, NCOLS };

typedef struct {
    char *subject, *behavior;
    long long start;
    long line;
} open_state;

typedef struct {
    att_import_session s;
    int col[NCOLS];
    int ncols;               /* fields in the header */
    long long last_t, media;
    long last_t_line;        /* the first row at last_t, and whether a POINT */
    int last_t_point;
    char *obs;               /* the observation id */
    open_state *open;
    size_t nopen, cap;
} boris;

/* A header row names Time, Subject, Behavior and a status column. */
static int find_header(boris *b, const att_csv_row *row)
{
    for (int c = 0; c < NCOLS; c++)
        b->col[c] = -1;
    for (int i = 0; i < row->n; i++) {
        const char *f = row->field[i];
        int c = strcmp(f, "Time") == 0 ? C_TIME
              : strcmp(f, "Subject") == 0 ? C_SUBJECT
              : strcmp(f, "Behavior") == 0 ? C_BEHAVIOR
              : strcmp(f, "Behavior type") == 0 || strcmp(f, "Status") == 0 ? C_STATUS
              : strcmp(f, "Observation id") == 0 ? C_OBS
              : strcmp(f, "Media duration (s)") == 0 || strcmp(f, "Total length") == 0 ? C_MEDIA
              : -1;
        if (c >= 0 && b->col[c] < 0)
            b->col[c] = i;
    }
    b->ncols = row->n;
    return b->col[C_TIME] >= 0 && b->col[C_SUBJECT] >= 0 && b->col[C_BEHAVIOR] >= 0
           && b->col[C_STATUS] >= 0;
}

static int start_state(boris *b, const char *subj, const char *behav, long long t, long line,
                       att_error *err)
{
    for (size_t i = 0; i < b->nopen; i++)
        if (strcmp(b->open[i].subject, subj) == 0 && strcmp(b->open[i].behavior, behav) == 0)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: START of '%.40s' for '%.40s' while it "
                                 "is going on (started at line %ld)", b->s.path, line, behav, subj,
                                 b->open[i].line);
    if (att_grow(&b->open, &b->cap, b->nopen + 1, sizeof *b->open, err) != ATT_OK)
        return ATT_ENOMEM;
    open_state *o = &b->open[b->nopen];
    if (!(o->subject = strdup(subj)) || !(o->behavior = strdup(behav))) {
        free(o->subject);
        return att_error_nomem(err);
    }
    o->start = t;
    o->line = line;
    b->nopen++;
    return ATT_OK;
}

static int stop_state(boris *b, int role, const char *subj, const char *behav, long long t,
                      long line, att_error *err)
{
    size_t i = 0;
    while (i < b->nopen && (strcmp(b->open[i].subject, subj) != 0
                            || strcmp(b->open[i].behavior, behav) != 0))
        i++;
    if (i == b->nopen)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: STOP of '%.40s' for '%.40s' without a "
                             "START", b->s.path, line, behav, subj);
    open_state o = b->open[i];
    b->open[i] = b->open[--b->nopen];
    /* A state that stops where it starts (START and STOP at one time) lasts
     * no time: no row can hold it, so it is passed over as ELAN's
     * annotations of zero length are, its code unchecked. */
    int rc = role == ATT_IMPORT_IGNORE || t == o.start ? ATT_OK
             : att_import_add(&b->s, role, o.start, t, behav, o.line, err);
    free(o.subject);
    free(o.behavior);
    return rc;
}

static int same_observation(boris *b, const att_csv_row *row, att_error *err)
{
    if (b->col[C_OBS] < 0)
        return ATT_OK;
    const char *id = row->field[b->col[C_OBS]];
    if (!b->obs)
        return (b->obs = strdup(id)) ? ATT_OK : att_error_nomem(err);
    if (strcmp(b->obs, id) != 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: a second observation ('%.40s' after "
                             "'%.40s'): export each observation to its own file", b->s.path,
                             row->line, id, b->obs);
    return ATT_OK;
}

static int on_row(const att_csv_row *row, void *user, att_error *err)
{
    boris *b = user;
    b->s.last_line = row->line;
    if (b->ncols == 0) {
        find_header(b, row);
        if (b->col[C_TIME] < 0 || b->col[C_SUBJECT] < 0 || b->col[C_BEHAVIOR] < 0 || b->col[C_STATUS] < 0)
            b->ncols = 0;   /* observation details above the header */
        return ATT_OK;
    }
    /* More fields than the header are refused as fewer are: the columns
     * after a split field would be read one place off (an unquoted decimal
     * comma, "2,5", would be Time 2). */
    if (row->n != b->ncols)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %d field%s, but the header has %d (a "
                             "ragged row%s)", b->s.path, row->line, row->n, row->n == 1 ? "" : "s",
                             b->ncols, row->n > b->ncols ? ": a comma in a field that is not "
                             "quoted, such as a decimal comma, makes two fields" : "");
    const char *tt = row->field[b->col[C_TIME]], *subj = row->field[b->col[C_SUBJECT]];
    const char *behav = row->field[b->col[C_BEHAVIOR]], *status = row->field[b->col[C_STATUS]];
    long long t;
    if (att_import_time(tt, &t) != 0)
        return att_import_bad_time(&b->s, row->line, "Time", tt, err);
    if (t < b->last_t)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: Time %.40s is before the row above: times "
                             "must not go backwards", b->s.path, row->line, tt);
    if (t > b->last_t || !b->last_t_line) {
        b->last_t_line = row->line;
        b->last_t_point = strcmp(status, "POINT") == 0;
    }
    b->last_t = t;
    int rc = same_observation(b, row, err);
    if (rc != ATT_OK)
        return rc;
    double media;
    if (b->col[C_MEDIA] >= 0 && att_parse_double(row->field[b->col[C_MEDIA]], &media) == 0
        && media > 0 && media <= 4e9 && llround(media * 1e6) > b->media)
        b->media = llround(media * 1e6);
    if (!*subj)
        subj = "No focal subject";   /* BORIS's name for events without a subject */
    int role = att_import_role(b->s.map, subj);
    if (role < 0)
        return att_import_unmapped(&b->s, row->line, "subject", subj, err);
    if (strcmp(status, "START") == 0)
        return start_state(b, subj, behav, t, row->line, err);
    if (strcmp(status, "STOP") == 0)
        return stop_state(b, role, subj, behav, t, row->line, err);
    if (strcmp(status, "POINT") == 0)
        return ATT_OK;   /* a point event has no duration: not a state */
    return att_error_set(err, ATT_EINPUT, "%s:%ld: status '%.40s' (START, STOP or POINT)",
                         b->s.path, row->line, status);
}

static int read_all(boris *b, att_error *err)
{
    FILE *fp = att_csv_open(b->s.path, err);
    if (!fp)
        return err ? err->code : ATT_EINPUT;
    int rc = att_csv_read(fp, b->s.path, 0, on_row, b, err);
    if (fp != stdin)
        fclose(fp);
    if (rc != ATT_OK)
        return rc;
    if (b->s.last_line == 0)
        return att_error_set(err, ATT_EINPUT, "%s: empty file (expected BORIS's tabular events "
                             "export, a header row and one event a row)", b->s.path);
    if (b->ncols == 0)
        return att_error_set(err, ATT_EINPUT, "%s:1: no header row with the columns Time, Subject, "
                             "Behavior and Behavior type (or Status): is this BORIS's tabular "
                             "events export?", b->s.path);
    if (b->nopen)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: '%.40s' of '%.40s' starts here and never "
                             "stops", b->s.path, b->open[0].line, b->open[0].behavior,
                             b->open[0].subject);
    b->s.end = b->last_t > b->media ? b->last_t : b->media;
    if (b->media > b->last_t)
        snprintf(b->s.end_why, sizeof b->s.end_why, "the media duration");
    else
        snprintf(b->s.end_why, sizeof b->s.end_why, "the Time of line %ld%s", b->last_t_line,
                 b->last_t_point ? ", a POINT event" : "");
    return ATT_OK;
}

int att_import_boris(const char *path, const att_import_map *map, const att_import_opts *opts,
                     FILE *out, att_error *err)
{
    int rc = att_import_check_opts(opts, err);
    if (rc != ATT_OK)
        return rc;
    boris b = { .s = { .path = path, .map = map, .program = "BORIS" } };
    rc = read_all(&b, err);
    if (rc == ATT_OK)
        rc = att_import_write(&b.s, opts, out, err);
    for (size_t i = 0; i < b.nopen; i++) {
        free(b.open[i].subject);
        free(b.open[i].behavior);
    }
    free(b.open);
    free(b.obs);
    att_import_session_clear(&b.s);
    return rc;
}
