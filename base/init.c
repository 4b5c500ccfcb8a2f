/* att_init: the process-wide set-up the library needs (GSL's handler off). */
#include <gsl/gsl_errno.h>
#include "attune/init.h"

void att_init(void)
{
    gsl_set_error_handler_off();
}
