/* attune serve's live changes and what reproduces a run: the recorded
 * changes as `attune run --at` arguments, the command line, and the whole
 * trace replayed from the start. */
#include <stdlib.h>
#include <string.h>
#include "base/grow.h"
#include "serve/serve_int.h"

/* "[S/]T:ASSIGN" for a change before step `index` of session `session`,
 * worded as the simulation words it in its messages (att_sim_schedule). */
static char *at_text(const serve_run *r, long session, long index, const char *assign)
{
    double dt = att_scenario_dt(r->scn);
    char *at = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&at, &size);
    if (!fp)
        return NULL;
    if (att_scenario_sessions(r->scn) > 1)
        fprintf(fp, "%ld/", session);
    fprintf(fp, "%.10g:%s", (double)index * dt, assign);
    if (fclose(fp) != 0) {
        free(at);
        return NULL;
    }
    return at;
}

int serve_run_change(serve_run *r, const char *assign, att_error *err)
{
    long session, index;
    double t;
    if (r->done)
        return att_error_set(err, ATT_EINPUT, "the run is over: restart it to change it");
    serve_run_next_pos(r, &session, &index, &t);
    char *at = at_text(r, session, index, assign);
    char *copy = at ? malloc(strlen(assign) + 1) : NULL;
    if (!copy || att_grow(&r->changes, &r->capchanges, r->nchanges + 1, sizeof *r->changes,
                          err) != ATT_OK) {
        free(at);
        free(copy);
        return att_error_nomem(err);
    }
    strcpy(copy, assign);
    if (att_sim_schedule(r->sim, session, index, assign, err) != ATT_OK) {
        free(at);
        free(copy);
        return err->code;
    }
    r->changes[r->nchanges++] = (serve_change){ session, index, copy, at };
    return ATT_OK;
}

/* A word for a shell: as it is when it is plain, else in single quotes. */
static void shell_word(FILE *out, const char *w)
{
    if (*w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                        "._-/=:,+@%") == strlen(w)) {
        fputs(w, out);
        return;
    }
    fputc('\'', out);
    for (; *w; w++)
        if (*w == '\'')
            fputs("'\\''", out);
        else
            fputc(*w, out);
    fputc('\'', out);
}

int serve_run_command(const serve_run *r, FILE *out)
{
    fputs("attune run ", out);
    shell_word(out, r->sc->label);
    fprintf(out, " --seed %lu", r->seed);
    for (size_t i = 0; i < r->nsets; i++) {
        fputs(" --set ", out);
        shell_word(out, r->sets[i]);
    }
    for (size_t i = 0; i < r->nchanges; i++) {
        fputs(" --at ", out);
        shell_word(out, r->changes[i].at);
    }
    return ferror(out) ? ATT_EIO : ATT_OK;
}

/* Every session of `sim` into `tr`. */
static int run_all(att_sim *sim, att_trace *tr, att_error *err)
{
    att_step st;
    int more;
    do {
        while ((more = att_sim_next(sim, &st, err)) > 0)
            if (att_trace_write(tr, &st, err) != ATT_OK)
                return err->code;
        if (more < 0)
            return err->code;
    } while ((more = att_sim_next_session(sim, err)) > 0);
    return more < 0 ? err->code : ATT_OK;
}

int serve_run_replay(const serve_run *r, FILE *out, att_error *err)
{
    att_sim *sim = att_sim_new(r->scn, r->mt, r->seed, 1, err);
    if (!sim)
        return err->code;
    int rc = ATT_OK;
    for (size_t i = 0; rc == ATT_OK && i < r->nchanges; i++)
        rc = att_sim_schedule(sim, r->changes[i].session, r->changes[i].index,
                              r->changes[i].assign, err);
    att_trace *tr = NULL;
    if (rc == ATT_OK && !(tr = att_trace_open(out, att_scenario_dt(r->scn),
                                              att_scenario_sessions(r->scn), err)))
        rc = err->code;
    if (rc == ATT_OK)
        rc = run_all(sim, tr, err);
    if (rc == ATT_OK)
        rc = att_trace_flush(tr, err);
    att_trace_free(tr);
    att_sim_free(sim);
    return rc;
}
