#!/bin/sh
# Installs attune into a staging folder with PREFIX=/usr and uninstalls it:
# everything `make install` copies must be there, and nothing of it after.
# Builds in build/install-test/ so the normal build keeps its PREFIX.
set -eu
cd "$(dirname "$0")/.."
make=${MAKE:-make}
# Run as a fresh make: no SAN=1 or other flags inherited from `make check`.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES 2>/dev/null || true

stage=$(mktemp -d "${TMPDIR:-/tmp}/attune-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
prefix=/usr
root=$stage$prefix
args="DESTDIR=$stage PREFIX=$prefix BUILD=build/install-test"
jobs=$(nproc 2>/dev/null || echo 2)

fail() { echo "install test: FAILED: $*" >&2; exit 1; }

$make -s --no-print-directory -j"$jobs" install $args >/dev/null

# What must be there.
expect="bin/attune lib/libattune.a"
for f in include/attune/*.h data/match/*.csv data/examples/*.csv scenarios/*.ini README.md docs/*.md; do
  [ -e "$f" ] || continue
  case $f in
    include/*)  expect="$expect $f" ;;
    data/match/*) expect="$expect share/attune/match/${f##*/}" ;;
    data/examples/*) expect="$expect share/attune/examples/${f##*/}" ;;
    scenarios/*)  expect="$expect share/attune/scenarios/${f##*/}" ;;
    *.md)         expect="$expect share/doc/attune/${f##*/}" ;;
  esac
done
for f in $expect; do
  [ -f "$root/$f" ] || fail "make install did not put $prefix/$f"
done
[ -x "$root/bin/attune" ] || fail "$prefix/bin/attune is not executable"
[ -f "$root/share/attune/match/attuned.csv" ] || fail "no attuned match table installed"
# The program looks for data under the PREFIX it was built for (and passes
# that search path to the library, which reads no environment).
grep -a -q -F "$prefix/share/attune" "$root/bin/attune" \
  || fail "attune was not built with PREFIX=$prefix"
n=$(find "$stage" -type f | wc -l)
[ "$n" -eq "$(echo $expect | wc -w)" ] \
  || fail "make install wrote $n files, expected $(echo $expect | wc -w): $(find "$stage" -type f)"

$make -s --no-print-directory uninstall $args >/dev/null

left=$(find "$stage" -mindepth 1 \( -type f -o -type l -o -name '*attune*' \) -print)
[ -z "$left" ] || fail "left after make uninstall: $left"
echo "install test: make install and uninstall (DESTDIR, PREFIX=$prefix) OK"
