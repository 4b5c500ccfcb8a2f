/* Inter-observer agreement (attune/agree.h): Cohen's kappa and its standard
 * errors on textbook tables worked by hand, and two coders' files expanded to
 * a grid and compared, against confusion matrices counted by hand, with and
 * without a tolerance window, and the two coders' ruptures matched. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/agree.h"

/* A 2x2 table (the textbook example of Cohen's kappa), n = 50:
 *              coder 2 yes  no
 *   coder 1 yes        20    5   p_1. = .5
 *           no         10   15   p_2. = .5
 *                 p_.1 = .6  p_.2 = .4
 * po = (20 + 15) / 50 = .7;  pe = .5 * .6 + .5 * .4 = .5;  kappa = .2 / .5 = .4
 * se0: pe + pe^2 - sum p_i. p_.i (p_i. + p_.i) = .5 + .25 - (.3 * 1.1 + .2 * .9)
 *      = .75 - .51 = .24;  sqrt(.24) / (.5 * sqrt(50)) = .489898 / 3.535534 = .1385641
 * se:  A = .4 (1 - 1.1 * .6)^2 + .3 (1 - .9 * .6)^2 = .4 * .1156 + .3 * .2116 = .10972
 *      B = (1 - .4)^2 [.1 (p_.1 + p_2.)^2 + .2 (p_.2 + p_1.)^2]
 *        = .36 [.1 * 1.21 + .2 * .81] = .36 * .283 = .10188
 *      C = (.4 - .5 * .6)^2 = .01
 *      var = (.10972 + .10188 - .01) / (50 * .5^2) = .2016 / 12.5 = .016128
 *      se = sqrt(.016128) = .1269961 */
START_TEST(kappa_2x2_by_hand)
{
    const long t[4] = { 20, 5, 10, 15 };
    att_kappa k = att_kappa_of(t, 2);
    ck_assert_int_eq(k.n, 50);
    ck_assert_int_eq(k.agree, 35);
    ck_assert_double_eq_tol(k.po, 0.7, 1e-12);
    ck_assert_double_eq_tol(k.pe, 0.5, 1e-12);
    ck_assert_double_eq_tol(k.kappa, 0.4, 1e-12);
    ck_assert_double_eq_tol(k.se0, 0.1385641, 1e-7);
    ck_assert_double_eq_tol(k.se, 0.1269961, 1e-7);
}
END_TEST

/* Fleiss (1981, Statistical methods for rates and proportions, 2nd ed.,
 * ch. 13): two psychiatrists' diagnoses of 100 patients, published kappa .68.
 *              psychotic  neurotic  organic   p_i.
 *   psychotic        75         1        4    .80
 *   neurotic          5         4        1    .10
 *   organic           0         0       10    .10
 *   p_.i            .80       .05      .15
 * po = .89;  pe = .64 + .005 + .015 = .66;  kappa = .23 / .34 = .6764706
 * se0: .66 + .4356 - (.64 * 1.6 + .005 * .15 + .015 * .25)
 *      = 1.0956 - (1.024 + .00075 + .00375) = .0671;
 *      sqrt(.0671) / (.34 * 10) = .2590367 / 3.4 = .0761873
 * se:  1 - kappa = .3235294
 *      A = .75 (1 - 1.6 * .3235294)^2 + .04 (1 - .15 * .3235294)^2
 *          + .10 (1 - .25 * .3235294)^2
 *        = .75 * .2326644 + .04 * .9052963 + .10 * .8447772 = .2951878
 *      B = .3235294^2 [.01 (.80 + .10)^2 + .04 (.80 + .10)^2 + .05 (.05 + .80)^2
 *                      + .01 (.05 + .10)^2 + 0 + 0]
 *        = .1046713 * (.0081 + .0324 + .036125 + .000225) = .1046713 * .07685
 *        = .0080440
 *      C = (.6764706 - .66 * .3235294)^2 = .4629412^2 = .2143145
 *      var = (.2951878 + .0080440 - .2143145) / (100 * .34^2) = .0889173 / 11.56
 *          = .0076918;  se = .0877030 */
START_TEST(kappa_3x3_fleiss)
{
    const long t[9] = { 75, 1, 4, 5, 4, 1, 0, 0, 10 };
    att_kappa k = att_kappa_of(t, 3);
    ck_assert_int_eq(k.n, 100);
    ck_assert_int_eq(k.agree, 89);
    ck_assert_double_eq_tol(k.po, 0.89, 1e-12);
    ck_assert_double_eq_tol(k.pe, 0.66, 1e-12);
    ck_assert_double_eq_tol(k.kappa, 0.6764706, 1e-7);
    ck_assert_double_eq_tol(k.se0, 0.0761873, 1e-6);
    ck_assert_double_eq_tol(k.se, 0.0877030, 1e-6);
}
END_TEST

/* Perfect agreement: kappa 1 and se 0 (A = sum p_ii = 1, B = 0, C = 1);
 * one code throughout: pe = 1, kappa undefined; no units: all undefined. */
START_TEST(kappa_edges)
{
    const long perfect[9] = { 5, 0, 0, 0, 7, 0, 0, 0, 3 };
    att_kappa k = att_kappa_of(perfect, 3);
    ck_assert_double_eq_tol(k.kappa, 1.0, 1e-12);
    ck_assert_double_eq_tol(k.po, 1.0, 1e-12);
    ck_assert_double_eq_tol(k.se, 0.0, 1e-7);
    const long one[4] = { 9, 0, 0, 0 };
    k = att_kappa_of(one, 2);
    ck_assert_double_eq(k.po, 1.0);
    ck_assert(isnan(k.kappa) && isnan(k.se) && isnan(k.se0));
    const long none[4] = { 0, 0, 0, 0 };
    k = att_kappa_of(none, 2);
    ck_assert_int_eq(k.n, 0);
    ck_assert(isnan(k.po) && isnan(k.kappa));
}
END_TEST

static void write_tmp(char *path, const char *text)
{
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
}

/* Coder 1 at change points, coder 2 on a 1-s grid, --unit 1, t from 10:
 *   t        10 11 12 13 14 15   (ends: coder 1's last row lasts as long as
 *   coder 1   p  p  a  a  a  a    the interval before it, 12 -> 14 -> 16;
 *   coder 2   p  m  m  a  a  a    coder 2's 15 -> 16)
 * infant matrix: (positive, positive) 1, (positive, monitor) 1,
 * (avert, monitor) 1, (avert, avert) 3: 6 units, 4 agreements. */
START_TEST(grid_of_two_coders)
{
    char p1[] = "/tmp/attune-agree1-XXXXXX", p2[] = "/tmp/attune-agree2-XXXXXX";
    write_tmp(p1, "t,infant_code,caregiver_code\n10,positive,positive\n12,avert,monitor\n"
                  "14,avert,monitor\n");
    write_tmp(p2, "t,infant_code,caregiver_code\n10,positive,positive\n11,monitor,positive\n"
                  "12,monitor,monitor\n13,avert,monitor\n14,avert,monitor\n15,avert,monitor\n");
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_agree *a = att_agree_read(p1, p2, mt, 0, &(att_agree_spec){ 1.0, NAN, 0, NULL }, &err);
    ck_assert_msg(a != NULL, "%s", err.msg);
    ck_assert_int_eq(att_agree_units(a), 6);
    int k;
    const long *m = att_agree_matrix(a, ATT_INFANT, &k);
    int pos = att_match_table_infant_index(mt, "positive");
    int mon = att_match_table_infant_index(mt, "monitor");
    int av = att_match_table_infant_index(mt, "avert");
    long sum = 0;
    for (int i = 0; i < k * k; i++)
        sum += m[i];
    ck_assert_int_eq(sum, 6);
    ck_assert_int_eq(m[pos * k + pos], 1);
    ck_assert_int_eq(m[pos * k + mon], 1);
    ck_assert_int_eq(m[av * k + mon], 1);
    ck_assert_int_eq(m[av * k + av], 3);
    /* caregiver: coder 1 p p m m m m, coder 2 p p m m m m: all agree */
    m = att_agree_matrix(a, ATT_CAREGIVER, &k);
    att_kappa c = att_kappa_of(m, k);
    ck_assert_int_eq(c.agree, 6);
    ck_assert_double_eq_tol(c.kappa, 1.0, 1e-12);
    att_agree_free(a);

    /* --unit 2: units start at 10, 12, 14; coder 1 p a a, coder 2 p m a */
    a = att_agree_read(p1, p2, mt, 0, &(att_agree_spec){ 2.0, NAN, 0, NULL }, &err);
    ck_assert_msg(a != NULL, "%s", err.msg);
    m = att_agree_matrix(a, ATT_INFANT, &k);
    ck_assert_int_eq(att_agree_units(a), 3);
    ck_assert_int_eq(m[av * k + mon], 1);
    ck_assert_int_eq(m[av * k + av], 1);
    att_agree_free(a);

    /* --end 20: both runs end at 20: units 16-19 hold the last rows' codes
     * (avert, avert): 10 units, (avert, avert) 3 + 4 = 7 */
    a = att_agree_read(p1, p2, mt, 0, &(att_agree_spec){ 1.0, 20.0, 0, NULL }, &err);
    ck_assert_msg(a != NULL, "%s", err.msg);
    m = att_agree_matrix(a, ATT_INFANT, &k);
    ck_assert_int_eq(att_agree_units(a), 10);
    ck_assert_int_eq(m[av * k + av], 7);
    att_agree_free(a);

    /* --end 14: coder 1's row at t 14 (line 4) is not before it */
    a = att_agree_read(p1, p2, mt, 0, &(att_agree_spec){ 1.0, 14.0, 0, NULL }, &err);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    char want[128];
    snprintf(want, sizeof want, "%s:4: t 14 of run", p1);
    ck_assert_msg(strstr(err.msg, want), "message: %s", err.msg);
    unlink(p1);
    unlink(p2);
    att_match_table_free(mt);
}
END_TEST

/* The tolerance window, on a 1-s grid to --end 8:
 *   u         0  1  2  3  4  5  6  7
 *   coder 1   p  p  p  p  p  a  a  a
 *   coder 2   p  p  a  a  a  a  a  a
 * w = 1: u 2 agrees (coder 2 shows p at 1), u 4 agrees (coder 1 shows a at 5),
 *        u 3 does not (p is 2 units away in coder 2, a 2 units away in
 *        coder 1): tallied (p, p) 2 + 2 = 4, (p, a) 1, (a, a) 3.
 *        Marginals: rows p 5, a 3; columns p 4, a 4; pe = (20 + 12) / 64 = .5;
 *        po = 7 / 8; kappa = (.875 - .5) / .5 = .75.
 * w = 2 (and 2.5 s, rounded down): u 3 agrees too: 8 of 8.
 * w = 0 (0.9 s): the exact matrix, 5 of 8. */
START_TEST(tolerance_window)
{
    char p1[] = "/tmp/attune-agree1-XXXXXX", p2[] = "/tmp/attune-agree2-XXXXXX";
    write_tmp(p1, "t,infant_code,caregiver_code\n0,positive,positive\n5,avert,positive\n");
    write_tmp(p2, "t,infant_code,caregiver_code\n0,positive,positive\n2,avert,positive\n");
    att_match_table *mt = load_match("attuned");
    int pos = att_match_table_infant_index(mt, "positive");
    int av = att_match_table_infant_index(mt, "avert");
    const double tol[4] = { 1.0, 2.0, 2.5, 0.9 };
    const long want_agree[4] = { 7, 8, 8, 5 };
    for (int i = 0; i < 4; i++) {
        att_error err = { 0 };
        att_agree *a = att_agree_read(p1, p2, mt, 0, &(att_agree_spec){ 1.0, 8.0, tol[i], NULL }, &err);
        ck_assert_msg(a != NULL, "%s", err.msg);
        int k;
        const long *m = att_agree_tolerant(a, ATT_INFANT, &k);
        att_kappa t = att_kappa_of(m, k);
        ck_assert_int_eq(t.n, 8);
        ck_assert_msg(t.agree == want_agree[i], "tolerance %g: %ld agree", tol[i], t.agree);
        if (i == 0) {
            ck_assert_int_eq(m[pos * k + pos], 4);
            ck_assert_int_eq(m[pos * k + av], 1);
            ck_assert_int_eq(m[av * k + av], 3);
            ck_assert_double_eq_tol(t.kappa, 0.75, 1e-12);
        }
        const long *exact = att_agree_matrix(a, ATT_INFANT, &k);
        ck_assert_int_eq(att_kappa_of(exact, k).agree, 5);
        att_agree_free(a);
    }
    unlink(p1);
    unlink(p2);
    att_match_table_free(mt);
}
END_TEST

/* Ruptures (docs/SCORING.md section 3, table attuned: positive with
 * intrusive is mismatched), --end 60:
 *   coder 1: ruptures at 10 (repaired 13: latency 3), 20 (22: 2), 40 (45: 5)
 *   coder 2: ruptures at 11 (15: 4), 30 (33: 3), 41 (44: 3)
 * W = 2: 10-11 pair (onset +1, latency 4 - 3 = +1); 20 vs 30: 20 is earlier
 *   and unpaired; 40 vs 30: 30 unpaired; 40-41 pair (onset +1, latency
 *   3 - 5 = -2).  matched 2, sensitivity 2/3, ppv 2/3, mean onset difference
 *   1, mean latency difference (1 - 2) / 2 = -0.5.
 * W = 10: 20-30 pair too (onset +10, latency 3 - 2 = +1): 3 pairs, onset
 *   (1 + 10 + 1) / 3 = 4, latency (1 + 1 - 2) / 3 = 0.
 * W = 0.5: no pairs: sensitivity 0, onset and latency undefined. */
START_TEST(rupture_matching)
{
    char p1[] = "/tmp/attune-agree1-XXXXXX", p2[] = "/tmp/attune-agree2-XXXXXX";
    write_tmp(p1, "t,infant_code,caregiver_code\n0,positive,positive\n10,positive,intrusive\n"
                  "13,positive,positive\n20,positive,intrusive\n22,positive,positive\n"
                  "40,positive,intrusive\n45,positive,positive\n");
    write_tmp(p2, "t,infant_code,caregiver_code\n0,positive,positive\n11,positive,intrusive\n"
                  "15,positive,positive\n30,positive,intrusive\n33,positive,positive\n"
                  "41,positive,intrusive\n44,positive,positive\n");
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    const double tol[3] = { 2, 10, 0.5 };
    const long want_matched[3] = { 2, 3, 0 };
    const double want_onset[3] = { 1, 4, NAN }, want_latency[3] = { -0.5, 0, NAN };
    for (int i = 0; i < 3; i++) {
        att_agree *a = att_agree_read(p1, p2, mt, 0, &(att_agree_spec){ 1.0, 60.0, tol[i], NULL }, &err);
        ck_assert_msg(a != NULL, "%s", err.msg);
        att_agree_ruptures m = att_agree_rupture_match(a);
        ck_assert_int_eq(m.n1, 3);
        ck_assert_int_eq(m.n2, 3);
        ck_assert_int_eq(m.matched, want_matched[i]);
        ck_assert_double_eq_tol(m.sensitivity, (double)want_matched[i] / 3, 1e-12);
        ck_assert_double_eq_tol(m.ppv, (double)want_matched[i] / 3, 1e-12);
        ck_assert_int_eq(m.latency_pairs, want_matched[i]);
        if (isnan(want_onset[i])) {
            ck_assert(isnan(m.onset_diff) && isnan(m.latency_diff));
        } else {
            ck_assert_double_eq_tol(m.onset_diff, want_onset[i], 1e-9);
            ck_assert_double_eq_tol(m.latency_diff, want_latency[i], 1e-9);
        }
        att_agree_free(a);
    }
    unlink(p1);
    unlink(p2);
    att_match_table_free(mt);
}
END_TEST

Suite *suite_agree(void)
{
    Suite *s = suite_create("agree");
    TCase *tc = tcase_create("kappa");
    tcase_add_test(tc, kappa_2x2_by_hand);
    tcase_add_test(tc, kappa_3x3_fleiss);
    tcase_add_test(tc, kappa_edges);
    tcase_add_test(tc, grid_of_two_coders);
    tcase_add_test(tc, tolerance_window);
    tcase_add_test(tc, rupture_matching);
    suite_add_tcase(s, tc);
    return s;
}
