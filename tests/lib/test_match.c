/* Tests for match tables: the shipped tables against the guide's definitions,
 * CSV parsing and its errors (a table with a byte order mark, CRLF or
 * semicolons loads the same pairs), and finding a table by name. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attune/match.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif

#define N_INF 5
#define N_CG 6

static const char *const inf_names[N_INF] = {
    "positive", "monitor", "avert", "protest", "withdrawn"
};
static const char *const cg_names[N_CG] = {
    "positive", "monitor", "intrusive", "still", "withdrawn", "soothe"
};

/* GUIDE section 4, written out by hand.  Columns: caregiver positive,
 * monitor, intrusive, still, withdrawn, soothe. */
static const int expect_attuned[N_INF][N_CG] = {
    /* positive  */ { 1, 1, 0, 0, 0, 0 },
    /* monitor   */ { 1, 1, 0, 0, 0, 0 },
    /* avert     */ { 0, 1, 0, 0, 0, 0 },
    /* protest   */ { 0, 0, 0, 0, 0, 1 },
    /* withdrawn */ { 0, 0, 0, 0, 0, 1 },
};
static const int expect_same_state[N_INF][N_CG] = {
    /* positive  */ { 1, 0, 0, 0, 0, 0 },
    /* monitor   */ { 0, 1, 0, 0, 0, 0 },
    /* avert     */ { 0, 0, 0, 0, 0, 0 },
    /* protest   */ { 0, 0, 0, 0, 0, 0 },
    /* withdrawn */ { 0, 0, 0, 0, 0, 0 },
};

/* The fixture's folders; ATTUNE_DATA is restored after each test. */
static char *saved_attune_data;

static void match_setup(void)
{
    setup();
    const char *v = getenv("ATTUNE_DATA");
    saved_attune_data = v ? strdup(v) : NULL;
}

static void match_teardown(void)
{
    if (saved_attune_data)
        setenv("ATTUNE_DATA", saved_attune_data, 1);
    else
        unsetenv("ATTUNE_DATA");
    free(saved_attune_data);
    saved_attune_data = NULL;
}

/* Writes `text` to work/name and returns the path in `out`. */
static const char *write_tmp(const char *name, const char *text, char *out, size_t cap)
{
    in_work(out, cap, name);
    write_file(out, text);
    return out;
}

static void check_matrix(const att_match_table *t, const int expect[N_INF][N_CG])
{
    for (int i = 0; i < N_INF; i++) {
        for (int c = 0; c < N_CG; c++) {
            int ii = att_match_table_infant_index(t, inf_names[i]);
            int cc = att_match_table_caregiver_index(t, cg_names[c]);
            ck_assert_msg(ii >= 0 && cc >= 0, "%s/%s not in vocabulary", inf_names[i], cg_names[c]);
            ck_assert_msg(att_match_table_matched(t, ii, cc) == expect[i][c],
                          "%s: (%s, %s) should be %d", att_match_table_path(t),
                          inf_names[i], cg_names[c], expect[i][c]);
        }
    }
}

static void check_vocabulary(const att_match_table *t)
{
    ck_assert_int_eq(att_match_table_infant_count(t), N_INF);
    ck_assert_int_eq(att_match_table_caregiver_count(t), N_CG);
    for (int i = 0; i < N_INF; i++) {
        ck_assert_str_eq(att_match_table_infant_name(t, i), inf_names[i]);
        ck_assert_int_eq(att_match_table_infant_index(t, inf_names[i]), i);
    }
    for (int c = 0; c < N_CG; c++) {
        ck_assert_str_eq(att_match_table_caregiver_name(t, c), cg_names[c]);
        ck_assert_int_eq(att_match_table_caregiver_index(t, cg_names[c]), c);
    }
}

/* Counts the data rows (lines after the header) of a file. */
static int count_rows(const char *path)
{
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, fp)) {
        ck_assert_ptr_nonnull(strchr(line, '\n'));   /* whole lines: none longer */
        n++;
    }
    ck_assert(feof(fp) && !ferror(fp));
    fclose(fp);
    return n - 1;
}

static void check_shipped(const char *name, const int expect[N_INF][N_CG])
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/match/%s.csv", ATT_SRCDIR, name);
    att_error err;
    att_match_table *t = att_match_table_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_str_eq(att_match_table_path(t), path);
    check_vocabulary(t);
    check_matrix(t, expect);
    ck_assert_int_eq(count_rows(path), N_INF * N_CG);
    att_match_table_free(t);
}

START_TEST(test_attuned_table)
{
    check_shipped("attuned", expect_attuned);
}
END_TEST

START_TEST(test_same_state_table)
{
    check_shipped("same-state", expect_same_state);
}
END_TEST

START_TEST(test_lookup_edges)
{
    char path[1024];
    write_tmp("t.csv", "infant_code,caregiver_code,matched\na,b,1\n", path, sizeof path);
    att_error err;
    att_match_table *t = att_match_table_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_int_eq(att_match_table_infant_index(t, "b"), -1);
    ck_assert_int_eq(att_match_table_caregiver_index(t, "a"), -1);
    ck_assert_int_eq(att_match_table_infant_index(t, NULL), -1);
    ck_assert_ptr_null(att_match_table_infant_name(t, 1));
    ck_assert_ptr_null(att_match_table_caregiver_name(t, -1));
    ck_assert_int_eq(att_match_table_matched(t, 0, 0), 1);
    ck_assert_int_eq(att_match_table_matched(t, 0, 1), 0);
    ck_assert_int_eq(att_match_table_matched(t, -1, 0), 0);
    att_match_table_free(t);
    att_match_table_free(NULL);
}
END_TEST

/* Columns in another order, an extra column, CRLF line ends, blank lines and
 * a quoted field give the same table; the vocabulary keeps first appearance. */
START_TEST(test_column_order)
{
    char text[4096] = "note,matched,caregiver_code,infant_code\r\n";
    size_t used = strlen(text);
    /* caregiver-major order, so the vocabulary order differs from the file's
     * natural one: infant names appear in inf_names order only through c=0 */
    for (int c = N_CG - 1; c >= 0; c--) {
        for (int i = N_INF - 1; i >= 0; i--) {
            used += (size_t)snprintf(text + used, sizeof text - used,
                                     "\"says, \"\"hi\"\"\",%d,%s,%s\r\n%s",
                                     expect_attuned[i][c], cg_names[c], inf_names[i],
                                     i == 2 ? "\r\n" : "");
        }
    }
    char path[1024];
    write_tmp("swapped.csv", text, path, sizeof path);
    att_error err;
    att_match_table *t = att_match_table_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    check_matrix(t, expect_attuned);
    ck_assert_int_eq(att_match_table_infant_count(t), N_INF);
    ck_assert_int_eq(att_match_table_caregiver_count(t), N_CG);
    /* first appearance: both vocabularies are in reverse order */
    for (int i = 0; i < N_INF; i++)
        ck_assert_str_eq(att_match_table_infant_name(t, i), inf_names[N_INF - 1 - i]);
    for (int c = 0; c < N_CG; c++)
        ck_assert_str_eq(att_match_table_caregiver_name(t, c), cg_names[N_CG - 1 - c]);
    att_match_table_free(t);
}
END_TEST

/* A pair not listed is a mismatch; a code only in 0 rows is in the vocabulary. */
START_TEST(test_partial_table)
{
    char path[1024];
    write_tmp("p.csv", "infant_code,caregiver_code,matched\n"
              "positive,positive,1\nprotest,still,0\n", path, sizeof path);
    att_error err;
    att_match_table *t = att_match_table_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_int_eq(att_match_table_infant_count(t), 2);
    ck_assert_int_eq(att_match_table_caregiver_count(t), 2);
    int pos = att_match_table_infant_index(t, "positive");
    int still = att_match_table_caregiver_index(t, "still");
    ck_assert_int_eq(att_match_table_matched(t, pos, still), 0);
    ck_assert_int_eq(att_match_table_matched(t, pos, 0), 1);
    att_match_table_free(t);
}
END_TEST

/* The attuned pairs written another way (columns moved, a note column,
 * CRLF; the rows in reverse when `reversed`, so the codes come in another
 * order), with the verdict of (flip_i, flip_c) turned over when flip_i >= 0
 * and the pair (skip_i, skip_c) left out when skip_i >= 0. */
static att_match_table *attuned_written(const char *name, int flip_i, int flip_c, int skip_i,
                                        int skip_c, int reversed)
{
    char text[4096] = "matched,note,infant_code,caregiver_code\r\n", path[1024];
    size_t used = strlen(text);
    for (int ii = 0; ii < N_INF; ii++)
        for (int cc = 0; cc < N_CG; cc++) {
            int i = reversed ? N_INF - 1 - ii : ii, c = reversed ? N_CG - 1 - cc : cc;
            if (i != skip_i || c != skip_c)
                used += (size_t)snprintf(text + used, sizeof text - used, "%d,\"a, b\",%s,%s\r\n",
                                         expect_attuned[i][c] ^ (i == flip_i && c == flip_c),
                                         inf_names[i], cg_names[c]);
        }
    write_tmp(name, text, path, sizeof path);
    att_error err;
    att_match_table *t = att_match_table_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    return t;
}

/* The digest is what the table says: not its file's layout or order of
 * rows, and a pair left out is the mismatch it means; one verdict turned
 * over changes it. */
START_TEST(test_digest_is_the_contents)
{
    att_match_table *shipped = load_match("attuned");
    att_match_table *moved = attuned_written("moved.csv", -1, 0, -1, 0, 0);
    att_match_table *flipped = attuned_written("flipped.csv", 2, 0, -1, 0, 0);
    att_match_table *unlisted = attuned_written("unlisted.csv", -1, 0, 3, 3, 0);  /* a 0 */
    att_match_table *reversed = attuned_written("reversed.csv", -1, 0, -1, 0, 1);
    ck_assert_str_eq(att_match_table_infant_name(reversed, 0), "withdrawn");
    char a[65], b[65], c[65], d[65], e[65];
    ck_assert_int_eq(att_match_table_digest(shipped, a), ATT_OK);
    ck_assert_int_eq(att_match_table_digest(moved, b), ATT_OK);
    ck_assert_int_eq(att_match_table_digest(flipped, c), ATT_OK);
    ck_assert_int_eq(att_match_table_digest(unlisted, d), ATT_OK);
    ck_assert_int_eq(att_match_table_digest(reversed, e), ATT_OK);
    ck_assert_str_eq(a, e);
    ck_assert_uint_eq(strlen(a), 64);
    ck_assert_uint_eq(strspn(a, "0123456789abcdef"), 64);
    ck_assert_str_eq(a, b);
    ck_assert_str_eq(a, d);
    ck_assert_str_ne(a, c);
    att_match_table_free(shipped);
    att_match_table_free(moved);
    att_match_table_free(flipped);
    att_match_table_free(unlisted);
    att_match_table_free(reversed);
}
END_TEST

/* Each bad file and the exact "FILE:LINE: problem" it must give. */
static const struct {
    const char *text;
    int line;
    const char *problem;
} bad_files[] = {
    { "", 1, "empty file" },
    { "\n\n", 1, "empty file" },
    { "infant_code,caregiver_code,matched\n", 2, "no pairs" },
    { "infant_code,matched\npositive,1\n", 1, "missing column 'caregiver_code'" },
    { "caregiver_code,infant_code\npositive,positive\n", 1, "missing column 'matched'" },
    { "infant_code,caregiver_code,matched,matched\n", 1, "column 'matched' appears twice" },
    { "infant_code,caregiver_code,matched\npositive,positive,1\n"
      "positive,monitor,1\navert,monitor\n", 4, "2 fields, but the header has 3" },
    { "infant_code,caregiver_code,matched\npositive,positive,1,x\n", 2,
      "4 fields, but the header has 3" },
    { "infant_code,caregiver_code,matched\r\n\r\npositive,positive,1\r\n"
      "avert\r\n", 4, "1 field, but the header has 3" },
    { "infant_code,caregiver_code,matched\npositive,positive,1\n"
      "positive,monitor,yes\n", 3, "matched must be 0 or 1, not 'yes'" },
    { "infant_code,caregiver_code,matched\npositive,positive,2\n", 2,
      "matched must be 0 or 1, not '2'" },
    { "infant_code,caregiver_code,matched\npositive,positive,\n", 2,
      "matched must be 0 or 1, not ''" },
    { "infant_code,caregiver_code,matched\n,monitor,1\n", 2, "empty infant_code" },
    { "infant_code,caregiver_code,matched\npositive,positive,1\n\n"
      "avert,\"\",0\n", 4, "empty caregiver_code" },
    { "infant_code,caregiver_code,matched\nPositive,monitor,1\n", 2,
      "infant_code 'Positive' is not a lowercase code name" },
    { "infant_code,caregiver_code,matched\npositive,positive,1\navert,monitor,1\n"
      "protest,soothe,1\npositive,positive,0\n", 5,
      "pair (positive, positive) listed twice (first on line 2)" },
    /* a quoted field over two lines: the duplicate is on line 4 */
    { "infant_code,caregiver_code,matched,note\npositive,positive,1,\"two\nlines\"\n"
      "positive,positive,1,x\n", 4,
      "pair (positive, positive) listed twice (first on line 2)" },
    { "infant_code,caregiver_code,matched\npositive,positive,1\n"
      "positive,\"monitor,1\navert,monitor,1\n", 3, "unterminated quoted field" },
    { "infant_code,caregiver_code,matched\npositive,positive,1\n"
      "positive,mon\"itor,1\n", 3, "malformed quoting" },
};

START_TEST(test_bad_file)
{
    char path[1024];
    write_tmp("bad.csv", bad_files[_i].text, path, sizeof path);
    char expect[1400];
    snprintf(expect, sizeof expect, "%s:%d: %s", path, bad_files[_i].line,
             bad_files[_i].problem);
    att_error err;
    att_error_clear(&err);
    att_match_table *t = att_match_table_load(path, &err);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strncmp(err.msg, expect, strlen(expect)) == 0,
                  "case %d: got \"%s\", want \"%s...\"", _i, err.msg, expect);
}
END_TEST

START_TEST(test_missing_file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/nope.csv", work);
    char expect[1200];
    snprintf(expect, sizeof expect, "%s: cannot read: No such file or directory", path);
    att_error err;
    ck_assert_ptr_null(att_match_table_load(path, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_str_eq(err.msg, expect);
}
END_TEST

/* Makes work/match/ holding NAME.csv files (a copy of a one-pair table). */
static void make_data_dir(const char *const *names, int n)
{
    char dir[1024], name[256], path[1024];
    snprintf(dir, sizeof dir, "%s/match", work);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "match/%s.csv", names[i]);
        write_tmp(name, "infant_code,caregiver_code,matched\nx,y,1\n", path, sizeof path);
    }
}

/* The search path is the caller's: the first folder holding NAME.csv wins
 * (the program's order, $ATTUNE_DATA first, is tested in test_datadir.c). */
START_TEST(test_resolve_env)
{
    static const char *const names[] = { "mine", "attuned" };
    make_data_dir(names, 2);
    char mine[1024];
    snprintf(mine, sizeof mine, "%s/match", work);
    const char *dirs[] = { mine, ATT_SRCDIR "/data/match", NULL };
    char path[1024], want[1100];
    att_error err;
    ck_assert_int_eq(att_match_table_resolve("mine", dirs, path, sizeof path, &err), ATT_OK);
    snprintf(want, sizeof want, "%s/match/mine.csv", work);
    ck_assert_str_eq(path, want);
    /* the first folder comes before the second */
    ck_assert_int_eq(att_match_table_resolve("attuned", dirs, path, sizeof path, &err), ATT_OK);
    snprintf(want, sizeof want, "%s/match/attuned.csv", work);
    ck_assert_str_eq(path, want);
    att_match_table *t = att_match_table_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_int_eq(att_match_table_infant_index(t, "x"), 0);
    att_match_table_free(t);
    /* a buffer too small is an error, not a truncated path */
    char small[8];
    ck_assert_int_eq(att_match_table_resolve("mine", dirs, small, sizeof small, &err),
                     ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "path too long") != NULL, "%s", err.msg);
    /* the library reads no environment: ATTUNE_DATA alone finds nothing */
    setenv("ATTUNE_DATA", work, 1);
    ck_assert_int_eq(att_match_table_resolve("mine", NULL, path, sizeof path, &err), ATT_EINPUT);
}
END_TEST

START_TEST(test_resolve_exe_dir)
{
    /* a first folder without the name: falls through to the next */
    const char *dirs[] = { work, ATT_SRCDIR "/tests/../data/match", NULL };
    char path[1024];
    att_error err;
    ck_assert_int_eq(att_match_table_resolve("same-state", dirs, path, sizeof path, &err),
                     ATT_OK);
    ck_assert_str_eq(path, ATT_SRCDIR "/tests/../data/match/same-state.csv");
    att_match_table *t = att_match_table_load(path, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    check_matrix(t, expect_same_state);
    att_match_table_free(t);
}
END_TEST

START_TEST(test_resolve_path)
{
    static const char *const paths[] = {
        "my-lab.csv", "tables/lab", "./attuned", "/abs/x.csv", "Odd Name.csv"
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        char path[64];
        att_error err;
        ck_assert_int_eq(att_match_table_resolve(paths[i], NULL, path, sizeof path, &err),
                         ATT_OK);   /* a path needs no search path */
        ck_assert_str_eq(path, paths[i]);
    }
}
END_TEST

START_TEST(test_resolve_unknown)
{
    static const char *const names[] = { "zeta", "mine", "other" };
    make_data_dir(names, 3);
    char mine[1024];
    snprintf(mine, sizeof mine, "%s/match", work);
    const char *dirs[] = { mine, ATT_SRCDIR "/tests/../data/match", "/nonexistent/match", NULL };
    char path[1024];
    att_error err;
    ck_assert_int_eq(att_match_table_resolve("nope", dirs, path, sizeof path, &err), ATT_EINPUT);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    char want[2200];
    snprintf(want, sizeof want, "unknown match table 'nope': no nope.csv in %s, %s, %s; "
             "available in %s: mine, other, zeta", mine, dirs[1], dirs[2], mine);
    ck_assert_str_eq(err.msg, want);

    /* the first folder that exists lists what is available */
    ck_assert_int_eq(att_match_table_resolve("nope", dirs + 1, path, sizeof path, &err),
                     ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "available in " ATT_SRCDIR "/tests/../data/match: "
                         "attuned, icep, same-state") != NULL, "%s", err.msg);
    ck_assert_int_eq(att_match_table_resolve("nope", dirs + 2, path, sizeof path, &err),
                     ATT_EINPUT);
    ck_assert_str_eq(err.msg, "unknown match table 'nope': no nope.csv in /nonexistent/match "
                     "(none of these folders exists)");
}
END_TEST

START_TEST(test_resolve_bad_name)
{
    static const char *const names[] = { "", "Attuned", "same state", "..", "a.b" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[256];
        att_error err;
        ck_assert_int_eq(att_match_table_resolve(names[i], NULL, path, sizeof path, &err),
                         ATT_EINPUT);
        ck_assert_int_eq(err.code, ATT_EINPUT);
    }
}
END_TEST

Suite *suite_match(void);  /* called by the runner (tests/check_main.c) */

/* ---- helpers ------------------------------------------------------------ */

START_TEST(match_tables_in_any_dialect)
{
    const char *plain = "infant_code,caregiver_code,matched\nmonitor,monitor,1\n"
                        "monitor,still,0\navert,monitor,1\navert,still,0\n";
    char buf[512], path[64];
    static const struct { char sep; const char *eol, *bom; } forms[] = {
        { ',', "\n", "\xEF\xBB\xBF" }, { ',', "\r\n", "\xEF\xBB\xBF" }, { ';', "\r\n", "" },
        { '\t', "\r", "" },
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t n = dialect(buf, sizeof buf, plain, forms[i].sep, forms[i].eol, forms[i].bom);
        temp_bytes(path, sizeof path, buf, n);
        att_error err = { 0 };
        att_match_table *t = att_match_table_load(path, &err);
        unlink(path);
        ck_assert_msg(t != NULL, "form %zu: %s", i, err.msg);
        ck_assert_int_eq(att_match_table_infant_count(t), 2);
        int m = att_match_table_infant_index(t, "monitor"), a = att_match_table_infant_index(t, "avert");
        int cm = att_match_table_caregiver_index(t, "monitor");
        int cs = att_match_table_caregiver_index(t, "still");
        ck_assert_int_ge(m, 0);
        ck_assert_int_ge(cs, 0);
        ck_assert_int_eq(att_match_table_matched(t, m, cm), 1);
        ck_assert_int_eq(att_match_table_matched(t, m, cs), 0);
        ck_assert_int_eq(att_match_table_matched(t, a, cm), 1);
        ck_assert_int_eq(att_match_table_matched(t, a, cs), 0);
        att_match_table_free(t);
    }
    /* a UTF-16 table is named as such */
    temp_bytes(path, sizeof path, "\xFF\xFEi\0n\0", 6);
    att_error err = { 0 };
    ck_assert_ptr_null(att_match_table_load(path, &err));
    char want[128];
    snprintf(want, sizeof want, "%s:1: the file is UTF-16", path);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
    unlink(path);
}
END_TEST

Suite *suite_match(void)
{
    Suite *s = suite_create("match");
    TCase *tc = fixture_tcase("tables", match_setup);
    tcase_add_checked_fixture(tc, NULL, match_teardown);
    tcase_add_test(tc, test_attuned_table);
    tcase_add_test(tc, test_same_state_table);
    tcase_add_test(tc, test_lookup_edges);
    tcase_add_test(tc, test_column_order);
    tcase_add_test(tc, test_partial_table);
    tcase_add_test(tc, test_digest_is_the_contents);
    tcase_add_loop_test(tc, test_bad_file, 0, (int)(sizeof bad_files / sizeof bad_files[0]));
    tcase_add_test(tc, test_missing_file);
    suite_add_tcase(s, tc);

    TCase *tr = fixture_tcase("resolve", match_setup);
    tcase_add_checked_fixture(tr, NULL, match_teardown);
    tcase_add_test(tr, test_resolve_env);
    tcase_add_test(tr, test_resolve_exe_dir);
    tcase_add_test(tr, test_resolve_path);
    tcase_add_test(tr, test_resolve_unknown);
    tcase_add_test(tr, test_resolve_bad_name);
    suite_add_tcase(s, tr);
    tc = tcase_create("reader");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, match_tables_in_any_dialect);
    suite_add_tcase(s, tc);
    return s;
}
