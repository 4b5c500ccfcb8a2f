/* SHA-256 (FIPS 180-4): fingerprints scenario files in metadata and derives
 * seeds (base/seed.h).  Internal to the library (not installed). */
#ifndef ATT_SHA256_H
#define ATT_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* A running hash, owned by the caller (on the stack); nothing to free. */
typedef struct att_sha256 {
    uint32_t h[8];
    unsigned char buf[64];   /* bytes not yet compressed */
    size_t fill;             /* how many of buf are used */
    uint64_t len;            /* bytes hashed so far */
} att_sha256;

/* Starts a hash. */
void att_sha256_init(att_sha256 *s);

/* Adds `len` bytes at `data` (the pieces of a message may have any sizes:
 * the digest is that of their concatenation). */
void att_sha256_update(att_sha256 *s, const void *data, size_t len);

/* Writes the digest as 64 lowercase hex digits and a NUL into `hex`; the
 * hash `s` is finished (start it again to reuse it).  Cannot fail. */
void att_sha256_final_hex(att_sha256 *s, char hex[65]);

/* One shot: the digest of `len` bytes at `data`, as att_sha256_final_hex
 * writes it.  Cannot fail. */
void att_sha256_hex(const void *data, size_t len, char hex[65]);

#pragma GCC visibility pop

#endif
