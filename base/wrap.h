/* Word-wrapping text to a width, for the narrow tables a lecturer projects
 * (`attune validate --format narrow`, `attune compare --format narrow`).
 * Internal to the library (not installed). */
#ifndef ATT_WRAP_H
#define ATT_WRAP_H

#include <stdio.h>

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* Writes `text` to `fp` as lines of at most `width` bytes, each ended by a
 * newline: the first line starts with `first` spaces, the others with
 * `next` spaces.  Words (runs of non-spaces) are kept whole and separated by
 * one space; a word too long for a line of its own is cut at the width.
 * Text with no words writes nothing.  Needs width > first and width > next (asserted).  Cannot fail
 * itself; a failed write shows in ferror(fp). */
void att_wrap_put(FILE *fp, const char *text, int first, int next, int width);

#pragma GCC visibility pop

#endif
