/* Per-infant measurements of the `expert` validation group, computed from
 * the steps as they come (validate/validate_expert.h): shares of the
 * infant's true states per window, onsets per minute, the still face's
 * first 15 s and last 60 s, and coordination coded once per second. */
#include <math.h>
#include <string.h>
#include "validate/validate_expert.h"

/* Slack for comparing sums of dt with whole seconds. */
#define EPS 1e-9

void att_xs_begin(att_xs *x, int play, int still, int reunion, long still_steps, double dt)
{
    memset(x, 0, sizeof *x);
    x->phase[0] = play;
    x->phase[1] = still;
    x->phase[2] = reunion;
    x->dt = dt;
    x->still_steps = still_steps;
    x->early_steps = lround(ATT_XS_EARLY_S / dt);
    x->late_steps = lround(ATT_XS_LATE_S / dt);
    x->cur_phase = -1;
    x->prev_gaze = x->prev_greet = -1;
    att_bouts_begin(&x->miscoord);
    att_bouts_begin(&x->smile);
}

static void count(att_xs_window *w, const att_step *st)
{
    w->steps++;
    w->gaze += st->infant.gaze == ATT_GAZE_AT;
    w->pos += st->infant.affect == ATT_AFFECT_POSITIVE;
    w->pos_at += st->infant.affect == ATT_AFFECT_POSITIVE && st->infant.gaze == ATT_GAZE_AT;
    w->neg += st->infant.affect == ATT_AFFECT_NEGATIVE;
    w->neg_coded += st->infant_code == ATT_IC_PROTEST || st->infant_code == ATT_IC_WITHDRAWN;
    w->cry |= st->infant.behavior == ATT_IB_DISTRESS;
    w->withdraw |= st->infant.behavior == ATT_IB_WITHDRAWAL;
}

/* A miscoordinated bout of `len` s, or one censored at `len` s (the play
 * group's rule: a censored bout is known not to end within k s once it has
 * lasted k s; a shorter one is left out). */
static void count_bout(att_xs *x, double len, int censored)
{
    double *known[2] = { &x->known1, &x->known3 }, *within[2] = { &x->within1, &x->within3 };
    static const double k[2] = { 1.0, 3.0 };
    for (int i = 0; i < 2; i++) {
        if (!censored) {
            (*known[i])++;
            *within[i] += len <= k[i] + EPS;
        } else if (len >= k[i] - EPS) {
            (*known[i])++;
        }
    }
}

/* 1 when t is the start of a coded second (within half a step). */
static int on_grid(double t, double dt)
{
    double k = floor(t / ATT_XS_CODE_S + 0.5);
    return fabs(t - k * ATT_XS_CODE_S) < 0.5 * dt;
}

/* A smile of `len` s, or one still on at the end of play (censored): known
 * to be short only when it ended under ATT_XS_SMILE_S, known not to be
 * once it has lasted that long. */
static void count_smile(att_xs *x, double len, int censored)
{
    int long_enough = len >= ATT_XS_SMILE_S - EPS;
    if (censored && !long_enough)
        return;
    x->smiles++;
    x->smiles_short += !long_enough;
}

static void push_play(att_xs *x, const att_step *st, int coordinated)
{
    double smile_len;
    if (att_bouts_push(&x->smile, st->t, st->infant.affect == ATT_AFFECT_POSITIVE, &smile_len))
        count_smile(x, smile_len, 0);
    x->play_last = st->t + x->dt;
    int away = st->infant.gaze == ATT_GAZE_AWAY, greet = st->caregiver_mode == ATT_CM_GREET;
    x->averts += away && x->prev_gaze == ATT_GAZE_AT;
    x->greets += greet && x->prev_greet == 0;
    x->mom_plays += st->caregiver_mode == ATT_CM_PLAY;
    x->prev_gaze = st->infant.gaze;
    x->prev_greet = greet;
    if (on_grid(st->t, x->dt)) {
        double len;
        x->play_end = st->t + ATT_XS_CODE_S;
        if (att_bouts_push(&x->miscoord, st->t, !coordinated, &len))
            count_bout(x, len, 0);
    }
}

void att_xs_push(att_xs *x, const att_step *st, int coordinated)
{
    x->in_phase = st->phase == x->cur_phase ? x->in_phase + 1 : 0;
    x->cur_phase = st->phase;
    if (st->phase == x->phase[0]) {
        count(&x->w[ATT_XS_PLAY], st);
        push_play(x, st, coordinated);
    } else if (st->phase == x->phase[1]) {
        count(&x->w[ATT_XS_STILL], st);
        if (x->in_phase < x->early_steps)
            count(&x->w[ATT_XS_EARLY], st);
        if (x->in_phase >= x->still_steps - x->late_steps)
            count(&x->w[ATT_XS_LATE], st);
        count(&x->w[x->in_phase < x->still_steps / 2 ? ATT_XS_FIRST_HALF : ATT_XS_SECOND_HALF],
              st);
    } else if (st->phase == x->phase[2]) {
        count(&x->w[ATT_XS_REUNION], st);
    }
}

static double share(long k, long n)
{
    return n ? (double)k / (double)n : NAN;
}

static double any(const att_xs_window *w, int flag)
{
    return w->steps ? (double)flag : NAN;
}

void att_xs_end(const att_xs *x, double sf_gaze_reported, double play_pos_reported, double *row)
{
    const att_xs_window *p = &x->w[ATT_XS_PLAY], *s = &x->w[ATT_XS_STILL],
                        *e = &x->w[ATT_XS_EARLY], *l = &x->w[ATT_XS_LATE],
                        *r = &x->w[ATT_XS_REUNION];
    double play_min = (double)p->steps * x->dt / 60;
    att_xs tail = *x;   /* the bout open at the end of play, censored */
    double len;
    if (att_bouts_end(&tail.miscoord, tail.play_end, &len))
        count_bout(&tail, len, 1);
    if (att_bouts_end(&tail.smile, tail.play_last, &len))
        count_smile(&tail, len, 1);
    row[XS_PLAY_GAZE] = share(p->gaze, p->steps);
    row[XS_PLAY_POS] = share(p->pos, p->steps);
    row[XS_PLAY_NEG] = share(p->neg, p->steps);
    row[XS_PLAY_AVERT_PM] = p->steps ? (double)x->averts / play_min : NAN;
    row[XS_PLAY_GREET_PM] = p->steps ? (double)x->greets / play_min : NAN;
    row[XS_PLAY_MOM_PLAYS] = share(x->mom_plays, p->steps);
    row[XS_PLAY_CRY] = any(p, p->cry);
    row[XS_KNOWN1] = tail.known1;
    row[XS_WITHIN1] = tail.within1;
    row[XS_KNOWN3] = tail.known3;
    row[XS_WITHIN3] = tail.within3;
    row[XS_SF_GAZE] = share(s->gaze, s->steps);
    row[XS_SF_POS] = share(s->pos, s->steps);
    row[XS_SF_NEG] = share(s->neg, s->steps);
    row[XS_SF_CRY] = any(s, s->cry);
    row[XS_SF_WITHDRAW] = any(s, s->withdraw);
    row[XS_EARLY_GAZE] = share(e->gaze, e->steps);
    row[XS_EARLY_NEG] = share(e->neg, e->steps);
    row[XS_LATE_GAZE] = share(l->gaze, l->steps);
    row[XS_LATE_NEG] = share(l->neg, l->steps);
    row[XS_RU_GAZE] = share(r->gaze, r->steps);
    row[XS_RU_POS] = share(r->pos, r->steps);
    row[XS_RU_NEG] = share(r->neg, r->steps);
    row[XS_RU_CRY] = any(r, r->cry);
    row[XS_RU_WITHDRAW] = any(r, r->withdraw);
    row[XS_GAZE_DROP_EARLY] = row[XS_PLAY_GAZE] - row[XS_EARLY_GAZE];
    row[XS_GAZE_DROP_LATE] = row[XS_PLAY_GAZE] - row[XS_LATE_GAZE];
    row[XS_NEG_RISE_EARLY] = row[XS_EARLY_NEG] - row[XS_PLAY_NEG];
    row[XS_NEG_RISE_LATE] = row[XS_LATE_NEG] - row[XS_PLAY_NEG];
    row[XS_SF_GAZE_REPORTED] = sf_gaze_reported;
    row[XS_PLAY_POS_REPORTED] = play_pos_reported;
    row[XS_GAZE_MEASURE] = sf_gaze_reported - row[XS_SF_GAZE];
    row[XS_PLAY_POS_AT] = share(p->pos_at, p->steps);
    row[XS_POS_MEASURE] = play_pos_reported - row[XS_PLAY_POS_AT];
    row[XS_SMILES] = tail.smiles;
    row[XS_SMILES_SHORT] = tail.smiles_short;
    row[XS_SF_CRY_FIRST] = any(&x->w[ATT_XS_FIRST_HALF], x->w[ATT_XS_FIRST_HALF].cry);
    row[XS_SF_CRY_SECOND] = any(&x->w[ATT_XS_SECOND_HALF], x->w[ATT_XS_SECOND_HALF].cry);
    row[XS_PLAY_NEG_CODED] = share(p->neg_coded, p->steps);
    row[XS_SF_NEG_CODED] = share(s->neg_coded, s->steps);
    row[XS_RU_NEG_CODED] = share(r->neg_coded, r->steps);
}

/* ---- peek-a-boo ----------------------------------------------------------- */

void att_xp_begin(att_xp *x, double dt)
{
    memset(x, 0, sizeof *x);
    x->dt = dt;
    x->push_after = -1;
}

void att_xp_push(att_xp *x, const att_step *st)
{
    att_infant_behavior b = st->infant.behavior;
    int protest = b == ATT_IB_PROTEST_FUSS || b == ATT_IB_PROTEST_PUSH;
    x->onsets += protest && !x->prev;
    x->protest += protest;
    x->loom_run = st->caregiver_mode == ATT_CM_LOOM ? x->loom_run + 1 : 0;
    if (protest && !x->prev)
        x->bout_loom = x->loom_run;
    if (b == ATT_IB_PROTEST_PUSH && !x->pushed) {
        x->push_after = x->bout_loom;
        /* a whole second of fuss: the steps in one second, rounded */
        x->push_fussed = (double)x->fuss_steps * x->dt >= 1.0 - 1e-9;
    }
    x->fuss_steps += b == ATT_IB_PROTEST_FUSS;
    x->pushed |= b == ATT_IB_PROTEST_PUSH;
    x->gaze += st->infant.gaze == ATT_GAZE_AT;
    x->prev = protest;
    x->steps++;
}

void att_xp_end(const att_xp *x, double gaze_reported, double *row)
{
    double minutes = (double)x->steps * x->dt / 60;
    row[XP_PUSH] = x->steps ? (double)x->pushed : NAN;
    row[XP_PROTEST_PM] = x->steps ? (double)x->onsets / minutes : NAN;
    row[XP_PROTEST] = share(x->protest, x->steps);
    row[XP_GAZE] = share(x->gaze, x->steps);
    row[XP_GAZE_REPORTED] = gaze_reported;
    row[XP_GAZE_MEASURE] = gaze_reported - row[XP_GAZE];
    row[XP_PUSH_AFTER_S] = x->pushed ? (double)x->push_after * x->dt : NAN;
    row[XP_PUSH_FUSSED] = x->pushed ? (double)x->push_fussed : NAN;
}
