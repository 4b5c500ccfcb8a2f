/* Small pure pieces of the infant's dynamics that issue 18 added (internal
 * header): the build-up of a look (attention cycle), and the relaxation
 * of the slow variables irritation and upset.  docs/MODEL.md 2.5 and 2.7 give the rules. */
#ifndef ATT_INFANT_MECH_H
#define ATT_INFANT_MECH_H

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* The factor on the (calm and arousal-driven) hazard of looking away,
 * `look_time` s after gaze came back to her: 1 - exp(-look_time /
 * look_build); 1 when look_build is 0 (no build-up).  0 <= result <= 1. */
double att_infant_look_factor(double look_time, double look_build);

/* A slow variable after a step in which its target was held: the exact
 * solution of dE/dt = (target - E) / tau, with decay = exp(-dt / tau)
 * (irritation: target her intrusion, tau irritation_tau; upset: target 1
 * while negative, else 0, tau upset_tau).  Stays in 0-1 when E, target and
 * decay are. */
double att_infant_relax(double e, double target, double decay);

#pragma GCC visibility pop

#endif
