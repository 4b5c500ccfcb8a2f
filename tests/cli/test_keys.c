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

Suite *suite_cli_keys(void)
{
    Suite *s = suite_create("cli_keys");
    TCase *tc = fixture_tcase("cli", setup);
    tcase_add_test(tc, attune_keys_lists_the_table);
    suite_add_tcase(s, tc);
    return s;
}
