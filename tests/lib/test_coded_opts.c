/* The coded reader's options (attune/coded.h): att_coded_map's lists and
 * their refusals, and att_coded_read_opts handing each run's end to the
 * run_end hook: from the end column (per run), from the end option, or by
 * the last-interval rule, and under renamed columns. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "attune/coded.h"
#include "tests/fixture.h"

typedef struct {
    int runs;
    double end[4];
    double t_sum;   /* of every row's t, to see the renamed column was read */
} ends;

static int on_begin(void *user, const char *run, att_error *err)
{
    (void)run, (void)err;
    ck_assert_int_lt(((ends *)user)->runs, 4);
    return ATT_OK;
}

static int on_row(void *user, const att_coded_row *row, att_error *err)
{
    (void)err;
    ((ends *)user)->t_sum += row->t;
    return ATT_OK;
}

static int on_end(void *user, double t_end, att_error *err)
{
    (void)err;
    ends *e = user;
    e->end[e->runs++] = t_end;
    return ATT_OK;
}

static int read_with(const char *text, const att_coded_opts *o, ends *e, att_error *err)
{
    static const att_coded_hooks hooks = { on_begin, on_row, on_end };
    char path[64];
    temp_file(path, sizeof path, text);
    att_match_table *mt = load_match("attuned");
    *e = (ends){ 0 };
    int rc = att_coded_read_opts(path, mt, o, &hooks, e, err);
    att_match_table_free(mt);
    unlink(path);
    return rc;
}

START_TEST(map_lists)
{
    att_coded_opts o;
    att_error err = { 0 };
    att_coded_opts_init(&o);
    ck_assert(isnan(o.end));
    ck_assert_int_eq(att_coded_map(&o, "t=Time,end=Session end", &err), ATT_OK);
    ck_assert_str_eq(o.names[ATT_CODED_COL_T], "Time");
    ck_assert_str_eq(o.names[ATT_CODED_COL_END], "Session end");
    ck_assert_str_eq(o.names[ATT_CODED_COL_INFANT], "");
    ck_assert_str_eq(att_coded_col_name(ATT_CODED_COL_AROUSAL), "infant_arousal");
    static const struct { const char *list, *msg; } bad[] = {
        { "t=Time,", "'' is not NAME=COLUMN" },
        { "=Time", "unknown column ''" },
        { "phases=P", "unknown column 'phases' (did you mean 'phase'?)" },
        { "run=R,session=R", "run and session would both be read from column 'R'" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        att_coded_opts_init(&o);
        ck_assert_int_eq(att_coded_map(&o, bad[i].list, &err), ATT_EINPUT);
        expect_contains(err.msg, bad[i].msg, bad[i].list);
    }
    char longname[ATT_CODED_NAME_MAX + 8] = "t=";
    memset(longname + 2, 'x', ATT_CODED_NAME_MAX);
    longname[ATT_CODED_NAME_MAX + 2] = '\0';
    att_coded_opts_init(&o);
    ck_assert_int_eq(att_coded_map(&o, longname, &err), ATT_EINPUT);
    expect_contains(err.msg, "over 255 bytes", "long");
    ck_assert_int_eq(att_coded_set_end(&o, 4.5e9, &err), ATT_EINPUT);
    ck_assert_int_eq(att_coded_set_end(&o, -3, &err), ATT_OK);
    ck_assert(o.end == -3);
}
END_TEST

/* Three runs: a gives its end on its last row (10), b on every row (7), c
 * none: the option's 9 when set, else c's last row (t 5) lasts as long as
 * the interval before it (2 s): 7. */
START_TEST(ends_per_run)
{
    const char text[] = "run,T,infant_code,caregiver_code,E\n"
                        "a,0,positive,positive,\na,4,avert,positive,10\n"
                        "b,0,positive,positive,7\nb,1,avert,positive,7\n"
                        "c,3,positive,positive,\nc,5,avert,positive,\n";
    att_coded_opts o;
    att_coded_opts_init(&o);
    att_error err = { 0 };
    ck_assert_int_eq(att_coded_map(&o, "t=T,end=E", &err), ATT_OK);
    ends e;
    ck_assert_msg(read_with(text, &o, &e, &err) == ATT_OK, "%s", err.msg);
    ck_assert_int_eq(e.runs, 3);
    ck_assert(e.end[0] == 10 && e.end[1] == 7 && e.end[2] == 7);
    ck_assert(e.t_sum == 0 + 4 + 0 + 1 + 3 + 5);
    o.end = 9;
    ck_assert_msg(read_with(text, &o, &e, &err) == ATT_OK, "%s", err.msg);
    ck_assert(e.end[0] == 10 && e.end[1] == 7 && e.end[2] == 9);
    /* NULL options: plain reading, the file's own names only */
    ck_assert_int_eq(read_with(text, NULL, &e, &err), ATT_EINPUT);
    expect_contains(err.msg, ":1: missing column 't' (is 'T' it?)", "no map");
}
END_TEST

Suite *suite_coded_opts(void)
{
    Suite *s = suite_create("coded_opts");
    TCase *tc = tcase_create("coded_opts");
    tcase_add_test(tc, map_lists);
    tcase_add_test(tc, ends_per_run);
    suite_add_tcase(s, tc);
    return s;
}
