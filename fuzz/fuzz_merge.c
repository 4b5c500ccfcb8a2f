/* Fuzz target: `attune merge` (cli/cli_merge.c, reading through
 * batch/results.c), run as the command is,
 * on shards written to the harness's temporary folder.
 *
 * The input is split at its NUL bytes into up to 4 shard files (the rest
 * stays in the last).  When the merge succeeds on files without CRs, the
 * result must be the shards' rows under one header: its size is the sum of
 * the shards' sizes less the repeated headers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "fuzz.h"

static int has_bom(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i + 2 < size; i++)
        if (data[i] == 0xEF && data[i + 1] == 0xBB && data[i + 2] == 0xBF)
            return 1;
    return 0;
}

#define FUZZ_SHARDS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    fuzz_tmpdir_clean();
    char *paths[FUZZ_SHARDS];
    int n = 0;
    const uint8_t *p = data, *end = data + size;
    size_t header = 0, total = 0;
    while (n < FUZZ_SHARDS) {
        const uint8_t *nul = n < FUZZ_SHARDS - 1 ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        const uint8_t *stop = nul ? nul : end;
        char name[32];
        snprintf(name, sizeof name, "shard%d.csv", n + 1);
        paths[n++] = fuzz_write_file(name, p, (size_t)(stop - p));
        const uint8_t *nl = memchr(p, '\n', (size_t)(stop - p));
        header = nl ? (size_t)(nl + 1 - p) : 0;
        total += (size_t)(stop - p);
        if (!nul)
            break;
        p = nul + 1;
    }
    char *out = fuzz_path("merged.csv");
    char *argv[FUZZ_SHARDS + 4];
    int argc = 0;
    argv[argc++] = "merge";
    for (int i = 0; i < n; i++)
        argv[argc++] = paths[i];
    argv[argc++] = "-o";
    argv[argc++] = out;
    argv[argc] = NULL;
    int status = cli_merge(argc, argv);
    struct stat st;
    /* CRs and byte-order marks are dropped by merge, so sizes only add up
     * without them. */
    if (status == CLI_OK && stat(out, &st) == 0 && !memchr(data, '\r', size)
        && !has_bom(data, size)
        && (size_t)st.st_size != total - (size_t)(n - 1) * header) {
        fprintf(stderr, "fuzz_merge: merged %lld bytes from %zu bytes of %d shards\n",
                (long long)st.st_size, total, n);
        abort();
    }
    if (status != CLI_OK && stat(out, &st) == 0)
        abort();   /* a failed merge wrote its output */
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(out);
    return 0;
}
