/* Live changes: a key of a running dyad changed from one step on (sim.h,
 * att_sim_schedule), applied to the run's private copy of its scenario
 * through the same key checks, and the same messages, as --set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/scenario_int.h"

static const char live_keys[] = "expected infant.KEY=VALUE, caregiver.KEY=VALUE, "
                                "caregiver.policy=NAME or infant.trust=VALUE";

/* infant.trust: the expectation of repair now, 0-1. */
static int check_trust(struct loader *ld, const char *value, double *trust)
{
    double v;
    int bad = att_parse_double(value, &v);
    if (bad)
        return att_scn_fail(ld, -1, "trust = %s %s", value, att_number_problem(bad));
    if (v < 0 || v > 1)
        return att_scn_fail(ld, -1, "trust = %s is out of range [0, 1]", value);
    *trust = v;
    return 0;
}

static int apply(struct loader *ld, size_t phase, char *lhs, const char *value,
                 enum live_part *part, double *trust)
{
    char *dot = strchr(lhs, '.');
    if (!dot || *value == '\0')
        return att_scn_fail(ld, -1, "%s", live_keys);
    *dot = '\0';
    const char *key = dot + 1;
    if (strcmp(lhs, "infant") == 0) {
        if (strcmp(key, "trust") == 0) {
            *part = LIVE_TRUST;
            return check_trust(ld, value, trust);
        }
        *part = LIVE_INFANT;
        return att_scn_apply_key(ld, -1, SEC_INFANT, 0, key, value);
    }
    if (strcmp(lhs, "caregiver") != 0)
        return att_scn_fail(ld, -1, "a live change sets an infant or caregiver key (%s)", live_keys);
    *part = strcmp(key, "policy") == 0 ? LIVE_POLICY : LIVE_CAREGIVER;
    if (att_scn_apply_key(ld, -1, SEC_CAREGIVER, 0, key, value))
        return ld->code;
    return att_scn_apply_key(ld, -1, SEC_PHASE, phase, key, value);
}

int att_scn_live_set(att_scenario *s, size_t phase, const char *label, const char *assignment,
                     enum live_part *part, double *trust, att_error *err)
{
    const char *sets[] = { label };
    struct loader ld = { .s = s, .err = err, .sets = sets, .flag = "--at" };
    if (phase >= s->nphases)
        return att_error_set(err, ATT_EINTERNAL, "live change in phase %zu of %zu", phase, s->nphases);
    const char *eq = strchr(assignment, '=');
    if (!eq)
        return att_scn_fail(&ld, -1, "%s", live_keys);
    char *lhs = strdup(assignment);
    if (!lhs)
        return att_scn_nomem(&ld);
    lhs[eq - assignment] = '\0';
    size_t drawn = s->nsampled;
    if (apply(&ld, phase, lhs, eq + 1, part, trust) == 0 && s->nsampled > drawn)
        att_scn_fail(&ld, -1, "a live change takes a number (a distribution is drawn once, "
                     "at the start of a run: use --set)");
    free(lhs);
    if (ld.code)
        return ld.code;
    for (size_t i = 0; i < s->nphases; i++)
        att_scn_resolve_params(s, &s->phases[i]);
    return ATT_OK;
}
