/*
 * onedoor-harness - runs scenario files (JSON lines) against the public C API of onedoor,
 * optionally with the department simulator od-deptsim, so that testers write end-to-end
 * cases without writing C. The format is documented in tests/scenarios/README.md.
 *
 *   onedoor-harness [--sim PATH] [--plugins DIR] [--district FILE] [--keep] [--keep-going]
 *                   [-v] SCENARIO.jsonl...
 *
 * Environment (used when the option is not given): ONEDOOR_DEPTSIM, ONEDOOR_PLUGIN_DIR,
 * ONEDOOR_DISTRICT_FILE, ONEDOOR_HARNESS_KEEP=1, ONEDOOR_HARNESS_VERBOSE=1.
 *
 * Output: one line per scenario (ok / FAIL / SKIP), a block per failed step (scenario,
 * file:line, the step, what was expected, what came back), and as the last line exactly
 * "N passed, N failed" (assertions). Exit status: 0 all passed, 1 something failed,
 * 77 nothing ran because every scenario was skipped (a requirement was not built), 2 usage.
 *
 * Strict: every line is parsed with JSON_REJECT_DUPLICATES and checked before it runs; an
 * unknown key, a value of the wrong type, a malformed path, a file without steps or one that
 * cannot be read fails (README "Strictness"), so that nothing written is silently ignored.
 */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "deptsim_client.h"
#include "json_path.h"
#include "test_database.h"
#include "onedoor/onedoor.h"

#ifndef ONEDOOR_HARNESS_DISTRICT
#define ONEDOOR_HARNESS_DISTRICT "config/dongchangfu.json"
#endif
#ifndef ONEDOOR_HARNESS_PLUGIN_DIR
#define ONEDOOR_HARNESS_PLUGIN_DIR "plugins"
#endif
#ifndef ONEDOOR_HARNESS_SIM
#define ONEDOOR_HARNESS_SIM ""
#endif

#define SIM_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define DEFAULT_CLOCK_START "2026-03-02T09:00:00+08:00"

/* ---- options and totals ---------------------------------------------------------------- */

static const char *opt_sim = NULL;
static const char *opt_plugins = NULL;
static const char *opt_district = NULL;
static int opt_keep = 0;
static int opt_keep_going = 0;
static int opt_verbose = 0;

static long total_pass = 0, total_fail = 0;

/* ---- growable string ---------------------------------------------------------------------- */

typedef struct {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_addn(sbuf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            fprintf(stderr, "onedoor-harness: out of memory\n");
            exit(2);
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}
static void sb_add(sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }
static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...) {
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        sb_addn(b, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) return;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_addn(b, big, (size_t)n);
    free(big);
}
static void sb_free(sbuf *b) {
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

/* a JSON value as compact text (the caller frees); long texts are cut for messages */
static char *jtext(const json_t *v, size_t max) {
    if (!v) return strdup("(nothing)");
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s) return strdup("(unprintable)");
    if (max && strlen(s) > max) {
        strcpy(s + max - 4, " ...");
    }
    return s;
}

/* ---- assertion results of one step ---------------------------------------------------------- */

typedef struct {
    int pass, fail;
    sbuf msgs;
} Results;

static void res_ok(Results *r) { r->pass++; }
static void res_bad(Results *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void res_bad(Results *r, const char *fmt, ...) {
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    r->fail++;
    sb_add(&r->msgs, "    ");
    sb_add(&r->msgs, tmp);
    sb_add(&r->msgs, "\n");
}
static void res_expect(Results *r, int ok, const char *what, const json_t *expected, const json_t *got) {
    if (ok) {
        res_ok(r);
        return;
    }
    char *e = jtext(expected, 400), *g = jtext(got, 400);
    res_bad(r, "%s: expected %s, got %s", what, e, g);
    free(e);
    free(g);
}

/* ---- paths: tests/common/json_path.h ---- */

/* expected matches actual: objects by subset, arrays element by element, numbers by value */
static int jmatch(const json_t *want, const json_t *got) {
    if (!got) return 0;
    if (json_is_object(want)) {
        if (!json_is_object(got)) return 0;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)want, k, v) {
            if (!jmatch(v, json_object_get(got, k))) return 0;
        }
        return 1;
    }
    if (json_is_array(want)) {
        if (!json_is_array(got) || json_array_size(want) != json_array_size(got)) return 0;
        for (size_t i = 0; i < json_array_size(want); ++i)
            if (!jmatch(json_array_get(want, i), json_array_get(got, i))) return 0;
        return 1;
    }
    if (json_is_number(want)) return json_is_number(got) && json_number_value(want) == json_number_value(got);
    return json_equal((json_t *)want, (json_t *)got);
}

/* ---- variables and ${...} substitution ------------------------------------------------------ */

/* Replaces ${name} by the variable's value, escaped for a JSON string. ${env:NAME} reads the
 * environment. An unknown name is an error (returns NULL, sets *bad to the name). */
static char *substitute(const char *text, json_t *vars, char *bad, size_t badlen) {
    sbuf out = {0};
    const char *p = text;
    sb_add(&out, "");
    while (*p) {
        const char *s = strstr(p, "${");
        if (!s) {
            sb_add(&out, p);
            break;
        }
        sb_addn(&out, p, (size_t)(s - p));
        const char *e = strchr(s + 2, '}');
        if (!e) {
            sb_add(&out, s);
            break;
        }
        char name[256];
        size_t n = (size_t)(e - s - 2);
        if (n >= sizeof name) n = sizeof name - 1;
        memcpy(name, s + 2, n);
        name[n] = '\0';
        const char *val = NULL;
        if (strncmp(name, "env:", 4) == 0) {
            val = getenv(name + 4);
        } else {
            json_t *v = json_object_get(vars, name);
            if (v) val = json_string_value(v);
        }
        if (!val) {
            snprintf(bad, badlen, "%s", name);
            sb_free(&out);
            return NULL;
        }
        for (const char *c = val; *c; ++c) {
            unsigned char ch = (unsigned char)*c;
            if (ch == '"' || ch == '\\') {
                char esc[3] = {'\\', (char)ch, 0};
                sb_add(&out, esc);
            } else if (ch < 0x20) {
                sb_printf(&out, "\\u%04x", ch);
            } else {
                sb_addn(&out, c, 1);
            }
        }
        p = e + 1;
    }
    return out.s;
}

static void set_var(json_t *vars, const char *name, const json_t *v) {
    if (json_is_string(v)) {
        json_object_set_new(vars, name, json_string(json_string_value(v)));
    } else {
        char *t = jtext(v, 0);
        json_object_set_new(vars, name, json_string(t));
        free(t);
    }
}

/* ---- HTTP to the simulator: deptsim_http (tests/common/deptsim_client.h) -------------------- */

/* the whole of one request to the simulator's control API */
#define SIM_HTTP_TIMEOUT_MS 10000L

/* ---- scenario context ------------------------------------------------------------------------ */

typedef struct {
    const char *file;
    char name[256];
    char tmpdir[PATH_MAX];
    json_t *vars;
    char *header_text; /* raw header line, substituted when the engine opens */
    json_t *requires;
    int auto_sim;
    od_engine *eng;
    char *clock_start; /* the manual clock's time for the next open (restart keeps it) */
    int workers;
    deptsim sim; /* the simulator process; sim.pid > 0 while it runs */
    int failed;
    int skipped;
    char skip_reason[512];
    int steps_run;
} Ctx;

static int file_exists(const char *p) { return p && *p && access(p, F_OK) == 0; }

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* ---- the simulator process -------------------------------------------------------------------- */

static void sim_stop(Ctx *c) {
    if (c->sim.pid <= 0) return;
    deptsim_stop(&c->sim);
    json_object_del(c->vars, "SIM_URL");
}

/* 0 ok; -1 failed (message in r); 1 the simulator binary is not built (skip) */
static int sim_start(Ctx *c, Results *r) {
    if (c->sim.pid > 0) return 0;
    if (!file_exists(opt_sim)) {
        snprintf(c->skip_reason, sizeof c->skip_reason, "the department simulator is not built (--sim '%s')",
                 opt_sim ? opt_sim : "");
        return 1;
    }
    char err[PATH_MAX + 256];
    if (deptsim_start(&c->sim, opt_sim, c->tmpdir, SIM_SECRET, 10000L, err, sizeof err) != 0) {
        res_bad(r, "%s", err);
        return -1;
    }
    json_object_set_new(c->vars, "SIM_URL", json_string(c->sim.url));
    return 0;
}

/* ---- the engine --------------------------------------------------------------------------------- */

static void engine_close(Ctx *c) {
    if (c->eng) od_close(c->eng);
    c->eng = NULL;
}

/* calls an operation; returns the status and the parsed response (new reference) */
static int32_t call(Ctx *c, const char *op, json_t *req, json_t **resp, char **raw_out) {
    char *req_text = req ? json_dumps(req, JSON_COMPACT) : strdup("{}");
    char *raw = NULL;
    int32_t st = od_call(c->eng, op, req_text, &raw);
    if (opt_verbose) {
        printf("  > %s %s\n  < %d %s\n", op, req_text, st, raw ? raw : "(null)");
    }
    free(req_text);
    *resp = raw ? json_loads(raw, JSON_DECODE_ANY, NULL) : NULL;
    if (raw_out) *raw_out = raw ? strdup(raw) : NULL;
    od_free(raw);
    return st;
}

static int check_plugin_files(Ctx *c, json_t *cfg) {
    json_t *pl = json_object_get(cfg, "plugins");
    const char *unit;
    json_t *spec;
    json_object_foreach(pl, unit, spec) {
        const char *f = json_string_value(json_object_get(spec, "file"));
        if (f && f[0] == '/' && !file_exists(f)) {
            snprintf(c->skip_reason, sizeof c->skip_reason, "plugin for %s is not built: %s", unit, f);
            return 1;
        }
    }
    return 0;
}

static int requires(Ctx *c, const char *what) {
    size_t i;
    json_t *v;
    json_array_foreach(c->requires, i, v) {
        if (json_is_string(v) && strcmp(json_string_value(v), what) == 0) return 1;
    }
    return 0;
}

/* 0 ok; -1 failed; 1 skip */
static int engine_open(Ctx *c, Results *r) {
    if (c->eng) return 0;
    if (c->auto_sim && c->sim.pid <= 0) {
        int s = sim_start(c, r);
        if (s) return s;
    }
    json_t *cfg = json_object();
    char db[PATH_MAX + 16];
    snprintf(db, sizeof db, "%s/onedoor.db", c->tmpdir);
    char *dbjson = od_test_database_json(db);  /* SQLite, or PostgreSQL under ONEDOOR_TEST_PG */
    json_object_set_new(cfg, "database", json_loads(dbjson, JSON_DECODE_ANY, NULL));
    free(dbjson);
    json_object_set_new(cfg, "district_file", json_string(opt_district));
    json_object_set_new(cfg, "clock", json_string("manual"));
    json_object_set_new(cfg, "clock_start", json_string(c->clock_start));
    json_object_set_new(cfg, "delivery",
                        json_pack("{s:i, s:i, s:i, s:i}", "workers", 0, "backoff_base_ms", 50, "backoff_cap_ms", 200,
                                  "lease_ms", 2000));
    if (c->header_text) {
        char bad[256];
        char *text = substitute(c->header_text, c->vars, bad, sizeof bad);
        if (!text) {
            res_bad(r, "the scenario header uses ${%s}, which is not set (start the simulator first?)", bad);
            json_decref(cfg);
            return -1;
        }
        json_error_t je;
        json_t *h = json_loads(text, JSON_REJECT_DUPLICATES, &je);
        free(text);
        if (!json_is_object(h)) {
            res_bad(r, "the scenario header, after substitution, is not a JSON object: %s (column %d)", je.text,
                    je.column);
            json_decref(h);
            json_decref(cfg);
            return -1;
        }
        json_t *over = json_object_get(h, "config");
        if (json_is_object(over)) json_object_update_recursive(cfg, over);
        json_decref(h);
    }
    if (requires(c, "plugins") && check_plugin_files(c, cfg)) {
        json_decref(cfg);
        return 1;
    }
    json_t *w = json_object_get(json_object_get(cfg, "delivery"), "workers");
    c->workers = json_is_integer(w) ? (int)json_integer_value(w) : 1;
    char *text = json_dumps(cfg, JSON_COMPACT);
    json_decref(cfg);
    char *err = NULL;
    int32_t st = od_open(text, &c->eng, &err);
    if (st != OD_OK) {
        res_bad(r, "od_open failed with %s: %s\n      config: %s", od_status_name(st), err ? err : "", text);
        od_free(err);
        free(text);
        c->eng = NULL;
        return -1;
    }
    free(text);
    /* the plugins a scenario that requires them configured must have loaded */
    if (!requires(c, "plugins")) return 0;
    json_t *status = NULL;
    call(c, "engine.status", NULL, &status, NULL);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(status, "plugins"), i, p) {
        json_t *st2 = json_object_get(p, "state");
        json_t *en = json_object_get(p, "enabled");
        int bad = (json_is_string(st2) && strcmp(json_string_value(st2), "active") != 0 &&
                   strcmp(json_string_value(st2), "loaded") != 0) ||
                  json_is_false(en);
        if (bad) {
            char *t = jtext(p, 600);
            res_bad(r, "a plugin did not load: %s", t);
            free(t);
        }
    }
    json_decref(status);
    return 0;
}

static void engine_now(Ctx *c) {
    if (!c->eng) return;
    json_t *status = NULL;
    call(c, "engine.status", NULL, &status, NULL);
    const char *now = json_string_value(json_object_get(status, "now"));
    if (now) {
        free(c->clock_start);
        c->clock_start = strdup(now);
    }
    json_decref(status);
}

/* ---- expectations ------------------------------------------------------------------------------ */

static const char *kind_name(const json_t *v) {
    if (!v) return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static json_t *resolve(Results *r, json_t *root, const char *path) {
    const char *err;
    json_t *v = json_path(root, path, &err);
    if (err) res_bad(r, "path '%s' is malformed: %s", path, err);
    return v;
}

/* Evaluates an "expect" object (without "status") against root. */
static void check_expect(Results *r, json_t *expect, json_t *root) {
    const char *path;
    json_t *want;
    char what[512];
    json_object_foreach(json_object_get(expect, "paths"), path, want) {
        json_t *got = resolve(r, root, path);
        snprintf(what, sizeof what, "at '%s'", path);
        res_expect(r, jmatch(want, got), what, want, got);
    }
    json_object_foreach(json_object_get(expect, "not"), path, want) {
        json_t *got = resolve(r, root, path);
        if (!got) { /* a misspelt path must not pass: "not" needs a value to compare */
            char *w = jtext(want, 300);
            res_bad(r, "at '%s' (must differ from %s): nothing there (use \"absent\" for a path that must not exist)",
                    path, w);
            free(w);
            continue;
        }
        snprintf(what, sizeof what, "at '%s' (must differ)", path);
        res_expect(r, !jmatch(want, got), what, want, got);
    }
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(expect, "absent"), i, p) {
        json_t *got = resolve(r, root, json_string_value(p) ? json_string_value(p) : "");
        if (!got) res_ok(r);
        else {
            char *g = jtext(got, 300);
            res_bad(r, "'%s' must be absent, got %s", json_string_value(p), g);
            free(g);
        }
    }
    json_array_foreach(json_object_get(expect, "exists"), i, p) {
        json_t *got = resolve(r, root, json_string_value(p) ? json_string_value(p) : "");
        if (got) res_ok(r);
        else res_bad(r, "'%s' must exist, got nothing", json_string_value(p));
    }
    /* (in sim_expect an integer "count" is the number of requests, checked elsewhere) */
    json_t *counts = json_object_get(expect, "count");
    json_object_foreach(json_is_object(counts) ? counts : NULL, path, want) {
        json_t *got = resolve(r, root, path);
        long n = json_is_array(got) ? (long)json_array_size(got) : json_is_object(got) ? (long)json_object_size(got) : -1;
        if (n < 0) {
            res_bad(r, "count of '%s': expected %lld, got %s", path, (long long)json_integer_value(want), kind_name(got));
        } else if (n == (long)json_integer_value(want)) {
            res_ok(r);
        } else {
            char *g = jtext(got, 600);
            res_bad(r, "count of '%s': expected %lld, got %ld: %s", path, (long long)json_integer_value(want), n, g);
            free(g);
        }
    }
    json_object_foreach(json_object_get(expect, "contains"), path, want) {
        json_t *got = resolve(r, root, path);
        int ok = 0;
        if (json_is_array(got)) {
            size_t j;
            json_t *el;
            json_array_foreach(got, j, el) {
                if (jmatch(want, el)) {
                    ok = 1;
                    break;
                }
            }
        } else if (json_is_string(got) && json_is_string(want)) {
            ok = strstr(json_string_value(got), json_string_value(want)) != NULL;
        } else if (json_is_object(got) && json_is_string(want)) {
            ok = json_object_get(got, json_string_value(want)) != NULL;
        }
        snprintf(what, sizeof what, "'%s' contains", path);
        res_expect(r, ok, what, want, got);
    }
    static const char *cmps[] = {"gt", "ge", "lt", "le"};
    for (int k = 0; k < 4; ++k) {
        json_object_foreach(json_object_get(expect, cmps[k]), path, want) {
            json_t *got = resolve(r, root, path);
            int ok = 0;
            if (json_is_number(got) && json_is_number(want)) {
                double a = json_number_value(got), b = json_number_value(want);
                ok = k == 0 ? a > b : k == 1 ? a >= b : k == 2 ? a < b : a <= b;
            } else if (json_is_string(got) && json_is_string(want)) { /* ISO times compare as text */
                int c = strcmp(json_string_value(got), json_string_value(want));
                ok = k == 0 ? c > 0 : k == 1 ? c >= 0 : k == 2 ? c < 0 : c <= 0;
            }
            snprintf(what, sizeof what, "'%s' %s", path, cmps[k]);
            res_expect(r, ok, what, want, got);
        }
    }
}

static void do_save(Results *r, json_t *save, json_t *root, json_t *vars) {
    const char *var;
    json_t *p;
    json_object_foreach(save, var, p) {
        const char *path = json_string_value(p);
        json_t *got = path ? resolve(r, root, path) : NULL;
        if (!got) {
            char *t = jtext(root, 600);
            res_bad(r, "save %s: nothing at '%s' in %s", var, path ? path : "(not a string)", t);
            free(t);
            continue;
        }
        set_var(vars, var, got);
        res_ok(r);
    }
}

static void check_status(Results *r, json_t *expect, int32_t st, json_t *resp, const char *raw) {
    json_t *want = json_object_get(expect, "status");
    int ok;
    char wbuf[64];
    if (!want) {
        ok = st == OD_OK;
        snprintf(wbuf, sizeof wbuf, "OK");
    } else if (json_is_integer(want)) {
        ok = st == json_integer_value(want);
        snprintf(wbuf, sizeof wbuf, "%lld", (long long)json_integer_value(want));
    } else {
        const char *w = json_string_value(want);
        ok = w && strcmp(w, od_status_name(st)) == 0;
        snprintf(wbuf, sizeof wbuf, "%s", w ? w : "?");
    }
    if (ok) {
        res_ok(r);
    } else {
        char *t = resp ? jtext(resp, 1500) : strdup(raw ? raw : "(no response)");
        res_bad(r, "status: expected %s, got %s (%d): %s", wbuf, od_status_name(st), st, t);
        free(t);
    }
}

/* ---- steps --------------------------------------------------------------------------------------- */

static json_t *actor_from(const char *as) {
    char unit[128] = "", role[64] = "officer", officer[256] = "";
    const char *s1 = strchr(as, '/');
    if (!s1) {
        snprintf(unit, sizeof unit, "%s", as);
    } else {
        snprintf(unit, sizeof unit, "%.*s", (int)(s1 - as), as);
        const char *s2 = strchr(s1 + 1, '/');
        if (s2) {
            snprintf(role, sizeof role, "%.*s", (int)(s2 - s1 - 1), s1 + 1);
            snprintf(officer, sizeof officer, "%s", s2 + 1);
        } else {
            snprintf(role, sizeof role, "%s", s1 + 1);
        }
    }
    if (!officer[0]) snprintf(officer, sizeof officer, "%s/%s", unit, role);
    return json_pack("{s:s, s:s, s:s}", "officer", officer, "unit", unit, "role", role);
}

static void step_op(Ctx *c, json_t *step, Results *r) {
    const char *op = json_string_value(json_object_get(step, "op"));
    json_t *req = json_deep_copy(json_object_get(step, "req"));
    if (!req) req = json_object();
    if (!json_is_object(req)) {
        res_bad(r, "\"req\" must be an object");
        json_decref(req);
        return;
    }
    const char *as = json_string_value(json_object_get(step, "as"));
    if (as && !json_object_get(req, "actor")) json_object_set_new(req, "actor", actor_from(as));
    json_t *resp = NULL;
    char *raw = NULL;
    int32_t st = call(c, op, req, &resp, &raw);
    json_decref(req);
    json_t *expect = json_object_get(step, "expect");
    check_status(r, expect, st, resp, raw);
    if (resp) {
        check_expect(r, expect, resp);
        do_save(r, json_object_get(step, "save"), resp, c->vars);
    } else {
        res_bad(r, "the response is not JSON: %s", raw ? raw : "(null)");
    }
    free(raw);
    json_decref(resp);
}

static void step_clock(Ctx *c, json_t *step, Results *r) {
    json_t *clk = json_object_get(step, "clock");
    json_t *req = NULL;
    const char *op = NULL;
    if (json_object_get(clk, "set")) {
        op = "clock.set";
        req = json_pack("{s:O}", "at", json_object_get(clk, "set"));
    } else if (json_is_object(json_object_get(clk, "advance"))) {
        op = "clock.advance";
        req = json_deep_copy(json_object_get(clk, "advance"));
    } else {
        res_bad(r, "\"clock\" needs {\"set\": time} or {\"advance\": {...}}");
        return;
    }
    json_t *resp = NULL;
    char *raw = NULL;
    int32_t st = call(c, op, req, &resp, &raw);
    json_decref(req);
    json_t *expect = json_object_get(step, "expect");
    check_status(r, expect, st, resp, raw);
    if (resp) check_expect(r, expect, resp);
    do_save(r, json_object_get(step, "save"), resp, c->vars);
    free(raw);
    json_decref(resp);
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* number of pending jobs due at the engine's now; -1 on error */
static int due_pending(Ctx *c) {
    json_t *status = NULL;
    call(c, "engine.status", NULL, &status, NULL);
    const char *now = json_string_value(json_object_get(status, "now"));
    char nowbuf[64];
    snprintf(nowbuf, sizeof nowbuf, "%s", now ? now : "");
    json_decref(status);
    json_t *req = json_pack("{s:{s:s,s:s,s:s}, s:s}", "actor", "officer", "harness", "unit", "district", "role",
                            "officer", "state", "pending");
    json_t *resp = NULL;
    int32_t st = call(c, "delivery.list", req, &resp, NULL);
    json_decref(req);
    if (st != OD_OK) {
        json_decref(resp);
        return -1;
    }
    int n = 0;
    size_t i;
    json_t *j;
    json_array_foreach(json_object_get(resp, "jobs"), i, j) {
        const char *next = json_string_value(json_object_get(j, "next_at"));
        if (!next || strcmp(next, nowbuf) <= 0) ++n;
    }
    json_decref(resp);
    return n;
}

static void step_deliver(Ctx *c, json_t *step, Results *r) {
    json_t *d = json_object_get(step, "deliver");
    json_t *resp = NULL;
    int32_t st = OD_OK;
    if (json_is_object(d) && json_object_get(d, "run")) {
        json_t *req = json_pack("{s:O}", "max", json_object_get(d, "run"));
        st = call(c, "delivery.run", req, &resp, NULL);
        json_decref(req);
    } else if ((json_is_string(d) && strcmp(json_string_value(d), "settle") == 0) ||
               (json_is_object(d) && json_object_get(d, "settle"))) {
        long timeout = 10000;
        json_t *t = json_object_get(d, "timeout_ms");
        if (json_is_integer(t)) timeout = (long)json_integer_value(t);
        long attempted = 0;
        if (c->workers == 0) {
            for (int i = 0; i < 1000; ++i) {
                json_t *one = NULL;
                st = call(c, "delivery.run", NULL, &one, NULL);
                long n = (long)json_integer_value(json_object_get(one, "attempted"));
                json_decref(one);
                if (st != OD_OK || n == 0) break;
                attempted += n;
            }
        } else {
            long waited = 0;
            int n;
            while ((n = due_pending(c)) != 0 && waited < timeout) {
                sleep_ms(20);
                waited += 20;
            }
            if (n != 0) res_bad(r, "deliveries did not settle within %ld ms (%d due)", timeout, n);
            else res_ok(r);
        }
        resp = json_pack("{s:i}", "attempted", (json_int_t)attempted);
    } else {
        res_bad(r, "\"deliver\" must be \"settle\", {\"settle\":true,\"timeout_ms\":N} or {\"run\":N}");
        return;
    }
    json_t *expect = json_object_get(step, "expect");
    check_status(r, expect, st, resp, NULL);
    check_expect(r, expect, resp);
    do_save(r, json_object_get(step, "save"), resp, c->vars);
    json_decref(resp);
}

static void step_sim(Ctx *c, json_t *step, Results *r) {
    json_t *s = json_object_get(step, "sim");
    if (json_is_string(s) && strcmp(json_string_value(s), "start") == 0) {
        int rc = sim_start(c, r);
        if (rc == 1) c->skipped = 1;
        else if (rc == 0) res_ok(r);
        return;
    }
    if (json_is_string(s) && strcmp(json_string_value(s), "stop") == 0) {
        sim_stop(c);
        res_ok(r);
        return;
    }
    if (c->sim.pid <= 0) {
        res_bad(r, "the simulator is not running (add {\"sim\":\"start\"} first)");
        return;
    }
    char url[128];
    char *body = NULL;
    long code;
    if (json_is_string(s) && strcmp(json_string_value(s), "reset") == 0) {
        snprintf(url, sizeof url, "%s/_reset", c->sim.url);
        code = deptsim_http(url, "{}", SIM_HTTP_TIMEOUT_MS, &body);
    } else if (json_is_object(s)) {
        snprintf(url, sizeof url, "%s/%s", c->sim.url, json_object_get(s, "results") ? "_results" : "_control");
        char *text = json_dumps(s, JSON_COMPACT);
        code = deptsim_http(url, text, SIM_HTTP_TIMEOUT_MS, &body);
        free(text);
    } else {
        res_bad(r, "\"sim\" must be \"start\", \"stop\", \"reset\", a mode object or a results object");
        return;
    }
    if (code >= 200 && code < 300) res_ok(r);
    else res_bad(r, "POST %s answered %ld: %s", url, code, body ? body : "");
    free(body);
}

/* builds {"received":[...], "count":N, "stats":{...}} from the simulator */
static json_t *sim_snapshot(Ctx *c, json_t *se, Results *r) {
    char url[512];
    char *body = NULL;
    const char *path = json_string_value(json_object_get(se, "path"));
    char *esc = NULL;
    if (path) {
        CURL *h = curl_easy_init();
        esc = curl_easy_escape(h, path, 0);
        curl_easy_cleanup(h);
    }
    snprintf(url, sizeof url, "%s/_received%s%s", c->sim.url, esc ? "?path=" : "", esc ? esc : "");
    curl_free(esc);
    long code = deptsim_http(url, NULL, SIM_HTTP_TIMEOUT_MS, &body);
    json_t *arr = code == 200 ? json_loads(body, 0, NULL) : NULL;
    if (!json_is_array(arr)) {
        res_bad(r, "GET %s answered %ld: %s", url, code, body ? body : "");
        free(body);
        json_decref(arr);
        return NULL;
    }
    free(body);
    /* bodies as JSON; keep the text as body_text; apply "where" */
    json_t *where = json_object_get(se, "where");
    json_t *kept = json_array();
    size_t i;
    json_t *rec;
    json_array_foreach(arr, i, rec) {
        const char *b = json_string_value(json_object_get(rec, "body"));
        if (b) {
            json_t *parsed = json_loads(b, JSON_DECODE_ANY, NULL);
            json_object_set_new(rec, "body_text", json_string(b));
            if (parsed) json_object_set_new(rec, "body", parsed);
        }
        int ok = 1;
        const char *wp;
        json_t *wv;
        json_object_foreach(where, wp, wv) {
            const char *err;
            if (!jmatch(wv, json_path(rec, wp, &err))) ok = 0;
        }
        if (ok) json_array_append(kept, rec);
    }
    json_decref(arr);
    snprintf(url, sizeof url, "%s/_stats", c->sim.url);
    code = deptsim_http(url, NULL, SIM_HTTP_TIMEOUT_MS, &body);
    json_t *stats = code == 200 ? json_loads(body, 0, NULL) : NULL;
    free(body);
    json_t *snap = json_pack("{s:o, s:I, s:o}", "received", kept, "count", (json_int_t)json_array_size(kept), "stats",
                             stats ? stats : json_object());
    return snap;
}

static void eval_sim_expect(json_t *se, json_t *snap, Results *r) {
    json_t *recs = json_object_get(snap, "received");
    char what[512];
    json_t *cnt = json_object_get(se, "count");
    if (json_is_integer(cnt)) { /* an object is per-path counts, checked by check_expect */
        json_t *got = json_object_get(snap, "count");
        res_expect(r, jmatch(cnt, got), "number of requests received", cnt, got);
    }
    json_t *mc = json_object_get(se, "min_count");
    if (mc) {
        json_t *got = json_object_get(snap, "count");
        res_expect(r, json_integer_value(got) >= json_integer_value(mc), "number of requests received (at least)",
                   mc, got);
    }
    if (json_is_true(json_object_get(se, "all_signatures_valid"))) {
        size_t i;
        json_t *rec;
        int bad = 0;
        json_array_foreach(recs, i, rec) {
            if (!json_is_true(json_object_get(rec, "signature_valid"))) {
                char *t = jtext(rec, 500);
                res_bad(r, "signature not valid on request %zu: %s", i, t);
                free(t);
                bad = 1;
            }
        }
        if (!bad) {
            if (json_array_size(recs) == 0) res_bad(r, "all_signatures_valid: no request was received");
            else res_ok(r);
        }
    }
    static const char *sel[] = {"first", "last"};
    for (int k = 0; k < 2; ++k) {
        json_t *paths = json_object_get(se, sel[k]);
        if (!paths) continue;
        json_t *rec = json_array_get(recs, k == 0 ? 0 : json_array_size(recs) - 1);
        if (!rec) {
            res_bad(r, "%s: no request was received", sel[k]);
            continue;
        }
        json_t *ex = json_pack("{s:O}", "paths", paths);
        check_expect(r, ex, rec);
        json_decref(ex);
    }
    json_t *all = json_object_get(se, "all");
    if (all && json_array_size(recs) == 0) {
        char *t = jtext(all, 500);
        res_bad(r, "all requests must match %s: no request was received", t);
        free(t);
    } else if (all) {
        size_t i;
        json_t *rec;
        json_array_foreach(recs, i, rec) {
            const char *p;
            json_t *want;
            json_object_foreach(all, p, want) {
                const char *err;
                json_t *got = json_path(rec, p, &err);
                snprintf(what, sizeof what, "request %zu at '%s'", i, p);
                res_expect(r, jmatch(want, got), what, want, got);
            }
        }
    }
    static const char *qual[] = {"any", "none"};
    for (int k = 0; k < 2; ++k) {
        json_t *m = json_object_get(se, qual[k]);
        if (!m) continue;
        int found = 0;
        size_t i;
        json_t *rec;
        json_array_foreach(recs, i, rec) {
            if (jmatch(m, rec)) found = 1;
        }
        if (found == (k == 0)) res_ok(r);
        else {
            char *t = jtext(m, 500), *g = jtext(recs, 1500);
            res_bad(r, "%s request must match %s; received: %s", k == 0 ? "some" : "no", t, g);
            free(t);
            free(g);
        }
    }
    check_expect(r, se, snap);
}

static void step_sim_expect(Ctx *c, json_t *step, Results *r) {
    json_t *se = json_object_get(step, "sim_expect");
    if (c->sim.pid <= 0) {
        res_bad(r, "the simulator is not running");
        return;
    }
    long wait = 0;
    json_t *w = json_object_get(se, "wait_ms");
    if (json_is_integer(w)) wait = (long)json_integer_value(w);
    for (long waited = 0;; waited += 50) {
        Results tmp = {0};
        json_t *snap = sim_snapshot(c, se, &tmp);
        if (snap) {
            eval_sim_expect(se, snap, &tmp);
            if (tmp.fail == 0 || waited >= wait) do_save(&tmp, json_object_get(se, "save"), snap, c->vars);
        }
        json_decref(snap);
        if (tmp.fail == 0 || waited >= wait) {
            r->pass += tmp.pass;
            r->fail += tmp.fail;
            if (tmp.msgs.s) sb_add(&r->msgs, tmp.msgs.s);
            sb_free(&tmp.msgs);
            return;
        }
        sb_free(&tmp.msgs);
        sleep_ms(50);
    }
}

/* ---- validating a line before it runs ------------------------------------------------------------
 * Every key of a header, a step, "expect" and "sim_expect" must be known and have the right
 * type; anything else fails the line (a misspelt key would otherwise be silently ignored). */

static int in_list(const char *k, const char *const *list) {
    for (; *list; ++list)
        if (strcmp(k, *list) == 0) return 1;
    return 0;
}

static void list_text(char *buf, size_t len, const char *const *list) {
    size_t off = 0;
    buf[0] = '\0';
    for (; *list && off < len; ++list) {
        int n = snprintf(buf + off, len - off, "%s%s", off ? ", " : "", *list);
        if (n < 0) break;
        off += (size_t)n;
    }
}

/* every key of obj must be in allowed */
static void v_keys(Results *r, const char *where, json_t *obj, const char *const *allowed) {
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        if (in_list(k, allowed)) continue;
        char known[512];
        list_text(known, sizeof known, allowed);
        res_bad(r, "%s: unknown key \"%s\" (known: %s)", where, k, known);
    }
}

/* fails unless ok; says what the value should have been and what it is */
static int v_type(Results *r, const char *where, const char *key, json_t *v, int ok, const char *should) {
    if (ok) return 1;
    char *t = jtext(v, 200);
    res_bad(r, "%s: \"%s\" must be %s, got %s", where, key, should, t);
    free(t);
    return 0;
}

static void v_path(Results *r, const char *where, const char *key, const char *path) {
    const char *err;
    json_path(NULL, path, &err);
    if (err) res_bad(r, "%s: \"%s\": path '%s' is malformed: %s", where, key, path, err);
}

static int is_nonneg_int(json_t *v) { return json_is_integer(v) && json_integer_value(v) >= 0; }

/* an object whose keys are paths; the values checked by vcheck when given */
static void v_path_object(Results *r, const char *where, const char *key, json_t *v, int (*vcheck)(json_t *),
                          const char *vshould) {
    if (!v_type(r, where, key, v, json_is_object(v), "an object of path: value")) return;
    const char *p;
    json_t *x;
    json_object_foreach(v, p, x) {
        v_path(r, where, key, p);
        if (vcheck && !vcheck(x)) {
            char *t = jtext(x, 200);
            res_bad(r, "%s: \"%s\": the value for '%s' must be %s, got %s", where, key, p, vshould, t);
            free(t);
        }
    }
}

static void v_path_array(Results *r, const char *where, const char *key, json_t *v) {
    if (!v_type(r, where, key, v, json_is_array(v), "an array of path strings")) return;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (json_is_string(x)) v_path(r, where, key, json_string_value(x));
        else v_type(r, where, key, x, 0, "an array of path strings; an element");
    }
}

/* "save": {"variable": "path", ...} */
static void v_save(Results *r, const char *where, json_t *v) {
    if (!v_type(r, where, "save", v, json_is_object(v), "an object of variable: path")) return;
    const char *name;
    json_t *p;
    json_object_foreach(v, name, p) {
        if (!json_is_string(p)) {
            char *t = jtext(p, 200);
            res_bad(r, "%s: \"save\": the path for %s must be a string, got %s", where, name, t);
            free(t);
        } else {
            v_path(r, where, "save", json_string_value(p));
        }
    }
}

static int is_string_or_number(json_t *v) { return json_is_string(v) || json_is_number(v); }

static int known_status_name(const char *name) {
    for (int32_t i = 0; i < 64; ++i) {
        const char *n = od_status_name(i);
        if (strcmp(n, "UNKNOWN") != 0 && strcmp(n, name) == 0) return 1;
    }
    return 0;
}

/* "expect" (sim = 0) or "sim_expect" (sim = 1) */
static void v_expect(Results *r, const char *where, json_t *e, int sim) {
    static const char *const expect_keys[] = {"status", "paths", "not", "absent", "exists", "count", "contains",
                                              "gt",     "ge",    "lt",  "le",     NULL};
    static const char *const sim_keys[] = {"path", "where", "count", "min_count", "all_signatures_valid", "first",
                                           "last", "all",   "any",   "none",      "paths",                "not",
                                           "absent", "exists", "contains", "gt", "ge", "lt", "le", "wait_ms",
                                           "save", NULL};
    if (!json_is_object(e)) {
        char *t = jtext(e, 200);
        res_bad(r, "\"%s\" must be an object, got %s", where, t);
        free(t);
        return;
    }
    const char *const *allowed = sim ? sim_keys : expect_keys;
    v_keys(r, where, e, allowed);
    const char *k;
    json_t *v;
    json_object_foreach(e, k, v) {
        if (!in_list(k, allowed)) continue; /* reported */
        if (strcmp(k, "status") == 0) {
            if (v_type(r, where, k, v, json_is_string(v) || json_is_integer(v), "a status name or an integer") &&
                json_is_string(v) && !known_status_name(json_string_value(v)))
                res_bad(r, "%s: \"status\": unknown status name \"%s\" (OK, INVALID, NOT_FOUND, FORBIDDEN, ...)", where,
                        json_string_value(v));
        } else if (strcmp(k, "paths") == 0 || strcmp(k, "not") == 0 || strcmp(k, "contains") == 0 ||
                   strcmp(k, "first") == 0 || strcmp(k, "last") == 0 || strcmp(k, "all") == 0 ||
                   strcmp(k, "where") == 0) {
            v_path_object(r, where, k, v, NULL, NULL);
        } else if (strcmp(k, "gt") == 0 || strcmp(k, "ge") == 0 || strcmp(k, "lt") == 0 || strcmp(k, "le") == 0) {
            v_path_object(r, where, k, v, is_string_or_number, "a number or a string");
        } else if (strcmp(k, "absent") == 0 || strcmp(k, "exists") == 0) {
            v_path_array(r, where, k, v);
        } else if (strcmp(k, "count") == 0) {
            if (sim && json_is_integer(v)) v_type(r, where, k, v, is_nonneg_int(v), "an integer >= 0");
            else if (sim && !json_is_object(v))
                v_type(r, where, k, v, 0, "an integer (number of requests) or an object of path: integer");
            else v_path_object(r, where, k, v, is_nonneg_int, "an integer >= 0");
        } else if (strcmp(k, "min_count") == 0 || strcmp(k, "wait_ms") == 0) {
            v_type(r, where, k, v, is_nonneg_int(v), "an integer >= 0");
        } else if (strcmp(k, "any") == 0 || strcmp(k, "none") == 0) {
            v_type(r, where, k, v, json_is_object(v), "an object (matched against each request)");
        } else if (strcmp(k, "all_signatures_valid") == 0) {
            v_type(r, where, k, v, json_is_true(v), "true (leave it out to not check)");
        } else if (strcmp(k, "path") == 0) {
            v_type(r, where, k, v, json_is_string(v), "a string");
        } else if (strcmp(k, "save") == 0) {
            v_save(r, where, v);
        }
    }
}

/* a header line (read raw, before substitution) */
static void v_header(Results *r, json_t *h) {
    static const char *const keys[] = {"scenario", "requires", "sim", "config", "vars", NULL};
    static const char *const reqs[] = {"sim", "plugins", NULL};
    const char *where = "header";
    v_keys(r, where, h, keys);
    json_t *v;
    if ((v = json_object_get(h, "scenario"))) v_type(r, where, "scenario", v, json_is_string(v), "a string");
    if ((v = json_object_get(h, "sim"))) v_type(r, where, "sim", v, json_is_boolean(v), "true or false");
    if ((v = json_object_get(h, "config"))) v_type(r, where, "config", v, json_is_object(v), "an object");
    if ((v = json_object_get(h, "vars"))) v_type(r, where, "vars", v, json_is_object(v), "an object");
    if ((v = json_object_get(h, "requires")) &&
        v_type(r, where, "requires", v, json_is_array(v), "an array of \"sim\" / \"plugins\"")) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (!json_is_string(x) || !in_list(json_string_value(x), reqs))
                v_type(r, where, "requires", x, 0, "an array of \"sim\" / \"plugins\"; an element");
        }
    }
}

static const char *const step_kinds[] = {"op", "clock", "restart", "deliver", "sim_expect", "sim", "set", "sleep_ms",
                                         NULL};

/* a step (after substitution); returns its kind, or NULL when the line is invalid (reported) */
static const char *v_step(Results *r, json_t *step) {
    const char *kind = NULL;
    int kinds = 0;
    for (const char *const *k = step_kinds; *k; ++k) {
        if (json_object_get(step, *k)) {
            if (!kind) kind = *k;
            ++kinds;
        }
    }
    if (kinds != 1) {
        char known[256], has[256] = "";
        list_text(known, sizeof known, step_kinds);
        for (const char *const *k = step_kinds; *k; ++k)
            if (json_object_get(step, *k))
                snprintf(has + strlen(has), sizeof has - strlen(has), "%s%s", has[0] ? " and " : "", *k);
        if (kinds) {
            res_bad(r, "a step must have exactly one of %s; this one has %s", known, has);
        } else {
            const char *k;
            json_t *v;
            sbuf keys = {0};
            json_object_foreach(step, k, v) sb_printf(&keys, "%s\"%s\"", keys.len ? ", " : "", k);
            res_bad(r, "unknown step: it must have exactly one of %s; this one has %s", known,
                    keys.s ? keys.s : "no keys");
            sb_free(&keys);
        }
        return NULL;
    }
    int fail0 = r->fail;
    const char *where = kind;
    json_t *v = json_object_get(step, kind);
    if (strcmp(kind, "op") == 0) {
        static const char *const keys[] = {"op", "as", "req", "expect", "save", NULL};
        v_keys(r, "op step", step, keys);
        v_type(r, where, "op", v, json_is_string(v) && json_string_length(v) > 0, "a non-empty string");
        json_t *x;
        if ((x = json_object_get(step, "as")))
            v_type(r, where, "as", x, json_is_string(x) && json_string_length(x) > 0, "\"unit/role[/officer]\"");
        if ((x = json_object_get(step, "req"))) v_type(r, where, "req", x, json_is_object(x), "an object");
    } else if (strcmp(kind, "clock") == 0) {
        static const char *const keys[] = {"clock", "expect", "save", NULL};
        static const char *const clock_keys[] = {"set", "advance", NULL};
        static const char *const adv_keys[] = {"working_days", "days", "hours", "minutes", NULL};
        v_keys(r, "clock step", step, keys);
        if (v_type(r, where, "clock", v, json_is_object(v), "{\"set\": time} or {\"advance\": {...}}")) {
            v_keys(r, "clock", v, clock_keys);
            json_t *set = json_object_get(v, "set"), *adv = json_object_get(v, "advance");
            if (!set == !adv) res_bad(r, "clock: needs exactly one of \"set\" and \"advance\"");
            if (set) v_type(r, "clock", "set", set, json_is_string(set), "a time string");
            if (adv && v_type(r, "clock", "advance", adv, json_is_object(adv), "an object")) {
                v_keys(r, "clock.advance", adv, adv_keys);
                const char *k;
                json_t *n;
                json_object_foreach(adv, k, n) v_type(r, "clock.advance", k, n, is_nonneg_int(n), "an integer >= 0");
            }
        }
    } else if (strcmp(kind, "restart") == 0) {
        static const char *const keys[] = {"restart", NULL};
        v_keys(r, "restart step", step, keys);
        v_type(r, where, "restart", v, json_is_true(v), "true");
    } else if (strcmp(kind, "deliver") == 0) {
        static const char *const keys[] = {"deliver", "expect", "save", NULL};
        static const char *const dkeys[] = {"run", "settle", "timeout_ms", NULL};
        v_keys(r, "deliver step", step, keys);
        if (json_is_object(v)) {
            v_keys(r, "deliver", v, dkeys);
            json_t *run = json_object_get(v, "run"), *settle = json_object_get(v, "settle");
            json_t *t = json_object_get(v, "timeout_ms");
            if (!run == !settle) res_bad(r, "deliver: needs exactly one of \"run\" and \"settle\"");
            if (run) v_type(r, "deliver", "run", run, json_is_integer(run) && json_integer_value(run) > 0,
                            "an integer > 0");
            if (settle) v_type(r, "deliver", "settle", settle, json_is_true(settle), "true");
            if (t) v_type(r, "deliver", "timeout_ms", t, is_nonneg_int(t) && settle, "an integer >= 0 (with settle)");
        } else if (!json_is_string(v) || strcmp(json_string_value(v), "settle") != 0) {
            v_type(r, where, "deliver", v, 0,
                   "\"settle\", {\"settle\":true,\"timeout_ms\":N} or {\"run\":N}");
        }
    } else if (strcmp(kind, "sim") == 0) {
        static const char *const keys[] = {"sim", NULL};
        static const char *const mode_keys[] = {"mode",     "path", "count", "retry_after", "delay_ms",
                                                "retry_after_http_date", NULL};
        static const char *const results_keys[] = {"path", "results", NULL};
        static const char *const words[] = {"start", "stop", "reset", NULL};
        v_keys(r, "sim step", step, keys);
        if (json_is_object(v) && json_object_get(v, "results")) {
            v_keys(r, "sim (results)", v, results_keys);
            json_t *p = json_object_get(v, "path"), *res = json_object_get(v, "results");
            v_type(r, "sim (results)", "path", p, json_is_string(p), "a string");
            v_type(r, "sim (results)", "results", res, json_is_array(res), "an array");
        } else if (json_is_object(v)) {
            v_keys(r, "sim (mode)", v, mode_keys);
            const char *k;
            json_t *x;
            json_object_foreach(v, k, x) {
                if (strcmp(k, "mode") == 0 || strcmp(k, "path") == 0)
                    v_type(r, "sim (mode)", k, x, json_is_string(x), "a string");
                else if (strcmp(k, "retry_after_http_date") == 0)
                    v_type(r, "sim (mode)", k, x, json_is_boolean(x), "true or false");
                else if (in_list(k, mode_keys)) v_type(r, "sim (mode)", k, x, json_is_integer(x), "an integer");
            }
        } else if (!json_is_string(v) || !in_list(json_string_value(v), words)) {
            v_type(r, where, "sim", v, 0, "\"start\", \"stop\", \"reset\", a mode object or a results object");
        }
    } else if (strcmp(kind, "sim_expect") == 0) {
        static const char *const keys[] = {"sim_expect", NULL};
        v_keys(r, "sim_expect step", step, keys);
        v_expect(r, "sim_expect", v, 1);
    } else if (strcmp(kind, "set") == 0) {
        static const char *const keys[] = {"set", NULL};
        v_keys(r, "set step", step, keys);
        v_type(r, where, "set", v, json_is_object(v), "an object of name: value");
    } else if (strcmp(kind, "sleep_ms") == 0) {
        static const char *const keys[] = {"sleep_ms", NULL};
        v_keys(r, "sleep_ms step", step, keys);
        v_type(r, where, "sleep_ms", v, is_nonneg_int(v), "an integer >= 0");
    }
    json_t *x;
    if ((x = json_object_get(step, "expect"))) v_expect(r, "expect", x, 0);
    if ((x = json_object_get(step, "save"))) v_save(r, "step", x);
    return r->fail == fail0 ? kind : NULL;
}

/* ---- running a file ---------------------------------------------------------------------------- */

static void print_failure(Ctx *c, int line, const char *text, Results *r) {
    printf("FAIL scenario \"%s\" %s:%d\n  step: %s\n  failed:\n%s", c->name, c->file, line, text, r->msgs.s);
}

static int is_blank_or_comment(const char *s) {
    while (*s && isspace((unsigned char)*s)) ++s;
    return *s == '\0' || *s == '#';
}

static void chomp(char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r')) s[--n] = '\0';
}

/* returns 1 if the scenario was skipped */
static int run_file(const char *file) {
    FILE *f = fopen(file, "r");
    if (!f) {
        printf("FAIL %s: cannot open: %s\n", file, strerror(errno));
        total_fail++;
        return 0;
    }
    Ctx c;
    memset(&c, 0, sizeof c);
    c.file = file;
    const char *base = strrchr(file, '/');
    snprintf(c.name, sizeof c.name, "%s", base ? base + 1 : file);
    c.vars = json_object();
    c.clock_start = strdup(DEFAULT_CLOCK_START);
    c.requires = json_array();
    c.workers = 0;
    const char *tmp = getenv("TMPDIR");
    snprintf(c.tmpdir, sizeof c.tmpdir, "%s/od-harness-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(c.tmpdir)) {
        printf("FAIL %s: cannot make a temporary directory: %s\n", file, strerror(errno));
        total_fail++;
        fclose(f);
        return 0;
    }
    json_object_set_new(c.vars, "PLUGIN_DIR", json_string(opt_plugins));
    json_object_set_new(c.vars, "DISTRICT_FILE", json_string(opt_district));
    json_object_set_new(c.vars, "SIM_SECRET", json_string(SIM_SECRET));
    json_object_set_new(c.vars, "TMP", json_string(c.tmpdir));
    /* the scenario file's own directory, for data files next to it (calendar years) */
    char sdir[PATH_MAX];
    snprintf(sdir, sizeof sdir, "%.*s", base ? (int)(base - file) : 1, base ? file : ".");
    json_object_set_new(c.vars, "SCENARIO_DIR", json_string(sdir));

    long pass0 = total_pass, fail0 = total_fail;
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, seen_step = 0, seen_header = 0, remaining = 0, nsteps = 0;
    while (getline(&line, &cap, f) > 0) {
        ++lineno;
        chomp(line);
        if (is_blank_or_comment(line)) continue;
        if ((c.failed && !opt_keep_going) || c.skipped) {
            if (!c.skipped) ++remaining;
            ++nsteps; /* (only used to tell an empty scenario; it has failed or been skipped by now) */
            continue;
        }
        Results r = {0};
        json_error_t je;
        /* the header is read raw: its config is substituted when the engine opens */
        json_t *raw = json_loads(line, JSON_REJECT_DUPLICATES, &je);
        if (json_is_object(raw) && json_object_get(raw, "scenario")) {
            if (seen_step) res_bad(&r, "the scenario header must come before the steps");
            else if (seen_header) res_bad(&r, "a scenario has one header; this is a second one");
            seen_header = 1;
            v_header(&r, raw);
            if (!r.fail) {
                const char *nm = json_string_value(json_object_get(raw, "scenario"));
                if (nm) snprintf(c.name, sizeof c.name, "%s", nm);
                free(c.header_text);
                c.header_text = strdup(line);
                json_t *req = json_object_get(raw, "requires");
                if (json_is_array(req)) json_array_extend(c.requires, req);
                c.auto_sim = json_is_true(json_object_get(raw, "sim"));
                json_t *cs = json_object_get(json_object_get(raw, "config"), "clock_start");
                if (json_is_string(cs)) {
                    free(c.clock_start);
                    c.clock_start = strdup(json_string_value(cs));
                }
                const char *k;
                json_t *v;
                json_object_foreach(json_object_get(raw, "vars"), k, v) set_var(c.vars, k, v);
                if (requires(&c, "sim") && !file_exists(opt_sim)) {
                    c.skipped = 1;
                    snprintf(c.skip_reason, sizeof c.skip_reason, "the department simulator is not built (--sim '%s')",
                             opt_sim ? opt_sim : "");
                }
            }
            if (r.fail) {
                print_failure(&c, lineno, line, &r);
                c.failed = 1;
            }
            total_pass += r.pass;
            total_fail += r.fail;
            json_decref(raw);
            sb_free(&r.msgs);
            continue;
        }
        json_decref(raw);
        seen_step = 1;
        ++nsteps;
        char bad[256];
        char *text = substitute(line, c.vars, bad, sizeof bad);
        json_t *step = NULL;
        const char *kind = NULL;
        if (!text) {
            res_bad(&r, "unknown variable ${%s}", bad);
        } else if (!(step = json_loads(text, JSON_REJECT_DUPLICATES, &je))) {
            res_bad(&r, "not valid JSON: %s (column %d)", je.text, je.column);
        } else if (!json_is_object(step)) {
            res_bad(&r, "a step must be a JSON object");
        } else if (!(kind = v_step(&r, step))) {
            /* reported: nothing of an invalid step runs */
        } else {
            c.steps_run++;
            int needs_engine = strcmp(kind, "op") == 0 || strcmp(kind, "clock") == 0 ||
                               strcmp(kind, "deliver") == 0 || strcmp(kind, "restart") == 0;
            int rc = needs_engine ? engine_open(&c, &r) : 0;
            if (rc == 1) {
                c.skipped = 1;
            } else if (rc < 0) {
                /* reported */
            } else if (strcmp(kind, "op") == 0) {
                step_op(&c, step, &r);
            } else if (strcmp(kind, "clock") == 0) {
                step_clock(&c, step, &r);
            } else if (strcmp(kind, "restart") == 0) {
                engine_now(&c);
                engine_close(&c);
                if (engine_open(&c, &r) == 0) res_ok(&r);
            } else if (strcmp(kind, "deliver") == 0) {
                step_deliver(&c, step, &r);
            } else if (strcmp(kind, "sim_expect") == 0) {
                step_sim_expect(&c, step, &r);
            } else if (strcmp(kind, "sim") == 0) {
                step_sim(&c, step, &r);
            } else if (strcmp(kind, "sleep_ms") == 0) {
                sleep_ms((long)json_integer_value(json_object_get(step, "sleep_ms")));
                res_ok(&r);
            } else if (strcmp(kind, "set") == 0) {
                const char *k;
                json_t *v;
                json_object_foreach(json_object_get(step, "set"), k, v) set_var(c.vars, k, v);
                res_ok(&r);
            } else {
                res_bad(&r, "internal: unhandled step kind %s", kind);
            }
        }
        if (r.fail) {
            print_failure(&c, lineno, text ? text : line, &r);
            c.failed = 1;
        } else if (opt_verbose) {
            printf("  ok %s:%d\n", file, lineno);
        }
        total_pass += r.pass;
        total_fail += r.fail;
        sb_free(&r.msgs);
        json_decref(step);
        free(text);
    }
    int read_errno = ferror(f) ? (errno ? errno : EIO) : 0;
    free(line);
    fclose(f);
    if (read_errno) {
        printf("FAIL scenario \"%s\" %s:%d\n  failed:\n    cannot read the file after line %d: %s\n", c.name, file,
               lineno + 1, lineno, strerror(read_errno));
        total_fail++;
        c.failed = 1;
    } else if (nsteps == 0 && !c.failed) {
        printf("FAIL scenario \"%s\" %s:%d\n  failed:\n    the scenario has no steps (%s)\n", c.name, file, lineno ? lineno : 1,
               lineno ? "only a header, blank lines or comments" : "the file is empty");
        total_fail++;
        c.failed = 1;
    }
    engine_close(&c);
    sim_stop(&c);
    int skipped = 0;
    if (c.skipped && !c.failed) {
        printf("SKIP %s (%s): %s\n", c.name, file, c.skip_reason);
        skipped = 1;
    } else if (c.failed) {
        if (remaining) printf("  (%d later steps of \"%s\" not run; --keep-going runs them)\n", remaining, c.name);
        printf("FAIL %s (%s): %ld passed, %ld failed\n", c.name, file, total_pass - pass0, total_fail - fail0);
    } else {
        printf("ok   %s (%s): %ld passed\n", c.name, file, total_pass - pass0);
    }
    if (opt_keep) printf("  kept %s\n", c.tmpdir);
    else nftw(c.tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    json_decref(c.vars);
    json_decref(c.requires);
    free(c.header_text);
    free(c.clock_start);
    return skipped;
}

static int usage(void) {
    fprintf(stderr,
            "usage: onedoor-harness [--sim PATH] [--plugins DIR] [--district FILE] [--keep] [--keep-going] [-v]\n"
            "                       SCENARIO.jsonl...\n"
            "env: ONEDOOR_DEPTSIM, ONEDOOR_PLUGIN_DIR, ONEDOOR_DISTRICT_FILE, ONEDOOR_HARNESS_KEEP=1,\n"
            "     ONEDOOR_HARNESS_VERBOSE=1\n");
    return 2;
}

int main(int argc, char **argv) {
    opt_sim = getenv("ONEDOOR_DEPTSIM");
    opt_plugins = getenv("ONEDOOR_PLUGIN_DIR");
    opt_district = getenv("ONEDOOR_DISTRICT_FILE");
    opt_keep = getenv("ONEDOOR_HARNESS_KEEP") && atoi(getenv("ONEDOOR_HARNESS_KEEP"));
    opt_verbose = getenv("ONEDOOR_HARNESS_VERBOSE") && atoi(getenv("ONEDOOR_HARNESS_VERBOSE"));
    /* "+": options come before the scenarios; the first file name ends them */
    static const struct option longopts[] = {{"sim", required_argument, NULL, 's'},
                                             {"plugins", required_argument, NULL, 'p'},
                                             {"district", required_argument, NULL, 'd'},
                                             {"keep", no_argument, NULL, 'k'},
                                             {"keep-going", no_argument, NULL, 'g'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int o;
    while ((o = getopt_long(argc, argv, "+vh", longopts, NULL)) != -1) {
        switch (o) {
        case 's': opt_sim = optarg; break;
        case 'p': opt_plugins = optarg; break;
        case 'd': opt_district = optarg; break;
        case 'k': opt_keep = 1; break;
        case 'g': opt_keep_going = 1; break;
        case 'v': opt_verbose = 1; break;
        case 'h': return usage(), 0;
        default: return usage(); /* getopt_long has said what was wrong */
        }
    }
    int first = optind;
    if (first >= argc) return usage();
    if (!opt_sim || !*opt_sim) opt_sim = ONEDOOR_HARNESS_SIM;
    if (!opt_plugins || !*opt_plugins) opt_plugins = ONEDOOR_HARNESS_PLUGIN_DIR;
    if (!opt_district || !*opt_district) opt_district = ONEDOOR_HARNESS_DISTRICT;
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int files = 0, skipped = 0;
    for (int i = first; i < argc; ++i) {
        ++files;
        skipped += run_file(argv[i]);
    }
    curl_global_cleanup();
    printf("%ld passed, %ld failed\n", total_pass, total_fail);
    fflush(stdout);
    if (total_fail) return 1;
    if (skipped == files) return 77;
    return 0;
}
