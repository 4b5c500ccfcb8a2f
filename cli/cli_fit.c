/* attune fit: estimates scenario keys from observed coded sessions or a
 * targets file by the simulated method of moments (fit/, docs/FIT.md).
 * Here: the options, the free keys, the progress bar, Ctrl-C, the output
 * files and the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/fit.h"
#include "attune/match.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "cli/cli.h"
#include "cli/cli_batch.h"
#include "cli/cli_fit.h"

static const char fit_usage[] =
    "usage: attune fit SCENARIO DATA... --free SECTION.KEY[=LO:HI],... [options]\n"
    "       attune fit SCENARIO DATA... --population SECTION.KEY,... [options]\n"
    "\n"
    "Estimates the free keys of SCENARIO so that its simulated dyads look like\n"
    "the observed ones: the simulated method of moments (docs/FIT.md).  DATA is\n"
    "coded session files (attune's coded CSV, every run a session, scored as\n"
    "`attune score` does) or one targets file of published figures (header\n"
    "statistic,phase,value,se,source); - reads sessions from standard input.\n"
    "Every phase of the data must be one of the scenario's, and last 2/3 to 3/2\n"
    "of it.\n"
    "\n"
    "options:\n"
    "  --free LIST           the keys to fit, comma-separated: infant.KEY,\n"
    "                        caregiver.KEY or phase.NAME.KEY, each with optional\n"
    "                        bounds =LO:HI (default: the key's range, attune keys)\n"
    "  --population LIST     keys that vary across dyads: infant.KEY or\n"
    "                        caregiver.KEY, comma-separated, each drawn per\n"
    "                        simulated dyad from normal(KEY.mean, KEY.sd) and\n"
    "                        both fitted (with or without --free); bounds\n"
    "                        =LO:HI for the mean (default: the key's range),\n"
    "                        =LO:HI:SDLO:SDHI for the sd too (default 0 and\n"
    "                        (HI-LO)/2); adds the between-session SDs (NAME_sd)\n"
    "                        to the default statistics\n"
    "  --set SECTION.KEY=VALUE\n"
    "                        a fixed change to the scenario, as attune run's\n"
    "                        (repeatable), e.g. phase.play.duration=40 to match\n"
    "                        the data's phases\n"
    "  --stats LIST          the statistics to match, WINDOW.NAME comma-separated\n"
    "                        (default: every statistic of every phase defined for\n"
    "                        the data; docs/FIT.md lists them); A:B.NAME_d is\n"
    "                        Cohen's d of window A against B, e.g.\n"
    "                        play:still-face.infant_gaze_prop_d\n"
    "  --sim-ratio K         simulated dyads per observed session (default 5)\n"
    "  --sim-dyads N         simulated dyads with a targets file (default 200)\n"
    "  --starts N            optimiser starts: the scenario's values twice (the\n"
    "                        second with a wider first simplex), then random\n"
    "                        points of the bounds' box (default 4)\n"
    "  --boot N              parametric bootstrap replicates for the se and 95%\n"
    "                        intervals (default 0: none)\n"
    "  --resims N            refits from the estimate with fresh simulated dyads;\n"
    "                        their spread widens the asymptotic se where it\n"
    "                        exceeds what the sandwich predicts (default 4; 0:\n"
    "                        the sandwich alone)\n"
    "  --max-evals N         evaluations per start at most (default 300); 0: no\n"
    "                        search, the fit table at the scenario's values\n"
    "  --code-interval S     score the simulated dyads as an observer coding\n"
    "                        every S seconds would: only the step at the start\n"
    "                        of each S-s interval, held for S s (S a whole\n"
    "                        multiple of the scenario's dt; default: every step;\n"
    "                        1 for figures of 1-s coding, docs/FIT.md)\n"
    "  --seed N              seed of the simulated dyads, the starts and the\n"
    "                        bootstrap (default: the scenario's seed)\n"
    "  -j, --jobs N          threads (default: the number of processors); the\n"
    "                        output is the same bytes for any N\n"
    "  --match-table NAME|FILE\n"
    "                        which code pairs are matched (default 'attuned')\n"
    "  --scheme NAME|FILE    the data's code scheme (the simulation keeps attune's\n"
    "                        codes and the 'attuned' table)\n"
    "  --map LIST            read attune's columns under the coded files' names:\n"
    "                        t=Time,infant_code=Infant,... (docs/SCORING.md section 1)\n"
    "  --end T               sessions without an end column end at t = T instead of\n"
    "                        one interval after their last row\n"
    "  -o, --output FILE|-   the estimates and the fit table (default '-')\n"
    "  --format csv|json     (default csv)\n"
    "  --scenario-out FILE   the scenario with the estimates written in\n"
    "  -q, --quiet           no progress bar, no summary on stderr\n"
    "  -h, --help            this text\n"
    "\n"
    "Exit status: 0 done, 1 failed or interrupted (Ctrl-C writes the best point\n"
    "found so far and says so), 2 bad input (nothing written).\n";

static int parse_args(int argc, char **argv, fit_cli *o, const char **words)
{
    const cli_option opts[] = {
        { "--free", NULL, &o->free, NULL }, { "--stats", NULL, &o->stats, NULL },
        { "--population", NULL, &o->population, NULL },
        { "--code-interval", NULL, &o->code_interval, NULL },
        { "--sim-ratio", NULL, &o->sim_ratio, NULL }, { "--sim-dyads", NULL, &o->sim_dyads, NULL },
        { "--starts", NULL, &o->starts, NULL }, { "--max-evals", NULL, &o->max_evals, NULL },
        { "--boot", NULL, &o->boot, NULL }, { "--resims", NULL, &o->resims, NULL },
        { "--seed", NULL, &o->seed, NULL }, { "--jobs", "-j", &o->jobs, NULL },
        { "--match-table", NULL, &o->match_table, NULL }, { "--scheme", NULL, &o->scheme, NULL },
        { "--map", NULL, &o->map, NULL }, { "--end", NULL, &o->end, NULL },
        { "--output", "-o", &o->output, NULL }, { "--format", NULL, &o->format, NULL },
        { "--scenario-out", NULL, &o->scenario_out, NULL }, { "--quiet", "-q", NULL, &o->quiet },
    };
    size_t nw;
    int rc = cli_parse("fit", argc, argv, opts, sizeof opts / sizeof opts[0], fit_usage, words,
                       &nw);
    if (rc != CLI_OK)
        return rc;
    const char *why = nw == 0 ? "no scenario given" : nw == 1 ? "no data given"
                    : !o->free && !o->population ? "no --free or --population keys given"
                                                 : NULL;
    if (!why && o->format && strcmp(o->format, "csv") && strcmp(o->format, "json"))
        why = "--format must be csv or json";
    if (why) {
        fprintf(stderr, "attune fit: %s\n%s", why, fit_usage);
        return CLI_USAGE;
    }
    o->scenario = words[0];
    o->data = words + 1;
    o->ndata = nw - 1;
    return cli_stdin_once("fit", o->data, o->ndata);
}

/* The numbers of the options, with their defaults. */
typedef struct fit_nums {
    unsigned long long ratio, dyads, starts, max_evals, seed, jobs, boot, resims;
    double code_interval;   /* 0: every step */
} fit_nums;

/* --code-interval S: a number, a whole multiple of the scenario's dt. */
static int parse_interval(const char *v, const att_scenario *s, double *out)
{
    int bad = att_parse_double(v, out);
    if (bad) {
        fprintf(stderr, "attune fit: --code-interval '%s' %s\n", v, att_number_problem(bad));
        return CLI_USAGE;
    }
    att_error err = { 0 };
    if (att_fit_code_steps(*out, att_scenario_dt(s), &err) == 0) {
        fprintf(stderr, "attune fit: %s\n", err.msg);
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int parse_nums(const fit_cli *o, const att_scenario *s, fit_nums *n)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    *n = (fit_nums){ 5, 200, 4, 300, att_scenario_seed(s), cpus > 0 ? (unsigned long long)cpus : 1, 0,
                     ATT_FIT_RESIMS, 0 };
    if (o->code_interval && parse_interval(o->code_interval, s, &n->code_interval) != CLI_OK)
        return CLI_USAGE;
    const struct { const char *flag, *v; unsigned long long lo, hi, *out; } k[] = {
        { "--sim-ratio", o->sim_ratio, 1, 1000, &n->ratio },
        { "--sim-dyads", o->sim_dyads, 2, 1000000, &n->dyads },
        { "--starts", o->starts, 1, 1000, &n->starts },
        { "--max-evals", o->max_evals, 0, 1000000, &n->max_evals },
        { "--seed", o->seed, 0, 0xffffffffULL, &n->seed },
        { "--jobs", o->jobs, 1, 1024, &n->jobs },
        { "--boot", o->boot, 0, 100000, &n->boot },
        { "--resims", o->resims, 0, 1000, &n->resims },
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        if (!k[i].v)
            continue;
        if (cli_parse_count("fit", k[i].flag, k[i].v, k[i].lo, k[i].hi, k[i].out) != CLI_OK)
            return CLI_USAGE;
    }
    return CLI_OK;
}

/* --free LIST into params (room for 64). */
static int parse_free(const char *list, const att_scenario *s, att_fit_param *params,
                      size_t *n)
{
    char *copy = strdup(list);
    if (!copy)
        return cli_nomem("fit");
    int rc = CLI_OK;
    *n = 0;
    for (char *save = NULL, *item = strtok_r(copy, ",", &save); item && rc == CLI_OK;
         item = strtok_r(NULL, ",", &save)) {
        att_error err = { 0 };
        char dist[128];
        if (*n == 64) {
            fprintf(stderr, "attune fit: --free: at most 64 keys\n");
            rc = CLI_USAGE;
        } else if (att_fit_param_parse(s, item, &params[*n], &err) != ATT_OK) {
            fprintf(stderr, "attune fit: %s\n", err.msg);
            rc = CLI_USAGE;
        } else if (att_fit_param_drawn(s, params[*n].key, dist, sizeof dist)) {
            const char *dot = strrchr(params[*n].key, '.');
            fprintf(stderr, "attune fit: --free %s: %s draws it per dyad (%s), and --free fits "
                    "one value for every dyad: fit its mean and spread with --population %s, or "
                    "give the scenario one value (%s = %g) to fit one\n", params[*n].key,
                    att_scenario_path(s), dist, params[*n].key, dot ? dot + 1 : params[*n].key,
                    params[*n].value);
            rc = CLI_USAGE;
        }
        for (size_t j = 0; rc == CLI_OK && j < *n; j++)
            if (strcmp(params[j].key, params[*n].key) == 0) {
                fprintf(stderr, "attune fit: --free %s: given twice\n", params[j].key);
                rc = CLI_USAGE;
            }
        if (rc == CLI_OK)
            (*n)++;
    }
    free(copy);
    if (rc == CLI_OK && *n == 0) {
        fprintf(stderr, "attune fit: --free: no key given\n");
        rc = CLI_USAGE;
    }
    return rc;
}

/* The length of a parameter's scenario key (KEY of KEY.mean and KEY.sd). */
static size_t key_len(const att_fit_param *p)
{
    size_t n = strlen(p->key);
    return p->population == ATT_FIT_POP_MEAN ? n - 5 : p->population == ATT_FIT_POP_SD ? n - 3
                                                                                        : n;
}

/* --population LIST: two parameters a key, after the n --free ones (room
 * for 64 in all); a key also free, or given twice, is refused. */
static int parse_population(const char *list, const att_scenario *s, att_fit_param *params,
                            size_t *n)
{
    char *copy = strdup(list);
    if (!copy)
        return cli_nomem("fit");
    int rc = CLI_OK, any = 0;
    for (char *save = NULL, *item = strtok_r(copy, ",", &save); item && rc == CLI_OK;
         item = strtok_r(NULL, ",", &save), any = 1) {
        att_error err = { 0 };
        if (*n + 2 > 64) {
            fprintf(stderr, "attune fit: --free and --population: at most 64 parameters\n");
            rc = CLI_USAGE;
        } else if (att_fit_population_parse(s, item, &params[*n], &err) != ATT_OK) {
            fprintf(stderr, "attune fit: %s\n", err.msg);
            rc = CLI_USAGE;
        }
        size_t len = rc == CLI_OK ? key_len(&params[*n]) : 0;
        for (size_t j = 0; rc == CLI_OK && j < *n; j++)
            if (key_len(&params[j]) == len && strncmp(params[j].key, item, len) == 0) {
                fprintf(stderr, "attune fit: --population %.*s: %s\n", (int)len, item,
                        params[j].population ? "given twice"
                                             : "also in --free: a key is either one value "
                                               "(--free) or drawn per dyad (--population)");
                rc = CLI_USAGE;
            }
        if (rc == CLI_OK)
            *n += 2;
    }
    free(copy);
    if (rc == CLI_OK && !any) {
        fprintf(stderr, "attune fit: --population: no key given\n");
        rc = CLI_USAGE;
    }
    return rc;
}

/* The scenario file's bytes (for --scenario-out). */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 4096 > cap) {
            char *grown = realloc(buf, cap = 2 * cap + 4096);
            if (!grown)
                break;
            buf = grown;
        }
        size_t got = fread(buf + *len, 1, cap - *len, fp);
        *len += got;
        if (got == 0) {
            fclose(fp);
            return buf;
        }
    }
    free(buf);
    fclose(fp);
    return NULL;
}

/* The output files, opened before the search so that an unwritable path is
 * said at once, not after minutes of fitting; files[0] NULL for standard
 * output, files[1] NULL without --scenario-out.  CLI_OK, or the exit status
 * (said, nothing left open): 2 for a name that cannot be a file ("", a
 * folder), as every command gives. */
static int open_outputs(const fit_cli *o, att_outfile *files[2])
{
    att_error err = { 0 };
    const char *out = o->output ? o->output : "-";
    files[0] = files[1] = NULL;
    if (strcmp(out, "-") != 0 && !(files[0] = att_outfile_open(out, &err)))
        cli_name_output(&err, out);
    else if (o->scenario_out && !(files[1] = att_outfile_open(o->scenario_out, &err)))
        cli_name_output(&err, o->scenario_out);
    if (err.code == ATT_OK)
        return CLI_OK;
    att_outfile_abort(files[0]);
    files[0] = NULL;
    cli_print_error("fit", &err, NULL);
    return cli_status(err.code);
}

/* Writes the table (and the scenario) whole into the files of
 * open_outputs, or nothing; commits or aborts them. */
static int write_outputs(const fit_cli *o, const att_fit *f, att_outfile *files[2])
{
    att_error err = { 0 };
    att_buf text = { 0 };
    if (o->scenario_out) {
        size_t len;
        char *src = slurp(o->scenario, &len);
        int rc = src ? att_fit_scenario_text(f, src, len, &text, &err)
                     : att_error_set(&err, ATT_EIO, "%s: cannot read it again", o->scenario);
        free(src);
        if (rc != ATT_OK) {
            att_outfile_abort(files[0]), att_outfile_abort(files[1]);
            cli_print_error("fit", &err, NULL);
            return CLI_FAIL;
        }
    }
    const char *out = o->output ? o->output : "-";
    FILE *fp = files[0] ? att_outfile_stream(files[0]) : stdout;
    int json = o->format && strcmp(o->format, "json") == 0;
    int rc = json ? att_fit_write_json(f, fp, &err) : att_fit_write_csv(f, fp, &err);
    if (rc != ATT_OK)
        cli_name_output(&err, out);
    if (rc == ATT_OK && files[1]
        && fwrite(text.data, 1, text.len, att_outfile_stream(files[1])) != text.len)
        rc = cli_write_error(&err, o->scenario_out, 0);
    att_buf_free(&text);
    if (rc == ATT_OK)
        rc = att_outfile_commit_all(files, 2, &err);
    else
        att_outfile_abort(files[0]), att_outfile_abort(files[1]);
    if (rc != ATT_OK) {
        cli_print_error("fit", &err, NULL);
        return CLI_FAIL;
    }
    return CLI_OK;
}

static batch_progress progress;

static void tick(void *user, long dyads)
{
    (void)user;
    batch_progress_update(&progress, dyads, 0);
}

/* After the search: the bootstrap (--boot), the J test and the warnings
 * (printed by print_warnings once the progress bar is gone). */
static int diagnose(att_fit *f, long boot, att_error *err)
{
    if (att_fit_stopped(f))
        return ATT_OK;
    int rc = boot > 0 ? att_fit_boot(f, boot, err) : ATT_OK;
    if (rc == ATT_OK && att_fit_stopped(f))
        return ATT_OK;   /* Ctrl-C in the bootstrap: write the search's point */
    if (rc == ATT_OK)
        rc = att_fit_diagnose(f, err);
    if (rc == ATT_OK)
        rc = att_fit_asymptotic(f, err);
    return rc;
}

/* Each warning of the fit a line on stderr (even with -q). */
static void print_warnings(const att_fit *f)
{
    for (size_t i = 0; i < att_fit_warning_count(f); i++)
        fprintf(stderr, "attune fit: warning: %s: %s\n", att_fit_warning_param(f, i),
                att_fit_warning_reason(f, i));
}

/* The fit itself, its outputs and its last word on stderr. */
static int run_fit(const fit_cli *o, const fit_nums *n, const att_fit_param *params,
                   size_t np, const fit_data *d)
{
    att_error err = { 0 };
    att_match_table *mt = cli_match_table(o->scheme || !o->match_table ? "attuned"
                                                                       : o->match_table, &err);
    if (!mt) {
        cli_print_error("fit", &err, NULL);
        return cli_status(err.code);
    }
    att_fit_opts fo = {
        .scenario = o->scenario, .sets = o->sets, .nsets = o->nsets, .mt = mt, .params = params, .nparams = np,
        .stats = (const char *const *)d->names.name, .nstats = d->names.n,
        .observed = d->observed, .obs_var = d->var, .sessions = d->sessions,
        .dyads = d->sessions > 0 ? (long)n->ratio * d->sessions : (long)n->dyads,
        .seed = (unsigned long)n->seed, .starts = (int)n->starts, .max_evals = (long)n->max_evals,
        .tol = 1e-2, .threads = (int)n->jobs, .interrupted = cli_interrupted, .tick = tick,
        .obs_cov = d->cov, .code_interval = n->code_interval, .resims = (int)n->resims,
    };
    att_outfile *files[2];
    int opened = open_outputs(o, files);
    if (opened != CLI_OK) {
        att_match_table_free(mt);
        return opened;
    }
    double t0 = batch_now();
    cli_catch_signals();
    att_fit *f = att_fit_new(&fo, &err);
    if (f) {
        batch_progress_start(&progress, !o->quiet && isatty(2), 0, att_fit_budget(f), "dyads");
        if (att_fit_run(f, &err) != ATT_OK || diagnose(f, (long)n->boot, &err) != ATT_OK)
            att_fit_free(f), f = NULL;
        batch_progress_end(&progress);   /* before any warning: a line of its own */
    }
    if (f)
        print_warnings(f);
    int rc = f ? write_outputs(o, f, files) : CLI_OK;
    if (!f) {
        att_outfile_abort(files[0]), att_outfile_abort(files[1]);
        cli_print_error("fit", &err, NULL), rc = cli_status(err.code);
    }
    if (f && rc == CLI_OK && att_fit_stopped(f))
        fprintf(stderr, "attune fit: interrupted: wrote the best point of %ld evaluations "
                "(J = %.6g)\n", att_fit_evaluations(f), att_fit_value(f));
    else if (f && rc == CLI_OK && !o->quiet && n->max_evals == 0)
        fprintf(stderr, "attune fit: J = %.6g at the scenario's values (--max-evals 0: no "
                "search), %ld dyads, %.1f s\n", att_fit_value(f), fo.dyads, batch_now() - t0);
    else if (f && rc == CLI_OK && !o->quiet)
        fprintf(stderr, "attune fit: J = %.6g at the best %s%d start%s, %ld evaluations of %ld "
                "dyads, %.1f s\n", att_fit_value(f), n->starts > 1 ? "of " : "point of ",
                (int)n->starts, n->starts > 1 ? "s" : "", att_fit_evaluations(f), fo.dyads,
                batch_now() - t0);
    if (f && rc == CLI_OK && att_fit_stopped(f))
        rc = CLI_FAIL;
    att_fit_free(f);
    att_match_table_free(mt);
    return rc;
}

/* Takes the --set pairs out of argv (cli_parse keeps one value an option). */
static int take_sets(int *argc, char **argv, fit_cli *o)
{
    int m = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--set") == 0 && i + 1 < *argc)
            o->sets[o->nsets++] = argv[++i];
        else
            argv[m++] = argv[i];
    }
    *argc = m;
    return CLI_OK;
}

/* A key both free and --set is refused. */
static int check_sets(const fit_cli *o, const att_fit_param *params, size_t np)
{
    for (size_t i = 0; i < o->nsets; i++)
        for (size_t j = 0; j < np; j++) {
            size_t len = key_len(&params[j]);
            if (strncmp(o->sets[i], params[j].key, len) == 0 && o->sets[i][len] == '=') {
                fprintf(stderr, "attune fit: --set %s: the key is free (%s): give it one "
                        "or the other\n", o->sets[i],
                        params[j].population ? "--population" : "--free");
                return CLI_USAGE;
            }
        }
    return CLI_OK;
}

int cli_fit(int argc, char **argv)
{
    fit_cli o = { 0 };
    const char **words = calloc((size_t)argc + 1, sizeof *words);
    o.sets = calloc((size_t)argc + 1, sizeof *o.sets);
    if (!words || !o.sets)
        return free(words), free(o.sets), cli_nomem("fit");
    take_sets(&argc, argv, &o);
    int rc = parse_args(argc, argv, &o, words);
    if (rc != CLI_OK) {
        free(words), free(o.sets);
        return rc < 0 ? CLI_OK : rc;
    }
    cli_output outs[] = { { "-o", o.output }, { "--scenario-out", o.scenario_out } };
    const char **ins = calloc(o.ndata + 2, sizeof *ins);
    if (!ins)
        return free(words), free(o.sets), cli_nomem("fit");
    ins[0] = o.scenario;
    ins[1] = o.match_table;   /* NULL is skipped */
    memcpy(ins + 2, o.data, o.ndata * sizeof *ins);
    rc = cli_check_outputs("fit", outs, 2, ins, o.ndata + 2);
    free(ins);
    att_error err = { 0 };
    att_scenario *s = rc == CLI_OK ? att_scenario_load(o.scenario, o.sets, o.nsets, &err)
                                     : NULL;
    if (rc == CLI_OK && !s)
        cli_print_error("fit", &err, o.scenario), rc = cli_status(err.code);
    fit_nums n;
    att_fit_param params[64];
    size_t np = 0;
    if (rc == CLI_OK)
        rc = parse_nums(&o, s, &n);
    if (rc == CLI_OK && o.free)
        rc = parse_free(o.free, s, params, &np);
    if (rc == CLI_OK && o.population)
        rc = parse_population(o.population, s, params, &np);
    if (rc == CLI_OK)
        rc = check_sets(&o, params, np);
    fit_data d = { 0 };
    if (rc == CLI_OK)
        rc = fit_data_load(&o, s, (unsigned long)n.seed, &d);
    if (rc == CLI_OK)
        rc = run_fit(&o, &n, params, np, &d);
    fit_data_free(&d);
    att_scenario_free(s);
    free(words);
    free(o.sets);
    return rc;
}
