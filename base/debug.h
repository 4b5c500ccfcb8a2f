/* Assertions on the dyad-step's hot path (internal header).
 *
 * assert() stays on in every build (the Makefile never defines NDEBUG):
 * the core's invariants are checked wherever that is cheap.  A few are
 * checked on every step of every dyad -- the agents' states in range, a
 * hazard not negative, the step's codes inside the tables -- and there
 * they were 9 % of a dyad-step's instructions (133 of 1494, cachegrind;
 * issue 19).  att_debug_assert(x) is assert(x) where ATT_DEBUG is defined
 * -- the sanitizer build, SAN=1, which `make check SAN=1` and CI run over
 * every test, and the fuzz build -- and checks nothing elsewhere.  Use it only on that path,
 * and, as with assert(), never with a side effect: the outputs are the
 * same bytes either way (tests/identity.sh). */
#ifndef ATT_DEBUG_H
#define ATT_DEBUG_H

#include <assert.h>

/* ATT_DEBUG_ON: 1 where they are on, for a check of several lines
 * (`if (ATT_DEBUG_ON || ...)`). */
#ifdef ATT_DEBUG
#define ATT_DEBUG_ON 1
#define att_debug_assert(x) assert(x)
#else
#define ATT_DEBUG_ON 0
/* not evaluated; sizeof keeps the names it uses "used" */
#define att_debug_assert(x) ((void)sizeof((x) ? 1 : 0))
#endif

#endif
