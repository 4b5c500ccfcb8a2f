/* Whole-simulation tests: identical bytes for the same seed, a golden trace,
 * and the behaviours the seed texts describe, averaged over many seeds.
 * Timelines: trust carried across sessions equals the update rule applied
 * by hand to the run's own ruptures, a new session rests both partners by
 * the stated formulas, the first session is the single run, and a batch of
 * timelines writes one row per session that follows its dyad. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "attune/trace.h"
#include "tests/fixture.h"
#include "attune/batch.h"

#define SEEDS 60
#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif

static att_scenario *load(const char *path)
{
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(path, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

/* The whole trace of one run as a string (caller frees). */
static char *trace_text(const att_scenario *s, const att_match_table *mt, unsigned long seed)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
    ck_assert_msg(sim != NULL, "%s", err.msg);
    att_trace *tr = att_trace_new(fp, att_scenario_dt(s), &err);
    att_step st;
    while (att_sim_next(sim, &st, &err) > 0)
        ck_assert_int_eq(att_trace_write(tr, &st, &err), ATT_OK);
    att_trace_free(tr);
    att_sim_free(sim);
    fclose(fp);
    return buf;
}

START_TEST(same_seed_same_bytes_other_seed_other_trace)
{
    att_scenario *s = load(SRC("scenarios/still-face.ini"));
    att_match_table *mt = load_match("attuned");
    char *a = trace_text(s, mt, 42), *b = trace_text(s, mt, 42), *c = trace_text(s, mt, 43);
    ck_assert_str_eq(a, b);
    ck_assert_str_ne(a, c);
    /* one header plus one row per step */
    long lines = 0;
    for (const char *p = a; *p; p++)
        lines += *p == '\n';
    ck_assert_int_eq(lines, 1 + att_scenario_steps(s));
    free(a), free(b), free(c);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

/* tests/data/golden.csv was written by `make golden` (attune run
 * tests/data/golden.ini); any change to the model's numbers shows up here
 * and must be deliberate: regenerate it and say why in the commit. */
START_TEST(golden_trace)
{
    att_scenario *s = load(SRC("tests/data/golden.ini"));
    att_match_table *mt = load_match("attuned");
    char *got = trace_text(s, mt, att_scenario_seed(s));
    char *want = slurp(SRC("tests/data/golden.csv"), NULL);
    ck_assert_ptr_nonnull(want);
    ck_assert_str_eq(got, want);
    free(got), free(want);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

typedef struct {
    double steps, gaze, positive, negative, protest;
    double aversions, averted;  /* aversion bouts and steps averted */
    double peak_arousal;        /* summed over runs */
    double bids_early, bids_late;
} stats;

static int is_bid(att_infant_behavior b)
{
    return b == ATT_IB_BID_REACH || b == ATT_IB_BID_POINT || b == ATT_IB_BID_VOCALISE;
}

/* Averages over SEEDS runs of `path`, restricted to phase `phase`; bids are
 * counted at onset in the phase's first and last `edge` seconds. */
static stats measure(const char *path, int phase, double edge)
{
    att_scenario *s = load(path);
    att_match_table *mt = load_match("attuned");
    const att_phase *ph = att_scenario_phase(s, (size_t)phase);
    double start = 0;
    for (int i = 0; i < phase; i++)
        start += att_scenario_phase(s, (size_t)i)->duration;
    stats x = { 0 };
    for (unsigned long seed = 1; seed <= SEEDS; seed++) {
        att_error err = { 0 };
        att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
        att_step st, prev = { 0 };
        double peak = 0;
        while (att_sim_next(sim, &st, &err) > 0) {
            if (st.phase != phase) {
                prev = st;
                continue;
            }
            const att_infant_state *in = &st.infant;
            x.steps++;
            x.gaze += in->gaze == ATT_GAZE_AT;
            x.positive += in->affect == ATT_AFFECT_POSITIVE;
            x.negative += in->affect == ATT_AFFECT_NEGATIVE;
            x.protest += st.infant_code == ATT_IC_PROTEST;
            x.averted += in->gaze == ATT_GAZE_AWAY;
            x.aversions += in->gaze == ATT_GAZE_AWAY && prev.infant.gaze == ATT_GAZE_AT;
            if (in->arousal > peak)
                peak = in->arousal;
            if (is_bid(in->behavior) && !is_bid(prev.infant.behavior)) {
                double into = st.t - start;
                x.bids_early += into < edge;
                x.bids_late += into >= ph->duration - edge;
            }
            prev = st;
        }
        x.peak_arousal += peak;
        att_sim_free(sim);
    }
    x.peak_arousal /= SEEDS;
    att_match_table_free(mt);
    att_scenario_free(s);
    return x;
}

START_TEST(intrusive_mother_prolongs_aversion_protest_and_arousal)
{
    stats pat = measure(SRC("scenarios/peekaboo-patient.ini"), 0, 0);
    stats intr = measure(SRC("scenarios/peekaboo-intrusive.ini"), 0, 0);
    double bout_pat = pat.averted / pat.aversions, bout_intr = intr.averted / intr.aversions;
    ck_assert_msg(bout_intr > 1.3 * bout_pat, "aversion bouts: intrusive %.1f vs patient %.1f steps",
                  bout_intr, bout_pat);
    ck_assert_msg(intr.protest / intr.steps > 2 * pat.protest / pat.steps, "protest share %.3f vs %.3f",
                  intr.protest / intr.steps, pat.protest / pat.steps);
    ck_assert_msg(intr.peak_arousal > pat.peak_arousal + 0.05, "peak arousal %.2f vs %.2f",
                  intr.peak_arousal, pat.peak_arousal);
}
END_TEST

START_TEST(still_face_lowers_gaze_and_joy_raises_negativity_bids_first)
{
    stats play = measure(SRC("scenarios/still-face.ini"), 0, 0);
    stats still = measure(SRC("scenarios/still-face.ini"), 1, 40);
    ck_assert_msg(still.gaze / still.steps < play.gaze / play.steps - 0.2, "gaze %.2f vs %.2f",
                  still.gaze / still.steps, play.gaze / play.steps);
    ck_assert_msg(still.positive / still.steps < 0.5 * play.positive / play.steps, "positive %.3f vs %.3f",
                  still.positive / still.steps, play.positive / play.steps);
    ck_assert_msg(still.negative / still.steps > 1.5 * play.negative / play.steps, "negative %.3f vs %.3f",
                  still.negative / still.steps, play.negative / play.steps);
    ck_assert_msg(still.bids_early > 1.5 * still.bids_late, "bids in first 40 s %.0f, last 40 s %.0f",
                  still.bids_early, still.bids_late);
}
END_TEST

/* ---- timelines: several sessions of one dyad ---- */

/* Two conditions of 3 sessions and one of 2, 3 replicates, sessions of 7 s
 * (70 steps) a minute apart.  The first two share their seeds
 * with the one-session file of first_session_is_the_single_run. */
static const char timeline[] =
    "[scenario]\n"                           /*  1 */
    "name = tl\n"                            /*  2 */
    "seed = 5\n"                             /*  3 */
    "sessions = 3\n"                         /*  4 */
    "interval = 60\n"                        /*  5 */
    "[infant]\n"                             /*  6 */
    "arousal_baseline = normal(0.2, 0.04)\n" /*  7 */
    "[phase]\n"                              /*  8 */
    "name = play\n"                          /*  9 */
    "duration = 4\n"                         /* 10 */
    "[phase]\n"                              /* 11 */
    "name = still\n"                         /* 12 */
    "duration = 3\n"                         /* 13 */
    "policy = still-face\n"                  /* 14 */
    "[batch]\n"                              /* 15 */
    "replicates = 3\n"                       /* 16 */
    "[condition]\n"                          /* 17 */
    "name = patient\n"                       /* 18 */
    "[condition]\n"                          /* 19 */
    "name = intrusive\n"                     /* 20 */
    "phase.play.policy = intrusive\n"        /* 21 */
    "[condition]\n"                          /* 22 */
    "name = brief\n"                         /* 23 */
    "scenario.sessions = 2\n";               /* 24 */

static int count_char(const char *s, char c)
{
    int n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

#define TL_STEPS 70       /* per session: 7 s at dt 0.1 */
#define TL_MAX_SESSIONS 3

/* What the on_step hook saw of one run, session by session. */
struct seen {
    long steps[TL_MAX_SESSIONS + 1], matched[TL_MAX_SESSIONS + 1];
    double first_trust[TL_MAX_SESSIONS + 1];
    long last_session, last_index;
};

static int see_step(void *user, const att_step *st, att_error *err)
{
    (void)err;
    struct seen *s = user;
    ck_assert_int_ge(st->session, 1);
    ck_assert_int_le(st->session, TL_MAX_SESSIONS);
    /* Sessions in order, each from step 0 at t = 0. */
    if (st->session != s->last_session) {
        ck_assert_int_eq(st->session, s->last_session + 1);
        ck_assert_int_eq(st->index, 0);
        ck_assert_double_eq(st->t, 0);
        s->first_trust[st->session] = st->infant.trust;
    } else {
        ck_assert_int_eq(st->index, s->last_index + 1);
    }
    s->last_session = st->session;
    s->last_index = st->index;
    s->steps[st->session]++;
    s->matched[st->session] += st->matched;
    return ATT_OK;
}

/* All `lines` lines of run `run` of `b` as text (caller frees). */
static char *row_text_lines(const att_batch *b, long run, int lines)
{
    att_buf buf = { 0 };
    att_error err = { 0 };
    ck_assert_msg(att_batch_row(b, run, &buf, NULL, NULL, &err) == ATT_OK, "%s", err.msg);
    ck_assert_int_eq(count_char(buf.data, '\n'), lines);
    ck_assert(buf.data[buf.len - 1] == '\n');
    return buf.data;
}

/* The run's lines, split; returns how many (at most `max`). */
static size_t split_lines(char *text, struct fields *lines, size_t max)
{
    size_t n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        ck_assert_uint_lt(n, max);
        fields_split(&lines[n++], line);
    }
    return n;
}

/* Field i of a line as it should be written: "%.10g", empty for NaN. */
static void expect_number_text(const char *field, double x, const char *what, long session)
{
    char want[64] = "";
    if (!isnan(x))
        snprintf(want, sizeof want, "%.10g", x);
    ck_assert_msg(strcmp(field, want) == 0, "session %ld %s: '%s', the simulation's %s", session,
                  what, field, want);
}

START_TEST(batch_sessions_columns)
{
    att_scenario *s = load_exp(timeline);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    ck_assert_int_eq(att_batch_runs(b), 9);
    for (long run = 0; run < 9; run++)
        ck_assert_int_eq(att_batch_sessions(b, run), run < 6 ? 3 : 2);
    /* The session column sits between replicate and seed. */
    struct fields h;
    fields_split(&h, att_batch_header(b));
    ck_assert_uint_eq(h.n, 7 + 1 + 3 * WINDOW_COLS);
    static const char *const first[] = { "experiment", "run", "runs", "condition", "replicate",
                                         "session", "seed", "infant.arousal_baseline",
                                         "all.observed_s" };
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        ck_assert_str_eq(h.f[i], first[i]);
    fields_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    /* Sessions = 1 everywhere: the columns of old. */
    s = load_exp(experiment_text);
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 0);
    ck_assert_int_eq(att_batch_sessions(b, 0), 1);
    ck_assert(strncmp(att_batch_header(b), "experiment,run,runs,condition,replicate,seed,", 45)
              == 0);
    att_batch_free(b);
    att_scenario_free(s);
    /* One condition of 2 sessions is enough for the column; a condition of
     * 1 session then writes one line, session 1. */
    s = load_exp("[scenario]\nduration = 1\n[condition]\nname = one\n"
             "[condition]\nname = two\nscenario.sessions = 2\n");
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    char *text = row_text(b, 0);
    struct fields r;
    fields_split(&r, text);
    ck_assert_str_eq(r.f[3], "one");
    ck_assert_str_eq(r.f[5], "1");
    fields_free(&r);
    free(text);
    att_buf buf = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_batch_row(b, 1, &buf, NULL, NULL, &err), ATT_OK);
    ck_assert_int_eq(count_char(buf.data, '\n'), 2);
    att_buf_free(&buf);
    att_batch_free(b);
    att_scenario_free(s);
    /* The base scenario's sessions count too, even when no condition keeps
     * them. */
    s = load_exp("[scenario]\nduration = 1\nsessions = 2\n[condition]\nname = one\n"
             "scenario.sessions = 1\n");
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    ck_assert_int_eq(att_batch_sessions(b, 0), 1);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* Every line of a timeline run is one session of one dyad: the same run
 * columns, sessions 1..N in order, and exactly the scores the simulation's
 * own scorer gives for that session (re-run here with att_sim directly);
 * matched_prop also agrees with the steps the hook saw, a count that does
 * not go through the scorer.  The infant's trust at the start of session
 * k + 1 is its trust at the end of session k. */
START_TEST(batch_sessions_follow_the_dyad)
{
    att_scenario *s = load_exp(timeline);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    struct fields h;
    fields_split(&h, att_batch_header(b));
    static const char *const windows[] = { "all", "play", "still" };
    att_buf buf = { 0 };
    att_error err = { 0 };
    int trust_moved = 0;
    for (long run = 0; run < att_batch_runs(b); run++) {
        struct seen seen = { 0 };
        ck_assert_int_eq(att_batch_row(b, run, &buf, see_step, &seen, &err), ATT_OK);
        long sessions = att_batch_sessions(b, run);
        ck_assert_int_eq(seen.last_session, sessions);
        char *text = strdup(buf.data);
        struct fields lines[TL_MAX_SESSIONS + 1];
        size_t n = split_lines(text, lines, TL_MAX_SESSIONS + 1);
        ck_assert_uint_eq(n, (size_t)sessions);
        att_sim *sim = att_sim_new(att_batch_scenario(b, run), mt, att_batch_seed(b, run),
                                   run + 1, &err);
        ck_assert_ptr_nonnull(sim);
        for (long k = 1; k <= sessions; k++) {
            struct fields *r = &lines[k - 1];
            ck_assert_uint_eq(r->n, h.n);
            ck_assert_double_eq(number_at(r, 1), run + 1);
            ck_assert_str_eq(r->f[3], att_batch_condition_name(b, att_batch_condition_of(b, run)));
            ck_assert_double_eq(number_at(r, 5), k);
            for (size_t i = 0; i < 8; i++)   /* the run's columns repeat */
                if (i != 5)
                    ck_assert_str_eq(r->f[i], lines[0].f[i]);
            att_error why = { 0 };
            char *line = strdup(buf.data), *cut = line;
            for (long j = 1; j < k; j++)
                cut = strchr(cut, '\n') + 1;
            cut[strcspn(cut, "\n")] = '\0';
            ck_assert_int_eq(att_batch_check_line(b, cut, run, k, &why), ATT_OK);
            ck_assert_int_eq(att_batch_check_line(b, cut, run, k % sessions + 1, &why),
                             ATT_EINPUT);
            ck_assert_msg(strstr(why.msg, "expected session") != NULL, "%s", why.msg);
            free(line);
            /* The simulation's own session k. */
            att_step st;
            long steps = 0, matched = 0;
            int more;
            while ((more = att_sim_next(sim, &st, &err)) == 1) {
                if (st.index == 0)
                    ck_assert_double_eq(st.infant.trust, seen.first_trust[k]);
                steps++;
                matched += st.matched;
            }
            ck_assert_int_eq(more, 0);
            ck_assert_int_eq(steps, TL_STEPS);
            ck_assert_int_eq(seen.steps[k], TL_STEPS);
            ck_assert_int_eq(seen.matched[k], matched);
            ck_assert_double_eq_tol(number_at(r, col_of(&h, "all.matched_prop")),
                                    (double)matched / TL_STEPS, 1e-9);
            ck_assert_double_eq(number_at(r, col_of(&h, "all.observed_s")), 7);
            const att_scorer *sc = att_sim_scorer(sim);
            char label[32];
            snprintf(label, sizeof label, "%ld/%ld", run + 1, k);
            ck_assert_str_eq(att_scorer_run(sc), label);
            for (size_t w = 0; w < 3; w++) {
                att_window_score ws;
                ck_assert_int_eq(att_scorer_window(sc, w, ATT_SCORE_CUTOFF_S, &ws, &err), ATT_OK);
                for (int c = 0; c < ATT_SC_COUNT; c++) {
                    char name[64];
                    snprintf(name, sizeof name, "%s.%s", windows[w],
                             att_score_col_name((att_score_col)c));
                    expect_number_text(r->f[col_of(&h, name)], ws.v[c], name, k);
                }
                char name[64];
                snprintf(name, sizeof name, "%s.latencies", windows[w]);
                long nlat, censored;
                count_latencies(r->f[col_of(&h, name)], &nlat, &censored);
                ck_assert_int_eq(nlat, (long)ws.v[ATT_SC_RUPTURES]);
                ck_assert_int_eq(censored, (long)(ws.v[ATT_SC_RUPTURES] - ws.v[ATT_SC_REPAIRS]));
            }
            /* Trust carries: the next session starts where this one ended
             * (after the ruptures left open were counted). */
            double trust_end = att_sim_trust(sim);
            int next = att_sim_next_session(sim, &err);
            ck_assert_int_eq(next, k < sessions);
            if (next) {
                ck_assert_double_eq(seen.first_trust[k + 1], trust_end);
                trust_moved |= trust_end != seen.first_trust[1];
            }
        }
        ck_assert_int_eq(err.code, ATT_OK);
        att_sim_free(sim);
        for (size_t i = 0; i < n; i++)
            fields_free(&lines[i]);
        free(text);
    }
    /* Not vacuous: some infant's trust changed within a session and was
     * carried into the next. */
    ck_assert(trust_moved);
    att_buf_free(&buf);
    fields_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* Session 1 of a timeline is the run a single session would have been:
 * later sessions change nothing before them. */
START_TEST(first_session_is_the_single_run)
{
    static const char one[] =
        "[scenario]\nname = tl\nseed = 5\n"
        "[infant]\narousal_baseline = normal(0.2, 0.04)\n"
        "[phase]\nname = play\nduration = 4\n"
        "[phase]\nname = still\nduration = 3\npolicy = still-face\n"
        "[batch]\nreplicates = 3\n"
        "[condition]\nname = patient\n"
        "[condition]\nname = intrusive\nphase.play.policy = intrusive\n";
    att_scenario *s3 = load_at(exp_path, timeline, NULL, 0);
    att_scenario *s1 = load_at(exp_path2, one, NULL, 0);
    att_match_table *mt = load_match("attuned");
    att_batch *b3 = batch_of(s3, mt), *b1 = batch_of(s1, mt);
    ck_assert_int_eq(att_batch_session_column(b1), 0);
    /* 2 conditions x 3 replicates; the timeline's third condition ("brief")
     * adds 3 runs after them, so runs 0-5 are the same runs in both */
    ck_assert_int_eq(att_batch_runs(b1), 6);
    ck_assert_int_eq(att_batch_runs(b3), 9);
    for (long run = 0; run < att_batch_runs(b1); run++) {
        char *t3 = row_text_lines(b3, run, 3), *t1 = row_text(b1, run);
        struct fields r3, r1;
        t3[strcspn(t3, "\n")] = '\0';
        fields_split(&r3, t3);
        fields_split(&r1, t1);
        ck_assert_uint_eq(r3.n, r1.n + 1);
        ck_assert_str_eq(r3.f[5], "1");
        for (size_t i = 3; i < r1.n; i++)   /* from condition on; run ids differ */
            ck_assert_msg(strcmp(r1.f[i], r3.f[i < 5 ? i : i + 1]) == 0,
                          "run %ld column %zu: '%s' vs '%s'", run + 1, i, r1.f[i],
                          r3.f[i < 5 ? i : i + 1]);
        fields_free(&r3);
        fields_free(&r1);
        free(t3);
        free(t1);
    }
    att_batch_free(b3);
    att_batch_free(b1);
    att_scenario_free(s3);
    att_scenario_free(s1);
    att_match_table_free(mt);
}
END_TEST

/* ---- sessions ---- */

/* Play, then a still face to the end: the still face is never matched, so
 * every session ends on a rupture left unrepaired. */
static const char chronic_ini[] =
    "[scenario]\ndt = 0.1\nseed = 11\nsessions = 6\ninterval = 3600\n"
    "[infant]\ntrust_rate = 0.1\nrepair_horizon = 2\n"
    "[phase]\nname = play\nduration = 20\npolicy = patient\n"
    "[phase]\nname = still\nduration = 15\npolicy = still-face\n";

START_TEST(trust_carries_over_and_follows_the_update_rule)
{
    att_scenario *s = load_tl(chronic_ini, NULL, 0);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, 11, 1, &err);
    ck_assert_ptr_nonnull(sim);
    const att_infant_params *p = att_scenario_infant(s);
    double rate = p->trust_rate, horizon = p->repair_horizon;
    double trust = p->trust_initial;  /* the rule, applied by hand */
    long session = 0, repairs = 0, unrepaired = 0;
    att_step st;
    do {
        session++;
        int open = 0, first = 1;
        while (att_sim_next(sim, &st, &err) > 0) {
            ck_assert_int_eq(st.session, session);
            if (first) {  /* the new session starts from the trust the last one ended with */
                ck_assert_double_eq_tol(st.infant.trust, trust, 1e-12);
                ck_assert_double_eq(st.t, 0);
                first = 0;
            }
            /* a step shows the trust it began with; its repair updates it after */
            ck_assert_double_eq_tol(st.infant.trust, trust, 1e-12);
            if (st.score.kind == ATT_SCORE_RUPTURE)
                open = 1;
            if (st.score.kind == ATT_SCORE_REPAIR) {
                trust += rate * (exp2(-st.score.latency / horizon) - trust);
                open = 0;
                repairs++;
            }
        }
        ck_assert_msg(open, "session %ld should end on an open rupture", session);
        trust += rate * (0 - trust);  /* censored at the session's end: y = 0 */
        unrepaired++;
        ck_assert_double_eq_tol(att_sim_trust(sim), trust, 1e-12);
    } while (att_sim_next_session(sim, &err) > 0);
    ck_assert_int_eq(session, 6);
    ck_assert_int_eq(att_sim_session(sim), 6);
    ck_assert_int_eq(unrepaired, 6);
    ck_assert_int_gt(repairs, 0);
    att_sim_free(sim);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

START_TEST(trust_after_n_unrepaired_ruptures)
{
    att_infant_params p;
    att_infant_params_default(&p);
    p.trust_initial = 0.8;
    p.trust_rate = 0.07;
    att_infant *inf = att_infant_new(&p, NULL);
    for (int n = 1; n <= 25; n++) {
        att_infant_rupture_outcome(inf, 30.0, 0);
        att_infant_new_session(inf, 86400);
        att_infant_state st;
        att_infant_state_get(inf, &st);
        ck_assert_double_eq_tol(st.trust, 0.8 * pow(1 - 0.07, n), 1e-12);
    }
    att_infant_free(inf);
}
END_TEST

START_TEST(new_session_rests_both_partners)
{
    att_infant_params p;
    att_infant_params_default(&p);
    att_infant *inf = att_infant_new(&p, NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 3);
    att_care_signal loud = { .stimulation = 1, .intrusion = 1, .contingency = 0 };
    for (int i = 0; i < 300; i++)
        att_infant_step(inf, &loud, 0.1, r);
    att_infant_state before, after;
    att_infant_state_get(inf, &before);
    ck_assert_double_gt(before.arousal, 0.6);
    att_infant_new_session(inf, 4.0);
    att_infant_state_get(inf, &after);
    ck_assert_double_eq_tol(after.arousal,
                            p.arousal_initial + (before.arousal - p.arousal_initial) * exp(-4.0 / p.arousal_tau),
                            1e-12);
    ck_assert_double_eq_tol(after.regulation, 1 + (before.regulation - 1) * exp(-4.0 / p.capacity_tau), 1e-12);
    ck_assert_double_eq(after.trust, before.trust);
    ck_assert_int_eq(after.gaze, ATT_GAZE_AT);
    ck_assert_int_eq(after.affect, ATT_AFFECT_NEUTRAL);
    ck_assert_int_eq(after.behavior, ATT_IB_ENGAGE);
    ck_assert_double_eq(after.contingency_loss, 0);
    att_infant_free(inf);
    gsl_rng_free(r);
}
END_TEST

/* The first session of a timeline is exactly a one-session run of the same
 * seed; the next starts again at step 0 with session 2. */
START_TEST(first_session_equals_a_single_run)
{
    const char *one[] = { "scenario.sessions=1" };
    att_scenario *multi = load_tl(chronic_ini, NULL, 0);
    att_scenario *single = load_tl(chronic_ini, one, 1);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *a = att_sim_new(multi, mt, 5, 1, &err), *b = att_sim_new(single, mt, 5, 1, &err);
    att_step sa, sb;
    long n = 0;
    while (att_sim_next(b, &sb, &err) > 0) {
        ck_assert_int_eq(att_sim_next(a, &sa, &err), 1);
        ck_assert_double_eq(sa.infant.arousal, sb.infant.arousal);
        ck_assert_int_eq(sa.infant_code, sb.infant_code);
        ck_assert_int_eq(sa.caregiver_mode, sb.caregiver_mode);
        n++;
    }
    ck_assert_int_eq(att_sim_next(a, &sa, &err), 0);
    ck_assert_int_eq(n, att_scenario_steps(single));
    ck_assert_int_eq(att_sim_next_session(b, &err), 0);   /* one session only */
    ck_assert_int_eq(att_sim_next_session(a, &err), 1);
    ck_assert_int_eq(att_sim_next(a, &sa, &err), 1);
    ck_assert_int_eq(sa.session, 2);
    ck_assert_int_eq(sa.index, 0);
    att_sim_free(a);
    att_sim_free(b);
    att_match_table_free(mt);
    att_scenario_free(multi);
    att_scenario_free(single);
}
END_TEST

START_TEST(scenario_reads_sessions_and_interval)
{
    att_scenario *s = load_tl("[scenario]\nduration = 10\nsessions = 30\ninterval = 43200\n", NULL, 0);
    ck_assert_int_eq(att_scenario_sessions(s), 30);
    ck_assert_double_eq(att_scenario_interval(s), 43200);
    double v;
    ck_assert_int_eq(att_scenario_value(s, "scenario.sessions", &v), 0);
    ck_assert_double_eq(v, 30);
    att_scenario_free(s);
    s = load_tl("[scenario]\nduration = 10\n", NULL, 0);
    ck_assert_int_eq(att_scenario_sessions(s), 1);
    ck_assert_double_eq(att_scenario_interval(s), 86400);
    att_scenario_free(s);
}
END_TEST

Suite *suite_sim(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("runs");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, same_seed_same_bytes_other_seed_other_trace);
    tcase_add_test(tc, golden_trace);
    tcase_add_test(tc, intrusive_mother_prolongs_aversion_protest_and_arousal);
    tcase_add_test(tc, still_face_lowers_gaze_and_joy_raises_negativity_bids_first);
    suite_add_tcase(s, tc);
    tc = exp_tcase("timelines");
    tcase_add_test(tc, batch_sessions_columns);
    tcase_add_test(tc, batch_sessions_follow_the_dyad);
    tcase_add_test(tc, first_session_is_the_single_run);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("sessions", tl_setup);
    tcase_add_test(tc, trust_carries_over_and_follows_the_update_rule);
    tcase_add_test(tc, trust_after_n_unrepaired_ruptures);
    tcase_add_test(tc, new_session_rests_both_partners);
    tcase_add_test(tc, first_session_equals_a_single_run);
    tcase_add_test(tc, scenario_reads_sessions_and_interval);
    suite_add_tcase(s, tc);
    return s;
}
