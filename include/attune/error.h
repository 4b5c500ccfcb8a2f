/* Error codes and the error message buffer every fallible call fills in. */
#ifndef ATT_ERROR_H
#define ATT_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes. 0 is success; the program maps ATT_EINPUT to exit status 2
 * (the user's input is wrong) and everything else to exit status 1. */
enum {
    ATT_OK = 0,
    ATT_EINPUT = 2,  /* bad scenario, CSV, flag or value */
    ATT_EIO = 3,     /* a file could not be read or written */
    ATT_ENOMEM = 4,  /* out of memory */
    ATT_EINTERNAL = 5
};

/* The one error channel of the public API.  Every function that can fail
 * takes an `att_error *err` as its last parameter (NULL is accepted: the
 * message is then dropped) and fills it when it fails: constructors return
 * NULL (ATT_ENOMEM through att_error_nomem, ATT_EINPUT for a bad argument),
 * other functions return the ATT_* code.  Look-ups whose "not found" is an
 * answer rather than a failure (att_policy_find, att_param_find,
 * att_infant_preset_find, att_format_parse, att_partner_parse,
 * att_scenario_value, att_match_table_*_index, att_validate_phase, and the
 * `_at(i)` / by-index accessors past the end) return NULL or -1 without an
 * att_error; their headers say "not an error".  Number parsers whose
 * result says what is wrong with the text (att_parse_double's negative
 * ATT_NUM_* codes, which att_number_problem words for the caller's message)
 * are answers too: the caller, who knows the file and line, makes the
 * att_error.  Text formatters into a
 * caller's buffer of size `cap` truncate, as documented at each.
 *
 * A message ready to print, conventionally "FILE:LINE: what is wrong". */
typedef struct att_error {
    int code;
    char msg[512];
} att_error;

/* Formats the message into `err` (which may be NULL) and returns `code`,
 * so callers can write `return att_error_set(err, ATT_EINPUT, ...)`. */
int att_error_set(att_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The one out-of-memory error: sets `err` (may be NULL) to ATT_ENOMEM,
 * "out of memory", and returns ATT_ENOMEM. */
int att_error_nomem(att_error *err);

/* Clears `err` (may be NULL). */
void att_error_clear(att_error *err);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
