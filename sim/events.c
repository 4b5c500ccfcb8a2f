/* Plain-language event log: turns changes between steps into sentences. */
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

static const char *infant_act(att_infant_behavior b)
{
    switch (b) {
    case ATT_IB_BID_REACH: return "infant reaches out to mother";
    case ATT_IB_BID_POINT: return "infant points, looking at mother";
    case ATT_IB_BID_VOCALISE: return "infant vocalises to mother";
    case ATT_IB_PROTEST_FUSS: return "infant frowns and fusses";
    case ATT_IB_PROTEST_PUSH: return "infant frowns, fusses and pushes at mother's face";
    case ATT_IB_SELF_COMFORT: return "infant sucks its thumb and stares into space";
    case ATT_IB_WITHDRAWAL: return "infant slumps and withdraws";
    case ATT_IB_DISTRESS: return "infant cries";
    default: return NULL;
    }
}

static const char *mother_act(att_care_mode m)
{
    switch (m) {
    case ATT_CM_PLAY: return "mother smiles and plays (\"peek-a-boo!\")";
    case ATT_CM_WAIT: return "mother stops playing, sits back and watches";
    case ATT_CM_GREET: return "mother moves closer and smiles: \"Oh, now you're back!\"";
    case ATT_CM_LOOM: return "mother leans in and clicks her tongue";
    case ATT_CM_STILL: return "mother holds a still face: looking, expressionless, silent";
    case ATT_CM_DISENGAGED: return "mother looks away, flat";
    case ATT_CM_NOTICE: return "mother notices the infant's distress";
    case ATT_CM_RECONNECT: return "mother reaches out softly to reconnect";
    case ATT_CM_SOOTHE: return "mother soothes: strokes, hums, speaks softly";
    default: return "mother does something unnamed";
    }
}

int att_events_describe(const att_step *prev, const att_step *cur, char *buf, size_t cap)
{
    log_buf lb = { buf, cap, 0, 0, cur->t };
    if (cap)
        buf[0] = '\0';
    const att_infant_state *now = &cur->infant;

    if (!prev || prev->phase != cur->phase)
        say(&lb, "--- phase '%s' begins ---", cur->phase_name);
    if (!prev || prev->caregiver_mode != cur->caregiver_mode)
        say(&lb, "%s", mother_act(cur->caregiver_mode));
    if (prev && prev->infant.gaze != now->gaze)
        say(&lb, now->gaze == ATT_GAZE_AWAY ? "infant turns away, arousal %.2f"
                                            : "infant looks back at mother, arousal %.2f",
            now->arousal);
    if (prev && prev->infant.behavior != now->behavior && infant_act(now->behavior))
        say(&lb, "%s, arousal %.2f", infant_act(now->behavior), now->arousal);
    if (prev && prev->infant.affect != now->affect) {
        if (now->affect == ATT_AFFECT_POSITIVE)
            say(&lb, "infant smiles");
        else if (now->affect == ATT_AFFECT_NEGATIVE)
            say(&lb, "infant's face falls: negative affect, arousal %.2f", now->arousal);
        else if (prev->infant.affect == ATT_AFFECT_NEGATIVE)
            say(&lb, "infant calms (neutral), arousal %.2f", now->arousal);
    }
    if (cur->score.kind == ATT_SCORE_RUPTURE)
        say(&lb, "RUPTURE: infant %s vs mother %s", att_infant_code_name(cur->infant_code),
            att_caregiver_code_name(cur->caregiver_code));
    else if (cur->score.kind == ATT_SCORE_REPAIR)
        say(&lb, "REPAIR after %.1f s: infant %s, mother %s", cur->score.latency,
            att_infant_code_name(cur->infant_code), att_caregiver_code_name(cur->caregiver_code));
    return lb.lines;
}
