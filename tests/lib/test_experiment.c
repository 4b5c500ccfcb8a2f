/* Experiments at the library level (sim/scenario_experiment.c and the
 * loader): [batch] and [condition] sections, sweeps expanded into named
 * conditions, population distributions as values and their draws.  Files
 * are written to a fresh temporary directory per test; expected values are
 * worked out by hand from the file text (a policy's default is read from
 * the policy table: the layering is what is tested), draws are re-done with
 * GSL directly. */
#include <check.h>
#include <stdarg.h>
#include <gsl/gsl_randist.h>
#include "attune/batch.h"
#include "tests/fixture.h"

/* `text` with the overrides must fail with err.msg starting with `prefix`
 * and holding every word of the NULL-terminated list `words`. */
static void expect_failure(const char *text, const char *const *sets, size_t nsets,
                           const char *prefix, va_list words)
{
    write_file(exp_path, text);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(exp_path, sets, nsets, &err);
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
    snprintf(prefix, sizeof prefix, "%s:%d: ", exp_path, line);
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
        snprintf(prefix, sizeof prefix, "%s:%d: ", exp_path, line);
    else
        snprintf(prefix, sizeof prefix, "--set %s: ", set);
    const char *sets[] = { set };
    va_list ap;
    va_start(ap, line);
    expect_failure(text, sets, 1, prefix, ap);
    va_end(ap);
}

static double value_of(const att_scenario *s, const char *key)
{
    double v = NAN;
    ck_assert_msg(att_scenario_value(s, key, &v) == 0, "no value for '%s'", key);
    return v;
}

/* ---- loading experiments ---- */

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
    att_scenario *s = load_exp(experiment_text);
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
    att_scenario *s = load_exp("[scenario]\nduration = 10\n"
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
    att_scenario *s = load_at(exp_path, experiment_text, five, 1);
    ck_assert_int_eq(att_scenario_replicates(s), 5);
    ck_assert_uint_eq(att_scenario_condition_count(s), 5);
    att_scenario_free(s);
    s = load_at(exp_path, "[scenario]\nduration = 10\n", five, 1);
    ck_assert_int_eq(att_scenario_replicates(s), 5);
    ck_assert_uint_eq(att_scenario_condition_count(s), 0);
    att_scenario_free(s);
    s = load_exp("[scenario]\nduration = 10\n[batch]\nreplicates = 1000000000\n");
    ck_assert_int_eq(att_scenario_replicates(s), 1000000000L);
    att_scenario_free(s);
}
END_TEST

/* A --set applies to every condition, under what the conditions set.  The
 * experiment has 5 conditions: a, b's sweep 0:1:2 (three) and c. */
START_TEST(set_reaches_every_condition)
{
    const char *sets[] = { "caregiver.intrusiveness=0.25", "phase.play.wait_time=4" };
    att_scenario *s = load_at(exp_path, experiment_text, sets, 2);
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
    att_scenario *s = load_exp("[scenario]\nduration = 10\n[condition]\nname = v1.2-x_y\n"
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
    att_scenario *s = load_exp("[scenario]\nduration = 10\n[condition]\nname = a\nscenario.dt = 0.05\n"
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
    att_scenario *s = load_exp("[scenario]\nduration = 10\n"
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
    att_scenario *s = load_exp("[scenario]\ndt = 0.05\n"
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
    att_scenario *s = load_exp(drawn_file);
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
    att_scenario *s = load_exp(drawn_file);
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
            int more;
            while ((more = att_sim_next(sim, &st, &err)) == 1)
                ;
            ck_assert_msg(more == 0, "%s", err.msg);
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
    att_scenario *plain = load_at(exp_path2, "[scenario]\nduration = 1\n", NULL, 0);
    att_sim *sim = att_sim_new(plain, mt, 5, 1, &err);
    ck_assert_ptr_nonnull(sim);
    ck_assert_ptr_eq(att_sim_scenario(sim), plain);
    att_sim_free(sim);
    att_scenario_free(plain);
    att_match_table_free(mt);
    att_scenario_free(s);
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
    TCase *tc = exp_tcase("load");
    tcase_add_test(tc, conditions_expand_and_resolve);
    tcase_add_test(tc, several_sweeps_first_slowest);
    tcase_add_test(tc, replicates_from_set);
    tcase_add_test(tc, set_reaches_every_condition);
    tcase_add_test(tc, varied_keys_in_order);
    tcase_add_test(tc, values_by_key);
    suite_add_tcase(s, tc);
    tc = exp_tcase("errors");
    tcase_add_test(tc, condition_key_errors);
    tcase_add_test(tc, condition_name_errors);
    tcase_add_test(tc, sweep_errors);
    tcase_add_test(tc, distribution_errors);
    tcase_add_test(tc, experiment_wide_keys);
    tcase_add_test(tc, set_conflicts_with_condition);
    tcase_add_test(tc, replicates_errors);
    suite_add_tcase(s, tc);
    tc = exp_tcase("draws");
    tcase_add_test(tc, draws_land_where_declared);
    tcase_add_test(tc, sim_draws_from_its_seed);
    suite_add_tcase(s, tc);
    tc = exp_tcase("bugs");
    tcase_add_test(tc, long_unknown_sweep_keys_are_reported);
    tcase_add_test(tc, spaced_keys_cannot_dodge_experiment_wide_keys);
    suite_add_tcase(s, tc);
    return s;
}
