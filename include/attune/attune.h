/* attune's whole public API in one include: #include <attune/attune.h>.
 *
 * Call att_init() (attune/init.h) once, first, before any other attune
 * function: it turns GSL's aborting error handler off for the process, so
 * that a GSL failure inside the library comes back as an error code or a NaN
 * instead of ending the program.  The program (attune), the tests, the
 * benchmarks and the fuzz harnesses all start that way.
 *
 * Link with `pkg-config --cflags --libs attune` (add --static for
 * libattune.a).  Each header below also compiles on its own; every one
 * says how its functions fail and who owns what, and every *_free accepts
 * NULL. */
#ifndef ATT_ATTUNE_H
#define ATT_ATTUNE_H

#ifdef __cplusplus
extern "C" {
#endif

#include "attune/init.h"

#include "attune/agree.h"
#include "attune/batch.h"
#include "attune/buf.h"
#include "attune/caregiver.h"
#include "attune/coded.h"
#include "attune/codes.h"
#include "attune/compare.h"
#include "attune/contingency.h"
#include "attune/dist.h"
#include "attune/error.h"
#include "attune/events.h"
#include "attune/exec.h"
#include "attune/experiment.h"
#include "attune/fit.h"
#include "attune/fitstats.h"
#include "attune/import.h"
#include "attune/infant.h"
#include "attune/match.h"
#include "attune/meta.h"
#include "attune/outfile.h"
#include "attune/param.h"
#include "attune/plot.h"
#include "attune/pool.h"
#include "attune/report.h"
#include "attune/scenario.h"
#include "attune/scheme.h"
#include "attune/scorer.h"
#include "attune/scoring.h"
#include "attune/sdis.h"
#include "attune/serve.h"
#include "attune/sim.h"
#include "attune/stats.h"
#include "attune/tally.h"
#include "attune/trace.h"
#include "attune/twosample.h"
#include "attune/validate.h"

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
