/* `attune validate` end to end (the real program, tests/fixture.h): its
 * columns, help and bad usage (exit 2).  The tests do not depend on whether
 * the checks pass. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/validate.h"

/* ---- end to end ------------------------------------------------------------ */

static const char csv_header[] = "id,group,phenomenon,source,literature,estimate,ci_low,ci_high,"
                                 "rule,target_low,target_high,pass";

START_TEST(test_cli_quick_play)
{
    /* Exit 0 or 1 (checks may fail while the model is uncalibrated), never 2. */
    result r = run_attune("validate", "--quick", "--only", "play", NULL);
    ck_assert_msg(r.status == 0 || r.status == 1, "exit status %d: %s", r.status, r.err);
    char line[512];
    ck_assert_str_eq(first_line(r.out, line, sizeof line), csv_header);
    ck_assert_int_eq(count_lines(r.out), 5);
    static const char *const ids[] = { "play.coordinated", "play.cadence", "play.repair_3s",
                                       "play.repair_next" };
    int failed = 0;
    for (int i = 0; i < 4; i++) {
        const char *l = line_at(r.out, i + 1);
        ck_assert_ptr_nonnull(l);
        ck_assert_msg(strncmp(l, ids[i], strlen(ids[i])) == 0 && l[strlen(ids[i])] == ',',
                      "row %d: %.80s", i + 1, l);
        const char *end = strchr(l, '\n');
        ck_assert(end && (end[-1] == '0' || end[-1] == '1') && end[-2] == ',');
        failed += end[-1] == '0';
    }
    ck_assert_int_eq(r.status, failed ? 1 : 0);
    expect_contains(r.err, "attune validate: 4 checks", "stderr");
    result_free(&r);

    /* The table: its heading, the columns and the summary line. */
    r = run_attune("validate", "--quick", "--only", "play.coord", "--format", "table", NULL);
    ck_assert_msg(r.status == 0 || r.status == 1, "exit status %d: %s", r.status, r.err);
    expect_contains(r.out, "id  ", "stdout");
    expect_contains(r.out, "phenomenon", "stdout");
    expect_contains(r.out, "literature (source)", "stdout");
    expect_contains(r.out, "simulated [95% CI]", "stdout");
    expect_contains(r.out, "rule", "stdout");
    expect_contains(r.out, "\nplay.coordinated  ", "stdout");
    expect_contains(r.out, "(Tronick & Cohn 1989)", "stdout");
    expect_contains(r.out, r.status ? "FAIL\n" : "PASS\n", "stdout");
    expect_contains(r.out, r.status ? "\n1 check, 1 failed\n" : "\n1 check, 0 failed\n",
                    "stdout");
    result_free(&r);
}
END_TEST

START_TEST(test_cli_output_file_and_seed)
{
    char a[192], b[192];
    snprintf(a, sizeof a, "%s/a.csv", work);
    snprintf(b, sizeof b, "%s/b.csv", work);
    result r = run_attune("validate", "--quick", "--only", "sf.gaze", "--seed", "3", "-o", a,
                          "-j", "1", NULL);
    ck_assert_msg(r.status == 0 || r.status == 1, "exit status %d: %s", r.status, r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    r = run_attune("validate", "--quick", "--only", "sf.gaze", "--seed", "3", "-o", b,
                   "--jobs", "3", NULL);
    ck_assert_msg(r.status == 0 || r.status == 1, "exit status %d: %s", r.status, r.err);
    result_free(&r);
    expect_listing("a.csv b.csv");
    char *ta = slurp(a, NULL), *tb = slurp(b, NULL);
    ck_assert_str_eq(ta, tb);   /* same seed, any threads: the same bytes */
    ck_assert_int_eq(count_lines(ta), 3);   /* sf.gaze_d and sf.gaze_decline */
    free(ta);
    free(tb);
}
END_TEST

/* The presets and chronic groups (validate/validate_timeline.c): every check
 * id in order, all passing on the model as calibrated. */
static void expect_group(const char *only, const char *const *ids, int n, const char *infants)
{
    result r = run_attune("validate", "--quick", "--infants", infants, "--only", only, NULL);
    ck_assert_msg(r.status == 0, "%s: exit status %d: %s%s", only, r.status, r.out, r.err);
    char line[512];
    ck_assert_str_eq(first_line(r.out, line, sizeof line), csv_header);
    ck_assert_int_eq(count_lines(r.out), n + 1);
    for (int i = 0; i < n; i++) {
        const char *l = line_at(r.out, i + 1);
        ck_assert_ptr_nonnull(l);
        ck_assert_msg(strncmp(l, ids[i], strlen(ids[i])) == 0 && l[strlen(ids[i])] == ',',
                      "row %d: %.80s", i + 1, l);
        const char *end = strchr(l, '\n');
        ck_assert_msg(end && end[-1] == '1' && end[-2] == ',', "fails: %.300s", l);
    }
    result_free(&r);
}

START_TEST(test_cli_presets_chronic)
{
    static const char *const presets[] = {
        "presets.secure_bids", "presets.secure_reunion_gaze", "presets.anxious_protest",
        "presets.anxious_arousal", "presets.anxious_slow_soothe",
        "presets.avoidant_early_aversion", "presets.avoidant_few_bids",
        "presets.avoidant_arousal_high", "presets.avoidant_little_negative"
    };
    static const char *const chronic[] = {
        "chronic.trust_consistent", "chronic.trust_intrusive", "chronic.trust_builds",
        "chronic.disengage", "chronic.disengaged_withdrawn", "chronic.disengaged_intrusive",
        "chronic.bids_fade", "chronic.slow_recovery", "chronic.history_disengaged",
        "chronic.recovers", "chronic.reengages"
    };
    /* 100 infants: since frustration (docs/MODEL.md 2.6, session 9) the
     * reunion holds fewer bouts of negative affect, and at 40 infants
     * presets.anxious_slow_soothe's interval reaches below 0 (0.91
     * [0.75, 1.07] at 2000; it passes at 100 for seeds 1-4); 300 since the
     * narrower gaze spreads of session 25's candidate A, the default since
     * session 26 (docs/MODEL.md 10.9, 10.10): at 100 its
     * interval reached below 0 for seeds 1 and 4 (0.34 [-0.06, 0.74]), at
     * 300 it passes for seeds 1-4 (0.34 [0.08, 0.59] for seed 1); 400
     * since session 28's defaults (docs/MODEL.md 10.13): at 300 its
     * interval reached below 0 for seed 1 (0.25 [-0.001, 0.50]; 0.51
     * [0.40, 0.62] at 2000), at 400 it passes for seeds 1-4 (0.36 [0.12,
     * 0.55] for seed 1) */
    expect_group("presets", presets, (int)(sizeof presets / sizeof presets[0]), "400");
    /* 400 infants, 80 dyads: since the calm play rhythm of issue 18 (fewer
     * ruptures a day) chronic.trust_builds was 0.018 at 2000 infants (from
     * 0.080), and at 40 dyads its interval reached below 0 (0.181 at
     * session 28's defaults, docs/VALIDATION.md 7) */
    expect_group("chronic", chronic, (int)(sizeof chronic / sizeof chronic[0]), "400");
}
END_TEST

/* The two checks over the infants who push (expert.intrusive_push_after
 * and _fussed) are measured only when at least 30 do: the count comes from
 * the third check's share (expert.intrusive_push) times the infants.  At
 * half her intrusiveness almost none push (2 % at 200 infants; the gate
 * closes: no estimate, FAIL, a detail naming the count); at her own,
 * about a third do (0.34 at session 28's defaults, docs/VALIDATION.md 7). */
static void expect_push_gate(const char *factor, int closed)
{
    enum { INFANTS = 200, NEED = 30 };
    char scale[64], infants[16];
    snprintf(scale, sizeof scale, "caregiver.intrusiveness=%s", factor);
    snprintf(infants, sizeof infants, "%d", INFANTS);
    result r = run_attune("validate", "--only", "expert.intrusive_push", "--infants", infants,
                          "--scale", scale, NULL);
    ck_assert_msg(r.status == 0 || r.status == 1, "exit status %d: %s", r.status, r.err);
    ck_assert_int_eq(count_lines(r.out), 4);
    char buf[512];   /* field() passes through the long text columns */
    ck_assert_str_eq(field(line_at(r.out, 1), 0, buf, sizeof buf), "expert.intrusive_push");
    double share = strtod(field(line_at(r.out, 1), 5, buf, sizeof buf), NULL);
    long pushers = lround(share * INFANTS);
    ck_assert_msg(closed ? pushers < NEED : pushers >= NEED, "x %s: %ld push", factor, pushers);
    for (int k = 2; k <= 3; k++) {
        const char *l = line_at(r.out, k);
        ck_assert_msg(strncmp(l, "expert.intrusive_push_", 22) == 0, "%.60s", l);
        const char *end = strchr(l, '\n');
        field(l, 5, buf, sizeof buf);
        if (closed) {
            ck_assert_msg(buf[0] == '\0' && end[-1] == '0', "measured on %ld: %.300s",
                          pushers, l);
        } else {
            ck_assert_msg(buf[0] != '\0', "not measured on %ld: %.300s", pushers, l);
        }
    }
    result_free(&r);
    if (!closed)
        return;
    r = run_attune("validate", "--only", "expert.intrusive_push_after", "--infants", infants,
                   "--scale", scale, "--format", "table", NULL);
    expect_status(&r, 1);
    char detail[96];
    snprintf(detail, sizeof detail, "not measured: %ld of %d infants push, and it needs %d",
             pushers, INFANTS, NEED);
    expect_contains(r.out, detail, "stdout");
    result_free(&r);
}

START_TEST(test_cli_push_needs_pushers)
{
    expect_push_gate("0.5", 1);
    expect_push_gate("1", 0);
}
END_TEST

/* expert.age_play_gaze compares 3- and 6-month-olds drawn from the same
 * seeds.  Age acts only through age_gaze and age_regulation (docs/MODEL.md
 * 2.9: a_gaze = age_gaze^(age - 4), a_reg likewise), so with both at 1 the
 * two populations are the same infants and the difference is exactly 0,
 * interval and all; at the defaults (0.62 and 1.1) the younger look more. */
START_TEST(test_cli_age_pair_same_infants)
{
    char buf[512], scale[128];
    snprintf(scale, sizeof scale, "infant.age_gaze=%.17g,infant.age_regulation=%.17g",
             1 / 0.62, 1 / 1.1);
    result r = run_attune("validate", "--only", "expert.age_play_gaze", "--infants", "100",
                          "--scale", scale, NULL);
    ck_assert_msg(r.status == 1, "exit status %d: %s", r.status, r.err);
    ck_assert_int_eq(count_lines(r.out), 2);
    for (int col = 5; col <= 7; col++)
        ck_assert_str_eq(field(line_at(r.out, 1), col, buf, sizeof buf), "0");
    result_free(&r);
    r = run_attune("validate", "--only", "expert.age_play_gaze", "--infants", "100", NULL);
    ck_assert_msg(r.status == 0 || r.status == 1, "exit status %d: %s", r.status, r.err);
    ck_assert_double_gt(strtod(field(line_at(r.out, 1), 6, buf, sizeof buf), NULL), 0);
    result_free(&r);
}
END_TEST

START_TEST(test_cli_bad_usage)
{
    char line[256];
    result r = run_attune("validate", "--quik", NULL);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_str_eq(first_line(r.err, line, sizeof line),
                     "attune validate: unknown option '--quik' (did you mean '--quick'?)");
    result_free(&r);

    r = run_attune("validate", "--format", "json", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, line, sizeof line),
                     "attune validate: --format json: must be table, narrow or csv");
    result_free(&r);

    r = run_attune("validate", "--seed", "-1", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--seed -1: must be a whole number", "stderr");
    result_free(&r);

    r = run_attune("validate", "--jobs", "0", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "attune validate: --jobs 0: must be a whole number from 1 to 1024",
                    "stderr");
    result_free(&r);

    r = run_attune("validate", "--infants", "1", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "attune validate: --infants 1: must be a whole number from 2 to "
                    "1000000", "stderr");
    result_free(&r);

    r = run_attune("validate", "extra", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "unexpected argument 'extra'", "stderr");
    result_free(&r);

    r = run_attune("validate", "--only", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(first_line(r.err, line, sizeof line),
                     "attune validate: --only needs a value");
    result_free(&r);

    r = run_attune("validate", "--quick", "--only", "nosuch", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--only nosuch: no check id starts with it", "stderr");
    result_free(&r);
    expect_listing("");
}
END_TEST

START_TEST(test_cli_help)
{
    result r = run_attune("help", "validate", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "usage: attune validate", "stdout");
    expect_contains(r.out, "--quick", "stdout");
    expect_contains(r.out, "--only PREFIX", "stdout");
    /* the help names every group --only can select (nine: play, sf,
     * reunion, peekaboo, repair, numeric, presets, chronic and expert),
     * and the suite's sizes */
    ck_assert_uint_eq(att_validate_group_count, 9);
    for (size_t i = 0; i < att_validate_group_count; i++) {
        char name[64];
        snprintf(name, sizeof name, " %s%s", att_validate_groups[i].name,
                 i + 1 < att_validate_group_count ? "," : ")");
        expect_contains(r.out, name, "stdout");
    }
    char sizes[96];
    snprintf(sizes, sizeof sizes, "--quick              %d infants per population and %d resamples",
             ATT_VALIDATE_QUICK_INFANTS, ATT_VALIDATE_QUICK_BOOT);
    expect_contains(r.out, sizes, "stdout");
    snprintf(sizes, sizeof sizes, "(default: %d and %d,", ATT_VALIDATE_FULL_INFANTS,
             ATT_VALIDATE_FULL_BOOT);
    expect_contains(r.out, sizes, "stdout");
    result_free(&r);
    r = run_attune("validate", "-h", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "usage: attune validate", "stdout");
    result_free(&r);
}
END_TEST

/* docs/VALIDATION.md section 4 states each expert check's range and rule;
 * the program prints its own in the CSV.  The two must agree, so a range
 * moved in validate/validate_expert.c without the page (or the page
 * without the code) fails here: every row of the page's expert table is a
 * check the program runs, with the same rule and the same ends, and every
 * check the program runs has a row. */
START_TEST(test_cli_expert_ranges_as_documented)
{
    char *doc = slurp(ATT_SRCDIR "/docs/VALIDATION.md", NULL);
    ck_assert_ptr_nonnull(doc);
    const char *sec = strstr(doc, "### expert: what a developmental scientist would check");
    ck_assert_ptr_nonnull(sec);
    static md_table t;
    ck_assert_int_eq(md_find_table(sec, "| id | item | measures | literature (source) | target "
                                        "| rule |", &t), 0);
    result r = run_attune("validate", "--only", "expert", "--infants", "40", "--format", "csv",
                          NULL);
    ck_assert_msg(r.status == 0 || r.status == 1, "exit status %d: %s", r.status, r.err);
    int checks = count_lines(r.out) - 1;
    ck_assert_int_ge(checks, 40);
    for (int i = 0; i < t.nrow; i++) {
        /* | `id` | item | measures | literature | target | rule | */
        const char *target = t.cell[i][4], *kind = t.cell[i][5];
        char id[64], buf[512], rule[512];   /* field() passes earlier fields through its buffer */
        md_key(t.cell[i][0], id, sizeof id);
        ck_assert_msg(id[0] != '\0', "docs/VALIDATION.md: row %d is not one check: %s", i + 1,
                      t.cell[i][0]);
        int k = 1;   /* the program's row for that id */
        while (k <= checks && strcmp(field(line_at(r.out, k), 0, buf, sizeof buf), id) != 0)
            k++;
        ck_assert_msg(k <= checks, "%s: in docs/VALIDATION.md section 4, not in the suite", id);
        field(line_at(r.out, k), 8, rule, sizeof rule);
        if (strcmp(kind, "direction") == 0) {
            ck_assert_msg(strcmp(rule, "above") == 0, "%s: documented as a direction, rule %s",
                          id, rule);
            ck_assert_msg(strcmp(target, "> 0") == 0, "%s: target %s", id, target);
        } else {
            ck_assert_msg(strcmp(kind, "range") == 0 && strcmp(rule, "range") == 0,
                          "%s: documented as '%s', rule %s", id, kind, rule);
            double a, b, lo = csv_cell(r.out, k, "target_low"),
                         hi = csv_cell(r.out, k, "target_high");
            ck_assert_msg(sscanf(target, "[%lf, %lf]", &a, &b) == 2, "%s: no [a, b] in '%s'", id,
                          target);
            ck_assert_msg(fabs(a - lo) < 1e-12 && fabs(b - hi) < 1e-12,
                          "%s: docs/VALIDATION.md says [%g, %g], the program [%g, %g]", id, a, b,
                          lo, hi);
        }
    }
    ck_assert_int_eq(t.nrow, checks);
    result_free(&r);
    free(doc);
}
END_TEST

Suite *suite_cli_validate(void)
{
    Suite *s = suite_create("cli_validate");
    TCase *tc = fixture_tcase("validate", setup);
    tcase_add_test(tc, test_cli_quick_play);
    tcase_add_test(tc, test_cli_output_file_and_seed);
    tcase_add_test(tc, test_cli_presets_chronic);
    tcase_add_test(tc, test_cli_push_needs_pushers);
    tcase_add_test(tc, test_cli_age_pair_same_infants);
    tcase_add_test(tc, test_cli_bad_usage);
    tcase_add_test(tc, test_cli_help);
    tcase_add_test(tc, test_cli_expert_ranges_as_documented);
    suite_add_tcase(s, tc);
    return s;
}
