/* The validation group `expert`: one check per measurable claim of
 * an independent expert's review of the model (issue 18, items 1-9),
 * measured as the review measured them (populations of infants drawn as
 * the other groups draw them, 95% bootstrap intervals over infants).  The
 * model of 2026-12-01 failed many of them, so the group ran only under
 * `--only expert` until session 9; it runs by default since.  docs/VALIDATION.md ("expert") gives every check's
 * figure, its source and whether the figure was read or recalled. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/scorer.h"
#include "attune/validate.h"
#include "validate/validate_expert.h"

#define PLAY "play"
#define STILL "still-face"
#define REUNION "reunion"

/* The scorer's window called `name` ("all" or a phase), column `col`; NaN
 * when there is no such window. */
static int scorer_value(const att_sim *sim, const char *name, att_score_col col, double *out,
                        att_error *err)
{
    const att_scorer *sc = att_sim_scorer(sim);
    *out = NAN;
    for (size_t i = 0; i < att_scorer_window_count(sc); i++) {
        att_window_score w;
        int rc = att_scorer_window(sc, i, ATT_SCORE_CUTOFF_S, &w, err);
        if (rc != ATT_OK)
            return rc;
        if (strcmp(w.window, name) == 0) {
            *out = w.v[col];
            break;
        }
    }
    return ATT_OK;
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
    att_xs x;
    att_xs_begin(&x, play, still, reunion, att_scenario_phase(s, (size_t)still)->steps,
                 att_scenario_dt(s));
    att_step st;
    int rc;
    while ((rc = att_sim_next(sim, &st, err)) == 1)
        att_xs_push(&x, &st, att_validate_same_state(v, st.infant_code, st.caregiver_code));
    if (rc < 0)
        return err->code;
    double gaze, pos;
    if ((rc = scorer_value(sim, STILL, ATT_SC_INFANT_GAZE_PROP, &gaze, err)) != ATT_OK
        || (rc = scorer_value(sim, PLAY, ATT_SC_INFANT_POSITIVE_PROP, &pos, err)) != ATT_OK)
        return rc;
    att_xs_end(&x, gaze, pos, row);
    return ATT_OK;
}

static int summarise_peekaboo(const att_validate *v, att_sim *sim, const void *arg, double *row,
                              att_error *err)
{
    (void)v;
    (void)arg;
    att_xp x;
    att_xp_begin(&x, att_scenario_dt(att_sim_scenario(sim)));
    att_step st;
    int rc;
    while ((rc = att_sim_next(sim, &st, err)) == 1)
        att_xp_push(&x, &st);
    if (rc < 0)
        return err->code;
    double gaze;
    if ((rc = scorer_value(sim, "all", ATT_SC_INFANT_GAZE_PROP, &gaze, err)) != ATT_OK)
        return rc;
    att_xp_end(&x, gaze, row);
    return ATT_OK;
}

/* The still-face infants of the play, sf and reunion groups (the same
 * name, so the same seeds), at several spreads; the peek-a-boo group's
 * infants with the intrusive mother; the presets group's infants under the
 * default infant and the three presets. */
static const att_vpop session_pop = {
    "still-face", "still-face.ini", NULL, 0, summarise_session, NULL, XS_NCOLS, 0
};
static const att_vpop intrusive_pop = {
    "peekaboo", "peekaboo-intrusive.ini", NULL, 0, summarise_peekaboo, NULL, XP_NCOLS, 0
};
static const char *const set_secure[] = { "infant.preset=secure" };
static const char *const set_anxious[] = { "infant.preset=anxious" };
static const char *const set_avoidant[] = { "infant.preset=avoidant" };
static const att_vpop preset_pops[4] = {
    { "presets", "still-face.ini", NULL, 0, summarise_session, NULL, XS_NCOLS, 0 },
    { "presets", "still-face.ini", set_secure, 1, summarise_session, NULL, XS_NCOLS, 0 },
    { "presets", "still-face.ini", set_anxious, 1, summarise_session, NULL, XS_NCOLS, 0 },
    { "presets", "still-face.ini", set_avoidant, 1, summarise_session, NULL, XS_NCOLS, 0 },
};

/* Pairs of populations of the same infants (the same name, so the same
 * seeds) drawn around two values of one trait (docs/MODEL.md 2.9): 3- and
 * 6-month-olds; reactivity and soothability one log-SD of the population
 * (0.25, section 9) below and above the default (1 and 3.1). */
static const char *const set_age_young[] = { "infant.age_months=3" };
static const char *const set_age_old[] = { "infant.age_months=6" };
static const char *const set_placid[] = { "infant.reactivity=0.7788" };
static const char *const set_reactive[] = { "infant.reactivity=1.284" };
static const char *const set_hard_soothe[] = { "infant.soothability=2.414" };
static const char *const set_easy_soothe[] = { "infant.soothability=3.980" };
enum { TRAIT_AGE, TRAIT_REACTIVITY, TRAIT_SOOTHABILITY, NTRAIT };
static const att_vpop trait_pops[NTRAIT][2] = {
    { { "traits", "still-face.ini", set_age_young, 1, summarise_session, NULL, XS_NCOLS, 0 },
      { "traits", "still-face.ini", set_age_old, 1, summarise_session, NULL, XS_NCOLS, 0 } },
    { { "traits", "still-face.ini", set_placid, 1, summarise_session, NULL, XS_NCOLS, 0 },
      { "traits", "still-face.ini", set_reactive, 1, summarise_session, NULL, XS_NCOLS, 0 } },
    { { "traits", "still-face.ini", set_hard_soothe, 1, summarise_session, NULL, XS_NCOLS, 0 },
      { "traits", "still-face.ini", set_easy_soothe, 1, summarise_session, NULL, XS_NCOLS, 0 } },
};
/* Joined trait rows: the first value's columns, then the second's. */
#define LOW(c) (c)
#define HIGH(c) (XS_NCOLS + (c))

/* Joined preset rows: default, secure, anxious, avoidant. */
#define DEF(c) (c)
#define SEC(c) (XS_NCOLS + (c))
#define ANX(c) (2 * XS_NCOLS + (c))
#define AVO(c) (3 * XS_NCOLS + (c))

/* The spreads of att_infant_population are scaled by these; SPREAD_ONE is
 * the populations of the other groups. */
static const double spread_scale[] = { 0, 0.5, 1, 1.5 };
enum { SPREAD_ZERO, SPREAD_HALF, SPREAD_ONE, SPREAD_MORE, NSPREAD };

/* Every population the checks read. */
typedef struct xdata {
    const att_vdata *spread[NSPREAD];   /* the still-face session at each spread */
    const att_vdata *intrusive;
    const att_vdata *presets;           /* joined: DEF, SEC, ANX, AVO */
    const att_vdata *trait[NTRAIT];     /* joined: LOW, HIGH */
    double *work;                       /* 2 * (n + 1) doubles, for att_vstat_eval */
} xdata;

/* Which rows a check reads.  ON_PUSHERS reads the intrusive mother's
 * infants, of whom only those who push have the check's column: with
 * fewer than MIN_PUSHERS of them the check is not measured, so it fails
 * (a mean over one infant passed under 0.7 of her intrusiveness).
 * ON_AGE, ON_REACTIVITY and ON_SOOTHABILITY read a trait's pair (in the
 * order of the TRAIT_ constants). */
typedef enum { ON_SESSION, ON_HALF, ON_INTRUSIVE, ON_PUSHERS, ON_PRESETS, ON_AGE,
               ON_REACTIVITY, ON_SOOTHABILITY } xon;
enum { MIN_PUSHERS = 30 };

typedef void (*xdescribe_fn)(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                             const xdata *x);

typedef struct xcheck {
    att_vcheck c;
    xon on;
    xdescribe_fn describe;
} xcheck;

/* ---- details ---------------------------------------------------------------- */

/* The means behind the statistic (its one or two columns). */
static void describe_means(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                           const xdata *x)
{
    (void)x;
    if (c->stat.kind == ATT_VSTAT_MEAN)
        snprintf(buf, size, "mean %.3g, SD across infants %.3g", att_vdata_mean(d, c->stat.a),
                 att_vdata_sd(d, c->stat.a));
    else
        snprintf(buf, size, "means %.3g and %.3g", att_vdata_mean(d, c->stat.a),
                 att_vdata_mean(d, c->stat.b));
}

/* The statistic at every spread (x0, x0.5, x1, x1.5). */
static void describe_spreads(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                             const xdata *x)
{
    (void)d;
    double at[NSPREAD];
    for (int k = 0; k < NSPREAD; k++)
        at[k] = att_vstat_eval(&c->stat, x->spread[k], NULL, 0, x->work);
    snprintf(buf, size, "at spreads x0, x0.5, x1, x1.5: %.3g, %.3g, %.3g, %.3g", at[0], at[1],
             at[2], at[3]);
}

/* The time course: play, first 15 s and last 60 s of the still face. */
static void describe_course(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                            const xdata *x)
{
    (void)x;
    int gaze = c->stat.a == XS_GAZE_DROP_EARLY;
    snprintf(buf, size, "mean %s share: play %.3g, first 15 s %.3g, last 60 s %.3g",
             gaze ? "gaze" : "negative", att_vdata_mean(d, gaze ? XS_PLAY_GAZE : XS_PLAY_NEG),
             att_vdata_mean(d, gaze ? XS_EARLY_GAZE : XS_EARLY_NEG),
             att_vdata_mean(d, gaze ? XS_LATE_GAZE : XS_LATE_NEG));
}

/* A pooled share: its bouts. */
static void describe_bouts(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                           const xdata *x)
{
    (void)x;
    double bouts = att_vdata_mean(d, c->stat.b);
    snprintf(buf, size, "pooled over %.0f bouts of known outcome, %.1f per infant",
             bouts * (double)d->n, bouts);
}

/* A preset's column under all four infants. */
static void describe_presets(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                             const xdata *x)
{
    (void)x;
    int col = c->stat.a % XS_NCOLS;
    snprintf(buf, size, "means: default %.3g, secure %.3g, anxious %.3g, avoidant %.3g",
             att_vdata_mean(d, DEF(col)), att_vdata_mean(d, SEC(col)),
             att_vdata_mean(d, ANX(col)), att_vdata_mean(d, AVO(col)));
}

/* A trait's column at its two values. */
static void describe_trait(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                           const xdata *x)
{
    (void)x;
    int col = c->stat.a % XS_NCOLS;
    snprintf(buf, size, "means: %.3g at the lower value, %.3g at the higher",
             att_vdata_mean(d, LOW(col)), att_vdata_mean(d, HIGH(col)));
}

/* Protest with the intrusive mother: shares and what is counted. */
static void describe_protest(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                             const xdata *x)
{
    (void)c;
    (void)x;
    snprintf(buf, size, "share of infants pushing %.3g; protest onsets %.3g a minute; "
             "protesting %.3g of the time", att_vdata_mean(d, XP_PUSH),
             att_vdata_mean(d, XP_PROTEST_PM), att_vdata_mean(d, XP_PROTEST));
}

/* Reported (from codes) against true shares. */
static void describe_measure(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                             const xdata *x)
{
    (void)x;
    int rep, tru;
    const char *what;
    if (d->ncols != XP_NCOLS && c->stat.a == XS_GAZE_MEASURE) {
        rep = XS_SF_GAZE_REPORTED, tru = XS_SF_GAZE, what = "gaze, still face";
    } else if (d->ncols != XP_NCOLS && c->stat.a == XS_POS_MEASURE) {
        snprintf(buf, size, "positive, play: reported %.3g, smiling at her %.3g, "
                 "smiling at any gaze %.3g", att_vdata_mean(d, XS_PLAY_POS_REPORTED),
                 att_vdata_mean(d, XS_PLAY_POS_AT), att_vdata_mean(d, XS_PLAY_POS));
        return;
    } else {
        rep = XP_GAZE_REPORTED, tru = XP_GAZE, what = "gaze, intrusive mother";
    }

    snprintf(buf, size, "%s: reported %.3g, true state %.3g", what, att_vdata_mean(d, rep),
             att_vdata_mean(d, tru));
}

/* Crying in the three episodes. */
static void describe_cry(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                         const xdata *x)
{
    (void)c;
    (void)x;
    snprintf(buf, size, "share of infants who cry: play %.3g, still face %.3g, reunion %.3g",
             att_vdata_mean(d, XS_PLAY_CRY), att_vdata_mean(d, XS_SF_CRY),
             att_vdata_mean(d, XS_RU_CRY));
}

/* Crying in the two halves of the still face. */
static void describe_cry_halves(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                                const xdata *x)
{
    (void)c;
    (void)x;
    snprintf(buf, size, "share of infants who cry: still face's first half %.3g, second half "
             "%.3g (play %.3g)", att_vdata_mean(d, XS_SF_CRY_FIRST),
             att_vdata_mean(d, XS_SF_CRY_SECOND), att_vdata_mean(d, XS_PLAY_CRY));
}

/* The first push with the intrusive mother. */
static void describe_push(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                          const xdata *x)
{
    (void)c;
    (void)x;
    snprintf(buf, size, "%.0f infants push (%.3g); when the first push's bout began she had "
             "loomed %.3g s (SD %.3g); a share %.3g had fussed 1 s or more first",
             att_vdata_mean(d, XP_PUSH) * (double)d->n,
             att_vdata_mean(d, XP_PUSH), att_vdata_mean(d, XP_PUSH_AFTER_S),
             att_vdata_sd(d, XP_PUSH_AFTER_S), att_vdata_mean(d, XP_PUSH_FUSSED));
}

/* Withdrawal in the still face and the reunion. */
static void describe_withdraw(char *buf, size_t size, const att_vcheck *c, const att_vdata *d,
                              const xdata *x)
{
    (void)c;
    (void)x;
    snprintf(buf, size, "share of infants who withdraw: still face %.3g, reunion %.3g",
             att_vdata_mean(d, XS_SF_WITHDRAW), att_vdata_mean(d, XS_RU_WITHDRAW));
}

/* ---- the checks ------------------------------------------------------------ */

#define ABOVE0 ATT_VRULE_ABOVE, 0, INFINITY
#define MESMAN "Mesman et al. 2009, recalled"
#define JUDGED "judgement, no published figure"
#define VIGNETTE "Tronick 1989 vignette, seed 003, read"
#define AINSWORTH "Ainsworth et al. 1978, recalled"
#define SEED002 "seed 002, read"

static const xcheck expert_checks[] = {
    /* item 1: effect sizes from the model, not from the imposed spreads */
    { { "expert.sf_gaze_d", "gaze at her, play vs still face (d, play - still)", MESMAN,
        "d about 1", ATT_VRULE_RANGE, 0.6, 1.4,
        { ATT_VSTAT_D, XS_PLAY_GAZE, XS_SF_GAZE } }, ON_SESSION, describe_spreads },
    { { "expert.sf_positive_d", "positive affect, play vs still face (d, play - still)", MESMAN,
        "d about 1", ATT_VRULE_RANGE, 0.6, 1.4,
        { ATT_VSTAT_D, XS_PLAY_POS, XS_SF_POS } }, ON_SESSION, describe_spreads },
    { { "expert.sf_negative_d", "negative affect, still face vs play (d, still - play)", MESMAN,
        "d about 0.5-0.8", ATT_VRULE_RANGE, 0.3, 1.0,
        { ATT_VSTAT_D, XS_SF_NEG, XS_PLAY_NEG } }, ON_SESSION, describe_spreads },
    { { "expert.sf_gaze_d_half", "sf gaze d with every population spread halved", MESMAN,
        "d about 1, from modest spreads", ATT_VRULE_RANGE, 0.6, 1.4,
        { ATT_VSTAT_D, XS_PLAY_GAZE, XS_SF_GAZE } }, ON_HALF, describe_spreads },
    { { "expert.sf_positive_d_half", "sf positive d with every population spread halved",
        MESMAN, "d about 1, from modest spreads", ATT_VRULE_RANGE, 0.6, 1.4,
        { ATT_VSTAT_D, XS_PLAY_POS, XS_SF_POS } }, ON_HALF, describe_spreads },
    { { "expert.sf_negative_d_half", "sf negative d with every population spread halved",
        MESMAN, "d about 0.5-0.8, from modest spreads", ATT_VRULE_RANGE, 0.3, 1.0,
        { ATT_VSTAT_D, XS_SF_NEG, XS_PLAY_NEG } }, ON_HALF, describe_spreads },
    /* [0.12, 0.22]: the recalled 0.15-0.2 widened by one se, as
     * data/targets/literature.csv gives it (infant_gaze_prop_sd) */
    { { "expert.play_gaze_sd_half", "SD across infants of play gaze share, spreads halved",
        "face-to-face studies, recalled", "SD about 0.15-0.2", ATT_VRULE_RANGE, 0.12, 0.22,
        { ATT_VSTAT_SD, XS_PLAY_GAZE, 0 } }, ON_HALF, describe_spreads },
    /* ... and the traits that make them differ act as documented
     * (docs/MODEL.md 2.9): younger infants look at her more, reactive ones
     * are more upset when she goes blank and after, the hard to soothe
     * stay upset when she returns and soothes */
    { { "expert.age_play_gaze", "play: share looking at her, 3-month-olds - 6-month-olds",
        "Kaye & Fogel 1980, recalled; range " JUDGED, "falls with age: about 70 % at 6 "
        "weeks to 33 % at 26", ATT_VRULE_RANGE, 0.1, 0.4,
        { ATT_VSTAT_DIFF, LOW(XS_PLAY_GAZE), HIGH(XS_PLAY_GAZE) } }, ON_AGE, describe_trait },
    { { "expert.reactive_sf_negative", "still face: negative share, reactive - placid "
        "(reactivity 1.28 and 0.78)", "Rothbart & Derryberry 1981, recalled",
        "more reactive infants are more distressed by the same event", ABOVE0,
        { ATT_VSTAT_DIFF, HIGH(XS_SF_NEG), LOW(XS_SF_NEG) } }, ON_REACTIVITY,
      describe_trait },
    { { "expert.reactive_reunion_negative", "reunion: negative share, reactive - placid "
        "(reactivity 1.28 and 0.78)", "Yoo & Reeb-Sutherland 2013, abstract read; "
        "temperamental negativity taken as reactivity, a judgement",
        "infants high in negative temperament are more negatively engaged in the reunion",
        ABOVE0, { ATT_VSTAT_DIFF, HIGH(XS_RU_NEG), LOW(XS_RU_NEG) } }, ON_REACTIVITY,
      describe_trait },
    { { "expert.soothable_reunion_negative", "reunion: negative share, hard - easy to soothe "
        "(soothability 2.41 and 3.98)", "Rothbart 1981, recalled",
        "the less soothable stay upset longer when she soothes", ABOVE0,
        { ATT_VSTAT_DIFF, LOW(XS_RU_NEG), HIGH(XS_RU_NEG) } }, ON_SOOTHABILITY,
      describe_trait },
    /* item 2: carry-over and crying */
    { { "expert.reunion_negative_d", "negative affect, reunion vs play (d, reunion - play)",
        "Weinberg & Tronick 1996, Mesman et al. 2009, abstracts read; size recalled",
        "more negative than in play, a small effect",
        ATT_VRULE_RANGE, 0.2, 0.8,
        { ATT_VSTAT_D, XS_RU_NEG, XS_PLAY_NEG } }, ON_SESSION, describe_means },
    /* The same two d's as an observer codes negative (protest or withdrawn:
     * a negative display, whatever the face, or slumped withdrawal;
     * docs/MODEL.md 3.1), which is what the scorer's infant_negative_prop
     * and so `attune fit` count, and what the literature's coders saw. */
    { { "expert.sf_negative_d_codes", "negative as coded, still face vs play (d, still - play)",
        MESMAN, "d about 0.5-0.8", ATT_VRULE_RANGE, 0.3, 1.0,
        { ATT_VSTAT_D, XS_SF_NEG_CODED, XS_PLAY_NEG_CODED } }, ON_SESSION, describe_means },
    { { "expert.reunion_negative_d_codes", "negative as coded, reunion vs play (d, reunion - play)",
        "Weinberg & Tronick 1996, Mesman et al. 2009, abstracts read; size recalled",
        "more negative than in play, a small effect", ATT_VRULE_RANGE, 0.2, 0.8,
        { ATT_VSTAT_D, XS_RU_NEG_CODED, XS_PLAY_NEG_CODED } }, ON_SESSION, describe_means },
    { { "expert.sf_cry", "share of infants who cry at some point in the still face",
        "Weinberg & Tronick 1996; " JUDGED, "a minority, not almost none", ATT_VRULE_RANGE,
        0.1, 0.5, { ATT_VSTAT_MEAN, XS_SF_CRY, 0 } }, ON_SESSION, describe_cry },
    /* ... but not in calm play: a crying infant ends most sessions before
     * the still face, and studies report such sessions as exclusions */
    { { "expert.play_cry", "share of infants who cry at some point in play (patient mother)",
        JUDGED, "few: calm play", ATT_VRULE_RANGE, 0, 0.1,
        { ATT_VSTAT_MEAN, XS_PLAY_CRY, 0 } }, ON_SESSION, describe_cry },
    { { "expert.reunion_cry", "share of infants who cry, reunion - play",
        "Weinberg & Tronick 1996, abstract read", "more fussing and crying in the reunion",
        ABOVE0,
        { ATT_VSTAT_DIFF, XS_RU_CRY, XS_PLAY_CRY } }, ON_SESSION, describe_cry },
    /* ... and crying that grows while she stays blank (What to build, 2) */
    { { "expert.sf_cry_grows", "share of infants who cry, still face's second half - first "
        "half", "Ekas et al. 2013, abstract read; for crying " JUDGED,
        "negative affect, so crying, grows over an unrepaired still face", ABOVE0,
        { ATT_VSTAT_DIFF, XS_SF_CRY_SECOND, XS_SF_CRY_FIRST } }, ON_SESSION,
      describe_cry_halves },
    /* item 3: a response that unfolds over the episode */
    /* The lower end is below 0: seed 002 (read) has the infant first try
     * to re-engage her and turn away only when she stays unresponsive, so
     * a first 15 s that keep play's gaze are what it describes; a rise of
     * more than a fifth of the later drop would not be (judged). */
    { { "expert.sf_gaze_early", "share of the gaze drop (play to last 60 s) reached in the "
        "first 15 s", "Ekas et al. 2013, abstract read; seed 002, read; range judged",
        "gaze declines with time in the still face, after first bids to re-engage her",
        ATT_VRULE_RANGE, -0.2, 0.4, { ATT_VSTAT_RATIO, XS_GAZE_DROP_EARLY, XS_GAZE_DROP_LATE } },
      ON_SESSION, describe_course },
    { { "expert.sf_negative_early", "share of the negative rise (play to last 60 s) reached in "
        "the first 15 s", "Ekas et al. 2013, abstract read; range judged",
        "cry-face rises with time in the still face",
        ATT_VRULE_RANGE, 0, 0.4, { ATT_VSTAT_RATIO, XS_NEG_RISE_EARLY, XS_NEG_RISE_LATE } },
      ON_SESSION, describe_course },
    /* item 4: a calm play rhythm */
    { { "expert.play_aversions", "gaze aversions a minute in play (onsets of gaze away)",
        "Brazelton et al. 1975, abstract read", "attention cycles, several a minute",
        ATT_VRULE_RANGE, 2, 6, { ATT_VSTAT_MEAN, XS_PLAY_AVERT_PM, 0 } },
      ON_SESSION, describe_means },
    { { "expert.play_greetings", "the patient mother's greetings a minute in play",
        "Tronick 1989; " JUDGED, "she greets his returns, a few a minute", ATT_VRULE_RANGE,
        1, 6, { ATT_VSTAT_MEAN, XS_PLAY_GREET_PM, 0 } }, ON_SESSION, describe_means },
    { { "expert.play_mother_plays", "share of play the patient mother spends playing",
        "Tronick 1989; " JUDGED, "she plays most of the time", ATT_VRULE_RANGE, 0.5, 0.9,
        { ATT_VSTAT_MEAN, XS_PLAY_MOM_PLAYS, 0 } }, ON_SESSION, describe_means },
    /* item 5: the intrusive mother: one escalation, not constant pushing */
    { { "expert.intrusive_push", "share of infants who push at her (intrusive mother, 180 s)",
        "Tronick 1989 vignette; " JUDGED, "pushing is an escalation, not every infant's",
        ATT_VRULE_RANGE, 0.1, 0.8, { ATT_VSTAT_MEAN, XP_PUSH, 0 } },
      ON_INTRUSIVE, describe_protest },
    /* at most about one protest a minute, three bouts in three minutes:
     * judgement, as the vignette's scene lasts seconds (up to 2 a minute
     * until session 22; docs/VALIDATION.md 4, item 5) */
    { { "expert.intrusive_protest_onsets", "protest onsets a minute (fuss or push), intrusive "
        "mother", "Tronick 1989 vignette; " JUDGED, "one escalation in the episode",
        ATT_VRULE_RANGE, 0.2, 1, { ATT_VSTAT_MEAN, XP_PROTEST_PM, 0 } },
      ON_INTRUSIVE, describe_protest },
    /* ... the push an escalation: after she persists, through fussing */
    { { "expert.intrusive_push_after", "s she had been looming without a break when the bout of "
        "an infant's first push began (infants who push)", VIGNETTE "; range " JUDGED,
        "he pushes after she persists, not at her first lean-in", ATT_VRULE_RANGE, 3, 60,
        { ATT_VSTAT_MEAN, XP_PUSH_AFTER_S, 0 } }, ON_PUSHERS, describe_push },
    { { "expert.intrusive_push_fussed", "share of pushing infants who had fussed 1 s or more "
        "before the first push", VIGNETTE "; range " JUDGED,
        "frowned, fussed, and pushed: an escalation",
        ATT_VRULE_RANGE, 0.5, 1, { ATT_VSTAT_MEAN, XP_PUSH_FUSSED, 0 } }, ON_PUSHERS,
      describe_push },
    /* item 6: presets that match what they claim */
    { { "expert.anxious_play_negative", "anxious preset: share of ordinary play negative",
        "Beebe et al. 2010; " JUDGED, "not distressed in calm play", ATT_VRULE_RANGE, 0, 0.15,
        { ATT_VSTAT_MEAN, ANX(XS_PLAY_NEG), 0 } }, ON_PRESETS, describe_presets },
    { { "expert.avoidant_play_gaze", "avoidant preset: share of ordinary play looking at her",
        "Beebe et al. 2010; " JUDGED, "looks at her for much of calm play", ATT_VRULE_RANGE,
        0.35, 0.85, { ATT_VSTAT_MEAN, AVO(XS_PLAY_GAZE), 0 } }, ON_PRESETS, describe_presets },
    /* ... each preset against the default infant in each episode, as its
     * description claims (docs/MODEL.md 8) */
    { { "expert.secure_play_gaze", "play: share looking at her, secure - default",
        SEED002 "; for play " JUDGED,
        "reaches for reconnection: comes back readily after looking away", ABOVE0,
        { ATT_VSTAT_DIFF, SEC(XS_PLAY_GAZE), DEF(XS_PLAY_GAZE) } }, ON_PRESETS,
      describe_presets },
    { { "expert.secure_sf_negative", "still-face negative share, default - secure",
        "Mesman et al. 2009, abstract read", "less still-face negative affect predicts "
        "security", ABOVE0, { ATT_VSTAT_DIFF, DEF(XS_SF_NEG), SEC(XS_SF_NEG) } },
      ON_PRESETS, describe_presets },
    { { "expert.secure_reunion_negative", "reunion: negative share, default - secure",
        AINSWORTH, "readily comforted when she returns", ABOVE0,
        { ATT_VSTAT_DIFF, DEF(XS_RU_NEG), SEC(XS_RU_NEG) } }, ON_PRESETS, describe_presets },
    { { "expert.anxious_play_negative_vs", "play: negative share, anxious - default",
        SEED002 "; range " JUDGED, "small disconnections felt as major ruptures, yet calm "
        "play: at most a little more negative", ATT_VRULE_RANGE, -0.02, 0.05,
        { ATT_VSTAT_DIFF, ANX(XS_PLAY_NEG), DEF(XS_PLAY_NEG) } }, ON_PRESETS,
      describe_presets },
    { { "expert.anxious_sf_negative", "still face: negative share, anxious - default",
        "Mesman et al. 2009, abstract read; " SEED002,
        "escalates: more negative when she goes blank", ABOVE0,
        { ATT_VSTAT_DIFF, ANX(XS_SF_NEG), DEF(XS_SF_NEG) } }, ON_PRESETS, describe_presets },
    { { "expert.anxious_reunion_negative", "reunion: negative share, anxious - default",
        AINSWORTH, "the resistant infant stays upset when she returns", ABOVE0,
        { ATT_VSTAT_DIFF, ANX(XS_RU_NEG), DEF(XS_RU_NEG) } }, ON_PRESETS, describe_presets },
    { { "expert.avoidant_play_gaze_vs", "play: share looking at her, default - avoidant",
        SEED002 "; for play " JUDGED, "withdraws further: looks away more",
        ABOVE0, { ATT_VSTAT_DIFF, DEF(XS_PLAY_GAZE), AVO(XS_PLAY_GAZE) } }, ON_PRESETS,
      describe_presets },
    { { "expert.avoidant_sf_negative", "still face: negative share, default - avoidant",
        AINSWORTH, "shows little distress",
        ABOVE0, { ATT_VSTAT_DIFF, DEF(XS_SF_NEG), AVO(XS_SF_NEG) } }, ON_PRESETS,
      describe_presets },
    { { "expert.avoidant_reunion_gaze", "reunion: share looking at her, default - avoidant",
        AINSWORTH, "avoids her when she returns", ABOVE0,
        { ATT_VSTAT_DIFF, DEF(XS_RU_GAZE), AVO(XS_RU_GAZE) } }, ON_PRESETS,
      describe_presets },
    /* item 7: withdrawal resolves when she returns */
    { { "expert.withdraw_resolves", "share of infants who withdraw, still face - reunion",
        "Weinberg & Tronick 1996; " JUDGED, "her return ends withdrawal", ABOVE0,
        { ATT_VSTAT_DIFF, XS_SF_WITHDRAW, XS_RU_WITHDRAW } }, ON_SESSION, describe_withdraw },
    { { "expert.reunion_withdraw", "share of infants withdrawn at some point in the reunion",
        "Weinberg & Tronick 1996; " JUDGED, "few", ATT_VRULE_RANGE, 0, 0.1,
        { ATT_VSTAT_MEAN, XS_RU_WITHDRAW, 0 } }, ON_SESSION, describe_withdraw },
    /* item 8: repair in play, coded each second */
    { { "expert.play_repair_next", "miscoordinated bouts in play ending at the next 1-s step",
        "Tronick & Cohn 1989, recalled", "about a third", ATT_VRULE_RANGE, 0.25, 0.45,
        { ATT_VSTAT_RATIO, XS_WITHIN1, XS_KNOWN1 } }, ON_SESSION, describe_bouts },
    { { "expert.play_repair_3s", "miscoordinated bouts in play ending within 3 s",
        "Tronick & Gianino 1986, recalled", "most, with a margin", ATT_VRULE_RANGE, 0.6, 0.95,
        { ATT_VSTAT_RATIO, XS_WITHIN3, XS_KNOWN3 } }, ON_SESSION, describe_bouts },
    /* ... and not by smiles too brief to code: a smile that flickers off and
     * on again within a second repairs nothing an observer sees */
    { { "expert.play_smile_short", "smiles in play lasting under 1 s (true affect, any gaze)",
        "Messinger, Fogel & Dickson 1999, recalled; " JUDGED, "most smiles last a second "
        "or more", ATT_VRULE_RANGE, 0, 0.5, { ATT_VSTAT_RATIO, XS_SMILES_SHORT, XS_SMILES } },
      ON_SESSION, describe_bouts },
    /* item 9: what is reported is what the infant does */
    { { "expert.gaze_measure", "still face: infant_gaze_prop - share gazing at her",
        "GUIDE.md 4: codes as an observer sees", "the same", ATT_VRULE_RANGE, -0.01, 0.01,
        { ATT_VSTAT_MEAN, XS_GAZE_MEASURE, 0 } }, ON_SESSION, describe_measure },
    { { "expert.positive_measure", "play: infant_positive_prop - share smiling at her",
        "GUIDE.md 4: codes as an observer sees", "the same", ATT_VRULE_RANGE, -0.01, 0.01,
        { ATT_VSTAT_MEAN, XS_POS_MEASURE, 0 } }, ON_SESSION, describe_measure },
    { { "expert.gaze_measure_intrusive", "intrusive mother: infant_gaze_prop - share gazing at "
        "her", "GUIDE.md 4: codes as an observer sees", "the same", ATT_VRULE_RANGE, -0.01,
        0.01, { ATT_VSTAT_MEAN, XP_GAZE_MEASURE, 0 } }, ON_INTRUSIVE, describe_measure },
};

/* ---- the group ---------------------------------------------------------- */

/* The still-face session at spread k, simulated on first need. */
static const att_vdata *spread_at(att_validate *v, xdata *x, int k, att_error *err)
{
    if (!x->spread[k])
        x->spread[k] = att_validate_population_scaled(v, &session_pop, spread_scale[k], err);
    return x->spread[k];
}

/* The rows check kind `on` reads, simulated on first need (a check --only
 * leaves out costs nothing); NULL with `err` filled on failure. */
static const att_vdata *data_for(att_validate *v, xdata *x, xon on, att_error *err)
{
    switch (on) {
    case ON_SESSION:
        return spread_at(v, x, SPREAD_ONE, err);
    case ON_HALF:
        return spread_at(v, x, SPREAD_HALF, err);
    case ON_INTRUSIVE:
    case ON_PUSHERS:
        if (!x->intrusive)
            x->intrusive = att_validate_population(v, &intrusive_pop, err);
        return x->intrusive;
    case ON_PRESETS:
        if (!x->presets) {
            const att_vdata *p[4];
            for (int k = 0; k < 4; k++)
                if (!(p[k] = att_validate_population(v, &preset_pops[k], err)))
                    return NULL;
            const att_vdata *ds = att_validate_join(v, p[0], p[1], err);
            const att_vdata *ax = ds ? att_validate_join(v, p[2], p[3], err) : NULL;
            x->presets = ax ? att_validate_join(v, ds, ax, err) : NULL;
        }
        return x->presets;
    case ON_AGE:
    case ON_REACTIVITY:
    case ON_SOOTHABILITY: {
        int t = (int)on - (int)ON_AGE;
        if (!x->trait[t]) {
            const att_vdata *lo = att_validate_population(v, &trait_pops[t][0], err);
            const att_vdata *hi = lo ? att_validate_population(v, &trait_pops[t][1], err) : NULL;
            x->trait[t] = hi ? att_validate_join(v, lo, hi, err) : NULL;
        }
        return x->trait[t];
    }
    }
    assert(!"a check reads rows of no kind");
    return NULL;
}

/* describe_spreads reads every spread. */
static int load_spreads(att_validate *v, xdata *x, att_error *err)
{
    for (int k = 0; k < NSPREAD; k++)
        if (!spread_at(v, x, k, err))
            return err->code;
    return ATT_OK;
}

int att_validate_group_expert(att_validate *v, att_error *err)
{
    xdata x = { { NULL }, NULL, NULL, { NULL }, NULL };
    int rc = (x.work = malloc(2 * ((size_t)att_validate_infants(v) + 1) * sizeof *x.work))
                 ? ATT_OK : att_error_nomem(err);
    for (size_t i = 0; rc == ATT_OK && i < sizeof expert_checks / sizeof expert_checks[0]; i++) {
        const xcheck *c = &expert_checks[i];
        if (!att_validate_wants(v, c->c.id))
            continue;
        const att_vdata *d = data_for(v, &x, c->on, err);
        if (!d || (c->describe == describe_spreads && load_spreads(v, &x, err) != ATT_OK)) {
            rc = err->code;
            break;
        }
        char detail[200];
        c->describe(detail, sizeof detail, &c->c, d, &x);
        size_t have = c->on == ON_PUSHERS ? att_vdata_count(d, c->c.stat.a) : 0;
        if (c->on == ON_PUSHERS && have < MIN_PUSHERS) {
            /* no rows: the estimate is NaN and the check fails */
            static const att_vdata none = { NULL, 0, XP_NCOLS };
            snprintf(detail, sizeof detail, "not measured: %zu of %zu infants push, and it "
                     "needs %d", have, d->n, MIN_PUSHERS);
            d = &none;
        }
        rc = att_validate_report(v, &c->c, d, NULL, detail, err);
    }
    free(x.work);
    return rc;
}
