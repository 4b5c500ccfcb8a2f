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
 * Unscorable stretches (under a code scheme) have no SDIS code: every
 * declared set is exhaustive, so a gap cannot be left uncoded inside a
 * session, and a code for it would be counted as behaviour.  A gap ends the
 * session part before it (",START/" at the gap's start) and the next
 * scorable row opens a new one, <RUN#2>, <RUN#3>...: each part is wholly
 * coded, and no GSEQ window reaches across a gap, as in attune contingency.
 *
 * Session labels, like code names, must not repeat (compared ignoring case,
 * as codes are): two runs that would share one are refused, naming both.
 *
 * Events must come out in onset order, but one partner's event is known only
 * when it ends: closed events wait in a queue per partner until no open
 * event of the other partner starts earlier.  A queue holds the events of
 * one partner during a single event of the other, so it stays short. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "attune/scheme.h"
#include "attune/sdis.h"
#include "attune/tally.h"
#include "base/grow.h"
#include "base/strmap.h"

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
    unsigned char *gap[PARTNERS];   /* 1 for an unscorable code; NULL: no scheme */
    int open;                 /* a session is open */
    long rows;                /* rows pushed in the session, gaps too */
    long long last_us;        /* t of the last row */
    char *label, *note;       /* the session's, as given */
    int part;                 /* parts of the session written so far */
    int in_part;              /* a part is open: its events are being written */
    long long gap_us;         /* where the last part ended: the gap's start */
    int code[PARTNERS];       /* the open event of each partner */
    long long on_us[PARTNERS];
    queue q[PARTNERS];
    att_strmap *labels;       /* labels written, lowercased: index into `whose` */
    char **whose;             /* "run 'R' (NOTE)" of each label, for messages */
    size_t nwhose, cap_whose;
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
        free(s->gap[p]);
        free(s->q[p].ev);
    }
    for (size_t i = 0; i < s->nwhose; i++)
        free(s->whose[i]);
    free(s->whose);
    att_strmap_free(s->labels);
    free(s->label);
    free(s->note);
    free(s);
}

static const char *source_name(const att_match_table *mt, int partner, int i)
{
    return partner == INFANT ? att_match_table_infant_name(mt, i)
                             : att_match_table_caregiver_name(mt, i);
}

/* 1 when code i of partner p is declared: not unscorable. */
static int declared(const att_sdis *s, int p, int i)
{
    return !s->gap[p] || !s->gap[p][i];
}

/* Under a scheme, which of the table's codes are unscorable. */
static int read_gaps(att_sdis *s, const att_match_table *mt, const att_scheme *scheme,
                     att_error *err)
{
    int rc = ATT_OK;
    for (int p = 0; rc == ATT_OK && p < PARTNERS; p++)
        rc = att_scheme_table_gaps(scheme, mt, (att_partner)p, &s->gap[p], err);
    return rc;
}

/* Builds the names; ATT_EINPUT when two declared ones collide. */
static int build_names(att_sdis *s, const att_match_table *mt, att_error *err)
{
    for (int p = 0; p < PARTNERS; p++) {
        s->names[p] = calloc(s->count[p] > 0 ? (size_t)s->count[p] : 1, sizeof *s->names[p]);
        if (!s->names[p])
            return att_error_nomem(err);
        for (int i = 0; i < s->count[p]; i++) {
            if (!(s->names[p][i] = sdis_name(p, source_name(mt, p, i))))
                return att_error_nomem(err);
            for (int q = 0; q <= p && declared(s, p, i); q++) {
                for (int j = 0; j < (q == p ? i : s->count[q]); j++) {
                    if (declared(s, q, j) && same_ignoring_case(s->names[p][i], s->names[q][j]))
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

/* `text` with '<', '>' and control characters as '_', and in a label '/'
 * too: SDIS closes a session with '/', and a timeline's runs are named
 * RUN/SESSION ("1/2" is labelled <1_2>). */
static char clean_char(unsigned char ch, int label)
{
    return ch < 0x20 || ch == 0x7f || ch == '<' || ch == '>' || (label && ch == '/') ? '_'
                                                                                  : (char)ch;
}

static void put_clean(FILE *f, const char *text, int label)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        putc(clean_char(*p, label), f);
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
    if (s->gap[0])
        fputs("% The code scheme's unscorable codes are no SDIS codes: a run is cut at each\n"
              "% unscorable stretch (,START/ at its start) and goes on after it as <RUN#2>,\n"
              "% <RUN#3>, ...\n", f);
    fputs("Timed", f);
    for (int p = 0; p < PARTNERS; p++) {
        fputs(p == 0 ? " (" : "\n      (", f);
        int first = 1;
        for (int i = 0; i < s->count[p]; i++) {
            if (!declared(s, p, i))
                continue;
            fprintf(f, "%s%s", first ? "" : " ", s->names[p][i]);
            first = 0;
        }
        putc(')', f);
    }
    fputs(";\n", f);
}

att_sdis *att_sdis_new(FILE *out, const att_match_table *mt, const att_scheme *scheme,
                       att_error *err)
{
    att_sdis *s = calloc(1, sizeof *s);
    if (!s || !(s->labels = att_strmap_new())) {
        free(s);
        att_error_nomem(err);
        return NULL;
    }
    s->out = out;
    s->count[INFANT] = att_match_table_infant_count(mt);
    s->count[CAREGIVER] = att_match_table_caregiver_count(mt);
    if ((scheme && read_gaps(s, mt, scheme, err) != ATT_OK) || build_names(s, mt, err) != ATT_OK) {
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

/* Session part `part` of `label` as written between '<' and '>': cleaned
 * as put_clean cleans a label, "#PART" added after the first.  NULL on no memory. */
static char *part_label(const char *label, int part)
{
    size_t n = strlen(label);
    char *l = malloc(n + 16);
    if (!l)
        return NULL;
    for (size_t i = 0; i < n; i++)
        l[i] = clean_char((unsigned char)label[i], 1);
    snprintf(l + n, 16, part > 1 ? "#%d" : "", part);
    return l;
}

/* Claims label `l` for the current session's part `part`; ATT_EINPUT,
 * naming both runs, when an earlier session part has it already. */
static int claim_label(att_sdis *s, const char *l, int part, att_error *err)
{
    const char *note = s->note ? s->note : "";
    size_t len = strlen(s->label) + strlen(l) + strlen(note) + 80;
    char *key = strdup(l), *who = malloc(len);
    if (!key || !who
        || att_grow(&s->whose, &s->cap_whose, s->nwhose + 1, sizeof *s->whose, err) != ATT_OK) {
        free(key);
        free(who);
        return att_error_nomem(err);
    }
    for (char *k = key; *k; k++)
        *k = (char)tolower((unsigned char)*k);
    snprintf(who, len, "%s '%s'%s%s%s", part > 1 ? "part" : "run", part > 1 ? l : s->label,
             *note ? " (" : "", note, *note ? ")" : "");
    long first = att_strmap_get(s->labels, key);
    int rc = ATT_OK;
    if (first >= 0)
        rc = att_error_set(err, ATT_EINPUT, "%.300s and %.300s would both be SDIS session "
                           "<%.100s> (a label is the run's name, '/', '<', '>' and control "
                           "characters made '_', compared ignoring case): give the runs "
                           "distinct names (their run or session column, or --map run=COLUMN) "
                           "or export them to separate files", s->whose[first], who, l);
    else if (att_strmap_put(s->labels, key, (long)s->nwhose) < 0)
        rc = att_error_nomem(err);
    if (rc == ATT_OK)
        s->whose[s->nwhose++] = who;
    else
        free(who);
    free(key);
    return rc;
}

int att_sdis_begin_session(att_sdis *s, const char *label, const char *note, att_error *err)
{
    if (s->open)
        return att_error_set(err, ATT_EINPUT, "a session is already open");
    free(s->label);
    free(s->note);
    s->label = strdup(label);
    s->note = note ? strdup(note) : NULL;
    if (!s->label || (note && !s->note))
        return att_error_nomem(err);
    /* the first part's label is claimed now, though written at the first
     * scorable row: a run that is all gap still has its name */
    char *l = part_label(label, 1);
    int rc = l ? claim_label(s, l, 1, err) : att_error_nomem(err);
    free(l);
    if (rc != ATT_OK)
        return rc;
    s->open = 1;
    s->rows = 0;
    s->part = 0;
    s->in_part = 0;
    return ATT_OK;
}

/* Opens the session's next part at its first scorable row: its note (after
 * a gap: where the gap was) and its label. */
static int open_part(att_sdis *s, long long t_us, att_error *err)
{
    int part = s->part + 1;
    char *l = part_label(s->label, part);
    if (!l)
        return att_error_nomem(err);
    int rc = part > 1 ? claim_label(s, l, part, err) : ATT_OK;
    if (rc != ATT_OK) {
        free(l);
        return rc;
    }
    putc('\n', s->out);
    if (s->note || part > 1) {
        fputs("% ", s->out);
        put_clean(s->out, s->note ? s->note : "", 0);
        if (part > 1) {
            char from[40], to[40];
            fprintf(s->out, "%sthe run after a gap from %s to %s s", s->note ? ", " : "",
                    time_us(s->gap_us, from, sizeof from), time_us(t_us, to, sizeof to));
        }
        putc('\n', s->out);
    }
    fprintf(s->out, "<%s>\n", l);
    free(l);
    s->part = part;
    s->in_part = 1;
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

/* Ends the open part at end_us: its open events, then ",END/". */
static int close_part(att_sdis *s, long long end_us, att_error *err)
{
    for (int p = 0; p < PARTNERS; p++) {
        int rc = enqueue(&s->q[p], (event){ s->code[p], s->on_us[p], end_us }, err);
        if (rc != ATT_OK)
            return rc;
    }
    flush(s, 1);
    char end[40];
    fprintf(s->out, ",%s/\n", time_us(end_us, end, sizeof end));
    s->in_part = 0;
    s->gap_us = end_us;
    return ATT_OK;
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
    int rc = ATT_OK;
    if (!declared(s, INFANT, infant) || !declared(s, CAREGIVER, caregiver)) {
        if (s->in_part)   /* a gap: the part ends where it starts */
            rc = close_part(s, t_us, err);
    } else if (!s->in_part) {
        if ((rc = open_part(s, t_us, err)) == ATT_OK)
            for (int p = 0; p < PARTNERS; p++) {
                s->code[p] = code[p];
                s->on_us[p] = t_us;
            }
    } else {
        for (int p = 0; rc == ATT_OK && p < PARTNERS; p++) {
            if (code[p] == s->code[p])
                continue;
            rc = enqueue(&s->q[p], (event){ s->code[p], s->on_us[p], t_us }, err);
            s->code[p] = code[p];
            s->on_us[p] = t_us;
        }
        flush(s, 0);
    }
    if (rc != ATT_OK)
        return rc;
    s->rows++;
    s->last_us = t_us;
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
    if (s->in_part) {
        int rc = close_part(s, end_us, err);
        if (rc != ATT_OK)
            return rc;
    } else if (!s->part) {   /* said, so that a missing session is explained */
        fputs("\n% ", s->out);
        put_clean(s->out, s->note ? s->note : "", 0);
        fputs(s->note ? ": <" : "<", s->out);
        put_clean(s->out, s->label, 1);
        fputs("> left out: unscorable throughout\n", s->out);
    }
    s->open = 0;
    return ATT_OK;
}
