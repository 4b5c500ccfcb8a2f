/* CSV trace writer: one row per simulation step, built in a buffer and
 * written with a single fwrite, since benchmark runs write ten million rows.
 *
 * Numbers use a small fixed-decimal formatter instead of printf.  It gives
 * exactly what "%.*f" gives (it falls back to snprintf whenever the value is
 * too close to a rounding tie to be sure) and never prints "-0.0000". */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "attune/trace.h"
#include "base/grow.h"

const char *const att_trace_columns[] = {
    "run", "t", "phase", "infant_arousal", "infant_gaze",
    "infant_affect", "infant_behavior", "infant_code", "caregiver_code",
    "caregiver_behavior", "caregiver_stimulation", "matched", "infant_regulation",
    "infant_trust", "infant_contingency_loss", "caregiver_arousal",
    "caregiver_intrusion", "caregiver_soothe"
};
const size_t att_trace_column_count = sizeof att_trace_columns / sizeof att_trace_columns[0];

#define MAX_DECIMALS 9

static const double pow10_table[MAX_DECIMALS + 1] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9
};

struct att_trace {
    FILE *fp;         /* not owned */
    int t_decimals;   /* decimals of the t column, from dt */
    int sessions;     /* 1: write the session column after run */
    char *row;        /* the row being built */
    size_t len, cap;
    int oom;          /* a buffer could not grow; the row is incomplete */
};

/* Makes room for `n` more bytes; on failure sets tr->oom and returns 0, so
 * appends can be chained and the failure checked once per row. */
static int reserve(att_trace *tr, size_t n)
{
    if (tr->cap - tr->len >= n)
        return 1;
    if (n > SIZE_MAX - tr->len || att_grow(&tr->row, &tr->cap, tr->len + n, 1, NULL) != ATT_OK) {
        tr->oom = 1;
        return 0;
    }
    return 1;
}

static void put_bytes(att_trace *tr, const char *s, size_t n)
{
    if (reserve(tr, n)) {
        memcpy(tr->row + tr->len, s, n);
        tr->len += n;
    }
}

static void put_str(att_trace *tr, const char *s)
{
    if (s)
        put_bytes(tr, s, strlen(s));
}

static void put_char(att_trace *tr, char c)
{
    if (reserve(tr, 1))
        tr->row[tr->len++] = c;
}

/* Writes `v` with at least `width` digits, zero-padded. */
static void put_digits(att_trace *tr, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v || n < width);
    if (reserve(tr, (size_t)n))
        while (n)
            tr->row[tr->len++] = tmp[--n];
}

static void put_long(att_trace *tr, long v)
{
    if (v < 0) {
        put_char(tr, '-');
        put_digits(tr, (uint64_t)0 - (uint64_t)v, 1);
    } else {
        put_digits(tr, (uint64_t)v, 1);
    }
}

/* x with `d` decimals, as printf("%.*f") would print it except that a value
 * rounding to zero is written without a sign, and NaN and infinities are
 * written the way R and pandas read them back. */
static void put_fixed(att_trace *tr, double x, int d)
{
    if (isnan(x)) {
        put_str(tr, "NaN");
        return;
    }
    if (isinf(x)) {
        put_str(tr, x < 0 ? "-Inf" : "Inf");
        return;
    }

    /* One multiplication by an exact power of ten: y is within |y| * 2^-53
     * of the exact scaled value, so rounding y agrees with rounding the
     * exact value unless the fraction is that close to one half. */
    double y = fabs(x) * pow10_table[d];
    if (y < 1e15) {
        double whole = floor(y);
        double frac = y - whole;
        if (fabs(frac - 0.5) > y * 1e-15) {
            uint64_t n = (uint64_t)whole + (frac > 0.5);
            uint64_t scale = (uint64_t)pow10_table[d];
            if (n != 0 && x < 0)
                put_char(tr, '-');
            put_digits(tr, n / scale, 1);
            put_char(tr, '.');
            put_digits(tr, n % scale, d);
            return;
        }
    }

    char tmp[400]; /* "%.9f" of DBL_MAX needs 320 */
    int n = snprintf(tmp, sizeof tmp, "%.*f", d, x);
    const char *s = tmp;
    if (s[0] == '-' && strspn(s + 1, "0.") == (size_t)n - 1)
        s++;
    put_str(tr, s);
}

/* The phase name is the user's text: quote it (libcsv's rules) only when it
 * would otherwise break the row, so ordinary names stay readable. */
static void put_text(att_trace *tr, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    if (!s[strcspn(s, ",\"\r\n")]) {
        put_bytes(tr, s, n);
        return;
    }
    size_t need = csv_write(NULL, 0, s, n);
    if (reserve(tr, need))
        tr->len += csv_write(tr->row + tr->len, need, s, n);
}

/* Smallest number of decimals (1-9) that shows multiples of dt exactly. */
static int decimals_for(double dt)
{
    for (int d = 1; d <= MAX_DECIMALS; d++) {
        double y = dt * pow10_table[d];
        if (fabs(round(y) - y) < 1e-9)
            return d;
    }
    return MAX_DECIMALS;
}

static int flush_row(att_trace *tr, att_error *err)
{
    if (tr->oom)
        return att_error_nomem(err);
    errno = 0;
    if (fwrite(tr->row, 1, tr->len, tr->fp) != tr->len || ferror(tr->fp)) {
        if (errno)
            return att_error_set(err, ATT_EIO, "trace: write error: %s", strerror(errno));
        return att_error_set(err, ATT_EIO, "trace: write error");
    }
    return ATT_OK;
}

att_trace *att_trace_open(FILE *fp, double dt, long sessions, att_error *err)
{
    if (!fp) {
        att_error_set(err, ATT_EINTERNAL, "att_trace_new: no stream");
        return NULL;
    }
    att_trace *tr = calloc(1, sizeof *tr);
    if (tr) {
        tr->cap = 512;
        tr->row = malloc(tr->cap);
    }
    if (!tr || !tr->row) {
        att_trace_free(tr);
        att_error_nomem(err);
        return NULL;
    }
    tr->fp = fp;
    tr->t_decimals = decimals_for(dt);
    tr->sessions = sessions > 1;

    for (size_t i = 0; i < att_trace_column_count; i++) {
        if (i)
            put_char(tr, ',');
        put_str(tr, att_trace_columns[i]);
        if (i == 0 && tr->sessions)
            put_str(tr, ",session");
    }
    put_char(tr, '\n');
    if (flush_row(tr, err) != ATT_OK) {
        att_trace_free(tr);
        return NULL;
    }
    return tr;
}

att_trace *att_trace_new(FILE *fp, double dt, att_error *err)
{
    return att_trace_open(fp, dt, 1, err);
}

int att_trace_write(att_trace *tr, const att_step *s, att_error *err)
{
    tr->len = 0;
    put_long(tr, s->run);
    put_char(tr, ',');
    if (tr->sessions) {
        put_long(tr, s->session);
        put_char(tr, ',');
    }
    put_fixed(tr, s->t, tr->t_decimals);
    put_char(tr, ',');
    put_text(tr, s->phase_name);
    put_char(tr, ',');
    put_fixed(tr, s->infant.arousal, 4);
    put_char(tr, ',');
    put_char(tr, s->infant.gaze == ATT_GAZE_AT ? '1' : '0');
    put_char(tr, ',');
    put_str(tr, att_affect_name(s->infant.affect));
    put_char(tr, ',');
    put_str(tr, att_infant_behavior_name(s->infant.behavior));
    put_char(tr, ',');
    put_str(tr, att_infant_code_name(s->infant_code));
    put_char(tr, ',');
    put_str(tr, att_caregiver_code_name(s->caregiver_code));
    put_char(tr, ',');
    put_str(tr, att_care_mode_name(s->caregiver_mode));
    put_char(tr, ',');
    put_fixed(tr, s->signal.stimulation, 3);
    put_char(tr, ',');
    put_char(tr, s->matched ? '1' : '0');
    put_char(tr, ',');
    put_fixed(tr, s->infant.regulation, 4);
    put_char(tr, ',');
    put_fixed(tr, s->infant.trust, 4);
    put_char(tr, ',');
    put_fixed(tr, s->infant.contingency_loss, 4);
    put_char(tr, ',');
    put_fixed(tr, s->caregiver_arousal, 4);
    put_char(tr, ',');
    put_fixed(tr, s->signal.intrusion, 3);
    put_char(tr, ',');
    put_fixed(tr, s->signal.soothe, 3);
    put_char(tr, '\n');
    return flush_row(tr, err);
}

void att_trace_free(att_trace *tr)
{
    if (tr) {
        free(tr->row);
        free(tr);
    }
}
