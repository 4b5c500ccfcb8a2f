/* The online rupture/repair scorer, fed one step at a time.
 *
 * Definitions (docs/SCORING.md): a rupture is a matched step followed by a
 * mismatched one and starts at that mismatched step; a run that begins
 * mismatched has no rupture until it has first been matched.  A repair is
 * the first matched step after a rupture; its latency is the repair step's
 * time minus the rupture's start.  A rupture still open at the end is
 * right-censored at the end time. */
#ifndef ATT_SCORER_H
#define ATT_SCORER_H

typedef enum att_score_kind {
    ATT_SCORE_NONE = 0,
    ATT_SCORE_RUPTURE,   /* a rupture starts at this step */
    ATT_SCORE_REPAIR,    /* this step repairs the open rupture */
    ATT_SCORE_CENSORED   /* from att_scorer_end: the open rupture is censored */
} att_score_kind;

typedef struct att_score_event {
    att_score_kind kind;
    double start;    /* s, the rupture's start */
    double latency;  /* s, for REPAIR and CENSORED */
} att_score_event;

typedef struct att_scorer att_scorer;

/* Returns NULL when out of memory. */
att_scorer *att_scorer_new(void);
void att_scorer_free(att_scorer *sc);
/* Forgets everything (a new run). */
void att_scorer_reset(att_scorer *sc);

/* Feeds the step at time t (s); returns what it started or ended. */
att_score_event att_scorer_push(att_scorer *sc, double t, int matched);

/* Ends the run at time `t_end` (s, the end of the last step): an open rupture
 * comes back as ATT_SCORE_CENSORED with latency t_end - start. */
att_score_event att_scorer_end(att_scorer *sc, double t_end);

long att_scorer_ruptures(const att_scorer *sc);
long att_scorer_repairs(const att_scorer *sc);

#endif
