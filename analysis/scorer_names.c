/* The names the scorer gives its outputs: who repaired, a rupture's size,
 * and the score columns with their one-line help (include/attune/scorer.h). */
#include "attune/scorer.h"

static const char *const repairer_names[] = { "", "infant", "caregiver", "both", "neither" };

const char *att_repairer_name(att_repairer r)
{
    return (unsigned)r < sizeof repairer_names / sizeof *repairer_names ? repairer_names[r] : "";
}

static const char *const size_names[] = { "", "micro", "major" };

const char *att_rupture_size_name(att_rupture_size s)
{
    return (unsigned)s < sizeof size_names / sizeof *size_names ? size_names[s] : "";
}

static const struct {
    const char *name, *help;
} columns[ATT_SC_COUNT] = {
    { "observed_s", "seconds of coded time in the window" },
    { "matched_prop", "share of time matched" },
    { "transitions_per_min", "changes between matched and mismatched, per minute" },
    { "ruptures", "ruptures starting in the window" },
    { "ruptures_per_min", "ruptures per minute" },
    { "repairs", "ruptures repaired inside the window" },
    { "repairs_per_min", "repairs per minute" },
    { "repaired_prop", "repairs / ruptures" },
    { "latency_median_s", "median time to repair (Kaplan-Meier, censored ruptures included)" },
    { "latency_median_lo", "lower 95% limit of the median (Brookmeyer-Crowley, log-log)" },
    { "latency_median_hi", "upper 95% limit of the median (empty: not reached)" },
    { "repaired_within_2s", "share of ruptures repaired within 2 s, 1 - S(2)" },
    { "rmst_s", "restricted mean time to repair, up to the cutoff" },
    { "latency_mean_completed_s", "mean latency of repaired ruptures only (biased low)" },
    { "infant_gaze_prop", "share of time the infant looks at the caregiver" },
    { "infant_positive_prop", "share of time the infant is positive" },
    { "infant_negative_prop", "share of time the infant is negative (protest or withdrawn)" },
    { "micro_ruptures", "ruptures repaired in less than the major threshold (--major-after)" },
    { "major_ruptures", "ruptures lasting at least the major threshold, repaired or not" },
};

const char *att_score_col_name(att_score_col c)
{
    return (unsigned)c < ATT_SC_COUNT ? columns[c].name : "";
}

const char *att_score_col_help(att_score_col c)
{
    return (unsigned)c < ATT_SC_COUNT ? columns[c].help : "";
}
