/* The validation group `expert` (validate/validate_expert*.c): its
 * per-infant measurements fed hand-made steps and checked against values
 * counted by hand (each worked out in a comment), the SD statistic, and its
 * place in the suite: by default, since session 9. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <string.h>
#include "attune/validate.h"
#include "validate/validate_expert.h"

#define TOL 1e-12

/* A step of phase `phase` at index k (t = k * dt within the session). */
static att_step mk(int phase, long k, double dt, att_gaze gaze, att_affect affect,
                   att_infant_behavior b, att_care_mode mode)
{
    att_step st;
    memset(&st, 0, sizeof st);
    st.phase = phase;
    st.index = k;
    st.t = (double)k * dt;
    st.infant.gaze = gaze;
    st.infant.affect = affect;
    st.infant.behavior = b;
    st.caregiver_mode = mode;
    return st;
}

/* dt 1 s: play 10 steps, still face 80, reunion 10. */
START_TEST(test_session_windows)
{
    enum { PLAY, STILL, REUNION };
    att_xs x;
    att_xs_begin(&x, PLAY, STILL, REUNION, 80, 1.0);
    /* Play.  Gaze: at at away away at away at at at at -> 7/10 at; aversion
     * onsets at steps 2 and 5 (the step before was at): 2 in 10 s = 12 a
     * minute.  Affect: positive at 0-3, negative at 9.  Her modes: play
     * play wait wait wait greet play greet greet play -> greeting onsets at
     * 5 and 7 = 12 a minute; playing at 0, 1, 6, 9 = 0.4. */
    static const int gaze[10] = { 1, 1, 0, 0, 1, 0, 1, 1, 1, 1 };
    static const att_care_mode mode[10] = {
        ATT_CM_PLAY, ATT_CM_PLAY, ATT_CM_WAIT, ATT_CM_WAIT, ATT_CM_WAIT,
        ATT_CM_GREET, ATT_CM_PLAY, ATT_CM_GREET, ATT_CM_GREET, ATT_CM_PLAY
    };
    long k = 0;
    for (int i = 0; i < 10; i++, k++) {
        att_affect a = i < 4 ? ATT_AFFECT_POSITIVE : i == 9 ? ATT_AFFECT_NEGATIVE
                                                             : ATT_AFFECT_NEUTRAL;
        att_step st = mk(PLAY, k, 1.0, gaze[i] ? ATT_GAZE_AT : ATT_GAZE_AWAY, a, ATT_IB_ENGAGE,
                         mode[i]);
        /* The observer's codes, set apart from the states so that the
         * coded share is seen to count codes: protest at 9, withdrawn at
         * 3 (a smile), monitor elsewhere -> 2/10 coded negative. */
        st.infant_code = i == 9 ? ATT_IC_PROTEST : i == 3 ? ATT_IC_WITHDRAWN : ATT_IC_MONITOR;
        att_xs_push(&x, &st, 1);
    }
    /* Still face, steps 0-79 of the phase: gaze at for the first 10,
     * negative from step 12, a cry at 50, withdrawal at 70.  The first 15 s
     * are steps 0-14 (gaze 10/15, negative 3/15 = 0.2), the last 60 s steps
     * 20-79 (gaze 0, negative 1); its halves are steps 0-39 and 40-79, so
     * the cry falls in the second. */
    for (int i = 0; i < 80; i++, k++) {
        att_infant_behavior b = i == 50 ? ATT_IB_DISTRESS : i == 70 ? ATT_IB_WITHDRAWAL
                                                                    : ATT_IB_LOOK_AWAY;
        att_step st = mk(STILL, k, 1.0, i < 10 ? ATT_GAZE_AT : ATT_GAZE_AWAY,
                         i >= 12 ? ATT_AFFECT_NEGATIVE : ATT_AFFECT_NEUTRAL, b, ATT_CM_STILL);
        st.infant_code = i >= 40 ? ATT_IC_WITHDRAWN : ATT_IC_AVERT;   /* 40/80 coded negative */
        att_xs_push(&x, &st, 0);
    }
    /* Reunion: negative for 2 of 10 steps, withdrawn at its first. */
    for (int i = 0; i < 10; i++, k++) {
        att_step st = mk(REUNION, k, 1.0, ATT_GAZE_AT,
                         i < 2 ? ATT_AFFECT_NEGATIVE : ATT_AFFECT_NEUTRAL,
                         i == 0 ? ATT_IB_WITHDRAWAL : ATT_IB_ENGAGE, ATT_CM_SOOTHE);
        st.infant_code = i == 5 ? ATT_IC_PROTEST : ATT_IC_MONITOR;      /* 1/10 coded negative */
        att_xs_push(&x, &st, 0);
    }
    double row[XS_NCOLS];
    att_xs_end(&x, 0.3, 0.5, row);
    ck_assert_double_eq_tol(row[XS_PLAY_GAZE], 0.7, TOL);
    ck_assert_double_eq_tol(row[XS_PLAY_POS], 0.4, TOL);
    ck_assert_double_eq_tol(row[XS_PLAY_NEG], 0.1, TOL);
    ck_assert_double_eq_tol(row[XS_PLAY_AVERT_PM], 12, TOL);
    ck_assert_double_eq_tol(row[XS_PLAY_GREET_PM], 12, TOL);
    ck_assert_double_eq_tol(row[XS_PLAY_MOM_PLAYS], 0.4, TOL);
    ck_assert_double_eq(row[XS_PLAY_CRY], 0);
    ck_assert_double_eq_tol(row[XS_SF_GAZE], 10.0 / 80, TOL);
    ck_assert_double_eq_tol(row[XS_SF_NEG], 68.0 / 80, TOL);
    ck_assert_double_eq(row[XS_SF_POS], 0);
    ck_assert_double_eq(row[XS_SF_CRY], 1);
    ck_assert_double_eq(row[XS_SF_CRY_FIRST], 0);
    ck_assert_double_eq(row[XS_SF_CRY_SECOND], 1);
    ck_assert_double_eq(row[XS_SF_WITHDRAW], 1);
    ck_assert_double_eq_tol(row[XS_EARLY_GAZE], 10.0 / 15, TOL);
    ck_assert_double_eq_tol(row[XS_EARLY_NEG], 0.2, TOL);
    ck_assert_double_eq(row[XS_LATE_GAZE], 0);
    ck_assert_double_eq(row[XS_LATE_NEG], 1);
    ck_assert_double_eq_tol(row[XS_RU_NEG], 0.2, TOL);
    ck_assert_double_eq(row[XS_RU_CRY], 0);
    ck_assert_double_eq(row[XS_RU_WITHDRAW], 1);
    /* Drops and rises from play: 0.7 - 2/3, 0.7 - 0, 0.2 - 0.1, 1 - 0.1. */
    ck_assert_double_eq_tol(row[XS_GAZE_DROP_EARLY], 0.7 - 10.0 / 15, TOL);
    ck_assert_double_eq_tol(row[XS_GAZE_DROP_LATE], 0.7, TOL);
    ck_assert_double_eq_tol(row[XS_NEG_RISE_EARLY], 0.1, TOL);
    ck_assert_double_eq_tol(row[XS_NEG_RISE_LATE], 0.9, TOL);
    /* Smiling while looking at her: steps 0 and 1 of play -> 0.2.
     * Reported minus true: 0.3 - 0.125, 0.5 - 0.2. */
    ck_assert_double_eq_tol(row[XS_PLAY_POS_AT], 0.2, TOL);
    ck_assert_double_eq_tol(row[XS_GAZE_MEASURE], 0.175, TOL);
    ck_assert_double_eq_tol(row[XS_POS_MEASURE], 0.3, TOL);
    /* The observer's negative (protest or withdrawn), apart from affect. */
    ck_assert_double_eq_tol(row[XS_PLAY_NEG_CODED], 0.2, TOL);
    ck_assert_double_eq_tol(row[XS_SF_NEG_CODED], 0.5, TOL);
    ck_assert_double_eq_tol(row[XS_RU_NEG_CODED], 0.1, TOL);
}
END_TEST

/* Feeds play steps at dt 0.25 s whose coordination, coded at each whole
 * second, is `coded` (one letter a second, C or M); the steps between the
 * seconds flicker the other way, which the 1-s grid must not see. */
static void feed_grid(att_xs *x, const char *coded)
{
    size_t n = strlen(coded);
    for (long k = 0; k < (long)n * 4; k++) {
        int c = coded[k / 4] == 'C';
        att_step st = mk(0, k, 0.25, ATT_GAZE_AT, ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE, ATT_CM_PLAY);
        att_xs_push(x, &st, k % 4 == 0 ? c : !c);
    }
}

START_TEST(test_repair_grid)
{
    att_xs x;
    double row[XS_NCOLS];
    /* Coded C M C M M C M M M M C M (t = 0..11 s).  Miscoordinated bouts:
     * 1-2 (1 s: within 1 and 3), 3-5 (2 s: within 3 only), 6-10 (4 s:
     * neither), and 11 still open at the end of play (12 s): censored at
     * 1 s, so known not to end within 1 s, unknown for 3 s.  Within 1 s:
     * 1 of 4 known; within 3 s: 2 of 3 known. */
    att_xs_begin(&x, 0, 1, 2, 0, 0.25);
    feed_grid(&x, "CMCMMCMMMMCM");
    att_xs_end(&x, NAN, NAN, row);
    ck_assert_double_eq(row[XS_KNOWN1], 4);
    ck_assert_double_eq(row[XS_WITHIN1], 1);
    ck_assert_double_eq(row[XS_KNOWN3], 3);
    ck_assert_double_eq(row[XS_WITHIN3], 2);
    /* No still face or reunion: their shares do not exist. */
    ck_assert(isnan(row[XS_SF_GAZE]) && isnan(row[XS_RU_NEG]) && isnan(row[XS_SF_CRY]));
    ck_assert(isnan(row[XS_SF_CRY_FIRST]) && isnan(row[XS_SF_CRY_SECOND]));
    ck_assert(isnan(row[XS_GAZE_MEASURE]));
    ck_assert(isnan(row[XS_SF_NEG_CODED]) && isnan(row[XS_RU_NEG_CODED]));
    ck_assert_double_eq(row[XS_PLAY_NEG_CODED], 0);   /* play coded, none negative */
    /* A session that begins miscoordinated has no bout until it was first
     * coordinated: M M C M C -> one bout, 3-4 (1 s). */
    att_xs_begin(&x, 0, 1, 2, 0, 0.25);
    feed_grid(&x, "MMCMC");
    att_xs_end(&x, NAN, NAN, row);
    ck_assert_double_eq(row[XS_KNOWN1], 1);
    ck_assert_double_eq(row[XS_WITHIN1], 1);
    ck_assert_double_eq(row[XS_KNOWN3], 1);
    ck_assert_double_eq(row[XS_WITHIN3], 1);
    /* A bout open for 3 s at the end counts as not within 1 or 3 s. */
    att_xs_begin(&x, 0, 1, 2, 0, 0.25);
    feed_grid(&x, "CMMM");
    att_xs_end(&x, NAN, NAN, row);
    ck_assert_double_eq(row[XS_KNOWN1], 1);
    ck_assert_double_eq(row[XS_WITHIN1], 0);
    ck_assert_double_eq(row[XS_KNOWN3], 1);
    ck_assert_double_eq(row[XS_WITHIN3], 0);
}
END_TEST

/* Smiles in play at dt 0.5 s, one letter a step (P smiling, N not).  A
 * smile already on at play's first step has no known start and is left
 * out; one still on at the end is censored at play's end (the last step's
 * t + dt), known to be "not short" once it has lasted 1 s.
 *   PNPNNPPPNPPP: the smile at 2 ends at 3 (0.5 s, short); 5-7 ends at 8
 *   (1.5 s); 9-11 is censored at 6.0 - 4.5 = 1.5 s (not short): 3 smiles,
 *   1 short.
 *   PNPNNPPPNNNP: the last, at 11, is censored at 0.5 s: its outcome is
 *   unknown and it is left out: 2 smiles, 1 short. */
static void smiles_of(const char *affect, double *row)
{
    att_xs x;
    att_xs_begin(&x, 0, 1, 2, 10, 0.5);
    for (long k = 0; affect[k]; k++) {
        att_step st = mk(0, k, 0.5, ATT_GAZE_AT, affect[k] == 'P' ? ATT_AFFECT_POSITIVE
                                                                    : ATT_AFFECT_NEUTRAL,
                         ATT_IB_ENGAGE, ATT_CM_PLAY);
        att_xs_push(&x, &st, 1);
    }
    att_xs_end(&x, NAN, NAN, row);
}

START_TEST(test_smile_lengths)
{
    double row[XS_NCOLS];
    smiles_of("PNPNNPPPNPPP", row);
    ck_assert_double_eq(row[XS_SMILES], 3);
    ck_assert_double_eq(row[XS_SMILES_SHORT], 1);
    smiles_of("PNPNNPPPNNNP", row);
    ck_assert_double_eq(row[XS_SMILES], 2);
    ck_assert_double_eq(row[XS_SMILES_SHORT], 1);
}
END_TEST

START_TEST(test_early_late_at_dt)
{
    /* dt 0.1 s, a still face of 1200 steps: the first 15 s are 150 steps,
     * the last 60 s 600.  Gaze at exactly for steps 100-699 of the phase:
     * first 15 s 50/150, last 60 s (600-1199) 100/600. */
    att_xs x;
    att_xs_begin(&x, 0, 1, 2, 1200, 0.1);
    for (long i = 0; i < 1200; i++) {
        att_step st = mk(1, i, 0.1, i >= 100 && i < 700 ? ATT_GAZE_AT : ATT_GAZE_AWAY,
                         ATT_AFFECT_NEUTRAL, ATT_IB_ENGAGE, ATT_CM_STILL);
        att_xs_push(&x, &st, 0);
    }
    double row[XS_NCOLS];
    att_xs_end(&x, NAN, NAN, row);
    ck_assert_double_eq_tol(row[XS_EARLY_GAZE], 50.0 / 150, TOL);
    ck_assert_double_eq_tol(row[XS_LATE_GAZE], 100.0 / 600, TOL);
    ck_assert_double_eq_tol(row[XS_SF_GAZE], 600.0 / 1200, TOL);
    ck_assert(isnan(row[XS_PLAY_GAZE]) && isnan(row[XS_PLAY_AVERT_PM]));
}
END_TEST

START_TEST(test_peekaboo_onsets)
{
    /* dt 0.5 s, 12 steps = 0.1 min: engage fuss fuss engage push push fuss
     * engage engage push engage engage.  Protest onsets at steps 1, 4 and 9
     * (fuss -> push -> fuss is one bout): 3 in 0.1 min = 30 a minute;
     * protesting 6 of 12 steps; pushes.  Gaze at for 4 steps: 1/3; the
     * reported 0.5 is 1/6 too high. */
    static const att_infant_behavior b[12] = {
        ATT_IB_ENGAGE, ATT_IB_PROTEST_FUSS, ATT_IB_PROTEST_FUSS, ATT_IB_ENGAGE,
        ATT_IB_PROTEST_PUSH, ATT_IB_PROTEST_PUSH, ATT_IB_PROTEST_FUSS, ATT_IB_ENGAGE,
        ATT_IB_ENGAGE, ATT_IB_PROTEST_PUSH, ATT_IB_ENGAGE, ATT_IB_ENGAGE
    };
    att_xp x;
    att_xp_begin(&x, 0.5);
    for (long i = 0; i < 12; i++) {
        att_step st = mk(0, i, 0.5, i % 3 == 0 ? ATT_GAZE_AT : ATT_GAZE_AWAY,
                         ATT_AFFECT_NEUTRAL, b[i], ATT_CM_LOOM);
        att_xp_push(&x, &st);
    }
    double row[XP_NCOLS];
    att_xp_end(&x, 0.5, row);
    ck_assert_double_eq(row[XP_PUSH], 1);
    ck_assert_double_eq_tol(row[XP_PROTEST_PM], 30, TOL);
    ck_assert_double_eq_tol(row[XP_PROTEST], 0.5, TOL);
    ck_assert_double_eq_tol(row[XP_GAZE], 1.0 / 3, TOL);
    ck_assert_double_eq_tol(row[XP_GAZE_MEASURE], 0.5 - 1.0 / 3, TOL);
    /* She loomed at every step: the first push (step 4) is in the bout
     * that began at step 4, when she had loomed 5 steps of 0.5 s, 2.5 s;
     * it had fussed at steps 1 and 2, 1 s in all: a whole second. */
    ck_assert_double_eq_tol(row[XP_PUSH_AFTER_S], 2.5, TOL);
    ck_assert_double_eq(row[XP_PUSH_FUSSED], 1);
    /* Her looming broken: loom loom wait loom loom loom, a push at step 4
     * and again at 5, a fuss at 5 only: at the first push she had loomed
     * steps 3 and 4 without a break, 1 s; no fuss before it. */
    static const att_care_mode m2[6] = { ATT_CM_LOOM, ATT_CM_LOOM, ATT_CM_WAIT,
                                         ATT_CM_LOOM, ATT_CM_LOOM, ATT_CM_LOOM };
    att_xp_begin(&x, 0.5);
    for (long i = 0; i < 6; i++) {
        att_step s2 = mk(0, i, 0.5, ATT_GAZE_AWAY, ATT_AFFECT_NEGATIVE,
                         i == 4 ? ATT_IB_PROTEST_PUSH : i == 5 ? ATT_IB_PROTEST_FUSS
                                                               : ATT_IB_LOOK_AWAY, m2[i]);
        att_xp_push(&x, &s2);
    }
    att_xp_end(&x, NAN, row);
    ck_assert_double_eq_tol(row[XP_PUSH_AFTER_S], 1.0, TOL);
    ck_assert_double_eq(row[XP_PUSH_FUSSED], 0);
    /* She stops looming during the bout (she notices it): loom x3, then
     * notice; look-away, fuss from step 2 (she had loomed steps 0-2, 1.5
     * s), fuss, push at step 4 after she stopped.  The push counts the
     * looming before its bout began, 1.5 s (at the push itself her run
     * is 0); fussed 2 steps, 1 s: a whole second.  With the fuss at step 3
     * only, 0.5 s of fussing: not a whole second. */
    for (int late = 0; late < 2; late++) {
        static const att_care_mode m3[5] = { ATT_CM_LOOM, ATT_CM_LOOM, ATT_CM_LOOM,
                                             ATT_CM_NOTICE, ATT_CM_NOTICE };
        att_infant_behavior b3[5] = { ATT_IB_LOOK_AWAY, ATT_IB_LOOK_AWAY, ATT_IB_PROTEST_FUSS,
                                      ATT_IB_PROTEST_FUSS, ATT_IB_PROTEST_PUSH };
        if (late)
            b3[2] = ATT_IB_LOOK_AWAY;   /* the bout begins at step 3, when she notices */
        att_xp_begin(&x, 0.5);
        for (long i = 0; i < 5; i++) {
            att_step s3 = mk(0, i, 0.5, ATT_GAZE_AWAY, ATT_AFFECT_NEUTRAL, b3[i], m3[i]);
            att_xp_push(&x, &s3);
        }
        att_xp_end(&x, NAN, row);
        ck_assert_double_eq_tol(row[XP_PUSH_AFTER_S], late ? 0.0 : 1.5, TOL);
        ck_assert_double_eq(row[XP_PUSH_FUSSED], late ? 0 : 1);
    }
    /* Fussing without a push: no push; no steps: nothing defined. */
    att_xp_begin(&x, 0.5);
    att_step st = mk(0, 0, 0.5, ATT_GAZE_AT, ATT_AFFECT_NEGATIVE, ATT_IB_PROTEST_FUSS,
                     ATT_CM_LOOM);
    att_xp_push(&x, &st);
    att_xp_end(&x, 1, row);
    ck_assert_double_eq(row[XP_PUSH], 0);
    ck_assert_double_eq_tol(row[XP_PROTEST_PM], 120, TOL);   /* 1 onset in 0.5 s */
    ck_assert(isnan(row[XP_PUSH_AFTER_S]) && isnan(row[XP_PUSH_FUSSED]));
    att_xp_begin(&x, 0.5);
    att_xp_end(&x, NAN, row);
    ck_assert(isnan(row[XP_PUSH]) && isnan(row[XP_PROTEST_PM]) && isnan(row[XP_PROTEST]));
}
END_TEST

START_TEST(test_sd_statistic)
{
    /* Column 1 of rows {1, 2, NaN, 4}: Python statistics.stdev([1, 2, 4]) =
     * 1.5275252316519468; rows 0, 0, 3 resampled: stdev([1, 1, 4]) =
     * 1.7320508075688772. */
    const double x[] = { 9, 1, 9, 2, 9, NAN, 9, 4 };
    att_vdata d = { x, 4, 2 };
    att_vstat st = { ATT_VSTAT_SD, 1, 99 };   /* b is not read */
    double buf[16];
    ck_assert_double_eq_tol(att_vstat_eval(&st, &d, NULL, 0, buf), 1.5275252316519468, 1e-15);
    const size_t rows[] = { 0, 0, 3 };
    ck_assert_double_eq_tol(att_vstat_eval(&st, &d, rows, 3, buf), 1.7320508075688772, 1e-15);
    st.a = 2;   /* no such column */
    ck_assert(isnan(att_vstat_eval(&st, &d, NULL, 0, buf)));
}
END_TEST

/* ---- the group in the suite -------------------------------------------------- */

typedef fixture_ids ids;

static size_t run_only(const char *only, ids *k)
{
    static const char *const match_path[] = { ATT_SRCDIR "/data/match", NULL };
    att_validate_opts o = { ATT_SRCDIR "/scenarios", match_path, 5, 6, 12, only, 2 };
    att_error err = { 0 };
    k->n = 0;
    ck_assert_msg(att_validate_run(&o, fixture_keep_id, k, &err) == ATT_OK, "%s", err.msg);
    return k->n;
}

/* Since session 9 the group runs by default (it was pending: only under
 * --only expert), its 46 checks last (28 until expert.play_cry, session
 * 19; 29 until session 20's crying over the still face, the push as an
 * escalation and each preset against the default; 40 until session 21's
 * effects of age, reactivity and soothability; 44 until session 29's two
 * negative d's as the observer codes them), and any prefix of its
 * name selects it as for the other groups. */
START_TEST(test_expert_by_default)
{
    static ids k;
    size_t all = run_only(NULL, &k), experts = 0;
    ck_assert_uint_gt(all, 46 + 40);
    for (size_t i = 0; i < all; i++)
        experts += strncmp(k.id[i], "expert.", 7) == 0;
    ck_assert_uint_eq(experts, 46);
    for (size_t i = all - 46; i < all; i++)
        ck_assert_msg(strncmp(k.id[i], "expert.", 7) == 0, "%s", k.id[i]);
    ck_assert_uint_eq(run_only("exp", &k), 46);
    ck_assert_uint_eq(run_only("expertx", &k), 0);
    /* Named, it runs: all of it, or one check. */
    size_t n = run_only("expert", &k);
    ck_assert_uint_eq(n, 46);
    for (size_t i = 0; i < n; i++)
        ck_assert(strncmp(k.id[i], "expert.", 7) == 0);
    ck_assert_uint_eq(run_only("expert.play_repair_next", &k), 1);
    double expert = k.est[0];
    /* The same infants, the same 1-s grid: the play group's figure. */
    ck_assert_uint_eq(run_only("play.repair_next", &k), 1);
    ck_assert(isfinite(expert));
    ck_assert_double_eq(expert, k.est[0]);
}
END_TEST

Suite *suite_validate_expert(void)
{
    Suite *s = suite_create("validate_expert");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_session_windows);
    tcase_add_test(tc, test_repair_grid);
    tcase_add_test(tc, test_smile_lengths);
    tcase_add_test(tc, test_early_late_at_dt);
    tcase_add_test(tc, test_peekaboo_onsets);
    tcase_add_test(tc, test_sd_statistic);
    tcase_add_test(tc, test_expert_by_default);
    suite_add_tcase(s, tc);
    return s;
}
