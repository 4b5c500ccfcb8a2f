#!/bin/sh
# Writes the seed inputs of fuzz/corpus/TARGET from the shipped files and
# from runs of the program (build/attune, `make compile` first).  Run from
# the top folder: sh fuzz/seeds.sh.  Seeds are named seed-*; inputs added by
# `make fuzz-corpus` (named by their SHA-1) are left alone.
set -eu
A=${ATTUNE:-build/attune}
C=fuzz/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for t in scenario score match compare merge resume; do
  mkdir -p $C/$t
  rm -f $C/$t/seed-*
done

# scenario: every shipped scenario and experiment, the golden one, and one
# with --set lines (the harness reads "#set X" as --set X).
for f in scenarios/*.ini tests/data/golden.ini; do
  cp "$f" $C/scenario/seed-$(basename "$f")
done
{ printf '#set caregiver.policy=intrusive\n#set phase.test.duration=30\n'
  printf '#set batch.replicates=2\n#set scenario.seed=9\n'
  cat scenarios/compare-policies.ini; } > $C/scenario/seed-sets.ini
printf '[scenario]\r\nduration = 10\r\nsessions = 2\r\n[batch]\r\nreplicates = 1\r\n' \
  > $C/scenario/seed-crlf.ini

# score: traces (one run, phases; several sessions), hand-coded sessions.
head -n 120 tests/data/golden.csv > $C/score/seed-golden.csv
$A run scenarios/chronic-withdrawn.ini --set scenario.sessions=2 --set phase.play.duration=8 \
  --set phase.reunion.duration=4 -q --meta /dev/null -o "$T/chronic.csv" 2>/dev/null \
  || $A run scenarios/chronic-withdrawn.ini --set scenario.sessions=2 -q --meta /dev/null \
       -o "$T/chronic.csv"
head -n 200 "$T/chronic.csv" > $C/score/seed-sessions.csv
cat > $C/score/seed-coded.csv <<'CSV'
session,t,infant_code,caregiver_code,phase,matched,infant_arousal
m1,0,positive,positive,play,1,0.2
m1,1.5,protest,positive,play,0,0.6
m1,2.25,withdrawn,soothe,play,0,0.7
m1,4,monitor,soothe,still,1,0.4
m1,5,positive,positive,still,1,0.3
m2,0,monitor,positive,play,0,
m2,1,positive,positive,play,1,
CSV
printf '\357\273\277t,infant_code,caregiver_code\r\n0,positive,positive\r\n1,"protest",positive\r\n2.5,positive,positive\r\n' \
  > $C/score/seed-bom-crlf.csv

# match: the shipped tables.
for f in data/match/*.csv; do
  cp "$f" $C/match/seed-$(basename "$f")
done

# compare: small batch results, one row per run and with sessions.
$A batch scenarios/compare-policies.ini --set batch.replicates=3 --set phase.warmup.duration=20 \
  --set phase.test.duration=40 -q -o "$T/policies.csv"
cp "$T/policies.csv" $C/compare/seed-policies.csv
$A batch scenarios/sweep-wait-time.ini --set batch.replicates=2 --set scenario.duration=30 \
  -q -o "$T/sweep.csv"
cp "$T/sweep.csv" $C/compare/seed-sweep.csv
$A batch fuzz/resume/sessions.ini -q -o "$T/sessions.csv"
cp "$T/sessions.csv" $C/compare/seed-sessions.csv

# merge: shards joined by NUL bytes (the harness splits there).
for e in policies:scenarios/compare-policies.ini sessions:fuzz/resume/sessions.ini; do
  name=${e%%:*}; exp=${e#*:}
  set -- --set batch.replicates=2
  [ $name = sessions ] && set --
  for i in 1 2 3; do
    $A batch "$exp" "$@" --set phase.test.duration=20 --shard $i/3 -q -o "$T/$name-$i.csv" \
      2>/dev/null || $A batch "$exp" "$@" --shard $i/3 -q -o "$T/$name-$i.csv"
  done
  { cat "$T/$name-2.csv"; printf '\0'; cat "$T/$name-1.csv"; printf '\0'; cat "$T/$name-3.csv"; } \
    > $C/merge/seed-$name.bin
  { cat "$T/$name-1.csv"; printf '\0'; head -n 2 "$T/$name-2.csv"; tail -n +3 "$T/$name-2.csv" | head -c 50; } \
    > $C/merge/seed-$name-cut.bin
done

# resume: selector byte (bit 0: sessions.ini, bit 1: the finished file),
# then a whole results file or one cut short.
$A batch fuzz/resume/rows.ini -q -o "$T/rows.csv"
for e in rows:0 sessions:1; do
  name=${e%%:*}; bit=${e#*:}
  f="$T/$name.csv"
  { printf "\\00$((bit + 2))"; cat "$f"; } > $C/resume/seed-$name-finished.bin
  { printf "\\00$bit"; cat "$f"; } > $C/resume/seed-$name-part-whole.bin
  { printf "\\00$bit"; head -n 3 "$f"; } > $C/resume/seed-$name-part-lines.bin
  { printf "\\00$bit"; head -c $(( $(wc -c < "$f") / 2 )) "$f"; } > $C/resume/seed-$name-part-cut.bin
  { printf "\\00$bit"; head -n 1 "$f"; } > $C/resume/seed-$name-part-header.bin
done

for t in scenario score match compare merge resume; do
  echo "fuzz/corpus/$t: $(ls $C/$t | wc -l) inputs"
done
