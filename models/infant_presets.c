/* The infant's attachment-style presets: named parameter sets, each the
 * defaults with a few keys changed.  docs/MODEL.md section 8 says which and
 * why; tests/lib/test_infant.c checks that every key names a parameter. */
#include <string.h>
#include "attune/infant.h"

static const att_preset_value secure_values[] = {
    { "trust_initial", 0.85 },
    { "bid_persistence", 18 },
    { "return_rate", 0.231 },
    { "withdraw_rate", 0.005 },
    { "soothability", 4.4 },
    { "hope_buffer", 0.9 },
    { "bid_rate", 1.8 },
    { "frustration_rate", 0.0123 },
};
static const att_preset_value anxious_values[] = {
    { "trust_initial", 0.45 },
    { "contingency_gain", 0.22 },
    { "hope_buffer", 0 },
    { "soothability", 1.6 },
    { "upset_tau", 47 },
    { "protest_rate", 1.6 },
    { "bid_rate", 2.0 },
};
static const att_preset_value avoidant_values[] = {
    { "trust_initial", 0.35 },
    { "avert_rate", 0.234 },
    { "avert_threshold", 0.351 },
    { "contingency_gain", 0.242 },
    { "avert_relief", 0.05 },
    { "bid_rate", 0.3 },
    { "bid_persistence", 4 },
    { "return_rate", 0.102 },
    { "negative_threshold", 1 },
    { "frustration_rate", 0.00456 },
    { "protest_rate", 0.3 },
    { "withdraw_rate", 0.05 },
};

#define PRESET(name, help, values) { name, help, values, sizeof values / sizeof values[0] }
static const att_infant_preset presets[] = {
    PRESET("secure", "expects repair: keeps bidding, comes back readily, soothes easily",
           secure_values),
    PRESET("anxious", "escalates: more protest, higher arousal, slow to soothe",
           anxious_values),
    PRESET("avoidant", "withdraws: turns away early, few bids, aroused but shows little distress",
           avoidant_values),
};

const att_infant_preset *att_infant_preset_find(const char *name)
{
    for (size_t i = 0; i < att_infant_preset_count(); i++)
        if (strcmp(presets[i].name, name) == 0)
            return &presets[i];
    return NULL;
}

const att_infant_preset *att_infant_preset_at(size_t i)
{
    return i < att_infant_preset_count() ? &presets[i] : NULL;
}

size_t att_infant_preset_count(void)
{
    return sizeof presets / sizeof presets[0];
}

void att_infant_preset_params(const att_infant_preset *pr, att_infant_params *out)
{
    att_infant_params_default(out);
    for (size_t i = 0; i < pr->count; i++) {
        const att_param *row = att_param_find(att_infant_param_table, att_infant_param_count,
                                              pr->values[i].key);
        if (row)  /* every key is checked by tests/lib/test_infant.c */
            att_param_put(row, out, pr->values[i].value);
    }
}
