#!/bin/sh
# The layer check (docs/ARCHITECTURE.md): every source includes only headers
# of its own layer or of layers below it, and no library file exits, aborts
# or prints.  The layer order is the Makefile's LAYERS, passed as arguments,
# lowest first; the program (cli/) sits on top of them all.
#
#   sh tests/layers.sh base stats models analysis sim batch validate
#
# A public header include/attune/NAME.h belongs to the layer whose folder has
# NAME.c or NAME_*.c; an internal header is named by its folder
# ("base/csvread.h").  With LAYERS_OBJ=DIR set, the library's objects in
# DIR/LAYER/*.o are also read with nm for calls to exit, abort, printf,
# getenv and the like, and for stderr (assert's __assert_fail is allowed).
# Exit status 1 lists every violation.
set -u
[ $# -gt 0 ] || { echo "usage: sh tests/layers.sh LAYER..." >&2; exit 2; }
cd "$(dirname "$0")/.." || exit 2
ORDER="$* cli"
LIBRARY="$*"

# rank LAYER: its position in ORDER (1 = lowest), or nothing.
rank() { i=1; for l in $ORDER; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; }

# owner HEADER: the layer a header belongs to, from how it is included.
owner() {
    case $1 in
    attune/attune.h) echo cli ;;   # the umbrella: everything, for users only
    attune/*.h)
        n=$(basename "$1" .h)
        for l in $ORDER; do
            if [ -f "$l/$n.c" ] || ls "$l/${n}_"*.c >/dev/null 2>&1; then echo "$l"; return; fi
        done ;;
    */*.h) d=${1%%/*}; [ -n "$(rank "$d")" ] && echo "$d" ;;
    esac
}

bad=0
checked=0
report() { echo "layers: $*" >&2; bad=$((bad + 1)); }

# Every file with its layer: the layer folders, and the public headers.
list() {
    for l in $ORDER; do
        for f in "$l"/*.c "$l"/*.h; do [ -f "$f" ] && echo "$l $f"; done
    done
    for f in include/attune/*.h; do
        [ "$f" = include/attune/attune.h ] && continue
        o=$(owner "attune/$(basename "$f")")
        if [ -z "$o" ]; then report "$f: no layer has $(basename "$f" .h).c: name it after its module"
        else echo "$o $f"; fi
    done
}

list > "${TMPDIR:-/tmp}/layers.$$"
while read -r layer file; do
    mine=$(rank "$layer")
    # "quoted" includes, and <bracketed> ones naming attune/ or a layer
    # folder (system headers are not the check's business).
    for inc in $(sed -n -e 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' \
                        -e 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/<\1/p' "$file"); do
        case $inc in
        \<*) inc=${inc#<}; d=${inc%%/*}
             [ "$d" != "$inc" ] && { [ "$d" = attune ] || [ -n "$(rank "$d")" ]; } || continue ;;
        esac
        checked=$((checked + 1))
        o=$(owner "$inc")
        if [ -z "$o" ]; then
            report "$file: #include \"$inc\": not a layer's header (use \"attune/NAME.h\" or \"LAYER/NAME.h\")"
        elif [ "$(rank "$o")" -gt "$mine" ]; then
            report "$file ($layer): includes \"$inc\" of the higher layer $o"
        fi
    done
done < "${TMPDIR:-/tmp}/layers.$$"
rm -f "${TMPDIR:-/tmp}/layers.$$"

# Library code (comments removed by the preprocessor, strings left) must
# hand errors back: no exit, abort or printing (printf, puts, perror, anything
# to stderr).  stdout itself is allowed: it is the file "-" names (outfile.c).
# The sources (and headers, for macros and inline functions) are read here;
# with LAYERS_OBJ=BUILD_DIR the compiled objects are read too (nm), which
# catches what the text hides (a macro, a call made through another name).
FORBIDDEN='exit|_exit|_Exit|quick_exit|abort|printf|vprintf|__printf_chk|__vprintf_chk|puts|putchar|perror|err|errx|verr|verrx|warn|warnx|vwarn|vwarnx|getenv|secure_getenv|system|write'
for l in $LIBRARY include/attune; do
    for f in "$l"/*.c "$l"/*.h; do
        [ -f "$f" ] || continue
        gcc -fpreprocessed -dD -E -P -x c "$f" 2>/dev/null \
            | grep -n -E "\\b($FORBIDDEN)[[:space:]]*\\(|\\bstderr\\b" \
            | while IFS= read -r hit; do echo "$f: calls or prints: $hit"; done
    done
    if [ -n "${LAYERS_OBJ:-}" ] && [ "$l" != include/attune ]; then
        for c in "$l"/*.c; do
            o="$LAYERS_OBJ/${c%.c}.o"   # the objects of today's sources only
            [ -f "$o" ] || continue
            nm -u "$o" | awk '{ print $NF }' | sed 's/@.*//' \
                | grep -x -E "($FORBIDDEN|stderr)" \
                | while IFS= read -r sym; do echo "$o: uses $sym"; done
        done
    fi
done > "${TMPDIR:-/tmp}/layers.$$"
if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then
    sed 's/^/layers: /' "${TMPDIR:-/tmp}/layers.$$" >&2
    bad=$((bad + $(wc -l < "${TMPDIR:-/tmp}/layers.$$")))
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"

if [ "$bad" -gt 0 ]; then
    echo "layers: $bad violations (order, lowest first: $ORDER)" >&2
    exit 1
fi
echo "layers: $checked includes checked, all point down ($(echo "$ORDER" | sed 's/ / < /g')); no library file${LAYERS_OBJ:+ or object} exits, aborts, prints or reads the environment"
