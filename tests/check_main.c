/* Test runner: runs every Check suite listed in the generated suites.h,
 * after att_init() as the program does (cli/main.c). */
#include <check.h>
#include <stdlib.h>
#include "attune/init.h"

#define ATT_SUITE(fn) Suite *fn(void);
#include "suites.h"
#undef ATT_SUITE

int main(void)
{
    att_init();  /* before any test: Check forks each test from this process */
    SRunner *runner = srunner_create(NULL);
#define ATT_SUITE(fn) srunner_add_suite(runner, fn());
#include "suites.h"
#undef ATT_SUITE
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
