/* What `attune fit` writes: the tidy table of estimates, statistics and the
 * fit's figures (CSV or JSON), and the scenario with the estimates written
 * in (docs/FIT.md, "Output"). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/json.h"
#include "fit/fit_int.h"

/* "%.10g", or nothing (NA) for a non-finite number. */
static void num(FILE *fp, double x)
{
    if (isfinite(x))
        fprintf(fp, "%.10g", x);
}

static double z_of(const att_fit *f, size_t k)
{
    return (f->observed[k] - att_fit_simulated(f, k)) / sqrt(f->var[k]);
}

#define FIT_ROWS 15

/* The "fit" rows: name and value. */
static size_t fit_rows(const att_fit *f, const char **names, double *values)
{
    const char *n[FIT_ROWS] = { "objective", "evaluations", "dyads", "sessions", "starts",
                                "best_start", "seed", "stopped", "boot", "boot_used",
                                "j_stat", "j_df", "j_p", "j_p_boot", "resims" };
    double v[FIT_ROWS] = { f->best_J, (double)f->evals, (double)f->o.dyads,
                           (double)f->o.sessions, (double)f->o.starts, (double)f->best_start,
                           (double)f->o.seed, (double)f->stopped, (double)f->boot_n,
                           (double)f->boot_used, f->best_J, att_fit_j_df(f), att_fit_j_p(f),
                           att_fit_j_p_boot(f), (double)f->o.resims };
    for (size_t i = 0; i < FIT_ROWS; i++) {
        names[i] = n[i];
        values[i] = v[i];
    }
    return FIT_ROWS;
}

static int done(FILE *fp, att_error *err)
{
    if (ferror(fp))
        return att_error_set(err, ATT_EIO, "write error");
    return ATT_OK;
}

/* The interval the fit does not report as ci_asym (include/attune/fit.h,
 * ATT_FIT_CI_INVERTED), in columns of its own name. */
#if ATT_FIT_CI_INVERTED
#define OTHER "ci_logit"
static double other_lo(const att_fit *f, size_t i) { return att_fit_ci_logit_lo(f, i); }
static double other_hi(const att_fit *f, size_t i) { return att_fit_ci_logit_hi(f, i); }
#else
#define OTHER "ci_inv"
static double other_lo(const att_fit *f, size_t i) { return att_fit_ci_inv_lo(f, i); }
static double other_hi(const att_fit *f, size_t i) { return att_fit_ci_inv_hi(f, i); }
#endif

/* Key i's note (att_fit_ci_inv_note's ends, "; " between) into buf. */
static const char *param_note(const att_fit *f, size_t i, char *buf, size_t cap)
{
    const char *lo = att_fit_ci_inv_note(f, i, 0), *hi = att_fit_ci_inv_note(f, i, 1);
    snprintf(buf, cap, "%s%s%s", lo ? lo : "", lo && hi ? "; " : "", hi ? hi : "");
    return buf;
}

int att_fit_write_csv(const att_fit *f, FILE *fp, att_error *err)
{
    fputs("kind,name,value,start,lo,hi,se,ci_lo,ci_hi,se_asym,ci_asym_lo,ci_asym_hi,observed,"
          "simulated,variance,z,note," OTHER "_lo," OTHER "_hi,se_resim\n", fp);
    for (size_t i = 0; i < f->o.nparams; i++) {
        const att_fit_param *p = &f->params[i];
        double v[] = { att_fit_estimate(f, i), p->value, p->lo, p->hi, att_fit_se(f, i),
                       att_fit_ci_lo(f, i), att_fit_ci_hi(f, i), att_fit_se_asym(f, i),
                       att_fit_ci_asym_lo(f, i), att_fit_ci_asym_hi(f, i) };
        fprintf(fp, "parameter,%s", p->key);
        for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
            fputc(',', fp);
            num(fp, v[j]);
        }
        char note[512];
        fprintf(fp, ",,,,,%s", param_note(f, i, note, sizeof note));   /* no commas */
        for (int e = 0; e < 2; e++) {
            fputc(',', fp);
            num(fp, e ? other_hi(f, i) : other_lo(f, i));
        }
        fputc(',', fp);
        num(fp, att_fit_se_resim(f, i));
        fputc('\n', fp);
    }
    for (size_t k = 0; k < f->o.nstats; k++) {
        fprintf(fp, "statistic,%s,,,,,,,,,,,", f->stats[k]);
        num(fp, f->observed[k]);
        fputc(',', fp);
        num(fp, att_fit_simulated(f, k));
        fputc(',', fp);
        num(fp, f->var[k]);
        fputc(',', fp);
        num(fp, z_of(f, k));
        fputs(",,,,\n", fp);
    }
    const char *names[FIT_ROWS];
    double values[FIT_ROWS];
    for (size_t i = 0, n = fit_rows(f, names, values); i < n; i++) {
        fprintf(fp, "fit,%s,", names[i]);
        num(fp, values[i]);
        fputs(",,,,,,,,,,,,,,,,,\n", fp);
    }
    /* the reason is plain text without commas or quotes */
    for (size_t i = 0; i < f->nwarn; i++)
        fprintf(fp, "warning,%s,,,,,,,,,,,,,,,%s,,,\n", att_fit_warning_param(f, i),
                att_fit_warning_reason(f, i));
    return done(fp, err);
}

/* "name": number or null. */
static void jnum(FILE *fp, const char *name, double x, int comma)
{
    fprintf(fp, "\"%s\": ", name);
    if (isfinite(x))
        fprintf(fp, "%.10g", x);
    else
        fputs("null", fp);
    fputs(comma ? ", " : "", fp);
}

int att_fit_write_json(const att_fit *f, FILE *fp, att_error *err)
{
    fputs("{\n  \"parameters\": [", fp);
    for (size_t i = 0; i < f->o.nparams; i++) {
        const att_fit_param *p = &f->params[i];
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", fp);
        att_json_string(fp, p->key);
        fputs(", ", fp);
        jnum(fp, "value", att_fit_estimate(f, i), 1);
        jnum(fp, "start", p->value, 1);
        jnum(fp, "lo", p->lo, 1);
        jnum(fp, "hi", p->hi, 1);
        jnum(fp, "se", att_fit_se(f, i), 1);
        jnum(fp, "ci_lo", att_fit_ci_lo(f, i), 1);
        jnum(fp, "ci_hi", att_fit_ci_hi(f, i), 1);
        jnum(fp, "se_asym", att_fit_se_asym(f, i), 1);
        jnum(fp, "ci_asym_lo", att_fit_ci_asym_lo(f, i), 1);
        jnum(fp, "ci_asym_hi", att_fit_ci_asym_hi(f, i), 1);
        jnum(fp, OTHER "_lo", other_lo(f, i), 1);
        jnum(fp, OTHER "_hi", other_hi(f, i), 1);
        jnum(fp, "se_resim", att_fit_se_resim(f, i), 1);
        char note[512];
        fputs("\"note\": ", fp);
        if (*param_note(f, i, note, sizeof note))
            att_json_string(fp, note);
        else
            fputs("null", fp);
        fputc('}', fp);
    }
    fputs("\n  ],\n  \"statistics\": [", fp);
    for (size_t k = 0; k < f->o.nstats; k++) {
        fputs(k ? ",\n    {\"name\": " : "\n    {\"name\": ", fp);
        att_json_string(fp, f->stats[k]);
        fputs(", ", fp);
        jnum(fp, "observed", f->observed[k], 1);
        jnum(fp, "simulated", att_fit_simulated(f, k), 1);
        jnum(fp, "variance", f->var[k], 1);
        jnum(fp, "z", z_of(f, k), 0);
        fputc('}', fp);
    }
    fputs("\n  ],\n  \"fit\": {", fp);
    const char *names[FIT_ROWS];
    double values[FIT_ROWS];
    for (size_t i = 0, n = fit_rows(f, names, values); i < n; i++)
        jnum(fp, names[i], values[i], i + 1 < n);
    fputs("},\n  \"warnings\": [", fp);
    for (size_t i = 0; i < f->nwarn; i++) {
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", fp);
        att_json_string(fp, att_fit_warning_param(f, i));
        fputs(", \"reason\": ", fp);
        att_json_string(fp, att_fit_warning_reason(f, i));
        fputc('}', fp);
    }
    fputs(f->nwarn ? "\n  ]\n}\n" : "]\n}\n", fp);
    return done(fp, err);
}
