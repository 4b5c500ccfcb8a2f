/* Axis labels and titles in words with units: a score metric's words from
 * one table keyed by the scorer's columns (att_score_col_name), a swept
 * key's from the infant and caregiver parameter tables' units.  Internal to
 * the library (not installed). */
#ifndef ATT_PLOT_LABEL_H
#define ATT_PLOT_LABEL_H

#include <stddef.h>

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* The words of score metric `metric` ("matched_prop" -> "matched share",
 * "rmst_s" -> "restricted mean time to repair (s)"; compare's
 * "repair_latency" -> "time to repair (s)"), or NULL when it is not a
 * metric compare accepts.  A static string. */
const char *att_plot_metric_words(const char *metric);

/* Writes the label of `metric` in `window` to buf (n bytes, truncated,
 * always terminated): its words, followed by ", WINDOW" unless the window
 * is "all" ("matched share, still-face").  An unknown metric is written as
 * it is named.  Cannot fail. */
void att_plot_metric_label(char *buf, size_t n, const char *window, const char *metric);

/* Writes the label of the results column `key` to buf (n bytes, truncated,
 * always terminated): "infant.NAME" or "caregiver.NAME" of a parameter
 * table as "caregiver NAME (UNIT)" (a unit that is words rather than a
 * symbol is left out); any other column as it is named.  Cannot fail. */
void att_plot_key_label(char *buf, size_t n, const char *key);

#pragma GCC visibility pop

#endif
