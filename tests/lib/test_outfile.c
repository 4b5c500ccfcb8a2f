/* Tests for atomic output files: a committed file appears with its content
 * and normal permissions (or those of the file it replaces), an aborted one
 * leaves nothing behind, no temporary file is ever left in the folder,
 * devices and FIFOs are written in place, links followed, outputs committed
 * together appear together, part files are locked and resumable, and the
 * temporaries a killed process left are removed, and nothing else. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include "attune/outfile.h"
#include "tests/fixture.h"

static const char *const dir = work;  /* the fixture's folder for this test */

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

START_TEST(test_commit)
{
    char path[256], name[256];
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
    expect_file_text(path, "a,b\n1,2\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, "out.csv");

    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    umask(old_mask);
    ck_assert_uint_eq(st.st_mode & 0777, 0640);
}
END_TEST

/* A name of 255 bytes (NAME_MAX, the most a file's name has) is written:
 * its temporary, ".NAME.XXXXXX", would be 263 bytes, so it is cut to 255.
 * Was "File name too long" for targets of 248 to 255 bytes. */
START_TEST(test_longest_name)
{
    char longest[256], path[1024], name[300];
    memset(longest, 'n', 255);
    longest[255] = '\0';
    snprintf(path, sizeof path, "%s/%s", dir, longest);
    att_error err;
    att_error_clear(&err);
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    fputs("x\n", att_outfile_stream(out));
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_uint_eq(strlen(name), 255);   /* "." 247 bytes of it ".XXXXXX" */
    ck_assert_msg(name[0] == '.' && strncmp(name + 1, longest, 247) == 0 && name[248] == '.',
                  "temporary named %s", name);
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    expect_file_text(path, "x\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, longest);
    /* 256 bytes: refused at once (not by the rename after all the work),
     * nothing made; a part file's NAME.part must fit too (251 + 5) */
    char too_long[300];
    memset(too_long, 'n', 256);
    too_long[256] = '\0';
    snprintf(path, sizeof path, "%s/%s", dir, too_long);
    ck_assert_ptr_null(att_outfile_open(path, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, ": cannot create file: its name would be 256 bytes, more "
                         "than a file's name can have (255)") != NULL, "%s", err.msg);
    too_long[251] = '\0';
    snprintf(path, sizeof path, "%s/%s", dir, too_long);
    ck_assert_ptr_null(att_outfile_open_part(path, 0, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_msg(strstr(err.msg, ": cannot create file: its .part file's name would be 256 "
                         "bytes") != NULL, "%s", err.msg);
    ck_assert_int_eq(list_dir(NULL, 0), 1);   /* the 255-byte file only */
}
END_TEST

START_TEST(test_commit_replaces)
{
    char path[256], name[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    write_file(path, "old\n");
    att_error err;
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_ptr_nonnull(out);
    fputs("new\n", att_outfile_stream(out));
    expect_file_text(path, "old\n");
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    expect_file_text(path, "new\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, "out.csv");
}
END_TEST

START_TEST(test_abort_leaves_nothing)
{
    char path[256];
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
    char path[256], name[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    write_file(path, "old\n");
    att_error err;
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_ptr_nonnull(out);
    fputs("new\n", att_outfile_stream(out));
    att_outfile_abort(out);
    expect_file_text(path, "old\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, "out.csv");
}
END_TEST

START_TEST(test_missing_folder)
{
    char path[256];
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
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, dir));
    ck_assert_ptr_null(att_outfile_open_part(dir, 0, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    /* An empty name and a name ending in '/' are no file names either. */
    ck_assert_ptr_null(att_outfile_open("", &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_str_eq(err.msg, "'': empty file name");
    char path[256];
    snprintf(path, sizeof path, "%s/new/", dir);
    ck_assert_ptr_null(att_outfile_open(path, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_int_eq(list_dir(NULL, 0), 0);
}
END_TEST

START_TEST(test_commit_failure_cleans_up)
{
    /* The folder disappears before commit: the rename fails, and the
     * error names the target. */
    char path[256], name[256], tmp[512];
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
    char path[512];
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
    char name[512];
    ck_assert_int_eq(list_dir(name, sizeof name), 1);  /* no temporary left */
}
END_TEST

/* `batch -o /dev/null` as root once renamed FILE.part over the device.  A
 * device is written in place by both kinds of open; no .part, no temporary. */
START_TEST(test_device_written_in_place)
{
    char path[256], name[256];
    snprintf(path, sizeof path, "%s/null", dir);
    if (!make_device(path, 3))
        return;   /* not root: no device to make */
    att_error err = { 0 };
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    ck_assert_ptr_null(att_outfile_temp_path(out));
    fputs("a,b\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    out = att_outfile_open_part(path, 0, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    ck_assert_ptr_null(att_outfile_temp_path(out));
    fputs("a,b\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    /* Nothing to resume in a device. */
    ck_assert_ptr_null(att_outfile_open_part(path, 1, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    expect_device(path, 3);
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, "null");
}
END_TEST

/* A full device: the write error shows at commit (ENOSPC), not success. */
START_TEST(test_full_device_fails)
{
    char path[256];
    snprintf(path, sizeof path, "%s/full", dir);
    if (!make_device(path, 7))
        return;
    att_error err = { 0 };
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    fputs("a,b\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_EIO);
    ck_assert_msg(strstr(err.msg, "No space left on device") != NULL, "message: %s", err.msg);
    expect_device(path, 7);
    ck_assert_int_eq(list_dir(NULL, 0), 1);
}
END_TEST

/* Replacing a file keeps its permissions (0600 stayed 0644 before). */
START_TEST(test_mode_kept)
{
    char path[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    mode_t old_mask = umask(022);
    write_file(path, "old\n");
    ck_assert_int_eq(chmod(path, 0600), 0);
    att_error err = { 0 };
    att_outfile *out = att_outfile_open(path, &err);
    ck_assert_ptr_nonnull(out);
    fputs("new\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0600);
    /* And a part file's result too. */
    ck_assert_int_eq(chmod(path, 0640), 0);
    out = att_outfile_open_part(path, 0, &err);
    ck_assert_ptr_nonnull(out);
    fputs("newer\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    umask(old_mask);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0640);
    expect_file_text(path, "newer\n");
}
END_TEST

/* -o LINK writes the file the link names, as cp does; the link stays. */
START_TEST(test_symlink_followed)
{
    char link_path[256], target[256], sub[256], name[256];
    snprintf(target, sizeof target, "%s/target.csv", dir);
    snprintf(link_path, sizeof link_path, "%s/link.csv", dir);
    write_file(target, "old\n");
    ck_assert_int_eq(symlink("target.csv", link_path), 0);
    att_error err = { 0 };
    att_outfile *out = att_outfile_open(link_path, &err);
    ck_assert_ptr_nonnull(out);
    fputs("new\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    struct stat st;
    ck_assert_int_eq(lstat(link_path, &st), 0);
    ck_assert_msg(S_ISLNK(st.st_mode), "the link was replaced by a file");
    expect_file_text(target, "new\n");
    ck_assert_int_eq(list_dir(NULL, 0), 2);
    /* A dangling link (relative, into a folder) creates the file it names. */
    snprintf(sub, sizeof sub, "%s/sub", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    ck_assert_int_eq(unlink(link_path), 0);
    ck_assert_int_eq(symlink("sub/made.csv", link_path), 0);
    out = att_outfile_open(link_path, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    fputs("made\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    snprintf(name, sizeof name, "%s/sub/made.csv", dir);
    expect_file_text(name, "made\n");
    ck_assert_int_eq(lstat(link_path, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_int_eq(unlink(name), 0);
    ck_assert_int_eq(rmdir(sub), 0);
}
END_TEST

/* Two outputs committed together: when the second cannot be written (a full
 * device), the first is not published either. */
START_TEST(test_commit_all_neither)
{
    char a[256], full[256], name[256];
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(full, sizeof full, "%s/full", dir);
    if (!make_device(full, 7))
        return;
    write_file(a, "old a\n");
    att_error err = { 0 };
    att_outfile *outs[3] = { att_outfile_open(a, &err), NULL, att_outfile_open(full, &err) };
    ck_assert_ptr_nonnull(outs[0]);
    ck_assert_ptr_nonnull(outs[2]);
    fputs("new a\n", att_outfile_stream(outs[0]));
    fputs("meta\n", att_outfile_stream(outs[2]));
    ck_assert_int_eq(att_outfile_commit_all(outs, 3, &err), ATT_EIO);
    expect_file_text(a, "old a\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 2);   /* a.csv and full: no temporary */
}
END_TEST

/* Commits `first` and dir/b.csv together while b.csv is a folder with a
 * file in it (no file can be renamed over it): the commit fails, and the
 * folder then holds only `kept` (the file `first` replaced, put back, or
 * nothing when `first` was new and is removed). */
static void expect_rollback(const char *first, const char *kept)
{
    char b[256], inside[320], name[300];
    snprintf(b, sizeof b, "%s/b.csv", dir);
    att_error err = { 0 };
    att_outfile *outs[2] = { att_outfile_open(first, &err), att_outfile_open(b, &err) };
    ck_assert_ptr_nonnull(outs[0]);
    ck_assert_ptr_nonnull(outs[1]);
    fputs("new\n", att_outfile_stream(outs[0]));
    fputs("new\n", att_outfile_stream(outs[1]));
    ck_assert_int_eq(mkdir(b, 0700), 0);
    snprintf(inside, sizeof inside, "%s/x", b);
    write_file(inside, "x\n");
    ck_assert_int_eq(att_outfile_commit_all(outs, 2, &err), ATT_EIO);
    ck_assert_msg(strstr(err.msg, b) != NULL, "message: %s", err.msg);
    ck_assert_int_eq(unlink(inside), 0);
    ck_assert_int_eq(rmdir(b), 0);
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, kept);
}

/* When the second rename fails, the first is undone: the file it replaced
 * is put back, and a file it created is removed. */
START_TEST(test_commit_all_rollback)
{
    char a[256], c[256];
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(c, sizeof c, "%s/c.csv", dir);
    write_file(a, "old a\n");
    expect_rollback(a, "a.csv");
    expect_file_text(a, "old a\n");
    expect_rollback(c, "a.csv");
    ck_assert_int_ne(access(c, F_OK), 0);
    expect_file_text(a, "old a\n");
}
END_TEST

/* The same with a first file of 255 bytes, whose temporary (cut to 255)
 * leaves no room for ".old": the old file is still held and put back (it
 * was deleted, its link's name too long). */
START_TEST(test_commit_all_rollback_long_name)
{
    char longest[256], a[512];
    memset(longest, 'l', 255);
    longest[255] = '\0';
    snprintf(a, sizeof a, "%s/%s", dir, longest);
    write_file(a, "old a\n");
    expect_rollback(a, longest);
    expect_file_text(a, "old a\n");
}
END_TEST

/* A part file: locked against a second writer, kept when the job stops,
 * resumed (cut to its whole rows) and renamed at the end. */
START_TEST(test_part_file)
{
    char path[256], part[280], name[256];
    snprintf(path, sizeof path, "%s/res.csv", dir);
    snprintf(part, sizeof part, "%s.part", path);
    att_error err = { 0 };
    /* a folder where NAME.part goes: said so, resuming or not (it was "NAME:
     * cannot create file: Is a directory", exit 1, or "left by a run") */
    ck_assert_int_eq(mkdir(part, 0777), 0);
    for (int resume = 0; resume < 2; resume++) {
        ck_assert_ptr_null(att_outfile_open_part(path, resume, &err));
        ck_assert_int_eq(err.code, ATT_EINPUT);
        ck_assert_msg(strstr(err.msg, "res.csv.part: is a folder, where the results' part file "
                                      "goes") != NULL, "%s", err.msg);
    }
    ck_assert_int_eq(rmdir(part), 0);
    att_outfile *out = att_outfile_open_part(path, 0, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    ck_assert_str_eq(att_outfile_temp_path(out), part);
    fputs("h\nrow1\nro", att_outfile_stream(out));
    fflush(att_outfile_stream(out));
    /* A second writer, resuming or not, is refused while the first holds it. */
    att_error e2 = { 0 };
    ck_assert_ptr_null(att_outfile_open_part(path, 1, &e2));
    ck_assert_int_eq(e2.code, ATT_EINPUT);
    ck_assert_msg(strstr(e2.msg, "being written by another") != NULL, "message: %s", e2.msg);
    ck_assert_ptr_null(att_outfile_open_part(path, 0, &e2));
    ck_assert_int_eq(e2.code, ATT_EINPUT);
    ck_assert_msg(strstr(e2.msg, "being written by another") != NULL, "message: %s", e2.msg);
    ck_assert_int_eq(att_outfile_keep(out, &err), ATT_OK);
    expect_file_text(part, "h\nrow1\nro");
    /* Not locked any more: a new job is told to resume it or delete it. */
    ck_assert_ptr_null(att_outfile_open_part(path, 0, &e2));
    ck_assert_int_eq(e2.code, ATT_EINPUT);
    ck_assert_msg(strstr(e2.msg, "--resume") != NULL, "message: %s", e2.msg);
    out = att_outfile_open_part(path, 1, &err);
    ck_assert_msg(out != NULL, "%s", err.msg);
    ck_assert_int_eq(att_outfile_truncate(out, 7, &err), ATT_OK);
    fputs("row2\n", att_outfile_stream(out));
    ck_assert_int_eq(att_outfile_commit(out, &err), ATT_OK);
    expect_file_text(path, "h\nrow1\nrow2\n");
    ck_assert_int_eq(list_dir(name, sizeof name), 1);
    ck_assert_str_eq(name, "res.csv");
    /* Kept with nothing in it: removed. */
    out = att_outfile_open_part(path, 1, &err);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(att_outfile_keep(out, &err), ATT_OK);
    ck_assert_int_eq(list_dir(NULL, 0), 1);
}
END_TEST

/* What a process killed while writing leaves (kill -9): the temporaries
 * of the targets asked about, ".NAME.XXXXXX", are removed, the 255-byte
 * name's cut one too; nothing else is: another target's, other shapes, a
 * folder, a link, nor the temporary of an output being written now. */
START_TEST(test_remove_temps)
{
    char a[256], b[256], longest[256], lng[1024], path[1024], names[4096];
    memset(longest, 'n', 255);
    longest[255] = '\0';
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);
    snprintf(lng, sizeof lng, "%s/%s", dir, longest);
    write_file(a, "a\n");
    static const char *const planted[] = {
        ".a.csv.kYo8m6", ".a.csv.000000", ".a.csv.ZZZZZZ",   /* temporaries of a.csv */
        ".a.csv.kYo8m", ".a.csv.kYo8m-6", ".a.csv.kYo8m66", "a.csv.kYo8m6",
        ".a.csvXkYo8m6", ".a.csv.kYo8m6.old", ".b.csv.kYo8m6", "..a.csv.kYo8m6",
    };
    for (size_t i = 0; i < sizeof planted / sizeof planted[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, planted[i]);
        write_file(path, "x\n");
    }
    snprintf(path, sizeof path, "%s/.%.247s.Ab12Cd", dir, longest);  /* the cut name's */
    write_file(path, "x\n");
    snprintf(path, sizeof path, "%s/.a.csv.Dir123", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/.a.csv.Lnk123", dir);
    ck_assert_int_eq(symlink("a.csv", path), 0);
    att_error err = { 0 };
    att_outfile *busy = att_outfile_open(a, &err);   /* being written: held */
    ck_assert_msg(busy != NULL, "%s", err.msg);
    char busy_name[256];
    snprintf(busy_name, sizeof busy_name, "%s", strrchr(att_outfile_temp_path(busy), '/') + 1);
    const char *targets[] = { a, lng, "-" };
    ck_assert_int_eq(att_outfile_remove_temps(targets, 3, &err), ATT_OK);
    char want[4096];
    snprintf(want, sizeof want, "..a.csv.kYo8m6 .a.csv.Dir123 .a.csv.Lnk123 .a.csv.kYo8m "
             ".a.csv.kYo8m-6 .a.csv.kYo8m6.old .a.csv.kYo8m66 .a.csvXkYo8m6 .b.csv.kYo8m6 "
             "a.csv a.csv.kYo8m6");
    listing(dir, names, sizeof names);
    char *at = strstr(names, busy_name);   /* the busy one, wherever it sorts */
    ck_assert_msg(at != NULL, "the temporary being written was removed: %s", names);
    memmove(at, at + strlen(busy_name) + (at[strlen(busy_name)] == ' '),
            strlen(at + strlen(busy_name) + (at[strlen(busy_name)] == ' ')) + 1);
    size_t n = strlen(names);
    if (n && names[n - 1] == ' ')
        names[n - 1] = '\0';
    ck_assert_str_eq(names, want);
    att_outfile_abort(busy);
    /* b.csv's now, through a link to it; a missing folder is no error */
    snprintf(path, sizeof path, "%s/to-b.csv", dir);
    ck_assert_int_eq(symlink("b.csv", path), 0);
    const char *via_link[] = { path, "/nonexistent-attune-folder/x.csv" };
    ck_assert_int_eq(att_outfile_remove_temps(via_link, 2, &err), ATT_OK);
    snprintf(path, sizeof path, "%s/.b.csv.kYo8m6", dir);
    ck_assert(!exists(path));
    ck_assert_int_eq(att_outfile_remove_temps(NULL, 0, &err), ATT_OK);
}
END_TEST

Suite *suite_outfile(void)
{
    Suite *s = suite_create("outfile");
    TCase *tc = fixture_tcase("core", setup);
    tcase_add_test(tc, test_commit);
    tcase_add_test(tc, test_commit_replaces);
    tcase_add_test(tc, test_longest_name);
    tcase_add_test(tc, test_abort_leaves_nothing);
    tcase_add_test(tc, test_abort_keeps_existing);
    tcase_add_test(tc, test_missing_folder);
    tcase_add_test(tc, test_folder_as_target);
    tcase_add_test(tc, test_commit_failure_cleans_up);
    tcase_add_test(tc, test_stdout);
    tcase_add_test(tc, test_abort_null);
    tcase_add_test(tc, test_fifo_written_in_place);
    tcase_add_test(tc, test_device_written_in_place);
    tcase_add_test(tc, test_full_device_fails);
    tcase_add_test(tc, test_mode_kept);
    tcase_add_test(tc, test_symlink_followed);
    tcase_add_test(tc, test_commit_all_neither);
    tcase_add_test(tc, test_commit_all_rollback);
    tcase_add_test(tc, test_commit_all_rollback_long_name);
    tcase_add_test(tc, test_part_file);
    tcase_add_test(tc, test_remove_temps);
    suite_add_tcase(s, tc);
    return s;
}
