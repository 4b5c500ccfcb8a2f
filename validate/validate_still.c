/* Validation groups on the face-to-face / still-face / reunion paradigm
 * (scenarios/still-face.ini): coordination in play (Tronick & Cohn 1989;
 * Tronick & Gianino 1986), the still-face effect and its time course
 * (Mesman et al. 2009; Ekas et al. 2013), the reunion's carry-over, and
 * the same statistics at half the step (numerical soundness).
 * docs/VALIDATION.md gives every check's reasons. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/validate.h"

#define STILL_FACE_FILE "still-face.ini"
#define PLAY "play"
#define STILL "still-face"
#define REUNION "reunion"

/* Per-infant summary of one still-face session.  Shares are of the steps
 * in a window; the still face is also cut into thirds (first and last). */
enum {
    SF_COORD,        /* share of play steps coordinated (same-state) */
    SF_PLAY_S,       /* s of play coded */
    SF_CHANGES,      /* changes of coordination state in play */
    SF_KNOWN3,       /* miscoordinated bouts whose "within 3 s" is known */
    SF_WITHIN3,      /* ... of them repaired within 3 s */
    SF_KNOWN1,
    SF_WITHIN1,      /* repaired within 1 s */
    SF_SHARES        /* then W_COUNT windows x S_COUNT shares */
};
enum { W_PLAY, W_STILL, W_STILL_FIRST, W_STILL_LAST, W_REUNION, W_COUNT };
enum { S_POSITIVE, S_GAZE, S_NEGATIVE, S_BID, S_COUNT };
#define SF_NCOLS (SF_SHARES + W_COUNT * S_COUNT)
#define COL(w, s) (SF_SHARES + (w) * S_COUNT + (s))

/* Slack for comparing sums of dt with whole seconds. */
#define EPS 1e-9



/* A miscoordinated bout of `len` s, or one censored at `len` s, for the
 * "repaired within k s" shares.  A censored bout is known not to be
 * repaired within k once it has lasted k; shorter ones are unknown and left
 * out. */
static void count_bout(double *row, double len, int censored)
{
    static const struct { double k; int known, within; } cut[] = {
        { 3.0, SF_KNOWN3, SF_WITHIN3 }, { 1.0, SF_KNOWN1, SF_WITHIN1 }
    };
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        if (!censored) {
            row[cut[i].known]++;
            row[cut[i].within] += len <= cut[i].k + EPS;
        } else if (len >= cut[i].k - EPS) {
            row[cut[i].known]++;
        }
    }
}

/* Coordination is coded as observers code it: one code per second (the
 * state at the start of each second), so "the next step" is the next
 * second and sub-second flicker between codes, which no observer would
 * see, does not count as a change.  It also makes the statistics
 * independent of dt. */
#define CODE_S 1.0

static int on_coding_grid(double t, double dt)
{
    double k = floor(t / CODE_S + 0.5);
    return fabs(t - k * CODE_S) < 0.5 * dt;
}

static int summarise_session(const att_validate *v, att_sim *sim, const void *arg, double *row,
                             att_error *err)
{
    (void)arg;
    const att_scenario *s = att_sim_scenario(sim);
    int play = att_validate_phase(s, PLAY), still = att_validate_phase(s, STILL),
        reunion = att_validate_phase(s, REUNION);
    if (play < 0 || still < 0 || reunion < 0)
        return att_error_set(err, ATT_EINPUT, "%s: needs phases '%s', '%s' and '%s'",
                             att_scenario_path(s), PLAY, STILL, REUNION);
    double dt = att_scenario_dt(s);
    long still_steps = att_scenario_phase(s, (size_t)still)->steps, third = still_steps / 3;
    double steps[W_COUNT] = { 0 }, count[W_COUNT][S_COUNT] = { { 0 } };
    long coord = 0, changes = 0, play_steps = 0;
    int prev_coord = -1;
    att_bouts miscoord;
    att_bouts_begin(&miscoord);
    for (int i = 0; i < SF_NCOLS; i++)
        row[i] = 0;
    att_step st;
    int rc, phase = -1;
    long in_phase = 0;   /* the step's index within its phase */
    double play_end = 0;
    while ((rc = att_sim_next(sim, &st, err)) == 1) {
        in_phase = st.phase == phase ? in_phase + 1 : 0;
        phase = st.phase;
        int w[3], nw = 0;
        if (phase == play && on_coding_grid(st.t, dt)) {
            int c = att_validate_same_state(v, st.infant_code, st.caregiver_code);
            coord += c;
            changes += prev_coord >= 0 && c != prev_coord;
            prev_coord = c;
            play_steps++;
            play_end = st.t + CODE_S;
            double len;
            if (att_bouts_push(&miscoord, st.t, !c, &len))
                count_bout(row, len, 0);
        }
        if (phase == play) {
            w[nw++] = W_PLAY;
        } else if (phase == still) {
            w[nw++] = W_STILL;
            if (in_phase < third)
                w[nw++] = W_STILL_FIRST;
            if (in_phase >= still_steps - third)
                w[nw++] = W_STILL_LAST;
        } else if (phase == reunion) {
            w[nw++] = W_REUNION;
        }
        for (int k = 0; k < nw; k++) {
            steps[w[k]]++;
            count[w[k]][S_POSITIVE] += st.infant.affect == ATT_AFFECT_POSITIVE;
            count[w[k]][S_GAZE] += st.infant.gaze == ATT_GAZE_AT;
            count[w[k]][S_NEGATIVE] += st.infant.affect == ATT_AFFECT_NEGATIVE;
            count[w[k]][S_BID] += att_infant_is_bid(st.infant.behavior);
        }
    }
    if (rc < 0)
        return err->code;
    double len;
    if (att_bouts_end(&miscoord, play_end, &len))
        count_bout(row, len, 1);
    row[SF_COORD] = play_steps ? (double)coord / (double)play_steps : NAN;
    row[SF_PLAY_S] = (double)play_steps * CODE_S;
    row[SF_CHANGES] = changes;
    for (int k = 0; k < W_COUNT; k++)
        for (int j = 0; j < S_COUNT; j++)
            row[COL(k, j)] = steps[k] ? count[k][j] / steps[k] : NAN;
    return ATT_OK;
}

static const att_vpop session_pop = {
    "still-face", STILL_FACE_FILE, NULL, 0, summarise_session, NULL, SF_NCOLS, 0
};

static const char *const half_step[] = { "scenario.dt=0.05" };
static const att_vpop session_pop_half_step = {
    "still-face-dt0.05", STILL_FACE_FILE, half_step, 1, summarise_session, NULL, SF_NCOLS, 0
};

/* "mean positive share: play 0.38, still-face 0.02": the means behind a
 * comparison of two columns. */
static void means2(char *buf, size_t size, const att_vdata *d, const char *na, int a,
                   const char *nb, int b, const char *what)
{
    snprintf(buf, size, "mean %s: %s %.3g, %s %.3g", what, na, att_vdata_mean(d, a), nb,
             att_vdata_mean(d, b));
}

/* Reports checks[0..n) on d, each with a detail written by `describe`. */
typedef void (*describe_fn)(char *buf, size_t size, const att_vcheck *c, const att_vdata *d);

static int report_all(att_validate *v, const att_vcheck *checks, size_t n, const att_vdata *d,
                      describe_fn describe, att_error *err)
{
    for (size_t i = 0; i < n; i++) {
        char detail[200];
        describe(detail, sizeof detail, &checks[i], d);
        int rc = att_validate_report(v, &checks[i], d, NULL, detail, err);
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

static const char *const window_name[W_COUNT] = {
    "play", "still-face", "first third", "last third", "reunion"
};
static const char *const share_name[S_COUNT] = { "positive", "gaze", "negative", "bid" };

/* For a comparison of two share columns: their means, named. */
static void describe_shares(char *buf, size_t size, const att_vcheck *c, const att_vdata *d)
{
    int a = c->stat.a - SF_SHARES, b = c->stat.b - SF_SHARES;
    char what[32];
    snprintf(what, sizeof what, "%s share", share_name[a % S_COUNT]);
    means2(buf, size, d, window_name[a / S_COUNT], c->stat.a, window_name[b / S_COUNT],
           c->stat.b, what);
}

/* ---- play ---------------------------------------------------------------- */

static const att_vcheck play_checks[] = {
    { "play.coordinated", "share of play time coordinated (same-state, coded each second)",
      "Tronick & Cohn 1989", "about 30%", ATT_VRULE_RANGE, 0.20, 0.40,
      { ATT_VSTAT_MEAN, SF_COORD, 0 } },
    /* Pooled: all play over all changes, the reciprocal of the mean rate
     * of changes (the fit's transitions_per_min).  The mean of each
     * infant's own interval, used until session 10, is pulled up by the
     * few slow infants (Jensen), and an infant with no change has none. */
    { "play.cadence", "seconds between changes of coordination state in play (coded each second)",
      "Tronick & Cohn 1989", "a change every 3-5 s", ATT_VRULE_RANGE, 2.5, 6.0,
      { ATT_VSTAT_RATIO, SF_PLAY_S, SF_CHANGES } },
    { "play.repair_3s", "share of miscoordinated bouts in play repaired within 3 s",
      "Tronick & Gianino 1986", "most, within 2-3 s", ATT_VRULE_RANGE, 0.5, 0.95,
      { ATT_VSTAT_RATIO, SF_WITHIN3, SF_KNOWN3 } },
    { "play.repair_next", "share of miscoordinated bouts in play repaired at the next 1-s step",
      "Tronick & Cohn 1989", "about a third, at the next step", ATT_VRULE_RANGE, 0.2, 0.5,
      { ATT_VSTAT_RATIO, SF_WITHIN1, SF_KNOWN1 } },
};

static void describe_play(char *buf, size_t size, const att_vcheck *c, const att_vdata *d)
{
    if (c->stat.a == SF_PLAY_S) {
        snprintf(buf, size, "pooled: %.1f changes in %.0f s of play per infant",
                 att_vdata_mean(d, SF_CHANGES), att_vdata_mean(d, SF_PLAY_S));
    } else if (c->stat.kind == ATT_VSTAT_RATIO) {
        double bouts = att_vdata_mean(d, c->stat.b);
        snprintf(buf, size, "pooled over %.0f bouts of known outcome, %.1f per infant",
                 bouts * (double)d->n, bouts);
    } else {
        snprintf(buf, size, "SD across infants %.3g", att_vdata_sd(d, c->stat.a));
    }
}

int att_validate_group_play(att_validate *v, att_error *err)
{
    const att_vdata *d = att_validate_population(v, &session_pop, err);
    if (!d)
        return err->code;
    return report_all(v, play_checks, sizeof play_checks / sizeof play_checks[0], d,
                      describe_play, err);
}

/* ---- still face ------------------------------------------------------------ */

static const att_vcheck still_face_checks[] = {
    { "sf.positive_d", "positive affect, play vs still face (d, play - still)",
      "Mesman et al. 2009", "d about 1", ATT_VRULE_RANGE, 0.6, 2.0,
      { ATT_VSTAT_D, COL(W_PLAY, S_POSITIVE), COL(W_STILL, S_POSITIVE) } },
    { "sf.gaze_d", "gaze at the caregiver, play vs still face (d, play - still)",
      "Mesman et al. 2009", "d about 1", ATT_VRULE_RANGE, 0.6, 2.0,
      { ATT_VSTAT_D, COL(W_PLAY, S_GAZE), COL(W_STILL, S_GAZE) } },
    { "sf.negative_d", "negative affect, still face vs play (d, still - play)",
      "Mesman et al. 2009", "d 0.5-0.8", ATT_VRULE_RANGE, 0.3, 1.3,
      { ATT_VSTAT_D, COL(W_STILL, S_NEGATIVE), COL(W_PLAY, S_NEGATIVE) } },
    { "sf.bids_first", "bids in the still face's first third exceed play (difference of shares)",
      "Tronick et al. 1978", "bids first: reach, point, vocalise", ATT_VRULE_ABOVE, 0, INFINITY,
      { ATT_VSTAT_DIFF, COL(W_STILL_FIRST, S_BID), COL(W_PLAY, S_BID) } },
    { "sf.bids_decline", "bids decline over the still face (first - last third)",
      "Ekas et al. 2013", "bids decrease", ATT_VRULE_ABOVE, 0, INFINITY,
      { ATT_VSTAT_DIFF, COL(W_STILL_FIRST, S_BID), COL(W_STILL_LAST, S_BID) } },
    { "sf.gaze_decline", "gaze declines over the still face (first - last third)",
      "Ekas et al. 2013", "gaze decreases", ATT_VRULE_ABOVE, 0, INFINITY,
      { ATT_VSTAT_DIFF, COL(W_STILL_FIRST, S_GAZE), COL(W_STILL_LAST, S_GAZE) } },
    { "sf.positive_decline", "positive affect declines over the still face (first - last third)",
      "Ekas et al. 2013", "smiles decrease", ATT_VRULE_ABOVE, 0, INFINITY,
      { ATT_VSTAT_DIFF, COL(W_STILL_FIRST, S_POSITIVE), COL(W_STILL_LAST, S_POSITIVE) } },
    { "sf.negative_rise", "negative affect rises over the still face (last - first third)",
      "Ekas et al. 2013", "negative affect increases", ATT_VRULE_ABOVE, 0, INFINITY,
      { ATT_VSTAT_DIFF, COL(W_STILL_LAST, S_NEGATIVE), COL(W_STILL_FIRST, S_NEGATIVE) } },
};

int att_validate_group_still_face(att_validate *v, att_error *err)
{
    const att_vdata *d = att_validate_population(v, &session_pop, err);
    if (!d)
        return err->code;
    return report_all(v, still_face_checks,
                      sizeof still_face_checks / sizeof still_face_checks[0], d,
                      describe_shares, err);
}

/* ---- reunion ------------------------------------------------------------- */

static const att_vcheck reunion_checks[] = {
    { "reunion.positive_recovery", "positive affect recovers in the reunion (d, reunion - still)",
      "Weinberg & Tronick 1996", "positive affect returns", ATT_VRULE_ABOVE, 0, INFINITY,
      { ATT_VSTAT_D, COL(W_REUNION, S_POSITIVE), COL(W_STILL, S_POSITIVE) } },
    { "reunion.positive_carryover", "positive affect stays below play (d, play - reunion)",
      "Mesman et al. 2009", "partial carry-over, small d", ATT_VRULE_RANGE, 0, 0.8,
      { ATT_VSTAT_D, COL(W_PLAY, S_POSITIVE), COL(W_REUNION, S_POSITIVE) } },
    { "reunion.gaze_carryover", "gaze stays below play (d, play - reunion)",
      "Mesman et al. 2009", "small or no carry-over", ATT_VRULE_RANGE, 0, 0.8,
      { ATT_VSTAT_D, COL(W_PLAY, S_GAZE), COL(W_REUNION, S_GAZE) } },
    { "reunion.negative_carryover", "negative affect stays above play (d, reunion - play)",
      "Mesman et al. 2009", "partial carry-over, small d", ATT_VRULE_RANGE, 0, 0.8,
      { ATT_VSTAT_D, COL(W_REUNION, S_NEGATIVE), COL(W_PLAY, S_NEGATIVE) } },
};

int att_validate_group_reunion(att_validate *v, att_error *err)
{
    const att_vdata *d = att_validate_population(v, &session_pop, err);
    if (!d)
        return err->code;
    return report_all(v, reunion_checks, sizeof reunion_checks / sizeof reunion_checks[0], d,
                      describe_shares, err);
}

/* ---- numerical soundness ------------------------------------------------ */

/* The same statistics at dt 0.05 on other infants, minus those at dt 0.1:
 * the model integrates its continuous part exactly and its events by exact
 * hazards, so halving the step should change nothing beyond the margin. */
static const att_vcheck numeric_checks[] = {
    { "numeric.coordinated", "play.coordinated at dt 0.05 minus dt 0.1",
      "docs/MODEL.md 2.3-2.4", "no dependence on dt", ATT_VRULE_OVERLAP, -0.03, 0.03,
      { ATT_VSTAT_MEAN, SF_COORD, 0 } },
    { "numeric.cadence", "play.cadence at dt 0.05 minus dt 0.1 (s)",
      "docs/MODEL.md 2.3-2.4", "no dependence on dt", ATT_VRULE_OVERLAP, -0.5, 0.5,
      { ATT_VSTAT_RATIO, SF_PLAY_S, SF_CHANGES } },
    { "numeric.positive_d", "sf.positive_d at dt 0.05 minus dt 0.1",
      "docs/MODEL.md 2.3-2.4", "no dependence on dt", ATT_VRULE_OVERLAP, -0.2, 0.2,
      { ATT_VSTAT_D, COL(W_PLAY, S_POSITIVE), COL(W_STILL, S_POSITIVE) } },
    { "numeric.gaze_d", "sf.gaze_d at dt 0.05 minus dt 0.1",
      "docs/MODEL.md 2.3-2.4", "no dependence on dt", ATT_VRULE_OVERLAP, -0.2, 0.2,
      { ATT_VSTAT_D, COL(W_PLAY, S_GAZE), COL(W_STILL, S_GAZE) } },
    { "numeric.negative_d", "sf.negative_d at dt 0.05 minus dt 0.1",
      "docs/MODEL.md 2.3-2.4", "no dependence on dt", ATT_VRULE_OVERLAP, -0.2, 0.2,
      { ATT_VSTAT_D, COL(W_STILL, S_NEGATIVE), COL(W_PLAY, S_NEGATIVE) } },
};

int att_validate_group_numeric(att_validate *v, att_error *err)
{
    const att_vdata *coarse = att_validate_population(v, &session_pop, err);
    const att_vdata *fine = coarse ? att_validate_population(v, &session_pop_half_step, err)
                                   : NULL;
    if (!fine)
        return err->code;
    /* Work columns for att_vstat_eval, room for the larger population. */
    size_t big = fine->n > coarse->n ? fine->n : coarse->n;
    double *work = malloc(2 * (big + 1) * sizeof *work);
    if (!work)
        return att_error_nomem(err);
    size_t n = sizeof numeric_checks / sizeof numeric_checks[0];
    int rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < n; i++) {
        const att_vcheck *c = &numeric_checks[i];
        char detail[200];
        double at_fine = att_vstat_eval(&c->stat, fine, NULL, 0, work);
        double at_coarse = att_vstat_eval(&c->stat, coarse, NULL, 0, work);
        snprintf(detail, sizeof detail, "dt 0.05: %.3g, dt 0.1: %.3g (independent infants)",
                 at_fine, at_coarse);
        rc = att_validate_report(v, c, fine, coarse, detail, err);
    }
    free(work);
    return rc;
}
