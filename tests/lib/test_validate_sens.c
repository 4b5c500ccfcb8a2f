/* The sensitivity table's library part (validate/validate_sens*.c):
 * parameter names, the overrides that move a scenario's centre (values
 * worked out by hand from the scenario's, or the defaults of the parameter
 * tables where it sets none), the reference values,
 * the default parameter list, bad arguments refused before anything runs,
 * and the CSV and markdown of a table made by hand. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/infant.h"
#include "attune/validate.h"

START_TEST(test_key_names)
{
    char full[80];
    att_error err = { 0 };
    ck_assert_int_eq(att_vscale_key("negative_threshold", full, sizeof full, &err), ATT_OK);
    ck_assert_str_eq(full, "infant.negative_threshold");
    ck_assert_int_eq(att_vscale_key("wait_time", full, sizeof full, &err), ATT_OK);
    ck_assert_str_eq(full, "caregiver.wait_time");
    ck_assert_int_eq(att_vscale_key("caregiver.arousal_tau", full, sizeof full, &err), ATT_OK);
    ck_assert_str_eq(full, "caregiver.arousal_tau");
    ck_assert_int_eq(att_vscale_key("arousal_tau", full, sizeof full, &err), ATT_EINPUT);
    ck_assert_str_eq(err.msg, "parameter 'arousal_tau' is both infant.arousal_tau and "
                     "caregiver.arousal_tau: name one");
    ck_assert_int_eq(att_vscale_key("negative_treshold", full, sizeof full, &err), ATT_EINPUT);
    ck_assert_str_eq(err.msg, "unknown parameter 'negative_treshold' (did you mean "
                     "'infant.negative_threshold'?)");
    ck_assert_int_eq(att_vscale_key("caregiver.wait_tme", full, sizeof full, &err), ATT_EINPUT);
    ck_assert_str_eq(err.msg, "unknown parameter 'caregiver.wait_tme' (did you mean "
                     "'caregiver.wait_time'?)");
    ck_assert_int_eq(att_vscale_key("infant.wait_time", full, sizeof full, &err), ATT_EINPUT);
    /* the population's trait: drawn around 0, so a factor cannot move it */
    ck_assert_int_eq(att_vscale_key("distress_prone", full, sizeof full, &err), ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "infant.distress_prone is a trait") != NULL
                  && strstr(err.msg, "chance 0.07") != NULL, "%s", err.msg);
    ck_assert_int_eq(att_vscale_key("infant.prone_negative_gain", full, sizeof full, &err), ATT_OK);
    ck_assert_int_eq(att_vscale_key("zzzzzzzz", full, sizeof full, &err), ATT_EINPUT);
    ck_assert_str_eq(err.msg, "unknown parameter 'zzzzzzzz' (a key of [infant] or [caregiver], "
                     "see 'attune keys')");
    ck_assert_int_eq(att_vscale_key("bid_rate", full, 10, &err), ATT_EINPUT);
}
END_TEST

/* Three episodes as in still-face.ini: the patient mother, her still face,
 * the patient mother again; the infant's negative_threshold pinned at 0.8,
 * none of the model's defaults (0.85 since session 10, 0.92 before), so
 * that a centre read from the defaults instead of the scenario fails, and
 * 0.8 x 1.3 = 1.04 is cut at the range 0-1 whatever the default. */
static const char three[] = "[infant]\nnegative_threshold = 0.8\n"
                            "[caregiver]\npolicy = patient\n"
                            "[phase]\nname = play\nduration = 10\n"
                            "[phase]\nname = still\nduration = 10\npolicy = still-face\n"
                            "[phase]\nname = again\nduration = 10\npolicy = patient\n";

/* The number after '=' in an override. */
static double value_of(const char *set)
{
    const char *eq = strchr(set, '=');
    ck_assert_ptr_nonnull(eq);
    double v = 0;
    ck_assert_int_eq(att_parse_double(eq + 1, &v), 0);
    return v;
}

START_TEST(test_sets_move_the_centre)
{
    char path[200];
    in_work(path, sizeof path, "three.ini");
    att_scenario *s = load_at(path, three, NULL, 0);
    char (*sets)[ATT_VSCALE_SET_MAX] = NULL;
    size_t n = 99;
    long cut = 0;
    att_error err = { 0 };

    /* the infant: the scenario's 0.8 x 0.7, written exactly */
    att_vscale down = { "infant.negative_threshold", 0.7 };
    ck_assert_int_eq(att_vscale_sets(s, &down, 1, &sets, &n, &cut, &err), ATT_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert(strncmp(sets[0], "infant.negative_threshold=", 26) == 0);
    ck_assert(value_of(sets[0]) == 0.8 * 0.7);
    ck_assert_int_eq(cut, 0);
    free(sets);

    /* the mother: only the phases whose policy reads wait_time (not the
     * still face), 8 s x 0.7 */
    att_vscale wait = { "caregiver.wait_time", 0.7 };
    ck_assert_int_eq(att_vscale_sets(s, &wait, 1, &sets, &n, &cut, &err), ATT_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert(strncmp(sets[0], "phase.play.wait_time=", 21) == 0);
    ck_assert(strncmp(sets[1], "phase.again.wait_time=", 22) == 0);
    ck_assert(value_of(sets[0]) == 8 * 0.7 && value_of(sets[1]) == 8 * 0.7);
    free(sets);

    /* cut at the range: 0.8 x 1.3 > 1, and 0.95 x 1.3 > 1 in two phases */
    att_vscale up[] = { { "infant.negative_threshold", 1.3 }, { "caregiver.responsiveness", 1.3 } };
    ck_assert_int_eq(att_vscale_sets(s, up, 2, &sets, &n, &cut, &err), ATT_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(sets[0], "infant.negative_threshold=1");
    ck_assert_str_eq(sets[1], "phase.play.responsiveness=1");
    ck_assert_str_eq(sets[2], "phase.again.responsiveness=1");
    ck_assert_int_eq(cut, 3);
    free(sets);

    /* the overrides load: the moved scenario has the values */
    att_vscale both[] = { { "infant.bid_rate", 2 }, { "caregiver.wait_time", 0.5 } };
    ck_assert_int_eq(att_vscale_sets(s, both, 2, &sets, &n, NULL, &err), ATT_OK);
    const char *list[3] = { sets[0], sets[1], sets[2] };
    att_scenario *m = att_scenario_load(path, list, n, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert(att_scenario_infant(m)->bid_rate == 2 * att_scenario_infant(s)->bid_rate);
    ck_assert(att_scenario_phase(m, 0)->params.wait_time == 4);
    ck_assert(att_scenario_phase(m, 1)->params.wait_time == att_scenario_phase(s, 1)->params.wait_time);
    ck_assert(att_scenario_phase(m, 2)->params.wait_time == 4);
    att_scenario_free(m);
    free(sets);

    /* nothing to do; bad changes */
    ck_assert_int_eq(att_vscale_sets(s, NULL, 0, &sets, &n, NULL, &err), ATT_OK);
    ck_assert_ptr_null(sets);
    ck_assert_uint_eq(n, 0);
    att_vscale zero = { "infant.bid_rate", 0 }, nan_ = { "infant.bid_rate", NAN },
               nokey = { "infant.nosuch", 1 };
    ck_assert_int_eq(att_vscale_sets(s, &zero, 1, &sets, &n, NULL, &err), ATT_EINPUT);
    ck_assert_ptr_null(sets);
    ck_assert_int_eq(att_vscale_sets(s, &nan_, 1, &sets, &n, NULL, &err), ATT_EINPUT);
    ck_assert_int_eq(att_vscale_sets(s, &nokey, 1, &sets, &n, NULL, &err), ATT_EINPUT);
    ck_assert_ptr_null(sets);
    att_scenario_free(s);
}
END_TEST

START_TEST(test_reference_and_defaults)
{
    int cut = -1;
    /* the reference is the default infant's (read from the parameter
     * table, whatever it holds: 0.85 since session 10) x 0.7; x 2 is cut
     * at the range 0-1 for any default above 0.5 */
    att_infant_params def;
    att_infant_params_default(&def);
    const double nt = def.negative_threshold;
    ck_assert_msg(nt > 0.5 && nt <= 1, "default negative_threshold %g: x 2 would not be cut", nt);
    ck_assert(fabs(att_vscale_reference("infant.negative_threshold", 0.7, &cut) - nt * 0.7)
              < 1e-12);
    ck_assert_int_eq(cut, 0);
    ck_assert(att_vscale_reference("infant.negative_threshold", 2, &cut) == 1);
    ck_assert_int_eq(cut, 1);
    ck_assert(fabs(att_vscale_reference("caregiver.wait_time", 1.3, &cut) - 10.4) < 1e-12);
    ck_assert_int_eq(cut, 0);
    ck_assert(att_vscale_reference("caregiver.responsiveness", 1.3, &cut) == 1);
    ck_assert_int_eq(cut, 1);
    /* the patient mother ignores intrusiveness: the intrusive mother's 0.9 */
    ck_assert(fabs(att_vscale_reference("caregiver.intrusiveness", 0.7, &cut) - 0.63) < 1e-12);
    ck_assert_int_eq(cut, 0);
    ck_assert(isnan(att_vscale_reference("negative_threshold", 1, NULL)));

    /* the population's 13 keys a factor moves (its 14th, the trait
     * distress_prone, is drawn around 0 and left out), the infant's 28
     * mechanism keys (the list of docs/VALIDATION.md 8, typed here from
     * it), then the mother's 7 */
    char buf[64];
    ck_assert_uint_eq(att_vsens_default_count(), 48);
    ck_assert_uint_eq(att_infant_population_count, 14);
    ck_assert_str_eq(att_infant_population[13].key, "distress_prone");
    ck_assert_int_eq(att_infant_population[13].kind, 'b');
    for (size_t i = 0; i < 13; i++) {
        char expect[64];
        snprintf(expect, sizeof expect, "infant.%s", att_infant_population[i].key);
        ck_assert_str_eq(att_vsens_default_key(i, buf, sizeof buf), expect);
    }
    static const char *const mechanism[] = {
        "calm_rate", "calm_adaptation", "negative_rate",
        "distress_threshold", "frustration_rate", "arousal_adaptation",
        "unanswered_avert_rate", "upset_negative_rate", "upset_threshold_share",
        "upset_shift", "upset_tau", "hope_wariness", "hope_tau", "state_gaze",
        "look_build", "push_threshold", "irritation_threshold", "irritation_tau",
        "protest_rate", "hope_buffer", "age_gaze", "age_regulation", "state_smile",
        "protest_futility", "futility_tau", "prone_negative_gain", "prone_calm_gain",
        "arousal_width" };
    for (size_t i = 0; i < 28; i++) {
        char expect[64];
        snprintf(expect, sizeof expect, "infant.%s", mechanism[i]);
        ck_assert_str_eq(att_vsens_default_key(13 + i, buf, sizeof buf), expect);
        /* each is a key of the table, so --scale takes it */
        ck_assert(!isnan(att_vscale_reference(expect, 1, NULL)));
    }
    static const char *const mother[] = { "wait_time", "intrusiveness", "responsiveness",
                                          "perception_delay", "repair_latency",
                                          "play_stimulation", "gentling" };
    for (size_t i = 0; i < 7; i++) {
        char expect[64];
        snprintf(expect, sizeof expect, "caregiver.%s", mother[i]);
        ck_assert_str_eq(att_vsens_default_key(41 + i, buf, sizeof buf), expect);
    }
    /* the patient mother's gentling (docs/MODEL.md 4.7), 0.75 x 0.7 */
    ck_assert(fabs(att_vscale_reference("caregiver.gentling", 0.7, NULL) - 0.525) < 1e-12);
    ck_assert_ptr_null(att_vsens_default_key(48, buf, sizeof buf));
    ck_assert_ptr_null(att_vsens_default_key(0, buf, 8));
    ck_assert_ptr_null(att_vsens_default_key(20, buf, 8));   /* a mechanism key: too long */
    ck_assert_ptr_null(att_vsens_default_key(47, buf, 8));
}
END_TEST

/* Bad arguments are refused before the suite runs: the folder does not
 * exist, so a run would fail with another message. */
START_TEST(test_bad_arguments)
{
    att_validate_opts o = { .scenario_dir = "/nonexistent", .seed = 1, .infants = 10,
                            .boot = 0, .jobs = 1 };
    static const char *const one[] = { "bid_rate" };
    static const char *const twice[] = { "bid_rate", "infant.bid_rate" };
    static const char *const unknown[] = { "nosuch_key" };
    const double ok[] = { 0.7 }, zero[] = { 0.7, 0 }, neg[] = { -1 }, inf[] = { INFINITY };
    struct {
        const char *const *keys;
        size_t nkeys;
        const double *f;
        size_t nf;
        const char *msg;
    } bad[] = {
        { one, 0, ok, 1, "no parameter to vary" },
        { one, 1, ok, 0, "no factor to multiply by" },
        { one, 1, zero, 2, "factor 0: must be a positive number" },
        { one, 1, neg, 1, "factor -1: must be a positive number" },
        { one, 1, inf, 1, "factor inf: must be a positive number" },
        { twice, 2, ok, 1, "parameter infant.bid_rate is named twice" },
        { unknown, 1, ok, 1, "unknown parameter 'nosuch_key' (a key of [infant] or "
                              "[caregiver], see 'attune keys')" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        att_vsens t = { 0 };
        att_error err = { 0 };
        ck_assert_int_eq(att_validate_sensitivity(&o, bad[i].keys, bad[i].nkeys, bad[i].f,
                                                  bad[i].nf, NULL, NULL, &t, &err), ATT_EINPUT);
        ck_assert_str_eq(err.msg, bad[i].msg);
        ck_assert_ptr_null(t.rows);
        ck_assert_uint_eq(t.n, 0);
    }
    att_vsens_free(NULL);
}
END_TEST

/* The writers on a table made by hand. */
static char *written(att_format fmt, const att_vsens *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_validate_opts o = { .seed = 7, .infants = 40, .boot = 100, .only = "play" };
    att_error err = { 0 };
    ck_assert_int_eq(att_vsens_write(fp, fmt, &o, t, &err), ATT_OK);
    fclose(fp);
    return buf;
}

START_TEST(test_writers)
{
    char none[] = "", some[] = "play.cadence +play.repair_next", failing[] = "play.repair_next";
    att_vsens_row rows[] = {
        { "", 1, NAN, 0, 3, 4, none, none },
        { "infant.negative_threshold", 0.7, 0.546, 0, 3, 4, some, some },
        { "infant.negative_threshold", 1.3, 1, 1, 3, 4, none, none },
    };
    att_vsens t = { rows, 3, 4, failing };
    char *csv = written(ATT_FORMAT_CSV, &t);
    ck_assert_str_eq(csv, "parameter,factor,value,cut,passed,total,flipped,headline\n"
                          "none,1,,0,3,4,,\n"
                          "infant.negative_threshold,0.7,0.546,0,3,4,play.cadence +play.repair_next,"
                          "play.cadence +play.repair_next\n"
                          "infant.negative_threshold,1.3,1,1,3,4,,\n");
    free(csv);
    char *md = written(ATT_FORMAT_TABLE, &t);
    ck_assert_str_eq(md, "attune validate --sensitivity: 40 infants per population, 100 "
                         "resamples, seed 7, only ids starting play\n\n"
                         "| parameter | factor | value | passed | flipped | headline |\n"
                         "|---|---|---|---|---|---|\n"
                         "| none (unperturbed) | 1 | | 3/4 |  |  |\n"
                         "| `infant.negative_threshold` | 0.7 | 0.546 | 3/4 | `play.cadence` "
                         "+`play.repair_next` | `play.cadence` +`play.repair_next` |\n"
                         "| `infant.negative_threshold` | 1.3 | 1 (cut) | 3/4 |  |  |\n\n"
                         "headline conclusions: 4 of the 4 checks run, 1 fails unperturbed "
                         "(`play.repair_next`); 1 of the 2 changes flips one: "
                         "`infant.negative_threshold` x 0.7 (`play.cadence`); 1 of the 2 "
                         "changes makes a failing one pass: `infant.negative_threshold` x 0.7 "
                         "(`play.repair_next`).\n");
    free(md);
    att_error err = { 0 };
    ck_assert_int_eq(att_vsens_write(stdout, ATT_FORMAT_JSON, NULL, &t, &err), ATT_EINPUT);
}
END_TEST

Suite *suite_validate_sens(void)
{
    Suite *s = suite_create("validate_sens");
    TCase *tc = fixture_tcase("validate_sens", setup);
    tcase_add_test(tc, test_key_names);
    tcase_add_test(tc, test_sets_move_the_centre);
    tcase_add_test(tc, test_reference_and_defaults);
    tcase_add_test(tc, test_bad_arguments);
    tcase_add_test(tc, test_writers);
    suite_add_tcase(s, tc);
    return s;
}
