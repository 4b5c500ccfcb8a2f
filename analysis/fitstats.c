/* The summary statistics of `attune fit` (attune/fitstats.h): placeholder
 * implementation so the API builds; every entry point refuses for now. */
#include <math.h>
#include <stddef.h>
#include "attune/fitstats.h"

#define NOT_YET(err) att_error_set(err, ATT_EINTERNAL, "fitstats: not implemented yet")

const char *att_fitstat_name(att_fitstat s) { (void)s; return NULL; }
const char *att_fitstat_help(att_fitstat s) { (void)s; return NULL; }
int att_fitstat_find(const char *name) { (void)name; return -1; }
int att_fitstat_parse(const char *text, char *window, size_t cap, att_fitstat *stat,
                      att_error *err)
{ (void)text; (void)window; (void)cap; (void)stat; return NOT_YET(err); }
void att_fitstat_names_free(att_fitstat_names *l) { (void)l; }
int att_fitstat_names_parse(const char *list, att_fitstat_names *out, att_error *err)
{ (void)list; (void)out; return NOT_YET(err); }
att_fitstats *att_fitstats_new(const att_match_table *mt, const att_scheme *scheme,
                               const att_score_rules *rules, att_error *err)
{ (void)mt; (void)scheme; (void)rules; NOT_YET(err); return NULL; }
void att_fitstats_free(att_fitstats *fs) { (void)fs; }
void att_fitstats_clear(att_fitstats *fs) { (void)fs; }
int att_fitstats_begin(att_fitstats *fs, const char *name, att_error *err)
{ (void)fs; (void)name; return NOT_YET(err); }
int att_fitstats_push(att_fitstats *fs, const att_score_step *st, att_error *err)
{ (void)fs; (void)st; return NOT_YET(err); }
int att_fitstats_end(att_fitstats *fs, double t_end, att_error *err)
{ (void)fs; (void)t_end; return NOT_YET(err); }
int att_fitstats_add(att_fitstats *fs, const char *name, const att_score_step *steps,
                     size_t n, double t_end, att_error *err)
{ (void)fs; (void)name; (void)steps; (void)n; (void)t_end; return NOT_YET(err); }
int att_fitstats_read_coded(att_fitstats *fs, const char *path, const att_coded_opts *o,
                            att_error *err)
{ (void)fs; (void)path; (void)o; return NOT_YET(err); }
int att_fitstats_merge(att_fitstats *dst, const att_fitstats *src, att_error *err)
{ (void)dst; (void)src; return NOT_YET(err); }
size_t att_fitstats_sessions(const att_fitstats *fs) { (void)fs; return 0; }
size_t att_fitstats_window_count(const att_fitstats *fs) { (void)fs; return 0; }
const char *att_fitstats_window(const att_fitstats *fs, size_t i) { (void)fs; (void)i; return NULL; }
int att_fitstats_vector(const att_fitstats *fs, const char *const *names, size_t n,
                        double *out, att_error *err)
{ (void)fs; (void)names; for (size_t i = 0; i < n; i++) out[i] = NAN; return NOT_YET(err); }
int att_fitstats_default_names(const att_fitstats *fs, att_fitstat_names *kept,
                               att_fitstat_names *dropped, att_error *err)
{ (void)fs; (void)kept; (void)dropped; return NOT_YET(err); }
int att_fitstats_bootstrap_var(const att_fitstats *fs, const char *const *names, size_t n,
                               long B, unsigned long seed, double *var, long *undefined,
                               att_error *err)
{ (void)fs; (void)names; (void)n; (void)B; (void)seed; (void)var; (void)undefined; return NOT_YET(err); }
att_targets *att_targets_load(const char *path, att_error *err) { (void)path; NOT_YET(err); return NULL; }
void att_targets_free(att_targets *t) { (void)t; }
size_t att_targets_count(const att_targets *t) { (void)t; return 0; }
const att_target *att_targets_get(const att_targets *t, size_t i) { (void)t; (void)i; return NULL; }
const char *att_targets_path(const att_targets *t) { (void)t; return ""; }
int att_targets_sniff(const char *path, att_error *err) { (void)path; NOT_YET(err); return -ATT_EINTERNAL; }
