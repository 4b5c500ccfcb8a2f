/* fit/: `attune fit --code-interval S`, the simulated dyads coded as an
 * observer coding every S s would (att_fit_opts' code_interval, docs/FIT.md
 * "Coding on a grid").
 *
 * - att_fit_code_steps: S / dt when that is a whole number >= 1, else 0
 *   with ATT_EINPUT naming the flag.
 * - What the grid does to the statistics, on three 10-s play sessions at
 *   dt 0.1 worked by hand (same rule as validate's play group: a step is
 *   kept when its time is within dt/2 of a multiple of S; each kept code
 *   lasts until the next kept one).  Matched everywhere but:
 *     s1: mismatched 3.2-3.7 s (0.5 s between the grid points 3 and 4)
 *     s2: mismatched 4.4-6.7 s (2.3 s; grid points 5 and 6 mismatched)
 *     s3: mismatched 4.9-7.2 s (2.3 s; grid points 5, 6 and 7)
 *   the infant `avert` while mismatched, `monitor` otherwise.
 *   Every step: three ruptures of 0.5, 2.3 and 2.3 s; 6 a minute in each
 *     session; transitions 12 a minute; matched (0.95 + 0.77 + 0.77) / 3;
 *     Kaplan-Meier S(0.5) = 2/3, S(2.3) = 0: median 2.3, within 2 s 1/3;
 *     aversion bouts (0.5 + 2.3 + 2.3) / 3 = 1.7 s.
 *   On a 1-s grid: s1 has no rupture (the 0.5 s is never coded); s2 one of
 *     2 s (coded at 5 and 6, repaired at 7), s3 one of 3 s (5, 6, 7,
 *     repaired at 8): the same 2.3 s counts as 2 or 3 s by where it falls.
 *     Ruptures (0 + 6 + 6) / 3 = 4 a minute; transitions (0 + 12 + 12) / 3
 *     = 8; matched (1 + 0.8 + 0.7) / 3; S(2) = 1/2, S(3) = 0: median (2 +
 *     3) / 2 = 2.5 (R's rule on a plateau), within 2 s 1/2; aversion bouts
 *     (2 + 3) / 2 = 2.5 s.
 * - The fit's own simulated dyads: att_fit_objective's statistics with
 *   code_interval 1 equal those of the same dyads (same scenario, seeds and
 *   table) simulated here with att_sim and kept by the time rule above,
 *   not by the fit's step index; with code_interval 0 and with S = dt they
 *   equal every step's; and a bad S fails the first evaluation. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/codes.h"
#include "attune/fit.h"
#include "attune/fitstats.h"
#include "attune/match.h"
#include "attune/sim.h"
#include "base/seed.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif
#define SCENARIO ATT_SRCDIR "/scenarios/still-face.ini"
#define TOL 1e-9

START_TEST(code_steps)
{
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_code_steps(1, 0.1, &err), 10);
    ck_assert_int_eq(att_fit_code_steps(0.1, 0.1, &err), 1);
    ck_assert_int_eq(att_fit_code_steps(0.3, 0.1, &err), 3);   /* 2.9999999999999996 */
    ck_assert_int_eq(att_fit_code_steps(2.5, 0.5, &err), 5);
    ck_assert_int_eq(att_fit_code_steps(1, 0.05, &err), 20);
    const double bad[] = { 0, -1, 0.25, 0.05, 1.05, NAN, INFINITY, 1e12 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        att_error e = { 0 };
        ck_assert_msg(att_fit_code_steps(bad[i], 0.1, &e) == 0, "%g accepted", bad[i]);
        ck_assert_int_eq(e.code, ATT_EINPUT);
        ck_assert_msg(strstr(e.msg, "--code-interval") && strstr(e.msg, "dt = 0.1 s"), "%s",
                      e.msg);
    }
}
END_TEST

/* validate's rule: t within dt/2 of a multiple of S. */
static int on_grid(double t, double S, double dt)
{
    double k = floor(t / S + 0.5);
    return fabs(t - k * S) < 0.5 * dt;
}

/* One 10-s play session at dt 0.1, mismatched on steps [from, to). */
static void feed(att_fitstats *fs, const att_match_table *mt, const char *name, int from,
                 int to, double S)
{
    att_error err = { 0 };
    int monitor = att_match_table_infant_index(mt, "monitor");
    int avert = att_match_table_infant_index(mt, "avert");
    int mum = att_match_table_caregiver_index(mt, "monitor");
    ck_assert(monitor >= 0 && avert >= 0 && mum >= 0);
    ck_assert_int_eq(att_fitstats_begin(fs, name, &err), ATT_OK);
    for (int i = 0; i < 100; i++) {
        double t = i * 0.1;
        int mis = i >= from && i < to;
        att_score_step st = { t, "play", mis ? avert : monitor, mum, !mis, NAN };
        if (S == 0 || on_grid(t, S, 0.1))
            ck_assert_msg(att_fitstats_push(fs, &st, &err) == ATT_OK, "%s", err.msg);
    }
    ck_assert_msg(att_fitstats_end(fs, 10, &err) == ATT_OK, "%s", err.msg);
}

static void expect(const att_fitstats *fs, const char *name, double want)
{
    const char *names[1] = { name };
    double v;
    att_error err = { 0 };
    ck_assert_msg(att_fitstats_vector(fs, names, 1, &v, &err) == ATT_OK, "%s", err.msg);
    ck_assert_msg(fabs(v - want) < TOL, "%s: %.17g, expected %.17g", name, v, want);
}

static void by_hand(double S)
{
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_fitstats *fs = att_fitstats_new(mt, NULL, NULL, &err);
    ck_assert_msg(fs != NULL, "%s", err.msg);
    feed(fs, mt, "s1", 32, 37, S);
    feed(fs, mt, "s2", 44, 67, S);
    feed(fs, mt, "s3", 49, 72, S);
    if (S == 0) {
        expect(fs, "play.ruptures_per_min", 6);
        expect(fs, "play.transitions_per_min", 12);
        expect(fs, "play.matched_prop", (0.95 + 0.77 + 0.77) / 3);
        expect(fs, "play.latency_q50_s", 2.3);
        expect(fs, "play.repaired_within_2s", 1.0 / 3);
        expect(fs, "play.aversion_bout_s", 1.7);
    } else {
        expect(fs, "play.ruptures_per_min", 4);
        expect(fs, "play.transitions_per_min", 8);
        expect(fs, "play.matched_prop", (1 + 0.8 + 0.7) / 3);
        expect(fs, "play.latency_q25_s", 2);
        expect(fs, "play.latency_q50_s", 2.5);
        expect(fs, "play.latency_q75_s", 3);
        expect(fs, "play.repaired_within_2s", 0.5);
        expect(fs, "play.aversion_bout_s", 2.5);
    }
    att_fitstats_free(fs);
    att_match_table_free(mt);
}

START_TEST(hand_every_step) { by_hand(0); }
END_TEST
START_TEST(hand_one_second_grid) { by_hand(1); }
END_TEST

static const char *const sets[] = { "phase.play.duration=20", "phase.still-face.duration=20",
                                    "phase.reunion.duration=20" };
static const char *const names[] = {
    "play.matched_prop",        "play.ruptures_per_min",      "play.transitions_per_min",
    "play.latency_q50_s",       "play.repaired_within_2s",    "play.aversion_bout_s",
    "still-face.infant_gaze_prop", "still-face.negative_bout_s", "reunion.latency_q25_s",
};
#define NS (sizeof names / sizeof names[0])
#define DYADS 6
#define SEED 77

/* The dyads of a fit (seed SEED, its own seed path per dyad), simulated
 * here and kept by the time rule (S 0: every step) into `out`. */
static void simulate_here(const att_match_table *mt, double S, double *out)
{
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(SCENARIO, sets, 3, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    att_fitstats *fs = att_fitstats_new(mt, NULL, NULL, &err);
    ck_assert(fs != NULL);
    double dt = att_scenario_dt(s);
    for (long d = 0; d < DYADS; d++) {
        att_sim *sim = att_sim_new(s, mt, att_seed_path(SEED, "fit", d), d + 1, &err);
        ck_assert_msg(sim != NULL, "%s", err.msg);
        ck_assert_int_eq(att_fitstats_begin(fs, "x", &err), ATT_OK);
        att_step st;
        double end = 0;
        while (att_sim_next(sim, &st, &err) > 0) {
            end = st.t + dt;
            if (S > 0 && !on_grid(st.t, S, dt))
                continue;
            att_score_step row = { st.t, st.phase_name,
                                   att_match_table_infant_index(mt, att_infant_code_name(st.infant_code)),
                                   att_match_table_caregiver_index(
                                       mt, att_caregiver_code_name(st.caregiver_code)),
                                   st.matched, NAN };
            ck_assert_int_eq(att_fitstats_push(fs, &row, &err), ATT_OK);
        }
        ck_assert_int_eq(att_sim_next_session(sim, &err), 0);
        ck_assert_int_eq(att_fitstats_end(fs, end, &err), ATT_OK);
        att_sim_free(sim);
    }
    ck_assert_int_eq(att_fitstats_vector(fs, names, NS, out, &err), ATT_OK);
    att_fitstats_free(fs);
    att_scenario_free(s);
}

/* The fit's statistics at the scenario's values with code_interval S. */
static int fit_here(att_match_table *mt, double S, double *out, att_error *err)
{
    static double observed[NS], var[NS];
    for (size_t k = 0; k < NS; k++)
        observed[k] = 1, var[k] = 1;
    att_fit_param p;
    att_scenario *s = att_scenario_load(SCENARIO, sets, 3, err);
    ck_assert_msg(s != NULL, "%s", err->msg);
    ck_assert_int_eq(att_fit_param_parse(s, "caregiver.wait_time=1:20", &p, err), ATT_OK);
    att_scenario_free(s);
    att_fit_opts o = { .scenario = SCENARIO, .sets = sets, .nsets = 3, .mt = mt,
                       .params = &p, .nparams = 1, .stats = names, .nstats = NS,
                       .observed = observed, .obs_var = var, .sessions = 2, .dyads = DYADS,
                       .seed = SEED, .starts = 1, .max_evals = 0, .tol = 1e-2, .threads = 2,
                       .code_interval = S };
    att_fit *f = att_fit_new(&o, err);
    ck_assert_msg(f != NULL, "%s", err->msg);
    double J;
    int rc = att_fit_objective(f, &p.value, &J, out, err);
    att_fit_free(f);
    return rc;
}

static void same(const double *a, const double *b, const char *what)
{
    for (size_t k = 0; k < NS; k++)
        ck_assert_msg((isnan(a[k]) && isnan(b[k])) || fabs(a[k] - b[k]) < TOL,
                      "%s: %s %.17g, simulated here %.17g", what, names[k], a[k], b[k]);
}

START_TEST(fit_codes_its_dyads)
{
    att_match_table *mt = load_match("same-state");
    att_error err = { 0 };
    double fit[NS], here[NS], every[NS];
    simulate_here(mt, 1, here);
    ck_assert_msg(fit_here(mt, 1, fit, &err) == ATT_OK, "%s", err.msg);
    same(fit, here, "--code-interval 1");
    /* on a 1-s grid a latency is a whole number of seconds; a quantile
     * between two of them, a half */
    ck_assert(fmod(fit[3] * 2, 1) == 0 && fmod(fit[8] * 2, 1) == 0);
    simulate_here(mt, 0, every);
    ck_assert_msg(fit_here(mt, 0, fit, &err) == ATT_OK, "%s", err.msg);
    same(fit, every, "every step");
    ck_assert_msg(fit_here(mt, 0.1, fit, &err) == ATT_OK, "%s", err.msg);
    same(fit, every, "--code-interval 0.1 (dt)");
    ck_assert_msg(here[1] < every[1], "ruptures a minute: %g on the grid, %g every step",
                  here[1], every[1]);
    ck_assert_int_eq(fit_here(mt, 0.25, fit, &err), ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "--code-interval 0.25"), "%s", err.msg);
    att_match_table_free(mt);
}
END_TEST

Suite *suite_fit_grid(void);
Suite *suite_fit_grid(void)
{
    Suite *s = suite_create("fit_grid");
    TCase *tc = tcase_create("grid");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, code_steps);
    tcase_add_test(tc, hand_every_step);
    tcase_add_test(tc, hand_one_second_grid);
    tcase_add_test(tc, fit_codes_its_dyads);
    suite_add_tcase(s, tc);
    return s;
}
