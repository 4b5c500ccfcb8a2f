/* The importers (analysis/import*.c): the shipped BORIS and ELAN examples
 * on a grid, with the codes at chosen times worked out by hand from the
 * examples' events (data/examples/README.md); the mapping file; and each
 * kind of bad input reported as FILE:LINE with nothing written. */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attune/import.h"

enum { BORIS, ELAN };

/* Imports `path` with `map` (a path), writing into memory; returns the
 * text (free it) or NULL with err filled. */
static char *import_path(int kind, const char *path, const char *map_path, double step,
                         const char *fill, att_error *err)
{
    att_import_map *map = att_import_map_load(map_path, err);
    if (!map)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(out);
    att_import_opts o = { step, fill, 0, NULL };
    int rc = kind == BORIS ? att_import_boris(path, map, &o, out, err)
                           : att_import_elan(path, map, &o, out, err);
    fclose(out);
    att_import_map_free(map);
    if (rc != ATT_OK) {
        ck_assert_uint_eq(len, 0);   /* nothing written before the file was checked */
        free(buf);
        return NULL;
    }
    return buf;
}

/* The same for texts: the export and the map in temporary files. */
static char *import_text(int kind, const char *text, const char *map, double step,
                         const char *fill, att_error *err, char *path, size_t size)
{
    char map_path[64];
    temp_file(path, size, text);
    temp_file(map_path, sizeof map_path, map);
    char *r = import_path(kind, path, map_path, step, fill, err);
    unlink(path);
    unlink(map_path);
    return r;
}

/* Fails unless the import fails with ATT_EINPUT and "PATH:LINE: ...WORD". */
static void expect_bad(int kind, const char *text, const char *map, long line, const char *word)
{
    char path[64], want[96];
    att_error err = { 0 };
    char *r = import_text(kind, text, map, 1, NULL, &err, path, sizeof path);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    snprintf(want, sizeof want, "%s:%ld: ", path, line);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "'%s' does not start '%s'", err.msg, want);
    ck_assert_msg(strstr(err.msg, word), "'%s' lacks '%s'", err.msg, word);
}

/* ---- the shipped examples ---- */

START_TEST(boris_example)
{
    att_error err = { 0 };
    char *t = import_path(BORIS, SRC("data/examples/boris-events.csv"),
                          SRC("data/examples/boris-map.csv"), 1, NULL, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    /* 0 .. 29: the media's 30 s, one row a second, after the header */
    ck_assert_int_eq(count_lines(t), 31);
    char buf[128];
    ck_assert_str_eq(first_line(t, buf, sizeof buf), "t,phase,infant_code,caregiver_code,end");
    ck_assert_str_eq(first_line(line_at(t, 1), buf, sizeof buf), "0,play,positive,positive,30");
    /* the mother intrusive from 4, the infant averting from 5 to 8 */
    ck_assert_str_eq(first_line(line_at(t, 5), buf, sizeof buf), "4,play,positive,intrusive,30");
    ck_assert_str_eq(first_line(line_at(t, 8), buf, sizeof buf), "7,play,avert,intrusive,30");
    /* intrusive stops at 9.52: still going on at 9, over at 10 */
    ck_assert_str_eq(first_line(line_at(t, 10), buf, sizeof buf), "9,play,positive,intrusive,30");
    ck_assert_str_eq(first_line(line_at(t, 11), buf, sizeof buf), "10,play,positive,positive,30");
    /* the still face from 12; the infant's protest from 12.48 */
    ck_assert_str_eq(first_line(line_at(t, 13), buf, sizeof buf),
                     "12,still-face,positive,still,30");
    ck_assert_str_eq(first_line(line_at(t, 14), buf, sizeof buf), "13,still-face,protest,still,30");
    ck_assert_str_eq(first_line(line_at(t, 23), buf, sizeof buf), "22,reunion,withdrawn,soothe,30");
    ck_assert_str_eq(first_line(line_at(t, 25), buf, sizeof buf), "24,reunion,monitor,soothe,30");
    ck_assert_str_eq(first_line(line_at(t, 30), buf, sizeof buf), "29,reunion,monitor,positive,30");
    free(t);
}
END_TEST

START_TEST(elan_example)
{
    att_error err = { 0 };
    char buf[128];
    char *t = import_path(ELAN, SRC("data/examples/elan-tiers.txt"),
                          SRC("data/examples/elan-map.csv"), 0.5, NULL, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_int_eq(count_lines(t), 41);   /* 0 .. 19.5 */
    ck_assert_str_eq(first_line(line_at(t, 13), buf, sizeof buf), "6,play,positive,positive,20");
    ck_assert_str_eq(first_line(line_at(t, 14), buf, sizeof buf), "6.5,play,avert,positive,20");
    ck_assert_str_eq(first_line(line_at(t, 15), buf, sizeof buf), "7,play,avert,monitor,20");
    ck_assert_str_eq(first_line(line_at(t, 21), buf, sizeof buf),
                     "10,still-face,positive,still,20");
    ck_assert_str_eq(first_line(line_at(t, 35), buf, sizeof buf), "17,reunion,protest,soothe,20");
    ck_assert_str_eq(first_line(line_at(t, 36), buf, sizeof buf),
                     "17.5,reunion,positive,soothe,20");
    ck_assert_str_eq(first_line(line_at(t, 40), buf, sizeof buf),
                     "19.5,reunion,positive,positive,20");
    free(t);
    /* a step of 1 s samples none of 6.2 .. 7 */
    t = import_path(ELAN, SRC("data/examples/elan-tiers.txt"), SRC("data/examples/elan-map.csv"),
                    1, NULL, &err);
    ck_assert_ptr_nonnull(t);
    ck_assert_int_eq(count_lines(t), 21);
    ck_assert_str_eq(first_line(line_at(t, 7), buf, sizeof buf), "6,play,positive,positive,20");
    ck_assert_str_eq(first_line(line_at(t, 8), buf, sizeof buf), "7,play,avert,monitor,20");
    free(t);
}
END_TEST

/* ---- the grid ---- */

static const char boris_hdr[] = "Observation id,Subject,Behavior,Behavior type,Time\n";
static const char map2[] = "role,name\ninfant,Baby\ncaregiver,Mum\n";

START_TEST(grid_and_fill)
{
    /* a gap for the caregiver from 1 to 2; the session ends at 2.5 */
    char text[512], path[64];
    snprintf(text, sizeof text, "%s"
             "o,Baby,positive,START,0\n"
             "o,Mum,positive,START,0\n"
             "o,Mum,positive,STOP,1\n"
             "o,Mum,monitor,START,2\n"
             "o,Baby,positive,STOP,2.5\n"
             "o,Mum,monitor,STOP,2.5\n", boris_hdr);
    att_error err = { 0 };
    char *t = import_text(BORIS, text, map2, 1, NULL, &err, path, sizeof path);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    expect_contains(err.msg, "the caregiver ('Mum') has no state at 1 s", "error");
    t = import_text(BORIS, text, map2, 1, "uncoded", &err, path, sizeof path);
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(t, "t,infant_code,caregiver_code,end\n"
                        "0,positive,positive,2.5\n"
                        "1,positive,uncoded,2.5\n"
                        "2,positive,monitor,2.5\n");
    free(t);
    /* a quarter-second step: 10 rows to 2.5 */
    t = import_text(BORIS, text, map2, 0.25, "uncoded", &err, path, sizeof path);
    ck_assert_int_eq(count_lines(t), 11);
    char buf[64];
    ck_assert_str_eq(first_line(line_at(t, 4), buf, sizeof buf), "0.75,positive,positive,2.5");
    ck_assert_str_eq(first_line(line_at(t, 5), buf, sizeof buf), "1,positive,uncoded,2.5");
    free(t);
}
END_TEST

START_TEST(older_boris_and_phase_name)
{
    /* observation details above the header, a Status column, TSV, a
     * subject ignored, a POINT event and a phase name for all of it */
    const char text[] =
        "Observation id\tdyad-3\n"
        "Observation date\t2019-05-02 11:00:00\n"
        "\n"
        "Time\tMedia file path\tTotal length\tFPS\tSubject\tBehavior\tComment\tStatus\n"
        "0.0\tv.mp4\t3.000\t25\tBaby\tmonitor\t\tSTART\n"
        "0.0\tv.mp4\t3.000\t25\tMum\tmonitor\t\tSTART\n"
        "0.5\tv.mp4\t3.000\t25\tCam\tblur\t\tSTART\n"
        "0.7\tv.mp4\t3.000\t25\tMum\tsmile\t\tPOINT\n"
        "1.0\tv.mp4\t3.000\t25\tCam\tblur\t\tSTOP\n"
        "2.0\tv.mp4\t3.000\t25\tBaby\tmonitor\t\tSTOP\n"
        "2.0\tv.mp4\t3.000\t25\tMum\tmonitor\t\tSTOP\n";
    const char map[] = "role,name\ninfant,Baby\ncaregiver,Mum\nphase_name,play\nignore,Cam\n";
    char path[64];
    att_error err = { 0 };
    /* the media lasts 3 s: after 2 s neither partner has a state */
    char *t = import_text(BORIS, text, map, 1, "uncoded", &err, path, sizeof path);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_str_eq(t, "t,phase,infant_code,caregiver_code,end\n"
                        "0,play,monitor,monitor,3\n"
                        "1,play,monitor,monitor,3\n"
                        "2,play,uncoded,uncoded,3\n");
    free(t);
}
END_TEST

START_TEST(times)
{
    char path[64];
    const char map[] = "role,name\ninfant,I\ncaregiver,C\n";
    /* hh:mm:ss.ms, as ELAN writes when asked, and ss.msec with a duration */
    const char text[] =
        "I\t\t00:00:00.000\t00:00:01.500\tpositive\n"
        "C\tMum\t0.000\t1.500\t1.500\tpositive\n";
    att_error err = { 0 };
    char *t = import_text(ELAN, text, map, 0.5, NULL, &err, path, sizeof path);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_str_eq(t, "t,infant_code,caregiver_code,end\n0,positive,positive,1.5\n"
                        "0.5,positive,positive,1.5\n1,positive,positive,1.5\n");
    free(t);
    expect_bad(ELAN, "I\t\t0.000\t1:61.0\tpositive\n", map, 1, "end time '1:61.0' is not a time");
    expect_bad(ELAN, "C\t\t0.000\t2.000\t5.000\tpositive\n", map, 1, "not the duration");
}
END_TEST

/* ---- bad input ---- */

START_TEST(bad_boris)
{
    char text[512];
    snprintf(text, sizeof text, "%so,Baby,positive,START,0\no,Dad,positive,START,0\n", boris_hdr);
    expect_bad(BORIS, text, map2, 3, "subject 'Dad' is not in the map");
    snprintf(text, sizeof text, "%so,Baby,positive,START,0\no,Mum,positive,START,0\n"
             "o,Baby,avert,START,1\no,Baby,positive,STOP,2\no,Baby,avert,STOP,3\n"
             "o,Mum,positive,STOP,3\n", boris_hdr);
    expect_bad(BORIS, text, map2, 4, "overlaps its 'positive' (line 2");
    snprintf(text, sizeof text, "%so,Baby,positive,STOP,1\n", boris_hdr);
    expect_bad(BORIS, text, map2, 2, "STOP of 'positive' for 'Baby' without a START");
    snprintf(text, sizeof text, "%so,Baby,positive,START,2\no,Mum,positive,START,1.5\n", boris_hdr);
    expect_bad(BORIS, text, map2, 3, "backwards");
    snprintf(text, sizeof text, "%so,Baby,positive,START,1;5\n", boris_hdr);
    expect_bad(BORIS, text, map2, 2, "'1;5' is not a time");
    snprintf(text, sizeof text, "%so,Baby,positive,START,-1\n", boris_hdr);
    expect_bad(BORIS, text, map2, 2, "'-1' is not a time");
    snprintf(text, sizeof text, "%so,Baby,positive,START,0\no,Baby,positive,START,1\n", boris_hdr);
    expect_bad(BORIS, text, map2, 3, "while it is going on");
    snprintf(text, sizeof text, "%so,Baby,positive,START,0\np,Mum,positive,START,1\n", boris_hdr);
    expect_bad(BORIS, text, map2, 3, "a second observation");
    snprintf(text, sizeof text, "%so,Baby,positive,START,0\no,Mum,positive,START,0\n"
             "o,Mum,positive,STOP,4\n", boris_hdr);
    expect_bad(BORIS, text, map2, 2, "never stops");
    snprintf(text, sizeof text, "%so,Baby,positive,BEGIN,0\n", boris_hdr);
    expect_bad(BORIS, text, map2, 2, "status 'BEGIN'");
}
END_TEST

START_TEST(bad_elan)
{
    const char map[] = "role,name\ninfant,I\ncaregiver,C\n";
    expect_bad(ELAN, "I\t\t0.000\t1.000\tpositive\nX\t\t0.000\t1.000\tpositive\n", map, 2,
               "tier 'X' is not in the map");
    expect_bad(ELAN, "I\t\t0.000\t2.000\tpositive\nI\t\t1.000\t3.000\tavert\n"
               "C\t\t0.000\t3.000\tpositive\n", map, 2, "the infant's 'avert' at 1 s overlaps");
    expect_bad(ELAN, "I\t\t2.000\t3.000\tpositive\nI\t\t0.000\t1.000\tavert\n", map, 2,
               "backwards");
    expect_bad(ELAN, "I\t\t0.000\t1.0.0\tpositive\n", map, 1, "end time '1.0.0' is not a time");
    expect_bad(ELAN, "I\t\tabc\t1.000\tpositive\n", map, 1, "begin time 'abc' is not a time");
    expect_bad(ELAN, "I\t\t3.000\t2.000\tpositive\n", map, 1,
               "the end time 2 is before the begin time 3: if it is the duration");
    expect_bad(ELAN, "I\t0.000\tpositive\n", map, 1, "3 fields");
    /* a phase the scores could not tell from the whole run */
    expect_bad(ELAN, "I\t\t0.000\t1.000\tpositive\nP\t\t0.000\t1.000\tplay\n"
               "P\t\t1.000\t2.000\tall\n", "role,name\ninfant,I\ncaregiver,C\nphase,P\n", 3,
               "phase name 'all' is reserved");
}
END_TEST

/* Fails unless the import of `text` fails with ATT_EINPUT and the message
 * is exactly "PATH:LINE: REST" ("PATH: REST" for line 0). */
static void expect_msg(int kind, const char *text, const char *map, long line, const char *rest)
{
    char path[64], want[512];
    att_error err = { 0 };
    char *r = import_text(kind, text, map, 1, NULL, &err, path, sizeof path);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err.code, ATT_EINPUT);
    if (line)
        snprintf(want, sizeof want, "%s:%ld: %s", path, line, rest);
    else
        snprintf(want, sizeof want, "%s: %s", path, rest);
    ck_assert_str_eq(err.msg, want);
}

static void expect_elan_msg(const char *text, long line, const char *rest)
{
    expect_msg(ELAN, text, "role,name\ninfant,I\ncaregiver,C\n", line, rest);
}

/* An export with no rows (blank lines are no rows) is an empty file in
 * either format's words, about the whole file; a BORIS file with rows but
 * no header is not empty. */
START_TEST(empty_exports)
{
    static const char boris_empty[] = "empty file (expected BORIS's tabular events export, a "
                                      "header row and one event a row)";
    static const char elan_empty[] = "empty file (expected ELAN's tab-delimited text export, "
                                     "one annotation a line)";
    expect_msg(BORIS, "", map2, 0, boris_empty);
    expect_msg(BORIS, "\n\r\n\n", map2, 0, boris_empty);
    expect_msg(ELAN, "", map2, 0, elan_empty);
    expect_msg(ELAN, "\n\n", map2, 0, elan_empty);
    expect_msg(BORIS, "Observation id,dyad-3\n", map2, 1, "no header row with the columns Time, "
               "Subject, Behavior and Behavior type (or Status): is this BORIS's tabular events "
               "export?");
}
END_TEST

#define NOT_TIME "' is not a time (seconds such as 12.345, or hh:mm:ss.mmm, from 0)"

/* A field where ELAN puts a time (the count of fields says where) that is
 * not one is reported by its name, not passed over as a participant. */
START_TEST(elan_time_columns)
{
    /* tier, participant, begin, end, duration, annotation: a typo, a
     * negative time, NaN, a bad end and a bad duration */
    expect_elan_msg("I\tBaby\tO.000\t5.000\t5.000\tavert\nI\tBaby\t5.000\t10.000\t5.000\tpositive\n"
                    "C\tMum\t0.000\t10.000\t10.000\tpositive\n", 1, "begin time 'O.000" NOT_TIME);
    expect_elan_msg("I\tBaby\t-1.000\t5.000\t6.000\tavert\n", 1, "begin time '-1.000" NOT_TIME);
    expect_elan_msg("I\tBaby\tnan\t5.000\t5.000\tavert\n", 1, "begin time 'nan" NOT_TIME);
    /* a decimal comma: the coded-file reader's words (att_number_problem) */
    expect_elan_msg("C\t\t0.0\t1.0\t1.0\tx\nI\tBaby\t0.000\t5,0\t5.000\tavert\n", 2,
                    "end time '5,0' is not a number: write a decimal point, not a comma");
    expect_elan_msg("I\tBaby\t0.000\t5.000\t-5\tavert\n", 1, "duration '-5" NOT_TIME);
    /* tier, begin, end, annotation */
    expect_elan_msg("I\t1O\t20\tavert\n", 1, "begin time '1O" NOT_TIME);
    /* tier, begin, end, duration, annotation: the second line shows the
     * layout, so the first line's 'O.000' is its begin time, not a
     * participant; once shown, a later line is held to it */
    expect_elan_msg("I\tO.000\t5.000\t5.000\tavert\nI\t5.000\t10.000\t5.000\tpositive\n", 1,
                    "begin time 'O.000" NOT_TIME);
    /* a typo'd begin after 0 on the first line: read as a participant's
     * line it would end (at the duration, 5) before it begins (at the
     * end, 6), so it cannot be one */
    expect_elan_msg("I\tl.000\t6.000\t5.000\tavert\nI\t6.000\t10.000\t4.000\tpositive\n", 1,
                    "begin time 'l.000" NOT_TIME);
    expect_elan_msg("I\t0.0\t5.0\t5.0\tavert\nI\tabc\t10.0\t5.0\tpositive\n", 2,
                    "begin time 'abc" NOT_TIME);
    /* tier, participant, begin, end, annotation: an empty participant
     * shows the layout */
    expect_elan_msg("I\t\t0.0\t5.0\tavert\nC\tMum\tO\t5.0\tpositive\n", 2,
                    "begin time 'O" NOT_TIME);
    /* two time formats, as ELAN writes them: each time twice, in its order
     * of formats (hh:mm:ss.ms, ss.msec, msec); a column after the
     * annotation */
    expect_elan_msg("I\t0.0\t0\t5.0\t5000\tavert\n", 1, "more than three times on a line: "
                    "export one time format (ss.msec) in ELAN");
    expect_elan_msg("I\t00:00:01.500\t1.5\t00:00:05.000\t5.0\tavert\n", 1, "more than three "
                    "times on a line: export one time format (ss.msec) in ELAN");
    expect_elan_msg("I\tBaby\t0.0\t5.0\t5.0\tpositive\tsmiling\n", 1, "7 fields: more than "
                    "the tier, the participant, the begin and end times, the duration and the "
                    "annotation: export one time format (ss.msec) in ELAN, without the CV "
                    "description");
    /* still read: named participants, and after an empty participant one
     * that looks like a time */
    const char map[] = "role,name\ninfant,I\ncaregiver,C\n";
    char path[64];
    att_error err = { 0 };
    static const char *const ok[] = { "I\tBaby\t0.0\t2.0\tpositive\nC\tMum\t0.0\t2.0\tpositive\n",
                                      "I\t\t0.0\t2.0\tpositive\nC\t7\t0.0\t2.0\tpositive\n" };
    for (size_t i = 0; i < 2; i++) {
        char *t = import_text(ELAN, ok[i], map, 1, NULL, &err, path, sizeof path);
        ck_assert_msg(t != NULL, "%s", err.msg);
        ck_assert_str_eq(t, "t,infant_code,caregiver_code,end\n0,positive,positive,2\n"
                            "1,positive,positive,2\n");
        free(t);
    }
}
END_TEST

/* The infant positive to 6.2 s, then averting to 9, the mother positive
 * throughout, at 2-s steps: the row at 6 is still positive. */
static const char grid9[] = "t,infant_code,caregiver_code,end\n0,positive,positive,9\n"
                            "2,positive,positive,9\n4,positive,positive,9\n"
                            "6,positive,positive,9\n8,avert,positive,9\n";

/* Fails unless the ELAN import of `text` at 2-s steps is grid9. */
static void expect_grid9(const char *text)
{
    char path[64];
    att_error err = { 0 };
    char *t = import_text(ELAN, text, "role,name\ninfant,I\ncaregiver,C\n", 2, NULL, &err, path,
                          sizeof path);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_str_eq(t, grid9);
    free(t);
}

#define WHOLE "' has no decimal point: milliseconds (ELAN's msec) or seconds? Export the " \
              "times from ELAN as ss.msec (seconds with a decimal point, such as 12.0)"

/* ELAN writes msec as whole milliseconds and ss.msec always with a decimal
 * point (Double.toString: 6.2, 0.0), so a whole number is refused, named as
 * the time it stands for, rather than read 1000 times too long. */
START_TEST(elan_msec)
{
    /* msec as ELAN writes it: with a participant and the duration, and
     * without either */
    expect_elan_msg("I\tBaby\t0\t6200\t6200\tpositive\nC\tMum\t0\t9000\t9000\tpositive\n", 1,
                    "begin time '0" WHOLE);
    expect_elan_msg("I\t6200\t9000\tavert\n", 1, "begin time '6200" WHOLE);
    expect_elan_msg("I\t\t0.0\t6.2\tpositive\nI\t\t6.2\t9000\tavert\n", 2, "end time '9000" WHOLE);
    expect_elan_msg("I\tBaby\t0.0\t6.2\t6\tpositive\n", 1, "duration '6" WHOLE);
    /* the same annotations in ss.msec and in hh:mm:ss.ms are read alike */
    expect_grid9("I\tBaby\t0.0\t6.2\t6.2\tpositive\nI\tBaby\t6.2\t9.0\t2.8\tavert\n"
                 "C\tMum\t0.0\t9.0\t9.0\tpositive\n");
    expect_grid9("I\tBaby\t00:00:00.000\t00:00:06.200\t00:00:06.200\tpositive\n"
                 "I\tBaby\t00:00:06.200\t00:00:09.000\t00:00:02.800\tavert\n"
                 "C\tMum\t00:00:00.000\t00:00:09.000\t00:00:09.000\tpositive\n");
}
END_TEST

/* An export with Begin Time and Duration ticked but not End Time has the
 * duration where the end belongs: a line whose duration is shorter than its
 * begin is refused saying so; one with the end there too is only wrong. */
START_TEST(elan_end_before_begin)
{
    expect_elan_msg("I\t0.0\t6.2\tpositive\nI\t6.2\t2.8\tavert\n", 2,
                    "the end time 2.8 is before the begin time 6.2: if it is the duration, "
                    "export again from ELAN with End Time ticked");
    expect_elan_msg("I\t\t6.2\t2.8\tavert\n", 1,
                    "the end time 2.8 is before the begin time 6.2: if it is the duration, "
                    "export again from ELAN with End Time ticked");
}
END_TEST

/* Participants that look like numbers: a line's fields are read as the
 * layout they fit (the duration the end minus the begin, the end not
 * before the begin, two formats of one time in ELAN's order), and a file
 * whose lines show both layouts of three fields is refused. */
START_TEST(elan_number_participants)
{
    /* tier, participant, begin, end, duration, annotation */
    expect_grid9("I\t1\t0.0\t6.2\t6.2\tpositive\nI\t1\t6.2\t9.0\t2.8\tavert\n"
                 "C\t2\t0.0\t9.0\t9.0\tpositive\n");
    expect_grid9("I\t1\t0.000\t6.200\t6.200\tpositive\nI\t1\t6.200\t9.000\t2.800\tavert\n"
                 "C\t0\t0.000\t9.000\t9.000\tpositive\n");
    /* a participant "0.0" before hh:mm:ss.ms: not the begin in two
     * formats, as ELAN writes ss.msec after hh:mm:ss.ms */
    expect_grid9("I\t0.0\t00:00:00.000\t00:00:06.200\t00:00:06.200\tpositive\n"
                 "I\t0.0\t00:00:06.200\t00:00:09.000\t00:00:02.800\tavert\n"
                 "C\t0.0\t00:00:00.000\t00:00:09.000\t00:00:09.000\tpositive\n");
    /* tier, participant, begin, end, annotation: "1" then 0.0 and 6.2 are
     * no begin, end and duration (6.2 is not 0.0 - 1), so a participant */
    expect_grid9("I\t1\t0.0\t6.2\tpositive\nI\t1\t6.2\t9.0\tavert\nC\t2\t0.0\t9.0\tpositive\n");
    expect_grid9("I\t0\t0.0\t6.2\tpositive\nI\t0\t6.2\t9.0\tavert\nC\t2.5\t0.0\t9.0\tpositive\n");
    /* tier, begin, end, duration, annotation: lines from 0 fit both (read
     * with a participant they would last no time), the line from 6.2 only
     * this one */
    expect_grid9("I\t0.0\t6.2\t6.2\tpositive\nC\t0.0\t9.0\t9.0\tpositive\n"
                 "I\t6.2\t9.0\t2.8\tavert\n");
    /* both layouts in one file: which is meant cannot be told */
    expect_elan_msg("I\t0.0\t5.0\t5.0\tavert\nC\t\t0.0\t5.0\tpositive\n", 2, "the three "
                    "fields between the tier and the annotation are a participant, a begin and "
                    "an end, on line 1 a begin, an end and its duration: ELAN writes every line "
                    "of an export alike, so which this file has cannot be told; export it again "
                    "from ELAN");
    expect_elan_msg("I\t1\t0.0\t6.2\tpositive\nI\t1\t6.2\t9.0\tavert\n"
                    "C\t0.0\t9.0\t9.0\tpositive\n", 3, "the three fields between the tier and "
                    "the annotation are a begin, an end and its duration, on line 1 a "
                    "participant, a begin and an end: ELAN writes every line of an export alike, "
                    "so which this file has cannot be told; export it again from ELAN");
}
END_TEST

/* ---- BORIS 8's tabular export, 18 columns (as data/examples/boris-events.csv) ---- */

#define B8_HDR "Observation id,Observation date,Description,Observation duration," \
    "Observation type,Source,Time offset (s),Media duration (s),FPS,Subject,Behavior," \
    "Behavioral category,Behavior type,Time,Media file name,Image index,Image file path," \
    "Comment\n"
/* One event; the media lasts `media` seconds. */
#define B8_ROWM(media, subject, behaviour, status, time) \
    "dyad-07,2024-03-14 10:21:05,Face-to-face still-face," media ",Media file(s)," \
    "player #1:/v/dyad-07.mp4,0.0," media ",25.000," subject "," behaviour ",cat," status "," \
    time ",/v/dyad-07.mp4,0,NA,\n"
#define B8_ROW(subject, behaviour, status, time) B8_ROWM("10.000", subject, behaviour, status, time)
static const char b8_map[] = "role,name\ninfant,Infant\ncaregiver,Mother\n";

/* The infant positive, then averting from `t` (line 4) to 10; the mother
 * positive throughout. */
#define B8_AVERT_AT(t) B8_HDR B8_ROW("Infant", "positive", "START", "0.000") \
    B8_ROW("Mother", "positive", "START", "0.000") B8_ROW("Infant", "positive", "STOP", t) \
    B8_ROW("Infant", "avert", "START", t) B8_ROW("Infant", "avert", "STOP", "10.000") \
    B8_ROW("Mother", "positive", "STOP", "10.000")

/* A row with more fields than the header is refused as one with fewer, in
 * the coded-file reader's words: an unquoted decimal comma ("2,5") used to
 * be read as Time 2 with the 5 in the next column, and an unquoted comma in
 * the Description as "Time 'START' is not a time".  A quoted "2,5" gets
 * the reader's decimal-point hint. */
START_TEST(boris_ragged_rows)
{
    static const char more[] = "19 fields, but the header has 18 (a ragged row: a comma in a "
                               "field that is not quoted, such as a decimal comma, makes two "
                               "fields)";
    expect_msg(BORIS, B8_AVERT_AT("2,5"), b8_map, 4, more);
    expect_msg(BORIS, B8_AVERT_AT("\"2,5\""), b8_map, 4,
               "Time '2,5' is not a number: write a decimal point, not a comma");
    expect_msg(BORIS, B8_HDR "dyad-07,2024-03-14 10:21:05,Face-to-face, still-face,10.000,"
               "Media file(s),player #1:/v/dyad-07.mp4,0.0,10.000,25.000,Infant,positive,cat,"
               "START,0.000,/v/dyad-07.mp4,0,NA,\n", b8_map, 2, more);
    expect_msg(BORIS, B8_HDR "dyad-07,2024-03-14 10:21:05,Face-to-face,10.000,Media file(s),"
               "player #1:/v/dyad-07.mp4,0.0,10.000,25.000,Infant,positive,cat,START,0.000,"
               "/v/dyad-07.mp4,0,NA\n", b8_map, 2, "17 fields, but the header has 18 (a ragged "
               "row)");
    /* with a decimal point: the avert from 2.5 */
    char path[64], buf[64];
    att_error err = { 0 };
    char *t = import_text(BORIS, B8_AVERT_AT("2.5"), b8_map, 0.5, NULL, &err, path, sizeof path);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_str_eq(first_line(line_at(t, 5), buf, sizeof buf), "2,positive,positive,10");
    ck_assert_str_eq(first_line(line_at(t, 6), buf, sizeof buf), "2.5,avert,positive,10");
    free(t);
}
END_TEST

#define NOT_NAME "' is not a lowercase code name [a-z0-9_-]+, as match tables and code " \
                 "schemes require, so it could never be scored: "

/* Codes that match tables and schemes cannot name (capitals, spaces,
 * accents) are refused at import, at the first line in the file that has
 * one, with a lowercase ASCII name to rename it to: they used to pass and
 * be refused only by `attune score`.  A --fill code too.  Phases are not
 * codes: any name but 'all' passes. */
START_TEST(code_names)
{
    /* the mother's 'Positive' (line 3) comes before the infant's 'Not Seen' (line 5) */
    expect_msg(BORIS, B8_HDR B8_ROW("Infant", "positive", "START", "0.000")
               B8_ROW("Mother", "Positive", "START", "0.000")
               B8_ROW("Infant", "positive", "STOP", "5.000")
               B8_ROW("Infant", "Not Seen", "START", "5.000")
               B8_ROW("Infant", "Not Seen", "STOP", "10.000")
               B8_ROW("Mother", "Positive", "STOP", "10.000"), b8_map, 3,
               "caregiver code 'Positive" NOT_NAME "rename it in BORIS ('positive', say) and "
               "export again");
    const char map[] = "role,name\ninfant,I\ncaregiver,C\n";
    expect_msg(ELAN, "I\t\t0.000\t2.000\tpositive\nC\t\t0.000\t2.000\tpositive\n"
               "I\t\t2.000\t4.000\td\xc3\xa9tourn\xc3\xa9\nC\t\t2.000\t4.000\tpositive\n", map, 3,
               "infant code 'd\xc3\xa9tourn\xc3\xa9" NOT_NAME "rename it in ELAN ('detourne', "
               "say) and export again");
    /* nothing of it is a letter a-z: no name to offer */
    expect_msg(ELAN, "I\t\t0.000\t2.000\t\xe6\x97\xa5\nC\t\t0.000\t2.000\tpositive\n", map, 1,
               "infant code '\xe6\x97\xa5" NOT_NAME "rename it in ELAN and export again");
    char path[64];
    att_error err = { 0 };
    const char text[] = "I\t\t0.000\t2.000\tpositive\nC\t\t0.000\t1.000\tpositive\n"
                        "P\t\t0.000\t2.000\tFree Play\n";
    ck_assert_ptr_null(import_text(ELAN, text, map, 1, "Not Seen", &err, path, sizeof path));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    ck_assert_str_eq(err.msg, "the fill code 'Not Seen" NOT_NAME "give one that is "
                              "('not_seen', say)");
    char *t = import_text(ELAN, text, "role,name\ninfant,I\ncaregiver,C\nphase,P\n", 1,
                          "not_seen", &err, path, sizeof path);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_str_eq(t, "t,phase,infant_code,caregiver_code,end\n0,Free Play,positive,positive,2\n"
                        "1,Free Play,positive,not_seen,2\n");
    free(t);
}
END_TEST

/* A subject or tier not in the map, when a map name is the same but for
 * capitals or a near spelling: "did you mean" comes before the way to
 * leave it out (which for 'Infant' beside 'infant,infant' would leave the
 * infant without states). */
START_TEST(unmapped_near)
{
    const char lower[] = "role,name\ninfant,infant\ncaregiver,Mother\n";
    expect_msg(BORIS, B8_AVERT_AT("2.5"), lower, 2, "subject 'Infant' is not in the map (names "
               "match exactly, capitals included: did you mean 'infant'? If it is not that one, "
               "a row 'ignore,Infant' leaves it out)");
    expect_msg(BORIS, B8_HDR B8_ROW("Infnat", "positive", "START", "0.000"), b8_map, 2,
               "subject 'Infnat' is not in the map (did you mean 'Infant'? If it is not that one, "
               "a row 'ignore,Infnat' leaves it out)");
    expect_msg(BORIS, B8_HDR B8_ROW("Camera", "blur", "START", "0.000"), b8_map, 2,
               "subject 'Camera' is not in the map (a row 'ignore,Camera' leaves it out)");
    expect_msg(ELAN, "Infant\t\t0.000\t2.000\tpositive\nmother\t\t0.000\t2.000\tpositive\n",
               b8_map, 2, "tier 'mother' is not in the map (names match exactly, capitals "
               "included: did you mean 'Mother'? If it is not that one, a row 'ignore,mother' "
               "leaves it out)");
}
END_TEST

/* A BORIS state whose START and STOP are at one time lasts no time: passed
 * over, as ELAN's annotations of zero length are (its code unchecked). */
START_TEST(boris_zero_length)
{
    char path[64];
    att_error err = { 0 };
    char *t = import_text(BORIS, B8_HDR B8_ROW("Infant", "positive", "START", "0.000")
                          B8_ROW("Mother", "positive", "START", "0.000")
                          B8_ROW("Infant", "positive", "STOP", "5.000")
                          B8_ROW("Infant", "Blink", "START", "5.000")
                          B8_ROW("Infant", "Blink", "STOP", "5.000")
                          B8_ROW("Infant", "positive", "START", "5.000")
                          B8_ROW("Infant", "positive", "STOP", "10.000")
                          B8_ROW("Mother", "positive", "STOP", "10.000"), b8_map, 5, NULL, &err,
                          path, sizeof path);
    ck_assert_msg(t != NULL, "%s", err.msg);
    ck_assert_str_eq(t, "t,infant_code,caregiver_code,end\n0,positive,positive,10\n"
                        "5,positive,positive,10\n");
    free(t);
}
END_TEST

/* A partner without a state after its last one: the message says what made
 * the session go on, a POINT event (the line named is the state's, as for
 * any gap), the media, or another tier's end. */
START_TEST(end_after_last_state)
{
#define B8_5S(media) B8_HDR B8_ROWM(media, "Infant", "positive", "START", "0.000") \
    B8_ROWM(media, "Mother", "positive", "START", "0.000") \
    B8_ROWM(media, "Infant", "positive", "STOP", "5.000") \
    B8_ROWM(media, "Mother", "positive", "STOP", "5.000")
    expect_msg(BORIS, B8_5S("6.000") B8_ROWM("6.000", "Mother", "smile", "POINT", "7.000"),
               b8_map, 2, "the infant ('Infant') has no state at 5 s (its last state stops at 5 "
               "s, the session at 7 s: the Time of line 6, a POINT event): code every moment, or "
               "give such moments a code (--fill)");
    expect_msg(BORIS, B8_5S("10.000"), b8_map, 2, "the infant ('Infant') has no state at 5 s "
               "(its last state stops at 5 s, the session at 10 s: the media duration): code "
               "every moment, or give such moments a code (--fill)");
#undef B8_5S
    expect_msg(ELAN, "Infant\t\t0.000\t5.000\tpositive\nMother\t\t0.000\t6.000\tpositive\n"
               "Notes\t\t0.000\t8.000\tcamera\n", "role,name\ninfant,Infant\ncaregiver,Mother\n"
               "ignore,Notes\n", 1, "the infant ('Infant') has no state at 5 s (its last state "
               "stops at 5 s, the session at 8 s: the end time of line 3): code every moment, or "
               "give such moments a code (--fill)");
}
END_TEST

START_TEST(bad_map)
{
    char path[64], map_path[64];
    att_error err = { 0 };
    static const struct { const char *text, *word; } cases[] = {
        { "role,name\ninfant,I\nmother,C\n", ":3: unknown role 'mother'" },
        { "role,name\ninfant,I\n", "needs an infant row and a caregiver row" },
        { "role,name\ninfant,I\ncaregiver,I\n", ":3: 'I' is mapped twice" },
        { "role,name\ninfant,I\ninfant,J\n", ":3: a second infant row" },
        { "who,name\ninfant,I\n", ":1: the map's header must have" },
        { "role,name\ninfant,I\ncaregiver,C\nphase_name,all\n",
          ":4: phase name 'all' is reserved: it names the whole run's window in scores and "
          "results (choose another)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        temp_file(map_path, sizeof map_path, cases[i].text);
        ck_assert_ptr_null(att_import_map_load(map_path, &err));
        ck_assert_int_eq(err.code, ATT_EINPUT);
        expect_contains(err.msg, cases[i].word, "map error");
        unlink(map_path);
    }
    /* a bad step */
    char *t = import_text(ELAN, "I\t\t0.0\t1.0\tpositive\nC\t\t0.0\t1.0\tpositive\n",
                          "role,name\ninfant,I\ncaregiver,C\n", 1e-7, NULL,
                          &err, path, sizeof path);
    ck_assert_ptr_null(t);
    expect_contains(err.msg, "step", "step error");
    att_import_map_free(NULL);
}
END_TEST

Suite *suite_import(void)
{
    Suite *s = suite_create("import");
    TCase *tc = tcase_create("import");
    tcase_add_test(tc, boris_example);
    tcase_add_test(tc, elan_example);
    tcase_add_test(tc, grid_and_fill);
    tcase_add_test(tc, older_boris_and_phase_name);
    tcase_add_test(tc, times);
    tcase_add_test(tc, bad_boris);
    tcase_add_test(tc, bad_elan);
    tcase_add_test(tc, elan_time_columns);
    tcase_add_test(tc, empty_exports);
    tcase_add_test(tc, elan_msec);
    tcase_add_test(tc, elan_end_before_begin);
    tcase_add_test(tc, elan_number_participants);
    tcase_add_test(tc, bad_map);
    tcase_add_test(tc, boris_ragged_rows);
    tcase_add_test(tc, code_names);
    tcase_add_test(tc, unmapped_near);
    tcase_add_test(tc, boris_zero_length);
    tcase_add_test(tc, end_after_last_state);
    suite_add_tcase(s, tc);
    return s;
}
