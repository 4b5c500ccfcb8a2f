/* docs/MODEL.md against the parameter tables: every row of the infant
 * reference (section 11: name, unit, range, default, meaning) and of the
 * caregiver table (section 4.6: name, unit, range, one default per policy),
 * and the defaults shown beside the presets (section 8) and the population
 * (section 9) must say what the tables in models/ say, and name every key
 * once.  A
 * difference fails naming the key and the column. */
#include "tests/fixture.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/caregiver.h"
#include "attune/infant.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

/* True when `text` is exactly the number v. */
static int is_number(const char *text, double v)
{
    char *end;
    double x = strtod(text, &end);
    return end != text && *end == '\0' && x == v;
}

/* True when `text` is "[min, max]" of the row. */
static int is_range(const char *text, const att_param *row)
{
    char lo[64], hi[64];
    if (sscanf(text, "[%63[^,], %63[^]]]", lo, hi) != 2)
        return 0;
    return is_number(lo, row->min) && is_number(hi, row->max);
}

static int column(const md_table *t, const char *name)
{
    for (int i = 0; i < t->ncol; i++)
        if (strcmp(t->head[i], name) == 0)
            return i;
    return -1;
}

/* Compares one infant reference row with the table; writes the first
 * difference ("KEY: column COL ...") into why and returns 0, or returns 1. */
static int infant_row_ok(const md_table *t, int r, const att_infant_params *d, char *why, size_t size)
{
    char key[128];
    md_key(t->cell[r][column(t, "name")], key, sizeof key);
    const att_param *row = att_param_find(att_infant_param_table, att_infant_param_count, key);
    const char *unit = t->cell[r][column(t, "unit")], *range = t->cell[r][column(t, "range")];
    const char *def = t->cell[r][column(t, "default")], *meaning = t->cell[r][column(t, "meaning")];
    if (!row)
        snprintf(why, size, "%s: column name: no such key in att_infant_param_table", key);
    else if (strcmp(unit, row->unit) != 0)
        snprintf(why, size, "%s: column unit: docs '%s', table '%s'", key, unit, row->unit);
    else if (!is_range(range, row))
        snprintf(why, size, "%s: column range: docs '%s', table [%g, %g]", key, range, row->min, row->max);
    else if (!is_number(def, att_param_get(row, d)))
        snprintf(why, size, "%s: column default: docs '%s', table %.10g", key, def, att_param_get(row, d));
    else if (strcmp(meaning, row->help) != 0)
        snprintf(why, size, "%s: column meaning: docs '%s', table '%s'", key, meaning, row->help);
    else
        return 1;
    return 0;
}

static const char INFANT_HEADER[] = "| name | unit | range | default | meaning |";
static const char CAREGIVER_HEADER[] = "| parameter | unit | range |";

START_TEST(infant_reference_matches_table)
{
    char *text = slurp(ATT_SRCDIR "/docs/MODEL.md", NULL);
    ck_assert_msg(text != NULL, "cannot open docs/MODEL.md");
    const char *sec = strstr(text, "## 11. Infant parameter reference");
    ck_assert_ptr_nonnull(sec);
    static md_table t;
    ck_assert_int_eq(md_find_table(sec, INFANT_HEADER, &t), 0);
    att_infant_params d;
    att_infant_params_default(&d);
    int seen[256] = { 0 };
    ck_assert_uint_le(att_infant_param_count, 256);
    for (int r = 0; r < t.nrow; r++) {
        char why[1024];
        ck_assert_msg(infant_row_ok(&t, r, &d, why, sizeof why), "docs/MODEL.md section 11, %s", why);
        char key[128];
        md_key(t.cell[r][0], key, sizeof key);
        size_t i = (size_t)(att_param_find(att_infant_param_table, att_infant_param_count, key)
                            - att_infant_param_table);
        ck_assert_msg(seen[i]++ == 0, "docs/MODEL.md section 11: %s listed twice", key);
    }
    for (size_t i = 0; i < att_infant_param_count; i++)
        ck_assert_msg(seen[i] == 1, "docs/MODEL.md section 11: key %s missing",
                      att_infant_param_table[i].name);
    free(text);
}
END_TEST

/* The checker itself finds a wrong default, unit, range and meaning. */
START_TEST(infant_checker_finds_differences)
{
    static const char *const docs[] = {
        "| `arousal_tau` | s | [0.1, 1000] | 6 | relaxation time of arousal towards the baseline |\n",
        "| `arousal_tau` | 1/s | [0.1, 1000] | 5 | relaxation time of arousal towards the baseline |\n",
        "| `arousal_tau` | s | [0, 1000] | 5 | relaxation time of arousal towards the baseline |\n",
        "| `arousal_tau` | s | [0.1, 1000] | 5 | relaxation time |\n",
        "| `arousal_taux` | s | [0.1, 1000] | 5 | relaxation time of arousal towards the baseline |\n",
    };
    static const char *const col[] = { "column default", "column unit", "column range",
                                       "column meaning", "column name" };
    att_infant_params d;
    att_infant_params_default(&d);
    static md_table t;
    for (size_t k = 0; k < sizeof docs / sizeof docs[0]; k++) {
        char text[1024], why[1024] = "";
        snprintf(text, sizeof text, "%s\n| --- |\n%s\n", INFANT_HEADER, docs[k]);
        ck_assert_int_eq(md_find_table(text, INFANT_HEADER, &t), 0);
        ck_assert_int_eq(t.nrow, 1);
        ck_assert_int_eq(infant_row_ok(&t, 0, &d, why, sizeof why), 0);
        ck_assert_msg(strstr(why, "arousal_tau") && strstr(why, col[k]), "case %zu: %s", k, why);
    }
    char text[1024], why[1024];
    snprintf(text, sizeof text, "%s\n| --- |\n%s\n", INFANT_HEADER,
             "| `arousal_tau` | s | [0.1, 1000] | 5 | relaxation time of arousal towards the baseline |");
    ck_assert_int_eq(md_find_table(text, INFANT_HEADER, &t), 0);
    ck_assert_int_eq(infant_row_ok(&t, 0, &d, why, sizeof why), 1);
}
END_TEST

START_TEST(caregiver_table_matches_policies)
{
    char *text = slurp(ATT_SRCDIR "/docs/MODEL.md", NULL);
    ck_assert_msg(text != NULL, "cannot open docs/MODEL.md");
    static md_table t;
    ck_assert_int_eq(md_find_table(text, CAREGIVER_HEADER, &t), 0);
    /* One column per policy, named after it, between range and meaning. */
    ck_assert_int_eq(t.ncol, 3 + (int)att_policy_count() + 1);
    for (size_t k = 0; k < att_policy_count(); k++)
        ck_assert_msg(att_policy_find(t.head[3 + k]) != NULL,
                      "docs/MODEL.md section 4.6: column %s is not a policy", t.head[3 + k]);
    int seen[256] = { 0 };
    for (int r = 0; r < t.nrow; r++) {
        char key[128];
        md_key(t.cell[r][0], key, sizeof key);
        if (key[0] == '\0')  /* "*initial mode*": not a key */
            continue;
        const att_param *row = att_param_find(att_caregiver_param_table, att_caregiver_param_count, key);
        ck_assert_msg(row != NULL, "docs/MODEL.md section 4.6, %s: column parameter: no such key", key);
        ck_assert_msg(strcmp(t.cell[r][1], row->unit) == 0,
                      "docs/MODEL.md section 4.6, %s: column unit: docs '%s', table '%s'",
                      key, t.cell[r][1], row->unit);
        ck_assert_msg(is_range(t.cell[r][2], row),
                      "docs/MODEL.md section 4.6, %s: column range: docs '%s', table [%g, %g]",
                      key, t.cell[r][2], row->min, row->max);
        for (size_t k = 0; k < att_policy_count(); k++) {
            const att_policy_type *pol = att_policy_find(t.head[3 + k]);
            double v = att_param_get(row, &pol->defaults);
            ck_assert_msg(is_number(t.cell[r][3 + k], v),
                          "docs/MODEL.md section 4.6, %s: column %s: docs '%s', defaults %.10g",
                          key, pol->name, t.cell[r][3 + k], v);
        }
        size_t i = (size_t)(row - att_caregiver_param_table);
        ck_assert_msg(seen[i]++ == 0, "docs/MODEL.md section 4.6: %s listed twice", key);
    }
    for (size_t i = 0; i < att_caregiver_param_count; i++)
        ck_assert_msg(seen[i] == 1, "docs/MODEL.md section 4.6: key %s missing",
                      att_caregiver_param_table[i].name);
    free(text);
}
END_TEST

/* The number a cell starts with ("0.35 /s" -> 0.35, "SD 0.10" after its
 * word); NAN when none. */
static double leading_number(const char *cell)
{
    while (*cell && !(*cell >= '0' && *cell <= '9')
           && !((*cell == '-' || *cell == '.') && cell[1] >= '0' && cell[1] <= '9'))
        cell++;
    char *end;
    double x = strtod(cell, &end);
    return end == cell ? NAN : x;
}

/* Section 8: each preset's changed keys, and the defaults they change. */
START_TEST(preset_table_matches_presets)
{
    char *text = slurp(ATT_SRCDIR "/docs/MODEL.md", NULL);
    ck_assert_msg(text != NULL, "cannot open docs/MODEL.md");
    static md_table t;
    ck_assert_int_eq(md_find_table(text, "| key | default | secure | anxious | avoidant |", &t), 0);
    ck_assert_uint_eq(att_infant_preset_count(), 3);
    att_infant_params d;
    att_infant_params_default(&d);
    size_t cells = 0, values = 0;
    for (int r = 0; r < t.nrow; r++) {
        char key[128];
        md_key(t.cell[r][0], key, sizeof key);
        const att_param *row = att_param_find(att_infant_param_table, att_infant_param_count, key);
        ck_assert_msg(row != NULL, "docs/MODEL.md section 8, %s: column key: no such key", key);
        ck_assert_msg(leading_number(t.cell[r][1]) == att_param_get(row, &d),
                      "docs/MODEL.md section 8, %s: column default: docs '%s', table %.10g",
                      key, t.cell[r][1], att_param_get(row, &d));
        for (int k = 0; k < 3; k++) {
            const att_infant_preset *pr = att_infant_preset_find(t.head[2 + k]);
            ck_assert_msg(pr != NULL, "docs/MODEL.md section 8: column %s is not a preset", t.head[2 + k]);
            const att_preset_value *v = NULL;
            for (size_t i = 0; i < pr->count; i++)
                if (strcmp(pr->values[i].key, key) == 0)
                    v = &pr->values[i];
            if (!v) {
                ck_assert_msg(t.cell[r][2 + k][0] == '\0', "docs/MODEL.md section 8, %s: column %s: "
                              "docs '%s', the preset keeps the default", key, pr->name, t.cell[r][2 + k]);
                continue;
            }
            cells++;
            ck_assert_msg(is_number(t.cell[r][2 + k], v->value),
                          "docs/MODEL.md section 8, %s: column %s: docs '%s', preset %.10g",
                          key, pr->name, t.cell[r][2 + k], v->value);
        }
    }
    for (size_t k = 0; k < 3; k++)
        values += att_infant_preset_at(k)->count;
    ck_assert_msg(cells == values, "docs/MODEL.md section 8 shows %zu preset values, the presets "
                  "have %zu", cells, values);
    free(text);
}
END_TEST

/* Section 9: the population's keys, kinds, spreads and default centres. */
START_TEST(population_table_matches_spreads)
{
    char *text = slurp(ATT_SRCDIR "/docs/MODEL.md", NULL);
    ck_assert_msg(text != NULL, "cannot open docs/MODEL.md");
    static md_table t;
    ck_assert_int_eq(md_find_table(text, "| key | kind | spread | default centre |", &t), 0);
    ck_assert_int_eq(t.nrow, (int)att_infant_population_count);
    att_infant_params d;
    att_infant_params_default(&d);
    for (int r = 0; r < t.nrow; r++) {
        const att_spread *sp = &att_infant_population[r];
        char key[128];
        md_key(t.cell[r][0], key, sizeof key);
        ck_assert_msg(strcmp(key, sp->key) == 0, "docs/MODEL.md section 9, row %d: column key: "
                      "docs '%s', population '%s'", r + 1, key, sp->key);
        ck_assert_msg(t.cell[r][1][0] == sp->kind && t.cell[r][1][1] == '\0',
                      "docs/MODEL.md section 9, %s: column kind: docs '%s', population '%c'",
                      key, t.cell[r][1], sp->kind);
        ck_assert_msg(leading_number(t.cell[r][2]) == sp->spread,
                      "docs/MODEL.md section 9, %s: column spread: docs '%s', population %g",
                      key, t.cell[r][2], sp->spread);
        const att_param *row = att_param_find(att_infant_param_table, att_infant_param_count, key);
        ck_assert_ptr_nonnull(row);
        ck_assert_msg(leading_number(t.cell[r][3]) == att_param_get(row, &d),
                      "docs/MODEL.md section 9, %s: column default centre: docs '%s', table %.10g",
                      key, t.cell[r][3], att_param_get(row, &d));
    }
    free(text);
}
END_TEST

Suite *suite_model_docs(void)
{
    Suite *s = suite_create("model_docs");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, infant_reference_matches_table);
    tcase_add_test(tc, infant_checker_finds_differences);
    tcase_add_test(tc, caregiver_table_matches_policies);
    tcase_add_test(tc, preset_table_matches_presets);
    tcase_add_test(tc, population_table_matches_spreads);
    suite_add_tcase(s, tc);
    return s;
}
