/* Tests for atomic output files: a committed file appears with its content
 * and normal permissions, an aborted one leaves nothing behind, and no
 * temporary file is ever left in the folder. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include "attune/outfile.h"

static char dir[64];

static void make_dir(void)
{
    strcpy(dir, "/tmp/attune-outfile-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    }
    closedir(d);
    rmdir(dir);
}

/* Number of entries in the folder; the name of the last in *name. */
static int list_dir(char *name, size_t size)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            n++;
            size_t len = strlen(e->d_name);
            if (name && len < size)
                memcpy(name, e->d_name, len + 1);
        }
    }
    closedir(d);
    return n;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
}

/* Checks that the file holds exactly `expect`. */
static void check_content(const char *path, const char *expect)
{
    char buf[256];
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "%s does not exist", path);
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    ck_assert_str_eq(buf, expect);
}

START_TEST(test_commit)
{
    char path[128], name[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    mode_t old_mask = umask(027);
    att_error err;
    att_error_clear(&err);
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    fputs("a,b\n1,2\n", att_outfile_stream(out));

    /* Before commit only a hidden temporary exists. */
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_msg(strncmp(name, ".out.csv.", 9) == 0, "temporary named %s", name);
    ck_assert_int_ne(access(path, F_OK), 0);

    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    check_content(path, "a,b\n1,2\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, "out.csv");

    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    umask(old_mask);
    ck_assert_uint_eq(st.st_mode & 0777, 0640);
}
END_TEST

START_TEST(test_commit_replaces)
{
    char path[128], name[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    write_text(path, "old\n");
    att_error err;
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_ptr_nonnull(out);
    fputs("new\n", att_outfile_stream(out));
    check_content(path, "old\n");
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    check_content(path, "new\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, "out.csv");
}
END_TEST

START_TEST(test_abort_leaves_nothing)
{
    char path[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    att_error err;
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_ptr_nonnull(out);
    fputs("partial", att_outfile_stream(out));
    att_outfile_abort(out);
    ck_assert_int_eq(list_dir(NULL, 0), 0);
}
END_TEST

START_TEST(test_abort_keeps_existing)
{
    char path[128], name[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    write_text(path, "old\n");
    att_error err;
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_ptr_nonnull(out);
    fputs("new\n", att_outfile_stream(out));
    att_outfile_abort(out);
    check_content(path, "old\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, "out.csv");
}
END_TEST

START_TEST(test_missing_folder)
{
    char path[128];
    snprintf(path, sizeof path, "%s/no-such-folder/out.csv", dir);
    att_error err;
    att_error_clear(&err);
    ck_assert_ptr_null(att_outfile_open(path, &err));
    ck_assert_int_eq(err.code, ATT_EIO);
    ck_assert_msg(strstr(err.msg, path) != NULL, "message: %s", err.msg);
    ck_assert_int_eq(list_dir(NULL, 0), 0);
}
END_TEST

START_TEST(test_folder_as_target)
{
    att_error err;
    att_error_clear(&err);
    ck_assert_ptr_null(att_outfile_open(dir, &err));
    ck_assert_int_eq(err.code, ATT_EIO);
    ck_assert_ptr_nonnull(strstr(err.msg, dir));
}
END_TEST

START_TEST(test_commit_failure_cleans_up)
{
    /* The folder disappears before commit: the rename fails, and the
     * error names the target. */
    char path[128], name[128], tmp[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    att_error err;
    att_error_clear(&err);
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_ptr_nonnull(out);
    fputs("x\n", att_outfile_stream(out));
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    snprintf(tmp, sizeof tmp, "%s/%s", dir, name);
    ck_assert_int_eq(unlink(tmp), 0);
    ck_assert_int_eq(rmdir(dir), 0);

    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_EIO);
    ck_assert_int_eq(err.code, ATT_EIO);
    ck_assert_msg(strstr(err.msg, path) != NULL, "message: %s", err.msg);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_stdout)
{
    att_error err;
    att_error_clear(&err);
    att_outfile *out = att_outfile_open("-", &err);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_eq(att_outfile_stream(out), stdout);
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    /* Standard output is still open and usable. */
    ck_assert_int_eq(fflush(stdout), 0);
}
END_TEST

START_TEST(test_abort_null)
{
    att_outfile_abort(NULL);
}
END_TEST

/* A device or pipe target (like /dev/null) is written in place: renaming a
 * temporary file over it would replace the node itself.  A FIFO stands in
 * for the device so that a regression cannot damage the machine. */
START_TEST(test_fifo_written_in_place)
{
    make_dir();
    char path[128];
    snprintf(path, sizeof path, "%s/pipe", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    int reader = open(path, O_RDONLY | O_NONBLOCK);
    ck_assert_int_ge(reader, 0);
    att_error err = { 0 };
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    fputs("a,b\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    char got[16] = { 0 };
    ck_assert_int_eq(read(reader, got, sizeof got - 1), 4);
    ck_assert_str_eq(got, "a,b\n");
    close(reader);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    char name[256];
    ck_assert_int_eq(list_dir(name, sizeof name), 1);  /* no temporary left */
    remove_dir();
}
END_TEST

Suite *suite_outfile(void)
{
    Suite *s = suite_create("outfile");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, make_dir, remove_dir);
    tcase_add_test(tc, test_commit);
    tcase_add_test(tc, test_commit_replaces);
    tcase_add_test(tc, test_abort_leaves_nothing);
    tcase_add_test(tc, test_abort_keeps_existing);
    tcase_add_test(tc, test_missing_folder);
    tcase_add_test(tc, test_folder_as_target);
    tcase_add_test(tc, test_commit_failure_cleans_up);
    tcase_add_test(tc, test_stdout);
    tcase_add_test(tc, test_abort_null);
    tcase_add_test(tc, test_fifo_written_in_place);
    suite_add_tcase(s, tc);
    return s;
}
