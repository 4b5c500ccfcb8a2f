/* The scenario file with a fit's estimates written in: each free key set
 * in its own section, as --set would set it (docs/FIT.md, "Output"). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "fit/fit_int.h"

#define TAG " ; fitted by attune fit"

struct line {
    const char *s;
    size_t n;        /* without the '\n' */
    int section;     /* index into the sections, -1 before the first */
};

struct section {
    char name[ATT_FIT_KEY_MAX];  /* "infant", "caregiver", "phase.NAME", "scenario", ... */
    size_t header;               /* its header's line */
};

/* The text of line `l` trimmed into buf (cap bytes). */
static void trimmed(const struct line *l, char *buf, size_t cap)
{
    size_t a = 0, b = l->n;
    while (a < b && isspace((unsigned char)l->s[a]))
        a++;
    while (b > a && isspace((unsigned char)l->s[b - 1]))
        b--;
    size_t n = b - a < cap - 1 ? b - a : cap - 1;
    memcpy(buf, l->s + a, n);
    buf[n] = '\0';
}

/* The key of a "key = value" line into buf, or "" for any other line. */
static void key_of(const struct line *l, char *buf, size_t cap)
{
    char t[256];
    trimmed(l, t, sizeof t);
    buf[0] = '\0';
    size_t n = strcspn(t, "=:");
    if (t[0] == ';' || t[0] == '#' || t[0] == '[' || !t[n])
        return;
    while (n > 0 && isspace((unsigned char)t[n - 1]))
        n--;
    n = n < cap - 1 ? n : cap - 1;
    memcpy(buf, t, n);
    buf[n] = '\0';
}

/* The value of a "key = value" line (before any " ;" comment). */
static void value_of(const struct line *l, char *buf, size_t cap)
{
    char t[256];
    trimmed(l, t, sizeof t);
    char *v = t + strcspn(t, "=:");
    v += *v != '\0';
    char *c = strstr(v, " ;");
    if (c)
        *c = '\0';
    struct line tmp = { v, strlen(v), 0 };
    trimmed(&tmp, buf, cap);
}

/* Splits the text into lines and names each line's section. */
static size_t split(const char *text, size_t len, struct line *lines, struct section *secs,
                    size_t *nsec)
{
    size_t n = 0;
    int cur = -1;
    for (size_t at = 0; at < len; n++) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        lines[n] = (struct line){ text + at, end - at, cur };
        char t[256], k[64];
        trimmed(&lines[n], t, sizeof t);
        if (t[0] == '[' && strchr(t, ']')) {
            cur = (int)(*nsec)++;
            snprintf(secs[cur].name, sizeof secs[cur].name, "%.*s",
                     (int)(strchr(t, ']') - t - 1), t + 1);
            secs[cur].header = n;
            lines[n].section = cur;
        } else if (cur >= 0 && strcmp(secs[cur].name, "phase") == 0) {
            key_of(&lines[n], k, sizeof k);
            if (strcmp(k, "name") == 0) {
                char v[128];
                value_of(&lines[n], v, sizeof v);
                snprintf(secs[cur].name, sizeof secs[cur].name, "phase.%s", v);
            }
        }
        at = end + 1;
    }
    return n;
}

/* Section and key of a free parameter: "caregiver", "wait_time". */
static void target(const att_fit_param *p, char *sec, char *key, size_t cap)
{
    const char *dot = strrchr(p->key, '.');
    snprintf(sec, cap, "%.*s", (int)(dot - p->key), p->key);
    snprintf(key, cap, "%s", dot + 1);
}

/* The section a key goes to when the file lacks its own: a phase key to
 * [caregiver] (a file without [phase] sections has one phase). */
static void missing_section(const att_fit *f, size_t i, char *sec, char *key)
{
    target(&f->params[i], sec, key, ATT_FIT_KEY_MAX);
    if (strncmp(sec, "phase.", 6) == 0)
        snprintf(sec, ATT_FIT_KEY_MAX, "caregiver");
}

static int emit_param(const att_fit *f, size_t i, att_buf *out, att_error *err)
{
    char sec[ATT_FIT_KEY_MAX], key[ATT_FIT_KEY_MAX];
    target(&f->params[i], sec, key, sizeof sec);
    return att_buf_printf(out, err, "%s = %.10g" TAG "\n", key, att_fit_estimate(f, i));
}

int att_fit_scenario_text(const att_fit *f, const char *text, size_t len, att_buf *out,
                          att_error *err)
{
    size_t cap = len + 2;
    struct line *lines = malloc(cap * sizeof *lines);
    struct section *secs = malloc(cap * sizeof *secs);
    long *where = malloc(f->o.nparams * sizeof *where);  /* line replaced or header, -1 */
    int *replace = calloc(f->o.nparams, sizeof *replace);
    if (!lines || !secs || !where || !replace) {
        free(lines), free(secs), free(where), free(replace);
        return att_error_nomem(err);
    }
    size_t nsec = 0, n = split(text, len, lines, secs, &nsec);
    for (size_t i = 0; i < f->o.nparams; i++) {
        char sec[ATT_FIT_KEY_MAX], key[ATT_FIT_KEY_MAX], k[ATT_FIT_KEY_MAX];
        target(&f->params[i], sec, key, sizeof sec);
        where[i] = -1;
        for (size_t s = 0; s < nsec && where[i] < 0; s++)
            if (strcmp(secs[s].name, sec) == 0)
                where[i] = (long)secs[s].header;
        for (size_t l = 0; where[i] >= 0 && l < n; l++) {
            key_of(&lines[l], k, sizeof k);
            if (lines[l].section == lines[where[i]].section && strcmp(k, key) == 0) {
                where[i] = (long)l;
                replace[i] = 1;
            }
        }
    }
    out->len = 0;
    int rc = att_buf_add(out, "", 0, err);
    for (size_t l = 0; rc == ATT_OK && l < n; l++) {
        size_t r = 0;
        while (r < f->o.nparams && !(replace[r] && where[r] == (long)l))
            r++;
        if (r < f->o.nparams)
            rc = emit_param(f, r, out, err);
        else if ((rc = att_buf_add(out, lines[l].s, lines[l].n, err)) == ATT_OK)
            rc = att_buf_add(out, "\n", 1, err);
        for (size_t i = 0; rc == ATT_OK && i < f->o.nparams; i++)
            if (!replace[i] && where[i] == (long)l)
                rc = emit_param(f, i, out, err);
    }
    /* keys of sections the file lacks: each such section once, at the end */
    for (size_t i = 0; rc == ATT_OK && i < f->o.nparams; i++) {
        char sec[ATT_FIT_KEY_MAX], other[ATT_FIT_KEY_MAX], key[ATT_FIT_KEY_MAX];
        missing_section(f, i, sec, key);
        int first = where[i] < 0;
        for (size_t j = 0; first && j < i; j++)
            first = !(where[j] < 0 && (missing_section(f, j, other, key), strcmp(other, sec) == 0));
        if (first)
            rc = att_buf_printf(out, err, "\n[%s]\n", sec);
        for (size_t j = i; first && rc == ATT_OK && j < f->o.nparams; j++)
            if (where[j] < 0 && (missing_section(f, j, other, key), strcmp(other, sec) == 0))
                rc = emit_param(f, j, out, err);
    }
    free(lines), free(secs), free(where), free(replace);
    return rc;
}
