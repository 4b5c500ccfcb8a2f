/* Fuzz target: the scenario and experiment loader (sim/scenario.c), and
 * what batch builds from it (batch/batch.c).
 *
 * The input is a scenario file.  Its lines starting with "#set " (comments
 * to the INI reader) are also taken as --set overrides, at most 8.  A file
 * that loads is read through every accessor; a batch is built from it and
 * its first runs are simulated when the simulated time is small (at most
 * FUZZ_MAX_STEPS steps in all: a fuzzed scenario may well ask for 1e9 s),
 * and every line written must pass the resume check of its own run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/batch.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "fuzz.h"

#define FUZZ_MAX_SETS 8
#define FUZZ_MAX_STEPS 20000.0
#define FUZZ_MAX_RUNS 4

static att_match_table *table(void)
{
    static att_match_table *mt;
    if (!mt) {
        att_error err = { 0 };
        if (!(mt = att_match_table_load(ATT_SRCDIR "/data/match/attuned.csv", &err))) {
            fprintf(stderr, "fuzz_scenario: %s\n", err.msg);
            abort();
        }
    }
    return mt;
}

/* Copies the "#set X" lines' X into sets[]; returns how many. */
static size_t find_sets(const uint8_t *data, size_t size, char **sets)
{
    size_t n = 0;
    const char *p = (const char *)data, *end = p + size;
    while (p < end && n < FUZZ_MAX_SETS) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        if (eol - p >= 5 && memcmp(p, "#set ", 5) == 0) {
            size_t len = (size_t)(eol - p - 5);
            if (len && p[5 + len - 1] == '\r')
                len--;
            if (!memchr(p + 5, '\0', len) && (sets[n] = malloc(len + 1))) {
                memcpy(sets[n], p + 5, len);
                sets[n++][len] = '\0';
            }
        }
        p = eol + 1;
    }
    return n;
}

/* Every accessor of one scenario (a condition's or the base). */
static void read_back(const att_scenario *s)
{
    volatile double sink = 0;
    char key[256];
    sink += (double)strlen(att_scenario_path(s)) + (double)strlen(att_scenario_name(s))
          + (double)strlen(att_scenario_hash(s)) + att_scenario_dt(s)
          + (double)att_scenario_seed(s) + (double)strlen(att_scenario_rng(s))
          + (double)strlen(att_scenario_match_table(s)) + att_scenario_duration(s)
          + (double)att_scenario_steps(s) + (double)att_scenario_sessions(s)
          + att_scenario_interval(s) + (double)strlen(att_scenario_preset(s))
          + (double)att_scenario_replicates(s) + att_scenario_infant(s)->arousal_baseline;
    for (size_t i = 0; i < att_scenario_phase_count(s); i++) {
        const att_phase *ph = att_scenario_phase(s, i);
        sink += ph->duration + (double)ph->steps + (double)strlen(ph->name);
        snprintf(key, sizeof key, "phase.%s.duration", ph->name);
        double v;
        if (att_scenario_value(s, key, &v) == 0)
            sink += v;
    }
    if (att_scenario_phase(s, att_scenario_phase_count(s)) != NULL)
        abort();
    for (size_t i = 0; i < att_scenario_varied_count(s); i++) {
        double v;
        if (att_scenario_value(s, att_scenario_varied_key(s, i), &v) == 0)
            sink += v;
    }
    for (size_t i = 0; i < att_scenario_sampled_count(s); i++) {
        att_scenario_sampled_key(s, i, key, sizeof key);
        sink += (double)strlen(key) + (att_scenario_sampled_dist(s, i) != NULL);
    }
    (void)sink;
}

/* Simulates the first runs that fit the step budget and checks each line
 * they write against the resume check. */
static void run_batch(const att_scenario *s, const char *const *sets, size_t nsets)
{
    att_error err = { 0 };
    att_batch *b = att_batch_new(s, table(), sets, nsets, &err);
    if (!b) {
        fuzz_check_error(err.code ? err.code : ATT_EINTERNAL, err.msg);
        return;
    }
    (void)att_batch_header(b);
    double budget = FUZZ_MAX_STEPS;
    att_buf row = { 0 };
    for (long run = 0; run < att_batch_runs(b) && run < FUZZ_MAX_RUNS; run++) {
        const att_scenario *rs = att_batch_scenario(b, run);
        double work = (double)att_scenario_steps(rs) * (double)att_batch_sessions(b, run);
        if (!(work <= budget))
            break;
        budget -= work;
        int rc = att_batch_row(b, run, &row, NULL, NULL, &err);
        fuzz_check_error(rc, err.msg);
        if (rc != ATT_OK)
            break;
        /* Every line names its own run and session. */
        char *line = row.data;
        for (long session = 1; line && *line; session++) {
            char *nl = strchr(line, '\n');
            if (!nl)
                abort();   /* a line without its end */
            *nl = '\0';
            att_error why = { 0 };
            if (att_batch_check_line(b, line, run, session, &why) != ATT_OK) {
                fprintf(stderr, "fuzz_scenario: run %ld session %ld: %s\n", run, session,
                        why.msg);
                abort();
            }
            line = nl + 1;
        }
    }
    att_buf_free(&row);
    att_batch_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    fuzz_tmpdir_clean();
    char *sets[FUZZ_MAX_SETS];
    size_t nsets = find_sets(data, size, sets);
    char *path = fuzz_write_file("fuzz.ini", data, size);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(path, (const char *const *)sets, nsets, &err);
    if (!s) {
        fuzz_check_error(err.code ? err.code : ATT_EINTERNAL, err.msg);
    } else {
        read_back(s);
        for (size_t i = 0; i < att_scenario_condition_count(s); i++) {
            (void)att_scenario_condition_name(s, i);
            read_back(att_scenario_condition(s, i));
        }
        if (att_scenario_condition(s, att_scenario_condition_count(s)) != NULL)
            abort();
        run_batch(s, (const char *const *)sets, nsets);
        att_scenario_free(s);
    }
    for (size_t i = 0; i < nsets; i++)
        free(sets[i]);
    free(path);
    return 0;
}
