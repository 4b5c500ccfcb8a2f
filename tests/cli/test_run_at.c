/* attune run --at: a live change from a step on, from the command line.
 * At 0 s it writes the bytes of the same --set, and so does a change of her
 * parameters at a phase's first step; a still face from 90 s to
 * 120 s shows in exactly those rows; bad --at arguments exit 2 with the
 * message alone and leave no file; a warning an --at may make untrue is
 * left out. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

/* 1 when the files at a and b hold the same bytes. */
static int same_bytes(const char *a, const char *b)
{
    size_t na, nb;
    char *ta = slurp(a, &na), *tb = slurp(b, &nb);
    ck_assert(ta && tb);
    int same = na == nb && memcmp(ta, tb, na) == 0;
    free(ta);
    free(tb);
    return same;
}

START_TEST(at_zero_writes_the_bytes_of_set)
{
    char a[4096], b[4096];
    in_work(a, sizeof a, "a.csv");
    in_work(b, sizeof b, "b.csv");
    const char *scn = SRC("scenarios/peekaboo-intrusive.ini");
    result r = run_attune("run", scn, "-q", "-o", a, "--at", "0:caregiver.intrusiveness=0.3", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("run", scn, "-q", "-o", b, "--set", "caregiver.intrusiveness=0.3", NULL);
    expect_status(&r, 0);
    result_free(&r);
    ck_assert(same_bytes(a, b));
}
END_TEST

/* A live change of her parameters at the reunion's first step (240 s)
 * writes the bytes of the same value set for the reunion from the start
 * (the phase starts, then the change applies, before the step), and
 * differs from the run without it: the step's caches that read her keys
 * (misreading chances: perception_noise; arousal decays: arousal_tau) and
 * the simulation's own record of the phase follow the copy of the
 * scenario the change makes.  (tests/lib/test_step_caches.c changes keys
 * mid-phase.) */
START_TEST(at_a_phase_start_writes_the_bytes_of_set)
{
    const char *keys[] = { "perception_noise=0.3", "arousal_tau=2" };
    char a[4096], b[4096], c[4096], at[96], set[96];
    in_work(a, sizeof a, "a.csv");
    in_work(b, sizeof b, "b.csv");
    in_work(c, sizeof c, "c.csv");
    const char *scn = SRC("scenarios/still-face.ini");
    result r = run_attune("run", scn, "-q", "-o", c, NULL);
    expect_status(&r, 0);
    result_free(&r);
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        snprintf(at, sizeof at, "240:caregiver.%s", keys[k]);
        snprintf(set, sizeof set, "phase.reunion.%s", keys[k]);
        r = run_attune("run", scn, "-q", "-o", a, "--at", at, NULL);
        expect_status(&r, 0);
        result_free(&r);
        r = run_attune("run", scn, "-q", "-o", b, "--set", set, NULL);
        expect_status(&r, 0);
        result_free(&r);
        ck_assert_msg(same_bytes(a, b), "--at %s and --set %s differ", at, set);
        ck_assert_msg(!same_bytes(a, c), "--at %s changed nothing", at);
    }
}
END_TEST

/* The documented example (docs/MODEL.md section 12): her face is still in
 * every row from 90.0 s to 119.9 s and in no other (a patient mother never
 * has a still face of her own). */
START_TEST(still_face_rows_are_the_changed_ones)
{
    char out[4096];
    in_work(out, sizeof out, "sf.csv");
    result r = run_attune("run", SRC("scenarios/peekaboo-patient.ini"), "-q", "-o", out,
                          "--at", "60:caregiver.wait_time=1", "--at", "90:caregiver.policy=still-face",
                          "--at", "120:caregiver.policy=patient", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    char *text = slurp(out, &len);
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    struct fields head;
    fields_split(&head, line);
    size_t tcol = col_of(&head, "t"), bcol = col_of(&head, "caregiver_behavior");
    int rows = 0, still = 0;
    while ((line = strtok_r(NULL, "\n", &save))) {
        struct fields row;
        fields_split(&row, line);
        double t = number_at(&row, tcol);
        int is_still = strcmp(row.f[bcol], "still-face") == 0;
        ck_assert_msg(is_still == (t >= 89.95 && t < 119.95), "t = %g: %s", t, row.f[bcol]);
        still += is_still;
        rows++;
        fields_free(&row);
    }
    ck_assert_int_eq(rows, 1800);
    ck_assert_int_eq(still, 300);
    fields_free(&head);
    free(text);
}
END_TEST

START_TEST(bad_at_exits_2_with_the_message_alone)
{
    static const struct { const char *arg, *msg; } bad[] = {
        { "52.3:caregiver.wait_time=-1",
          "--at 52.3:caregiver.wait_time=-1: wait_time = -1 is out of range [0, 1e+06] s\n" },
        { "52.35:caregiver.wait_time=1",
          "--at 52.35:caregiver.wait_time=1: time 52.35 s is not a whole number of steps of dt = 0.1 s\n" },
        { "180:infant.trust=0.5",
          "--at 180:infant.trust=0.5: time 180 s is outside the session (0 to 180 s)\n" },
        { "3:scenario.dt=1", "--at 3:scenario.dt=1: a live change sets an infant or caregiver key "
          "(expected infant.KEY=VALUE, caregiver.KEY=VALUE, caregiver.policy=NAME or infant.trust=VALUE)\n" },
    };
    char out[4096];
    in_work(out, sizeof out, "bad.csv");
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        result r = run_attune("run", SRC("scenarios/peekaboo-patient.ini"), "-o", out,
                              "--at", bad[i].arg, NULL);
        expect_status(&r, 2);
        ck_assert_str_eq(r.err, bad[i].msg);
        ck_assert(!exists(out));
        result_free(&r);
    }
}
END_TEST

/* The loader warns of a distress-prone infant's gain set where
 * distress_prone is 0 throughout the scenario; an --at that sets
 * distress_prone makes the gain act from then on (the trace changes), and
 * the warning, which the loader cannot know to spare, is not printed. */
START_TEST(at_distress_prone_spares_the_prone_gain_warning)
{
    char scn[4096], a[4096], b[4096], want[4400];
    in_work(scn, sizeof scn, "prone.ini");
    in_work(a, sizeof a, "a.csv");
    in_work(b, sizeof b, "b.csv");
    write_file(scn, "[scenario]\nduration = 240\n[infant]\nprone_negative_gain = 50\n"
                    "[caregiver]\npolicy = still-face\n");
    result r = run_attune("run", scn, "-q", "-o", a, NULL);
    expect_status(&r, 0);
    snprintf(want, sizeof want, "%s:4: warning: infant.prone_negative_gain has no effect on the "
             "infant: distress_prone is 0 throughout the scenario (set it to 1, or draw it: "
             "distress_prone = bernoulli(0.07))\n", scn);
    ck_assert_str_eq(r.err, want);
    result_free(&r);
    r = run_attune("run", scn, "-q", "-o", b, "--at", "60:infant.distress_prone=1", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, "");
    result_free(&r);
    ck_assert(!same_bytes(a, b));
    /* another key's --at leaves the warning */
    r = run_attune("run", scn, "-q", "-o", b, "--at", "60:infant.reactivity=1.2", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, want);
    result_free(&r);
}
END_TEST

/* Her keys a patient mother ignores are warned of, a warning that rests on
 * her policy: an --at that changes the policy may make it untrue (here the
 * intrusive policy reads intrusiveness from 60 s on, which the trace
 * shows), so it is not printed, while a warning resting on another key
 * (the prone gain's, on distress_prone) still is; an --at of another key
 * leaves both. */
START_TEST(at_policy_spares_the_ignored_key_warning)
{
    char scn[4096], a[4096], b[4096], ignored[4400], prone[4400], both[8800];
    in_work(scn, sizeof scn, "patient.ini");
    in_work(a, sizeof a, "a.csv");
    in_work(b, sizeof b, "b.csv");
    write_file(scn, "[scenario]\nduration = 120\n[caregiver]\npolicy = patient\n"
                    "intrusiveness = 0.9\n[infant]\nprone_calm_gain = 0.5\n");
    snprintf(ignored, sizeof ignored, "%s:5: warning: caregiver.intrusiveness is ignored by the "
             "patient policy\n", scn);
    snprintf(prone, sizeof prone, "%s:7: warning: infant.prone_calm_gain has no effect on the "
             "infant: distress_prone is 0 throughout the scenario (set it to 1, or draw it: "
             "distress_prone = bernoulli(0.07))\n", scn);
    snprintf(both, sizeof both, "%s%s", ignored, prone);
    result r = run_attune("run", scn, "-q", "-o", a, "--at", "60:caregiver.wait_time=1", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, both);
    result_free(&r);
    r = run_attune("run", scn, "-q", "-o", b, "--at", "60:caregiver.policy=intrusive", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, prone);
    result_free(&r);
    ck_assert(!same_bytes(a, b));
    r = run_attune("run", scn, "-q", "-o", b, "--at", "60:caregiver.policy=intrusive",
                   "--at", "90:infant.distress_prone=1", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, "");
    result_free(&r);
}
END_TEST

/* A key of a phase that names its own policy rests on that phase's
 * policy, which a live change reaches only while the phase runs: an --at
 * in the other phase leaves the warning (still true: the trace keeps the
 * still face from 60 s), one inside the phase spares it. */
START_TEST(at_elsewhere_keeps_a_phase_policy_warning)
{
    char scn[4096], out[4096], want[4400];
    in_work(scn, sizeof scn, "two.ini");
    in_work(out, sizeof out, "o.csv");
    write_file(scn, "[caregiver]\npolicy = patient\n[phase]\nname = p1\nduration = 60\n"
                    "[phase]\nname = p2\nduration = 60\npolicy = still-face\nwait_time = 4\n");
    snprintf(want, sizeof want, "%s:10: warning: phase.p2.wait_time is ignored by the still-face "
             "policy\n", scn);
    result r = run_attune("run", scn, "-q", "-o", out, "--at", "30:caregiver.policy=intrusive", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, want);
    result_free(&r);
    r = run_attune("run", scn, "-q", "-o", out, "--at", "90:caregiver.policy=intrusive", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, "");
    result_free(&r);
}
END_TEST

/* --at reads its words as --set does: white space around the section, the
 * key and the value changes nothing (the same bytes), and a change so
 * written still spares the warning that rests on its key. */
START_TEST(at_words_may_have_white_space)
{
    char scn[4096], a[4096], b[4096], c[4096], want[4400];
    in_work(scn, sizeof scn, "patient.ini");
    in_work(a, sizeof a, "a.csv");
    in_work(b, sizeof b, "b.csv");
    in_work(c, sizeof c, "c.csv");
    write_file(scn, "[scenario]\nduration = 200\n[caregiver]\npolicy = patient\n"
                    "intrusiveness = 0.9\n");
    result r = run_attune("run", scn, "-q", "-o", a, "--at", "100:caregiver.policy=intrusive", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, "");
    result_free(&r);
    r = run_attune("run", scn, "-q", "-o", b, "--at", "100: caregiver . policy =\tintrusive ", NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(r.err, "");   /* spared, as without the spaces */
    result_free(&r);
    r = run_attune("run", scn, "-q", "-o", c, NULL);
    expect_status(&r, 0);
    snprintf(want, sizeof want, "%s:5: warning: caregiver.intrusiveness is ignored by the "
             "patient policy\n", scn);
    ck_assert_str_eq(r.err, want);   /* the warning there is to spare */
    result_free(&r);
    ck_assert(same_bytes(a, b));
    ck_assert(!same_bytes(a, c));
}
END_TEST

Suite *suite_cli_run_at(void);
Suite *suite_cli_run_at(void)
{
    Suite *s = suite_create("cli_run_at");
    TCase *tc = fixture_tcase("at", setup);
    tcase_add_test(tc, at_zero_writes_the_bytes_of_set);
    tcase_add_test(tc, at_a_phase_start_writes_the_bytes_of_set);
    tcase_add_test(tc, still_face_rows_are_the_changed_ones);
    tcase_add_test(tc, bad_at_exits_2_with_the_message_alone);
    tcase_add_test(tc, at_distress_prone_spares_the_prone_gain_warning);
    tcase_add_test(tc, at_policy_spares_the_ignored_key_warning);
    tcase_add_test(tc, at_words_may_have_white_space);
    tcase_add_test(tc, at_elsewhere_keeps_a_phase_policy_warning);
    suite_add_tcase(s, tc);
    return s;
}
