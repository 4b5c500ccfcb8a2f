/* base/wrap.c: word-wrapping for the narrow tables.  The expected texts
 * are worked by hand (and agree with Python's textwrap.fill(text, width,
 * initial_indent=' ' * first, subsequent_indent=' ' * next,
 * break_on_hyphens=False) for the cases it shares). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/wrap.h"

/* What att_wrap_put writes, as a string (caller frees). */
static char *wrapped(const char *text, int first, int next, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_wrap_put(fp, text, first, next, width);
    ck_assert_int_eq(fclose(fp), 0);
    return buf;
}

START_TEST(test_wrap_words)
{
    /* Width 12: "the quick" (9) + " brown" would be 15; indents 0 and 2. */
    char *s = wrapped("the quick brown fox jumps over", 0, 2, 12);
    ck_assert_str_eq(s, "the quick\n  brown fox\n  jumps over\n");
    free(s);
    /* A word that ends exactly at the width stays on its line. */
    s = wrapped("abcd efgh ijk", 2, 2, 11);
    ck_assert_str_eq(s, "  abcd efgh\n  ijk\n");
    free(s);
    /* Runs of spaces collapse; leading and trailing spaces go. */
    s = wrapped("  one   two  ", 1, 1, 40);
    ck_assert_str_eq(s, " one two\n");
    free(s);
}
END_TEST

START_TEST(test_wrap_long_word_and_empty)
{
    /* A word longer than a line is cut at the width, and goes on. */
    char *s = wrapped("ab 0123456789abcdef x", 0, 4, 10);
    ck_assert_str_eq(s, "ab\n    012345\n    6789ab\n    cdef x\n");
    free(s);
    /* No words: nothing at all. */
    s = wrapped("   ", 4, 4, 10);
    ck_assert_str_eq(s, "");
    free(s);
    s = wrapped("", 0, 0, 10);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

START_TEST(test_wrap_fits)
{
    /* Every line of a long text at widths 20..100 fits, and the words come
     * back in order. */
    static const char text[] = "intrusion prolongs the disconnection (Tronick 1989; Beebe et "
                               "al. 2010) and a-very-long-hyphenated-word-that-must-be-cut-"
                               "somewhere-in-the-middle-of-it ends it";
    for (int width = 20; width <= 100; width += 7) {
        char *s = wrapped(text, 4, 6, width);
        char joined[sizeof text + 64] = "";
        for (char *l = s; *l; l = strchr(l, '\n') + 1) {
            int len = (int)(strchr(l, '\n') - l);
            ck_assert_msg(len <= width, "width %d: a line of %d: %.*s", width, len, len, l);
            ck_assert(len > 0 && l[0] == ' ');
            const char *w = l + strspn(l, " ");
            /* A cut word continues without a space: rebuild with one only
             * where the text has one. */
            size_t have = strlen(joined);
            if (have && text[have] == ' ')
                strcat(joined, " ");
            strncat(joined, w, (size_t)(len - (w - l)));
        }
        ck_assert_str_eq(joined, text);
        free(s);
    }
}
END_TEST

Suite *suite_wrap(void)
{
    Suite *s = suite_create("wrap");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_wrap_words);
    tcase_add_test(tc, test_wrap_long_word_and_empty);
    tcase_add_test(tc, test_wrap_fits);
    suite_add_tcase(s, tc);
    return s;
}
