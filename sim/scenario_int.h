/* What the pieces of the scenario loader share (internal to sim/): the
 * scenario object, the state of one load, and the steps each file provides.
 *   scenario.c         the object: defaults, copies, resolving, accessors, load
 *   scenario_ini.c     reading the file through inih (sections, lines)
 *   scenario_keys.c    the meaning of every key: tables, checks, messages
 *   scenario_set.c     --set overrides
 *   scenario_warn.c    warnings for keys the policy ignores
 *   experiment.c       [batch], [condition], sweeps, draws (attune/experiment.h)
 * Every error goes through att_scn_fail (first error wins; it names the file
 * and line, or the --set argument). */
#ifndef ATT_SCENARIO_INT_H
#define ATT_SCENARIO_INT_H

#include <stddef.h>
#include <gsl/gsl_rng.h>
#include "attune/dist.h"
#include "attune/error.h"
#include "attune/param.h"
#include "attune/scenario.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* A scenario is a few hundred bytes; anything larger is a wrong path. */
#define MAX_FILE_BYTES (1L << 20)
/* More steps than this in one phase is a typo in duration or dt. */
#define MAX_PHASE_STEPS 1e12

enum section {
    SEC_NONE, SEC_SCENARIO, SEC_INFANT, SEC_CAREGIVER, SEC_PHASE, SEC_BATCH, SEC_CONDITION,
    SEC_COUNT
};
/* "", "scenario", "infant", ...: the section names, by enum section. */
extern const char *const att_scn_section_names[SEC_COUNT];

/* The rows of att_scenario_key_table (scenario_keys.c): the [scenario]
 * keys first, then [phase], [batch] and [condition]. */
enum scenario_key {
    SK_NAME, SK_DT, SK_DURATION, SK_SEED, SK_RNG, SK_MATCH_TABLE, SK_SESSIONS, SK_INTERVAL, SK_COUNT,
    PK_NAME = SK_COUNT, PK_DURATION, PK_POLICY, BK_REPLICATES, CK_NAME, CK_KEY, KEY_ROWS
};
#define MAX_SEED ((unsigned long)att_scenario_key_table[SK_SEED].max)
#define MAX_SESSIONS ((long)att_scenario_key_table[SK_SESSIONS].max)
#define MAX_REPLICATES ((long)att_scenario_key_table[BK_REPLICATES].max)

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

/* A warning (scenario.h), the key whose value it rests on and the phase a
 * live change of that key must fall in to reach it (-1: any). */
struct warning {
    char *text;
    const char *key;   /* static: "caregiver.policy", "infant.distress_prone" */
    long phase;
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
    size_t nspecs, specs_cap;
    struct condition *conds;     /* expanded; NULL in a condition's own scenario */
    size_t nconds, conds_cap;
    char **varied;               /* keys drawn or swept in any condition */
    size_t nvaried, varied_cap;
    struct warning *warnings;    /* keys that change nothing (see add_warning) */
    size_t nwarnings, warnings_cap;
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
    const char *flag;  /* the option that gave `sets`: NULL for "--set", "--at" */
};

/* ---- scenario_keys.c ---- */
/* Records the first error only ("FILE:LINE: ..." or "--set ARG: ...") and
 * returns ATT_EINPUT (or the earlier error's code). */
int att_scn_fail(struct loader *ld, origin from, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records att_error_nomem as the first error; returns ATT_ENOMEM. */
int att_scn_nomem(struct loader *ld);
/* The one entry point for a key, from the file (`from` > 0) or --set. */
int att_scn_apply_key(struct loader *ld, origin from, enum section sec, size_t phase,
                      const char *key, const char *value);

/* ---- scenario_ini.c ---- */
/* Reads the whole file into *out (the caller frees it). */
int att_scn_slurp(const char *path, char **out, size_t *len, att_error *err);
/* Parses ld->buf through inih, applying every key. */
int att_scn_parse(struct loader *ld);
/* An empty layer; -1 when out of memory. */
int att_scn_layer_init(struct layer *L);

/* ---- scenario_set.c ---- */
/* Applies --set argument i. */
int att_scn_apply_set(struct loader *ld, size_t i);
/* `lhs` (writable) is "section.key" or "phase.NAME.key". */
int att_scn_apply_set_key(struct loader *ld, origin from, char *lhs, const char *value);
/* t without its leading and trailing white space (cut off in place), as
 * --set and --at read their words. */
char *att_scn_trim(char *t);

/* ---- scenario.c ---- */
/* An empty scenario holding every default.  NULL when out of memory. */
att_scenario *att_scn_new(const char *path);
/* A deep copy of `src`'s own settings (not its conditions), or NULL. */
att_scenario *att_scn_clone(const att_scenario *src);
/* "infant.reactivity", "caregiver.wait_time" or "phase.play.wait_time". */
void att_scn_target_key(const att_scenario *s, const struct target *at, char *buf, size_t size);
/* Checks the whole scenario and resolves every phase. */
int att_scn_finalize(struct loader *ld);
/* Policy defaults, then [caregiver], then the phase's own keys. */
void att_scn_resolve_params(const att_scenario *s, struct phase_spec *ph);

/* ---- scenario_live.c ---- */
/* What a live change changed (att_scn_live_set). */
enum live_part { LIVE_INFANT, LIVE_TRUST, LIVE_CAREGIVER, LIVE_POLICY };
/* Applies "infant.KEY=VALUE", "infant.trust=VALUE", "caregiver.KEY=VALUE"
 * or "caregiver.policy=NAME" to `s` (a run's private copy) from phase
 * `phase` on: an infant key as in [infant]; a caregiver key or policy as if
 * written both in [caregiver] and in that phase's own section; then
 * resolves every phase again.  infant.trust is the infant's state, not a
 * key: it is only checked, and its value stored in *trust.  On bad input
 * returns ATT_EINPUT with "--at LABEL: what is wrong", in the words of
 * --set, leaving `s` possibly half-changed (check on a copy first). */
int att_scn_live_set(att_scenario *s, size_t phase, const char *label, const char *assignment,
                     enum live_part *part, double *trust, att_error *err);
/* The key an assignment sets, "SECTION.KEY" with the white space --set
 * and --at allow taken out, into out (size bytes).  0, or -1 when the
 * assignment is not "SECTION.KEY=VALUE", the key does not fit or memory
 * ran out.  Says nothing of whether the key exists (att_scn_live_set). */
int att_scn_live_key(const char *assignment, char *out, size_t size);

/* ---- scenario_warn.c ---- */
/* The warnings of ld->s (condition: its name, or NULL); see scenario.h. */
int att_scn_collect_warnings(struct loader *ld, const char *condition);
/* An experiment's warnings: its conditions', once each. */
int att_scn_gather_warnings(struct loader *ld);

/* ---- experiment.c ---- */
/* The entry drawing `at` from a distribution, or NULL when it is not drawn. */
struct sampled *att_scn_find_sampled(const att_scenario *s, const struct target *at);
/* Records that `at` is drawn from `d` (replacing an earlier distribution). */
int att_scn_add_sampled(struct loader *ld, origin from, const struct target *at,
                        const att_dist *d);
/* `at` is no longer drawn. */
void att_scn_drop_sampled(att_scenario *s, const struct target *at);
/* Expands and builds every [condition] of ld->s. */
int att_scn_build_conditions(struct loader *ld);

#pragma GCC visibility pop

#endif
