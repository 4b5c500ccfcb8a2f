/* The warning for a distress-prone infant's gains where no infant is
 * distress-prone (sim/scenario_warn.c): given exactly when distress_prone
 * is a fixed 0, and true to its word, held to the runs: with distress_prone
 * 0 the gain leaves the trace unchanged, with 1 it changes it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/match.h"
#include "attune/scenario.h"
#include "tests/fixture.h"

/* Ten minutes of still face: long enough for negative affect to start and
 * end, so that both gains have steps to act on. */
static const char base_text[] =
    "[scenario]\n"                    /* 1 */
    "duration = 600\n"                /* 2 */
    "[infant]\n"                      /* 3 */
    "%s\n"                            /* 4 */
    "[caregiver]\n"                   /* 5 */
    "policy = still-face\n";          /* 6 */

static att_scenario *load_text(char *path, size_t size, const char *line4, const char *set)
{
    char text[512];
    snprintf(text, sizeof text, base_text, line4);
    temp_file(path, size, text);
    att_error err = { 0 };
    const char *sets[1] = { set };
    att_scenario *s = att_scenario_load(path, set ? sets : NULL, set ? 1 : 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

/* The trace of a scenario whose line 4 is `line4`, with `set` (or none). */
static char *trace_of(const char *line4, const char *set, att_match_table *mt)
{
    char path[64];
    att_scenario *s = load_text(path, sizeof path, line4, set);
    char *t = trace_text(s, mt, 3);
    att_scenario_free(s);
    unlink(path);
    return t;
}

START_TEST(prone_gain_warned_when_no_infant_is_prone)
{
    char path[64], want[512];
    att_scenario *s = load_text(path, sizeof path, "prone_negative_gain = 5", NULL);
    snprintf(want, sizeof want, "%s:4: warning: infant.prone_negative_gain has no effect on "
             "the infant: distress_prone is 0 throughout the scenario (set it to 1, or draw it: "
             "distress_prone = bernoulli(0.07))", path);
    ck_assert_uint_eq(att_scenario_warning_count(s), 1);
    ck_assert_str_eq(att_scenario_warning(s, 0), want);
    ck_assert_str_eq(att_scenario_warning_key(s, 0), "infant.distress_prone");
    att_scenario_free(s);
    unlink(path);

    /* both gains, one from --set: file lines first, then --set */
    s = load_text(path, sizeof path, "prone_negative_gain = 5", "infant.prone_calm_gain=0.2");
    ck_assert_uint_eq(att_scenario_warning_count(s), 2);
    ck_assert_str_eq(att_scenario_warning(s, 1), "--set infant.prone_calm_gain=0.2: warning: "
                     "infant.prone_calm_gain has no effect on the infant: distress_prone is 0 "
                     "throughout the scenario (set it to 1, or draw it: distress_prone = "
                     "bernoulli(0.07))");
    att_scenario_free(s);
    unlink(path);

    /* no warning once an infant can be prone: set to 1, or drawn */
    const char *prone[] = { "infant.distress_prone=1", "infant.distress_prone=bernoulli(0.5)" };
    for (int i = 0; i < 2; i++) {
        s = load_text(path, sizeof path, "prone_negative_gain = 5", prone[i]);
        ck_assert_msg(att_scenario_warning_count(s) == 0, "%s: %s", prone[i],
                      att_scenario_warning(s, 0));
        att_scenario_free(s);
        unlink(path);
    }
    /* nor without a gain set */
    s = load_text(path, sizeof path, "reactivity = 1", NULL);
    ck_assert_uint_eq(att_scenario_warning_count(s), 0);
    att_scenario_free(s);
    unlink(path);
}
END_TEST

/* What the warning says, against the runs themselves: a fixed gain set
 * where distress_prone is 0 leaves the trace byte for byte as it was. */
START_TEST(prone_gain_changes_the_run_only_of_a_prone_infant)
{
    att_match_table *mt = load_match("attuned");
    const char *gains[] = { "prone_negative_gain = 50", "prone_calm_gain = 0.01" };
    char *plain = trace_of("reactivity = 1", NULL, mt);
    char *prone = trace_of("reactivity = 1", "infant.distress_prone=1", mt);
    for (int g = 0; g < 2; g++) {
        char *warned = trace_of(gains[g], NULL, mt);
        ck_assert_msg(strcmp(warned, plain) == 0, "%s changed a run with distress_prone 0",
                      gains[g]);
        char *acting = trace_of(gains[g], "infant.distress_prone=1", mt);
        ck_assert_msg(strcmp(acting, prone) != 0, "%s left a prone infant's run unchanged",
                      gains[g]);
        free(warned);
        free(acting);
    }
    free(plain);
    free(prone);
    att_match_table_free(mt);
}
END_TEST

/* In an experiment, each condition is judged on its own infants. */
START_TEST(prone_gain_warned_per_condition)
{
    static const char text[] =
        "[scenario]\n"                        /* 1 */
        "duration = 10\n"                     /* 2 */
        "[infant]\n"                          /* 3 */
        "prone_calm_gain = 0.5\n"             /* 4 */
        "[condition]\n"                       /* 5 */
        "name = prone\n"                      /* 6 */
        "infant.distress_prone = 1\n"         /* 7 */
        "[condition]\n"                       /* 8 */
        "name = typical\n";                   /* 9 */
    char path[64], want[512];
    temp_file(path, sizeof path, text);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(path, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    snprintf(want, sizeof want, "%s:4: warning: infant.prone_calm_gain has no effect on the "
             "infant: distress_prone is 0 throughout the scenario (set it to 1, or draw it: "
             "distress_prone = bernoulli(0.07)) (condition 'typical')", path);
    ck_assert_uint_eq(att_scenario_warning_count(s), 1);
    ck_assert_str_eq(att_scenario_warning(s, 0), want);
    ck_assert_str_eq(att_scenario_warning_key(s, 0), "infant.distress_prone");
    ck_assert_uint_eq(att_scenario_warning_count(att_scenario_condition(s, 0)), 0);
    ck_assert_uint_eq(att_scenario_warning_count(att_scenario_condition(s, 1)), 1);
    att_scenario_free(s);
    unlink(path);
}
END_TEST

Suite *suite_prone_warn(void)
{
    Suite *s = suite_create("prone_warn");
    TCase *tc = tcase_create("prone_warn");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, prone_gain_warned_when_no_infant_is_prone);
    tcase_add_test(tc, prone_gain_changes_the_run_only_of_a_prone_infant);
    tcase_add_test(tc, prone_gain_warned_per_condition);
    suite_add_tcase(s, tc);
    return s;
}
