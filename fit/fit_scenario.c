/* The scenario file with a fit's estimates written in, and the --set
 * overrides it ran with: each key set in its own section, as --set sets it
 * (docs/FIT.md, "Output"). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "fit/fit_int.h"

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

/* One key to write: the fit's --set overrides, then its estimates. */
struct assign {
    char sec[ATT_FIT_KEY_MAX], key[ATT_FIT_KEY_MAX], value[ATT_FIT_KEY_MAX];
    const char *tag;
    long where;    /* the line it replaces, or the header it follows; -1: none */
    int replace;
};

/* "SECTION.KEY" (or "phase.NAME.KEY") into a->sec, a->key. */
static void target(struct assign *a, const char *name, size_t len)
{
    const char *dot = name + len;
    while (dot > name && *dot != '.')
        dot--;
    snprintf(a->sec, sizeof a->sec, "%.*s", (int)(dot - name), name);
    snprintf(a->key, sizeof a->key, "%.*s", (int)(len - (size_t)(dot + 1 - name)), dot + 1);
}

/* The assignments (their count): the sets, then the estimates (a
 * population key's pair as one "KEY = normal(MEAN, SD)"). */
static size_t make_assigns(const att_fit *f, struct assign *as)
{
    for (size_t i = 0; i < f->o.nsets; i++) {
        const char *set = f->sets[i], *eq = strchr(set, '=');
        size_t len = eq ? (size_t)(eq - set) : strlen(set);
        target(&as[i], set, len);
        snprintf(as[i].value, sizeof as[i].value, "%s", eq ? eq + 1 : "");
        as[i].tag = " ; --set of attune fit";
    }
    size_t na = f->o.nsets;
    for (size_t i = 0; i < f->o.nparams; i++) {
        const att_fit_param *p = &f->params[i];
        if (p->population == ATT_FIT_POP_SD)
            continue;
        struct assign *a = &as[na++];
        int pop = p->population == ATT_FIT_POP_MEAN;
        char key[ATT_FIT_KEY_MAX];   /* KEY of KEY.mean */
        snprintf(key, sizeof key, "%.*s", (int)att_fit_scenario_key_len(p), p->key);
        target(a, key, strlen(key));
        if (pop)
            snprintf(a->value, sizeof a->value, "normal(%.10g, %.10g)", att_fit_estimate(f, i),
                     att_fit_estimate(f, i + 1));
        else
            snprintf(a->value, sizeof a->value, "%.10g", att_fit_estimate(f, i));
        a->tag = " ; fitted by attune fit";
    }
    return na;
}

/* The section a key goes to when the file lacks its own: a phase key to
 * [caregiver] (a file without [phase] sections has one phase). */
static const char *missing_section(const struct assign *a)
{
    return strncmp(a->sec, "phase.", 6) == 0 ? "caregiver" : a->sec;
}

static int emit(const struct assign *a, att_buf *out, att_error *err)
{
    return att_buf_printf(out, err, "%s = %s%s\n", a->key, a->value, a->tag);
}

/* Where each assignment goes in the file's lines. */
static void place(struct assign *as, size_t na, const struct line *lines, size_t n,
                  const struct section *secs, size_t nsec)
{
    for (size_t i = 0; i < na; i++) {
        char k[ATT_FIT_KEY_MAX];
        as[i].where = -1;
        for (size_t s = 0; s < nsec && as[i].where < 0; s++)
            if (strcmp(secs[s].name, as[i].sec) == 0)
                as[i].where = (long)secs[s].header;
        for (size_t l = 0; as[i].where >= 0 && l < n; l++) {
            key_of(&lines[l], k, sizeof k);
            if (lines[l].section == lines[as[i].where].section && strcmp(k, as[i].key) == 0) {
                as[i].where = (long)l;
                as[i].replace = 1;
            }
        }
    }
}

/* Keys of sections the file lacks: each such section once, at the end. */
static int append_missing(const struct assign *as, size_t na, att_buf *out, att_error *err)
{
    int rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < na; i++) {
        const char *sec = missing_section(&as[i]);
        int first = as[i].where < 0;
        for (size_t j = 0; first && j < i; j++)
            first = !(as[j].where < 0 && strcmp(missing_section(&as[j]), sec) == 0);
        if (first)
            rc = att_buf_printf(out, err, "\n[%s]\n", sec);
        for (size_t j = i; first && rc == ATT_OK && j < na; j++)
            if (as[j].where < 0 && strcmp(missing_section(&as[j]), sec) == 0)
                rc = emit(&as[j], out, err);
    }
    return rc;
}

int att_fit_scenario_text(const att_fit *f, const char *text, size_t len, att_buf *out,
                          att_error *err)
{
    size_t cap = len + 2, na = f->o.nsets + f->o.nparams;
    struct line *lines = malloc(cap * sizeof *lines);
    struct section *secs = malloc(cap * sizeof *secs);
    struct assign *as = calloc(na, sizeof *as);
    if (!lines || !secs || !as) {
        free(lines), free(secs), free(as);
        return att_error_nomem(err);
    }
    size_t nsec = 0, n = split(text, len, lines, secs, &nsec);
    na = make_assigns(f, as);
    place(as, na, lines, n, secs, nsec);
    out->len = 0;
    int rc = att_buf_add(out, "", 0, err);
    for (size_t l = 0; rc == ATT_OK && l < n; l++) {
        size_t r = 0;
        while (r < na && !(as[r].replace && as[r].where == (long)l))
            r++;
        if (r < na)
            rc = emit(&as[r], out, err);
        else if ((rc = att_buf_add(out, lines[l].s, lines[l].n, err)) == ATT_OK)
            rc = att_buf_add(out, "\n", 1, err);
        for (size_t i = 0; rc == ATT_OK && i < na; i++)
            if (!as[i].replace && as[i].where == (long)l)
                rc = emit(&as[i], out, err);
    }
    if (rc == ATT_OK)
        rc = append_missing(as, na, out, err);
    free(lines), free(secs), free(as);
    return rc;
}
