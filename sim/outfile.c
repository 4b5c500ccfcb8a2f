/* Output files that appear whole or not at all: write to a hidden temporary
 * file beside the target, then fsync and rename it over the target, so an
 * interrupted or failed run never leaves a truncated trace or summary that
 * looks complete. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attune/outfile.h"

/* Traces can be gigabytes; a larger buffer than stdio's default saves
 * hundreds of thousands of write calls. */
#define OUTFILE_BUFSIZE (1 << 16)

struct att_outfile {
    char *path;  /* target, as given (used in messages) */
    char *tmp;   /* temporary file; NULL when writing straight to the target */
    int direct;  /* 1: the target is a device or pipe we opened and must close */
    FILE *fp;
    char *buf;   /* stdio buffer for fp; freed only after fclose */
    mode_t mode; /* permissions of the result: 0666 less the umask */
};

static void outfile_free(att_outfile *out)
{
    free(out->path);
    free(out->tmp);
    free(out->buf);
    free(out);
}

/* mkstemp creates files 0600; the result should get the permissions any
 * other new file would.  Reading the umask means setting it and restoring it
 * at once, which races with a thread creating a file in that instant; the
 * window is two system calls and the worst outcome is one file created with
 * umask 022. */
static mode_t current_umask(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return mask;
}

/* Builds "DIR/.BASE.XXXXXX" for path "DIR/BASE" (or ".BASE.XXXXXX" when the
 * path has no folder part).  Returns NULL when out of memory. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir_len;
    size_t n = dir_len + 1 + strlen(base) + sizeof ".XXXXXX";
    char *tmpl = malloc(n);
    if (tmpl)
        snprintf(tmpl, n, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
    return tmpl;
}

att_outfile *att_outfile_open(const char *path, att_error *err)
{
    att_outfile *out = calloc(1, sizeof *out);
    if (!out || !(out->path = strdup(path))) {
        free(out);
        att_error_set(err, ATT_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        out->fp = stdout;
        return out;
    }

    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    struct stat st;
    if (*base == '\0' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        att_error_set(err, ATT_EIO, "%s: is a folder, not a file name", path);
        outfile_free(out);
        return NULL;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or a pipe (/dev/null, /dev/stdout, a FIFO): renaming a
         * temporary file over it would replace the device node itself, and
         * there is no partial file to protect, so write to it directly. */
        out->direct = 1;
        if (!(out->fp = fopen(path, "w"))) {
            att_error_set(err, ATT_EIO, "%s: cannot open: %s", path, strerror(errno));
            outfile_free(out);
            return NULL;
        }
        return out;
    }

    out->tmp = temp_template(path);
    out->buf = malloc(OUTFILE_BUFSIZE);
    if (!out->tmp || !out->buf) {
        att_error_set(err, ATT_ENOMEM, "%s: out of memory", path);
        outfile_free(out);
        return NULL;
    }
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT && base > path)
            att_error_set(err, ATT_EIO, "%s: cannot create file: folder %.*s does not exist",
                          path, (int)(base - path), path);
        else
            att_error_set(err, ATT_EIO, "%s: cannot create file: %s", path, strerror(e));
        outfile_free(out);
        return NULL;
    }
    out->fp = fdopen(fd, "w");
    if (!out->fp) {
        att_error_set(err, ATT_EIO, "%s: %s", path, strerror(errno));
        close(fd);
        unlink(out->tmp);
        outfile_free(out);
        return NULL;
    }
    setvbuf(out->fp, out->buf, _IOFBF, OUTFILE_BUFSIZE);
    out->mode = 0666 & ~current_umask();
    return out;
}

FILE *att_outfile_stream(att_outfile *out)
{
    return out->fp;
}

int att_outfile_commit(att_outfile *out, att_error *err)
{
    if (!out)
        return att_error_set(err, ATT_EINTERNAL, "att_outfile_commit: no file");

    if (!out->tmp) {
        /* Standard output or a device: nothing to rename; only a device we
         * opened is ours to close. */
        const char *name = out->direct ? out->path : "standard output";
        int rc = ATT_OK;
        if (fflush(out->fp) != 0)
            rc = att_error_set(err, ATT_EIO, "%s: write error: %s", name, strerror(errno));
        else if (ferror(out->fp))
            rc = att_error_set(err, ATT_EIO, "%s: write error", name);
        if (out->direct && fclose(out->fp) != 0 && rc == ATT_OK)
            rc = att_error_set(err, ATT_EIO, "%s: cannot close: %s", name, strerror(errno));
        outfile_free(out);
        return rc;
    }

    /* A write error may have been recorded long before (ferror) while
     * fflush succeeds now, so check both; errno only says why for fflush. */
    const char *why = NULL;
    int e = 0;
    if (fflush(out->fp) != 0) {
        e = errno;
        why = "write error";
    } else if (ferror(out->fp)) {
        why = "write error";
    } else if (fchmod(fileno(out->fp), out->mode) != 0) {
        e = errno;
        why = "cannot set permissions";
    } else if (fsync(fileno(out->fp)) != 0) {
        e = errno;
        why = "cannot sync to disk";
    }
    int closed = fclose(out->fp);
    if (!why && closed != 0) {
        e = errno;
        why = "cannot close";
    }
    if (!why && rename(out->tmp, out->path) != 0) {
        e = errno;
        why = "cannot rename into place";
    }
    if (why) {
        if (e)
            att_error_set(err, ATT_EIO, "%s: %s: %s", out->path, why, strerror(e));
        else
            att_error_set(err, ATT_EIO, "%s: %s", out->path, why);
        unlink(out->tmp);
        outfile_free(out);
        return ATT_EIO;
    }
    outfile_free(out);
    return ATT_OK;
}

void att_outfile_abort(att_outfile *out)
{
    if (!out)
        return;
    if (out->tmp) {
        fclose(out->fp);
        unlink(out->tmp);
    } else if (out->direct) {
        fclose(out->fp);
    } else {
        /* What reached standard output cannot be taken back; at least do
         * not leave it half in our buffer. */
        fflush(out->fp);
    }
    outfile_free(out);
}
