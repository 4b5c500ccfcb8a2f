/* The online rupture/repair scorer (definitions in include/attune/scorer.h).
 *
 * Times are accumulated in whole microseconds: a step's duration is known
 * only when the next step (or the end) arrives, and integer sums make the
 * online score of a run and the score of its written trace identical. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/scorer.h"
#include "attune/stats.h"
#include "analysis/grid.h"
#include "base/debug.h"
#include "base/grow.h"
#include "base/strmap.h"

enum {
    CLASS_GAZE = ATT_CLASS_GAZE, CLASS_POSITIVE = ATT_CLASS_POSITIVE,
    CLASS_NEGATIVE = ATT_CLASS_NEGATIVE, CLASS_GAP = ATT_CLASS_UNSCORABLE
};

/* A step's time is credited to one cell of its window, indexed by whether
 * it was matched and by the infant code's classes (a step's cell:
 * cell_of): one add a step instead of one per total; the totals a score
 * reports are sums of cells (window_us), exact in whole microseconds. */
#define CELL_MATCHED 8
#define CELLS 16

typedef struct window {
    char *name;
    long long us[CELLS];      /* observed time by cell */
    long transitions, ruptures, repairs;
    long micro, major;        /* ruptures by size (att_rupture_size) */
    long long completed_us;   /* sum of repaired latencies */
    att_tally *tally;
} window;

/* The previous step, whose duration is still open. */
typedef struct prev_step {
    double t;
    int infant, caregiver, matched;
    size_t window;   /* its phase window, 0 when it has no phase */
    long phase_id;   /* the caller's id of its phase, < 0 when none */
    int gap;         /* an unscorable step: its time is not observed, matched is 0 */
} prev_step;

struct att_scorer {
    const att_match_table *mt;
    unsigned char *infant_class;   /* per vocabulary index, CLASS_GAP for unscorable */
    unsigned char *caregiver_gap;  /* per vocabulary index: 1 for unscorable */
    int classes_known;             /* CLASS_* bits with a code in the vocabulary */
    unsigned ninfant, ncaregiver;  /* the table's codes: a step's indices are below */
    att_score_rules rules;
    att_rupture_fn on_rupture;
    void *user;
    char *run;
    window *w;                     /* w[0] is `all` */
    size_t nw, capw;
    att_strmap *phase_index;       /* phase name -> its index in w */
    int have_prev;
    prev_step prev;
    long ruptures, repairs;
    long long min_rupture_us, min_repair_us, unit_us;   /* the rules of this run */
    /* the open rupture */
    int open;
    int confirmed;                 /* counted: its mismatch lasted min_rupture_us */
    double start;
    size_t rupture_window;         /* its phase window, 0 if none */
    int phase_ended;               /* its phase ended at phase_end */
    double phase_end;
    int pending;                   /* a match since pend_t may repair it */
    double pend_t;
    att_repairer pend_by;          /* who changed at pend_t */
    att_rupture rec;
    /* the coding unit's filter: the step in force, not yet passed on */
    long long t0_us;               /* the run's first t */
    struct {
        int have;
        att_score_step step;       /* its phase points to `phase` */
        char *phase;
        size_t phase_cap;
        long phase_id;
        long long first;           /* its first unit */
    } u;
};

void att_score_rules_default(att_score_rules *r)
{
    *r = (att_score_rules){ .major_s = ATT_SCORE_MAJOR_S };
}

att_scorer *att_scorer_new(const att_match_table *mt, att_error *err)
{
    if (!mt) {
        att_error_set(err, ATT_EINPUT, "scorer: no match table");
        return NULL;
    }
    att_scorer *sc = calloc(1, sizeof *sc);
    if (!sc) {
        att_error_nomem(err);
        return NULL;
    }
    att_score_rules_default(&sc->rules);
    int n = att_match_table_infant_count(mt);
    sc->mt = mt;
    sc->ninfant = (unsigned)n;
    sc->ncaregiver = (unsigned)att_match_table_caregiver_count(mt);
    sc->infant_class = calloc((size_t)n + 1, 1);
    sc->caregiver_gap = calloc((size_t)sc->ncaregiver + 1, 1);
    sc->phase_index = att_strmap_new();
    if (!sc->infant_class || !sc->caregiver_gap || !sc->phase_index) {
        free(sc->infant_class);
        free(sc->caregiver_gap);
        att_strmap_free(sc->phase_index);
        free(sc);
        att_error_nomem(err);
        return NULL;
    }
    static const struct { const char *code; int classes; } known[] = {
        { "positive", CLASS_GAZE | CLASS_POSITIVE },
        { "monitor", CLASS_GAZE },
        { "avert", 0 },
        { "protest", CLASS_GAZE | CLASS_NEGATIVE },
        { "withdrawn", CLASS_NEGATIVE },
    };
    for (int i = 0; i < n; i++) {
        const char *name = att_match_table_infant_name(mt, i);
        for (size_t k = 0; k < sizeof known / sizeof *known; k++)
            if (strcmp(name, known[k].code) == 0)
                sc->infant_class[i] = (unsigned char)known[k].classes;
        sc->classes_known |= sc->infant_class[i];
    }
    return sc;
}

int att_scorer_set_scheme(att_scorer *sc, const att_scheme *s, att_error *err)
{
    int n[2] = { att_match_table_infant_count(sc->mt), att_match_table_caregiver_count(sc->mt) };
    int *cls[2] = { calloc((size_t)n[0] + 1, sizeof(int)), calloc((size_t)n[1] + 1, sizeof(int)) };
    int rc = cls[0] && cls[1] ? ATT_OK : att_error_nomem(err);
    for (att_partner p = ATT_INFANT; rc == ATT_OK && p <= ATT_CAREGIVER; p++)
        rc = att_scheme_table_classes(s, sc->mt, p, cls[p], err);
    if (rc == ATT_OK) {   /* everything checked: now change */
        for (int i = 0; i < n[0]; i++)
            sc->infant_class[i] = (unsigned char)cls[0][i];
        for (int i = 0; i < n[1]; i++)
            sc->caregiver_gap[i] = (cls[1][i] & ATT_CLASS_UNSCORABLE) != 0;
        sc->classes_known = att_scheme_known(s, ATT_INFANT) & ~CLASS_GAP;
    }
    free(cls[0]);
    free(cls[1]);
    return rc;
}

static void clear_windows(att_scorer *sc)
{
    for (size_t i = 0; i < sc->nw; i++) {
        free(sc->w[i].name);
        sc->w[i].name = NULL;
    }
    sc->nw = 0;
    att_strmap_clear(sc->phase_index);
}

void att_scorer_free(att_scorer *sc)
{
    if (!sc)
        return;
    clear_windows(sc);
    for (size_t i = 0; i < sc->capw; i++)
        att_tally_free(sc->w[i].tally);
    free(sc->w);
    att_strmap_free(sc->phase_index);
    free(sc->infant_class);
    free(sc->caregiver_gap);
    free(sc->run);
    free(sc->u.phase);
    free(sc);
}

int att_scorer_set_rules(att_scorer *sc, const att_score_rules *r, att_error *err)
{
    static const char *const names[] = { "minimum rupture length", "minimum repair length",
                                         "coding unit", "major threshold" };
    const double v[] = { r->min_rupture_s, r->min_repair_s, r->unit_s, r->major_s };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (!(v[i] >= 0 && v[i] <= ATT_SCORE_RULE_MAX_S))
            return att_error_set(err, ATT_EINPUT, "%s %g s is out of range (0 to %g s)",
                                 names[i], v[i], ATT_SCORE_RULE_MAX_S);
    if (r->unit_s != 0 && !(r->unit_s >= ATT_SCORE_UNIT_MIN_S))
        return att_error_set(err, ATT_EINPUT, "coding unit %g s is too small (0 for none, "
                             "else at least %g s)", r->unit_s, ATT_SCORE_UNIT_MIN_S);
    if (!(r->major_s > 0))
        return att_error_set(err, ATT_EINPUT, "the major threshold must be above 0 s");
    sc->rules = *r;
    return ATT_OK;
}

void att_scorer_on_rupture(att_scorer *sc, att_rupture_fn fn, void *user)
{
    sc->on_rupture = fn;
    sc->user = user;
}

/* Appends a window named `name`, reusing the tally of an earlier run. */
static int add_window(att_scorer *sc, const char *name, size_t *index, att_error *err)
{
    if (att_grow(&sc->w, &sc->capw, sc->nw + 1, sizeof *sc->w, err) != ATT_OK)
        return ATT_ENOMEM;   /* new windows are zeroed: no tally yet */
    window *w = &sc->w[sc->nw];
    att_tally *tally = w->tally ? w->tally : att_tally_new(err);
    char *copy = strdup(name);
    if (!tally || !copy) {
        free(copy);
        w->tally = tally;
        return att_error_nomem(err);
    }
    att_tally_clear(tally);
    *w = (window){ .name = copy, .tally = tally };
    *index = sc->nw++;
    return ATT_OK;
}

int att_scorer_begin(att_scorer *sc, const char *run, att_error *err)
{
    clear_windows(sc);
    free(sc->run);
    sc->run = strdup(run ? run : "");
    sc->have_prev = 0;
    sc->open = sc->pending = 0;
    sc->u.have = 0;
    sc->ruptures = sc->repairs = 0;
    sc->min_rupture_us = att_us(sc->rules.min_rupture_s);
    sc->min_repair_us = att_us(sc->rules.min_repair_s);
    sc->unit_us = att_us(sc->rules.unit_s);
    if (!sc->run)
        return att_error_nomem(err);
    size_t all;
    return add_window(sc, ATT_SCORE_ALL, &all, err);
}

/* The window of `phase` (whose caller's id is `id`, < 0 for none), created
 * on first sight; 0 (`all` only) when the step has no phase. */
static int phase_window(att_scorer *sc, const char *phase, long id, size_t *index,
                        att_error *err)
{
    *index = 0;
    if (id >= 0 && sc->have_prev && sc->prev.phase_id == id) {
        *index = sc->prev.window;
        return ATT_OK;
    }
    if (!phase || !*phase)
        return ATT_OK;
    if (sc->have_prev && sc->prev.window && strcmp(sc->w[sc->prev.window].name, phase) == 0) {
        *index = sc->prev.window;
        return ATT_OK;
    }
    long i = att_strmap_get(sc->phase_index, phase);
    if (i > 0) {
        *index = (size_t)i;
        return ATT_OK;
    }
    if (strcmp(phase, ATT_SCORE_ALL) == 0)
        return att_error_set(err, ATT_EINPUT, "%s", ATT_SCORE_ALL_RESERVED);
    int rc = add_window(sc, phase, index, err);
    if (rc == ATT_OK && att_strmap_put(sc->phase_index, phase, (long)*index) < 0) {
        free(sc->w[--sc->nw].name);
        sc->w[sc->nw].name = NULL;
        return att_error_nomem(err);
    }
    return rc;
}

/* The cell of a step that is `matched` (0 or 1) with class bits `cls`
 * (not a gap: a gap's time is not observed). */
static inline int cell_of(int matched, int cls)
{
    att_debug_assert((matched == 0 || matched == 1) && cls >= 0 && cls < CELL_MATCHED);
    return matched * CELL_MATCHED + cls;
}

/* The observed time of window `w` in the cells that have all the bits of
 * `bits` (CELL_MATCHED, CLASS_*): 0 for all of it. */
static long long window_us(const window *w, int bits)
{
    long long sum = 0;
    for (int c = 0; c < CELLS; c++)
        sum += (c & bits) == bits ? w->us[c] : 0;
    return sum;
}

/* Credits the previous step's duration, `us` (att_us(t - prev.t) for the
 * step at t that closes it), to its windows. */
static inline void close_prev(att_scorer *sc, long long us)
{
    att_debug_assert(us >= 0 && sc->prev.window < sc->nw);
    if (sc->prev.gap)
        return;   /* a gap is not observed time */
    int cell = cell_of(sc->prev.matched, sc->infant_class[sc->prev.infant]);
    sc->w[0].us[cell] += us;
    sc->w[sc->prev.window].us[cell] += sc->prev.window ? us : 0;  /* 0: `all` only */
}

/* The size of a rupture that lasted `latency_us`, repaired or censored. */
static att_rupture_size size_of(const att_scorer *sc, long long latency_us, int repaired)
{
    if (latency_us >= att_us(sc->rules.major_s))
        return ATT_SIZE_MAJOR;
    return repaired ? ATT_SIZE_MICRO : ATT_SIZE_UNKNOWN;
}

/* Records an outcome of the open rupture in window `wi`. */
static int record(att_scorer *sc, size_t wi, long long latency_us, int repaired, att_error *err)
{
    window *w = &sc->w[wi];
    att_rupture_size size = size_of(sc, latency_us, repaired);
    w->micro += size == ATT_SIZE_MICRO;
    w->major += size == ATT_SIZE_MAJOR;
    if (att_tally_add(w->tally, latency_us, repaired, 1, err) != 0)
        return ATT_ENOMEM;
    if (repaired) {
        w->repairs++;
        w->completed_us += latency_us;
    }
    assert(wi < sc->nw && w->repairs <= w->ruptures);  /* a repair ends a rupture counted here */
    return ATT_OK;
}

/* Sets `ev` unless it already holds a repair or censoring: one step can
 * confirm a rupture and finish one, and the finished one is reported. */
static void set_event(att_score_event *ev, att_score_kind kind, double start, double latency)
{
    if (ev->kind == ATT_SCORE_NONE || ev->kind == ATT_SCORE_RUPTURE)
        *ev = (att_score_event){ kind, start, latency };
}

/* The open rupture has lasted min_rupture_s: it counts from now on. */
static void confirm(att_scorer *sc, att_score_event *ev)
{
    assert(sc->open && !sc->confirmed);
    sc->confirmed = 1;
    sc->ruptures++;
    sc->w[0].ruptures++;
    if (sc->rupture_window)
        sc->w[sc->rupture_window].ruptures++;
    set_event(ev, ATT_SCORE_RUPTURE, sc->start, 0);
}

/* The open, confirmed rupture ends at `t`: repaired by the match starting
 * there, or censored there.  Its phase window ends at the phase's end if
 * that came first (a repair on the first step of the next phase is
 * outside the phase). */
static int finish_rupture(att_scorer *sc, double t, int repaired, att_score_event *ev,
                          att_error *err)
{
    assert(sc->open && sc->confirmed);
    long long us = att_us(t - sc->start);
    sc->open = sc->pending = 0;
    sc->repairs += repaired;
    sc->rec.latency = (double)us / 1e6;
    sc->rec.censored = !repaired;
    sc->rec.size = size_of(sc, us, repaired);
    sc->rec.repaired_by = repaired ? sc->pend_by : ATT_BY_NONE;
    int in_phase = !sc->phase_ended || t < sc->phase_end;
    long long pus = in_phase ? us : att_us(sc->phase_end - sc->start);
    sc->rec.phase_latency = (double)pus / 1e6;
    sc->rec.phase_censored = !(repaired && in_phase);
    sc->rec.phase_size = size_of(sc, pus, repaired && in_phase);
    set_event(ev, repaired ? ATT_SCORE_REPAIR : ATT_SCORE_CENSORED, sc->start, sc->rec.latency);
    int rc = ATT_OK;
    if (sc->rupture_window)
        rc = record(sc, sc->rupture_window, pus, repaired && in_phase, err);
    if (rc == ATT_OK)
        rc = record(sc, 0, us, repaired, err);
    if (rc == ATT_OK && sc->on_rupture)
        rc = sc->on_rupture(&sc->rec, sc->user, err);
    return rc;
}

/* 1 if either partner's code is unscorable (attune/scheme.h): a gap. */
static int is_gap(const att_scorer *sc, const att_score_step *st)
{
    return ((sc->infant_class[st->infant] & CLASS_GAP) != 0)
           | (sc->caregiver_gap[st->caregiver] != 0);
}

static att_repairer who_changed(const prev_step *p, const att_score_step *st)
{
    int i = st->infant != p->infant, c = st->caregiver != p->caregiver;
    return i && c ? ATT_BY_BOTH : i ? ATT_BY_INFANT : c ? ATT_BY_CAREGIVER : ATT_BY_NEITHER;
}

/* What the time up to `t` decided: an open rupture whose mismatch lasted
 * min_rupture_s is confirmed; a match that lasted min_repair_s repairs. */
static int time_passes(att_scorer *sc, double t, att_score_event *ev, att_error *err)
{
    if (sc->open && !sc->confirmed && att_us(t - sc->start) >= sc->min_rupture_us)
        confirm(sc, ev);
    if (sc->open && sc->pending && att_us(t - sc->pend_t) >= sc->min_repair_us)
        return finish_rupture(sc, sc->pend_t, 1, ev, err);
    return ATT_OK;
}

/* Opens a rupture at step `st` of window `wi`, counted once confirmed. */
static void open_rupture(att_scorer *sc, const att_score_step *st, size_t wi,
                         att_score_event *ev)
{
    sc->open = 1;
    sc->confirmed = sc->pending = sc->phase_ended = 0;
    sc->start = st->t;
    sc->rupture_window = wi;
    sc->rec = (att_rupture){ .run = sc->run, .phase = wi ? sc->w[wi].name : "",
                             .start = st->t, .repaired_by = ATT_BY_NONE,
                             .peak_infant_arousal = st->infant_arousal };
    if (sc->min_rupture_us == 0)
        confirm(sc, ev);
}

/* The open rupture's peak arousal, after a mismatched step at `arousal`
 * (NaN: not recorded). */
static inline void note_peak(att_scorer *sc, double arousal)
{
    if (!(arousal <= sc->rec.peak_infant_arousal) && !isnan(arousal))
        sc->rec.peak_infant_arousal = arousal;
}

/* The rupture rules at step `st` (window `wi`), after time_passes. */
static int rupture_step(att_scorer *sc, const att_score_step *st, size_t wi,
                        att_score_event *ev, att_error *err)
{
    if (sc->open && sc->rupture_window && !sc->phase_ended && wi != sc->prev.window) {
        sc->phase_ended = 1;
        sc->phase_end = st->t;
    }
    if (st->matched) {
        if (sc->open && !sc->confirmed) {   /* a mismatch shorter than min_rupture_s */
            sc->open = 0;
        } else if (sc->open && !sc->pending) {
            sc->pending = 1;
            sc->pend_t = st->t;
            sc->pend_by = who_changed(&sc->prev, st);
            if (sc->min_repair_us == 0)
                return finish_rupture(sc, st->t, 1, ev, err);
        }
        return ATT_OK;
    }
    sc->pending = 0;   /* a match shorter than min_repair_s does not repair */
    if (!sc->open && sc->have_prev && sc->prev.matched)
        open_rupture(sc, st, wi, ev);
    else if (sc->open)
        note_peak(sc, st->infant_arousal);
    return ATT_OK;
}

/* The run ends, or a gap starts, at `t`: what the time to `t` decides,
 * then a mismatch not yet min_rupture_s long is no rupture, and a rupture
 * still open is censored at `t` (a pending repair: at its start). */
static int cut_off(att_scorer *sc, double t, att_score_event *ev, att_error *err)
{
    int rc = time_passes(sc, t, ev, err);
    if (rc == ATT_OK && sc->open && !sc->confirmed)
        sc->open = 0;
    if (rc == ATT_OK && sc->open)
        rc = finish_rupture(sc, sc->pending ? sc->pend_t : t, 0, ev, err);
    return rc;
}

/* Checks a step's t against the range and the previous step's; sets *us
 * to att_us(t - prev_t), the previous step's duration (0 without one). */
static inline int check_t(int have_prev, double prev_t, double t, long long *us, att_error *err)
{
    *us = 0;
    if (!(fabs(t) <= ATT_SCORE_T_MAX))
        return att_error_set(err, ATT_EINPUT, "t %.17g is out of range (-4e9 to 4e9 s, "
                             "ATT_SCORE_T_MAX)", t);
    if (have_prev && !(t > prev_t))
        return att_error_set(err, ATT_EINPUT, "t %.9g does not increase (the previous step "
                             "has t %.9g)", t, prev_t);
    if (have_prev && (*us = att_us(t - prev_t)) < 1)
        return att_error_set(err, ATT_EINPUT, "t %.9g is within 1 us of the previous t (%.9g); "
                             "times are resolved to 1 us", t, prev_t);
    return ATT_OK;
}

/* A step that is not push_step's common case; `us` is the previous step's
 * duration (check_t).  Kept out of line so that the common case does not
 * pay for saving the registers this one needs. */
__attribute__((noinline))
static int push_general(att_scorer *sc, const att_score_step *st, long id, long long us,
                        att_score_event *ev, att_error *err)
{
    int rc;
    /* A rupture is open only after a step; a pending repair only in a
     * confirmed rupture, and only while steps stay matched. */
    assert(sc->nw >= 1);
    assert(!sc->open || sc->have_prev);
    assert(!sc->pending || (sc->open && sc->confirmed && sc->prev.matched));
    assert(sc->repairs <= sc->ruptures);
    size_t wi;
    if ((rc = phase_window(sc, st->phase, id, &wi, err)) != ATT_OK)
        return rc;
    assert(wi < sc->nw);
    int gap = is_gap(sc, st);
    if (sc->have_prev) {
        close_prev(sc, us);
        if (!gap && !sc->prev.gap && st->matched != sc->prev.matched) {
            sc->w[0].transitions++;
            if (wi)
                sc->w[wi].transitions++;
        }
        /* a gap cuts off the open rupture; afterwards the run starts afresh */
        rc = gap ? cut_off(sc, st->t, ev, err) : time_passes(sc, st->t, ev, err);
        if (rc != ATT_OK)
            return rc;
    }
    if (!gap)
        rc = rupture_step(sc, st, wi, ev, err);
    sc->have_prev = 1;
    sc->prev = (prev_step){ st->t, st->infant, st->caregiver, gap ? 0 : st->matched, wi, id,
                            gap };
    return rc;
}

/* One step after the unit filter (attune/scorer.h has the checks).  Always
 * inlined into att_scorer_push_id, itself always inlined into its callers
 * (the dyad-step): the call's register saves were 30 instructions of a
 * step (issue 19). */
__attribute__((always_inline))
static inline int push_step(att_scorer *sc, const att_score_step *st, long id,
                            att_score_event *ev, att_error *err)
{
    long long us;
    int rc = check_t(sc->have_prev, sc->prev.t, st->t, &us, err);
    if (rc != ATT_OK)
        return rc;
    /* The common step of a simulation: in the phase (by id) and with the
     * match of the step before, neither a gap, and no rupture open or a
     * confirmed one still mismatched.  Only time passes: the general path
     * below would credit the previous step's duration, note the open
     * rupture's peak arousal and keep this step as the previous one,
     * nothing else. */
    int quiet = (sc->have_prev != 0) & (id >= 0) & (id == sc->prev.phase_id)
              & (sc->prev.gap == 0) & (st->matched == sc->prev.matched)
              & ((sc->open == 0) | ((sc->confirmed != 0) & (st->matched == 0)))
              & (is_gap(sc, st) == 0);   /* one branch, not seven: they change step to step */
    if (quiet) {
        att_debug_assert(!sc->pending);
        close_prev(sc, us);
        if (sc->open)
            note_peak(sc, st->infant_arousal);
        sc->prev.t = st->t;
        sc->prev.infant = st->infant;
        sc->prev.caregiver = st->caregiver;
        return ATT_OK;
    }
    return push_general(sc, st, id, us, ev, err);
}

/* Ends the run after the unit filter. */
static int end_steps(att_scorer *sc, double t_end, att_score_event *ev, att_error *err)
{
    if (!sc->have_prev)
        return ATT_OK;
    assert(t_end >= sc->prev.t);
    close_prev(sc, att_us(t_end - sc->prev.t));
    sc->have_prev = 0;
    return cut_off(sc, t_end, ev, err);
}

/* The coding unit: units of unit_us from the run's first t, each taking
 * the step in force at its start (analysis/grid.h, as contingency --unit).
 * A step goes on to the rules at its first unit's start once the next step
 * shows it covers one; a step covering no unit start is dropped.  Runs of
 * units with the same step are one step: nothing changes between them. */
static int unit_flush(att_scorer *sc, long long upto_us, att_score_event *ev, att_error *err)
{
    long long last = att_grid_units(sc->t0_us, upto_us, sc->unit_us);
    if (sc->u.first >= last)
        return ATT_OK;
    att_score_step st = sc->u.step;
    if (sc->u.first > 0)
        st.t = (double)(sc->t0_us + sc->u.first * sc->unit_us) / 1e6;
    st.phase = sc->u.phase;
    return push_step(sc, &st, sc->u.phase_id, ev, err);
}

static int unit_push(att_scorer *sc, const att_score_step *st, long id, att_score_event *ev,
                     att_error *err)
{
    long long t_us = att_us(st->t);
    int rc = ATT_OK;
    if (!sc->u.have)
        sc->t0_us = t_us;
    else if ((rc = unit_flush(sc, t_us, ev, err)) != ATT_OK)
        return rc;
    size_t n = st->phase ? strlen(st->phase) + 1 : 1;
    if (att_grow(&sc->u.phase, &sc->u.phase_cap, n, 1, err) != ATT_OK)
        return ATT_ENOMEM;
    memcpy(sc->u.phase, st->phase ? st->phase : "", n);
    sc->u.have = 1;
    sc->u.step = *st;
    sc->u.phase_id = id;
    sc->u.first = att_grid_units(sc->t0_us, t_us, sc->unit_us);
    return ATT_OK;
}

int att_scorer_push(att_scorer *sc, const att_score_step *st, att_score_event *ev,
                    att_error *err)
{
    return att_scorer_push_id(sc, st, -1, ev, err);
}

/* No event yet in *ev, set field by field: a copy of a whole event, built
 * on the stack just before, would be read back before its parts were
 * stored (a stall of the store forwarding every step). */
static void no_event(att_score_event *ev)
{
    ev->kind = ATT_SCORE_NONE;
    ev->start = 0;
    ev->latency = 0;
}

/* Why att_scorer_push_id refuses `st`: its matched or a code index. */
__attribute__((noinline))
static int refuse_step(const att_scorer *sc, const att_score_step *st, att_error *err)
{
    if ((unsigned)st->matched > 1)
        return att_error_set(err, ATT_EINPUT, "matched %d at t %.9g: expected 0 or 1",
                             st->matched, st->t);
    int infant = (unsigned)st->infant >= sc->ninfant;
    const char *who = infant ? "infant" : "caregiver";
    unsigned n = infant ? sc->ninfant : sc->ncaregiver;
    char codes[64];
    if (n > 0)
        snprintf(codes, sizeof codes, "its %u %s codes are 0 to %u", n, who, n - 1);
    else
        snprintf(codes, sizeof codes, "it has no %s codes", who);
    return att_error_set(err, ATT_EINPUT, "%s code index %d at t %.9g: outside the match table "
                         "(%s)", who, infant ? st->infant : st->caregiver, st->t, codes);
}

/* Inlined into its callers (with the whole-program build, across files:
 * the dyad-step's call to it was 32 of its 1362 instructions, issue 19).
 * `inline` with the header's plain declaration keeps this the external
 * definition as well. */
__attribute__((always_inline))
inline int att_scorer_push_id(att_scorer *sc, const att_score_step *st, long phase_id,
                       att_score_event *ev, att_error *err)
{
    att_score_event none;
    if (!ev)
        ev = &none;
    no_event(ev);
    /* matched indexes a window's cells, the codes their class tables */
    if ((unsigned)st->matched > 1 || (unsigned)st->infant >= sc->ninfant
        || (unsigned)st->caregiver >= sc->ncaregiver)
        return refuse_step(sc, st, err);
    if (!sc->unit_us)
        return push_step(sc, st, phase_id, ev, err);
    long long us;
    int rc = check_t(sc->u.have, sc->u.step.t, st->t, &us, err);
    return rc != ATT_OK ? rc : unit_push(sc, st, phase_id, ev, err);
}

int att_scorer_end(att_scorer *sc, double t_end, att_score_event *ev, att_error *err)
{
    att_score_event none;
    if (!ev)
        ev = &none;
    no_event(ev);
    int have = sc->unit_us ? sc->u.have : sc->have_prev;
    double last = sc->unit_us ? sc->u.step.t : sc->prev.t;
    if (!have)
        return ATT_OK;
    if (!(t_end >= last && t_end - last <= 2 * ATT_SCORE_T_MAX))
        return att_error_set(err, ATT_EINPUT, "end time %.17g is out of range (from the last "
                             "step's t %.17g to 8e9 s after it)", t_end, last);
    int rc = ATT_OK;
    if (sc->unit_us) {
        sc->u.have = 0;
        rc = unit_flush(sc, att_us(t_end), ev, err);
    }
    return rc != ATT_OK ? rc : end_steps(sc, t_end, ev, err);
}

size_t att_scorer_window_count(const att_scorer *sc)
{
    return sc->nw;
}

const att_tally *att_scorer_window_tally(const att_scorer *sc, size_t i)
{
    return sc->w[i].tally;
}

const char *att_scorer_run(const att_scorer *sc)
{
    return sc->run ? sc->run : "";
}

/* part / whole, NaN when the whole is 0. */
static double share(long long part, long long whole)
{
    return whole > 0 ? (double)part / (double)whole : NAN;
}

static double per_min(long count, long long observed_us)
{
    return observed_us > 0 ? (double)count / ((double)observed_us / 60e6) : NAN;
}

int att_scorer_window(const att_scorer *sc, size_t i, double cutoff_s, att_window_score *out,
                      att_error *err)
{
    const window *w = &sc->w[i];
    att_km_summary km;
    const att_tally *t = w->tally;
    if (att_km_summarise(att_tally_times(t), att_tally_events(t), att_tally_censored(t),
                         att_tally_size(t), ATT_SCORE_WITHIN_S, cutoff_s, ATT_SCORE_CONF,
                         &km, err) != 0)
        return ATT_ENOMEM;
    int known = sc->classes_known;
    double *v = out->v;
    long long observed_us = window_us(w, 0);
    out->window = w->name;
    v[ATT_SC_OBSERVED_S] = (double)observed_us / 1e6;
    v[ATT_SC_MATCHED_PROP] = share(window_us(w, CELL_MATCHED), observed_us);
    v[ATT_SC_TRANSITIONS_PER_MIN] = per_min(w->transitions, observed_us);
    v[ATT_SC_RUPTURES] = (double)w->ruptures;
    v[ATT_SC_RUPTURES_PER_MIN] = per_min(w->ruptures, observed_us);
    v[ATT_SC_REPAIRS] = (double)w->repairs;
    v[ATT_SC_REPAIRS_PER_MIN] = per_min(w->repairs, observed_us);
    v[ATT_SC_REPAIRED_PROP] = w->ruptures ? (double)w->repairs / (double)w->ruptures : NAN;
    v[ATT_SC_LATENCY_MEDIAN_S] = km.median;
    v[ATT_SC_LATENCY_MEDIAN_LO] = km.median_lo;
    v[ATT_SC_LATENCY_MEDIAN_HI] = km.median_hi;
    v[ATT_SC_REPAIRED_WITHIN_2S] = isnan(km.surv_at) ? NAN : 1 - km.surv_at;
    v[ATT_SC_RMST_S] = km.rmst;
    v[ATT_SC_LATENCY_MEAN_COMPLETED_S] =
        w->repairs ? (double)w->completed_us / 1e6 / (double)w->repairs : NAN;
    v[ATT_SC_INFANT_GAZE_PROP] =
        known & CLASS_GAZE ? share(window_us(w, CLASS_GAZE), observed_us) : NAN;
    v[ATT_SC_INFANT_POSITIVE_PROP] =
        known & CLASS_POSITIVE ? share(window_us(w, CLASS_POSITIVE), observed_us) : NAN;
    v[ATT_SC_INFANT_NEGATIVE_PROP] =
        known & CLASS_NEGATIVE ? share(window_us(w, CLASS_NEGATIVE), observed_us) : NAN;
    v[ATT_SC_MICRO_RUPTURES] = (double)w->micro;
    v[ATT_SC_MAJOR_RUPTURES] = (double)w->major;
    return ATT_OK;
}

long att_scorer_ruptures(const att_scorer *sc)
{
    return sc->ruptures;
}

long att_scorer_repairs(const att_scorer *sc)
{
    return sc->repairs;
}

int att_scorer_infant_classes(const att_scorer *sc, int i)
{
    return (unsigned)i < sc->ninfant ? sc->infant_class[i] : 0;
}

int att_scorer_caregiver_unscorable(const att_scorer *sc, int i)
{
    return (unsigned)i < sc->ncaregiver ? sc->caregiver_gap[i] : 0;
}

int att_scorer_classes_known(const att_scorer *sc)
{
    return sc->classes_known;
}
