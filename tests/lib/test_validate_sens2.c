/* The headline conclusions of the sensitivity table (validate/
 * validate_sens_head.c, validate_sens_write.c): the list against the
 * suite's own ids and the rule docs/VALIDATION.md section 8 states, and
 * the verdict on tables made by hand, worded as worked out here. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/validate.h"

START_TEST(test_lookup)
{
    /* 4 play + 8 sf + 4 reunion + 6 peekaboo + 2 repair + 9 presets + 11
     * chronic (docs/VALIDATION.md section 4) + 21 expert (10 until session
     * 20, 18 until session 21, 19 until session 29's two d's as coded) */
    ck_assert_uint_eq(att_vsens_headline_count, 65);
    /* of the trait checks only the finding read in a study: the others
     * follow from a trait's definition or are a judged range */
    ck_assert_ptr_nonnull(att_vsens_headline("expert.reactive_reunion_negative"));
    ck_assert_ptr_null(att_vsens_headline("expert.reactive_sf_negative"));
    ck_assert_ptr_null(att_vsens_headline("expert.soothable_reunion_negative"));
    ck_assert_ptr_null(att_vsens_headline("expert.age_play_gaze"));
    ck_assert_ptr_nonnull(att_vsens_headline("sf.gaze_d"));
    ck_assert_ptr_nonnull(att_vsens_headline("expert.sf_gaze_d"));
    ck_assert_ptr_nonnull(att_vsens_headline("chronic.reengages"));
    ck_assert_ptr_null(att_vsens_headline("numeric.gaze_d"));
    ck_assert_ptr_null(att_vsens_headline("expert.gaze_measure"));
    ck_assert_ptr_null(att_vsens_headline("expert.sf_gaze_d_half"));
    ck_assert_ptr_null(att_vsens_headline("expert.play_aversions"));
    ck_assert_ptr_nonnull(att_vsens_headline("expert.avoidant_reunion_gaze"));
    ck_assert_ptr_null(att_vsens_headline("expert.intrusive_push_after"));
    ck_assert_ptr_null(att_vsens_headline("sf.gaze"));   /* ids, not prefixes */
    ck_assert_ptr_null(att_vsens_headline("sf.gaze_d "));
    ck_assert_ptr_null(att_vsens_headline(""));
    ck_assert_ptr_null(att_vsens_headline(NULL));
    for (size_t i = 0; i < att_vsens_headline_count; i++) {
        ck_assert_msg(att_vsens_headlines[i].claim[0] != '\0', "%s: no claim",
                      att_vsens_headlines[i].id);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(att_vsens_headlines[i].id, att_vsens_headlines[j].id);
    }
}
END_TEST

typedef fixture_ids ids;

static size_t count_prefix(const ids *k, const char *prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < k->n; i++)
        n += strncmp(k->id[i], prefix, strlen(prefix)) == 0;
    return n;
}

/* The whole suite, small: every listed id is a check of it, and each
 * check is a headline exactly when the rule says. */
START_TEST(test_list_matches_the_suite)
{
    static const char *const match_path[] = { ATT_SRCDIR "/data/match", NULL };
    static ids all;
    att_validate_opts o = { .scenario_dir = ATT_SRCDIR "/scenarios", .match_path = match_path,
                            .seed = 5, .infants = 6, .boot = 10, .jobs = 2 };
    att_error err = { 0 };
    all.n = 0;
    ck_assert_msg(att_validate_run(&o, fixture_keep_id, &all, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(count_prefix(&all, "expert."), 46);   /* by default since session 9;
                                                              * 28 until expert.play_cry,
                                                              * 40 until session 21,
                                                              * 44 until session 29 */
    size_t headline = 0;
    for (size_t i = 0; i < all.n; i++) {
        ck_assert_msg((att_vsens_headline(all.id[i]) != NULL) == headline_by_rule(all.id[i]),
                      "%s", all.id[i]);
        headline += headline_by_rule(all.id[i]);
    }
    ck_assert_uint_eq(headline, att_vsens_headline_count);   /* none listed that is not run */
}
END_TEST

/* ---- the verdict on tables made by hand ---- */

static char *verdict_of(const att_vsens *t, int md)
{
    att_buf b = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_vsens_verdict(t, md, &b, &err), ATT_OK);
    ck_assert_ptr_nonnull(b.data);
    return b.data;
}

START_TEST(test_verdict)
{
    char none[] = "", lost[] = "play.cadence sf.gaze_d", mixed[] = "+sf.negative_d chronic.disengage",
         gained[] = "+sf.negative_d", failing[] = "sf.negative_d";
    att_vsens_row rows[] = {
        { "", 1, NAN, 0, 40, 44, none, none },
        { "infant.bid_rate", 0.7, 1.05, 0, 40, 44, none, none },
        { "infant.bid_rate", 1.3, 1.95, 0, 38, 44, lost, lost },
        { "caregiver.wait_time", 0.7, 5.6, 0, 40, 44, mixed, mixed },
        { "caregiver.wait_time", 1.3, 10.4, 0, 41, 44, gained, gained },
    };
    att_vsens t = { rows, 5, 44, failing };
    size_t nlost = 9, ngained = 9;
    att_vsens_headline_rows(&t, &nlost, &ngained);
    ck_assert_uint_eq(nlost, 2);     /* bid_rate x 1.3, wait_time x 0.7 */
    ck_assert_uint_eq(ngained, 2);   /* wait_time x 0.7 and x 1.3 */
    char *v = verdict_of(&t, 0);
    ck_assert_str_eq(v, "headline conclusions: 44 of the 44 checks run, 1 fails unperturbed "
                        "(sf.negative_d); 2 of the 4 changes flip one: infant.bid_rate x 1.3 "
                        "(play.cadence sf.gaze_d), caregiver.wait_time x 0.7 "
                        "(chronic.disengage); 2 of the 4 changes make a failing one pass: "
                        "caregiver.wait_time x 0.7 (sf.negative_d), caregiver.wait_time x 1.3 "
                        "(sf.negative_d)");
    free(v);

    /* Every headline passing, nothing flipped; a non-headline flip (in
     * `flipped` only) is not the verdict's business. */
    char other[] = "numeric.cadence";
    att_vsens_row calm[] = {
        { "", 1, NAN, 0, 49, 49, none, none },
        { "infant.bid_rate", 0.7, 1.05, 0, 48, 49, other, none },
    };
    att_vsens c = { calm, 2, 44, none };
    att_vsens_headline_rows(&c, &nlost, &ngained);
    ck_assert_uint_eq(nlost + ngained, 0);
    v = verdict_of(&c, 1);
    ck_assert_str_eq(v, "headline conclusions: 44 of the 49 checks run, all pass unperturbed; "
                        "none of the 1 change flips one");
    free(v);
    c.headlines = 0;
    v = verdict_of(&c, 0);
    ck_assert_str_eq(v, "headline conclusions: none of the 49 checks run");
    free(v);

    /* markdown: keys and ids in backquotes, the '+' dropped */
    t.n = 4;
    v = verdict_of(&t, 1);
    ck_assert_str_eq(v, "headline conclusions: 44 of the 44 checks run, 1 fails unperturbed "
                        "(`sf.negative_d`); 2 of the 3 changes flip one: `infant.bid_rate` x 1.3 "
                        "(`play.cadence` `sf.gaze_d`), `caregiver.wait_time` x 0.7 "
                        "(`chronic.disengage`); 1 of the 3 changes makes a failing one pass: "
                        "`caregiver.wait_time` x 0.7 (`sf.negative_d`)");
    free(v);
    att_vsens_headline_rows(NULL, &nlost, &ngained);
    ck_assert_uint_eq(nlost + ngained, 0);
}
END_TEST

/* The markdown names the --only prefix; the CSV's last column is the
 * headline one, quoted as any field. */
START_TEST(test_write_only)
{
    char none[] = "", some[] = "expert.play_aversions expert.sf_gaze_d", head[] = "expert.sf_gaze_d";
    att_vsens_row rows[] = {
        { "", 1, NAN, 0, 2, 2, none, none },
        { "infant.stim_gain", 1.3, 0.585, 0, 0, 2, some, head },
    };
    att_vsens t = { rows, 2, 1, none };
    att_validate_opts o = { .seed = 3, .infants = 20, .boot = 50, .only = "expert" };
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_error err = { 0 };
    ck_assert_int_eq(att_vsens_write(fp, ATT_FORMAT_TABLE, &o, &t, &err), ATT_OK);
    ck_assert_int_eq(att_vsens_write(fp, ATT_FORMAT_CSV, &o, &t, &err), ATT_OK);
    fclose(fp);
    ck_assert_str_eq(buf, "attune validate --sensitivity: 20 infants per population, 50 "
                          "resamples, seed 3, only ids starting expert\n\n"
                          "| parameter | factor | value | passed | flipped | headline |\n"
                          "|---|---|---|---|---|---|\n"
                          "| none (unperturbed) | 1 | | 2/2 |  |  |\n"
                          "| `infant.stim_gain` | 1.3 | 0.585 | 0/2 | `expert.play_aversions` "
                          "`expert.sf_gaze_d` | `expert.sf_gaze_d` |\n\n"
                          "headline conclusions: 1 of the 2 checks run, all pass unperturbed; "
                          "1 of the 1 change flips one: `infant.stim_gain` x 1.3 "
                          "(`expert.sf_gaze_d`).\n"
                          "parameter,factor,value,cut,passed,total,flipped,headline\n"
                          "none,1,,0,2,2,,\n"
                          "infant.stim_gain,1.3,0.585,0,0,2,expert.play_aversions "
                          "expert.sf_gaze_d,expert.sf_gaze_d\n");
    free(buf);
}
END_TEST

Suite *suite_validate_sens2(void)
{
    Suite *s = suite_create("validate_sens2");
    TCase *tc = fixture_tcase("validate_sens2", setup);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_lookup);
    tcase_add_test(tc, test_list_matches_the_suite);
    tcase_add_test(tc, test_verdict);
    tcase_add_test(tc, test_write_only);
    suite_add_tcase(s, tc);
    return s;
}
