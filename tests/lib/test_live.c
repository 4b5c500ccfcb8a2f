/* Live changes (att_sim_schedule, att_sim_at): a key changed from one step
 * on.  Checked against independent equivalences rather than values:
 *   - at step 0 a change equals the same --set (one-phase scenarios);
 *   - a change to the value a key already has changes nothing, at any step
 *     (so the state is kept: her mode and timers, the infant's caches);
 *   - before its step a change changes nothing; from its step it does;
 *   - a perception delay lengthened mid-run sees what she saw then: equal
 *     to a run whose scenario needed that delay from the start;
 *   - later phases that set the key themselves keep their own value;
 *   - bad input gets --set's own words after "--at T:ASSIGN: ". */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

typedef struct {
    long session, index;
    const char *assignment;
} live_change;

/* Every step of every session of `s` (seed `seed`) with `changes`
 * scheduled up front; *n gets the number of steps. */
static att_step *steps_of(const att_scenario *s, unsigned long seed, const live_change *changes,
                          size_t nchanges, long *n)
{
    att_error err = { 0 };
    att_match_table *mt = load_match("attuned");
    att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
    ck_assert_msg(sim != NULL, "%s", err.msg);
    for (size_t i = 0; i < nchanges; i++)
        ck_assert_msg(att_sim_schedule(sim, changes[i].session, changes[i].index,
                                       changes[i].assignment, &err) == ATT_OK, "%s", err.msg);
    long cap = att_scenario_steps(s) * att_scenario_sessions(s);
    att_step *out = malloc((size_t)cap * sizeof *out);
    ck_assert_ptr_nonnull(out);
    long k = 0;
    int more;
    do {
        while ((more = att_sim_next(sim, &out[k], &err)) > 0)
            ck_assert_int_lt(++k, cap + 1);
        ck_assert_int_eq(more, 0);
    } while ((more = att_sim_next_session(sim, &err)) > 0);
    ck_assert_int_eq(more, 0);
    ck_assert_int_eq(k, cap);
    att_sim_free(sim);
    att_match_table_free(mt);
    *n = k;
    return out;
}

static int same_step(const att_step *a, const att_step *b)
{
    return a->session == b->session && a->index == b->index && a->phase == b->phase
        && a->infant.arousal == b->infant.arousal && a->infant.regulation == b->infant.regulation
        && a->infant.contingency_loss == b->infant.contingency_loss
        && a->infant.trust == b->infant.trust && a->infant.gaze == b->infant.gaze
        && a->infant.affect == b->infant.affect && a->infant.behavior == b->infant.behavior
        && a->infant_code == b->infant_code && a->caregiver_code == b->caregiver_code
        && a->caregiver_mode == b->caregiver_mode && a->caregiver_arousal == b->caregiver_arousal
        && a->matched == b->matched && a->score.kind == b->score.kind;
}

/* The first step where a and b differ, or n when none does. */
static long first_difference(const att_step *a, const att_step *b, long n)
{
    long i = 0;
    while (i < n && same_step(&a[i], &b[i]))
        i++;
    return i;
}

static const char one_phase[] =
    "[scenario]\nname = one\ndt = 0.1\nduration = 120\nseed = 5\n"
    "[caregiver]\npolicy = patient\n";

static att_scenario *load_sets(const char *text, const char *set)
{
    char path[4096];
    in_work(path, sizeof path, "live.ini");
    const char *sets[] = { set };
    return load_at(path, text, set ? sets : NULL, set ? 1 : 0);
}

/* At step 0 a change is a --set, for caregiver keys, her policy and infant
 * keys alike; over 20 seeds each. */
START_TEST(change_at_step_zero_is_a_set)
{
    /* (not infant.preset: its arousal_initial and trust_initial are the
     * state at the start, which a change at step 0 finds already made) */
    const char *cases[] = { "caregiver.wait_time=2", "caregiver.policy=intrusive",
                            "caregiver.perception_delay=2.5", "infant.arousal_baseline=0.4",
                            "infant.stim_gain=0.9" };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        att_scenario *plain = load_sets(one_phase, NULL), *set = load_sets(one_phase, cases[c]);
        for (unsigned long seed = 1; seed <= 20; seed++) {
            long n, m;
            live_change ch = { 1, 0, cases[c] };
            att_step *a = steps_of(plain, seed, &ch, 1, &n), *b = steps_of(set, seed, NULL, 0, &m);
            ck_assert_int_eq(n, m);
            ck_assert_msg(first_difference(a, b, n) == n, "%s, seed %lu: differs at step %ld",
                          cases[c], seed, first_difference(a, b, n));
            free(a);
            free(b);
        }
        att_scenario_free(plain);
        att_scenario_free(set);
    }
}
END_TEST

/* The server's way (each change scheduled for the next step while the run
 * goes on) gives the steps of the command line's way (all scheduled before
 * the first step), and the values show a change at once: a policy's own
 * defaults come with it. */
START_TEST(live_and_up_front_give_the_same_steps)
{
    static const char phases[] =
        "[scenario]\ndt = 0.1\nseed = 3\n[caregiver]\npolicy = patient\n"
        "[phase]\nname = play\nduration = 30\n[phase]\nname = more\nduration = 30\n";
    const live_change ch[] = { { 1, 77, "caregiver.policy=still-face" },
                               { 1, 77, "caregiver.wait_time=3" },
                               { 1, 150, "infant.trust=0.3" },
                               { 1, 300, "caregiver.policy=intrusive" },  /* phase boundary */
                               { 1, 420, "caregiver.policy=patient" } };
    att_scenario *s = load_sets(phases, NULL);
    att_match_table *mt = load_match("attuned");
    for (unsigned long seed = 1; seed <= 10; seed++) {
        long n;
        att_step *want = steps_of(s, seed, ch, sizeof ch / sizeof *ch, &n);
        att_error err = { 0 };
        att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
        att_step st;
        size_t next = 0;
        for (long i = 0; i < n; i++) {
            while (next < sizeof ch / sizeof *ch && ch[next].index == i) {
                ck_assert_int_eq(att_sim_schedule(sim, 1, i, ch[next].assignment, &err), ATT_OK);
                next++;
            }
            if (i == 77) {  /* applied at once, with the still face's own values */
                ck_assert_str_eq(att_sim_policy_name(sim), "still-face");
                ck_assert_double_eq(att_sim_value(sim, "caregiver.responsiveness"),
                                    defaults_of("still-face")->responsiveness);
                ck_assert_double_eq(att_sim_value(sim, "caregiver.wait_time"), 3);
            }
            if (i == 150)
                ck_assert_double_eq(att_sim_value(sim, "infant.trust"), 0.3);
            ck_assert_int_eq(att_sim_next(sim, &st, &err), 1);
            ck_assert_msg(same_step(&st, &want[i]), "seed %lu: step %ld differs", seed, i);
        }
        att_sim_free(sim);
        free(want);
    }
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

/* att_sim_prepare after every step (the server's way) changes no step, and
 * leaves the run standing at the next one: its phase (att_sim_phase) and
 * policy, at a phase boundary and at a session's start too, where a change
 * scheduled then is shown at once. */
START_TEST(prepared_run_stands_at_the_next_step)
{
    static const char phases[] =
        "[scenario]\ndt = 0.1\nseed = 3\nsessions = 2\n[caregiver]\npolicy = patient\n"
        "[phase]\nname = play\nduration = 20\n"
        "[phase]\nname = still\nduration = 10\npolicy = still-face\n";
    const live_change ch[] = { { 1, 200, "caregiver.wait_time=3" },   /* phase boundary */
                               { 2, 0, "caregiver.policy=intrusive" } };  /* session start */
    att_scenario *s = load_sets(phases, NULL);
    att_match_table *mt = load_match("attuned");
    for (unsigned long seed = 1; seed <= 5; seed++) {
        long n, k = 0;
        att_step *want = steps_of(s, seed, ch, 2, &n), st;
        att_error err = { 0 };
        att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
        int more;
        do {
            while ((more = att_sim_prepare(sim, &err)) > 0) {
                for (size_t c = 0; c < 2; c++)
                    if (ch[c].session == want[k].session && ch[c].index == want[k].index)
                        ck_assert_int_eq(att_sim_schedule(sim, ch[c].session, ch[c].index,
                                                          ch[c].assignment, &err), ATT_OK);
                ck_assert_int_eq(att_sim_phase(sim), (size_t)want[k].phase);
                ck_assert_str_eq(att_sim_policy_name(sim), want[k].phase ? "still-face"
                                 : att_sim_session(sim) == 1 ? "patient" : "intrusive");
                if (k == 200)
                    ck_assert_double_eq(att_sim_value(sim, "caregiver.wait_time"), 3);
                ck_assert_int_eq(att_sim_next(sim, &st, &err), 1);
                ck_assert_msg(same_step(&st, &want[k]), "seed %lu: step %ld differs", seed, k);
                k++;
            }
            ck_assert_int_eq(more, 0);
            ck_assert_int_eq(att_sim_next(sim, &st, &err), 0);
        } while ((more = att_sim_next_session(sim, &err)) > 0);
        ck_assert_int_eq(k, n);
        att_sim_free(sim);
        free(want);
    }
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

/* A change to the value a key has already changes nothing, mid-run: the
 * caregiver keeps her mode and timers, the infant its state and caches. */
START_TEST(change_to_the_same_value_changes_nothing)
{
    att_scenario *s = load_sets(one_phase, NULL);
    char a1[64], a2[64];
    snprintf(a1, sizeof a1, "caregiver.wait_time=%.17g", defaults_of("patient")->wait_time);
    snprintf(a2, sizeof a2, "infant.bid_persistence=%.17g",
             att_scenario_infant(s)->bid_persistence);
    for (unsigned long seed = 1; seed <= 20; seed++) {
        long n, m;
        live_change ch[] = { { 1, 37 * (long)seed, a1 }, { 1, 41 * (long)seed, a2 } };
        att_step *a = steps_of(s, seed, ch, 2, &n), *b = steps_of(s, seed, NULL, 0, &m);
        ck_assert_int_eq(first_difference(a, b, n), n);
        free(a);
        free(b);
    }
    att_scenario_free(s);
}
END_TEST

/* Before its step a change changes nothing; from its step on the run goes
 * another way (a wait of 0 s against 8 s changes what she does within a
 * minute in every seed). */
START_TEST(change_holds_from_its_step)
{
    att_scenario *s = load_sets(one_phase, NULL);
    for (unsigned long seed = 1; seed <= 20; seed++) {
        long n, m, k = 100 + 13 * (long)seed;
        live_change ch = { 1, k, "caregiver.wait_time=0" };
        att_step *a = steps_of(s, seed, &ch, 1, &n), *b = steps_of(s, seed, NULL, 0, &m);
        long d = first_difference(a, b, n);
        ck_assert_int_ge(d, k);
        ck_assert_int_lt(d, k + 600);
        free(a);
        free(b);
    }
    att_scenario_free(s);
}
END_TEST

/* A perception delay lengthened mid-run: she sees what the infant did that
 * long ago.  Reference: the same change where the scenario itself needs the
 * longer delay (a later phase has 1 s), compared over the first phase. */
START_TEST(longer_delay_keeps_what_she_saw)
{
    static const char grown[] =
        "[scenario]\ndt = 0.1\nseed = 3\n[caregiver]\npolicy = intrusive\n"
        "[phase]\nname = a\nduration = 60\n[phase]\nname = b\nduration = 10\n";
    static const char roomy[] =
        "[scenario]\ndt = 0.1\nseed = 3\n[caregiver]\npolicy = intrusive\n"
        "[phase]\nname = a\nduration = 60\n[phase]\nname = b\nduration = 10\n"
        "perception_delay = 1\n";
    att_scenario *g = load_sets(grown, NULL), *r = load_sets(roomy, NULL);
    for (unsigned long seed = 1; seed <= 20; seed++) {
        long n, m;
        live_change ch = { 1, 150, "caregiver.perception_delay=1" };
        att_step *a = steps_of(g, seed, &ch, 1, &n), *b = steps_of(r, seed, &ch, 1, &m);
        ck_assert_int_ge(first_difference(a, b, n), 600);
        free(a);
        free(b);
    }
    att_scenario_free(g);
    att_scenario_free(r);
}
END_TEST

/* A caregiver change is written in [caregiver] and in the current phase:
 * later phases without the key take it, a phase with its own keeps it. */
START_TEST(later_phases_keep_their_own_keys)
{
    static const char text[] =
        "[scenario]\ndt = 0.1\nseed = 3\n[caregiver]\npolicy = patient\n"
        "[phase]\nname = a\nduration = 10\n[phase]\nname = b\nduration = 10\nwait_time = 5\n"
        "[phase]\nname = c\nduration = 10\n";
    att_scenario *s = load_sets(text, NULL);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, 1, 1, &err);
    ck_assert_ptr_nonnull(sim);
    ck_assert_int_eq(att_sim_schedule(sim, 1, 30, "caregiver.wait_time=2", &err), ATT_OK);
    ck_assert_int_eq(att_sim_schedule(sim, 1, 50, "caregiver.policy=still-face", &err), ATT_OK);
    const double expect_wait[] = { 8, 2, 5, 2 };  /* before, a after, b, c */
    att_step st;
    for (long i = 0; i < 300; i++) {
        ck_assert_int_eq(att_sim_next(sim, &st, &err), 1);
        int k = i < 30 ? 0 : i < 100 ? 1 : i < 200 ? 2 : 3;
        ck_assert_double_eq(att_sim_value(sim, "caregiver.wait_time"), expect_wait[k]);
        /* no later phase names a policy of its own: still-face holds */
        ck_assert_str_eq(att_sim_policy_name(sim), i < 50 ? "patient" : "still-face");
    }
    ck_assert(isnan(att_sim_value(sim, "caregiver.nope")));
    att_sim_free(sim);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

/* infant.trust sets the expectation of repair at that step: the row shows
 * it unless a repair or censored rupture at that very step updated it. */
START_TEST(trust_is_set_at_its_step)
{
    att_scenario *s = load_sets(one_phase, NULL);
    for (unsigned long seed = 1; seed <= 10; seed++) {
        long n;
        live_change ch = { 1, 200, "infant.trust=0.125" };
        att_step *a = steps_of(s, seed, &ch, 1, &n);
        ck_assert_double_ne(a[199].infant.trust, 0.125);
        if (a[200].score.kind != ATT_SCORE_REPAIR)
            ck_assert_double_eq(a[200].infant.trust, 0.125);
        free(a);
    }
    att_scenario_free(s);
}
END_TEST

/* In a timeline a change in session 2 leaves session 1 as it was. */
START_TEST(timeline_change_waits_for_its_session)
{
    static const char text[] =
        "[scenario]\ndt = 0.5\nduration = 60\nsessions = 3\nseed = 9\n"
        "[caregiver]\npolicy = inconsistent\n";
    att_scenario *s = load_sets(text, NULL);
    long n, m;
    live_change ch = { 2, 10, "caregiver.responsiveness=0.05" };
    att_step *a = steps_of(s, 4, &ch, 1, &n), *b = steps_of(s, 4, NULL, 0, &m);
    long d = first_difference(a, b, n);
    ck_assert_int_ge(d, 120 + 10);
    ck_assert_int_lt(d, n);
    free(a);
    free(b);
    att_scenario_free(s);
}
END_TEST

/* The text after "--at T:ASSIGN: " is --set's own, word for word. */
START_TEST(bad_changes_use_the_words_of_set)
{
    const char *bad[] = { "caregiver.wait_time=-1", "caregiver.wait_time=abc",
                          "caregiver.policy=nope", "infant.nope=3", "infant.trust_initial=2",
                          "infant.preset=calm", "caregiver.repair_latency=0,5" };
    char path[4096];
    in_work(path, sizeof path, "live.ini");
    write_file(path, one_phase);
    att_scenario *s = load_sets(one_phase, NULL);
    att_match_table *mt = load_match("attuned");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        att_error e1 = { 0 }, e2 = { 0 };
        const char *sets[] = { bad[i] };
        ck_assert_ptr_null(att_scenario_load(path, sets, 1, &e1));
        att_sim *sim = att_sim_new(s, mt, 1, 1, &e2);
        ck_assert_int_eq(att_sim_schedule(sim, 1, 523, bad[i], &e2), ATT_EINPUT);
        char set_prefix[128], at_prefix[128];
        snprintf(set_prefix, sizeof set_prefix, "--set %s: ", bad[i]);
        snprintf(at_prefix, sizeof at_prefix, "--at 52.3:%s: ", bad[i]);
        expect_prefix(e1.msg, set_prefix);
        expect_prefix(e2.msg, at_prefix);
        ck_assert_str_eq(e1.msg + strlen(set_prefix), e2.msg + strlen(at_prefix));
        att_sim_free(sim);
    }
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

/* att_sim_changes knows a run's scheduled keys, written with or without
 * white space around the words, applied yet or not; a refused change is
 * not one of them. */
START_TEST(changes_name_their_keys)
{
    att_scenario *s = load_sets(one_phase, NULL);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, 1, 1, &err);
    ck_assert_int_eq(att_sim_changes(sim, "caregiver.wait_time", -1), 0);
    ck_assert_int_eq(att_sim_schedule(sim, 1, 5, " caregiver . wait_time = 3", &err), ATT_OK);
    ck_assert_int_eq(att_sim_schedule(sim, 1, 0, "infant.trust=0.5", &err), ATT_OK);
    ck_assert_int_eq(att_sim_schedule(sim, 1, 9, "caregiver.policy=nope", &err), ATT_EINPUT);
    ck_assert_int_eq(att_sim_changes(sim, "caregiver.wait_time", -1), 1);
    ck_assert_int_eq(att_sim_changes(sim, "infant.trust", -1), 1);
    ck_assert_int_eq(att_sim_changes(sim, "caregiver.policy", -1), 0);
    ck_assert_int_eq(att_sim_changes(sim, "wait_time", -1), 0);
    ck_assert_int_eq(att_sim_changes(sim, "caregiver.wait_time", 0), 1);   /* its one phase */
    ck_assert_int_eq(att_sim_changes(sim, "caregiver.wait_time", 1), 0);
    att_step st;
    for (int i = 0; i < 10; i++)   /* both applied now */
        ck_assert_int_eq(att_sim_next(sim, &st, &err), 1);
    ck_assert_int_eq(att_sim_changes(sim, "caregiver.wait_time", -1), 1);
    ck_assert_double_eq(att_sim_value(sim, "caregiver.wait_time"), 3);
    att_sim_free(sim);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

/* Steps already run, past the end, other sessions, malformed --at. */
START_TEST(bad_places_refused)
{
    att_scenario *s = load_sets(one_phase, NULL);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, 1, 1, &err);
    att_step st;
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(att_sim_next(sim, &st, &err), 1);
    struct { long session, index; const char *want; } places[] = {
        { 1, 9, "--at 0.9:infant.trust=0.5: that step has already been run" },
        { 1, 1200, "--at 120:infant.trust=0.5: the time must be from 0 to before the end of the session (120 s)" },
        { 2, 0, "--at 2/0:infant.trust=0.5: there is no session 2 (the scenario has 1)" },
    };
    for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
        ck_assert_int_eq(att_sim_schedule(sim, places[i].session, places[i].index,
                                          "infant.trust=0.5", &err), ATT_EINPUT);
        ck_assert_str_eq(err.msg, places[i].want);
    }
    /* the next step is still allowed */
    ck_assert_int_eq(att_sim_schedule(sim, 1, 10, "infant.trust=0.5", &err), ATT_OK);
    const char *specs[] = { "12", "x:infant.trust=1", "0.05:infant.trust=1", "-1:infant.trust=1",
                            "a/3:infant.trust=1", ":infant.trust=1" };
    const char *want[] = { "expected [SESSION/]TIME", "time x is not a number",
                           "not a whole number of steps of dt = 0.1 s", "outside the session",
                           "the session before '/'", "expected [SESSION/]TIME" };
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
        ck_assert_int_eq(att_sim_at(sim, specs[i], &err), ATT_EINPUT);
        expect_contains(err.msg, want[i], specs[i]);
    }
    ck_assert_int_eq(att_sim_at(sim, "60:caregiver.policy=still-face", &err), ATT_OK);
    att_sim_free(sim);
    att_match_table_free(mt);
    att_scenario_free(s);
}
END_TEST

Suite *suite_live(void);
Suite *suite_live(void)
{
    Suite *s = suite_create("live");
    TCase *tc = fixture_tcase("core", setup);
    tcase_add_test(tc, change_at_step_zero_is_a_set);
    tcase_add_test(tc, change_to_the_same_value_changes_nothing);
    tcase_add_test(tc, live_and_up_front_give_the_same_steps);
    tcase_add_test(tc, prepared_run_stands_at_the_next_step);
    tcase_add_test(tc, change_holds_from_its_step);
    tcase_add_test(tc, longer_delay_keeps_what_she_saw);
    tcase_add_test(tc, later_phases_keep_their_own_keys);
    tcase_add_test(tc, trust_is_set_at_its_step);
    tcase_add_test(tc, timeline_change_waits_for_its_session);
    tcase_add_test(tc, bad_changes_use_the_words_of_set);
    tcase_add_test(tc, bad_places_refused);
    tcase_add_test(tc, changes_name_their_keys);
    suite_add_tcase(s, tc);
    return s;
}
