/* Output files that appear whole or not at all.
 *
 * Every command's output goes through here.  What happens depends on what
 * the target is:
 *   "-"             standard output, written as it comes (nothing to rename);
 *   a character device or a FIFO (/dev/null, a pipe)
 *                   opened and written in place: the node is never replaced,
 *                   and nothing is written beside it;
 *   a regular file, or a name that does not exist yet
 *                   written to a hidden temporary file in the same folder
 *                   (".NAME.XXXXXX"), then flushed, synced, renamed over the
 *                   target, and the folder synced: a crash or power loss
 *                   leaves the old file or the new one.  Replacing a file
 *                   keeps its permissions; a new file gets 0666 less the
 *                   umask;
 *   a symbolic link is followed to its target, which is written as above
 *                   (as cp does): the link stays a link.
 * A folder, an empty name or a name longer than a file's can be (NAME_MAX,
 * 255 bytes; NAME.part's too for a part file) is refused (ATT_EINPUT).
 *
 * A long job's output can instead go to NAME.part (att_outfile_open_part),
 * which is locked while written, kept when the job stops early
 * (att_outfile_keep) and renamed to NAME when it is done. */
#ifndef ATT_OUTFILE_H
#define ATT_OUTFILE_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stdio.h>
#include "attune/error.h"

typedef struct att_outfile att_outfile;

/* Opens `path` for writing as described above.  Returns NULL and fills
 * `err` with "PATH: reason": ATT_EINPUT for a folder, an empty name or one
 * too long,
 * ATT_EIO when the folder is missing or not writable (or a device cannot be
 * opened), ATT_ENOMEM. */
att_outfile *att_outfile_open(const char *path, att_error *err);

/* Opens PATH.part for a long job (PATH as for att_outfile_open; a device,
 * FIFO or "-" is written in place, with no .part).  The .part file is locked
 * (flock) for as long as it is open, so a second writer is refused.
 *   resume 0: creates PATH.part; refused (ATT_EINPUT) when it exists.
 *   resume 1: opens PATH.part to add to it (created empty when missing);
 *             the caller reads it by name (att_outfile_temp_path), then
 *             att_outfile_truncate.  Refused (ATT_EINPUT) for a device.
 * Either way ATT_EINPUT when another process holds the lock. */
att_outfile *att_outfile_open_part(const char *path, int resume, att_error *err);

/* The file att_outfile_open(path) would write: `path` with its symbolic
 * links followed (a dangling one names the file to create), or `path`
 * itself when it is no link.  The caller frees it; NULL with errno set
 * (ELOOP, ENOMEM). */
char *att_outfile_target(const char *path);

/* The stream to write to (owned by the outfile). */
FILE *att_outfile_stream(att_outfile *out);

/* The temporary file (for a part file: PATH.part), or NULL when writing in
 * place. */
const char *att_outfile_temp_path(const att_outfile *out);

/* For a resumed part file: cuts it to `length` bytes and puts the stream
 * at its end.  ATT_EIO on failure. */
int att_outfile_truncate(att_outfile *out, long length, att_error *err);

/* Flushes, syncs and renames into place (the folder synced after); frees
 * `out` in every case.  Returns ATT_OK, or ATT_EIO (and removes the
 * temporary file, except a part file, which is kept) when a write, the sync,
 * the close or the rename failed.  A write error ENOSPC or EFBIG (a file size
 * limit: the program should ignore SIGXFSZ) is reported the same way. */
int att_outfile_commit(att_outfile *out, att_error *err);

/* Commits several outputs together: all of them appear, or none.  Every
 * one is first flushed, synced and closed; only when all of that worked are
 * they renamed into place, and if one rename fails those already renamed are
 * undone (the file they replaced is put back; a hard link holds it meanwhile,
 * so on a file system without hard links that file cannot be put back and the
 * new one stays).  NULL entries are skipped; every entry is freed. */
int att_outfile_commit_all(att_outfile **outs, int n, att_error *err);

/* Closes and deletes the temporary file (a part file too) and frees `out`;
 * NULL does nothing.  Bytes already written to a device or standard output
 * cannot be taken back. */
void att_outfile_abort(att_outfile *out);

/* For a part file: flushes, syncs and closes it, keeping it (to resume
 * later), or removing it when it is empty; frees `out`.  For other outputs
 * the same as att_outfile_commit.  ATT_EIO when the flush failed. */
int att_outfile_keep(att_outfile *out, att_error *err);

/* Removes the temporaries a process killed while writing (kill -9, a
 * crash, a power loss) left for the `n` targets `paths`: in each target's
 * folder (its links followed, as att_outfile_open does), the regular files
 * named as att_outfile_open names that target's temporary, ".NAME.XXXXXX"
 * (NAME cut to fit 255 bytes as there; XXXXXX six letters or digits), that
 * no process holds open for writing.  Nothing else is touched: not another
 * file's temporary, a file of another shape, a folder or a link.  For a job
 * that rewrites its outputs after such a stop (batch --traces --resume).
 * ATT_OK (also when a folder does not exist), ATT_EIO when a folder cannot
 * be read or a temporary removed, ATT_ENOMEM. */
int att_outfile_remove_temps(const char *const *paths, size_t n, att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
