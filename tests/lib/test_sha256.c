/* Tests for SHA-256: the FIPS 180-4 example vectors, plus lengths around the
 * padding boundaries (expected digests from coreutils sha256sum). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "base/sha256.h"

static void check_digest(const char *data, size_t len, const char *expect)
{
    char hex[65];
    memset(hex, '#', sizeof hex);
    att_sha256_hex(data, len, hex);
    ck_assert_str_eq(hex, expect);
}

START_TEST(test_fips_empty)
{
    check_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(test_fips_abc)
{
    check_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(test_fips_448_bits)
{
    const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    ck_assert_uint_eq(strlen(msg), 56);
    check_digest(msg, 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(test_fips_million_a)
{
    size_t n = 1000000;
    char *msg = malloc(n);
    ck_assert_ptr_nonnull(msg);
    memset(msg, 'a', n);
    check_digest(msg, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(msg);
}
END_TEST

/* 55 bytes is the longest message whose padding fits one block; 56 needs two. */
START_TEST(test_padding_boundaries)
{
    static const struct { size_t len; const char *hex; } cases[] = {
        { 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
        { 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
        { 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
        { 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
        { 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
    };
    char buf[128];
    memset(buf, 'x', sizeof buf);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_digest(buf, cases[i].len, cases[i].hex);
}
END_TEST

Suite *suite_sha256(void)
{
    Suite *s = suite_create("sha256");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_fips_empty);
    tcase_add_test(tc, test_fips_abc);
    tcase_add_test(tc, test_fips_448_bits);
    tcase_add_test(tc, test_fips_million_a);
    tcase_add_test(tc, test_padding_boundaries);
    suite_add_tcase(s, tc);
    return s;
}
