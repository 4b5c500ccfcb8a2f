#!/bin/sh
# The key figures of the expert group in one line per set of --scale
# factors (sessions 26 and 27's calibration grids, docs/MODEL.md 10.10-10.12):
# the still face's d's (gaze, positive, negative), play_gaze_sd_half,
# play_repair_3s, the reunion's negative d, the early shares, the
# negative share in play and the reunion, the still face's negative share
# of placid and reactive infants, and every check that fails.  A probe,
# not part of `make check`.  From the top of a source tree:
#
#   sh tests/probe/expert_row.sh BIN none 'infant.KEY=F[,infant.KEY=F...]' ...
#
# SEED=N (default 1) runs them at validate's --seed N (session 28's screen
# at seeds 1 and 2, docs/MODEL.md 10.13).
B=$1; shift
SEED=${SEED:-1}
for S in "$@"; do
  T=$(mktemp)
  if [ "$S" = none ]; then "$B" validate --only expert --format narrow --seed "$SEED" > $T 2>&1
  else "$B" validate --only expert --format narrow --seed "$SEED" --scale "$S" > $T 2>&1; fi
  awk -v s="$S" '
   /^expert\./ { id=$1; est=$2; v[id]=est; if ($NF!="PASS") bad=bad" "id"="est }
   /means [0-9.]+ and [0-9.]+/ && id=="expert.reunion_negative_d" { rn=$2; pn=$4 }
   /share of infants who cry: play/ && id=="expert.sf_cry" { cry=$0 }
   /means: .* at the lower value/ && id=="expert.reactive_sf_negative" { sfn=$2" "$7 }
   END { printf "%s\n  gaze %s pos %s neg %s sdh %s r3 %s ru_d %s early %s/%s  neg play %s ru %s sf(react lo,hi) %s\n  fail:%s\n", s,
     v["expert.sf_gaze_d"], v["expert.sf_positive_d"], v["expert.sf_negative_d"], v["expert.play_gaze_sd_half"],
     v["expert.play_repair_3s"], v["expert.reunion_negative_d"], v["expert.sf_gaze_early"], v["expert.sf_negative_early"], pn, rn, sfn, bad }' $T
  rm -f $T
done
