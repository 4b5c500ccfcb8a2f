/* The fit statistics (attune/fitstats.h) on three sessions worked by hand,
 * their bootstrap variance against the exact bootstrap variance found by
 * enumerating every resample, and the targets file with every bad input.
 *
 * The data set (attuned match table; the matched column decides; caregiver
 * codes do not matter here).  Infant classes: positive = gaze + positive,
 * monitor = gaze, avert = none, protest = gaze + negative, withdrawn =
 * negative.  Aversion bout: a stretch without gaze (avert, withdrawn);
 * negative bout: protest or withdrawn.
 *
 *   s1 (end 20)                         s2 (end 20)                  s3 (end 10)
 *   t  phase infant    m                t  phase infant    m         t phase infant   m
 *   0  play  positive  1                0  play  monitor   1         0 play  positive 1
 *   4  play  avert     0  rupture A     5  play  withdrawn 0  E      3 play  protest  0  G
 *   6  play  monitor   1  A repaired 2  8  play  avert     0         4 play  positive 1  G 1
 *  10  still avert     0  rupture B    10  still avert     0         6 play  avert    0  H
 *  13  still withdrawn 0               12  still positive  1  E 7      (H censored at 10: 4)
 *  16  still protest   1  B repaired 6 15  still avert     0  F
 *  18  still avert     0  rupture C    17  still monitor   1  F 2
 *      (C censored at 20: 2)
 *
 * Per session and window (observed s; matched, gaze, positive, negative
 * shares; ruptures and transitions per minute):
 *   s1 play : 10 s; matched 8/10; gaze 8/10; pos 4/10; neg 0;     1 rupture  6/min; 2 trans 12/min
 *   s1 still: 10 s; matched 2/10; gaze 2/10; pos 0;    neg 5/10;  2 ruptures 12/min; 3 trans 18/min
 *      (the change at 10 is a step of still, so its transition counts there)
 *   s1 all  : 20 s; 10/20; 10/20; 4/20; 5/20;  3 ruptures 9/min;  5 trans 15/min
 *   s2 play : 10 s; 5/10; 5/10; 0; 3/10;  1 rupture 6/min;  1 trans 6/min
 *   s2 still: 10 s; 6/10; 6/10; 3/10; 0;  1 rupture 6/min;  3 trans 18/min (E belongs to play)
 *   s2 all  : 20 s; 11/20; 11/20; 3/20; 3/20;  2 ruptures 6/min;  4 trans 12/min
 *   s3 play = all: 10 s; 5/10; 6/10; 5/10; 1/10;  2 ruptures 12/min;  3 trans 18/min
 * Means over sessions:
 *   play : matched (.8+.5+.5)/3 = .6; ruptures (6+6+12)/3 = 8; transitions (12+6+18)/3 = 12;
 *          gaze (.8+.5+.6)/3 = 1.9/3; pos (.4+0+.5)/3 = .3; neg (0+.3+.1)/3 = .4/3
 *   still: (s1, s2 only) matched .4; ruptures 9; transitions 18; gaze .4; pos .15; neg .25
 *   all  : matched 1.55/3; ruptures 9; transitions 15; gaze 1.65/3; pos .85/3; neg .5/3
 * Bouts (cut by the window's start and end and the session's end):
 *   aversion: s1 [4,6) 2, [10,16) 6, [18,20) 2 (cut by the end); s2 [5,12) 7: in play
 *     [5,10) 5 (cut by play's end), in still [10,12) 2 (cut by still's start), and
 *     [15,17) 2; s3 [6,10) 4 (cut by the end).
 *     play (2 + 5 + 4)/3 = 11/3;  still (6 + 2 + 2 + 2)/4 = 3;  all (2+6+2+7+2+4)/6 = 23/6
 *   negative: s1 [13,18) 5 (still); s2 [5,8) 3 (play); s3 [3,4) 1 (play).
 *     play (3 + 1)/2 = 2;  still 5;  all 9/3 = 3
 * Latencies pooled (e repaired, c censored), Kaplan-Meier:
 *   play : A 2e, E 5c (censored at play's end), G 1e, H 4c.
 *          S(1) = 3/4, S(2) = 3/4 * 2/3 = 1/2, then only censorings.
 *          q25: S = 3/4 from 1 to 2: the plateau's midpoint 1.5; q50: S stays at
 *          1/2 to the last time: (2 + 5)/2 = 3.5; q75: S never reaches 1/4: NaN.
 *          within 2 s: 1 - S(2) = 1/2.
 *   still: B 6e, C 2c, F 2e.  S(2) = 2/3 (3 at risk, 1 repaired), S(6) = 0.
 *          q25 = 2, q50 = 6, q75 = 6; within 2 s 1/3.
 *   all  : A 2e, B 6e, C 2c, E 7e, F 2e, G 1e, H 4c.  S(1) = 6/7, S(2) = 6/7 * 4/6 =
 *          4/7, S(6) = 4/7 * 1/2 = 2/7, S(7) = 0.  q25 = 2, q50 = 6, q75 = 7;
 *          within 2 s 3/7.
 * R's survfit/quantile give the same (tests/r/reference.R, cases fitstats-*). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/fitstats.h"
#include "attune/scheme.h"
#include "tests/fixture.h"

#define TOL 1e-12

static const char *const coded =
    "run,t,phase,infant_code,caregiver_code,matched,end\n"
    "s1,0,play,positive,monitor,1,20\n"
    "s1,4,play,avert,monitor,0,20\n"
    "s1,6,play,monitor,monitor,1,20\n"
    "s1,10,still,avert,still,0,20\n"
    "s1,13,still,withdrawn,still,0,20\n"
    "s1,16,still,protest,still,1,20\n"
    "s1,18,still,avert,still,0,20\n"
    "s2,0,play,monitor,monitor,1,20\n"
    "s2,5,play,withdrawn,monitor,0,20\n"
    "s2,8,play,avert,monitor,0,20\n"
    "s2,10,still,avert,still,0,20\n"
    "s2,12,still,positive,still,1,20\n"
    "s2,15,still,avert,still,0,20\n"
    "s2,17,still,monitor,still,1,20\n"
    "s3,0,play,positive,monitor,1,10\n"
    "s3,3,play,protest,monitor,0,10\n"
    "s3,4,play,positive,monitor,1,10\n"
    "s3,6,play,avert,monitor,0,10\n";

static att_match_table *table;

static void load_table(void)
{
    table = load_match("attuned");
}

static void free_table(void)
{
    att_match_table_free(table);
}

/* The three sessions read from the coded text above. */
static att_fitstats *hand_data(void)
{
    char path[64];
    att_error err = { 0 };
    temp_file(path, sizeof path, coded);
    att_fitstats *fs = att_fitstats_new(table, NULL, NULL, &err);
    ck_assert_msg(fs != NULL, "%s", err.msg);
    ck_assert_msg(att_fitstats_read_coded(fs, path, NULL, &err) == ATT_OK, "%s", err.msg);
    unlink(path);
    return fs;
}

static double value(const att_fitstats *fs, const char *name)
{
    double v;
    att_error err = { 0 };
    const char *names[1] = { name };
    ck_assert_msg(att_fitstats_vector(fs, names, 1, &v, &err) == ATT_OK, "%s", err.msg);
    return v;
}

static void expect(const att_fitstats *fs, const char *name, double want)
{
    double v = value(fs, name);
    if (isnan(want))
        ck_assert_msg(isnan(v), "%s: %.17g, expected undefined", name, v);
    else
        ck_assert_msg(fabs(v - want) <= TOL, "%s: %.17g, expected %.17g", name, v, want);
}

START_TEST(names_and_addresses)
{
    for (int s = 0; s < ATT_FS_COUNT; s++) {
        ck_assert_int_eq(att_fitstat_find(att_fitstat_name((att_fitstat)s)), s);
        ck_assert_ptr_nonnull(att_fitstat_help((att_fitstat)s));
    }
    ck_assert_str_eq(att_fitstat_name(ATT_FS_AVERSION_BOUT_S), "aversion_bout_s");
    ck_assert_ptr_null(att_fitstat_name(ATT_FS_COUNT));
    ck_assert_int_eq(att_fitstat_find("matched"), -1);
    /* the shares, by the documented list: the _prop means and
     * repaired_within_2s, not their SDs, quantiles, rates or bouts */
    for (int s = 0; s < ATT_FS_COUNT; s++) {
        const char *nm = att_fitstat_name((att_fitstat)s);
        size_t len = strlen(nm);
        int share = (len > 5 && strcmp(nm + len - 5, "_prop") == 0) ||
                    strcmp(nm, "repaired_within_2s") == 0;
        ck_assert_msg(att_fitstat_is_share((att_fitstat)s) == share, "%s", nm);
    }
    ck_assert_int_eq(att_fitstat_is_share(ATT_FS_COUNT), 0);
    char w[32];
    att_fitstat st;
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstat_parse("still-face.matched_prop", w, sizeof w, &st, &err), 0);
    ck_assert_str_eq(w, "still-face");
    ck_assert_int_eq(st, ATT_FS_MATCHED_PROP);
    ck_assert_int_eq(att_fitstat_parse("a.b.latency_q75_s", w, sizeof w, &st, &err), 0);
    ck_assert_str_eq(w, "a.b");   /* split at the last dot */
    ck_assert_int_eq(st, ATT_FS_LATENCY_Q75_S);
    ck_assert_int_eq(att_fitstat_parse("play.matched_prob", w, sizeof w, &st, &err), ATT_EINPUT);
    expect_contains(err.msg, "did you mean 'matched_prop'", "suggestion");
    ck_assert_int_eq(att_fitstat_parse("matched_prop", w, sizeof w, &st, &err), ATT_EINPUT);
    expect_contains(err.msg, "WINDOW.NAME", "no dot");
    ck_assert_int_eq(att_fitstat_parse(".matched_prop", w, sizeof w, &st, &err), ATT_EINPUT);
    ck_assert_int_eq(att_fitstat_parse("a-rather-long-phase-name-here.matched_prop", w, 8, &st,
                                       &err), ATT_EINPUT);
    att_fitstat_names l = { 0 };
    ck_assert_int_eq(att_fitstat_names_parse(" play.matched_prop , still.latency_q50_s", &l,
                                             &err), 0);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_str_eq(l.name[0], "play.matched_prop");
    ck_assert_str_eq(l.name[1], "still.latency_q50_s");
    ck_assert_int_eq(att_fitstat_names_parse("play.matched_prop,play.matched_prop", &l, &err),
                     ATT_EINPUT);
    expect_contains(err.msg, "named twice", "duplicate");
    ck_assert_uint_eq(l.n, 0);
    ck_assert_int_eq(att_fitstat_names_parse("play.matched_prop,,x.y", &l, &err), ATT_EINPUT);
    expect_contains(err.msg, "empty item", "empty");
    att_fitstat_names_free(&l);
}
END_TEST

/* Every statistic of every window, as worked out at the top. */
static void expect_hand_values(const att_fitstats *fs)
{
    ck_assert_uint_eq(att_fitstats_sessions(fs), 3);
    ck_assert_uint_eq(att_fitstats_window_count(fs), 3);
    ck_assert_str_eq(att_fitstats_window(fs, 0), "all");
    ck_assert_str_eq(att_fitstats_window(fs, 1), "play");
    ck_assert_str_eq(att_fitstats_window(fs, 2), "still");
    ck_assert_ptr_null(att_fitstats_window(fs, 3));
    static const struct { const char *name; double v; } want[] = {
        { "play.matched_prop", 0.6 },               { "play.ruptures_per_min", 8 },
        { "play.latency_q25_s", 1.5 },              { "play.latency_q50_s", 3.5 },
        { "play.latency_q75_s", NAN },              { "play.repaired_within_2s", 0.5 },
        { "play.infant_gaze_prop", 1.9 / 3 },       { "play.infant_positive_prop", 0.3 },
        { "play.infant_negative_prop", 0.4 / 3 },   { "play.aversion_bout_s", 11.0 / 3 },
        { "play.negative_bout_s", 2 },              { "play.transitions_per_min", 12 },
        { "still.matched_prop", 0.4 },              { "still.ruptures_per_min", 9 },
        { "still.latency_q25_s", 2 },               { "still.latency_q50_s", 6 },
        { "still.latency_q75_s", 6 },               { "still.repaired_within_2s", 1.0 / 3 },
        { "still.infant_gaze_prop", 0.4 },          { "still.infant_positive_prop", 0.15 },
        { "still.infant_negative_prop", 0.25 },     { "still.aversion_bout_s", 3 },
        { "still.negative_bout_s", 5 },             { "still.transitions_per_min", 18 },
        { "all.matched_prop", 1.55 / 3 },           { "all.ruptures_per_min", 9 },
        { "all.latency_q25_s", 2 },                 { "all.latency_q50_s", 6 },
        { "all.latency_q75_s", 7 },                 { "all.repaired_within_2s", 3.0 / 7 },
        { "all.infant_gaze_prop", 0.55 },           { "all.infant_positive_prop", 0.85 / 3 },
        { "all.infant_negative_prop", 0.5 / 3 },    { "all.aversion_bout_s", 23.0 / 6 },
        { "all.negative_bout_s", 3 },               { "all.transitions_per_min", 15 },
        { "reunion.matched_prop", NAN },   /* a window no session has */
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        expect(fs, want[i].name, want[i].v);
}

START_TEST(hand_worked_sessions)
{
    att_fitstats *fs = hand_data();
    expect_hand_values(fs);
    /* the vector of several at once, in the order asked */
    const char *names[3] = { "still.latency_q50_s", "play.matched_prop", "x.matched_prop" };
    double v[3];
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_vector(fs, names, 3, v, &err), ATT_OK);
    ck_assert_double_eq_tol(v[0], 6, TOL);
    ck_assert_double_eq_tol(v[1], 0.6, TOL);
    ck_assert(isnan(v[2]));
    const char *bad[1] = { "play.matched_prp" };
    ck_assert_int_eq(att_fitstats_vector(fs, bad, 1, v, &err), ATT_EINPUT);
    expect_contains(err.msg, "did you mean 'matched_prop'", "vector's bad name");
    bad[0] = "play.gaze";
    ck_assert_int_eq(att_fitstats_vector(fs, bad, 1, v, &err), ATT_EINPUT);
    expect_contains(err.msg, "unknown statistic 'gaze' (one of matched_prop, ruptures_per_min,",
                    "list of names");
    expect_contains(err.msg, "negative_bout_s, transitions_per_min; and NAME_sd, or "
                    "A:B.NAME_d, for the six means matched_prop,", "list");
    expect_contains(err.msg, "transitions_per_min, infant_*_prop)", "list's end");
    att_fitstats_clear(fs);
    ck_assert_uint_eq(att_fitstats_sessions(fs), 0);
    ck_assert_uint_eq(att_fitstats_window_count(fs), 0);
    expect(fs, "play.matched_prop", NAN);
    att_fitstats_free(fs);
}
END_TEST

/* The contrasts A:B of the hand-worked sessions: the d over the sessions
 * with both windows, s1 and s2 (s3 has no still), from the per-session
 * values at the top.  With a = play's values and b = still's, sd's with
 * denominator 1, d = (mean a - mean b) / sqrt((sd_a^2 + sd_b^2) / 2):
 *   matched, gaze: a (.8, .5), b (.2, .6): .25 / sqrt((.045 + .08) / 2) = 1
 *   positive: a (.4, 0), b (0, .3): .05 / sqrt((.08 + .045) / 2) = .2
 *   negative: a (0, .3), b (.5, 0): -.1 / sqrt((.045 + .125) / 2) = -.1 / sqrt(.085)
 *   ruptures: a (6, 6), b (12, 6): -3 / sqrt((0 + 18) / 2) = -1
 *   transitions: a (12, 6), b (18, 18): -9 / sqrt((18 + 0) / 2) = -3
 * still:play reverses the sign; a window no session has gives NaN. */
START_TEST(contrasts_worked_by_hand)
{
    att_fitstats *fs = hand_data();
    expect(fs, "play:still.matched_prop_d", 1);
    expect(fs, "play:still.infant_gaze_prop_d", 1);
    expect(fs, "play:still.infant_positive_prop_d", 0.2);
    expect(fs, "play:still.infant_negative_prop_d", -0.1 / sqrt(0.085));
    expect(fs, "play:still.ruptures_per_min_d", -1);
    expect(fs, "play:still.transitions_per_min_d", -3);
    expect(fs, "still:play.infant_gaze_prop_d", -1);
    expect(fs, "still:play.infant_negative_prop_d", 0.1 / sqrt(0.085));
    expect(fs, "play:reunion.infant_gaze_prop_d", NAN);
    expect(fs, "reunion:play.infant_gaze_prop_d", NAN);
    /* only the _d statistics take a contrast, and they need one */
    char w[64];
    att_fitstat st;
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstat_parse("play:still-face.infant_gaze_prop_d", w, sizeof w, &st,
                                       &err), ATT_OK);
    ck_assert_str_eq(w, "play:still-face");
    ck_assert_int_eq(st, ATT_FS_INFANT_GAZE_PROP_D);
    ck_assert(att_fitstat_is_contrast(st));
    ck_assert(!att_fitstat_is_contrast(ATT_FS_INFANT_GAZE_PROP_SD));
    ck_assert(!att_fitstat_is_share(st));
    static const struct { const char *name, *want; } bad[] = {
        { "play.infant_gaze_prop_d", "infant_gaze_prop_d compares two phases, written A:B "
                                     "(e.g. play:still-face), not 'play'" },
        { ":still.infant_gaze_prop_d", "compares two phases, written A:B" },
        { "play:.infant_gaze_prop_d", "compares two phases, written A:B" },
        { "play:play.infant_gaze_prop_d", "not phase 'play' with itself" },
        { "all:play.infant_gaze_prop_d", "compares two phases; 'all' holds both" },
        { "play:all.matched_prop_d", "compares two phases; 'all' holds both" },
        { "play:still.infant_gaze_prop", "a window A:B takes only the _d statistics (did you "
                                         "mean infant_gaze_prop_d?)" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ck_assert_int_eq(att_fitstat_parse(bad[i].name, w, sizeof w, &st, &err), ATT_EINPUT);
        expect_contains(err.msg, bad[i].want, bad[i].name);
    }
    char a[8], b[8];
    ck_assert_int_eq(att_fitstat_contrast_split("p:q:r", a, b, sizeof a), ATT_OK);
    ck_assert_str_eq(a, "p");
    ck_assert_str_eq(b, "q:r");   /* at the first ':' */
    ck_assert_int_eq(att_fitstat_contrast_split("play", a, b, sizeof a), ATT_EINPUT);
    ck_assert_int_eq(att_fitstat_contrast_split("play:longerthan8", a, b, sizeof a),
                     ATT_EINPUT);
    att_fitstats_free(fs);
}
END_TEST

/* The same sessions fed as steps (as the fit engine feeds att_sim's), two
 * accumulators merged: the same values. */
static void feed_steps(att_fitstats *fs, const char *name, const double *t, const char *phase,
                       const char *codes, const int *matched, size_t n, double end)
{
    att_score_step st[8];
    att_error err = { 0 };
    static const char *const infant[] = { "positive", "monitor", "avert", "protest",
                                          "withdrawn" };
    for (size_t i = 0; i < n; i++) {
        int code = codes[i] - '0';
        st[i] = (att_score_step){ t[i], phase[i] == 'p' ? "play" : "still",
                                  att_match_table_infant_index(table, infant[code]),
                                  att_match_table_caregiver_index(table, "monitor"), matched[i],
                                  NAN };
    }
    ck_assert_msg(att_fitstats_add(fs, name, st, n, end, &err) == ATT_OK, "%s", err.msg);
}

START_TEST(steps_and_merge_agree_with_the_file)
{
    att_error err = { 0 };
    att_fitstats *a = att_fitstats_new(table, NULL, NULL, &err);
    att_fitstats *b = att_fitstats_new(table, NULL, NULL, &err);
    ck_assert(a && b);
    /* codes: 0 positive, 1 monitor, 2 avert, 3 protest, 4 withdrawn */
    feed_steps(a, "s1", (const double[]){ 0, 4, 6, 10, 13, 16, 18 }, "pppssss", "0212432",
               (const int[]){ 1, 0, 1, 0, 0, 1, 0 }, 7, 20);
    feed_steps(b, "s2", (const double[]){ 0, 5, 8, 10, 12, 15, 17 }, "pppssss", "1422021",
               (const int[]){ 1, 0, 0, 0, 1, 0, 1 }, 7, 20);
    feed_steps(b, "s3", (const double[]){ 0, 3, 4, 6 }, "pppp", "0302",
               (const int[]){ 1, 0, 1, 0 }, 4, 10);
    ck_assert_int_eq(att_fitstats_merge(a, b, &err), ATT_OK);
    expect_hand_values(a);
    att_fitstats_free(a);
    att_fitstats_free(b);
}
END_TEST

START_TEST(defaults_leave_out_undefined)
{
    att_fitstats *fs = hand_data();
    att_fitstat_names kept = { 0 }, dropped = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_default_names(fs, &kept, &dropped, &err), ATT_OK);
    /* 12 statistics in play and still, not all; play.latency_q75_s undefined */
    ck_assert_uint_eq(kept.n, 23);
    ck_assert_uint_eq(dropped.n, 1);
    ck_assert_str_eq(dropped.name[0], "play.latency_q75_s");
    ck_assert_str_eq(kept.name[0], "play.matched_prop");
    ck_assert_str_eq(kept.name[11], "still.matched_prop");
    ck_assert_str_eq(kept.name[22], "still.transitions_per_min");
    for (size_t i = 0; i < kept.n; i++)
        ck_assert_msg(strncmp(kept.name[i], "all.", 4) != 0, "%s", kept.name[i]);
    att_fitstat_names_free(&kept);
    att_fitstat_names_free(&dropped);
    att_fitstats_free(fs);
}
END_TEST

/* The exact bootstrap distribution: every one of the 3^3 = 27 equally
 * likely resamples of 3 sessions, for a mean of per-session values and for
 * a pooled ratio (the aversion bouts of `all`: per session seconds
 * 10, 9, 4 over 3, 2, 1 bouts), for still.matched_prop, undefined when
 * neither s1 nor s2 is drawn (1 resample in 27), and for
 * play:still.infant_gaze_prop_d: the d of the drawn copies of s1 (play .8,
 * still .2) and s2 (.5, .6), written out from its formula, undefined with
 * fewer than two copies or when all copies are of one session (SDs 0). */
static double exact_d(const int *d)
{
    static const double play[3] = { 0.8, 0.5, NAN }, still[3] = { 0.2, 0.6, NAN };
    double a[3], b[3], ma = 0, mb = 0, va = 0, vb = 0;
    int m = 0;
    for (int k = 0; k < 3; k++)
        if (d[k] < 2) {
            a[m] = play[d[k]];
            b[m++] = still[d[k]];
        }
    if (m < 2)
        return NAN;
    for (int k = 0; k < m; k++)
        ma += a[k] / m, mb += b[k] / m;
    for (int k = 0; k < m; k++)
        va += (a[k] - ma) * (a[k] - ma) / (m - 1), vb += (b[k] - mb) * (b[k] - mb) / (m - 1);
    return va + vb > 0 ? (ma - mb) / sqrt((va + vb) / 2) : NAN;
}

static void exact_moments(int which, double *var, double *m4, double *p_undef)
{
    static const double matched[3] = { 0.5, 0.55, 0.5 };
    static const double bout_s[3] = { 10, 9, 4 }, bouts[3] = { 3, 2, 1 };
    static const double still[3] = { 0.2, 0.6, NAN };
    double x[27];
    int m = 0, undef = 0;
    for (int i = 0; i < 27; i++) {
        int d[3] = { i % 3, i / 3 % 3, i / 9 };
        double num = 0, den = 0;
        if (which == 3) {
            double v = exact_d(d);
            if (isnan(v))
                undef++;
            else
                x[m++] = v;
            continue;
        }
        for (int k = 0; k < 3; k++) {
            if (which == 0) {
                num += matched[d[k]];
                den += 1;
            } else if (which == 1) {
                num += bout_s[d[k]];
                den += bouts[d[k]];
            } else if (!isnan(still[d[k]])) {
                num += still[d[k]];
                den += 1;
            }
        }
        if (den == 0)
            undef++;
        else
            x[m++] = num / den;
    }
    double mean = 0, v = 0, f = 0;
    for (int i = 0; i < m; i++)
        mean += x[i] / m;
    for (int i = 0; i < m; i++) {
        v += (x[i] - mean) * (x[i] - mean) / m;
        f += pow(x[i] - mean, 4) / m;
    }
    *var = v;
    *m4 = f;
    *p_undef = undef / 27.0;
}

START_TEST(bootstrap_variance_is_the_exact_one)
{
    att_fitstats *fs = hand_data();
    const char *names[4] = { "all.matched_prop", "all.aversion_bout_s", "still.matched_prop",
                             "play:still.infant_gaze_prop_d" };
    const long B = 20000;
    double var[4], again[4];
    long undef[4];
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, names, 4, B, 17, var, undef, &err), ATT_OK);
    for (int k = 0; k < 4; k++) {
        double v, m4, pu;
        exact_moments(k, &v, &m4, &pu);
        /* the sample variance of ~B draws: standard error sqrt((m4 - v^2) / B) */
        double tol = 5 * sqrt((m4 - v * v) / (double)B);
        ck_assert_msg(fabs(var[k] - v) <= tol, "%s: %.6g, exact %.6g (tolerance %.3g)",
                      names[k], var[k], v, tol);
        double sd = sqrt(B * pu * (1 - pu));
        ck_assert_msg(fabs((double)undef[k] - B * pu) <= 5 * sd + 1e-9, "%s: %ld undefined",
                      names[k], undef[k]);
    }
    ck_assert_int_gt(undef[2], 0);
    ck_assert_int_gt(undef[3], undef[2]);
    /* for the mean, the exact variance is also the formula sigma^2 / n with
     * sigma^2 the population variance of (.5, .55, .5): (2/3 .05^2 ... ) */
    double mean = 1.55 / 3, s2 = (2 * pow(0.5 - mean, 2) + pow(0.55 - mean, 2)) / 3;
    double v0, m40, pu0;
    exact_moments(0, &v0, &m40, &pu0);
    ck_assert_double_eq_tol(v0, s2 / 3, 1e-15);
    /* deterministic for a seed, different for another */
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, names, 4, B, 17, again, NULL, &err), 0);
    ck_assert_mem_eq(var, again, sizeof var);
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, names, 4, B, 18, again, NULL, &err), 0);
    ck_assert(var[0] != again[0]);
    /* refusals */
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, names, 3, 1, 17, again, NULL, &err),
                     ATT_EINPUT);
    ck_assert(isnan(again[0]));
    const char *bad[1] = { "all.nope" };
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, bad, 1, 10, 17, again, NULL, &err),
                     ATT_EINPUT);
    att_fitstats_clear(fs);
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, names, 3, 10, 17, again, NULL, &err),
                     ATT_EINPUT);
    expect_contains(err.msg, "no session", "empty");
    att_fitstats_free(fs);
}
END_TEST

/* Classes from a code scheme, and gaps.  Infant codes: look (gaze), away
 * (none), cry (negative), off (unscorable); no infant code is positive.
 * One session without phases, ending at 10:
 *   t 0 away, 2 cry, 4 off (a gap to 6), 6 away, 8 look (matched).
 * Observed 10 - 2 = 8 s.  Aversion bouts: [0,4) 4 s (away and cry lack
 * gaze; cut by the gap), [6,8) 2 s: mean 3.  Negative: [2,4) 2 s.  Shares
 * of 8 s: gaze [8,10) 0.25, negative [2,4) 0.25, matched [8,10) 0.25;
 * positive undefined (no positive code).  With a scheme whose infant codes
 * have no gaze class, the aversion bouts are undefined too. */
static att_fitstats *scheme_session(const char *gaze_of_look, att_match_table **mt)
{
    char sp[64], mp[64], text[400];
    att_error err = { 0 };
    snprintf(text, sizeof text, "partner,code,gaze,positive,negative,unscorable\n"
             "infant,look,%s,0,0,0\ninfant,away,0,0,0,0\ninfant,cry,0,0,1,0\n"
             "infant,off,0,0,0,1\ncaregiver,play,1,1,0,0\n", gaze_of_look);
    temp_file(sp, sizeof sp, text);
    temp_file(mp, sizeof mp, "infant_code,caregiver_code,matched\nlook,play,1\naway,play,0\n"
              "cry,play,0\n");
    att_scheme *sch = att_scheme_load(sp, &err);
    ck_assert_msg(sch != NULL, "%s", err.msg);
    att_match_table *plain = att_match_table_load(mp, &err);
    ck_assert_msg(plain != NULL, "%s", err.msg);
    *mt = att_scheme_match_table(sch, plain, &err);
    ck_assert_msg(*mt != NULL, "%s", err.msg);
    att_fitstats *fs = att_fitstats_new(*mt, sch, NULL, &err);
    ck_assert_msg(fs != NULL, "%s", err.msg);
    static const char *const codes[5] = { "away", "cry", "off", "away", "look" };
    att_score_step st[5];
    for (int i = 0; i < 5; i++)
        st[i] = (att_score_step){ 2.0 * i, NULL, att_match_table_infant_index(*mt, codes[i]),
                                  att_match_table_caregiver_index(*mt, "play"), i == 4, NAN };
    ck_assert_msg(att_fitstats_add(fs, "g1", st, 5, 10, &err) == ATT_OK, "%s", err.msg);
    att_scheme_free(sch);
    att_match_table_free(plain);
    unlink(sp);
    unlink(mp);
    return fs;
}

START_TEST(scheme_classes_and_gaps)
{
    att_match_table *mt;
    att_fitstats *fs = scheme_session("1", &mt);
    ck_assert_uint_eq(att_fitstats_window_count(fs), 1);
    expect(fs, "all.aversion_bout_s", 3);
    expect(fs, "all.negative_bout_s", 2);
    expect(fs, "all.infant_gaze_prop", 0.25);
    expect(fs, "all.infant_negative_prop", 0.25);
    expect(fs, "all.matched_prop", 0.25);
    expect(fs, "all.infant_positive_prop", NAN);
    expect(fs, "all.ruptures_per_min", 0);   /* began mismatched: no rupture */
    expect(fs, "all.latency_q50_s", NAN);
    att_fitstat_names kept = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_default_names(fs, &kept, NULL, &err), ATT_OK);
    ck_assert_uint_eq(kept.n, 0);   /* no phase windows */
    att_fitstats_free(fs);
    att_match_table_free(mt);
    fs = scheme_session("0", &mt);
    expect(fs, "all.aversion_bout_s", NAN);
    expect(fs, "all.infant_gaze_prop", NAN);
    expect(fs, "all.negative_bout_s", 2);
    att_fitstats_free(fs);
    att_match_table_free(mt);
}
END_TEST

/* Session s3 alone, merged with itself twice (4 copies): the statistics
 * are s3's (play = all: matched 0.5, gaze 0.6, negative 0.1, aversion bout
 * 4 s, latencies 1e and 4c so the median is 1 ... as at the top), and
 * every resample is the same, so every variance is exactly 0. */
START_TEST(constant_statistics_have_zero_variance)
{
    char path[64];
    att_error err = { 0 };
    const char *s3 = strstr(coded, "s3,");
    char text[400];
    snprintf(text, sizeof text, "run,t,phase,infant_code,caregiver_code,matched,end\n%s", s3);
    temp_file(path, sizeof path, text);
    att_fitstats *fs = att_fitstats_new(table, NULL, NULL, &err);
    ck_assert_int_eq(att_fitstats_read_coded(fs, path, NULL, &err), ATT_OK);
    unlink(path);
    ck_assert_int_eq(att_fitstats_merge(fs, fs, &err), ATT_OK);
    ck_assert_int_eq(att_fitstats_merge(fs, fs, &err), ATT_OK);
    ck_assert_uint_eq(att_fitstats_sessions(fs), 4);
    ck_assert_uint_eq(att_fitstats_window_count(fs), 2);
    expect(fs, "play.matched_prop", 0.5);
    expect(fs, "play.infant_negative_prop", 0.1);
    expect(fs, "play.aversion_bout_s", 4);
    expect(fs, "play.negative_bout_s", 1);
    expect(fs, "play.transitions_per_min", 18);
    att_fitstat_names kept = { 0 };
    ck_assert_int_eq(att_fitstats_default_names(fs, &kept, NULL, &err), ATT_OK);
    ck_assert_uint_ge(kept.n, 10);
    double var[ATT_FS_COUNT];
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, (const char *const *)kept.name, kept.n,
                                                50, 3, var, NULL, &err), ATT_OK);
    for (size_t i = 0; i < kept.n; i++)
        ck_assert_msg(var[i] == 0.0, "%s: variance %.3g", kept.name[i], var[i]);
    att_fitstat_names_free(&kept);
    att_fitstats_free(fs);
}
END_TEST

/* The reader takes attune score's options: a renamed column (--map) and an
 * end for runs without one (--end).  s3 of the top, its t column called
 * "time" and no end column, ending at 10 by the option: s3's values. */
START_TEST(coded_options)
{
    char path[64];
    att_error err = { 0 };
    temp_file(path, sizeof path, "run,time,phase,infant_code,caregiver_code,matched\n"
              "s3,0,play,positive,monitor,1\ns3,3,play,protest,monitor,0\n"
              "s3,4,play,positive,monitor,1\ns3,6,play,avert,monitor,0\n");
    att_coded_opts o;
    att_coded_opts_init(&o);
    ck_assert_int_eq(att_coded_map(&o, "t=time", &err), ATT_OK);
    ck_assert_int_eq(att_coded_set_end(&o, 10, &err), ATT_OK);
    att_fitstats *fs = att_fitstats_new(table, NULL, NULL, &err);
    ck_assert_msg(att_fitstats_read_coded(fs, path, &o, &err) == ATT_OK, "%s", err.msg);
    expect(fs, "play.matched_prop", 0.5);
    expect(fs, "play.aversion_bout_s", 4);   /* [6,10): the end is the option's */
    expect(fs, "play.latency_q50_s", 2.5);   /* 1e, 4c: S = 1/2 from 1 to the last time 4 */
    att_fitstats_free(fs);
    unlink(path);
}
END_TEST

START_TEST(bad_sessions)
{
    att_error err = { 0 };
    ck_assert_ptr_null(att_fitstats_new(NULL, NULL, NULL, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    att_score_rules r;
    att_score_rules_default(&r);
    r.major_s = 0;
    ck_assert_ptr_null(att_fitstats_new(table, NULL, &r, &err));
    att_fitstats *fs = att_fitstats_new(table, NULL, NULL, &err);
    att_score_step st = { 0, "play", 0, 0, 1, NAN };
    ck_assert_int_eq(att_fitstats_push(fs, &st, &err), ATT_EINPUT);
    ck_assert_int_eq(att_fitstats_end(fs, 1, &err), ATT_EINPUT);
    ck_assert_int_eq(att_fitstats_begin(fs, "x", &err), ATT_OK);
    st.infant = 99;
    ck_assert_int_eq(att_fitstats_push(fs, &st, &err), ATT_EINPUT);
    expect_contains(err.msg, "outside the match table", "index");
    ck_assert_int_eq(att_fitstats_begin(fs, "x", &err), ATT_OK);
    st.infant = 0;
    ck_assert_int_eq(att_fitstats_push(fs, &st, &err), ATT_OK);
    ck_assert_int_eq(att_fitstats_push(fs, &st, &err), ATT_EINPUT);   /* t not increasing */
    ck_assert_uint_eq(att_fitstats_sessions(fs), 0);
    /* a coded file's errors name FILE:LINE */
    char path[64], want[96];
    temp_file(path, sizeof path, "t,infant_code,caregiver_code\n0,positive,monitor\n"
              "2,avert,monitor\n1,avert,monitor\n");
    ck_assert_int_eq(att_fitstats_read_coded(fs, path, NULL, &err), ATT_EINPUT);
    snprintf(want, sizeof want, "%s:4:", path);
    expect_contains(err.msg, want, "coded error");
    unlink(path);
    att_fitstats_free(fs);
}
END_TEST

/* ---- targets ---- */

static char *targets_error(const char *text)
{
    char path[64];
    static char msg[600];
    att_error err = { 0 };
    temp_file(path, sizeof path, text);
    att_targets *t = att_targets_load(path, &err);
    ck_assert_msg(t == NULL, "accepted: %s", text);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0, "no file name: %s", err.msg);
    snprintf(msg, sizeof msg, "%s", err.msg + strlen(path));
    unlink(path);
    return msg;
}

START_TEST(targets_file)
{
    char path[64];
    att_error err = { 0 };
    temp_file(path, sizeof path,
              "statistic,phase,value,se,source\n"
              "matched_prop,still-face,0.21,0.03,\"Mesman et al. 2009, table 2\"\n"
              "latency_q50_s,play,3.5,0.5,\n"
              "infant_gaze_prop_d,play:still-face,1,0.2,GUIDE.md 5\n");
    att_targets *t = att_targets_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_uint_eq(att_targets_count(t), 3);
    const att_target *a = att_targets_get(t, 0);
    ck_assert_str_eq(a->name, "still-face.matched_prop");
    ck_assert_str_eq(a->window, "still-face");
    ck_assert_int_eq(a->stat, ATT_FS_MATCHED_PROP);
    ck_assert_double_eq(a->value, 0.21);
    ck_assert_double_eq(a->se, 0.03);
    ck_assert_str_eq(a->source, "Mesman et al. 2009, table 2");
    ck_assert_int_eq(a->line, 2);
    ck_assert_str_eq(att_targets_get(t, 1)->source, "");
    ck_assert_int_eq(att_targets_get(t, 1)->line, 3);
    const att_target *c = att_targets_get(t, 2);
    ck_assert_str_eq(c->name, "play:still-face.infant_gaze_prop_d");
    ck_assert_str_eq(c->window, "play:still-face");
    ck_assert_int_eq(c->stat, ATT_FS_INFANT_GAZE_PROP_D);
    ck_assert_ptr_null(att_targets_get(t, 3));
    ck_assert_str_eq(att_targets_path(t), path);
    att_targets_free(t);
    ck_assert_int_eq(att_targets_sniff(path, &err), 1);
    unlink(path);
    /* columns in another order, no source column */
    temp_file(path, sizeof path, "se;value;phase;statistic\n0.1;0.5;all;infant_gaze_prop\n");
    t = att_targets_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_double_eq(att_targets_get(t, 0)->value, 0.5);
    ck_assert_str_eq(att_targets_get(t, 0)->source, "");
    att_targets_free(t);
    unlink(path);
    /* a coded file is not a targets file; a missing one is an error */
    temp_file(path, sizeof path, coded);
    ck_assert_int_eq(att_targets_sniff(path, &err), 0);
    unlink(path);
    ck_assert_int_eq(att_targets_sniff("-", &err), 0);
    ck_assert_int_lt(att_targets_sniff("/nonexistent/targets.csv", &err), 0);
    /* the shipped example */
    t = att_targets_load(SRC("data/examples/targets-still-face.csv"), &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_uint_ge(att_targets_count(t), 4);
    for (size_t i = 0; i < att_targets_count(t); i++)
        ck_assert_msg(*att_targets_get(t, i)->source, "target %zu has no source", i);
    att_targets_free(t);
}
END_TEST

/* 256 characters: one too many for a phase of a contrast */
#define LONG_PHASE16 "abcdefghijklmnop"
#define LONG_PHASE64 LONG_PHASE16 LONG_PHASE16 LONG_PHASE16 LONG_PHASE16
#define LONG_PHASE LONG_PHASE64 LONG_PHASE64 LONG_PHASE64 LONG_PHASE64

START_TEST(targets_bad_input)
{
    const char *h = "statistic,phase,value,se,source\n";
    char text[600];
    static const struct { const char *rows, *want; } cases[] = {
        { "matched_prob,play,0.5,0.1,\n", ":2: unknown statistic 'matched_prob' (did you mean "
                                          "'matched_prop'?)" },
        { "matched_prop,play,0.5,,\n", ":2: missing se" },
        { "matched_prop,play,0.5,0,\n", ":2: se 0 is not above 0" },
        { "matched_prop,play,0.5,-0.1,\n", ":2: se -0.1 is not above 0" },
        { "matched_prop,play,0.5,abc,\n", ":2: se 'abc' is not a number" },
        { "matched_prop,play,half,0.1,\n", ":2: value 'half' is not a number" },
        { "matched_prop,play,nan,0.1,\n", ":2: value 'nan'" },
        { "matched_prop,,0.5,0.1,\n", ":2: empty phase" },
        { "infant_gaze_prop_d,play,1,0.2,\n",
          ":2: infant_gaze_prop_d compares two phases, written A:B (e.g. play:still-face), not "
          "'play'" },
        { "nonexistent_statistic_with_a_long_name_here_x,play,1,0.2,\n",
          "transitions_per_min, infant_*_prop)" },   /* the whole list fits */
        { "infant_gaze_prop_d,play:,1,0.2,\n", ":2: infant_gaze_prop_d compares two phases" },
        { "infant_gaze_prop_d,play:" LONG_PHASE ",1,0.2,\n",
          ":2: infant_gaze_prop_d: a phase name of 256 characters or more" },
        { "infant_gaze_prop_d,play:play,1,0.2,\n", ":2: infant_gaze_prop_d compares two phases, "
                                                    "not phase 'play' with itself" },
        { "matched_prop,play:still-face,0.3,0.1,\n", ":2: a window A:B takes only the _d "
                                                      "statistics (did you mean matched_prop_d?)" },
        { "matched_prop,play,0.5,0.1,\nmatched_prop,play,0.6,0.1,\n",
          ":3: matched_prop for phase play given twice (first on line 2)" },
        { "matched_prop,play,0.5,0.1\n", ":2: 4 fields where the header has 5" },
        { "", ":1: no targets after the header" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text, "%s%s", h, cases[i].rows);
        expect_contains(targets_error(text), cases[i].want, cases[i].rows);
    }
    expect_contains(targets_error(""), ":1: empty file", "empty");
    expect_contains(targets_error("statistic,phase,value,source\nmatched_prop,play,1,x\n"),
                    ":1: no column 'se'", "no se column");
    expect_contains(targets_error("statistic,phase,value,se,se\n"), ":1: column 'se' named twice",
                    "twice");
    att_error err = { 0 };
    ck_assert_ptr_null(att_targets_load("/nonexistent/targets.csv", &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    expect_contains(err.msg, "/nonexistent/targets.csv", "missing file");
}
END_TEST

Suite *suite_fitstats(void)
{
    Suite *s = suite_create("fitstats");
    TCase *tc = tcase_create("statistics");
    tcase_add_unchecked_fixture(tc, load_table, free_table);
    tcase_add_test(tc, names_and_addresses);
    tcase_add_test(tc, hand_worked_sessions);
    tcase_add_test(tc, contrasts_worked_by_hand);
    tcase_add_test(tc, steps_and_merge_agree_with_the_file);
    tcase_add_test(tc, defaults_leave_out_undefined);
    tcase_add_test(tc, bootstrap_variance_is_the_exact_one);
    tcase_add_test(tc, constant_statistics_have_zero_variance);
    tcase_add_test(tc, coded_options);
    tcase_add_test(tc, scheme_classes_and_gaps);
    tcase_add_test(tc, bad_sessions);
    suite_add_tcase(s, tc);
    tc = tcase_create("targets");
    tcase_add_test(tc, targets_file);
    tcase_add_test(tc, targets_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
