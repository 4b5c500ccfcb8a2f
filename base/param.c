/* Parameter tables: lookup, access, number parsing and typo suggestions. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/param.h"

const att_param *att_param_find(const att_param *table, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

double att_param_get(const att_param *p, const void *params)
{
    double v;
    memcpy(&v, (const char *)params + p->offset, sizeof v);
    return v;
}

void att_param_put(const att_param *p, void *params, double value)
{
    memcpy((char *)params + p->offset, &value, sizeof value);
}

/* Plain decimals ("12.3", "-0.25") with at most 15 significant digits and
 * 15 decimals are exact integers scaled by an exact power of ten, so one
 * division gives the correctly rounded double, as strtod does, at a fraction
 * of its cost (it matters when scoring large traces).  Returns 0, or -1 to
 * leave the text to strtod. */
static int plain_decimal(const char *s, double *out)
{
    static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
    int neg = *s == '-';
    s += neg;
    unsigned long long m = 0;
    int digits = 0, significant = 0, frac = -1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            m = m * 10 + (unsigned)(*s - '0');
            digits++;
            if (m && ++significant > 15)
                return -1;
            if (frac >= 0 && ++frac > 15)
                return -1;
        } else if (*s == '.' && frac < 0) {
            frac = 0;
        } else {
            return -1;
        }
    }
    if (digits == 0 || frac == 0)
        return -1;   /* "", "-", "." or "12.": strtod decides */
    double x = (double)m / pow10[frac > 0 ? frac : 0];
    *out = neg ? -x : x;
    return 0;
}

int att_parse_double(const char *text, double *out)
{
    if (plain_decimal(text, out) == 0)
        return 0;
    /* strtod reads C's hexadecimal numbers ("0x10" is 16, "0x1p3" 8): no
     * data or setting of attune is written so, so it is a mistake. */
    const char *h = text;
    while (isspace((unsigned char)*h))
        h++;
    h += *h == '+' || *h == '-';
    if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
        return ATT_NUM_HEX;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text) {
        const char *s = text;
        while (isspace((unsigned char)*s))
            s++;
        return *s ? ATT_NUM_NOT_NUMBER : ATT_NUM_EMPTY;
    }
    if (*end != '\0') {
        /* "0,5": a decimal comma, as European spreadsheets write */
        if (*end == ',' && isdigit((unsigned char)end[1]) && strchr(end + 1, ',') == NULL
            && !strchr(text, '.') && !strpbrk(text, "eE"))
            return ATT_NUM_DECIMAL_COMMA;
        return ATT_NUM_TRAILING;
    }
    if (isnan(v))
        return ATT_NUM_NAN;
    if (isinf(v)) {
        /* strtod reads both "inf" and a too large "1e309" as infinity */
        const char *s = text;
        while (isspace((unsigned char)*s) || *s == '+' || *s == '-')
            s++;
        return (*s == 'i' || *s == 'I') ? ATT_NUM_INFINITE : ATT_NUM_TOO_LARGE;
    }
    if (errno == ERANGE)
        return ATT_NUM_TOO_SMALL;
    *out = v;
    return 0;
}

const char *att_number_problem(int status)
{
    switch (status) {
    case ATT_NUM_EMPTY: return "is empty (expected a number)";
    case ATT_NUM_TRAILING: return "is not a number (text after the number)";
    case ATT_NUM_DECIMAL_COMMA: return "is not a number: write a decimal point, not a comma";
    case ATT_NUM_TOO_LARGE: return "is out of range (a number's size must be below 1.8e308)";
    case ATT_NUM_TOO_SMALL:
        return "is out of range (too close to 0: a nonzero number's size must be at least 2.2e-308)";
    case ATT_NUM_NAN: return "is not a number (NaN is not allowed)";
    case ATT_NUM_INFINITE: return "is infinite (a finite number is needed)";
    case ATT_NUM_HEX:
        return "is not a number (hexadecimal numbers such as 0x10 are not read: write it in "
               "decimal)";
    default: return "is not a number";
    }
}

size_t att_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)  /* names are short; long input is no typo */
        return la > lb ? la : lb;
    /* Optimal string alignment: Levenshtein plus adjacent transpositions,
     * the commonest typo ("rnu" for "run" is one edit). */
    size_t d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *att_suggest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = att_edit_distance(word, cands[i]);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    /* A plausible typo changes at most a third of the word (and at least 1). */
    size_t len = strlen(word);
    size_t limit = len / 3 > 0 ? len / 3 : 1;
    if (limit > 4) limit = 4;
    return best && best_d <= limit ? best : NULL;
}
