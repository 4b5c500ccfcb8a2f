/* Output files that appear whole or not at all.
 *
 * Writes go to a temporary file beside the target (same folder, so rename is
 * atomic); att_outfile_commit renames it over the target, att_outfile_abort
 * deletes it.  The path "-" means standard output (nothing to rename). */
#ifndef ATT_OUTFILE_H
#define ATT_OUTFILE_H

#include <stdio.h>
#include "attune/error.h"

typedef struct att_outfile att_outfile;

/* Opens a temporary file for `path`.  Returns NULL and fills `err`
 * (ATT_EIO, "PATH: reason") when the folder is not writable. */
att_outfile *att_outfile_open(const char *path, att_error *err);

/* The stream to write to (owned by the outfile). */
FILE *att_outfile_stream(att_outfile *out);

/* Flushes, closes and renames into place; frees `out` in every case.
 * Returns ATT_OK, or ATT_EIO (and removes the temporary file) when a write,
 * the close or the rename failed. */
int att_outfile_commit(att_outfile *out, att_error *err);

/* Closes and deletes the temporary file and frees `out`; NULL does nothing. */
void att_outfile_abort(att_outfile *out);

#endif
