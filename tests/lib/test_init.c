/* att_init and the promises of the umbrella header attune/attune.h: a GSL
 * error inside the library comes back as a value, not an abort; every
 * *_free accepts NULL. */
#include <check.h>
#include <math.h>
#include <gsl/gsl_errno.h>
#include "attune/attune.h"

static int gsl_errors;
static const char *gsl_reason;

/* Whether GSL's handler is the "off" one att_init installs (leaves it off). */
static int gsl_handler_is_off(void)
{
    gsl_error_handler_t *now = gsl_set_error_handler_off();
    gsl_error_handler_t *off = gsl_set_error_handler_off();
    return now == off;
}

static void count_gsl_error(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)file;
    (void)line;
    (void)gsl_errno;
    gsl_errors++;
    gsl_reason = reason;
}

/* df = 1e-310 (subnormal) makes gsl_sf_lnbeta(df/2, 1/2) overflow, which GSL
 * reports through its error handler: the default one would abort here.  The
 * test runner, like the program, has called att_init(), so the library
 * carries on.  With t = 1e-300, x = df / (df + t^2) rounds to 1 and the
 * p-value I_x(df/2, 1/2) is exactly 1 in doubles. */
START_TEST(gsl_error_returns_a_value)
{
    ck_assert(gsl_handler_is_off());  /* the runner called att_init() */
    double p = att_t_pvalue(1e-300, 1e-310);
    ck_assert(p == 1.0);

    /* The same call does reach GSL's handler (so the line above did survive
     * a GSL error); then att_init() turns it off again. */
    gsl_errors = 0;
    gsl_set_error_handler(count_gsl_error);
    p = att_t_pvalue(1e-300, 1e-310);
    att_init();
    ck_assert_msg(gsl_errors > 0, "att_t_pvalue no longer raises a GSL error: pick another");
    ck_assert_str_eq(gsl_reason, "overflow");
    ck_assert(p == 1.0);
    ck_assert(gsl_handler_is_off());
}
END_TEST

START_TEST(att_init_twice)
{
    att_init();
    att_init();
    ck_assert(gsl_handler_is_off());
    ck_assert(isnan(att_t_pvalue(NAN, 3.0)));
}
END_TEST

/* make check and SAN=1 keep assert() on (the Makefile never defines NDEBUG);
 * SAN=1 also the hot path's att_debug_assert (ATT_DEBUG, base/debug.h). */
START_TEST(asserts_are_active)
{
#ifdef NDEBUG
    ck_abort_msg("NDEBUG is defined: assert() is off in the test build");
#elif defined(__SANITIZE_ADDRESS__) && !defined(ATT_DEBUG)
    ck_abort_msg("the sanitizer build lacks ATT_DEBUG: the hot path's checks (base/debug.h) are off");
#else
    ck_assert(1);
#endif
}
END_TEST

/* Each public *_free says "NULL does nothing": a crash here fails the test. */
START_TEST(frees_accept_null)
{
    att_batch_free(NULL);
    att_buf_free(NULL);
    att_caregiver_free(NULL);
    att_compare_free(NULL);
    att_contingency_free(NULL);
    att_infant_free(NULL);
    att_match_table_free(NULL);
    att_pool_free(NULL);
    att_report_free(NULL);
    att_scenario_free(NULL);
    att_scorer_free(NULL);
    att_sdis_free(NULL);
    att_sim_free(NULL);
    att_tally_free(NULL);
    att_trace_free(NULL);
    att_buf empty = { 0 };
    att_buf_free(&empty);
    ck_assert_ptr_eq(empty.data, NULL);
    ck_assert_uint_eq(empty.len, 0);
}
END_TEST

Suite *suite_init(void)
{
    Suite *s = suite_create("init");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, gsl_error_returns_a_value);
    tcase_add_test(tc, att_init_twice);
    tcase_add_test(tc, frees_accept_null);
    tcase_add_test(tc, asserts_are_active);
    suite_add_tcase(s, tc);
    return s;
}
