/* Validation groups on attachment styles and developmental timelines: the
 * same infants as secure, anxious and avoidant presets in the still face
 * (Tronick & Gianino 1986; Weinberg & Tronick 1996; Beebe et al. 2010), and
 * thirty days with four kinds of mother (Tronick & Gianino 1986; Tronick
 * 1989).  docs/VALIDATION.md gives every check's reasons. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/validate.h"


static int find_phase(const att_scenario *s, const char *name, att_error *err)
{
    int i = att_validate_phase(s, name);
    if (i >= 0)
        return i;
    return att_error_set(err, ATT_EINPUT, "%s: needs a phase '%s'", att_scenario_path(s), name),
           -1;
}


/* ---- presets --------------------------------------------------------------- */

#define SF_PHASE "still-face"
#define RU_PHASE "reunion"

/* Per-infant summary of one still-face session. */
enum {
    PR_BIDS,        /* still face: share of steps bidding (behavior bid-*) */
    PR_PROTEST,     /* still face: share of steps fussing, pushing or crying */
    PR_NEGATIVE,    /* still face: share of steps with negative affect */
    PR_AROUSAL,     /* still face: mean arousal */
    PR_AVERSION,    /* still face: s from its start to the first gaze away (its length if none) */
    PR_RU_GAZE,     /* reunion: share of steps gazing at her */
    PR_RU_NEG_BOUT, /* reunion: s, mean length of the negative-affect bouts that ended */
    PR_NCOLS
};

static int summarise_preset(const att_validate *v, att_sim *sim, const void *arg, double *row,
                            att_error *err)
{
    (void)v;
    (void)arg;
    const att_scenario *s = att_sim_scenario(sim);
    int sf = find_phase(s, SF_PHASE, err), ru = sf < 0 ? -1 : find_phase(s, RU_PHASE, err);
    if (sf < 0 || ru < 0)
        return err->code;
    double sf_len = (double)att_scenario_phase(s, (size_t)sf)->steps * att_scenario_dt(s);
    long n_sf = 0, bids = 0, protest = 0, neg = 0, n_ru = 0, ru_gaze = 0;
    double arousal = 0, sf_start = NAN, aversion = NAN, neg_sum = 0;
    long neg_bouts = 0;
    att_bouts upset;   /* negative affect in the reunion */
    att_bouts_begin(&upset);
    att_step st;
    int rc;
    while ((rc = att_sim_next(sim, &st, err)) == 1) {
        if (st.phase == sf) {
            if (isnan(sf_start))
                sf_start = st.t;
            n_sf++;
            bids += att_infant_is_bid(st.infant.behavior);
            /* fussing, pushing or crying, whatever the gaze: since the
             * codes follow the gaze (docs/MODEL.md 3.1), a fuss turned
             * away is coded withdrawn, and is protest all the same */
            protest += st.infant.behavior == ATT_IB_PROTEST_FUSS
                    || st.infant.behavior == ATT_IB_PROTEST_PUSH
                    || st.infant.behavior == ATT_IB_DISTRESS;
            neg += st.infant.affect == ATT_AFFECT_NEGATIVE;
            arousal += st.infant.arousal;
            if (isnan(aversion) && st.infant.gaze == ATT_GAZE_AWAY)
                aversion = st.t - sf_start;
        } else if (st.phase == ru) {
            n_ru++;
            ru_gaze += st.infant.gaze == ATT_GAZE_AT;
            double len;
            if (att_bouts_push(&upset, st.t, st.infant.affect == ATT_AFFECT_NEGATIVE, &len)) {
                neg_sum += len;
                neg_bouts++;
            }
        }
    }
    if (rc < 0)
        return err->code;
    double ns = (double)n_sf, nr = (double)n_ru;
    row[PR_BIDS] = n_sf ? (double)bids / ns : NAN;
    row[PR_PROTEST] = n_sf ? (double)protest / ns : NAN;
    row[PR_NEGATIVE] = n_sf ? (double)neg / ns : NAN;
    row[PR_AROUSAL] = n_sf ? arousal / ns : NAN;
    row[PR_AVERSION] = n_sf ? (isnan(aversion) ? sf_len : aversion) : NAN;
    row[PR_RU_GAZE] = n_ru ? (double)ru_gaze / nr : NAN;
    row[PR_RU_NEG_BOUT] = neg_bouts ? neg_sum / (double)neg_bouts : NAN;
    return ATT_OK;
}

static const char *const set_secure[] = { "infant.preset=secure" };
static const char *const set_anxious[] = { "infant.preset=anxious" };
static const char *const set_avoidant[] = { "infant.preset=avoidant" };
/* One name: the same infants (seeds) under the three presets. */
static const att_vpop preset_pops[3] = {
    { "presets", "still-face.ini", set_secure, 1, summarise_preset, NULL, PR_NCOLS, 0 },
    { "presets", "still-face.ini", set_anxious, 1, summarise_preset, NULL, PR_NCOLS, 0 },
    { "presets", "still-face.ini", set_avoidant, 1, summarise_preset, NULL, PR_NCOLS, 0 },
};

/* Joined rows: secure, anxious, avoidant. */
#define SEC(c) (c)
#define ANX(c) (PR_NCOLS + (c))
#define AVO(c) (2 * PR_NCOLS + (c))

#define PRESET_SRC "Tronick & Gianino 1986; Weinberg & Tronick 1996; Beebe et al. 2010"

static const att_vcheck preset_checks[] = {
    { "presets.secure_bids", "still face: share of time bidding (secure - avoidant)",
      PRESET_SRC, "the secure infant keeps trying to re-engage her",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, SEC(PR_BIDS), AVO(PR_BIDS) } },
    { "presets.secure_reunion_gaze", "reunion: share of time looking at her (secure - avoidant)",
      PRESET_SRC, "the secure infant re-engages when she comes back",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, SEC(PR_RU_GAZE), AVO(PR_RU_GAZE) } },
    { "presets.anxious_protest", "still face: share of time protesting (anxious - secure)",
      PRESET_SRC, "the anxious (resistant) infant protests",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, ANX(PR_PROTEST), SEC(PR_PROTEST) } },
    { "presets.anxious_arousal", "still face: mean arousal (anxious - secure)",
      PRESET_SRC, "the anxious infant is more aroused",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, ANX(PR_AROUSAL), SEC(PR_AROUSAL) } },
    { "presets.anxious_slow_soothe",
      "reunion, where she repairs: s a bout of negative affect lasts (anxious - secure)",
      PRESET_SRC, "the anxious infant is slow to be soothed",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, ANX(PR_RU_NEG_BOUT), SEC(PR_RU_NEG_BOUT) } },
    { "presets.avoidant_early_aversion",
      "still face: s to the first gaze aversion (secure - avoidant)",
      PRESET_SRC, "the avoidant infant looks away at once",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, SEC(PR_AVERSION), AVO(PR_AVERSION) } },
    { "presets.avoidant_few_bids", "still face: share of time bidding (anxious - avoidant)",
      PRESET_SRC, "the avoidant infant bids least of all",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, ANX(PR_BIDS), AVO(PR_BIDS) } },
    { "presets.avoidant_arousal_high", "still face: mean arousal (avoidant - secure)",
      PRESET_SRC, "avoidance hides arousal, it does not lower it",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, AVO(PR_AROUSAL), SEC(PR_AROUSAL) } },
    { "presets.avoidant_little_negative",
      "still face: share of negative affect (secure - avoidant)",
      PRESET_SRC, "the avoidant infant shows little distress",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, SEC(PR_NEGATIVE), AVO(PR_NEGATIVE) } },
};

int att_validate_group_presets(att_validate *v, att_error *err)
{
    const att_vdata *p[3];
    for (int i = 0; i < 3; i++)
        if (!(p[i] = att_validate_population(v, &preset_pops[i], err)))
            return err->code;
    const att_vdata *sa = att_validate_join(v, p[0], p[1], err);
    const att_vdata *d = sa ? att_validate_join(v, sa, p[2], err) : NULL;
    if (!d)
        return err->code;
    for (size_t i = 0; i < sizeof preset_checks / sizeof preset_checks[0]; i++) {
        const att_vcheck *c = &preset_checks[i];
        int col = c->stat.a % PR_NCOLS;
        char detail[200];
        snprintf(detail, sizeof detail, "means: secure %.3g, anxious %.3g, avoidant %.3g",
                 att_vdata_mean(p[0], col), att_vdata_mean(p[1], col), att_vdata_mean(p[2], col));
        int rc = att_validate_report(v, c, d, NULL, detail, err);
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}

/* ---- chronic ----------------------------------------------------------------- */

/* Sessions summarised: the first EARLY and the last LATE of 30. */
#define CH_SESSIONS 30
#define CH_EARLY 5
#define CH_LATE_FROM 26
/* Dyads per population: a fifth of the suite's infants (a timeline is 30
 * sessions), at least CH_MIN_DYADS (never more than the suite's infants):
 * 200 since session 9, so that --quick (400 infants) runs half the full
 * suite's 400 dyads: at 80 its small differences (chronic.disengage, 0.037
 * at 400 dyads) passed or failed by the draw. */
#define CH_MIN_DYADS 200

enum {
    CH_TRUST1,      /* trust at the end of session 1 */
    CH_TRUST5,      /* ... of session 5 */
    CH_TRUST30,     /* ... of the last session (30) */
    CH_AWAY_EARLY,  /* share of steps gazing away, sessions 1-5 */
    CH_AWAY_LATE,   /* ... sessions 26-30 */
    CH_BIDS_EARLY,  /* share of steps bidding, sessions 1-5 */
    CH_BIDS_LATE,   /* ... sessions 26-30 */
    CH_NCOLS
};

static long chronic_dyads(const att_validate *v)
{
    long n = att_validate_infants(v), m = n / 5;
    if (m < CH_MIN_DYADS)
        m = CH_MIN_DYADS;
    return m < n ? m : n;
}

static int summarise_chronic(const att_validate *v, att_sim *sim, const void *arg, double *row,
                             att_error *err)
{
    (void)arg;
    for (int c = 0; c < CH_NCOLS; c++)
        row[c] = NAN;
    long sessions = att_sim_sessions(sim);
    if (sessions != CH_SESSIONS)
        return att_error_set(err, ATT_EINPUT, "%s: the chronic group needs %d sessions, not %ld",
                             att_scenario_path(att_sim_scenario(sim)), CH_SESSIONS, sessions);
    long n_early = 0, n_late = 0, away_early = 0, away_late = 0, bids_early = 0, bids_late = 0;
    att_step st;
    int rc, first = 1;
    do {
        while ((rc = att_sim_next(sim, &st, err)) == 1) {
            /* Only the first dyads of the population are run (rows past
             * them stay NaN and are left out by the group). */
            if (first && st.run > chronic_dyads(v))
                return ATT_OK;
            first = 0;
            if (st.session <= CH_EARLY) {
                n_early++;
                away_early += st.infant.gaze == ATT_GAZE_AWAY;
                bids_early += att_infant_is_bid(st.infant.behavior);
            } else if (st.session >= CH_LATE_FROM) {
                n_late++;
                away_late += st.infant.gaze == ATT_GAZE_AWAY;
                bids_late += att_infant_is_bid(st.infant.behavior);
            }
        }
        if (rc < 0)
            return err->code;
        long k = att_sim_session(sim);
        if (k == 1)
            row[CH_TRUST1] = att_sim_trust(sim);
        else if (k == CH_EARLY)
            row[CH_TRUST5] = att_sim_trust(sim);
        else if (k == CH_SESSIONS)
            row[CH_TRUST30] = att_sim_trust(sim);
    } while ((rc = att_sim_next_session(sim, err)) > 0);
    if (rc < 0)
        return err->code;
    row[CH_AWAY_EARLY] = n_early ? (double)away_early / (double)n_early : NAN;
    row[CH_AWAY_LATE] = n_late ? (double)away_late / (double)n_late : NAN;
    row[CH_BIDS_EARLY] = n_early ? (double)bids_early / (double)n_early : NAN;
    row[CH_BIDS_LATE] = n_late ? (double)bids_late / (double)n_late : NAN;
    return ATT_OK;
}

/* One name: the same infant seeds with the four mothers. */
static const att_vpop chronic_pops[4] = {
    { "chronic", "consistent-repair.ini", NULL, 0, summarise_chronic, NULL, CH_NCOLS, 0 },
    { "chronic", "chronic-withdrawn.ini", NULL, 0, summarise_chronic, NULL, CH_NCOLS, 0 },
    { "chronic", "chronic-intrusive.ini", NULL, 0, summarise_chronic, NULL, CH_NCOLS, 0 },
    { "chronic", "history-meets-patient.ini", NULL, 0, summarise_chronic, NULL, CH_NCOLS, 0 },
};
static const char *const chronic_names[4] = { "consistent", "withdrawn", "intrusive",
                                              "history" };
static const char *const chronic_cols[CH_NCOLS] = { " day 1", " day 5", " day 30", " days 1-5",
                                                    " days 26-30", " days 1-5", " days 26-30" };

/* Joined rows: consistent, withdrawn, intrusive, history-meets-patient. */
#define CON(c) (c)
#define WDR(c) (CH_NCOLS + (c))
#define INT(c) (2 * CH_NCOLS + (c))
#define HIS(c) (3 * CH_NCOLS + (c))

static const att_vcheck chronic_checks[] = {
    { "chronic.trust_consistent", "trust after 30 days (consistent repair - chronic withdrawn)",
      "Tronick & Gianino 1986; Tronick 1989", "repeated repair builds the expectation of repair",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, CON(CH_TRUST30), WDR(CH_TRUST30) } },
    { "chronic.trust_intrusive", "trust after 30 days (consistent repair - chronic intrusive)",
      "Tronick & Gianino 1986; Tronick 1989", "intrusion does not repair",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, CON(CH_TRUST30), INT(CH_TRUST30) } },
    { "chronic.trust_builds", "consistent repair: trust after day 30 - after day 1",
      "Tronick 1989", "trust grows with repaired ruptures",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, CON(CH_TRUST30), CON(CH_TRUST1) } },
    { "chronic.disengage", "chronic withdrawn: share of time looking away (days 26-30 - 1-5)",
      "Tronick & Gianino 1986", "the infant of a withdrawn mother turns away more and more",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, WDR(CH_AWAY_LATE), WDR(CH_AWAY_EARLY) } },
    { "chronic.disengaged_withdrawn",
      "share of time looking away, days 26-30 (chronic withdrawn - consistent repair)",
      "Tronick & Gianino 1986", "unrepaired infants disengage more from the caregiver",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, WDR(CH_AWAY_LATE), CON(CH_AWAY_LATE) } },
    { "chronic.disengaged_intrusive",
      "share of time looking away, days 26-30 (chronic intrusive - consistent repair)",
      "Tronick & Gianino 1986; Beebe et al. 2010", "intruded-on infants turn away",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, INT(CH_AWAY_LATE), CON(CH_AWAY_LATE) } },
    { "chronic.bids_fade", "chronic withdrawn: share of time bidding (days 1-5 - 26-30)",
      "Tronick & Gianino 1986", "unanswered bids fade",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, WDR(CH_BIDS_EARLY), WDR(CH_BIDS_LATE) } },
    { "chronic.slow_recovery",
      "trust after day 5 (consistent repair - history meets patient mother)",
      "Tronick & Gianino 1986; Tronick 1989", "a history of failed repair is slow to undo",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, CON(CH_TRUST5), HIS(CH_TRUST5) } },
    { "chronic.history_disengaged",
      "same patient mother, days 1-5: share of time looking away (history - consistent repair)",
      "Tronick & Gianino 1986; Tronick 1989", "low expectation of repair: slower to come back",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, HIS(CH_AWAY_EARLY), CON(CH_AWAY_EARLY) } },
    { "chronic.recovers", "history meets patient mother: trust after day 30 - after day 1",
      "Tronick 1989", "but consistent repair rebuilds it",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, HIS(CH_TRUST30), HIS(CH_TRUST1) } },
    { "chronic.reengages",
      "history meets patient mother: share of time looking away (days 1-5 - 26-30)",
      "Tronick 1989", "and the infant comes back to her",
      ATT_VRULE_ABOVE, 0, INFINITY, { ATT_VSTAT_DIFF, HIS(CH_AWAY_EARLY), HIS(CH_AWAY_LATE) } },
};

int att_validate_group_chronic(att_validate *v, att_error *err)
{
    const att_vdata *p[4];
    for (int i = 0; i < 4; i++)
        if (!(p[i] = att_validate_population(v, &chronic_pops[i], err)))
            return err->code;
    const att_vdata *a = att_validate_join(v, p[0], p[1], err);
    const att_vdata *b = a ? att_validate_join(v, a, p[2], err) : NULL;
    const att_vdata *j = b ? att_validate_join(v, b, p[3], err) : NULL;
    if (!j)
        return err->code;
    /* Only the first dyads were run: rows 0..m) (infant i runs as run i + 1). */
    long m = chronic_dyads(v);
    att_vdata d = { j->x, (size_t)m, j->ncols };
    att_vdata q[4];
    for (int i = 0; i < 4; i++)
        q[i] = (att_vdata){ p[i]->x, (size_t)m, p[i]->ncols };
    for (size_t i = 0; i < sizeof chronic_checks / sizeof chronic_checks[0]; i++) {
        const att_vcheck *c = &chronic_checks[i];
        int ca = c->stat.a % CH_NCOLS, cb = c->stat.b % CH_NCOLS;
        int pa = c->stat.a / CH_NCOLS, pb = c->stat.b / CH_NCOLS;
        char detail[200];
        snprintf(detail, sizeof detail, "%ld dyads; means: %s%s %.3g, %s%s %.3g", m,
                 chronic_names[pa], chronic_cols[ca], att_vdata_mean(&q[pa], ca),
                 chronic_names[pb], chronic_cols[cb], att_vdata_mean(&q[pb], cb));
        int rc = att_validate_report(v, c, &d, NULL, detail, err);
        if (rc != ATT_OK)
            return rc;
    }
    return ATT_OK;
}
