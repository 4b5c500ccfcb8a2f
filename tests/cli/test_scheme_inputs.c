/* A lab's codes from export to kappa: `attune import --scheme` and `attune
 * agree --scheme` on the two ELAN exports of one ICEP-coded session
 * (data/examples/elan-icep-1.txt and -2.txt), scored and compared to
 * numbers worked out by hand from the exports; a code outside the scheme
 * refused with FILE:LINE, exit status 2 and nothing written.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a fresh
 * folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void import_coder(int coder, const char *out)
{
    char export[256];
    snprintf(export, sizeof export, "%s/data/examples/elan-icep-%d.txt", ATT_SRCDIR, coder);
    result r = run_attune("import", "elan", export, "--map", SRC("data/examples/elan-map.csv"),
                          "--scheme", "icep", "-o", out, NULL);
    expect_status(&r, 0);
    result_free(&r);
}

/* Coder 1, second by second (table icep: object matches social_monitor;
 * social_monitor and social_positive match each other):
 *   play 0-20: matched 0-5, mismatched 6-11 (object or social_monitor with
 *   social_positive or intrusive), matched 12-19: 14 of 20 s; one rupture
 *   at 6, repaired at 12 when the mother changed: 6 s.
 *   still-face 20-40: never matched; its rupture starts at 20 and is
 *   censored at 40, where the unscorable infant (40-43) makes a gap: 20 s.
 *   reunion: 43-59 matched, 17 s observed (the gap is left out).
 * All: 31 matched of 57 observed; 2 ruptures, both 5 s or longer: major. */
START_TEST(test_icep_session_scored)
{
    char c1[256];
    in_work(c1, sizeof c1, "coder-1.csv");
    import_coder(1, c1);
    result r = run_attune("score", c1, "--scheme", "icep", "--match-table", "icep",
                          "--format", "csv", NULL);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "observed_s"), 57, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "matched_prop"), 31.0 / 57, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "ruptures"), 2, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "repairs"), 1, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "major_ruptures"), 2, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 2, "matched_prop"), 14.0 / 20, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 2, "latency_median_s"), 6, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 4, "observed_s"), 17, 1e-9);
    result_free(&r);
}
END_TEST

/* Infant, 60 units: the coders differ at 9, 24, 36 and 50 s: 56 agree.
 * Marginals (coder 1 / coder 2): social_positive 20/19, object 9/9,
 * social_monitor 18/19, protest 7/6, withdrawn 3/4, unscorable 3/3, so
 * pe = 866/3600 and kappa = (3360 - 866) / (3600 - 866) = 2494/2734.
 * Caregiver: they differ at 11 and 45 s: 58 agree; social_positive 29/31,
 * intrusive 5/4, still_face 20/20, social_monitor 6/5: pe = 1349/3600,
 * kappa = (3480 - 1349) / (3600 - 1349) = 2131/2251.  Unscorable is a code
 * like any other for agreement. */
START_TEST(test_icep_agreement)
{
    char c1[256], c2[256];
    in_work(c1, sizeof c1, "coder-1.csv");
    in_work(c2, sizeof c2, "coder-2.csv");
    import_coder(1, c1);
    import_coder(2, c2);
    result r = run_attune("agree", c1, c2, "--scheme", "icep", "--format", "csv", NULL);
    expect_status(&r, 0);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "units"), 60, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "agreements"), 56, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 1, "kappa"), 2494.0 / 2734, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 2, "agreements"), 58, 1e-9);
    ck_assert_double_eq_tol(csv_cell(r.out, 2, "kappa"), 2131.0 / 2251, 1e-9);
    result_free(&r);
    /* Without the scheme, the codes are not attuned's: refused. */
    r = run_attune("agree", c1, c2, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "coder-1.csv:2:", "stderr");
    result_free(&r);
    char rup[256];
    in_work(rup, sizeof rup, "rup.csv");
    r = run_attune("agree", c1, c2, "--scheme", "icep", "--ruptures", rup, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--match-table", "stderr");
    result_free(&r);
    ck_assert(!exists(rup));
}
END_TEST

/* A code the scheme does not list: the export's line, the code, the scheme;
 * exit status 2 and no output, for import and for agree. */
START_TEST(test_code_outside_scheme)
{
    char *text = slurp(SRC("data/examples/elan-icep-1.txt"), NULL);
    char *at = strstr(text, "\tobject\n");   /* line 2: Infant 6-9 */
    ck_assert_ptr_nonnull(at);
    memcpy(at + 1, "smiles", 6);
    char in[256], map[256], out[256];
    in_work(in, sizeof in, "in.txt");
    in_work(map, sizeof map, "map.csv");
    in_work(out, sizeof out, "out.csv");
    write_file(in, text);
    free(text);
    text = slurp(SRC("data/examples/elan-map.csv"), NULL);
    write_file(map, text);
    free(text);
    result r = run_attune("import", "elan", in, "--map", map, "--scheme", "icep", "-o", out,
                          NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "in.txt:2:", "stderr");
    expect_contains(r.err, "smiles", "stderr");
    expect_contains(r.err, "icep.csv", "stderr");
    result_free(&r);
    expect_listing("in.txt map.csv");

    write_file(out, "t,infant_code,caregiver_code\n0,social_positive,social_positive\n"
                    "1,smiles,social_positive\n");
    char agreed[256];
    in_work(agreed, sizeof agreed, "agreed.csv");
    r = run_attune("agree", out, out, "--scheme", "icep", "-o", agreed, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "out.csv:3:", "stderr");
    expect_contains(r.err, "smiles", "stderr");
    result_free(&r);
    ck_assert(!exists(agreed));
}
END_TEST

Suite *suite_cli_scheme_inputs(void)
{
    Suite *s = suite_create("cli_scheme_inputs");
    TCase *tc = fixture_tcase("scheme_inputs", setup);
    tcase_add_test(tc, test_icep_session_scored);
    tcase_add_test(tc, test_icep_agreement);
    tcase_add_test(tc, test_code_outside_scheme);
    suite_add_tcase(s, tc);
    return s;
}
