/* Error messages carried back to the caller instead of printed. */
#include <stdarg.h>
#include <stdio.h>
#include "attune/error.h"

int att_error_set(att_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

int att_error_nomem(att_error *err)
{
    return att_error_set(err, ATT_ENOMEM, "out of memory");
}

void att_error_clear(att_error *err)
{
    if (err) {
        err->code = ATT_OK;
        err->msg[0] = '\0';
    }
}
