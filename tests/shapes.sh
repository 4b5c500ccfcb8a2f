#!/bin/sh
# The shape check (issue 13): no function over MAX_FN lines and no file over
# MAX_FILE lines in the library and the program.  A function is counted from
# the line that names it to its closing brace (the project's style puts a
# function's `{` and `}` alone in column 0).  Prints the longest function and
# the longest file; exit status 1 lists every function or file over.
#
#   sh tests/shapes.sh [FOLDER...]     (default: the Makefile's layers and cli)
set -u
cd "$(dirname "$0")/.." || exit 2
MAX_FN=${MAX_FN:-80}
MAX_FILE=${MAX_FILE:-800}
DIRS=${*:-base stats models analysis sim batch validate cli}

files=
for d in $DIRS; do for f in "$d"/*.c "$d"/*.h; do [ -f "$f" ] && files="$files $f"; done; done
[ -n "$files" ] || { echo "shapes: no sources in $DIRS" >&2; exit 2; }

# shellcheck disable=SC2086
awk -v max_fn="$MAX_FN" -v max_file="$MAX_FILE" '
    FNR == 1 { if (prev != "") lines[prev] = last; prev = FILENAME; name = ""; depth = 0 }
    { last = FNR }
    # a candidate signature: starts in column 0, has "(", is not a statement
    depth == 0 && /^[A-Za-z_].*\(/ && !/;[[:space:]]*$/ && !/^(typedef|struct|enum|union|static const|const)[^(]*=/ {
        sig = FNR; match($0, /[A-Za-z_][A-Za-z_0-9]*[[:space:]]*\(/);
        cand = substr($0, RSTART, RLENGTH); sub(/[[:space:]]*\($/, "", cand)
    }
    /^\{/ && depth == 0 && cand != "" { name = cand; start = sig; depth = 1; next }
    depth == 1 && /^\}/ {
        n = FNR - start + 1
        if (n > best_fn) { best_fn = n; best_name = FILENAME ":" start " " name }
        if (n > max_fn) { printf "shapes: %s:%d: %s is %d lines (over %d)\n", FILENAME, start, name, n, max_fn > "/dev/stderr"; bad++ }
        depth = 0; name = ""; cand = ""
    }
    END {
        lines[prev] = last
        for (f in lines) {
            if (lines[f] > best_file) { best_file = lines[f]; best_file_name = f }
            if (lines[f] > max_file) { printf "shapes: %s is %d lines (over %d)\n", f, lines[f], max_file > "/dev/stderr"; bad++ }
        }
        printf "shapes: longest function %s, %d lines (limit %d); longest file %s, %d lines (limit %d)\n",
               best_name, best_fn, max_fn, best_file_name, best_file, max_file
        exit bad > 0
    }' $files
