/* attune fit: Ctrl-C after the search, while the warnings and the
 * asymptotic se are computed, keeps the search's best point: the table is
 * written with `stopped` 1 and no se, the status is 1, and stderr says so
 * (before, the fit failed there and wrote nothing). */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A search of 3 evaluations (--max-evals 2 from one start) of 2000 dyads
 * each, then the diagnosis: J at 2 points a key and the Jacobian's 5 points
 * a key, about 9 s of one processor on an idle machine (the search about 1). */
static const char *const stop_args[] = {
    "fit", SRC("scenarios/still-face.ini"), SRC("data/examples/mother-a.csv"),
    SRC("data/examples/mother-b.csv"), "--set", "phase.play.duration=40", "--set",
    "phase.still-face.duration=40", "--set", "phase.reunion.duration=40", "--free",
    "caregiver.wait_time=1:20,caregiver.repair_latency=0.2:10", "--stats",
    "play.matched_prop,reunion.matched_prop,reunion.infant_gaze_prop,reunion.infant_negative_prop",
    "--sim-ratio", "1000", "--max-evals", "2", "--starts", "1", "-j", "1", "-q"
};
#define NSTOP (sizeof stop_args / sizeof stop_args[0])
#define SEARCH_EVALS 3

START_TEST(test_fit_interrupted_after_the_search)
{
    char out[256];
    in_work(out, sizeof out, "stop.csv");
    const char *args[NSTOP + 3];
    for (size_t i = 0; i < NSTOP; i++)
        args[i] = stop_args[i];
    args[NSTOP] = "-o", args[NSTOP + 1] = out, args[NSTOP + 2] = NULL;
    /* A Ctrl-C that comes during the search leaves fewer than 3
     * evaluations (or none, and no table): try again later, 1, 2, 4, ... s (under the sanitizers
     * everything is several times slower; the case's timeout is 300 s). */
    result r;
    char *text = NULL;
    for (long delay = 1000;; delay *= 2) {
        pid_t pid = start(args);
        sleep_ms(delay);
        kill(pid, SIGINT);
        r = finish_within(pid, 120);
        ck_assert_msg(r.status != 0, "the fit ended before the Ctrl-C at %ld ms", delay);
        size_t len;
        text = slurp(out, &len);
        /* Before the first evaluation there is no point to keep (no table). */
        ck_assert_msg(text != NULL || strstr(r.err, "interrupted") != NULL,
                      "no table after a Ctrl-C at %ld ms: %s", delay, r.err);
        if ((text && fit_cell(text, "fit", "evaluations", "value") == SEARCH_EVALS)
            || delay >= 64000)
            break;
        free(text);
        result_free(&r);
        unlink(out);
    }
    expect_status(&r, 1);
    expect_contains(r.err, "interrupted: wrote the best point of 3 evaluations", "stderr");
    ck_assert_double_eq(fit_cell(text, "fit", "evaluations", "value"), SEARCH_EVALS);
    ck_assert_double_eq(fit_cell(text, "fit", "stopped", "value"), 1);
    const char *keys[] = { "caregiver.wait_time", "caregiver.repair_latency" };
    const double lo[] = { 1, 0.2 }, hi[] = { 20, 10 };
    for (int k = 0; k < 2; k++) {
        double x = fit_cell(text, "parameter", keys[k], "value");
        ck_assert_msg(x >= lo[k] && x <= hi[k], "%s = %g outside its bounds", keys[k], x);
        ck_assert_msg(isnan(fit_cell(text, "parameter", keys[k], "se_asym")),
                      "%s has an asymptotic se after the Ctrl-C", keys[k]);
    }
    free(text);
    result_free(&r);
}
END_TEST

Suite *suite_cli_fit_stop(void);
Suite *suite_cli_fit_stop(void)
{
    Suite *s = suite_create("cli_fit_stop");
    TCase *tc = fixture_tcase("core", NULL);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_fit_interrupted_after_the_search);
    suite_add_tcase(s, tc);
    return s;
}
