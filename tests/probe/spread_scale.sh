#!/bin/sh
# The fit's view of the still face with the population's spreads scaled
# (docs/MODEL.md 10.8): 400 dyads coded each second, the infant population
# of `attune validate` with every spread times FACTOR, no search.  Prints
# play gaze, its SD across dyads, still-face gaze, the three still-face
# d's, the reunion's negative d, the still face's negative share and J.
# A probe, not part of `make check`.  From the top of a source tree, after
# `make build/attune build/calib_population`:
#
#   sh tests/probe/spread_scale.sh LABEL FACTOR [--set infant.KEY=V ...]
#   e.g. sh tests/probe/spread_scale.sh "state 0.5" 1 --set infant.state_gaze=0.5
B=${BIN:-build/attune}
label=$1 f=$2
shift 2
POP=$(mktemp) OUT=$(mktemp)
trap 'rm -f "$POP" "$OUT"' EXIT
"$(dirname "$B")/calib_population" scenarios/still-face.ini |
  awk -v f="$f" '{
    if (match($0, /(normal|lognormal)\([^,]+, [^)]+\)/)) {
      head = substr($0, 1, RSTART - 1); body = substr($0, RSTART, RLENGTH)
      split(body, a, ", "); sd = substr(a[2], 1, length(a[2]) - 1)
      printf "%s%s, %.10g)\n", head, a[1], sd * f
    } else print }' > "$POP" || { echo "spread_scale: cannot write the population" >&2; exit 2; }
# shellcheck disable=SC2046
"$B" fit scenarios/still-face.ini data/targets/literature.csv --free infant.calm_rate \
  --match-table same-state --max-evals 0 --sim-dyads 400 --code-interval 1 --resims 0 -q \
  $(sed 's/ //g; s/^/--set /' "$POP") "$@" -o "$OUT" 2>/dev/null ||
  { echo "spread_scale: attune fit failed (run it without 2>/dev/null to see why)" >&2; exit 1; }
printf '%-24s' "$label"
for s in play.infant_gaze_prop play.infant_gaze_prop_sd still-face.infant_gaze_prop \
         play:still-face.infant_gaze_prop_d play:still-face.infant_positive_prop_d \
         still-face:play.infant_negative_prop_d reunion:play.infant_negative_prop_d \
         still-face.infant_negative_prop; do
  awk -F, -v s=$s '$1 == "statistic" && $2 == s { printf " %6.3f", $14 }' "$OUT"
done
awk -F, '$1 == "fit" && $2 == "j_stat" { printf "  J %.2f\n", $3 }' "$OUT"
