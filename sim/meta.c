/* Run metadata as JSON (see meta.h).  Strings go through attune's one JSON
 * escaper (att_json_string, base/json.h: like Python's json.dumps with ensure_ascii off,
 * invalid UTF-8 replaced by U+FFFD) and shell quoting follows Python's
 * shlex.quote, so the output is what researchers' own tools would read. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "attune/meta.h"
#include "attune/outfile.h"
#include "base/json.h"

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
        att_json_chars(fp, s, strlen(s));
        return;
    }
    putc('\'', fp);
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, "'");
        att_json_chars(fp, p, n);   /* whole spans: a UTF-8 sequence stays whole */
        p += n;
        if (*p == '\'') {
            att_json_chars(fp, "'\"'\"'", 5);
            p++;
        }
    }
    putc('\'', fp);
}

int att_meta_write(FILE *fp, const att_meta *m, att_error *err)
{
    fputs("{\n  \"attune_version\": ", fp);
    att_json_string(fp, m->version);
    fputs(",\n  \"scenario\": ", fp);
    att_json_string(fp, m->scenario_path);
    fputs(",\n  \"scenario_sha256\": ", fp);
    att_json_string(fp, m->scenario_sha256);
    fprintf(fp, ",\n  \"seed\": %lu", m->seed);
    fputs(",\n  \"rng\": ", fp);
    att_json_string(fp, m->rng);
    fputs(",\n  \"dt\": ", fp);
    json_number(fp, m->dt);
    fputs(",\n  \"duration_s\": ", fp);
    json_number(fp, m->duration);
    fprintf(fp, ",\n  \"steps\": %ld", m->steps);
    fputs(",\n  \"match_table\": ", fp);
    att_json_string(fp, m->match_table);

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
        att_json_string(fp, m->argv[i]);
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
