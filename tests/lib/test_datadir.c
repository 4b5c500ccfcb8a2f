/* base/datadir.c: the data-folder search over a caller's search path. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/datadir.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

START_TEST(test_data_find_first_folder_holding_the_file)
{
    const char *dirs[] = { ATT_SRCDIR "/nonexistent", ATT_SRCDIR "/data",
                           ATT_SRCDIR "/data/match", ATT_SRCDIR, NULL };
    char path[512];
    att_error err;
    /* the first folders have no attuned.csv; a folder named like the file is no file */
    ck_assert_int_eq(att_data_find(dirs, "attuned.csv", path, sizeof path, &err), 2);
    ck_assert_str_eq(path, ATT_SRCDIR "/data/match/attuned.csv");
    ck_assert_int_eq(att_data_find(dirs, "match/attuned.csv", path, sizeof path, &err), 1);
    ck_assert_str_eq(path, ATT_SRCDIR "/data/match/attuned.csv");
    ck_assert_int_eq(att_data_find(dirs, "match", path, sizeof path, &err), ATT_DATA_NONE);
}
END_TEST

START_TEST(test_data_find_says_where_it_looked)
{
    const char *dirs[] = { "/nonexistent/a", "/nonexistent/b", NULL };
    char path[512];
    att_error err;
    ck_assert_int_eq(att_data_find(dirs, "x.csv", path, sizeof path, &err), ATT_DATA_NONE);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_str_eq(err.msg, "no x.csv in /nonexistent/a, /nonexistent/b");
    ck_assert_int_eq(att_data_find(NULL, "x.csv", path, sizeof path, &err), ATT_DATA_NONE);
    ck_assert_str_eq(err.msg, "no x.csv: no folders to look in");
    const char *none[] = { NULL };
    ck_assert_int_eq(att_data_find(none, "x.csv", path, sizeof path, NULL), ATT_DATA_NONE);
    char list[16];
    att_data_list(dirs, list, sizeof list);
    ck_assert_str_eq(list, "/nonexistent/a,");   /* cut to fit */
}
END_TEST

START_TEST(test_data_find_path_too_long)
{
    const char *dirs[] = { ATT_SRCDIR "/data/match", NULL };
    char path[8];
    att_error err;
    ck_assert_int_eq(att_data_find(dirs, "attuned.csv", path, sizeof path, &err),
                     ATT_DATA_TOO_LONG);
    ck_assert_str_eq(err.msg, ATT_SRCDIR "/data/match/attuned.csv: path too long");
}
END_TEST

/* A code name made from a name that is not one, for import's messages:
 * capitals lowered, accents taken off Latin letters, spaces and punctuation
 * one '_', anything else dropped; -1 with "" when nothing is left or it
 * does not fit. */
START_TEST(test_data_name_like)
{
    static const struct { const char *in, *out; } cases[] = {
        { "Positive", "positive" }, { "Not Seen", "not_seen" },
        { "d\xc3\xa9tourn\xc3\xa9", "detourne" }, { "\xc3\x89l\xc3\xa8ve", "eleve" },
        { "  Still face. ", "still_face" }, { "non-infant", "non-infant" },
        { "A - B", "a-b" }, { "soci\xc3\xa9t\xc3\xa9 \xe6\x97\xa5 2", "societe_2" },
        { "x\xc3\x97y", "xy" }, { "\xe6\x97\xa5", "" }, { "", "" }, { "?!", "" },
    };
    char buf[16];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = att_data_name_like(cases[i].in, buf, sizeof buf);
        ck_assert_msg(strcmp(buf, cases[i].out) == 0, "'%s': '%s', not '%s'", cases[i].in, buf,
                      cases[i].out);
        ck_assert_int_eq(rc, *cases[i].out ? 0 : -1);
        ck_assert(rc != 0 || att_data_is_name(buf));
    }
    /* 15 characters fit in 16 bytes, 16 do not */
    ck_assert_int_eq(att_data_name_like("Fifteen Letters+", buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "fifteen_letters");
    ck_assert_int_eq(att_data_name_like("Sixteen Lettersx", buf, sizeof buf), -1);
    ck_assert_str_eq(buf, "");
}
END_TEST

Suite *suite_datadir(void)
{
    Suite *s = suite_create("datadir");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_data_find_first_folder_holding_the_file);
    tcase_add_test(tc, test_data_find_says_where_it_looked);
    tcase_add_test(tc, test_data_find_path_too_long);
    tcase_add_test(tc, test_data_name_like);
    suite_add_tcase(s, tc);
    return s;
}
