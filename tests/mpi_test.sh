#!/bin/sh
# The Open MPI build (make MPI=1) against the threaded build: with 2 ranks,
# `attune batch` writes the same bytes, for a whole experiment, for shards
# (merged with `attune merge`) and when resuming a cut-short FILE.part; for
# a timeline, whose runs are several lines (one per session); and for the
# rupture file (--ruptures) and the long form (--long).
# Run by `make check` (not under SAN=1).
set -eu
MAKE=${MAKE:-make}
BIN=${BUILD:-build}/attune
MPIBIN=build-mpi/attune
$MAKE --no-print-directory MPI=1 compile >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cat > "$tmp/exp.ini" <<'INI'
[scenario]
seed = 5
[infant]
arousal_baseline = normal(0.2, 0.04)
[phase]
name = play
duration = 30
[phase]
name = still
duration = 30
policy = still-face
[batch]
replicates = 7
[condition]
name = patient
[condition]
name = intrusive
phase.play.policy = intrusive
[condition]
name = wait
caregiver.wait_time = 0:1.5:3
INI
mpirun_2() {
    mpirun --allow-run-as-root --oversubscribe -np 2 "$@"
}
fail() {
    echo "mpi test: FAILED: $*" >&2
    exit 1
}
"$BIN" batch "$tmp/exp.ini" -o "$tmp/threads.csv" --jobs 2 -q
mpirun_2 "$MPIBIN" batch "$tmp/exp.ini" -o "$tmp/mpi.csv" -q
cmp -s "$tmp/threads.csv" "$tmp/mpi.csv" || fail "2 ranks differ from 2 threads"
[ "$(wc -l < "$tmp/mpi.csv")" -eq 36 ] || fail "expected 35 rows"
# The rupture file and the long form: the same bytes over ranks too.
"$BIN" batch "$tmp/exp.ini" -o "$tmp/tl.csv" --long --ruptures "$tmp/tr.csv" --jobs 2 -q
mpirun_2 "$MPIBIN" batch "$tmp/exp.ini" -o "$tmp/ml.csv" --long --ruptures "$tmp/mr.csv" -q
cmp -s "$tmp/tr.csv" "$tmp/mr.csv" || fail "rupture file: 2 ranks differ from 2 threads"
cmp -s "$tmp/tl.csv" "$tmp/ml.csv" || fail "--long: 2 ranks differ from 2 threads"
[ "$(wc -l < "$tmp/mr.csv")" -gt 100 ] || fail "rupture file: too few rows"
rm -f "$tmp/tl.csv" "$tmp/tr.csv"

# Shards, each over 2 ranks, then merged.
mpirun_2 "$MPIBIN" batch "$tmp/exp.ini" -o "$tmp/s1.csv" --shard 1/2 -q
mpirun_2 "$MPIBIN" batch "$tmp/exp.ini" -o "$tmp/s2.csv" --shard 2/2 -q
"$BIN" merge "$tmp/s2.csv" "$tmp/s1.csv" -o "$tmp/merged.csv"
cmp -s "$tmp/threads.csv" "$tmp/merged.csv" || fail "merged shards differ"

# Resume: the header, 11 rows and half of the 12th.
head -n 12 "$tmp/threads.csv" > "$tmp/r.csv.part"
sed -n 13p "$tmp/threads.csv" | cut -c 1-40 | tr -d '\n' >> "$tmp/r.csv.part"
mpirun_2 "$MPIBIN" batch "$tmp/exp.ini" -o "$tmp/r.csv" --resume -q
cmp -s "$tmp/threads.csv" "$tmp/r.csv" || fail "resumed file differs"
[ ! -e "$tmp/r.csv.part" ] || fail "r.csv.part left behind"

# A timeline: 3 sessions a run (2 in "brief"), 3 x 3 runs = 24 lines; a
# rank sends each run's lines as one message.
cat > "$tmp/tl.ini" <<'INI'
[scenario]
seed = 8
sessions = 3
interval = 60
[phase]
name = play
duration = 4
[phase]
name = still
duration = 3
policy = still-face
[batch]
replicates = 3
[condition]
name = patient
[condition]
name = intrusive
phase.play.policy = intrusive
[condition]
name = brief
scenario.sessions = 2
INI
"$BIN" batch "$tmp/tl.ini" -o "$tmp/tl-threads.csv" --jobs 2 -q
mpirun_2 "$MPIBIN" batch "$tmp/tl.ini" -o "$tmp/tl-mpi.csv" -q
cmp -s "$tmp/tl-threads.csv" "$tmp/tl-mpi.csv" || fail "timeline: 2 ranks differ from 2 threads"
[ "$(wc -l < "$tmp/tl-mpi.csv")" -eq 25 ] || fail "timeline: expected 24 lines"
# Resume from the middle of run 3: its sessions 1 and 2, half of 3.
head -n 9 "$tmp/tl-threads.csv" > "$tmp/tr.csv.part"
sed -n 10p "$tmp/tl-threads.csv" | cut -c 1-40 | tr -d '\n' >> "$tmp/tr.csv.part"
mpirun_2 "$MPIBIN" batch "$tmp/tl.ini" -o "$tmp/tr.csv" --resume -q
cmp -s "$tmp/tl-threads.csv" "$tmp/tr.csv" || fail "timeline: resumed file differs"

# Bad input under MPI: exit 2 from the run as a whole, nothing written.
printf '[scenario]\nduration = 5\n[condition]\nname = a\ncaregiver.wiat_time = 1\n' > "$tmp/bad.ini"
status=0
mpirun_2 "$MPIBIN" batch "$tmp/bad.ini" -o "$tmp/bad.csv" -q 2> "$tmp/bad.err" || status=$?
[ "$status" -ne 0 ] || fail "a bad experiment under MPI exited 0"
grep -q "bad.ini:5: unknown key 'wiat_time'" "$tmp/bad.err" || fail "no FILE:LINE message: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/bad.csv" ] && [ ! -e "$tmp/bad.csv.part" ] || fail "bad input left a file"
echo "mpi test: 2 ranks = 2 threads, merged shards and resume under MPI, timelines, --ruptures and --long too: OK"
