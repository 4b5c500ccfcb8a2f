/* `attune plot` on awkward input: text that is not UTF-8 (a Latin-1 file
 * name, phase, run and condition names with bytes FF FE, a --title) is
 * drawn with each bad byte as U+FFFD: the figure has the bytes of the same
 * input with U+FFFD written in (and not those of the input without the bad
 * bytes, so the text is drawn), in every KIND; --format that contradicts
 * OUT's extension, --width 0, --height 0, --session 0, a km or trace
 * --to at or before the start, a trace --from or --to outside the run and
 * a --height or --width too small for the figure's layout, a trace strip
 * of more than 16 values are exit 2 with
 * the message written here by hand, and an existing OUT is left as it
 * was. */
#include "tests/fixture.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FFFD "\xEF\xBF\xBD"

static char out[192];

static void input_setup_plot(void)
{
    setup();
    in_work(out, sizeof out, "fig.svg");
}

/* Runs `attune ARGS` (exit 0, nothing on stderr) and returns the figure. */
static char *figure(const char *const *args, size_t *len)
{
    result r = run_argv(args);
    expect_status(&r, 0);
    ck_assert_msg(r.err_len == 0, "stderr: %s", r.err);
    result_free(&r);
    char *fig = slurp(out, len);
    ck_assert_ptr_nonnull(fig);
    return fig;
}

/* The figures of `bad`, `fixed` (U+FFFD for each bad byte) and `dropped`
 * (the bad bytes left out): the first two the same, the third not. */
static void expect_replaced(const char *const *bad, const char *const *fixed,
                            const char *const *dropped)
{
    size_t nb, nf, nd;
    char *b = figure(bad, &nb), *f = figure(fixed, &nf), *d = figure(dropped, &nd);
    ck_assert_msg(nb > 1000 && nb == nf && memcmp(b, f, nb) == 0, "%s %s: not as U+FFFD",
                  bad[0], bad[1]);
    ck_assert_msg(nd != nb || memcmp(d, b, nb) != 0, "%s %s: the text is not drawn", bad[0],
                  bad[1]);
    free(b), free(f), free(d);
}

/* `text` with every `from` replaced by `to` (malloc'd). */
static char *replaced(const char *text, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to), n = 0;
    for (const char *p = text; (p = strstr(p, from)); p += nf)
        n++;
    char *s = malloc(strlen(text) + n * nt + 1), *w = s;
    ck_assert_ptr_nonnull(s);
    for (const char *p = text, *q; *p; p = q + nf) {
        q = strstr(p, from);
        size_t k = q ? (size_t)(q - p) : strlen(p);
        memcpy(w, p, k), w += k;
        if (!q)
            break;
        memcpy(w, to, nt), w += nt;
    }
    *w = '\0';
    return s;
}

/* Writes `text` with `mark` made `bad`, `fixed` and `dropped` to NAME in
 * folders 1, 2 and 3 of work (figures name their files); the paths in p. */
static void three_files(char p[3][192], const char *name, const char *text, const char *mark,
                        const char *bad, const char *fixed, const char *dropped)
{
    const char *as[3] = { bad, fixed, dropped };
    for (int k = 0; k < 3; k++) {
        char dir[192];
        snprintf(dir, sizeof dir, "%s/%d", work, k + 1);
        ck_assert(mkdir(dir, 0755) == 0 || errno == EEXIST);
        ck_assert((size_t)snprintf(p[k], sizeof p[k], "%s/%s", dir, name) < sizeof p[k]);
        char *t = replaced(text, mark, as[k]);
        write_file(p[k], t);
        free(t);
    }
}

START_TEST(test_file_name_and_title_not_utf8)
{
    char p[3][192];
    size_t len;
    char *text = slurp(SRC("data/examples/mother-a.csv"), &len);
    const char *names[3] = { "caf\xE9.csv", "caf" FFFD ".csv", "caf.csv" };
    for (int k = 0; k < 3; k++) {
        in_work(p[k], sizeof p[k], names[k]);
        write_file(p[k], text);
    }
    free(text);
    const char *a[3][6];
    for (int k = 0; k < 3; k++)
        memcpy(a[k], (const char *[]){ "plot", p[k], "-o", out, NULL, NULL }, sizeof a[k]);
    expect_replaced(a[0], a[1], a[2]);
    const char *titles[3] = { "caf\xE9", "caf" FFFD, "caf" };
    const char *t[3][7];
    for (int k = 0; k < 3; k++)
        memcpy(t[k], (const char *[]){ "plot", p[2], "-o", out, "--title", titles[k], NULL },
               sizeof t[k]);
    expect_replaced(t[0], t[1], t[2]);
}
END_TEST

START_TEST(test_trace_and_timeline_names_not_utf8)
{
    static const char coded[] =
        "t,run,phase,infant_code,caregiver_code\n"
        "0,rX,plXy,positive,positive\n" "1,rX,plXy,protest,positive\n"
        "2,rX,plXy,protest,monitor\n" "3,rX,still,withdrawn,still\n"
        "4,rX,still,positive,positive\n";
    char p[3][192];
    three_files(p, "coded.csv", coded, "X", "\xFF\xFE", FFFD FFFD, "");
    const char *a[3][5];
    for (int k = 0; k < 3; k++)
        memcpy(a[k], (const char *[]){ "plot", p[k], "-o", out, NULL }, sizeof a[k]);
    expect_replaced(a[0], a[1], a[2]);
    static const char tl[] =
        "run,session,t,infant_code,caregiver_code,matched,infant_trust\n"
        "1X,1,0,positive,positive,1,0.40\n" "1X,1,1,positive,positive,0,0.41\n"
        "1X,2,0,positive,positive,1,0.45\n" "1X,2,1,positive,positive,0,0.47\n";
    three_files(p, "tl.csv", tl, "X", "\xFF", FFFD, "");
    const char *b[3][6];
    for (int k = 0; k < 3; k++)
        memcpy(b[k], (const char *[]){ "plot", "timeline", p[k], "-o", out, NULL }, sizeof b[k]);
    expect_replaced(b[0], b[1], b[2]);
}
END_TEST

static const char ruptures[] =
    "run,phase,start_s,latency_s,censored,repaired_by,peak_infant_arousal,"
    "phase_latency_s,phase_censored,file\n"
    "r1,play,0,1,0,infant,,1,0,f.csv\n" "r1,play,3,2,0,caregiver,,2,0,f.csv\n"
    "r1,play,9,2,0,infant,,2,0,f.csv\n";

START_TEST(test_results_names_not_utf8)
{
    char res[3][192], rup[3][192];
    three_files(res, "res.csv", compare_results, ",B,", ",B\xFE,", ",B" FFFD ",", ",B,");
    const char *names[3] = { "r\xE9.csv", "r" FFFD ".csv", "r.csv" };
    for (int k = 0; k < 3; k++) {
        in_work(rup[k], sizeof rup[k], names[k]);
        write_file(rup[k], ruptures);
    }
    const char *km[3][7], *cmp[3][7], *sw[3][8];
    for (int k = 0; k < 3; k++) {
        memcpy(km[k], (const char *[]){ "plot", "km", rup[k], res[k], "-o", out, NULL },
               sizeof km[k]);
        memcpy(cmp[k], (const char *[]){ "plot", "compare", res[k], "-o", out, NULL, NULL },
               sizeof cmp[k]);
    }
    expect_replaced(km[0], km[1], km[2]);
    expect_replaced(cmp[0], cmp[1], cmp[2]);
    /* sweep: the swept column's name, given to --by as it is in the file */
    const char *col[3] = { "wait\xE9", "wait" FFFD, "wait" };
    for (int k = 0; k < 3; k++) {
        char *t = replaced(compare_results, "caregiver.wait_time", col[k]);
        write_file(res[k], t);
        free(t);
        memcpy(sw[k], (const char *[]){ "plot", "sweep", res[k], "--by", col[k], "-o", out, NULL },
               sizeof sw[k]);
    }
    expect_replaced(sw[0], sw[1], sw[2]);
}
END_TEST

START_TEST(test_fit_names_not_utf8)
{
    static const char table[] =
        "kind,name,value,start,lo,hi,se,ci_lo,ci_hi,se_asym,ci_asym_lo,ci_asym_hi,observed,"
        "simulated,variance,z,note\n"
        "parameter,caregiver.wait_time,4,8,1,20,,,,1.2,1.648,6.352,,,,,\n"
        "statistic,plXy.matched_prop,,,,,,,,,,,0.5,0.35,0.0025,3,\n"
        "statistic,reunion.matched_prop,,,,,,,,,,,0.6,0.62,0.0025,-0.4,\n"
        "fit,j_stat,18.16,,,,,,,,,,,,,,\n";
    char p[3][192];
    three_files(p, "fit.csv", table, "X", "\xFF\xFE", FFFD FFFD, "");
    const char *a[3][6];
    for (int k = 0; k < 3; k++)
        memcpy(a[k], (const char *[]){ "plot", "fit", p[k], "-o", out, NULL }, sizeof a[k]);
    expect_replaced(a[0], a[1], a[2]);
}
END_TEST

/* Exit 2 with exactly `msg` (and a newline) on stderr, nothing on stdout,
 * and `keep` (an existing OUT) as it was. */
static void expect_refused(const char *const *args, const char *msg, const char *keep)
{
    write_file(keep, "an older figure\n");
    result r = run_argv(args);
    expect_status(&r, 2);
    ck_assert_uint_eq(r.out_len, 0);
    char want[512];
    snprintf(want, sizeof want, "%s\n", msg);
    ck_assert_str_eq(r.err, want);
    result_free(&r);
    expect_file_text(keep, "an older figure\n");
}

/* A coded session of `n` seconds, each with its own infant code (code0,
 * code1, ...), and a match table that knows `known` such codes. */
static void codes_known(const char *path, const char *table, int n, int known)
{
    char text[2048] = "t,phase,infant_code,caregiver_code\n", line[64];
    for (int i = 0; i < n; i++) {
        snprintf(line, sizeof line, "%d,play,code%d,positive\n", i, i);
        strcat(text, line);
    }
    write_file(path, text);
    char mt[2048] = "infant_code,caregiver_code,matched\n";
    for (int i = 0; i < known; i++) {
        snprintf(line, sizeof line, "code%d,positive,%d\n", i, i % 2);
        strcat(mt, line);
    }
    write_file(table, mt);
}

static void many_codes(const char *path, const char *table, int n)
{
    codes_known(path, table, n, 17);
}

/* A trace strip of 17 values (one more than its 16 colours) is refused:
 * exit 2, the message written here by hand, nothing on stdout, an
 * existing OUT left as it was and none made where there was none; 16
 * values, and the 17 cut to the first 16 seconds by --to, are drawn. */
START_TEST(test_trace_strip_of_17_refused)
{
    char in[192], in16[192], mt[192], png[192];
    in_work(in, sizeof in, "codes17.csv");
    in_work(in16, sizeof in16, "codes16.csv");
    in_work(mt, sizeof mt, "mt.csv");
    in_work(png, sizeof png, "strip.png");
    many_codes(in16, mt, 16);
    many_codes(in, mt, 17);
    const char *msg = "attune plot: the infant code strip has 17 values in the time drawn; a "
                      "strip shows at most 16 (each its own colour)";
    expect_refused((const char *[]){ "plot", in, "--match-table", mt, "-o", png, NULL }, msg,
                   png);
    unlink(png);
    result r = run_attune("plot", in, "--match-table", mt, "-o", png, NULL);
    expect_status(&r, 2);
    result_free(&r);
    struct stat st;
    ck_assert_msg(stat(png, &st) != 0 && errno == ENOENT, "%s left after a refusal", png);
    r = run_attune("plot", in16, "--match-table", mt, "-o", png, NULL);
    expect_status(&r, 0);
    result_free(&r);
    unlink(png);
    r = run_attune("plot", in, "--match-table", mt, "--to", "15", "-o", png, NULL);
    expect_status(&r, 0);
    result_free(&r);
    ck_assert_int_eq(stat(png, &st), 0);
}
END_TEST

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Strips of 18 and 22 values are refused as the 17 are, and at once: they
 * once hung, seeking an 18th distinct colour among the 17 spare ones
 * before the refusal.  The tcase's timeout fails a hang; 5 s is far above
 * the few milliseconds a refusal takes. */
START_TEST(test_trace_strip_of_18_and_22_refused)
{
    static const int ns[] = { 18, 22 };
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        char in[192], mt[192], png[192], msg[256];
        in_work(in, sizeof in, "codesN.csv");
        in_work(mt, sizeof mt, "mtN.csv");
        in_work(png, sizeof png, "stripN.png");
        codes_known(in, mt, ns[k], ns[k]);
        snprintf(msg, sizeof msg, "attune plot: the infant code strip has %d values in the time "
                 "drawn; a strip shows at most 16 (each its own colour)", ns[k]);
        double t0 = now_s();
        expect_refused((const char *[]){ "plot", in, "--match-table", mt, "-o", png, NULL }, msg,
                       png);
        ck_assert_msg(now_s() - t0 < 5, "the refusal of %d values took %.1f s", ns[k],
                      now_s() - t0);
        unlink(png);
        result r = run_attune("plot", in, "--match-table", mt, "-o", png, NULL);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        result_free(&r);
        struct stat st;
        ck_assert_msg(stat(png, &st) != 0 && errno == ENOENT, "%s left after a refusal", png);
    }
}
END_TEST

/* A refusal with -o - (here a --height below the trace's least) writes
 * nothing to stdout in any format: a PDF surface once flushed a whole
 * document as it was destroyed after the refusal. */
START_TEST(test_refused_to_stdout_writes_nothing)
{
    char trace[192];
    in_work(trace, sizeof trace, "sf.csv");
    result r = run_attune("run", SRC("scenarios/still-face.ini"), "-q", "-o", trace, NULL);
    expect_status(&r, 0);
    result_free(&r);
    static const char *const fmts[] = { "pdf", "svg", "png" };
    for (int k = 0; k < 3; k++) {
        r = run_attune("plot", "trace", trace, "--height", "1.7", "--format", fmts[k], "-o", "-",
                       NULL);
        expect_status(&r, 2);
        ck_assert_msg(r.out_len == 0, "%s: %zu bytes on stdout", fmts[k], r.out_len);
        ck_assert_msg(strstr(r.err, "--height 1.7: too small for this trace figure") != NULL,
                      "%s: %s", fmts[k], r.err);
        result_free(&r);
    }
}
END_TEST

/* A PNG side above cairo's 32767 pixels is refused (exit 2, no file), as
 * one of more than 2^28 pixels is: 3 x 30 in at 1200 dpi is 3600 x 36000
 * (130 million pixels, under 2^28), and 27.4 in wide at 1200 dpi is 32880
 * (the trace's default height, 6 in, 7200). */
START_TEST(test_png_side_too_large)
{
    const char *in = SRC("data/examples/mother-a.csv");
    char png[192];
    in_work(png, sizeof png, "big.png");
    expect_refused((const char *[]){ "plot", "trace", in, "--width", "3", "--height", "30",
                                     "--dpi", "1200", "-o", png, NULL },
                   "attune plot: a PNG of 3600 x 36000 pixels is too large; lower --dpi", png);
    expect_refused((const char *[]){ "plot", "trace", in, "--width", "27.4", "--dpi", "1200",
                                     "-o", png, NULL },
                   "attune plot: a PNG of 32880 x 7200 pixels is too large; lower --dpi", png);
    unlink(png);
    result r = run_attune("plot", "trace", in, "--height", "30", "--width", "3", "--dpi", "1200",
                          "-o", png, NULL);
    expect_status(&r, 2);
    result_free(&r);
    struct stat st;
    ck_assert_msg(stat(png, &st) != 0 && errno == ENOENT, "%s left after a refusal", png);
}
END_TEST

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

START_TEST(test_format_against_extension)
{
    const char *in = SRC("data/examples/mother-a.csv");
    char png[192], msg[512];
    in_work(png, sizeof png, "r5.png");
    snprintf(msg, sizeof msg, "attune plot: --format svg: %s ends in .png, which says another "
             "format; leave out --format or change the name", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--format", "svg", NULL }, msg, png);
    in_work(png, sizeof png, "r5.PDF");
    snprintf(msg, sizeof msg, "attune plot: --format png: %s ends in .PDF, which says another "
             "format; leave out --format or change the name", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--format", "png", NULL }, msg, png);
    /* agreeing (any case) draws; the size is the trace's default, 10 x 6 in at 150 dpi */
    in_work(png, sizeof png, "r6.png");
    result r = run_attune("plot", in, "-o", png, "--format", "PNG", NULL);
    expect_status(&r, 0);
    result_free(&r);
    size_t len;
    unsigned char *b = (unsigned char *)slurp(png, &len);
    ck_assert(len > 24 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0);
    ck_assert_uint_eq(be32(b + 16), 1500);
    ck_assert_uint_eq(be32(b + 20), 900);
    free(b);
}
END_TEST

START_TEST(test_zero_refused)
{
    const char *in = SRC("data/examples/mother-a.csv");
    char png[192];
    in_work(png, sizeof png, "z.png");
    expect_refused((const char *[]){ "plot", in, "-o", png, "--width", "0", NULL },
                   "attune plot: --width 0: must be from 1 to 50 inches", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--height", "0", NULL },
                   "attune plot: --height 0: must be from 1 to 50 inches", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--width", "0.5", NULL },
                   "attune plot: --width 0.5: must be from 1 to 50 inches", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--session", "0", NULL },
                   "attune plot: --session 0: must be a whole number from 1 to 1000000", png);
}
END_TEST

/* A size too small for the figure's layout is refused, naming the least.
 * compare of 3 groups (compare_results) at 9 in: a one-line title puts
 * the panels' top at 8 + 1.6 * 13 + 6 = 34.8 points, under them 48
 * (ticks and one-line axis titles), and 3 rows need 1.2 * 11 * (3 + 0.2)
 * = 42.24: 125.04 points, 1.74 in, refused below 1.8 in.  trace: 104
 * points left of the panels, 18 right, and a panel as wide as its legend's
 * widest word beside its swatch, uncut: "withdrawn" (a code of the infant
 * strip) at the legend's least 8 points is 41.86 points, with the swatch
 * and its gap 57.86: 179.86 points, 2.498 in, refused at 2.4 in. */
START_TEST(test_too_small_refused)
{
    char res[192], png[192];
    in_work(res, sizeof res, "res.csv");
    in_work(png, sizeof png, "small.png");
    write_file(res, compare_results);
    expect_refused((const char *[]){ "plot", "compare", res, "-o", png, "--height", "1", NULL },
                   "attune plot: --height 1: too small for this compare figure; at least 1.8 "
                   "inches", png);
    expect_refused((const char *[]){ "plot", "compare", res, "-o", png, "--height", "1.7",
                                     NULL },
                   "attune plot: --height 1.7: too small for this compare figure; at least 1.8 "
                   "inches", png);
    result r = run_attune("plot", "compare", res, "-o", png, "--height", "1.8", NULL);
    expect_status(&r, 0);
    result_free(&r);
    const char *in = SRC("data/examples/mother-a.csv");
    expect_refused((const char *[]){ "plot", in, "-o", png, "--width", "2.4", "--height", "20",
                                     NULL },
                   "attune plot: --width 2.4: too small for this trace figure; at least 2.5 "
                   "inches", png);
    r = run_attune("plot", in, "-o", png, "--width", "2.5", "--height", "20", NULL);
    expect_status(&r, 0);
    result_free(&r);
}
END_TEST

START_TEST(test_to_before_start_refused)
{
    char rup[192], png[192];
    in_work(rup, sizeof rup, "r.csv");
    write_file(rup, ruptures);
    in_work(png, sizeof png, "t.png");
    expect_refused((const char *[]){ "plot", "km", rup, "-o", png, "--to", "-5", NULL },
                   "attune plot: --to -5 is not after the start of the time axis, 0 s", png);
    expect_refused((const char *[]){ "plot", "km", rup, "-o", png, "--to", "0", NULL },
                   "attune plot: --to 0 is not after the start of the time axis, 0 s", png);
    const char *in = SRC("data/examples/mother-a.csv");
    expect_refused((const char *[]){ "plot", in, "-o", png, "--to", "-5", NULL },
                   "attune plot: --to -5 is not after the start of the run, 0 s", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--from", "500", NULL },
                   "attune plot: --from 500 is not before the end of the run, 120 s", png);
    /* a range reaching outside the run (0 to 120 s) would draw an empty margin */
    expect_refused((const char *[]){ "plot", "trace", in, "-o", png, "--from", "-5", NULL },
                   "attune plot: --from -5 is before the start of the run, 0 s", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--from", "-5", "--to", "60", NULL },
                   "attune plot: --from -5 is before the start of the run, 0 s", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--to", "121", NULL },
                   "attune plot: --to 121 is after the end of the run, 120 s", png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--from", "60", "--to", "1e4", NULL },
                   "attune plot: --to 10000 is after the end of the run, 120 s", png);
    result rw = run_attune("plot", in, "-o", png, "--from", "0", "--to", "120", NULL);
    expect_status(&rw, 0);   /* the run's own ends draw */
    result_free(&rw);
    /* one row and no end: no length, and no option to blame */
    char one[192];
    in_work(one, sizeof one, "one.csv");
    write_file(one, "t,phase,infant_code,caregiver_code\n3,play,positive,positive\n");
    expect_refused((const char *[]){ "plot", one, "-o", png, NULL },
                   "attune plot: run 'one' has no length to draw: it starts and ends at 3 s", png);
    /* a batch cut short is refused as attune compare refuses it, drawn with
     * --allow-partial, which only compare and sweep read */
    char cut[192];
    in_work(cut, sizeof cut, "cut.csv");
    write_file(cut, "experiment,run,runs,condition,replicate,seed,all.matched_prop\n"
                    "e,1,4,A,1,11,0.5\ne,2,4,A,2,12,0.75\ne,3,4,B,1,13,0.25\n");
    char msg[512];
    snprintf(msg, sizeof msg, "attune plot: %s: runs 4 of 4 are missing (3 of 4 runs present): a "
             "file cut short, or an unfinished batch; --allow-partial compares the runs there "
             "are", cut);
    expect_refused((const char *[]){ "plot", "compare", cut, "-o", png, NULL }, msg, png);
    expect_refused((const char *[]){ "plot", in, "-o", png, "--allow-partial", NULL },
                   "attune plot: --allow-partial does not apply to plot trace; see 'attune plot "
                   "--help'", png);
    result rp = run_attune("plot", "compare", cut, "-o", png, "--allow-partial", NULL);
    expect_status(&rp, 0);
    result_free(&rp);
    /* a --to inside the data draws */
    result r = run_attune("plot", "km", rup, "-o", png, "--to", "1.5", NULL);
    expect_status(&r, 0);
    result_free(&r);
}
END_TEST

Suite *suite_cli_plot_input(void)
{
    Suite *s = suite_create("cli_plot_input");
    TCase *tc = fixture_tcase("input", input_setup_plot);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_file_name_and_title_not_utf8);
    tcase_add_test(tc, test_trace_and_timeline_names_not_utf8);
    tcase_add_test(tc, test_results_names_not_utf8);
    tcase_add_test(tc, test_fit_names_not_utf8);
    tcase_add_test(tc, test_format_against_extension);
    tcase_add_test(tc, test_zero_refused);
    tcase_add_test(tc, test_to_before_start_refused);
    tcase_add_test(tc, test_too_small_refused);
    tcase_add_test(tc, test_trace_strip_of_17_refused);
    tcase_add_test(tc, test_trace_strip_of_18_and_22_refused);
    tcase_add_test(tc, test_refused_to_stdout_writes_nothing);
    tcase_add_test(tc, test_png_side_too_large);
    suite_add_tcase(s, tc);
    return s;
}
