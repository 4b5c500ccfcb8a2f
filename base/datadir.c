/* The data-folder search and the NAME|FILE resolution of shipped CSV files
 * (datadir.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/datadir.h"
#include "base/grow.h"

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void att_data_list(const char *const *dirs, char *buf, size_t cap)
{
    size_t used = 0;
    if (cap)
        buf[0] = '\0';
    for (size_t i = 0; dirs && dirs[i] && used < cap; i++) {
        int w = snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", dirs[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

int att_data_find(const char *const *dirs, const char *file, char *path, size_t cap,
                  att_error *err)
{
    for (size_t i = 0; dirs && dirs[i]; i++) {
        char candidate[4200];
        int w = snprintf(candidate, sizeof candidate, "%s/%s", dirs[i], file);
        if (w < 0 || (size_t)w >= sizeof candidate || !is_file(candidate))
            continue;
        if ((size_t)w >= cap) {
            att_error_set(err, ATT_EINPUT, "%s: path too long", candidate);
            return ATT_DATA_TOO_LONG;
        }
        memcpy(path, candidate, (size_t)w + 1);
        att_error_clear(err);
        return (int)i;
    }
    char looked[600];
    att_data_list(dirs, looked, sizeof looked);
    if (looked[0])
        att_error_set(err, ATT_EINPUT, "no %s in %s", file, looked);
    else
        att_error_set(err, ATT_EINPUT, "no %s: no folders to look in", file);
    return ATT_DATA_NONE;
}

int att_data_is_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* The letter of each of U+00C0 to U+00FF without its accent ('.': none,
 * such as the multiplication sign). */
static const char latin1_base[] = "aaaaaaaceeeeiiiidnooooo.ouuuuy.s"
                                  "aaaaaaaceeeeiiiidnooooo.ouuuuy.y";

int att_data_name_like(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
    int sep = 0;   /* a separator is pending: written before the next letter */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char c = 0;
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')
            c = (char)*p;
        else if (*p >= 'A' && *p <= 'Z')
            c = (char)(*p - 'A' + 'a');
        else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF)
            c = latin1_base[*++p - 0x80] == '.' ? 0 : latin1_base[*p - 0x80];
        else if (*p < 0x80)
            sep = n > 0;   /* a space or punctuation between two words */
        if (!c)
            continue;      /* other characters (a UTF-8 sequence byte by byte) are dropped */
        if (sep && n + 1 < cap && buf[n - 1] != '_' && buf[n - 1] != '-' && c != '_' && c != '-')
            buf[n++] = '_';
        sep = 0;
        if (n + 1 >= cap) {
            if (cap)
                buf[0] = '\0';
            return -1;
        }
        buf[n++] = c;
    }
    if (cap)
        buf[n < cap ? n : 0] = '\0';
    return n > 0 && n < cap ? 0 : -1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes the ", "-separated NAMEs of the NAME.csv files in `dir` into `out`
 * (size `cap`), sorted; "" if there are none (or memory runs out). */
static void list_names(const char *dir, char *out, size_t cap)
{
    out[0] = '\0';
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **v = NULL;
    size_t n = 0, vcap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || !ends_with(e->d_name, ".csv"))
            continue;
        char *copy = strndup(e->d_name, len - 4);
        if (!copy || att_grow(&v, &vcap, n + 1, sizeof *v, NULL) != ATT_OK) {
            free(copy);
            break;
        }
        v[n++] = copy;
    }
    closedir(d);
    if (n > 0)
        qsort(v, n, sizeof *v, cmp_str);
    size_t used = 0;
    for (size_t i = 0; i < n && used < cap; i++) {
        int w = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", v[i]);
        if (w >= 0)
            used += (size_t)w;
    }
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int att_data_is_file(const char *name_or_file)
{
    return strchr(name_or_file, '/') || ends_with(name_or_file, ".csv");
}

int att_data_resolve(const char *what, const char *name_or_file, const char *const *dirs,
                     char *path, size_t cap, att_error *err)
{
    if (!name_or_file || !*name_or_file)
        return att_error_set(err, ATT_EINPUT, "empty %s name", what);
    if (att_data_is_file(name_or_file)) {
        if (strlen(name_or_file) >= cap)
            return att_error_set(err, ATT_EINPUT, "%s: path too long", name_or_file);
        memcpy(path, name_or_file, strlen(name_or_file) + 1);
        att_error_clear(err);
        return ATT_OK;
    }
    if (!att_data_is_name(name_or_file))
        return att_error_set(err, ATT_EINPUT,
                             "bad %s name '%.60s': a name is [a-z0-9_-]+, "
                             "a file contains '/' or ends in .csv", what, name_or_file);
    char file[300];
    if (snprintf(file, sizeof file, "%s.csv", name_or_file) >= (int)sizeof file)
        return att_error_set(err, ATT_EINPUT, "%.60s...: name too long", name_or_file);
    int found = att_data_find(dirs, file, path, cap, err);
    if (found >= 0)
        return ATT_OK;
    if (found == ATT_DATA_TOO_LONG)
        return ATT_EINPUT;
    char looked[600];
    att_data_list(dirs, looked, sizeof looked);
    char avail[300] = "";
    const char *avail_dir = NULL;
    for (size_t i = 0; dirs && dirs[i] && !avail_dir; i++)
        if (is_dir(dirs[i]))
            avail_dir = dirs[i];
    if (!avail_dir)
        return att_error_set(err, ATT_EINPUT, "unknown %s '%s': no %s.csv in %s (none of "
                             "these folders exists)", what, name_or_file, name_or_file, looked);
    list_names(avail_dir, avail, sizeof avail);
    return att_error_set(err, ATT_EINPUT, "unknown %s '%s': no %s.csv in %s; available in %s: %s",
                         what, name_or_file, name_or_file, looked, avail_dir,
                         avail[0] ? avail : "none");
}
