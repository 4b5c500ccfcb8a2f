#!/bin/sh
# Calibration of the infant's main keys by `attune fit` against published
# figures (data/targets/literature.csv, provenance in data/targets/README.md;
# docs/MODEL.md section 10.2 has the table this writes; `make calibrate`
# runs it).  Four steps, each announced on standard error:
#
#  1. the fit: the free keys (--free) of scenarios/still-face.ini against
#     the targets, every simulated dyad coded as observers code, once a
#     second (--code-interval 1: the targets are figures of 1-s coding;
#     docs/FIT.md, "Coding on a grid"), under the `same-state` table (Tronick and Cohn's
#     coordination, which the play target is), the other keys of the
#     infant population of `attune validate` drawn per dyad as validate
#     draws them (tests/calib_population.c prints them), each free key one
#     value for all dyads: fit.csv, fitted.ini (the scenario with the
#     estimates written in);
#  2. the check: the same targets at the estimates, with every key of the
#     population drawn around them (the free keys too, at their usual
#     spreads; a free key the population does not draw at its estimate),
#     as `attune validate` would see the fitted defaults:
#     check.csv (no search, --max-evals 0); and the same at the defaults:
#     defaults.csv;
#  3. what `attune validate` says at the estimates: the default suite and
#     the expert group (--infants, default 400, seed 1), each at the
#     defaults and with the centre moved to the estimates (--scale KEY=F,
#     F = estimate / start, the start being the scenario's value):
#     validate-*.csv; skipped, and said so, when a free key starts at 0
#     (no factor reaches its estimate).  validate runs its own scenarios
#     at the model's defaults: --scenario and the options after -- do not
#     reach it, and the summary says so when either is given;
#  4. summary.md: the tables, the checks whose verdict the estimates
#     change, the command, the commit and the time.
#
# The model's defaults are not changed: the summary says which the fit
# would move and by how much.
#
# Usage: sh tests/calibrate.sh [options] [-- FIT-OPTIONS...]
set -u
# The source tree (the defaults are in it, from any folder).
TOP=$(cd "$(dirname "$0")/.." && pwd)
ATTUNE=build/attune POPBIN=build/calib_population OUT=build/calibrate J=2
SCN=$TOP/scenarios/still-face.ini TARGETS=$TOP/data/targets/literature.csv TABLE=same-state
FREE=infant.positive_rate=0.05:5,infant.return_rate=0.05:5,infant.negative_threshold=0.5:1
STARTS=4 MAXEV=300 DYADS=200 SEED= INFANTS=400 CODE=1
usage() {
  cat <<'EOF'
usage: sh tests/calibrate.sh [options] [-- FIT-OPTIONS...]
  --free LIST       the fit's free keys, infant.KEY=LO:HI,... (default:
                    positive_rate, return_rate and negative_threshold,
                    docs/MODEL.md 10.2 says why)
  --targets FILE    (default data/targets/literature.csv)
  --scenario FILE   (default scenarios/still-face.ini)
  --starts N        the fit's --starts (default 4)
  --max-evals N     the fit's --max-evals per start (default 300)
  --sim-dyads N     simulated dyads an evaluation (default 200)
  --seed S          the fit's --seed (default: the scenario's)
  --code-interval S the fit's --code-interval, for every run (default 1:
                    observers' 1-s coding; 0: every step)
  --infants N       attune validate's infants per population (default 400;
                    0: no validate step)
  -j N              threads (default 2)
  --attune BIN      (default build/attune)
  --population BIN  the population printer (default build/calib_population)
  -o DIR            output folder (default build/calibrate)
Options after -- go to the three attune fit runs (fit, check, defaults), not to
attune validate, which runs its own scenarios at the model's defaults (nor does
--scenario reach it).
EOF
}
die() { echo "calibrate: $*" >&2; exit 2; }
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
num() { case $2 in '' | *[!0-9]*) die "$1: '$2' is not a whole number" ;; esac; }
while [ $# -gt 0 ]; do
  case $1 in
    --free) need "$@"; FREE=$2; shift 2 ;;
    --targets) need "$@"; TARGETS=$2; shift 2 ;;
    --scenario) need "$@"; SCN=$2; shift 2 ;;
    --starts) need "$@"; num "$1" "$2"; STARTS=$2; shift 2 ;;
    --max-evals) need "$@"; num "$1" "$2"; MAXEV=$2; shift 2 ;;
    --sim-dyads) need "$@"; num "$1" "$2"; DYADS=$2; shift 2 ;;
    --seed) need "$@"; num "$1" "$2"; SEED=$2; shift 2 ;;
    --code-interval) need "$@"; CODE=$2; shift 2 ;;
    --infants) need "$@"; num "$1" "$2"; INFANTS=$2; shift 2 ;;
    -j) need "$@"; num "$1" "$2"; J=$2; shift 2 ;;
    --attune) need "$@"; ATTUNE=$2; shift 2 ;;
    --population) need "$@"; POPBIN=$2; shift 2 ;;
    -o) need "$@"; OUT=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ -x "$ATTUNE" ] || die "no program $ATTUNE (make first)"
[ -x "$POPBIN" ] || die "no program $POPBIN (make $POPBIN)"
[ -r "$TARGETS" ] || die "cannot read $TARGETS"
[ -r "$SCN" ] || die "cannot read $SCN"
# The scenario as an absolute path, to tell the default given by another
# name (scenarios/still-face.ini from the top) from another scenario.
SCN_ABS=$(cd "$(dirname "$SCN")" && pwd)/$(basename "$SCN")
mkdir -p "$OUT" || die "cannot make $OUT"

# The free keys' names without section and bounds: positive_rate,...
NAMES=$(printf '%s\n' "$FREE" | tr ',' '\n' | sed 's/=.*//; s/^infant\.//' | paste -sd, -)
case ,$NAMES, in *,*.*) die "--free: infant keys only (the population is the infant's)" ;; esac

# Runs attune fit with the --set arguments in file $1 (one a line) and the
# remaining arguments; the lines hold no spaces.
fit_with() {
  sets=$1; shift
  # shellcheck disable=SC2046
  set -- "$@" $(sed 's/ //g; s/^/--set /' "$sets")
  nice "$ATTUNE" fit "$@"
}

SEEDARG=${SEED:+--seed $SEED}
# 0: every step (no --code-interval); attune fit judges any other value.
CODEARG=; [ "$CODE" = 0 ] || CODEARG="--code-interval $CODE"
START=$(date +%s)
"$POPBIN" "$SCN" -x "$NAMES" > "$OUT/population-fit.txt" || die "the population of $SCN"
echo "calibrate: 1/4 fit of $NAMES to $TARGETS (coded every ${CODE} s (0: every step); $STARTS starts, at most $MAXEV evaluations of $DYADS dyads each; $(wc -l < "$OUT/population-fit.txt") keys drawn per dyad)" >&2
# shellcheck disable=SC2086
fit_with "$OUT/population-fit.txt" "$SCN" "$TARGETS" --free "$FREE" --match-table "$TABLE" \
  --starts "$STARTS" --max-evals "$MAXEV" --sim-dyads "$DYADS" -j "$J" $SEEDARG $CODEARG "$@" \
  -o "$OUT/fit.csv" --scenario-out "$OUT/fitted.ini"
rc=$?
[ $rc -eq 0 ] || die "attune fit failed (status $rc)"
FIT_END=$(date +%s)

# The estimates as overrides: infant.KEY=VALUE ...
ESTIMATES=$(awk -F, '$1 == "parameter" { printf "%s=%s ", $2, $3 }' "$OUT/fit.csv")
# shellcheck disable=SC2086
"$POPBIN" "$SCN" $ESTIMATES > "$OUT/population-check.txt" || die "the population at the estimates"
# A free key the population does not draw (state_gaze, say) is one value
# for every dyad: at its estimate in the check too.
for e in $ESTIMATES; do
  grep -q "^${e%%=*}=" "$OUT/population-check.txt" || echo "$e" >> "$OUT/population-check.txt"
done
echo "calibrate: 2/4 check at the estimates ($ESTIMATES) with every population key drawn" >&2
# One key must be free for a fit; a key outside the population, never moved
# (--max-evals 0): the table is the targets at the estimates, and the same
# at the defaults (the scenario's values, every population key drawn).
# shellcheck disable=SC2086
fit_with "$OUT/population-check.txt" "$SCN" "$TARGETS" --free infant.calm_rate \
  --match-table "$TABLE" --max-evals 0 --sim-dyads "$DYADS" -j "$J" $SEEDARG $CODEARG "$@" \
  -q -o "$OUT/check.csv"
rc=$?
[ $rc -eq 0 ] || die "attune fit (check) failed (status $rc)"
"$POPBIN" "$SCN" > "$OUT/population-defaults.txt" || die "the population of $SCN"
# shellcheck disable=SC2086
fit_with "$OUT/population-defaults.txt" "$SCN" "$TARGETS" --free infant.calm_rate \
  --match-table "$TABLE" --max-evals 0 --sim-dyads "$DYADS" -j "$J" $SEEDARG $CODEARG "$@" \
  -q -o "$OUT/defaults.csv"
rc=$?
[ $rc -eq 0 ] || die "attune fit (defaults) failed (status $rc)"

# attune validate at the defaults (the scenario's) and at the estimates.
SCALE=$(awk -F, '$1 == "parameter" && $4 != 0 { printf "%s%s=%.10g", n++ ? "," : "", $2, $3 / $4 }' "$OUT/fit.csv")
# A key that starts at 0 has no factor to the estimate: validate's
# --scale cannot move it, so the step is skipped rather than run wrong.
ZERO=$(awk -F, '$1 == "parameter" && $4 == 0 { printf "%s%s", n++ ? "," : "", $2 }' "$OUT/fit.csv")
for g in all expert; do rm -f "$OUT/validate-$g-defaults.csv" "$OUT/validate-$g-estimates.csv"; done
# Step 3 is run (yes), skipped for a key at 0 (zero) or not asked for (no).
VALIDATE=no
[ "$INFANTS" -gt 0 ] && { [ -n "$ZERO" ] && VALIDATE=zero || VALIDATE=yes; }
if [ $VALIDATE = zero ]; then
  echo "calibrate: 3/4 skipped: attune validate --scale cannot move a key that starts at 0 ($ZERO)" >&2
elif [ $VALIDATE = yes ]; then
  echo "calibrate: 3/4 attune validate at the defaults and at the estimates (--scale $SCALE; $INFANTS infants)" >&2
  for g in all expert; do
    only=; [ $g = all ] || only="--only $g"
    # shellcheck disable=SC2086
    nice "$ATTUNE" validate $only --infants "$INFANTS" -j "$J" --format csv -o "$OUT/validate-$g-defaults.csv" 2>/dev/null
    [ $? -le 1 ] || die "attune validate $only failed"
    # shellcheck disable=SC2086
    nice "$ATTUNE" validate $only --infants "$INFANTS" -j "$J" --format csv --scale "$SCALE" -o "$OUT/validate-$g-estimates.csv" 2>/dev/null
    [ $? -le 1 ] || die "attune validate $only --scale failed"
  done
fi
END=$(date +%s)

# The checks of a validate table whose verdict differs between the two
# files (the last seven fields are unquoted: estimate ... pass).
changed() {
  awk -F, 'FNR == 1 { next } NR == FNR { e[$1] = $(NF-6); lo[$1] = $(NF-5); hi[$1] = $(NF-4); p[$1] = $NF; next }
    { n++; f0 += !p[$1]; f1 += !$NF }
    p[$1] != $NF { printf "| `%s` | %.3g [%.3g, %.3g] %s | %.3g [%.3g, %.3g] %s |\n", $1, e[$1], lo[$1], hi[$1],
                   p[$1] ? "PASS" : "FAIL", $(NF-6), $(NF-5), $(NF-4), $NF ? "PASS" : "FAIL" }
    END { printf "\n%d checks: %d failed at the defaults, %d at the estimates\n", n, f0, f1 }' "$1" "$2"
}

echo "calibrate: 4/4 summary" >&2
COMMIT=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "Calibration by attune fit ($(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT$(git -C "$TOP" diff --quiet HEAD 2>/dev/null || echo ' + changes')):"
  if [ $VALIDATE = yes ]; then
    echo "the fit took $((FIT_END - START)) s, the check and validate $((END - FIT_END)) s."
  else
    echo "the fit took $((FIT_END - START)) s, the check $((END - FIT_END)) s (attune validate not run)."
  fi
  echo
  echo '```console'
  echo "sh tests/calibrate.sh --free $FREE --starts $STARTS --max-evals $MAXEV --sim-dyads $DYADS --code-interval $CODE --infants $INFANTS -j $J${SEED:+ --seed $SEED}${*:+ -- $*}"
  echo '```'
  echo
  echo "| key | default | estimate | 95 % interval (asymptotic) | bounds |"
  echo "| --- | --- | --- | --- | --- |"
  awk -F, '$1 == "parameter" {
      ci = ($11 == "" ? "none (see the warnings)" : sprintf("%.3g to %.3g", $11, $12))
      printf "| `%s` | %.3g | %.3g | %s | %.3g to %.3g |\n", $2, $4, $3, ci, $5, $6 }' "$OUT/fit.csv"
  echo
  echo "| target | published (se) | defaults: simulated | z | fit: simulated | z | check: simulated | z |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  # The se of each target from the targets file (its first columns hold no
  # quoted commas when statistic, phase and se come before the source).
  awk -F, 'FILENAME == T { if (FNR == 1) { for (i = 1; i <= NF; i++) c[$i] = i; next }
                           se[$c["phase"] "." $c["statistic"]] = $c["se"]; next }
      FILENAME ~ /defaults.csv$/ { if ($1 == "statistic") { d[$2] = $14; dz[$2] = $16 } next }
      FILENAME ~ /check.csv$/ { if ($1 == "statistic") { s[$2] = $14; z[$2] = $16 } next }
      $1 == "statistic" { printf "| `%s` | %.3g (%.2g) | %.3g | %.2f | %.3g | %.2f | %.3g | %.2f |\n", $2, $13, se[$2],
                          d[$2], dz[$2], $14, $16, s[$2], z[$2] }' \
      T="$TARGETS" "$TARGETS" "$OUT/defaults.csv" "$OUT/check.csv" "$OUT/fit.csv"
  echo
  for f in defaults fit check; do
    awk -F, -v w=$f '$1 == "fit" { v[$2] = $3 }
      END { printf "%s: J = %.2f on %d degrees of freedom, p = %.3g; %d evaluations, best start %d\n",
            w, v["j_stat"], v["j_df"], v["j_p"], v["evaluations"], v["best_start"] }' "$OUT/$f.csv"
  done
  awk -F, '$1 == "warning" { printf "warning: %s: %s\n", $2, $17 }' "$OUT/fit.csv"
  if [ $VALIDATE = zero ]; then
    echo
    echo "attune validate not run: $ZERO starts at 0 (the scenario's value), which --scale cannot move"
  elif [ $VALIDATE = yes ] && { [ "$SCN_ABS" != "$TOP/scenarios/still-face.ini" ] || [ $# -gt 0 ]; }; then
    echo
    echo "note: attune validate ran its own scenarios at the model's defaults, without --scenario and the options after --"
  fi
  for g in all expert; do
    [ -f "$OUT/validate-$g-estimates.csv" ] || continue
    echo
    what="attune validate (the default suite)"; [ $g = all ] || what="attune validate --only $g"
    echo "$what, $INFANTS infants, seed 1: the checks whose verdict the estimates change (--scale $SCALE)"
    echo
    echo "| check | at the defaults | at the estimates |"
    echo "| --- | --- | --- |"
    changed "$OUT/validate-$g-defaults.csv" "$OUT/validate-$g-estimates.csv"
  done
} > "$OUT/summary.md"
cat "$OUT/summary.md"
