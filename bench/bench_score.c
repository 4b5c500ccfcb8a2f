/* Benchmark: `attune score`'s reading and scoring of a large trace, in MB/s,
 * next to libcsv parsing the same file with empty callbacks; and the peak
 * memory of scoring a file and a file four times larger (it should not grow).
 * The times are CPU times of paired adjacent runs (bench.h). */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "attune/coded.h"
#include "attune/pool.h"
#include "attune/scorer.h"
#include "attune/sim.h"
#include "attune/trace.h"
#include "bench.h"

/* Writes `runs` runs of the scenario as one trace. */
static int write_trace(const char *path, const att_scenario *s, const att_match_table *mt, long runs)
{
    FILE *fp = fopen(path, "w");
    att_error err = { 0 };
    att_trace *tr = fp ? att_trace_new(fp, att_scenario_dt(s), &err) : NULL;
    if (!tr)
        return -1;
    for (long r = 1; r <= runs; r++) {
        att_sim *sim = att_sim_new(s, mt, (unsigned long)r, r, &err);
        att_step st;
        while (sim && att_sim_next(sim, &st, &err) > 0)
            att_trace_write(tr, &st, &err);
        att_sim_free(sim);
    }
    att_trace_free(tr);
    return fclose(fp);
}

static void count_field(void *data, size_t len, void *user)
{
    (void)data;
    (void)len;
    ++*(long *)user;
}

static void count_row(int term, void *user)
{
    (void)term;
    (void)user;
}

/* libcsv alone, with the options and chunk size att_csv_read uses. */
static long bare_parse(const char *path)
{
    FILE *fp = fopen(path, "rb");
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL);
    static char buf[1 << 16];
    size_t n;
    long fields = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        csv_parse(&p, buf, n, count_field, count_row, &fields);
    csv_fini(&p, count_field, count_row, &fields);
    csv_free(&p);
    fclose(fp);
    return fields;
}

typedef struct {
    att_scorer *sc;
    att_pool *pool;   /* NULL: no pooling */
    long rows;
    double checksum;
} score_ctx;

static int on_begin(void *user, const char *run, att_error *err)
{
    return att_scorer_begin(((score_ctx *)user)->sc, run, err);
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    score_ctx *c = user;
    c->rows++;
    att_score_step st = { row->t, row->phase, row->infant, row->caregiver, row->matched,
                          row->infant_arousal };
    return att_scorer_push(c->sc, &st, NULL, err);
}

static int on_end(void *user, double t_end, att_error *err)
{
    score_ctx *c = user;
    int rc = att_scorer_end(c->sc, t_end, NULL, err);
    for (size_t i = 0; rc == ATT_OK && i < att_scorer_window_count(c->sc); i++) {
        att_window_score w;
        rc = att_scorer_window(c->sc, i, 30, &w, err);
        c->checksum += w.v[ATT_SC_RUPTURES];
    }
    if (rc == ATT_OK && c->pool)
        rc = att_pool_add(c->pool, c->sc, err);
    return rc;
}

/* The whole of `attune score` but the output (with --pool when `pool`). */
static long score_pooled(const char *path, const att_match_table *mt, att_pool *pool,
                         double *checksum)
{
    static const att_coded_hooks hooks = { on_begin, on_row, on_end };
    att_error err = { 0 };
    score_ctx c = { .sc = att_scorer_new(mt, &err), .pool = pool };
    if (!c.sc || att_coded_read(path, mt, 0, &hooks, &c, &err) != ATT_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    att_scorer_free(c.sc);
    *checksum = c.checksum;
    return c.rows;
}

static long score(const char *path, const att_match_table *mt, double *checksum)
{
    return score_pooled(path, mt, NULL, checksum);
}

/* Peak resident memory (kB) of a child process scoring `path`. */
static long peak_kb(const char *path, const att_match_table *mt)
{
    pid_t pid = fork();
    if (pid == 0) {
        double sum;
        score(path, mt, &sum);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        FILE *fp = fopen("/tmp/attune-bench-rss", "w");
        fprintf(fp, "%ld\n", ru.ru_maxrss);
        fclose(fp);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    long kb = -1;
    FILE *fp = fopen("/tmp/attune-bench-rss", "r");
    if (fp && fscanf(fp, "%ld", &kb) != 1)
        kb = -1;
    if (fp)
        fclose(fp);
    remove("/tmp/attune-bench-rss");
    return kb;
}

static double file_mb(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
}

int bench_score(const att_scenario *s, const att_match_table *mt)
{
    char small[64], large[64];
    snprintf(small, sizeof small, "/tmp/attune-bench-%ld-1.csv", (long)getpid());
    snprintf(large, sizeof large, "/tmp/attune-bench-%ld-4.csv", (long)getpid());
    if (write_trace(small, s, mt, 40) != 0 || write_trace(large, s, mt, 160) != 0) {
        perror("bench: trace");
        return 1;
    }
    double mb = file_mb(large), sum = 0;
    double t_parse[64], t_score[64], ratio[64];
    long rows = 0;
    int n = bench_res.rounds;
    for (int rep = 0; rep < n; rep++) {  /* paired: the file is in the page cache */
        double t0 = bench_cpu();
        bare_parse(large);
        double t1 = bench_cpu();
        rows = score(large, mt, &sum);
        double t2 = bench_cpu();
        t_parse[rep] = t1 - t0;
        t_score[rep] = t2 - t1;
        ratio[rep] = t_score[rep] / t_parse[rep];
    }
    double parse = bench_median(t_parse, n), scored = bench_median(t_score, n);
    bench_res.score_ratio = bench_median(ratio, n);
    printf("bench score libcsv parse only: %.1f MB in %.3f s = %.1f MB/s (CPU time)\n", mb, parse,
           mb / parse);
    printf("bench score attune score     : %.1f MB in %.3f s = %.1f MB/s (%ld rows; %.2fx the "
           "bare parse's time, median of %d paired runs)\n", mb, scored, mb / scored, rows,
           bench_res.score_ratio, n);
    long kb1 = peak_kb(small, mt), kb4 = peak_kb(large, mt);
    printf("bench score peak memory      : %ld kB for %.1f MB, %ld kB for %.1f MB\n", kb1,
           file_mb(small), kb4, mb);
    remove(small);
    remove(large);
    return 0;
}

/* Writes two runs through `phases` one-step phases each (the second run in
 * reverse order), as observers' files with many short codes look. */
static int write_phases(const char *path, long phases)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs("run,t,infant_code,caregiver_code,phase\n", fp);
    for (int run = 0; run < 2; run++)
        for (long i = 0; i < phases; i++)
            fprintf(fp, "%c,%ld,monitor,monitor,p%ld\n", run ? 'b' : 'a', i,
                    run ? phases - 1 - i : i);
    return fclose(fp);
}

/* Scoring (and pooling, without bootstrap) time for N and 4N distinct phase
 * names: linear work gives a ratio near 4, quadratic near 16. */
int bench_phases(const att_match_table *mt)
{
    const long n[2] = { 20000, 80000 };
    double t_score[2], t_pool[2];
    char path[64];
    snprintf(path, sizeof path, "/tmp/attune-bench-%ld-phases.csv", (long)getpid());
    for (int k = 0; k < 2; k++) {
        if (write_phases(path, n[k]) != 0) {
            perror("bench: phases");
            return 1;
        }
        double sum, t0 = bench_now();
        score(path, mt, &sum);
        double t1 = bench_now();
        att_error err = { 0 };
        att_pool *pool = att_pool_new(30, &err);
        if (!pool) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 1;
        }
        score_pooled(path, mt, pool, &sum);
        att_pooled_score ps;
        for (size_t i = 0; i < att_pool_window_count(pool); i++)
            att_pool_result(pool, i, 0, 1, &ps, &err);
        att_pool_free(pool);
        double t2 = bench_now();
        t_score[k] = t1 - t0;
        t_pool[k] = t2 - t1;
    }
    remove(path);
    printf("bench score phase names      : %ld and %ld phases scored in %.3f and %.3f s "
           "(%.1fx for 4x: 4 is linear, 16 quadratic)\n", n[0], n[1], t_score[0], t_score[1],
           t_score[1] / t_score[0]);
    printf("bench score phase names pool : pooled (no bootstrap) in %.3f and %.3f s (%.1fx "
           "for 4x)\n", t_pool[0], t_pool[1], t_pool[1] / t_pool[0]);
    return 0;
}
