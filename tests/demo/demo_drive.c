/* portal_demo: the calls a portal makes - the department simulator, the engine, each
 * stage of each case (intake, routing, opinion, material, decision, feedback, archive),
 * the deliveries, and the two months day by day. */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "demo.h"

/* ==== the department simulator =============================================================== */

deptsim sim; /* tests/common/deptsim_client.h; sim.pid > 0 while it runs */
static char tmpdir[PATH_MAX];

/* GET (post_body NULL) or POST to the simulator; returns the parsed JSON answer or NULL */
json_t *sim_http(const char *path, const char *post_body, long *status) {
    char url[256];
    snp(url, sizeof url, "%s%s", sim.url, path);
    char *body = NULL;
    long st = deptsim_http(url, post_body, 30000L, &body);
    if (status) *status = st;
    json_t *r = body ? json_loads(body, 0, NULL) : NULL;
    free(body);
    return r;
}

void sim_stop(void) { deptsim_stop(&sim); }

void remove_tmpdir(void) {
    if (!tmpdir[0]) return;
    char p[PATH_MAX + 32];
    snp(p, sizeof p, "%s/sim.port", tmpdir);
    unlink(p);
    snp(p, sizeof p, "%s/sim.out", tmpdir);
    unlink(p);
    rmdir(tmpdir);
    tmpdir[0] = '\0';
}

void sim_start(void) {
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

od_engine *eng;
static long n_calls;
char now_text[40]; /* the engine clock, as last set */

void die(const char *fmt, ...) {
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
json_t *call(const char *op, json_t *req, int32_t *status) {
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
json_t *must(const char *op, json_t *req) {
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

json_t *actor(const char *unit, const char *role) {
    char officer[80];
    const char *prefix = strcmp(role, "officer") == 0      ? "W"
                         : strcmp(role, "handler") == 0    ? "H"
                         : strcmp(role, "supervisor") == 0 ? "S"
                                                           : "L";
    snp(officer, sizeof officer, "%s-%s-01", prefix, unit);
    return json_pack("{s:s,s:s,s:s}", "officer", officer, "unit", unit, "role", role);
}
json_t *district_actor(void) { return actor("district", "supervisor"); }

/* every delivery job in `state` (NULL: all), page by page (delivery.list pages through
 * its "next" cursor), as one {"jobs": [...]} document */
json_t *delivery_list_all(const char *state) {
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

const char *jstr(const json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}
long long jint(const json_t *o, const char *key) {
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

void engine_open(void) {
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

DCase *cases;
int ncases, cases_cap;

/* demo-side counters, used only for progress lines and cross-checks */
long submitted, created_cases, resubmissions_seen, replays_seen, merged_seen, overrides_seen, archived_ok;
static long ops_ok;

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

void intake(int d, int slot, long app_no) {
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
long dead_retried;
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


/* ==== the two months, day by day ============================================================ */

/* Runs 2 March .. 30 April: the applications of each working day at their half hours, every
 * step due in each slot, deliveries in the evening, the housing outage on 17 March. */
DriveTotals drive_days(void) {
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
    DriveTotals run;
    run.pending_end = settle_deliveries(30.0);
    run.t_sim = mono_s() - t_sim0;  /* after the last deliveries settled */
    run.sim_calls = n_calls;
    return run;
}
