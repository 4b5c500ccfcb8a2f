/* Online rupture/repair detection (definitions in include/attune/scorer.h). */
#include <stdlib.h>
#include "attune/scorer.h"

struct att_scorer {
    int seen_matched;   /* the run has been matched at least once */
    int open;           /* a rupture is open */
    int prev_matched;
    double start;       /* s, start of the open rupture */
    long ruptures, repairs;
};

att_scorer *att_scorer_new(void)
{
    return calloc(1, sizeof(att_scorer));
}

void att_scorer_free(att_scorer *sc)
{
    free(sc);
}

void att_scorer_reset(att_scorer *sc)
{
    *sc = (att_scorer){ 0 };
}

att_score_event att_scorer_push(att_scorer *sc, double t, int matched)
{
    att_score_event ev = { ATT_SCORE_NONE, 0, 0 };
    if (matched) {
        if (sc->open) {
            ev = (att_score_event){ ATT_SCORE_REPAIR, sc->start, t - sc->start };
            sc->open = 0;
            sc->repairs++;
        }
        sc->seen_matched = 1;
    } else if (sc->seen_matched && sc->prev_matched) {
        sc->open = 1;
        sc->start = t;
        sc->ruptures++;
        ev = (att_score_event){ ATT_SCORE_RUPTURE, t, 0 };
    }
    sc->prev_matched = matched;
    return ev;
}

att_score_event att_scorer_end(att_scorer *sc, double t_end)
{
    att_score_event ev = { ATT_SCORE_NONE, 0, 0 };
    if (sc->open) {
        ev = (att_score_event){ ATT_SCORE_CENSORED, sc->start, t_end - sc->start };
        sc->open = 0;
    }
    return ev;
}

long att_scorer_ruptures(const att_scorer *sc)
{
    return sc->ruptures;
}

long att_scorer_repairs(const att_scorer *sc)
{
    return sc->repairs;
}
