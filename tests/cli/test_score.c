/* `attune score` through the real program (tests/fixture.h): scoring a
 * trace, observed formats, pooling, bad input, times out of range and
 * --format json with a name that is not UTF-8. */
#include "tests/fixture.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- the command -------------------------------------------------------- */

static char f_in[192], f_out[192];

static void input_setup(void)
{
    setup();
    snprintf(f_in, sizeof f_in, "%s/in.csv", work);
    snprintf(f_out, sizeof f_out, "%s/out.csv", work);
}

/* Runs attune with args and returns its standard output (exit 0 expected). */
static char *output_of(const char *const *args)
{
    result r = run_argv(args);
    expect_status(&r, 0);
    char *out = r.out;
    r.out = NULL;
    result_free(&r);
    return out;
}

START_TEST(cli_time_out_of_range_and_json)
{
    write_file(f_in, "t,infant_code,caregiver_code\n0,monitor,monitor\n1e13,avert,monitor\n"
                     "2e13,monitor,monitor\n");
    const char *const args[] = { "score", f_in, "--format", "csv", NULL };
    result r = run_argv(args);
    expect_status(&r, 2);
    char want[256];
    snprintf(want, sizeof want, "%s:3: t 1e13 is out of range", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    /* a hexadecimal t, and a hexadecimal setting, which strtod would read */
    write_file(f_in, "t,infant_code,caregiver_code\n0,monitor,monitor\n0x10,avert,monitor\n");
    r = run_argv(args);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:3: t '0x10' is not a number (hexadecimal", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    write_file(f_in, "[scenario]\nname = h\n[phase]\nname = p\nduration = 0x10\n");
    const char *const ini[] = { "run", f_in, NULL };
    r = run_argv(ini);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:5: duration = 0x10 is not a number (hexadecimal", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    /* a run named r\377 in JSON: replaced, so the output is UTF-8 */
    write_file(f_in, "run,t,infant_code,caregiver_code\nr\377,0,monitor,monitor\n"
                     "r\377,1,avert,intrusive\n");
    const char *const json[] = { "score", f_in, "--format", "json", NULL };
    char *out = output_of(json);
    ck_assert_ptr_nonnull(strstr(out, "{\"run\": \"r\xEF\xBF\xBD\", \"window\": \"all\""));
    ck_assert_ptr_null(strchr(out, '\377'));
    free(out);
}
END_TEST

Suite *suite_cli_score(void)
{
    Suite *s = suite_create("cli_score");
    TCase *tc = fixture_tcase("command", input_setup);
    tcase_add_test(tc, cli_time_out_of_range_and_json);
    suite_add_tcase(s, tc);
    return s;
}
