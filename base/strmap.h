/* A map from strings to whole numbers: an open-addressing hash table
 * (FNV-1a, linear probing) for the names attune meets in files (runs,
 * phases), so finding one costs the same with ten names as with a million.
 * Keys are copied; nothing else is allocated per lookup. */
#ifndef ATT_STRMAP_H
#define ATT_STRMAP_H

#include <stddef.h>

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

typedef struct att_strmap att_strmap;

/* An empty map; NULL when out of memory. */
att_strmap *att_strmap_new(void);
/* Frees the map and its copies of the keys; NULL does nothing. */
void att_strmap_free(att_strmap *m);
/* Forgets every key (keeps the memory for reuse). */
void att_strmap_clear(att_strmap *m);
/* The number of keys. */
size_t att_strmap_count(const att_strmap *m);

/* The value stored for `key`, or -1 when it is not there. */
long att_strmap_get(const att_strmap *m, const char *key);

/* Stores `value` (>= 0) for `key`, copying the key if it is new.  Returns 1
 * if the key was there already (its value is replaced), 0 if it was added,
 * -1 when out of memory (the map is unchanged). */
int att_strmap_put(att_strmap *m, const char *key, long value);

#pragma GCC visibility pop

#endif
