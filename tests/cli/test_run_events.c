/* `attune run --events` against `attune score --ruptures` of the same trace:
 * the narration names a rupture (a "RUPTURE:" line, or her repair attempt
 * "scored as a rupture") at exactly the starts the scorer lists, and a
 * "REPAIR after L s" line at start + latency for each rupture not censored;
 * a timeline announces each of its sessions once, in order, with its day.
 * The scorer's file is the independent reference (docs/SCORING.md); the
 * line-by-line truth of the other sentences is tests/lib/test_events_truth.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/fixture.h"

/* Appends "SESSION T\n" (or "SESSION T L\n") to a growing list. */
static void add(char *list, size_t cap, long session, double t, double latency, int repair)
{
    size_t n = strlen(list);
    if (repair)
        snprintf(list + n, cap - n, "%ld %.1f %.1f\n", session, t, latency);
    else
        snprintf(list + n, cap - n, "%ld %.1f\n", session, t);
    ck_assert_uint_lt(strlen(list) + 1, cap);
}

/* Ruptures and repairs from the scorer's --ruptures file (run "1", session S
 * of a timeline in its session column). */
static void from_scorer(const char *path, char *rup, char *rep, size_t cap)
{
    char *text = slurp(path, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(first_line(text, (char[512]){ 0 }, 512),
                     "run,phase,start_s,latency_s,censored,repaired_by,peak_infant_arousal,"
                     "phase_latency_s,phase_censored,file,size,phase_size,session");
    char line[1024], cell[64];
    for (const char *p = line_at(text, 1); p && *p; p = line_at(p, 1)) {
        first_line(p, line, sizeof line);
        /* run "1" and session S of a timeline, session empty otherwise */
        ck_assert_str_eq(field(line, 0, cell, sizeof cell), "1");
        long session = *field(line, 12, cell, sizeof cell) ? atol(cell) : 1;
        double start = atof(field(line, 2, cell, sizeof cell));
        double latency = atof(field(line, 3, cell, sizeof cell));
        add(rup, cap, session, start, 0, 0);
        if (strcmp(field(line, 4, cell, sizeof cell), "0") == 0)
            add(rep, cap, session, start + latency, latency, 1);
    }
    free(text);
}

/* The same from the narration; *sessions counts the announcements, which
 * must come in order (with day N when `days`). */
static void from_log(const char *log, char *rup, char *rep, size_t cap, long *sessions, int days)
{
    char line[1024];
    long session = 1;
    *sessions = 0;
    for (const char *p = log; p && *p; p = line_at(p, 1)) {
        first_line(p, line, sizeof line);
        double t, l;
        long n, m;
        int at;
        ck_assert_msg(sscanf(line, "%lf s %n", &t, &at) == 1, "'%s'", line);
        const char *x = line + at;
        if (sscanf(x, "--- session %ld of %ld", &n, &m) == 2) {
            ck_assert_int_eq(n, *sessions + 1);
            ck_assert_msg(t == 0, "'%s'", line);
            if (days) {
                char want[64];
                snprintf(want, sizeof want, ", day %ld:", n);
                expect_contains(x, want, "session line");
            }
            session = n;
            ++*sessions;
        } else if (sscanf(x, "REPAIR after %lf s", &l) == 1) {
            add(rep, cap, session, t, l, 1);
        } else if (strstr(x, "RUPTURE") || strstr(x, "rupture")) {
            add(rup, cap, session, t, 0, 0);
        }
    }
}

/* Runs the scenario with the seed, scores its trace, compares. */
static void check(const char *scenario, const char *seed, long sessions, int days)
{
    char trace[256], rupt[256], scores[256];
    in_work(trace, sizeof trace, "trace.csv");
    in_work(rupt, sizeof rupt, "ruptures.csv");
    in_work(scores, sizeof scores, "scores.csv");
    result r = run_attune("run", scenario, "--seed", seed, "-q", "--events", "-o", trace, NULL);
    expect_status(&r, 0);
    result sc = run_attune("score", trace, "--ruptures", rupt, "-o", scores, NULL);
    expect_status(&sc, 0);
    result_free(&sc);
    enum { CAP = 1 << 16 };
    char *want_rup = calloc(CAP, 1), *want_rep = calloc(CAP, 1);
    char *got_rup = calloc(CAP, 1), *got_rep = calloc(CAP, 1);
    ck_assert(want_rup && want_rep && got_rup && got_rep);
    from_scorer(rupt, want_rup, want_rep, CAP);
    long announced;
    from_log(r.out, got_rup, got_rep, CAP, &announced, days);
    ck_assert_msg(strcmp(got_rup, want_rup) == 0, "%s seed %s: ruptures narrated\n%s\nscored\n%s",
                  scenario, seed, got_rup, want_rup);
    ck_assert_msg(strcmp(got_rep, want_rep) == 0, "%s seed %s: repairs narrated\n%s\nscored\n%s",
                  scenario, seed, got_rep, want_rep);
    ck_assert_int_eq(announced, sessions);
    ck_assert_uint_gt(strlen(want_rup), 0);  /* something was compared */
    free(want_rup), free(want_rep), free(got_rup), free(got_rep);
    result_free(&r);
}

START_TEST(events_agree_with_the_scorer)
{
    static const char *const seeds[] = { "1", "2", "3", "1989", "77" };
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        check(SRC("scenarios/peekaboo-intrusive.ini"), seeds[i], 0, 0);
        check(SRC("scenarios/still-face.ini"), seeds[i], 0, 0);
    }
}
END_TEST

/* Thirty sessions a day apart: "--- session N of 30, day N: ..." each. */
START_TEST(timeline_sessions_announced)
{
    check(SRC("scenarios/consistent-repair.ini"), "1", 30, 1);
    check(SRC("scenarios/chronic-intrusive.ini"), "5", 30, 1);
}
END_TEST

Suite *suite_cli_run_events(void)
{
    Suite *s = suite_create("cli_run_events");
    TCase *tc = fixture_tcase("scorer", setup);
    tcase_add_test(tc, events_agree_with_the_scorer);
    tcase_add_test(tc, timeline_sessions_announced);
    suite_add_tcase(s, tc);
    return s;
}
