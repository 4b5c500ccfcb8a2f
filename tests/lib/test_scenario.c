/* Tests for the scenario loader: valid files and their resolved phases, the
 * caregiver parameter layering, --set overrides, and every error message
 * (its line and its wording).  Scenario text is written to a fresh temporary
 * directory per test.  Expected values are worked out by hand from the text;
 * where a value is a policy's default, it is read from the policy table,
 * because the layering rule (not the calibration) is what is tested here.
 * The table of [scenario], [phase], [batch] and [condition] keys
 * (att_scenario_key_table) against what it describes: the loader takes
 * exactly its keys, with its ranges and defaults, and every table of such
 * keys in the docs (README.md, docs/MODEL.md, docs/BATCH.md) gives the same
 * range and default. */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/scenario.h"
#include "base/sha256.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif

static char path[192];  /* the scenario file written by load(), in work */

static void scn_setup(void)
{
    setup();
    in_work(path, sizeof path, "s.ini");
}

static att_scenario *load_sets(const char *text, const char *const *sets, size_t nsets,
                               att_error *err)
{
    write_bytes(path, text, strlen(text));
    return att_scenario_load(path, sets, nsets, err);
}

static att_scenario *load(const char *text)
{
    att_error err;
    att_scenario *s = load_sets(text, NULL, 0, &err);
    ck_assert_msg(s != NULL, "unexpected error: %s", err.msg);
    ck_assert_int_eq(err.code, ATT_OK);
    return s;
}

/* Checks that err.msg starts with `prefix` and contains every word of the
 * NULL-terminated list that follows. */
static void check_msg(const att_error *err, const char *prefix, va_list words)
{
    ck_assert_int_eq(err->code, ATT_EINPUT);
    ck_assert_msg(strncmp(err->msg, prefix, strlen(prefix)) == 0,
                  "message '%s' does not start with '%s'", err->msg, prefix);
    for (const char *w = va_arg(words, const char *); w; w = va_arg(words, const char *))
        ck_assert_msg(strstr(err->msg, w) != NULL, "message '%s' lacks '%s'", err->msg, w);
}

/* The file `text` must fail at `line` with a message holding the words. */
static void expect_error(const char *text, int line, ...)
{
    att_error err;
    ck_assert_ptr_null(load_sets(text, NULL, 0, &err));
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    va_list ap;
    va_start(ap, line);
    check_msg(&err, prefix, ap);
    va_end(ap);
}

/* The override `set` on top of `text` must fail with "--set SET: ...". */
static void expect_set_error(const char *text, const char *set, ...)
{
    att_error err;
    const char *sets[] = { "scenario.seed=5", set };
    ck_assert_ptr_null(load_sets(text, sets, 2, &err));
    char prefix[256];
    snprintf(prefix, sizeof prefix, "--set %s: ", set);
    va_list ap;
    va_start(ap, set);
    check_msg(&err, prefix, ap);
    va_end(ap);
}

/* ---- valid files ---- */

static const char full[] =
    "; a full scenario\n"
    "[scenario]\n"
    "name = demo\n"
    "dt = 0.05\n"
    "seed = 42\n"
    "rng = taus2\n"
    "match_table = same-state\n"
    "\n"
    "[infant]\n"
    "arousal_tau = 7.5\n"
    "trust_initial = 0.4\n"
    "\n"
    "[caregiver]\n"
    "policy = intrusive\n"
    "wait_time = 2\n"
    "responsiveness = 0.5\n"
    "\n"
    "[phase]\n"
    "name = play\n"
    "duration = 10\n"
    "\n"
    "[phase]\n"
    "name = still\n"
    "duration = 5.5\n"
    "policy = still-face\n"
    "wait_time = 1\n"
    "\n"
    "[phase]\n"
    "name = reunion\n"
    "duration = 20\n"
    "policy = patient\n"
    "perception_noise = 0.3\n";

START_TEST(test_full_file)
{
    att_scenario *s = load(full);
    ck_assert_str_eq(att_scenario_path(s), path);
    ck_assert_str_eq(att_scenario_name(s), "demo");
    ck_assert_double_eq(att_scenario_dt(s), 0.05);
    ck_assert_uint_eq(att_scenario_seed(s), 42);
    ck_assert_str_eq(att_scenario_rng(s), "taus2");
    ck_assert_ptr_eq(att_scenario_rng_type(s), gsl_rng_taus2);
    ck_assert_str_eq(att_scenario_match_table(s), "same-state");
    ck_assert_double_eq_tol(att_scenario_duration(s), 35.5, 1e-12);
    ck_assert_int_eq(att_scenario_steps(s), 200 + 110 + 400);

    att_infant_params def;
    att_infant_params_default(&def);
    const att_infant_params *inf = att_scenario_infant(s);
    ck_assert_double_eq(inf->arousal_tau, 7.5);
    ck_assert_double_eq(inf->trust_initial, 0.4);
    ck_assert_double_eq(inf->arousal_baseline, def.arousal_baseline);
    ck_assert_double_eq(inf->bid_persistence, def.bid_persistence);

    ck_assert_uint_eq(att_scenario_phase_count(s), 3);
    ck_assert_ptr_null(att_scenario_phase(s, 3));
    const att_phase *play = att_scenario_phase(s, 0);
    const att_phase *still = att_scenario_phase(s, 1);
    const att_phase *reunion = att_scenario_phase(s, 2);
    ck_assert_str_eq(play->name, "play");
    ck_assert_str_eq(still->name, "still");
    ck_assert_str_eq(reunion->name, "reunion");
    ck_assert_double_eq(play->duration, 10);
    ck_assert_double_eq(still->duration, 5.5);
    ck_assert_double_eq(reunion->duration, 20);
    ck_assert_int_eq(play->steps, 200);
    ck_assert_int_eq(still->steps, 110);
    ck_assert_int_eq(reunion->steps, 400);

    /* play: no policy of its own, so [caregiver]'s intrusive */
    ck_assert_str_eq(play->policy->name, "intrusive");
    ck_assert_double_eq(play->params.wait_time, 2);            /* [caregiver] */
    ck_assert_double_eq(play->params.responsiveness, 0.5);     /* [caregiver] */
    ck_assert_double_eq(play->params.intrusiveness, defaults_of("intrusive")->intrusiveness);
    ck_assert_double_eq(play->params.perception_delay, defaults_of("intrusive")->perception_delay);
    /* still: its own policy; [caregiver] still beats the policy default */
    ck_assert_str_eq(still->policy->name, "still-face");
    ck_assert_double_eq(still->params.wait_time, 1);           /* [phase] beats [caregiver] */
    ck_assert_double_eq(still->params.responsiveness, 0.5);    /* [caregiver] beats default */
    ck_assert_double_eq(still->params.repair_latency, defaults_of("still-face")->repair_latency);
    ck_assert_double_eq(still->params.intrusiveness, defaults_of("still-face")->intrusiveness);
    /* reunion */
    ck_assert_str_eq(reunion->policy->name, "patient");
    ck_assert_double_eq(reunion->params.wait_time, 2);
    ck_assert_double_eq(reunion->params.responsiveness, 0.5);
    ck_assert_double_eq(reunion->params.perception_noise, 0.3);
    ck_assert_double_eq(reunion->params.play_stimulation, defaults_of("patient")->play_stimulation);
    /* the [phase] key does not leak into other phases */
    ck_assert_double_eq(play->params.perception_noise, defaults_of("intrusive")->perception_noise);
    att_scenario_free(s);
}
END_TEST

/* The digest of the two lines below, from coreutils sha256sum. */
static const char tiny[] = "[scenario]\nduration = 60\n";
static const char tiny_sha256[] = "c2d690a940dcf17c79245d8406c31f36afb2288de7942d7bbe5a84170ea40b0e";

START_TEST(test_defaults_and_session_phase)
{
    att_scenario *s = load(tiny);
    ck_assert_str_eq(att_scenario_name(s), "s");  /* from s.ini */
    ck_assert_double_eq(att_scenario_dt(s), 0.1);
    ck_assert_uint_eq(att_scenario_seed(s), 1);
    ck_assert_str_eq(att_scenario_rng(s), "taus2");
    ck_assert_str_eq(att_scenario_match_table(s), "attuned");
    ck_assert_double_eq(att_scenario_duration(s), 60);
    ck_assert_int_eq(att_scenario_steps(s), 600);
    ck_assert_uint_eq(att_scenario_phase_count(s), 1);
    const att_phase *ph = att_scenario_phase(s, 0);
    ck_assert_str_eq(ph->name, "session");
    ck_assert_double_eq(ph->duration, 60);
    ck_assert_int_eq(ph->steps, 600);
    ck_assert_str_eq(ph->policy->name, "patient");
    ck_assert_int_eq(memcmp(&ph->params, defaults_of("patient"), sizeof ph->params), 0);
    att_infant_params def;
    att_infant_params_default(&def);
    ck_assert_int_eq(memcmp(att_scenario_infant(s), &def, sizeof def), 0);
    ck_assert_str_eq(att_scenario_hash(s), tiny_sha256);
    att_scenario_free(s);
}
END_TEST

START_TEST(test_hash_is_of_file_bytes)
{
    att_scenario *s = load(full);
    char hex[65];
    att_sha256_hex(full, strlen(full), hex);
    ck_assert_str_eq(att_scenario_hash(s), hex);
    att_scenario_free(s);
}
END_TEST

/* Indented keys (inih alone would glue them to the previous value), CRLF,
 * a byte-order mark, inline comments and "key: value". */
START_TEST(test_lenient_layout)
{
    att_scenario *s = load("\xEF\xBB\xBF[scenario]\r\n"
                           "    duration = 30   ; half a minute\r\n"
                           "    seed: 9\r\n"
                           "  # indented comment\r\n"
                           "\t[caregiver]\r\n"
                           "\twait_time = 4\r\n"
                           "\tintrusiveness = 0.2\r\n");
    ck_assert_double_eq(att_scenario_duration(s), 30);
    ck_assert_uint_eq(att_scenario_seed(s), 9);
    ck_assert_double_eq(att_scenario_phase(s, 0)->params.wait_time, 4);
    ck_assert_double_eq(att_scenario_phase(s, 0)->params.intrusiveness, 0.2);
    att_scenario_free(s);
}
END_TEST

START_TEST(test_steps_round_trip)
{
    /* 0.3 / 0.1 is 2.9999999999999996 in doubles: still 3 whole steps */
    att_scenario *s = load("[scenario]\ndt = 0.1\n[phase]\nname = a\nduration = 0.3\n"
                           "[phase]\nname = b\nduration = 120\n");
    ck_assert_int_eq(att_scenario_phase(s, 0)->steps, 3);
    ck_assert_int_eq(att_scenario_phase(s, 1)->steps, 1200);
    ck_assert_int_eq(att_scenario_steps(s), 1203);
    ck_assert_double_eq_tol(att_scenario_duration(s), 120.3, 1e-9);
    att_scenario_free(s);
    /* duration given with phases: it must equal their sum */
    s = load("[scenario]\nduration = 30\n[phase]\nname = a\nduration = 10\n"
             "[phase]\nname = b\nduration = 20\n");
    ck_assert_double_eq(att_scenario_duration(s), 30);
    att_scenario_free(s);
}
END_TEST

START_TEST(test_free_null)
{
    att_scenario_free(NULL);
}
END_TEST

/* ---- --set ---- */

static const char layered[] =
    "[scenario]\n"
    "seed = 3\n"
    "[infant]\n"
    "arousal_tau = 6\n"
    "[caregiver]\n"
    "wait_time = 2\n"
    "[phase]\n"
    "name = play\n"
    "duration = 10\n"
    "[phase]\n"
    "name = still\n"
    "duration = 5\n"
    "policy = still-face\n"
    "wait_time = 1\n"
    "[phase]\n"
    "name = reunion\n"
    "duration = 20\n";

START_TEST(test_set_overrides)
{
    const char *sets[] = {
        "scenario.seed=7",
        "infant.arousal_tau=9",
        "caregiver.wait_time=3",          /* play and reunion, not still */
        "phase.reunion.perception_noise=0.25",
        "caregiver.policy=withdrawn",     /* play and reunion, not still */
        "scenario.dt=0.5",
        " caregiver.responsiveness = 0.7 ",
    };
    att_error err;
    att_scenario *s = load_sets(layered, sets, sizeof sets / sizeof sets[0], &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_uint_eq(att_scenario_seed(s), 7);
    ck_assert_double_eq(att_scenario_dt(s), 0.5);
    ck_assert_double_eq(att_scenario_infant(s)->arousal_tau, 9);
    const att_phase *play = att_scenario_phase(s, 0);
    const att_phase *still = att_scenario_phase(s, 1);
    const att_phase *reunion = att_scenario_phase(s, 2);
    ck_assert_int_eq(play->steps, 20);
    ck_assert_int_eq(still->steps, 10);
    ck_assert_int_eq(reunion->steps, 40);
    ck_assert_int_eq(att_scenario_steps(s), 70);
    ck_assert_str_eq(play->policy->name, "withdrawn");
    ck_assert_str_eq(still->policy->name, "still-face");
    ck_assert_str_eq(reunion->policy->name, "withdrawn");
    ck_assert_double_eq(play->params.wait_time, 3);
    ck_assert_double_eq(still->params.wait_time, 1);   /* the phase's own key stays */
    ck_assert_double_eq(reunion->params.wait_time, 3);
    ck_assert_double_eq(play->params.responsiveness, 0.7);
    ck_assert_double_eq(still->params.responsiveness, 0.7);
    ck_assert_double_eq(reunion->params.perception_noise, 0.25);
    ck_assert_double_eq(play->params.perception_noise, defaults_of("withdrawn")->perception_noise);
    ck_assert_double_eq(play->params.reengage_rate, defaults_of("withdrawn")->reengage_rate);
    ck_assert_double_eq(still->params.reengage_rate, defaults_of("still-face")->reengage_rate);
    att_scenario_free(s);
}
END_TEST

START_TEST(test_set_phase_key_and_order)
{
    const char *sets[] = {
        "phase.still.wait_time=4",   /* beats the phase's own file value */
        "phase.still.policy=patient",
        "scenario.seed=10",
        "scenario.seed=11",          /* the later override wins */
        "phase.play.duration=12.5",
    };
    att_error err;
    att_scenario *s = load_sets(layered, sets, sizeof sets / sizeof sets[0], &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_uint_eq(att_scenario_seed(s), 11);
    const att_phase *play = att_scenario_phase(s, 0);
    const att_phase *still = att_scenario_phase(s, 1);
    ck_assert_double_eq(still->params.wait_time, 4);
    ck_assert_str_eq(still->policy->name, "patient");
    ck_assert_double_eq(play->duration, 12.5);
    ck_assert_int_eq(play->steps, 125);
    ck_assert_double_eq(att_scenario_duration(s), 37.5);
    ck_assert_int_eq(att_scenario_steps(s), 125 + 50 + 200);
    att_scenario_free(s);
}
END_TEST

START_TEST(test_set_session_phase)
{
    const char *sets[] = { "phase.session.wait_time=5", "scenario.duration=12" };
    att_error err;
    att_scenario *s = load_sets(tiny, sets, 2, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_double_eq(att_scenario_phase(s, 0)->params.wait_time, 5);
    ck_assert_double_eq(att_scenario_duration(s), 12);
    ck_assert_int_eq(att_scenario_steps(s), 120);
    att_scenario_free(s);
}
END_TEST

START_TEST(test_set_errors)
{
    expect_set_error(layered, "caregiver.wait_time", "expected section.key=value", NULL);
    expect_set_error(layered, "seed=3", "expected section.key=value", NULL);
    expect_set_error(layered, "caregivr.wait_time=3",
                     "unknown section 'caregivr' (did you mean 'caregiver'?)", NULL);
    expect_set_error(layered, "caregiver.wiat_time=3",
                     "unknown key 'wiat_time' in [caregiver] (did you mean 'wait_time'?)", NULL);
    expect_set_error(layered, "infant.arousl_tau=3", "unknown key 'arousl_tau' in [infant]",
                     "did you mean 'arousal_tau'?", NULL);
    expect_set_error(layered, "phase.pley.wait_time=3",
                     "unknown phase 'pley' (did you mean 'play'?)", NULL);
    expect_set_error(layered, "phase.coda.wait_time=3", "unknown phase 'coda'", NULL);
    expect_set_error(layered, "phase.play=3", "expected phase.NAME.key=value", NULL);
    expect_set_error(layered, "phase.play.wiat_time=3",
                     "unknown key 'wiat_time' in [phase] (did you mean 'wait_time'?)", NULL);
    expect_set_error(layered, "infant.arousal_tau=abc", "arousal_tau = abc is not a number", NULL);
    expect_set_error(layered, "infant.arousal_tau=", "empty value", NULL);
    expect_set_error(layered, "caregiver.perception_noise=1.5",
                     "perception_noise = 1.5 is out of range [0, 0.9]", NULL);
    expect_set_error(layered, "scenario.dt=0", "dt = 0 is out of range: must be 1e-06 to 1 s", NULL);
    expect_set_error(layered, "scenario.seed=-1", "seed = -1 is not a whole number", NULL);
    expect_set_error(layered, "caregiver.policy=patent", "unknown policy 'patent'",
                     "did you mean 'patient'?", "still-face", NULL);
    expect_set_error(layered, "scenario.rng=mt1993", "did you mean 'mt19937'?", NULL);
    /* checked after all overrides, but blamed on the one that set it */
    expect_set_error(layered, "phase.play.duration=0.15", "phase 'play'",
                     "not a whole number of steps", NULL);
    expect_set_error(layered, "scenario.dt=0.3", "phase 'play'",
                     "duration = 10 s is not a whole number of steps of dt = 0.3 s", NULL);
    expect_set_error(layered, "scenario.duration=20", "does not match the phases", "35", NULL);
    expect_set_error(layered, "phase.still.name=play", "'play' is already used", NULL);
    expect_set_error(tiny, "phase.session.duration=5", "set scenario.duration instead", NULL);
}
END_TEST

/* ---- file errors ---- */

START_TEST(test_missing_file)
{
    att_error err;
    snprintf(path, sizeof path, "%s/nope.ini", work);
    ck_assert_ptr_null(att_scenario_load(path, NULL, 0, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    char expect[256];
    snprintf(expect, sizeof expect, "%s: cannot read: No such file or directory", path);
    ck_assert_str_eq(err.msg, expect);
    /* a directory is not a scenario either: said as the CSV reader says it */
    ck_assert_ptr_null(att_scenario_load(work, NULL, 0, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    snprintf(expect, sizeof expect, "%s: is a folder, not a file", work);
    ck_assert_str_eq(err.msg, expect);
}
END_TEST

START_TEST(test_malformed)
{
    expect_error("[scenario]\nduration = 10\njust words\n", 3,
                 "malformed line", "expected key = value", NULL);
    expect_error("[scenario]\nduration = 10\n[infant\n", 3, "malformed line", "']'", NULL);
    expect_error("[scenario]\nduration = 10\n[infant ; x]\narousal_tau = 3\n", 3,
                 "malformed line", NULL);
    /* the syntax error comes first, so it is the one reported */
    expect_error("[scenario]\nbogus line\nwiat = 3\n", 2, "malformed line", NULL);
    expect_error("[phase]\nname play\nduration = 3\n[phase]\nname = b\nduration = 1\n", 2,
                 "malformed line", NULL);
}
END_TEST

START_TEST(test_unknown_section)
{
    expect_error("[scenario]\nduration = 10\n\n[infnat]\narousal_tau = 3\n", 4,
                 "unknown section [infnat] (did you mean [infant]?)", NULL);
    expect_error("[scenario]\nduration = 10\n[output]\nx = 1\n", 3,
                 "unknown section [output]", "[caregiver]", NULL);
}
END_TEST

START_TEST(test_unknown_key)
{
    expect_error("[scenario]\nduration = 10\n[caregiver]\nwiat_time = 3\n", 4,
                 "unknown key 'wiat_time' in [caregiver] (did you mean 'wait_time'?)", NULL);
    expect_error("[scenario]\nseeed = 3\n", 2,
                 "unknown key 'seeed' in [scenario] (did you mean 'seed'?)", NULL);
    expect_error("[infant]\narousal_taw = 3\n", 2,
                 "unknown key 'arousal_taw' in [infant] (did you mean 'arousal_tau'?)", NULL);
    expect_error("[phase]\nname = a\nduraton = 3\n", 3,
                 "unknown key 'duraton' in [phase] (did you mean 'duration'?)", NULL);
    expect_error("[caregiver]\npolcy = patient\n", 2, "(did you mean 'policy'?)", NULL);
    expect_error("[caregiver]\ncompletely_unrelated = 1\n", 2,
                 "unknown key 'completely_unrelated' in [caregiver]", NULL);
    expect_error("[scenario]\nduration = 3\nwait_time = 3\n", 3,
                 "unknown key 'wait_time' in [scenario] (it belongs in [caregiver] or a [phase])",
                 NULL);
    expect_error("[caregiver]\narousal_tau_x = 3\n[infant]\ndt = 0.1\n", 2, "arousal_tau_x", NULL);
    expect_error("[infant]\ndt = 0.1\n", 2, "(it belongs in [scenario])", NULL);
    expect_error("dt = 0.1\n[scenario]\nduration = 1\n", 1, "before any [section]", NULL);
    expect_error("[scenario]\n= 3\n", 2, "missing key name", NULL);
    /* only the first error is reported */
    expect_error("[scenario]\nduration = 10\nfoo = 1\nbar = 2\n", 3, "'foo'", NULL);
}
END_TEST

START_TEST(test_given_twice)
{
    expect_error("[scenario]\nduration = 10\ndt = 0.1\ndt = 0.2\n", 4,
                 "'dt' is given twice in [scenario] (first on line 3)", NULL);
    expect_error("[caregiver]\npolicy = patient\nwait_time = 1\npolicy = intrusive\n", 4,
                 "'policy' is given twice in [caregiver] (first on line 2)", NULL);
    expect_error("[phase]\nname = a\nduration = 1\nwait_time = 1\nwait_time = 2\n", 5,
                 "'wait_time' is given twice in this [phase] (first on line 4)", NULL);
    expect_error("[infant]\narousal_tau = 3\n[scenario]\nduration = 1\n[infant]\ncalm_rate = 1\n", 5,
                 "[infant] appears twice (first on line 1)", NULL);
    /* the same key in two phases is fine */
    att_scenario *s = load("[phase]\nname = a\nduration = 1\nwait_time = 1\n"
                           "[phase]\nname = b\nduration = 1\nwait_time = 2\n");
    ck_assert_double_eq(att_scenario_phase(s, 1)->params.wait_time, 2);
    att_scenario_free(s);
}
END_TEST

START_TEST(test_bad_values)
{
    expect_error("[infant]\narousal_tau = fast\n", 2, "arousal_tau = fast is not a number", NULL);
    expect_error("[infant]\narousal_tau = 3s\n", 2, "arousal_tau = 3s is not a number", NULL);
    expect_error("[scenario]\nduration = 10\ndt = -0.1\n", 3,
                 "dt = -0.1 is out of range: must be 1e-06 to 1 s", NULL);
    expect_error("[scenario]\nduration = 10\ndt = 0\n", 3,
                 "dt = 0 is out of range: must be 1e-06 to 1 s", NULL);
    expect_error("[scenario]\nduration = 10\ndt = 2\n", 3,
                 "dt = 2 is out of range: must be 1e-06 to 1 s", NULL);
    /* under 1 us: the scorer resolves times to 1 us, so every run failed */
    expect_error("[scenario]\nduration = 10\ndt = 1e-7\n", 3,
                 "dt = 1e-7 is out of range: must be 1e-06 to 1 s (times are resolved to 1 us)",
                 NULL);
    expect_error("[scenario]\nduration = 10\ndt = 9.99e-7\n", 3,
                 "dt = 9.99e-7 is out of range", NULL);
    /* the same steps in every run: a distribution is refused, by name */
    expect_error("[scenario]\nname = d\n[phase]\nname = a\nduration = uniform(10, 20)\n", 5,
                 "duration = uniform(10, 20): duration cannot be drawn from a distribution "
                 "(only the infant's and the caregiver's keys can be): every run has the same "
                 "steps; sweep it instead (FROM:STEP:TO in a [condition])", NULL);
    att_error ok_err;
    att_scenario *ok = load_sets("[scenario]\nduration = 10\ndt = 1e-6\n", NULL, 0, &ok_err);
    ck_assert_msg(ok != NULL, "dt = 1e-6 refused: %s", ok_err.msg);
    att_scenario_free(ok);
    expect_error("[infant]\narousal_tau = 0\n", 2,
                 "arousal_tau = 0 is out of range [0.1, 1000] s", NULL);
    expect_error("[scenario]\nduration = 10\nseed = 12abc\n", 3,
                 "seed = 12abc is not a whole number", NULL);
    expect_error("[scenario]\nduration =\n", 2, "duration has an empty value", NULL);
    expect_error("[scenario]\nduration = 10\nname = "
                 "a-name-that-is-far-too-long-to-be-a-name-for-anything-at-all-really\n", 3,
                 "name is too long", NULL);
    /* exact text: the unit "0-1" is not repeated after the range */
    att_error err;
    ck_assert_ptr_null(load_sets("[caregiver]\nperception_noise = 1.5\n", NULL, 0, &err));
    char expect[256];
    snprintf(expect, sizeof expect, "%s:2: perception_noise = 1.5 is out of range [0, 0.9]", path);
    ck_assert_str_eq(err.msg, expect);
}
END_TEST

START_TEST(test_bad_durations)
{
    expect_error("[scenario]\nduration = 0\n", 2,
                 "duration = 0 is out of range: must be > 0 s", NULL);
    expect_error("[phase]\nname = a\nduration = -5\n", 3,
                 "duration = -5 is out of range: must be > 0 s", NULL);
    /* no duration anywhere: the [scenario] header, else line 1 */
    expect_error("; nothing yet\n[scenario]\nseed = 3\n", 2, "no duration", NULL);
    expect_error("[infant]\narousal_tau = 3\n", 1, "no duration", NULL);
    expect_error("[scenario]\nduration = 30\n[phase]\nname = a\nduration = 10\n", 2,
                 "duration = 30 s does not match the phases", "10 s", NULL);
    expect_error("[scenario]\ndt = 0.1\n[phase]\nname = a\nduration = 1.05\n", 5,
                 "phase 'a': duration = 1.05 s is not a whole number of steps of dt = 0.1 s", NULL);
    expect_error("[scenario]\nduration = 0.01\n", 2, "shorter than one step", NULL);
}
END_TEST

START_TEST(test_bad_policy_and_rng)
{
    expect_error("[caregiver]\npolicy = patent\n", 2, "unknown policy 'patent'",
                 "(did you mean 'patient'?)", "valid policies:", "patient", "intrusive",
                 "still-face", "withdrawn", "inconsistent", NULL);
    expect_error("[phase]\nname = a\nduration = 1\npolicy = stillface\n", 4,
                 "unknown policy 'stillface'", "did you mean 'still-face'?", NULL);
    expect_error("[scenario]\nduration = 1\nrng = mt1993\n", 3,
                 "unknown rng 'mt1993' (did you mean 'mt19937'?)", NULL);
    expect_error("[scenario]\nduration = 1\nrng = xyzzy-generator\n", 3,
                 "unknown rng 'xyzzy-generator'", NULL);
}
END_TEST

START_TEST(test_bad_phases)
{
    expect_error("[scenario]\ndt = 0.1\n\n[phase]\nduration = 5\n[phase]\nname = b\nduration = 5\n",
                 4, "[phase] has no name", NULL);
    expect_error("[phase]\nname = play\n", 1, "[phase] 'play' has no duration", NULL);
    expect_error("[phase]\nname = a\nduration = 1\n[phase]\nname = b\nwait_time = 1\n[infant]\n"
                 "calm_rate = 1\n", 4, "'b' has no duration", NULL);
    expect_error("[phase]\nname = a\nduration = 1\n\n[phase]\nname = a\nduration = 2\n", 6,
                 "phase name 'a' is already used by the phase on line 1", NULL);
    expect_error("[phase]\nname = free play\nduration = 1\n", 2,
                 "phase name 'free play' may only contain", NULL);
    /* results would have two sets of all.* columns */
    expect_error("[phase]\nname = play\nduration = 1\n[phase]\nname = all\nduration = 1\n", 5,
                 "phase name 'all' is reserved: it names the whole run's window in scores and "
                 "results (choose another)", NULL);
}
END_TEST

START_TEST(test_layout_errors)
{
    expect_error("[scenario]\nduration = 1\n[infant]\n; nothing here\n\n[caregiver]\nwait_time = 1\n",
                 3, "[infant] is empty", NULL);
    expect_error("[scenario]\nduration = 1\n[phase]\n", 3, "[phase] is empty", NULL);
    char text[400];
    memset(text, 0, sizeof text);
    strcpy(text, "[scenario]\nname = ");
    memset(text + strlen(text), 'x', 220);
    strcat(text, "\nduration = 1\n");
    expect_error(text, 2, "line is too long (227 characters; at most 197)", NULL);
    /* 197 characters is the most inih can take with a CRLF ending */
    memset(text, 0, sizeof text);
    strcpy(text, "[scenario]\nname = x\nduration = ");
    memset(text + strlen(text), ' ', 185);
    strcat(text, "7\r\n");   /* 11 + 185 + 1 = 197 */
    att_scenario *sc = load(text);
    ck_assert_double_eq(att_scenario_duration(sc), 7);
    att_scenario_free(sc);
    char *seven = strstr(text, "7\r\n");
    strcpy(seven, " 7\r\n");
    expect_error(text, 3, "line is too long (198 characters; at most 197)", NULL);
    /* a comment line may be any length: inih reads only its first
     * character (a 252-character comment refused the file) */
    memset(text, 0, sizeof text);
    strcpy(text, "[scenario]\n; ");
    memset(text + strlen(text), 'c', 250);
    strcat(text, "\n   # ");
    memset(text + strlen(text), 'c', 100);
    strcat(text, "\nduration = 9\n");
    sc = load(text);
    ck_assert_double_eq(att_scenario_duration(sc), 9);
    att_scenario_free(sc);
    write_bytes(path, "[scenario]\nduration = 1\n\0\n", 26);
    att_error err;
    ck_assert_ptr_null(att_scenario_load(path, NULL, 0, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, ":3: contains a NUL byte"));
}
END_TEST

/* ---- the shipped scenarios ---- */

/* Files from other editors: UTF-16 (with or without its mark) and CR-only
 * line ends are named as such; numbers say what is wrong with them. */
START_TEST(test_foreign_text_and_numbers)
{
    const char *text = "[scenario]\nduration = 30\n";
    char buf[128];
    size_t k = 0;
    buf[k++] = '\xFF', buf[k++] = '\xFE';
    for (const char *p = text; *p; p++)
        buf[k++] = *p, buf[k++] = '\0';
    write_bytes(path, buf, k);
    att_error err;
    ck_assert_ptr_null(att_scenario_load(path, NULL, 0, &err));
    char want[512];
    snprintf(want, sizeof want, "%s:1: the file is UTF-16 text (byte order mark FF FE", path);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    write_bytes(path, buf + 2, k - 2);   /* no mark: NUL bytes */
    ck_assert_ptr_null(att_scenario_load(path, NULL, 0, &err));
    snprintf(want, sizeof want, "%s:1: the file has NUL bytes: UTF-16 text without a byte "
             "order mark", path);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
    write_bytes(path, "[scenario]\nduration = 30\n\0\n", 26);
    ck_assert_ptr_null(att_scenario_load(path, NULL, 0, &err));
    snprintf(want, sizeof want, "%s:3: contains a NUL byte (a scenario must be UTF-8 text: "
             "UTF-16? save it as UTF-8)", path);
    ck_assert_str_eq(err.msg, want);
    expect_error("[scenario]\rduration = 30\r", 1, "carriage return (CR)", "CR only",
                 "LF or CRLF", NULL);
    expect_error("[scenario]\nduration = 1e309\n", 2, "duration = 1e309 is out of range", NULL);
    expect_error("[scenario]\nduration = inf\n", 2, "duration = inf is infinite", NULL);
    expect_error("[scenario]\nduration = nan\n", 2, "duration = nan is not a number (NaN", NULL);
    expect_error("[infant]\narousal_tau = 3s\n", 2, "arousal_tau = 3s is not a number (text "
                 "after the number)", NULL);
    /* CRLF and a UTF-8 mark are fine (test_tolerant_layout has more) */
    att_scenario *sc = load("\xEF\xBB\xBF[scenario]\r\nduration = 30\r\n");
    att_scenario_free(sc);
}
END_TEST

static att_scenario *load_shipped(const char *file)
{
    char full_path[512];
    snprintf(full_path, sizeof full_path, "%s/scenarios/%s", ATT_SRCDIR, file);
    att_error err;
    att_scenario *s = att_scenario_load(full_path, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

START_TEST(test_shipped_peekaboo)
{
    att_scenario *pat = load_shipped("peekaboo-patient.ini");
    att_scenario *intr = load_shipped("peekaboo-intrusive.ini");
    ck_assert_str_eq(att_scenario_phase(pat, 0)->policy->name, "patient");
    ck_assert_str_eq(att_scenario_phase(intr, 0)->policy->name, "intrusive");
    /* the same infant and clock, only the mother differs */
    ck_assert_int_eq(memcmp(att_scenario_infant(pat), att_scenario_infant(intr),
                            sizeof(att_infant_params)), 0);
    ck_assert_double_eq(att_scenario_dt(pat), att_scenario_dt(intr));
    ck_assert_int_eq(att_scenario_steps(pat), att_scenario_steps(intr));
    ck_assert_uint_eq(att_scenario_seed(pat), att_scenario_seed(intr));
    ck_assert_double_eq(att_scenario_duration(pat), 180);
    att_scenario_free(pat);
    att_scenario_free(intr);
}
END_TEST

START_TEST(test_shipped_still_face)
{
    att_scenario *s = load_shipped("still-face.ini");
    static const char *const names[] = { "play", "still-face", "reunion" };
    static const char *const policies[] = { "patient", "still-face", "patient" };
    ck_assert_uint_eq(att_scenario_phase_count(s), 3);
    for (size_t i = 0; i < 3; i++) {
        const att_phase *ph = att_scenario_phase(s, i);
        ck_assert_str_eq(ph->name, names[i]);
        ck_assert_str_eq(ph->policy->name, policies[i]);
        ck_assert_double_eq(ph->duration, 120);
        ck_assert_int_eq(ph->steps, 1200);
    }
    ck_assert_int_eq(att_scenario_steps(s), 3600);
    att_scenario_free(s);
}
END_TEST

/* Loads `text` with one --set (or none); the error goes to `err`. */
static att_scenario *load_text(const char *text, const char *set, att_error *err)
{
    char file[64];
    temp_file(file, sizeof file, text);
    const char *sets[1] = { set };
    att_scenario *s = att_scenario_load(file, set ? sets : NULL, set ? 1 : 0, err);
    unlink(file);
    return s;
}

static const att_scenario_key *row_of(const char *section, const char *name)
{
    for (size_t i = 0; i < att_scenario_key_count; i++)
        if (strcmp(att_scenario_key_table[i].section, section) == 0
            && strcmp(att_scenario_key_table[i].name, name) == 0)
            return &att_scenario_key_table[i];
    return NULL;
}

START_TEST(table_rows_are_well_formed)
{
    static const char *const sections[] = { "scenario", "phase", "batch", "condition" };
    ck_assert_uint_ge(att_scenario_key_count, 10);
    for (size_t i = 0; i < att_scenario_key_count; i++) {
        const att_scenario_key *k = &att_scenario_key_table[i];
        int known = 0;
        for (size_t j = 0; j < 4; j++)
            known |= strcmp(k->section, sections[j]) == 0;
        ck_assert_msg(known, "key %s: unknown section '%s'", k->name, k->section);
        ck_assert_msg(*k->name && *k->kind && k->meaning, "key %s.%s: empty field",
                      k->section, k->name);
        ck_assert_msg(k->range || strcmp(k->kind, "int") == 0,
                      "key %s.%s: only int keys may leave the range to be formatted",
                      k->section, k->name);
        ck_assert_msg(k->min <= k->max, "key %s.%s: min > max", k->section, k->name);
        ck_assert_msg(row_of(k->section, k->name) == k, "key %s.%s appears twice",
                      k->section, k->name);
    }
}
END_TEST

/* Every key of the table is one the loader knows: a bad value gets a
 * complaint about the value, never "unknown key". */
START_TEST(loader_knows_every_key)
{
    static const char head[] = "[scenario]\nduration = 10\n";
    size_t checked = 0;
    for (size_t i = 0; i < att_scenario_key_count; i++) {
        const att_scenario_key *k = &att_scenario_key_table[i];
        if (strcmp(k->section, "condition") == 0)
            continue;  /* kept as written, checked when built: see below */
        char text[256];
        if (strcmp(k->section, "phase") == 0)  /* the key last: name and duration once */
            snprintf(text, sizeof text, "[phase]\n%s%s%s = @@\n",
                     strcmp(k->name, "name") ? "name = a\n" : "",
                     strcmp(k->name, "duration") ? "duration = 1\n" : "", k->name);
        else
            snprintf(text, sizeof text, "%s[%s]\n%s = @@\n", head, k->section, k->name);
        att_error err;
        att_scenario *s = load_text(text, NULL, &err);
        ck_assert_msg(s == NULL, "%s.%s = @@ was accepted", k->section, k->name);
        ck_assert_msg(strstr(err.msg, "unknown key") == NULL, "%s.%s: %s", k->section, k->name,
                      err.msg);
        checked++;
    }
    ck_assert_uint_ge(checked, 10);
    att_error err;
    ck_assert_ptr_null(load_text("[scenario]\nduration = 10\nsession = 2\n", NULL, &err));
    ck_assert_str_eq(err.msg + strlen(err.msg) - strlen("(did you mean 'sessions'?)"),
                     "(did you mean 'sessions'?)");
}
END_TEST

/* An int key's table range is the loader's: MIN and MAX load, MIN - 1 and
 * MAX + 1 do not, and the message names the range. */
START_TEST(int_ranges_are_the_loaders)
{
    size_t checked = 0;
    for (size_t i = 0; i < att_scenario_key_count; i++) {
        const att_scenario_key *k = &att_scenario_key_table[i];
        if (strcmp(k->kind, "int") != 0)
            continue;
        char set[96], range[64];
        snprintf(range, sizeof range, "from %.0f to %.0f", k->min, k->max);
        const double tries[4] = { k->min, k->max, k->min - 1, k->max + 1 };
        for (int t = 0; t < 4; t++) {
            if (tries[t] < 0)
                continue;  /* "-1" is no whole number for another reason */
            snprintf(set, sizeof set, "%s.%s=%.0f", k->section, k->name, tries[t]);
            att_error err;
            att_scenario *s = load_text("[scenario]\nduration = 10\n", set, &err);
            if (t < 2) {
                ck_assert_msg(s != NULL, "--set %s: %s", set, err.msg);
            } else {
                ck_assert_msg(s == NULL, "--set %s was accepted", set);
                ck_assert_msg(strstr(err.msg, range) != NULL, "--set %s: %s", set, err.msg);
            }
            att_scenario_free(s);
            checked++;
        }
    }
    ck_assert_uint_ge(checked, 9);  /* seed, sessions, replicates */
}
END_TEST

/* A file that sets nothing holds the table's defaults. */
START_TEST(defaults_are_the_tables)
{
    att_error err;
    att_scenario *s = load_text("[scenario]\nduration = 10\n", NULL, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_double_eq(att_scenario_dt(s), row_of("scenario", "dt")->def);
    ck_assert_double_eq(att_scenario_dt(s), 0.1);
    ck_assert_uint_eq(att_scenario_seed(s), (unsigned long)row_of("scenario", "seed")->def);
    ck_assert_int_eq(att_scenario_sessions(s), (long)row_of("scenario", "sessions")->def);
    ck_assert_double_eq(att_scenario_interval(s), row_of("scenario", "interval")->def);
    ck_assert_double_eq(att_scenario_interval(s), 86400);
    ck_assert_int_eq(att_scenario_replicates(s), (long)row_of("batch", "replicates")->def);
    att_scenario_free(s);
    /* dt's table maximum is the loader's. */
    double dtmax = row_of("scenario", "dt")->max;
    char set[64];
    snprintf(set, sizeof set, "scenario.dt=%g", dtmax * 1.5);
    ck_assert_ptr_null(load_text("[scenario]\nduration = 30\n", set, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "out of range"));
}
END_TEST

/* ---- the docs' tables ---- */

/* Splits a markdown table row "| a | b |" into trimmed cells (backticks
 * dropped); returns the count. */
static size_t cells(char *line, char **cell, size_t max)
{
    size_t n = 0;
    char *p = strchr(line, '|');
    while (p && n < max) {
        char *next = strchr(p + 1, '|');
        if (!next)
            break;
        *next = '\0';
        char *c = p + 1;
        while (*c == ' ' || *c == '`')
            c++;
        char *e = c + strlen(c);
        while (e > c && (e[-1] == ' ' || e[-1] == '`'))
            *--e = '\0';
        cell[n++] = c;
        p = next;
    }
    return n;
}

/* A key of the infant or caregiver tables: those rows are docs/MODEL.md's
 * parameter tables, checked elsewhere. */
static int model_key(const char *name)
{
    return att_param_find(att_infant_param_table, att_infant_param_count, name)
        || att_param_find(att_caregiver_param_table, att_caregiver_param_count, name);
}

/* Checks one docs row against the table row of that name: 0 when it
 * agrees, 1 (the problem, naming the key, in `why`) when it does not, -1
 * when the key is not one of the table's. */
static int doc_row(const char *doc, int lineno, char **cell, int range_col, int def_col,
                   char *why, size_t size)
{
    const att_scenario_key *k = NULL;
    for (size_t i = 0; i < att_scenario_key_count && !k; i++)
        if (strcmp(att_scenario_key_table[i].name, cell[0]) == 0)
            k = &att_scenario_key_table[i];
    if (!k || model_key(cell[0]))
        return -1;
    if (range_col >= 0) {
        const char *br = strchr(cell[range_col], '[');
        double lo, hi;
        if (!br || sscanf(br, "[%lf, %lf]", &lo, &hi) != 2) {
            snprintf(why, size, "%s:%d: key %s: range '%s' is not [MIN, MAX]", doc, lineno,
                     k->name, cell[range_col]);
            return 1;
        }
        if (lo != k->min || hi != k->max) {
            snprintf(why, size, "%s:%d: key %s: the docs say [%g, %g], the loader's table "
                     "[%g, %g]", doc, lineno, k->name, lo, hi, k->min, k->max);
            return 1;
        }
    }
    if (def_col >= 0) {
        double d;
        if (sscanf(cell[def_col], "%lf", &d) != 1 || d != k->def) {
            snprintf(why, size, "%s:%d: key %s: the docs' default is '%s', the loader's %g",
                     doc, lineno, k->name, cell[def_col], k->def);
            return 1;
        }
    }
    return 0;
}

/* Every markdown table whose first column is "key" and that has a range
 * or default column. */
static size_t check_doc(const char *doc)
{
    char file[512], line[2048];
    snprintf(file, sizeof file, "%s/%s", ATT_SRCDIR, doc);
    FILE *f = fopen(file, "r");
    ck_assert_msg(f != NULL, "cannot read %s", file);
    int lineno = 0, range_col = -1, def_col = -1, in_table = 0;
    size_t checked = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *cell[16];
        size_t n = line[0] == '|' ? cells(line, cell, 16) : 0;
        if (n == 0) {
            in_table = 0;
            continue;
        }
        if (!in_table) {  /* the header row */
            in_table = strcmp(cell[0], "key") == 0 ? 1 : -1;
            range_col = def_col = -1;
            for (size_t i = 1; i < n; i++) {
                if (strcmp(cell[i], "range") == 0)
                    range_col = (int)i;
                if (strcmp(cell[i], "default") == 0)
                    def_col = (int)i;
            }
            continue;
        }
        if (in_table < 0 || (range_col < 0 && def_col < 0) || strncmp(cell[0], "---", 3) == 0)
            continue;
        if ((range_col >= (int)n) || (def_col >= (int)n))
            continue;
        char why[512];
        int rc = doc_row(doc, lineno, cell, range_col, def_col, why, sizeof why);
        ck_assert_msg(rc <= 0, "%s", why);
        checked += rc == 0;
    }
    ck_assert_msg(!ferror(f), "reading %s failed", file);   /* ended at the end */
    fclose(f);
    return checked;
}

START_TEST(docs_tables_match)
{
    size_t checked = check_doc("README.md") + check_doc("docs/MODEL.md")
                   + check_doc("docs/BATCH.md");
    /* docs/MODEL.md section 7 lists sessions and interval. */
    ck_assert_uint_ge(checked, 2);
}
END_TEST

/* The docs check fails, naming the key, when a docs row disagrees. */
START_TEST(docs_check_names_the_key)
{
    char row[] = "| `sessions` | count | whole number, [1, 99] | 1 | x |";
    char *cell[16], why[512];
    ck_assert_uint_eq(cells(row, cell, 16), 5);
    ck_assert_str_eq(cell[0], "sessions");
    ck_assert_int_eq(doc_row("doc", 3, cell, 2, 3, why, sizeof why), 1);
    ck_assert_str_eq(why, "doc:3: key sessions: the docs say [1, 99], the loader's table "
                     "[1, 100000]");
    char row2[] = "| `interval` | s | [0, 1e9] | 3600 | x |";
    ck_assert_uint_eq(cells(row2, cell, 16), 5);
    ck_assert_int_eq(doc_row("doc", 4, cell, 2, 3, why, sizeof why), 1);
    ck_assert_str_eq(why, "doc:4: key interval: the docs' default is '3600', the loader's 86400");
    char row3[] = "| `interval` | s | [0, 1e9] | 86400 (a day) | x |";
    ck_assert_uint_eq(cells(row3, cell, 16), 5);
    ck_assert_int_eq(doc_row("doc", 5, cell, 2, 3, why, sizeof why), 0);
    char row4[] = "| `wait_time` | s | [0, 1] | 1 | x |";  /* a caregiver key: not ours */
    ck_assert_uint_eq(cells(row4, cell, 16), 5);
    ck_assert_int_eq(doc_row("doc", 6, cell, 2, 3, why, sizeof why), -1);
}
END_TEST

START_TEST(scenario_reads_sessions_and_interval)
{
    att_scenario *s = load("[scenario]\nduration = 10\nsessions = 30\ninterval = 43200\n");
    ck_assert_int_eq(att_scenario_sessions(s), 30);
    ck_assert_double_eq(att_scenario_interval(s), 43200);
    double v;
    ck_assert_int_eq(att_scenario_value(s, "scenario.sessions", &v), 0);
    ck_assert_double_eq(v, 30);
    att_scenario_free(s);
    s = load("[scenario]\nduration = 10\n");
    ck_assert_int_eq(att_scenario_sessions(s), 1);
    ck_assert_double_eq(att_scenario_interval(s), 86400);
    att_scenario_free(s);
}
END_TEST

Suite *suite_scenario(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = fixture_tcase("load", scn_setup);
    tcase_add_test(tc, test_full_file);
    tcase_add_test(tc, test_defaults_and_session_phase);
    tcase_add_test(tc, test_hash_is_of_file_bytes);
    tcase_add_test(tc, test_lenient_layout);
    tcase_add_test(tc, test_steps_round_trip);
    tcase_add_test(tc, test_free_null);
    tcase_add_test(tc, scenario_reads_sessions_and_interval);
    suite_add_tcase(s, tc);

    tc = fixture_tcase("set", scn_setup);
    tcase_add_test(tc, test_set_overrides);
    tcase_add_test(tc, test_set_phase_key_and_order);
    tcase_add_test(tc, test_set_session_phase);
    tcase_add_test(tc, test_set_errors);
    suite_add_tcase(s, tc);

    tc = fixture_tcase("errors", scn_setup);
    tcase_add_test(tc, test_missing_file);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_unknown_section);
    tcase_add_test(tc, test_unknown_key);
    tcase_add_test(tc, test_given_twice);
    tcase_add_test(tc, test_bad_values);
    tcase_add_test(tc, test_bad_durations);
    tcase_add_test(tc, test_bad_policy_and_rng);
    tcase_add_test(tc, test_bad_phases);
    tcase_add_test(tc, test_layout_errors);
    tcase_add_test(tc, test_foreign_text_and_numbers);
    suite_add_tcase(s, tc);

    tc = tcase_create("shipped");
    tcase_add_test(tc, test_shipped_peekaboo);
    tcase_add_test(tc, test_shipped_still_face);
    suite_add_tcase(s, tc);
    tc = tcase_create("key-table");
    tcase_add_test(tc, table_rows_are_well_formed);
    tcase_add_test(tc, loader_knows_every_key);
    tcase_add_test(tc, int_ranges_are_the_loaders);
    tcase_add_test(tc, defaults_are_the_tables);
    tcase_add_test(tc, docs_tables_match);
    tcase_add_test(tc, docs_check_names_the_key);
    suite_add_tcase(s, tc);
    return s;
}
