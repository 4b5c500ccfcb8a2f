/* The slow-state keys of the infant (docs/MODEL.md 2.10) as bad input to
 * the real program (tests/fixture.h): a scenario file with a state key out
 * of range or not a number stops `attune run` with FILE:LINE and exit
 * status 2, and writes no output file. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "tests/fixture.h"

START_TEST(state_keys_exit_2)
{
    const char *bad[] = { "state_tau = 0", "state_gaze = 6", "state_smile = x" };
    const char *want[] = { ":6: state_tau = 0 is out of range [1, 100000] s\n",
                           ":6: state_gaze = 6 is out of range [0, 5] log-factor\n",
                           ":6: state_smile = x is not a number\n" };
    for (int i = 0; i < 3; i++) {
        char text[256], expect[320];
        snprintf(text, sizeof text,
                 "[scenario]\nduration = 10\n[caregiver]\npolicy = patient\n[infant]\n%s\n",
                 bad[i]);
        write_file(f_in, text);
        result r = run_attune("run", f_in, "-o", f_out, NULL);
        expect_status(&r, 2);
        snprintf(expect, sizeof expect, "%s%s", f_in, want[i]);
        ck_assert_msg(strcmp(r.err, expect) == 0, "stderr '%s', want '%s'", r.err, expect);
        ck_assert_uint_eq(r.out_len, 0);
        ck_assert_int_eq(access(f_out, F_OK), -1);
        result_free(&r);
    }
}
END_TEST

Suite *suite_cli_state_keys(void)
{
    Suite *s = suite_create("cli_state_keys");
    TCase *tc = fixture_tcase("cli", input_setup);
    tcase_add_test(tc, state_keys_exit_2);
    suite_add_tcase(s, tc);
    return s;
}
