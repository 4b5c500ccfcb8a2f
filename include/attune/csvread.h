/* Streaming CSV rows: libcsv underneath, with line numbers for messages.
 *
 * Every CSV attune reads (match tables, traces, observed coding) goes
 * through here, so they all accept the same dialect: RFC 4180 quoting, LF,
 * CRLF or CR line ends, an optional UTF-8 byte order mark, blank lines
 * skipped.  Nothing is kept beyond the current row. */
#ifndef ATT_CSVREAD_H
#define ATT_CSVREAD_H

#include <stddef.h>
#include <stdio.h>
#include "attune/error.h"

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

enum {
    /* The last row must end with a line end: a file cut short mid-write is an
     * error rather than a silently shorter last row. */
    ATT_CSV_REQUIRE_EOL = 1
};

/* Reads `fp` to its end, calling `fn` per row.  `path` names the file in
 * messages.  Fails with "PATH:LINE: ..." (ATT_EINPUT) on malformed quoting,
 * an unterminated quoted field, or (with ATT_CSV_REQUIRE_EOL) a last row
 * without a line end; ATT_EIO on a read error; or with whatever `fn`
 * returned.  Returns ATT_OK at the end of the file. */
int att_csv_read(FILE *fp, const char *path, int flags, att_csv_row_fn fn, void *user,
                 att_error *err);

#endif
