#!/bin/sh
# Installs attune into a staging folder with PREFIX=/usr and uninstalls it:
# everything `make install` copies must be there (the public headers and no
# internal one, libattune.a, libattune.so with its soname links, attune.pc),
# and nothing of it after.  In between, every installed header compiles
# alone against the installed headers only (tests/headers.sh), and a small
# C program and a C++ one, built with `pkg-config --cflags --libs attune`,
# link and run against libattune.a and against libattune.so.
# Builds in build/install-test/ so the normal build keeps its PREFIX.
set -eu
cd "$(dirname "$0")/.."
make=${MAKE:-make}
# Run as a fresh make: no SAN=1 or other flags inherited from `make check`
# (make puts its command line's variables in MAKEFLAGS and the environment).
# The install is a release build, as a user makes it.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES SAN MPI 2>/dev/null || true

stage=$(mktemp -d "${TMPDIR:-/tmp}/attune-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
prefix=/usr
root=$stage$prefix
args="DESTDIR=$stage PREFIX=$prefix BUILD=build/install-test"
jobs=$(nproc 2>/dev/null || echo 2)

fail() { echo "install test: FAILED: $*" >&2; exit 1; }

$make -s --no-print-directory -j"$jobs" install $args >/dev/null

# What must be there.
so=lib/libattune.so.$(sed -n 's/^VERSION *:= *//p' Makefile)
soname=lib/libattune.so.$(sed -n 's/^SOVERSION *:= *//p' Makefile)
expect="bin/attune lib/libattune.a $so lib/pkgconfig/attune.pc"
for f in include/attune/*.h data/match/*.csv data/schemes/*.csv data/examples/*.csv data/examples/*.txt scenarios/*.ini web/* README.md docs/*.md; do
  [ -e "$f" ] || continue
  case $f in
    include/*)  expect="$expect $f" ;;
    data/match/*) expect="$expect share/attune/match/${f##*/}" ;;
    data/schemes/*) expect="$expect share/attune/schemes/${f##*/}" ;;
    data/examples/*) expect="$expect share/attune/examples/${f##*/}" ;;
    scenarios/*)  expect="$expect share/attune/scenarios/${f##*/}" ;;
    web/*)        expect="$expect share/attune/web/${f##*/}" ;;
    *.md)         expect="$expect share/doc/attune/${f##*/}" ;;
  esac
done
for f in $expect; do
  [ -f "$root/$f" ] || fail "make install did not put $prefix/$f"
done
[ -x "$root/bin/attune" ] || fail "$prefix/bin/attune is not executable"
[ -f "$root/share/attune/match/attuned.csv" ] || fail "no attuned match table installed"
[ -f "$root/share/attune/schemes/icep.csv" ] || fail "no icep code scheme installed"
[ -L "$root/$soname" ] && [ "$(readlink "$root/$soname")" = "${so#lib/}" ] \
  || fail "$prefix/$soname is not a link to ${so#lib/}"
[ -L "$root/lib/libattune.so" ] && [ -f "$root/lib/libattune.so" ] \
  || fail "$prefix/lib/libattune.so is not a link to the shared library"
readelf -d "$root/$so" | grep -q "SONAME.*\[${soname#lib/}\]" \
  || fail "$prefix/$so has no soname ${soname#lib/}"
[ ! -e "$root/include/attune/csvread.h" ] && [ ! -e "$root/include/base" ] \
  || fail "an internal header was installed"
# The shared library exports the public API only: every symbol it defines is
# declared in an installed header (internal headers hide theirs).
for sym in $(nm -D --defined-only "$root/$so" | awk '$2 ~ /^[TDBR]$/ { print $3 }'); do
  grep -q -w "$sym" "$root"/include/attune/*.h \
    || fail "$prefix/$so exports $sym, which no installed header declares"
done
# The program looks for data under the PREFIX it was built for (and passes
# that search path to the library, which reads no environment).
grep -a -q -F "$prefix/share/attune" "$root/bin/attune" \
  || fail "attune was not built with PREFIX=$prefix"
n=$(find "$stage" -type f | wc -l)
[ "$n" -eq "$(echo $expect | wc -w)" ] \
  || fail "make install wrote $n files, expected $(echo $expect | wc -w): $(find "$stage" -type f)"

# Build against the staged install as a user would against /usr.
export PKG_CONFIG_PATH="$root/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage"
pc_cflags=$(pkg-config --cflags attune) || fail "pkg-config does not find attune.pc"
pc_libs=$(pkg-config --libs attune)
pc_static=$(pkg-config --static --libs attune)
case $pc_static in *-lcsv*-pthread*|*-pthread*-lcsv*) ;; *) fail "attune.pc: no -lcsv/-pthread for static links: $pc_static" ;; esac
CPPFLAGS=$pc_cflags sh tests/headers.sh "$root/include" >/dev/null \
  || fail "an installed header does not compile against the installed headers alone"

cat > "$stage/use.c" <<'PROG'
#include <stdio.h>
#include <attune/attune.h>
int main(void)
{
    att_init();
    att_tally *t = att_tally_new(NULL);
    if (!t)
        return 1;
    att_tally_free(t);
    att_tally_free(NULL);
    /* t = 0 gives p = 1; a GSL error (df subnormal) gives a value, not an abort. */
    printf("%g %g\n", att_t_pvalue(0.0, 3.0), att_t_pvalue(1e-300, 1e-310));
    return 0;
}
PROG
cc=${CC:-cc}
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra -Werror -pedantic $pc_cflags -o "$stage/use_shared" "$stage/use.c" $pc_libs \
  || fail "a program does not build with pkg-config --cflags --libs attune"
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra -Werror -pedantic $pc_cflags -o "$stage/use_static" "$stage/use.c" \
  $(echo "$pc_static" | sed 's/-lattune/-Wl,-Bstatic -lattune -Wl,-Bdynamic/') \
  || fail "a program does not build against libattune.a with pkg-config --static --libs attune"
readelf -d "$stage/use_shared" | grep -q "NEEDED.*\[${soname#lib/}\]" \
  || fail "the shared build does not load ${soname#lib/}"
! readelf -d "$stage/use_static" | grep -q "NEEDED.*libattune" \
  || fail "the static build loads libattune.so"
# the build's link-time bytecode (GCC's LTO sections) is not installed: it
# binds to one GCC version, the machine code beside it to none
! objdump -h "$root/lib/libattune.a" | grep -q '\.gnu\.\(debug\)\?lto_' \
  || fail "the installed libattune.a carries LTO bytecode (.gnu.lto_ sections)"
out=$(LD_LIBRARY_PATH="$root/lib" "$stage/use_shared") && [ "$out" = "1 1" ] \
  || fail "the program linked with libattune.so printed '$out', not '1 1'"
out=$("$stage/use_static") && [ "$out" = "1 1" ] \
  || fail "the program linked with libattune.a printed '$out', not '1 1'"
if command -v "${CXX:-c++}" >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  "${CXX:-c++}" -Wall -Wextra -Werror $pc_cflags -x c++ -o "$stage/use_cxx" "$stage/use.c" $pc_libs \
    || fail "a C++ program does not build against libattune.so (extern \"C\")"
  out=$(LD_LIBRARY_PATH="$root/lib" "$stage/use_cxx") && [ "$out" = "1 1" ] \
    || fail "the C++ program printed '$out', not '1 1'"
fi
rm -f "$stage"/use*
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

$make -s --no-print-directory uninstall $args >/dev/null

left=$(find "$stage" -mindepth 1 \( -type f -o -type l -o -name '*attune*' \) -print)
[ -z "$left" ] || fail "left after make uninstall: $left"
echo "install test: make install and uninstall (DESTDIR, PREFIX=$prefix) OK; headers, attune.pc, libattune.a and .so usable"
