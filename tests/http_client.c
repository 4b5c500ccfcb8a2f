/* The tiny HTTP client of attune serve's load test and benchmark
 * (http_client.h). */
#include "tests/http_client.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

double hc_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int hc_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

int hc_send(int fd, const void *bytes, size_t n)
{
    const char *s = bytes;
    while (n > 0) {
        ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
        if (k <= 0)
            return 0;
        s += k;
        n -= (size_t)k;
    }
    return 1;
}

int hc_read_n(int fd, char **body, size_t *len)
{
    char *buf = NULL;
    size_t used = 0, cap = 0;
    for (;;) {
        if (used + 4097 > cap) {
            cap = cap ? 2 * cap : 16384;
            char *b = realloc(buf, cap);
            if (!b)
                break;
            buf = b;
        }
        ssize_t k = recv(fd, buf + used, cap - used - 1, 0);
        if (k <= 0)
            break;
        used += (size_t)k;
    }
    close(fd);
    int status = -1;
    if (buf) {
        buf[used] = '\0';
        if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
            status = -1;
    }
    char *start = buf ? strstr(buf, "\r\n\r\n") : NULL;
    size_t n = start ? used - (size_t)(start + 4 - buf) : 0;
    if (body) {
        /* the body may hold NULs (a PNG): copied by its length */
        *body = start ? malloc(n + 1) : NULL;
        if (*body) {
            memcpy(*body, start + 4, n);
            (*body)[n] = '\0';
        }
    }
    if (len)
        *len = !body || *body ? n : 0;
    free(buf);
    return status;
}

int hc_read(int fd, char **body)
{
    return hc_read_n(fd, body, NULL);
}

int hc_request(int port, const char *method, const char *path, char **body)
{
    if (body)
        *body = NULL;
    int fd = hc_connect(port);
    if (fd < 0)
        return -1;
    size_t cap = strlen(path) + 256;
    char *head = malloc(cap);
    int n = head ? snprintf(head, cap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Connection: close\r\n\r\n", method, path) : -1;
    int ok = n > 0 && hc_send(fd, head, (size_t)n);
    free(head);
    if (!ok) {
        close(fd);
        return -1;
    }
    return hc_read(fd, body);
}

int hc_start_server(const char *attune, const char *const *args, pid_t *pid)
{
    const char *argv[32] = { attune, "serve", "--port", "0" };
    size_t n = 4;
    for (; args && *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    int fds[2];
    if (pipe(fds) != 0)
        return 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    int rc = posix_spawn(pid, attune, &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    char line[512];
    size_t used = 0;
    struct pollfd p = { fds[0], POLLIN, 0 };
    while (rc == 0 && used + 1 < sizeof line && (used == 0 || line[used - 1] != '\n')
           && poll(&p, 1, 10000) > 0) {
        ssize_t k = read(fds[0], line + used, sizeof line - 1 - used);
        if (k <= 0)
            break;
        used += (size_t)k;
    }
    line[used] = '\0';
    close(fds[0]);
    const char *at = strstr(line, "http://127.0.0.1:");
    return rc == 0 && at ? atoi(at + strlen("http://127.0.0.1:")) : 0;
}
