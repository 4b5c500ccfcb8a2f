/* attune validate --scale and --sensitivity: the parameter and factor lists
 * checked before anything runs, and the sensitivity table's run with a
 * progress bar and its verdict on the headline conclusions on standard
 * error (the library part: validate/validate_sens*.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/param.h"
#include "cli/cli.h"
#include "cli/cli_batch.h"
#include "cli/cli_validate.h"

/* The items of a comma-separated list: a copy whose commas are NULs, the
 * items pointing into it.  CLI_USAGE (reported) for an empty list or item. */
static int split(const char *flag, const char *list, char **copy, const char ***items,
                 size_t *n)
{
    size_t count = 1;
    for (const char *p = list; *p; p++)
        count += *p == ',';
    *copy = strdup(list);
    *items = calloc(count, sizeof **items);
    if (!*copy || !*items)
        return cli_nomem("validate");
    *n = 0;
    for (char *p = *copy, *next; p; p = next) {
        next = strchr(p, ',');
        if (next)
            *next++ = '\0';
        if (!*p) {
            fprintf(stderr, "attune validate: %s '%s': %s\n", flag, list,
                    *list ? "an empty item (two commas, or a comma at an end)" : "empty list");
            return CLI_USAGE;
        }
        (*items)[(*n)++] = p;
    }
    return CLI_OK;
}

/* A factor: a positive finite number. */
static int parse_factor(const char *flag, const char *text, double *out)
{
    int bad = att_parse_double(text, out);
    if (bad || !(*out > 0)) {
        fprintf(stderr, "attune validate: %s %s: %s\n", flag, text,
                bad ? att_number_problem(bad) : "a factor must be a positive number");
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* A parameter's full name into full (80 bytes), not among the n before. */
static int parse_key(const char *flag, const char *name, char (*full)[80], size_t n)
{
    att_error err = { 0 };
    if (att_vscale_key(name, full[n], sizeof full[n], &err) != ATT_OK) {
        fprintf(stderr, "attune validate: %s: %s\n", flag, err.msg);
        return CLI_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(full[i], full[n]) == 0) {
            fprintf(stderr, "attune validate: %s: parameter %s is named twice\n", flag, full[n]);
            return CLI_USAGE;
        }
    return CLI_OK;
}

static int parse_params(cli_vsens *s, const char *params)
{
    char *copy = NULL;
    const char **items = NULL;
    size_t n = 0;
    int rc = CLI_OK;
    if (params)
        rc = split("--params", params, &copy, &items, &n);
    else
        n = att_vsens_default_count();
    if (rc == CLI_OK && !(s->keys = calloc(n, sizeof *s->keys)))
        rc = cli_nomem("validate");
    for (size_t i = 0; rc == CLI_OK && i < n; i++, s->nkeys++) {
        if (items)
            rc = parse_key("--params", items[i], s->keys, i);
        else if (!att_vsens_default_key(i, s->keys[i], sizeof s->keys[i]))
            rc = CLI_FAIL;
    }
    free(copy);
    free(items);
    return rc;
}

static int parse_factors(cli_vsens *s, const char *factors)
{
    char *copy = NULL;
    const char **items = NULL;
    size_t n = 0;
    int rc = split("--factors", factors ? factors : "0.7,1.3", &copy, &items, &n);
    if (rc == CLI_OK && !(s->factors = calloc(n, sizeof *s->factors)))
        rc = cli_nomem("validate");
    for (size_t i = 0; rc == CLI_OK && i < n; i++, s->nfactors++)
        rc = parse_factor("--factors", items[i], &s->factors[i]);
    free(copy);
    free(items);
    return rc;
}

/* --scale KEY=F[,KEY=F...] */
static int parse_scale(cli_vsens *s, const char *scale)
{
    char *copy = NULL;
    const char **items = NULL;
    size_t n = 0;
    int rc = split("--scale", scale, &copy, &items, &n);
    if (rc == CLI_OK && (!(s->scale = calloc(n, sizeof *s->scale))
                         || !(s->scale_keys = calloc(n, sizeof *s->scale_keys))))
        rc = cli_nomem("validate");
    for (size_t i = 0; rc == CLI_OK && i < n; i++, s->nscale++) {
        char *eq = strchr((char *)items[i], '=');
        if (!eq) {
            fprintf(stderr, "attune validate: --scale %s: expected KEY=FACTOR, e.g. "
                    "infant.negative_threshold=0.7\n", items[i]);
            rc = CLI_USAGE;
            break;
        }
        *eq = '\0';
        rc = parse_key("--scale", items[i], s->scale_keys, i);
        if (rc == CLI_OK)
            rc = parse_factor("--scale", eq + 1, &s->scale[i].factor);
        s->scale[i].key = s->scale_keys[i];
    }
    free(copy);
    free(items);
    return rc;
}

int cli_vsens_parse(cli_vsens *s, int on, const char *params, const char *factors,
                    const char *scale)
{
    *s = (cli_vsens){ .on = on };
    if (!on && (params || factors)) {
        fprintf(stderr, "attune validate: %s needs --sensitivity\n",
                params ? "--params" : "--factors");
        return CLI_USAGE;
    }
    if (on && scale) {
        fputs("attune validate: --scale and --sensitivity do not go together (the table "
              "moves one parameter at a time)\n", stderr);
        return CLI_USAGE;
    }
    if (scale)
        return parse_scale(s, scale);
    if (!on)
        return CLI_OK;
    int rc = parse_params(s, params);
    return rc == CLI_OK ? parse_factors(s, factors) : rc;
}

void cli_vsens_free(cli_vsens *s)
{
    free(s->keys);
    free(s->factors);
    free(s->scale);
    free(s->scale_keys);
    *s = (cli_vsens){ 0 };
}

static int tick(void *user, long done, long total, att_error *err)
{
    (void)total;
    batch_progress_update(user, done, 0);
    if (cli_interrupted())
        return att_error_set(err, ATT_EIO, "interrupted; nothing written");
    return ATT_OK;
}

int cli_vsens_run(const cli_vsens *s, const att_validate_opts *vo, FILE *fp, att_format fmt,
                  att_error *err)
{
    const char **keys = calloc(s->nkeys + 1, sizeof *keys);
    if (!keys)
        return att_error_nomem(err);
    for (size_t i = 0; i < s->nkeys; i++)
        keys[i] = s->keys[i];
    batch_progress bar;
    batch_progress_start(&bar, isatty(STDERR_FILENO), 0, (long)(1 + s->nkeys * s->nfactors),
                         NULL);
    att_vsens t = { 0 };
    int rc = att_validate_sensitivity(vo, keys, s->nkeys, s->factors, s->nfactors, tick, &bar,
                                      &t, err);
    batch_progress_end(&bar);
    if (rc == ATT_OK)
        rc = att_vsens_write(fp, fmt, vo, &t, err);
    att_buf verdict = { 0 };
    if (rc == ATT_OK)
        rc = att_vsens_verdict(&t, 0, &verdict, err);
    if (rc == ATT_OK)
        fprintf(stderr, "attune validate --sensitivity: %s\n", verdict.data);
    att_buf_free(&verdict);
    att_vsens_free(&t);
    free(keys);
    return rc;
}
