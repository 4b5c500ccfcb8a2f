/* The one call a program makes before any other attune function. */
#ifndef ATT_INIT_H
#define ATT_INIT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Turns GSL's error handler off (gsl_set_error_handler_off), for the whole
 * process.  GSL's default handler aborts on any error, an out-of-memory in
 * gsl_rng_alloc or a domain error deep in a special function alike; attune
 * checks every GSL return itself and reports such failures as error codes
 * (ATT_ENOMEM, ...) or NaN results.  Call it once, before any other attune
 * function and before starting threads; calling it again does no harm.  A
 * program that wants its own GSL handler may install one afterwards, as
 * long as it returns instead of aborting.  Cannot fail. */
void att_init(void);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
