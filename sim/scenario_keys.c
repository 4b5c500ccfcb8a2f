/* The meaning of every scenario key: the tables of sections and keys, the
 * checks of each value against its range, and the messages (with a hint at
 * the nearest valid key or where a misplaced key belongs).  One function,
 * att_scn_apply_key, takes a (section, key, value) whatever its source: the
 * file, a --set or a [condition]. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/scorer.h"
#include "base/datadir.h"
#include "base/grow.h"
#include "sim/scenario_int.h"

const char *const att_scn_section_names[SEC_COUNT] = {
    "", "scenario", "infant", "caregiver", "phase", "batch", "condition"
};

/* The order of each section's rows is the order of its suggestions. */
const att_scenario_key att_scenario_key_table[KEY_ROWS] = {
    [SK_NAME] = { "scenario", "name", "text", 0, 0, NAN, "default: the file name",
                  "label for tables and plots" },
    [SK_DT] = { "scenario", "dt", "s", 1e-6, 1, 0.1, "1e-6 to 1, default 0.1",
                "length of one step (times resolve to 1 us)" },
    [SK_DURATION] = { "scenario", "duration", "s", 0, HUGE_VAL, NAN, "> 0",
                      "session length when there are no [phase] sections" },
    [SK_SEED] = { "scenario", "seed", "int", 0, 4294967295.0, 1, NULL,
                  "random seed (same seed, same bytes)" },
    [SK_RNG] = { "scenario", "rng", "name", 0, 0, NAN, "default taus2",
                 "GSL generator (taus2, mt19937, ranlxd2, ...)" },
    [SK_MATCH_TABLE] = { "scenario", "match_table", "NAME|FILE,", 0, 0, NAN, "default attuned",
                         "which code pairs count as matched" },
    [SK_SESSIONS] = { "scenario", "sessions", "int", 1, 100000, 1, NULL,
                      "times the same dyad goes through the phases" },
    [SK_INTERVAL] = { "scenario", "interval", "s", 0, 1e9, 86400, "0-1e9, default 86400",
                      "time between sessions (trust carries over)" },
    [PK_NAME] = { "phase", "name", "text", 0, 0, NAN, "letters, digits, '-', '_'",
                  "required, unique, not all" },
    [PK_DURATION] = { "phase", "duration", "s", 0, HUGE_VAL, NAN, "> 0, whole steps",
                      "required" },
    [PK_POLICY] = { "phase", "policy", "name", 0, 0, NAN, "see 'attune keys policies'",
                    "default: the [caregiver] policy" },
    [BK_REPLICATES] = { "batch", "replicates", "int", 1, 1000000000.0, 1, NULL,
                        "runs per condition" },
    [CK_NAME] = { "condition", "name", "text", 0, 0, NAN, "letters, digits, '-', '_', '.'",
                  "required, unique" },
    [CK_KEY] = { "condition", "SECTION.KEY", "value", 0, 0, NAN,
                 "as --set: caregiver.policy = intrusive, phase.NAME.KEY = ...", "" },
};
const size_t att_scenario_key_count = KEY_ROWS;

static const char *const infant_keys[] = { "preset" };
static const char *const caregiver_keys[] = { "policy" };

/* The names of the table's keys of `sec` into names[KEY_ROWS]; their count. */
static size_t section_keys(enum section sec, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < KEY_ROWS; i++)
        if (strcmp(att_scenario_key_table[i].section, att_scn_section_names[sec]) == 0)
            names[n++] = att_scenario_key_table[i].name;
    return n;
}

/* ---- errors ---- */

int att_scn_fail(struct loader *ld, origin from, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first error only; the parse goes on to its end regardless
 * (inih cannot be stopped), so later ones must not replace it. */
int att_scn_fail(struct loader *ld, origin from, const char *fmt, ...)
{
    if (ld->code)
        return ld->code;
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (from < 0) {
        att_error_set(ld->err, ATT_EINPUT, "%s %s: %s", ld->flag ? ld->flag : "--set",
                      ld->sets[-from - 1], what);
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

int att_scn_nomem(struct loader *ld)
{
    if (!ld->code) {
        ld->code = att_error_nomem(ld->err);
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
        in_scenario |= strcmp(att_scenario_key_table[k].name, key) == 0;
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
        return att_scn_fail(ld, from, "unknown key '%s' in [%s] (it belongs in %s)",
                    key, att_scn_section_names[sec], home);
    const char *near = suggest(key, fixed, nfixed, table, ntable);
    if (near)
        return att_scn_fail(ld, from, "unknown key '%s' in [%s] (did you mean '%s'?)",
                    key, att_scn_section_names[sec], near);
    return att_scn_fail(ld, from, "unknown key '%s' in [%s]", key, att_scn_section_names[sec]);
}

/* A key may be set once per section in the file; --set may override it. */
static int check_twice(struct loader *ld, origin from, origin prev, const char *key,
                       enum section sec)
{
    if (ld->in_condition && from > 0 && prev < 0)
        return att_scn_fail(ld, from, "%s.%s is also given by --set %s; a --set applies to every "
                    "condition and cannot override one", att_scn_section_names[sec], key,
                    ld->sets[-prev - 1]);
    if (from <= 0 || prev <= 0 || ld->in_condition)
        return 0;
    if (sec == SEC_PHASE)
        return att_scn_fail(ld, from, "'%s' is given twice in this [phase] (first on line %d)", key, prev);
    return att_scn_fail(ld, from, "'%s' is given twice in [%s] (first on line %d)",
                key, att_scn_section_names[sec], prev);
}

/* ---- values ---- */

static int parse_number(struct loader *ld, origin from, const char *key, const char *value,
                        double *out)
{
    int bad = att_parse_double(value, out);
    if (bad)
        return att_scn_fail(ld, from, "%s = %s %s", key, value, att_number_problem(bad));
    return 0;
}

/* Seconds: a number, not a distribution; above 0 when `positive`. */
static int parse_seconds(struct loader *ld, origin from, const char *key, const char *value,
                         double *out, int positive)
{
    att_dist d;
    if (att_dist_parse(value, &d, NULL) != ATT_DIST_NONE)   /* one looking like it, even bad */
        return att_scn_fail(ld, from, "%s = %s: %s cannot be drawn from a distribution (only "
                            "the infant's and the caregiver's keys can be): every run has the "
                            "same steps; sweep it instead (FROM:STEP:TO in a [condition])", key,
                            value, key);
    if (parse_number(ld, from, key, value, out))
        return ld->code;
    if (positive && *out <= 0)
        return att_scn_fail(ld, from, "%s = %s is out of range: must be > 0 s", key, value);
    return 0;
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
        return att_scn_fail(ld, from, "%s = %s", row->name, why.msg);
    if (kind == ATT_OK) {
        if (att_dist_check(&dist, row->min, row->max, &why))
            return att_scn_fail(ld, from, "%s = %s", row->name, why.msg);
        v = fmin(fmax(att_dist_mean(&dist), row->min), row->max);
        if (att_scn_add_sampled(ld, from, at, &dist))
            return ld->code;
        att_param_put(row, params, v);
        return 0;
    }
    if (att_sweep_parse(value, &sweep, &why) != ATT_SWEEP_NONE) {
        char key[3 * ATT_NAME_MAX];
        att_scn_target_key(ld->s, at, key, sizeof key);
        return att_scn_fail(ld, from, "%s = %s: a sweep (FROM:STEP:TO) belongs in a [condition] "
                    "section, as %s = %s", row->name, value, key, value);
    }
    if (parse_number(ld, from, row->name, value, &v))
        return ld->code;
    if (v < row->min || v > row->max) {
        /* "0-1" only restates the range; real units are worth saying. */
        int unit = row->unit && *row->unit && strcmp(row->unit, "0-1") != 0;
        return att_scn_fail(ld, from, "%s = %s is out of range [%g, %g]%s%s", row->name, value,
                    row->min, row->max, unit ? " " : "", unit ? row->unit : "");
    }
    att_param_put(row, params, v);
    att_scn_drop_sampled(ld->s, at);
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
    return att_scn_fail(ld, from, "seed = %s is not a whole number from 0 to %lu", value, MAX_SEED);
}

static int copy_name(struct loader *ld, origin from, const char *key, const char *value,
                     char dst[ATT_NAME_MAX])
{
    size_t n = strlen(value);
    if (n >= ATT_NAME_MAX)
        return att_scn_fail(ld, from, "%s is too long (%zu characters; at most %d)", key, n,
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
        return att_scn_fail(ld, from, "unknown policy '%s' (did you mean '%s'?); valid policies: %s",
                    value, near, list);
    return att_scn_fail(ld, from, "unknown policy '%s'; valid policies: %s", value, list);
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
        return att_scn_fail(ld, from, "unknown rng '%s' (did you mean '%s'?)", value, near);
    return att_scn_fail(ld, from, "unknown rng '%s' (expected a GSL generator name such as "
                "taus2, mt19937 or ranlxd2)", value);
}

/* A table file the scenario file names is found beside that file (as an
 * include is), whatever folder attune runs in: the same file and seed give
 * the same bytes anywhere.  One given by --set is the user's, relative to
 * where they are.  NULL when memory runs out. */
static char *match_table_value(const struct loader *ld, origin from, const char *value)
{
    const char *path = ld->s->path, *slash = path ? strrchr(path, '/') : NULL;
    if (from <= 0 || !slash || value[0] == '/' || !att_data_is_file(value))
        return strdup(value);
    size_t dir = (size_t)(slash - path) + 1, len = strlen(value);
    char *joined = malloc(dir + len + 1);
    if (joined) {
        memcpy(joined, path, dir);
        memcpy(joined + dir, value, len + 1);
    }
    return joined;
}

/* ---- keys: one function checks a (section, key, value) whatever its source ---- */

static int set_scenario_key(struct loader *ld, origin from, const char *key, const char *value)
{
    att_scenario *s = ld->s;
    int k = 0;
    while (k < SK_COUNT && strcmp(att_scenario_key_table[k].name, key) != 0)
        k++;
    if (k == SK_COUNT) {
        const char *names[KEY_ROWS];
        size_t n = section_keys(SEC_SCENARIO, names);
        return unknown_key(ld, from, key, SEC_SCENARIO, names, n, NULL, 0);
    }
    if (check_twice(ld, from, s->from[k], key, SEC_SCENARIO))
        return ld->code;
    int rc = 0;
    switch ((enum scenario_key)k) {
    case SK_NAME:
        rc = copy_name(ld, from, key, value, s->name);
        break;
    case SK_DT:
        rc = parse_seconds(ld, from, key, value, &s->dt, 0);
        /* at least 1 us: the scorer resolves a step's time to whole
         * microseconds, and a shorter step would fail every run */
        if (!rc && (s->dt < att_scenario_key_table[SK_DT].min
                    || s->dt > att_scenario_key_table[SK_DT].max))
            rc = att_scn_fail(ld, from, "dt = %s is out of range: must be %g to %g s (times "
                              "are resolved to 1 us)", value, att_scenario_key_table[SK_DT].min,
                              att_scenario_key_table[SK_DT].max);
        break;
    case SK_DURATION:
        rc = parse_seconds(ld, from, key, value, &s->duration, 1);
        break;
    case SK_SEED:
        rc = parse_seed(ld, from, value, &s->seed);
        break;
    case SK_RNG:
        rc = find_rng(ld, from, value, &s->rng);
        break;
    case SK_MATCH_TABLE: {
        char *copy = match_table_value(ld, from, value);
        if (!copy)
            return att_scn_nomem(ld);
        free(s->match_table);
        s->match_table = copy;
        break;
    }
    case SK_SESSIONS: {
        char *end = NULL;
        errno = 0;
        long n = isdigit((unsigned char)value[0]) ? strtol(value, &end, 10) : 0;
        if (!end || *end || errno == ERANGE || n < (long)att_scenario_key_table[SK_SESSIONS].min
            || n > MAX_SESSIONS)
            rc = att_scn_fail(ld, from, "sessions = %s is not a whole number from %ld to %ld",
                              value, (long)att_scenario_key_table[SK_SESSIONS].min, MAX_SESSIONS);
        else
            s->sessions = n;
        break;
    }
    case SK_INTERVAL:
        rc = parse_number(ld, from, key, value, &s->interval);
        if (!rc && !(s->interval >= att_scenario_key_table[SK_INTERVAL].min
                     && s->interval <= att_scenario_key_table[SK_INTERVAL].max))
            rc = att_scn_fail(ld, from, "interval = %s is out of range: must be from 0 to 1e9 s", value);
        break;
    default:  /* rows of other sections */
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
            return att_scn_fail(ld, from, "unknown preset '%s' (did you mean '%s'? presets: %s)", value, near, list);
        return att_scn_fail(ld, from, "unknown preset '%s' (presets: %s)", value, list);
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
            return att_scn_fail(ld, from, "phase name '%s' may only contain letters, digits, '-' and '_'",
                        value);
    if (strcmp(value, ATT_SCORE_ALL) == 0)
        return att_scn_fail(ld, from, "%s", ATT_SCORE_ALL_RESERVED);
    const att_scenario *s = ld->s;
    for (size_t i = 0; i < s->nphases; i++)
        if (i != self && strcmp(s->phases[i].pub.name, value) == 0)
            return att_scn_fail(ld, from, "phase name '%s' is already used by the phase on line %d",
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
            return att_scn_fail(ld, from, "phase '%s' is the whole session: set scenario.duration instead",
                        ph->pub.name);
        if (check_twice(ld, from, ph->duration_from, key, SEC_PHASE)
            || parse_seconds(ld, from, key, value, &ph->pub.duration, 1))
            return ld->code;
        ph->duration_from = from;
        return 0;
    }
    ld->phase = idx;
    int rc = set_layer_key(ld, from, &ph->layer, SEC_PHASE, key, value);
    if (rc != 1)
        return rc;
    const char *names[KEY_ROWS];
    size_t n = section_keys(SEC_PHASE, names);
    return unknown_key(ld, from, key, SEC_PHASE, names, n,
                       att_caregiver_param_table, att_caregiver_param_count);
}

static int set_batch_key(struct loader *ld, origin from, const char *key, const char *value)
{
    att_scenario *s = ld->s;
    if (strcmp(key, att_scenario_key_table[BK_REPLICATES].name) != 0) {
        const char *names[KEY_ROWS];
        size_t n = section_keys(SEC_BATCH, names);
        return unknown_key(ld, from, key, SEC_BATCH, names, n, NULL, 0);
    }
    if (check_twice(ld, from, s->replicates_from, key, SEC_BATCH))
        return ld->code;
    char *end = NULL;
    errno = 0;
    long n = isdigit((unsigned char)value[0]) ? strtol(value, &end, 10) : 0;
    if (!end || *end || errno == ERANGE || n < (long)att_scenario_key_table[BK_REPLICATES].min
        || n > MAX_REPLICATES)
        return att_scn_fail(ld, from, "replicates = %s is not a whole number from 1 to %ld", value,
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
        return att_scn_fail(ld, from, "'%s' in [condition]: expected name = NAME or SECTION.KEY = VALUE "
                    "(e.g. caregiver.policy = intrusive)", key);
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->lines[i].key, key) == 0)
            return att_scn_fail(ld, from, "'%s' is given twice in this [condition] (first on line %d)",
                        key, c->lines[i].line);
    if (att_grow(&c->lines, &c->cap, c->n + 1, sizeof *c->lines, NULL))
        return att_scn_nomem(ld);
    struct cond_line *l = &c->lines[c->n];
    l->key = strdup(key);
    l->value = strdup(value);
    l->line = from;
    if (!l->key || !l->value) {
        free(l->key);
        free(l->value);
        return att_scn_nomem(ld);
    }
    c->n++;
    return 0;
}

/* The one entry point for a key, from the file (`from` > 0) or --set. */
int att_scn_apply_key(struct loader *ld, origin from, enum section sec, size_t phase,
                     const char *key, const char *value)
{
    if (*key == '\0')
        return att_scn_fail(ld, from, "missing key name before '='");
    if (*value == '\0')
        return att_scn_fail(ld, from, "%s has an empty value (expected %s = VALUE)", key, key);
    switch (sec) {
    case SEC_SCENARIO: return set_scenario_key(ld, from, key, value);
    case SEC_INFANT: return set_infant_key(ld, from, key, value);
    case SEC_CAREGIVER: return set_caregiver_key(ld, from, key, value);
    case SEC_PHASE: return set_phase_key(ld, from, phase, key, value);
    case SEC_BATCH: return set_batch_key(ld, from, key, value);
    case SEC_CONDITION:
        if (from < 0)
            return att_scn_fail(ld, from, "conditions come from [condition] sections, not --set");
        return add_condition_line(ld, from, key, value);
    default: return att_scn_fail(ld, from, "'%s' comes before any [section] header", key);
    }
}
