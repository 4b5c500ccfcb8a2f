/* Tests for the run metadata JSON: exact bytes for a sample run, string
 * escaping and shell quoting.  Expected text was written by hand and checked
 * against Python's json.dumps and shlex.quote. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/meta.h"
#include "tests/fixture.h"

static char *const sample_argv[] = {
    "attune", "run", "scenarios/still_face.ini", "--seed", "42", "-o", "out dir/it's.csv"
};

static att_meta sample(void)
{
    att_meta m;
    memset(&m, 0, sizeof m);
    m.version = "0.1.0";
    m.scenario_path = "scenarios/still_face.ini";
    m.scenario_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    m.seed = 42;
    m.rng = "mt19937";
    m.dt = 0.1;
    m.duration = 360;
    m.steps = 3600;
    m.match_table = "attuned";
    m.argc = 7;
    m.argv = sample_argv;
    return m;
}

static const char *const SAMPLE_JSON =
    "{\n"
    "  \"attune_version\": \"0.1.0\",\n"
    "  \"scenario\": \"scenarios/still_face.ini\",\n"
    "  \"scenario_sha256\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\n"
    "  \"seed\": 42,\n"
    "  \"rng\": \"mt19937\",\n"
    "  \"dt\": 0.1,\n"
    "  \"duration_s\": 360,\n"
    "  \"steps\": 3600,\n"
    "  \"match_table\": \"attuned\",\n"
    "  \"command\": \"attune run scenarios/still_face.ini --seed 42 -o 'out dir/it'\\\"'\\\"'s.csv'\",\n"
    "  \"argv\": [\"attune\", \"run\", \"scenarios/still_face.ini\", \"--seed\", \"42\", \"-o\", \"out dir/it's.csv\"]\n"
    "}\n";

/* Writes `m` to memory and returns the text (caller frees). */
static char *meta_text(const att_meta *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(fp);
    att_error err;
    att_error_clear(&err);
    ck_assert_int_eq(att_meta_write(fp, m, &err), ATT_OK);
    fclose(fp);
    return buf;
}

START_TEST(test_sample)
{
    att_meta m = sample();
    char *text = meta_text(&m);
    ck_assert_str_eq(text, SAMPLE_JSON);
    free(text);
}
END_TEST

START_TEST(test_same_bytes_twice)
{
    att_meta m = sample();
    char *a = meta_text(&m);
    char *b = meta_text(&m);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
}
END_TEST

START_TEST(test_escaping)
{
    static char *const argv[] = { "x", "a\nb", "", "it's", "$HOME", "back\\slash", "\xc3\xa9" };
    att_meta m;
    memset(&m, 0, sizeof m);
    m.version = "0.1.0";
    m.scenario_path = "a\"b\\c\nd\te\x01" "f\x1f";
    m.scenario_sha256 = NULL;
    m.seed = 4294967295UL;
    m.rng = "ranlxd2";
    m.dt = 0.05;
    m.duration = 0.5;
    m.steps = 10;
    m.match_table = NULL;
    m.argc = 7;
    m.argv = argv;
    char *text = meta_text(&m);
    const char *expect =
        "{\n"
        "  \"attune_version\": \"0.1.0\",\n"
        "  \"scenario\": \"a\\\"b\\\\c\\nd\\te\\u0001f\\u001f\",\n"
        "  \"scenario_sha256\": null,\n"
        "  \"seed\": 4294967295,\n"
        "  \"rng\": \"ranlxd2\",\n"
        "  \"dt\": 0.05,\n"
        "  \"duration_s\": 0.5,\n"
        "  \"steps\": 10,\n"
        "  \"match_table\": null,\n"
        "  \"command\": \"x 'a\\nb' '' 'it'\\\"'\\\"'s' '$HOME' 'back\\\\slash' '\xc3\xa9'\",\n"
        "  \"argv\": [\"x\", \"a\\nb\", \"\", \"it's\", \"$HOME\", \"back\\\\slash\", \"\xc3\xa9\"]\n"
        "}\n";
    ck_assert_str_eq(text, expect);
    free(text);
}
END_TEST

START_TEST(test_empty_argv_and_nan)
{
    att_meta m = sample();
    m.argc = 0;
    m.argv = NULL;
    m.dt = NAN;
    char *text = meta_text(&m);
    ck_assert_ptr_nonnull(strstr(text, "  \"dt\": null,\n"));
    ck_assert_ptr_nonnull(strstr(text, "  \"command\": \"\",\n  \"argv\": []\n}\n"));
    free(text);
}
END_TEST

START_TEST(test_write_file)
{
    char dir[] = "/tmp/attune-meta-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/run.json", dir);

    att_meta m = sample();
    att_error err;
    att_error_clear(&err);
    ck_assert_int_eq(att_meta_write_file(path, &m, &err), ATT_OK);

    char buf[2048];
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    unlink(path);
    int left_over = rmdir(dir) != 0; /* a temporary is still there */
    ck_assert_str_eq(buf, SAMPLE_JSON);
    ck_assert_int_eq(left_over, 0);
}
END_TEST

START_TEST(test_write_file_missing_folder)
{
    const char *path = "/tmp/attune-no-such-folder-for-meta/run.json";
    att_meta m = sample();
    att_error err;
    att_error_clear(&err);
    ck_assert_int_eq(att_meta_write_file(path, &m, &err), ATT_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
}
END_TEST

START_TEST(test_write_error)
{
    char dev[64];
    FILE *fp = open_full_device(dev, sizeof dev);
    if (!fp)
        return;   /* not root: no private device */
    setvbuf(fp, NULL, _IONBF, 0);
    att_meta m = sample();
    att_error err;
    att_error_clear(&err);
    ck_assert_int_eq(att_meta_write(fp, &m, &err), ATT_EIO);
    ck_assert_int_eq(err.code, ATT_EIO);
    close_full_device(fp, dev);
}
END_TEST

Suite *suite_meta(void)
{
    Suite *s = suite_create("meta");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_sample);
    tcase_add_test(tc, test_same_bytes_twice);
    tcase_add_test(tc, test_escaping);
    tcase_add_test(tc, test_empty_argv_and_nan);
    tcase_add_test(tc, test_write_file);
    tcase_add_test(tc, test_write_file_missing_folder);
    tcase_add_test(tc, test_write_error);
    suite_add_tcase(s, tc);
    return s;
}
