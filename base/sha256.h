/* SHA-256 (FIPS 180-4), used to fingerprint scenario files in metadata. */
#ifndef ATT_SHA256_H
#define ATT_SHA256_H

#include <stddef.h>

/* Writes the digest of `len` bytes at `data` as 64 lowercase hex digits and
 * a terminating NUL into `hex` (65 bytes). */
void att_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
