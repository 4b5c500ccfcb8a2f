/* `attune keys` (the real program, tests/fixture.h): it lists every key of
 * the loader's table, every section, and marks the keys a policy ignores. */
#include <check.h>
#include "attune/scenario.h"
#include "tests/fixture.h"

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

/* ---- keys ---- */

/* Every "[name]" (or "name:") heading at the start of a line of the full
 * listing is a section `attune keys name` prints alone. */
START_TEST(test_keys_every_section)
{
    result all = run_attune("keys", NULL);
    expect_status(&all, 0);
    int tried = 0, seen_phase = 0, seen_batch = 0, seen_condition = 0;
    for (const char *l = all.out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        char name[32] = "";
        if (l[0] == '[')
            sscanf(l, "[%31[a-z]]", name);
        else if (strncmp(l, "policies:", 9) == 0)
            strcpy(name, "policies");
        if (!name[0])
            continue;
        tried++;
        seen_phase += strcmp(name, "phase") == 0;
        seen_batch += strcmp(name, "batch") == 0;
        seen_condition += strcmp(name, "condition") == 0;
        result r = run_attune("keys", name, NULL);
        expect_status(&r, 0);
        char head[48];
        snprintf(head, sizeof head, strcmp(name, "policies") == 0 ? "%s:" : "[%s]", name);
        ck_assert_msg(strncmp(r.out, head, strlen(head)) == 0, "keys %s begins: %.60s", name,
                      r.out);
        /* only that section: no other heading */
        int headings = 0;
        for (const char *m = r.out; m && *m; m = strchr(m, '\n') ? strchr(m, '\n') + 1 : NULL)
            headings += m[0] == '[' || strncmp(m, "policies:", 9) == 0;
        ck_assert_msg(headings == 1, "keys %s prints %d sections", name, headings);
        ck_assert_msg(strstr(all.out, r.out) != NULL, "keys %s is not part of keys", name);
        result_free(&r);
    }
    ck_assert_int_eq(tried, 7);  /* scenario phase batch condition infant caregiver policies */
    ck_assert_int_eq(seen_phase + seen_batch + seen_condition, 3);
    result_free(&all);

    result r = run_attune("keys", "phse", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "unknown section 'phse' (did you mean 'phase'?)", "stderr");
    result_free(&r);
}
END_TEST

/* `attune keys caregiver` marks the keys each policy ignores; for the
 * patient mother intrusiveness is one (she never leans in). */
START_TEST(test_keys_mark_ignored)
{
    result r = run_attune("keys", "caregiver", NULL);
    expect_status(&r, 0);
    const char *row = strstr(r.out, "\n  intrusiveness ");
    ck_assert_ptr_nonnull(row);
    char unit[16], patient[16], intrusive[16];
    ck_assert_int_eq(sscanf(row, " intrusiveness %15s [%*[^]]] %15s %15s", unit, patient,
                            intrusive), 3);
    ck_assert_str_eq(patient, "-");
    ck_assert_str_eq(intrusive, "0.9");
    result_free(&r);
}
END_TEST

Suite *suite_cli_keys(void)
{
    Suite *s = suite_create("cli_keys");
    TCase *tc = fixture_tcase("cli", setup);
    tcase_add_test(tc, attune_keys_lists_the_table);
    suite_add_tcase(s, tc);
    tc = fixture_tcase("paper_cuts", setup);
    tcase_add_test(tc, test_keys_every_section);
    tcase_add_test(tc, test_keys_mark_ignored);
    suite_add_tcase(s, tc);
    return s;
}
