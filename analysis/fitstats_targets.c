/* The targets file of `attune fit` (attune/fitstats.h): published summary
 * statistics with their standard errors, one per (statistic, phase). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/fitstats_impl.h"
#include "attune/param.h"
#include "base/csvread.h"
#include "base/grow.h"

enum { COL_STAT, COL_PHASE, COL_VALUE, COL_SE, COL_SOURCE, COL_COUNT };
static const char *const col_names[COL_COUNT] = { "statistic", "phase", "value", "se",
                                                  "source" };
#define HEADER "statistic,phase,value,se,source"

struct att_targets {
    char *path;
    att_target *t;
    size_t n, cap;
};

typedef struct loader {
    att_targets *tg;
    const char *path;
    att_error *err;
    long line;
    int have_header, ncols;
    int col[COL_COUNT];
} loader;

static int fail(loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(loader *ld, const char *fmt, ...)
{
    char what[sizeof ld->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return att_error_set(ld->err, ATT_EINPUT, "%s:%ld: %s", ld->path, ld->line, what);
}

/* Finds the columns; with `strict`, a missing one is an error. */
static int read_header(loader *ld, const att_csv_row *row, int strict)
{
    int twice = att_csv_find_columns(row, col_names, COL_COUNT, ld->col);
    if (twice >= 0)
        return fail(ld, "column '%s' named twice (header " HEADER ")", col_names[twice]);
    for (int c = 0; strict && c < COL_SOURCE; c++)
        if (ld->col[c] < 0)
            return fail(ld, "no column '%s' (a targets file has the header " HEADER ")",
                        col_names[c]);
    ld->ncols = row->n;
    ld->have_header = 1;
    return ATT_OK;
}

static int read_number(loader *ld, const char *text, const char *what, double *out)
{
    int st = att_parse_double(text, out);
    if (st == ATT_NUM_EMPTY)
        return fail(ld, "missing %s%s", what,
                    strcmp(what, "se") == 0 ? " (every target needs a standard error > 0)" : "");
    if (st != 0)
        return fail(ld, "%s '%s' %s", what, text, att_number_problem(st));
    return ATT_OK;
}

/* The index of an earlier target with the same name, or -1. */
static long find_target(const att_targets *tg, const char *name)
{
    for (size_t i = 0; i < tg->n; i++)
        if (strcmp(tg->t[i].name, name) == 0)
            return (long)i;
    return -1;
}

static int read_target(loader *ld, const att_csv_row *row)
{
    if (row->n != ld->ncols)
        return fail(ld, "%d fields where the header has %d", row->n, ld->ncols);
    const char *stat = row->field[ld->col[COL_STAT]];
    const char *phase = row->field[ld->col[COL_PHASE]];
    const char *source = ld->col[COL_SOURCE] >= 0 ? row->field[ld->col[COL_SOURCE]] : "";
    int s = att_fitstat_find(stat);
    if (s < 0) {
        char what[512];
        att_fs_unknown_stat(stat, what, sizeof what);
        return fail(ld, "%s", what);
    }
    if (!*phase)
        return fail(ld, "empty phase (a window name: a phase of the scenario, or all)");
    char why[400];
    if (att_fs_window_problem((att_fitstat)s, phase, why, sizeof why))
        return fail(ld, "%s", why);
    att_target t = { .stat = (att_fitstat)s, .line = ld->line };
    if (read_number(ld, row->field[ld->col[COL_VALUE]], "value", &t.value) != ATT_OK
        || read_number(ld, row->field[ld->col[COL_SE]], "se", &t.se) != ATT_OK)
        return ATT_EINPUT;
    if (!(t.se > 0))
        return fail(ld, "se %s is not above 0 (a standard error must be > 0)",
                    row->field[ld->col[COL_SE]]);
    size_t len = strlen(phase) + strlen(stat) + 2;
    if (!(t.name = malloc(len)))
        return att_error_nomem(ld->err);
    snprintf(t.name, len, "%s.%s", phase, stat);
    long first = find_target(ld->tg, t.name);
    if (first >= 0) {
        free(t.name);
        return fail(ld, "%s for phase %s given twice (first on line %ld)", stat, phase,
                    ld->tg->t[first].line);
    }
    t.window = strdup(phase);
    t.source = strdup(source);
    if (!t.window || !t.source
        || att_grow(&ld->tg->t, &ld->tg->cap, ld->tg->n + 1, sizeof *ld->tg->t, ld->err)) {
        free(t.name);
        free(t.window);
        free(t.source);
        return att_error_nomem(ld->err);
    }
    ld->tg->t[ld->tg->n++] = t;
    return ATT_OK;
}

static int on_row(const att_csv_row *row, void *user, att_error *err)
{
    (void)err;
    loader *ld = user;
    ld->line = row->line;
    return ld->have_header ? read_target(ld, row) : read_header(ld, row, 1);
}

att_targets *att_targets_load(const char *path, att_error *err)
{
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return NULL;
    att_targets *tg = calloc(1, sizeof *tg);
    if (!tg || !(tg->path = strdup(path))) {
        if (fp != stdin)
            fclose(fp);
        att_targets_free(tg);
        att_error_nomem(err);
        return NULL;
    }
    loader ld = { .tg = tg, .path = path, .err = err, .line = 1 };
    int rc = att_csv_read(fp, path, 0, on_row, &ld, err);
    if (fp != stdin)
        fclose(fp);
    if (rc == ATT_OK && !ld.have_header)
        rc = fail(&ld, "empty file (expected the header " HEADER ")");
    else if (rc == ATT_OK && tg->n == 0)
        rc = fail(&ld, "no targets after the header");
    if (rc != ATT_OK) {
        att_targets_free(tg);
        return NULL;
    }
    att_error_clear(err);
    return tg;
}

void att_targets_free(att_targets *tg)
{
    if (!tg)
        return;
    for (size_t i = 0; i < tg->n; i++) {
        free(tg->t[i].name);
        free(tg->t[i].window);
        free(tg->t[i].source);
    }
    free(tg->t);
    free(tg->path);
    free(tg);
}

size_t att_targets_count(const att_targets *tg)
{
    return tg->n;
}

const att_target *att_targets_get(const att_targets *tg, size_t i)
{
    return i < tg->n ? &tg->t[i] : NULL;
}

const char *att_targets_path(const att_targets *tg)
{
    return tg->path;
}

/* Reads the header only: stops the reader with a code of its own. */
enum { SNIFF_STOP = 1000 };

static int on_header(const att_csv_row *row, void *user, att_error *err)
{
    (void)err;
    loader *ld = user;
    ld->line = row->line;
    if (read_header(ld, row, 0) != ATT_OK)
        ld->have_header = 0;   /* a column named twice: not a targets file */
    return SNIFF_STOP;
}

int att_targets_sniff(const char *path, att_error *err)
{
    if (strcmp(path, "-") == 0)
        return 0;   /* reading the header would lose it */
    FILE *fp = att_csv_open(path, err);
    if (!fp)
        return -ATT_EINPUT;
    att_error local = { 0 };
    loader ld = { .path = path, .err = &local, .line = 1 };
    int rc = att_csv_read(fp, path, 0, on_header, &ld, err);
    if (fp != stdin)
        fclose(fp);
    if (rc != SNIFF_STOP && rc != ATT_OK)
        return -rc;
    /* a column `statistic` makes it a targets file even when another column
     * is missing or misnamed: the loader then says which (a coded file
     * has no such column) */
    return ld.have_header && ld.col[COL_STAT] >= 0;
}
