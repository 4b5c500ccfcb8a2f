/* Experiments at the library level: [batch] and [condition] sections, sweeps
 * expanded into named conditions, population distributions as values and
 * their draws (sim/scenario.c), and the batch plan and its rows
 * (batch/batch.c).  Files are written to a fresh temporary directory per test;
 * expected values are worked out by hand from the file text (a policy's
 * default is read from the policy table: the layering is what is tested),
 * draws are re-done with GSL directly, and population statistics are checked
 * against the distribution's moments with tolerances derived in comments. */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "attune/batch.h"
#include "attune/dist.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "fixture.h"

/* Columns per window in a results row: 17 scores and the latencies. */
#define WINDOW_COLS 18

/* The experiments written by load() in the fixture's work folder. */
static char path[192];   /* the experiment written by load() */
static char path2[192];  /* a second one, for comparisons */

static void exp_setup(void)
{
    setup();
    in_work(path, sizeof path, "e.ini");
    in_work(path2, sizeof path2, "e2.ini");
}

/* A test case with the fixture's folders. */
static TCase *new_tcase(const char *name)
{
    return fixture_tcase(name, exp_setup);
}

static att_scenario *load_at(const char *file, const char *text, const char *const *sets,
                             size_t nsets)
{
    write_file(file, text);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(file, sets, nsets, &err);
    ck_assert_msg(s != NULL, "unexpected error: %s", err.msg);
    ck_assert_int_eq(err.code, ATT_OK);
    return s;
}

static att_scenario *load(const char *text)
{
    return load_at(path, text, NULL, 0);
}

/* `text` with the overrides must fail with err.msg starting with `prefix`
 * and holding every word of the NULL-terminated list `words`. */
static void expect_failure(const char *text, const char *const *sets, size_t nsets,
                           const char *prefix, va_list words)
{
    write_file(path, text);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(path, sets, nsets, &err);
    if (s) {
        att_scenario_free(s);
        ck_abort_msg("loaded, expected an error starting with '%s'", prefix);
    }
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strncmp(err.msg, prefix, strlen(prefix)) == 0,
                  "message '%s' does not start with '%s'", err.msg, prefix);
    for (const char *w = va_arg(words, const char *); w; w = va_arg(words, const char *))
        ck_assert_msg(strstr(err.msg, w) != NULL, "message '%s' lacks '%s'", err.msg, w);
}

/* The file `text` must fail at `line` ("FILE:LINE: ..."). */
static void expect_error(const char *text, int line, ...)
{
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    va_list ap;
    va_start(ap, line);
    expect_failure(text, NULL, 0, prefix, ap);
    va_end(ap);
}

/* The file `text` with the one override `set` must fail at `line` of the
 * file (line > 0) or on the override (line 0: "--set SET: ..."). */
static void expect_set_error(const char *text, const char *set, int line, ...)
{
    char prefix[256];
    if (line > 0)
        snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    else
        snprintf(prefix, sizeof prefix, "--set %s: ", set);
    const char *sets[] = { set };
    va_list ap;
    va_start(ap, line);
    expect_failure(text, sets, 1, prefix, ap);
    va_end(ap);
}

static const att_caregiver_params *defaults_of(const char *policy)
{
    const att_policy_type *p = att_policy_find(policy);
    ck_assert_ptr_nonnull(p);
    return &p->defaults;
}

static double value_of(const att_scenario *s, const char *key)
{
    double v = NAN;
    ck_assert_msg(att_scenario_value(s, key, &v) == 0, "no value for '%s'", key);
    return v;
}

/* ---- CSV rows ---- */

/* One line of a results file split into fields, quotes undone. */
struct csv {
    char *store;
    char **f;
    size_t n;
};

/* Splits `line` (a trailing '\n' is dropped): a field may be "quoted", with
 * "" for a quote inside, as a condition name holding commas is. */
static void csv_split(struct csv *c, const char *line)
{
    size_t len = strlen(line);
    c->store = malloc(len + 1);
    c->f = malloc((len + 2) * sizeof *c->f);
    ck_assert(c->store && c->f);
    c->n = 0;
    const char *p = line;
    char *w = c->store;
    for (;;) {
        c->f[c->n++] = w;
        if (*p == '"') {
            for (p++;; p++) {
                ck_assert_msg(*p != '\0', "unterminated quote in: %s", line);
                if (*p == '"' && p[1] != '"')
                    break;
                if (*p == '"')
                    p++;
                *w++ = *p;
            }
            p++;
        } else {
            while (*p && *p != ',' && *p != '\n')
                *w++ = *p++;
        }
        *w++ = '\0';
        if (*p == '\0' || (*p == '\n' && p[1] == '\0'))
            break;
        ck_assert_msg(*p == ',', "junk after a quoted field in: %s", line);
        p++;
    }
}

static void csv_free(struct csv *c)
{
    free(c->store);
    free(c->f);
}

/* Index of column `name` in the split header; fails the test if absent. */
static size_t col_of(const struct csv *header, const char *name)
{
    for (size_t i = 0; i < header->n; i++)
        if (strcmp(header->f[i], name) == 0)
            return i;
    ck_abort_msg("no column '%s'", name);
    return 0;
}

static double number_at(const struct csv *row, size_t i)
{
    char *end;
    double v = strtod(row->f[i], &end);
    ck_assert_msg(row->f[i][0] && *end == '\0', "field %zu '%s' is not a number", i, row->f[i]);
    return v;
}

/* ---- loading experiments ---- */

/* Three conditions: a policy, a sweep of 3 values and a phase key.  Line
 * numbers matter for the error tests below that reuse its head. */
static const char experiment[] =
    "[scenario]\n"                       /*  1 */
    "name = exp\n"                       /*  2 */
    "seed = 7\n"                         /*  3 */
    "[caregiver]\n"                      /*  4 */
    "policy = patient\n"                 /*  5 */
    "responsiveness = 0.8\n"             /*  6 */
    "[phase]\n"                          /*  7 */
    "name = play\n"                      /*  8 */
    "duration = 30\n"                    /*  9 */
    "[phase]\n"                          /* 10 */
    "name = still\n"                     /* 11 */
    "duration = 20\n"                    /* 12 */
    "policy = still-face\n"              /* 13 */
    "[batch]\n"                          /* 14 */
    "replicates = 3\n"                   /* 15 */
    "[condition]\n"                      /* 16 */
    "name = a\n"                         /* 17 */
    "caregiver.policy = intrusive\n"     /* 18 */
    "[condition]\n"                      /* 19 */
    "name = b\n"                         /* 20 */
    "caregiver.wait_time = 0:1:2\n"      /* 21 */
    "[condition]\n"                      /* 22 */
    "name = c\n"                         /* 23 */
    "phase.still.wait_time = 9\n";       /* 24 */

/* The same experiment with one more condition before "b". */
static const char experiment_z[] =
    "[scenario]\nname = exp\nseed = 7\n"
    "[caregiver]\npolicy = patient\nresponsiveness = 0.8\n"
    "[phase]\nname = play\nduration = 30\n"
    "[phase]\nname = still\nduration = 20\npolicy = still-face\n"
    "[batch]\nreplicates = 3\n"
    "[condition]\nname = a\ncaregiver.policy = intrusive\n"
    "[condition]\nname = z\ninfant.arousal_tau = 5\n"
    "[condition]\nname = b\ncaregiver.wait_time = 0:1:2\n"
    "[condition]\nname = c\nphase.still.wait_time = 9\n";

/* Checks phase i of `s`: its policy, wait_time and responsiveness. */
static void expect_phase(const att_scenario *s, size_t i, const char *name, const char *policy,
                         double wait_time, double responsiveness)
{
    const att_phase *ph = att_scenario_phase(s, i);
    ck_assert_ptr_nonnull(ph);
    ck_assert_str_eq(ph->name, name);
    ck_assert_str_eq(ph->policy->name, policy);
    ck_assert_double_eq(ph->params.wait_time, wait_time);
    ck_assert_double_eq(ph->params.responsiveness, responsiveness);
}

START_TEST(conditions_expand_and_resolve)
{
    att_scenario *s = load(experiment);
    ck_assert_int_eq(att_scenario_replicates(s), 3);
    ck_assert_uint_eq(att_scenario_condition_count(s), 5);
    static const char *const names[] = {
        "a", "b[wait_time=0]", "b[wait_time=1]", "b[wait_time=2]", "c"
    };
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(att_scenario_condition_name(s, i), names[i]);
        const att_scenario *c = att_scenario_condition(s, i);
        ck_assert_ptr_nonnull(c);
        ck_assert_uint_eq(att_scenario_condition_count(c), 0);
        ck_assert_uint_eq(att_scenario_phase_count(c), 2);
        ck_assert_int_eq(att_scenario_steps(c), 500);
        ck_assert_uint_eq(att_scenario_seed(c), 7);
    }
    ck_assert_ptr_null(att_scenario_condition(s, 5));
    ck_assert_ptr_null(att_scenario_condition_name(s, 5));
    const double patient_wait = defaults_of("patient")->wait_time;
    const double intrusive_wait = defaults_of("intrusive")->wait_time;
    const double still_wait = defaults_of("still-face")->wait_time;
    /* a: the [caregiver] policy becomes intrusive where no phase sets one;
     * [caregiver] responsiveness = 0.8 still lies over both policies. */
    const att_scenario *c = att_scenario_condition(s, 0);
    expect_phase(c, 0, "play", "intrusive", intrusive_wait, 0.8);
    expect_phase(c, 1, "still", "still-face", still_wait, 0.8);
    /* b[wait_time=k]: a [caregiver] key reaches both phases. */
    for (int k = 0; k <= 2; k++) {
        c = att_scenario_condition(s, 1 + (size_t)k);
        expect_phase(c, 0, "play", "patient", k, 0.8);
        expect_phase(c, 1, "still", "still-face", k, 0.8);
        ck_assert_double_eq(value_of(c, "caregiver.wait_time"), k);
    }
    /* c: only the still phase's wait_time. */
    c = att_scenario_condition(s, 4);
    expect_phase(c, 0, "play", "patient", patient_wait, 0.8);
    expect_phase(c, 1, "still", "still-face", 9, 0.8);
    /* The base is the file without any condition. */
    expect_phase(s, 0, "play", "patient", patient_wait, 0.8);
    expect_phase(s, 1, "still", "still-face", still_wait, 0.8);
    ck_assert_str_eq(att_scenario_name(s), "exp");
    /* Only the sweep varies. */
    ck_assert_uint_eq(att_scenario_varied_count(s), 1);
    ck_assert_str_eq(att_scenario_varied_key(s, 0), "caregiver.wait_time");
    ck_assert_ptr_null(att_scenario_varied_key(s, 1));
    att_scenario_free(s);
}
END_TEST

START_TEST(several_sweeps_first_slowest)
{
    att_scenario *s = load("[scenario]\nduration = 10\n"
                           "[condition]\nname = d\n"
                           "caregiver.wait_time = 1:1:2\n"
                           "caregiver.responsiveness = 0.5:0.25:0.75\n"
                           "infant.arousal_tau = 3\n");
    static const char *const names[] = {
        "d[wait_time=1,responsiveness=0.50]", "d[wait_time=1,responsiveness=0.75]",
        "d[wait_time=2,responsiveness=0.50]", "d[wait_time=2,responsiveness=0.75]"
    };
    static const double wait[] = { 1, 1, 2, 2 }, resp[] = { 0.5, 0.75, 0.5, 0.75 };
    ck_assert_uint_eq(att_scenario_condition_count(s), 4);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(att_scenario_condition_name(s, i), names[i]);
        const att_phase *ph = att_scenario_phase(att_scenario_condition(s, i), 0);
        ck_assert_double_eq(ph->params.wait_time, wait[i]);
        ck_assert_double_eq(ph->params.responsiveness, resp[i]);
        ck_assert_double_eq(att_scenario_infant(att_scenario_condition(s, i))->arousal_tau, 3);
    }
    ck_assert_int_eq(att_scenario_replicates(s), 1);   /* no [batch] */
    ck_assert_uint_eq(att_scenario_varied_count(s), 2);
    ck_assert_str_eq(att_scenario_varied_key(s, 0), "caregiver.wait_time");
    ck_assert_str_eq(att_scenario_varied_key(s, 1), "caregiver.responsiveness");
    att_scenario_free(s);
}
END_TEST

START_TEST(replicates_from_set)
{
    const char *five[] = { "batch.replicates=5" };
    att_scenario *s = load_at(path, experiment, five, 1);
    ck_assert_int_eq(att_scenario_replicates(s), 5);
    ck_assert_uint_eq(att_scenario_condition_count(s), 5);
    att_scenario_free(s);
    s = load_at(path, "[scenario]\nduration = 10\n", five, 1);
    ck_assert_int_eq(att_scenario_replicates(s), 5);
    ck_assert_uint_eq(att_scenario_condition_count(s), 0);
    att_scenario_free(s);
    s = load("[scenario]\nduration = 10\n[batch]\nreplicates = 1000000000\n");
    ck_assert_int_eq(att_scenario_replicates(s), 1000000000L);
    att_scenario_free(s);
}
END_TEST

/* A --set applies to every condition, under what the conditions set.  The
 * experiment has 5 conditions: a, b's sweep 0:1:2 (three) and c. */
START_TEST(set_reaches_every_condition)
{
    const char *sets[] = { "caregiver.intrusiveness=0.25", "phase.play.wait_time=4" };
    att_scenario *s = load_at(path, experiment, sets, 2);
    ck_assert_uint_eq(att_scenario_condition_count(s), 5);
    /* The still phase's wait_time is the conditions' own (the --set names
     * only the play phase): a the still-face default, b[k] k, c 9. */
    const double still_wait[5] = { defaults_of("still-face")->wait_time, 0, 1, 2, 9 };
    for (size_t i = 0; i < 5; i++) {
        const att_scenario *c = att_scenario_condition(s, i);
        ck_assert_ptr_nonnull(c);
        ck_assert_double_eq(att_scenario_phase(c, 0)->params.intrusiveness, 0.25);
        ck_assert_double_eq(att_scenario_phase(c, 1)->params.intrusiveness, 0.25);
        ck_assert_double_eq(att_scenario_phase(c, 0)->params.wait_time, 4);
        ck_assert_double_eq(att_scenario_phase(c, 1)->params.wait_time, still_wait[i]);
    }
    att_scenario_free(s);
}
END_TEST

/* ---- errors ---- */

static const char head[] = "[scenario]\nduration = 10\n";   /* lines 1-2 */

static void expect_condition_error(const char *lines, int line, const char *w1, const char *w2)
{
    char text[2048];
    snprintf(text, sizeof text, "%s[condition]\nname = a\n%s", head, lines);  /* 3, 4, 5... */
    expect_error(text, line, w1, w2, NULL);
}

START_TEST(condition_key_errors)
{
    expect_condition_error("caregiver.wiat_time = 3\n", 5,
                           "unknown key 'wiat_time' in [caregiver]", "(did you mean 'wait_time'?)");
    expect_condition_error("infant.arousal_tua = 3\n", 5,
                           "unknown key 'arousal_tua' in [infant]", "did you mean 'arousal_tau'?");
    expect_condition_error("infnat.arousal_tau = 3\n", 5,
                           "unknown section 'infnat'", "did you mean 'infant'?");
    expect_condition_error("caregiver.wait_time = 3\nwait_time = 3\n", 6,
                           "'wait_time' in [condition]", "SECTION.KEY = VALUE");
    expect_condition_error("caregiver.wait_time = 3\ncaregiver.wait_time = 4\n", 6,
                           "'caregiver.wait_time' is given twice in this [condition]",
                           "first on line 5");
    expect_condition_error("caregiver.wait_time = 3\ncaregiver.intrusiveness = 2\n", 6,
                           "intrusiveness = 2 is out of range [0, 1]", NULL);
    expect_condition_error("caregiver.policy = intrusiv\n", 5,
                           "unknown policy 'intrusiv'", "did you mean 'intrusive'?");
    expect_condition_error("infant.arousal_baseline = normal(0.2, 0)\n", 5,
                           "arousal_baseline = normal(0.2, 0)", "standard deviation must be > 0");
    /* A phase that does not exist. */
    expect_error("[phase]\nname = play\nduration = 10\n"
                 "[condition]\nname = a\nphase.paly.wait_time = 3\n", 6,
                 "unknown phase 'paly'", "did you mean 'play'?", NULL);
    /* The error may come from any condition, not only the first. */
    expect_error("[scenario]\nduration = 10\n"
                 "[condition]\nname = a\ncaregiver.wait_time = 3\n"
                 "[condition]\nname = b\ncaregiver.wait_time = 1:1:2\ninfant.arousal_tau = -1\n", 9,
                 "arousal_tau = -1 is out of range", NULL);
}
END_TEST

START_TEST(condition_name_errors)
{
    expect_error("[scenario]\nduration = 10\n[condition]\ncaregiver.wait_time = 3\n", 3,
                 "[condition] has no name", "name = NAME", NULL);
    expect_error("[scenario]\nduration = 10\n[condition]\ncaregiver.wait_time = 0:1:2\n", 3,
                 "[condition] has no name", NULL);
    expect_error("[scenario]\nduration = 10\n[condition]\n", 3, "[condition] is empty", NULL);
    expect_error("[scenario]\nduration = 10\n[condition]\nname = a b\ncaregiver.wait_time = 3\n", 4,
                 "condition name 'a b'", "letters, digits", NULL);
    expect_error("[scenario]\nduration = 10\n[condition]\nname = a[1]\ncaregiver.wait_time = 3\n", 4,
                 "condition name 'a[1]'", NULL);
    /* Names with '.', '-' and '_' are fine. */
    att_scenario *s = load("[scenario]\nduration = 10\n[condition]\nname = v1.2-x_y\n"
                           "caregiver.wait_time = 3\n");
    ck_assert_str_eq(att_scenario_condition_name(s, 0), "v1.2-x_y");
    att_scenario_free(s);
    /* Used twice: blamed on the second name. */
    expect_error("[scenario]\n"                 /* 1 */
                 "duration = 10\n"              /* 2 */
                 "[condition]\n"                /* 3 */
                 "name = a\n"                   /* 4 */
                 "caregiver.wait_time = 3\n"    /* 5 */
                 "[condition]\n"                /* 6 */
                 "name = a\n"                   /* 7 */
                 "caregiver.wait_time = 4\n",   /* 8 */
                 7, "condition name 'a' is used twice", NULL);
}
END_TEST

START_TEST(sweep_errors)
{
    expect_condition_error("infant.arousal_tau = 3\ncaregiver.wait_time = 0:1:-1\n", 6,
                           "caregiver.wait_time = 0:1:-1", "empty sweep");
    expect_condition_error("caregiver.wait_time = 0:0:2\n", 5, "must not be 0", NULL);
    expect_condition_error("caregiver.wait_time = 0:x:2\n", 5, "FROM:STEP:TO", NULL);
    expect_condition_error("caregiver.wait_time = 0:1:20000\n", 5, "more than 10000 values", NULL);
    /* A swept value out of the key's range fails in the condition built from it. */
    expect_condition_error("caregiver.intrusiveness = 0:0.5:1.5\n", 5,
                           "intrusiveness = 1.5 is out of range [0, 1]", NULL);
    /* A sweep outside a [condition]: in any base section, or in a --set. */
    expect_error("[scenario]\nduration = 10\n[caregiver]\nwait_time = 0:1:2\n", 4,
                 "wait_time = 0:1:2", "a sweep (FROM:STEP:TO) belongs in a [condition] section", NULL);
    expect_error("[scenario]\nduration = 10\n[infant]\narousal_tau = 1:1:3\n", 4,
                 "belongs in a [condition] section", NULL);
    expect_error("[phase]\nname = play\nduration = 10\nwait_time = 1:1:3\n", 4,
                 "belongs in a [condition] section", NULL);
    expect_set_error(head, "caregiver.wait_time=0:1:2", 0, "belongs in a [condition] section", NULL);
}
END_TEST

START_TEST(distribution_errors)
{
    expect_error("[scenario]\n"                              /* 1 */
                 "duration = 10\n"                           /* 2 */
                 "[infant]\n"                                /* 3 */
                 "arousal_tau = 5\n"                         /* 4 */
                 "arousal_baseline = normla(0.2, 0.03)\n",   /* 5 */
                 5, "arousal_baseline = normla(0.2, 0.03)", "unknown distribution 'normla'",
                 "did you mean 'normal'?", NULL);
    expect_error("[scenario]\nduration = 10\n[infant]\narousal_baseline = normal(0.2)\n", 4,
                 "arousal_baseline = normal(0.2)", "expected NAME(NUMBER, NUMBER)", NULL);
    expect_error("[scenario]\nduration = 10\n[infant]\narousal_baseline = uniform(2, 3)\n", 4,
                 "arousal_baseline = uniform(2, 3) cannot fall inside the valid range [0, 1]", NULL);
    expect_error("[scenario]\nduration = 10\n[caregiver]\nrepair_decay = uniform(-1, 0.1)\n", 4,
                 "repair_decay = uniform(-1, 0.1) cannot fall inside the valid range", NULL);
    expect_error("[scenario]\nduration = 10\n[caregiver]\nwait_time = uniform(3, 1)\n", 4,
                 "needs a < b", NULL);
    expect_error("[phase]\nname = play\nduration = 10\nresponsiveness = beta(0, 2)\n", 4,
                 "both shape parameters must be > 0", NULL);
    expect_condition_error("infant.arousal_baseline = lognormal(0, 1)\n"
                           "caregiver.wait_time = beta(2, 5)\n"
                           "infant.arousal_tau = uniform(-5, 0.1)\n", 7,
                           "arousal_tau = uniform(-5, 0.1) cannot fall inside", NULL);
    expect_set_error(head, "infant.arousal_baseline=uniform(2, 3)", 0, "cannot fall inside", NULL);
}
END_TEST

START_TEST(experiment_wide_keys)
{
    expect_condition_error("scenario.seed = 3\n", 5,
                           "scenario.seed is set for the whole experiment, not per [condition]", NULL);
    expect_condition_error("caregiver.wait_time = 3\nscenario.rng = mt19937\n", 6,
                           "scenario.rng is set for the whole experiment", NULL);
    expect_condition_error("scenario.name = x\n", 5, "scenario.name is set for the whole", NULL);
    expect_condition_error("scenario.match_table = same-state\n", 5,
                           "scenario.match_table is set for the whole", NULL);
    expect_condition_error("batch.replicates = 3\n", 5, "batch.replicates is set for the whole", NULL);
    expect_error("[phase]\nname = play\nduration = 10\n"
                 "[condition]\nname = a\nphase.play.name = x\n", 6,
                 "phase.play.name is set for the whole experiment", NULL);
    /* Other [scenario] keys may vary. */
    att_scenario *s = load("[scenario]\nduration = 10\n[condition]\nname = a\nscenario.dt = 0.05\n"
                           "scenario.duration = 2\n");
    const att_scenario *c = att_scenario_condition(s, 0);
    ck_assert_double_eq(att_scenario_dt(c), 0.05);
    ck_assert_int_eq(att_scenario_steps(c), 40);
    ck_assert_int_eq(att_scenario_steps(s), 100);
    att_scenario_free(s);
}
END_TEST

START_TEST(set_conflicts_with_condition)
{
    /* lines: 1-2 head, 3 [condition], 4 name = a, 5 the key */
    char text[512];
    snprintf(text, sizeof text, "%s[condition]\nname = a\ncaregiver.wait_time = 3\n", head);
    expect_set_error(text, "caregiver.wait_time=5", 5,
                     "caregiver.wait_time is also given by --set caregiver.wait_time=5", NULL);
    snprintf(text, sizeof text, "%s[condition]\nname = a\ncaregiver.wait_time = 0:1:2\n", head);
    expect_set_error(text, "caregiver.wait_time=5", 5, "--set caregiver.wait_time=5", NULL);
    snprintf(text, sizeof text, "%s[condition]\nname = a\ninfant.arousal_baseline = normal(0.2, 0.03)\n",
             head);
    expect_set_error(text, "infant.arousal_baseline=0.3", 5, "--set infant.arousal_baseline=0.3",
                     NULL);
    snprintf(text, sizeof text, "%s[condition]\nname = a\ncaregiver.policy = intrusive\n", head);
    expect_set_error(text, "caregiver.policy=withdrawn", 5, "--set caregiver.policy=withdrawn", NULL);
    expect_set_error("[phase]\nname = play\nduration = 10\n"
                     "[condition]\nname = a\nphase.play.wait_time = 2\n",
                     "phase.play.wait_time=1", 6, "--set phase.play.wait_time=1", NULL);
    expect_set_error("[phase]\nname = play\nduration = 10\n"
                     "[condition]\nname = a\nphase.play.duration = 20\n",
                     "phase.play.duration=5", 6, "--set phase.play.duration=5", NULL);
    /* A --set of a key that no condition sets is fine (see
     * set_reaches_every_condition); --set cannot add conditions. */
    expect_set_error(head, "condition.name=x", 0, "conditions come from [condition] sections", NULL);
}
END_TEST

START_TEST(replicates_errors)
{
    static const char *const bad[] = { "0", "three", "2.5", "-1", "1000000001", "3x", "+3" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256], word[64];
        snprintf(text, sizeof text, "%s[batch]\nreplicates = %s\n", head, bad[i]);
        snprintf(word, sizeof word, "replicates = %s is not a whole number from 1 to 1000000000",
                 bad[i]);
        expect_error(text, 4, word, NULL);
    }
    expect_error("[scenario]\nduration = 10\n[batch]\nreplicate = 3\n", 4,
                 "unknown key 'replicate' in [batch]", "did you mean 'replicates'?", NULL);
    expect_error("[scenario]\nduration = 10\n[batch]\nreplicates = 3\n[batch]\nreplicates = 4\n", 5,
                 "[batch] appears twice", NULL);
    expect_error("[scenario]\nduration = 10\n[batch]\nreplicates = 3\nreplicates = 4\n", 5,
                 "'replicates' is given twice in [batch]", NULL);
    expect_set_error(head, "batch.replicates=0", 0, "replicates = 0 is not a whole number", NULL);
    expect_set_error(head, "batch.replicates=many", 0, "is not a whole number", NULL);
}
END_TEST

/* ---- varied keys and values ---- */

START_TEST(varied_keys_in_order)
{
    att_scenario *s = load("[scenario]\nduration = 10\n"
                           "[infant]\narousal_baseline = normal(0.2, 0.03)\n"
                           "[caregiver]\nwait_time = uniform(1, 3)\n"
                           "[phase]\nname = play\nduration = 5\n"
                           "[phase]\nname = still\nduration = 5\npolicy = still-face\n"
                           "[condition]\nname = a\n"
                           "caregiver.responsiveness = 0:0.5:1\n"
                           "infant.arousal_tau = lognormal(2, 0.1)\n"
                           "[condition]\nname = b\n"
                           "caregiver.wait_time = 0:1:1\n"
                           "phase.play.intrusiveness = beta(2, 5)\n"
                           "[condition]\nname = c\n"
                           "infant.arousal_baseline = 0.3\n");
    static const char *const keys[] = {
        "infant.arousal_baseline", "caregiver.wait_time", "caregiver.responsiveness",
        "infant.arousal_tau", "phase.play.intrusiveness"
    };
    ck_assert_uint_eq(att_scenario_varied_count(s), 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(att_scenario_varied_key(s, i), keys[i]);
    ck_assert_uint_eq(att_scenario_condition_count(s), 3 + 2 + 1);
    /* What each condition draws, in draw order. */
    char key[128];
    ck_assert_uint_eq(att_scenario_sampled_count(s), 2);
    const att_scenario *a = att_scenario_condition(s, 0);
    ck_assert_str_eq(att_scenario_condition_name(s, 0), "a[responsiveness=0.0]");
    ck_assert_uint_eq(att_scenario_sampled_count(a), 3);
    att_scenario_sampled_key(a, 2, key, sizeof key);
    ck_assert_str_eq(key, "infant.arousal_tau");
    ck_assert_int_eq(att_scenario_sampled_dist(a, 2)->kind, ATT_DIST_LOGNORMAL);
    ck_assert_double_eq(att_scenario_sampled_dist(a, 2)->a, 2);
    ck_assert_double_eq(att_scenario_sampled_dist(a, 2)->b, 0.1);
    /* b: the sweep replaces the distribution of wait_time. */
    const att_scenario *b = att_scenario_condition(s, 4);
    ck_assert_str_eq(att_scenario_condition_name(s, 4), "b[wait_time=1]");
    ck_assert_uint_eq(att_scenario_sampled_count(b), 2);
    att_scenario_sampled_key(b, 0, key, sizeof key);
    ck_assert_str_eq(key, "infant.arousal_baseline");
    att_scenario_sampled_key(b, 1, key, sizeof key);
    ck_assert_str_eq(key, "phase.play.intrusiveness");
    ck_assert_double_eq(value_of(b, "caregiver.wait_time"), 1);
    /* c: a plain number replaces the distribution of arousal_baseline. */
    const att_scenario *c = att_scenario_condition(s, 5);
    ck_assert_uint_eq(att_scenario_sampled_count(c), 1);
    att_scenario_sampled_key(c, 0, key, sizeof key);
    ck_assert_str_eq(key, "caregiver.wait_time");
    ck_assert_double_eq(value_of(c, "infant.arousal_baseline"), 0.3);
    att_scenario_free(s);
}
END_TEST

START_TEST(values_by_key)
{
    att_scenario *s = load("[scenario]\ndt = 0.05\n"
                           "[infant]\narousal_tau = 7.5\n"
                           "[caregiver]\npolicy = intrusive\nresponsiveness = 0.6\n"
                           "[phase]\nname = play\nduration = 10\n"
                           "[phase]\nname = still\nduration = 5\npolicy = still-face\n"
                           "wait_time = 2.5\n");
    att_infant_params inf;
    att_infant_params_default(&inf);
    ck_assert_double_eq(value_of(s, "infant.arousal_tau"), 7.5);
    ck_assert_double_eq(value_of(s, "infant.arousal_baseline"), inf.arousal_baseline);
    ck_assert_double_eq(value_of(s, "infant.trust_initial"), inf.trust_initial);
    /* [caregiver] values, else the default of the [caregiver] policy. */
    ck_assert_double_eq(value_of(s, "caregiver.responsiveness"), 0.6);
    ck_assert_double_eq(value_of(s, "caregiver.wait_time"), defaults_of("intrusive")->wait_time);
    ck_assert_double_eq(value_of(s, "caregiver.intrusiveness"),
                        defaults_of("intrusive")->intrusiveness);
    /* Phases: resolved. */
    ck_assert_double_eq(value_of(s, "phase.play.wait_time"), defaults_of("intrusive")->wait_time);
    ck_assert_double_eq(value_of(s, "phase.play.responsiveness"), 0.6);
    ck_assert_double_eq(value_of(s, "phase.still.wait_time"), 2.5);
    ck_assert_double_eq(value_of(s, "phase.still.responsiveness"), 0.6);
    ck_assert_double_eq(value_of(s, "phase.still.intrusiveness"),
                        defaults_of("still-face")->intrusiveness);
    ck_assert_double_eq(value_of(s, "phase.play.duration"), 10);
    ck_assert_double_eq(value_of(s, "phase.still.duration"), 5);
    ck_assert_double_eq(value_of(s, "scenario.dt"), 0.05);
    ck_assert_double_eq(value_of(s, "scenario.duration"), 15);
    static const char *const none[] = {
        "infant.nope", "infant.", "caregiver.policy", "caregiver.nope", "phase.nope.wait_time",
        "phase.play.nope", "phase.play", "phase.play.name", "scenario.seed", "scenario.nope",
        "batch.replicates", "arousal_tau", "", "foo.bar", "infant.arousal_tau.x", "Infant.arousal_tau"
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        double v = 12345;
        ck_assert_msg(att_scenario_value(s, none[i], &v) == -1, "'%s' has a value", none[i]);
    }
    att_scenario_free(s);
}
END_TEST

/* ---- draws ---- */

static const char drawn_file[] =
    "[scenario]\nseed = 3\n"
    "[infant]\narousal_baseline = normal(0.2, 0.03)\n"
    "[caregiver]\nwait_time = uniform(1, 3)\n"
    "[phase]\nname = play\nduration = 2\nresponsiveness = beta(2, 5)\n"
    "[phase]\nname = still\nduration = 1\nwait_time = 5\n";

/* The three draws of drawn_file from a taus2 stream seeded `seed`, made
 * with GSL directly in file order (each clipped to its key's range, none of
 * which these draws can leave but the normal's, and rounded). */
static void expected_draws(unsigned long seed, double out[3])
{
    gsl_rng *q = gsl_rng_alloc(gsl_rng_taus2);
    ck_assert_ptr_nonnull(q);
    gsl_rng_set(q, seed);
    out[0] = att_round10(fmin(fmax(0.2 + gsl_ran_gaussian(q, 0.03), 0), 1));
    out[1] = att_round10(gsl_ran_flat(q, 1, 3));
    out[2] = att_round10(gsl_ran_beta(q, 2, 5));
    gsl_rng_free(q);
}

/* Checks that `d` holds the draws v[] where drawn_file says. */
static void expect_drawn(const att_scenario *d, const double v[3])
{
    ck_assert_double_eq(value_of(d, "infant.arousal_baseline"), v[0]);
    ck_assert_double_eq(att_scenario_infant(d)->arousal_baseline, v[0]);
    ck_assert_double_eq(value_of(d, "caregiver.wait_time"), v[1]);
    /* the [caregiver] draw reaches the phase that does not set wait_time */
    ck_assert_double_eq(att_scenario_phase(d, 0)->params.wait_time, v[1]);
    ck_assert_double_eq(att_scenario_phase(d, 1)->params.wait_time, 5);
    ck_assert_double_eq(att_scenario_phase(d, 0)->params.responsiveness, v[2]);
    ck_assert_double_eq(att_scenario_phase(d, 1)->params.responsiveness,
                        defaults_of("patient")->responsiveness);
}

START_TEST(draws_land_where_declared)
{
    att_scenario *s = load(drawn_file);
    ck_assert_uint_eq(att_scenario_sampled_count(s), 3);
    static const char *const keys[] = {
        "infant.arousal_baseline", "caregiver.wait_time", "phase.play.responsiveness"
    };
    for (size_t i = 0; i < 3; i++) {
        char key[128];
        att_scenario_sampled_key(s, i, key, sizeof key);
        ck_assert_str_eq(key, keys[i]);
        ck_assert_str_eq(att_scenario_varied_key(s, i), keys[i]);
    }
    /* Until drawn: the means, 0.2, (1 + 3) / 2 and 2 / 7. */
    ck_assert_double_eq(value_of(s, "infant.arousal_baseline"), 0.2);
    ck_assert_double_eq(value_of(s, "caregiver.wait_time"), 2);
    ck_assert_double_eq(att_scenario_phase(s, 0)->params.wait_time, 2);
    ck_assert_double_eq_tol(att_scenario_phase(s, 0)->params.responsiveness, 2.0 / 7.0, 1e-15);

    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    ck_assert_ptr_nonnull(r);
    att_error err = { 0 };
    double v[3], w[3], expect[3];
    for (unsigned long seed = 1; seed <= 20; seed++) {
        gsl_rng_set(r, seed);
        att_scenario *d = att_scenario_draw(s, r, v, &err);
        ck_assert_msg(d != NULL, "%s", err.msg);
        expected_draws(seed, expect);
        for (int i = 0; i < 3; i++)
            ck_assert_double_eq(v[i], expect[i]);
        ck_assert(v[0] >= 0 && v[0] <= 1);
        ck_assert(v[1] >= 1 && v[1] <= 3);
        ck_assert(v[2] >= 0 && v[2] <= 1);
        expect_drawn(d, v);
        ck_assert_uint_eq(att_scenario_condition_count(d), 0);
        ck_assert_int_eq(att_scenario_steps(d), 30);
        att_scenario_free(d);
        /* Again from the same seed: the same values (and NULL is allowed). */
        gsl_rng_set(r, seed);
        d = att_scenario_draw(s, r, NULL, &err);
        ck_assert_ptr_nonnull(d);
        expect_drawn(d, v);
        att_scenario_free(d);
        /* Another seed: other values. */
        gsl_rng_set(r, seed + 1000);
        d = att_scenario_draw(s, r, w, &err);
        ck_assert_ptr_nonnull(d);
        for (int i = 0; i < 3; i++)
            ck_assert(w[i] != v[i]);
        att_scenario_free(d);
    }
    gsl_rng_free(r);
    /* The scenario drawn from is unchanged. */
    ck_assert_double_eq(value_of(s, "infant.arousal_baseline"), 0.2);
    ck_assert_double_eq(att_scenario_phase(s, 0)->params.wait_time, 2);
    att_scenario_free(s);
}
END_TEST

START_TEST(sim_draws_from_its_seed)
{
    att_scenario *s = load(drawn_file);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    double first[3] = { 0, 0, 0 };
    for (unsigned long seed = 5; seed <= 6; seed++) {
        double v[2][3];
        for (int k = 0; k < 2; k++) {
            att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
            ck_assert_msg(sim != NULL, "%s", err.msg);
            const att_scenario *used = att_sim_scenario(sim);
            ck_assert_ptr_ne(used, s);
            v[k][0] = value_of(used, "infant.arousal_baseline");
            v[k][1] = value_of(used, "phase.play.wait_time");
            v[k][2] = value_of(used, "phase.play.responsiveness");
            ck_assert_double_eq(value_of(used, "phase.still.wait_time"), 5);
            att_step st;
            while (att_sim_next(sim, &st, &err) == 1)
                ;
            att_sim_free(sim);
        }
        /* Twice the same, and what a taus2 stream seeded
         * att_sim_draw_seed(seed) gives. */
        double expect[3];
        expected_draws(att_sim_draw_seed(seed), expect);
        for (int i = 0; i < 3; i++) {
            ck_assert_double_eq(v[0][i], v[1][i]);
            ck_assert_double_eq(v[0][i], expect[i]);
            if (seed == 5)
                first[i] = v[0][i];
            else
                ck_assert(v[0][i] != first[i]);
        }
    }
    /* The draw seed is not the run's seed itself. */
    ck_assert_uint_ne(att_sim_draw_seed(5), 5);
    ck_assert_uint_le(att_sim_draw_seed(5), 4294967295UL);
    /* Nothing to draw: the scenario itself is run. */
    att_scenario *plain = load_at(path2, "[scenario]\nduration = 1\n", NULL, 0);
    att_sim *sim = att_sim_new(plain, mt, 5, 1, &err);
    ck_assert_ptr_nonnull(sim);
    ck_assert_ptr_eq(att_sim_scenario(sim), plain);
    att_sim_free(sim);
    att_scenario_free(plain);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

/* ---- batches ---- */

static att_batch *batch_of(const att_scenario *s, const att_match_table *mt)
{
    att_error err = { 0 };
    att_batch *b = att_batch_new(s, mt, "attuned", NULL, 0, &err);
    ck_assert_msg(b != NULL, "%s", err.msg);
    return b;
}

/* Row `run` of `b` as text (caller frees). */
static char *row_text(const att_batch *b, long run)
{
    att_buf buf = { 0 };
    att_error err = { 0 };
    ck_assert_msg(att_batch_row(b, run, &buf, NULL, NULL, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(strlen(buf.data), buf.len);
    ck_assert(buf.len > 0 && buf.data[buf.len - 1] == '\n');
    ck_assert_ptr_null(memchr(buf.data, '\n', buf.len - 1));
    return buf.data;
}

START_TEST(batch_plan)
{
    att_scenario *s = load(experiment);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_runs(b), 5 * 3);
    ck_assert_uint_eq(att_batch_conditions(b), 5);
    ck_assert_int_eq(att_batch_replicates(b), 3);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(att_batch_condition_name(b, i), att_scenario_condition_name(s, i));
    ck_assert_ptr_null(att_batch_condition_name(b, 5));
    for (long run = 0; run < 15; run++) {
        ck_assert_uint_eq(att_batch_condition_of(b, run), (size_t)(run / 3));
        ck_assert_int_eq(att_batch_replicate_of(b, run), run % 3 + 1);
        ck_assert_ptr_eq(att_batch_scenario(b, run), att_scenario_condition(s, (size_t)(run / 3)));
        for (long other = 0; other < run; other++)
            ck_assert_uint_ne(att_batch_seed(b, run), att_batch_seed(b, other));
    }
    const char *id = att_batch_id(b);
    ck_assert_uint_eq(strlen(id), 16);
    ck_assert_uint_eq(strspn(id, "0123456789abcdef"), 16);
    /* Header: 6 + varied + (1 + phases) * 18 columns, windows all, play, still. */
    struct csv h;
    csv_split(&h, att_batch_header(b));
    ck_assert_str_eq(att_batch_header(b) + strlen(att_batch_header(b)) - 1, "\n");
    ck_assert_uint_eq(h.n, 6 + 1 + 3 * WINDOW_COLS);
    static const char *const first[] = {
        "experiment", "run", "runs", "condition", "replicate", "seed", "caregiver.wait_time"
    };
    for (size_t i = 0; i < 7; i++)
        ck_assert_str_eq(h.f[i], first[i]);
    ck_assert_str_eq(h.f[7], "all.observed_s");
    ck_assert_str_eq(h.f[7 + WINDOW_COLS - 1], "all.latencies");
    ck_assert_str_eq(h.f[7 + WINDOW_COLS], "play.observed_s");
    ck_assert_str_eq(h.f[7 + 2 * WINDOW_COLS], "still.observed_s");
    ck_assert_str_eq(h.f[h.n - 1], "still.latencies");
    csv_free(&h);
    /* The experiment seed enters every run's seed; --set enters the id. */
    const char *seed8[] = { "scenario.seed=8" };
    att_scenario *s8 = load_at(path2, experiment, seed8, 1);
    att_error err = { 0 };
    att_batch *b8 = att_batch_new(s8, mt, "attuned", seed8, 1, &err);
    ck_assert_ptr_nonnull(b8);
    for (long run = 0; run < 15; run++)
        ck_assert_uint_ne(att_batch_seed(b8, run), att_batch_seed(b, run));
    ck_assert_str_ne(att_batch_id(b8), att_batch_id(b));
    const char *resp[] = { "caregiver.responsiveness=0.7" };
    att_batch *b2 = att_batch_new(s, mt, "attuned", resp, 1, &err);
    ck_assert_ptr_nonnull(b2);
    ck_assert_str_ne(att_batch_id(b2), att_batch_id(b));
    ck_assert_uint_eq(att_batch_seed(b2, 4), att_batch_seed(b, 4));
    att_batch_free(b2);
    att_batch_free(b8);
    att_scenario_free(s8);
    att_batch_free(b);
    att_scenario_free(s);
    /* Without [condition]: one condition named after the scenario. */
    s = load("[scenario]\nname = solo\nduration = 2\n[batch]\nreplicates = 4\n");
    b = batch_of(s, mt);
    ck_assert_uint_eq(att_batch_conditions(b), 1);
    ck_assert_int_eq(att_batch_runs(b), 4);
    ck_assert_str_eq(att_batch_condition_name(b, 0), "solo");
    ck_assert_ptr_eq(att_batch_scenario(b, 3), s);
    csv_split(&h, att_batch_header(b));
    ck_assert_uint_eq(h.n, 6 + 0 + 2 * WINDOW_COLS);   /* all and session */
    ck_assert_str_eq(h.f[6 + WINDOW_COLS], "session.observed_s");
    csv_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* Counts the entries of a latencies field and those censored ('+'),
 * checking that the latencies ascend. */
static void count_latencies(const char *field, long *n, long *censored)
{
    *n = *censored = 0;
    double prev = -1;
    for (const char *p = field; *p;) {
        char *end;
        double x = strtod(p, &end);
        ck_assert_msg(end != p, "bad latencies '%s'", field);
        ck_assert_msg(x >= 0 && x >= prev, "latencies '%s' do not ascend", field);
        prev = x;
        (*n)++;
        if (*end == '+') {
            (*censored)++;
            end++;
        }
        ck_assert_msg(*end == '\0' || (*end == ' ' && end[1] && end[1] != ' '),
                      "bad separator in latencies '%s'", field);
        p = *end ? end + 1 : end;
    }
}

START_TEST(batch_rows)
{
    att_scenario *s = load(experiment);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    struct csv h;
    csv_split(&h, att_batch_header(b));
    static const char *const windows[] = { "all", "play", "still" };
    /* caregiver.wait_time per condition: intrusive's default, the swept
     * values, patient's default (the [caregiver] policy). */
    const double wait[] = { defaults_of("intrusive")->wait_time, 0, 1, 2,
                            defaults_of("patient")->wait_time };
    long total_ruptures = 0, total_censored = 0;
    for (long run = 0; run < att_batch_runs(b); run++) {
        char *text = row_text(b, run);
        struct csv r;
        csv_split(&r, text);
        ck_assert_uint_eq(r.n, h.n);
        ck_assert_str_eq(r.f[0], att_batch_id(b));
        ck_assert_double_eq(number_at(&r, 1), run + 1);
        ck_assert_double_eq(number_at(&r, 2), 15);
        ck_assert_str_eq(r.f[3], att_batch_condition_name(b, (size_t)(run / 3)));
        ck_assert_double_eq(number_at(&r, 4), run % 3 + 1);
        char seed[32];
        snprintf(seed, sizeof seed, "%lu", att_batch_seed(b, run));
        ck_assert_str_eq(r.f[5], seed);
        ck_assert_double_eq(number_at(&r, 6), wait[run / 3]);
        for (size_t w = 0; w < 3; w++) {
            char name[64];
            snprintf(name, sizeof name, "%s.ruptures", windows[w]);
            double ruptures = number_at(&r, col_of(&h, name));
            snprintf(name, sizeof name, "%s.repairs", windows[w]);
            double repairs = number_at(&r, col_of(&h, name));
            snprintf(name, sizeof name, "%s.latencies", windows[w]);
            long n, censored;
            count_latencies(r.f[col_of(&h, name)], &n, &censored);
            ck_assert_msg(n == (long)ruptures, "run %ld %s: %ld latencies, %g ruptures",
                          run + 1, windows[w], n, ruptures);
            ck_assert_msg(censored == (long)(ruptures - repairs),
                          "run %ld %s: %ld censored, %g ruptures, %g repairs",
                          run + 1, windows[w], censored, ruptures, repairs);
            if (w == 0) {
                total_ruptures += n;
                total_censored += censored;
            }
        }
        /* observed_s of all is the whole 50 s */
        ck_assert_double_eq(number_at(&r, col_of(&h, "all.observed_s")), 50);
        /* The same row again; at k it checks, at k + 1 and k - 1 it does not. */
        char *again = row_text(b, run);
        ck_assert_str_eq(again, text);
        free(again);
        text[strlen(text) - 1] = '\0';
        char why[256];
        ck_assert_int_eq(att_batch_check_row(b, text, run, why, sizeof why), 0);
        ck_assert_int_eq(att_batch_check_row(b, text, run + 1, why, sizeof why), -1);
        ck_assert_msg(strstr(why, "expected run") != NULL, "%s", why);
        if (run > 0)
            ck_assert_int_eq(att_batch_check_row(b, text, run - 1, why, sizeof why), -1);
        csv_free(&r);
        free(text);
    }
    /* Not vacuous: there were ruptures, and some left open at the end. */
    ck_assert_int_gt(total_ruptures, 0);
    ck_assert_int_gt(total_censored, 0);
    csv_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* A condition's runs do not depend on what else the experiment holds. */
START_TEST(rows_independent_of_other_conditions)
{
    att_scenario *s1 = load_at(path, experiment, NULL, 0);
    att_scenario *s2 = load_at(path2, experiment_z, NULL, 0);
    att_match_table *mt = load_match("attuned");
    att_batch *b1 = batch_of(s1, mt), *b2 = batch_of(s2, mt);
    ck_assert_int_eq(att_batch_runs(b2), 18);
    ck_assert_str_eq(att_batch_condition_name(b2, 1), "z");
    ck_assert_str_eq(att_batch_condition_name(b2, 2), "b[wait_time=0]");
    ck_assert_str_ne(att_batch_id(b1), att_batch_id(b2));   /* other file bytes */
    /* b[...] is conditions 1-3 in the first and 2-4 in the second: runs
     * 3..11 and 6..14; a and c keep their names too. */
    for (long run = 0; run < 15; run++) {
        long run2 = run < 3 ? run : run + 3;
        ck_assert_str_eq(att_batch_condition_name(b1, att_batch_condition_of(b1, run)),
                         att_batch_condition_name(b2, att_batch_condition_of(b2, run2)));
        ck_assert_uint_eq(att_batch_seed(b1, run), att_batch_seed(b2, run2));
    }
    for (long run = 3; run < 12; run++) {
        char *t1 = row_text(b1, run), *t2 = row_text(b2, run + 3);
        struct csv r1, r2;
        csv_split(&r1, t1);
        csv_split(&r2, t2);
        ck_assert_uint_eq(r1.n, r2.n);
        ck_assert_double_eq(number_at(&r1, 1), run + 1);
        ck_assert_double_eq(number_at(&r2, 1), run + 4);
        ck_assert_str_eq(r1.f[2], "15");
        ck_assert_str_eq(r2.f[2], "18");
        /* condition, replicate, seed, the parameter and every score */
        for (size_t i = 3; i < r1.n; i++)
            ck_assert_msg(strcmp(r1.f[i], r2.f[i]) == 0, "run %ld column %zu: '%s' vs '%s'",
                          run + 1, i, r1.f[i], r2.f[i]);
        /* A row of the other experiment is refused. */
        char why[256];
        t2[strlen(t2) - 1] = '\0';
        ck_assert_int_eq(att_batch_check_row(b1, t2, run + 3, why, sizeof why), -1);
        ck_assert_msg(strstr(why, "another experiment") != NULL, "%s", why);
        ck_assert_int_eq(att_batch_check_row(b2, t2, run + 3, why, sizeof why), 0);
        csv_free(&r1);
        csv_free(&r2);
        free(t1);
        free(t2);
    }
    att_batch_free(b1);
    att_batch_free(b2);
    att_scenario_free(s1);
    att_scenario_free(s2);
    att_match_table_free(mt);
}
END_TEST

/* Condition names with commas are quoted in the rows. */
START_TEST(quoted_condition_names)
{
    att_scenario *s = load("[scenario]\nduration = 2\n"
                           "[condition]\nname = d\n"
                           "caregiver.wait_time = 1:1:2\n"
                           "caregiver.responsiveness = 0.5:0.25:0.75\n");
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_runs(b), 4);
    struct csv h;
    csv_split(&h, att_batch_header(b));
    ck_assert_uint_eq(h.n, 6 + 2 + 2 * WINDOW_COLS);
    ck_assert_str_eq(h.f[6], "caregiver.wait_time");
    ck_assert_str_eq(h.f[7], "caregiver.responsiveness");
    static const double wait[] = { 1, 1, 2, 2 }, resp[] = { 0.5, 0.75, 0.5, 0.75 };
    for (long run = 0; run < 4; run++) {
        char *text = row_text(b, run);
        char quoted[96];
        snprintf(quoted, sizeof quoted, ",\"%s\",", att_batch_condition_name(b, (size_t)run));
        ck_assert_msg(strstr(text, quoted) != NULL, "row '%s' lacks %s", text, quoted);
        struct csv r;
        csv_split(&r, text);
        ck_assert_uint_eq(r.n, h.n);
        ck_assert_str_eq(r.f[3], att_batch_condition_name(b, (size_t)run));
        ck_assert_double_eq(number_at(&r, 6), wait[run]);
        ck_assert_double_eq(number_at(&r, 7), resp[run]);
        csv_free(&r);
        free(text);
    }
    csv_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* The population: infant arousal_baseline ~ normal(0.2, 0.03) over 2000
 * replicates, read back from the rows. */
#define POP 2000

START_TEST(population_follows_the_distribution)
{
    att_scenario *s = load("[scenario]\nseed = 2024\nduration = 1\n"
                           "[infant]\narousal_baseline = normal(0.2, 0.03)\n"
                           "[batch]\nreplicates = 2000\n"
                           "[condition]\nname = only\ncaregiver.policy = patient\n");
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_runs(b), POP);
    struct csv h;
    csv_split(&h, att_batch_header(b));
    size_t col = col_of(&h, "infant.arousal_baseline");
    ck_assert_uint_eq(col, 6);
    double sum = 0, sumsq = 0;
    att_buf buf = { 0 };
    att_error err = { 0 };
    for (long run = 0; run < POP; run++) {
        ck_assert_int_eq(att_batch_row(b, run, &buf, NULL, NULL, &err), ATT_OK);
        struct csv r;
        csv_split(&r, buf.data);
        double x = number_at(&r, col);
        csv_free(&r);
        /* The row holds the draw of a stream seeded from the run's seed. */
        gsl_rng *q = gsl_rng_alloc(gsl_rng_taus2);
        ck_assert_ptr_nonnull(q);
        gsl_rng_set(q, att_sim_draw_seed(att_batch_seed(b, run)));
        ck_assert_double_eq(x, att_round10(0.2 + gsl_ran_gaussian(q, 0.03)));
        gsl_rng_free(q);
        sum += x;
        sumsq += x * x;
    }
    att_buf_free(&buf);
    double mean = sum / POP;
    double sd = sqrt((sumsq - POP * mean * mean) / (POP - 1));
    /* Mean: standard error 0.03 / sqrt(2000) = 6.7e-4.  SD: for a normal
     * (kurtosis 3) the sample SD has standard error ~ sd / sqrt(2 n) =
     * 0.03 / sqrt(4000) = 4.7e-4.  Four standard errors each (clipping to
     * [0, 1] is 6.7 SD away and rounding to 10 digits is far below these). */
    ck_assert_msg(fabs(mean - 0.2) < 4 * 0.03 / sqrt(POP), "mean %.6g", mean);
    ck_assert_msg(fabs(sd - 0.03) < 4 * 0.03 / sqrt(2.0 * POP), "sd %.6g", sd);
    csv_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* ---- timelines: several sessions of one dyad ---- */

/* Two conditions of 3 sessions and one of 2, 3 replicates, sessions of 7 s
 * (70 steps) a minute apart.  The first two share their seeds
 * with the one-session file of first_session_is_the_single_run. */
static const char timeline[] =
    "[scenario]\n"                           /*  1 */
    "name = tl\n"                            /*  2 */
    "seed = 5\n"                             /*  3 */
    "sessions = 3\n"                         /*  4 */
    "interval = 60\n"                        /*  5 */
    "[infant]\n"                             /*  6 */
    "arousal_baseline = normal(0.2, 0.04)\n" /*  7 */
    "[phase]\n"                              /*  8 */
    "name = play\n"                          /*  9 */
    "duration = 4\n"                         /* 10 */
    "[phase]\n"                              /* 11 */
    "name = still\n"                         /* 12 */
    "duration = 3\n"                         /* 13 */
    "policy = still-face\n"                  /* 14 */
    "[batch]\n"                              /* 15 */
    "replicates = 3\n"                       /* 16 */
    "[condition]\n"                          /* 17 */
    "name = patient\n"                       /* 18 */
    "[condition]\n"                          /* 19 */
    "name = intrusive\n"                     /* 20 */
    "phase.play.policy = intrusive\n"        /* 21 */
    "[condition]\n"                          /* 22 */
    "name = brief\n"                         /* 23 */
    "scenario.sessions = 2\n";               /* 24 */

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

#define TL_STEPS 70       /* per session: 7 s at dt 0.1 */
#define TL_MAX_SESSIONS 3

/* What the on_step hook saw of one run, session by session. */
struct seen {
    long steps[TL_MAX_SESSIONS + 1], matched[TL_MAX_SESSIONS + 1];
    double first_trust[TL_MAX_SESSIONS + 1];
    long last_session, last_index;
};

static int see_step(void *user, const att_step *st, att_error *err)
{
    (void)err;
    struct seen *s = user;
    ck_assert_int_ge(st->session, 1);
    ck_assert_int_le(st->session, TL_MAX_SESSIONS);
    /* Sessions in order, each from step 0 at t = 0. */
    if (st->session != s->last_session) {
        ck_assert_int_eq(st->session, s->last_session + 1);
        ck_assert_int_eq(st->index, 0);
        ck_assert_double_eq(st->t, 0);
        s->first_trust[st->session] = st->infant.trust;
    } else {
        ck_assert_int_eq(st->index, s->last_index + 1);
    }
    s->last_session = st->session;
    s->last_index = st->index;
    s->steps[st->session]++;
    s->matched[st->session] += st->matched;
    return ATT_OK;
}

/* All `lines` lines of run `run` of `b` as text (caller frees). */
static char *row_text_lines(const att_batch *b, long run, int lines)
{
    att_buf buf = { 0 };
    att_error err = { 0 };
    ck_assert_msg(att_batch_row(b, run, &buf, NULL, NULL, &err) == ATT_OK, "%s", err.msg);
    ck_assert_int_eq(count_char(buf.data, '\n'), lines);
    ck_assert(buf.data[buf.len - 1] == '\n');
    return buf.data;
}

/* The run's lines, split; returns how many (at most `max`). */
static size_t split_lines(char *text, struct csv *lines, size_t max)
{
    size_t n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        ck_assert_uint_lt(n, max);
        csv_split(&lines[n++], line);
    }
    return n;
}

/* Field i of a line as it should be written: "%.10g", empty for NaN. */
static void expect_number_text(const char *field, double x, const char *what, long session)
{
    char want[64] = "";
    if (!isnan(x))
        snprintf(want, sizeof want, "%.10g", x);
    ck_assert_msg(strcmp(field, want) == 0, "session %ld %s: '%s', the simulation's %s", session,
                  what, field, want);
}

START_TEST(batch_sessions_columns)
{
    att_scenario *s = load(timeline);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    ck_assert_int_eq(att_batch_runs(b), 9);
    for (long run = 0; run < 9; run++)
        ck_assert_int_eq(att_batch_sessions(b, run), run < 6 ? 3 : 2);
    /* The session column sits between replicate and seed. */
    struct csv h;
    csv_split(&h, att_batch_header(b));
    ck_assert_uint_eq(h.n, 7 + 1 + 3 * WINDOW_COLS);
    static const char *const first[] = { "experiment", "run", "runs", "condition", "replicate",
                                         "session", "seed", "infant.arousal_baseline",
                                         "all.observed_s" };
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        ck_assert_str_eq(h.f[i], first[i]);
    csv_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    /* Sessions = 1 everywhere: the columns of old. */
    s = load(experiment);
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 0);
    ck_assert_int_eq(att_batch_sessions(b, 0), 1);
    ck_assert(strncmp(att_batch_header(b), "experiment,run,runs,condition,replicate,seed,", 45)
              == 0);
    att_batch_free(b);
    att_scenario_free(s);
    /* One condition of 2 sessions is enough for the column; a condition of
     * 1 session then writes one line, session 1. */
    s = load("[scenario]\nduration = 1\n[condition]\nname = one\n"
             "[condition]\nname = two\nscenario.sessions = 2\n");
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    char *text = row_text(b, 0);
    struct csv r;
    csv_split(&r, text);
    ck_assert_str_eq(r.f[3], "one");
    ck_assert_str_eq(r.f[5], "1");
    csv_free(&r);
    free(text);
    att_buf buf = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_batch_row(b, 1, &buf, NULL, NULL, &err), ATT_OK);
    ck_assert_int_eq(count_char(buf.data, '\n'), 2);
    att_buf_free(&buf);
    att_batch_free(b);
    att_scenario_free(s);
    /* The base scenario's sessions count too, even when no condition keeps
     * them. */
    s = load("[scenario]\nduration = 1\nsessions = 2\n[condition]\nname = one\n"
             "scenario.sessions = 1\n");
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    ck_assert_int_eq(att_batch_sessions(b, 0), 1);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* Every line of a timeline run is one session of one dyad: the same run
 * columns, sessions 1..N in order, and exactly the scores the simulation's
 * own scorer gives for that session (re-run here with att_sim directly);
 * matched_prop also agrees with the steps the hook saw, a count that does
 * not go through the scorer.  The infant's trust at the start of session
 * k + 1 is its trust at the end of session k. */
START_TEST(batch_sessions_follow_the_dyad)
{
    att_scenario *s = load(timeline);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    struct csv h;
    csv_split(&h, att_batch_header(b));
    static const char *const windows[] = { "all", "play", "still" };
    att_buf buf = { 0 };
    att_error err = { 0 };
    int trust_moved = 0;
    for (long run = 0; run < att_batch_runs(b); run++) {
        struct seen seen = { 0 };
        ck_assert_int_eq(att_batch_row(b, run, &buf, see_step, &seen, &err), ATT_OK);
        long sessions = att_batch_sessions(b, run);
        ck_assert_int_eq(seen.last_session, sessions);
        char *text = strdup(buf.data);
        struct csv lines[TL_MAX_SESSIONS + 1];
        size_t n = split_lines(text, lines, TL_MAX_SESSIONS + 1);
        ck_assert_uint_eq(n, (size_t)sessions);
        att_sim *sim = att_sim_new(att_batch_scenario(b, run), mt, att_batch_seed(b, run),
                                   run + 1, &err);
        ck_assert_ptr_nonnull(sim);
        for (long k = 1; k <= sessions; k++) {
            struct csv *r = &lines[k - 1];
            ck_assert_uint_eq(r->n, h.n);
            ck_assert_double_eq(number_at(r, 1), run + 1);
            ck_assert_str_eq(r->f[3], att_batch_condition_name(b, att_batch_condition_of(b, run)));
            ck_assert_double_eq(number_at(r, 5), k);
            for (size_t i = 0; i < 8; i++)   /* the run's columns repeat */
                if (i != 5)
                    ck_assert_str_eq(r->f[i], lines[0].f[i]);
            char why[200];
            char *line = strdup(buf.data), *cut = line;
            for (long j = 1; j < k; j++)
                cut = strchr(cut, '\n') + 1;
            cut[strcspn(cut, "\n")] = '\0';
            ck_assert_int_eq(att_batch_check_line(b, cut, run, k, why, sizeof why), 0);
            ck_assert_int_eq(att_batch_check_line(b, cut, run, k % sessions + 1, why, sizeof why),
                             -1);
            ck_assert_msg(strstr(why, "expected session") != NULL, "%s", why);
            free(line);
            /* The simulation's own session k. */
            att_step st;
            long steps = 0, matched = 0;
            int more;
            while ((more = att_sim_next(sim, &st, &err)) == 1) {
                if (st.index == 0)
                    ck_assert_double_eq(st.infant.trust, seen.first_trust[k]);
                steps++;
                matched += st.matched;
            }
            ck_assert_int_eq(more, 0);
            ck_assert_int_eq(steps, TL_STEPS);
            ck_assert_int_eq(seen.steps[k], TL_STEPS);
            ck_assert_int_eq(seen.matched[k], matched);
            ck_assert_double_eq_tol(number_at(r, col_of(&h, "all.matched_prop")),
                                    (double)matched / TL_STEPS, 1e-9);
            ck_assert_double_eq(number_at(r, col_of(&h, "all.observed_s")), 7);
            const att_scorer *sc = att_sim_scorer(sim);
            char label[32];
            snprintf(label, sizeof label, "%ld/%ld", run + 1, k);
            ck_assert_str_eq(att_scorer_run(sc), label);
            for (size_t w = 0; w < 3; w++) {
                att_window_score ws;
                ck_assert_int_eq(att_scorer_window(sc, w, ATT_SCORE_CUTOFF_S, &ws, &err), ATT_OK);
                for (int c = 0; c < ATT_SC_COUNT; c++) {
                    char name[64];
                    snprintf(name, sizeof name, "%s.%s", windows[w],
                             att_score_col_name((att_score_col)c));
                    expect_number_text(r->f[col_of(&h, name)], ws.v[c], name, k);
                }
                char name[64];
                snprintf(name, sizeof name, "%s.latencies", windows[w]);
                long nlat, censored;
                count_latencies(r->f[col_of(&h, name)], &nlat, &censored);
                ck_assert_int_eq(nlat, (long)ws.v[ATT_SC_RUPTURES]);
                ck_assert_int_eq(censored, (long)(ws.v[ATT_SC_RUPTURES] - ws.v[ATT_SC_REPAIRS]));
            }
            /* Trust carries: the next session starts where this one ended
             * (after the ruptures left open were counted). */
            double trust_end = att_sim_trust(sim);
            int next = att_sim_next_session(sim, &err);
            ck_assert_int_eq(next, k < sessions);
            if (next) {
                ck_assert_double_eq(seen.first_trust[k + 1], trust_end);
                trust_moved |= trust_end != seen.first_trust[1];
            }
        }
        ck_assert_int_eq(err.code, ATT_OK);
        att_sim_free(sim);
        for (size_t i = 0; i < n; i++)
            csv_free(&lines[i]);
        free(text);
    }
    /* Not vacuous: some infant's trust changed within a session and was
     * carried into the next. */
    ck_assert(trust_moved);
    att_buf_free(&buf);
    csv_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* Session 1 of a timeline is the run a single session would have been:
 * later sessions change nothing before them. */
START_TEST(first_session_is_the_single_run)
{
    static const char one[] =
        "[scenario]\nname = tl\nseed = 5\n"
        "[infant]\narousal_baseline = normal(0.2, 0.04)\n"
        "[phase]\nname = play\nduration = 4\n"
        "[phase]\nname = still\nduration = 3\npolicy = still-face\n"
        "[batch]\nreplicates = 3\n"
        "[condition]\nname = patient\n"
        "[condition]\nname = intrusive\nphase.play.policy = intrusive\n";
    att_scenario *s3 = load_at(path, timeline, NULL, 0);
    att_scenario *s1 = load_at(path2, one, NULL, 0);
    att_match_table *mt = load_match("attuned");
    att_batch *b3 = batch_of(s3, mt), *b1 = batch_of(s1, mt);
    ck_assert_int_eq(att_batch_session_column(b1), 0);
    for (long run = 0; run < att_batch_runs(b1); run++) {
        char *t3 = row_text_lines(b3, run, 3), *t1 = row_text(b1, run);
        struct csv r3, r1;
        t3[strcspn(t3, "\n")] = '\0';
        csv_split(&r3, t3);
        csv_split(&r1, t1);
        ck_assert_uint_eq(r3.n, r1.n + 1);
        ck_assert_str_eq(r3.f[5], "1");
        for (size_t i = 3; i < r1.n; i++)   /* from condition on; run ids differ */
            ck_assert_msg(strcmp(r1.f[i], r3.f[i < 5 ? i : i + 1]) == 0,
                          "run %ld column %zu: '%s' vs '%s'", run + 1, i, r1.f[i],
                          r3.f[i < 5 ? i : i + 1]);
        csv_free(&r3);
        csv_free(&r1);
        free(t3);
        free(t1);
    }
    att_batch_free(b3);
    att_batch_free(b1);
    att_scenario_free(s3);
    att_scenario_free(s1);
    att_match_table_free(mt);
}
END_TEST

/* ---- bugs found while writing these tests (two fixed, one open) ---- */

/* BUG at 5110528 (batch/batch.c, att_batch_seed), fixed in 893861b: the seed
 * was the SHA-256 of "attune-run\nSEED\nNAME\nREPLICATE" built in a 256-byte
 * buffer, so for a condition name of more than about 240 characters (a
 * 63-character name and a few sweeps make one) the replicate, then the end
 * of the name, were cut off: every replicate of such a condition got the
 * same seed and the same row (here all four runs had seed 1925617591),
 * although batch.h promises a seed from (experiment seed, condition name,
 * replicate). */
START_TEST(long_condition_names_keep_distinct_seeds)
{
    att_scenario *s = load("[scenario]\nduration = 1\n[batch]\nreplicates = 2\n[condition]\n"
                           "name = nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\n"
                           "infant.selfcomfort_threshold = 0.50000000:1:0.5\n"
                           "infant.intrusion_avert_rate = 0.50000000:1:0.5\n"
                           "infant.avert_arousal_rate = 0.50000000:1:0.5\n"
                           "infant.negative_threshold = 0.50000000:1:0.5\n"
                           "infant.distress_threshold = 0.50000000:1:0.5\n"
                           "infant.return_threshold = 0.50000000:0.1:0.6\n");
    ck_assert_uint_eq(att_scenario_condition_count(s), 2);
    ck_assert_uint_gt(strlen(att_scenario_condition_name(s, 0)), 240);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_runs(b), 4);
    for (long run = 0; run < 4; run++)
        for (long other = 0; other < run; other++)
            ck_assert_msg(att_batch_seed(b, run) != att_batch_seed(b, other),
                          "runs %ld and %ld have the same seed %lu", other + 1, run + 1,
                          att_batch_seed(b, run));
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* BUG at 5110528 (sim/scenario.c, expand_spec), fixed in 893861b: a
 * condition's full name was built in char full[ATT_NAME_MAX + 16 * 96] by
 * adding snprintf's return values to `used`; sweep keys are only checked
 * afterwards (build_condition), so with long unknown keys `used` passed
 * sizeof full, `sizeof full - used` wrapped and the next snprintf wrote past
 * the array: a stack buffer overflow (ASan: stack-buffer-overflow; a plain
 * build died of SIGSEGV) instead of the "unknown key" error. */
START_TEST(long_unknown_sweep_keys_are_reported)
{
    char text[4096];
    size_t used = (size_t)snprintf(text, sizeof text, "%s[condition]\nname = a\n", head);
    for (int i = 0; i < 16; i++) {
        char key[160];
        memset(key, 'x', 150);
        key[0] = (char)('a' + i);
        key[150] = '\0';
        used += (size_t)snprintf(text + used, sizeof text - used, "infant.%s = 1:1:1\n", key);
    }
    ck_assert_uint_lt(used, sizeof text);
    expect_error(text, 5, "unknown key 'a", "in [infant]", NULL);
}
END_TEST

/* Regression (found by this test, fixed by normalising condition keys as
 * they are read): inih keeps spaces inside a key and apply_set_key() trims
 * them around the dots, so "scenario .seed = 9" once gave a condition its
 * own (unused) seed and "phase.play. name = x" renamed a phase in one
 * condition, both of which scenario.h forbids.  Only the line is checked. */
START_TEST(spaced_keys_cannot_dodge_experiment_wide_keys)
{
    expect_condition_error("scenario .seed = 9\n", 5, NULL, NULL);
    expect_error("[phase]\nname = play\nduration = 10\n"
                 "[condition]\nname = a\nphase.play. name = x\n", 6, NULL);
}
END_TEST

Suite *suite_experiment(void)
{
    Suite *s = suite_create("experiment");
    TCase *tc = new_tcase("load");
    tcase_add_test(tc, conditions_expand_and_resolve);
    tcase_add_test(tc, several_sweeps_first_slowest);
    tcase_add_test(tc, replicates_from_set);
    tcase_add_test(tc, set_reaches_every_condition);
    tcase_add_test(tc, varied_keys_in_order);
    tcase_add_test(tc, values_by_key);
    suite_add_tcase(s, tc);

    tc = new_tcase("errors");
    tcase_add_test(tc, condition_key_errors);
    tcase_add_test(tc, condition_name_errors);
    tcase_add_test(tc, sweep_errors);
    tcase_add_test(tc, distribution_errors);
    tcase_add_test(tc, experiment_wide_keys);
    tcase_add_test(tc, set_conflicts_with_condition);
    tcase_add_test(tc, replicates_errors);
    suite_add_tcase(s, tc);

    tc = new_tcase("draws");
    tcase_add_test(tc, draws_land_where_declared);
    tcase_add_test(tc, sim_draws_from_its_seed);
    suite_add_tcase(s, tc);

    tc = new_tcase("batch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, batch_plan);
    tcase_add_test(tc, batch_rows);
    tcase_add_test(tc, rows_independent_of_other_conditions);
    tcase_add_test(tc, quoted_condition_names);
    tcase_add_test(tc, population_follows_the_distribution);
    suite_add_tcase(s, tc);

    tc = new_tcase("timelines");
    tcase_add_test(tc, batch_sessions_columns);
    tcase_add_test(tc, batch_sessions_follow_the_dyad);
    tcase_add_test(tc, first_session_is_the_single_run);
    suite_add_tcase(s, tc);

    tc = new_tcase("bugs");
    tcase_add_test(tc, long_condition_names_keep_distinct_seeds);
    tcase_add_test(tc, long_unknown_sweep_keys_are_reported);
    tcase_add_test(tc, spaced_keys_cannot_dodge_experiment_wide_keys);
    suite_add_tcase(s, tc);
    return s;
}
