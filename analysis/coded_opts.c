/* How the coded reader reads a file (attune/coded.h): the column names it
 * looks for, renamed by `--map NAME=COLUMN,...`, and the session end of
 * `--end T`. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/coded.h"
#include "attune/param.h"
#include "attune/scorer.h"

static const char *const col_names[ATT_CODED_NCOLS] = {
    "t", "infant_code", "caregiver_code", "run", "session", "phase", "matched",
    "infant_arousal", "end"
};

const char *att_coded_col_name(att_coded_col c)
{
    return c >= 0 && c < ATT_CODED_NCOLS ? col_names[c] : "";
}

void att_coded_opts_init(att_coded_opts *o)
{
    memset(o, 0, sizeof *o);
    o->end = NAN;
}

static int find_col(const char *name, size_t len)
{
    for (int c = 0; c < ATT_CODED_NCOLS; c++)
        if (strlen(col_names[c]) == len && strncmp(col_names[c], name, len) == 0)
            return c;
    return -1;
}

/* One item NAME=COLUMN of the list (len bytes at `item`). */
static int map_item(att_coded_opts *o, const char *item, size_t len, att_error *err)
{
    const char *eq = memchr(item, '=', len);
    if (!eq)
        return att_error_set(err, ATT_EINPUT, "--map: '%.*s' is not NAME=COLUMN (say "
                             "t=Time,infant_code=Infant)", (int)(len > 80 ? 80 : len), item);
    size_t nlen = (size_t)(eq - item), clen = len - nlen - 1;
    int c = find_col(item, nlen);
    if (c < 0) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)nlen, item);
        const char *hint = att_suggest(name, col_names, ATT_CODED_NCOLS);
        return att_error_set(err, ATT_EINPUT, "--map: unknown column '%s'%s%s%s; attune's "
                             "columns are t, infant_code, caregiver_code, run, session, "
                             "phase, matched, infant_arousal and end", name,
                             hint ? " (did you mean '" : "", hint ? hint : "",
                             hint ? "'?)" : "");
    }
    if (clen == 0)
        return att_error_set(err, ATT_EINPUT, "--map: %s= names no column of the file",
                             col_names[c]);
    if (clen >= ATT_CODED_NAME_MAX)
        return att_error_set(err, ATT_EINPUT, "--map: the column name for %s is over %d "
                             "bytes", col_names[c], ATT_CODED_NAME_MAX - 1);
    if (o->names[c][0])
        return att_error_set(err, ATT_EINPUT, "--map: %s is renamed twice ('%s' and "
                             "'%.*s')", col_names[c], o->names[c], (int)clen, eq + 1);
    memcpy(o->names[c], eq + 1, clen);
    o->names[c][clen] = '\0';
    return ATT_OK;
}

int att_coded_map(att_coded_opts *o, const char *list, att_error *err)
{
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (map_item(o, p, len, err) != ATT_OK)
            return err->code;
        if (!comma)
            break;
        p = comma + 1;
    }
    /* Two of attune's columns read from one column of the file. */
    for (int a = 0; a < ATT_CODED_NCOLS; a++) {
        const char *na = o->names[a][0] ? o->names[a] : col_names[a];
        for (int b = a + 1; b < ATT_CODED_NCOLS; b++) {
            const char *nb = o->names[b][0] ? o->names[b] : col_names[b];
            if (strcmp(na, nb) == 0)
                return att_error_set(err, ATT_EINPUT, "--map: %s and %s would both be read "
                                     "from column '%s' (rename the other one too)",
                                     col_names[a], col_names[b], na);
        }
    }
    return ATT_OK;
}

int att_coded_set_end(att_coded_opts *o, double end, att_error *err)
{
    if (!(fabs(end) <= ATT_SCORE_T_MAX))
        return att_error_set(err, ATT_EINPUT, "--end %.6g: must be a time from -4e9 to 4e9 s",
                             end);
    o->end = end;
    return ATT_OK;
}
