/* attune serve's static files: the page's folder read once at start into
 * memory; only those files are served, so no request reaches the file
 * system. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/grow.h"
#include "serve/serve_int.h"

#define FILE_MAX (8L << 20)

typedef struct web_file {
    char *name;
    char *data;
    size_t len;
    const char *mime;
} web_file;

struct serve_files {
    web_file *f;
    size_t n, cap;
};

const char *serve_mime(const char *name)
{
    static const char *const types[][2] = {
        { ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" },   { ".svg", "image/svg+xml" },
        { ".png", "image/png" },                 { ".ico", "image/x-icon" },
        { ".json", "application/json; charset=utf-8" },
        { ".txt", "text/plain; charset=utf-8" },
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return NULL;
}

/* [a-z0-9][a-z0-9._-]* with a known extension. */
static int servable(const char *name)
{
    if (!((*name >= 'a' && *name <= 'z') || (*name >= '0' && *name <= '9')))
        return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") == strlen(name)
           && serve_mime(name) != NULL;
}

/* Reads one regular file into `f`: 1; 0 when it is not one (skipped);
 * -1 with `err`. */
static int read_one(const char *dir, const char *name, web_file *f, att_error *err)
{
    char path[4200];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    if (st.st_size > FILE_MAX) {
        att_error_set(err, ATT_EIO, "%s: larger than 8 MB", path);
        return -1;
    }
    FILE *fp = fopen(path, "rb");
    f->len = (size_t)st.st_size;
    f->data = malloc(f->len + 1);
    f->name = malloc(strlen(name) + 1);
    if (!fp || !f->data || !f->name || fread(f->data, 1, f->len, fp) != f->len) {
        int e = errno;
        if (fp)
            fclose(fp);
        if (!fp)
            att_error_set(err, ATT_EIO, "%s: %s", path, strerror(e));
        else if (!f->data || !f->name)
            att_error_nomem(err);
        else
            att_error_set(err, ATT_EIO, "%s: cannot read it", path);
        return -1;
    }
    fclose(fp);
    strcpy(f->name, name);
    f->mime = serve_mime(name);
    return 1;
}

serve_files *serve_files_load(const char *dir, att_error *err)
{
    serve_files *fs = calloc(1, sizeof *fs);
    if (!fs) {
        att_error_nomem(err);
        return NULL;
    }
    DIR *d = dir ? opendir(dir) : NULL;
    if (dir && !d) {
        att_error_set(err, ATT_EIO, "%s: %s", dir, strerror(errno));
        free(fs);
        return NULL;
    }
    struct dirent *de;
    int rc = 0;
    while (d && rc >= 0 && (de = readdir(d))) {
        if (!servable(de->d_name))
            continue;
        if (att_grow(&fs->f, &fs->cap, fs->n + 1, sizeof *fs->f, err) != ATT_OK) {
            rc = -1;
            break;
        }
        memset(&fs->f[fs->n], 0, sizeof fs->f[fs->n]);
        rc = read_one(dir, de->d_name, &fs->f[fs->n], err);
        if (rc > 0)
            fs->n++;
        else if (rc != 0) {
            free(fs->f[fs->n].name);
            free(fs->f[fs->n].data);
            rc = -1;
        }
    }
    if (d)
        closedir(d);
    if (rc < 0) {
        serve_files_free(fs);
        return NULL;
    }
    return fs;
}

const char *serve_files_get(const serve_files *fs, const char *name, size_t *len,
                            const char **mime)
{
    if (!*name)
        name = "index.html";
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->f[i].name, name) == 0) {
            *len = fs->f[i].len;
            *mime = fs->f[i].mime;
            return fs->f[i].data;
        }
    return NULL;
}

void serve_files_free(serve_files *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        free(fs->f[i].name);
        free(fs->f[i].data);
    }
    free(fs->f);
    free(fs);
}
