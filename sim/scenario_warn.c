/* Warnings for keys that are valid but change nothing: caregiver keys the
 * policy of every phase they reach ignores, and a distress-prone infant's
 * gains where no infant is distress-prone (see scenario.h). */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/grow.h"
#include "sim/scenario_int.h"

/* ---- warnings: keys the policy ignores ---- */

/* The keys warnings rest on (att_scenario_warning_key). */
static const char policy_key[] = "caregiver.policy";
static const char prone_key[] = "infant.distress_prone";

/* Appends `text`, resting on `key` in `phase` (-1: any), to s's warnings
 * unless the same text is there (a key of the file is seen again by every
 * condition, a swept one by every value).  -1 when out of memory. */
static int add_warning(att_scenario *s, const char *text, const char *key, long phase)
{
    for (size_t i = 0; i < s->nwarnings; i++)
        if (strcmp(s->warnings[i].text, text) == 0)
            return 0;
    if (att_grow(&s->warnings, &s->warnings_cap, s->nwarnings + 1, sizeof *s->warnings, NULL))
        return -1;
    char *copy = strdup(text);
    if (!copy)
        return -1;
    s->warnings[s->nwarnings++] = (struct warning){ copy, key, phase };
    return 0;
}

/* "FILE:LINE" or "--set ARG", where a value came from. */
static void origin_text(const struct loader *ld, origin from, char *buf, size_t size)
{
    if (from < 0)
        snprintf(buf, size, "--set %s", ld->sets[-from - 1]);
    else
        snprintf(buf, size, "%s:%d", ld->s->path, from);
}

/* "patient", "patient and still-face", "a, b and c": the distinct policies
 * of the phases marked in `use`. */
static void policy_list(const att_scenario *s, const char *use, char *buf, size_t size)
{
    const att_policy_type *seen[16];
    size_t n = 0;
    for (size_t i = 0; i < s->nphases && n < 16; i++) {
        const att_policy_type *p = s->phases[i].pub.policy;
        size_t k = 0;
        while (use[i] && k < n && seen[k] != p)
            k++;
        if (use[i] && k == n)
            seen[n++] = p;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 k == 0 ? "" : k + 1 == n ? " and " : ", ", seen[k]->name);
}

/* One warning before sorting: where its key was set, in file order. */
struct pending {
    origin from;
    size_t seq;
    const char *key;   /* what it rests on */
    long phase;        /* where a live change of it reaches it, -1: anywhere */
    char text[1024];
};

/* File lines first, in order, then --set arguments, in order. */
static int pending_order(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    long kx = x->from > 0 ? x->from : 1000000000L - x->from;
    long ky = y->from > 0 ? y->from : 1000000000L - y->from;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The infant table's row of `name` (a key it has). */
static size_t infant_row(const char *name)
{
    const att_param *p = att_param_find(att_infant_param_table, att_infant_param_count, name);
    assert(p);
    return (size_t)(p - att_infant_param_table);
}

/* A distress-prone infant's gains, set (in [infant], by --set or by
 * `condition`) where distress_prone is a fixed 0, not drawn: they have no
 * effect on the infant (docs/MODEL.md 2.12; a drawn gain still takes its
 * draws, and a live change of distress_prone, `attune run --at`, is not
 * the loader's to see: `attune run` leaves the warning out then, told by
 * its key).  Adds up to two warnings to w; returns how many. */
static size_t prone_warnings(const struct loader *ld, struct pending *w, size_t seq,
                             const char *cond)
{
    static const char *const gains[] = { "prone_negative_gain", "prone_calm_gain" };
    const char *trait = prone_key + sizeof "infant." - 1;
    const att_scenario *s = ld->s;
    const struct target prone = { SEC_INFANT, 0, infant_row(trait) };
    if (s->infant.distress_prone != 0 || att_scn_find_sampled(s, &prone))
        return 0;
    const att_spread *drawn = att_infant_population_trait(trait, strlen(trait));
    assert(drawn);   /* the population draws it: its chance is what the warning suggests */
    size_t n = 0;
    for (size_t g = 0; g < sizeof gains / sizeof *gains; g++) {
        size_t row = infant_row(gains[g]);
        if (!s->infant_from[row])
            continue;
        char where[512];
        origin_text(ld, s->infant_from[row], where, sizeof where);
        w[n].from = s->infant_from[row];
        w[n].seq = seq + n;
        w[n].key = prone_key;
        w[n].phase = -1;
        snprintf(w[n].text, sizeof w[n].text, "%s: warning: infant.%s has no effect on the "
                 "infant: %s is 0 throughout the scenario (set it to 1, or draw it: %s = "
                 "bernoulli(%g))%s", where, gains[g], trait, trait, drawn->spread, cond);
        n++;
    }
    return n;
}

/* After finalize: one warning for each caregiver key set (in [caregiver],
 * a [phase], by --set or by `condition`, may be NULL) that the policy of
 * every phase it reaches ignores, and for each prone gain that changes
 * nothing (prone_warnings), in the order the keys were set.  A
 * [caregiver] key reaches the phases that do not set it themselves. */
int att_scn_collect_warnings(struct loader *ld, const char *condition)
{
    att_scenario *s = ld->s;
    size_t cap = att_caregiver_param_count * (s->nphases + 1) + 2, n = 0;
    char *use = calloc(s->nphases + 1, 1);
    struct pending *w = malloc(cap * sizeof *w);
    if (!use || !w) {
        free(use);
        free(w);
        return att_scn_nomem(ld);
    }
    char where[512], pols[160], cond[ATT_NAME_MAX + 20] = "";
    if (condition)
        snprintf(cond, sizeof cond, " (condition '%s')", condition);
    for (size_t r = 0; r < att_caregiver_param_count; r++) {
        const char *key = att_caregiver_param_table[r].name;
        if (s->caregiver.from[r]) {
            size_t reach = 0, read = 0;
            for (size_t i = 0; i < s->nphases; i++) {
                use[i] = !s->phases[i].layer.from[r];
                reach += use[i];
                read += use[i] && att_policy_reads(s->phases[i].pub.policy, key);
            }
            if (reach > 0 && read == 0) {
                origin_text(ld, s->caregiver.from[r], where, sizeof where);
                policy_list(s, use, pols, sizeof pols);
                w[n].from = s->caregiver.from[r];
                w[n].seq = n;
                w[n].key = policy_key;
                w[n].phase = -1;   /* a live policy reaches the phases without their own */
                snprintf(w[n].text, sizeof w[n].text, "%s: warning: caregiver.%s is ignored by "
                         "the %s polic%s%s", where, key, pols, strchr(pols, ' ') ? "ies" : "y",
                         cond);
                n++;
            }
        }
        for (size_t i = 0; i < s->nphases; i++) {
            const struct phase_spec *ph = &s->phases[i];
            if (!ph->layer.from[r] || att_policy_reads(ph->pub.policy, key))
                continue;
            origin_text(ld, ph->layer.from[r], where, sizeof where);
            w[n].from = ph->layer.from[r];
            w[n].seq = n;
            w[n].key = policy_key;
            /* a phase with its own policy takes a live one only while it runs */
            w[n].phase = ph->layer.policy_from ? (long)i : -1;
            snprintf(w[n].text, sizeof w[n].text, "%s: warning: phase.%s.%s is ignored by the "
                     "%s policy%s", where, ph->pub.name, key, ph->pub.policy->name, cond);
            n++;
        }
    }
    n += prone_warnings(ld, w + n, n, cond);
    qsort(w, n, sizeof *w, pending_order);
    for (size_t i = 0; i < n && !ld->code; i++)
        if (add_warning(s, w[i].text, w[i].key, w[i].phase))
            att_scn_nomem(ld);
    free(w);
    free(use);
    return ld->code;
}

/* An experiment warns about what its conditions run: their warnings,
 * once each, in order, replace the file's own. */
int att_scn_gather_warnings(struct loader *ld)
{
    att_scenario *s = ld->s;
    if (s->nconds == 0)
        return 0;
    for (size_t i = 0; i < s->nwarnings; i++)
        free(s->warnings[i].text);
    s->nwarnings = 0;
    for (size_t c = 0; c < s->nconds; c++) {
        const att_scenario *cs = s->conds[c].s;
        for (size_t i = 0; i < cs->nwarnings; i++)
            if (add_warning(s, cs->warnings[i].text, cs->warnings[i].key, cs->warnings[i].phase))
                return att_scn_nomem(ld);
    }
    return 0;
}
