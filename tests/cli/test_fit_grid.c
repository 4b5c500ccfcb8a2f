/* attune fit --code-interval S (docs/FIT.md, "Coding on a grid"):
 * - S not a positive whole multiple of the scenario's dt (0, -1, 0.25 and
 *   0.05 at dt 0.1, 1.2 at dt 0.5 set by --set, not a number, a decimal
 *   comma, nan) is refused with status 2, a message naming the flag and
 *   no output file;
 * - S = dt is every step: the same bytes as without the flag;
 * - on a 2-s grid every latency is a whole multiple of 2 s, so the
 *   simulated quantiles (a time or the midpoint of two) are whole
 *   seconds, where at every step they are not;
 * - --help documents the flag. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char targets[] =
    "statistic,phase,value,se,source\n"
    "matched_prop,play,0.3,0.05,x\n"
    "transitions_per_min,play,15,4,x\n"
    "latency_q25_s,play,1,1,x\n"
    "latency_q50_s,play,2,1,x\n"
    "latency_q75_s,play,3,1,x\n";

/* attune fit on the targets with `extra` (NULL-terminated, at most 6). */
static result fit(const char *tpath, const char *out, const char *const *extra)
{
    const char *args[32] = { "fit", SRC("scenarios/still-face.ini"), tpath, "--free",
                             "infant.calm_rate", "--match-table", "same-state",
                             "--max-evals", "0", "--sim-dyads", "20", "-j", "2", "-q",
                             "-o", out };
    size_t n = 16;
    for (size_t i = 0; extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    return run_argv(args);
}

START_TEST(test_fit_grid_bad_values)
{
    char tpath[192], out[192];
    in_work(tpath, sizeof tpath, "targets.csv");
    write_file(tpath, targets);
    in_work(out, sizeof out, "fit.csv");
    static const struct { const char *v, *why; } bad[] = {
        { "0", "whole multiple" },   { "-1", "whole multiple" },
        { "0.25", "dt = 0.1 s" },    { "0.05", "dt = 0.1 s" },
        { "abc", "not a number" },   { "1,5", "'1,5'" },
        { "nan", "'nan'" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *const extra[] = { "--code-interval", bad[i].v, NULL };
        result r = fit(tpath, out, extra);
        expect_status(&r, 2);
        expect_contains(r.err, "--code-interval", "stderr");
        expect_contains(r.err, bad[i].why, "stderr");
        ck_assert_msg(!exists(out), "%s: output written", bad[i].v);
        result_free(&r);
    }
    /* the scenario's dt as --set makes it: 1.2 is no multiple of 0.5 */
    const char *const extra[] = { "--set", "scenario.dt=0.5", "--code-interval", "1.2", NULL };
    result r = fit(tpath, out, extra);
    expect_status(&r, 2);
    expect_contains(r.err, "--code-interval 1.2: must be a positive whole multiple of the "
                           "scenario's step dt = 0.5 s", "stderr");
    ck_assert(!exists(out));
    result_free(&r);
}
END_TEST

START_TEST(test_fit_grid_dt_is_every_step)
{
    char tpath[192];
    in_work(tpath, sizeof tpath, "targets.csv");
    write_file(tpath, targets);
    const char *const none[] = { NULL }, *const dt[] = { "--code-interval", "0.1", NULL };
    result a = fit(tpath, "-", none), b = fit(tpath, "-", dt);
    expect_status(&a, 0);
    expect_status(&b, 0);
    ck_assert_str_eq(a.out, b.out);
    /* every step: some latency quantile is not a whole second */
    int whole = 1;
    const char *q[] = { "play.latency_q25_s", "play.latency_q50_s", "play.latency_q75_s" };
    for (int i = 0; i < 3; i++)
        whole &= fmod(fit_cell(a.out, "statistic", q[i], "simulated"), 1) == 0;
    ck_assert_msg(!whole, "%s", a.out);
    result_free(&a);
    result_free(&b);
    const char *const two[] = { "--code-interval", "2", NULL };
    result c = fit(tpath, "-", two);
    expect_status(&c, 0);
    for (int i = 0; i < 3; i++) {
        double v = fit_cell(c.out, "statistic", q[i], "simulated");
        ck_assert_msg(isfinite(v) && v >= 2 && fmod(v, 1) == 0, "%s: %.17g on a 2-s grid", q[i],
                      v);
    }
    double tr = fit_cell(c.out, "statistic", "play.transitions_per_min", "simulated");
    ck_assert_msg(tr > 0 && tr <= 30, "transitions a minute %g: at most one a coded 2 s", tr);
    result_free(&c);
    result h = run_attune("fit", "--resims", "0", "--help", NULL);
    expect_status(&h, 0);
    expect_contains(h.out, "--code-interval S", "fit --help");
    result_free(&h);
}
END_TEST

Suite *suite_cli_fit_grid(void);
Suite *suite_cli_fit_grid(void)
{
    Suite *s = suite_create("cli_fit_grid");
    TCase *tc = fixture_tcase("grid", setup);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_fit_grid_bad_values);
    tcase_add_test(tc, test_fit_grid_dt_is_every_step);
    suite_add_tcase(s, tc);
    return s;
}
