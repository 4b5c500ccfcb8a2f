/* Fuzz target: the check `attune batch --resume` makes of an existing
 * results file (att_results_check_file, batch/results.c, through
 * cli/cli_batch.c), run as the command is: on a small fixed
 * experiment, with the input as the results file left behind.
 *
 * The input's first byte picks the case, the rest is the file:
 *   bit 0  the experiment: one row per run, or (set) a timeline whose
 *          results have a session column (2 sessions in one condition)
 *   bit 1  the file is FILE.part (an interrupted batch to finish) or
 *          (set) FILE itself (a finished batch to check)
 * The experiments (fuzz/resume/rows.ini and sessions.ini) are tiny, 4 runs
 * of 60 steps, so a resume that computes the missing runs stays fast.  Whatever the input, a successful resume
 * must leave FILE with all the runs' lines and no FILE.part. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "fuzz.h"

static const char *const experiment[2] = {
    ATT_SRCDIR "/fuzz/resume/rows.ini",
    ATT_SRCDIR "/fuzz/resume/sessions.ini",
};

/* Lines of a complete results file of experiment `which`: a header, then
 * runs 1-4 (condition two's with 2 session lines). */
static long expected_lines(int which)
{
    return which ? 1 + 2 + 2 * 2 : 1 + 4;
}

static long count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    long n = 0;
    int ch, last = '\n';
    while ((ch = getc(f)) != EOF) {
        n += ch == '\n';
        last = ch;
    }
    fclose(f);
    return last == '\n' ? n : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (size < 1)
        return 0;
    fuzz_tmpdir_clean();
    int which = data[0] & 1, finished = (data[0] >> 1) & 1;
    char *out = fuzz_path("results.csv");
    char *file = fuzz_write_file(finished ? "results.csv" : "results.csv.part", data + 1,
                                 size - 1);
    char *argv[] = { "batch", (char *)experiment[which], "-o", out, "--resume", "-q",
                     "--jobs", "1", NULL };
    int status = cli_batch(8, argv);
    if (status == CLI_OK) {
        long lines = count_lines(out);
        char *part = fuzz_path("results.csv.part");
        struct stat st;
        if (lines != expected_lines(which) || stat(part, &st) == 0) {
            fprintf(stderr, "fuzz_resume: resumed results have %ld lines, not %ld%s\n", lines,
                    expected_lines(which), stat(part, &st) == 0 ? ", and the .part is left" : "");
            abort();
        }
        free(part);
    }
    free(out);
    free(file);
    return 0;
}
