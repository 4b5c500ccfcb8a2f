#!/bin/sh
# The reference sample of the stream test (tests/cli/test_stream_dist.c):
# 1000 runs of the default dyad in two shipped scenarios (still-face: the
# patient and still-face policies; peekaboo-intrusive: the intrusive one),
# each run's key statistics per window, as the model's random stream makes
# them today.  A change that keeps the model but changes its stream (fewer
# draws, issue 19) must leave these distributions where they are, within
# sampling error; the test compares a fresh sample with this one.
#
#   sh tests/stream_ref.sh [BIN]                      rewrite tests/data/stream/*.csv
#   sh tests/stream_ref.sh BIN DIR [BATCH-ARGS...]     write the sample into DIR
#
# Rewrite it with the old program, before a change of stream, and only when
# the model itself changes (a recalibration, a new mechanism), in the commit
# that changes it, saying why.  BIN defaults to build/attune.  With DIR the
# test draws today's sample the same way (BATCH-ARGS, e.g. --seed N or
# --set KEY=V, go to every attune batch).
set -eu
BIN=${1:-build/attune}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${2:-$ROOT/tests/data/stream}
[ $# -ge 2 ] && shift 2 || set --
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
STATS="infant_gaze_prop infant_positive_prop infant_negative_prop matched_prop ruptures_per_min latency_median_s"
for n in still-face peekaboo-intrusive; do
    # the scenario as shipped, run as a batch of one condition
    { grep -v '^[;#]' "$ROOT/scenarios/$n.ini"
      printf '\n[batch]\nreplicates = 1000\n\n[condition]\nname = default\n'; } > "$TMP/$n.ini"
    "$BIN" batch "$TMP/$n.ini" -q -j 2 -o "$TMP/$n.csv" "$@"
    awk -F, -v stats="$STATS" -v OFS=, '
        NR == 1 {
            ns = split(stats, s, " "); k = 0
            hdr = "replicate"
            for (i = 1; i <= NF; i++) {
                if ($i == "replicate") rep = i
                dot = index($i, ".")
                if (dot == 0) continue
                w = substr($i, 1, dot - 1); m = substr($i, dot + 1)
                if (w == "all") continue   # the phases cover it
                for (j = 1; j <= ns; j++) if (m == s[j]) { col[++k] = i; hdr = hdr OFS $i }
            }
            print hdr; next
        }
        {
            line = $rep
            for (j = 1; j <= k; j++) line = line OFS ($col[j] == "" ? "" : sprintf("%.6g", $col[j]))
            print line
        }
    ' "$TMP/$n.csv" > "$OUT/$n.csv"
done
