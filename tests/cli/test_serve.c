/* attune serve through HTTP: the scenarios offered, steps whose rows are
 * `attune run`'s bytes, counts equal to `attune score` of the same rows, the
 * downloads equal to `attune run -o` and `attune plot`, the CLI's messages
 * for bad values, and every limit (503, 429, 404, 405, 413, 400). */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tests/fixture.h"

/* Appends the rows of a steps answer to `rows` (each with '\n'). */
static void add_rows(const char *json, char **rows, size_t *len)
{
    for (const char *p = json; (p = strstr(p, "{\"row\":\"")); ) {
        p += 8;
        size_t n = strcspn(p, "\"");
        *rows = realloc(*rows, *len + n + 2);
        memcpy(*rows + *len, p, n);
        *len += n;
        (*rows)[(*len)++] = '\n';
        (*rows)[*len] = '\0';
        p += n;
    }
}

START_TEST(serve_offers_the_shipped_scenarios)
{
    const char *args[] = { "serve", "--port", "0", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char *info;
    ck_assert_int_eq(http_request(port, "GET", "/api/info", NULL, NULL, &info, NULL), 200);
    /* every .ini of scenarios/ that is not an experiment (no [condition]) */
    DIR *d = opendir(SRC("scenarios"));
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    int offered = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".ini") != 0)
            continue;
        char path[512], want[512];
        snprintf(path, sizeof path, "%s/%s", SRC("scenarios"), e->d_name);
        char *text = slurp(path, NULL);
        int experiment = strstr(text, "\n[condition]") != NULL;
        free(text);
        snprintf(want, sizeof want, "\"path\":\"scenarios/%s\"", e->d_name);
        ck_assert_msg((strstr(info, want) != NULL) == !experiment, "%s", want);
        offered += !experiment;
    }
    closedir(d);
    int count = 0;
    for (const char *p = info; (p = strstr(p, "\"path\":")); p++)
        count++;
    ck_assert_int_eq(count, offered);
    expect_contains(info, "\"defaults\":[\"peekaboo-patient\",\"peekaboo-intrusive\"]", "info");
    expect_contains(info, "\"presets\":[\"secure\",\"anxious\",\"avoidant\"]", "info");
    expect_contains(info, "\"limits\":{\"max_steps\":1000,\"max_runs\":256,\"rate\":50", "info");
    ck_assert_double_eq(json_num(info, "runs"), 0);
    free(info);
    serve_stop(pid);
}
END_TEST

/* A shipped scenario named again on the command line is the same file:
 * offered once, not refused as a second scenario of its name. */
START_TEST(serve_same_file_offered_once)
{
    const char *args[] = { "serve", "--port", "0", SRC("scenarios/still-face.ini"), NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char *info;
    ck_assert_int_eq(http_request(port, "GET", "/api/info", NULL, NULL, &info, NULL), 200);
    int count = 0;
    for (const char *p = info; (p = strstr(p, "\"name\":\"still-face\",\"path\"")); p++)
        count++;
    ck_assert_int_eq(count, 1);
    free(info);
    serve_stop(pid);
}
END_TEST


/* latency_median_s of the `all` window of `attune score` for `trace`. */
static double score_median(const char *trace)
{
    const char *args[] = { "score", trace, "--format", "csv", NULL };
    char *out = output_of(args);
    const char *row = strstr(out, "\n1,all,");
    ck_assert_ptr_nonnull(row);
    char buf[64];
    field(row + 1, 10, buf, sizeof buf);  /* run,window,...,latency_median_s */
    ck_assert_ptr_nonnull(strstr(out, "latency_median_s"));
    free(out);
    return buf[0] ? strtod(buf, NULL) : NAN;
}

/* Writes the header and the first `n` rows of `trace` to work/NAME. */
static void first_rows(const char *trace, int n, char *path, size_t size, const char *name)
{
    const char *end = trace;
    for (int i = 0; i <= n; i++)
        end = strchr(end, '\n') + 1;
    in_work(path, size, name);
    write_bytes(path, trace, (size_t)(end - trace));
}

static void expect_same_median(const char *state, const char *trace, int n)
{
    char path[4096];
    first_rows(trace, n, path, sizeof path, "part.csv");
    double want = score_median(path), got = json_num(state, "median_latency");
    ck_assert_msg((isnan(want) && isnan(got)) || fabs(want - got) < 1e-9,
                  "after %d steps: server %g, attune score %g", n, got, want);
}

START_TEST(serve_steps_are_attune_run_rows)
{
    /* --rate 1000: the loop below may ask step by step for hundreds of
     * steps (on the model of session 9 this dyad's first rupture after step
     * 600 opens at step 762), faster than the default 50 a second */
    const char *args[] = { "serve", "--port", "0", "--rate", "1000", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char id[40];
    api_new_run(port, "scenario=peekaboo-intrusive&seed=7", id);
    const char *run[] = { "run", SRC("scenarios/peekaboo-intrusive.ini"), "--seed", "7", "-q",
                          NULL };
    char *trace = output_of(run);
    char *rows = NULL;
    size_t len = 0;
    char *a = api_steps(port, id, 150), *b = api_steps(port, id, 50);
    add_rows(a, &rows, &len);
    add_rows(b, &rows, &len);
    const char *first = strchr(trace, '\n') + 1;
    ck_assert_int_eq(count_lines(rows), 200);
    ck_assert_msg(strncmp(rows, first, len) == 0, "the 200 rows differ from attune run's");
    ck_assert_double_eq(json_num(strstr(b, "\"state\":"), "index"), 200);
    expect_same_median(strstr(b, "\"state\":"), trace, 200);
    free(a);
    free(b);
    /* on to 600 steps, then one at a time until a rupture is open: the
     * median counts it as censored at the end of the last step */
    free(api_steps(port, id, 400));
    int n = 600, open = 0;
    char *s = NULL;
    while (!open && n < 1000) {
        free(s);
        s = api_steps(port, id, 1);
        n++;
        open = strstr(s, "\"open\":true") != NULL;
    }
    ck_assert_msg(open, "no rupture open between steps 600 and 1000");
    expect_same_median(strstr(s, "\"state\":"), trace, n);
    ck_assert_double_eq(json_num(strstr(s, "\"state\":"), "ruptures"),
                        json_num(strstr(s, "\"state\":"), "repairs") + 1);
    free(s);
    free(rows);
    free(trace);
    serve_stop(pid);
}
END_TEST

START_TEST(serve_downloads_equal_run_and_plot)
{
    const char *args[] = { "serve", "--port", "0", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char id[40], path[256], ref[4096], fig[4096];
    api_new_run(port, "scenario=still-face&seed=12&set=caregiver.wait_time%3D2", id);
    free(api_steps(port, id, 100));
    in_work(ref, sizeof ref, "ref.csv");
    result r = run_attune("run", SRC("scenarios/still-face.ini"), "--seed", "12", "--set",
                          "caregiver.wait_time=2", "-q", "-o", ref, NULL);
    expect_status(&r, 0);
    result_free(&r);
    char *body;
    size_t len, want_len;
    snprintf(path, sizeof path, "/api/runs/%s/trace.csv", id);
    ck_assert_int_eq(http_request(port, "GET", path, NULL, NULL, &body, &len), 200);
    char *want = slurp(ref, &want_len);
    ck_assert_uint_eq(len, want_len);
    ck_assert_int_eq(memcmp(body, want, len), 0);
    free(body);
    free(want);
    static const char *const exts[] = { "png", "svg" };
    for (int k = 0; k < 2; k++) {
        char name[32];
        snprintf(name, sizeof name, "fig.%s", exts[k]);
        in_work(fig, sizeof fig, name);
        r = run_attune("plot", ref, "--title", "still-face, seed 12", "-o", fig, NULL);
        expect_status(&r, 0);
        result_free(&r);
        snprintf(path, sizeof path, "/api/runs/%s/figure.%s", id, exts[k]);
        ck_assert_int_eq(http_request(port, "GET", path, NULL, NULL, &body, &len), 200);
        want = slurp(fig, &want_len);
        ck_assert_uint_eq(len, want_len);
        ck_assert_msg(memcmp(body, want, len) == 0, "figure.%s differs from attune plot's",
                      exts[k]);
        free(body);
        free(want);
    }
    serve_stop(pid);
}
END_TEST

/* The program's message for the same input, without "attune run: " and the
 * newline. */
static char *cli_message(const char *const *args)
{
    result r = run_argv(args);
    expect_status(&r, 2);
    char *msg = strdup(strncmp(r.err, "attune run: ", 12) == 0 ? r.err + 12 : r.err);
    msg[strcspn(msg, "\n")] = '\0';
    result_free(&r);
    return msg;
}

static void expect_400(int port, const char *method, const char *path, const char *msg)
{
    char *out, got[1024];
    ck_assert_int_eq(http_request(port, method, path, NULL, NULL, &out, NULL), 400);
    ck_assert_ptr_nonnull(json_str(out, "error", got, sizeof got));
    ck_assert_str_eq(got, msg);
    free(out);
}

START_TEST(serve_bad_values_get_the_cli_text)
{
    const char *args[] = { "serve", "--port", "0", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    const char *scn = SRC("scenarios/peekaboo-patient.ini");
    const char *set[] = { "run", scn, "--set", "caregiver.wait_time=-1", NULL };
    char *msg = cli_message(set);
    expect_400(port, "POST", "/api/runs?scenario=peekaboo-patient&set=caregiver.wait_time%3D-1",
               msg);
    free(msg);
    const char *typo[] = { "run", scn, "--set", "caregiver.wait_tme=3", NULL };
    msg = cli_message(typo);
    expect_400(port, "POST", "/api/runs?scenario=peekaboo-patient&set=caregiver.wait_tme%3D3",
               msg);
    free(msg);
    const char *seed[] = { "run", scn, "--seed", "abc", NULL };
    msg = cli_message(seed);
    expect_400(port, "POST", "/api/runs?scenario=peekaboo-patient&seed=abc", msg);
    free(msg);
    expect_400(port, "POST", "/api/runs?scenario=peekaboo-patint",
               "scenario=peekaboo-patint: no such scenario (did you mean 'peekaboo-patient'?)");
    /* a misspelt or repeated parameter is refused, not ignored */
    expect_400(port, "POST", "/api/runs?scenario=peekaboo-patient&sede=5",
               "sede: not a parameter of POST /api/runs (it takes scenario, seed and set)");
    expect_400(port, "POST", "/api/runs?scenario=peekaboo-patient&seed=5&seed=6",
               "seed: given twice");
    expect_400(port, "POST", "/api/runs?scenario=peekaboo-patient&scenario=peekaboo-intrusive",
               "scenario: given twice");
    expect_400(port, "GET", "/api/info?verbose=1",
               "verbose: not a parameter of GET /api/info (it takes none)");
    char id[40], path[256];
    api_new_run(port, "scenario=peekaboo-patient", id);
    snprintf(path, sizeof path, "/api/runs/%s/steps?n=1&m=2", id);
    expect_400(port, "POST", path, "m: not a parameter of POST /api/runs/ID/steps (it takes n)");
    snprintf(path, sizeof path, "/api/runs/%s/steps?n=1&n=2", id);
    expect_400(port, "POST", path, "n: given twice");
    snprintf(path, sizeof path, "/api/runs/%s/change?set=caregiver.wait_time%%3D3&at=5", id);
    expect_400(port, "POST", path,
               "at: not a parameter of POST /api/runs/ID/change (it takes set)");
    snprintf(path, sizeof path, "/api/runs/%s/trace.csv?seed=3", id);
    expect_400(port, "GET", path,
               "seed: not a parameter of GET /api/runs/ID/trace.csv (it takes none)");
    snprintf(path, sizeof path, "/api/runs/%s?force=1", id);
    expect_400(port, "DELETE", path,
               "force: not a parameter of DELETE /api/runs/ID (it takes none)");
    /* none of these moved the run: its first step is still step 1 */
    char *first = api_steps(port, id, 1);
    ck_assert_double_eq(json_num(first, "index"), 0);
    free(first);
    static const char *const bad_n[] = { "0", "-1", "abc", "1e99", "1001", "" };
    for (size_t i = 0; i < sizeof bad_n / sizeof bad_n[0]; i++) {
        char want[128];
        snprintf(path, sizeof path, "/api/runs/%s/steps?n=%s", id, bad_n[i]);
        snprintf(want, sizeof want, "n=%s: must be a whole number from 1 to 1000", bad_n[i]);
        expect_400(port, "POST", path, want);
    }
    serve_stop(pid);
}
END_TEST

static int status_of(int port, const char *method, const char *path, const char *body)
{
    char *out;
    int st = http_request(port, method, path, NULL, body, &out, NULL);
    if (st != 204 && st > 0)
        ck_assert_msg(out && strncmp(out, "{\"", 2) == 0, "%s %s: not JSON: %s", method, path,
                      out ? out : "(none)");
    free(out);
    return st;
}

START_TEST(serve_limits_and_wrong_requests)
{
    const char *args[] = { "serve", "--port", "0", "--max-runs", "2", "--rate", "1000", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char a[40], b[40], c[40], path[1200];
    api_new_run(port, "scenario=peekaboo-patient", a);
    api_new_run(port, "scenario=peekaboo-patient", b);
    ck_assert_int_eq(status_of(port, "POST", "/api/runs?scenario=peekaboo-patient", NULL), 503);
    snprintf(path, sizeof path, "/api/runs/%s/close", a);
    ck_assert_int_eq(status_of(port, "POST", path, NULL), 204);
    ck_assert_int_eq(status_of(port, "POST", path, NULL), 404);
    api_new_run(port, "scenario=peekaboo-intrusive", c);
    snprintf(path, sizeof path, "/api/runs/%s", b);
    ck_assert_int_eq(status_of(port, "DELETE", path, NULL), 204);
    ck_assert_int_eq(status_of(port, "DELETE", path, NULL), 404);
    snprintf(path, sizeof path, "/api/runs/%s/steps?n=5", a);  /* closed */
    ck_assert_int_eq(status_of(port, "POST", path, NULL), 404);
    /* an id that is not one, of 32 and of 1000 characters */
    ck_assert_int_eq(status_of(port, "POST", "/api/runs/0123456789abcdef0123456789abcdef/steps?n=1",
                               NULL), 404);
    char *longid = path;
    strcpy(longid, "/api/runs/");
    memset(longid + 10, 'a', 1000);
    strcpy(longid + 1010, "/steps?n=1");
    ck_assert_int_eq(status_of(port, "POST", longid, NULL), 404);
    ck_assert_int_eq(status_of(port, "GET", "/nope.html", NULL), 404);
    ck_assert_int_eq(status_of(port, "GET", "/../Makefile", NULL), 404);
    ck_assert_int_eq(status_of(port, "GET", "/api/nope", NULL), 404);
    snprintf(path, sizeof path, "/api/runs/%s/nope", c);
    ck_assert_int_eq(status_of(port, "GET", path, NULL), 404);
    ck_assert_int_eq(status_of(port, "GET", "/api/runs", NULL), 405);
    ck_assert_int_eq(status_of(port, "POST", "/api/info", NULL), 405);
    snprintf(path, sizeof path, "/api/runs/%s/steps?n=1", c);
    ck_assert_int_eq(status_of(port, "GET", path, NULL), 405);
    ck_assert_int_eq(status_of(port, "POST", path, "x=1"), 413);
    ck_assert_int_eq(status_of(port, "POST", path, NULL), 200);
    ck_assert_int_eq(status_of(port, "GET", "/api/info?&", NULL), 200);  /* a stray '&' */
    /* HEAD where GET is taken: GET's status and headers, no body */
    snprintf(path, sizeof path, "/api/runs/%s/trace.csv", c);
    const char *heads[] = { "/api/info", "/", path };
    for (int i = 0; i < 3; i++) {
        char *out;
        size_t len = 1;
        ck_assert_int_eq(http_request(port, "HEAD", heads[i], NULL, NULL, &out, &len), 200);
        ck_assert_msg(len == 0, "HEAD %s: a body of %zu bytes", heads[i], len);
        free(out);
    }
    ck_assert_int_eq(http_request(port, "HEAD", "/api/runs", NULL, NULL, NULL, NULL), 405);
    char *info;
    ck_assert_int_eq(http_request(port, "GET", "/api/info", NULL, NULL, &info, NULL), 200);
    ck_assert_double_eq(json_num(info, "runs"), 1);
    free(info);
    serve_stop(pid);
    /* 5 requests a second from one address: of 20 at once, 5 pass */
    const char *slow[] = { "serve", "--port", "0", "--rate", "5", NULL };
    pid = serve_start(slow, &port);
    int ok = 0, limited = 0;
    for (int i = 0; i < 20; i++) {
        int st = status_of(port, "GET", "/api/info", NULL);
        ok += st == 200;
        limited += st == 429;
    }
    ck_assert_int_eq(ok + limited, 20);
    ck_assert_int_ge(ok, 5);
    ck_assert_int_le(ok, 7);  /* 5, and what came back while they ran */
    /* the page's files are not counted: a class loads the page at once */
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(http_request(port, "GET", i % 2 ? "/app.js" : "/", NULL, NULL, NULL,
                                      NULL), 200);
    serve_stop(pid);
}
END_TEST

START_TEST(serve_command_line)
{
    result r = run_attune("serve", "--help", NULL);
    expect_status(&r, 0);
    static const char *const opts[] = { "--port", "--host", "--max-runs", "--idle",
                                        "--max-steps", "--rate", "--max-client-runs" };
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        expect_contains(r.out, opts[i], "attune serve --help");
    result_free(&r);
    r = run_attune("serve", "--port", "70000", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "attune serve: --port 70000: must be a whole number from 0 to 65535",
                    "stderr");
    result_free(&r);
    r = run_attune("serve", "--prot", "1", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "did you mean '--port'", "stderr");
    result_free(&r);
    /* a port in use */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(listen(fd, 1), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
    char port[16], want[128];
    snprintf(port, sizeof port, "%d", ntohs(sa.sin_port));
    r = run_attune("serve", "--port", port, NULL);
    close(fd);
    expect_status(&r, 2);
    snprintf(want, sizeof want, "attune serve: cannot listen on 127.0.0.1:%s: Address already in use",
             port);
    expect_contains(r.err, want, "stderr");
    ck_assert_uint_eq(r.out_len, 0);
    result_free(&r);
    /* a bad scenario */
    char bad[4096];
    write_input(bad, sizeof bad, "bad.ini", "[scenario]\nduration = -3\n");
    r = run_attune("serve", "--port", "0", bad, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "bad.ini:2:", "stderr");
    result_free(&r);
    /* an experiment given on the command line is refused, not left out */
    r = run_attune("serve", "--port", "0", SRC("scenarios/compare-policies.ini"), NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "compare-policies.ini is an experiment with 5 conditions", "stderr");
    result_free(&r);
    /* checked at start as every run of it would be: a match table without
     * the simulator's codes (each run was a 400 blaming the request) */
    write_input(bad, sizeof bad, "icep.ini",
                "[scenario]\nname = icep-run\nduration = 5\nmatch_table = icep\n");
    r = run_attune("serve", "--port", "0", bad, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "icep.ini: ", "stderr");
    expect_contains(r.err, "icep.csv: match table has no infant code 'positive'", "stderr");
    result_free(&r);
    /* a name already on offer: the page and the API pick by name, so the
     * second could never run */
    write_input(bad, sizeof bad, "mine.ini", "[scenario]\nname = still-face\nduration = 5\n");
    r = run_attune("serve", "--port", "0", bad, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "mine.ini: scenario name 'still-face' is already that of ", "stderr");
    expect_contains(r.err, "scenarios/still-face.ini: the page picks a scenario by name",
                    "stderr");
    result_free(&r);
    char twin[4096];
    write_input(bad, sizeof bad, "one.ini", "[scenario]\nname = twin\nduration = 5\n");
    write_input(twin, sizeof twin, "two.ini", "[scenario]\nname = twin\nduration = 6\n");
    r = run_attune("serve", "--port", "0", bad, twin, NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "two.ini: scenario name 'twin' is already that of ", "stderr");
    result_free(&r);
    /* an address not ours (192.0.2.1 is TEST-NET) or no address at all:
     * refused, and no warning about who can reach a server that is not up */
    r = run_attune("serve", "--port", "0", "--host", "192.0.2.1", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "cannot listen on 192.0.2.1:0", "stderr");
    ck_assert_msg(!strstr(r.err, "warning"), "%s", r.err);
    result_free(&r);
    r = run_attune("serve", "--port", "0", "--host", "bogus.invalid", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "attune serve: --host bogus.invalid: ", "stderr");
    ck_assert_msg(!strstr(r.err, "warning"), "%s", r.err);
    result_free(&r);
    /* every address: it listens, and warns */
    const char *all[] = { "serve", "--port", "0", "--host", "0.0.0.0", NULL };
    int all_port;
    pid_t all_pid = serve_start(all, &all_port);
    kill(all_pid, SIGINT);
    r = finish_within(all_pid, 20);
    expect_status(&r, 0);
    expect_contains(r.err, "warning: --host 0.0.0.0: anyone who can reach this machine on the "
                    "network (students included) can use this server", "stderr");
    result_free(&r);
    /* SIGINT stops it too, with status 0 */
    const char *args[] = { "serve", "--port", "0", NULL };
    int p;
    pid_t pid = serve_start(args, &p);
    kill(pid, SIGINT);
    r = finish_within(pid, 20);
    expect_status(&r, 0);
    result_free(&r);
}
END_TEST

START_TEST(serve_changes_are_attune_run_at)
{
    const char *args[] = { "serve", "--port", "0", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char id[40], buf[512], path[256];
    api_new_run(port, "scenario=peekaboo-patient&seed=1989", id);
    char *rows = NULL, *s;
    size_t len = 0;
    add_rows(s = api_steps(port, id, 523), &rows, &len);
    free(s);
    /* wait time 3 s from step 523 (52.3 s); the still face from 70 s, then
     * the reunion (her policy before it) from 90 s */
    s = api_change(port, id, "caregiver.wait_time%3D3");
    ck_assert_str_eq(json_str(s, "at", buf, sizeof buf), "52.3:caregiver.wait_time=3");
    ck_assert_double_eq(json_num(s, "index"), 523);
    ck_assert_double_eq(json_num(s, "caregiver.wait_time"), 3);
    free(s);
    add_rows(s = api_steps(port, id, 177), &rows, &len);
    free(s);
    s = api_change(port, id, "caregiver.policy%3Dstill-face");
    ck_assert_str_eq(json_str(s, "policy", buf, sizeof buf), "still-face");
    free(s);
    add_rows(s = api_steps(port, id, 200), &rows, &len);
    free(s);
    s = api_change(port, id, "caregiver.policy%3Dpatient");
    ck_assert_str_eq(json_str(s, "command", buf, sizeof buf),
                     "attune run scenarios/peekaboo-patient.ini --seed 1989 --at "
                     "52.3:caregiver.wait_time=3 --at 70:caregiver.policy=still-face --at "
                     "90:caregiver.policy=patient");
    free(s);
    add_rows(s = api_steps(port, id, 1000), &rows, &len);
    ck_assert_ptr_nonnull(strstr(s, "\"done\":true"));
    free(s);
    const char *scn = SRC("scenarios/peekaboo-patient.ini");
    const char *run[] = { "run", scn, "--seed", "1989", "--at", "52.3:caregiver.wait_time=3",
                          "--at", "70:caregiver.policy=still-face", "--at",
                          "90:caregiver.policy=patient", "-q", NULL };
    char *trace = output_of(run);
    ck_assert_int_eq(count_lines(rows), 1800);
    ck_assert_msg(strcmp(rows, strchr(trace, '\n') + 1) == 0, "rows differ from attune run --at");
    char *body;
    snprintf(path, sizeof path, "/api/runs/%s/trace.csv", id);
    ck_assert_int_eq(http_request(port, "GET", path, NULL, NULL, &body, &len), 200);
    ck_assert_str_eq(body, trace);
    free(body);
    free(trace);
    free(rows);
    /* a bad value: the CLI's --at message for the same step */
    api_new_run(port, "scenario=peekaboo-patient", id);
    free(api_steps(port, id, 524));
    const char *bad[] = { "run", scn, "--at", "52.4:caregiver.wait_time=-1", NULL };
    char *msg = cli_message(bad);
    expect_prefix(msg, "--at 52.4:caregiver.wait_time=-1: ");
    snprintf(path, sizeof path, "/api/runs/%s/change?set=caregiver.wait_time%%3D-1", id);
    expect_400(port, "POST", path, msg);
    free(msg);
    const char *typo[] = { "run", scn, "--at", "52.4:caregiver.polcy=patient", NULL };
    msg = cli_message(typo);
    snprintf(path, sizeof path, "/api/runs/%s/change?set=caregiver.polcy%%3Dpatient", id);
    expect_400(port, "POST", path, msg);
    free(msg);
    serve_stop(pid);
}
END_TEST

START_TEST(serve_timeline_change_in_the_next_session)
{
    /* a 30-session timeline: a request stops at the session's end; a change
     * then applies from the next session's first step ("2/0:...") */
    const char *args[] = { "serve", "--port", "0", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char id[40], buf[512];
    api_new_run(port, "scenario=chronic-intrusive", id);
    char *rows = NULL, *s;
    size_t len = 0;
    free(api_steps(port, id, 1000));
    s = api_steps(port, id, 1000);
    ck_assert_ptr_nonnull(strstr(s, "\"state\":{\"session\":2,\"index\":0,"));
    ck_assert_ptr_null(strstr(s, "\"session\":2,\"index\":0,\"score\""));
    free(s);
    s = api_change(port, id, "infant.trust%3D0.2");
    ck_assert_str_eq(json_str(s, "at", buf, sizeof buf), "2/0:infant.trust=0.2");
    ck_assert_double_eq(json_num(s, "infant.trust"), 0.2);
    free(s);
    add_rows(s = api_steps(port, id, 100), &rows, &len);
    free(s);
    const char *run[] = { "run", SRC("scenarios/chronic-intrusive.ini"), "--at",
                          "2/0:infant.trust=0.2", "-q", NULL };
    char *trace = output_of(run);
    const char *second = line_at(trace, 1801);
    ck_assert_ptr_nonnull(second);
    expect_prefix(second, "1,2,0.0,");
    ck_assert_msg(strncmp(rows, second, len) == 0, "session 2 differs from attune run --at");
    free(trace);
    free(rows);
    serve_stop(pid);
}
END_TEST

/* Appends each line of the "events" arrays of a steps answer to `text`
 * (with '\n'), its JSON escapes (\" and \\) undone. */
static void add_events(const char *json, char **text, size_t *len)
{
    for (const char *p = json; (p = strstr(p, "\"events\":[")); ) {
        p += 10;
        while (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\')
                    p++;
                *text = realloc(*text, *len + 3);
                (*text)[(*len)++] = *p++;
            }
            (*text)[(*len)++] = '\n';
            (*text)[*len] = '\0';
            p++;
            if (*p == ',')
                p++;
        }
    }
}

START_TEST(serve_events_are_attune_run_events)
{
    const char *args[] = { "serve", "--port", "0", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char id[40], out[4096];
    api_new_run(port, "scenario=peekaboo-intrusive&seed=1989", id);
    char *text = NULL, *s;
    size_t len = 0;
    add_events(s = api_steps(port, id, 1000), &text, &len);
    free(s);
    add_events(s = api_steps(port, id, 1000), &text, &len);
    ck_assert_ptr_nonnull(strstr(s, "\"done\":true"));
    free(s);
    in_work(out, sizeof out, "t.csv");
    const char *run[] = { "run", SRC("scenarios/peekaboo-intrusive.ini"), "--seed", "1989",
                          "--events", "-q", "-o", out, NULL };
    char *want = output_of(run);
    ck_assert_int_gt(count_lines(want), 100);
    ck_assert_str_eq(text, want);
    free(want);
    free(text);
    serve_stop(pid);
}
END_TEST

START_TEST(serve_sets_reach_no_file)
{
    /* The page sets infant, caregiver and phase keys only: scenario.* (its
     * match_table names a file to read) and batch.* get 400 naming the key,
     * whatever the file holds, with spaces around the section too; the
     * sets the page uses still work. */
    const char *args[] = { "serve", "--port", "0", NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char secret[4096], path[9000], want[9000];
    write_input(secret, sizeof secret, "secret.csv", "TOPSECRET,b\nc,d\n");
    const char *sets[][2] = {
        { "scenario.match_table%3D", secret },
        { "scenario.match_table%3D", SRC("data/match/attuned.csv") },
        { "%20scenario%20.match_table%20%3D", secret },
        { "scenario.seed%3D", "5" },
        { "batch.replicates%3D", "3" },
    };
    const char *shown[] = { "scenario.match_table=", "scenario.match_table=",
                            " scenario .match_table =", "scenario.seed=", "batch.replicates=" };
    const char *key[] = { "scenario.match_table", "scenario.match_table",
                          "scenario.match_table", "scenario.seed", "batch.replicates" };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        snprintf(path, sizeof path, "/api/runs?scenario=peekaboo-patient&set=%s%s", sets[i][0],
                 sets[i][1]);
        snprintf(want, sizeof want, "--set %s%s: the page sets infant, caregiver and phase keys "
                 "only, not %s", shown[i], sets[i][1], key[i]);
        expect_400(port, "POST", path, want);
    }
    /* after a good set too */
    snprintf(path, sizeof path, "/api/runs?scenario=peekaboo-patient&set=infant.preset%%3Danxious"
             "&set=scenario.match_table%%3D%s", secret);
    snprintf(want, sizeof want, "--set scenario.match_table=%s: the page sets infant, caregiver "
             "and phase keys only, not scenario.match_table", secret);
    expect_400(port, "POST", path, want);
    char id[40], *info;
    api_new_run(port, "scenario=peekaboo-patient&set=infant.preset%3Danxious", id);
    api_new_run(port, "scenario=peekaboo-patient&set=phase.session.wait_time%3D3"
                  "&set=caregiver.responsiveness%3D0.5", id);
    ck_assert_int_eq(http_request(port, "GET", "/api/info", NULL, NULL, &info, NULL), 200);
    ck_assert_double_eq(json_num(info, "runs"), 2);  /* the refused made none */
    free(info);
    serve_stop(pid);
}
END_TEST

START_TEST(serve_caps_runs_per_client)
{
    /* --max-client-runs 3: one address holds 3 runs at once, the 4th gets
     * 429 saying so; a closed one frees its place; the server's own limit
     * (--max-runs 10) is not reached */
    const char *args[] = { "serve", "--port", "0", "--max-runs", "10", "--max-client-runs", "3",
                           NULL };
    int port;
    pid_t pid = serve_start(args, &port);
    char id[3][40], extra[40], path[256], *out, msg[1024];
    for (int i = 0; i < 3; i++)
        api_new_run(port, "scenario=peekaboo-patient", id[i]);
    const char *want = "this address holds its maximum of 3 simulations at once: close one "
                       "(a page holds 2; a page that crashed or slept holds its 2 until 600 s "
                       "idle, or until attune serve restarts), or attune serve needs a higher "
                       "--max-client-runs (a class behind one network address shares it)";
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(http_request(port, "POST", "/api/runs?scenario=peekaboo-patient", NULL,
                                      NULL, &out, NULL), 429);
        ck_assert_ptr_nonnull(json_str(out, "error", msg, sizeof msg));
        ck_assert_str_eq(msg, want);
        free(out);
    }
    ck_assert_int_eq(http_request(port, "GET", "/api/info", NULL, NULL, &out, NULL), 200);
    ck_assert_double_eq(json_num(out, "runs"), 3);
    ck_assert_double_eq(json_num(out, "max_client_runs"), 3);
    free(out);
    snprintf(path, sizeof path, "/api/runs/%s/close", id[1]);
    ck_assert_int_eq(status_of(port, "POST", path, NULL), 204);
    api_new_run(port, "scenario=peekaboo-intrusive", extra);
    ck_assert_int_eq(status_of(port, "POST", "/api/runs?scenario=peekaboo-patient", NULL), 429);
    serve_stop(pid);
    /* the default is 8; 0 is refused */
    const char *dflt[] = { "serve", "--port", "0", NULL };
    pid = serve_start(dflt, &port);
    ck_assert_int_eq(http_request(port, "GET", "/api/info", NULL, NULL, &out, NULL), 200);
    ck_assert_double_eq(json_num(out, "max_client_runs"), 8);
    free(out);
    for (int i = 0; i < 8; i++)
        api_new_run(port, "scenario=peekaboo-patient", extra);
    ck_assert_int_eq(status_of(port, "POST", "/api/runs?scenario=peekaboo-patient", NULL), 429);
    serve_stop(pid);
    result r = run_attune("serve", "--port", "0", "--max-client-runs", "0", NULL);
    expect_status(&r, 2);
    expect_contains(r.err, "attune serve: --max-client-runs 0: must be a whole number from 1 to "
                    "100000", "stderr");
    result_free(&r);
}
END_TEST

START_TEST(serve_every_address_names_the_machine)
{
    /* --host 0.0.0.0: "http://0.0.0.0:PORT/" opens nothing for a student;
     * the program names this machine (gethostname) and says every address
     * of it works, after the warning; it answers on 127.0.0.1 too */
    const char *args[] = { "serve", "--port", "0", "--host", "0.0.0.0", NULL };
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = start_fds(args, -1, fds[1]);
    close(fds[1]);
    char out[2048] = "";
    size_t n = 0;
    struct pollfd pfd = { fds[0], POLLIN, 0 };
    while (n + 1 < sizeof out && count_lines(out) < 2 && poll(&pfd, 1, 10000) > 0) {
        ssize_t k = read(fds[0], out + n, sizeof out - 1 - n);
        if (k <= 0)
            break;
        out[n += (size_t)k] = '\0';
    }
    close(fds[0]);
    char host[256] = "", want[1024];
    ck_assert_int_eq(gethostname(host, sizeof host - 1), 0);
    const char *p = strstr(out, "http://");
    p = p ? strchr(p + 7, ':') : NULL;  /* :PORT after the host */
    ck_assert_msg(p != NULL, "no address: %s", out);
    int port = atoi(p + 1);
    ck_assert_int_gt(port, 0);
    snprintf(want, sizeof want, "attune serve: open http://%s:%d/ in a browser (Ctrl-C stops)\n"
             "attune serve: --host 0.0.0.0 answers at every address of this machine: "
             "http://ADDRESS:%d/ works with any of them ('hostname -I' lists them)\n", host, port,
             port);
    ck_assert_str_eq(out, want);
    char *info;
    ck_assert_int_eq(http_request(port, "GET", "/api/info", NULL, NULL, &info, NULL), 200);
    free(info);
    kill(pid, SIGTERM);
    result r = finish_within(pid, 20);
    expect_status(&r, 0);
    expect_contains(r.err, "warning: --host 0.0.0.0: anyone who can reach this machine", "stderr");
    result_free(&r);
}
END_TEST

Suite *suite_cli_serve(void)
{
    Suite *s = suite_create("cli_serve");
    TCase *tc = fixture_tcase("cli", setup);
    tcase_add_test(tc, serve_offers_the_shipped_scenarios);
    tcase_add_test(tc, serve_same_file_offered_once);
    tcase_add_test(tc, serve_steps_are_attune_run_rows);
    tcase_add_test(tc, serve_downloads_equal_run_and_plot);
    tcase_add_test(tc, serve_bad_values_get_the_cli_text);
    tcase_add_test(tc, serve_limits_and_wrong_requests);
    tcase_add_test(tc, serve_command_line);
    tcase_add_test(tc, serve_changes_are_attune_run_at);
    tcase_add_test(tc, serve_timeline_change_in_the_next_session);
    tcase_add_test(tc, serve_events_are_attune_run_events);
    tcase_add_test(tc, serve_sets_reach_no_file);
    tcase_add_test(tc, serve_caps_runs_per_client);
    tcase_add_test(tc, serve_every_address_names_the_machine);
    suite_add_tcase(s, tc);
    return s;
}
