/* The fit statistics' names (attune/fitstats.h): the table of statistics,
 * "WINDOW.NAME" addresses and --stats lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analysis/fitstats_impl.h"
#include "attune/param.h"
#include "base/grow.h"

static const struct {
    const char *name, *help;
    int share;   /* its values lie in [0, 1] */
} stats[ATT_FS_COUNT] = {
    { "matched_prop", "share of observed time matched, mean over sessions", 1 },
    { "ruptures_per_min", "ruptures per minute of observed time, mean over sessions", 0 },
    { "latency_q25_s", "25 % quantile of the time to repair, s (Kaplan-Meier, pooled)", 0 },
    { "latency_q50_s", "median time to repair, s (Kaplan-Meier, pooled)", 0 },
    { "latency_q75_s", "75 % quantile of the time to repair, s (Kaplan-Meier, pooled)", 0 },
    { "repaired_within_2s", "share of ruptures repaired within 2 s (Kaplan-Meier, pooled)", 1 },
    { "infant_gaze_prop", "share of observed time the infant looks at the caregiver, mean", 1 },
    { "infant_positive_prop", "share of observed time of infant positive affect, mean", 1 },
    { "infant_negative_prop", "share of observed time of infant negative affect, mean", 1 },
    { "aversion_bout_s", "mean length of an infant gaze-aversion bout, s (bouts pooled)", 0 },
    { "negative_bout_s", "mean length of an infant negative bout, s (bouts pooled)", 0 },
    { "transitions_per_min", "matched/mismatched changes per minute, mean over sessions", 0 },
    { "matched_prop_sd", "SD over sessions of the matched share", 0 },
    { "ruptures_per_min_sd", "SD over sessions of the ruptures per minute", 0 },
    { "infant_gaze_prop_sd", "SD over sessions of the infant's gaze share", 0 },
    { "infant_positive_prop_sd", "SD over sessions of the infant's positive share", 0 },
    { "infant_negative_prop_sd", "SD over sessions of the infant's negative share", 0 },
    { "transitions_per_min_sd", "SD over sessions of the transitions per minute", 0 },
    { "matched_prop_d", "Cohen's d of the matched share, window A against B (A:B)", 0 },
    { "ruptures_per_min_d", "Cohen's d of the ruptures per minute, window A against B (A:B)", 0 },
    { "infant_gaze_prop_d", "Cohen's d of the infant's gaze share, window A against B (A:B)", 0 },
    { "infant_positive_prop_d", "Cohen's d of the infant's positive share, A against B (A:B)",
      0 },
    { "infant_negative_prop_d", "Cohen's d of the infant's negative share, A against B (A:B)",
      0 },
    { "transitions_per_min_d", "Cohen's d of the transitions per minute, A against B (A:B)", 0 },
};

const att_fitstat att_fs_mean_stat[FS_NMEAN] = {
    ATT_FS_MATCHED_PROP, ATT_FS_RUPTURES_PER_MIN, ATT_FS_TRANSITIONS_PER_MIN,
    ATT_FS_INFANT_GAZE_PROP, ATT_FS_INFANT_POSITIVE_PROP, ATT_FS_INFANT_NEGATIVE_PROP,
};
const att_fitstat att_fs_sd_stat[FS_NMEAN] = {
    ATT_FS_MATCHED_PROP_SD, ATT_FS_RUPTURES_PER_MIN_SD, ATT_FS_TRANSITIONS_PER_MIN_SD,
    ATT_FS_INFANT_GAZE_PROP_SD, ATT_FS_INFANT_POSITIVE_PROP_SD, ATT_FS_INFANT_NEGATIVE_PROP_SD,
};
const att_fitstat att_fs_d_stat[FS_NMEAN] = {
    ATT_FS_MATCHED_PROP_D, ATT_FS_RUPTURES_PER_MIN_D, ATT_FS_TRANSITIONS_PER_MIN_D,
    ATT_FS_INFANT_GAZE_PROP_D, ATT_FS_INFANT_POSITIVE_PROP_D, ATT_FS_INFANT_NEGATIVE_PROP_D,
};
const att_score_col att_fs_mean_col[FS_NMEAN] = {
    ATT_SC_MATCHED_PROP, ATT_SC_RUPTURES_PER_MIN, ATT_SC_TRANSITIONS_PER_MIN,
    ATT_SC_INFANT_GAZE_PROP, ATT_SC_INFANT_POSITIVE_PROP, ATT_SC_INFANT_NEGATIVE_PROP,
};

const char *att_fitstat_name(att_fitstat s)
{
    return (unsigned)s < ATT_FS_COUNT ? stats[s].name : NULL;
}

const char *att_fitstat_help(att_fitstat s)
{
    return (unsigned)s < ATT_FS_COUNT ? stats[s].help : NULL;
}

int att_fitstat_is_share(att_fitstat s)
{
    return (unsigned)s < ATT_FS_COUNT && stats[s].share;
}

int att_fitstat_is_contrast(att_fitstat s)
{
    return s >= ATT_FS_MATCHED_PROP_D && s < ATT_FS_COUNT;
}

int att_fitstat_contrast_split(const char *window, char *first, char *second, size_t cap)
{
    const char *colon = strchr(window, ':');
    if (!colon)
        return ATT_EINPUT;
    size_t n1 = (size_t)(colon - window), n2 = strlen(colon + 1);
    if (n1 == 0 || n2 == 0 || n1 >= cap || n2 >= cap)
        return ATT_EINPUT;
    memcpy(first, window, n1);
    first[n1] = '\0';
    memcpy(second, colon + 1, n2 + 1);
    return ATT_OK;
}

const char *att_fs_window_problem(att_fitstat s, const char *window, char *buf, size_t cap)
{
    char a[256], b[256];
    if (!att_fitstat_is_contrast(s)) {
        if (!strchr(window, ':'))
            return NULL;
        snprintf(buf, cap, "a window A:B takes only the _d statistics (did you mean %s_d?)",
                 stats[s].name);
        return buf;
    }
    const char *colon = strchr(window, ':');
    if (colon && colon > window && colon[1]
        && ((size_t)(colon - window) >= sizeof a || strlen(colon + 1) >= sizeof b))
        snprintf(buf, cap, "%s: a phase name of %zu characters or more", stats[s].name,
                 sizeof a);
    else if (att_fitstat_contrast_split(window, a, b, sizeof a) != ATT_OK)
        snprintf(buf, cap, "%s compares two phases, written A:B (e.g. play:still-face), not "
                 "'%.300s'", stats[s].name, window);
    else if (strcmp(a, ATT_SCORE_ALL) == 0 || strcmp(b, ATT_SCORE_ALL) == 0)
        snprintf(buf, cap, "%s compares two phases; 'all' holds both", stats[s].name);
    else if (strcmp(a, b) == 0)
        snprintf(buf, cap, "%s compares two phases, not phase '%.300s' with itself",
                 stats[s].name, a);
    else
        return NULL;
    return buf;
}

int att_fitstat_find(const char *name)
{
    for (int i = 0; i < ATT_FS_COUNT; i++)
        if (strcmp(name, stats[i].name) == 0)
            return i;
    return -1;
}

void att_fs_unknown_stat(const char *name, char *buf, size_t cap)
{
    const char *cands[ATT_FS_COUNT];
    for (int i = 0; i < ATT_FS_COUNT; i++)
        cands[i] = stats[i].name;
    const char *near = att_suggest(name, cands, ATT_FS_COUNT);
    if (near)
        snprintf(buf, cap, "unknown statistic '%s' (did you mean '%s'?)", name, near);
    else {
        /* the _sd and _d forms by rule, so that the list fits a message */
        int n = snprintf(buf, cap, "unknown statistic '%s' (one of", name);
        for (int i = 0; i < ATT_FS_MATCHED_PROP_SD && n > 0 && (size_t)n < cap; i++)
            n += snprintf(buf + n, cap - (size_t)n, "%s %s", i ? "," : "", stats[i].name);
        if (n > 0 && (size_t)n < cap)
            snprintf(buf + n, cap - (size_t)n, "; and NAME_sd, or A:B.NAME_d, for the six means "
                     "matched_prop, ruptures_per_min, transitions_per_min, infant_*_prop)");
    }
}

int att_fitstat_parse(const char *text, char *window, size_t cap, att_fitstat *stat,
                      att_error *err)
{
    const char *dot = strrchr(text, '.');
    if (!dot)
        return att_error_set(err, ATT_EINPUT, "statistic '%s': expected WINDOW.NAME, "
                             "e.g. still-face.matched_prop", text);
    size_t n = (size_t)(dot - text);
    if (n == 0)
        return att_error_set(err, ATT_EINPUT, "statistic '%s': no window before the '.'", text);
    if (n >= cap)
        return att_error_set(err, ATT_EINPUT, "statistic '%s': window name too long", text);
    int s = att_fitstat_find(dot + 1);
    if (s < 0) {
        char what[sizeof err->msg];
        att_fs_unknown_stat(dot + 1, what, sizeof what);
        return att_error_set(err, ATT_EINPUT, "statistic '%.60s': %s", text, what);
    }
    memcpy(window, text, n);
    window[n] = '\0';
    char why[400];
    if (att_fs_window_problem((att_fitstat)s, window, why, sizeof why))
        return att_error_set(err, ATT_EINPUT, "statistic '%.60s': %s", text, why);
    *stat = (att_fitstat)s;
    return ATT_OK;
}

void att_fitstat_names_free(att_fitstat_names *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->name[i]);
    free(l->name);
    l->name = NULL;
    l->n = 0;
}

/* Parses one item of a --stats list (trimmed, NUL-terminated). */
static int parse_item(const char *item, att_fitstat_names *out, size_t *cap, att_error *err)
{
    char window[256];
    att_fitstat s;
    if (!*item)
        return att_error_set(err, ATT_EINPUT, "--stats: an empty item");
    if (att_fitstat_parse(item, window, sizeof window, &s, err) != ATT_OK)
        return ATT_EINPUT;
    for (size_t i = 0; i < out->n; i++)
        if (strcmp(out->name[i], item) == 0)
            return att_error_set(err, ATT_EINPUT, "--stats: '%s' named twice", item);
    if (att_grow(&out->name, cap, out->n + 1, sizeof *out->name, err) != ATT_OK)
        return ATT_ENOMEM;
    if (!(out->name[out->n] = strdup(item)))
        return att_error_nomem(err);
    out->n++;
    return ATT_OK;
}

int att_fitstat_names_parse(const char *list, att_fitstat_names *out, att_error *err)
{
    att_fitstat_names_free(out);
    char *copy = strdup(list);
    if (!copy)
        return att_error_nomem(err);
    size_t cap = 0;
    int rc = ATT_OK;
    for (char *p = copy; rc == ATT_OK;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ')
            p++;
        size_t n = strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            p[--n] = '\0';
        rc = parse_item(p, out, &cap, err);
        if (!comma)
            break;
        p = comma + 1;
    }
    free(copy);
    if (rc != ATT_OK)
        att_fitstat_names_free(out);
    return rc;
}
