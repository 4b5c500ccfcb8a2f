/* Seed derivation: every seed the library derives from another seed comes
 * from here, so that two streams never share one by accident.  All four
 * are pure functions of their arguments: they allocate nothing and cannot
 * fail.  Their values are part of the output (results files record seeds):
 * changing one changes every number downstream.  Internal to the library
 * (not installed); the public names are att_sim_draw_seed,
 * att_batch_seed, att_compare_seed and att_validate_seed. */
#ifndef ATT_SEED_H
#define ATT_SEED_H

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* SplitMix64's finaliser of `seed`, lower 32 bits: the seed of a run's
 * parameter draws, sharing no structure with the run's own seed. */
unsigned long att_seed_mix(unsigned long seed);

/* The seed of one run of an experiment: the first 32 bits of the SHA-256
 * of "attune-run\nSEED\nNAME\nREPLICATE" (SEED and REPLICATE in decimal,
 * NAME the condition's name, hashed whole however long). */
unsigned long att_seed_run(unsigned long seed, const char *name, long replicate);

/* The bootstrap seed of one (group, column) of compare: 64-bit FNV-1a over
 * the 8 little-endian bytes of `seed`, the bytes of `a`, one 0 byte and the
 * bytes of `b`, folded to 32 bits as (h ^ h >> 32) & 0xffffffff. */
unsigned long att_seed_pair(unsigned long seed, const char *a, const char *b);

/* The seed of item `i` of a named stream of the validation suite: the
 * first 32 bits of the SHA-256 of "SEED/NAME/I" (decimal; a text over 255
 * bytes is cut to 255), and 1 where those bits are 0. */
unsigned long att_seed_path(unsigned long seed, const char *name, long i);

#pragma GCC visibility pop

#endif
