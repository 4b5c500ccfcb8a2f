/* The sensitivity table written (attune validate --sensitivity): CSV or a
 * markdown table with its verdict on the headline conclusions
 * (include/attune/validate.h, section 4; the table is made in
 * validate/validate_sens.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/buf.h"
#include "attune/validate.h"
#include "base/csvwrite.h"

/* ---- the verdict ---- */

/* 1 when the space-separated ids hold one with a '+' (plus) or without. */
static int has_kind(const char *ids, int plus)
{
    for (const char *p = ids; p && *p; p += strcspn(p, " "), p += *p == ' ')
        if ((*p == '+') == plus)
            return 1;
    return 0;
}

/* Appends the ids of one kind (with a '+' or without), the '+' dropped,
 * separated by spaces; in backquotes with md. */
static int add_ids(att_buf *b, const char *ids, int plus, int md, att_error *err)
{
    int rc = ATT_OK, first = 1;
    for (const char *p = ids; rc == ATT_OK && p && *p; p += *p == ' ') {
        size_t len = strcspn(p, " ");
        if ((*p == '+') == plus) {
            rc = att_buf_printf(b, err, "%s%s%.*s%s", first ? "" : " ", md ? "`" : "",
                                (int)(len - (size_t)plus), p + plus, md ? "`" : "");
            first = 0;
        }
        p += len;
    }
    return rc;
}

void att_vsens_headline_rows(const att_vsens *t, size_t *lost, size_t *gained)
{
    *lost = *gained = 0;
    for (size_t i = 1; t && i < t->n; i++) {
        *lost += has_kind(t->rows[i].headline, 0);
        *gained += has_kind(t->rows[i].headline, 1);
    }
}

/* "N of the M changes VERB: KEY x F (ids), ..." for the rows of one kind
 * (n of them; verb[0] for one row, verb[1] for several), or "none of the
 * M changes VERB[0]" when there is no such row. */
static int add_rows(att_buf *b, const att_vsens *t, int plus, size_t n,
                    const char *const verb[2], int md, att_error *err)
{
    size_t changes = t->n > 0 ? t->n - 1 : 0;
    if (n == 0)
        return att_buf_printf(b, err, "none of the %zu change%s %s", changes,
                              changes == 1 ? "" : "s", verb[0]);
    int rc = att_buf_printf(b, err, "%zu of the %zu change%s %s:", n, changes,
                            changes == 1 ? "" : "s", verb[n != 1]);
    const char *q = md ? "`" : "";
    for (size_t i = 1, k = 0; rc == ATT_OK && i < t->n; i++) {
        const att_vsens_row *r = &t->rows[i];
        if (!has_kind(r->headline, plus))
            continue;
        rc = att_buf_printf(b, err, "%s %s%s%s x %g (", k++ ? "," : "", q, r->key, q, r->factor);
        if (rc == ATT_OK)
            rc = add_ids(b, r->headline, plus, md, err);
        if (rc == ATT_OK)
            rc = att_buf_str(b, ")", err);
    }
    return rc;
}

int att_vsens_verdict(const att_vsens *t, int markdown, att_buf *out, att_error *err)
{
    size_t total = t->n > 0 ? t->rows[0].total : 0, lost, gained;
    att_vsens_headline_rows(t, &lost, &gained);
    if (t->headlines == 0)
        return att_buf_printf(out, err, "headline conclusions: none of the %zu check%s run",
                              total, total == 1 ? "" : "s");
    int rc = att_buf_printf(out, err, "headline conclusions: %zu of the %zu check%s run, ",
                            t->headlines, total, total == 1 ? "" : "s");
    int failing = t->failing && *t->failing;
    if (rc == ATT_OK && !failing)
        rc = att_buf_str(out, "all pass unperturbed; ", err);
    else if (rc == ATT_OK) {
        size_t nf = 1;
        for (const char *p = t->failing; *p; p++)
            nf += *p == ' ';
        rc = att_buf_printf(out, err, "%zu fail%s unperturbed (", nf, nf == 1 ? "s" : "");
        if (rc == ATT_OK)
            rc = add_ids(out, t->failing, 0, markdown, err);
        if (rc == ATT_OK)
            rc = att_buf_str(out, "); ", err);
    }
    static const char *const flip[2] = { "flips one", "flip one" };
    static const char *const make[2] = { "makes a failing one pass", "make a failing one pass" };
    if (rc == ATT_OK)
        rc = add_rows(out, t, 0, lost, flip, markdown, err);
    if (rc == ATT_OK && failing)
        rc = att_buf_str(out, "; ", err);
    if (rc == ATT_OK && failing)
        rc = add_rows(out, t, 1, gained, make, markdown, err);
    return rc;
}

/* ---- the table ---- */

static void write_csv(FILE *fp, const att_vsens *t)
{
    fputs("parameter,factor,value,cut,passed,total,flipped,headline\n", fp);
    for (size_t i = 0; i < t->n; i++) {
        const att_vsens_row *r = &t->rows[i];
        att_csv_put_field(fp, r->key[0] ? r->key : "none");
        fprintf(fp, ",%.6g,", r->factor);
        if (isfinite(r->value))
            fprintf(fp, "%.6g", r->value);
        fprintf(fp, ",%d,%zu,%zu,", r->cut, r->passed, r->total);
        att_csv_put_field(fp, r->flipped ? r->flipped : "");
        putc(',', fp);
        att_csv_put_field(fp, r->headline ? r->headline : "");
        putc('\n', fp);
    }
}

/* The flipped ids, each in backquotes (a '+' stays outside them). */
static void md_ids(FILE *fp, const char *ids)
{
    int first = 1;
    while (ids && *ids) {
        size_t len = strcspn(ids, " ");
        int plus = *ids == '+';
        fprintf(fp, "%s%s`%.*s`", first ? "" : " ", plus ? "+" : "", (int)(len - (size_t)plus),
                ids + plus);
        first = 0;
        ids += len;
        ids += *ids == ' ';
    }
}

static int write_markdown(FILE *fp, const att_validate_opts *o, const att_vsens *t,
                          att_error *err)
{
    att_buf verdict = { 0 };
    int rc = att_vsens_verdict(t, 1, &verdict, err);
    if (rc != ATT_OK) {
        att_buf_free(&verdict);
        return rc;
    }
    int only = o->only && *o->only;
    fprintf(fp, "attune validate --sensitivity: %ld infants per population, %ld resamples, "
            "seed %lu%s%s\n\n", o->infants, o->boot, o->seed, only ? ", only ids starting " : "",
            only ? o->only : "");
    fputs("| parameter | factor | value | passed | flipped | headline |\n"
          "|---|---|---|---|---|---|\n", fp);
    for (size_t i = 0; i < t->n; i++) {
        const att_vsens_row *r = &t->rows[i];
        if (r->key[0])
            fprintf(fp, "| `%s` | %g | %.4g%s | ", r->key, r->factor, r->value,
                    r->cut ? " (cut)" : "");
        else
            fputs("| none (unperturbed) | 1 | | ", fp);
        fprintf(fp, "%zu/%zu | ", r->passed, r->total);
        md_ids(fp, r->flipped);
        fputs(" | ", fp);
        md_ids(fp, r->headline);
        fputs(" |\n", fp);
    }
    fprintf(fp, "\n%s.\n", verdict.data ? verdict.data : "");
    att_buf_free(&verdict);
    return ATT_OK;
}

int att_vsens_write(FILE *fp, att_format fmt, const att_validate_opts *o, const att_vsens *t,
                    att_error *err)
{
    int rc = ATT_OK;
    if (fmt == ATT_FORMAT_CSV)
        write_csv(fp, t);
    else if (fmt == ATT_FORMAT_TABLE)
        rc = write_markdown(fp, o, t, err);
    else
        return att_error_set(err, ATT_EINPUT, "the sensitivity table is written as csv or "
                             "markdown");
    if (rc != ATT_OK)
        return rc;
    errno = 0;
    if (fflush(fp) != 0 || ferror(fp))
        return att_error_set(err, ATT_EIO, "write error%s%s", errno ? ": " : "",
                             errno ? strerror(errno) : "");
    return ATT_OK;
}
