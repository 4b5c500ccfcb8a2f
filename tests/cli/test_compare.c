/* attune compare through the real program ($ATTUNE_BIN, tests/fixture.h):
 * CSV layout, table, -o, stdin, reproducibility, and that bad input exits 2
 * with nothing written (no output, no temporary file, an existing output
 * left as it was); a results file missing runs (refused unless
 * --allow-partial), a repeated run, and CRLF/BOM/semicolon results. */
#include "tests/fixture.h"

#include <check.h>
#include <stdlib.h>
#include <unistd.h>
#include "attune/compare.h"

/* ---- the command ------------------------------------------------------- */

static char in[192], out[192];   /* work/results.csv, work/OUT */

static void compare_setup(void)
{
    setup();
    snprintf(in, sizeof in, "%s/results.csv", work);
    snprintf(out, sizeof out, "%s/OUT", work);
}

START_TEST(test_cli_help)
{
    result r = run_attune("compare", "--help", NULL);
    expect_status(&r, 0);
    expect_prefix(r.out, "usage: attune compare RESULTS");
    ck_assert_uint_eq(r.err_len, 0);
    result_free(&r);
    r = run_attune("help", "compare", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "--baseline NAME", "help");
    result_free(&r);
    r = run_attune("compare", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "no results file given", "stderr");
    result_free(&r);
    r = run_attune("compare", "--baselin", "A", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "did you mean '--baseline'?", "stderr");
    result_free(&r);
}
END_TEST

START_TEST(test_cli_csv)
{
    write_file(in, compare_results);
    /* Standard output is no terminal here: CSV. */
    result r = run_attune("compare", in, "--boot", "200", "--seed", "5", NULL);
    expect_status(&r, 0);
    char line[1024];
    ck_assert_str_eq(first_line(r.out, line, sizeof line), compare_csv_head);
    ck_assert_int_eq(count_lines(r.out), 18);
    ck_assert_uint_eq(r.err_len, 0);
    /* -o gives the same bytes; the same seed again too. */
    result r2 = run_attune("compare", in, "--boot", "200", "--seed", "5", "-o", out, NULL);
    expect_status(&r2, 0);
    ck_assert_uint_eq(r2.out_len, 0);
    char *f = slurp(out, NULL);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f, r.out);
    free(f);
    expect_listing("OUT results.csv");
    result_free(&r2);
    r2 = run_attune("compare", in, "--boot", "200", "--seed", "6", NULL);
    expect_status(&r2, 0);
    ck_assert_str_ne(r2.out, r.out);
    result_free(&r2);
    /* The library's numbers, as written. */
    att_compare_opts o;
    att_compare_opts_init(&o);
    o.boot = 200;
    o.seed = 5;
    att_compare *c = compare_ok(compare_results, &o);
    char *csv = compare_written(c, ATT_FORMAT_CSV);
    char *p = strchr(csv, '\n') + 1, *q = strchr(r.out, '\n') + 1;
    ck_assert_str_eq(p, q);   /* same rows; the file name is not in the CSV */
    free(csv);
    att_compare_free(c);
    result_free(&r);

    r = run_attune("compare", in, "--by", "caregiver.wait_time", "--baseline", "2.5", "--metric",
                   "matched_prop", "--metric", "all.repair_latency", NULL);
    expect_status(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 1 + 2 + 3 + 2);
    expect_prefix(line_at(r.out, 1), "group,all,matched_prop,1.5,0,4,0.55,");
    expect_prefix(line_at(r.out, 2), "group,all,matched_prop,2.5,1,4,0.575,");
    result_free(&r);
}
END_TEST

START_TEST(test_cli_table)
{
    write_file(in, compare_results);
    result r = run_attune("compare", in, "--format", "table", "--baseline", "B", NULL);
    expect_status(&r, 0);
    expect_contains(r.out, "8 runs in 3 groups by condition; * = baseline (B)", "table");
    expect_contains(r.out, "\n* B ", "table");
    expect_contains(r.out, "\nall: repair_latency", "table");
    result_free(&r);
    r = run_attune("compare", in, "--format", "tabel", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "did you mean 'table'?", "stderr");
    result_free(&r);
}
END_TEST

/* Standard input is /dev/null in the fixture: an empty file. */
START_TEST(test_cli_stdin)
{
    result r = run_attune("compare", "-", NULL);
    expect_status(&r, 2);
    ck_assert_str_eq(r.err, "<stdin>:1: empty file (expected the header of an attune batch "
                     "results file)\n");
    result_free(&r);
}
END_TEST

/* Bad input: exit 2, one message, nothing on stdout, no OUT and no
 * temporary file; an existing OUT is left as it was. */
static void expect_refused(const char *text, const char *const *extra, const char *want)
{
    if (text)
        write_file(in, text);
    const char *args[16] = { "compare", in };
    size_t n = 2;
    for (; extra && *extra; extra++)
        args[n++] = *extra;
    args[n++] = "-o";
    args[n++] = out;
    args[n] = NULL;
    unlink(out);
    result r = run_argv(args);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    ck_assert_msg(strstr(r.err, want) == r.err, "stderr '%s', expected '%s...'", r.err, want);
    ck_assert_int_eq(count_lines(r.err), 1);
    expect_listing(text ? "results.csv" : "");
    result_free(&r);
    write_file(out, "keep\n");
    r = run_argv(args);
    expect_status(&r, 2);
    char *f = slurp(out, NULL);
    ck_assert_str_eq(f, "keep\n");
    free(f);
    expect_listing(text ? "OUT results.csv" : "OUT");
    result_free(&r);
    unlink(out);
}

START_TEST(test_cli_bad_input)
{
    char want[512], text[2048];
    /* about the whole file, not a line: the command is named */
    snprintf(want, sizeof want, "attune compare: %s/none.csv: cannot read:", work);
    snprintf(in, sizeof in, "%s/none.csv", work);
    expect_refused(NULL, NULL, want);
    snprintf(in, sizeof in, "%s/results.csv", work);

    snprintf(want, sizeof want, "%s:1: not a results file of attune batch", in);
    expect_refused("run,t,infant_code,caregiver_code\n1,0,positive,positive\n", NULL, want);
    snprintf(want, sizeof want, "%s:1: no column 'condition' to group by", in);
    expect_refused("experiment,run,cond,all.matched_prop\ne,1,a,0.5\n", NULL, want);

    static const struct { const char *from, *to; const char *want; } edits[] = {
        { "1.5,0.4,4,", "1.5,0.4,4x,", "6: all.rmst_s: '4x' is not a number (text after the "
          "number)" },
        { "1.5,0.4,4,", "1.5,0.4,1e309,", "6: all.rmst_s: '1e309' is out of range" },
        { "1.5,0.4,4,", "1.5,0.4,9.5e307,", "6: all.rmst_s: 9.5e+307 is out of range" },
        { "1.5 6,", "1.5 6x,", "6: all.latencies: malformed latency '6x'" },
        { "00000000deadbeef,7,", "00000000deadbeee,7,",
          "8: experiment '00000000deadbeee' differs from experiment '00000000deadbeef' of "
          "line 2" },
        { ",0.25,1.5\n", ",0.25\n", "6: 10 fields, but the header (line 1) has 11" },
    };
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        const char *at = strstr(compare_results, edits[i].from);
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - compare_results), compare_results, edits[i].to,
                 at + strlen(edits[i].from));
        snprintf(want, sizeof want, "%s:%s", in, edits[i].want);
        expect_refused(text, NULL, want);
    }
    const char *const baseline[] = { "--baseline", "b", NULL };
    expect_refused(compare_results, baseline, "attune compare: --baseline b: no group 'b' in column "
                   "condition");
    const char *const metric[] = { "--metric", "matched_prp", NULL };
    expect_refused(compare_results, metric, "attune compare: --metric matched_prp: unknown metric "
                   "'matched_prp' (did you mean 'matched_prop'?)");
    const char *const window[] = { "--metric", "paly.rmst_s", NULL };
    snprintf(want, sizeof want, "%s:1: --metric paly.rmst_s: no window 'paly' (did you mean "
             "'play'?)", in);
    expect_refused(compare_results, window, want);
    const char *const by[] = { "--by", "caregiver.wait_tim", NULL };
    snprintf(want, sizeof want, "%s:1: no column 'caregiver.wait_tim' to group by (did you mean "
             "'caregiver.wait_time'?)", in);
    expect_refused(compare_results, by, want);
    const char *const boot[] = { "--boot", "many", NULL };
    expect_refused(compare_results, boot, "attune compare: --boot many: must be a whole number");
}
END_TEST

/* A group of one run is not an error: its undefined statistics are empty.
 * B (.9) vs A (.5 .7): U = 2, exact p = 2 P(U >= 2) = 2/3 (Holm over a
 * family of one: the same).  A's latencies 1 2 3+: S = 2/3, 1/3 at 1, 2:
 * median 2, interval [1, not reached], 1 - S(2) = 2/3, RMST to 30 unknown
 * (censored at 3 with S > 0). */
START_TEST(test_cli_small_group)
{
    write_file(in, "experiment,run,condition,all.matched_prop,all.latencies\n"
                   "e,1,A,0.5,1 2\n"
                   "e,2,A,0.7,3+\n"
                   "e,3,B,0.9,\n");
    result r = run_attune("compare", in, NULL);
    expect_status(&r, 0);
    ck_assert_str_eq(line_at(r.out, 2), "group,all,matched_prop,B,0,1,0.9,,,,0.3,,,,,,,,2,"
                     "0.6666666667,0.6666666667,,,,,,,,,,,\n"
                     "group,all,repair_latency,A,1,2,,,,,,,,,,,,,,,,3,2,2,1,,0.6666666667,,,,,\n"
                     "group,all,repair_latency,B,0,1,,,,,,,,,,,,,,,,0,0,,,,,,,,,\n"
                     "overall,all,repair_latency,,,3,,,,,,,,,,,,,,,,3,2,,,,,,,,,\n");
    result_free(&r);
}
END_TEST

/* ---- the command -------------------------------------------------------- */

/* A results file of 4 runs (columns as attune batch writes them). */
static const char results4[] =
    "experiment,run,runs,condition,replicate,seed,all.matched_prop,all.latencies\n"
    "e,1,4,A,1,11,0.5,1 2\n"
    "e,2,4,A,2,12,0.75,3+\n"
    "e,3,4,B,1,13,0.25,0.5\n"
    "e,4,4,B,2,14,0.5,1 4+\n";

START_TEST(cli_compare_missing_and_repeated_runs)
{
    const char *const full[] = { "compare", f_in, "--format", "csv", NULL };
    write_file(f_in, results4);
    char *plain = output_of(full);
    /* cut at a line end: run 4 missing */
    char cut[512];
    snprintf(cut, sizeof cut, "%.*s", (int)(strstr(results4, "e,4,") - results4), results4);
    write_file(f_in, cut);
    const char *const args[] = { "compare", f_in, "--format", "csv", "-o", f_out, NULL };
    result r = run_argv(args);
    expect_status(&r, 2);
    char want[512];
    snprintf(want, sizeof want, "attune compare: %s: runs 4 of 4 are missing (3 of 4 runs "
             "present): a file cut "
             "short, or an unfinished batch; --allow-partial compares the runs there are\n",
             f_in);
    ck_assert_str_eq(r.err, want);
    ck_assert_int_eq(access(f_out, F_OK), -1);
    result_free(&r);
    /* --allow-partial: compared, with a warning naming them */
    const char *const partial[] = { "compare", f_in, "--format", "csv", "--allow-partial",
                                    NULL };
    r = run_argv(partial);
    expect_status(&r, 0);
    snprintf(want, sizeof want, "attune compare: warning: runs 4 of 4 are missing from %s; "
             "comparing the runs there are (--allow-partial)\n", f_in);
    ck_assert_str_eq(r.err, want);
    expect_contains(r.out, "group,all,matched_prop,B,0,1,0.25,", "partial output");
    result_free(&r);
    /* runs 1 and 3 missing, as a .part file */
    char part[256];
    snprintf(part, sizeof part, "%s/res.csv.part", work);
    write_file(part, "experiment,run,runs,condition,replicate,seed,all.matched_prop,all.latencies\n"
                     "e,2,4,A,2,12,0.75,3+\ne,4,4,B,2,14,0.5,1 4+\n");
    const char *const p2[] = { "compare", part, NULL };
    r = run_argv(p2);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "attune compare: %s: runs 1, 3 of 4 are missing (2 of 4 runs "
             "present): an "
             "unfinished batch (finish it with attune batch --resume)", part);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    result_free(&r);
    /* a repeated run (two writers on one file) */
    char dup[1024];
    snprintf(dup, sizeof dup, "%se,2,4,A,2,12,0.75,3+\n", results4);
    write_file(f_in, dup);
    r = run_argv(full);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:6: run 2 appears again after other runs", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    result_free(&r);
    /* a proportion of 9.5e307 */
    snprintf(dup, sizeof dup, "%s", results4);
    memcpy(strstr(dup, "0.75"), "9e99", 4);
    write_file(f_in, dup);
    r = run_argv(full);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:3: all.matched_prop: 9e+99 is out of range (a proportion, "
             "from 0 to 1)\n", f_in);
    ck_assert_str_eq(r.err, want);
    result_free(&r);
    /* CRLF with a BOM, and semicolons: the same comparison */
    char buf[1024];
    static const struct { char sep; const char *eol, *bom; } forms[] = {
        { ',', "\r\n", "\xEF\xBB\xBF" }, { ';', "\n", "" }, { '\t', "\r", "" },
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t n = dialect(buf, sizeof buf, results4, forms[i].sep, forms[i].eol, forms[i].bom);
        write_bytes(f_in, buf, n);
        char *got = output_of(full);
        ck_assert_msg(strcmp(got, plain) == 0, "form %zu differs:\n%s", i, got);
        free(got);
    }
    free(plain);
}
END_TEST

Suite *suite_cli_compare(void)
{
    Suite *s = suite_create("cli_compare");
    TCase *tc = fixture_tcase("command", compare_setup);
    tcase_add_test(tc, test_cli_help);
    tcase_add_test(tc, test_cli_csv);
    tcase_add_test(tc, test_cli_table);
    tcase_add_test(tc, test_cli_stdin);
    tcase_add_test(tc, test_cli_bad_input);
    tcase_add_test(tc, test_cli_small_group);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("command", input_setup);
    tcase_add_test(tc, cli_compare_missing_and_repeated_runs);
    suite_add_tcase(s, tc);
    return s;
}
