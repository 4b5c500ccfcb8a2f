/* Shared pieces of the libFuzzer harnesses in fuzz/ (docs/FUZZ.md).
 *
 * Each harness defines LLVMFuzzerTestOneInput; it is linked either with
 * libFuzzer (`make fuzz`, clang) or with fuzz/replay.c, which feeds it the
 * saved inputs (`make check`, any compiler).  A harness that needs its input
 * as a file writes it into a private temporary folder, emptied before every
 * input and removed at exit. */
#ifndef ATT_FUZZ_H
#define ATT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The entry point libFuzzer calls once per input; returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The private folder (created on first use, under $TMPDIR or /tmp), emptied
 * of everything the previous input left there.  Aborts when it cannot be
 * made: a harness that cannot set up is not a finding. */
const char *fuzz_tmpdir_clean(void);

/* Writes `size` bytes to NAME in the private folder and returns its path,
 * which the caller frees.  Aborts on failure. */
char *fuzz_write_file(const char *name, const void *data, size_t size);

/* PATH joined to the private folder; the caller frees it. */
char *fuzz_path(const char *name);

/* What the program does before any command (cli/main.c): att_init(),
 * which turns GSL's error handler off (the library checks every GSL result
 * itself; GSL's default handler aborts).  No harness looks a match table
 * up by name (the library reads no environment; the program passes its
 * search path), so nothing else is needed.  Every harness calls it first;
 * it does its work once. */
void fuzz_setup(void);

/* Checks an invariant every API keeps: a failure comes with a message.
 * Aborts (a finding) when `rc` is an error and `msg` is empty, or `rc` is
 * not one of the ATT_* codes. */
void fuzz_check_error(int rc, const char *msg);

#endif
