#!/bin/sh
# The rows of the sensitivity table nearest an edge (docs/MODEL.md 10.8),
# each `attune validate --only expert` at 2000 infants, seed 1: the three
# still-face d's and the checks that fail.  A probe, not part of `make
# check`; seven runs of about 10-40 s each.
#
#   sh tests/probe/sens_rows.sh [BIN]      (default build/attune)
B=${1:-build/attune}
T=$(mktemp)
trap 'rm -f "$T"' EXIT
for r in none infant.state_smile=0.7 infant.age_months=0.7 infant.avert_threshold=1.3 \
         infant.negative_threshold=0.7 infant.age_months=1.3 infant.state_gaze=0.7; do
  if [ "$r" = none ]; then
    "$B" validate --only expert --format csv -o "$T" 2>/dev/null
  else
    "$B" validate --only expert --format csv --scale "$r" -o "$T" 2>/dev/null
  fi
  [ $? -le 1 ] || { echo "sens_rows: attune validate failed ($r)" >&2; exit 2; }
  # the last seven fields are unquoted: estimate ci_low ci_high rule lo hi pass
  awk -F, -v r="$r" 'NR > 1 { id = $1; sub(/^expert\./, "", id); d[id] = $(NF-6)
                              if ($NF != 1) bad = bad " " id }
    END { printf "%-30s gaze %.3f pos %.3f neg %.3f  fail:%s\n", r, d["sf_gaze_d"],
          d["sf_positive_d"], d["sf_negative_d"], bad }' "$T"
done
