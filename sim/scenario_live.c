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

/* Splits a copy of "SECTION.KEY=VALUE" into its words, each trimmed as
 * --set trims them.  0, or -1 when it is not of that form. */
static int split(char *copy, char **section, char **key, char **value)
{
    char *eq = strchr(copy, '=');
    char *dot = eq ? memchr(copy, '.', (size_t)(eq - copy)) : NULL;
    if (!dot)
        return -1;
    *eq = *dot = '\0';
    *section = att_scn_trim(copy);
    *key = att_scn_trim(dot + 1);
    *value = att_scn_trim(eq + 1);
    return **key && **value ? 0 : -1;
}

static int apply(struct loader *ld, size_t phase, const char *section, const char *key,
                 const char *value, enum live_part *part, double *trust)
{
    if (strcmp(section, "infant") == 0) {
        if (strcmp(key, "trust") == 0) {
            *part = LIVE_TRUST;
            return check_trust(ld, value, trust);
        }
        *part = LIVE_INFANT;
        return att_scn_apply_key(ld, -1, SEC_INFANT, 0, key, value);
    }
    if (strcmp(section, "caregiver") != 0)
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
    char *copy = strdup(assignment), *section, *key, *value;
    if (!copy)
        return att_scn_nomem(&ld);
    size_t drawn = s->nsampled;
    if (split(copy, &section, &key, &value) != 0)
        att_scn_fail(&ld, -1, "%s", live_keys);
    else if (apply(&ld, phase, section, key, value, part, trust) == 0 && s->nsampled > drawn)
        att_scn_fail(&ld, -1, "a live change takes a number (a distribution is drawn once, "
                     "at the start of a run: use --set)");
    free(copy);
    if (ld.code)
        return ld.code;
    for (size_t i = 0; i < s->nphases; i++)
        att_scn_resolve_params(s, &s->phases[i]);
    return ATT_OK;
}

int att_scn_live_key(const char *assignment, char *out, size_t size)
{
    char *copy = strdup(assignment), *section, *key, *value;
    if (!copy)
        return -1;
    int rc = split(copy, &section, &key, &value) == 0
             && (size_t)snprintf(out, size, "%s.%s", section, key) < size ? 0 : -1;
    free(copy);
    return rc;
}
