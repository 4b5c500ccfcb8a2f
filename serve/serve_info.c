/* attune serve's description of itself (/api/info): the scenarios on offer,
 * the presets, the sliders and the limits; and the JSON number writer. */
#include <math.h>
#include <string.h>
#include "attune/caregiver.h"
#include "attune/infant.h"
#include "attune/param.h"
#include "base/json.h"
#include "serve/serve_int.h"

/* The page's sliders: display ranges, inside each key's valid range. */
static const struct {
    const char *key, *label;
    double min, max, step;
} sliders[] = {
    { "caregiver.wait_time", "wait time", 0, 20, 0.1 },
    { "caregiver.intrusiveness", "intrusiveness", 0, 1, 0.01 },
    { "caregiver.responsiveness", "responsiveness", 0, 1, 0.01 },
    { "caregiver.perception_delay", "perception delay", 0, 3, 0.05 },
    { "caregiver.repair_latency", "repair latency", 0, 10, 0.1 },
    { "infant.arousal_baseline", "arousal baseline", 0, 0.8, 0.01 },
    { "infant.trust", "trust", 0, 1, 0.01 },
};

const char *const serve_slider_keys[] = {
    "caregiver.wait_time", "caregiver.intrusiveness", "caregiver.responsiveness",
    "caregiver.perception_delay", "caregiver.repair_latency", "infant.arousal_baseline",
    "infant.trust",
};
const size_t serve_slider_count = sizeof serve_slider_keys / sizeof serve_slider_keys[0];

void serve_json_number(FILE *fp, double v)
{
    if (!isfinite(v))
        fputs("null", fp);
    else if (v == floor(v) && fabs(v) < 1e15)
        fprintf(fp, "%.0f", v);
    else
        fprintf(fp, "%.15g", v);
}

/* The unit of a slider's key ("0-1" for trust, an expectation). */
static const char *unit_of(const char *key)
{
    const att_param *p = NULL;
    if (strncmp(key, "caregiver.", 10) == 0)
        p = att_param_find(att_caregiver_param_table, att_caregiver_param_count, key + 10);
    else if (strncmp(key, "infant.", 7) == 0)
        p = att_param_find(att_infant_param_table, att_infant_param_count, key + 7);
    return p ? p->unit : "0-1";
}

static void scenario_json(const serve_scenario *sc, FILE *out)
{
    const att_scenario *s = sc->scn;
    fputs("{\"name\":", out);
    att_json_string(out, att_scenario_name(s));
    fputs(",\"path\":", out);
    att_json_string(out, sc->label);
    fputs(",\"dt\":", out);
    serve_json_number(out, att_scenario_dt(s));
    fputs(",\"duration\":", out);
    serve_json_number(out, att_scenario_duration(s));
    fprintf(out, ",\"sessions\":%ld,\"seed\":%lu,\"phases\":[", att_scenario_sessions(s),
            att_scenario_seed(s));
    for (size_t i = 0; i < att_scenario_phase_count(s); i++) {
        const att_phase *ph = att_scenario_phase(s, i);
        fputs(i ? ",{\"name\":" : "{\"name\":", out);
        att_json_string(out, ph->name);
        fputs(",\"duration\":", out);
        serve_json_number(out, ph->duration);
        fputs(",\"policy\":", out);
        att_json_string(out, ph->policy->name);
        fputc('}', out);
    }
    fputs("]}", out);
}

static void sliders_json(FILE *out)
{
    fputs("\"sliders\":[", out);
    for (size_t i = 0; i < sizeof sliders / sizeof sliders[0]; i++) {
        fputs(i ? ",{\"key\":" : "{\"key\":", out);
        att_json_string(out, sliders[i].key);
        fputs(",\"label\":", out);
        att_json_string(out, sliders[i].label);
        fputs(",\"unit\":", out);
        att_json_string(out, unit_of(sliders[i].key));
        fputs(",\"min\":", out);
        serve_json_number(out, sliders[i].min);
        fputs(",\"max\":", out);
        serve_json_number(out, sliders[i].max);
        fputs(",\"step\":", out);
        serve_json_number(out, sliders[i].step);
        fputc('}', out);
    }
    fputc(']', out);
}

void serve_json_info(const serve_scenario *scs, size_t n, const char *const *defaults,
                     const att_serve_config *c, long runs, FILE *out)
{
    fputs("{\"version\":", out);
    att_json_string(out, ATT_VERSION);
    fputs(",\"scenarios\":[", out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', out);
        scenario_json(&scs[i], out);
    }
    fputs("],\"defaults\":[", out);
    for (size_t i = 0; defaults && defaults[i]; i++) {
        if (i)
            fputc(',', out);
        att_json_string(out, defaults[i]);
    }
    fputs("],\"presets\":[", out);
    for (size_t i = 0; i < att_infant_preset_count(); i++) {
        if (i)
            fputc(',', out);
        att_json_string(out, att_infant_preset_at(i)->name);
    }
    fputs("],", out);
    sliders_json(out);
    fprintf(out, ",\"limits\":{\"max_steps\":%ld,\"max_runs\":%ld,\"rate\":", c->max_steps,
            c->max_runs);
    serve_json_number(out, c->rate);
    fputs(",\"idle\":", out);
    serve_json_number(out, c->idle_s);
    fprintf(out, ",\"max_client_runs\":%ld},\"runs\":%ld}", c->max_client_runs, runs);
}
