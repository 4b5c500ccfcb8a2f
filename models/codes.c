/* Names of the observer codes, as they appear in traces and match tables. */
#include "attune/codes.h"

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
