/* Scoring files: the coded-session reader, scoring a written trace against
 * the simulation's own online score, observed-style input, bad input, and
 * pooling across runs.  Then the files researchers actually have and the
 * odd ones fuzzing found: one coded session written as comma, semicolon
 * and tab separated CSV, with LF, CRLF and CR-only line ends and a UTF-8
 * byte order mark, scores to the same numbers as the plain file; UTF-16
 * and UTF-32 files, NUL bytes, rows over 1 MiB, times beyond +-4e9 s, steps
 * under a microsecond, numbers out of range and folders are refused with
 * "FILE:LINE: what" (ATT_EINPUT). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/coded.h"
#include "attune/pool.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "attune/trace.h"
#include "tests/fixture.h"
#include "base/csvread.h"


/* Writes `text` to a fresh temporary file; returns its path (static). */
static const char *temp_csv(const char *text)
{
    static char path[64];
    temp_file(path, sizeof path, text);
    return path;
}

/* Scores a file into a fresh scorer, keeping the windows of each run. */
typedef struct {
    att_scorer *sc;
    att_pool *pool;
    att_window_score w[3][8];   /* up to 3 runs x 8 windows */
    size_t nw[3];
    int runs;
    char names[3][32];
    char wname[3][8][32];   /* window names (the scorer's go with it) */
} scored;

static int s_begin(void *user, const char *run, att_error *err)
{
    scored *s = user;
    ck_assert_int_lt(s->runs, 3);
    snprintf(s->names[s->runs], sizeof s->names[0], "%s", run);
    return att_scorer_begin(s->sc, run, err);
}

static int s_row(void *user, const att_coded_row *row, att_error *err)
{
    scored *s = user;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    return att_scorer_push(s->sc, &st, NULL, err);
}

static int s_end(void *user, double t_end, att_error *err)
{
    scored *s = user;
    int rc = att_scorer_end(s->sc, t_end, NULL, err);
    s->nw[s->runs] = att_scorer_window_count(s->sc);
    ck_assert_uint_le(s->nw[s->runs], 8);
    for (size_t i = 0; rc == ATT_OK && i < s->nw[s->runs]; i++)
        rc = att_scorer_window(s->sc, i, 30, &s->w[s->runs][i], err);
    for (size_t i = 0; rc == ATT_OK && i < s->nw[s->runs]; i++) {
        snprintf(s->wname[s->runs][i], sizeof s->wname[0][0], "%s", s->w[s->runs][i].window);
        s->w[s->runs][i].window = s->wname[s->runs][i];
    }
    if (rc == ATT_OK && s->pool)
        rc = att_pool_add(s->pool, s->sc, err);
    s->runs++;
    return rc;
}

static const att_coded_hooks hooks = { s_begin, s_row, s_end };

static int score_file(const char *path, att_match_table *mt, int table_wins, scored *s,
                      att_error *err)
{
    memset(s->nw, 0, sizeof s->nw);
    s->runs = 0;
    s->sc = att_scorer_new(mt, NULL);
    ck_assert_ptr_nonnull(s->sc);
    int rc = att_coded_read(path, mt, table_wins, &hooks, s, err);
    att_scorer_free(s->sc);
    return rc;
}

/* Equal as numbers, or both undefined. */
static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* A trace written by the simulation and read back score_list exactly like the
 * simulation's online scorer, window by window, to the last bit. */
static void online_equals_trace(const char *scenario, const char *table_name, int table_wins)
{
    att_error err = { 0 };
    att_scenario *scn = att_scenario_load(scenario, NULL, 0, &err);
    ck_assert_msg(scn != NULL, "%s", err.msg);
    att_match_table *mt = load_match(table_name);
    att_sim *sim = att_sim_new(scn, mt, 4242, 1, &err);
    ck_assert_ptr_nonnull(sim);
    char path[] = "/tmp/attune-trace-XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fdopen(fd, "wb");
    att_trace *tr = att_trace_new(fp, att_scenario_dt(scn), &err);
    att_step st;
    int more;
    while ((more = att_sim_next(sim, &st, &err)) > 0)
        ck_assert_int_eq(att_trace_write(tr, &st, &err), ATT_OK);
    ck_assert_int_eq(more, 0);
    att_trace_free(tr);
    fclose(fp);

    scored s = { 0 };
    ck_assert_msg(score_file(path, mt, table_wins, &s, &err) == ATT_OK, "%s", err.msg);
    unlink(path);
    const att_scorer *online = att_sim_scorer(sim);
    ck_assert_int_eq(s.runs, 1);
    ck_assert_str_eq(s.names[0], "1");
    ck_assert_uint_eq(s.nw[0], att_scorer_window_count(online));
    ck_assert_uint_eq(s.nw[0], 1 + att_scenario_phase_count(scn));
    for (size_t i = 0; i < s.nw[0]; i++) {
        att_window_score w;
        ck_assert_int_eq(att_scorer_window(online, i, 30, &w, &err), ATT_OK);
        ck_assert_str_eq(w.window, s.w[0][i].window);
        for (int c = 0; c < ATT_SC_COUNT; c++)
            ck_assert_msg(same(w.v[c], s.w[0][i].v[c]), "%s window %s: online %.17g, trace %.17g",
                          att_score_col_name((att_score_col)c), w.window, w.v[c],
                          s.w[0][i].v[c]);
    }
    att_window_score all;
    ck_assert_int_eq(att_scorer_window(online, 0, 30, &all, &err), ATT_OK);
    ck_assert(all.v[ATT_SC_RUPTURES] > 10);   /* the comparison is not vacuous */
    att_sim_free(sim);
    att_match_table_free(mt);
    att_scenario_free(scn);
}

START_TEST(trace_scores_like_online_still_face)
{
    online_equals_trace(SRC("scenarios/still-face.ini"), "attuned", 0);
}
END_TEST

START_TEST(trace_scores_like_online_same_state)
{
    /* the trace's matched column is the same-state table's; naming the table
     * explicitly must give the same result */
    online_equals_trace(SRC("scenarios/peekaboo-intrusive.ini"), "same-state", 1);
}
END_TEST

START_TEST(observed_three_columns)
{
    /* An observer's coding at change points, no run, no phase, no matched:
     * t    infant    caregiver  matched (attuned)
     * 0    monitor   positive   1
     * 2    avert     intrusive  0   rupture at 2
     * 5    avert     monitor    1   repaired at 5 by the caregiver (latency 3)
     * 6    protest   monitor    0   rupture at 6
     * 7    protest   soothe     1   repaired at 7 (latency 1)
     * 8    (end: the last row lasts as long as the interval before it, 1 s) */
    const char *csv = "t,infant_code,caregiver_code\n"
                      "0,monitor,positive\n2,avert,intrusive\n5,avert,monitor\n"
                      "6,protest,monitor\n7,protest,soothe\n";
    const char *path = temp_csv(csv);
    att_match_table *mt = load_match("attuned");
    scored s = { 0 };
    att_error err = { 0 };
    ck_assert_msg(score_file(path, mt, 0, &s, &err) == ATT_OK, "%s", err.msg);
    char want_run[64];
    att_coded_default_run(path, want_run, sizeof want_run);
    ck_assert_str_eq(s.names[0], want_run);
    ck_assert_uint_eq(s.nw[0], 1);
    const double *v = s.w[0][0].v;
    ck_assert_double_eq_tol(v[ATT_SC_OBSERVED_S], 8, 1e-12);
    ck_assert_double_eq_tol(v[ATT_SC_MATCHED_PROP], (2 + 1 + 1) / 8.0, 1e-12);
    ck_assert_double_eq_tol(v[ATT_SC_TRANSITIONS_PER_MIN], 4 / (8 / 60.0), 1e-9);
    ck_assert_double_eq(v[ATT_SC_RUPTURES], 2);
    ck_assert_double_eq(v[ATT_SC_REPAIRS], 2);
    /* latencies 1 and 3, both repaired: S = 1/2 from 1 to 3, so the median
     * is the plateau's midpoint 2 (R's quantile.survfit gives 2) */
    ck_assert_double_eq_tol(v[ATT_SC_LATENCY_MEDIAN_S], 2, 1e-12);
    ck_assert_double_eq_tol(v[ATT_SC_REPAIRED_WITHIN_2S], 0.5, 1e-12);
    ck_assert_double_eq_tol(v[ATT_SC_RMST_S], 1 + 0.5 * 2, 1e-12);
    ck_assert_double_eq_tol(v[ATT_SC_LATENCY_MEAN_COMPLETED_S], 2, 1e-12);
    /* gaze: monitor 2 s + protest 2 s = 4 of 8; negative: protest 2 s */
    ck_assert_double_eq_tol(v[ATT_SC_INFANT_GAZE_PROP], 4 / 8.0, 1e-12);
    ck_assert_double_eq_tol(v[ATT_SC_INFANT_NEGATIVE_PROP], 2 / 8.0, 1e-12);
    ck_assert_double_eq_tol(v[ATT_SC_INFANT_POSITIVE_PROP], 0, 1e-12);
    unlink(path);
    att_match_table_free(mt);
}
END_TEST

START_TEST(matched_column_unless_table_named)
{
    /* The file says every row is matched: no rupture.  With the table named
     * explicitly, avert/intrusive is a mismatch: one rupture, censored. */
    const char *csv = "session,t,caregiver_code,infant_code,matched,notes\n"
                      "a,0,monitor,monitor,1,x\na,1,intrusive,avert,1,\"a, b\"\n";
    const char *path = temp_csv(csv);
    att_match_table *mt = load_match("attuned");
    scored s = { 0 };
    att_error err = { 0 };
    ck_assert_msg(score_file(path, mt, 0, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_str_eq(s.names[0], "a");
    ck_assert_double_eq(s.w[0][0].v[ATT_SC_RUPTURES], 0);
    ck_assert_msg(score_file(path, mt, 1, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_double_eq(s.w[0][0].v[ATT_SC_RUPTURES], 1);
    ck_assert_double_eq(s.w[0][0].v[ATT_SC_REPAIRS], 0);
    unlink(path);
    att_match_table_free(mt);
}
END_TEST

/* Each bad file gives exactly this message after "PATH:". */
static void expect_bad(const char *csv, const char *want)
{
    const char *path = temp_csv(csv);
    att_match_table *mt = load_match("attuned");
    scored s = { 0 };
    att_error err = { 0 };
    int rc = score_file(path, mt, 0, &s, &err);
    ck_assert_msg(rc == ATT_EINPUT, "rc %d for %s (%s)", rc, want, err.msg);
    char full[600];
    snprintf(full, sizeof full, "%s:%s", path, want);
    ck_assert_msg(strncmp(err.msg, full, strlen(full)) == 0, "got \"%s\", want \"%s...\"",
                  err.msg, full);
    unlink(path);
    att_match_table_free(mt);
}

START_TEST(bad_input_names_file_and_line)
{
    expect_bad("", "1: empty file");
    expect_bad("t,infant_code,caregiver_code\n", "2: no rows after the header");
    expect_bad("t,infant_code\n0,monitor\n", "1: missing column 'caregiver_code'");
    expect_bad("time,infant_code,caregiver_code\n0,monitor,monitor\n", "1: missing column 't'");
    expect_bad("t,infant_code,caregiver_code,t\n", "1: column 't' appears twice");
    expect_bad("t,infant_code,caregiver_code\n0,monitor,monitor\n1,smile,monitor\n",
               "3: unknown infant_code 'smile'");
    expect_bad("t,infant_code,caregiver_code\n0,monitor,monitr\n",
               "2: unknown caregiver_code 'monitr' (did you mean 'monitor'?)");
    expect_bad("t,infant_code,caregiver_code\n0,monitor,monitor\nabc,monitor,monitor\n",
               "3: t 'abc' is not a number");
    expect_bad("t,infant_code,caregiver_code\n0,monitor,monitor\n2,avert,monitor\n1,avert,monitor\n",
               "4: t 1 does not increase");
    expect_bad("t,infant_code,caregiver_code\n0,monitor,monitor\n0,avert,monitor\n",
               "3: t 0 does not increase");
    expect_bad("t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert\n",
               "3: 2 fields, but the header has 3");
    expect_bad("t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,\"monitor\n",
               "3: unterminated quoted field");
    expect_bad("t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,monitor",
               "3: the last row has no line end");
    expect_bad("t,infant_code,caregiver_code,matched\n0,monitor,monitor,yes\n",
               "2: matched must be 0 or 1");
    expect_bad("run,t,infant_code,caregiver_code\n1,0,monitor,monitor\n2,0,monitor,monitor\n"
               "1,1,monitor,monitor\n", "4: run '1' appears again");
    expect_bad("t,infant_code,caregiver_code,phase\n0,monitor,monitor,\n", "2: empty phase");
    expect_bad("t,infant_code,caregiver_code,phase\n0,monitor,monitor,play\n1,avert,monitor,all\n",
               "3: phase name 'all' is reserved: it names the whole run's window in scores and "
               "results (choose another)");
    expect_bad("t,infant_code,caregiver_code,infant_arousal\n0,monitor,monitor,high\n",
               "2: infant_arousal 'high' is not a number");
    expect_bad("t,infant_code,caregiver_code\n\"0\"x,monitor,monitor\n", "2: malformed quoting");
}
END_TEST

START_TEST(crlf_bom_and_blank_lines)
{
    const char *csv = "\xEF\xBB\xBFt,infant_code,caregiver_code\r\n\r\n0,monitor,monitor\r\n"
                      "1,avert,intrusive\r\n2,avert,monitor\r\n";
    const char *path = temp_csv(csv);
    att_match_table *mt = load_match("attuned");
    scored s = { 0 };
    att_error err = { 0 };
    ck_assert_msg(score_file(path, mt, 0, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_double_eq(s.w[0][0].v[ATT_SC_RUPTURES], 1);
    ck_assert_double_eq_tol(s.w[0][0].v[ATT_SC_LATENCY_MEAN_COMPLETED_S], 1, 1e-12);
    unlink(path);
    /* and an error after the CRLF lines still names the right line */
    expect_bad("t,infant_code,caregiver_code\r\n\r\n0,monitor,monitor\r\n0,avert,monitor\r\n",
               "4: t 0 does not increase");
    att_match_table_free(mt);
}
END_TEST

START_TEST(pooling_runs)
{
    /* Run a: latencies 1 and 3 (repaired); run b: latency 2 repaired and one
     * censored at 1.  Per-run repaired_prop: 1 and 1/2, mean 3/4.  Pooled
     * Kaplan-Meier over {1, 2, 3 repaired; 1 censored}: at 1, 4 at risk,
     * 1 repaired: S = 3/4; at 2, 2 at risk: S = 3/8; median 2. */
    const char *csv = "run,t,infant_code,caregiver_code\n"
                      "a,0,monitor,monitor\na,1,avert,intrusive\na,2,avert,monitor\n"
                      "a,3,avert,intrusive\na,6,monitor,monitor\na,7,monitor,monitor\n"
                      "b,0,monitor,monitor\nb,1,avert,intrusive\nb,3,avert,monitor\n"
                      "b,4,protest,monitor\n";
    const char *path = temp_csv(csv);
    att_match_table *mt = load_match("attuned");
    scored s = { .pool = att_pool_new(30, NULL) };
    att_error err = { 0 };
    ck_assert_msg(score_file(path, mt, 0, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_int_eq(s.runs, 2);
    ck_assert_double_eq_tol(s.w[0][0].v[ATT_SC_REPAIRED_PROP], 1, 1e-12);
    ck_assert_double_eq_tol(s.w[1][0].v[ATT_SC_REPAIRED_PROP], 0.5, 1e-12);
    ck_assert_uint_eq(att_pool_window_count(s.pool), 1);
    att_pooled_score p, q;
    ck_assert_int_eq(att_pool_result(s.pool, 0, 500, 7, &p, &err), ATT_OK);
    ck_assert_int_eq(p.runs, 2);
    ck_assert_int_eq(p.ruptures, 4);
    ck_assert_int_eq(p.repairs, 3);
    ck_assert_double_eq_tol(p.est.v[ATT_SC_REPAIRED_PROP], 0.75, 1e-12);
    ck_assert_double_eq_tol(p.est.v[ATT_SC_RUPTURES], 2, 1e-12);
    ck_assert_double_eq_tol(p.est.v[ATT_SC_LATENCY_MEDIAN_S], 2, 1e-12);
    ck_assert_double_eq_tol(p.est.v[ATT_SC_REPAIRED_WITHIN_2S], 1 - 3.0 / 8, 1e-12);
    /* resampling two runs: each resample's mean is 1, 3/4 or 1/2, and with
     * 500 draws all three occur, so the interval is [1/2, 1] */
    ck_assert_double_eq_tol(p.lo[ATT_SC_REPAIRED_PROP], 0.5, 1e-12);
    ck_assert_double_eq_tol(p.hi[ATT_SC_REPAIRED_PROP], 1, 1e-12);
    ck_assert(isnan(p.lo[ATT_SC_LATENCY_MEDIAN_LO]));
    /* the same seed gives the same intervals */
    ck_assert_int_eq(att_pool_result(s.pool, 0, 500, 7, &q, &err), ATT_OK);
    for (int c = 0; c < ATT_SC_COUNT; c++) {
        ck_assert(same(p.lo[c], q.lo[c]));
        ck_assert(same(p.hi[c], q.hi[c]));
    }
    unlink(path);
    att_pool_free(s.pool);
    att_match_table_free(mt);
}
END_TEST

/* ---- helpers ------------------------------------------------------------ */

static void expect_same_scores(const score_list *a, const score_list *b, const char *what)
{
    ck_assert_msg(a->n == b->n && a->runs == b->runs, "%s: %zu values in %d runs, plain %zu "
                  "in %d", what, b->n, b->runs, a->n, a->runs);
    for (size_t i = 0; i < a->n; i++)
        ck_assert_msg((isnan(a->v[i]) && isnan(b->v[i])) || a->v[i] == b->v[i],
                      "%s: value %zu is %.17g, plain %.17g", what, i, b->v[i], a->v[i]);
}

/* Fails unless reading `bytes` is ATT_EINPUT with "FILE:" + `want` first. */
static void expect_refused_bytes(const char *bytes, size_t n, int flags, const char *want)
{
    char path[64], full[600];
    temp_bytes(path, sizeof path, bytes, n);
    score_list s;
    att_error err = { 0 };
    int rc = score_path(path, flags, &s, &err);
    unlink(path);
    snprintf(full, sizeof full, "%s:%s", path, want);
    ck_assert_msg(rc == ATT_EINPUT, "code %d (%s), expected ATT_EINPUT for '%s'", rc, err.msg,
                  want);
    ck_assert_msg(strncmp(err.msg, full, strlen(full)) == 0, "got \"%s\", want \"%s...\"",
                  err.msg, full);
}

static void expect_refused(const char *text, const char *want)
{
    expect_refused_bytes(text, strlen(text), 0, want);
}

/* ---- library: dialects -------------------------------------------------- */

START_TEST(separators_line_ends_and_bom_score_alike)
{
    score_list plain, other;
    att_error err = { 0 };
    ck_assert_msg(score_bytes(coded_session, strlen(coded_session), 0, &plain, &err) == ATT_OK, "%s",
                  err.msg);
    ck_assert_int_eq(plain.runs, 2);
    ck_assert_uint_eq(plain.windows, 3 + 2);
    ck_assert_double_eq(plain.v[ATT_SC_RUPTURES], 2);        /* run a, window all */
    ck_assert_double_eq(plain.v[ATT_SC_OBSERVED_S], 5);      /* 4.5 + 0.5 */
    static const struct { char sep; const char *eol, *bom; int flags; } forms[] = {
        { ';', "\n", "", 0 },
        { '\t', "\n", "", 0 },
        { ',', "\r\n", "", 0 },
        { ',', "\r", "", 0 },
        { ',', "\r\n", "\xEF\xBB\xBF", 0 },
        { ';', "\r\n", "\xEF\xBB\xBF", 0 },
        { '\t', "\r", "\xEF\xBB\xBF", 0 },
        { ';', "\n", "", ATT_CODED_DELIMITER(';') },
        { '\t', "\r\n", "", ATT_CODED_DELIMITER('\t') },
    };
    char buf[2048], what[64];
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t n = dialect(buf, sizeof buf, coded_session, forms[i].sep, forms[i].eol, forms[i].bom);
        snprintf(what, sizeof what, "form %zu", i);
        ck_assert_msg(score_bytes(buf, n, forms[i].flags, &other, &err) == ATT_OK, "%s: %s",
                      what, err.msg);
        expect_same_scores(&plain, &other, what);
    }
    /* A named separator that is not the file's: the header is one field. */
    size_t n = dialect(buf, sizeof buf, coded_session, ';', "\n", "");
    expect_refused_bytes(buf, n, ATT_CODED_DELIMITER(','),
                         "1: missing column 't': the header is one field");
    /* The header decides: commas inside a quoted header field do not count. */
    const char *q = "\"x,y,z\";t;infant_code;caregiver_code\n1;0;monitor;monitor\n"
                    "1;1;avert;monitor\n";
    ck_assert_msg(score_bytes(q, strlen(q), 0, &other, &err) == ATT_OK, "%s", err.msg);
    ck_assert_double_eq(other.v[ATT_SC_OBSERVED_S], 2);
    /* An error after CR-only line ends names its line. */
    expect_refused("t,infant_code,caregiver_code\r0,monitor,monitor\r0,avert,monitor\r",
                   "3: t 0 does not increase");
}
END_TEST

START_TEST(foreign_text_refused)
{
    char buf[512];
    const char *text = "t,infant_code,caregiver_code\n0,monitor,monitor\n";
    size_t n = strlen(text), k = 0;
    /* UTF-16LE with a byte order mark, as spreadsheets save "Unicode text" */
    buf[k++] = '\xFF', buf[k++] = '\xFE';
    for (size_t i = 0; i < n; i++)
        buf[k++] = text[i], buf[k++] = '\0';
    expect_refused_bytes(buf, k, 0, "1: the file is UTF-16 text (byte order mark FF FE");
    /* UTF-16BE */
    k = 0;
    buf[k++] = '\xFE', buf[k++] = '\xFF';
    for (size_t i = 0; i < n; i++)
        buf[k++] = '\0', buf[k++] = text[i];
    expect_refused_bytes(buf, k, 0, "1: the file is UTF-16 text (byte order mark FE FF");
    /* UTF-16LE without a mark: NUL bytes */
    expect_refused_bytes(buf + 3, k - 3, 0, "1: a NUL byte: the file is not UTF-8 text "
                         "(UTF-16");
    /* UTF-32LE */
    expect_refused_bytes("\xFF\xFE\0\0t\0\0\0", 8, 0, "1: the file is UTF-32 text");
    /* a NUL further down names its line */
    const char nul[] = "t,infant_code,caregiver_code\n0,monitor,monitor\n1,av\0ert,monitor\n";
    expect_refused_bytes(nul, sizeof nul - 1, 0, "3: a NUL byte");
    /* the encoding check is the scenario loader's too */
    ck_assert_ptr_nonnull(att_text_encoding_problem("\xFF\xFE[\0", 4));
    ck_assert_ptr_null(att_text_encoding_problem("\xEF\xBB\xBF[", 4));
}
END_TEST

START_TEST(rows_over_a_mebibyte_refused)
{
    size_t big = 2u << 20;   /* 2 MiB */
    char *buf = malloc(big + 256);
    ck_assert_ptr_nonnull(buf);
    /* a file of 2 MiB without a line end */
    memset(buf, 'a', big);
    expect_refused_bytes(buf, big, 0, "1: a row longer than 1048576 bytes (1 MiB) starts here");
    /* a header, a good row, then a 2 MiB field */
    const char *head = "t,infant_code,caregiver_code\n0,monitor,monitor\n1,avert,";
    size_t h = strlen(head);
    memcpy(buf, head, h);
    memset(buf + h, 'x', big);
    buf[h + big] = '\n';
    expect_refused_bytes(buf, h + big + 1, 0, "3: a row longer than 1048576 bytes");
    /* a quote never closed, over many lines */
    h = strlen("t,infant_code,caregiver_code\n0,monitor,\"");
    memcpy(buf, "t,infant_code,caregiver_code\n0,monitor,\"", h);
    for (size_t i = h; i < h + big; i++)
        buf[i] = i % 50 ? 'q' : '\n';
    expect_refused_bytes(buf, h + big, 0, "2: a row longer than 1048576 bytes");
    /* just under the limit is a row like any other (a long ignored column) */
    const char *h2 = "t,infant_code,caregiver_code,note\n0,monitor,monitor,";
    h = strlen(h2);
    memcpy(buf, h2, h);
    size_t fill = ATT_CSV_MAX_ROW - (h - strlen("t,infant_code,caregiver_code,note\n")) - 1;
    memset(buf + h, 'n', fill);
    memcpy(buf + h + fill, "\n1,avert,monitor,x\n", 19);
    score_list s;
    att_error err = { 0 };
    ck_assert_msg(score_bytes(buf, h + fill + 19, 0, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_double_eq(s.v[ATT_SC_OBSERVED_S], 2);
    free(buf);
}
END_TEST

START_TEST(times_out_of_range_refused)
{
    /* gaps beyond 9.2e12 s overflowed the microsecond clock (observed_s
     * came out negative); now t must lie within +-4e9 s */
    expect_refused("t,infant_code,caregiver_code\n0,monitor,monitor\n1e13,avert,monitor\n"
                   "2e13,monitor,monitor\n", "3: t 1e13 is out of range (times must lie "
                   "within -4e9 to 4e9 s");
    expect_refused("t,infant_code,caregiver_code\n-4000000001,monitor,monitor\n",
                   "2: t -4000000001 is out of range");
    /* the ends of the range score like the same steps near 0 */
    score_list edge, near0;
    att_error err = { 0 };
    const char *e = "t,infant_code,caregiver_code\n-4000000000,monitor,monitor\n"
                    "-3999999999.5,avert,intrusive\n3999999998,avert,monitor\n"
                    "4000000000,monitor,monitor\n";
    ck_assert_msg(score_bytes(e, strlen(e), 0, &edge, &err) == ATT_OK, "%s", err.msg);
    ck_assert_double_eq(edge.v[ATT_SC_OBSERVED_S], 8000000002.0);   /* last step lasts 2 s */
    ck_assert_double_eq(edge.v[ATT_SC_RUPTURES], 1);
    ck_assert_double_eq(edge.v[ATT_SC_MATCHED_PROP], (0.5 + 2 + 2) / 8000000002.0);
    const char *z = "t,infant_code,caregiver_code\n0,monitor,monitor\n0.5,avert,intrusive\n"
                    "1,avert,monitor\n2,monitor,monitor\n";
    ck_assert_msg(score_bytes(z, strlen(z), 0, &near0, &err) == ATT_OK, "%s", err.msg);
    ck_assert_double_eq(near0.v[ATT_SC_OBSERVED_S], 3);
    /* the scorer refuses them too, whoever feeds it */
    att_match_table *mt = load_match("attuned");
    att_scorer *sc = att_scorer_new(mt, NULL);
    ck_assert_int_eq(att_scorer_begin(sc, "x", &err), ATT_OK);
    att_score_step st = { 1e13, NULL, 0, 0, 1, NAN };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_EINPUT);
    st.t = 0;
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_scorer_end(sc, 1e13, NULL, &err), ATT_EINPUT);
    att_scorer_free(sc);
    att_match_table_free(mt);
}
END_TEST

/* Times are resolved to 1 us: a step shorter than that (t 1e-7 after 0)
 * gave 0-second durations and latencies; it is refused with its line. */
START_TEST(sub_microsecond_steps_refused)
{
    expect_refused("t,infant_code,caregiver_code\n0,positive,positive\n1e-7,avert,intrusive\n"
                   "2e-7,positive,positive\n", "3: t 1e-7 is within 1 us of the previous t "
                   "(0, run");
    /* 0.4 us after 1000 s: increasing, but the same microsecond */
    expect_refused("t,infant_code,caregiver_code\n0,positive,positive\n1000,avert,intrusive\n"
                   "1000.0000004,positive,positive\n", "4: t 1000.0000004 is within 1 us of the "
                   "previous t (1000, run");
    /* 1 us steps are resolved: 3 us observed, one rupture repaired after 1 us */
    score_list s;
    att_error err = { 0 };
    const char *ok = "t,infant_code,caregiver_code\n0,positive,positive\n1e-6,avert,intrusive\n"
                     "2e-6,positive,positive\n";
    ck_assert_msg(score_bytes(ok, strlen(ok), 0, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_double_eq_tol(s.v[ATT_SC_OBSERVED_S], 3e-6, 1e-18);
    ck_assert_double_eq(s.v[ATT_SC_RUPTURES], 1);
    ck_assert_double_eq_tol(s.v[ATT_SC_LATENCY_MEAN_COMPLETED_S], 1e-6, 1e-18);
    /* the scorer refuses them too, whoever feeds it */
    att_match_table *mt = load_match("attuned");
    att_scorer *sc = att_scorer_new(mt, NULL);
    ck_assert_int_eq(att_scorer_begin(sc, "x", &err), ATT_OK);
    att_score_step st = { 5, NULL, 0, 0, 1, NAN };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    st.t = 5 + 3e-7;
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "within 1 us of the previous t"));
    att_scorer_free(sc);
    att_match_table_free(mt);
}
END_TEST

START_TEST(number_messages_say_why)
{
    static const struct { const char *t, *want; } cases[] = {
        { "1e309", "2: t '1e309' is out of range" },
        { "-1e309", "2: t '-1e309' is out of range" },
        { "inf", "2: t 'inf' is infinite" },
        { "nan", "2: t 'nan' is not a number (NaN" },
        { "12abc", "2: t '12abc' is not a number (text after the number)" },
        { "\"\"", "2: t '' is empty" },
        { "1e-400", "2: t '1e-400' is out of range (too close to 0" },
        { "0x10", "2: t '0x10' is not a number (hexadecimal" },
        { "-0X1p3", "2: t '-0X1p3' is not a number (hexadecimal" },
    };
    char text[256];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text, "t,infant_code,caregiver_code\n%s,monitor,monitor\n",
                 cases[i].t);
        expect_refused(text, cases[i].want);
    }
    expect_refused("t;infant_code;caregiver_code\n0,5;monitor;monitor\n",
                   "2: t '0,5' is not a number: write a decimal point, not a comma");
    expect_refused("t,infant_code,caregiver_code,infant_arousal\n0,monitor,monitor,1e400\n",
                   "2: infant_arousal '1e400' is out of range");
}
END_TEST

START_TEST(folders_are_bad_input)
{
    char dir[64] = "/tmp/attune-input-dir-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    score_list s;
    att_error err = { 0 };
    ck_assert_int_eq(score_path(dir, 0, &s, &err), ATT_EINPUT);
    char want[128];
    snprintf(want, sizeof want, "%s: is a folder, not a file", dir);
    ck_assert_str_eq(err.msg, want);
    rmdir(dir);
}
END_TEST

Suite *suite_coded(void)
{
    Suite *s = suite_create("coded");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, trace_scores_like_online_still_face);
    tcase_add_test(tc, trace_scores_like_online_same_state);
    tcase_add_test(tc, observed_three_columns);
    tcase_add_test(tc, matched_column_unless_table_named);
    tcase_add_test(tc, bad_input_names_file_and_line);
    tcase_add_test(tc, crlf_bom_and_blank_lines);
    tcase_add_test(tc, pooling_runs);
    suite_add_tcase(s, tc);
    tc = tcase_create("reader");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, separators_line_ends_and_bom_score_alike);
    tcase_add_test(tc, foreign_text_refused);
    tcase_add_test(tc, rows_over_a_mebibyte_refused);
    tcase_add_test(tc, times_out_of_range_refused);
    tcase_add_test(tc, sub_microsecond_steps_refused);
    tcase_add_test(tc, number_messages_say_why);
    tcase_add_test(tc, folders_are_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
