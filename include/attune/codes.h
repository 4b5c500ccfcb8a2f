/* Observer codes for each step (ICEP-style) and their names. */
#ifndef ATT_CODES_H
#define ATT_CODES_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum att_infant_code {
    ATT_IC_POSITIVE,   /* social, smiling */
    ATT_IC_MONITOR,    /* looking, neutral */
    ATT_IC_AVERT,      /* looking away, self-regulating */
    ATT_IC_PROTEST,    /* negative, engaged: fuss, cry at caregiver, push away */
    ATT_IC_WITHDRAWN,  /* negative, disengaged: slumped, distressed, shut down */
    ATT_IC_COUNT
} att_infant_code;

typedef enum att_caregiver_code {
    ATT_CC_POSITIVE,   /* warm, playful */
    ATT_CC_MONITOR,    /* attentive, calm, waiting */
    ATT_CC_INTRUSIVE,  /* looming, over-stimulating, forcing closeness */
    ATT_CC_STILL,      /* still face: looking, expressionless, not responding */
    ATT_CC_WITHDRAWN,  /* disengaged, looking away */
    ATT_CC_SOOTHE,     /* comforting, repairing */
    ATT_CC_COUNT
} att_caregiver_code;

/* Names as written in traces and match tables ("positive", "avert", ...). */
const char *att_infant_code_name(att_infant_code c);
const char *att_caregiver_code_name(att_caregiver_code c);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif
