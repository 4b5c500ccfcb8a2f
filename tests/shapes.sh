#!/bin/sh
# The shape check (issue 13): no function over MAX_FN lines and no file over
# MAX_FILE lines in the library, its public headers and the program.  A
# function is counted from the first line of its signature to its closing
# brace, found by brace depth (any brace style).  Prints the longest function
# and the longest file; exit status 1 lists every function or file over.
#
#   sh tests/shapes.sh FOLDER...   (make check: the Makefile's LAYERS, cli, include/attune)
set -u
cd "$(dirname "$0")/.." || exit 2
MAX_FN=${MAX_FN:-80}
MAX_FILE=${MAX_FILE:-800}
[ $# -gt 0 ] || { echo "usage: sh tests/shapes.sh FOLDER... (make check passes the layers, cli and include/attune)" >&2; exit 2; }
DIRS=$*

files=
for d in $DIRS; do for f in "$d"/*.c "$d"/*.h; do [ -f "$f" ] && files="$files $f"; done; done
[ -n "$files" ] || { echo "shapes: no sources in $DIRS" >&2; exit 2; }

# shellcheck disable=SC2086
awk -v max_fn="$MAX_FN" -v max_file="$MAX_FILE" '
    # Brace depth over the whole file, with comments, strings and character
    # literals blanked first.  A block opened at depth 0 whose preceding text
    # (since the last ";" or "}" at depth 0) ends in ")" is a function,
    # whatever the brace style; it runs from the first line of that text to
    # its closing brace.
    function flush_file() {
        if (prev == "") return
        lines[prev] = last
        if (depth != 0) { printf "shapes: %s: braces do not balance (depth %d at the end; an #if with a brace in each branch?)\n", prev, depth > "/dev/stderr"; bad++ }
    }
    FNR == 1 { flush_file(); prev = FILENAME; depth = 0; pending = ""; pstart = 0; incomment = 0; inpp = 0 }
    {
        last = FNR; line = $0; out = ""
        for (i = 1; i <= length(line); i++) {
            c = substr(line, i, 1); d = substr(line, i, 2)
            if (incomment) { if (d == "*/") { incomment = 0; i++ } continue }
            if (d == "/*") { incomment = 1; i++; continue }
            if (d == "//") break
            if (c == "\"" || c == "\047") {
                q = c; i++
                while (i <= length(line) && substr(line, i, 1) != q) { if (substr(line, i, 1) == "\\") i++; i++ }
                out = out "x"; continue
            }
            out = out c
        }
        # preprocessor lines, with their backslash continuations
        if (inpp || out ~ /^[[:space:]]*#/) { inpp = ($0 ~ /\\$/); next }
        for (i = 1; i <= length(out); i++) {
            c = substr(out, i, 1)
            if (depth == 0) {
                if (c == "{" && pending ~ /extern[[:space:]]*x[[:space:]]*$/) {
                    pending = ""; pstart = 0; continue   # extern "C" { : its body stays at depth 0
                }
                if (c == "{") {
                    t = pending; gsub(/[[:space:]]+$/, "", t)
                    if (t ~ /\)$/) {
                        fn = t; sub(/\(.*/, "", fn); n = split(fn, w, /[^A-Za-z_0-9]+/)
                        name = w[n]; while (name == "" && n > 1) name = w[--n]
                        fstart = pstart; infn = 1
                    }
                    depth = 1; pending = ""; continue
                }
                if (c == ";" || c == "}") { pending = ""; pstart = 0; continue }
                if (c !~ /[[:space:]]/ && pstart == 0) pstart = FNR
                pending = pending c
            } else if (c == "{") depth++
            else if (c == "}") {
                depth--
                if (depth == 0) {
                    if (infn) {
                        n = FNR - fstart + 1
                        if (n > best_fn) { best_fn = n; best_name = FILENAME ":" fstart " " name }
                        if (n > max_fn) { printf "shapes: %s:%d: %s is %d lines (over %d)\n", FILENAME, fstart, name, n, max_fn > "/dev/stderr"; bad++ }
                    }
                    infn = 0; pending = ""; pstart = 0
                }
            }
        }
        if (depth == 0 && pending != "") pending = pending " "
    }
    END {
        flush_file()
        for (f in lines) {
            if (lines[f] > best_file) { best_file = lines[f]; best_file_name = f }
            if (lines[f] > max_file) { printf "shapes: %s is %d lines (over %d)\n", f, lines[f], max_file > "/dev/stderr"; bad++ }
        }
        printf "shapes: longest function %s, %d lines (limit %d); longest file %s, %d lines (limit %d)\n",
               best_name, best_fn, max_fn, best_file_name, best_file, max_file
        exit bad > 0
    }' $files
