/* The constants of one step of the infant's arousal update (internal
 * header; docs/MODEL.md 2.2), cached on the rate they come from.
 *
 * Arousal relaxes at total rate b = 1/arousal_tau + drives + calming; over
 * a step of dt the exact update needs 1 / b, exp(-b dt) and the SD of the
 * Ornstein-Uhlenbeck increment, noise * sqrt((1 - exp(-b dt)^2) / (2 b)):
 * a divide, an exp and a square root on one dependency chain, the costliest
 * part of a dyad-step (issue 19).  b repeats exactly from step to step
 * whenever its inputs do (a calm infant with a patient partner: about a
 * quarter of the still-face scenario's steps), so they are kept with the
 * b they were computed for and computed again only when b changes.  The
 * expressions are those the update used before, so the results are the
 * same bits (tests/identity.sh). */
#ifndef ATT_INFANT_AROUSAL_H
#define ATT_INFANT_AROUSAL_H

#include <math.h>

typedef struct att_arousal_step {
    double b;       /* the rate they were computed for; NaN: none yet */
    double inv_b;   /* 1 / b */
    double decay;   /* exp(-b dt) */
    double sd;      /* noise * sqrt((1 - decay^2) * 0.5 * inv_b), 0 without noise */
} att_arousal_step;

/* Forgets the constants: dt or arousal_noise has changed (or a new infant). */
static inline void att_arousal_step_clear(att_arousal_step *c)
{
    c->b = NAN;
}

/* The constants for rate b, step dt and noise amplitude `noise` (the
 * latter two fixed since the last att_arousal_step_clear), computed only
 * when b differs from the last call's. */
static inline const att_arousal_step *att_arousal_step_for(att_arousal_step *c, double b,
                                                           double dt, double noise)
{
    if (b != c->b) {
        c->b = b;
        c->inv_b = 1.0 / b;
        c->decay = exp(-b * dt);
        /* exact Ornstein-Uhlenbeck increment: 1 - exp(-2 b dt) = 1 - decay^2 */
        c->sd = noise > 0 ? noise * sqrt((1.0 - c->decay * c->decay) * 0.5 * c->inv_b) : 0;
    }
    return c;
}

#endif
