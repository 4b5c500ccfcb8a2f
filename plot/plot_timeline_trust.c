/* The trust panel of `attune plot timeline` from batch results: per
 * session of one condition, the mean of the results' trust column (the
 * infant's trust at the session's end) with the percentile bootstrap
 * interval of that mean, drawn as compare draws its intervals (same
 * resamples, generator, level; seed att_compare_seed(seed, SESSION,
 * "trust")). */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/compare.h"
#include "attune/param.h"
#include "base/grow.h"
#include "batch/results.h"
#include "plot/plot_data.h"
#include "stats/bootstrap.h"

typedef struct values {
    double *v;
    size_t n, cap;
} values;

/* The session number and trust (NaN when empty) of a results line with
 * the trust column; -1 when the line is not one. */
static int line_trust(const char *line, long *session, double *trust)
{
    const char *cond;
    size_t clen;
    if (att_results_session_fields(line, &cond, &clen, session) != 0)
        return -1;
    const char *p = cond + clen + 1;   /* replicate, then session: plain digits */
    for (int i = 0; i < 2 && p; i++)
        p = (p = strchr(p, ',')) ? p + 1 : NULL;
    if (!p)
        return -1;
    size_t len = strcspn(p, ",\n");
    char text[64];
    *trust = NAN;
    if (len == 0)
        return 0;
    if (len >= sizeof text)
        return -1;
    memcpy(text, p, len);
    text[len] = '\0';
    return att_parse_double(text, trust) == 0 ? 0 : -1;
}

static int resample_mean(void *ctx, const size_t *rows, double *out, att_error *err)
{
    (void)err;
    const values *x = ctx;
    double s = 0;
    for (size_t i = 0; i < x->n; i++)
        s += x->v[rows[i]];
    *out = s / (double)x->n;
    return ATT_OK;
}

/* Mean and interval of x into l's session k. */
static int summarise(att_plot_line *l, size_t k, const values *x, long boot,
                     unsigned long seed, gsl_rng *rng, att_error *err)
{
    double s = 0;
    for (size_t i = 0; i < x->n; i++)
        s += x->v[i];
    l->trust[k] = x->n ? s / (double)x->n : NAN;
    l->trust_lo[k] = l->trust_hi[k] = NAN;
    if (x->n < 2 || boot <= 0)
        return ATT_OK;
    size_t *rows = malloc(x->n * sizeof *rows);
    double *work = malloc((size_t)boot * sizeof *work);
    int rc = rows && work ? ATT_OK : att_error_nomem(err);
    att_boot b = { .nsamples = 1, .size = &x->n, .stat = resample_mean, .ctx = (void *)x,
                   .width = 1 };
    if (rc == ATT_OK)
        rc = att_boot_run(&b, rng, att_compare_seed(seed, l->s[k].name, "trust"), boot, rows,
                          work, err);
    double a = (1 - ATT_COMPARE_CONF) / 2;
    if (rc == ATT_OK)
        att_boot_interval(work, (size_t)boot, a, 1 - a, &l->trust_lo[k], &l->trust_hi[k]);
    free(rows);
    free(work);
    return rc;
}

int att_plot_timeline_trust(att_plot_line *l, const char *text, size_t len, long boot,
                            unsigned long seed, att_error *err)
{
    if (len < strlen(ATT_RESULTS_TRUST_HEAD)
        || strncmp(text, ATT_RESULTS_TRUST_HEAD, strlen(ATT_RESULTS_TRUST_HEAD)) != 0)
        return ATT_OK;   /* results written before the trust column */
    values *x = calloc(l->n + 1, sizeof *x);
    l->trust = calloc(l->n + 1, sizeof *l->trust);
    l->trust_lo = calloc(l->n + 1, sizeof *l->trust_lo);
    l->trust_hi = calloc(l->n + 1, sizeof *l->trust_hi);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = x && l->trust && l->trust_lo && l->trust_hi && rng ? ATT_OK : att_error_nomem(err);
    const char *end = text + len, *q = memchr(text, '\n', len);
    for (q = q ? q + 1 : end; rc == ATT_OK && q < end;) {
        const char *e = memchr(q, '\n', (size_t)(end - q));
        long session;
        double t;
        size_t k = 0;
        if (line_trust(q, &session, &t) == 0 && !isnan(t)) {
            while (k < l->n && l->s[k].x != (double)session)
                k++;
            if (k < l->n) {
                rc = att_grow(&x[k].v, &x[k].cap, x[k].n + 1, sizeof *x[k].v, err);
                if (rc == ATT_OK)
                    x[k].v[x[k].n++] = t;
            }
        }
        q = e ? e + 1 : end;
    }
    for (size_t k = 0; rc == ATT_OK && k < l->n; k++)
        rc = summarise(l, k, &x[k], boot, seed, rng, err);
    for (size_t k = 0; x && k < l->n; k++)
        free(x[k].v);
    free(x);
    if (rng)
        gsl_rng_free(rng);
    return rc;
}
