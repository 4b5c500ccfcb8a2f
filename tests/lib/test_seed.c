/* base/seed.c: the seed derivations, pinned to values computed outside the
 * library, and the streamed SHA-256 they use (base/sha256.c).  Expected
 * values from Python 3:
 *   mix:  M=2**64-1; z=(s+0x9E3779B97F4A7C15)&M;
 *         z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M; z=((z^(z>>27))*0x94D049BB133111EB)&M;
 *         (z^(z>>31))&0xffffffff
 *   run:  int(hashlib.sha256(f"attune-run\n{s}\n{name}\n{rep}".encode()).hexdigest()[:8],16)
 *   pair: FNV-1a 64 over s.to_bytes(8,'little')+a+b'\0'+b, then (h^(h>>32))&0xffffffff
 *   path: int(hashlib.sha256(f"{s}/{name}/{i}".encode()[:255]).hexdigest()[:8],16) or 1 */
#include <check.h>
#include <string.h>
#include "base/seed.h"
#include "base/sha256.h"
#include "attune/sim.h"
#include "attune/compare.h"
#include "attune/validate.h"

START_TEST(test_seed_mix_is_splitmix64)
{
    ck_assert_uint_eq(att_seed_mix(0), 2065550767UL);
    ck_assert_uint_eq(att_seed_mix(1), 2298633409UL);
    ck_assert_uint_eq(att_seed_mix(42), 803958421UL);
    ck_assert_uint_eq(att_seed_mix(4294967303UL), 3336687647UL);
    ck_assert_uint_eq(att_seed_mix((unsigned long)-1), 459615264UL);
    ck_assert_uint_eq(att_sim_draw_seed(42), 803958421UL);   /* the public name */
}
END_TEST

START_TEST(test_seed_run_is_sha256_of_the_run_text)
{
    ck_assert_uint_eq(att_seed_run(1, "baseline", 0), 299839622UL);
    ck_assert_uint_eq(att_seed_run(7, "fast", 3), 2751538104UL);
    ck_assert_uint_eq(att_seed_run(1, "", -1), 3319716765UL);
    /* A name longer than any stack buffer is hashed whole (no allocation,
     * no silent 0 as before). */
    char name[601];
    memset(name, 'x', 600);
    name[600] = '\0';
    ck_assert_uint_eq(att_seed_run(1, name, 2), 1921932640UL);
}
END_TEST

START_TEST(test_seed_pair_is_fnv1a)
{
    ck_assert_uint_eq(att_seed_pair(1, "baseline", "w.latency"), 172821588UL);
    ck_assert_uint_eq(att_seed_pair(12345, "a", ""), 238764208UL);
    ck_assert_uint_eq(att_seed_pair(0, "", ""), 3264523141UL);
    ck_assert_uint_eq(att_compare_seed(1, "baseline", "w.latency"), 172821588UL);
    /* The 0 byte keeps ("ab", "c") apart from ("a", "bc"). */
    ck_assert_uint_ne(att_seed_pair(1, "ab", "c"), att_seed_pair(1, "a", "bc"));
}
END_TEST

START_TEST(test_seed_path_is_sha256_of_the_path)
{
    ck_assert_uint_eq(att_seed_path(1, "boot:R1", 0), 1460440380UL);
    ck_assert_uint_eq(att_seed_path(99, "p", 17), 122826129UL);
    ck_assert_uint_eq(att_validate_seed(99, "p", 17), 122826129UL);
    char name[401];
    memset(name, 'n', 400);
    name[400] = '\0';
    ck_assert_uint_eq(att_seed_path(5, name, 1), 828014561UL);   /* cut at 255 bytes */
}
END_TEST

/* The streamed hash equals the one-shot hash wherever the message is cut,
 * across the block boundaries (one-shot digests are pinned in test_sha256.c). */
START_TEST(test_sha256_streamed_in_pieces)
{
    char msg[200];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (char)('a' + i % 26);
    size_t lens[] = { 0, 1, 55, 56, 63, 64, 65, 127, 128, 200 };
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        char whole[65];
        att_sha256_hex(msg, lens[k], whole);
        for (size_t cut1 = 0; cut1 <= lens[k]; cut1 += 7) {
            for (size_t cut2 = cut1; cut2 <= lens[k]; cut2 += 13) {
                att_sha256 s;
                char hex[65];
                att_sha256_init(&s);
                att_sha256_update(&s, msg, cut1);
                att_sha256_update(&s, msg + cut1, cut2 - cut1);
                att_sha256_update(&s, msg + cut2, lens[k] - cut2);
                att_sha256_final_hex(&s, hex);
                ck_assert_str_eq(hex, whole);
            }
        }
    }
    /* And one known digest through the streamed path: "abc" as "a" + "bc". */
    att_sha256 s;
    char hex[65];
    att_sha256_init(&s);
    att_sha256_update(&s, "a", 1);
    att_sha256_update(&s, "bc", 2);
    att_sha256_final_hex(&s, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

Suite *suite_seed(void)
{
    Suite *s = suite_create("seed");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_seed_mix_is_splitmix64);
    tcase_add_test(tc, test_seed_run_is_sha256_of_the_run_text);
    tcase_add_test(tc, test_seed_pair_is_fnv1a);
    tcase_add_test(tc, test_seed_path_is_sha256_of_the_path);
    tcase_add_test(tc, test_sha256_streamed_in_pieces);
    suite_add_tcase(s, tc);
    return s;
}
