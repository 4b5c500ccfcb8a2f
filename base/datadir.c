/* The data-folder search (datadir.h). */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "base/datadir.h"

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
