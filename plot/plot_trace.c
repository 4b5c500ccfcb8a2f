/* The trace figure (attune plot trace): not drawn yet. */
#include "attune/plot.h"

int att_plot_trace(const char *path, const att_match_table *mt, int table_wins,
                   const att_plot_opts *o, FILE *out, att_error *err)
{
    (void)mt, (void)table_wins, (void)o, (void)out;
    return att_error_set(err, ATT_EINPUT, "%s: the trace figure is not drawn yet", path);
}
