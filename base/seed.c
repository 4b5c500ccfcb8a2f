/* Seed derivation (seed.h): SplitMix64, SHA-256 and FNV-1a, nothing else. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "base/seed.h"
#include "base/sha256.h"

unsigned long att_seed_mix(unsigned long seed)
{
    uint64_t z = (uint64_t)seed + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (unsigned long)(z & 0xffffffffULL);
}

/* The number in the first 8 hex digits of a digest. */
static unsigned long first_32_bits(const char hex[65])
{
    unsigned long v = 0;
    for (int i = 0; i < 8; i++) {
        char c = hex[i];
        v = v * 16 + (unsigned long)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return v;
}

unsigned long att_seed_run(unsigned long seed, const char *name, long replicate)
{
    char head[48], tail[32], hex[65];
    int nh = snprintf(head, sizeof head, "attune-run\n%lu\n", seed);
    int nt = snprintf(tail, sizeof tail, "\n%ld", replicate);
    att_sha256 s;
    att_sha256_init(&s);
    att_sha256_update(&s, head, (size_t)nh);
    att_sha256_update(&s, name, strlen(name));
    att_sha256_update(&s, tail, (size_t)nt);
    att_sha256_final_hex(&s, hex);
    return first_32_bits(hex);
}

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t fnv_bytes(uint64_t h, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        h ^= *p;
        h *= FNV_PRIME;
    }
    return h;
}

unsigned long att_seed_pair(unsigned long seed, const char *a, const char *b)
{
    uint64_t h = FNV_OFFSET;
    uint64_t s = (uint64_t)seed;
    for (int i = 0; i < 8; i++) {
        h ^= (s >> (8 * i)) & 0xff;
        h *= FNV_PRIME;
    }
    h = fnv_bytes(h, a);
    h *= FNV_PRIME;   /* the 0 byte between the names: h ^= 0 */
    h = fnv_bytes(h, b);
    return (unsigned long)((h ^ (h >> 32)) & 0xffffffffu);
}

unsigned long att_seed_path(unsigned long seed, const char *name, long i)
{
    char text[256], hex[65];
    int n = snprintf(text, sizeof text, "%lu/%s/%ld", seed, name, i);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof text)
        n = (int)sizeof text - 1;   /* names are short; a long one is cut, not lost */
    att_sha256_hex(text, (size_t)n, hex);
    unsigned long v = first_32_bits(hex);
    return v ? v : 1;
}
