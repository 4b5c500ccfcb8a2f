/* Axis labels in words with units (plot/plot_label.h): the metric words of
 * each scorer column, and a swept key's unit from its parameter table. */
#include <stdio.h>
#include <string.h>
#include "attune/caregiver.h"
#include "attune/compare.h"
#include "attune/infant.h"
#include "attune/scorer.h"
#include "plot/plot_label.h"

/* Indexed by the scorer's columns, so a column added to att_score_col
 * without words here is caught by the test that walks them all. */
static const char *const words[ATT_SC_COUNT] = {
    [ATT_SC_OBSERVED_S] = "observed time (s)",
    [ATT_SC_MATCHED_PROP] = "matched share",
    [ATT_SC_TRANSITIONS_PER_MIN] = "transitions per minute",
    [ATT_SC_RUPTURES] = "ruptures per run",
    [ATT_SC_RUPTURES_PER_MIN] = "ruptures per minute",
    [ATT_SC_REPAIRS] = "repairs per run",
    [ATT_SC_REPAIRS_PER_MIN] = "repairs per minute",
    [ATT_SC_REPAIRED_PROP] = "share of ruptures repaired",
    [ATT_SC_LATENCY_MEDIAN_S] = "median time to repair (s)",
    [ATT_SC_LATENCY_MEDIAN_LO] = "median time to repair, lower 95% bound (s)",
    [ATT_SC_LATENCY_MEDIAN_HI] = "median time to repair, upper 95% bound (s)",
    [ATT_SC_REPAIRED_WITHIN_2S] = "share repaired within 2 s",
    [ATT_SC_RMST_S] = "restricted mean time to repair (s)",
    [ATT_SC_LATENCY_MEAN_COMPLETED_S] = "mean time to repair, repaired only (s)",
    [ATT_SC_INFANT_GAZE_PROP] = "infant's share of time gazing at caregiver",
    [ATT_SC_INFANT_POSITIVE_PROP] = "infant's share of time positive",
    [ATT_SC_INFANT_NEGATIVE_PROP] = "infant's share of time negative",
    [ATT_SC_MICRO_RUPTURES] = "micro ruptures per run",
    [ATT_SC_MAJOR_RUPTURES] = "major ruptures per run",
};

const char *att_plot_metric_words(const char *metric)
{
    if (metric && strcmp(metric, ATT_COMPARE_LATENCY) == 0)
        return "time to repair (s)";
    for (int c = 0; metric && c < ATT_SC_COUNT; c++)
        if (strcmp(att_score_col_name((att_score_col)c), metric) == 0)
            return words[c];
    return NULL;
}

void att_plot_metric_label(char *buf, size_t n, const char *window, const char *metric)
{
    const char *w = att_plot_metric_words(metric);
    if (!w)
        w = metric ? metric : "";
    if (window && *window && strcmp(window, "all") != 0)
        snprintf(buf, n, "%s, %s", w, window);
    else
        snprintf(buf, n, "%s", w);
}

void att_plot_key_label(char *buf, size_t n, const char *key)
{
    static const struct {
        const char *who;
        const att_param *table;
        const size_t *count;
    } tables[] = {
        { "infant", att_infant_param_table, &att_infant_param_count },
        { "caregiver", att_caregiver_param_table, &att_caregiver_param_count },
    };
    const char *dot = key ? strchr(key, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof tables / sizeof *tables; i++) {
        size_t len = strlen(tables[i].who);
        if ((size_t)(dot - key) != len || strncmp(key, tables[i].who, len) != 0)
            continue;
        const att_param *p = att_param_find(tables[i].table, *tables[i].count, dot + 1);
        if (!p)
            break;
        if (p->unit && *p->unit && !strchr(p->unit, ' '))
            snprintf(buf, n, "%s %s (%s)", tables[i].who, p->name, p->unit);
        else
            snprintf(buf, n, "%s %s", tables[i].who, p->name);
        return;
    }
    snprintf(buf, n, "%s", key ? key : "");
}
