/* The one test fixture (tests/fixture.c), shared by every test file:
 * temporary folders, writing and reading files, loading a shipped match
 * table, for the library tests scenarios, batch rows, coded files and
 * compare inputs made from text, and for the end-to-end tests running the real program
 * ($ATTUNE_BIN, set by `make check`) and looking at what it did.  A helper
 * used by more than one test file belongs here, not in a copy.
 *
 * Each test case gets one temporary folder (root, made and removed by
 * case_setup/case_teardown, an unchecked fixture, so a failed test leaves
 * nothing behind either), and each test a fresh subfolder of it (base, by
 * setup/teardown, a checked fixture) holding io/ (the program's captured
 * standard output and error) and w/ (work: its inputs and outputs), so
 * listing work shows exactly what a run left behind (a temporary file shows
 * as a hidden name).  The program is started with posix_spawn (no shell),
 * stdin from /dev/null and default signal handling.
 *
 * A test file's own paths (in work/) are set by its own setup function,
 * which calls setup() first. */
#ifndef ATT_TESTS_FIXTURE_H
#define ATT_TESTS_FIXTURE_H

#include <check.h>
#include <stddef.h>
#include <sys/types.h>

#include "attune/batch.h"
#include "attune/caregiver.h"
#include "attune/coded.h"
#include "attune/compare.h"
#include "attune/error.h"
#include "attune/infant.h"
#include "attune/validate.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/scorer.h"

extern char root[64];    /* the test case's temporary folder */
extern char base[96];    /* this test's folder in it */
extern char io[128];     /* base/io: captured stdout and stderr */
extern char work[128];   /* base/w: inputs and outputs */

/* ---- fixtures ---- */

void case_setup(void);     /* makes root (unchecked fixture) */
void case_teardown(void);  /* removes root */
void setup(void);          /* makes base, io and work (checked fixture) */
void teardown(void);       /* removes base */
/* A new test case with both fixtures (`test_setup`: setup, or a test
 * file's own that calls it, then teardown) and 60 s a test. */
TCase *fixture_tcase(const char *name, void (*test_setup)(void));

/* ---- files and folders ---- */

/* Removes the folder and everything in it. */
void rm_tree(const char *dir);
/* work/NAME into buf. */
void in_work(char *buf, size_t size, const char *name);
/* Writes `text` to the file, failing the test when it cannot. */
void write_file(const char *path, const char *text);
/* Writes the n bytes to the file, failing the test when it cannot. */
void write_bytes(const char *path, const void *bytes, size_t n);
/* A fresh file in /tmp (outside any fixture folder; the caller unlinks it)
 * holding `text` or the n bytes; its path into `path` (size >= 32). */
void temp_file(char *path, size_t size, const char *text);
void temp_bytes(char *path, size_t size, const void *bytes, size_t n);
/* 1 when something (a file, folder, link, device) is at path, else 0. */
int exists(const char *path);
/* A character device node major 1 (`minor` 3 is null, 7 full) at path;
 * 0 when not root (mknod needs it, the caller skips), else 1. */
int make_device(const char *path, int minor);
/* A private full device (1:7, as /dev/full, made with make_device in a
 * fresh folder in /tmp, so that no test writes to a real device node)
 * opened for writing; its path into `path` (size >= 64).  NULL when not
 * root, or where /tmp allows no devices (nodev): the caller skips its
 * check, as the CLI tests of devices do.  close_full_device closes and
 * removes it. */
FILE *open_full_device(char *path, size_t size);
void close_full_device(FILE *fp, const char *path);
/* Fails unless path is still the character device 1:minor. */
void expect_device(const char *path, int minor);
/* Fails unless the file holds exactly the len bytes. */
void expect_same_file(const char *path, const void *bytes, size_t len);
/* Fails unless the file holds exactly `text`. */
void expect_file_text(const char *path, const char *text);
/* The whole file, NUL-terminated (length in *len unless len is NULL), or
 * NULL when it cannot be opened; free() it. */
char *slurp(const char *path, size_t *len);
/* A markdown table of the docs: its header cells and its rows' cells,
 * trimmed (docs tables against the program: test_model_docs.c,
 * test_validate.c). */
enum { MD_MAX_CELLS = 16, MD_MAX_ROWS = 128 };
typedef struct md_table {
    int ncol;
    char head[MD_MAX_CELLS][256];
    int nrow;
    char cell[MD_MAX_ROWS][MD_MAX_CELLS][256];
} md_table;
/* Reads the first table whose header line starts with `header` out of
 * `text` (a row with another number of cells is skipped; lines longer
 * than 1023 bytes are cut); returns 0, or -1 when there is none. */
int md_find_table(const char *text, const char *header, md_table *t);
/* The key of a cell, "`name`" -> "name"; "" when the cell is not one key. */
void md_key(const char *cell, char *out, size_t size);
/* strcmp of two `char *` (for qsort). */
int cmp_names(const void *a, const void *b);
/* The folder's entries (hidden ones too), sorted, joined by spaces. */
void listing(const char *dir, char *buf, size_t size);
/* Fails unless work's listing is `expect`. */
void expect_listing(const char *expect);

/* ---- the library's shipped data ---- */

/* The file `path` of the source tree. */
#define SRC(path) ATT_SRCDIR "/" path

/* data/match/NAME.csv of the source tree, loaded (fails the test when it
 * cannot be); att_match_table_free() it. */
att_match_table *load_match(const char *name);

/* ---- running the program ---- */

/* $ATTUNE_BIN (relative to the source tree when not found as given). */
const char *attune_bin(void);
/* The path of a program built next to attune_bin() (calib_population, say)
 * into buf. */
void sibling_bin(char *buf, size_t size, const char *name);

typedef struct {
    int status;      /* exit status, or -signal when killed */
    char *out, *err; /* captured standard output and error */
    size_t out_len, err_len;
} result;

void result_free(result *r);
/* Starts attune with `args` (NULL-terminated, after the program name),
 * stdin from /dev/null, stdout and stderr into io/. */
pid_t start(const char *const *args);
/* The same with standard input from `in_fd` and standard output to
 * `out_fd` (e.g. the ends of a pipe; -1: /dev/null and io/ as above).
 * The fds are duplicated into the program; the caller closes its own. */
pid_t start_fds(const char *const *args, int in_fd, int out_fd);
/* Waits for the started program and collects what it wrote. */
result finish(pid_t pid);
/* The same, but kills the program and fails the test when it has not ended
 * within `seconds` (a guard against a hang, not a timing assertion). */
result finish_within(pid_t pid, int seconds);
/* Sleeps `ms` milliseconds (resumed after a signal). */
void sleep_ms(long ms);
/* The result of a program that ended with wait status `st`: its exit status
 * (or -signal) and what it wrote to io/. */
result collect(int st);
/* start() then finish(). */
result run_argv(const char *const *args);
/* run_attune("run", scn, "-o", out, NULL) */
result run_attune(const char *first, ...) __attribute__((sentinel));
/* Runs attune with `args` (NULL-terminated, after the program name) with
 * standard error on a private pseudo-terminal `cols` columns wide (0: no
 * window size), bytes as written (no output processing), standard input
 * and output /dev/null, and an environment holding only COLUMNS=`columns`
 * (NULL: empty).  Returns everything written to the terminal (the caller
 * frees it); *status gets the exit status (or -signal). */
char *run_on_terminal(const char *const *args, int cols, const char *columns, int *status);

/* ---- checking the output ---- */

/* Fails unless the exit status is `status` (showing stderr). */
void expect_status(const result *r, int status);
/* The first line of `text` (without '\n') into buf. */
const char *first_line(const char *text, char *buf, size_t size);
/* Fails unless `what` is in `text` (called `where` in the message). */
void expect_contains(const char *text, const char *what, const char *where);
/* The number of '\n' in text. */
int count_lines(const char *text);
/* Line `k` (0-based) of text, or NULL. */
const char *line_at(const char *text, int k);
/* Field `col` (0-based) of a CSV line into buf ("quoted" fields unquoted,
 * "" inside one a quote); fails when the line has no such column or the
 * field does not fit. */
const char *field(const char *line, int col, char *buf, size_t size);
/* Imports the lab example data/examples/elan-icep-1.txt (ELAN, its map,
 * the ICEP scheme) as work/coder-a.csv, whose path goes into `coder`;
 * fails the test if the import does. */
void import_icep_example(char *coder, size_t size);
/* The index (0-based) of column `name` in CSV header line `header`; fails
 * the test when it has none. */
int header_column(const char *header, const char *name);

/* ---- writing inputs ---- */

/* `text` with every ',' replaced by `sep` and every "\n" by `eol`, after an
 * optional prefix (a byte order mark); into buf. */
size_t dialect(char *buf, size_t cap, const char *text, char sep, const char *eol,
               const char *prefix);

/* Writes work/NAME, its path into `path`. */
void write_input(char *path, size_t size, const char *name, const char *text);

/* FILE.part as an interruption leaves it: the header, `rows` whole rows and
 * half of the next. */
void make_part_at(const char *ref, const char *part, int rows, int half);

/* ---- running the program ---- */

/* Runs attune with args and returns its standard output (exit 0 expected). */
char *output_of(const char *const *args);

/* Runs the reference batch of `ini` into `out` and returns its bytes. */
char *reference_of(const char *ini, const char *out, size_t *len);

/* ---- checking the output ---- */

/* Fails unless `line` starts with `prefix`. */
void expect_prefix(const char *line, const char *prefix);

/* ---- scenarios, batches and their rows (the library) ---- */

/* Writes `text` to `file` and loads it with the nsets --set overrides;
 * fails the test when it does not load.  att_scenario_free() it. */
att_scenario *load_at(const char *file, const char *text, const char *const *sets,
                      size_t nsets);

/* The policy table's defaults of `policy` (fails when there is none). */
const att_caregiver_params *defaults_of(const char *policy);

/* One line of a results file split into fields, quotes undone. */
struct fields {
    char *store;
    char **f;
    size_t n;
};

/* Splits `line` (a trailing '\n' is dropped): a field may be "quoted", with
 * "" for a quote inside, as a condition name holding commas is. */
void fields_split(struct fields *c, const char *line);

/* Frees what fields_split() allocated. */
void fields_free(struct fields *c);

/* Index of column `name` in the split header; fails the test if absent. */
size_t col_of(const struct fields *header, const char *name);

/* Field i of the row as a number; fails unless the whole field is one. */
double number_at(const struct fields *row, size_t i);

/* The batch of `s` with match table `mt` (named "attuned"), no --set;
 * fails the test when it cannot be made.  att_batch_free() it. */
att_batch *batch_of(const att_scenario *s, const att_match_table *mt);

/* Row `run` of `b` as text (caller frees). */
char *row_text(const att_batch *b, long run);

/* Counts the entries of a latencies field and those censored ('+'),
 * checking that the latencies ascend. */
void count_latencies(const char *field, long *n, long *censored);

/* ---- scoring coded files (the library) ---- */

#define SCORES_MAX 4096   /* scores a score_list keeps */

/* Every score of every run and window of a file, in order. */
typedef struct {
    att_scorer *sc;
    double v[SCORES_MAX];
    size_t n;
    int runs;
    size_t windows;
} score_list;

/* Scores `path` (att_coded_read with `flags`, match table "attuned") into
 * `s`; returns the reader's code, with the message in err. */
int score_path(const char *path, int flags, score_list *s, att_error *err);

/* The same for a temporary file holding the n bytes. */
int score_bytes(const char *bytes, size_t n, int flags, score_list *s, att_error *err);

/* ---- compare (the library) ---- */

/* Reads `text` as the results file "mem.csv" and computes; NULL with *rc
 * and `err` set when that fails. */
att_compare *compare_text(const char *text, const att_compare_opts *o, att_error *err,
                          int *rc);

/* compare_text() that fails the test unless it succeeds. */
att_compare *compare_ok(const char *text, const att_compare_opts *o);

/* ---- paths of the input tests: work/in.csv and work/out.csv ---- */

extern char f_in[192], f_out[192];

/* The fixture's folders, f_in and f_out. */
void input_setup(void);

/* ---- an experiment of three conditions beside a plain scenario ---- */

extern char cond_ini[192];  /* work/exp.ini */
extern char scn_ini[192];   /* work/s.ini: a plain scenario */

/* Three conditions, the last swept over three waits: 5 conditions of 3
 * replicates, 5 s each (its lines are numbered in comments). */
extern const char cond_text[];

/* The fixture's folders, cond_ini and scn_ini. */
void cond_setup(void);

/* ---- the batch tests' experiment and timeline, and their references ---- */

extern char batch_ini[192];  /* work/exp.ini: exp_text */
extern char exp_full[192];   /* work/full.csv: its reference, one job */
extern char tl_ini[192];     /* work/tl.ini: tl_text, a timeline of sessions */
extern char tl_full[192];    /* work/tl.csv: its reference, one job */

/* Three conditions (a policy, a two-value sweep), drawn infant parameters,
 * two phases: 4 conditions x 5 replicates = 20 runs of 20 s. */
extern const char exp_text[];

/* A timeline: the same dyads in 3 sessions a minute apart (2 in "brief"),
 * 3 conditions x 3 replicates = 9 runs, 3 + 3 + 2 sessions each: 24 lines.
 * Sessions of 7 s at dt 0.1. */
extern const char tl_text[];

/* The fixture's folders and the four paths, exp_text and tl_text written. */
void batch_setup(void);

/* reference_of(batch_ini, exp_full, len). */
char *reference(size_t *len);

/* ---- paths of the run tests: work/s.ini, work/OUT.csv and its metadata ---- */

extern char run_ini[192];    /* work/s.ini */
extern char run_out[192];    /* work/OUT.csv */
extern char run_meta[224];   /* work/OUT.csv.meta.json */

/* A small valid scenario: 10 s at dt 0.1 in two phases (100 steps). */
extern const char two_phase_ini[];

/* The fixture's folders, and the scenario and output paths in work. */
void cli_setup(void);

/* ---- the output path of the contingency and export tests: work/OUT ---- */

extern char seq_out[192];    /* work/OUT */

/* The fixture's folders, and the output path in work. */
void seq_setup(void);

/* A code scheme with an unscorable code for each partner (infant calm,
 * fuss, hidden; caregiver warm, still, away), and a coded file of one run
 * (no run column: it is named after the file) at dt 1 s, t 0 to 13, with
 * gaps at t 3 (infant hidden) and t 7-8 (caregiver away, then infant
 * hidden), for `contingency --scheme` and `export --sdis --scheme`; the
 * expected counts and SDIS text are worked out by hand beside the tests. */
extern const char seq_gap_scheme[];
extern const char seq_gap_coded[];

/* ---- experiments written in work (the library tests) ---- */

extern char exp_path[192];   /* work/e.ini: the experiment written by load_exp() */
extern char exp_path2[192];  /* work/e2.ini: a second one, for comparisons */

/* The fixture's folders and the two paths. */
void exp_setup(void);

/* A test case with exp_setup and teardown. */
TCase *exp_tcase(const char *name);

/* load_at(exp_path, text, NULL, 0). */
att_scenario *load_exp(const char *text);

/* ---- timelines written in work (the library tests) ---- */

extern char tl_scn[192];  /* work/s.ini: the scenario written by load_tl() */

/* The fixture's folders and tl_scn. */
void tl_setup(void);

/* Writes `text` to tl_scn and loads it with the nsets --set overrides;
 * fails the test when it does not load. */
att_scenario *load_tl(const char *text, const char *const *sets, size_t nsets);

/* ---- test data used by several files ---- */

/* Columns per window in a results row: the scores, the two arousal means
 * and the latencies. */
#define WINDOW_COLS (ATT_SC_COUNT + 3)

/* Three conditions: a policy, a sweep of 3 values and a phase key.  Line
 * numbers matter for the error tests (tests/lib/test_experiment.c) that
 * reuse its head. */
extern const char experiment_text[];

/* A coded file of two runs, phases, a quoted field, an arousal column:
 * worked by hand, run a has ruptures at 1 (repaired at 3) and 4
 * (repaired at 4.5); run b one at 1, censored. */
extern const char coded_session[];

/* ---- compare: a results file and the CSV header of its output ---- */

/* Three conditions, two windows (all, play), a parameter column.
 *   all.matched_prop   A: .5 .6 .7        B: .3 .4 .5 .6       C: .9
 *   all.rmst_s         A: 1 2 (3: empty)  B: 3 4 5 6.5         C: .5
 *   play.matched_prop  A: .4 .5 .6        B: .2 .25 .3 .45     C: .8
 *   all.latencies      A: 0.5 1 2+ | 1 3 | (none)
 *                      B: 2 4 4+ | 1.5 6 | 3+ | 5             C: 0.2 0.3
 *   play.latencies     A: 0.5 | 1 | -   B: 2 4+ | 1.5 | 3+ | 5  C: 0.2
 * caregiver.wait_time alternates 1.5, 2.5 from run 1. */
extern const char compare_results[];

/* The first line compare writes as CSV. */
extern const char compare_csv_head[];

/* ---- whole runs and written tables (the library) ---- */

/* Two numbers equal to 1e-9 (scores worked out by hand). */
#define EQ(a, b) ck_assert_double_eq_tol((a), (b), 1e-9)

/* The whole trace of one run of `s` seeded `seed`, as att_trace_write
 * writes it (caller frees); fails the test unless the run ends normally
 * (att_sim_next returning 0, not -1). */
char *trace_text(const att_scenario *s, const att_match_table *mt, unsigned long seed);

/* What att_compare_write writes of `c` in `fmt` (caller frees); fails the
 * test unless it succeeds. */
char *compare_written(const att_compare *c, att_format fmt);

/* Fails unless err holds `code` and a message containing `word`. */
void expect_err(const att_error *err, int code, const char *word);

/* ---- figures: a tiny reader of cairo's SVG ---- */

/* One <path> or <rect> drawn (not in <defs>): its style attribute, the
 * clip-path of the group it is in ("" none), and its points (every number
 * pair of its d, or the rect's corners) with their bounding box. */
typedef struct svg_shape {
    char style[256];
    double x0, y0, x1, y1;   /* bounding box, points */
    size_t npoints;
    double *xs, *ys;         /* the points (owned) */
} svg_shape;

typedef struct svg_doc {
    double width, height;    /* the <svg> element's, points ("pt" dropped) */
    svg_shape *shapes;
    size_t n;
} svg_doc;

/* Reads cairo's SVG `text`; fails the test when it is not one. */
void svg_read(const char *text, svg_doc *d);
void svg_free(svg_doc *d);

/* The shapes whose style contains every ';'-separated part of `style`
 * (e.g. "fill:rgb(83.529412%,36.862745%,0%);fill-opacity:0.35"), counted;
 * their indices written to `idx` (room for cap) when not NULL. */
size_t svg_find(const svg_doc *d, const char *style, size_t *idx, size_t cap);

/* cairo's SVG colour of an 8-bit colour: "rgb(83.529412%,36.862745%,0%)". */
void svg_rgb(char *buf, size_t cap, int r, int g, int b);

/* The trace figure's time axis: the ends of its widest horizontal axis
 * line (grey, 0.8 points wide), in points. */
void svg_time_axis(const svg_doc *d, double *left, double *right);

/* The rupture shapes of a trace figure (their indices to idx, room for
 * cap): repaired ones filled vermillion (213, 94, 0) at opacity 0.35;
 * censored (censored 1) ones at opacity 0.25 under their hatching, taller
 * than a legend swatch (8 points). */
size_t svg_ruptures(const svg_doc *d, int censored, size_t *idx, size_t cap);

/* The distinct x of the dashed vertical lines (phase boundaries), in
 * increasing order, to out (room for cap; may be NULL); their number. */
size_t svg_dashed_x(const svg_doc *d, double *out, size_t cap);

/* A text drawn (the glyphs of one <g>, tests/svg_text.c): the box of its
 * glyphs' outlines, in points (inked 0: spaces only, no box); cut, the
 * number of its ellipses (a glyph of three closed outlines side by side,
 * over four times as wide as tall: U+2026); turned when its glyphs do not
 * stand on one level line (text drawn at an angle). */
typedef struct svg_text {
    double x0, y0, x1, y1;
    double baseline;   /* the last glyph's y */
    size_t nglyphs;
    int inked, cut, turned;
} svg_text;

/* The texts of cairo's SVG `svg`, in the order drawn, to *out (caller
 * frees); their number. */
size_t svg_texts(const char *svg, svg_text **out);
/* 1 when the ink of a and b is at least `gap` points apart, across or
 * up and down (or either has none). */
int svg_texts_apart(const svg_text *a, const svg_text *b, double gap);

/* ---- attune serve (tests/cli/test_serve.c) ---- */

/* Starts `attune serve ARGS...` (args NULL-terminated, from "serve" on;
 * give --port 0) and reads the port from the line it prints; fails the test
 * when no such line comes within 10 s.  Stop it with kill(pid, SIGTERM),
 * then finish_within. */
pid_t serve_start(const char *const *args, int *port);

/* One HTTP/1.1 request to 127.0.0.1:port with "Connection: close", extra
 * raw header lines `headers` ("Name: value\r\n"..., may be NULL) and
 * `body` (may be NULL; sent with its Content-Length).  Returns the status,
 * -1 when no answer came; the answer's body goes to *out (NUL-terminated,
 * the caller frees it; `out` may be NULL), its length to *len (may be
 * NULL). */
int http_request(int port, const char *method, const char *path, const char *headers,
                 const char *body, char **out, size_t *len);

/* Stops a server started by serve_start (SIGTERM), failing the test unless
 * it exits 0 within 20 s. */
void serve_stop(pid_t pid);
/* POST /api/runs?QUERY: the new run's id into `id` (size >= 40; 201
 * expected). */
void api_new_run(int port, const char *query, char *id);
/* POST /api/runs/ID/steps?n=N: the answer (200 expected; free() it). */
char *api_steps(int port, const char *id, int n);
/* POST /api/runs/ID/change?set=ASSIGN (ASSIGN URL-encoded): the answer
 * (200 expected; free() it). */
char *api_change(int port, const char *id, const char *assign);
/* The string value of "key" in a JSON text (no escapes but \" and \\),
 * into buf; NULL when absent. */
const char *json_str(const char *json, const char *key, char *buf, size_t size);
/* The number after "key": in a JSON text (NaN for null); fails if absent. */
double json_num(const char *json, const char *key);

/* Column `name` of data row `row` (1 = the first after the header) of CSV
 * text `csv` as a number; NaN for an empty field.  Fails the test when the
 * row or the column is missing or the field is not a number. */
double csv_cell(const char *csv, int row, const char *name);

/* The end of attune fit's logit interval by its formula (docs/FIT.md,
 * "Uncertainty and diagnostics"): u = ln((x - lo) / (hi - x)), se_u = se
 * (hi - lo) / ((x - lo)(hi - x)), mapped back from u + z se_u through
 * lo + (hi - lo) / (1 + e^-u).  Written here from the formula, not from
 * fit/, so that the tests check the program against it. */
double logit_ci_end(double x, double se, double lo, double hi, double z);

/* Column `col` of the row whose kind and name are given in an attune fit
 * table (NaN when the field is empty); fails the test when the row or the
 * column is missing. */
double fit_cell(const char *csv, const char *kind, const char *name, const char *col);

/* Runs `sh SCRIPT ARGS` (args NULL-terminated, at most 60), stdin from
 * /dev/null, stdout and stderr into io/, and waits for it. */
result run_sh(const char *script, const char *const *args);
/* `attune fit SCENARIO DIR/rec_0001.csv ... DIR/rec_NNNN.csv EXTRA...`:
 * the traces `attune batch --traces DIR` wrote for a scenario named rec
 * (n at most 64), then EXTRA (NULL-terminated, at most 31).  With
 * --resims 0 first (the refits multiply a fit's cost and only the suites
 * about them need them): a --resims in EXTRA comes later and wins. */
result run_fit_traces(const char *scenario, const char *dir, int n, const char *const *extra);

/* 1 when check `id` is a headline conclusion by the rule docs/VALIDATION.md
 * section 8 states (every check of play, sf, reunion, peekaboo, repair,
 * presets and chronic, and ten expert checks named there by hand): the
 * tests' own copy, to hold validate/validate_sens_head.c against. */
int headline_by_rule(const char *id);

/* The ids and estimates of the checks att_validate_run reports, in order
 * (at most 128): pass fixture_keep_id as its callback and a fixture_ids
 * as its user pointer. */
typedef struct fixture_ids {
    char id[128][64];
    double est[128];
    size_t n;
} fixture_ids;
int fixture_keep_id(const att_vresult *r, void *user, att_error *err);

/* The fixed point of attune fit's inverted interval (docs/FIT.md,
 * "Uncertainty and diagnostics"): for an estimate est in (lo, hi) with se
 * se_est, an end `end` of its asymptotic interval and se_end the se the
 * fit finds at the end (all on the key's own scale), on the logit scale
 * u = ln((x - lo) / (hi - x)): (|u(est) - u(end)| - 1.96 se_u(end)) /
 * (1.96 se_u(est)), se_u = se du/dx; within ATT_FIT_CI_TOL of 0 for an
 * end the inversion settled. */
double fit_ci_gap(double est, double se_est, double end, double se_end, double lo, double hi);

/* Loads a small scenario (10 s, the patient mother) once with each of the
 * n overrides bad[i] (SECTION.KEY=VALUE, as --set takes them), expecting
 * ATT_EINPUT and an error message containing want[i], then once with all
 * ngood overrides good[] together, expecting it to load. */
void expect_set_errors(const char *const *bad, const char *const *want, size_t n,
                       const char *const *good, size_t ngood);

/* An infant state a caregiver can observe: gaze, affect and behaviour as
 * given, arousal 0.3, trust 0.7. */
att_infant_state infant_seen(att_gaze g, att_affect a, att_infant_behavior b);

/* A patient mother who sees at once and exactly (no perception delay, no
 * misreading), answers every change (responsiveness 1) and reconnects
 * 0.5 s after noticing distress, at dt; her quiet_pause and gentling as
 * given, the rest her policy's defaults.  Fails the test if she cannot
 * be made; the caller frees her. */
att_caregiver *exact_patient(double dt, double quiet_pause, double gentling);

/* Turns off, in p, the five keys of the mechanisms of sessions 11 and 17
 * (adopted in session 19; docs/MODEL.md 2.5, 2.6, 2.11) and the futility
 * of protest of session 22 (2.7), for a test worked out by hand without
 * them: arousal_adaptation 0, unanswered_avert_rate 0, upset_negative_rate
 * 0, hope_wariness 0, upset_threshold_share 1 (all of upset_shift lowers
 * the negative-affect threshold, the rule before the key),
 * protest_futility 0 and the discharge of upset by her soothing of
 * session 27 (2.6), upset_soothe_rate 0.  Every other key is left as it
 * is.  Off whatever the defaults are, so such a test does not depend on
 * them. */
void infant_mechanisms_off(att_infant_params *p);

/* ---- a simulated infant that does not move with the model's defaults ---- */

/* Infant keys at the values the fit tests' simulated infants were sized on
 * (the defaults of session 17; a test pins them so that its fit recovers
 * what it must whatever the model's defaults become): every key of the
 * infant's parameter table that the change of defaults of session 19
 * moved, but return_rate, negative_threshold and avert_rate, which some
 * tests set otherwise or fit (pin them yourself: 0.16, 0.85 and 0.04
 * then).  (calm_adaptation, new in session 19, does nothing with
 * arousal_adaptation 0.)
 * upset_soothe_rate, new in session 27 and 0 by default, is pinned at 0
 * too, should it be turned on, and arousal_width at 0.06, its default
 * until session 28.
 * FIXTURE_SIZED_INFANT(F) calls F(key, "value") for each; with
 * FIXTURE_INI_LINE it is one string of "key = value" lines for an [infant]
 * section, with FIXTURE_SET_ITEM a list of "infant.key=value" initialisers
 * for --set.  (The patient mother's gentling, 0 then, is a caregiver key:
 * `gentling = 0`.) */
#define FIXTURE_SIZED_INFANT(F) \
    F(stim_gain, "0.45") F(contingency_gain, "0.35") F(avert_threshold, "0.6") \
    F(positive_rate, "0.9") F(negative_rate, "0.8") F(upset_tau, "90") F(upset_shift, "0.6") \
    F(hope_tau, "2") F(distress_threshold, "0.88") F(frustration_rate, "0.035") \
    F(arousal_adaptation, "0") F(unanswered_avert_rate, "0") F(upset_negative_rate, "0") \
    F(upset_threshold_share, "1") F(hope_wariness, "0") F(look_build, "35") F(greet_smile, "2") \
    F(state_gaze, "0.8") F(state_smile, "0.9") F(calm_rate, "0.5") F(soothability, "1") \
    F(upset_soothe_rate, "0") F(arousal_width, "0.06")
#define FIXTURE_INI_LINE(key, value) #key " = " value "\n"
#define FIXTURE_SET_ITEM(key, value) "infant." #key "=" value,

#endif
