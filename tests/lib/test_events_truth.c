/* The event log agrees with the trace: every shipped scenario (each
 * condition of an experiment; timelines with all their sessions) is run for
 * many seeds, each step is narrated with att_events_describe, and every line
 * is checked against the trace row of its step by rules written here from
 * the trace's columns, not from sim/events.c:
 *   - a frown, a fuss, a cry, distress or a falling face: infant_affect negative;
 *     smiling: positive; a neutral face: neutral;
 *   - "stops playing": caregiver_behavior play on the row before;
 *   - "turns away": infant_gaze 0 after 1; "looks back": 1 after 0;
 *     "turned away": 0; a greeting "now you're back", a bid to mother: 1;
 *   - the behaviour a line names is the row's infant_behavior, the mother's
 *     mode its caregiver_behavior, the codes it quotes the row's codes, an
 *     "arousal X" the row's infant_arousal to 2 decimals;
 *   - a line naming a rupture (and only one) at each step where the matched
 *     column goes 1 -> 0 within a session, a "REPAIR after L s" line (and
 *     only one) where it returns to 1, L from the rupture's start: the
 *     scorer's definition (docs/SCORING.md) applied to the column by hand;
 *     her turning to repair is never headlined "RUPTURE:";
 *   - "--- session N of M[, day D]" once, first, at each session's first
 *     row of a timeline, in order; "--- phase 'P' begins ---" at each change.
 * A line no rule recognises fails: every sentence must be checkable. */
#include <check.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attune/caregiver.h"
#include "attune/codes.h"
#include "attune/events.h"
#include "attune/infant.h"
#include "attune/match.h"
#include "attune/scenario.h"
#include "attune/sim.h"
#include "tests/fixture.h"

#define SEEDS 40
#ifndef ATT_SRCDIR
#define ATT_SRCDIR "."   /* the Makefile passes the source tree's path */
#endif

/* One trace row, in the words the trace writes. */
typedef struct {
    double t;
    long session, sessions;
    double interval;
    const char *phase;
    int gaze;  /* infant_gaze: 1 looking at her */
    const char *affect, *behavior, *icode, *ccode, *mode;
    double arousal;
    int matched;
} row;

static row row_of(const att_step *st)
{
    return (row){ st->t, st->session, st->sessions, st->interval, st->phase_name,
                  st->infant.gaze == ATT_GAZE_AT, att_affect_name(st->infant.affect),
                  att_infant_behavior_name(st->infant.behavior),
                  att_infant_code_name(st->infant_code),
                  att_caregiver_code_name(st->caregiver_code),
                  att_care_mode_name(st->caregiver_mode), st->infant.arousal, st->matched };
}

/* What the lines of one step said, for the completeness checks. */
typedef struct {
    int ruptures, repairs, sessions, phases, lines;
    char why[512];
} said;

static regex_t codes_re;

static int has(const char *text, const char *word)
{
    return strstr(text, word) != NULL;
}

#define NEED(cond, ...) \
    do { if (!(cond)) { snprintf(sd->why, sizeof sd->why, __VA_ARGS__); return -1; } } while (0)

/* The infant's face and gaze.  Returns the rules recognised, -1 on a lie. */
static int face_and_gaze(const row *w, const row *pw, const char *x, said *sd)
{
    int n = 0;
    if (has(x, "frown") || has(x, "fuss") || has(x, "cries") || has(x, "cry")
        || has(x, "distress") || has(x, "face falls")) {
        NEED(strcmp(w->affect, "negative") == 0, "a frown/fuss/cry/distress with affect %s",
             w->affect);
        n++;
    }
    if (has(x, "smiling") || has(x, "infant smiles")) {
        NEED(strcmp(w->affect, "positive") == 0, "smiling with affect %s", w->affect);
        n++;
    }
    if (has(x, "face neutral") || has(x, "neutral affect") || has(x, "calms")) {
        NEED(strcmp(w->affect, "neutral") == 0, "a neutral face with affect %s", w->affect);
        n++;
    }
    if (has(x, "stops playing")) {
        NEED(pw && strcmp(pw->mode, "play") == 0, "stops playing after %s",
             pw ? pw->mode : "nothing");
        n++;
    }
    if (has(x, "out of withdrawal")) {
        NEED(pw && strcmp(pw->behavior, "withdrawal") == 0 && strcmp(w->behavior, "withdrawal") != 0,
             "out of withdrawal: %s after %s", w->behavior, pw ? pw->behavior : "nothing");
        n++;
    }
    if (has(x, "turns away")) {
        NEED(w->gaze == 0 && pw && pw->gaze == 1, "turns away: gaze %d", w->gaze);
        n++;
    }
    if (has(x, "looks back")) {
        NEED(w->gaze == 1 && pw && pw->gaze == 0, "looks back: gaze %d", w->gaze);
        n++;
    }
    if (has(x, "turned away")) {
        NEED(w->gaze == 0, "turned away: gaze %d", w->gaze);
        n++;
    }
    if (has(x, "now you're back") || has(x, "to mother") || has(x, "looking at mother")) {
        NEED(w->gaze == 1, "greeted or bidding with gaze 0");
        n++;
    }
    return n;
}

/* The behaviour an "infant ..." line names, or the mode a "mother ..."
 * line names (first keyword found). */
static int behaviour_and_mode(const row *w, const char *x, said *sd)
{
    static const char *const infant[][2] = {
        { "reaches out", "bid-reach" }, { "points", "bid-point" },
        { "vocalises", "bid-vocalise" }, { "pushes", "protest-push" },
        { "squirms", "protest-fuss" }, { "fusses", "protest-fuss" },
        { "sucks its thumb", "self-comfort" }, { "slumps", "withdrawal" },
        { "cries", "distress" },
    };
    static const char *const mother[][2] = {
        { "plays", "play" }, { "sits back", "wait" }, { "greeting", "greet" },
        { "now you're back", "greet" }, { "leans in", "loom" }, { "still face", "still-face" },
        { "looks away", "disengage" }, { "notices", "notice" }, { "turns to repair", "notice" },
        { "reaches out softly", "reconnect" }, { "soothes", "soothe" },
    };
    if (strncmp(x, "infant ", 7) == 0 && !has(x, "turns away") && !has(x, "looks back")) {
        for (size_t i = 0; i < sizeof infant / sizeof *infant; i++)
            if (has(x, infant[i][0])) {
                NEED(strcmp(w->behavior, infant[i][1]) == 0, "'%s' with infant_behavior %s",
                     infant[i][0], w->behavior);
                return 1;
            }
    } else if (strncmp(x, "mother ", 7) == 0) {
        for (size_t i = 0; i < sizeof mother / sizeof *mother; i++)
            if (has(x, mother[i][0])) {
                NEED(strcmp(w->mode, mother[i][1]) == 0, "'%s' with caregiver_behavior %s",
                     mother[i][0], w->mode);
                return 1;
            }
    }
    return 0;
}

/* What a line says of the infant's code, the quoted codes and the arousal
 * (checks only: they do not make a line recognised). */
static int codes_and_arousal(const row *w, const char *x, said *sd)
{
    if (has(x, "infant's protest"))
        NEED(strcmp(w->icode, "protest") == 0, "protest with infant_code %s", w->icode);
    if (has(x, "has withdrawn") || has(x, "withdraws"))
        NEED(strcmp(w->icode, "withdrawn") == 0, "withdrawn with infant_code %s", w->icode);
    if (has(x, "has withdrawn"))   /* not a protest turned away, coded withdrawn too */
        NEED(strncmp(w->behavior, "protest", 7) != 0, "has withdrawn during %s", w->behavior);
    if (has(x, "resisting her, turned away"))
        NEED(strcmp(w->icode, "withdrawn") == 0 && strncmp(w->behavior, "protest", 7) == 0,
             "resisting, turned away, with infant_code %s, behaviour %s", w->icode, w->behavior);
    if (has(x, "settled"))
        NEED(strcmp(w->icode, "protest") && strcmp(w->icode, "withdrawn")
             && strcmp(w->affect, "negative"), "settled with code %s, affect %s", w->icode,
             w->affect);
    regmatch_t m[4];
    if (regexec(&codes_re, x, 4, m, 0) == 0) {
        char ic[32], cc[32];
        snprintf(ic, sizeof ic, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), x + m[1].rm_so);
        snprintf(cc, sizeof cc, "%.*s", (int)(m[3].rm_eo - m[3].rm_so), x + m[3].rm_so);
        NEED(strcmp(ic, w->icode) == 0 && strcmp(cc, w->ccode) == 0,
             "codes %s/%s quoted, the row has %s/%s", ic, cc, w->icode, w->ccode);
    }
    const char *a = strstr(x, "arousal ");
    if (a) {
        char want[32];
        snprintf(want, sizeof want, "arousal %.2f", w->arousal);
        NEED(strncmp(a, want, strlen(want)) == 0, "'%.13s' where the row has %s", a, want);
    }
    return 0;
}

/* The scorer's events at this row, from the matched column (see the top). */
typedef struct {
    int have_prev, prev_matched, open;
    double start;
} ref_scorer;

enum { REF_NONE, REF_RUPTURE, REF_REPAIR };

static int ref_push(ref_scorer *r, const row *w, double *latency)
{
    int ev = REF_NONE;
    if (r->have_prev && r->prev_matched && !w->matched) {
        r->open = 1;
        r->start = w->t;
        ev = REF_RUPTURE;
    } else if (r->open && w->matched) {
        r->open = 0;
        *latency = w->t - r->start;
        ev = REF_REPAIR;
    }
    r->have_prev = 1;
    r->prev_matched = w->matched;
    return ev;
}

/* Session, phase, rupture and repair lines. */
static int structure(const row *w, const row *pw, const char *x, int ev, double latency,
                     int mother_repairs, said *sd)
{
    long a, b;
    char name[64], more[8];
    double l;
    if (sscanf(x, "--- session %ld of %ld%1[,:]", &a, &b, more) == 3) {
        NEED(a == w->session && b == w->sessions && !pw && sd->lines == 0,
             "session %ld of %ld announced in session %ld of %ld, line %d", a, b, w->session,
             w->sessions, sd->lines);
        const char *d = strstr(x, ", day ");
        double days = w->interval / 86400;
        NEED(d || days != 1, "a day between sessions, and no day named");
        NEED(!d || (sscanf(d, ", day %ld", &a) == 1 && a == 1 + (w->session - 1) * days),
             "the wrong day for session %ld", w->session);
        sd->sessions++;
        return 1;
    }
    if (sscanf(x, "--- phase '%63[^']' begins ---", name) == 1) {
        NEED(strcmp(name, w->phase) == 0 && (!pw || strcmp(pw->phase, w->phase)),
             "phase '%s' begins in phase %s", name, w->phase);
        sd->phases++;
        return 1;
    }
    if (sscanf(x, "REPAIR after %lf s", &l) == 1) {
        char want[32], got[32];
        snprintf(want, sizeof want, "%.1f", latency);
        snprintf(got, sizeof got, "%.1f", l);
        NEED(ev == REF_REPAIR && strcmp(want, got) == 0, "a repair after %s s (the matched "
             "column: %s)", got, ev == REF_REPAIR ? want : "no repair here");
        sd->repairs++;
        return 1;
    }
    if (has(x, "RUPTURE") || has(x, "rupture")) {
        NEED(ev == REF_RUPTURE, "a rupture where matched does not go 1 -> 0");
        NEED(!(has(x, "RUPTURE:") && mother_repairs), "her repair gesture headlined RUPTURE");
        sd->ruptures++;
        return 1;
    }
    return 0;
}

/* Checks one line against its row; 0, or -1 with sd->why filled. */
static int check_line(const row *w, const row *pw, const char *line, int ev, double latency,
                      int mother_repairs, said *sd)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%7.1f s  ", w->t);
    NEED(strncmp(line, prefix, strlen(prefix)) == 0, "not at the row's time %.1f s", w->t);
    const char *x = line + strlen(prefix);
    int n = 0, k;
    if ((k = structure(w, pw, x, ev, latency, mother_repairs, sd)) < 0)
        return -1;
    n += k;
    if (strncmp(x, "---", 3) != 0) {
        if ((k = face_and_gaze(w, pw, x, sd)) < 0 || (n += k, 0)
            || (k = behaviour_and_mode(w, x, sd)) < 0 || (n += k, 0)
            || codes_and_arousal(w, x, sd) < 0)
            return -1;
    }
    NEED(n > 0, "no rule recognises this line");
    sd->lines++;
    return 0;
}

static int in_repair(const char *mode)
{
    return !strcmp(mode, "notice") || !strcmp(mode, "reconnect") || !strcmp(mode, "soothe");
}

/* Narrates one step and checks each of its lines and what they left out. */
static void check_step(const char *what, unsigned long seed, const att_step *prev,
                       const att_step *cur, ref_scorer *ref)
{
    char text[4096];
    row w = row_of(cur), pwr = prev ? row_of(prev) : w;
    const row *pw = prev ? &pwr : NULL;
    double latency = 0;
    int ev = ref_push(ref, &w, &latency);
    int mother_repairs = pw && strcmp(pw->mode, w.mode) && in_repair(w.mode)
        && !strcmp(pw->icode, w.icode);
    att_events_describe(prev, cur, text, sizeof text);
    if (strlen(text) + 1 >= sizeof text)  /* (ck_assert costs a system call: not per step) */
        ck_abort_msg("%s seed %lu: log truncated", what, seed);
    said sd = { 0 };
    for (char *line = text, *end; *line; line = end + 1) {
        end = strchr(line, '\n');
        if (!end)
            ck_abort_msg("%s seed %lu: a line without its newline", what, seed);
        *end = '\0';
        if (check_line(&w, pw, line, ev, latency, mother_repairs, &sd) != 0)
            ck_abort_msg("%s seed %lu session %ld: \"%s\": %s (row: gaze %d affect %s behaviour "
                         "%s codes %s/%s mode %s matched %d)", what, seed, w.session, line, sd.why,
                         w.gaze, w.affect, w.behavior, w.icode, w.ccode, w.mode, w.matched);
    }
    if (sd.ruptures != (ev == REF_RUPTURE) || sd.repairs != (ev == REF_REPAIR))
        ck_abort_msg("%s seed %lu session %ld t %.1f: %d rupture and %d repair lines, the "
                     "matched column gives %s", what, seed, w.session, w.t, sd.ruptures,
                     sd.repairs, ev == REF_RUPTURE ? "a rupture" : ev == REF_REPAIR ? "a repair"
                     : "neither");
    if (sd.sessions != (!pw && w.sessions > 1))
        ck_abort_msg("%s seed %lu session %ld t %.1f: %d session announcements", what, seed,
                     w.session, w.t, sd.sessions);
    if (sd.phases != (!pw || strcmp(pw->phase, w.phase) != 0))
        ck_abort_msg("%s seed %lu t %.1f: phase '%s' announced %d times", what, seed, w.t,
                     w.phase, sd.phases);
}

/* Runs every session of `s` with `seed`, narrating and checking each step;
 * returns the number of sessions announced (checked in order). */
static void check_run(const char *what, const att_scenario *s, const att_match_table *mt,
                      unsigned long seed)
{
    att_error err = { 0 };
    att_sim *sim = att_sim_new(s, mt, seed, 1, &err);
    ck_assert_msg(sim != NULL, "%s", err.msg);
    att_step prev, cur;
    long sessions = 0;
    int more;
    do {
        ref_scorer ref = { 0 };
        int have_prev = 0;
        sessions++;
        while ((more = att_sim_next(sim, &cur, &err)) > 0) {
            if (cur.session != sessions)
                ck_abort_msg("%s: step of session %ld in session %ld", what, cur.session, sessions);
            check_step(what, seed, have_prev ? &prev : NULL, &cur, &ref);
            prev = cur;
            have_prev = 1;
        }
        ck_assert_msg(more == 0, "%s", err.msg);
    } while ((more = att_sim_next_session(sim, &err)) > 0);
    ck_assert_msg(more == 0, "%s", err.msg);
    ck_assert_int_eq(sessions, att_scenario_sessions(s));
    att_sim_free(sim);
}

static const char *const shipped[] = {
    "chronic-intrusive", "chronic-withdrawn", "compare-policies", "consistent-repair",
    "history-meets-patient", "peekaboo-intrusive", "peekaboo-patient", "still-face",
    "sweep-wait-time",
};

/* Every shipped scenario (each condition of an experiment), SEEDS seeds. */
START_TEST(every_line_is_true_of_its_row)
{
    ck_assert_int_eq(regcomp(&codes_re, "infant ([a-z-]+)(,| vs) mother ([a-z-]+)",
                             REG_EXTENDED), 0);
    att_match_table *mt = load_match("attuned");
    const char *name = shipped[_i];
    char path[512], what[160];
    snprintf(path, sizeof path, "%s/scenarios/%s.ini", ATT_SRCDIR, name);
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(path, NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    ck_assert_str_eq(att_scenario_match_table(s), "attuned");
    size_t nc = att_scenario_condition_count(s);
    for (size_t c = 0; c < (nc ? nc : 1); c++) {
        const att_scenario *run = nc ? att_scenario_condition(s, c) : s;
        snprintf(what, sizeof what, "%s%s%s", name, nc ? " condition " : "",
                 nc ? att_scenario_condition_name(s, c) : "");
        for (unsigned long seed = 1; seed <= SEEDS; seed++)
            check_run(what, run, mt, seed);
    }
    att_scenario_free(s);
    att_match_table_free(mt);
    regfree(&codes_re);
}
END_TEST

/* The case of issue 15: peek-a-boo with the intrusive mother, seed 1989. */
START_TEST(peekaboo_intrusive_seed_1989)
{
    ck_assert_int_eq(regcomp(&codes_re, "infant ([a-z-]+)(,| vs) mother ([a-z-]+)",
                             REG_EXTENDED), 0);
    att_match_table *mt = load_match("attuned");
    att_error err = { 0 };
    att_scenario *s = att_scenario_load(SRC("scenarios/peekaboo-intrusive.ini"), NULL, 0, &err);
    ck_assert_msg(s != NULL, "%s", err.msg);
    check_run("peekaboo-intrusive", s, mt, 1989);
    att_scenario_free(s);
    att_match_table_free(mt);
    regfree(&codes_re);
}
END_TEST

Suite *suite_events_truth(void)
{
    Suite *s = suite_create("events_truth");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, peekaboo_intrusive_seed_1989);
    tcase_add_loop_test(tc, every_line_is_true_of_its_row, 0,
                        (int)(sizeof shipped / sizeof *shipped));
    suite_add_tcase(s, tc);
    return s;
}
