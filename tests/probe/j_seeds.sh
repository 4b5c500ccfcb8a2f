#!/bin/sh
# J of the eighteen targets at the defaults, as tests/calibrate.sh's step 2
# computes it ("defaults": 200 dyads coded each second, the infant
# population of `attune validate` drawn per dyad, no search), once per
# seed: how much J moves with the simulation's luck (docs/MODEL.md 10.8).
# A probe, not part of `make check`.  From the top of a source tree, after
# `make build/attune build/calib_population`:
#
#   sh tests/probe/j_seeds.sh 165 1 2 3 ...     (prints "SEED J" lines)
P=$(mktemp) O=$(mktemp)
trap 'rm -f "$P" "$O"' EXIT
build/calib_population scenarios/still-face.ini > "$P" || exit 2
for s in "$@"; do
  # shellcheck disable=SC2046
  build/attune fit scenarios/still-face.ini data/targets/literature.csv --free infant.calm_rate \
    --match-table same-state --max-evals 0 --sim-dyads 200 -j 2 --code-interval 1 --seed "$s" \
    $(sed 's/ //g; s/^/--set /' "$P") -q -o "$O" 2>/dev/null ||
    { echo "j_seeds: attune fit failed at seed $s (run it without 2>/dev/null to see why)" >&2; exit 1; }
  awk -F, -v s="$s" '$1 == "fit" && $2 == "j_stat" { printf "%s %.3f\n", s, $3 }' "$O"
done
