/* Fuzz target: the results-file reader of `attune compare`
 * (batch/compare.c) and what it computes and writes from a file.
 *
 * The input is a results file, read from memory.  Its size picks the
 * grouping column (condition, replicate or experiment), so that one file
 * is always compared the same way.  Bootstrap intervals use few resamples
 * (the reader is the target, not the bootstrap). */
#include <stdio.h>
#include <stdlib.h>
#include "attune/compare.h"
#include "fuzz.h"

#define FUZZ_BOOT 10

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    static const char *const by[] = { "condition", "replicate", "experiment" };
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.boot = FUZZ_BOOT;
    o.by = by[size % 3];
    att_error err = { 0 };
    att_compare *c = att_compare_new(&o, &err);
    if (!c)
        abort();
    /* fmemopen may refuse an empty buffer: read that one from /dev/null. */
    FILE *fp = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
    if (!fp)
        abort();
    int rc = att_compare_read(c, fp, "results.csv", &err);
    fclose(fp);
    fuzz_check_error(rc, err.msg);
    if (rc == ATT_OK) {
        rc = att_compare_compute(c, &err);
        fuzz_check_error(rc, err.msg);
    }
    if (rc == ATT_OK) {
        volatile size_t sink = 0;
        size_t n;
        const att_compare_row *rows = att_compare_rows(c, &n);
        for (size_t i = 0; i < n; i++)
            sink += (size_t)rows[i].n;
        sink += (size_t)att_compare_run_count(c) + att_compare_baseline(c);
        for (size_t i = 0; i < att_compare_group_count(c); i++)
            sink += (size_t)att_compare_group_runs(c, i) + (att_compare_group_name(c, i) != NULL);
        sink += att_compare_family_size(c, ATT_COMPARE_WELCH) + (att_compare_experiment(c) != NULL)
              + (att_compare_by(c) != NULL);
        (void)sink;
        for (int f = 0; f < 2; f++) {
            char *text = NULL;
            size_t len = 0;
            FILE *out = open_memstream(&text, &len);
            if (!out)
                abort();
            rc = att_compare_write(c, out, f ? ATT_FORMAT_TABLE : ATT_FORMAT_CSV, &err);
            fuzz_check_error(rc, err.msg);
            fclose(out);
            free(text);
        }
    }
    att_compare_free(c);
    return 0;
}
