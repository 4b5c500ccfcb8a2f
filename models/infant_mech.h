/* Small pure pieces of the infant's dynamics that issue 18 added (internal
 * header): the build-up of a look (attention cycle) and the irritation that
 * persistent intrusion builds.  docs/MODEL.md 2.5 and 2.7 give the rules. */
#ifndef ATT_INFANT_MECH_H
#define ATT_INFANT_MECH_H

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* The factor on the (calm and arousal-driven) hazard of looking away,
 * `look_time` s after gaze came back to her: 1 - exp(-look_time /
 * look_build); 1 when look_build is 0 (no build-up).  0 <= result <= 1. */
double att_infant_look_factor(double look_time, double look_build);

/* Irritation after a step in which intrusion `intrusion` was held: the
 * exact solution of dE/dt = (intrusion - E) / irritation_tau, with
 * decay = exp(-dt / irritation_tau).  Stays in 0-1 when E, intrusion and
 * decay are. */
double att_infant_irritation_next(double e, double intrusion, double decay);

#pragma GCC visibility pop

#endif
