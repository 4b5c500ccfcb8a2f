/* Inter-observer agreement: two coders' files of the same sessions, laid on
 * a common time grid, compared unit by unit (docs/AGREE.md).
 *
 * Each file is read by att_coded_read (attune/coded.h) and expanded to a
 * grid of `unit` seconds per run: unit i covers [t0 + i*unit, t0 + (i+1)*unit)
 * from the run's first t, and takes the codes of the row in force at its
 * start.  A run ends at `end` when that is given (not NaN), else where the
 * coded reader says (its last row lasts as long as the interval before it),
 * and has ceil((t_end - t0) / unit) units.
 * Times are compared in whole microseconds (att_us). */
#ifndef ATT_AGREE_H
#define ATT_AGREE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/contingency.h"
#include "attune/error.h"
#include "attune/match.h"

/* Cohen's kappa of a k x k table of counts (rows: coder 1, columns: coder 2).
 *   po = sum_i n_ii / n,  pe = sum_i p_i. p_.i,  kappa = (po - pe) / (1 - pe)
 *   se  (Fleiss, Cohen and Everitt 1969, large-sample, not under the null):
 *     sqrt( [ sum_i p_ii (1 - (p_i. + p_.i)(1 - kappa))^2
 *             + (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
 *             - (kappa - pe (1 - kappa))^2 ] / (n (1 - pe)^2) )
 *   se0 (the same paper, under kappa = 0, for z = kappa / se0):
 *     sqrt( pe + pe^2 - sum_i p_i. p_.i (p_i. + p_.i) ) / ((1 - pe) sqrt(n))
 * With n = 0 every field but n is NaN; with pe = 1 (both coders used one and
 * the same code throughout) kappa and its SEs are NaN (undefined), po is 1. */
typedef struct att_kappa {
    long n;        /* units */
    long agree;    /* units on the diagonal */
    double po, pe, kappa, se, se0;
} att_kappa;

att_kappa att_kappa_of(const long *counts, int k);

/* Both coders' files compared: one confusion matrix per partner. */
typedef struct att_agree att_agree;

/* Reads `path1` and `path2` (coder 1 and coder 2) with match table `mt` and
 * att_coded_read's `flags`, on a grid of `unit` seconds (1 us to 1e6 s); every
 * run ends at t = `end` (-4e9 to 4e9 s, after the run's last row), or, with
 * `end` NaN, where its last row ends.
 * Returns NULL with `err` set: ATT_EINPUT "FILE:LINE: problem" for what
 * att_coded_read refuses, and for runs that differ between the files (a run
 * missing or in another order, another first t, another number of units, or
 * another phase at some unit: the message names the line of each file), or
 * a grid of over ATT_AGREE_MAX_UNITS units in one file, or a row at or
 * after `end`; ATT_EINPUT without a line for a bad `unit` or `end`;
 * ATT_ENOMEM.  The caller frees the result with
 * att_agree_free. */
#define ATT_AGREE_MAX_UNITS 50000000L
att_agree *att_agree_read(const char *path1, const char *path2, const att_match_table *mt,
                          int flags, double unit, double end, att_error *err);
void att_agree_free(att_agree *a);

/* The confusion matrix of partner `who`: counts[i * k + j] units where coder 1
 * coded i and coder 2 coded j (codes as vocabulary indices of the match
 * table; *k receives the vocabulary's size).  Owned by `a`. */
const long *att_agree_matrix(const att_agree *a, att_partner who, int *k);

/* Runs compared, and units per partner (the sum of each matrix). */
size_t att_agree_runs(const att_agree *a);
long att_agree_units(const att_agree *a);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
