/* Plain-language event log: turns changes between steps into sentences,
 * each true of the step (the trace row) at its time: a frown, a fuss or a
 * cry only with negative affect, a greeting "now you're back" only to an
 * infant looking at her, a repair gesture never headlined as a RUPTURE,
 * each session of a timeline announced (docs/MODEL.md, "The event log"). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include "attune/events.h"

typedef struct {
    char *buf;
    size_t cap, len;
    int lines;
    double t;
} log_buf;

static void say(log_buf *lb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(log_buf *lb, const char *fmt, ...)
{
    if (lb->len + 1 >= lb->cap)
        return;
    int n = snprintf(lb->buf + lb->len, lb->cap - lb->len, "%7.1f s  ", lb->t);
    if (n > 0)
        lb->len = lb->len + (size_t)n < lb->cap ? lb->len + (size_t)n : lb->cap - 1;
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(lb->buf + lb->len, lb->cap - lb->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        lb->len = lb->len + (size_t)n < lb->cap ? lb->len + (size_t)n : lb->cap - 1;
    if (lb->len + 1 < lb->cap) {
        lb->buf[lb->len++] = '\n';
        lb->buf[lb->len] = '\0';
    }
    lb->lines++;
}

/* The infant's new behaviour as an observer sees it, or NULL for those the
 * gaze sentence already tells (engage, look-away).  Protest under
 * intrusion can come with a positive or neutral face (models/infant.c):
 * then it is resisting or pushing, not frowning or fussing. */
static const char *infant_act(const att_infant_state *s)
{
    int neg = s->affect == ATT_AFFECT_NEGATIVE, pos = s->affect == ATT_AFFECT_POSITIVE;
    switch (s->behavior) {
    case ATT_IB_BID_REACH: return "infant reaches out to mother";
    case ATT_IB_BID_POINT: return "infant points, looking at mother";
    case ATT_IB_BID_VOCALISE: return "infant vocalises to mother";
    case ATT_IB_PROTEST_FUSS:
        return neg ? "infant frowns and fusses"
             : pos ? "infant squirms and resists her, still smiling"
                   : "infant squirms and resists her, face neutral";
    case ATT_IB_PROTEST_PUSH:
        return neg ? "infant frowns, fusses and pushes at mother's face"
             : pos ? "infant pushes her away, still smiling"
                   : "infant pushes her away, face neutral";
    case ATT_IB_SELF_COMFORT: return "infant sucks its thumb and stares into space";
    case ATT_IB_WITHDRAWAL: return "infant slumps and withdraws";
    case ATT_IB_DISTRESS: return neg ? "infant cries" : "infant is overwhelmed";
    default: return NULL;
    }
}

/* Her new mode (`prev`: the step before, or NULL); the greeting and the
 * noticing say what the infant is doing when she perceived something else
 * (she sees late, and misreads). */
static const char *mother_act(const att_step *prev, const att_step *cur)
{
    const att_infant_state *s = &cur->infant;
    switch (cur->caregiver_mode) {
    case ATT_CM_PLAY: return "mother smiles and plays (\"peek-a-boo!\")";
    case ATT_CM_WAIT:
        return prev && prev->caregiver_mode == ATT_CM_PLAY
            ? "mother stops playing, sits back and watches" : "mother sits back and watches";
    case ATT_CM_GREET:
        return s->gaze == ATT_GAZE_AT
            ? "mother moves closer and smiles: \"Oh, now you're back!\""
            : "mother smiles in greeting, but the infant is turned away (she saw a "
              "glance late, or misread him)";
    case ATT_CM_LOOM: return "mother leans in and clicks her tongue";
    case ATT_CM_STILL: return "mother holds a still face: looking, expressionless, silent";
    case ATT_CM_DISENGAGED: return "mother looks away, flat";
    case ATT_CM_NOTICE:
        /* a protest turned away is coded withdrawn (3.1), but it is a
         * protest she notices, not a withdrawal */
        return s->affect == ATT_AFFECT_NEGATIVE ? "mother notices the infant's distress"
             : cur->infant_code == ATT_IC_PROTEST ? "mother notices the infant's protest"
             : s->behavior == ATT_IB_PROTEST_FUSS || s->behavior == ATT_IB_PROTEST_PUSH
                 ? "mother notices him resisting her, turned away"
             : cur->infant_code == ATT_IC_WITHDRAWN ? "mother notices the infant has withdrawn"
             : "mother turns to repair, but the infant has already settled (she saw it "
               "late, or misread)";
    case ATT_CM_RECONNECT: return "mother reaches out softly to repair";
    case ATT_CM_SOOTHE: return "mother soothes: strokes, hums, speaks softly";
    default: return "mother does something unnamed";
    }
}

static int in_repair(att_care_mode m)
{
    return m == ATT_CM_NOTICE || m == ATT_CM_RECONNECT || m == ATT_CM_SOOTHE;
}

/* "--- session 3 of 30, day 3: ... ---" at a session's first step. */
static void session_line(log_buf *lb, const att_step *cur)
{
    char day[48] = "";
    double days = cur->interval / 86400.0;
    if (days >= 1 && days == floor(days) && days < 1e6)
        snprintf(day, sizeof day, ", day %.0f", 1 + (double)(cur->session - 1) * days);
    say(lb, "--- session %ld of %ld%s: %s ---", cur->session, cur->sessions, day,
        cur->session == 1 ? "the clock starts at 0.0 s" : "the clock restarts at 0.0 s");
}

int att_events_describe(const att_step *prev, const att_step *cur, char *buf, size_t cap)
{
    log_buf lb = { buf, cap, 0, 0, cur->t };
    if (cap)
        buf[0] = '\0';
    const att_infant_state *now = &cur->infant;
    if (prev && prev->session != cur->session)
        prev = NULL;  /* a new session starts afresh */
    const char *ic = att_infant_code_name(cur->infant_code);
    const char *cc = att_caregiver_code_name(cur->caregiver_code);
    int mother_changed = !prev || prev->caregiver_mode != cur->caregiver_mode;
    /* A mismatch opened by her turning to repair is told with her gesture. */
    int repair_opens = cur->score.kind == ATT_SCORE_RUPTURE && mother_changed
        && in_repair(cur->caregiver_mode);

    if (!prev && cur->sessions > 1)
        session_line(&lb, cur);
    if (!prev || prev->phase != cur->phase)
        say(&lb, "--- phase '%s' begins ---", cur->phase_name);
    if (repair_opens)
        say(&lb, "%s; their codes do not match yet (infant %s vs mother %s): scored as a "
            "rupture from here", mother_act(prev, cur), ic, cc);
    else if (mother_changed)
        say(&lb, "%s", mother_act(prev, cur));
    if (prev && prev->infant.gaze != now->gaze)
        say(&lb, now->gaze == ATT_GAZE_AWAY ? "infant turns away, arousal %.2f"
                                            : "infant looks back at mother, arousal %.2f",
            now->arousal);
    if (prev && prev->infant.behavior != now->behavior && infant_act(now))
        say(&lb, "%s, arousal %.2f", infant_act(now), now->arousal);
    else if (prev && prev->infant.behavior == ATT_IB_WITHDRAWAL && now->behavior != ATT_IB_WITHDRAWAL
             && prev->infant.gaze == now->gaze)
        say(&lb, "infant comes out of withdrawal, still turned away, arousal %.2f", now->arousal);
    if (prev && prev->infant.affect != now->affect) {
        if (now->affect == ATT_AFFECT_POSITIVE)
            say(&lb, "infant smiles");
        else if (now->affect == ATT_AFFECT_NEGATIVE)
            say(&lb, "infant's face falls: negative affect, arousal %.2f", now->arousal);
        else if (prev->infant.affect == ATT_AFFECT_NEGATIVE)
            say(&lb, "infant's face relaxes (neutral affect), arousal %.2f", now->arousal);
    }
    if (cur->score.kind == ATT_SCORE_RUPTURE && !repair_opens)
        say(&lb, "RUPTURE: infant %s vs mother %s", ic, cc);
    else if (cur->score.kind == ATT_SCORE_REPAIR)
        say(&lb, "REPAIR after %.1f s: infant %s, mother %s", cur->score.latency, ic, cc);
    return lb.lines;
}
