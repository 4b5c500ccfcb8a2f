/* attune serve's answers about a run: the new run, its steps with the state
 * after them, and a change (JSON written through base/json.c).  "values"
 * and "policy" are those of the next step (the run stands at it after each
 * step, serve_run_step): a change made for it counts. */
#include <stdlib.h>
#include <string.h>
#include "base/json.h"
#include "serve/serve_int.h"

void serve_json_values(const serve_run *r, FILE *out)
{
    fputc('{', out);
    for (size_t i = 0; i < serve_slider_count; i++) {
        if (i)
            fputc(',', out);
        att_json_string(out, serve_slider_keys[i]);
        fputc(':', out);
        serve_json_number(out, serve_run_value(r, serve_slider_keys[i]));
    }
    fputc('}', out);
}

static void command_json(const serve_run *r, FILE *out)
{
    char *cmd = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&cmd, &len);
    if (fp) {
        serve_run_command(r, fp);
        fclose(fp);
    }
    att_json_string(out, cmd ? cmd : "");
    free(cmd);
}

void serve_json_run(const serve_run *r, const char *id, FILE *out)
{
    fputs("{\"id\":", out);
    att_json_string(out, id);
    fputs(",\"scenario\":", out);
    att_json_string(out, att_scenario_name(r->scn));
    fputs(",\"path\":", out);
    att_json_string(out, r->sc->label);
    fprintf(out, ",\"seed\":%lu,\"dt\":", r->seed);
    serve_json_number(out, att_scenario_dt(r->scn));
    fprintf(out, ",\"steps\":%ld,\"sessions\":%ld,\"header\":", att_scenario_steps(r->scn),
            att_scenario_sessions(r->scn));
    att_json_string(out, r->header);
    fputs(",\"policy\":", out);
    att_json_string(out, serve_run_policy(r));
    fputs(",\"values\":", out);
    serve_json_values(r, out);
    fputs(",\"command\":", out);
    command_json(r, out);
    fputc('}', out);
}

static void score_json(const att_score_event *ev, FILE *out)
{
    switch (ev->kind) {
    case ATT_SCORE_RUPTURE:
        fputs("{\"kind\":\"rupture\"}", out);
        break;
    case ATT_SCORE_REPAIR:
    case ATT_SCORE_CENSORED:
        fprintf(out, "{\"kind\":\"%s\",\"latency\":",
                ev->kind == ATT_SCORE_REPAIR ? "repair" : "censored");
        serve_json_number(out, ev->latency);
        fputc('}', out);
        break;
    default:
        fputs("null", out);
    }
}

static void step_json(const serve_step *s, FILE *out)
{
    fputs("{\"row\":\"", out);
    att_json_chars(out, s->row, s->row_len);
    fprintf(out, "\",\"session\":%ld,\"index\":%ld,\"score\":", s->st.session, s->st.index);
    score_json(&s->st.score, out);
    fputs(",\"events\":[", out);
    const char *line = s->events;
    for (int k = 0; *line; k++) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        fputs(k ? ",\"" : "\"", out);
        att_json_chars(out, line, n);
        fputc('"', out);
        line += n + (nl != NULL);
    }
    fputs("]}", out);
}

static void state_json(const serve_run *r, FILE *out, att_error *err)
{
    long session, index;
    double t;
    serve_counts c;
    serve_run_next_pos(r, &session, &index, &t);
    serve_run_counts(r, &c, err);
    fprintf(out, "{\"session\":%ld,\"index\":%ld,\"t\":", session, index);
    serve_json_number(out, t);
    fprintf(out, ",\"done\":%s,\"policy\":", r->done ? "true" : "false");
    att_json_string(out, serve_run_policy(r));
    fputs(",\"phase\":", out);
    att_json_string(out, serve_run_phase(r));
    fprintf(out, ",\"counts\":{\"session\":%ld,\"ruptures\":%ld,\"repairs\":%ld,\"open\":%s,"
            "\"median_latency\":", c.session, c.ruptures, c.repairs, c.open ? "true" : "false");
    serve_json_number(out, c.median);
    fputs(",\"matched_share\":", out);
    serve_json_number(out, c.matched_share);
    fputs("},\"values\":", out);
    serve_json_values(r, out);
    fputc('}', out);
}

int serve_json_steps(serve_run *r, long n, FILE *out, att_error *err)
{
    serve_step s;
    fputs("{\"steps\":[", out);
    for (long i = 0; i < n; i++) {
        int more = serve_run_step(r, &s, err);
        if (more < 0)
            return err->code;
        if (more == 0)
            break;
        if (i)
            fputc(',', out);
        step_json(&s, out);
        if (s.last)
            break;   /* a session's end stops the request */
    }
    fputs("],\"state\":", out);
    state_json(r, out, err);
    fputc('}', out);
    return ferror(out) ? att_error_nomem(err) : ATT_OK;
}

void serve_json_change(const serve_run *r, FILE *out)
{
    long session, index;
    double t;
    serve_run_next_pos(r, &session, &index, &t);
    fprintf(out, "{\"session\":%ld,\"index\":%ld,\"t\":", session, index);
    serve_json_number(out, t);
    fputs(",\"at\":", out);
    att_json_string(out, r->nchanges ? r->changes[r->nchanges - 1].at : NULL);
    fputs(",\"command\":", out);
    command_json(r, out);
    fputs(",\"policy\":", out);
    att_json_string(out, serve_run_policy(r));
    fputs(",\"values\":", out);
    serve_json_values(r, out);
    fputc('}', out);
}
