/* The table of [scenario], [phase], [batch] and [condition] keys
 * (att_scenario_key_table) against what it describes: the loader takes
 * exactly its keys, with its ranges and defaults; `attune keys` lists each
 * of them; and every table of such keys in the docs (README.md,
 * docs/MODEL.md, docs/BATCH.md) gives the same range and default. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/caregiver.h"
#include "attune/infant.h"
#include "attune/param.h"
#include "attune/scenario.h"
#include "fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif

/* Loads `text` with one --set (or none); the error goes to `err`. */
static att_scenario *load_text(const char *text, const char *set, att_error *err)
{
    char path[64];
    temp_file(path, sizeof path, text);
    const char *sets[1] = { set };
    att_scenario *s = att_scenario_load(path, set ? sets : NULL, set ? 1 : 0, err);
    unlink(path);
    return s;
}

static const att_scenario_key *row_of(const char *section, const char *name)
{
    for (size_t i = 0; i < att_scenario_key_count; i++)
        if (strcmp(att_scenario_key_table[i].section, section) == 0
            && strcmp(att_scenario_key_table[i].name, name) == 0)
            return &att_scenario_key_table[i];
    return NULL;
}

START_TEST(table_rows_are_well_formed)
{
    static const char *const sections[] = { "scenario", "phase", "batch", "condition" };
    ck_assert_uint_ge(att_scenario_key_count, 10);
    for (size_t i = 0; i < att_scenario_key_count; i++) {
        const att_scenario_key *k = &att_scenario_key_table[i];
        int known = 0;
        for (size_t j = 0; j < 4; j++)
            known |= strcmp(k->section, sections[j]) == 0;
        ck_assert_msg(known, "key %s: unknown section '%s'", k->name, k->section);
        ck_assert_msg(*k->name && *k->kind && k->meaning, "key %s.%s: empty field",
                      k->section, k->name);
        ck_assert_msg(k->range || strcmp(k->kind, "int") == 0,
                      "key %s.%s: only int keys may leave the range to be formatted",
                      k->section, k->name);
        ck_assert_msg(k->min <= k->max, "key %s.%s: min > max", k->section, k->name);
        ck_assert_msg(row_of(k->section, k->name) == k, "key %s.%s appears twice",
                      k->section, k->name);
    }
}
END_TEST

/* Every key of the table is one the loader knows: a bad value gets a
 * complaint about the value, never "unknown key". */
START_TEST(loader_knows_every_key)
{
    static const char head[] = "[scenario]\nduration = 10\n";
    size_t checked = 0;
    for (size_t i = 0; i < att_scenario_key_count; i++) {
        const att_scenario_key *k = &att_scenario_key_table[i];
        if (strcmp(k->section, "condition") == 0)
            continue;  /* kept as written, checked when built: see below */
        char text[256];
        if (strcmp(k->section, "phase") == 0)  /* the key last: name and duration once */
            snprintf(text, sizeof text, "[phase]\n%s%s%s = @@\n",
                     strcmp(k->name, "name") ? "name = a\n" : "",
                     strcmp(k->name, "duration") ? "duration = 1\n" : "", k->name);
        else
            snprintf(text, sizeof text, "%s[%s]\n%s = @@\n", head, k->section, k->name);
        att_error err;
        att_scenario *s = load_text(text, NULL, &err);
        ck_assert_msg(s == NULL, "%s.%s = @@ was accepted", k->section, k->name);
        ck_assert_msg(strstr(err.msg, "unknown key") == NULL, "%s.%s: %s", k->section, k->name,
                      err.msg);
        checked++;
    }
    ck_assert_uint_ge(checked, 10);
    att_error err;
    ck_assert_ptr_null(load_text("[scenario]\nduration = 10\nsession = 2\n", NULL, &err));
    ck_assert_str_eq(err.msg + strlen(err.msg) - strlen("(did you mean 'sessions'?)"),
                     "(did you mean 'sessions'?)");
}
END_TEST

/* An int key's table range is the loader's: MIN and MAX load, MIN - 1 and
 * MAX + 1 do not, and the message names the range. */
START_TEST(int_ranges_are_the_loaders)
{
    size_t checked = 0;
    for (size_t i = 0; i < att_scenario_key_count; i++) {
        const att_scenario_key *k = &att_scenario_key_table[i];
        if (strcmp(k->kind, "int") != 0)
            continue;
        char set[96], range[64];
        snprintf(range, sizeof range, "from %.0f to %.0f", k->min, k->max);
        const double tries[4] = { k->min, k->max, k->min - 1, k->max + 1 };
        for (int t = 0; t < 4; t++) {
            if (tries[t] < 0)
                continue;  /* "-1" is no whole number for another reason */
            snprintf(set, sizeof set, "%s.%s=%.0f", k->section, k->name, tries[t]);
            att_error err;
            att_scenario *s = load_text("[scenario]\nduration = 10\n", set, &err);
            if (t < 2) {
                ck_assert_msg(s != NULL, "--set %s: %s", set, err.msg);
            } else {
                ck_assert_msg(s == NULL, "--set %s was accepted", set);
                ck_assert_msg(strstr(err.msg, range) != NULL, "--set %s: %s", set, err.msg);
            }
            att_scenario_free(s);
            checked++;
        }
    }
    ck_assert_uint_ge(checked, 9);  /* seed, sessions, replicates */
}
END_TEST

/* A file that sets nothing holds the table's defaults. */
START_TEST(defaults_are_the_tables)
{
    att_error err;
    att_scenario *s = load_text("[scenario]\nduration = 10\n", NULL, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_double_eq(att_scenario_dt(s), row_of("scenario", "dt")->def);
    ck_assert_double_eq(att_scenario_dt(s), 0.1);
    ck_assert_uint_eq(att_scenario_seed(s), (unsigned long)row_of("scenario", "seed")->def);
    ck_assert_int_eq(att_scenario_sessions(s), (long)row_of("scenario", "sessions")->def);
    ck_assert_double_eq(att_scenario_interval(s), row_of("scenario", "interval")->def);
    ck_assert_double_eq(att_scenario_interval(s), 86400);
    ck_assert_int_eq(att_scenario_replicates(s), (long)row_of("batch", "replicates")->def);
    att_scenario_free(s);
    /* dt's table maximum is the loader's. */
    double dtmax = row_of("scenario", "dt")->max;
    char set[64];
    snprintf(set, sizeof set, "scenario.dt=%g", dtmax * 1.5);
    ck_assert_ptr_null(load_text("[scenario]\nduration = 30\n", set, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "out of range"));
}
END_TEST

/* `attune keys SECTION` lists every key of the section, in table order. */
START_TEST(attune_keys_lists_the_table)
{
    static const char *const sections[] = { "scenario", "phase", "batch", "condition" };
    for (size_t j = 0; j < 4; j++) {
        result r = run_attune("keys", sections[j], NULL);
        expect_status(&r, 0);
        const char *at = r.out;
        for (size_t i = 0; i < att_scenario_key_count; i++) {
            const att_scenario_key *k = &att_scenario_key_table[i];
            if (strcmp(k->section, sections[j]) != 0)
                continue;
            char line[96];
            snprintf(line, sizeof line, "\n  %s ", k->name);
            const char *hit = strstr(at, line);
            ck_assert_msg(hit != NULL, "attune keys %s: no line for %s (in order)",
                          sections[j], k->name);
            at = hit + 1;
        }
        result_free(&r);
    }
}
END_TEST

/* ---- the docs' tables ---- */

/* Splits a markdown table row "| a | b |" into trimmed cells (backticks
 * dropped); returns the count. */
static size_t cells(char *line, char **cell, size_t max)
{
    size_t n = 0;
    char *p = strchr(line, '|');
    while (p && n < max) {
        char *next = strchr(p + 1, '|');
        if (!next)
            break;
        *next = '\0';
        char *c = p + 1;
        while (*c == ' ' || *c == '`')
            c++;
        char *e = c + strlen(c);
        while (e > c && (e[-1] == ' ' || e[-1] == '`'))
            *--e = '\0';
        cell[n++] = c;
        p = next;
    }
    return n;
}

/* A key of the infant or caregiver tables: those rows are docs/MODEL.md's
 * parameter tables, checked elsewhere. */
static int model_key(const char *name)
{
    return att_param_find(att_infant_param_table, att_infant_param_count, name)
        || att_param_find(att_caregiver_param_table, att_caregiver_param_count, name);
}

/* Checks one docs row against the table row of that name: 0 when it
 * agrees, 1 (the problem, naming the key, in `why`) when it does not, -1
 * when the key is not one of the table's. */
static int doc_row(const char *doc, int lineno, char **cell, int range_col, int def_col,
                   char *why, size_t size)
{
    const att_scenario_key *k = NULL;
    for (size_t i = 0; i < att_scenario_key_count && !k; i++)
        if (strcmp(att_scenario_key_table[i].name, cell[0]) == 0)
            k = &att_scenario_key_table[i];
    if (!k || model_key(cell[0]))
        return -1;
    if (range_col >= 0) {
        const char *br = strchr(cell[range_col], '[');
        double lo, hi;
        if (!br || sscanf(br, "[%lf, %lf]", &lo, &hi) != 2) {
            snprintf(why, size, "%s:%d: key %s: range '%s' is not [MIN, MAX]", doc, lineno,
                     k->name, cell[range_col]);
            return 1;
        }
        if (lo != k->min || hi != k->max) {
            snprintf(why, size, "%s:%d: key %s: the docs say [%g, %g], the loader's table "
                     "[%g, %g]", doc, lineno, k->name, lo, hi, k->min, k->max);
            return 1;
        }
    }
    if (def_col >= 0) {
        double d;
        if (sscanf(cell[def_col], "%lf", &d) != 1 || d != k->def) {
            snprintf(why, size, "%s:%d: key %s: the docs' default is '%s', the loader's %g",
                     doc, lineno, k->name, cell[def_col], k->def);
            return 1;
        }
    }
    return 0;
}

/* Every markdown table whose first column is "key" and that has a range
 * or default column. */
static size_t check_doc(const char *doc)
{
    char path[512], line[2048];
    snprintf(path, sizeof path, "%s/%s", ATT_SRCDIR, doc);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot read %s", path);
    int lineno = 0, range_col = -1, def_col = -1, in_table = 0;
    size_t checked = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *cell[16];
        size_t n = line[0] == '|' ? cells(line, cell, 16) : 0;
        if (n == 0) {
            in_table = 0;
            continue;
        }
        if (!in_table) {  /* the header row */
            in_table = strcmp(cell[0], "key") == 0 ? 1 : -1;
            range_col = def_col = -1;
            for (size_t i = 1; i < n; i++) {
                if (strcmp(cell[i], "range") == 0)
                    range_col = (int)i;
                if (strcmp(cell[i], "default") == 0)
                    def_col = (int)i;
            }
            continue;
        }
        if (in_table < 0 || (range_col < 0 && def_col < 0) || strncmp(cell[0], "---", 3) == 0)
            continue;
        if ((range_col >= (int)n) || (def_col >= (int)n))
            continue;
        char why[512];
        int rc = doc_row(doc, lineno, cell, range_col, def_col, why, sizeof why);
        ck_assert_msg(rc <= 0, "%s", why);
        checked += rc == 0;
    }
    fclose(f);
    return checked;
}

START_TEST(docs_tables_match)
{
    size_t checked = check_doc("README.md") + check_doc("docs/MODEL.md")
                   + check_doc("docs/BATCH.md");
    /* docs/MODEL.md section 7 lists sessions and interval. */
    ck_assert_uint_ge(checked, 2);
}
END_TEST

/* The docs check fails, naming the key, when a docs row disagrees. */
START_TEST(docs_check_names_the_key)
{
    char row[] = "| `sessions` | count | whole number, [1, 99] | 1 | x |";
    char *cell[16], why[512];
    ck_assert_uint_eq(cells(row, cell, 16), 5);
    ck_assert_str_eq(cell[0], "sessions");
    ck_assert_int_eq(doc_row("doc", 3, cell, 2, 3, why, sizeof why), 1);
    ck_assert_str_eq(why, "doc:3: key sessions: the docs say [1, 99], the loader's table "
                     "[1, 100000]");
    char row2[] = "| `interval` | s | [0, 1e9] | 3600 | x |";
    ck_assert_uint_eq(cells(row2, cell, 16), 5);
    ck_assert_int_eq(doc_row("doc", 4, cell, 2, 3, why, sizeof why), 1);
    ck_assert_str_eq(why, "doc:4: key interval: the docs' default is '3600', the loader's 86400");
    char row3[] = "| `interval` | s | [0, 1e9] | 86400 (a day) | x |";
    ck_assert_uint_eq(cells(row3, cell, 16), 5);
    ck_assert_int_eq(doc_row("doc", 5, cell, 2, 3, why, sizeof why), 0);
    char row4[] = "| `wait_time` | s | [0, 1] | 1 | x |";  /* a caregiver key: not ours */
    ck_assert_uint_eq(cells(row4, cell, 16), 5);
    ck_assert_int_eq(doc_row("doc", 6, cell, 2, 3, why, sizeof why), -1);
}
END_TEST

Suite *suite_scenario_keys(void);
Suite *suite_scenario_keys(void)
{
    Suite *s = suite_create("scenario_keys");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, table_rows_are_well_formed);
    tcase_add_test(tc, loader_knows_every_key);
    tcase_add_test(tc, int_ranges_are_the_loaders);
    tcase_add_test(tc, defaults_are_the_tables);
    tcase_add_test(tc, docs_tables_match);
    tcase_add_test(tc, docs_check_names_the_key);
    suite_add_tcase(s, tc);
    TCase *cli = fixture_tcase("cli", setup);
    tcase_add_test(cli, attune_keys_lists_the_table);
    suite_add_tcase(s, cli);
    return s;
}
