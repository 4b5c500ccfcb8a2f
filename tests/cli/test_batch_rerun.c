/* A batch's traces, reproduced and kept whole, through the real program
 * ($ATTUNE_BIN):
 *  - a results row re-run alone, `attune run EXPERIMENT --condition C --seed
 *    S --run N` with the row's columns, writes the bytes of that run's
 *    `--traces` file: for a sweep, a timeline and a file without
 *    [condition] sections (its one condition is the scenario's name), rows
 *    other than run 1 (before, the run column said 1);
 *  - `--resume --traces` after a kill -9 removes the temporaries of the
 *    traces the killed batch was writing (".NAME.XXXXXX", base/outfile.c),
 *    so the folder is an uninterrupted batch's; a look-alike that this
 *    experiment could not have made stays, and so does another shard's.
 *
 * Through the fixture (tests/fixture.h): inputs and outputs in w/ of a
 * fresh folder per test. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* `attune batch INI --traces DIR`, then line `line` of its results re-run
 * alone from its run, condition and seed columns: the bytes of `trace`
 * (in DIR), and the run number `run`. */
static void expect_rerun(const char *ini, int line, long run, const char *trace)
{
    char dir[192], res[192], again[192], path[448];
    in_work(dir, sizeof dir, "traces");
    in_work(res, sizeof res, "res.csv");
    in_work(again, sizeof again, "again.csv");
    rm_tree(dir);
    result r = run_attune("batch", ini, "-o", res, "--traces", dir, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *rows = slurp(res, NULL);
    ck_assert_ptr_nonnull(rows);
    const char *row = line_at(rows, line);
    char n[32], cond[128], seed[32];
    field(row, header_column(rows, "run"), n, sizeof n);
    field(row, header_column(rows, "condition"), cond, sizeof cond);
    field(row, header_column(rows, "seed"), seed, sizeof seed);
    ck_assert_int_eq(atol(n), run);
    r = run_attune("run", ini, "--condition", cond, "--seed", seed, "--run", n, "-q", "-o",
                   again, "--meta", "/dev/null", NULL);
    expect_status(&r, 0);
    result_free(&r);
    snprintf(path, sizeof path, "%s/%s", dir, trace);
    size_t len;
    char *want = slurp(path, &len);
    ck_assert_ptr_nonnull(want);
    expect_same_file(again, want, len);
    free(want);
    free(rows);
}

START_TEST(rerun_is_the_batch_trace)
{
    /* a sweep's condition: run 18 is wait[wait_time=3], replicate 3 */
    expect_rerun(batch_ini, 18, 18, "wait_wait_time-3_0003.csv");
    /* a timeline: run 5 (intrusive, replicate 2) begins at line 13 */
    expect_rerun(tl_ini, 13, 5, "intrusive_0002.csv");
    /* no [condition]: the condition column is the scenario's name */
    char plain[192];
    in_work(plain, sizeof plain, "plain.ini");
    write_file(plain, "[scenario]\nname = plain\nseed = 9\nduration = 6\nsessions = 2\n"
                      "[infant]\nreturn_rate = lognormal(-0.7, 0.3)\n[batch]\nreplicates = 3\n");
    expect_rerun(plain, 5, 3, "plain_0003.csv");   /* two lines a run: run 3 at line 5 */
    result r = run_attune("run", plain, "--condition", "plane", "-o", "/dev/null", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--condition plane: ", "stderr");
    expect_contains(r.err, "plain.ini has no [condition] sections: its one condition is the "
                           "scenario, 'plain'", "stderr");
    result_free(&r);
    r = run_attune("run", plain, "--run", "0", "-o", "/dev/null", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--run 0: must be a whole number from 1", "stderr");
    result_free(&r);
}
END_TEST

/* Plants, in `dir`, each name of the NULL-terminated `names` as a file. */
static void plant(const char *dir, const char *const *names)
{
    char path[448];
    for (size_t i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        write_file(path, "run,t\n1,0.0\n");
    }
}

/* Removes `dir`/NAME for each of `names`, failing unless each is there. */
static void expect_kept(const char *dir, const char *const *names)
{
    char path[448];
    for (size_t i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        ck_assert_msg(exists(path), "%s was removed", names[i]);
        ck_assert_int_eq(unlink(path), 0);
    }
}

/* After a kill -9: FILE.part with 7 whole runs and half of the 8th (whose
 * trace was done), the traces of runs 9-20 not written, the temporaries of
 * the three being written (runs 9-11) and of one an earlier stop left (run
 * 2), beside look-alikes. */
START_TEST(resume_removes_killed_temporaries)
{
    char ref[192], refdir[192], res[192], part[200], dir[192], path[448];
    in_work(ref, sizeof ref, "ref.csv");
    in_work(refdir, sizeof refdir, "ref-traces");
    in_work(res, sizeof res, "res.csv");
    in_work(dir, sizeof dir, "traces");
    snprintf(part, sizeof part, "%s.part", res);
    result r = run_attune("batch", batch_ini, "-o", ref, "--traces", refdir, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("batch", batch_ini, "-o", res, "--traces", dir, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    char *want = slurp(ref, &len);
    ck_assert_int_eq(unlink(res), 0);
    make_part_at(want, part, 7, 1);
    static const char *const unwritten[] = { "intrusive_0004.csv", "intrusive_0005.csv",
        "wait_wait_time-1_0001.csv", "wait_wait_time-1_0002.csv", "wait_wait_time-1_0003.csv",
        "wait_wait_time-1_0004.csv", "wait_wait_time-1_0005.csv", "wait_wait_time-3_0001.csv",
        "wait_wait_time-3_0002.csv", "wait_wait_time-3_0003.csv", "wait_wait_time-3_0004.csv",
        "wait_wait_time-3_0005.csv", NULL };
    static const char *const left[] = { ".intrusive_0004.csv.kYo8m6",
        ".intrusive_0005.csv.Ab12Cd", ".wait_wait_time-1_0001.csv.ZZZZZZ",
        ".patient_0002.csv.q1w2e3", NULL };
    static const char *const alike[] = { ".intrusive_0006.csv.kYo8m6",   /* no replicate 6 */
        ".notes.csv.abcdef", ".intrusive_0001.csv.kYo8m", ".intrusive_0001.csv.kYo8m6.old",
        "intrusive_0001.csv.kYo8m6", ".wait[wait_time=1]_0001.csv.abcdef", NULL };
    for (size_t i = 0; unwritten[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, unwritten[i]);
        ck_assert_int_eq(unlink(path), 0);
    }
    plant(dir, left);
    plant(dir, alike);
    r = run_attune("batch", batch_ini, "-o", res, "--traces", dir, "--resume", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    expect_same_file(res, want, len);
    expect_kept(dir, alike);
    char got[4096], expect[4096];
    listing(dir, got, sizeof got);
    listing(refdir, expect, sizeof expect);
    ck_assert_str_eq(got, expect);
    free(want);
    snprintf(path, sizeof path, "%s/intrusive_0004.csv", refdir);
    want = slurp(path, &len);
    snprintf(path, sizeof path, "%s/intrusive_0004.csv", dir);
    expect_same_file(path, want, len);
    free(want);
}
END_TEST

/* A shard resumed leaves the temporaries of the other shard's runs: that
 * batch may be writing them now, into the same folder. */
START_TEST(resume_leaves_other_shards)
{
    char res[192], part[200], dir[192];
    in_work(res, sizeof res, "s1.csv");
    in_work(dir, sizeof dir, "traces");
    snprintf(part, sizeof part, "%s.part", res);
    result r = run_attune("batch", batch_ini, "--shard", "1/2", "-o", res, "--traces", dir, "-q",
                          NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    char *want = slurp(res, &len);
    ck_assert_int_eq(unlink(res), 0);
    make_part_at(want, part, 3, 1);
    static const char *const mine[] = { ".intrusive_0005.csv.kYo8m6", NULL };   /* run 10 */
    static const char *const theirs[] = { ".wait_wait_time-1_0001.csv.kYo8m6",   /* run 11 */
        ".wait_wait_time-3_0005.csv.kYo8m6", NULL };                           /* run 20 */
    plant(dir, mine);
    plant(dir, theirs);
    r = run_attune("batch", batch_ini, "--shard", "1/2", "-o", res, "--traces", dir,
                   "--resume", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    expect_same_file(res, want, len);
    expect_kept(dir, theirs);
    char path[448];
    snprintf(path, sizeof path, "%s/%s", dir, mine[0]);
    ck_assert(!exists(path));
    free(want);
}
END_TEST

Suite *suite_cli_batch_rerun(void)
{
    Suite *s = suite_create("cli_batch_rerun");
    TCase *tc = fixture_tcase("core", batch_setup);
    tcase_add_test(tc, rerun_is_the_batch_trace);
    tcase_add_test(tc, resume_removes_killed_temporaries);
    tcase_add_test(tc, resume_leaves_other_shards);
    suite_add_tcase(s, tc);
    return s;
}
