/* attune serve's daemon state and its request handler (serve_route.c),
 * internal to the library. */
#ifndef ATT_SERVE_ROUTE_H
#define ATT_SERVE_ROUTE_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>
#include "serve/serve_int.h"

#pragma GCC visibility push(hidden)

struct att_serve {
    att_serve_config c;        /* the caller's config (its arrays are not kept) */
    serve_scenario *scs;
    size_t nscs;
    serve_files *files;
    serve_registry *runs;
    serve_limiter *limit;
    pthread_mutex_t figure_lock;  /* one figure drawn at a time */
    int fd, ipv6;
    unsigned port;
    struct MHD_Daemon *d;
};

/* libmicrohttpd's access handler: answers one request (the contract is
 * docs/SERVE.md). */
enum MHD_Result serve_route(void *cls, struct MHD_Connection *conn, const char *url,
                            const char *method, const char *version, const char *upload_data,
                            size_t *upload_data_size, void **con_cls);
/* The `attune plot trace` figure of run `r`'s whole trace (serve_figure.c)
 * into a new buffer (*buf, *len: the caller frees it). */
int serve_figure(att_serve *s, serve_run *r, int format, char **buf, size_t *len,
                 att_error *err);

#pragma GCC visibility pop

#endif
