/* Fuzz target: the coded-CSV reader (analysis/coded.c, base/csvread.c)
 * feeding the scorer, the pool and the report through the scoring pipeline
 * (analysis/scoring.c), as `attune score --pool --ruptures` does with a
 * file: the same code, not a copy of it.
 *
 * The input is the coded file.  Its size picks the options, so that one
 * file is always scored the same way: bit 0 whether the match table
 * overrides a matched column, bits 1-2 the report format, bits 3-4 the
 * rules (none; a minimum rupture length; a minimum repair length; both with
 * a coding unit). */
#include <stdio.h>
#include <stdlib.h>
#include "attune/coded.h"
#include "attune/match.h"
#include "attune/scoring.h"
#include "fuzz.h"

#define FUZZ_BOOT 10

static att_match_table *table(void)
{
    static att_match_table *mt;
    if (!mt) {
        att_error err = { 0 };
        if (!(mt = att_match_table_load(ATT_SRCDIR "/data/match/attuned.csv", &err))) {
            fprintf(stderr, "fuzz_score: %s\n", err.msg);
            abort();
        }
    }
    return mt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    fuzz_tmpdir_clean();
    char *path = fuzz_write_file("session.csv", data, size);
    char *out_text = NULL, *rup_text = NULL;
    size_t out_len = 0, rup_len = 0;
    FILE *out = open_memstream(&out_text, &out_len);
    FILE *ruptures = open_memstream(&rup_text, &rup_len);
    if (!out || !ruptures)
        abort();
    att_scoring_opts opts = {
        .report = out,
        .format = (att_format)((size >> 1) % 3),
        .cutoff_s = ATT_SCORE_CUTOFF_S,
        .pool = 1,
        .boot = FUZZ_BOOT,
        .seed = 1,
        .ruptures = ruptures,
    };
    att_score_rules rules;
    att_score_rules_default(&rules);
    int pick = (int)((size >> 3) % 4);
    rules.min_rupture_s = pick == 1 || pick == 3 ? 1 : 0;
    rules.min_repair_s = pick >= 2 ? 0.5 : 0;
    rules.unit_s = pick == 3 ? 0.25 : 0;
    opts.rules = &rules;
    att_error err = { 0 };
    att_scoring *s = att_scoring_new(table(), &opts, &err);
    if (!s)
        abort();
    int rc = att_scoring_file(s, path, (int)(size & 1), &err);
    fuzz_check_error(rc, err.msg);
    if (rc == ATT_OK) {
        rc = att_scoring_finish(s, &err);
        fuzz_check_error(rc, err.msg);
    }
    att_scoring_free(s);
    fclose(out);
    fclose(ruptures);
    free(out_text);
    free(rup_text);
    free(path);
    return 0;
}
