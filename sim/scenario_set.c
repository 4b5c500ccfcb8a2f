/* --set overrides: "section.key=value" and "phase.NAME.key=value", applied
 * through the same key checks as the file (a [condition] line too). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/scenario_int.h"

/* ---- --set ---- */

char *att_scn_trim(char *t)
{
    while (isspace((unsigned char)*t))
        t++;
    char *end = t + strlen(t);
    while (end > t && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return t;
}

static int find_phase(struct loader *ld, origin from, const char *name, size_t *out)
{
    const att_scenario *s = ld->s;
    for (size_t i = 0; i < s->nphases; i++) {
        if (strcmp(s->phases[i].pub.name, name) == 0) {
            *out = i;
            return 0;
        }
    }
    const char **names = malloc((s->nphases + 1) * sizeof *names);
    const char *near = NULL;
    if (names) {
        for (size_t i = 0; i < s->nphases; i++)
            names[i] = s->phases[i].pub.name;
        near = att_suggest(name, names, s->nphases);
        free(names);
    }
    if (near)
        return att_scn_fail(ld, from, "unknown phase '%s' (did you mean '%s'?)", name, near);
    return att_scn_fail(ld, from, "unknown phase '%s'", name);
}

/* `lhs` is the writable text before '=': "section.key" or "phase.NAME.key". */
int att_scn_apply_set_key(struct loader *ld, origin from, char *lhs, const char *value)
{
    char *dot = strchr(lhs, '.');
    if (!dot)
        return att_scn_fail(ld, from, "expected section.key=value (e.g. caregiver.wait_time=3)");
    *dot = '\0';
    char *key = att_scn_trim(dot + 1);
    const char *secname = att_scn_trim(lhs);
    enum section sec = SEC_SCENARIO;
    while (sec < SEC_COUNT && strcmp(att_scn_section_names[sec], secname) != 0)
        sec++;
    if (sec == SEC_COUNT) {
        const char *near = att_suggest(secname, att_scn_section_names + 1, SEC_COUNT - 1);
        if (near)
            return att_scn_fail(ld, from, "unknown section '%s' (did you mean '%s'?)", secname, near);
        return att_scn_fail(ld, from, "unknown section '%s' (expected scenario, infant, caregiver, "
                    "phase or batch)", secname);
    }
    size_t phase = 0;
    if (sec == SEC_PHASE) {
        char *kdot = strrchr(key, '.');
        if (!kdot)
            return att_scn_fail(ld, from, "expected phase.NAME.key=value (e.g. phase.play.wait_time=3)");
        *kdot = '\0';
        if (find_phase(ld, from, att_scn_trim(key), &phase))
            return ld->code;
        key = att_scn_trim(kdot + 1);
    }
    return att_scn_apply_key(ld, from, sec, phase, key, value);
}

int att_scn_apply_set(struct loader *ld, size_t i)
{
    const char *arg = ld->sets[i];
    origin from = -(int)i - 1;
    const char *eq = strchr(arg, '=');
    if (!eq)
        return att_scn_fail(ld, from, "expected section.key=value (e.g. caregiver.wait_time=3)");
    char *copy = strdup(arg);
    if (!copy)
        return att_scn_nomem(ld);
    copy[eq - arg] = '\0';
    int rc = att_scn_apply_set_key(ld, from, copy, att_scn_trim(copy + (eq - arg) + 1));
    free(copy);
    return rc;
}
