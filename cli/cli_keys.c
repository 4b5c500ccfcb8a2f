/* attune keys: lists every scenario key with its unit, range and default,
 * straight from the tables the loader checks against: att_scenario_key_table
 * for [scenario], [phase], [batch] and [condition], the parameter tables for
 * [infant] and [caregiver]. */
#include <stdio.h>
#include <string.h>
#include "attune/caregiver.h"
#include "attune/infant.h"
#include "attune/param.h"
#include "attune/scenario.h"
#include "cli/cli.h"

static const char keys_usage[] =
    "usage: attune keys [SECTION]\n"
    "\n"
    "Lists the keys a scenario file may set, with unit, valid range and default.\n"
    "SECTION is one of scenario, phase, batch, condition, infant, caregiver or\n"
    "policies; without one, lists them all.\n";

/* One row: the name at column 2, the kind at 16, the range at 23 and the
 * meaning at 51 (each at least one space, the meaning two, after the text
 * before it). */
static void print_key(const att_scenario_key *k)
{
    char range[64], line[256];
    if (k->range)
        snprintf(range, sizeof range, "%s", k->range);
    else
        snprintf(range, sizeof range, "%.0f-%.0f, default %.0f", k->min, k->max, k->def);
    int n = snprintf(line, sizeof line, "  %s", k->name);
    n += snprintf(line + n, sizeof line - (size_t)n, "%*s%s", n < 15 ? 16 - n : 1, "", k->kind);
    n += snprintf(line + n, sizeof line - (size_t)n, "%*s%s", n < 22 ? 23 - n : 1, "", range);
    if (*k->meaning)
        snprintf(line + n, sizeof line - (size_t)n, "%*s%s", n < 49 ? 51 - n : 2, "", k->meaning);
    puts(line);
}

/* The section's header, its rows of att_scenario_key_table, and a note. */
static void list_table(const char *section, const char *header, const char *note)
{
    puts(header);
    for (size_t i = 0; i < att_scenario_key_count; i++)
        if (strcmp(att_scenario_key_table[i].section, section) == 0)
            print_key(&att_scenario_key_table[i]);
    if (note)
        puts(note);
    puts("");
}

static void list_scenario(void)
{
    list_table("scenario", "[scenario]", NULL);
}

static void list_phase(void)
{
    list_table("phase", "[phase]  (repeat, in order)",
               "  any [caregiver] key  overrides it for this phase");
}

static void list_batch(void)
{
    list_table("batch", "[batch]  (experiments, for 'attune batch'; docs/BATCH.md)", NULL);
}

static void list_condition(void)
{
    list_table("condition", "[condition]  (repeat: one per condition)",
               "                       FROM:STEP:TO sweeps it: one condition per value");
}

/* After the sections whose values may be drawn. */
static void list_draws(void)
{
    puts("Any numeric [infant], [caregiver] or [phase] value may be drawn per run:");
    puts("  normal(mean, sd)  lognormal(zeta, sigma)  uniform(a, b)  beta(a, b)  bernoulli(p)");
    puts("");
}

static void list_infant(void)
{
    att_infant_params d;
    att_infant_params_default(&d);
    puts("[infant]");
    printf("  %-22s %-10s %-16s %8s  %s\n", "preset", "name", "", "none",
           "attachment-style parameter set; keys set explicitly win:");
    for (size_t i = 0; i < att_infant_preset_count(); i++) {
        const att_infant_preset *pr = att_infant_preset_at(i);
        printf("  %-22s %-10s %-16s %8s    %s: %s\n", "", "", "", "", pr->name, pr->description);
    }
    printf("  %-22s %-10s %-16s %8s  %s\n", "key", "unit", "range", "default", "meaning");
    for (size_t i = 0; i < att_infant_param_count; i++) {
        const att_param *p = &att_infant_param_table[i];
        char range[40];
        snprintf(range, sizeof range, "[%g, %g]", p->min, p->max);
        printf("  %-22s %-10s %-16s %8g  %s\n", p->name, p->unit, range, att_param_get(p, &d), p->help);
    }
    puts("");
}

static void list_caregiver(void)
{
    puts("[caregiver]  policy = NAME (default patient), and these keys; defaults depend on the policy:");
    printf("  %-18s %-5s %-12s", "key", "unit", "range");
    for (size_t k = 0; k < att_policy_count(); k++)
        printf(" %12s", att_policy_at(k)->name);
    puts("");
    for (size_t i = 0; i < att_caregiver_param_count; i++) {
        const att_param *p = &att_caregiver_param_table[i];
        char range[32];
        snprintf(range, sizeof range, "[%g, %g]", p->min, p->max);
        printf("  %-18s %-5s %-12s", p->name, p->unit, range);
        for (size_t k = 0; k < att_policy_count(); k++) {
            const att_policy_type *t = att_policy_at(k);
            if (att_policy_reads(t, p->name))
                printf(" %12g", att_param_get(p, &t->defaults));
            else
                printf(" %12s", "-");
        }
        puts("");
    }
    puts("  (-: the policy ignores the key; setting it for her gives a warning)");
    puts("");
    for (size_t i = 0; i < att_caregiver_param_count; i++)
        printf("  %-18s %s\n", att_caregiver_param_table[i].name, att_caregiver_param_table[i].help);
    puts("");
}

static void list_policies(void)
{
    puts("policies:");
    for (size_t k = 0; k < att_policy_count(); k++)
        printf("  %-13s %s\n", att_policy_at(k)->name, att_policy_at(k)->description);
    puts("");
}

int cli_keys(int argc, char **argv)
{
    /* In the order of the full listing; a NULL name (the note on drawn
     * values) is printed only there. */
    static const struct {
        const char *name;
        void (*list)(void);
    } sections[] = {
        { "scenario", list_scenario }, { "phase", list_phase }, { "batch", list_batch },
        { "condition", list_condition }, { NULL, list_draws }, { "infant", list_infant },
        { "caregiver", list_caregiver }, { "policies", list_policies },
    };
    enum { NSECTIONS = sizeof sections / sizeof sections[0] };
    if (argc > 2) {
        fprintf(stderr, "attune keys: one section at a time\n");
        return CLI_USAGE;
    }
    const char *which = argc == 2 ? argv[1] : NULL;
    if (which && (strcmp(which, "-h") == 0 || strcmp(which, "--help") == 0)) {
        fputs(keys_usage, stdout);
        return CLI_OK;
    }
    int found = 0;
    for (size_t i = 0; i < NSECTIONS; i++) {
        if (!which || (sections[i].name && strcmp(which, sections[i].name) == 0)) {
            sections[i].list();
            found = 1;
        }
    }
    if (!found) {
        const char *names[NSECTIONS];
        size_t n = 0;
        for (size_t i = 0; i < NSECTIONS; i++)
            if (sections[i].name)
                names[n++] = sections[i].name;
        const char *near = att_suggest(which, names, n);
        fprintf(stderr, "attune keys: unknown section '%s'%s%s%s (expected scenario, phase, batch, "
                "condition, infant, caregiver or policies)\n",
                which, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        return CLI_USAGE;
    }
    return CLI_OK;
}
