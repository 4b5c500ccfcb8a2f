/* The one error channel (issue 13, part 3): functions that used to fail with
 * a bare NULL or -1 now fill the caller's att_error.  Each test makes one
 * fail on purpose and checks the code and that the message says what went
 * wrong; the matching successful call shows the failure was the argument. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "attune/caregiver.h"
#include "attune/infant.h"
#include "attune/pool.h"
#include "attune/report.h"
#include "attune/scorer.h"
#include "attune/tally.h"
#include "attune/twosample.h"

/* Fails unless err holds `code` and a message containing `word`. */
static void expect_err(const att_error *err, int code, const char *word)
{
    ck_assert_int_eq(err->code, code);
    ck_assert_msg(strstr(err->msg, word) != NULL, "message '%s' lacks '%s'", err->msg, word);
}

START_TEST(population_index_out_of_range)
{
    att_infant_params p;
    att_infant_params_default(&p);
    char buf[160];
    att_error err = { 0 };
    ck_assert_int_eq(att_infant_population_set(att_infant_population_count, &p, buf,
                                               sizeof buf, &err), ATT_EINPUT);
    expect_err(&err, ATT_EINPUT, "does not exist");
    ck_assert_int_eq(att_infant_population_set(att_infant_population_count + 5, &p, buf,
                                               sizeof buf, NULL), ATT_EINPUT);
    /* The last entry exists and fits. */
    att_error ok = { 0 };
    ck_assert_int_eq(att_infant_population_set(att_infant_population_count - 1, &p, buf,
                                               sizeof buf, &ok), ATT_OK);
    ck_assert_int_eq(ok.code, ATT_OK);
    ck_assert_int_eq(strncmp(buf, "infant.", 7), 0);
}
END_TEST

START_TEST(population_buffer_too_small)
{
    att_infant_params p;
    att_infant_params_default(&p);
    char buf[8];
    att_error err = { 0 };
    /* "infant." alone takes 7 of the 8 bytes. */
    ck_assert_int_eq(att_infant_population_set(0, &p, buf, sizeof buf, &err), ATT_EINPUT);
    expect_err(&err, ATT_EINPUT, "too small");
    ck_assert_int_eq(att_infant_population_set(0, &p, buf, sizeof buf, NULL), ATT_EINPUT);
}
END_TEST

START_TEST(caregiver_refuses_bad_arguments)
{
    const att_policy_type *patient = att_policy_find("patient");
    ck_assert_ptr_nonnull(patient);
    att_caregiver_params p = patient->defaults;
    att_error err = { 0 };
    ck_assert_ptr_null(att_caregiver_new(patient, &p, 0.0, 0.5, &err));
    expect_err(&err, ATT_EINPUT, "time step");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_caregiver_new(patient, &p, 0.1, -1.0, &err));
    expect_err(&err, ATT_EINPUT, "perception delay");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_caregiver_new(patient, &p, 0.1, NAN, &err));
    expect_err(&err, ATT_EINPUT, "perception delay");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_caregiver_new(NULL, &p, 0.1, 0.5, &err));
    expect_err(&err, ATT_EINPUT, "no policy");
    ck_assert_ptr_null(att_caregiver_new(patient, NULL, 0.1, 0.5, NULL));
    att_error ok = { 0 };
    att_caregiver *cg = att_caregiver_new(patient, &p, 0.1, 0.5, &ok);
    ck_assert_ptr_nonnull(cg);
    ck_assert_int_eq(ok.code, ATT_OK);
    att_caregiver_free(cg);
}
END_TEST

START_TEST(constructors_refuse_missing_inputs)
{
    att_error err = { 0 };
    ck_assert_ptr_null(att_infant_new(NULL, &err));
    expect_err(&err, ATT_EINPUT, "infant");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_scorer_new(NULL, &err));
    expect_err(&err, ATT_EINPUT, "match table");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_report_new(NULL, ATT_FORMAT_CSV, 0, &err));
    expect_err(&err, ATT_EINPUT, "no stream");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_report_new(stdout, (att_format)7, 0, &err));
    expect_err(&err, ATT_EINPUT, "format");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_pool_new(0.0, &err));
    expect_err(&err, ATT_EINPUT, "cutoff");
    err = (att_error){ 0 };
    ck_assert_ptr_null(att_pool_new(NAN, &err));
    expect_err(&err, ATT_EINPUT, "cutoff");
    ck_assert_ptr_null(att_pool_new(-1.0, NULL));
    /* The same constructors with good arguments. */
    att_error ok = { 0 };
    att_infant_params ip;
    att_infant_params_default(&ip);
    att_infant *inf = att_infant_new(&ip, &ok);
    att_report *rep = att_report_new(stdout, ATT_FORMAT_JSON, 1, &ok);
    att_pool *pool = att_pool_new(30.0, &ok);
    att_tally *t = att_tally_new(&ok);
    ck_assert_ptr_nonnull(inf);
    ck_assert_ptr_nonnull(rep);
    ck_assert_ptr_nonnull(pool);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(att_tally_add(t, 1500000, 1, 2, &ok), ATT_OK);
    ck_assert_int_eq(att_tally_count(t), 2);
    ck_assert_int_eq(ok.code, ATT_OK);
    att_tally_free(t);
    att_pool_free(pool);
    att_report_free(rep);
    att_infant_free(inf);
}
END_TEST

/* Sizes no machine can hold: the tests refuse them before touching the
 * data, so the dummy pointers are never read. */
START_TEST(impossible_sizes_are_out_of_memory)
{
    double dummy = 0, chisq, df, p;
    att_km_group groups[1] = { { 0 } };
    att_error err = { 0 };
    ck_assert_int_eq(att_logrank_test(groups, SIZE_MAX / 2, NULL, NULL, &chisq, &df, &p, &err),
                     ATT_ENOMEM);
    expect_err(&err, ATT_ENOMEM, "out of memory");
    ck_assert(isnan(chisq) && isnan(df) && isnan(p));
    err = (att_error){ 0 };
    att_mann_whitney mw;
    ck_assert_int_eq(att_mann_whitney_test(&dummy, SIZE_MAX / 4, &dummy, SIZE_MAX / 4, &mw, &err),
                     ATT_ENOMEM);
    expect_err(&err, ATT_ENOMEM, "out of memory");
    ck_assert_int_eq(att_logrank_test(groups, SIZE_MAX / 2, NULL, NULL, &chisq, &df, &p, NULL),
                     ATT_ENOMEM);
}
END_TEST

Suite *suite_errchan(void)
{
    Suite *s = suite_create("errchan");
    TCase *tc = tcase_create("errchan");
    tcase_add_test(tc, population_index_out_of_range);
    tcase_add_test(tc, population_buffer_too_small);
    tcase_add_test(tc, caregiver_refuses_bad_arguments);
    tcase_add_test(tc, constructors_refuse_missing_inputs);
    tcase_add_test(tc, impossible_sizes_are_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}
