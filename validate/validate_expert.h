/* The per-infant measurements of the `expert` validation group
 * (validate/validate_expert.c): accumulators fed one step at a time that
 * write one row of numbers, kept apart from the simulation so that tests
 * can feed them hand-made steps (docs/VALIDATION.md, "expert"). */
#ifndef ATT_VALIDATE_EXPERT_H
#define ATT_VALIDATE_EXPERT_H

#include "attune/sim.h"
#include "attune/validate.h"

#pragma GCC visibility push(hidden)

/* Windows of the still face, s: its first 15 s and its last 60 s. */
#define ATT_XS_EARLY_S 15.0
#define ATT_XS_LATE_S 60.0
/* Coordination is coded once per second, as observers code it (as the
 * play group does): the step at the start of each second. */
#define ATT_XS_CODE_S 1.0
/* A smile shorter than this is one an observer coding each second may not
 * code (docs/VALIDATION.md, expert.play_smile_short). */
#define ATT_XS_SMILE_S 1.0

/* One still-face session (play, still face, reunion), per infant.  Shares
 * are of the steps in a window; "any" columns are 1 when the behaviour
 * occurs at some step of the window, else 0; rates are per minute of the
 * window.  NaN where a value does not exist (an empty window). */
enum {
    XS_PLAY_GAZE,       /* play: share gazing at her (gaze state) */
    XS_PLAY_POS,        /* play: share with positive affect (smiling, any gaze) */
    XS_PLAY_NEG,        /* play: share with negative affect */
    XS_PLAY_AVERT_PM,   /* play: onsets of gaze away per minute */
    XS_PLAY_GREET_PM,   /* play: onsets of her greeting (mode greet) per minute */
    XS_PLAY_MOM_PLAYS,  /* play: share of steps with her mode play */
    XS_PLAY_CRY,        /* play: cries (behaviour distress) at some step */
    XS_KNOWN1,          /* play, 1-s grid: miscoordinated bouts whose "within 1 s" is known */
    XS_WITHIN1,         /* ... of them ended within 1 s (at the next coded second) */
    XS_KNOWN3,
    XS_WITHIN3,         /* ... ended within 3 s */
    XS_SF_GAZE,         /* still face: shares, as in play */
    XS_SF_POS,
    XS_SF_NEG,
    XS_SF_CRY,          /* still face: cries at some step */
    XS_SF_WITHDRAW,     /* still face: withdraws (behaviour withdrawal) at some step */
    XS_EARLY_GAZE,      /* still face, first 15 s: gaze share */
    XS_EARLY_NEG,       /* ... negative share */
    XS_LATE_GAZE,       /* still face, last 60 s: gaze share */
    XS_LATE_NEG,
    XS_RU_GAZE,         /* reunion: shares */
    XS_RU_POS,
    XS_RU_NEG,
    XS_RU_CRY,
    XS_RU_WITHDRAW,
    XS_GAZE_DROP_EARLY, /* play gaze - first-15-s gaze */
    XS_GAZE_DROP_LATE,  /* play gaze - last-60-s gaze */
    XS_NEG_RISE_EARLY,  /* first-15-s negative - play negative */
    XS_NEG_RISE_LATE,   /* last-60-s negative - play negative */
    XS_SF_GAZE_REPORTED,    /* still face: the scorer's infant_gaze_prop (from codes) */
    XS_PLAY_POS_REPORTED,   /* play: the scorer's infant_positive_prop */
    XS_GAZE_MEASURE,    /* XS_SF_GAZE_REPORTED - XS_SF_GAZE */
    XS_PLAY_POS_AT,     /* play: share smiling while gazing at her (social positive) */
    XS_POS_MEASURE,     /* XS_PLAY_POS_REPORTED - XS_PLAY_POS_AT (the rule of
                         * docs/MODEL.md 3.1: positive is a smile at her) */
    XS_SMILES,          /* play: smiles (runs of positive affect, any gaze, at the
                         * step) whose "under 1 s" is known */
    XS_SMILES_SHORT,    /* ... of them lasted under 1 s */
    XS_SF_CRY_FIRST,    /* still face, first half (its first still_steps / 2
                         * steps): cries at some step */
    XS_SF_CRY_SECOND,   /* ... second half (the other steps) */
    XS_PLAY_NEG_CODED,  /* play: share coded protest or withdrawn (the observer's
                         * negative, docs/MODEL.md 3.1: what the scorer and the fit count) */
    XS_SF_NEG_CODED,    /* ... in the still face */
    XS_RU_NEG_CODED,    /* ... in the reunion */
    XS_NCOLS
};

/* Counts over one window of steps. */
typedef struct att_xs_window {
    long steps, gaze, pos, pos_at, neg, neg_coded;
    int cry, withdraw;
} att_xs_window;

enum {
    ATT_XS_PLAY, ATT_XS_STILL, ATT_XS_EARLY, ATT_XS_LATE, ATT_XS_REUNION,
    ATT_XS_FIRST_HALF, ATT_XS_SECOND_HALF,   /* of the still face */
    ATT_XS_NWIN
};

typedef struct att_xs {
    int phase[3];             /* indices of play, still face, reunion */
    double dt;                /* s */
    long still_steps, early_steps, late_steps;
    att_xs_window w[ATT_XS_NWIN];
    long in_phase;            /* the step's index within its phase */
    int cur_phase;            /* -1 before the first step */
    int prev_gaze, prev_greet;/* in play, the previous step's; -1 at its start */
    long averts, greets, mom_plays;
    double play_end;          /* s, end of the last coded second of play */
    att_bouts miscoord;
    double known1, within1, known3, within3;
    att_bouts smile;          /* play, at every step: runs of positive affect */
    double play_last;         /* s, the end of play's last step seen */
    double smiles, smiles_short;
} att_xs;

/* Starts a session whose phases play, still face and reunion have indices
 * play, still and reunion; still_steps is the still face's length in steps
 * and dt the step (s).  The first 15 s are the still face's first
 * lround(15 / dt) steps, the last 60 s its last lround(60 / dt). */
void att_xs_begin(att_xs *x, int play, int still, int reunion, long still_steps, double dt);
/* Feeds one step; `coordinated` says whether infant and mother are in the
 * same state (the same-state table), read only for play. */
void att_xs_push(att_xs *x, const att_step *st, int coordinated);
/* Writes the row (XS_NCOLS numbers); sf_gaze_reported and
 * play_pos_reported are the scorer's shares for the still face and play
 * (NaN when unknown).  Cannot fail. */
void att_xs_end(const att_xs *x, double sf_gaze_reported, double play_pos_reported, double *row);

/* One peek-a-boo session (the intrusive mother), per infant.  A protest is
 * behaviour fuss or push; an onset is a step protesting after one not. */
enum {
    XP_PUSH,            /* pushes at her (behaviour push) at some step */
    XP_PROTEST_PM,      /* protest onsets per minute */
    XP_PROTEST,         /* share of steps protesting */
    XP_GAZE,            /* share gazing at her (gaze state) */
    XP_GAZE_REPORTED,   /* the scorer's infant_gaze_prop (from codes) */
    XP_GAZE_MEASURE,    /* XP_GAZE_REPORTED - XP_GAZE */
    XP_PUSH_AFTER_S,    /* s her looming (mode loom) had lasted without a
                         * break when the protest bout of the first push
                         * began, that step included (she may stop looming
                         * during the bout: she notices it); NaN when the
                         * infant never pushes */
    XP_PUSH_FUSSED,     /* 1 when the infant had fussed for 1 s or more in
                         * all before its first push (what an observer
                         * coding each second could see as fussing
                         * first), else 0; NaN when it never pushes */
    XP_NCOLS
};

typedef struct att_xp {
    double dt;
    long steps, protest, onsets, gaze;
    int pushed, prev;         /* prev: the previous step protested */
    long loom_run;            /* steps of her looming without a break, to this one */
    long bout_loom;           /* loom_run at the onset of the current protest bout */
    long fuss_steps;          /* steps of fussing so far */
    long push_after;          /* bout_loom at the first push; -1 before it */
    int push_fussed;          /* 1 s or more of fussing before the first push */
} att_xp;

void att_xp_begin(att_xp *x, double dt);
void att_xp_push(att_xp *x, const att_step *st);
void att_xp_end(const att_xp *x, double gaze_reported, double *row);

#pragma GCC visibility pop

#endif
