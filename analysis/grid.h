/* The time grid shared by `attune agree` and `attune contingency --unit`:
 * a run laid on units of a fixed length from its first t, unit i covering
 * [t0 + i*unit, t0 + (i+1)*unit) and taking the codes of the row in force
 * at its start.  Internal to the analysis layer. */
#ifndef ATT_ANALYSIS_GRID_H
#define ATT_ANALYSIS_GRID_H

#pragma GCC visibility push(hidden)

/* The number of units of `unit_us` (> 0) from `t0_us` whose start lies
 * before `at_us`: ceil((at - t0) / unit), 0 when at <= t0.  It is the run's
 * number of units when `at` is its end, and the index of the first unit
 * starting at or after `at` otherwise, so the units that take the codes of
 * a row starting at t1 and followed by one at t2 are
 * [att_grid_units(t0, t1, u), att_grid_units(t0, t2, u)). */
long long att_grid_units(long long t0_us, long long at_us, long long unit_us);

#pragma GCC visibility pop

#endif
