#!/bin/sh
# Byte-identity of everything the program prints, for changes that must not
# change a number (re-shelving, refactoring): hashes the golden trace, every
# shipped scenario's trace, summary, events and scores, every shipped
# experiment's results and compare tables, the examples' scores, contingency
# and SDIS export, and `validate --quick`.
#
#   sh tests/identity.sh [BIN]            compare with tests/data/identity.sha256
#   sh tests/identity.sh [BIN] --record   rewrite tests/data/identity.sha256
#
# BIN defaults to build/attune.  Exit status 1 names every output that differs.
set -u
BIN=${1:-build/attune}
MODE=${2:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REF="$ROOT/tests/data/identity.sha256"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
cd "$ROOT" || exit 2
[ -x "$BIN" ] || { echo "identity.sh: $BIN: no such program (run make first)" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
# Outputs name their files: run everything in one folder with the same
# relative names whichever checkout or temporary folder this is.
mkdir "$TMP/w" "$TMP/w/scenarios" "$TMP/w/examples"
cp scenarios/*.ini "$TMP/w/scenarios/"
cp tests/data/golden.ini "$TMP/w/"
cp data/examples/*.csv "$TMP/w/examples/"
cd "$TMP/w" || exit 2

OUT="$TMP/now.sha256"
: > "$OUT"
failed=
# hash NAME: hashes standard input under NAME.
hash() { printf '%s  %s\n' "$(sha256sum | cut -d' ' -f1)" "$1" >> "$OUT"; }
# out NAME CMD...: runs CMD and hashes its standard output under NAME; an
# exit status other than 0 is a difference too.
out() {
    name=$1; shift
    "$@" > "$TMP/stdout" 2> "$TMP/stderr"
    st=$?
    [ "$st" -eq 0 ] || failed="$failed $name (exit status $st: $(head -c 200 "$TMP/stderr"))"
    hash "$name" < "$TMP/stdout"
}

out golden.csv "$BIN" run golden.ini -q
for s in scenarios/*.ini; do
    n=$(basename "$s" .ini)
    if grep -q '^\[condition' "$s" || grep -q '^\[batch\]' "$s"; then
        out "$n.batch-stdout" "$BIN" batch "$s" -q -j 2 -o "$n.csv"
        hash "$n.results.csv" < "$n.csv"
        out "$n.compare.csv" "$BIN" compare "$n.csv"
        out "$n.compare.txt" "$BIN" compare "$n.csv" --format table
    else
        "$BIN" run "$s" -o "$n.csv" --meta meta.json 2> "$n.summary" \
            || failed="$failed $n.trace.csv (exit status $?)"
        hash "$n.trace.csv" < "$n.csv"
        hash "$n.summary.txt" < "$n.summary"
        out "$n.events.txt" "$BIN" run "$s" -q --events -o ev.csv
        out "$n.score.csv" "$BIN" score "$n.csv"
        out "$n.score.json" "$BIN" score "$n.csv" --format json
        out "$n.score.txt" "$BIN" score "$n.csv" --format table
    fi
done
EX="examples/mother-a.csv examples/mother-b.csv"
# shellcheck disable=SC2086
{
    out examples.score.csv "$BIN" score $EX
    out examples.contingency.txt "$BIN" contingency $EX --given caregiver:positive \
        --target infant:positive --window 2
    out examples.sdis "$BIN" export --sdis $EX
}
out validate-quick.csv "$BIN" validate --quick --format csv
out validate-quick.txt "$BIN" validate --quick --format table
out keys.txt "$BIN" keys

if [ -n "$failed" ]; then
    echo "identity.sh: commands failed:$failed" >&2
    exit 1
fi
if [ "$MODE" = --record ]; then
    cp "$OUT" "$REF"
    echo "identity.sh: recorded $(wc -l < "$REF") hashes in tests/data/identity.sha256"
    exit 0
fi
if diff "$REF" "$OUT" > "$TMP/diff"; then
    echo "identity.sh: $(wc -l < "$OUT") outputs byte-identical to tests/data/identity.sha256"
    exit 0
fi
echo "identity.sh: outputs differ from tests/data/identity.sha256:" >&2
grep '^>' "$TMP/diff" | sed 's/^> [0-9a-f]*  /  /' >&2
exit 1
