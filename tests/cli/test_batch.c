/* `attune batch` through the real program ($ATTUNE_BIN, set by `make
 * check`): the same bytes for any --jobs, resume after an interruption
 * (simulated and real) giving the uninterrupted file, traces that score
 * like their rows, bad input that changes no file, the same for timelines
 * (one line per session), a warning once per condition for keys the policy
 * ignores, and a progress bar that fits a narrow terminal (a private
 * pseudo-terminal of a chosen width).
 *
 * Through the fixture (tests/fixture.h): the program is started with
 * posix_spawn (no shell), stdout and stderr captured in io/, inputs and
 * outputs in w/ of a fresh folder per test, so listing w/ shows exactly
 * what a command left behind (a temporary file shows as a hidden name). */
#include "tests/fixture.h"

#include <check.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define TL_RUNS 9
#define TL_LINES 24

/* ---- the same bytes, however the work is split ---- */

START_TEST(test_jobs_identical)
{
    size_t len;
    char *ref = reference(&len);
    ck_assert_int_eq(count_lines(ref), 21);
    char two[192];
    in_work(two, sizeof two, "two.csv");
    result r = run_attune("batch", batch_ini, "-o", two, "--jobs", "2", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    expect_same_file(two, ref, len);
    /* Standard output gets the same bytes; no file is left behind. */
    r = run_attune("batch", batch_ini, "--jobs", "3", NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.out_len, len);
    ck_assert(memcmp(r.out, ref, len) == 0);
    ck_assert_ptr_null(strchr(r.err, '\r'));   /* no progress bar off a terminal */
    result_free(&r);
    /* --seed N and --set scenario.seed=N are one experiment. */
    char a[192], b[192];
    in_work(a, sizeof a, "a.csv");
    in_work(b, sizeof b, "b.csv");
    r = run_attune("batch", batch_ini, "-o", a, "--seed", "5", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("batch", batch_ini, "-o", b, "--set", "scenario.seed=5", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t alen;
    char *atext = slurp(a, &alen);
    expect_same_file(b, atext, alen);
    ck_assert_msg(alen != len || memcmp(atext, ref, len) != 0, "--seed changed nothing");
    free(atext);
    free(ref);
}
END_TEST

START_TEST(test_rows)
{
    size_t len;
    char *ref = reference(&len);
    const char *header = ref;
    int c_cond = header_column(header, "condition"), c_rep = header_column(header, "replicate");
    int c_run = header_column(header, "run"), c_runs = header_column(header, "runs");
    int c_wait = header_column(header, "caregiver.wait_time");
    int c_base = header_column(header, "infant.arousal_baseline");
    int c_rup = header_column(header, "all.ruptures"), c_rep_n = header_column(header, "all.repairs");
    int c_lat = header_column(header, "all.latencies");
    header_column(header, "play.latencies");
    header_column(header, "still.matched_prop");
    static const char *const conds[] = { "patient", "intrusive", "wait[wait_time=1]",
                                         "wait[wait_time=3]" };
    char buf[4096];
    for (int k = 0; k < 20; k++) {
        const char *line = line_at(ref, k + 1);
        ck_assert_str_eq(field(line, c_cond, buf, sizeof buf), conds[k / 5]);
        ck_assert_int_eq(atoi(field(line, c_rep, buf, sizeof buf)), k % 5 + 1);
        ck_assert_int_eq(atoi(field(line, c_run, buf, sizeof buf)), k + 1);
        ck_assert_int_eq(atoi(field(line, c_runs, buf, sizeof buf)), 20);
        double wait = atof(field(line, c_wait, buf, sizeof buf));
        if (k >= 10)
            ck_assert_double_eq(wait, k < 15 ? 1 : 3);
        double ab = atof(field(line, c_base, buf, sizeof buf));
        ck_assert(ab >= 0 && ab <= 1 && ab != 0.2);   /* drawn, not the mean */
        long rup = atol(field(line, c_rup, buf, sizeof buf));
        long rep = atol(field(line, c_rep_n, buf, sizeof buf));
        field(line, c_lat, buf, sizeof buf);
        long n = 0, plus = 0;
        for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
            n++;
            plus += tok[strlen(tok) - 1] == '+';
        }
        ck_assert_int_eq(n, rup);
        ck_assert_int_eq(plus, rup - rep);
    }
    free(ref);
}
END_TEST

/* Each run's trace, scored by `attune score`, gives the row's numbers. */
START_TEST(test_traces_score_like_rows)
{
    char dir[192], res[192], trace[256], scored[192];
    in_work(dir, sizeof dir, "traces");
    in_work(res, sizeof res, "res.csv");
    in_work(scored, sizeof scored, "scored.csv");
    result r = run_attune("batch", batch_ini, "-o", res, "--traces", dir, "-q",
                          "--set", "batch.replicates=2", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char names[2048];
    listing(dir, names, sizeof names);
    ck_assert_str_eq(names, "intrusive_0001.csv intrusive_0002.csv patient_0001.csv "
                     "patient_0002.csv wait_wait_time-1_0001.csv wait_wait_time-1_0002.csv "
                     "wait_wait_time-3_0001.csv wait_wait_time-3_0002.csv");
    snprintf(trace, sizeof trace, "%s/wait_wait_time-3_0002.csv", dir);
    r = run_attune("score", trace, "-o", scored, "--format", "csv", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *rows = slurp(res, NULL), *sc = slurp(scored, NULL);
    ck_assert_ptr_nonnull(rows);
    ck_assert_ptr_nonnull(sc);
    const char *row = line_at(rows, 8);   /* run 8: wait_time=3, replicate 2 */
    char a[128], b[128], name[160];
    ck_assert_str_eq(field(row, header_column(rows, "condition"), a, sizeof a), "wait[wait_time=3]");
    static const char *const metrics[] = { "matched_prop", "ruptures", "repairs",
                                           "latency_median_s", "rmst_s", "infant_gaze_prop" };
    int checked = 0;
    for (int k = 1; line_at(sc, k); k++) {
        const char *line = line_at(sc, k);
        const char *win = field(line, header_column(sc, "window"), b, sizeof b);
        if (strcmp(win, "all") != 0 && strcmp(win, "still") != 0)
            continue;
        char w[16];
        snprintf(w, sizeof w, "%s", win);
        for (size_t m = 0; m < sizeof metrics / sizeof metrics[0]; m++) {
            snprintf(name, sizeof name, "%s.%s", w, metrics[m]);
            ck_assert_str_eq(field(row, header_column(rows, name), a, sizeof a),
                             field(line, header_column(sc, metrics[m]), b, sizeof b));
            checked++;
        }
    }
    ck_assert_int_eq(checked, 12);
    /* The row re-runs alone: `attune run --condition --seed --run` with
     * its columns writes the same trace, byte for byte (the run column
     * said 1 before --run; tests/cli/test_batch_rerun.c has more). */
    char seed[32], again[192], meta[192];
    field(row, header_column(rows, "seed"), seed, sizeof seed);
    in_work(again, sizeof again, "again.csv");
    in_work(meta, sizeof meta, "again.meta");
    r = run_attune("run", batch_ini, "--condition", "wait[wait_time=3]", "--seed", seed,
                   "--run", "8", "-o", again, "-q", "--meta", meta, NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t tlen;
    char *t1 = slurp(trace, &tlen), *t2 = NULL;
    ck_assert_ptr_nonnull(t1);
    ck_assert_int_eq(count_lines(t1), 201);
    expect_same_file(again, t1, tlen);
    r = run_attune("run", batch_ini, "--condition", "patinet", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--condition patinet: no such condition", "stderr");
    expect_contains(r.err, "did you mean 'patient'?", "stderr");
    result_free(&r);
    /* a sweep's base name: say to name one of its conditions (it suggested
     * another condition by spelling) */
    char sweep[192];
    in_work(sweep, sizeof sweep, "sweep.ini");
    write_file(sweep, "[scenario]\nname = sw\nduration = 2\n[condition]\nname = a\n"
                      "[condition]\nname = b\ncaregiver.wait_time = 1:1:3\n");
    r = run_attune("run", sweep, "--condition", "b", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--condition b: a sweep of 3 conditions in ", "stderr");
    expect_contains(r.err, "sweep.ini: name one, such as 'b[wait_time=1]'", "stderr");
    result_free(&r);
    free(t1);
    free(t2);
    free(rows);
    free(sc);
}
END_TEST

/* A results row longer than the 1 MiB of coded sessions (a long run lists
 * every rupture's latency; 1e6 s of play made ~1.7 MB before session 19,
 * 0.7 MB since) is read by compare and
 * merge: results rows may be 256 MiB (ATT_CSV_MAX_RESULTS_ROW).  Built by
 * text: 4 runs of 550,000 ruptures each (2.2 MB rows), repaired after 1.5 s
 * in condition a and 2.5 s in b. */
START_TEST(test_long_rows)
{
    enum { LAT = 550000 };
    char whole[192], s1[192], s2[192], merged[192];
    in_work(whole, sizeof whole, "long.csv");
    in_work(s1, sizeof s1, "long1.csv");
    in_work(s2, sizeof s2, "long2.csv");
    in_work(merged, sizeof merged, "longm.csv");
    static const char head[] = "experiment,run,runs,condition,replicate,seed,all.matched_prop,"
                               "all.latencies\n";
    FILE *w = fopen(whole, "w"), *f1 = fopen(s1, "w"), *f2 = fopen(s2, "w");
    ck_assert(w && f1 && f2);
    fputs(head, w);
    fputs(head, f1);
    fputs(head, f2);
    size_t row_len = 0;
    for (int run = 1; run <= 4; run++) {
        FILE *shard = run <= 2 ? f1 : f2;
        char lead[96];
        int n = snprintf(lead, sizeof lead, "e1,%d,4,%s,%d,%d,0.%d,", run, run <= 2 ? "a" : "b",
                         (run - 1) % 2 + 1, run, run);
        fputs(lead, w);
        fputs(lead, shard);
        const char *lat = run <= 2 ? "1.5" : "2.5";
        for (int k = 0; k < LAT; k++) {
            fputs(lat, w);
            fputs(lat, shard);
            fputc(k + 1 < LAT ? ' ' : '\n', w);
            fputc(k + 1 < LAT ? ' ' : '\n', shard);
        }
        row_len = (size_t)n + 4 * LAT;
    }
    ck_assert_int_eq(fclose(w), 0);
    ck_assert_int_eq(fclose(f1), 0);
    ck_assert_int_eq(fclose(f2), 0);
    ck_assert_uint_gt(row_len, 2u << 20);   /* beyond 2 MiB */
    result r = run_attune("compare", whole, "--format", "csv", NULL);
    expect_status(&r, 0);
    /* Group a: 2 runs x 550,000 ruptures, every one repaired after 1.5 s:
     * KM median 1.5; b: 2.5. */
    expect_contains(r.out, "\ngroup,all,repair_latency,a,1,2,,,,,,,,,,,,,,,,1100000,1100000,1.5,",
                    "stdout");
    expect_contains(r.out, "\ngroup,all,repair_latency,b,0,2,,,,,,,,,,,,,,,,1100000,1100000,2.5,",
                    "stdout");
    result_free(&r);
    r = run_attune("merge", s2, s1, "-o", merged, NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    char *text = slurp(whole, &len);
    expect_same_file(merged, text, len);
    free(text);
}
END_TEST

/* ---- nothing lost ---- */

static void make_part(const char *ref, const char *part, int rows)
{
    make_part_at(ref, part, rows, 1);
}

START_TEST(test_resume_simulated)
{
    size_t len;
    char *ref = reference(&len);
    char res[192], part[200];
    in_work(res, sizeof res, "res.csv");
    snprintf(part, sizeof part, "%s.part", res);
    int cuts[] = { 0, 7, 19 };
    for (int i = 0; i < 3; i++) {
        make_part(ref, part, cuts[i]);
        result r = run_attune("batch", batch_ini, "-o", res, "--resume", "--jobs", "2", NULL);
        expect_status(&r, 0);
        result_free(&r);
        expect_same_file(res, ref, len);
        ck_assert(!exists(part));
        ck_assert_int_eq(unlink(res), 0);
    }
    /* Resuming a finished file checks it and changes nothing. */
    result r = run_attune("batch", batch_ini, "-o", exp_full, "--resume", NULL);
    expect_status(&r, 0);
    expect_contains(r.err, "already complete", "stderr");
    result_free(&r);
    expect_same_file(exp_full, ref, len);
    free(ref);
}
END_TEST

START_TEST(test_resume_refuses)
{
    size_t len;
    char *ref = reference(&len);
    char res[192], part[200];
    in_work(res, sizeof res, "res.csv");
    snprintf(part, sizeof part, "%s.part", res);
    /* A FILE.part without --resume is not overwritten. */
    make_part(ref, part, 5);
    size_t plen;
    char *before = slurp(part, &plen);
    result r = run_attune("batch", batch_ini, "-o", res, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--resume", "stderr");
    result_free(&r);
    expect_same_file(part, before, plen);
    /* Another experiment's rows (another seed): refused, nothing changed. */
    r = run_attune("batch", batch_ini, "-o", res, "--resume", "--seed", "12", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "row of another experiment", "stderr");
    result_free(&r);
    expect_same_file(part, before, plen);
    ck_assert(!exists(res));
    /* Another experiment's columns: the header says so. */
    r = run_attune("batch", batch_ini, "-o", res, "--resume", "--set", "infant.stim_gain=uniform(0.3, 0.5)", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "res.csv.part:1: the header differs", "stderr");
    result_free(&r);
    expect_same_file(part, before, plen);
    free(before);
    free(ref);
}
END_TEST

/* Starts `args` and interrupts it (SIGINT) once `part` has 3 lines. */
static result interrupt_at_rows(const char *const *args, const char *part)
{
    pid_t pid = start(args);
    for (int waited = 0;; waited += 10) {
        char *t = exists(part) ? slurp(part, NULL) : NULL;
        int lines = t ? count_lines(t) : 0;
        free(t);
        if (lines >= 3)
            break;
        int st;
        ck_assert_msg(waitpid(pid, &st, WNOHANG) == 0, "the batch ended before the signal");
        if (waited > 20000) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            ck_abort_msg("no rows appeared within 20 s");
        }
        sleep_ms(10);
    }
    ck_assert_int_eq(kill(pid, SIGINT), 0);
    return finish(pid);
}

START_TEST(test_interrupt_then_resume)
{
    /* Long enough to be interrupted: 60 conditions x 40 runs of 600 s. */
    char big[192], res[192], part[200], ref_path[192];
    in_work(big, sizeof big, "big.ini");
    in_work(res, sizeof res, "res.csv");
    in_work(ref_path, sizeof ref_path, "ref.csv");
    snprintf(part, sizeof part, "%s.part", res);
    write_file(big, "[scenario]\nduration = 600\n[infant]\nstim_gain = uniform(0.3, 0.6)\n"
               "[batch]\nreplicates = 40\n[condition]\nname = w\n"
               "caregiver.wait_time = 0:0.1:5.9\n");
    const char *args[] = { "batch", big, "-o", res, "--jobs", "2", NULL };
    result r = interrupt_at_rows(args, part);
    expect_status(&r, 1);
    expect_contains(r.err, "continue with the same command and --resume", "stderr");
    result_free(&r);
    ck_assert(!exists(res));
    size_t plen;
    char *p = slurp(part, &plen);
    ck_assert_uint_gt(plen, 0);
    ck_assert_int_eq(p[plen - 1], '\n');   /* whole rows only */
    int rows = count_lines(p) - 1;
    ck_assert_int_lt(rows, 2400);
    free(p);
    r = run_attune("batch", big, "-o", res, "--resume", "--jobs", "1", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    r = run_attune("batch", big, "-o", ref_path, "--jobs", "2", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    char *ref = slurp(ref_path, &len);
    expect_same_file(res, ref, len);
    free(ref);
}
END_TEST

/* With --ruptures, which --resume refuses, the advice after a stop is
 * what does resume: the same command less --ruptures (it was "--resume"). */
START_TEST(test_interrupt_with_ruptures_advice)
{
    char big[192], res[192], part[200], rup[192];
    in_work(big, sizeof big, "big.ini");
    in_work(res, sizeof res, "res.csv");
    in_work(rup, sizeof rup, "rup.csv");
    snprintf(part, sizeof part, "%s.part", res);
    write_file(big, "[scenario]\nduration = 600\n[batch]\nreplicates = 40\n[condition]\n"
               "name = w\ncaregiver.wait_time = 0:0.1:5.9\n");
    const char *args[] = { "batch", big, "-o", res, "--ruptures", rup, "--jobs", "2", NULL };
    /* with --long too, which cannot be resumed at all, that is said first */
    char lres[192], lpart[200];
    in_work(lres, sizeof lres, "long.csv");
    snprintf(lpart, sizeof lpart, "%s.part", lres);
    const char *largs[] = { "batch", big, "-o", lres, "--long", "--ruptures", rup, "--jobs", "2",
                            NULL };
    result lr = interrupt_at_rows(largs, lpart);
    expect_status(&lr, 1);
    expect_contains(lr.err, "--long cannot be resumed: delete it and start again (a batch "
                    "without --long can be resumed)", "stderr");
    result_free(&lr);
    result r = interrupt_at_rows(args, part);
    expect_status(&r, 1);
    expect_contains(r.err, "continue with the same command less --ruptures, and --resume",
                    "stderr");
    result_free(&r);
    r = run_attune("batch", big, "-o", res, "--ruptures", rup, "--resume", "-q", NULL);
    expect_status(&r, 2);   /* as the advice says */
    result_free(&r);
    ck_assert(exists(part));
}
END_TEST

/* A trace that cannot be written names itself (it said "trace: write
 * error"): its file a private full device (1:7), written in place. */
START_TEST(test_trace_write_error_named)
{
    char ini[192], res[192], dir[192], dev[256];
    in_work(ini, sizeof ini, "one.ini");
    in_work(res, sizeof res, "one.csv");
    in_work(dir, sizeof dir, "full-traces");
    write_file(ini, "[scenario]\nname = one\nduration = 5\n[batch]\nreplicates = 1\n");
    ck_assert_int_eq(mkdir(dir, 0777), 0);
    snprintf(dev, sizeof dev, "%s/one_0001.csv", dir);
    if (!make_device(dev, 7))
        return;   /* not root: no device to make */
    result r = run_attune("batch", ini, "-o", res, "--traces", dir, "-q", NULL);
    expect_status(&r, 1);
    char want[512];
    snprintf(want, sizeof want, "attune batch: %s: write error: No space left on device", dev);
    expect_contains(r.err, want, "stderr");
    result_free(&r);
    expect_device(dev, 7);
    ck_assert(!exists(res));
}
END_TEST

/* ---- timelines: a run is one line per session ---- */

/* Sessions per run of tl.ini, in canonical order. */
static int tl_sessions(int run)
{
    return run <= 6 ? 3 : 2;
}

START_TEST(test_sessions_rows)
{
    size_t len;
    char *ref = reference_of(tl_ini, tl_full, &len);
    ck_assert_int_eq(count_lines(ref), 1 + TL_LINES);
    const char *header = ref;
    int c_rep = header_column(header, "replicate"), c_ses = header_column(header, "session");
    int c_seed = header_column(header, "seed"), c_run = header_column(header, "run");
    int c_base = header_column(header, "infant.arousal_baseline");
    int c_obs = header_column(header, "all.observed_s"), c_match = header_column(header, "all.matched_prop");
    ck_assert_int_eq(c_ses, c_rep + 1);
    ck_assert_int_eq(header_column(header, "trust"), c_ses + 1);
    ck_assert_int_eq(c_seed, c_ses + 2);
    static const char *const conds[] = { "patient", "intrusive", "brief" };
    char buf[4096], want[4096];
    int k = 1, differ = 0;
    for (int run = 1; run <= TL_RUNS; run++) {
        const char *first = line_at(ref, k);
        char seed[32], drawn[32], match1[32];
        field(first, c_seed, seed, sizeof seed);
        field(first, c_base, drawn, sizeof drawn);
        field(first, c_match, match1, sizeof match1);
        for (int ses = 1; ses <= tl_sessions(run); ses++, k++) {
            const char *line = line_at(ref, k);
            ck_assert_int_eq(atoi(field(line, c_run, buf, sizeof buf)), run);
            ck_assert_int_eq(atoi(field(line, c_ses, buf, sizeof buf)), ses);
            ck_assert_int_eq(atoi(field(line, c_rep, buf, sizeof buf)), (run - 1) % 3 + 1);
            ck_assert_str_eq(field(line, header_column(header, "condition"), buf, sizeof buf),
                             conds[(run - 1) / 3]);
            ck_assert_str_eq(field(line, c_seed, buf, sizeof buf), seed);
            ck_assert_str_eq(field(line, c_base, buf, sizeof buf), drawn);
            ck_assert_str_eq(field(line, c_obs, buf, sizeof buf), "7");
            differ |= strcmp(field(line, c_match, want, sizeof want), match1) != 0;
        }
    }
    ck_assert_ptr_null(line_at(ref, k));
    ck_assert_msg(differ, "every session scored alike: not sessions of their own");
    /* The same bytes for any --jobs, to a file or standard output. */
    char three[192];
    in_work(three, sizeof three, "three.csv");
    result r = run_attune("batch", tl_ini, "-o", three, "--jobs", "3", "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    expect_same_file(three, ref, len);
    r = run_attune("batch", tl_ini, "--jobs", "2", "-q", NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.out_len, len);
    ck_assert(memcmp(r.out, ref, len) == 0);
    result_free(&r);
    free(ref);
}
END_TEST

/* A run is whole only with every session: a FILE.part cut anywhere (between
 * runs, between two sessions of a run, inside a line) resumes to the
 * uninterrupted file. */
START_TEST(test_sessions_resume)
{
    size_t len;
    char *ref = reference_of(tl_ini, tl_full, &len);
    char res[192], part[200];
    in_work(res, sizeof res, "res.csv");
    snprintf(part, sizeof part, "%s.part", res);
    /* lines after the header, and whether half the next line follows */
    static const int cuts[][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 2, 1 }, { 3, 0 },
                                   { 4, 1 }, { 7, 0 }, { 19, 1 }, { 20, 0 }, { 23, 1 } };
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        make_part_at(ref, part, cuts[i][0], cuts[i][1]);
        result r = run_attune("batch", tl_ini, "-o", res, "--resume", "--jobs", "2", "-q", NULL);
        expect_status(&r, 0);
        result_free(&r);
        expect_same_file(res, ref, len);
        ck_assert(!exists(part));
        ck_assert_int_eq(unlink(res), 0);
    }
    /* Sessions out of order: refused, FILE.part untouched. */
    size_t n1 = (size_t)(line_at(ref, 2) - ref);
    const char *third = line_at(ref, 3);
    size_t n3 = (size_t)(line_at(ref, 4) - third);
    FILE *f = fopen(part, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(ref, 1, n1, f), n1);     /* header, run 1 session 1 */
    ck_assert_uint_eq(fwrite(third, 1, n3, f), n3);   /* run 1 session 3 */
    ck_assert_int_eq(fclose(f), 0);
    size_t plen;
    char *before = slurp(part, &plen);
    result r = run_attune("batch", tl_ini, "-o", res, "--resume", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "res.csv.part:3: expected session 2 of 3 of run 1 here, found "
                    "session 3", "stderr");
    result_free(&r);
    expect_same_file(part, before, plen);
    ck_assert_int_eq(unlink(part), 0);
    free(before);
    /* A finished file without its last session is not complete. */
    make_part_at(ref, res, TL_LINES - 1, 0);
    r = run_attune("batch", tl_ini, "-o", res, "--resume", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "has 8 of 9 runs", "stderr");
    result_free(&r);
    free(ref);
}
END_TEST

/* Each run's trace holds every step of every session; scored by `attune
 * score`, session k gives line k of the run. */
START_TEST(test_sessions_traces)
{
    char dir[192], res[192], trace[256], scored[192];
    in_work(dir, sizeof dir, "traces");
    in_work(res, sizeof res, "res.csv");
    in_work(scored, sizeof scored, "scored.csv");
    result r = run_attune("batch", tl_ini, "-o", res, "--traces", dir, "-q", NULL);
    expect_status(&r, 0);
    result_free(&r);
    snprintf(trace, sizeof trace, "%s/intrusive_0002.csv", dir);
    char *tr = slurp(trace, NULL);
    ck_assert_ptr_nonnull(tr);
    ck_assert_int_eq(count_lines(tr), 1 + 3 * 70);
    char buf[64];
    ck_assert_int_eq(header_column(tr, "session"), header_column(tr, "run") + 1);
    for (int k = 1; k <= 3 * 70; k++)
        ck_assert_int_eq(atoi(field(line_at(tr, k), header_column(tr, "session"), buf, sizeof buf)),
                         (k - 1) / 70 + 1);
    free(tr);
    snprintf(trace, sizeof trace, "%s/brief_0001.csv", dir);
    tr = slurp(trace, NULL);
    ck_assert_ptr_nonnull(tr);
    ck_assert_int_eq(count_lines(tr), 1 + 2 * 70);
    free(tr);
    /* Run 5 (intrusive, replicate 2), session 2: lines 1-12 are runs 1-4. */
    snprintf(trace, sizeof trace, "%s/intrusive_0002.csv", dir);
    r = run_attune("score", trace, "-o", scored, "--format", "csv", NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *rows = slurp(res, NULL), *sc = slurp(scored, NULL);
    ck_assert_ptr_nonnull(rows);
    ck_assert_ptr_nonnull(sc);
    const char *row = line_at(rows, 14);
    char a[128], b[128], name[160];
    ck_assert_int_eq(atoi(field(row, header_column(rows, "run"), a, sizeof a)), 5);
    ck_assert_int_eq(atoi(field(row, header_column(rows, "session"), a, sizeof a)), 2);
    static const char *const metrics[] = { "matched_prop", "ruptures", "repairs",
                                           "latency_median_s", "rmst_s", "infant_gaze_prop" };
    int checked = 0;
    for (int k = 1; line_at(sc, k); k++) {
        const char *line = line_at(sc, k);
        if (strcmp(field(line, header_column(sc, "run"), b, sizeof b), "5/2") != 0)
            continue;
        char w[16];
        snprintf(w, sizeof w, "%s", field(line, header_column(sc, "window"), b, sizeof b));
        for (size_t m = 0; m < sizeof metrics / sizeof metrics[0]; m++) {
            snprintf(name, sizeof name, "%s.%s", w, metrics[m]);
            ck_assert_str_eq(field(row, header_column(rows, name), a, sizeof a),
                             field(line, header_column(sc, metrics[m]), b, sizeof b));
            checked++;
        }
    }
    ck_assert_int_eq(checked, 3 * 6);   /* all, play, still */
    free(rows);
    free(sc);
}
END_TEST

/* ---- bad input ---- */

/* Refused before the first run (exit 2, `message`): the results file
 * kept, no FILE.part; with `traces`, run with --traces DIR, not made. */
static void expect_bad_in(const char *text, const char *message, int traces)
{
    char bad[192], res[192], dir[192];
    in_work(bad, sizeof bad, "bad.ini");
    in_work(res, sizeof res, "res.csv");
    in_work(dir, sizeof dir, "bad-traces");
    write_file(bad, text);
    write_file(res, "keep me\n");
    result r = traces ? run_attune("batch", bad, "-o", res, "--traces", dir, NULL)
                      : run_attune("batch", bad, "-o", res, NULL);
    ck_assert(!exists(dir));
    expect_status(&r, 2);
    expect_contains(r.err, message, "stderr");
    result_free(&r);
    char *kept = slurp(res, NULL);
    ck_assert_str_eq(kept, "keep me\n");
    free(kept);
    char part[200];
    snprintf(part, sizeof part, "%s.part", res);
    ck_assert(!exists(part));
}

static void expect_bad(const char *text, const char *message)
{
    expect_bad_in(text, message, 0);
}

START_TEST(test_bad_input)
{
    expect_bad("[scenario]\nduration = 5\n[condition]\nname = a\ncaregiver.wiat_time = 2\n",
               "bad.ini:5: unknown key 'wiat_time' in [caregiver] (did you mean 'wait_time'?)");
    expect_bad("[scenario]\nduration = 5\n[condition]\nname = a\ncaregiver.wait_time = 3:1:0\n",
               "bad.ini:5: caregiver.wait_time = 3:1:0: empty sweep");
    expect_bad("[scenario]\nduration = 5\n[infant]\nstim_gain = normal(0.4)\n",
               "bad.ini:4: stim_gain = normal(0.4): expected NAME(NUMBER, NUMBER)");
    expect_bad("[scenario]\nduration = 5\n[infant]\nstim_gain = gamma(1, 2)\n",
               "bad.ini:4: stim_gain = gamma(1, 2): unknown distribution 'gamma'");
    expect_bad("[scenario]\nduration = 5\n[batch]\nreplicates = 0\n",
               "bad.ini:4: replicates = 0 is not a whole number");
    expect_bad("[scenario]\nduration = 5\n[condition]\ncaregiver.wait_time = 1\n",
               "bad.ini:3: [condition] has no name");
    expect_bad("[scenario]\nduration = 5\nsessions = 0\n",
               "bad.ini:3: sessions = 0 is not a whole number");
    expect_bad("[scenario]\nduration = 5\n[condition]\nname = a\nscenario.sessions = 0\n",
               "bad.ini:5: sessions = 0 is not a whole number");
    /* what failed every run, and so the batch after its first rows
     * (exit 1, FILE.part, a --resume failing again), is refused up front */
    expect_bad("[scenario]\nduration = 5\n[condition]\nname = a\n[condition]\nname = b\n"
               "scenario.dt = 1e-7\n",
               "bad.ini:7: dt = 1e-7 is out of range: must be 1e-06 to 1 s");
    expect_bad("[scenario]\nduration = 5\nmatch_table = icep\n[condition]\nname = a\n",
               "icep.csv: match table has no infant code 'positive'");
    /* two conditions writing the same trace files; a name no file can have */
    expect_bad_in("[scenario]\nduration = 5\n[condition]\nname = a\ncaregiver.wait_time = 1:1:1"
                  "\n[condition]\nname = a_wait_time-1\ncaregiver.wait_time = 7\n",
                  "bad.ini: conditions 'a[wait_time=1]' and 'a_wait_time-1' would write the same "
                  "trace files (a_wait_time-1_NNNN.csv): rename one", 1);
    /* A sweep's name, "NAME[wait_time=1,...]", is NAME_wait_time-1_... in a
     * file name: with these ten keys NAME plus 202 bytes, and "_0001.csv"
     * 9 more.  NAME of 45 bytes: 256, one too many (a condition's name has
     * at most 63). */
    const char *sweeps =
        "caregiver.wait_time = 1:1:1\ninfant.contingency_gain = 0.1:0.1:0.1\n"
        "infant.intrusion_avert_rate = 0.1:0.1:0.1\ninfant.avert_arousal_rate = 0.1:0.1:0.1\n"
        "infant.selfcomfort_relief = 0.1:0.1:0.1\ninfant.capacity_spent = 0.1:0.1:0.1\n"
        "caregiver.perception_noise = 0.1:0.1:0.1\ncaregiver.repair_latency = 0.1:0.1:0.1\n"
        "infant.contingency_tau = 3:1:3\ninfant.arousal_baseline = 0.2:0.1:0.2\n";
    char ini[1024], name[64];
    memset(name, 'c', 45);
    name[45] = '\0';
    snprintf(ini, sizeof ini, "[scenario]\nduration = 2\n[condition]\nname = %s\n%s", name,
             sweeps);
    expect_bad_in(ini, "its trace files' names would be 256 bytes, more than a file name holds "
                  "(255)", 1);
    name[44] = '\0';   /* 255 bytes: a name a file can have */
    snprintf(ini, sizeof ini, "[scenario]\nduration = 2\n[condition]\nname = %s\n%s", name,
             sweeps);
    char ok_ini[192], res[192], dir[192], trace[512];
    in_work(ok_ini, sizeof ok_ini, "ok.ini");
    in_work(res, sizeof res, "ok.csv");
    in_work(dir, sizeof dir, "ok-traces");
    write_file(ok_ini, ini);
    result ok = run_attune("batch", ok_ini, "-o", res, "--traces", dir, "-q", NULL);
    expect_status(&ok, 0);
    result_free(&ok);
    int len = snprintf(trace, sizeof trace, "%s_wait_time-1_contingency_gain-0.1_intrusion_avert"
                       "_rate-0.1_avert_arousal_rate-0.1_selfcomfort_relief-0.1_capacity_spent"
                       "-0.1_perception_noise-0.1_repair_latency-0.1_contingency_tau-3_arousal"
                       "_baseline-0.2_0001.csv", name);
    ck_assert_int_eq(len, 255);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, trace);
    ck_assert_msg(exists(path), "no %s", path);
    /* the results or the ruptures written as one of the traces: refused
     * (the trace was silently replaced) */
    char clash[512];
    snprintf(clash, sizeof clash, "%s/%.44s_wait_time-1_contingency_gain-0.1_intrusion_avert_rate"
             "-0.1_avert_arousal_rate-0.1_selfcomfort_relief-0.1_capacity_spent-0.1_perception_"
             "noise-0.1_repair_latency-0.1_contingency_tau-3_arousal_baseline-0.2_0001.csv", dir,
             name);
    char other[192];
    in_work(other, sizeof other, "other.csv");
    for (int which = 0; which < 2; which++) {
        result c = which ? run_attune("batch", ok_ini, "-o", other, "--ruptures", clash,
                                      "--traces", dir, "-q", NULL)
                         : run_attune("batch", ok_ini, "-o", clash, "--traces", dir, "-q", NULL);
        expect_status(&c, 2);
        expect_contains(c.err, "is also the name of a trace of --traces", "stderr");
        result_free(&c);
    }
    ck_assert(!exists(other));
    /* the same while the traces' folder is not made yet (it is made after
     * the check), named differently */
    char fresh[192], fresh_clash[512];
    in_work(fresh, sizeof fresh, "fresh-traces");
    snprintf(fresh_clash, sizeof fresh_clash, "%s//%s", fresh, strrchr(clash, '/') + 1);
    char fresh_dir[200];
    snprintf(fresh_dir, sizeof fresh_dir, "%s/", fresh);
    result f = run_attune("batch", ok_ini, "-o", fresh_clash, "--traces", fresh_dir, "-q", NULL);
    expect_status(&f, 2);
    expect_contains(f.err, "is also the name of a trace of --traces", "stderr");
    result_free(&f);
    ck_assert(!exists(fresh));
    snprintf(fresh_clash, sizeof fresh_clash, "%s/../%s/./%s", fresh, strrchr(fresh, '/') + 1,
             strrchr(clash, '/') + 1);   /* W/fresh-traces/../fresh-traces/./NAME */
    f = run_attune("batch", ok_ini, "-o", fresh_clash, "--traces", fresh, "-q", NULL);
    expect_status(&f, 2);
    expect_contains(f.err, "is also the name of a trace of --traces", "stderr");
    result_free(&f);
    ck_assert(!exists(fresh));
    /* a link to a trace is that trace */
    char link[192];
    in_work(link, sizeof link, "link.csv");
    ck_assert_int_eq(symlink(clash, link), 0);
    f = run_attune("batch", ok_ini, "-o", link, "--traces", dir, "-q", NULL);
    expect_status(&f, 2);
    expect_contains(f.err, "link.csv is also the name of a trace of --traces", "stderr");
    result_free(&f);
    /* a link to a trace not written yet, in a folder not made yet */
    char dangling[192], fresh_trace[512];
    in_work(dangling, sizeof dangling, "dangling.csv");
    snprintf(fresh_trace, sizeof fresh_trace, "%s/%s", fresh, strrchr(clash, '/') + 1);
    ck_assert_int_eq(symlink(fresh_trace, dangling), 0);
    f = run_attune("batch", ok_ini, "-o", dangling, "--traces", fresh, "-q", NULL);
    expect_status(&f, 2);
    expect_contains(f.err, "dangling.csv is also the name of a trace of --traces", "stderr");
    result_free(&f);
    ck_assert(!exists(fresh));
    /* a results file whose FILE.part is too long a name: said so */
    char part_long[512];
    memset(name, 'p', 62);
    name[62] = '\0';
    snprintf(part_long, sizeof part_long, "%s/%s%s%s%s.csv", dir, name, name, name, name);
    result pl = run_attune("batch", ok_ini, "-o", part_long, "-q", NULL);   /* 252 bytes */
    expect_status(&pl, 2);
    expect_contains(pl.err, ".csv: cannot create file: its .part file's name would be 257 "
                    "bytes, more than a file's name can have (255)", "stderr");
    result_free(&pl);
    result r = run_attune("batch", batch_ini, "--shard", "4/3", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--shard 4/3", "stderr");
    result_free(&r);
    r = run_attune("batch", batch_ini, "--resume", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "--resume needs the results file", "stderr");
    result_free(&r);
    r = run_attune("batch", batch_ini, "--set", "caregiver.wait_time=2", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "also given by --set caregiver.wait_time=2", "stderr");
    result_free(&r);
}
END_TEST

START_TEST(test_batch_warns_once_per_condition)
{
    write_file(cond_ini, cond_text);
    char out[224];
    snprintf(out, sizeof out, "%s/b.csv", work);
    result r = run_attune("batch", cond_ini, "-q", "-j", "2", "-o", out, NULL);
    expect_status(&r, 0);
    /* The [caregiver] intrusiveness (line 6) is ignored by the patient and
     * the withdrawn conditions, read by the intrusive one; the three swept
     * conditions of 'gone' and its 3 replicates each warn once together. */
    char want[1024];
    snprintf(want, sizeof want,
             "%s:6: warning: caregiver.intrusiveness is ignored by the patient policy "
             "(condition 'calm')\n"
             "%s:6: warning: caregiver.intrusiveness is ignored by the withdrawn policy "
             "(condition 'gone')\n", cond_ini, cond_ini);
    ck_assert_str_eq(r.err, want);
    result_free(&r);

    r = run_attune("run", cond_ini, "--condition", "pushy", "-q", "-o", "-", NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.err_len, 0);
    result_free(&r);
}
END_TEST

/* ---- the progress bar in a narrow terminal ---- */

/* Runs a batch with standard error on a private pseudo-terminal `cols`
 * columns wide and returns what it wrote there. */
static char *batch_on_terminal(int cols, const char *columns_env)
{
    char out[224];
    snprintf(out, sizeof out, "%s/p.csv", work);
    const char *args[] = { "batch", cond_ini, "-j", "1", "-o", out,
                           "--set", "batch.replicates=200", NULL };
    int status;
    char *buf = run_on_terminal(args, cols, columns_env, &status);
    ck_assert_msg(status == 0, "batch failed: %s", buf);
    unlink(out);
    return buf;
}

/* The bar's drawings: the text after each '\r', up to "\033[K" or '\r'.
 * Fails unless every one is shorter than `cols`; returns how many. */
static int check_drawings(const char *tty, int cols, const char *must)
{
    int drawings = 0;
    for (const char *p = strchr(tty, '\r'); p; p = strchr(p + 1, '\r')) {
        size_t n = strcspn(p + 1, "\r\033\n");
        if (n == 0)
            continue;
        drawings++;
        ck_assert_msg((int)n < cols, "a %zu-column drawing in %d columns: %.*s", n, cols,
                      (int)n, p + 1);
        if (must)
            ck_assert_msg(strncmp(p + 1, must, strlen(must)) == 0 || strstr(p + 1, must),
                          "drawing lacks '%s': %.*s", must, (int)n, p + 1);
    }
    return drawings;
}

START_TEST(test_progress_fits_terminal)
{
    write_file(cond_ini, cond_text);
    /* wide: the whole line, bar of 20 */
    char *tty = batch_on_terminal(120, NULL);
    ck_assert_int_ge(check_drawings(tty, 120, "runs/s"), 1);
    expect_contains(tty, "[                    ] 0/1000 runs  0.0 runs/s  --:-- left", "terminal");
    free(tty);
    /* 40 columns: the speed goes, the bar shrinks */
    tty = batch_on_terminal(40, NULL);
    ck_assert_int_ge(check_drawings(tty, 40, " runs  "), 1);
    expect_contains(tty, "[             ] 0/1000 runs  --:-- left", "terminal");
    free(tty);
    /* no window size: $COLUMNS, 30 here, and only the bar and counts fit */
    tty = batch_on_terminal(0, "30");
    ck_assert_int_ge(check_drawings(tty, 30, " runs"), 1);
    expect_contains(tty, "\r[               ] 0/1000 runs\033[K", "terminal");
    free(tty);
    /* 10 columns: the counts alone, cut */
    tty = batch_on_terminal(10, NULL);
    ck_assert_int_ge(check_drawings(tty, 10, NULL), 1);
    expect_contains(tty, "\r0/1000 ru\033[K", "terminal");
    free(tty);
}
END_TEST

Suite *suite_cli_batch(void)
{
    Suite *s = suite_create("cli_batch");
    TCase *tc = fixture_tcase("batch", batch_setup);
    tcase_add_test(tc, test_jobs_identical);
    tcase_add_test(tc, test_rows);
    tcase_add_test(tc, test_traces_score_like_rows);
    tcase_add_test(tc, test_long_rows);
    tcase_add_test(tc, test_resume_simulated);
    tcase_add_test(tc, test_resume_refuses);
    tcase_add_test(tc, test_interrupt_then_resume);
    tcase_add_test(tc, test_interrupt_with_ruptures_advice);
    tcase_add_test(tc, test_trace_write_error_named);
    tcase_add_test(tc, test_sessions_rows);
    tcase_add_test(tc, test_sessions_resume);
    tcase_add_test(tc, test_sessions_traces);
    tcase_add_test(tc, test_bad_input);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("paper_cuts", cond_setup);
    tcase_add_test(tc, test_batch_warns_once_per_condition);
    tcase_add_test(tc, test_progress_fits_terminal);
    suite_add_tcase(s, tc);
    return s;
}
