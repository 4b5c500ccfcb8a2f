/* Output files that appear whole or not at all: write to a hidden temporary
 * file beside the target, then fsync and rename it over the target and sync
 * the folder, so an interrupted or failed run never leaves a truncated trace
 * or summary that looks complete.  Devices and FIFOs are written in place;
 * symbolic links are followed to the file they name.  A long job's output
 * can be a locked NAME.part, kept when the job stops early. */
#define _DEFAULT_SOURCE  /* flock, realpath */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attune/outfile.h"

/* Traces can be gigabytes; a larger buffer than stdio's default saves
 * hundreds of thousands of write calls. */
#define OUTFILE_BUFSIZE (1 << 16)

/* Symbolic links followed before giving up, as the kernel does (ELOOP). */
#define MAX_LINKS 40

struct att_outfile {
    char *path;   /* target, as given (used in messages) */
    char *target; /* the file replaced: path, or where its links lead */
    char *tmp;    /* temporary file (or TARGET.part); NULL when writing in place */
    int direct;   /* 1: the target is a device or pipe we opened and must close */
    int part;     /* tmp is TARGET.part: locked, kept on failure */
    FILE *fp;     /* NULL once closed (after prepare) */
    char *buf;    /* stdio buffer for fp; freed only after fclose */
    mode_t mode;  /* permissions of the result */
    int owned;    /* replacing a file: give the new one its owner (when root) */
    uid_t uid;
    gid_t gid;
};

static void outfile_free(att_outfile *out)
{
    free(out->path);
    free(out->target);
    free(out->tmp);
    free(out->buf);
    free(out);
}

/* Reading the umask means setting it and restoring it at once, which races
 * with a thread creating a file in that instant; the window is two system
 * calls and the worst outcome is one file created with umask 022. */
static mode_t current_umask(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return mask;
}

static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* The six characters mkstemp puts in place of "XXXXXX". */
#define TEMP_RANDOM 6

/* Builds "DIR/.BASE.XXXXXX" for path "DIR/BASE" (or ".BASE.XXXXXX" when the
 * path has no folder part); with `random` 0, only "DIR/.BASE." (what every
 * temporary of the target begins with: att_outfile_remove_temps).  Returns
 * NULL when out of memory.  The one place the temporaries' name is made. */
static char *temp_template(const char *path, int random)
{
    size_t d = dir_len(path);
    /* BASE cut so that the temporary's name is one a file can have too: a
     * target of 248 to 255 bytes is written, not refused */
    size_t base = strlen(path + d), room = NAME_MAX - strlen("..") - TEMP_RANDOM;
    int keep = (int)(base < room ? base : room);
    size_t n = d + 1 + (size_t)keep + sizeof ".XXXXXX";
    char *tmpl = malloc(n);
    if (tmpl)
        snprintf(tmpl, n, "%.*s.%.*s.%s", (int)d, path, keep, path + d, random ? "XXXXXX" : "");
    return tmpl;
}

static char *concat(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    char *s = malloc(alen + blen + 1);
    if (s) {
        memcpy(s, a, alen);
        memcpy(s + alen, b, blen + 1);
    }
    return s;
}

/* Where `path` leads once its symbolic links are followed, as a name that
 * may not exist yet (a dangling link names the file to create).  An existing
 * file is found by realpath; a dangling link is followed by hand.  NULL with
 * errno set (ELOOP, ENOMEM). */
char *att_outfile_target(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return strdup(path);
    if (stat(path, &st) == 0)
        return realpath(path, NULL);
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        char link[PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (hops == MAX_LINKS || n < 0) {
            free(cur);
            errno = n < 0 ? errno : ELOOP;
            return NULL;
        }
        link[n] = '\0';
        char *next = link[0] == '/' ? strdup(link) : concat(cur, dir_len(cur), link);
        free(cur);
        cur = next;
    }
    errno = ENOMEM;
    return NULL;
}

/* The part common to both kinds of open: standard output, a device or FIFO
 * (opened in place), or a name to write through a temporary: then
 * out->target and out->mode are set and out->fp is NULL. */
static att_outfile *open_target(const char *path, att_error *err)
{
    att_outfile *out = calloc(1, sizeof *out);
    if (!out || !(out->path = strdup(path))) {
        free(out);
        att_error_nomem(err);
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        out->fp = stdout;
        return out;
    }
    struct stat st;
    int found = stat(path, &st) == 0;
    if (path[0] == '\0' || path[strlen(path) - 1] == '/' || (found && S_ISDIR(st.st_mode))) {
        att_error_set(err, ATT_EINPUT, "%s: %s", path[0] ? path : "''",
                      path[0] ? "is a folder, not a file name" : "empty file name");
        outfile_free(out);
        return NULL;
    }
    if (found && !S_ISREG(st.st_mode)) {
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
    if (!(out->target = att_outfile_target(path))) {
        att_error_set(err, errno == ENOMEM ? ATT_ENOMEM : ATT_EIO, "%s: %s", path,
                      strerror(errno));
        outfile_free(out);
        return NULL;
    }
    /* Replacing a file keeps its permissions and, when we may, its owner
     * (as writing into it would; set-id bits are dropped, as a write does). */
    out->mode = found ? st.st_mode & 0777 : 0666 & ~current_umask();
    out->owned = found && geteuid() == 0;
    out->uid = st.st_uid;
    out->gid = st.st_gid;
    return out;
}

static void cannot_create(const char *path, const char *file, int e, att_error *err)
{
    size_t d = dir_len(file);
    if (e == ENOENT && d > 0)
        att_error_set(err, ATT_EIO, "%s: cannot create file: folder %.*s does not exist",
                      path, (int)d, file);
    else
        att_error_set(err, ATT_EIO, "%s: cannot create file: %s", path, strerror(e));
}

/* ATT_OK when the last part of `file` (for `path`; `what`, "its name" or
 * "its .part file's name") is a name a file can have; else ATT_EINPUT,
 * said at once (not by a rename after all the work). */
static int check_name(const char *path, const char *file, const char *what, att_error *err)
{
    size_t n = strlen(file + dir_len(file));
    return n <= NAME_MAX ? ATT_OK
                         : att_error_set(err, ATT_EINPUT, "%s: cannot create file: %s would be "
                                         "%zu bytes, more than a file's name can have (%d)",
                                         path, what, n, NAME_MAX);
}

att_outfile *att_outfile_open(const char *path, att_error *err)
{
    att_outfile *out = open_target(path, err);
    if (!out || out->fp)
        return out;
    if (check_name(path, out->target, "its name", err) != ATT_OK) {
        outfile_free(out);
        return NULL;
    }
    out->tmp = temp_template(out->target, 1);
    out->buf = malloc(OUTFILE_BUFSIZE);
    if (!out->tmp || !out->buf) {
        att_error_nomem(err);
        outfile_free(out);
        return NULL;
    }
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        cannot_create(path, out->target, errno, err);
        outfile_free(out);
        return NULL;
    }
    /* Held until the file is closed (by this process or by its death), so
     * that att_outfile_remove_temps never takes a temporary being written;
     * a file system without locks loses only that guard. */
    (void)flock(fd, LOCK_EX | LOCK_NB);
    if (!(out->fp = fdopen(fd, "w"))) {
        att_error_set(err, ATT_EIO, "%s: %s", path, strerror(errno));
        close(fd);
        unlink(out->tmp);
        outfile_free(out);
        return NULL;
    }
    setvbuf(out->fp, out->buf, _IOFBF, OUTFILE_BUFSIZE);
    return out;
}

/* 1 when another open file description holds a lock on `file`. */
static int locked_elsewhere(const char *file)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    int busy = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return busy;
}

static att_outfile *in_use(att_outfile *out, att_error *err)
{
    att_error_set(err, ATT_EINPUT, "%s is being written by another attune process (still "
                  "running?): wait for it to end, or stop it, then try again", out->tmp);
    outfile_free(out);
    return NULL;
}

att_outfile *att_outfile_open_part(const char *path, int resume, att_error *err)
{
    att_outfile *out = open_target(path, err);
    if (!out)
        return NULL;
    if (out->fp) {
        if (!resume)
            return out;
        att_error_set(err, ATT_EINPUT, "%s: --resume needs a regular file (this is %s)", path,
                      out->direct ? "a device or a pipe" : "standard output");
        att_outfile_abort(out);
        return NULL;
    }
    out->part = 1;
    out->tmp = concat(out->target, strlen(out->target), ".part");
    out->buf = malloc(OUTFILE_BUFSIZE);
    if (!out->tmp || !out->buf) {
        att_error_nomem(err);
        outfile_free(out);
        return NULL;
    }
    if (check_name(path, out->target, "its name", err) != ATT_OK
        || check_name(path, out->tmp, "its .part file's name", err) != ATT_OK) {
        outfile_free(out);
        return NULL;
    }
    struct stat st;
    if (stat(out->tmp, &st) == 0 && S_ISDIR(st.st_mode)) {   /* not "left by a run" */
        att_error_set(err, ATT_EINPUT, "%s: is a folder, where the results' part file goes: "
                      "move it away, or write the results elsewhere", out->tmp);
        outfile_free(out);
        return NULL;
    }
    int fd = open(out->tmp, O_RDWR | O_CREAT | O_CLOEXEC | (resume ? 0 : O_EXCL), 0666);
    if (fd < 0) {
        int e = errno;
        if (e == EEXIST && locked_elsewhere(out->tmp))
            return in_use(out, err);
        if (e == EEXIST)
            att_error_set(err, ATT_EINPUT, "%s exists, left by an interrupted run: continue "
                          "it with --resume, or delete it", out->tmp);
        else
            cannot_create(out->tmp, out->tmp, e, err);   /* FILE.part's trouble */
        outfile_free(out);
        return NULL;
    }
    /* The lock is held until the file is renamed or kept.  A writer that
     * finished (renaming its .part away) before we got the lock leaves us a
     * file that is no longer PATH.part: refused the same way. */
    struct stat mine, now;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 || fstat(fd, &mine) != 0
        || stat(out->tmp, &now) != 0 || mine.st_dev != now.st_dev || mine.st_ino != now.st_ino) {
        close(fd);
        return in_use(out, err);
    }
    if (!(out->fp = fdopen(fd, "w"))) {
        att_error_set(err, ATT_EIO, "%s: %s", out->tmp, strerror(errno));
        close(fd);
        outfile_free(out);
        return NULL;
    }
    setvbuf(out->fp, out->buf, _IOFBF, OUTFILE_BUFSIZE);
    return out;
}

FILE *att_outfile_stream(att_outfile *out)
{
    return out->fp;
}

const char *att_outfile_temp_path(const att_outfile *out)
{
    return out->tmp;
}

int att_outfile_truncate(att_outfile *out, long length, att_error *err)
{
    if (!out->part)
        return att_error_set(err, ATT_EINTERNAL, "att_outfile_truncate: not a part file");
    if (fflush(out->fp) != 0 || ftruncate(fileno(out->fp), (off_t)length) != 0
        || fseek(out->fp, length, SEEK_SET) != 0)
        return att_error_set(err, ATT_EIO, "%s: cannot cut to %ld bytes: %s", out->tmp, length,
                             strerror(errno));
    return ATT_OK;
}

/* Step 1 of a commit, everything that may fail before the rename: flush,
 * check for a write error recorded earlier, set the permissions, sync, and
 * close (a part file stays open, and locked, until renamed; one only kept,
 * `publish` 0, keeps its permissions).  A device or
 * standard output is flushed (and a device closed).  Returns ATT_OK or
 * ATT_EIO with `err` filled. */
static int prepare(att_outfile *out, int publish, att_error *err)
{
    const char *name = out->tmp ? out->path : out->direct ? out->path : "standard output";
    /* A write error may have been recorded long before (ferror) while fflush
     * succeeds now, so check both; errno only says why for fflush. */
    const char *why = NULL;
    int e = 0;
    int fd = fileno(out->fp);
    if (fflush(out->fp) != 0) {
        e = errno;
        why = "write error";
    } else if (ferror(out->fp)) {
        why = "write error";
    } else if (out->tmp && publish && fchmod(fd, out->mode) != 0) {
        e = errno;
        why = "cannot set permissions";
    } else if (out->tmp && publish && out->owned && fchown(fd, out->uid, out->gid) != 0) {
        e = errno;
        why = "cannot keep the file's owner";
    } else if (out->tmp && fsync(fd) != 0) {
        e = errno;
        why = "cannot sync to disk";
    }
    if (out->fp != stdout && !out->part) {
        if (fclose(out->fp) != 0 && !why) {
            e = errno;
            why = "cannot close";
        }
        out->fp = NULL;
    }
    if (!why)
        return ATT_OK;
    if (e)
        return att_error_set(err, ATT_EIO, "%s: %s: %s", name, why, strerror(e));
    return att_error_set(err, ATT_EIO, "%s: %s", name, why);
}

/* Syncs the folder holding `file`, so that a rename in it survives a power
 * loss.  File systems that cannot sync a folder (EINVAL) are let be. */
static int sync_folder(const char *path, const char *file, att_error *err)
{
    size_t d = dir_len(file);
    char *dir = d ? concat(file, d, "") : strdup(".");
    if (!dir)
        return att_error_nomem(err);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = ATT_OK;
    if (fd >= 0 && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        rc = att_error_set(err, ATT_EIO, "%s: cannot sync folder %s: %s", path, dir,
                           strerror(errno));
    if (fd >= 0)
        close(fd);
    free(dir);
    return rc;
}

/* Closes what is still open and frees; the temporary file is removed
 * unless it is a part file with something in it. */
static void dispose(att_outfile *out)
{
    if (out->part) {
        struct stat st;
        int empty = out->fp ? fstat(fileno(out->fp), &st) == 0 && st.st_size == 0 : 0;
        if (out->fp)
            fclose(out->fp);
        if (empty)
            unlink(out->tmp);
    } else if (out->tmp) {
        if (out->fp)
            fclose(out->fp);
        unlink(out->tmp);
    } else if (out->direct) {
        if (out->fp)
            fclose(out->fp);
    } else if (out->fp) {
        /* What reached standard output cannot be taken back; at least do
         * not leave it half in our buffer. */
        fflush(out->fp);
    }
    outfile_free(out);
}

/* TMP.old, the hard link that holds a replaced file until every rename of
 * att_outfile_commit_all is done; for a temporary whose name has no room
 * for ".old", four bytes of its middle are dropped (its random end kept).
 * NULL when out of memory. */
static char *old_name(const char *tmp)
{
    size_t d = dir_len(tmp), base = strlen(tmp + d);
    if (base + strlen(".old") <= NAME_MAX)
        return concat(tmp, strlen(tmp), ".old");
    char *cut = malloc(d + base + 1);
    if (cut)   /* DIR/. then the base past its dot and 4 more bytes */
        snprintf(cut, d + base + 1, "%.*s.%s.old", (int)d, tmp, tmp + d + 1 + 4);
    return cut;
}

int att_outfile_commit_all(att_outfile **outs, int n, att_error *err)
{
    int rc = ATT_OK, renames = 0;
    for (int i = 0; i < n; i++)
        if (outs[i] && rc == ATT_OK) {
            rc = prepare(outs[i], 1, err);
            renames += outs[i]->tmp != NULL;
        }
    /* With two renames or more, each replaced file is held by a hard link
     * (TMP.old) until all are done, to be put back if a later one fails. */
    char **old = rc == ATT_OK && renames > 1 ? calloc((size_t)n, sizeof *old) : NULL;
    if (rc == ATT_OK && renames > 1 && !old)
        rc = att_error_nomem(err);
    int done = 0;
    for (; rc == ATT_OK && done < n; done++) {
        att_outfile *o = outs[done];
        if (!o || !o->tmp)
            continue;
        if (old && (old[done] = old_name(o->tmp))
            && link(o->target, old[done]) != 0) {
            free(old[done]);
            old[done] = NULL;
        }
        if (rename(o->tmp, o->target) != 0) {
            rc = att_error_set(err, ATT_EIO, "%s: cannot rename into place: %s", o->path,
                               strerror(errno));
            break;
        }
        free(o->tmp);   /* published: nothing to remove any more */
        o->tmp = NULL;
    }
    if (rc != ATT_OK) {
        for (int i = 0; i < done && i < n; i++) {
            att_outfile *o = outs[i];
            if (!o || o->direct || o->fp == stdout || o->tmp)
                continue;
            if (old && old[i])
                rename(old[i], o->target);
            else
                unlink(o->target);
        }
    }
    for (int i = 0; i < n; i++) {
        att_outfile *o = outs[i];
        if (old && old[i]) {
            if (rc == ATT_OK)
                unlink(old[i]);
            free(old[i]);
        }
        if (!o)
            continue;
        if (rc == ATT_OK && !o->tmp && o->target)
            rc = sync_folder(o->path, o->target, err);
        if (o->part && !o->tmp) {
            fclose(o->fp);   /* renamed: now the lock may go */
            o->fp = NULL;
            o->part = 0;
        }
        dispose(o);
        outs[i] = NULL;
    }
    free(old);
    return rc;
}

int att_outfile_commit(att_outfile *out, att_error *err)
{
    if (!out)
        return att_error_set(err, ATT_EINTERNAL, "att_outfile_commit: no file");
    return att_outfile_commit_all(&out, 1, err);
}

void att_outfile_abort(att_outfile *out)
{
    if (out)
        dispose(out);
}

int att_outfile_keep(att_outfile *out, att_error *err)
{
    if (!out)
        return ATT_OK;
    if (!out->part)
        return att_outfile_commit(out, err);
    int rc = prepare(out, 0, err);
    dispose(out);
    return rc;
}

/* ---- temporaries left by a process that was killed ---- */

/* One target's temporaries: every name beginning with prefix ("DIR/.BASE.",
 * temp_template), "DIR/" its first `dir` bytes. */
typedef struct {
    char *prefix;
    size_t dir;
} temp_of;

/* By folder, then by the rest: a folder's targets are neighbours. */
static int temp_cmp(const void *a, const void *b)
{
    const temp_of *x = a, *y = b;
    size_t n = x->dir < y->dir ? x->dir : y->dir;
    int c = memcmp(x->prefix, y->prefix, n);
    if (c == 0 && x->dir != y->dir)
        c = x->dir < y->dir ? -1 : 1;
    return c ? c : strcmp(x->prefix + x->dir, y->prefix + y->dir);
}

/* Whether `name` (`len` bytes) is shaped as a temporary: ".BASE." then the
 * six letters or digits mkstemp chose. */
static int temp_shaped(const char *name, size_t len)
{
    if (len < 2 + TEMP_RANDOM + 1 || name[0] != '.' || name[len - TEMP_RANDOM - 1] != '.')
        return 0;
    for (size_t i = len - TEMP_RANDOM; i < len; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z')
              || (name[i] >= '0' && name[i] <= '9')))
            return 0;
    return 1;
}

/* Removes, in the one folder of the `n` sorted targets `t`, every regular
 * file that is a temporary of one of them and that no process holds open
 * for writing (the lock att_outfile_open takes). */
static int remove_in_folder(const temp_of *t, size_t n, att_error *err)
{
    size_t d = t[0].dir;
    char *dir = d ? concat(t[0].prefix, d, "") : strdup("."), *path = malloc(d + NAME_MAX + 1);
    DIR *dp = dir && path ? opendir(dir) : NULL;
    int rc = !dir || !path ? att_error_nomem(err)
             : dp || errno == ENOENT ? ATT_OK   /* no folder: no temporaries */
             : att_error_set(err, ATT_EIO, "%s: cannot read the folder: %s", dir, strerror(errno));
    if (dp)
        memcpy(path, t[0].prefix, d);
    struct dirent *de;
    while (dp && rc == ATT_OK && (errno = 0, de = readdir(dp))) {
        size_t len = strlen(de->d_name);
        if (!temp_shaped(de->d_name, len))
            continue;
        snprintf(path + d, NAME_MAX + 1, "%.*s", (int)(len - TEMP_RANDOM), de->d_name);
        temp_of key = { path, d };
        if (!bsearch(&key, t, n, sizeof *t, temp_cmp))
            continue;
        memcpy(path + d, de->d_name, len + 1);
        struct stat st;
        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || locked_elsewhere(path))
            continue;
        if (unlink(path) != 0 && errno != ENOENT)
            rc = att_error_set(err, ATT_EIO, "%s: cannot remove: %s", path, strerror(errno));
    }
    if (dp && rc == ATT_OK && errno != 0)
        rc = att_error_set(err, ATT_EIO, "%s: cannot read the folder: %s", dir, strerror(errno));
    if (dp)
        closedir(dp);
    free(dir);
    free(path);
    return rc;
}

int att_outfile_remove_temps(const char *const *paths, size_t n, att_error *err)
{
    temp_of *t = calloc(n ? n : 1, sizeof *t);
    int rc = t ? ATT_OK : att_error_nomem(err);
    size_t m = 0;
    for (size_t i = 0; rc == ATT_OK && i < n; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") == 0 || (stat(paths[i], &st) == 0 && !S_ISREG(st.st_mode)))
            continue;   /* written in place, or refused: never through a temporary */
        char *target = att_outfile_target(paths[i]);
        if (!target && errno == ENOMEM)
            rc = att_error_nomem(err);
        if (!target)
            continue;   /* a loop of links: nothing could be written for it */
        t[m] = (temp_of){ temp_template(target, 0), dir_len(target) };
        free(target);
        if (!t[m].prefix)
            rc = att_error_nomem(err);
        else
            m++;
    }
    if (rc == ATT_OK)
        qsort(t, m, sizeof *t, temp_cmp);
    for (size_t g = 0, e; rc == ATT_OK && g < m; g = e) {
        for (e = g + 1; e < m && t[e].dir == t[g].dir
                        && memcmp(t[e].prefix, t[g].prefix, t[g].dir) == 0; e++)
            ;
        rc = remove_in_folder(t + g, e - g, err);
    }
    for (size_t i = 0; i < m; i++)
        free(t[i].prefix);
    free(t);
    return rc;
}
