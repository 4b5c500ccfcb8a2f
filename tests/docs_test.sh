#!/bin/sh
# Runs every attune command that README.md, docs/*.md and data/*/README.md
# show, as written: each line of a ```sh block that begins with
# `build/attune ` or `attune ` (other lines, such as make or mpirun, are
# left alone; a line ending in '\' continues on the next).  The commands of
# one file run in order, through sh (globs work), in one temporary folder
# holding build/, scenarios/ and data/ (links to the source tree) and with
# the program first on PATH as `attune`.  A command fails the test with
# FILE:LINE when it exits non-zero.
#
# A ```text block shows what the last command before it prints: each of its
# lines (but '...') must be a whole line of that command's standard output
# or error, or the test fails with FILE:LINE.
#
# A ```r block runs whole, with Rscript, and a ```python block with a
# python3 that has pandas, in the same folder after the commands above it,
# so the examples of docs/ANALYSIS.md read the files those commands wrote
# (and may stopifnot / assert that R agrees with attune).  A ```text block
# after one checks its output as above.  Without R (or pandas) such blocks
# are skipped and counted as skipped, not failed: `make analysis-check`
# installs both and runs them.
#
# Usage: sh tests/docs_test.sh [DOC...]   (default: all of them; DOC relative
# to the source tree; BUILD=build-san for another build folder)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
if [ ! -x "$src/$build/attune" ]; then
  echo "docs_test: $src/$build/attune is missing: build it first (make)" >&2
  exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/attune-docs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
tab=$(printf '\t')
failed=0
commands=0
quoted=0
scripts=0
skipped=0
# R with survival and lme4, and a python3 with pandas, if installed.
# DOCS_TEST_NO_SCRIPTS=1 skips them as a machine without R or pandas would.
rscript=
if [ -z "${DOCS_TEST_NO_SCRIPTS:-}" ] && command -v Rscript >/dev/null 2>&1 &&
   Rscript -e 'library(survival); library(lme4)' >/dev/null 2>&1; then
  rscript=Rscript
fi
pandas_python=
[ -n "${DOCS_TEST_NO_SCRIPTS:-}" ] ||
for py in python3 /usr/bin/python3; do
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import pandas' >/dev/null 2>&1; then
    pandas_python=$(command -v "$py"); break
  fi
done
[ $# -gt 0 ] || set -- README.md docs/*.md data/*/README.md
cd "$src" || exit 1
for doc in "$@"; do
  if [ ! -f "$src/$doc" ]; then
    case $doc in *'*'*) continue ;; esac   # a glob that matched nothing
    echo "docs_test: $doc: no such file"; exit 1
  fi
  dir=$tmp/$(printf '%s' "$doc" | tr '/' '_')
  mkdir -p "$dir/bin" || exit 1
  ln -s "$src/$build" "$dir/build"
  ln -s "$src/scenarios" "$dir/scenarios"
  ln -s "$src/data" "$dir/data"
  ln -s "$src/$build/attune" "$dir/bin/attune"
  # The plan: CMD<TAB>LINE<TAB>command and OUT<TAB>LINE<TAB>quoted line.
  awk -v tab="$tab" -v dir="$dir" '
    /^```/ {
      if (!inside) {
        inside = 1; block = substr($0, 4)
        if (block == "r" || block == "python") {
          nscript++; script = dir "/.script" nscript; at = NR + 1
          printf "" > script
        }
        next
      }
      if (block == "r" || block == "python") {
        close(script); print toupper(block) tab at tab script
      }
      inside = 0; block = ""; next
    }
    block == "r" || block == "python" { print > script; next }
    block == "sh" {
      if (pending != "") {
        line = $0
        cont = sub(/\\$/, "", line)
        pending = pending " " line
        if (!cont) { print "CMD" tab at tab pending; pending = "" }
        next
      }
      if ($0 ~ /^(build\/attune|attune) /) {
        line = $0
        at = NR
        if (sub(/\\$/, "", line)) { pending = line; next }
        print "CMD" tab NR tab line
      }
      next
    }
    block == "text" {
      t = $0
      sub(/[ \t]+$/, "", t)
      if (t ~ /^[ \t]*\.\.\.$/ || t == "") next
      print "OUT" tab NR tab t
    }
  ' "$src/$doc" > "$dir/.plan" || exit 1
  have_output=0
  while IFS="$tab" read -r kind line text; do
    case $kind in
      CMD)
        commands=$((commands + 1))
        if (cd "$dir" && PATH="$dir/bin:$PATH" sh -c "$text") > "$dir/.out" 2>&1 < /dev/null; then
          have_output=1
        else
          status=$?
          echo "$doc:$line: exit status $status: $text"
          sed 's/^/    /' "$dir/.out" | tail -n 5
          failed=$((failed + 1))
          have_output=0
        fi
        ;;
      R|PYTHON)
        if [ "$kind" = R ]; then runner=$rscript; else runner=$pandas_python; fi
        if [ -z "$runner" ]; then
          skipped=$((skipped + 1)); have_output=skipped; continue
        fi
        scripts=$((scripts + 1))
        if (cd "$dir" && PATH="$dir/bin:$PATH" "$runner" "$text") > "$dir/.out" 2>&1 < /dev/null; then
          have_output=1
        else
          status=$?
          echo "$doc:$line: the $kind block failed (exit status $status)"
          sed 's/^/    /' "$dir/.out" | tail -n 8
          failed=$((failed + 1))
          have_output=0
        fi
        ;;
      OUT)
        quoted=$((quoted + 1))
        if [ "$have_output" = skipped ]; then
          continue   # the output of a skipped R or python block
        elif [ "$have_output" = 0 ]; then
          echo "$doc:$line: a quoted output line with no command that ran before it: $text"
          failed=$((failed + 1))
        elif ! sed 's/[ 	]*$//' "$dir/.out" | grep -qxF -e "$text"; then
          echo "$doc:$line: not printed by the command above it: $text"
          failed=$((failed + 1))
        fi
        ;;
    esac
  done < "$dir/.plan"
done
if [ "$skipped" -gt 0 ]; then
  if [ -n "${DOCS_TEST_NO_SCRIPTS:-}" ]; then
    echo "docs_test: $skipped R or python blocks skipped (DOCS_TEST_NO_SCRIPTS), as without R or pandas"
  else
    echo "docs_test: $skipped R or python blocks skipped: R (survival, lme4) or pandas is not installed (make analysis-check installs them)"
  fi
fi
if [ "$failed" -gt 0 ]; then
  echo "docs_test: $failed failures in $commands commands, $scripts R/python blocks and $quoted quoted output lines"
  exit 1
fi
echo "docs_test: $commands commands, $scripts R/python blocks and $quoted quoted output lines of the docs, all as shown"
