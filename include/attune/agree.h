/* Inter-observer agreement: two coders' files of the same sessions, laid on
 * a common time grid, compared unit by unit (docs/AGREE.md).
 *
 * Each file is read by att_coded_read (attune/coded.h) and expanded to a
 * grid of `unit` seconds per run: unit i covers [t0 + i*unit, t0 + (i+1)*unit)
 * from the run's first t, and takes the codes of the row in force at its
 * start.  A run ends where the coded reader says: at its end column, else
 * at `end` when that is given (not NaN; else the coded options' end), else
 * one interval after its last row; and has ceil((t_end - t0) / unit) units.
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

/* What att_agree_read compares: the grid's unit in seconds (1 us to 1e6 s);
 * the end t of every run without an end column (-4e9 to 4e9 s, after the
 * run's last row), or NaN: none; the tolerance window W in seconds (0 to
 * 1e6), taken as w = floor(W / unit) units; the coded reader's options
 * (column renamings, NULL: none; their flags are att_agree_read's). */
typedef struct att_agree_spec {
    double unit;
    double end;
    double tolerance;
    const struct att_coded_opts *coded;
} att_agree_spec;

/* Reads `path1` and `path2` (coder 1 and coder 2) with match table `mt` and
 * att_coded_read's `flags`, and compares them on the grid of `spec`.
 * Returns NULL with `err` set: ATT_EINPUT "FILE:LINE: problem" for what
 * att_coded_read refuses, and for runs that differ between the files (a run
 * missing or in another order, another first t, another number of units, or
 * another phase at some unit: the message names the line of each file), or
 * a grid of over ATT_AGREE_MAX_UNITS units in one file, or a row at or
 * after its run's end (att_coded_read_opts's errors); ATT_EINPUT without a line for a bad unit, end or
 * tolerance; ATT_ENOMEM.  The caller frees the result with att_agree_free. */
#define ATT_AGREE_MAX_UNITS 10000000L   /* 80 MB of grid per file */
att_agree *att_agree_read(const char *path1, const char *path2, const att_match_table *mt,
                          int flags, const att_agree_spec *spec, att_error *err);
void att_agree_free(att_agree *a);

/* The confusion matrix of partner `who`: counts[i * k + j] units where coder 1
 * coded i and coder 2 coded j (codes as vocabulary indices of the match
 * table; *k receives the vocabulary's size).  Owned by `a`. */
const long *att_agree_matrix(const att_agree *a, att_partner who, int *k);

/* The tolerant confusion matrix of partner `who`, laid out as above: unit u
 * counts on the diagonal (under coder 1's code) when coder 2 shows coder 1's
 * code at u, or coder 1 coder 2's, at some unit within w units of u in the
 * same run; otherwise at (coder 1's code, coder 2's code).  With w = 0 it is
 * att_agree_matrix's.  Owned by `a`. */
const long *att_agree_tolerant(const att_agree *a, att_partner who, int *k);

/* Agreement on ruptures, found in each coder's file by the scorer of
 * `attune score` (attune/scorer.h; with the end above).  Within each run the
 * two coders' ruptures are taken in time order and paired when their starts
 * lie within the tolerance W (in seconds, not rounded to units); a rupture
 * that finds no partner is passed over (the earlier of the two).  Coder 1 is
 * the reference. */
typedef struct att_agree_ruptures {
    long n1, n2;           /* ruptures of coder 1, of coder 2 */
    long matched;          /* pairs */
    double sensitivity;    /* matched / n1; NaN when n1 = 0 */
    double ppv;            /* positive predictive value: matched / n2; NaN when n2 = 0 */
    double onset_diff;     /* s, mean of start2 - start1 over the pairs; NaN when none */
    long latency_pairs;    /* pairs both repaired */
    double latency_diff;   /* s, mean of latency2 - latency1 over them; NaN when none */
} att_agree_ruptures;

att_agree_ruptures att_agree_rupture_match(const att_agree *a);

/* The tolerance window in whole units (w). */
long att_agree_window(const att_agree *a);

/* Runs compared, and units per partner (the sum of each matrix). */
size_t att_agree_runs(const att_agree *a);
long att_agree_units(const att_agree *a);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
