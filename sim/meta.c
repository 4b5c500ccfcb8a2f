/* Run metadata as JSON (see meta.h).  Escaping follows Python's json.dumps
 * and shell quoting follows Python's shlex.quote, so the output is what
 * researchers' own tools would produce and read. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/meta.h"
#include "attune/outfile.h"

/* Writes the bytes of `s` escaped for the inside of a JSON string. */
static void json_chars(FILE *fp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':  fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        case '\b': fputs("\\b", fp); break;
        case '\f': fputs("\\f", fp); break;
        default:
            if (c < 0x20)
                fprintf(fp, "\\u%04x", c);
            else
                putc(c, fp);
        }
    }
}

static void json_string(FILE *fp, const char *s)
{
    if (!s) {
        fputs("null", fp);
        return;
    }
    putc('"', fp);
    json_chars(fp, s, strlen(s));
    putc('"', fp);
}

/* Shortest "%.*g" that reads back as the same double, so 0.1 is written as
 * 0.1 and not 0.10000000000000001.  Whole numbers are written whole, since
 * %g would turn 360 into 3.6e+02. */
static void json_number(FILE *fp, double x)
{
    if (!isfinite(x)) {
        fputs("null", fp);
        return;
    }
    if (x == floor(x) && fabs(x) < 1e15) {
        fprintf(fp, "%.0f", x + 0.0); /* + 0.0 turns -0 into 0 */
        return;
    }
    char buf[32];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, fp);
}

/* shlex.quote's rule: words made only of these need no quotes. */
static int shell_safe(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || strchr("_@%+=:,./-", c)))
            return 0;
    }
    return 1;
}

/* Writes one argument shell-quoted (inside the JSON string): in single
 * quotes, where nothing is special, with each ' closed, written as "'", and
 * reopened. */
static void shell_word(FILE *fp, const char *s)
{
    if (shell_safe(s)) {
        json_chars(fp, s, strlen(s));
        return;
    }
    putc('\'', fp);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            json_chars(fp, "'\"'\"'", 5);
        else
            json_chars(fp, p, 1);
    }
    putc('\'', fp);
}

int att_meta_write(FILE *fp, const att_meta *m, att_error *err)
{
    fputs("{\n  \"attune_version\": ", fp);
    json_string(fp, m->version);
    fputs(",\n  \"scenario\": ", fp);
    json_string(fp, m->scenario_path);
    fputs(",\n  \"scenario_sha256\": ", fp);
    json_string(fp, m->scenario_sha256);
    fprintf(fp, ",\n  \"seed\": %lu", m->seed);
    fputs(",\n  \"rng\": ", fp);
    json_string(fp, m->rng);
    fputs(",\n  \"dt\": ", fp);
    json_number(fp, m->dt);
    fputs(",\n  \"duration_s\": ", fp);
    json_number(fp, m->duration);
    fprintf(fp, ",\n  \"steps\": %ld", m->steps);
    fputs(",\n  \"match_table\": ", fp);
    json_string(fp, m->match_table);

    fputs(",\n  \"command\": \"", fp);
    for (int i = 0; i < m->argc; i++) {
        if (i)
            putc(' ', fp);
        shell_word(fp, m->argv[i] ? m->argv[i] : "");
    }
    fputs("\",\n  \"argv\": [", fp);
    for (int i = 0; i < m->argc; i++) {
        if (i)
            fputs(", ", fp);
        json_string(fp, m->argv[i]);
    }
    fputs("]\n}\n", fp);

    if (ferror(fp))
        return att_error_set(err, ATT_EIO, "metadata: write error");
    return ATT_OK;
}

int att_meta_write_file(const char *path, const att_meta *m, att_error *err)
{
    att_error local;
    if (!err)
        err = &local; /* the failure code comes back through it */
    att_outfile *out = att_outfile_open(path, err);
    if (!out)
        return err->code;
    if (att_meta_write(att_outfile_stream(out), m, err) != ATT_OK) {
        att_outfile_abort(out);
        return att_error_set(err, ATT_EIO, "%s: write error", path);
    }
    return att_outfile_commit(out, err);
}
