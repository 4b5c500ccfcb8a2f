/* The harnesses' temporary folder and small checks (fuzz.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/init.h"
#include "attune/error.h"
#include "fuzz.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

static char tmpdir[4096];

static void die(const char *what)
{
    fprintf(stderr, "fuzz harness: %s\n", what);
    abort();
}

/* Removes every entry of the (flat) folder. */
static void empty_dir(void)
{
    DIR *d = opendir(tmpdir);
    if (!d)
        die("cannot open the temporary folder");
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        if (unlink(path) != 0 && rmdir(path) != 0)
            die("cannot empty the temporary folder");
    }
    closedir(d);
}

static void remove_tmpdir(void)
{
    if (tmpdir[0]) {
        empty_dir();
        rmdir(tmpdir);
        tmpdir[0] = '\0';
    }
}

const char *fuzz_tmpdir_clean(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/attune-fuzz-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir))
            die("cannot create a temporary folder");
        atexit(remove_tmpdir);
    } else {
        empty_dir();
    }
    return tmpdir;
}

char *fuzz_path(const char *name)
{
    size_t n = strlen(tmpdir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p)
        die("out of memory");
    snprintf(p, n, "%s/%s", tmpdir, name);
    return p;
}

char *fuzz_write_file(const char *name, const void *data, size_t size)
{
    char *p = fuzz_path(name);
    FILE *f = fopen(p, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        die("cannot write a temporary file");
    return p;
}

void fuzz_setup(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    att_init();  /* as the program does */
}

void fuzz_check_error(int rc, const char *msg)
{
    if (rc == ATT_OK)
        return;
    if (rc != ATT_EINPUT && rc != ATT_EIO && rc != ATT_ENOMEM && rc != ATT_EINTERNAL)
        die("an error code outside ATT_*");
    if (!msg || !msg[0])
        die("an error without a message");
}
