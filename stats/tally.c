/* Latency tallies kept as sorted parallel arrays: ruptures arrive in time
 * order, not latency order, but distinct latencies are few, so a binary
 * search and a short move per new latency is cheap. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/tally.h"
#include "base/grow.h"

struct att_tally {
    long long *key;   /* us, increasing */
    double *time;     /* s, key / 1e6 */
    long *events, *censored;
    size_t n, cap;
    long count;
};

att_tally *att_tally_new(att_error *err)
{
    att_tally *t = calloc(1, sizeof(att_tally));
    if (!t)
        att_error_nomem(err);
    return t;
}

void att_tally_free(att_tally *t)
{
    if (!t)
        return;
    free(t->key);
    free(t->time);
    free(t->events);
    free(t->censored);
    free(t);
}

void att_tally_clear(att_tally *t)
{
    t->n = 0;
    t->count = 0;
}

long long att_us(double seconds)
{
    /* llround(x) without its call and branches (the scorer converts a span
     * every step): t truncates x, and f = x - t is exact (for |x| >= 1,
     * t <= |x| < 2t in magnitude, Sterbenz; below 1, t is 0; from 2^52 on, x
     * is whole and f 0), so that rounding half away from zero is t plus
     * or minus the comparison of f with one half.  NaN and values beyond
     * 2^62 go to llround itself. */
    double x = seconds * 1e6;
    if (!(fabs(x) < 0x1p62))
        return llround(x);
    long long t = (long long)x;
    double f = x - (double)t;
    return t + (f >= 0.5) - (f <= -0.5);
}

/* Room for one more latency in each of the four parallel arrays. */
static int grow(att_tally *t)
{
    size_t need = t->n + 1, ck = t->cap, ct = ck, ce = ck, cc = ck;
    if (att_grow(&t->key, &ck, need, sizeof *t->key, NULL)
        || att_grow(&t->time, &ct, need, sizeof *t->time, NULL)
        || att_grow(&t->events, &ce, need, sizeof *t->events, NULL)
        || att_grow(&t->censored, &cc, need, sizeof *t->censored, NULL))
        return -1;
    t->cap = ck;
    return 0;
}

int att_tally_add(att_tally *t, long long latency_us, int repaired, long count, att_error *err)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->key[mid] < latency_us)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == t->n || t->key[lo] != latency_us) {
        if (t->n == t->cap && grow(t) != 0)
            return att_error_nomem(err);
        size_t tail = t->n - lo;
        memmove(t->key + lo + 1, t->key + lo, tail * sizeof *t->key);
        memmove(t->time + lo + 1, t->time + lo, tail * sizeof *t->time);
        memmove(t->events + lo + 1, t->events + lo, tail * sizeof *t->events);
        memmove(t->censored + lo + 1, t->censored + lo, tail * sizeof *t->censored);
        t->key[lo] = latency_us;
        t->time[lo] = (double)latency_us / 1e6;
        t->events[lo] = 0;
        t->censored[lo] = 0;
        t->n++;
    }
    if (repaired)
        t->events[lo] += count;
    else
        t->censored[lo] += count;
    t->count += count;
    return ATT_OK;
}

int att_tally_merge(att_tally *dst, const att_tally *src, att_error *err)
{
    for (size_t i = 0; i < src->n; i++) {
        if (src->events[i] && att_tally_add(dst, src->key[i], 1, src->events[i], err) != 0)
            return ATT_ENOMEM;
        if (src->censored[i] && att_tally_add(dst, src->key[i], 0, src->censored[i], err) != 0)
            return ATT_ENOMEM;
    }
    return ATT_OK;
}

size_t att_tally_size(const att_tally *t) { return t->n; }
const double *att_tally_times(const att_tally *t) { return t->time; }
const long long *att_tally_keys(const att_tally *t) { return t->key; }
const long *att_tally_events(const att_tally *t) { return t->events; }
const long *att_tally_censored(const att_tally *t) { return t->censored; }
long att_tally_count(const att_tally *t) { return t->count; }
