/* The load and garbage test of attune serve (issue 15, part 4), run by
 * `make check`: 50 clients at once, each making 2 runs, stepping them,
 * downloading a trace and closing them; meanwhile truncated requests, a
 * 1 MB header, binary garbage, clients that never finish their request,
 * unknown paths and absurd query values.  Afterwards the server must still
 * answer /api/info, hold no run (none leaked), and stop cleanly on SIGTERM
 * with status 0 (under SAN=1: with no leak or error reported).
 *
 *   serve_load BUILD/attune        exit status 0: passed; 1: failed (said) */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/http_client.h"

#define CLIENTS 50
#define SLOW 20

static int port;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int failures;

static void load_fail(const char *what, int status, const char *body)
{
    pthread_mutex_lock(&lock);
    if (failures++ < 20)
        fprintf(stderr, "serve_load: %s: status %d %.200s\n", what, status, body ? body : "");
    pthread_mutex_unlock(&lock);
}

/* The run id of a 201 answer into id. */
static int id_of(const char *body, char *id)
{
    const char *p = body ? strstr(body, "\"id\":\"") : NULL;
    if (!p || strlen(p + 6) < 32)
        return 0;
    memcpy(id, p + 6, 32);
    id[32] = '\0';
    return 1;
}

/* One student: 2 runs, 10 steps requests each, a trace, then closed. */
static void *student(void *arg)
{
    long k = (long)arg;
    char ids[2][33], path[256], *body;
    for (int d = 0; d < 2; d++) {
        snprintf(path, sizeof path, "/api/runs?scenario=%s&seed=%ld",
                 d ? "peekaboo-intrusive" : "peekaboo-patient", k);
        int st = hc_request(port, "POST", path, &body);
        if (st != 201 || !id_of(body, ids[d])) {
            load_fail(path, st, body);
            free(body);
            return NULL;
        }
        free(body);
    }
    for (int i = 0; i < 10; i++)
        for (int d = 0; d < 2; d++) {
            snprintf(path, sizeof path, "/api/runs/%s/steps?n=40", ids[d]);
            int st = hc_request(port, "POST", path, &body);
            if (st != 200 || !strstr(body, "\"steps\":[{\"row\":\""))
                load_fail(path, st, body);
            free(body);
        }
    snprintf(path, sizeof path, "/api/runs/%s/trace.csv", ids[k % 2]);
    int st = hc_request(port, "GET", path, &body);
    if (st != 200 || !body || strncmp(body, "run,t,phase,", 12) != 0)
        load_fail(path, st, NULL);
    free(body);
    for (int d = 0; d < 2; d++) {
        snprintf(path, sizeof path, "/api/runs/%s%s", ids[d], d ? "/close" : "");
        st = hc_request(port, d ? "POST" : "DELETE", path, NULL);
        if (st != 204)
            load_fail(path, st, NULL);
    }
    return NULL;
}

/* Sends raw bytes and reads whatever comes back (or nothing). */
static int raw(const void *bytes, size_t n, int shut)
{
    int fd = hc_connect(port);
    if (fd < 0)
        return -2;
    hc_send(fd, bytes, n);
    if (shut)
        shutdown(fd, SHUT_WR);
    /* a cut request may be held until the server's timeout: not waited for */
    struct timeval tv = { 1, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return hc_read(fd, NULL);
}

static void *garbage(void *arg)
{
    (void)arg;
    static const char *const cut[] = {
        "GET /api/in", "POST /api/runs?scenario=peekaboo-patient HTTP/1.1\r\nHost: x\r\n",
        "POST /api/runs?scenario=peekaboo-patient HTTP/1.1\r\nContent-Length: 100\r\n\r\nab",
        "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
    };
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++)
        raw(cut[i], strlen(cut[i]), 1);
    /* a 1 MB header: refused (431) or cut, never served */
    size_t big = 1 << 20;
    char *h = malloc(big + 100);
    int n = snprintf(h, 100, "GET /api/info HTTP/1.1\r\nX-Big: ");
    memset(h + n, 'a', big);
    memcpy(h + n + big, "\r\n\r\n", 4);
    int st = raw(h, (size_t)n + big + 4, 0);
    if (st == 200)
        load_fail("a 1 MB header was served", st, NULL);
    free(h);
    /* binary garbage */
    unsigned char junk[65536];
    unsigned s = 12345;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)((s = s * 1103515245u + 12345u) >> 16);
    for (int i = 0; i < 5; i++)
        raw(junk, sizeof junk >> i, 1);
    /* unknown paths and absurd values: answered with 4xx, never 5xx */
    char longid[1100];
    memcpy(longid, "/api/runs/", 10);
    memset(longid + 10, 'f', 1000);
    strcpy(longid + 1010, "/steps?n=5");
    const char *const paths[] = {
        "/nope", "/api", "/api/", "/api/runs/", "/api/runs//steps", "/..%2f..%2fetc%2fpasswd",
        "/api/runs?scenario=peekaboo-patient&seed=abc",
        "/api/runs?scenario=peekaboo-patient&seed=-1",
        "/api/runs?scenario=peekaboo-patient&seed=1e99",
        "/api/runs?scenario=peekaboo-patient&seed=99999999999999999999999",
        "/api/runs?scenario=%00", "/api/runs?scenario=peekaboo-patient&set=%ff%fe%00",
        "/api/runs?scenario=peekaboo-patient&set=caregiver.wait_time%3D1e99",
        "/api/runs?scenario=peekaboo-patient&set=scenario.duration%3D1e99",
        "/api/runs?scenario=peekaboo-patient&set=scenario.dt%3D1e-9",
        "/api/runs/0123456789abcdef0123456789abcdef/steps?n=-1",
        "/api/runs/0123456789abcdef0123456789abcdef/steps?n=1e99", longid,
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        char *body;
        st = hc_request(port, "POST", paths[i], &body);
        if (st < 400 || st >= 500)
            load_fail(paths[i], st, body);
        free(body);
    }
    return NULL;
}

/* Clients that send half a request and then nothing, holding connections. */
static int slow_fds[SLOW];

static void open_slow(void)
{
    for (int i = 0; i < SLOW; i++) {
        slow_fds[i] = hc_connect(port);
        if (slow_fds[i] >= 0)
            hc_send(slow_fds[i], "GET /api/info HTTP/1.1\r\nHost: x\r\n", 33);
    }
}

static int check_info(int runs_expected)
{
    char *body, want[64];
    int st = hc_request(port, "GET", "/api/info", &body);
    snprintf(want, sizeof want, "\"runs\":%d}", runs_expected);
    int ok = st == 200 && body && strstr(body, "\"version\":") && strstr(body, want);
    if (!ok)
        load_fail("/api/info afterwards", st, body);
    free(body);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: serve_load BUILD/attune\n");
        return 2;
    }
    double t0 = hc_now();
    pid_t pid;
    const char *args[] = { "--rate", "0", "--max-runs", "200", "--max-client-runs", "200",
                           NULL };
    if (!(port = hc_start_server(argv[1], args, &pid))) {
        fprintf(stderr, "serve_load: %s serve did not start\n", argv[1]);
        return 1;
    }
    open_slow();
    pthread_t th[CLIENTS + 1];
    for (long k = 0; k < CLIENTS; k++)
        pthread_create(&th[k], NULL, student, (void *)k);
    pthread_create(&th[CLIENTS], NULL, garbage, NULL);
    for (int k = 0; k <= CLIENTS; k++)
        pthread_join(th[k], NULL);
    double t1 = hc_now();
    for (int i = 0; i < SLOW; i++)
        if (slow_fds[i] >= 0)
            close(slow_fds[i]);
    int alive = waitpid(pid, NULL, WNOHANG) == 0;
    if (!alive)
        load_fail("the server died", 0, NULL);
    else
        check_info(0);
    kill(pid, SIGTERM);
    int ws = 0;
    waitpid(pid, &ws, 0);
    if (alive && !(WIFEXITED(ws) && WEXITSTATUS(ws) == 0))
        load_fail("the server did not stop with status 0", WIFEXITED(ws) ? WEXITSTATUS(ws) : -1, NULL);
    printf("serve_load: %d clients x 2 runs x 10 steps requests + garbage in %.1f s, "
           "%d failures; afterwards /api/info answered, 0 runs held\n",
           CLIENTS, t1 - t0, failures);
    return failures ? 1 : 0;
}
