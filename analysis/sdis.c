/* SDIS timed-event output for GSEQ (what is written: attune/sdis.h).
 *
 * The syntax followed, and where it comes from.  SDIS is defined by Bakeman
 * and Quera (1992, 1995; "Sequential Analysis and Observational Methods for
 * the Behavioral Sciences", 2011, ch. 4; GSEQ's help).  None of these could be
 * read while this was written, so the form was taken from a working exporter
 * and from what the published descriptions say:
 *
 * - BORIS (github.com/olivierfriard/BORIS, boris/export_events.py,
 *   export_aggregated_events, format "SDIS (*.sds)") writes a comment line
 *   starting with '%', the data type declaration "Timed" closed by ';', then
 *   per observation a session label in angle brackets ("<obs id>"), the
 *   events as "code,onset-offset" separated by white space, with onset and
 *   offset in seconds with decimals ("12.300-15.100"), and '/' closing the
 *   session.  (It writes the declaration as "Timed <seconds>;" and declares
 *   no codes; what "<seconds>" means there is not said anywhere that could be
 *   read, so it is left out here.)
 * - Quera and Bakeman, "SDIS-GSEQ 2.0" (Measuring Behavior 1998 abstract):
 *   SDIS has five data types, events, states, timed events, intervals and
 *   multi-events, the last four allowing codes to co-occur.  Bakeman and
 *   Quera, "ActSds and OdfSds" (Behav Res Methods 40:869, 2008) convert other
 *   programs' files into "SDIS timed-event sequential data files" (.sds);
 *   sites.gsu.edu/bakeman/gseq: GSEQ compiles SDIS files into MDS files.
 * - From the SDIS descriptions, not re-checked here: codes may be declared
 *   after the data type, those in one pair of parentheses forming a mutually
 *   exclusive and exhaustive set, and a timed session may close with its end
 *   time after a comma, ",END/".
 *
 * So a file reads:
 *   % ...comments...
 *   Timed (i_positive i_monitor ...) (c_positive c_monitor ...);
 *
 *   % from trace.csv
 *   <1>
 *   i_monitor,0-2.5
 *   c_positive,0-1
 *   ...
 *   ,10/
 *
 * Events must come out in onset order, but one partner's event is known only
 * when it ends: closed events wait in a queue per partner until no open
 * event of the other partner starts earlier.  A queue holds the events of
 * one partner during a single event of the other, so it stays short. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "attune/sdis.h"
#include "attune/tally.h"
#include "base/grow.h"

enum { INFANT, CAREGIVER, PARTNERS };
static const char *const prefix[PARTNERS] = { "i_", "c_" };

typedef struct event {
    int code;
    long long on_us, off_us;
} event;

typedef struct queue {
    event *ev;
    size_t head, n, cap;   /* ev[head .. head + n) are waiting */
} queue;

struct att_sdis {
    FILE *out;
    char **names[PARTNERS];   /* SDIS names by vocabulary index */
    int count[PARTNERS];
    int open;                 /* a session is open */
    long rows;
    long long last_us;        /* t of the last row */
    int code[PARTNERS];       /* the open event of each partner */
    long long on_us[PARTNERS];
    queue q[PARTNERS];
};

/* Microseconds as seconds without trailing zeros. */
static char *time_us(long long us, char *buf, size_t cap)
{
    unsigned long long mag = us < 0 ? 0ULL - (unsigned long long)us : (unsigned long long)us;
    char frac[8];
    snprintf(frac, sizeof frac, "%06llu", mag % 1000000ULL);
    size_t n = strlen(frac);
    while (n > 0 && frac[n - 1] == '0')
        frac[--n] = '\0';
    snprintf(buf, cap, "%s%llu%s%s", us < 0 ? "-" : "", mag / 1000000ULL, n ? "." : "", frac);
    return buf;
}

char *att_sdis_time(double t, char *buf, size_t cap)
{
    return time_us(att_us(t), buf, cap);
}

/* "i_" or "c_" and the code, other characters made '_'.  NULL on no memory. */
static char *sdis_name(int partner, const char *code)
{
    size_t n = strlen(code);
    char *s = malloc(n + 3);
    if (!s)
        return NULL;
    memcpy(s, prefix[partner], 2);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)code[i];
        s[2 + i] = (ch < 0x80 && (isalnum(ch) || ch == '_')) ? (char)ch : '_';
    }
    s[n + 2] = '\0';
    return s;
}

static int same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

void att_sdis_free(att_sdis *s)
{
    if (!s)
        return;
    for (int p = 0; p < PARTNERS; p++) {
        for (int i = 0; s->names[p] && i < s->count[p]; i++)
            free(s->names[p][i]);
        free(s->names[p]);
        free(s->q[p].ev);
    }
    free(s);
}

static const char *source_name(const att_match_table *mt, int partner, int i)
{
    return partner == INFANT ? att_match_table_infant_name(mt, i)
                             : att_match_table_caregiver_name(mt, i);
}

/* Builds the names; ATT_EINPUT when two collide. */
static int build_names(att_sdis *s, const att_match_table *mt, att_error *err)
{
    for (int p = 0; p < PARTNERS; p++) {
        s->count[p] = p == INFANT ? att_match_table_infant_count(mt)
                                  : att_match_table_caregiver_count(mt);
        s->names[p] = calloc(s->count[p] > 0 ? (size_t)s->count[p] : 1, sizeof *s->names[p]);
        if (!s->names[p])
            return att_error_nomem(err);
        for (int i = 0; i < s->count[p]; i++) {
            if (!(s->names[p][i] = sdis_name(p, source_name(mt, p, i))))
                return att_error_nomem(err);
            for (int q = 0; q <= p; q++) {
                for (int j = 0; j < (q == p ? i : s->count[q]); j++) {
                    if (same_ignoring_case(s->names[p][i], s->names[q][j]))
                        return att_error_set(err, ATT_EINPUT,
                                             "%s codes '%s' and '%s' would both be SDIS code "
                                             "'%s' (names are compared ignoring case): rename "
                                             "one in %s", p == q ? (p ? "caregiver" : "infant")
                                                                 : "infant and caregiver",
                                             source_name(mt, q, j), source_name(mt, p, i),
                                             s->names[p][i], att_match_table_path(mt));
                }
            }
        }
    }
    return ATT_OK;
}

static void write_header(att_sdis *s)
{
    FILE *f = s->out;
    fputs("% SDIS timed-event data for GSEQ, written by attune export --sdis.\n"
          "% Sessions are the runs of the coded files: <RUN>, then the events as\n"
          "% CODE,ONSET-OFFSET in onset order, then ,END/ where END is the end of the\n"
          "% run's last row.  Times are the files' t in seconds; an event lasts from its\n"
          "% onset up to, not including, its offset (the next code's onset).\n"
          "% Code names: infant code X is i_X and caregiver code X is c_X, every character\n"
          "% other than a letter, digit or _ becoming _.  Each set in parentheses, the\n"
          "% infant's and the caregiver's, is mutually exclusive and exhaustive.\n", f);
    fputs("Timed", f);
    for (int p = 0; p < PARTNERS; p++) {
        fputs(p == 0 ? " (" : "\n      (", f);
        for (int i = 0; i < s->count[p]; i++)
            fprintf(f, "%s%s", i ? " " : "", s->names[p][i]);
        putc(')', f);
    }
    fputs(";\n", f);
}

att_sdis *att_sdis_new(FILE *out, const att_match_table *mt, att_error *err)
{
    att_sdis *s = calloc(1, sizeof *s);
    if (!s) {
        att_error_nomem(err);
        return NULL;
    }
    s->out = out;
    if (build_names(s, mt, err) != ATT_OK) {
        att_sdis_free(s);
        return NULL;
    }
    write_header(s);
    return s;
}

const char *att_sdis_infant_code(const att_sdis *s, int i)
{
    return i >= 0 && i < s->count[INFANT] ? s->names[INFANT][i] : NULL;
}

const char *att_sdis_caregiver_code(const att_sdis *s, int i)
{
    return i >= 0 && i < s->count[CAREGIVER] ? s->names[CAREGIVER][i] : NULL;
}

/* `text` with '<', '>' and control characters as '_', and in a label '/'
 * too: SDIS closes a session with '/', and a timeline's runs are named
 * RUN/SESSION ("1/2" is labelled <1_2>). */
static void put_clean(FILE *f, const char *text, int label)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        putc(*p < 0x20 || *p == 0x7f || *p == '<' || *p == '>' || (label && *p == '/') ? '_'
                                                                                    : *p, f);
}

int att_sdis_begin_session(att_sdis *s, const char *label, const char *note, att_error *err)
{
    if (s->open)
        return att_error_set(err, ATT_EINPUT, "a session is already open");
    putc('\n', s->out);
    if (note) {
        fputs("% ", s->out);
        put_clean(s->out, note, 0);
        putc('\n', s->out);
    }
    putc('<', s->out);
    put_clean(s->out, label, 1);
    fputs(">\n", s->out);
    s->open = 1;
    s->rows = 0;
    for (int p = 0; p < PARTNERS; p++)
        s->q[p].head = s->q[p].n = 0;
    return ATT_OK;
}

static int enqueue(queue *q, event e, att_error *err)
{
    if (q->head + q->n == q->cap) {
        if (q->head > 0) {   /* slide the waiting events to the front */
            memmove(q->ev, q->ev + q->head, q->n * sizeof *q->ev);
            q->head = 0;
        } else if (att_grow(&q->ev, &q->cap, q->cap + 1, sizeof *q->ev, err) != ATT_OK) {
            return ATT_ENOMEM;
        }
    }
    q->ev[q->head + q->n++] = e;
    return ATT_OK;
}

static void write_event(att_sdis *s, int p, const event *e)
{
    char on[40], off[40];
    fprintf(s->out, "%s,%s-%s\n", s->names[p][e->code], time_us(e->on_us, on, sizeof on),
            time_us(e->off_us, off, sizeof off));
}

/* Writes the waiting events that no open event precedes.  With `all`, the
 * open events are already queued and everything goes. */
static void flush(att_sdis *s, int all)
{
    for (;;) {
        int best = -1, best_closed = 0;
        long long best_on = 0;
        for (int p = 0; p < PARTNERS; p++) {
            int closed = s->q[p].n > 0;
            if (!closed && all)
                continue;
            long long on = closed ? s->q[p].ev[s->q[p].head].on_us : s->on_us[p];
            if (best < 0 || on < best_on) {   /* ties: the infant (p = 0) first */
                best = p;
                best_on = on;
                best_closed = closed;
            }
        }
        if (best < 0 || !best_closed)
            return;
        queue *q = &s->q[best];
        write_event(s, best, &q->ev[q->head]);
        q->head++;
        if (--q->n == 0)
            q->head = 0;
    }
}

int att_sdis_push(att_sdis *s, double t, int infant, int caregiver, att_error *err)
{
    if (!s->open)
        return att_error_set(err, ATT_EINPUT, "a row outside a session");
    if (infant < 0 || infant >= s->count[INFANT] || caregiver < 0
        || caregiver >= s->count[CAREGIVER])
        return att_error_set(err, ATT_EINPUT, "a code index outside the match table");
    long long t_us = att_us(t);
    if (s->rows && !(t_us > s->last_us))
        return att_error_set(err, ATT_EINPUT, "t %.9g does not increase", t);
    int code[PARTNERS] = { infant, caregiver };
    for (int p = 0; p < PARTNERS; p++) {
        if (s->rows && code[p] != s->code[p]) {
            int rc = enqueue(&s->q[p], (event){ s->code[p], s->on_us[p], t_us }, err);
            if (rc != ATT_OK)
                return rc;
        }
        if (!s->rows || code[p] != s->code[p]) {
            s->code[p] = code[p];
            s->on_us[p] = t_us;
        }
    }
    s->rows++;
    s->last_us = t_us;
    flush(s, 0);
    return ATT_OK;
}

int att_sdis_end_session(att_sdis *s, double t_end, att_error *err)
{
    if (!s->open)
        return att_error_set(err, ATT_EINPUT, "no session is open");
    if (!s->rows)
        return att_error_set(err, ATT_EINPUT, "the session has no rows");
    long long end_us = att_us(t_end);
    if (!(end_us > s->last_us))
        return att_error_set(err, ATT_EINPUT, "the session ends at %.9g s, not after its last "
                             "row (t %.9g s): its last events would have no duration", t_end,
                             (double)s->last_us / 1e6);
    for (int p = 0; p < PARTNERS; p++) {
        int rc = enqueue(&s->q[p], (event){ s->code[p], s->on_us[p], end_us }, err);
        if (rc != ATT_OK)
            return rc;
    }
    flush(s, 1);
    char end[40];
    fprintf(s->out, ",%s/\n", time_us(end_us, end, sizeof end));
    s->open = 0;
    return ATT_OK;
}
