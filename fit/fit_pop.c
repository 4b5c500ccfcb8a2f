/* The population keys of a fit (--population): a key drawn per simulated
 * dyad from normal(mean, sd), fitted as two parameters KEY.mean and KEY.sd
 * (docs/FIT.md, "Population").  Here: parsing "SECTION.KEY[=LO:HI[:SDLO:
 * SDHI]]" into the pair, and checking the pairs a fit is given. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "attune/infant.h"
#include "attune/param.h"
#include "fit/fit_int.h"

#define MEAN_SUFFIX ".mean"
#define MEAN_SUFFIX_LEN (sizeof MEAN_SUFFIX - 1)

/* Rewrites att_fit_param_parse's "--free FREE: why" as "--population SPEC: why". */
static int reword(att_error *err, const char *free_spec, const char *spec)
{
    char why[sizeof err->msg];
    size_t skip = strlen("--free ") + strlen(free_spec);
    snprintf(why, sizeof why, "%s", strlen(err->msg) >= skip ? err->msg + skip : err->msg);
    return att_error_set(err, err->code, "--population %s%s", spec, why);
}

/* Up to four ':'-separated numbers after '=' into num; their count to *n. */
static int numbers(const char *text, const char *spec, double *num, int *n, att_error *err)
{
    *n = 0;
    for (const char *p = text;; (*n)++) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char one[64];
        if (*n == 4 || len >= sizeof one)
            return att_error_set(err, ATT_EINPUT, "--population %s: expected =LO:HI or "
                                 "=LO:HI:SDLO:SDHI after the key", spec);
        memcpy(one, p, len);
        one[len] = '\0';
        int rc = att_parse_double(one, &num[*n]);
        if (rc != 0)
            return att_error_set(err, ATT_EINPUT, "--population %s: bound '%s' %s", spec, one,
                                 att_number_problem(rc));
        if (!colon) {
            (*n)++;
            break;
        }
        p = colon + 1;
    }
    if (*n != 2 && *n != 4)
        return att_error_set(err, ATT_EINPUT, "--population %s: expected =LO:HI (the mean's "
                             "bounds) or =LO:HI:SDLO:SDHI (and the sd's)", spec);
    return ATT_OK;
}

/* The distribution from which scenario `s` draws `key` per dyad, or NULL. */
static const att_dist *sampled_dist(const att_scenario *s, const char *key)
{
    char k[ATT_FIT_KEY_MAX];
    for (size_t i = 0; i < att_scenario_sampled_count(s); i++) {
        att_scenario_sampled_key(s, i, k, sizeof k);
        if (strcmp(k, key) == 0)
            return att_scenario_sampled_dist(s, i);
    }
    return NULL;
}

int att_fit_param_drawn(const att_scenario *s, const char *key, char *dist, size_t size)
{
    const att_dist *d = sampled_dist(s, key);
    if (size && d)
        att_dist_format(d, dist, size);
    else if (size)
        dist[0] = '\0';
    return d != NULL;
}

/* The sd of the scenario's own normal distribution of `key`, or NAN. */
static double scenario_sd(const att_scenario *s, const char *key)
{
    const att_dist *d = sampled_dist(s, key);
    return d && d->kind == ATT_DIST_NORMAL ? d->b : NAN;
}

/* The sd's bounds and start into out[1], given the mean's out[0]. */
static int sd_param(const att_scenario *s, const char *spec, const double *num, int n,
                    att_fit_param out[2], att_error *err)
{
    double range = out[0].hi - out[0].lo;
    out[1].lo = n == 4 ? num[2] : 0;
    out[1].hi = n == 4 ? num[3] : range / 2;
    if (out[1].lo < 0)
        return att_error_set(err, ATT_EINPUT, "--population %s: sd bound %g below 0 (a spread "
                             "is at least 0)", spec, out[1].lo);
    if (!(out[1].lo < out[1].hi))
        return att_error_set(err, ATT_EINPUT, "--population %s: sd bounds reversed or equal "
                             "(SDLO < SDHI)", spec);
    char key[ATT_FIT_KEY_MAX - 8];
    snprintf(key, sizeof key, "%.*s", (int)(strlen(out[0].key) - 5), out[0].key);
    double start = scenario_sd(s, key);
    if (isnan(start))
        start = range / 10;
    out[1].value = fmin(fmax(start, out[1].lo), out[1].hi);
    out[1].population = ATT_FIT_POP_SD;
    snprintf(out[1].key, sizeof out[1].key, "%s.sd", key);
    return ATT_OK;
}

int att_fit_population_parse(const att_scenario *s, const char *spec, att_fit_param out[2],
                             att_error *err)
{
    memset(out, 0, 2 * sizeof *out);
    if (strncmp(spec, "infant.", 7) != 0 && strncmp(spec, "caregiver.", 10) != 0)
        return att_error_set(err, ATT_EINPUT, "--population %s: only infant.KEY and "
                             "caregiver.KEY can vary across dyads", spec);
    const char *eq = strchr(spec, '=');
    size_t klen = eq ? (size_t)(eq - spec) : strlen(spec);
    size_t dots = 0;
    for (size_t i = 0; i < klen; i++)
        dots += spec[i] == '.';
    if (klen + 9 > ATT_FIT_KEY_MAX || dots != 1 || strchr(spec, ','))
        return att_error_set(err, ATT_EINPUT, "--population %s: expected SECTION.KEY[=LO:HI"
                             "[:SDLO:SDHI]] (e.g. infant.avert_rate=0.01:1)", spec);
    /* a trait an infant has or not: no normal(mean, sd) across dyads describes it */
    const att_spread *trait = strncmp(spec, "infant.", 7) == 0
                              ? att_infant_population_trait(spec + 7, klen - 7) : NULL;
    if (trait)
        return att_error_set(err, ATT_EINPUT, "--population %s: a trait an infant has (1) or "
                             "not (0), as attune validate's population draws it (bernoulli(%g)); "
                             "no normal(mean, sd) across dyads describes it (its chance is set "
                             "with --set %.*s=bernoulli(P), not fitted)", spec, trait->spread,
                             (int)klen, spec);
    double num[4];
    int n = 0;
    if (eq && numbers(eq + 1, spec, num, &n, err) != ATT_OK)
        return ATT_EINPUT;
    /* the mean: a --free key with the first two bounds */
    char free_spec[ATT_FIT_KEY_MAX + 64];
    const char *second = eq ? strchr(strchr(eq, ':') + 1, ':') : NULL;
    size_t flen = second ? (size_t)(second - spec) : strlen(spec);
    snprintf(free_spec, sizeof free_spec, "%.*s", (int)flen, spec);
    if (att_fit_param_parse(s, free_spec, &out[0], err) != ATT_OK)
        return reword(err, free_spec, spec);
    snprintf(out[0].key, sizeof out[0].key, "%.*s" MEAN_SUFFIX, (int)klen, spec);
    out[0].population = ATT_FIT_POP_MEAN;
    return sd_param(s, spec, num, n, out, err);
}

size_t att_fit_scenario_key_len(const att_fit_param *p)
{
    size_t len = strlen(p->key);
    if (p->population != ATT_FIT_POP_MEAN)
        return len;
    assert(len > MEAN_SUFFIX_LEN && strcmp(p->key + len - MEAN_SUFFIX_LEN, MEAN_SUFFIX) == 0);
    return len - MEAN_SUFFIX_LEN;
}

int att_fit_population_check(const att_fit_param *p, size_t n, att_error *err)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(p[i].key);
        int mean = p[i].population == ATT_FIT_POP_MEAN;
        if (p[i].population == 0)
            continue;
        if (!mean || i + 1 == n || p[i + 1].population != ATT_FIT_POP_SD || len <= MEAN_SUFFIX_LEN
            || strcmp(p[i].key + len - MEAN_SUFFIX_LEN, MEAN_SUFFIX) != 0
            || strncmp(p[i].key, p[i + 1].key, len - MEAN_SUFFIX_LEN) != 0
            || strcmp(p[i + 1].key + len - MEAN_SUFFIX_LEN, ".sd") != 0 || p[i + 1].lo < 0)
            return att_error_set(err, ATT_EINPUT, "fit: %s: a population key is KEY.mean then "
                                 "KEY.sd (sd bounds >= 0)", p[i].key);
        i++;
    }
    return ATT_OK;
}
