/* How many students attune serve keeps up with: each student's page runs
 * 2 dyads at 4x speed with dt 0.1 s, i.e. asks for 4 steps of each dyad
 * every 100 ms (40 steps/s/dyad), on one kept-alive connection as a
 * browser does.  The server (the library's, in this process, limits
 * opened wide: every student comes from 127.0.0.1 here) and the students'
 * threads share this machine's cores.  A number of students is sustained
 * when no request fails and the 95th percentile response stays under
 * 100 ms; the count doubles until it is not, then is bisected. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "attune/serve.h"
#include "bench/bench.h"
#include "tests/http_client.h"

#define TICK_S 0.1
#define TICKS 30          /* 3 s measured per level */
#define P95_LIMIT_MS 100.0

typedef struct student {
    int port, fd;
    double lat[2 * TICKS];
    int n, errors;
    long seed;
} student;

/* One request on the kept-alive connection: the status, -1 on failure. */
static int ka_request(student *s, const char *method, const char *path, char *buf, size_t cap)
{
    if (s->fd < 0 && (s->fd = hc_connect(s->port)) < 0)
        return -1;
    char head[512];
    int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", method, path);
    size_t used = 0;
    char *end = NULL;
    if (!hc_send(s->fd, head, (size_t)n))
        goto broken;
    while (!(end = strstr(buf, "\r\n\r\n"))) {
        ssize_t k = used + 1 < cap ? read(s->fd, buf + used, cap - 1 - used) : 0;
        if (k <= 0)
            goto broken;
        used += (size_t)k;
        buf[used] = '\0';
    }
    int status = -1;
    long len = 0;
    const char *cl = strstr(buf, "Content-Length: ");
    if (sscanf(buf, "HTTP/1.1 %d", &status) != 1 || !cl || (len = atol(cl + 16)) < 0)
        goto broken;
    size_t want = (size_t)(end + 4 - buf) + (size_t)len;
    while (used < want && used + 1 < cap) {
        ssize_t k = read(s->fd, buf + used, cap - 1 - used);
        if (k <= 0)
            goto broken;
        used += (size_t)k;
    }
    buf[used] = '\0';
    return used == want ? status : -1;
broken:
    close(s->fd);
    s->fd = -1;
    return -1;
}

static void sleep_until(double t)
{
    double now = hc_now();
    if (t > now) {
        struct timespec ts = { (time_t)(t - now), (long)((t - now - (double)(time_t)(t - now)) * 1e9) };
        nanosleep(&ts, NULL);
    }
}

static void *run_student(void *arg)
{
    student *s = arg;
    static char *const names[2] = { "peekaboo-patient", "peekaboo-intrusive" };
    char ids[2][33], path[256];
    char *buf = malloc(1 << 16);
    buf[0] = '\0';
    s->fd = -1;
    for (int d = 0; d < 2; d++) {
        snprintf(path, sizeof path, "/api/runs?scenario=%s&seed=%ld", names[d], s->seed);
        buf[0] = '\0';
        const char *id;
        if (ka_request(s, "POST", path, buf, 1 << 16) != 201 || !(id = strstr(buf, "\"id\":\""))) {
            s->errors++;
            free(buf);
            return NULL;
        }
        memcpy(ids[d], id + 6, 32);
        ids[d][32] = '\0';
    }
    double next = hc_now();
    for (int t = 0; t < TICKS; t++, next += TICK_S) {
        sleep_until(next);
        for (int d = 0; d < 2; d++) {
            snprintf(path, sizeof path, "/api/runs/%s/steps?n=4", ids[d]);
            buf[0] = '\0';
            double t0 = hc_now();
            if (ka_request(s, "POST", path, buf, 1 << 16) != 200)
                s->errors++;
            s->lat[s->n++] = (hc_now() - t0) * 1000;
        }
    }
    for (int d = 0; d < 2; d++) {
        snprintf(path, sizeof path, "/api/runs/%s", ids[d]);
        buf[0] = '\0';
        ka_request(s, "DELETE", path, buf, 1 << 16);
    }
    if (s->fd >= 0)
        close(s->fd);
    free(buf);
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs `k` students at once: their 95th percentile response (ms); errors
 * into *errors. */
static double level(int port, int k, int *errors)
{
    student *s = calloc((size_t)k, sizeof *s);
    pthread_t *th = calloc((size_t)k, sizeof *th);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    for (int i = 0; i < k; i++) {
        s[i].port = port;
        s[i].seed = i + 1;
        pthread_create(&th[i], &attr, run_student, &s[i]);
    }
    double *all = malloc((size_t)k * 2 * TICKS * sizeof *all);
    size_t n = 0;
    *errors = 0;
    for (int i = 0; i < k; i++) {
        pthread_join(th[i], NULL);
        memcpy(all + n, s[i].lat, (size_t)s[i].n * sizeof *all);
        n += (size_t)s[i].n;
        *errors += s[i].errors;
    }
    pthread_attr_destroy(&attr);
    qsort(all, n, sizeof *all, by_value);
    double p95 = n ? all[(size_t)(0.95 * (double)(n - 1))] : 1e9;
    free(all);
    free(th);
    free(s);
    return p95;
}

int bench_serve(const char *scenarios_dir, const char *match_dir)
{
    char patient[512], intrusive[512];
    snprintf(patient, sizeof patient, "%s/peekaboo-patient.ini", scenarios_dir);
    snprintf(intrusive, sizeof intrusive, "%s/peekaboo-intrusive.ini", scenarios_dir);
    const char *scn[] = { patient, intrusive };
    const char *match[] = { match_dir, NULL };
    att_serve_config c;
    att_serve_config_init(&c);
    c.scenarios = scn;
    c.nscenarios = 2;
    c.match_dirs = match;
    c.rate = 0;                     /* every student is 127.0.0.1 here */
    c.max_runs = 100000;
    c.max_client_runs = 100000;
    c.max_connections = 60000;
    c.per_ip_connections = 60000;
    att_error err = { 0 };
    att_serve *srv = att_serve_new(&c, &err);
    if (!srv) {
        fprintf(stderr, "bench serve: %s\n", err.msg);
        return 1;
    }
    int port = (int)att_serve_port(srv), good = 0, bad = 0, errors;
    double p95_good = 0, p95_bad = 0;
    for (int k = 25; k <= 6400 && !bad; k *= 2) {
        double p95 = level(port, k, &errors);
        printf("bench serve  %5d students: p95 %7.1f ms, %d failed requests\n", k, p95, errors);
        fflush(stdout);
        if (p95 < P95_LIMIT_MS && errors == 0)
            good = k, p95_good = p95;
        else
            bad = k, p95_bad = p95;
    }
    for (int step = 0; bad && step < 3 && bad - good > 1; step++) {
        int k = (good + bad) / 2;
        double p95 = level(port, k, &errors);
        printf("bench serve  %5d students: p95 %7.1f ms, %d failed requests\n", k, p95, errors);
        fflush(stdout);
        if (p95 < P95_LIMIT_MS && errors == 0)
            good = k, p95_good = p95;
        else
            bad = k, p95_bad = p95;
    }
    att_serve_free(srv);
    printf("bench serve: %d concurrent students sustained (2 dyads each at 4x speed, dt 0.1 s: "
           "4 steps per dyad every 100 ms), p95 response %.1f ms (%d students: %.1f ms); "
           "%ld cores; measured by `make bench` (bench/bench_serve.c)\n",
           good, p95_good, bad, p95_bad, sysconf(_SC_NPROCESSORS_ONLN));
    return 0;
}
