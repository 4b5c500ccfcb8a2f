/* Growable arrays: the one capacity-doubling helper every module uses.
 * Internal to the library (not installed). */
#ifndef ATT_GROW_H
#define ATT_GROW_H

#include <stddef.h>
#include "attune/error.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* Makes room for at least `need` elements of `size` bytes in the array whose
 * pointer is at `items` (any T **, passed as &array) with capacity `*cap`
 * elements: the capacity doubles (from 8) until it holds `need`, and the new
 * elements are zeroed.  Returns ATT_OK, or ATT_ENOMEM (err says "out of
 * memory"; the array and *cap are unchanged and still owned by the caller)
 * when the memory is not there or the size would overflow. */
int att_grow(void *items, size_t *cap, size_t need, size_t size, att_error *err);

#pragma GCC visibility pop

#endif
