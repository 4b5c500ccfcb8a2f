/* Online scorer on small hand-written sequences (GUIDE section 4): expected
 * values are worked out by hand in the comments.  A run with a thousand
 * phase names has a thousand windows, each its own. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/scorer.h"
#include "tests/fixture.h"

#include <stdlib.h>
#include <unistd.h>
#include "attune/coded.h"

static att_match_table *table;

static void load_table(void)
{
    table = load_match("attuned");
}

static void free_table(void)
{
    att_match_table_free(table);
}

/* One step by code names: "infant/caregiver" under the attuned table. */
typedef struct {
    double t;
    const char *phase;
    const char *codes;
    double arousal;
} step;

static att_rupture seen[16];
static int nseen;

static int remember(const att_rupture *r, void *user, att_error *err)
{
    (void)user;
    (void)err;
    ck_assert_int_lt(nseen, 16);
    seen[nseen++] = *r;
    return ATT_OK;
}

/* Feeds `n` steps and ends at t_end; returns the scorer (caller frees).
 * kinds[i] receives what step i started or ended. */
static att_scorer *feed(const step *s, int n, double t_end, att_score_kind *kinds,
                        att_score_event *end)
{
    att_error err = { 0 };
    att_scorer *sc = att_scorer_new(table, NULL);
    ck_assert_ptr_nonnull(sc);
    nseen = 0;
    att_scorer_on_rupture(sc, remember, NULL);
    ck_assert_int_eq(att_scorer_begin(sc, "r1", &err), ATT_OK);
    for (int i = 0; i < n; i++) {
        char ic[32], cc[32];
        const char *slash = strchr(s[i].codes, '/');
        snprintf(ic, sizeof ic, "%.*s", (int)(slash - s[i].codes), s[i].codes);
        snprintf(cc, sizeof cc, "%s", slash + 1);
        int ii = att_match_table_infant_index(table, ic);
        int ci = att_match_table_caregiver_index(table, cc);
        ck_assert_int_ge(ii, 0);
        ck_assert_int_ge(ci, 0);
        att_score_step st = { s[i].t, s[i].phase, ii, ci, att_match_table_matched(table, ii, ci),
                              s[i].arousal };
        att_score_event ev;
        ck_assert_int_eq(att_scorer_push(sc, &st, &ev, &err), ATT_OK);
        if (kinds)
            kinds[i] = ev.kind;
    }
    att_score_event ev;
    ck_assert_int_eq(att_scorer_end(sc, t_end, &ev, &err), ATT_OK);
    if (end)
        *end = ev;
    return sc;
}

static att_window_score window(const att_scorer *sc, size_t i, double cutoff)
{
    att_error err = { 0 };
    att_window_score w;
    ck_assert_int_eq(att_scorer_window(sc, i, cutoff, &w, &err), ATT_OK);
    return w;
}

START_TEST(begins_mismatched)
{
    /* Mismatched first (nothing to break yet), matched at 1, rupture at 2,
     * caregiver repairs at 3 (avert/intrusive -> avert/monitor). */
    step s[] = { { 0, NULL, "avert/intrusive", NAN }, { 1, NULL, "monitor/monitor", NAN },
                 { 2, NULL, "avert/intrusive", NAN }, { 3, NULL, "avert/monitor", NAN } };
    att_score_kind k[4];
    att_score_event end;
    att_scorer *sc = feed(s, 4, 4, k, &end);
    ck_assert_int_eq(k[0], ATT_SCORE_NONE);
    ck_assert_int_eq(k[1], ATT_SCORE_NONE);
    ck_assert_int_eq(k[2], ATT_SCORE_RUPTURE);
    ck_assert_int_eq(k[3], ATT_SCORE_REPAIR);
    ck_assert_int_eq(end.kind, ATT_SCORE_NONE);
    ck_assert_uint_eq(att_scorer_window_count(sc), 1);
    att_window_score w = window(sc, 0, 30);
    ck_assert_str_eq(w.window, "all");
    EQ(w.v[ATT_SC_OBSERVED_S], 4);
    EQ(w.v[ATT_SC_MATCHED_PROP], 0.5);
    EQ(w.v[ATT_SC_TRANSITIONS_PER_MIN], 3 / (4 / 60.0));  /* at 1, 2 and 3 */
    EQ(w.v[ATT_SC_RUPTURES], 1);
    EQ(w.v[ATT_SC_REPAIRS], 1);
    EQ(w.v[ATT_SC_REPAIRED_PROP], 1);
    EQ(w.v[ATT_SC_LATENCY_MEDIAN_S], 1);
    EQ(w.v[ATT_SC_REPAIRED_WITHIN_2S], 1);
    EQ(w.v[ATT_SC_RMST_S], 1);                            /* S = 1 on [0,1), 0 after */
    EQ(w.v[ATT_SC_LATENCY_MEAN_COMPLETED_S], 1);
    EQ(w.v[ATT_SC_INFANT_GAZE_PROP], 0.25);               /* only monitor looks */
    EQ(w.v[ATT_SC_INFANT_POSITIVE_PROP], 0);
    EQ(w.v[ATT_SC_INFANT_NEGATIVE_PROP], 0);
    ck_assert_int_eq(nseen, 1);
    ck_assert_int_eq(seen[0].repaired_by, ATT_BY_CAREGIVER);
    ck_assert(!seen[0].censored);
    att_scorer_free(sc);
}
END_TEST

START_TEST(never_matched_has_no_rupture)
{
    step s[] = { { 0, NULL, "avert/intrusive", NAN }, { 1, NULL, "protest/intrusive", NAN } };
    att_scorer *sc = feed(s, 2, 2, NULL, NULL);
    att_window_score w = window(sc, 0, 30);
    EQ(w.v[ATT_SC_RUPTURES], 0);
    ck_assert(isnan(w.v[ATT_SC_REPAIRED_PROP]));
    ck_assert(isnan(w.v[ATT_SC_LATENCY_MEDIAN_S]));
    ck_assert(isnan(w.v[ATT_SC_REPAIRED_WITHIN_2S]));
    ck_assert(isnan(w.v[ATT_SC_RMST_S]));
    ck_assert(isnan(w.v[ATT_SC_LATENCY_MEAN_COMPLETED_S]));
    EQ(w.v[ATT_SC_MATCHED_PROP], 0);
    EQ(w.v[ATT_SC_INFANT_NEGATIVE_PROP], 0.5);
    att_scorer_free(sc);
}
END_TEST

START_TEST(rupture_crosses_a_phase_boundary)
{
    /* play: 0 1 2 | still: 3 4 5.  Rupture at 2 (play), repaired at 4 by
     * the infant (protest/soothe is matched).  In `all`: latency 2.  In
     * play: censored at the phase's end, 3, latency 1; still has none. */
    step s[] = { { 0, "play", "positive/positive", 0.1 }, { 1, "play", "positive/positive", 0.2 },
                 { 2, "play", "avert/soothe", 0.5 },      { 3, "still", "avert/soothe", 0.7 },
                 { 4, "still", "protest/soothe", 0.6 },   { 5, "still", "protest/soothe", 0.9 } };
    att_scorer *sc = feed(s, 6, 6, NULL, NULL);
    ck_assert_uint_eq(att_scorer_window_count(sc), 3);
    att_window_score all = window(sc, 0, 30), play = window(sc, 1, 30), still = window(sc, 2, 30);
    ck_assert_str_eq(play.window, "play");
    ck_assert_str_eq(still.window, "still");
    EQ(all.v[ATT_SC_RUPTURES], 1);
    EQ(all.v[ATT_SC_REPAIRS], 1);
    EQ(all.v[ATT_SC_LATENCY_MEDIAN_S], 2);
    EQ(play.v[ATT_SC_RUPTURES], 1);
    EQ(play.v[ATT_SC_REPAIRS], 0);
    EQ(play.v[ATT_SC_REPAIRED_PROP], 0);
    ck_assert(isnan(play.v[ATT_SC_LATENCY_MEDIAN_S]));    /* S stays 1 */
    ck_assert(isnan(play.v[ATT_SC_REPAIRED_WITHIN_2S]));  /* 2 is past the last time, 1 */
    ck_assert(isnan(play.v[ATT_SC_LATENCY_MEAN_COMPLETED_S]));
    EQ(play.v[ATT_SC_OBSERVED_S], 3);
    EQ(play.v[ATT_SC_MATCHED_PROP], 2.0 / 3);
    EQ(still.v[ATT_SC_RUPTURES], 0);
    EQ(still.v[ATT_SC_REPAIRS], 0);
    EQ(still.v[ATT_SC_OBSERVED_S], 3);
    EQ(still.v[ATT_SC_MATCHED_PROP], 2.0 / 3);
    EQ(still.v[ATT_SC_TRANSITIONS_PER_MIN], 1 / (3 / 60.0));  /* the repair at 4 */
    EQ(play.v[ATT_SC_TRANSITIONS_PER_MIN], 1 / (3 / 60.0));   /* the rupture at 2 */
    ck_assert_int_eq(nseen, 1);
    ck_assert_str_eq(seen[0].phase, "play");
    EQ(seen[0].latency, 2);
    ck_assert(!seen[0].censored);
    EQ(seen[0].phase_latency, 1);
    ck_assert(seen[0].phase_censored);
    ck_assert_int_eq(seen[0].repaired_by, ATT_BY_INFANT);
    EQ(seen[0].peak_infant_arousal, 0.7);       /* over 2 and 3, not the repair step */
    att_scorer_free(sc);
}
END_TEST

START_TEST(play_window_survives_censoring)
{
    /* S(2) is undefined only when 2 lies beyond the last observed latency;
     * here play has a rupture repaired at 1 and one censored at 3. */
    step s[] = { { 0, "play", "monitor/monitor", NAN }, { 1, "play", "avert/positive", NAN },
                 { 2, "play", "avert/monitor", NAN },   { 3, "play", "monitor/intrusive", NAN },
                 { 6, "still", "monitor/still", NAN } };
    att_scorer *sc = feed(s, 5, 7, NULL, NULL);
    att_window_score play = window(sc, 1, 30);
    EQ(play.v[ATT_SC_RUPTURES], 2);
    EQ(play.v[ATT_SC_REPAIRS], 1);
    /* latencies 1 (repaired) and 3 (censored at 6): S = 1/2 from 1 on, to
     * the last time 3: the median is (1 + 3) / 2 (R's quantile.survfit) */
    EQ(play.v[ATT_SC_LATENCY_MEDIAN_S], 2);
    EQ(play.v[ATT_SC_REPAIRED_WITHIN_2S], 0.5);
    ck_assert(isnan(play.v[ATT_SC_RMST_S]));              /* S > 0 past 3 < 30 */
    att_window_score p2 = window(sc, 1, 2.5);
    EQ(p2.v[ATT_SC_RMST_S], 1 + 0.5 * 1.5);
    att_window_score all = window(sc, 0, 30);
    EQ(all.v[ATT_SC_LATENCY_MEDIAN_S], 2.5);              /* the second rupture runs to 7: latency 4 */
    ck_assert_int_eq(nseen, 2);
    EQ(seen[1].latency, 4);
    ck_assert(seen[1].censored);
    EQ(seen[1].phase_latency, 3);
    ck_assert(seen[1].phase_censored);
    ck_assert_int_eq(seen[1].repaired_by, ATT_BY_NONE);
    att_scorer_free(sc);
}
END_TEST

START_TEST(ties_at_phase_ends)
{
    /* The first step of `still` is the first mismatched one: a still-face
     * rupture, starting at 2.  The repair falls on the first step of
     * `reunion` (4): censored in still at 4 (latency 2), repaired in all
     * with the same latency 2. */
    step s[] = { { 0, "play", "positive/positive", NAN }, { 1, "play", "positive/positive", NAN },
                 { 2, "still", "monitor/still", NAN },    { 3, "still", "protest/still", NAN },
                 { 4, "reunion", "protest/soothe", NAN } };
    att_scorer *sc = feed(s, 5, 5, NULL, NULL);
    att_window_score all = window(sc, 0, 30), play = window(sc, 1, 30),
                     still = window(sc, 2, 30), reunion = window(sc, 3, 30);
    EQ(play.v[ATT_SC_RUPTURES], 0);
    EQ(still.v[ATT_SC_RUPTURES], 1);
    EQ(still.v[ATT_SC_REPAIRS], 0);
    EQ(reunion.v[ATT_SC_RUPTURES], 0);
    EQ(reunion.v[ATT_SC_REPAIRS], 0);
    EQ(all.v[ATT_SC_REPAIRS], 1);
    EQ(all.v[ATT_SC_LATENCY_MEAN_COMPLETED_S], 2);
    ck_assert(isnan(still.v[ATT_SC_LATENCY_MEAN_COMPLETED_S]));
    EQ(still.v[ATT_SC_TRANSITIONS_PER_MIN], 1 / (2 / 60.0));
    EQ(reunion.v[ATT_SC_TRANSITIONS_PER_MIN], 1 / (1 / 60.0));
    ck_assert_int_eq(seen[0].repaired_by, ATT_BY_CAREGIVER);
    att_scorer_free(sc);
}
END_TEST

START_TEST(open_at_the_end_is_censored)
{
    step s[] = { { 0, NULL, "monitor/monitor", NAN }, { 0.1, NULL, "avert/positive", NAN },
                 { 0.2, NULL, "avert/monitor", NAN }, { 0.3, NULL, "avert/intrusive", NAN },
                 { 0.4, NULL, "avert/intrusive", NAN } };
    att_score_event end;
    att_scorer *sc = feed(s, 5, 0.5, NULL, &end);
    ck_assert_int_eq(end.kind, ATT_SCORE_CENSORED);
    EQ(end.start, 0.3);
    EQ(end.latency, 0.2);
    ck_assert_int_eq(att_scorer_ruptures(sc), 2);
    ck_assert_int_eq(att_scorer_repairs(sc), 1);
    att_window_score w = window(sc, 0, 30);
    EQ(w.v[ATT_SC_REPAIRED_PROP], 0.5);
    /* latencies 0.1 (repaired), 0.2 (censored): S = 1/2 from 0.1 to the
     * last time 0.2, so the median is 0.15 (R's quantile.survfit) */
    EQ(w.v[ATT_SC_LATENCY_MEDIAN_S], 0.15);
    ck_assert(isnan(w.v[ATT_SC_REPAIRED_WITHIN_2S]));
    /* a new run starts unbroken */
    att_error err = { 0 };
    ck_assert_int_eq(att_scorer_begin(sc, "r2", &err), ATT_OK);
    att_score_step st = { 0, NULL, 0, 0, 0, NAN };
    att_score_event ev;
    ck_assert_int_eq(att_scorer_push(sc, &st, &ev, &err), ATT_OK);
    ck_assert_int_eq(ev.kind, ATT_SCORE_NONE);
    ck_assert_int_eq(att_scorer_ruptures(sc), 0);
    att_scorer_free(sc);
}
END_TEST

START_TEST(recurring_phase_name_pools_its_segments)
{
    /* play | still | play: one `play` window of 2 + 1 s. */
    step s[] = { { 0, "play", "positive/positive", NAN }, { 1, "play", "avert/positive", NAN },
                 { 2, "still", "avert/still", NAN },      { 3, "play", "positive/positive", NAN } };
    att_scorer *sc = feed(s, 4, 4, NULL, NULL);
    ck_assert_uint_eq(att_scorer_window_count(sc), 3);
    att_window_score play = window(sc, 1, 30);
    EQ(play.v[ATT_SC_OBSERVED_S], 3);
    EQ(play.v[ATT_SC_MATCHED_PROP], 2.0 / 3);
    EQ(play.v[ATT_SC_RUPTURES], 1);
    EQ(play.v[ATT_SC_REPAIRS], 0);       /* the repair at 3 is in a later segment */
    EQ(seen[0].phase_latency, 1);
    att_scorer_free(sc);
}
END_TEST

START_TEST(irregular_steps_weight_time)
{
    /* Observed coding at change points: durations 0.5, 2, 1.5. */
    step s[] = { { 10, NULL, "positive/positive", NAN }, { 10.5, NULL, "protest/positive", NAN },
                 { 12.5, NULL, "withdrawn/soothe", NAN } };
    att_scorer *sc = feed(s, 3, 14, NULL, NULL);
    att_window_score w = window(sc, 0, 30);
    EQ(w.v[ATT_SC_OBSERVED_S], 4);
    EQ(w.v[ATT_SC_MATCHED_PROP], 2.0 / 4);
    EQ(w.v[ATT_SC_INFANT_GAZE_PROP], 2.5 / 4);
    EQ(w.v[ATT_SC_INFANT_POSITIVE_PROP], 0.5 / 4);
    EQ(w.v[ATT_SC_INFANT_NEGATIVE_PROP], 3.5 / 4);
    EQ(w.v[ATT_SC_LATENCY_MEAN_COMPLETED_S], 2);
    ck_assert_int_eq(seen[0].repaired_by, ATT_BY_BOTH);
    ck_assert(isnan(seen[0].peak_infant_arousal));
    att_scorer_free(sc);
}
END_TEST

START_TEST(latency_ties_survive_rounding)
{
    /* 12.3 - 12.0 and 5.3 - 5.0 differ in binary; both are 0.3 s. */
    step s[] = { { 4.9, NULL, "monitor/monitor", NAN }, { 5.0, NULL, "avert/intrusive", NAN },
                 { 5.3, NULL, "monitor/monitor", NAN }, { 12.0, NULL, "avert/intrusive", NAN },
                 { 12.3, NULL, "monitor/monitor", NAN } };
    att_scorer *sc = feed(s, 5, 12.4, NULL, NULL);
    const att_tally *t = att_scorer_window_tally(sc, 0);
    ck_assert_uint_eq(att_tally_size(t), 1);
    ck_assert_int_eq(att_tally_events(t)[0], 2);
    EQ(att_tally_times(t)[0], 0.3);
    att_scorer_free(sc);
}
END_TEST

/* ---- library: many phase names ------------------------------------------ */

START_TEST(thousand_phases_each_its_own_window)
{
    /* run a: phases p0..p999 one step each, then p0 again; run b: p0 only.
     * The name map must find p0 again, and forget run a's names. */
    size_t cap = 64 * 1024;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t n = (size_t)snprintf(buf, cap, "run,t,infant_code,caregiver_code,phase\n");
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(buf + n, cap - n, "a,%d,monitor,monitor,p%d\n", i, i);
    n += (size_t)snprintf(buf + n, cap - n, "a,1000,monitor,monitor,p0\n"
                          "b,0,monitor,monitor,p0\nb,1,monitor,monitor,p0\n");
    att_match_table *mt = load_match("attuned");
    att_scorer *sc = att_scorer_new(mt, NULL);
    att_error err = { 0 };
    ck_assert_int_eq(att_scorer_begin(sc, "a", &err), ATT_OK);
    char phase[16];
    for (int i = 0; i <= 1000; i++) {
        snprintf(phase, sizeof phase, "p%d", i % 1000);
        att_score_step st = { i, phase, att_match_table_infant_index(mt, "monitor"),
                              att_match_table_caregiver_index(mt, "monitor"), 1, NAN };
        ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    }
    ck_assert_int_eq(att_scorer_end(sc, 1001, NULL, &err), ATT_OK);
    ck_assert_uint_eq(att_scorer_window_count(sc), 1001);
    att_window_score w;
    ck_assert_int_eq(att_scorer_window(sc, 1, 30, &w, &err), ATT_OK);
    ck_assert_str_eq(w.window, "p0");
    ck_assert_double_eq(w.v[ATT_SC_OBSERVED_S], 2);   /* t 0-1 and 1000-1001 */
    ck_assert_int_eq(att_scorer_window(sc, 1000, 30, &w, &err), ATT_OK);
    ck_assert_str_eq(w.window, "p999");
    ck_assert_double_eq(w.v[ATT_SC_OBSERVED_S], 1);
    ck_assert_int_eq(att_scorer_begin(sc, "b", &err), ATT_OK);
    att_score_step st = { 0, "p5", 0, 0, 1, NAN };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_scorer_end(sc, 1, NULL, &err), ATT_OK);
    ck_assert_uint_eq(att_scorer_window_count(sc), 2);
    ck_assert_int_eq(att_scorer_window(sc, 1, 30, &w, &err), ATT_OK);
    ck_assert_str_eq(w.window, "p5");
    att_scorer_free(sc);
    att_match_table_free(mt);
    /* and through the file reader */
    score_list s;
    ck_assert_msg(score_bytes(buf, n, 0, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(s.windows, 1001 + 2);
    free(buf);
}
END_TEST

/* ---- the error channel ---- */

START_TEST(scorer_new_refuses_missing_table)
{
    att_error err = { 0 };
    ck_assert_ptr_null(att_scorer_new(NULL, &err));
    expect_err(&err, ATT_EINPUT, "match table");
    ck_assert_ptr_null(att_scorer_new(NULL, NULL));
    att_match_table *mt = load_match("attuned");
    att_error ok = { 0 };
    att_scorer *sc = att_scorer_new(mt, &ok);
    ck_assert_ptr_nonnull(sc);
    ck_assert_int_eq(ok.code, ATT_OK);
    att_scorer_free(sc);
    att_match_table_free(mt);
}
END_TEST

/* Ends the run at 1 s and checks that it scored one matched second (the
 * refused steps counted nothing); frees the scorer. */
static void end_one_matched_second(att_scorer *sc)
{
    att_error err = { 0 };
    ck_assert_int_eq(att_scorer_end(sc, 1.0, NULL, &err), ATT_OK);
    att_window_score w;
    ck_assert_int_eq(att_scorer_window(sc, 0, ATT_SCORE_CUTOFF_S, &w, &err), ATT_OK);
    ck_assert_double_eq(w.v[ATT_SC_OBSERVED_S], 1.0);
    ck_assert_double_eq(w.v[ATT_SC_MATCHED_PROP], 1.0);
    att_scorer_free(sc);
}

/* A step whose matched is not 0 or 1 is refused, and counts nothing: the
 * steps around it score as if it had not come (one matched second). */
START_TEST(scorer_refuses_matched_out_of_range)
{
    att_error err = { 0 };
    att_scorer *sc = att_scorer_new(table, NULL);
    ck_assert_ptr_nonnull(sc);
    ck_assert_int_eq(att_scorer_begin(sc, "r1", &err), ATT_OK);
    att_score_step st = { 0, "play", 0, 0, 1, 0.2 };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    for (int bad = -1; bad <= 2; bad += 3) {
        att_score_step b = { 0.5, "play", 0, 0, bad, 0.2 };
        ck_assert_int_eq(att_scorer_push(sc, &b, NULL, &err), ATT_EINPUT);
        ck_assert_ptr_nonnull(strstr(err.msg, "expected 0 or 1"));
    }
    end_one_matched_second(sc);
}
END_TEST

/* A code index outside the match table is refused (it would index the
 * scorer's class tables), and counts nothing: the refused steps are
 * mismatched, so one counted would halve the matched share of the one
 * matched second.  The attuned table has 5 infant and 6 caregiver codes
 * (data/match). */
START_TEST(scorer_refuses_code_index_out_of_range)
{
    att_error err = { 0 };
    int ni = att_match_table_infant_count(table), nc = att_match_table_caregiver_count(table);
    ck_assert_int_eq(ni, 5);
    ck_assert_int_eq(nc, 6);
    att_scorer *sc = att_scorer_new(table, NULL);
    ck_assert_ptr_nonnull(sc);
    ck_assert_int_eq(att_scorer_begin(sc, "r1", &err), ATT_OK);
    att_score_step st = { 0, "play", ni - 1, nc - 1, 1, 0.2 };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    const int bad[][2] = { { -1, 0 }, { 5, 0 }, { 0, -1 }, { 0, 6 }, { 1 << 30, 0 } };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        att_score_step b = { 0.5, "play", bad[i][0], bad[i][1], 0, 0.2 };
        ck_assert_int_eq(att_scorer_push_id(sc, &b, 0, NULL, &err), ATT_EINPUT);
        int infant = bad[i][0] != 0;
        char want[128];
        snprintf(want, sizeof want, "%s code index %d at t 0.5: outside the match table (its %s)",
                 infant ? "infant" : "caregiver", infant ? bad[i][0] : bad[i][1],
                 infant ? "5 infant codes are 0 to 4" : "6 caregiver codes are 0 to 5");
        ck_assert_str_eq(err.msg, want);
    }
    end_one_matched_second(sc);
}
END_TEST

/* A phase named `all` would be a second window of that name: refused,
 * counting nothing (one matched second, as without it). */
START_TEST(scorer_refuses_a_phase_named_all)
{
    att_error err = { 0 };
    att_scorer *sc = att_scorer_new(table, NULL);
    ck_assert_ptr_nonnull(sc);
    ck_assert_int_eq(att_scorer_begin(sc, "r1", &err), ATT_OK);
    att_score_step st = { 0, "play", 0, 0, 1, 0.2 };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    att_score_step b = { 0.5, "all", 0, 0, 0, 0.2 };
    ck_assert_int_eq(att_scorer_push(sc, &b, NULL, &err), ATT_EINPUT);
    ck_assert_str_eq(err.msg, "phase name 'all' is reserved: it names the whole run's window in "
                     "scores and results (choose another)");
    ck_assert_uint_eq(att_scorer_window_count(sc), 2);   /* all and play */
    end_one_matched_second(sc);
}
END_TEST

Suite *suite_scorer(void)
{
    Suite *s = suite_create("scorer");
    TCase *tc = tcase_create("online");
    tcase_add_unchecked_fixture(tc, load_table, free_table);
    tcase_add_test(tc, scorer_new_refuses_missing_table);
    tcase_add_test(tc, scorer_refuses_matched_out_of_range);
    tcase_add_test(tc, scorer_refuses_code_index_out_of_range);
    tcase_add_test(tc, scorer_refuses_a_phase_named_all);
    tcase_add_test(tc, begins_mismatched);
    tcase_add_test(tc, never_matched_has_no_rupture);
    tcase_add_test(tc, rupture_crosses_a_phase_boundary);
    tcase_add_test(tc, play_window_survives_censoring);
    tcase_add_test(tc, ties_at_phase_ends);
    tcase_add_test(tc, open_at_the_end_is_censored);
    tcase_add_test(tc, recurring_phase_name_pools_its_segments);
    tcase_add_test(tc, irregular_steps_weight_time);
    tcase_add_test(tc, latency_ties_survive_rounding);
    suite_add_tcase(s, tc);
    tc = tcase_create("reader");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, thousand_phases_each_its_own_window);
    suite_add_tcase(s, tc);
    return s;
}
