/* Replays saved inputs through one harness without libFuzzer: `make check`
 * links it with each fuzz/fuzz_*.c and runs it over fuzz/corpus/TARGET and
 * fuzz/crashes/TARGET, so every input that ever found a bug is tried again
 * with the ordinary compiler (and under ASan/UBSan with SAN=1).
 *
 *   replay_TARGET [-v] FILE|FOLDER...
 *
 * -v names each input on standard error before running it (to find which
 * one crashed: a sanitizer report does not name the file).
 * A folder's files are replayed in name order (not its subfolders).  A
 * crash or sanitizer report ends the program as it would under libFuzzer;
 * otherwise it prints how many inputs ran and exits 0.  Missing folders are
 * skipped (a target may have no crashes yet). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

static long replayed;
static int verbose;

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: cannot read: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 4096, len = 0, n;
    unsigned char *buf = malloc(cap);
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        free(buf);
        return 1;
    }
    /* Exactly `len` bytes, as libFuzzer passes them: a copy of that size lets
     * ASan see a read past the end. */
    unsigned char *copy = malloc(len ? len : 1);
    if (!copy) {
        free(buf);
        return 1;
    }
    memcpy(copy, buf, len);
    free(buf);
    if (verbose)
        fprintf(stderr, "replay: %s\n", path);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    replayed++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;   /* no such folder: nothing saved there yet */
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;   /* ".", "..", and hidden files such as .gitkeep */
        if (n == cap) {
            char **p = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *names);
            if (!p) {
                rc = 1;
                break;
            }
            names = p;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            rc = 1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            rc = replay_file(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0, i = 1;
    if (i < argc && strcmp(argv[i], "-v") == 0) {
        verbose = 1;
        i++;
    }
    for (; rc == 0 && i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = replay_dir(argv[i]);
        else if (stat(argv[i], &st) == 0)
            rc = replay_file(argv[i]);
    }
    if (rc == 0)
        printf("%s: %ld input%s replayed, no crash\n", argv[0], replayed, replayed == 1 ? "" : "s");
    return rc;
}
