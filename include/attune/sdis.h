/* Writing coded sessions as SDIS timed-event data, the Sequential Data
 * Interchange Standard of Bakeman and Quera read by GSEQ, so that results can
 * be checked there.  analysis/sdis.c quotes the syntax followed and its source.
 *
 * What is written:
 *   % comment lines saying how names and times are mapped
 *   Timed (i_CODE ...) (c_CODE ...);
 *   then per session (one per run):
 *   % NOTE            (when a note is given, e.g. the file the run came from)
 *   <LABEL>
 *   CODE,ONSET-OFFSET (one event per line, in onset order, infant first at ties)
 *   ,END/
 * - Code names: the match table's infant codes get the prefix "i_", its
 *   caregiver codes "c_"; every character other than an ASCII letter, digit
 *   or '_' becomes '_'.  Each partner's codes form one set in parentheses:
 *   mutually exclusive and exhaustive, as a coded row has exactly one of each.
 * - An event is a stretch of consecutive rows with the same code; it lasts
 *   from the first row's t to the next code's onset (or the session's end):
 *   offsets are exclusive.
 * - Times are seconds as in the file, rounded to 1 us and written with as
 *   many decimals as they need ("12", "0.1", "3.25"), so the input's
 *   precision is kept.  END is the run's end time from att_coded_read.
 * - Labels and notes have '<', '>' and control characters replaced by '_'.
 * - No two sessions share a label (compared ignoring case, as codes are).
 * - Under a code scheme, its unscorable codes are not declared and make
 *   gaps: a row with one (either partner's) ends the session part before
 *   it at its t (",T/"), and the next scorable row opens the next part,
 *   labelled LABEL#2, LABEL#3, ... with a note saying where the gap was.
 *   A session that is all gap is written as a comment only. */
#ifndef ATT_SDIS_H
#define ATT_SDIS_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stdio.h>
#include "attune/error.h"
#include "attune/match.h"
#include "attune/scheme.h"

typedef struct att_sdis att_sdis;

/* A writer to `out` (not owned) for rows coded with table `mt` (not owned;
 * must outlive the writer), under code scheme `scheme` (NULL: none; read at
 * once, not kept; which codes are unscorable comes from
 * att_scheme_table_classes).  Writes the comments and the declaration at
 * once.  Returns NULL and fills `err` with ATT_EINPUT when two declared
 * codes become the same SDIS name (compared ignoring case) or a code of
 * `mt` is not in the scheme, or ATT_ENOMEM.  Write errors are left to the
 * caller's stream (check it with ferror or att_outfile_commit). */
att_sdis *att_sdis_new(FILE *out, const att_match_table *mt, const att_scheme *scheme,
                       att_error *err);

/* NULL does nothing.  Does not close `out`. */
void att_sdis_free(att_sdis *s);

/* The SDIS name of vocabulary index i (owned by the writer), or NULL when i
 * is out of range (not an error: the end of the list). */
const char *att_sdis_infant_code(const att_sdis *s, int i);
const char *att_sdis_caregiver_code(const att_sdis *s, int i);

/* Starts a session labelled `label`, preceded by the comment `note` (may be
 * NULL; say where the run comes from: "from FILE").  Control characters,
 * '<' and '>' are written as '_', and in the label '/' too (SDIS's end of a
 * session).  Both are written at the session's first scorable row.
 * Returns ATT_OK, or ATT_EINPUT when a session is already open or an
 * earlier session has the label (the message names both by label and
 * note), or ATT_ENOMEM. */
int att_sdis_begin_session(att_sdis *s, const char *label, const char *note, att_error *err);

/* One row of the session: its start t (s) and the codes' vocabulary indices.
 * Returns ATT_OK, or ATT_EINPUT (nothing written) when no session is open,
 * t does not increase or an index is out of range, or when the part it
 * opens after a gap has an earlier session's label; ATT_ENOMEM. */
int att_sdis_push(att_sdis *s, double t, int infant, int caregiver, att_error *err);

/* Ends the session at `t_end` (s), writing its remaining events and ",END/".
 * Returns ATT_OK, or ATT_EINPUT when no session is open, it has no rows, or
 * t_end is not after its last row's t (an event must last); ATT_ENOMEM. */
int att_sdis_end_session(att_sdis *s, double t_end, att_error *err);

/* Writes `t` (s) as SDIS writes times: rounded to 1 us, without trailing
 * zeros.  Returns `buf`. */
char *att_sdis_time(double t, char *buf, size_t cap);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
