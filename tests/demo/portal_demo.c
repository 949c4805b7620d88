/*
 * portal_demo - a portal-like program that embeds libonedoor and runs two months of a
 * district's social-assistance work (一门受理、协同办理) through it, on simulated working days.
 *
 *   portal_demo [--applications N] [--db PATH] [--fresh] [--sim PATH_TO_od-deptsim]
 *               [--plugins DIR] [--district FILE] [--workers N] [--seed N] [--quiet]
 *
 * It opens an engine on an SQLite file with the sample district (东昌府区), a manual clock
 * and the shipped department plugins, which post to od-deptsim (started here on a loopback
 * port, stopped at the end). Then, day by day from Monday 2 March to Thursday 30 April 2026
 * (weekends and the Qingming holiday count as such), it takes synthetic applications at the
 * 24 town windows and the district window and carries them through the five stages:
 * intake, registration, routing with the five notices, opinion and feedback, archive;
 * with emergencies, major cases, material requests, decisions by the district government,
 * duplicates and a day on which the housing bureau's system is down.
 *
 * Every number of the final summary comes from the library's answers (stats, due.list,
 * case.list, case.file, delivery.list), and the summary is cross-checked: the program exits
 * 1 when counts from different queries disagree, a created case cannot be read back, a
 * delivered job never reached the simulator, or a delivery is still pending at the end
 * without being reported as a dead letter. 2: usage or setup error.
 *
 * Two environment variables exist for testing the demo itself: ONEDOOR_DEMO_OUTAGE_MODE
 * (default "500") is the simulator mode of the housing outage ("400" makes its deliveries
 * dead letters, which the summary must then report), and ONEDOOR_DEMO_BREAK_CHECK=1
 * miscounts one case on purpose so that the self-check must fail (ctest demo.selfcheck).
 *
 * Synthetic data only: made-up names, resident IDs 371502... with valid check characters,
 * phone numbers 138xxxxxxxx.
 */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include <errno.h>
#include <limits.h>
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
#include "onedoor/onedoor.h"
#include "synthetic.h"

#ifndef PORTAL_DEMO_DISTRICT
#define PORTAL_DEMO_DISTRICT "config/dongchangfu.json"
#endif
#ifndef PORTAL_DEMO_PLUGIN_DIR
#define PORTAL_DEMO_PLUGIN_DIR "plugins"
#endif
#ifndef PORTAL_DEMO_SIM
#define PORTAL_DEMO_SIM "od-deptsim"
#endif
#ifndef PORTAL_DEMO_DB
#define PORTAL_DEMO_DB "demo/district.db"
#endif

#define SIM_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

/* ==== options ============================================================================ */

static long opt_apps = 1200;
static const char *opt_db = PORTAL_DEMO_DB;
static int opt_db_given = 0;
static int opt_fresh = 0;
static const char *opt_sim = PORTAL_DEMO_SIM;
static const char *opt_plugins = PORTAL_DEMO_PLUGIN_DIR;
static const char *opt_district = PORTAL_DEMO_DISTRICT;
static int opt_workers = 2;
static unsigned long long opt_seed = 20260302ULL;
static int opt_quiet = 0;

/* ==== small utilities ==================================================================== */

/* snprintf that truncates quietly (every buffer here is sized for what goes in it) */
static int snp(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int snp(char *out, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return r;
}

/* display columns of UTF-8 text: CJK and full-width forms take two */
static int display_width(const char *s) {
    int w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        int len;
        if (*p < 0x80) cp = *p, len = 1;
        else if ((*p & 0xE0) == 0xC0) cp = *p & 0x1F, len = 2;
        else if ((*p & 0xF0) == 0xE0) cp = *p & 0x0F, len = 3;
        else cp = *p & 0x07, len = 4;
        for (int i = 1; i < len && p[i]; ++i) cp = (cp << 6) | (p[i] & 0x3F);
        int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                   (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6);
        w += wide ? 2 : 1;
        for (int i = 0; i < len && *p; ++i) ++p;
    }
    return w;
}
/* s padded with spaces to `width` display columns (rotating static buffers: up to 8 per printf) */
static const char *padw(const char *s, int width) {
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snp(b, 400, "%s", s);
    int w = display_width(b);
    size_t n = strlen(b);
    while (w < width && n < 510) b[n++] = ' ', ++w;
    b[n] = '\0';
    return b;
}

static double mono_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static unsigned long long rng_state;
static unsigned long long rnd(void) {
    unsigned long long x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 2685821657736338717ULL;
}
static int rint_(int lo, int hi) { return lo + (int)(rnd() % (unsigned long long)(hi - lo + 1)); }
static int chance(double p) { return (double)(rnd() % 1000000ULL) < p * 1000000.0; }

static int failures = 0; /* inconsistencies and unexpected errors */
static void failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void failf(const char *fmt, ...) {
    va_list ap;
    ++failures;
    if (failures > 30) return;
    fprintf(stderr, "portal_demo: FAIL: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* ==== the calendar: day numbers, weekdays, the district's working days ====================== */

static long days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
static void civil_from_days(long z, int *y, int *m, int *d) {
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}
static int weekday(long z) { return (int)((z + 4) % 7); } /* 0 = Sunday */

#define SIM_DAYS 61 /* 2026-03-02 .. 2026-05-01 (the last is only for the closing clock) */
static long day0;                /* day number of 2026-03-02 */
static int is_workday[SIM_DAYS]; /* by the district's calendar */
static int day_kind[SIM_DAYS];   /* 0 working, 1 weekend, 2 holiday */
static const int LAST_DAY = 59;  /* 2026-04-30 */

static int parse_date(const char *s, long *out) {
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

/* the k-th working day after day d (k = 0: d itself if it is one, else the next) */
static int wd_add(int d, int k) {
    if (k == 0) {
        while (d < SIM_DAYS && !is_workday[d]) ++d;
        return d;
    }
    while (k > 0 && d < SIM_DAYS) {
        ++d;
        if (d < SIM_DAYS && is_workday[d]) --k;
    }
    return d;
}

static const char *WEEKDAY_ZH[7] = {"日", "一", "二", "三", "四", "五", "六"};

static void day_text(int d, char *out, size_t n) {
    int y, m, dd;
    civil_from_days(day0 + d, &y, &m, &dd);
    snp(out, n, "%04d-%02d-%02d", y, m, dd);
}

/* the clock moves in half-hour slots from 08:30 (slot 0) to 17:00 (slot 17) */
#define SLOTS 18
static void slot_time(int d, int slot, char *out, size_t n) {
    int y, m, dd;
    civil_from_days(day0 + d, &y, &m, &dd);
    int minutes = 8 * 60 + 30 + slot * 30;
    snp(out, n, "%04d-%02d-%02dT%02d:%02d:00+08:00", y, m, dd, minutes / 60, minutes % 60);
}

/* ==== the district, read from its configuration file ======================================= */

typedef struct {
    char code[32];
    char name[64];
} Town;
typedef struct {
    char code[32];
    char name[64];
    char owner[32];
    int town_can_handle;
    int policy_days;
    char need[32];
    double weight;
} Category;
typedef struct {
    char id[48];
    char name[128];
} UnitName;

static Town towns[64];
static int ntowns;
static Category cats[32];
static int ncats;
static UnitName unit_names[128];
static int nunit_names;
static json_t *district_doc;

static const char *unit_name(const char *id) {
    for (int i = 0; i < nunit_names; ++i)
        if (strcmp(unit_names[i].id, id) == 0) return unit_names[i].name;
    return id;
}
static int cat_index(const char *code) {
    for (int i = 0; i < ncats; ++i)
        if (strcmp(cats[i].code, code) == 0) return i;
    return -1;
}

static void add_unit_name(const char *id, const char *name) {
    if (nunit_names >= (int)(sizeof unit_names / sizeof unit_names[0])) return;
    snp(unit_names[nunit_names].id, sizeof unit_names[0].id, "%s", id);
    snp(unit_names[nunit_names].name, sizeof unit_names[0].name, "%s", name);
    ++nunit_names;
}

static void load_district(void) {
    json_error_t err;
    district_doc = json_load_file(opt_district, 0, &err);
    if (!district_doc) die("cannot read the district file %s: %s (line %d)", opt_district, err.text, err.line);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(district_doc, "towns"), i, v) {
        if (ntowns >= 64) break;
        snp(towns[ntowns].code, sizeof towns[0].code, "%s", json_string_value(json_object_get(v, "code")));
        snp(towns[ntowns].name, sizeof towns[0].name, "%s", json_string_value(json_object_get(v, "name")));
        char id[64], name[160];
        snp(id, sizeof id, "town.%s", towns[ntowns].code);
        snp(name, sizeof name, "%s社会救助服务窗口", towns[ntowns].name);
        add_unit_name(id, name);
        snp(id, sizeof id, "town.%s.office", towns[ntowns].code);
        snp(name, sizeof name, "%s社会事务办", towns[ntowns].name);
        add_unit_name(id, name);
        ++ntowns;
    }
    json_array_foreach(json_object_get(district_doc, "units"), i, v) {
        add_unit_name(json_string_value(json_object_get(v, "id")), json_string_value(json_object_get(v, "name")));
    }
    static const struct {
        const char *code;
        double w;
    } weights[] = {{"dibao", 24}, {"tekun", 7}, {"disaster", 3}, {"medical", 17}, {"temporary", 14},
                   {"charity", 6}, {"education", 10}, {"housing", 10}, {"employment", 9}};
    json_array_foreach(json_object_get(district_doc, "categories"), i, v) {
        if (ncats >= 32) break;
        Category *c = &cats[ncats++];
        snp(c->code, sizeof c->code, "%s", json_string_value(json_object_get(v, "code")));
        snp(c->name, sizeof c->name, "%s", json_string_value(json_object_get(v, "name")));
        snp(c->owner, sizeof c->owner, "%s", json_string_value(json_object_get(v, "owner")));
        snp(c->need, sizeof c->need, "%s", json_string_value(json_object_get(v, "need")));
        c->town_can_handle = json_is_true(json_object_get(v, "town_can_handle"));
        c->policy_days = (int)json_integer_value(json_object_get(v, "policy_days"));
        c->weight = 5;
        for (size_t k = 0; k < sizeof weights / sizeof weights[0]; ++k)
            if (strcmp(weights[k].code, c->code) == 0) c->weight = weights[k].w;
    }
    if (ntowns == 0 || ncats == 0) die("the district file %s lists no towns or no categories", opt_district);

    /* the calendar of 2026: weekends off, holidays off, adjusted working days on */
    day0 = days_from_civil(2026, 3, 2);
    for (int d = 0; d < SIM_DAYS; ++d) {
        int wd = weekday(day0 + d);
        is_workday[d] = wd != 0 && wd != 6;
        day_kind[d] = is_workday[d] ? 0 : 1;
    }
    json_t *cal = json_object_get(json_object_get(district_doc, "calendar"), "2026");
    json_array_foreach(json_object_get(cal, "holidays"), i, v) {
        const char *s = json_string_value(v);
        long a, b;
        if (parse_date(s, &a)) continue;
        const char *dots = s ? strstr(s, "..") : NULL;
        if (!dots || parse_date(dots + 2, &b)) b = a;
        for (long z = a; z <= b; ++z)
            if (z >= day0 && z < day0 + SIM_DAYS) is_workday[z - day0] = 0, day_kind[z - day0] = 2;
    }
    json_array_foreach(json_object_get(cal, "workdays"), i, v) {
        long a;
        if (parse_date(json_string_value(v), &a)) continue;
        if (a >= day0 && a < day0 + SIM_DAYS) is_workday[a - day0] = 1, day_kind[a - day0] = 0;
    }
}

/* ==== the department simulator =============================================================== */

static deptsim sim; /* tests/common/deptsim_client.h; sim.pid > 0 while it runs */
static char tmpdir[PATH_MAX];

/* GET (post_body NULL) or POST to the simulator; returns the parsed JSON answer or NULL */
static json_t *sim_http(const char *path, const char *post_body, long *status) {
    char url[256];
    snp(url, sizeof url, "%s%s", sim.url, path);
    char *body = NULL;
    long st = deptsim_http(url, post_body, 30000L, &body);
    if (status) *status = st;
    json_t *r = body ? json_loads(body, 0, NULL) : NULL;
    free(body);
    return r;
}

static void sim_stop(void) { deptsim_stop(&sim); }

static void remove_tmpdir(void) {
    if (!tmpdir[0]) return;
    char p[PATH_MAX + 32];
    snp(p, sizeof p, "%s/sim.port", tmpdir);
    unlink(p);
    snp(p, sizeof p, "%s/sim.out", tmpdir);
    unlink(p);
    rmdir(tmpdir);
    tmpdir[0] = '\0';
}

static void sim_start(void) {
    if (access(opt_sim, X_OK) != 0) die("the department simulator %s is not there (build od-deptsim or pass --sim)", opt_sim);
    snp(tmpdir, sizeof tmpdir, "/tmp/od-portal-demo-XXXXXX");
    if (!mkdtemp(tmpdir)) die("mkdtemp: %s", strerror(errno));
    char err[PATH_MAX + 256];
    if (deptsim_start(&sim, opt_sim, tmpdir, SIM_SECRET, 10000L, err, sizeof err) != 0) die("%s", err);
}

static void sim_mode(const char *path, const char *mode) {
    char body[256];
    long st = 0;
    snp(body, sizeof body, "{\"mode\":\"%s\",\"path\":\"%s\"}", mode, path);
    json_t *r = sim_http("/_control", body, &st);
    json_decref(r);
    if (st != 200) failf("the simulator refused the control request %s (HTTP %ld)", body, st);
}

/* ==== the engine ============================================================================== */

static od_engine *eng;
static long n_calls;
static char now_text[40]; /* the engine clock, as last set */

static void die(const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "portal_demo: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (eng) od_close(eng);
    eng = NULL;
    sim_stop();
    remove_tmpdir();
    exit(2);
}

/* od_call with a jansson request (stolen); returns the parsed response (caller decrefs) */
static json_t *call(const char *op, json_t *req, int32_t *status) {
    char *text = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    char *resp = NULL;
    int32_t st = od_call(eng, op, text, &resp);
    free(text);
    ++n_calls;
    json_error_t err;
    json_t *r = resp ? json_loads(resp, 0, &err) : NULL;
    if (!r) failf("%s: the response is not JSON: %.200s", op, resp ? resp : "(null)");
    od_free(resp);
    if (status) *status = st;
    return r;
}

/* an operation that must succeed: NULL (and a failure) otherwise */
static json_t *must(const char *op, json_t *req) {
    int32_t st;
    char *req_text = req ? json_dumps(req, JSON_COMPACT) : NULL;
    json_t *r = call(op, req, &st);
    if (st != OD_OK) {
        char *t = r ? json_dumps(r, JSON_COMPACT) : NULL;
        failf("%s %.300s -> %s: %.400s", op, req_text ? req_text : "{}", od_status_name(st), t ? t : "");
        free(t);
        json_decref(r);
        r = NULL;
    }
    free(req_text);
    return r;
}

static json_t *actor(const char *unit, const char *role) {
    char officer[80];
    const char *prefix = strcmp(role, "officer") == 0      ? "W"
                         : strcmp(role, "handler") == 0    ? "H"
                         : strcmp(role, "supervisor") == 0 ? "S"
                                                           : "L";
    snp(officer, sizeof officer, "%s-%s-01", prefix, unit);
    return json_pack("{s:s,s:s,s:s}", "officer", officer, "unit", unit, "role", role);
}
static json_t *district_actor(void) { return actor("district", "supervisor"); }

/* every delivery job in `state` (NULL: all), page by page (delivery.list pages through
 * its "next" cursor), as one {"jobs": [...]} document */
static json_t *delivery_list_all(const char *state) {
    json_t *all = json_array();
    char after[64] = "";
    for (;;) {
        json_t *req = json_pack("{s:o,s:i}", "actor", district_actor(), "limit", 1000);
        if (state) json_object_set_new(req, "state", json_string(state));
        if (after[0]) json_object_set_new(req, "after", json_string(after));
        json_t *page = must("delivery.list", req);
        if (!page) {
            json_decref(all);
            return NULL;
        }
        json_array_extend(all, json_object_get(page, "jobs"));
        const char *next = json_string_value(json_object_get(page, "next"));
        if (next) snprintf(after, sizeof after, "%s", next);
        json_decref(page);
        if (!next) break;
    }
    return json_pack("{s:o}", "jobs", all);
}

static void clock_set(const char *at) {
    json_t *r = must("clock.set", json_pack("{s:s}", "at", at));
    if (r) snp(now_text, sizeof now_text, "%s", json_string_value(json_object_get(r, "now")));
    json_decref(r);
}

static const char *jstr(const json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}
static long long jint(const json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : (long long)json_number_value(v);
}

static void plugin_entry(json_t *plugins, const char *unit, const char *file, const char *path) {
    char f[PATH_MAX], url[256], poll[300];
    snp(f, sizeof f, "%s/%s", opt_plugins, file);
    if (access(f, R_OK) != 0) die("the plugin %s is not built (build od_plugins or pass --plugins)", f);
    snp(url, sizeof url, "%s%s", sim.url, path);
    snp(poll, sizeof poll, "%s/results", url);
    json_object_set_new(plugins, unit,
                        json_pack("{s:s,s:{s:s,s:s,s:i,s:s}}", "file", f, "config", "url", url, "secret", SIM_SECRET,
                                  "timeout_ms", 5000, "poll_url", poll));
}

/* every unit of the district gets the plugin its department ships */
static json_t *all_plugins(void) {
    json_t *p = json_object();
    char unit[64], path[96];
    plugin_entry(p, "district", "libod_webhook.so", "/district");
    for (int i = 0; i < ntowns; ++i) {
        snp(unit, sizeof unit, "town.%s", towns[i].code);
        snp(path, sizeof path, "/town/%s", towns[i].code);
        plugin_entry(p, unit, "libod_webhook.so", path);
        snp(unit, sizeof unit, "town.%s.office", towns[i].code);
        snp(path, sizeof path, "/town/%s/office", towns[i].code);
        plugin_entry(p, unit, "libod_webhook.so", path);
    }
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(district_doc, "units"), i, v) {
        const char *id = jstr(v, "id"), *kind = jstr(v, "kind");
        if (strcmp(kind, "department") == 0) {
            const char *dept = id + 5; /* dept.xxx */
            snp(path, sizeof path, "/%s", dept);
            char file[64];
            if (strcmp(dept, "civil") == 0 || strcmp(dept, "education") == 0 || strcmp(dept, "housing") == 0 ||
                strcmp(dept, "hrss") == 0)
                snp(file, sizeof file, "libod_%s.so", dept);
            else
                snp(file, sizeof file, "libod_webhook.so");
            plugin_entry(p, id, file, path);
        } else if (strcmp(kind, "social_org") == 0) {
            snp(path, sizeof path, "/org/%s", id + 4);
            plugin_entry(p, id, "libod_socialorg.so", path);
        } else if (strcmp(kind, "government") == 0) {
            plugin_entry(p, id, "libod_webhook.so", "/gov");
        }
    }
    return p;
}

static void engine_open(void) {
    json_t *cfg = json_pack(
        "{s:s,s:s,s:s,s:s,s:o,s:{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}}", "database", opt_db, "district_file", opt_district,
        "clock", "manual", "clock_start", "2026-03-02T08:00:00+08:00", "plugins", all_plugins(), "delivery", "workers",
        opt_workers, "batch", 64, "idle_ms", 20, "lease_ms", 86400000, "backoff_base_ms", 60000, "backoff_cap_ms",
        7200000, "max_attempts", 30, "max_period_s", 259200);
    char *text = json_dumps(cfg, JSON_COMPACT);
    json_decref(cfg);
    char *err = NULL;
    int32_t st = od_open(text, &eng, &err);
    free(text);
    if (st != OD_OK) {
        fprintf(stderr, "portal_demo: od_open: %s %s\n", od_status_name(st), err ? err : "");
        od_free(err);
        eng = NULL;
        die("cannot open the engine");
    }
    snp(now_text, sizeof now_text, "2026-03-02T08:00:00+08:00");
    json_t *status = must("engine.status", NULL);
    size_t i;
    json_t *p;
    int active = 0;
    json_array_foreach(json_object_get(status, "plugins"), i, p) {
        if (strcmp(jstr(p, "state"), "active") == 0) ++active;
        else die("plugin for %s did not load: %s", jstr(p, "unit"), jstr(p, "error"));
    }
    if (!opt_quiet)
        printf("engine %s, database %s (schema %lld), %d department plugins active, %d delivery workers\n",
               jstr(status, "version"), jstr(status, "database"), jint(status, "schema_version"), active, opt_workers);
    json_decref(status);
}

/* ==== synthetic people ==================================================================== */

static long next_person = 0;

static void person_id(long p, char out[19]) { od_synthetic_id(1000003UL + (unsigned long)p * 7UL, out); }
static void person_name(long p, char *out, size_t n) {
    od_synthetic_name((unsigned long)(p * 37 + (p / 7) * 11), out, n);
}
static void person_phone(long p, char *out, size_t n) {
    snp(out, n, "138%08lu", (unsigned long)((p * 7919UL + 12345678UL) % 100000000UL));
}

/* ==== the cases the portal works on ======================================================== */

enum Step {
    S_NONE,
    S_ROUTE,      /* at a window: route (or withdraw) */
    S_ACK,        /* the receiver acknowledges */
    S_MAT_REQ,    /* asks for material */
    S_MAT_RECV,   /* material arrives */
    S_OPINION,    /* handling opinion */
    S_DEC_REQ,    /* asks the government to decide */
    S_DEC_REC,    /* the government decides */
    S_FEEDBACK,   /* the final answer */
    S_DONE,
    S_STUCK       /* nobody acts any more: overdue at the end */
};

typedef struct {
    char id[48];
    int cat;
    int step;
    int day, slot;
    char holder[48];
    char gov[48]; /* the local government a special matter went to */
    int notice; /* last notice type sent: 0 none, 1 distribute, 2 forward, 3 hand_over, 4 transfer, 5 refer */
    int notice_day;
    int late;  /* 0 on time, 1 late opinion, 2 late answer, 3 stuck after routing, 4 late routing */
    int material, decision, withdraw;
    /* emergency aid granted on this item */
    int em;
    char em_unit[48];
    int pw_day, pw_slot, pw_done;
    int lib_open; /* as case.file says at the end: not answered */
} DItem;

typedef struct {
    char id[32];
    int window; /* town index, or -1: the district window */
    int hukou;
    int inquiry;
    int answer_day, answer_slot; /* inquiry answer */
    long person;
    long household[4];
    int nhh;
    DItem items[3];
    int nitems;
    int closed, archived;
    int archive_day, archive_slot;
} DCase;

static DCase *cases;
static int ncases, cases_cap;

static const char *window_unit(int window, char *buf, size_t n) {
    if (window < 0) snp(buf, n, "district");
    else snp(buf, n, "town.%s", towns[window].code);
    return buf;
}

/* demo-side counters, used only for progress lines and cross-checks */
static long submitted, created_cases, resubmissions_seen, replays_seen, merged_seen, overrides_seen, archived_ok;
static long ops_ok;

static int pick_category(int allow_nontown) {
    double total = 0;
    for (int i = 0; i < ncats; ++i)
        if (allow_nontown || cats[i].town_can_handle) total += cats[i].weight;
    double x = (double)(rnd() % 1000000ULL) / 1000000.0 * total;
    for (int i = 0; i < ncats; ++i) {
        if (!allow_nontown && !cats[i].town_can_handle) continue;
        if (x < cats[i].weight) return i;
        x -= cats[i].weight;
    }
    return 0;
}

static const char *hardship_for(const char *cat) {
    if (!strcmp(cat, "dibao")) return "家庭人均收入低于当地最低生活保障标准，主要劳动力长期患病";
    if (!strcmp(cat, "tekun")) return "老人无劳动能力、无生活来源，无法定赡养人";
    if (!strcmp(cat, "disaster")) return "暴雨致房屋部分倒塌，生活用品受损";
    if (!strcmp(cat, "medical")) return "家庭成员患重病住院，自付医疗费用负担沉重";
    if (!strcmp(cat, "temporary")) return "突发意外事故，家庭生活暂时陷入困境";
    if (!strcmp(cat, "charity")) return "子女患罕见病需长期治疗，希望获得社会帮扶";
    if (!strcmp(cat, "education")) return "子女就读高中，学费和生活费无力承担";
    if (!strcmp(cat, "housing")) return "现住房屋经鉴定为危房，无力修缮";
    if (!strcmp(cat, "employment")) return "家庭成员失业半年以上，希望获得就业援助";
    return "生活困难";
}
static const char *measures_for(const char *cat, double *amount) {
    *amount = 0;
    if (!strcmp(cat, "dibao")) return *amount = 640 + 10 * rint_(0, 20), "纳入最低生活保障，按月发放保障金";
    if (!strcmp(cat, "tekun")) return *amount = 980, "纳入特困人员供养，按月发放基本生活费";
    if (!strcmp(cat, "disaster")) return *amount = 1000 * rint_(2, 6), "发放受灾人员救助金和生活物资";
    if (!strcmp(cat, "medical")) return *amount = 500 * rint_(4, 40), "按规定比例给予医疗救助";
    if (!strcmp(cat, "temporary")) return *amount = 500 * rint_(2, 8), "给予一次性临时救助";
    if (!strcmp(cat, "charity")) return *amount = 500 * rint_(2, 10), "慈善项目资助";
    if (!strcmp(cat, "education")) return *amount = 500 * rint_(4, 10), "发放教育救助金，减免学费";
    if (!strcmp(cat, "housing")) return *amount = 5000 * rint_(2, 6), "纳入危房改造计划并给予补助";
    if (!strcmp(cat, "employment")) return "推荐公益性岗位，提供免费职业技能培训";
    return "给予救助";
}

static const char *signer_for(const char *unit) {
    static char buf[64];
    unsigned long h = 5381;
    for (const char *p = unit; *p; ++p) h = h * 33 + (unsigned char)*p;
    char name[32];
    od_synthetic_name(h % 2700, name, sizeof name);
    snp(buf, sizeof buf, "%s（负责人）", name);
    return buf;
}

/* schedule a step at working-day offset k from day d, at a slot not before min_slot (same day) */
static void sched(int *day, int *slot, int d, int k, int cur_slot) {
    int nd = wd_add(d, k);
    if (nd == d) {
        int s = cur_slot + rint_(1, 4);
        if (s >= SLOTS) {
            nd = wd_add(d, 1);
            s = rint_(0, SLOTS - 1);
        }
        *day = nd;
        *slot = s;
    } else {
        *day = nd;
        *slot = rint_(0, SLOTS - 1);
    }
}

/* ---- intake ---- */

typedef enum { APP_NORMAL, APP_RESUBMIT, APP_HOUSEHOLD_DUP, APP_OVERRIDE, APP_INQUIRY } AppKind;

static DCase *new_case_slot(void) {
    if (ncases == cases_cap) {
        cases_cap = cases_cap ? cases_cap * 2 : 1024;
        DCase *p = realloc(cases, (size_t)cases_cap * sizeof *p);
        if (!p) die("out of memory");
        cases = p;
    }
    DCase *c = &cases[ncases];
    memset(c, 0, sizeof *c);
    return c;
}

/* an earlier case of the demo that matches: open with an unanswered item of a town-handled
 * subsistence category and a household (for household duplicates) or any open item (resubmission) */
static int find_earlier(AppKind kind) {
    if (ncases == 0) return -1;
    for (int tries = 0; tries < 200; ++tries) {
        int i = rint_(ncases > 300 ? ncases - 300 : 0, ncases - 1);
        DCase *c = &cases[i];
        if (c->inquiry || c->archived || c->nitems == 0) continue;
        DItem *it = &c->items[0];
        if (kind == APP_RESUBMIT) {
            if (!c->closed && it->step != S_DONE && it->id[0]) return i;
        } else {
            if (c->nhh == 0) continue;
            if (strcmp(cats[it->cat].need, "subsistence") != 0) continue;
            if (it->withdraw) continue;
            if (it->step != S_DONE || !c->closed) return i; /* open: clash "open" */
        }
    }
    return -1;
}

static void schedule_new_items(DCase *c, int d, int slot, int emergency);

static void intake(int d, int slot, long app_no) {
    char win[48], officer_unit[48];
    DCase *c = new_case_slot();
    AppKind kind = APP_NORMAL;
    int earlier = -1;
    /* three supervisor overrides spread over the run; a few duplicates of each kind */
    long n = opt_apps;
    if (n >= 40 && (app_no == n / 4 || app_no == n / 2 || app_no == (3 * n) / 4)) kind = APP_OVERRIDE;
    else if (chance(0.03)) kind = APP_INQUIRY;
    else if (chance(0.02)) kind = APP_RESUBMIT;
    else if (chance(0.02)) kind = APP_HOUSEHOLD_DUP;
    if (kind == APP_RESUBMIT || kind == APP_HOUSEHOLD_DUP || kind == APP_OVERRIDE) {
        earlier = find_earlier(kind == APP_RESUBMIT ? APP_RESUBMIT : APP_HOUSEHOLD_DUP);
        if (earlier < 0) kind = APP_NORMAL;
    }

    /* where and how */
    c->window = chance(0.14) ? -1 : rint_(0, ntowns - 1);
    if (kind == APP_OVERRIDE) c->window = -1;
    c->hukou = c->window >= 0 && chance(0.9) ? c->window : rint_(0, ntowns - 1);
    window_unit(c->window, win, sizeof win);
    const char *channel = "in_person";
    if (kind == APP_INQUIRY) channel = "inquiry";
    else if (c->window >= 0 && chance(0.13)) channel = "committee";
    else if (chance(0.07)) channel = "discovery";
    const char *urgency = "normal";
    if (kind == APP_NORMAL && chance(0.04)) urgency = "emergency";
    else if (kind == APP_NORMAL && chance(0.012)) urgency = "major";
    int emergency = strcmp(urgency, "emergency") == 0;

    /* who */
    json_t *household = json_array();
    int cat_list[3], ncat = 0;
    if (kind == APP_NORMAL || kind == APP_INQUIRY) {
        c->person = next_person++;
        c->nhh = kind == APP_INQUIRY ? 0 : rint_(0, 4);
        for (int k = 0; k < c->nhh; ++k) c->household[k] = next_person++;
    } else {
        DCase *e = &cases[earlier];
        c->hukou = e->hukou;
        if (kind == APP_RESUBMIT) {
            /* the same applicant comes back about the same need, at the same or the district window */
            c->person = e->person;
            c->nhh = e->nhh;
            memcpy(c->household, e->household, sizeof c->household);
            c->window = chance(0.5) ? e->window : -1;
            window_unit(c->window, win, sizeof win);
        } else {
            /* a household member applies for the same need (dibao/tekun: "subsistence") */
            c->person = e->household[0];
            c->household[0] = e->person;
            c->nhh = 1;
        }
    }
    if (kind == APP_RESUBMIT) {
        cat_list[ncat++] = cases[earlier].items[0].cat;
    } else if (kind == APP_HOUSEHOLD_DUP || kind == APP_OVERRIDE) {
        cat_list[ncat++] = cat_index(strcmp(cats[cases[earlier].items[0].cat].code, "dibao") == 0 ? "tekun" : "dibao");
        if (cat_list[0] < 0) cat_list[0] = cases[earlier].items[0].cat;
        if (kind == APP_HOUSEHOLD_DUP && chance(0.3)) {
            int extra = cat_index("medical");
            if (extra >= 0) cat_list[ncat++] = extra;
        }
    } else if (kind == APP_NORMAL) {
        if (emergency) {
            static const char *em_cats[] = {"temporary", "disaster", "medical"};
            cat_list[ncat++] = cat_index(em_cats[rint_(0, 2)]);
            if (cat_list[0] < 0) cat_list[0] = 0;
        } else {
            cat_list[ncat++] = pick_category(1);
            if (chance(0.12)) {
                int second = pick_category(1);
                if (strcmp(cats[second].need, cats[cat_list[0]].need) != 0) cat_list[ncat++] = second;
            }
        }
    }
    for (int k = 0; k < c->nhh; ++k) {
        char hname[32], hid[19];
        static const char *rel[] = {"配偶", "子女", "父母", "孙子女"};
        person_name(c->household[k], hname, sizeof hname);
        person_id(c->household[k], hid);
        json_array_append_new(household, json_pack("{s:s,s:s,s:s}", "name", hname, "id_number", hid, "relation",
                                                   rel[k == 0 ? 0 : rint_(1, 3)]));
    }
    char name[32], idn[19], phone[20], addr[200], key[64], town_code[32];
    person_name(c->person, name, sizeof name);
    person_id(c->person, idn);
    person_phone(c->person, phone, sizeof phone);
    snp(town_code, sizeof town_code, "%s", towns[c->hukou].code);
    snp(addr, sizeof addr, "东昌府区%s%s村%d号", towns[c->hukou].name, kind == APP_INQUIRY ? "某" : "幸福", rint_(1, 200));
    snp(key, sizeof key, "portal-%06ld", app_no);

    json_t *applicant = json_pack("{s:s,s:s,s:s,s:s}", "name", name, "phone", phone, "hukou_town", town_code,
                                  "address", addr);
    if (kind != APP_INQUIRY || chance(0.5)) json_object_set_new(applicant, "id_number", json_string(idn));
    json_t *categories = json_array();
    for (int k = 0; k < ncat; ++k) json_array_append_new(categories, json_string(cats[cat_list[k]].code));
    const char *role = kind == APP_OVERRIDE ? "supervisor" : "officer";
    snp(officer_unit, sizeof officer_unit, "%s", win);
    json_t *req = json_pack("{s:o,s:s,s:s,s:o,s:o,s:o,s:s}", "actor", actor(officer_unit, role), "channel", channel,
                            "urgency", urgency, "applicant", applicant, "household", household, "categories",
                            categories, "idempotency_key", key);
    if (kind == APP_INQUIRY) json_object_set_new(req, "hardship", json_string("咨询社会救助政策和申请条件"));
    else if (ncat > 0) json_object_set_new(req, "hardship", json_string(hardship_for(cats[cat_list[0]].code)));
    if (strcmp(channel, "committee") == 0) {
        char committee[128];
        snp(committee, sizeof committee, "%s幸福村村民委员会", towns[c->window].name);
        json_object_set_new(req, "committee", json_string(committee));
    }
    if (kind == APP_OVERRIDE)
        json_object_set_new(req, "override", json_pack("{s:s}", "reason", "申请人已分户单独立户，经核实另案受理"));
    /* a portal retries a request whose answer it lost: the idempotency key makes it harmless */
    int replay = chance(0.006);
    char *again = replay ? json_dumps(req, JSON_COMPACT) : NULL;

    ++submitted;
    json_t *r = must("intake", req);
    if (!r) {
        free(again);
        return;
    }
    ++ops_ok;
    if (json_is_true(json_object_get(r, "resubmission"))) {
        ++resubmissions_seen;
        json_decref(r);
        free(again);
        return; /* no new case: an event on the existing one */
    }
    if (!json_is_true(json_object_get(r, "created"))) {
        failf("intake %s neither created a case nor was a resubmission", key);
        json_decref(r);
        free(again);
        return;
    }
    ++created_cases;
    snp(c->id, sizeof c->id, "%s", jstr(r, "case_id"));
    c->inquiry = ncat == 0;
    c->closed = strcmp(jstr(r, "state"), "closed") == 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(r, "items"), i, it) {
        if (i >= 3) break;
        DItem *di = &c->items[c->nitems++];
        snp(di->id, sizeof di->id, "%s", jstr(it, "id"));
        di->cat = cat_index(jstr(it, "category"));
        snp(di->holder, sizeof di->holder, "%s", jstr(it, "holder"));
        if (strcmp(jstr(it, "outcome"), "merged") == 0) {
            di->step = S_DONE;
            ++merged_seen;
        }
    }
    json_array_foreach(json_object_get(r, "duplicates"), i, it) {
        if (json_is_true(json_object_get(it, "overridden"))) ++overrides_seen;
    }
    json_decref(r);
    ++ncases;
    if (again) {
        int32_t st;
        json_error_t err;
        json_t *rq = json_loads(again, 0, &err);
        json_t *rr = call("intake", rq, &st);
        if (st != OD_OK || !json_is_true(json_object_get(rr, "replayed")) || strcmp(jstr(rr, "case_id"), c->id) != 0)
            failf("replaying intake %s did not return case %s", key, c->id);
        else
            ++replays_seen;
        json_decref(rr);
        free(again);
    }
    if (c->inquiry) {
        sched(&c->answer_day, &c->answer_slot, d, chance(0.03) ? 5 : rint_(0, 2), slot);
        return;
    }
    schedule_new_items(c, d, slot, emergency);
    if (c->closed) sched(&c->archive_day, &c->archive_slot, d, rint_(1, 3), slot);
}

/* emergency aid first, then the normal procedure; each item gets its fate */
static void schedule_new_items(DCase *c, int d, int slot, int emergency) {
    for (int k = 0; k < c->nitems; ++k) {
        DItem *it = &c->items[k];
        if (it->step == S_DONE) continue;
        it->step = S_ROUTE;
        double x = (double)(rnd() % 10000ULL) / 10000.0;
        it->late = x < 0.015 ? 3 : x < 0.045 ? 1 : x < 0.075 ? 2 : x < 0.085 ? 4 : 0;
        it->material = chance(0.05);
        it->decision = chance(cats[it->cat].town_can_handle ? 0.006 : 0.025);
        it->withdraw = chance(0.012);
        int k_route = it->late == 4 ? rint_(4, 5) : chance(0.6) ? 0 : rint_(1, 2);
        sched(&it->day, &it->slot, d, k_route, slot);
        if (emergency && k == 0) {
            /* 先行给予紧急救助: the receiving town's window or the owning department grants at once */
            char win[48];
            window_unit(c->window, win, sizeof win);
            const char *granter = chance(0.25) ? cats[it->cat].owner : win;
            double amount = 500.0 * rint_(2, 6);
            /* a window's officer grants at the window; at a department the head signs */
            const char *role = granter == win ? "officer" : "head";
            json_t *r = must("emergency.grant", json_pack("{s:o,s:s,s:s,s:f}", "actor", actor(granter, role),
                                                         "item_id", it->id, "measures", "先行发放临时生活救助金和食品",
                                                         "amount", amount));
            if (r) {
                ++ops_ok;
                it->em = 1;
                snp(it->em_unit, sizeof it->em_unit, "%s", granter);
                int late = chance(0.2);
                sched(&it->pw_day, &it->pw_slot, d, late ? rint_(11, 13) : rint_(2, 8), slot);
            }
            json_decref(r);
        }
    }
}

/* ---- handling ---- */

static void item_feedback_and_close(DCase *c, DItem *it, json_t *r, int d, int slot) {
    (void)it;
    if (r && strcmp(jstr(r, "case_state"), "closed") == 0 && !c->closed) {
        c->closed = 1;
        sched(&c->archive_day, &c->archive_slot, d, rint_(1, 3), slot);
    }
}

static void do_item_step(DCase *c, DItem *it, int d, int slot) {
    char win[48];
    const Category *cat = &cats[it->cat];
    json_t *r = NULL;
    switch (it->step) {
    case S_ROUTE: {
        int is_district = strcmp(it->holder, "district") == 0;
        if (it->withdraw && it->notice == 0) {
            /* the applicant withdrew before routing: recorded at the window */
            r = must("feedback", json_pack("{s:o,s:s,s:s,s:s,s:s,s:s}", "actor", actor(it->holder, "officer"), "item_id",
                                           it->id, "outcome", "withdrawn", "told_at", now_text, "channel", "in_person",
                                           "note", "申请人主动撤回申请"));
            if (r) {
                it->step = S_DONE;
                item_feedback_and_close(c, it, r, d, slot);
            }
            break;
        }
        const char *type;
        const char *to = NULL;
        static const char *orgs[] = {"org.charity", "org.volunteer", "org.socialwork"};
        if (!is_district) {
            char hukou_window[48];
            snp(hukou_window, sizeof hukou_window, "town.%s", towns[c->hukou].code);
            if (cat->town_can_handle && !strcmp(it->holder, hukou_window)) type = "distribute";
            else if (cat->town_can_handle) type = "forward"; /* registered elsewhere: the district hands it over */
            else if (strcmp(cat->code, "charity") == 0 && chance(0.5)) type = "refer", to = orgs[rint_(0, 2)];
            else type = "forward";
        } else {
            if (cat->town_can_handle) type = "hand_over";
            else if (strcmp(cat->code, "charity") == 0) type = "refer", to = orgs[rint_(0, 2)];
            else type = "transfer";
        }
        json_t *req = json_pack("{s:o,s:s,s:s}", "actor", actor(it->holder, "officer"), "item_id", it->id, "type", type);
        if (to) json_object_set_new(req, "to", json_string(to));
        r = must("route", req);
        if (!r) {
            it->step = S_STUCK;
            break;
        }
        json_t *item = json_object_get(r, "item");
        snp(it->holder, sizeof it->holder, "%s", jstr(item, "holder"));
        it->notice = !strcmp(type, "distribute") ? 1 : !strcmp(type, "forward") ? 2 : !strcmp(type, "hand_over") ? 3
                     : !strcmp(type, "transfer") ? 4 : 5;
        it->notice_day = d;
        if (it->notice == 2 || it->notice == 3) {
            /* the next window routes it on */
            sched(&it->day, &it->slot, d, chance(0.5) ? 0 : 1, slot);
        } else if (it->late == 3) {
            it->step = S_STUCK; /* the receiver never answers: it shows as overdue */
        } else {
            it->step = chance(0.7) ? S_ACK : (it->material ? S_MAT_REQ : S_OPINION);
            sched(&it->day, &it->slot, d, it->step == S_ACK ? rint_(0, 1) : 1, slot);
        }
        break;
    }
    case S_ACK:
        r = must("acknowledge", json_pack("{s:o,s:s}", "actor", actor(it->holder, "handler"), "item_id", it->id));
        if (!r) { it->step = S_STUCK; break; }
        it->step = it->material ? S_MAT_REQ : S_OPINION;
        sched(&it->day, &it->slot, d, it->step == S_MAT_REQ ? 0 : (it->late == 1 ? rint_(3, 4) : rint_(0, 1)), slot);
        if (it->step == S_OPINION && it->day == d && it->notice_day == d) it->day = wd_add(d, 1);
        break;
    case S_MAT_REQ:
        r = must("material.request", json_pack("{s:o,s:s,s:s}", "actor", actor(it->holder, "handler"), "item_id",
                                               it->id, "what", "请补充近六个月家庭收入证明和医疗费用票据"));
        if (!r) { it->step = S_STUCK; break; }
        it->step = S_MAT_RECV;
        it->day = d + rint_(2, 8); /* calendar days: the applicant brings it when they can */
        it->day = wd_add(it->day, 0);
        it->slot = rint_(0, SLOTS - 1);
        break;
    case S_MAT_RECV:
        r = must("material.receive", json_pack("{s:o,s:s,s:s}", "actor", actor(it->holder, "handler"), "item_id",
                                               it->id, "note", "材料已补齐"));
        if (!r) { it->step = S_STUCK; break; }
        it->step = S_OPINION;
        sched(&it->day, &it->slot, d, rint_(0, 1), slot);
        break;
    case S_OPINION: {
        char op_text[256];
        snp(op_text, sizeof op_text, "经入户调查核实，%s申请情况属实，拟按规定办理", cat->name);
        r = must("opinion", json_pack("{s:o,s:s,s:s}", "actor", actor(it->holder, "handler"), "item_id", it->id,
                                      "opinion", op_text));
        if (!r) { it->step = S_STUCK; break; }
        if (it->decision && it->notice != 5) {
            it->step = S_DEC_REQ;
            sched(&it->day, &it->slot, d, 1, slot);
            break;
        }
        it->step = S_FEEDBACK;
        int k;
        if (it->notice == 4) { /* transfer: the department investigates within its policy days */
            int elapsed = 0;
            for (int z = it->notice_day; z < d; ++z) elapsed += is_workday[z];
            int target = it->late == 2 ? cat->policy_days + rint_(1, 3) : rint_(5, cat->policy_days > 12 ? 12 : cat->policy_days - 1);
            k = target - elapsed;
            if (k < 1) k = 1;
        } else if (it->notice == 5) {
            k = it->late == 2 ? rint_(3, 4) : rint_(0, 1);
        } else {
            k = it->late == 2 ? rint_(4, 6) : rint_(1, 3);
        }
        sched(&it->day, &it->slot, d, k, slot);
        break;
    }
    case S_DEC_REQ:
        /* the head of the unit raises it with the local government (its town's, else the district's) */
        r = must("decision.request", json_pack("{s:o,s:s,s:s}", "actor", actor(it->holder, "head"), "item_id",
                                               it->id, "question", "申请人情况特殊，现行政策无明确规定，提请当地政府研究决定"));
        if (r) {
            const char *to = jstr(json_object_get(json_object_get(r, "item"), "decision"), "to");
            snp(it->gov, sizeof it->gov, "%s", *to ? to : "gov.district");
        }
        if (!r) { it->step = S_STUCK; break; }
        it->step = S_DEC_REC;
        sched(&it->day, &it->slot, d, rint_(1, 4), slot);
        break;
    case S_DEC_REC:
        r = must("decision.record", json_pack("{s:o,s:s,s:s}", "actor", actor(it->gov, "head"), "item_id",
                                              it->id, "decision", "经政府专题研究，同意参照相关政策给予救助"));
        if (!r) { it->step = S_STUCK; break; }
        it->step = S_FEEDBACK;
        sched(&it->day, &it->slot, d, rint_(1, 2), slot);
        break;
    case S_FEEDBACK: {
        double x = (double)(rnd() % 10000ULL) / 10000.0;
        const char *outcome = x < 0.80 ? "granted" : x < 0.91 ? "refused" : x < 0.96 ? "referred" : "withdrawn";
        if (it->decision) outcome = "granted";
        double amount = 0;
        const char *measures = measures_for(cat->code, &amount);
        static const char *channels[] = {"phone", "in_person", "sms", "letter", "visit"};
        char seal[160];
        snp(seal, sizeof seal, "%s（公章）", unit_name(it->holder));
        json_t *req = json_pack("{s:o,s:s,s:s,s:s,s:s,s:s,s:s}", "actor", actor(it->holder, "head"), "item_id", it->id,
                                "outcome", outcome, "told_at", now_text, "channel", channels[rint_(0, 4)], "signer",
                                signer_for(it->holder), "seal", seal);
        if (!strcmp(outcome, "granted")) {
            json_object_set_new(req, "measures", json_string(measures));
            if (amount > 0) json_object_set_new(req, "amount", json_real(amount));
        } else if (!strcmp(outcome, "refused")) {
            json_object_set_new(req, "note", json_string("经核查家庭收入超过救助标准，不予救助，已告知申请人"));
        } else if (!strcmp(outcome, "referred")) {
            json_object_set_new(req, "note", json_string("已转介至相关部门和社会组织给予帮扶"));
        } else {
            json_object_set_new(req, "note", json_string("申请人情况好转，主动撤回"));
        }
        r = must("feedback", req);
        if (!r) { it->step = S_STUCK; break; }
        it->step = S_DONE;
        item_feedback_and_close(c, it, r, d, slot);
        break;
    }
    default:
        return;
    }
    if (r) ++ops_ok;
    json_decref(r);
    (void)win;
}

static void do_paperwork(DCase *c, DItem *it, int d, int slot) {
    /* at a window its officer completes the paperwork; at a department, a handler */
    const char *role = strncmp(it->em_unit, "dept.", 5) == 0 ? "handler" : "officer";
    json_t *r = must("paperwork.complete", json_pack("{s:o,s:s,s:s}", "actor", actor(it->em_unit, role), "item_id",
                                                     it->id, "note", "紧急救助审批手续已补齐"));
    it->pw_done = 1;
    if (r) ++ops_ok;
    json_decref(r);
    (void)c, (void)d, (void)slot;
}

static void do_archive(DCase *c, int d, int slot) {
    char win[48];
    window_unit(c->window, win, sizeof win);
    int32_t st;
    json_t *r = call("archive", json_pack("{s:o,s:s,s:s}", "actor", actor(win, "officer"), "case_id", c->id, "summary",
                                          "材料齐全，按程序办结，归档备查"),
                     &st);
    if (st == OD_OK) {
        c->archived = 1;
        ++archived_ok;
        ++ops_ok;
    } else if (st == OD_ERR_CONFLICT) {
        /* paperwork or a delivery still outstanding: the window tries again the next working day */
        sched(&c->archive_day, &c->archive_slot, d, 1, slot);
    } else {
        char *t = json_dumps(r, JSON_COMPACT);
        failf("archive %s: %s %s", c->id, od_status_name(st), t ? t : "");
        free(t);
        c->archived = -1;
    }
    json_decref(r);
}

static void do_inquiry_answer(DCase *c) {
    char win[48];
    window_unit(c->window, win, sizeof win);
    json_t *r = must("inquiry.answer", json_pack("{s:o,s:s,s:s,s:s}", "actor", actor(win, "officer"), "case_id", c->id,
                                                 "reply", "已当面解答社会救助政策、申请条件和所需材料，并发放办事指南",
                                                 "channel", chance(0.5) ? "in_person" : "phone"));
    if (r) {
        ++ops_ok;
        c->closed = 1;
    }
    json_decref(r);
    c->answer_day = -1;
}

/* ---- deliveries ---- */

/* Waits until no delivery is due and deliverable at the engine's clock: every pending job
 * either waits for its backoff (next_at later than now) or queues behind an earlier job of
 * its case and unit. Returns the number pending, or -1 on timeout. */
static long settle_deliveries(double timeout_s) {
    double t0 = mono_s();
    for (;;) {
        if (opt_workers == 0) {
            json_t *r = must("delivery.run", json_pack("{s:i}", "max", 100000));
            json_decref(r);
        }
        json_t *r = delivery_list_all("pending");
        if (!r) return -1;
        json_t *jobs = json_object_get(r, "jobs");
        size_t n = json_array_size(jobs), i, k;
        int busy = 0;
        for (i = 0; i < n && !busy; ++i) {
            json_t *j = json_array_get(jobs, i);
            if (strcmp(jstr(j, "next_at"), now_text) > 0) continue; /* backing off */
            /* due: is it behind an earlier job for the same case and unit? */
            int behind = 0;
            for (k = 0; k < n; ++k) {
                json_t *o = json_array_get(jobs, k);
                if (k != i && !strcmp(jstr(o, "case_id"), jstr(j, "case_id")) && !strcmp(jstr(o, "unit"), jstr(j, "unit")) &&
                    strcmp(jstr(o, "id"), jstr(j, "id")) < 0) {
                    behind = 1;
                    break;
                }
            }
            if (!behind) busy = 1;
        }
        json_decref(r);
        if (!busy) return (long)n;
        if (mono_s() - t0 > timeout_s) return -1;
        sleep_ms(2);
    }
}

/* dead letters: the district window puts them back into delivery once (the department's
 * system answered something it will not take again; after a fix it is worth one retry) */
static long dead_retried;
static void retry_dead_letters(void) {
    json_t *r = delivery_list_all("dead");
    if (!r) return;
    size_t i;
    json_t *j;
    json_array_foreach(json_object_get(r, "jobs"), i, j) {
        if (jint(j, "attempts") > 1000) continue;
        static char retried[256][24];
        static int nretried;
        int seen = 0;
        for (int k = 0; k < nretried; ++k) seen |= !strcmp(retried[k], jstr(j, "id"));
        if (seen || nretried >= 256) continue; /* once only */
        snp(retried[nretried++], sizeof retried[0], "%s", jstr(j, "id"));
        json_t *rr = must("delivery.retry", json_pack("{s:o,s:s,s:s}", "actor", district_actor(), "job_id", jstr(j, "id"),
                                                      "reason", "对方系统恢复后人工重发"));
        if (rr) ++dead_retried;
        json_decref(rr);
    }
    json_decref(r);
}

/* ==== the summary ============================================================================ */

static long long obj_get_int(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return v ? (long long)json_integer_value(v) : 0;
}
static long long obj_sum(json_t *o) {
    long long s = 0;
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v) s += (long long)json_integer_value(v);
    return s;
}

typedef struct {
    char key[64];
    long long n;
} KV;
typedef struct {
    KV kv[256];
    int n;
} Counter;
static void cnt_add(Counter *c, const char *key, long long by) {
    for (int i = 0; i < c->n; ++i)
        if (!strcmp(c->kv[i].key, key)) {
            c->kv[i].n += by;
            return;
        }
    if (c->n < (int)(sizeof c->kv / sizeof c->kv[0])) {
        snp(c->kv[c->n].key, sizeof c->kv[0].key, "%s", key);
        c->kv[c->n++].n = by;
    } else { /* a Counter is for small sets of names: never drop one silently */
        failf("internal: a Counter is full (%d keys); \"%s\" was not counted", c->n, key);
    }
}
static long long cnt_get(const Counter *c, const char *key) {
    for (int i = 0; i < c->n; ++i)
        if (!strcmp(c->kv[i].key, key)) return c->kv[i].n;
    return 0;
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void check_eq(const char *what, long long a, const char *aname, long long b, const char *bname) {
    if (a != b) failf("%s: %s says %lld, %s says %lld", what, aname, a, bname, b);
}

static const char *zh_state(const char *s) {
    if (!strcmp(s, "open")) return "办理中";
    if (!strcmp(s, "closed")) return "已办结";
    if (!strcmp(s, "archived")) return "已归档";
    return s;
}
static const char *zh_outcome(const char *s) {
    if (!strcmp(s, "none")) return "未答复";
    if (!strcmp(s, "granted")) return "给予救助";
    if (!strcmp(s, "refused")) return "不予救助";
    if (!strcmp(s, "referred")) return "转介";
    if (!strcmp(s, "withdrawn")) return "撤回";
    if (!strcmp(s, "merged")) return "重复合并";
    return s;
}
static const char *zh_channel(const char *s) {
    if (!strcmp(s, "in_person")) return "本人申请";
    if (!strcmp(s, "committee")) return "村(居)委会代为申请";
    if (!strcmp(s, "discovery")) return "主动发现";
    if (!strcmp(s, "inquiry")) return "咨询";
    return s;
}
static const char *zh_kind(const char *s) {
    if (!strcmp(s, "route")) return "待分类处置 route";
    if (!strcmp(s, "opinion")) return "待办理意见 opinion";
    if (!strcmp(s, "feedback")) return "待反馈 feedback";
    if (!strcmp(s, "complete")) return "待办结 complete (转办)";
    if (!strcmp(s, "paperwork")) return "待补齐手续 paperwork";
    if (!strcmp(s, "decision")) return "待政府决定 decision";
    if (!strcmp(s, "inquiry")) return "待答复咨询 inquiry";
    return s;
}
static const char *zh_notice(const char *s) {
    if (!strcmp(s, "distribute")) return "分办通知单 distribute";
    if (!strcmp(s, "forward")) return "转送通知单 forward";
    if (!strcmp(s, "hand_over")) return "转交通知单 hand over";
    if (!strcmp(s, "transfer")) return "转办通知单 transfer";
    if (!strcmp(s, "refer")) return "转介通知单 refer";
    return s;
}

static void rule(void) { printf("----------------------------------------------------------------------------\n"); }

/* the day's progress line, from stats */
static void progress(int d, long pending_settled) {
    json_t *s = must("stats", json_pack("{s:o}", "actor", district_actor()));
    if (!s) return;
    char date[16];
    day_text(d, date, sizeof date);
    json_t *dl = json_object_get(s, "deliveries");
    const char *kind = day_kind[d] == 0 ? "工作日" : day_kind[d] == 1 ? "周末  " : "节假日";
    printf("%s 周%s %s  受理 %5ld 件  案件 %5lld  在办事项 %4lld  逾期 %3lld  推送 已送达 %5lld 待送 %3lld 失败 %lld%s\n",
           date, WEEKDAY_ZH[weekday(day0 + d)], kind, submitted, jint(s, "cases"), jint(s, "open_items"),
           jint(s, "overdue_items"), obj_get_int(dl, "delivered"), obj_get_int(dl, "pending"), obj_get_int(dl, "dead"),
           pending_settled < 0 ? "  (deliveries still moving)" : "");
    fflush(stdout);
    json_decref(s);
}

/* ==== main ==================================================================================== */

static void usage(void) {
    fprintf(stderr,
            "usage: portal_demo [--applications N] [--db PATH] [--fresh] [--sim PATH_TO_od-deptsim]\n"
            "                   [--plugins DIR] [--district FILE] [--workers N] [--seed N] [--quiet]\n");
    exit(2);
}

static void mkdir_parents(const char *file) {
    char p[PATH_MAX];
    snp(p, sizeof p, "%s", file);
    for (char *s = p + 1; *s; ++s) {
        if (*s != '/') continue;
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--applications") && v) opt_apps = strtol(v, NULL, 10), ++i;
        else if (!strcmp(a, "--db") && v) opt_db = v, opt_db_given = 1, ++i;
        else if (!strcmp(a, "--sim") && v) opt_sim = v, ++i;
        else if (!strcmp(a, "--plugins") && v) opt_plugins = v, ++i;
        else if (!strcmp(a, "--district") && v) opt_district = v, ++i;
        else if (!strcmp(a, "--workers") && v) opt_workers = (int)strtol(v, NULL, 10), ++i;
        else if (!strcmp(a, "--seed") && v) opt_seed = strtoull(v, NULL, 10), ++i;
        else if (!strcmp(a, "--fresh")) opt_fresh = 1;
        else if (!strcmp(a, "--quiet")) opt_quiet = 1;
        else usage();
    }
    if (opt_apps < 1 || opt_apps > 1000000 || opt_workers < 0 || opt_workers > 64) usage();
    rng_state = opt_seed ? opt_seed : 1;

    /* a fresh database each run: the summary counts everything in it */
    struct stat stt;
    if (stat(opt_db, &stt) == 0) {
        if (opt_db_given && !opt_fresh)
            die("%s exists; pass --fresh to replace it, or another --db", opt_db);
        char p[PATH_MAX + 8];
        unlink(opt_db);
        snp(p, sizeof p, "%s-wal", opt_db);
        unlink(p);
        snp(p, sizeof p, "%s-shm", opt_db);
        unlink(p);
    }
    mkdir_parents(opt_db);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    load_district();
    double t_start = mono_s();
    sim_start();
    engine_open();
    if (!opt_quiet) {
        printf("department systems simulated by od-deptsim at %s\n", sim.url);
        printf("%ld synthetic applications, %d towns + the district window, 2026-03-02 .. 2026-04-30\n\n", opt_apps, ntowns);
    }

    /* the working days that take applications: until a couple of days before the end */
    int intake_days[SIM_DAYS], nintake = 0;
    for (int d = 0; d <= LAST_DAY - 2; ++d)
        if (is_workday[d]) intake_days[nintake++] = d;
    /* applications per intake day (Mondays a bit busier) */
    long per_day[SIM_DAYS] = {0};
    {
        double w[SIM_DAYS], tw = 0;
        for (int i = 0; i < nintake; ++i) tw += w[i] = weekday(day0 + intake_days[i]) == 1 ? 1.3 : 1.0;
        long given = 0;
        for (int i = 0; i < nintake; ++i) {
            long k = (long)((double)opt_apps * w[i] / tw);
            per_day[intake_days[i]] = k;
            given += k;
        }
        for (int i = 0; given < opt_apps; i = (i + 1) % nintake) per_day[intake_days[i]]++, given++;
    }

    /* the housing bureau's system is down for one day: Tuesday 17 March 08:30 .. Wednesday 08:30 */
    const int outage_day = 15;
    long app_no = 0;
    long housing_500 = 0;
    double t_sim0 = mono_s();

    for (int d = 0; d <= LAST_DAY; ++d) {
        if (d == outage_day || d == outage_day + 1) {
            char t[40];
            slot_time(d, 0, t, sizeof t);
            clock_set(t);
            const char *outage_mode = getenv("ONEDOOR_DEMO_OUTAGE_MODE");
            sim_mode("/housing", d == outage_day ? (outage_mode && *outage_mode ? outage_mode : "500") : "ok");
            if (!opt_quiet)
                printf(d == outage_day ? "  >> 区住建局系统故障：/housing 返回 HTTP 500 (housing system down)\n"
                                       : "  >> 区住建局系统恢复 (housing system back)\n");
        }
        if (is_workday[d]) {
            /* the applications of the day, each at a random half hour */
            int slot_of[4096];
            long today = per_day[d] > 4096 ? 4096 : per_day[d];
            for (long k = 0; k < today; ++k) slot_of[k] = rint_(0, SLOTS - 2);
            for (int slot = 0; slot < SLOTS; ++slot) {
                char t[40];
                slot_time(d, slot, t, sizeof t);
                clock_set(t);
                for (long k = 0; k < today; ++k)
                    if (slot_of[k] == slot) intake(d, slot, app_no++);
                for (int ci = 0; ci < ncases; ++ci) {
                    DCase *c = &cases[ci];
                    if (c->archived) continue;
                    if (c->inquiry && !c->closed && c->answer_day == d && c->answer_slot == slot) do_inquiry_answer(c);
                    for (int k = 0; k < c->nitems; ++k) {
                        DItem *it = &c->items[k];
                        if (it->em && !it->pw_done && it->pw_day == d && it->pw_slot == slot) do_paperwork(c, it, d, slot);
                        /* an item may take more than one step in a slot only on later slots */
                        if (it->step != S_DONE && it->step != S_STUCK && it->step != S_NONE && it->day == d &&
                            it->slot == slot)
                            do_item_step(c, it, d, slot);
                    }
                    if (c->closed && !c->archived && c->archive_day == d && c->archive_slot == slot) {
                        int ok = 1;
                        for (int k = 0; k < c->nitems; ++k)
                            if (c->items[k].em && !c->items[k].pw_done) ok = 0;
                        if (ok) do_archive(c, d, slot);
                        else sched(&c->archive_day, &c->archive_slot, d, 1, slot);
                    }
                }
            }
            /* late items and archives scheduled for a day that was not a working day move on */
        }
        /* the evening: deliveries catch up, then the night passes */
        char t[40];
        slot_time(d, SLOTS, t, sizeof t); /* 17:30 */
        clock_set(t);
        if (d == outage_day + 1 || d == LAST_DAY) {
            settle_deliveries(10.0);
            retry_dead_letters(); /* the window puts dead letters back once the system is back */
        }
        long pending = settle_deliveries(10.0);
        if (!opt_quiet) progress(d, pending);
        /* items scheduled on a non-working day (they never are) or missed: carry to the next day */
        for (int ci = 0; ci < ncases; ++ci) {
            DCase *c = &cases[ci];
            for (int k = 0; k < c->nitems; ++k) {
                DItem *it = &c->items[k];
                if (it->step != S_DONE && it->step != S_STUCK && it->day <= d && it->step != S_NONE)
                    it->day = wd_add(d, 1), it->slot = rint_(0, SLOTS - 1);
                if (it->em && !it->pw_done && it->pw_day <= d) it->pw_day = wd_add(d, 1);
            }
            if (c->closed && !c->archived && c->archive_day <= d) c->archive_day = wd_add(d, 1);
            if (c->inquiry && !c->closed && c->answer_day >= 0 && c->answer_day <= d) c->answer_day = wd_add(d, 1);
        }
    }
    /* the end: 1 May 00:00, the last deliveries settle */
    clock_set("2026-04-30T23:59:00+08:00");
    long pending_end = settle_deliveries(30.0);
    double t_sim = mono_s() - t_sim0;
    long sim_calls = n_calls;

    /* ================= the summary, from the library's answers ================= */
    double t_q0 = mono_s();
    json_t *stats = must("stats", json_pack("{s:o}", "actor", district_actor()));
    json_t *due = must("due.list", json_pack("{s:o}", "actor", district_actor()));
    json_t *dl_all = delivery_list_all(NULL);
    if (!stats || !due || !dl_all) die("the summary queries failed");

    /* every case, page by page (case.list), then each one's whole file (case.file) */
    Counter list_state = {0}, notices = {0}, dstatus = {0};
    long listed = 0, listed_overdue = 0;
    long em_items = 0, em_pw_done = 0, em_pw_late = 0, em_pw_open = 0, dec_req = 0, dec_done = 0, pauses = 0,
         overrides = 0, resubmitted_events = 0, inquiries_answered = 0, merged_items = 0, major_reported = 0,
         files_read = 0, late_feedback = 0, withdrawn_at_window = 0;
    long long after = 0;
    char (*ids)[32] = malloc(sizeof(*ids) * (size_t)(created_cases + 16));
    long nids = 0;
    for (;;) {
        json_t *page = must("case.list", json_pack("{s:o,s:I,s:i}", "actor", district_actor(), "after", (json_int_t)after,
                                                   "limit", 500));
        if (!page) break;
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(page, "cases"), i, c) {
            ++listed;
            cnt_add(&list_state, jstr(c, "state"), 1);
            if (nids < created_cases + 16) snp(ids[nids++], 32, "%s", jstr(c, "id"));
        }
        json_t *next = json_object_get(page, "next");
        if (next) after = json_integer_value(next);
        json_decref(page);
        if (!next) break;
    }
    after = 0;
    for (;;) {
        json_t *page = must("case.list", json_pack("{s:o,s:b,s:I,s:i}", "actor", district_actor(), "overdue", 1, "after",
                                                   (json_int_t)after, "limit", 500));
        if (!page) break;
        listed_overdue += (long)json_array_size(json_object_get(page, "cases"));
        json_t *next = json_object_get(page, "next");
        if (next) after = json_integer_value(next);
        json_decref(page);
        if (!next) break;
    }
    /* every case the demo created can be read back, in the state case.list gives */
    for (int ci = 0; ci < ncases; ++ci) {
        DCase *c = &cases[ci];
        int32_t st;
        json_t *f = call("case.file", json_pack("{s:o,s:s}", "actor", district_actor(), "case_id", c->id), &st);
        if (st != OD_OK) {
            failf("case %s, created by the demo, cannot be read back: %s", c->id, od_status_name(st));
            json_decref(f);
            continue;
        }
        ++files_read;
        json_t *cv = json_object_get(f, "case");
        cnt_add(&dstatus, jstr(cv, "delivery_status"), 1);
        if (json_object_get(cv, "reply")) ++inquiries_answered;
        if (json_object_get(cv, "reported_at")) ++major_reported;
        size_t i, k;
        json_t *it, *n;
        json_array_foreach(json_object_get(cv, "items"), i, it) {
            for (int q = 0; q < c->nitems; ++q)
                if (!strcmp(c->items[q].id, jstr(it, "id"))) c->items[q].lib_open = strcmp(jstr(it, "state"), "answered") != 0;
            json_array_foreach(json_object_get(it, "notices"), k, n) cnt_add(&notices, jstr(n, "type"), 1);
            json_t *em = json_object_get(it, "emergency");
            if (em) {
                ++em_items;
                const char *done = jstr(em, "paperwork_done_at");
                if (*done) {
                    ++em_pw_done;
                    if (strcmp(done, jstr(em, "paperwork_due")) > 0) ++em_pw_late;
                } else {
                    ++em_pw_open;
                }
            }
            json_t *dec = json_object_get(it, "decision");
            if (dec) {
                ++dec_req;
                if (json_object_get(dec, "decided_at")) ++dec_done;
            }
            if (json_array_size(json_object_get(it, "pauses")) > 0) ++pauses;
            if (json_object_get(it, "override_reason")) ++overrides;
            if (!strcmp(jstr(it, "outcome"), "merged")) ++merged_items;
            json_t *fb = json_object_get(it, "feedback");
            if (fb && !strcmp(jstr(fb, "outcome"), "withdrawn") && json_array_size(json_object_get(it, "notices")) == 0)
                ++withdrawn_at_window;
        }
        json_array_foreach(json_object_get(f, "events"), i, n) {
            if (!strcmp(jstr(n, "type"), "resubmitted")) ++resubmitted_events;
            if (!strcmp(jstr(n, "type"), "feedback_recorded") && json_is_true(json_object_get(json_object_get(n, "data"), "late")))
                ++late_feedback;
        }
        /* the state matches case.list */
        int found = 0;
        for (long q = 0; q < nids; ++q)
            if (!strcmp(ids[q], c->id)) found = 1;
        if (!found) failf("case %s is missing from case.list", c->id);
        json_decref(f);
    }
    free(ids);

    /* deliveries: delivery.list vs stats vs the simulator's own record */
    Counter dl_state = {0}, dl_kind = {0}, dl_unitkind = {0};
    long housing_retried = 0, housing_retried_ok = 0;
    size_t i;
    json_t *j;
    json_array_foreach(json_object_get(dl_all, "jobs"), i, j) {
        cnt_add(&dl_state, jstr(j, "state"), 1);
        cnt_add(&dl_kind, jstr(j, "kind"), 1);
        const char *u = jstr(j, "unit");
        cnt_add(&dl_unitkind, !strncmp(u, "town.", 5) ? (strstr(u, ".office") ? "town offices" : "town windows")
                              : !strncmp(u, "dept.", 5) ? u
                              : !strncmp(u, "org.", 4)  ? "social organisations"
                                                        : u,
                1);
        if (!strcmp(u, "dept.housing") && jint(j, "attempts") > 1) {
            ++housing_retried;
            if (!strcmp(jstr(j, "state"), "delivered")) ++housing_retried_ok;
        }
    }
    json_t *sim_recv = sim_http("/_received", NULL, NULL);
    long sim_ok_ids = 0, sim_bad_sig = 0, sim_total = 0;
    {
        /* every delivered job must be in the simulator's record with a 2xx answer */
        size_t nj = json_array_size(json_object_get(dl_all, "jobs"));
        char **ok_ids = calloc(json_array_size(sim_recv) + 1, sizeof(char *));
        size_t nok = 0;
        json_array_foreach(sim_recv, i, j) {
            ++sim_total;
            if (!json_is_true(json_object_get(j, "signature_valid"))) ++sim_bad_sig;
            long st = (long)jint(j, "status");
            if (!strcmp(jstr(j, "path"), "/housing") && st == 500) ++housing_500;
            if (st >= 200 && st < 300) ok_ids[nok++] = (char *)jstr(j, "webhook-id");
        }
        sim_ok_ids = (long)nok;
        long lost = 0;
        for (size_t q = 0; q < nj; ++q) {
            json_t *job = json_array_get(json_object_get(dl_all, "jobs"), q);
            if (strcmp(jstr(job, "state"), "delivered") != 0) continue;
            int seen = 0;
            for (size_t z = 0; z < nok && !seen; ++z) seen = !strcmp(ok_ids[z], jstr(job, "id"));
            if (!seen && ++lost <= 5) failf("job %s is delivered but the simulator never accepted it", jstr(job, "id"));
        }
        if (lost) failf("%ld delivered jobs are missing from the simulator's record", lost);
        free(ok_ids);
    }
    double t_q = mono_s() - t_q0;

    /* ---- cross-checks ---- */
    if (getenv("ONEDOOR_DEMO_BREAK_CHECK") && !strcmp(getenv("ONEDOOR_DEMO_BREAK_CHECK"), "1")) ++created_cases;
    json_t *by = json_object_get(stats, "by");
    long long n_cases = jint(stats, "cases");
    check_eq("cases", n_cases, "stats.cases", created_cases, "intakes that created a case");
    check_eq("cases", n_cases, "stats.cases", listed, "case.list");
    check_eq("cases", n_cases, "stats.cases", files_read, "case.file reads");
    check_eq("applications", submitted, "submitted", created_cases + resubmissions_seen, "created + resubmissions");
    check_eq("resubmissions", resubmitted_events, "case.file events", resubmissions_seen, "intake answers");
    check_eq("cases by state", obj_sum(json_object_get(by, "state")), "stats.by.state", n_cases, "stats.cases");
    check_eq("cases by town", obj_sum(json_object_get(by, "town")), "stats.by.town", n_cases, "stats.cases");
    check_eq("cases by window", obj_sum(json_object_get(by, "window")), "stats.by.window", n_cases, "stats.cases");
    check_eq("items by category", obj_sum(json_object_get(by, "category")), "stats.by.category", jint(stats, "items"),
             "stats.items");
    check_eq("items by department", obj_sum(json_object_get(by, "department")), "stats.by.department",
             jint(stats, "items"), "stats.items");
    static const char *states[] = {"open", "closed", "archived"};
    for (int q = 0; q < 3; ++q)
        check_eq(states[q], obj_get_int(json_object_get(by, "state"), states[q]), "stats.by.state", cnt_get(&list_state, states[q]),
                 "case.list");
    check_eq("archived cases", obj_get_int(json_object_get(by, "state"), "archived"), "stats", archived_ok, "archive answers");
    check_eq("duplicates caught", jint(stats, "duplicates_caught"), "stats", merged_items, "case.file items merged");
    check_eq("overrides", overrides, "case.file", overrides_seen, "intake answers");
    check_eq("emergencies", jint(stats, "emergencies"), "stats", em_items, "case.file emergency grants");
    check_eq("major cases", jint(stats, "major_cases"), "stats", major_reported, "case.file reported_at");
    check_eq("major reports", jint(stats, "major_cases"), "stats", cnt_get(&dl_kind, "major_report"), "delivery.list");
    json_t *sdl = json_object_get(stats, "deliveries");
    static const char *jstates[] = {"pending", "delivered", "dead"};
    for (int q = 0; q < 3; ++q)
        check_eq(jstates[q], obj_get_int(sdl, jstates[q]), "stats.deliveries", cnt_get(&dl_state, jstates[q]), "delivery.list");
    long dead_n = (long)json_array_size(json_object_get(due, "dead_letters"));
    check_eq("dead letters", dead_n, "due.list", cnt_get(&dl_state, "dead"), "delivery.list");
    if (sim_ok_ids < cnt_get(&dl_state, "delivered"))
        failf("the simulator accepted %ld requests, fewer than %lld delivered jobs", sim_ok_ids, cnt_get(&dl_state, "delivered"));
    if (sim_bad_sig) failf("%ld requests reached the simulator with an invalid signature", sim_bad_sig);
    if (cnt_get(&dl_state, "pending") > 0 && dead_n == 0)
        failf("%lld deliveries are still pending at the end and none is a dead letter", cnt_get(&dl_state, "pending"));
    if (pending_end < 0) failf("deliveries did not settle at the end");
    /* overdue items: stats counts open items whose next obligation is late; due.list lists
     * obligations (an item may owe two, closed cases may owe paperwork) */
    {
        size_t no = json_array_size(json_object_get(due, "overdue"));
        const char **seen = calloc(no + 1, sizeof(char *));
        long distinct = 0;
        json_array_foreach(json_object_get(due, "overdue"), i, j) {
            const char *item = jstr(j, "item_id");
            if (!*item) continue; /* an inquiry */
            if (!strcmp(jstr(j, "kind"), "paperwork")) {
                int open = 0;
                for (int ci = 0; ci < ncases; ++ci)
                    for (int q = 0; q < cases[ci].nitems; ++q)
                        if (!strcmp(cases[ci].items[q].id, item)) open = cases[ci].items[q].lib_open;
                if (!open) continue;
            }
            int dup = 0;
            for (long q = 0; q < distinct && !dup; ++q) dup = !strcmp(seen[q], item);
            if (!dup) seen[distinct++] = item;
        }
        check_eq("overdue items", jint(stats, "overdue_items"), "stats.overdue_items", distinct, "due.list");
        free(seen);
    }
    /* overdue: case.list(overdue) = distinct cases in due.list's overdue obligations (any
     * number of them: sorted, then counted) */
    {
        json_t *od = json_object_get(due, "overdue");
        size_t no = json_array_size(od);
        const char **ids = calloc(no + 1, sizeof(char *));
        if (!ids) die("out of memory");
        size_t nid = 0;
        json_array_foreach(od, i, j) ids[nid++] = jstr(j, "case_id");
        qsort(ids, nid, sizeof ids[0], cmp_cstr);
        long distinct = 0;
        for (size_t q = 0; q < nid; ++q)
            if (q == 0 || strcmp(ids[q], ids[q - 1]) != 0) ++distinct;
        check_eq("overdue cases", listed_overdue, "case.list(overdue)", distinct, "due.list");
        free(ids);
    }

    /* ---- print ---- */
    double t_total = mono_s() - t_start;
    int workdays = 0;
    for (int d = 0; d <= LAST_DAY; ++d) workdays += is_workday[d];
    const char *k;
    json_t *v;
    char lab[256];
    printf("\n");
    rule();
    printf("东昌府区社会救助“一门受理、协同办理”运行情况汇总  Dongchangfu district: one-door intake, summary\n");
    printf("统计期间 period    2026-03-02 .. 2026-04-30, %d 个工作日 working days (清明 Qingming 4-4..4-6 off)\n", workdays);
    printf("统计时点 as of     %s\n", now_text);
    printf("数据来源 source    stats, due.list, case.list, case.file, delivery.list (the library's answers)\n");
    rule();
    printf("一、受理登记 Intake and registration\n");
    printf("  %s %6ld   (portal retries answered by idempotency key: %ld)\n", padw("申请提交 applications submitted", 40), submitted, replays_seen);
    printf("  %s %6lld   事项 items %lld\n", padw("登记案件 cases registered", 40), n_cases, jint(stats, "items"));
    printf("  %s %6ld   (no second case: an event on the open one)\n", padw("重复提交 resubmissions", 40), resubmitted_events);
    json_object_foreach(json_object_get(by, "channel"), k, v) {
        snp(lab, sizeof lab, "  %s %s", zh_channel(k), k);
        printf("  %s %6lld\n", padw(lab, 40), (long long)json_integer_value(v));
    }
    printf("  %s %6ld\n", padw("咨询已答复 inquiries answered", 40), inquiries_answered);
    rule();
    printf("二、案件状态与结果 Cases by state, items by outcome\n");
    json_t *bs = json_object_get(by, "state"), *bo = json_object_get(by, "outcome");
    static const char *outs[] = {"granted", "refused", "referred", "withdrawn", "merged", "none"};
    for (int q = 0; q < 6; ++q) {
        char left[128] = "", right[128];
        if (q < 3) {
            snp(lab, sizeof lab, "%s %s", zh_state(states[q]), states[q]);
            snp(left, sizeof left, "%s %6lld", padw(lab, 20), obj_get_int(bs, states[q]));
        }
        snp(lab, sizeof lab, "%s %s", zh_outcome(outs[q]), outs[q]);
        snp(right, sizeof right, "%s %6lld", padw(lab, 22), obj_get_int(bo, outs[q]));
        printf("  %s   %s\n", padw(left, 30), right);
    }
    rule();
    printf("三、救助类别 Items by category            主管部门 Items by owning department\n");
    json_t *bc = json_object_get(by, "category"), *bd = json_object_get(by, "department");
    const char *depts[16];
    int ndepts = 0;
    json_object_foreach(bd, k, v) if (ndepts < 16) depts[ndepts++] = k;
    for (int q = 0; q < (ncats > ndepts ? ncats : ndepts); ++q) {
        char left[128] = "", right[160] = "";
        if (q < ncats) {
            snp(lab, sizeof lab, "%s %s", cats[q].name, cats[q].code);
            snp(left, sizeof left, "%s %5lld", padw(lab, 26), obj_get_int(bc, cats[q].code));
        }
        if (q < ndepts) {
            snp(lab, sizeof lab, "%s %s", unit_name(depts[q]), depts[q]);
            snp(right, sizeof right, "%s %5lld", padw(lab, 26), obj_get_int(bd, depts[q]));
        }
        printf("  %s   %s\n", padw(left, 36), right);
    }
    rule();
    printf("四、镇街 By town: cases of residents registered there (户籍地) / applications taken at its window\n");
    json_t *bt = json_object_get(by, "town"), *bw = json_object_get(by, "window");
    for (int q = 0; q < ntowns; q += 3) {
        printf(" ");
        for (int z = q; z < q + 3 && z < ntowns; ++z) {
            char w1[64], cell[128];
            snp(w1, sizeof w1, "town.%s", towns[z].code);
            snp(cell, sizeof cell, "%s %4lld / %4lld", padw(towns[z].name, 10), obj_get_int(bt, towns[z].code), obj_get_int(bw, w1));
            printf(" %s", padw(cell, 26));
        }
        printf("\n");
    }
    printf("  %s %4lld\n", padw("区社会救助综合服务大厅 district window: taken", 46), obj_get_int(bw, "district"));
    rule();
    printf("五、分类处置 Notices issued (通知单, from every case file)\n");
    static const char *nts[] = {"distribute", "forward", "hand_over", "transfer", "refer"};
    for (int q = 0; q < 5; ++q) printf("  %s %6lld\n", padw(zh_notice(nts[q]), 32), cnt_get(&notices, nts[q]));
    printf("  承办单位 items by handling unit (current holder; for answered items, who answered):\n   ");
    {
        Counter hk = {0};
        json_object_foreach(json_object_get(by, "holder"), k, v) {
            const char *g = !strncmp(k, "town.", 5) ? (strstr(k, ".office") ? "town offices" : "town windows")
                            : !strncmp(k, "org.", 4) ? "social orgs"
                                                     : k;
            cnt_add(&hk, g, (long long)json_integer_value(v));
        }
        for (int q = 0; q < hk.n; ++q) printf("%s %s %lld", q ? "," : "", hk.kv[q].key, hk.kv[q].n);
        printf("\n");
    }
    rule();
    printf("六、时效 Timeliness\n");
    printf("  %s %6lld\n", padw("按时答复 answered on time", 40), jint(stats, "answered_on_time"));
    printf("  %s %6lld\n", padw("超期答复 answered late", 40), jint(stats, "answered_late"));
    printf("  %s %6lld\n", padw("办理意见超期 late opinions", 40), jint(stats, "opinions_late"));
    printf("  %s %6lld   其中逾期 overdue %lld\n", padw("在办事项 open items", 40), jint(stats, "open_items"), jint(stats, "overdue_items"));
    printf("  %s %6.1f\n", padw("平均办理天数 average days to answer", 40), json_number_value(json_object_get(stats, "average_days_to_answer")));
    printf("  due.list: %zu obligations due and not late, %zu overdue, in %ld cases (case.list overdue)\n",
           json_array_size(json_object_get(due, "due")), json_array_size(json_object_get(due, "overdue")), listed_overdue);
    {
        Counter ok = {0}, ou = {0};
        json_array_foreach(json_object_get(due, "overdue"), i, j) {
            cnt_add(&ok, jstr(j, "kind"), 1);
            cnt_add(&ou, jstr(j, "unit"), 1);
        }
        for (int q = 0; q < ok.n; ++q) printf("    逾期 overdue  %s %4lld\n", padw(zh_kind(ok.kv[q].key), 32), ok.kv[q].n);
        if (ou.n) printf("    逾期最多的单位 units with most overdue:");
        for (int shown = 0; shown < 5 && ou.n > 0; ++shown) {
            int best = 0;
            for (int q = 1; q < ou.n; ++q)
                if (ou.kv[q].n > ou.kv[best].n) best = q;
            if (ou.kv[best].n <= 0) break;
            printf("%s %s %lld", shown ? "," : "", unit_name(ou.kv[best].key), ou.kv[best].n);
            ou.kv[best].n = -1;
        }
        if (ou.n) printf("\n");
    }
    rule();
    printf("七、特殊情形 Special handling\n");
    printf("  %s %5lld   主管特批 supervisor overrides %ld\n", padw("重复救助拦截 duplicates caught (merged)", 44), jint(stats, "duplicates_caught"), overrides);
    printf("  %s %5ld\n", padw("窗口撤回 withdrawn before routing", 44), withdrawn_at_window);
    printf("  %s %5ld   手续已补齐 paperwork done %ld (late %ld), outstanding %ld\n", padw("紧急救助先行 emergency aid granted first", 44),
           em_items, em_pw_done, em_pw_late, em_pw_open);
    printf("  %s %5lld   (major_report deliveries %lld)\n", padw("情况重大报区政府 major cases reported", 44), jint(stats, "major_cases"),
           cnt_get(&dl_kind, "major_report"));
    printf("  %s %5ld   已决定 decided %ld\n", padw("提请政府决定 decisions requested", 44), dec_req, dec_done);
    printf("  %s %5ld\n", padw("补充材料暂停计时 items paused for material", 44), pauses);
    rule();
    printf("八、信息推送 Deliveries to department systems (delivery.list; stats and due.list agree)\n");
    printf("  已送达 delivered %lld   待送 pending %lld   失败 dead letters %lld   人工重发 retried by the window %ld\n",
           cnt_get(&dl_state, "delivered"), cnt_get(&dl_state, "pending"), cnt_get(&dl_state, "dead"), dead_retried);
    printf("  by kind:");
    for (int q = 0; q < dl_kind.n; ++q) printf("%s %s %lld", q ? "," : "", dl_kind.kv[q].key, dl_kind.kv[q].n);
    printf("\n  by receiver:");
    for (int q = 0; q < dl_unitkind.n; ++q) printf("%s %s %lld", q ? "," : "", dl_unitkind.kv[q].key, dl_unitkind.kv[q].n);
    printf("\n  区住建局系统故障 housing outage (3-17): od-deptsim answered HTTP 500 %ld times; %ld housing jobs were retried,\n"
           "    %ld of them delivered after the system came back\n",
           housing_500, housing_retried, housing_retried_ok);
    printf("  od-deptsim received %ld requests, %ld accepted (2xx), signatures invalid: %ld\n", sim_total, sim_ok_ids, sim_bad_sig);
    printf("  cases by delivery status:");
    for (int q = 0; q < dstatus.n; ++q) printf("%s %s %lld", q ? "," : "", dstatus.kv[q].key, dstatus.kv[q].n);
    printf("\n");
    rule();
    printf("耗时 Time\n");
    printf("  simulation %.1f s wall (%ld od_call, %.0f calls/s; %.1f applications/s); summary queries %.1f s; total %.1f s\n",
           t_sim, sim_calls, (double)sim_calls / (t_sim > 0 ? t_sim : 1), (double)submitted / (t_sim > 0 ? t_sim : 1), t_q,
           t_total);
    printf("数据库 Database: %s\n", opt_db);
    printf("  check it yourself:\n");
    printf("    sqlite3 %s \"SELECT state, COUNT(*) FROM cases GROUP BY state;\"\n", opt_db);
    printf("    sqlite3 %s \"SELECT state, COUNT(*) FROM outbox GROUP BY state;\"\n", opt_db);
    printf("    sqlite3 %s \"SELECT category, COUNT(*) FROM items GROUP BY category;\"\n", opt_db);
    rule();
    if (failures) printf("SELF-CHECK FAILED: %d inconsistencies (see stderr)\n", failures);
    else printf("self-check: all counts agree (stats = case.list = case.file = delivery.list = simulator)\n");

    json_decref(sim_recv);
    json_decref(stats);
    json_decref(due);
    json_decref(dl_all);
    od_close(eng);
    eng = NULL;
    sim_stop();
    remove_tmpdir();
    json_decref(district_doc);
    free(cases);
    curl_global_cleanup();
    return failures ? 1 : 0;
}
