/* Streaming CSV rows: libcsv underneath, with line numbers for messages.
 *
 * Every CSV attune reads (match tables, traces, observed coding, batch
 * results) goes through here, so they all accept the same dialect: RFC 4180
 * quoting, LF, CRLF or CR line ends, an optional UTF-8 byte order mark,
 * blank lines skipped, and a separator that is a comma, a semicolon or a tab
 * (the one the header uses most, or the one the caller names).  What is not
 * CSV text gets a message saying what it is: a UTF-16 or UTF-32 file (a byte
 * order mark FF FE or FE FF, or NUL bytes) is to be saved as UTF-8.  Nothing
 * is kept beyond the current row, and a row may be at most
 * ATT_CSV_MAX_ROW bytes (ATT_CSV_MAX_RESULTS_ROW for batch results), so a
 * file without line ends cannot use up memory. */
#ifndef ATT_CSVREAD_H
#define ATT_CSVREAD_H

#include <stddef.h>
#include <stdio.h>
#include "attune/error.h"

/* Internal to the library: hidden in libattune.so (tests/install_test.sh). */
#pragma GCC visibility push(hidden)

/* The longest row (a line, or several when a quoted field holds line
 * breaks) in bytes, its line end included: 1 MiB. */
#define ATT_CSV_MAX_ROW (1L << 20)

/* The longest row of a batch results file (ATT_CSV_RESULTS): 256 MiB.  A
 * long run's row lists every rupture's latency (a 1e6-s run of play: 0.7 MB
 * at the defaults of session 19, 1.7 MB before),
 * so results rows get a larger bound; attune batch refuses to write a line
 * longer than this, so every row it writes can be read back (compare, merge,
 * batch --resume). */
#define ATT_CSV_MAX_RESULTS_ROW (1L << 28)

/* One row.  Fields are NUL-terminated and valid only during the callback. */
typedef struct att_csv_row {
    long line;                  /* line the row starts on, 1-based */
    int n;                      /* number of fields */
    const char *const *field;
    const size_t *len;
} att_csv_row;

/* Called for every non-blank row, the header included.  Returns ATT_OK to go
 * on; any other code stops the reading, and the callback must have filled
 * `err` (conventionally "PATH:LINE: problem"). */
typedef int (*att_csv_row_fn)(const att_csv_row *row, void *user, att_error *err);

/* Finds a header's columns by name: col[c] is the index of the field equal
 * to names[c] (n names), or -1 when the header has none.  Returns -1, or
 * the index c of a name that appears twice (col is then partly filled):
 * the caller words the message, naming its file and line. */
int att_csv_find_columns(const att_csv_row *header, const char *const *names, int n, int *col);

enum {
    /* The last row must end with a line end: a file cut short mid-write is an
     * error rather than a silently shorter last row. */
    ATT_CSV_REQUIRE_EOL = 1,
    /* A batch results file: rows may be up to ATT_CSV_MAX_RESULTS_ROW bytes
     * rather than ATT_CSV_MAX_ROW. */
    ATT_CSV_RESULTS = 2
};

/* The separator, in bits 8-15 of `flags`: ATT_CSV_DELIMITER(';').  Without
 * one (0) it is found from the first non-blank line, the header: the one of
 * ',', ';' and TAB that occurs there most often outside quotes (a comma when
 * none does, or on a tie). */
#define ATT_CSV_DELIMITER(c) (((int)(unsigned char)(c)) << 8)
#define ATT_CSV_DELIMITER_OF(flags) ((char)(((flags) >> 8) & 0xff))

/* Parses a --delimiter value: ",", ";", "tab" (or a TAB character),
 * "comma", "semicolon".  Returns the character, or 0 for anything else. */
char att_csv_delimiter_parse(const char *name);

/* Reads `fp` to its end, calling `fn` per row.  `path` names the file in
 * messages.  Fails with "PATH:LINE: ..." (ATT_EINPUT) on malformed quoting,
 * an unterminated quoted field, a row longer than ATT_CSV_MAX_ROW (with
 * ATT_CSV_RESULTS: ATT_CSV_MAX_RESULTS_ROW), a UTF-16
 * or UTF-32 byte order mark or a NUL byte, or (with ATT_CSV_REQUIRE_EOL) a
 * last row without a line end; ATT_EIO on a read error; or with whatever
 * `fn` returned.  Returns ATT_OK at the end of the file. */
int att_csv_read(FILE *fp, const char *path, int flags, att_csv_row_fn fn, void *user,
                 att_error *err);

/* Opens `path` for reading ("-": standard input, which the caller must not
 * close).  NULL with ATT_EINPUT in `err` ("PATH: cannot read: ..." or
 * "PATH: is a folder, not a file") when it cannot be opened or is a
 * folder. */
FILE *att_csv_open(const char *path, att_error *err);
/* The same for any input file (a scenario, a match table, a scheme, a
 * results shard), "-" being a file of that name: every reader says alike
 * that it cannot read a file. */
FILE *att_file_open(const char *path, att_error *err);

/* What is wrong with text that starts with the `n` bytes at `head`, for
 * files that must be UTF-8 text: a sentence such as "is UTF-16 (byte order
 * mark FF FE): save it as UTF-8", or NULL when nothing is seen. */
const char *att_text_encoding_problem(const void *head, size_t n);

#pragma GCC visibility pop

#endif
