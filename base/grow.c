/* Growable arrays (grow.h): doubling, zeroing, overflow-checked. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/grow.h"

int att_grow(void *items, size_t *cap, size_t need, size_t size, att_error *err)
{
    if (need <= *cap)
        return ATT_OK;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return att_error_nomem(err);
        n *= 2;
    }
    if (size && n > SIZE_MAX / size)
        return att_error_nomem(err);
    void *old;
    memcpy(&old, items, sizeof old);   /* *items is a T *, any object type */
    char *p = realloc(old, n * size);
    if (!p)
        return att_error_nomem(err);
    memset(p + *cap * size, 0, (n - *cap) * size);
    memcpy(items, &p, sizeof p);
    *cap = n;
    return ATT_OK;
}
