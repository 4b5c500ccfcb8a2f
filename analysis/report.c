/* Writing window scores: CSV and JSON records (wide or long), or aligned
 * blocks to read. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/report.h"
#include "base/csvwrite.h"
#include "base/grow.h"
#include "base/json.h"

struct att_report {
    FILE *fp;
    att_format fmt;
    int pooled;
    int long_form;
    att_long lw;      /* the long form's writer */
    char *run;        /* the long form: a unit's run part */
    size_t runcap;
    long records;     /* JSON records so far */
    int header_done;
};

/* The long form's key columns. */
static const char *const long_keys[] = { "level", "file", "run", "session", "window" };
enum { LONG_KEYS = sizeof long_keys / sizeof *long_keys };

int att_format_parse(const char *name, att_format *out)
{
    static const char *const names[] = { "table", "csv", "json" };
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (att_format)i;
            return 0;
        }
    }
    return -1;
}

att_report *att_report_new(FILE *fp, att_format fmt, int flags, att_error *err)
{
    int long_form = (flags & ATT_REPORT_LONG) != 0;
    if (!fp || (unsigned)fmt > ATT_FORMAT_JSON || (long_form && fmt == ATT_FORMAT_TABLE)) {
        att_error_set(err, ATT_EINPUT, "report: %s", !fp ? "no stream"
                      : long_form && fmt == ATT_FORMAT_TABLE ? "the long form is csv or json"
                      : "unknown format");
        return NULL;
    }
    att_report *r = calloc(1, sizeof *r);
    if (!r) {
        att_error_nomem(err);
        return NULL;
    }
    *r = (att_report){ .fp = fp, .fmt = fmt, .pooled = (flags & ATT_REPORT_POOLED) != 0,
                       .long_form = long_form };
    if (long_form)
        (void)att_long_begin(&r->lw, fp, fmt, long_keys, NULL, LONG_KEYS, "metric", NULL);
    return r;
}

void att_report_free(att_report *r)
{
    if (r)
        free(r->run);
    free(r);
}

/* Median interval bounds come from the Kaplan-Meier curve, not resampling. */
static int has_boot(int c)
{
    return c != ATT_SC_LATENCY_MEDIAN_LO && c != ATT_SC_LATENCY_MEDIAN_HI;
}

/* A number for CSV (empty when undefined) or JSON (null). */
static void put_number(att_report *r, double x)
{
    if (isnan(x) || isinf(x))
        fputs(r->fmt == ATT_FORMAT_JSON ? "null" : "", r->fp);
    else
        fprintf(r->fp, "%.10g", x);
}

/* Field separator and, for JSON, the key. */
static void put_key(att_report *r, const char *key, int first)
{
    if (r->fmt == ATT_FORMAT_CSV) {
        if (!first)
            putc(',', r->fp);
        return;
    }
    fprintf(r->fp, "%s\"%s\": ", first ? "" : ", ", key);
}

static void put_text(att_report *r, const char *key, const char *s, int first)
{
    put_key(r, key, first);
    if (r->fmt == ATT_FORMAT_CSV)
        att_csv_put_field(r->fp, s);
    else
        att_json_string(r->fp, s);
}

static void csv_header(att_report *r)
{
    if (r->header_done)
        return;
    r->header_done = 1;
    fputs(r->pooled ? "level,run,window" : "run,window", r->fp);
    for (int c = 0; c < ATT_SC_COUNT; c++)
        fprintf(r->fp, ",%s", att_score_col_name((att_score_col)c));
    fputs(",file", r->fp);
    if (r->pooled) {
        fputs(",runs,pooled_ruptures,pooled_repairs", r->fp);
        for (int c = 0; c < ATT_SC_COUNT; c++)
            if (has_boot(c))
                fprintf(r->fp, ",%s_boot_lo,%s_boot_hi", att_score_col_name((att_score_col)c),
                        att_score_col_name((att_score_col)c));
    }
    putc('\n', r->fp);
}

/* One CSV or JSON record; `p` is NULL for a run's row. */
static void record(att_report *r, const char *file, const char *run, const att_window_score *w,
                   const att_pooled_score *p)
{
    if (r->fmt == ATT_FORMAT_CSV)
        csv_header(r);
    else
        fputs(r->records++ ? ",\n  {" : "[\n  {", r->fp);
    if (r->pooled)
        put_text(r, "level", p ? "pooled" : "run", 1);
    put_text(r, "run", run, !r->pooled);
    put_text(r, "window", w->window, 0);
    for (int c = 0; c < ATT_SC_COUNT; c++) {
        put_key(r, att_score_col_name((att_score_col)c), 0);
        put_number(r, w->v[c]);
    }
    put_text(r, "file", file, 0);
    if (r->pooled) {
        put_key(r, "runs", 0);
        put_number(r, p ? (double)p->runs : NAN);
        put_key(r, "pooled_ruptures", 0);
        put_number(r, p ? (double)p->ruptures : NAN);
        put_key(r, "pooled_repairs", 0);
        put_number(r, p ? (double)p->repairs : NAN);
        for (int c = 0; c < ATT_SC_COUNT; c++) {
            if (!has_boot(c))
                continue;
            char key[64];
            snprintf(key, sizeof key, "%s_boot_lo", att_score_col_name((att_score_col)c));
            put_key(r, key, 0);
            put_number(r, p ? p->lo[c] : NAN);
            snprintf(key, sizeof key, "%s_boot_hi", att_score_col_name((att_score_col)c));
            put_key(r, key, 0);
            put_number(r, p ? p->hi[c] : NAN);
        }
    }
    fputs(r->fmt == ATT_FORMAT_CSV ? "\n" : "}", r->fp);
}

/* ---- the long form ------------------------------------------------------ */

const char *att_unit_session(const char *unit, size_t *run_len)
{
    const char *slash = strrchr(unit, '/');
    *run_len = slash ? (size_t)(slash - unit) : strlen(unit);
    return slash ? slash + 1 : NULL;
}

/* A run's rows: its unit split into run and session at the last '/'. */
static int long_run(att_report *r, const char *file, const char *unit, const att_window_score *w,
                    size_t n, att_error *err)
{
    size_t len;
    const char *session = att_unit_session(unit, &len);
    if (att_grow(&r->run, &r->runcap, len + 1, 1, err) != ATT_OK)
        return ATT_ENOMEM;
    memcpy(r->run, unit, len);
    r->run[len] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *keys[LONG_KEYS] = { "run", file, r->run, session, w[i].window };
        for (int c = 0; c < ATT_SC_COUNT; c++)
            att_long_row(&r->lw, keys, att_score_col_name((att_score_col)c), w[i].v[c]);
    }
    return ATT_OK;
}

/* A window's pooled rows: the estimates, then the wide form's pooled columns. */
static void long_pooled(att_report *r, const att_pooled_score *p)
{
    const char *keys[LONG_KEYS] = { "pooled", NULL, "pooled", NULL, p->window };
    for (int c = 0; c < ATT_SC_COUNT; c++)
        att_long_row(&r->lw, keys, att_score_col_name((att_score_col)c), p->est.v[c]);
    att_long_row(&r->lw, keys, "runs", (double)p->runs);
    att_long_row(&r->lw, keys, "pooled_ruptures", (double)p->ruptures);
    att_long_row(&r->lw, keys, "pooled_repairs", (double)p->repairs);
    for (int c = 0; c < ATT_SC_COUNT; c++) {
        if (!has_boot(c))
            continue;
        char name[64];
        snprintf(name, sizeof name, "%s_boot_lo", att_score_col_name((att_score_col)c));
        att_long_row(&r->lw, keys, name, p->lo[c]);
        snprintf(name, sizeof name, "%s_boot_hi", att_score_col_name((att_score_col)c));
        att_long_row(&r->lw, keys, name, p->hi[c]);
    }
}

/* ---- the table ---------------------------------------------------------- */

/* The columns that count ruptures: whole numbers in a run's row. */
static int is_count(int c)
{
    return c == ATT_SC_RUPTURES || c == ATT_SC_REPAIRS || c == ATT_SC_MICRO_RUPTURES
           || c == ATT_SC_MAJOR_RUPTURES;
}

/* A score as the table shows it: counts whole, others to 3 decimals. */
static void table_cell(char *buf, size_t cap, int c, double x)
{
    if (isnan(x))
        snprintf(buf, cap, "-");
    else if (is_count(c))
        snprintf(buf, cap, "%.0f", x);
    else
        snprintf(buf, cap, "%.3f", x);
}

enum { LABEL_WIDTH = 26 };

static int width_of(const char *window, int min)
{
    int len = (int)strlen(window);
    return (len > min ? len : min) + 2;
}

static void table_run(att_report *r, const char *file, const char *run,
                      const att_window_score *w, size_t n)
{
    FILE *fp = r->fp;
    fprintf(fp, "%srun %s  (%s)\n%-*s", r->header_done++ ? "\n" : "", run, file, LABEL_WIDTH,
            "");
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "%*s", width_of(w[i].window, 8), w[i].window);
    putc('\n', fp);
    for (int c = 0; c < ATT_SC_COUNT; c++) {
        fprintf(fp, "%-*s", LABEL_WIDTH, att_score_col_name((att_score_col)c));
        for (size_t i = 0; i < n; i++) {
            char cell[64];
            table_cell(cell, sizeof cell, c, w[i].v[c]);
            fprintf(fp, "%*s", width_of(w[i].window, 8), cell);
        }
        putc('\n', fp);
    }
}

/* "est [lo, hi]" for the pooled block. */
static void pooled_cell(char *buf, size_t cap, int c, const att_pooled_score *p)
{
    char est[32], lo[32], hi[32];
    table_cell(est, sizeof est, c, p->est.v[c]);
    if (!has_boot(c) || (isnan(p->lo[c]) && isnan(p->hi[c]))) {
        snprintf(buf, cap, "%s", est);
        return;
    }
    int cnt = is_count(c);
    table_cell(lo, sizeof lo, cnt ? ATT_SC_OBSERVED_S : c, p->lo[c]);
    table_cell(hi, sizeof hi, cnt ? ATT_SC_OBSERVED_S : c, p->hi[c]);
    if (cnt)
        table_cell(est, sizeof est, ATT_SC_OBSERVED_S, p->est.v[c]);
    snprintf(buf, cap, "%s [%s, %s]", est, lo, hi);
}

static void table_pooled(att_report *r, const att_pooled_score *p, size_t n)
{
    FILE *fp = r->fp;
    int width[64];
    size_t shown = n < 64 ? n : 64;
    for (size_t i = 0; i < shown; i++) {
        width[i] = width_of(p[i].window, 8);
        for (int c = 0; c < ATT_SC_COUNT; c++) {
            char cell[128];
            pooled_cell(cell, sizeof cell, c, &p[i]);
            if ((int)strlen(cell) + 2 > width[i])
                width[i] = (int)strlen(cell) + 2;
        }
    }
    fprintf(fp, "%spooled: mean over runs [95%% bootstrap interval, resampling runs];\n"
            "latency_* and repaired_within_2s from Kaplan-Meier over all ruptures\n%-*s",
            r->header_done++ ? "\n" : "", LABEL_WIDTH, "");
    for (size_t i = 0; i < shown; i++)
        fprintf(fp, "%*s", width[i], p[i].window);
    fprintf(fp, "\n%-*s", LABEL_WIDTH, "runs");
    for (size_t i = 0; i < shown; i++)
        fprintf(fp, "%*ld", width[i], p[i].runs);
    fprintf(fp, "\n%-*s", LABEL_WIDTH, "pooled_ruptures");
    for (size_t i = 0; i < shown; i++)
        fprintf(fp, "%*ld", width[i], p[i].ruptures);
    putc('\n', fp);
    for (int c = 0; c < ATT_SC_COUNT; c++) {
        fprintf(fp, "%-*s", LABEL_WIDTH, att_score_col_name((att_score_col)c));
        for (size_t i = 0; i < shown; i++) {
            char cell[128];
            pooled_cell(cell, sizeof cell, c, &p[i]);
            fprintf(fp, "%*s", width[i], cell);
        }
        putc('\n', fp);
    }
}

int att_report_run(att_report *r, const char *file, const char *run, const att_window_score *w,
                   size_t n, att_error *err)
{
    if (r->long_form)
        return long_run(r, file, run, w, n, err);
    if (r->fmt == ATT_FORMAT_TABLE)
        table_run(r, file, run, w, n);
    else
        for (size_t i = 0; i < n; i++)
            record(r, file, run, &w[i], NULL);
    return ATT_OK;
}

int att_report_pooled(att_report *r, const att_pooled_score *p, size_t n, att_error *err)
{
    (void)err;
    if (r->long_form)
        for (size_t i = 0; i < n; i++)
            long_pooled(r, &p[i]);
    else if (r->fmt == ATT_FORMAT_TABLE)
        table_pooled(r, p, n);
    else
        for (size_t i = 0; i < n; i++)
            record(r, "", "pooled", &p[i].est, &p[i]);
    return ATT_OK;
}

int att_report_finish(att_report *r, att_error *err)
{
    if (r->long_form)
        return att_long_end(&r->lw, err);
    if (r->fmt == ATT_FORMAT_CSV)
        csv_header(r);
    else if (r->fmt == ATT_FORMAT_JSON)
        fputs(r->records ? "\n]\n" : "[]\n", r->fp);
    if (ferror(r->fp))
        return att_error_set(err, ATT_EIO, "write error: %s", strerror(errno));
    return ATT_OK;
}
