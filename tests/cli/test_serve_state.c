/* attune serve's state at a boundary (docs/SERVE.md, the steps answer and
 * the change): after the last step of a phase or a session the state says
 * where the run stands next (the next step's session, index, phase, policy
 * and values; the counts of the session just ended, named by its number),
 * the same however the steps were asked for, and a change made there goes
 * to that next step.  Each expected value is read from `attune run` and
 * `attune score` of the same scenario and seed, not from the server. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tests/fixture.h"

/* The column `name` of the header line of `trace`. */
static int col(const char *trace, const char *name)
{
    char buf[64];
    for (int i = 0;; i++)
        if (strcmp(field(trace, i, buf, sizeof buf), name) == 0)
            return i;
}

/* Field `name` of data row `row` (1 = the first after the header). */
static const char *cell(const char *trace, int row, const char *name, char *buf, size_t size)
{
    const char *line = line_at(trace, row);
    ck_assert_ptr_nonnull(line);
    return field(line, col(trace, name), buf, size);
}

/* The "state" object of a steps answer (the answer's end), malloc'd. */
static char *state_of(const char *answer)
{
    const char *p = strstr(answer, "],\"state\":");
    ck_assert_ptr_nonnull(p);
    p += strlen("],\"state\":");
    return strndup(p, strlen(p) - 1);
}

/* A new run of `query` stepped by the `n` chunks (0-terminated): its id
 * into `id`, the last answer's state returned, how many steps that answer
 * had into *last (may be NULL). */
static char *state_after(int port, const char *query, const int *chunks, char *id, int *last)
{
    char *answer = NULL;
    api_new_run(port, query, id);
    for (int i = 0; chunks[i]; i++) {
        free(answer);
        answer = api_steps(port, id, chunks[i]);
    }
    if (last)
        *last = 0;
    for (const char *p = answer; last && (p = strstr(p, "{\"row\":")); p++)
        (*last)++;
    char *st = state_of(answer);
    free(answer);
    return st;
}

/* The state of a run of `query` after the chunks of each of `k` chunkings
 * (each 0-terminated, one after another in `all`): fails unless every
 * chunking leaves the same state, which is returned. */
static char *same_state(int port, const char *query, const int *all, int k)
{
    char id[40], *first = NULL;
    for (int i = 0; i < k; i++) {
        char *st = state_after(port, query, all, id, NULL);
        if (!first)
            first = st;
        else {
            ck_assert_msg(strcmp(first, st) == 0, "%s: chunking %d gives %s, the first %s", query,
                          i + 1, st, first);
            free(st);
        }
        while (*all++)
            ;
    }
    return first;
}

/* The rows of a steps answer, each with '\n', malloc'd. */
static char *rows_of(const char *answer)
{
    size_t len = 0;
    char *rows = calloc(1, 1);
    for (const char *p = answer; (p = strstr(p, "{\"row\":\"")); ) {
        p += 8;
        size_t n = strcspn(p, "\"");
        rows = realloc(rows, len + n + 2);
        memcpy(rows + len, p, n);
        len += n;
        rows[len++] = '\n';
        rows[len] = '\0';
        p += n;
    }
    return rows;
}

/* Fails unless `rows` are the lines of `trace` from data row `from` on. */
static void expect_rows_from(const char *rows, const char *trace, int from)
{
    const char *line = line_at(trace, from);
    ck_assert_ptr_nonnull(line);
    ck_assert_msg(strncmp(rows, line, strlen(rows)) == 0, "rows from %d differ from attune run's",
                  from);
}

/* Fails unless the caregiver values and the policy of states a and b agree. */
static void expect_same_caregiver(const char *a, const char *b)
{
    static const char *const keys[] = { "caregiver.wait_time", "caregiver.intrusiveness",
                                        "caregiver.responsiveness", "caregiver.perception_delay",
                                        "caregiver.repair_latency" };
    char pa[64], pb[64];
    ck_assert_str_eq(json_str(a, "policy", pa, sizeof pa), json_str(b, "policy", pb, sizeof pb));
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        ck_assert_msg(json_num(a, keys[i]) == json_num(b, keys[i]), "%s: %g, %g", keys[i],
                      json_num(a, keys[i]), json_num(b, keys[i]));
}

START_TEST(serve_state_at_a_phase_boundary)
{
    /* still-face, seed 45: play ends at 120 s, the still face begins */
    const char *args[] = { "serve", "--port", "0", "--rate", "0", "--max-steps", "2000", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    const char *scn = SRC("scenarios/still-face.ini");
    const char *run[] = { "run", scn, "--seed", "45", "-q", NULL };
    char *trace = output_of(run), buf[64], id[40];
    const char *q = "scenario=still-face&seed=45";
    static const int chunkings[] = { 1000, 200, 0, 1200, 0, 600, 599, 1, 0 };
    char *st = same_state(port, q, chunkings, 3);
    ck_assert_double_eq(json_num(st, "index"), 1200);
    ck_assert_double_eq(json_num(st, "t"), 120);
    /* step 1200 (data row 1201) is the still face's first; 1199 played */
    ck_assert_str_eq(cell(trace, 1200, "phase", buf, sizeof buf), "play");
    ck_assert_str_eq(cell(trace, 1201, "phase", buf, sizeof buf), "still-face");
    ck_assert_str_eq(json_str(st, "phase", buf, sizeof buf), "still-face");
    ck_assert_str_eq(json_str(st, "policy", buf, sizeof buf), "still-face");
    ck_assert_str_eq(cell(trace, 1201, "caregiver_behavior", buf, sizeof buf), "still-face");
    /* her values are those the still face has one step into it, and the
     * infant's trust the one the last step left */
    int steps_in[] = { 1201, 0 };
    char *in = state_after(port, q, steps_in, id, NULL);
    expect_same_caregiver(st, in);
    ck_assert_double_eq(json_num(in, "caregiver.responsiveness"), 0);
    double trust = strtod(cell(trace, 1200, "infant_trust", buf, sizeof buf), NULL);
    ck_assert(fabs(json_num(st, "infant.trust") - trust) < 5e-5);
    /* a change there is for that step: the answer shows the still face */
    free(state_after(port, q, chunkings, id, NULL));
    char *c = api_change(port, id, "infant.trust%3D0.5");
    ck_assert_str_eq(json_str(c, "at", buf, sizeof buf), "120:infant.trust=0.5");
    expect_same_caregiver(c, in);
    ck_assert_double_eq(json_num(c, "infant.trust"), 0.5);
    free(c);
    c = api_change(port, id, "caregiver.policy%3Dpatient");
    ck_assert_str_eq(json_str(c, "policy", buf, sizeof buf), "patient");
    free(c);
    char *answer = api_steps(port, id, 100), *rows = rows_of(answer);
    const char *at[] = { "run", scn, "--seed", "45", "--at", "120:infant.trust=0.5", "--at",
                         "120:caregiver.policy=patient", "-q", NULL };
    char *changed = output_of(at);
    expect_rows_from(rows, changed, 1201);
    free(changed);
    free(rows);
    free(answer);
    free(in);
    free(st);
    free(trace);
    serve_stop(pid);
}
END_TEST

/* A session's trust at its end as `attune run` prints it in its timeline
 * (on standard error, the trace going to -o). */
static double session_trust(const char *const *run, long session)
{
    result r = run_argv(run);
    expect_status(&r, 0);
    const char *p = strstr(r.err, "timeline");
    ck_assert_ptr_nonnull(p);
    double trust = NAN;
    for (p = strchr(p, '\n'); p && isnan(trust); p = strchr(p + 1, '\n')) {
        long s;
        double match, lat, t;
        int rup, rep;
        if (sscanf(p + 1, "%ld %lf %d %d %lf s %lf", &s, &match, &rup, &rep, &lat, &t) == 6
            && s == session)
            trust = t;
    }
    result_free(&r);
    ck_assert(!isnan(trust));
    return trust;
}

START_TEST(serve_state_at_a_session_boundary)
{
    /* consistent-repair, seed 5: sessions of 1800 steps */
    const char *args[] = { "serve", "--port", "0", "--rate", "0", "--max-steps", "2000", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    const char *scn = SRC("scenarios/consistent-repair.ini");
    char trace_path[4096], first_path[4096], buf[64], id[40];
    in_work(trace_path, sizeof trace_path, "cr.csv");
    const char *run[] = { "run", scn, "--seed", "5", "-o", trace_path, NULL };
    double trust = session_trust(run, 1);
    char *trace = slurp(trace_path, NULL);
    const char *q = "scenario=consistent-repair&seed=5";
    static const int chunkings[] = { 1000, 800, 0, 1800, 0, 1000, 801, 0, 600, 600, 600, 0 };
    char *st = same_state(port, q, chunkings, 4);
    int last;
    free(state_after(port, q, chunkings + 5, id, &last));
    ck_assert_int_eq(last, 800);   /* the session's end stops the request */
    ck_assert_double_eq(json_num(st, "session"), 2);
    ck_assert_double_eq(json_num(st, "index"), 0);
    ck_assert_double_eq(json_num(st, "t"), 0);
    ck_assert_ptr_nonnull(strstr(st, "\"done\":false"));
    ck_assert_str_eq(cell(trace, 1801, "session", buf, sizeof buf), "2");
    ck_assert_str_eq(json_str(st, "phase", buf, sizeof buf),
                     cell(trace, 1801, "phase", buf + 32, 32));
    ck_assert(fabs(json_num(st, "infant.trust") - trust) < 5e-4);
    /* the counts are session 1's, as attune score counts its 1800 rows */
    in_work(first_path, sizeof first_path, "first.csv");
    write_bytes(first_path, trace, (size_t)(line_at(trace, 1801) - trace));
    const char *score[] = { "score", first_path, "--format", "csv", NULL };
    char *scores = output_of(score);
    const char *counts = strstr(st, "\"counts\":");
    ck_assert_double_eq(json_num(counts, "session"), 1);
    ck_assert_double_eq(json_num(counts, "ruptures"), csv_cell(scores, 1, "ruptures"));
    ck_assert_double_eq(json_num(counts, "repairs"), csv_cell(scores, 1, "repairs"));
    ck_assert(fabs(json_num(counts, "median_latency") - csv_cell(scores, 1, "latency_median_s"))
              < 1e-9);
    ck_assert(fabs(json_num(counts, "matched_share") - csv_cell(scores, 1, "matched_prop")) < 1e-9);
    ck_assert_ptr_nonnull(strstr(counts, "\"open\":false"));
    free(scores);
    /* her policy and values are those one step into session 2 */
    int steps_in[] = { 1800, 1, 0 };
    char *in = state_after(port, q, steps_in, id, NULL);
    expect_same_caregiver(st, in);
    ck_assert_double_eq(json_num(strstr(in, "\"counts\":"), "session"), 2);
    free(in);
    /* a change there goes to session 2's first step */
    free(state_after(port, q, chunkings, id, NULL));
    char *c = api_change(port, id, "infant.trust%3D0.5");
    ck_assert_str_eq(json_str(c, "at", buf, sizeof buf), "2/0:infant.trust=0.5");
    ck_assert_double_eq(json_num(c, "session"), 2);
    ck_assert_double_eq(json_num(c, "infant.trust"), 0.5);
    free(c);
    char *answer = api_steps(port, id, 50), *rows = rows_of(answer);
    const char *at[] = { "run", scn, "--seed", "5", "--at", "2/0:infant.trust=0.5", "-q", NULL };
    char *changed = output_of(at);
    expect_rows_from(rows, changed, 1801);
    free(changed);
    free(rows);
    free(answer);
    free(st);
    free(trace);
    serve_stop(pid);
}
END_TEST

START_TEST(serve_state_of_a_timeline_of_phases)
{
    /* two sessions of two phases: at 20 s the still face; at 30 s the
     * session ends, and the next begins with play */
    char ini[4096], buf[64], id[40], path[256];
    write_input(ini, sizeof ini, "two.ini",
                "[scenario]\nname = two-phases\ndt = 0.1\nseed = 3\nsessions = 2\n"
                "interval = 3600\n[caregiver]\npolicy = patient\n"
                "[phase]\nname = play\nduration = 20\n"
                "[phase]\nname = still\nduration = 10\npolicy = still-face\n");
    const char *args[] = { "serve", "--port", "0", "--rate", "0", ini, NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    const char *run[] = { "run", ini, "-q", NULL };
    char *trace = output_of(run);
    const char *q = "scenario=two-phases";
    static const int phase_end[] = { 100, 100, 0, 200, 0, 199, 1, 0 };
    char *st = same_state(port, q, phase_end, 3);
    ck_assert_str_eq(cell(trace, 201, "phase", buf, sizeof buf), "still");
    ck_assert_str_eq(json_str(st, "phase", buf, sizeof buf), "still");
    ck_assert_str_eq(json_str(st, "policy", buf, sizeof buf), "still-face");
    free(st);
    static const int session_end[] = { 150, 150, 0, 300, 0, 150, 151, 0 };
    st = same_state(port, q, session_end, 3);
    ck_assert_str_eq(cell(trace, 300, "phase", buf, sizeof buf), "still");
    ck_assert_str_eq(cell(trace, 301, "phase", buf, sizeof buf), "play");
    ck_assert_ptr_nonnull(strstr(st, "{\"session\":2,\"index\":0,\"t\":0,\"done\":false,"
                                     "\"policy\":\"patient\",\"phase\":\"play\","
                                     "\"counts\":{\"session\":1,"));
    free(st);
    /* a change for session 2's first step, then the run to its end: done
     * after its last step, whatever comes after */
    free(state_after(port, q, session_end, id, NULL));
    char *c = api_change(port, id, "caregiver.wait_time%3D3");
    ck_assert_str_eq(json_str(c, "at", buf, sizeof buf), "2/0:caregiver.wait_time=3");
    ck_assert_str_eq(json_str(c, "policy", buf, sizeof buf), "patient");
    ck_assert_double_eq(json_num(c, "caregiver.wait_time"), 3);
    free(c);
    char *answer = api_steps(port, id, 300);
    st = state_of(answer);
    ck_assert_ptr_nonnull(strstr(st, "{\"session\":2,\"index\":300,\"t\":30,\"done\":true,"));
    free(st);
    free(answer);
    answer = api_steps(port, id, 1);
    ck_assert_ptr_nonnull(strstr(answer, "{\"steps\":[],\"state\":{\"session\":2,\"index\":300,"));
    free(answer);
    snprintf(path, sizeof path, "/api/runs/%s/change?set=caregiver.wait_time%%3D4", id);
    ck_assert_int_eq(http_request(port, "POST", path, NULL, NULL, &answer, NULL), 400);
    free(answer);
    const char *at[] = { "run", ini, "--at", "2/0:caregiver.wait_time=3", "-q", NULL };
    char *changed = output_of(at);
    snprintf(path, sizeof path, "/api/runs/%s/trace.csv", id);
    ck_assert_int_eq(http_request(port, "GET", path, NULL, NULL, &answer, NULL), 200);
    ck_assert_str_eq(answer, changed);
    free(answer);
    free(changed);
    free(trace);
    serve_stop(pid);
}
END_TEST

Suite *suite_cli_serve_state(void)
{
    Suite *s = suite_create("cli_serve_state");
    TCase *tc = fixture_tcase("cli", setup);
    tcase_add_test(tc, serve_state_at_a_phase_boundary);
    tcase_add_test(tc, serve_state_at_a_session_boundary);
    tcase_add_test(tc, serve_state_of_a_timeline_of_phases);
    suite_add_tcase(s, tc);
    return s;
}
