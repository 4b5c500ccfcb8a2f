/* The batch plan and its rows (batch/batch.c) for experiments written to a
 * fresh temporary directory per test: the plan, the rows, rows independent
 * of the other conditions, quoted and long condition names (distinct
 * seeds), and population statistics checked against the distribution's
 * moments with tolerances derived in comments.  Timelines: the session
 * column, one line per session that follows its dyad (the simulation's own
 * scores of each session, and trust at its end), and session 1 as the
 * single run. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "attune/batch.h"
#include "attune/scorer.h"
#include "attune/sim.h"
#include "tests/fixture.h"

/* ---- loading experiments ---- */

/* The same experiment with one more condition before "b". */
static const char experiment_z[] =
    "[scenario]\nname = exp\nseed = 7\n"
    "[caregiver]\npolicy = patient\nresponsiveness = 0.8\n"
    "[phase]\nname = play\nduration = 30\n"
    "[phase]\nname = still\nduration = 20\npolicy = still-face\n"
    "[batch]\nreplicates = 3\n"
    "[condition]\nname = a\ncaregiver.policy = intrusive\n"
    "[condition]\nname = z\ninfant.arousal_tau = 5\n"
    "[condition]\nname = b\ncaregiver.wait_time = 0:1:2\n"
    "[condition]\nname = c\nphase.still.wait_time = 9\n";

/* ---- batches ---- */

START_TEST(batch_plan)
{
    att_scenario *s = load_exp(experiment_text);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_runs(b), 5 * 3);
    ck_assert_uint_eq(att_batch_conditions(b), 5);
    ck_assert_int_eq(att_batch_replicates(b), 3);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(att_batch_condition_name(b, i), att_scenario_condition_name(s, i));
    ck_assert_ptr_null(att_batch_condition_name(b, 5));
    for (long run = 0; run < 15; run++) {
        ck_assert_uint_eq(att_batch_condition_of(b, run), (size_t)(run / 3));
        ck_assert_int_eq(att_batch_replicate_of(b, run), run % 3 + 1);
        ck_assert_ptr_eq(att_batch_scenario(b, run), att_scenario_condition(s, (size_t)(run / 3)));
        for (long other = 0; other < run; other++)
            ck_assert_uint_ne(att_batch_seed(b, run), att_batch_seed(b, other));
    }
    const char *id = att_batch_id(b);
    ck_assert_uint_eq(strlen(id), 16);
    ck_assert_uint_eq(strspn(id, "0123456789abcdef"), 16);
    /* Header: 7 + varied + fixed + (1 + phases) * WINDOW_COLS columns, windows
     * all, play, still; the fixed keys are those the conditions set that
     * are not swept: caregiver.policy (a) and phase.still.wait_time (c). */
    struct fields h;
    fields_split(&h, att_batch_header(b));
    ck_assert_str_eq(att_batch_header(b) + strlen(att_batch_header(b)) - 1, "\n");
    ck_assert_uint_eq(h.n, 7 + 1 + 2 + 3 * WINDOW_COLS);
    static const char *const first[] = {
        "experiment", "run", "runs", "condition", "replicate", "trust", "seed",
        "caregiver.wait_time", "caregiver.policy", "phase.still.wait_time"
    };
    for (size_t i = 0; i < 10; i++)
        ck_assert_str_eq(h.f[i], first[i]);
    ck_assert_str_eq(h.f[10], "all.observed_s");
    ck_assert_str_eq(h.f[10 + WINDOW_COLS - 3], "all.infant_arousal_mean");
    ck_assert_str_eq(h.f[10 + WINDOW_COLS - 2], "all.caregiver_arousal_mean");
    ck_assert_str_eq(h.f[10 + WINDOW_COLS - 1], "all.latencies");
    ck_assert_str_eq(h.f[10 + WINDOW_COLS], "play.observed_s");
    ck_assert_str_eq(h.f[10 + 2 * WINDOW_COLS], "still.observed_s");
    ck_assert_str_eq(h.f[h.n - 1], "still.latencies");
    fields_free(&h);
    /* The experiment seed enters every run's seed; --set enters the id. */
    const char *seed8[] = { "scenario.seed=8" };
    att_scenario *s8 = load_at(exp_path2, experiment_text, seed8, 1);
    att_error err = { 0 };
    att_batch *b8 = att_batch_new(s8, mt, seed8, 1, &err);
    ck_assert_ptr_nonnull(b8);
    for (long run = 0; run < 15; run++)
        ck_assert_uint_ne(att_batch_seed(b8, run), att_batch_seed(b, run));
    ck_assert_str_ne(att_batch_id(b8), att_batch_id(b));
    const char *resp[] = { "caregiver.responsiveness=0.7" };
    att_batch *b2 = att_batch_new(s, mt, resp, 1, &err);
    ck_assert_ptr_nonnull(b2);
    ck_assert_str_ne(att_batch_id(b2), att_batch_id(b));
    ck_assert_uint_eq(att_batch_seed(b2, 4), att_batch_seed(b, 4));
    /* the match table enters the id by what it says, not by its name */
    att_match_table *same = load_match("same-state");
    char copy_path[256];
    snprintf(copy_path, sizeof copy_path, "%s/my-table.csv", work);
    {
        att_match_table *shipped = load_match("attuned");
        /* the shipped table's pairs, in a file of another name and layout */
        char text[2048] = "matched,infant_code,caregiver_code\n";
        for (int i = 0; i < att_match_table_infant_count(shipped); i++)
            for (int c = 0; c < att_match_table_caregiver_count(shipped); c++)
                snprintf(text + strlen(text), sizeof text - strlen(text), "%d,%s,%s\n",
                         att_match_table_matched(shipped, i, c),
                         att_match_table_infant_name(shipped, i),
                         att_match_table_caregiver_name(shipped, c));
        write_file(copy_path, text);
        att_match_table_free(shipped);
    }
    att_match_table *copy = att_match_table_load(copy_path, &err);
    ck_assert_msg(copy != NULL, "%s", err.msg);
    att_batch *bs = att_batch_new(s, same, NULL, 0, &err);
    att_batch *bc = att_batch_new(s, copy, NULL, 0, &err);
    ck_assert_ptr_nonnull(bs);
    ck_assert_ptr_nonnull(bc);
    ck_assert_str_ne(att_batch_id(bs), att_batch_id(b));
    ck_assert_str_eq(att_batch_id(bc), att_batch_id(b));
    att_batch_free(bs);
    att_batch_free(bc);
    att_match_table_free(same);
    att_match_table_free(copy);
    att_batch_free(b2);
    att_batch_free(b8);
    att_scenario_free(s8);
    att_batch_free(b);
    att_scenario_free(s);
    /* Without [condition]: one condition named after the scenario. */
    s = load_exp("[scenario]\nname = solo\nduration = 2\n[batch]\nreplicates = 4\n");
    b = batch_of(s, mt);
    ck_assert_uint_eq(att_batch_conditions(b), 1);
    ck_assert_int_eq(att_batch_runs(b), 4);
    ck_assert_str_eq(att_batch_condition_name(b, 0), "solo");
    ck_assert_ptr_eq(att_batch_scenario(b, 3), s);
    fields_split(&h, att_batch_header(b));
    ck_assert_uint_eq(h.n, 7 + 0 + 2 * WINDOW_COLS);   /* all and session */
    ck_assert_str_eq(h.f[7 + WINDOW_COLS], "session.observed_s");
    fields_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

START_TEST(batch_rows)
{
    att_scenario *s = load_exp(experiment_text);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    struct fields h;
    fields_split(&h, att_batch_header(b));
    static const char *const windows[] = { "all", "play", "still" };
    /* caregiver.wait_time per condition: intrusive's default, the swept
     * values, patient's default (the [caregiver] policy). */
    const double wait[] = { defaults_of("intrusive")->wait_time, 0, 1, 2,
                            defaults_of("patient")->wait_time };
    long total_ruptures = 0, total_censored = 0;
    for (long run = 0; run < att_batch_runs(b); run++) {
        char *text = row_text(b, run);
        struct fields r;
        fields_split(&r, text);
        ck_assert_uint_eq(r.n, h.n);
        ck_assert_str_eq(r.f[0], att_batch_id(b));
        ck_assert_double_eq(number_at(&r, 1), run + 1);
        ck_assert_double_eq(number_at(&r, 2), 15);
        ck_assert_str_eq(r.f[3], att_batch_condition_name(b, (size_t)(run / 3)));
        ck_assert_double_eq(number_at(&r, 4), run % 3 + 1);
        char seed[32];
        snprintf(seed, sizeof seed, "%lu", att_batch_seed(b, run));
        ck_assert_str_eq(r.f[6], seed);
        ck_assert_double_eq(number_at(&r, 7), wait[run / 3]);
        /* The fixed keys: condition a's policy, the others' [caregiver]
         * one; phase.still.wait_time: c's 9, b's swept [caregiver] value (a
         * [caregiver] key reaches every phase), else still-face's default. */
        ck_assert_str_eq(r.f[8], run < 3 ? "intrusive" : "patient");
        ck_assert_double_eq(number_at(&r, 9), run >= 12 ? 9 : run >= 3 ? wait[run / 3]
                                              : defaults_of("still-face")->wait_time);
        for (size_t w = 0; w < 3; w++) {
            char name[64];
            snprintf(name, sizeof name, "%s.ruptures", windows[w]);
            double ruptures = number_at(&r, col_of(&h, name));
            snprintf(name, sizeof name, "%s.repairs", windows[w]);
            double repairs = number_at(&r, col_of(&h, name));
            snprintf(name, sizeof name, "%s.latencies", windows[w]);
            long n, censored;
            count_latencies(r.f[col_of(&h, name)], &n, &censored);
            ck_assert_msg(n == (long)ruptures, "run %ld %s: %ld latencies, %g ruptures",
                          run + 1, windows[w], n, ruptures);
            ck_assert_msg(censored == (long)(ruptures - repairs),
                          "run %ld %s: %ld censored, %g ruptures, %g repairs",
                          run + 1, windows[w], censored, ruptures, repairs);
            if (w == 0) {
                total_ruptures += n;
                total_censored += censored;
            }
        }
        /* observed_s of all is the whole 50 s */
        ck_assert_double_eq(number_at(&r, col_of(&h, "all.observed_s")), 50);
        /* The same row again; at k it checks, at k + 1 and k - 1 it does not. */
        char *again = row_text(b, run);
        ck_assert_str_eq(again, text);
        free(again);
        text[strlen(text) - 1] = '\0';
        att_error why = { 0 };
        ck_assert_int_eq(att_batch_check_row(b, text, run, &why), ATT_OK);
        ck_assert_int_eq(att_batch_check_row(b, text, run + 1, &why), ATT_EINPUT);
        ck_assert_msg(strstr(why.msg, "expected run") != NULL, "%s", why.msg);
        if (run > 0)
            ck_assert_int_eq(att_batch_check_row(b, text, run - 1, &why), ATT_EINPUT);
        fields_free(&r);
        free(text);
    }
    /* Not vacuous: there were ruptures, and some left open at the end. */
    ck_assert_int_gt(total_ruptures, 0);
    ck_assert_int_gt(total_censored, 0);
    fields_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* A condition's runs do not depend on what else the experiment holds. */
START_TEST(rows_independent_of_other_conditions)
{
    att_scenario *s1 = load_at(exp_path, experiment_text, NULL, 0);
    att_scenario *s2 = load_at(exp_path2, experiment_z, NULL, 0);
    att_match_table *mt = load_match("attuned");
    att_batch *b1 = batch_of(s1, mt), *b2 = batch_of(s2, mt);
    ck_assert_int_eq(att_batch_runs(b2), 18);
    ck_assert_str_eq(att_batch_condition_name(b2, 1), "z");
    ck_assert_str_eq(att_batch_condition_name(b2, 2), "b[wait_time=0]");
    ck_assert_str_ne(att_batch_id(b1), att_batch_id(b2));   /* other file bytes */
    /* b[...] is conditions 1-3 in the first and 2-4 in the second: runs
     * 3..11 and 6..14; a and c keep their names too. */
    struct fields h1, h2;
    fields_split(&h1, att_batch_header(b1));
    fields_split(&h2, att_batch_header(b2));
    for (long run = 0; run < 15; run++) {
        long run2 = run < 3 ? run : run + 3;
        ck_assert_str_eq(att_batch_condition_name(b1, att_batch_condition_of(b1, run)),
                         att_batch_condition_name(b2, att_batch_condition_of(b2, run2)));
        ck_assert_uint_eq(att_batch_seed(b1, run), att_batch_seed(b2, run2));
    }
    for (long run = 3; run < 12; run++) {
        char *t1 = row_text(b1, run), *t2 = row_text(b2, run + 3);
        struct fields r1, r2;
        fields_split(&r1, t1);
        fields_split(&r2, t2);
        /* z's key is a column more, with the base value in b's rows */
        ck_assert_uint_eq(r1.n + 1, r2.n);
        ck_assert_double_eq(number_at(&r1, 1), run + 1);
        ck_assert_double_eq(number_at(&r2, 1), run + 4);
        ck_assert_str_eq(r1.f[2], "15");
        ck_assert_str_eq(r2.f[2], "18");
        /* condition, replicate, seed, the parameters and every score */
        for (size_t i = 3; i < r1.n; i++) {
            size_t j = col_of(&h2, h1.f[i]);
            ck_assert_msg(strcmp(r1.f[i], r2.f[j]) == 0, "run %ld column %s: '%s' vs '%s'",
                          run + 1, h1.f[i], r1.f[i], r2.f[j]);
        }
        att_infant_params dflt;
        att_infant_params_default(&dflt);
        ck_assert_double_eq(number_at(&r2, col_of(&h2, "infant.arousal_tau")),
                            dflt.arousal_tau);
        /* A row of the other experiment is refused. */
        att_error why = { 0 };
        t2[strlen(t2) - 1] = '\0';
        ck_assert_int_eq(att_batch_check_row(b1, t2, run + 3, &why), ATT_EINPUT);
        ck_assert_msg(strstr(why.msg, "another experiment") != NULL, "%s", why.msg);
        ck_assert_int_eq(att_batch_check_row(b2, t2, run + 3, &why), ATT_OK);
        fields_free(&r1);
        fields_free(&r2);
        free(t1);
        free(t2);
    }
    fields_free(&h1);
    fields_free(&h2);
    att_batch_free(b1);
    att_batch_free(b2);
    att_scenario_free(s1);
    att_scenario_free(s2);
    att_match_table_free(mt);
}
END_TEST

/* Condition names with commas are quoted in the rows. */
START_TEST(quoted_condition_names)
{
    att_scenario *s = load_exp("[scenario]\nduration = 2\n"
                           "[condition]\nname = d\n"
                           "caregiver.wait_time = 1:1:2\n"
                           "caregiver.responsiveness = 0.5:0.25:0.75\n");
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_runs(b), 4);
    struct fields h;
    fields_split(&h, att_batch_header(b));
    ck_assert_uint_eq(h.n, 7 + 2 + 2 * WINDOW_COLS);
    ck_assert_str_eq(h.f[7], "caregiver.wait_time");
    ck_assert_str_eq(h.f[8], "caregiver.responsiveness");
    static const double wait[] = { 1, 1, 2, 2 }, resp[] = { 0.5, 0.75, 0.5, 0.75 };
    for (long run = 0; run < 4; run++) {
        char *text = row_text(b, run);
        char quoted[96];
        snprintf(quoted, sizeof quoted, ",\"%s\",", att_batch_condition_name(b, (size_t)run));
        ck_assert_msg(strstr(text, quoted) != NULL, "row '%s' lacks %s", text, quoted);
        struct fields r;
        fields_split(&r, text);
        ck_assert_uint_eq(r.n, h.n);
        ck_assert_str_eq(r.f[3], att_batch_condition_name(b, (size_t)run));
        ck_assert_double_eq(number_at(&r, 7), wait[run]);
        ck_assert_double_eq(number_at(&r, 8), resp[run]);
        fields_free(&r);
        free(text);
    }
    fields_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* The population: infant arousal_baseline ~ normal(0.2, 0.03) over 2000
 * replicates, read back from the rows. */
#define POP 2000

START_TEST(population_follows_the_distribution)
{
    att_scenario *s = load_exp("[scenario]\nseed = 2024\nduration = 1\n"
                           "[infant]\narousal_baseline = normal(0.2, 0.03)\n"
                           "[batch]\nreplicates = 2000\n"
                           "[condition]\nname = only\ncaregiver.policy = patient\n");
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_runs(b), POP);
    struct fields h;
    fields_split(&h, att_batch_header(b));
    size_t col = col_of(&h, "infant.arousal_baseline");
    ck_assert_uint_eq(col, 7);
    double sum = 0, sumsq = 0;
    att_buf buf = { 0 };
    att_error err = { 0 };
    for (long run = 0; run < POP; run++) {
        ck_assert_int_eq(att_batch_row(b, run, &buf, NULL, NULL, &err), ATT_OK);
        struct fields r;
        fields_split(&r, buf.data);
        double x = number_at(&r, col);
        fields_free(&r);
        /* The row holds the draw of a stream seeded from the run's seed. */
        gsl_rng *q = gsl_rng_alloc(gsl_rng_taus2);
        ck_assert_ptr_nonnull(q);
        gsl_rng_set(q, att_sim_draw_seed(att_batch_seed(b, run)));
        ck_assert_double_eq(x, att_round10(0.2 + gsl_ran_gaussian(q, 0.03)));
        gsl_rng_free(q);
        sum += x;
        sumsq += x * x;
    }
    att_buf_free(&buf);
    double mean = sum / POP;
    double sd = sqrt((sumsq - POP * mean * mean) / (POP - 1));
    /* Mean: standard error 0.03 / sqrt(2000) = 6.7e-4.  SD: for a normal
     * (kurtosis 3) the sample SD has standard error ~ sd / sqrt(2 n) =
     * 0.03 / sqrt(4000) = 4.7e-4.  Four standard errors each (clipping to
     * [0, 1] is 6.7 SD away and rounding to 10 digits is far below these). */
    ck_assert_msg(fabs(mean - 0.2) < 4 * 0.03 / sqrt(POP), "mean %.6g", mean);
    ck_assert_msg(fabs(sd - 0.03) < 4 * 0.03 / sqrt(2.0 * POP), "sd %.6g", sd);
    fields_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* ---- bugs found while writing these tests (two fixed, one open) ---- */

/* BUG at 5110528 (batch/batch.c, att_batch_seed), fixed in 893861b: the seed
 * was the SHA-256 of "attune-run\nSEED\nNAME\nREPLICATE" built in a 256-byte
 * buffer, so for a condition name of more than about 240 characters (a
 * 63-character name and a few sweeps make one) the replicate, then the end
 * of the name, were cut off: every replicate of such a condition got the
 * same seed and the same row (here all four runs had seed 1925617591),
 * although batch.h promises a seed from (experiment seed, condition name,
 * replicate). */
START_TEST(long_condition_names_keep_distinct_seeds)
{
    att_scenario *s = load_exp("[scenario]\nduration = 1\n[batch]\nreplicates = 2\n[condition]\n"
                           "name = nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\n"
                           "infant.selfcomfort_threshold = 0.50000000:1:0.5\n"
                           "infant.intrusion_avert_rate = 0.50000000:1:0.5\n"
                           "infant.avert_arousal_rate = 0.50000000:1:0.5\n"
                           "infant.negative_threshold = 0.50000000:1:0.5\n"
                           "infant.distress_threshold = 0.50000000:1:0.5\n"
                           "infant.return_threshold = 0.50000000:0.1:0.6\n");
    ck_assert_uint_eq(att_scenario_condition_count(s), 2);
    ck_assert_uint_gt(strlen(att_scenario_condition_name(s, 0)), 240);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_runs(b), 4);
    for (long run = 0; run < 4; run++)
        for (long other = 0; other < run; other++)
            ck_assert_msg(att_batch_seed(b, run) != att_batch_seed(b, other),
                          "runs %ld and %ld have the same seed %lu", other + 1, run + 1,
                          att_batch_seed(b, run));
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* ---- timelines: several sessions of one dyad ---- */

/* Two conditions of 3 sessions and one of 2, 3 replicates, sessions of 7 s
 * (70 steps) a minute apart.  The first two share their seeds
 * with the one-session file of first_session_is_the_single_run. */
static const char timeline[] =
    "[scenario]\n"                           /*  1 */
    "name = tl\n"                            /*  2 */
    "seed = 5\n"                             /*  3 */
    "sessions = 3\n"                         /*  4 */
    "interval = 60\n"                        /*  5 */
    "[infant]\n"                             /*  6 */
    "arousal_baseline = normal(0.2, 0.04)\n" /*  7 */
    "[phase]\n"                              /*  8 */
    "name = play\n"                          /*  9 */
    "duration = 4\n"                         /* 10 */
    "[phase]\n"                              /* 11 */
    "name = still\n"                         /* 12 */
    "duration = 3\n"                         /* 13 */
    "policy = still-face\n"                  /* 14 */
    "[batch]\n"                              /* 15 */
    "replicates = 3\n"                       /* 16 */
    "[condition]\n"                          /* 17 */
    "name = patient\n"                       /* 18 */
    "[condition]\n"                          /* 19 */
    "name = intrusive\n"                     /* 20 */
    "phase.play.policy = intrusive\n"        /* 21 */
    "[condition]\n"                          /* 22 */
    "name = brief\n"                         /* 23 */
    "scenario.sessions = 2\n";               /* 24 */

#define TL_STEPS 70       /* per session: 7 s at dt 0.1 */
#define TL_MAX_SESSIONS 3

/* What the on_step hook saw of one run, session by session. */
struct seen {
    long steps[TL_MAX_SESSIONS + 1], matched[TL_MAX_SESSIONS + 1];
    double first_trust[TL_MAX_SESSIONS + 1];
    long last_session, last_index;
};

static int see_step(void *user, const att_step *st, att_error *err)
{
    (void)err;
    struct seen *s = user;
    ck_assert_int_ge(st->session, 1);
    ck_assert_int_le(st->session, TL_MAX_SESSIONS);
    /* Sessions in order, each from step 0 at t = 0. */
    if (st->session != s->last_session) {
        ck_assert_int_eq(st->session, s->last_session + 1);
        ck_assert_int_eq(st->index, 0);
        ck_assert_double_eq(st->t, 0);
        s->first_trust[st->session] = st->infant.trust;
    } else {
        ck_assert_int_eq(st->index, s->last_index + 1);
    }
    s->last_session = st->session;
    s->last_index = st->index;
    s->steps[st->session]++;
    s->matched[st->session] += st->matched;
    return ATT_OK;
}

/* All `lines` lines of run `run` of `b` as text (caller frees). */
static char *row_text_lines(const att_batch *b, long run, int lines)
{
    att_buf buf = { 0 };
    att_error err = { 0 };
    ck_assert_msg(att_batch_row(b, run, &buf, NULL, NULL, &err) == ATT_OK, "%s", err.msg);
    ck_assert_int_eq(count_lines(buf.data), lines);
    ck_assert(buf.data[buf.len - 1] == '\n');
    return buf.data;
}

/* The run's lines, split; returns how many (at most `max`). */
static size_t split_lines(char *text, struct fields *lines, size_t max)
{
    size_t n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        ck_assert_uint_lt(n, max);
        fields_split(&lines[n++], line);
    }
    return n;
}

/* Field i of a line as it should be written: "%.10g", empty for NaN. */
static void expect_number_text(const char *field, double x, const char *what, long session)
{
    char want[64] = "";
    if (!isnan(x))
        snprintf(want, sizeof want, "%.10g", x);
    ck_assert_msg(strcmp(field, want) == 0, "session %ld %s: '%s', the simulation's %s", session,
                  what, field, want);
}

START_TEST(batch_sessions_columns)
{
    att_scenario *s = load_exp(timeline);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    ck_assert_int_eq(att_batch_runs(b), 9);
    for (long run = 0; run < 9; run++)
        ck_assert_int_eq(att_batch_sessions(b, run), run < 6 ? 3 : 2);
    /* The session and trust columns sit between replicate and seed. */
    struct fields h;
    fields_split(&h, att_batch_header(b));
    ck_assert_uint_eq(h.n, 8 + 1 + 2 + 3 * WINDOW_COLS);
    static const char *const first[] = { "experiment", "run", "runs", "condition", "replicate",
                                         "session", "trust", "seed", "infant.arousal_baseline",
                                         "phase.play.policy", "scenario.sessions",
                                         "all.observed_s" };
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        ck_assert_str_eq(h.f[i], first[i]);
    fields_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    /* Sessions = 1 everywhere: the columns of old. */
    s = load_exp(experiment_text);
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 0);
    ck_assert_int_eq(att_batch_sessions(b, 0), 1);
    ck_assert(strncmp(att_batch_header(b), "experiment,run,runs,condition,replicate,trust,seed,",
                      51) == 0);
    att_batch_free(b);
    att_scenario_free(s);
    /* One condition of 2 sessions is enough for the column; a condition of
     * 1 session then writes one line, session 1. */
    s = load_exp("[scenario]\nduration = 1\n[condition]\nname = one\n"
             "[condition]\nname = two\nscenario.sessions = 2\n");
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    char *text = row_text(b, 0);
    struct fields r;
    fields_split(&r, text);
    ck_assert_str_eq(r.f[3], "one");
    ck_assert_str_eq(r.f[5], "1");
    fields_free(&r);
    free(text);
    att_buf buf = { 0 };
    att_error err = { 0 };
    ck_assert_int_eq(att_batch_row(b, 1, &buf, NULL, NULL, &err), ATT_OK);
    ck_assert_int_eq(count_lines(buf.data), 2);
    att_buf_free(&buf);
    att_batch_free(b);
    att_scenario_free(s);
    /* The base scenario's sessions count too, even when no condition keeps
     * them. */
    s = load_exp("[scenario]\nduration = 1\nsessions = 2\n[condition]\nname = one\n"
             "scenario.sessions = 1\n");
    b = batch_of(s, mt);
    ck_assert_int_eq(att_batch_session_column(b), 1);
    ck_assert_int_eq(att_batch_sessions(b, 0), 1);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* Every line of a timeline run is one session of one dyad: the same run
 * columns, sessions 1..N in order, and exactly the scores the simulation's
 * own scorer gives for that session (re-run here with att_sim directly);
 * matched_prop also agrees with the steps the hook saw, a count that does
 * not go through the scorer.  The infant's trust at the start of session
 * k + 1 is its trust at the end of session k. */
START_TEST(batch_sessions_follow_the_dyad)
{
    att_scenario *s = load_exp(timeline);
    att_match_table *mt = load_match("attuned");
    att_batch *b = batch_of(s, mt);
    struct fields h;
    fields_split(&h, att_batch_header(b));
    static const char *const windows[] = { "all", "play", "still" };
    att_buf buf = { 0 };
    att_error err = { 0 };
    int trust_moved = 0;
    for (long run = 0; run < att_batch_runs(b); run++) {
        struct seen seen = { 0 };
        ck_assert_int_eq(att_batch_row(b, run, &buf, see_step, &seen, &err), ATT_OK);
        long sessions = att_batch_sessions(b, run);
        ck_assert_int_eq(seen.last_session, sessions);
        char *text = strdup(buf.data);
        struct fields lines[TL_MAX_SESSIONS + 1];
        size_t n = split_lines(text, lines, TL_MAX_SESSIONS + 1);
        ck_assert_uint_eq(n, (size_t)sessions);
        att_sim *sim = att_sim_new(att_batch_scenario(b, run), mt, att_batch_seed(b, run),
                                   run + 1, &err);
        ck_assert_ptr_nonnull(sim);
        for (long k = 1; k <= sessions; k++) {
            struct fields *r = &lines[k - 1];
            ck_assert_uint_eq(r->n, h.n);
            ck_assert_double_eq(number_at(r, 1), run + 1);
            ck_assert_str_eq(r->f[3], att_batch_condition_name(b, att_batch_condition_of(b, run)));
            ck_assert_double_eq(number_at(r, 5), k);
            for (size_t i = 0; i < 9; i++)   /* the run's columns repeat */
                if (i != 5 && i != 6)
                    ck_assert_str_eq(r->f[i], lines[0].f[i]);
            att_error why = { 0 };
            char *line = strdup(buf.data), *cut = line;
            for (long j = 1; j < k; j++)
                cut = strchr(cut, '\n') + 1;
            cut[strcspn(cut, "\n")] = '\0';
            ck_assert_int_eq(att_batch_check_line(b, cut, run, k, &why), ATT_OK);
            ck_assert_int_eq(att_batch_check_line(b, cut, run, k % sessions + 1, &why),
                             ATT_EINPUT);
            ck_assert_msg(strstr(why.msg, "expected session") != NULL, "%s", why.msg);
            free(line);
            /* The simulation's own session k. */
            att_step st;
            long steps = 0, matched = 0;
            int more;
            while ((more = att_sim_next(sim, &st, &err)) == 1) {
                if (st.index == 0)
                    ck_assert_double_eq(st.infant.trust, seen.first_trust[k]);
                steps++;
                matched += st.matched;
            }
            ck_assert_int_eq(more, 0);
            ck_assert_int_eq(steps, TL_STEPS);
            ck_assert_int_eq(seen.steps[k], TL_STEPS);
            ck_assert_int_eq(seen.matched[k], matched);
            ck_assert_double_eq_tol(number_at(r, col_of(&h, "all.matched_prop")),
                                    (double)matched / TL_STEPS, 1e-9);
            ck_assert_double_eq(number_at(r, col_of(&h, "all.observed_s")), 7);
            const att_scorer *sc = att_sim_scorer(sim);
            char label[32];
            snprintf(label, sizeof label, "%ld/%ld", run + 1, k);
            ck_assert_str_eq(att_scorer_run(sc), label);
            for (size_t w = 0; w < 3; w++) {
                att_window_score ws;
                ck_assert_int_eq(att_scorer_window(sc, w, ATT_SCORE_CUTOFF_S, &ws, &err), ATT_OK);
                for (int c = 0; c < ATT_SC_COUNT; c++) {
                    char name[64];
                    snprintf(name, sizeof name, "%s.%s", windows[w],
                             att_score_col_name((att_score_col)c));
                    expect_number_text(r->f[col_of(&h, name)], ws.v[c], name, k);
                }
                char name[64];
                snprintf(name, sizeof name, "%s.latencies", windows[w]);
                long nlat, censored;
                count_latencies(r->f[col_of(&h, name)], &nlat, &censored);
                ck_assert_int_eq(nlat, (long)ws.v[ATT_SC_RUPTURES]);
                ck_assert_int_eq(censored, (long)(ws.v[ATT_SC_RUPTURES] - ws.v[ATT_SC_REPAIRS]));
            }
            /* Trust carries: the next session starts where this one ended
             * (after the ruptures left open were counted). */
            double trust_end = att_sim_trust(sim);
            expect_number_text(r->f[6], trust_end, "trust", k);   /* the trust column */
            int next = att_sim_next_session(sim, &err);
            ck_assert_int_eq(next, k < sessions);
            if (next) {
                ck_assert_double_eq(seen.first_trust[k + 1], trust_end);
                trust_moved |= trust_end != seen.first_trust[1];
            }
        }
        ck_assert_int_eq(err.code, ATT_OK);
        att_sim_free(sim);
        for (size_t i = 0; i < n; i++)
            fields_free(&lines[i]);
        free(text);
    }
    /* Not vacuous: some infant's trust changed within a session and was
     * carried into the next. */
    ck_assert(trust_moved);
    att_buf_free(&buf);
    fields_free(&h);
    att_batch_free(b);
    att_scenario_free(s);
    att_match_table_free(mt);
}
END_TEST

/* Session 1 of a timeline is the run a single session would have been:
 * later sessions change nothing before them. */
START_TEST(first_session_is_the_single_run)
{
    static const char one[] =
        "[scenario]\nname = tl\nseed = 5\n"
        "[infant]\narousal_baseline = normal(0.2, 0.04)\n"
        "[phase]\nname = play\nduration = 4\n"
        "[phase]\nname = still\nduration = 3\npolicy = still-face\n"
        "[batch]\nreplicates = 3\n"
        "[condition]\nname = patient\n"
        "[condition]\nname = intrusive\nphase.play.policy = intrusive\n";
    att_scenario *s3 = load_at(exp_path, timeline, NULL, 0);
    att_scenario *s1 = load_at(exp_path2, one, NULL, 0);
    att_match_table *mt = load_match("attuned");
    att_batch *b3 = batch_of(s3, mt), *b1 = batch_of(s1, mt);
    ck_assert_int_eq(att_batch_session_column(b1), 0);
    /* 2 conditions x 3 replicates; the timeline's third condition ("brief")
     * adds 3 runs after them, so runs 0-5 are the same runs in both */
    ck_assert_int_eq(att_batch_runs(b1), 6);
    ck_assert_int_eq(att_batch_runs(b3), 9);
    struct fields h1, h3;
    fields_split(&h1, att_batch_header(b1));
    fields_split(&h3, att_batch_header(b3));
    for (long run = 0; run < att_batch_runs(b1); run++) {
        char *t3 = row_text_lines(b3, run, 3), *t1 = row_text(b1, run);
        struct fields r3, r1;
        t3[strcspn(t3, "\n")] = '\0';
        fields_split(&r3, t3);
        fields_split(&r1, t1);
        /* session, and scenario.sessions (a key the condition "brief" sets) */
        ck_assert_uint_eq(r3.n, r1.n + 2);
        ck_assert_str_eq(r3.f[5], "1");
        for (size_t i = 3; i < r1.n; i++) {   /* from condition on; run ids differ */
            size_t j = col_of(&h3, h1.f[i]);
            ck_assert_msg(strcmp(r1.f[i], r3.f[j]) == 0, "run %ld column %s: '%s' vs '%s'",
                          run + 1, h1.f[i], r1.f[i], r3.f[j]);
        }
        ck_assert_str_eq(r3.f[col_of(&h3, "scenario.sessions")], "3");
        fields_free(&r3);
        fields_free(&r1);
        free(t3);
        free(t1);
    }
    fields_free(&h1);
    fields_free(&h3);
    att_batch_free(b3);
    att_batch_free(b1);
    att_scenario_free(s3);
    att_scenario_free(s1);
    att_match_table_free(mt);
}
END_TEST

Suite *suite_batch(void)
{
    Suite *s = suite_create("batch");
    TCase *tc = exp_tcase("batch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, batch_plan);
    tcase_add_test(tc, batch_rows);
    tcase_add_test(tc, rows_independent_of_other_conditions);
    tcase_add_test(tc, quoted_condition_names);
    tcase_add_test(tc, population_follows_the_distribution);
    suite_add_tcase(s, tc);
    tc = exp_tcase("timelines");
    tcase_add_test(tc, batch_sessions_columns);
    tcase_add_test(tc, batch_sessions_follow_the_dyad);
    tcase_add_test(tc, first_session_is_the_single_run);
    suite_add_tcase(s, tc);
    tc = exp_tcase("bugs");
    tcase_add_test(tc, long_condition_names_keep_distinct_seeds);
    suite_add_tcase(s, tc);
    return s;
}
