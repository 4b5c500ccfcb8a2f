/* Prints the infant population of `attune validate` (att_infant_population,
 * docs/MODEL.md section 9) centred on a scenario's infant, one scenario
 * override a line ("infant.KEY=lognormal(ln C, S)" or
 * "infant.KEY=normal(C, S)"), for tests/calibrate.sh to hand to `attune
 * fit --set`, so that the calibration's dyads differ as validate's do.
 *
 * usage: calib_population SCENARIO [-x KEY,...] [SECTION.KEY=VALUE...]
 * -x: keys (without "infant.") left out, the fit's free keys; KEY=VALUE:
 * overrides of the scenario (as --set) applied before the centres are
 * read, e.g. the fitted values.  Exit status 0, or 2 with a message when
 * the scenario or an override cannot be read. */
#include <stdio.h>
#include <string.h>
#include "attune/attune.h"

/* Whether `key` is one of the comma-separated names of `list`. */
static int listed(const char *list, const char *key)
{
    size_t len = strlen(key);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, key, n) == 0)
            return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

int main(int argc, char **argv)
{
    att_init();
    const char *skip = NULL;
    int first = 2;
    if (argc >= 4 && strcmp(argv[2], "-x") == 0) {
        skip = argv[3];
        first = 4;
    }
    if (argc < 2 || (argc >= 3 && strcmp(argv[2], "-x") == 0 && !skip)) {
        fprintf(stderr, "usage: calib_population SCENARIO [-x KEY,...] [SECTION.KEY=VALUE...]\n");
        return 2;
    }
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(argv[1], (const char *const *)argv + first,
                                        (size_t)(argc - first), &err);
    if (!s) {
        fprintf(stderr, "calib_population: %s\n", err.msg);
        return 2;
    }
    int rc = 0;
    for (size_t i = 0; i < att_infant_population_count && rc == 0; i++) {
        char line[256];
        if (skip && listed(skip, att_infant_population[i].key))
            continue;
        if (att_infant_population_set(i, att_scenario_infant(s), line, sizeof line, &err)
            != ATT_OK) {
            fprintf(stderr, "calib_population: %s\n", err.msg);
            rc = 2;
        } else {
            printf("%s\n", line);
        }
    }
    att_scenario_free(s);
    return rc;
}
