/* `attune merge` through the real program (tests/fixture.h): shards merge
 * to the bytes of one run, timelines too; a bad header is refused; CRLF,
 * CR-only and BOM shards give the bytes of the plain ones. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- the command -------------------------------------------------------- */

START_TEST(cli_merge_line_ends)
{
    static const char head[] = "experiment,run,runs,condition,replicate,seed,all.matched_prop\n";
    static const char *const rows[] = { "e,1,3,A,1,11,0.5\n", "e,2,3,A,2,12,0.25\n",
                                        "e,3,3,\"B, b\",1,13,0.125\n" };
    char s1[256], s2[256], s3[256], text[1024], buf[1024];
    snprintf(s1, sizeof s1, "%s/s1.csv", work);
    snprintf(s2, sizeof s2, "%s/s2.csv", work);
    snprintf(s3, sizeof s3, "%s/s3.csv", work);
    /* shard 1 with CRLF and a BOM, shard 2 with CR only, shard 3 plain */
    snprintf(text, sizeof text, "%s%s", head, rows[0]);
    write_bytes(s1, buf, dialect(buf, sizeof buf, text, ',', "\r\n", "\xEF\xBB\xBF"));
    snprintf(text, sizeof text, "%s%s", head, rows[1]);
    write_bytes(s2, buf, dialect(buf, sizeof buf, text, ',', "\r", ""));
    snprintf(text, sizeof text, "%s%s", head, rows[2]);
    write_file(s3, text);
    const char *const args[] = { "merge", s2, s3, s1, "-o", f_out, NULL };
    result r = run_argv(args);
    expect_status(&r, 0);
    result_free(&r);
    char *got = slurp(f_out, NULL);
    snprintf(text, sizeof text, "%s%s%s%s", head, rows[0], rows[1], rows[2]);
    ck_assert_str_eq(got, text);
    free(got);
    /* a UTF-16 shard is named */
    size_t k = 0;
    buf[k++] = '\xFF', buf[k++] = '\xFE';
    for (const char *p = head; *p; p++)
        buf[k++] = *p, buf[k++] = '\0';
    write_bytes(s3, buf, k);
    unlink(f_out);
    r = run_argv(args);
    expect_status(&r, 2);
    char want[400];
    snprintf(want, sizeof want, "attune merge: %s:1: the file is UTF-16 text", s3);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_int_eq(access(f_out, F_OK), -1);
    result_free(&r);
}
END_TEST

/* ---- shards and merge ---- */

START_TEST(test_shards_merge)
{
    size_t len;
    char *ref = reference(&len);
    char s[3][192], merged[192];
    for (int i = 0; i < 3; i++) {
        char name[32], spec[32];
        snprintf(name, sizeof name, "s%d.csv", i + 1);
        snprintf(spec, sizeof spec, "%d/3", i + 1);
        in_work(s[i], sizeof s[i], name);
        result r = run_attune("batch", batch_ini, "-o", s[i], "--shard", spec, "-q", NULL);
        expect_status(&r, 0);
        result_free(&r);
    }
    /* 20 runs in 3 shards: 6, 7 and 7 rows under one header each. */
    char *t = slurp(s[0], NULL);
    ck_assert_int_eq(count_lines(t), 7);
    free(t);
    in_work(merged, sizeof merged, "merged.csv");
    result r = run_attune("merge", s[2], s[0], s[1], "-o", merged, NULL);
    expect_status(&r, 0);
    result_free(&r);
    expect_same_file(merged, ref, len);
    /* A missing shard, a shard given twice, a shard of another experiment:
     * exit 2 and no output. */
    char other[192], out2[192];
    in_work(other, sizeof other, "other.csv");
    in_work(out2, sizeof out2, "out2.csv");
    r = run_attune("merge", s[0], s[2], "-o", out2, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "runs 7-13 are missing", "stderr");
    result_free(&r);
    r = run_attune("merge", s[0], s[1], s[1], s[2], "-o", out2, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "are also in", "stderr");
    result_free(&r);
    r = run_attune("batch", batch_ini, "-o", other, "--shard", "2/3", "--seed", "99", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("merge", s[0], other, s[2], "-o", out2, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "different experiments", "stderr");
    result_free(&r);
    /* one id but another total of runs (the third column, 20, made 21 in
     * every row of the middle shard): said so, not "(ID and ID)" */
    char *mid = slurp(s[1], NULL);
    for (char *line = strchr(mid, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        char *c = strchr(strchr(line + 1, ',') + 1, ',');   /* before the runs column */
        ck_assert_msg(strncmp(c, ",20,", 4) == 0, "runs column: %.12s", c);
        c[2] = '1';
    }
    write_file(other, mid);
    free(mid);
    r = run_attune("merge", s[0], other, s[2], "-o", out2, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "come from different experiments (experiment ", "stderr");
    expect_contains(r.err, " of 20 runs in the one, of 21 in the other)", "stderr");
    result_free(&r);
    ck_assert(!exists(out2));
    free(ref);
}
END_TEST

/* A shard whose header is not batch's is refused at line 1 with what is
 * wrong, not at line 2 as "not a results row". */
static void expect_merge_refused(const char *shard, const char *good, const char *out,
                                 const char *what)
{
    result r = run_attune("merge", shard, good, "-o", out, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, what, "stderr");
    ck_assert_msg(strstr(r.err, ":2:") == NULL, "line 2 blamed: %s", r.err);
    result_free(&r);
    ck_assert(!exists(out));
}

/* Writes `text` with every comma replaced by `sep`. */
static void write_separated(const char *path, const char *text, char sep)
{
    char *t = strdup(text);
    ck_assert_ptr_nonnull(t);
    for (char *p = t; *p; p++)
        if (*p == ',')
            *p = sep;
    write_file(path, t);
    free(t);
}

START_TEST(test_merge_bad_header)
{
    char s1[192], s2[192], bad[192], out[192], want[512];
    in_work(s1, sizeof s1, "h1.csv");
    in_work(s2, sizeof s2, "h2.csv");
    in_work(bad, sizeof bad, "bad.csv");
    in_work(out, sizeof out, "out.csv");
    result r = run_attune("batch", batch_ini, "-o", s1, "--shard", "1/2", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("batch", batch_ini, "-o", s2, "--shard", "2/2", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *text = slurp(s1, NULL);
    char *nl = strchr(text, '\n');
    ck_assert_ptr_nonnull(nl);
    const char *rows = nl + 1;
    /* Saved by a spreadsheet with semicolons or tabs. */
    write_separated(bad, text, ';');
    snprintf(want, sizeof want, "%s:1: separated by ';': attune batch writes commas", bad);
    expect_merge_refused(bad, s2, out, want);
    write_separated(bad, text, '\t');
    snprintf(want, sizeof want, "%s:1: separated by tabs: attune batch writes commas", bad);
    expect_merge_refused(bad, s2, out, want);
    /* The first shard good, the second separated by ';'. */
    write_separated(bad, text, ';');
    r = run_attune("merge", s2, bad, "-o", out, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:1: separated by ';'", bad);
    expect_contains(r.err, want, "stderr");
    result_free(&r);
    /* Header faults: a column twice, a quote never closed, an extra field,
     * a field without a name, no window columns. */
    struct { const char *head, *what; } cases[] = {
        { "experiment,run,runs,condition,condition,seed,all.matched_prop\n",
          "1: column 'condition' appears twice" },
        { "experiment,run,runs,\"condition,replicate,seed,all.matched_prop\n",
          "1: a quote in the header is never closed" },
        { "experiment,run,runs,condition,replicate,,all.matched_prop\n",
          "1: column 6 has no name" },
        { "experiment,run,runs,condition,replicate,seed,matched_prop\n",
          "1: not a results file of attune batch: no window columns" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *t = malloc(strlen(cases[i].head) + strlen(rows) + 1);
        ck_assert_ptr_nonnull(t);
        strcpy(t, cases[i].head);
        strcat(t, rows);
        write_file(bad, t);
        free(t);
        snprintf(want, sizeof want, "%s:%s", bad, cases[i].what);
        expect_merge_refused(bad, s2, out, want);
    }
    /* The real header with one column too many. */
    size_t hl = (size_t)(nl - text);
    int fields = 1;
    for (size_t k = 0; k < hl; k++)
        fields += text[k] == ',';
    char *t = malloc(strlen(text) + 8);
    ck_assert_ptr_nonnull(t);
    snprintf(t, strlen(text) + 8, "%.*s,extra\n%s", (int)hl, text, rows);
    write_file(bad, t);
    free(t);
    snprintf(want, sizeof want, "%s:1: the header has %d fields but the first row (line 2) has "
             "%d: a column too many in the header?", bad, fields + 1, fields);
    expect_merge_refused(bad, s2, out, want);
    free(text);
}
END_TEST

/* ---- nothing lost ---- */

START_TEST(test_sessions_merge)
{
    size_t len;
    char *ref = reference_of(tl_ini, tl_full, &len);
    char s1[192], s2[192], merged[192], cut[192];
    in_work(s1, sizeof s1, "s1.csv");
    in_work(s2, sizeof s2, "s2.csv");
    in_work(merged, sizeof merged, "merged.csv");
    in_work(cut, sizeof cut, "cut.csv");
    result r = run_attune("batch", tl_ini, "-o", s1, "--shard", "1/2", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("batch", tl_ini, "-o", s2, "--shard", "2/2", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    /* Runs 1-4 (patient x 3, intrusive 1: 12 lines) and 5-9. */
    char *t = slurp(s1, NULL);
    ck_assert_int_eq(count_lines(t), 1 + 12);
    r = run_attune("merge", s2, s1, "-o", merged, NULL);
    expect_status(&r, 0);
    result_free(&r);
    expect_same_file(merged, ref, len);
    /* Shard 1 without its last line: run 4 has 2 sessions, run 5 (the
     * same condition, in shard 2) 3.  Refused, nothing written. */
    ck_assert_int_eq(unlink(merged), 0);
    make_part_at(t, cut, 11, 0);
    r = run_attune("merge", cut, s2, "-o", merged, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "run 5 (", "stderr");
    expect_contains(r.err, "run 4 (", "stderr");
    expect_contains(r.err, "sessions are missing", "stderr");
    result_free(&r);
    ck_assert(!exists(merged));
    /* A session missing inside a shard. */
    FILE *f = fopen(cut, "wb");
    ck_assert_ptr_nonnull(f);
    const char *l2 = line_at(t, 2), *l3 = line_at(t, 3);
    ck_assert_uint_eq(fwrite(t, 1, (size_t)(l2 - t), f), (size_t)(l2 - t));
    ck_assert_int_ge(fputs(l3, f), 0);   /* run 1: sessions 1, 3, then the rest */
    ck_assert_int_eq(fclose(f), 0);
    r = run_attune("merge", cut, s2, "-o", merged, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "cut.csv:3: session 3 of run 1 follows session 1", "stderr");
    result_free(&r);
    ck_assert(!exists(merged));
    free(t);
    free(ref);
}
END_TEST

/* The run, runs and session fields are read by one rule (plain digits, as
 * batch writes them) in merge, resume and compare alike: "+1", "1e0" and
 * "0x1" are refused by both; " 1" by merge, which keeps a line's bytes
 * (compare reads CSV fields, which libcsv trims). */
START_TEST(cli_merge_run_numbers_as_written)
{
    static const char head[] = "experiment,run,runs,condition,replicate,seed,all.matched_prop\n";
    static const char *const runs[] = { "+1", " 1", "1e0", "0x1" };
    char s1[256], text[512];
    snprintf(s1, sizeof s1, "%s/s1.csv", work);
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        snprintf(text, sizeof text, "%se,%s,2,A,1,11,0.5\ne,2,2,A,2,12,0.25\n", head, runs[i]);
        write_file(s1, text);
        unlink(f_out);
        const char *const args[] = { "merge", s1, "-o", f_out, NULL };
        result r = run_argv(args);
        expect_status(&r, 2);
        expect_contains(r.err, "s1.csv:2:", "merge's message");
        ck_assert_msg(!exists(f_out), "merge left %s for run '%s'", f_out, runs[i]);
        result_free(&r);
        if (runs[i][0] != ' ') {   /* compare reads CSV, whose reader trims spaces */
            const char *const cargs[] = { "compare", s1, NULL };
            r = run_argv(cargs);
            expect_status(&r, 2);
            result_free(&r);
        }
    }
    /* as written, the same file merges */
    snprintf(text, sizeof text, "%se,1,2,A,1,11,0.5\ne,2,2,A,2,12,0.25\n", head);
    write_file(s1, text);
    const char *const args[] = { "merge", s1, "-o", f_out, NULL };
    result r = run_argv(args);
    expect_status(&r, 0);
    result_free(&r);
    expect_file_text(f_out, text);
}
END_TEST

Suite *suite_cli_merge(void)
{
    Suite *s = suite_create("cli_merge");
    TCase *tc = fixture_tcase("command", input_setup);
    tcase_add_test(tc, cli_merge_line_ends);
    tcase_add_test(tc, cli_merge_run_numbers_as_written);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("batch", batch_setup);
    tcase_add_test(tc, test_shards_merge);
    tcase_add_test(tc, test_merge_bad_header);
    tcase_add_test(tc, test_sessions_merge);
    suite_add_tcase(s, tc);
    return s;
}
