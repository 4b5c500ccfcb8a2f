/* The time grid shared by agree and contingency (analysis/grid.h). */
#include <assert.h>
#include "analysis/grid.h"

long long att_grid_units(long long t0_us, long long at_us, long long unit_us)
{
    assert(unit_us > 0);
    long long span = at_us - t0_us;
    return span > 0 ? (span + unit_us - 1) / unit_us : 0;
}
