/* attune validate: the validation suite on simulated populations of
 * infants, one row per check (the library part: validate/validate*.c);
 * --scale and --sensitivity are in cli/cli_validate_sens.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "attune/outfile.h"
#include "attune/report.h"
#include "attune/validate.h"
#include "base/datadir.h"
#include "base/grow.h"
#include "cli/cli.h"
#include "cli/cli_validate.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const char validate_usage[] =
    "usage: attune validate [options]\n"
    "\n"
    "Runs the validation suite: populations of simulated infants, each infant drawn\n"
    "around the scenario's own (individual differences), checked against the\n"
    "figures and directions of the developmental literature.  One row per check:\n"
    "its id, the phenomenon, the literature's figure (source), the simulated value\n"
    "with a 95% percentile bootstrap interval over infants, the rule and PASS or\n"
    "FAIL.  docs/VALIDATION.md describes every check.\n"
    "\n"
    "options:\n"
    "  --quick              " STR(ATT_VALIDATE_QUICK_INFANTS) " infants per population and "
    STR(ATT_VALIDATE_QUICK_BOOT) " resamples, about 15 s\n"
    "                       (default: " STR(ATT_VALIDATE_FULL_INFANTS) " and " STR(ATT_VALIDATE_FULL_BOOT)
    ", about 50 s on 2 processors)\n"
    "  --only PREFIX        only the checks whose id starts with PREFIX, e.g. play or\n"
    "                       sf.gaze (groups: play, sf, reunion, peekaboo, repair,\n"
    "                       numeric, presets, chronic, expert)\n"
    "  --with-pending       accepted and ignored, for older scripts: the expert\n"
    "                       group it used to add now runs by default\n"
    "  --format table|narrow|markdown|csv\n"
    "                       table: aligned, to read (default on a terminal);\n"
    "                       narrow: the table in 100 columns, for a projector (each\n"
    "                       check's texts on indented lines below its numbers);\n"
    "                       csv: one row per check (default otherwise); markdown:\n"
    "                       with --sensitivity only, its table (the default there\n"
    "                       on a terminal, also given by table)\n"
    "  -o, --output FILE|-  where the results go (default '-': standard output)\n"
    "  --seed N             seed of the infants and of the bootstrap (default 1)\n"
    "  --infants N          infants per population (2 or more; overrides the default\n"
    "                       and --quick's)\n"
    "  -j, --jobs N         threads (default: the number of processors); the output\n"
    "                       is the same bytes for any N\n"
    "  --scale KEY=F[,KEY=F...]\n"
    "                       the suite with the model's centre moved: parameter KEY\n"
    "                       (infant.KEY or caregiver.KEY, or a KEY of one of them)\n"
    "                       times F > 0 in every population (its infant, and the\n"
    "                       mother of each phase whose policy reads the key); the\n"
    "                       spreads and the infants' seeds are kept, and a value\n"
    "                       out of the key's range is cut at the range\n"
    "  --sensitivity        the sensitivity table instead of the checks: the suite\n"
    "                       (or --only) unperturbed, then with each parameter of\n"
    "                       --params times each factor of --factors (as --scale);\n"
    "                       a row per parameter and factor: the value (in the\n"
    "                       default infant, or the patient mother), marked \"cut\"\n"
    "                       when the range cut it in some population, the checks\n"
    "                       passed of all, and the ids of the checks that flip (a\n"
    "                       '+' before one that passes only when moved)\n"
    "  --params LIST        with --sensitivity: the parameters, comma-separated\n"
    "                       (default, 48: the 13 keys the infant population\n"
    "                       varies around a centre; the infant's mechanism\n"
    "                       keys calm_rate, calm_adaptation, negative_rate,\n"
    "                       distress_threshold, frustration_rate,\n"
    "                       arousal_adaptation, unanswered_avert_rate,\n"
    "                       upset_negative_rate, upset_threshold_share,\n"
    "                       upset_shift, upset_tau, hope_wariness, hope_tau,\n"
    "                       state_gaze, look_build, push_threshold,\n"
    "                       irritation_threshold, irritation_tau, protest_rate,\n"
    "                       hope_buffer, age_gaze, age_regulation,\n"
    "                       state_smile, protest_futility, futility_tau,\n"
    "                       prone_negative_gain, prone_calm_gain and\n"
    "                       arousal_width; the\n"
    "                       caregiver's wait_time,\n"
    "                       intrusiveness, responsiveness, perception_delay,\n"
    "                       repair_latency, play_stimulation and gentling)\n"
    "  --factors LIST       with --sensitivity: the factors, comma-separated, each\n"
    "                       > 0 (default 0.7,1.3)\n"
    "  -h, --help           this text\n"
    "\n"
    "The same seed gives the same bytes.  Scenarios come from the first of\n"
    "$ATTUNE_DATA/scenarios, the scenarios folder beside the program (../scenarios)\n"
    "and the installed share/attune/scenarios that holds still-face.ini.  The time\n"
    "taken goes to standard error.\n"
    "Exit status: 0 when every check passes, 1 when a check fails (or on a failure\n"
    "while working), 2 on bad usage.  With --sensitivity: 0 when the table is\n"
    "written (a progress bar on standard error when it is a terminal), 1 on a\n"
    "failure while working, 2 on bad usage.\n";

typedef struct {
    const char *output, *only;
    int quick, format_set, narrow, markdown;
    cli_vsens sens;             /* --scale, --sensitivity, --params, --factors */
    att_format format;
    unsigned long seed;
    long infants, jobs;
} validate_opts;

/* --format: table, narrow or csv; with --sensitivity markdown (or table)
 * or csv. */
static int parse_format(const char *format, int sensitivity, validate_opts *o)
{
    if (!format)
        return CLI_OK;
    o->narrow = strcmp(format, "narrow") == 0;
    o->markdown = strcmp(format, "markdown") == 0;
    if ((o->narrow && sensitivity) || (o->markdown && !sensitivity)) {
        fprintf(stderr, "attune validate: --format %s: %s\n", format, sensitivity
                ? "the sensitivity table is markdown or csv" : "only with --sensitivity");
        return CLI_USAGE;
    }
    if (o->narrow || o->markdown)
        o->format = ATT_FORMAT_TABLE;
    else if (att_format_parse(format, &o->format) != 0 || o->format == ATT_FORMAT_JSON) {
        fprintf(stderr, "attune validate: --format %s: must be %s\n", format,
                sensitivity ? "markdown or csv" : "table, narrow or csv");
        return CLI_USAGE;
    }
    o->format_set = 1;
    return CLI_OK;
}

/* --seed, --infants and --jobs, and their defaults. */
static int parse_numbers(const char *seed, const char *infants, const char *jobs,
                         validate_opts *o)
{
    unsigned long long n = 1;
    if (seed && cli_parse_count("validate", "--seed", seed, 0, 0xffffffffUL, &n) != CLI_OK)
        return CLI_USAGE;
    o->seed = (unsigned long)n;
    o->infants = o->quick ? ATT_VALIDATE_QUICK_INFANTS : ATT_VALIDATE_FULL_INFANTS;
    if (infants) {
        if (cli_parse_count("validate", "--infants", infants, 2, 1000000, &n) != CLI_OK)
            return CLI_USAGE;
        o->infants = (long)n;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cpus > 0 ? cpus : 1;
    if (jobs) {
        if (cli_parse_count("validate", "--jobs", jobs, 1, 1024, &n) != CLI_OK)
            return CLI_USAGE;
        o->jobs = (long)n;
    }
    return CLI_OK;
}

static int parse_args(int argc, char **argv, validate_opts *o)
{
    const char *format = NULL, *seed = NULL, *infants = NULL, *jobs = NULL;
    const char *scale = NULL, *params = NULL, *factors = NULL;
    int sensitivity = 0, with_pending = 0;
    const cli_option options[] = {
        { "--quick", NULL, NULL, &o->quick },
        { "--only", NULL, &o->only, NULL },
        { "--with-pending", NULL, NULL, &with_pending },
        { "--format", NULL, &format, NULL },
        { "--output", "-o", &o->output, NULL },
        { "--seed", NULL, &seed, NULL },
        { "--infants", NULL, &infants, NULL },
        { "--jobs", "-j", &jobs, NULL },
        { "--scale", NULL, &scale, NULL },
        { "--sensitivity", NULL, NULL, &sensitivity },
        { "--params", NULL, &params, NULL },
        { "--factors", NULL, &factors, NULL },
    };
    const char **words = calloc((size_t)argc + 1, sizeof *words);
    if (!words)
        return cli_nomem("validate");
    size_t nwords = 0;
    o->output = "-";
    int rc = cli_parse("validate", argc, argv, options, sizeof options / sizeof *options,
                       validate_usage, words, &nwords);
    if (rc == CLI_OK && nwords > 0) {
        fprintf(stderr, "attune validate: unexpected argument '%s' (see 'attune validate "
                "--help')\n", words[0]);
        rc = CLI_USAGE;
    }
    free(words);
    if (rc != CLI_OK)
        return rc;
    if ((rc = cli_vsens_parse(&o->sens, sensitivity, params, factors, scale)) != CLI_OK)
        return rc;
    if ((rc = parse_format(format, sensitivity, o)) != CLI_OK)
        return rc;
    if ((rc = parse_numbers(seed, infants, jobs, o)) != CLI_OK)
        return rc;
    if (!o->format_set)
        o->format = strcmp(o->output, "-") == 0 && isatty(STDOUT_FILENO) ? ATT_FORMAT_TABLE
                                                                        : ATT_FORMAT_CSV;
    return CLI_OK;
}

/* The scenarios folder: $ATTUNE_DATA/scenarios, then the one beside the
 * program, then the installed one (cli_data_path, as for match tables), the
 * first that holds still-face.ini. */
static int resolve_scenarios(char *dir, size_t cap, att_error *err)
{
    cli_data_path dp;
    char marker[4200];
    int rc = cli_data_path_init(&dp, "scenarios", "../scenarios", err);
    if (rc != ATT_OK)
        return rc;
    int found = att_data_find(dp.list, "still-face.ini", marker, sizeof marker, err);
    if (found >= 0 && strlen(dp.list[found]) < cap) {
        memcpy(dir, dp.list[found], strlen(dp.list[found]) + 1);
        return ATT_OK;
    }
    char looked[1024];
    att_data_list(dp.list, looked, sizeof looked);
    return att_error_set(err, ATT_EINPUT, "no scenarios folder with still-face.ini (looked in "
                         "%s); set ATTUNE_DATA to the folder holding scenarios/", looked);
}

/* The results, kept for the table's column widths. */
typedef struct {
    att_vresult *r;
    size_t n, cap;
} results;

static int collect(const att_vresult *r, void *user, att_error *err)
{
    results *rs = user;
    if (cli_interrupted())
        return att_error_set(err, ATT_EIO, "interrupted; nothing written");
    if (att_grow(&rs->r, &rs->cap, rs->n + 1, sizeof *rs->r, err) != ATT_OK)
        return ATT_ENOMEM;
    rs->r[rs->n++] = *r;
    return ATT_OK;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The checks, run and written; their number and failures into n and
 * failed.  ATT_OK or the error (err filled). */
static int run_checks(const validate_opts *o, const att_validate_opts *vo, att_outfile *out,
                      att_error *err, size_t *n, size_t *failed)
{
    results rs = { 0 };
    int rc = att_validate_run_moved(vo, o->sens.scale, o->sens.nscale, NULL, collect, &rs, err);
    if (rc == ATT_OK && rs.n == 0)
        rc = att_error_set(err, ATT_EINPUT, "--only %s: no check id starts with it (see "
                           "'attune validate --help' for the groups)", o->only ? o->only : "");
    FILE *fp = out ? att_outfile_stream(out) : stdout;
    if (rc == ATT_OK) {
        rc = o->narrow ? att_validate_write_narrow(fp, vo, rs.r, rs.n, err)
                       : att_validate_write(fp, o->format, vo, rs.r, rs.n, err);
        if (rc != ATT_OK)
            cli_name_output(err, o->output);
    }
    *n = rs.n;
    for (size_t i = 0; rc == ATT_OK && i < rs.n; i++)
        *failed += !rs.r[i].pass;
    free(rs.r);
    return rc;
}

/* The sensitivity table, run and written.  ATT_OK or the error. */
static int run_sensitivity(const validate_opts *o, const att_validate_opts *vo,
                           att_outfile *out, att_error *err)
{
    FILE *fp = out ? att_outfile_stream(out) : stdout;
    int rc = cli_vsens_run(&o->sens, vo, fp, o->format, err);
    if (rc != ATT_OK)
        cli_name_output(err, o->output);
    return rc;
}

/* The last word on stderr: what ran, how long it took. */
static void summary(const validate_opts *o, size_t n, size_t failed, double seconds)
{
    if (o->sens.on)
        fprintf(stderr, "attune validate --sensitivity: %zu run%s of the suite (%zu "
                "parameter%s x %zu factor%s, and unperturbed)", 1 + o->sens.nkeys *
                o->sens.nfactors, o->sens.nkeys * o->sens.nfactors > 0 ? "s" : "", o->sens.nkeys,
                o->sens.nkeys == 1 ? "" : "s", o->sens.nfactors, o->sens.nfactors == 1 ? "" : "s");
    else
        fprintf(stderr, "attune validate: %zu check%s, %zu failed", n, n == 1 ? "" : "s", failed);
    for (size_t i = 0; i < o->sens.nscale; i++)
        fprintf(stderr, "%s%s x %g", i ? ", " : " with the centre moved: ", o->sens.scale[i].key,
                o->sens.scale[i].factor);
    fprintf(stderr, ", in %.1f s (%ld infants per population, %ld thread%s)\n", seconds,
            o->infants, o->jobs, o->jobs == 1 ? "" : "s");
}

int cli_validate(int argc, char **argv)
{
    validate_opts o = { 0 };
    int rc = parse_args(argc, argv, &o);
    if (rc != CLI_OK) {
        cli_vsens_free(&o.sens);
        return rc < 0 ? CLI_OK : rc;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    att_error err = { 0 };
    att_outfile *out = NULL;
    char dir[4096];
    cli_data_path match;
    size_t n = 0, failed = 0;
    cli_catch_signals();
    /* A folder that cannot be written fails before the long run, not after. */
    if ((rc = resolve_scenarios(dir, sizeof dir, &err)) != ATT_OK
        || (rc = cli_data_path_init(&match, "match", "../data/match", &err)) != ATT_OK)
        goto fail;
    if (strcmp(o.output, "-") != 0 && !(out = att_outfile_open(o.output, &err))) {
        rc = err.code;
        goto fail;
    }
    att_validate_opts vo = {
        .scenario_dir = dir, .match_path = match.list, .seed = o.seed, .infants = o.infants,
        .boot = o.quick ? ATT_VALIDATE_QUICK_BOOT : ATT_VALIDATE_FULL_BOOT, .only = o.only,
        .jobs = (int)o.jobs,
    };
    rc = o.sens.on ? run_sensitivity(&o, &vo, out, &err) : run_checks(&o, &vo, out, &err, &n, &failed);
    if (rc != ATT_OK)
        goto fail;
    if (out) {
        rc = att_outfile_commit(out, &err);
        out = NULL;
        if (rc != ATT_OK)
            goto fail;
    }
    summary(&o, n, failed, seconds_since(&t0));
    cli_vsens_free(&o.sens);
    return failed ? CLI_FAIL : CLI_OK;
fail:
    cli_print_error("validate", &err, NULL);
    att_outfile_abort(out);
    cli_vsens_free(&o.sens);
    return cli_status(rc);
}
