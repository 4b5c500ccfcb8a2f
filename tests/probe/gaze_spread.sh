#!/bin/sh
# Where the between-infant spread of play gaze comes from (docs/MODEL.md
# 10.7): the fit's table at the defaults (session 28's since then; 400
# dyads coded each second, the infant population of `attune validate`, no
# search) with parts of the
# spread taken away, one line each: play gaze, its SD across dyads, the
# three still-face d's and the reunion's negative d, the still face's
# negative share and J.  A probe, not part of `make check`.  From the top
# of a source tree, after `make build/attune build/calib_population`:
#
#   sh tests/probe/gaze_spread.sh [BIN]
B=${1:-build/attune}
POP=$(mktemp) OUT=$(mktemp)
trap 'rm -f "$POP" "$OUT"' EXIT
"$(dirname "$B")/calib_population" scenarios/still-face.ini > "$POP" || exit 2
one() {
  label=$1; shift
  # shellcheck disable=SC2046
  "$B" fit scenarios/still-face.ini data/targets/literature.csv --free infant.calm_rate \
    --match-table same-state --max-evals 0 --sim-dyads 400 --code-interval 1 --resims 0 -q \
    $(sed 's/ //g; s/^/--set /' "$POP") "$@" -o "$OUT" 2>/dev/null || exit 1
  printf '%-30s' "$label"
  for s in play.infant_gaze_prop play.infant_gaze_prop_sd play:still-face.infant_gaze_prop_d \
           play:still-face.infant_positive_prop_d still-face:play.infant_negative_prop_d \
           reunion:play.infant_negative_prop_d still-face.infant_negative_prop; do
    awk -F, -v s=$s '$1 == "statistic" && $2 == s { printf " %7.3f", $14 }' "$OUT"
  done
  awk -F, '$1 == "fit" && $2 == "j_stat" { printf "  J %.2f\n", $3 }' "$OUT"
}
FIXED="--set infant.age_months=4 --set infant.return_rate=0.167 --set infant.avert_threshold=0.467 --set infant.avert_rate=0.0374"
ALL="$FIXED --set infant.positive_rate=0.822 --set infant.stim_gain=0.351 --set infant.contingency_gain=0.154 --set infant.reactivity=1 --set infant.negative_threshold=0.585 --set infant.arousal_baseline=0.2 --set infant.bid_rate=1.5 --set infant.positive_loss_rate=1.5 --set infant.soothability=3.1"
echo "                                  gaze  gaze_sd  gaze_d   pos_d   neg_d reu_neg_d sf_neg"
one defaults
one "state off" --set infant.state_gaze=0
one "age spread 0.25 month" --set "infant.age_months=normal(4,0.25)"
# shellcheck disable=SC2086
one "4 gaze keys fixed" $FIXED
# shellcheck disable=SC2086
one "every key fixed, state off" $ALL --set infant.state_gaze=0
