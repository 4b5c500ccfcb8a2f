/* attune run: simulate one dyad through a scenario, write the CSV trace and
 * its metadata, optionally narrate events, and summarise each phase. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "attune/events.h"
#include "attune/match.h"
#include "attune/meta.h"
#include "attune/outfile.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "attune/trace.h"
#include "cli/cli.h"

static const char run_usage[] =
    "usage: attune run SCENARIO [options]\n"
    "\n"
    "Simulates one caregiver-infant dyad through the phases of SCENARIO (an INI\n"
    "file, see scenarios/) and writes a CSV trace with one row per step.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE|-   trace file (default '-': standard output); written to a\n"
    "                        temporary file and renamed at the end, with its\n"
    "                        metadata in FILE.meta.json\n"
    "  --seed N              random seed (overrides [scenario] seed)\n"
    "  --set SECTION.KEY=VALUE\n"
    "                        override a scenario key, e.g. --set caregiver.wait_time=2\n"
    "                        or --set phase.still-face.still_stimulation=0.1; repeatable\n"
    "  --at [SESSION/]TIME:SECTION.KEY=VALUE\n"
    "                        change a key from TIME (s, a whole step) on, as the sliders\n"
    "                        and buttons of 'attune serve' do: infant.KEY, infant.trust,\n"
    "                        caregiver.KEY or caregiver.policy (docs/MODEL.md section 12),\n"
    "                        e.g. --at 60:caregiver.policy=still-face; repeatable\n"
    "  --match-table NAME|FILE\n"
    "                        match table deciding which code pairs are matched\n"
    "                        (default: [scenario] match_table, else 'attuned')\n"
    "  --condition NAME      run this [condition] of an experiment file (one\n"
    "                        without --condition is refused); a file without any\n"
    "                        is one condition, named after its scenario\n"
    "  --run N               the run's number in the trace's run column (default 1)\n"
    "  --events              narrate what happens, in plain words (to standard output,\n"
    "                        or to standard error when the trace goes there)\n"
    "  --meta FILE           write the metadata here (default FILE.meta.json; none\n"
    "                        for a trace on standard output unless given)\n"
    "  -q, --quiet           no summary on standard error\n"
    "  -h, --help            this text\n"
    "\n"
    "Same scenario and seed give the same bytes.  A row of 'attune batch' (its\n"
    "condition, seed and run columns) is re-run, its --traces file byte for byte, by\n"
    "  attune run EXPERIMENT --condition C --seed S --run N\n"
    "with the batch's --set and --match-table options.  A key the caregiver's policy\n"
    "ignores (e.g. intrusiveness for a patient mother) gets a warning on standard\n"
    "error.  Exit status 2 on bad input, with no output file left behind.\n";

typedef struct {
    const char *scenario, *output, *match_table, *meta, *condition;
    const char **sets, **ats;
    size_t nsets, nats;
    int events, quiet;
    long run;                     /* the trace's run column: --run, else 1 */
    char seed_set[64];
} run_opts;

/* Per-phase tallies for the closing summary. */
typedef struct {
    long steps, gaze_at, positive, negative, matched, bids, protest, withdrawn;
    double peak_arousal;
} phase_tally;

static int parse_args(int argc, char **argv, run_opts *o)
{
    static const char *const known[] = { "--output", "--seed", "--set", "--at", "--match-table",
                                         "--condition", "--run", "--events", "--meta",
                                         "--quiet", "--help" };
    o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
    o->ats = calloc((size_t)argc + 1, sizeof *o->ats);
    if (!o->sets || !o->ats)
        return cli_nomem("run");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
#define VALUE_OF(name) \
        (has_value ? argv[++i] : (fprintf(stderr, "attune run: %s needs a value\n", name), (char *)NULL))
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(run_usage, stdout);
            return -1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!(o->output = VALUE_OF(a))) return CLI_USAGE;
        } else if (strcmp(a, "--seed") == 0) {
            const char *v = VALUE_OF(a);
            if (!v || cli_seed_option("run", v, o->seed_set, sizeof o->seed_set))
                return CLI_USAGE;
        } else if (strcmp(a, "--set") == 0) {
            const char *v = VALUE_OF(a);
            if (!v) return CLI_USAGE;
            o->sets[o->nsets++] = v;
        } else if (strcmp(a, "--at") == 0) {
            const char *v = VALUE_OF(a);
            if (!v) return CLI_USAGE;
            o->ats[o->nats++] = v;
        } else if (strcmp(a, "--match-table") == 0) {
            if (!(o->match_table = VALUE_OF(a))) return CLI_USAGE;
        } else if (strcmp(a, "--condition") == 0) {
            if (!(o->condition = VALUE_OF(a))) return CLI_USAGE;
        } else if (strcmp(a, "--run") == 0) {
            const char *v = VALUE_OF(a);
            unsigned long long n;
            if (!v || cli_parse_count("run", a, v, 1, LONG_MAX, &n) != CLI_OK)
                return CLI_USAGE;
            o->run = (long)n;
        } else if (strcmp(a, "--meta") == 0) {
            if (!(o->meta = VALUE_OF(a))) return CLI_USAGE;
        } else if (strcmp(a, "--events") == 0) {
            o->events = 1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_unknown_option("run", a, known, sizeof known / sizeof known[0]);
        } else if (!o->scenario) {
            o->scenario = a;
        } else {
            fprintf(stderr, "attune run: one scenario at a time ('%s' and '%s' given)\n", o->scenario, a);
            return CLI_USAGE;
        }
#undef VALUE_OF
    }
    if (!o->scenario) {
        fprintf(stderr, "attune run: no scenario given\n%s", run_usage);
        return CLI_USAGE;
    }
    if (o->seed_set[0])  /* --seed wins over a --set of the same key */
        o->sets[o->nsets++] = o->seed_set;
    if (!o->output)
        o->output = "-";
    if (o->run == 0)
        o->run = 1;
    return CLI_OK;
}

/* The condition named `name` of an experiment file, or NULL (ATT_EINPUT).
 * A file without [condition] sections is the one condition `attune batch`
 * names after the scenario, so that a row's condition column re-runs it
 * like any other experiment's. */
static const att_scenario *find_condition(const att_scenario *s, const char *name,
                                          att_error *err)
{
    size_t n = att_scenario_condition_count(s);
    for (size_t i = 0; i < n; i++)
        if (strcmp(att_scenario_condition_name(s, i), name) == 0)
            return att_scenario_condition(s, i);
    if (n == 0 && strcmp(att_scenario_name(s), name) == 0)
        return s;
    if (n == 0) {
        att_error_set(err, ATT_EINPUT, "--condition %s: %s has no [condition] sections: its "
                      "one condition is the scenario, '%s'", name, att_scenario_path(s),
                      att_scenario_name(s));
        return NULL;
    }
    size_t len = strlen(name), swept = 0, first = 0;   /* NAME[KEY=V,...]: a sweep's */
    for (size_t i = n; i-- > 0;) {
        const char *c = att_scenario_condition_name(s, i);
        if (strncmp(c, name, len) == 0 && c[len] == '[')
            swept++, first = i;
    }
    if (swept > 0) {
        att_error_set(err, ATT_EINPUT, "--condition %s: a sweep of %zu condition%s in %s: "
                      "name one, such as '%s'", name, swept, swept == 1 ? "" : "s",
                      att_scenario_path(s), att_scenario_condition_name(s, first));
        return NULL;
    }
    const char **names = malloc(n * sizeof *names);
    const char *near = NULL;
    if (names) {
        for (size_t i = 0; i < n; i++)
            names[i] = att_scenario_condition_name(s, i);
        near = att_suggest(name, names, n);
        free(names);
    }
    att_error_set(err, ATT_EINPUT, "--condition %s: no such condition in %s%s%s%s", name,
                  att_scenario_path(s), near ? " (did you mean '" : "", near ? near : "",
                  near ? "'?)" : "");
    return NULL;
}

/* An experiment's conditions are what it is about: running its base
 * scenario alone would silently drop them, so `run` refuses and says how. */
static void refuse_experiment(const att_scenario *s)
{
    size_t n = att_scenario_condition_count(s);
    fprintf(stderr, "attune run: %s is an experiment with %zu condition%s: run them all with "
            "'attune batch %s', or one with 'attune run %s --condition NAME' (conditions: ",
            att_scenario_path(s), n, n == 1 ? "" : "s", att_scenario_path(s),
            att_scenario_path(s));
    for (size_t i = 0; i < n && i < 6; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", att_scenario_condition_name(s, i));
    fprintf(stderr, "%s)\n", n > 6 ? ", ..." : "");
}

static void tally(phase_tally *pt, const att_step *st)
{
    const att_infant_state *in = &st->infant;
    pt->steps++;
    pt->gaze_at += in->gaze == ATT_GAZE_AT;
    pt->positive += in->affect == ATT_AFFECT_POSITIVE;
    pt->negative += in->affect == ATT_AFFECT_NEGATIVE;
    pt->matched += st->matched;
    pt->protest += st->infant_code == ATT_IC_PROTEST;
    pt->withdrawn += st->infant_code == ATT_IC_WITHDRAWN;
    if (in->arousal > pt->peak_arousal)
        pt->peak_arousal = in->arousal;
}

/* Ruptures, repairs and latency come from the run's online scorer, per phase
 * window, exactly as `attune score` reports them from the trace. */
static void print_summary(const att_scenario *scn, unsigned long seed, const phase_tally *pt,
                          const att_scorer *sc, double trust_end, const char *output)
{
    fprintf(stderr, "%s (seed %lu): %ld steps of %g s", att_scenario_name(scn), seed,
            att_scenario_steps(scn), att_scenario_dt(scn));
    if (strcmp(output, "-") != 0)
        fprintf(stderr, ", trace in %s", output);
    fprintf(stderr, "\n  %-14s %6s %6s %6s %6s %7s %8s %8s %10s %6s\n", "phase", "secs",
            "gaze%", "pos%", "neg%", "match%", "ruptures", "repaired", "median_lat", "peakA");
    for (size_t i = 0; i < att_scenario_phase_count(scn); i++) {
        const phase_tally *p = &pt[i];
        double n = p->steps ? (double)p->steps : 1;
        att_window_score w = { 0 };
        att_error err = { 0 };
        char lat[32] = "-";
        long ruptures = 0, repairs = 0;
        if (i + 1 < att_scorer_window_count(sc)
            && att_scorer_window(sc, i + 1, ATT_SCORE_CUTOFF_S, &w, &err) == ATT_OK) {
            ruptures = (long)w.v[ATT_SC_RUPTURES];
            repairs = (long)w.v[ATT_SC_REPAIRS];
            if (!isnan(w.v[ATT_SC_LATENCY_MEDIAN_S]))
                snprintf(lat, sizeof lat, "%.1f s", w.v[ATT_SC_LATENCY_MEDIAN_S]);
        }
        fprintf(stderr, "  %-14.14s %6.0f %6.0f %6.0f %6.0f %7.0f %8ld %8ld %10s %6.2f\n",
                att_scenario_phase(scn, i)->name, (double)p->steps * att_scenario_dt(scn),
                100 * p->gaze_at / n, 100 * p->positive / n, 100 * p->negative / n,
                100 * p->matched / n, ruptures, repairs, lat, p->peak_arousal);
    }
    fprintf(stderr, "  infant's expectation of repair (trust) at the end: %.3f\n", trust_end);
    fprintf(stderr, "  (gaze%%: infant looks at her; pos%%/neg%%: infant's affect; match%%: steps\n"
                    "   matched by the match table; ruptures start in the phase, repaired ones\n"
                    "   are repaired before it ends; median_lat: Kaplan-Meier median time to\n"
                    "   repair, '-' if under half are repaired; peakA: highest infant arousal,\n"
                    "   0-1.  'attune score' gives every statistic: docs/SCORING.md)\n");
}

/* One line of a timeline's summary. */
typedef struct session_line {
    double matched, trust;
    long ruptures, repairs;
    double median;
} session_line;

static void summarise_session(att_sim *sim, const phase_tally *pt, size_t nphases,
                              session_line *out)
{
    long steps = 0, matched = 0;
    for (size_t i = 0; i < nphases; i++) {
        steps += pt[i].steps;
        matched += pt[i].matched;
    }
    att_window_score w;
    att_error err = { 0 };
    out->matched = steps ? (double)matched / (double)steps : NAN;
    out->trust = att_sim_trust(sim);
    out->ruptures = att_scorer_ruptures(att_sim_scorer(sim));
    out->repairs = att_scorer_repairs(att_sim_scorer(sim));
    out->median = att_scorer_window(att_sim_scorer(sim), 0, ATT_SCORE_CUTOFF_S, &w, &err) == ATT_OK
        ? w.v[ATT_SC_LATENCY_MEDIAN_S] : NAN;
}

/* Runs every session of the simulation into `tr` (may be NULL); `pt` ends
 * with the last session's phases, `lines` (one per session) gets each
 * session's summary.  Returns an ATT_* code. */
static int simulate(att_sim *sim, att_trace *tr, FILE *events, phase_tally *pt, size_t nphases,
                    session_line *lines, att_error *err)
{
    att_step prev, cur;
    int have_prev = 0;
    char text[2048];
    int more;
    do {
        memset(pt, 0, nphases * sizeof *pt);
        have_prev = 0;
        while ((more = att_sim_next(sim, &cur, err)) > 0) {
            if (cli_interrupted())
                return att_error_set(err, ATT_EIO, "interrupted; no output written");
            if (tr && att_trace_write(tr, &cur, err) != ATT_OK)
                return err->code;
            if (events && att_events_describe(have_prev ? &prev : NULL, &cur, text, sizeof text) > 0)
                fputs(text, events);
            tally(&pt[cur.phase], &cur);
            prev = cur;
            have_prev = 1;
        }
        if (more < 0)
            return err->code;
        summarise_session(sim, pt, nphases, &lines[att_sim_session(sim) - 1]);
    } while ((more = att_sim_next_session(sim, err)) > 0);
    return more < 0 ? err->code : ATT_OK;
}

/* A timeline: one line per session, after the last session's phase table. */
static void print_timeline(const session_line *lines, long n)
{
    fprintf(stderr, "  timeline (the table above is the last session):\n  %8s %7s %8s %8s %10s %6s\n",
            "session", "match%", "ruptures", "repaired", "median_lat", "trust");
    for (long i = 0; i < n; i++) {
        char lat[32] = "-";
        if (!isnan(lines[i].median))
            snprintf(lat, sizeof lat, "%.1f s", lines[i].median);
        fprintf(stderr, "  %8ld %7.0f %8ld %8ld %10s %6.3f\n", i + 1, 100 * lines[i].matched,
                lines[i].ruptures, lines[i].repairs, lat, lines[i].trust);
    }
}

/* Everything one run holds: the options, what was loaded and opened, and
 * the first error. */
typedef struct {
    run_opts o;
    att_error err;
    att_scenario *scn;
    const att_scenario *run_scn;  /* scn, or the --condition's scenario */
    const char *table;            /* the match table as the user named it */
    att_match_table *mt;
    att_sim *sim;
    unsigned long seed;
    const char *meta;             /* the metadata's path, or NULL */
    char meta_path[4096];
    att_outfile *out, *meta_out;
    att_trace *tr;
    phase_tally *pt;
    session_line *lines;
    double trust_end;
} run_state;

/* Metadata goes beside a regular file (or a new one) only: never
 * /dev/null.meta.json beside a device, nor beside a FIFO. */
static void choose_meta(run_state *r)
{
    struct stat ost;
    r->meta = r->o.meta;
    if (!r->meta && strcmp(r->o.output, "-") != 0
        && (stat(r->o.output, &ost) != 0 || S_ISREG(ost.st_mode))) {
        snprintf(r->meta_path, sizeof r->meta_path, "%s.meta.json", r->o.output);
        r->meta = r->meta_path;
    }
}

/* Loads the scenario (and picks the condition), prints its warnings, and
 * makes the simulation.  Returns CLI_OK, CLI_USAGE for an experiment file
 * without --condition (already said), or -1 with r->err set. */
static int prepare(run_state *r)
{
    if (!(r->scn = att_scenario_load(r->o.scenario, r->o.sets, r->o.nsets, &r->err)))
        return -1;
    r->run_scn = r->scn;
    if (r->o.condition && !(r->run_scn = find_condition(r->scn, r->o.condition, &r->err)))
        return -1;
    if (!r->o.condition && att_scenario_condition_count(r->scn) > 0) {
        refuse_experiment(r->scn);
        return CLI_USAGE;
    }
    r->table = r->o.match_table ? r->o.match_table : att_scenario_match_table(r->scn);
    if (!(r->mt = cli_scenario_table(r->scn, r->o.match_table, &r->err)))
        return -1;
    r->seed = att_scenario_seed(r->scn);
    if (!(r->sim = att_sim_new(r->run_scn, r->mt, r->seed, r->o.run, &r->err)))
        return -1;
    for (size_t i = 0; i < r->o.nats; i++)
        if (att_sim_at(r->sim, r->o.ats[i], &r->err) != ATT_OK)
            return -1;
    /* a warning an --at may make untrue (a policy that ignores a key
     * replaced, distress_prone set) is left out */
    for (size_t i = 0; i < att_scenario_warning_count(r->run_scn); i++)
        if (!att_sim_changes(r->sim, att_scenario_warning_key(r->run_scn, i),
                             att_scenario_warning_phase(r->run_scn, i)))
            fprintf(stderr, "%s\n", att_scenario_warning(r->run_scn, i));
    r->pt = calloc(att_scenario_phase_count(r->scn), sizeof *r->pt);
    r->lines = calloc((size_t)att_scenario_sessions(r->run_scn), sizeof *r->lines);
    if (!r->pt || !r->lines) {
        att_error_nomem(&r->err);
        return -1;
    }
    return CLI_OK;
}

/* Runs the simulation into the trace (and the narration).  Both files are
 * written to temporaries and renamed only once everything has succeeded, so
 * a failure leaves any earlier files untouched.  Returns an ATT_* code. */
static int run_to_files(run_state *r)
{
    const att_scenario *scn = r->scn;
    if (!(r->out = att_outfile_open(r->o.output, &r->err)))
        return r->err.code;
    if (r->meta && !(r->meta_out = att_outfile_open(r->meta, &r->err))) {
        if (r->meta == r->meta_path && r->err.code == ATT_EINPUT) {   /* the default name */
            char why[sizeof r->err.msg];
            snprintf(why, sizeof why, "%s", r->err.msg);
            att_error_set(&r->err, ATT_EINPUT, "%s (the metadata beside -o FILE: name it with "
                          "--meta FILE)", why);
        }
        return r->err.code;
    }
    if (!(r->tr = att_trace_open(att_outfile_stream(r->out), att_scenario_dt(scn),
                                 att_scenario_sessions(r->run_scn), &r->err)))
        return r->err.code;
    FILE *events = r->o.events ? (strcmp(r->o.output, "-") == 0 ? stderr : stdout) : NULL;
    if (simulate(r->sim, r->tr, events, r->pt, att_scenario_phase_count(scn), r->lines,
                 &r->err) != ATT_OK)
        return r->err.code;
    r->trust_end = att_sim_trust(r->sim);
    if (att_trace_flush(r->tr, &r->err) != ATT_OK)
        return r->err.code;
    att_trace_free(r->tr);
    r->tr = NULL;
    /* The narration was asked for: lost lines fail the run before any file
     * is published, like a lost trace. */
    if (events && (fflush(events) != 0 || ferror(events)))
        return att_error_set(&r->err, ATT_EIO, "%s: write error (--events): %s",
                             events == stdout ? "standard output" : "standard error",
                             strerror(errno));
    return ATT_OK;
}

/* Writes the metadata, then publishes the trace and its metadata together,
 * or neither.  Returns an ATT_* code. */
static int publish(run_state *r, int argc, char **argv)
{
    const att_scenario *scn = r->scn;
    if (r->meta_out) {
        /* The table is recorded as the user named it, so the metadata does
         * not depend on where attune was built or installed. */
        att_meta m = { .version = ATT_VERSION, .scenario_path = att_scenario_path(scn),
                       .scenario_sha256 = att_scenario_hash(scn), .seed = r->seed,
                       .rng = att_sim_rng_name(r->sim), .dt = att_scenario_dt(scn),
                       .duration = att_scenario_duration(scn), .steps = att_scenario_steps(scn),
                       .match_table = r->table, .argc = argc + 1, .argv = argv - 1 };
        if (att_meta_write(att_outfile_stream(r->meta_out), &m, &r->err) != ATT_OK)
            return r->err.code;
    }
    att_outfile *both[] = { r->out, r->meta_out };
    r->out = r->meta_out = NULL;
    return att_outfile_commit_all(both, 2, &r->err);
}

/* Scenario, --set and --at errors already begin with where the problem is
 * ("FILE:LINE:", "--set ARG:", "--at SPEC:"), ready for an editor to jump
 * to.  A reader that went away is no error to report (cli_exit). */
static void report_failure(run_state *r)
{
    att_error *err = &r->err;
    const char *scenario = r->o.scenario;
    cli_name_output(err, r->o.output);
    if (cli_reader_gone())
        ;
    else if (err->code == ATT_EINPUT && (strncmp(err->msg, "--set ", 6) == 0
                                         || strncmp(err->msg, "--at ", 5) == 0))
        fprintf(stderr, "%s\n", err->msg);
    else   /* bare only as FILE:LINE: a fault of the file as a whole names the command */
        cli_print_error("run", err, err->code == ATT_EINPUT ? scenario : NULL);
}

/* Frees what the run holds; unpublished files are dropped. */
static void run_free(run_state *r)
{
    att_trace_free(r->tr);
    att_outfile_abort(r->out);
    att_outfile_abort(r->meta_out);
    free(r->pt);
    free(r->lines);
    att_sim_free(r->sim);
    att_match_table_free(r->mt);
    att_scenario_free(r->scn);
    free(r->o.sets);
    free(r->o.ats);
}

int cli_run(int argc, char **argv)
{
    run_state r = { .o = { 0 } };
    int rc = parse_args(argc, argv, &r.o);
    if (rc != CLI_OK) {
        free(r.o.sets);
        free(r.o.ats);
        return rc < 0 ? CLI_OK : rc;
    }
    cli_catch_signals();
    choose_meta(&r);
    const cli_output outs[] = { { "-o", r.o.output }, { "--meta", r.meta } };
    const char *ins[] = { r.o.scenario, r.o.match_table };
    if (cli_check_outputs("run", outs, 2, ins, 2) != CLI_OK) {
        free(r.o.sets);
        free(r.o.ats);
        return CLI_USAGE;
    }
    rc = prepare(&r);
    const char *table = rc == CLI_OK && !r.o.match_table ? att_match_table_path(r.mt) : NULL;
    if (table && cli_check_outputs("run", outs, 2, &table, 1) != CLI_OK)
        rc = CLI_USAGE;   /* the scenario's own table, known once it is read */
    if (rc == CLI_OK && (run_to_files(&r) != ATT_OK || publish(&r, argc, argv) != ATT_OK))
        rc = -1;
    if (rc < 0) {
        report_failure(&r);
        run_free(&r);
        return cli_status(r.err.code);
    }
    if (rc == CLI_OK && !r.o.quiet) {
        print_summary(r.scn, r.seed, r.pt, att_sim_scorer(r.sim), r.trust_end, r.o.output);
        if (att_sim_sessions(r.sim) > 1)
            print_timeline(r.lines, att_sim_sessions(r.sim));
    }
    run_free(&r);
    return rc;
}
