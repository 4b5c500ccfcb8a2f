/* attune serve's pure pieces (serve/): the per-client token bucket and its
 * table, the run registry's limits, ids and idle expiry (with a fake clock),
 * the static files' names and types, and the JSON of a run's steps against
 * a trace written by att_trace for the same scenario and seed. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "attune/trace.h"
#include "serve/serve_int.h"
#include "tests/fixture.h"

#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."
#endif

START_TEST(bucket_refills_at_its_rate)
{
    /* rate 10/s, burst 10: a new bucket is full, so 10 requests at t=100
     * pass and the 11th fails; 0.1 s later one token has come back (10 *
     * 0.1), and after 100 s it is full again but holds no more than 10. */
    serve_bucket b = { 0, 0 };
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(serve_bucket_take(&b, 100.0, 10, 10), 1);
    ck_assert_int_eq(serve_bucket_take(&b, 100.0, 10, 10), 0);
    ck_assert_int_eq(serve_bucket_take(&b, 100.1, 10, 10), 1);
    ck_assert_int_eq(serve_bucket_take(&b, 100.1, 10, 10), 0);
    int passed = 0;
    for (int i = 0; i < 30; i++)
        passed += serve_bucket_take(&b, 200.0, 10, 10);
    ck_assert_int_eq(passed, 10);
}
END_TEST

START_TEST(limiter_counts_each_client_alone)
{
    /* rate 2/s, burst 2: each address gets its own 2; rate 0 allows all. */
    serve_limiter *l = serve_limiter_new(2, 2, 16, NULL);
    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(serve_limiter_allow(l, "10.0.0.1", 5.0), 1);
    ck_assert_int_eq(serve_limiter_allow(l, "10.0.0.1", 5.0), 1);
    ck_assert_int_eq(serve_limiter_allow(l, "10.0.0.1", 5.0), 0);
    ck_assert_int_eq(serve_limiter_allow(l, "10.0.0.2", 5.0), 1);
    ck_assert_int_eq(serve_limiter_allow(l, "10.0.0.2", 5.0), 1);
    ck_assert_int_eq(serve_limiter_allow(l, "10.0.0.2", 5.0), 0);
    ck_assert_int_eq(serve_limiter_allow(l, "10.0.0.1", 5.5), 1);  /* 0.5 s x 2/s */
    /* 100 other clients in a table of 16 slots: the old ones give way, and
     * each newcomer starts with a full bucket */
    char name[32];
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof name, "192.168.0.%d", i);
        ck_assert_int_eq(serve_limiter_allow(l, name, 6.0 + i), 1);
    }
    serve_limiter_free(l);
    serve_limiter *open = serve_limiter_new(0, 1, 4, NULL);
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(serve_limiter_allow(open, "10.0.0.1", 1.0), 1);
    serve_limiter_free(open);
}
END_TEST

static int freed;
static void count_free(void *p)
{
    freed++;
    free(p);
}

static int is_hex_id(const char *id)
{
    return strlen(id) == 32 && strspn(id, "0123456789abcdef") == 32;
}

START_TEST(registry_holds_at_most_max_runs)
{
    att_error err = { 0 };
    char a[SERVE_ID_LEN + 1], b[SERVE_ID_LEN + 1], c[SERVE_ID_LEN + 1];
    freed = 0;
    serve_registry *r = serve_registry_new(2, 5, 600, count_free, &err);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "c", 0, a, &err), ATT_OK);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "c", 0, b, &err), ATT_OK);
    ck_assert(is_hex_id(a) && is_hex_id(b));
    ck_assert_str_ne(a, b);
    void *third = malloc(1);
    ck_assert_int_eq(serve_registry_add(r, third, "c", 1, c, &err), SERVE_EFULL);
    expect_contains(err.msg, "maximum of 2", "the full registry's message");
    free(third);  /* refused: still the caller's */
    ck_assert_int_eq(serve_registry_count(r), 2);
    ck_assert_int_eq(serve_registry_remove(r, a), 1);
    ck_assert_int_eq(serve_registry_remove(r, a), 0);
    ck_assert_int_eq(freed, 1);
    ck_assert_ptr_null(serve_registry_get(r, a, 2));
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "c", 2, c, &err), ATT_OK);
    ck_assert_int_eq(serve_registry_count(r), 2);
    /* unknown ids, a prefix of one and an overlong one */
    char prefix[SERVE_ID_LEN];
    memcpy(prefix, b, SERVE_ID_LEN - 1);
    prefix[SERVE_ID_LEN - 1] = '\0';
    ck_assert_ptr_null(serve_registry_get(r, prefix, 3));
    ck_assert_ptr_null(serve_registry_get(r, "0123456789abcdef0123456789abcdef0", 3));
    ck_assert_ptr_null(serve_registry_get(r, "", 3));
    serve_registry_free(r);
    ck_assert_int_eq(freed, 3);
}
END_TEST

START_TEST(registry_frees_idle_runs_nobody_holds)
{
    /* idle 10 s: a run touched at t=5 lives to t=15; one held by a request
     * lives on until it is put back; a removed one that is held is freed
     * when put back. */
    att_error err = { 0 };
    char a[SERVE_ID_LEN + 1], b[SERVE_ID_LEN + 1];
    freed = 0;
    serve_registry *r = serve_registry_new(10, 10, 10, count_free, &err);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "c", 0, a, &err), ATT_OK);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "c", 0, b, &err), ATT_OK);
    serve_entry *e = serve_registry_get(r, a, 5);
    ck_assert_ptr_nonnull(e);
    serve_registry_put(r, e);
    ck_assert_int_eq(serve_registry_expire(r, 12), 1);  /* b: idle since 0 */
    ck_assert_int_eq(freed, 1);
    ck_assert_int_eq(serve_registry_count(r), 1);
    e = serve_registry_get(r, a, 14);
    ck_assert_int_eq(serve_registry_expire(r, 100), 0);  /* held */
    ck_assert_int_eq(serve_registry_remove(r, a), 1);
    ck_assert_int_eq(serve_registry_count(r), 0);
    ck_assert_int_eq(freed, 1);
    serve_registry_put(r, e);
    ck_assert_int_eq(freed, 2);
    serve_registry_free(r);
    ck_assert_int_eq(freed, 2);
}
END_TEST

START_TEST(registry_caps_runs_per_client)
{
    /* 2 runs per client in a registry of 5, idle 10 s: a client's third is
     * refused (SERVE_ECLIENT) while others go on; a removed or idle run
     * gives its place back; the full registry is SERVE_EFULL for anyone */
    att_error err = { 0 };
    char a1[SERVE_ID_LEN + 1], a2[SERVE_ID_LEN + 1], id[SERVE_ID_LEN + 1];
    freed = 0;
    serve_registry *r = serve_registry_new(5, 2, 10, count_free, &err);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "10.0.0.1", 0, a1, &err), ATT_OK);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "10.0.0.1", 1, a2, &err), ATT_OK);
    void *p = malloc(1);
    ck_assert_int_eq(serve_registry_add(r, p, "10.0.0.1", 2, id, &err), SERVE_ECLIENT);
    expect_contains(err.msg, "this address holds its maximum of 2 simulations", "message");
    ck_assert_int_eq(serve_registry_add(r, p, "10.0.0.2", 2, id, &err), ATT_OK);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "10.0.0.10", 2, id, &err), ATT_OK);
    ck_assert_int_eq(serve_registry_count(r), 4);
    ck_assert_int_eq(serve_registry_remove(r, a1), 1);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "10.0.0.1", 3, id, &err), ATT_OK);
    p = malloc(1);
    ck_assert_int_eq(serve_registry_add(r, p, "10.0.0.1", 3, id, &err), SERVE_ECLIENT);
    /* a2 (used at 1) is idle at 11: its place is free again */
    ck_assert_int_eq(serve_registry_add(r, p, "10.0.0.1", 11.5, id, &err), ATT_OK);
    ck_assert_int_eq(freed, 2);
    /* 4 held; at 12 those of .2 and .10 (used at 2) are idle: 3 more
     * clients fill the 5 places */
    ck_assert_int_eq(serve_registry_count(r), 4);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "b", 12, id, &err), ATT_OK);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "c", 12, id, &err), ATT_OK);
    ck_assert_int_eq(serve_registry_add(r, malloc(1), "d", 12, id, &err), ATT_OK);
    p = malloc(1);
    ck_assert_int_eq(serve_registry_add(r, p, "e", 12, id, &err), SERVE_EFULL);
    free(p);
    serve_registry_free(r);
    ck_assert_int_eq(freed, 9);  /* every run added */
}
END_TEST

START_TEST(files_by_name_and_type)
{
    char dir[4096];
    in_work(dir, sizeof dir, "web");
    char path[4200];
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/index.html", dir);
    write_file(path, "<p>hi</p>");
    snprintf(path, sizeof path, "%s/app.js", dir);
    write_file(path, "x=1");
    snprintf(path, sizeof path, "%s/Upper.js", dir);   /* not [a-z0-9]... */
    write_file(path, "no");
    snprintf(path, sizeof path, "%s/notes.md", dir);   /* no served type */
    write_file(path, "no");
    snprintf(path, sizeof path, "%s/sub.css", dir);    /* a folder */
    ck_assert_int_eq(mkdir(path, 0755), 0);
    att_error err = { 0 };
    serve_files *f = serve_files_load(dir, &err);
    ck_assert_ptr_nonnull(f);
    size_t len;
    const char *mime;
    const char *data = serve_files_get(f, "", &len, &mime);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(len, 9);
    ck_assert_int_eq(memcmp(data, "<p>hi</p>", 9), 0);
    ck_assert_str_eq(mime, "text/html; charset=utf-8");
    ck_assert_ptr_nonnull(serve_files_get(f, "app.js", &len, &mime));
    ck_assert_str_eq(mime, "text/javascript; charset=utf-8");
    ck_assert_ptr_null(serve_files_get(f, "Upper.js", &len, &mime));
    ck_assert_ptr_null(serve_files_get(f, "notes.md", &len, &mime));
    ck_assert_ptr_null(serve_files_get(f, "sub.css", &len, &mime));
    ck_assert_ptr_null(serve_files_get(f, "../index.html", &len, &mime));
    serve_files_free(f);
    ck_assert_ptr_null(serve_files_load(ATT_SRCDIR "/no-such-folder", &err));
    ck_assert_int_eq(err.code, ATT_EIO);
}
END_TEST

/* The rows of a trace written by att_trace for the scenario and seed: the
 * reference the steps' rows must equal. */
static void reference_trace(const char *path, unsigned long seed, char **buf, size_t *len)
{
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(path, NULL, 0, &err);
    att_match_table *mt = load_match("attuned");
    att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
    *buf = NULL;
    FILE *fp = open_memstream(buf, len);
    att_trace *tr = att_trace_new(fp, att_scenario_dt(s), &err);
    att_step st;
    while (att_sim_next(sim, &st, &err) > 0)
        att_trace_write(tr, &st, &err);
    att_trace_free(tr);
    fclose(fp);
    att_sim_free(sim);
    att_match_table_free(mt);
    att_scenario_free(s);
}

START_TEST(steps_json_has_the_trace_rows)
{
    const char *path = ATT_SRCDIR "/scenarios/peekaboo-intrusive.ini";
    const char *dirs[] = { ATT_SRCDIR "/data/match", NULL };
    att_error err = { 0 };
    serve_scenario sc = { (char *)path, (char *)"scenarios/peekaboo-intrusive.ini", NULL };
    serve_run *r = serve_run_new(&sc, NULL, 0, "7", dirs, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    size_t len;
    char *ref;
    reference_trace(path, 7, &ref, &len);
    char *json = NULL;
    size_t jlen;
    FILE *fp = open_memstream(&json, &jlen);
    ck_assert_int_eq(serve_json_steps(r, 50, fp, &err), ATT_OK);
    fclose(fp);
    /* each of the 50 rows, in order, with its session and index */
    const char *p = json, *line = strchr(ref, '\n') + 1;
    for (int i = 0; i < 50; i++) {
        p = strstr(p, "{\"row\":\"");
        ck_assert_ptr_nonnull(p);
        p += 8;
        size_t n = strcspn(line, "\n");
        ck_assert_msg(strncmp(p, line, n) == 0 && p[n] == '"', "row %d differs", i);
        char tail[64];
        snprintf(tail, sizeof tail, "\",\"session\":1,\"index\":%d,\"score\":", i);
        ck_assert_msg(strncmp(p + n, tail, strlen(tail)) == 0, "row %d: %.60s", i, p + n);
        line += n + 1;
    }
    ck_assert_ptr_null(strstr(p + 1, "{\"row\":"));
    expect_contains(json, "\"state\":{\"session\":1,\"index\":50,\"t\":5,\"done\":false,"
                          "\"policy\":\"intrusive\"", "the state after 50 steps");
    expect_contains(json, "\"events\":[\"    0.0 s  ", "the first step's narration");
    free(json);
    free(ref);
    serve_run_free(r);
    /* a bad seed and a bad set: the program's words */
    ck_assert_ptr_null(serve_run_new(&sc, NULL, 0, "abc", dirs, &err));
    ck_assert_str_eq(err.msg, "--seed abc: must be a whole number from 0 to 4294967295");
    const char *bad[] = { "caregiver.wait_time=-1" };
    ck_assert_ptr_null(serve_run_new(&sc, bad, 1, NULL, dirs, &err));
    ck_assert_int_eq(err.code, ATT_EINPUT);
    expect_prefix(err.msg, "--set caregiver.wait_time=-1: ");
}
END_TEST

START_TEST(json_numbers)
{
    char *buf = NULL;
    size_t len;
    FILE *fp = open_memstream(&buf, &len);
    serve_json_number(fp, 8);
    fputc(' ', fp);
    serve_json_number(fp, 0.1);
    fputc(' ', fp);
    serve_json_number(fp, NAN);
    fputc(' ', fp);
    serve_json_number(fp, -INFINITY);
    fputc(' ', fp);
    serve_json_number(fp, 52.400000000000006);
    fclose(fp);
    ck_assert_str_eq(buf, "8 0.1 null null 52.4");
    free(buf);
}
END_TEST

START_TEST(page_sets_infant_caregiver_phase_only)
{
    /* the section as the loader reads it (spaces trimmed) must be one of
     * the page's three; what is not SECTION.KEY= is left to the loader */
    att_error err = { 0 };
    static const char *const ok[] = { "infant.preset=anxious", "caregiver.wait_time=3",
                                      " phase .session.wait_time=1", "phase.a.b=c",
                                      "caregiver_wait=3", "scenario", "scenario=a.b" };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        ck_assert_msg(serve_check_set(ok[i], &err) == ATT_OK, "%s: %s", ok[i], err.msg);
    static const char *const no[][2] = {
        { "scenario.match_table=/etc/passwd", "scenario.match_table" },
        { "\tscenario\t.match_table = x.csv", "scenario.match_table" },
        { "scenario.seed=3", "scenario.seed" },
        { "batch.replicates=9", "batch.replicates" },
        { "infants.preset=x", "infants.preset" },
        { ".match_table=x", ".match_table" },
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        char want[512];
        snprintf(want, sizeof want, "--set %s: the page sets infant, caregiver and phase keys "
                 "only, not %s", no[i][0], no[i][1]);
        ck_assert_int_eq(serve_check_set(no[i][0], &err), ATT_EINPUT);
        ck_assert_str_eq(err.msg, want);
    }
    /* serve_run_new checks before it loads anything */
    const char *dirs[] = { ATT_SRCDIR "/data/match", NULL };
    serve_scenario sc = { (char *)ATT_SRCDIR "/scenarios/peekaboo-patient.ini",
                          (char *)"scenarios/peekaboo-patient.ini", NULL };
    const char *sets[] = { "infant.preset=secure", "scenario.match_table=" ATT_SRCDIR
                           "/data/match/attuned.csv" };
    ck_assert_ptr_null(serve_run_new(&sc, sets, 2, NULL, dirs, &err));
    expect_prefix(err.msg, "--set scenario.match_table=");
    serve_run *r = serve_run_new(&sc, sets, 1, NULL, dirs, &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    serve_run_free(r);
}
END_TEST

Suite *suite_serve(void)
{
    Suite *s = suite_create("serve");
    TCase *tc = tcase_create("serve");
    tcase_add_unchecked_fixture(tc, case_setup, case_teardown);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, bucket_refills_at_its_rate);
    tcase_add_test(tc, limiter_counts_each_client_alone);
    tcase_add_test(tc, registry_holds_at_most_max_runs);
    tcase_add_test(tc, registry_frees_idle_runs_nobody_holds);
    tcase_add_test(tc, registry_caps_runs_per_client);
    tcase_add_test(tc, files_by_name_and_type);
    tcase_add_test(tc, steps_json_has_the_trace_rows);
    tcase_add_test(tc, json_numbers);
    tcase_add_test(tc, page_sets_infant_caregiver_phase_only);
    suite_add_tcase(s, tc);
    return s;
}
