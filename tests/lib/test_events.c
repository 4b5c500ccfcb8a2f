/* Tests for the plain-language event log (att_events_describe): the exact
 * sentence for each kind of change between two steps, the time prefix, the
 * returned line count, and truncation into a small buffer (which must stay
 * NUL-terminated and inside its bounds; run under ASan to prove the latter).
 * Steps are built by hand, zero-initialised, so only the fields a test sets
 * differ between `prev` and `cur`. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "attune/events.h"

/* A zeroed step at time t in phase `phase` named `name`. */
static att_step step_at(double t, int phase, const char *name)
{
    att_step s;
    memset(&s, 0, sizeof s);
    s.t = t;
    s.index = (long)(t * 10 + 0.5);
    s.run = 1;
    s.phase = phase;
    s.phase_name = name;
    s.infant.gaze = ATT_GAZE_AT;
    s.infant.affect = ATT_AFFECT_NEUTRAL;
    s.infant.behavior = ATT_IB_ENGAGE;
    s.infant.arousal = 0.3;
    s.caregiver_mode = ATT_CM_PLAY;
    return s;
}

/* Describes prev -> cur into a generous buffer, checks the text and the
 * line count. */
static void expect(const att_step *prev, const att_step *cur, const char *text, int lines)
{
    char buf[1024];
    memset(buf, 'X', sizeof buf);
    int n = att_events_describe(prev, cur, buf, sizeof buf);
    ck_assert_str_eq(buf, text);
    ck_assert_int_eq(n, lines);
}

START_TEST(test_first_step)
{
    att_step cur = step_at(0, 0, "play");
    expect(NULL, &cur,
           "    0.0 s  --- phase 'play' begins ---\n"
           "    0.0 s  mother smiles and plays (\"peek-a-boo!\")\n", 2);

    /* The first step names whatever the mother is doing then. */
    cur = step_at(0, 0, "still-face");
    cur.caregiver_mode = ATT_CM_STILL;
    expect(NULL, &cur,
           "    0.0 s  --- phase 'still-face' begins ---\n"
           "    0.0 s  mother holds a still face: looking, expressionless, silent\n", 2);
}
END_TEST

START_TEST(test_nothing_changed)
{
    att_step prev = step_at(4.9, 0, "play");
    att_step cur = step_at(5.0, 0, "play");
    cur.infant.arousal = 0.9;  /* arousal alone is no event */
    expect(&prev, &cur, "", 0);
}
END_TEST

START_TEST(test_infant_turns_away)
{
    att_step prev = step_at(12.2, 0, "play");
    att_step cur = step_at(12.3, 0, "play");
    cur.infant.gaze = ATT_GAZE_AWAY;
    cur.infant.arousal = 0.81;
    expect(&prev, &cur, "   12.3 s  infant turns away, arousal 0.81\n", 1);

    /* ... and back: the other sentence. */
    att_step back = step_at(15.0, 0, "play");
    back.infant.arousal = 0.4;
    expect(&cur, &back, "   15.0 s  infant looks back at mother, arousal 0.40\n", 1);
}
END_TEST

START_TEST(test_time_prefix)
{
    /* %7.1f: right-aligned in 7 columns, then "s" and two spaces. */
    att_step prev = step_at(0, 0, "a"), cur = step_at(1234.56, 1, "b");
    expect(&prev, &cur, " 1234.6 s  --- phase 'b' begins ---\n", 1);
    prev = step_at(0, 0, "a");
    cur = step_at(123456.7, 1, "b");
    expect(&prev, &cur, "123456.7 s  --- phase 'b' begins ---\n", 1);
}
END_TEST

START_TEST(test_mother_looms)
{
    att_step prev = step_at(12.8, 0, "play");
    prev.caregiver_mode = ATT_CM_WAIT;
    att_step cur = step_at(12.9, 0, "play");
    cur.caregiver_mode = ATT_CM_LOOM;
    expect(&prev, &cur, "   12.9 s  mother leans in and clicks her tongue\n", 1);

    /* Every mode has its sentence; an unknown one still gives a line. */
    prev = cur;
    cur.caregiver_mode = ATT_CM_WAIT;  /* she was leaning in, not playing */
    expect(&prev, &cur, "   12.9 s  mother sits back and watches\n", 1);
    prev = cur;
    cur.caregiver_mode = ATT_CM_GREET;
    expect(&prev, &cur, "   12.9 s  mother moves closer and smiles: \"Oh, now you're back!\"\n", 1);
    prev = cur;
    cur.caregiver_mode = ATT_CM_SOOTHE;
    expect(&prev, &cur, "   12.9 s  mother soothes: strokes, hums, speaks softly\n", 1);
    prev = cur;
    cur.caregiver_mode = ATT_CM_COUNT;
    expect(&prev, &cur, "   12.9 s  mother does something unnamed\n", 1);
}
END_TEST

START_TEST(test_infant_behavior_and_affect)
{
    att_step prev = step_at(20.0, 0, "play");
    prev.infant.gaze = ATT_GAZE_AWAY;
    prev.infant.behavior = ATT_IB_LOOK_AWAY;
    att_step cur = prev;
    cur.t = 20.1;
    cur.infant.behavior = ATT_IB_SELF_COMFORT;
    cur.infant.arousal = 0.7;
    expect(&prev, &cur, "   20.1 s  infant sucks its thumb and stares into space, arousal 0.70\n", 1);

    /* Back to plain looking away has no sentence of its own. */
    prev = cur;
    cur.infant.behavior = ATT_IB_ENGAGE;
    expect(&prev, &cur, "", 0);

    prev = step_at(30.0, 0, "play");
    cur = step_at(30.1, 0, "play");
    cur.infant.affect = ATT_AFFECT_POSITIVE;
    expect(&prev, &cur, "   30.1 s  infant smiles\n", 1);

    cur.infant.affect = ATT_AFFECT_NEGATIVE;
    cur.infant.arousal = 0.75;
    expect(&prev, &cur, "   30.1 s  infant's face falls: negative affect, arousal 0.75\n", 1);

    prev = cur;
    cur.infant.affect = ATT_AFFECT_NEUTRAL;
    cur.infant.arousal = 0.5;
    expect(&prev, &cur, "   30.1 s  infant's face relaxes (neutral affect), arousal 0.50\n", 1);

    /* Positive -> neutral is not worth a line. */
    prev.infant.affect = ATT_AFFECT_POSITIVE;
    expect(&prev, &cur, "", 0);
}
END_TEST

START_TEST(test_rupture)
{
    att_step prev = step_at(12.2, 0, "play");
    att_step cur = step_at(12.3, 0, "play");
    cur.infant.gaze = ATT_GAZE_AWAY;
    cur.infant.arousal = 0.81;
    cur.infant_code = ATT_IC_AVERT;
    cur.caregiver_code = ATT_CC_POSITIVE;
    cur.score.kind = ATT_SCORE_RUPTURE;
    cur.score.start = 12.3;
    expect(&prev, &cur,
           "   12.3 s  infant turns away, arousal 0.81\n"
           "   12.3 s  RUPTURE: infant avert vs mother positive\n", 2);
}
END_TEST

START_TEST(test_repair)
{
    att_step prev = step_at(14.5, 0, "play");
    prev.caregiver_mode = ATT_CM_PLAY;
    att_step cur = step_at(14.6, 0, "play");
    cur.caregiver_mode = ATT_CM_WAIT;
    cur.infant_code = ATT_IC_AVERT;
    cur.caregiver_code = ATT_CC_MONITOR;
    cur.score.kind = ATT_SCORE_REPAIR;
    cur.score.start = 12.3;
    cur.score.latency = 2.3;
    expect(&prev, &cur,
           "   14.6 s  mother stops playing, sits back and watches\n"
           "   14.6 s  REPAIR after 2.3 s: infant avert, mother monitor\n", 2);

    /* A censored rupture (end of run) is not narrated. */
    cur.caregiver_mode = prev.caregiver_mode;
    cur.score.kind = ATT_SCORE_CENSORED;
    expect(&prev, &cur, "", 0);
}
END_TEST

START_TEST(test_many_lines)
{
    /* Phase change, mode change, gaze, behaviour, affect and a rupture in
     * one step: six lines, in that order. */
    att_step prev = step_at(59.9, 0, "play");
    att_step cur = step_at(60.0, 1, "still");
    cur.caregiver_mode = ATT_CM_STILL;
    cur.infant.gaze = ATT_GAZE_AWAY;
    cur.infant.behavior = ATT_IB_PROTEST_PUSH;
    cur.infant.affect = ATT_AFFECT_NEGATIVE;
    cur.infant.arousal = 0.9;
    cur.infant_code = ATT_IC_PROTEST;
    cur.caregiver_code = ATT_CC_STILL;
    cur.score.kind = ATT_SCORE_RUPTURE;
    expect(&prev, &cur,
           "   60.0 s  --- phase 'still' begins ---\n"
           "   60.0 s  mother holds a still face: looking, expressionless, silent\n"
           "   60.0 s  infant turns away, arousal 0.90\n"
           "   60.0 s  infant frowns, fusses and pushes at mother's face, arousal 0.90\n"
           "   60.0 s  infant's face falls: negative affect, arousal 0.90\n"
           "   60.0 s  RUPTURE: infant protest vs mother still\n", 6);
}
END_TEST

START_TEST(test_truncation)
{
    static const char full[] =
        "    0.0 s  --- phase 'play' begins ---\n"
        "    0.0 s  mother smiles and plays (\"peek-a-boo!\")\n";
    att_step cur = step_at(0, 0, "play");

    /* Exactly 16 bytes from the heap, so ASan sees any write past them. */
    char *buf = malloc(16);
    ck_assert_ptr_nonnull(buf);
    memset(buf, 'X', 16);
    int n = att_events_describe(NULL, &cur, buf, 16);
    ck_assert_int_eq(buf[15], '\0');
    ck_assert_uint_eq(strlen(buf), 15);
    ck_assert_int_eq(strncmp(buf, full, 15), 0);
    ck_assert_int_ge(n, 0);
    ck_assert_int_le(n, 2);
    free(buf);

    /* Every size from 1 to the full length: always a NUL-terminated prefix
     * of the full text, never a byte beyond the buffer. */
    for (size_t cap = 1; cap <= sizeof full; cap++) {
        buf = malloc(cap);
        ck_assert_ptr_nonnull(buf);
        memset(buf, 'X', cap);
        att_events_describe(NULL, &cur, buf, cap);
        ck_assert_msg(memchr(buf, '\0', cap) != NULL, "cap %zu: no NUL", cap);
        size_t len = strlen(buf);
        ck_assert_msg(len < cap, "cap %zu: length %zu", cap, len);
        ck_assert_msg(strncmp(buf, full, len) == 0, "cap %zu: '%s' is not a prefix", cap, buf);
        free(buf);
    }

    /* The whole text needs sizeof full bytes: then it is complete. */
    buf = malloc(sizeof full);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(att_events_describe(NULL, &cur, buf, sizeof full), 2);
    ck_assert_str_eq(buf, full);
    free(buf);

    /* cap 0 writes nothing at all. */
    char guard = 'G';
    att_events_describe(NULL, &cur, &guard, 0);
    ck_assert_int_eq(guard, 'G');
}
END_TEST

/* Protest under intrusion with a positive or neutral face is no frown. */
START_TEST(test_protest_face)
{
    att_step prev = step_at(15.2, 0, "session");
    prev.infant.gaze = ATT_GAZE_AWAY;
    att_step cur = prev;
    cur.t = 15.3;
    cur.infant.behavior = ATT_IB_PROTEST_PUSH;
    cur.infant.arousal = 0.67;
    cur.infant.affect = prev.infant.affect = ATT_AFFECT_POSITIVE;
    expect(&prev, &cur, "   15.3 s  infant pushes her away, still smiling, arousal 0.67\n", 1);
    cur.infant.affect = prev.infant.affect = ATT_AFFECT_NEUTRAL;
    expect(&prev, &cur, "   15.3 s  infant pushes her away, face neutral, arousal 0.67\n", 1);
    cur.infant.behavior = ATT_IB_PROTEST_FUSS;
    expect(&prev, &cur, "   15.3 s  infant squirms and resists her, face neutral, arousal 0.67\n", 1);
    cur.infant.affect = prev.infant.affect = ATT_AFFECT_POSITIVE;
    expect(&prev, &cur, "   15.3 s  infant squirms and resists her, still smiling, arousal 0.67\n", 1);
    cur.infant.affect = prev.infant.affect = ATT_AFFECT_NEGATIVE;
    expect(&prev, &cur, "   15.3 s  infant frowns and fusses, arousal 0.67\n", 1);
}
END_TEST

/* "Now you're back" only to an infant looking at her; her noticing names
 * what the infant shows at that step. */
START_TEST(test_greeting_and_noticing)
{
    att_step prev = step_at(15.4, 0, "session");
    prev.caregiver_mode = ATT_CM_LOOM;
    att_step cur = step_at(15.5, 0, "session");
    cur.caregiver_mode = ATT_CM_GREET;
    cur.infant.gaze = prev.infant.gaze = ATT_GAZE_AWAY;
    expect(&prev, &cur, "   15.5 s  mother smiles in greeting, but the infant is turned away "
           "(she saw a glance late, or misread him)\n", 1);

    prev.caregiver_mode = ATT_CM_WAIT;
    cur.caregiver_mode = ATT_CM_NOTICE;
    cur.infant_code = ATT_IC_PROTEST;
    expect(&prev, &cur, "   15.5 s  mother notices the infant's protest\n", 1);
    cur.infant_code = ATT_IC_WITHDRAWN;
    expect(&prev, &cur, "   15.5 s  mother notices the infant has withdrawn\n", 1);
    /* a fuss or push turned away is coded withdrawn, and told as what it is */
    cur.infant.behavior = prev.infant.behavior = ATT_IB_PROTEST_FUSS;
    expect(&prev, &cur, "   15.5 s  mother notices him resisting her, turned away\n", 1);
    cur.infant.behavior = prev.infant.behavior = ATT_IB_PROTEST_PUSH;
    expect(&prev, &cur, "   15.5 s  mother notices him resisting her, turned away\n", 1);
    cur.infant.behavior = prev.infant.behavior = ATT_IB_ENGAGE;
    cur.infant.affect = prev.infant.affect = ATT_AFFECT_NEGATIVE;
    expect(&prev, &cur, "   15.5 s  mother notices the infant's distress\n", 1);
    cur.infant.affect = prev.infant.affect = ATT_AFFECT_NEUTRAL;
    cur.infant_code = ATT_IC_AVERT;
    expect(&prev, &cur, "   15.5 s  mother turns to repair, but the infant has already settled "
           "(she saw it late, or misread)\n", 1);
}
END_TEST

/* Her reconnection opening a mismatch is told as her repair attempt, with
 * the scorer's view; the same codes opened by the infant are a RUPTURE. */
START_TEST(test_repair_attempt_opens_mismatch)
{
    att_step prev = step_at(8.7, 0, "session");
    prev.caregiver_mode = ATT_CM_NOTICE;
    prev.caregiver_code = ATT_CC_MONITOR;
    prev.infant_code = ATT_IC_MONITOR;
    att_step cur = step_at(8.8, 0, "session");
    cur.caregiver_mode = ATT_CM_RECONNECT;
    cur.caregiver_code = ATT_CC_SOOTHE;
    cur.infant_code = ATT_IC_MONITOR;
    cur.score.kind = ATT_SCORE_RUPTURE;
    cur.score.start = 8.8;
    expect(&prev, &cur, "    8.8 s  mother reaches out softly to repair; their codes do not match "
           "yet (infant monitor vs mother soothe): scored as a rupture from here\n", 1);

    /* Soothing already, the infant turns away: his change, a RUPTURE. */
    prev = cur;
    prev.caregiver_mode = cur.caregiver_mode = ATT_CM_SOOTHE;
    prev.score.kind = ATT_SCORE_NONE;
    cur.t = 9.9;
    cur.infant.gaze = ATT_GAZE_AWAY;
    cur.infant.arousal = 0.5;
    cur.infant_code = ATT_IC_AVERT;
    expect(&prev, &cur, "    9.9 s  infant turns away, arousal 0.50\n"
           "    9.9 s  RUPTURE: infant avert vs mother soothe\n", 2);
}
END_TEST

/* Each session of a timeline is announced at its first step, with its day
 * when sessions are whole days apart; a single run is not. */
START_TEST(test_sessions)
{
    att_step cur = step_at(0, 0, "play");
    cur.session = 3;
    cur.sessions = 30;
    cur.interval = 86400;
    expect(NULL, &cur,
           "    0.0 s  --- session 3 of 30, day 3: the clock restarts at 0.0 s ---\n"
           "    0.0 s  --- phase 'play' begins ---\n"
           "    0.0 s  mother smiles and plays (\"peek-a-boo!\")\n", 3);
    /* The previous session's last step does not count as a previous step. */
    att_step prev = step_at(179.9, 0, "play");
    prev.session = 2;
    prev.sessions = 30;
    prev.interval = 86400;
    expect(&prev, &cur,
           "    0.0 s  --- session 3 of 30, day 3: the clock restarts at 0.0 s ---\n"
           "    0.0 s  --- phase 'play' begins ---\n"
           "    0.0 s  mother smiles and plays (\"peek-a-boo!\")\n", 3);
    cur.session = 1;
    cur.interval = 2 * 86400;
    expect(NULL, &cur,
           "    0.0 s  --- session 1 of 30, day 1: the clock starts at 0.0 s ---\n"
           "    0.0 s  --- phase 'play' begins ---\n"
           "    0.0 s  mother smiles and plays (\"peek-a-boo!\")\n", 3);
    cur.session = 4;  /* two days apart: day 1 + 3 * 2 */
    expect(NULL, &cur,
           "    0.0 s  --- session 4 of 30, day 7: the clock restarts at 0.0 s ---\n"
           "    0.0 s  --- phase 'play' begins ---\n"
           "    0.0 s  mother smiles and plays (\"peek-a-boo!\")\n", 3);
    cur.interval = 3600;  /* not whole days: no day named */
    expect(NULL, &cur,
           "    0.0 s  --- session 4 of 30: the clock restarts at 0.0 s ---\n"
           "    0.0 s  --- phase 'play' begins ---\n"
           "    0.0 s  mother smiles and plays (\"peek-a-boo!\")\n", 3);
}
END_TEST

Suite *suite_events(void)
{
    Suite *s = suite_create("events");
    TCase *tc = tcase_create("describe");
    tcase_add_test(tc, test_first_step);
    tcase_add_test(tc, test_nothing_changed);
    tcase_add_test(tc, test_infant_turns_away);
    tcase_add_test(tc, test_time_prefix);
    tcase_add_test(tc, test_mother_looms);
    tcase_add_test(tc, test_infant_behavior_and_affect);
    tcase_add_test(tc, test_rupture);
    tcase_add_test(tc, test_repair);
    tcase_add_test(tc, test_many_lines);
    tcase_add_test(tc, test_truncation);
    tcase_add_test(tc, test_protest_face);
    tcase_add_test(tc, test_greeting_and_noticing);
    tcase_add_test(tc, test_repair_attempt_opens_mismatch);
    tcase_add_test(tc, test_sessions);
    suite_add_tcase(s, tc);
    return s;
}
