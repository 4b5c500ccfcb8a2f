/* base/csvwrite.c: CSV fields as Python 3's csv.writer (QUOTE_MINIMAL,
 * lineterminator "\r\n") writes them:
 *   ["a,b", 'say "hi"', "line\nbreak", "cr\r", "plain", ""]
 *   -> '"a,b","say ""hi""","line\nbreak","cr\r",plain,' */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/csvwrite.h"

static const char *const fields[] = { "a,b", "say \"hi\"", "line\nbreak", "cr\r", "plain", "" };
static const char *const row = "\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\r\",plain,";

START_TEST(test_csv_put_field_quotes_only_when_it_must)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (i)
            putc(',', fp);
        att_csv_put_field(fp, fields[i]);
    }
    fclose(fp);
    ck_assert_str_eq(buf, row);
    free(buf);
}
END_TEST

START_TEST(test_csv_field_in_memory_matches)
{
    char out[128], *p = out;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (i)
            *p++ = ',';
        char one[32];
        memset(one, '#', sizeof one);
        size_t n = att_csv_field(one, fields[i]);
        ck_assert_uint_eq(n, att_csv_field_len(fields[i]));
        ck_assert_uint_eq(strlen(one), n);   /* NUL-terminated, nothing past it */
        memcpy(p, one, n);
        p += n;
    }
    *p = '\0';
    ck_assert_str_eq(out, row);
    ck_assert_uint_eq(att_csv_field_len("say \"hi\""), 12);   /* "say ""hi""": 8 + 2 + 2 */
}
END_TEST

Suite *suite_csvwrite(void)
{
    Suite *s = suite_create("csvwrite");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_csv_put_field_quotes_only_when_it_must);
    tcase_add_test(tc, test_csv_field_in_memory_matches);
    suite_add_tcase(s, tc);
    return s;
}
