/* Names of the observer codes, as they appear in traces and match tables,
 * and of the infant's behaviours and affects, as traces and the event log
 * write them. */
#include "attune/codes.h"
#include "attune/infant.h"

static const char *const infant_names[ATT_IC_COUNT] = {
    "positive", "monitor", "avert", "protest", "withdrawn"
};
static const char *const caregiver_names[ATT_CC_COUNT] = {
    "positive", "monitor", "intrusive", "still", "withdrawn", "soothe"
};

const char *att_infant_code_name(att_infant_code c)
{
    return (unsigned)c < ATT_IC_COUNT ? infant_names[c] : "?";
}

const char *att_caregiver_code_name(att_caregiver_code c)
{
    return (unsigned)c < ATT_CC_COUNT ? caregiver_names[c] : "?";
}

static const char *const behavior_names[ATT_IB_COUNT] = {
    "engage", "look-away", "bid-reach", "bid-point", "bid-vocalise",
    "protest-fuss", "protest-push", "self-comfort", "withdrawal", "distress"
};

const char *att_infant_behavior_name(att_infant_behavior b)
{
    return (unsigned)b < ATT_IB_COUNT ? behavior_names[b] : "?";
}

const char *att_affect_name(att_affect a)
{
    switch (a) {
    case ATT_AFFECT_NEGATIVE: return "negative";
    case ATT_AFFECT_NEUTRAL: return "neutral";
    case ATT_AFFECT_POSITIVE: return "positive";
    }
    return "?";
}
