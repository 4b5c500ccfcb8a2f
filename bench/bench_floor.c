/* The floor benchmark: attune's cost per dyad-step as a ratio to the cost
 * of its random draws alone.  bench/draws/count.c (run by `make bench`)
 * counts every sampler call attune makes on RUNS runs of a scenario, per
 * phase and policy; this file replays exactly those calls, with the same
 * generator, seeds and samplers and nothing else (each run's calls of a
 * sampler in a bare loop: until session 36 they were spread over the
 * steps, and that spreading's bookkeeping cost as much as the draws), and
 * times both in alternating chunks of runs (CPU time). */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/scenario.h"
#include "attune/sim.h"
#include "bench.h"
#include "draws/samplers.h"

#define MAX_GROUPS 64

/* Where the draws go, so that none can be left out. */
static volatile double sink;

/* The draws of one phase under one policy (group 0: outside the steps). */
typedef struct {
    int phase;
    char name[128], policy[64];
    long long steps;                        /* over all runs */
    long long calls[BENCH_SAMPLER_COUNT];   /* over all runs */
    double arg1[BENCH_SAMPLER_COUNT], arg2[BENCH_SAMPLER_COUNT];  /* means */
    int used[BENCH_SAMPLER_COUNT], nused;
} group;

typedef struct {
    char rng[64], scenario[1024];
    long runs, steps, matched;
    group g[MAX_GROUPS];
    int ng;
} draws;

#define NAME_STRING(name) #name,
static const char *const sampler_names[] = { BENCH_SAMPLERS(NAME_STRING) };

static int sampler_of(const char *name)
{
    for (int k = 0; k < BENCH_SAMPLER_COUNT; k++)
        if (strcmp(sampler_names[k], name) == 0)
            return k;
    return strcmp(name, "none") == 0 ? BENCH_SAMPLER_COUNT : -1;
}

static group *group_of(draws *d, int phase, const char *name, const char *policy)
{
    for (int i = 0; i < d->ng; i++)
        if (d->g[i].phase == phase && strcmp(d->g[i].policy, policy) == 0)
            return &d->g[i];
    if (d->ng == MAX_GROUPS)
        return NULL;
    group *g = &d->g[d->ng++];
    memset(g, 0, sizeof *g);
    g->phase = phase;
    snprintf(g->name, sizeof g->name, "%s", name);
    snprintf(g->policy, sizeof g->policy, "%s", policy);
    return g;
}

/* The next comma-separated field of *line (NULL after the last). */
static char *field(char **line)
{
    char *f = *line;
    if (!f)
        return NULL;
    char *comma = strchr(f, ',');
    *line = comma ? comma + 1 : NULL;
    if (comma)
        *comma = '\0';
    return f;
}

/* One row: phase_index,phase,policy,steps,sampler,calls,arg1_sum,arg2_sum. */
static int read_row(draws *d, char *line)
{
    char *f[8];
    for (int i = 0; i < 8; i++) {
        f[i] = field(&line);
        if (!f[i])
            return -1;
    }
    group *g = group_of(d, atoi(f[0]), f[1], f[2]);
    int k = sampler_of(f[4]);
    if (!g || k < 0)
        return -1;
    g->steps = atoll(f[3]);
    if (k < BENCH_SAMPLER_COUNT) {
        g->calls[k] = atoll(f[5]);
        g->arg1[k] = g->calls[k] ? atof(f[6]) / (double)g->calls[k] : 0;
        g->arg2[k] = g->calls[k] ? atof(f[7]) / (double)g->calls[k] : 0;
        g->used[g->nused++] = k;
    }
    return 0;
}

static int load(const char *path, draws *d)
{
    FILE *fp = fopen(path, "r");
    char line[2048];
    if (!fp || !fgets(line, sizeof line, fp)
        || sscanf(line, "# attune draws: rng=%63s runs=%ld steps=%ld matched=%ld scenario=%1023s",
                  d->rng, &d->runs, &d->steps, &d->matched, d->scenario) != 5
        || !fgets(line, sizeof line, fp)) {
        if (fp)
            fclose(fp);
        return -1;
    }
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\n")] = '\0';
        rc = read_row(d, line);
    }
    fclose(fp);
    return rc;
}

/* n calls of sampler k with the group's mean parameters, in a loop of
 * their own: the draws' cost and nothing else (no bookkeeping per call). */
static double draw_n(const gsl_rng *r, const group *g, int k, long long n)
{
    double a = g->arg1[k], b = g->arg2[k], sum = 0;
    unsigned long ia = (unsigned long)lround(a);
    unsigned ib = (unsigned)lround(b);
#define LOOP(call) for (long long i = 0; i < n; i++) sum += (call); break
    switch (k) {
    case BENCH_gsl_rng_get: LOOP((double)gsl_rng_get(r));
    case BENCH_gsl_rng_uniform: LOOP(gsl_rng_uniform(r));
    case BENCH_gsl_rng_uniform_pos: LOOP(gsl_rng_uniform_pos(r));
    case BENCH_gsl_rng_uniform_int: LOOP((double)gsl_rng_uniform_int(r, ia));
    case BENCH_gsl_ran_gaussian: LOOP(gsl_ran_gaussian(r, a));
    case BENCH_gsl_ran_gaussian_ziggurat: LOOP(gsl_ran_gaussian_ziggurat(r, a));
    case BENCH_gsl_ran_gaussian_ratio_method: LOOP(gsl_ran_gaussian_ratio_method(r, a));
    case BENCH_gsl_ran_ugaussian: LOOP(gsl_ran_ugaussian(r));
    case BENCH_gsl_ran_exponential: LOOP(gsl_ran_exponential(r, a));
    case BENCH_gsl_ran_flat: LOOP(gsl_ran_flat(r, a, b));
    case BENCH_gsl_ran_lognormal: LOOP(gsl_ran_lognormal(r, a, b));
    case BENCH_gsl_ran_beta: LOOP(gsl_ran_beta(r, a, b));
    case BENCH_gsl_ran_gamma: LOOP(gsl_ran_gamma(r, a, b));
    case BENCH_gsl_ran_bernoulli: LOOP(gsl_ran_bernoulli(r, a));
    case BENCH_gsl_ran_poisson: LOOP(gsl_ran_poisson(r, a));
    case BENCH_gsl_ran_binomial: LOOP(gsl_ran_binomial(r, a, ib));
    }
#undef LOOP
    return sum;
}

/* The draws of runs first..last (of d->runs): run by run, as the counted
 * build made them, with the run's seed; each group's calls of each sampler
 * are shared out over the runs so that all the runs make exactly its
 * count. */
static double floor_chunk(const draws *d, gsl_rng *r, long first, long last)
{
    double sum = 0;
    for (long run = first; run <= last; run++) {
        gsl_rng_set(r, (unsigned long)run);
        for (int i = 0; i < d->ng; i++) {
            const group *g = &d->g[i];
            for (int j = 0; j < g->nused; j++) {
                long long c = g->calls[g->used[j]];
                sum += draw_n(r, g, g->used[j], c * run / d->runs - c * (run - 1) / d->runs);
            }
        }
    }
    return sum;
}

/* attune's runs first..last, as the draws were counted; returns the steps
 * made and adds the matched ones to *matched. */
static long attune_chunk(const att_scenario *s, const att_match_table *mt, long first, long last,
                         long *matched)
{
    att_error err = { 0 };
    long steps = 0;
    for (long run = first; run <= last; run++) {
        att_sim *sim = att_sim_new(s, mt, (unsigned long)run, run, &err);
        att_step st;
        int more;
        do {
            while ((more = att_sim_next(sim, &st, &err)) > 0) {
                steps++;
                *matched += st.matched != 0;
            }
        } while (more == 0 && att_sim_next_session(sim, &err) > 0);
        att_sim_free(sim);
    }
    return steps;
}

/* Runs a chunk of attune and then the same chunk of the floor, alternating
 * through all the runs: a burst of load on the machine (on a shared host,
 * seconds long) then falls on both sides alike, which one whole pass of
 * each, seconds apart, did not ensure. */
#define CHUNK_RUNS 100

static void print_draws(const draws *d)
{
    printf("bench floor draws a dyad-step (%s, %ld runs, generator %s; counted by an instrumented "
           "build):\n", d->scenario, d->runs, d->rng);
    for (int i = 0; i < d->ng; i++) {
        const group *g = &d->g[i];
        if (g->phase < 0 && g->nused == 0)
            continue;
        printf("  %-12s %-12s", g->name, g->policy);
        for (int j = 0; j < g->nused; j++)
            printf(" %s %.4f%s", sampler_names[g->used[j]] + 4,
                   (double)g->calls[g->used[j]] / (double)(g->phase < 0 ? d->runs : g->steps),
                   g->phase < 0 ? " a run" : "");
        printf("\n");
    }
}

int bench_floor(const char *draws_csv, const att_match_table *mt)
{
    static draws d;
    att_error err = { 0 };
    if (load(draws_csv, &d) != 0) {
        fprintf(stderr, "bench: %s: not a draw count of bench/draws/count.c\n", draws_csv);
        return 1;
    }
    att_scenario *s = att_scenario_load(d.scenario, NULL, 0, &err);
    if (!s) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    const gsl_rng_type *type = att_scenario_rng_type(s);
    if (strcmp(type->name, d.rng) != 0) {
        fprintf(stderr, "bench: the draws were counted with %s, the scenario uses %s\n", d.rng,
                type->name);
        return 1;
    }
    print_draws(&d);
    double ratio[64], ns_a[64], ns_f[64];
    int n = bench_res.rounds;
    gsl_rng *r = gsl_rng_alloc(type);
    for (int i = 0; i < n; i++) {
        long matched = 0, steps = 0;
        double ta = 0, tf = 0;
        for (long first = 1; first <= d.runs; first += CHUNK_RUNS) {
            long last = first + CHUNK_RUNS - 1 < d.runs ? first + CHUNK_RUNS - 1 : d.runs;
            double t0 = bench_cpu();
            steps += attune_chunk(s, mt, first, last, &matched);
            double t1 = bench_cpu();
            sink += floor_chunk(&d, r, first, last);
            double t2 = bench_cpu();
            ta += t1 - t0;
            tf += t2 - t1;
        }
        if (steps != d.steps || matched != d.matched) {
            fprintf(stderr, "bench: attune made %ld steps (%ld matched), the counted build %ld "
                    "(%ld)\n", steps, matched, d.steps, d.matched);
            gsl_rng_free(r);
            att_scenario_free(s);
            return 1;
        }
        ns_a[i] = 1e9 * ta / (double)steps;
        ns_f[i] = 1e9 * tf / (double)steps;
        ratio[i] = ta / tf;
    }
    gsl_rng_free(r);
    bench_res.floor_ratio = bench_median(ratio, n);   /* sorts ratio */
    bench_res.floor_lo = ratio[0];
    bench_res.floor_hi = ratio[n - 1];
    bench_res.attune_ns = bench_median(ns_a, n);
    bench_res.floor_ns = bench_median(ns_f, n);
    printf("bench floor attune, no trace : %.1f ns a dyad-step (%.2f M/s); its draws alone %.1f ns"
           " (medians of %d, CPU time)\n", bench_res.attune_ns, 1e3 / bench_res.attune_ns,
           bench_res.floor_ns, n);
    printf("bench floor attune / floor   : %.2fx (median of %d paired passes of %ld dyad-steps, "
           "each alternating chunks of %d runs; the passes from %.2fx to %.2fx)\n",
           bench_res.floor_ratio, n, d.steps, CHUNK_RUNS, bench_res.floor_lo, bench_res.floor_hi);
    att_scenario_free(s);
    return 0;
}
