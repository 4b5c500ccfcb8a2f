/* Latency tallies (stats/tally.c): counts of repaired and censored
 * ruptures per distinct latency in whole microseconds, merged and cleared,
 * against counts worked out by hand in the comments. */
#include <check.h>
#include "attune/tally.h"
#include "tests/fixture.h"

START_TEST(tally_counts_by_latency)
{
    /* Adds, in this order: 1.5 s repaired x2, 0.5 s censored x1, 1.5 s
     * censored x1, 0.5 s repaired x3.  Two distinct latencies, ascending:
     *   0.5 s: 3 repaired, 1 censored;  1.5 s: 2 repaired, 1 censored;
     * 7 ruptures in all. */
    att_error err = { 0 };
    att_tally *t = att_tally_new(&err);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(att_tally_size(t), 0);
    ck_assert_int_eq(att_tally_count(t), 0);
    ck_assert_int_eq(att_tally_add(t, att_us(1.5), 1, 2, &err), ATT_OK);
    ck_assert_int_eq(att_tally_add(t, att_us(0.5), 0, 1, &err), ATT_OK);
    ck_assert_int_eq(att_tally_add(t, att_us(1.5), 0, 1, &err), ATT_OK);
    ck_assert_int_eq(att_tally_add(t, att_us(0.5), 1, 3, &err), ATT_OK);
    ck_assert_int_eq(err.code, ATT_OK);
    ck_assert_uint_eq(att_tally_size(t), 2);
    ck_assert_int_eq(att_tally_count(t), 7);
    const long long *k = att_tally_keys(t);
    const double *s = att_tally_times(t);
    const long *ev = att_tally_events(t), *cen = att_tally_censored(t);
    ck_assert_int_eq(k[0], 500000);
    ck_assert_int_eq(k[1], 1500000);
    ck_assert_double_eq(s[0], 0.5);
    ck_assert_double_eq(s[1], 1.5);
    ck_assert_int_eq(ev[0], 3);
    ck_assert_int_eq(cen[0], 1);
    ck_assert_int_eq(ev[1], 2);
    ck_assert_int_eq(cen[1], 1);

    /* Merged into a tally holding 0.2 s repaired and 1.5 s censored: three
     * latencies, 0.2 (1, 0), 0.5 (3, 1), 1.5 (2, 2); 9 ruptures. */
    att_tally *u = att_tally_new(NULL);
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(att_tally_add(u, att_us(1.5), 0, 1, NULL), ATT_OK);
    ck_assert_int_eq(att_tally_add(u, att_us(0.2), 1, 1, NULL), ATT_OK);
    ck_assert_int_eq(att_tally_merge(u, t, &err), ATT_OK);
    ck_assert_uint_eq(att_tally_size(u), 3);
    ck_assert_int_eq(att_tally_count(u), 9);
    const long long want_k[] = { 200000, 500000, 1500000 };
    const long want_ev[] = { 1, 3, 2 }, want_cen[] = { 0, 1, 2 };
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(att_tally_keys(u)[i], want_k[i]);
        ck_assert_int_eq(att_tally_events(u)[i], want_ev[i]);
        ck_assert_int_eq(att_tally_censored(u)[i], want_cen[i]);
    }
    /* The source is unchanged; a cleared tally is empty and takes adds. */
    ck_assert_int_eq(att_tally_count(t), 7);
    att_tally_clear(u);
    ck_assert_uint_eq(att_tally_size(u), 0);
    ck_assert_int_eq(att_tally_count(u), 0);
    ck_assert_int_eq(att_tally_add(u, att_us(2), 1, 1, NULL), ATT_OK);
    ck_assert_uint_eq(att_tally_size(u), 1);
    ck_assert_int_eq(att_tally_keys(u)[0], 2000000);
    att_tally_free(u);
    att_tally_free(t);
}
END_TEST

/* Latencies in whole microseconds: times that differ in the last bits of
 * their subtraction are one latency. */
START_TEST(tally_ties_in_microseconds)
{
    ck_assert(12.3 - 12.0 != 5.3 - 5.0);   /* not equal as doubles */
    ck_assert_int_eq(att_us(12.3 - 12.0), 300000);
    ck_assert_int_eq(att_us(5.3 - 5.0), 300000);
    att_tally *t = att_tally_new(NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(att_tally_add(t, att_us(12.3 - 12.0), 1, 1, NULL), ATT_OK);
    ck_assert_int_eq(att_tally_add(t, att_us(5.3 - 5.0), 1, 1, NULL), ATT_OK);
    ck_assert_uint_eq(att_tally_size(t), 1);
    ck_assert_int_eq(att_tally_events(t)[0], 2);
    att_tally_free(t);
}
END_TEST

/* From the error-channel tests (issue 13, part 3): a new tally with an
 * att_error given leaves it untouched and takes a count of 2. */
START_TEST(tally_new_with_err)
{
    att_error ok = { 0 };
    att_tally *t = att_tally_new(&ok);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(att_tally_add(t, 1500000, 1, 2, &ok), ATT_OK);
    ck_assert_int_eq(att_tally_count(t), 2);
    ck_assert_int_eq(ok.code, ATT_OK);
    att_tally_free(t);
    att_tally_free(NULL);
}
END_TEST

Suite *suite_tally(void)
{
    Suite *s = suite_create("tally");
    TCase *tc = tcase_create("tally");
    tcase_add_test(tc, tally_counts_by_latency);
    tcase_add_test(tc, tally_ties_in_microseconds);
    tcase_add_test(tc, tally_new_with_err);
    suite_add_tcase(s, tc);
    return s;
}
