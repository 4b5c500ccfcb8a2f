/* Population distributions and sweeps of parameter values (see dist.h). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "attune/dist.h"
#include "attune/param.h"

static const char *const dist_names[] = { "normal", "lognormal", "uniform", "beta", "bernoulli" };
enum { NDIST = sizeof dist_names / sizeof dist_names[0] };

double att_round10(double x)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.10g", x);
    return strtod(buf, NULL);
}

/* Copies the trimmed text between p and end into buf; -1 if it does not fit. */
static int trimmed(const char *p, const char *end, char *buf, size_t size)
{
    while (p < end && isspace((unsigned char)*p))
        p++;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    if ((size_t)(end - p) >= size)
        return -1;
    memcpy(buf, p, (size_t)(end - p));
    buf[end - p] = '\0';
    return 0;
}

/* The arguments of a distribution's text, from its '(' at `open`: two
 * numbers, or one when `one` (bernoulli). ATT_EINPUT with `err` when they
 * are not that. */
static int parse_args(const char *text, const char *open, int one, double *a, double *b,
                      att_error *err)
{
    const char *close = strrchr(open, ')');
    const char *comma = strchr(open, ',');
    const char *comma2 = comma ? strchr(comma + 1, ',') : NULL;
    char rest[8], arg1[64], arg2[64];
    if (one) {
        if (!close || (comma && comma < close)
            || trimmed(close + 1, close + strlen(close), rest, sizeof rest) || rest[0]
            || trimmed(open + 1, close, arg1, sizeof arg1))
            return att_error_set(err, ATT_EINPUT, "%s: expected bernoulli(P), e.g. "
                                 "bernoulli(0.07)", text);
        if (att_parse_double(arg1, a))
            return att_error_set(err, ATT_EINPUT, "%s: the argument must be a number, e.g. "
                                 "bernoulli(0.07)", text);
        return ATT_OK;
    }
    if (!close || !comma || comma > close || (comma2 && comma2 < close)
        || trimmed(close + 1, close + strlen(close), rest, sizeof rest) || rest[0]
        || trimmed(open + 1, comma, arg1, sizeof arg1)
        || trimmed(comma + 1, close, arg2, sizeof arg2))
        return att_error_set(err, ATT_EINPUT, "%s: expected NAME(NUMBER, NUMBER), e.g. normal(0.5, 0.1)", text);
    if (att_parse_double(arg1, a) || att_parse_double(arg2, b))
        return att_error_set(err, ATT_EINPUT, "%s: the arguments must be numbers, e.g. normal(0.5, 0.1)", text);
    return ATT_OK;
}

int att_dist_parse(const char *text, att_dist *out, att_error *err)
{
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    const char *word = p;
    while (isalpha((unsigned char)*p))
        p++;
    const char *word_end = p;
    while (isspace((unsigned char)*p))
        p++;
    if (word_end == word || *p != '(')
        return ATT_DIST_NONE;
    char name[32];
    if (trimmed(word, word_end, name, sizeof name))
        return att_error_set(err, ATT_EINPUT, "%s: unknown distribution", text);
    int kind = 0;
    while (kind < NDIST && strcmp(dist_names[kind], name) != 0)
        kind++;
    if (kind == NDIST) {
        const char *near = att_suggest(name, dist_names, NDIST);
        if (near)
            return att_error_set(err, ATT_EINPUT, "%s: unknown distribution '%s' (did you "
                                 "mean '%s'?); expected normal, lognormal, uniform, beta or "
                                 "bernoulli",
                                 text, name, near);
        return att_error_set(err, ATT_EINPUT, "%s: unknown distribution '%s'; expected normal, "
                             "lognormal, uniform, beta or bernoulli", text, name);
    }
    double a, b = 0;
    if (parse_args(text, p, kind == ATT_DIST_BERNOULLI, &a, &b, err))
        return ATT_EINPUT;
    out->kind = (att_dist_kind)kind;
    out->a = a;
    out->b = b;
    switch (out->kind) {
    case ATT_DIST_NORMAL:
        if (b <= 0)
            return att_error_set(err, ATT_EINPUT, "%s: the standard deviation must be > 0", text);
        break;
    case ATT_DIST_LOGNORMAL:
        if (b <= 0)
            return att_error_set(err, ATT_EINPUT, "%s: sigma (the SD of the log) must be > 0", text);
        if (a > 700)
            return att_error_set(err, ATT_EINPUT, "%s: zeta (the mean of the log) is too large", text);
        break;
    case ATT_DIST_UNIFORM:
        if (!(a < b))
            return att_error_set(err, ATT_EINPUT, "%s: needs a < b", text);
        break;
    case ATT_DIST_BETA:
        if (a <= 0 || b <= 0)
            return att_error_set(err, ATT_EINPUT, "%s: both shape parameters must be > 0", text);
        break;
    case ATT_DIST_BERNOULLI:
        if (!(a >= 0 && a <= 1))
            return att_error_set(err, ATT_EINPUT, "%s: the chance must be in [0, 1]", text);
        break;
    }
    return ATT_OK;
}

/* The smallest interval holding every possible draw. */
static void support(const att_dist *d, double *lo, double *hi)
{
    switch (d->kind) {
    case ATT_DIST_NORMAL: *lo = -INFINITY; *hi = INFINITY; return;
    case ATT_DIST_LOGNORMAL: *lo = 0; *hi = INFINITY; return;
    case ATT_DIST_UNIFORM: *lo = d->a; *hi = d->b; return;
    case ATT_DIST_BETA: *lo = 0; *hi = 1; return;
    case ATT_DIST_BERNOULLI: *lo = 0; *hi = 1; return;
    }
    *lo = -INFINITY;
    *hi = INFINITY;
}

int att_dist_check(const att_dist *d, double min, double max, att_error *err)
{
    if (d->kind == ATT_DIST_BERNOULLI && !(min <= 0 && max >= 1)) {
        char text[96];
        att_dist_format(d, text, sizeof text);
        return att_error_set(err, ATT_EINPUT, "%s draws 0 or 1, and the valid range [%g, %g] "
                             "does not hold both", text, min, max);
    }
    double lo, hi;
    support(d, &lo, &hi);
    /* Touching a bound only would make every draw that bound. */
    if (hi <= min || lo >= max) {
        char text[96];
        att_dist_format(d, text, sizeof text);
        return att_error_set(err, ATT_EINPUT, "%s cannot fall inside the valid range [%g, %g]",
                             text, min, max);
    }
    return ATT_OK;
}

double att_dist_draw(const att_dist *d, gsl_rng *r, double min, double max)
{
    double x = 0;
    switch (d->kind) {
    case ATT_DIST_NORMAL: x = d->a + gsl_ran_gaussian(r, d->b); break;
    case ATT_DIST_LOGNORMAL: x = gsl_ran_lognormal(r, d->a, d->b); break;
    case ATT_DIST_UNIFORM: x = gsl_ran_flat(r, d->a, d->b); break;
    case ATT_DIST_BETA: x = gsl_ran_beta(r, d->a, d->b); break;
    case ATT_DIST_BERNOULLI: x = gsl_ran_bernoulli(r, d->a); break;
    }
    if (x < min)
        x = min;
    if (x > max)
        x = max;
    return att_round10(x);
}

double att_dist_mean(const att_dist *d)
{
    switch (d->kind) {
    case ATT_DIST_NORMAL: return d->a;
    case ATT_DIST_LOGNORMAL: return exp(d->a + d->b * d->b / 2);
    case ATT_DIST_UNIFORM: return (d->a + d->b) / 2;
    case ATT_DIST_BETA: return d->a / (d->a + d->b);
    case ATT_DIST_BERNOULLI: return d->a;
    }
    return NAN;
}

double att_dist_sd(const att_dist *d)
{
    double s2 = d->b * d->b, ab = d->a + d->b;
    switch (d->kind) {
    case ATT_DIST_NORMAL: return d->b;
    case ATT_DIST_LOGNORMAL: return sqrt(expm1(s2) * exp(2 * d->a + s2));
    case ATT_DIST_UNIFORM: return (d->b - d->a) / sqrt(12);
    case ATT_DIST_BETA: return sqrt(d->a * d->b / (ab * ab * (ab + 1)));
    case ATT_DIST_BERNOULLI: return sqrt(d->a * (1 - d->a));
    }
    return NAN;
}

void att_dist_format(const att_dist *d, char *buf, size_t size)
{
    if (d->kind == ATT_DIST_BERNOULLI)
        snprintf(buf, size, "%s(%g)", dist_names[d->kind], d->a);
    else
        snprintf(buf, size, "%s(%g, %g)", dist_names[d->kind], d->a, d->b);
}

/* Digits after the point in a plain decimal; -1 with an exponent. */
static int decimals_of(const char *t)
{
    if (strpbrk(t, "eE"))
        return -1;
    const char *dot = strchr(t, '.');
    return dot ? (int)strlen(dot + 1) : 0;
}

int att_sweep_parse(const char *text, att_sweep *out, att_error *err)
{
    const char *c1 = strchr(text, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2)
        return ATT_SWEEP_NONE;
    char from[64], step[64], to[64];
    double a, s, b;
    if (strchr(c2 + 1, ':') || trimmed(text, c1, from, sizeof from)
        || trimmed(c1 + 1, c2, step, sizeof step) || trimmed(c2 + 1, c2 + strlen(c2), to, sizeof to)
        || att_parse_double(from, &a) || att_parse_double(step, &s) || att_parse_double(to, &b))
        return att_error_set(err, ATT_EINPUT, "%s: expected a sweep FROM:STEP:TO of numbers, e.g. 0:0.5:5", text);
    if (s == 0)
        return att_error_set(err, ATT_EINPUT, "%s: the step of a sweep must not be 0", text);
    double span = (b - a) / s;
    if (span < -1e-9)
        return att_error_set(err, ATT_EINPUT, "%s: empty sweep (the step points away from the end)", text);
    if (span + 1 > ATT_SWEEP_MAX)
        return att_error_set(err, ATT_EINPUT, "%s: more than %d values in one sweep", text,
                             ATT_SWEEP_MAX);
    int da = decimals_of(from), ds = decimals_of(step);
    out->from = a;
    out->step = s;
    out->count = (long)floor(span + 1e-9) + 1;
    out->decimals = da < 0 || ds < 0 ? -1 : da > ds ? da : ds;
    return ATT_OK;
}

void att_sweep_value(const att_sweep *s, long i, char *buf, size_t size)
{
    double v = s->from + (double)i * s->step;
    if (s->decimals < 0) {
        snprintf(buf, size, "%.10g", v);
        return;
    }
    snprintf(buf, size, "%.*f", s->decimals, v);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf));   /* "-0.0" from rounding is 0 */
}
