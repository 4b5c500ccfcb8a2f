/* Code schemes (attune/scheme.h): loading and its errors, look-ups, the
 * shipped schemes, finding one by name, the match table over a scheme's
 * codes, and the scorer with a lab's scheme: shares from its classes and
 * unscorable gaps, on a hand-worked sequence. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/scheme.h"
#include "attune/scorer.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

#define HEADER "partner,code,gaze,positive,negative,unscorable\n"

/* A lab's scheme and table (infant: smile, look, away, fuss, oov = out of
 * view; caregiver: warm, flat, oov), used by the scorer tests. */
static const char lab_scheme[] = HEADER
    "infant,smile,1,1,0,0\ninfant,look,1,0,0,0\ninfant,away,0,0,0,0\n"
    "infant,fuss,0,0,1,0\ninfant,oov,0,0,0,1\n"
    "caregiver,warm,1,1,0,0\ncaregiver,flat,0,0,0,0\ncaregiver,oov,0,0,0,1\n";
static const char lab_table[] = "infant_code,caregiver_code,matched\n"
    "smile,warm,1\nlook,warm,1\naway,warm,0\nfuss,warm,0\nsmile,flat,0\n"
    "look,flat,0\naway,flat,0\nfuss,flat,0\n";

static att_scheme *load_text(const char *text, att_error *err)
{
    char path[64];
    temp_file(path, sizeof path, text);
    att_scheme *s = att_scheme_load(path, err);
    unlink(path);
    return s;
}

static const struct {
    const char *text;
    int line;
    const char *problem;
} bad[] = {
    { "", 1, "empty file" },
    { "partner,code,gaze,positive,negative\ninfant,a,1,0,0\n", 1,
      "missing column 'unscorable'" },
    { "partner,code,gaze,positive,negative,unscorable,code\n", 1,
      "column 'code' appears twice" },
    { HEADER "infant,a,1,0,0\n", 2, "5 fields, but the header has 6 (a ragged row)" },
    { HEADER "infant,a,1,0,0,0\ninfant,b,1,2,0,0\n", 3, "positive must be 0 or 1, not '2'" },
    { HEADER "infant,a,yes,0,0,0\n", 2, "gaze must be 0 or 1, not 'yes'" },
    { HEADER "infant,a,1,0,0,0\ncaregiver,b,0,0,0,0\ninfant,a,0,0,0,0\n", 4,
      "infant code 'a' listed twice (first on line 2)" },
    { HEADER "infant,a,1,0,0,0\ninfant,oov,1,0,0,1\n", 3,
      "infant code 'oov' is unscorable and also has a class" },
    { HEADER "mother,a,1,0,0,0\n", 2, "partner must be infant or caregiver, not 'mother'" },
    { HEADER "infant,Smile,1,0,0,0\n", 2, "code 'Smile' is not a lowercase code name" },
    { HEADER "infant,,1,0,0,0\n", 2, "empty code" },
};

START_TEST(test_bad_scheme)
{
    char path[64];
    temp_file(path, sizeof path, bad[_i].text);
    att_error err = { 0 };
    ck_assert_ptr_null(att_scheme_load(path, &err));
    unlink(path);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    char want[128];
    snprintf(want, sizeof want, "%s:%d: %s", path, bad[_i].line, bad[_i].problem);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "case %d: %s", _i, err.msg);
}
END_TEST

START_TEST(test_partner_without_scorable_code)
{
    att_error err = { 0 };
    ck_assert_ptr_null(load_text(HEADER "infant,a,1,0,0,0\ncaregiver,oov,0,0,0,1\n", &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, ": no scorable caregiver code") != NULL, "%s", err.msg);
    ck_assert_ptr_null(att_scheme_load("/nonexistent/s.csv", &err));
    ck_assert_str_eq(err.msg, "/nonexistent/s.csv: cannot read: No such file or directory");
}
END_TEST

/* data/schemes/icep.csv, checked against data/schemes/README.md's table. */
START_TEST(test_icep_scheme)
{
    att_error err = { 0 };
    att_scheme *s = att_scheme_load(SRC("data/schemes/icep.csv"), &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_int_eq(att_scheme_count(s, ATT_INFANT), 6);
    ck_assert_int_eq(att_scheme_count(s, ATT_CAREGIVER), 8);
    int sp = att_scheme_index(s, ATT_INFANT, "social_positive");
    ck_assert_int_eq(att_scheme_classes(s, ATT_INFANT, sp), ATT_CLASS_GAZE | ATT_CLASS_POSITIVE);
    int sm = att_scheme_index(s, ATT_INFANT, "social_monitor");
    ck_assert_int_eq(att_scheme_classes(s, ATT_INFANT, sm), ATT_CLASS_GAZE);
    int pr = att_scheme_index(s, ATT_INFANT, "protest");
    ck_assert_int_eq(att_scheme_classes(s, ATT_INFANT, pr), ATT_CLASS_NEGATIVE);
    ck_assert_int_eq(att_scheme_line(s, ATT_INFANT, pr), 2);
    int un = att_scheme_index(s, ATT_CAREGIVER, "unscorable");
    ck_assert_int_eq(att_scheme_classes(s, ATT_CAREGIVER, un), ATT_CLASS_UNSCORABLE);
    ck_assert_int_eq(att_scheme_index(s, ATT_INFANT, "hostile"), -1);   /* caregiver only */
    ck_assert_ptr_null(att_scheme_code(s, ATT_INFANT, 6));
    ck_assert_int_eq(att_scheme_classes(s, ATT_INFANT, -1), 0);
    ck_assert_int_eq(att_scheme_known(s, ATT_INFANT), 15);   /* all four classes */
    att_scheme_free(s);
    att_scheme_free(NULL);
}
END_TEST

/* data/schemes/attune.csv has the classes the scorer builds in (scorer.h). */
START_TEST(test_attune_scheme_is_builtin)
{
    att_error err = { 0 };
    att_scheme *s = att_scheme_load(SRC("data/schemes/attune.csv"), &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    static const struct { const char *code; int classes; } infant[] = {
        { "positive", ATT_CLASS_GAZE | ATT_CLASS_POSITIVE }, { "monitor", ATT_CLASS_GAZE },
        { "avert", 0 }, { "protest", ATT_CLASS_GAZE | ATT_CLASS_NEGATIVE },
        { "withdrawn", ATT_CLASS_NEGATIVE },
    };
    ck_assert_int_eq(att_scheme_count(s, ATT_INFANT), 5);
    for (int i = 0; i < 5; i++) {
        ck_assert_str_eq(att_scheme_code(s, ATT_INFANT, i), infant[i].code);
        ck_assert_int_eq(att_scheme_classes(s, ATT_INFANT, i), infant[i].classes);
    }
    ck_assert_int_eq(att_scheme_count(s, ATT_CAREGIVER), 6);
    att_scheme_free(s);
}
END_TEST

/* data/match/icep.csv against data/match/README.md's table, written out by
 * hand: all 35 scorable pairs listed, five matched, unscorable codes absent. */
START_TEST(test_icep_match_table)
{
    static const char *const inf[] = { "protest", "withdrawn", "object", "social_monitor",
                                       "social_positive" };
    static const char *const cg[] = { "hostile", "intrusive", "withdrawn", "non_infant",
                                      "social_monitor", "social_positive", "still_face" };
    static const int want[5][7] = {
        { 0, 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 1, 0, 0 },
        { 0, 0, 0, 0, 1, 1, 0 }, { 0, 0, 0, 0, 1, 1, 0 },
    };
    att_match_table *t = load_match("icep");
    ck_assert_int_eq(att_match_table_infant_count(t), 5);
    ck_assert_int_eq(att_match_table_caregiver_count(t), 7);
    ck_assert_int_eq(att_match_table_infant_index(t, "unscorable"), -1);
    for (int i = 0; i < 5; i++)
        for (int c = 0; c < 7; c++)
            ck_assert_msg(att_match_table_matched(t, att_match_table_infant_index(t, inf[i]),
                                                  att_match_table_caregiver_index(t, cg[c]))
                          == want[i][c], "%s/%s", inf[i], cg[c]);
    size_t len;
    char *text = slurp(SRC("data/match/icep.csv"), &len);
    ck_assert_int_eq(count_lines(text), 36);   /* the header and 35 pairs */
    free(text);
    att_match_table_free(t);
}
END_TEST

START_TEST(test_resolve)
{
    const char *dirs[] = { "/nonexistent/schemes", SRC("data/schemes"), NULL };
    char path[512];
    att_error err = { 0 };
    ck_assert_int_eq(att_scheme_resolve("icep", dirs, path, sizeof path, &err), ATT_OK);
    ck_assert_str_eq(path, SRC("data/schemes") "/icep.csv");
    ck_assert_int_eq(att_scheme_resolve("lab.csv", dirs, path, sizeof path, &err), ATT_OK);
    ck_assert_str_eq(path, "lab.csv");
    ck_assert_int_eq(att_scheme_resolve("nope", dirs, path, sizeof path, &err), ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "unknown code scheme 'nope': no nope.csv in "
                         "/nonexistent/schemes, ") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "data/schemes: attune, icep") != NULL, "%s", err.msg);
    ck_assert_int_eq(att_scheme_resolve("ICEP", dirs, path, sizeof path, &err), ATT_EINPUT);
    ck_assert_msg(strncmp(err.msg, "bad code scheme name 'ICEP'", 27) == 0, "%s", err.msg);
    ck_assert_int_eq(att_scheme_resolve("", dirs, path, sizeof path, &err), ATT_EINPUT);
    ck_assert_str_eq(err.msg, "empty code scheme name");
}
END_TEST

static att_match_table *load_table_text(const char *text)
{
    char path[64];
    temp_file(path, sizeof path, text);
    att_error err = { 0 };
    att_match_table *t = att_match_table_load(path, &err);
    unlink(path);
    ck_assert_msg(t != NULL, "%s", err.msg);
    return t;
}

START_TEST(test_scheme_match_table)
{
    att_error err = { 0 };
    att_scheme *s = load_text(lab_scheme, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    att_match_table *lab = load_table_text(lab_table);
    att_match_table *t = att_scheme_match_table(s, lab, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_str_eq(att_match_table_kind(t), "scheme");
    ck_assert_str_eq(att_match_table_path(t), att_scheme_path(s));
    ck_assert_int_eq(att_match_table_infant_count(t), 5);      /* oov included */
    ck_assert_int_eq(att_match_table_caregiver_count(t), 3);
    int smile = att_match_table_infant_index(t, "smile"), oov = att_match_table_infant_index(t, "oov");
    int warm = att_match_table_caregiver_index(t, "warm"), flat = att_match_table_caregiver_index(t, "flat");
    int coov = att_match_table_caregiver_index(t, "oov");
    ck_assert_int_eq(oov, 4);
    ck_assert_int_eq(att_match_table_matched(t, smile, warm), 1);
    ck_assert_int_eq(att_match_table_matched(t, smile, flat), 0);
    ck_assert_int_eq(att_match_table_matched(t, smile, coov), 0);
    ck_assert_int_eq(att_match_table_matched(t, oov, warm), 0);
    att_match_table_free(t);
    /* a scorable code the table lacks: named with its line */
    att_match_table *small = load_table_text("infant_code,caregiver_code,matched\n"
                                             "smile,warm,1\nlook,warm,1\naway,warm,0\n");
    ck_assert_ptr_null(att_scheme_match_table(s, small, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    char want[200];
    snprintf(want, sizeof want, "%s:5: infant code 'fuss' is scorable but match table ",
             att_scheme_path(s));
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
    att_match_table_free(small);
    att_match_table_free(lab);
    att_scheme_free(s);
}
END_TEST

/* ---- the scorer with the lab's scheme ---- */

static att_score_kind kinds[16];
static double lat[16];
static int cens[16], nlat;

static int on_rupture(const att_rupture *r, void *user, att_error *err)
{
    (void)user;
    (void)err;
    ck_assert_int_lt(nlat, 16);
    cens[nlat] = r->censored;
    lat[nlat++] = r->latency;
    return ATT_OK;
}

/* Steps "infant/caregiver" at times t[], ended at t_end; window 0 into *w. */
static void score_lab(const double *t, const char *const *codes, int n, double t_end,
                      int with_scheme, att_window_score *w)
{
    att_error err = { 0 };
    att_scheme *s = load_text(lab_scheme, &err);
    att_match_table *lab = load_table_text(lab_table);
    att_match_table *mt = att_scheme_match_table(s, lab, &err);
    ck_assert_msg(mt != NULL, "%s", err.msg);
    att_scorer *sc = att_scorer_new(mt, &err);
    ck_assert_ptr_nonnull(sc);
    if (with_scheme)
        ck_assert_int_eq(att_scorer_set_scheme(sc, s, &err), ATT_OK);
    nlat = 0;
    att_scorer_on_rupture(sc, on_rupture, NULL);
    ck_assert_int_eq(att_scorer_begin(sc, "lab", &err), ATT_OK);
    for (int i = 0; i < n; i++) {
        char ic[16], cc[16];
        ck_assert_int_eq(sscanf(codes[i], "%15[^/]/%15s", ic, cc), 2);
        int ii = att_match_table_infant_index(mt, ic), ci = att_match_table_caregiver_index(mt, cc);
        ck_assert(ii >= 0 && ci >= 0);
        att_score_step st = { t[i], NULL, ii, ci, att_match_table_matched(mt, ii, ci), NAN };
        att_score_event ev;
        ck_assert_int_eq(att_scorer_push(sc, &st, &ev, &err), ATT_OK);
        kinds[i] = ev.kind;
    }
    att_score_event ev;
    ck_assert_int_eq(att_scorer_end(sc, t_end, &ev, &err), ATT_OK);
    kinds[n] = ev.kind;
    ck_assert_int_eq(att_scorer_window(sc, 0, 30, w, &err), ATT_OK);
    att_scorer_free(sc);
    att_match_table_free(mt);
    att_match_table_free(lab);
    att_scheme_free(s);
}

/* By hand (durations to the next step; oov steps are gaps):
 *   0 smile/warm  2 s matched       gaze positive
 *   2 look/warm   2 s matched       gaze
 *   4 away/warm   2 s mismatched    rupture at 4
 *   6 oov/warm    2 s gap           the rupture is censored at 6: latency 2
 *   8 look/warm   1 s matched       gaze; afresh: no repair, nothing open
 *   9 fuss/warm   1 s mismatched    negative; rupture at 9
 *  10 smile/oov   2 s gap           censored at 10: latency 1
 *  12 fuss/flat   1 s mismatched    negative; no rupture (not matched since the gap)
 *  13 smile/warm  1 s matched       gaze positive; no repair
 *  14 away/flat   2 s mismatched    rupture at 14, censored at the end 16: latency 2
 * observed 16 - 4 = 12 s; matched 2+2+1+1 = 6 (0.5); gaze 6 (0.5); positive
 * 2+1 = 3 (0.25); negative 1+1 = 2 (1/6); transitions at 4, 9, 13, 14 (none
 * across a gap) = 4 in 0.2 min = 20/min; 3 ruptures (15/min), no repair. */
START_TEST(test_lab_scheme_shares_and_gaps)
{
    static const double t[] = { 0, 2, 4, 6, 8, 9, 10, 12, 13, 14 };
    static const char *const codes[] = {
        "smile/warm", "look/warm", "away/warm", "oov/warm", "look/warm",
        "fuss/warm", "smile/oov", "fuss/flat", "smile/warm", "away/flat",
    };
    att_window_score w;
    score_lab(t, codes, 10, 16, 1, &w);
    ck_assert_double_eq_tol(w.v[ATT_SC_OBSERVED_S], 12, 1e-12);
    ck_assert_double_eq_tol(w.v[ATT_SC_MATCHED_PROP], 0.5, 1e-12);
    ck_assert_double_eq_tol(w.v[ATT_SC_INFANT_GAZE_PROP], 0.5, 1e-12);
    ck_assert_double_eq_tol(w.v[ATT_SC_INFANT_POSITIVE_PROP], 0.25, 1e-12);
    ck_assert_double_eq_tol(w.v[ATT_SC_INFANT_NEGATIVE_PROP], 1.0 / 6, 1e-12);
    ck_assert_double_eq_tol(w.v[ATT_SC_TRANSITIONS_PER_MIN], 20, 1e-9);
    ck_assert_double_eq(w.v[ATT_SC_RUPTURES], 3);
    ck_assert_double_eq_tol(w.v[ATT_SC_RUPTURES_PER_MIN], 15, 1e-9);
    ck_assert_double_eq(w.v[ATT_SC_REPAIRS], 0);
    static const att_score_kind want[] = {
        ATT_SCORE_NONE, ATT_SCORE_NONE, ATT_SCORE_RUPTURE, ATT_SCORE_CENSORED, ATT_SCORE_NONE,
        ATT_SCORE_RUPTURE, ATT_SCORE_CENSORED, ATT_SCORE_NONE, ATT_SCORE_NONE, ATT_SCORE_RUPTURE,
        ATT_SCORE_CENSORED,
    };
    for (int i = 0; i <= 10; i++)
        ck_assert_msg(kinds[i] == want[i], "step %d: kind %d, want %d", i, kinds[i], want[i]);
    ck_assert_int_eq(nlat, 3);
    ck_assert(cens[0] && cens[1] && cens[2]);
    ck_assert_double_eq_tol(lat[0], 2, 1e-12);
    ck_assert_double_eq_tol(lat[1], 1, 1e-12);
    ck_assert_double_eq_tol(lat[2], 2, 1e-12);
}
END_TEST

/* Without the scheme the lab's codes have no built-in class (the shares are
 * undefined) and oov is an ordinary mismatched code: no gaps, 16 s observed. */
START_TEST(test_lab_codes_without_scheme)
{
    static const double t[] = { 0, 4, 6, 8 };
    static const char *const codes[] = { "smile/warm", "away/warm", "oov/warm", "look/warm" };
    att_window_score w;
    score_lab(t, codes, 4, 10, 0, &w);
    ck_assert_double_eq_tol(w.v[ATT_SC_OBSERVED_S], 10, 1e-12);
    ck_assert(isnan(w.v[ATT_SC_INFANT_GAZE_PROP]));
    ck_assert(isnan(w.v[ATT_SC_INFANT_POSITIVE_PROP]));
    ck_assert(isnan(w.v[ATT_SC_INFANT_NEGATIVE_PROP]));
    ck_assert_double_eq(w.v[ATT_SC_RUPTURES], 1);   /* at 4, repaired at 8 */
    ck_assert_double_eq(w.v[ATT_SC_REPAIRS], 1);
    ck_assert_int_eq(nlat, 1);
    ck_assert_int_eq(cens[0], 0);
    ck_assert_double_eq_tol(lat[0], 4, 1e-12);
}
END_TEST

/* A scheme that codes no affect leaves the affect shares undefined. */
START_TEST(test_class_no_code_has_is_undefined)
{
    att_error err = { 0 };
    att_scheme *s = load_text(HEADER "infant,look,1,0,0,0\ninfant,away,0,0,0,0\n"
                              "caregiver,warm,1,0,0,0\n", &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_int_eq(att_scheme_known(s, ATT_INFANT), ATT_CLASS_GAZE);
    att_match_table *tab = load_table_text("infant_code,caregiver_code,matched\n"
                                           "look,warm,1\naway,warm,0\n");
    att_match_table *mt = att_scheme_match_table(s, tab, &err);
    att_scorer *sc = att_scorer_new(mt, &err);
    ck_assert_int_eq(att_scorer_set_scheme(sc, s, &err), ATT_OK);
    ck_assert_int_eq(att_scorer_begin(sc, "r", &err), ATT_OK);
    att_score_step st = { 0, NULL, 0, 0, 1, NAN };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    st = (att_score_step){ 3, NULL, 1, 0, 0, NAN };
    ck_assert_int_eq(att_scorer_push(sc, &st, NULL, &err), ATT_OK);
    ck_assert_int_eq(att_scorer_end(sc, 4, NULL, &err), ATT_OK);
    att_window_score w;
    ck_assert_int_eq(att_scorer_window(sc, 0, 30, &w, &err), ATT_OK);
    ck_assert_double_eq_tol(w.v[ATT_SC_INFANT_GAZE_PROP], 0.75, 1e-12);
    ck_assert(isnan(w.v[ATT_SC_INFANT_POSITIVE_PROP]));
    ck_assert(isnan(w.v[ATT_SC_INFANT_NEGATIVE_PROP]));
    att_scorer_free(sc);
    /* a scorer whose table has a code the scheme lacks refuses the scheme */
    sc = att_scorer_new(tab, &err);
    att_scheme *other = load_text(HEADER "infant,look,1,0,0,0\ncaregiver,warm,1,0,0,0\n", &err);
    ck_assert_int_eq(att_scorer_set_scheme(sc, other, &err), ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, "infant code 'away' of table ") != NULL, "%s", err.msg);
    att_scorer_free(sc);
    att_scheme_free(other);
    att_match_table_free(mt);
    att_match_table_free(tab);
    att_scheme_free(s);
}
END_TEST

Suite *suite_scheme(void);

Suite *suite_scheme(void)
{
    Suite *s = suite_create("scheme");
    TCase *tc = tcase_create("schemes");
    tcase_add_loop_test(tc, test_bad_scheme, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, test_partner_without_scorable_code);
    tcase_add_test(tc, test_icep_scheme);
    tcase_add_test(tc, test_attune_scheme_is_builtin);
    tcase_add_test(tc, test_icep_match_table);
    tcase_add_test(tc, test_resolve);
    tcase_add_test(tc, test_scheme_match_table);
    tcase_add_test(tc, test_lab_scheme_shares_and_gaps);
    tcase_add_test(tc, test_lab_codes_without_scheme);
    tcase_add_test(tc, test_class_no_code_has_is_undefined);
    suite_add_tcase(s, tc);
    return s;
}
