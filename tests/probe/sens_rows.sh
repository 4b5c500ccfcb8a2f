#!/bin/sh
# The rows of the sensitivity table nearest an edge (docs/MODEL.md 10.8,
# 10.9), each `attune validate --only expert` at 2000 infants, seed 1: the
# three still-face d's, play gaze's SD across infants (spreads halved),
# the share of play mismatches repaired within 3 s, and the checks that
# fail (with their estimates).  A probe, not part of `make check`; each
# row takes about 10-40 s.
#
#   sh tests/probe/sens_rows.sh [BIN] [--scale CANDIDATE] [ROW...]
#
# BIN defaults to build/attune.  CANDIDATE is a `--scale` list that moves
# the model's centre first (a candidate tried without rebuilding); a ROW
# is KEY=FACTOR on top of it (a key the candidate scales too gets the
# product).  Without ROWs, the seven rows of session 24 and four more.
B=build/attune
case ${1:-} in ''|--scale|none|*=*) ;; *) B=$1; shift ;; esac
C=
if [ "${1:-}" = --scale ]; then C=$2; shift 2; fi
[ $# -gt 0 ] || set -- none infant.state_smile=0.7 infant.age_months=0.7 \
    infant.avert_threshold=1.3 infant.negative_threshold=0.7 infant.age_months=1.3 \
    infant.state_gaze=0.7 infant.negative_threshold=1.3 infant.return_rate=0.7 \
    infant.unanswered_avert_rate=0.7 infant.state_smile=1.3
T=$(mktemp)
trap 'rm -f "$T"' EXIT
for r in "$@"; do
  if [ "$r" = none ]; then S=$C; else
    case $r in *=*) ;; *) echo "sens_rows: a row is KEY=FACTOR, not '$r'" >&2; exit 2 ;; esac
    S=$(echo "$C" | tr ',' '\n' | grep -v '^$' | awk -F= -v k="${r%=*}" -v f="${r#*=}" '
          $1 == k { printf "%s=%.6g\n", k, $2 * f; found = 1; next } { print }
          END { if (!found) printf "%s=%s\n", k, f }' | paste -sd, -)
  fi
  "$B" validate --only expert --format csv ${S:+--scale "$S"} -o "$T" 2>/dev/null
  [ $? -le 1 ] || { echo "sens_rows: attune validate failed ($r)" >&2; exit 2; }
  # the last seven fields are unquoted: estimate ci_low ci_high rule lo hi pass
  awk -F, -v r="$r" 'NR > 1 { id = $1; sub(/^expert\./, "", id); d[id] = $(NF-6)
                              if ($NF != 1) bad = bad " " id "=" $(NF-6) }
    END { printf "%-32s gaze %.3f pos %.3f neg %.3f sd %.3f r3 %.3f  fail:%s\n", r,
          d["sf_gaze_d"], d["sf_positive_d"], d["sf_negative_d"], d["play_gaze_sd_half"],
          d["play_repair_3s"], bad }' "$T"
done
