/* CSV trace writer: one row per simulation step, formatted straight into a
 * large buffer that is written once it holds 64 KiB, since benchmark runs
 * write ten million rows.
 *
 * Each row first makes sure the buffer has room for the longest row it can
 * be (the names' lengths are stored when the writer opens), so the
 * formatting itself checks no sizes; the run (and session) columns are
 * kept formatted until they change, like the phase.  Numbers use
 * base/fmt.h, inlined and specialised for the columns of three and four
 * decimals, which gives exactly what "%.*f" gives and never prints
 * "-0.0000". */
#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "attune/trace.h"
#include "base/fmt.h"
#include "base/grow.h"

const char *const att_trace_columns[] = {
    "run", "t", "phase", "infant_arousal", "infant_gaze",
    "infant_affect", "infant_behavior", "infant_code", "caregiver_code",
    "caregiver_behavior", "caregiver_stimulation", "matched", "infant_regulation",
    "infant_trust", "infant_contingency_loss", "caregiver_arousal",
    "caregiver_intrusion", "caregiver_soothe"
};
const size_t att_trace_column_count = sizeof att_trace_columns / sizeof att_trace_columns[0];

/* The buffer is written once it holds this much. */
#define FLUSH_AT 65536
/* Room for a row's numbers and separators: two integers, nine fixed-decimal
 * numbers and the 18 separators. */
#define ROW_NUMBERS (2 * ATT_FMT_LONG_MAX + 9 * ATT_FMT_FIXED_MAX + 32)

/* A name and its length; names shorter than NAME_PAD are kept zero-padded
 * so that a row copies them with one fixed-size move. */
#define NAME_PAD 32
typedef struct {
    char pad[NAME_PAD];
    const char *s;
    size_t n;
} name;

struct att_trace {
    FILE *fp;          /* not owned */
    int t_decimals;    /* decimals of the t column, from dt */
    int sessions;      /* 1: write the session column after run */
    char *buf;         /* rows not yet written */
    size_t len, cap;
    size_t names_max;  /* room the five names of a row can take together */
    name affect[3];    /* by affect + 1 */
    name behavior[ATT_IB_COUNT];
    name icode[ATT_IC_COUNT];
    name ccode[ATT_CC_COUNT];
    name mode[ATT_CM_COUNT];
    long run, session; /* the run and session of the last row */
    char lead[2 * ATT_FMT_LONG_MAX + 2];  /* they as the row writes them */
    size_t lead_n;     /* 0 before the first row */
    char *phase;       /* a copy of the last phase name seen */
    char *phase_csv;   /* it as the row writes it (quoted when needed) */
    size_t phase_n, phase_cap, phase_raw_cap;
};

/* Stores the names of one column; returns the longest's length. */
static size_t store_names(name *tab, int count, int first, const char *(*fn)(int))
{
    size_t most = 0;
    for (int i = 0; i < count; i++) {
        tab[i].s = fn(first + i);
        tab[i].n = strlen(tab[i].s);
        memset(tab[i].pad, 0, NAME_PAD);
        if (tab[i].n < NAME_PAD)
            memcpy(tab[i].pad, tab[i].s, tab[i].n);
        if (tab[i].n > most)
            most = tab[i].n;
    }
    return most;
}

static const char *affect_name(int a) { return att_affect_name((att_affect)a); }
static const char *behavior_name(int b) { return att_infant_behavior_name((att_infant_behavior)b); }
static const char *icode_name(int c) { return att_infant_code_name((att_infant_code)c); }
static const char *ccode_name(int c) { return att_caregiver_code_name((att_caregiver_code)c); }
static const char *mode_name(int m) { return att_care_mode_name((att_care_mode)m); }

static void store_all_names(att_trace *tr)
{
    tr->names_max = 5 * NAME_PAD + store_names(tr->affect, 3, -1, affect_name)
                    + store_names(tr->behavior, ATT_IB_COUNT, 0, behavior_name)
                    + store_names(tr->icode, ATT_IC_COUNT, 0, icode_name)
                    + store_names(tr->ccode, ATT_CC_COUNT, 0, ccode_name)
                    + store_names(tr->mode, ATT_CM_COUNT, 0, mode_name);
}

/* "?", what the name functions say for a value out of range. */
static const name unknown = { "?", "?", 1 };

/* The stored name of value `v` of a column of `count`. */
static const name *lookup(const name *tab, int count, int v)
{
    return v >= 0 && v < count ? &tab[v] : &unknown;
}

/* Smallest number of decimals (1-9) that shows multiples of dt exactly. */
static int decimals_for(double dt)
{
    double scale = 1;
    for (int d = 1; d <= ATT_FMT_MAX_DECIMALS; d++) {
        scale *= 10;
        double y = dt * scale;
        if (fabs(round(y) - y) < 1e-9)
            return d;
    }
    return ATT_FMT_MAX_DECIMALS;
}

/* Writes the buffer out.  On failure the rows held are dropped. */
static int write_out(att_trace *tr, att_error *err)
{
    size_t n = tr->len;
    tr->len = 0;
    errno = 0;
    if ((n && fwrite(tr->buf, 1, n, tr->fp) != n) || ferror(tr->fp)) {
        if (errno)
            return att_error_set(err, ATT_EIO, "trace: write error: %s", strerror(errno));
        return att_error_set(err, ATT_EIO, "trace: write error");
    }
    return ATT_OK;
}

/* Makes room for `n` more bytes, writing the buffer out first when it
 * would need to grow past FLUSH_AT. */
static int reserve(att_trace *tr, size_t n, att_error *err)
{
    if (tr->cap - tr->len >= n)
        return ATT_OK;
    if (tr->len && write_out(tr, err) != ATT_OK)
        return err->code;
    if (tr->cap >= n)
        return ATT_OK;
    return att_grow(&tr->buf, &tr->cap, n, 1, err);
}

/* The phase name is the user's text: quote it (libcsv's rules) only when it
 * would otherwise break the row, so ordinary names stay readable.  Kept
 * until the name changes. */
static int set_phase(att_trace *tr, const char *s, att_error *err)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    size_t need = s[strcspn(s, ",\"\r\n")] ? csv_write(NULL, 0, s, n) : n;
    if ((need > tr->phase_cap && att_grow(&tr->phase_csv, &tr->phase_cap, need, 1, err) != ATT_OK)
        || (n + 1 > tr->phase_raw_cap
            && att_grow(&tr->phase, &tr->phase_raw_cap, n + 1, 1, err) != ATT_OK))
        return err->code;
    if (need == n)
        memcpy(tr->phase_csv, s, n);
    else
        csv_write(tr->phase_csv, need, s, n);
    memcpy(tr->phase, s, n + 1);
    tr->phase_n = need;
    return ATT_OK;
}

att_trace *att_trace_open(FILE *fp, double dt, long sessions, att_error *err)
{
    if (!fp) {
        att_error_set(err, ATT_EINTERNAL, "att_trace_open: no stream");
        return NULL;
    }
    att_trace *tr = calloc(1, sizeof *tr);
    if (tr) {
        tr->cap = FLUSH_AT + 4096;
        tr->buf = malloc(tr->cap);
    }
    if (!tr || !tr->buf) {
        att_trace_free(tr);
        att_error_nomem(err);
        return NULL;
    }
    tr->fp = fp;
    tr->t_decimals = decimals_for(dt);
    tr->sessions = sessions > 1;
    store_all_names(tr);

    char *p = tr->buf;  /* the header fits: 300 bytes */
    for (size_t i = 0; i < att_trace_column_count; i++) {
        if (i)
            *p++ = ',';
        size_t n = strlen(att_trace_columns[i]);
        memcpy(p, att_trace_columns[i], n);
        p += n;
        if (i == 0 && tr->sessions) {
            memcpy(p, ",session", 8);
            p += 8;
        }
    }
    *p++ = '\n';
    tr->len = (size_t)(p - tr->buf);
    if (write_out(tr, err) != ATT_OK) {
        att_trace_free(tr);
        return NULL;
    }
    return tr;
}

att_trace *att_trace_new(FILE *fp, double dt, att_error *err)
{
    if (!fp) {  /* checked here too, so the message names this function */
        att_error_set(err, ATT_EINTERNAL, "att_trace_new: no stream");
        return NULL;
    }
    return att_trace_open(fp, dt, 1, err);
}

static char *put(char *p, const name *nm)
{
    if (nm->n < NAME_PAD)
        memcpy(p, nm->pad, NAME_PAD);
    else
        memcpy(p, nm->s, nm->n);
    p[nm->n] = ',';
    return p + nm->n + 1;
}

/* Writes the fixed-decimal number and a separator: put_t for the t column,
 * whose decimals come from dt, put3 and put4 for the columns of three and
 * four decimals, specialised (base/fmt.h) and inlined. */
static char *put_t(char *p, double t, int d)
{
    p += att_fmt_fixed(p, t, d);
    *p++ = ',';
    return p;
}

ATT_FMT_INLINE char *put3(char *p, double x, char sep)
{
    p += att_fmt_fixed_inline(p, x, 3);
    *p++ = sep;
    return p;
}

ATT_FMT_INLINE char *put4(char *p, double x, char sep)
{
    p += att_fmt_fixed_inline(p, x, 4);
    *p++ = sep;
    return p;
}

/* The run and session columns, "RUN," or "RUN,SESSION,", kept until
 * either changes. */
static void set_lead(att_trace *tr, const att_step *s)
{
    char *p = tr->lead;
    p += att_fmt_long(p, s->run);
    *p++ = ',';
    if (tr->sessions) {
        p += att_fmt_long(p, s->session);
        *p++ = ',';
    }
    tr->lead_n = (size_t)(p - tr->lead);
    tr->run = s->run;
    tr->session = s->session;
}

static char *put_row(att_trace *tr, char *p, const att_step *s)
{
    if (!tr->lead_n || s->run != tr->run || s->session != tr->session)
        set_lead(tr, s);
    memcpy(p, tr->lead, sizeof tr->lead);
    p += tr->lead_n;
    p = put_t(p, s->t, tr->t_decimals);
    memcpy(p, tr->phase_csv, tr->phase_n);
    p += tr->phase_n;
    *p++ = ',';
    p = put4(p, s->infant.arousal, ',');
    *p++ = s->infant.gaze == ATT_GAZE_AT ? '1' : '0';
    *p++ = ',';
    p = put(p, lookup(tr->affect, 3, (int)s->infant.affect + 1));
    p = put(p, lookup(tr->behavior, ATT_IB_COUNT, (int)s->infant.behavior));
    p = put(p, lookup(tr->icode, ATT_IC_COUNT, (int)s->infant_code));
    p = put(p, lookup(tr->ccode, ATT_CC_COUNT, (int)s->caregiver_code));
    p = put(p, lookup(tr->mode, ATT_CM_COUNT, (int)s->caregiver_mode));
    p = put3(p, s->signal.stimulation, ',');
    *p++ = s->matched ? '1' : '0';
    *p++ = ',';
    p = put4(p, s->infant.regulation, ',');
    p = put4(p, s->infant.trust, ',');
    p = put4(p, s->infant.contingency_loss, ',');
    p = put4(p, s->caregiver_arousal, ',');
    p = put3(p, s->signal.intrusion, ',');
    return put3(p, s->signal.soothe, '\n');
}

int att_trace_write(att_trace *tr, const att_step *s, att_error *err)
{
    if (!tr->phase || strcmp(s->phase_name ? s->phase_name : "", tr->phase) != 0)
        if (set_phase(tr, s->phase_name, err) != ATT_OK)
            return err->code;
    size_t most = ROW_NUMBERS + tr->names_max + tr->phase_n;
    if (reserve(tr, most, err) != ATT_OK)
        return err->code;
    char *end = put_row(tr, tr->buf + tr->len, s);
    tr->len = (size_t)(end - tr->buf);
    assert(tr->len <= tr->cap);
    if (tr->len >= FLUSH_AT)
        return write_out(tr, err);
    return ATT_OK;
}

int att_trace_flush(att_trace *tr, att_error *err)
{
    return write_out(tr, err);
}

void att_trace_free(att_trace *tr)
{
    if (tr) {
        if (tr->len && tr->fp)
            fwrite(tr->buf, 1, tr->len, tr->fp);  /* an error shows in ferror(fp) */
        free(tr->phase);
        free(tr->phase_csv);
        free(tr->buf);
        free(tr);
    }
}
