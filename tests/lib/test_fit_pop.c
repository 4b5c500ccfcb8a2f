/* The population option of the fit: the between-session SDs of the fit
 * statistics (NAME_sd) worked by hand on three coded sessions, their
 * bootstrap variance against the exact one (all 27 resamples enumerated),
 * the --population parser's defaults and refusals, and the objective's
 * common random numbers for a key drawn per dyad: the same point gives the
 * same J on one or two threads, a spread of 0 is the fixed key, and each
 * dyad's draw is mean + sd z with the same z at every point.
 *
 * The three sessions are those of tests/lib/test_fitstats.c, whose header
 * works out every session's values; the ones used here:
 *   session          s1     s2     s3
 *   play matched     0.8    0.5    0.5      still matched   0.2   0.6   -
 *   play ruptures/m  6      6      12       still ruptures  12    6     -
 *   play trans/m     12     6      18       still trans     18    18    -
 *   play gaze        0.8    0.5    0.6      still gaze      0.2   0.6   -
 *   play positive    0.4    0      0.5      still positive  0     0.3   -
 *   play negative    0      0.3    0.1      still negative  0.5   0     -
 *   all matched      0.5    0.55   0.5
 * SD (denominator n - 1) by hand, play: matched: mean 0.6, squares 0.04 +
 * 0.01 + 0.01 = 0.06, sqrt(0.03); ruptures: mean 8, 4 + 4 + 16 = 24,
 * sqrt(12); transitions: mean 12, 0 + 36 + 36, 6; gaze: 1.25 - 1.9^2/3 =
 * 0.14/3, sqrt(0.07/3); positive: mean 0.3, 0.01 + 0.09 + 0.04, sqrt(0.07);
 * negative: 0.1 - 0.4^2/3 = 0.14/3, sqrt(0.07/3).  Still (two sessions, sd
 * = |a - b| / sqrt 2): 0.4, 6, 0, 0.4, 0.3, 0.5 over sqrt 2.  All matched:
 * 0.8025 - 1.55^2/3 = 1/600, sqrt(1/1200). */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "attune/fit.h"
#include "attune/fitstats.h"
#include "attune/infant.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "base/seed.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif
#define SCENARIO ATT_SRCDIR "/scenarios/still-face.ini"

static const char *const coded =
    "run,t,phase,infant_code,caregiver_code,matched,end\n"
    "s1,0,play,positive,monitor,1,20\n"
    "s1,4,play,avert,monitor,0,20\n"
    "s1,6,play,monitor,monitor,1,20\n"
    "s1,10,still,avert,still,0,20\n"
    "s1,13,still,withdrawn,still,0,20\n"
    "s1,16,still,protest,still,1,20\n"
    "s1,18,still,avert,still,0,20\n"
    "s2,0,play,monitor,monitor,1,20\n"
    "s2,5,play,withdrawn,monitor,0,20\n"
    "s2,8,play,avert,monitor,0,20\n"
    "s2,10,still,avert,still,0,20\n"
    "s2,12,still,positive,still,1,20\n"
    "s2,15,still,avert,still,0,20\n"
    "s2,17,still,monitor,still,1,20\n"
    "s3,0,play,positive,monitor,1,10\n"
    "s3,3,play,protest,monitor,0,10\n"
    "s3,4,play,positive,monitor,1,10\n"
    "s3,6,play,avert,monitor,0,10\n";

static att_match_table *table;

static void load_table(void) { table = load_match("attuned"); }
static void free_table(void) { att_match_table_free(table); }

/* The three sessions (or only the first `rows` lines of them) read. */
static att_fitstats *read_sessions(size_t rows)
{
    char path[64], text[1024];
    const char *end = coded;
    for (size_t i = 0; i <= rows && *end; i++)
        end = strchr(end, '\n') + 1;
    snprintf(text, sizeof text, "%.*s", (int)(end - coded), coded);
    temp_file(path, sizeof path, text);
    att_error err = { 0 };
    att_fitstats *fs = att_fitstats_new(table, NULL, NULL, &err);
    ck_assert_ptr_nonnull(fs);
    int rc = att_fitstats_read_coded(fs, path, NULL, &err);
    unlink(path);
    ck_assert_msg(rc == ATT_OK, "%s", err.msg);
    return fs;
}

static double value(const att_fitstats *fs, const char *name)
{
    double v;
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_vector(fs, &name, 1, &v, &err), ATT_OK);
    return v;
}

START_TEST(test_fitstats_sd_by_hand)
{
    att_fitstats *fs = read_sessions(100);
    ck_assert_uint_eq(att_fitstats_sessions(fs), 3);
    const double r2 = sqrt(2.0);
    const struct { const char *name; double want; } cases[] = {
        { "play.matched_prop_sd", sqrt(0.03) },
        { "play.ruptures_per_min_sd", sqrt(12.0) },
        { "play.transitions_per_min_sd", 6 },
        { "play.infant_gaze_prop_sd", sqrt(0.07 / 3) },
        { "play.infant_positive_prop_sd", sqrt(0.07) },
        { "play.infant_negative_prop_sd", sqrt(0.07 / 3) },
        { "still.matched_prop_sd", 0.4 / r2 },
        { "still.ruptures_per_min_sd", 6 / r2 },
        { "still.transitions_per_min_sd", 0 },
        { "still.infant_gaze_prop_sd", 0.4 / r2 },
        { "still.infant_positive_prop_sd", 0.3 / r2 },
        { "still.infant_negative_prop_sd", 0.5 / r2 },
        { "all.matched_prop_sd", sqrt(1.0 / 1200) },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = value(fs, cases[i].name);
        ck_assert_msg(fabs(v - cases[i].want) < 1e-12, "%s: %.17g, expected %.17g",
                      cases[i].name, v, cases[i].want);
    }
    /* the means are unchanged by the new statistics */
    ck_assert_double_eq_tol(value(fs, "play.matched_prop"), 0.6, 1e-12);
    ck_assert_int_eq(att_fitstat_find("infant_gaze_prop_sd"), ATT_FS_INFANT_GAZE_PROP_SD);
    att_fitstats_free(fs);
}
END_TEST

/* One session: an SD is undefined.  The default list has no _sd statistic;
 * the list with them has each phase window's six after its others. */
START_TEST(test_fitstats_sd_lists)
{
    att_fitstats *one = read_sessions(7);   /* s1 only */
    ck_assert_uint_eq(att_fitstats_sessions(one), 1);
    ck_assert(isnan(value(one, "play.matched_prop_sd")));
    ck_assert_double_eq_tol(value(one, "play.matched_prop"), 0.8, 1e-12);
    att_fitstat_names kept = { 0 }, dropped = { 0 }, with = { 0 }, without = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_default_names_sd(one, &kept, &dropped, &err), ATT_OK);
    for (size_t i = 0; i < kept.n; i++)
        ck_assert_msg(!strstr(kept.name[i], "_sd"), "%s kept with one session", kept.name[i]);
    ck_assert_uint_ge(dropped.n, 12);   /* 6 SDs in each of play and still */
    att_fitstats *fs = read_sessions(100);
    ck_assert_int_eq(att_fitstats_default_names(fs, &without, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_fitstats_default_names_sd(fs, &with, NULL, &err), ATT_OK);
    ck_assert_uint_eq(with.n, without.n + 12);
    for (size_t i = 0; i < without.n; i++)
        ck_assert_msg(!strstr(without.name[i], "_sd"), "%s by default", without.name[i]);
    size_t play_sd = 0;
    while (play_sd < with.n && strcmp(with.name[play_sd], "play.matched_prop_sd") != 0)
        play_sd++;
    ck_assert_uint_lt(play_sd, with.n);
    ck_assert_str_eq(with.name[play_sd + 5], "play.transitions_per_min_sd");
    ck_assert_str_eq(with.name[play_sd + 6], "still.matched_prop");
    att_fitstat_names_free(&kept), att_fitstat_names_free(&dropped);
    att_fitstat_names_free(&with), att_fitstat_names_free(&without);
    att_fitstats_free(one);
    att_fitstats_free(fs);
}
END_TEST

/* The SD of three values, n - 1. */
static double sd3(double a, double b, double c)
{
    double m = (a + b + c) / 3;
    return sqrt(((a - m) * (a - m) + (b - m) * (b - m) + (c - m) * (c - m)) / 2);
}

/* The exact bootstrap variance of play.matched_prop_sd and
 * play.ruptures_per_min_sd: the variance of the SD over the 27 equally
 * likely resamples of the three sessions; the Monte-Carlo bootstrap with
 * B = 4000 within 10 % of it (its relative sd is about sqrt(2 / B) times a
 * kurtosis factor, under 5 % here). */
START_TEST(test_fitstats_sd_bootstrap_exact)
{
    static const double x[2][3] = { { 0.8, 0.5, 0.5 }, { 6, 6, 12 } };
    double exact[2];
    for (int k = 0; k < 2; k++) {
        double sum = 0, ss = 0;
        for (int i = 0; i < 27; i++) {
            double s = sd3(x[k][i % 3], x[k][i / 3 % 3], x[k][i / 9]);
            sum += s;
            ss += s * s;
        }
        exact[k] = ss / 27 - (sum / 27) * (sum / 27);
    }
    att_fitstats *fs = read_sessions(100);
    const char *names[] = { "play.matched_prop_sd", "play.ruptures_per_min_sd" };
    double var[2];
    att_error err = { 0 };
    ck_assert_int_eq(att_fitstats_bootstrap_var(fs, names, 2, 4000, 17, var, NULL, &err), ATT_OK);
    for (int k = 0; k < 2; k++)
        ck_assert_msg(fabs(var[k] / exact[k] - 1) < 0.10, "%s: %g, exact %g", names[k], var[k],
                      exact[k]);
    att_fitstats_free(fs);
}
END_TEST

static att_scenario *still_face(void)
{
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(SCENARIO, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    return s;
}

START_TEST(test_fit_pop_parse)
{
    /* still-face.ini leaves positive_rate at the default of the parameter
     * table (0.9 since session 10), so that is the mean's start */
    att_infant_params def;
    att_infant_params_default(&def);
    att_scenario *s = still_face();
    att_fit_param p[2];
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_population_parse(s, "infant.positive_rate=0.1:4", p, &err), ATT_OK);
    ck_assert_str_eq(p[0].key, "infant.positive_rate.mean");
    ck_assert_str_eq(p[1].key, "infant.positive_rate.sd");
    ck_assert_int_eq(p[0].population, ATT_FIT_POP_MEAN);
    ck_assert_int_eq(p[1].population, ATT_FIT_POP_SD);
    ck_assert_double_eq(p[0].lo, 0.1);
    ck_assert_double_eq(p[0].hi, 4);
    ck_assert_double_eq(p[0].value, def.positive_rate);   /* the default (attune keys) */
    ck_assert_double_eq(p[1].lo, 0);               /* sd: 0 to half the mean's range */
    ck_assert_double_eq_tol(p[1].hi, 1.95, 1e-15);
    ck_assert_double_eq_tol(p[1].value, 0.39, 1e-15);   /* a tenth of it */
    ck_assert_int_eq(att_fit_population_parse(s, "caregiver.wait_time=1:20:0.5:3", p, &err),
                     ATT_OK);
    ck_assert_str_eq(p[1].key, "caregiver.wait_time.sd");
    ck_assert_double_eq(p[1].lo, 0.5);
    ck_assert_double_eq(p[1].hi, 3);
    ck_assert_double_eq(p[1].value, 1.9);
    ck_assert_int_eq(att_fit_population_parse(s, "infant.avert_rate", p, &err), ATT_OK);
    ck_assert_double_eq(p[0].hi, 100);             /* the key's range */
    ck_assert_double_eq(p[1].hi, 50);
    att_scenario_free(s);
    /* a scenario drawing the key: its mean and sd are the starts */
    const char *set = "infant.positive_rate=normal(1.2, 0.3)";
    s = att_scenario_load(SCENARIO, &set, 1, &err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(att_fit_population_parse(s, "infant.positive_rate=0.1:4", p, &err), ATT_OK);
    ck_assert_double_eq(p[0].value, 1.2);
    ck_assert_double_eq(p[1].value, 0.3);
    static const char *const bad[][2] = {
        { "infant.positive_rate=0.1", "expected =LO:HI" },
        { "infant.positive_rate=0.1:4:0", "expected =LO:HI" },
        { "infant.positive_rate=0.1:4:1:2:3", "expected =LO:HI" },
        { "infant.positive_rate=0.1:4:-0.1:1", "sd bound -0.1 below 0" },
        { "infant.positive_rate=0.1:4:1:0.5", "sd bounds reversed" },
        { "infant.positive_rate=0.1:x", "not a number" },
        { "infant.positive_rate=2:4", "exclude the scenario's value" },
        { "infant.positve_rate", "did you mean 'positive_rate'" },
        { "phase.play.wait_time", "only infant.KEY and caregiver.KEY" },
        { "scenario.dt", "only infant.KEY and caregiver.KEY" },
        { "caregiver.intrusiveness", "no phase's policy reads" },
        { "infant.distress_prone", "bernoulli(0.07)" },
        { "infant.distress_prone=0:1", "has (1) or not (0)" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(att_fit_population_parse(s, bad[i][0], p, &err), ATT_EINPUT);
        ck_assert_msg(strstr(err.msg, bad[i][1]) && strncmp(err.msg, "--population ", 13) == 0
                          && strstr(err.msg, bad[i][0]),
                      "%s: %s", bad[i][0], err.msg);
    }
    att_scenario_free(s);
}
END_TEST

static const char *const short_sets[] = { "phase.play.duration=30",
                                          "phase.still-face.duration=30",
                                          "phase.reunion.duration=30" };
static const char *const names[] = { "play.infant_positive_prop", "play.infant_positive_prop_sd",
                                     "reunion.infant_positive_prop", "reunion.matched_prop_sd" };

static att_fit *pop_fit(int threads, const att_fit_param *p, size_t np)
{
    static const double observed[] = { 0.3, 0.1, 0.3, 0.05 }, var[] = { 1e-3, 1e-4, 1e-3, 1e-4 };
    att_fit_opts o = { .scenario = SCENARIO, .sets = short_sets, .nsets = 3, .mt = table,
                       .params = p, .nparams = np, .stats = names, .nstats = 4,
                       .observed = observed, .obs_var = var, .sessions = 4, .dyads = 12,
                       .seed = 7, .starts = 1, .max_evals = 10, .tol = 1e-2,
                       .threads = threads };
    att_error err = { 0 };
    att_fit *f = att_fit_new(&o, &err);
    ck_assert_msg(f != NULL, "%s", err.msg);
    return f;
}

/* Dyad i's drawn positive_rate at normal(m, sd), seeded as the fit seeds it. */
static double drawn(double m, double sd, long i)
{
    char set[96];
    snprintf(set, sizeof set, "infant.positive_rate=normal(%.17g, %.17g)", m, sd);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(SCENARIO, (const char *[]){ set }, 1, &err);
    ck_assert_ptr_nonnull(s);
    att_sim *sim = att_sim_new(s, table, att_seed_path(7, "fit", i), i + 1, &err);
    ck_assert_ptr_nonnull(sim);
    double x;
    ck_assert_int_eq(att_scenario_value(att_sim_scenario(sim), "infant.positive_rate", &x), 0);
    att_sim_free(sim);
    att_scenario_free(s);
    return x;
}

START_TEST(test_fit_pop_objective_crn)
{
    att_scenario *s = still_face();
    att_fit_param pop[2], one;
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_population_parse(s, "infant.positive_rate=0.1:4", pop, &err), ATT_OK);
    ck_assert_int_eq(att_fit_param_parse(s, "infant.positive_rate=0.1:4", &one, &err), ATT_OK);
    att_scenario_free(s);
    att_fit *f1 = pop_fit(1, pop, 2), *f2 = pop_fit(2, pop, 2), *fixed = pop_fit(1, &one, 1);
    double a[2] = { 1.5, 0.6 }, b[2] = { 0.9, 0.2 }, zero[2] = { 1.5, 0 }, m = 1.5;
    double J1, J2, J3, J4, J0, Jf, sim1[4], sim4[4];
    ck_assert_int_eq(att_fit_objective(f1, a, &J1, sim1, &err), ATT_OK);
    ck_assert_int_eq(att_fit_objective(f1, b, &J2, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_fit_objective(f1, a, &J3, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_fit_objective(f2, a, &J4, sim4, &err), ATT_OK);
    ck_assert(isfinite(J1) && J1 > 0 && J1 != J2);
    ck_assert_double_eq(J1, J3);   /* the same dyads and draws, whatever came between */
    ck_assert_double_eq(J1, J4);   /* and on two threads */
    for (int k = 0; k < 4; k++)
        ck_assert_double_eq(sim1[k], sim4[k]);
    /* a spread of 0 is the key fixed at the mean */
    ck_assert_int_eq(att_fit_objective(f1, zero, &J0, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_fit_objective(fixed, &m, &Jf, NULL, &err), ATT_OK);
    ck_assert_double_eq(J0, Jf);
    /* each dyad's draw is mean + sd z, z the same at every point */
    for (long i = 0; i < 5; i++) {
        double z1 = (drawn(1.5, 0.6, i) - 1.5) / 0.6, z2 = (drawn(2.0, 0.25, i) - 2.0) / 0.25;
        ck_assert_msg(fabs(z1 - z2) < 1e-8, "dyad %ld: z %g and %g", i, z1, z2);
    }
    att_fit_free(f1), att_fit_free(f2), att_fit_free(fixed);
}
END_TEST

/* A population mean without its sd is refused by the library. */
START_TEST(test_fit_pop_pairs_checked)
{
    att_scenario *s = still_face();
    att_fit_param pop[2];
    att_error err = { 0 };
    ck_assert_int_eq(att_fit_population_parse(s, "infant.positive_rate", pop, &err), ATT_OK);
    att_scenario_free(s);
    static const double observed[] = { 0.3 }, var[] = { 1e-3 };
    att_fit_opts o = { .scenario = SCENARIO, .mt = table, .params = pop, .nparams = 1,
                       .stats = names, .nstats = 1, .observed = observed, .obs_var = var,
                       .sessions = 4, .dyads = 12, .seed = 7, .starts = 1, .tol = 1e-2 };
    ck_assert_ptr_null(att_fit_new(&o, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "KEY.mean then KEY.sd"), "%s", err.msg);
    o.params = pop + 1;   /* an sd alone */
    ck_assert_ptr_null(att_fit_new(&o, &err));
}
END_TEST

Suite *suite_fit_pop(void);
Suite *suite_fit_pop(void)
{
    Suite *s = suite_create("fit_pop");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, load_table, free_table);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_fitstats_sd_by_hand);
    tcase_add_test(tc, test_fitstats_sd_lists);
    tcase_add_test(tc, test_fitstats_sd_bootstrap_exact);
    tcase_add_test(tc, test_fit_pop_parse);
    tcase_add_test(tc, test_fit_pop_objective_crn);
    tcase_add_test(tc, test_fit_pop_pairs_checked);
    suite_add_tcase(s, tc);
    return s;
}
