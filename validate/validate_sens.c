/* The sensitivity table (attune validate --sensitivity): the suite run
 * unperturbed and then with each main parameter's centre times each factor,
 * the checks that still pass, those that flip and the headline conclusions
 * among them (include/attune/validate.h, section 4; written by
 * validate/validate_sens_write.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/buf.h"
#include "attune/validate.h"
#include "base/grow.h"

/* One run's results: the checks' ids and whether each passed. */
typedef struct outcome {
    const char **id;           /* the checks' own static strings */
    unsigned char *pass;
    size_t n, cap_id, cap_pass;
} outcome;

static int collect(const att_vresult *r, void *user, att_error *err)
{
    outcome *oc = user;
    if (att_grow(&oc->id, &oc->cap_id, oc->n + 1, sizeof *oc->id, err) != ATT_OK
        || att_grow(&oc->pass, &oc->cap_pass, oc->n + 1, sizeof *oc->pass, err) != ATT_OK)
        return ATT_ENOMEM;
    oc->id[oc->n] = r->check->id;
    oc->pass[oc->n++] = (unsigned char)(r->pass != 0);
    return ATT_OK;
}

static void outcome_free(outcome *oc)
{
    free(oc->id);
    free(oc->pass);
    *oc = (outcome){ 0 };
}

/* Appends " [+]id" (no space first) to b. */
static int add_id(att_buf *b, int plus, const char *id, att_error *err)
{
    return att_buf_printf(b, err, "%s%s%s", b->len ? " " : "", plus ? "+" : "", id);
}

/* The row of a run against the unperturbed one. */
static int compare(const outcome *base, const outcome *now, att_vsens_row *row, att_error *err)
{
    if (now->n != base->n)
        return att_error_set(err, ATT_EINTERNAL, "%s x %g: %zu checks, unperturbed %zu",
                             row->key, row->factor, now->n, base->n);
    att_buf flips = { 0 }, head = { 0 };
    int rc = att_buf_str(&flips, "", err);
    if (rc == ATT_OK)
        rc = att_buf_str(&head, "", err);
    for (size_t i = 0; rc == ATT_OK && i < now->n; i++) {
        if (strcmp(now->id[i], base->id[i]) != 0)
            rc = att_error_set(err, ATT_EINTERNAL, "%s x %g: check %zu is %s, unperturbed %s",
                               row->key, row->factor, i, now->id[i], base->id[i]);
        else if (now->pass[i] != base->pass[i]) {
            rc = add_id(&flips, now->pass[i], now->id[i], err);
            if (rc == ATT_OK && att_vsens_headline(now->id[i]))
                rc = add_id(&head, now->pass[i], now->id[i], err);
        }
        row->passed += now->pass[i];
    }
    row->total = now->n;
    if (rc != ATT_OK) {
        att_buf_free(&flips);
        att_buf_free(&head);
        return rc;
    }
    row->flipped = flips.data;
    row->headline = head.data;
    return ATT_OK;
}

/* The unperturbed run's headline conclusions: how many, which fail. */
static int headline_base(const outcome *base, att_vsens *out, att_error *err)
{
    att_buf failing = { 0 };
    int rc = att_buf_str(&failing, "", err);
    for (size_t i = 0; rc == ATT_OK && i < base->n; i++) {
        if (!att_vsens_headline(base->id[i]))
            continue;
        out->headlines++;
        if (!base->pass[i])
            rc = add_id(&failing, 0, base->id[i], err);
    }
    if (rc != ATT_OK) {
        att_buf_free(&failing);
        return rc;
    }
    out->failing = failing.data;
    return ATT_OK;
}

/* The keys in full and the factors, checked before anything runs. */
static int check_args(const char *const *keys, size_t nkeys, const double *factors,
                      size_t nfactors, char (*full)[80], att_error *err)
{
    if (nkeys == 0)
        return att_error_set(err, ATT_EINPUT, "no parameter to vary");
    if (nfactors == 0)
        return att_error_set(err, ATT_EINPUT, "no factor to multiply by");
    for (size_t i = 0; i < nfactors; i++)
        if (!(factors[i] > 0) || !isfinite(factors[i]))
            return att_error_set(err, ATT_EINPUT, "factor %g: must be a positive number",
                                 factors[i]);
    for (size_t i = 0; i < nkeys; i++) {
        int rc = att_vscale_key(keys[i], full[i], sizeof full[i], err);
        if (rc != ATT_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(full[i], full[j]) == 0)
                return att_error_set(err, ATT_EINPUT, "parameter %s is named twice", full[i]);
    }
    return ATT_OK;
}

/* No check selected: o->only names no group. */
static int nothing_selected(const att_validate_opts *o, att_error *err)
{
    return att_error_set(err, ATT_EINPUT, "no check id starts with '%s'", o->only ? o->only : "");
}

/* The suite once, with `scale` (NULL: unperturbed), into *oc. */
static int run_once(const att_validate_opts *o, const att_vscale *scale, long *cut, outcome *oc,
                    att_error *err)
{
    return att_validate_run_moved(o, scale, scale ? 1 : 0, cut, collect, oc, err);
}

/* Runs the table's rows 1.. (row 0 and base are the unperturbed run's). */
static int run_rows(const att_validate_opts *o, char (*full)[80], size_t nkeys,
                    const double *factors, size_t nfactors, const outcome *base,
                    att_vsens_tick tick, void *user, att_vsens *out, att_error *err)
{
    long total = (long)(1 + nkeys * nfactors);
    for (size_t k = 0; k < nkeys; k++) {
        for (size_t f = 0; f < nfactors; f++) {
            att_vsens_row *row = &out->rows[out->n];
            snprintf(row->key, sizeof row->key, "%s", full[k]);
            row->factor = factors[f];
            row->value = att_vscale_reference(full[k], factors[f], &row->cut);
            att_vscale sc = { full[k], factors[f] };
            outcome now = { 0 };
            long cut = 0;
            int rc = run_once(o, &sc, &cut, &now, err);
            if (rc == ATT_OK)
                rc = compare(base, &now, row, err);
            outcome_free(&now);
            if (rc != ATT_OK)
                return rc;
            row->cut = row->cut || cut > 0;
            out->n++;
            if (tick && (rc = tick(user, (long)out->n, total, err)) != ATT_OK)
                return rc;
        }
    }
    return ATT_OK;
}

int att_validate_sensitivity(const att_validate_opts *o, const char *const *keys,
                             size_t nkeys, const double *factors, size_t nfactors,
                             att_vsens_tick tick, void *user, att_vsens *out, att_error *err)
{
    *out = (att_vsens){ 0 };
    char (*full)[80] = calloc(nkeys + 1, sizeof *full);
    if (!full)
        return att_error_nomem(err);
    int rc = check_args(keys, nkeys, factors, nfactors, full, err);
    outcome base = { 0 };
    if (rc == ATT_OK && !(out->rows = calloc(1 + nkeys * nfactors, sizeof *out->rows)))
        rc = att_error_nomem(err);
    if (rc == ATT_OK)
        rc = run_once(o, NULL, NULL, &base, err);
    if (rc == ATT_OK && base.n == 0)
        rc = nothing_selected(o, err);
    if (rc == ATT_OK) {
        att_vsens_row *row = &out->rows[out->n++];
        *row = (att_vsens_row){ .factor = 1, .value = NAN };
        rc = compare(&base, &base, row, err);
        if (rc == ATT_OK)
            rc = headline_base(&base, out, err);
        if (rc == ATT_OK && tick)
            rc = tick(user, 1, (long)(1 + nkeys * nfactors), err);
    }
    if (rc == ATT_OK)
        rc = run_rows(o, full, nkeys, factors, nfactors, &base, tick, user, out, err);
    outcome_free(&base);
    free(full);
    if (rc != ATT_OK)
        att_vsens_free(out);
    return rc;
}

void att_vsens_free(att_vsens *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->rows[i].flipped);
        free(t->rows[i].headline);
    }
    free(t->rows);
    free(t->failing);
    *t = (att_vsens){ 0 };
}
