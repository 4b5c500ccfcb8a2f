/* Writing validation results: an aligned table to read, or tidy CSV
 * (att_validate_write in include/attune/validate.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/report.h"
#include "base/csvwrite.h"
#include "base/wrap.h"
#include "attune/validate.h"

enum { COL_ID, COL_PHENOMENON, COL_LITERATURE, COL_SIMULATED, COL_RULE, COL_RESULT, NCOLS };
#define CELL 256

static const char *const heading[NCOLS] = {
    "id", "phenomenon", "literature (source)", "simulated [95% CI]", "rule", "result"
};

/* A number for the table: 3 significant digits, "-" when undefined. */
static void num3(char *buf, size_t size, double x)
{
    if (isnan(x))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.3g", x);
}

static void rule_text(char *buf, size_t size, const att_vcheck *c)
{
    char lo[32], hi[32];
    num3(lo, sizeof lo, c->target_lo);
    num3(hi, sizeof hi, c->target_hi);
    switch (c->rule) {
    case ATT_VRULE_RANGE:
        snprintf(buf, size, "estimate in [%s, %s]", lo, hi);
        break;
    case ATT_VRULE_ABOVE:
        snprintf(buf, size, "CI above %s", lo);
        break;
    case ATT_VRULE_OVERLAP:
        snprintf(buf, size, "CI meets [%s, %s]", lo, hi);
        break;
    }
}

static void cells_of(const att_vresult *r, char cells[NCOLS][CELL])
{
    const att_vcheck *c = r->check;
    char est[32], lo[32], hi[32];
    num3(est, sizeof est, r->estimate);
    num3(lo, sizeof lo, r->ci_lo);
    num3(hi, sizeof hi, r->ci_hi);
    snprintf(cells[COL_ID], CELL, "%s", c->id);
    snprintf(cells[COL_PHENOMENON], CELL, "%s", c->phenomenon);
    snprintf(cells[COL_LITERATURE], CELL, "%s (%s)", c->literature, c->source);
    snprintf(cells[COL_SIMULATED], CELL, "%s [%s, %s]", est, lo, hi);
    rule_text(cells[COL_RULE], CELL, c);
    snprintf(cells[COL_RESULT], CELL, "%s", r->pass ? "PASS" : "FAIL");
}

static void write_table(FILE *fp, const att_validate_opts *o, const att_vresult *r, size_t n)
{
    int w[NCOLS];
    for (int k = 0; k < NCOLS; k++)
        w[k] = (int)strlen(heading[k]);
    char cells[NCOLS][CELL];
    for (size_t i = 0; i < n; i++) {
        cells_of(&r[i], cells);
        for (int k = 0; k < NCOLS; k++)
            if ((int)strlen(cells[k]) > w[k])
                w[k] = (int)strlen(cells[k]);
    }
    int only = o->only && *o->only;
    fprintf(fp, "attune validate: %ld infants per population, 95%% percentile bootstrap "
            "intervals from %ld resamples of infants, seed %lu%s%s\n", o->infants, o->boot,
            o->seed, only ? ", only ids starting " : "", only ? o->only : "");
    fprintf(fp, "A check passes when: 'estimate in [a, b]', its estimate lies in the range; "
            "'CI above 0',\nthe whole interval lies above 0 (a predicted direction); "
            "'CI meets [-m, m]', the interval\noverlaps the margin (numerical equivalence).  "
            "docs/VALIDATION.md describes every check.\n\n");
    for (int k = 0; k < NCOLS; k++)
        fprintf(fp, k ? "  %-*s" : "%-*s", k == NCOLS - 1 ? 0 : w[k], heading[k]);
    putc('\n', fp);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        cells_of(&r[i], cells);
        for (int k = 0; k < NCOLS; k++)
            fprintf(fp, k ? "  %-*s" : "%-*s", k == NCOLS - 1 ? 0 : w[k], cells[k]);
        putc('\n', fp);
        if (r[i].detail[0])
            fprintf(fp, "%*s  %s\n", w[COL_ID], "", r[i].detail);
        failed += !r[i].pass;
    }
    fprintf(fp, "\n%zu check%s, %zu failed\n", n, n == 1 ? "" : "s", failed);
}

/* ---- the narrow table: every line fits ATT_VALIDATE_NARROW_COLS ---- */

enum { NARROW = ATT_VALIDATE_NARROW_COLS, SUB = 4 };

/* The heading, as the wide table's, wrapped. */
static void narrow_heading(FILE *fp, const att_validate_opts *o)
{
    char line[512];
    int only = o->only && *o->only;
    snprintf(line, sizeof line, "attune validate: %ld infants per population, 95%% percentile "
             "bootstrap intervals from %ld resamples of infants, seed %lu%s%.200s", o->infants,
             o->boot, o->seed, only ? ", only ids starting " : "", only ? o->only : "");
    att_wrap_put(fp, line, 0, 0, NARROW);
    att_wrap_put(fp, "A check passes when: 'estimate in [a, b]', its estimate lies in the range; "
                 "'CI above 0', the whole interval lies above 0 (a predicted direction); 'CI "
                 "meets [-m, m]', the interval overlaps the margin (numerical equivalence).  "
                 "docs/VALIDATION.md describes every check.", 0, 0, NARROW);
    putc('\n', fp);
}

/* One line per check (id, simulated [95% CI], rule, result; the rule moves
 * to the lines below when the four do not fit), then, indented, the
 * phenomenon, the literature (source) and the detail, each wrapped. */
static void write_narrow(FILE *fp, const att_validate_opts *o, const att_vresult *r, size_t n)
{
    static const int cols[] = { COL_ID, COL_SIMULATED, COL_RULE, COL_RESULT };
    int w[NCOLS] = { 0 };
    char cells[NCOLS][CELL], text[2 * CELL];
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        w[cols[i]] = (int)strlen(heading[cols[i]]);
    for (size_t i = 0; i < n; i++) {
        cells_of(&r[i], cells);
        for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
            if ((int)strlen(cells[cols[k]]) > w[cols[k]])
                w[cols[k]] = (int)strlen(cells[cols[k]]);
    }
    int rule_inline = w[COL_ID] + w[COL_SIMULATED] + w[COL_RULE] + w[COL_RESULT] + 6 <= NARROW;
    narrow_heading(fp, o);
    fprintf(fp, "%-*s  %-*s  ", w[COL_ID], heading[COL_ID], w[COL_SIMULATED],
            heading[COL_SIMULATED]);
    if (rule_inline)
        fprintf(fp, "%-*s  ", w[COL_RULE], heading[COL_RULE]);
    fprintf(fp, "%s\n", heading[COL_RESULT]);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        cells_of(&r[i], cells);
        fprintf(fp, "%-*s  %-*s  %-*s%s\n", w[COL_ID], cells[COL_ID], w[COL_SIMULATED],
                cells[COL_SIMULATED], rule_inline ? w[COL_RULE] + 2 : 0,
                rule_inline ? cells[COL_RULE] : "", cells[COL_RESULT]);
        att_wrap_put(fp, cells[COL_PHENOMENON], SUB, SUB + 2, NARROW);
        snprintf(text, sizeof text, "literature: %s", cells[COL_LITERATURE]);
        att_wrap_put(fp, text, SUB, SUB + 2, NARROW);
        if (!rule_inline) {
            snprintf(text, sizeof text, "rule: %s", cells[COL_RULE]);
            att_wrap_put(fp, text, SUB, SUB + 2, NARROW);
        }
        att_wrap_put(fp, r[i].detail, SUB, SUB + 2, NARROW);
        failed += !r[i].pass;
    }
    fprintf(fp, "\n%zu check%s, %zu failed\n", n, n == 1 ? "" : "s", failed);
}

/* A CSV number: %.6g, empty when undefined or infinite (no bound). */
static void csv_num(FILE *fp, double x)
{
    putc(',', fp);
    if (isfinite(x))
        fprintf(fp, "%.6g", x);
}

static void write_csv(FILE *fp, const att_vresult *r, size_t n)
{
    fputs("id,group,phenomenon,source,literature,estimate,ci_low,ci_high,rule,target_low,"
          "target_high,pass\n", fp);
    for (size_t i = 0; i < n; i++) {
        const att_vcheck *c = r[i].check;
        att_csv_put_field(fp, c->id);
        putc(',', fp);
        att_csv_put_field(fp, r[i].group);
        putc(',', fp);
        att_csv_put_field(fp, c->phenomenon);
        putc(',', fp);
        att_csv_put_field(fp, c->source);
        putc(',', fp);
        att_csv_put_field(fp, c->literature);
        csv_num(fp, r[i].estimate);
        csv_num(fp, r[i].ci_lo);
        csv_num(fp, r[i].ci_hi);
        putc(',', fp);
        att_csv_put_field(fp, att_vrule_name(c->rule));
        csv_num(fp, c->target_lo);
        csv_num(fp, c->rule == ATT_VRULE_ABOVE ? NAN : c->target_hi);
        fprintf(fp, ",%d\n", r[i].pass);
    }
}

static int flushed(FILE *fp, att_error *err)
{
    errno = 0;
    if (fflush(fp) != 0 || ferror(fp))
        return att_error_set(err, ATT_EIO, "write error%s%s", errno ? ": " : "",
                             errno ? strerror(errno) : "");
    return ATT_OK;
}

int att_validate_write(FILE *fp, att_format fmt, const att_validate_opts *o,
                       const att_vresult *r, size_t n, att_error *err)
{
    if (fmt == ATT_FORMAT_TABLE)
        write_table(fp, o, r, n);
    else if (fmt == ATT_FORMAT_CSV)
        write_csv(fp, r, n);
    else
        return att_error_set(err, ATT_EINPUT, "validate writes table or csv");
    return flushed(fp, err);
}

int att_validate_write_narrow(FILE *fp, const att_validate_opts *o, const att_vresult *r,
                              size_t n, att_error *err)
{
    write_narrow(fp, o, r, n);
    return flushed(fp, err);
}
