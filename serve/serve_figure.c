/* attune serve's figures: the run's whole trace replayed into a private
 * temporary file (the plot layer reads files), drawn by att_plot_trace as
 * `attune plot` draws it, the file removed at once. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "attune/plot.h"
#include "serve/serve_route.h"

/* Replays the run into a new temporary file named in `path`. */
static int trace_file(att_serve *s, serve_run *r, char *path, size_t size, att_error *err)
{
    snprintf(path, size, "%s/attune-serve-XXXXXX", s->c.tmp_dir ? s->c.tmp_dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return att_error_set(err, ATT_EIO, "figure: cannot make a temporary file in %s: %s",
                             s->c.tmp_dir ? s->c.tmp_dir : "/tmp", strerror(errno));
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        unlink(path);
        return att_error_nomem(err);
    }
    pthread_mutex_lock(&r->lock);
    int rc = serve_run_replay(r, fp, err);
    pthread_mutex_unlock(&r->lock);
    if (fclose(fp) != 0 && rc == ATT_OK)
        rc = att_error_set(err, ATT_EIO, "figure: cannot write the temporary trace");
    if (rc != ATT_OK)
        unlink(path);
    return rc;
}

int serve_figure(att_serve *s, serve_run *r, int format, char **buf, size_t *len,
                 att_error *err)
{
    char path[4200], title[200];
    int rc = trace_file(s, r, path, sizeof path, err);
    if (rc != ATT_OK)
        return rc;
    att_plot_opts o;
    att_plot_opts_init(&o);
    o.format = (att_plot_format)format;
    snprintf(title, sizeof title, "%s, seed %lu", att_scenario_name(r->scn), r->seed);
    o.title = title;
    FILE *out = open_memstream(buf, len);
    if (!out) {
        unlink(path);
        return att_error_nomem(err);
    }
    pthread_mutex_lock(&s->figure_lock);
    rc = att_plot_trace(path, r->mt, 0, &o, out, err);
    pthread_mutex_unlock(&s->figure_lock);
    if (fclose(out) != 0 && rc == ATT_OK)
        rc = att_error_nomem(err);
    unlink(path);
    return rc;
}
