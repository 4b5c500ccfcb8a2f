#!/bin/sh
# Every public header compiles on its own, against include/ and the system
# headers only (not the source tree's internal base/*.h): as C11 with
# -Wall -Wextra -Werror, and as C++ when a C++ compiler is present.  Each
# has extern "C" guards, and attune/attune.h includes every one of them.
# Usage: sh tests/headers.sh [INCLUDE_DIR]  (default include/; the install
# test passes the installed one).  CC and CXX name the compilers; CPPFLAGS
# adds flags (the install test passes pkg-config --cflags attune).
set -eu
cd "$(dirname "$0")/.."
inc=${1:-include}
cc=${CC:-cc}
cxx=${CXX:-c++}
extra=${CPPFLAGS:-$(pkg-config --cflags gsl 2>/dev/null || true)}
command -v "$cxx" >/dev/null 2>&1 || cxx=
fail=0
n=0
for h in "$inc"/attune/*.h; do
  name=attune/${h##*/}
  n=$((n + 1))
  # shellcheck disable=SC2086
  printf '#include "%s"\n' "$name" | "$cc" -std=c11 -Wall -Wextra -Werror -pedantic \
    -Wstrict-prototypes -fsyntax-only -I"$inc" $extra -x c - \
    || { echo "headers: $name does not compile alone as C11" >&2; fail=1; }
  if [ -n "$cxx" ]; then
    # shellcheck disable=SC2086
    printf '#include "%s"\n' "$name" | "$cxx" -Wall -Wextra -Werror -fsyntax-only \
      -I"$inc" $extra -x c++ - \
      || { echo "headers: $name does not compile alone as C++" >&2; fail=1; }
  fi
  # extern "C" around the declarations, closed before the include guard's end.
  grep -q '^extern "C" {' "$h" && grep -q '^}  */\* extern "C" \*/' "$h" \
    || { echo "headers: $name has no extern \"C\" guards" >&2; fail=1; }
  [ "$name" = attune/attune.h ] && continue
  grep -q "^#include \"$name\"" "$inc/attune/attune.h" \
    || { echo "headers: attune/attune.h does not include $name" >&2; fail=1; }
done
[ "$fail" = 0 ] || exit 1
echo "headers: $n public headers compile alone as C11${cxx:+ and C++}, with extern \"C\" guards"
