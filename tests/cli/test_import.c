/* `attune import boris|elan` through the real program ($ATTUNE_BIN, set by
 * `make check`): the shipped example exports imported and scored, with the
 * ruptures counted by hand from their events (data/examples/README.md), and
 * bad input reported as FILE:LINE, exit status 2, nothing written.
 *
 * Through the fixture (tests/fixture.h): the program is started with
 * posix_spawn (no shell), stdout and stderr captured in io/, inputs and
 * outputs in w/ of a fresh folder per test, so listing w/ shows exactly
 * what a command left behind (a temporary file shows as a hidden name). */
#include "tests/fixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The `all` row's ruptures and mean completed latency of `attune score
 * FILE --format csv`. */
static void score_all(const char *file, long *ruptures, double *latency)
{
    result r = run_attune("score", file, "--format", "csv", NULL);
    expect_status(&r, 0);
    struct fields h, row;
    char l0[1024], l1[1024];
    fields_split(&h, first_line(r.out, l0, sizeof l0));
    fields_split(&row, first_line(line_at(r.out, 1), l1, sizeof l1));
    ck_assert_str_eq(row.f[col_of(&h, "window")], "all");
    *ruptures = (long)number_at(&row, col_of(&h, "ruptures"));
    *latency = number_at(&row, col_of(&h, "latency_mean_completed_s"));
    fields_free(&h);
    fields_free(&row);
    result_free(&r);
}

START_TEST(test_import_boris_scored)
{
    char out[256];
    in_work(out, sizeof out, "dyad-07.csv");
    result r = run_attune("import", "boris", SRC("data/examples/boris-events.csv"), "--map",
                          SRC("data/examples/boris-map.csv"), "-o", out, NULL);
    expect_status(&r, 0);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    char *t = slurp(out, NULL);
    ck_assert_int_eq(count_lines(t), 31);
    free(t);
    /* Ruptures by hand: matched to 3, the mother intrusive at 4 (repaired at
     * 10 when she is positive again: 6 s), the still face at 12 (repaired
     * at 22 by her soothing the withdrawn infant: 10 s), the infant
     * monitoring a soothing mother at 24 (repaired at 25: 1 s). */
    long n;
    double mean;
    score_all(out, &n, &mean);
    ck_assert_int_eq(n, 3);
    ck_assert_double_eq_tol(mean, (6.0 + 10 + 1) / 3, 1e-9);
    expect_listing("dyad-07.csv");
}
END_TEST

START_TEST(test_import_elan_steps)
{
    char out[256];
    in_work(out, sizeof out, "e.csv");
    /* At 1 s: one rupture, the still face from 10 to the soothing at 16.  At
     * 0.5 s two short ones are seen too: 6.5 (the infant averts from a
     * positive mother, until she monitors at 7) and 17.5 (the infant
     * positive while she still soothes, until 18). */
    static const struct { const char *step; long ruptures; double mean; } cases[] = {
        { "1", 1, 6 }, { "0.5", 3, (0.5 + 6 + 0.5) / 3 },
    };
    for (size_t i = 0; i < 2; i++) {
        result r = run_attune("import", "elan", SRC("data/examples/elan-tiers.txt"), "--map",
                              SRC("data/examples/elan-map.csv"), "--step", cases[i].step,
                              "-o", out, NULL);
        expect_status(&r, 0);
        result_free(&r);
        long n;
        double mean;
        score_all(out, &n, &mean);
        ck_assert_int_eq(n, cases[i].ruptures);
        ck_assert_double_eq_tol(mean, cases[i].mean, 1e-9);
    }
    /* standard output */
    result r = run_attune("import", "elan", SRC("data/examples/elan-tiers.txt"), "--map",
                          SRC("data/examples/elan-map.csv"), NULL);
    expect_status(&r, 0);
    ck_assert_int_eq(count_lines(r.out), 21);
    char buf[64];
    ck_assert_str_eq(first_line(line_at(r.out, 11), buf, sizeof buf), "10,still-face,positive,still,20");
    result_free(&r);
}
END_TEST

/* Each bad file: exit 2, "FILE:LINE: problem" as the first words, nothing
 * written. */
START_TEST(test_import_bad)
{
    static const struct { const char *kind, *text; int line; const char *word; } cases[] = {
        { "boris", "Subject,Behavior,Behavior type,Time\nBaby,positive,START,0\n"
                   "Dad,positive,START,1\n", 3, "subject 'Dad' is not in the map" },
        { "boris", "Subject,Behavior,Behavior type,Time\nBaby,positive,START,0\n"
                   "Baby,avert,START,1\nBaby,positive,STOP,2\nBaby,avert,STOP,2\n", 3, "overlaps" },
        { "boris", "Subject,Behavior,Behavior type,Time\nMum,positive,STOP,1\n", 2,
          "without a START" },
        { "boris", "Subject,Behavior,Behavior type,Time\nMum,positive,START,3\n"
                   "Baby,positive,START,2\n", 3, "backwards" },
        { "boris", "Subject,Behavior,Behavior type,Time\nMum,positive,START,0:x\n", 2,
          "not a time" },
        { "elan", "Baby\t\t0.000\t1.000\tpositive\nMum\t\t0.000\t1.000\tpositive\n"
                  "Dad\t\t0.000\t1.000\tpositive\n", 3, "tier 'Dad' is not in the map" },
    };
    char map[256], in[256], out[256], want[320];
    write_input(map, sizeof map, "map.csv", "role,name\ninfant,Baby\ncaregiver,Mum\n");
    in_work(out, sizeof out, "OUT");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_input(in, sizeof in, "in.txt", cases[i].text);
        result r = run_attune("import", cases[i].kind, in, "--map", map, "-o", out, NULL);
        expect_status(&r, 2);
        snprintf(want, sizeof want, "%s:%d: ", in, cases[i].line);
        ck_assert_msg(strncmp(r.err, want, strlen(want)) == 0, "case %zu: '%s' does not start '%s'",
                      i, r.err, want);
        expect_contains(r.err, cases[i].word, "stderr");
        result_free(&r);
        expect_listing("in.txt map.csv");
    }
    /* usage: no --map, an unknown format, a bad step, an empty fill */
    static const char *const usage[][8] = {
        { "import", "boris", "in.txt", NULL },
        { "import", "csv", "in.txt", "--map", "map.csv", NULL },
        { "import", "elan", "in.txt", "--map", "map.csv", "--step", "0", NULL },
        { "import", "elan", "in.txt", "--map", "map.csv", "--fill", "", NULL },
    };
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        result r = run_argv(usage[i]);
        expect_status(&r, 2);
        ck_assert_uint_eq(r.out_len, 0);
        result_free(&r);
    }
    expect_listing("in.txt map.csv");
}
END_TEST

/* A time that does not parse or is negative, where the ELAN export's
 * columns put a time, and an empty export: the whole message, exit status
 * 2, no output file (the repros: the typo was passed over as a
 * participant and its annotation lost to --fill). */
START_TEST(test_import_elan_bad_times)
{
    static const char rest[] = "Infant\tBaby 1\t5.000\t10.000\t5.000\tpositive\n"
                               "Mother\tMum\t0.000\t10.000\t10.000\tpositive\n";
    static const struct { const char *first, *err; } cases[] = {
        { "Infant\tBaby 1\tO.000\t5.000\t5.000\tavert\n", ":1: begin time 'O.000' is not a time "
          "(seconds such as 12.345, or hh:mm:ss.mmm, from 0)\n" },
        { "Infant\tBaby 1\t-1.000\t5.000\t6.000\tavert\n", ":1: begin time '-1.000' is not a "
          "time (seconds such as 12.345, or hh:mm:ss.mmm, from 0)\n" },
        { "Infant\tBaby 1\tnan\t5.000\t5.000\tavert\n", ":1: begin time 'nan' is not a time "
          "(seconds such as 12.345, or hh:mm:ss.mmm, from 0)\n" },
        { "", ": empty file (expected ELAN's tab-delimited text export, one annotation a "
          "line)\n" },
    };
    char map[256], in[256], out[256], text[512], want[512];
    write_input(map, sizeof map, "map.csv",
                "role,name\ninfant,Infant\ncaregiver,Mother\nphase_name,play\n");
    in_work(out, sizeof out, "OUT");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (*cases[i].first)
            snprintf(text, sizeof text, "%s%s", cases[i].first, rest);
        else
            text[0] = '\0';
        write_input(in, sizeof in, "in.txt", text);
        for (int fill = 0; fill < 2; fill++) {
            result r = fill ? run_attune("import", "elan", in, "--map", map, "--change-points",
                                         "--fill", "monitor", "-o", out, NULL)
                            : run_attune("import", "elan", in, "--map", map, "--change-points",
                                         "-o", out, NULL);
            expect_status(&r, 2);
            snprintf(want, sizeof want, "%s%s%s", *cases[i].first ? "" : "attune import: ", in,
                     cases[i].err);
            ck_assert_str_eq(r.err, want);
            ck_assert_uint_eq(r.out_len, 0);
            result_free(&r);
            expect_listing("in.txt map.csv");
        }
    }
}
END_TEST

/* ELAN's msec format (whole milliseconds): refused at its first time, with
 * what to do, not read as seconds 1000 times too long; exit status 2, no
 * output file. */
START_TEST(test_import_elan_msec)
{
    char map[256], in[256], out[256], want[512];
    write_input(map, sizeof map, "map.csv", "role,name\ninfant,Infant\ncaregiver,Mother\n");
    write_input(in, sizeof in, "in.txt", "Infant\tBaby 07\t0\t6200\t6200\tpositive\n"
                "Infant\tBaby 07\t6200\t9000\t2800\tavert\n"
                "Mother\tMother 07\t0\t9000\t9000\tpositive\n");
    in_work(out, sizeof out, "OUT");
    result r = run_attune("import", "elan", in, "--map", map, "-o", out, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:1: begin time '0' has no decimal point: milliseconds "
             "(ELAN's msec) or seconds? Export the times from ELAN as ss.msec (seconds with a "
             "decimal point, such as 12.0)\n", in);
    ck_assert_str_eq(r.err, want);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    expect_listing("in.txt map.csv");
}
END_TEST

/* ELAN participants named by numbers ("1", "2"), with and without the
 * duration: read, change points worked out by hand (the infant averts from
 * 6.2 to 9, the mother positive to 9); a file whose lines show both
 * layouts of three fields: refused, exit status 2, no output file. */
START_TEST(test_import_elan_number_participants)
{
    static const char *const texts[] = {
        "Infant\t1\t0.000\t6.200\t6.200\tpositive\nInfant\t1\t6.200\t9.000\t2.800\tavert\n"
        "Mother\t2\t0.000\t9.000\t9.000\tpositive\n",
        "Infant\t1\t0.000\t6.200\tpositive\nInfant\t1\t6.200\t9.000\tavert\n"
        "Mother\t2\t0.000\t9.000\tpositive\n",
    };
    char map[256], in[256], out[256], want[640];
    write_input(map, sizeof map, "map.csv", "role,name\ninfant,Infant\ncaregiver,Mother\n");
    in_work(out, sizeof out, "OUT");
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        write_input(in, sizeof in, "in.txt", texts[i]);
        result r = run_attune("import", "elan", in, "--map", map, "--change-points", NULL);
        expect_status(&r, 0);
        ck_assert_str_eq(r.out, "t,infant_code,caregiver_code,end\n0,positive,positive,9\n"
                                "6.2,avert,positive,9\n");
        result_free(&r);
    }
    write_input(in, sizeof in, "in.txt", "Infant\t1\t0.000\t6.200\tpositive\n"
                "Mother\t0.000\t9.000\t9.000\tpositive\n");
    result r = run_attune("import", "elan", in, "--map", map, "-o", out, NULL);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "%s:2: the three fields between the tier and the annotation are "
             "a begin, an end and its duration, on line 1 a participant, a begin and an end: "
             "ELAN writes every line of an export alike, so which this file has cannot be told; "
             "export it again from ELAN\n", in);
    ck_assert_str_eq(r.err, want);
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    expect_listing("in.txt map.csv");
}
END_TEST

/* An empty export: BORIS says so as ELAN does, about the whole file (the
 * command named, no line), exit status 2, no output file. */
START_TEST(test_import_empty)
{
    static const struct { const char *kind, *err; } cases[] = {
        { "boris", ": empty file (expected BORIS's tabular events export, a header row and one "
                   "event a row)\n" },
        { "elan", ": empty file (expected ELAN's tab-delimited text export, one annotation a "
                  "line)\n" },
    };
    char map[256], in[256], out[256], want[512];
    write_input(map, sizeof map, "map.csv", "role,name\ninfant,Baby\ncaregiver,Mum\n");
    write_input(in, sizeof in, "in.txt", "");
    in_work(out, sizeof out, "OUT");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = run_attune("import", cases[i].kind, in, "--map", map, "-o", out, NULL);
        expect_status(&r, 2);
        snprintf(want, sizeof want, "attune import: %s%s", in, cases[i].err);
        ck_assert_str_eq(r.err, want);
        ck_assert_uint_eq(r.out_len, 0);
        result_free(&r);
        expect_listing("in.txt map.csv");
    }
}
END_TEST

#define B8_HDR "Observation id,Observation date,Description,Observation duration," \
    "Observation type,Source,Time offset (s),Media duration (s),FPS,Subject,Behavior," \
    "Behavioral category,Behavior type,Time,Media file name,Image index,Image file path," \
    "Comment\n"
#define B8_ROW(subject, behaviour, status, time) \
    "dyad-07,2024-03-14 10:21:05,Face-to-face still-face,6.000,Media file(s)," \
    "player #1:/v/dyad-07.mp4,0.0,6.000,25.000," subject "," behaviour ",cat," status "," \
    time ",/v/dyad-07.mp4,0,NA,\n"

/* BORIS 8 exports (18 columns) that used to import with exit status 0 and
 * a wrong or unscorable file, or with a misleading message: each refused
 * with exit status 2, its whole message, nothing written (the library's
 * suite `import` has the variants). */
START_TEST(test_import_boris8_refused)
{
    static const struct { const char *map, *text, *fill, *err; } cases[] = {
        /* an unquoted decimal comma: was Time 2, the 5 in the next column */
        { "infant,Infant", B8_HDR B8_ROW("Infant", "positive", "START", "0.000")
          B8_ROW("Mother", "positive", "START", "0.000") B8_ROW("Infant", "positive", "STOP", "2,5")
          B8_ROW("Infant", "avert", "START", "2,5") B8_ROW("Infant", "avert", "STOP", "6")
          B8_ROW("Mother", "positive", "STOP", "6"), NULL, ":4: 19 fields, but the header has 18 (a ragged row: a comma in a field that is "
          "not quoted, such as a decimal comma, makes two fields)\n" },
        /* codes that no match table can hold: were written, refused at score */
        { "infant,Infant", B8_HDR B8_ROW("Infant", "positive", "START", "0.000")
          B8_ROW("Mother", "Positive", "START", "0.000") B8_ROW("Infant", "positive", "STOP", "6")
          B8_ROW("Mother", "Positive", "STOP", "6"), NULL, ":3: caregiver code 'Positive' is "
          "not a lowercase code name [a-z0-9_-]+, as match tables and code schemes "
          "require, so it could never be scored: rename it in BORIS ('positive', say) and export "
          "again\n" },
        { "infant,Infant", B8_HDR B8_ROW("Infant", "positive", "START", "0.000")
          B8_ROW("Mother", "positive", "START", "0.000") B8_ROW("Mother", "positive", "STOP", "3")
          B8_ROW("Infant", "positive", "STOP", "6"), "Not Seen", "" },
        /* the map's 'infant' for BORIS's 'Infant': was told to ignore it */
        { "infant,infant", B8_HDR B8_ROW("Infant", "positive", "START", "0.000"), NULL,
          ":2: subject 'Infant' is not in the map (names match exactly, capitals included: did "
          "you mean 'infant'? If it is not that one, a row 'ignore,Infant' leaves it out)\n" },
        /* a POINT event after the last states: its line is said */
        { "infant,Infant", B8_HDR B8_ROW("Infant", "positive", "START", "0.000")
          B8_ROW("Mother", "positive", "START", "0.000") B8_ROW("Infant", "positive", "STOP", "5")
          B8_ROW("Mother", "positive", "STOP", "6") B8_ROW("Mother", "smile", "POINT", "7"), NULL,
          ":2: the infant ('Infant') has no state at 5 s (its last state stops at 5 s, the "
          "session at 7 s: the Time of line 6, a POINT event): code every moment, or give such "
          "moments a code (--fill)\n" },
    };
    char map[256], in[256], out[256], text[128], want[640];
    in_work(out, sizeof out, "OUT");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(text, sizeof text, "role,name\n%s\ncaregiver,Mother\n", cases[i].map);
        write_input(map, sizeof map, "map.csv", text);
        write_input(in, sizeof in, "in.csv", cases[i].text);
        result r = cases[i].fill
                   ? run_attune("import", "boris", in, "--map", map, "--fill", cases[i].fill,
                                "-o", out, NULL)
                   : run_attune("import", "boris", in, "--map", map, "-o", out, NULL);
        expect_status(&r, 2);
        if (cases[i].fill)
            snprintf(want, sizeof want, "attune import: the fill code 'Not Seen' is not a "
                     "lowercase code name [a-z0-9_-]+, as match tables and code "
                     "schemes require, so it could never be scored: give one that is ('not_seen', "
                     "say)\n");
        else
            snprintf(want, sizeof want, "%s%s", in, cases[i].err);
        ck_assert_str_eq(r.err, want);
        ck_assert_uint_eq(r.out_len, 0);
        result_free(&r);
        expect_listing("in.csv map.csv");
    }
}
END_TEST

Suite *suite_cli_import(void)
{
    Suite *s = suite_create("cli_import");
    TCase *tc = fixture_tcase("import", seq_setup);
    tcase_add_test(tc, test_import_boris_scored);
    tcase_add_test(tc, test_import_elan_steps);
    tcase_add_test(tc, test_import_bad);
    tcase_add_test(tc, test_import_elan_bad_times);
    tcase_add_test(tc, test_import_elan_msec);
    tcase_add_test(tc, test_import_elan_number_participants);
    tcase_add_test(tc, test_import_empty);
    tcase_add_test(tc, test_import_boris8_refused);
    suite_add_tcase(s, tc);
    return s;
}
