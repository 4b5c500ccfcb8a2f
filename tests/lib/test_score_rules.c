/* The scorer's rules (attune/scorer.h att_score_rules, docs/SCORING.md
 * sections 5 and 12): micro and major ruptures, the minimum rupture and
 * repair lengths and the coding unit, on short hand-written runs whose
 * expected numbers are worked out by hand in the comments. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/scorer.h"
#include "tests/fixture.h"

static att_match_table *table;

static void load_table(void)
{
    table = load_match("attuned");
}

static void free_table(void)
{
    att_match_table_free(table);
}

/* One step: "infant/caregiver" codes under the attuned table (M = matched,
 * X = mismatched in the comments). */
typedef struct {
    double t;
    const char *phase;
    const char *codes;
} step;

static att_rupture got[16];
static int ngot;

static int keep(const att_rupture *r, void *user, att_error *err)
{
    (void)user;
    (void)err;
    ck_assert_int_lt(ngot, 16);
    got[ngot++] = *r;
    return ATT_OK;
}

/* Rules with the thresholds given (major_s 0: the default 5 s). */
static att_score_rules rules_of(double min_rupture, double min_repair, double unit,
                                double major)
{
    att_score_rules r;
    att_score_rules_default(&r);
    r.min_rupture_s = min_rupture;
    r.min_repair_s = min_repair;
    r.unit_s = unit;
    if (major > 0)
        r.major_s = major;
    return r;
}

static void feed_into(att_scorer *sc, const step *s, int n, double t_end,
                      att_score_event *kinds, att_score_event *end);

/* Feeds the steps under `rules`, ends at t_end; kinds[i] gets step i's event
 * (NULL: not kept) and *end the end's.  The caller frees the scorer. */
static att_scorer *feed(const att_score_rules *rules, const step *s, int n, double t_end,
                        att_score_event *kinds, att_score_event *end)
{
    att_error err = { 0 };
    att_scorer *sc = att_scorer_new(table, NULL);
    ck_assert_ptr_nonnull(sc);
    ck_assert_int_eq(att_scorer_set_rules(sc, rules, &err), ATT_OK);
    feed_into(sc, s, n, t_end, kinds, end);
    return sc;
}

/* The same with the scorer's rules as they are. */
static void feed_into(att_scorer *sc, const step *s, int n, double t_end,
                      att_score_event *kinds, att_score_event *end)
{
    att_error err = { 0 };
    ngot = 0;
    att_scorer_on_rupture(sc, keep, NULL);
    ck_assert_int_eq(att_scorer_begin(sc, "r", &err), ATT_OK);
    for (int i = 0; i < n; i++) {
        char ic[32];
        const char *slash = strchr(s[i].codes, '/');
        snprintf(ic, sizeof ic, "%.*s", (int)(slash - s[i].codes), s[i].codes);
        int ii = att_match_table_infant_index(table, ic);
        int ci = att_match_table_caregiver_index(table, slash + 1);
        ck_assert_int_ge(ii, 0);
        ck_assert_int_ge(ci, 0);
        att_score_step st = { s[i].t, s[i].phase, ii, ci, att_match_table_matched(table, ii, ci),
                              NAN };
        att_score_event ev;
        ck_assert_int_eq(att_scorer_push(sc, &st, &ev, &err), ATT_OK);
        if (kinds)
            kinds[i] = ev;
    }
    att_score_event ev;
    ck_assert_int_eq(att_scorer_end(sc, t_end, &ev, &err), ATT_OK);
    if (end)
        *end = ev;
}

/* Window i's statistics (cutoff 30 s). */
static att_window_score window_of(const att_scorer *sc, size_t i)
{
    att_window_score w;
    att_error err = { 0 };
    ck_assert_int_eq(att_scorer_window(sc, i, 30, &w, &err), ATT_OK);
    return w;
}

static void expect_rupture(int k, double start, double latency, int censored,
                           att_rupture_size size)
{
    ck_assert_int_lt(k, ngot);
    ck_assert_double_eq_tol(got[k].start, start, 1e-9);
    ck_assert_double_eq_tol(got[k].latency, latency, 1e-9);
    ck_assert_int_eq(got[k].censored, censored);
    ck_assert_int_eq(got[k].size, size);
}

/* Run A, end 13:
 *   t     0    1    1.5  4    7    7.5  9    12   12.5
 *   M/X   M    X    M    X    M    X    M    X    X
 * mismatched stretches 1-1.5 (0.5 s), 4-7 (3), 7.5-9 (1.5), 12-13 (1);
 * matched stretches 0-1, 1.5-4 (2.5), 7-7.5 (0.5), 9-12 (3): 7 s of 13. */
static const step run_a[] = {
    { 0, NULL, "positive/positive" }, { 1, NULL, "positive/intrusive" },
    { 1.5, NULL, "positive/positive" }, { 4, NULL, "avert/intrusive" },
    { 7, NULL, "monitor/monitor" }, { 7.5, NULL, "avert/intrusive" },
    { 9, NULL, "monitor/monitor" }, { 12, NULL, "positive/intrusive" },
    { 12.5, NULL, "avert/intrusive" },
};
enum { NA = sizeof run_a / sizeof *run_a };

START_TEST(defaults_and_names)
{
    att_score_rules r;
    att_score_rules_default(&r);
    ck_assert(r.min_rupture_s == 0 && r.min_repair_s == 0 && r.unit_s == 0);
    ck_assert(r.major_s == 5.0);
    ck_assert_str_eq(att_rupture_size_name(ATT_SIZE_UNKNOWN), "");
    ck_assert_str_eq(att_rupture_size_name(ATT_SIZE_MICRO), "micro");
    ck_assert_str_eq(att_rupture_size_name(ATT_SIZE_MAJOR), "major");
    ck_assert_str_eq(att_score_col_name(ATT_SC_MICRO_RUPTURES), "micro_ruptures");
    ck_assert_str_eq(att_score_col_name(ATT_SC_MAJOR_RUPTURES), "major_ruptures");
    ck_assert_int_eq(ATT_SC_MAJOR_RUPTURES + 1, ATT_SC_COUNT);
}
END_TEST

/* Defaults on run A: ruptures at 1 (repaired 1.5: 0.5 s), 4 (7: 3 s),
 * 7.5 (9: 1.5 s) and 12 (censored at 13: 1 s).  Threshold 5: three micro,
 * the censored one unknown.  Threshold 3: the 3-s one is major (at least
 * the threshold), 0.5 and 1.5 micro; 1 s censored is still unknown. */
START_TEST(micro_and_major)
{
    att_score_rules r = rules_of(0, 0, 0, 0);
    att_scorer *sc = feed(&r, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 4);
    expect_rupture(0, 1, 0.5, 0, ATT_SIZE_MICRO);
    expect_rupture(1, 4, 3, 0, ATT_SIZE_MICRO);
    expect_rupture(2, 7.5, 1.5, 0, ATT_SIZE_MICRO);
    expect_rupture(3, 12, 1, 1, ATT_SIZE_UNKNOWN);
    att_window_score w = window_of(sc, 0);
    ck_assert(w.v[ATT_SC_MICRO_RUPTURES] == 3 && w.v[ATT_SC_MAJOR_RUPTURES] == 0);
    att_scorer_free(sc);
    r = rules_of(0, 0, 0, 3);
    sc = feed(&r, run_a, NA, 13, NULL, NULL);
    expect_rupture(1, 4, 3, 0, ATT_SIZE_MAJOR);
    w = window_of(sc, 0);
    ck_assert(w.v[ATT_SC_MICRO_RUPTURES] == 2 && w.v[ATT_SC_MAJOR_RUPTURES] == 1);
    att_scorer_free(sc);
    /* Censored at or after the threshold is major: threshold 1, the last
     * rupture censored after exactly 1 s; 0.5 micro; 3 and 1.5 major. */
    r = rules_of(0, 0, 0, 1);
    sc = feed(&r, run_a, NA, 13, NULL, NULL);
    expect_rupture(3, 12, 1, 1, ATT_SIZE_MAJOR);
    w = window_of(sc, 0);
    ck_assert(w.v[ATT_SC_MICRO_RUPTURES] == 1 && w.v[ATT_SC_MAJOR_RUPTURES] == 3);
    att_scorer_free(sc);
}
END_TEST

/* --min-rupture 1 on run A: the 0.5-s mismatch at 1 is no rupture; 4 (3 s)
 * and 7.5 (1.5 s) are; the one at 12 lasts to the end, 1 s, exactly the
 * minimum: a rupture, censored after 1 s.  matched_prop and transitions
 * still count the coded steps: 7/13 matched, 7 transitions in 13 s. */
START_TEST(min_rupture)
{
    att_score_rules r = rules_of(1, 0, 0, 0);
    att_scorer *sc = feed(&r, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 3);
    expect_rupture(0, 4, 3, 0, ATT_SIZE_MICRO);
    expect_rupture(1, 7.5, 1.5, 0, ATT_SIZE_MICRO);
    expect_rupture(2, 12, 1, 1, ATT_SIZE_UNKNOWN);
    att_window_score w = window_of(sc, 0);
    ck_assert(w.v[ATT_SC_RUPTURES] == 3 && w.v[ATT_SC_REPAIRS] == 2);
    ck_assert_double_eq_tol(w.v[ATT_SC_MATCHED_PROP], 7.0 / 13, 1e-12);
    ck_assert_double_eq_tol(w.v[ATT_SC_TRANSITIONS_PER_MIN], 7 / (13.0 / 60), 1e-9);
    att_scorer_free(sc);
    /* --min-rupture 2: 3 s is the only mismatch that long; the one pending
     * at the end (1 s) was cut short by the end: not a rupture. */
    r = rules_of(2, 0, 0, 0);
    sc = feed(&r, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 1);
    expect_rupture(0, 4, 3, 0, ATT_SIZE_MICRO);
    w = window_of(sc, 0);
    ck_assert(w.v[ATT_SC_RUPTURES] == 1 && w.v[ATT_SC_REPAIRS] == 1);
    att_scorer_free(sc);
}
END_TEST

/* A short mismatch inside a long match: matched 0-10 but for 4-4.5.  With
 * --min-rupture 1 there is no rupture; without, one of 0.5 s. */
START_TEST(short_mismatch_in_long_match)
{
    static const step s[] = {
        { 0, NULL, "monitor/monitor" }, { 4, NULL, "monitor/intrusive" },
        { 4.5, NULL, "monitor/monitor" }, { 9, NULL, "positive/positive" },
    };
    att_score_rules r = rules_of(1, 0, 0, 0);
    att_scorer *sc = feed(&r, s, 4, 10, NULL, NULL);
    ck_assert_int_eq(ngot, 0);
    att_window_score w = window_of(sc, 0);
    ck_assert(w.v[ATT_SC_RUPTURES] == 0 && isnan(w.v[ATT_SC_REPAIRED_PROP]));
    ck_assert_double_eq_tol(w.v[ATT_SC_MATCHED_PROP], 9.5 / 10, 1e-12);
    att_scorer_free(sc);
    r = rules_of(0, 0, 0, 0);
    sc = feed(&r, s, 4, 10, NULL, NULL);
    ck_assert_int_eq(ngot, 1);
    expect_rupture(0, 4, 0.5, 0, ATT_SIZE_MICRO);
    att_scorer_free(sc);
}
END_TEST

/* --min-repair 1 on run A: the 0.5-s repair at 1.5 lasts 2.5 s: repaired
 * (0.5 s, by the caregiver).  The rupture at 4: the match 7-7.5 is short,
 * so it goes on through 7.5 to the match at 9, which lasts 3 s: latency
 * 9 - 4 = 5, major (at least 5), repaired by both (avert/intrusive ->
 * monitor/monitor).  12: censored after 1 s.  Kaplan-Meier over 0.5,
 * 5, 1+: S = 2/3 after 0.5, the 1 is censored, 0 after 5: median 5,
 * RMST to 30 = 0.5 * 1 + 4.5 * 2/3 = 3.5, repaired within 2 s 1/3. */
START_TEST(min_repair_short_match_in_long_rupture)
{
    att_score_rules r = rules_of(0, 1, 0, 0);
    att_scorer *sc = feed(&r, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 3);
    expect_rupture(0, 1, 0.5, 0, ATT_SIZE_MICRO);
    ck_assert_int_eq(got[0].repaired_by, ATT_BY_CAREGIVER);
    expect_rupture(1, 4, 5, 0, ATT_SIZE_MAJOR);
    ck_assert_int_eq(got[1].repaired_by, ATT_BY_BOTH);
    expect_rupture(2, 12, 1, 1, ATT_SIZE_UNKNOWN);
    att_window_score w = window_of(sc, 0);
    ck_assert(w.v[ATT_SC_RUPTURES] == 3 && w.v[ATT_SC_REPAIRS] == 2);
    ck_assert_double_eq_tol(w.v[ATT_SC_LATENCY_MEDIAN_S], 5, 1e-9);
    ck_assert_double_eq_tol(w.v[ATT_SC_RMST_S], 3.5, 1e-9);
    ck_assert_double_eq_tol(w.v[ATT_SC_REPAIRED_WITHIN_2S], 1.0 / 3, 1e-9);
    ck_assert_double_eq_tol(w.v[ATT_SC_LATENCY_MEAN_COMPLETED_S], 2.75, 1e-9);
    ck_assert(w.v[ATT_SC_MICRO_RUPTURES] == 1 && w.v[ATT_SC_MAJOR_RUPTURES] == 1);
    ck_assert_double_eq_tol(w.v[ATT_SC_MATCHED_PROP], 7.0 / 13, 1e-12);
    att_scorer_free(sc);
    /* Both 1 s: the mismatch at 1 is no rupture; 4 is repaired at 9 (5 s);
     * 12 censored (1 s): 2 ruptures, 1 repair. */
    r = rules_of(1, 1, 0, 0);
    sc = feed(&r, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 2);
    expect_rupture(0, 4, 5, 0, ATT_SIZE_MAJOR);
    expect_rupture(1, 12, 1, 1, ATT_SIZE_UNKNOWN);
    att_scorer_free(sc);
}
END_TEST

/* A repair pending at the end: M 0-2, X 2-5, M 5-6 (end 6).  --min-repair 2:
 * the match lasted 1 s, too short to know: censored where it began, 5
 * (latency 3), not at the end.  --min-repair 1: it lasted 1 s: repaired at
 * 5 (latency 3), the repair known only at the end. */
START_TEST(repair_pending_at_end)
{
    static const step s[] = {
        { 0, NULL, "monitor/monitor" }, { 2, NULL, "avert/intrusive" },
        { 5, NULL, "monitor/monitor" },
    };
    att_score_rules r = rules_of(0, 2, 0, 0);
    att_score_event end;
    att_scorer *sc = feed(&r, s, 3, 6, NULL, &end);
    ck_assert_int_eq(ngot, 1);
    expect_rupture(0, 2, 3, 1, ATT_SIZE_UNKNOWN);
    ck_assert_int_eq(end.kind, ATT_SCORE_CENSORED);
    att_scorer_free(sc);
    r = rules_of(0, 1, 0, 0);
    sc = feed(&r, s, 3, 6, NULL, &end);
    expect_rupture(0, 2, 3, 0, ATT_SIZE_MICRO);
    ck_assert_int_eq(end.kind, ATT_SCORE_REPAIR);
    ck_assert_double_eq_tol(end.latency, 3, 1e-9);
    att_scorer_free(sc);
}
END_TEST

/* Events come when the rule decides: --min-rupture 1 --min-repair 1 on
 * M 0, X 2, X 2.5, X 3.5, M 4, M 4.5, X 6 (end 7).  The mismatch from 2 is
 * confirmed at 3.5 (1.5 s >= 1), reported there with start 2; the match
 * from 4 is confirmed at 6 (2 s >= 1), the repair reported there with
 * latency 2; the mismatch from 6 lasts 1 s to the end: a rupture, censored
 * after 1 s, and the end reports the censoring. */
START_TEST(events_when_decided)
{
    static const step s[] = {
        { 0, NULL, "monitor/monitor" }, { 2, NULL, "avert/intrusive" },
        { 2.5, NULL, "protest/intrusive" }, { 3.5, NULL, "avert/intrusive" },
        { 4, NULL, "monitor/monitor" }, { 4.5, NULL, "positive/positive" },
        { 6, NULL, "avert/intrusive" },
    };
    att_score_rules r = rules_of(1, 1, 0, 0);
    att_score_event ev[7], end;
    att_scorer *sc = feed(&r, s, 7, 7, ev, &end);
    static const att_score_kind want[] = { ATT_SCORE_NONE, ATT_SCORE_NONE, ATT_SCORE_NONE,
                                           ATT_SCORE_RUPTURE, ATT_SCORE_NONE, ATT_SCORE_NONE,
                                           ATT_SCORE_REPAIR };
    for (int i = 0; i < 7; i++)
        ck_assert_msg(ev[i].kind == want[i], "step %d: %d", i, (int)ev[i].kind);
    ck_assert_double_eq_tol(ev[3].start, 2, 1e-9);
    ck_assert_double_eq_tol(ev[6].latency, 2, 1e-9);
    ck_assert_int_eq(end.kind, ATT_SCORE_CENSORED);
    ck_assert_double_eq_tol(end.start, 6, 1e-9);
    ck_assert_int_eq(ngot, 2);
    expect_rupture(0, 2, 2, 0, ATT_SIZE_MICRO);
    expect_rupture(1, 6, 1, 1, ATT_SIZE_UNKNOWN);
    att_scorer_free(sc);
}
END_TEST

/* Phases.  (1) A rupture confirmed after its phase ended: play M 0, play X
 * 9.5, still X 10, still M 12 (end 14), --min-rupture 1.  The mismatch
 * 9.5-12 (2.5 s) is a rupture of play (its first step), censored in play
 * at 10 (0.5 s) and repaired in `all` after 2.5 s.  `still` has none.
 * (2) A repair pending across a phase end: play M 0, play X 2, play M 9.8,
 * still M 10, still X 12 (end 13), --min-repair 1.  The match 9.8-12
 * (2.2 s) repairs at 9.8, inside play: 7.8 s in both, major.  12: a
 * rupture of still, censored after 1 s.  (3) The same with the match
 * cut short: play M 0, play X 2, play M 9.8, still X 10.3, still M 15
 * (end 16).  The match 9.8-10.3 (0.5 s) does not repair; the one from 15
 * lasts 1 s to the end: repaired at 15 (13 s, major); in play censored at
 * the phase's end, the first still step at 10.3 (8.3 s, major too). */
START_TEST(phases)
{
    static const step s1[] = {
        { 0, "play", "monitor/monitor" }, { 9.5, "play", "avert/intrusive" },
        { 10, "still", "avert/still" }, { 12, "still", "monitor/monitor" },
    };
    att_score_rules r = rules_of(1, 0, 0, 0);
    att_scorer *sc = feed(&r, s1, 4, 14, NULL, NULL);
    ck_assert_int_eq(ngot, 1);
    expect_rupture(0, 9.5, 2.5, 0, ATT_SIZE_MICRO);
    ck_assert_str_eq(got[0].phase, "play");
    ck_assert_double_eq_tol(got[0].phase_latency, 0.5, 1e-9);
    ck_assert_int_eq(got[0].phase_censored, 1);
    att_window_score play = window_of(sc, 1), still = window_of(sc, 2);
    ck_assert(play.v[ATT_SC_RUPTURES] == 1 && play.v[ATT_SC_REPAIRS] == 0);
    ck_assert(still.v[ATT_SC_RUPTURES] == 0);
    att_scorer_free(sc);

    static const step s2[] = {
        { 0, "play", "monitor/monitor" }, { 2, "play", "avert/intrusive" },
        { 9.8, "play", "monitor/monitor" }, { 10, "still", "monitor/monitor" },
        { 12, "still", "avert/still" },
    };
    r = rules_of(0, 1, 0, 0);
    sc = feed(&r, s2, 5, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 2);
    expect_rupture(0, 2, 7.8, 0, ATT_SIZE_MAJOR);
    ck_assert_double_eq_tol(got[0].phase_latency, 7.8, 1e-9);
    ck_assert_int_eq(got[0].phase_censored, 0);
    expect_rupture(1, 12, 1, 1, ATT_SIZE_UNKNOWN);
    ck_assert_str_eq(got[1].phase, "still");
    play = window_of(sc, 1);
    ck_assert(play.v[ATT_SC_REPAIRS] == 1 && play.v[ATT_SC_MAJOR_RUPTURES] == 1);
    att_scorer_free(sc);

    static const step s3[] = {
        { 0, "play", "monitor/monitor" }, { 2, "play", "avert/intrusive" },
        { 9.8, "play", "monitor/monitor" }, { 10.3, "still", "avert/still" },
        { 15, "still", "monitor/monitor" },
    };
    sc = feed(&r, s3, 5, 16, NULL, NULL);
    ck_assert_int_eq(ngot, 1);
    expect_rupture(0, 2, 13, 0, ATT_SIZE_MAJOR);
    ck_assert_double_eq_tol(got[0].phase_latency, 8.3, 1e-9);
    ck_assert_int_eq(got[0].phase_censored, 1);
    play = window_of(sc, 1);
    ck_assert(play.v[ATT_SC_REPAIRS] == 0 && play.v[ATT_SC_MAJOR_RUPTURES] == 1);
    att_scorer_free(sc);
}
END_TEST

/* --coding-unit 2 on run A: units start at 0, 2, 4, ..., 12; each takes
 * the step in force at its start: 0 M (t 0), 2 M (1.5), 4 X (4), 6 X (4),
 * 8 X (7.5), 10 M (9), 12 X (12); the last unit, 12-13, is cut at the end.
 * Matched 0-4 and 10-12: 6 s of 13; transitions at 4, 10, 12: 3 in 13 s.
 * Ruptures: 4, repaired at 10 (6 s, major, by both: avert/intrusive ->
 * monitor/monitor), 12 censored after 1 s.  Observed time stays 13. */
START_TEST(coding_unit)
{
    att_score_rules r = rules_of(0, 0, 2, 0);
    att_scorer *sc = feed(&r, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 2);
    expect_rupture(0, 4, 6, 0, ATT_SIZE_MAJOR);
    ck_assert_int_eq(got[0].repaired_by, ATT_BY_BOTH);
    expect_rupture(1, 12, 1, 1, ATT_SIZE_UNKNOWN);
    att_window_score w = window_of(sc, 0);
    ck_assert_double_eq_tol(w.v[ATT_SC_OBSERVED_S], 13, 1e-9);
    ck_assert_double_eq_tol(w.v[ATT_SC_MATCHED_PROP], 6.0 / 13, 1e-12);
    ck_assert_double_eq_tol(w.v[ATT_SC_TRANSITIONS_PER_MIN], 3 / (13.0 / 60), 1e-9);
    att_scorer_free(sc);
    /* Unit 1: units 0 M, 1 X (1), 2 M (1.5), 3 M, 4-6 X, 7 M (7), 8 X (7.5),
     * 9-11 M, 12 X: ruptures 1 (1 s), 4 (3 s), 8 (1 s), 12 (1 s, censored);
     * the row at 12.5 covers no unit start. */
    r = rules_of(0, 0, 1, 0);
    sc = feed(&r, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 4);
    expect_rupture(0, 1, 1, 0, ATT_SIZE_MICRO);
    expect_rupture(1, 4, 3, 0, ATT_SIZE_MICRO);
    expect_rupture(2, 8, 1, 0, ATT_SIZE_MICRO);
    expect_rupture(3, 12, 1, 1, ATT_SIZE_UNKNOWN);
    att_scorer_free(sc);
    /* Unit 2 then --min-repair 3: on the units, the match 10-12 lasts 2 s:
     * no repair; the rupture at 4 is censored at the end, 13 - 4 = 9 s;
     * the units' mismatch at 12 is part of it. */
    r = rules_of(0, 3, 2, 0);
    sc = feed(&r, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 1);
    expect_rupture(0, 4, 9, 1, ATT_SIZE_MAJOR);
    att_scorer_free(sc);
}
END_TEST

/* Bad rules: ATT_EINPUT, and the rules in force do not change: set
 * --min-rupture 1 first, and run A after the bad calls still has its 3
 * ruptures (not the 4 of the defaults, nor none). */
START_TEST(bad_rules)
{
    att_scorer *sc = att_scorer_new(table, NULL);
    ck_assert_ptr_nonnull(sc);
    att_score_rules one = rules_of(1, 0, 0, 0);
    ck_assert_int_eq(att_scorer_set_rules(sc, &one, NULL), ATT_OK);
    const att_score_rules bad[] = {
        rules_of(-1, 0, 0, 0), rules_of(0, NAN, 0, 0), rules_of(0, 0, 3601, 0),
        rules_of(0, 0, 0.0005, 0), rules_of(INFINITY, 0, 0, 0), rules_of(0, 0, 0, 4000),
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        att_error err = { 0 };
        ck_assert_int_eq(att_scorer_set_rules(sc, &bad[i], &err), ATT_EINPUT);
        ck_assert_msg(strstr(err.msg, " s") != NULL, "%s", err.msg);
    }
    att_score_rules zero = rules_of(0, 0, 0, 0);
    zero.major_s = 0;
    att_error err = { 0 };
    ck_assert_int_eq(att_scorer_set_rules(sc, &zero, &err), ATT_EINPUT);
    att_scorer_on_rupture(sc, keep, NULL);
    feed_into(sc, run_a, NA, 13, NULL, NULL);
    ck_assert_int_eq(ngot, 3);
    att_scorer_free(sc);
}
END_TEST

Suite *suite_score_rules(void)
{
    Suite *s = suite_create("score_rules");
    TCase *tc = tcase_create("rules");
    tcase_add_unchecked_fixture(tc, load_table, free_table);
    tcase_add_test(tc, defaults_and_names);
    tcase_add_test(tc, micro_and_major);
    tcase_add_test(tc, min_rupture);
    tcase_add_test(tc, short_mismatch_in_long_match);
    tcase_add_test(tc, min_repair_short_match_in_long_rupture);
    tcase_add_test(tc, repair_pending_at_end);
    tcase_add_test(tc, events_when_decided);
    tcase_add_test(tc, phases);
    tcase_add_test(tc, coding_unit);
    tcase_add_test(tc, bad_rules);
    suite_add_tcase(s, tc);
    return s;
}
