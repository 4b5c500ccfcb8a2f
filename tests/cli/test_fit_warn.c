/* attune fit: the asymptotic interval's warnings (a key whose Wald
 * interval reaches a bound, or whose se exceeds a quarter of the range,
 * or whose reported inverted interval is cut at a bound, is warned about
 * without --boot), judged from the table's own numbers;
 * Ctrl-C during the bootstrap keeps the search's point; fewer statistics
 * than free keys is refused. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/fit.h"

static const char *const example[] = {
    "fit", "--resims", "0", SRC("scenarios/still-face.ini"), SRC("data/examples/mother-a.csv"),
    SRC("data/examples/mother-b.csv"), "--set", "phase.play.duration=40", "--set",
    "phase.still-face.duration=40", "--set", "phase.reunion.duration=40", "--free",
    "caregiver.wait_time=1:20,caregiver.repair_latency=0.2:10"
};
#define NEX (sizeof example / sizeof example[0])

/* args = the example's arguments, then `extra` (NULL-terminated); args
 * must hold NEX + 16 entries. */
static void example_with(const char **args, const char *const *extra)
{
    size_t n = 0;
    for (size_t i = 0; i < NEX; i++)
        args[n++] = example[i];
    for (size_t i = 0; extra[i]; i++) {
        ck_assert(n < NEX + 15);
        args[n++] = extra[i];
    }
    args[n] = NULL;
}

static int has_warning(const char *csv, const char *name, const char *reason)
{
    char key[256];
    snprintf(key, sizeof key, "\nwarning,%s,", name);
    for (const char *at = strstr(csv, key); at; at = strstr(at + 1, key)) {
        const char *eol = strchr(at + 1, '\n');
        const char *r = strstr(at, reason);
        if (r && (!eol || r < eol))
            return 1;
    }
    return 0;
}

START_TEST(test_fit_asymptotic_warnings)
{
    /* Two whole-session statistics barely see either key: wide intervals. */
    const char *const extra[] = { "--stats", "all.matched_prop,all.infant_gaze_prop",
                                  "--max-evals", "0", "-q", NULL };
    const char *args[NEX + 16];
    example_with(args, extra);
    result r = run_argv(args);
    expect_status(&r, 0);
    static const struct { const char *key; double lo, hi; } keys[] = {
        { "caregiver.wait_time", 1, 20 }, { "caregiver.repair_latency", 0.2, 10 } };
    int warned = 0;
    for (size_t i = 0; i < 2; i++) {
        double est = fit_cell(r.out, "parameter", keys[i].key, "value");
        double se = fit_cell(r.out, "parameter", keys[i].key, "se_asym");
        if (!isfinite(se))
            continue;
        double range = keys[i].hi - keys[i].lo;
        int low = est - 1.96 * se <= keys[i].lo + 1e-3 * range;
        int high = est + 1.96 * se >= keys[i].hi - 1e-3 * range;
        int wald = low || high;
        /* the inverted interval, when reported, warns where it is cut at
         * a bound (an end exactly on it) unless the Wald warning stands:
         * one warning for either */
        int cut = ATT_FIT_CI_INVERTED && !wald
                  && (fit_cell(r.out, "parameter", keys[i].key, "ci_asym_lo") == keys[i].lo
                      || fit_cell(r.out, "parameter", keys[i].key, "ci_asym_hi") == keys[i].hi);
        int at_bound = wald || cut;
        int wide = se > range / 4;
        ck_assert_int_eq(has_warning(r.out, keys[i].key, "off its lower bound (estimate - 1.96 "
                                     "se reaches it)"), low);
        ck_assert_int_eq(has_warning(r.out, keys[i].key, "off its upper bound (estimate + 1.96 "
                                     "se reaches it)"), high);
        ck_assert_int_eq(has_warning(r.out, keys[i].key, "asymptotic interval reaches a bound"),
                         cut);
        ck_assert_int_eq(has_warning(r.out, keys[i].key, "asymptotic se exceeds a quarter"),
                         wide);
        warned += at_bound;
        if (at_bound)
            expect_contains(r.err, wald ? "the se does not hold it off its"
                                        : "asymptotic interval reaches a bound", "stderr");
    }
    ck_assert_msg(warned >= 1, "no key's interval reached a bound:\n%s", r.out);
    result_free(&r);
}
END_TEST

START_TEST(test_fit_interrupted_in_bootstrap)
{
    char out[256];
    in_work(out, sizeof out, "boot.csv");
    const char *const extra[] = { "--stats",
        "play.matched_prop,reunion.matched_prop,reunion.infant_gaze_prop,reunion.infant_negative_prop",
        "--sim-ratio", "20", "--boot", "100000", "-j", "1", "-o", out, "-q", NULL };
    const char *args[NEX + 16];
    example_with(args, extra);
    /* The search takes about a second on an idle machine (a minute under
     * the sanitizers on a loaded one); 100000 replicates take hours.  A
     * Ctrl-C that comes before the search ended stops the search instead
     * (its table has boot 0): try again later, up to 4+8+...+64 s (the
     * case's timeout is 300 s). */
    result r;
    for (int delay = 4000;; delay *= 2) {
        pid_t pid = start(args);
        sleep_ms(delay);
        kill(pid, SIGINT);
        r = finish_within(pid, 60);
        size_t len;
        char *text = slurp(out, &len);
        int in_boot = text && fit_cell(text, "fit", "boot", "value") > 0;
        free(text);
        if (in_boot || delay > 60000)
            break;
        result_free(&r);
        unlink(out);
    }
    expect_status(&r, 1);
    expect_contains(r.err, "interrupted: wrote the best point of", "stderr");
    size_t len;
    char *text = slurp(out, &len);
    ck_assert_msg(text != NULL, "no output after Ctrl-C in the bootstrap");
    ck_assert_double_eq(fit_cell(text, "fit", "stopped", "value"), 1);
    ck_assert_double_eq(fit_cell(text, "fit", "boot", "value"), 100000);
    ck_assert_double_eq(fit_cell(text, "fit", "boot_used", "value"), 0);
    ck_assert(isnan(fit_cell(text, "parameter", "caregiver.wait_time", "se")));
    double est = fit_cell(text, "parameter", "caregiver.wait_time", "value");
    ck_assert(est >= 1 && est <= 20);
    free(text);
    result_free(&r);
}
END_TEST

/* Fewer statistics than free keys: refused, exit 2, nothing written. */
START_TEST(test_fit_fewer_statistics_than_keys)
{
    char out[256];
    in_work(out, sizeof out, "kp.csv");
    const char *const extra[] = { "--stats", "play.matched_prop", "-o", out, NULL };
    const char *args[NEX + 16];
    example_with(args, extra);
    result r = run_argv(args);
    expect_status(&r, 2);
    expect_contains(r.err, "1 statistic for 2 free parameters", "stderr");
    ck_assert_msg(access(out, F_OK) != 0, "%s written", out);
    result_free(&r);
}
END_TEST

/* On a terminal the progress bar is cleared before the first warning, so
 * each warning is a line of its own ("\r\033[K" clears the bar's line;
 * before, the first warning was written after the bar's text). */
START_TEST(test_fit_warnings_after_bar)
{
    char out[224];
    in_work(out, sizeof out, "tty.csv");
    const char *const extra[] = { "--stats", "all.matched_prop,all.infant_gaze_prop",
                                  "--max-evals", "0", "-o", out, NULL };
    const char *args[NEX + 16];
    example_with(args, extra);
    int status;
    char *tty = run_on_terminal(args, 120, NULL, &status);
    ck_assert_msg(status == 0, "fit failed: %s", tty);
    ck_assert_msg(strstr(tty, "\r[") != NULL, "no progress bar drawn:\n%s", tty);
    /* the bar counts simulated dyads, and says so: "] DONE/TOTAL dyads" */
    const char *count = strstr(strstr(tty, "\r["), "] ");
    long done = -1, total = -1;
    char unit[16] = "";
    ck_assert_msg(count && sscanf(count, "] %ld/%ld %15s", &done, &total, unit) == 3,
                  "no count on the bar:\n%s", tty);
    ck_assert_str_eq(unit, "dyads");
    ck_assert_msg(done >= 0 && total > 0, "count %ld/%ld", done, total);
    ck_assert_ptr_null(strstr(tty, " runs"));
    int warnings = 0;
    const char *key = "attune fit: warning: ";
    for (const char *at = strstr(tty, key); at; at = strstr(at + 1, key)) {
        size_t off = (size_t)(at - tty);
        int own_line = (off >= 1 && tty[off - 1] == '\n')
                       || (off >= 4 && strncmp(at - 4, "\r\033[K", 4) == 0);
        ck_assert_msg(own_line, "a warning written after other text on its line:\n%.*s",
                      (int)(off < 80 ? off + 40 : 120), off < 80 ? tty : at - 80);
        warnings++;
    }
    ck_assert_msg(warnings >= 1, "no warning on the terminal:\n%s", tty);
    /* the bar is drawn no more after the clear before the warnings */
    const char *first = strstr(tty, key);
    ck_assert_ptr_null(strstr(first, "\r["));
    free(tty);
}
END_TEST

Suite *suite_cli_fit_warn(void);
Suite *suite_cli_fit_warn(void)
{
    Suite *s = suite_create("cli_fit_warn");
    TCase *tc = fixture_tcase("core", NULL);
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_fit_asymptotic_warnings);
    tcase_add_test(tc, test_fit_interrupted_in_bootstrap);
    tcase_add_test(tc, test_fit_fewer_statistics_than_keys);
    tcase_add_test(tc, test_fit_warnings_after_bar);
    suite_add_tcase(s, tc);
    return s;
}
