/* The draw counter: runs a scenario RUNS times (seeds and run numbers 1 to
 * RUNS, as bench/bench_floor.c times it) through a build of the library
 * whose GSL samplers are wrapped (wrap.c), and writes how many calls of
 * each sampler the runs made, per phase and caregiver policy, with the
 * sums of their parameters.  `make bench` writes build/bench/draws.csv with
 * it; bench_attune's floor replays exactly those draws.
 * Usage: count_draws SCENARIO MATCH_TABLE RUNS > draws.csv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/init.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "wrap.h"

#define MAX_GROUPS 64

/* The draws of one phase under one policy; group 0 is the draws made when
 * a simulation is created (drawn parameters), before its first step. */
typedef struct {
    int phase;
    const char *phase_name, *policy;
    long steps;
    bench_draw_counts n;
} group;

static group groups[MAX_GROUPS];
static int ngroups = 1;

static group *group_of(int phase, const char *phase_name, const char *policy)
{
    for (int i = 1; i < ngroups; i++)
        if (groups[i].phase == phase && strcmp(groups[i].policy, policy) == 0)
            return &groups[i];
    if (ngroups == MAX_GROUPS) {
        fprintf(stderr, "count_draws: more than %d phase and policy pairs\n", MAX_GROUPS);
        exit(1);
    }
    groups[ngroups] = (group){ .phase = phase, .phase_name = phase_name, .policy = policy };
    return &groups[ngroups++];
}

/* Adds the draws made since `before` to `g`. */
static void charge(group *g, const bench_draw_counts *before)
{
    for (int k = 0; k < BENCH_SAMPLER_COUNT; k++) {
        g->n.calls[k] += bench_draws.calls[k] - before->calls[k];
        g->n.arg1[k] += bench_draws.arg1[k] - before->arg1[k];
        g->n.arg2[k] += bench_draws.arg2[k] - before->arg2[k];
    }
}

/* Runs `runs` runs; returns their steps and how many were matched. */
static long run_all(const att_scenario *s, const att_match_table *mt, long runs, long *matched)
{
    long steps = 0;
    att_error err = { 0 };
    groups[0] = (group){ .phase = -1, .phase_name = "(new)", .policy = "-" };
    for (long r = 1; r <= runs; r++) {
        bench_draw_counts before = bench_draws;
        att_sim *sim = att_sim_new(s, mt, (unsigned long)r, r, &err);
        if (!sim) {
            fprintf(stderr, "count_draws: %s\n", err.msg);
            exit(1);
        }
        charge(&groups[0], &before);
        att_step st;
        int more;
        do {
            for (;;) {
                before = bench_draws;
                if ((more = att_sim_next(sim, &st, &err)) <= 0)
                    break;
                group *g = group_of(st.phase, st.phase_name, att_sim_policy_name(sim));
                charge(g, &before);
                g->steps++;
                steps++;
                *matched += st.matched != 0;
            }
            charge(&groups[0], &before);  /* the end of a session */
        } while (more == 0 && (more = att_sim_next_session(sim, &err)) > 0);
        if (more < 0) {
            fprintf(stderr, "count_draws: %s\n", err.msg);
            exit(1);
        }
        att_sim_free(sim);
    }
    return steps;
}

#define NAME_STRING(name) #name,
static const char *const sampler_names[] = { BENCH_SAMPLERS(NAME_STRING) };

int main(int argc, char **argv)
{
    att_init();
    long runs = argc == 4 ? atol(argv[3]) : 0;
    if (runs < 1) {
        fprintf(stderr, "usage: count_draws SCENARIO MATCH_TABLE RUNS\n");
        return 2;
    }
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(argv[1], NULL, 0, &err);
    att_match_table *mt = s ? att_match_table_load(argv[2], &err) : NULL;
    if (!mt) {
        fprintf(stderr, "count_draws: %s\n", err.msg);
        return 1;
    }
    long matched = 0, steps = run_all(s, mt, runs, &matched);
    printf("# attune draws: rng=%s runs=%ld steps=%ld matched=%ld scenario=%s\n",
           att_scenario_rng_type(s)->name, runs, steps, matched, argv[1]);
    printf("phase_index,phase,policy,steps,sampler,calls,arg1_sum,arg2_sum\n");
    for (int i = 0; i < ngroups; i++) {
        const group *g = &groups[i];
        char phase[256];
        snprintf(phase, sizeof phase, "%s", g->phase_name);
        for (char *c = phase; *c; c++)
            if (*c == ',' || *c == '\n' || *c == '"')
                *c = ';';
        int any = 0;
        for (int k = 0; k < BENCH_SAMPLER_COUNT; k++)
            if (g->n.calls[k] > 0 || (k == BENCH_SAMPLER_COUNT - 1 && !any)) {
                any = 1;
                printf("%d,%s,%s,%ld,%s,%.0f,%.17g,%.17g\n", g->phase, phase, g->policy, g->steps,
                       g->n.calls[k] > 0 ? sampler_names[k] : "none", g->n.calls[k],
                       g->n.arg1[k], g->n.arg2[k]);
            }
    }
    att_match_table_free(mt);
    att_scenario_free(s);
    return 0;
}
