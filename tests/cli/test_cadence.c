/* `attune validate`'s play.cadence against `attune fit`'s
 * play.transitions_per_min: two programs, two codings of the same kind of
 * play, one quantity (docs/VALIDATION.md 3, docs/MODEL.md 10.4).
 *
 * play.cadence is all play seconds over all changes of coordination state
 * (pooled), so it is 60 over the infants' mean rate of changes a minute,
 * which is what the fit's statistic is (changes under the same-state table
 * per minute of play, coded once a second, mean over dyads).  The fit here
 * simulates 400 dyads of the population validate draws (the printer
 * calib_population, as `make calibrate` uses it; --max-evals 0, so no
 * search), validate 400 other infants of the same population: the two
 * must agree within sampling error (each about 0.05 s; tolerance 0.25 s).
 * The mean of per-infant intervals, validate's definition until session
 * 10, gives 6.4 s on these infants where 60 / rate is 3.5 s, and would
 * fail. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs the pipeline in dir and leaves fit.csv and cadence.csv there. */
static const char script[] =
    "set -e\n"
    "A=$1 POP=$2 SCN=$3 D=$4\n"
    "\"$POP\" \"$SCN\" > \"$D/pop.txt\"\n"
    "printf 'statistic,phase,value,se,source\\ntransitions_per_min,play,15,4,test\\n'"
    " > \"$D/targets.csv\"\n"
    "\"$A\" fit \"$SCN\" \"$D/targets.csv\" --free infant.calm_rate --match-table same-state"
    " --max-evals 0 --sim-dyads 400 -j 2 --code-interval 1 -q -o \"$D/fit.csv\""
    " $(sed 's/ //g; s/^/--set /' \"$D/pop.txt\") 2>/dev/null\n"
    "\"$A\" validate --only play.cadence --infants 400 -j 2 --format csv"
    " -o \"$D/cadence.csv\" 2>/dev/null\n";

START_TEST(test_cadence_is_sixty_over_the_rate)
{
    char dir[192], sh[256], pop[256], path[256];
    in_work(dir, sizeof dir, "");
    snprintf(sh, sizeof sh, "%s/pipeline.sh", dir);
    write_file(sh, script);
    sibling_bin(pop, sizeof pop, "calib_population");
    const char *const args[] = { attune_bin(), pop, SRC("scenarios/still-face.ini"), dir, NULL };
    result r = run_sh(sh, args);
    expect_status(&r, 0);
    result_free(&r);

    snprintf(path, sizeof path, "%s/fit.csv", dir);
    char *fit = slurp(path, NULL);
    ck_assert_ptr_nonnull(fit);
    double rate = fit_cell(fit, "statistic", "play.transitions_per_min", "simulated");
    ck_assert_msg(rate > 5 && rate < 40, "transitions a minute %g", rate);

    snprintf(path, sizeof path, "%s/cadence.csv", dir);
    char *v = slurp(path, NULL);
    ck_assert_ptr_nonnull(v);
    struct fields head, row;
    char buf[1024];
    fields_split(&head, first_line(v, buf, sizeof buf));
    ck_assert_msg(line_at(v, 1) != NULL, "%s", v);
    fields_split(&row, first_line(line_at(v, 1), buf, sizeof buf));
    double cadence = number_at(&row, col_of(&head, "estimate"));
    ck_assert_msg(fabs(cadence - 60.0 / rate) < 0.25,
                  "play.cadence %g s, but the fit's dyads change %g times a minute (%g s)",
                  cadence, rate, 60.0 / rate);
    fields_free(&head);
    fields_free(&row);
    free(fit);
    free(v);
}
END_TEST

Suite *suite_cli_cadence(void)
{
    Suite *s = suite_create("cli_cadence");
    TCase *tc = fixture_tcase("cadence", setup);
    tcase_set_timeout(tc, 180);   /* 800 dyads of 6 minutes; slower under SAN */
    tcase_add_test(tc, test_cadence_is_sixty_over_the_rate);
    suite_add_tcase(s, tc);
    return s;
}
