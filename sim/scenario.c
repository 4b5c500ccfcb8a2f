/* Scenario files: reads an INI file with inih, checks every section, key and
 * value against the model's parameter tables, applies --set overrides and
 * resolves each phase's caregiver parameters (policy defaults, then
 * [caregiver], then [phase]).  Every error names the file and line, or the
 * --set argument, it comes from. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>
#include <gsl/gsl_rng.h>
#include "base/csvread.h"
#include "attune/dist.h"
#include "attune/param.h"
#include "attune/scenario.h"
#include "base/sha256.h"

/* A scenario is a few hundred bytes; anything larger is a wrong path. */
#define MAX_FILE_BYTES (1L << 20)
/* More steps than this in one phase is a typo in duration or dt. */
#define MAX_PHASE_STEPS 1e12
#define MAX_SEED 4294967295UL

enum section {
    SEC_NONE, SEC_SCENARIO, SEC_INFANT, SEC_CAREGIVER, SEC_PHASE, SEC_BATCH, SEC_CONDITION,
    SEC_COUNT
};
static const char *const section_names[SEC_COUNT] = {
    "", "scenario", "infant", "caregiver", "phase", "batch", "condition"
};
#define MAX_REPLICATES 1000000000L

enum scenario_key {
    SK_NAME, SK_DT, SK_DURATION, SK_SEED, SK_RNG, SK_MATCH_TABLE, SK_SESSIONS, SK_INTERVAL, SK_COUNT
};
static const char *const scenario_keys[SK_COUNT] = {
    "name", "dt", "duration", "seed", "rng", "match_table", "sessions", "interval"
};
#define MAX_SESSIONS 100000L
#define DEFAULT_INTERVAL 86400.0  /* a day between sessions */
static const char *const infant_keys[] = { "preset" };
static const char *const caregiver_keys[] = { "policy" };
static const char *const phase_keys[] = { "name", "duration", "policy" };

/* Where a value came from, kept so later checks can point at it:
 * > 0 a line of the file, < 0 the (-from)th --set argument, 0 the default. */
typedef int origin;

/* The caregiver keys set in [caregiver] or in one [phase]: one layer of the
 * overlay that gives a phase its parameters. */
struct layer {
    const att_policy_type *policy;
    origin policy_from;
    att_caregiver_params values;  /* only rows with from[i] != 0 are set */
    origin *from;                 /* one per row of att_caregiver_param_table */
};

struct phase_spec {
    att_phase pub;     /* the resolved view handed out */
    int header_line;   /* 0 for the implicit "session" phase */
    origin name_from, duration_from;
    struct layer layer;
};

/* Which parameter a value is for: a row of the infant table, or of the
 * caregiver table in [caregiver] or in one phase. */
struct target {
    enum section sec;  /* SEC_INFANT, SEC_CAREGIVER or SEC_PHASE */
    size_t phase;
    size_t row;
};

/* A parameter drawn from a distribution for every replicate. */
struct sampled {
    struct target at;
    att_dist dist;
    origin from;
};

static void target_key(const att_scenario *s, const struct target *at, char *buf, size_t size);

/* One `key = value` line of a [condition], as written. */
struct cond_line {
    char *key, *value;
    int line;
};

/* A [condition] section as written, before its sweeps are expanded. */
struct cond_spec {
    int header_line;
    struct cond_line *lines;
    size_t n, cap;
};

/* One expanded condition: the scenario with its overrides applied. */
struct condition {
    char *name;
    att_scenario *s;
};

struct att_scenario {
    char *path;
    char hash[65];
    char name[ATT_NAME_MAX];
    double dt;                 /* s, default 0.1 */
    double duration;           /* s, [scenario] duration, then the phases' sum */
    unsigned long seed;        /* default 1 */
    const gsl_rng_type *rng;   /* default gsl_rng_taus2 (see docs/MODEL.md) */
    char *match_table;         /* default "attuned" */
    long steps;
    long sessions;             /* default 1 */
    double interval;           /* s between sessions, default a day */
    origin from[SK_COUNT];
    int header_line[SEC_COUNT];  /* first header of each kind, 0 if none */
    att_infant_params infant;
    origin *infant_from;
    const att_infant_preset *preset;  /* NULL: the defaults */
    origin preset_from;
    struct layer caregiver;
    struct phase_spec *phases;
    size_t nphases, cap;
    long replicates;             /* [batch] replicates, default 1 */
    origin replicates_from;
    struct sampled *sampled;
    size_t nsampled, sampled_cap;
    struct cond_spec *specs;     /* [condition] sections as written */
    size_t nspecs;
    struct condition *conds;     /* expanded; NULL in a condition's own scenario */
    size_t nconds;
    char **varied;               /* keys drawn or swept in any condition */
    size_t nvaried;
    char **warnings;             /* keys the policy ignores (see add_warning) */
    size_t nwarnings;
};

/* State of one load: the reader's position and the section being read. */
struct loader {
    att_scenario *s;
    att_error *err;
    const char *const *sets;
    const char *buf;
    size_t len, pos;
    int line;          /* lines handed to inih so far: the line being parsed */
    int code;          /* first error's code, 0 while none */
    int err_at;        /* the line being read when that error was found */
    int eof;
    int stop_next;     /* a malformed header went to inih: end after it */
    enum section sec;  /* section being read */
    int sec_line;      /* its header line */
    int sec_lines;     /* lines other than blanks and comments in it */
    size_t phase;      /* phase whose key is being set */
    int in_condition;  /* applying a condition: it may override the file */
};

/* ---- errors ---- */

static int fail(struct loader *ld, origin from, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error only; the parse goes on to its end regardless
 * (inih cannot be stopped), so later ones must not replace it. */
static int fail(struct loader *ld, origin from, const char *fmt, ...)
{
    if (ld->code)
        return ld->code;
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (from < 0) {
        att_error_set(ld->err, ATT_EINPUT, "--set %s: %s", ld->sets[-from - 1], what);
    } else {
        /* Errors about the whole file point at [scenario], or line 1. */
        int line = from > 0 ? from
                 : ld->s->header_line[SEC_SCENARIO] ? ld->s->header_line[SEC_SCENARIO] : 1;
        att_error_set(ld->err, ATT_EINPUT, "%s:%d: %s", ld->s->path, line, what);
    }
    ld->code = ATT_EINPUT;
    ld->err_at = ld->eof ? ld->line + 1 : ld->line;
    return ld->code;
}

static int out_of_memory(struct loader *ld)
{
    if (!ld->code) {
        att_error_set(ld->err, ATT_ENOMEM, "%s: out of memory", ld->s->path);
        ld->code = ATT_ENOMEM;
        ld->err_at = ld->line;
    }
    return ld->code;
}

/* The candidate nearest to `word` among `fixed` and the names of `table`
 * (either may be empty), or NULL.  A failed allocation only loses the hint. */
static const char *suggest(const char *word, const char *const *fixed, size_t nfixed,
                           const att_param *table, size_t ntable)
{
    const char **cands = malloc((nfixed + ntable + 1) * sizeof *cands);
    if (!cands)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < nfixed; i++)
        cands[n++] = fixed[i];
    for (size_t i = 0; i < ntable; i++)
        cands[n++] = table[i].name;
    const char *best = att_suggest(word, cands, n);
    free(cands);
    return best;
}

/* Writes where a misplaced key belongs (e.g. "[infant]") into `out`, for
 * the hint; returns 0 when it belongs nowhere else. */
static int home_of(const char *key, enum section sec, char *out, size_t size)
{
    int in_scenario = 0, in_infant, in_caregiver;
    for (int k = 0; k < SK_COUNT; k++)
        in_scenario |= strcmp(scenario_keys[k], key) == 0;
    in_infant = strcmp(key, "preset") == 0
        || att_param_find(att_infant_param_table, att_infant_param_count, key) != NULL;
    in_caregiver = strcmp(key, "policy") == 0
        || att_param_find(att_caregiver_param_table, att_caregiver_param_count, key) != NULL;
    const char *homes[3];
    int n = 0;
    if (in_scenario && sec != SEC_SCENARIO)
        homes[n++] = "[scenario]";
    if (in_infant && sec != SEC_INFANT)
        homes[n++] = "[infant]";
    if (in_caregiver && sec != SEC_CAREGIVER && sec != SEC_PHASE)
        homes[n++] = "[caregiver] or a [phase]";
    if (n == 1)
        snprintf(out, size, "%s", homes[0]);
    else if (n == 2)
        snprintf(out, size, "%s or %s", homes[0], homes[1]);
    else if (n == 3)
        snprintf(out, size, "%s, %s or %s", homes[0], homes[1], homes[2]);
    return n;
}

static int unknown_key(struct loader *ld, origin from, const char *key, enum section sec,
                       const char *const *fixed, size_t nfixed,
                       const att_param *table, size_t ntable)
{
    char home[64];
    if (home_of(key, sec, home, sizeof home))
        return fail(ld, from, "unknown key '%s' in [%s] (it belongs in %s)",
                    key, section_names[sec], home);
    const char *near = suggest(key, fixed, nfixed, table, ntable);
    if (near)
        return fail(ld, from, "unknown key '%s' in [%s] (did you mean '%s'?)",
                    key, section_names[sec], near);
    return fail(ld, from, "unknown key '%s' in [%s]", key, section_names[sec]);
}

/* A key may be set once per section in the file; --set may override it. */
static int check_twice(struct loader *ld, origin from, origin prev, const char *key,
                       enum section sec)
{
    if (ld->in_condition && from > 0 && prev < 0)
        return fail(ld, from, "%s.%s is also given by --set %s; a --set applies to every "
                    "condition and cannot override one", section_names[sec], key,
                    ld->sets[-prev - 1]);
    if (from <= 0 || prev <= 0 || ld->in_condition)
        return 0;
    if (sec == SEC_PHASE)
        return fail(ld, from, "'%s' is given twice in this [phase] (first on line %d)", key, prev);
    return fail(ld, from, "'%s' is given twice in [%s] (first on line %d)",
                key, section_names[sec], prev);
}

/* ---- values ---- */

static int parse_number(struct loader *ld, origin from, const char *key, const char *value,
                        double *out)
{
    int bad = att_parse_double(value, out);
    if (bad)
        return fail(ld, from, "%s = %s %s", key, value, att_number_problem(bad));
    return 0;
}

static int parse_seconds(struct loader *ld, origin from, const char *key, const char *value,
                         double *out)
{
    if (parse_number(ld, from, key, value, out))
        return ld->code;
    if (*out <= 0)
        return fail(ld, from, "%s = %s is out of range: must be > 0 s", key, value);
    return 0;
}

/* The sampled entry for `at`, or NULL. */
static struct sampled *find_sampled(const att_scenario *s, const struct target *at)
{
    for (size_t i = 0; i < s->nsampled; i++) {
        const struct target *t = &s->sampled[i].at;
        if (t->sec == at->sec && t->row == at->row && (t->sec != SEC_PHASE || t->phase == at->phase))
            return &s->sampled[i];
    }
    return NULL;
}

/* Records that `at` is drawn from `d` (replacing an earlier distribution). */
static int add_sampled(struct loader *ld, origin from, const struct target *at, const att_dist *d)
{
    att_scenario *s = ld->s;
    struct sampled *sp = find_sampled(s, at);
    if (!sp) {
        if (s->nsampled == s->sampled_cap) {
            size_t cap = s->sampled_cap ? 2 * s->sampled_cap : 8;
            struct sampled *grown = realloc(s->sampled, cap * sizeof *grown);
            if (!grown)
                return out_of_memory(ld);
            s->sampled = grown;
            s->sampled_cap = cap;
        }
        sp = &s->sampled[s->nsampled++];
    }
    sp->at = *at;
    sp->dist = *d;
    sp->from = from;
    return 0;
}

static void drop_sampled(att_scenario *s, const struct target *at)
{
    struct sampled *sp = find_sampled(s, at);
    if (!sp)
        return;
    size_t i = (size_t)(sp - s->sampled);
    memmove(sp, sp + 1, (s->nsampled - i - 1) * sizeof *sp);
    s->nsampled--;
}

/* Sets the table row `row` of `params` from text, checked against its range:
 * a number, or a distribution drawn per replicate (recorded for `at`; the
 * parameter holds its clipped mean until drawn). */
static int set_param(struct loader *ld, origin from, const att_param *row, void *params,
                     const char *value, const struct target *at)
{
    double v;
    att_error why;
    att_dist dist;
    att_sweep sweep;
    int kind = att_dist_parse(value, &dist, &why);
    if (kind == ATT_EINPUT)
        return fail(ld, from, "%s = %s", row->name, why.msg);
    if (kind == ATT_OK) {
        if (att_dist_check(&dist, row->min, row->max, &why))
            return fail(ld, from, "%s = %s", row->name, why.msg);
        v = fmin(fmax(att_dist_mean(&dist), row->min), row->max);
        if (add_sampled(ld, from, at, &dist))
            return ld->code;
        att_param_put(row, params, v);
        return 0;
    }
    if (att_sweep_parse(value, &sweep, &why) != ATT_SWEEP_NONE) {
        char key[3 * ATT_NAME_MAX];
        target_key(ld->s, at, key, sizeof key);
        return fail(ld, from, "%s = %s: a sweep (FROM:STEP:TO) belongs in a [condition] "
                    "section, as %s = %s", row->name, value, key, value);
    }
    if (parse_number(ld, from, row->name, value, &v))
        return ld->code;
    if (v < row->min || v > row->max) {
        /* "0-1" only restates the range; real units are worth saying. */
        int unit = row->unit && *row->unit && strcmp(row->unit, "0-1") != 0;
        return fail(ld, from, "%s = %s is out of range [%g, %g]%s%s", row->name, value,
                    row->min, row->max, unit ? " " : "", unit ? row->unit : "");
    }
    att_param_put(row, params, v);
    drop_sampled(ld->s, at);
    return 0;
}

/* Only plain digits: strtoul would quietly accept "-1" as a huge number.
 * Seeds stop at 2^32 - 1, like --seed, so a file means the same where
 * unsigned long has 32 bits. */
static int parse_seed(struct loader *ld, origin from, const char *value, unsigned long *out)
{
    char *end = NULL;
    errno = 0;
    if (isdigit((unsigned char)value[0])) {
        unsigned long long v = strtoull(value, &end, 10);
        if (*end == '\0' && errno != ERANGE && v <= MAX_SEED) {
            *out = (unsigned long)v;
            return 0;
        }
    }
    return fail(ld, from, "seed = %s is not a whole number from 0 to %lu", value, MAX_SEED);
}

static int copy_name(struct loader *ld, origin from, const char *key, const char *value,
                     char dst[ATT_NAME_MAX])
{
    size_t n = strlen(value);
    if (n >= ATT_NAME_MAX)
        return fail(ld, from, "%s is too long (%zu characters; at most %d)", key, n,
                    ATT_NAME_MAX - 1);
    memcpy(dst, value, n + 1);
    return 0;
}

static int find_policy(struct loader *ld, origin from, const char *value,
                       const att_policy_type **out)
{
    *out = att_policy_find(value);
    if (*out)
        return 0;
    char list[256] = "";
    size_t used = 0, n = att_policy_count();
    const char *names[32];
    size_t nnames = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = att_policy_at(i)->name;
        if (nnames < sizeof names / sizeof names[0])
            names[nnames++] = name;
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", name);
        if (w < 0 || (size_t)w >= sizeof list - used)
            break;
        used += (size_t)w;
    }
    const char *near = att_suggest(value, names, nnames);
    if (near)
        return fail(ld, from, "unknown policy '%s' (did you mean '%s'?); valid policies: %s",
                    value, near, list);
    return fail(ld, from, "unknown policy '%s'; valid policies: %s", value, list);
}

static int find_rng(struct loader *ld, origin from, const char *value, const gsl_rng_type **out)
{
    const gsl_rng_type **types = gsl_rng_types_setup();
    size_t n = 0;
    for (; types[n]; n++) {
        if (strcmp(types[n]->name, value) == 0) {
            *out = types[n];
            return 0;
        }
    }
    const char **names = malloc((n + 1) * sizeof *names);
    const char *near = NULL;
    if (names) {
        for (size_t i = 0; i < n; i++)
            names[i] = types[i]->name;
        near = att_suggest(value, names, n);
        free(names);
    }
    if (near)
        return fail(ld, from, "unknown rng '%s' (did you mean '%s'?)", value, near);
    return fail(ld, from, "unknown rng '%s' (expected a GSL generator name such as "
                "taus2, mt19937 or ranlxd2)", value);
}

/* ---- keys: one function checks a (section, key, value) whatever its source ---- */

static int set_scenario_key(struct loader *ld, origin from, const char *key, const char *value)
{
    att_scenario *s = ld->s;
    int k = 0;
    while (k < SK_COUNT && strcmp(scenario_keys[k], key) != 0)
        k++;
    if (k == SK_COUNT)
        return unknown_key(ld, from, key, SEC_SCENARIO, scenario_keys, SK_COUNT, NULL, 0);
    if (check_twice(ld, from, s->from[k], key, SEC_SCENARIO))
        return ld->code;
    int rc = 0;
    switch ((enum scenario_key)k) {
    case SK_NAME:
        rc = copy_name(ld, from, key, value, s->name);
        break;
    case SK_DT:
        rc = parse_seconds(ld, from, key, value, &s->dt);
        if (!rc && s->dt > 1)
            rc = fail(ld, from, "dt = %s is out of range: must be <= 1 s", value);
        break;
    case SK_DURATION:
        rc = parse_seconds(ld, from, key, value, &s->duration);
        break;
    case SK_SEED:
        rc = parse_seed(ld, from, value, &s->seed);
        break;
    case SK_RNG:
        rc = find_rng(ld, from, value, &s->rng);
        break;
    case SK_MATCH_TABLE: {
        char *copy = strdup(value);
        if (!copy)
            return out_of_memory(ld);
        free(s->match_table);
        s->match_table = copy;
        break;
    }
    case SK_SESSIONS: {
        char *end = NULL;
        errno = 0;
        long n = isdigit((unsigned char)value[0]) ? strtol(value, &end, 10) : 0;
        if (!end || *end || errno == ERANGE || n < 1 || n > MAX_SESSIONS)
            rc = fail(ld, from, "sessions = %s is not a whole number from 1 to %ld", value,
                      MAX_SESSIONS);
        else
            s->sessions = n;
        break;
    }
    case SK_INTERVAL:
        rc = parse_number(ld, from, key, value, &s->interval);
        if (!rc && !(s->interval >= 0 && s->interval <= 1e9))
            rc = fail(ld, from, "interval = %s is out of range: must be from 0 to 1e9 s", value);
        break;
    case SK_COUNT:
        break;
    }
    if (!rc)
        s->from[k] = from;
    return rc;
}

/* A preset replaces every infant parameter not set explicitly (in the file,
 * a condition or a --set), whichever line comes first. */
static int set_preset(struct loader *ld, origin from, const char *value)
{
    att_scenario *s = ld->s;
    if (check_twice(ld, from, s->preset_from, "preset", SEC_INFANT))
        return ld->code;
    const att_infant_preset *pr = att_infant_preset_find(value);
    if (!pr) {
        const char *names[8];
        size_t n = 0;
        char list[128] = "";
        for (; n < att_infant_preset_count() && n < 8; n++) {
            names[n] = att_infant_preset_at(n)->name;
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", n ? ", " : "", names[n]);
        }
        const char *near = att_suggest(value, names, n);
        if (near)
            return fail(ld, from, "unknown preset '%s' (did you mean '%s'? presets: %s)", value, near, list);
        return fail(ld, from, "unknown preset '%s' (presets: %s)", value, list);
    }
    att_infant_params p;
    att_infant_preset_params(pr, &p);
    for (size_t i = 0; i < att_infant_param_count; i++)
        if (!s->infant_from[i])
            att_param_put(&att_infant_param_table[i], &s->infant,
                          att_param_get(&att_infant_param_table[i], &p));
    s->preset = pr;
    s->preset_from = from;
    return 0;
}

static int set_infant_key(struct loader *ld, origin from, const char *key, const char *value)
{
    att_scenario *s = ld->s;
    if (strcmp(key, "preset") == 0)
        return set_preset(ld, from, value);
    const att_param *row = att_param_find(att_infant_param_table, att_infant_param_count, key);
    if (!row)
        return unknown_key(ld, from, key, SEC_INFANT, infant_keys, 1,
                           att_infant_param_table, att_infant_param_count);
    size_t i = (size_t)(row - att_infant_param_table);
    struct target at = { SEC_INFANT, 0, i };
    if (check_twice(ld, from, s->infant_from[i], key, SEC_INFANT)
        || set_param(ld, from, row, &s->infant, value, &at))
        return ld->code;
    s->infant_from[i] = from;
    return 0;
}

/* Sets `policy` or a caregiver parameter in layer `L`.  Returns 1 (and
 * records nothing) when `key` is neither, so the caller can report it with
 * the keys of its own section. */
static int set_layer_key(struct loader *ld, origin from, struct layer *L, enum section sec,
                         const char *key, const char *value)
{
    if (strcmp(key, "policy") == 0) {
        if (check_twice(ld, from, L->policy_from, key, sec)
            || find_policy(ld, from, value, &L->policy))
            return ld->code;
        L->policy_from = from;
        return 0;
    }
    const att_param *row = att_param_find(att_caregiver_param_table, att_caregiver_param_count, key);
    if (!row)
        return 1;
    size_t i = (size_t)(row - att_caregiver_param_table);
    struct target at = { sec, sec == SEC_PHASE ? ld->phase : 0, i };
    if (check_twice(ld, from, L->from[i], key, sec)
        || set_param(ld, from, row, &L->values, value, &at))
        return ld->code;
    L->from[i] = from;
    return 0;
}

static int set_caregiver_key(struct loader *ld, origin from, const char *key, const char *value)
{
    int rc = set_layer_key(ld, from, &ld->s->caregiver, SEC_CAREGIVER, key, value);
    if (rc != 1)
        return rc;
    return unknown_key(ld, from, key, SEC_CAREGIVER, caregiver_keys, 1,
                       att_caregiver_param_table, att_caregiver_param_count);
}

/* Phase names appear in CSV columns and in --set phase.NAME.key. */
static int check_phase_name(struct loader *ld, origin from, size_t self, const char *value)
{
    for (const char *c = value; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
            return fail(ld, from, "phase name '%s' may only contain letters, digits, '-' and '_'",
                        value);
    const att_scenario *s = ld->s;
    for (size_t i = 0; i < s->nphases; i++)
        if (i != self && strcmp(s->phases[i].pub.name, value) == 0)
            return fail(ld, from, "phase name '%s' is already used by the phase on line %d",
                        value, s->phases[i].header_line);
    return 0;
}

static int set_phase_key(struct loader *ld, origin from, size_t idx, const char *key,
                         const char *value)
{
    struct phase_spec *ph = &ld->s->phases[idx];
    if (strcmp(key, "name") == 0) {
        if (check_twice(ld, from, ph->name_from, key, SEC_PHASE)
            || check_phase_name(ld, from, idx, value)
            || copy_name(ld, from, "phase name", value, ph->pub.name))
            return ld->code;
        ph->name_from = from;
        return 0;
    }
    if (strcmp(key, "duration") == 0) {
        if (ph->header_line == 0)
            return fail(ld, from, "phase '%s' is the whole session: set scenario.duration instead",
                        ph->pub.name);
        if (check_twice(ld, from, ph->duration_from, key, SEC_PHASE)
            || parse_seconds(ld, from, key, value, &ph->pub.duration))
            return ld->code;
        ph->duration_from = from;
        return 0;
    }
    ld->phase = idx;
    int rc = set_layer_key(ld, from, &ph->layer, SEC_PHASE, key, value);
    if (rc != 1)
        return rc;
    return unknown_key(ld, from, key, SEC_PHASE, phase_keys, 3,
                       att_caregiver_param_table, att_caregiver_param_count);
}

static int set_batch_key(struct loader *ld, origin from, const char *key, const char *value)
{
    static const char *const batch_keys[] = { "replicates" };
    att_scenario *s = ld->s;
    if (strcmp(key, "replicates") != 0)
        return unknown_key(ld, from, key, SEC_BATCH, batch_keys, 1, NULL, 0);
    if (check_twice(ld, from, s->replicates_from, key, SEC_BATCH))
        return ld->code;
    char *end = NULL;
    errno = 0;
    long n = isdigit((unsigned char)value[0]) ? strtol(value, &end, 10) : 0;
    if (!end || *end || errno == ERANGE || n < 1 || n > MAX_REPLICATES)
        return fail(ld, from, "replicates = %s is not a whole number from 1 to %ld", value,
                    MAX_REPLICATES);
    s->replicates = n;
    s->replicates_from = from;
    return 0;
}

/* A [condition] line is kept as written: its keys are checked when the
 * condition is built, on top of the whole file. */
/* "caregiver . wait_time" -> "caregiver.wait_time": a key is compared as
 * text (duplicates, keys a condition may not set), so spaces around its
 * dots, which --set would trim, must not make it another key. */
static void normalise_key(const char *key, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = key; *p && n + 1 < size; p++) {
        if (isspace((unsigned char)*p)) {
            const char *q = p;
            while (isspace((unsigned char)*q))
                q++;
            int by_dot = *q == '.' || *q == '\0' || (n > 0 && out[n - 1] == '.');
            if (by_dot) {
                p = q - 1;
                continue;
            }
        }
        out[n++] = *p;
    }
    out[n] = '\0';
}

static int add_condition_line(struct loader *ld, origin from, const char *raw, const char *value)
{
    struct cond_spec *c = &ld->s->specs[ld->s->nspecs - 1];
    char key[256];
    normalise_key(raw, key, sizeof key);
    if (strcmp(key, "name") != 0 && !strchr(key, '.'))
        return fail(ld, from, "'%s' in [condition]: expected name = NAME or SECTION.KEY = VALUE "
                    "(e.g. caregiver.policy = intrusive)", key);
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->lines[i].key, key) == 0)
            return fail(ld, from, "'%s' is given twice in this [condition] (first on line %d)",
                        key, c->lines[i].line);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        struct cond_line *grown = realloc(c->lines, cap * sizeof *grown);
        if (!grown)
            return out_of_memory(ld);
        c->lines = grown;
        c->cap = cap;
    }
    struct cond_line *l = &c->lines[c->n];
    l->key = strdup(key);
    l->value = strdup(value);
    l->line = from;
    if (!l->key || !l->value) {
        free(l->key);
        free(l->value);
        return out_of_memory(ld);
    }
    c->n++;
    return 0;
}

/* The one entry point for a key, from the file (`from` > 0) or --set. */
static int apply_key(struct loader *ld, origin from, enum section sec, size_t phase,
                     const char *key, const char *value)
{
    if (*key == '\0')
        return fail(ld, from, "missing key name before '='");
    if (*value == '\0')
        return fail(ld, from, "%s has an empty value (expected %s = VALUE)", key, key);
    switch (sec) {
    case SEC_SCENARIO: return set_scenario_key(ld, from, key, value);
    case SEC_INFANT: return set_infant_key(ld, from, key, value);
    case SEC_CAREGIVER: return set_caregiver_key(ld, from, key, value);
    case SEC_PHASE: return set_phase_key(ld, from, phase, key, value);
    case SEC_BATCH: return set_batch_key(ld, from, key, value);
    case SEC_CONDITION:
        if (from < 0)
            return fail(ld, from, "conditions come from [condition] sections, not --set");
        return add_condition_line(ld, from, key, value);
    default: return fail(ld, from, "'%s' comes before any [section] header", key);
    }
}

/* ---- building ---- */

static int layer_init(struct layer *L)
{
    memset(L, 0, sizeof *L);
    L->from = calloc(att_caregiver_param_count + 1, sizeof *L->from);
    return L->from ? 0 : -1;
}

/* Appends an empty phase; returns its index, or -1 when out of memory. */
static long add_phase(att_scenario *s, int header_line)
{
    if (s->nphases == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 4;
        struct phase_spec *p = realloc(s->phases, cap * sizeof *p);
        if (!p)
            return -1;
        s->phases = p;
        s->cap = cap;
    }
    struct phase_spec *ph = &s->phases[s->nphases];
    memset(ph, 0, sizeof *ph);
    if (layer_init(&ph->layer))
        return -1;
    ph->header_line = header_line;
    return (long)s->nphases++;
}

/* Appends an empty [condition]; returns its index, or -1 when out of memory. */
static long add_spec(att_scenario *s, int header_line)
{
    struct cond_spec *grown = realloc(s->specs, (s->nspecs + 1) * sizeof *grown);
    if (!grown)
        return -1;
    s->specs = grown;
    memset(&s->specs[s->nspecs], 0, sizeof s->specs[0]);
    s->specs[s->nspecs].header_line = header_line;
    return (long)s->nspecs++;
}

/* Default name: the file's base name without its extension. */
static void default_name(att_scenario *s)
{
    const char *base = strrchr(s->path, '/');
    base = base ? base + 1 : s->path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (n >= ATT_NAME_MAX)
        n = ATT_NAME_MAX - 1;
    memcpy(s->name, base, n);
    s->name[n] = '\0';
}

/* An empty scenario holding every default.  NULL when out of memory. */
static att_scenario *scenario_new(const char *path)
{
    att_scenario *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->path = strdup(path);
    s->match_table = strdup("attuned");
    s->infant_from = calloc(att_infant_param_count + 1, sizeof *s->infant_from);
    if (!s->path || !s->match_table || !s->infant_from || layer_init(&s->caregiver)) {
        att_scenario_free(s);
        return NULL;
    }
    default_name(s);
    s->dt = 0.1;
    s->seed = 1;
    s->sessions = 1;
    s->interval = DEFAULT_INTERVAL;
    s->replicates = 1;
    s->rng = gsl_rng_taus2;
    att_infant_params_default(&s->infant);
    s->caregiver.policy = att_policy_find("patient");
    return s;
}

/* ---- reading the file through inih ---- */

/* Reads the whole file: its bytes are hashed as well as parsed. */
static int slurp(const char *path, char **out, size_t *len, att_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return att_error_set(err, ATT_EINPUT, "%s: cannot read: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || cap >= (size_t)MAX_FILE_BYTES)
            break;
        char *bigger = realloc(buf, 2 * cap);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(f), e = errno, big = buf && n == cap;
    fclose(f);
    if (!buf)
        return att_error_set(err, ATT_ENOMEM, "%s: out of memory", path);
    if (bad || big) {
        free(buf);
        if (big)
            return att_error_set(err, ATT_EINPUT, "%s: cannot read: larger than %ld bytes, "
                                 "too large for a scenario", path, MAX_FILE_BYTES);
        return att_error_set(err, ATT_EINPUT, "%s: cannot read: %s", path, strerror(e));
    }
    *out = buf;
    *len = n;
    return 0;
}

/* Checks the section that ends here: it must have had some content, and a
 * phase needs its name and duration. */
static int close_section(struct loader *ld)
{
    enum section sec = ld->sec;
    ld->sec = SEC_NONE;
    if (sec == SEC_NONE || ld->code)
        return ld->code;
    if (ld->sec_lines == 0)
        return fail(ld, ld->sec_line, "[%s] is empty: expected key = value lines below it",
                    section_names[sec]);
    if (sec != SEC_PHASE)
        return 0;
    const struct phase_spec *ph = &ld->s->phases[ld->s->nphases - 1];
    if (!ph->name_from)
        return fail(ld, ph->header_line, "[phase] has no name (every phase needs name and duration)");
    if (!ph->duration_from)
        return fail(ld, ph->header_line,
                    "[phase] '%s' has no duration (every phase needs name and duration)",
                    ph->pub.name);
    return 0;
}

/* Where inih's header parse would stop: at ']' or at an inline comment. */
static const char *header_end(const char *c)
{
    int was_space = 0;
    for (; *c && *c != ']'; c++) {
        if (INI_ALLOW_INLINE_COMMENTS && was_space && strchr(INI_INLINE_COMMENT_PREFIXES, *c))
            break;
        was_space = isspace((unsigned char)*c);
    }
    return c;
}

static int open_section(struct loader *ld, const char *c)
{
    if (close_section(ld))
        return ld->code;
    const char *end = header_end(c + 1);
    if (*end != ']') {
        ld->stop_next = 1;  /* inih reports it as malformed */
        return 0;
    }
    int n = (int)(end - c - 1);
    enum section sec = SEC_SCENARIO;
    while (sec < SEC_COUNT && !(strncmp(section_names[sec], c + 1, (size_t)n) == 0
                                && section_names[sec][n] == '\0'))
        sec++;
    att_scenario *s = ld->s;
    if (sec == SEC_COUNT) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", n, c + 1);
        const char *near = att_suggest(name, section_names + 1, SEC_COUNT - 1);
        if (near)
            return fail(ld, ld->line, "unknown section [%.*s] (did you mean [%s]?)", n, c + 1, near);
        return fail(ld, ld->line, "unknown section [%.*s] (expected [scenario], [infant], "
                    "[caregiver], [phase], [batch] or [condition])", n, c + 1);
    }
    if (sec != SEC_PHASE && sec != SEC_CONDITION && s->header_line[sec])
        return fail(ld, ld->line, "[%s] appears twice (first on line %d); put all its keys "
                    "in one section", section_names[sec], s->header_line[sec]);
    if (sec == SEC_PHASE && add_phase(s, ld->line) < 0)
        return out_of_memory(ld);
    if (sec == SEC_CONDITION && add_spec(s, ld->line) < 0)
        return out_of_memory(ld);
    if (!s->header_line[sec])
        s->header_line[sec] = ld->line;
    ld->sec = sec;
    ld->sec_line = ld->line;
    ld->sec_lines = 0;
    return 0;
}

/* inih's fgets: hands it one line of the buffer at a time, so ld->line is
 * the line of the handler call that follows.  It also sees the headers,
 * which inih does not report: that is how repeated [phase] sections are told
 * apart and empty sections found.  Returns NULL at the end or on an error. */
static char *next_line(char *str, int num, void *stream)
{
    struct loader *ld = stream;
    if (ld->code || ld->stop_next || ld->eof)
        return NULL;
    if (ld->pos >= ld->len) {
        ld->eof = 1;
        close_section(ld);
        return NULL;
    }
    const char *p = ld->buf + ld->pos;
    const char *nl = memchr(p, '\n', ld->len - ld->pos);
    size_t n = nl ? (size_t)(nl - p) + 1 : ld->len - ld->pos;
    ld->pos += n;
    ld->line++;
    size_t chars = n - (nl != NULL);
    if (chars > 0 && p[chars - 1] == '\r')
        chars--;
    const char *enc = ld->line == 1 ? att_text_encoding_problem(p, n < 4 ? n : 4) : NULL;
    if (enc || memchr(p, '\0', n)) {
        fail(ld, ld->line, enc ? "the file %s" : "contains a NUL byte (%s)",
             enc ? enc : "a scenario must be UTF-8 text: UTF-16? save it as UTF-8");
        return NULL;
    }
    if (memchr(p, '\r', chars)) {
        fail(ld, ld->line, "a carriage return (CR) inside the line: are the line ends CR "
             "only (classic Mac OS)? Save the file with LF or CRLF line ends");
        return NULL;
    }
    /* inih would cut a long line and read the rest as another line. */
    if (num < 4 || chars > (size_t)num - 3) {
        fail(ld, ld->line, "line is too long (%zu characters; at most %d)", chars, num - 3);
        return NULL;
    }
    if (ld->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3;
        n -= 3;
    }
    /* Indentation is dropped: inih would read an indented line as the
     * continuation of the previous value, a trap for hand-aligned files. */
    while (n > 0 && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    memcpy(str, p, n);
    str[n] = '\0';
    const char *c = str;
    while (isspace((unsigned char)*c))
        c++;
    if (*c == '\0' || strchr(INI_START_COMMENT_PREFIXES, *c))
        return str;
    if (*c == '[')
        return open_section(ld, c) ? NULL : str;
    ld->sec_lines++;
    return str;
}

/* inih's handler.  The section comes from next_line, which also knows
 * which [phase] this is.  Returns 0 to make inih count the line as bad. */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
    struct loader *ld = user;
    (void)section;
    if (ld->code)
        return 0;
    size_t phase = ld->s->nphases ? ld->s->nphases - 1 : 0;
    return apply_key(ld, ld->line, ld->sec, phase, name, value) == 0;
}

/* Says what a line that inih rejected should have looked like. */
static int malformed(struct loader *ld, int line)
{
    const char *p = ld->buf, *end = ld->buf + ld->len;
    for (int i = 1; i < line && p; i++) {
        p = memchr(p, '\n', (size_t)(end - p));
        p = p ? p + 1 : NULL;
    }
    if (p && line == 1 && end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p && p < end && isspace((unsigned char)*p))
        p++;
    ld->code = 0;  /* this error came first: it replaces any later one */
    if (p && p < end && *p == '[')
        return fail(ld, line, "malformed line: expected a section header such as [phase], "
                    "with its closing ']'");
    return fail(ld, line, "malformed line: expected key = value, a [section] header, "
                "or a comment starting with ';' or '#'");
}

static int parse(struct loader *ld)
{
    int ret = ini_parse_stream(next_line, ld, on_key, ld);
    if (ret == -2)
        return out_of_memory(ld);
    /* Both inih and we report the first error; whichever was found first. */
    if (ret > 0 && (!ld->code || ret < ld->err_at))
        return malformed(ld, ret);
    if (ld->code)
        return ld->code;
    if (ld->s->nphases == 0) {
        long i = add_phase(ld->s, 0);
        if (i < 0)
            return out_of_memory(ld);
        strcpy(ld->s->phases[i].pub.name, "session");
    }
    return 0;
}

/* ---- --set ---- */

static char *trim(char *t)
{
    while (isspace((unsigned char)*t))
        t++;
    char *end = t + strlen(t);
    while (end > t && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return t;
}

static int find_phase(struct loader *ld, origin from, const char *name, size_t *out)
{
    const att_scenario *s = ld->s;
    for (size_t i = 0; i < s->nphases; i++) {
        if (strcmp(s->phases[i].pub.name, name) == 0) {
            *out = i;
            return 0;
        }
    }
    const char **names = malloc((s->nphases + 1) * sizeof *names);
    const char *near = NULL;
    if (names) {
        for (size_t i = 0; i < s->nphases; i++)
            names[i] = s->phases[i].pub.name;
        near = att_suggest(name, names, s->nphases);
        free(names);
    }
    if (near)
        return fail(ld, from, "unknown phase '%s' (did you mean '%s'?)", name, near);
    return fail(ld, from, "unknown phase '%s'", name);
}

/* `lhs` is the writable text before '=': "section.key" or "phase.NAME.key". */
static int apply_set_key(struct loader *ld, origin from, char *lhs, const char *value)
{
    char *dot = strchr(lhs, '.');
    if (!dot)
        return fail(ld, from, "expected section.key=value (e.g. caregiver.wait_time=3)");
    *dot = '\0';
    char *key = trim(dot + 1);
    const char *secname = trim(lhs);
    enum section sec = SEC_SCENARIO;
    while (sec < SEC_COUNT && strcmp(section_names[sec], secname) != 0)
        sec++;
    if (sec == SEC_COUNT) {
        const char *near = att_suggest(secname, section_names + 1, SEC_COUNT - 1);
        if (near)
            return fail(ld, from, "unknown section '%s' (did you mean '%s'?)", secname, near);
        return fail(ld, from, "unknown section '%s' (expected scenario, infant, caregiver, "
                    "phase or batch)", secname);
    }
    size_t phase = 0;
    if (sec == SEC_PHASE) {
        char *kdot = strrchr(key, '.');
        if (!kdot)
            return fail(ld, from, "expected phase.NAME.key=value (e.g. phase.play.wait_time=3)");
        *kdot = '\0';
        if (find_phase(ld, from, trim(key), &phase))
            return ld->code;
        key = trim(kdot + 1);
    }
    return apply_key(ld, from, sec, phase, key, value);
}

static int apply_set(struct loader *ld, size_t i)
{
    const char *arg = ld->sets[i];
    origin from = -(int)i - 1;
    const char *eq = strchr(arg, '=');
    if (!eq)
        return fail(ld, from, "expected section.key=value (e.g. caregiver.wait_time=3)");
    char *copy = strdup(arg);
    if (!copy)
        return out_of_memory(ld);
    copy[eq - arg] = '\0';
    int rc = apply_set_key(ld, from, copy, trim(copy + (eq - arg) + 1));
    free(copy);
    return rc;
}

/* ---- resolving ---- */

/* Policy defaults, then [caregiver], then the phase's own keys. */
static void resolve_params(const att_scenario *s, struct phase_spec *ph)
{
    const att_policy_type *pol = ph->layer.policy_from ? ph->layer.policy : s->caregiver.policy;
    ph->pub.policy = pol;
    ph->pub.params = pol->defaults;
    for (size_t i = 0; i < att_caregiver_param_count; i++) {
        const att_param *row = &att_caregiver_param_table[i];
        if (s->caregiver.from[i])
            att_param_put(row, &ph->pub.params, att_param_get(row, &s->caregiver.values));
        if (ph->layer.from[i])
            att_param_put(row, &ph->pub.params, att_param_get(row, &ph->layer.values));
    }
}

/* Checks that the phase is a whole number of steps.  A mismatch is blamed
 * on the phase's duration, unless only dt came from --set. */
static int phase_steps(struct loader *ld, struct phase_spec *ph)
{
    const att_scenario *s = ld->s;
    double d = ph->pub.duration, dt = s->dt;
    int dt_by_condition = ld->in_condition && s->header_line[SEC_CONDITION]
                          && s->from[SK_DT] > s->header_line[SEC_CONDITION];
    origin blame = (s->from[SK_DT] < 0 && ph->duration_from >= 0) || dt_by_condition
                 ? s->from[SK_DT] : ph->duration_from;
    char what[ATT_NAME_MAX + 16] = "";
    if (ph->header_line)
        snprintf(what, sizeof what, "phase '%s': ", ph->pub.name);
    if (d / dt > MAX_PHASE_STEPS)
        return fail(ld, blame, "%sduration = %g s is more than %g steps of dt = %g s",
                    what, d, MAX_PHASE_STEPS, dt);
    long long n = llround(d / dt);
    if (n < 1)
        return fail(ld, blame, "%sduration = %g s is shorter than one step (dt = %g s)",
                    what, d, dt);
    if (fabs((double)n * dt - d) > 1e-9 * fmax(1, d))
        return fail(ld, blame, "%sduration = %g s is not a whole number of steps of dt = %g s",
                    what, d, dt);
    ph->pub.steps = (long)n;
    return 0;
}

static int finalize(struct loader *ld)
{
    att_scenario *s = ld->s;
    if (!s->caregiver.policy)
        return att_error_set(ld->err, ATT_EINTERNAL, "no 'patient' policy in the policy table");
    if (s->phases[0].header_line == 0) {
        if (!s->from[SK_DURATION])
            return fail(ld, 0, "no duration: set duration = SECONDS in [scenario], or "
                        "describe the session as [phase] sections");
        s->phases[0].pub.duration = s->duration;
        s->phases[0].duration_from = s->from[SK_DURATION];
    } else {
        double sum = 0;
        for (size_t i = 0; i < s->nphases; i++)
            sum += s->phases[i].pub.duration;
        if (s->from[SK_DURATION] && fabs(s->duration - sum) > 1e-9 * fmax(1, sum))
            return fail(ld, s->from[SK_DURATION], "duration = %g s does not match the phases, "
                        "which add up to %g s (leave it out or make them agree)",
                        s->duration, sum);
        s->duration = sum;
    }
    s->steps = 0;
    for (size_t i = 0; i < s->nphases; i++) {
        if (phase_steps(ld, &s->phases[i]))
            return ld->code;
        s->steps += s->phases[i].pub.steps;
        resolve_params(s, &s->phases[i]);
    }
    return 0;
}

/* ---- warnings: keys the policy ignores ---- */

/* Appends `text` to s's warnings unless the same text is there (a key of
 * the file is seen again by every condition, a swept one by every value).
 * -1 when out of memory. */
static int add_warning(att_scenario *s, const char *text)
{
    for (size_t i = 0; i < s->nwarnings; i++)
        if (strcmp(s->warnings[i], text) == 0)
            return 0;
    char **grown = realloc(s->warnings, (s->nwarnings + 1) * sizeof *grown);
    if (!grown)
        return -1;
    s->warnings = grown;
    if (!(s->warnings[s->nwarnings] = strdup(text)))
        return -1;
    s->nwarnings++;
    return 0;
}

/* "FILE:LINE" or "--set ARG", where a value came from. */
static void origin_text(const struct loader *ld, origin from, char *buf, size_t size)
{
    if (from < 0)
        snprintf(buf, size, "--set %s", ld->sets[-from - 1]);
    else
        snprintf(buf, size, "%s:%d", ld->s->path, from);
}

/* "patient", "patient and still-face", "a, b and c": the distinct policies
 * of the phases marked in `use`. */
static void policy_list(const att_scenario *s, const char *use, char *buf, size_t size)
{
    const att_policy_type *seen[16];
    size_t n = 0;
    for (size_t i = 0; i < s->nphases && n < 16; i++) {
        const att_policy_type *p = s->phases[i].pub.policy;
        size_t k = 0;
        while (use[i] && k < n && seen[k] != p)
            k++;
        if (use[i] && k == n)
            seen[n++] = p;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 k == 0 ? "" : k + 1 == n ? " and " : ", ", seen[k]->name);
}

/* One warning before sorting: where its key was set, in file order. */
struct pending {
    origin from;
    size_t seq;
    char text[1024];
};

/* File lines first, in order, then --set arguments, in order. */
static int pending_order(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    long kx = x->from > 0 ? x->from : 1000000000L - x->from;
    long ky = y->from > 0 ? y->from : 1000000000L - y->from;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* After finalize: one warning for each caregiver key set (in [caregiver],
 * a [phase], by --set or by `condition`, may be NULL) that the policy of
 * every phase it reaches ignores, in the order the keys were set.  A
 * [caregiver] key reaches the phases that do not set it themselves. */
static int collect_warnings(struct loader *ld, const char *condition)
{
    att_scenario *s = ld->s;
    size_t cap = att_caregiver_param_count * (s->nphases + 1), n = 0;
    char *use = calloc(s->nphases + 1, 1);
    struct pending *w = malloc(cap * sizeof *w);
    if (!use || !w) {
        free(use);
        free(w);
        return out_of_memory(ld);
    }
    char where[512], pols[160], cond[ATT_NAME_MAX + 20] = "";
    if (condition)
        snprintf(cond, sizeof cond, " (condition '%s')", condition);
    for (size_t r = 0; r < att_caregiver_param_count; r++) {
        const char *key = att_caregiver_param_table[r].name;
        if (s->caregiver.from[r]) {
            size_t reach = 0, read = 0;
            for (size_t i = 0; i < s->nphases; i++) {
                use[i] = !s->phases[i].layer.from[r];
                reach += use[i];
                read += use[i] && att_policy_reads(s->phases[i].pub.policy, key);
            }
            if (reach > 0 && read == 0) {
                origin_text(ld, s->caregiver.from[r], where, sizeof where);
                policy_list(s, use, pols, sizeof pols);
                w[n].from = s->caregiver.from[r];
                w[n].seq = n;
                snprintf(w[n].text, sizeof w[n].text, "%s: warning: caregiver.%s is ignored by "
                         "the %s polic%s%s", where, key, pols, strchr(pols, ' ') ? "ies" : "y",
                         cond);
                n++;
            }
        }
        for (size_t i = 0; i < s->nphases; i++) {
            const struct phase_spec *ph = &s->phases[i];
            if (!ph->layer.from[r] || att_policy_reads(ph->pub.policy, key))
                continue;
            origin_text(ld, ph->layer.from[r], where, sizeof where);
            w[n].from = ph->layer.from[r];
            w[n].seq = n;
            snprintf(w[n].text, sizeof w[n].text, "%s: warning: phase.%s.%s is ignored by the "
                     "%s policy%s", where, ph->pub.name, key, ph->pub.policy->name, cond);
            n++;
        }
    }
    qsort(w, n, sizeof *w, pending_order);
    for (size_t i = 0; i < n && !ld->code; i++)
        if (add_warning(s, w[i].text))
            out_of_memory(ld);
    free(w);
    free(use);
    return ld->code;
}

/* An experiment warns about what its conditions run: their warnings,
 * once each, in order, replace the file's own. */
static int gather_condition_warnings(struct loader *ld)
{
    att_scenario *s = ld->s;
    if (s->nconds == 0)
        return 0;
    for (size_t i = 0; i < s->nwarnings; i++)
        free(s->warnings[i]);
    s->nwarnings = 0;
    for (size_t c = 0; c < s->nconds; c++) {
        const att_scenario *cs = s->conds[c].s;
        for (size_t i = 0; i < cs->nwarnings; i++)
            if (add_warning(s, cs->warnings[i]))
                return out_of_memory(ld);
    }
    return 0;
}

/* ---- copies, draws and conditions ---- */

static origin *dup_origins(const origin *from, size_t n)
{
    origin *o = malloc((n + 1) * sizeof *o);
    if (o)
        memcpy(o, from, (n + 1) * sizeof *o);
    return o;
}

/* A deep copy of `src`'s own settings (not its conditions), or NULL. */
static att_scenario *scenario_clone(const att_scenario *src)
{
    att_scenario *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    *s = *src;
    s->path = strdup(src->path);
    s->match_table = strdup(src->match_table);
    s->infant_from = dup_origins(src->infant_from, att_infant_param_count);
    s->caregiver.from = dup_origins(src->caregiver.from, att_caregiver_param_count);
    s->phases = calloc(src->nphases, sizeof *s->phases);
    s->nphases = s->cap = 0;
    s->sampled = src->nsampled ? malloc(src->nsampled * sizeof *s->sampled) : NULL;
    s->nsampled = s->sampled_cap = 0;
    s->specs = NULL;
    s->nspecs = 0;
    s->conds = NULL;
    s->nconds = 0;
    s->varied = NULL;
    s->nvaried = 0;
    s->warnings = NULL;
    s->nwarnings = 0;
    if (!s->path || !s->match_table || !s->infant_from || !s->caregiver.from || !s->phases
        || (src->nsampled && !s->sampled)) {
        att_scenario_free(s);
        return NULL;
    }
    s->cap = src->nphases;
    for (; s->nphases < src->nphases; s->nphases++) {
        struct phase_spec *ph = &s->phases[s->nphases];
        *ph = src->phases[s->nphases];
        ph->layer.from = dup_origins(ph->layer.from, att_caregiver_param_count);
        if (!ph->layer.from) {
            att_scenario_free(s);
            return NULL;
        }
    }
    if (src->nsampled)
        memcpy(s->sampled, src->sampled, src->nsampled * sizeof *s->sampled);
    s->nsampled = s->sampled_cap = src->nsampled;
    return s;
}

/* "infant.reactivity", "caregiver.wait_time" or "phase.play.wait_time". */
static void target_key(const att_scenario *s, const struct target *at, char *buf, size_t size)
{
    if (at->sec == SEC_INFANT)
        snprintf(buf, size, "infant.%s", att_infant_param_table[at->row].name);
    else if (at->sec == SEC_CAREGIVER)
        snprintf(buf, size, "caregiver.%s", att_caregiver_param_table[at->row].name);
    else
        snprintf(buf, size, "phase.%s.%s", s->phases[at->phase].pub.name,
                 att_caregiver_param_table[at->row].name);
}

/* Adds `key` to the base's list of varied keys unless it is there. */
static int add_varied(att_scenario *base, const char *key)
{
    for (size_t i = 0; i < base->nvaried; i++)
        if (strcmp(base->varied[i], key) == 0)
            return 0;
    char **grown = realloc(base->varied, (base->nvaried + 1) * sizeof *grown);
    if (!grown)
        return -1;
    base->varied = grown;
    if (!(base->varied[base->nvaried] = strdup(key)))
        return -1;
    base->nvaried++;
    return 0;
}

static int add_sampled_keys(att_scenario *base, const att_scenario *s)
{
    char key[3 * ATT_NAME_MAX];
    for (size_t i = 0; i < s->nsampled; i++) {
        target_key(s, &s->sampled[i].at, key, sizeof key);
        if (add_varied(base, key))
            return -1;
    }
    return 0;
}

/* Keys a condition may not set: they belong to the whole experiment. */
static int experiment_wide(const char *key)
{
    static const char *const wide[] = {
        "scenario.seed", "scenario.name", "scenario.rng", "scenario.match_table"
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (strcmp(key, wide[i]) == 0)
            return 1;
    size_t n = strlen(key);
    if (strncmp(key, "phase.", 6) == 0 && n > 5 && strcmp(key + n - 5, ".name") == 0)
        return 1;  /* phase names are the windows: every condition has the same */
    return strncmp(key, "batch.", 6) == 0 || strncmp(key, "condition.", 10) == 0;
}

static int check_condition_name(struct loader *ld, const struct cond_line *l)
{
    if (strlen(l->value) >= ATT_NAME_MAX)
        return fail(ld, l->line, "condition name is too long (at most %d characters)",
                    ATT_NAME_MAX - 1);
    for (const char *c = l->value; *c; c++)
        if (!isalnum((unsigned char)*c) && !strchr("-_.", *c))
            return fail(ld, l->line, "condition name '%s' may only contain letters, digits, "
                        "'-', '_' and '.'", l->value);
    return 0;
}

/* Builds one condition: the whole file, then the condition's lines with the
 * sweeps' values in `values` (NULL for lines that are not sweeps). */
static att_scenario *build_condition(struct loader *ld, const struct cond_spec *c,
                                     const char *const *values)
{
    att_scenario *cs = scenario_clone(ld->s);
    if (!cs) {
        out_of_memory(ld);
        return NULL;
    }
    struct loader sub = { .s = cs, .err = ld->err, .sets = ld->sets, .in_condition = 1 };
    for (size_t i = 0; i < c->n && !sub.code; i++) {
        const struct cond_line *l = &c->lines[i];
        if (strcmp(l->key, "name") == 0)
            continue;
        if (experiment_wide(l->key)) {
            fail(&sub, l->line, "%s is set for the whole experiment, not per [condition]", l->key);
            break;
        }
        char *lhs = strdup(l->key);
        if (!lhs) {
            out_of_memory(&sub);
            break;
        }
        apply_set_key(&sub, l->line, lhs, values[i] ? values[i] : l->value);
        free(lhs);
    }
    if (!sub.code)
        finalize(&sub);
    const char *name = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->lines[i].key, "name") == 0)
            name = c->lines[i].value;
    if (!sub.code)
        collect_warnings(&sub, name);
    if (sub.code) {
        ld->code = sub.code;
        att_scenario_free(cs);
        return NULL;
    }
    return cs;
}

static int add_condition(struct loader *ld, const char *name, att_scenario *cs, int line)
{
    att_scenario *base = ld->s;
    for (size_t i = 0; i < base->nconds; i++)
        if (strcmp(base->conds[i].name, name) == 0) {
            att_scenario_free(cs);
            return fail(ld, line, "condition name '%s' is used twice", name);
        }
    struct condition *grown = realloc(base->conds, (base->nconds + 1) * sizeof *grown);
    char *copy = strdup(name);
    if (!grown || !copy) {
        if (grown)
            base->conds = grown;
        free(copy);
        att_scenario_free(cs);
        return out_of_memory(ld);
    }
    base->conds = grown;
    base->conds[base->nconds].name = copy;
    base->conds[base->nconds].s = cs;
    base->nconds++;
    if (add_sampled_keys(base, cs))
        return out_of_memory(ld);
    return 0;
}

#define MAX_CONDITIONS 100000

/* Expands one [condition]: one condition per combination of its sweeps'
 * values, the first sweep varying slowest, named NAME[key=value,...]. */
static int expand_spec(struct loader *ld, const struct cond_spec *c)
{
    const struct cond_line *name = NULL;
    size_t nsweeps = 0;
    att_sweep sweeps[16];
    size_t at[16];
    for (size_t i = 0; i < c->n; i++) {
        const struct cond_line *l = &c->lines[i];
        if (strcmp(l->key, "name") == 0) {
            name = l;
            continue;
        }
        att_error why;
        int rc = att_sweep_parse(l->value, &sweeps[nsweeps], &why);
        if (rc == ATT_EINPUT)
            return fail(ld, l->line, "%s = %s", l->key, why.msg);
        if (rc == ATT_OK) {
            if (nsweeps == 16)
                return fail(ld, l->line, "more than 16 sweeps in one [condition]");
            at[nsweeps++] = i;
            if (add_varied(ld->s, l->key))
                return out_of_memory(ld);
        }
    }
    if (!name)
        return fail(ld, c->header_line, "[condition] has no name (every condition needs "
                    "name = NAME)");
    if (check_condition_name(ld, name))
        return ld->code;
    double total = 1;
    for (size_t k = 0; k < nsweeps; k++)
        total *= (double)sweeps[k].count;
    if (total + (double)ld->s->nconds > MAX_CONDITIONS)
        return fail(ld, c->header_line, "the sweeps make more than %d conditions", MAX_CONDITIONS);
    const char **values = calloc(c->n, sizeof *values);
    char (*texts)[64] = calloc(nsweeps + 1, sizeof *texts);
    if (!values || !texts) {
        free(values);
        free(texts);
        return out_of_memory(ld);
    }
    for (long combo = 0; combo < (long)total && !ld->code; combo++) {
        char full[ATT_NAME_MAX + 16 * 272];  /* 16 x (a key's last part, =, a value) */
        size_t used = (size_t)snprintf(full, sizeof full, "%s", name->value);
        long rest = combo;
        for (size_t k = nsweeps; k-- > 0;) {
            att_sweep_value(&sweeps[k], rest % sweeps[k].count, texts[k], sizeof texts[k]);
            rest /= sweeps[k].count;
            values[at[k]] = texts[k];
        }
        for (size_t k = 0; k < nsweeps && used < sizeof full; k++) {
            const char *key = c->lines[at[k]].key, *dot = strrchr(key, '.');
            used += (size_t)snprintf(full + used, sizeof full - used, "%s%s=%s",
                                     k ? "," : "[", dot ? dot + 1 : key, texts[k]);
        }
        if (nsweeps && used < sizeof full)
            snprintf(full + used, sizeof full - used, "]");
        att_scenario *cs = build_condition(ld, c, values);
        if (cs)
            add_condition(ld, full, cs, name->line);
    }
    free(values);
    free(texts);
    return ld->code;
}

static int build_conditions(struct loader *ld)
{
    if (add_sampled_keys(ld->s, ld->s))
        return out_of_memory(ld);
    for (size_t i = 0; i < ld->s->nspecs && !ld->code; i++)
        expand_spec(ld, &ld->s->specs[i]);
    return ld->code;
}

/* ---- public ---- */

att_scenario *att_scenario_load(const char *path, const char *const *sets, size_t nsets,
                                att_error *err)
{
    att_error_clear(err);
    char *buf = NULL;
    size_t len = 0;
    if (slurp(path, &buf, &len, err))
        return NULL;
    att_scenario *s = scenario_new(path);
    if (!s) {
        free(buf);
        att_error_set(err, ATT_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    att_sha256_hex(buf, len, s->hash);
    struct loader ld = { .s = s, .err = err, .sets = sets, .buf = buf, .len = len };
    int rc = parse(&ld);
    free(buf);
    ld.buf = NULL;
    for (size_t i = 0; !rc && sets && i < nsets; i++)
        rc = apply_set(&ld, i);
    if (!rc)
        rc = finalize(&ld);
    if (!rc)
        rc = collect_warnings(&ld, NULL);
    if (!rc)
        rc = build_conditions(&ld);
    if (!rc)
        rc = gather_condition_warnings(&ld);
    if (rc) {
        att_scenario_free(s);
        return NULL;
    }
    return s;
}

void att_scenario_free(att_scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nphases; i++)
        free(s->phases[i].layer.from);
    free(s->phases);
    for (size_t i = 0; i < s->nspecs; i++) {
        for (size_t j = 0; j < s->specs[i].n; j++) {
            free(s->specs[i].lines[j].key);
            free(s->specs[i].lines[j].value);
        }
        free(s->specs[i].lines);
    }
    free(s->specs);
    for (size_t i = 0; i < s->nconds; i++) {
        free(s->conds[i].name);
        att_scenario_free(s->conds[i].s);
    }
    free(s->conds);
    for (size_t i = 0; i < s->nvaried; i++)
        free(s->varied[i]);
    free(s->varied);
    for (size_t i = 0; i < s->nwarnings; i++)
        free(s->warnings[i]);
    free(s->warnings);
    free(s->sampled);
    free(s->caregiver.from);
    free(s->infant_from);
    free(s->match_table);
    free(s->path);
    free(s);
}

const char *att_scenario_path(const att_scenario *s) { return s->path; }
const char *att_scenario_name(const att_scenario *s) { return s->name; }
const char *att_scenario_hash(const att_scenario *s) { return s->hash; }
double att_scenario_dt(const att_scenario *s) { return s->dt; }
unsigned long att_scenario_seed(const att_scenario *s) { return s->seed; }
const char *att_scenario_rng(const att_scenario *s) { return s->rng->name; }
const gsl_rng_type *att_scenario_rng_type(const att_scenario *s) { return s->rng; }
const char *att_scenario_match_table(const att_scenario *s) { return s->match_table; }
double att_scenario_duration(const att_scenario *s) { return s->duration; }
long att_scenario_steps(const att_scenario *s) { return s->steps; }
const att_infant_params *att_scenario_infant(const att_scenario *s) { return &s->infant; }
size_t att_scenario_phase_count(const att_scenario *s) { return s->nphases; }

const att_phase *att_scenario_phase(const att_scenario *s, size_t i)
{
    return i < s->nphases ? &s->phases[i].pub : NULL;
}

long att_scenario_replicates(const att_scenario *s) { return s->replicates; }
long att_scenario_sessions(const att_scenario *s) { return s->sessions; }
double att_scenario_interval(const att_scenario *s) { return s->interval; }
const char *att_scenario_preset(const att_scenario *s) { return s->preset ? s->preset->name : ""; }
size_t att_scenario_condition_count(const att_scenario *s) { return s->nconds; }
size_t att_scenario_warning_count(const att_scenario *s) { return s->nwarnings; }

const char *att_scenario_warning(const att_scenario *s, size_t i)
{
    return i < s->nwarnings ? s->warnings[i] : NULL;
}

const char *att_scenario_condition_name(const att_scenario *s, size_t i)
{
    return i < s->nconds ? s->conds[i].name : NULL;
}

const att_scenario *att_scenario_condition(const att_scenario *s, size_t i)
{
    return i < s->nconds ? s->conds[i].s : NULL;
}

size_t att_scenario_varied_count(const att_scenario *s) { return s->nvaried; }

const char *att_scenario_varied_key(const att_scenario *s, size_t i)
{
    return i < s->nvaried ? s->varied[i] : NULL;
}

size_t att_scenario_sampled_count(const att_scenario *s) { return s->nsampled; }

void att_scenario_sampled_key(const att_scenario *s, size_t i, char *buf, size_t size)
{
    target_key(s, &s->sampled[i].at, buf, size);
}

const att_dist *att_scenario_sampled_dist(const att_scenario *s, size_t i)
{
    return &s->sampled[i].dist;
}

att_scenario *att_scenario_draw(const att_scenario *s, gsl_rng *r, double *values,
                                att_error *err)
{
    att_scenario *d = scenario_clone(s);
    if (!d) {
        att_error_set(err, ATT_ENOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < d->nsampled; i++) {
        const struct target *at = &d->sampled[i].at;
        void *params = at->sec == SEC_INFANT ? (void *)&d->infant
                     : at->sec == SEC_CAREGIVER ? (void *)&d->caregiver.values
                     : (void *)&d->phases[at->phase].layer.values;
        const att_param *row = at->sec == SEC_INFANT ? &att_infant_param_table[at->row]
                             : &att_caregiver_param_table[at->row];
        double v = att_dist_draw(&d->sampled[i].dist, r, row->min, row->max);
        att_param_put(row, params, v);
        if (values)
            values[i] = v;
    }
    for (size_t i = 0; i < d->nphases; i++)
        resolve_params(d, &d->phases[i]);
    return d;
}

int att_scenario_value(const att_scenario *s, const char *key, double *out)
{
    const char *dot = strchr(key, '.');
    if (!dot)
        return -1;
    const char *name = dot + 1;
    size_t seclen = (size_t)(dot - key);
    const att_param *row;
    if (seclen == 6 && strncmp(key, "infant", 6) == 0) {
        row = att_param_find(att_infant_param_table, att_infant_param_count, name);
        if (!row)
            return -1;
        *out = att_param_get(row, &s->infant);
        return 0;
    }
    if (seclen == 9 && strncmp(key, "caregiver", 9) == 0) {
        row = att_param_find(att_caregiver_param_table, att_caregiver_param_count, name);
        if (!row)
            return -1;
        size_t i = (size_t)(row - att_caregiver_param_table);
        *out = att_param_get(row, s->caregiver.from[i] ? (const void *)&s->caregiver.values
                                                       : (const void *)&s->caregiver.policy->defaults);
        return 0;
    }
    if (seclen == 8 && strncmp(key, "scenario", 8) == 0) {
        if (strcmp(name, "dt") == 0)
            *out = s->dt;
        else if (strcmp(name, "duration") == 0)
            *out = s->duration;
        else if (strcmp(name, "sessions") == 0)
            *out = (double)s->sessions;
        else if (strcmp(name, "interval") == 0)
            *out = s->interval;
        else
            return -1;
        return 0;
    }
    if (seclen == 5 && strncmp(key, "phase", 5) == 0) {
        const char *kdot = strrchr(name, '.');
        if (!kdot)
            return -1;
        for (size_t i = 0; i < s->nphases; i++) {
            const att_phase *ph = &s->phases[i].pub;
            if (strlen(ph->name) != (size_t)(kdot - name) || strncmp(ph->name, name, (size_t)(kdot - name)))
                continue;
            if (strcmp(kdot + 1, "duration") == 0) {
                *out = ph->duration;
                return 0;
            }
            row = att_param_find(att_caregiver_param_table, att_caregiver_param_count, kdot + 1);
            if (!row)
                return -1;
            *out = att_param_get(row, &ph->params);
            return 0;
        }
    }
    return -1;
}
