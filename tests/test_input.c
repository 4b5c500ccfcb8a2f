/* The files researchers actually have, and the odd ones fuzzing found.
 *
 * Library: one coded session written as comma, semicolon and tab separated
 * CSV, with LF, CRLF and CR-only line ends and a UTF-8 byte order mark, all
 * score to the same numbers as the plain file; UTF-16 and UTF-32 files, NUL
 * bytes, rows over 1 MiB, times beyond +-4e9 s and numbers that are out of
 * range are refused with "FILE:LINE: what" (ATT_EINPUT); match tables with a
 * BOM, CRLF or semicolons load the same pairs; the JSON escaper gives the
 * exact bytes RFC 8259 asks for, whatever the input; a run with a thousand
 * phase names has a thousand windows, each its own.
 *
 * Command (the real program, tests/fixture.h): folders are bad input
 * (exit 2) for score, compare, export and contingency; --delimiter; times
 * out of range; score --format json with a name that is not UTF-8; compare
 * of a results file missing runs (refused unless --allow-partial), of a
 * repeated run, and of CRLF/BOM/semicolon results; merge of CRLF, CR-only
 * and BOM shards giving the bytes of the plain ones; UTF-16 shards. */
#include "fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attune/coded.h"
#include "base/csvread.h"
#include "attune/match.h"
#include "attune/meta.h"
#include "attune/report.h"
#include "base/json.h"
#include "attune/scorer.h"

#define SRC(path) ATT_SRCDIR "/" path
#define MAX_VALUES 4096

/* ---- helpers ------------------------------------------------------------ */

/* `text` with every ',' replaced by `sep` and every "\n" by `eol`, after an
 * optional prefix (a byte order mark); into buf. */
static size_t dialect(char *buf, size_t cap, const char *text, char sep, const char *eol,
                      const char *prefix)
{
    size_t n = 0;
    for (const char *p = prefix; *p; p++)
        buf[n++] = *p;
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            for (const char *e = eol; *e; e++)
                buf[n++] = *e;
        else
            buf[n++] = *p == ',' ? sep : *p;
        ck_assert_uint_lt(n, cap - 4);
    }
    buf[n] = '\0';
    return n;
}

/* Every score of every run and window of a file, in order. */
typedef struct {
    att_scorer *sc;
    double v[MAX_VALUES];
    size_t n;
    int runs;
    size_t windows;
} scores;

static int sc_begin(void *user, const char *run, att_error *err)
{
    scores *s = user;
    s->runs++;
    return att_scorer_begin(s->sc, run, err);
}

static int sc_row(void *user, const att_coded_row *row, att_error *err)
{
    scores *s = user;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    return att_scorer_push(s->sc, &st, NULL, err);
}

static int sc_end(void *user, double t_end, att_error *err)
{
    scores *s = user;
    int rc = att_scorer_end(s->sc, t_end, NULL, err);
    size_t nw = att_scorer_window_count(s->sc);
    s->windows += nw;
    for (size_t i = 0; rc == ATT_OK && i < nw; i++) {
        att_window_score w;
        rc = att_scorer_window(s->sc, i, 30, &w, err);
        for (int c = 0; rc == ATT_OK && c < ATT_SC_COUNT && s->n < MAX_VALUES; c++)
            s->v[s->n++] = w.v[c];
    }
    return rc;
}

static const att_coded_hooks hooks = { sc_begin, sc_row, sc_end };

/* Scores `path`; returns the reader's code, with the message in err. */
static int score_path(const char *path, int flags, scores *s, att_error *err)
{
    att_match_table *mt = load_match("attuned");
    memset(s, 0, sizeof *s);
    s->sc = att_scorer_new(mt);
    ck_assert_ptr_nonnull(s->sc);
    int rc = att_coded_read(path, mt, flags, &hooks, s, err);
    att_scorer_free(s->sc);
    att_match_table_free(mt);
    return rc;
}

static int score_bytes(const char *bytes, size_t n, int flags, scores *s, att_error *err)
{
    char path[64];
    temp_bytes(path, sizeof path, bytes, n);
    int rc = score_path(path, flags, s, err);
    unlink(path);
    return rc;
}

static void expect_same_scores(const scores *a, const scores *b, const char *what)
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
    scores s;
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

/* Two runs, phases, a quoted field, an arousal
 * column: worked by hand, run a has ruptures at 1 (repaired at 3) and 4
 * (repaired at 4.5); run b one at 1, censored. */
static const char session[] =
    "run,t,infant_code,caregiver_code,phase,infant_arousal\n"
    "a,0,monitor,monitor,\"play first\",0.1\n"
    "a,1,avert,intrusive,\"play first\",0.5\n"
    "a,3,monitor,monitor,still,0.2\n"
    "a,4,protest,still,still,0.9\n"
    "a,4.5,monitor,monitor,still,0.3\n"
    "b,0,positive,positive,still,0\n"
    "b,1,avert,still,still,0.25\n"
    "b,2.5,avert,still,still,0.125\n";

/* ---- library: dialects -------------------------------------------------- */

START_TEST(separators_line_ends_and_bom_score_alike)
{
    scores plain, other;
    att_error err = { 0 };
    ck_assert_msg(score_bytes(session, strlen(session), 0, &plain, &err) == ATT_OK, "%s",
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
        size_t n = dialect(buf, sizeof buf, session, forms[i].sep, forms[i].eol, forms[i].bom);
        snprintf(what, sizeof what, "form %zu", i);
        ck_assert_msg(score_bytes(buf, n, forms[i].flags, &other, &err) == ATT_OK, "%s: %s",
                      what, err.msg);
        expect_same_scores(&plain, &other, what);
    }
    /* A named separator that is not the file's: the header is one field. */
    size_t n = dialect(buf, sizeof buf, session, ';', "\n", "");
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
    scores s;
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
    scores edge, near0;
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
    att_scorer *sc = att_scorer_new(mt);
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
    scores s;
    att_error err = { 0 };
    const char *ok = "t,infant_code,caregiver_code\n0,positive,positive\n1e-6,avert,intrusive\n"
                     "2e-6,positive,positive\n";
    ck_assert_msg(score_bytes(ok, strlen(ok), 0, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_double_eq_tol(s.v[ATT_SC_OBSERVED_S], 3e-6, 1e-18);
    ck_assert_double_eq(s.v[ATT_SC_RUPTURES], 1);
    ck_assert_double_eq_tol(s.v[ATT_SC_LATENCY_MEAN_COMPLETED_S], 1e-6, 1e-18);
    /* the scorer refuses them too, whoever feeds it */
    att_match_table *mt = load_match("attuned");
    att_scorer *sc = att_scorer_new(mt);
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

START_TEST(folders_are_bad_input)
{
    char dir[64] = "/tmp/attune-input-dir-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    scores s;
    att_error err = { 0 };
    ck_assert_int_eq(score_path(dir, 0, &s, &err), ATT_EINPUT);
    char want[128];
    snprintf(want, sizeof want, "%s: is a folder, not a file", dir);
    ck_assert_str_eq(err.msg, want);
    rmdir(dir);
}
END_TEST

/* ---- library: JSON ------------------------------------------------------ */

static char *json_of(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_json_string(fp, s);
    fclose(fp);
    return buf;
}

START_TEST(json_escaper_exact_bytes)
{
    static const struct { const char *in, *out; } cases[] = {
        { "r\377", "\"r\xEF\xBF\xBD\"" },                    /* Latin-1 byte */
        { "caf\xC3\xA9", "\"caf\xC3\xA9\"" },                 /* valid UTF-8 kept */
        { "\xF0\x9F\x98\x80!", "\"\xF0\x9F\x98\x80!\"" },    /* 4 bytes, U+1F600 */
        { "x\xE2\x82", "\"x\xEF\xBF\xBD\xEF\xBF\xBD\"" },     /* cut sequence: 2 bytes */
        { "\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },       /* overlong '/' */
        { "\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },  /* surrogate */
        { "\xF4\x90\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "a\"b\\c", "\"a\\\"b\\\\c\"" },
        { "\n\r\t\b\f\x01\x1f", "\"\\n\\r\\t\\b\\f\\u0001\\u001f\"" },
        { "", "\"\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = json_of(cases[i].in);
        ck_assert_msg(strcmp(got, cases[i].out) == 0, "case %zu: got %s", i, got);
        free(got);
    }
    char *null = json_of(NULL);
    ck_assert_str_eq(null, "null");
    free(null);
    /* run metadata goes through the same escaper, in argv and command */
    char *argv[] = { "attune", "run", "r\377's" };
    att_meta m = { .version = "0", .argc = 3, .argv = argv };
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    att_error err = { 0 };
    ck_assert_int_eq(att_meta_write(fp, &m, &err), ATT_OK);
    fclose(fp);
    ck_assert_ptr_nonnull(strstr(buf, "\"argv\": [\"attune\", \"run\", \"r\xEF\xBF\xBD's\"]"));
    ck_assert_ptr_nonnull(strstr(buf, "\"command\": \"attune run 'r\xEF\xBF\xBD'\\\"'\\\"'s'\""));
    ck_assert_ptr_null(memchr(buf, '\377', len));
    free(buf);
}
END_TEST

/* ---- library: many phase names ------------------------------------------ */

START_TEST(thousand_phases_each_its_own_window)
{
    /* run a: phases p0..p999 one step each, then p0 again; run b: p0 only.
     * The name map must find p0 again, and forget run a's names. */
    size_t cap = 64 * 1024;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t n = (size_t)snprintf(buf, cap, "run,t,infant_code,caregiver_code,phase\n");
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(buf + n, cap - n, "a,%d,monitor,monitor,p%d\n", i, i);
    n += (size_t)snprintf(buf + n, cap - n, "a,1000,monitor,monitor,p0\n"
                          "b,0,monitor,monitor,p0\nb,1,monitor,monitor,p0\n");
    att_match_table *mt = load_match("attuned");
    att_scorer *sc = att_scorer_new(mt);
    att_error err = { 0 };
    ck_assert_int_eq(att_scorer_begin(sc, "a", &err), ATT_OK);
    char phase[16];
    for (int i = 0; i <= 1000; i++) {
        snprintf(phase, sizeof phase, "p%d", i % 1000);
        att_score_step st = { i, phase, att_match_table_infant_index(mt, "monitor"),
                              att_match_table_caregiver_index(mt, "monitor"), 1, NAN };
        ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    }
    ck_assert_int_eq(att_scorer_end(sc, 1001, NULL, &err), ATT_OK);
    ck_assert_uint_eq(att_scorer_window_count(sc), 1001);
    att_window_score w;
    ck_assert_int_eq(att_scorer_window(sc, 1, 30, &w, &err), ATT_OK);
    ck_assert_str_eq(w.window, "p0");
    ck_assert_double_eq(w.v[ATT_SC_OBSERVED_S], 2);   /* t 0-1 and 1000-1001 */
    ck_assert_int_eq(att_scorer_window(sc, 1000, 30, &w, &err), ATT_OK);
    ck_assert_str_eq(w.window, "p999");
    ck_assert_double_eq(w.v[ATT_SC_OBSERVED_S], 1);
    ck_assert_int_eq(att_scorer_begin(sc, "b", &err), ATT_OK);
    att_score_step st = { 0, "p5", 0, 0, 1, NAN };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_scorer_end(sc, 1, NULL, &err), ATT_OK);
    ck_assert_uint_eq(att_scorer_window_count(sc), 2);
    ck_assert_int_eq(att_scorer_window(sc, 1, 30, &w, &err), ATT_OK);
    ck_assert_str_eq(w.window, "p5");
    att_scorer_free(sc);
    att_match_table_free(mt);
    /* and through the file reader */
    scores s;
    ck_assert_msg(score_bytes(buf, n, 0, &s, &err) == ATT_OK, "%s", err.msg);
    ck_assert_uint_eq(s.windows, 1001 + 2);
    free(buf);
}
END_TEST

/* ---- the command -------------------------------------------------------- */

static char f_in[192], f_out[192];

static void input_setup(void)
{
    setup();
    snprintf(f_in, sizeof f_in, "%s/in.csv", work);
    snprintf(f_out, sizeof f_out, "%s/out.csv", work);
}

START_TEST(cli_folders_exit_2)
{
    char dir[192], want[256];
    snprintf(dir, sizeof dir, "%s/folder", work);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    const char *const cmds[][12] = {
        { "score", dir, "-o", f_out, NULL },
        { "compare", dir, "-o", f_out, NULL },
        { "export", "--sdis", dir, "-o", f_out, NULL },
        { "contingency", dir, "--given", "infant:avert", "--target", "caregiver:still",
          "--window", "1", "-o", f_out, NULL },
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        result r = run_argv(cmds[i]);
        expect_status(&r, 2);
        /* not FILE:LINE, so it names the command, as other messages do */
        snprintf(want, sizeof want, "attune %s: %s: is a folder, not a file\n", cmds[i][0], dir);
        ck_assert_msg(strcmp(r.err, want) == 0, "%s: stderr '%s'", cmds[i][0], r.err);
        ck_assert_uint_eq(r.out_len, 0);
        ck_assert_int_eq(access(f_out, F_OK), -1);
        result_free(&r);
    }
}
END_TEST

/* Runs attune with args and returns its standard output (exit 0 expected). */
static char *output_of(const char *const *args)
{
    result r = run_argv(args);
    expect_status(&r, 0);
    char *out = r.out;
    r.out = NULL;
    result_free(&r);
    return out;
}

/* Fails unless the CSV texts a and b have the same lines up to their last
 * field (the file column, which names different files). */
static void expect_same_but_file(const char *a, const char *b, size_t form)
{
    ck_assert_int_eq(count_lines(a), count_lines(b));
    for (int k = 0; line_at(a, k); k++) {
        const char *la = line_at(a, k), *lb = line_at(b, k);
        size_t na = strcspn(la, "\n"), nb = strcspn(lb, "\n");
        while (na > 0 && la[na - 1] != ',')
            na--;
        while (nb > 0 && lb[nb - 1] != ',')
            nb--;
        ck_assert_msg(na == nb && memcmp(la, lb, na) == 0, "form %zu line %d: '%.*s' vs '%.*s'",
                      form, k, (int)strcspn(lb, "\n"), lb, (int)strcspn(la, "\n"), la);
    }
}

START_TEST(cli_delimiter_and_dialects)
{
    char buf[2048], other[192];
    snprintf(other, sizeof other, "%s/other.csv", work);
    write_file(f_in, session);
    const char *const score[] = { "score", f_in, "--format", "csv", NULL };
    char *plain = output_of(score);
    /* the file column names the file: compare the rest */
    static const struct { char sep; const char *eol, *bom, *flag; } forms[] = {
        { ';', "\n", "", NULL }, { ';', "\r\n", "\xEF\xBB\xBF", ";" }, { '\t', "\r", "", "tab" },
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        size_t n = dialect(buf, sizeof buf, session, forms[i].sep, forms[i].eol, forms[i].bom);
        write_bytes(other, buf, n);
        const char *args[] = { "score", other, "--format", "csv", "--delimiter", forms[i].flag,
                               NULL };
        if (!forms[i].flag)
            args[4] = NULL;
        char *got = output_of(args);
        expect_same_but_file(plain, got, i);
        free(got);
    }
    free(plain);
    const char *const bad[] = { "score", f_in, "--delimiter", "|", NULL };
    result r = run_argv(bad);
    expect_status(&r, 2);
    ck_assert_str_eq(r.err, "attune score: --delimiter |: must be ',', ';' or tab\n");
    result_free(&r);
    /* contingency and export read a semicolon file as its comma twin */
    size_t n = dialect(buf, sizeof buf, session, ';', "\n", "");
    write_bytes(other, buf, n);
    const char *const c1[] = { "contingency", f_in, "--given", "caregiver:still", "--target",
                               "infant:protest", "--window", "1", "--format", "csv", NULL };
    const char *const c2[] = { "contingency", other, "--given", "caregiver:still", "--target",
                               "infant:protest", "--window", "1", "--format", "csv",
                               "--delimiter", ";", NULL };
    char *a = output_of(c1), *b = output_of(c2);
    ck_assert_int_eq(count_lines(a), 4);
    expect_same_but_file(a, b, 0);
    free(a);
    free(b);
    const char *const e1[] = { "export", "--sdis", f_in, NULL };
    const char *const e2[] = { "export", "--sdis", other, "--delimiter", "semicolon", NULL };
    a = output_of(e1);
    b = output_of(e2);
    /* the same sessions and events; only the "% from FILE" notes differ */
    ck_assert_int_eq(count_lines(a), count_lines(b));
    ck_assert_int_gt(count_lines(a), 12);
    for (int k = 0; line_at(a, k); k++) {
        const char *la = line_at(a, k), *lb = line_at(b, k);
        if (strncmp(la, "% from ", 7) == 0)
            continue;
        size_t len = strcspn(la, "\n");
        ck_assert_msg(strncmp(la, lb, len + 1) == 0, "export line %d: '%.*s'", k, (int)len, la);
    }
    free(a);
    free(b);
}
END_TEST

START_TEST(cli_time_out_of_range_and_json)
{
    write_file(f_in, "t,infant_code,caregiver_code\n0,monitor,monitor\n1e13,avert,monitor\n"
                     "2e13,monitor,monitor\n");
    const char *const args[] = { "score", f_in, "--format", "csv", NULL };
    result r = run_argv(args);
    expect_status(&r, 2);
    char want[256];
    snprintf(want, sizeof want, "%s:3: t 1e13 is out of range", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    /* a hexadecimal t, and a hexadecimal setting, which strtod would read */
    write_file(f_in, "t,infant_code,caregiver_code\n0,monitor,monitor\n0x10,avert,monitor\n");
    r = run_argv(args);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:3: t '0x10' is not a number (hexadecimal", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    write_file(f_in, "[scenario]\nname = h\n[phase]\nname = p\nduration = 0x10\n");
    const char *const ini[] = { "run", f_in, NULL };
    r = run_argv(ini);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:5: duration = 0x10 is not a number (hexadecimal", f_in);
    ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "stderr '%s'", r.err);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    /* a run named r\377 in JSON: replaced, so the output is UTF-8 */
    write_file(f_in, "run,t,infant_code,caregiver_code\nr\377,0,monitor,monitor\n"
                     "r\377,1,avert,intrusive\n");
    const char *const json[] = { "score", f_in, "--format", "json", NULL };
    char *out = output_of(json);
    ck_assert_ptr_nonnull(strstr(out, "{\"run\": \"r\xEF\xBF\xBD\", \"window\": \"all\""));
    ck_assert_ptr_null(strchr(out, '\377'));
    free(out);
}
END_TEST

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
    expect_contains(r.out, "all,matched_prop,B,0,1,0.25,", "partial output");
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

Suite *suite_input(void)
{
    Suite *s = suite_create("input");
    TCase *tc = tcase_create("reader");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, separators_line_ends_and_bom_score_alike);
    tcase_add_test(tc, foreign_text_refused);
    tcase_add_test(tc, rows_over_a_mebibyte_refused);
    tcase_add_test(tc, times_out_of_range_refused);
    tcase_add_test(tc, sub_microsecond_steps_refused);
    tcase_add_test(tc, number_messages_say_why);
    tcase_add_test(tc, match_tables_in_any_dialect);
    tcase_add_test(tc, folders_are_bad_input);
    tcase_add_test(tc, json_escaper_exact_bytes);
    tcase_add_test(tc, thousand_phases_each_its_own_window);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("command", input_setup);
    tcase_add_test(tc, cli_folders_exit_2);
    tcase_add_test(tc, cli_delimiter_and_dialects);
    tcase_add_test(tc, cli_time_out_of_range_and_json);
    tcase_add_test(tc, cli_compare_missing_and_repeated_runs);
    tcase_add_test(tc, cli_merge_line_ends);
    suite_add_tcase(s, tc);
    return s;
}
