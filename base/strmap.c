/* Strings to whole numbers in an open-addressing hash table (strmap.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "base/strmap.h"

typedef struct slot {
    char *key;    /* NULL: empty */
    long value;
} slot;

struct att_strmap {
    slot *slot;
    size_t cap;   /* a power of 2, or 0 */
    size_t n;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

att_strmap *att_strmap_new(void)
{
    return calloc(1, sizeof(att_strmap));
}

void att_strmap_clear(att_strmap *m)
{
    if (m->n == 0)
        return;
    for (size_t i = 0; i < m->cap; i++) {
        free(m->slot[i].key);
        m->slot[i].key = NULL;
    }
    m->n = 0;
}

void att_strmap_free(att_strmap *m)
{
    if (!m)
        return;
    att_strmap_clear(m);
    free(m->slot);
    free(m);
}

size_t att_strmap_count(const att_strmap *m)
{
    return m->n;
}

/* The slot holding `key`, or the empty slot where it would go. */
static slot *find(slot *table, size_t cap, const char *key)
{
    size_t j = (size_t)hash(key) & (cap - 1);
    while (table[j].key && strcmp(table[j].key, key) != 0)
        j = (j + 1) & (cap - 1);
    return &table[j];
}

long att_strmap_get(const att_strmap *m, const char *key)
{
    if (m->n == 0)
        return -1;
    const slot *s = find(m->slot, m->cap, key);
    return s->key ? s->value : -1;
}

int att_strmap_put(att_strmap *m, const char *key, long value)
{
    /* At most half full.  Growing is a rehash into a new table, not a
     * doubling of one array in place, so it does not go through att_grow. */
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        slot *table = calloc(cap, sizeof *table);
        if (!table)
            return -1;
        for (size_t i = 0; i < m->cap; i++)
            if (m->slot[i].key)
                *find(table, cap, m->slot[i].key) = m->slot[i];
        free(m->slot);
        m->slot = table;
        m->cap = cap;
    }
    slot *s = find(m->slot, m->cap, key);
    if (s->key) {
        s->value = value;
        return 1;
    }
    if (!(s->key = strdup(key)))
        return -1;
    s->value = value;
    m->n++;
    return 0;
}
