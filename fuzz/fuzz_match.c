/* Fuzz target: match tables (models/match.c).
 *
 * The input is a match table file.  A table that loads is read back (every
 * code's index is its own, every pair answers 0 or 1, suggestions and
 * lists stay in their buffers), then a short coded session in its own
 * vocabulary is scored with it, so that odd code names reach the
 * scorer's classes (analysis/scorer.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/match.h"
#include "attune/scorer.h"
#include "fuzz.h"

/* Index, name and suggestion agree for every code of one side. */
static void check_side(const att_match_table *mt, int infant)
{
    int n = infant ? att_match_table_infant_count(mt) : att_match_table_caregiver_count(mt);
    for (int i = 0; i < n; i++) {
        const char *name = infant ? att_match_table_infant_name(mt, i)
                                  : att_match_table_caregiver_name(mt, i);
        int j = infant ? att_match_table_infant_index(mt, name)
                       : att_match_table_caregiver_index(mt, name);
        if (!name || j != i)
            abort();
        /* A typo of a code: its last character dropped. */
        char typo[256];
        snprintf(typo, sizeof typo, "%s", name);
        size_t len = strlen(typo);
        if (len)
            typo[len - 1] = '\0';
        (void)att_match_table_suggest(mt, infant, typo);
        (void)att_match_table_suggest(mt, infant, name);
    }
    char small[16], big[4096];
    att_match_table_list(mt, infant, small, sizeof small);
    att_match_table_list(mt, infant, big, sizeof big);
    if (strlen(small) >= sizeof small || strlen(big) >= sizeof big)
        abort();
}

/* Writes a field as CSV: quoted, quotes doubled. */
static void put_field(FILE *f, const char *s)
{
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

static int run_begin(void *user, const char *run, att_error *err)
{
    return att_scorer_begin(user, run, err);
}

static int row(void *user, const att_coded_row *r, att_error *err)
{
    att_score_step st = { r->t, r->phase, r->infant, r->caregiver, r->matched,
                          r->infant_arousal };
    return att_scorer_push(user, &st, NULL, err);
}

static int run_end(void *user, double t_end, att_error *err)
{
    att_scorer *sc = user;
    int rc = att_scorer_end(sc, t_end, NULL, err);
    for (size_t i = 0; rc == ATT_OK && i < att_scorer_window_count(sc); i++) {
        att_window_score ws;
        rc = att_scorer_window(sc, i, ATT_SCORE_CUTOFF_S, &ws, err);
    }
    return rc;
}

/* Scores one session pairing the codes in turn, one row per second. */
static void score_with(const att_match_table *mt)
{
    int ni = att_match_table_infant_count(mt), nc = att_match_table_caregiver_count(mt);
    if (ni < 1 || nc < 1)
        return;
    char *path = fuzz_path("session.csv");
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fputs("t,infant_code,caregiver_code\n", f);
    int rows = (ni > nc ? ni : nc) * 2;
    if (rows > 64)
        rows = 64;
    for (int k = 0; k < rows; k++) {
        fprintf(f, "%d,", k);
        put_field(f, att_match_table_infant_name(mt, k % ni));
        putc(',', f);
        put_field(f, att_match_table_caregiver_name(mt, (k / 2) % nc));
        putc('\n', f);
    }
    if (fclose(f) != 0)
        abort();
    att_error err = { 0 };
    att_scorer *sc = att_scorer_new(mt, &err);
    if (!sc)
        abort();
    static const att_coded_hooks hooks = { run_begin, row, run_end };
    int rc = att_coded_read(path, mt, 1, &hooks, sc, &err);
    /* The table's own codes, quoted as CSV, must all be accepted. */
    if (rc != ATT_OK) {
        fprintf(stderr, "fuzz_match: own vocabulary refused: %s\n", err.msg);
        abort();
    }
    att_scorer_free(sc);
    free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    fuzz_tmpdir_clean();
    char *path = fuzz_write_file("table.csv", data, size);
    att_error err = { 0 };
    att_match_table *mt = att_match_table_load(path, &err);
    if (!mt) {
        fuzz_check_error(err.code ? err.code : ATT_EINTERNAL, err.msg);
    } else {
        if (strcmp(att_match_table_path(mt), path) != 0)
            abort();
        check_side(mt, 1);
        check_side(mt, 0);
        for (int i = 0; i < att_match_table_infant_count(mt); i++)
            for (int j = 0; j < att_match_table_caregiver_count(mt); j++)
                if (att_match_table_matched(mt, i, j) >> 1)
                    abort();
        (void)att_match_table_infant_index(mt, "");
        (void)att_match_table_caregiver_index(mt, "no such code");
        score_with(mt);
        att_match_table_free(mt);
    }
    free(path);
    return 0;
}
