/* The model's headline conclusions: the checks of the suite that state a
 * finding of the literature the model claims to reproduce (../shared/
 * GUIDE.md section 5, the presets' and the chronic timelines' claims,
 * and the expert checks that restate one of them), so that the
 * sensitivity table can say whether a 30 % change flips a conclusion
 * (issue 18: "no headline conclusion should flip").  What is left out and
 * why: docs/VALIDATION.md section 8 (include/attune/validate.h, section 4). */
#include <string.h>
#include "attune/validate.h"

const att_vheadline att_vsens_headlines[] = {
    /* play: ordinary face-to-face play (GUIDE.md 5, first item) */
    { "play.coordinated", "play is coordinated about 30 % of the time" },
    { "play.cadence", "a change between coordinated and not every 3 to 5 s" },
    { "play.repair_3s", "most mismatches are repaired within 2 to 3 s" },
    { "play.repair_next", "about a third are repaired at the next step" },
    /* sf: the still-face effect and its time course (second item) */
    { "sf.positive_d", "the still face lowers positive affect, d about 1" },
    { "sf.gaze_d", "the still face lowers gaze at her, d about 1" },
    { "sf.negative_d", "the still face raises negative affect, d about 0.5 to 0.8" },
    { "sf.bids_first", "bids come first" },
    { "sf.bids_decline", "bids decline over the still face" },
    { "sf.gaze_decline", "gaze declines over the still face" },
    { "sf.positive_decline", "smiles decline over the still face" },
    { "sf.negative_rise", "negative affect rises over the still face" },
    /* reunion: partial recovery, small carry-over (third item) */
    { "reunion.positive_recovery", "positive affect returns when she does" },
    { "reunion.positive_carryover", "positive affect stays a little below play" },
    { "reunion.gaze_carryover", "gaze rebounds, at most a small carry-over" },
    { "reunion.negative_carryover", "negative affect stays a little above play" },
    /* peekaboo: the patient and the intrusive mother (fourth item) */
    { "peekaboo.away_bouts", "with the intrusive mother the infant stays away longer" },
    { "peekaboo.protest", "the intruded-on infant fusses and pushes at her" },
    { "peekaboo.peak_arousal", "looming keeps the infant's arousal up" },
    { "peekaboo.repair_latency", "intrusion makes repair take longer" },
    { "peekaboo.infant_repairs", "with the patient mother the infant comes back on its own" },
    { "peekaboo.infant_repairs_vs", "it does so more with the patient mother" },
    /* repair: the cost of a late repair */
    { "repair.success_delay", "the later a repair, the less it works" },
    { "repair.recovery_delay", "the later a repair, the slower the recovery" },
    /* presets: the attachment styles' contrasts */
    { "presets.secure_bids", "the secure infant keeps bidding" },
    { "presets.secure_reunion_gaze", "the secure infant re-engages in the reunion" },
    { "presets.anxious_protest", "the anxious infant protests" },
    { "presets.anxious_arousal", "the anxious infant is more aroused" },
    { "presets.anxious_slow_soothe", "the anxious infant is slow to be soothed" },
    { "presets.avoidant_early_aversion", "the avoidant infant looks away at once" },
    { "presets.avoidant_few_bids", "the avoidant infant bids least" },
    { "presets.avoidant_arousal_high", "avoidance hides arousal, it does not lower it" },
    { "presets.avoidant_little_negative", "the avoidant infant shows little distress" },
    /* chronic: thirty days with four mothers (fifth item) */
    { "chronic.trust_consistent", "repeated repair builds trust, chronic failure does not" },
    { "chronic.trust_intrusive", "intrusion does not build trust" },
    { "chronic.trust_builds", "trust grows with repaired ruptures" },
    { "chronic.disengage", "the unrepaired infant turns away more and more" },
    { "chronic.disengaged_withdrawn", "unrepaired infants disengage" },
    { "chronic.disengaged_intrusive", "intruded-on infants turn away" },
    { "chronic.bids_fade", "unanswered bids fade" },
    { "chronic.slow_recovery", "a history of failed repair is slow to undo" },
    { "chronic.history_disengaged", "a low expectation of repair keeps the infant away" },
    { "chronic.recovers", "consistent repair rebuilds trust" },
    { "chronic.reengages", "the infant comes back to a repairing mother" },
    /* expert (issue 18): the checks that restate a conclusion above */
    { "expert.sf_gaze_d", "sf.gaze_d at the meta-analytic size" },
    { "expert.sf_positive_d", "sf.positive_d at the meta-analytic size" },
    { "expert.sf_negative_d", "sf.negative_d at the meta-analytic size" },
    { "expert.reunion_negative_d", "negative affect carried into the reunion" },
    { "expert.sf_negative_d_codes", "sf.negative_d, as an observer codes it" },
    { "expert.reunion_negative_d_codes", "negative display carried into the reunion, as coded" },
    { "expert.reunion_cry", "more crying in the reunion than in play" },
    { "expert.sf_gaze_early", "the gaze decline unfolds over the whole still face" },
    { "expert.sf_negative_early", "the negative rise unfolds over the whole still face" },
    { "expert.sf_cry_grows", "crying grows over an unrepaired still face" },
    { "expert.secure_sf_negative", "less still-face distress goes with security" },
    /* ... and each preset against the default infant (issue 18 part 4) */
    { "expert.secure_play_gaze", "the secure infant comes back sooner in play" },
    { "expert.secure_reunion_negative", "the secure infant is readily comforted in the reunion" },
    { "expert.anxious_sf_negative", "the anxious infant is more distressed by the still face" },
    { "expert.anxious_reunion_negative", "the anxious infant stays upset in the reunion" },
    { "expert.avoidant_play_gaze_vs", "the avoidant infant looks away more in play" },
    { "expert.avoidant_sf_negative", "the avoidant infant shows less distress" },
    { "expert.avoidant_reunion_gaze", "the avoidant infant avoids her in the reunion" },
    /* ... and the one trait effect read in a study (issue 18 part 1; the
     * other trait checks are judged ranges or follow from a trait's
     * definition: docs/VALIDATION.md 8) */
    { "expert.reactive_reunion_negative", "reactive infants are more negative in the reunion" },
    { "expert.play_repair_next", "play.repair_next, about a third" },
    { "expert.play_repair_3s", "play.repair_3s, most with a margin" },
};
const size_t att_vsens_headline_count = sizeof att_vsens_headlines / sizeof att_vsens_headlines[0];

const char *att_vsens_headline(const char *id)
{
    for (size_t i = 0; id && i < att_vsens_headline_count; i++)
        if (strcmp(att_vsens_headlines[i].id, id) == 0)
            return att_vsens_headlines[i].claim;
    return NULL;
}
