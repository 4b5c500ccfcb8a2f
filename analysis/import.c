/* What the importers share: the mapping file (which subject or tier is the
 * infant, the caregiver, the phases), times, and the grid written from
 * each partner's states (docs/IMPORT.md). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/import_grid.h"
#include "attune/param.h"
#include "attune/scorer.h"
#include "base/csvread.h"
#include "base/csvwrite.h"
#include "base/datadir.h"
#include "base/grow.h"
#include "base/strmap.h"

struct att_import_map {
    att_strmap *role;   /* name -> ATT_IMPORT_* role */
    char *name[ATT_IMPORT_TRACKS];  /* who holds each track, for messages */
    char *phase_name;   /* one phase for the whole session, or NULL */
    char **names;       /* every subject or tier named, for "did you mean" */
    size_t nnames, cap_names;
};

static const char *const role_names[] = { "infant", "caregiver", "phase", "ignore", "phase_name" };
enum { ROLE_PHASE_NAME = 4, NROLES = 5 };

typedef struct {
    att_import_map *m;
    const char *path;
    int col_role, col_name;
    int header_done;
} map_reader;

static int map_header(map_reader *r, const att_csv_row *row, att_error *err)
{
    r->col_role = r->col_name = -1;
    for (int i = 0; i < row->n; i++) {
        if (strcmp(row->field[i], "role") == 0)
            r->col_role = i;
        else if (strcmp(row->field[i], "name") == 0)
            r->col_name = i;
    }
    r->header_done = 1;
    if (r->col_role < 0 || r->col_name < 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: the map's header must have the columns "
                             "'role' and 'name'", r->path, row->line);
    return ATT_OK;
}

static int map_row(const att_csv_row *row, void *user, att_error *err)
{
    map_reader *r = user;
    if (!r->header_done)
        return map_header(r, row, err);
    if (row->n <= r->col_role || row->n <= r->col_name)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: a row needs a role and a name", r->path,
                             row->line);
    const char *role = row->field[r->col_role], *name = row->field[r->col_name];
    int k = 0;
    while (k < NROLES && strcmp(role, role_names[k]) != 0)
        k++;
    if (k == NROLES)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: unknown role '%.60s' (infant, caregiver, "
                             "phase, phase_name or ignore)", r->path, row->line, role);
    if (!*name)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: empty name", r->path, row->line);
    att_import_map *m = r->m;
    if (k == ROLE_PHASE_NAME || k == ATT_IMPORT_PHASE) {
        if (m->phase_name || m->name[ATT_IMPORT_PHASE])
            return att_error_set(err, ATT_EINPUT, "%s:%ld: a second phase or phase_name row",
                                 r->path, row->line);
    } else if (k != ATT_IMPORT_IGNORE && m->name[k]) {
        return att_error_set(err, ATT_EINPUT, "%s:%ld: a second %s row ('%.60s' is already the %s)",
                             r->path, row->line, role, m->name[k], role);
    }
    if (k == ROLE_PHASE_NAME && strcmp(name, ATT_SCORE_ALL) == 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s", r->path, row->line,
                             ATT_SCORE_ALL_RESERVED);
    if (k == ROLE_PHASE_NAME)
        return (m->phase_name = strdup(name)) ? ATT_OK : att_error_nomem(err);
    if (att_strmap_get(m->role, name) >= 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: '%.60s' is mapped twice", r->path,
                             row->line, name);
    if (att_strmap_put(m->role, name, k) < 0
        || att_grow(&m->names, &m->cap_names, m->nnames + 1, sizeof *m->names, err) != ATT_OK
        || !(m->names[m->nnames] = strdup(name)))
        return att_error_nomem(err);
    m->nnames++;
    if (k < ATT_IMPORT_TRACKS && !(m->name[k] = strdup(name)))
        return att_error_nomem(err);
    return ATT_OK;
}

att_import_map *att_import_map_load(const char *path, att_error *err)
{
    att_import_map *m = calloc(1, sizeof *m);
    if (!m || !(m->role = att_strmap_new())) {
        free(m);
        att_error_nomem(err);
        return NULL;
    }
    FILE *fp = att_csv_open(path, err);
    if (!fp) {
        att_import_map_free(m);
        return NULL;
    }
    map_reader r = { .m = m, .path = path };
    int rc = att_csv_read(fp, path, 0, map_row, &r, err);
    if (fp != stdin)
        fclose(fp);
    if (rc == ATT_OK && !r.header_done)
        rc = att_error_set(err, ATT_EINPUT, "%s: empty map", path);
    else if (rc == ATT_OK && (!m->name[ATT_IMPORT_INFANT] || !m->name[ATT_IMPORT_CAREGIVER]))
        rc = att_error_set(err, ATT_EINPUT, "%s: the map needs an infant row and a caregiver row",
                           path);
    if (rc != ATT_OK) {
        att_import_map_free(m);
        return NULL;
    }
    return m;
}

void att_import_map_free(att_import_map *m)
{
    if (!m)
        return;
    att_strmap_free(m->role);
    for (int k = 0; k < ATT_IMPORT_TRACKS; k++)
        free(m->name[k]);
    free(m->phase_name);
    for (size_t i = 0; i < m->nnames; i++)
        free(m->names[i]);
    free(m->names);
    free(m);
}

int att_import_role(const att_import_map *m, const char *name)
{
    return (int)att_strmap_get(m->role, name);
}

/* Whether a and b are the same but for ASCII capitals. */
static int same_but_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

int att_import_unmapped(const att_import_session *s, long line, const char *what,
                        const char *name, att_error *err)
{
    const att_import_map *m = s->map;
    const char *near = NULL;
    for (size_t i = 0; i < m->nnames && !near; i++)
        if (same_but_case(name, m->names[i]))
            near = m->names[i];
    int by_case = near != NULL;
    if (!near)
        near = att_suggest(name, (const char *const *)m->names, m->nnames);
    /* The way to leave it out comes last, for when it is none of the map's:
     * a row 'ignore,Infant' beside 'infant,infant' would leave the infant
     * without states. */
    if (!near)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s '%.60s' is not in the map (a row "
                             "'ignore,%.60s' leaves it out)", s->path, line, what, name, name);
    return att_error_set(err, ATT_EINPUT, "%s:%ld: %s '%.60s' is not in the map (%sdid you mean "
                         "'%.60s'? If it is not that one, a row 'ignore,%.60s' leaves it out)",
                         s->path, line, what, name, by_case ? "names match exactly, capitals "
                         "included: " : "", near, name);
}

/* ---- times ---- */

static int whole(const char *s, size_t n, long *out)
{
    if (n == 0 || n > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int att_import_time(const char *text, long long *us)
{
    double sec = 0, x;
    const char *colon = strrchr(text, ':');
    if (colon) {
        const char *first = strchr(text, ':');
        long h = 0, m;
        if (first != colon) {
            if (whole(text, (size_t)(first - text), &h) || whole(first + 1, (size_t)(colon - first - 1), &m))
                return -1;
        } else if (whole(text, (size_t)(colon - text), &m)) {
            return -1;
        }
        if ((first != colon && m >= 60) || att_parse_double(colon + 1, &x) != 0 || !(x >= 0 && x < 60)
            || colon[1] == '-' || colon[1] == '+')
            return -1;
        sec = (double)h * 3600 + (double)m * 60 + x;
    } else if (att_parse_double(text, &sec) != 0) {
        return -1;
    }
    if (!(sec >= 0 && sec <= 4e9))
        return -1;
    *us = llround(sec * 1e6);
    return 0;
}

int att_import_bad_time(const att_import_session *s, long line, const char *what,
                        const char *text, att_error *err)
{
    /* A decimal comma gets the coded-file reader's words (att_number_problem). */
    const char *sec = strrchr(text, ':');
    double x;
    int rc = att_parse_double(sec ? sec + 1 : text, &x);
    if (rc == ATT_NUM_DECIMAL_COMMA)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s '%.40s' %s", s->path, line, what, text,
                             att_number_problem(rc));
    return att_error_set(err, ATT_EINPUT, "%s:%ld: %s '%.40s' is not a time (seconds such as "
                         "12.345, or hh:mm:ss.mmm, from 0)", s->path, line, what, text);
}

/* ---- the tracks ---- */

/* Each track's partner, for messages. */
static const char *const who[ATT_IMPORT_TRACKS] = { "infant", "caregiver", "phase" };

int att_import_add(att_import_session *s, int role, long long start, long long stop,
                   const char *code, long line, att_error *err)
{
    assert(role >= 0 && role < ATT_IMPORT_TRACKS && start <= stop);
    if (role == ATT_IMPORT_PHASE && strcmp(code, ATT_SCORE_ALL) == 0)   /* coded.c refuses it */
        return att_error_set(err, ATT_EINPUT, "%s:%ld: %s", s->path, line, ATT_SCORE_ALL_RESERVED);
    att_import_track *t = &s->track[role];
    if (att_grow(&t->span, &t->cap, t->n + 1, sizeof *t->span, err) != ATT_OK)
        return ATT_ENOMEM;
    if (!(t->span[t->n].code = strdup(code)))
        return att_error_nomem(err);
    t->span[t->n].start = start;
    t->span[t->n].stop = stop;
    t->span[t->n].line = line;
    t->n++;
    if (stop > s->end)
        s->end = stop;
    return ATT_OK;
}

void att_import_session_clear(att_import_session *s)
{
    for (int k = 0; k < ATT_IMPORT_TRACKS; k++) {
        for (size_t i = 0; i < s->track[k].n; i++)
            free(s->track[k].span[i].code);
        free(s->track[k].span);
        s->track[k] = (att_import_track){ 0 };
    }
}

static int by_start(const void *a, const void *b)
{
    const att_import_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Seconds from microseconds, as short as it goes: 12, 12.5, 0.000001. */
static void put_time(FILE *out, long long us)
{
    char frac[8];
    snprintf(frac, sizeof frac, "%06lld", us % 1000000);
    size_t n = strlen(frac);
    while (n > 0 && frac[n - 1] == '0')
        frac[--n] = '\0';
    fprintf(out, n ? "%lld.%s" : "%lld%s", us / 1000000, frac);
}

static void fmt_time(char *buf, size_t cap, long long us)
{
    snprintf(buf, cap, "%.6g s", (double)us / 1e6);
}

static int check_overlaps(att_import_session *s, att_error *err)
{
    for (int k = 0; k < ATT_IMPORT_TRACKS; k++) {
        att_import_track *t = &s->track[k];
        if (t->n > 1)
            qsort(t->span, t->n, sizeof *t->span, by_start);
        for (size_t i = 1; i < t->n; i++) {
            const att_import_span *a = &t->span[i - 1], *b = &t->span[i];
            if (b->start >= a->stop)
                continue;
            const att_import_span *late = a->line > b->line ? a : b, *early = late == a ? b : a;
            char t0[32], t1[32], t2[32];
            fmt_time(t0, sizeof t0, late->start);
            fmt_time(t1, sizeof t1, early->start);
            fmt_time(t2, sizeof t2, early->stop);
            return att_error_set(err, ATT_EINPUT, "%s:%ld: the %s's '%.40s' at %s overlaps its "
                                 "'%.40s' (line %ld, %s to %s): one partner's states must not "
                                 "overlap", s->path, late->line, who[k], late->code, t0,
                                 early->code, early->line, t1, t2);
        }
    }
    return ATT_OK;
}

/* The code of track k at time t (its index advanced in *i), or NULL. */
static const char *code_at(const att_import_track *tr, size_t *i, long long t)
{
    while (*i < tr->n && tr->span[*i].stop <= t)
        (*i)++;
    return *i < tr->n && tr->span[*i].start <= t ? tr->span[*i].code : NULL;
}

/* The first time after t where some track's state begins or ends (each
 * idx[k] at the first span of track k that ends after t), or the end. */
static long long next_change(const att_import_session *s, const size_t *idx, long long t)
{
    long long next = s->end;
    for (int k = 0; k < ATT_IMPORT_TRACKS; k++) {
        const att_import_track *tr = &s->track[k];
        if (idx[k] >= tr->n)
            continue;
        long long c = tr->span[idx[k]].start > t ? tr->span[idx[k]].start : tr->span[idx[k]].stop;
        if (c < next)
            next = c;
    }
    return next;
}

/* Whether the codes at this point are those of the row before (prev[0]
 * NULL: no row yet). */
static int same_codes(const char *const *code, const char *const *prev)
{
    if (!prev[ATT_IMPORT_INFANT])
        return 0;
    for (int k = 0; k < ATT_IMPORT_TRACKS; k++)
        if ((code[k] == NULL) != (prev[k] == NULL) || (code[k] && strcmp(code[k], prev[k]) != 0))
            return 0;
    return 1;
}

/* One row: t[,phase],infant_code,caregiver_code,end. */
static void put_row(FILE *out, long long t, const char *const *code, int phased, long long end)
{
    put_time(out, t);
    for (int k = phased ? ATT_IMPORT_PHASE : ATT_IMPORT_INFANT, n = phased ? 3 : 2; n > 0;
         n--, k = (k + 1) % ATT_IMPORT_TRACKS) {
        fputc(',', out);
        att_csv_put_field(out, code[k]);
    }
    fputc(',', out);
    put_time(out, end);
    fputc('\n', out);
}

/* The line to name for a gap in track k before span idx: the line that
 * started the state before the gap, else the one after it, else the
 * file's last line. */
static long gap_line(const att_import_session *s, int k, size_t idx)
{
    const att_import_track *tr = &s->track[k];
    if (idx > 0 && idx <= tr->n)
        return tr->span[idx - 1].line;
    return tr->n ? tr->span[0].line : s->last_line;
}

/* Code `code` of track k (infant or caregiver) is in the table's
 * vocabulary, else "PATH:LINE: unknown ..." (`what`: "" or " (--fill)"). */
static int check_code(const att_import_session *s, const att_match_table *mt, int k,
                      const char *code, long line, const char *what, att_error *err)
{
    int infant = k == ATT_IMPORT_INFANT;
    if ((infant ? att_match_table_infant_index(mt, code)
                : att_match_table_caregiver_index(mt, code)) >= 0)
        return ATT_OK;
    char list[300];
    att_match_table_list(mt, infant, list, sizeof list);
    const char *hint = att_match_table_suggest(mt, infant, code);
    return att_error_set(err, ATT_EINPUT, "%s:%ld: unknown %s code '%.60s'%s%s%s%s; table %s "
                         "knows: %s", s->path, line, infant ? "infant" : "caregiver", code, what,
                         hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "",
                         att_match_table_path(mt), list);
}

/* The words of a code that is not a code name (`what`: "infant code",
 * "the fill code"), then what to do: `fix`, the code name it could be
 * (att_data_name_like), then `then`. */
static void name_rule(char *buf, size_t cap, const char *what, const char *code,
                      const char *fix, const char *then)
{
    char name[64];
    int like = att_data_name_like(code, name, sizeof name) == 0;
    snprintf(buf, cap, "%s '%.60s' is not a lowercase code name [a-z0-9_-]+, as match tables "
             "and code schemes require, so it could never be scored: %s%s%s%s%s", what, code,
             fix, like ? " ('" : "", like ? name : "", like ? "', say)" : "", then);
}

/* Every infant and caregiver code is a code name (att_data_is_name, the
 * rule of match tables and schemes): else "PATH:LINE: ..." at the first
 * line, in the file's order, that has one that is not.  Without it such a
 * code would pass here and be refused only by `attune score`. */
static int check_names(const att_import_session *s, att_error *err)
{
    const att_import_span *first = NULL;
    int first_k = 0;
    for (int k = ATT_IMPORT_INFANT; k <= ATT_IMPORT_CAREGIVER; k++)
        for (size_t i = 0; i < s->track[k].n; i++) {
            const att_import_span *sp = &s->track[k].span[i];
            if (!att_data_is_name(sp->code) && (!first || sp->line < first->line)) {
                first = sp;
                first_k = k;
            }
        }
    if (!first)
        return ATT_OK;
    char rule[400], fix[64];
    snprintf(fix, sizeof fix, "rename it in %s", s->program ? s->program : "the export");
    name_rule(rule, sizeof rule, first_k == ATT_IMPORT_INFANT ? "infant code" : "caregiver code",
              first->code, fix, " and export again");
    return att_error_set(err, ATT_EINPUT, "%s:%ld: %s", s->path, first->line, rule);
}

int att_import_check_opts(const att_import_opts *opts, att_error *err)
{
    double step = opts && opts->step > 0 ? opts->step : 1;
    long long step_us = llround(step * 1e6);
    if (!(step >= 1e-6 && step <= 86400) || fabs((double)step_us - step * 1e6) > 1e-3)
        return att_error_set(err, ATT_EINPUT, "step %g: must be from 0.000001 to 86400 seconds, "
                             "in whole microseconds", step);
    const char *fill = opts ? opts->fill : NULL;
    if (fill && !*fill)
        return att_error_set(err, ATT_EINPUT, "the fill code must not be empty");
    if (fill && !att_data_is_name(fill)) {
        char rule[400];
        name_rule(rule, sizeof rule, "the fill code", fill, "give one that is", "");
        return att_error_set(err, ATT_EINPUT, "%s", rule);
    }
    return ATT_OK;
}

/* Every infant and caregiver code is in the table's vocabulary. */
static int check_codes(const att_import_session *s, const att_match_table *mt, att_error *err)
{
    for (int k = ATT_IMPORT_INFANT; k <= ATT_IMPORT_CAREGIVER; k++)
        for (size_t i = 0; i < s->track[k].n; i++)
            if (check_code(s, mt, k, s->track[k].span[i].code, s->track[k].span[i].line, "",
                           err) != ATT_OK)
                return err->code;
    return ATT_OK;
}

/* Every track the map names (infant, caregiver, phase) holds a state. */
static int check_present(const att_import_session *s, att_error *err)
{
    for (int k = 0; k < ATT_IMPORT_TRACKS; k++)
        if (s->map->name[k] && s->track[k].n == 0)
            return att_error_set(err, ATT_EINPUT, "%s:%ld: the map's %s '%.60s' has no states "
                                 "in the export (is it spelled as in the export?)", s->path,
                                 s->last_line, who[k], s->map->name[k]);
    return ATT_OK;
}

/* "PATH:LINE: the infant ('Baby') has no state at T s: ..." for track k
 * at t, idx its first span that ends after t; LINE is that of the state
 * before the gap (gap_line).  After the track's last state, what made the
 * session go on is said too (end_why: a POINT event, another partner's
 * later state, the media), as that line is not the one named. */
static int no_state(const att_import_session *s, int k, size_t idx, long long t, att_error *err)
{
    const att_import_track *tr = &s->track[k];
    char at[32], stop[32], end[32], after[200] = "";
    fmt_time(at, sizeof at, t);
    if (idx >= tr->n && tr->n > 0 && s->end_why[0]) {
        fmt_time(stop, sizeof stop, tr->span[tr->n - 1].stop);
        fmt_time(end, sizeof end, s->end);
        snprintf(after, sizeof after, " (its last state stops at %s, the session at %s: %s)",
                 stop, end, s->end_why);
    }
    return att_error_set(err, ATT_EINPUT, "%s:%ld: the %s ('%.60s') has no state at %s%s%s",
                         s->path, gap_line(s, k, idx), who[k], s->map->name[k], at, after,
                         k == ATT_IMPORT_PHASE ? ": the phases must cover the session"
                         : ": code every moment, or give such moments a code (--fill)");
}

/* One pass over the grid (step > 0) or the change points (step 0): checks
 * every point (out NULL) or writes it. */
static int sweep(const att_import_session *s, long long step, const char *fill,
                 const att_match_table *mt, FILE *out, att_error *err)
{
    const att_import_map *m = s->map;
    int phased = m->phase_name || m->name[ATT_IMPORT_PHASE];
    size_t idx[ATT_IMPORT_TRACKS] = { 0 };
    const char *prev[ATT_IMPORT_TRACKS] = { NULL };
    if (out)
        fputs(phased ? "t,phase,infant_code,caregiver_code,end\n"
                     : "t,infant_code,caregiver_code,end\n", out);
    for (long long t = 0; t < s->end; t = step ? t + step : next_change(s, idx, t)) {
        const char *code[ATT_IMPORT_TRACKS];
        for (int k = 0; k < ATT_IMPORT_TRACKS; k++) {
            code[k] = code_at(&s->track[k], &idx[k], t);
            if (k == ATT_IMPORT_PHASE && m->phase_name)
                code[k] = m->phase_name;
            if (code[k] || (k == ATT_IMPORT_PHASE && !phased))
                continue;
            if (k != ATT_IMPORT_PHASE && fill) {
                code[k] = fill;
                if (mt && !out && check_code(s, mt, k, fill, gap_line(s, k, idx[k]),
                                             " (--fill)", err) != ATT_OK)
                    return err->code;
                continue;
            }
            return no_state(s, k, idx[k], t, err);
        }
        if (!out || (!step && same_codes(code, prev)))
            continue;
        put_row(out, t, code, phased, s->end);
        memcpy(prev, code, sizeof prev);
    }
    if (out && ferror(out))
        return att_error_set(err, ATT_EIO, "write error");
    return ATT_OK;
}

int att_import_write(att_import_session *s, const att_import_opts *opts, FILE *out,
                     att_error *err)
{
    int cp = opts && opts->change_points;
    long long step_us = llround((opts && opts->step > 0 ? opts->step : 1) * 1e6);
    const char *fill = opts ? opts->fill : NULL;   /* both checked: att_import_check_opts */
    if (s->end <= 0)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: no states of the infant or the "
                             "caregiver: nothing to import", s->path, s->last_line);
    if (!cp && (s->end - 1) / step_us + 1 > ATT_IMPORT_MAX_ROWS)
        return att_error_set(err, ATT_EINPUT, "%s:%ld: a grid of %lld rows (end / step) is "
                             "more than %lld; take a longer step", s->path, s->last_line,
                             (s->end - 1) / step_us + 1, ATT_IMPORT_MAX_ROWS);
    int rc = check_names(s, err);
    if (rc == ATT_OK)
        rc = check_overlaps(s, err);
    if (rc == ATT_OK)
        rc = check_present(s, err);
    if (rc == ATT_OK && opts && opts->mt)
        rc = check_codes(s, opts->mt, err);
    if (rc == ATT_OK)
        rc = sweep(s, cp ? 0 : step_us, fill, opts ? opts->mt : NULL, NULL, err);
    if (rc == ATT_OK)
        rc = sweep(s, cp ? 0 : step_us, fill, NULL, out, err);
    return rc;
}
