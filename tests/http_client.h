/* A tiny HTTP/1.1 client for the load test of attune serve
 * (tests/serve_load.c), its benchmark (bench/bench_serve.c) and the Check
 * tests (tests/fixture.c, http_request): one request per connection, to 127.0.0.1.  Not part of the library. */
#ifndef ATT_HTTP_CLIENT_H
#define ATT_HTTP_CLIENT_H

#include <stddef.h>
#include <sys/types.h>

/* Connects to 127.0.0.1:port: the socket, or -1. */
int hc_connect(int port);

/* Sends the `n` bytes at `bytes` on `fd`: 1, or 0 when the connection broke. */
int hc_send(int fd, const void *bytes, size_t n);

/* Reads the answer on `fd` to its end (the server closes): the status, or
 * -1 when none came; the body into *body (NUL-terminated, the caller frees;
 * `body` may be NULL).  Closes `fd`. */
int hc_read(int fd, char **body);

/* The same, for a body that may hold NUL bytes: its length into *len (0
 * when there is none; `len` may be NULL). */
int hc_read_n(int fd, char **body, size_t *len);

/* METHOD PATH with "Connection: close": the status, or -1. */
int hc_request(int port, const char *method, const char *path, char **body);

/* Starts `attune serve --port 0 ARGS...` (args NULL-terminated, after
 * "--port 0") with its standard output in a pipe and returns the port it
 * printed (0 when it printed none within 10 s); its pid into *pid. */
int hc_start_server(const char *attune, const char *const *args, pid_t *pid);

/* Seconds on a monotonic clock. */
double hc_now(void);

#endif
