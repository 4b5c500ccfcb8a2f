/* The rupture file of attune batch --ruptures (results.h): its header and
 * one row per rupture, with the run's identity and parameter columns, so
 * that survival::coxph(Surv(latency_s, 1 - censored) ~ condition +
 * cluster(run)) reads it as it is. */
#include <math.h>
#include "batch/results.h"

char *att_results_ruptures_header(const att_scenario *base, const char *const *fixed,
                                  size_t nfixed, att_error *err)
{
    att_buf h = { 0 };
    int rc = att_buf_str(&h, "experiment,run,condition,replicate,session,seed", err);
    for (size_t i = 0; rc == ATT_OK && i < att_scenario_varied_count(base); i++)
        if ((rc = att_buf_str(&h, ",", err)) == ATT_OK)
            rc = att_results_field(&h, att_scenario_varied_key(base, i), err);
    for (size_t i = 0; rc == ATT_OK && i < nfixed; i++)
        if ((rc = att_buf_str(&h, ",", err)) == ATT_OK)
            rc = att_results_field(&h, fixed[i], err);
    if (rc == ATT_OK)
        rc = att_buf_str(&h, ",window,start_s,latency_s,censored,phase_latency_s,"
                         "phase_censored,repaired_by,size,phase_size,peak_infant_arousal\n", err);
    if (rc != ATT_OK) {
        att_buf_free(&h);
        return NULL;
    }
    return h.data;
}

int att_results_add_rupture(att_buf *out, const att_results_line *ln, const att_rupture *r,
                            att_error *err)
{
    int rc = att_buf_printf(out, err, "%s,%ld,", ln->id, ln->run + 1);
    if (rc == ATT_OK)
        rc = att_results_field(out, ln->condition, err);
    if (rc == ATT_OK)
        rc = att_buf_printf(out, err, ",%ld,", ln->replicate);
    if (rc == ATT_OK && ln->session_column)
        rc = att_buf_printf(out, err, "%ld", ln->session);
    if (rc == ATT_OK)
        rc = att_buf_printf(out, err, ",%lu", ln->seed);
    if (rc == ATT_OK)
        rc = att_results_add_keys(out, ln, err);
    if (rc == ATT_OK)
        rc = att_buf_str(out, ",", err);
    if (rc == ATT_OK)
        rc = att_results_field(out, r->phase ? r->phase : "", err);
    if (rc == ATT_OK)
        rc = att_buf_printf(out, err, ",%.10g,%.10g,%d,%.10g,%d,%s,%s,%s,", r->start,
                            r->latency, r->censored, r->phase_latency, r->phase_censored,
                            att_repairer_name(r->repaired_by), att_rupture_size_name(r->size),
                            att_rupture_size_name(r->phase_size));
    if (rc == ATT_OK)
        rc = att_results_number_field(out, r->peak_infant_arousal, err);
    return rc == ATT_OK ? att_buf_str(out, "\n", err) : rc;
}
