/* batch/exec.c: the executor hands every item, in order, to one consumer,
 * whatever the number of threads; the lowest failure is reported; an
 * interruption stops it with whole items taken. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include "attune/exec.h"

typedef struct rec {
    long next;           /* the item take expects next */
    long fail_at;        /* compute fails for items >= this that are odd; -1 never */
    long take_fail_at;   /* take fails at this item; -1 never */
    long sum;            /* of the numbers taken */
    int idles;
} rec;

/* Item i's text is "i:i*i". */
static int compute(void *user, long i, att_buf *out, att_error *err)
{
    const rec *r = user;
    if (r->fail_at >= 0 && i >= r->fail_at && i % 2 == 1)
        return att_error_set(err, ATT_EINPUT, "item %ld failed", i);
    att_buf_clear(out);
    return att_buf_printf(out, err, "%ld:%ld", i, i * i);
}

static int take(void *user, long i, const att_buf *out, att_error *err)
{
    rec *r = user;
    long a, b;
    ck_assert_int_eq(i, r->next);
    ck_assert_int_eq(sscanf(out->data, "%ld:%ld", &a, &b), 2);
    ck_assert_int_eq(a, i);
    ck_assert_int_eq(b, i * i);
    if (i == r->take_fail_at)
        return att_error_set(err, ATT_EIO, "take refused %ld", i);
    r->next++;
    r->sum += b;
    return ATT_OK;
}

static int idle(void *user, att_error *err)
{
    (void)err;
    ((rec *)user)->idles++;
    return ATT_OK;
}

START_TEST(test_exec_in_order_any_threads)
{
    const long lo = 5, hi = 1000;
    long want = 0;
    for (long i = lo; i < hi; i++)
        want += i * i;
    for (int threads = 1; threads <= 4; threads++) {
        rec r = { .next = lo, .fail_at = -1, .take_fail_at = -1 };
        att_exec x = { .lo = lo, .hi = hi, .threads = threads, .compute = compute,
                       .take = take, .idle = idle, .user = &r };
        att_error err = { 0 };
        ck_assert_int_eq(att_exec_run(&x, &err), ATT_OK);
        ck_assert_int_eq(x.taken, hi - lo);
        ck_assert_int_eq(x.stopped, 0);
        ck_assert_int_eq(r.next, hi);
        ck_assert_int_eq(r.sum, want);
        ck_assert_int_ge(r.idles, 1);   /* flushed at least at the end */
    }
}
END_TEST

START_TEST(test_exec_lowest_failure_reported)
{
    for (int threads = 1; threads <= 4; threads++) {
        rec r = { .next = 0, .fail_at = 301, .take_fail_at = -1 };
        att_exec x = { .lo = 0, .hi = 2000, .threads = threads, .compute = compute,
                       .take = take, .user = &r };
        att_error err = { 0 };
        ck_assert_int_eq(att_exec_run(&x, &err), ATT_EINPUT);
        ck_assert_str_eq(err.msg, "item 301 failed");
        ck_assert_int_eq(x.taken, 301);   /* items 0..300, none after */
        ck_assert_int_eq(r.next, 301);
    }
}
END_TEST

START_TEST(test_exec_take_error_stops)
{
    rec r = { .next = 0, .fail_at = -1, .take_fail_at = 77 };
    att_exec x = { .lo = 0, .hi = 500, .threads = 3, .compute = compute, .take = take,
                   .user = &r };
    att_error err = { 0 };
    ck_assert_int_eq(att_exec_run(&x, &err), ATT_EIO);
    ck_assert_str_eq(err.msg, "take refused 77");
    ck_assert_int_eq(x.taken, 77);
}
END_TEST

static int always(void)
{
    return 1;
}

START_TEST(test_exec_interrupted)
{
    rec r = { .next = 0, .fail_at = -1, .take_fail_at = -1 };
    att_exec x = { .lo = 0, .hi = 100000, .threads = 2, .compute = compute, .take = take,
                   .interrupted = always, .user = &r };
    att_error err = { 0 };
    ck_assert_int_eq(att_exec_run(&x, &err), ATT_EIO);
    ck_assert_str_eq(err.msg, "interrupted");
    ck_assert_int_eq(x.stopped, 1);
    ck_assert_int_lt(x.taken, 100000);
    ck_assert_int_eq(r.next, x.taken);   /* whatever was taken, in order from 0 */
}
END_TEST

/* Counts the items computed. */
static int counted(void *user, long i, att_buf *out, att_error *err)
{
    ((rec *)user)->idles++;
    return compute(user, i, out, err);
}

/* Interrupted before the start, with few items: nothing is computed, for
 * any number of threads (a worker used to finish all 3 before the consumer
 * first asked, about one run in six, and the run succeeded). */
START_TEST(test_exec_interrupted_before_start)
{
    for (int threads = 1; threads <= 3; threads++)
        for (int rep = 0; rep < 200; rep++) {
            rec r = { .next = 0, .fail_at = -1, .take_fail_at = -1 };
            att_exec x = { .lo = 0, .hi = 3, .threads = threads, .compute = counted,
                           .take = take, .interrupted = always, .user = &r };
            att_error err = { 0 };
            ck_assert_int_eq(att_exec_run(&x, &err), ATT_EIO);
            ck_assert_str_eq(err.msg, "interrupted");
            ck_assert_int_eq(x.stopped, 1);
            ck_assert_int_eq(x.taken, 0);
            ck_assert_int_eq(r.idles, 0);   /* computed none */
        }
}
END_TEST

START_TEST(test_exec_nothing_to_do)
{
    rec r = { .next = 3, .fail_at = -1, .take_fail_at = -1 };
    att_exec x = { .lo = 3, .hi = 3, .threads = 2, .compute = compute, .take = take,
                   .user = &r };
    att_error err = { 0 };
    ck_assert_int_eq(att_exec_run(&x, &err), ATT_OK);
    ck_assert_int_eq(x.taken, 0);
}
END_TEST

START_TEST(test_exec_without_mpi)
{
#ifndef ATT_MPI
    rec r = { 0 };
    att_exec x = { .lo = 0, .hi = 3, .compute = compute, .user = &r };
    att_error err = { 0 };
    ck_assert_int_eq(att_exec_mpi(&x, 0, 1, &err), ATT_EINTERNAL);
    ck_assert_str_eq(err.msg, "this attune was built without MPI");
#endif
}
END_TEST

Suite *suite_exec(void)
{
    Suite *s = suite_create("exec");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_exec_in_order_any_threads);
    tcase_add_test(tc, test_exec_lowest_failure_reported);
    tcase_add_test(tc, test_exec_take_error_stops);
    tcase_add_test(tc, test_exec_interrupted);
    tcase_add_test(tc, test_exec_interrupted_before_start);
    tcase_add_test(tc, test_exec_nothing_to_do);
    tcase_add_test(tc, test_exec_without_mpi);
    suite_add_tcase(s, tc);
    return s;
}
